//! The pain-monitoring model (Silbernagel et al. 2007, Am J Sports Med
//! 35:897–906): pain during activity up to 5/10 is acceptable if it settles
//! by the next morning and morning pain and stiffness do not rise from week
//! to week. runlog checks the next morning per run (`settle::Settle`); this
//! module adds the two other parts: pain during the run above the limit,
//! and a week whose morning pain or stiffness rose over the week before.
//!
//! The model was tested in Achilles tendinopathy; applying it to back pain
//! is an extrapolation, and every place that shows it says so.

use crate::analysis::load::{Load, week_days};
use crate::config::PainSettings;
use crate::metrics::round;
use crate::model::DiaryEntry;
use chrono::NaiveDate;
use serde::Serialize;

/// A run day whose pain during the run was above `during_max`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DuringOver {
    pub date: NaiveDate,
    pub pain_during: f64,
}

/// A week whose morning pain or morning stiffness rose over the week
/// before by more than the set margin.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeeklyRise {
    pub week: String,
    pub start: NaiveDate,
    /// Mean morning pain, the week before and this week, when it rose.
    pub morning_pain: Option<(f64, f64)>,
    /// Mean morning stiffness in minutes, the week before and this week,
    /// when it rose.
    pub stiffness_min: Option<(f64, f64)>,
}

/// What the model says of the history beyond the next morning.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Monitoring {
    /// Days with pain during a run recorded (`pain_during`).
    pub during_recorded: usize,
    pub during_over: Vec<DuringOver>,
    pub weekly_rises: Vec<WeeklyRise>,
}

/// Check pain during the runs and the week-to-week rule over the history.
pub fn check(load: &Load, entries: &[DiaryEntry], p: &PainSettings) -> Monitoring {
    let during: Vec<(NaiveDate, f64)> = entries
        .iter()
        .filter_map(|e| e.pain_during.map(|v| (e.date, v)))
        .collect();
    Monitoring {
        during_recorded: during.len(),
        during_over: during
            .into_iter()
            .filter(|(_, v)| *v > p.during_max)
            .map(|(date, pain_during)| DuringOver { date, pain_during })
            .collect(),
        weekly_rises: weekly_rises(load, p),
    }
}

/// Weeks whose mean morning pain rose by more than `morning_rise_points`,
/// or whose mean morning stiffness rose by more than `stiffness_rise_min`,
/// over the week before (both weeks with readings).
fn weekly_rises(load: &Load, p: &PainSettings) -> Vec<WeeklyRise> {
    let Some(first) = load.days.first().map(|d| d.date) else {
        return Vec::new();
    };
    let morning = |start: NaiveDate| {
        let (_, days) = week_days(&load.days, first, start);
        let v: Vec<f64> = days.iter().filter_map(|d| d.pain_morning).collect();
        (!v.is_empty()).then(|| round(v.iter().sum::<f64>() / v.len() as f64, 2))
    };
    load.weeks
        .windows(2)
        .filter_map(|w| {
            let (before, now) = (&w[0], &w[1]);
            let rose = |a: Option<f64>, b: Option<f64>, margin: f64| match (a, b) {
                (Some(a), Some(b)) if b - a > margin => Some((a, b)),
                _ => None,
            };
            let pain = rose(
                morning(before.start),
                morning(now.start),
                p.morning_rise_points,
            );
            let stiff = rose(
                before.stiffness_min_mean,
                now.stiffness_min_mean,
                p.stiffness_rise_min,
            );
            (pain.is_some() || stiff.is_some()).then(|| WeeklyRise {
                week: now.week.clone(),
                start: now.start,
                morning_pain: pain,
                stiffness_min: stiff,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::model::{Pain, TimeOfDay};

    fn entry(day: i64, pain: f64, stiff: f64, during: Option<f64>) -> DiaryEntry {
        DiaryEntry {
            time: Some(TimeOfDay::Morning),
            pain_during: during,
            stiffness_min: Some(stiff),
            ..DiaryEntry::new(
                day as usize + 2,
                crate::dates::shift_days(NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(), day),
                Pain::new(pain).unwrap(),
            )
        }
    }

    /// Week 1: mornings 2, stiffness 10. Week 2: mornings 3.5 (+1.5),
    /// stiffness 10. Week 3: mornings 3.5, stiffness 25 (+15). Pain during
    /// a run: 4 on day 3, 6 on day 10.
    #[test]
    fn the_week_to_week_rule_and_the_during_limit() {
        let config = Config::default();
        let diary: Vec<DiaryEntry> = (0..21)
            .map(|d| {
                let pain = if d < 7 { 2.0 } else { 3.5 };
                let stiff = if d < 14 { 10.0 } else { 25.0 };
                let during = match d {
                    3 => Some(4.0),
                    10 => Some(6.0),
                    _ => None,
                };
                entry(d, pain, stiff, during)
            })
            .collect();
        let load = crate::analysis::load::compute(&[], |_| Ok(vec![]), &diary, &config).unwrap();
        let m = check(&load, &diary, &config.pain);
        assert_eq!(m.during_recorded, 2);
        assert_eq!(m.during_over.len(), 1);
        assert_eq!(m.during_over[0].pain_during, 6.0);
        assert_eq!(m.weekly_rises.len(), 2, "{:#?}", m.weekly_rises);
        assert_eq!(m.weekly_rises[0].morning_pain, Some((2.0, 3.5)));
        assert_eq!(m.weekly_rises[0].stiffness_min, None);
        assert_eq!(m.weekly_rises[1].morning_pain, None);
        assert_eq!(m.weekly_rises[1].stiffness_min, Some((10.0, 25.0)));
        // A wider margin lets both weeks pass.
        let mut wide = config.pain.clone();
        wide.morning_rise_points = 2.0;
        wide.stiffness_rise_min = 20.0;
        assert!(check(&load, &diary, &wide).weekly_rises.is_empty());
    }
}
