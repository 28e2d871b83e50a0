//! The activity store under `DIR/.runlog/`, in Parquet.
//!
//! Layout:
//! ```text
//! .runlog/CURRENT                 name of the committed generation
//! .runlog/gen-NNNNNNNN/activities.parquet   one row per activity
//! .runlog/gen-NNNNNNNN/files.parquet        every input file seen, with its fate
//! .runlog/gen-NNNNNNNN/SUMS       BLAKE3 of the two files above and of every series
//! .runlog/series/<id>.parquet     one activity's time series (immutable)
//! ```
//! A commit writes a whole new generation folder under a number never used
//! before, then replaces `CURRENT` with a rename, the one atomic step. A
//! crash before the rename leaves the previous generation in force; one
//! after it leaves the new one. Series files are written before the commit
//! that names them and removed only after the commits that name them are
//! gone, so no generation on disk ever names a missing series. Checksums
//! catch a file changed behind runlog's back (a flipped bit, a sync tool)
//! instead of letting it move a run or change a number silently.

mod atomic;
mod generations;
mod lock;
mod parquet;

pub use atomic::write_atomic;
pub use lock::{Wait, WriteLock, lock_wait};

use crate::error::{Error, Result};
use crate::model::{Activity, Sample};
use atomic::{SYNC_EACH_SERIES, sync_dir, sync_file_system, write_atomic_with};
use generations::{
    current_generation, gen_name, generations, load_generation, previous_hint, sums_file,
    unused_generation,
};
use parquet::{activities_frame, files_frame, samples_from, series_frame};
use polars::prelude::*;
use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What became of one input file.
#[derive(Debug, Clone, PartialEq)]
pub enum FileStatus {
    /// It is the source of activity `id`.
    Imported,
    /// The same run as activity `of`, which was kept instead.
    Duplicate { of: String },
    /// Not imported; the reason was shown when it was first seen.
    Skipped { reason: String },
}

/// An input file as last seen, so an unchanged file is never read again.
#[derive(Debug, Clone, PartialEq)]
pub struct FileRecord {
    /// Relative to the log folder, `/`-separated.
    pub path: String,
    pub size_bytes: u64,
    pub mtime_ns: i64,
    /// Hash of the file's bytes (the activity id when imported).
    pub id: String,
    pub status: FileStatus,
}

pub struct Store {
    root: PathBuf,
    generation: u64,
    pub activities: Vec<Activity>,
    pub files: Vec<FileRecord>,
    /// BLAKE3 of each series file by activity id, as written; checked on read.
    series_sums: std::sync::Mutex<HashMap<String, String>>,
    /// Series the opened generation names: kept on disk until a later
    /// commit has replaced that generation too.
    committed_ids: HashSet<String>,
}

/// The generation files a commit writes and `SUMS` covers.
const GENERATION_FILES: [&str; 2] = ["activities.parquet", "files.parquet"];
const SUMS: &str = "SUMS";
/// Beside `CURRENT`: the store's promise that every generation it commits
/// carries `SUMS`. Without the promise (a store from before checksums) a
/// generation without `SUMS` is read as it is; with it, one is damage.
const FORMAT: &str = "FORMAT";
const FORMAT_TEXT: &str = "runlog store: every generation carries SUMS\n";
/// What to do when the store is damaged, for every such message.
const RECOVER: &str = "your exports are not affected: move .runlog aside and run `runlog import` to rebuild the store from exports/ (activities whose files are no longer there would be lost, so keep the old .runlog until you have checked)";

