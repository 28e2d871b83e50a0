//! Synthetic weekly histories for calibrating runlog's personal-evidence
//! statistics (`runlog_core::analysis::association`): whether its p-value
//! says "unlikely to be chance" as rarely as it should when pain ignores
//! load, and how often it finds a link that is there.

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use runlog_core::analysis::association::WeekObs;
// Synthetic histories
// ---------------------------------------------------------------------------

/// Jump rule of the simulation: load up more than 30 % on the week before.
const SIM_JUMP_PCT: f64 = 30.0;
/// Chance that a week starts a pain spike; higher right after a spike week,
/// because pain comes in episodes (stationary rate ≈ 19 %).
const SIM_SPIKE_BASE: f64 = 0.15;
const SIM_SPIKE_AFTER_SPIKE: f64 = 0.35;
/// With `follows`, chance that a jump week sets off a spike that week or the next.
const SIM_SPIKE_AFTER_JUMP: f64 = 0.7;

/// A synthetic weekly history of `weeks` weeks with a diary every week.
///
/// Load (minutes): a planned level that grows 0–6 % a week (capped at 420);
/// about 13 % of weeks are down weeks (45–70 % of the level: recovery,
/// illness, travel) and about 6 % ambitious weeks (135–160 %). The week
/// after a down week and an ambitious week are load jumps by the 30 % rule,
/// so about 17 % of weeks are jumps.
///
/// Pain: spikes start in about 19 % of weeks, more often right after one.
/// With `follows == false` they are independent of load; with `follows ==
/// true` each jump week in addition sets off a spike that week or the next
/// with probability 0.7. A week counts as followed when a spike starts in
/// it or the next week (`lag_days` = 7 reaching into the next week). Weekly
/// mean pain is a slowly wandering baseline, raised in spike weeks.
pub fn simulate(weeks: usize, follows: bool, seed: u64) -> Vec<WeekObs> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let loads = sim_loads(weeks, &mut rng);
    let jumps: Vec<bool> = (0..weeks)
        .map(|t| t > 0 && loads[t] > loads[t - 1] * (1.0 + SIM_JUMP_PCT / 100.0))
        .collect();
    let onsets = sim_onsets(&jumps, follows, &mut rng);
    let pains = sim_pain(&onsets[..weeks], &mut rng);
    (0..weeks)
        .map(|t| WeekObs {
            label: format!("S-W{:02}", t + 1),
            load: loads[t],
            jump: jumps[t],
            spike_followed: onsets[t] || onsets[t + 1],
            pain_mean: Some(pains[t]),
        })
        .collect()
}

fn sim_loads(weeks: usize, rng: &mut Xoshiro256PlusPlus) -> Vec<f64> {
    let mut level: f64 = rng.random_range(60.0..150.0);
    let mut out: Vec<f64> = Vec::with_capacity(weeks);
    let mut down_before = false;
    for _ in 0..weeks {
        level = (level * rng.random_range(1.0..1.06)).min(420.0);
        let r: f64 = rng.random();
        let down = !down_before && r < 0.15;
        let factor = if down {
            rng.random_range(0.45..0.7)
        } else if r > 0.94 {
            rng.random_range(1.35..1.6)
        } else {
            1.0
        };
        out.push(level * factor);
        down_before = down;
    }
    out
}

/// Spike onsets per week, one week longer than `jumps` (the last week's
/// window reaches into it).
fn sim_onsets(jumps: &[bool], follows: bool, rng: &mut Xoshiro256PlusPlus) -> Vec<bool> {
    let mut onset = vec![false; jumps.len() + 1];
    for t in 0..onset.len() {
        let after = t > 0 && onset[t - 1];
        let p = if after {
            SIM_SPIKE_AFTER_SPIKE
        } else {
            SIM_SPIKE_BASE
        };
        onset[t] |= rng.random_bool(p);
        if follows && jumps.get(t) == Some(&true) && rng.random_bool(SIM_SPIKE_AFTER_JUMP) {
            onset[t + usize::from(rng.random_bool(0.5))] = true;
        }
    }
    onset
}

