//! The "samples" scenario: 16 weeks of a runner returning from low back pain
//! along a graded walk → run/walk → run plan, with a story in the data for
//! the analysis to find:
//!
//! - week 9 (2026-09-21): the time spent in running sessions (walk breaks
//!   included, as runlog's default load counts it) rises ~50 % over week 8:
//!   four sessions instead of three, longer intervals, and an unplanned
//!   35-minute continuous run on Saturday 2026-09-26, weeks ahead of the
//!   plan; two days later (Monday 2026-09-28) morning pain peaks at 5.5 and
//!   settles over ~5 days;
//! - week 12 (2026-10-12): a steady week, then a pain spike on Sunday
//!   2026-10-18 after carrying boxes (not running) the day before;
//! - week 14 (2026-10-26): running time +45 % over week 13 with flat pain;
//! - week 5 (2026-08-24): a low rest week (a head cold).
//!
//! Everything is derived from the fixed table below and a fixed seed, so the
//! output is byte-identical on every run. Rendering returns bytes; `mod.rs`
//! writes the files.

use super::fit::{self, WATCH};
use super::gpx;
use super::rng::Rng;
use super::run::{self, Activity, Athlete, Effort, Segment, Spec, Sport};
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Timelike};
use chrono_tz::Europe::Berlin;

/// Seed of the whole scenario; change it and every file changes.
const SEED: u64 = 0x5EED_2026_0727;

/// Number of weeks in the scenario.
pub const WEEKS: u32 = 16;

/// Monday of week 1.
pub fn first_monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 7, 27).expect("valid date")
}

/// Date of `weekday` (0 = Monday) in `week` (1-based).
pub fn day(week: u32, weekday: u32) -> NaiveDate {
    first_monday() + Duration::days(i64::from((week - 1) * 7 + weekday))
}

/// What the session consisted of, as the physio's plan describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Brisk walk of this many minutes.
    Walk(u32),
    /// 5 min walk, `reps` × (jog `jog` min, walk `walk` min) without the
    /// last walk, 5 min walk.
    Intervals { jog: u32, walk: u32, reps: u32 },
    /// 3 min walk, run this many minutes, 2 min walk.
    Continuous(u32),
}

impl Kind {
    pub fn segments(self) -> Vec<Segment> {
        use Effort::{Jog, Run, Walk};
        match self {
            Kind::Walk(m) => vec![Segment::mins(Walk, m)],
            Kind::Intervals { jog, walk, reps } => {
                let mut v = vec![Segment::mins(Walk, 5)];
                for i in 0..reps {
                    v.push(Segment::mins(Jog, jog));
                    if i + 1 < reps {
                        v.push(Segment::mins(Walk, walk));
                    }
                }
                v.push(Segment::mins(Walk, 5));
                v
            }
            Kind::Continuous(m) => vec![
                Segment::mins(Walk, 3),
                Segment::mins(Run, m),
                Segment::mins(Walk, 2),
            ],
        }
    }

    pub fn running_min(self) -> u32 {
        run::running_secs(&self.segments()) / 60
    }
}

/// How the session reaches the export folder, or what is special about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// Garmin FIT copied off the watch.
    Fit,
    /// GPX from a Strava bulk export (the phone recorded it).
    Gpx,
    /// The watch's FIT as Strava's bulk export keeps an upload:
    /// `strava/activities/<id>.fit.gz`.
    FitGz,
    /// The watch's FIT plus a separate Garmin Connect GPX export of it.
    FitAndGpx,
    /// Indoors on a treadmill, FIT with a footpod and no GPS.
    Treadmill,
    /// FIT with sub_sport trail.
    Trail,
}

const fn iv(jog: u32, walk: u32, reps: u32) -> Kind {
    Kind::Intervals { jog, walk, reps }
}

use Kind::{Continuous as C, Walk as W};
use Tag::{Fit, FitAndGpx, FitGz, Gpx, Trail, Treadmill};

