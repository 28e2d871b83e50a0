//! The same run in two files whose starts differ by a time-zone offset.
//!
//! Some apps write local time where the format wants UTC (a FIT file
//! re-saved by GoldenCheetah, TCX or GPX from some phone apps), so the copy
//! of a run starts a whole number of hours (or 30 or 45 minutes past one,
//! as in India, Newfoundland or Nepal) away from the watch's own file. Two
//! activities are one run only when their starts are so shifted *and* the
//! recordings match after the shift: heart rate and cadence value for
//! value, speed (or distance along the way) moment by moment. Length and
//! distance alone never make two runs one: two 30-minute treadmill runs of
//! 5.00 km on one day are two runs, and so is the same route the next day.

use crate::model::{Activity, Format, Sample, Summary};

/// Offsets beyond this are no time zone's (UTC+14 is the largest).
const MAX_SHIFT_S: i64 = 14 * 3600;
/// The start of the copy may differ from the shifted start by this much
/// (as two files of one run do: one from the first record, one from the
/// timer's start).
const START_SLACK_S: f64 = 120.0;
/// Samples are compared on a grid this fine…
const GRID_S: f64 = 5.0;
/// …over at least this many grid points in common…
const MIN_POINTS: usize = 24;
/// …covering at least this share of the shorter recording.
const MIN_COVER: f64 = 0.5;

/// Two activities found to be one recording shifted in time.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Shifted {
    /// The second activity's start minus the first's, as the zone offset
    /// it is (a multiple of 15 minutes).
    pub shift_s: i64,
    /// What matched after the shift ("heart rate", "speed", "cadence").
    pub matched: Vec<&'static str>,
}

/// The zone offset by which `b` starts after `a`, if their starts differ
/// by one (within `START_SLACK_S`): a whole hour, or 30 or 45 minutes past
/// one, from 30 minutes to 14 hours either way.
pub(super) fn zone_shift(a: &Summary, b: &Summary) -> Option<i64> {
    let d = (b.start - a.start).num_milliseconds() as f64 / 1000.0;
    if !d.is_finite() || d.abs() > MAX_SHIFT_S as f64 + START_SLACK_S {
        return None;
    }
    let quarter = (d / 900.0).round() as i64 * 900;
    let minutes = (quarter.abs() / 60) % 60;
    let zone = quarter.abs() >= 1800 && quarter.abs() <= MAX_SHIFT_S && minutes != 15;
    (zone && (d - quarter as f64).abs() <= START_SLACK_S).then_some(quarter)
}

/// Whether `b` is `a`'s recording shifted by a zone offset: the starts say
/// so, the lengths agree, and the samples match after the shift.
/// `series` reads an activity's stored samples.
pub(super) fn shifted_copy(
    a: &Activity,
    b: &Activity,
    series: &dyn Fn(&str) -> Option<Vec<Sample>>,
) -> Option<Shifted> {
    let (sa, sb) = (&a.summary, &b.summary);
    if sa.event.is_some() || sb.event.is_some() {
        return None;
    }
    let shift_s = zone_shift(sa, sb)?;
    let (la, lb) = (sa.elapsed_s, sb.elapsed_s);
    if !(la > 0.0 && lb > 0.0) || (la - lb).abs() > (0.1 * la.max(lb)).max(START_SLACK_S) {
        return None;
    }
    let (xa, xb) = (series(&a.id)?, series(&b.id)?);
    // b's sample at t matches a's at t + residual: what is left of the
    // difference of the starts once the zone offset is taken out.
    let residual = (sb.start - sa.start).num_milliseconds() as f64 / 1000.0 - shift_s as f64;
    let matched = (-5..=5)
        .filter_map(|k| same_recording(&xa, &xb, residual + f64::from(k)))
        .max_by_key(Vec::len)?;
    Some(Shifted { shift_s, matched })
}

/// One quantity both recordings may hold, and how it is compared.
struct Channel {
    name: &'static str,
    value: fn(&[Sample], f64) -> Option<f64>,
    /// Recorded values (heart rate, cadence) are copied as they are: equal
    /// within `tolerance` at nearly every point, where another run, even
    /// one as steady, differs by its own beat-to-beat noise. Speed is
    /// derived (from positions, a foot pod, the watch's own filter), so
    /// copies differ by smoothing: it must move with the other's.
    exact: bool,
    tolerance: f64,
    /// Below this spread a quantity says nothing about which run it is
    /// (a treadmill's constant speed, a heart rate that never moves).
    min_spread: f64,
}

