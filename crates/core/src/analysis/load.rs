//! Training load per run, per day and per ISO week, joined with the pain
//! diary.
//!
//! Polars does the group-bys (runs → days, days → weeks). The acute:chronic
//! ratios, EWMA and monotony are short recurrences over the daily series and
//! are written as loops over a `Vec<Day>`: that is exactly how the papers
//! define them, the series is at most a few thousand days, and a newcomer can
//! check each line against the formula.

use crate::analysis::derived::Derived;
use crate::config::{Config, LoadMetric};
use crate::metrics;
pub use crate::dates::{implausible_day, implausible_start, iso_week_label, shift_days, week_start};
use crate::error::{Error, Result};
use crate::model::{Activity, DiaryEntry, Sample};
use chrono::{
    Datelike, Days, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc,
};
use polars::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;



/// Days of history needed before any acute:chronic ratio is shown.
pub const MIN_HISTORY_DAYS: i64 = 28;

/// One activity's load.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunLoad {
    pub id: String,
    pub source: String,
    /// Local calendar day the activity started on.
    pub date: NaiveDate,
    pub start_local: NaiveDateTime,
    pub sport: String,
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

/// One calendar day, with or without runs; pain is `None` on days without
/// diary entries (missing, not zero).
#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Week {
    pub week: String,
    pub start: NaiveDate,
    pub runs: u32,
    pub distance_km: f64,
    pub moving_min: f64,
    pub ascent_m: f64,
    pub avg_hr: Option<f64>,
    pub load: f64,
    pub load_metric: String,
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
}

/// Compute runs, days and weeks. `series` gives each activity's samples
/// (from the store); it is a function so tests need no store.
pub fn compute(
    activities: &[Activity],
    series: impl Fn(&str) -> Result<Vec<Sample>>,
    diary: &[DiaryEntry],
    config: &Config,
) -> Result<Load> {
    let derive = |a: &Activity| Ok(Derived::of(&series(&a.id)?, config));
    compute_with(activities, derive, diary, config)
}

/// The same, with each run's series-derived numbers given by `derive`
/// (from the cache in `derived`, when the store has one). "Today" is the
/// clock's date in the athlete's time zone; diary rows whose date cannot
/// be meant are warned about on stderr, once, here.
pub fn compute_with(
    activities: &[Activity],
    derive: impl FnMut(&Activity) -> Result<Derived>,
    diary: &[DiaryEntry],
    config: &Config,
) -> Result<Load> {
    let today = Utc::now().with_timezone(&config.tz()).date_naive();
    let load = compute_on(activities, derive, diary, config, today)?;
    for u in &load.unplaced_diary {
        eprintln!("diary: {u}");
    }
    Ok(load)
}