/// Week, weekday (0 = Monday), local start hour and minute, kind, export.
#[rustfmt::skip]
const PLAN: &[(u32, u32, u32, u32, Kind, Tag)] = &[
    // Weeks 1–2: brisk walks.
    (1, 0, 7, 31, W(15), Fit), (1, 1, 18, 40, W(18), Gpx), (1, 3, 7, 12, W(20), Fit),
    (1, 4, 7, 25, W(17), Fit), (1, 6, 9, 5, W(20), Fit),
    (2, 0, 7, 20, W(20), Fit), (2, 1, 7, 15, W(18), Gpx), (2, 2, 18, 30, W(20), Fit),
    (2, 4, 7, 10, W(20), Fit), (2, 6, 9, 30, W(20), Fit),
    // Weeks 3–4: jog 1 / walk 4.
    (3, 0, 7, 5, iv(1, 4, 4), Fit), (3, 2, 7, 10, iv(1, 4, 4), Gpx), (3, 5, 8, 45, iv(1, 4, 4), Fit),
    (4, 0, 7, 0, iv(1, 4, 4), Fit), (4, 2, 18, 20, iv(1, 4, 4), FitAndGpx),
    (4, 4, 7, 5, iv(1, 4, 4), Fit), (4, 6, 9, 10, iv(1, 4, 4), Gpx),
    // Week 5: rest week, a head cold.
    (5, 2, 7, 15, W(20), Fit), (5, 5, 9, 0, iv(2, 3, 3), Gpx),
    // Weeks 6–8: jog 2 / walk 3, then jog 3 / walk 2.
    (6, 0, 7, 5, iv(2, 3, 4), Fit), (6, 2, 7, 10, iv(2, 3, 4), Fit), (6, 5, 8, 50, iv(2, 3, 4), Fit),
    (7, 0, 7, 0, iv(3, 2, 4), Fit), (7, 2, 7, 5, iv(3, 2, 4), Fit), (7, 5, 8, 40, iv(3, 2, 4), Gpx),
    (8, 1, 7, 10, iv(3, 2, 4), Fit), (8, 3, 7, 0, iv(3, 2, 4), Gpx), (8, 6, 9, 15, iv(3, 2, 4), Fit),
    // Week 9: jog 4 / walk 1, plus an unplanned continuous run on Saturday.
    (9, 0, 7, 5, iv(4, 1, 4), Fit), (9, 2, 7, 0, iv(4, 1, 4), Fit), (9, 3, 18, 15, iv(4, 1, 4), Fit),
    (9, 5, 8, 30, C(35), Fit),
    // Week 10: back pain, cut back.
    (10, 3, 7, 20, W(25), Gpx), (10, 6, 9, 40, iv(2, 3, 4), Fit),
    // Weeks 11–12: jog 4–5 / walk 1, steady; a rainy evening on the treadmill.
    (11, 0, 7, 5, iv(4, 1, 4), Fit), (11, 2, 19, 10, iv(4, 1, 3), Treadmill),
    (11, 5, 8, 35, iv(4, 1, 4), Gpx),
    (12, 0, 7, 0, iv(5, 1, 3), Fit), (12, 2, 7, 10, iv(5, 1, 3), Gpx), (12, 4, 7, 5, iv(5, 1, 3), Fit),
    // Week 13: continuous runs; Sunday 2026-10-25 is the day clocks go back.
    (13, 3, 7, 15, C(15), Fit), (13, 5, 8, 40, C(20), Gpx), (13, 6, 9, 20, C(20), Fit),
    // Week 14: a big step up, without pain.
    (14, 1, 7, 10, C(25), FitGz), (14, 3, 7, 5, C(25), Fit), (14, 6, 9, 30, C(30), Fit),
    (15, 1, 7, 15, C(25), Fit), (15, 3, 7, 10, C(30), Gpx), (15, 6, 9, 45, C(30), Trail),
    (16, 0, 7, 5, C(25), Fit), (16, 2, 7, 10, C(30), Gpx), (16, 6, 9, 30, C(40), Fit),
];

