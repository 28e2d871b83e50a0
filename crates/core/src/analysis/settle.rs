//! Did pain settle by the next morning after each run? The pain-monitoring
//! model's per-run check (Silbernagel et al. 2007).

use crate::analysis::load::{Load, shift_days};
use crate::config::Config;
use chrono::NaiveDate;
use serde::Serialize;

/// Per run: did pain settle by the next morning?
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Settle {
    pub date: NaiveDate,
    pub minutes: f64,
    pub before: f64,
    pub next_morning: f64,
    pub settled: bool,
}

/// Next-morning rule (Silbernagel et al. 2007): pain on the morning after a
/// run no higher than the day before's level + margin.
pub(crate) fn checks(load: &Load, config: &Config) -> Vec<Settle> {
    // Days are contiguous from the first: a date is an index.
    let first = load.days.first().map(|d| d.date);
    let by_date = |d: NaiveDate| {
        let i = (d - first?).num_days();
        usize::try_from(i).ok().and_then(|i| load.days.get(i))
    };
    let mut out = Vec::new();
    // Runs only: a walk is the runner's ordinary day, not a test of the back.
    for r in load.runs.iter().filter(|r| r.kind.is_running()) {
        let before = by_date(shift_days(r.date, -1)).and_then(|d| d.pain_mean);
        let next = by_date(shift_days(r.date, 1)).and_then(|d| d.pain_morning);
        if let (Some(b), Some(n)) = (before, next) {
            if out.iter().any(|s: &Settle| s.date == r.date) {
                continue;
            }
            out.push(Settle {
                date: r.date,
                minutes: crate::metrics::round(r.minutes, 1),
                before: b,
                next_morning: n,
                settled: n <= b + config.pain.settle_margin,
            });
        }
    }
    out
}
