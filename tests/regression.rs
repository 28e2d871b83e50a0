//! Regressions, each named after what it was so the fix stays fixed:
//! inputs the fuzzers (`fuzz/`) found crashing runlog (the bytes inline, in
//! base64: the fuzz corpora are never committed), and the defects of the
//! issues, named `issueN_…`.

mod common;

use base64::Engine;
use common::{fresh_samples, runlog, stdout};
use runlog_core::import::{FileFormat, Kind, parse_bytes};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;

fn bytes(b64: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap()
}

/// Decode directly (a panic fails the test) and through the import guard
/// (which must not report a crash either).
fn fit_is_clean(data: &[u8]) {
    let _ = runlog_core::import::fit::decode(data);
    let kind = Kind {
        format: FileFormat::Fit,
        gzip: false,
    };
    if let Err(why) = parse_bytes(data, kind) {
        assert!(
            !matches!(why, runlog_core::error::SkipReason::Crashed(_)),
            "{why}"
        );
    }
}

/// fit_decode, 2026-11-25: a file_id whose time_created is declared a
/// float32 and holds 2.6e20; adding the FIT epoch to it overflowed. Times
/// are now read only within the uint32 range the profile gives them.
#[test]
fn fit_time_field_with_a_huge_float_value() {
    fit_is_clean(&bytes(
        "DhBGCMMCAAAuRklUiQtAAAEAAAQBAoQCAoQEBCgAAQAAAAED6WFtcGxlAABAAAEAEwcCBIb9BIYHBIYDBIUEBIUcAABFPAAfxZ+yBFG0EB0BNQp8TgT/AABHuwAfxZqSBFG17R0BNAp8WATvAABMqwAfxZVxBFG4Qhz8NQp8YgUBAAEAAQEABAECADUKfLcAAABBEQ==",
    ));
}

/// import_any and fit_decode, 2026-11-25: 13- and 12-byte files whose
/// header says it is 14 bytes long; the framing walk reported the sound
/// part as ending at byte 14, past the end of the file. A cut-off header
/// now stops the walk at its start.
#[test]
fn fit_header_longer_than_the_file() {
    let input = bytes("AA4g+TkAAAAALkZJVAM=");
    // The import_any target's first byte picks the file name (0: a.fit).
    assert_eq!(input[0], 0);
    fit_is_clean(&input[1..]);
    fit_is_clean(&bytes("DhBXCAUBAAAuRklU"));
}

/// Every file under `dir` with the hash of its bytes: what "nothing
/// touched" compares.
fn tree(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let kind = e.file_type().unwrap();
            if kind.is_symlink() {
                let to = std::fs::read_link(&p).unwrap();
                out.insert(
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    format!("-> {}", to.display()),
                );
            } else if kind.is_dir() {
                out.insert(p.strip_prefix(dir).unwrap().join(""), String::new());
                todo.push(p);
            } else {
                let bytes = std::fs::read(&p).unwrap();
                let sum = blake3::hash(&bytes).to_hex().to_string();
                out.insert(p.strip_prefix(dir).unwrap().to_path_buf(), sum);
            }
        }
    }
    out
}

/// A folder of someone's own things, to put where a report might go.
fn belongings(at: &Path) {
    std::fs::create_dir_all(at.join("photos")).unwrap();
    std::fs::write(at.join("letter.docx"), "dear physio").unwrap();
    std::fs::write(at.join("photos/run.jpg"), "jpeg bytes").unwrap();
}

/// Issue #12.1: the README's first command names one binary; the sample
/// generator is an example, never installed, and `.ci/run` runs both
/// README commands verbatim.
#[test]
fn issue12_readme_commands_run_in_ci_and_only_runlog_is_installed() {
    let root = common::root();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let ci = std::fs::read_to_string(root.join(".ci/run")).unwrap();
    let two = readme.split("## Two commands").nth(1).unwrap();
    let commands: Vec<&str> = two
        .split("```sh\n")
        .skip(1)
        .take(2)
        .map(|block| block.split("```").next().unwrap().trim())
        .collect();
    assert_eq!(commands.len(), 2, "two commands in the README");
    assert!(commands[0].starts_with("cargo run --release -- report --dir samples"));
    assert!(commands[1].starts_with("cargo test"));
    for c in &commands {
        assert!(
            ci.lines().any(|l| l.trim() == *c),
            ".ci/run runs `{c}` verbatim"
        );
    }
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    assert!(!manifest.contains("[[bin]]"), "one binary");
    assert!(
        !root.join("src/bin").exists(),
        "no second binary in src/bin"
    );
    // The generator lives in the dev-only workspace crate, which
    // `cargo install --path .` (the root package alone) never installs.
    assert!(root.join("crates/samples/src/main.rs").is_file());
    let samples = std::fs::read_to_string(root.join("crates/samples/Cargo.toml")).unwrap();
    assert!(samples.contains("publish = false"));
}

/// Issue #12.2: foreign files and folders in --out survive a report and a
/// second one.
#[test]
fn issue12_report_keeps_foreign_files_in_its_folder() {
    let d = fresh_samples();
    let out = d.path().join("out");
    stdout(runlog(
        d.path(),
        &["report", "--out", out.to_str().unwrap()],
    ));
    belongings(&out);
    let mine = |t: &BTreeMap<PathBuf, String>| -> BTreeMap<PathBuf, String> {
        t.iter()
            .filter(|(p, _)| p.starts_with("photos") || p.starts_with("letter.docx"))
            .map(|(p, b)| (p.clone(), b.clone()))
            .collect()
    };
    let before = mine(&tree(&out));
    assert_eq!(before.len(), 3);
    for _ in 0..2 {
        stdout(runlog(
            d.path(),
            &["report", "--out", out.to_str().unwrap()],
        ));
        assert_eq!(mine(&tree(&out)), before);
        assert!(out.join("report.html").is_file());
    }
}

/// Issue #12.2: destinations that hold the user's data are refused with
/// exit 2 and nothing in the log folder (or around it) changes.
#[test]
fn issue12_report_refuses_destinations_over_the_users_data() {
    let d = fresh_samples();
    stdout(runlog(d.path(), &["import"]));
    belongings(&d.path().join("desktop"));
    std::fs::write(d.path().join("a-file.txt"), "keep me").unwrap();
    let before = tree(d.path());
    let cases: [(&str, PathBuf); 6] = [
        ("the log folder", d.path().to_path_buf()),
        ("its parent", d.path().parent().unwrap().to_path_buf()),
        ("exports", d.path().join("exports")),
        ("a file", d.path().join("a-file.txt")),
        ("a folder of someone's files", d.path().join("desktop")),
        ("the store", d.path().join(".runlog")),
    ];
    for (what, out) in &cases {
        let o = runlog(d.path(), &["report", "--out", out.to_str().unwrap()])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{what}: {err}");
        assert!(
            err.contains("--out") || err.contains("runlog did not write"),
            "{what}: {err}"
        );
        assert_eq!(tree(d.path()), before, "{what}: nothing touched");
    }
    // `--out .` from inside the log folder is the log folder.
    let o = runlog(d.path(), &["report", "--out", "."])
        .current_dir(d.path())
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(tree(d.path()), before, "--out .: nothing touched");
}

/// Issue #12.2: a folder runlog may not write into is a clear error (exit 1,
/// the path named) that leaves the folder as it was. Root ignores
/// permission bits, so as root the folder is a read-only tmpfs.
#[test]
fn issue12_report_into_a_read_only_folder_changes_nothing() {
    let d = fresh_samples();
    let out = d.path().join("ro");
    std::fs::create_dir_all(&out).unwrap();
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0"));
    let mounted = is_root.then(|| {
        let mount = |args: &[&str]| {
            std::process::Command::new("mount")
                .args(args)
                .arg(&out)
                .status()
                .is_ok_and(|s| s.success())
        };
        assert!(
            mount(&["-t", "tmpfs", "-o", "size=1m", "tmpfs"]),
            "mount a tmpfs"
        );
        std::fs::write(out.join(".runlog-report"), "report.html\n").unwrap();
        std::fs::write(out.join("report.html"), "the previous report").unwrap();
        assert!(mount(&["-o", "remount,ro"]), "make it read-only");
        Unmount(out.clone())
    });
    if !is_root {
        std::fs::write(out.join(".runlog-report"), "report.html\n").unwrap();
        std::fs::write(out.join("report.html"), "the previous report").unwrap();
        let mut perm = std::fs::metadata(&out).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perm, 0o555);
        std::fs::set_permissions(&out, perm).unwrap();
    }
    let before = tree(&out);
    let o = runlog(d.path(), &["report", "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(out.to_str().unwrap()),
        "names the folder: {err}"
    );
    assert_eq!(tree(&out), before);
    drop(mounted);
}

