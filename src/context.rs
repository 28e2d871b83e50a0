//! What a command resolves once before it does anything: the log folder,
//! its settings, and the clock. As ripgrep turns its flags into `HiArgs`
//! once, every later step takes these from here and never loads the
//! configuration or reads the clock again, so one run of `runlog report`
//! has one "today" and one set of settings from its first line to its last.

use crate::cli::PeriodArgs;
use chrono::{DateTime, NaiveDate, Utc};
use runlog_core::analysis::period::Spec;
use runlog_core::config::Config;
use runlog_core::diary;
use runlog_core::error::{Error, Result};
use std::path::PathBuf;

pub struct Context {
    pub dir: PathBuf,
    pub config: Config,
    /// The clock, read once.
    pub now: DateTime<Utc>,
    /// `now`'s date in the runner's time zone (`[display] timezone`).
    pub today: NaiveDate,
}

impl Context {
    pub fn load(dir: &std::path::Path) -> Result<Context> {
        let config = Config::load(dir)?;
        let now = Utc::now();
        let today = now.with_timezone(&config.tz()).date_naive();
        Ok(Context {
            dir: dir.to_path_buf(),
            config,
            now,
            today,
        })
    }

    /// The context as of a day given on the command line (`--today`), for
    /// a plan made ahead or a test with fixed dates: noon of that day,
    /// which no time zone moves to another date. `None` keeps the clock.
    pub fn on(mut self, day: Option<&str>) -> Result<Context> {
        let Some(s) = day else {
            return Ok(self);
        };
        let date = self.day("today", s)?;
        let noon = date.and_hms_opt(12, 0, 0).unwrap_or_default();
        self.now = noon
            .and_local_timezone(self.config.tz())
            .earliest()
            .map_or(noon.and_utc(), |t| t.with_timezone(&Utc));
        self.today = date;
        Ok(self)
    }

    /// A day as `--from`, `--to` or `--date` take it: ISO, the diary's
    /// `date_format`, `today` or `yesterday`.
    pub fn day(&self, flag: &str, s: &str) -> Result<NaiveDate> {
        diary::parse_day(s, &self.config.diary, self.today)
            .map_err(|e| Error::Usage(format!("--{flag}: {e}")))
    }

    /// The weeks asked for: `--all`, `--from` and `--to` (either alone), or
    /// the last `--weeks`; `default` when none was given.
    pub fn spec(&self, p: &PeriodArgs, default: Spec) -> Result<Spec> {
        let from = p.from.as_deref().map(|s| self.day("from", s)).transpose()?;
        let to = p.to.as_deref().map(|s| self.day("to", s)).transpose()?;
        Ok(match (from, to) {
            (Some(f), Some(t)) if f > t => {
                return Err(Error::Usage(format!(
                    "--from {f} is after --to {t}: give the earlier day first"
                )));
            }
            (Some(f), Some(t)) => Spec::Dates(f, t),
            (Some(f), None) => Spec::From(f),
            (None, Some(t)) => Spec::To(t),
            (None, None) if p.all => Spec::All,
            (None, None) => p.weeks.map_or(default, Spec::Weeks),
        })
    }
}
