//! Synthetic training histories for calibrating runlog's personal-evidence
//! statistics (`runlog_core::analysis::association`): whether its p-value
//! says "unlikely to be chance" as rarely as it should when pain ignores
//! load, and how often it finds a link that is there.
//!
//! Each history is runs and diary rows, day by day, and goes through
//! runlog's own pipeline ([`association_weeks`]): the daily and weekly
//! load, the jump rules (single long run, weekly rise, chronic load, EWMA
//! ratio), the pain-spike rule and the association's windows. An idealised
//! weekly generator would calibrate a test that runlog does not run.

use crate::rng::Rng;
use chrono::{NaiveDate, TimeZone, Utc};
use runlog_core::analysis::association::WeekObs;
use runlog_core::analysis::{association, jumps, load, plan, spikes};
use runlog_core::config::Config;
use runlog_core::model::{Activity, DiaryEntry, Format, Pain, Summary, TimeOfDay};

/// The shape of a history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    /// A runner at a slowly growing level, with down weeks (illness,
    /// travel) and now and then an ambitious one; pain spikes at a steady
    /// rate.
    Steady,
    /// A comeback: jumps and pain spikes are both common early and rarer
    /// later. The trend they share is the classic false positive of a
    /// rotation test.
    Comeback,
    /// A graded plan stepping the weekly minutes up every 4 weeks (a jump
    /// at each step), pain spikes at a steady rate.
    Stepped,
}

/// Runs and diary rows of one synthetic runner.
#[derive(Debug, Clone)]
pub struct History {
    pub activities: Vec<Activity>,
    pub diary: Vec<DiaryEntry>,
}

/// Monday 1 January 2024: histories lie well in the past, so no date is
/// "in the future" for the diary checks.
fn first_monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).expect("a real date")
}

/// A history of `weeks` weeks. With `follows`, a run more than 10 %
/// longer than the longest of the previous 30 days (what runlog's
/// single-long-run rule looks for) sets off a pain flare one to three days
/// later with probability 0.7, on top of the spikes that come regardless.
pub fn history(scenario: Scenario, weeks: usize, follows: bool, seed: u64) -> History {
    let mut rng = Rng::new(seed ^ 0x5EED_CA1B);
    let plan = week_minutes(scenario, weeks, &mut rng.fork(1));
    let mut runs = rng.fork(2);
    let mut days: Vec<(NaiveDate, f64)> = Vec::new();
    for (w, minutes) in plan.iter().enumerate() {
        let monday = shift(first_monday(), 7 * w as i64);
        for (day, share) in [(0, 0.3), (2, 0.3), (5, 0.4)] {
            days.push((shift(monday, day), minutes * share * runs.range(0.9, 1.1)));
        }
    }
    let mut flares = rng.fork(4);
    let mut flare_days = Vec::new();
    for i in 0..days.len() {
        if follows && longer_than_recent(&days, i) && flares.chance(0.7) {
            flare_days.push(shift(days[i].0, flares.int(1, 3)));
        }
    }
    let activities = days
        .iter()
        .enumerate()
        .map(|(n, (d, m))| run(*d, *m, n))
        .collect();
    let diary = diary(scenario, weeks, &flare_days, &mut rng.fork(3));
    History { activities, diary }
}

/// Run `i` is more than 10 % longer than the longest of the 30 days before.
fn longer_than_recent(days: &[(NaiveDate, f64)], i: usize) -> bool {
    let (day, minutes) = days[i];
    let longest = days[..i]
        .iter()
        .filter(|(d, _)| (day - *d).num_days() <= 30)
        .map(|(_, m)| *m)
        .fold(0.0, f64::max);
    longest > 0.0 && minutes > longest * 1.1
}

