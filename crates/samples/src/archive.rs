//! A large archive of distinct runs, for benchmarks and crash tests.
//!
//! One run every ~1.2 days going back from 2026-11-01, 30–120 minutes at
//! 1 Hz, ~85 % FIT and ~15 % GPX. Runs are produced lazily so a 270 MB
//! archive never sits in memory at once.

use super::fit::{self, WATCH};
use super::gpx;
use super::plan::{OutFile, berlin, garmin_name, strava_title};
use super::rng::Rng;
use super::run::{self, Athlete, Effort, Segment, Spec, Sport};
use chrono::{Duration, NaiveDate, NaiveTime};

/// The newest run's date.
pub fn newest_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 1).expect("valid date")
}

/// Date of run `i` (0 = newest). Steps of 1.2 days, floored, so every run
/// gets a date of its own and therefore a distinct start time.
pub fn run_day(i: usize) -> NaiveDate {
    newest_day() - Duration::days((i as i64 * 6) / 5)
}

/// A trained runner, not the samples' cautious returner.
fn athlete(rng: &mut Rng) -> Athlete {
    let run = rng.range(2.8, 3.6);
    Athlete {
        walk_mps: rng.range(1.4, 1.7),
        jog_mps: run * 0.85,
        run_mps: run,
        walk_spm: rng.range(108.0, 118.0),
        jog_spm: rng.range(158.0, 166.0),
        run_spm: rng.range(166.0, 178.0),
        hr_stand_bpm: rng.range(85.0, 100.0),
        hr_walk_bpm: rng.range(100.0, 115.0),
        hr_jog_bpm: rng.range(135.0, 148.0),
        hr_run_bpm: rng.range(148.0, 166.0),
    }
}

/// 30–120 minutes: mostly steady runs, some with repeats, a short walk
/// either side.
fn segments(rng: &mut Rng) -> Vec<Segment> {
    let total_s = rng.int(30 * 60, 120 * 60) as u32;
    let warm = rng.int(0, 180) as u32;
    let cool = rng.int(60, 240) as u32;
    let main = total_s - warm - cool;
    let mut v = vec![Segment::new(Effort::Walk, warm)];
    if rng.chance(0.2) {
        let rep = rng.int(180, 420) as u32;
        let reps = main / (rep + 120);
        for _ in 0..reps {
            v.push(Segment::new(Effort::Run, rep));
            v.push(Segment::new(Effort::Jog, 120));
        }
        v.push(Segment::new(Effort::Jog, main - reps * (rep + 120)));
    } else {
        v.push(Segment::new(Effort::Run, main));
    }
    v.push(Segment::new(Effort::Walk, cool));
    v.retain(|s| s.secs > 0);
    v
}

fn spec(i: usize, rng: &mut Rng) -> (Spec, bool) {
    let minute = rng.int(6 * 60, 19 * 60 + 30) as u32;
    let time = NaiveTime::from_hms_opt(minute / 60, minute % 60, rng.int(0, 59) as u32)
        .expect("valid time");
    let (start_unix_s, utc_offset_s) = berlin(run_day(i).and_time(time));
    let mut segs = segments(rng);
    if rng.chance(0.4) {
        let total: u32 = segs.iter().map(|s| s.secs).sum();
        let at = rng.int(300, i64::from(total) - 300) as u32;
        segs = run::insert_stop(&segs, at, rng.int(30, 60) as u32);
    }
    let gpx = rng.chance(0.15);
    let spec = Spec {
        start_unix_s,
        utc_offset_s,
        sport: if rng.chance(0.1) {
            Sport::TrailRun
        } else {
            Sport::Run
        },
        segments: segs,
        athlete: athlete(rng),
        auto_pause: !gpx && rng.chance(0.5),
        route_start_m: rng.range(0.0, 3000.0),
        reverse: rng.chance(0.5),
        hr_lock_s: if rng.chance(0.6) {
            0
        } else {
            rng.int(2, 20) as u32
        },
        seed: rng.next_u64(),
    };
    (spec, gpx)
}

/// Renders run `i`: a Garmin-named FIT or a Strava-named GPX.
fn render(i: usize, rng: &mut Rng) -> OutFile {
    let (spec, is_gpx) = spec(i, rng);
    let a = run::simulate(&spec);
    let local = chrono::DateTime::from_timestamp(a.start_unix_s + i64::from(a.utc_offset_s), 0)
        .expect("in range")
        .naive_utc();
    if is_gpx {
        let title = strava_title(local, a.sport);
        let export = gpx::Export {
            creator: "StravaGPX",
            name: &title,
        };
        OutFile {
            path: format!("{}_{}.gpx", title.replace(' ', "_"), local.date()),
            bytes: gpx::encode_activity(&a, &export),
        }
    } else {
        OutFile {
            path: format!("{}.fit", garmin_name(local)),
            bytes: fit::encode_activity(&a, &WATCH),
        }
    }
}

/// The archive's files, newest first, generated on demand. Run `i` depends
/// only on `seed` and `i`, so a longer archive extends a shorter one.
pub fn files(runs: usize, seed: u64) -> impl Iterator<Item = OutFile> {
    (0..runs).map(move |i| {
        let mut rng = Rng::new(seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        render(i, &mut rng)
    })
}
