//! Reading watch exports: find the files, open gzip, pick the parser, and
//! turn every failure (even a parser panic) into a `SkipReason`.
//!
//! Parsers take bytes, not paths, so they can be fuzzed and tested without
//! a file system; this module is the boundary where paths are attached.

pub mod apple_health;
pub mod archive;
pub mod fit;
pub mod garmin;
pub mod gpx;
mod sanity;
pub mod strava;
pub mod tcx;
mod xml;

use crate::error::SkipReason;
use crate::model::{Format, Parsed, Sample, Summary};
use chrono::{DateTime, Utc};
use std::io::Read;
use std::path::{Path, PathBuf};

/// A single export bigger than this is refused rather than read into memory.
/// The largest real activity files are a few tens of MB.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// Most points (records, track points, laps) runlog keeps from one file:
/// 5 million is 58 days at one a second, far beyond any real activity. A
/// point costs about 200 bytes in memory while it is read but can take a
/// single byte in a FIT file (and less once zipped), so without this cap a
/// small hostile file could demand tens of gigabytes.
pub const MAX_RECORDS: usize = 5_000_000;

/// The activity file formats runlog decodes from bytes. An Apple Health
/// workout is not a file of its own (see `apple_health`), so it is not one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Fit,
    Gpx,
    Tcx,
}

impl From<FileFormat> for Format {
    fn from(f: FileFormat) -> Format {
        match f {
            FileFormat::Fit => Format::Fit,
            FileFormat::Gpx => Format::Gpx,
            FileFormat::Tcx => Format::Tcx,
        }
    }
}

/// What a path's name says it is. Extensions are case-insensitive and `.gz`
/// may wrap any format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    pub format: FileFormat,
    pub gzip: bool,
}

impl Kind {
    pub fn of(path: &Path) -> Option<Kind> {
        Kind::of_name(path.file_name()?.to_str()?)
    }

    /// The same, for a name inside an archive.
    pub fn of_name(name: &str) -> Option<Kind> {
        let name = name.rsplit('/').next()?.to_ascii_lowercase();
        let (stem, gzip) = match name.strip_suffix(".gz") {
            Some(stem) => (stem, true),
            None => (name.as_str(), false),
        };
        let format = if stem.ends_with(".fit") {
            FileFormat::Fit
        } else if stem.ends_with(".gpx") {
            FileFormat::Gpx
        } else if stem.ends_with(".tcx") {
            FileFormat::Tcx
        } else {
            return None;
        };
        Some(Kind { format, gzip })
    }
}

/// The store's id of a file: BLAKE3 of its bytes, 128 bits in hex. The
/// same run exported twice byte for byte is one activity.
pub fn id_of(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex()[..32].to_string()
}

/// The id of the `i`th activity of a file holding several (TCX laps of a
/// multisport, FIT legs): `<hash>`, `<hash>-1`, `<hash>-2`…
pub fn unit_id(file: &str, i: usize) -> String {
    if i == 0 {
        file.to_string()
    } else {
        format!("{file}-{i}")
    }
}

/// Whether a path is an Apple Health export's `export.xml` (an export
/// unzipped into a folder).
pub fn is_apple_health(path: &Path) -> bool {
    fn name(p: Option<&Path>) -> Option<&str> {
        p?.file_name()?.to_str()
    }
    name(Some(path)).is_some_and(|file| apple_health::is_export(name(path.parent()), file))
}

/// Whether a name (a path inside an archive or a folder, `/`-separated)
/// is metadata a Mac adds when it zips or copies files: anything under
/// `__MACOSX/`, and AppleDouble `._name` files (the resource fork of
/// `name`, not its content). They are ignored wherever they are found: read
/// as an activity or an Apple Health export, they would be corrupt skips.
pub fn is_mac_metadata(name: &str) -> bool {
    name.split(['/', '\\'])
        .any(|c| c == "__MACOSX" || c.starts_with("._"))
}

/// Whether a path is a zip archive (a Strava or Garmin bulk export).
pub fn is_zip(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
}

