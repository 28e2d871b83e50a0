//! Compare runlog's reading of the third-party corpus with an independent
//! decoder (fitdecode/gpxpy), recorded in `oracle.jsonl`.
//!
//! The corpus is found through `RUNLOG_CORPUS` (`.ci/run` sets it to
//! `../shared/corpus`); it is read in place and never copied. Without the
//! variable every test here is *ignored*, with the reason, so a fresh
//! clone's `cargo test` shows they did not run (see `build.rs`); with it set
//! and the corpus missing, they fail.

use runlog_core::error::SkipReason;
use runlog_core::import;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The corpus; these tests run only when `RUNLOG_CORPUS` is set.
fn corpus() -> PathBuf {
    let p = PathBuf::from(std::env::var_os("RUNLOG_CORPUS").expect("RUNLOG_CORPUS is set"));
    assert!(
        p.join("oracle.jsonl").is_file(),
        "RUNLOG_CORPUS={} has no oracle.jsonl",
        p.display()
    );
    p
}

fn oracle(root: &Path) -> Vec<Value> {
    std::fs::read_to_string(root.join("oracle.jsonl"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// GPX files where runlog's distance is below the oracle's on purpose.
/// The oracle sums every point-to-point step; runlog ignores steps shorter
/// than 3 m from the last counted point, because a watch standing still
/// draws a cloud of such steps. The share of the oracle's distance made of
/// steps under 3 m was measured for each file (same haversine, R = 6371 km):
const JITTER_FILES: &[(&str, &str)] = &[
    // A 10-hour hike recorded with many stops: 2.9 % of the raw sum is
    // sub-3 m steps; runlog reads 17,663 m against 18,188 m.
    (
        "gpx/georust-gpx__garmin_with_extensions.gpx",
        "stops in a long hike",
    ),
    // 689 points in 683 s covering 362 m (0.5 m/s): mostly standing with
    // jitter; 21 % of the raw sum is sub-3 m steps (runlog: 286 m).
    ("gpx/gpsbabel__24173415.gpx", "mostly standing"),
    // A hand-made test track with 1–2 m steps: 83.7 m against 85.9 m.
    ("gpx/gpxpy__track-with-empty-segment.gpx", "tiny steps"),
    // Two points 1.6 m apart: below the jitter threshold, so 0 m.
    (
        "gpx/gpxpy__track-with-less-sec-time.gpx",
        "two points 1.6 m apart",
    ),
];

/// Where runlog differs from the oracle on purpose, file by file and field
/// by field, with the reason. Everything not listed must agree, and each
/// listed difference must still be there (or the entry goes).
const DELIBERATE: &[(&str, &str, &str)] = &[
    (
        "tcx/gpsbabel__gtrnctr-lap_s.tcx",
        "avg_hr",
        "None vs 255: every reading is 255, the ANT+/FIT \"no reading\" value; runlog \
         reports no heart rate rather than 255 bpm.",
    ),
    (
        "tcx/sportslib__unknown_example.tcx",
        "start",
        "18:11:26 vs 18:14:32: the Id and the first lap both say 18:11:26; the first \
         laps (about 3 minutes) have no track points, and the oracle starts at the first \
         point. (runlog's elapsed, 1916 s from that start, is the laps' timer time.)",
    ),
    (
        "tcx/tcxparser__sup_activity_1.tcx",
        "elapsed",
        "1113.5 s vs 1112 s (points) or 1112.3 s (laps): the last lap (968 s + 145.539 s \
         of timer time) ends 1.5 s after the last point, and elapsed time cannot end \
         before the timer does.",
    ),
    (
        "fit/muktihari-fit__chained_Activity_activity_poolswim.fit",
        "distance",
        "4057 m vs 457 m: two chained files, a paddle (no distance in its session) and a \
         pool swim (457 m). runlog makes them two activities and gives the paddle its \
         records' 3600 m (GPS: 3595 m); the oracle counts the sessions' stated distances.",
    ),
];

/// The oracle has one row per file. A file with several activities (TCX
/// activities, the legs of a multisport FIT) is compared as a whole: records
/// and distances summed, heart rate averaged over all readings, and time as
/// the oracle counts it, the sum of the sessions for FIT, first start to
/// last end for TCX. Returns the whole and how many activities made it.
fn whole_file(mut v: Vec<runlog_core::model::Parsed>) -> (runlog_core::model::Parsed, usize) {
    let count = v.len();
    let hr_n =
        |p: &runlog_core::model::Parsed| p.samples.iter().filter(|s| s.hr_bpm.is_some()).count();
    let hr_total: usize = v.iter().map(hr_n).sum();
    let hr_sum: f64 = v
        .iter()
        .filter_map(|p| p.summary.avg_hr.map(|h| h * hr_n(p) as f64))
        .sum();
    let mut first = v.remove(0);
    let s = &mut first.summary;
    let end =
        |a: &runlog_core::model::Summary| a.start.timestamp_millis() as f64 / 1000.0 + a.elapsed_s;
    let (mut last_end, mut elapsed_sum) = (end(s), s.elapsed_s);
    for other in &v {
        let o = &other.summary;
        s.records += o.records;
        s.distance_m = match (s.distance_m, o.distance_m) {
            (Some(a), Some(b)) => Some(a + b),
            (a, b) => a.or(b),
        };
        last_end = last_end.max(end(o));
        elapsed_sum += o.elapsed_s;
    }
    if count > 1 {
        s.avg_hr = (hr_total > 0).then(|| hr_sum / hr_total as f64);
        s.elapsed_s = match s.format {
            runlog_core::model::Format::Fit => elapsed_sum,
            _ => last_end - s.start.timestamp_millis() as f64 / 1000.0,
        };
    }
    (first, count)
}

fn f(v: &Value, k: &str) -> Option<f64> {
    v.get(k).and_then(Value::as_f64)
}

/// Compare one file (made of `count` activities); returns the fields that
/// disagree, each with the two values.
fn compare(
    o: &Value,
    s: &runlog_core::model::Summary,
    count: usize,
) -> Vec<(&'static str, String)> {
    let mut bad = Vec::new();
    if let Some(t) = o.get("start_time").and_then(Value::as_str) {
        // To the second: the oracle keeps GPX's fractional seconds.
        let ours = s.start.format("%Y-%m-%dT%H:%M:%S").to_string();
        if !t.starts_with(&ours) {
            bad.push(("start", format!("{ours} vs {t}")));
        }
    }
    let tcx = o["format"] == "tcx";
    // TCX: the points' span, or the laps' timer time.
    let elapsed = [
        f(o, "total_elapsed_s"),
        f(o, "total_timer_s").filter(|_| tcx),
    ];
    if elapsed[0].is_some()
        && !elapsed
            .iter()
            .flatten()
            .any(|e| (s.elapsed_s - e).abs() <= 1.0)
    {
        bad.push(("elapsed", format!("{} vs {elapsed:?}", s.elapsed_s)));
    }
    if let Some(n) = f(o, "record_count")
        && s.records as f64 != n
    {
        bad.push(("records", format!("{} vs {n}", s.records)));
    }
    if let Some(why) = distance_differs(o, s) {
        bad.push(("distance", why));
    }
    let hr = (f(o, "avg_hr"), s.avg_hr);
    let hr_ok = match hr {
        (Some(h), Some(ours)) => (ours - h).abs() <= 1.0,
        (Some(_), None) => false,
        // TCX: no heart rate where the oracle has none.
        (None, ours) => !tcx || ours.is_none(),
    };
    if !hr_ok {
        bad.push(("avg_hr", format!("{:?} vs {:?}", hr.1, hr.0)));
    }
    if tcx && o["activity_count"].as_u64() != Some(count as u64) {
        bad.push(("count", format!("{count} vs {}", o["activity_count"])));
    }
    bad
}

/// FIT: the sessions' distance; TCX: the laps' or the GPS track's; GPX: the
/// summed track, less the jitter runlog leaves out.
fn distance_differs(o: &Value, s: &runlog_core::model::Summary) -> Option<String> {
    let file = o["file"].as_str().unwrap_or("");
    let want: Vec<f64> = match o["format"].as_str() {
        Some("fit") => vec![f(o, "total_distance_m")],
        Some("tcx") => vec![f(o, "total_distance_m"), f(o, "gps_distance_m")],
        _ => vec![f(o, "gps_distance_m")],
    }
    .into_iter()
    .flatten()
    .collect();
    let (Some(&d), Some(ours)) = (want.first(), s.distance_m) else {
        return None;
    };
    let ok = if JITTER_FILES.iter().any(|(n, _)| *n == file) {
        ours <= d && ours >= 0.75 * d - 2.0
    } else {
        want.iter().any(|d| (ours - d).abs() <= 0.01 * d.max(1.0))
    };
    (!ok).then(|| format!("{ours:.1} vs {want:?}"))
}

/// What runlog should do with a file the oracle describes: skip it, or
/// either (`None`: the oracle found no start time but runlog may).
fn expected_skip(o: &Value) -> Option<bool> {
    let no_time = o["start_time"].is_null();
    let not_activity =
        o["format"] == "fit" && !o["file_type"].is_null() && o["file_type"] != "activity";
    // One point, or points all at one instant: not an activity (issue 14).
    let no_duration =
        f(o, "time_span_s") == Some(0.0) && f(o, "total_elapsed_s").unwrap_or(0.0) == 0.0;
    if not_activity || no_duration || (no_time && o["record_count"].as_u64().unwrap_or(0) < 5) {
        Some(true)
    } else if no_time {
        None
    } else {
        Some(false)
    }
}

#[test]
#[cfg_attr(
    not(corpus),
    ignore = "needs the third-party corpus: set RUNLOG_CORPUS (.ci/run does)"
)]
fn corpus_agrees_with_oracle() {
    let root = corpus();
    let (mut exact, mut agree, mut readable, mut tcx) = (0, 0, 0, (0, 0, 0));
    let mut failures = Vec::new();
    let mut seen_deliberate = Vec::new();
    for o in oracle(&root) {
        let file = o["file"].as_str().unwrap();
        if file.starts_with("broken/") || file.starts_with("strava_export/") {
            continue;
        }
        // runlog skips what it cannot place in time (no timestamp anywhere:
        // planned routes, encoder test files, a saved-locations file), what
        // lasts no time, and FIT files that are not activities (settings,
        // courses, workouts…). Where the oracle found no start time but
        // runlog does (fitparser resolves compressed timestamps fitdecode
        // leaves unplaced), either outcome is accepted and an import is
        // compared field by field.
        let expect = expected_skip(&o);
        match (import::parse_file(&root.join(file)).map(whole_file), expect) {
            (Err(why), Some(true) | None) => {
                assert!(!matches!(why, SkipReason::Crashed(_)), "{file}: {why}");
            }
            (Err(why), _) => {
                failures.push(format!("{file}: skipped ({why}) but the oracle reads it"))
            }
            (Ok((p, _)), Some(true)) => failures.push(format!(
                "{file}: imported ({} records) but the oracle has none",
                p.summary.records
            )),
            (Ok((p, count)), _) => {
                readable += 1;
                let diffs = compare(&o, &p.summary, count);
                let mut ok = true;
                for (field, what) in &diffs {
                    if DELIBERATE.iter().any(|(f, k, _)| *f == file && k == field) {
                        seen_deliberate.push((file.to_string(), *field));
                        eprintln!("{file}: {field} {what} (deliberate)");
                    } else {
                        ok = false;
                        failures.push(format!("{file}: {field} {what}"));
                    }
                }
                agree += ok as usize;
                exact += diffs.is_empty() as usize;
                if file.starts_with("tcx/") {
                    tcx.0 += diffs.is_empty() as usize;
                    tcx.1 += ok as usize;
                    tcx.2 += 1;
                }
            }
        }
    }
    for (f, k, _) in DELIBERATE {
        if !seen_deliberate.iter().any(|(sf, sk)| sf == f && sk == k) {
            failures.push(format!("{f}: {k} is listed as deliberate but agrees"));
        }
    }
    eprintln!(
        "corpus: of {readable} readable activity files, {exact} agree with the oracle on \
         every field and {agree} apart from the deliberate differences; TCX: {} of {} on \
         every field, {} apart from the deliberate differences",
        tcx.0, tcx.2, tcx.1
    );
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Multisport FIT files become one activity per session, in the order the
/// legs started, each with its session's sport, start, times and distance,
/// and all linked as legs of one event.
#[test]
#[cfg_attr(
    not(corpus),
    ignore = "needs the third-party corpus: set RUNLOG_CORPUS (.ci/run does)"
)]
fn multisport_fit_files_become_one_activity_per_leg() {
    let root = corpus();
    let mut checked = Vec::new();
    for o in oracle(&root) {
        let file = o["file"].as_str().unwrap();
        let Some(sessions) = o["sessions"].as_array() else {
            continue;
        };
        let mut sports: Vec<&Value> = sessions.iter().map(|s| &s["sport"]).collect();
        sports.dedup();
        sports.sort_by_key(|s| s.to_string());
        sports.dedup();
        if !file.starts_with("fit/") || sports.len() < 2 {
            continue;
        }
        let legs = import::parse_file(&root.join(file)).unwrap();
        let mut want: Vec<&Value> = sessions
            .iter()
            .filter(|s| f(s, "total_elapsed_time") != Some(0.0))
            .collect();
        want.sort_by_key(|s| s["start_time"].as_str().unwrap_or(""));
        assert_eq!(legs.len(), want.len(), "{file}");
        let event = legs[0].summary.event.clone();
        assert!(event.is_some(), "{file}");
        for (n, (p, w)) in legs.iter().zip(&want).enumerate() {
            let s = &p.summary;
            let at = format!("{file} leg {}", n + 1);
            assert_eq!((&s.event, s.leg), (&event, Some(n as u32 + 1)), "{at}");
            let (sport, sub) = match w["sport"].as_str() {
                Some("transition") => ("other", Some("transition")),
                sport => (sport.unwrap(), w["sub_sport"].as_str()),
            };
            assert_eq!(
                (s.sport.as_str(), s.sub_sport.as_deref()),
                (sport, sub),
                "{at}"
            );
            let start = s.start.format("%Y-%m-%dT%H:%M:%SZ").to_string();
            assert_eq!(Some(start.as_str()), w["start_time"].as_str(), "{at}");
            let close = |a: f64, b: Option<f64>| b.is_none_or(|b| (a - b).abs() < 0.01);
            assert!(close(s.elapsed_s, f(w, "total_elapsed_time")), "{at}");
            assert!(close(s.moving_s, f(w, "total_timer_time")), "{at}");
            if let Some(d) = f(w, "total_distance") {
                assert_eq!(
                    s.distance_m.map(|m| (m * 100.0).round()),
                    Some((d * 100.0).round()),
                    "{at}"
                );
            }
        }
        checked.push(format!("{file}: {} legs", legs.len()));
    }
    eprintln!("multisport: {}", checked.join("; "));
    assert!(checked.len() >= 6, "{checked:?}");
}

