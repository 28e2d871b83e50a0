//! Walk/jog segmentation of one activity: which parts were jogging, walking
//! or standing, and the jog:walk pattern ("1:4" = 1 min jog, 4 min walk) a
//! run-walk return-to-running programme is written in.
//!
//! Watches record neither the intervals nor the breaks, yet that is what a
//! physiotherapist grades a return to running by: how long each jog lasted,
//! how long the walk breaks were, whether there was a warm-up walk. So it is
//! rebuilt from the 1 Hz series in four steps:
//!
//! 1. classify each sample from cadence, with speed as the tiebreak (or
//!    speed alone when the file has no cadence);
//! 2. smooth with a short rolling median, so single noisy samples and
//!    sensor dropouts vanish;
//! 3. hysteresis: a state must last `min_segment_s` before it counts, and a
//!    short stand inside a jog or walk (a traffic light) does not split it;
//! 4. summarise: minutes per state, jog intervals, medians, the ratio.
//!
//! A jump in time (auto-pause, lost signal) ends a segment and counts as no
//! state at all: nothing was recorded, so nothing is guessed.

mod classify;
mod shape;
mod summary;

pub use crate::config::SegmentThresholds as Thresholds;
use crate::model::Sample;
use classify::clean;
use serde::{Deserialize, Serialize};
use shape::{Run, all_runs};
use summary::summarize;

/// What the runner was doing. The order (jog, walk, stand) is also the
/// order the rolling median ranks states in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Jog,
    Walk,
    Stand,
}

/// Which signal the classification rested on, so the report can say how
/// much to trust it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Cadence, with speed breaking ties near the jog cadence.
    CadenceAndSpeed,
    /// Cadence alone (treadmill without footpod speed).
    CadenceOnly,
    /// Speed alone (GPX without cadence).
    SpeedOnly,
    /// Neither: nothing could be classified.
    None,
}

/// A stretch of one state, `start_s`..`end_s` in the activity's seconds.
/// Segments never overlap and never span a gap in the recording.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segment {
    pub state: State,
    pub start_s: f64,
    pub end_s: f64,
}

/// The activity's walk/jog pattern, as a physiotherapist reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Minutes jogging, walking and standing. Standing inside a jog or walk
    /// (a traffic light) counts here, not as jog or walk; gaps count nowhere.
    pub jog_min: f64,
    pub walk_min: f64,
    pub stand_min: f64,
    /// Jog intervals of at least `min_segment_s` of jogging.
    pub jog_intervals: u32,
    /// Median jogging time of those intervals, seconds.
    pub median_jog_s: Option<f64>,
    /// Median walking time of the walk breaks between two jog intervals
    /// (not warm-up or cool-down), seconds.
    pub median_walk_s: Option<f64>,
    /// Jog:walk as people write it ("1:4", "2:3", "3:2"), from the two
    /// medians rounded to whole minutes (at least 1) and reduced;
    /// "continuous" when there are jogs but no walk breaks between them;
    /// `None` without jogging.
    pub ratio: Option<String>,
    /// Minutes walked before the first jog interval (0 without jogging).
    pub warmup_walk_min: f64,
    /// Minutes walked after the last jog interval (0 without jogging).
    pub cooldown_walk_min: f64,
    pub basis: Basis,
}

/// Segment one activity. Never panics: samples with a non-finite time are
/// dropped, the rest sorted by time, and non-finite or negative cadence and
/// speed values are treated as missing.
pub fn segment(samples: &[Sample], t: &Thresholds) -> (Vec<Segment>, Summary) {
    let pts = clean(samples);
    let basis = Basis::of(&pts);
    let runs = all_runs(&pts, basis, t);
    let summary = summarize(&runs, basis, t);
    (runs.iter().map(Run::segment).collect(), summary)
}

#[cfg(test)]
mod tests {
    use super::State::{Jog, Walk};
    use super::*;
    use proptest::prelude::*;

    pub(super) const JOG: (Option<f64>, Option<f64>) = (Some(165.0), Some(2.6));
    pub(super) const WALK: (Option<f64>, Option<f64>) = (Some(115.0), Some(1.5));
    pub(super) const STAND: (Option<f64>, Option<f64>) = (Some(0.0), Some(0.0));

    /// Builds a synthetic 1 Hz series, stretch by stretch.
    #[derive(Default)]
    pub(super) struct Series {
        pub(super) samples: Vec<Sample>,
        next_t: f64,
    }

    impl Series {
        pub(super) fn add(
            mut self,
            secs: usize,
            (cadence, speed): (Option<f64>, Option<f64>),
        ) -> Self {
            for i in 0..secs {
                self.samples.push(Sample {
                    t_s: self.next_t + i as f64,
                    cadence_spm: cadence,
                    speed_mps: speed,
                    ..Sample::default()
                });
            }
            self.next_t += secs as f64;
            self
        }

        /// Auto-pause: time passes, nothing is recorded.
        pub(super) fn pause(mut self, secs: usize) -> Self {
            self.next_t += secs as f64;
            self
        }

        /// ±15 spm cadence noise, ±0.3 m/s speed noise, and about 3 % of
        /// seconds with cadence dropping out to 0, from a fixed-seed LCG.
        pub(super) fn noisy(mut self, seed: u64) -> Self {
            let mut rng = Lcg(seed);
            for s in &mut self.samples {
                let dropout = rng.unit() < 0.03;
                let (dc, dv) = (rng.unit() * 30.0 - 15.0, rng.unit() * 0.6 - 0.3);
                s.cadence_spm = s.cadence_spm.map(|c| if dropout { 0.0 } else { c + dc });
                // A zero stays zero: it is a missing sensor or a standstill.
                s.speed_mps = s
                    .speed_mps
                    .map(|v| if v > 0.0 { (v + dv).max(0.0) } else { v });
            }
            self
        }

