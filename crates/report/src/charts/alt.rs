//! The charts' text descriptions, for the `alt` attribute of their images.

use super::jog_walk::minutes;
use super::load_change_vs_pain::scatter_points;
use super::view::{View, finite, num, short_week};
use super::{TITLE_ACWR, TITLE_DAILY, TITLE_JOG_WALK, TITLE_SCATTER, TITLE_SCORES, TITLE_WEEKLY};
use runlog_core::analysis::load::MIN_HISTORY_DAYS;
use runlog_core::analysis::load::Week;
use runlog_core::analysis::plan::PlanWeek;

pub(super) fn alt_weekly(v: &View<'_>) -> String {
    let (Some(first), Some(last)) = (v.weeks.first(), v.weeks.last()) else {
        return format!("{TITLE_WEEKLY}: no data in the period {}.", v.period());
    };
    let unit = v.unit();
    let n = v.weeks.len();
    let mut s = if n == 1 {
        format!(
            "Bar chart of {} for {} (week of {})",
            v.load_desc().to_lowercase(),
            short_week(&first.week),
            first.start.format("%-d %b %Y")
        )
    } else {
        format!(
            "Bar chart of {} for {n} weeks, {} ({}) to {}",
            v.load_desc().to_lowercase(),
            short_week(&first.week),
            first.start.format("%-d %b %Y"),
            short_week(&last.week),
        )
    };
    let top = v.weeks.iter().max_by(|a, b| a.load.total_cmp(&b.load));
    match top.filter(|w| w.load > 0.0) {
        Some(t) if n > 1 => {
            s += &format!(
                "; highest {:.0} {unit} in {}. ",
                t.load,
                short_week(&t.week)
            )
        }
        Some(t) => s += &format!(": {:.0} {unit}. ", t.load),
        None => s += ": no running. ",
    }
    let pains: Vec<f64> = v.weeks.iter().filter_map(|w| finite(w.pain_mean)).collect();
    let lo = pains.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = pains.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    s += &match pains.len() {
        0 => "No pain diary entries in these weeks. ".to_string(),
        1 if n == 1 => format!("Mean pain (right axis, 0–10): {lo:.1}. "),
        1 => format!("Weekly mean pain (right axis, 0–10): {lo:.1}, in 1 of the {n} weeks. "),
        k => format!(
            "Weekly mean pain (right axis, 0–10) from {lo:.1} to {hi:.1}, in {k} of the {n} weeks. "
        ),
    };
    let jumps: Vec<&str> = v
        .weeks
        .iter()
        .filter(|w| w.load_jump)
        .map(|w| short_week(&w.week))
        .collect();
    let flags: Vec<&str> = v
        .weeks
        .iter()
        .filter(|w| w.flag)
        .map(|w| short_week(&w.week))
        .collect();
    s += &match jumps.len() {
        0 => "No load-jump weeks.".to_string(),
        _ => format!("Load-jump weeks (orange): {}.", jumps.join(", ")),
    };
    if !flags.is_empty() {
        s += &format!(
            " Flagged (jump followed by a pain spike): {}.",
            flags.join(", ")
        );
    }
    s
}

pub(super) fn alt_acwr(v: &View<'_>) -> String {
    if v.weeks.is_empty() {
        return format!("{TITLE_ACWR}: no data in the period {}.", v.period());
    }
    let l = &v.config.load;
    let vals: Vec<(&str, f64)> = v
        .weeks
        .iter()
        .filter_map(|w| finite(w.acwr_ewma).map(|r| (short_week(&w.week), r)))
        .collect();
    let mut s = format!(
        "Line chart of the weekly EWMA acute:chronic ratio for the period {}, with the {}–{} band shaded and the load-jump limit {} drawn as a line. ",
        v.period(),
        num(l.acwr_low_band),
        num(l.acwr_high_band),
        num(l.acwr_high)
    );
    if vals.is_empty() {
        s += &format!("No ratio in this period: it needs {MIN_HISTORY_DAYS} days of history.");
        return s;
    }
    let lo = vals.iter().map(|v| v.1).fold(f64::INFINITY, f64::min);
    let hi = vals.iter().map(|v| v.1).fold(f64::NEG_INFINITY, f64::max);
    s += &format!("The ratio ranges from {lo:.2} to {hi:.2}. ");
    let above: Vec<&str> = vals
        .iter()
        .filter(|v| v.1 > l.acwr_high)
        .map(|v| v.0)
        .collect();
    s += &match above.len() {
        0 => format!("No week is above {}.", num(l.acwr_high)),
        _ => format!("Above {}: {}.", num(l.acwr_high), above.join(", ")),
    };
    s
}

pub(super) fn alt_daily(v: &View<'_>) -> String {
    if v.days.is_empty() {
        return format!("{TITLE_DAILY}: no data in the period {}.", v.period());
    }
    let pain_days = v.days.iter().filter(|d| d.pain_mean.is_some()).count();
    // The period's counts, as page one says them.
    let mut s = format!(
        "Daily bars of minutes of activity for the period {}: {}, {} min in all. ",
        v.period(),
        v.counts.activities_text(),
        runlog_core::numbers::whole(v.counts.minutes),
    );
    s += &match pain_days {
        0 => "No pain diary entries.".to_string(),
        k => format!(
            "Pain (right axis, 0–10) on {k} of the {} days.",
            v.days.len()
        ),
    };
    let spikes: Vec<String> = v
        .spikes()
        .iter()
        .map(|(sp, flagged)| {
            let why = if *flagged {
                "after a load jump"
            } else {
                "no load jump"
            };
            format!("{} ({why}, peak {:.1})", sp.date.format("%-d %b"), sp.peak)
        })
        .collect();
    if !spikes.is_empty() {
        s += &format!(" Shaded pain spikes starting {}.", spikes.join(", "));
    }
    s
}