/// Every file in `broken/` is either skipped with a reason or imported with
/// a warning that names what was wrong; none crashes the decoder.
#[test]
#[cfg_attr(
    not(corpus),
    ignore = "needs the third-party corpus: set RUNLOG_CORPUS (.ci/run does)"
)]
fn broken_files_are_skipped_or_recovered_with_a_warning() {
    let root = corpus();
    // Files whose damage the decoder absorbs without telling us:
    let silent_ok: &[(&str, &str)] = &[
        // A developer_data_id without application_id: valid enough to read,
        // and the oracle reads it too; nothing runlog uses is affected.
        (
            "fitparse__elemnt-bolt-no-application-id-inside-developer-data-id.fit",
            "oracle reads it cleanly",
        ),
    ];
    let mut n = 0;
    for entry in std::fs::read_dir(root.join("broken")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        n += 1;
        match import::parse_file(&path) {
            Err(SkipReason::Crashed(why)) => panic!("{name}: decoder crashed: {why}"),
            Err(why) => assert!(!why.to_string().is_empty(), "{name}"),
            Ok(p) => {
                let excused = silent_ok.iter().any(|(f, _)| *f == name);
                assert!(
                    excused || p.iter().any(|a| !a.warnings.is_empty()),
                    "{name}: imported without a warning"
                );
            }
        }
    }
    assert!(n >= 10, "broken/ holds only {n} files");
}

