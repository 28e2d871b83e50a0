//! One workout as an activity: the workout's own totals, its route's track
//! and the heart-rate readings taken during it.

use super::export::{Beat, Workout};
use crate::error::SkipReason;
use crate::import::sanity::check_distance;
use crate::import::{Builder, gpx};
use crate::model::{Format, Parsed, Sample};
use chrono::{DateTime, Offset, TimeZone, Utc};

/// A heart-rate reading this close to a route point gives it its heart
/// rate: the watch reads every few seconds during a workout.
const HR_NEAR_MS: i64 = 10_000;

/// Workout types with a runlog sport of their own, and the name the store
/// keeps for them (FIT's, as every importer uses).
const SPORTS: &[(&str, &str)] = &[
    ("Running", "running"),
    ("Walking", "walking"),
    ("Hiking", "hiking"),
    ("Cycling", "cycling"),
    ("Swimming", "swimming"),
];

/// The workout as an activity. `route` is its route file's bytes, or why
/// they could not be read; a route that cannot be used costs a warning,
/// never the workout.
pub(crate) fn activity(
    w: &Workout,
    heart_rate: &[Beat],
    route: Option<(&str, Result<Vec<u8>, SkipReason>)>,
) -> Result<Parsed, SkipReason> {
    let start = w.start.with_timezone(&Utc);
    let elapsed_s = (w.end.with_timezone(&Utc) - start).num_milliseconds() as f64 / 1000.0;
    if elapsed_s < 0.0 {
        return Err(SkipReason::Corrupt(format!(
            "the workout ends ({}) before it starts ({})",
            w.end, w.start
        )));
    }
    let mut warnings = Vec::new();
    let track = route.and_then(|(path, bytes)| match bytes.and_then(|b| gpx::decode(&b)) {
        Ok(p) => Some(p),
        Err(why) => {
            warnings.push(format!(
                "its route {path} could not be read ({why}); imported without its track"
            ));
            None
        }
    });
    let beats = during(heart_rate, start, elapsed_s);
    let on = track
        .as_ref()
        .map(|t| (on_route(t, start, elapsed_s, beats), t.samples.len()));
    // A route recorded at other times than its workout (a route file of
    // another workout, a clock that jumped) is not this workout's track.
    let (track, on) = match (track, on) {
        (Some(t), Some((kept, all))) if kept.is_empty() && all > 0 => {
            let (from, to) = route_span(&t);
            warnings.push(format!(
                "its route {} runs from {from} to {to}, all of it outside the workout ({} to {}); imported without its track",
                route_name(w),
                w.start.format("%Y-%m-%d %H:%M:%S %:z"),
                w.end.format("%Y-%m-%d %H:%M:%S %:z"),
            ));
            (None, None)
        }
        (t, Some((kept, all))) => {
            if kept.len() < all {
                warnings.push(format!(
                    "{} of the {all} points of its route {} lie outside the workout's start and end and were left out",
                    all - kept.len(),
                    route_name(w)
                ));
            }
            (t, Some(kept))
        }
        (t, None) => (t, None),
    };
    let samples = match on {
        Some(kept) => kept,
        None => beats
            .iter()
            .map(|b| Sample {
                t_s: (b.t_ms - start.timestamp_millis()) as f64 / 1000.0,
                hr_bpm: Some(f64::from(b.bpm)),
                ..Sample::default()
            })
            .collect(),
    };
    let mut b = Builder::new(Format::AppleHealth, start);
    let records = samples.len();
    for s in samples {
        b.push(s);
    }
    let mut s = b.summary(records.min(u32::MAX as usize) as u32);
    let (sport, sub_sport) = sport(&w.activity_type, w.indoor);
    s.sport = sport;
    s.sub_sport = sub_sport;
    s.device = w.device.clone();
    s.utc_offset_s = Some(utc_offset_s(w, start));
    s.elapsed_s = elapsed_s;
    // `duration` leaves pauses out; without it, the pause events do.
    let moving = w.duration_s.unwrap_or(elapsed_s - w.paused_s);
    s.moving_s = moving.clamp(0.0, elapsed_s);
    let route_m = track.as_ref().and_then(|t| t.summary.distance_m);
    let stated = w
        .stats
        .distance_m
        .or(w.total_distance_m)
        .or(w.activity_stats.distance_m);
    s.distance_m = stated.or(route_m);
    s.ascent_m = w.ascent_m.or(s.ascent_m);
    let (avg, max) = (s.avg_hr, s.max_hr);
    s.avg_hr = w.stats.avg_hr.or(w.activity_stats.avg_hr).or(avg);
    s.max_hr = w.stats.max_hr.or(w.activity_stats.max_hr).or(max);
    s.has_gps = track.as_ref().is_some_and(|t| t.summary.has_gps);
    let source = if stated.is_some() {
        "the workout's"
    } else {
        "the route's GPS"
    };
    let fallbacks = || {
        let mut v = Vec::new();
        if stated.is_some() {
            v.push(("the route's GPS", route_m));
        }
        v
    };
    check_distance(&mut s, source, fallbacks, &mut warnings);
    Ok(Parsed {
        summary: s,
        samples: b.into_samples(),
        warnings,
    })
}

