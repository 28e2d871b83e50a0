//! The graded return-to-run plan against what was done, week by week.
//!
//! A physiotherapist prescribes stages (brisk walks, then jog/walk intervals
//! growing towards continuous running); the watch data show whether each
//! week followed its stage, fell behind, or ran ahead of it. Running ahead
//! is a reason of its own for a load flag.

use crate::analysis::load::{Load, RunLoad, iso_week_label, shift_days};
use crate::config::{Plan, Stage, StageActivity, ratio_share};
use chrono::{Days, NaiveDate};
use serde::Serialize;

/// Slack on the jogging share before a session counts as more running than
/// planned: a 1:4 session measured as 1:3 is still the 1:4 stage.
const SHARE_SLACK: f64 = 0.1;

/// One week of the plan next to what was done.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanWeek {
    pub week: String,
    pub start: NaiveDate,
    /// 1-based stage number; `None` after the plan's last stage.
    pub stage: Option<usize>,
    pub planned: String,
    pub planned_ratio: Option<String>,
    /// Planned jogging share of moving time (0 walk … 1 continuous).
    pub planned_jog_share: Option<f64>,
    pub planned_minutes: Option<f64>,
    /// Sessions the stage asks for that week.
    pub planned_sessions: Option<u32>,
    pub sessions: u32,
    pub minutes: f64,
    pub jog_min: f64,
    pub walk_min: f64,
    /// The most frequent jog:walk of the week's sessions.
    pub ratio: Option<String>,
    pub ahead: bool,
    pub ahead_reason: Option<String>,
    pub pain_mean: Option<f64>,
    pub pain_max: Option<f64>,
}

/// Compare every week from the plan's start to the last week with data.
pub fn compare(load: &Load, plan: &Plan) -> Vec<PlanWeek> {
    let Some(start) = plan.start else {
        return Vec::new();
    };
    let start = crate::analysis::load::week_start(start);
    let Some(last) = load.weeks.last().map(|w| w.start) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut monday = start;
    while monday <= last {
        let n = u32::try_from((monday - start).num_days() / 7).unwrap_or(u32::MAX);
        out.push(week(load, plan, monday, stage_of(plan, n)));
        let Some(next) = monday.checked_add_days(Days::new(7)) else {
            break;
        };
        monday = next;
    }
    out
}

/// The stage of the week starting `monday`, with its number: what the plan
/// says for a week still to come (next week's limit is the tighter of this
/// and the load rule). `None` without a plan, before it or after its end.
pub fn stage_for(plan: &Plan, monday: NaiveDate) -> Option<(usize, &Stage)> {
    let start = crate::analysis::load::week_start(plan.start?);
    let weeks = (crate::analysis::load::week_start(monday) - start).num_days() / 7;
    stage_of(plan, u32::try_from(weeks).ok()?)
}

/// What every output says without a plan start, and how to set one.
pub const NO_PLAN: &str = "No plan: set `start` under [plan] in runlog.toml to the Monday your plan began (a new log folder gets it from `runlog init --plan-start DATE`).";

/// The stage that week `n` (0-based from the start) falls in.
fn stage_of(plan: &Plan, n: u32) -> Option<(usize, &Stage)> {
    let mut first = 0u32;
    for (i, s) in plan.stages.iter().enumerate() {
        let next = first.saturating_add(s.weeks);
        if n < next {
            return Some((i + 1, s));
        }
        first = next;
    }
    None
}

/// What counts as a session, in the words of the glossary and the docs.
pub const SESSION_RULE: &str = "A session is an activity of the kind the week's stage asks for: in a walking stage a walk or a run; in a jog/walk or running stage a run (jog/walk runs included) but not a plain walk; after the plan, a run. Cycling and other cross-training are never sessions.";

/// Whether an activity is a session of the stage's kind (`SESSION_RULE`):
/// running early in a walking stage is still a session (and is judged as
/// running ahead); a plain walk in a jog/walk stage is not what it asks for.
pub fn is_session(stage: Option<&Stage>, r: &RunLoad) -> bool {
    match stage.map(|s| s.activity) {
        Some(StageActivity::Walk) => r.kind.is_running() || r.kind.is_walking(),
        _ => r.kind.is_running(),
    }
}