/// A real Strava bulk export, imported as a folder next to the watch's own
/// FIT of the same run: one activity, carrying the name from
/// `activities.csv`, with the other file recorded as its duplicate.
#[test]
#[cfg_attr(
    not(corpus),
    ignore = "needs the third-party corpus: set RUNLOG_CORPUS (.ci/run does)"
)]
fn strava_export_folder_gets_names_and_merges_with_the_loose_fit() {
    let root = corpus();
    let log = tempfile::tempdir().unwrap();
    let export = root.join("strava_export/gap__Strava Export");
    let loose = root.join("fit/gap__2022-05-29-15-53-35_Laufen_Landal_Park.fit");
    let mut store = runlog_core::store::Store::open(log.path()).unwrap();
    let report = runlog_core::ingest::run(
        log.path(),
        &[export, loose],
        &mut store,
        &runlog_core::ingest::Silent,
        chrono::Utc::now(),
    )
    .unwrap();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert!(
        report.ignored >= 30,
        "account CSVs and PDFs are ignored quietly: {}",
        report.ignored
    );
    let runs: Vec<&runlog_core::model::Activity> = store
        .activities
        .iter()
        .filter(|a| a.summary.start.format("%Y-%m-%d").to_string() == "2022-05-29")
        .collect();
    assert_eq!(runs.len(), 1, "the two copies of the run are one activity");
    assert_eq!(runs[0].summary.name.as_deref(), Some("Laufen Landal Park"));
    assert_eq!(runs[0].duplicates.len(), 1);
}

