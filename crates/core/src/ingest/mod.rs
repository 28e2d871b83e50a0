//! Bring new export files into the store: skip what is known, parse the
//! rest in parallel, merge duplicates, commit once.
//!
//! A file is recognised as known by path, size and modification time first
//! (no read at all), then by the hash of its bytes; only new bytes are parsed.

use crate::error::{Result, SkipReason};
use crate::import::archive::{self, Item};
use crate::import::garmin::{self, Named};
use crate::import::strava::{self, Meta};
use crate::import::{self, Kind, apple_health, id_of};
use crate::model::{Activity, Summary};
use crate::store::{FileRecord, FileStatus, Store};
use chrono::{DateTime, Utc};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

mod shifted;

/// Two files are one run when they start within this many seconds…
const SAME_START_S: f64 = 120.0;
/// …and overlap for at least this share of the shorter one.
const SAME_OVERLAP: f64 = 0.5;

/// Told how the parsing of new files goes, for a progress bar; the import
/// itself never draws anything.
pub trait Progress: Sync {
    fn start(&self, _files: u64) {}
    fn advance(&self) {}
    fn finish(&self) {}
}

/// No progress shown (tests, `--quiet`, benchmarks).
pub struct Silent;

impl Progress for Silent {}

/// What one import did, for the summary and the exit code.
#[derive(Debug, Default)]
pub struct Report {
    pub imported: Vec<String>,
    pub unchanged: usize,
    pub known: usize,
    /// (file, activity source it duplicates)
    pub duplicates: Vec<(String, String)>,
    pub skipped: Vec<(String, SkipReason)>,
    /// Files imported with a problem worked around.
    pub warnings: Vec<(String, String)>,
    pub ignored: usize,
    /// Skipped in an earlier run and unchanged since.
    pub skipped_before: usize,
}

impl Report {
    /// One line per count, as printed at the end of `runlog import`.
    pub fn summary_line(&self) -> String {
        format!(
            "{} imported, {} already known, {} duplicates merged, {} skipped{}{}",
            self.imported.len(),
            self.unchanged + self.known,
            self.duplicates.len(),
            self.skipped.len(),
            if self.skipped_before > 0 {
                format!(" ({} skipped earlier, unchanged)", self.skipped_before)
            } else {
                String::new()
            },
            if self.ignored > 0 {
                format!(", {} other files ignored", self.ignored)
            } else {
                String::new()
            }
        )
    }
}

/// One activity (or failure) found in an input file; an archive or a TCX
/// file yields several.
enum Unit {
    New {
        id: String,
        source: String,
        summary: Box<Summary>,
        warnings: Vec<String>,
    },
    /// Same bytes as an activity already stored (e.g. a copied file).
    Known {
        id: String,
        source: String,
    },
    Skipped {
        source: String,
        reason: SkipReason,
    },
}

/// One new or changed input file after the parallel stage.
struct Outcome {
    record: FileRecord,
    units: Vec<Unit>,
    /// Strava indexes found inside an archive: (folder, index).
    indexes: Vec<(String, HashMap<String, Meta>)>,
    /// Garmin activity lists found inside an archive: (path, list or why
    /// it could not be read).
    lists: Vec<(String, std::result::Result<Vec<Named>, String>)>,
    /// Problems worked around that belong to no one activity: (file, what).
    warnings: Vec<(String, String)>,
    ignored: usize,
}

