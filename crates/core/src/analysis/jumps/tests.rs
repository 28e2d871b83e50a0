//! The jump rules on hand-built weeks: Mondays from 5 January 2026, runs at
//! 6:30 on Mon, Wed, Sat, Tue, Thu, Sun in that order, 6 min/km with GPS.

use super::*;
use crate::analysis::Analysis;
use crate::analysis::session::Measure;
use crate::config::{Plan, Stage, StageActivity};
use crate::model::{Activity, Format, Summary};
use chrono::{TimeZone, Utc};

fn day(n: i64) -> NaiveDate {
    shift_days(NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(), n)
}

fn activity(n: i64, sport: &str, minutes: f64, gps: bool) -> Activity {
    let start = Utc.from_utc_datetime(&day(n).and_hms_opt(5, 30, 0).unwrap());
    Activity {
        id: format!("{sport}{n}"),
        source: format!("exports/{sport}{n}.fit"),
        summary: Summary {
            utc_offset_s: Some(3600),
            distance_m: gps.then_some(minutes / 6.0 * 1000.0),
            has_gps: gps,
            records: 10,
            ..Summary::new(Format::Fit, sport, start, minutes * 60.0)
        },
        duplicates: vec![],
        warnings: Vec::new(),
    }
}

/// Week `w` holds one run per entry of `runs[w]`, in minutes.
fn runs(weeks: &[&[f64]]) -> Vec<Activity> {
    const DAYS: [i64; 6] = [0, 2, 5, 1, 3, 6];
    let mut out = Vec::new();
    for (w, minutes) in weeks.iter().enumerate() {
        for (k, m) in minutes.iter().enumerate() {
            out.push(activity(w as i64 * 7 + DAYS[k], "running", *m, true));
        }
    }
    out
}

fn analyse(acts: &[Activity], config: &Config) -> Analysis {
    let load = crate::analysis::load::compute(acts, |_| Ok(vec![]), &[], config).unwrap();
    let today = load.days.last().map_or(chrono::NaiveDate::MIN, |d| d.date);
    crate::analysis::analyse(load, None, Vec::new(), Default::default(), config, today)
}

fn jump_weeks(a: &Analysis) -> Vec<usize> {
    a.jumps
        .iter()
        .map(|j| ((j.week_start - day(0)).num_days() / 7) as usize)
        .collect()
}

/// No single-run rule, to look at the weekly ones alone.
fn weekly_only() -> Config {
    let mut c = Config::default();
    c.load.session_spike_pct = 200.0;
    c
}

const STEADY: &[f64] = &[30.0, 30.0, 30.0];

/// Issue #16: four usual weeks, a deload week, and the return to the usual
/// level: +200 % over the lighter week, but no higher than the weeks
/// before it, so no jump. Going above the usual level is one.
#[test]
fn a_deload_and_return_is_not_a_jump() {
    let weeks: [&[f64]; 7] = [STEADY, STEADY, STEADY, STEADY, &[30.0], STEADY, STEADY];
    let a = analyse(&runs(&weeks), &Config::default());
    let back = &a.load.weeks[5];
    assert_eq!(back.load_change_pct, Some(200.0), "the old rule's +200 %");
    assert!(a.jumps.is_empty(), "{:#?}", a.jumps);

    let above: [&[f64]; 7] = [STEADY, STEADY, STEADY, STEADY, &[30.0], STEADY, &[30.0; 4]];
    let a = analyse(&runs(&above), &Config::default());
    assert_eq!(jump_weeks(&a), [6]);
    let j = &a.jumps[0];
    assert!(j.rule.weekly_change && j.rule.chronic, "{:?}", j.rule);
    assert!(
        j.session_spikes.is_empty(),
        "equal runs are no session spike"
    );
    assert_eq!((j.previous_peak, j.chronic_mean), (Some(90.0), Some(70.0)));
    assert_eq!(j.chronic_ratio, Some(1.71));
    // Mon, Tue, Wed make 90: the Saturday run took the week over both
    // 90 × 1.3 = 117 and 70 × 1.3 = 91.
    assert_eq!(j.trigger_date, day(6 * 7 + 5), "{j:#?}");
}

