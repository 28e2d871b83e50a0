//! Chart 5: jog and walk minutes week by week against the return-to-run plan.

use super::TITLE_JOG_WALK;
use super::axes::house_style;
use super::axes::{Axis, tick, week_ticks};
use super::frame::{no_data, note_in_plot, title};
use super::legend::{Mark, Swatch, legend};
use super::style::{
    HEIGHT, INK, MARGIN, MUTED, OI_BLUE, OI_SKY, OI_VERMILLION, WIDTH, X_AREA, Y_AREA, anchor,
    bar_half, bold, font,
};
use super::text::put_text;
use super::view::{View, finite};
use super::{Area, Canvas, Res};
use chrono::NaiveDate;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use runlog_core::analysis::plan::PlanWeek;

/// Smallest and largest font size of the ratios written over the bars.
const RATIO_PX: (u32, u32) = (15, 20);

/// What is written over one week's bar.
struct PlanLabels {
    /// The stage's ratio ("1:4", "walk", "continuous"); `None` after the plan.
    planned: Option<String>,
    /// The ratio run: most sessions' ratio, "walk" when there was no
    /// jogging, "no runs" for a week without sessions.
    ran: String,
}

fn plan_labels(w: &PlanWeek) -> PlanLabels {
    let ran = match &w.ratio {
        Some(r) => r.clone(),
        None if w.sessions == 0 => "no runs".into(),
        None if minutes(w.jog_min) == 0.0 && minutes(w.walk_min) > 0.0 => "walk".into(),
        None => "–".into(),
    };
    PlanLabels {
        planned: w.stage.and(w.planned_ratio.clone()),
        ran,
    }
}

/// A label in its full or its short form (for narrow weeks).
fn ratio_form(label: &str, short: bool) -> &str {
    match (label, short) {
        ("continuous", true) => "run",
        ("no runs", true) => "none",
        _ => label,
    }
}

/// Minutes as drawn: finite, and between none and a whole week.
pub(super) fn minutes(v: f64) -> f64 {
    finite(Some(v)).map_or(0.0, |m| m.clamp(0.0, 7.0 * 24.0 * 60.0))
}

fn text_w<DB: Canvas>(root: &Area<DB>, text: &str, style: &TextStyle<'_>) -> Res<i32> {
    Ok(root.estimate_text_size(text, style)?.0 as i32)
}

/// The largest font size, and whether the short forms are needed, for the
/// widest ratio label to fit in a week's `slot` pixels; `None` when even the
/// short forms at the smallest size do not fit.
fn ratio_fit<DB: Canvas>(
    root: &Area<DB>,
    labels: &[PlanLabels],
    slot: i32,
) -> Res<Option<(f64, bool)>> {
    for short in [false, true] {
        for size in (RATIO_PX.0..=RATIO_PX.1).rev() {
            let size = size as f64;
            let mut widest = 0;
            for l in labels {
                if let Some(p) = &l.planned {
                    widest = widest.max(text_w(root, ratio_form(p, short), &bold(size))?);
                }
                widest = widest.max(text_w(root, ratio_form(&l.ran, short), &font(size))?);
            }
            if widest + 10 <= slot {
                return Ok(Some((size, short)));
            }
        }
    }
    Ok(None)
}

/// The lines of the "ahead of plan" label that fit in a week's `slot`.
fn ahead_lines<DB: Canvas>(root: &Area<DB>, size: f64, slot: i32) -> Res<&'static [&'static str]> {
    const FORMS: [&[&str]; 3] = [&["▲ ahead of plan"], &["▲ ahead", "of plan"], &["▲"]];
    for lines in FORMS {
        let mut widest = 0;
        for line in lines {
            widest = widest.max(text_w(root, line, &bold(size))?);
        }
        if widest + 6 <= slot {
            return Ok(lines);
        }
    }
    Ok(&[])
}

