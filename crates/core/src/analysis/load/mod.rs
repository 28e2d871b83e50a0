//! Training load per run, per day and per ISO week, joined with the pain
//! diary.
//!
//! Polars does the group-bys (runs → days, days → weeks). The acute:chronic
//! ratios, EWMA and monotony are short recurrences over the daily series and
//! are written as loops over a `Vec<Day>`: that is exactly how the papers
//! define them, the series is at most a few thousand days, and a newcomer can
//! check each line against the formula.

mod daily;
mod runs;
mod symptoms;
pub use symptoms::leg_pain_rising_back_falling;
mod weekly;

pub use crate::dates::{
    implausible_day, implausible_start, iso_week_label, shift_days, week_span, week_start,
};
pub use daily::acwr_rolling;
pub(crate) use daily::ewmas;
pub use runs::{banister_trimp, counts_towards_load, default_trimp_per_min, local_start};
pub(crate) use weekly::pain_mean;
pub use weekly::week_days;

use crate::analysis::derived::Derived;
use crate::config::{Config, LoadMetric};
use crate::error::Result;
use crate::model::{Activity, DiaryEntry, Sample};
use chrono::{NaiveDate, NaiveDateTime};
use daily::daily;
use runs::{attach_rpe, fill_estimated_trimp, metric_value, run_load};
use serde::Serialize;
use weekly::weekly;

/// Days of history needed before any acute:chronic ratio is shown.
pub const MIN_HISTORY_DAYS: i64 = 28;

/// One activity's load.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunLoad {
    pub id: String,
    pub source: String,
    /// Where the activity's numbers came from (FIT, GPX, TCX, Apple
    /// Health), for the report's activities table.
    pub source_kind: crate::model::Format,
    /// Local calendar day the activity started on.
    pub date: NaiveDate,
    pub start_local: NaiveDateTime,
    pub sport: String,
    /// What the sport means, from the sport and sub-sport together: every
    /// count of runs, walks and sessions reads this, never the name.
    pub kind: crate::sport::Sport,
    pub name: Option<String>,
    pub minutes: f64,
    pub elapsed_min: f64,
    pub km: Option<f64>,
    pub ascent_m: Option<f64>,
    pub avg_hr: Option<f64>,
    pub max_hr: Option<f64>,
    pub trimp: f64,
    /// TRIMP estimated from duration because the file has no heart rate.
    pub trimp_estimated: bool,
    /// Session RPE: the diary's for that day, else the export's own.
    pub rpe: Option<f64>,
    /// Where `rpe` came from: "diary" or "export".
    pub rpe_source: Option<&'static str>,
    pub srpe: Option<f64>,
    /// Whether this activity counts towards the load (running by default).
    pub counts: bool,
    /// The configured load metric's value for this run (0 when it does not count).
    pub load: f64,
    pub has_gps: bool,
    pub duplicates: usize,
    /// Jogging, walking and standing within the activity.
    pub segments: crate::analysis::segment::Summary,
}

/// A run as cited in evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunRef {
    pub date: NaiveDate,
    pub sport: String,
    pub minutes: f64,
    pub km: Option<f64>,
    pub name: Option<String>,
}

impl RunRef {
    pub(crate) fn of(r: &RunLoad) -> RunRef {
        RunRef {
            date: r.date,
            sport: r.sport.clone(),
            minutes: crate::metrics::round(r.minutes, 1),
            km: r.km.map(|k| crate::metrics::round(k, 2)),
            name: r.name.clone(),
        }
    }

    /// "Sat 26 Sep run of 40 min, 6.8 km", distance in the runner's units.
    pub fn describe(&self, units: crate::units::Units) -> String {
        let km = self
            .km
            .filter(|k| *k > 0.0)
            .map(|k| format!(", {:.1} {}", units.from_km(k), units.label()))
            .unwrap_or_default();
        format!(
            "{} {} of {:.0} min{km}",
            self.date.format("%a %d %b"),
            crate::sport::activity_noun(&self.sport),
            self.minutes
        )
    }
}

/// Minutes of the activities that count towards load, in the week from `start`.
pub fn running_minutes(load: &Load, start: NaiveDate) -> f64 {
    let end = shift_days(start, 6);
    load.runs
        .iter()
        .filter(|r| r.counts && r.date >= start && r.date <= end)
        .map(|r| r.minutes)
        .sum()
}

/// One calendar day, with or without runs; pain is `None` on days without
/// diary entries (missing, not zero).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Day {
    pub date: NaiveDate,
    pub runs: u32,
    pub minutes: f64,
    pub load: f64,
    pub pain_mean: Option<f64>,
    pub pain_max: Option<f64>,
    /// First morning entry (before noon or marked `morning`).
    pub pain_morning: Option<f64>,
    /// EWMA acute:chronic ratio at the end of this day.
    pub acwr_ewma: Option<f64>,
}

