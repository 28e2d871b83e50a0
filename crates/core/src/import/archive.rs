//! Zip archives as Strava, Garmin Connect and Apple Health deliver bulk
//! exports.
//!
//! Nothing is extracted to disk: each member is inflated in memory, under
//! the same size cap as a plain file, and nested zips (Garmin puts its FIT
//! files in zips inside the zip) are followed to a bounded depth. A member's
//! size is measured by inflating it once into nothing before it is inflated
//! into memory, so a zip bomb is refused without being held; and all the
//! members of one archive together (nested zips and gzip members included)
//! may inflate to at most `budget_for` the archive's size (2 GB, or 32 times
//! the archive when that is more), so a small file cannot make runlog work
//! for minutes. Members with unsafe names (`../`, absolute
//! paths) are refused by name, never opened.
//!
//! An Apple Health export's `export.xml` (gigabytes in a long-standing
//! export) is the one member never held: it is streamed, charged to the
//! budget as it inflates, and its workouts' route files are read on demand
//! from their `<FileReference>`, so a route is never an activity of its own.

use super::{Kind, MAX_FILE_BYTES, apple_health, garmin, strava};
use crate::error::SkipReason;
use std::io::{BufReader, Cursor, Read, Seek, SeekFrom};

/// Zips inside zips are followed this deep (Garmin's export needs 2).
pub const MAX_DEPTH: usize = 3;

/// Everything an archive of up to 64 MB may inflate to, counted over all
/// its members at every depth: 2 GB, four times the largest single file
/// runlog reads. Garmin's full export of a decade is well below it.
pub const MAX_ARCHIVE_INFLATED: u64 = 2 << 30;

/// A bigger archive may inflate to this many times its own size instead.
/// Text exports pack about 10 to 20 times (Apple Health's export.xml of
/// several gigabytes comes in a zip of a few hundred megabytes); a zip bomb
/// packs hundreds of times, so it still stops early, and the work an
/// archive can cause stays in proportion to the file on disk.
pub const MAX_ARCHIVE_RATIO: u64 = 32;

/// The inflation budget of an archive of `packed` bytes.
pub fn budget_for(packed: u64) -> u64 {
    MAX_ARCHIVE_INFLATED.max(packed.saturating_mul(MAX_ARCHIVE_RATIO))
}

/// Reads a route file named by an Apple Health workout, from the archive
/// the export is in: its bytes, or why it cannot be had.
pub type Routes<'a> = &'a mut dyn FnMut(&str) -> Result<Vec<u8>, SkipReason>;

/// One thing found in an archive.
pub enum Item<'a> {
    /// An activity file: its path inside the archive and its bytes.
    Activity {
        name: String,
        kind: Kind,
        bytes: Vec<u8>,
    },
    /// A Strava `activities.csv`, with the folder it sits in.
    Index { dir: String, bytes: Vec<u8> },
    /// A Garmin Connect activity list (`*_summarizedActivities.json`).
    GarminList { name: String, bytes: Vec<u8> },
    /// An Apple Health export: the path of its export.xml, what was read
    /// from it, and the way to its workouts' route files (by the path a
    /// `<FileReference>` gives).
    AppleHealth {
        name: String,
        export: Result<apple_health::Export, SkipReason>,
        routes: Routes<'a>,
    },
    /// A member that could not be read.
    Problem { name: String, reason: SkipReason },
}

/// Why reading a member stopped: that member alone, or the whole archive.
enum Stop {
    Member(SkipReason),
    Archive(SkipReason),
}

/// What an archive may still inflate to, and what it could at first (the
/// limit a message names).
struct Budget {
    left: u64,
    limit: u64,
}

impl Budget {
    fn new(limit: u64) -> Budget {
        Budget { left: limit, limit }
    }

    fn exhausted(&self) -> Stop {
        Stop::Archive(SkipReason::ArchiveTooLarge { limit: self.limit })
    }
}

