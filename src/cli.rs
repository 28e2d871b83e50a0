//! Command-line flags (clap derive). The doc comments are the `--help` text.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "runlog",
    version,
    about = "Watch exports (FIT, GPX, TCX, zipped or not) + pain diary → weekly load, flags, and report.html + report.pdf for your physiotherapist",
    after_help = EXAMPLES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES: &str = "\
Examples:
  runlog init ~/running                  create a log folder (asks 7 questions)
  export RUNLOG_DIR=~/running            name it once (in your shell profile)
  runlog log 3.5 --stiff 20              today's pain (0-10), 20 min of stiffness
  runlog score odi 28                    an outcome measure (ODI, RMDQ, PSFS)
  runlog report                          import new exports, write this week's report
  runlog weeks                           weekly load and pain in the terminal
  runlog weeks --from 2026-09-01         the weeks from a day (also --to, --weeks N, --all)
  runlog flags                           red flags, next week's limit, then each flag
  runlog flags --explain                 each flag's numbers and the evidence behind its rule
  runlog flags --format json             everything, for scripts
  runlog plan --workouts ~/workouts      next week's sessions as FIT workouts for the watch

On a terminal, weeks, activities, flags and plan show the last 12 weeks (--all:
every week); piped, or with --format csv or json, they show every week.

Shell completions and this manual page (the folders may not exist yet):
  mkdir -p ~/.local/share/bash-completion/completions ~/.local/share/man/man1
  runlog completions bash > ~/.local/share/bash-completion/completions/runlog
  runlog man > ~/.local/share/man/man1/runlog.1";