/// Every FIT file (any depth, `.fit` or `.fit.gz`) under `dir`, found as
/// an import finds them.
fn fit_files(dir: &Path) -> Vec<PathBuf> {
    let found = import::find_files(&[dir.to_path_buf()]);
    found
        .files
        .into_iter()
        .filter(|p| import::Kind::of(p).is_some_and(|k| k.format == import::FileFormat::Fit))
        .collect()
}

/// Files where fitparser, the reference, misreads a field, so runlog's own
/// decoder differs on purpose. For these the disputed field is checked
/// against the file's own totals instead, and every other field must agree.
const FITPARSER_MISREADS: &[(&str, &str)] = &[
    // An old Forerunner packs a 12-bit distance counter into each record;
    // fitparser adds up the raw counter readings (93.7 km at the end of a
    // 10.2 km run) instead of their differences, as the FIT SDK does.
    ("fitparse__compressed-speed-distance.fit", "distance"),
    // enhanced_speed and enhanced_altitude are written as 2-value arrays;
    // fitparser then holds two fields of each name (the array, and the one
    // it expands from speed or altitude) in HashMap order, so record by
    // record it returns the value or nothing. runlog reads the plain fields.
    (
        "goldencheetah__FR55-CoreTemp-Walk.fit",
        "speed and altitude",
    ),
];

