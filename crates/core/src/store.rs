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

use crate::error::{Error, Result};
use crate::model::{Activity, Format, Sample, Summary};
use chrono::{DateTime, Utc};
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
/// What to do when the store is damaged, for every such message.
const RECOVER: &str = "your exports are not affected: move .runlog aside and run `runlog import` to rebuild the store from exports/ (activities whose files are no longer there would be lost, so keep the old .runlog until you have checked)";

impl Store {
    /// Open the store of a log folder; an absent store is an empty one.
    pub fn open(dir: &Path) -> Result<Store> {
        let root = dir.join(".runlog");
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
        let loaded = load_generation(&gen_dir).map_err(|e| {
            read_err(
                &root,
                format!(
                    "{e}. {}{RECOVER}",
                    previous_hint(&root, generation).unwrap_or_default()
                ),
            )
        })?;
        store.generation = generation;
        (store.activities, store.files) = (loaded.activities, loaded.files);
        store.committed_ids = store.activities.iter().map(|a| a.id.clone()).collect();
        store.series_sums = std::sync::Mutex::new(loaded.series_sums);
        Ok(store)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn series_path(&self, id: &str) -> PathBuf {
        self.root.join("series").join(format!("{id}.parquet"))
    }

    /// Write one activity's time series. Called before the commit that
    /// references it; safe to call from several threads for different ids.
    pub fn write_series(&self, id: &str, samples: &[Sample]) -> Result<()> {
        let mut df = series_frame(samples).map_err(|e| write_err(&self.root, e.to_string()))?;
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
            .map_err(|e| write_err(&self.root, e.to_string()))?;
        let path = self.series_path(id);
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
            Some(sum) if *sum != hash(&bytes) => Err(read_err(
                &self.root,
                format!(
                    "{} has changed since runlog wrote it (checksum mismatch)",
                    path.display()
                ),
            )),
            _ => Ok(bytes),
        }
    }

    pub fn read_series(&self, id: &str) -> Result<Vec<Sample>> {
        let path = self.series_path(id);
        let bytes = self.read_series_bytes(id)?;
        let df = ParquetReader::new(std::io::Cursor::new(bytes))
            .finish()
            .map_err(|e| read_err(&self.root, format!("{}: {e}", path.display())))?;
        samples_from(&df).map_err(|e| read_err(&self.root, e.to_string()))
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
        for (file, bytes) in GENERATION_FILES.iter().zip(self.generation_bytes()?) {
            write_atomic(&gen_dir.join(file), |f| f.write_all(&bytes))?;
            sums.push((file.to_string(), hash(&bytes)));
        }
        let sums_text = sums_file(&sums, &self.sums(), &self.activities);
        write_atomic(&gen_dir.join(SUMS), |f| f.write_all(sums_text.as_bytes()))?;
        sync_dir(&gen_dir);
        write_atomic(&self.root.join("CURRENT"), |f| f.write_all(name.as_bytes()))?;
        sync_dir(&self.root);
        let previous = std::mem::replace(&mut self.generation, next);
        self.remove_old_generations(previous);
        self.remove_unnamed_series();
        self.committed_ids = self.activities.iter().map(|a| a.id.clone()).collect();
        Ok(())
    }

