//! `runlog log`: one diary row from the command line, so the daily habit
//! is one command instead of opening a spreadsheet.
//!
//! pain.csv is the runner's own file, changed only through
//! `runner_file::update` (as scores.csv is): the old bytes plus one row,
//! written whole beside the old file and renamed over it, so a crash, a
//! full disk or Ctrl-C leaves either the old file, byte for byte, or the
//! new one, never half a row.

use super::runner_file::{self, confirm, refused};
use super::sanitize;
use crate::cli::{Common, LogArgs};
use runlog_core::analysis::flags::{RedFlag, red_flag_notice};
use runlog_core::diary::{self, NewRow};
use runlog_core::error::{Error, Result};
use runlog_core::model::{DiaryEntry, RedFlags, TimeOfDay};
use std::path::Path;

pub fn log(common: &Common, args: &LogArgs) -> Result<()> {
    let ctx = crate::context::Context::load(&common.dir)?;
    let (config, today) = (&ctx.config, ctx.today);
    let options = &config.diary;
    let row = new_row(args, today);
    let shown = common.dir.join("pain.csv");
    // The values first, against no file: a refused row touches nothing,
    // not even the lock.
    append_checked(None, &row, options, &shown, today)?;
    let (path, added) = runner_file::update(&common.dir, "pain.csv", |old, path| {
        append_checked(old, &row, options, path, today)
    })?;

    // Warnings first and to stderr, so they are seen even with --quiet.
    for (column, value) in &added.not_stored {
        eprintln!(
            "runlog: warning: pain.csv has no `{column}` column, so {column} {} was not stored. To keep it next time, add `{column}` to pain.csv's header line (the first line); earlier rows may leave it empty.",
            sanitize(value)
        );
    }
    if let Some(e) = &added.earlier {
        eprintln!(
            "runlog: note: pain.csv already has an entry for {}{} (line {}); both rows are kept and the day's pain is their mean. If the new row corrects that one, delete line {} of pain.csv",
            e.date,
            time_words(e.time),
            e.line,
            e.line
        );
    }
    let mut out = String::new();
    let flags = requested_flags(args);
    if flags.any() {
        let logged = DiaryEntry {
            red_flags: flags,
            ..added.entry.clone()
        };
        let notice = red_flag_notice(RedFlag::of(&logged).as_slice()).unwrap_or_default();
        say!(out, "{notice}");
        say!(out, "");
    }
    if !common.quiet {
        if added.created {
            say!(out, "created  {}", path.display());
        }
        say!(
            out,
            "logged   {} (pain.csv line {})",
            sanitize(&describe(&added.entry)),
            added.entry.line
        );
    }
    confirm(&out, added.entry.line, "pain.csv")
}

/// The diary with the row added, or why not (a value, or a date that
/// cannot be meant): nothing is written either way.
fn append_checked(
    old: Option<&[u8]>,
    row: &NewRow,
    options: &diary::Options,
    path: &Path,
    today: chrono::NaiveDate,
) -> Result<diary::Appended> {
    let added = diary::append(old, row, "pain.csv", options).map_err(|e| refused(e, path))?;
    if let Some(why) = runlog_core::dates::implausible_day(added.entry.date, today) {
        return Err(Error::Usage(format!(
            "nothing was written: the date {} is {why} (today is {today}); check --date",
            added.entry.date
        )));
    }
    Ok(added)
}

fn requested_flags(args: &LogArgs) -> RedFlags {
    RedFlags {
        numbness: args.numbness,
        weakness: args.weakness,
        bladder_bowel: args.bladder_bowel,
        saddle_numbness: args.saddle_numbness,
        fever: args.fever,
    }
}

/// A `--date` as typed: `today` and `yesterday` are days in the runner's
/// zone; anything else is read by the file's own date rules.
pub(super) fn day_typed(date: Option<&str>, today: chrono::NaiveDate) -> String {
    match date.map(str::trim) {
        None | Some("today") => today.to_string(),
        Some("yesterday") => runlog_core::dates::shift_days(today, -1).to_string(),
        Some(d) => d.to_string(),
    }
}

/// The row as typed.
fn new_row(args: &LogArgs, today: chrono::NaiveDate) -> NewRow {
    let date = day_typed(args.date.as_deref(), today);
    NewRow {
        date,
        time: args.time.clone(),
        pain: args.pain.clone(),
        pain_during: args.during.clone(),
        leg_pain: args.leg_pain.clone(),
        stiffness_min: args.stiff.clone(),
        location: args.location.clone(),
        function: args.function.clone(),
        rpe: args.rpe.clone(),
        red_flags: requested_flags(args),
        notes: args.note.clone(),
    }
}

/// One line a person reads back: `2026-03-14 morning: pain 3.5, ...`.
fn describe(e: &DiaryEntry) -> String {
    let mut parts = vec![format!("pain {}", e.pain.value())];
    if let Some(p) = e.pain_during {
        parts.push(format!("during the run {p}"));
    }
    if let Some(l) = e.leg_pain {
        parts.push(format!("leg pain {l}"));
    }
    if let Some(s) = e.stiffness_min {
        parts.push(format!("stiffness {s} min"));
    }
    if let Some(l) = &e.location {
        parts.push(l.clone());
    }
    if let Some(f) = e.function {
        parts.push(format!("function {f}"));
    }
    if let Some(r) = e.rpe {
        parts.push(format!("RPE {r}"));
    }
    parts.extend(e.red_flags.names().into_iter().map(str::to_string));
    if let Some(n) = &e.notes {
        parts.push(format!("\"{n}\""));
    }
    format!("{}{}: {}", e.date, time_words(e.time), parts.join(", "))
}

/// ` morning`, ` 07:30`, or nothing for a row without a time.
fn time_words(t: Option<TimeOfDay>) -> String {
    match t {
        None => String::new(),
        Some(TimeOfDay::Morning) => " morning".into(),
        Some(TimeOfDay::Evening) => " evening".into(),
        Some(TimeOfDay::At(m)) => format!(" {:02}:{:02}", m / 60, m % 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_line_reads_like_the_row() {
        let e = DiaryEntry {
            time: Some(TimeOfDay::Morning),
            stiffness_min: Some(20.0),
            location: Some("low back".into()),
            leg_pain: Some(1.5),
            notes: Some("stiff after sitting".into()),
            ..DiaryEntry::new(
                9,
                chrono::NaiveDate::from_ymd_opt(2026, 3, 14).unwrap(),
                runlog_core::model::Pain::new(3.5).unwrap(),
            )
        };
        assert_eq!(
            describe(&e),
            "2026-03-14 morning: pain 3.5, leg pain 1.5, stiffness 20 min, low back, \"stiff after sitting\""
        );
    }
}
