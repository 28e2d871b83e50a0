//! The outcome measures beside the load (issue #25): each questionnaire's
//! first and latest score in a period, judged against its minimal
//! important change, and the weekly scores for the tables and the chart.
//!
//! Minimal important change: ODI 10 points, RMDQ 5 points, pain (0–10) 2
//! points, or 30 % of the first value for each (Ostelo et al. 2008, Spine
//! 33:90–94); PSFS about 2 points (Abbott & Schmitt 2014, JOSPT 44(8):560–4:
//! 1.3, 2.3 and 2.7 points for a small, medium and large change). A change
//! smaller than that is within what the measure cannot tell from noise, so
//! the words are "changed less than the minimal important change", never
//! "improved" — and never "cured".

use crate::analysis::load::Week;
use crate::dates::shift_days;
use crate::diary::scores::{Measure, Score};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// What a change in a measure means, against its minimal important change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Improved,
    Worsened,
    WithinMic,
}

/// One measure over a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// "odi", "rmdq", "psfs" or "pain".
    pub measure: &'static str,
    pub first_date: NaiveDate,
    pub first: f64,
    pub latest_date: NaiveDate,
    pub latest: f64,
    /// The minimal important change in points, the smaller of the absolute
    /// one and 30 % of the first value where both apply.
    pub mic: f64,
    pub verdict: Verdict,
}

/// A questionnaire's value per day: the PSFS total is the mean over the
/// activities scored that day (as the scale is scored); several totals of
/// one measure on a day are averaged.
pub fn by_day(scores: &[Score], measure: Measure) -> BTreeMap<NaiveDate, f64> {
    let mut days: BTreeMap<NaiveDate, Vec<f64>> = BTreeMap::new();
    for s in scores.iter().filter(|s| s.measure == measure) {
        days.entry(s.date).or_default().push(s.value);
    }
    days.into_iter()
        .map(|(d, v)| (d, v.iter().sum::<f64>() / v.len() as f64))
        .collect()
}

/// The minimal important change for a measure whose first value is
/// `first`: either criterion of Ostelo et al. (2008) is enough, so the
/// smaller one is the line; the PSFS has only its points.
fn mic(measure: &str, first: f64) -> f64 {
    let points: f64 = match measure {
        "odi" => 10.0,
        "rmdq" => 5.0,
        "pain" => 2.0,
        _ => return 2.0,
    };
    let share = 0.3 * first.abs();
    if share > 0.0 {
        points.min(share)
    } else {
        points
    }
}

fn change(
    measure: &'static str,
    higher_is_better: bool,
    series: &BTreeMap<NaiveDate, f64>,
) -> Option<Change> {
    let (&first_date, &first) = series.iter().next()?;
    let (&latest_date, &latest) = series.iter().next_back()?;
    if first_date == latest_date {
        return None;
    }
    let mic = mic(measure, first);
    let better = if higher_is_better {
        latest - first
    } else {
        first - latest
    };
    // A hair of slack for a change that is the MIC exactly (10 → 0 for a
    // first value of 10 × 30 %…) stored in binary.
    let verdict = if better >= mic - 1e-9 {
        Verdict::Improved
    } else if -better >= mic - 1e-9 {
        Verdict::Worsened
    } else {
        Verdict::WithinMic
    };
    Some(Change {
        measure,
        first_date,
        first,
        latest_date,
        latest,
        mic,
        verdict,
    })
}

/// Every measure with two or more days of scores between `from` and `to`,
/// and the weekly mean pain (NPRS) of the period's first and last weeks
/// with diary entries.
pub fn changes(scores: &[Score], weeks: &[Week], from: NaiveDate, to: NaiveDate) -> Vec<Change> {
    let inside: Vec<Score> = scores
        .iter()
        .filter(|s| s.date >= from && s.date <= to)
        .cloned()
        .collect();
    let mut out: Vec<Change> = Measure::ALL
        .into_iter()
        .filter_map(|m| change(m.name(), m.higher_is_better(), &by_day(&inside, m)))
        .collect();
    let pain: BTreeMap<NaiveDate, f64> = weeks
        .iter()
        .filter(|w| w.start >= shift_days(from, -6) && w.start <= to)
        .filter_map(|w| w.pain_mean.map(|p| (w.start, p)))
        .collect();
    out.extend(change("pain", false, &pain));
    out
}

/// "The runner meets a published definition of recovery": pain 0 and RMDQ
/// at most 2 (Kamper et al. 2010, Eur Spine J 19:1495–1501), from the last
/// week's mean pain and the latest RMDQ in the period.
pub fn recovered(scores: &[Score], weeks: &[Week], from: NaiveDate, to: NaiveDate) -> bool {
    let rmdq = scores
        .iter()
        .filter(|s| s.measure == Measure::Rmdq && s.date >= from && s.date <= to)
        .max_by_key(|s| (s.date, s.line))
        .map(|s| s.value);
    let pain = weeks.iter().rev().find_map(|w| w.pain_mean);
    matches!((rmdq, pain), (Some(r), Some(p)) if r <= 2.0 && p == 0.0)
}

/// One day of scores as flags.json carries them, with units in the keys.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreDay {
    pub date: NaiveDate,
    pub odi_pct: Option<f64>,
    pub rmdq: Option<f64>,
    /// The PSFS total: the mean of the activities scored that day.
    pub psfs: Option<f64>,
    /// Each PSFS activity and its score.
    pub psfs_items: Vec<PsfsItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PsfsItem {
    pub activity: String,
    pub score: f64,
}

