//! `export.xml`, streamed once: the workouts and the heart-rate readings,
//! nothing else kept.
//!
//! A real export holds years of records (steps, sleep, every heart beat the
//! watch took) and is hundreds of megabytes to several gigabytes, so it is
//! read event by event from any reader, never held. Records come before
//! workouts in the file, so the heart-rate readings are kept (16 bytes
//! each, at most `MAX_RECORDS`) until the workouts that need them are read.
//! Every event quick-xml holds is bounded (`squeeze`): a run of text is cut
//! at 64 KB, a tag refused past 16 MB, so no export, however large or odd,
//! takes more memory than that and the readings.

use super::super::xml::check_limits;
use super::squeeze::{Squeeze, size_words};
use crate::error::SkipReason;
use chrono::{DateTime, FixedOffset, Utc};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::io::BufRead;

/// The record type of a heart-rate reading.
const HEART_RATE: &str = "HKQuantityTypeIdentifierHeartRate";
/// Workout statistics that state a distance (running and walking share one).
const DISTANCES: &[&str] = &[
    "HKQuantityTypeIdentifierDistanceWalkingRunning",
    "HKQuantityTypeIdentifierDistanceCycling",
    "HKQuantityTypeIdentifierDistanceSwimming",
    "HKQuantityTypeIdentifierDistanceWheelchair",
    "HKQuantityTypeIdentifierDistanceDownhillSnowSports",
];
/// Most pause and resume events kept for one workout.
const MAX_EVENTS: usize = 10_000;

/// What runlog takes from one export.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Export {
    pub workouts: Vec<Workout>,
    /// Every heart-rate reading, sorted by time.
    pub heart_rate: Vec<Beat>,
    /// Problems worked around (a workout without dates left out).
    pub warnings: Vec<String>,
}

/// One heart-rate reading.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Beat {
    /// Milliseconds since the Unix epoch.
    pub t_ms: i64,
    pub bpm: f32,
}

/// One `<Workout>` as the export states it.
#[derive(Debug, Clone, PartialEq)]
pub struct Workout {
    /// `workoutActivityType` without its `HKWorkoutActivityType` prefix
    /// (`Running`, `Yoga`, …).
    pub activity_type: String,
    /// `startDate` and `endDate`, with the offset the export wrote.
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
    /// `duration` in seconds: the time recorded, pauses left out.
    pub duration_s: Option<f64>,
    /// `totalDistance` in metres (exports before iOS 16).
    pub total_distance_m: Option<f64>,
    /// `<WorkoutStatistics>` of the workout itself (iOS 16 and later).
    pub stats: Stats,
    /// `<WorkoutStatistics>` inside its `<WorkoutActivity>` elements,
    /// summed: used where the workout's own are missing.
    pub activity_stats: Stats,
    /// `HKIndoorWorkout` metadata: a treadmill run, an indoor ride.
    pub indoor: bool,
    /// `HKTimeZone` metadata: the zone the workout was recorded in (the
    /// dates carry the zone of the phone at export time).
    pub time_zone: Option<String>,
    /// `HKElevationAscended` metadata, in metres.
    pub ascent_m: Option<f64>,
    /// The device's model name (`Apple Watch`), never its owner's name for it.
    pub device: Option<String>,
    /// `<FileReference path>` of its routes, as written
    /// (`/workout-routes/route_….gpx`).
    pub routes: Vec<String>,
    /// Seconds paused (pause to resume, motion paused to resumed): the
    /// moving time when the workout states no `duration`.
    pub paused_s: f64,
}

/// Totals from `<WorkoutStatistics>`.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Stats {
    pub distance_m: Option<f64>,
    pub avg_hr: Option<f64>,
    pub max_hr: Option<f64>,
}

/// Where an element sits, as far as the reader cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    HealthData,
    Workout,
    WorkoutActivity,
    WorkoutRoute,
    Other,
}

/// The workout being read, with its pause events until it closes.
struct Open {
    workout: Workout,
    events: Vec<(bool, DateTime<Utc>)>,
}

/// The reader's state between events.
#[derive(Default)]
struct State {
    out: Export,
    /// The workout being read, until it closes.
    open: Option<Open>,
    saw_root: bool,
    /// Heart-rate readings past `MAX_RECORDS`, counted, not kept.
    dropped_beats: usize,
}

