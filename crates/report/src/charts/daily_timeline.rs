//! Chart 3: running time and pain day by day, with the pain spikes.

use super::TITLE_DAILY;
use super::axes::{Axis, day_axis, load_and_pain_axes};
use super::frame::{no_data, note_in_plot, title};
use super::legend::{Mark, Swatch, legend};
use super::style::{
    GRID, INK, MARGIN, OI_BLUE, OI_GREY, OI_ORANGE, OI_PURPLE, OI_SKY, OI_VERMILLION, X_AREA,
    Y_AREA, bar_half,
};
use super::view::{View, finite, points, segments};
use super::{Area, Canvas, Res};
use chrono::{Datelike, NaiveDate};
use plotters::prelude::*;

pub(super) fn daily_timeline<DB: Canvas>(root: &Area<DB>, v: &View<'_>) -> Res {
    title(root, TITLE_DAILY)?;
    let (Some(first), Some(last)) = (v.days.first(), v.days.last()) else {
        return no_data(root, v, "no runs or diary entries");
    };
    let first = first.date;
    let n = ((last.date - first).num_days() + 1).max(1) as usize;
    let items = [
        (
            Swatch::Bar(OI_SKY.to_rgba()),
            "Minutes of activity (every activity)".to_string(),
        ),
        (
            Swatch::Bar(OI_ORANGE.to_rgba()),
            "Run that set off a load jump".to_string(),
        ),
        (
            Swatch::Line {
                color: OI_BLUE,
                width: 2,
                dashed: false,
                mark: Mark::Circle,
            },
            "Pain, day's mean".to_string(),
        ),
        (
            Swatch::Mark(Mark::Triangle, OI_PURPLE),
            "Pain, day's max".to_string(),
        ),
        (
            Swatch::Bar(OI_VERMILLION.mix(0.22)),
            "Pain spike after a jump (flag)".to_string(),
        ),
        (
            Swatch::Bar(OI_GREY.mix(0.3)),
            "Pain spike, no jump".to_string(),
        ),
    ];
    let top = legend(root, &items)?;
    let idx = |d: NaiveDate| (d - first).num_days() as f64;
    let max_min = v
        .days
        .iter()
        .filter_map(|d| finite(Some(d.minutes)))
        .fold(0.0, f64::max);
    let y_max = if max_min > 0.0 { max_min * 1.12 } else { 60.0 };
    let x_end = n as f64 - 0.5;
    let mut chart = ChartBuilder::on(root)
        .margin_top(top + 16)
        .margin_left(MARGIN)
        .margin_right(MARGIN)
        .margin_bottom(MARGIN)
        .x_label_area_size(X_AREA - 30)
        .y_label_area_size(Y_AREA)
        .right_y_label_area_size(Y_AREA)
        .build_cartesian_2d(-0.5..x_end, 0.0..y_max)?
        .set_secondary_coord(-0.5..x_end, 0.0..10.0);
    load_and_pain_axes(&mut chart, "Running time per day (min)", y_max)?;

    // Week lines on Mondays.
    let until_monday = (7 - first.weekday().num_days_from_monday() as i64) % 7;
    let mondays = (until_monday..n as i64).step_by(7).map(|i| i as f64 - 0.5);
    chart.draw_series(
        mondays.map(|x| PathElement::new(vec![(x, 0.0), (x, y_max)], GRID.stroke_width(1))),
    )?;

    // Spike episodes, from the first day to the peak.
    for (s, flagged) in v.spikes() {
        let a = idx(s.date).max(0.0) - 0.5;
        let b = idx(s.peak_date.max(s.date)).min(n as f64 - 1.0) + 0.5;
        let colour = if flagged {
            OI_VERMILLION.mix(0.22)
        } else {
            OI_GREY.mix(0.3)
        };
        chart.draw_series(std::iter::once(Rectangle::new(
            [(a, 0.0), (b, y_max)],
            colour.filled(),
        )))?;
    }

    let triggers: Vec<NaiveDate> = v.a.jumps.iter().map(|j| j.trigger_date).collect();
    let half = if n > 120 { 0.45 } else { bar_half(n) };
    chart.draw_series(v.days.iter().filter(|d| d.minutes > 0.0).map(|d| {
        let x = idx(d.date);
        let colour = if triggers.contains(&d.date) {
            OI_ORANGE
        } else {
            OI_SKY
        };
        Rectangle::new([(x - half, 0.0), (x + half, d.minutes)], colour.filled())
    }))?;

    let mut mean = vec![None; n];
    let mut max = vec![None; n];
    for d in &v.days {
        let i = idx(d.date) as usize;
        if i < n {
            mean[i] = finite(d.pain_mean);
            max[i] = finite(d.pain_max);
        }
    }
    let r = if n > 120 {
        4
    } else if n > 60 {
        6
    } else {
        8
    };
    for seg in segments(&mean) {
        chart.draw_secondary_series(LineSeries::new(seg, OI_BLUE.stroke_width(2)))?;
    }
    let higher: Vec<(f64, f64)> = points(&max)
        .into_iter()
        .filter(|(x, y)| mean[*x as usize].is_none_or(|m| *y > m + 0.05))
        .collect();
    chart.draw_secondary_series(
        higher
            .into_iter()
            .map(|p| TriangleMarker::new(p, r + 2, OI_PURPLE.filled())),
    )?;
    // Over long periods the line alone carries the series; days on their
    // own (no diary the day before or after) still get a marker.
    let marked: Vec<(f64, f64)> = segments(&mean)
        .into_iter()
        .filter(|seg| n <= 120 || seg.len() == 1)
        .flatten()
        .collect();
    chart.draw_secondary_series(
        marked
            .into_iter()
            .map(|p| Circle::new(p, r, OI_BLUE.filled())),
    )?;
    // Ring the peak of each spike.
    for (s, flagged) in v.spikes() {
        if s.peak_date < first || s.peak_date > last.date {
            continue;
        }
        let colour = if flagged { OI_VERMILLION } else { INK };
        let p = (idx(s.peak_date), s.peak.clamp(0.0, 10.0));
        chart.draw_secondary_series(std::iter::once(Circle::new(
            p,
            r + 7,
            colour.stroke_width(3),
        )))?;
    }

    let px = |x: f64| chart.backend_coord(&(x, 0.0)).0;
    let ax = Axis {
        px: &px,
        bottom: chart.backend_coord(&(0.0, 0.0)).1,
        left: px(-0.5),
        right: px(x_end),
    };
    day_axis(root, &ax, first, n)?;
    if mean.iter().all(Option::is_none) {
        note_in_plot(
            root,
            &ax,
            top,
            "no diary entries in this period: no pain shown",
        )?;
    }
    Ok(())
}
