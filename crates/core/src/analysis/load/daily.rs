//! The daily series, every calendar day from the first record to the last
//! whether or not anyone ran: the ratios are recurrences over days, and a
//! rest day left out would shift every ratio after it.

use super::{Day, MIN_HISTORY_DAYS, RunLoad};
use crate::metrics;
use crate::model::DiaryEntry;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Runs summed per calendar day, laid over every day from
/// the first run or diary entry to the last, with the diary's pain per day.
pub(super) fn daily(runs: &[RunLoad], diary: &[DiaryEntry]) -> Vec<Day> {
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
        return Vec::new();
    };
    let mut sums: BTreeMap<NaiveDate, (f64, f64, u32)> = BTreeMap::new();
    for r in runs {
        let (minutes, load, n) = sums.entry(r.date).or_default();
        *minutes += r.minutes;
        *load += r.load;
        *n += 1;
    }
    let pain = pain_by_day(diary);
    let mut days = Vec::new();
    let mut date = first;
    while date <= last {
        let (minutes, load, runs) = sums.get(&date).copied().unwrap_or((0.0, 0.0, 0));
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
    days
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
/// N = 7 (acute) and 28 (chronic), both seeded with [`ewma_seed`]. Shown
/// only once `MIN_HISTORY_DAYS` days of history exist.
fn ewma_ratios(days: &mut [Day]) {
    let (acute, chronic) = ewmas(days);
    for (i, d) in days.iter_mut().enumerate() {
        let enough = i as i64 + 1 >= MIN_HISTORY_DAYS;
        d.acwr_ewma = (enough && chronic[i] > 0.0).then(|| acute[i] / chronic[i]);
    }
}

/// The acute (7-day) and chronic (28-day) EWMA of the daily load, day by
/// day, both from [`ewma_seed`]: the ratio and the next-week envelope use
/// the same two series.
pub(crate) fn ewmas(days: &[Day]) -> (Vec<f64>, Vec<f64>) {
    let seed = ewma_seed(days);
    let loads = || days.iter().map(|d| d.load);
    (
        metrics::ewma(loads(), 7.0, seed),
        metrics::ewma(loads(), 28.0, seed),
    )
}

/// Where both EWMAs start: the mean daily load of the first 28 days (the
/// chronic window; all days when there are fewer). Started from 0, a runner
/// whose history begins mid-training got a chronic average still catching
/// up at day 28 and a ratio about 1.16 × too high (issue #22); from this
/// seed a steady runner reads 1.0 from the first day shown. Someone who
/// truly starts from rest has a low first month, so a low seed.
pub(crate) fn ewma_seed(days: &[Day]) -> f64 {
    let first: Vec<f64> = days
        .iter()
        .take(MIN_HISTORY_DAYS as usize)
        .map(|d| d.load)
        .collect();
    first.iter().sum::<f64>() / first.len().max(1) as f64
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::load::tests::{cfg, entry};
    use crate::analysis::load::weekly::weekly;
    use crate::analysis::load::{shift_days, week_start};

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
        let days = daily(&[], &diary);
        assert_eq!((days.len(), days.last().map(|d| d.date)), (11, Some(last)));
        let weeks = weekly(&days, &[], &cfg());
        assert_eq!(weeks.last().map(|w| w.start), Some(week_start(last)));
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
    fn ewma_follows_williams_from_the_first_months_mean() {
        // Issue #22: a runner already at 10 a day when the history starts.
        let mut days: Vec<Day> = (0..28).map(|n| day(n, 10.0)).collect();
        ewma_ratios(&mut days);
        assert!(days[26].acwr_ewma.is_none());
        assert!((days[27].acwr_ewma.unwrap() - 1.0).abs() < 1e-12);
        // From zero (Williams' start) the same history read 1.16 at day 28.
        let (mut a, mut c) = (0.0f64, 0.0f64);
        for _ in 0..28 {
            a = 0.25 * 10.0 + 0.75 * a;
            c = (2.0 / 29.0) * 10.0 + (27.0 / 29.0) * c;
        }
        assert!((a / c - 1.16).abs() < 0.01, "{}", a / c);
        // Hand computation from the seed: 14 days of 0 then 14 of 20
        // (seed 10), then a week of 30.
        let mut days: Vec<Day> = (0..35)
            .map(|n| day(n, [0.0, 20.0, 30.0][(n / 14).min(2) as usize]))
            .collect();
        ewma_ratios(&mut days);
        let (mut a, mut c) = (10.0f64, 10.0f64);
        for d in &days {
            a = 0.25 * d.load + 0.75 * a;
            c = (2.0 / 29.0) * d.load + (27.0 / 29.0) * c;
        }
        assert!((days[34].acwr_ewma.unwrap() - a / c).abs() < 1e-12);
    }
}
