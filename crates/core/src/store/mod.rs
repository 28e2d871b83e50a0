//! The activity store under `DIR/.runlog/`, in Parquet.
//!
//! Layout:
//! ```text
//! .runlog/CURRENT                 name of the committed generation
//! .runlog/gen-NNNNNNNN/activities.parquet   one row per activity, and where its series lies
//! .runlog/gen-NNNNNNNN/files.parquet        every input file seen, with its fate
//! .runlog/gen-NNNNNNNN/SUMS       BLAKE3 of the two files above and of every series
//! .runlog/series/<hash>.pack      the time series one import wrote (immutable; see `pack`)
//! .runlog/series/<id>.parquet     one activity's time series, as stores before packs kept them
//! .runlog/recheck                 series a reader found damaged, for the next import
//! ```
//! A commit writes a whole new generation folder under a number never used
//! before, then replaces `CURRENT` with a rename, the one atomic step. A
//! crash before the rename leaves the previous generation in force; one
//! after it leaves the new one. Series are written before the commit
//! that names them and removed only after the commits that name them are
//! gone, so no generation on disk ever names a missing series. Checksums
//! catch a file changed behind runlog's back (a flipped bit, a sync tool)
//! instead of letting it move a run or change a number silently.

mod atomic;
mod generations;
mod lock;
mod pack;
mod parquet;

pub use atomic::write_atomic;
pub use lock::{Wait, WriteLock, lock_wait};

use crate::error::{Error, Result};
use crate::model::{Activity, Sample};
use atomic::{SYNC_EACH_SERIES, sync_dir, sync_file_system};
use generations::{
    current_generation, gen_name, generations, load_generation, previous_hint, sums_file,
    unused_generation,
};
use pack::{Location, PACK_EXT, PackWriter};
use parquet::{activities_frame, files_frame, samples_from, series_frame};
use polars::prelude::*;
use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

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
    /// BLAKE3 of each series' Parquet bytes by activity id, as written;
    /// checked on read.
    series_sums: Mutex<HashMap<String, String>>,
    /// Where each series in a pack lies, by activity id; a series without
    /// one is in a file of its own (a store from before packs).
    locations: Mutex<HashMap<String, Location>>,
    /// The pack this process is writing, until it is read from or committed.
    pending: Mutex<Option<PackWriter>>,
    /// Series the opened generation names: kept on disk until a later
    /// commit has replaced that generation too.
    committed_ids: HashSet<String>,
    /// The packs the opened generation names, kept as long.
    committed_packs: HashSet<String>,
    /// What opening or committing found and worked around (a lost
    /// `CURRENT`, an interrupted first import), for the caller to say:
    /// runlog-core never prints.
    pub notices: Vec<String>,
}

