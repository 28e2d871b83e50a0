//! Chart 1: weekly load (bars) and pain (lines).

use super::TITLE_WEEKLY;
use super::axes::{Axis, load_and_pain_axes, week_axis};
use super::frame::{no_data, note_in_plot, title};
use super::legend::{Mark, Swatch, legend};
use super::style::{
    MARGIN, NOTE_PX, OI_BLUE, OI_GREEN, OI_GREY, OI_ORANGE, OI_PURPLE, OI_SKY, OI_VERMILLION,
    X_AREA, Y_AREA, anchor, bar_half, bold,
};
use super::text::put_text;
use super::view::{View, finite, points, segments};
use super::{Area, Canvas, Res};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

pub(super) fn weekly_load_pain<DB: Canvas>(root: &Area<DB>, v: &View<'_>) -> Res {
    title(root, TITLE_WEEKLY)?;
    let weeks = &v.weeks;
    if weeks.is_empty() {
        return no_data(root, v, "no runs or diary entries");
    }
    let unit = v.unit();
    let mut items = vec![
        (
            Swatch::Bar(OI_SKY.to_rgba()),
            format!("Weekly load ({unit})"),
        ),
        (
            Swatch::Bar(OI_ORANGE.to_rgba()),
            "Load-jump week".to_string(),
        ),
        (
            Swatch::Glyph("▲ FLAG", OI_VERMILLION),
            "load jump followed by a pain spike".to_string(),
        ),
        (
            Swatch::Line {
                color: OI_BLUE,
                width: 4,
                dashed: false,
                mark: Mark::Circle,
            },
            "Mean pain".to_string(),
        ),
        (
            Swatch::Line {
                color: OI_PURPLE,
                width: 3,
                dashed: true,
                mark: Mark::Triangle,
            },
            "Max pain".to_string(),
        ),
    ];
    // Leg pain and the function score, where the diary has them: the whole
    // symptom picture beside back pain (issue #16).
    let leg: Vec<Option<f64>> = weeks.iter().map(|w| finite(w.leg_pain_mean)).collect();
    let function: Vec<Option<f64>> = weeks.iter().map(|w| finite(w.function_mean)).collect();
    for (series, color, label) in [
        (&leg, OI_GREEN, "Leg pain (mean)"),
        (&function, OI_GREY, "Function (0 cannot – 10 as before)"),
    ] {
        if series.iter().any(Option::is_some) {
            items.push((
                Swatch::Line {
                    color,
                    width: 3,
                    dashed: false,
                    mark: Mark::Circle,
                },
                label.to_string(),
            ));
        }
    }
    let top = legend(root, &items)?;
    let n = weeks.len() as f64;
    let max_load = weeks
        .iter()
        .filter_map(|w| finite(Some(w.load)))
        .fold(0.0, f64::max);
    let y_max = if max_load > 0.0 { max_load * 1.2 } else { 1.0 };
    let mut chart = ChartBuilder::on(root)
        .margin_top(top + 16)
        .margin_left(MARGIN)
        .margin_right(MARGIN)
        .margin_bottom(MARGIN)
        .x_label_area_size(X_AREA)
        .y_label_area_size(Y_AREA)
        .right_y_label_area_size(Y_AREA)
        .build_cartesian_2d(-0.5..n - 0.5, 0.0..y_max)?
        .set_secondary_coord(-0.5..n - 0.5, 0.0..10.0);
    load_and_pain_axes(&mut chart, &v.load_desc(), y_max)?;

    let half = bar_half(weeks.len());
    chart.draw_series(
        weeks
            .iter()
            .enumerate()
            .filter(|(_, w)| w.load > 0.0)
            .map(|(i, w)| {
                let colour = if w.load_jump || w.flag {
                    OI_ORANGE
                } else {
                    OI_SKY
                };
                let x = i as f64;
                Rectangle::new([(x - half, 0.0), (x + half, w.load)], colour.filled())
            }),
    )?;
    chart.draw_series(
        weeks
            .iter()
            .enumerate()
            .filter(|(_, w)| w.flag && w.load > 0.0)
            .map(|(i, w)| {
                let x = i as f64;
                Rectangle::new(
                    [(x - half, 0.0), (x + half, w.load)],
                    OI_VERMILLION.stroke_width(4),
                )
            }),
    )?;

    let mean: Vec<Option<f64>> = weeks.iter().map(|w| finite(w.pain_mean)).collect();
    let max: Vec<Option<f64>> = weeks.iter().map(|w| finite(w.pain_max)).collect();
    for seg in segments(&max) {
        chart.draw_secondary_series(DashedLineSeries::new(
            seg,
            14,
            9,
            OI_PURPLE.stroke_width(3),
        ))?;
    }
    chart.draw_secondary_series(
        points(&max)
            .into_iter()
            .map(|p| TriangleMarker::new(p, 10, OI_PURPLE.filled())),
    )?;
    for seg in segments(&mean) {
        chart.draw_secondary_series(LineSeries::new(seg, OI_BLUE.stroke_width(4)))?;
    }
    chart.draw_secondary_series(
        points(&mean)
            .into_iter()
            .map(|p| Circle::new(p, 8, OI_BLUE.filled())),
    )?;

    for (series, color) in [(&leg, OI_GREEN), (&function, OI_GREY)] {
        for seg in segments(series) {
            chart.draw_secondary_series(LineSeries::new(seg, color.stroke_width(3)))?;
        }
        chart.draw_secondary_series(
            points(series)
                .into_iter()
                .map(|p| Circle::new(p, 6, color.filled())),
        )?;
    }

    let flag_style = bold(NOTE_PX)
        .color(&OI_VERMILLION)
        .pos(anchor(HPos::Center, VPos::Bottom));
    for (i, w) in weeks.iter().enumerate().filter(|(_, w)| w.flag) {
        let (x, y) = chart.backend_coord(&(i as f64, w.load.max(0.0)));
        put_text(root, "▲ FLAG", (x, y - 8), &flag_style)?;
    }

    let px = |x: f64| chart.backend_coord(&(x, 0.0)).0;
    let ax = Axis {
        px: &px,
        bottom: chart.backend_coord(&(0.0, 0.0)).1,
        left: px(-0.5),
        right: px(n - 0.5),
    };
    week_axis(root, &ax, weeks, &v.week_years())?;
    if mean.iter().all(Option::is_none) {
        note_in_plot(
            root,
            &ax,
            top,
            "no diary entries in these weeks: no pain shown",
        )?;
    }
    Ok(())
}