/// Visit every activity file, index and export in the archive; returns how
/// many other members were ignored. Fails when the archive itself cannot
/// be read, or when it inflates past its budget (`budget_for` its size;
/// what was visited before stays visited).
pub fn walk<R: Read + Seek>(
    mut reader: R,
    visit: &mut dyn FnMut(Item<'_>),
) -> Result<usize, SkipReason> {
    let packed = reader.seek(SeekFrom::End(0)).unwrap_or(0);
    reader
        .seek(SeekFrom::Start(0))
        .map_err(|e| SkipReason::Unreadable(e.to_string()))?;
    walk_limited(reader, budget_for(packed), visit)
}

fn walk_limited<R: Read + Seek>(
    reader: R,
    budget: u64,
    visit: &mut dyn FnMut(Item<'_>),
) -> Result<usize, SkipReason> {
    let mut budget = Budget::new(budget);
    walk_at(reader, "", 0, &mut budget, visit).map_err(|stop| match stop {
        Stop::Member(r) | Stop::Archive(r) => r,
    })
}

fn walk_at<R: Read + Seek>(
    reader: R,
    prefix: &str,
    depth: usize,
    left: &mut Budget,
    visit: &mut dyn FnMut(Item<'_>),
) -> Result<usize, Stop> {
    let mut zip = zip::ZipArchive::new(reader)
        .map_err(|e| Stop::Member(SkipReason::Corrupt(format!("damaged zip archive ({e})"))))?;
    let mut ignored = 0;
    // Apple Health exports first: their workouts decide which route
    // files are read, and those are then not activities of their own.
    let health = health_exports(&mut zip);
    for (i, inner) in &health {
        read_health(&mut zip, *i, prefix, inner, left, visit)?;
    }
    let route_folders: Vec<String> = health
        .iter()
        .map(|(_, x)| apple_health::routes_folder(x))
        .collect();
    for i in 0..zip.len() {
        let (name, inner) = match member_name(&mut zip, i, prefix) {
            Ok(Some(n)) => n,
            Ok(None) => continue,
            Err(reason) => {
                let name = format!("{prefix}#{i}");
                visit(Item::Problem { name, reason });
                continue;
            }
        };
        if health.iter().any(|(_, x)| *x == inner) {
            continue;
        }
        if super::is_mac_metadata(&inner) {
            ignored += 1;
            continue;
        }
        let nested = inner.to_ascii_lowercase().ends_with(".zip");
        let index = strava::is_index(std::path::Path::new(&inner));
        let list = garmin::is_list(&inner);
        let kind = Kind::of_name(&inner);
        // Routes were read through their workouts, or belong to none.
        if route_folders.iter().any(|f| inner.starts_with(f.as_str())) {
            continue;
        }
        if !(nested || index || list || kind.is_some()) {
            ignored += 1;
            continue;
        }
        let bytes = match read_member(&mut zip, i, left, kind) {
            Ok(b) => b,
            Err(Stop::Member(reason)) => {
                visit(Item::Problem { name, reason });
                continue;
            }
            Err(stop) => return Err(stop),
        };
        if nested {
            ignored += walk_nested(bytes, name, depth, left, visit)?;
        } else if index {
            let dir = name
                .rsplit_once('/')
                .map(|(d, _)| format!("{d}/"))
                .unwrap_or_default();
            visit(Item::Index { dir, bytes });
        } else if list {
            visit(Item::GarminList { name, bytes });
        } else if let Some(kind) = kind {
            visit(Item::Activity { name, kind, bytes });
        }
    }
    Ok(ignored)
}

/// The member's full name and its name inside this archive; `None` for a
/// folder. An unsafe name is a problem, named but never opened.
fn member_name<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    i: usize,
    prefix: &str,
) -> Result<Option<(String, String)>, SkipReason> {
    let entry = zip
        .by_index_raw(i)
        .map_err(|e| SkipReason::Corrupt(format!("damaged zip entry ({e})")))?;
    if entry.is_dir() {
        return Ok(None);
    }
    let Some(safe) = entry.enclosed_name() else {
        let raw = entry.name().map(|n| n.to_string()).unwrap_or_default();
        return Err(SkipReason::Corrupt(format!(
            "unsafe path inside the archive ({prefix}{raw}); not read"
        )));
    };
    let inner = safe.to_string_lossy().replace('\\', "/");
    Ok(Some((format!("{prefix}{inner}"), inner)))
}

/// The Apple Health export.xml members of an archive: (index, name).
/// A member with an unsafe name is not one: the walk names it as such.
fn health_exports<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Vec<(usize, String)> {
    (0..zip.len())
        .filter_map(|i| match member_name(zip, i, "") {
            Ok(Some((_, inner)))
                if apple_health::is_export_name(&inner) && !super::is_mac_metadata(&inner) =>
            {
                Some((i, inner))
            }
            _ => None,
        })
        .collect()
}

/// Stream an export.xml (charged to the budget as it inflates, never held)
/// and hand its workouts to `visit` with a reader of the routes they name.
fn read_health<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    i: usize,
    prefix: &str,
    inner: &str,
    left: &mut Budget,
    visit: &mut dyn FnMut(Item<'_>),
) -> Result<(), Stop> {
    let name = format!("{prefix}{inner}");
    let export = match zip.by_index(i) {
        Ok(entry) => {
            let mut charged = Charged {
                inner: entry,
                budget: left,
                over: false,
            };
            let export = super::read_apple_health(BufReader::new(&mut charged));
            if charged.over {
                return Err(left.exhausted());
            }
            export
        }
        Err(e) => Err(SkipReason::Corrupt(format!("damaged zip entry ({e})"))),
    };
    let mut over = false;
    let mut routes = |reference: &str| -> Result<Vec<u8>, SkipReason> {
        if over {
            return Err(SkipReason::ArchiveTooLarge { limit: left.limit });
        }
        let path = apple_health::route_path(inner, reference).ok_or_else(|| {
            SkipReason::Corrupt(format!(
                "route path {reference} leaves the export; not read"
            ))
        })?;
        let i = zip.index_for_name(&path).ok_or_else(|| {
            SkipReason::Unreadable(format!("{prefix}{path} is not in the archive"))
        })?;
        match read_member(zip, i, left, None) {
            Ok(bytes) => Ok(bytes),
            Err(Stop::Member(reason)) => Err(reason),
            Err(Stop::Archive(reason)) => {
                over = true;
                Err(reason)
            }
        }
    };
    visit(Item::AppleHealth {
        name,
        export,
        routes: &mut routes,
    });
    if over {
        return Err(left.exhausted());
    }
    Ok(())
}

/// A member's reader that charges what it inflates to the budget and stops
/// (with `over` set) when the budget is spent.
struct Charged<'b, R> {
    inner: R,
    budget: &'b mut Budget,
    over: bool,
}

impl<R: Read> Read for Charged<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n as u64 > self.budget.left {
            self.over = true;
            self.budget.left = 0;
            return Err(std::io::Error::other(
                "the archive's inflation budget is spent",
            ));
        }
        self.budget.left -= n as u64;
        Ok(n)
    }
}