/// Import every activity file under `roots` into the store of log folder `dir`.
pub fn run(
    dir: &Path,
    roots: &[PathBuf],
    store: &mut Store,
    progress: &dyn Progress,
    now: DateTime<Utc>,
) -> Result<Report> {
    let found = import::find_files(roots);
    let mut report = Report {
        ignored: found.ignored,
        ..Report::default()
    };
    for (p, why) in &found.unreadable {
        report
            .skipped
            .push((relative(dir, p), SkipReason::Unreadable(why.clone())));
    }
    let by_path: HashMap<&str, &FileRecord> =
        store.files.iter().map(|f| (f.path.as_str(), f)).collect();
    let mut todo = Vec::new();
    for path in found.files {
        let rel = relative(dir, &path);
        let (size, mtime) = stat(&path);
        match by_path.get(rel.as_str()) {
            // A file that could not be read (permissions, still syncing)
            // is tried again on every import.
            Some(f) if f.size_bytes == size && f.mtime_ns == mtime && !unreadable(f) => {
                if matches!(f.status, FileStatus::Skipped { .. }) {
                    report.skipped_before += 1;
                } else {
                    report.unchanged += 1;
                }
            }
            _ => todo.push((path, rel, size, mtime)),
        }
    }
    progress.start(todo.len() as u64);
    let mut outcomes: Vec<Outcome> = todo
        .par_iter()
        .map(|(path, rel, size, mtime)| {
            let o = process(store, path, rel, *size, *mtime);
            progress.advance();
            o
        })
        .collect::<Result<_>>()?;
    progress.finish();
    let mut metas = folder_indexes(dir, &found.strava_indexes);
    let mut lists: Vec<(String, std::result::Result<Vec<Named>, String>)> = found
        .garmin_lists
        .iter()
        .map(|p| (relative(dir, p), read_list(p)))
        .collect();
    for o in &mut outcomes {
        for (folder, index) in &o.indexes {
            metas.extend(
                index
                    .iter()
                    .map(|(f, m)| (format!("{folder}{f}"), m.clone())),
            );
        }
        lists.append(&mut o.lists);
    }
    let before = store.state()?;
    merge(store, outcomes, &mut report, now);
    attach_names(store, lists, &mut report);
    attach_metadata(store, &metas);
    let still_damaged = repair_series(dir, store, &mut report);
    failpoint("ingest-before-commit");
    // Nothing new keeps the generation in force: committing an identical
    // one would drop the previous generation, the runner's way back.
    if store.state()? != before || store.needs_upgrade() {
        store.commit()?;
    }
    store.forget_damaged(&still_damaged);
    Ok(report)
}

/// A series deleted behind runlog's back (a clean-up, a sync tool) is
/// rebuilt from its export when that file is still there and unchanged;
/// otherwise the activity is named. Existence is checked here, which
/// costs a `stat` per activity; damage is caught by the checksum on read,
/// which notes the series for this check (`Store::damaged_before`).
/// Returns the damaged series that could not be rebuilt: they stay noted
/// for the import after the export is put back.
fn repair_series(dir: &Path, store: &Store, report: &mut Report) -> HashSet<String> {
    let damaged = store.damaged_before();
    let mut still = HashSet::new();
    for a in &store.activities {
        let what = if !store.series_exists(&a.id) {
            "missing"
        } else if damaged.contains(&a.id) && !store.series_ok(&a.id) {
            "damaged"
        } else {
            continue;
        };
        let note = match rebuild_series(dir, store, a) {
            Ok(()) => format!("its stored time series was {what}; rebuilt from this file"),
            Err(why) => {
                if what == "damaged" {
                    still.insert(a.id.clone());
                }
                format!(
                    "its stored time series is {what} and cannot be rebuilt ({why}); put the export back into exports/ and run `runlog import` again"
                )
            }
        };
        report.warnings.push((a.source.clone(), note));
    }
    still
}

fn rebuild_series(dir: &Path, store: &Store, a: &Activity) -> std::result::Result<(), String> {
    let path = dir.join(&a.source);
    let kind = Kind::of(&path).ok_or(
        "the export is not a single activity file (an archive, an Apple Health export) or is gone",
    )?;
    let bytes = import::read_limited(&path).map_err(|e| e.to_string())?;
    let base = id_of(&bytes);
    let index = match a.id.strip_prefix(&base) {
        Some("") => 0,
        Some(rest) => rest
            .strip_prefix('-')
            .and_then(|n| n.parse().ok())
            .ok_or("the export has changed since")?,
        None => return Err("the export has changed since".into()),
    };
    let parsed = import::parse_bytes(&bytes, kind).map_err(|e| e.to_string())?;
    let p = parsed.get(index).ok_or("the export has changed since")?;
    store
        .write_series(&a.id, &p.samples)
        .map_err(|e| e.to_string())
}

fn unreadable(f: &FileRecord) -> bool {
    matches!(&f.status, FileStatus::Skipped { reason } if reason.starts_with(UNREADABLE_PREFIX))
}

/// How `SkipReason::Unreadable` reads once stored as text.
const UNREADABLE_PREFIX: &str = "cannot read";