/// The scores day by day.
pub fn days(scores: &[Score]) -> Vec<ScoreDay> {
    let dates: std::collections::BTreeSet<NaiveDate> = scores.iter().map(|s| s.date).collect();
    let per = |m: Measure| by_day(scores, m);
    let (odi, rmdq, psfs) = (per(Measure::Odi), per(Measure::Rmdq), per(Measure::Psfs));
    dates
        .into_iter()
        .map(|d| ScoreDay {
            date: d,
            odi_pct: odi.get(&d).copied(),
            rmdq: rmdq.get(&d).copied(),
            psfs: psfs.get(&d).copied(),
            psfs_items: scores
                .iter()
                .filter(|s| s.date == d && s.measure == Measure::Psfs)
                .map(|s| PsfsItem {
                    activity: s.activity.clone().unwrap_or_default(),
                    score: s.value,
                })
                .collect(),
        })
        .collect()
}

/// Each week's mean score per measure (`odi_pct`, `rmdq`, `psfs` in the
/// weeks' CSV and JSON): the chart and the weeks table read them.
pub fn fill_weeks(weeks: &mut [Week], scores: &[Score]) {
    for w in weeks {
        let end = shift_days(w.start, 6);
        let week: Vec<Score> = scores
            .iter()
            .filter(|s| s.date >= w.start && s.date <= end)
            .cloned()
            .collect();
        let mean = |m: Measure| {
            let days = by_day(&week, m);
            (!days.is_empty())
                .then(|| crate::metrics::round(days.values().sum::<f64>() / days.len() as f64, 2))
        };
        w.odi_pct = mean(Measure::Odi);
        w.rmdq = mean(Measure::Rmdq);
        w.psfs = mean(Measure::Psfs);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(day: u32, measure: Measure, value: f64, activity: Option<&str>) -> Score {
        Score {
            line: day as usize,
            date: NaiveDate::from_ymd_opt(2026, 3, day).unwrap(),
            measure,
            value,
            activity: activity.map(str::to_string),
        }
    }

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, day).unwrap()
    }

    #[test]
    fn changes_are_judged_against_the_minimal_important_change() {
        let s = [
            score(2, Measure::Odi, 40.0, None),
            score(30, Measure::Odi, 28.0, None),
            score(2, Measure::Rmdq, 12.0, None),
            score(30, Measure::Rmdq, 9.0, None),
            // PSFS total: the mean of the day's activities, 4 → 6.5.
            score(2, Measure::Psfs, 3.0, Some("run")),
            score(2, Measure::Psfs, 5.0, Some("sit")),
            score(30, Measure::Psfs, 6.0, Some("run")),
            score(30, Measure::Psfs, 7.0, Some("sit")),
        ];
        let c = changes(&s, &[], d(1), d(31));
        let get = |m: &str| c.iter().find(|c| c.measure == m).unwrap().clone();
        // ODI 40 → 28: 12 points; the MIC is min(10, 30 % of 40 = 12) = 10.
        assert_eq!(
            (get("odi").mic, get("odi").verdict),
            (10.0, Verdict::Improved)
        );
        // RMDQ 12 → 9: 3 points; the MIC is min(5, 3.6) = 3.6.
        assert_eq!(get("rmdq").verdict, Verdict::WithinMic);
        assert!((get("rmdq").mic - 3.6).abs() < 1e-12);
        // PSFS 4 → 6.5: 2.5 points, more than about 2: improved.
        assert_eq!((get("psfs").first, get("psfs").latest), (4.0, 6.5));
        assert_eq!(get("psfs").verdict, Verdict::Improved);
        // A worse ODI is said to be worse.
        let worse = [
            score(2, Measure::Odi, 20.0, None),
            score(9, Measure::Odi, 34.0, None),
        ];
        assert_eq!(
            changes(&worse, &[], d(1), d(31))[0].verdict,
            Verdict::Worsened
        );
        // One day only: no change to judge.
        assert!(changes(&s[..1], &[], d(1), d(31)).is_empty());
    }

    #[test]
    fn recovery_needs_pain_zero_and_rmdq_two_or_less() {
        let mut w = Week {
            start: d(23),
            pain_mean: Some(0.0),
            ..Week::default()
        };
        let s = [score(25, Measure::Rmdq, 2.0, None)];
        assert!(recovered(&s, std::slice::from_ref(&w), d(1), d(31)));
        w.pain_mean = Some(0.5);
        assert!(!recovered(&s, std::slice::from_ref(&w), d(1), d(31)));
        w.pain_mean = Some(0.0);
        let s = [score(25, Measure::Rmdq, 3.0, None)];
        assert!(!recovered(&s, std::slice::from_ref(&w), d(1), d(31)));
    }

    #[test]
    fn weeks_get_their_scores() {
        let mut weeks = [Week {
            start: d(2),
            ..Week::default()
        }];
        fill_weeks(
            &mut weeks,
            &[
                score(3, Measure::Odi, 30.0, None),
                score(4, Measure::Psfs, 4.0, Some("run")),
                score(4, Measure::Psfs, 6.0, Some("sit")),
                score(9, Measure::Rmdq, 8.0, None),
            ],
        );
        assert_eq!(
            (weeks[0].odi_pct, weeks[0].psfs, weeks[0].rmdq),
            (Some(30.0), Some(5.0), None)
        );
    }
}
