//! One writer at a time: two runlogs importing into the same store at once
//! would each commit without the other's activities, and the later commit
//! would win.

use crate::error::{Error, Result};
use std::fs;
use std::io::Write;
use std::path::Path;

/// How long to wait for another runlog working on the same folder (a log
/// folder, a report folder): `RUNLOG_LOCK_WAIT_S`, default 30 s.
pub fn lock_wait() -> std::time::Duration {
    let s = std::env::var("RUNLOG_LOCK_WAIT_S")
        .ok()
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|v| v.is_finite() && *v >= 0.0 && *v <= 86_400.0)
        .unwrap_or(30.0);
    std::time::Duration::from_secs_f64(s)
}

/// How long to wait for another runlog on the same folder, and how to say
/// that it waits: runlog-core asks, the binary speaks (a library never
/// prints).
#[derive(Debug, Clone, Copy)]
pub struct Wait {
    pub limit: std::time::Duration,
    /// Told once, the first time the lock is busy, what is waited for.
    pub told: fn(&str),
}

impl Wait {
    /// Lock `file`, trying every 100 ms until `limit`: `Ok(true)` when it
    /// is ours, `Ok(false)` when another holds it still. `what` is said
    /// once, when the first try finds it busy.
    pub fn lock(&self, file: &fs::File, what: &str) -> std::io::Result<bool> {
        let deadline = std::time::Instant::now() + self.limit;
        let mut told = false;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(true),
                Err(fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                    if !told {
                        (self.told)(what);
                        told = true;
                    }
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                Err(fs::TryLockError::WouldBlock) => return Ok(false),
                Err(fs::TryLockError::Error(e)) => return Err(e),
            }
        }
    }
}

/// Exclusive right to change a log folder's store, held until dropped.
///
/// An OS file lock (`flock`) on `.runlog/lock`: the kernel releases it when
/// the process ends however it ends, so a lock left by a killed runlog can
/// never block the next run. The file itself may stay; it holds the pid of
/// the last holder for the message.
pub struct WriteLock {
    _file: fs::File,
}

impl WriteLock {
    /// Take the lock, waiting up to `wait` for another runlog to finish.
    pub fn acquire(dir: &Path, wait: &Wait) -> Result<WriteLock> {
        let root = dir.join(".runlog");
        super::check_root(&root)?;
        fs::create_dir_all(&root).map_err(|e| Error::io(&root, e))?;
        let path = root.join("lock");
        let mut file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        let what = format!("another runlog is updating {}; waiting…", dir.display());
        if !wait.lock(&file, &what).map_err(|e| Error::io(&path, e))? {
            let holder = fs::read_to_string(&path).unwrap_or_default();
            return Err(Error::StoreWrite {
                path: root,
                message: format!(
                    "another runlog (pid {}) is still updating it; try again when it has finished",
                    holder.trim()
                ),
                source: None,
            });
        }
        let _ = file.set_len(0);
        let _ = write!(file, "{}", std::process::id());
        Ok(WriteLock { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_second_writer_waits_then_gives_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let said = |limit| Wait {
            limit,
            told: |what| assert!(what.contains("waiting"), "{what}"),
        };
        let held = WriteLock::acquire(dir.path(), &said(Duration::ZERO)).unwrap();
        let err = WriteLock::acquire(dir.path(), &said(Duration::from_millis(200)))
            .err()
            .unwrap();
        assert!(err.to_string().contains("another runlog"), "{err}");
        drop(held);
        // Released (as it is when a process dies): the next one gets it.
        WriteLock::acquire(dir.path(), &said(Duration::ZERO)).unwrap();
    }
}