/// A week may be a jump against its chronic load without a 30 % weekly
/// rise, and a 30 % rise alone is not enough below the recent peak.
#[test]
fn the_chronic_load_and_the_weekly_rise_are_separate_rules() {
    let c = weekly_only();
    // 70, 70, 70, 85 (+21 %) → 100 (+18 %, 100 / 75 = 1.33 × the chronic mean).
    let two = &[35.0, 35.0][..];
    let weeks: [&[f64]; 5] = [two, two, two, &[30.0, 30.0, 25.0], &[25.0; 4]];
    let a = analyse(&runs(&weeks), &c);
    assert_eq!(jump_weeks(&a), [4]);
    let r = &a.jumps[0].rule;
    assert!(r.chronic && !r.weekly_change && !r.acwr, "{r:?}");
    assert!(
        r.describe(&c)
            .contains("above 1.3 × the mean of the previous 3 weeks")
    );
    // The limits are the configuration's.
    let mut c2 = c.clone();
    c2.load.chronic_high = 1.5;
    assert!(analyse(&runs(&weeks), &c2).jumps.is_empty());
    let mut c3 = c.clone();
    c3.load.chronic_weeks = 1;
    assert!(analyse(&runs(&weeks), &c3).jumps.is_empty(), "100 / 85");
}

/// Two walking weeks are not a chronic load of zero: the ratios, the
/// single long run's included, wait for three weeks of counted running.
#[test]
fn ratios_wait_for_three_weeks_of_running() {
    let mut acts = Vec::new();
    for w in 0..2 {
        for d in [0, 2, 4, 6] {
            acts.push(activity(w * 7 + d, "walking", 40.0, true));
        }
    }
    // Running from week 2: 60, 90 (+50 %, a 45-minute run), 90, 90, 150.
    let weeks: [&[f64]; 7] = [
        &[],
        &[],
        &[30.0, 30.0],
        &[30.0, 15.0, 45.0],
        STEADY,
        STEADY,
        &[50.0, 50.0, 50.0],
    ];
    acts.extend(runs(&weeks));
    let a = analyse(&acts, &Config::default());
    assert_eq!(jump_weeks(&a), [6], "{:#?}", a.jumps);
    assert!(a.load.weeks[3].load_change_pct.unwrap() > 30.0);
    assert!(a.load.weeks[3].acwr_ewma.is_some());
    let j = &a.jumps[0];
    assert!(j.rule.weekly_change && !j.session_spikes.is_empty());
    // With one week of running enough, week 3 is a jump, with its long run.
    let mut c = Config::default();
    c.load.min_running_weeks = 1;
    let a = analyse(&acts, &c);
    assert_eq!(jump_weeks(&a), [3, 6]);
    assert_eq!(a.jumps[0].session_spikes[0].date, day(3 * 7 + 5));
    // Walks that count are running weeks too.
    let mut c = Config::default();
    c.load.include_walks = true;
    assert!(jump_weeks(&analyse(&acts, &c)).contains(&3));
}