fn week(load: &Load, plan: &Plan, monday: NaiveDate, stage: Option<(usize, &Stage)>) -> PlanWeek {
    let end = shift_days(monday, 6);
    let runs: Vec<&RunLoad> = load
        .runs
        .iter()
        .filter(|r| r.date >= monday && r.date <= end && is_session(stage.map(|s| s.1), r))
        .collect();
    let w = load.weeks.iter().find(|w| w.start == monday);
    let minutes: f64 = runs.iter().map(|r| r.minutes).sum();
    let mut pw = PlanWeek {
        week: iso_week_label(monday),
        start: monday,
        stage: stage.map(|s| s.0),
        planned: stage.map_or_else(|| "after the plan".into(), |s| s.1.describe()),
        planned_ratio: stage.and_then(|s| planned_ratio(s.1)),
        planned_jog_share: stage.map(|s| s.1.jog_share()),
        planned_minutes: stage.map(|s| s.1.minutes * s.1.sessions as f64),
        planned_sessions: stage.map(|s| s.1.sessions),
        sessions: runs.len() as u32,
        minutes: crate::metrics::round(minutes, 1),
        jog_min: crate::metrics::round(runs.iter().map(|r| r.segments.jog_min).sum(), 1),
        walk_min: crate::metrics::round(runs.iter().map(|r| r.segments.walk_min).sum(), 1),
        ratio: most_common_ratio(&runs),
        ahead: false,
        ahead_reason: None,
        pain_mean: w.and_then(|w| w.pain_mean),
        pain_max: w.and_then(|w| w.pain_max),
    };
    if let Some((_, s)) = stage {
        pw.ahead_reason = ahead_reason(&runs, s, minutes, plan.ahead_minutes_pct);
        pw.ahead = pw.ahead_reason.is_some();
    }
    pw
}

fn planned_ratio(s: &Stage) -> Option<String> {
    match s.activity {
        StageActivity::Walk => Some("walk".into()),
        StageActivity::Run => Some("continuous".into()),
        StageActivity::Jogwalk => s.ratio.clone(),
    }
}

/// The ratio most sessions of the week ran (ties: the more running one).
fn most_common_ratio(runs: &[&RunLoad]) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for r in runs {
        if let Some(ratio) = &r.segments.ratio {
            match counts.iter_mut().find(|c| &c.0 == ratio) {
                Some(c) => c.1 += 1,
                None => counts.push((ratio.clone(), 1)),
            }
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| {
            let share = |r: &str| ratio_share(r).unwrap_or(0.0);
            a.1.cmp(&b.1).then(share(&a.0).total_cmp(&share(&b.0)))
        })
        .map(|c| c.0)
}

/// Why a week ran ahead of its stage, if it did: a session with more
/// running than the stage allows, or more minutes than planned.
fn ahead_reason(runs: &[&RunLoad], s: &Stage, minutes: f64, pct: f64) -> Option<String> {
    let planned_share = s.jog_share();
    let over = runs
        .iter()
        .filter_map(|r| r.segments.ratio.as_deref().map(|ratio| (r, ratio)))
        .filter(|(_, ratio)| ratio_share(ratio).is_some_and(|sh| sh > planned_share + SHARE_SLACK))
        .max_by(|a, b| {
            ratio_share(a.1)
                .unwrap_or(0.0)
                .total_cmp(&ratio_share(b.1).unwrap_or(0.0))
        });
    if let Some((r, ratio)) = over {
        return Some(format!(
            "{} ran {ratio} where the plan said {}",
            r.date.format("%a %d %b"),
            planned_ratio(s).unwrap_or_default()
        ));
    }
    let planned = s.minutes * s.sessions as f64;
    (minutes > planned * (1.0 + pct / 100.0)).then(|| {
        format!(
            "{minutes:.0} minutes against {planned:.0} planned ({:+.0} %)",
            (minutes - planned) / planned * 100.0
        )
    })
}