struct Unmount(PathBuf);

impl Drop for Unmount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

/// Issue #12.3: a closed pipe ends runlog quietly with 0, for every format.
#[test]
fn issue12_a_closed_pipe_is_a_quiet_exit() {
    let d = fresh_samples();
    stdout(runlog(d.path(), &["import"]));
    for args in [
        &["activities"][..],
        &["activities", "--format", "csv"],
        &["activities", "--format", "json"],
        &["weeks"],
        &["weeks", "--format", "json"],
        &["flags"],
        &["plan"],
    ] {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_runlog"));
        c.args(args).arg("--dir").arg(d.path());
        c.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = c.spawn().unwrap();
        drop(child.stdout.take()); // the reader is gone before a line is written
        let o = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?}: nothing on stderr: {err}");
    }
}

/// Issue #12.4: killed between the merge (a richer FIT replaces a stored
/// GPX of the same run) and the commit, the store still has every series
/// its generation names, and the next import finishes the job.
#[test]
fn issue12_a_crash_before_commit_keeps_every_named_series() {
    let d = fresh_samples();
    let exports = d.path().join("exports");
    let aside = d.path().join("aside");
    std::fs::create_dir_all(&aside).unwrap();
    for e in std::fs::read_dir(&exports).unwrap().flatten() {
        if e.path().extension().is_some_and(|x| x == "fit") {
            std::fs::rename(e.path(), aside.join(e.file_name())).unwrap();
        }
    }
    stdout(runlog(d.path(), &["import"]));
    let first = runlog_core::store::Store::open(d.path())
        .unwrap()
        .activities
        .len();
    for e in std::fs::read_dir(&aside).unwrap().flatten() {
        std::fs::rename(e.path(), exports.join(e.file_name())).unwrap();
    }
    let o = runlog(d.path(), &["import"])
        .env("RUNLOG_FAILPOINT", "ingest-before-commit")
        .output()
        .unwrap();
    assert!(!o.status.success(), "the failpoint stopped the import");
    let store = runlog_core::store::Store::open(d.path()).unwrap();
    assert_eq!(store.activities.len(), first, "the committed generation");
    for a in &store.activities {
        store
            .read_series(&a.id)
            .unwrap_or_else(|e| panic!("{}: {e}", a.source));
    }
    let out = stdout(runlog(d.path(), &["import"]));
    assert!(out.contains("same run exports/garmin_connect/"), "{out}");
    let store = runlog_core::store::Store::open(d.path()).unwrap();
    assert!(store.activities.len() > first);
    for a in &store.activities {
        store
            .read_series(&a.id)
            .unwrap_or_else(|e| panic!("{}: {e}", a.source));
    }
}

/// Issue #12.5: with `CURRENT` lost, the store is still the last import and
/// the next import adds to it instead of starting over.
#[test]
fn issue12_a_lost_current_file_loses_no_activity() {
    let d = fresh_samples();
    stdout(runlog(d.path(), &["import"]));
    let weeks = stdout(runlog(d.path(), &["weeks", "--format", "csv"]));
    let n = runlog_core::store::Store::open(d.path())
        .unwrap()
        .activities
        .len();
    std::fs::remove_file(d.path().join(".runlog/CURRENT")).unwrap();
    // The exports are moved away once imported, as users do.
    std::fs::rename(d.path().join("exports"), d.path().join("moved")).unwrap();
    std::fs::create_dir(d.path().join("exports")).unwrap();
    // runlog-core notes the lost file; the command says it, once.
    let o = runlog(d.path(), &["weeks", "--format", "csv"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(
        err.matches("CURRENT is missing or empty; using gen-")
            .count(),
        1,
        "{err}"
    );
    assert_eq!(String::from_utf8_lossy(&o.stdout), weeks);
    let store = runlog_core::store::Store::open(d.path()).unwrap();
    assert_eq!(store.notices.len(), 1, "{:?}", store.notices);
    drop(store);
    stdout(runlog(d.path(), &["import"]));
    assert_eq!(
        runlog_core::store::Store::open(d.path())
            .unwrap()
            .activities
            .len(),
        n
    );
    assert_eq!(
        stdout(runlog(d.path(), &["weeks", "--format", "csv"])),
        weeks
    );
}

/// Issue #12.6: `--quiet` prints no `wrote` lines and no summary; errors
/// keep their exit codes (internal failures are 1, usage mistakes 2).
#[test]
fn issue12_quiet_means_warnings_and_errors_only() {
    let d = fresh_samples();
    let out = d.path().join("out");
    let o = runlog(
        d.path(),
        &["report", "--quiet", "--out", out.to_str().unwrap()],
    )
    .output()
    .unwrap();
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with("skipped") || l.starts_with("warning")),
        "only warnings: {text}"
    );
    assert!(out.join("report.html").is_file());
    let render = runlog_core::error::Error::Render {
        what: "chart rendering",
        source: "font missing".into(),
    };
    assert_eq!(render.exit_code(), 1);
    assert_eq!(render.chain(), "chart rendering failed: font missing");
    let o = runlog(d.path(), &["weeks", "--format", "xml"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

/// Issue #13: a deleted series is rebuilt by the next import from its
/// export; with the export gone too, the error names the activity and the
/// way out instead of a raw "No such file". Since issue #35 an import's
/// series share one file (a pack): a lost pack is rebuilt whole, and a
/// series a read found damaged is rebuilt by the next import.
#[test]
fn issue13_a_lost_series_is_rebuilt_or_named() {
    let d = fresh_samples();
    stdout(runlog(d.path(), &["import"]));
    let weeks = stdout(runlog(d.path(), &["weeks", "--format", "csv"]));
    let store = runlog_core::store::Store::open(d.path()).unwrap();
    let a = store
        .activities
        .iter()
        .find(|a| a.source.ends_with(".fit") && a.source.matches('/').count() == 1)
        .unwrap()
        .clone();
    let pack = store.series_file(&a.id);
    std::fs::remove_file(&pack).unwrap();
    std::fs::remove_file(d.path().join(".runlog/derived.json")).unwrap();
    let out = stdout(runlog(d.path(), &["import"]));
    assert!(
        out.contains(&format!(
            "warning  {}: its stored time series was missing; rebuilt",
            a.source
        )),
        "{out}"
    );
    let store = runlog_core::store::Store::open(d.path()).unwrap();
    let (pack, range) = (store.series_file(&a.id), store.series_range(&a.id).unwrap());
    assert!(pack.is_file());
    assert_eq!(
        stdout(runlog(d.path(), &["weeks", "--format", "csv"])),
        weeks
    );
    // Damaged behind runlog's back, and its export gone.
    let mut bytes = std::fs::read(&pack).unwrap();
    let mid = ((range.start + range.end) / 2) as usize;
    bytes[mid] ^= 0x20;
    std::fs::write(&pack, bytes).unwrap();
    let export = d.path().join(&a.source);
    let aside = d.path().join("aside.fit");
    std::fs::rename(&export, &aside).unwrap();
    std::fs::remove_file(d.path().join(".runlog/derived.json")).unwrap();
    let o = runlog(d.path(), &["weeks"]).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(&a.source) && err.contains("checksum"), "{err}");
    assert!(err.contains("put it back into exports/"), "{err}");
    // Put back: the next import rebuilds the series the read found damaged.
    std::fs::rename(&aside, &export).unwrap();
    let out = stdout(runlog(d.path(), &["import"]));
    assert!(
        out.contains(&format!(
            "warning  {}: its stored time series was damaged; rebuilt",
            a.source
        )),
        "{out}"
    );
    assert_eq!(
        stdout(runlog(d.path(), &["weeks", "--format", "csv"])),
        weeks
    );
}

/// Issue #13: `--strict` also counts files skipped by an earlier import
/// that are still skipped (the samples hold one corrupt file).
#[test]
fn issue13_strict_counts_files_skipped_earlier() {
    let d = fresh_samples();
    stdout(runlog(d.path(), &["import"]));
    let o = runlog(d.path(), &["import", "--strict"]).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--strict"));
}

/// Issue #13: usage mistakes are named with exit 2: a missing log folder,
/// `--weeks 0`, flags as CSV; CSV of an empty store is empty, not `""`.
#[test]
fn issue13_usage_mistakes_are_named() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("runlog.toml"), "").unwrap();
    let missing = d.path().join("nosuchdir");
    for args in [&["weeks"][..], &["activities"], &["report"], &["import"]] {
        let o = runlog(&missing, args).output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("nosuchdir") && err.contains("does not exist"),
            "{err}"
        );
    }
    let o = runlog(d.path(), &["report", "--weeks", "0"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let o = runlog(d.path(), &["flags", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stdout(runlog(d.path(), &["activities", "--format", "csv"])),
        ""
    );
}

/// Issue #13: names from inside files are printed without their terminal
/// escape codes; CSV cells that would be formulas are neutralised.
#[test]
fn issue13_printed_names_are_sanitized_and_csv_is_defused() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("runlog.toml"), "").unwrap();
    let exports = d.path().join("exports");
    std::fs::create_dir_all(&exports).unwrap();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file(
        "evil\u{1b}[2J\u{1b}]0;pwned\u{7}.fit",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    std::io::Write::write_all(&mut w, b"not fit").unwrap();
    std::fs::write(exports.join("a.zip"), w.finish().unwrap().into_inner()).unwrap();
    let gpx = std::fs::read_to_string(
        common::root().join("samples/exports/garmin_connect/activity_17787156429.gpx"),
    )
    .unwrap();
    let named = match gpx.find("<name>") {
        Some(i) => {
            let end = gpx[i..].find("</name>").unwrap() + i;
            format!(
                "{}<name>=HYPERLINK(\"http://x\")</name>{}",
                &gpx[..i],
                &gpx[end + 7..]
            )
        }
        None => gpx.replacen("<trk>", "<trk><name>=HYPERLINK(\"http://x\")</name>", 1),
    };
    std::fs::write(exports.join("run.gpx"), named).unwrap();
    let o = runlog(d.path(), &["import"]).output().unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("skipped  exports/a.zip/evil"), "{text}");
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text:?}"
    );
    let csv = stdout(runlog(d.path(), &["activities", "--format", "csv"]));
    assert!(csv.contains("\"'=HYPERLINK("), "{csv}");
}

