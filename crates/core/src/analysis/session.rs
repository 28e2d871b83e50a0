//! The single long run (Frandsen et al., BJSM 2025): a run more than
//! `session_spike_pct` longer than the longest run of the previous
//! `session_window_days`, by distance when the run has GPS and by minutes
//! when it has not.

use crate::analysis::evidence::{band, pct_text};
use crate::analysis::load::RunRef;
use crate::analysis::load::{RunLoad, shift_days};
use crate::config::Config;
use crate::metrics::round;
use chrono::NaiveDate;
use serde::Serialize;

/// Said wherever a run is measured by minutes against Frandsen et al.'s
/// distance bands.
pub const TIME_EXTRAPOLATED: &str =
    "the study measured distance, so by minutes this applies its finding to time by extrapolation";

/// What a session is measured by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    /// Kilometres, for runs with GPS (as in the study).
    Distance,
    /// Moving minutes, for runs without GPS (treadmill, no satellite fix).
    Minutes,
}

impl Measure {
    fn of(r: &RunLoad) -> Option<f64> {
        if r.has_gps {
            r.km.filter(|k| *k > 0.0)
        } else {
            None
        }
    }
}

/// One run longer than the recent longest by more than the threshold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionSpike {
    pub date: NaiveDate,
    pub run: RunRef,
    pub measure: Measure,
    /// This run's km or minutes.
    pub value: f64,
    /// The longest of the window, in the same measure, and its day.
    pub reference: f64,
    pub reference_date: NaiveDate,
    /// How much longer, in percent.
    pub pct: f64,
    /// Frandsen et al.'s band: "10–30 %", "30–100 %", "over 100 %" (or
    /// "under 10 %" with a lower configured threshold).
    pub band: &'static str,
    /// The study's hazard ratio for that band, with its interval.
    pub hazard_ratio: Option<crate::analysis::evidence::HazardRatio>,
    /// The window's longest run in minutes, for a reader who thinks in time.
    pub reference_minutes: f64,
}

impl SessionSpike {
    /// E.g. "Sat 26 Sep run of 40 min, 6.8 km: 69 % longer than the longest
    /// of the previous 30 days (4.0 km on Thu 24 Sep; the longest by time
    /// was 30 min), band 30–100 % (hazard ratio 1.52, 95 % CI 1.16–2.00)".
    pub fn describe(&self, config: &Config) -> String {
        let units = config.display.units;
        let reference = match self.measure {
            Measure::Distance => format!(
                "{:.1} {} on {}; the longest by time was {:.0} min",
                units.from_km(self.reference),
                units.label(),
                self.reference_date.format("%a %d %b"),
                self.reference_minutes
            ),
            Measure::Minutes => format!(
                "{:.0} min on {}; by time, as the run has no GPS",
                self.reference,
                self.reference_date.format("%a %d %b")
            ),
        };
        // The study measured distance: by minutes its ratios are applied
        // to time by extrapolation, and the reader is told so.
        let hrr = self
            .hazard_ratio
            .map(|h| match self.measure {
                Measure::Distance => format!(" (in Frandsen et al. 2025: {})", h.describe()),
                Measure::Minutes => format!(
                    " (in Frandsen et al. 2025, by distance: {}; {TIME_EXTRAPOLATED})",
                    h.describe()
                ),
            })
            .unwrap_or_default();
        format!(
            "{}: {} % longer than the longest of the previous {} days ({reference}), band {}{hrr}",
            self.run.describe(units),
            pct_text(self.pct, config.load.session_spike_pct),
            config.load.session_window_days,
            self.band
        )
    }
}

/// The activities a session is compared with: those that count towards the
/// load (running, and walks or cross-training when configured).
fn counted(runs: &[RunLoad]) -> Vec<&RunLoad> {
    let mut v: Vec<&RunLoad> = runs.iter().filter(|r| r.counts).collect();
    v.sort_by_key(|r| r.start_local);
    v
}

