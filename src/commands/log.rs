//! `runlog log`: one diary row from the command line, so the daily habit
//! is one command instead of opening a spreadsheet.
//!
//! pain.csv is the runner's own file. The new file is built whole (the old
//! bytes plus one row, see `diary::append`), written to a temporary file
//! in the same folder, flushed to disk, and renamed over the old one: a
//! crash, a full disk or Ctrl-C leaves either the old file, byte for byte,
//! or the new one, never half a row. (Appending in place could leave a
//! partial row behind a full disk.)

use super::{emit, sanitize};
use crate::cli::{Common, LogArgs};
use runlog_core::analysis::flags::{RedFlag, red_flag_notice};
use runlog_core::config::Config;
use runlog_core::diary::{self, AppendError, NewRow};
use runlog_core::error::{Error, Result};
use runlog_core::model::{DiaryEntry, RedFlags, TimeOfDay};
use std::path::{Path, PathBuf};

pub fn log(common: &Common, args: &LogArgs) -> Result<()> {
    let config = Config::load(&common.dir)?;
    let options = &config.diary;
    let today = chrono::Utc::now().with_timezone(&config.tz()).date_naive();
    let row = new_row(args, today);
    let path = diary_path(&common.dir)?;
    // The values first, against no file: a refused row touches nothing,
    // not even the lock.
    append_checked(None, &row, options, &path, today)?;
    // Read, compare and rename under the folder's write lock: two `log`s at
    // once would otherwise both pass the check, and the later rename would
    // drop the earlier row it reported as logged.
    let lock = runlog_core::store::WriteLock::acquire(&common.dir, super::lock_wait())?;
    remove_stale_temps(&path);
    let old = match std::fs::read(&path) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io(&path, e)),
    };
    let added = append_checked(old.as_deref(), &row, options, &path, today)?;
    replace(&path, old.as_deref(), &added.bytes)?;
    drop(lock);

    // Warnings first and to stderr, so they are seen even with --quiet.
    for (column, value) in &added.not_stored {
        eprintln!(
            "runlog: warning: pain.csv has no `{column}` column, so {column} {} was not stored. To keep it next time, add `{column}` to pain.csv's header line (the first line); earlier rows may leave it empty.",
            sanitize(value)
        );
    }
    let mut out = String::new();
    let flags = requested_flags(args);
    if flags.any() {
        let logged = DiaryEntry {
            red_flags: flags,
            ..added.entry.clone()
        };
        let notice = red_flag_notice(RedFlag::of(&logged).as_slice()).unwrap_or_default();
        say!(out, "{notice}");
        say!(out, "");
    }
    if !common.quiet {
        if added.created {
            say!(out, "created  {}", path.display());
        }
        say!(
            out,
            "logged   {} (pain.csv line {})",
            sanitize(&describe(&added.entry)),
            added.entry.line
        );
    }
    confirm(&out, added.entry.line, "pain.csv")
}

/// Print what was done. The row is in the file by now, so the command has
/// succeeded: a confirmation that cannot be printed (`> /dev/full`) is a
/// warning, never a failure that a script or a person would answer by
/// adding the row a second time.
pub(super) fn confirm(out: &str, line: usize, file: &str) -> Result<()> {
    if let Err(e) = emit(out)
        && !e.is_broken_pipe()
    {
        eprintln!(
            "runlog: warning: the row was written ({file} line {line}), but the confirmation could not be printed: {}",
            e.chain()
        );
    }
    Ok(())
}

