//! From stored activities and the diary to weekly load, flags and the plan.
//!
//! [`run`] is the one entry point: the command line and the benchmarks
//! both call it, so the numbers they see are made the same way.

pub mod association;
pub mod derived;
pub mod envelope;
pub mod evidence;
pub mod flags;
pub mod flags_text;
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
pub mod settle;
pub mod spikes;
pub mod workouts;

use crate::analysis::association::Association;
use crate::analysis::flags::Flag;
use crate::analysis::jumps::Jump;
use crate::analysis::load::Load;
use crate::analysis::plan::PlanWeek;
use crate::analysis::red_flags::{Advice, RedFlag};
use crate::analysis::settle::Settle;
use crate::analysis::spikes::Spike;
use crate::config::{Config, LoadMetric};
use crate::diary::Diary;
use crate::diary::scores::Score;
use crate::error::{Error, Result};
use crate::model::DiaryEntry;
use crate::store::{FileStatus, Store};
use chrono::{DateTime, NaiveDate, Utc};

#[derive(Debug, Clone, Default)]
/// Everything one history holds for the outputs, made once by [`analyse`]:
/// page one, the tables, charts, CSV, JSON and the commands all read it
/// (or its cut to a period, `period::Period::of`).
pub struct Analysis {
    pub load: Load,
    pub metric: Option<LoadMetric>,
    pub jumps: Vec<Jump>,
    pub flags: Vec<Flag>,
    pub unexplained: Vec<Spike>,
    pub quiet_jumps: Vec<Jump>,
    /// Every red flag of the whole diary, whatever period is shown.
    pub red_flags: Vec<RedFlag>,
    /// (week, monotony) above the configured limit.
    pub monotony_notes: Vec<(String, f64)>,
    /// Next week's load limit and the next long run, or the red flag that
    /// stops them.
    pub advice: Advice,
    /// Next week in one answer: its dates, the load limit and the plan's
    /// stage, and which binds; made from the whole history, so a report of
    /// an earlier period names the same next week.
    pub next_week: Option<crate::analysis::next_week::NextWeek>,
    pub settle: Vec<Settle>,
    /// Pain during the runs and the week-to-week rule of the
    /// pain-monitoring model (Silbernagel et al. 2007).
    pub monitoring: crate::analysis::monitoring::Monitoring,
    /// The return-to-run plan week by week (empty without a plan start).
    pub plan: Vec<PlanWeek>,
    pub diary_present: bool,
    pub diary_entries: Vec<DiaryEntry>,
    pub diary_rows_skipped: usize,
    /// Activities left out because their date cannot be real (see
    /// `load::implausible_start`): source, start, why.
    pub unplaced: Vec<(String, chrono::DateTime<chrono::Utc>, &'static str)>,
    /// Input files the store holds as not imported: (file, reason).
    pub skipped_files: Vec<(String, String)>,
    /// Problems the import worked around: (activity source, what and how).
    pub import_notes: Vec<(String, String)>,
    /// Whether, over the whole history, pain spikes follow load-jump weeks
    /// more often than other weeks (issue #17).
    pub association: Association,
    /// The outcome measures of scores.csv, oldest first (issue #25).
    pub scores: Vec<crate::diary::scores::Score>,
}

impl Analysis {
    /// The flag whose jump this run set off: a run whose pain "settled" by
    /// the next morning is still no all-clear when it did.
    pub fn flag_set_off_by(&self, run: &Settle) -> Option<&Flag> {
        self.flags.iter().find(|f| f.jump.trigger_date == run.date)
    }
}

/// What the store holds but the weeks cannot use, for data quality.
#[derive(Debug, Clone, Default)]
pub struct StoreNotes {
    /// Activities whose date cannot be real: source, start, why.
    pub unplaced: Vec<(String, DateTime<Utc>, &'static str)>,
    /// Input files the store holds as not imported: (file, reason).
    pub skipped_files: Vec<(String, String)>,
    /// Problems the import worked around: (activity source, what and how).
    pub import_notes: Vec<(String, String)>,
}

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
    scores: Vec<Score>,
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
    let notes = store_notes(store, &unplaced, now);
    Ok(analyse(load, diary, scores, notes, config, today))
}

/// The one place an [`Analysis`] is made: from the load, the diary (its
/// entries and how many rows were set aside), the outcome scores and what
/// the store could not use. `today` (in the runner's zone) decides whether
/// a red flag is recent enough to stop the training advice.
pub fn analyse(
    mut load: Load,
    diary: Option<(&[DiaryEntry], usize)>,
    mut scores: Vec<Score>,
    notes: StoreNotes,
    config: &Config,
    today: NaiveDate,
) -> Analysis {
    scores.sort_by_key(|s| (s.date, s.line));
    outcomes::fill_weeks(&mut load.weeks, &scores);
    let entries = diary.map(|d| d.0.to_vec()).unwrap_or_default();
    let plan = plan::compare(&load, &config.plan);
    let found = flags::detect(&mut load, &plan, config);
    let red_flags = red_flags::find(&entries);
    let advice = red_flags::advice(&load, &red_flags, config, today);
    Analysis {
        plan,
        metric: load.metric,
        next_week: next_week::next_week(&load, &advice, config),
        advice,
        settle: settle::checks(&load, config),
        monitoring: monitoring::check(&load, &entries, &config.pain),
        red_flags,
        jumps: found.jumps,
        flags: found.flags,
        unexplained: found.unexplained,
        quiet_jumps: found.quiet_jumps,
        monotony_notes: found.monotony_notes,
        association: found.association,
        diary_present: diary.is_some(),
        diary_rows_skipped: diary.map(|d| d.1).unwrap_or(0),
        diary_entries: entries,
        unplaced: notes.unplaced,
        skipped_files: notes.skipped_files,
        import_notes: notes.import_notes,
        scores,
        load,
    }
}

/// What the store holds but the weeks leave out or worked around.
fn store_notes(
    store: &Store,
    unplaced: &[&crate::model::Activity],
    now: DateTime<Utc>,
) -> StoreNotes {
    StoreNotes {
        unplaced: unplaced
            .iter()
            .filter_map(|a| {
                let why = crate::dates::implausible_start(a.summary.start, now)?;
                Some((a.source.clone(), a.summary.start, why))
            })
            .collect(),
        import_notes: store
            .activities
            .iter()
            .flat_map(|a| a.warnings.iter().map(|w| (a.source.clone(), w.clone())))
            .collect(),
        skipped_files: store
            .files
            .iter()
            .filter_map(|f| match &f.status {
                FileStatus::Skipped { reason } => Some((f.path.clone(), reason.clone())),
                _ => None,
            })
            .collect(),
    }
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
