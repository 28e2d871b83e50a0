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

use crate::model::Sample;
use State::{Jog, Stand, Walk};
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Thresholds of the segmentation, as `[segment]` in `runlog.toml`. The
/// defaults suit recreational runners and walkers; every key is optional.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    /// Cadence (steps/min, both feet) at or above which a sample is jogging.
    /// Default 140: brisk walking rarely exceeds ~135, even slow jogging is
    /// ~150 or more.
    pub jog_cadence_spm: f64,
    /// Cadence at or above which a sample is walking; below it, standing.
    /// Default 70: slow walking is ~90–100, and a watch standing still
    /// reports 0 or a few stray steps.
    pub walk_cadence_spm: f64,
    /// Half-width of the band around `jog_cadence_spm` (default 10, i.e.
    /// 130–150) where a brisk walk and a shuffling jog overlap: there speed
    /// decides (≥ `jog_speed_mps` jog, else walk) when the file has speed.
    pub tiebreak_spm: f64,
    /// Speed (m/s) at or above which a sample is jogging when speed decides.
    /// Default 2.0 m/s ≈ 8:20 min/km, faster than almost anyone walks.
    pub jog_speed_mps: f64,
    /// Speed at or above which a sample is walking; below it, standing.
    /// Default 0.3 m/s: GPS speed wanders around this when standing still.
    pub stand_speed_mps: f64,
    /// Width (s) of the centred rolling median applied before hysteresis.
    /// Default 5 s: removes one- or two-second glitches (cadence dropouts to
    /// 0) without moving real transitions.
    pub smooth_s: f64,
    /// A new state must persist this long (s) to start a segment; shorter
    /// runs join their longer neighbour. Jog intervals shorter than this are
    /// not counted. Default 20 s: shorter than any programme's jog interval,
    /// longer than a stumble or a kerb.
    pub min_segment_s: f64,
    /// A stand shorter than this (s) between jogs or walks does not split
    /// them (a traffic light is not a walk break); between a jog and a walk it
    /// joins the walk. Its time still counts as standing. Default 60 s. The
    /// same limit joins two jog (or walk) segments separated only by a gap.
    pub max_pause_s: f64,
    /// Consecutive samples further apart than this (s) are a gap (auto-pause,
    /// lost signal): the segment ends and the gap counts as no state.
    /// Default 10 s, as in the load computation.
    pub max_gap_s: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            jog_cadence_spm: 140.0,
            walk_cadence_spm: 70.0,
            tiebreak_spm: 10.0,
            jog_speed_mps: 2.0,
            stand_speed_mps: 0.3,
            smooth_s: 5.0,
            min_segment_s: 20.0,
            max_pause_s: 60.0,
            max_gap_s: 10.0,
        }
    }
}

impl Thresholds {
    /// Plausibility check for use at config load time. `segment` itself never
    /// panics on odd values; it just gives odd answers.
    pub fn check(&self) -> Result<(), String> {
        let all = [
            self.jog_cadence_spm,
            self.walk_cadence_spm,
            self.tiebreak_spm,
            self.jog_speed_mps,
            self.stand_speed_mps,
            self.smooth_s,
            self.min_segment_s,
            self.max_pause_s,
            self.max_gap_s,
        ];
        if all.iter().any(|v| !v.is_finite() || *v < 0.0) || self.max_gap_s == 0.0 {
            return Err("every threshold must be a number ≥ 0 (max_gap_s above 0)".into());
        }
        if self.walk_cadence_spm >= self.jog_cadence_spm
            || self.stand_speed_mps >= self.jog_speed_mps
        {
            return Err("walk_cadence_spm must be below jog_cadence_spm and stand_speed_mps below jog_speed_mps".into());
        }
        Ok(())
    }
}

/// What the runner was doing. The order (jog, walk, stand) is also the
/// order the rolling median ranks states in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Jog,
    Walk,
    Stand,
}

/// States by rank, for the rolling median's counts.
const RANKED: [State; 3] = [Jog, Walk, Stand];

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

