//! Crashes, odd names, odd dates and unwritable folders: runlog keeps the
//! previous state whole and says what went wrong, naming the path.

mod common;

use common::{all_output, json, runlog, stdout};
use runlog_core::store::Store;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

/// Every stored activity has its time series: the store never names a
/// series it has not written.
fn assert_consistent(dir: &Path) -> usize {
    let store = Store::open(dir).expect("the store opens after a kill");
    for a in &store.activities {
        store
            .read_series(&a.id)
            .unwrap_or_else(|e| panic!("activity {} has no readable series: {e}", a.id));
    }
    store.activities.len()
}

/// SIGKILL `runlog import` at many moments while it imports a generated
/// archive; after each kill the store opens and is consistent, and a plain
/// re-run ends with exactly the expected activities.
#[test]
fn import_survives_being_killed_at_random_moments() {
    let d = common::log_dir();
    let runs = 40;
    runlog_samples::write_archive(&d.path().join("exports"), runs, 3).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("runlog");
    // A fixed sequence of delays covering the whole import: before any file
    // is parsed, while series are written, around the commit.
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut kills = 0;
    let mut counts = Vec::new();
    while kills < 24 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = Duration::from_millis(seed % 1500);
        let mut child = std::process::Command::new(&bin)
            .args(["import", "-q", "--dir"])
            .arg(d.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let finished = child.try_wait().unwrap().is_some();
        let _ = child.kill();
        let _ = child.wait();
        counts.push(assert_consistent(d.path()));
        if !finished {
            kills += 1;
        } else {
            // It got to the end: start again from an empty store.
            std::fs::remove_dir_all(d.path().join(".runlog")).unwrap();
        }
    }
    let out = runlog(d.path(), &["import", "-q"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        assert_consistent(d.path()),
        runs,
        "after {kills} kills: {counts:?}"
    );
}

#[test]
fn odd_file_names_and_a_symlink_loop_do_not_break_an_import() {
    let d = common::log_dir();
    let exports = d.path().join("exports");
    runlog_samples::write_archive(&exports, 3, 5).unwrap();
    let mut names = std::fs::read_dir(&exports)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect::<Vec<_>>();
    names.sort();
    std::fs::rename(&names[0], exports.join("Morgenlauf mit Hündin — 5 km.fit")).unwrap();
    std::fs::rename(&names[1], exports.join("two\nlines.fit")).unwrap();
    std::fs::create_dir_all(exports.join("loop")).unwrap();
    std::os::unix::fs::symlink(&exports, exports.join("loop/back")).unwrap();
    let mut import = runlog(d.path(), &["import"]);
    import.timeout(Duration::from_secs(60));
    let text = stdout(import);
    assert!(text.contains("import: 3 imported"), "{text}");
}

/// A store that cannot be written (here `.runlog` is a file, which fails
/// even for root, unlike permission bits) stops the import with a message
/// naming the path, exit status 1, and leaves the inputs alone.
#[test]
fn an_unwritable_store_is_a_clear_error_that_changes_nothing() {
    let d = common::log_dir();
    runlog_samples::write_archive(&d.path().join("exports"), 2, 8).unwrap();
    std::fs::write(d.path().join(".runlog"), b"not a folder").unwrap();
    let out = runlog(d.path(), &["import"]).output().unwrap();
    // Issue #23: the runner's own file in the store's place is a usage
    // mistake to fix by hand, exit 2.
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(".runlog"), "the message names the path: {err}");
    assert_eq!(
        std::fs::read(d.path().join(".runlog")).unwrap(),
        b"not a folder"
    );
}

#[test]
fn iso_week_53_and_the_year_boundary() {
    use chrono::NaiveDate;
    // 2026 has 53 ISO weeks: Mon 28 Dec 2026 – Sun 3 Jan 2027 is 2026-W53.
    let d = NaiveDate::from_ymd_opt(2027, 1, 2).unwrap();
    assert_eq!(runlog_core::analysis::load::iso_week_label(d), "2026-W53");
    assert_eq!(
        runlog_core::analysis::load::week_start(d),
        NaiveDate::from_ymd_opt(2026, 12, 28).unwrap()
    );
    assert_eq!(
        runlog_core::analysis::load::iso_week_label(NaiveDate::from_ymd_opt(2027, 1, 4).unwrap()),
        "2027-W01"
    );
}

