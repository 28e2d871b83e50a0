//! GPX 1.0 and 1.1 tracks, streamed once with quick-xml.
//!
//! The `gpx` crate drops `<extensions>` (where heart rate and cadence live)
//! and rejects some valid files, so runlog reads GPX itself in one pass and
//! keeps the `gpx` crate as a cross-check in the tests. Garmin's
//! `TrackPointExtension` (`hr`, `cad`) and ClueTrust's `gpxdata`
//! (`hr`/`heartrate`, `cadence`) are both read, whatever their prefix.

use super::sanity::check_distance;
use super::xml::{entity, haversine_m, local};
use super::{Builder, foot_sport};
use crate::error::SkipReason;
use crate::model::{Format, Parsed, Sample};
use chrono::{DateTime, NaiveDateTime, Utc};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// Points closer than this to the last counted point are GPS jitter, not
/// movement: summing them would add kilometres to a run with stops.
const MIN_STEP_M: f64 = 3.0;
/// Slower than this between counted points is standing, not moving.
const MOVING_MPS: f64 = 0.4;

#[derive(Default, Clone)]
struct Point {
    lat: f64,
    lon: f64,
    ele: Option<f64>,
    time: Option<DateTime<Utc>>,
    hr: Option<f64>,
    cad: Option<f64>,
}

#[derive(Default)]
struct Doc {
    name: Option<String>,
    sport: Option<(String, Option<String>)>,
    segments: Vec<Vec<Point>>,
    warnings: Vec<String>,
    bad_points: usize,
    /// Track points whose `<time>` cannot be read, and the first such text.
    bad_times: usize,
    first_bad_time: Option<String>,
    routes: usize,
    waypoints: usize,
    /// Points and segments held, for `xml::check_limits`.
    kept: usize,
}

/// Decode a GPX file's bytes into an activity.
pub fn decode(bytes: &[u8]) -> Result<Parsed, SkipReason> {
    let doc = read_doc(super::xml::text(bytes)?)?;
    build(doc)
}

fn read_doc(text: &str) -> Result<Doc, SkipReason> {
    let mut reader = Reader::from_str(text);
    let mut doc = Doc::default();
    let mut path: Vec<String> = Vec::new();
    let mut point: Option<Point> = None;
    let mut buf = String::new();
    let mut saw_gpx = false;
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
                saw_gpx |= name == "gpx";
                open(&mut doc, &mut point, &e, &name);
                path.push(name);
                buf.clear();
            }
            Event::Empty(e) => {
                let name = local(&e);
                saw_gpx |= name == "gpx";
                open(&mut doc, &mut point, &e, &name);
                close(&mut doc, &mut point, &path, &name, "");
            }
            Event::Text(t) => buf.push_str(&t),
            Event::CData(t) => buf.push_str(&t),
            Event::GeneralRef(r) => buf.push_str(&entity(&r)),
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                close(&mut doc, &mut point, &path, &name, buf.trim());
                buf.clear();
            }
            Event::Eof => break,
            _ => {}
        }
        super::xml::check_limits(path.len(), doc.kept)?;
    }
    if !saw_gpx {
        return Err(SkipReason::Corrupt(
            "no <gpx> element: not a GPX file".into(),
        ));
    }
    if !path.is_empty() {
        return Err(SkipReason::Corrupt(format!(
            "the file ends inside <{}>",
            path.join("><")
        )));
    }
    Ok(doc)
}

fn open(doc: &mut Doc, point: &mut Option<Point>, e: &BytesStart, name: &str) {
    match name {
        "trkseg" => {
            doc.kept += 1;
            doc.segments.push(Vec::new())
        }
        "trkpt" => *point = coordinates(e),
        "rte" => doc.routes += 1,
        "wpt" => doc.waypoints += 1,
        _ => {}
    }
    if name == "trkpt" && point.is_none() {
        doc.bad_points += 1;
    }
}

