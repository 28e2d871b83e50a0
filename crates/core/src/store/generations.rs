//! Which generation is in force, and whether it is whole. A commit never
//! writes over a generation and `CURRENT` moves in one rename, so after a
//! crash, a sync tool or a flipped bit the store can always name the last
//! whole import and the way back to it.

use super::pack::Location;
use super::parquet::{read_activities, read_files};
use super::{
    FileFault, FileRecord, GENERATION_FILES, RECOVER, SUMS, has_checksums, hash, read_err,
    write_err,
};
use crate::error::{Error, Result};
use crate::model::Activity;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

pub(super) fn gen_name(n: u64) -> String {
    format!("gen-{n:08}")
}

/// Every `gen-N` folder under the store, newest first.
pub(super) fn generations(root: &Path) -> Vec<(u64, PathBuf)> {
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
pub(super) fn unused_generation(root: &Path, current: u64) -> Result<u64> {
    let highest = generations(root).first().map_or(0, |g| g.0).max(current);
    highest
        .checked_add(1)
        .ok_or_else(|| write_err(root, "no generation number left".into()))
}

/// The generation in force. `CURRENT` names it; when `CURRENT` is missing
/// or empty (a sync tool, a clean-up) but generations exist, the newest one
/// that reads whole is used, with a warning, so no import is lost and the
/// next commit takes a new number.
pub(super) fn current_generation(root: &Path, notices: &mut Vec<String>) -> Result<Option<u64>> {
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
    let checked = has_checksums(root);
    let Some((n, _)) = gens
        .iter()
        .find(|(_, path)| load_generation(path, checked).is_ok())
    else {
        // A commit writes `SUMS` after the generation's files and before
        // `CURRENT`: generations without one are a first import killed
        // before it committed. Nothing was ever committed, nothing is lost
        // (a store that has committed says so in `FORMAT`).
        if !checked && gens.iter().all(|(_, path)| !path.join(SUMS).exists()) {
            if !gens.is_empty() {
                notices.push(format!(
                    "the first import into {} was interrupted before it finished; starting it again",
                    root.display()
                ));
            }
            return Ok(None);
        }
        return Err(read_err(
            root,
            format!("CURRENT is missing and no generation reads whole; {RECOVER}"),
        ));
    };
    notices.push(format!(
        "{} is missing or empty; using {}, the newest whole import",
        root.join("CURRENT").display(),
        gen_name(*n)
    ));
    Ok(Some(*n))
}

/// "The import before this one is gen-N" when that generation reads whole.
pub(super) fn previous_hint(root: &Path, damaged: u64) -> Option<String> {
    let checked = has_checksums(root);
    let (n, _) = generations(root)
        .into_iter()
        .find(|(n, path)| *n < damaged && load_generation(path, checked).is_ok())?;
    Some(format!(
        "To go back to the import before it, write {} into .runlog/CURRENT; or ",
        gen_name(n)
    ))
}

/// One generation as read from disk, checked against its `SUMS`.
pub(super) struct Loaded {
    pub(super) activities: Vec<Activity>,
    pub(super) files: Vec<FileRecord>,
    pub(super) series_sums: HashMap<String, String>,
    /// Where each series in a pack lies, by activity id.
    pub(super) locations: HashMap<String, Location>,
}

/// One generation, checked against its `SUMS`; `require_sums` for a store
/// that promises them, where a missing `SUMS` is damage, not age.
pub(super) fn load_generation(
    gen_dir: &Path,
    require_sums: bool,
) -> std::result::Result<Loaded, FileFault> {
    let sums = match fs::read_to_string(gen_dir.join(SUMS)) {
        Ok(text) => Some(parse_sums(&text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && require_sums => {
            return Err(FileFault::NoSums {
                path: gen_dir.join(SUMS),
            });
        }
        // A store written before checksums: read as it is.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(FileFault::io(&gen_dir.join(SUMS), e)),
    };
    let mut bytes = Vec::new();
    for file in GENERATION_FILES {
        let path = gen_dir.join(file);
        let b = fs::read(&path).map_err(|e| FileFault::io(&path, e))?;
        let expected = sums.as_ref().and_then(|s| s.get(file));
        if sums.is_some() && expected != Some(&hash(&b)) {
            return Err(FileFault::Changed { path });
        }
        bytes.push(b);
    }
    let [acts_file, files_file] = GENERATION_FILES.map(|f| gen_dir.join(f));
    let (activities, locations) =
        read_activities(&bytes[0]).map_err(|e| FileFault::parquet(&acts_file, e))?;
    let files = read_files(&bytes[1]).map_err(|e| FileFault::parquet(&files_file, e))?;
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
        locations,
    })
}

/// `SUMS`: `<blake3>  <name>` per line, as `b3sum` writes and checks it.
pub(super) fn sums_file(
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

#[cfg(test)]
mod tests {
    use crate::store::Store;
    use crate::store::tests::activity;
    use std::fs;
    use std::path::Path;

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

    /// A first import killed while it wrote its generation (CI found it:
    /// the kill test's store did not open).
    #[test]
    fn a_first_import_killed_before_its_commit_leaves_an_empty_store() {
        let dir = tempfile::tempdir().unwrap();
        let g1 = dir.path().join(".runlog/gen-00000001");
        fs::create_dir_all(&g1).unwrap();
        fs::write(g1.join("activities.parquet"), b"PAR1 half").unwrap();
        let mut store = Store::open(dir.path()).expect("an interrupted first import opens");
        assert!(store.activities.is_empty());
        store.activities = vec![activity("a1")];
        store.commit().unwrap();
        assert_eq!(gen_names(dir.path()), ["gen-00000002"]);
        assert_eq!(Store::open(dir.path()).unwrap().activities.len(), 1);
    }

    /// Without `CURRENT`, a generation that was committed (it has `SUMS`)
    /// but no longer reads is damage, not an interrupted first import: an
    /// error, never a silent empty store.
    #[test]
    fn a_committed_generation_that_no_longer_reads_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        store.activities = vec![activity("a1")];
        store.commit().unwrap();
        fs::remove_file(dir.path().join(".runlog/CURRENT")).unwrap();
        fs::write(
            dir.path().join(".runlog/gen-00000001/activities.parquet"),
            b"x",
        )
        .unwrap();
        let err = Store::open(dir.path()).err().expect("damage is an error");
        assert!(
            err.to_string().contains("no generation reads whole"),
            "{err}"
        );
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