const EXACT: [Channel; 2] = [
    Channel {
        name: "heart rate",
        value: hr_at,
        exact: true,
        tolerance: 0.5,
        min_spread: 3.0,
    },
    Channel {
        name: "cadence",
        value: cadence_at,
        exact: true,
        // One step: a file may keep a fraction of a stride the other rounds.
        tolerance: 1.0,
        min_spread: 3.0,
    },
];

const SPEED: Channel = Channel {
    name: "speed",
    value: speed_at,
    exact: false,
    tolerance: 0.0,
    min_spread: 0.15,
};

/// How far one channel agrees (the share of points equal within its
/// tolerance, or the correlation), or `None` when the recordings share
/// too few points of it or it does not vary enough to tell runs apart.
fn agreement(c: &Channel, a: &[Sample], b: &[Sample], grid: &[f64], offset_s: f64) -> Option<f64> {
    let pairs: Vec<(f64, f64)> = grid
        .iter()
        .filter_map(|&t| Some(((c.value)(a, t)?, (c.value)(b, t - offset_s)?)))
        .collect();
    if pairs.len() < MIN_POINTS || spread(&pairs) < c.min_spread {
        return None;
    }
    Some(if c.exact {
        let close = pairs
            .iter()
            .filter(|(x, y)| (x - y).abs() <= c.tolerance)
            .count();
        close as f64 / pairs.len() as f64
    } else {
        correlation(&pairs)
    })
}

/// What matches when `b`'s samples, moved by `offset_s`, are laid over
/// `a`'s: the recorded quantities (heart rate, cadence) that vary must
/// all be equal point for point, and one of them at least is; without
/// any, the speed must move with the other's (correlation 0.9 or more).
/// `None` when nothing tells the two apart or anything disagrees.
fn same_recording(a: &[Sample], b: &[Sample], offset_s: f64) -> Option<Vec<&'static str>> {
    let span = |s: &[Sample]| Some((s.first()?.t_s, s.last()?.t_s));
    let ((a0, a1), (b0, b1)) = (span(a)?, span(b)?);
    let (from, to) = (a0.max(b0 + offset_s), a1.min(b1 + offset_s));
    let shorter = (a1 - a0).min(b1 - b0);
    if !(to - from >= MIN_COVER * shorter && to > from) {
        return None;
    }
    let grid: Vec<f64> = (0..)
        .map(|i| from + f64::from(i) * GRID_S)
        .take_while(|t| *t <= to)
        .take(200_000)
        .collect();
    let mut matched = Vec::new();
    for c in &EXACT {
        match agreement(c, a, b, &grid, offset_s) {
            Some(x) if x >= 0.8 => matched.push(c.name),
            // A recorded quantity that varies and differs: two runs.
            Some(_) => return None,
            None => {}
        }
    }
    if matched.is_empty() {
        let speed = agreement(&SPEED, a, b, &grid, offset_s)?;
        if speed < 0.9 {
            return None;
        }
        matched.push(SPEED.name);
    }
    Some(matched)
}

/// The standard deviation of the first recording's values.
fn spread(pairs: &[(f64, f64)]) -> f64 {
    let n = pairs.len() as f64;
    let mean = pairs.iter().map(|p| p.0).sum::<f64>() / n;
    (pairs.iter().map(|p| (p.0 - mean).powi(2)).sum::<f64>() / n).sqrt()
}

/// Pearson's correlation of the pairs (0 when either side is constant).
fn correlation(pairs: &[(f64, f64)]) -> f64 {
    let n = pairs.len() as f64;
    let (mx, my) = pairs
        .iter()
        .fold((0.0, 0.0), |(x, y), p| (x + p.0 / n, y + p.1 / n));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx).powi(2);
        syy += (y - my).powi(2);
    }
    if sxx <= 0.0 || syy <= 0.0 {
        0.0
    } else {
        sxy / (sxx * syy).sqrt()
    }
}

