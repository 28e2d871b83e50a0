//! Per-run results that need the whole time series (heart-rate load, the
//! walk/jog split), cached in `.runlog/derived.json`.
//!
//! A weekly report over five years would otherwise read back 1,500 series
//! to recompute numbers that only change when a run or a setting changes.
//! Entries are keyed by activity id (a hash of the file's content) and the
//! whole cache by the settings the numbers depend on, so changing max HR or
//! a walk/jog threshold recomputes everything and nothing stale is shown.
//! The cache is only ever a shortcut: a missing, damaged or unwritable file
//! means the series are read again.

use crate::analysis::segment;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::metrics;
use crate::model::{Activity, Sample};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Bump when the way these numbers are computed changes (2: the women's
/// TRIMP constant 0.86, issue #22).
const VERSION: u32 = 2;

/// What runlog derives from one run's time series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Derived {
    /// Banister TRIMP; `None` when the series has no heart rate.
    pub trimp: Option<f64>,
    pub segments: segment::Summary,
}

impl Derived {
    pub fn of(samples: &[Sample], config: &Config) -> Derived {
        Derived {
            trimp: metrics::banister_trimp(
                samples,
                config.athlete.resting_hr,
                config.athlete.max_hr,
                config.athlete.sex.trimp(),
            ),
            segments: segment::segment(samples, &config.segment).1,
        }
    }
}

#[derive(Serialize, Deserialize, Default)]
struct File {
    key: String,
    runs: HashMap<String, Derived>,
}

pub struct Cache {
    path: PathBuf,
    key: String,
    runs: HashMap<String, Derived>,
    changed: bool,
}

impl Cache {
    /// The cache in the store at `root`, or an empty one when there is none
    /// or it was made with other settings.
    pub fn open(root: &Path, config: &Config) -> Cache {
        let path = root.join("derived.json");
        let key = settings_key(config);
        let runs = std::fs::read(&path)
            .ok()
            .and_then(|b| serde_json::from_slice::<File>(&b).ok())
            .filter(|f| f.key == key)
            .map(|f| f.runs)
            .unwrap_or_default();
        Cache {
            path,
            key,
            runs,
            changed: false,
        }
    }

    /// Compute every missing entry, on all cores: the first report over
    /// years of runs needs them all, and reading a series is most of the
    /// cost. Plain threads, not rayon: polars reads Parquet on its own pool,
    /// and waiting on it from rayon workers nests work on their stacks.
    pub fn fill(
        &mut self,
        activities: &[Activity],
        config: &Config,
        series: impl Fn(&str) -> Result<Vec<Sample>> + Sync,
    ) -> Result<()> {
        let missing: Vec<&Activity> = activities
            .iter()
            .filter(|a| !self.runs.contains_key(&a.id))
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunk = missing.len().div_ceil(threads);
        let derive = |part: &[&Activity]| -> Result<Vec<(String, Derived)>> {
            part.iter()
                .map(|a| Ok((a.id.clone(), Derived::of(&series(&a.id)?, config))))
                .collect()
        };
        let parts: Vec<Result<Vec<(String, Derived)>>> = std::thread::scope(|s| {
            let workers: Vec<_> = missing
                .chunks(chunk)
                .map(|part| s.spawn(move || derive(part)))
                .collect();
            workers
                .into_iter()
                .map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        });
        for part in parts {
            self.runs.extend(part?);
        }
        self.changed = true;
        Ok(())
    }

    /// The run's derived numbers; `fill` has computed every missing one.
    pub fn get(&self, a: &Activity) -> Result<Derived> {
        self.runs.get(&a.id).cloned().ok_or_else(|| {
            Error::Usage(format!(
                "internal error: no heart-rate load for {} (run `fill` first)",
                a.source
            ))
        })
    }

    /// Write the cache back if anything was added, keeping only the given
    /// activities. Failing to write (a read-only folder) costs only speed.
    pub fn save(mut self, activities: &[Activity]) {
        let before = self.runs.len();
        let keep: std::collections::HashSet<&str> =
            activities.iter().map(|a| a.id.as_str()).collect();
        self.runs.retain(|id, _| keep.contains(id.as_str()));
        if !self.changed && self.runs.len() == before {
            return;
        }
        let file = File {
            key: self.key,
            runs: self.runs,
        };
        let _ = crate::store::write_atomic(&self.path, |f| {
            serde_json::to_writer(std::io::BufWriter::new(f), &file).map_err(std::io::Error::other)
        });
    }
}

/// The settings the derived numbers depend on, as one comparable string.
fn settings_key(config: &Config) -> String {
    let a = &config.athlete;
    serde_json::json!({
        "version": VERSION,
        "resting_hr": a.resting_hr,
        "max_hr": a.max_hr,
        "sex": a.sex,
        "segment": config.segment,
    })
    .to_string()
}
