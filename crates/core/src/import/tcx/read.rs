//! One pass over the XML into a [`Doc`]. TCX files come from many
//! converters that prefix, nest and omit elements as they please, so
//! elements are matched by local name and depth, and a value that cannot be
//! a reading (a negative distance, heart rate 255) is dropped where it is
//! read.

use super::{Act, Doc, Lap, Point};
use crate::error::SkipReason;
use crate::import::xml::{check_limits, entity, local};
use chrono::{DateTime, NaiveDateTime, Utc};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// Heart rate 255 is the "no reading" value of ANT+ and FIT (an all-ones
/// byte); converters copy it into TCX as if it were a reading.
const HR_INVALID: f64 = 255.0;

pub(super) fn read_doc(text: &str) -> Result<Doc, SkipReason> {
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
        check_limits(path.len(), doc.kept)?;
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
pub(super) fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|n| n.and_utc())
}

#[cfg(test)]
mod tests {
    use crate::import::tcx::decode;
    use crate::import::tcx::tests::{TPX_NS, lap, tcx, tp};

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
}