/// One session that happened.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub week: u32,
    pub date: NaiveDate,
    pub local_start: NaiveDateTime,
    pub kind: Kind,
    pub tag: Tag,
}

impl Session {
    pub fn sport(&self) -> Sport {
        match (self.kind, self.tag) {
            (Kind::Walk(_), _) => Sport::Walk,
            (_, Tag::Treadmill) => Sport::TreadmillRun,
            (_, Tag::Trail) => Sport::TrailRun,
            _ => Sport::Run,
        }
    }
}

/// The sessions in date order, with start seconds drawn from the seed.
pub fn sessions() -> Vec<Session> {
    let mut rng = Rng::new(SEED);
    PLAN.iter()
        .map(|&(week, wd, h, m, kind, tag)| {
            let date = day(week, wd);
            let s = rng.int(0, 59) as u32;
            let time = NaiveTime::from_hms_opt(h, m, s).expect("valid time");
            Session {
                week,
                date,
                local_start: date.and_time(time),
                kind,
                tag,
            }
        })
        .collect()
}

/// Running (jog + run) minutes per week, index 0 = week 1.
pub fn running_min_by_week(sessions: &[Session]) -> Vec<u32> {
    let mut v = vec![0; WEEKS as usize];
    for s in sessions {
        v[(s.week - 1) as usize] += s.kind.running_min();
    }
    v
}

/// Local wall time in Berlin to (Unix seconds, local minus UTC).
pub fn berlin(local: NaiveDateTime) -> (i64, i32) {
    let dt = Berlin
        .from_local_datetime(&local)
        .earliest()
        .expect("no session starts inside the spring-forward gap");
    (dt.timestamp(), dt.offset().fix().local_minus_utc())
}

/// The athlete gets a little fitter each week, and no two days are alike.
fn athlete(week: u32, rng: &mut Rng) -> Athlete {
    let w = f64::from(week);
    let base = Athlete::returning();
    let pace = 1.0 + 0.03 * rng.noise();
    Athlete {
        walk_mps: base.walk_mps * (1.0 + 0.02 * rng.noise()),
        jog_mps: (base.jog_mps + 0.015 * w) * pace,
        run_mps: (base.run_mps + 0.02 * w) * pace,
        walk_spm: base.walk_spm + 2.0 * rng.noise(),
        jog_spm: base.jog_spm + 0.2 * w + 2.0 * rng.noise(),
        run_spm: base.run_spm + 0.2 * w + 2.0 * rng.noise(),
        hr_stand_bpm: base.hr_stand_bpm + 3.0 * rng.noise(),
        hr_walk_bpm: base.hr_walk_bpm + 3.0 * rng.noise(),
        hr_jog_bpm: base.hr_jog_bpm - 0.4 * w + 3.0 * rng.noise(),
        hr_run_bpm: base.hr_run_bpm - 0.4 * w + 3.0 * rng.noise(),
    }
}

/// Builds the simulation spec: maybe a traffic-light stop, maybe auto-pause.
/// The both-formats run always has both, so its GPX shows the gap too.
pub fn spec(s: &Session, rng: &mut Rng) -> Spec {
    let (start_unix_s, utc_offset_s) = berlin(s.local_start);
    let sport = s.sport();
    let mut segments = s.kind.segments();
    let total: u32 = segments.iter().map(|g| g.secs).sum();
    let stop = s.tag == Tag::FitAndGpx || (sport.has_gps() && rng.chance(0.35));
    if stop {
        let at = rng.int(i64::from(total / 4), i64::from(total * 3 / 4)) as u32;
        segments = run::insert_stop(&segments, at, rng.int(30, 60) as u32);
    }
    let watch = !matches!(s.tag, Tag::Gpx);
    Spec {
        start_unix_s,
        utc_offset_s,
        sport,
        segments,
        athlete: athlete(s.week, rng),
        auto_pause: s.tag == Tag::FitAndGpx || (watch && rng.chance(0.5)),
        route_start_m: rng.range(0.0, 200.0),
        reverse: rng.chance(0.5),
        hr_lock_s: if rng.chance(0.5) {
            0
        } else {
            rng.int(3, 15) as u32
        },
        seed: rng.next_u64(),
    }
}