        pub(super) fn run(&self) -> (Vec<Segment>, Summary) {
            segment(&self.samples, &Thresholds::default())
        }
    }

    struct Lcg(u64);

    impl Lcg {
        /// Uniform in [0, 1) (Knuth's MMIX constants, top 53 bits).
        fn unit(&mut self) -> f64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (self.0 >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    /// 5 min walk, 4 × (1 min jog, 4 min walk), 5 min walk.
    pub(super) fn one_four() -> Series {
        let mut s = Series::default().add(300, WALK);
        for _ in 0..4 {
            s = s.add(60, JOG).add(240, WALK);
        }
        s.add(300, WALK)
    }

    pub(super) fn near(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    pub(super) fn count(segs: &[Segment], state: State) -> usize {
        segs.iter().filter(|s| s.state == state).count()
    }

    pub(super) fn assert_one_four(segs: &[Segment], s: &Summary) {
        assert_eq!(s.jog_intervals, 4, "{s:?}");
        assert_eq!(s.ratio.as_deref(), Some("1:4"), "{s:?}");
        assert!(near(s.jog_min, 4.0, 0.3), "{s:?}");
        assert!(near(s.warmup_walk_min, 5.0, 0.3), "{s:?}");
        assert!(near(s.cooldown_walk_min, 9.0, 0.3), "{s:?}");
        assert!(near(s.median_walk_s.unwrap(), 240.0, 15.0), "{s:?}");
        assert_eq!(count(segs, Jog), 4, "{segs:?}");
        assert_eq!(count(segs, Walk), 5, "{segs:?}");
    }

    #[test]
    fn empty_and_signal_free_input_give_zeros() {
        assert_eq!(
            segment(&[], &Thresholds::default()),
            (vec![], Summary::empty(Basis::None))
        );
        let hr_only: Vec<Sample> = (0..600)
            .map(|i| Sample {
                t_s: f64::from(i),
                hr_bpm: Some(120.0),
                ..Sample::default()
            })
            .collect();
        assert_eq!(
            segment(&hr_only, &Thresholds::default()),
            (vec![], Summary::empty(Basis::None))
        );
    }

    #[test]
    fn thresholds_round_trip_through_toml() {
        #[derive(Serialize, Deserialize)]
        struct File {
            segment: Thresholds,
        }
        let text = toml::to_string(&File {
            segment: Thresholds::default(),
        })
        .unwrap();
        assert!(
            text.starts_with("[segment]\njog_cadence_spm = 140.0\n"),
            "{text}"
        );
        let f: File = toml::from_str(&text).unwrap();
        assert_eq!(f.segment, Thresholds::default());
        assert_eq!(Thresholds::default().check(), Ok(()));
        let partial: Thresholds = toml::from_str("jog_cadence_spm = 150").unwrap();
        assert_eq!(partial.jog_cadence_spm, 150.0);
        assert_eq!(partial.max_pause_s, 60.0);
        let e = toml::from_str::<Thresholds>("jog_cadense_spm = 150").unwrap_err();
        assert!(e.to_string().contains("jog_cadense_spm"), "{e}");
        let bad = Thresholds {
            walk_cadence_spm: 150.0,
            ..Thresholds::default()
        };
        assert!(bad.check().is_err());
    }

    fn any_number() -> impl Strategy<Value = f64> {
        prop_oneof![3 => 0.0..200.0f64, 1 => any::<f64>()]
    }

    fn samples() -> impl Strategy<Value = Vec<Sample>> {
        let time = prop_oneof![4 => (-5i32..400).prop_map(f64::from), 1 => any::<f64>()];
        let one = (
            time,
            proptest::option::of(any_number()),
            proptest::option::of(any_number()),
        );
        proptest::collection::vec(one, 0..300).prop_map(|v| {
            v.into_iter()
                .map(|(t_s, cadence_spm, speed_mps)| Sample {
                    t_s,
                    cadence_spm,
                    speed_mps,
                    ..Sample::default()
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn degenerate_input_never_panics(samples in samples()) {
            let (segs, s) = segment(&samples, &Thresholds::default());
            for w in segs.windows(2) {
                prop_assert!(w[0].end_s <= w[1].start_s, "{:?}", w);
            }
            for g in &segs {
                prop_assert!(g.start_s < g.end_s, "{:?}", g);
            }
            let total: f64 = segs.iter().map(|g| g.end_s - g.start_s).sum::<f64>() / 60.0;
            let parts = s.jog_min + s.walk_min + s.stand_min;
            prop_assert!(parts.is_finite() && s.jog_min >= 0.0 && s.walk_min >= 0.0 && s.stand_min >= 0.0, "{:?}", s);
            prop_assert!((parts - total).abs() < 1e-6, "{} vs {}", parts, total);
            prop_assert_eq!(s.ratio.is_some(), s.jog_intervals > 0);
            prop_assert!(s.jog_intervals as usize <= count(&segs, Jog));
        }

        #[test]
        fn odd_thresholds_never_panic(
            samples in samples(),
            v in proptest::collection::vec(any::<f64>(), 9),
        ) {
            let t = Thresholds {
                jog_cadence_spm: v[0], walk_cadence_spm: v[1], tiebreak_spm: v[2],
                jog_speed_mps: v[3], stand_speed_mps: v[4], smooth_s: v[5],
                min_segment_s: v[6], max_pause_s: v[7], max_gap_s: v[8],
            };
            let _ = segment(&samples, &t);
        }
    }
}