/// Make our samples comparable with fitparser's for a file it misreads:
/// check our reading of the disputed field, then take theirs.
fn settle_misread(
    name: &str,
    ours: &mut runlog_core::model::Parsed,
    theirs: &runlog_core::model::Parsed,
) {
    let Some((_, field)) = FITPARSER_MISREADS.iter().find(|(f, _)| name.ends_with(f)) else {
        return;
    };
    match *field {
        "distance" => {
            let session = ours.summary.distance_m.unwrap();
            let last = ours
                .samples
                .iter()
                .rev()
                .find_map(|s| s.distance_m)
                .unwrap();
            assert!(
                (last - session).abs() < 0.01 * session,
                "{name}: {last} vs {session}"
            );
            for (a, b) in ours.samples.iter_mut().zip(&theirs.samples) {
                a.distance_m = b.distance_m;
            }
        }
        _ => {
            // Where fitparser has a value it must be ours; we have more.
            let (mut ours_n, mut theirs_n) = (0, 0);
            for (a, b) in ours.samples.iter_mut().zip(&theirs.samples) {
                for (x, y) in [
                    (&mut a.speed_mps, b.speed_mps),
                    (&mut a.altitude_m, b.altitude_m),
                ] {
                    assert!(y.is_none() || *x == y, "{name}: {x:?} vs {y:?}");
                    ours_n += x.is_some() as usize;
                    theirs_n += y.is_some() as usize;
                    *x = y;
                }
            }
            assert!(ours_n > theirs_n, "{name}: {ours_n} vs {theirs_n} values");
            // The ascent is summed from the altitudes, so it moves a little.
            let (a, b) = (
                ours.summary.ascent_m.unwrap(),
                theirs.summary.ascent_m.unwrap(),
            );
            assert!((a - b).abs() <= 0.1 * b, "{name}: ascent {a} vs {b}");
            ours.summary.ascent_m = theirs.summary.ascent_m;
        }
    }
}