/// The generation files a commit writes and `SUMS` covers.
const GENERATION_FILES: [&str; 2] = ["activities.parquet", "files.parquet"];
const SUMS: &str = "SUMS";
/// Ids of series a reader found damaged, one a line: the next import checks
/// them and rebuilds each from its export.
const RECHECK: &str = "recheck";
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
            locations: Default::default(),
            pending: Mutex::new(None),
            committed_ids: HashSet::new(),
            committed_packs: HashSet::new(),
            notices: Vec::new(),
        };
        let Some(generation) = current_generation(&root, &mut store.notices)? else {
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
        store.committed_packs = loaded.locations.values().map(|l| l.pack.clone()).collect();
        store.series_sums = Mutex::new(loaded.series_sums);
        store.locations = Mutex::new(loaded.locations);
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
    pub fn state(&self) -> Result<State> {
        self.finish_pack()?;
        let mut sums: Vec<(String, String)> = self
            .sums()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        sums.sort();
        let mut at: Vec<(String, Location)> = lock(&self.locations)
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        at.sort();
        Ok(State {
            activities: self.activities.clone(),
            files: self.files.clone(),
            sums,
            locations: at,
        })
    }

    fn series_dir(&self) -> PathBuf {
        self.root.join("series")
    }

    /// The file holding the series of `id`: its pack, or its file of its
    /// own (also when it is not written yet).
    pub fn series_file(&self, id: &str) -> PathBuf {
        match lock(&self.locations).get(id) {
            Some(at) => self.series_dir().join(&at.pack),
            None => pack::own_file(&self.series_dir(), id),
        }
    }

    /// The bytes of `series_file(id)` that hold the series of `id`: a
    /// range of its pack, or `None` for a file of its own.
    pub fn series_range(&self, id: &str) -> Option<std::ops::Range<u64>> {
        lock(&self.locations)
            .get(id)
            .map(|at| at.offset..at.offset + at.len)
    }

    /// Write one activity's time series into this import's pack. Called
    /// before the commit that references it; safe to call from several
    /// threads for different ids: the Parquet is made on the calling
    /// thread, only the append to the pack takes turns.
    pub fn write_series(&self, id: &str, samples: &[Sample]) -> Result<()> {
        let path = self.series_dir();
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
        let sum = hash(&bytes);
        {
            let mut pending = lock(&self.pending);
            let pack = match pending.as_mut() {
                Some(p) => p,
                None => pending.insert(PackWriter::create(&self.series_dir())?),
            };
            pack.append(id, &bytes, &sum)?;
        }
        self.sums().insert(id.to_string(), sum);
        Ok(())
    }

    /// Name the pack being written, so its series can be read. Further
    /// series go into a new pack.
    fn finish_pack(&self) -> Result<()> {
        let Some(pack) = lock(&self.pending).take() else {
            return Ok(());
        };
        let placed = pack.finish(&self.series_dir(), SYNC_EACH_SERIES)?;
        lock(&self.locations).extend(placed);
        Ok(())
    }

    fn sums(&self) -> MutexGuard<'_, HashMap<String, String>> {
        lock(&self.series_sums)
    }

    /// Whether the series of `id` is there (a `stat`, no read): its pack
    /// long enough to hold it, or its own file.
    pub fn series_exists(&self, id: &str) -> bool {
        if self.finish_pack().is_err() {
            return false;
        }
        match lock(&self.locations).get(id) {
            Some(at) => pack::holds(&self.series_dir().join(&at.pack), at),
            None => pack::own_file(&self.series_dir(), id).is_file(),
        }
    }

    /// Whether the series of `id` is on disk and as it was written.
    pub fn series_ok(&self, id: &str) -> bool {
        self.read_series(id).is_ok()
    }

    /// The series' Parquet bytes, checked against `SUMS`.
    fn read_series_bytes(&self, id: &str) -> Result<(PathBuf, Vec<u8>)> {
        self.finish_pack()?;
        let at = lock(&self.locations).get(id).cloned();
        let (path, bytes) = match at {
            Some(at) => {
                let path = self.series_dir().join(&at.pack);
                let bytes = pack::read_member(&path, &at);
                (path, bytes)
            }
            None => {
                let path = pack::own_file(&self.series_dir(), id);
                let bytes = fs::read(&path);
                (path, bytes)
            }
        };
        let bytes = match bytes {
            Ok(b) => b,
            // A pack cut short: damaged, not missing.
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                return Err(self.damaged(id, FileFault::Changed { path }));
            }
            Err(e) => return Err(Error::io(&path, e)),
        };
        match self.sums().get(id) {
            Some(sum) if *sum != hash(&bytes) => Err(self.damaged(id, FileFault::Changed { path })),
            _ => Ok((path, bytes)),
        }
    }

    pub fn read_series(&self, id: &str) -> Result<Vec<Sample>> {
        let (path, bytes) = self.read_series_bytes(id)?;
        let rerr = |e| self.damaged(id, FileFault::parquet(&path, e));
        let df = ParquetReader::new(std::io::Cursor::new(bytes))
            .finish()
            .map_err(rerr)?;
        samples_from(&df).map_err(rerr)
    }

    /// A series that is there but not as written: noted in `recheck` (as
    /// far as the folder can be written) so the next import rebuilds it
    /// from its export, and returned as the error.
    fn damaged(&self, id: &str, fault: FileFault) -> Error {
        let note = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.root.join(RECHECK));
        if let Ok(mut f) = note {
            let _ = writeln!(f, "{id}");
        }
        read_fault(&self.root, fault, "")
    }

    /// The ids a reader found damaged since the last import (see `RECHECK`).
    pub fn damaged_before(&self) -> HashSet<String> {
        fs::read_to_string(self.root.join(RECHECK))
            .map(|t| t.lines().map(str::to_string).collect())
            .unwrap_or_default()
    }

    /// The damaged series noted for this import have been dealt with,
    /// except those in `keep` (not rebuilt: their exports are gone), which
    /// stay noted for the next import.
    pub fn forget_damaged(&self, keep: &HashSet<String>) {
        let path = self.root.join(RECHECK);
        if keep.is_empty() {
            let _ = fs::remove_file(path);
            return;
        }
        let mut ids: Vec<&str> = keep.iter().map(String::as_str).collect();
        ids.sort_unstable();
        let text: String = ids.iter().map(|id| format!("{id}\n")).collect();
        let _ = write_atomic(&path, |f| f.write_all(text.as_bytes()));
    }

    /// Make the in-memory state the store's state, atomically.
    pub fn commit(&mut self) -> Result<()> {
        self.finish_pack()?;
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
        let locations = lock(&self.locations).clone();
        let mut sums = Vec::new();
        for (file, bytes) in GENERATION_FILES
            .iter()
            .zip(self.generation_bytes(&gen_dir, &locations)?)
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
                self.notices.push(format!(
                    "{} now records that every import carries checksums: from now on a generation without them is reported as damage",
                    self.root.display()
                ));
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
        self.committed_packs = self.named_packs();
        Ok(())
    }

    /// The packs the activities' series lie in.
    fn named_packs(&self) -> HashSet<String> {
        let at = lock(&self.locations);
        self.activities
            .iter()
            .filter_map(|a| at.get(&a.id).map(|l| l.pack.clone()))
            .collect()
    }

    /// The two generation files as Parquet bytes, in `GENERATION_FILES` order.
    fn generation_bytes(
        &self,
        gen_dir: &Path,
        locations: &HashMap<String, Location>,
    ) -> Result<[Vec<u8>; 2]> {
        let frames = [
            activities_frame(&self.activities, locations),
            files_frame(&self.files),
        ];
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
    /// merged duplicates and leftovers of a killed import. A pack goes
    /// when neither names any series in it.
    fn remove_unnamed_series(&self) {
        let keep: HashSet<&str> = self
            .activities
            .iter()
            .map(|a| a.id.as_str())
            .chain(self.committed_ids.iter().map(String::as_str))
            .collect();
        let packs: HashSet<String> = self
            .named_packs()
            .into_iter()
            .chain(self.committed_packs.iter().cloned())
            .collect();
        let Ok(entries) = fs::read_dir(self.series_dir()) else {
            return;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let unnamed = if let Some(id) = name.strip_suffix(".parquet") {
                !keep.contains(id)
            } else if name.ends_with(&format!(".{PACK_EXT}")) {
                !packs.contains(&name)
            } else {
                // A pack or series file a killed import left half-written
                // (this process holds the write lock, so no one else is
                // writing one).
                name.starts_with(".tmp-")
            };
            if unnamed {
                let _ = fs::remove_file(e.path());
            }
        }
        self.sums().retain(|id, _| keep.contains(id.as_str()));
        lock(&self.locations).retain(|id, _| keep.contains(id.as_str()));
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

/// What a commit would record, to tell an import that changed nothing.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    activities: Vec<Activity>,
    files: Vec<FileRecord>,
    sums: Vec<(String, String)>,
    locations: Vec<(String, Location)>,
}

/// A lock whose holder panicked still guards sound data here: every
/// update under these locks is a single insert, extend or take.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
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
        let path = again.series_file("a1");
        assert_eq!(path.extension().unwrap(), PACK_EXT);
        let mut bytes = fs::read(&path).unwrap();
        let mid = bytes.len() / 2;
        bytes[mid] ^= 0x01;
        fs::write(&path, bytes).unwrap();
        assert!(!again.series_ok("a1"));
        let err = again.read_series("a1").unwrap_err().to_string();
        let name = path.file_name().unwrap().to_string_lossy();
        assert!(err.contains(&*name) && err.contains("checksum"), "{err}");
        // Noted for the next import, which rebuilds it from its export.
        assert!(again.damaged_before().contains("a1"));
        let keep = HashSet::from(["a1".to_string()]);
        again.forget_damaged(&keep);
        assert_eq!(again.damaged_before(), keep);
        again.forget_damaged(&HashSet::new());
        assert!(again.damaged_before().is_empty());
    }

    /// Issue #35: a store from before packs keeps each series in a file of
    /// its own; it still opens and reads, new series go into a pack beside
    /// them, and an own file goes only once no generation names it.
    #[test]
    fn a_store_from_before_packs_still_reads() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let one = vec![Sample {
            t_s: 3.0,
            hr_bpm: Some(120.0),
            ..Sample::default()
        }];
        // As the store wrote series before packs: `series/<id>.parquet`.
        let mut df = series_frame(&one).unwrap();
        let mut bytes = Vec::new();
        ParquetWriter::new(&mut bytes).finish(&mut df).unwrap();
        let own = dir.path().join(".runlog/series/old.parquet");
        fs::create_dir_all(own.parent().unwrap()).unwrap();
        fs::write(&own, &bytes).unwrap();
        store.sums().insert("old".into(), hash(&bytes));
        store.activities = vec![activity("old")];
        store.commit().unwrap();
        let mut again = Store::open(dir.path()).unwrap();
        assert_eq!(again.series_file("old"), own);
        assert!(again.series_range("old").is_none());
        assert_eq!(again.read_series("old").unwrap(), one);
        // A new import's series go into a pack; the own file stays.
        again.write_series("new", &one).unwrap();
        again.activities.push(activity("new"));
        again.commit().unwrap();
        let again = Store::open(dir.path()).unwrap();
        assert_eq!(again.read_series("old").unwrap(), one);
        assert_eq!(again.read_series("new").unwrap(), one);
        assert_eq!(again.series_file("new").extension().unwrap(), PACK_EXT);
        // Dropped: kept while the previous generation names it, then gone.
        let mut again = again;
        again.activities.retain(|a| a.id == "new");
        again.commit().unwrap();
        assert!(own.is_file());
        again.commit().unwrap();
        assert!(!own.exists());
        assert_eq!(again.read_series("new").unwrap(), one);
    }

    /// Issue #35: one import's series share one file; each reads back as
    /// written, from a store reopened too, and a pack cut short is damage.
    #[test]
    fn an_imports_series_share_one_pack() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let series = |n: usize| -> Vec<Sample> {
            (0..n)
                .map(|i| Sample {
                    t_s: i as f64,
                    hr_bpm: (i % 3 != 0).then_some(100.0 + n as f64),
                    ..Sample::default()
                })
                .collect()
        };
        let ids = ["a1", "b2", "c3"];
        std::thread::scope(|s| {
            for (n, id) in ids.iter().enumerate() {
                let store = &store;
                s.spawn(move || store.write_series(id, &series(10 + n)).unwrap());
            }
        });
        store.activities = ids.iter().map(|id| activity(id)).collect();
        store.commit().unwrap();
        let again = Store::open(dir.path()).unwrap();
        let pack = again.series_file("a1");
        for (n, id) in ids.iter().enumerate() {
            assert_eq!(again.series_file(id), pack);
            assert_eq!(again.read_series(id).unwrap(), series(10 + n));
        }
        let packs = fs::read_dir(dir.path().join(".runlog/series"))
            .unwrap()
            .count();
        assert_eq!(packs, 1);
        // The next import's series go into a pack of their own.
        let mut next = again;
        next.write_series("d4", &series(5)).unwrap();
        next.activities.push(activity("d4"));
        next.commit().unwrap();
        assert_ne!(next.series_file("d4"), pack);
        assert_eq!(next.read_series("a1").unwrap(), series(10));
        // Cut short, the pack's last series is damaged, not shorter.
        let bytes = fs::read(&pack).unwrap();
        fs::write(&pack, &bytes[..bytes.len() - 10]).unwrap();
        let cut: Vec<_> = ids
            .iter()
            .filter(|id| next.read_series(id).is_err())
            .collect();
        assert_eq!(cut.len(), 1, "only the last series in the pack is cut");
        assert!(!next.series_exists(cut[0]));
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
        // The richer copy's series (a pack holding the same bytes would be
        // the same file: packs are named by their content).
        let fit = [Sample {
            t_s: 1.0,
            ..Sample::default()
        }];
        store.write_series("gpx", &one).unwrap();
        store.activities = vec![activity("gpx")];
        store.commit().unwrap();
        // The merge replaces the activity; the process dies before commit.
        let mut store = Store::open(dir.path()).unwrap();
        store.write_series("fit", &fit).unwrap();
        store.activities = vec![activity("fit")];
        drop(store);
        let again = Store::open(dir.path()).unwrap();
        assert_eq!(again.read_series("gpx").unwrap(), one);
        // Committed: the previous generation (naming gpx) is still on disk.
        let mut store = again;
        store.write_series("fit", &fit).unwrap();
        store.activities = vec![activity("fit")];
        store.commit().unwrap();
        assert!(store.series_ok("gpx"));
        // One more commit and no generation names it: gone.
        let gpx_pack = store.series_file("gpx");
        assert!(gpx_pack.is_file());
        store.commit().unwrap();
        assert!(!gpx_pack.exists());
        assert!(store.series_ok("fit"));
    }
}