/// The store's sport and sub-sport for a workout type. Types without a
/// runlog sport keep Apple's name in snake case (`Yoga` → `yoga`), which
/// runlog counts as `other`.
fn sport(kind: &str, indoor: bool) -> (String, Option<String>) {
    let name = SPORTS
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, n)| n.to_string())
        .unwrap_or_else(|| snake(kind));
    let sub = match (name.as_str(), indoor) {
        ("running", true) => Some("treadmill".to_string()),
        ("cycling", true) => Some("indoor_cycling".to_string()),
        _ => None,
    };
    (name, sub)
}

/// `TraditionalStrengthTraining` → `traditional_strength_training`; an
/// empty type is `other`.
fn snake(kind: &str) -> String {
    let mut out = String::with_capacity(kind.len() + 4);
    for (i, c) in kind.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    if out.is_empty() { "other".into() } else { out }
}

/// The wall clock's offset where the workout was recorded: from its
/// `HKTimeZone` when it names a zone, else the offset the export wrote.
fn utc_offset_s(w: &Workout, start: DateTime<Utc>) -> i32 {
    let zone = w
        .time_zone
        .as_deref()
        .and_then(|z| z.parse::<chrono_tz::Tz>().ok());
    match zone {
        Some(tz) => tz
            .offset_from_utc_datetime(&start.naive_utc())
            .fix()
            .local_minus_utc(),
        None => w.start.offset().local_minus_utc(),
    }
}

/// The route file a workout names, as the export writes it.
fn route_name(w: &Workout) -> &str {
    w.routes.first().map_or("(unnamed)", String::as_str)
}

/// The first and last time of a route's points, in UTC.
fn route_span(t: &Parsed) -> (String, String) {
    let at = |s: Option<&Sample>| {
        s.map(|s| {
            let t = t.summary.start + chrono::Duration::milliseconds((s.t_s * 1000.0) as i64);
            t.format("%Y-%m-%d %H:%M:%S UTC").to_string()
        })
        .unwrap_or_default()
    };
    (at(t.samples.first()), at(t.samples.last()))
}

/// The readings from the workout's start to its end.
fn during(beats: &[Beat], start: DateTime<Utc>, elapsed_s: f64) -> &[Beat] {
    let from = start.timestamp_millis();
    let to = from + (elapsed_s * 1000.0) as i64;
    let a = beats.partition_point(|b| b.t_ms < from);
    let z = beats.partition_point(|b| b.t_ms <= to);
    &beats[a..z.max(a)]
}

/// The route's points within the workout, timed from the workout's start,
/// each with the nearest heart-rate reading (the route has none).
fn on_route(track: &Parsed, start: DateTime<Utc>, elapsed_s: f64, beats: &[Beat]) -> Vec<Sample> {
    let shift = (track.summary.start - start).num_milliseconds() as f64 / 1000.0;
    let from = start.timestamp_millis();
    track
        .samples
        .iter()
        .map(|s| Sample {
            t_s: s.t_s + shift,
            ..*s
        })
        .filter(|s| (0.0..=elapsed_s).contains(&s.t_s))
        .map(|s| Sample {
            hr_bpm: s
                .hr_bpm
                .or_else(|| nearest(beats, from + (s.t_s * 1000.0) as i64)),
            ..s
        })
        .collect()
}

fn nearest(beats: &[Beat], t_ms: i64) -> Option<f64> {
    let i = beats.partition_point(|b| b.t_ms < t_ms);
    [i.checked_sub(1), Some(i)]
        .into_iter()
        .flatten()
        .filter_map(|j| beats.get(j))
        .filter(|b| (b.t_ms - t_ms).abs() <= HR_NEAR_MS)
        .min_by_key(|b| (b.t_ms - t_ms).abs())
        .map(|b| f64::from(b.bpm))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sport::{Sport, classify};

    #[test]
    fn workout_types_map_to_runlogs_sports() {
        let class = |kind: &str, indoor: bool| {
            let (s, sub) = sport(kind, indoor);
            (classify(&s, sub.as_deref()), s)
        };
        assert_eq!(class("Running", false), (Sport::Run, "running".into()));
        assert_eq!(class("Running", true), (Sport::Treadmill, "running".into()));
        assert_eq!(class("Walking", false), (Sport::Walk, "walking".into()));
        assert_eq!(class("Hiking", false), (Sport::Hike, "hiking".into()));
        assert_eq!(class("Cycling", true), (Sport::Ride, "cycling".into()));
        assert_eq!(class("Swimming", false), (Sport::Other, "swimming".into()));
        assert_eq!(
            class("TraditionalStrengthTraining", false),
            (Sport::Other, "traditional_strength_training".into())
        );
        assert_eq!(class("", false), (Sport::Other, "other".into()));
    }
}