/// A file to write, relative to the samples folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Strava's automatic title: time of day + activity.
pub fn strava_title(local: NaiveDateTime, sport: Sport) -> String {
    let part = match local.hour() {
        0..=4 | 21..=23 => "Night",
        5..=10 => "Morning",
        11..=13 => "Lunch",
        14..=17 => "Afternoon",
        _ => "Evening",
    };
    let what = if sport == Sport::Walk { "Walk" } else { "Run" };
    format!("{part} {what}")
}

/// Garmin names FIT files after the local start time.
pub fn garmin_name(local: NaiveDateTime) -> String {
    local.format("%Y-%m-%d-%H-%M-%S").to_string()
}

/// Renders one session into its export file(s).
pub fn render(s: &Session, a: &Activity) -> Vec<OutFile> {
    let fit_path = format!("exports/{}.fit", garmin_name(s.local_start));
    let fit = || fit::encode_activity(a, &WATCH);
    let title = strava_title(s.local_start, a.sport);
    match s.tag {
        Tag::Gpx => {
            let export = gpx::Export {
                creator: "StravaGPX",
                name: &title,
            };
            let file = format!("{}_{}.gpx", title.replace(' ', "_"), s.date);
            vec![OutFile {
                path: format!("exports/strava/{file}"),
                bytes: gpx::encode_activity(a, &export),
            }]
        }
        Tag::FitGz => vec![OutFile {
            path: format!("exports/strava/activities/{}.fit.gz", fake_id(16, a)),
            bytes: gzip(&fit()),
        }],
        Tag::FitAndGpx => {
            let export = gpx::Export {
                creator: "Garmin Connect",
                name: &title,
            };
            vec![
                OutFile {
                    path: fit_path,
                    bytes: fit(),
                },
                OutFile {
                    path: format!("exports/garmin_connect/activity_{}.gpx", fake_id(17, a)),
                    bytes: gpx::encode_activity(a, &export),
                },
            ]
        }
        Tag::Fit | Tag::Treadmill | Tag::Trail => vec![OutFile {
            path: fit_path,
            bytes: fit(),
        }],
    }
}

/// An 11-digit activity id like the services hand out, stable per activity.
fn fake_id(lead: u64, a: &Activity) -> u64 {
    lead * 1_000_000_000 + (a.start_unix_s as u64 % 1_000_000_000)
}

/// Gzip with a fixed header (no mtime, OS "unknown"), so bytes never vary.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::GzBuilder::new()
        .mtime(0)
        .operating_system(255)
        .write(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).expect("writing to a Vec cannot fail");
    enc.finish().expect("writing to a Vec cannot fail")
}

/// A FIT whose header is valid and promises data that is not there: random
/// bytes follow and the file CRC is missing. An importer must skip it.
pub fn corrupt_fit(rng: &mut Rng) -> Vec<u8> {
    let mut v = fit::header(48_000).to_vec();
    v.extend((0..613).map(|_| rng.next_u64() as u8));
    v
}

const README: &str = "Watch exports for the physio.\n\
\n\
*.fit            copied from the watch (GARMIN/Activity over USB)\n\
strava/          GPX from a Strava bulk export (runs recorded on the phone)\n\
strava/activities/  an upload Strava kept as the original FIT, gzipped\n\
garmin_connect/  one run exported again from Garmin Connect as GPX\n\
*-corrupt.fit    the watch crashed during that sync; the file is unreadable\n";

/// The corrupt file's name: a Thursday evening with no session.
pub fn corrupt_name() -> String {
    format!(
        "exports/{}-corrupt.fit",
        garmin_name(day(7, 3).and_hms_opt(18, 47, 5).expect("valid"))
    )
}

