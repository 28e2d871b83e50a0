//! `scores.csv`: the outcome measures a physiotherapist already uses, kept
//! beside the pain diary — the Oswestry Disability Index (ODI, 0–100 %),
//! the Roland–Morris Disability Questionnaire (RMDQ, 0–24) and the
//! Patient-Specific Functional Scale (PSFS, 0–10 for each of up to five
//! activities the runner names).
//!
//! runlog stores totals only: the questionnaires' wording is licensed and
//! the clinician hands them out. The file is the runner's, like pain.csv:
//! a row is appended by building the new file whole and renaming it into
//! place, a hand-edited file is read back (columns in any order and case,
//! `;` or tab as well as `,`), and a bad row is skipped with its line named.

use super::encoding::decode;
use super::layout::{detect_delimiter, rows};
use super::values::parse_date;
use super::{DiaryError, Options, Problem};
use chrono::NaiveDate;
use csv::StringRecord;
use serde::Serialize;

/// The header runlog writes.
pub const HEADER: &str = "date,measure,value,activity";

/// The PSFS asks about at most this many activities.
pub const PSFS_ACTIVITIES: usize = 5;

/// Which questionnaire a score is from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    Odi,
    Rmdq,
    Psfs,
}

impl Measure {
    pub const ALL: [Measure; 3] = [Measure::Odi, Measure::Rmdq, Measure::Psfs];

    pub fn parse(s: &str) -> Option<Measure> {
        match s.trim().to_lowercase().as_str() {
            "odi" => Some(Measure::Odi),
            "rmdq" => Some(Measure::Rmdq),
            "psfs" => Some(Measure::Psfs),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Measure::Odi => "odi",
            Measure::Rmdq => "rmdq",
            Measure::Psfs => "psfs",
        }
    }

    /// What a reader calls it.
    pub fn title(self) -> &'static str {
        match self {
            Measure::Odi => "Oswestry Disability Index (ODI)",
            Measure::Rmdq => "Roland–Morris Disability Questionnaire (RMDQ)",
            Measure::Psfs => "Patient-Specific Functional Scale (PSFS)",
        }
    }

    /// The scale's range; a value outside it is a typo, never stored.
    pub fn range(self) -> (f64, f64) {
        match self {
            Measure::Odi => (0.0, 100.0),
            Measure::Rmdq => (0.0, 24.0),
            Measure::Psfs => (0.0, 10.0),
        }
    }

    /// The ODI is a whole percentage and the RMDQ counts 24 yes/no items,
    /// so a fraction of either is a typo; the PSFS is a mean of ratings.
    pub fn whole(self) -> bool {
        self != Measure::Psfs
    }

    /// "%" for the ODI, "points" for the others.
    pub fn unit(self) -> &'static str {
        match self {
            Measure::Odi => "%",
            _ => "points",
        }
    }

    /// The PSFS scores ability (higher is better); the ODI and RMDQ score
    /// disability (lower is better).
    pub fn higher_is_better(self) -> bool {
        self == Measure::Psfs
    }
}

/// One score as read from the file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    /// 1-based line in scores.csv.
    pub line: usize,
    pub date: NaiveDate,
    pub measure: Measure,
    /// Within the measure's range.
    pub value: f64,
    /// The PSFS activity the runner named ("run 30 min"); none for the others.
    pub activity: Option<String>,
}

/// Everything read from scores.csv.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scores {
    pub entries: Vec<Score>,
    pub problems: Vec<Problem>,
}

impl Scores {
    /// The PSFS activities named so far, each once, in the order first seen.
    pub fn psfs_activities(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for a in self.entries.iter().filter_map(|s| s.activity.as_deref()) {
            if !out.iter().any(|o| o.eq_ignore_ascii_case(a)) {
                out.push(a.to_string());
            }
        }
        out
    }
}

/// A score as typed on the command line, before it is checked.
#[derive(Debug, Clone, PartialEq)]
pub struct NewScore {
    pub date: String,
    pub measure: String,
    pub value: String,
    pub activity: Option<String>,
}

/// Why a score was refused: nothing is written.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScoreError {
    #[error("{0}")]
    Value(String),
    #[error(transparent)]
    File(#[from] DiaryError),
}

/// Reads scores.csv. Bad rows become problems with their line.
pub fn parse(bytes: &[u8], file: &str, options: &Options) -> Result<Scores, DiaryError> {
    let text = decode(bytes, file)?;
    let delimiter = detect_delimiter(&text);
    let mut rows = rows(&text, delimiter, file);
    let Some((header_line, header)) = rows.next().transpose()? else {
        return Ok(Scores::default());
    };
    let cols = ScoreColumns::of(&header, file, header_line)?;
    let mut out = Scores::default();
    for row in rows {
        let (line, record) = row?;
        match cols.read(&record, line, options) {
            Ok(s) => out.entries.push(s),
            Err(message) => out.problems.push(Problem {
                file: file.into(),
                line,
                column: None,
                message,
            }),
        }
    }
    Ok(out)
}