pub(super) fn alt_scatter(v: &View<'_>) -> String {
    let dots = scatter_points(v);
    if dots.is_empty() {
        return format!(
            "{TITLE_SCATTER}: no week in the period {} has a load change and pain recorded in it and the next week.",
            v.period()
        );
    }
    let rose = dots.iter().filter(|d| d.y > 0.0).count();
    let flagged: Vec<&str> = dots
        .iter()
        .filter(|d| d.flag)
        .map(|d| d.label.as_str())
        .collect();
    let mut s = format!(
        "Scatter plot of {} week{}: the week's load change in percent against the change in mean pain the week after; pain rose after {rose} of them.",
        dots.len(),
        if dots.len() == 1 { "" } else { "s" }
    );
    if !flagged.is_empty() {
        s += &format!(" Flagged weeks highlighted: {}.", flagged.join(", "));
    }
    s
}

pub(super) fn alt_jog_walk(v: &View<'_>) -> String {
    let (Some(first), Some(last)) = (v.plan.first(), v.plan.last()) else {
        return format!(
            "{TITLE_JOG_WALK}: no week of the return-to-run plan in the period {}.",
            v.period()
        );
    };
    let n = v.plan.len();
    let mut s = if n == 1 {
        format!(
            "Stacked bar of jog and walk minutes for {} (week of {}) of the return-to-run plan",
            short_week(&first.week),
            first.start.format("%-d %b %Y")
        )
    } else {
        format!(
            "Stacked bars of jog and walk minutes for {n} weeks of the return-to-run plan, {} ({}) to {}",
            short_week(&first.week),
            first.start.format("%-d %b %Y"),
            short_week(&last.week),
        )
    };
    s += ", jogging at the bottom and walking on top, with a black marker at the planned jogging minutes (the stage's jogging share of the week's minutes) and the planned and the run jog:walk ratio over each bar. ";
    let jog: f64 = v.plan.iter().map(|w| minutes(w.jog_min)).sum();
    let walk: f64 = v.plan.iter().map(|w| minutes(w.walk_min)).sum();
    s += &format!("{jog:.0} min jogging and {walk:.0} min walking in all. ");
    let mut stages: Vec<&str> = Vec::new();
    for w in &v.plan {
        if let Some(r) = w.stage.and(w.planned_ratio.as_deref())
            && stages.last() != Some(&r)
        {
            stages.push(r);
        }
    }
    if !stages.is_empty() {
        s += &format!("Planned ratios in these weeks: {}. ", stages.join(", "));
    }
    let list = |keep: &dyn Fn(&PlanWeek) -> bool| -> Vec<&str> {
        v.plan
            .iter()
            .filter(|w| keep(w))
            .map(|w| short_week(&w.week))
            .collect()
    };
    let empty = list(&|w| w.sessions == 0);
    if !empty.is_empty() {
        s += &format!("No runs in {}. ", empty.join(", "));
    }
    let after = list(&|w| w.stage.is_none());
    if !after.is_empty() {
        s += &format!("After the plan's last stage: {}. ", after.join(", "));
    }
    let ahead: Vec<String> = v
        .plan
        .iter()
        .filter(|w| w.ahead)
        .map(|w| match &w.ahead_reason {
            Some(why) => format!("{} ({why})", short_week(&w.week)),
            None => short_week(&w.week).to_string(),
        })
        .collect();
    s += &match ahead.len() {
        0 => "No week ran ahead of the plan.".to_string(),
        1 => format!("1 week ran ahead of the plan: {}.", ahead[0]),
        k => format!("{k} weeks ran ahead of the plan: {}.", ahead.join("; ")),
    };
    s
}

/// The outcome measures' chart in words: each measure's first and latest
/// weekly value in the period.
pub(super) fn alt_scores(v: &View<'_>) -> String {
    let mut parts = Vec::new();
    for (name, get) in [
        (
            "ODI (%)",
            (|w: &Week| w.odi_pct) as fn(&Week) -> Option<f64>,
        ),
        ("RMDQ (0–24)", |w: &Week| w.rmdq),
        ("PSFS (0–10)", |w: &Week| w.psfs),
    ] {
        let scored: Vec<(&Week, f64)> = v
            .weeks
            .iter()
            .filter_map(|w| get(w).map(|x| (*w, x)))
            .collect();
        if let (Some(first), Some(last)) = (scored.first(), scored.last()) {
            parts.push(format!(
                "{name} {} in {} to {} in {}",
                num(first.1),
                short_week(&first.0.week),
                num(last.1),
                short_week(&last.0.week)
            ));
        }
    }
    if parts.is_empty() {
        return format!(
            "{TITLE_SCORES}: no questionnaire scores in the period {}.",
            v.period()
        );
    }
    format!(
        "Line charts, one panel per questionnaire, of the weekly scores for {}: {}.",
        v.period(),
        parts.join("; ")
    )
}