/// Tests kill the import at a named point (debug builds only) to prove a
/// crash there loses nothing.
fn failpoint(name: &str) {
    if cfg!(debug_assertions) && std::env::var_os("RUNLOG_FAILPOINT").is_some_and(|v| v == name) {
        std::process::abort();
    }
}

/// Strava indexes lying in the folders walked: each maps the files it
/// names, relative to its own folder, to their metadata.
fn folder_indexes(dir: &Path, indexes: &[PathBuf]) -> HashMap<String, Meta> {
    let mut out = HashMap::new();
    for csv in indexes {
        let Ok(bytes) = std::fs::read(csv) else {
            continue;
        };
        let folder = csv.parent().map(|p| relative(dir, p)).unwrap_or_default();
        let prefix = if folder.is_empty() {
            String::new()
        } else {
            format!("{folder}/")
        };
        for (file, meta) in strava::parse_index(&bytes) {
            out.insert(format!("{prefix}{file}"), meta);
        }
    }
    out
}

fn read_list(path: &Path) -> std::result::Result<Vec<Named>, String> {
    let bytes = import::read_limited(path).map_err(|e| e.to_string())?;
    garmin::parse_list(&bytes)
}

/// Give each activity the name Garmin Connect's list gives the activity
/// starting at its start. A list that cannot be read costs a warning and
/// its names, never the import. Strava's index, applied after, wins where
/// both name a run: it is matched by file, not by time.
fn attach_names(
    store: &mut Store,
    lists: Vec<(String, std::result::Result<Vec<Named>, String>)>,
    report: &mut Report,
) {
    let mut named = Vec::new();
    for (file, list) in lists {
        match list {
            Ok(mut l) => named.append(&mut l),
            Err(why) => report.warnings.push((
                file,
                format!("Garmin's activity list could not be read ({why}); activities keep the names their files give"),
            )),
        }
    }
    if named.is_empty() {
        return;
    }
    for a in &mut store.activities {
        if let Some(name) = garmin::name_for(&named, a.summary.start) {
            a.summary.name = crate::text::clean_opt(Some(name.to_string()));
        }
    }
}

/// Give each activity what the export's index says about its file (or a
/// duplicate's file: Strava's copy of a run may lose to the watch's own
/// FIT, but its name and effort still belong to the run).
fn attach_metadata(store: &mut Store, metas: &HashMap<String, Meta>) {
    if metas.is_empty() {
        return;
    }
    for a in &mut store.activities {
        let sources = std::iter::once(&a.source).chain(a.duplicates.iter());
        let Some(meta) = sources.filter_map(|s| metas.get(s)).next() else {
            continue;
        };
        let s = &mut a.summary;
        if meta.name.is_some() {
            s.name = crate::text::clean_opt(meta.name.clone());
        }
        s.rpe = meta.rpe.or(s.rpe);
        s.relative_effort = meta.relative_effort.or(s.relative_effort);
        // The runner's own label wins over a file that names no sport.
        if let Some(t) = &meta.activity_type
            && matches!(s.sport.as_str(), "unknown" | "generic")
        {
            let (sport, sub) = crate::sport::store_name(t);
            s.sport = sport;
            s.sub_sport = sub.or(s.sub_sport.take());
        }
    }
}

fn stat(path: &Path) -> (u64, i64) {
    match std::fs::metadata(path) {
        Ok(m) => {
            let mtime = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map(|d| d.as_nanos() as i64)
                .unwrap_or(0);
            (m.len(), mtime)
        }
        Err(_) => (0, 0),
    }
}

/// Read one file (or archive), parse what is new in it, and write each new
/// activity's series under its id.
fn process(store: &Store, path: &Path, rel: &str, size: u64, mtime: i64) -> Result<Outcome> {
    let mut o = Outcome {
        record: FileRecord {
            path: rel.to_string(),
            size_bytes: size,
            mtime_ns: mtime,
            id: String::new(),
            status: FileStatus::Imported,
        },
        units: Vec::new(),
        indexes: Vec::new(),
        lists: Vec::new(),
        warnings: Vec::new(),
        ignored: 0,
    };
    if import::is_zip(path) {
        process_zip(store, path, &mut o)?;
        return Ok(o);
    }
    if import::is_apple_health(path) {
        process_health(store, path, &mut o)?;
        return Ok(o);
    }
    let bytes = match import::read_limited(path) {
        Ok(b) => b,
        Err(reason) => {
            o.units.push(Unit::Skipped {
                source: rel.to_string(),
                reason,
            });
            return Ok(o);
        }
    };
    o.record.id = id_of(&bytes);
    let kind = Kind::of(path).expect("find_files only returns known kinds");
    o.units = parse_unit(store, rel, &bytes, kind)?;
    Ok(o)
}