    /// The two generation files as Parquet bytes, in `GENERATION_FILES` order.
    fn generation_bytes(&self) -> Result<[Vec<u8>; 2]> {
        let werr = |e: PolarsError| write_err(&self.root, e.to_string());
        let mut acts = activities_frame(&self.activities).map_err(werr)?;
        let mut files = files_frame(&self.files).map_err(werr)?;
        let mut out = [Vec::new(), Vec::new()];
        for (buf, df) in out.iter_mut().zip([&mut acts, &mut files]) {
            ParquetWriter::new(&mut *buf).finish(df).map_err(werr)?;
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

fn gen_name(n: u64) -> String {
    format!("gen-{n:08}")
}

fn hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// Every `gen-N` folder under the store, newest first.
fn generations(root: &Path) -> Vec<(u64, PathBuf)> {
    let mut out: Vec<(u64, PathBuf)> = fs::read_dir(root)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let n = name.strip_prefix("gen-")?.parse::<u64>().ok()?;
            Some((n, e.path()))
        })
        .collect();
    out.sort_by_key(|g| std::cmp::Reverse(g.0));
    out
}

/// A number above every generation on disk (and above the current one):
/// a commit never writes over a generation, not even a half-written one.
fn unused_generation(root: &Path, current: u64) -> Result<u64> {
    let highest = generations(root).first().map_or(0, |g| g.0).max(current);
    highest
        .checked_add(1)
        .ok_or_else(|| write_err(root, "no generation number left".into()))
}

/// The generation in force. `CURRENT` names it; when `CURRENT` is missing
/// or empty (a sync tool, a clean-up) but generations exist, the newest one
/// that reads whole is used, with a warning, so no import is lost and the
/// next commit takes a new number.
fn current_generation(root: &Path) -> Result<Option<u64>> {
    let current = match fs::read_to_string(root.join("CURRENT")) {
        Ok(s) => s.trim().to_string(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Error::io(root.join("CURRENT"), e)),
    };
    if !current.is_empty() {
        return current
            .strip_prefix("gen-")
            .and_then(|n| n.parse().ok())
            .map(Some)
            .ok_or_else(|| {
                read_err(
                    root,
                    format!(
                        "CURRENT names \"{current}\", not a generation. Write the name of the newest gen-NNNNNNNN folder into .runlog/CURRENT, or {RECOVER}"
                    ),
                )
            });
    }
    let gens = generations(root);
    let Some((n, _)) = gens.iter().find(|(_, path)| load_generation(path).is_ok()) else {
        if gens.is_empty() {
            return Ok(None);
        }
        return Err(read_err(
            root,
            format!("CURRENT is missing and no generation reads whole; {RECOVER}"),
        ));
    };
    eprintln!(
        "runlog: {} is missing or empty; using {}, the newest whole import",
        root.join("CURRENT").display(),
        gen_name(*n)
    );
    Ok(Some(*n))
}

/// "The import before this one is gen-N" when that generation reads whole.
fn previous_hint(root: &Path, damaged: u64) -> Option<String> {
    let (n, _) = generations(root)
        .into_iter()
        .find(|(n, path)| *n < damaged && load_generation(path).is_ok())?;
    Some(format!(
        "To go back to the import before it, write {} into .runlog/CURRENT; or ",
        gen_name(n)
    ))
}

/// One generation as read from disk, checked against its `SUMS`.
struct Loaded {
    activities: Vec<Activity>,
    files: Vec<FileRecord>,
    series_sums: HashMap<String, String>,
}

fn load_generation(gen_dir: &Path) -> std::result::Result<Loaded, String> {
    let sums = match fs::read_to_string(gen_dir.join(SUMS)) {
        Ok(text) => Some(parse_sums(&text)),
        // A store written before checksums: read as it is.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("{}: {e}", gen_dir.join(SUMS).display())),
    };
    let mut bytes = Vec::new();
    for file in GENERATION_FILES {
        let path = gen_dir.join(file);
        let b = fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let expected = sums.as_ref().and_then(|s| s.get(file));
        if sums.is_some() && expected != Some(&hash(&b)) {
            return Err(format!(
                "{} has changed since runlog wrote it (checksum mismatch)",
                path.display()
            ));
        }
        bytes.push(b);
    }
    let bad = |file: &str, e: PolarsError| format!("{}: {e}", gen_dir.join(file).display());
    let activities = read_activities(&bytes[0]).map_err(|e| bad(GENERATION_FILES[0], e))?;
    let files = read_files(&bytes[1]).map_err(|e| bad(GENERATION_FILES[1], e))?;
    let series_sums = sums
        .map(|s| {
            s.into_iter()
                .filter_map(|(k, v)| Some((k.strip_prefix("series/")?.to_string(), v)))
                .collect()
        })
        .unwrap_or_default();
    Ok(Loaded {
        activities,
        files,
        series_sums,
    })
}

/// `SUMS`: `<blake3>  <name>` per line, as `b3sum` writes and checks it.
fn sums_file(
    generation: &[(String, String)],
    series: &HashMap<String, String>,
    activities: &[Activity],
) -> String {
    let mut out = String::new();
    for (name, sum) in generation {
        out.push_str(&format!("{sum}  {name}\n"));
    }
    for a in activities {
        if let Some(sum) = series.get(&a.id) {
            out.push_str(&format!("{sum}  series/{}\n", a.id));
        }
    }
    out
}

fn parse_sums(text: &str) -> HashMap<String, String> {
    text.lines()
        .filter_map(|l| l.split_once("  "))
        .map(|(sum, name)| (name.to_string(), sum.to_string()))
        .collect()
}

fn read_err(root: &Path, message: String) -> Error {
    Error::StoreRead {
        path: root.to_path_buf(),
        message,
    }
}

fn write_err(root: &Path, message: String) -> Error {
    Error::StoreWrite {
        path: root.to_path_buf(),
        message,
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
    pub fn acquire(dir: &Path, wait: std::time::Duration) -> Result<WriteLock> {
        let root = dir.join(".runlog");
        fs::create_dir_all(&root).map_err(|e| Error::io(&root, e))?;
        let path = root.join("lock");
        let mut file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        let deadline = std::time::Instant::now() + wait;
        let mut told = false;
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                    if !told {
                        eprintln!(
                            "runlog: another runlog is updating {}; waiting…",
                            dir.display()
                        );
                        told = true;
                    }
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                Err(fs::TryLockError::WouldBlock) => {
                    let holder = fs::read_to_string(&path).unwrap_or_default();
                    return Err(Error::StoreWrite {
                        path: root,
                        message: format!(
                            "another runlog (pid {}) is still updating it; try again when it has finished",
                            holder.trim()
                        ),
                    });
                }
                Err(fs::TryLockError::Error(e)) => return Err(Error::io(&path, e)),
            }
        }
        let _ = file.set_len(0);
        let _ = write!(file, "{}", std::process::id());
        Ok(WriteLock { _file: file })
    }
}

