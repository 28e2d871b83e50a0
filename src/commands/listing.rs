//! Which weeks a listing (`weeks`, `activities`, `flags`, `plan`) shows:
//! the period asked for (`--from`, `--to`, `--weeks`, `--all`), else a
//! screenful on a terminal (the last 12 weeks, with a line saying how to
//! see the rest), and the whole history piped or as CSV or JSON, so
//! scripts see what they always did. The weeks are cut once, by
//! `Period::of`, as a report's are: a listing and a report of the same
//! period cannot disagree.

use crate::cli::PeriodArgs;
use crate::context::Context;
use crate::output;
use runlog_core::analysis::Analysis;
use runlog_core::analysis::period::{Period, Spec};
use runlog_core::dates::{REPORT_WEEKS, shift_days};
use runlog_core::error::Result;

/// The weeks a listing was asked for; `table` when it prints for people.
pub(super) fn spec(ctx: &Context, args: &PeriodArgs, table: bool) -> Result<Spec> {
    let default = if table && output::on_terminal() {
        Spec::Weeks(REPORT_WEEKS)
    } else {
        Spec::All
    };
    ctx.spec(args, default)
}

/// The analysis a listing shows, and the whole history it comes from.
pub(super) struct Shown<'a> {
    pub whole: &'a Analysis,
    /// The period's cut; `None` for every week, the history as it is.
    pub period: Option<Period<'a>>,
}

impl<'a> Shown<'a> {
    pub fn new(ctx: &Context, whole: &'a Analysis, spec: Spec) -> Shown<'a> {
        let period = match spec {
            Spec::All => None,
            spec => spec
                .resolve(whole, ctx.today)
                .map(|span| Period::of(whole, span, true)),
        };
        Shown { whole, period }
    }

    /// The weeks shown.
    pub fn a(&self) -> &Analysis {
        self.period.as_ref().map_or(self.whole, |p| &p.a)
    }

    /// On a terminal, when weeks with data are left out: which weeks are
    /// shown, and the command lines that show the rest.
    pub fn footer(&self, command: &str) -> Option<String> {
        let p = self.period.as_ref()?;
        let weeks = &self.whole.load.weeks;
        let (first, last) = (weeks.first()?.start, weeks.last()?.start);
        if (p.span.from <= first && p.span.to >= last) || !output::on_terminal() {
            return None;
        }
        let earlier = shift_days(p.span.from, -7 * i64::from(REPORT_WEEKS)).max(first);
        Some(format!(
            "Showing {} to {}: {} of {} weeks. Every week: `runlog {command} --all`; from a day: `runlog {command} --from {earlier}`.",
            p.span.from.format("%-d %b %Y"),
            p.span.to.format("%-d %b %Y"),
            p.a.load.weeks.len(),
            weeks.len(),
        ))
    }
}
