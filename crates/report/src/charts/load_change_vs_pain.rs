//! Chart 4: a week's load change against the change in pain the week after.

use super::TITLE_SCATTER;
use super::axes::house_style;
use super::axes::{minus, tick};
use super::frame::{no_data, title};
use super::legend::{Mark, Swatch, legend};
use super::style::{
    INK, MARGIN, MUTED, NOTE_PX, OI_BLUE, OI_ORANGE, OI_VERMILLION, X_AREA, Y_AREA, anchor, bold,
    font,
};
use super::text::put_text;
use super::view::{View, finite, num, short_week};
use super::{Area, Canvas, Res};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

pub(super) struct Dot {
    pub(super) label: String,
    pub(super) x: f64,
    pub(super) y: f64,
    pub(super) jump: bool,
    pub(super) flag: bool,
}

pub(super) fn scatter_points(v: &View<'_>) -> Vec<Dot> {
    let mut out = Vec::new();
    for (k, w) in v.weeks.iter().enumerate() {
        let Some(next) = v.next_week(k) else { continue };
        let (Some(x), Some(p0), Some(p1)) = (
            finite(w.load_change_pct),
            finite(w.pain_mean),
            finite(next.pain_mean),
        ) else {
            continue;
        };
        out.push(Dot {
            label: short_week(&w.week).to_string(),
            x,
            y: p1 - p0,
            jump: w.load_jump,
            flag: w.flag,
        });
    }
    out
}

pub(super) fn load_change_vs_pain<DB: Canvas>(root: &Area<DB>, v: &View<'_>) -> Res {
    title(root, TITLE_SCATTER)?;
    let dots = scatter_points(v);
    if dots.is_empty() {
        return no_data(
            root,
            v,
            "no week with a load change and pain in it and the next week",
        );
    }
    let l = &v.config.load;
    let items = [
        (Swatch::Mark(Mark::Circle, OI_BLUE), "Week".to_string()),
        (
            Swatch::Mark(Mark::Circle, OI_ORANGE),
            "Load-jump week".to_string(),
        ),
        (
            Swatch::Mark(Mark::Circle, OI_VERMILLION),
            "Flagged week (jump, then pain spike)".to_string(),
        ),
        (
            Swatch::Line {
                color: OI_ORANGE,
                width: 3,
                dashed: true,
                mark: Mark::None,
            },
            format!("+{} % jump limit", num(l.jump_pct)),
        ),
    ];
    let top = legend(root, &items)?;
    let xs = dots.iter().map(|d| d.x);
    let (lo, hi) = xs.fold((-l.jump_pct, l.jump_pct * 1.5), |(a, b), x| {
        (a.min(x), b.max(x))
    });
    let pad = ((hi - lo) * 0.08).max(1.0);
    let (x0, x1) = (lo - pad, hi + pad);
    let m = dots.iter().map(|d| d.y.abs()).fold(2.0, f64::max) * 1.15;
    if !(x0.is_finite() && x1.is_finite() && m.is_finite()) {
        return no_data(root, v, "the load changes are not finite numbers");
    }
    let mut chart = ChartBuilder::on(root)
        .margin_top(top + 16)
        .margin_left(MARGIN)
        .margin_right(MARGIN + 40)
        .margin_bottom(MARGIN)
        .x_label_area_size(X_AREA - 35)
        .y_label_area_size(Y_AREA + 30)
        .build_cartesian_2d(x0..x1, -m..m)?;
    let plus =
        |s: String| match s.starts_with('−') || !s.contains(|c: char| ('1'..='9').contains(&c)) {
            true => s,
            false => format!("+{s}"),
        };
    let fx = |x: &f64| plus(minus(format!("{x:.0} %")));
    let fy = |y: &f64| plus(tick(*y, m));
    house_style(
        chart
            .configure_mesh()
            .x_labels(10)
            .y_labels(9)
            .x_desc("Weekly load change vs the week before (%)")
            .y_desc("Mean pain, next week − this week (points, 0–10)")
            .x_label_formatter(&fx)
            .y_label_formatter(&fy),
    )
    .draw()?;
    let zero = INK.mix(0.6).stroke_width(2);
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, -m), (0.0, m)],
        zero,
    )))?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(x0, 0.0), (x1, 0.0)],
        zero,
    )))?;
    chart.draw_series(DashedLineSeries::new(
        [(l.jump_pct, -m), (l.jump_pct, m)],
        14,
        9,
        OI_ORANGE.stroke_width(3),
    ))?;

    // Plain weeks first, so highlighted ones are drawn on top.
    let mut order: Vec<&Dot> = dots.iter().collect();
    order.sort_by_key(|d| (d.flag, d.jump));
    chart.draw_series(order.iter().map(|d| {
        let (colour, r) = match (d.flag, d.jump) {
            (true, _) => (OI_VERMILLION.to_rgba(), 12),
            (false, true) => (OI_ORANGE.to_rgba(), 10),
            // See-through, so weeks on top of each other show as darker.
            _ => (OI_BLUE.mix(0.6), 9),
        };
        Circle::new((d.x, d.y), r, colour.filled())
    }))?;
    let (right, _) = chart.backend_coord(&(x1, 0.0));
    for d in dots.iter().filter(|d| d.flag || d.jump) {
        let (px, py) = chart.backend_coord(&(d.x, d.y));
        let colour = if d.flag { OI_VERMILLION } else { OI_ORANGE };
        let st = bold(NOTE_PX).color(&colour);
        let w = root.estimate_text_size(&d.label, &st)?.0 as i32;
        let (x, h) = if px + 18 + w < right {
            (px + 18, HPos::Left)
        } else {
            (px - 18, HPos::Right)
        };
        put_text(
            root,
            &d.label,
            (x, py - 10),
            &st.pos(anchor(h, VPos::Bottom)),
        )?;
    }
    // Quadrant hints, in the plot's top corners.
    let (left, top_px) = chart.backend_coord(&(x0, m));
    let st = font(NOTE_PX).color(&MUTED);
    put_text(
        root,
        "pain rose next week ↑",
        (left + 12, top_px + 10),
        &st.pos(anchor(HPos::Left, VPos::Top)),
    )?;
    let (_, bottom_px) = chart.backend_coord(&(x0, -m));
    put_text(
        root,
        "pain fell next week ↓",
        (left + 12, bottom_px - 10),
        &st.pos(anchor(HPos::Left, VPos::Bottom)),
    )?;
    Ok(())
}
