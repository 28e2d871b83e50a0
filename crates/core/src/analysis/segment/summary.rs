//! Step 4: the numbers a run-walk programme is written in: jog intervals,
//! the walk breaks between them, and the ratio as people write it.

use super::State::{Jog, Walk};
use super::shape::Run;
use super::{Basis, State, Summary, Thresholds};

impl Summary {
    pub(super) fn empty(basis: Basis) -> Summary {
        Summary {
            jog_min: 0.0,
            walk_min: 0.0,
            stand_min: 0.0,
            jog_intervals: 0,
            median_jog_s: None,
            median_walk_s: None,
            ratio: None,
            warmup_walk_min: 0.0,
            cooldown_walk_min: 0.0,
            basis,
        }
    }
}

/// Consecutive segments of one state, joined across a gap shorter than
/// `max_pause_s` (an auto-pause at a traffic light is the same stop as a
/// recorded one).
#[derive(Debug)]
struct Interval {
    first: usize,
    last: usize,
    moving_s: f64,
}

/// Intervals of `state` with at least `min_segment_s` of moving time.
fn intervals(runs: &[Run], state: State, t: &Thresholds) -> Vec<Interval> {
    let mut out: Vec<Interval> = Vec::new();
    for (i, r) in runs.iter().enumerate().filter(|(_, r)| r.state == state) {
        match out.last_mut() {
            Some(iv) if iv.last + 1 == i && r.start - runs[iv.last].end < t.max_pause_s => {
                iv.last = i;
                iv.moving_s += r.moving();
            }
            _ => out.push(Interval {
                first: i,
                last: i,
                moving_s: r.moving(),
            }),
        }
    }
    out.retain(|iv| iv.moving_s >= t.min_segment_s);
    out
}

pub(super) fn summarize(runs: &[Run], basis: Basis, t: &Thresholds) -> Summary {
    let walked = |rs: &[Run]| moving(rs, Walk);
    let totals = Summary {
        jog_min: moving(runs, Jog),
        walk_min: walked(runs),
        stand_min: runs.iter().map(Run::stand).sum::<f64>() / 60.0,
        ..Summary::empty(basis)
    };
    let jogs = intervals(runs, Jog, t);
    let (Some(first), Some(last)) = (jogs.first(), jogs.last()) else {
        return totals;
    };
    let (first, last) = (first.first, last.last);
    let breaks = intervals(runs, Walk, t)
        .into_iter()
        .filter(|w| w.first > first && w.last < last)
        .map(|w| w.moving_s)
        .collect();
    let median_jog_s = crate::metrics::median(jogs.iter().map(|j| j.moving_s).collect());
    let median_walk_s = crate::metrics::median(breaks);
    Summary {
        jog_intervals: u32::try_from(jogs.len()).unwrap_or(u32::MAX),
        median_jog_s,
        median_walk_s,
        ratio: median_jog_s.map(|j| median_walk_s.map_or("continuous".into(), |w| ratio(j, w))),
        warmup_walk_min: walked(&runs[..first]),
        cooldown_walk_min: walked(&runs[last + 1..]),
        ..totals
    }
}

/// Minutes of `state` actually moving (absorbed stands excluded).
fn moving(runs: &[Run], state: State) -> f64 {
    runs.iter()
        .filter(|r| r.state == state)
        .map(Run::moving)
        .sum::<f64>()
        / 60.0
}

/// Whole minutes each (at least 1, so a 30-s jog reads "1:…" rather than
/// "0:…"), reduced by the common divisor: 2 min / 4 min reads "1:2".
fn ratio(jog_s: f64, walk_s: f64) -> String {
    let minutes = |s: f64| ((s / 60.0).round() as u64).max(1);
    let (j, w) = (minutes(jog_s), minutes(walk_s));
    let g = gcd(j, w);
    format!("{}:{}", j / g, w / g)
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::segment::Segment;
    use crate::analysis::segment::tests::{Series, WALK, assert_one_four, near, one_four};

    #[test]
    fn clean_one_four_intervals() {
        let (segs, s) = one_four().run();
        assert_one_four(&segs, &s);
        assert_eq!(s.basis, Basis::CadenceAndSpeed);
        assert_eq!(
            segs[1],
            Segment {
                state: Jog,
                start_s: 300.0,
                end_s: 360.0
            }
        );
        assert_eq!(s.stand_min, 0.0);
    }

    #[test]
    fn ratios_read_as_people_write_them() {
        let cases = [
            ((60.0, 240.0), "1:4"),
            ((120.0, 180.0), "2:3"),
            ((180.0, 120.0), "3:2"),
            ((240.0, 60.0), "4:1"),
            ((300.0, 62.0), "5:1"),
            ((120.0, 240.0), "1:2"),
            ((20.0, 95.0), "1:2"),
        ];
        for ((j, w), want) in cases {
            assert_eq!(ratio(j, w), want, "{j} s jog, {w} s walk");
        }
    }

    #[test]
    fn a_pure_walk_has_no_ratio() {
        let (segs, s) = Series::default().add(1200, WALK).noisy(11).run();
        assert_eq!(segs.len(), 1, "{segs:?}");
        assert_eq!(s.ratio, None);
        assert!(near(s.walk_min, 20.0, 0.1), "{s:?}");
        assert_eq!((s.warmup_walk_min, s.jog_intervals), (0.0, 0));
    }
}
