//! Putting a report's files into their folder without ever touching a file
//! runlog did not write.
//!
//! The folder keeps a manifest, `.runlog-report`, naming the files runlog
//! wrote there. Only those are replaced (or removed when a newer runlog no
//! longer makes them); anything else a user keeps in the folder stays as it
//! is. runlog writes into a folder that is new, empty or holds a manifest;
//! any other folder is refused with the reason, before anything is written.
//!
//! Each file is staged as a temporary file beside its place, flushed, and
//! renamed over the old one: a crash leaves every file whole, the previous
//! version or the new one. `report.html` carries its charts inside it, so
//! the page is always consistent on its own.
//!
//! Two reports written into one folder at once (two log folders, one
//! `--out`) take turns: the folder itself is locked (an OS lock on the
//! open folder, released however the process ends, no file added), and
//! the second waits for the first as `runlog log` does, up to
//! `RUNLOG_LOCK_WAIT_S`. Without it, one run would clear the other's staged
//! files as a killed run's leftovers.

use runlog_core::error::{Error, Result};
use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// A folder runlog fills under these rules: the flag that names it, its
/// manifest, and the words its messages use. Each kind has a manifest of
/// its own, so a report is never written over a workouts folder (whose
/// files it would remove as no longer made), nor the other way round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Folder {
    /// The flag that names the folder, e.g. "--out".
    pub flag: &'static str,
    pub manifest: &'static str,
    /// What the folder holds, e.g. "report", and the messages' phrases
    /// for it ("the report needs a folder of its own", "runlog writes a
    /// report only into …").
    pub holds: &'static str,
    pub needs_own_folder: &'static str,
    pub a_holds: &'static str,
    /// The folder the messages suggest, inside the log folder.
    pub suggested: &'static str,
}

/// The report's folder (`runlog report --out`).
pub const REPORT: Folder = Folder {
    flag: "--out",
    manifest: MANIFEST,
    holds: "report",
    needs_own_folder: "the report needs a folder of its own",
    a_holds: "a report",
    suggested: "reports",
};

/// Next week's workouts (`runlog plan --workouts`).
pub const WORKOUTS: Folder = Folder {
    flag: "--workouts",
    manifest: ".runlog-workouts",
    holds: "workouts",
    needs_own_folder: "the workouts need a folder of their own",
    a_holds: "workouts",
    suggested: "workouts",
};

/// The manifest's name inside a report folder.
pub const MANIFEST: &str = ".runlog-report";
/// Staged files start with this; only runlog makes such names, so leftovers
/// of a killed run are removed on the next one.
const STAGED_PREFIX: &str = ".runlog-tmp-";
const MANIFEST_HEADER: &str =
    "# Files runlog wrote in this folder. runlog replaces only these; anything else is yours.\n";

/// Refuse destinations that would put the report over the user's own data:
/// a file, the log folder or a folder holding it, its exports or its store.
/// Paths are compared resolved, symlinks and `..` included, so a symlinked
/// `exports/` or `.runlog/` (or `x/link/../rep`) cannot slip past.
pub fn check_destination(dir: &Path, out: &Path, kind: Folder) -> Result<()> {
    let flag = kind.flag;
    if out.symlink_metadata().is_ok() && !out.exists() {
        let to = fs::read_link(out)
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        return Err(Error::Usage(format!(
            "{flag} {} is a symlink to {to}, which does not exist: point it at a folder, or name another {flag}",
            out.display()
        )));
    }
    if out.exists() && !out.is_dir() {
        return Err(Error::Usage(format!(
            "{flag} {} is a file, not a folder: name a folder for the {} (runlog never replaces a file it did not write)",
            out.display(),
            kind.holds
        )));
    }
    let (Some(out_abs), Some(log)) = (resolved(out), resolved(dir)) else {
        return Ok(());
    };
    let refuse = |what: &str| {
        Err(Error::Usage(format!(
            "{flag} {} is {what}: {}, e.g. {flag} {}",
            out.display(),
            kind.needs_own_folder,
            dir.join(kind.suggested).display()
        )))
    };
    if log.starts_with(&out_abs) {
        return refuse("the log folder, or a folder that holds it");
    }
    let inside = |name: &str| resolved(&dir.join(name)).is_some_and(|p| out_abs.starts_with(p));
    if inside("exports") {
        return refuse("inside exports/, where your watch files are");
    }
    if inside(".runlog") {
        return refuse("inside the activity store (.runlog/)");
    }
    Ok(())
}