fn coordinates(e: &BytesStart) -> Option<Point> {
    let mut lat = None;
    let mut lon = None;
    for a in e.attributes().flatten() {
        let v = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()?
            .trim()
            .parse::<f64>()
            .ok();
        match a.key.local_name().as_ref() {
            "lat" => lat = v,
            "lon" => lon = v,
            _ => {}
        }
    }
    let (lat, lon) = (lat?, lon?);
    let valid = (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon);
    valid.then(|| Point {
        lat,
        lon,
        ..Point::default()
    })
}

fn close(doc: &mut Doc, point: &mut Option<Point>, path: &[String], name: &str, text: &str) {
    let parent = path.last().map(String::as_str).unwrap_or("");
    if let Some(p) = point.as_mut() {
        match name {
            "ele" => p.ele = text.parse().ok(),
            "time" if parent == "trkpt" => {
                p.time = parse_time(text);
                if p.time.is_none() && !text.is_empty() {
                    doc.bad_times += 1;
                    if doc.first_bad_time.is_none() {
                        doc.first_bad_time = Some(text.chars().take(60).collect());
                    }
                }
            }
            "hr" | "heartrate" => p.hr = text.parse().ok().filter(|&h: &f64| h > 0.0),
            "cad" | "cadence" => p.cad = text.parse().ok(),
            "fix" if !matches!(text, "none" | "2d" | "3d" | "dgps" | "pps") => {
                warn_once(doc, format!("invalid <fix> value \"{text}\" ignored"));
            }
            "trkpt" => {
                doc.kept += 1;
                let p = point.take().unwrap_or_default();
                match doc.segments.last_mut() {
                    Some(seg) => seg.push(p),
                    None => doc.segments.push(vec![p]),
                }
            }
            _ => {}
        }
        return;
    }
    match (parent, name) {
        ("trk", "name") if doc.name.is_none() && !text.is_empty() => {
            doc.name = Some(text.to_string())
        }
        ("trk", "type") if doc.sport.is_none() && !text.is_empty() => {
            doc.sport = Some(crate::sport::store_name(text))
        }
        _ => {}
    }
}

fn warn_once(doc: &mut Doc, w: String) {
    if !doc.warnings.contains(&w) {
        doc.warnings.push(w);
    }
}

/// GPX times are ISO 8601; most carry `Z`, some an offset, a few nothing
/// (read as UTC, which is what the GPX schema prescribes).
fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|n| n.and_utc())
}

/// Why a GPX time cannot be read, in words: what is out of range.
fn time_fault(text: &str) -> &'static str {
    let t = text.trim();
    if t.starts_with('-') {
        return "a year before year 1";
    }
    if t.starts_with('+') {
        return "a year written with a sign";
    }
    let year_digits = t.chars().take_while(char::is_ascii_digit).count();
    if year_digits > 4 {
        return "a year after 9999";
    }
    // The zone: what follows the time of day, `Z` or `±HH:MM`.
    if let Some(at) = t.find('T').or_else(|| t.find(' ')) {
        let clock = &t[at + 1..];
        if let Some(z) = clock.find(['+', '-']) {
            let hours: Option<u32> = clock[z + 1..]
                .split(':')
                .next()
                .and_then(|h| h.get(..2))
                .and_then(|h| h.parse().ok());
            if hours.is_some_and(|h| h > 23) {
                return "a UTC offset of 24 hours or more";
            }
        }
    }
    "not an ISO 8601 date and time such as 2026-03-01T08:00:00Z"
}