fn walk_nested(
    bytes: Vec<u8>,
    name: String,
    depth: usize,
    left: &mut Budget,
    visit: &mut dyn FnMut(Item<'_>),
) -> Result<usize, Stop> {
    if depth + 1 >= MAX_DEPTH {
        visit(Item::Problem {
            name,
            reason: SkipReason::Corrupt(format!(
                "zips nested deeper than {MAX_DEPTH} levels are not opened"
            )),
        });
        return Ok(0);
    }
    match walk_at(
        Cursor::new(bytes),
        &format!("{name}/"),
        depth + 1,
        left,
        visit,
    ) {
        Ok(n) => Ok(n),
        Err(Stop::Member(reason)) => {
            visit(Item::Problem { name, reason });
            Ok(0)
        }
        Err(stop) => Err(stop),
    }
}

/// Inflate member `i`: first measured into nothing (charged to the
/// archive's budget, capped at the per-file limit), then, when it fits,
/// into memory. A gzip member's own inflation is charged too, so a zip of
/// gzip bombs stops as early as a zip bomb.
fn read_member<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    i: usize,
    left: &mut Budget,
    kind: Option<Kind>,
) -> Result<Vec<u8>, Stop> {
    let damaged = |e: &dyn std::fmt::Display| {
        Stop::Member(SkipReason::Corrupt(format!("damaged zip entry ({e})")))
    };
    let entry = zip.by_index(i).map_err(|e| damaged(&e))?;
    let size = std::io::copy(&mut entry.take(MAX_FILE_BYTES + 1), &mut std::io::sink())
        .map_err(|e| damaged(&e))?;
    charge(size, left)?;
    let mut out = Vec::with_capacity(size as usize);
    zip.by_index(i)
        .map_err(|e| damaged(&e))?
        .take(size)
        .read_to_end(&mut out)
        .map_err(|e| damaged(&e))?;
    if kind.is_some_and(|k| k.gzip) {
        // Measured here for the budget (a damaged one up to where it
        // breaks); inflated again by the parser, which names the damage.
        charge(super::gzip_inflated(&out).0, left)?;
    }
    Ok(out)
}

