//! The outcome measures beside the load (issue #25): each questionnaire's
//! first and latest score in a period, judged against its minimal
//! important change, and the weekly scores for the tables and the chart.
//!
//! Minimal important change (MIC), as Ostelo et al. 2008 (Spine 33:90–94)
//! recommend it: ODI 10 points, RMDQ 5 points, pain (0–10) 2 points,
//! absolute, for an improvement and a worsening alike. Separately, they
//! count a 30 % improvement from the first value as important for an
//! individual: that is said on its own, never used as a threshold and
//! never for a worsening (issue #30). PSFS 2 points, with Abbott & Schmitt
//! 2014's sizes (JOSPT 44(8):560–4: 1.3, 2.3 and 2.7 points for a small,
//! medium and large change). A change that equals the MIC reaches it; a
//! smaller one is within what the measure cannot tell from noise, so the
//! words are "less than the minimal important change", never "improved" —
//! and never "cured".

use crate::analysis::load::Week;
use crate::dates::shift_days;
use crate::diary::scores::{Measure, Score};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// Stored values are decimals read into binary: a change of exactly the
/// MIC (10 → 8 for pain) must reach it.
const SLACK: f64 = 1e-9;

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
    /// The absolute minimal important change, in the measure's points.
    pub mic: f64,
    pub verdict: Verdict,
    /// The change is the MIC exactly: it reaches it, it is not more.
    pub at_mic: bool,
    /// The improvement as a share of the first value, when it is 30 % or
    /// more (Ostelo et al.'s individual criterion; not for the PSFS).
    pub improved_pct: Option<f64>,
    /// PSFS only: Abbott & Schmitt's size of the change, "small",
    /// "medium" or "large", reached as the MIC is.
    pub size: Option<&'static str>,
}

/// A questionnaire's value per day: the latest row of that day (a second
/// score on a day replaces the first, as `runlog score` says; scores.csv
/// keeps both). The PSFS total is the mean over the day's activities, each
/// at its latest row, as the scale is scored.
pub fn by_day(scores: &[Score], measure: Measure) -> BTreeMap<NaiveDate, f64> {
    let mut days: BTreeMap<NaiveDate, BTreeMap<String, (usize, f64)>> = BTreeMap::new();
    for s in scores.iter().filter(|s| s.measure == measure) {
        let item = s.activity.as_deref().unwrap_or("").to_lowercase();
        let slot = days
            .entry(s.date)
            .or_default()
            .entry(item)
            .or_insert((0, 0.0));
        if s.line >= slot.0 {
            *slot = (s.line, s.value);
        }
    }
    days.into_iter()
        .map(|(d, items)| {
            let v: Vec<f64> = items.values().map(|x| x.1).collect();
            (d, v.iter().sum::<f64>() / v.len() as f64)
        })
        .collect()
}

/// The rows a later row of the same day (and PSFS activity) replaces, so
/// data quality can name them: the file keeps every row, the report one.
pub fn replaced(scores: &[Score]) -> Vec<&Score> {
    scores
        .iter()
        .filter(|s| {
            scores.iter().any(|t| {
                t.line > s.line
                    && t.date == s.date
                    && t.measure == s.measure
                    && t.activity.as_deref().map(str::to_lowercase)
                        == s.activity.as_deref().map(str::to_lowercase)
            })
        })
        .collect()
}

/// The absolute minimal important change of a measure, in its points.
pub fn mic(measure: &str) -> f64 {
    match measure {
        "odi" => 10.0,
        "rmdq" => 5.0,
        _ => 2.0,
    }
}

