//! The runner's own files, `pain.csv` and `scores.csv`, are changed here
//! and nowhere else, by one function with one set of guarantees:
//!
//! - the file's real place is written: a symlinked file (a synced folder)
//!   is replaced where it lives, and the link stays a link; a link to
//!   nowhere is named rather than written over;
//! - read, checked and renamed under the log folder's write lock, so two
//!   commands at once take turns and no row is lost;
//! - the new file is built whole (the old bytes plus one row, see
//!   `runlog_core::diary::append`), written to a temporary file beside the
//!   old one, flushed, given the old file's mode and owner, and renamed
//!   over it: a crash, a full disk or Ctrl-C leaves the old file byte for
//!   byte or the new one, never half a row;
//! - a file that changed while it was read (a spreadsheet saving it) is
//!   left alone with a message, and a killed command's temporary copy is
//!   removed by the next one.

use super::emit;
use runlog_core::diary::{AppendError, Appended};
use runlog_core::error::{Error, Result};
use std::path::{Path, PathBuf};

/// Add a row to `name` in the log folder `dir`: `build` makes the new file
/// from the old bytes (`None`: there is no file yet), or refuses; the
/// refusal, and everything `build` returns, leave the file untouched.
pub(super) fn update<T>(
    dir: &Path,
    name: &str,
    build: impl FnOnce(Option<&[u8]>, &Path) -> Result<Appended<T>>,
) -> Result<(PathBuf, Appended<T>)> {
    let path = real_path(dir, name)?;
    // Read, compare and rename under the folder's write lock: two commands
    // at once would otherwise both pass the check, and the later rename
    // would drop the row the earlier one reported as written.
    let lock = runlog_core::store::WriteLock::acquire(dir, &super::lock_wait())?;
    remove_stale_temps(&path);
    let old = match std::fs::read(&path) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io(&path, e)),
    };
    let added = build(old.as_deref(), &path)?;
    replace(&path, old.as_deref(), &added.bytes)?;
    drop(lock);
    Ok((path, added))
}

/// A refusal of `runlog_core::diary`'s appenders as the command reports
/// it: every one is a usage refusal (exit 2) with nothing written.
pub(super) fn refused(e: AppendError, path: &Path) -> Error {
    match e {
        AppendError::Value { .. } => Error::Usage(format!("nothing was written: {e}")),
        AppendError::Diary(source) => {
            Error::Usage(format!("{}: {source}; nothing was written", path.display()))
        }
        AppendError::OpenQuote { .. } | AppendError::Unsafe { .. } => Error::Usage(e.to_string()),
    }
}

/// The file's real place: a symlinked file (a synced folder) is replaced
/// where it lives, and the link stays a link. A link to nowhere is named
/// rather than written over.
fn real_path(dir: &Path, name: &str) -> Result<PathBuf> {
    let path = dir.join(name);
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

/// Temporary copies a killed command left beside the file (a full copy of
/// the runner's health data each). Called under the write lock, so no
/// other command is writing one.
fn remove_stale_temps(path: &Path) {
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

/// Write `bytes` as the new `path`: a temporary file beside it, flushed,
/// then renamed over it (the folder flushed too). `old` is what was read:
/// if the file changed since (a spreadsheet saved it), nothing is replaced.
fn replace(path: &Path, old: Option<&[u8]>, bytes: &[u8]) -> Result<()> {
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
}