fn process_zip(store: &Store, path: &Path, o: &mut Outcome) -> Result<()> {
    let rel = o.record.path.clone();
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            let reason = SkipReason::Unreadable(e.to_string());
            o.units.push(Unit::Skipped {
                source: rel,
                reason,
            });
            return Ok(());
        }
    };
    let mut failure = None;
    let walked = archive::walk(std::io::BufReader::new(file), &mut |item| {
        if failure.is_some() {
            return;
        }
        match item {
            Item::Activity { name, kind, bytes } => {
                match parse_unit(store, &format!("{rel}/{name}"), &bytes, kind) {
                    Ok(units) => o.units.extend(units),
                    Err(e) => failure = Some(e),
                }
            }
            Item::Index { dir, bytes } => o
                .indexes
                .push((format!("{rel}/{dir}"), strava::parse_index(&bytes))),
            Item::GarminList { name, bytes } => o
                .lists
                .push((format!("{rel}/{name}"), garmin::parse_list(&bytes))),
            Item::AppleHealth {
                name,
                export,
                routes,
            } => {
                if let Err(e) = health_units(store, &format!("{rel}/{name}"), export, routes, o) {
                    failure = Some(e);
                }
            }
            Item::Problem { name, reason } => o.units.push(Unit::Skipped {
                source: format!("{rel}/{name}"),
                reason,
            }),
        }
    });
    if let Some(e) = failure {
        return Err(e);
    }
    match walked {
        Ok(ignored) => o.ignored = ignored,
        Err(reason) => o.units.push(Unit::Skipped {
            source: rel,
            reason,
        }),
    }
    Ok(())
}

/// An unzipped Apple Health export: export.xml streamed from disk, its
/// routes read from the `workout-routes` folder beside it.
fn process_health(store: &Store, path: &Path, o: &mut Outcome) -> Result<()> {
    let rel = o.record.path.clone();
    let export = std::fs::File::open(path)
        .map_err(|e| SkipReason::Unreadable(e.to_string()))
        .and_then(|f| import::read_apple_health(std::io::BufReader::new(f)));
    let folder = path.parent().unwrap_or(Path::new("."));
    let mut routes = |reference: &str| -> std::result::Result<Vec<u8>, SkipReason> {
        let rel = apple_health::route_path("export.xml", reference).ok_or_else(|| {
            SkipReason::Corrupt(format!(
                "route path {reference} leaves the export; not read"
            ))
        })?;
        import::read_limited(&folder.join(rel))
    };
    health_units(store, &rel, export, &mut routes, o)
}

/// Each workout of an Apple Health export as a unit: known by its id, or
/// built with its route and written. `source` is the export.xml's path; a
/// workout's is that and its start (`…/export.xml#2026-05-04T07:10:00+02:00`).
fn health_units(
    store: &Store,
    source: &str,
    export: std::result::Result<apple_health::Export, SkipReason>,
    routes: archive::Routes<'_>,
    o: &mut Outcome,
) -> Result<()> {
    let export = match export {
        Ok(e) => e,
        Err(reason) => {
            o.units.push(Unit::Skipped {
                source: source.to_string(),
                reason,
            });
            return Ok(());
        }
    };
    for w in export.warnings {
        o.warnings.push((source.to_string(), w));
    }
    let mut seen = std::collections::HashSet::new();
    for w in &export.workouts {
        let unit_source = format!("{source}{}", apple_health::fragment(w));
        // An export that lists one workout twice (the same type, start and
        // end) holds one workout, not a run and its duplicate.
        if !seen.insert(apple_health::workout_id(w)) {
            let name = source.rsplit('/').next().unwrap_or(source);
            o.warnings.push((
                unit_source,
                format!("this workout appears twice in {name}; counted once"),
            ));
            continue;
        }
        let unit = workout_unit(store, w, &export.heart_rate, unit_source, &mut *routes)?;
        o.units.push(unit);
    }
    Ok(())
}

