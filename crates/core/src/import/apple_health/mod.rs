//! Apple Health's *Export All Health Data*: `export.zip` holding
//! `apple_health_export/export.xml` and the routes of outdoor workouts as
//! `apple_health_export/workout-routes/*.gpx`.
//!
//! Every `<Workout>` is an activity with the workout's own sport and
//! totals. A route named by a workout's `<FileReference>` becomes that
//! workout's track (never an activity of its own), and the heart-rate
//! readings taken during a workout become its heart-rate series. Everything
//! else in the export (steps, sleep, clinical records, ECGs) is read past
//! and never kept: health data runlog does not need stays out of the store.
//!
//! A workout's id comes from what it is (its type, start and end), not
//! from the bytes of the export, so a newer export holding the same
//! workouts adds only the new ones.

mod export;
mod squeeze;
mod workout;

pub use export::{Beat, Export, Stats, Workout, read};
pub(crate) use workout::activity;

/// Whether a file is an export's `export.xml`: any `.xml` in a folder named
/// `apple_health_export` but the clinical `*_cda.xml` (the file's name
/// follows the phone's language), or a file named `export.xml` anywhere.
/// `parent` is the name of the folder it is in.
pub fn is_export(parent: Option<&str>, file: &str) -> bool {
    let file = file.to_ascii_lowercase();
    let in_export = parent.is_some_and(|p| p.eq_ignore_ascii_case("apple_health_export"));
    file.ends_with(".xml") && !file.ends_with("_cda.xml") && (in_export || file == "export.xml")
}

/// The same for a `/`-separated name inside an archive.
pub fn is_export_name(name: &str) -> bool {
    let mut parts = name.rsplit('/');
    let file = parts.next().unwrap_or("");
    is_export(parts.next(), file)
}

/// The folder of the export's routes, from the export.xml's path
/// (`/`-separated, ending in `/`).
pub fn routes_folder(export_xml: &str) -> String {
    let dir = export_xml.rsplit_once('/').map_or("", |(d, _)| d);
    if dir.is_empty() {
        "workout-routes/".into()
    } else {
        format!("{dir}/workout-routes/")
    }
}

/// Where a `<FileReference path>` points, as a `/`-separated path beside
/// `export_xml`; `None` for a path that leaves the export's folder
/// (`..`), which is never opened.
pub fn route_path(export_xml: &str, reference: &str) -> Option<String> {
    let rel = reference.trim().replace('\\', "/");
    let rel = rel.trim_start_matches('/');
    let safe = !rel.is_empty()
        && rel
            .split('/')
            .all(|c| !c.is_empty() && c != ".." && c != "." && !c.contains(':'));
    if !safe {
        return None;
    }
    let dir = export_xml.rsplit_once('/').map_or("", |(d, _)| d);
    Some(if dir.is_empty() {
        rel.to_string()
    } else {
        format!("{dir}/{rel}")
    })
}

/// The store's id of a workout: BLAKE3 of its type, start and end.
pub fn workout_id(w: &Workout) -> String {
    crate::import::id_of(
        format!(
            "apple_health workout {} {} {}",
            w.activity_type,
            w.start.timestamp_millis(),
            w.end.timestamp_millis()
        )
        .as_bytes(),
    )
}