/// Read an export: every workout, and the heart-rate readings.
pub fn read<R: BufRead>(input: R) -> Result<Export, SkipReason> {
    let squeezed = std::io::BufReader::with_capacity(64 * 1024, Squeeze::new(input));
    let mut reader = Reader::from_reader(squeezed);
    let mut buf = Vec::new();
    let mut path: Vec<Tag> = Vec::new();
    let mut st = State::default();
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| {
            SkipReason::Corrupt(format!(
                "XML error at byte {}: {e}",
                reader.error_position()
            ))
        })?;
        let (e, empty) = match event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(_) => {
                if path.pop() == Some(Tag::Workout) {
                    st.close_workout();
                }
                buf.clear();
                continue;
            }
            Event::Eof => break,
            _ => {
                buf.clear();
                continue;
            }
        };
        let tag = st.element(&e, path.last().copied())?;
        if !empty {
            path.push(tag);
        } else if tag == Tag::Workout {
            st.close_workout();
        }
        check_limits(path.len(), st.out.workouts.len())?;
        buf.clear();
    }
    if !st.saw_root {
        return Err(SkipReason::Corrupt(
            "no <HealthData> element: not an Apple Health export".into(),
        ));
    }
    if !path.is_empty() {
        return Err(SkipReason::Corrupt(
            "the file ends inside an element: the export is cut off".into(),
        ));
    }
    let mut out = st.out;
    let dropped = reader.get_ref().get_ref().dropped;
    if dropped > 0 {
        out.warnings.push(format!(
            "{} of text and whitespace between its elements was skipped unread (runlog reads only the elements' attributes)",
            size_words(dropped)
        ));
    }
    if st.dropped_beats > 0 {
        out.warnings.push(format!(
            "more than {} heart-rate readings; the {} after them were not used",
            crate::import::MAX_RECORDS,
            st.dropped_beats
        ));
    }
    out.heart_rate.sort_by_key(|b| b.t_ms);
    Ok(out)
}

impl State {
    /// Handle one opening (or empty) element; returns what it is.
    fn element(&mut self, e: &BytesStart, parent: Option<Tag>) -> Result<Tag, SkipReason> {
        let name = e.local_name();
        let name = name.as_ref();
        let Some(parent) = parent else {
            if name != "HealthData" {
                return Err(SkipReason::Corrupt(format!(
                    "not an Apple Health export: the root element is <{}>, not <HealthData>",
                    name
                )));
            }
            self.saw_root = true;
            return Ok(Tag::HealthData);
        };
        Ok(match (parent, name, self.open.as_mut()) {
            (Tag::HealthData, "Record", _) => {
                self.heart_rate(e);
                Tag::Other
            }
            (Tag::HealthData, "Workout", _) => {
                match start_workout(e) {
                    Ok(workout) => {
                        self.open = Some(Open {
                            workout,
                            events: Vec::new(),
                        })
                    }
                    Err(why) => self.out.warnings.push(why),
                }
                Tag::Workout
            }
            (Tag::Workout | Tag::WorkoutActivity, _, Some(o)) => inside_workout(e, name, parent, o),
            (Tag::WorkoutRoute, "FileReference", Some(o)) => {
                if let Some(p) = attr(e, "path") {
                    o.workout.routes.push(p);
                }
                Tag::Other
            }
            _ => Tag::Other,
        })
    }

    fn close_workout(&mut self) {
        if let Some(o) = self.open.take() {
            self.out.workouts.push(close(o));
        }
    }

    fn heart_rate(&mut self, e: &BytesStart) {
        let is_hr = e
            .attributes()
            .flatten()
            .any(|a| a.key.local_name().as_ref() == "type" && a.value.as_ref() == HEART_RATE);
        if !is_hr {
            return;
        }
        let t = attr(e, "startDate").and_then(|d| date(&d));
        let v = attr(e, "value").and_then(|v| v.trim().parse::<f32>().ok());
        let (Some(t), Some(bpm)) = (t, v) else {
            return;
        };
        if !(bpm.is_finite() && bpm > 0.0) {
            return;
        }
        if self.out.heart_rate.len() >= crate::import::MAX_RECORDS {
            self.dropped_beats += 1;
            return;
        }
        self.out.heart_rate.push(Beat {
            t_ms: t.timestamp_millis(),
            bpm,
        });
    }
}

/// A child of a workout (or of one of its activities).
fn inside_workout(e: &BytesStart, name: &str, parent: Tag, o: &mut Open) -> Tag {
    let w = &mut o.workout;
    match name {
        "WorkoutActivity" => return Tag::WorkoutActivity,
        "WorkoutRoute" if parent == Tag::Workout => return Tag::WorkoutRoute,
        "MetadataEntry" => metadata(e, w),
        "WorkoutStatistics" => {
            let stats = if parent == Tag::Workout {
                &mut w.stats
            } else {
                &mut w.activity_stats
            };
            statistics(e, stats);
        }
        "WorkoutEvent" if parent == Tag::Workout && o.events.len() < MAX_EVENTS => {
            let kind = attr(e, "type");
            let date = attr(e, "date").and_then(|d| date(&d));
            let paused = match kind.as_deref() {
                Some("HKWorkoutEventTypePause" | "HKWorkoutEventTypeMotionPaused") => Some(true),
                Some("HKWorkoutEventTypeResume" | "HKWorkoutEventTypeMotionResumed") => Some(false),
                _ => None,
            };
            if let (Some(p), Some(d)) = (paused, date) {
                o.events.push((p, d.with_timezone(&Utc)));
            }
        }
        _ => {}
    }
    Tag::Other
}