/// One workout: known by its id, or built with its route (read only now)
/// and its series written.
fn workout_unit(
    store: &Store,
    w: &apple_health::Workout,
    heart_rate: &[apple_health::Beat],
    source: String,
    routes: archive::Routes<'_>,
) -> Result<Unit> {
    let id = apple_health::workout_id(w);
    if store.activities.iter().any(|a| a.id == id) {
        return Ok(Unit::Known { id, source });
    }
    let route = w.routes.first().map(|r| (r.as_str(), routes(r)));
    let parsed = match import::parse_workout(w, heart_rate, route) {
        Ok(p) => p,
        Err(reason) => return Ok(Unit::Skipped { source, reason }),
    };
    store.write_series(&id, &parsed.samples)?;
    let mut warnings = parsed.warnings;
    if w.routes.len() > 1 {
        warnings.push(format!(
            "{} routes; the first one is its track",
            w.routes.len()
        ));
    }
    Ok(Unit::New {
        id,
        source,
        summary: Box::new(parsed.summary),
        warnings,
    })
}

/// A start no watch with a set clock records, as a warning.
fn implausible(s: &Summary, now: DateTime<Utc>) -> Option<String> {
    crate::dates::implausible_start(s.start, now).map(|why| {
        format!(
            "starts {} ({why}): the watch's clock was probably not set; kept, but left out of the weekly numbers",
            s.start.format("%Y-%m-%d %H:%M UTC")
        )
    })
}

/// Parse one activity file's bytes (plain or from an archive). A file with
/// several activities (TCX) gives ids `<hash>`, `<hash>-1`, `<hash>-2`…
fn parse_unit(store: &Store, source: &str, bytes: &[u8], kind: Kind) -> Result<Vec<Unit>> {
    let id = id_of(bytes);
    if store.activities.iter().any(|a| a.id == id) {
        return Ok(vec![Unit::Known {
            id,
            source: source.to_string(),
        }]);
    }
    let parsed = match import::parse_bytes(bytes, kind) {
        Ok(p) => p,
        Err(reason) => {
            return Ok(vec![Unit::Skipped {
                source: source.to_string(),
                reason,
            }]);
        }
    };
    let mut units = Vec::with_capacity(parsed.len());
    for (i, p) in parsed.into_iter().enumerate() {
        let uid = import::unit_id(&id, i);
        store.write_series(&uid, &p.samples)?;
        units.push(Unit::New {
            id: uid,
            source: source.to_string(),
            summary: Box::new(p.summary),
            warnings: p.warnings,
        });
    }
    Ok(units)
}

/// Fold the parallel outcomes into the store, in path order so the result
/// does not depend on thread timing.
fn merge(store: &mut Store, outcomes: Vec<Outcome>, report: &mut Report, now: DateTime<Utc>) {
    for o in outcomes {
        let mut record = o.record;
        report.ignored += o.ignored;
        report.warnings.extend(o.warnings);
        store.files.retain(|f| f.path != record.path);
        let (mut placed, mut failed) = (0, 0);
        for unit in o.units {
            match unit {
                Unit::Skipped { source, reason } => {
                    failed += 1;
                    if source == record.path {
                        record.status = FileStatus::Skipped {
                            reason: reason.to_string(),
                        };
                    }
                    report.skipped.push((source, reason));
                }
                Unit::New {
                    id,
                    source,
                    summary,
                    mut warnings,
                } => {
                    placed += 1;
                    warnings.extend(implausible(&summary, now));
                    for w in &warnings {
                        report.warnings.push((source.clone(), w.clone()));
                    }
                    let new = Activity {
                        id,
                        source,
                        summary: *summary,
                        duplicates: Vec::new(),
                        warnings,
                    };
                    let status = place(store, new, report);
                    if placed == 1 && matches!(status, FileStatus::Duplicate { .. }) {
                        record.status = status;
                    }
                }
                Unit::Known { id, source } => {
                    placed += 1;
                    match store.activities.iter().find(|a| a.id == id) {
                        Some(a) if a.source != source => {
                            report.duplicates.push((source, a.source.clone()));
                            record.status = FileStatus::Duplicate { of: a.id.clone() };
                        }
                        _ => report.known += 1,
                    }
                }
            }
        }
        if placed == 0 && failed == 0 {
            record.status = FileStatus::Skipped {
                reason: "no activities in it".into(),
            };
        }
        store.files.push(record);
    }
    store.files.sort_by(|a, b| a.path.cmp(&b.path));
    store
        .activities
        .sort_by(|a, b| a.summary.start.cmp(&b.summary.start).then(a.id.cmp(&b.id)));
}