/// Write a file through a temporary sibling and a rename, so readers (and a
/// crash) see the old file or the new one, never half of one.
pub fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut fs::File) -> std::io::Result<()>,
) -> Result<()> {
    write_atomic_with(path, true, write)
}

/// Whether each series file is flushed to disk as it is written. On Linux
/// they are not: `commit` flushes them all with one `syncfs` before the
/// generation that names them is written, which makes a cold import of
/// 1,500 runs about a second faster than 1,500 separate `fsync`s.
const SYNC_EACH_SERIES: bool = !cfg!(target_os = "linux");

/// Flush every file written under `dir`'s file system (the series files
/// written without their own fsync).
#[cfg(target_os = "linux")]
fn sync_file_system(dir: &Path) -> Result<()> {
    let d = fs::File::open(dir).map_err(|e| Error::io(dir, e))?;
    rustix::fs::syncfs(&d).map_err(|e| Error::io(dir, e.into()))
}

/// Elsewhere each series was flushed as it was written (`SYNC_EACH_SERIES`).
#[cfg(not(target_os = "linux"))]
fn sync_file_system(_dir: &Path) -> Result<()> {
    Ok(())
}

fn write_atomic_with(
    path: &Path,
    sync: bool,
    write: impl FnOnce(&mut fs::File) -> std::io::Result<()>,
) -> Result<()> {
    let parent = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".tmp-")
        .tempfile_in(parent)
        .map_err(|e| Error::io(parent, e))?;
    write(tmp.as_file_mut()).map_err(|e| Error::io(path, e))?;
    if sync {
        tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    }
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

fn series_frame(samples: &[Sample]) -> PolarsResult<DataFrame> {
    let col = |name: &str, f: fn(&Sample) -> Option<f64>| {
        Column::new(name.into(), samples.iter().map(f).collect::<Vec<_>>())
    };
    DataFrame::new_infer_height(vec![
        Column::new(
            "t_s".into(),
            samples.iter().map(|s| s.t_s).collect::<Vec<_>>(),
        ),
        col("hr_bpm", |s| s.hr_bpm),
        col("speed_mps", |s| s.speed_mps),
        col("cadence_spm", |s| s.cadence_spm),
        col("altitude_m", |s| s.altitude_m),
        col("distance_m", |s| s.distance_m),
    ])
}

fn samples_from(df: &DataFrame) -> PolarsResult<Vec<Sample>> {
    let t = df.column("t_s")?.f64()?;
    let get =
        |n: &str| -> PolarsResult<Vec<Option<f64>>> { Ok(df.column(n)?.f64()?.iter().collect()) };
    let (hr, sp, cad, alt, dist) = (
        get("hr_bpm")?,
        get("speed_mps")?,
        get("cadence_spm")?,
        get("altitude_m")?,
        get("distance_m")?,
    );
    Ok(t.iter()
        .enumerate()
        .map(|(i, t)| Sample {
            t_s: t.unwrap_or(0.0),
            hr_bpm: hr[i],
            speed_mps: sp[i],
            cadence_spm: cad[i],
            altitude_m: alt[i],
            distance_m: dist[i],
        })
        .collect())
}