/// One ISO week. The serialised keys are the documented interface of
/// `runlog weeks --format json` and `weeks.csv`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Week {
    pub week: String,
    pub start: NaiveDate,
    /// Running activities (runs, trail runs, treadmill runs, files that
    /// name no sport).
    pub runs: u32,
    /// Walks and hikes, counted apart whether or not they count for load.
    pub walks: u32,
    pub distance_km: f64,
    pub moving_min: f64,
    pub ascent_m: f64,
    pub avg_hr: Option<f64>,
    pub load: f64,
    pub load_metric: String,
    /// The unit `load` is counted in: "min", "km" or "mi" (a distance load
    /// follows `[display] units`), "TRIMP" or "AU".
    pub load_unit: String,
    pub load_change_pct: Option<f64>,
    pub acwr: Option<f64>,
    pub acwr_ewma: Option<f64>,
    pub monotony: Option<f64>,
    pub strain: Option<f64>,
    pub pain_mean: Option<f64>,
    pub pain_max: Option<f64>,
    pub pain_days_over: u32,
    pub pain_baseline: Option<f64>,
    pub pain_spike: bool,
    pub load_jump: bool,
    pub flag: bool,
    pub flag_reason: Option<String>,
    /// The whole symptom picture from the diary: mean morning stiffness,
    /// leg pain and function score over the week's entries that give them,
    /// and the pain locations named, most often first ("low back; left leg").
    pub stiffness_min_mean: Option<f64>,
    pub leg_pain_mean: Option<f64>,
    pub function_mean: Option<f64>,
    pub locations: String,
    /// The week's outcome measures from scores.csv (its mean where scored
    /// more than once): Oswestry %, Roland–Morris points, PSFS points.
    pub odi_pct: Option<f64>,
    pub rmdq: Option<f64>,
    pub psfs: Option<f64>,
}

/// Everything computed from the store and the diary, before flags.
#[derive(Debug, Clone, Default)]
pub struct Load {
    pub metric: Option<LoadMetric>,
    pub runs: Vec<RunLoad>,
    pub days: Vec<Day>,
    pub weeks: Vec<Week>,
    /// Diary rows whose date cannot be meant, left out of `days` and `weeks`.
    pub unplaced_diary: Vec<UnplacedEntry>,
    /// The TRIMP per minute given to activities without heart rate, and
    /// whether it is the median of the runs with heart rate (else an easy
    /// effort's default): data quality says which.
    pub trimp_estimate: TrimpEstimate,
}

/// How activities without heart rate got their TRIMP.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct TrimpEstimate {
    pub per_min: f64,
    /// Runs with heart rate the median was taken over; 0 = the default.
    pub from_runs: usize,
}

/// Compute runs, days and weeks, for tests and the calibration: `series`
/// gives each activity's samples (a function, so no store is needed), and
/// no diary row counts as in the future.
pub fn compute(
    activities: &[Activity],
    series: impl Fn(&str) -> Result<Vec<Sample>>,
    diary: &[DiaryEntry],
    config: &Config,
) -> Result<Load> {
    let derive = |a: &Activity| Ok(Derived::of(&series(&a.id)?, config));
    compute_on(activities, derive, diary, config, NaiveDate::MAX)
}

/// Runs, days and weeks as of `today` (the caller's clock, read once):
/// each run's series-derived numbers come from `derive` (the cache in
/// `derived`, when the store has one). Diary rows whose date cannot be
/// meant are returned in `unplaced_diary`, for the caller to say.
pub fn compute_on(
    activities: &[Activity],
    mut derive: impl FnMut(&Activity) -> Result<Derived>,
    diary: &[DiaryEntry],
    config: &Config,
    today: NaiveDate,
) -> Result<Load> {
    let (diary, unplaced_diary) = place_diary(diary, today);
    let metric = config.load.metric;
    let mut runs = Vec::with_capacity(activities.len());
    for a in activities {
        runs.push(run_load(a, derive(a)?, config));
    }
    let trimp_estimate = fill_estimated_trimp(&mut runs, config);
    attach_rpe(&mut runs, &diary);
    for r in &mut runs {
        r.load = if r.counts {
            metric_value(r, metric, config.display.units)
        } else {
            0.0
        };
    }
    let days = daily(&runs, &diary);
    let mut weeks = weekly(&days, &runs, config);
    symptoms::fill(&mut weeks, &diary);
    Ok(Load {
        metric: Some(metric),
        runs,
        days,
        weeks,
        unplaced_diary,
        trimp_estimate,
    })
}

/// A diary row left out of the days and weeks because its date cannot be
/// meant (see `implausible_day`); the row itself stays in the diary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnplacedEntry {
    /// Line in `pain.csv`.
    pub line: usize,
    pub date: NaiveDate,
    pub why: &'static str,
}