/// The longest counted run in the `window_days` before `r` (by start), by
/// distance (GPS runs) and by minutes (all), each with its day.
fn longest_before(all: &[&RunLoad], until: chrono::NaiveDateTime, from: NaiveDate) -> Longest {
    let window = all
        .iter()
        .filter(|w| w.start_local < until && w.date >= from);
    let mut out = Longest::default();
    for w in window {
        // Of equals, the latest: the one the runner remembers.
        if out.minutes.is_none_or(|m| w.minutes >= m.0) {
            out.minutes = Some((w.minutes, w.date));
        }
        if let Some(k) = Measure::of(w)
            && out.km.is_none_or(|m| k >= m.0)
        {
            out.km = Some((k, w.date));
        }
    }
    out
}

/// The longest runs of a window: (minutes, day) and (km, day).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Longest {
    pub minutes: Option<(f64, NaiveDate)>,
    pub km: Option<(f64, NaiveDate)>,
}

/// The longest counted runs of the `window_days` days up to and including
/// `last`: what the next run is compared with.
pub fn longest_up_to(runs: &[RunLoad], last: NaiveDate, window_days: i64) -> Longest {
    let all = counted(runs);
    let from = shift_days(last, 1 - window_days);
    let until = shift_days(last, 1).and_hms_opt(0, 0, 0).unwrap_or_default();
    longest_before(&all, until, from)
}

