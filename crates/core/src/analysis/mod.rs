//! From stored activities and the diary to weekly load, flags and the plan.
//!
//! [`run`] is the one entry point: the command line and the benchmarks
//! both call it, so the numbers they see are made the same way.

pub mod association;
pub mod derived;
pub mod envelope;
pub mod evidence;
pub mod flags;
pub mod jumps;
pub mod load;
pub mod monitoring;
pub mod next_week;
pub mod outcomes;
pub mod period;
pub mod plan;
pub mod red_flags;
pub mod segment;
pub mod session;
pub mod workouts;

pub use flags::Analysis;

use crate::config::Config;
use crate::diary::Diary;
use crate::error::{Error, Result};
use crate::store::{FileStatus, Store};
use chrono::{DateTime, Utc};

/// Everything the commands and the report show, from the store, the
/// settings and the diary (if the runner keeps one), as of `now`.
///
/// Runs with an impossible date (an unset watch clock) stay in the store
/// but out of the weekly numbers; the analysis lists them. Each run's
/// series-derived numbers (TRIMP, the walk/jog split) come from the cache
/// in `derived` and are computed only for runs it does not hold yet.
pub fn run(
    store: &Store,
    config: &Config,
    diary: Option<&Diary>,
    now: DateTime<Utc>,
) -> Result<Analysis> {
    let (placed, unplaced): (Vec<_>, Vec<_>) = store
        .activities
        .iter()
        .partition(|a| crate::dates::implausible_start(a.summary.start, now).is_none());
    let placed: Vec<_> = placed.into_iter().cloned().collect();
    let mut cache = derived::Cache::open(store.root(), config);
    cache.fill(&placed, config, |id| {
        store
            .read_series(id)
            .map_err(|e| series_error(store, id, e))
    })?;
    let entries = diary.map(|d| d.entries.as_slice()).unwrap_or(&[]);
    let today = now.with_timezone(&config.tz()).date_naive();
    let load = load::compute_on(&placed, |a| cache.get(a), entries, config, today)?;
    cache.save(&store.activities);
    let diary = diary.map(|d| (entries, d.problems.len()));
    let mut analysis = flags::detect(load, diary, config, today);
    analysis.unplaced = unplaced
        .iter()
        .filter_map(|a| {
            let why = crate::dates::implausible_start(a.summary.start, now)?;
            Some((a.source.clone(), a.summary.start, why))
        })
        .collect();
    analysis.import_notes = store
        .activities
        .iter()
        .flat_map(|a| a.warnings.iter().map(|w| (a.source.clone(), w.clone())))
        .collect();
    analysis.skipped_files = store
        .files
        .iter()
        .filter_map(|f| match &f.status {
            FileStatus::Skipped { reason } => Some((f.path.clone(), reason.clone())),
            _ => None,
        })
        .collect();
    Ok(analysis)
}

/// A series that cannot be read, with the activity named and the way out:
/// `import` rebuilds a missing series, or one a read found damaged (the
/// store notes it), from its export when that is still there.
fn series_error(store: &Store, id: &str, e: Error) -> Error {
    let Some(a) = store.activities.iter().find(|a| a.id == id) else {
        return e;
    };
    let dir = store.root().parent().unwrap_or(store.root());
    let fix = if dir.join(&a.source).is_file() {
        format!("run `runlog import`: it is rebuilt from {}", a.source)
    } else {
        format!(
            "its export {} is no longer there: put it back into exports/ and run `runlog import`",
            a.source,
        )
    };
    Error::StoreRead {
        path: store.root().to_path_buf(),
        message: format!(
            "the time series of the activity of {} ({}) cannot be read ({}); {fix}",
            a.summary.start.format("%Y-%m-%d %H:%M UTC"),
            a.source,
            e.chain()
        ),
        source: Some(Box::new(e)),
    }
}