/// The computation itself, with "today" given so it can be tested.
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
    fill_estimated_trimp(&mut runs, config);
    attach_rpe(&mut runs, &diary);
    for r in &mut runs {
        r.load = if r.counts {
            metric_value(r, metric)
        } else {
            0.0
        };
    }
    let days = daily(&runs, &diary).map_err(polars_err)?;
    let weeks = weekly(&days, &runs, config).map_err(polars_err)?;
    Ok(Load {
        metric: Some(metric),
        runs,
        days,
        weeks,
        unplaced_diary,
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

fn polars_err(e: PolarsError) -> Error {
    Error::Usage(format!("internal error in the load computation: {e}"))
}

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

fn run_load(a: &Activity, derived: Derived, config: &Config) -> RunLoad {
    let s = &a.summary;
    let start_local = local_start(a, config);
    let trimp = derived.trimp;
    RunLoad {
        id: a.id.clone(),
        source: a.source.clone(),
        date: start_local.date(),
        start_local,
        sport: s.sport.clone(),
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
    metrics::banister_trimp(samples, a.resting_hr, a.max_hr, a.sex.trimp_b())
}

/// TRIMP per minute assumed for runs without heart rate when no run has any:
/// an easy effort at 60 % of heart-rate reserve.
pub fn default_trimp_per_min(config: &Config) -> f64 {
    metrics::trimp_per_min(0.6, config.athlete.sex.trimp_b())
}

/// Give runs without heart rate a duration-based TRIMP (minutes × the
/// median TRIMP per minute of the runs that have it), so a week recorded
/// without a chest strap does not count as rest.
fn fill_estimated_trimp(runs: &mut [RunLoad], config: &Config) {
    let rates: Vec<f64> = runs
        .iter()
        .filter(|r| !r.trimp_estimated && r.minutes > 1.0)
        .map(|r| r.trimp / r.minutes)
        .collect();
    let rate = metrics::median(rates).unwrap_or_else(|| default_trimp_per_min(config));
    for r in runs.iter_mut().filter(|r| r.trimp_estimated) {
        r.trimp = r.minutes * rate;
    }
}

/// Session-RPE (Foster 2001): RPE × the run's minutes. The diary's RPE for
/// the day wins over one from the export (the runner wrote it for us).
fn attach_rpe(runs: &mut [RunLoad], diary: &[DiaryEntry]) {
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

fn metric_value(r: &RunLoad, metric: LoadMetric) -> f64 {
    match metric {
        LoadMetric::Time => r.minutes,
        LoadMetric::Distance => r.km.unwrap_or(0.0),
        LoadMetric::Trimp => r.trimp,
        // Without an RPE the run still happened: fall back to minutes × 4
        // ("somewhat hard"), the middle of the CR-10 scale's training range.
        LoadMetric::Srpe => r.srpe.unwrap_or(r.minutes * 4.0),
    }
}


fn day_number(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

/// Sum `columns` per value of `key`; the sums are named `<column>_sum`.
///
/// This is polars' eager group-by. Its lazy API would do the same, but the
/// `lazy` feature brings in polars' streaming engine and with it cloud I/O
/// (tokio, reqwest, rustls): a third of a cold build for two group-bys over
/// a few thousand rows. The eager aggregations are marked deprecated in
/// favour of lazy ones, not for being wrong.
#[allow(deprecated)]
fn group_sums(df: &DataFrame, key: &str, columns: &[&str]) -> PolarsResult<DataFrame> {
    df.group_by([key])?.select(columns.iter().copied()).sum()
}

/// Runs summed per calendar day (polars group-by), laid over every day from
/// the first run or diary entry to the last, with the diary's pain per day.
fn daily(runs: &[RunLoad], diary: &[DiaryEntry]) -> PolarsResult<Vec<Day>> {
    let first = runs
        .iter()
        .map(|r| r.date)
        .chain(diary.iter().map(|e| e.date))
        .min();
    let last = runs
        .iter()
        .map(|r| r.date)
        .chain(diary.iter().map(|e| e.date))
        .max();
    let (Some(first), Some(last)) = (first, last) else {
        return Ok(Vec::new());
    };
    let df = df!(
        "day" => runs.iter().map(|r| day_number(r.date)).collect::<Vec<_>>(),
        "minutes" => runs.iter().map(|r| r.minutes).collect::<Vec<_>>(),
        "load" => runs.iter().map(|r| r.load).collect::<Vec<_>>(),
        "runs" => vec![1.0; runs.len()],
    )?;
    let per_day = group_sums(&df, "day", &["minutes", "load", "runs"])?;
    let mut sums: BTreeMap<i32, (f64, f64, u32)> = BTreeMap::new();
    let (d, m, l, n) = (
        per_day.column("day")?.i32()?,
        per_day.column("minutes_sum")?.f64()?,
        per_day.column("load_sum")?.f64()?,
        per_day.column("runs_sum")?.f64()?,
    );
    for i in 0..per_day.height() {
        if let Some(day) = d.get(i) {
            let runs = n.get(i).unwrap_or(0.0) as u32;
            sums.insert(
                day,
                (m.get(i).unwrap_or(0.0), l.get(i).unwrap_or(0.0), runs),
            );
        }
    }
    let pain = pain_by_day(diary);
    let mut days = Vec::new();
    let mut date = first;
    while date <= last {
        let (minutes, load, runs) = sums
            .get(&day_number(date))
            .copied()
            .unwrap_or((0.0, 0.0, 0));
        let p = pain.get(&date);
        days.push(Day {
            date,
            runs,
            minutes,
            load,
            pain_mean: p.map(|p| p.0),
            pain_max: p.map(|p| p.1),
            pain_morning: p.and_then(|p| p.2),
            acwr_ewma: None,
        });
        let Some(next) = date.succ_opt() else { break };
        date = next;
    }
    ewma_ratios(&mut days);
    Ok(days)
}

/// Per day: (mean, max, first morning value) of the diary's pain.
fn pain_by_day(diary: &[DiaryEntry]) -> BTreeMap<NaiveDate, (f64, f64, Option<f64>)> {
    let mut by: BTreeMap<NaiveDate, Vec<&DiaryEntry>> = BTreeMap::new();
    for e in diary {
        by.entry(e.date).or_default().push(e);
    }
    by.into_iter()
        .map(|(d, es)| {
            let v: Vec<f64> = es.iter().map(|e| e.pain.value()).collect();
            let mean = v.iter().sum::<f64>() / v.len() as f64;
            let max = v.iter().copied().fold(f64::MIN, f64::max);
            let morning = es
                .iter()
                .find(|e| e.time.is_some_and(|t| t.is_morning()))
                .map(|e| e.pain.value());
            (d, (mean, max, morning))
        })
        .collect()
}

/// EWMA acute:chronic ratio per day (Williams et al. 2017):
/// EWMA_today = λ × load_today + (1 − λ) × EWMA_yesterday, λ = 2/(N+1),
/// N = 7 (acute) and 28 (chronic), both starting from 0 the day before the
/// first day. Shown only once `MIN_HISTORY_DAYS` days of history exist.
fn ewma_ratios(days: &mut [Day]) {
    let acute = metrics::ewma(days.iter().map(|d| d.load), 7.0);
    let chronic = metrics::ewma(days.iter().map(|d| d.load), 28.0);
    for (i, d) in days.iter_mut().enumerate() {
        let enough = i as i64 + 1 >= MIN_HISTORY_DAYS;
        d.acwr_ewma = (enough && chronic[i] > 0.0).then(|| acute[i] / chronic[i]);
    }
}

/// Rolling acute:chronic ratio at day index `t` with the *uncoupled*
/// chronic window: acute = load of days t−6…t; chronic = weekly average of
/// days t−27…t−7 (three weeks that do not include the acute week).
pub fn acwr_rolling(days: &[Day], t: usize) -> Option<f64> {
    if (t as i64) + 1 < MIN_HISTORY_DAYS {
        return None;
    }
    let acute: f64 = days[t - 6..=t].iter().map(|d| d.load).sum();
    let chronic: f64 = days[t - 27..=t - 7].iter().map(|d| d.load).sum::<f64>() / 3.0;
    (chronic > 0.0).then(|| acute / chronic)
}



/// Days → ISO weeks. Volume sums come from a polars group-by on the week's
/// Monday; ratios and pain are read off the daily series at the week's end.
fn weekly(days: &[Day], runs: &[RunLoad], config: &Config) -> PolarsResult<Vec<Week>> {
    let Some(first) = days.first() else {
        return Ok(Vec::new());
    };
    let df = df!(
        "week" => runs.iter().map(|r| day_number(week_start(r.date))).collect::<Vec<_>>(),
        "km" => runs.iter().map(|r| r.km.unwrap_or(0.0)).collect::<Vec<_>>(),
        "ascent" => runs.iter().map(|r| r.ascent_m.unwrap_or(0.0)).collect::<Vec<_>>(),
        "hr_min" => runs.iter().map(|r| r.avg_hr.map(|h| h * r.minutes)).collect::<Vec<_>>(),
        "min_with_hr" => runs.iter().map(|r| r.avg_hr.map(|_| r.minutes)).collect::<Vec<_>>(),
    )?;
    let per_week = group_sums(&df, "week", &["km", "ascent", "hr_min", "min_with_hr"])?;
    let mut vol: BTreeMap<i32, (f64, f64, Option<f64>)> = BTreeMap::new();
    let (w, km, asc, hm, mh) = (
        per_week.column("week")?.i32()?,
        per_week.column("km_sum")?.f64()?,
        per_week.column("ascent_sum")?.f64()?,
        per_week.column("hr_min_sum")?.f64()?,
        per_week.column("min_with_hr_sum")?.f64()?,
    );
    for i in 0..per_week.height() {
        let hr = match (hm.get(i), mh.get(i)) {
            (Some(a), Some(b)) if b > 0.0 => Some(a / b),
            _ => None,
        };
        if let Some(wk) = w.get(i) {
            vol.insert(
                wk,
                (km.get(i).unwrap_or(0.0), asc.get(i).unwrap_or(0.0), hr),
            );
        }
    }
    let mut weeks = Vec::new();
    let mut start = week_start(first.date);
    let first_day = first.date;
    while start <= days.last().map(|d| d.date).unwrap_or(start) {
        let (km, ascent, hr) = vol
            .get(&day_number(start))
            .copied()
            .unwrap_or((0.0, 0.0, None));
        weeks.push(week_row(days, first_day, start, km, ascent, hr, config));
        let Some(next) = start.checked_add_days(Days::new(7)) else {
            break;
        };
        start = next;
    }
    pain_baselines(&mut weeks, days, config);
    for i in 1..weeks.len() {
        let prev = weeks[i - 1].load;
        weeks[i].load_change_pct = (prev > 0.0).then(|| (weeks[i].load - prev) / prev * 100.0);
    }
    weeks.iter_mut().for_each(round_week);
    Ok(weeks)
}

/// Round for output. The group-by sums in parallel, so the last bits of a
/// float sum can differ between runs; rounding makes every output
/// byte-identical and no reader needs 15 digits of minutes.
fn round_week(w: &mut Week) {
    let r = |v: f64, d: i32| {
        let f = 10f64.powi(d);
        (v * f).round() / f
    };
    w.distance_km = r(w.distance_km, 3);
    w.moving_min = r(w.moving_min, 2);
    w.ascent_m = r(w.ascent_m, 1);
    w.load = r(w.load, 2);
    w.avg_hr = w.avg_hr.map(|v| r(v, 1));
    w.load_change_pct = w.load_change_pct.map(|v| r(v, 1));
    w.acwr = w.acwr.map(|v| r(v, 3));
    w.acwr_ewma = w.acwr_ewma.map(|v| r(v, 3));
    w.monotony = w.monotony.map(|v| r(v, 3));
    w.strain = w.strain.map(|v| r(v, 1));
    w.pain_mean = w.pain_mean.map(|v| r(v, 2));
    w.pain_baseline = w.pain_baseline.map(|v| r(v, 2));
}

/// The days of the week starting `start` that exist in the series, with the
/// index of the first one.
pub fn week_days(days: &[Day], first_day: NaiveDate, start: NaiveDate) -> (usize, Vec<&Day>) {
    let offset = (start - first_day).num_days();
    let lo = offset.max(0) as usize;
    let hi = ((offset + 7).max(0) as usize).min(days.len());
    (
        lo,
        days.get(lo..hi)
            .map(|s| s.iter().collect())
            .unwrap_or_default(),
    )
}

fn week_row(
    days: &[Day],
    first_day: NaiveDate,
    start: NaiveDate,
    km: f64,
    ascent: f64,
    hr: Option<f64>,
    config: &Config,
) -> Week {
    let (lo, wd) = week_days(days, first_day, start);
    let load: f64 = wd.iter().map(|d| d.load).sum();
    // Missing days before the first record (a partial first week) are rest days.
    let mut loads: Vec<f64> = wd.iter().map(|d| d.load).collect();
    loads.resize(7, 0.0);
    let mono = metrics::monotony(&loads);
    let end_idx = lo + wd.len().saturating_sub(1);
    let full_week_end = wd.len() == 7 || (start - first_day).num_days() < 0;
    let acwr = if wd.is_empty() || !full_week_end {
        None
    } else {
        acwr_rolling(days, end_idx)
    };
    let pains: Vec<f64> = wd.iter().filter_map(|d| d.pain_mean).collect();
    Week {
        week: iso_week_label(start),
        start,
        runs: wd.iter().map(|d| d.runs).sum(),
        distance_km: km,
        moving_min: wd.iter().map(|d| d.minutes).sum(),
        ascent_m: ascent,
        avg_hr: hr,
        load,
        load_metric: config.load.metric.as_str().to_string(),
        load_change_pct: None,
        acwr,
        acwr_ewma: wd.last().and_then(|d| d.acwr_ewma),
        monotony: mono,
        strain: mono.map(|m| m * load),
        pain_mean: (!pains.is_empty()).then(|| pains.iter().sum::<f64>() / pains.len() as f64),
        pain_max: wd.iter().filter_map(|d| d.pain_max).reduce(f64::max),
        pain_days_over: wd
            .iter()
            .filter(|d| d.pain_max.is_some_and(|p| p >= config.pain.threshold))
            .count() as u32,
        pain_baseline: None,
        pain_spike: false,
        load_jump: false,
        flag: false,
        flag_reason: None,
    }
}

/// Baseline: the median weekly mean pain of the previous 4 weeks that have
/// diary entries. A week spikes when one of its days' mean pain is at least
/// `spike_points` above that baseline.
fn pain_baselines(weeks: &mut [Week], days: &[Day], config: &Config) {
    let Some(first_day) = days.first().map(|d| d.date) else {
        return;
    };
    for i in 0..weeks.len() {
        let prev: Vec<f64> = weeks[..i]
            .iter()
            .rev()
            .filter_map(|w| w.pain_mean)
            .take(4)
            .collect();
        let base = metrics::median(prev);
        weeks[i].pain_baseline = base;
        if let Some(b) = base {
            let (_, wd) = week_days(days, first_day, weeks[i].start);
            weeks[i].pain_spike = wd.iter().any(|d| {
                d.pain_mean
                    .is_some_and(|p| p >= b + config.pain.spike_points)
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Sex;
    use crate::model::{Format, Pain, RedFlags, Summary, TimeOfDay};
    use chrono::{TimeZone, Utc};

    fn cfg() -> Config {
        Config::default()
    }

    fn day(n: i64, load: f64) -> Day {
        Day {
            date: shift_days(NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(), n),
            runs: (load > 0.0) as u32,
            minutes: load,
            load,
            pain_mean: None,
            pain_max: None,
            pain_morning: None,
            acwr_ewma: None,
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

    /// The day and week loops end at the last date instead of stepping
    /// past the calendar's end (which panicked).
    #[test]
    fn a_series_ending_on_the_last_representable_day_does_not_panic() {
        let last = NaiveDate::MAX;
        let diary: Vec<DiaryEntry> = [10i64, 0]
            .iter()
            .map(|back| DiaryEntry {
                date: shift_days(last, -back),
                ..entry(1, 3.0)
            })
            .collect();
        let days = daily(&[], &diary).unwrap();
        assert_eq!((days.len(), days.last().map(|d| d.date)), (11, Some(last)));
        let weeks = weekly(&days, &[], &cfg()).unwrap();
        assert_eq!(weeks.last().map(|w| w.start), Some(week_start(last)));
    }

    #[test]
    fn trimp_matches_hand_computation() {
        // 10 minutes at 150 bpm with rest 60 / max 185: HRr = 0.72,
        // TRIMP = 10 × 0.72 × 0.64 × e^(1.795 × 0.72) = 16.78.
        let samples: Vec<Sample> = (0..=600)
            .map(|t| Sample {
                t_s: t as f64,
                hr_bpm: Some(150.0),
                ..Sample::default()
            })
            .collect();
        let t = banister_trimp(&samples, &cfg()).unwrap();
        let expect = 10.0 * 0.72 * 0.64 * (1.795f64 * 0.72).exp();
        assert!((t - expect).abs() < 1e-9, "{t} vs {expect}");
        assert!((expect - 16.78).abs() < 0.01);
        // Women's constant 1.67 gives less.
        let mut c = cfg();
        c.athlete.sex = Sex::Female;
        assert!(banister_trimp(&samples, &c).unwrap() < t);
        // No heart rate → no TRIMP (the caller estimates it).
        let bare: Vec<Sample> = samples
            .iter()
            .map(|s| Sample { hr_bpm: None, ..*s })
            .collect();
        assert_eq!(banister_trimp(&bare, &cfg()), None);
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
        let per_min = 0.72 * 0.64 * (1.795f64 * 0.72).exp();
        assert!((t - 2.0 / 60.0 * per_min).abs() < 1e-9);
    }

    #[test]
    fn rolling_acwr_uses_the_uncoupled_window() {
        // 21 days of 10, then 7 days of 20: acute 140, chronic 210/3 = 70.
        let days: Vec<Day> = (0..28)
            .map(|n| day(n, if n < 21 { 10.0 } else { 20.0 }))
            .collect();
        assert_eq!(acwr_rolling(&days, 27), Some(2.0));
        assert_eq!(
            acwr_rolling(&days, 26),
            None,
            "27 days is not enough history"
        );
    }

    #[test]
    fn ewma_follows_williams() {
        let mut days: Vec<Day> = (0..28).map(|n| day(n, 10.0)).collect();
        ewma_ratios(&mut days);
        assert!(days[26].acwr_ewma.is_none());
        // Hand computation of both recurrences from 0.
        let (mut a, mut c) = (0.0, 0.0);
        for _ in 0..28 {
            a = 0.25 * 10.0 + 0.75 * a;
            c = (2.0 / 29.0) * 10.0 + (27.0 / 29.0) * c;
        }
        let r = days[27].acwr_ewma.unwrap();
        assert!((r - a / c).abs() < 1e-12);
        assert!(r > 1.0, "a steady start from zero reads high: {r}");
    }

    fn activity(day: u32, minutes: f64) -> Activity {
        Activity {
            id: format!("a{day}"),
            source: format!("exports/{day}.fit"),
            summary: Summary {
                format: Format::Fit,
                sport: "running".into(),
                sub_sport: None,
                device: None,
                name: None,
                start: Utc.with_ymd_and_hms(2026, 1, day, 7, 0, 0).unwrap(),
                utc_offset_s: Some(3600),
                elapsed_s: minutes * 60.0,
                moving_s: minutes * 60.0,
                distance_m: Some(minutes * 150.0),
                ascent_m: Some(10.0),
                avg_hr: None,
                max_hr: None,
                cadence_spm: None,
                laps: None,
                has_gps: true,
                records: 1,
                rpe: None,
                relative_effort: None,
                event: None,
                leg: None,
            },
            duplicates: vec![],
            warnings: Vec::new(),
        }
    }

    fn entry(day: u32, pain: f64) -> DiaryEntry {
        DiaryEntry {
            line: day as usize,
            date: shift_days(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), day as i64 - 1),
            time: Some(TimeOfDay::Morning),
            pain: Pain::new(pain).unwrap(),
            stiffness_min: None,
            location: None,
            rpe: None,
            notes: None,
            red_flags: RedFlags::default(),
        }
    }

    #[test]
    fn weeks_include_empty_weeks_and_missing_pain_is_missing() {
        // Mon 5 Jan and Mon 19 Jan 2026; week 3 (12–18 Jan) is empty.
        let acts = [activity(5, 30.0), activity(19, 45.0)];
        let diary = [entry(5, 0.0), entry(6, 2.0), entry(6, 4.0)];
        let load = compute(&acts, |_| Ok(vec![]), &diary, &cfg()).unwrap();
        let w: Vec<&str> = load.weeks.iter().map(|w| w.week.as_str()).collect();
        assert_eq!(w, ["2026-W02", "2026-W03", "2026-W04"]);
        assert_eq!(load.weeks[0].load, 30.0);
        assert_eq!(load.weeks[1].load, 0.0);
        assert_eq!(load.weeks[1].runs, 0);
        // Pain 0 is a value; two entries on the 6th average to 3.
        assert_eq!(load.weeks[0].pain_mean, Some(1.5));
        assert_eq!(load.weeks[0].pain_max, Some(4.0));
        assert_eq!(load.weeks[1].pain_mean, None);
        // A rest week followed by a normal week has no percentage change.
        assert_eq!(load.weeks[2].load_change_pct, None);
        assert_eq!(load.weeks[1].load_change_pct, Some(-100.0));
        // First weeks: not enough history for ratios.
        assert!(
            load.weeks
                .iter()
                .all(|w| w.acwr.is_none() && w.acwr_ewma.is_none())
        );
        // Runs without heart rate still carry a TRIMP (estimated).
        assert!(load.runs.iter().all(|r| r.trimp_estimated && r.trimp > 0.0));
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

    #[test]
    fn baseline_and_spike() {
        // Weeks 1–4 mean pain 2, 2, 3, 1 → baseline 2; week 5 has a 4.5 day.
        let mut diary = Vec::new();
        for (w, p) in [2.0, 2.0, 3.0, 1.0].iter().enumerate() {
            diary.push(entry(5 + 7 * w as u32, *p));
        }
        diary.push(entry(5 + 28, 2.0));
        diary.push(entry(5 + 29, 4.0));
        let load = compute(&[], |_| Ok(vec![]), &diary, &cfg()).unwrap();
        let w5 = &load.weeks[4];
        assert_eq!(w5.pain_baseline, Some(2.0));
        assert!(w5.pain_spike, "4 ≥ 2 + 2");
        assert!(!load.weeks[3].pain_spike);
        assert_eq!(load.weeks[0].pain_baseline, None, "no history, no baseline");
    }
}
