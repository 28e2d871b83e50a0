//! Garmin Training Center XML (TCX v2), streamed once with quick-xml.
//!
//! A TCX file holds `Activities/Activity` elements (also inside a
//! `MultiSportSession`), each with `Lap`s whose `Track`s hold `Trackpoint`s.
//! Every activity becomes one `Parsed`. Elements are matched on local names
//! only, so `ns3:TPX`, `<TPX xmlns=...>` and unprefixed files read alike.
//!
//! What the format defines is used as such: a lap's `TotalTimeSeconds` is
//! timer time, so moving time is their sum; the activity runs from the
//! first lap's `StartTime` to the end of the last lap (its start plus its
//! timer time) or the last track point, whichever is later.

use super::sanity::check_distance;
use super::xml::{entity, haversine_m, local};
use super::{Builder, foot_sport, mean};
use crate::error::SkipReason;
use crate::model::{Format, Parsed, Sample};
use chrono::{DateTime, NaiveDateTime, Utc};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// Lap times further than this outside the track points' times are not
/// trusted for the start and the length (a device clock gone wrong).
const LAP_SLACK_S: f64 = 3600.0;
/// `Notes` up to this many characters (first line) become the name.
const NAME_MAX_CHARS: usize = 80;
/// Heart rate 255 is the "no reading" value of ANT+ and FIT (an all-ones
/// byte); converters copy it into TCX as if it were a reading.
const HR_INVALID: f64 = 255.0;

#[derive(Default, Clone)]
struct Point {
    time: Option<DateTime<Utc>>,
    lat: Option<f64>,
    lon: Option<f64>,
    alt: Option<f64>,
    /// The device's cumulative distance.
    dist: Option<f64>,
    hr: Option<f64>,
    /// `<Cadence>` of the track point: pedal rpm, or strides for some
    /// running watches (Suunto) that write no `RunCadence`.
    cadence: Option<f64>,
    /// TPX `RunCadence`, strides per minute.
    run_cadence: Option<f64>,
    /// TPX `Speed`.
    speed: Option<f64>,
    /// Which `<Track>` of the activity the point is in: GPS distance is not
    /// summed across a gap between tracks.
    track: usize,
}

impl Point {
    fn position(&self) -> Option<(f64, f64)> {
        let (lat, lon) = (self.lat?, self.lon?);
        let valid = (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon);
        valid.then_some((lat, lon))
    }
}

#[derive(Default)]
struct Lap {
    start: Option<DateTime<Utc>>,
    /// Timer time of the lap.
    total_s: Option<f64>,
    dist: Option<f64>,
    avg_hr: Option<f64>,
    max_hr: Option<f64>,
}

impl Lap {
    fn end(&self) -> Option<DateTime<Utc>> {
        let ms = (self.total_s.unwrap_or(0.0) * 1000.0).round() as i64;
        self.start?
            .checked_add_signed(chrono::TimeDelta::try_milliseconds(ms)?)
    }
}

#[derive(Default)]
struct Act {
    sport: Option<String>,
    /// Which `MultiSportSession` of the file holds the activity (from 1).
    event: Option<usize>,
    /// A multisport `Transition`: a lap between two sports.
    transition: bool,
    id: Option<String>,
    notes: Option<String>,
    device: Option<String>,
    laps: Vec<Lap>,
    points: Vec<Point>,
    tracks: usize,
    hr_invalid: usize,
}

/// The whole document, and the elements open while it is read. An open
/// element is kept with its depth, so a stray nested `<Lap>` inside a lap
/// cannot close the outer one.
#[derive(Default)]
struct Doc {
    saw_root: bool,
    activities_elements: usize,
    courses: usize,
    workouts: usize,
    acts: Vec<Act>,
    act: Option<(usize, Act)>,
    lap: Option<(usize, Lap)>,
    /// The open `MultiSportSession`'s depth, and how many have opened.
    multisport: Option<usize>,
    multisport_sessions: usize,
    point: Option<(usize, Point)>,
    /// Activities, laps and points held, for `xml::check_limits`.
    kept: usize,
}