impl std::fmt::Display for UnplacedEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "pain.csv:{}: date {} is {}; the row is kept but left out of the days and weeks",
            self.line, self.date, self.why
        )
    }
}

/// The diary rows that go into the series, and those that cannot.
fn place_diary(diary: &[DiaryEntry], today: NaiveDate) -> (Vec<DiaryEntry>, Vec<UnplacedEntry>) {
    let mut placed = Vec::with_capacity(diary.len());
    let mut unplaced = Vec::new();
    for e in diary {
        match implausible_day(e.date, today) {
            None => placed.push(e.clone()),
            Some(why) => unplaced.push(UnplacedEntry {
                line: e.line,
                date: e.date,
                why,
            }),
        }
    }
    (placed, unplaced)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{Format, Pain, Summary, TimeOfDay};
    use chrono::{TimeZone, Utc};

    pub(crate) fn cfg() -> Config {
        Config::default()
    }

    pub(crate) fn activity(day: u32, minutes: f64) -> Activity {
        Activity {
            id: format!("a{day}"),
            source: format!("exports/{day}.fit"),
            summary: Summary {
                utc_offset_s: Some(3600),
                distance_m: Some(minutes * 150.0),
                ascent_m: Some(10.0),
                has_gps: true,
                records: 1,
                ..Summary::new(
                    Format::Fit,
                    "running",
                    Utc.with_ymd_and_hms(2026, 1, day, 7, 0, 0).unwrap(),
                    minutes * 60.0,
                )
            },
            duplicates: vec![],
            warnings: Vec::new(),
        }
    }

    pub(crate) fn entry(day: u32, pain: f64) -> DiaryEntry {
        DiaryEntry {
            time: Some(TimeOfDay::Morning),
            ..DiaryEntry::new(
                day as usize,
                shift_days(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), day as i64 - 1),
                Pain::new(pain).unwrap(),
            )
        }
    }

    #[test]
    fn dates_saturate_at_the_calendar_ends() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
        assert_eq!(
            shift_days(d, 6),
            NaiveDate::from_ymd_opt(2026, 1, 11).unwrap()
        );
        assert_eq!(
            shift_days(d, -5),
            NaiveDate::from_ymd_opt(2025, 12, 31).unwrap()
        );
        assert_eq!(shift_days(d, 100_000_000_000), NaiveDate::MAX);
        assert_eq!(shift_days(d, i64::MAX), NaiveDate::MAX);
        assert_eq!(shift_days(d, i64::MIN), NaiveDate::MIN);
        assert_eq!(week_start(NaiveDate::MIN), NaiveDate::MIN);
    }

    /// Typo years in the diary stay in the diary but out of the series:
    /// the weeks are exactly those without the rows, and each row is listed.
    #[test]
    fn implausible_diary_dates_stay_out_of_the_series() {
        let today = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        let acts = [activity(5, 30.0), activity(19, 45.0)];
        let good = vec![entry(5, 1.0), entry(6, 3.0), entry(20, 2.0)];
        let mut all = good.clone();
        for (line, date) in [(40, "9999-12-31"), (41, "0001-01-01"), (42, "2062-10-28")] {
            all.push(DiaryEntry {
                line,
                date: date.parse().unwrap(),
                ..entry(7, 9.0)
            });
        }
        let on = |diary: &[DiaryEntry]| {
            compute_on(
                &acts,
                |_| Ok(Derived::of(&[], &cfg())),
                diary,
                &cfg(),
                today,
            )
            .unwrap()
        };
        let (with, without) = (on(&all), on(&good));
        assert_eq!(with.weeks, without.weeks);
        assert_eq!(with.days, without.days);
        assert_eq!(with.weeks.last().unwrap().week, "2026-W04");
        let listed: Vec<(usize, &str)> = with
            .unplaced_diary
            .iter()
            .map(|u| (u.line, u.why))
            .collect();
        assert_eq!(
            listed,
            [
                (40, "in the future"),
                (41, "before 2000"),
                (42, "in the future")
            ]
        );
        assert!(
            with.unplaced_diary[0]
                .to_string()
                .starts_with("pain.csv:40: date 9999-12-31")
        );
    }

    #[test]
    fn a_diary_date_is_plausible_from_2000_to_tomorrow() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let d = |s: &str| implausible_day(s.parse().unwrap(), today);
        assert_eq!(d("1999-12-31"), Some("before 2000"));
        assert_eq!(d("2000-01-01"), None);
        assert_eq!(
            d("2026-11-28"),
            None,
            "tomorrow, for a late entry across zones"
        );
        assert_eq!(d("2026-11-29"), Some("in the future"));
    }
}
