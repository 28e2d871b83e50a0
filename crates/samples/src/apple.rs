//! Apple Health's *Export All Health Data*, in miniature, for runlog's
//! tests: `export.xml` in the older form (totals on the `<Workout>`) or the
//! iOS 16 form (totals in `<WorkoutStatistics>`, also inside a
//! `<WorkoutActivity>`), route GPX files as the Health app writes them, and
//! the zip the phone shares. Around the workouts sit the kinds of records
//! a real export is mostly made of (steps, sleep, blood pressure, resting
//! heart rate, the owner's birthday) so a test can check none of it is kept.

use super::gpx::iso_utc;
use super::run::{Activity, Athlete, Effort, Segment, Spec, Sport, insert_stop, simulate};
use chrono::{DateTime, FixedOffset};
use std::fmt::Write as _;
use std::io::Write as _;

/// The two shapes Apple's export.xml has had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Up to iOS 15: `duration`, `totalDistance` on the `<Workout>`.
    Older,
    /// iOS 16 and later: `<WorkoutActivity>` and `<WorkoutStatistics>`.
    Ios16,
}

/// One workout as the export states it.
#[derive(Debug, Clone, PartialEq)]
pub struct Workout {
    /// `HKWorkoutActivityType` without the prefix: `Running`, `Yoga`.
    pub kind: &'static str,
    pub start_unix_s: i64,
    pub end_unix_s: i64,
    /// Moving time: end − start less the pauses.
    pub duration_s: f64,
    /// The distance in the export's unit (`km`, `mi`, `m`).
    pub distance: Option<(f64, &'static str)>,
    /// Average and maximum heart rate (written in the iOS 16 form only).
    pub hr: Option<(f64, f64)>,
    /// Paused from, resumed at (Unix seconds).
    pub pauses: Vec<(i64, i64)>,
    /// The route's file name in `workout-routes/`.
    pub route: Option<String>,
}

/// A small export: its workouts, its route files and its heart-rate
/// readings, with the simulated run behind the workout that has a route.
#[derive(Debug, Clone, PartialEq)]
pub struct Fixture {
    pub workouts: Vec<Workout>,
    /// (file name, GPX bytes)
    pub routes: Vec<(String, Vec<u8>)>,
    /// (Unix seconds, bpm): every 5 s during the run, a few elsewhere.
    pub heart_rate: Vec<(i64, u8)>,
    pub run: Activity,
    /// The offset the export writes its dates with (the phone's zone).
    pub offset_s: i32,
}

/// 2026-05-04 07:10:00 +02:00, a Monday.
const DAY0: i64 = 1_777_871_400;
const HOUR: i64 = 3600;
const DAY: i64 = 24 * HOUR;

/// An outdoor run with a route and a 3-minute stop (paused), a walk with a
/// 10-minute pause and no route, a ride in miles, and yoga without a
/// distance, over four days.
pub fn fixture() -> Fixture {
    let segments = vec![
        Segment::mins(Effort::Walk, 5),
        Segment::mins(Effort::Run, 20),
    ];
    let run = simulate(&Spec {
        start_unix_s: DAY0,
        utc_offset_s: 7200,
        sport: Sport::Run,
        segments: insert_stop(&segments, 12 * 60, 180),
        athlete: Athlete::returning(),
        auto_pause: true,
        route_start_m: 0.0,
        reverse: false,
        hr_lock_s: 0,
        seed: 26,
    });
    let t = run.totals();
    let route = "route_2026-05-04_7.10am.gpx".to_string();
    let run_workout = Workout {
        kind: "Running",
        start_unix_s: run.start_unix_s,
        end_unix_s: t.end_unix_s,
        duration_s: f64::from(t.timer_s),
        distance: Some(((t.distance_m / 10.0).round() / 100.0, "km")),
        hr: t
            .avg_hr_bpm
            .zip(t.max_hr_bpm)
            .map(|(a, m)| (f64::from(a), f64::from(m))),
        pauses: pauses(&run),
        route: Some(route.clone()),
    };
    let walk_start = DAY0 + DAY + 10 * HOUR;
    let walk = Workout {
        kind: "Walking",
        start_unix_s: walk_start,
        end_unix_s: walk_start + 40 * 60,
        duration_s: 30.0 * 60.0,
        distance: Some((2.41, "km")),
        hr: Some((104.0, 121.0)),
        pauses: vec![(walk_start + 15 * 60, walk_start + 25 * 60)],
        route: None,
    };
    let ride_start = DAY0 + 2 * DAY + 8 * HOUR;
    let ride = Workout {
        kind: "Cycling",
        start_unix_s: ride_start,
        end_unix_s: ride_start + 45 * 60,
        duration_s: 45.0 * 60.0,
        distance: Some((9.3, "mi")),
        hr: Some((118.0, 140.0)),
        pauses: Vec::new(),
        route: None,
    };
    let yoga_start = DAY0 + 3 * DAY + 11 * HOUR;
    let yoga = Workout {
        kind: "Yoga",
        start_unix_s: yoga_start,
        end_unix_s: yoga_start + 30 * 60,
        duration_s: 30.0 * 60.0,
        distance: None,
        hr: Some((88.0, 102.0)),
        pauses: Vec::new(),
        route: None,
    };
    let mut heart_rate: Vec<(i64, u8)> = run
        .recorded()
        .filter(|p| (p.unix_s - run.start_unix_s) % 5 == 0)
        .filter_map(|p| p.hr_bpm.map(|h| (p.unix_s, h)))
        .collect();
    // Resting readings between workouts, and a few during the walk.
    heart_rate.extend((1..40).map(|i| (DAY0 - i * 600, 58)));
    heart_rate.extend((0..8).map(|i| (walk_start + i * 300, 100 + i as u8)));
    Fixture {
        workouts: vec![run_workout, walk, ride, yoga],
        routes: vec![(route, route_gpx(&run))],
        heart_rate,
        run,
        offset_s: 7200,
    }
}

/// The run's auto-paused stretches as pause and resume times.
fn pauses(a: &Activity) -> Vec<(i64, i64)> {
    let mut out = Vec::new();
    let mut from = None;
    for p in &a.points {
        match (p.paused, from) {
            (true, None) => from = Some(p.unix_s),
            (false, Some(f)) => {
                out.push((f, p.unix_s));
                from = None;
            }
            _ => {}
        }
    }
    out
}

/// A date as the export writes it: `2026-05-04 07:10:00 +0200`.
fn date(unix_s: i64, offset_s: i32) -> String {
    let zone = FixedOffset::east_opt(offset_s).expect("a real offset");
    DateTime::from_timestamp(unix_s, 0)
        .expect("in range")
        .with_timezone(&zone)
        .format("%Y-%m-%d %H:%M:%S %z")
        .to_string()
}

const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
<!ATTLIST HealthData locale CDATA #REQUIRED>
<!ELEMENT Workout ((MetadataEntry|WorkoutEvent|WorkoutActivity|WorkoutStatistics|WorkoutRoute)*)>
]>
<HealthData locale="de_DE">
 <ExportDate value="2026-05-10 21:00:00 +0200"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="1984-03-09" HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale" HKCharacteristicTypeIdentifierBloodType="HKBloodTypeAPositive"/>