/// Decode a TCX file; one `Parsed` per <Activity> (a file may hold several).
pub fn decode(bytes: &[u8]) -> Result<Vec<Parsed>, SkipReason> {
    let doc = read_doc(super::xml::text(bytes)?)?;
    build_all(doc)
}

fn read_doc(text: &str) -> Result<Doc, SkipReason> {
    let mut reader = Reader::from_str(text);
    let mut doc = Doc::default();
    let mut path: Vec<String> = Vec::new();
    let mut buf = String::new();
    loop {
        let event = reader.read_event().map_err(|e| {
            SkipReason::Corrupt(format!(
                "XML error at byte {}: {e}",
                reader.buffer_position()
            ))
        })?;
        match event {
            Event::Start(e) => {
                let name = local(&e);
                open(&mut doc, &e, &name, path.len());
                path.push(name);
                buf.clear();
            }
            Event::Empty(e) => {
                let name = local(&e);
                open(&mut doc, &e, &name, path.len());
                close(&mut doc, &path, &name, "");
                buf.clear();
            }
            Event::Text(t) => buf.push_str(&t),
            Event::CData(t) => buf.push_str(&t),
            Event::GeneralRef(r) => buf.push_str(&entity(&r)),
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                close(&mut doc, &path, &name, buf.trim());
                buf.clear();
            }
            Event::Eof => break,
            _ => {}
        }
        super::xml::check_limits(path.len(), doc.kept)?;
    }
    if !doc.saw_root {
        return Err(SkipReason::Corrupt(
            "no <TrainingCenterDatabase> element: not a TCX file".into(),
        ));
    }
    if !path.is_empty() {
        return Err(SkipReason::Corrupt(format!(
            "the file ends inside <{}> at byte {}",
            path.join("><"),
            text.len()
        )));
    }
    Ok(doc)
}

fn attr(e: &BytesStart, key: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        a.key
            .local_name()
            .as_ref()
            .eq_ignore_ascii_case(key)
            .then(|| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok())
            .flatten()
            .map(|v| v.trim().to_string())
    })
}

/// An element opens at `depth` (the number of its ancestors).
fn open(doc: &mut Doc, e: &BytesStart, name: &str, depth: usize) {
    match name {
        "trainingcenterdatabase" => doc.saw_root = true,
        "activities" => doc.activities_elements += 1,
        "course" => doc.courses += 1,
        "workout" => doc.workouts += 1,
        "multisportsession" if doc.multisport.is_none() => {
            doc.multisport = Some(depth);
            doc.multisport_sessions += 1;
        }
        "activity" if doc.act.is_none() => {
            let act = Act {
                sport: attr(e, "Sport").filter(|s| !s.is_empty()),
                event: doc.multisport.map(|_| doc.multisport_sessions),
                ..Act::default()
            };
            doc.act = Some((depth, act));
        }
        // A transition is a lap of its own between two sports' activities.
        "transition" if doc.act.is_none() && doc.multisport.is_some() => {
            let act = Act {
                event: Some(doc.multisport_sessions),
                transition: true,
                ..Act::default()
            };
            doc.act = Some((depth, act));
            open_lap(doc, e, depth);
        }
        "lap" if doc.act.is_some() && doc.lap.is_none() && doc.point.is_none() => {
            open_lap(doc, e, depth)
        }
        "track" => {
            if let Some((_, act)) = doc.act.as_mut() {
                act.tracks += 1;
            }
        }
        "trackpoint" if doc.point.is_none() => {
            if let Some((_, act)) = doc.act.as_ref() {
                let p = Point {
                    track: act.tracks,
                    ..Point::default()
                };
                doc.point = Some((depth, p));
            }
        }
        _ => {}
    }
}

fn open_lap(doc: &mut Doc, e: &BytesStart, depth: usize) {
    let start = attr(e, "StartTime").and_then(|s| parse_time(&s));
    let lap = Lap {
        start,
        ..Lap::default()
    };
    doc.lap = Some((depth, lap));
}

