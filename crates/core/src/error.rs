//! Errors and skips.
//!
//! A `Skip` is a bad input file: it is listed in the summary and never stops
//! the run. An `Error` is fatal for the command (the store cannot be written,
//! the settings are invalid) and maps to an exit code.

use std::fmt;
use std::path::PathBuf;

/// Why one input file was not imported. The variants are the reasons a user
/// can act on; `Display` is the one line printed next to the file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// Zero bytes: usually an export that was interrupted.
    Empty,
    /// A FIT file that is not an activity (settings, monitoring, workout, course…).
    NotActivity(String),
    /// The file holds no timestamped track points (a route or waypoints only).
    NoTrack(String),
    /// The bytes are not a valid file of the claimed format.
    Corrupt(String),
    /// The parser crashed on this file; nothing of it was kept.
    Crashed(String),
    /// Bigger than runlog agrees to read into memory.
    TooLarge { bytes: u64, limit: u64 },
    /// More points than any real activity has (see `import::MAX_RECORDS`).
    TooManyRecords { limit: usize },
    /// The file could not be read from disk.
    Unreadable(String),
    /// An archive whose members together inflate past the limit (a zip
    /// bomb, or zips nested to multiply): unpacking stopped there.
    ArchiveTooLarge { limit: u64 },
    /// A recording of one instant (a single point, or points all at one
    /// time): nothing was done for any length of time.
    NoDuration { points: usize },
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::Empty => write!(f, "empty file (0 bytes)"),
            SkipReason::NotActivity(kind) => write!(f, "not an activity ({kind} file)"),
            SkipReason::NoTrack(what) => write!(f, "no activity data: {what}"),
            SkipReason::Corrupt(why) => write!(f, "corrupt: {why}"),
            SkipReason::Crashed(why) => write!(f, "the decoder failed on this file: {why}"),
            // MB as the limit is set and documented: 2^20 bytes.
            // A size measured only up to just over the limit (a gzip or
            // zip member counted until it passed) is "more than".
            SkipReason::TooLarge { bytes, limit } if *bytes <= limit + 1 => {
                write!(f, "too large: more than {} MB, the limit", limit >> 20)
            }
            SkipReason::TooLarge { bytes, limit } => write!(
                f,
                "too large: {:.1} MB, the limit is {} MB",
                *bytes as f64 / f64::from(1u32 << 20),
                limit >> 20
            ),
            SkipReason::TooManyRecords { limit } => write!(
                f,
                "too large: more than {limit} recorded points, the most runlog reads from one file"
            ),
            SkipReason::Unreadable(why) => write!(f, "cannot read: {why}"),
            SkipReason::ArchiveTooLarge { limit } => write!(
                f,
                "the archive inflates to more than {} MB in all, the most runlog unpacks from one archive; stopped there (activities read before that are kept)",
                limit >> 20
            ),
            SkipReason::NoDuration { points: 1 } => {
                write!(f, "no activity data: one point, no duration")
            }
            SkipReason::NoDuration { points } => {
                write!(f, "no activity data: {points} points, no duration")
            }
        }
    }
}

impl SkipReason {
    /// A short category for the summary's counts.
    pub fn category(&self) -> &'static str {
        match self {
            SkipReason::Empty => "empty",
            SkipReason::NotActivity(_) => "not an activity",
            SkipReason::NoTrack(_) => "no track",
            SkipReason::Corrupt(_) => "corrupt",
            SkipReason::Crashed(_) => "decoder failure",
            SkipReason::TooLarge { .. }
            | SkipReason::TooManyRecords { .. }
            | SkipReason::ArchiveTooLarge { .. } => "too large",
            SkipReason::Unreadable(_) => "unreadable",
            SkipReason::NoDuration { .. } => "no duration",
        }
    }
}

/// An underlying error kept as a `source`, whatever library it came from.
pub type Cause = Box<dyn std::error::Error + Send + Sync>;

/// Fatal errors. Each names the path involved and, where there is one, the fix.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A setting in `runlog.toml` that is missing its type or range: a usage
    /// mistake, so exit 2.
    #[error("{path}: {source}")]
    Config {
        path: PathBuf,
        #[source]
        source: crate::config::ConfigError,
    },
    /// The diary as a whole cannot be read (no date column, wrong encoding).
    #[error("{path}: {source}")]
    Diary {
        path: PathBuf,
        #[source]
        source: crate::diary::DiaryError,
    },
    /// `message` says what and, where there is one, the way out; `source`
    /// keeps the underlying error (I/O, Parquet) for callers and `chain`.
    #[error("the activity store in {path} cannot be read: {message}")]
    StoreRead {
        path: PathBuf,
        message: String,
        #[source]
        source: Option<Cause>,
    },
    #[error("the activity store in {path} cannot be written: {message}")]
    StoreWrite {
        path: PathBuf,
        message: String,
        #[source]
        source: Option<Cause>,
    },
    #[error("{0}")]
    Usage(String),
    /// Standard output went away (`runlog weeks | head`): not a failure of
    /// runlog, so `run` ends quietly with 0 on a broken pipe.
    #[error("cannot write to standard output")]
    Stdout(#[source] std::io::Error),
    /// A chart or the page template failed: a bug in runlog, not in the input.
    #[error("{what} failed")]
    Render {
        what: &'static str,
        #[source]
        source: Cause,
    },
    #[error("{0}")]
    Strict(String),
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// 2 for a usage mistake, 1 for everything else, as ripgrep and fd do.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) | Error::Config { .. } => 2,
            _ => 1,
        }
    }
}

impl Error {
    /// The whole cause chain on one line, each cause once (a variant whose
    /// message already quotes its source does not repeat it).
    pub fn chain(&self) -> String {
        let mut msg = self.to_string();
        let mut cause = std::error::Error::source(self);
        while let Some(c) = cause {
            let text = c.to_string();
            if !msg.contains(&text) {
                msg.push_str(": ");
                msg.push_str(&text);
            }
            cause = c.source();
        }
        msg
    }

    /// A closed pipe on stdout: the reader has all it wanted.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Stdout(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue #23: the size a refusal names is the real one, or "more than"
    /// when it was only counted up to the limit.
    #[test]
    fn too_large_names_the_real_size() {
        let limit = 512u64 << 20;
        let real = SkipReason::TooLarge {
            bytes: limit + (300 << 10),
            limit,
        };
        assert_eq!(real.to_string(), "too large: 512.3 MB, the limit is 512 MB");
        let counted = SkipReason::TooLarge {
            bytes: limit + 1,
            limit,
        };
        assert_eq!(
            counted.to_string(),
            "too large: more than 512 MB, the limit"
        );
    }
}
