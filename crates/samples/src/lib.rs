//! Synthetic, reproducible watch exports and a pain diary.
//!
//! The samples are our own (no third-party files, no licences to track) and
//! byte-identical on every run and platform: a fixed seed, a home-made PRNG,
//! no libm, fixed-decimal float text. The format modules (`fit`, `gpx`,
//! `pain`) return bytes; only this module writes files.
//!
//! ```no_run
//! let info = runlog_samples::write_samples(std::path::Path::new("samples"))?;
//! println!("{info}");
//! # anyhow::Ok(())
//! ```

pub mod apple;
pub mod archive;
pub mod fit;
pub mod gpx;
pub mod pain;
pub mod plan;
pub mod rng;
pub mod run;
pub mod weekly;

use anyhow::Context;
use chrono::NaiveDate;
pub use plan::OutFile;
use std::fmt;
use std::fs;
use std::path::Path;

/// What `write_samples` wrote, for the caller to print.
#[derive(Debug, Clone, PartialEq)]
pub struct SamplesInfo {
    /// Every file written (pain.csv last), relative to the samples folder.
    pub files: Vec<String>,
    /// Files holding a readable activity (FIT, FIT.gz, GPX).
    pub activity_files: usize,
    /// Distinct sessions: the run exported twice counts once.
    pub sessions: usize,
    pub fit_files: usize,
    pub gz_files: usize,
    pub gpx_files: usize,
    /// The unreadable FIT and the README.
    pub other_files: usize,
    pub diary_rows: usize,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    /// Running (jog + run) minutes per week, index 0 = week 1.
    pub running_min_by_week: Vec<u32>,
    pub bytes: u64,
}

impl fmt::Display for SamplesInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} activity files ({} FIT, {} FIT.gz, {} GPX) for {} sessions, plus {} other files",
            self.activity_files,
            self.fit_files,
            self.gz_files,
            self.gpx_files,
            self.sessions,
            self.other_files
        )?;
        writeln!(
            f,
            "pain.csv: {} rows, {} to {}",
            self.diary_rows, self.first_day, self.last_day
        )?;
        let weeks: Vec<String> = self
            .running_min_by_week
            .iter()
            .map(u32::to_string)
            .collect();
        writeln!(f, "running minutes per week: {}", weeks.join(" "))?;
        write!(f, "{} files, {} bytes", self.files.len(), self.bytes)
    }
}

/// Writes `dir/exports/...`, `dir/pain.csv` and `dir/scores.csv`, replacing what a previous
/// run wrote there (and nothing else: `runlog.toml` is not ours).
pub fn write_samples(dir: &Path) -> anyhow::Result<SamplesInfo> {
    let sessions = plan::sessions();
    let mut files = plan::export_files(&sessions);
    files.push(strava_index(&files));
    let rows = pain::rows(&sessions);
    let csv = pain::csv(&rows);

    let exports = dir.join("exports");
    if exports.exists() {
        fs::remove_dir_all(&exports)
            .with_context(|| format!("removing old {}", exports.display()))?;
    }
    let mut bytes = 0;
    for f in &files {
        bytes += write(dir, f)?;
    }
    let diary = OutFile {
        path: "pain.csv".into(),
        bytes: csv,
    };
    bytes += write(dir, &diary)?;
    let scores = OutFile {
        path: "scores.csv".into(),
        bytes: pain::scores_csv(),
    };
    bytes += write(dir, &scores)?;

    let count = |suffix: &str| files.iter().filter(|f| f.path.ends_with(suffix)).count();
    let corrupt = count("-corrupt.fit");
    let (fit_files, gz_files, gpx_files) =
        (count(".fit") - corrupt, count(".fit.gz"), count(".gpx"));
    Ok(SamplesInfo {
        activity_files: fit_files + gz_files + gpx_files,
        sessions: sessions.len(),
        fit_files,
        gz_files,
        gpx_files,
        other_files: files.len() - fit_files - gz_files - gpx_files,
        files: files
            .into_iter()
            .chain([diary, scores])
            .map(|f| f.path)
            .collect(),
        diary_rows: rows.len(),
        first_day: plan::first_monday(),
        last_day: plan::last_day(),
        running_min_by_week: plan::running_min_by_week(&sessions),
        bytes,
    })
}

/// `exports/strava/activities.csv` as Strava's bulk export writes it: the
/// runner's names, types and (for some runs) perceived exertion for each
/// file under `exports/strava/`.
fn strava_index(files: &[OutFile]) -> OutFile {
    let mut csv = String::from(
        "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Relative Effort,Filename,Perceived Exertion\n",
    );
    let strava = files
        .iter()
        .filter_map(|f| f.path.strip_prefix("exports/strava/"));
    for (i, name) in strava.enumerate() {
        let stem = name.rsplit('/').next().unwrap_or(name);
        let walk = stem.contains("Walk");
        let title = if stem.starts_with(char::is_numeric) {
            "Easy run before work".to_string()
        } else {
            stem.split('_').take(2).collect::<Vec<_>>().join(" ")
        };
        let kind = if walk { "Walk" } else { "Run" };
        // Every other run carries the runner's own effort rating.
        let rpe = if !walk && i % 2 == 0 {
            format!("{}", 3 + i % 4)
        } else {
            String::new()
        };
        csv.push_str(&format!(
            "{},,{title},{kind},,,{name},{rpe}\n",
            17_000_000_000u64 + i as u64
        ));
    }
    OutFile {
        path: "exports/strava/activities.csv".into(),
        bytes: csv.into_bytes(),
    }
}