/// A workout is done: its pauses become seconds.
fn close(mut o: Open) -> Workout {
    o.events.sort_by_key(|(_, t)| *t);
    let mut paused_at: Option<DateTime<Utc>> = None;
    let mut paused_s = 0.0;
    for (pause, t) in o.events {
        match (pause, paused_at) {
            (true, None) => paused_at = Some(t),
            (false, Some(p)) => {
                paused_s += (t - p).num_milliseconds() as f64 / 1000.0;
                paused_at = None;
            }
            _ => {}
        }
    }
    if let Some(p) = paused_at {
        paused_s += (o.workout.end.with_timezone(&Utc) - p).num_milliseconds() as f64 / 1000.0;
    }
    o.workout.paused_s = paused_s.max(0.0);
    o.workout
}

fn start_workout(e: &BytesStart) -> Result<Workout, String> {
    let kind = attr(e, "workoutActivityType").unwrap_or_default();
    let activity_type = kind
        .strip_prefix("HKWorkoutActivityType")
        .unwrap_or(&kind)
        .to_string();
    let start = attr(e, "startDate").and_then(|d| date(&d));
    let end = attr(e, "endDate").and_then(|d| date(&d));
    let (Some(start), Some(end)) = (start, end) else {
        return Err(format!(
            "a {} workout without a readable startDate and endDate was left out",
            if activity_type.is_empty() {
                "nameless"
            } else {
                &activity_type
            }
        ));
    };
    let duration_s = number(e, "duration").and_then(|d| {
        let unit = attr(e, "durationUnit").unwrap_or_else(|| "min".into());
        seconds(d, &unit)
    });
    let total_distance_m = number(e, "totalDistance").and_then(|d| {
        let unit = attr(e, "totalDistanceUnit").unwrap_or_else(|| "km".into());
        metres(d, &unit)
    });
    Ok(Workout {
        activity_type,
        start,
        end,
        duration_s,
        total_distance_m,
        stats: Stats::default(),
        activity_stats: Stats::default(),
        indoor: false,
        time_zone: None,
        ascent_m: None,
        device: attr(e, "device").and_then(|d| device_name(&d)),
        routes: Vec::new(),
        paused_s: 0.0,
    })
}

fn metadata(e: &BytesStart, w: &mut Workout) {
    let (Some(key), Some(value)) = (attr(e, "key"), attr(e, "value")) else {
        return;
    };
    match key.as_str() {
        "HKIndoorWorkout" => w.indoor |= value.trim() == "1",
        "HKTimeZone" => w.time_zone = Some(value.trim().to_string()),
        "HKElevationAscended" => {
            // "4500 cm": a number and a unit.
            let mut parts = value.split_whitespace();
            let n = parts.next().and_then(|n| n.parse::<f64>().ok());
            let unit = parts.next().unwrap_or("m");
            w.ascent_m = n.and_then(|n| metres(n, unit)).or(w.ascent_m);
        }
        _ => {}
    }
}

/// One `<WorkoutStatistics>`: a distance sum, or heart rate. Several of a
/// kind (one per `<WorkoutActivity>`) add up, or take the highest maximum.
fn statistics(e: &BytesStart, s: &mut Stats) {
    let Some(kind) = attr(e, "type") else { return };
    if DISTANCES.contains(&kind.as_str()) {
        let unit = attr(e, "unit").unwrap_or_else(|| "km".into());
        if let Some(m) = number(e, "sum").and_then(|v| metres(v, &unit)) {
            s.distance_m = Some(s.distance_m.unwrap_or(0.0) + m);
        }
    } else if kind == HEART_RATE {
        let avg = number(e, "average").filter(|v| *v > 0.0);
        let max = number(e, "maximum").filter(|v| *v > 0.0);
        s.avg_hr = s.avg_hr.or(avg);
        s.max_hr = match (s.max_hr, max) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
    }
}

/// An attribute's value, entities resolved.
fn attr(e: &BytesStart, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

fn number(e: &BytesStart, key: &str) -> Option<f64> {
    attr(e, key)
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|v| v.is_finite() && *v >= 0.0)
}

/// Apple's dates: `2023-05-01 07:12:45 +0200`.
pub(super) fn date(s: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_str(s.trim(), "%Y-%m-%d %H:%M:%S %z").ok()
}

/// A HealthKit time unit to seconds.
fn seconds(v: f64, unit: &str) -> Option<f64> {
    let f = match unit.trim() {
        "s" | "sec" => 1.0,
        "ms" => 0.001,
        "min" => 60.0,
        "hr" | "h" => 3600.0,
        "d" => 86_400.0,
        _ => return None,
    };
    Some(v * f)
}

/// A HealthKit length unit to metres.
fn metres(v: f64, unit: &str) -> Option<f64> {
    let f = match unit.trim() {
        "m" => 1.0,
        "km" => 1000.0,
        "cm" => 0.01,
        "mi" => 1609.344,
        "yd" => 0.9144,
        "ft" => 0.3048,
        _ => return None,
    };
    Some(v * f)
}

/// `<<HKDevice: 0x…>, name:Apple Watch, manufacturer:Apple Inc., …>`: the
/// model's name. The source's own name ("Jane's Apple Watch") is not read.
fn device_name(d: &str) -> Option<String> {
    let rest = d.split("name:").nth(1)?;
    let name = rest.split([',', '>']).next()?.trim();
    (!name.is_empty()).then(|| name.to_string())
}
