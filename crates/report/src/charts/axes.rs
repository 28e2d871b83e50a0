//! Axes the charts share: the load-and-pain mesh, tick labels, and the
//! week and day axes drawn by hand with dates.

use super::style::{DESC_PX, GRID, INK, TICK_PX, anchor, font};
use super::text::put_text;
use super::view::{short_week, years};
use super::{Area, Canvas, Res};
use chrono::{Datelike, NaiveDate};
use plotters::chart::DualCoordChartContext;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use runlog_core::analysis::load::{Week, shift_days};

type Xy = Cartesian2d<RangedCoordf64, RangedCoordf64>;
type LoadPainChart<'a, DB> = DualCoordChartContext<'a, DB, Xy, Xy>;

/// The house style of every chart's mesh: its text sizes, a light grid,
/// no minor lines and a firm axis. One place, so the charts never drift
/// apart in how they look.
pub(super) fn house_style<'m, 'a, 'b, X: Ranged, Y: Ranged, DB: DrawingBackend>(
    mesh: &'m mut plotters::chart::MeshStyle<'a, 'b, X, Y, DB>,
) -> &'m mut plotters::chart::MeshStyle<'a, 'b, X, Y, DB> {
    mesh.label_style(font(TICK_PX))
        .axis_desc_style(font(DESC_PX))
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(INK.stroke_width(2))
}

/// The mesh both load-and-pain charts share: the load (or minutes) on the
/// left, pain 0–10 on the right, no vertical grid (the x axis is drawn by
/// hand with dates).
pub(super) fn load_and_pain_axes<DB: Canvas>(
    chart: &mut LoadPainChart<'_, DB>,
    y_desc: &str,
    y_max: f64,
) -> Res {
    let fmt = |y: &f64| tick(*y, y_max);
    house_style(
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .y_labels(8)
            .y_desc(y_desc)
            .y_label_formatter(&fmt),
    )
    .draw()?;
    chart
        .configure_secondary_axes()
        .x_labels(0)
        .y_labels(6)
        .y_desc("Pain (0–10 scale)")
        .y_label_formatter(&|y| format!("{y:.0}"))
        .label_style(font(TICK_PX))
        .axis_desc_style(font(DESC_PX))
        .axis_style(INK.stroke_width(2))
        .draw()?;
    Ok(())
}

/// Tick labels for a value axis whose top is `max`: the same number of
/// decimals on every tick, and a real minus sign.
pub(super) fn tick(v: f64, max: f64) -> String {
    let decimals = if max >= 8.0 {
        0
    } else if max >= 1.5 {
        1
    } else {
        2
    };
    minus(format!("{v:.decimals$}"))
}

/// "-0.5" → "−0.5" (U+2212), and "-0" → "0".
pub(super) fn minus(s: String) -> String {
    match s.strip_prefix('-') {
        Some(rest) if rest.chars().any(|c| c.is_ascii_digit() && c != '0') => format!("−{rest}"),
        Some(rest) => rest.to_string(),
        None => s,
    }
}

/// Pixel geometry of a plot: x of a data value, and the plot's bottom edge.
pub(super) struct Axis<'f> {
    pub(super) px: &'f dyn Fn(f64) -> i32,
    pub(super) bottom: i32,
    pub(super) left: i32,
    pub(super) right: i32,
}

/// How many labels to skip so labels `label_w` wide do not touch.
fn label_step(n: usize, label_w: i32, plot_w: i32) -> usize {
    let need = n as i64 * label_w as i64;
    let fit = plot_w.max(1) as i64;
    (((need + fit - 1) / fit).max(1)) as usize
}

fn tick_mark<DB: Canvas>(root: &Area<DB>, x: i32, y: i32) -> Res {
    root.draw(&PathElement::new(
        vec![(x, y), (x, y + 8)],
        INK.stroke_width(2),
    ))?;
    Ok(())
}

fn x_desc<DB: Canvas>(root: &Area<DB>, ax: &Axis<'_>, below: i32, text: &str) -> Res {
    let st = font(DESC_PX).pos(anchor(HPos::Center, VPos::Top));
    let at = ((ax.left + ax.right) / 2, ax.bottom + below);
    put_text(root, text, at, &st)?;
    Ok(())
}

/// Week axis: "W14" over "30 Mar" (the Monday) under every labelled week.
pub(super) fn week_axis<DB: Canvas>(
    root: &Area<DB>,
    ax: &Axis<'_>,
    weeks: &[&Week],
    years: &str,
) -> Res {
    let ticks: Vec<(&str, NaiveDate)> = weeks.iter().map(|w| (w.week.as_str(), w.start)).collect();
    week_ticks(root, ax, &ticks, years)
}

/// `week_axis` for (ISO week label, Monday) pairs.
pub(super) fn week_ticks<DB: Canvas>(
    root: &Area<DB>,
    ax: &Axis<'_>,
    weeks: &[(&str, NaiveDate)],
    years: &str,
) -> Res {
    let style = font(TICK_PX).pos(anchor(HPos::Center, VPos::Top));
    let widest = root.estimate_text_size("30 Sep", &style)?.0 as i32 + 22;
    let step = label_step(weeks.len(), widest, ax.right - ax.left);
    for (i, (week, start)) in weeks.iter().enumerate() {
        if i % step != 0 {
            continue;
        }
        let x = (ax.px)(i as f64);
        tick_mark(root, x, ax.bottom)?;
        put_text(root, short_week(week), (x, ax.bottom + 14), &style)?;
        let monday = start.format("%-d %b").to_string();
        put_text(root, &monday, (x, ax.bottom + 44), &style)?;
    }
    let desc = format!("ISO week and the date of its Monday ({years})");
    x_desc(root, ax, 84, &desc)
}

/// Day axis: every day when the labels fit, else every 2nd day, else
/// Mondays ("Mon 30 Mar") every 1, 2, 4… weeks.
pub(super) fn day_axis<DB: Canvas>(
    root: &Area<DB>,
    ax: &Axis<'_>,
    first: NaiveDate,
    n: usize,
) -> Res {
    let style = font(TICK_PX).pos(anchor(HPos::Center, VPos::Top));
    let widest = root.estimate_text_size("Wed 30 Sep", &style)?.0 as i64 + 24;
    let plot_w = (ax.right - ax.left).max(1) as i64;
    let fits = |count: usize| count as i64 * widest <= plot_w;
    let until_monday = (7 - first.weekday().num_days_from_monday() as usize) % 7;
    let mondays: Vec<usize> = (until_monday..n).step_by(7).collect();
    let (ticks, on_mondays): (Vec<usize>, bool) = if fits(n) {
        ((0..n).collect(), false)
    } else if n <= 31 && fits(n.div_ceil(2)) {
        ((0..n).step_by(2).collect(), false)
    } else {
        let step = [1, 2, 4, 8, 13, 26, 52]
            .into_iter()
            .find(|s| fits(mondays.len().div_ceil(*s)))
            .unwrap_or(52);
        (mondays.into_iter().step_by(step).collect(), true)
    };
    for i in ticks {
        let x = (ax.px)(i as f64);
        tick_mark(root, x, ax.bottom)?;
        let day = shift_days(first, i as i64);
        let label = day.format("%a %-d %b").to_string();
        put_text(root, &label, (x, ax.bottom + 14), &style)?;
    }
    let last = shift_days(first, n.saturating_sub(1) as i64);
    let years = years(Some(first.year()), Some(last.year()));
    let desc = match on_mondays {
        true => format!("Date ({years}); labels on Mondays"),
        false => format!("Date ({years})"),
    };
    x_desc(root, ax, 52, &desc)
}