mod damaged_samples {
    //! Any truncation, any single-byte change and any appended garbage of a
    //! FIT, GPX or diary sample gives an activity (or a diary) or a clean
    //! error, never a panic. The panic guard in `parse_bytes` is bypassed:
    //! the decoders are called directly, so a panic fails the test.
    use proptest::prelude::*;
    use std::sync::OnceLock;

    fn sample(name: &str) -> &'static [u8] {
        static FILES: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
        let files = FILES.get_or_init(|| {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
            [
                "exports/2026-09-26-08-30-52.fit",
                "exports/strava/Morning_Run_2026-08-12.gpx",
                "pain.csv",
            ]
            .iter()
            .map(|f| (f.to_string(), std::fs::read(dir.join(f)).unwrap()))
            .collect()
        });
        &files.iter().find(|(n, _)| n.ends_with(name)).unwrap().1
    }

    /// Damage `bytes`: keep the first `keep` fraction of them (each file
    /// cut at the same share of its own length, so every cut lands inside
    /// every file), flip the byte at `at`, append `tail`.
    fn damage(bytes: &[u8], keep: f64, at: usize, flip: u8, tail: &[u8]) -> Vec<u8> {
        let cut = (bytes.len() as f64 * keep.clamp(0.0, 1.0)) as usize;
        let mut v = bytes[..cut.min(bytes.len())].to_vec();
        if !v.is_empty() {
            let i = at % v.len();
            v[i] ^= flip;
        }
        v.extend_from_slice(tail);
        v
    }

    fn check_all(keep: f64, at: usize, flip: u8, tail: &[u8]) {
        let fit = damage(sample(".fit"), keep, at, flip, tail);
        let _ = runlog_core::import::fit::decode(&fit);
        let gpx = damage(sample(".gpx"), keep, at, flip, tail);
        let _ = runlog_core::import::gpx::decode(&gpx);
        let csv = damage(sample("pain.csv"), keep, at, flip, tail);
        let _ = runlog_core::diary::parse(&csv, "pain.csv");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn truncated(keep in 0.0f64..1.0) {
            check_all(keep, 0, 0, &[]);
        }

        #[test]
        fn one_byte_changed(at in 0usize..400_000, flip in 1u8..=255) {
            check_all(1.0, at, flip, &[]);
        }

        #[test]
        fn garbage_appended(tail in proptest::collection::vec(any::<u8>(), 1..512)) {
            check_all(1.0, 0, 0, &tail);
        }
    }
}