impl Store {
    /// Open the store of a log folder; an absent store is an empty one.
    pub fn open(dir: &Path) -> Result<Store> {
        let root = dir.join(".runlog");
        check_root(&root)?;
        let mut store = Store {
            root: root.clone(),
            generation: 0,
            activities: Vec::new(),
            files: Vec::new(),
            series_sums: Default::default(),
            committed_ids: HashSet::new(),
        };
        let Some(generation) = current_generation(&root)? else {
            return Ok(store);
        };
        let gen_dir = root.join(gen_name(generation));
        let loaded = load_generation(&gen_dir, has_checksums(&root)).map_err(|fault| {
            let advice = format!(
                ". {}{RECOVER}",
                previous_hint(&root, generation).unwrap_or_default()
            );
            read_fault(&root, fault, &advice)
        })?;
        store.generation = generation;
        (store.activities, store.files) = (loaded.activities, loaded.files);
        // Names stored before import cleaned them (issue #32) reach no
        // report or terminal with a bidirectional control either.
        for a in &mut store.activities {
            a.summary.name = crate::text::clean_opt(a.summary.name.take());
        }
        store.committed_ids = store.activities.iter().map(|a| a.id.clone()).collect();
        store.series_sums = std::sync::Mutex::new(loaded.series_sums);
        Ok(store)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A committed store from before checksums: the next commit upgrades
    /// it, even an import with nothing new.
    pub fn needs_upgrade(&self) -> bool {
        self.generation > 0 && !has_checksums(&self.root)
    }

    /// What a commit would record, to tell an import that changed nothing
    /// (which keeps the generation in force, the runner's way back).
    pub fn state(&self) -> (Vec<Activity>, Vec<FileRecord>, Vec<(String, String)>) {
        let mut sums: Vec<(String, String)> = self
            .sums()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        sums.sort();
        (self.activities.clone(), self.files.clone(), sums)
    }

    fn series_path(&self, id: &str) -> PathBuf {
        self.root.join("series").join(format!("{id}.parquet"))
    }

    /// Write one activity's time series. Called before the commit that
    /// references it; safe to call from several threads for different ids.
    pub fn write_series(&self, id: &str, samples: &[Sample]) -> Result<()> {
        let path = self.series_path(id);
        let werr = |e| write_fault(&self.root, FileFault::parquet(&path, e));
        let mut df = series_frame(samples).map_err(werr)?;
        // Statistics speed up filtering rows; a series is always read
        // whole. LZ4 rather than zstd: a store twice the size (about a
        // quarter of the exports) for a cold import 15 % faster. Not
        // parallel: this runs inside the importer's rayon workers, and
        // polars' own pool called from there makes each waiting worker
        // steal the next file onto the same stack.
        let mut bytes = Vec::new();
        ParquetWriter::new(&mut bytes)
            .with_statistics(StatisticsOptions::empty())
            .with_compression(ParquetCompression::Lz4Raw)
            .set_parallel(false)
            .finish(&mut df)
            .map_err(werr)?;
        write_atomic_with(&path, SYNC_EACH_SERIES, |f| f.write_all(&bytes))?;
        self.sums().insert(id.to_string(), hash(&bytes));
        Ok(())
    }

    fn sums(&self) -> std::sync::MutexGuard<'_, HashMap<String, String>> {
        self.series_sums
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Whether a series file for `id` is there (a `stat`, no read).
    pub fn series_exists(&self, id: &str) -> bool {
        self.series_path(id).is_file()
    }

    /// Whether the series of `id` is on disk and as it was written.
    pub fn series_ok(&self, id: &str) -> bool {
        self.read_series_bytes(id).is_ok()
    }

    fn read_series_bytes(&self, id: &str) -> Result<Vec<u8>> {
        let path = self.series_path(id);
        let bytes = fs::read(&path).map_err(|e| Error::io(&path, e))?;
        match self.sums().get(id) {
            Some(sum) if *sum != hash(&bytes) => {
                Err(read_fault(&self.root, FileFault::Changed { path }, ""))
            }
            _ => Ok(bytes),
        }
    }

    pub fn read_series(&self, id: &str) -> Result<Vec<Sample>> {
        let path = self.series_path(id);
        let bytes = self.read_series_bytes(id)?;
        let rerr = |e| read_fault(&self.root, FileFault::parquet(&path, e), "");
        let df = ParquetReader::new(std::io::Cursor::new(bytes))
            .finish()
            .map_err(rerr)?;
        samples_from(&df).map_err(rerr)
    }

    /// Make the in-memory state the store's state, atomically.
    pub fn commit(&mut self) -> Result<()> {
        let next = unused_generation(&self.root, self.generation)?;
        let name = gen_name(next);
        let gen_dir = self.root.join(&name);
        // `create_dir`, not `_all`: a generation folder is never reused.
        fs::create_dir_all(&self.root).map_err(|e| Error::io(&self.root, e))?;
        fs::create_dir(&gen_dir).map_err(|e| Error::io(&gen_dir, e))?;
        if !SYNC_EACH_SERIES {
            // The series this generation names must be on disk before it is.
            sync_file_system(&self.root)?;
        }
        let mut sums = Vec::new();
        for (file, bytes) in GENERATION_FILES
            .iter()
            .zip(self.generation_bytes(&gen_dir)?)
        {
            write_atomic(&gen_dir.join(file), |f| f.write_all(&bytes))?;
            sums.push((file.to_string(), hash(&bytes)));
        }
        let sums_text = sums_file(&sums, &self.sums(), &self.activities);
        write_atomic(&gen_dir.join(SUMS), |f| f.write_all(sums_text.as_bytes()))?;
        sync_dir(&gen_dir);
        write_atomic(&self.root.join("CURRENT"), |f| f.write_all(name.as_bytes()))?;
        if !has_checksums(&self.root) {
            if self.generation > 0 {
                eprintln!(
                    "runlog: {} now records that every import carries checksums: from now on a generation without them is reported as damage",
                    self.root.display()
                );
            }
            write_atomic(&self.root.join(FORMAT), |f| {
                f.write_all(FORMAT_TEXT.as_bytes())
            })?;
        }
        sync_dir(&self.root);
        let previous = std::mem::replace(&mut self.generation, next);
        self.remove_old_generations(previous);
        self.remove_unnamed_series();
        self.committed_ids = self.activities.iter().map(|a| a.id.clone()).collect();
        Ok(())
    }

    /// The two generation files as Parquet bytes, in `GENERATION_FILES` order.
    fn generation_bytes(&self, gen_dir: &Path) -> Result<[Vec<u8>; 2]> {
        let frames = [activities_frame(&self.activities), files_frame(&self.files)];
        let mut out = [Vec::new(), Vec::new()];
        for ((buf, df), file) in out.iter_mut().zip(frames).zip(GENERATION_FILES) {
            let werr = |e| write_fault(&self.root, FileFault::parquet(&gen_dir.join(file), e));
            ParquetWriter::new(buf)
                .finish(&mut df.map_err(werr)?)
                .map_err(werr)?;
        }
        Ok(out)
    }

    /// Keep the current and the previous generation; older ones (and any
    /// left half-written by a crash) are removed.
    fn remove_old_generations(&self, previous: u64) {
        for (n, path) in generations(&self.root) {
            if n != self.generation && n != previous {
                let _ = fs::remove_dir_all(path);
            }
        }
    }

    /// Series named neither by the new generation nor by the one it
    /// replaced (still on disk, and maybe still being read by a report):
    /// merged duplicates and leftovers of a killed import.
    fn remove_unnamed_series(&self) {
        let keep: HashSet<&str> = self
            .activities
            .iter()
            .map(|a| a.id.as_str())
            .chain(self.committed_ids.iter().map(String::as_str))
            .collect();
        let Ok(entries) = fs::read_dir(self.root.join("series")) else {
            return;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let Some(id) = name.strip_suffix(".parquet") else {
                continue;
            };
            if !keep.contains(id) {
                let _ = fs::remove_file(e.path());
            }
        }
        let mut sums = self.sums();
        sums.retain(|id, _| keep.contains(id.as_str()));
    }
}

/// `.runlog` must be runlog's folder (or not there yet): a plain file of
/// that name is the user's, and "File exists (os error 17)" would not say
/// what to do.
pub(crate) fn check_root(root: &Path) -> Result<()> {
    match fs::metadata(root) {
        Ok(m) if !m.is_dir() => Err(Error::Usage(format!(
            "{} is a file, not runlog's store folder: move it aside (runlog never replaces a file it did not write) and run the command again",
            root.display()
        ))),
        _ => Ok(()),
    }
}

/// The store promises checksums (see [`FORMAT`]).
fn has_checksums(root: &Path) -> bool {
    root.join(FORMAT).exists()
}

fn hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// What is wrong with one file of the store. Its text names the file and
/// quotes the cause; the cause itself stays reachable as `source`.
#[derive(Debug, thiserror::Error)]
pub enum FileFault {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: {source}", path.display())]
    Parquet {
        path: PathBuf,
        #[source]
        source: PolarsError,
    },
    #[error("{} has changed since runlog wrote it (checksum mismatch)", path.display())]
    Changed { path: PathBuf },
    #[error("{} is missing, so the import cannot be checked against its checksums", path.display())]
    NoSums { path: PathBuf },
}

impl FileFault {
    fn parquet(path: &Path, source: PolarsError) -> FileFault {
        FileFault::Parquet {
            path: path.to_path_buf(),
            source,
        }
    }

