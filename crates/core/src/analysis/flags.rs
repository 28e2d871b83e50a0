//! Load jumps, pain spikes, and the flags where the two line up — each with
//! the evidence behind it, so a physiotherapist can judge it.
//!
//! A flag is an association in one person's data, never a diagnosis: every
//! rule carries its evidence grade wherever it is shown.

use crate::analysis::Analysis;
use crate::analysis::association::{Association, over_history};
use crate::analysis::load::{Day, Load, Week, shift_days};
use crate::analysis::plan::PlanWeek;
use crate::analysis::spikes::{Spike, find_spikes, spike_words};
use crate::config::Config;
use serde::Serialize;

pub use crate::analysis::envelope::{Envelope, LongRun};
pub use crate::analysis::evidence::{
    EVIDENCE_ACWR, EVIDENCE_CHANGE, EVIDENCE_CHRONIC, EVIDENCE_PLAN, EVIDENCE_SESSION,
    EVIDENCE_SPIKE,
};
pub use crate::analysis::jumps::{Jump, Rule};
pub use crate::analysis::load::{RunRef, running_minutes};
pub use crate::analysis::red_flags::{Advice, RedFlag, notice as red_flag_notice};
pub use crate::analysis::session::{Measure, SessionSpike};
pub use crate::sport::activity_noun;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flag {
    pub week: String,
    pub rule: Rule,
    pub jump: Jump,
    pub spike: Spike,
    /// Days from the triggering run to the first spike day.
    pub lag_days: i64,
    pub sentence: String,
}

/// What the flag rules find in a history's load.
#[derive(Debug, Clone, Default)]
pub(crate) struct Found {
    pub(crate) jumps: Vec<Jump>,
    pub(crate) flags: Vec<Flag>,
    pub(crate) unexplained: Vec<Spike>,
    pub(crate) quiet_jumps: Vec<Jump>,
    pub(crate) monotony_notes: Vec<(String, f64)>,
    pub(crate) association: Association,
}

/// Find jumps, spikes and flags, and mark the weeks: a jump whose
/// follow-up window holds a spike is a flag, the rest are said apart.
pub(crate) fn detect(load: &mut Load, plan: &[PlanWeek], config: &Config) -> Found {
    let jumps = crate::analysis::jumps::find_jumps(load, plan, config);
    let spikes = find_spikes(load, config);
    let association = over_history(load, &jumps, &spikes, config);
    let mut flags = Vec::new();
    let mut quiet_jumps = Vec::new();
    let mut explained = vec![false; spikes.len()];
    for j in &jumps {
        let hit = spikes
            .iter()
            .position(|s| s.date >= j.window_from && s.date <= j.window_to);
        match hit {
            Some(i) => {
                explained[i] = true;
                flags.push(make_flag(j, &spikes[i], &load.days, config));
            }
            None => quiet_jumps.push(j.clone()),
        }
    }
    mark_weeks(&mut load.weeks, &jumps, &flags, &spikes);
    let unexplained = spikes
        .into_iter()
        .zip(explained)
        .filter(|(_, e)| !e)
        .map(|(s, _)| s)
        .collect();
    Found {
        monotony_notes: monotony_notes(load, config),
        jumps,
        flags,
        unexplained,
        quiet_jumps,
        association,
    }
}

/// (week, monotony) above the configured limit.
fn monotony_notes(load: &Load, config: &Config) -> Vec<(String, f64)> {
    load.weeks
        .iter()
        .filter_map(|w| {
            w.monotony
                .filter(|m| *m > config.load.monotony_high)
                .map(|m| (w.week.clone(), m))
        })
        .collect()
}

fn make_flag(j: &Jump, s: &Spike, days: &[Day], config: &Config) -> Flag {
    let lag = (s.date - j.trigger_date).num_days();
    // Pain before the jump: the last diary day before the triggering run.
    let mut s = s.clone();
    if let Some(d) = days
        .iter()
        .rev()
        .find(|d| d.date < j.trigger_date && d.pain_mean.is_some())
    {
        s.before = d.pain_mean.map(|p| (d.date, p));
    }
    let rise = rise(j, config.load.metric.name(), config);
    let sentence = format!(
        "In the week of {} ({}) {rise}; {} within {} day{} of the {} run.",
        crate::dates::week_span(j.week_start),
        j.week,
        spike_words(&s),
        lag.max(0),
        if lag == 1 { "" } else { "s" },
        j.trigger_date.format("%a %d %b")
    );
    Flag {
        week: j.week.clone(),
        rule: j.rule.clone(),
        jump: j.clone(),
        spike: s,
        lag_days: lag,
        sentence,
    }
}

