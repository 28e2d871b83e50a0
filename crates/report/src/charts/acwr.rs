//! Chart 2: the acute:chronic workload ratio, week by week.

use super::TITLE_ACWR;
use super::axes::house_style;
use super::axes::{Axis, tick, week_axis};
use super::frame::{no_data, title};
use super::legend::{Mark, Swatch, legend};
use super::style::{
    GREEN_TEXT, MARGIN, MUTED, NOTE_PX, OI_BLUE, OI_GREEN, OI_GREY, OI_ORANGE, OI_VERMILLION,
    X_AREA, Y_AREA, anchor, bold, font,
};
use super::text::put_text;
use super::view::{View, finite, num, points, segments};
use super::{Area, Canvas, Res};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use runlog_core::analysis::load::MIN_HISTORY_DAYS;

pub(super) fn acwr_chart<DB: Canvas>(root: &Area<DB>, v: &View<'_>) -> Res {
    title(root, TITLE_ACWR)?;
    let weeks = &v.weeks;
    if weeks.is_empty() {
        return no_data(root, v, "no runs or diary entries");
    }
    let l = &v.config.load;
    let band = format!("{}–{} band", num(l.acwr_low_band), num(l.acwr_high_band));
    let items = [
        (
            Swatch::Line {
                color: OI_BLUE,
                width: 4,
                dashed: false,
                mark: Mark::Circle,
            },
            "EWMA ratio (7-day : 28-day)".to_string(),
        ),
        (
            Swatch::Line {
                color: OI_ORANGE,
                width: 3,
                dashed: true,
                mark: Mark::None,
            },
            "Rolling ratio (last 7 days : 3 weeks before)".to_string(),
        ),
        (Swatch::Bar(OI_GREEN.mix(0.2)), band.clone()),
        (
            Swatch::Line {
                color: OI_VERMILLION,
                width: 3,
                dashed: true,
                mark: Mark::None,
            },
            format!("Load-jump limit {}", num(l.acwr_high)),
        ),
    ];
    let early = v.weeks_without_history();
    let mut items = items.to_vec();
    if early > 0 {
        let key = format!("Not enough history (< {MIN_HISTORY_DAYS} days)");
        items.push((Swatch::Bar(OI_GREY.mix(0.25)), key));
    }
    let top = legend(root, &items)?;
    let n = weeks.len() as f64;
    // Room on the right for the labels of the band and the limit line.
    let limit_label = format!("limit {}", num(l.acwr_high));
    let label_w = root
        .estimate_text_size(&band, &bold(NOTE_PX))?
        .0
        .max(root.estimate_text_size(&limit_label, &bold(NOTE_PX))?.0) as i32;
    let ewma: Vec<Option<f64>> = weeks.iter().map(|w| finite(w.acwr_ewma)).collect();
    let rolling: Vec<Option<f64>> = weeks.iter().map(|w| finite(w.acwr)).collect();
    let highest = ewma
        .iter()
        .chain(&rolling)
        .flatten()
        .copied()
        .fold(0.0, f64::max);
    let y_max = (highest.max(l.acwr_high).max(l.acwr_high_band) * 1.15).max(2.0);
    let y_max = if y_max.is_finite() { y_max } else { 2.0 };
    let mut chart = ChartBuilder::on(root)
        .margin_top(top + 16)
        .margin_left(MARGIN)
        .margin_right(MARGIN + label_w + 16)
        .margin_bottom(MARGIN)
        .x_label_area_size(X_AREA)
        .y_label_area_size(Y_AREA)
        .build_cartesian_2d(-0.5..n - 0.5, 0.0..y_max)?;
    let fmt = |y: &f64| tick(*y, y_max);
    house_style(
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .y_labels(8)
            .y_desc("Acute:chronic ratio (no unit)")
            .y_label_formatter(&fmt),
    )
    .draw()?;

    let (x0, x1) = (-0.5, n - 0.5);
    chart.draw_series(std::iter::once(Rectangle::new(
        [(x0, l.acwr_low_band), (x1, l.acwr_high_band)],
        OI_GREEN.mix(0.2).filled(),
    )))?;
    if early > 0 {
        chart.draw_series(std::iter::once(Rectangle::new(
            [(x0, 0.0), (early as f64 - 0.5, y_max)],
            OI_GREY.mix(0.25).filled(),
        )))?;
    }
    chart.draw_series(DashedLineSeries::new(
        [(x0, l.acwr_high), (x1, l.acwr_high)],
        16,
        10,
        OI_VERMILLION.stroke_width(3),
    ))?;

    for seg in segments(&rolling) {
        chart.draw_series(DashedLineSeries::new(seg, 12, 8, OI_ORANGE.stroke_width(3)))?;
    }
    chart.draw_series(
        points(&rolling)
            .into_iter()
            .map(|p| Circle::new(p, 4, OI_ORANGE.filled())),
    )?;
    for seg in segments(&ewma) {
        chart.draw_series(LineSeries::new(seg, OI_BLUE.stroke_width(4)))?;
    }
    chart.draw_series(points(&ewma).into_iter().map(|p| {
        let colour = if p.1 > l.acwr_high {
            OI_VERMILLION
        } else {
            OI_BLUE
        };
        Circle::new(p, 8, colour.filled())
    }))?;

    // Labels on the right end of the band and the limit line.
    let (right, _) = chart.backend_coord(&(x1, 0.0));
    let (_, band_top) = chart.backend_coord(&(x1, l.acwr_high_band));
    let st = bold(NOTE_PX)
        .color(&GREEN_TEXT)
        .pos(anchor(HPos::Left, VPos::Top));
    put_text(root, &band, (right + 10, band_top), &st)?;
    let (_, limit) = chart.backend_coord(&(x1, l.acwr_high));
    let st = bold(NOTE_PX)
        .color(&OI_VERMILLION)
        .pos(anchor(HPos::Left, VPos::Center));
    put_text(root, &limit_label, (right + 10, limit), &st)?;

    let px = |x: f64| chart.backend_coord(&(x, 0.0)).0;
    let ax = Axis {
        px: &px,
        bottom: chart.backend_coord(&(0.0, 0.0)).1,
        left: px(x0),
        right,
    };
    if early > 0 {
        // Centred in the grey area when it is wide enough, else left-aligned.
        let st = font(NOTE_PX).color(&MUTED);
        let line1 = "not enough history";
        let line2 = format!("(< {MIN_HISTORY_DAYS} days)");
        let w = root.estimate_text_size(line1, &st)?.0 as i32;
        let grey_right = px(early as f64 - 0.5);
        let (x, h) = if grey_right - ax.left >= w + 24 {
            ((ax.left + grey_right) / 2, HPos::Center)
        } else {
            (ax.left + 12, HPos::Left)
        };
        let st = st.pos(anchor(h, VPos::Top));
        put_text(root, line1, (x, top + 28), &st)?;
        put_text(root, &line2, (x, top + 56), &st)?;
    }
    week_axis(root, &ax, weeks, &v.week_years())
}