fn activities_frame(acts: &[Activity]) -> PolarsResult<DataFrame> {
    let s = |f: fn(&Activity) -> String| acts.iter().map(f).collect::<Vec<_>>();
    let os = |f: fn(&Activity) -> Option<String>| acts.iter().map(f).collect::<Vec<_>>();
    let of = |f: fn(&Activity) -> Option<f64>| acts.iter().map(f).collect::<Vec<_>>();
    DataFrame::new_infer_height(vec![
        Column::new("id".into(), s(|a| a.id.clone())),
        Column::new("source".into(), s(|a| a.source.clone())),
        Column::new("format".into(), s(|a| a.summary.format.to_string())),
        Column::new("sport".into(), s(|a| a.summary.sport.clone())),
        Column::new("sub_sport".into(), os(|a| a.summary.sub_sport.clone())),
        Column::new("device".into(), os(|a| a.summary.device.clone())),
        Column::new("name".into(), os(|a| a.summary.name.clone())),
        Column::new(
            "start_ms".into(),
            acts.iter()
                .map(|a| a.summary.start.timestamp_millis())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "utc_offset_s".into(),
            acts.iter()
                .map(|a| a.summary.utc_offset_s)
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "elapsed_s".into(),
            acts.iter().map(|a| a.summary.elapsed_s).collect::<Vec<_>>(),
        ),
        Column::new(
            "moving_s".into(),
            acts.iter().map(|a| a.summary.moving_s).collect::<Vec<_>>(),
        ),
        Column::new("distance_m".into(), of(|a| a.summary.distance_m)),
        Column::new("ascent_m".into(), of(|a| a.summary.ascent_m)),
        Column::new("avg_hr".into(), of(|a| a.summary.avg_hr)),
        Column::new("max_hr".into(), of(|a| a.summary.max_hr)),
        Column::new("cadence_spm".into(), of(|a| a.summary.cadence_spm)),
        Column::new(
            "laps".into(),
            acts.iter().map(|a| a.summary.laps).collect::<Vec<_>>(),
        ),
        Column::new(
            "has_gps".into(),
            acts.iter().map(|a| a.summary.has_gps).collect::<Vec<_>>(),
        ),
        Column::new(
            "records".into(),
            acts.iter().map(|a| a.summary.records).collect::<Vec<_>>(),
        ),
        Column::new("rpe".into(), of(|a| a.summary.rpe)),
        Column::new("relative_effort".into(), of(|a| a.summary.relative_effort)),
        Column::new("event".into(), os(|a| a.summary.event.clone())),
        Column::new(
            "leg".into(),
            acts.iter().map(|a| a.summary.leg).collect::<Vec<_>>(),
        ),
        Column::new(
            "duplicates".into(),
            s(|a| serde_json::to_string(&a.duplicates).unwrap_or_default()),
        ),
        Column::new(
            "warnings".into(),
            s(|a| serde_json::to_string(&a.warnings).unwrap_or_default()),
        ),
    ])
}

