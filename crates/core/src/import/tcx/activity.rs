//! One activity from what its file says. Laps, track points and the
//! activity's `Id` can disagree about when it started, how long it ran and
//! how hard; the rules that settle each disagreement live here.

use super::distance::{Distances, cumulative_distance, gps_cumulative};
use super::read::parse_time;
use super::{Act, Lap};
use crate::import::sanity::check_distance;
use crate::import::{Builder, foot_sport, mean};
use crate::model::{Format, Parsed, Sample};
use chrono::{DateTime, Utc};

/// Lap times further than this outside the track points' times are not
/// trusted for the start and the length (a device clock gone wrong).
const LAP_SLACK_S: f64 = 3600.0;
/// `Notes` up to this many characters (first line) become the name.
const NAME_MAX_CHARS: usize = 80;

/// One activity; `Err` says why it has nothing to import.
pub(super) fn build(act: Act) -> Result<Parsed, String> {
    let mut warnings = Vec::new();
    let (store_sport, sub_sport) = match act.sport.as_deref() {
        _ if act.transition => crate::sport::transition(),
        Some(s) => crate::sport::store_name(s),
        None => ("unknown".to_string(), None),
    };
    let foot = foot_sport(&store_sport);

    let first_point = act.points.iter().filter_map(|p| p.time).min();
    let last_point = act.points.iter().filter_map(|p| p.time).max();
    // Laps whose times fit the track points (all of them without points).
    let trusted = |t: DateTime<Utc>| match (first_point, last_point) {
        (Some(a), Some(b)) => seconds(t, a) <= LAP_SLACK_S && seconds(b, t) <= LAP_SLACK_S,
        _ => true,
    };
    let timed_laps: Vec<&Lap> = act
        .laps
        .iter()
        .filter(|l| l.start.is_some_and(trusted))
        .collect();
    let untrusted = act.laps.iter().filter(|l| l.start.is_some()).count() - timed_laps.len();
    if untrusted > 0 {
        warnings.push(format!(
            "{untrusted} laps start more than an hour away from the track points; their times were not used"
        ));
    }
    let first_lap = timed_laps.iter().filter_map(|l| l.start).min();
    // The last lap is the one starting last (the later one on a tie).
    let last_lap = timed_laps
        .iter()
        .enumerate()
        .max_by_key(|(i, l)| (l.start, *i))
        .map(|(_, l)| *l);
    let last_lap_end = last_lap.and_then(|l| l.end()).filter(|&t| trusted(t));

    let timer: Vec<f64> = act.laps.iter().filter_map(|l| l.total_s).collect();
    let timer_s = (!timer.is_empty()).then(|| timer.iter().sum::<f64>());
    if first_point.is_none() && timer_s.is_none_or(|t| t <= 0.0) {
        return Err(if act.points.is_empty() {
            "no track points and no lap times".into()
        } else {
            "the track points have no times".into()
        });
    }

    // The timer's start, as FIT's session start; the Id only when nothing
    // else says when the activity began.
    let start = [first_lap, first_point]
        .into_iter()
        .flatten()
        .min()
        .or_else(|| act.id.as_deref().and_then(parse_time))
        .ok_or("no start time")?;
    let end = [last_lap_end, last_point].into_iter().flatten().max();
    let elapsed = match end {
        Some(end) => seconds(start, end).max(0.0),
        None => timer_s.unwrap_or(0.0),
    };

    let cum = cumulative_distance(&act.points);
    let mut order: Vec<usize> = (0..act.points.len())
        .filter(|&i| act.points[i].time.is_some())
        .collect();
    order.sort_by_key(|&i| act.points[i].time);
    let untimed = act.points.len() - order.len();
    if untimed > 0 {
        warnings.push(format!(
            "{untimed} track points without a time are counted but not charted"
        ));
    }
    let mut b = Builder::new(Format::Tcx, start);
    let mut prev: Option<(f64, f64)> = None;
    for &i in &order {
        let p = &act.points[i];
        let Some(t) = p.time else { continue };
        let t_s = seconds(start, t);
        let dist = cum[i];
        let derived = match (prev, dist) {
            (Some((t0, d0)), Some(d)) if t_s > t0 && d >= d0 => Some((d - d0) / (t_s - t0)),
            _ => None,
        };
        if let Some(d) = dist {
            prev = Some((t_s, d));
        }
        b.push(Sample {
            t_s,
            hr_bpm: p.hr,
            speed_mps: p.speed.or(derived),
            // TCX counts strides like FIT; runlog counts steps.
            cadence_spm: if foot {
                p.run_cadence.or(p.cadence).map(|c| c * 2.0)
            } else {
                None
            },
            altitude_m: p.alt,
            distance_m: dist,
        });
    }

    let mut s = b.summary(act.points.len().min(u32::MAX as usize) as u32);
    s.sport = store_sport;
    s.sub_sport = sub_sport;
    s.device = act.device.clone();
    s.name = act.notes.as_deref().and_then(name_from_notes);
    s.elapsed_s = elapsed;
    s.laps = Some(act.laps.len().min(u32::MAX as usize) as u32);
    s.has_gps = act.points.iter().any(|p| p.position().is_some());

    let distances = Distances {
        laps: sum(act.laps.iter().filter_map(|l| l.dist)),
        device: act
            .points
            .iter()
            .any(|p| p.dist.is_some())
            .then(|| max(cum.iter().flatten().copied()))
            .flatten(),
        gps: max(gps_cumulative(&act.points).into_iter().flatten()),
    };
    let tail = match (last_lap_end, last_point) {
        (Some(e), Some(l)) => seconds(e, l).max(0.0),
        _ => 0.0,
    };
    let (source, distance, extra_s) = distances.choose(tail, &mut warnings);
    s.distance_m = distance;
    let moving = timer_s.unwrap_or(elapsed) + extra_s;
    s.moving_s = moving.min(elapsed).max(0.0);
    check_distance(&mut s, source, || distances.others(source), &mut warnings);

    let hr: Vec<f64> = act.points.iter().filter_map(|p| p.hr).collect();
    s.avg_hr = mean(&hr).or_else(|| lap_mean_hr(&act.laps));
    // Lap figures only when no track point has a reading.
    s.max_hr = max(hr.iter().copied()).or_else(|| max(act.laps.iter().filter_map(|l| l.max_hr)));
    if act.hr_invalid > 0 {
        warnings.push(format!(
            "{} heart-rate readings of 255 (the sensor's \"no reading\" value) were ignored",
            act.hr_invalid
        ));
    }
    Ok(Parsed {
        summary: s,
        samples: b.into_samples(),
        warnings,
    })
}