/// Decode one file's bytes into its activities (a TCX file may hold
/// several). Never panics: a panic inside a parser is caught and reported
/// as a skip, because one bad export must not end the import.
pub fn parse_bytes(bytes: &[u8], kind: Kind) -> Result<Vec<Parsed>, SkipReason> {
    if bytes.is_empty() {
        return Err(SkipReason::Empty);
    }
    let inflated;
    let data = if kind.gzip {
        inflated = gunzip(bytes)?;
        if inflated.is_empty() {
            return Err(SkipReason::Empty);
        }
        &inflated[..]
    } else {
        bytes
    };
    let result = std::panic::catch_unwind(|| match kind.format {
        FileFormat::Fit => fit::decode(data),
        FileFormat::Gpx => gpx::decode(data).map(|p| vec![p]),
        FileFormat::Tcx => tcx::decode(data),
    });
    match result {
        Ok(r) => sanity::settle(r?, bytes),
        Err(panic) => Err(SkipReason::Crashed(panic_message(&panic))),
    }
}

/// Read an Apple Health `export.xml` streamed from `input`. Never panics:
/// a panic while reading is a skip, as for any file.
pub fn read_apple_health<R: std::io::BufRead>(
    input: R,
) -> Result<apple_health::Export, SkipReason> {
    let result =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| apple_health::read(input)));
    result.unwrap_or_else(|panic| Err(SkipReason::Crashed(panic_message(&panic))))
}

/// One Apple Health workout as an activity, with its route (its path, and
/// its bytes or why they could not be read) and the export's heart-rate
/// readings; through the same checks as every file's activities.
pub fn parse_workout(
    w: &apple_health::Workout,
    heart_rate: &[apple_health::Beat],
    route: Option<(&str, Result<Vec<u8>, SkipReason>)>,
) -> Result<Parsed, SkipReason> {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        apple_health::activity(w, heart_rate, route)
    }));
    match result {
        Ok(r) => {
            let id = apple_health::workout_id(w);
            sanity::settle(vec![r?], id.as_bytes()).map(|mut v| v.remove(0))
        }
        Err(panic) => Err(SkipReason::Crashed(panic_message(&panic))),
    }
}

/// Read and decode one file from disk.
pub fn parse_file(path: &Path) -> Result<Vec<Parsed>, SkipReason> {
    let kind = Kind::of(path)
        .ok_or_else(|| SkipReason::Corrupt("not a .fit, .gpx or .tcx file".into()))?;
    let bytes = read_limited(path)?;
    parse_bytes(&bytes, kind)
}

/// Read a file, refusing anything over `MAX_FILE_BYTES`.
pub fn read_limited(path: &Path) -> Result<Vec<u8>, SkipReason> {
    let file = std::fs::File::open(path).map_err(|e| SkipReason::Unreadable(e.to_string()))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    if len > MAX_FILE_BYTES {
        return Err(SkipReason::TooLarge {
            bytes: len,
            limit: MAX_FILE_BYTES,
        });
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| SkipReason::Unreadable(e.to_string()))?;
    Ok(bytes)
}

/// Inflate gzip with the same size cap as plain files. The size is
/// measured first without keeping anything, so a small bomb is refused
/// without ever filling the memory.
pub(crate) fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, SkipReason> {
    let n = gzip_size(bytes)?;
    if n > MAX_FILE_BYTES {
        return Err(SkipReason::TooLarge {
            bytes: n,
            limit: MAX_FILE_BYTES,
        });
    }
    let mut out = Vec::with_capacity(n as usize);
    flate2::read::MultiGzDecoder::new(bytes)
        .take(n)
        .read_to_end(&mut out)
        .map_err(|e| SkipReason::Corrupt(format!("gzip: {e}")))?;
    Ok(out)
}

/// How many bytes `bytes` inflate to, counting at most `MAX_FILE_BYTES + 1`.
fn gzip_size(bytes: &[u8]) -> Result<u64, SkipReason> {
    match gzip_inflated(bytes) {
        (n, None) => Ok(n),
        (_, Some(e)) => Err(SkipReason::Corrupt(format!("gzip: {e}"))),
    }
}

/// How far `gz` inflates, counting at most `MAX_FILE_BYTES + 1` and
/// keeping nothing, with the error that stopped it early, if any. An
/// archive charges a damaged member for what came out before the damage.
pub(crate) fn gzip_inflated(gz: &[u8]) -> (u64, Option<std::io::Error>) {
    let mut dec = flate2::read::MultiGzDecoder::new(gz).take(MAX_FILE_BYTES + 1);
    let mut buf = [0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        match dec.read(&mut buf) {
            Ok(0) => return (total, None),
            Ok(n) => total += n as u64,
            Err(e) => return (total, Some(e)),
        }
    }
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".into()
    }
}