fn read_activities(bytes: &[u8]) -> PolarsResult<Vec<Activity>> {
    let df = ParquetReader::new(std::io::Cursor::new(bytes)).finish()?;
    let strs = |n: &str| -> PolarsResult<Vec<Option<String>>> {
        Ok(df
            .column(n)?
            .str()?
            .iter()
            .map(|s| s.map(str::to_string))
            .collect())
    };
    let f64s =
        |n: &str| -> PolarsResult<Vec<Option<f64>>> { Ok(df.column(n)?.f64()?.iter().collect()) };
    let (id, source, format, sport) = (
        strs("id")?,
        strs("source")?,
        strs("format")?,
        strs("sport")?,
    );
    let (sub, device, name, dups) = (
        strs("sub_sport")?,
        strs("device")?,
        strs("name")?,
        strs("duplicates")?,
    );
    let start: Vec<Option<i64>> = df.column("start_ms")?.i64()?.iter().collect();
    let offset: Vec<Option<i32>> = df.column("utc_offset_s")?.i32()?.iter().collect();
    let (elapsed, moving, dist, ascent) = (
        f64s("elapsed_s")?,
        f64s("moving_s")?,
        f64s("distance_m")?,
        f64s("ascent_m")?,
    );
    let (avg_hr, max_hr, cad) = (f64s("avg_hr")?, f64s("max_hr")?, f64s("cadence_spm")?);
    // Columns added after the first release: a store written before them
    // reads as "not known".
    let optional = |n: &str| f64s(n).unwrap_or_else(|_| vec![None; df.height()]);
    let (rpe, effort) = (optional("rpe"), optional("relative_effort"));
    let event = strs("event").unwrap_or_else(|_| vec![None; df.height()]);
    let leg: Vec<Option<u32>> = match df.column("leg").and_then(|c| c.u32().cloned()) {
        Ok(c) => c.iter().collect(),
        Err(_) => vec![None; df.height()],
    };
    // Added later: an older store has no warnings column.
    let warnings = strs("warnings").unwrap_or_else(|_| vec![None; df.height()]);
    let laps: Vec<Option<u32>> = df.column("laps")?.u32()?.iter().collect();
    let gps: Vec<Option<bool>> = df.column("has_gps")?.bool()?.iter().collect();
    let records: Vec<Option<u32>> = df.column("records")?.u32()?.iter().collect();
    let mut out = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        let start =
            DateTime::<Utc>::from_timestamp_millis(start[i].unwrap_or(0)).unwrap_or_default();
        out.push(Activity {
            id: id[i].clone().unwrap_or_default(),
            source: source[i].clone().unwrap_or_default(),
            summary: Summary {
                format: format[i]
                    .as_deref()
                    .and_then(Format::parse)
                    .unwrap_or(Format::Fit),
                sport: sport[i].clone().unwrap_or_else(|| "unknown".into()),
                sub_sport: sub[i].clone(),
                device: device[i].clone(),
                name: name[i].clone(),
                start,
                utc_offset_s: offset[i],
                elapsed_s: elapsed[i].unwrap_or(0.0),
                moving_s: moving[i].unwrap_or(0.0),
                distance_m: dist[i],
                ascent_m: ascent[i],
                avg_hr: avg_hr[i],
                max_hr: max_hr[i],
                cadence_spm: cad[i],
                laps: laps[i],
                has_gps: gps[i].unwrap_or(false),
                records: records[i].unwrap_or(0),
                rpe: rpe[i],
                relative_effort: effort[i],
                event: event[i].clone(),
                leg: leg[i],
            },
            duplicates: dups[i]
                .as_deref()
                .and_then(|d| serde_json::from_str(d).ok())
                .unwrap_or_default(),
            warnings: warnings[i]
                .as_deref()
                .and_then(|d| serde_json::from_str(d).ok())
                .unwrap_or_default(),
        });
    }
    Ok(out)
}

fn files_frame(files: &[FileRecord]) -> PolarsResult<DataFrame> {
    let (status, detail): (Vec<&str>, Vec<Option<String>>) = files
        .iter()
        .map(|f| match &f.status {
            FileStatus::Imported => ("imported", None),
            FileStatus::Duplicate { of } => ("duplicate", Some(of.clone())),
            FileStatus::Skipped { reason } => ("skipped", Some(reason.clone())),
        })
        .unzip();
    DataFrame::new_infer_height(vec![
        Column::new(
            "path".into(),
            files.iter().map(|f| f.path.clone()).collect::<Vec<_>>(),
        ),
        Column::new(
            "size_bytes".into(),
            files.iter().map(|f| f.size_bytes).collect::<Vec<_>>(),
        ),
        Column::new(
            "mtime_ns".into(),
            files.iter().map(|f| f.mtime_ns).collect::<Vec<_>>(),
        ),
        Column::new(
            "id".into(),
            files.iter().map(|f| f.id.clone()).collect::<Vec<_>>(),
        ),
        Column::new("status".into(), status),
        Column::new("detail".into(), detail),
    ])
}

