//! Step 3: from a second-by-second state to stretches a physiotherapist
//! would recognise. A state has to last before it counts, and a stop at a
//! traffic light is not a walk break.

use super::State::{Stand, Walk};
use super::classify::{Point, classify, smooth};
use super::{Basis, Segment, State, Thresholds};
use std::ops::Range;

/// Classify, cut at gaps, smooth each gap-free block, cut again where a
/// sample stays unknown, and shape each piece into segments.
pub(super) fn all_runs(pts: &[Point], basis: Basis, t: &Thresholds) -> Vec<Run> {
    let times: Vec<f64> = pts.iter().map(|p| p.t).collect();
    let raw: Vec<Option<State>> = pts.iter().map(|p| classify(p, basis, t)).collect();
    let mut out = Vec::new();
    for block in split(times.len(), |i| times[i] - times[i - 1] > t.max_gap_s) {
        let ts = &times[block.clone()];
        let states = smooth(ts, &raw[block], t.smooth_s);
        for piece in split(states.len(), |i| {
            states[i].is_none() || states[i - 1].is_none()
        }) {
            out.extend(shape(runs(&ts[piece.clone()], &states[piece]), t));
        }
    }
    out
}

/// Index ranges covering `0..len`, cut before every `i` where `cut(i)`.
fn split(len: usize, cut: impl Fn(usize) -> bool) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=len {
        if i == len || cut(i) {
            out.push(start..i);
            start = i;
        }
    }
    out
}

/// A stretch of one state while shaping. `stand_s` is time the smoothed
/// series stood still inside a jog or walk (absorbed pauses and blips).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Run {
    pub(super) state: State,
    pub(super) start: f64,
    pub(super) end: f64,
    pub(super) stand_s: f64,
}

impl Run {
    fn dur(&self) -> f64 {
        self.end - self.start
    }

    /// Standing time: all of a stand, the absorbed pauses of a jog or walk.
    pub(super) fn stand(&self) -> f64 {
        if self.state == Stand {
            self.dur()
        } else {
            self.stand_s
        }
    }

    /// Time actually jogging or walking; jog/walk minutes and interval
    /// lengths use this, so a traffic light does not lengthen a jog.
    pub(super) fn moving(&self) -> f64 {
        self.dur() - self.stand()
    }

    pub(super) fn segment(&self) -> Segment {
        Segment {
            state: self.state,
            start_s: self.start,
            end_s: self.end,
        }
    }
}

/// Runs of equal state in a piece of known, gap-free samples. Each sample
/// lasts until the next one; the piece's last sample adds no time, as the
/// recording says nothing about what followed it.
fn runs(times: &[f64], states: &[Option<State>]) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for (i, s) in states.iter().enumerate() {
        let Some(state) = *s else { continue };
        let end = times.get(i + 1).copied().unwrap_or(times[i]);
        let stand_s = if state == Stand { end - times[i] } else { 0.0 };
        match out.last_mut() {
            Some(r) if r.state == state => {
                r.end = end;
                r.stand_s += stand_s;
            }
            _ => out.push(Run {
                state,
                start: times[i],
                end,
                stand_s,
            }),
        }
    }
    // Duplicate timestamps make empty runs; dropping them may leave equals
    // side by side.
    out.retain(|r| r.dur() > 0.0);
    coalesce(&mut out);
    out
}

/// Hysteresis, then traffic lights.
fn shape(mut runs: Vec<Run>, t: &Thresholds) -> Vec<Run> {
    debounce(&mut runs, t.min_segment_s);
    absorb_pauses(&mut runs, t.max_pause_s);
    runs
}

/// A state must persist `min_s` to count: repeatedly fold the shortest run
/// under `min_s` into its longer neighbour (two equal neighbours merge
/// through it). Shortest first, so a 3-s stand between two 15-s walks makes
/// one 33-s walk instead of three blips lost to the jog around them.
fn debounce(runs: &mut Vec<Run>, min_s: f64) {
    while runs.len() > 1 {
        let shortest = runs
            .iter()
            .enumerate()
            .filter(|(_, r)| r.dur() < min_s)
            .min_by(|a, b| a.1.dur().total_cmp(&b.1.dur()));
        let Some((i, _)) = shortest else { break };
        let n = i + 1;
        let host = match i.checked_sub(1) {
            Some(p) if n < runs.len() && runs[n].dur() > runs[p].dur() => n,
            Some(p) => p,
            None => n,
        };
        let r = runs.remove(i);
        let h = &mut runs[if host > i { host - 1 } else { host }];
        h.start = h.start.min(r.start);
        h.end = h.end.max(r.end);
        h.stand_s += r.stand();
        coalesce(runs);
    }
}

/// A stand shorter than `max_pause_s` between two moving runs is a pause,
/// not a break: between jogs it stays jog, between walks walk, and between
/// a jog and a walk it joins the walk (the jog ended when the runner
/// stopped). Stands at the start or end are left alone.
fn absorb_pauses(runs: &mut Vec<Run>, max_pause_s: f64) {
    for i in 1..runs.len().saturating_sub(1) {
        let r = runs[i];
        if r.state == Stand && r.dur() < max_pause_s {
            let (before, after) = (runs[i - 1].state, runs[i + 1].state);
            let state = if before == after { before } else { Walk };
            runs[i] = Run {
                state,
                stand_s: r.dur(),
                ..r
            };
        }
    }
    coalesce(runs);
}