/// Files found under the given roots: activity files and a count of the rest.
#[derive(Debug, Default)]
pub struct Found {
    pub files: Vec<PathBuf>,
    /// Strava `activities.csv` indexes found beside the files.
    pub strava_indexes: Vec<PathBuf>,
    /// Garmin Connect activity lists (`*_summarizedActivities.json`).
    pub garmin_lists: Vec<PathBuf>,
    pub ignored: usize,
    /// Directories or entries that could not be read, with the reason.
    pub unreadable: Vec<(PathBuf, String)>,
}

/// Walk the roots recursively. Symlinked directories are not followed, so a
/// link loop in `exports/` cannot hang the import. Sorted for determinism.
pub fn find_files(roots: &[PathBuf]) -> Found {
    let mut found = Found::default();
    for root in roots {
        walk(root, &mut found);
    }
    found.files.sort();
    found.files.dedup();
    leave_routes_to_their_workouts(&mut found);
    found
}

/// An unzipped Apple Health export's route files are read through the
/// workouts that name them, never as activities of their own (nor counted
/// as ignored: they are read).
fn leave_routes_to_their_workouts(found: &mut Found) {
    let folders: Vec<PathBuf> = found
        .files
        .iter()
        .filter(|p| is_apple_health(p))
        .filter_map(|p| Some(p.parent()?.join("workout-routes")))
        .collect();
    found
        .files
        .retain(|p| !folders.iter().any(|f| p.starts_with(f)));
}

fn walk(path: &Path, found: &mut Found) {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            // A link to nowhere (an export moved, a cloud folder offline)
            // says where it points, not "No such file or directory".
            let why = match std::fs::read_link(path) {
                Ok(to) => format!("a link to {}, which does not exist", to.display()),
                Err(_) => e.to_string(),
            };
            found.unreadable.push((path.to_path_buf(), why));
            return;
        }
    };
    if !meta.is_file() && !meta.is_dir() {
        found
            .unreadable
            .push((path.to_path_buf(), not_a_file(&meta).into()));
        return;
    }
    if meta.is_file() {
        if strava::is_index(path) {
            found.strava_indexes.push(path.to_path_buf());
        } else if garmin::is_list(&path.to_string_lossy()) {
            found.garmin_lists.push(path.to_path_buf());
        } else if Kind::of(path).is_some() || is_zip(path) || is_apple_health(path) {
            found.files.push(path.to_path_buf());
        } else {
            found.ignored += 1;
        }
        return;
    }
    let entries = match std::fs::read_dir(path) {
        Ok(e) => e,
        Err(e) => {
            found.unreadable.push((path.to_path_buf(), e.to_string()));
            return;
        }
    };
    for entry in entries.flatten() {
        let p = entry.path();
        if is_mac_metadata(&entry.file_name().to_string_lossy()) {
            found.ignored += 1;
            continue;
        }
        let is_link_dir = entry.file_type().map(|t| t.is_symlink()).unwrap_or(false) && p.is_dir();
        if is_link_dir {
            found.ignored += 1;
            continue;
        }
        walk(&p, found);
    }
}

/// What a path is when it is neither a file nor a folder: reading a named
/// pipe would wait forever, and "Not a directory" says nothing.
fn not_a_file(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe (FIFO), not a file";
        }
        if t.is_socket() {
            return "a socket, not a file";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device, not a file";
        }
    }
    let _ = meta;
    "not a regular file"
}

/// Sports where cadence means steps, not pedal strokes.
pub fn foot_sport(sport: &str) -> bool {
    let s = crate::sport::classify(sport, None);
    s.is_running() || s.is_walking() || sport == "multisport"
}

/// Builds a `Summary` from a time series, for what the file does not state.
pub(crate) struct Builder {
    format: Format,
    start: DateTime<Utc>,
    samples: Vec<Sample>,
}

impl Builder {
    pub fn new(format: Format, start: DateTime<Utc>) -> Builder {
        Builder {
            format,
            start,
            samples: Vec::new(),
        }
    }

    pub fn push(&mut self, s: Sample) {
        self.samples.push(s);
    }

