//! One period of the analysis, cut once: every output of a report (page
//! one, the tables, the charts, weeks.csv, flags.json) and every listing
//! reads the same cut and the same counts, so no two of them can disagree
//! about what the period holds (issue #31).
//!
//! A period is whole ISO weeks, Monday to Sunday: the load, the jumps and
//! the plan are weekly, and a week cut in two would be summed one way in a
//! table and another in a total. What belongs to it:
//! - a week, a day, a run, a diary row, a score: its date is inside;
//! - a load jump or a flag: its week is inside;
//! - a pain spike (flagged or not): it starts inside, as the weeks table
//!   marks it (see `spikes::spike_rule`);
//! - the next-morning checks: the run's day is inside.
//!
//! History before the period still feeds the ratios, baselines and the
//! whole-history association: those are properties of the week, made from
//! the whole diary.

use crate::analysis::Analysis;
use crate::analysis::load::RunLoad;
use crate::dates::{REPORT_WEEKS, first_of_weeks_ending, shift_days, week_start};
use chrono::NaiveDate;
use serde::Serialize;

/// Which weeks the runner asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spec {
    /// The last N weeks, ending with the last week that has data.
    Weeks(u32),
    /// From a day to the last day with data (or today, without any).
    From(NaiveDate),
    /// The `REPORT_WEEKS` weeks ending with a day.
    To(NaiveDate),
    /// From and to, inclusive.
    Dates(NaiveDate, NaiveDate),
    /// Every week with data.
    All,
}

/// Whole ISO weeks: `from` is a Monday, `to` a Sunday, `from <= to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Span {
    /// The whole weeks holding `from` and `to`; `None` when `from` is after
    /// `to`.
    pub fn weeks(from: NaiveDate, to: NaiveDate) -> Option<Span> {
        (from <= to).then(|| Span {
            from: week_start(from),
            to: shift_days(week_start(to), 6),
        })
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        d >= self.from && d <= self.to
    }

    /// How many weeks it spans.
    pub fn n_weeks(&self) -> usize {
        usize::try_from((self.to - self.from).num_days() / 7 + 1).unwrap_or(0)
    }
}

/// The command that shows the report's usual 12 weeks up to `last`, as
/// runlog suggests it wherever a period misses the runs.
pub fn report_up_to(last: NaiveDate) -> String {
    format!(
        "runlog report --from {}",
        first_of_weeks_ending(last, REPORT_WEEKS)
    )
}

impl Spec {
    /// The weeks meant, against the analysis's data: its first and last day
    /// with a run or a diary entry, else `today`.
    pub fn resolve(self, a: &Analysis, today: NaiveDate) -> Option<Span> {
        let first = a.load.days.first().map(|d| d.date);
        let last = a.load.days.last().map(|d| d.date);
        match self {
            Spec::Weeks(n) => {
                let last = last.unwrap_or(today);
                Span::weeks(first_of_weeks_ending(last, n), last)
            }
            Spec::From(f) => Span::weeks(f, last.unwrap_or(today).max(f)),
            Spec::To(t) => Span::weeks(first_of_weeks_ending(t, REPORT_WEEKS), t),
            Spec::Dates(f, t) => Span::weeks(f, t),
            Spec::All => Span::weeks(first.unwrap_or(today), last.unwrap_or(today)),
        }
    }
}

/// One definition of each thing a report counts, made once from the
/// period's runs and plan: page one, the captions, the tables and the
/// terminal all say these numbers, and where two differ (every activity on
/// foot against the runs the load counts) the words say why.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Counts {
    /// Every activity in the period.
    pub activities: usize,
    /// Running activities (runs, trail runs, treadmill runs).
    pub runs: usize,
    /// Walks and hikes.
    pub walks: usize,
    /// Cycling and other cross-training.
    pub other: usize,
    /// Moving minutes of every activity.
    pub minutes: f64,
    pub run_minutes: f64,
    pub walk_minutes: f64,
    /// Activities that count towards the load (`[load]` settings), and the
    /// sum of their load in the load's unit: the weekly loads add up to it.
    pub counted: usize,
    pub load: f64,
    /// Sessions done and planned (adherence), over the plan's weeks in the
    /// period; `None` without a plan week.
    pub sessions: Option<(u32, u32)>,
}

impl Counts {
    fn of(runs: &[RunLoad], plan: &[crate::analysis::plan::PlanWeek]) -> Counts {
        let minutes = |f: fn(&RunLoad) -> bool| -> f64 {
            runs.iter().filter(|r| f(r)).map(|r| r.minutes).sum()
        };
        Counts {
            activities: runs.len(),
            runs: runs.iter().filter(|r| r.kind.is_running()).count(),
            walks: runs.iter().filter(|r| r.kind.is_walking()).count(),
            other: runs
                .iter()
                .filter(|r| !r.kind.is_running() && !r.kind.is_walking())
                .count(),
            minutes: minutes(|_| true),
            run_minutes: minutes(|r| r.kind.is_running()),
            walk_minutes: minutes(|r| r.kind.is_walking()),
            counted: runs.iter().filter(|r| r.counts).count(),
            load: runs.iter().map(|r| r.load).sum(),
            sessions: crate::analysis::plan::adherence(plan),
        }
    }

