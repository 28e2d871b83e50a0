//! Command-line flags (clap derive). The doc comments are the `--help` text.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "runlog",
    version,
    about = "Watch exports + pain diary → weekly load, flags and a report for your physiotherapist",
    after_help = EXAMPLES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES: &str = "\
Examples:
  runlog init ~/running                  create a log folder
  runlog report --dir ~/running          import new exports, write this week's report
  runlog weeks --dir ~/running           weekly load and pain in the terminal
  runlog flags --format json             load jumps followed by pain, for scripts
  runlog completions bash > ~/.local/share/bash-completion/completions/runlog";

/// Flags every command shares.
#[derive(Debug, clap::Args, Clone)]
pub struct Common {
    /// The log folder (holds runlog.toml, exports/, pain.csv).
    #[arg(long, default_value = ".", global = true)]
    pub dir: PathBuf,
    /// No progress bar and no per-file lines, only errors and the summary.
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

pub use crate::output::OutputFormat;

/// Flags are records with evidence and sentences, not a table of numbers:
/// text for people, JSON for scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FlagsFormat {
    Table,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a log folder: runlog.toml, exports/ and pain.csv.
    Init {
        /// Folder to create (default: the current folder).
        dir: Option<PathBuf>,
    },
    /// Import new FIT/GPX files (also .gz) from DIR/exports/ or the given paths.
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
    Activities {
        #[command(flatten)]
        common: Common,
        #[arg(long, value_enum, default_value = "table")]
        format: OutputFormat,
    },
    /// One row per ISO week: volume, load, acute:chronic ratio and pain.
    Weeks {
        #[command(flatten)]
        common: Common,
        #[arg(long, value_enum, default_value = "table")]
        format: OutputFormat,
        /// Treat bad diary rows as an error instead of skipping them.
        #[arg(long)]
        strict: bool,
    },
    /// Load jumps that line up with pain spikes, with their evidence.
    Flags {
        #[command(flatten)]
        common: Common,
        #[arg(long, value_enum, default_value = "table")]
        format: FlagsFormat,
        /// Treat bad diary rows as an error instead of skipping them.
        #[arg(long)]
        strict: bool,
    },
    /// The return-to-run plan week by week against what was done.
    Plan {
        #[command(flatten)]
        common: Common,
        #[arg(long, value_enum, default_value = "table")]
        format: OutputFormat,
    },
    /// Import what is new, then write charts and report.html.
    Report {
        #[command(flatten)]
        common: Common,
        /// How many weeks, ending with the last week that has data.
        #[arg(long, default_value_t = 12, conflicts_with_all = ["from", "to"],
              value_parser = clap::value_parser!(u32).range(1..=1040))]
        weeks: u32,
        /// First day of the period (YYYY-MM-DD).
        #[arg(long, requires = "to")]
        from: Option<chrono::NaiveDate>,
        /// Last day of the period (YYYY-MM-DD).
        #[arg(long, requires = "from")]
        to: Option<chrono::NaiveDate>,
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
    /// Print the manual page (roff), e.g. `runlog man > ~/.local/share/man/man1/runlog.1`.
    Man,
}

impl Command {
    /// The shared flags, for every command that works on a log folder.
    pub fn common(&self) -> Option<&Common> {
        match self {
            Command::Init { .. } | Command::Completions { .. } | Command::Man => None,
            Command::Import { common, .. }
            | Command::Activities { common, .. }
            | Command::Weeks { common, .. }
            | Command::Flags { common, .. }
            | Command::Plan { common, .. }
            | Command::Report { common, .. } => Some(common),
        }
    }
}