/// `given` as an absolute path with every symlink resolved, also when it
/// does not exist yet: each component is resolved in turn, so a `..` after
/// a symlink goes up from where the link points, as the file system does.
fn resolved(given: &Path) -> Option<PathBuf> {
    let mut path = PathBuf::new();
    for c in std::path::absolute(path_or_dot(given)).ok()?.components() {
        match c {
            Component::ParentDir => {
                path = path.canonicalize().unwrap_or(path);
                path.pop();
            }
            Component::CurDir => {}
            other => {
                path.push(other);
                if let Ok(real) = path.canonicalize() {
                    path = real;
                }
            }
        }
    }
    Some(path)
}

/// `std::path::absolute` refuses an empty path; the user meant `.`.
fn path_or_dot(path: &Path) -> &Path {
    if path.as_os_str().is_empty() {
        Path::new(".")
    } else {
        path
    }
}

/// Everything `publish` would refuse, checked before any work (the import
/// that precedes a report included), so a refused report changes nothing.
/// `names` are every file a report may hold: one of them in the folder that
/// the manifest does not list is the user's, and is refused here already.
pub fn preflight(dir: &Path, out: &Path, names: &[&str], kind: Folder) -> Result<()> {
    check_destination(dir, out, kind)?;
    if out.is_dir() {
        let owned = owned_files(out, kind)?;
        if let Some(name) = names
            .iter()
            .find(|n| !owned.contains(**n) && out.join(n).symlink_metadata().is_ok())
        {
            return Err(not_ours(&out.join(name), kind));
        }
    }
    Ok(())
}

fn not_ours(path: &Path, kind: Folder) -> Error {
    Error::Usage(format!(
        "{} already exists and runlog did not write it: move it away or choose another {}",
        path.display(),
        kind.flag
    ))
}

/// Write `files` into `out` as described above; the paths written.
pub fn publish(out: &Path, files: &[(String, Vec<u8>)], kind: Folder) -> Result<Vec<PathBuf>> {
    fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    let wait = runlog_core::store::Wait {
        limit: runlog_core::store::lock_wait(),
        told: |what| eprintln!("runlog: {what}"),
    };
    let _turn = FolderLock::acquire(out, &wait)?;
    remove_stale_staging(out);
    let owned = owned_files(out, kind)?;
    let new: BTreeSet<String> = files.iter().map(|(n, _)| n.clone()).collect();
    for name in &new {
        if !owned.contains(name) && out.join(name).symlink_metadata().is_ok() {
            return Err(not_ours(&out.join(name), kind));
        }
    }
    // Name every file before it exists, so a crash never leaves a file of
    // ours that the manifest does not claim.
    write_manifest(out, &owned.union(&new).cloned().collect(), kind)?;
    let staged = files
        .iter()
        .map(|(name, bytes)| stage(out, name, bytes))
        .collect::<Result<Vec<_>>>()?;
    for (tmp, (name, _)) in staged.into_iter().zip(files) {
        let dest = out.join(name);
        tmp.persist(&dest).map_err(|e| Error::io(&dest, e.error))?;
    }
    for gone in owned.difference(&new) {
        let p = out.join(gone);
        if p.symlink_metadata().is_ok_and(|m| m.is_file()) {
            let _ = fs::remove_file(p);
        }
    }
    write_manifest(out, &new, kind)?;
    sync_dir(out);
    Ok(files.iter().map(|(n, _)| out.join(n)).collect())
}

/// One report at a time in a folder, held until dropped: an OS lock
/// (`flock`) on the open folder, so nothing is added to it and a killed
/// runlog never leaves it locked. Where folders cannot be locked (not
/// Unix), reports are not serialised.
struct FolderLock {
    _dir: Option<fs::File>,
}

