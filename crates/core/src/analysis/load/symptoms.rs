//! The week's whole symptom picture beside its pain: morning stiffness, leg
//! pain, the function score and where it hurts (issue #16). Physiotherapists
//! read these together: leg pain rising while back pain falls is a reason
//! to be seen sooner, not a sign of recovery.

use super::Week;
use crate::dates::shift_days;
use crate::model::DiaryEntry;

/// Fill each week's symptom fields from the diary entries of its seven days.
pub(super) fn fill(weeks: &mut [Week], diary: &[DiaryEntry]) {
    for w in weeks {
        let end = shift_days(w.start, 6);
        let days: Vec<&DiaryEntry> = diary
            .iter()
            .filter(|e| e.date >= w.start && e.date <= end)
            .collect();
        w.stiffness_min_mean = mean(days.iter().filter_map(|e| e.stiffness_min));
        w.leg_pain_mean = mean(days.iter().filter_map(|e| e.leg_pain));
        w.function_mean = mean(days.iter().filter_map(|e| e.function));
        w.locations = locations(&days);
    }
}

/// The mean to two decimals, as the weekly pain is rounded.
fn mean(v: impl Iterator<Item = f64>) -> Option<f64> {
    let v: Vec<f64> = v.filter(|x| x.is_finite()).collect();
    (!v.is_empty()).then(|| crate::metrics::round(v.iter().sum::<f64>() / v.len() as f64, 2))
}

/// Locations named that week, most often first, joined with "; ".
fn locations(days: &[&DiaryEntry]) -> String {
    rank_locations(days.iter().filter_map(|e| e.location.as_deref())).join("; ")
}

/// Pain locations by how often they are named, most often first; merged
/// case-insensitively (the first spelling wins), blanks left out.
fn rank_locations<'a>(named: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for l in named.into_iter().map(str::trim).filter(|l| !l.is_empty()) {
        match counts.iter_mut().find(|(k, _)| k.eq_ignore_ascii_case(l)) {
            Some(c) => c.1 += 1,
            None => counts.push((l.to_string(), 1)),
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts.into_iter().map(|(k, _)| k).collect()
}

/// Weeks where leg pain rose while back pain fell, against the week before
/// (both by at least half a point): worth pointing out to the physio.
pub fn leg_pain_rising_back_falling(weeks: &[Week]) -> Vec<&Week> {
    weeks
        .windows(2)
        .filter_map(|w| {
            let (a, b) = (&w[0], &w[1]);
            let leg = b.leg_pain_mean? - a.leg_pain_mean?;
            let back = b.pain_mean? - a.pain_mean?;
            (leg >= 0.5 && back <= -0.5).then_some(b)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Pain;
    use chrono::NaiveDate;

    fn entry(day: u32, stiff: Option<f64>, leg: Option<f64>, loc: &str) -> DiaryEntry {
        DiaryEntry {
            stiffness_min: stiff,
            location: Some(loc.into()),
            leg_pain: leg,
            function: Some(7.0),
            ..DiaryEntry::new(
                day as usize,
                NaiveDate::from_ymd_opt(2026, 3, day).unwrap(),
                Pain::new(3.0).unwrap(),
            )
        }
    }

    fn week(start_day: u32) -> Week {
        let mut w = blank();
        w.start = NaiveDate::from_ymd_opt(2026, 3, start_day).unwrap();
        w
    }

    fn blank() -> Week {
        Week::default()
    }

    #[test]
    fn a_week_gets_means_and_locations_of_its_own_days() {
        // 2026-03-02 is a Monday.
        let diary = [
            entry(2, Some(30.0), None, "low back"),
            entry(3, Some(10.0), Some(2.0), "Low back"),
            entry(4, None, Some(4.0), "left leg"),
            entry(9, Some(99.0), Some(9.0), "neck"),
        ];
        let mut weeks = [week(2)];
        fill(&mut weeks, &diary);
        let w = &weeks[0];
        assert_eq!(w.stiffness_min_mean, Some(20.0));
        assert_eq!(w.leg_pain_mean, Some(3.0));
        assert_eq!(w.function_mean, Some(7.0));
        assert_eq!(w.locations, "low back; left leg");
    }

    #[test]
    fn leg_pain_rising_while_back_pain_falls_is_found() {
        let mut a = week(2);
        let mut b = week(9);
        (a.pain_mean, a.leg_pain_mean) = (Some(4.0), Some(1.0));
        (b.pain_mean, b.leg_pain_mean) = (Some(3.0), Some(3.0));
        let weeks = [a.clone(), b];
        assert_eq!(leg_pain_rising_back_falling(&weeks).len(), 1);
        let both_up = [a.clone(), {
            let mut c = a;
            c.leg_pain_mean = Some(3.0);
            c.pain_mean = Some(5.0);
            c
        }];
        assert!(leg_pain_rising_back_falling(&both_up).is_empty());
    }
}