/// What rose, in words: every rule that fired, the single long run first.
fn rise(j: &Jump, what: &str, config: &Config) -> String {
    let r = &j.rule;
    let mut parts: Vec<String> = r
        .session_spikes
        .iter()
        .map(|s| {
            format!(
                "the {} run was {} % longer than the longest of the previous {} days",
                s.date.format("%a %d %b"),
                crate::analysis::evidence::pct_text(s.pct, config.load.session_spike_pct),
                config.load.session_window_days
            )
        })
        .collect();
    let chronic = |verb: &str| {
        j.chronic_ratio
            .map(|x| {
                format!(
                    "{verb}{x:.2} × the mean of the previous {} weeks",
                    config.load.chronic_weeks
                )
            })
            .unwrap_or_default()
    };
    match (r.weekly_change, r.chronic, j.change_pct) {
        (true, true, Some(c)) => parts.push(format!(
            "{what} rose {c:.0} % over the week before ({})",
            chronic("")
        )),
        (true, false, Some(c)) => parts.push(format!("{what} rose {c:.0} % over the week before")),
        (_, true, _) => parts.push(format!("{what} reached {}", chronic(""))),
        _ => {}
    }
    if r.acwr {
        parts.push(format!(
            "the EWMA acute:chronic ratio reached {:.2}",
            j.acwr_ewma.unwrap_or(0.0)
        ));
    }
    if let Some(why) = &r.ahead_of_plan {
        parts.push(format!("training progressed faster than the plan ({why})"));
    }
    let mut out = crate::text::join_and(&parts);
    if let Some(step) = &r.plan_step {
        out.push_str(&format!(" (a planned stage step, {step})"));
    }
    out
}

/// Mark each week's jump, flag and pain spike. A week is a "pain spike"
/// week when one of the listed spikes (a flag's or an unexplained one)
/// starts in it: every day of an episode above the line would mark the
/// next week too, and the table would show spikes the lists do not.
fn mark_weeks(weeks: &mut [Week], jumps: &[Jump], flags: &[Flag], spikes: &[Spike]) {
    for w in weeks.iter_mut() {
        let end = shift_days(w.start, 6);
        w.pain_spike = spikes.iter().any(|s| s.date >= w.start && s.date <= end);
        w.load_jump = jumps.iter().any(|j| j.week == w.week);
        if let Some(f) = flags.iter().find(|f| f.week == w.week) {
            w.flag = true;
            w.flag_reason = Some(format!(
                "load jump ({}) followed by a pain spike on {}",
                f.rule.short(),
                f.spike.date
            ));
        }
    }
}

/// `runlog flags --format json`.
pub fn to_json(a: &Analysis) -> String {
    let v = serde_json::json!({
        "red_flags": a.red_flags,
        "red_flag_notice": red_flag_notice(&a.red_flags),
        "training_advice": if a.advice.withheld().is_some() { "withheld" } else { "given" },
        "training_advice_withheld": a.advice.withheld_text(),
        "flags": a.flags,
        "unexplained_spikes": a.unexplained,
        "load_jumps_without_pain": a.quiet_jumps,
        "monotony_notes": a.monotony_notes,
        "next_week": a.next_week,
        "next_week_envelope": a.advice.envelope(),
        "next_long_run": a.advice.long_run(),
        "association": a.association,
        "scores": crate::analysis::outcomes::days(&a.scores),
        "pain_monitoring": a.monitoring,
        "diary_present": a.diary_present,
        "note": "A flag is an association in one person's data, not a diagnosis.",
    });
    serde_json::to_string_pretty(&v).unwrap_or_default()
}