/// Where date, measure, value and activity sit in this file's rows.
struct ScoreColumns {
    date: usize,
    measure: usize,
    value: usize,
    activity: Option<usize>,
}

impl ScoreColumns {
    fn of(header: &StringRecord, file: &str, line: usize) -> Result<ScoreColumns, DiaryError> {
        let find = |name: &str| {
            header
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(name))
        };
        let need = |name: &'static str| {
            find(name).ok_or(DiaryError::Unreadable {
                file: file.into(),
                line,
                message: format!("the header has no `{name}` column (expected: {HEADER})"),
            })
        };
        Ok(ScoreColumns {
            date: need("date")?,
            measure: need("measure")?,
            value: need("value")?,
            activity: find("activity"),
        })
    }

    fn read(&self, row: &StringRecord, line: usize, options: &Options) -> Result<Score, String> {
        let cell = |i: usize| row.get(i).unwrap_or("").trim();
        let date = parse_date(cell(self.date), options.date_format.as_deref())?;
        let activity = self.activity.map(cell).filter(|a| !a.is_empty());
        let (measure, value, activity) = checked(cell(self.measure), cell(self.value), activity)?;
        Ok(Score {
            line,
            date,
            measure,
            value,
            activity,
        })
    }
}

/// A measure, a value in its range, and the activity a PSFS score needs
/// (and the others must not have).
fn checked(
    measure: &str,
    value: &str,
    activity: Option<&str>,
) -> Result<(Measure, f64, Option<String>), String> {
    let m = Measure::parse(measure).ok_or_else(|| {
        format!("measure \"{measure}\" is not one runlog knows: use odi, rmdq or psfs")
    })?;
    let (lo, hi) = m.range();
    let v = value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && (lo..=hi).contains(v))
        .ok_or_else(|| format!("{} \"{value}\" is not a number from {lo} to {hi}", m.name()))?;
    if m.whole() && v.fract() != 0.0 {
        return Err(format!(
            "{} \"{value}\" is not a whole number: {}",
            m.name(),
            match m {
                Measure::Odi => "the ODI is a whole percentage (round it)",
                _ => "the RMDQ counts the 24 statements ticked",
            }
        ));
    }
    let activity = activity.map(str::trim).filter(|a| !a.is_empty());
    match (m, activity) {
        (Measure::Psfs, None) => {
            Err("a psfs score needs the activity it rates, e.g. --activity \"run 30 min\"".into())
        }
        (Measure::Psfs, Some(a)) => Ok((m, v, Some(a.to_string()))),
        (_, Some(_)) => Err(format!(
            "{} is one total, not per activity: leave the activity out",
            m.name()
        )),
        (_, None) => Ok((m, v, None)),
    }
}