/// Issue #23: with `exports/` and `.runlog/` symlinks to folders elsewhere,
/// `--out` inside either is refused (exit 2) and nothing is created, also
/// as `link/../rep` where `link` points into exports/; no refusal suggests
/// a folder inside exports/.
#[test]
#[cfg(unix)]
fn issue23_out_refusals_hold_through_symlinks() {
    use std::os::unix::fs::symlink;
    let d = fresh_samples();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::rename(d.path().join("exports"), elsewhere.path().join("exp")).unwrap();
    symlink(elsewhere.path().join("exp"), d.path().join("exports")).unwrap();
    stdout(runlog(d.path(), &["import", "-q"]));
    std::fs::rename(d.path().join(".runlog"), elsewhere.path().join("store")).unwrap();
    symlink(elsewhere.path().join("store"), d.path().join(".runlog")).unwrap();
    symlink(d.path().join("exports/strava"), d.path().join("lnk")).unwrap();
    let before = (tree(d.path()), tree(elsewhere.path()));
    let dir = d.path().display().to_string();
    for (out, says) in [
        (
            format!("{dir}/.runlog/gen-00000099"),
            "inside the activity store",
        ),
        (format!("{dir}/exports/rep"), "inside exports/"),
        (format!("{dir}/lnk/../rep"), "inside exports/"),
        (
            format!("{}/exp/rep", elsewhere.path().display()),
            "inside exports/",
        ),
    ] {
        let o = runlog(d.path(), &["report", "--out", &out])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{out}: {err}");
        assert!(err.contains(says), "{out}: {err}");
        let suggested = err.split("e.g. --out ").nth(1).unwrap_or("");
        assert!(
            !suggested.contains("exports") && !suggested.contains("exp/"),
            "{err}"
        );
        assert_eq!(
            (tree(d.path()), tree(elsewhere.path())),
            before,
            "{out}: nothing touched"
        );
    }
}

/// Issue #23: every refusal comes before the import: a report folder with
/// the user's own report.pdf (not in the manifest) is refused with a new
/// export waiting, and the export stays unimported.
#[test]
fn issue23_a_refused_report_imports_nothing() {
    let d = fresh_samples();
    let out = d.path().join("out");
    stdout(runlog(
        d.path(),
        &["report", "--out", out.to_str().unwrap(), "-q"],
    ));
    let manifest = std::fs::read_to_string(out.join(".runlog-report")).unwrap();
    std::fs::write(
        out.join(".runlog-report"),
        manifest.replace("report.pdf\n", ""),
    )
    .unwrap();
    std::fs::write(out.join("report.pdf"), "the user's own PDF").unwrap();
    let activities = || stdout(runlog(d.path(), &["activities", "--format", "csv"]));
    let known = activities();
    std::fs::copy(
        d.path().join("exports/2026-07-27-07-31-52.fit"),
        d.path().join("exports/copy-with-a-new-name.fit"),
    )
    .unwrap();
    std::fs::write(d.path().join("exports/new.gpx"), runlog_samples_gpx()).unwrap();
    let o = runlog(d.path(), &["report", "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("report.pdf already exists and runlog did not write it"),
        "{err}"
    );
    assert!(
        !String::from_utf8_lossy(&o.stdout).contains("import"),
        "nothing was imported"
    );
    assert_eq!(
        activities(),
        known,
        "the new export waits for the next report"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("report.pdf")).unwrap(),
        "the user's own PDF"
    );
}

/// A small GPX run no sample holds, for a "new export".
fn runlog_samples_gpx() -> String {
    let mut gpx = String::from(
        "<?xml version=\"1.0\"?><gpx version=\"1.1\" creator=\"t\" xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><type>running</type><trkseg>",
    );
    for i in 0..600 {
        gpx.push_str(&format!(
            "<trkpt lat=\"{:.6}\" lon=\"13.4\"><time>2026-11-13T07:{:02}:{:02}Z</time></trkpt>",
            52.5 + i as f64 * 0.00003,
            i / 60,
            i % 60
        ));
    }
    gpx + "</trkseg></trk></gpx>"
}

/// Issue #23: an import with nothing new commits no generation, so the
/// previous generation, the runner's way back, is not dropped.
#[test]
fn issue23_an_import_with_nothing_new_keeps_the_generations() {
    let d = fresh_samples();
    let store = d.path().join(".runlog");
    let gens = || {
        let mut g: Vec<String> = std::fs::read_dir(&store)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("gen-"))
            .collect();
        g.sort();
        (g, std::fs::read_to_string(store.join("CURRENT")).unwrap())
    };
    stdout(runlog(d.path(), &["import", "-q"]));
    std::fs::write(d.path().join("exports/new.gpx"), runlog_samples_gpx()).unwrap();
    stdout(runlog(d.path(), &["import", "-q"]));
    let two = gens();
    assert_eq!(two.0.len(), 2, "{two:?}");
    for _ in 0..2 {
        stdout(runlog(d.path(), &["import", "-q"]));
        stdout(runlog(d.path(), &["report", "-q"]));
        assert_eq!(gens(), two, "nothing new, no new generation");
    }
}