/// Decode each file with runlog's own FIT decoder and with fitparser, and
/// require the same outcome: the same activities (one per leg of a
/// multisport file), each summary the same, every sample equal, the same
/// warnings; or both skipping the file for the same kind of reason.
/// Returns how many files decoded to activities.
fn own_decoder_agrees_with_fitparser(files: &[PathBuf]) -> usize {
    let mut activities = 0;
    let mut bad = Vec::new();
    for path in files {
        let mut bytes = std::fs::read(path).unwrap();
        if import::Kind::of(path).is_some_and(|k| k.gzip) {
            let mut out = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut out)
                .unwrap();
            bytes = out;
        }
        let mut ours = import::fit::decode(&bytes);
        let theirs = import::fit::decode_reference(&bytes);
        let name = path.display().to_string();
        match (&mut ours, &theirs) {
            (Ok(a), Ok(b)) if a.len() == b.len() => {
                activities += 1;
                for (a, b) in a.iter_mut().zip(b) {
                    settle_misread(&name, a, b);
                    same_activity(&name, a, b, &mut bad);
                }
            }
            (Err(a), Err(b)) if std::mem::discriminant(a) == std::mem::discriminant(b) => {}
            _ => bad.push(format!(
                "{name}: {:?} vs {:?}",
                ours.as_ref().map(Vec::len),
                theirs.as_ref().map(Vec::len)
            )),
        }
    }
    assert!(
        bad.is_empty(),
        "{} of {} files differ:\n{}",
        bad.len(),
        files.len(),
        bad.join("\n")
    );
    activities
}