/// Two imports of one log folder at once: the second either waits for the
/// first or, told not to wait, stops with a clear message; the store ends
/// consistent and complete either way.
#[test]
fn concurrent_imports_do_not_corrupt_the_store() {
    let d = common::log_dir();
    let runs = 30;
    runlog_samples::write_archive(&d.path().join("exports"), runs, 11).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("runlog");
    let spawn = |wait: &str| {
        std::process::Command::new(&bin)
            .args(["import", "-q", "--dir"])
            .arg(d.path())
            .env("RUNLOG_LOCK_WAIT_S", wait)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let first = spawn("60");
    std::thread::sleep(Duration::from_millis(150));
    let impatient = spawn("0").wait_with_output().unwrap();
    let patient = spawn("60");
    let first = first.wait_with_output().unwrap();
    let patient = patient.wait_with_output().unwrap();
    assert!(first.status.success() && patient.status.success());
    if !impatient.status.success() {
        let err = String::from_utf8_lossy(&impatient.stderr);
        assert!(err.contains("another runlog"), "{err}");
    }
    assert_eq!(assert_consistent(d.path()), runs);
}

#[test]
fn a_missing_export_file_is_named_and_the_rest_imports() {
    let d = common::log_dir();
    runlog_samples::write_archive(&d.path().join("exports"), 2, 4).unwrap();
    let missing = d.path().join("exports/not-there.fit");
    let mut import = runlog(d.path(), &["import"]);
    import.arg(d.path().join("exports")).arg(&missing);
    let text = stdout(import);
    assert!(text.contains("not-there.fit: cannot read"), "{text}");
    assert!(text.contains("import: 2 imported"), "{text}");
}

/// `runlog report` killed at many moments never leaves a half-written
/// report: every file is whole (the previous version or the new one), and
/// the user's own files in the report folder are untouched (issue #12).
#[test]
fn report_killed_at_random_moments_leaves_a_whole_report() {
    let d = common::log_dir();
    runlog_samples::write_archive(&d.path().join("exports"), 12, 21).unwrap();
    let out = d.path().join("out");
    let whole = |dir: &Path| {
        let html = std::fs::read_to_string(dir.join("report.html")).unwrap_or_default();
        let png_whole = |f: &str| {
            let b = std::fs::read(dir.join(f)).unwrap_or_default();
            b.starts_with(b"\x89PNG") && b.ends_with(&[0xAE, 0x42, 0x60, 0x82])
        };
        let pdf = std::fs::read(dir.join("report.pdf")).unwrap_or_default();
        let pdf_whole = pdf.starts_with(b"%PDF-") && pdf.trim_ascii_end().ends_with(b"%%EOF");
        html.trim_end().ends_with("</html>")
            && pdf_whole
            && png_whole("weekly_load_pain.png")
            && png_whole("acwr.png")
            && ["weeks.csv", "flags.json"]
                .iter()
                .all(|f| dir.join(f).is_file())
    };
    let report = |dir: &Path| {
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("runlog"));
        c.args(["report", "-q", "--weeks", "52", "--dir"])
            .arg(dir)
            .arg("--out")
            .arg(&out);
        c.stdout(Stdio::null()).stderr(Stdio::null());
        c
    };
    assert!(report(d.path()).status().unwrap().success());
    assert!(whole(&out));
    std::fs::write(out.join("notes.txt"), "my notes for the physio").unwrap();
    std::fs::create_dir(out.join("scans")).unwrap();
    std::fs::write(out.join("scans/mri.pdf"), "%PDF mine").unwrap();
    let mut seed: u64 = 0xD1B5_4A32_D192_ED03;
    for _ in 0..20 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut child = report(d.path()).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(seed % 2500));
        let _ = child.kill();
        let _ = child.wait();
        assert!(whole(&out), "every report file is whole");
        assert_eq!(
            std::fs::read_to_string(out.join("notes.txt")).unwrap(),
            "my notes for the physio"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("scans/mri.pdf")).unwrap(),
            "%PDF mine"
        );
    }
    assert!(report(d.path()).status().unwrap().success());
    assert!(whole(&out));
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".runlog-tmp-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staged files of killed runs are cleaned up"
    );
}

/// How a test makes writes fail part way through, as a full disk does.
enum Limit {
    /// `ulimit -f`: every write past a few KB fails with EFBIG. Works for
    /// any user; SIGXFSZ is ignored so the write returns an error instead
    /// of killing the process.
    FileSize,
    /// A real "No space left on device": the log folder lives on a small
    /// tmpfs, filled up to the last few KB before the failing command.
    Tmpfs,
}

/// A mounted tmpfs, unmounted when dropped.
struct Mount(std::path::PathBuf);