impl Basis {
    /// A channel counts when any sample has a value above 0: a channel of
    /// zeros (treadmill speed in some FIT files) means no sensor.
    fn of(pts: &[Point]) -> Basis {
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

impl Summary {
    fn empty(basis: Basis) -> Summary {
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

/// A sample reduced to what segmentation reads, with invalid values gone.
#[derive(Debug, Clone, Copy)]
struct Point {
    t: f64,
    cadence: Option<f64>,
    speed: Option<f64>,
}

fn clean(samples: &[Sample]) -> Vec<Point> {
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
fn classify(p: &Point, basis: Basis, t: &Thresholds) -> Option<State> {
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

/// Classify, cut at gaps, smooth each gap-free block, cut again where a
/// sample stays unknown, and shape each piece into segments.
fn all_runs(pts: &[Point], basis: Basis, t: &Thresholds) -> Vec<Run> {
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

/// Centred rolling median of the states over `window_s` seconds (by time,
/// so a GPX recorded every few seconds gets a fair window). A median rather
/// than a mean because states are categories; ranked jog > walk > stand, a
/// lone dropout to 0 spm inside a jog is simply outvoted. Unknown samples
/// take the median of their known neighbours, if any.
fn smooth(times: &[f64], raw: &[Option<State>], window_s: f64) -> Vec<Option<State>> {
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

/// A stretch of one state while shaping. `stand_s` is time the smoothed
/// series stood still inside a jog or walk (absorbed pauses and blips).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Run {
    state: State,
    start: f64,
    end: f64,
    stand_s: f64,
}

impl Run {
    fn dur(&self) -> f64 {
        self.end - self.start
    }

    /// Standing time: all of a stand, the absorbed pauses of a jog or walk.
    fn stand(&self) -> f64 {
        if self.state == Stand {
            self.dur()
        } else {
            self.stand_s
        }
    }

    /// Time actually jogging or walking; jog/walk minutes and interval
    /// lengths use this, so a traffic light does not lengthen a jog.
    fn moving(&self) -> f64 {
        self.dur() - self.stand()
    }

    fn segment(&self) -> Segment {
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

fn summarize(runs: &[Run], basis: Basis, t: &Thresholds) -> Summary {
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
    use proptest::prelude::*;

    const JOG: (Option<f64>, Option<f64>) = (Some(165.0), Some(2.6));
    const WALK: (Option<f64>, Option<f64>) = (Some(115.0), Some(1.5));
    const STAND: (Option<f64>, Option<f64>) = (Some(0.0), Some(0.0));

    /// Builds a synthetic 1 Hz series, stretch by stretch.
    #[derive(Default)]
    struct Series {
        samples: Vec<Sample>,
        next_t: f64,
    }

    impl Series {
        fn add(mut self, secs: usize, (cadence, speed): (Option<f64>, Option<f64>)) -> Self {
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
        fn pause(mut self, secs: usize) -> Self {
            self.next_t += secs as f64;
            self
        }

        /// ±15 spm cadence noise, ±0.3 m/s speed noise, and about 3 % of
        /// seconds with cadence dropping out to 0, from a fixed-seed LCG.
        fn noisy(mut self, seed: u64) -> Self {
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

        fn run(&self) -> (Vec<Segment>, Summary) {
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
    fn one_four() -> Series {
        let mut s = Series::default().add(300, WALK);
        for _ in 0..4 {
            s = s.add(60, JOG).add(240, WALK);
        }
        s.add(300, WALK)
    }

    fn near(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    fn count(segs: &[Segment], state: State) -> usize {
        segs.iter().filter(|s| s.state == state).count()
    }

    fn assert_one_four(segs: &[Segment], s: &Summary) {
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

    fn zeros(basis: Basis) -> Summary {
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

    #[test]
    fn empty_and_signal_free_input_give_zeros() {
        assert_eq!(
            segment(&[], &Thresholds::default()),
            (vec![], zeros(Basis::None))
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
            (vec![], zeros(Basis::None))
        );
    }

    #[test]
    fn a_pure_walk_has_no_ratio() {
        let (segs, s) = Series::default().add(1200, WALK).noisy(11).run();
        assert_eq!(segs.len(), 1, "{segs:?}");
        assert_eq!(s.ratio, None);
        assert!(near(s.walk_min, 20.0, 0.1), "{s:?}");
        assert_eq!((s.warmup_walk_min, s.jog_intervals), (0.0, 0));
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