/// A quantity at `t`, interpolated between the samples either side of it
/// when both hold it and lie at most 10 s apart.
fn at(s: &[Sample], t: f64, get: impl Fn(&Sample) -> Option<f64>) -> Option<f64> {
    let i = s.partition_point(|x| x.t_s < t);
    let after = s.get(i)?;
    if (after.t_s - t).abs() < 1e-9 {
        return get(after);
    }
    let before = s.get(i.checked_sub(1)?)?;
    let (x0, x1) = (get(before)?, get(after)?);
    let dt = after.t_s - before.t_s;
    if !(dt > 0.0 && dt <= 10.0) {
        return None;
    }
    Some(x0 + (x1 - x0) * (t - before.t_s) / dt)
}

fn hr_at(s: &[Sample], t: f64) -> Option<f64> {
    at(s, t, |x| x.hr_bpm)
}

fn cadence_at(s: &[Sample], t: f64) -> Option<f64> {
    at(s, t, |x| x.cadence_spm)
}

/// The speed over the 30 seconds around `t`, from the distance along the
/// way (which GPS jitter moves less than the speed between two points),
/// else the mean of the speeds the recording states.
fn speed_at(s: &[Sample], t: f64) -> Option<f64> {
    let d = |t| at(s, t, |x| x.distance_m);
    if let (Some(d0), Some(d1)) = (d(t - 15.0), d(t + 15.0)) {
        return Some((d1 - d0) / 30.0);
    }
    let v: Vec<f64> = (-3..=3)
        .filter_map(|k| at(s, t + f64::from(k) * 5.0, |x| x.speed_mps))
        .collect();
    (v.len() >= 5).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

/// Which start of two copies of one run is the right one, and why, as a
/// clause: the file whose start plus its own UTC offset is the other's
/// start kept UTC (the other wrote local time as UTC); else the file that
/// names the device that recorded it; else the richer format.
pub(super) fn trusted<'a>(
    a: &'a Activity,
    b: &'a Activity,
    shift_s: i64,
) -> (&'a Activity, String) {
    let offset = |x: &Activity| x.summary.utc_offset_s.map(i64::from);
    if offset(a) == Some(shift_s) {
        return (a, utc_reason(shift_s));
    }
    if offset(b) == Some(-shift_s) {
        return (b, utc_reason(-shift_s));
    }
    match (&a.summary.device, &b.summary.device) {
        (Some(d), None) => return (a, named_device(d)),
        (None, Some(d)) => return (b, named_device(d)),
        _ => {}
    }
    let rank = |x: &Activity| (x.summary.format, x.summary.avg_hr.is_some());
    if rank(b) > rank(a) {
        (
            b,
            format!(
                "the {} recording is the richer one",
                b.summary.format.label()
            ),
        )
    } else {
        let why = if a.summary.format == Format::Fit {
            "the watch's own FIT file".to_string()
        } else {
            format!("the {} recording, imported first", a.summary.format.label())
        };
        (a, why)
    }
}

fn named_device(d: &str) -> String {
    format!("it names the device that recorded it ({d}); the other file names none")
}

fn utc_reason(offset_s: i64) -> String {
    format!(
        "its start plus its own UTC offset ({}) is the other file's start: the other wrote local time as UTC",
        signed_hours(offset_s)
    )
}