/// Add a newly parsed activity, or merge it with the run it duplicates,
/// keeping the richer of the two as the activity. A copy whose start is
/// a time-zone offset away (`shifted`) keeps the start that is UTC, and a
/// warning says which and why.
fn place(store: &mut Store, new: Activity, report: &mut Report) -> FileStatus {
    let same = store
        .activities
        .iter()
        .position(|a| same_run(&a.summary, &new.summary))
        .map(|i| (i, None));
    let found = same.or_else(|| {
        let read = |id: &str| store.read_series(id).ok();
        store
            .activities
            .iter()
            .enumerate()
            .find_map(|(i, a)| shifted::shifted_copy(a, &new, &read).map(|s| (i, Some(s))))
    });
    let Some((i, shift)) = found else {
        report.imported.push(new.source.clone());
        store.activities.push(new);
        return FileStatus::Imported;
    };
    // The start both copies keep: the one that is UTC.
    let start = shift.as_ref().map(|s| {
        let old = &store.activities[i];
        let (trusted, why) = shifted::trusted(old, &new, s.shift_s);
        let at = (trusted.summary.start, trusted.summary.utc_offset_s);
        let note = format!(
            "the same run as {}, its start {} from it: {} {} after the shift, so one of the two files wrote local time as UTC (as re-saved copies do); counted once, starting {} as {} says ({why})",
            old.source,
            shifted::signed_hours(s.shift_s),
            s.matched.join(" and "),
            if s.matched.len() == 1 { "matches" } else { "match" },
            at.0.format("%Y-%m-%d %H:%M UTC"),
            trusted.source,
        );
        (at, note)
    });
    if let Some((_, note)) = &start {
        report.warnings.push((new.source.clone(), note.clone()));
    }
    let status = if richness(&new.summary) > richness(&store.activities[i].summary) {
        let mut old = std::mem::replace(&mut store.activities[i], new);
        let kept = &mut store.activities[i];
        kept.duplicates.append(&mut old.duplicates);
        kept.duplicates.push(old.source.clone());
        let (kept_id, kept_source) = (kept.id.clone(), kept.source.clone());
        for f in store.files.iter_mut().filter(|f| f.id == old.id) {
            f.status = FileStatus::Duplicate {
                of: kept_id.clone(),
            };
        }
        // The replaced series stays until the commit that stops naming it
        // (`Store::commit`): a crash before then leaves the committed
        // generation whole.
        report.imported.push(kept_source.clone());
        report.duplicates.push((old.source, kept_source));
        FileStatus::Imported
    } else {
        let kept = &mut store.activities[i];
        kept.duplicates.push(new.source.clone());
        let (kept_id, kept_source) = (kept.id.clone(), kept.source.clone());
        report.duplicates.push((new.source, kept_source));
        FileStatus::Duplicate { of: kept_id }
    };
    if let Some(((at, offset), _)) = start {
        let kept = &mut store.activities[i].summary;
        kept.start = at;
        kept.utc_offset_s = offset;
    }
    status
}

/// The same run recorded or exported twice: starts within two minutes and
/// overlapping for most of the shorter recording.
pub fn same_run(a: &Summary, b: &Summary) -> bool {
    // Legs of one multisport event follow each other; they are not copies.
    if a.event.is_some() && a.event == b.event {
        return false;
    }
    let sa = a.start.timestamp_millis() as f64 / 1000.0;
    let sb = b.start.timestamp_millis() as f64 / 1000.0;
    if (sa - sb).abs() > SAME_START_S {
        return false;
    }
    let overlap = (sa + a.elapsed_s).min(sb + b.elapsed_s) - sa.max(sb);
    let shorter = a.elapsed_s.min(b.elapsed_s);
    shorter <= 0.0 || overlap >= SAME_OVERLAP * shorter
}

/// Which of two copies of a run to keep: FIT over TCX over an Apple Health
/// workout over GPX (see `Format`: FIT has laps, timer time and the
/// device), then heart rate, then more records.
fn richness(s: &Summary) -> (crate::model::Format, bool, u32) {
    (s.format, s.avg_hr.is_some(), s.records)
}