fn build(doc: Doc) -> Result<Parsed, SkipReason> {
    let records: usize = doc.segments.iter().map(Vec::len).sum();
    let bad_time = doc
        .first_bad_time
        .as_deref()
        .map(|t| format!("\"{t}\" ({})", time_fault(t)));
    let start = doc
        .segments
        .iter()
        .flatten()
        .find_map(|p| p.time)
        .ok_or_else(|| match &bad_time {
            Some(t) => SkipReason::Corrupt(format!(
                "none of the track's times can be read, e.g. {t}; the file is not imported"
            )),
            None => SkipReason::NoTrack(no_track_reason(&doc, records)),
        })?;
    let last = doc
        .segments
        .iter()
        .flatten()
        .filter_map(|p| p.time)
        .next_back()
        .unwrap_or(start);
    if last < start {
        return Err(SkipReason::Corrupt(format!(
            "the track's times run backwards: its first point is at {}, its last at {}, earlier",
            start.format("%Y-%m-%d %H:%M:%S UTC"),
            last.format("%Y-%m-%d %H:%M:%S UTC")
        )));
    }
    let (sport, sub_sport) = doc
        .sport
        .clone()
        .unwrap_or_else(|| ("unknown".into(), None));
    let foot = foot_sport(&sport);
    let mut b = Builder::new(Format::Gpx, start);
    let mut distance = 0.0;
    let mut moving = 0.0;
    for seg in &doc.segments {
        let (d, m) = add_segment(&mut b, seg, start, distance, foot);
        distance = d;
        moving += m;
    }
    let mut summary = b.summary(records as u32);
    summary.sport = sport;
    summary.sub_sport = sub_sport;
    summary.name = doc.name.clone();
    summary.distance_m = Some(distance);
    summary.moving_s = moving.min(summary.elapsed_s);
    summary.has_gps = records > 0;
    let mut warnings = doc.warnings;
    // The track is the only distance a GPX file has.
    check_distance(&mut summary, "the GPS track's", Vec::new, &mut warnings);
    if doc.bad_points > 0 {
        warnings.push(format!(
            "{} track points without a valid lat/lon were left out",
            doc.bad_points
        ));
    }
    if let Some(t) = bad_time {
        let n = doc.bad_times;
        warnings.push(format!(
            "{n} track point{} a time that cannot be read, e.g. {t}; {} for the distance but not for the times",
            if n == 1 { " has" } else { "s have" },
            if n == 1 { "it counts" } else { "they count" },
        ));
    }
    Ok(Parsed {
        summary,
        samples: b.into_samples(),
        warnings,
    })
}

fn no_track_reason(doc: &Doc, records: usize) -> String {
    if records > 0 {
        "the track has no timestamps (a planned route, not a recorded activity)".into()
    } else if doc.routes > 0 {
        "only a planned route, no recorded track".into()
    } else if doc.waypoints > 0 {
        "only waypoints, no recorded track".into()
    } else {
        "no track points".into()
    }
}