/// `+1 h`, `-3 h 30 min`, `+45 min`.
pub(super) fn signed_hours(s: i64) -> String {
    let sign = if s < 0 { '-' } else { '+' };
    let (h, m) = (s.abs() / 3600, (s.abs() % 3600) / 60);
    match (h, m) {
        (0, m) => format!("{sign}{m} min"),
        (h, 0) => format!("{sign}{h} h"),
        (h, m) => format!("{sign}{h} h {m} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone, Utc};

    fn run(start_min: i64, secs: f64) -> Summary {
        let start =
            Utc.with_ymd_and_hms(2026, 5, 1, 7, 0, 0).unwrap() + Duration::seconds(start_min);
        Summary::new(Format::Fit, "running", start, secs)
    }

    #[test]
    fn zone_offsets_are_whole_hours_or_30_or_45_minutes_up_to_14_hours() {
        let a = run(0, 1800.0);
        let shift = |s: i64| zone_shift(&a, &run(s, 1800.0));
        assert_eq!(shift(3600), Some(3600));
        assert_eq!(shift(3600 + 40), Some(3600), "a start 40 s apart");
        assert_eq!(shift(-3600), Some(-3600));
        assert_eq!(shift(5 * 3600 + 45 * 60), Some(20_700), "Nepal");
        assert_eq!(shift(-(3 * 3600 + 30 * 60)), Some(-12_600), "Newfoundland");
        assert_eq!(shift(30 * 60), Some(1800));
        assert_eq!(shift(14 * 3600), Some(50_400));
        for no in [
            0,
            60,
            15 * 60,
            3600 + 15 * 60,
            3600 + 600,
            15 * 3600,
            24 * 3600,
        ] {
            assert_eq!(shift(no), None, "{no} s");
        }
    }

    /// A heart rate, cadence and speed that wander as a real run's do.
    fn series(seed: u64, secs: u32, hr: bool) -> Vec<Sample> {
        let mut x = seed;
        let mut next = move || {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            ((x >> 33) as f64 / f64::from(1u32 << 31)) - 0.5
        };
        let (mut h, mut v, mut d) = (140.0, 2.8, 0.0);
        (0..secs)
            .map(|t| {
                h = (h + next() * 2.0).clamp(120.0, 175.0);
                v = (v + next() * 0.1).clamp(2.0, 3.6);
                d += v;
                Sample {
                    t_s: f64::from(t),
                    hr_bpm: hr.then_some((h + 10.0 * (f64::from(t) / 300.0).sin()).round()),
                    speed_mps: Some(v),
                    distance_m: Some(d),
                    ..Sample::default()
                }
            })
            .collect()
    }

    #[test]
    fn a_recording_matches_itself_and_not_another() {
        let a = series(1, 1800, true);
        assert_eq!(same_recording(&a, &a, 0.0), Some(vec!["heart rate"]));
        let other = series(2, 1800, true);
        assert_eq!(same_recording(&a, &other, 0.0), None);
        // Laid over itself one minute off, a run is not itself.
        assert_eq!(same_recording(&a, &a, 60.0), None);
    }

    /// Two treadmill runs of 30:00 and 5.00 km: the same length, the same
    /// constant speed, no heart rate. Nothing tells them apart, so nothing
    /// makes them one.
    #[test]
    fn constant_speed_and_equal_length_never_match() {
        let flat: Vec<Sample> = (0..1800)
            .map(|t| Sample {
                t_s: f64::from(t),
                speed_mps: Some(5000.0 / 1800.0),
                distance_m: Some(f64::from(t) * 5000.0 / 1800.0),
                ..Sample::default()
            })
            .collect();
        assert_eq!(same_recording(&flat, &flat, 0.0), None);
    }

    /// Two runs as steady as a simulator makes them: the same heart-rate
    /// curve give or take a beat of noise is another run, not a copy.
    #[test]
    fn a_heart_rate_a_beat_off_is_another_run() {
        let a = series(4, 1800, true);
        let b: Vec<Sample> = a
            .iter()
            .enumerate()
            .map(|(i, s)| Sample {
                hr_bpm: s.hr_bpm.map(|h| h + [-1.0, 0.0, 1.0][i % 3]),
                ..*s
            })
            .collect();
        assert_eq!(same_recording(&a, &b, 0.0), None);
    }

    #[test]
    fn a_speed_from_positions_matches_the_devices_own() {
        let a = series(3, 1800, false);
        // The same run's speed as a GPX reader derives it: smoothed.
        let b: Vec<Sample> = a
            .iter()
            .enumerate()
            .map(|(i, s)| Sample {
                speed_mps: Some(
                    a[i.saturating_sub(2)..(i + 3).min(a.len())]
                        .iter()
                        .filter_map(|x| x.speed_mps)
                        .sum::<f64>()
                        / 5.0,
                ),
                ..*s
            })
            .collect();
        assert_eq!(same_recording(&a, &b, 0.0), Some(vec!["speed"]));
    }

    #[test]
    fn shifts_read_as_a_person_says_them() {
        assert_eq!(signed_hours(3600), "+1 h");
        assert_eq!(signed_hours(-12_600), "-3 h 30 min");
        assert_eq!(signed_hours(2700), "+45 min");
    }
}