    /// Seconds from the first to the last sample.
    pub fn span_s(&self) -> f64 {
        match (self.samples.first(), self.samples.last()) {
            (Some(a), Some(b)) => (b.t_s - a.t_s).max(0.0),
            _ => 0.0,
        }
    }

    /// A summary with everything derivable from the samples filled in;
    /// parsers then overwrite what their file states directly.
    pub fn summary(&self, records: u32) -> Summary {
        let s = &self.samples;
        let hr: Vec<f64> = s.iter().filter_map(|x| x.hr_bpm).collect();
        let cad: Vec<f64> = s
            .iter()
            .filter_map(|x| x.cadence_spm)
            .filter(|&c| c > 0.0)
            .collect();
        let dist = s
            .iter()
            .filter_map(|x| x.distance_m)
            .fold(None, |m: Option<f64>, d| Some(m.map_or(d, |m| m.max(d))));
        let span = self.span_s();
        Summary {
            distance_m: dist,
            ascent_m: ascent_m(s.iter().map(|x| x.altitude_m)),
            avg_hr: mean(&hr),
            max_hr: hr
                .iter()
                .copied()
                .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v)))),
            cadence_spm: mean(&cad),
            records,
            ..Summary::new(self.format, "unknown", self.start, span)
        }
    }

    pub fn into_samples(self) -> Vec<Sample> {
        self.samples
    }
}

pub(crate) use crate::metrics::mean;

/// Total climb with a hysteresis band: GPS and barometric altitude wobble by
/// a metre or two, and summing every wobble would double a flat run's ascent.
/// A climb counts once the altitude has risen `BAND` metres above the lowest
/// point since the last counted peak.
pub(crate) fn ascent_m(altitudes: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    const BAND: f64 = 3.0;
    let mut total = 0.0;
    let mut low: Option<f64> = None;
    let mut high: Option<f64> = None;
    let mut seen = false;
    for a in altitudes.flatten() {
        seen = true;
        match (low, high) {
            (None, _) => {
                low = Some(a);
                high = None;
            }
            (Some(l), None) => {
                if a < l {
                    low = Some(a);
                } else if a - l >= BAND {
                    high = Some(a);
                }
            }
            (Some(l), Some(h)) => {
                if a > h {
                    high = Some(a);
                } else if h - a >= BAND {
                    total += h - l;
                    low = Some(a);
                    high = None;
                }
            }
        }
    }
    if let (Some(l), Some(h)) = (low, high) {
        total += h - l;
    }
    seen.then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_reads_extensions_case_insensitively() {
        let k = Kind::of(Path::new("a/B.FIT.GZ")).unwrap();
        assert_eq!((k.format, k.gzip), (FileFormat::Fit, true));
        assert_eq!(
            Kind::of(Path::new("x.Gpx")).unwrap().format,
            FileFormat::Gpx
        );
        assert_eq!(
            Kind::of(Path::new("x.TCX.gz")).unwrap().format,
            FileFormat::Tcx
        );
        assert!(Kind::of(Path::new("x.csv")).is_none());
        assert!(is_zip(Path::new("export.ZIP")));
        assert!(Kind::of(Path::new("fit")).is_none());
    }

    #[test]
    fn ascent_ignores_wobble_but_counts_hills() {
        let flat = [100.0, 101.5, 99.8, 101.0, 100.2, 101.9, 100.0];
        assert_eq!(ascent_m(flat.iter().map(|&a| Some(a))), Some(0.0));
        let hill = [100.0, 105.0, 110.0, 104.0, 100.0, 101.0, 120.0];
        // 100 → 110 is one climb, 100 → 120 another.
        assert_eq!(ascent_m(hill.iter().map(|&a| Some(a))), Some(30.0));
        assert_eq!(ascent_m([None, None].into_iter()), None);
    }

    #[test]
    fn empty_and_garbage_bytes_are_clean_skips() {
        let fit = Kind {
            format: FileFormat::Fit,
            gzip: false,
        };
        assert_eq!(parse_bytes(b"", fit), Err(SkipReason::Empty));
        assert!(matches!(
            parse_bytes(b"hello world, not fit", fit),
            Err(SkipReason::Corrupt(_))
        ));
        let gz = Kind {
            format: FileFormat::Gpx,
            gzip: true,
        };
        assert!(matches!(
            parse_bytes(b"\x1f\x8bnot really", gz),
            Err(SkipReason::Corrupt(_))
        ));
    }
}