/// One long Saturday run after usual weeks, in each band of Frandsen et
/// al. (2025): a jump of its own, dated to that run, with its band, even
/// when the week's total is unremarkable.
#[test]
fn a_session_spike_in_each_band_is_a_jump_dated_to_its_run() {
    let c = Config::default();
    for (long, band, hrr, weekly) in [
        (32.0, None, None, false),
        (36.0, Some("10–30 %"), Some(1.64), false),
        (45.0, Some("30–100 %"), Some(1.52), false),
        (65.0, Some("over 100 %"), Some(2.28), true),
    ] {
        let spike: &[f64] = &[30.0, 30.0, long];
        let weeks: [&[f64]; 5] = [STEADY, STEADY, STEADY, STEADY, spike];
        let a = analyse(&runs(&weeks), &c);
        let Some(band) = band else {
            assert!(a.jumps.is_empty(), "{long} min: {:#?}", a.jumps);
            continue;
        };
        assert_eq!(jump_weeks(&a), [4], "{long} min");
        let j = &a.jumps[0];
        assert_eq!(j.session_spikes.len(), 1);
        let s = &j.session_spikes[0];
        let hr = s.hazard_ratio.map(|h| h.estimate);
        assert_eq!((s.band, hr, s.date), (band, hrr, day(4 * 7 + 5)));
        assert_eq!(s.reference_date, day(4 * 7 + 2), "the latest of the equals");
        assert_eq!(j.trigger_date, day(4 * 7 + 5));
        assert_eq!(j.trigger_run.as_ref().unwrap().minutes, long);
        assert_eq!(j.rule.weekly_change, weekly, "{long} min: {:?}", j.rule);
        assert!(j.rule.describe(&c).contains(band));
        assert!(j.rule.evidence()[0].contains("Frandsen"));
        assert_eq!(j.rule.short().split(", ").next(), Some("session spike"));
    }
}

/// A treadmill run without GPS is measured in minutes.
#[test]
fn a_session_spike_without_gps_counts_minutes() {
    let mut acts = runs(&[STEADY, STEADY, STEADY, STEADY, &[30.0, 30.0]]);
    acts.push(activity(4 * 7 + 5, "running", 40.0, false));
    let a = analyse(&acts, &Config::default());
    let s = &a.jumps[0].session_spikes[0];
    assert_eq!(
        (s.measure, s.value, s.reference),
        (Measure::Minutes, 40.0, 30.0)
    );
    assert!((s.pct - 33.3).abs() < 0.05);
}

fn stage(weeks: u32, minutes: f64) -> Stage {
    Stage {
        weeks,
        activity: StageActivity::Run,
        minutes,
        sessions: 3,
        ratio: None,
    }
}

fn planned(stages: Vec<Stage>) -> Config {
    Config {
        plan: Plan {
            start: Some(day(0)),
            ahead_minutes_pct: 30.0,
            stages,
        },
        ..Config::default()
    }
}

/// The plan steps from 3 × 20 to 3 × 30 min: the rise is a jump (the back
/// does not know it was planned) marked as the plan's step; the same rise
/// within one stage is not marked; more than the new stage asks is
/// running ahead of the plan, not a planned step.
#[test]
fn a_planned_stage_step_is_told_apart_from_running_ahead() {
    let twenty = &[20.0, 20.0, 20.0][..];
    let weeks: [&[f64]; 5] = [twenty, twenty, twenty, twenty, STEADY];
    let step = planned(vec![stage(4, 20.0), stage(4, 30.0)]);
    let a = analyse(&runs(&weeks), &step);
    assert_eq!(jump_weeks(&a), [4]);
    let j = &a.jumps[0];
    assert!(j.rule.ahead_of_plan.is_none());
    assert_eq!(
        j.plan_step.as_deref(),
        Some("stage 1 → 2: continuous run, 3 × 30 min")
    );
    assert!(
        j.rule
            .describe(&step)
            .ends_with("not running ahead of the plan")
    );
    assert!(j.rule.short().ends_with("planned step"));

    let one_stage = planned(vec![stage(8, 30.0)]);
    let a = analyse(&runs(&weeks), &one_stage);
    assert_eq!(jump_weeks(&a), [4]);
    assert_eq!(
        (&a.jumps[0].plan_step, &a.jumps[0].rule.ahead_of_plan),
        (&None, &None)
    );

    let ahead: [&[f64]; 5] = [twenty, twenty, twenty, twenty, &[40.0, 40.0, 40.0]];
    let a = analyse(&runs(&ahead), &step);
    let j = &a.jumps[0];
    assert!(
        j.rule
            .ahead_of_plan
            .as_deref()
            .unwrap()
            .contains("120 minutes against 90")
    );
    assert_eq!(j.plan_step, None);
    assert!(j.rule.short().contains("ahead of plan"));
}