/// A multisport transition's fields are a lap's.
fn as_lap(name: &str) -> &str {
    if name == "transition" { "lap" } else { name }
}

/// An element at depth `path.len()` closes; `path` holds its ancestors.
fn close(doc: &mut Doc, path: &[String], name: &str, text: &str) {
    let depth = path.len();
    // A transition's fields are a lap's.
    let parent = as_lap(path.last().map(String::as_str).unwrap_or(""));
    let grandparent = as_lap(
        path.len()
            .checked_sub(2)
            .map(|i| path[i].as_str())
            .unwrap_or(""),
    );
    if doc.multisport == Some(depth) && name == "multisportsession" {
        doc.multisport = None;
        return;
    }
    if let Some((d, _)) = doc.point
        && name == "trackpoint"
        && depth == d
    {
        let (_, p) = doc.point.take().unwrap_or_default();
        doc.kept += 1;
        if let Some((_, act)) = doc.act.as_mut() {
            act.points.push(p);
        }
        return;
    }
    if let Some((d, _)) = doc.lap
        && matches!(name, "lap" | "transition")
        && depth == d
    {
        let (_, lap) = doc.lap.take().unwrap_or_default();
        doc.kept += 1;
        if let Some((_, act)) = doc.act.as_mut() {
            act.laps.push(lap);
        }
        if name == "lap" {
            return;
        }
    }
    if let Some((d, _)) = doc.act
        && matches!(name, "activity" | "transition")
        && depth == d
    {
        let (_, act) = doc.act.take().unwrap_or_default();
        doc.kept += 1;
        doc.acts.push(act);
        return;
    }
    if let Some((_, p)) = doc.point.as_mut() {
        match (parent, name) {
            ("trackpoint", "time") => p.time = parse_time(text),
            ("position", "latitudedegrees") => p.lat = num(text),
            ("position", "longitudedegrees") => p.lon = num(text),
            ("trackpoint", "altitudemeters") => p.alt = num(text),
            ("trackpoint", "distancemeters") => p.dist = num(text).filter(|&d| d >= 0.0),
            ("trackpoint", "cadence") => p.cadence = num(text).filter(|&c| c > 0.0),
            ("tpx", "runcadence") => p.run_cadence = num(text).filter(|&c| c > 0.0),
            ("tpx", "speed") => p.speed = num(text).filter(|&v| v >= 0.0),
            ("heartratebpm", "value") => {
                let hr = num(text);
                if hr == Some(HR_INVALID)
                    && let Some((_, act)) = doc.act.as_mut()
                {
                    act.hr_invalid += 1;
                }
                p.hr = hr.filter(|&h| valid_hr(h));
            }
            _ => {}
        }
        return;
    }
    if let Some((_, lap)) = doc.lap.as_mut() {
        match (grandparent, parent, name) {
            (_, "lap", "totaltimeseconds") => lap.total_s = num(text).filter(|&t| t >= 0.0),
            (_, "lap", "distancemeters") => lap.dist = num(text).filter(|&d| d >= 0.0),
            ("lap", "averageheartratebpm", "value") => {
                lap.avg_hr = num(text).filter(|&h| valid_hr(h))
            }
            ("lap", "maximumheartratebpm", "value") => {
                lap.max_hr = num(text).filter(|&h| valid_hr(h))
            }
            _ => {}
        }
        return;
    }
    if let Some((_, act)) = doc.act.as_mut() {
        match (grandparent, parent, name) {
            (_, "activity", "id") if !text.is_empty() => act.id = Some(text.to_string()),
            (_, "activity", "notes") if !text.is_empty() => act.notes = Some(text.to_string()),
            ("activity", "creator", "name") if !text.is_empty() => {
                act.device = Some(device_name(text))
            }
            _ => {}
        }
    }
}