/// A new scores.csv: the old bytes kept exactly, one row added (the header
/// first when the file is new). `date` has been resolved from "today" or
/// "yesterday" by the caller.
pub fn append(
    old: Option<&[u8]>,
    new: &NewScore,
    options: &Options,
) -> Result<(Vec<u8>, Score), ScoreError> {
    let date =
        parse_date(new.date.trim(), options.date_format.as_deref()).map_err(ScoreError::Value)?;
    let (measure, value, activity) =
        checked(&new.measure, &new.value, new.activity.as_deref()).map_err(ScoreError::Value)?;
    let before = match old {
        Some(b) => parse(b, "scores.csv", options)?,
        None => Scores::default(),
    };
    if let Some(a) = &activity {
        let known = before.psfs_activities();
        if known.len() >= PSFS_ACTIVITIES && !known.iter().any(|k| k.eq_ignore_ascii_case(a)) {
            return Err(ScoreError::Value(format!(
                "the PSFS rates at most {PSFS_ACTIVITIES} activities and scores.csv already has {}: {}; score one of them",
                known.len(),
                known.join(", ")
            )));
        }
    }
    // A hand-edited file keeps its own delimiter and line ends.
    let text = old.map(|b| decode(b, "scores.csv")).transpose()?;
    let delimiter = text.as_deref().map_or(b',', detect_delimiter);
    let newline = if text.as_deref().is_some_and(|t| t.contains("\r\n")) {
        "\r\n"
    } else {
        "\n"
    };
    let mut bytes = old
        .map(<[u8]>::to_vec)
        .unwrap_or_else(|| format!("{HEADER}{newline}").into_bytes());
    if !bytes.is_empty() && !bytes.ends_with(b"\n") {
        bytes.extend(newline.as_bytes());
    }
    let cells = [
        date.format("%Y-%m-%d").to_string(),
        measure.name().to_string(),
        value.to_string(),
        activity.clone().unwrap_or_default(),
    ];
    let row: Vec<String> = cells
        .iter()
        .map(|c| super::append::quote(c, delimiter, newline))
        .collect();
    bytes.extend(row.join(&char::from(delimiter).to_string()).into_bytes());
    bytes.extend(newline.as_bytes());
    let line = bytes.iter().filter(|b| **b == b'\n').count();
    Ok((
        bytes,
        Score {
            line,
            date,
            measure,
            value,
            activity,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(measure: &str, value: &str, activity: Option<&str>) -> NewScore {
        NewScore {
            date: "2026-03-14".into(),
            measure: measure.into(),
            value: value.into(),
            activity: activity.map(str::to_string),
        }
    }

    fn add(old: Option<&str>, s: &NewScore) -> Result<String, ScoreError> {
        let (bytes, _) = append(old.map(str::as_bytes), s, &Options::default())?;
        Ok(String::from_utf8(bytes).unwrap())
    }

    #[test]
    fn rows_are_appended_and_read_back() {
        let one = add(None, &new("odi", "32", None)).unwrap();
        assert_eq!(one, "date,measure,value,activity\n2026-03-14,odi,32,\n");
        let two = add(Some(&one), &new("psfs", "6.5", Some("run 30 min, flat"))).unwrap();
        assert!(two.starts_with(&one), "the old bytes are kept");
        assert!(
            two.ends_with("2026-03-14,psfs,6.5,\"run 30 min, flat\"\n"),
            "{two}"
        );
        let read = parse(two.as_bytes(), "scores.csv", &Options::default()).unwrap();
        assert_eq!(read.entries.len(), 2);
        assert_eq!(
            read.entries[1].activity.as_deref(),
            Some("run 30 min, flat")
        );
        assert_eq!((read.entries[1].line, read.entries[1].value), (3, 6.5));
    }

    #[test]
    fn out_of_range_or_unknown_scores_are_refused() {
        for (m, v, a, says) in [
            (
                "odi",
                "101",
                None,
                "odi \"101\" is not a number from 0 to 100",
            ),
            (
                "rmdq",
                "25",
                None,
                "rmdq \"25\" is not a number from 0 to 24",
            ),
            ("rmdq", "-1", None, "not a number from 0 to 24"),
            (
                "psfs",
                "11",
                Some("run"),
                "psfs \"11\" is not a number from 0 to 10",
            ),
            ("psfs", "5", None, "needs the activity"),
            ("odi", "20", Some("run"), "one total, not per activity"),
            ("sf36", "50", None, "use odi, rmdq or psfs"),
            ("odi", "NaN", None, "not a number"),
        ] {
            let e = add(None, &new(m, v, a)).unwrap_err().to_string();
            assert!(e.contains(says), "{m} {v}: {e}");
        }
    }

    /// Issue #30: the RMDQ counts 24 yes/no items and the ODI is a whole
    /// percentage: a fraction is refused when typed, named when hand-edited.
    #[test]
    fn issue30_rmdq_and_odi_take_whole_numbers_only() {
        let e = add(None, &new("rmdq", "11.5", None))
            .unwrap_err()
            .to_string();
        assert!(e.contains("rmdq \"11.5\" is not a whole number"), "{e}");
        let e = add(None, &new("odi", "24.4", None))
            .unwrap_err()
            .to_string();
        assert!(e.contains("whole percentage"), "{e}");
        assert!(add(None, &new("rmdq", "11", None)).is_ok());
        assert!(add(None, &new("psfs", "6.5", Some("run"))).is_ok());
        let text = "date,measure,value\n2026-03-01,rmdq,11.5\n2026-03-02,rmdq,11\n";
        let read = parse(text.as_bytes(), "scores.csv", &Options::default()).unwrap();
        assert_eq!(read.entries.len(), 1);
        assert_eq!(read.problems[0].line, 2);
        assert!(read.problems[0].to_string().contains("not a whole number"));
    }

    #[test]
    fn the_psfs_takes_at_most_five_activities() {
        let mut file = None::<String>;
        for a in ["run", "sit 1 h", "lift a child", "bend", "drive"] {
            file = Some(add(file.as_deref(), &new("psfs", "5", Some(a))).unwrap());
        }
        let e = add(file.as_deref(), &new("psfs", "5", Some("garden"))).unwrap_err();
        assert!(e.to_string().contains("at most 5 activities"), "{e}");
        // A known activity, in any case, is fine.
        assert!(add(file.as_deref(), &new("psfs", "7", Some("RUN"))).is_ok());
    }

    #[test]
    fn a_semicolon_file_gets_a_semicolon_row() {
        let old = "date;measure;value;activity\r\n2026-03-01;odi;30;\r\n";
        let out = add(Some(old), &new("rmdq", "8", None)).unwrap();
        assert_eq!(out, format!("{old}2026-03-14;rmdq;8;\r\n"));
    }

    #[test]
    fn a_hand_edited_file_is_read_and_bad_rows_named() {
        let text =
            "Value;Date;Measure\n30;2026-03-01;ODI\n30;2026-03-02;odx\n\n25,5;2026-03-03;rmdq\n";
        let read = parse(text.as_bytes(), "scores.csv", &Options::default()).unwrap();
        assert_eq!(read.entries.len(), 1);
        assert_eq!(read.entries[0].measure, Measure::Odi);
        let lines: Vec<usize> = read.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [3, 5]);
        assert!(
            read.problems[0]
                .to_string()
                .contains("scores.csv:3: measure \"odx\"")
        );
    }
}
