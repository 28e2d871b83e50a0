//! ISO weeks, the unit a return-to-running plan is written in: volume
//! summed from the runs, ratios and pain read off the daily series at the
//! week's end, and the pain baseline each week is compared with.

use super::daily::acwr_rolling;
use super::{Day, RunLoad, Week, iso_week_label, shift_days, week_start};
use crate::config::Config;
use crate::metrics;
use chrono::{Days, NaiveDate};
use std::collections::BTreeMap;

/// What a week's runs add up to.
#[derive(Debug, Clone, Copy, Default)]
struct Volume {
    km: f64,
    ascent_m: f64,
    /// Heart rate × minutes, over the runs that recorded heart rate.
    hr_min: f64,
    min_with_hr: f64,
}

impl Volume {
    fn add(&mut self, r: &RunLoad) {
        self.km += r.km.unwrap_or(0.0);
        self.ascent_m += r.ascent_m.unwrap_or(0.0);
        if let Some(hr) = r.avg_hr {
            self.hr_min += hr * r.minutes;
            self.min_with_hr += r.minutes;
        }
    }

    /// The week's average heart rate, weighted by each run's minutes.
    fn avg_hr(&self) -> Option<f64> {
        (self.min_with_hr > 0.0).then(|| self.hr_min / self.min_with_hr)
    }
}

/// Days → ISO weeks. Volume is summed from the runs by the week's Monday;
/// ratios and pain are read off the daily series at the week's end.
pub(super) fn weekly(days: &[Day], runs: &[RunLoad], config: &Config) -> Vec<Week> {
    let Some(first) = days.first() else {
        return Vec::new();
    };
    let mut vol: BTreeMap<NaiveDate, Volume> = BTreeMap::new();
    for r in runs {
        vol.entry(week_start(r.date)).or_default().add(r);
    }
    let mut weeks = Vec::new();
    let mut start = week_start(first.date);
    let first_day = first.date;
    while start <= days.last().map(|d| d.date).unwrap_or(start) {
        let v = vol.get(&start).copied().unwrap_or_default();
        weeks.push(week_row(
            days,
            first_day,
            start,
            v.km,
            v.ascent_m,
            v.avg_hr(),
            config,
        ));
        let Some(next) = start.checked_add_days(Days::new(7)) else {
            break;
        };
        start = next;
    }
    count_activities(&mut weeks, runs);
    pain_baselines(&mut weeks);
    for i in 1..weeks.len() {
        let prev = weeks[i - 1].load;
        weeks[i].load_change_pct = (prev > 0.0).then(|| (weeks[i].load - prev) / prev * 100.0);
    }
    weeks.iter_mut().for_each(round_week);
    weeks
}

/// Round for output: no reader needs 15 digits of minutes, and the JSON
/// and CSV stay short and stable across platforms' last float bits.
fn round_week(w: &mut Week) {
    let r = metrics::round;
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
    Week {
        week: iso_week_label(start),
        start,
        // Counted from the activities in `count_activities`.
        runs: 0,
        walks: 0,
        distance_km: km,
        moving_min: wd.iter().map(|d| d.minutes).sum(),
        ascent_m: ascent,
        avg_hr: hr,
        load,
        load_metric: config.load.metric.as_str().to_string(),
        load_unit: config.load.metric.unit(config.display.units).to_string(),
        load_change_pct: None,
        acwr,
        acwr_ewma: wd.last().and_then(|d| d.acwr_ewma),
        monotony: mono,
        strain: mono.map(|m| m * load),
        pain_mean: pain_mean(&wd),
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
        stiffness_min_mean: None,
        leg_pain_mean: None,
        function_mean: None,
        locations: String::new(),
        odi_pct: None,
        rmdq: None,
        psfs: None,
    }
}

/// Per week: running activities in `runs`, walks and hikes in `walks`;
/// cycling and other cross-training in neither (they are listed with the
/// activities, and in the minutes and kilometres).
fn count_activities(weeks: &mut [Week], runs: &[RunLoad]) {
    for w in weeks.iter_mut() {
        let end = shift_days(w.start, 6);
        for r in runs.iter().filter(|r| r.date >= w.start && r.date <= end) {
            if r.kind.is_running() {
                w.runs += 1;
            } else if r.kind.is_walking() {
                w.walks += 1;
            }
        }
    }
}

/// The mean of the week's daily mean pain, unrounded; `None` for a week
/// without diary entries.
pub(crate) fn pain_mean(wd: &[&Day]) -> Option<f64> {
    let pains: Vec<f64> = wd.iter().filter_map(|d| d.pain_mean).collect();
    metrics::mean(&pains)
}

/// Baseline: the median weekly mean pain of the previous 4 weeks that have
/// diary entries. Which days and weeks spike is decided once, from this,
/// by `spikes::find_spikes` (see `spikes::spike_rule`).
fn pain_baselines(weeks: &mut [Week]) {
    for i in 0..weeks.len() {
        let prev: Vec<f64> = weeks[..i]
            .iter()
            .rev()
            .filter_map(|w| w.pain_mean)
            .take(4)
            .collect();
        weeks[i].pain_baseline = metrics::median(prev);
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::load::compute;
    use crate::analysis::load::tests::{activity, cfg, entry};

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

    /// Issue #16: `runs` counts running only; walks and hikes have their
    /// own count, whether or not they count for load; a ride is in neither.
    #[test]
    fn runs_and_walks_are_counted_apart() {
        let mut acts = vec![activity(5, 30.0), activity(6, 30.0), activity(7, 40.0)];
        acts[1].summary.sport = "walking".into();
        acts[2].summary.sport = "cycling".into();
        let mut hike = activity(8, 90.0);
        hike.summary.sport = "hiking".into();
        acts.push(hike);
        for include_walks in [false, true] {
            let mut c = cfg();
            c.load.include_walks = include_walks;
            let load = compute(&acts, |_| Ok(vec![]), &[], &c).unwrap();
            let w = &load.weeks[0];
            assert_eq!((w.runs, w.walks), (1, 2), "include_walks = {include_walks}");
            assert_eq!(w.load, if include_walks { 150.0 } else { 30.0 });
        }
    }

    #[test]
    fn the_baseline_is_the_median_of_four_weeks_with_entries() {
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
        assert_eq!(load.weeks[0].pain_baseline, None, "no history, no baseline");
    }
}