pub(super) fn jog_walk<DB: Canvas>(root: &Area<DB>, v: &View<'_>) -> Res {
    title(root, TITLE_JOG_WALK)?;
    let weeks = &v.plan;
    if weeks.is_empty() {
        return no_data(root, v, "no week of the return-to-run plan");
    }
    let n = weeks.len();
    let labels: Vec<PlanLabels> = weeks.iter().map(|w| plan_labels(w)).collect();
    let slot = (WIDTH as i32 - 2 * MARGIN - Y_AREA) / n as i32;
    let fit = ratio_fit(root, &labels, slot)?;
    let size = fit.map_or(RATIO_PX.1 as f64, |f| f.0);
    let ahead = ahead_lines(root, size, slot)?;

    let mut items = vec![
        (Swatch::Bar(OI_BLUE.to_rgba()), "Jogging (min)".to_string()),
        (Swatch::Bar(OI_SKY.to_rgba()), "Walking (min)".to_string()),
        (
            Swatch::Line {
                color: INK,
                width: 5,
                dashed: false,
                mark: Mark::None,
            },
            "Planned jogging share of the week's minutes".to_string(),
        ),
    ];
    if let Some((_, short)) = fit {
        let continuous = labels
            .iter()
            .any(|l| l.ran == "continuous" || l.planned.as_deref() == Some("continuous"));
        let key = match short && continuous {
            true => "planned jog:walk (run = continuous)",
            false => "planned jog:walk",
        };
        items.push((Swatch::Glyph("1:4", INK), key.to_string()));
        items.push((Swatch::Word("1:4", MUTED), "jog:walk run".to_string()));
    }
    items.push((
        Swatch::Glyph("▲ ahead", OI_VERMILLION),
        "of plan (outlined bar)".to_string(),
    ));
    let top = legend(root, &items)?;

    let jog = |w: &PlanWeek| minutes(w.jog_min);
    let walk = |w: &PlanWeek| minutes(w.walk_min);
    let max_total = weeks.iter().map(|w| jog(w) + walk(w)).fold(0.0, f64::max);
    // Head room over the highest bar for its two ratio labels (or, without
    // them, for the note in the corner) and the "ahead" label.
    let line_h = (size * 1.25).round() as i32;
    let any_ahead = weeks.iter().any(|w| w.ahead);
    let lines = 2 + if any_ahead { ahead.len() } else { 0 };
    let room = lines as i32 * line_h + 16;
    let plot_h = ((HEIGHT as i32 - MARGIN - X_AREA) - (top + 16)).max(1);
    let y_max = if max_total > 0.0 {
        let free = (plot_h - room).max(plot_h / 2) as f64;
        (max_total * plot_h as f64 / free).max(max_total * 1.1)
    } else {
        60.0
    };
    let x_end = n as f64 - 0.5;
    let mut chart = ChartBuilder::on(root)
        .margin_top(top + 16)
        .margin_left(MARGIN)
        .margin_right(MARGIN)
        .margin_bottom(MARGIN)
        .x_label_area_size(X_AREA)
        .y_label_area_size(Y_AREA)
        .build_cartesian_2d(-0.5..x_end, 0.0..y_max)?;
    let fmt = |y: &f64| tick(*y, y_max);
    house_style(
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .y_labels(8)
            .y_desc("Jogging + walking per week (min)")
            .y_label_formatter(&fmt),
    )
    .draw()?;

    let half = bar_half(n);
    chart.draw_series(
        weeks
            .iter()
            .enumerate()
            .filter(|(_, w)| jog(w) > 0.0)
            .map(|(i, w)| {
                let x = i as f64;
                Rectangle::new([(x - half, 0.0), (x + half, jog(w))], OI_BLUE.filled())
            }),
    )?;
    chart.draw_series(
        weeks
            .iter()
            .enumerate()
            .filter(|(_, w)| walk(w) > 0.0)
            .map(|(i, w)| {
                let x = i as f64;
                let (a, b) = (jog(w), jog(w) + walk(w));
                Rectangle::new([(x - half, a), (x + half, b)], OI_SKY.filled())
            }),
    )?;
    chart.draw_series(
        weeks
            .iter()
            .enumerate()
            .filter(|(_, w)| w.ahead && jog(w) + walk(w) > 0.0)
            .map(|(i, w)| {
                let x = i as f64;
                Rectangle::new(
                    [(x - half, 0.0), (x + half, jog(w) + walk(w))],
                    OI_VERMILLION.stroke_width(4),
                )
            }),
    )?;

    // The planned jogging minutes: a black bar a little wider than the
    // week's bar, on a white halo so it reads on both blues.
    let bar_px = chart.backend_coord(&(half, 0.0)).0 - chart.backend_coord(&(-half, 0.0)).0;
    let reach = ((slot - bar_px) / 2 - 4).clamp(0, 8);
    for (i, w) in weeks.iter().enumerate() {
        let total = jog(w) + walk(w);
        let Some(share) = finite(w.planned_jog_share).filter(|_| total > 0.0) else {
            continue;
        };
        let y = share.clamp(0.0, 1.0) * total;
        let (x0, py) = chart.backend_coord(&(i as f64 - half, y));
        let (x1, _) = chart.backend_coord(&(i as f64 + half, y));
        let seg = vec![(x0 - reach, py), (x1 + reach, py)];
        if y > 0.0 {
            root.draw(&PathElement::new(seg.clone(), WHITE.stroke_width(9)))?;
        }
        root.draw(&PathElement::new(seg, INK.stroke_width(5)))?;
    }

    // Over each bar, upwards: the ratio run, the planned one, "ahead".
    let at_bottom = anchor(HPos::Center, VPos::Bottom);
    let planned_st = bold(size).pos(at_bottom);
    let ran_st = font(size).color(&MUTED).pos(at_bottom);
    let ahead_st = bold(size).color(&OI_VERMILLION).pos(at_bottom);
    for (i, (w, l)) in weeks.iter().zip(&labels).enumerate() {
        let (x, bar_top) = chart.backend_coord(&(i as f64, jog(w) + walk(w)));
        let mut y = bar_top - 10;
        if let Some((_, short)) = fit {
            put_text(root, ratio_form(&l.ran, short), (x, y), &ran_st)?;
            y -= line_h;
            if let Some(p) = &l.planned {
                put_text(root, ratio_form(p, short), (x, y), &planned_st)?;
                y -= line_h;
            }
        }
        if w.ahead {
            for line in ahead.iter().rev() {
                put_text(root, line, (x, y), &ahead_st)?;
                y -= line_h;
            }
        }
    }

    let px = |x: f64| chart.backend_coord(&(x, 0.0)).0;
    let ax = Axis {
        px: &px,
        bottom: chart.backend_coord(&(0.0, 0.0)).1,
        left: px(-0.5),
        right: px(x_end),
    };
    let ticks: Vec<(&str, NaiveDate)> = weeks.iter().map(|w| (w.week.as_str(), w.start)).collect();
    week_ticks(root, &ax, &ticks, &v.plan_years())?;
    if max_total <= 0.0 {
        note_in_plot(
            root,
            &ax,
            top,
            "no jogging or walking recorded in these weeks",
        )?;
    } else if fit.is_none() {
        note_in_plot(root, &ax, top, "too many weeks to write each week's ratios")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::TITLE_JOG_WALK;
    use super::super::fixtures::{analysis, d, dump, ihdr, render};
    use super::super::style::{HEIGHT, WIDTH};
    use runlog_core::analysis::plan::PlanWeek;
    use runlog_core::config::Config;

    /// `weeks` plan weeks from Monday 5 January 2026 (W02): two weeks per
    /// stage, walk → 1:4 → … → continuous, then after the plan; no runs in
    /// the 4th week, the 7th ran ahead.
    fn plan_of(weeks: i64) -> Vec<PlanWeek> {
        let ratios = ["walk", "1:4", "2:3", "3:2", "4:1", "5:1", "continuous"];
        (0..weeks)
            .map(|k| {
                let start = d(7 * k);
                let stage = ((k / 2) as usize) < ratios.len();
                let planned = stage.then(|| ratios[(k / 2) as usize].to_string());
                let share = planned.as_deref().map(|r| match r {
                    "walk" => 0.0,
                    r => runlog_core::config::ratio_share(r).unwrap(),
                });
                let (jog, walk) = match k {
                    3 => (0.0, 0.0),
                    6 => (83.0, 44.0),
                    _ => {
                        let s = share.unwrap_or(1.0);
                        (90.0 * s, 90.0 * (1.0 - s) + 5.0 * (k % 3) as f64)
                    }
                };
                let ran = match (k, planned.as_deref()) {
                    (3, _) | (0 | 1, _) => None,
                    (6, _) => Some("continuous".to_string()),
                    (_, Some(r)) => Some(r.to_string()),
                    (_, None) => Some("continuous".to_string()),
                };
                PlanWeek {
                    week: runlog_core::analysis::load::iso_week_label(start),
                    start,
                    stage: stage.then_some((k / 2 + 1) as usize),
                    planned: planned.clone().unwrap_or_else(|| "after the plan".into()),
                    planned_ratio: planned,
                    planned_jog_share: share,
                    planned_minutes: stage.then_some(90.0),
                    planned_sessions: None,
                    sessions: if k == 3 { 0 } else { 3 },
                    minutes: jog + walk,
                    jog_min: jog,
                    walk_min: walk,
                    ratio: ran,
                    ahead: k == 6,
                    ahead_reason: (k == 6)
                        .then(|| "Sat 21 Feb ran continuous where the plan said 4:1".into()),
                    pain_mean: Some(2.0),
                    pain_max: Some(3.0),
                }
            })
            .collect()
    }

    #[test]
    fn a_plan_adds_the_jog_walk_chart_last() {
        let c = Config::default();
        let (from, to) = (d(0), d(69));
        let without = render(&analysis(), &c, from, to).unwrap();
        let mut a = analysis();
        a.plan = plan_of(10);
        let charts = render(&a, &c, from, to).unwrap();
        dump(&charts, "plan_");
        assert_eq!(charts.len(), 5);
        assert_eq!(charts[..4], without[..], "the four charts do not change");
        let jw = &charts[4];
        assert_eq!(jw.file_name, "jog_walk.png");
        assert_eq!(jw.title, TITLE_JOG_WALK);
        assert_eq!(ihdr(&jw.png), (WIDTH, HEIGHT));
        assert!(jw.png.ends_with(&[0xAE, 0x42, 0x60, 0x82]));
        assert!(
            jw.alt
                .starts_with("Stacked bars of jog and walk minutes for 10 weeks"),
            "{}",
            jw.alt
        );
        assert!(
            jw.alt
                .contains("1 week ran ahead of the plan: W08 (Sat 21 Feb ran continuous"),
            "{}",
            jw.alt
        );
        assert!(jw.alt.contains("No runs in W05."), "{}", jw.alt);
        assert!(
            jw.alt
                .contains("Planned ratios in these weeks: walk, 1:4, 2:3, 3:2, 4:1."),
            "{}",
            jw.alt
        );
        assert_eq!(render(&a, &c, from, to).unwrap(), charts, "same bytes");
    }

    #[test]
    fn the_jog_walk_chart_needs_a_plan_week_in_the_period() {
        let c = Config::default();
        let mut a = analysis();
        assert!(a.plan.is_empty());
        assert_eq!(render(&a, &c, d(0), d(69)).unwrap().len(), 4);
        a.plan = plan_of(3);
        // The plan's weeks end on d(20): a period from d(21) has none of them…
        assert_eq!(render(&a, &c, d(21), d(69)).unwrap().len(), 4);
        // …one from the plan's last Sunday has one.
        let charts = render(&a, &c, d(20), d(69)).unwrap();
        assert_eq!(charts.len(), 5);
        assert!(
            charts[4].alt.contains("for W04 (week of 19 Jan 2026)"),
            "{}",
            charts[4].alt
        );
        // A period ending before it starts.
        assert_eq!(render(&a, &c, d(10), d(3)).unwrap().len(), 4);
    }

    #[test]
    fn odd_plans_render() {
        let c = Config::default();
        let mut a = analysis();
        // One week; more weeks than the ratios fit over (after the plan's
        // last stage for most of them).
        for (weeks, to, prefix) in [(1, 6, "plan_one_"), (60, 60 * 7 - 1, "plan_long_")] {
            a.plan = plan_of(weeks);
            let charts = render(&a, &c, d(0), d(to)).unwrap();
            dump(&charts[4..], prefix);
            assert_eq!(ihdr(&charts[4].png), (WIDTH, HEIGHT));
        }
        // No minutes at all, and minutes that are not numbers.
        let mut odd = plan_of(8);
        for (k, w) in odd.iter_mut().enumerate() {
            (w.jog_min, w.walk_min) = match k % 3 {
                0 => (0.0, 0.0),
                1 => (f64::NAN, -5.0),
                _ => (f64::INFINITY, f64::MAX),
            };
            w.planned_jog_share = (k % 2 == 0).then_some(f64::NAN);
            w.ratio = None;
        }
        a.plan = odd.clone();
        let charts = render(&a, &c, d(0), d(55)).unwrap();
        dump(&charts[4..], "plan_zero_");
        assert_eq!(ihdr(&charts[4].png), (WIDTH, HEIGHT));
        assert!(
            charts[4]
                .alt
                .contains("0 min jogging and 20160 min walking"),
            "{}",
            charts[4].alt
        );
    }
}