/// Every counted run longer than the longest of the previous window by
/// more than the configured percentage. A run with nothing before it in
/// the window has nothing to be compared with and is no spike.
pub fn session_spikes(runs: &[RunLoad], config: &Config) -> Vec<SessionSpike> {
    let l = &config.load;
    let all = counted(runs);
    let mut out = Vec::new();
    for r in &all {
        let from = shift_days(r.date, -l.session_window_days);
        let longest = longest_before(&all, r.start_local, from);
        let Some((ref_min, ref_min_date)) = longest.minutes else {
            continue;
        };
        let (measure, value, (reference, reference_date)) = match (Measure::of(r), longest.km) {
            (Some(k), Some(km)) => (Measure::Distance, k, km),
            _ => (Measure::Minutes, r.minutes, (ref_min, ref_min_date)),
        };
        if reference <= 0.0 {
            continue;
        }
        let pct = (value / reference - 1.0) * 100.0;
        if pct <= l.session_spike_pct {
            continue;
        }
        let b = band(pct);
        out.push(SessionSpike {
            date: r.date,
            run: RunRef::of(r),
            measure,
            value: round(value, 2),
            reference: round(reference, 2),
            reference_date,
            pct: round(pct, 1),
            band: b.label,
            hazard_ratio: b.hazard_ratio,
            reference_minutes: round(ref_min, 1),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(day: i64, minutes: f64, km: Option<f64>) -> RunLoad {
        let date = shift_days(NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(), day);
        RunLoad {
            id: format!("r{day}"),
            source: format!("exports/{day}.fit"),
            source_kind: crate::model::Format::Fit,
            date,
            start_local: date.and_hms_opt(7, 0, 0).unwrap(),
            sport: "running".into(),
            kind: crate::sport::Sport::Run,
            name: None,
            minutes,
            elapsed_min: minutes,
            km,
            ascent_m: None,
            avg_hr: None,
            max_hr: None,
            trimp: 0.0,
            trimp_estimated: true,
            rpe: None,
            rpe_source: None,
            srpe: None,
            counts: true,
            load: minutes,
            has_gps: km.is_some(),
            duplicates: 0,
            segments: crate::analysis::derived::Derived::of(&[], &Config::default()).segments,
        }
    }

    /// A long run after 10 km runs, in each of the study's bands.
    #[test]
    fn each_band_with_its_hazard_ratio() {
        let config = Config::default();
        for (km, band, hrr) in [
            (10.9, None, None),
            (12.0, Some("10–30 %"), Some(1.64)),
            (15.0, Some("30–100 %"), Some(1.52)),
            (21.1, Some("over 100 %"), Some(2.28)),
        ] {
            let runs = [
                run(0, 60.0, Some(10.0)),
                run(7, 60.0, Some(9.0)),
                run(14, 60.0, Some(km)),
            ];
            let s = session_spikes(&runs, &config);
            assert_eq!(s.first().map(|s| s.band), band, "{km} km");
            assert_eq!(
                s.first().and_then(|s| s.hazard_ratio.map(|h| h.estimate)),
                hrr
            );
            if let Some(s) = s.first() {
                assert_eq!((s.measure, s.reference), (Measure::Distance, 10.0));
                assert_eq!(s.reference_date, runs[0].date);
                assert_eq!(s.date, runs[2].date);
            }
        }
    }

    /// The window is the 30 days before the run: a long run 31 days back
    /// no longer counts, and the first run of all has nothing to beat.
    #[test]
    fn only_the_previous_thirty_days_count() {
        let config = Config::default();
        let runs = [
            run(0, 90.0, Some(15.0)),
            run(20, 40.0, Some(6.0)),
            run(31, 48.0, Some(7.0)),
        ];
        let s = session_spikes(&runs, &config);
        assert_eq!(s.len(), 1, "{s:#?}");
        assert_eq!((s[0].date, s[0].pct), (runs[2].date, 16.7));
        let mut c = config.clone();
        c.load.session_window_days = 40;
        assert!(session_spikes(&runs, &c).is_empty());
    }

    /// Without GPS, minutes; a GPS run after only treadmill runs too.
    #[test]
    fn runs_without_gps_compare_minutes() {
        let config = Config::default();
        let runs = [
            run(0, 30.0, Some(5.0)),
            run(2, 40.0, None),
            run(4, 45.0, None),
        ];
        let s = session_spikes(&runs, &config);
        assert_eq!(s.len(), 2, "{s:#?}");
        assert_eq!(
            (s[0].measure, s[0].value, s[0].reference),
            (Measure::Minutes, 40.0, 30.0)
        );
        assert_eq!((s[1].value, s[1].pct), (45.0, 12.5));
        assert!(
            s[0].describe(&config).contains("no GPS"),
            "{}",
            s[0].describe(&config)
        );
        // Issue #30: the study's ratios are for distance; by minutes the
        // text says they are applied to time by extrapolation.
        assert!(
            s[0].describe(&config).contains(TIME_EXTRAPOLATED),
            "{}",
            s[0].describe(&config)
        );
    }

    #[test]
    fn the_threshold_is_configurable_and_walks_do_not_count() {
        let mut runs = vec![run(0, 30.0, Some(5.0)), run(3, 30.0, Some(5.4))];
        let mut c = Config::default();
        assert!(session_spikes(&runs, &c).is_empty(), "8 % is no spike");
        c.load.session_spike_pct = 5.0;
        let s = session_spikes(&runs, &c);
        assert_eq!((s.len(), s[0].band), (1, "under 10 %"));
        runs[0].counts = false;
        assert!(
            session_spikes(&runs, &c).is_empty(),
            "a walk is no reference"
        );
    }

    #[test]
    fn the_next_run_is_compared_with_the_last_thirty_days() {
        let runs = [
            run(0, 70.0, Some(12.0)),
            run(10, 45.0, Some(7.0)),
            run(12, 50.0, None),
        ];
        let l = longest_up_to(&runs, runs[2].date, 30);
        assert_eq!(l.minutes, Some((70.0, runs[0].date)));
        assert_eq!(l.km, Some((12.0, runs[0].date)));
        let l = longest_up_to(&runs, shift_days(runs[0].date, 30), 30);
        assert_eq!(
            l.minutes,
            Some((50.0, runs[2].date)),
            "day 0 left the window"
        );
        assert_eq!(l.km, Some((7.0, runs[1].date)));
    }
}