/// Each week's minutes.
fn week_minutes(scenario: Scenario, weeks: usize, rng: &mut Rng) -> Vec<f64> {
    let mut level: f64 = match scenario {
        Scenario::Comeback => rng.range(40.0, 70.0),
        _ => rng.range(80.0, 150.0),
    };
    let mut down_before = false;
    (0..weeks)
        .map(|t| {
            let early = 1.0 - t as f64 / weeks.max(1) as f64;
            let (p_down, p_up, growth) = match scenario {
                Scenario::Steady => (0.13, 0.06, rng.range(1.0, 1.04)),
                Scenario::Comeback => (0.05 + 0.25 * early, 0.02 + 0.2 * early, 1.0 + 0.06 * early),
                Scenario::Stepped => (0.0, 0.0, if t > 0 && t % 4 == 0 { 1.35 } else { 1.0 }),
            };
            level = (level * growth).min(420.0);
            let r = rng.unit();
            let down = !down_before && r < p_down;
            let up = r > 1.0 - p_up;
            let factor = if down {
                rng.range(0.45, 0.7)
            } else if up {
                rng.range(1.35, 1.6)
            } else {
                rng.range(0.95, 1.05)
            };
            down_before = down;
            level * factor
        })
        .collect()
}

/// A morning pain entry on most days: a wandering baseline around 2, and
/// flares (+3, +2.5, +1.5, +1, +0.5 over five days) that start on their
/// own and, with `follows`, after steep weeks. Flares on their own start
/// in about 15 % of weeks (Comeback: from about 35 % down to 5 %).
fn diary(
    scenario: Scenario,
    weeks: usize,
    flare_days: &[NaiveDate],
    rng: &mut Rng,
) -> Vec<DiaryEntry> {
    const FLARE: [f64; 5] = [3.0, 2.5, 1.5, 1.0, 0.5];
    let days = 7 * weeks as i64;
    let mut extra = vec![0.0; days as usize + 8];
    let mut add = |start: i64| {
        for (k, v) in FLARE.iter().enumerate() {
            if let Some(e) = extra.get_mut(start as usize + k) {
                *e = f64::max(*e, *v);
            }
        }
    };
    for d in flare_days {
        add((*d - first_monday()).num_days());
    }
    for day in 0..days {
        let early = 1.0 - day as f64 / days.max(1) as f64;
        let weekly = match scenario {
            Scenario::Comeback => 0.05 + 0.3 * early,
            _ => 0.15,
        };
        if rng.chance(weekly / 7.0) {
            add(day);
        }
    }
    let mut drift = 0.0;
    let mut out = Vec::new();
    for day in 0..days {
        drift = 0.9 * drift + rng.range(-0.15, 0.15);
        if rng.chance(0.1) {
            continue;
        }
        let pain = (2.0 + drift + extra[day as usize] + rng.range(-0.25, 0.25)).clamp(0.0, 10.0);
        let half_points = (pain * 2.0).round() / 2.0;
        out.push(entry(shift(first_monday(), day), half_points, out.len()));
    }
    out
}

fn shift(d: NaiveDate, days: i64) -> NaiveDate {
    runlog_core::dates::shift_days(d, days)
}

fn run(day: NaiveDate, minutes: f64, n: usize) -> Activity {
    let start = Utc.from_utc_datetime(&day.and_hms_opt(6, 30, 0).expect("a real time"));
    Activity {
        id: format!("sim{n:05}"),
        source: format!("exports/sim{n:05}.fit"),
        summary: Summary {
            utc_offset_s: Some(0),
            distance_m: Some(minutes * 160.0),
            has_gps: true,
            records: 10,
            ..Summary::new(Format::Fit, "running", start, minutes * 60.0)
        },
        duplicates: Vec::new(),
        warnings: Vec::new(),
    }
}

fn entry(date: NaiveDate, pain: f64, n: usize) -> DiaryEntry {
    DiaryEntry {
        time: Some(TimeOfDay::Morning),
        ..DiaryEntry::new(n + 2, date, Pain::new(pain).expect("clamped to 0-10"))
    }
}

/// The history's weeks as runlog's association sees them: through the load
/// computation, the jump rules, the spike rule and the follow-up windows,
/// exactly as `runlog flags` makes them.
pub fn association_weeks(h: &History, config: &Config) -> Vec<WeekObs> {
    let load = load::compute(&h.activities, |_| Ok(vec![]), &h.diary, config)
        .expect("synthetic runs have no series to read");
    let planned = plan::compare(&load, &config.plan);
    let jumps = jumps::find_jumps(&load, &planned, config);
    let spikes = spikes::find_spikes(&load, config);
    association::association_weeks(&load, &jumps, &spikes, config)
}