/// Issue #23: clear messages instead of raw OS errors: a named pipe in
/// exports/ is skipped as what it is (and never read, which would hang), a
/// `.runlog` that is a plain file, a dangling pain.csv or --out symlink are
/// named with what to do, as usage mistakes (exit 2).
#[test]
#[cfg(unix)]
fn issue23_odd_files_get_clear_messages() {
    use std::os::unix::fs::symlink;
    let d = fresh_samples();
    let fifo = d.path().join("exports/pipe.fit");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let o = runlog(d.path(), &["import"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.status.success(), "{all}");
    assert!(
        all.contains("pipe.fit: cannot read: a named pipe (FIFO), not a file"),
        "{all}"
    );
    assert!(!all.contains("os error"), "{all}");
    // An export that is a link to nowhere says where it points.
    std::fs::remove_file(&fifo).unwrap();
    symlink(
        d.path().join("Dropbox/run.fit"),
        d.path().join("exports/linked.fit"),
    )
    .unwrap();
    let all = common::all_output(runlog(d.path(), &["import"]));
    assert!(
        all.contains("linked.fit: cannot read: a link to") && all.contains("which does not exist"),
        "{all}"
    );

    let e = tempfile::tempdir().unwrap();
    std::fs::write(e.path().join("runlog.toml"), "").unwrap();
    std::fs::write(e.path().join(".runlog"), "my notes").unwrap();
    std::fs::create_dir(e.path().join("exports")).unwrap();
    let o = runlog(e.path(), &["import"]).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains(".runlog is a file, not runlog's store folder: move it aside"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(e.path().join(".runlog")).unwrap(),
        "my notes"
    );

    let f = tempfile::tempdir().unwrap();
    symlink(f.path().join("Dropbox/pain.csv"), f.path().join("pain.csv")).unwrap();
    let o = runlog(f.path(), &["log", "3"]).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("is a symlink to") && err.contains("which does not exist"),
        "{err}"
    );
    assert!(!f.path().join("Dropbox").exists());

    let out = d.path().join("gone");
    symlink(d.path().join("nowhere"), &out).unwrap();
    let o = runlog(d.path(), &["report", "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("is a symlink to") && !err.contains("os error"),
        "{err}"
    );
}

/// Issue #27: the README is a runner's guide a person reads to the end
/// (at most ~20,000 characters), with the pain scale's anchors and the
/// morning habit where the daily log is explained; the inside story lives
/// in docs/, and every document it links to is there.
#[test]
fn issue27_the_readme_is_a_runners_guide() {
    let root = common::root();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(
        readme.chars().count() <= 20_000,
        "{} characters",
        readme.chars().count()
    );
    let daily = readme
        .split("## Every day")
        .nth(1)
        .unwrap()
        .split("\n## ")
        .next()
        .unwrap();
    assert!(
        daily.contains("0 = no pain, 10 = the worst pain imaginable"),
        "{daily}"
    );
    assert!(daily.contains("each morning"), "{daily}");
    for section in [
        "## Install",
        "## Set up once",
        "## Every week",
        "Send `report.pdf`",
        "## Settings people change",
        "## Troubleshooting",
        "RUNLOG_DIR",
    ] {
        assert!(readme.contains(section), "the README lacks {section}");
    }
    for doc in ["docs/how-it-works.md", "docs/methods.md", "BENCHMARKS.md"] {
        assert!(readme.contains(&format!("]({doc}")), "no link to {doc}");
        assert!(root.join(doc).is_file(), "{doc} is missing");
    }
    // Links between the documents resolve, anchors aside.
    for doc in ["docs/how-it-works.md", "docs/methods.md"] {
        let text = std::fs::read_to_string(root.join(doc)).unwrap();
        for link in text
            .split("](")
            .skip(1)
            .map(|l| l.split(')').next().unwrap())
        {
            let file = link.split('#').next().unwrap();
            if !file.is_empty() && !file.starts_with("http") {
                assert!(
                    root.join("docs").join(file).exists(),
                    "{doc} links to {file}"
                );
            }
        }
    }
}

/// A log folder whose `exports/` holds `files` (path, bytes).
fn folder_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let d = common::log_dir();
    for (path, bytes) in files {
        let p = d.path().join("exports").join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    d
}

fn activities(dir: &Path) -> Vec<serde_json::Value> {
    let v = common::json(runlog(dir, &["activities", "--format", "json"]));
    v.as_array().unwrap().clone()
}

/// Issue #26: Apple Health's export.zip dropped in `exports/` gives every
/// workout once, with its own sport and totals; the run's route is its
/// track, not a second activity; nothing else of the export is kept.
#[test]
fn issue26_an_apple_health_export_gives_every_workout_once() {
    use runlog_samples::apple::{Form, export_zip, fixture};
    let f = fixture();
    let d = folder_with(&[("export.zip", &export_zip(Form::Ios16, &f))]);
    let out = stdout(runlog(d.path(), &["import"]));
    assert!(
        out.contains(
            "4 imported, 0 already known, 0 duplicates merged, 0 skipped, 2 other files ignored"
        ),
        "{out}"
    );
    let acts = activities(d.path());
    let got: Vec<(&str, &str, Option<f64>, bool)> = acts
        .iter()
        .map(|a| {
            (
                a["sport"].as_str().unwrap(),
                a["source_kind"].as_str().unwrap(),
                a["distance_m"].as_f64(),
                a["has_gps"].as_bool().unwrap(),
            )
        })
        .collect();
    let run_m = (f.workouts[0].distance.unwrap().0 * 100_000.0).round() / 100.0;
    assert_eq!(
        got,
        [
            ("running", "apple_health", Some(run_m), true),
            ("walking", "apple_health", Some(2410.0), false),
            ("cycling", "apple_health", Some(14966.9), false),
            ("yoga", "apple_health", None, false),
        ]
    );
    for (a, w) in acts.iter().zip(&f.workouts) {
        let source = a["source"].as_str().unwrap();
        assert!(
            source.starts_with("exports/export.zip/apple_health_export/export.xml#2026-05-0"),
            "{source}"
        );
        assert_eq!(a["moving_s"].as_f64(), Some(w.duration_s));
        assert_eq!(
            a["elapsed_s"].as_f64(),
            Some((w.end_unix_s - w.start_unix_s) as f64)
        );
        assert_eq!(a["device"], "Apple Watch");
    }
    // The run: its route's points, heart rate from the export's statistics.
    let points = f.run.recorded().filter(|p| p.lat_deg.is_some()).count();
    assert_eq!(acts[0]["records"].as_u64(), Some(points as u64));
    assert_eq!(acts[0]["avg_hr"].as_f64(), f.workouts[0].hr.map(|h| h.0));
    // Nothing about the person is listed: not the watch's owner, not her records.
    let listed = serde_json::to_string(&acts).unwrap();
    assert!(
        !listed.contains("Jane") && !listed.contains("1984"),
        "{listed}"
    );
    // The same export again is not even read.
    let again = stdout(runlog(d.path(), &["import"]));
    assert!(again.contains("0 imported, 1 already known"), "{again}");
    assert_eq!(activities(d.path()), acts);
}

/// Issue #26: a newer export, holding the same workouts and a new one,
/// adds only the new one, whether it replaces the old zip or sits beside
/// it; the older form of export.xml gives the same activities.
#[test]
fn issue26_a_newer_export_adds_only_its_new_workouts() {
    use runlog_samples::apple::{Form, export_zip, fixture};
    let f = fixture();
    let d = folder_with(&[("export.zip", &export_zip(Form::Older, &f))]);
    stdout(runlog(d.path(), &["import"]));
    let older = activities(d.path());
    let mut newer = f.clone();
    let mut extra = f.workouts[1].clone();
    extra.start_unix_s += 7 * 86_400;
    extra.end_unix_s += 7 * 86_400;
    extra.pauses.clear();
    newer.workouts.push(extra);
    let zip = export_zip(Form::Ios16, &newer);
    std::fs::write(d.path().join("exports/export.zip"), &zip).unwrap();
    let out = stdout(runlog(d.path(), &["import"]));
    assert!(out.contains("1 imported, 4 already known"), "{out}");
    std::fs::write(d.path().join("exports/export 2.zip"), &zip).unwrap();
    let out = stdout(runlog(d.path(), &["import"]));
    assert!(out.contains("0 imported"), "{out}");
    let acts = activities(d.path());
    assert_eq!(acts.len(), 5);
    // The older form's activities are the newer form's, but for the heart
    // rate the older one computes from the readings.
    let key = |a: &serde_json::Value| {
        [
            "id",
            "sport",
            "start",
            "elapsed_s",
            "moving_s",
            "distance_m",
            "has_gps",
            "records",
        ]
        .map(|k| a[k].clone())
    };
    let now: Vec<_> = acts.iter().take(4).map(key).collect();
    let before: Vec<_> = older.iter().map(key).collect();
    assert_eq!(now, before);
}

/// Issue #26: the export unzipped into `exports/` reads the same, and its
/// route files are still only the run's track.
#[test]
fn issue26_an_unzipped_apple_health_export_reads_the_same() {
    use runlog_samples::apple::{Form, export_zip, fixture};
    let f = fixture();
    let zip = export_zip(Form::Ios16, &f);
    let mut files = Vec::new();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.clone())).unwrap();
    for i in 0..archive.len() {
        let mut e = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut e, &mut bytes).unwrap();
        files.push((e.name().unwrap().to_string(), bytes));
    }
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), &b[..])).collect();
    let d = folder_with(&refs);
    let out = stdout(runlog(d.path(), &["import"]));
    assert!(
        out.contains("4 imported") && out.contains("2 other files ignored"),
        "{out}"
    );
    let z = folder_with(&[("export.zip", &zip)]);
    stdout(runlog(z.path(), &["import"]));
    let strip = |v: Vec<serde_json::Value>| -> Vec<serde_json::Value> {
        v.into_iter()
            .map(|mut a| {
                let s = a["source"].as_str().unwrap().to_string();
                a["source"] = s.rsplit_once('#').unwrap().1.into();
                a
            })
            .collect()
    };
    assert_eq!(strip(activities(d.path())), strip(activities(z.path())));
}