fn read_files(bytes: &[u8]) -> PolarsResult<Vec<FileRecord>> {
    let df = ParquetReader::new(std::io::Cursor::new(bytes)).finish()?;
    let path_c = df.column("path")?.str()?;
    let size = df.column("size_bytes")?.u64()?;
    let mtime = df.column("mtime_ns")?.i64()?;
    let id = df.column("id")?.str()?;
    let status = df.column("status")?.str()?;
    let detail = df.column("detail")?.str()?;
    Ok((0..df.height())
        .map(|i| {
            let d = detail.get(i).unwrap_or("").to_string();
            FileRecord {
                path: path_c.get(i).unwrap_or("").to_string(),
                size_bytes: size.get(i).unwrap_or(0),
                mtime_ns: mtime.get(i).unwrap_or(0),
                id: id.get(i).unwrap_or("").to_string(),
                status: match status.get(i) {
                    Some("duplicate") => FileStatus::Duplicate { of: d },
                    Some("skipped") => FileStatus::Skipped { reason: d },
                    _ => FileStatus::Imported,
                },
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn activity(id: &str) -> Activity {
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
    fn a_half_written_generation_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        store.activities = vec![activity("a1")];
        store.commit().unwrap();
        // A crash after writing gen-2's folder but before CURRENT moved.
        let g2 = dir.path().join(".runlog/gen-00000002");
        fs::create_dir_all(&g2).unwrap();
        fs::write(g2.join("activities.parquet"), b"PAR1 half").unwrap();
        let again = Store::open(dir.path()).unwrap();
        assert_eq!(again.activities.len(), 1);
    }

    #[test]
    fn a_second_writer_waits_then_gives_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let held = WriteLock::acquire(dir.path(), std::time::Duration::ZERO).unwrap();
        let err = WriteLock::acquire(dir.path(), std::time::Duration::from_millis(200))
            .err()
            .unwrap();
        assert!(err.to_string().contains("another runlog"), "{err}");
        drop(held);
        // Released (as it is when a process dies): the next one gets it.
        WriteLock::acquire(dir.path(), std::time::Duration::ZERO).unwrap();
    }

    fn gen_names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir.join(".runlog"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("gen-"))
            .collect();
        names.sort();
        names
    }

    /// Issue #12.5: a lost `CURRENT` must not turn the next import into a
    /// fresh store written over the old generation.
    #[test]
    fn a_missing_current_uses_the_newest_whole_generation() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        store.activities = vec![activity("a1")];
        store.commit().unwrap();
        store.activities = vec![activity("a1"), activity("b2")];
        store.commit().unwrap();
        for damage in ["remove", "empty"] {
            let current = dir.path().join(".runlog/CURRENT");
            match damage {
                "remove" => fs::remove_file(&current).unwrap(),
                _ => fs::write(&current, "").unwrap(),
            }
            let mut again = Store::open(dir.path()).unwrap();
            assert_eq!(again.activities.len(), 2, "{damage}");
            let before = gen_names(dir.path());
            again.commit().unwrap();
            let after = gen_names(dir.path());
            assert!(
                after.last() > before.last(),
                "a new number: {before:?} -> {after:?}"
            );
            assert_eq!(Store::open(dir.path()).unwrap().activities.len(), 2);
        }
    }

    #[test]
    fn a_commit_never_reuses_a_half_written_generation() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        store.activities = vec![activity("a1")];
        store.commit().unwrap();
        let half = dir.path().join(".runlog/gen-00000002");
        fs::create_dir_all(&half).unwrap();
        fs::write(half.join("activities.parquet"), b"half").unwrap();
        store.commit().unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join(".runlog/CURRENT")).unwrap(),
            "gen-00000003"
        );
    }

    /// Issue #13: a flipped byte in a generation file is caught, with the
    /// file and the way back named, instead of moving a run silently.
    #[test]
    fn a_changed_generation_file_is_named_with_the_way_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        store.activities = vec![activity("a1")];
        store.commit().unwrap();
        store.activities = vec![activity("a1"), activity("b2")];
        store.commit().unwrap();
        let path = dir.path().join(".runlog/gen-00000002/activities.parquet");
        let mut bytes = fs::read(&path).unwrap();
        let mid = bytes.len() / 2;
        bytes[mid] ^= 0x55;
        fs::write(&path, bytes).unwrap();
        let err = Store::open(dir.path()).err().unwrap().to_string();
        assert!(err.contains("gen-00000002/activities.parquet"), "{err}");
        assert!(err.contains("checksum"), "{err}");
        assert!(
            err.contains("write gen-00000001 into .runlog/CURRENT"),
            "{err}"
        );
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

    #[test]
    fn a_damaged_store_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join(".runlog")).unwrap();
        fs::write(dir.path().join(".runlog/CURRENT"), "gen-00000007").unwrap();
        let err = Store::open(dir.path()).err().unwrap().to_string();
        assert!(err.contains(".runlog"), "{err}");
    }
}