impl FolderLock {
    fn acquire(out: &Path, wait: &runlog_core::store::Wait) -> Result<FolderLock> {
        #[cfg(unix)]
        {
            let dir = fs::File::open(out).map_err(|e| Error::io(out, e))?;
            let what = format!(
                "another runlog is writing a report into {}; waiting…",
                out.display()
            );
            match wait.lock(&dir, &what) {
                Ok(true) => Ok(FolderLock { _dir: Some(dir) }),
                Ok(false) => Err(Error::Usage(format!(
                    "another runlog is still writing a report into {} after {} s; nothing was written there. Run the command again when it has finished (RUNLOG_LOCK_WAIT_S waits longer), or choose another --out",
                    out.display(),
                    wait.limit.as_secs()
                ))),
                // A file system without locks: go on, unserialised.
                Err(_) => Ok(FolderLock { _dir: None }),
            }
        }
        #[cfg(not(unix))]
        {
            let _ = (out, wait);
            Ok(FolderLock { _dir: None })
        }
    }
}

/// The files of `out` that runlog wrote: those its manifest names. A
/// folder without a manifest is used only when it is empty: files named
/// like runlog's (`weeks.csv`, `flags.json`) may still be the user's own,
/// and a name is no proof of who wrote a file.
fn owned_files(out: &Path, kind: Folder) -> Result<BTreeSet<String>> {
    match fs::read_to_string(out.join(kind.manifest)) {
        Ok(text) => return Ok(parse_manifest(&text, kind)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(Error::io(out.join(kind.manifest), e)),
    }
    let first = fs::read_dir(out)
        .map_err(|e| Error::io(out, e))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| !n.starts_with(STAGED_PREFIX));
    if let Some(foreign) = first {
        return Err(Error::Usage(format!(
            "{} is not empty and holds no runlog {holds} (e.g. \"{foreign}\"): runlog writes {a_holds} only into a new or empty folder, or one it wrote before. Choose another {flag}, e.g. {flag} {}",
            out.display(),
            out.join(format!("runlog-{}", kind.holds)).display(),
            holds = kind.holds,
            a_holds = kind.a_holds,
            flag = kind.flag,
        )));
    }
    Ok(BTreeSet::new())
}

/// One file name per line; comments and anything that is not a plain name
/// in this folder (a damaged or edited manifest) are ignored, so a manifest
/// can never make runlog touch a file elsewhere.
fn parse_manifest(text: &str, kind: Folder) -> BTreeSet<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter(|l| {
            let mut c = Path::new(l).components();
            matches!((c.next(), c.next()), (Some(Component::Normal(_)), None))
        })
        .filter(|l| *l != kind.manifest)
        .map(str::to_string)
        .collect()
}

fn write_manifest(out: &Path, names: &BTreeSet<String>, kind: Folder) -> Result<()> {
    let mut text = MANIFEST_HEADER.to_string();
    for n in names {
        text.push_str(n);
        text.push('\n');
    }
    let tmp = stage(out, kind.manifest, text.as_bytes())?;
    let dest = out.join(kind.manifest);
    tmp.persist(&dest).map_err(|e| Error::io(&dest, e.error))?;
    Ok(())
}

/// A flushed temporary file beside `out/name`, removed if never persisted.
fn stage(out: &Path, name: &str, bytes: &[u8]) -> Result<tempfile::NamedTempFile> {
    let mut tmp = tempfile::Builder::new()
        .prefix(STAGED_PREFIX)
        .tempfile_in(out)
        .map_err(|e| Error::io(out, e))?;
    let dest = out.join(name);
    tmp.write_all(bytes).map_err(|e| Error::io(&dest, e))?;
    tmp.as_file().sync_all().map_err(|e| Error::io(&dest, e))?;
    Ok(tmp)
}