/// Issue #26: the report's activities table names each row's source.
#[test]
fn issue26_the_report_names_each_activitys_source() {
    use runlog_samples::apple::{Form, export_zip, fixture};
    let f = fixture();
    let mut later = f.run.clone();
    for p in &mut later.points {
        p.unix_s += 86_400 * 5;
    }
    later.start_unix_s += 86_400 * 5;
    let d = folder_with(&[
        ("export.zip", &export_zip(Form::Ios16, &f)),
        (
            "watch/2026-05-09.fit",
            &runlog_samples::fit::encode_activity(&later, &runlog_samples::fit::WATCH),
        ),
    ]);
    let out = d.path().join("report");
    stdout(runlog(
        d.path(),
        &[
            "report",
            "--generated-at",
            "2026-05-10T20:00:00Z",
            "--out",
            out.to_str().unwrap(),
        ],
    ));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let table = &html[html.find("id=\"runs-table\"").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    assert!(table.contains("<th class=\"text\">Source</th>"), "{table}");
    let sources: Vec<&str> = table
        .split("<td class=\"text\">")
        .filter_map(|c| c.split("</td>").next())
        .filter(|c| matches!(*c, "FIT" | "GPX" | "TCX" | "Apple Health"))
        .collect();
    assert_eq!(
        sources,
        [
            "Apple Health",
            "Apple Health",
            "Apple Health",
            "Apple Health",
            "FIT"
        ]
    );
}

/// A simulated run of `mins` minutes starting at `start_unix_s`.
fn simulated_run(start_unix_s: i64, mins: u32) -> runlog_samples::run::Activity {
    use runlog_samples::run::{Athlete, Effort, Segment, Spec, Sport, simulate};
    simulate(&Spec {
        start_unix_s,
        utc_offset_s: 3600,
        sport: Sport::Run,
        segments: vec![Segment::mins(Effort::Run, mins)],
        athlete: Athlete::returning(),
        auto_pause: false,
        route_start_m: 0.0,
        reverse: false,
        hr_lock_s: 0,
        seed: start_unix_s as u64,
    })
}

/// Issue #26: a FIT file holding two 18-minute runs three hours apart is
/// two 18-minute runs, not one of 36 minutes.
#[test]
fn issue26_two_runs_in_one_fit_file_are_two_activities() {
    use runlog_samples::fit::{WATCH, encode_multisport};
    let t0 = 1_767_600_000; // 2026-01-05
    let (a, b) = (simulated_run(t0, 18), simulated_run(t0 + 3 * 3600, 18));
    let bytes = encode_multisport(&[(&a, (1, 0)), (&b, (1, 0))], &WATCH);
    let d = folder_with(&[("watch.fit", &bytes)]);
    let out = stdout(runlog(d.path(), &["import"]));
    assert!(out.contains("2 imported"), "{out}");
    let acts = activities(d.path());
    let got: Vec<(f64, &str, &serde_json::Value)> = acts
        .iter()
        .map(|a| {
            (
                a["moving_s"].as_f64().unwrap(),
                a["sport"].as_str().unwrap(),
                &a["event"],
            )
        })
        .collect();
    let minutes = |r: &runlog_samples::run::Activity| f64::from(r.totals().timer_s);
    let none = serde_json::Value::Null;
    assert_eq!(
        got,
        [
            (minutes(&a), "running", &none),
            (minutes(&b), "running", &none)
        ]
    );
    assert!(got.iter().all(|g| g.0 < 19.0 * 60.0));
}

/// Issue #26: Garmin Connect's bulk export names its FIT files by upload
/// id; the names runners see come from its activity list, by start time.
/// A list that cannot be read is a warning, never a failed import.
#[test]
fn issue26_garmin_connect_names_come_from_its_activity_list() {
    use runlog_samples::fit::{WATCH, encode_activity};
    use std::io::Write;
    let t0 = 1_767_600_000;
    let (a, b) = (simulated_run(t0, 20), simulated_run(t0 + 2 * 86_400, 25));
    let zip = |files: &[(&str, &[u8])]| {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, bytes) in files {
            w.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(bytes).unwrap();
        }
        w.finish().unwrap().into_inner()
    };
    let uploads = zip(&[
        ("19283746501.fit", &encode_activity(&a, &WATCH)),
        ("19283746502.fit", &encode_activity(&b, &WATCH)),
    ]);
    let list = format!(
        r#"[{{"summarizedActivitiesExport":[
            {{"activityId":1,"name":"Lunch Run","activityType":"running","beginTimestamp":{}.0,"duration":1200000.0}},
            {{"activityId":2,"name":"Hill repeats","activityType":"running","startTimeGmt":{}}},
            {{"activityId":3,"name":"Pool swim","activityType":"lap_swimming","beginTimestamp":{}}}
        ]}}]"#,
        a.start_unix_s * 1000,
        (b.start_unix_s + 20) * 1000,
        (b.start_unix_s + 86_400) * 1000
    );
    let export = zip(&[
        (
            "DI_CONNECT/DI-Connect-Fitness/jane@example.com_0_summarizedActivities.json",
            list.as_bytes(),
        ),
        (
            "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip",
            &uploads,
        ),
    ]);
    let d = folder_with(&[("garmin.zip", &export)]);
    stdout(runlog(d.path(), &["import"]));
    let names: Vec<serde_json::Value> = activities(d.path())
        .iter()
        .map(|a| a["name"].clone())
        .collect();
    assert_eq!(names, ["Lunch Run", "Hill repeats"]);
    // A damaged list beside an unzipped export: a warning, the run kept.
    let d = folder_with(&[
        (
            "garmin/DI-Connect-Fitness/x_summarizedActivities.json",
            b"[{\"summarizedActivitiesExport\": [{\"name\": 3",
        ),
        ("garmin/19283746501.fit", &encode_activity(&a, &WATCH)),
    ]);
    let o = runlog(d.path(), &["import"]).output().unwrap();
    let text = String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{text}");
    assert!(
        text.contains("warning  exports/garmin/DI-Connect-Fitness/x_summarizedActivities.json: Garmin's activity list could not be read"),
        "{text}"
    );
    assert!(text.contains("1 imported"), "{text}");
    assert_eq!(activities(d.path())[0]["name"], serde_json::Value::Null);
}

/// `runlog init DIR ARGS…` as a user types it (no RUNLOG_DIR).
fn init(dir: &Path, args: &[&str]) -> std::process::Output {
    assert_cmd::Command::cargo_bin("runlog")
        .unwrap()
        .env_remove("RUNLOG_DIR")
        .arg("init")
        .arg(dir)
        .args(["--no-input", "--timezone", "UTC"])
        .args(args)
        .output()
        .unwrap()
}

/// Issue #32: a refused `runlog init` creates nothing: a flag out of its
/// range, a name with a line break (a plain message, not a TOML parse
/// error), a folder inside another log folder's exports/ or .runlog/, a
/// file or a symlink loop given as the folder. Each is exit 2, named.
#[test]
#[cfg(unix)]
fn issue32_a_refused_init_creates_nothing() {
    let d = tempfile::tempdir().unwrap();
    let new = d.path().join("new");
    for (args, says) in [
        (&["--max-hr", "50"][..], "max_hr = 50 is not allowed"),
        (
            &["--name", "a\nb"],
            "--name: the name holds a line break or another control character; give it on one line",
        ),
        (&["--name", "tab\there"], "control character"),
    ] {
        let o = init(&new, args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(!err.contains("TOML parse error"), "{err}");
        assert!(!new.exists(), "{args:?} created {}", new.display());
    }
    // A log folder; init inside its exports/ or .runlog/ is refused.
    let log = d.path().join("log");
    assert!(init(&log, &[]).status.success());
    std::fs::create_dir_all(log.join(".runlog")).unwrap();
    let before = tree(&log);
    for inner in ["exports", "exports/sub", ".runlog", ".runlog/x"] {
        let o = init(&log.join(inner), &[]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{inner}: {err}");
        assert!(
            err.contains(&format!("of the log folder {}", log.display())),
            "{inner}: {err}"
        );
        assert_eq!(tree(&log), before, "{inner} changed the log folder");
    }
    // A file, a symlink loop.
    let file = d.path().join("file");
    std::fs::write(&file, "mine").unwrap();
    let o = init(&file, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is a file, not a folder"));
    let looped = d.path().join("loop");
    std::os::unix::fs::symlink(&looped, &looped).unwrap();
    let o = init(&looped, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("a symlink loop?"));
    // A bidirectional control in the name is removed, not written.
    let named = d.path().join("named");
    assert!(
        init(&named, &["--name", "Alex \u{202E}Runner"])
            .status
            .success()
    );
    let toml = std::fs::read_to_string(named.join("runlog.toml")).unwrap();
    assert!(toml.contains("name = \"Alex Runner\""), "{toml}");
}

/// Issue #32: `--dir` (or RUNLOG_DIR) naming a file, a symlink loop or a
/// symlink to nowhere says what it is, not "does not exist".
#[test]
#[cfg(unix)]
fn issue32_a_dir_that_is_not_a_folder_says_what_it_is() {
    let d = tempfile::tempdir().unwrap();
    let file = d.path().join("file");
    std::fs::write(&file, "").unwrap();
    let looped = d.path().join("loop");
    std::os::unix::fs::symlink(&looped, &looped).unwrap();
    let dangling = d.path().join("dangling");
    std::os::unix::fs::symlink(d.path().join("gone"), &dangling).unwrap();
    for (dir, says) in [
        (
            &file,
            "is a file, not a folder: point --dir (or RUNLOG_DIR) at your log folder",
        ),
        (&looped, "that cannot be followed"),
        (&dangling, "gone, which does not exist"),
    ] {
        let o = runlog(dir, &["weeks"]).output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains(says), "{err}");
        let via_env = assert_cmd::Command::cargo_bin("runlog")
            .unwrap()
            .env("RUNLOG_DIR", dir)
            .arg("weeks")
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&via_env.stderr), err);
    }
}