fn seconds(a: DateTime<Utc>, b: DateTime<Utc>) -> f64 {
    (b - a).num_milliseconds() as f64 / 1000.0
}

fn sum(v: impl Iterator<Item = f64>) -> Option<f64> {
    v.fold(None, |s: Option<f64>, x| Some(s.unwrap_or(0.0) + x))
}

fn max(v: impl Iterator<Item = f64>) -> Option<f64> {
    v.fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.max(x))))
}

/// Lap average heart rates weighted by the laps' timer time.
fn lap_mean_hr(laps: &[Lap]) -> Option<f64> {
    let (mut sum, mut weight) = (0.0, 0.0);
    for l in laps {
        if let (Some(hr), Some(t)) = (l.avg_hr, l.total_s) {
            sum += hr * t;
            weight += t;
        }
    }
    if weight > 0.0 {
        return Some(sum / weight);
    }
    let avgs: Vec<f64> = laps.iter().filter_map(|l| l.avg_hr).collect();
    mean(&avgs)
}

/// `Notes` is the runner's free text: only a short first line is a name.
fn name_from_notes(notes: &str) -> Option<String> {
    let line = notes.lines().map(str::trim).find(|l| !l.is_empty())?;
    (line.chars().count() <= NAME_MAX_CHARS).then(|| line.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::tcx::decode;
    use crate::import::tcx::tests::{lap, tcx, tp, two_lap_run};

    #[test]
    fn reads_a_two_lap_run_with_prefixed_extensions() {
        let v = decode(two_lap_run().as_bytes()).unwrap();
        assert_eq!(v.len(), 1);
        let p = &v[0];
        let s = &p.summary;
        assert_eq!(s.format, Format::Tcx);
        assert_eq!(s.sport, "running");
        assert_eq!(s.sub_sport, None);
        assert_eq!(s.start.to_rfc3339(), "2026-03-01T08:00:00+00:00");
        assert_eq!(s.laps, Some(2));
        assert_eq!(s.records, 20);
        // The last lap starts at 10 s and runs 10.5 s of timer time.
        assert_eq!(s.elapsed_s, 20.5);
        assert_eq!(s.moving_s, 20.5);
        assert_eq!(s.distance_m, Some(100.0));
        assert_eq!(s.avg_hr, Some(129.5));
        assert_eq!(s.max_hr, Some(139.0));
        // RunCadence counts strides: 80 and 90 per minute are 170 steps.
        assert_eq!(s.cadence_spm, Some(170.0));
        assert!(s.has_gps);
        assert_eq!(s.name.as_deref(), Some("Easy & slow"));
        assert_eq!(s.device.as_deref(), Some("Forerunner305"));
        assert_eq!(s.ascent_m, Some(19.0));
        assert_eq!(p.samples.len(), 20);
        let last = p.samples[19];
        assert_eq!(last.t_s, 19.0);
        assert_eq!(last.hr_bpm, Some(139.0));
        assert_eq!(last.speed_mps, Some(3.5));
        assert_eq!(last.cadence_spm, Some(180.0));
        assert_eq!(last.altitude_m, Some(69.0));
        assert_eq!(last.distance_m, Some(95.0));
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    }

    #[test]
    fn reads_a_treadmill_run_without_positions() {
        let pts: String = (0..6)
            .map(|t| {
                format!(
                    "<Trackpoint><Time>2026-03-01T08:00:{:02}Z</Time><DistanceMeters>{}</DistanceMeters>\
                     <HeartRateBpm><Value>150</Value></HeartRateBpm><Cadence>88</Cadence></Trackpoint>",
                    t * 2,
                    t * 5
                )
            })
            .collect();
        let doc = tcx(&format!(
            r#"<Activities><Activity Sport="Running"><Id>2026-03-01T08:00:00Z</Id>{}</Activity></Activities>"#,
            lap(0, 10.0, 25.0, &pts)
        ));
        let p = decode(doc.as_bytes()).unwrap().remove(0);
        let s = &p.summary;
        assert!(!s.has_gps);
        assert_eq!(s.records, 6);
        assert_eq!(s.distance_m, Some(25.0));
        assert_eq!(s.elapsed_s, 10.0);
        // A trackpoint <Cadence> on a run counts strides, as RunCadence does.
        assert_eq!(s.cadence_spm, Some(176.0));
        // No TPX speed: speed comes from the distance between points.
        assert_eq!(p.samples[0].speed_mps, None);
        assert_eq!(p.samples[3].speed_mps, Some(2.5));
        assert_eq!(s.ascent_m, None);
    }

    #[test]
    fn untimed_points_count_as_records_and_255_is_no_reading() {
        let mut pts: String = (0..4).map(|t| tp(t, 255, "")).collect();
        pts.push_str("<Trackpoint><DistanceMeters>40</DistanceMeters></Trackpoint><Trackpoint/>");
        let doc = tcx(&format!(
            r#"<Activities><Activity Sport="Other"><Id>2026-03-01T08:00:00Z</Id>{}</Activity></Activities>"#,
            lap(0, 3.0, 30.0, &pts)
        ));
        let p = decode(doc.as_bytes()).unwrap().remove(0);
        assert_eq!(p.summary.sport, "other");
        assert_eq!(p.summary.records, 6);
        assert_eq!(p.samples.len(), 4);
        // Lap figures of 130/150 stand in for the missing readings.
        assert_eq!(p.summary.avg_hr, Some(130.0));
        assert_eq!(p.summary.max_hr, Some(150.0));
        assert_eq!(p.warnings.len(), 2, "{:?}", p.warnings);
    }

    #[test]
    fn long_notes_are_not_a_name() {
        assert_eq!(
            name_from_notes("\n  Tempo 5x1k \nlegs ok"),
            Some("Tempo 5x1k".into())
        );
        assert_eq!(name_from_notes(&"x".repeat(81)), None);
        assert_eq!(name_from_notes(" \n "), None);
    }
}
