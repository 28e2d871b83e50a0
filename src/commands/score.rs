//! `runlog score`: an outcome-measure total (ODI, RMDQ, PSFS) into
//! scores.csv, beside the pain diary and with its guarantees: checked
//! before anything is written, the old bytes kept, the new file renamed
//! into place whole.

use super::log::{day_typed, replace};
use crate::cli::{Common, ScoreArgs};
use runlog_core::config::Config;
use runlog_core::diary::scores::{self, NewScore, ScoreError};
use runlog_core::error::{Error, Result};

pub fn score(common: &Common, args: &ScoreArgs) -> Result<()> {
    let config = Config::load(&common.dir)?;
    let today = chrono::Utc::now().with_timezone(&config.tz()).date_naive();
    let path = common.dir.join("scores.csv");
    let new = NewScore {
        date: day_typed(args.date.as_deref(), today),
        measure: args.measure.clone(),
        value: args.value.clone(),
        activity: args.activity.clone(),
    };
    // The values first, against no file: a refused score touches nothing.
    checked(None, &new, &config, &path, today)?;
    let lock = runlog_core::store::WriteLock::acquire(&common.dir, super::lock_wait())?;
    super::log::remove_stale_temps(&path);
    let old = match std::fs::read(&path) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io(&path, e)),
    };
    let (bytes, written) = checked(old.as_deref(), &new, &config, &path, today)?;
    replace(&path, old.as_deref(), &bytes)?;
    drop(lock);
    if common.quiet {
        return Ok(());
    }
    let activity = written
        .activity
        .as_deref()
        .map(|a| format!(" for \"{}\"", super::sanitize(a)))
        .unwrap_or_default();
    let text = format!(
        "scored   {} {} {}{activity} on {} (scores.csv line {})\n",
        written.measure.name(),
        written.value,
        written.measure.unit(),
        written.date,
        written.line
    );
    super::log::confirm(&text, written.line, "scores.csv")
}

/// scores.csv with the score added, or why not; nothing is written.
fn checked(
    old: Option<&[u8]>,
    new: &NewScore,
    config: &Config,
    path: &std::path::Path,
    today: chrono::NaiveDate,
) -> Result<(Vec<u8>, scores::Score)> {
    let (bytes, written) = scores::append(old, new, &config.diary).map_err(|e| match e {
        ScoreError::Value(m) => Error::Usage(format!("nothing was written: {m}")),
        ScoreError::File(source) => Error::Diary {
            path: path.to_path_buf(),
            source,
        },
    })?;
    if let Some(why) = runlog_core::dates::implausible_day(written.date, today) {
        return Err(Error::Usage(format!(
            "nothing was written: the date {} is {why} (today is {today}); check --date",
            written.date
        )));
    }
    Ok((bytes, written))
}