fn num(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

fn valid_hr(h: f64) -> bool {
    h > 0.0 && h < HR_INVALID
}

/// The device's name without the serial number Garmin Training Center
/// appends ("Forerunner305 (Unit ID 3815748186)"): the store keeps no
/// identifiers of the runner's devices.
fn device_name(s: &str) -> String {
    let s = match s.find("(Unit ID") {
        Some(i) => &s[..i],
        None => s,
    };
    s.trim().to_string()
}

/// TCX times are ISO 8601 UTC (`xsd:dateTime`); a time without a zone is
/// read as UTC.
fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|n| n.and_utc())
}

fn seconds(a: DateTime<Utc>, b: DateTime<Utc>) -> f64 {
    (b - a).num_milliseconds() as f64 / 1000.0
}

fn build_all(doc: Doc) -> Result<Vec<Parsed>, SkipReason> {
    if doc.acts.is_empty() {
        return Err(if doc.courses > 0 {
            SkipReason::NotActivity("TCX course".into())
        } else if doc.workouts > 0 {
            SkipReason::NotActivity("TCX workout".into())
        } else if doc.activities_elements > 0 {
            SkipReason::NoTrack("the <Activities> element is empty".into())
        } else {
            SkipReason::NoTrack("no <Activities> in the file".into())
        });
    }
    let total = doc.acts.len();
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    // Legs of one MultiSportSession are numbered in order from 1.
    let mut legs = (None, 0);
    for (i, act) in doc.acts.into_iter().enumerate() {
        let event = act.event;
        match build(act) {
            Ok(mut p) => {
                if event.is_some() {
                    legs = (event, if legs.0 == event { legs.1 + 1 } else { 1 });
                    p.summary.leg = Some(legs.1);
                }
                out.push(p)
            }
            Err(why) if total == 1 => return Err(SkipReason::NoTrack(why)),
            Err(why) => skipped.push(format!("activity {} of {total} left out: {why}", i + 1)),
        }
    }
    match out.first_mut() {
        Some(first) => {
            first.warnings.extend(skipped);
            Ok(out)
        }
        None => Err(SkipReason::NoTrack(format!(
            "none of the {total} activities has timed data"
        ))),
    }
}