/// Staged files left by a run that was killed before renaming them.
fn remove_stale_staging(out: &Path) {
    let Ok(entries) = fs::read_dir(out) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        if name.to_string_lossy().starts_with(STAGED_PREFIX)
            && e.file_type().is_ok_and(|t| t.is_file())
        {
            let _ = fs::remove_file(e.path());
        }
    }
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quiet_wait(limit: std::time::Duration) -> runlog_core::store::Wait {
        runlog_core::store::Wait {
            limit,
            told: |_| {},
        }
    }

    fn files(tag: &str) -> Vec<(String, Vec<u8>)> {
        ["report.html", "weeks.csv", "a.png"]
            .iter()
            .map(|n| (n.to_string(), format!("{tag} {n}").into_bytes()))
            .collect()
    }

    /// Issue #32: a second report into a folder another is writing waits
    /// for it (and is refused, exit 2, when the wait runs out).
    #[cfg(unix)]
    #[test]
    fn a_second_report_into_one_folder_waits_its_turn() {
        let d = tempfile::tempdir().unwrap();
        let held = FolderLock::acquire(d.path(), &quiet_wait(std::time::Duration::ZERO)).unwrap();
        let e = FolderLock::acquire(d.path(), &quiet_wait(std::time::Duration::from_millis(200)))
            .err()
            .unwrap();
        assert_eq!(e.exit_code(), 2);
        assert!(
            e.to_string()
                .contains("another runlog is still writing a report into"),
            "{e}"
        );
        drop(held);
        FolderLock::acquire(d.path(), &quiet_wait(std::time::Duration::ZERO)).unwrap();
        assert_eq!(fs::read_dir(d.path()).unwrap().count(), 0, "nothing added");
        // While one report stages its files, another waits and leaves
        // them alone (it used to remove them as a killed run's leftovers).
        let out = d.path().to_path_buf();
        let held = FolderLock::acquire(&out, &quiet_wait(std::time::Duration::ZERO)).unwrap();
        let staged = out.join(format!("{STAGED_PREFIX}in-flight"));
        fs::write(&staged, "the first report's page").unwrap();
        let second = std::thread::spawn({
            let out = out.clone();
            move || publish(&out, &files("second"), REPORT)
        });
        std::thread::sleep(std::time::Duration::from_millis(300));
        assert!(staged.exists(), "the staged file of the first is kept");
        assert!(!out.join("report.html").exists(), "the second waits");
        drop(held);
        second.join().unwrap().unwrap();
        assert_eq!(
            fs::read_to_string(out.join("report.html")).unwrap(),
            "second report.html"
        );
    }

    #[test]
    fn foreign_files_survive_two_reports() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("out");
        publish(&out, &files("one"), REPORT).unwrap();
        fs::write(out.join("notes.txt"), "mine").unwrap();
        fs::create_dir(out.join("photos")).unwrap();
        fs::write(out.join("photos/p.jpg"), "jpg").unwrap();
        publish(&out, &files("two"), REPORT).unwrap();
        publish(&out, &files("three"), REPORT).unwrap();
        assert_eq!(fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
        assert_eq!(fs::read_to_string(out.join("photos/p.jpg")).unwrap(), "jpg");
        assert_eq!(
            fs::read_to_string(out.join("report.html")).unwrap(),
            "three report.html"
        );
    }

    #[test]
    fn a_folder_of_someone_elses_files_is_refused_untouched() {
        let d = tempfile::tempdir().unwrap();
        fs::write(d.path().join("thesis.docx"), "years of work").unwrap();
        let err = publish(d.path(), &files("x"), REPORT).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("thesis.docx"), "{err}");
        let names: Vec<_> = fs::read_dir(d.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 1, "nothing was added");
    }

    /// Issue #23: files named like runlog's in a folder without a manifest
    /// are not adopted: the user's own `weeks.csv` stays, nothing is written.
    #[test]
    fn a_folder_without_a_manifest_is_used_only_when_empty() {
        let d = tempfile::tempdir().unwrap();
        fs::write(d.path().join("weeks.csv"), "the user's own").unwrap();
        fs::write(d.path().join("flags.json"), "{}").unwrap();
        let err = publish(d.path(), &files("new"), REPORT).unwrap_err();
        assert!(
            err.to_string()
                .contains("is not empty and holds no runlog report"),
            "{err}"
        );
        assert_eq!(
            fs::read_to_string(d.path().join("weeks.csv")).unwrap(),
            "the user's own"
        );
        assert!(!d.path().join(MANIFEST).exists());
        let empty = tempfile::tempdir().unwrap();
        publish(empty.path(), &files("new"), REPORT).unwrap();
        assert!(empty.path().join(MANIFEST).is_file());
    }

    #[test]
    fn a_file_runlog_did_not_write_is_never_replaced() {
        let d = tempfile::tempdir().unwrap();
        publish(d.path(), &files("one"), REPORT).unwrap();
        fs::write(d.path().join("report.pdf"), "the user's own").unwrap();
        let mut more = files("two");
        more.push(("report.pdf".into(), b"runlog's".to_vec()));
        let err = publish(d.path(), &more, REPORT).unwrap_err();
        assert!(err.to_string().contains("report.pdf"), "{err}");
        assert_eq!(
            fs::read_to_string(d.path().join("report.pdf")).unwrap(),
            "the user's own"
        );
        assert_eq!(
            fs::read_to_string(d.path().join("report.html")).unwrap(),
            "one report.html"
        );
    }

    #[test]
    fn outputs_runlog_no_longer_makes_are_removed_only_if_listed() {
        let d = tempfile::tempdir().unwrap();
        let mut first = files("one");
        first.push(("old_chart.png".into(), b"x".to_vec()));
        publish(d.path(), &first, REPORT).unwrap();
        publish(d.path(), &files("two"), REPORT).unwrap();
        assert!(!d.path().join("old_chart.png").exists());
        let manifest = fs::read_to_string(d.path().join(MANIFEST)).unwrap();
        assert_eq!(parse_manifest(&manifest, REPORT).len(), 3, "{manifest}");
    }

    #[test]
    fn an_edited_manifest_cannot_point_outside_the_folder() {
        let listed = parse_manifest(
            "# c\nreport.html\n../pain.csv\n/etc/passwd\nsub/x\n\n",
            REPORT,
        );
        assert_eq!(listed.into_iter().collect::<Vec<_>>(), ["report.html"]);
    }

    #[test]
    fn destinations_over_the_users_data_are_refused() {
        let d = tempfile::tempdir().unwrap();
        let log = d.path().join("log");
        fs::create_dir_all(log.join("exports")).unwrap();
        fs::write(d.path().join("file.txt"), "x").unwrap();
        for bad in [
            log.clone(),
            d.path().to_path_buf(),
            log.join("exports"),
            log.join("exports/new"),
            log.join(".runlog/x"),
            log.join("sub/../"),
            d.path().join("file.txt"),
        ] {
            let err = check_destination(&log, &bad, REPORT).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{}: {err}", bad.display());
        }
        check_destination(&log, &log.join("reports/2026-W01"), REPORT).unwrap();
        check_destination(&log, &d.path().join("elsewhere"), REPORT).unwrap();
    }

    /// Issue #34: a workouts folder and a report folder each keep their own
    /// manifest, so one is never written over the other (whose files it
    /// would remove), and the messages name `--workouts`.
    #[test]
    fn workouts_and_reports_keep_to_their_own_folders() {
        let d = tempfile::tempdir().unwrap();
        let (rep, wk) = (d.path().join("rep"), d.path().join("wk"));
        publish(&rep, &files("r"), REPORT).unwrap();
        let fit = vec![("runlog-2026-12-07-1-of-3.fit".to_string(), b"x".to_vec())];
        publish(&wk, &fit, WORKOUTS).unwrap();
        assert!(wk.join(".runlog-workouts").is_file());
        let err = publish(&rep, &fit, WORKOUTS).unwrap_err().to_string();
        assert!(
            err.contains("holds no runlog workouts") && err.contains("Choose another --workouts"),
            "{err}"
        );
        assert!(rep.join("report.html").is_file());
        assert!(publish(&wk, &files("r"), REPORT).is_err());
        let log = d.path().join("log");
        fs::create_dir_all(log.join("exports")).unwrap();
        let err = check_destination(&log, &log.join("exports"), WORKOUTS)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("--workouts") && err.contains("the workouts need a folder of their own"),
            "{err}"
        );
    }
}