/// Issue #32: `runlog report --out elsewhere` in a log folder that cannot
/// be written (a read-only mount; as root, a read-only tmpfs) makes the
/// report from the store as it is, with a warning that says why nothing
/// was imported and what to do; the log folder is left as it was.
#[test]
#[cfg(target_os = "linux")]
fn issue32_a_read_only_log_folder_still_gets_its_report() {
    let src = fresh_samples();
    stdout(runlog(src.path(), &["import", "-q"]));
    let holder = tempfile::tempdir().unwrap();
    let log = holder.path().join("log");
    std::fs::create_dir_all(&log).unwrap();
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0"));
    let mount = |args: &[&str]| {
        std::process::Command::new("mount")
            .args(args)
            .arg(&log)
            .status()
            .is_ok_and(|s| s.success())
    };
    let _mounted = is_root.then(|| {
        assert!(
            mount(&["-t", "tmpfs", "-o", "size=64m", "tmpfs"]),
            "mount a tmpfs"
        );
        Unmount(log.clone())
    });
    let copied = std::process::Command::new("cp")
        .arg("-a")
        .arg(format!("{}/.", src.path().display()))
        .arg(&log)
        .status()
        .unwrap();
    assert!(copied.success());
    if is_root {
        assert!(mount(&["-o", "remount,ro"]), "make it read-only");
    } else {
        let chmod = std::process::Command::new("chmod")
            .args(["-R", "a-w"])
            .arg(&log)
            .status()
            .unwrap();
        assert!(chmod.success());
    }
    let before = tree(&log);
    let out = holder.path().join("report");
    let o = runlog(&log, &["report", "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("cannot be written") && err.contains("so exports/ was not imported"),
        "{err}"
    );
    assert!(out.join("report.pdf").is_file());
    assert_eq!(tree(&log), before, "the log folder is as it was");
    if !is_root {
        let _ = std::process::Command::new("chmod")
            .args(["-R", "u+w"])
            .arg(&log)
            .status();
    }
}

/// The members of a zip, by name.
fn unzip(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.to_vec())).unwrap();
    for i in 0..archive.len() {
        let mut e = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut e, &mut bytes).unwrap();
        files.push((e.name().unwrap().to_string(), bytes));
    }
    files
}

fn zip_of(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, bytes) in files {
        w.start_file(name.as_str(), opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Issue #32: an Apple Health export zipped on a Mac holds
/// `__MACOSX/…/._export.xml` (and `._` files beside the real ones): they
/// are ignored, in the zip and unzipped, so `--strict` imports it.
#[test]
fn issue32_mac_made_zips_and_folders_import_strictly() {
    use runlog_samples::apple::{Form, export_zip, fixture};
    let fork = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ".to_vec();
    let mut files = unzip(&export_zip(Form::Ios16, &fixture()));
    for name in [
        "__MACOSX/apple_health_export/._export.xml",
        "__MACOSX/apple_health_export/workout-routes/._route_1.gpx",
        "apple_health_export/._export.xml",
    ] {
        files.push((name.to_string(), fork.clone()));
    }
    let zipped = folder_with(&[("export.zip", &zip_of(&files))]);
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), &b[..])).collect();
    let unzipped = folder_with(&refs);
    std::fs::write(unzipped.path().join("exports/._run.fit"), &fork).unwrap();
    for d in [&zipped, &unzipped] {
        let out = stdout(runlog(d.path(), &["import", "--strict"]));
        assert!(out.contains("4 imported"), "{out}");
        assert!(out.contains(", 0 skipped"), "{out}");
        assert!(!out.contains("._") && !out.contains("MACOSX"), "{out}");
    }
}

/// Issue #32: the same run in two files whose starts differ by a time-zone
/// offset (an app that wrote local time as UTC) is one run, kept with the
/// watch's own UTC start and a warning that says which start was kept and
/// why. Length alone never makes two runs one: two treadmill runs of 30
/// minutes on one day, whole hours apart, are two runs, and so is an exact
/// copy of a run one day later.
#[test]
fn issue32_the_same_run_an_hour_off_is_counted_once() {
    use runlog_samples::fit::{WATCH, encode_activity};
    use runlog_samples::gpx::{Export, encode_activity as gpx};
    use runlog_samples::run::{Athlete, Effort, Segment, Spec, Sport, simulate};
    let t0 = 1_778_050_800; // Wed 2026-05-06 07:00 UTC
    let watch = simulated_run(t0, 30);
    assert_eq!(watch.utc_offset_s, 3600);
    let mut copy = watch.clone();
    copy.start_unix_s += 3600;
    copy.utc_offset_s = 0;
    for p in &mut copy.points {
        p.unix_s += 3600;
    }
    let app = Export {
        creator: "a phone app",
        name: "Morning Run",
    };
    let treadmill = |start: i64, seed: u64| {
        simulate(&Spec {
            start_unix_s: start,
            utc_offset_s: 3600,
            sport: Sport::TreadmillRun,
            segments: vec![Segment::mins(Effort::Run, 30)],
            athlete: Athlete::returning(),
            auto_pause: false,
            route_start_m: 0.0,
            reverse: false,
            hr_lock_s: 0,
            seed,
        })
    };
    let (gym_am, gym_pm) = (treadmill(t0 + 6 * 3600, 11), treadmill(t0 + 8 * 3600, 12));
    let mut next_day = watch.clone();
    next_day.start_unix_s += 86_400;
    for p in &mut next_day.points {
        p.unix_s += 86_400;
    }
    let d = folder_with(&[
        ("app/run.gpx", &gpx(&copy, &app)),
        ("watch/run.fit", &encode_activity(&watch, &WATCH)),
        ("watch/gym_am.fit", &encode_activity(&gym_am, &WATCH)),
        ("watch/gym_pm.fit", &encode_activity(&gym_pm, &WATCH)),
        ("watch/next_day.fit", &encode_activity(&next_day, &WATCH)),
    ]);
    let out = common::all_output(runlog(d.path(), &["import"]));
    assert!(
        out.contains("5 imported, 0 already known, 1 duplicates merged, 0 skipped"),
        "{out}"
    );
    assert!(
        out.contains(
            "warning  exports/watch/run.fit: the same run as exports/app/run.gpx, its start -1 h from it: heart rate matches after the shift, so one of the two files wrote local time as UTC (as re-saved copies do); counted once, starting 2026-05-06 07:00 UTC as exports/watch/run.fit says (its start plus its own UTC offset (+1 h) is the other file's start: the other wrote local time as UTC)"
        ),
        "{out}"
    );
    let acts = activities(d.path());
    let starts: Vec<(&str, &str)> = acts
        .iter()
        .map(|a| (a["start"].as_str().unwrap(), a["source"].as_str().unwrap()))
        .collect();
    assert_eq!(
        starts,
        [
            ("2026-05-06T07:00:00Z", "exports/watch/run.fit"),
            ("2026-05-06T13:00:00Z", "exports/watch/gym_am.fit"),
            ("2026-05-06T15:00:00Z", "exports/watch/gym_pm.fit"),
            ("2026-05-07T07:00:00Z", "exports/watch/next_day.fit"),
        ]
    );
    assert_eq!(acts[0]["duplicates"][0], "exports/app/run.gpx");
    let load = |a: &serde_json::Value| a["moving_s"].as_f64().unwrap();
    assert!(
        (load(&acts[1]) - load(&acts[2])).abs() < 1.0,
        "the same length"
    );
}

