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

mod activity;
mod distance;
mod read;

use crate::error::SkipReason;
use crate::model::Parsed;
use chrono::{DateTime, Utc};

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
    let doc = read::read_doc(super::xml::text(bytes)?)?;
    build_all(doc)
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
        match activity::build(act) {
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

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
 xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#;
    pub(super) const TPX_NS: &str = "http://www.garmin.com/xmlschemas/ActivityExtension/v2";

    pub(super) fn tcx(body: &str) -> String {
        format!("{HEAD}{body}</TrainingCenterDatabase>")
    }

    /// A track point `t` seconds after 08:00:00, 5 m per second.
    pub(super) fn tp(t: u32, hr: u32, tpx: &str) -> String {
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

    pub(super) fn lap(start_s: u32, total: f64, dist: f64, points: &str) -> String {
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

    pub(super) fn two_lap_run() -> String {
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
            format: crate::import::FileFormat::Tcx,
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
        let event = Some(crate::import::id_of(doc.as_bytes()));
        assert!(v.iter().all(|p| p.summary.event == event));
        assert_eq!(v[1].summary.avg_hr, Some(150.0));
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
}