#[cfg(test)]
mod tests {
    use super::*;
    use runlog_core::analysis::association::{ALPHA, associate};

    const SCENARIOS: [Scenario; 3] = [Scenario::Steady, Scenario::Comeback, Scenario::Stepped];

    /// Share of histories with p < 0.05 (a history without enough data
    /// counts as not significant), and the share that had enough data.
    fn share_significant(s: Scenario, n: usize, follows: bool, histories: u64) -> (f64, f64) {
        let config = Config::default();
        let (mut hits, mut enough) = (0, 0);
        for seed in 0..histories {
            let h = history(s, n, follows, seed * 1_000 + n as u64);
            let a = associate(&association_weeks(&h, &config));
            enough += usize::from(a.enough_data);
            hits += usize::from(a.p_value.is_some_and(|p| p < ALPHA));
        }
        let h = histories as f64;
        (hits as f64 / h, enough as f64 / h)
    }

    /// Issue #22, calibration through the real pipeline: where pain ignores
    /// load, p < 0.05 in at most 7 % of histories, for a steady runner, a
    /// comeback where jumps and spikes both thin out, and a plan stepping
    /// up every 4 weeks. `--nocapture` prints the rates for the README.
    #[test]
    fn calibration_false_alarms_through_the_pipeline() {
        for s in SCENARIOS {
            for n in [20, 30, 52] {
                let (null, enough) = share_significant(s, n, false, 400);
                println!(
                    "{s:?}, pain independent of load, {n} weeks: p < 0.05 in {:.1} % of 400 histories ({:.0} % had enough data)",
                    null * 100.0,
                    enough * 100.0
                );
                assert!(
                    null <= 0.07,
                    "{s:?}: false-positive rate {null} at {n} weeks"
                );
            }
        }
    }

    /// How often a real link is found (power), through the same pipeline:
    /// a short history that shows "no sign" does not mean "no effect".
    #[test]
    fn calibration_power_through_the_pipeline() {
        let mut last = 0.0;
        for n in [20, 30, 52] {
            let (power, enough) = share_significant(Scenario::Steady, n, true, 400);
            println!(
                "Steady, pain follows long runs, {n} weeks: p < 0.05 in {:.1} % of 400 histories ({:.0} % had enough data)",
                power * 100.0,
                enough * 100.0
            );
            assert!(power >= last, "power grows with weeks");
            last = power;
        }
        // Modest, and said so in the README: the rotation test with mid-p
        // is cautious, and a single person's weeks are few.
        let (null, _) = share_significant(Scenario::Steady, 52, false, 400);
        assert!(
            last > 0.2 && last > 5.0 * null,
            "52 weeks: power {last}, null {null}"
        );
    }

    #[test]
    fn the_histories_look_like_a_running_log() {
        let config = Config::default();
        for s in SCENARIOS {
            let (mut jumps, mut followed, mut total) = (0, 0, 0);
            for seed in 0..20 {
                let w = association_weeks(&history(s, 52, false, seed), &config);
                assert_eq!(w.len(), 52, "{s:?}");
                jumps += w.iter().filter(|x| x.jump).count();
                followed += w.iter().filter(|x| x.spike_followed).count();
                total += w.len();
            }
            let (jr, fr) = (jumps as f64 / total as f64, followed as f64 / total as f64);
            assert!((0.05..=0.4).contains(&jr), "{s:?}: jump weeks {jr}");
            assert!((0.1..=0.5).contains(&fr), "{s:?}: followed weeks {fr}");
        }
        let a = history(Scenario::Comeback, 30, true, 7);
        let b = history(Scenario::Comeback, 30, true, 7);
        assert_eq!((a.activities, a.diary), (b.activities, b.diary));
        let empty = associate(&association_weeks(
            &history(Scenario::Steady, 0, false, 1),
            &config,
        ));
        assert!(!empty.enough_data && empty.n_weeks == 0);
    }
}