/// Abbott & Schmitt's sizes of a PSFS change, largest first.
const PSFS_SIZES: [(f64, &str); 3] = [(2.7, "large"), (2.3, "medium"), (1.3, "small")];

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
    let mic = mic(measure);
    let better = if higher_is_better {
        latest - first
    } else {
        first - latest
    };
    let verdict = if better >= mic - SLACK {
        Verdict::Improved
    } else if -better >= mic - SLACK {
        Verdict::Worsened
    } else {
        Verdict::WithinMic
    };
    let improved_pct = (measure != "psfs" && first > 0.0)
        .then(|| better / first * 100.0)
        .filter(|pct| *pct >= 30.0 - SLACK);
    let size = (measure == "psfs")
        .then(|| PSFS_SIZES.iter().find(|(at, _)| better.abs() >= at - SLACK))
        .flatten()
        .map(|s| s.1);
    Some(Change {
        measure,
        first_date,
        first,
        latest_date,
        latest,
        mic,
        verdict,
        at_mic: (better.abs() - mic).abs() < SLACK,
        improved_pct,
        size,
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

/// A questionnaire scored on one day only in a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Single {
    pub measure: &'static str,
    pub date: NaiveDate,
    pub value: f64,
    /// Scored before the period too (so it is not the first score ever).
    pub earlier: bool,
}

/// The questionnaires scored on exactly one day between `from` and `to`:
/// no change to judge, but a value page one still shows.
pub fn single_scores(scores: &[Score], from: NaiveDate, to: NaiveDate) -> Vec<Single> {
    Measure::ALL
        .into_iter()
        .filter_map(|m| {
            let days = by_day(scores, m);
            let mut inside = days.range(from..=to);
            let (&date, &value) = inside.next()?;
            inside.next().is_none().then(|| Single {
                measure: m.name(),
                date,
                value,
                earlier: days.range(..from).next().is_some(),
            })
        })
        .collect()
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
        // ODI 40 → 28: 12 points, more than the MIC of 10; 30 % of 40.
        assert_eq!(
            (get("odi").mic, get("odi").verdict, get("odi").at_mic),
            (10.0, Verdict::Improved, false)
        );
        assert_eq!(get("odi").improved_pct, Some(30.0));
        // RMDQ 12 → 9: 3 points, less than the MIC of 5; 25 %, under 30 %.
        assert_eq!(get("rmdq").verdict, Verdict::WithinMic);
        assert_eq!((get("rmdq").mic, get("rmdq").improved_pct), (5.0, None));
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

    /// Issue #30, by hand: the absolute MIC for both directions, 30 % said
    /// only of an improvement, a change of exactly the MIC reaches it.
    #[test]
    fn issue30_the_mic_is_absolute_and_30_percent_is_an_improvement_only() {
        let judge = |m: Measure, a: f64, b: f64| {
            let s = [score(2, m, a, None), score(9, m, b, None)];
            changes(&s, &[], d(1), d(31)).remove(0)
        };
        // RMDQ 3 → 2: 1 point, within the MIC of 5 (was "more than the
        // MIC (0.9)"), and a 33 % improvement said on its own.
        let c = judge(Measure::Rmdq, 3.0, 2.0);
        assert_eq!((c.verdict, c.mic), (Verdict::WithinMic, 5.0));
        assert!((c.improved_pct.unwrap() - 100.0 / 3.0).abs() < 1e-9);
        // ODI 10 → 13: 3 points worse, within the MIC of 10 (was "worse by
        // more than the MIC (3 points)"); no share for a worsening.
        let c = judge(Measure::Odi, 10.0, 13.0);
        assert_eq!((c.verdict, c.improved_pct), (Verdict::WithinMic, None));
        // ODI 30 → 20 and 20 → 30: exactly 10 points, reaching the MIC.
        let c = judge(Measure::Odi, 30.0, 20.0);
        assert_eq!((c.verdict, c.at_mic), (Verdict::Improved, true));
        let c = judge(Measure::Odi, 20.0, 30.0);
        assert_eq!((c.verdict, c.at_mic), (Verdict::Worsened, true));
        // PSFS 5.5 → 7.5 (the samples): +2 reaches the MIC, a small change;
        // 4 → 6.3 is a medium one, reached exactly.
        let c = {
            let s = [
                score(2, Measure::Psfs, 5.5, Some("run")),
                score(9, Measure::Psfs, 7.5, Some("run")),
            ];
            changes(&s, &[], d(1), d(31)).remove(0)
        };
        assert_eq!(
            (c.verdict, c.at_mic, c.size, c.improved_pct),
            (Verdict::Improved, true, Some("small"), None)
        );
        let s = [
            score(2, Measure::Psfs, 4.0, Some("run")),
            score(9, Measure::Psfs, 6.3, Some("run")),
        ];
        assert_eq!(changes(&s, &[], d(1), d(31))[0].size, Some("medium"));
        // Weekly pain 1.8 → 2.0: within the MIC of 2 points (was 0.54).
        let weeks = [1.8, 2.0].map(|p| Week {
            start: d(2),
            pain_mean: Some(p),
            ..Week::default()
        });
        let weeks = [
            weeks[0].clone(),
            Week {
                start: d(23),
                ..weeks[1].clone()
            },
        ];
        let c = changes(&[], &weeks, d(1), d(31)).remove(0);
        assert_eq!(
            (c.measure, c.mic, c.verdict),
            ("pain", 2.0, Verdict::WithinMic)
        );
    }

    /// Issue #31: two scores of one questionnaire on one day are one value,
    /// the later row's (ODI 24 then 30 → 30, never 27), and the earlier row
    /// is named as replaced.
    #[test]
    fn issue31_the_later_score_of_a_day_replaces_the_earlier() {
        let mut later = score(9, Measure::Odi, 30.0, None);
        later.line = 40;
        let s = [score(9, Measure::Odi, 24.0, None), later];
        assert_eq!(by_day(&s, Measure::Odi)[&d(9)], 30.0);
        let r = replaced(&s);
        assert_eq!((r.len(), r[0].value), (1, 24.0));
        // PSFS: each activity at its latest row, then their mean.
        let mut again = score(9, Measure::Psfs, 8.0, Some("Run"));
        again.line = 41;
        let p = [
            score(9, Measure::Psfs, 4.0, Some("run")),
            score(9, Measure::Psfs, 6.0, Some("sit")),
            again,
        ];
        assert_eq!(by_day(&p, Measure::Psfs)[&d(9)], 7.0);
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