impl Mount {
    /// Mounting needs root (and a container that allows it); `None` otherwise.
    fn tmpfs(at: &Path, size: &str) -> Option<Mount> {
        std::fs::create_dir_all(at).ok()?;
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Mount(at.to_path_buf()))
    }

    /// Fill the file system up to its last `keep` bytes (zeros written,
    /// not a sparse file, so the space is really taken).
    fn fill(&self, keep: u64) -> std::path::PathBuf {
        let filler = self.0.join("filler");
        let fill = fs_free(&self.0).saturating_sub(keep);
        let mut f = std::fs::File::create(&filler).unwrap();
        let _ = std::io::copy(&mut std::io::Read::take(std::io::repeat(0), fill), &mut f);
        filler
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

/// Free bytes on the file system holding `p`, from `df`.
fn fs_free(p: &Path) -> u64 {
    let out = std::process::Command::new("df")
        .args(["-B1", "--output=avail"])
        .arg(p)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines().nth(1).unwrap().trim().parse().unwrap()
}

/// `runlog ARGS` under `limit`; returns (exit code, stderr).
fn limited(limit: &Limit, dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let bin = assert_cmd::cargo::cargo_bin("runlog");
    let mut c = match limit {
        Limit::FileSize => {
            let mut c = std::process::Command::new("sh");
            c.arg("-c")
                .arg("trap '' XFSZ; ulimit -f 16; exec \"$@\"")
                .arg("sh")
                .arg(&bin);
            c
        }
        Limit::Tmpfs => std::process::Command::new(&bin),
    };
    c.env_remove("SOURCE_DATE_EPOCH")
        .args(args)
        .arg("--dir")
        .arg(dir);
    let out = c.output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn activities_json(dir: &Path) -> String {
    stdout(runlog(dir, &["activities", "--format", "json"]))
}

/// A disk that fills up during `runlog report` or `runlog import` stops
/// it with a message naming the path, exit status 1, and leaves the
/// previous store and report whole; once there is room, a re-run completes.
fn full_disk_keeps_the_previous_state(
    limit: Limit,
    log: &Path,
    exports: &Path,
    mount: Option<&Mount>,
) {
    runlog_samples::write_archive(exports, 4, 31).unwrap();
    // The log folder must exist and be one (a missing one, or a folder
    // without runlog.toml or pain.csv, is a usage mistake).
    std::fs::create_dir_all(log).unwrap();
    std::fs::write(log.join("runlog.toml"), "").unwrap();
    let ex = exports.to_str().unwrap();
    let out = log.join("out");
    let out_s = out.to_str().unwrap();
    let report = ["report", "-q", "--weeks", "52", "--out", out_s];
    stdout(runlog(log, &["import", "-q", ex]));
    stdout(runlog(log, &report));
    let html = std::fs::read(out.join("report.html")).unwrap();
    let before = activities_json(log);

    // The report cannot be written: the previous one stays.
    let filler = mount.map(|m| m.fill(8 * 1024));
    let (code, err) = limited(&limit, log, &report);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("File too large") || err.contains("No space left"),
        "{err}"
    );
    assert_eq!(std::fs::read(out.join("report.html")).unwrap(), html);

    // New runs cannot be stored: the store keeps its previous state.
    if let Some(f) = &filler {
        std::fs::remove_file(f).unwrap();
    }
    runlog_samples::write_archive(&exports.join("new"), 4, 32).unwrap();
    let filler = mount.map(|m| m.fill(8 * 1024));
    let (code, err) = limited(&limit, log, &["import", "-q", ex]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains(".runlog"), "the message names the path: {err}");
    assert!(
        err.contains("File too large") || err.contains("No space left"),
        "{err}"
    );
    assert_eq!(activities_json(log), before);
    assert_eq!(assert_consistent(log), 4);

    // With room again, the import completes.
    if let Some(f) = &filler {
        std::fs::remove_file(f).unwrap();
    }
    stdout(runlog(log, &["import", "-q", ex]));
    assert_eq!(assert_consistent(log), 8);
    stdout(runlog(log, &report));
}

#[test]
fn a_full_disk_is_a_clear_error_that_keeps_the_previous_state() {
    let d = common::log_dir();
    full_disk_keeps_the_previous_state(
        Limit::FileSize,
        &d.path().join("log"),
        &d.path().join("exports"),
        None,
    );
    let t = tempfile::tempdir().unwrap();
    let Some(mount) = Mount::tmpfs(&t.path().join("disk"), "16m") else {
        eprintln!("no tmpfs (needs root): the real ENOSPC case did not run");
        return;
    };
    let log = mount.0.join("log");
    std::fs::create_dir_all(&log).unwrap();
    full_disk_keeps_the_previous_state(Limit::Tmpfs, &log, &t.path().join("exports"), Some(&mount));
}

/// A minimal GPX run: `n` points a second and about 3 m apart from `start`.
fn gpx_run(start: &str, n: usize) -> String {
    let t0 = chrono::DateTime::parse_from_rfc3339(start).unwrap();
    let mut pts = String::new();
    for i in 0..n {
        let t = (t0 + chrono::Duration::seconds(i as i64)).to_rfc3339();
        let lat = 52.5 + i as f64 * 0.000027;
        pts.push_str(&format!(
            "<trkpt lat=\"{lat:.6}\" lon=\"13.4\"><time>{t}</time></trkpt>\n"
        ));
    }
    format!(
        "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" creator=\"test\" xmlns=\"http://www.topografix.com/GPX/1/1\">\
         <trk><type>running</type><trkseg>\n{pts}</trkseg></trk></gpx>\n"
    )
}

/// Watches with an unset clock: a run dated 1995 and one dated 2099 are
/// imported with a warning, kept, and left out of the weekly numbers, so
/// the report's weeks are still the real ones; the report names both.
#[test]
fn runs_dated_before_2000_or_in_the_future_are_kept_but_not_counted() {
    let d = common::log_dir();
    let exports = d.path().join("exports");
    runlog_samples::write_archive(&exports, 4, 41).unwrap();
    std::fs::write(
        exports.join("old.gpx"),
        gpx_run("1995-06-01T08:00:00Z", 600),
    )
    .unwrap();
    std::fs::write(
        exports.join("future.gpx"),
        gpx_run("2099-06-01T08:00:00Z", 600),
    )
    .unwrap();
    let text = stdout(runlog(d.path(), &["import"]));
    assert!(
        text.contains("old.gpx") && text.contains("before 2000"),
        "{text}"
    );
    assert!(
        text.contains("future.gpx") && text.contains("in the future"),
        "{text}"
    );
    let acts = json(runlog(d.path(), &["activities", "--format", "json"]));
    assert_eq!(acts.as_array().unwrap().len(), 6, "both are kept");
    let weeks = json(runlog(d.path(), &["weeks", "--format", "json"]));
    let weeks = weeks.as_array().unwrap();
    assert!(
        !weeks.is_empty() && weeks.len() < 200,
        "{} weeks",
        weeks.len()
    );
    for w in weeks {
        let start = w["start"].as_str().unwrap();
        assert!(start > "2000" && start < "2090", "week {start}");
    }
    let html_dir = d.path().join("out");
    stdout(runlog(
        d.path(),
        &["report", "-q", "--out", html_dir.to_str().unwrap()],
    ));
    let html = std::fs::read_to_string(html_dir.join("report.html")).unwrap();
    assert!(
        html.contains("old.gpx (1995-06-01, before 2000)"),
        "the report names it"
    );
    assert!(html.contains("future.gpx (2099-06-01, in the future)"));
    assert!(!html.contains("2099-W"), "no week of 2099 in the report");
}

/// A file over the size limit is refused with the limit named, before any
/// of it is read (a sparse 600 MB file: instant, and no disk used), and the
/// other files import.
#[test]
fn a_file_over_the_size_limit_is_refused_with_the_limit_named() {
    let d = common::log_dir();
    let exports = d.path().join("exports");
    runlog_samples::write_archive(&exports, 2, 51).unwrap();
    let big = std::fs::File::create(exports.join("huge.gpx")).unwrap();
    big.set_len(600 * 1024 * 1024).unwrap();
    let text = all_output(runlog(d.path(), &["import"]));
    assert!(
        text.contains("huge.gpx") && text.contains("the limit is 512 MB"),
        "{text}"
    );
    assert!(text.contains("import: 2 imported"), "{text}");
}

/// `runlog report` imports first, so it takes the same lock: started while
/// an import runs, it waits, then both complete and the store is whole.
#[test]
fn an_import_and_a_report_at_once_both_complete() {
    let d = common::log_dir();
    let runs = 30;
    runlog_samples::write_archive(&d.path().join("exports"), runs, 12).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("runlog");
    let out = d.path().join("out");
    let run = |args: &[&str]| {
        std::process::Command::new(&bin)
            .args(args)
            .arg("--dir")
            .arg(d.path())
            .env("RUNLOG_LOCK_WAIT_S", "120")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let import = run(&["import", "-q"]);
    std::thread::sleep(Duration::from_millis(100));
    let report = run(&[
        "report",
        "-q",
        "--weeks",
        "200",
        "--out",
        out.to_str().unwrap(),
    ]);
    let (import, report) = (
        import.wait_with_output().unwrap(),
        report.wait_with_output().unwrap(),
    );
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );
    assert!(
        report.status.success(),
        "{}",
        String::from_utf8_lossy(&report.stderr)
    );
    assert_eq!(assert_consistent(d.path()), runs);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.trim_end().ends_with("</html>"));
}