/// Issue #32: an Apple Health route recorded outside its workout is named
/// (all of it: the workout keeps its totals without the track; part of it:
/// how many points were left out), a workout listed twice in one
/// export.xml is said to appear twice, not reported as "same run X = X",
/// and a distance of 1e300 miles reads "over 1,000,000 km", not 300 digits.
#[test]
fn issue32_apple_health_routes_outside_and_workouts_twice_are_named() {
    use runlog_samples::apple::{Form, export_zip, fixture};
    let mut f = fixture();
    // The walk names the run's route (recorded a day earlier); the run
    // starts five minutes after its route does.
    f.workouts[1].route = f.workouts[0].route.clone();
    f.workouts[0].start_unix_s += 300;
    let twice = f.workouts[2].clone();
    f.workouts.insert(3, twice);
    f.workouts[4].distance = Some((1e300, "mi"));
    let d = folder_with(&[("export.zip", &export_zip(Form::Ios16, &f))]);
    let out = common::all_output(runlog(d.path(), &["import"]));
    let src = "exports/export.zip/apple_health_export/export.xml";
    assert!(
        out.contains(&format!(
            "warning  {src}#2026-05-05T17:10:00+02:00: its route /workout-routes/route_2026-05-04_7.10am.gpx runs from 2026-05-04 05:10:00 UTC to 2026-05-04 05:37:59 UTC, all of it outside the workout (2026-05-05 17:10:00 +02:00 to 2026-05-05 17:50:00 +02:00); imported without its track"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!("warning  {src}#2026-05-04T07:15:00+02:00: 300 of the 1500 points of its route /workout-routes/route_2026-05-04_7.10am.gpx lie outside the workout's start and end and were left out")),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "warning  {src}#2026-05-06T15:10:00+02:00: this workout appears twice in export.xml; counted once"
        )),
        "{out}"
    );
    assert!(!out.contains("same run"), "{out}");
    assert!(
        out.contains(&format!("warning  {src}#2026-05-07T")) && out.contains(
            ": the workout's distance, over 1,000,000 km in 30 min, is an average of over 1,000,000 m/s: more than anyone covers in a whole yoga activity (50 m/s at most); no other distance in the file is plausible, so it is kept without one"
        ),
        "{out}"
    );
    assert!(out.lines().all(|l| l.len() < 1000), "{out}");
    assert!(out.contains("4 imported"), "{out}");
    let acts = activities(d.path());
    assert_eq!(acts.len(), 4);
    assert_eq!(acts[1]["has_gps"], false, "the walk has no track");
    assert_eq!(acts[1]["distance_m"], 2410.0, "and keeps its own distance");
}

/// Issue #32: bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE and
/// its kin) in the runner's name (runlog.toml) or an activity's name (a
/// GPX `<name>`) never reach report.html, the JSON or the terminal, where
/// they would reverse the text that follows: they are removed where the
/// names enter.
#[test]
fn issue32_bidirectional_controls_never_reach_a_report_or_the_terminal() {
    use runlog_samples::gpx::{Export, encode_activity};
    let run = simulated_run(1_778_050_800, 20);
    let gpx = encode_activity(
        &run,
        &Export {
            creator: "test",
            name: "Morning \u{202E}nuR\u{202C} \u{2067}x\u{2069}",
        },
    );
    let d = folder_with(&[("run.gpx", &gpx)]);
    std::fs::write(
        d.path().join("runlog.toml"),
        "[athlete]\nname = \"Alex \u{202E}rennuR\"\n",
    )
    .unwrap();
    let bidi = |s: &str| s.chars().any(runlog_core::text::is_bidi_control);
    let out = common::all_output(runlog(d.path(), &["import"]));
    assert!(!bidi(&out), "{out}");
    let json = stdout(runlog(d.path(), &["activities", "--format", "json"]));
    assert!(!bidi(&json) && json.contains("\"Morning nuR x\""), "{json}");
    let table = stdout(runlog(d.path(), &["activities", "--wide"]));
    assert!(!bidi(&table) && table.contains("Morning nuR x"), "{table}");
    let out = d.path().join("report");
    stdout(runlog(
        d.path(),
        &[
            "report",
            "--from",
            "2026-05-01",
            "--to",
            "2026-05-10",
            "--out",
            out.to_str().unwrap(),
        ],
    ));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(!bidi(&html), "report.html holds a bidirectional control");
    assert!(html.contains("Alex rennuR"), "the name is kept, cleaned");
}

/// The spans in backticks of `text` that hold a runlog command line
/// (`runlog report --from 2026-08-24`, `mkdir -p … && runlog man > …`).
fn backticked_commands(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| s.starts_with("runlog ") || s.contains("&& runlog "))
        .map(str::to_string)
        .collect()
}

/// The command lines of a text that writes them bare, up to three spaces
/// (init's closing lines, `--help`'s examples): "Every week: … then:
/// runlog report", "  runlog weeks --from 2026-09-01     the weeks …";
/// a `mkdir -p` line and the lines after it, which need its folders, as
/// one.
fn bare_commands(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let Some(at) = line.find("runlog ").or_else(|| line.find("mkdir -p")) else {
            continue;
        };
        let before = &line[..at];
        if !(before.trim().is_empty() || before.ends_with(": ") || before.ends_with(":  ")) {
            continue;
        }
        let command = line[at..].split("   ").next().unwrap().trim();
        match out.last_mut() {
            // A folder made for the lines after it: one line with them.
            Some(prev) if prev.starts_with("mkdir -p") => {
                prev.push_str(" && ");
                prev.push_str(command);
            }
            _ => out.push(command.to_string()),
        }
    }
    out
}

/// The suggestions in runlog's sources: every backticked command line in a
/// string (not in comments or tests; the help, made from `src/cli.rs`'s
/// doc comments, is read as printed).
fn suggestions_in_sources() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let root = common::root();
    let mut files = Vec::new();
    walk(&root.join("src"), &mut files);
    for c in ["core", "report"] {
        walk(&root.join("crates").join(c).join("src"), &mut files);
    }
    let mut found = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap();
        for line in code.lines() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for c in backticked_commands(line) {
                found.push((f.strip_prefix(&root).unwrap().display().to_string(), c));
            }
        }
    }
    found
}

/// A samples copy with its exports imported, as the runner has it.
fn imported_samples() -> tempfile::TempDir {
    let d = fresh_samples();
    stdout(runlog(d.path(), &["import", "-q"]));
    d
}