/// One activity; `Err` says why it has nothing to import.
fn build(act: Act) -> Result<Parsed, String> {
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

/// Cumulative distance at each point: the device's `DistanceMeters` when
/// the activity has any, counted from the first point (a device may write
/// a running odometer: 42,013 m at the start of a 300 m run), else the GPS
/// distance summed within each track.
fn cumulative_distance(points: &[Point]) -> Vec<Option<f64>> {
    let first = points
        .iter()
        .filter(|p| p.dist.is_some())
        .min_by_key(|p| p.time.map_or(i64::MAX, |t| t.timestamp_millis()))
        .and_then(|p| p.dist);
    match first {
        Some(base) => points.iter().map(|p| p.dist.map(|d| d - base)).collect(),
        None => gps_cumulative(points),
    }
}

/// The GPS distance at each point, summed within each track (a gap
/// between tracks is not distance covered).
fn gps_cumulative(points: &[Point]) -> Vec<Option<f64>> {
    if !points.iter().any(|p| p.position().is_some()) {
        return vec![None; points.len()];
    }
    let mut total = 0.0;
    let mut last: Option<(usize, (f64, f64))> = None;
    points
        .iter()
        .map(|p| {
            if let Some(pos) = p.position() {
                if let Some((track, prev)) = last
                    && track == p.track
                {
                    total += haversine_m(prev, pos);
                }
                last = Some((p.track, pos));
            }
            Some(total)
        })
        .collect()
}

/// An activity's distance as each source in the file measures it.
struct Distances {
    /// The sum of the laps' `DistanceMeters`.
    laps: Option<f64>,
    /// The track points' `DistanceMeters`, last less first.
    device: Option<f64>,
    gps: Option<f64>,
}

const LAPS: &str = "the laps'";
const DEVICE: &str = "the track points'";
const GPS: &str = "the GPS track's";

impl Distances {
    /// The laps' distance, unless the track points go on well past it
    /// (Suunto Movescount closes the last lap early and leaves the rest of
    /// the run as points after it) and the GPS track, where there is one,
    /// sides with the points. Returns the source, the distance, and the
    /// seconds of track after the last lap that are then moving time too.
    fn choose(&self, tail_s: f64, warnings: &mut Vec<String>) -> (&'static str, Option<f64>, f64) {
        let (Some(laps), Some(dev)) = (self.laps, self.device) else {
            return match (self.laps, self.device) {
                (Some(l), _) => (LAPS, Some(l), 0.0),
                (_, Some(d)) => (DEVICE, Some(d), 0.0),
                _ => (GPS, self.gps, 0.0),
            };
        };
        if dev <= laps * 1.05 || dev - laps <= 100.0 {
            return (LAPS, Some(laps), 0.0);
        }
        if let Some(gps) = self.gps.filter(|&g| g > 0.0)
            && (laps - gps).abs() < (dev - gps).abs()
        {
            warnings.push(format!(
                "the track points count {dev:.0} m but the laps ({laps:.0} m) agree better \
                 with the GPS track ({gps:.0} m): the laps' distance is used"
            ));
            return (LAPS, Some(laps), 0.0);
        }
        warnings.push(format!(
            "the laps add up to {laps:.0} m but the track goes on to {dev:.0} m \
             ({tail_s:.0} s after the last lap ends): the track's distance is used"
        ));
        (DEVICE, Some(dev), tail_s)
    }

    /// The sources other than `chosen`, in the order they are trusted.
    fn others(&self, chosen: &str) -> Vec<(&'static str, Option<f64>)> {
        [(LAPS, self.laps), (DEVICE, self.device), (GPS, self.gps)]
            .into_iter()
            .filter(|(name, _)| *name != chosen)
            .collect()
    }
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

    const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
 xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#;
    const TPX_NS: &str = "http://www.garmin.com/xmlschemas/ActivityExtension/v2";

    fn tcx(body: &str) -> String {
        format!("{HEAD}{body}</TrainingCenterDatabase>")
    }

    /// A track point `t` seconds after 08:00:00, 5 m per second.
    fn tp(t: u32, hr: u32, tpx: &str) -> String {
        format!(
            r#"<Trackpoint><Time>2026-03-01T08:{:02}:{:02}Z</Time>
<Position><LatitudeDegrees>52.0</LatitudeDegrees><LongitudeDegrees>13.0</LongitudeDegrees></Position>
<AltitudeMeters>{}</AltitudeMeters><DistanceMeters>{}</DistanceMeters>
<HeartRateBpm><Value>{hr}</Value></HeartRateBpm><Extensions>{tpx}</Extensions></Trackpoint>"#,
            t / 60,
            t % 60,
            50 + t,
            t * 5,
        )
    }

    fn prefixed_tpx(cad: u32) -> String {
        format!(
            "<ns3:TPX><ns3:Speed>3.5</ns3:Speed><ns3:RunCadence>{cad}</ns3:RunCadence></ns3:TPX>"
        )
    }

    fn lap(start_s: u32, total: f64, dist: f64, points: &str) -> String {
        format!(
            r#"<Lap StartTime="2026-03-01T08:{:02}:{:02}Z"><TotalTimeSeconds>{total}</TotalTimeSeconds>
<DistanceMeters>{dist}</DistanceMeters><Calories>10</Calories>
<AverageHeartRateBpm><Value>130</Value></AverageHeartRateBpm>
<MaximumHeartRateBpm><Value>150</Value></MaximumHeartRateBpm>
<Intensity>Active</Intensity><TriggerMethod>Manual</TriggerMethod><Track>{points}</Track></Lap>"#,
            start_s / 60,
            start_s % 60
        )
    }

    fn two_lap_run() -> String {
        let lap1: String = (0..10).map(|t| tp(t, 120 + t, &prefixed_tpx(80))).collect();
        let lap2: String = (10..20)
            .map(|t| tp(t, 120 + t, &prefixed_tpx(90)))
            .collect();
        tcx(&format!(
            r#"<Activities><Activity Sport="Running"><Id>2026-03-01T08:00:00Z</Id>
{}{}<Notes>Easy &amp; slow
with the new shoes</Notes>
<Creator xsi:type="Device_t"><Name>Forerunner305 (Unit ID 3815748186)</Name><UnitId>1</UnitId></Creator>
</Activity></Activities>
<Author xsi:type="Application_t"><Name>Garmin Connect</Name></Author>"#,
            lap(0, 10.0, 50.0, &lap1),
            lap(10, 10.5, 50.0, &lap2),
        ))
    }

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
    fn reads_extensions_in_a_default_namespace() {
        let tpx =
            format!(r#"<TPX xmlns="{TPX_NS}"><Speed>2.5</Speed><RunCadence>85</RunCadence></TPX>"#);
        let pts: String = (0..5).map(|t| tp(t, 140, &tpx)).collect();
        let doc = tcx(&format!(
            r#"<Activities><Activity Sport="Running"><Id>2026-03-01T08:00:00Z</Id>{}</Activity></Activities>"#,
            lap(0, 5.0, 25.0, &pts)
        ));
        let s = decode(doc.as_bytes()).unwrap().remove(0).summary;
        assert_eq!(s.cadence_spm, Some(170.0));
        assert_eq!(s.avg_hr, Some(140.0));
        // Without prefixes anywhere at all, too.
        let bare = doc.replace(
            r#" xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2""#,
            "",
        );
        let p = decode(bare.as_bytes()).unwrap().remove(0);
        assert_eq!(p.summary.cadence_spm, Some(170.0));
        assert_eq!(p.samples[0].speed_mps, Some(2.5));
    }

    #[test]
    fn reads_every_activity_of_a_file_and_of_a_multisport_session() {
        let run: String = (0..5).map(|t| tp(t, 140, "")).collect();
        let ride: String = (0..5).map(|t| tp(t + 30 * 60, 120, "")).collect();
        let acts = format!(
            r#"<Activity Sport="Running"><Id>2026-03-01T08:00:00Z</Id>{}</Activity>
<Activity Sport="Biking"><Id>2026-03-01T08:30:00Z</Id>{}</Activity>"#,
            lap(0, 4.0, 20.0, &run),
            lap(30 * 60, 4.0, 20.0, &ride),
        );
        for body in [
            format!("<Activities>{acts}</Activities>"),
            format!(
                "<Activities><MultiSportSession><Id>2026-03-01T08:00:00Z</Id>{}</MultiSportSession></Activities>",
                acts.replacen("<Activity", "<FirstSport><Activity", 1)
                    .replacen("</Activity>", "</Activity></FirstSport>", 1)
                    .replacen("\n<Activity", "<NextSport><Activity", 1)
                    + "</NextSport>"
            ),
        ] {
            let v = decode(tcx(&body).as_bytes()).unwrap();
            assert_eq!(v.len(), 2, "{body}");
            assert_eq!(v[0].summary.sport, "running");
            assert_eq!(v[1].summary.sport, "cycling");
            assert_eq!(v[1].summary.start.to_rfc3339(), "2026-03-01T08:30:00+00:00");
            assert_eq!(v[0].summary.records + v[1].summary.records, 10);
            // Pedal strokes are not steps.
            assert_eq!(v[1].summary.cadence_spm, None);
            assert_eq!(v[1].samples[4].t_s, 4.0);
            // Only a MultiSportSession makes its activities legs.
            let legs: Vec<_> = v.iter().map(|p| p.summary.leg).collect();
            let multisport = body.contains("MultiSportSession");
            let want = if multisport {
                [Some(1), Some(2)]
            } else {
                [None, None]
            };
            assert_eq!(legs, want);
        }
    }

    /// A brick: a run, a transition lap, a ride. The transition is a leg of
    /// its own (sport `other`), and through the import all three share the
    /// event's id.
    #[test]
    fn a_multisport_session_with_a_transition_gives_three_legs() {
        let run: String = (0..60).map(|t| tp(t, 140, "")).collect();
        let t1: String = (60..90).map(|t| tp(t, 150, "")).collect();
        let ride: String = (90..200).map(|t| tp(t, 130, "")).collect();
        let transition = lap(60, 30.0, 150.0, &t1)
            .replace("Lap ", "Transition ")
            .replace("</Lap>", "</Transition>");
        let doc = tcx(&format!(
            r#"<Activities><MultiSportSession><Id>2026-03-01T08:00:00Z</Id>
<FirstSport><Activity Sport="Running"><Id>2026-03-01T08:00:00Z</Id>{}</Activity></FirstSport>
<NextSport>{transition}<Activity Sport="Biking"><Id>2026-03-01T08:01:30Z</Id>{}</Activity></NextSport>
</MultiSportSession></Activities>"#,
            lap(0, 60.0, 300.0, &run),
            lap(90, 110.0, 550.0, &ride),
        ));
        let kind = crate::import::Kind {
            format: Format::Tcx,
            gzip: false,
        };
        let v = crate::import::parse_bytes(doc.as_bytes(), kind).unwrap();
        let got: Vec<_> = v
            .iter()
            .map(|p| {
                let s = &p.summary;
                (
                    s.sport.as_str(),
                    s.sub_sport.as_deref(),
                    s.leg,
                    s.elapsed_s,
                    s.distance_m,
                    s.records,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("running", None, Some(1), 60.0, Some(300.0), 60),
                ("other", Some("transition"), Some(2), 30.0, Some(150.0), 30),
                ("cycling", None, Some(3), 110.0, Some(550.0), 110),
            ]
        );
        let event = Some(crate::ingest::id_of(doc.as_bytes()));
        assert!(v.iter().all(|p| p.summary.event == event));
        assert_eq!(v[1].summary.avg_hr, Some(150.0));
    }

    /// Track points whose DistanceMeters count on from the device's
    /// odometer (42,013 m at the start of a 280 m run): the distance is the
    /// change, cross-checked with the laps, and the series starts at 0 m.
    #[test]
    fn a_track_distance_that_starts_at_an_odometer_reading_counts_from_there() {
        let pts: String = (0..29)
            .map(|t| {
                tp(t * 4, 150, "").replace(
                    &format!("<DistanceMeters>{}<", t * 20),
                    &format!("<DistanceMeters>{}<", 42_013 + t * 10),
                )
            })
            .collect();
        let act = |laps: &str| {
            tcx(&format!(
                r#"<Activities><Activity Sport="Running"><Id>2026-03-01T08:00:00Z</Id>{laps}</Activity></Activities>"#
            ))
        };
        // The lap says 299 m (the points began after the first few metres).
        let p = decode(act(&lap(0, 112.0, 299.0, &pts)).as_bytes())
            .unwrap()
            .remove(0);
        assert_eq!(p.summary.distance_m, Some(299.0));
        assert_eq!(p.samples[0].distance_m, Some(0.0));
        assert_eq!(p.samples[28].distance_m, Some(280.0));
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        // Without a lap distance, the points' change is the distance.
        let no_lap_distance =
            lap(0, 112.0, 0.0, &pts).replace("<DistanceMeters>0</DistanceMeters>", "");
        let p = decode(act(&no_lap_distance).as_bytes()).unwrap().remove(0);
        assert_eq!(p.summary.distance_m, Some(280.0));
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    }

    /// Laps claiming 42 km for a two-minute run: the time stays, the
    /// distance comes from the track points, or else the GPS track.
    #[test]
    fn an_impossible_lap_distance_gives_way_to_the_track() {
        let pts: String = (0..=120).map(|t| tp(t, 150, "")).collect();
        let doc = tcx(&format!(
            r#"<Activities><Activity Sport="Running"><Id>2026-03-01T08:00:00Z</Id>{}</Activity></Activities>"#,
            lap(0, 120.0, 42_293.0, &pts)
        ));
        // tp() moves 5 m a second in DistanceMeters, but not in position.
        let p = decode(doc.as_bytes()).unwrap().remove(0);
        assert_eq!(p.summary.elapsed_s, 120.0);
        assert_eq!(p.summary.distance_m, Some(600.0));
        assert_eq!(
            p.warnings,
            [
                "the laps' distance, 42.29 km in 2 min, is an average of 352.4 m/s: more than \
              anyone covers in a whole running activity (7 m/s at most); the track points' \
              distance, 0.60 km, is used"
            ]
        );
        // Without DistanceMeters, the GPS track (here: standing still, 0 m)
        // is no distance either: none is kept.
        let no_device: String = (0..=120)
            .map(|t| {
                tp(t, 150, "").replace(&format!("<DistanceMeters>{}</DistanceMeters>", t * 5), "")
            })
            .collect();
        let doc = tcx(&format!(
            r#"<Activities><Activity Sport="Running"><Id>2026-03-01T08:00:00Z</Id>{}</Activity></Activities>"#,
            lap(0, 120.0, 42_293.0, &no_device)
        ));
        let p = decode(doc.as_bytes()).unwrap().remove(0);
        assert_eq!(p.summary.distance_m, None);
        assert!(
            p.warnings[0].contains("no other distance"),
            "{:?}",
            p.warnings
        );
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
    fn courses_empty_files_and_garbage_are_clean_skips() {
        let course = tcx(
            r#"<Courses><Course><Name>Loop</Name><Lap><TotalTimeSeconds>60</TotalTimeSeconds></Lap>
<Track><Trackpoint><Time>2026-03-01T08:00:00Z</Time></Trackpoint></Track></Course></Courses>"#,
        );
        assert_eq!(
            decode(course.as_bytes()),
            Err(SkipReason::NotActivity("TCX course".into()))
        );
        assert!(matches!(
            decode(tcx("<Activities/>").as_bytes()),
            Err(SkipReason::NoTrack(_))
        ));
        assert!(matches!(
            decode(tcx("<Activities><Activity Sport=\"Running\"><Id>2026-03-01T08:00:00Z</Id></Activity></Activities>").as_bytes()),
            Err(SkipReason::NoTrack(_))
        ));
        match decode(b"<TrainingCenterDatabase><Activities></Lap>") {
            Err(SkipReason::Corrupt(why)) => assert!(why.contains("at byte"), "{why}"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            decode(b"\x00\x01\xff garbage"),
            Err(SkipReason::Corrupt(_))
        ));
        assert!(matches!(
            decode(b"<gpx></gpx>"),
            Err(SkipReason::Corrupt(_))
        ));
        let run = two_lap_run();
        assert!(matches!(
            decode(&run.as_bytes()[..run.len() / 2]),
            Err(SkipReason::Corrupt(_))
        ));
    }

    #[test]
    fn never_panics_on_truncated_or_scrambled_input() {
        // Every prefix of a real-looking file, and bytes flipped all over it.
        let run = two_lap_run().into_bytes();
        for n in 0..run.len() {
            let _ = decode(&run[..n]);
        }
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..2000 {
            let mut b = run.clone();
            for _ in 0..4 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let i = (x as usize) % b.len();
                b[i] = (x >> 32) as u8;
            }
            let _ = decode(&b);
        }
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
    fn a_lap_that_closes_early_does_not_cut_the_run_short() {
        // Laps say 50 m in 10 s; the points go on for 60 s and 300 m.
        let pts: String = (0..61).map(|t| tp(t, 140, "")).collect();
        let doc = tcx(&format!(
            r#"<Activities><Activity Sport="Running"><Id>2026-03-01T08:00:00Z</Id>{}</Activity></Activities>"#,
            lap(0, 10.0, 50.0, &pts)
        ));
        let p = decode(doc.as_bytes()).unwrap().remove(0);
        assert_eq!(p.summary.distance_m, Some(300.0));
        assert_eq!(p.summary.elapsed_s, 60.0);
        assert_eq!(p.summary.moving_s, 60.0);
        assert_eq!(p.warnings.len(), 1);
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