/// Take `size` inflated bytes from the archive's budget; a member over the
/// per-file limit is refused on its own.
fn charge(size: u64, left: &mut Budget) -> Result<(), Stop> {
    if size > left.left {
        return Err(left.exhausted());
    }
    left.left -= size;
    if size > MAX_FILE_BYTES {
        return Err(Stop::Member(SkipReason::TooLarge {
            bytes: size,
            limit: MAX_FILE_BYTES,
        }));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for (name, bytes) in files {
            w.start_file(*name, opts).unwrap();
            w.write_all(bytes).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn names(zip: Vec<u8>) -> (Vec<String>, usize) {
        let mut seen = Vec::new();
        let ignored = walk(Cursor::new(zip), &mut |item| {
            seen.push(match item {
                Item::Activity { name, .. } => format!("activity {name}"),
                Item::Index { dir, .. } => format!("index {dir}"),
                Item::GarminList { name, .. } => format!("list {name}"),
                Item::AppleHealth { name, .. } => format!("apple health {name}"),
                Item::Problem { name, reason } => format!("problem {name}: {reason}"),
            })
        })
        .unwrap();
        (seen, ignored)
    }

    #[test]
    fn finds_activities_and_the_index_and_ignores_the_rest() {
        let z = zip_of(&[
            ("export/activities.csv", b"Filename\n"),
            ("export/activities/1.fit.gz", b"x"),
            ("export/activities/2.TCX", b"x"),
            ("export/profile.csv", b"x"),
            ("export/media/a.jpg", b"x"),
        ]);
        let (seen, ignored) = names(z);
        assert_eq!(
            seen,
            [
                "index export/",
                "activity export/activities/1.fit.gz",
                "activity export/activities/2.TCX"
            ]
        );
        assert_eq!(ignored, 2);
    }

    #[test]
    fn nested_zips_are_followed_to_a_bounded_depth() {
        // Garmin: the export holds zips that hold the FIT files.
        let inner = zip_of(&[("a.fit", b"x")]);
        let middle = zip_of(&[("UploadedFiles_Part1.zip", &inner)]);
        let (seen, _) = names(zip_of(&[("DI_CONNECT/files.zip", &middle)]));
        assert_eq!(
            seen,
            ["activity DI_CONNECT/files.zip/UploadedFiles_Part1.zip/a.fit"]
        );
        // One level more than MAX_DEPTH allows is named, not opened.
        let deeper = zip_of(&[("d.zip", &middle)]);
        let (seen, _) = names(zip_of(&[("x.zip", &deeper)]));
        assert_eq!(seen.len(), 1);
        assert!(
            seen[0].starts_with("problem x.zip/d.zip/UploadedFiles_Part1.zip"),
            "{seen:?}"
        );
        assert!(seen[0].contains("nested deeper"), "{seen:?}");
    }

    /// Issue #13: members that together inflate past the archive's budget
    /// stop the walk with the limit named; what came before is kept.
    #[test]
    fn an_archive_stops_at_its_inflation_budget() {
        let big = vec![0u8; 4096];
        let z = zip_of(&[("a.fit", &big), ("b.fit", &big), ("c.fit", &big)]);
        let mut seen = Vec::new();
        let err = walk_limited(Cursor::new(z), 10_000, &mut |item| {
            if let Item::Activity { name, .. } = item {
                seen.push(name);
            }
        })
        .unwrap_err();
        assert_eq!(seen, ["a.fit", "b.fit"]);
        assert!(matches!(err, SkipReason::ArchiveTooLarge { .. }), "{err}");
        assert!(err.to_string().contains("0 MB"), "the limit named: {err}");
    }

    /// Nested zips share one budget: ten copies of a zip of ten members
    /// count as a hundred members.
    #[test]
    fn nested_zips_share_the_budget() {
        let member = vec![7u8; 1000];
        let files: Vec<(String, &[u8])> =
            (0..10).map(|i| (format!("{i}.gpx"), &member[..])).collect();
        let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), *b)).collect();
        let inner = zip_of(&refs);
        let outer_files: Vec<(String, &[u8])> =
            (0..10).map(|i| (format!("{i}.zip"), &inner[..])).collect();
        let refs: Vec<(&str, &[u8])> = outer_files.iter().map(|(n, b)| (n.as_str(), *b)).collect();
        let outer = zip_of(&refs);
        let mut count = 0;
        let err = walk_limited(Cursor::new(outer), 30_000, &mut |item| {
            if let Item::Activity { .. } = item {
                count += 1;
            }
        })
        .unwrap_err();
        assert!(matches!(err, SkipReason::ArchiveTooLarge { .. }));
        assert!((10..30).contains(&count), "{count}");
    }

    /// A gzip member is charged what it inflates to, not its packed size.
    #[test]
    fn a_zip_of_gzip_bombs_is_charged_what_they_inflate_to() {
        use flate2::{Compression, write::GzEncoder};
        let mut gz = GzEncoder::new(Vec::new(), Compression::best());
        gz.write_all(&vec![0u8; 1 << 20]).unwrap();
        let bomb = gz.finish().unwrap();
        assert!(bomb.len() < 5000);
        let z = zip_of(&[
            ("a.fit.gz", &bomb),
            ("b.fit.gz", &bomb),
            ("c.fit.gz", &bomb),
        ]);
        let mut count = 0;
        let err = walk_limited(Cursor::new(z), (1 << 20) + 20_000, &mut |item| {
            if let Item::Activity { .. } = item {
                count += 1;
            }
        })
        .unwrap_err();
        assert!(matches!(err, SkipReason::ArchiveTooLarge { .. }));
        assert_eq!(count, 1);
    }

    /// Issue #26: an Apple Health export is visited once, as an export;
    /// its routes are read through it (and never as activities), the rest
    /// of it (clinical records, ECGs) is ignored.
    #[test]
    fn an_apple_health_export_is_read_through_its_workouts() {
        use runlog_samples::apple::{Form, export_zip, fixture};
        let f = fixture();
        let z = export_zip(Form::Ios16, &f);
        let mut seen = Vec::new();
        let ignored = walk(Cursor::new(z), &mut |item| match item {
            Item::AppleHealth {
                name,
                export,
                routes,
            } => {
                let export = export.unwrap();
                let refs = &export.workouts[0].routes;
                let route = routes(&refs[0]).unwrap();
                assert_eq!(route, f.routes[0].1);
                let escape = routes("/../../etc/passwd").unwrap_err();
                assert!(escape.to_string().contains("leaves the export"), "{escape}");
                let missing = routes("/workout-routes/none.gpx").unwrap_err();
                assert!(
                    missing.to_string().contains("not in the archive"),
                    "{missing}"
                );
                seen.push(format!("apple health {name}: {}", export.workouts.len()));
            }
            Item::Activity { name, .. } => seen.push(format!("activity {name}")),
            Item::Problem { name, reason } => seen.push(format!("problem {name}: {reason}")),
            _ => seen.push("other".into()),
        })
        .unwrap();
        assert_eq!(seen, ["apple health apple_health_export/export.xml: 4"]);
        assert_eq!(ignored, 2, "export_cda.xml and the ECG");
    }

    /// The streamed export.xml is charged to the archive's budget like
    /// any member; past it, the archive stops with the limit named.
    #[test]
    fn a_streamed_export_is_charged_to_the_budget() {
        use runlog_samples::apple::{Form, export_xml, fixture};
        let xml = export_xml(Form::Older, &fixture());
        let z = zip_of(&[("apple_health_export/export.xml", &xml)]);
        let mut visited = 0;
        let err = walk_limited(Cursor::new(z.clone()), xml.len() as u64 / 2, &mut |_| {
            visited += 1
        })
        .unwrap_err();
        assert!(matches!(err, SkipReason::ArchiveTooLarge { .. }), "{err}");
        assert_eq!(visited, 0, "a cut-off export gives no workouts");
        assert!(walk_limited(Cursor::new(z), xml.len() as u64 + 10, &mut |_| {}).is_ok());
        // A big archive may inflate to more than 2 GB, in proportion.
        assert_eq!(budget_for(1 << 20), MAX_ARCHIVE_INFLATED);
        assert_eq!(budget_for(200 << 20), (200 * MAX_ARCHIVE_RATIO) << 20);
    }

    /// Issue #32: a zip made on a Mac holds `__MACOSX/…/._export.xml` and
    /// `._run.fit` beside the real files: ignored, never a corrupt skip.
    #[test]
    fn mac_metadata_in_a_zip_is_ignored() {
        use runlog_samples::apple::{Form, export_xml, fixture};
        let xml = export_xml(Form::Ios16, &fixture());
        let fork = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ";
        let z = zip_of(&[
            ("apple_health_export/export.xml", &xml),
            ("__MACOSX/apple_health_export/._export.xml", fork),
            ("apple_health_export/._export.xml", fork),
            ("runs/._a.fit", fork),
            ("__MACOSX/runs/._a.fit", fork),
        ]);
        let (seen, ignored) = names(z);
        assert_eq!(seen, ["apple health apple_health_export/export.xml"]);
        assert_eq!(ignored, 4);
        assert!(crate::import::is_mac_metadata("__MACOSX/x/y.gpx"));
        assert!(!crate::import::is_mac_metadata("a/b._c.fit"));
    }

    #[test]
    fn unsafe_names_are_refused_and_damage_is_named() {
        let (seen, _) = names(zip_of(&[("../../etc/evil.fit", b"x")]));
        assert!(seen[0].contains("unsafe path"), "{seen:?}");
        let err = walk(Cursor::new(b"PK\x03\x04 not a zip".to_vec()), &mut |_| {})
            .err()
            .unwrap();
        assert!(err.to_string().contains("damaged zip"), "{err}");
    }
}