/// One activity as both decoders read it: summary, samples and warnings.
fn same_activity(
    name: &str,
    a: &runlog_core::model::Parsed,
    b: &runlog_core::model::Parsed,
    bad: &mut Vec<String>,
) {
    if a.summary != b.summary {
        bad.push(format!(
            "{name}: summary\n  ours   {:?}\n  theirs {:?}",
            a.summary, b.summary
        ));
    }
    if a.samples != b.samples {
        let i = (0..a.samples.len().min(b.samples.len())).find(|&i| a.samples[i] != b.samples[i]);
        let at = |s: &[runlog_core::model::Sample]| i.and_then(|i| s.get(i).copied());
        bad.push(format!(
            "{name}: samples ({} vs {}), first difference at {i:?}:\n  ours   {:?}\n  theirs {:?}",
            a.samples.len(),
            b.samples.len(),
            at(&a.samples),
            at(&b.samples)
        ));
    }
    if a.warnings != b.warnings {
        bad.push(format!(
            "{name}: warnings {:?} vs {:?}",
            a.warnings, b.warnings
        ));
    }
}

/// Both decoders on every FIT file under `dir` (at least `at_least`).
fn both_decoders_agree_under(what: &str, dir: &Path, at_least: usize) {
    let files = fit_files(dir);
    assert!(
        files.len() >= at_least,
        "{what} holds only {} FIT files",
        files.len()
    );
    let n = own_decoder_agrees_with_fitparser(&files);
    eprintln!(
        "{what}: {n} of {} FIT files decode to the same activity with both decoders",
        files.len()
    );
}

#[test]
fn own_fit_decoder_matches_fitparser_on_the_samples() {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    both_decoders_agree_under("samples", &samples, 30);
}

#[test]
#[cfg_attr(
    not(corpus),
    ignore = "needs the third-party corpus: set RUNLOG_CORPUS (.ci/run does)"
)]
fn own_fit_decoder_matches_fitparser_on_the_corpus() {
    let root = corpus();
    both_decoders_agree_under("corpus", &root, 50);
}

/// Imported into a store and listed, a triathlon's legs keep their event
/// and place: the store's columns and `runlog activities --format json`
/// carry them, the event is the first leg's id, and legs of another file
/// stay apart.
#[test]
#[cfg_attr(
    not(corpus),
    ignore = "needs the third-party corpus: set RUNLOG_CORPUS (.ci/run does)"
)]
fn multisport_legs_survive_the_store_and_are_listed() {
    let root = corpus();
    let log = tempfile::tempdir().unwrap();
    let files = [
        root.join("fit/muktihari-fit__triathlon_summary_first.fit"),
        root.join("fit/sportslib__20181013_kona_ironman.fit"),
    ];
    let mut store = runlog_core::store::Store::open(log.path()).unwrap();
    let report = runlog_core::ingest::run(
        log.path(),
        &files,
        &mut store,
        &runlog_core::ingest::Silent,
        chrono::Utc::now(),
    )
    .unwrap();
    assert_eq!(report.imported.len(), 10, "{:?}", report.duplicates);
    drop(store);
    std::fs::write(log.path().join("runlog.toml"), "").unwrap();
    let out = assert_cmd::Command::cargo_bin("runlog")
        .unwrap()
        .args(["activities", "--format", "json", "--dir"])
        .arg(log.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let legs = |source: &str| -> Vec<(String, Option<u64>, String)> {
        rows.iter()
            .filter(|r| r["source"].as_str().unwrap().ends_with(source))
            .map(|r| {
                let event = r["event"].as_str().unwrap().to_string();
                (
                    event,
                    r["leg"].as_u64(),
                    r["sport"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    for source in ["triathlon_summary_first.fit", "kona_ironman.fit"] {
        let got = legs(source);
        let first_id = rows
            .iter()
            .find(|r| r["source"].as_str().unwrap().ends_with(source))
            .unwrap()["id"]
            .clone();
        let sports: Vec<&str> = got.iter().map(|l| l.2.as_str()).collect();
        assert_eq!(
            sports,
            ["swimming", "other", "cycling", "other", "running"],
            "{source}"
        );
        assert!(got.iter().all(|l| first_id == l.0.as_str()), "{got:?}");
        let numbers: Vec<_> = got.iter().map(|l| l.1).collect();
        assert_eq!(numbers, [1, 2, 3, 4, 5].map(Some), "{source}");
    }
}