"#;

const DEVICE: &str = "&lt;&lt;HKDevice: 0x283a1c0f0&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,2, software:9.1&gt;";

/// The whole export.xml.
pub fn export_xml(form: Form, f: &Fixture) -> Vec<u8> {
    let d = |t: i64| date(t, f.offset_s);
    let mut s = String::from(HEAD);
    // What a real export is mostly made of, none of which runlog keeps.
    for i in 0..20 {
        let t = DAY0 - DAY + i * 900;
        let _ = writeln!(
            s,
            r#" <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Jane&#8217;s iPhone" unit="count" creationDate="{}" startDate="{}" endDate="{}" value="{}"/>"#,
            d(t + 900),
            d(t),
            d(t + 900),
            300 + i
        );
    }
    for &(t, bpm) in &f.heart_rate {
        let _ = writeln!(
            s,
            r#" <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Jane&#8217;s Apple Watch" unit="count/min" creationDate="{}" startDate="{}" endDate="{}" value="{bpm}">
  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="0"/>
 </Record>"#,
            d(t + 2),
            d(t),
            d(t)
        );
    }
    let _ = writeln!(
        s,
        r#" <Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="Jane&#8217;s Apple Watch" creationDate="{}" startDate="{}" endDate="{}" value="HKCategoryValueSleepAnalysisAsleepCore"/>
 <Correlation type="HKCorrelationTypeIdentifierBloodPressure" sourceName="Omron" creationDate="{0}" startDate="{0}" endDate="{0}">
  <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Omron" unit="count/min" startDate="{0}" endDate="{0}" value="71"/>
  <Record type="HKQuantityTypeIdentifierBloodPressureSystolic" sourceName="Omron" unit="mmHg" startDate="{0}" endDate="{0}" value="121"/>
 </Correlation>"#,
        d(DAY0 - 3 * HOUR),
        d(DAY0 - 9 * HOUR),
        d(DAY0 - 3 * HOUR)
    );
    for w in &f.workouts {
        workout(&mut s, form, w, &d);
    }
    let _ = writeln!(
        s,
        r#" <ActivitySummary dateComponents="2026-05-04" activeEnergyBurned="512" activeEnergyBurnedGoal="500" activeEnergyBurnedUnit="kcal" appleExerciseTime="31" appleExerciseTimeGoal="30" appleStandHours="11" appleStandHoursGoal="12"/>
</HealthData>"#
    );
    s.into_bytes()
}