    /// "35 activities (33 runs and 2 walks)", or "12 runs" when all are.
    pub fn activities_text(&self) -> String {
        let mut parts = Vec::new();
        for (n, one, many) in [
            (self.runs, "run", "runs"),
            (self.walks, "walk", "walks"),
            (self.other, "other activity", "other activities"),
        ] {
            if n > 0 {
                parts.push(format!("{n} {}", if n == 1 { one } else { many }));
            }
        }
        match parts.len() {
            0 => "no activities".into(),
            1 => parts.remove(0),
            _ => format!(
                "{} {} ({})",
                self.activities,
                if self.activities == 1 {
                    "activity"
                } else {
                    "activities"
                },
                crate::text::join_and(&parts)
            ),
        }
    }
}

/// The analysis of one period, and the whole history it was cut from.
#[derive(Debug, Clone)]
pub struct Period<'a> {
    pub whole: &'a Analysis,
    pub span: Span,
    /// The analysis cut to the span (see the module's doc for what belongs).
    pub a: Analysis,
    pub counts: Counts,
}

impl<'a> Period<'a> {
    /// Cut `whole` to `span`. Without `notes` every diary note is dropped
    /// here, before any output is made, so no part of a report can show one.
    pub fn of(whole: &'a Analysis, span: Span, notes: bool) -> Period<'a> {
        let mut a = cut(whole, span);
        if !notes {
            a.diary_entries.iter_mut().for_each(|e| e.notes = None);
        }
        let counts = Counts::of(&a.load.runs, &a.plan);
        Period {
            whole,
            span,
            a,
            counts,
        }
    }

    /// The last activity of the whole history, when the period holds none
    /// but the store does: where to look instead.
    pub fn elsewhere(&self) -> Option<(usize, NaiveDate)> {
        if self.counts.activities > 0 {
            return None;
        }
        let last = self.whole.load.runs.iter().map(|r| r.date).max()?;
        Some((self.whole.load.runs.len(), last))
    }
}

fn cut(whole: &Analysis, span: Span) -> Analysis {
    let inside = |d: NaiveDate| span.contains(d);
    let mut p = whole.clone();
    p.load.weeks.retain(|w| inside(w.start));
    p.load.days.retain(|d| inside(d.date));
    p.load.runs.retain(|r| inside(r.date));
    p.jumps.retain(|j| inside(j.week_start));
    p.flags.retain(|f| inside(f.jump.week_start));
    p.quiet_jumps.retain(|j| inside(j.week_start));
    p.unexplained.retain(|s| inside(s.date));
    let weeks: Vec<String> = p.load.weeks.iter().map(|w| w.week.clone()).collect();
    p.monotony_notes.retain(|(w, _)| weeks.contains(w));
    p.settle.retain(|s| inside(s.date));
    p.monitoring.during_over.retain(|d| inside(d.date));
    p.monitoring.weekly_rises.retain(|w| inside(w.start));
    p.plan.retain(|w| inside(w.start));
    p.diary_entries.retain(|e| inside(e.date));
    p.monitoring.during_recorded = p
        .diary_entries
        .iter()
        .filter(|e| e.pain_during.is_some())
        .count();
    p.scores.retain(|s| inside(s.date));
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Issue #31: `--from` alone runs to the last day with data, `--to`
    /// alone from 12 weeks before it; every period is whole weeks.
    #[test]
    fn issue31_a_period_is_whole_weeks_and_either_end_may_be_left_out() {
        let mut a = Analysis::default();
        for day in ["2026-08-03", "2026-11-15"] {
            a.load.days.push(crate::analysis::load::Day {
                date: d(day),
                ..Default::default()
            });
        }
        let today = d("2026-12-05");
        let span = |s: Spec| s.resolve(&a, today).map(|s| (s.from, s.to));
        // Wed 26 Aug → Mon 24 Aug; the last day with data, Sun 15 Nov.
        assert_eq!(
            span(Spec::From(d("2026-08-26"))),
            Some((d("2026-08-24"), d("2026-11-15")))
        );
        assert_eq!(
            span(Spec::To(d("2026-11-15"))),
            Some((d("2026-08-24"), d("2026-11-15")))
        );
        assert_eq!(
            span(Spec::Weeks(12)),
            Some((d("2026-08-24"), d("2026-11-15")))
        );
        assert_eq!(span(Spec::All), Some((d("2026-08-03"), d("2026-11-15"))));
        // After the data: to that week.
        assert_eq!(
            span(Spec::From(d("2026-12-01"))),
            Some((d("2026-11-30"), d("2026-12-06")))
        );
        assert_eq!(span(Spec::Dates(d("2026-09-01"), d("2026-08-01"))), None);
        assert_eq!(
            Span::weeks(d("2026-08-24"), d("2026-11-15"))
                .unwrap()
                .n_weeks(),
            12
        );
    }
}