const PLAN_EXAMPLE: &str = "\
Examples:
  runlog plan --all                      every week of the plan, not only the last 12
  runlog plan --workouts ~/workouts      next week's sessions, one .fit file each
  cp ~/workouts/*.fit WATCH/GARMIN/NewFiles/    a Garmin watch, its drive over USB
Other watches: import the files in the maker's app.";

const WEEKS_EXAMPLE: &str = "\
Example:
  runlog weeks --from 2026-09-01         the weeks from Monday 31 Aug 2026 to the last with data";

const ACTIVITIES_EXAMPLE: &str = "\
Example:
  runlog activities --weeks 4            the activities of the last 4 weeks with data";

const FLAGS_EXAMPLE: &str = "\
Examples:
  runlog flags --explain                 each flag's numbers and the evidence behind its rule
  runlog flags --to 2026-10-31           the flags of the 12 weeks up to 31 Oct 2026";

/// Flags every command shares.
#[derive(Debug, clap::Args, Clone)]
pub struct Common {
    /// The log folder (holds runlog.toml, exports/, pain.csv). Set RUNLOG_DIR
    /// once to use it from anywhere; --dir wins over it.
    #[arg(long, env = "RUNLOG_DIR", default_value = ".", global = true)]
    pub dir: PathBuf,
    /// No progress bar and no per-file lines, only errors and the summary.
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

pub use crate::output::OutputFormat;

/// Which weeks a listing or a report shows: `--from` and `--to` (either
/// alone), the last `--weeks`, or `--all`. Days take the forms `runlog log
/// --date` takes.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct PeriodArgs {
    /// The last N weeks, ending with the last week that has data (1-1040),
    /// e.g. --weeks 4. Default: 12 for a report and on a terminal; a
    /// listing piped, or with --format csv or json, shows every week.
    #[arg(long, value_name = "N", value_parser = weeks_count, conflicts_with_all = ["from", "to", "all"])]
    pub weeks: Option<u32>,
    /// First day of the period: YYYY-MM-DD (or runlog.toml's date_format),
    /// today or yesterday, e.g. --from 2026-09-01. Alone, the period runs
    /// to the last day with data. Periods are whole weeks, Monday to Sunday.
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day of the period, in the same forms as --from, e.g. --to
    /// 2026-10-31. Alone, the period is the 12 weeks ending with it.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Every week, from the first with data to the last, instead of the last 12.
    #[arg(long, conflicts_with_all = ["from", "to"])]
    pub all: bool,
}

/// Flags are records with evidence and sentences, not a table of numbers:
/// text for people, JSON for scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FlagsFormat {
    Table,
    Json,
}

/// `--sex` of `runlog init`: picks TRIMP's weighting constant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SexArg {
    Female,
    Male,
    Unspecified,
}

/// `--units` of `runlog init`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UnitsArg {
    Km,
    Mi,
}

/// What `runlog init` writes into runlog.toml; each one not given is asked
/// on a terminal, or guessed (and said so) without one.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct InitSettings {
    /// Your name, for the report's title.
    #[arg(long)]
    pub name: Option<String>,
    /// The Monday your return-to-run plan began (YYYY-MM-DD, today or
    /// yesterday; another day means the Monday of its week). Default: next Monday.
    #[arg(long, value_name = "DATE")]
    pub plan_start: Option<String>,
    /// Heart rate at rest, beats per minute (25-120).
    #[arg(long, value_name = "BPM")]
    pub resting_hr: Option<f64>,
    /// The highest heart rate you reach, beats per minute (100-240).
    #[arg(long, value_name = "BPM")]
    pub max_hr: Option<f64>,
    /// For the heart-rate load (TRIMP) constant.
    #[arg(long, value_enum)]
    pub sex: Option<SexArg>,
    /// IANA time zone, e.g. Europe/Berlin (default: this computer's).
    #[arg(long, value_name = "ZONE")]
    pub timezone: Option<String>,
    /// Distances and paces in kilometres or miles.
    #[arg(long, value_enum)]
    pub units: Option<UnitsArg>,
}

/// One diary row, as `runlog log` takes it.
#[derive(Debug, Clone, clap::Args)]
pub struct LogArgs {
    /// Pain now, 0-10 (decimals allowed: 3.5 or 3,5).
    #[arg(allow_negative_numbers = true)]
    pub pain: String,
    /// The day: YYYY-MM-DD (or runlog.toml's date_format), today or yesterday. Default: today.
    #[arg(long)]
    pub date: Option<String>,
    /// morning, evening or HH:MM.
    #[arg(long)]
    pub time: Option<String>,
    /// Morning stiffness, minutes.
    #[arg(
        long,
        value_name = "MIN",
        visible_alias = "stiffness",
        allow_negative_numbers = true
    )]
    pub stiff: Option<String>,
    /// Where the pain is, e.g. "low back" or "left leg".
    #[arg(long)]
    pub location: Option<String>,
    /// Free text.
    #[arg(long, visible_alias = "notes")]
    pub note: Option<String>,
    /// Effort of today's session, 0-10.
    #[arg(long, allow_negative_numbers = true)]
    pub rpe: Option<String>,
    /// Pain during today's run, 0-10 (up to 5 is acceptable if it settles by the next morning).
    #[arg(long, allow_negative_numbers = true, value_name = "P")]
    pub during: Option<String>,
    /// Pain radiating into the leg, 0-10.
    #[arg(long, allow_negative_numbers = true)]
    pub leg_pain: Option<String>,
    /// Your functional-scale score, 0-10.
    #[arg(long, allow_negative_numbers = true)]
    pub function: Option<String>,
    /// Red flag: numbness in a leg.
    #[arg(long)]
    pub numbness: bool,
    /// Red flag: new weakness in a leg.
    #[arg(long)]
    pub weakness: bool,
    /// Red flag: a change in bladder or bowel control (emergency care the same day).
    #[arg(long)]
    pub bladder_bowel: bool,
    /// Red flag: numbness in the saddle area, between the legs (emergency care the same day).
    #[arg(long)]
    pub saddle_numbness: bool,
    /// Red flag: fever with the back pain.
    #[arg(long)]
    pub fever: bool,
}

/// One outcome-measure total, as `runlog score` takes it.
#[derive(Debug, Clone, clap::Args)]
pub struct ScoreArgs {
    /// odi (Oswestry Disability Index, 0-100 %), rmdq (Roland-Morris, 0-24)
    /// or psfs (Patient-Specific Functional Scale, 0-10 per activity).
    pub measure: String,
    /// The questionnaire's total (for psfs: this activity's score).
    #[arg(allow_negative_numbers = true)]
    pub value: String,
    /// The activity a psfs score rates, e.g. "run 30 min" (up to 5 activities).
    #[arg(long)]
    pub activity: Option<String>,
    /// The day: YYYY-MM-DD (or runlog.toml's date_format), today or yesterday. Default: today.
    #[arg(long)]
    pub date: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a log folder: runlog.toml (your name, time zone, heart rates, units, plan start), exports/ and pain.csv.
    Init {
        /// Folder to create (default: the current folder).
        dir: Option<PathBuf>,
        #[command(flatten)]
        settings: InitSettings,
        /// Ask nothing, even on a terminal: take the flags and guess the rest.
        #[arg(long)]
        no_input: bool,
    },
    /// Add one row to the pain diary (pain.csv), e.g. `runlog log 3.5 --stiff 20`.
    Log {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        row: LogArgs,
    },
    /// Store an outcome measure (ODI, RMDQ or PSFS total) in scores.csv, e.g. `runlog score odi 28`.
    Score {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        score: ScoreArgs,
    },
    /// Import new FIT, GPX and TCX files (also .gz, .zip and bulk exports) from DIR/exports/ or the given paths.
    Import {
        #[command(flatten)]
        common: Common,
        /// Files or folders to import instead of DIR/exports/.
        paths: Vec<PathBuf>,
        /// Exit with status 1 if any file was skipped.
        #[arg(long)]
        strict: bool,
    },
    /// List the stored activities.
    #[command(after_help = ACTIVITIES_EXAMPLE)]
    Activities {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        period: PeriodArgs,
        #[arg(long, value_enum, default_value = "table")]
        format: OutputFormat,
        /// Every column, however wide (a terminal gets fewer by default).
        #[arg(long)]
        wide: bool,
    },
    /// One row per ISO week: volume, load, acute:chronic ratio and pain.
    #[command(after_help = WEEKS_EXAMPLE)]
    Weeks {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        period: PeriodArgs,
        #[arg(long, value_enum, default_value = "table")]
        format: OutputFormat,
        /// Every column, however wide (a terminal gets fewer by default).
        #[arg(long)]
        wide: bool,
        /// Treat bad diary rows as an error instead of skipping them.
        #[arg(long)]
        strict: bool,
    },
    /// Red flags, next week's limit, then each load jump that lined up with
    /// a pain spike, in a line or two each; --explain adds the evidence.
    #[command(after_help = FLAGS_EXAMPLE)]
    Flags {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        period: PeriodArgs,
        #[arg(long, value_enum, default_value = "table")]
        format: FlagsFormat,
        /// Each flag's and load jump's numbers (the rule, the load, the
        /// runs, the pain) and the evidence behind each rule that fired,
        /// each study once. --format json always has everything.
        #[arg(long, short = 'v')]
        explain: bool,
        /// Lines as long as they are (a terminal gets them wrapped).
        #[arg(long)]
        wide: bool,
        /// Treat bad diary rows as an error instead of skipping them.
        #[arg(long)]
        strict: bool,
    },
    /// The return-to-run plan week by week against what was done; with
    /// --workouts, next week's sessions as FIT workouts for a watch.
    #[command(after_help = PLAN_EXAMPLE)]
    Plan {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        period: PeriodArgs,
        #[arg(long, value_enum, default_value = "table")]
        format: OutputFormat,
        /// Every column, however wide (a terminal gets fewer by default).
        #[arg(long)]
        wide: bool,
        /// Write next week's planned sessions into DIR as FIT workout
        /// files, one per session (warm-up, the jog/walk repeats or the
        /// run, cool-down), for the watch to follow. Next week is the week
        /// after your last run or diary entry, the week the report's limit
        /// is for (with a daily diary, the week after today), or the week
        /// after today when there is no data yet. The tighter of the plan's stage and
        /// that limit sets the minutes. Nothing is written for a week that
        /// is over, under a red flag, or outside the plan. DIR is used as
        /// the report's folder is: runlog replaces only files it wrote.
        #[arg(long, value_name = "DIR", conflicts_with_all = ["format", "wide", "weeks", "from", "to", "all"])]
        workouts: Option<PathBuf>,
        /// Plan as if today were DATE (YYYY-MM-DD, runlog.toml's
        /// date_format, today or yesterday): which week is next and whether
        /// a red flag still holds. Default: today in your time zone.
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
    },
    /// Import what is new, then write report.html, report.pdf, the charts, weeks.csv and flags.json.
    Report {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        period: PeriodArgs,
        /// Output folder (default: DIR/reports/<ISO week>/).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Open the report in the default browser when done.
        #[arg(long)]
        open: bool,
        /// Fix the "generated at" time (RFC 3339) for reproducible output;
        /// SOURCE_DATE_EPOCH is honoured too.
        #[arg(long)]
        generated_at: Option<String>,
        /// Treat bad diary rows as an error instead of skipping them.
        #[arg(long)]
        strict: bool,
    },
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `mkdir -p ~/.local/share/man/man1 && runlog man > ~/.local/share/man/man1/runlog.1`.
    Man,
}

/// `--weeks`: a whole number of weeks, said so in words when it is not
/// ("twelve" would otherwise get "invalid digit found in string").
fn weeks_count(s: &str) -> Result<u32, String> {
    s.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=1040).contains(n))
        .ok_or_else(|| format!("\"{s}\" is not a number of weeks from 1 to 1040; e.g. --weeks 12"))
}

impl Command {
    /// The shared flags, for every command that works on a log folder.
    pub fn common(&self) -> Option<&Common> {
        match self {
            Command::Init { .. } | Command::Completions { .. } | Command::Man => None,
            Command::Import { common, .. }
            | Command::Log { common, .. }
            | Command::Score { common, .. }
            | Command::Activities { common, .. }
            | Command::Weeks { common, .. }
            | Command::Flags { common, .. }
            | Command::Plan { common, .. }
            | Command::Report { common, .. } => Some(common),
        }
    }
}