/// Merge neighbours of equal state (they are contiguous within a piece).
fn coalesce(runs: &mut Vec<Run>) {
    runs.dedup_by(|next, prev| {
        let same = next.state == prev.state;
        if same {
            prev.end = next.end;
            prev.stand_s += next.stand_s;
        }
        same
    });
}

#[cfg(test)]
mod tests {
    use crate::analysis::segment::State::{Jog, Stand, Walk};
    use crate::analysis::segment::tests::{JOG, STAND, Series, WALK, count, near};
    use crate::analysis::segment::{Segment, Summary};

    /// 5 min walk, 5 min jog, a stop, 5 min jog, 5 min walk.
    fn jog_with_stop(stop_s: usize) -> (Vec<Segment>, Summary) {
        let s = Series::default()
            .add(300, WALK)
            .add(300, JOG)
            .add(stop_s, STAND);
        s.add(300, JOG).add(300, WALK).noisy(3).run()
    }

    #[test]
    fn traffic_light_does_not_split_a_jog() {
        let (segs, s) = jog_with_stop(40);
        assert_eq!(s.jog_intervals, 1, "{s:?}");
        assert_eq!(count(&segs, Jog), 1, "{segs:?}");
        assert_eq!(count(&segs, Stand), 0, "{segs:?}");
        assert_eq!(s.ratio.as_deref(), Some("continuous"));
        assert!(
            near(s.stand_min, 40.0 / 60.0, 0.1),
            "standing still counts: {s:?}"
        );
        assert!(near(s.jog_min, 10.0, 0.2), "{s:?}");
        assert!(near(s.median_jog_s.unwrap(), 600.0, 10.0), "{s:?}");
    }

    #[test]
    fn a_long_stand_ends_the_jog() {
        let (segs, s) = jog_with_stop(180);
        assert_eq!(s.jog_intervals, 2, "{s:?}");
        assert_eq!(count(&segs, Stand), 1, "{segs:?}");
        assert!(near(s.stand_min, 3.0, 0.1), "{s:?}");
        assert_eq!(
            s.ratio.as_deref(),
            Some("continuous"),
            "no walk between the jogs"
        );
    }

    #[test]
    fn short_changes_do_not_start_segments() {
        // 12 s of walking up a steep bit is longer than the median window but
        // shorter than min_segment_s: still one jog.
        let s = Series::default().add(300, JOG).add(12, WALK).add(300, JOG);
        let (segs, sum) = s.run();
        assert_eq!(segs.len(), 1, "{segs:?}");
        assert_eq!(
            (sum.jog_intervals, sum.ratio.as_deref()),
            (1, Some("continuous"))
        );
        // Two 15-s walks around a 3-s stop are one 33-s walk break.
        let s = Series::default().add(300, JOG).add(15, WALK).add(3, STAND);
        let (segs, sum) = s.add(15, WALK).add(300, JOG).run();
        assert_eq!(
            segs.iter().map(|g| g.state).collect::<Vec<_>>(),
            [Jog, Walk, Jog]
        );
        assert!(near(segs[1].end_s - segs[1].start_s, 33.0, 1.0), "{segs:?}");
        assert_eq!(sum.jog_intervals, 2, "{sum:?}");
    }

    #[test]
    fn a_stop_between_jog_and_walk_joins_the_walk() {
        let s = Series::default()
            .add(300, JOG)
            .add(30, STAND)
            .add(300, WALK)
            .add(300, JOG);
        let (segs, sum) = s.run();
        assert_eq!(segs.len(), 3, "{segs:?}");
        assert_eq!(segs[1].state, Walk);
        assert!(near(segs[1].start_s, 300.0, 3.0), "{segs:?}");
        assert!(
            near(sum.median_walk_s.unwrap(), 300.0, 3.0),
            "stand not in walk time: {sum:?}"
        );
    }

    #[test]
    fn time_gaps_end_segments_without_a_walk() {
        let (segs, s) = Series::default()
            .add(300, JOG)
            .pause(120)
            .add(300, JOG)
            .run();
        assert_eq!(segs.len(), 2, "{segs:?}");
        assert_eq!(count(&segs, Jog), 2, "{segs:?}");
        assert_eq!(segs[0].end_s, 299.0);
        assert_eq!(segs[1].start_s, 420.0);
        assert_eq!((s.walk_min, s.stand_min), (0.0, 0.0));
        assert_eq!(s.jog_intervals, 2, "a long gap ends the interval");
        let (segs, s) = Series::default()
            .add(300, JOG)
            .pause(30)
            .add(300, JOG)
            .run();
        assert_eq!(segs.len(), 2, "{segs:?}");
        assert_eq!(s.jog_intervals, 1, "a short auto-pause does not: {s:?}");
    }
}