    fn io(path: &Path, source: std::io::Error) -> FileFault {
        FileFault::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// A store read failure with no underlying error (a bad `CURRENT`).
fn read_err(root: &Path, message: String) -> Error {
    Error::StoreRead {
        path: root.to_path_buf(),
        message,
        source: None,
    }
}

/// A store read failure caused by one file; `advice` follows its text.
fn read_fault(root: &Path, fault: FileFault, advice: &str) -> Error {
    Error::StoreRead {
        path: root.to_path_buf(),
        message: format!("{fault}{advice}"),
        source: Some(Box::new(fault)),
    }
}

fn write_err(root: &Path, message: String) -> Error {
    Error::StoreWrite {
        path: root.to_path_buf(),
        message,
        source: None,
    }
}

fn write_fault(root: &Path, fault: FileFault) -> Error {
    Error::StoreWrite {
        path: root.to_path_buf(),
        message: fault.to_string(),
        source: Some(Box::new(fault)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Format, Summary};
    use chrono::{TimeZone, Utc};

    pub(super) fn activity(id: &str) -> Activity {
        Activity {
            id: id.into(),
            source: format!("exports/{id}.fit"),
            summary: Summary {
                format: Format::Fit,
                sport: "running".into(),
                sub_sport: Some("treadmill".into()),
                device: None,
                name: Some("Easy, \"short\"".into()),
                start: Utc.with_ymd_and_hms(2026, 3, 1, 7, 30, 0).unwrap(),
                utc_offset_s: Some(3600),
                elapsed_s: 1800.5,
                moving_s: 1700.0,
                distance_m: Some(5000.0),
                ascent_m: None,
                avg_hr: Some(140.2),
                max_hr: Some(170.0),
                cadence_spm: Some(166.0),
                laps: Some(3),
                has_gps: false,
                records: 1801,
                rpe: None,
                relative_effort: None,
                event: None,
                leg: None,
            },
            duplicates: vec!["exports/x.gpx".into()],
            warnings: Vec::new(),
        }
    }

    #[test]
    fn commit_and_reopen_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        assert!(store.activities.is_empty());
        store.activities = vec![activity("a1"), activity("b2")];
        store.files = vec![FileRecord {
            path: "exports/bad.fit".into(),
            size_bytes: 12,
            mtime_ns: 42,
            id: "ff".into(),
            status: FileStatus::Skipped {
                reason: "corrupt: x".into(),
            },
        }];
        let samples = vec![
            Sample {
                t_s: 0.0,
                hr_bpm: Some(100.0),
                ..Sample::default()
            },
            Sample {
                t_s: 1.0,
                distance_m: Some(3.0),
                ..Sample::default()
            },
        ];
        store.write_series("a1", &samples).unwrap();
        store.commit().unwrap();
        store.commit().unwrap();
        store.commit().unwrap();
        let again = Store::open(dir.path()).unwrap();
        assert_eq!(again.activities, store.activities);
        assert_eq!(again.files, store.files);
        assert_eq!(again.read_series("a1").unwrap(), samples);
        // Only the current and the previous generation remain.
        let gens = fs::read_dir(dir.path().join(".runlog"))
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with("gen-")
            })
            .count();
        assert_eq!(gens, 2);
    }