/// Temporary copies of the diary a killed `log` left beside it (a full
/// copy of the runner's health data each). Called under the write lock,
/// so no other `log` is writing one.
pub(super) fn remove_stale_temps(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!(".{}.", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if n.starts_with(&prefix) && n.ends_with(".tmp") && e.file_type().is_ok_and(|t| t.is_file())
        {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// The diary with the row added, or why not (a value, or a date that
/// cannot be meant): nothing is written either way.
fn append_checked(
    old: Option<&[u8]>,
    row: &NewRow,
    options: &diary::Options,
    path: &Path,
    today: chrono::NaiveDate,
) -> Result<diary::Appended> {
    let added = diary::append(old, row, "pain.csv", options).map_err(|e| match e {
        AppendError::Value { .. } => Error::Usage(format!("nothing was written: {e}")),
        AppendError::Diary(source) => Error::Diary {
            path: path.to_path_buf(),
            source,
        },
        AppendError::Unsafe { .. } => Error::Usage(e.to_string()),
    })?;
    if let Some(why) = runlog_core::dates::implausible_day(added.entry.date, today) {
        return Err(Error::Usage(format!(
            "nothing was written: the date {} is {why} (today is {today}); check --date",
            added.entry.date
        )));
    }
    Ok(added)
}

fn requested_flags(args: &LogArgs) -> RedFlags {
    RedFlags {
        numbness: args.numbness,
        weakness: args.weakness,
        bladder_bowel: args.bladder_bowel,
        saddle_numbness: args.saddle_numbness,
        fever: args.fever,
    }
}

/// A `--date` as typed: `today` and `yesterday` are days in the runner's
/// zone; anything else is read by the file's own date rules.
pub(super) fn day_typed(date: Option<&str>, today: chrono::NaiveDate) -> String {
    match date.map(str::trim) {
        None | Some("today") => today.to_string(),
        Some("yesterday") => runlog_core::dates::shift_days(today, -1).to_string(),
        Some(d) => d.to_string(),
    }
}

/// The row as typed.
fn new_row(args: &LogArgs, today: chrono::NaiveDate) -> NewRow {
    let date = day_typed(args.date.as_deref(), today);
    NewRow {
        date,
        time: args.time.clone(),
        pain: args.pain.clone(),
        pain_during: args.during.clone(),
        leg_pain: args.leg_pain.clone(),
        stiffness_min: args.stiff.clone(),
        location: args.location.clone(),
        function: args.function.clone(),
        rpe: args.rpe.clone(),
        red_flags: requested_flags(args),
        notes: args.note.clone(),
    }
}

/// The diary's real place: a symlinked pain.csv (a synced folder) is
/// replaced where it lives, and the link stays a link. A link to nowhere
/// is named rather than written over.
fn diary_path(dir: &Path) -> Result<PathBuf> {
    let path = dir.join("pain.csv");
    if path
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink())
        && !path.exists()
    {
        let to = std::fs::read_link(&path)
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        return Err(Error::Usage(format!(
            "{} is a symlink to {to}, which does not exist (a synced folder not mounted?); nothing was written",
            path.display()
        )));
    }
    Ok(std::fs::canonicalize(&path).unwrap_or(path))
}

/// One line a person reads back: `2026-03-14 morning: pain 3.5, ...`.
fn describe(e: &DiaryEntry) -> String {
    let mut parts = vec![format!("pain {}", e.pain.value())];
    if let Some(p) = e.pain_during {
        parts.push(format!("during the run {p}"));
    }
    if let Some(l) = e.leg_pain {
        parts.push(format!("leg pain {l}"));
    }
    if let Some(s) = e.stiffness_min {
        parts.push(format!("stiffness {s} min"));
    }
    if let Some(l) = &e.location {
        parts.push(l.clone());
    }
    if let Some(f) = e.function {
        parts.push(format!("function {f}"));
    }
    if let Some(r) = e.rpe {
        parts.push(format!("RPE {r}"));
    }
    parts.extend(e.red_flags.names().into_iter().map(str::to_string));
    if let Some(n) = &e.notes {
        parts.push(format!("\"{n}\""));
    }
    let when = match e.time {
        None => String::new(),
        Some(TimeOfDay::Morning) => " morning".into(),
        Some(TimeOfDay::Evening) => " evening".into(),
        Some(TimeOfDay::At(m)) => format!(" {:02}:{:02}", m / 60, m % 60),
    };
    format!("{}{when}: {}", e.date, parts.join(", "))
}

/// Write `bytes` as the new `path`: a temporary file beside it, flushed,
/// then renamed over it (the folder flushed too). `old` is what was read:
/// if the file changed since (a spreadsheet saved it), nothing is replaced.
pub(super) fn replace(path: &Path, old: Option<&[u8]>, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let io = |e: std::io::Error| Error::io(path, e);
    let name = path
        .file_name()
        .map_or_else(|| "pain.csv".into(), |n| n.to_string_lossy());
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| Error::io(&dir, e))?;
    tmp.write_all(bytes).map_err(io)?;
    if let Ok(meta) = std::fs::metadata(path) {
        // Keep the runner's permissions (a diary readable by them alone),
        // and the owner where the OS lets us (root editing a user's file).
        std::fs::set_permissions(tmp.path(), meta.permissions()).map_err(io)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let _ = std::os::unix::fs::chown(tmp.path(), Some(meta.uid()), Some(meta.gid()));
        }
    }
    tmp.as_file().sync_all().map_err(io)?;
    let now = match std::fs::read(path) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(io(e)),
    };
    if now.as_deref() != old {
        return Err(Error::Usage(format!(
            "{} changed while the row was being added (is it open in a spreadsheet that just saved it?); nothing was written, run the command again",
            path.display()
        )));
    }
    if old.is_some() {
        tmp.persist(path).map_err(|e| io(e.error))?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| io(e.error))?;
    }
    sync_dir(&dir);
    Ok(())
}

/// Make the rename itself durable. Best effort: not every platform or
/// file system lets a folder be opened and flushed.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_keeps_the_old_file_when_it_changed_underneath() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("pain.csv");
        std::fs::write(&p, "date,pain\n").unwrap();
        let e = replace(&p, Some(b"date,pain,notes\n"), b"new").unwrap_err();
        assert!(e.to_string().contains("changed while"), "{e}");
        assert_eq!(std::fs::read(&p).unwrap(), b"date,pain\n");
        replace(&p, Some(b"date,pain\n"), b"date,pain\n2026-03-14,3\n").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"date,pain\n2026-03-14,3\n");
        // Nothing is left behind beside it.
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_new_file_is_not_written_over_one_that_appeared() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("pain.csv");
        replace(&p, None, b"date,pain\n").unwrap();
        assert!(replace(&p, None, b"other\n").is_err());
        assert_eq!(std::fs::read(&p).unwrap(), b"date,pain\n");
    }

    #[cfg(unix)]
    #[test]
    fn permissions_are_kept() {
        use std::os::unix::fs::PermissionsExt;
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("pain.csv");
        std::fs::write(&p, "date,pain\n").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        replace(&p, Some(b"date,pain\n"), b"date,pain\n2026-03-14,3\n").unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }

    #[test]
    fn the_summary_line_reads_like_the_row() {
        let e = DiaryEntry {
            time: Some(TimeOfDay::Morning),
            stiffness_min: Some(20.0),
            location: Some("low back".into()),
            leg_pain: Some(1.5),
            notes: Some("stiff after sitting".into()),
            ..DiaryEntry::new(
                9,
                chrono::NaiveDate::from_ymd_opt(2026, 3, 14).unwrap(),
                runlog_core::model::Pain::new(3.5).unwrap(),
            )
        };
        assert_eq!(
            describe(&e),
            "2026-03-14 morning: pain 3.5, leg pain 1.5, stiffness 20 min, low back, \"stiff after sitting\""
        );
    }
}