/// Weekly mean pain: a baseline of 1–3 wandering as AR(1), +1.5 in a spike
/// week and +0.7 the week after, kept within 0–10.
fn sim_pain(onsets: &[bool], rng: &mut Xoshiro256PlusPlus) -> Vec<f64> {
    let base: f64 = rng.random_range(1.0..3.0);
    let mut drift = 0.0;
    (0..onsets.len())
        .map(|t| {
            drift = 0.6 * drift + rng.random_range(-0.5..0.5);
            let bump = if onsets[t] {
                1.5
            } else if t > 0 && onsets[t - 1] {
                0.7
            } else {
                0.0
            };
            (base + drift + bump).clamp(0.0, 10.0)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use runlog_core::analysis::association::{ALPHA, Settings, associate, associate_with};
    #[test]
    fn nothing_breaks_on_odd_input() {
        let empty = associate(&[], 1);
        assert!(!empty.enough_data && empty.n_weeks == 0);
        let mut w = simulate(20, true, 3);
        for (i, x) in w.iter_mut().enumerate() {
            x.load = [f64::NAN, f64::INFINITY, 0.0, -5.0][i % 4];
        }
        let a = associate(&w, 1);
        assert_eq!((a.rho, a.lag_weeks), (None, None), "no usable load change");
        assert!(a.p_value.is_some_and(|p| (0.0..=1.0).contains(&p)));
        let mut flat = simulate(20, false, 4);
        flat.iter_mut().for_each(|x| x.pain_mean = Some(3.0));
        assert_eq!(associate(&flat, 1).rho, None, "pain never changes");
    }
    /// Share of histories with p < 0.05 (a history below the minimum counts
    /// as not significant), and the share that had enough data. No
    /// bootstrap: only the p-value is calibrated here, and it keeps the
    /// test fast in a debug build.
    fn share_significant(n: usize, follows: bool, histories: u64) -> (f64, f64) {
        let fast = Settings {
            resamples: 0,
            block_weeks: 4,
        };
        let (mut hits, mut enough) = (0, 0);
        for seed in 0..histories {
            let w = simulate(n, follows, seed * 1_000 + n as u64);
            let a = associate_with(&w, seed, fast);
            enough += usize::from(a.enough_data);
            hits += usize::from(a.p_value.is_some_and(|p| p < ALPHA));
        }
        let h = histories as f64;
        (hits as f64 / h, enough as f64 / h)
    }
    /// Issue #17, "calibration as a test": where pain is independent of load
    /// the test must not cry wolf more than about 5 % of the time; where it
    /// follows jumps, report how often it is found. `--nocapture` shows it.
    #[test]
    fn calibration_false_alarms_and_power() {
        for n in [20, 30, 52] {
            let (null, enough) = share_significant(n, false, 400);
            println!(
                "pain independent of load, {n} weeks: p < 0.05 in {:.1} % of 400 histories ({:.0} % had enough data)",
                null * 100.0,
                enough * 100.0
            );
            assert!(null <= 0.07, "false-positive rate {null} at {n} weeks");
        }
        let mut last = 0.0;
        for n in [20, 30, 52] {
            let (power, enough) = share_significant(n, true, 400);
            println!(
                "pain follows jumps, {n} weeks: p < 0.05 in {:.1} % of 400 histories ({:.0} % had enough data)",
                power * 100.0,
                enough * 100.0
            );
            assert!(power > last, "power grows with weeks");
            last = power;
        }
        assert!(last > 0.5, "52 weeks find a strong pattern often: {last}");
    }
    /// Where pain ignores load the true ρ is 0 at every lag, so the interval
    /// should miss 0 in about 5 % of histories (here with few resamples, so
    /// the bound is loose; 1000 resamples missed it in 4–7 % at 20–52 weeks).
    #[test]
    fn the_rho_interval_covers_zero_when_pain_ignores_load() {
        let fast = Settings {
            resamples: 80,
            block_weeks: 4,
        };
        let (mut with, mut missed) = (0, 0);
        for seed in 0..120 {
            let a = associate_with(&simulate(30, false, seed + 77), seed, fast);
            if let Some((lo, hi)) = a.rho_interval {
                with += 1;
                missed += usize::from(lo > 0.0 || hi < 0.0);
            }
        }
        let rate = missed as f64 / with as f64;
        println!(
            "null, 30 weeks: the ρ interval misses 0 in {:.1} % of {with} histories",
            rate * 100.0
        );
        assert!(with >= 100 && rate <= 0.12, "{missed} of {with}");
    }
    #[test]
    fn the_simulation_looks_like_a_running_log() {
        let (mut jumps, mut spikes, mut total) = (0, 0, 0);
        for seed in 0..50 {
            let w = simulate(52, false, seed);
            assert_eq!(w.len(), 52);
            assert!(w.iter().all(|x| x.load > 0.0 && x.pain_mean.is_some_and(|p| (0.0..=10.0).contains(&p))));
            jumps += w.iter().filter(|x| x.jump).count();
            spikes += w.iter().filter(|x| x.spike_followed).count();
            total += w.len();
        }
        let (jr, sr) = (jumps as f64 / total as f64, spikes as f64 / total as f64);
        assert!((0.15..=0.25).contains(&jr), "jump weeks {jr}");
        assert!((0.2..=0.4).contains(&sr), "followed weeks {sr}");
        assert_eq!(simulate(30, true, 7), simulate(30, true, 7));
        assert!(simulate(0, true, 7).is_empty());
    }
}
