//! Steps 1 and 2: what each sample says the runner was doing, and the
//! rolling median that keeps one noisy second from saying it alone.

use super::State::{Jog, Stand, Walk};
use super::{Basis, State, Thresholds};
use crate::model::Sample;

/// States by rank, for the rolling median's counts.
const RANKED: [State; 3] = [Jog, Walk, Stand];

impl Basis {
    /// A channel counts when any sample has a value above 0: a channel of
    /// zeros (treadmill speed in some FIT files) means no sensor.
    pub(super) fn of(pts: &[Point]) -> Basis {
        let has = |f: fn(&Point) -> Option<f64>| pts.iter().any(|p| f(p).is_some_and(|v| v > 0.0));
        match (has(|p| p.cadence), has(|p| p.speed)) {
            (true, true) => Basis::CadenceAndSpeed,
            (true, false) => Basis::CadenceOnly,
            (false, true) => Basis::SpeedOnly,
            (false, false) => Basis::None,
        }
    }

    fn cadence(self) -> bool {
        matches!(self, Basis::CadenceAndSpeed | Basis::CadenceOnly)
    }

    fn speed(self) -> bool {
        matches!(self, Basis::CadenceAndSpeed | Basis::SpeedOnly)
    }
}

/// A sample reduced to what segmentation reads, with invalid values gone.
#[derive(Debug, Clone, Copy)]
pub(super) struct Point {
    pub(super) t: f64,
    pub(super) cadence: Option<f64>,
    pub(super) speed: Option<f64>,
}

pub(super) fn clean(samples: &[Sample]) -> Vec<Point> {
    let valid = |v: Option<f64>| v.filter(|x| x.is_finite() && *x >= 0.0);
    let mut pts: Vec<Point> = samples
        .iter()
        .filter(|s| s.t_s.is_finite())
        .map(|s| Point {
            t: s.t_s,
            cadence: valid(s.cadence_spm),
            speed: valid(s.speed_mps),
        })
        .collect();
    pts.sort_by(|a, b| a.t.total_cmp(&b.t));
    pts
}

/// Cadence first: it is measured at the body and reacts within a step,
/// while GPS speed lags and drifts. Speed only breaks ties near the jog
/// cadence, or stands in for a sample (or file) without cadence.
pub(super) fn classify(p: &Point, basis: Basis, t: &Thresholds) -> Option<State> {
    let cadence = p.cadence.filter(|_| basis.cadence());
    let speed = p.speed.filter(|_| basis.speed());
    match (cadence, speed) {
        (Some(c), Some(v)) if (c - t.jog_cadence_spm).abs() <= t.tiebreak_spm => {
            Some(if v >= t.jog_speed_mps { Jog } else { Walk })
        }
        (Some(c), _) => Some(by_level(c, t.jog_cadence_spm, t.walk_cadence_spm)),
        (None, Some(v)) => Some(by_level(v, t.jog_speed_mps, t.stand_speed_mps)),
        (None, None) => None,
    }
}

fn by_level(v: f64, jog: f64, walk: f64) -> State {
    if v >= jog {
        Jog
    } else if v >= walk {
        Walk
    } else {
        Stand
    }
}

/// Centred rolling median of the states over `window_s` seconds (by time,
/// so a GPX recorded every few seconds gets a fair window). A median rather
/// than a mean because states are categories; ranked jog > walk > stand, a
/// lone dropout to 0 spm inside a jog is simply outvoted. Unknown samples
/// take the median of their known neighbours, if any.
pub(super) fn smooth(times: &[f64], raw: &[Option<State>], window_s: f64) -> Vec<Option<State>> {
    let half = window_s / 2.0;
    let mut counts = [0usize; 3];
    let (mut lo, mut hi) = (0, 0);
    let mut out = Vec::with_capacity(raw.len());
    for i in 0..raw.len() {
        while hi < raw.len() && (hi <= i || times[hi] - times[i] <= half) {
            if let Some(s) = raw[hi] {
                counts[s as usize] += 1;
            }
            hi += 1;
        }
        while lo < i && times[i] - times[lo] > half {
            if let Some(s) = raw[lo] {
                counts[s as usize] -= 1;
            }
            lo += 1;
        }
        out.push(median_state(&counts));
    }
    out
}

fn median_state(counts: &[usize; 3]) -> Option<State> {
    let middle = counts.iter().sum::<usize>() / 2;
    let mut seen = 0;
    for (s, n) in RANKED.iter().zip(counts) {
        seen += n;
        if seen > middle {
            return Some(*s);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::segment::tests::{Series, assert_one_four, count, near, one_four};

    #[test]
    fn noisy_cadence_gives_the_same_result() {
        for seed in [1, 7, 42] {
            let series = one_four().noisy(seed);
            let dropouts = series
                .samples
                .iter()
                .filter(|x| x.cadence_spm == Some(0.0))
                .count();
            assert!(
                dropouts > 20,
                "the noise must include dropouts ({dropouts})"
            );
            let (segs, s) = series.run();
            assert_one_four(&segs, &s);
        }
    }

    #[test]
    fn treadmill_cadence_only_is_continuous() {
        for speed in [None, Some(0.0)] {
            let (segs, s) = Series::default()
                .add(1800, (Some(170.0), speed))
                .noisy(5)
                .run();
            assert_eq!(s.basis, Basis::CadenceOnly, "speed {speed:?}");
            assert_eq!(s.ratio.as_deref(), Some("continuous"));
            assert_eq!(s.jog_intervals, 1);
            assert_eq!(segs.len(), 1, "{segs:?}");
            assert!(near(s.jog_min, 30.0, 0.1), "{s:?}");
        }
    }

    #[test]
    fn speed_only_two_three() {
        let (walk, jog) = ((None, Some(1.4)), (None, Some(2.5)));
        let mut series = Series::default().add(300, walk);
        for _ in 0..5 {
            series = series.add(120, jog).add(180, walk);
        }
        let (segs, s) = series.add(120, walk).noisy(9).run();
        assert_eq!(s.basis, Basis::SpeedOnly);
        assert_eq!(s.ratio.as_deref(), Some("2:3"), "{s:?}");
        assert_eq!(s.jog_intervals, 5);
        assert_eq!(count(&segs, Jog), 5, "{segs:?}");
        assert!(near(s.median_jog_s.unwrap(), 120.0, 5.0), "{s:?}");
        assert!(near(s.median_walk_s.unwrap(), 180.0, 5.0), "{s:?}");
    }

    #[test]
    fn speed_breaks_cadence_ties() {
        let t = Thresholds::default();
        let p = |cadence, speed| Point {
            t: 0.0,
            cadence,
            speed,
        };
        let both = Basis::CadenceAndSpeed;
        assert_eq!(classify(&p(Some(135.0), Some(2.6)), both, &t), Some(Jog));
        assert_eq!(classify(&p(Some(145.0), Some(1.5)), both, &t), Some(Walk));
        assert_eq!(classify(&p(Some(135.0), None), both, &t), Some(Walk));
        assert_eq!(
            classify(&p(Some(145.0), Some(1.5)), Basis::CadenceOnly, &t),
            Some(Jog)
        );
        assert_eq!(
            classify(&p(Some(40.0), Some(2.6)), both, &t),
            Some(Stand),
            "cadence first"
        );
        assert_eq!(classify(&p(None, Some(2.6)), both, &t), Some(Jog));
        assert_eq!(classify(&p(None, Some(0.1)), both, &t), Some(Stand));
        assert_eq!(classify(&p(None, None), both, &t), None);
    }
}
