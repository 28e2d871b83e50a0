//! The data of the period a report covers, and the small helpers that turn
//! it into labels and plotted points.

use chrono::{Datelike, NaiveDate};
use runlog_core::analysis::Analysis;
use runlog_core::analysis::load::{Day, MIN_HISTORY_DAYS, Week, shift_days};
use runlog_core::analysis::period::{Counts, Period};
use runlog_core::analysis::plan::PlanWeek;
use runlog_core::analysis::spikes::Spike;
use runlog_core::config::{Config, LoadMetric};

pub(super) struct View<'a> {
    /// The period's analysis: the one cut every output reads.
    pub(super) a: &'a Analysis,
    /// The whole history, for what lies just outside the period (the week
    /// after the last one, the first day of data).
    whole: &'a Analysis,
    pub(super) config: &'a Config,
    from: NaiveDate,
    to: NaiveDate,
    pub(super) metric: LoadMetric,
    pub(super) counts: &'a Counts,
    pub(super) weeks: Vec<&'a Week>,
    pub(super) days: Vec<&'a Day>,
    /// The plan's weeks in the period (empty without a plan).
    pub(super) plan: Vec<&'a PlanWeek>,
}

impl<'a> View<'a> {
    pub(super) fn new(p: &'a Period<'a>, config: &'a Config) -> View<'a> {
        let a = &p.a;
        View {
            a,
            whole: p.whole,
            config,
            from: p.span.from,
            to: p.span.to,
            metric: a.metric.unwrap_or(config.load.metric),
            counts: &p.counts,
            weeks: a.load.weeks.iter().collect(),
            days: a.load.days.iter().collect(),
            plan: a.plan.iter().collect(),
        }
    }

    /// The load's unit ("km" becomes "mi" with `[display] units = "mi"`).
    pub(super) fn unit(&self) -> &'static str {
        self.metric.unit(self.config.display.units)
    }

    pub(super) fn load_desc(&self) -> String {
        let unit = self.unit();
        match self.metric {
            LoadMetric::Time => format!("Weekly running time ({unit})"),
            LoadMetric::Distance => format!("Weekly distance ({unit})"),
            LoadMetric::Trimp => format!("Weekly heart-rate load ({unit})"),
            LoadMetric::Srpe => format!("Weekly session-RPE load ({unit})"),
        }
    }

    /// "5 Jan – 29 Mar 2026".
    pub(super) fn period(&self) -> String {
        date_range(self.from, self.to)
    }

    /// The years the weeks span, for the axis title: "2026" or "2025–2026".
    pub(super) fn week_years(&self) -> String {
        let first = self.weeks.first().map(|w| w.start.year());
        let last = self.weeks.last().map(|w| shift_days(w.start, 6).year());
        years(first, last)
    }

    /// The years the plan's weeks span, for the axis title.
    pub(super) fn plan_years(&self) -> String {
        let first = self.plan.first().map(|w| w.start.year());
        let last = self.plan.last().map(|w| shift_days(w.start, 6).year());
        years(first, last)
    }

    /// The week after `weeks[k]`, even when it lies after the period.
    pub(super) fn next_week(&self, k: usize) -> Option<&'a Week> {
        let next = shift_days(self.weeks.get(k)?.start, 7);
        self.whole.load.weeks.iter().find(|w| w.start == next)
    }

    /// Leading weeks whose last day comes before `MIN_HISTORY_DAYS` of data.
    pub(super) fn weeks_without_history(&self) -> usize {
        let (Some(first), Some(last)) = (self.whole.load.days.first(), self.whole.load.days.last())
        else {
            return self.weeks.len();
        };
        let enough = shift_days(first.date, MIN_HISTORY_DAYS - 1);
        self.weeks
            .iter()
            .take_while(|w| shift_days(w.start, 6).min(last.date) < enough)
            .count()
    }

    /// Spikes in the period (those that start in it, as every list has
    /// them): (spike, followed a load jump).
    pub(super) fn spikes(&self) -> Vec<(&'a Spike, bool)> {
        let flagged = self.a.flags.iter().map(|f| (&f.spike, true));
        let other = self.a.unexplained.iter().map(|s| (s, false));
        flagged
            .chain(other)
            .filter(|(s, _)| s.date >= self.from && s.date <= self.to)
            .collect()
    }
}

pub(super) fn years(first: Option<i32>, last: Option<i32>) -> String {
    match (first, last) {
        (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
        (Some(a), _) => a.to_string(),
        _ => String::new(),
    }
}

fn date_range(from: NaiveDate, to: NaiveDate) -> String {
    if from.year() == to.year() {
        format!("{} – {}", from.format("%-d %b"), to.format("%-d %b %Y"))
    } else {
        format!("{} – {}", from.format("%-d %b %Y"), to.format("%-d %b %Y"))
    }
}

/// "2026-W14" → "W14".
pub(super) fn short_week(label: &str) -> &str {
    label.rsplit('-').next().unwrap_or(label)
}

pub(super) fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite())
}

/// A number without trailing zeros: 1.5, 0.8, 2.
pub(super) fn num(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Consecutive runs of present values, as (x, y) points.
pub(super) fn segments(values: &[Option<f64>]) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut cur = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(y) => cur.push((i as f64, *y)),
            None if !cur.is_empty() => out.push(std::mem::take(&mut cur)),
            None => {}
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

pub(super) fn points(values: &[Option<f64>]) -> Vec<(f64, f64)> {
    values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|y| (i as f64, y)))
        .collect()
}
