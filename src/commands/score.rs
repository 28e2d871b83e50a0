//! `runlog score`: an outcome-measure total (ODI, RMDQ, PSFS) into
//! scores.csv, beside the pain diary and with its guarantees (one writer,
//! `runner_file::update`, for both): checked before anything is written,
//! the old bytes kept in the file's own form, the new file renamed into
//! place whole.

use super::log::day_typed;
use super::runner_file::{self, confirm, refused};
use crate::cli::{Common, ScoreArgs};
use runlog_core::config::Config;
use runlog_core::diary::Appended;
use runlog_core::diary::scores::{self, NewScore, Score};
use runlog_core::error::{Error, Result};

pub fn score(common: &Common, args: &ScoreArgs) -> Result<()> {
    let ctx = crate::context::Context::load(&common.dir)?;
    let (config, today) = (&ctx.config, ctx.today);
    let new = NewScore {
        date: day_typed(args.date.as_deref(), today),
        measure: args.measure.clone(),
        value: args.value.clone(),
        activity: args.activity.clone(),
    };
    // The values first, against no file: a refused score touches nothing.
    checked(None, &new, config, &common.dir.join("scores.csv"), today)?;
    let (path, added) = runner_file::update(&common.dir, "scores.csv", |old, path| {
        checked(old, &new, config, path, today)
    })?;
    let written = &added.entry;
    let mut out = String::new();
    if !common.quiet {
        if added.created {
            say!(out, "created  {}", path.display());
        }
        let activity = written
            .activity
            .as_deref()
            .map(|a| format!(" for \"{}\"", super::sanitize(a)))
            .unwrap_or_default();
        say!(
            out,
            "scored   {} {} {}{activity} on {} (scores.csv line {})",
            written.measure.name(),
            written.value,
            written.measure.unit(),
            written.date,
            written.line
        );
    }
    if let Some(e) = &added.earlier {
        // The analysis takes one questionnaire on one day as the day's
        // latest row (for the PSFS, per activity).
        eprintln!("runlog: note: {}", replaces(written, e));
    }
    confirm(&out, written.line, "scores.csv")
}

/// What a second score of one questionnaire on one day does, `9 Nov`
/// being the day as a person says it.
fn replaces(new: &Score, earlier: &Score) -> String {
    let what = match &new.activity {
        Some(a) => format!("the PSFS score for \"{}\"", super::sanitize(a)),
        None => format!("the {}", new.measure.name().to_uppercase()),
    };
    let day = new.date.format("%-d %b");
    format!(
        "scores.csv line {} already has {what} of {day} ({} {}): this one replaces {what} of {day} in the report; both rows stay in scores.csv",
        earlier.line,
        earlier.value,
        earlier.measure.unit(),
    )
}

/// scores.csv with the score added, or why not; nothing is written.
fn checked(
    old: Option<&[u8]>,
    new: &NewScore,
    config: &Config,
    path: &std::path::Path,
    today: chrono::NaiveDate,
) -> Result<Appended<Score>> {
    let added =
        scores::append(old, new, "scores.csv", &config.diary).map_err(|e| refused(e, path))?;
    if let Some(why) = runlog_core::dates::implausible_day(added.entry.date, today) {
        return Err(Error::Usage(format!(
            "nothing was written: the date {} is {why} (today is {today}); check --date",
            added.entry.date
        )));
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_score_of_a_day_says_which_one_the_report_takes() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 9).unwrap();
        let score = |line, value, measure, activity: Option<&str>| Score {
            line,
            date: day,
            measure,
            value,
            activity: activity.map(str::to_string),
        };
        let odi = scores::Measure::Odi;
        assert_eq!(
            replaces(&score(5, 28.0, odi, None), &score(3, 32.0, odi, None)),
            "scores.csv line 3 already has the ODI of 9 Nov (32 %): this one replaces the ODI of 9 Nov in the report; both rows stay in scores.csv"
        );
        let psfs = scores::Measure::Psfs;
        assert_eq!(
            replaces(
                &score(5, 6.0, psfs, Some("run")),
                &score(4, 5.0, psfs, Some("Run"))
            ),
            "scores.csv line 4 already has the PSFS score for \"run\" of 9 Nov (5 points): this one replaces the PSFS score for \"run\" of 9 Nov in the report; both rows stay in scores.csv"
        );
    }
}
