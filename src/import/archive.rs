//! Zip archives as Strava and Garmin Connect deliver bulk exports.
//!
//! Nothing is extracted to disk: each member is inflated in memory, under
//! the same size cap as a plain file (a zip bomb stops at the cap), and
//! nested zips (Garmin puts its FIT files in zips inside the zip) are
//! followed to a bounded depth. Members with unsafe names (`../`, absolute
//! paths) are refused by name, never opened.

use super::{Kind, MAX_FILE_BYTES, strava};
use crate::error::SkipReason;
use std::io::{Cursor, Read, Seek};

/// Zips inside zips are followed this deep (Garmin's export needs 2).
pub const MAX_DEPTH: usize = 3;

/// One thing found in an archive.
pub enum Item {
    /// An activity file: its path inside the archive and its bytes.
    Activity {
        name: String,
        kind: Kind,
        bytes: Vec<u8>,
    },
    /// A Strava `activities.csv`, with the folder it sits in.
    Index { dir: String, bytes: Vec<u8> },
    /// A member that could not be read.
    Problem { name: String, reason: SkipReason },
}

/// Visit every activity file and index in the archive; returns how many
/// other members were ignored. Fails only when the archive itself cannot
/// be read.
pub fn walk<R: Read + Seek>(reader: R, visit: &mut dyn FnMut(Item)) -> Result<usize, SkipReason> {
    walk_at(reader, "", 0, visit)
}

fn walk_at<R: Read + Seek>(
    reader: R,
    prefix: &str,
    depth: usize,
    visit: &mut dyn FnMut(Item),
) -> Result<usize, SkipReason> {
    let mut zip = zip::ZipArchive::new(reader)
        .map_err(|e| SkipReason::Corrupt(format!("damaged zip archive ({e})")))?;
    let mut ignored = 0;
    for i in 0..zip.len() {
        let mut entry = match zip.by_index(i) {
            Ok(e) => e,
            Err(e) => {
                visit(Item::Problem {
                    name: format!("{prefix}#{i}"),
                    reason: SkipReason::Corrupt(format!("damaged zip entry ({e})")),
                });
                continue;
            }
        };
        if entry.is_dir() {
            continue;
        }
        let raw_name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        let Some(safe) = entry.enclosed_name() else {
            visit(Item::Problem {
                name: format!("{prefix}{raw_name}"),
                reason: SkipReason::Corrupt("unsafe path inside the archive; not read".into()),
            });
            continue;
        };
        let inner = safe.to_string_lossy().replace('\\', "/");
        let name = format!("{prefix}{inner}");
        let nested = inner.to_ascii_lowercase().ends_with(".zip");
        let index = strava::is_index(std::path::Path::new(&inner));
        let kind = Kind::of_name(&inner);
        if !(nested || index || kind.is_some()) {
            ignored += 1;
            continue;
        }
        let bytes = match read_capped(&mut entry) {
            Ok(b) => b,
            Err(reason) => {
                visit(Item::Problem { name, reason });
                continue;
            }
        };
        drop(entry);
        if nested {
            if depth + 1 >= MAX_DEPTH {
                visit(Item::Problem {
                    name,
                    reason: SkipReason::Corrupt(format!(
                        "zips nested deeper than {MAX_DEPTH} levels are not opened"
                    )),
                });
                continue;
            }
            match walk_at(Cursor::new(bytes), &format!("{name}/"), depth + 1, visit) {
                Ok(n) => ignored += n,
                Err(reason) => visit(Item::Problem { name, reason }),
            }
        } else if index {
            let dir = name
                .rsplit_once('/')
                .map(|(d, _)| format!("{d}/"))
                .unwrap_or_default();
            visit(Item::Index { dir, bytes });
        } else if let Some(kind) = kind {
            visit(Item::Activity { name, kind, bytes });
        }
    }
    Ok(ignored)
}

/// Inflate one member, stopping at the size cap whatever its header says.
fn read_capped(entry: &mut impl Read) -> Result<Vec<u8>, SkipReason> {
    let mut out = Vec::new();
    entry
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| SkipReason::Corrupt(format!("damaged zip entry ({e})")))?;
    if out.len() as u64 > MAX_FILE_BYTES {
        return Err(SkipReason::TooLarge {
            bytes: out.len() as u64,
            limit: MAX_FILE_BYTES,
        });
    }
    Ok(out)
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
