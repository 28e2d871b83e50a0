//! Chart 6: the outcome measures (ODI, RMDQ, PSFS) week by week, on the
//! same weeks as the load chart, one panel each with the scale's own range
//! and which way is better: a disability index and a function scale on one
//! axis would read as if both should fall.

use super::TITLE_SCORES;
use super::axes::house_style;
use super::axes::{Axis, tick, week_axis};
use super::frame::{no_data, title};
use super::style::{
    HEIGHT, LEGEND_Y, MARGIN, NOTE_PX, OI_BLUE, OI_GREEN, OI_VERMILLION, WIDTH, X_AREA, Y_AREA,
    anchor, font,
};
use super::text::put_text;
use super::view::{View, finite, points};
use super::{Area, Canvas, Res};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use runlog_core::analysis::load::Week;

/// One panel: what it shows, its range and how a week's value is read.
struct Panel {
    label: &'static str,
    better: &'static str,
    max: f64,
    color: RGBColor,
    value: fn(&Week) -> Option<f64>,
}

const PANELS: [Panel; 3] = [
    Panel {
        label: "ODI (%)",
        better: "lower is better",
        max: 100.0,
        color: OI_VERMILLION,
        value: |w| w.odi_pct,
    },
    Panel {
        label: "RMDQ (0–24)",
        better: "lower is better",
        max: 24.0,
        color: OI_BLUE,
        value: |w| w.rmdq,
    },
    Panel {
        label: "PSFS (0–10)",
        better: "higher is better",
        max: 10.0,
        color: OI_GREEN,
        value: |w| w.psfs,
    },
];

pub(super) fn scores_chart<DB: Canvas>(root: &Area<DB>, v: &View<'_>) -> Res {
    title(root, TITLE_SCORES)?;
    let weeks = &v.weeks;
    let shown: Vec<&Panel> = PANELS
        .iter()
        .filter(|p| weeks.iter().any(|w| (p.value)(w).is_some()))
        .collect();
    if weeks.is_empty() || shown.is_empty() {
        return no_data(root, v, "no questionnaire scores (runlog score)");
    }
    let n = weeks.len() as f64;
    let top = LEGEND_Y;
    let bottom = HEIGHT as i32 - MARGIN - X_AREA;
    let each = (bottom - top) / shown.len() as i32;
    let mut axis = None;
    for (k, p) in shown.iter().enumerate() {
        let y0 = top + k as i32 * each;
        let area = root.clone().shrink((0, y0), (WIDTH, each as u32));
        let values: Vec<Option<f64>> = weeks.iter().map(|w| finite((p.value)(w))).collect();
        let mut chart = ChartBuilder::on(&area)
            .margin_top(22)
            .margin_bottom(8)
            .margin_left(MARGIN)
            .margin_right(MARGIN + Y_AREA)
            .y_label_area_size(Y_AREA)
            .build_cartesian_2d(-0.5..n - 0.5, 0.0..p.max)?;
        let fmt = |y: &f64| tick(*y, p.max);
        house_style(
            chart
                .configure_mesh()
                .disable_x_mesh()
                .x_labels(0)
                .y_labels(3)
                .y_desc(p.label)
                .y_label_formatter(&fmt),
        )
        .draw()?;
        // Questionnaires are filled in every few weeks: the scored weeks
        // are joined across the weeks between.
        chart.draw_series(LineSeries::new(points(&values), p.color.stroke_width(4)))?;
        chart.draw_series(
            points(&values)
                .into_iter()
                .map(|pt| Circle::new(pt, 8, p.color.filled())),
        )?;
        let (right, y_top) = chart.backend_coord(&(n - 0.5, p.max));
        let st = font(NOTE_PX).pos(anchor(HPos::Right, VPos::Top));
        put_text(root, p.better, (right - 8, y_top + 4), &st)?;
        let (left, y_bottom) = chart.backend_coord(&(-0.5, 0.0));
        axis = Some((
            left,
            right,
            y_bottom,
            chart.backend_coord(&(0.0, 0.0)).0,
            chart.backend_coord(&(1.0, 0.0)).0,
        ));
    }
    let Some((left, right, bottom, x0, x1)) = axis else {
        return Ok(());
    };
    let px = move |x: f64| x0 + ((x1 - x0) as f64 * x).round() as i32;
    let ax = Axis {
        px: &px,
        bottom,
        left,
        right,
    };
    week_axis(root, &ax, weeks, &v.week_years())
}