/// Issue #33: every command line runlog prints as a suggestion runs as
/// printed, with exit code 0: page one's `runlog report --from …`, the
/// long-gap note of `weeks` and `flags`, the listings' footers on a
/// terminal, `runlog flags --explain`, the messages' `runlog init DIR`,
/// init's closing lines, every `--help` (its examples too) and the
/// README's troubleshooting. Each runs in a shell in a fresh home, with RUNLOG_DIR
/// a fresh copy of the samples. The sources are searched for backticked
/// command lines too: one with a blank to fill fails this test until it is
/// given a line below, or is among those the outputs above printed.
#[test]
#[cfg(target_os = "linux")]
fn issue33_every_command_line_runlog_suggests_runs() {
    let mut lines: Vec<(String, String)> = Vec::new();
    let mut seen = |origin: &str, found: Vec<String>| {
        assert!(!found.is_empty(), "{origin} printed no command line");
        lines.extend(found.into_iter().map(|c| (origin.to_string(), c)));
    };
    // The runs stop in August and the diary goes on to November.
    let gap = fresh_samples();
    for e in std::fs::read_dir(gap.path().join("exports")).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if p.is_dir() {
            std::fs::remove_dir_all(&p).unwrap();
        } else if !name.starts_with("2026-08-") {
            std::fs::remove_file(&p).unwrap();
        }
    }
    stdout(runlog(gap.path(), &["import", "-q"]));
    seen(
        "weeks",
        backticked_commands(&stdout(runlog(gap.path(), &["weeks"]))),
    );
    seen(
        "flags",
        backticked_commands(&stdout(runlog(gap.path(), &["flags"]))),
    );
    let out = gap.path().join("out");
    let o = out.to_str().unwrap();
    stdout(runlog(gap.path(), &["report", "--weeks", "2", "--out", o]));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    seen("page one", backticked_commands(&html));
    // The listings' footers on a terminal.
    let d = imported_samples();
    for cmd in ["weeks", "activities", "flags", "plan"] {
        let text = common::on_terminal(d.path(), 100, 50, &[cmd]).replace('\n', " ");
        seen(cmd, backticked_commands(&text));
    }
    // The messages that send the runner to `runlog init`.
    let stranger = tempfile::tempdir().unwrap();
    let missing = stranger.path().join("running");
    for dir in [stranger.path(), missing.as_path()] {
        seen(
            "a message",
            backticked_commands(&common::all_output(runlog(dir, &["weeks"]))),
        );
    }
    let bare = common::log_dir();
    seen(
        "import",
        backticked_commands(&common::all_output(runlog(bare.path(), &["import"]))),
    );
    // init's closing lines and the --help examples.
    let fresh = stranger.path().join("new");
    let mut init = assert_cmd::Command::cargo_bin("runlog").unwrap();
    init.arg("init").arg(&fresh).arg("--no-input");
    let said = stdout(init);
    seen(
        "init",
        bare_commands(&said)
            .into_iter()
            .filter(|c| c.starts_with("runlog "))
            .collect(),
    );
    for cmd in [
        "",
        "init",
        "log",
        "score",
        "import",
        "activities",
        "weeks",
        "flags",
        "plan",
        "report",
        "completions",
        "man",
    ] {
        let mut help = assert_cmd::Command::cargo_bin("runlog").unwrap();
        help.args([cmd, "--help"].iter().filter(|a| !a.is_empty()));
        let help = stdout(help);
        let mut found = backticked_commands(&help);
        if let Some(examples) = help.split("Example").nth(1) {
            found.extend(bare_commands(examples));
        }
        if !found.is_empty() {
            seen(&format!("runlog {cmd} --help"), found);
        }
    }
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let trouble = readme.split("## Troubleshooting").nth(1).unwrap();
    let trouble = trouble.split("\n## ").next().unwrap();
    seen("the README's troubleshooting", backticked_commands(trouble));
    // The sources: a line with a blank to fill gets one here; the others
    // run as they are.
    let filled: &[(&str, &str)] = &[
        ("runlog init {}", ""),
        ("runlog report --from {}", ""),
        ("runlog report --from {from}", ""),
        ("runlog {command} --all", ""),
        ("runlog {command} --from {earlier}", ""),
        ("runlog init DIR", "runlog init ~/new"),
        (
            "runlog init --plan-start",
            "runlog init ~/new --plan-start 2026-10-05",
        ),
        (
            "runlog init --plan-start DATE",
            "runlog init ~/new --plan-start 2026-10-05",
        ),
        ("runlog score odi|rmdq|psfs VALUE", "runlog score odi 28"),
        // It names the command; the pain is the runner's to give.
        ("runlog log", "runlog log 3"),
    ];
    let printed: Vec<(String, String)> = std::mem::take(&mut lines);
    for (origin, line) in printed.into_iter().chain(suggestions_in_sources()) {
        match filled.iter().find(|(t, _)| *t == line) {
            // Printed with its blanks filled above.
            Some((_, "")) => {}
            Some((_, with)) => lines.push((origin, with.to_string())),
            None => {
                let blank = line.contains('{')
                    || line.contains('|')
                    || line
                        .split(' ')
                        .any(|w| w.len() > 1 && w.chars().all(|c| c.is_ascii_uppercase()));
                assert!(
                    !blank,
                    "{origin}: `{line}` has a blank: give it a line to run in this test"
                );
                lines.push((origin, line));
            }
        }
    }
    let bin_dir = assert_cmd::cargo::cargo_bin("runlog");
    let path = format!(
        "{}:{}",
        bin_dir.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    lines.sort_by(|a, b| a.1.cmp(&b.1));
    lines.dedup_by(|a, b| a.1 == b.1);
    for (origin, line) in &lines {
        let home = tempfile::tempdir().unwrap();
        let samples = imported_samples();
        let o = std::process::Command::new("sh")
            .args(["-c", line])
            .current_dir(home.path())
            .env("HOME", home.path())
            .env("RUNLOG_DIR", samples.path())
            .env("PATH", &path)
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{origin}: `{line}` exited {:?}\n{}{}",
            o.status.code(),
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let all: Vec<&str> = lines.iter().map(|l| l.1.as_str()).collect();
    for shape in [
        "runlog report --from 20",
        "runlog weeks --all",
        "runlog flags --from 20",
        "runlog flags --explain",
        "runlog init /",
        "runlog log 3 --stiff 10",
        "mkdir -p ~/.local/share/man/man1 && runlog man > ",
    ] {
        assert!(
            all.iter().any(|l| l.starts_with(shape)),
            "no suggestion starting {shape:?} was run: {all:#?}"
        );
    }
}

/// Issue #33: a mistyped command gets a suggestion, also when two letters
/// are swapped (`lgo`, which clap's own similarity missed), with exit 2.
#[test]
fn issue33_a_mistyped_command_gets_a_suggestion() {
    for (typed, meant) in [
        ("weks", "weeks"),
        ("lgo", "log"),
        ("falgs", "flags"),
        ("plna", "plan"),
        ("reprot", "report"),
        ("activites", "activities"),
    ] {
        let mut c = assert_cmd::Command::cargo_bin("runlog").unwrap();
        let o = c.arg(typed).output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{typed}: {err}");
        assert!(
            err.contains(&format!("tip: a similar subcommand exists: '{meant}'")),
            "{typed}: {err}"
        );
    }
    let mut c = assert_cmd::Command::cargo_bin("runlog").unwrap();
    let err = String::from_utf8_lossy(&c.arg("xyzzy").output().unwrap().stderr).into_owned();
    assert!(!err.contains("tip:"), "nothing near: {err}");
}

/// Issue #33: the README's install lines work as printed on a fresh
/// account, where `~/.local/share/bash-completion/completions` and
/// `~/.local/share/man/man1` do not exist yet; `runlog --help` gives the
/// same lines.
#[test]
fn issue33_the_readme_install_lines_work_in_a_fresh_home() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let install = readme.split("## Install").nth(1).unwrap();
    let block = install
        .split("```sh\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let lines: Vec<&str> = block
        .lines()
        .filter(|l| !l.starts_with("cargo install"))
        .collect();
    assert_eq!(lines.len(), 3, "{block}");
    let mut help = assert_cmd::Command::cargo_bin("runlog").unwrap();
    help.arg("--help");
    let help = stdout(help);
    for l in &lines {
        let command = l.split(" #").next().unwrap().trim();
        assert!(
            help.contains(&format!("  {command}\n")),
            "--help lacks {command}"
        );
    }
    let home = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("runlog");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let o = std::process::Command::new("sh")
        .args(["-ec", &lines.join("\n")])
        .current_dir(home.path())
        .env("HOME", home.path())
        .env("PATH", path)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let completions = home
        .path()
        .join(".local/share/bash-completion/completions/runlog");
    let completions = std::fs::read_to_string(completions).unwrap();
    assert!(completions.contains("_runlog()"), "{completions}");
    let man = std::fs::read_to_string(home.path().join(".local/share/man/man1/runlog.1")).unwrap();
    assert!(
        man.starts_with(".ie") && man.contains(".TH runlog 1"),
        "{man}"
    );
    // The man page, like --help, shows the new options with an example.
    for example in [
        r"runlog weeks \-\-from 2026\-09\-01",
        r"runlog flags \-\-explain",
    ] {
        assert!(man.contains(example), "the man page lacks {example}");
    }
}

/// Issue #33: `runlog init --plan-start` with a Wednesday takes that
/// week's Monday and says so; a date it cannot read names the forms.
#[test]
fn issue33_init_takes_the_monday_of_a_plan_start() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("log");
    let mut c = assert_cmd::Command::cargo_bin("runlog").unwrap();
    c.arg("init")
        .arg(&dir)
        .args(["--no-input", "--plan-start", "2026-10-07"]);
    let out = stdout(c);
    assert!(
        out.contains("note     2026-10-07 is a Wednesday: the plan begins on Monday 2026-10-05, the Monday of that week\n"),
        "{out}"
    );
    let toml = std::fs::read_to_string(dir.join("runlog.toml")).unwrap();
    assert!(toml.contains("\nstart = \"2026-10-05\"\n"), "{toml}");
    let mut c = assert_cmd::Command::cargo_bin("runlog").unwrap();
    let o = c
        .arg("init")
        .arg(d.path().join("other"))
        .args(["--no-input", "--plan-start", "05/10/2026"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("write it as 2026-10-05 if it means 5 October or 2026-05-10 if it means 10 May (or type today or yesterday)"),
        "{err}"
    );
    assert!(!d.path().join("other").exists(), "nothing created");
}

/// Issue #33: `runlog report --from` alone (which runlog suggests on page
/// one, under `weeks` and `flags`, and the README in its troubleshooting)
/// runs to the last day with data; `--to` alone is the 12 weeks up to it.
#[test]
fn issue33_report_from_or_to_alone() {
    let d = imported_samples();
    let out = d.path().join("out");
    let o = out.to_str().unwrap();
    let said = stdout(runlog(
        d.path(),
        &["report", "--from", "2026-10-07", "--out", o],
    ));
    assert!(
        said.contains("period: Mon 05 Oct 2026 to Sun 15 Nov 2026, 6 weeks"),
        "{said}"
    );
    let said = stdout(runlog(
        d.path(),
        &["report", "--to", "2026-10-07", "--out", o],
    ));
    assert!(
        said.contains("period: Mon 20 Jul 2026 to Sun 11 Oct 2026"),
        "{said}"
    );
}