/// The archive's files in memory, for benchmarks: (path, bytes).
pub fn archive_files(runs: usize, seed: u64) -> impl Iterator<Item = OutFile> {
    archive::files(runs, seed)
}

/// Writes `runs` distinct runs into `dir` (created if missing) and nothing
/// else; returns the bytes written. The same `seed` gives the same files.
pub fn write_archive(dir: &Path, runs: usize, seed: u64) -> anyhow::Result<u64> {
    let mut bytes = 0;
    for f in archive::files(runs, seed) {
        bytes += write(dir, &f)?;
    }
    Ok(bytes)
}

/// Writes one file under `dir`, creating its folder.
fn write(dir: &Path, f: &OutFile) -> anyhow::Result<u64> {
    let path = dir.join(&f.path);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    fs::write(&path, &f.bytes).with_context(|| format!("writing {}", path.display()))?;
    Ok(f.bytes.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    /// Every file under `dir`, relative path → bytes.
    fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut out = BTreeMap::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    out.insert(
                        p.strip_prefix(dir).unwrap().to_path_buf(),
                        fs::read(&p).unwrap(),
                    );
                }
            }
        }
        out
    }

    #[test]
    fn samples_are_byte_identical_across_runs() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let info = write_samples(a.path()).unwrap();
        assert_eq!(write_samples(b.path()).unwrap(), info);
        let (sa, sb) = (snapshot(a.path()), snapshot(b.path()));
        assert_eq!(sa.len(), info.files.len(), "exports plus pain.csv");
        assert_eq!(sa.keys().collect::<Vec<_>>(), sb.keys().collect::<Vec<_>>());
        for (k, v) in &sa {
            assert!(sb[k] == *v, "{} differs between runs", k.display());
        }
        assert_eq!(info.bytes, sa.values().map(|v| v.len() as u64).sum::<u64>());
    }

    #[test]
    fn rewriting_replaces_our_files_and_keeps_the_config() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("exports/strava")).unwrap();
        fs::write(dir.path().join("exports/strava/stale.gpx"), "old").unwrap();
        fs::write(
            dir.path().join("runlog.toml"),
            "timezone = 'Europe/Berlin'\n",
        )
        .unwrap();
        let info = write_samples(dir.path()).unwrap();
        assert!(!dir.path().join("exports/strava/stale.gpx").exists());
        assert!(dir.path().join("runlog.toml").exists());
        assert!(dir.path().join("pain.csv").exists());
        assert_eq!(info.gz_files, 1);
        assert_eq!(
            info.activity_files,
            info.sessions + 1,
            "one run is exported twice"
        );
        // README.txt, the corrupt FIT and Strava's activities.csv.
        assert_eq!(info.other_files, 3);
    }

    #[test]
    fn archive_writes_distinct_runs_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let bytes = write_archive(dir.path(), 12, 7).unwrap();
        let snap = snapshot(dir.path());
        assert_eq!(snap.len(), 12);
        assert_eq!(bytes, snap.values().map(|v| v.len() as u64).sum::<u64>());
        let mut starts = Vec::new();
        for (name, data) in &snap {
            let name = name.to_str().unwrap();
            let (start, secs) = if name.ends_with(".fit") {
                fit_span(data)
            } else {
                assert!(name.ends_with(".gpx"), "{name}");
                gpx_span(data)
            };
            assert!((30 * 60..=121 * 60).contains(&secs), "{name}: {secs} s");
            starts.push(start);
        }
        starts.sort_unstable();
        starts.dedup();
        assert_eq!(starts.len(), 12, "distinct start times");
        let again = tempfile::tempdir().unwrap();
        write_archive(again.path(), 12, 7).unwrap();
        assert_eq!(snapshot(again.path()), snap, "same seed, same bytes");
    }

    #[test]
    fn archive_mixes_formats_and_seeds_differ() {
        let names: Vec<String> = archive::files(200, 1).map(|f| f.path).collect();
        let gpx = names.iter().filter(|n| n.ends_with(".gpx")).count();
        assert!((15..=45).contains(&gpx), "{gpx} of 200 are GPX");
        let other: Vec<String> = archive::files(3, 2).map(|f| f.path).collect();
        assert_ne!(other[..], names[..3]);
        assert_eq!(archive::run_day(0).to_string(), "2026-11-01");
        assert_eq!(archive::run_day(10).to_string(), "2026-10-20");
    }

    /// (first record's Unix time, session elapsed seconds) of a FIT.
    fn fit_span(data: &[u8]) -> (i64, i64) {
        use fitparser::profile::MesgNum;
        let recs = fitparser::from_bytes(data).unwrap();
        let s = recs.iter().find(|r| r.kind() == MesgNum::Session).unwrap();
        let get = |name: &str| {
            s.fields()
                .iter()
                .find(|f| f.name() == name)
                .unwrap()
                .value()
                .clone()
        };
        let start = match get("start_time") {
            fitparser::Value::Timestamp(t) => t.timestamp(),
            v => panic!("{v:?}"),
        };
        let elapsed = match get("total_elapsed_time") {
            fitparser::Value::Float64(v) => v as i64,
            v => panic!("{v:?}"),
        };
        (start, elapsed)
    }

    /// (first point's Unix time, last − first) of a GPX.
    fn gpx_span(data: &[u8]) -> (i64, i64) {
        let g = ::gpx::read(data).unwrap();
        let pts = &g.tracks[0].segments[0].points;
        let t = |i: usize| {
            let iso = pts[i].time.unwrap().format().unwrap();
            chrono::DateTime::parse_from_rfc3339(&iso)
                .unwrap()
                .timestamp()
        };
        (t(0), t(pts.len() - 1) - t(0))
    }
}