/// Inside the log folder: the path relative to it, `/`-separated, so the
/// store does not depend on where the folder lives. Outside it: as given.
fn relative(dir: &Path, path: &Path) -> String {
    match path.strip_prefix(dir) {
        Ok(rel) => rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
        Err(_) => path.display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Format;
    use chrono::{Duration, TimeZone, Utc};

    fn run_at(min: i64, secs: f64, format: Format) -> Summary {
        let start = Utc.with_ymd_and_hms(2026, 5, 1, 7, 0, 0).unwrap() + Duration::minutes(min);
        Summary {
            has_gps: true,
            records: 10,
            ..Summary::new(format, "running", start, secs)
        }
    }

    #[test]
    fn same_run_needs_close_start_and_overlap() {
        let a = run_at(0, 1800.0, Format::Fit);
        assert!(same_run(&a, &run_at(1, 1750.0, Format::Gpx)));
        assert!(
            !same_run(&a, &run_at(3, 1800.0, Format::Gpx)),
            "start 3 min apart"
        );
        // Starts together but one is a 10-minute warm-up file and the other
        // a 30-minute run recorded on a second device: still one run.
        assert!(same_run(&a, &run_at(0, 600.0, Format::Gpx)));
    }

    /// Issue #13: a file skipped because it could not be read (permissions,
    /// still syncing) is read again by the next import, unchanged or not;
    /// a corrupt one is not.
    #[test]
    fn files_that_could_not_be_read_are_tried_again() {
        let d = tempfile::tempdir().unwrap();
        let exports = d.path().join("exports");
        runlog_samples::write_archive(&exports, 2, 3).unwrap();
        let mut store = Store::open(d.path()).unwrap();
        let mut files: Vec<PathBuf> = std::fs::read_dir(&exports)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for (path, why) in files.iter().zip([
            "cannot read: Permission denied (os error 13)",
            "corrupt: bad",
        ]) {
            let (size, mtime) = stat(path);
            store.files.push(FileRecord {
                path: relative(d.path(), path),
                size_bytes: size,
                mtime_ns: mtime,
                id: String::new(),
                status: FileStatus::Skipped { reason: why.into() },
            });
        }
        let report = run(d.path(), &[exports], &mut store, &Silent, Utc::now()).unwrap();
        assert_eq!(report.imported, [relative(d.path(), &files[0])]);
        assert_eq!(report.skipped_before, 1);
    }

    /// The clock is the command's: a run is "in the future" against the
    /// `now` the import is given, never against a second reading.
    #[test]
    fn an_unset_watch_clock_is_judged_by_the_imports_now() {
        let import_at = |now: Option<DateTime<Utc>>| {
            let d = tempfile::tempdir().unwrap();
            let exports = d.path().join("exports");
            runlog_samples::write_archive(&exports, 3, 1).unwrap();
            let mut store = Store::open(d.path()).unwrap();
            let first = |s: &Store| s.activities.iter().map(|a| a.summary.start).min();
            let now = match now {
                Some(n) => n,
                None => {
                    let elsewhere = tempfile::tempdir().unwrap();
                    let mut probe = Store::open(elsewhere.path()).unwrap();
                    run(
                        elsewhere.path(),
                        std::slice::from_ref(&exports),
                        &mut probe,
                        &Silent,
                        Utc::now(),
                    )
                    .unwrap();
                    first(&probe).unwrap() - Duration::days(2)
                }
            };
            run(d.path(), &[exports], &mut store, &Silent, now).unwrap();
            let warned = |a: &Activity| a.warnings.iter().any(|w| w.contains("in the future"));
            (
                store.activities.len(),
                store.activities.iter().filter(|a| warned(a)).count(),
            )
        };
        let (n, warned) = import_at(Some(Utc::now()));
        assert!(n >= 3 && warned == 0, "{n} activities, {warned} warned");
        let (n, warned) = import_at(None);
        assert_eq!(warned, n, "every run starts after the import's now");
    }

    #[test]
    fn fit_is_richer_than_gpx() {
        assert!(richness(&run_at(0, 1.0, Format::Fit)) > richness(&run_at(0, 1.0, Format::Gpx)));
    }
}
