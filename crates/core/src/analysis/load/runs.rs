//! One activity's load: its local day, its TRIMP, its session RPE, and
//! whether it counts at all. Each is decided per run, before any summing,
//! so a day or a week is only ever a sum of these.

use super::{RunLoad, TrimpEstimate};
use crate::analysis::derived::Derived;
use crate::config::{Config, LoadMetric};
use crate::metrics;
use crate::model::{Activity, DiaryEntry, Sample};
use crate::units::Units;
use chrono::{FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use std::collections::BTreeMap;

/// The local time of a start: the file's own UTC offset when it has one
/// (the clock where the runner was), else the configured time zone.
pub fn local_start(a: &Activity, config: &Config) -> NaiveDateTime {
    let s = &a.summary;
    match s.utc_offset_s.and_then(FixedOffset::east_opt) {
        Some(off) => s.start.with_timezone(&off).naive_local(),
        None => config
            .tz()
            .from_utc_datetime(&s.start.naive_utc())
            .naive_local(),
    }
}

pub(super) fn run_load(a: &Activity, derived: Derived, config: &Config) -> RunLoad {
    let s = &a.summary;
    let start_local = local_start(a, config);
    let trimp = derived.trimp;
    RunLoad {
        id: a.id.clone(),
        source: a.source.clone(),
        source_kind: s.format,
        date: start_local.date(),
        start_local,
        sport: s.sport.clone(),
        kind: crate::sport::classify(&s.sport, s.sub_sport.as_deref()),
        name: s.name.clone(),
        minutes: s.moving_s / 60.0,
        elapsed_min: s.elapsed_s / 60.0,
        km: s.distance_m.map(|d| d / 1000.0),
        ascent_m: s.ascent_m,
        avg_hr: s.avg_hr,
        max_hr: s.max_hr,
        trimp: trimp.unwrap_or(0.0),
        trimp_estimated: trimp.is_none(),
        rpe: s.rpe,
        rpe_source: s.rpe.map(|_| "export"),
        srpe: s.rpe.map(|r| r * s.moving_s / 60.0),
        counts: counts_towards_load(&s.sport, s.sub_sport.as_deref(), config),
        load: 0.0,
        has_gps: s.has_gps,
        duplicates: a.duplicates.len(),
        segments: derived.segments,
    }
}

/// Running counts (a file that does not say its sport is taken as a run).
/// Walks and hikes count only when configured; cycling and the rest are
/// cross-training, listed but counted only when configured.
pub fn counts_towards_load(sport: &str, sub_sport: Option<&str>, config: &Config) -> bool {
    let s = crate::sport::classify(sport, sub_sport);
    if s.is_running() {
        true
    } else if s.is_walking() {
        config.load.include_walks
    } else {
        config.load.include_cross_training
    }
}

/// Banister TRIMP of one series with the athlete's heart rates.
pub fn banister_trimp(samples: &[Sample], config: &Config) -> Option<f64> {
    let a = &config.athlete;
    metrics::banister_trimp(samples, a.resting_hr, a.max_hr, a.sex.trimp())
}

/// TRIMP per minute assumed for runs without heart rate when no run has any:
/// an easy effort at 60 % of heart-rate reserve.
pub fn default_trimp_per_min(config: &Config) -> f64 {
    metrics::trimp_per_min(0.6, config.athlete.sex.trimp())
}

/// Give activities without heart rate a duration-based TRIMP (minutes ×
/// the median TRIMP per minute of the *runs* that have it), so a week
/// recorded without a chest strap does not count as rest. Walks stay out
/// of the median: their lower rate would pull a run's estimate down.
pub(super) fn fill_estimated_trimp(runs: &mut [RunLoad], config: &Config) -> TrimpEstimate {
    let rates: Vec<f64> = runs
        .iter()
        .filter(|r| r.kind.is_running() && !r.trimp_estimated && r.minutes > 1.0)
        .map(|r| r.trimp / r.minutes)
        .collect();
    let from_runs = rates.len();
    let per_min = metrics::median(rates).unwrap_or_else(|| default_trimp_per_min(config));
    for r in runs.iter_mut().filter(|r| r.trimp_estimated) {
        r.trimp = r.minutes * per_min;
    }
    TrimpEstimate { per_min, from_runs }
}

/// Session-RPE (Foster 2001): RPE × the run's minutes. The diary's RPE for
/// the day wins over one from the export (the runner wrote it for us).
pub(super) fn attach_rpe(runs: &mut [RunLoad], diary: &[DiaryEntry]) {
    let mut by_day: BTreeMap<NaiveDate, Vec<f64>> = BTreeMap::new();
    for e in diary {
        if let Some(r) = e.rpe {
            by_day.entry(e.date).or_default().push(r);
        }
    }
    for run in runs {
        if let Some(v) = by_day.get(&run.date) {
            let rpe = v.iter().sum::<f64>() / v.len() as f64;
            run.rpe = Some(rpe);
            run.rpe_source = Some("diary");
            run.srpe = Some(rpe * run.minutes);
        }
    }
}

pub(super) fn metric_value(r: &RunLoad, metric: LoadMetric, units: Units) -> f64 {
    match metric {
        LoadMetric::Time => r.minutes,
        LoadMetric::Distance => units.from_km(r.km.unwrap_or(0.0)),
        LoadMetric::Trimp => r.trimp,
        // Without an RPE the run still happened: fall back to minutes × 4
        // ("somewhat hard"), the middle of the CR-10 scale's training range.
        LoadMetric::Srpe => r.srpe.unwrap_or(r.minutes * 4.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::load::tests::{activity, cfg, entry};
    use crate::analysis::load::{compute, iso_week_label};
    use crate::config::Sex;
    use chrono::Utc;

    #[test]
    fn trimp_matches_hand_computation() {
        // 10 minutes at 150 bpm with rest 60 / max 185: HRr = 0.72; sex
        // unspecified: TRIMP = 10 × 0.72 × 0.75 × e^(1.795 × 0.72) = 19.66.
        let samples: Vec<Sample> = (0..=600)
            .map(|t| Sample {
                t_s: t as f64,
                hr_bpm: Some(150.0),
                ..Sample::default()
            })
            .collect();
        let t = banister_trimp(&samples, &cfg()).unwrap();
        let expect = 10.0 * 0.72 * 0.75 * (1.795f64 * 0.72).exp();
        assert!((t - expect).abs() < 1e-9, "{t} vs {expect}");
        assert!((expect - 19.66).abs() < 0.01, "{expect}");
        let with = |sex| {
            let mut c = cfg();
            c.athlete.sex = sex;
            banister_trimp(&samples, &c).unwrap()
        };
        // Issue #22, Morton et al. 1990 by hand: men 10 × 0.72 × 0.64 ×
        // e^(1.92 × 0.72) = 18.36; women 10 × 0.72 × 0.86 × e^(1.67 × 0.72)
        // = 20.61 (with 0.64 it was 15.34, 26 % too low).
        assert!(
            (with(Sex::Male) - 18.36).abs() < 0.01,
            "{}",
            with(Sex::Male)
        );
        assert!(
            (with(Sex::Female) - 20.61).abs() < 0.01,
            "{}",
            with(Sex::Female)
        );
        // No heart rate → no TRIMP (the caller estimates it).
        let bare: Vec<Sample> = samples
            .iter()
            .map(|s| Sample { hr_bpm: None, ..*s })
            .collect();
        assert_eq!(banister_trimp(&bare, &cfg()), None);
    }

    /// Issue #18: a runner who counts in miles gets a distance load in
    /// miles; the weeks' `distance_km` stays in kilometres for scripts.
    #[test]
    fn a_distance_load_counts_in_the_runners_units() {
        let runs = [activity(5, 40.0), activity(7, 60.0)]; // 6 km and 9 km
        let mut c = cfg();
        c.load.metric = LoadMetric::Distance;
        let km = compute(&runs, |_| Ok(vec![]), &[], &c).unwrap();
        c.display.units = Units::Mi;
        let mi = compute(&runs, |_| Ok(vec![]), &[], &c).unwrap();
        let week = |l: &crate::analysis::load::Load| {
            l.weeks.iter().find(|w| w.load > 0.0).cloned().unwrap()
        };
        let (wk, wm) = (week(&km), week(&mi));
        assert_eq!(wk.load, 15.0);
        assert!((wm.load - 15.0 / 1.609344).abs() < 0.01, "{}", wm.load);
        assert_eq!((wk.distance_km, wm.distance_km), (15.0, 15.0));
        assert_eq!(LoadMetric::Distance.unit(Units::Mi), "mi");
        assert_eq!(LoadMetric::Time.unit(Units::Mi), "min");
    }

    /// Issue #30: a run without heart rate gets the median TRIMP per minute
    /// of the runs with it; a walk's lower rate stays out of the median.
    #[test]
    fn issue30_a_run_without_heart_rate_takes_the_runs_rate_not_the_walks() {
        let hr = |bpm: f64| -> Vec<Sample> {
            (0..=600)
                .map(|t| Sample {
                    t_s: t as f64,
                    hr_bpm: Some(bpm),
                    ..Sample::default()
                })
                .collect()
        };
        let mut walk = activity(6, 10.0);
        walk.summary.sport = "walking".into();
        let acts = [activity(5, 10.0), walk, activity(7, 20.0)];
        // 10 minutes at 150 bpm (run), 10 at 100 bpm (walk), none (run).
        let series = |id: &str| -> crate::error::Result<Vec<Sample>> {
            Ok(match id {
                "a5" => hr(150.0),
                "a6" => hr(100.0),
                _ => vec![],
            })
        };
        let load = compute(&acts, series, &[], &cfg()).unwrap();
        let run_rate = banister_trimp(&hr(150.0), &cfg()).unwrap() / 10.0;
        let estimated = load.runs.iter().find(|r| r.id == "a7").unwrap();
        assert!(estimated.trimp_estimated);
        assert!(
            (estimated.trimp - 20.0 * run_rate).abs() < 1e-9,
            "{} vs {}",
            estimated.trimp,
            20.0 * run_rate
        );
    }

    #[test]
    fn pauses_add_no_trimp() {
        let s = |t: f64| Sample {
            t_s: t,
            hr_bpm: Some(150.0),
            ..Sample::default()
        };
        let with_gap = [s(0.0), s(1.0), s(601.0), s(602.0)];
        let t = banister_trimp(&with_gap, &cfg()).unwrap();
        let per_min = 0.72 * 0.75 * (1.795f64 * 0.72).exp();
        assert!((t - 2.0 / 60.0 * per_min).abs() < 1e-9);
    }

    #[test]
    fn a_run_belongs_to_the_local_day_across_daylight_saving() {
        // Sun 29 Mar 2026, the night clocks went forward in Berlin: 22:30 UTC
        // is 00:30 on Monday local time, so the run opens week 14.
        let mut a = activity(1, 30.0);
        a.summary.start = Utc.with_ymd_and_hms(2026, 3, 29, 22, 30, 0).unwrap();
        for offset in [Some(7200), None] {
            a.summary.utc_offset_s = offset;
            let local = local_start(&a, &cfg());
            assert_eq!(
                local.date(),
                NaiveDate::from_ymd_opt(2026, 3, 30).unwrap(),
                "{offset:?}"
            );
            assert_eq!(iso_week_label(local.date()), "2026-W14");
        }
        // Before the switch the same UTC time is still Sunday (23:30 CET).
        a.summary.start = Utc.with_ymd_and_hms(2026, 3, 22, 22, 30, 0).unwrap();
        a.summary.utc_offset_s = None;
        assert_eq!(
            local_start(&a, &cfg()).date(),
            NaiveDate::from_ymd_opt(2026, 3, 22).unwrap()
        );
    }

    /// The runner flies from Berlin to New York mid-diary. Diary dates are
    /// the runner's own calendar wherever they are, and a run's day comes
    /// from its file's own UTC offset, so an evening run in New York stays
    /// on the evening's date and the next morning's pain is the next day,
    /// although in Berlin (the configured zone) it was already morning.
    #[test]
    fn a_diary_across_a_time_zone_change_lines_up_with_local_run_days() {
        // Tue 10 Mar 2026 02:30 UTC = Mon 9 Mar 22:30 in New York (UTC-4 after
        // the US switch on 8 March) = Tue 03:30 in Berlin.
        let mut ny = activity(9, 40.0);
        ny.summary.start = Utc.with_ymd_and_hms(2026, 3, 10, 2, 30, 0).unwrap();
        ny.summary.utc_offset_s = Some(-4 * 3600);
        let berlin = activity(5, 30.0); // Mon 5 Jan, before the trip
        let diary = [entry(5, 1.0), entry(68, 2.0), entry(69, 5.0)]; // 9 and 10 Mar
        let load = compute(&[berlin, ny.clone()], |_| Ok(vec![]), &diary, &cfg()).unwrap();
        let run_day = load.runs.iter().find(|r| r.id == ny.id).unwrap().date;
        assert_eq!(run_day, NaiveDate::from_ymd_opt(2026, 3, 9).unwrap());
        let day = |d: u32| {
            let date = NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
            load.days.iter().find(|x| x.date == date).unwrap().clone()
        };
        assert_eq!((day(9).runs, day(9).pain_mean), (1, Some(2.0)));
        assert_eq!((day(10).runs, day(10).pain_mean), (0, Some(5.0)));
        // Without the file's offset the configured zone decides: Tuesday.
        ny.summary.utc_offset_s = None;
        assert_eq!(
            local_start(&ny, &cfg()).date(),
            NaiveDate::from_ymd_opt(2026, 3, 10).unwrap()
        );
    }
}