/// Add one segment's timed points; returns the new cumulative distance and
/// the segment's moving seconds. Distance only grows when a point lies at
/// least `MIN_STEP_M` from the last counted one; time between counted points
/// is moving time when the speed between them says so.
fn add_segment(
    b: &mut Builder,
    seg: &[Point],
    start: DateTime<Utc>,
    mut dist: f64,
    foot: bool,
) -> (f64, f64) {
    let mut anchor: Option<&Point> = None;
    let mut moving = 0.0;
    let mut last_speed = None;
    for p in seg {
        let step = anchor.map(|a| (haversine_m((a.lat, a.lon), (p.lat, p.lon)), a));
        match step {
            None => anchor = Some(p),
            Some((d, a)) if d >= MIN_STEP_M => {
                if let (Some(t0), Some(t1)) = (a.time, p.time) {
                    let dt = (t1 - t0).num_milliseconds() as f64 / 1000.0;
                    if dt > 0.0 {
                        let v = d / dt;
                        last_speed = Some(v);
                        if v >= MOVING_MPS {
                            moving += dt;
                        }
                    }
                }
                dist += d;
                anchor = Some(p);
            }
            Some(_) => {}
        }
        let Some(t) = p.time else { continue };
        b.push(Sample {
            t_s: (t - start).num_milliseconds() as f64 / 1000.0,
            hr_bpm: p.hr,
            speed_mps: last_speed,
            // gpxtpx:cad counts strides like FIT; runlog counts steps.
            cadence_spm: if foot { p.cad.map(|c| c * 2.0) } else { None },
            altitude_m: p.ele,
            distance_m: Some(dist),
        });
    }
    (dist, moving)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gpx(points: &str) -> String {
        format!(
            r#"<?xml version="1.0"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"
 xmlns:ns3="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
<trk><name>Easy &amp; slow</name><type>running</type><trkseg>{points}</trkseg></trk></gpx>"#
        )
    }

    fn pt(lat: f64, t: u32, hr: u32) -> String {
        format!(
            r#"<trkpt lat="{lat}" lon="13.0"><ele>50</ele><time>2026-03-01T08:00:{t:02}Z</time>
<extensions><ns3:TrackPointExtension><ns3:hr>{hr}</ns3:hr><ns3:cad>80</ns3:cad></ns3:TrackPointExtension></extensions></trkpt>"#
        )
    }

    #[test]
    fn reads_heart_rate_cadence_and_name() {
        // 0.00005° of latitude ≈ 5.6 m per second.
        let pts: String = (0..10)
            .map(|i| pt(52.0 + i as f64 * 0.00005, i, 120 + i))
            .collect();
        let p = decode(gpx(&pts).as_bytes()).unwrap();
        let s = &p.summary;
        assert_eq!(s.name.as_deref(), Some("Easy & slow"));
        assert_eq!(s.sport, "running");
        assert_eq!(s.records, 10);
        assert_eq!(s.elapsed_s, 9.0);
        assert!(
            (s.distance_m.unwrap() - 50.04).abs() < 0.5,
            "{:?}",
            s.distance_m
        );
        assert_eq!(s.avg_hr, Some(124.5));
        assert_eq!(s.cadence_spm, Some(160.0));
        assert_eq!(s.moving_s, 9.0);
        assert_eq!(p.samples.len(), 10);
    }

    #[test]
    fn jitter_while_standing_adds_no_distance_or_moving_time() {
        // Alternate ±1 m around one spot for 20 s.
        let pts: String = (0..20)
            .map(|i| pt(52.0 + if i % 2 == 0 { 0.0 } else { 0.000009 }, i, 100))
            .collect();
        let p = decode(gpx(&pts).as_bytes()).unwrap();
        assert_eq!(p.summary.distance_m, Some(0.0));
        assert_eq!(p.summary.moving_s, 0.0);
    }

    #[test]
    fn route_without_times_is_a_clean_skip() {
        let doc = r#"<gpx version="1.1"><rte><rtept lat="1" lon="2"/></rte></gpx>"#;
        assert!(matches!(
            decode(doc.as_bytes()),
            Err(SkipReason::NoTrack(_))
        ));
        assert!(matches!(
            decode(b"<html></html>"),
            Err(SkipReason::Corrupt(_))
        ));
        assert!(matches!(
            decode(b"<gpx><trk><trkseg>"),
            Err(SkipReason::Corrupt(_))
        ));
    }

    /// One track point (as the project's GPX writer writes it): an
    /// instant, not an activity; so is a track whose points share one time.
    #[test]
    fn one_point_or_one_instant_is_skipped() {
        use runlog_samples::gpx::{Export, encode_activity};
        use runlog_samples::run::{Athlete, Effort, Segment, Spec, Sport, simulate};
        let a = simulate(&Spec {
            start_unix_s: 1_785_130_272,
            utc_offset_s: 0,
            sport: Sport::Run,
            segments: vec![Segment::new(Effort::Walk, 1)],
            athlete: Athlete::returning(),
            auto_pause: false,
            route_start_m: 0.0,
            reverse: false,
            hr_lock_s: 0,
            seed: 1,
        });
        let export = Export {
            creator: "test",
            name: "one point",
        };
        let bytes = encode_activity(&a, &export);
        assert_eq!(a.recorded().count(), 1);
        let kind = crate::import::Kind {
            format: crate::import::FileFormat::Gpx,
            gzip: false,
        };
        let skip = crate::import::parse_bytes(&bytes, kind);
        assert_eq!(skip, Err(SkipReason::NoDuration { points: 1 }));
        let same_time: String = (0..3)
            .map(|i| pt(52.0 + i as f64 * 0.0001, 0, 120))
            .collect();
        let skip = crate::import::parse_bytes(gpx(&same_time).as_bytes(), kind);
        assert_eq!(skip, Err(SkipReason::NoDuration { points: 3 }));
    }

    /// A track no runner can cover (a kilometre a second: a broken fix)
    /// keeps its time but has no distance, and says so.
    #[test]
    fn an_impossible_track_leaves_the_run_without_distance() {
        let pts: String = (0..10)
            .map(|i| pt(52.0 + i as f64 * 0.01, i, 120))
            .collect();
        let p = decode(gpx(&pts).as_bytes()).unwrap();
        assert_eq!(p.summary.elapsed_s, 9.0);
        assert_eq!(p.summary.distance_m, None);
        assert!(
            p.warnings[0].starts_with("the GPS track's distance, 10.01 km in 9 s"),
            "{:?}",
            p.warnings
        );
    }

    /// Issue #32: times that cannot be read are named with what is wrong,
    /// not called "no timestamps (a planned route…)"; points running
    /// backwards are named, not called "no duration".
    #[test]
    fn unreadable_and_backward_times_are_named() {
        let with_times = |times: &[&str]| {
            let pts: String = times
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    format!(
                        "<trkpt lat=\"{}\" lon=\"13.0\"><time>{t}</time></trkpt>",
                        52.0 + i as f64 * 0.0001
                    )
                })
                .collect();
            decode(gpx(&pts).as_bytes())
        };
        let corrupt = |times: &[&str]| match with_times(times) {
            Err(SkipReason::Corrupt(why)) => why,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            corrupt(&["2026-03-01T08:00:00+25:00", "2026-03-01T08:00:05+25:00"]),
            "none of the track's times can be read, e.g. \"2026-03-01T08:00:00+25:00\" (a UTC offset of 24 hours or more); the file is not imported"
        );
        assert!(corrupt(&["99999-03-01T08:00:00Z"]).contains("(a year after 9999)"));
        assert!(corrupt(&["-0001-03-01T08:00:00Z"]).contains("(a year before year 1)"));
        assert!(corrupt(&["yesterday"]).contains("not an ISO 8601 date and time"));
        assert_eq!(
            corrupt(&[
                "2026-03-01T08:30:00Z",
                "2026-03-01T08:15:00Z",
                "2026-03-01T08:00:00Z"
            ]),
            "the track's times run backwards: its first point is at 2026-03-01 08:30:00 UTC, its last at 2026-03-01 08:00:00 UTC, earlier"
        );
        // Some readable, some not: imported, with a warning.
        let p = with_times(&[
            "2026-03-01T08:00:00Z",
            "2026-03-01T08:00:05+25:00",
            "2026-03-01T08:00:10Z",
        ])
        .unwrap();
        assert!(
            p.warnings
                .iter()
                .any(|w| w.starts_with("1 track point has a time that cannot be read")),
            "{:?}",
            p.warnings
        );
    }

    #[test]
    fn times_without_zone_are_utc() {
        assert_eq!(
            parse_time("2026-03-01T08:00:00").unwrap().to_rfc3339(),
            "2026-03-01T08:00:00+00:00"
        );
        assert_eq!(
            parse_time("2026-03-01T10:00:00+02:00")
                .unwrap()
                .to_rfc3339(),
            "2026-03-01T08:00:00+00:00"
        );
    }
}