/// Where the activities are when the diary runs on long after the last
/// one (old exports, a diary from today): without it the weeks read as
/// rest, and next week's limit as what a rest week allows.
pub fn long_gap(a: &Analysis) -> Option<String> {
    let last_run = a.load.runs.iter().map(|r| r.date).max()?;
    let last_day = a.load.days.last()?.date;
    let days = (last_day - last_run).num_days();
    (days > 28).then(|| {
        format!(
            "Note: the diary runs on {days} days past the last activity ({} activities, the last on {}): add newer exports, or see them with `{}`.",
            a.load.runs.len(),
            last_run.format("%-d %b %Y"),
            crate::analysis::period::report_up_to(last_run)
        )
    })
}

/// "load 84 → 130 min (+54 %), 1.56 × the mean of the previous 3 weeks
/// (83), highest of the previous 4 weeks 84, EWMA ACWR 1.18".
pub fn load_evidence(j: &Jump, unit: &str, config: &Config) -> String {
    let l = &config.load;
    let mut s = format!(
        "load {:.0} → {:.0} {unit}{}",
        j.load_before,
        j.load_after,
        j.change_pct
            .map(|c| format!(" ({c:+.0} %)"))
            .unwrap_or_default()
    );
    if let (Some(r), Some(m)) = (j.chronic_ratio, j.chronic_mean) {
        s.push_str(&format!(
            ", {r:.2} × the mean of the previous {} weeks ({m:.0})",
            l.chronic_weeks
        ));
    }
    if let Some(p) = j.previous_peak {
        s.push_str(&format!(
            ", highest of the previous {} weeks {p:.0}",
            l.peak_weeks
        ));
    }
    if let Some(r) = j.acwr_ewma {
        s.push_str(&format!(", EWMA ACWR {r:.2}"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::association::association_weeks;
    use crate::analysis::spikes::spike_rule;
    use crate::model::DiaryEntry;
    use crate::model::{Activity, Format, Pain, RedFlags, Summary, TimeOfDay};
    use chrono::NaiveDate;

    /// The analysis of these runs and diary days as of `today`, without
    /// series, scores or store notes.
    fn analysed(
        acts: &[Activity],
        diary: &[DiaryEntry],
        config: &Config,
        today: NaiveDate,
    ) -> Analysis {
        let load = crate::analysis::load::compute(acts, |_| Ok(vec![]), diary, config).unwrap();
        crate::analysis::analyse(
            load,
            Some((diary, 0)),
            Vec::new(),
            Default::default(),
            config,
            today,
        )
    }
    use chrono::{TimeZone, Utc};

    /// `runlog flags`' text of the whole history (now in `flags_text`).
    fn to_text(a: &Analysis, config: &Config) -> String {
        use crate::analysis::flags_text::View;
        let view = View {
            a,
            whole: a,
            explain: false,
            shown: None,
        };
        crate::analysis::flags_text::to_text(&view, config)
    }

    fn day(n: i64) -> NaiveDate {
        // Monday 5 January 2026 is day 0.
        shift_days(NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(), n)
    }

    fn run(n: i64, minutes: f64) -> Activity {
        let start = Utc.from_utc_datetime(&day(n).and_hms_opt(6, 30, 0).unwrap());
        Activity {
            id: format!("r{n}"),
            source: format!("exports/{n}.fit"),
            summary: Summary {
                utc_offset_s: Some(3600),
                distance_m: Some(minutes * 160.0),
                has_gps: true,
                records: 10,
                ..Summary::new(Format::Fit, "running", start, minutes * 60.0)
            },
            duplicates: vec![],
            warnings: Vec::new(),
        }
    }

    fn entry(n: i64, pain: f64, red: bool) -> DiaryEntry {
        DiaryEntry {
            time: Some(TimeOfDay::Morning),
            red_flags: RedFlags {
                numbness: red,
                ..RedFlags::default()
            },
            ..DiaryEntry::new(n as usize + 2, day(n), Pain::new(pain).unwrap())
        }
    }

    /// Five steady weeks of 3 × 30 min (Mon, Wed, Sat), then week 6 with a
    /// 70-minute Saturday run (+44 %), then a steady week 7. Pain 2 every
    /// morning, with `spikes` (day, pain) laid over it.
    fn scenario(jump: bool, spikes: &[(i64, f64)], red: Option<i64>) -> Analysis {
        scenario_with(&Config::default(), jump, spikes, red)
    }

    fn scenario_with(
        config: &Config,
        jump: bool,
        spikes: &[(i64, f64)],
        red: Option<i64>,
    ) -> Analysis {
        let mut acts = Vec::new();
        for w in 0..7 {
            for (d, m) in [(0, 30.0), (2, 30.0), (5, 30.0)] {
                let long = jump && w == 5 && d == 5;
                acts.push(run(w * 7 + d, if long { 70.0 } else { m }));
            }
        }
        let diary: Vec<DiaryEntry> = (0..49)
            .map(|n| {
                let p = spikes.iter().find(|s| s.0 == n).map_or(2.0, |s| s.1);
                entry(n, p, red == Some(n))
            })
            .collect();
        analysed(&acts, &diary, config, day(49))
    }

    /// Issue #30, the pain-spike rule as `spike_rule` says it: a spike that
    /// starts on a Sunday (day 34, week 5) and goes on into Monday (day 35)
    /// is one spike, dated Sunday, and marks week 5 only; a spike day three
    /// days after the peak starts a new spike (day 38, week 6 again).
    #[test]
    fn issue30_a_week_is_marked_where_a_spike_starts() {
        let a = scenario(false, &[(34, 4.5), (35, 5.0), (38, 4.5)], None);
        let spikes: Vec<(NaiveDate, NaiveDate, f64)> = a
            .unexplained
            .iter()
            .map(|s| (s.date, s.peak_date, s.peak))
            .collect();
        assert_eq!(spikes, [(day(34), day(35), 5.0), (day(38), day(38), 4.5)]);
        let marked: Vec<usize> = (0..a.load.weeks.len())
            .filter(|&i| a.load.weeks[i].pain_spike)
            .collect();
        assert_eq!(marked, [4, 5], "weeks 5 and 6 (0-based 4, 5)");
        // Day 36 at 4.5: within 2 days of the peak, the same spike.
        let a = scenario(false, &[(34, 4.5), (35, 5.0), (37, 4.5)], None);
        assert_eq!(a.unexplained.len(), 1);
        let rule = spike_rule(&Config::default());
        assert!(
            rule.contains("at least 2 points above the baseline"),
            "{rule}"
        );
        assert!(
            rule.contains("up to 2 days from its first day or its peak"),
            "{rule}"
        );
    }

    /// Issue #30: "pain settled by the next morning" counts runs, never a
    /// walk, so a walk's day is not a check of its own.
    #[test]
    fn issue30_the_settle_check_counts_runs_only() {
        let mut acts = vec![run(1, 30.0), run(3, 30.0)];
        let mut walk = run(5, 40.0);
        walk.id = "walk".into();
        walk.summary.sport = "walking".into();
        acts.push(walk);
        let diary: Vec<DiaryEntry> = (0..7).map(|n| entry(n, 2.0, false)).collect();
        let config = Config::default();
        let a = analysed(&acts, &diary, &config, day(7));
        let dates: Vec<NaiveDate> = a.settle.iter().map(|s| s.date).collect();
        assert_eq!(dates, [day(1), day(3)]);
    }

    /// `lag_days` is range-checked at load time, but a value that slips
    /// through must still not overflow the date (it panicked before).
    #[test]
    fn a_huge_lag_holds_the_window_at_the_calendar_end() {
        let mut config = Config::default();
        config.pain.lag_days = 100_000_000_000;
        let a = scenario_with(&config, true, &[(42, 5.5)], None);
        assert_eq!(a.flags.len(), 1);
        assert_eq!(a.flags[0].jump.window_to, NaiveDate::MAX);
        config.pain.lag_days = i64::MIN;
        let a = scenario_with(&config, true, &[(42, 5.5)], None);
        assert_eq!(a.jumps[0].window_to, day(41), "the week's end");
    }

    #[test]
    fn a_jump_then_a_spike_two_days_later_is_flagged_with_its_evidence() {
        // Saturday of week 6 is day 40; the spike starts on Monday, day 42.
        let a = scenario(true, &[(42, 5.5), (43, 4.5)], None);
        assert_eq!(a.flags.len(), 1, "{:#?}", a.flags);
        let f = &a.flags[0];
        assert_eq!(f.week, "2026-W07");
        let j = &f.jump;
        assert!(j.rule.weekly_change);
        assert_eq!((j.load_before, j.load_after), (90.0, 130.0));
        assert_eq!(j.change_pct, Some(44.4));
        assert_eq!(j.trigger_date, day(40));
        assert_eq!(j.trigger_run.as_ref().unwrap().minutes, 70.0);
        assert_eq!(f.spike.date, day(42));
        assert_eq!(f.spike.peak, 5.5);
        assert_eq!(f.spike.baseline, 2.0);
        assert_eq!(f.spike.before, Some((day(39), 2.0)));
        assert_eq!(f.lag_days, 2);
        assert!(f.sentence.contains("rose 44 %"), "{}", f.sentence);
        assert!(
            f.sentence.contains("pain reached 5.5 against a baseline of 2.0 (2.0 on Fri 13 Feb before the run) within 2 days"),
            "{}",
            f.sentence
        );
        assert!(a.unexplained.is_empty());
        assert!(
            a.load
                .weeks
                .iter()
                .any(|w| w.week == "2026-W07" && w.flag && w.load_jump)
        );
    }

    #[test]
    fn the_same_jump_with_flat_pain_is_a_jump_without_a_flag() {
        let a = scenario(true, &[], None);
        assert!(a.flags.is_empty());
        assert_eq!(a.quiet_jumps.len(), 1);
        assert_eq!(a.quiet_jumps[0].week, "2026-W07");
        assert!(a.quiet_jumps[0].diary_days_in_window > 0);
    }

    #[test]
    fn a_spike_after_a_steady_week_is_unexplained() {
        let a = scenario(false, &[(31, 5.0)], None);
        assert!(a.flags.is_empty());
        assert!(
            a.jumps.is_empty(),
            "steady weeks hold no jump: {:#?}",
            a.jumps
        );
        assert_eq!(a.unexplained.len(), 1);
        assert_eq!(a.unexplained[0].date, day(31));
    }

    #[test]
    fn a_red_flag_entry_produces_the_notice() {
        let a = scenario(false, &[], Some(20));
        assert_eq!(a.red_flags.len(), 1);
        let n = red_flag_notice(&a.red_flags).unwrap();
        assert!(n.contains("Sun 25 Jan 2026 (leg numbness)"), "{n}");
        assert!(to_text(&a, &Config::default()).starts_with("RED FLAGS"));
        let calm = scenario(false, &[], None);
        assert!(red_flag_notice(&calm.red_flags).is_none());
        assert!(
            to_text(&calm, &Config::default()).starts_with("Red flags: none recorded"),
            "a standing line when none is recorded"
        );
    }

    /// Issue #22: with a red flag in the last 14 days the limits are not
    /// printed; the notice stands in their place.
    #[test]
    fn an_active_red_flag_stops_the_training_advice() {
        let calm = scenario(false, &[], None);
        assert!(calm.advice.envelope().is_some() && calm.advice.long_run().is_some());
        // Day 40 is within 14 days of day 49 (the data's last day is 48).
        let a = scenario(false, &[], Some(40));
        assert!(a.advice.envelope().is_none() && a.advice.long_run().is_none());
        let text = to_text(&a, &Config::default());
        assert!(
            text.contains(
                "Next week: no training advice: a red flag was recorded in the last 14 days"
            ),
            "{text}"
        );
        assert!(
            !text.contains("up to ") && !text.contains("next long run: at most"),
            "{text}"
        );
        let json: serde_json::Value = serde_json::from_str(&to_json(&a)).unwrap();
        assert_eq!(json["training_advice"], "withheld");
        assert!(json["next_week_envelope"].is_null() && json["next_long_run"].is_null());
        // A red flag long before: reported, but the advice stands.
        let old = scenario(false, &[], Some(20));
        assert_eq!(old.red_flags.len(), 1);
        assert!(old.advice.envelope().is_some());
        assert!(to_text(&old, &Config::default()).starts_with("RED FLAGS"));
    }

    #[test]
    fn strain_is_load_times_monotony_and_the_envelope_respects_both_limits() {
        let a = scenario(false, &[], None);
        let w = a.load.weeks.last().unwrap();
        assert_eq!(w.load, 90.0);
        let m = w.monotony.unwrap();
        assert!((w.strain.unwrap() - (90.0 * m * 10.0).round() / 10.0).abs() < 0.11);
        let e = a.advice.envelope().unwrap();
        assert_eq!(e.by_change, Some(117.0));
        assert_eq!(e.max_load, 117.0);
        assert!(e.by_acwr.is_some());
    }

    /// Issue #22, time order and censoring: a spike on Wednesday of the
    /// jump week, before Saturday's long run that set the jump off, did not
    /// follow it (it does follow the week before); the last week, whose
    /// window outruns the diary, is left out; weekly pain is unrounded.
    #[test]
    fn association_weeks_follow_the_trigger_and_censor_the_end() {
        let config = Config::default();
        let a = scenario(true, &[(37, 6.0), (1, 2.5)], None);
        let load = &a.load;
        let jumps = crate::analysis::jumps::find_jumps(load, &a.plan, &config);
        let spikes = find_spikes(load, &config);
        assert!(spikes.iter().any(|s| s.date == day(37)), "{spikes:?}");
        let w = association_weeks(load, &jumps, &spikes, &config);
        assert!(w[5].jump && !w[5].spike_followed, "{:?}", w[5]);
        assert!(!w[4].jump && w[4].spike_followed, "{:?}", w[4]);
        assert!(w[6].censored && !w[5].censored);
        // 2.5 and six days of 2: 14.5 / 7, not the rounded 2.07.
        assert_eq!(w[0].pain_mean, Some(14.5 / 7.0));
        assert_eq!(a.load.weeks[0].pain_mean, Some(2.07));
        assert!(!a.association.weeks.contains(&w[6].label));
    }

    /// Issue #24: a diary that runs on long after the last export says
    /// where the activities are, instead of reading as weeks of rest.
    #[test]
    fn a_diary_long_past_the_last_run_points_to_the_runs() {
        let config = Config::default();
        let acts: Vec<Activity> = (0..5).map(|w| run(w * 7, 30.0)).collect();
        let diary: Vec<DiaryEntry> = (0..100).map(|n| entry(n, 2.0, false)).collect();
        let a = analysed(&acts, &diary, &config, day(100));
        let text = to_text(&a, &config);
        assert!(
            text.contains("Note: the diary runs on 71 days past the last activity (5 activities, the last on 2 Feb 2026)"),
            "{text}"
        );
        assert!(!text.contains("up to 0 "), "{text}");
        assert!(long_gap(&scenario(false, &[], None)).is_none());
    }

    /// Issue #24: the weeks table marks as "pain spike" exactly the weeks
    /// where a listed spike starts, not the week an episode runs into.
    #[test]
    fn a_spike_episode_marks_the_week_it_starts_in() {
        let a = scenario(false, &[(33, 5.0), (34, 5.5), (35, 5.0)], None);
        let starts: Vec<NaiveDate> = a.unexplained.iter().map(|s| s.date).collect();
        assert_eq!(starts, [day(33)]);
        let marked: Vec<usize> = (0..a.load.weeks.len())
            .filter(|&i| a.load.weeks[i].pain_spike)
            .collect();
        assert_eq!(
            marked,
            [4],
            "day 35 is in week 5 but only continues the episode"
        );
    }

    /// Issue #22: the weekly rise sets next week's limit; the ratio rules
    /// are printed as context and never bind, even when tighter.
    #[test]
    fn the_weekly_rise_sets_the_limit_and_the_ratios_are_context() {
        let mut config = Config::default();
        config.load.chronic_high = 1.0;
        // Last week 90 after a 130 week: the limit is the recent peak, 130;
        // the chronic rule would allow only the 3-week mean, 103.3.
        let a = scenario_with(&config, true, &[], None);
        let e = a.advice.envelope().unwrap();
        assert_eq!((e.by_change, e.max_load), (Some(130.0), 130.0));
        assert!(e.by_chronic.unwrap() < 104.0, "{e:?}");
        let text = e.describe("min", &config);
        assert!(
            text.starts_with("up to 130 min keeps the week within 30 %"),
            "{text}"
        );
        assert!(text.contains("do not set the limit"), "{text}");
        assert!(!text.contains("EWMA"), "plain words: {text}");
    }
}