/// The lock is the kernel's (`flock`): a killed import leaves nothing that
/// blocks the next one, which gets the lock at once (no waiting allowed).
#[test]
fn a_killed_import_leaves_no_stale_lock() {
    let d = common::log_dir();
    runlog_samples::write_archive(&d.path().join("exports"), 40, 13).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("runlog");
    let mut first = std::process::Command::new(&bin)
        .args(["import", "-q", "--dir"])
        .arg(d.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    first.kill().unwrap();
    first.wait().unwrap();
    assert!(
        d.path().join(".runlog/lock").exists(),
        "the lock file stays behind"
    );
    let out = runlog(d.path(), &["import", "-q"])
        .env("RUNLOG_LOCK_WAIT_S", "0")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(assert_consistent(d.path()), 40);
}

/// Issue #23: 20 `runlog log` started at once on one diary end with 20 new
/// rows, each run's exit code telling the truth (they used to lose rows
/// that printed "logged").
#[test]
fn issue23_twenty_concurrent_logs_keep_every_row() {
    let d = common::fresh_samples();
    let diary = d.path().join("pain.csv");
    let before = std::fs::read_to_string(&diary).unwrap().lines().count();
    let children: Vec<_> = (0..20)
        .map(|i| {
            let note = format!("concurrent {i}");
            std::process::Command::new(env!("CARGO_BIN_EXE_runlog"))
                .args([
                    "log",
                    "3",
                    "--date",
                    "2026-11-16",
                    "--note",
                    &note,
                    "-q",
                    "--dir",
                ])
                .arg(d.path())
                .env("RUNLOG_LOCK_WAIT_S", "60")
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let o = c.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let text = std::fs::read_to_string(&diary).unwrap();
    assert_eq!(text.lines().count(), before + 20, "{text}");
    for i in 0..20 {
        assert_eq!(
            text.matches(&format!("concurrent {i}\n")).count(),
            1,
            "row {i}"
        );
    }
}

/// Issue #23: once the row is in the file, a confirmation that cannot be
/// printed (`> /dev/full`) is a warning and exit 0, so nobody adds the row
/// twice; and a killed `log`'s temporary copy of the diary is removed by
/// the next one.
#[test]
#[cfg(target_os = "linux")]
fn issue23_a_written_row_is_exit_0_and_leftovers_go() {
    let d = common::fresh_samples();
    let diary = d.path().join("pain.csv");
    let stale = d.path().join(".pain.csv.Ab12Cd.tmp");
    std::fs::write(&stale, "a full copy of the diary").unwrap();
    let before = std::fs::read_to_string(&diary).unwrap().lines().count();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_runlog"))
        .args(["log", "4", "--date", "2026-11-16", "--dir"])
        .arg(d.path())
        .stdout(full)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("the row was written (pain.csv line"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&diary).unwrap().lines().count(),
        before + 1
    );
    assert!(!stale.exists(), "the stale copy is removed");
}

/// Issue #23: `runlog init` writes runlog.toml and pain.csv readable by the
/// runner alone, and `runlog log` keeps a diary's own mode.
#[test]
#[cfg(unix)]
fn issue23_health_data_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let d = common::log_dir();
    let dir = d.path().join("log");
    let o = assert_cmd::Command::cargo_bin("runlog")
        .unwrap()
        .args([
            "init",
            dir.to_str().unwrap(),
            "--no-input",
            "--timezone",
            "UTC",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir.join("runlog.toml")), 0o600);
    assert_eq!(mode(&dir.join("pain.csv")), 0o600);
    std::fs::set_permissions(dir.join("pain.csv"), std::fs::Permissions::from_mode(0o640)).unwrap();
    stdout(runlog(&dir, &["log", "2"]));
    assert_eq!(mode(&dir.join("pain.csv")), 0o640);
}

/// Issue #26: an Apple Health export whose workout points its route out
/// of the export (`/workout-routes/../../outside.gpx`) never has that file
/// read as its route: the workout is imported without a track and a
/// warning says why. The file it pointed at (the zip holds it at its root)
/// is an ordinary GPX of the archive, found to be the same run: a
/// duplicate, not a second activity. Every activity's series is stored.
#[test]
fn an_apple_health_route_that_leaves_the_export_is_not_read() {
    use runlog_samples::apple::{Form, export_zip, fixture};
    let mut f = fixture();
    let escape = "../../outside.gpx".to_string();
    f.workouts[0].route = Some(escape.clone());
    f.routes[0].0 = escape;
    let d = common::log_dir();
    std::fs::create_dir_all(d.path().join("exports")).unwrap();
    std::fs::write(
        d.path().join("exports/export.zip"),
        export_zip(Form::Ios16, &f),
    )
    .unwrap();
    let out = all_output(runlog(d.path(), &["import"]));
    assert!(
        out.contains("route /workout-routes/../../outside.gpx could not be read (corrupt: route path /workout-routes/../../outside.gpx leaves the export; not read)"),
        "{out}"
    );
    assert!(
        out.contains("4 imported, 0 already known, 1 duplicates merged"),
        "{out}"
    );
    let acts: serde_json::Value = json(runlog(d.path(), &["activities", "--format", "json"]));
    assert_eq!(acts[0]["has_gps"], false);
    assert_eq!(acts[0]["source_kind"], "apple_health");
    assert_eq!(acts[0]["duplicates"][0], "exports/export.zip/outside.gpx");
    assert_eq!(assert_consistent(d.path()), 4);
}

/// Issue #32: scores.csv goes through the writer pain.csv does. Saved as
/// UTF-16 it grows in UTF-16; an unclosed quote on its last line is
/// refused with exit 2, the line named and the file untouched (pain.csv
/// too); a symlinked scores.csv (a synced folder) gets the row where it
/// lives and stays a link; its mode is kept, a killed run's temporary copy
/// removed.
#[test]
#[cfg(unix)]
fn issue32_scores_csv_is_written_as_carefully_as_pain_csv() {
    use std::os::unix::fs::PermissionsExt;
    let d = common::log_dir();
    let scores = d.path().join("scores.csv");
    let utf16 = |text: &str| -> Vec<u8> {
        [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect()
    };
    let old = utf16("date\tmeasure\tvalue\tactivity\r\n2026-11-02\todi\t30\t\r\n");
    std::fs::write(&scores, &old).unwrap();
    let out = stdout(runlog(
        d.path(),
        &["score", "odi", "10", "--date", "2026-11-10"],
    ));
    assert!(out.contains("(scores.csv line 3)"), "{out}");
    let new = std::fs::read(&scores).unwrap();
    assert_eq!(
        new,
        utf16(
            "date\tmeasure\tvalue\tactivity\r\n2026-11-02\todi\t30\t\r\n2026-11-10\todi\t10\t\r\n"
        )
    );
    let flags = json(runlog(d.path(), &["flags", "--format", "json"]));
    assert_eq!(flags["scores"].as_array().unwrap().len(), 2, "{flags}");

    // An unclosed quote: refused, named, untouched; the same for pain.csv.
    for (file, body, args) in [
        (
            "scores.csv",
            "date,measure,value,activity\n2026-11-02,psfs,5,\"run 20 min",
            &["score", "odi", "10"][..],
        ),
        (
            "pain.csv",
            "date,pain,notes\n2026-11-02,3,\"stiff\n",
            &["log", "3"][..],
        ),
    ] {
        let path = d.path().join(file);
        std::fs::write(&path, body).unwrap();
        let o = runlog(d.path(), args).output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{file}: {err}");
        assert!(
            err.contains(&format!(
                "{file}:2: a quoted cell opens here (\") and is never closed"
            )),
            "{err}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), body);
    }
    std::fs::remove_file(d.path().join("pain.csv")).unwrap();

    // A symlink to a synced folder: the row lands there, the link stays.
    let synced = tempfile::tempdir().unwrap();
    let real = synced.path().join("scores.csv");
    std::fs::write(&real, "date,measure,value,activity\n2026-11-02,odi,30,\n").unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    std::fs::remove_file(&scores).unwrap();
    std::os::unix::fs::symlink(&real, &scores).unwrap();
    let stale = synced.path().join(".scores.csv.Xy12Ab.tmp");
    std::fs::write(&stale, "a copy a killed run left").unwrap();
    stdout(runlog(
        d.path(),
        &["score", "rmdq", "8", "--date", "2026-11-10"],
    ));
    assert!(scores.symlink_metadata().unwrap().file_type().is_symlink());
    assert_eq!(
        std::fs::read_to_string(&real).unwrap(),
        "date,measure,value,activity\n2026-11-02,odi,30,\n2026-11-10,rmdq,8,\n"
    );
    let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    assert!(!stale.exists(), "the stale copy is removed");
    let left: Vec<_> = std::fs::read_dir(synced.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "nothing else beside it");
}

/// Issue #32: two `runlog report` from two log folders into one `--out`
/// take turns (they used to fail 5 times in 8 with "report.html: No such
/// file or directory": one cleared the other's staged files). While
/// another runlog holds the report folder, a report waits up to
/// RUNLOG_LOCK_WAIT_S and is then refused with exit 2, the folder as it
/// was; two at once both succeed and leave one whole report.
#[test]
#[cfg(unix)]
fn issue32_two_reports_into_one_folder_take_turns() {
    let (a, b) = (common::fresh_samples(), common::fresh_samples());
    for d in [&a, &b] {
        stdout(runlog(d.path(), &["import", "-q"]));
    }
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("shared");
    std::fs::create_dir(&report).unwrap();
    let busy = std::fs::File::open(&report).unwrap();
    busy.try_lock().unwrap();
    let o = runlog(a.path(), &["report", "--out", report.to_str().unwrap()])
        .env("RUNLOG_LOCK_WAIT_S", "1")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("another runlog is writing a report into")
            && err.contains("waiting…")
            && err.contains("is still writing a report into"),
        "{err}"
    );
    assert_eq!(std::fs::read_dir(&report).unwrap().count(), 0);
    drop(busy);
    let children: Vec<_> = [&a, &b]
        .iter()
        .map(|d| {
            std::process::Command::new(env!("CARGO_BIN_EXE_runlog"))
                .args(["report", "-q", "--out"])
                .arg(&report)
                .arg("--dir")
                .arg(d.path())
                .env_remove("RUNLOG_DIR")
                .env("RUNLOG_LOCK_WAIT_S", "120")
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let o = c.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let mut names: Vec<String> = std::fs::read_dir(&report)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(
        names.iter().all(|n| !n.starts_with(".runlog-tmp-")),
        "{names:?}"
    );
    for n in ["report.html", "report.pdf", "weeks.csv", ".runlog-report"] {
        assert!(names.iter().any(|x| x == n), "{names:?}");
    }
}

/// Issue #32: an export.zip whose export.xml holds a long run of
/// whitespace between two elements (here 32 MB, 32 KB zipped) imports
/// every workout, with a warning naming what was skipped, instead of
/// holding the run in memory (a 2.2 GB one drove memory to 2.1 GB).
#[test]
fn issue32_a_long_whitespace_run_in_an_apple_health_export_is_read_past() {
    use runlog_samples::apple::{Form, export_xml, fixture};
    use std::io::Write;
    let xml = export_xml(Form::Ios16, &fixture());
    let at = xml.windows(9).position(|w| w == b"<Workout ").unwrap();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file(
        "apple_health_export/export.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    w.write_all(&xml[..at]).unwrap();
    let spaces = vec![b' '; 1 << 20];
    for _ in 0..32 {
        w.write_all(&spaces).unwrap();
    }
    w.write_all(&xml[at..]).unwrap();
    let zipped = w.finish().unwrap().into_inner();
    assert!(zipped.len() < 200_000, "{}", zipped.len());
    let d = common::log_dir();
    std::fs::create_dir_all(d.path().join("exports")).unwrap();
    std::fs::write(d.path().join("exports/export.zip"), zipped).unwrap();
    let out = all_output(runlog(d.path(), &["import", "--strict"]));
    assert!(
        out.contains(
            "warning  exports/export.zip/apple_health_export/export.xml: 31.9 MB of text and whitespace between its elements was skipped unread"
        ),
        "{out}"
    );
    assert!(out.contains("4 imported"), "{out}");
    assert_eq!(assert_consistent(d.path()), 4);
}