fn workout(s: &mut String, form: Form, w: &Workout, d: &dyn Fn(i64) -> String) {
    let (start, end) = (d(w.start_unix_s), d(w.end_unix_s));
    let distance_attrs = match (form, w.distance) {
        (Form::Older, Some((v, unit))) => {
            format!(r#" totalDistance="{v}" totalDistanceUnit="{unit}""#)
        }
        _ => String::new(),
    };
    let _ = writeln!(
        s,
        r#" <Workout workoutActivityType="HKWorkoutActivityType{}" duration="{}" durationUnit="min"{distance_attrs} totalEnergyBurned="250" totalEnergyBurnedUnit="kcal" sourceName="Jane&#8217;s Apple Watch" sourceVersion="9.1" device="{DEVICE}" creationDate="{end}" startDate="{start}" endDate="{end}">
  <MetadataEntry key="HKIndoorWorkout" value="0"/>
  <MetadataEntry key="HKTimeZone" value="Europe/Berlin"/>"#,
        w.kind,
        w.duration_s / 60.0
    );
    for &(pause, resume) in &w.pauses {
        let _ = writeln!(
            s,
            r#"  <WorkoutEvent type="HKWorkoutEventTypePause" date="{}"/>
  <WorkoutEvent type="HKWorkoutEventTypeResume" date="{}"/>"#,
            d(pause),
            d(resume)
        );
    }
    if form == Form::Ios16 {
        let stats = statistics(w, &start, &end);
        let _ = write!(
            s,
            r#"  <WorkoutActivity uuid="6F1B1C3E-0000-4000-8000-{:012}" startDate="{start}" endDate="{end}" duration="{}" durationUnit="min">
{stats}  </WorkoutActivity>
{stats}"#,
            w.start_unix_s,
            w.duration_s / 60.0
        );
    }
    if let Some(route) = &w.route {
        let _ = writeln!(
            s,
            r#"  <WorkoutRoute sourceName="Jane&#8217;s Apple Watch" sourceVersion="9.1" creationDate="{end}" startDate="{start}" endDate="{end}">
   <MetadataEntry key="HKMetadataKeySyncVersion" value="2"/>
   <FileReference path="/workout-routes/{route}"/>
  </WorkoutRoute>"#
        );
    }
    s.push_str(" </Workout>\n");
}

/// The iOS 16 statistics of a workout (or of its activity).
fn statistics(w: &Workout, start: &str, end: &str) -> String {
    let mut s = format!(
        "   <WorkoutStatistics type=\"HKQuantityTypeIdentifierActiveEnergyBurned\" startDate=\"{start}\" endDate=\"{end}\" sum=\"250\" unit=\"kcal\"/>\n"
    );
    if let Some((v, unit)) = w.distance {
        let kind = if w.kind == "Cycling" {
            "DistanceCycling"
        } else {
            "DistanceWalkingRunning"
        };
        let _ = writeln!(
            s,
            "   <WorkoutStatistics type=\"HKQuantityTypeIdentifier{kind}\" startDate=\"{start}\" endDate=\"{end}\" sum=\"{v}\" unit=\"{unit}\"/>"
        );
    }
    if let Some((avg, max)) = w.hr {
        let _ = writeln!(
            s,
            "   <WorkoutStatistics type=\"HKQuantityTypeIdentifierHeartRate\" startDate=\"{start}\" endDate=\"{end}\" average=\"{avg}\" minimum=\"61\" maximum=\"{max}\" unit=\"count/min\"/>"
        );
    }
    s
}

/// A route as the Health app writes it: position, elevation, time and the
/// GPS's own speed and accuracy; no heart rate.
pub fn route_gpx(a: &Activity) -> Vec<u8> {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="Apple Health Export" xmlns="http://www.topografix.com/GPX/1/1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd">
"#,
    );
    let _ = write!(
        s,
        " <metadata>\n  <time>{}</time>\n </metadata>\n <trk>\n  <name>Route 2026-05-04 7:10am</name>\n  <trkseg>\n",
        iso_utc(a.start_unix_s)
    );
    for p in a.recorded() {
        let (Some(lat), Some(lon)) = (p.lat_deg, p.lon_deg) else {
            continue;
        };
        let _ = writeln!(
            s,
            "   <trkpt lon=\"{lon:.6}\" lat=\"{lat:.6}\"><ele>{:.1}</ele><time>{}</time><extensions><speed>{:.2}</speed><course>90.0</course><hAcc>2.1</hAcc><vAcc>1.5</vAcc></extensions></trkpt>",
            p.alt_m.unwrap_or(0.0),
            iso_utc(p.unix_s),
            p.speed_mps
        );
    }
    s.push_str("  </trkseg>\n </trk>\n</gpx>\n");
    s.into_bytes()
}

/// The export.zip the phone shares: export.xml, the clinical export, the
/// routes, an ECG; `folder` is `apple_health_export` in real exports.
pub fn export_zip(form: Form, f: &Fixture) -> Vec<u8> {
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("apple_health_export/export.xml".into(), export_xml(form, f)),
        (
            "apple_health_export/export_cda.xml".into(),
            b"<?xml version=\"1.0\"?><ClinicalDocument><title>Jane Doe</title></ClinicalDocument>"
                .to_vec(),
        ),
        (
            "apple_health_export/electrocardiograms/ecg_2026-05-02.csv".into(),
            b"Name,Jane Doe\nSample Rate,512 Hz\n".to_vec(),
        ),
    ];
    for (name, bytes) in &f.routes {
        files.push((
            format!("apple_health_export/workout-routes/{name}"),
            bytes.clone(),
        ));
    }
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, bytes) in files {
        w.start_file(name, opts).expect("in memory");
        w.write_all(&bytes).expect("in memory");
    }
    w.finish().expect("in memory").into_inner()
}