/// Every export file, in session order, then the two odd ones out.
pub fn export_files(sessions: &[Session]) -> Vec<OutFile> {
    let mut rng = Rng::new(SEED ^ 0xF11E);
    let mut out = Vec::new();
    for (i, s) in sessions.iter().enumerate() {
        let mut r = rng.fork(i as u64);
        let a = run::simulate(&spec(s, &mut r));
        out.extend(render(s, &a));
    }
    out.push(OutFile {
        path: corrupt_name(),
        bytes: corrupt_fit(&mut rng),
    });
    out.push(OutFile {
        path: "exports/README.txt".into(),
        bytes: README.as_bytes().to_vec(),
    });
    out
}

/// Last day of the scenario (Sunday of week 16).
pub fn last_day() -> NaiveDate {
    day(WEEKS, 6)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, Weekday};
    use fitparser::profile::MesgNum;
    use std::io::Read;

    fn week(sessions: &[Session], w: usize) -> u32 {
        running_min_by_week(sessions)[w - 1]
    }

    /// Minutes of running sessions (walk breaks included) in week `w`.
    fn session_min(sessions: &[Session], w: u32) -> u32 {
        sessions
            .iter()
            .filter(|s| s.week == w && !matches!(s.kind, Kind::Walk(_)))
            .flat_map(|s| s.kind.segments())
            .map(|seg| seg.secs / 60)
            .sum()
    }

    #[test]
    fn week_9_jumps_50_percent_over_week_8_with_a_saturday_long_run() {
        let ss = sessions();
        let ratio = f64::from(session_min(&ss, 9)) / f64::from(session_min(&ss, 8));
        assert!((1.45..=1.7).contains(&ratio), "week 9 / week 8 = {ratio}");
        assert!(
            week(&ss, 9) > 2 * week(&ss, 8),
            "jogging time more than doubles"
        );
        let long = ss
            .iter()
            .find(|s| s.week == 9 && matches!(s.kind, Kind::Continuous(_)));
        let long = long.expect("week 9 has a continuous run");
        assert_eq!(long.date.weekday(), Weekday::Sat);
        let first_continuous = ss
            .iter()
            .find(|s| matches!(s.kind, Kind::Continuous(_)))
            .unwrap();
        assert_eq!(
            first_continuous.week, 9,
            "the long run is ahead of the plan"
        );
    }

    #[test]
    fn week_14_jumps_at_least_40_percent_and_the_rest_week_is_low() {
        let ss = sessions();
        assert!(f64::from(week(&ss, 14)) >= 1.4 * f64::from(week(&ss, 13)));
        assert!(
            f64::from(week(&ss, 12)) <= 1.1 * f64::from(week(&ss, 11)),
            "steady week 12"
        );
        assert!(week(&ss, 5) < week(&ss, 4) / 2);
        for w in 13..=16 {
            let n = ss.iter().filter(|s| s.week == w).count();
            assert!((3..=4).contains(&n), "week {w} has {n} sessions");
        }
    }

    #[test]
    fn special_tags_occur_once_and_about_a_quarter_is_gpx() {
        let ss = sessions();
        for tag in [Tag::FitGz, Tag::FitAndGpx, Tag::Treadmill, Tag::Trail] {
            assert_eq!(ss.iter().filter(|s| s.tag == tag).count(), 1, "{tag:?}");
        }
        let gpx = ss.iter().filter(|s| s.tag == Tag::Gpx).count() as f64;
        let share = gpx / ss.len() as f64;
        assert!((0.2..=0.3).contains(&share), "GPX share {share}");
        assert!(ss.windows(2).all(|w| w[0].local_start < w[1].local_start));
    }

    #[test]
    fn berlin_offset_changes_on_2026_10_25() {
        let at = |d: u32| {
            berlin(
                NaiveDate::from_ymd_opt(2026, 10, d)
                    .unwrap()
                    .and_hms_opt(9, 0, 0)
                    .unwrap(),
            )
        };
        assert_eq!(at(24).1, 7200);
        assert_eq!(at(25).1, 3600);
        assert_eq!(at(25).0 - at(24).0, 86_400 + 3600);
    }

    fn decode_fit(bytes: &[u8]) -> Vec<fitparser::FitDataRecord> {
        fitparser::from_bytes(bytes).expect("valid FIT")
    }

    fn session_field(recs: &[fitparser::FitDataRecord], name: &str) -> String {
        let s = recs
            .iter()
            .find(|r| r.kind() == MesgNum::Session)
            .expect("a session");
        s.fields()
            .iter()
            .find(|f| f.name() == name)
            .map(|f| f.value().to_string())
            .unwrap_or_default()
    }

    fn gunzip(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn every_export_reads_back_except_the_corrupt_one() {
        let files = export_files(&sessions());
        let mut names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), files.len(), "file names are unique");
        let (mut walking, mut treadmill) = (0, 0);
        for f in &files {
            let p = f.path.as_str();
            if p.ends_with("-corrupt.fit") {
                assert!(
                    fitparser::from_bytes(&f.bytes).is_err(),
                    "{p} must not decode"
                );
            } else if p.ends_with(".fit") || p.ends_with(".fit.gz") {
                let raw = if p.ends_with(".gz") {
                    gunzip(&f.bytes)
                } else {
                    f.bytes.clone()
                };
                let recs = decode_fit(&raw);
                walking += usize::from(session_field(&recs, "sport") == "walking");
                treadmill += usize::from(session_field(&recs, "sub_sport") == "treadmill");
            } else if p.ends_with(".gpx") {
                let g = ::gpx::read(f.bytes.as_slice()).unwrap_or_else(|e| panic!("{p}: {e}"));
                assert!(g.tracks[0].segments[0].points.len() > 600, "{p}");
            } else {
                assert_eq!(p, "exports/README.txt");
            }
        }
        let walks = sessions()
            .iter()
            .filter(|s| matches!(s.kind, Kind::Walk(_)) && s.tag != Tag::Gpx)
            .count();
        assert_eq!(walking, walks, "every watch walk is sport walking");
        assert_eq!(treadmill, 1);
        assert_eq!(files.iter().filter(|f| f.path.ends_with(".gz")).count(), 1);
        assert_eq!(
            files.iter().filter(|f| f.path.contains("corrupt")).count(),
            1
        );
    }

    #[test]
    fn the_run_exported_twice_has_the_same_start_and_points() {
        let ss = sessions();
        let both = ss.iter().find(|s| s.tag == Tag::FitAndGpx).unwrap();
        let mut rng = Rng::new(1);
        let a = run::simulate(&spec(both, &mut rng));
        let files = render(both, &a);
        assert_eq!(files.len(), 2);
        let recs = decode_fit(&files[0].bytes);
        let fit_points: Vec<i64> = recs
            .iter()
            .filter(|r| r.kind() == MesgNum::Record)
            .map(|r| {
                match r
                    .fields()
                    .iter()
                    .find(|f| f.name() == "timestamp")
                    .unwrap()
                    .value()
                {
                    fitparser::Value::Timestamp(t) => t.timestamp(),
                    v => panic!("{v:?}"),
                }
            })
            .collect();
        let g = ::gpx::read(files[1].bytes.as_slice()).unwrap();
        let gpx_points = &g.tracks[0].segments[0].points;
        assert_eq!(fit_points.len(), gpx_points.len());
        let gpx_start = gpx_points[0].time.unwrap().format().unwrap();
        let gpx_start = chrono::DateTime::parse_from_rfc3339(&gpx_start)
            .unwrap()
            .timestamp();
        assert_eq!(fit_points[0], gpx_start);
        assert!(
            a.points.len() > fit_points.len(),
            "auto-pause leaves a gap in both files"
        );
    }
}