    #[test]
    fn a_changed_series_is_caught_on_read() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let samples: Vec<Sample> = (0..50)
            .map(|i| Sample {
                t_s: i as f64,
                hr_bpm: Some(120.0),
                ..Sample::default()
            })
            .collect();
        store.write_series("a1", &samples).unwrap();
        store.activities = vec![activity("a1")];
        store.commit().unwrap();
        let again = Store::open(dir.path()).unwrap();
        assert!(again.series_ok("a1"));
        let path = dir.path().join(".runlog/series/a1.parquet");
        let mut bytes = fs::read(&path).unwrap();
        let mid = bytes.len() / 2;
        bytes[mid] ^= 0x01;
        fs::write(&path, bytes).unwrap();
        assert!(!again.series_ok("a1"));
        let err = again.read_series("a1").unwrap_err().to_string();
        assert!(
            err.contains("a1.parquet") && err.contains("checksum"),
            "{err}"
        );
    }

    /// Issue #15: a store error keeps its cause as a `source` (here the
    /// Parquet reader's), not only as text.
    #[test]
    fn a_store_error_keeps_its_cause() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        store.activities = vec![activity("a1")];
        store.commit().unwrap();
        let gen_dir = dir.path().join(".runlog").join(gen_name(store.generation));
        // Garbage with a matching checksum: only the Parquet reader objects.
        let garbage = b"not parquet at all";
        fs::write(gen_dir.join("activities.parquet"), garbage).unwrap();
        let sums = fs::read_to_string(gen_dir.join(SUMS)).unwrap();
        let line = sums
            .lines()
            .find(|l| l.ends_with("  activities.parquet"))
            .unwrap();
        let forged = sums.replace(line, &format!("{}  activities.parquet", hash(garbage)));
        fs::write(gen_dir.join(SUMS), forged).unwrap();
        let err = Store::open(dir.path())
            .err()
            .expect("garbage must not open");
        assert!(matches!(err, Error::StoreRead { .. }), "{err:?}");
        let fault = std::error::Error::source(&err)
            .and_then(|s| s.downcast_ref::<FileFault>())
            .expect("the file's fault is the source");
        assert!(
            matches!(fault, FileFault::Parquet { path, .. } if path.ends_with("activities.parquet"))
        );
        let polars = std::error::Error::source(fault).expect("polars' error below it");
        assert!(polars.downcast_ref::<PolarsError>().is_some());
        // The one-line message still quotes each cause once.
        let line = err.chain();
        assert_eq!(line.matches(&polars.to_string()).count(), 1, "{line}");
    }

    /// Issue #23: a store that has committed records it keeps checksums; a
    /// generation of it without SUMS is damage, named with the way back
    /// (one flipped byte could otherwise be read silently). A store from
    /// before checksums still opens, and its next commit upgrades it.
    #[test]
    fn a_generation_without_sums_is_not_read_silently() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        store.activities = vec![activity("a1")];
        store.commit().unwrap();
        store.activities.push(activity("a2"));
        store.commit().unwrap();
        let root = dir.path().join(".runlog");
        assert!(root.join(FORMAT).is_file());
        let gen_dir = root.join(gen_name(store.generation));
        fs::remove_file(gen_dir.join(SUMS)).unwrap();
        let err = Store::open(dir.path())
            .err()
            .expect("must not open")
            .to_string();
        assert!(err.contains("SUMS is missing"), "{err}");
        assert!(
            err.contains("write gen-00000001 into .runlog/CURRENT"),
            "the way back: {err}"
        );
        // Without CURRENT either, no generation reads whole: an error, not
        // an empty store.
        fs::remove_file(root.join("CURRENT")).unwrap();
        fs::remove_file(root.join(gen_name(1)).join(SUMS)).unwrap();
        assert!(Store::open(dir.path()).is_err());
        // A store from before checksums (no FORMAT, no SUMS) opens as it is.
        let old = tempfile::tempdir().unwrap();
        let mut s = Store::open(old.path()).unwrap();
        s.activities = vec![activity("a1")];
        s.commit().unwrap();
        let old_root = old.path().join(".runlog");
        fs::remove_file(old_root.join(FORMAT)).unwrap();
        fs::remove_file(old_root.join(gen_name(s.generation)).join(SUMS)).unwrap();
        let mut again = Store::open(old.path()).unwrap();
        assert!(again.needs_upgrade());
        again.commit().unwrap();
        assert!(old_root.join(FORMAT).is_file() && !again.needs_upgrade());
    }

    /// Issue #12.4: a series replaced by a richer duplicate stays on disk
    /// until no generation on disk names it.
    #[test]
    fn a_replaced_series_outlives_the_generations_that_name_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let one = [Sample::default()];
        store.write_series("gpx", &one).unwrap();
        store.activities = vec![activity("gpx")];
        store.commit().unwrap();
        // The merge replaces the activity; the process dies before commit.
        let mut store = Store::open(dir.path()).unwrap();
        store.write_series("fit", &one).unwrap();
        store.activities = vec![activity("fit")];
        drop(store);
        let again = Store::open(dir.path()).unwrap();
        assert_eq!(again.read_series("gpx").unwrap(), one);
        // Committed: the previous generation (naming gpx) is still on disk.
        let mut store = again;
        store.write_series("fit", &one).unwrap();
        store.activities = vec![activity("fit")];
        store.commit().unwrap();
        assert!(store.series_ok("gpx"));
        // One more commit and no generation names it: gone.
        store.commit().unwrap();
        assert!(!dir.path().join(".runlog/series/gpx.parquet").exists());
        assert!(store.series_ok("fit"));
    }
}