/// Sessions done per planned session over the plan's weeks, as the
/// ASTEROID trial measured adherence: a week's extra sessions do not make
/// up for another week's missed ones, so each week counts at most its
/// planned sessions. (done, planned); `None` without planned weeks.
pub fn adherence(weeks: &[PlanWeek]) -> Option<(u32, u32)> {
    let planned: Vec<(u32, u32)> = weeks
        .iter()
        .filter_map(|w| w.planned_sessions.map(|p| (w.sessions.min(p), p)))
        .collect();
    (!planned.is_empty()).then(|| {
        planned
            .iter()
            .fold((0, 0), |(d, p), (wd, wp)| (d + wd, p + wp))
    })
}

/// Who the ASTEROID trial's 70 % comes from, said wherever it is, so a
/// physiotherapist can judge whether the comparison fits this runner.
pub const ASTEROID: &str =
    "Neason et al. 2024: 40 adults aged 18–45 with chronic low back pain, 12 weeks";

/// One week's adherence as the plan table shows it: "2/3".
pub fn week_adherence(w: &PlanWeek) -> Option<String> {
    w.planned_sessions
        .map(|p| format!("{}/{p}", w.sessions.min(p)))
}

/// Adherence and running ahead, for the report's summary.
pub fn adherence_sentence(weeks: &[PlanWeek]) -> Option<String> {
    let (done, planned) = adherence(weeks)?;
    let pct = f64::from(done) / f64::from(planned.max(1)) * 100.0;
    let share = format!(
        "Sessions done per planned session: {pct:.0} % ({done} of {planned}), against 70 % (2.1 of 3 a week) in the ASTEROID trial ({ASTEROID})."
    );
    let planned_weeks: Vec<&PlanWeek> = weeks.iter().filter(|w| w.stage.is_some()).collect();
    let ahead: Vec<&PlanWeek> = planned_weeks.iter().copied().filter(|w| w.ahead).collect();
    if ahead.is_empty() {
        return Some(format!(
            "{share} All {} weeks of the plan in this period stayed within their stage.",
            planned_weeks.len()
        ));
    }
    // Page one names the first few; `runlog plan` lists every week.
    const NAMED: usize = 3;
    let more = match ahead.len().saturating_sub(NAMED) {
        0 => String::new(),
        n => format!(" and {n} more (`runlog plan` lists each)"),
    };
    let list: Vec<String> = ahead
        .iter()
        .take(NAMED)
        .map(|w| {
            format!(
                "the week of {} ({})",
                crate::dates::week_span(w.start),
                w.ahead_reason.clone().unwrap_or_default()
            )
        })
        .collect();
    Some(format!(
        "{share} {} of {} planned weeks ran ahead of the plan: {}{more}.",
        ahead.len(),
        planned_weeks.len(),
        list.join("; ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> Plan {
        Plan {
            start: NaiveDate::from_ymd_opt(2026, 1, 5),
            ..Plan::default()
        }
    }

    /// Stage lengths add up without overflow however long they are.
    #[test]
    fn endless_stages_do_not_overflow() {
        let mut p = plan();
        p.stages.iter_mut().for_each(|s| s.weeks = u32::MAX);
        assert_eq!(stage_of(&p, 3).map(|s| s.0), Some(1));
        assert_eq!(stage_of(&p, u32::MAX).map(|s| s.0), None);
    }

    #[test]
    fn stages_follow_each_other_by_weeks() {
        let p = plan();
        assert_eq!(stage_of(&p, 0).unwrap().0, 1);
        assert_eq!(stage_of(&p, 1).unwrap().0, 1);
        assert_eq!(stage_of(&p, 2).unwrap().0, 2);
        assert_eq!(stage_of(&p, 12).unwrap().1.activity, StageActivity::Run);
        assert!(
            stage_of(&p, 16).is_none(),
            "the default plan lasts 16 weeks"
        );
    }

    #[test]
    fn the_stage_of_a_week_to_come() {
        let p = plan();
        let monday = |n: i64| crate::dates::shift_days(p.start.unwrap(), 7 * n);
        assert_eq!(stage_for(&p, monday(0)).map(|s| s.0), Some(1));
        assert_eq!(stage_for(&p, monday(2)).map(|s| s.0), Some(2));
        // Any day of the week counts as its Monday.
        assert_eq!(
            stage_for(&p, crate::dates::shift_days(monday(2), 3)).map(|s| s.0),
            Some(2)
        );
        assert_eq!(stage_for(&p, monday(-1)), None);
        assert_eq!(stage_for(&p, monday(16)), None);
        assert_eq!(stage_for(&Plan::default(), monday(1)), None);
    }

    /// Issue #25: adherence as the ASTEROID trial measured it; a week's
    /// extra sessions do not make up for a missed one elsewhere.
    #[test]
    fn adherence_counts_sessions_per_planned_session() {
        let week = |sessions: u32, planned: Option<u32>| PlanWeek {
            week: String::new(),
            start: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
            stage: planned.map(|_| 1),
            planned: String::new(),
            planned_ratio: None,
            planned_jog_share: None,
            planned_minutes: None,
            planned_sessions: planned,
            sessions,
            minutes: 0.0,
            jog_min: 0.0,
            walk_min: 0.0,
            ratio: None,
            ahead: false,
            ahead_reason: None,
            pain_mean: None,
            pain_max: None,
        };
        let weeks = [
            week(3, Some(3)),
            week(1, Some(3)),
            week(5, Some(3)),
            week(4, None),
        ];
        assert_eq!(adherence(&weeks), Some((7, 9)));
        assert_eq!(week_adherence(&weeks[2]).as_deref(), Some("3/3"));
        let s = adherence_sentence(&weeks).unwrap();
        assert!(
            s.starts_with("Sessions done per planned session: 78 % (7 of 9), against 70 %"),
            "{s}"
        );
        assert_eq!(adherence(&weeks[3..]), None);
    }

    /// Issue #30: a walk is a session of a walking stage but not of a
    /// jog/walk stage; a run is a session of both, and a ride of neither.
    #[test]
    fn issue30_a_walk_in_a_jog_walk_week_is_not_a_session() {
        use crate::analysis::load::tests::{activity, cfg};
        // Mon 5 Jan 2026: a run, a walk and a ride in the first week, the
        // same in the second.
        let mut acts = Vec::new();
        for (day, sport) in [(6, "running"), (7, "walking"), (8, "cycling")] {
            for week in [0, 7] {
                let mut a = activity(day + week, 30.0);
                a.id = format!("{sport}{}", day + week);
                a.summary.sport = sport.into();
                acts.push(a);
            }
        }
        let load = crate::analysis::load::compute(&acts, |_| Ok(vec![]), &[], &cfg()).unwrap();
        let stage = |activity, ratio: Option<&str>| Stage {
            weeks: 1,
            activity,
            minutes: 30.0,
            sessions: 3,
            ratio: ratio.map(str::to_string),
        };
        let p = Plan {
            stages: vec![
                stage(StageActivity::Walk, None),
                stage(StageActivity::Jogwalk, Some("2:3")),
            ],
            ..plan()
        };
        let weeks = compare(&load, &p);
        // Walking stage: the run and the walk (2 of 3); jog/walk: the run.
        assert_eq!((weeks[0].sessions, weeks[1].sessions), (2, 1));
        assert_eq!((weeks[0].minutes, weeks[1].minutes), (60.0, 30.0));
        assert_eq!(adherence(&weeks), Some((3, 6)));
    }

    #[test]
    fn ratio_shares_order_the_progression() {
        let shares: Vec<f64> = ["1:4", "2:3", "3:2", "4:1", "continuous"]
            .iter()
            .map(|r| ratio_share(r).unwrap())
            .collect();
        assert!(shares.windows(2).all(|w| w[0] < w[1]), "{shares:?}");
        assert_eq!(ratio_share("1:4"), Some(0.2));
        assert_eq!(ratio_share("x"), None);
    }
}