/// What follows the export's path in a workout's `source`: its start as
/// the export wrote it, `#2026-05-01T07:12:45+02:00`.
pub fn fragment(w: &Workout) -> String {
    format!("#{}", w.start.format("%Y-%m-%dT%H:%M:%S%:z"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::SkipReason;
    use crate::import::parse_workout;
    use crate::model::Parsed;
    use runlog_samples::apple::{Fixture, Form, export_xml, fixture};

    fn workouts(form: Form, f: &Fixture) -> (Export, Vec<Parsed>) {
        let export = read(&export_xml(form, f)[..]).unwrap();
        let parsed = export
            .workouts
            .iter()
            .map(|w| {
                let route = w.routes.first().map(|r| {
                    let name = r.trim_start_matches("/workout-routes/");
                    let bytes = f
                        .routes
                        .iter()
                        .find(|(n, _)| n == name)
                        .map(|(_, b)| b.clone());
                    (r.as_str(), bytes.ok_or(SkipReason::Empty))
                });
                parse_workout(w, &export.heart_rate, route).unwrap()
            })
            .collect();
        (export, parsed)
    }

    /// Issue #26: both forms of export.xml give every workout with its
    /// sport, its own times and distance, whatever the unit; the run gets
    /// its route's track, the yoga session no distance.
    #[test]
    fn both_forms_give_each_workout_its_sport_times_and_distance() {
        let f = fixture();
        for form in [Form::Older, Form::Ios16] {
            let (export, got) = workouts(form, &f);
            let sports: Vec<&str> = got.iter().map(|p| p.summary.sport.as_str()).collect();
            assert_eq!(
                sports,
                ["running", "walking", "cycling", "yoga"],
                "{form:?}"
            );
            for (p, w) in got.iter().zip(&f.workouts) {
                let s = &p.summary;
                assert_eq!(s.format, crate::model::Format::AppleHealth);
                assert_eq!(s.start.timestamp(), w.start_unix_s, "{form:?}");
                assert_eq!(s.elapsed_s, (w.end_unix_s - w.start_unix_s) as f64);
                assert!(
                    (s.moving_s - w.duration_s).abs() < 0.01,
                    "{form:?} {}",
                    s.moving_s
                );
                assert_eq!(s.utc_offset_s, Some(7200), "Europe/Berlin in May");
                assert_eq!(s.device.as_deref(), Some("Apple Watch"));
                let want = w.distance.map(|(v, unit)| match unit {
                    "km" => v * 1000.0,
                    "mi" => v * 1609.344,
                    _ => v,
                });
                let close = match (s.distance_m, want) {
                    (Some(a), Some(b)) => (a - b).abs() < 0.01,
                    (a, b) => a == b,
                };
                assert!(close, "{form:?} {}: {:?} vs {want:?}", w.kind, s.distance_m);
            }
            // The walk paused for 10 minutes: moving is 30 of 40 minutes.
            assert_eq!(got[1].summary.elapsed_s - got[1].summary.moving_s, 600.0);
            // The run has its route: GPS, a point a second, timed from its start.
            let run = &got[0];
            assert!(run.summary.has_gps);
            let points = f.run.recorded().filter(|p| p.lat_deg.is_some()).count();
            assert_eq!(run.samples.len(), points);
            assert_eq!(run.samples[0].t_s, 0.0);
            // The track's own distance agrees with the workout's.
            let track_m = run.samples.last().and_then(|s| s.distance_m).unwrap();
            let stated = run.summary.distance_m.unwrap();
            assert!(
                (track_m - stated).abs() < 0.05 * stated,
                "{track_m} vs {stated}"
            );
            // The heart-rate readings outside a Correlation, all of them.
            assert_eq!(export.heart_rate.len(), f.heart_rate.len());
            assert!(got[2].samples.is_empty() && got[3].samples.is_empty());
        }
    }

    /// The run's heart rate: the export's own statistics (iOS 16), or the
    /// readings taken during the run (older exports); its series from the
    /// readings either way, since the route has none.
    #[test]
    fn heart_rate_comes_from_the_statistics_or_the_readings() {
        let f = fixture();
        let during: Vec<f64> = f
            .heart_rate
            .iter()
            .filter(|(t, _)| (f.workouts[0].start_unix_s..=f.workouts[0].end_unix_s).contains(t))
            .map(|(_, b)| f64::from(*b))
            .collect();
        let mean = during.iter().sum::<f64>() / during.len() as f64;
        let (_, new) = workouts(Form::Ios16, &f);
        let (_, old) = workouts(Form::Older, &f);
        assert_eq!(
            (new[0].summary.avg_hr, new[0].summary.max_hr),
            f.workouts[0].hr.map(|(a, m)| (Some(a), Some(m))).unwrap()
        );
        let avg = old[0].summary.avg_hr.unwrap();
        assert!((avg - mean).abs() < 2.0, "{avg} vs {mean}");
        for p in [&new[0], &old[0]] {
            let with_hr = p.samples.iter().filter(|s| s.hr_bpm.is_some()).count();
            assert!(
                with_hr * 10 > p.samples.len() * 9,
                "{with_hr} of {}",
                p.samples.len()
            );
        }
        // The walk without a route: its readings are its series.
        assert_eq!(old[1].samples.len(), 8);
        assert_eq!(old[1].summary.avg_hr, Some(103.5));
    }

    /// A workout's id is what it is, not how the export wrote it.
    #[test]
    fn the_id_comes_from_the_workout_not_the_form() {
        let f = fixture();
        let ids = |form| -> Vec<String> {
            read(&export_xml(form, &f)[..])
                .unwrap()
                .workouts
                .iter()
                .map(workout_id)
                .collect()
        };
        let (old, new) = (ids(Form::Older), ids(Form::Ios16));
        assert_eq!(old, new);
        let mut unique = old.clone();
        unique.dedup();
        assert_eq!(unique.len(), 4);
    }

    #[test]
    fn other_xml_and_a_cut_off_export_are_named() {
        let not = read(&b"<?xml version=\"1.0\"?><gpx></gpx>"[..]).unwrap_err();
        assert!(
            not.to_string().contains("not an Apple Health export"),
            "{not}"
        );
        let f = fixture();
        let xml = export_xml(Form::Ios16, &f);
        let cut = read(&xml[..xml.len() / 2]).unwrap_err();
        assert!(matches!(cut, SkipReason::Corrupt(_)), "{cut}");
        assert!(read(&b""[..]).is_err());
    }

    /// A route that cannot be read or decoded costs a warning naming it;
    /// the workout keeps its own totals and its heart-rate series.
    #[test]
    fn a_bad_route_is_a_warning_not_a_lost_workout() {
        let f = fixture();
        let export = read(&export_xml(Form::Ios16, &f)[..]).unwrap();
        let w = &export.workouts[0];
        let path = w.routes[0].as_str();
        for route in [Ok(b"<gpx><trk><trkseg>".to_vec()), Err(SkipReason::Empty)] {
            let p = parse_workout(w, &export.heart_rate, Some((path, route))).unwrap();
            assert!(!p.summary.has_gps);
            assert_eq!(
                p.summary.distance_m,
                Some(f.workouts[0].distance.unwrap().0 * 1000.0)
            );
            assert!(p.samples.iter().all(|s| s.hr_bpm.is_some()) && !p.samples.is_empty());
            assert_eq!(p.warnings.len(), 1, "{:?}", p.warnings);
            assert!(
                p.warnings[0].starts_with(&format!("its route {path} could not be read (")),
                "{}",
                p.warnings[0]
            );
        }
    }

    #[test]
    fn route_references_stay_inside_the_export() {
        let x = "apple_health_export/export.xml";
        assert_eq!(
            route_path(x, "/workout-routes/route_1.gpx").as_deref(),
            Some("apple_health_export/workout-routes/route_1.gpx")
        );
        assert_eq!(route_path("export.xml", "/a.gpx").as_deref(), Some("a.gpx"));
        for bad in [
            "/../../etc/passwd",
            "/workout-routes/../../x.gpx",
            "",
            "C:/x.gpx",
        ] {
            assert_eq!(route_path(x, bad), None, "{bad}");
        }
        assert!(is_export_name("x/apple_health_export/export.xml"));
        assert!(is_export_name("apple_health_export/exportieren.xml"));
        assert!(!is_export_name("apple_health_export/export_cda.xml"));
        assert!(is_export_name("export.xml"));
        assert!(!is_export_name("other/data.xml"));
    }

    /// Issue #32: a run of whitespace of any length between two elements
    /// (here 160 MB, made as it is read, never held) is read past with a
    /// warning, never held: memory stays at one bounded event.
    #[test]
    fn a_long_whitespace_run_is_read_past_not_held() {
        use std::io::Read;
        let f = fixture();
        let xml = export_xml(Form::Ios16, &f);
        let at = xml
            .windows(9)
            .position(|w| w == b"<Workout ")
            .expect("a workout");
        let run: u64 = 160 << 20;
        let input = std::io::BufReader::new(
            std::io::Cursor::new(xml[..at].to_vec())
                .chain(std::io::repeat(b' ').take(run))
                .chain(std::io::Cursor::new(xml[at..].to_vec())),
        );
        let export = read(input).unwrap();
        assert_eq!(export.workouts.len(), 4);
        assert_eq!(
            export.warnings,
            [
                "159.9 MB of text and whitespace between its elements was skipped unread (runlog reads only the elements' attributes)"
            ]
        );
    }
}
