//! `scores.csv`: the outcome measures a physiotherapist already uses, kept
//! beside the pain diary — the Oswestry Disability Index (ODI, 0–100 %),
//! the Roland–Morris Disability Questionnaire (RMDQ, 0–24) and the
//! Patient-Specific Functional Scale (PSFS, 0–10 for each of up to five
//! activities the runner names).
//!
//! runlog stores totals only: the questionnaires' wording is licensed and
//! the clinician hands them out. The file is the runner's, like pain.csv,
//! and read and grown by the same code (`csvfile`): its encoding, delimiter
//! and line ends kept, an unclosed quote refused, the new row read back
//! before anything is written; a hand-edited file is read with columns in
//! any order and case, and a bad row is skipped with its line named.

use super::append::{AppendError, Appended};
use super::csvfile::{CsvText, check_read_back};
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

/// Reads scores.csv. Bad rows become problems with their line, and so
/// does a row naming a sixth PSFS activity (the scale rates five, and
/// `runlog score` refuses a sixth).
pub fn parse(bytes: &[u8], file: &str, options: &Options) -> Result<Scores, DiaryError> {
    let csv = CsvText::decode(bytes, file)?;
    let mut rows = csv.rows(file);
    let Some((header_line, header)) = rows.next().transpose()? else {
        return Ok(Scores::default());
    };
    let cols = ScoreColumns::of(&header, file, header_line)?;
    let mut out = Scores::default();
    for row in rows {
        let (line, record) = row?;
        let read = cols.read(&record, line, options).and_then(|s| {
            match psfs_refusal(&out.psfs_activities(), s.activity.as_deref()) {
                Some(why) => Err(why),
                None => Ok(s),
            }
        });
        match read {
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

impl Scores {
    /// Rows dated before 2000 or after tomorrow (`9999-12-31`, a typo year)
    /// are left out of the report, each named with its line as a problem,
    /// as the diary's are.
    pub fn set_aside_implausible(&mut self, file: &str, today: NaiveDate) {
        let (keep, out): (Vec<Score>, Vec<Score>) = std::mem::take(&mut self.entries)
            .into_iter()
            .partition(|s| crate::dates::implausible_day(s.date, today).is_none());
        self.entries = keep;
        for s in out {
            let why = crate::dates::implausible_day(s.date, today).unwrap_or_default();
            self.problems.push(Problem {
                file: file.into(),
                line: s.line,
                column: Some("date".into()),
                message: format!("date {} is {why}: a typo in the year?", s.date),
            });
        }
        self.problems.sort_by_key(|p| p.line);
    }
}

/// Why a PSFS score for `activity` cannot be one more of `known`.
fn psfs_refusal(known: &[String], activity: Option<&str>) -> Option<String> {
    let a = activity?;
    if known.len() < PSFS_ACTIVITIES || known.iter().any(|k| k.eq_ignore_ascii_case(a)) {
        return None;
    }
    Some(format!(
        "a sixth PSFS activity, \"{a}\": the PSFS rates at most {PSFS_ACTIVITIES} activities and scores.csv already has {}; score one of them",
        known.join(", ")
    ))
}

/// Where date, measure, value and activity sit in this file's rows.
struct ScoreColumns {
    date: usize,
    measure: usize,
    value: usize,
    activity: Option<usize>,
    width: usize,
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
            width: header.len(),
        })
    }

    fn read(&self, row: &StringRecord, line: usize, options: &Options) -> Result<Score, String> {
        let cell = |i: usize| row.get(i).unwrap_or("").trim();
        let date = parse_date(cell(self.date), options.date_format.as_deref())?;
        let activity = self.activity.map(cell).filter(|a| !a.is_empty());
        let (measure, value, activity) =
            checked(cell(self.measure), cell(self.value), activity).map_err(|(_, m)| m)?;
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
/// (and the others must not have); or the column at fault and why.
fn checked(
    measure: &str,
    value: &str,
    activity: Option<&str>,
) -> Result<(Measure, f64, Option<String>), (&'static str, String)> {
    let m = Measure::parse(measure).ok_or_else(|| {
        (
            "measure",
            format!("measure \"{measure}\" is not one runlog knows: use odi, rmdq or psfs"),
        )
    })?;
    let (lo, hi) = m.range();
    let v = value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && (lo..=hi).contains(v))
        .ok_or_else(|| {
            (
                "value",
                format!("{} \"{value}\" is not a number from {lo} to {hi}", m.name()),
            )
        })?;
    if m.whole() && v.fract() != 0.0 {
        return Err((
            "value",
            format!(
                "{} \"{value}\" is not a whole number: {}",
                m.name(),
                match m {
                    Measure::Odi => "the ODI is a whole percentage (round it)",
                    _ => "the RMDQ counts the 24 statements ticked",
                }
            ),
        ));
    }
    let activity = activity.map(str::trim).filter(|a| !a.is_empty());
    match (m, activity) {
        (Measure::Psfs, None) => Err((
            "activity",
            "a psfs score needs the activity it rates, e.g. --activity \"run 30 min\"".into(),
        )),
        (Measure::Psfs, Some(a)) => Ok((m, v, Some(a.to_string()))),
        (_, Some(_)) => Err((
            "activity",
            format!(
                "{} is one total, not per activity: leave the activity out",
                m.name()
            ),
        )),
        (_, None) => Ok((m, v, None)),
    }
}

/// Whether two scores are of one questionnaire on one day (for the PSFS:
/// of one activity), so that the report takes the later one.
fn same_slot(a: &Score, b: &Score) -> bool {
    let activity = match (&a.activity, &b.activity) {
        (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
        (x, y) => x == y,
    };
    a.date == b.date && a.measure == b.measure && activity
}

/// A new scores.csv (`old`: `None` when there is none yet): the old bytes
/// kept exactly, one row added in the file's own columns, delimiter, line
/// ends and encoding (the header first when the file is new), read back
/// before it is handed out. `new.date` has been resolved from "today" or
/// "yesterday" by the caller.
pub fn append(
    old: Option<&[u8]>,
    new: &NewScore,
    file: &str,
    options: &Options,
) -> Result<Appended<Score>, AppendError> {
    let value = |(column, message)| AppendError::Value { column, message };
    let date = parse_date(new.date.trim(), options.date_format.as_deref())
        .map_err(|m| value(("date", m)))?;
    let (measure, v, activity) =
        checked(&new.measure, &new.value, new.activity.as_deref()).map_err(value)?;
    let created = old.is_none_or(<[u8]>::is_empty);
    let header_file = format!("{HEADER}\n");
    let old: &[u8] = match old {
        Some(b) if !b.is_empty() => b,
        _ => header_file.as_bytes(),
    };
    let before = parse(old, file, options)?;
    if let Some(why) = psfs_refusal(&before.psfs_activities(), activity.as_deref()) {
        return Err(value(("activity", why)));
    }
    let csv = CsvText::decode(old, file)?;
    if let Some(line) = csv.open_quote_line() {
        return Err(AppendError::OpenQuote {
            file: file.into(),
            line,
        });
    }
    let (header_line, header) = csv
        .rows(file)
        .next()
        .transpose()?
        .ok_or_else(|| DiaryError::NoHeader { file: file.into() })?;
    let cols = ScoreColumns::of(&header, file, header_line)?;
    if activity.is_some() && cols.activity.is_none() {
        return Err(value((
            "activity",
            format!(
                "{file} has no `activity` column, so the PSFS activity cannot be stored: add `activity` to its header line (the first line), then run the command again"
            ),
        )));
    }
    let shown_date = options
        .date_format
        .as_deref()
        .and_then(|f| super::format_date(date, f))
        .unwrap_or_else(|| date.format("%Y-%m-%d").to_string());
    let cells: Vec<String> = (0..cols.width)
        .map(|i| {
            if i == cols.date {
                shown_date.clone()
            } else if i == cols.measure {
                measure.name().to_string()
            } else if i == cols.value {
                v.to_string()
            } else if Some(i) == cols.activity {
                activity.clone().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .collect();
    let bytes = csv.with_row(old, &cells);
    let want = Score {
        line: 0,
        date,
        measure,
        value: v,
        activity,
    };
    let unsafe_ = |why: String| AppendError::Unsafe {
        file: file.into(),
        why,
    };
    let after = parse(&bytes, file, options).map_err(|e| unsafe_(e.to_string()))?;
    let entry = check_read_back(
        (&before.entries, &before.problems),
        (&after.entries, &after.problems),
        |got| {
            *got == Score {
                line: got.line,
                ..want.clone()
            }
        },
    )
    .map_err(unsafe_)?;
    let earlier = before
        .entries
        .iter()
        .rev()
        .find(|s| same_slot(s, &entry))
        .cloned();
    Ok(Appended {
        bytes,
        entry,
        not_stored: Vec::new(),
        created,
        earlier,
    })
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

    fn add(old: Option<&str>, s: &NewScore) -> Result<String, AppendError> {
        let a = append(old.map(str::as_bytes), s, "scores.csv", &Options::default())?;
        Ok(String::from_utf8(a.bytes).unwrap())
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

    fn utf16le(text: &str) -> Vec<u8> {
        [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect()
    }

    /// Issue #32: scores.csv saved as UTF-16 ("Unicode text") grows in
    /// UTF-16, and the row reads back.
    #[test]
    fn a_utf16_file_grows_in_utf16() {
        let old = utf16le("date\tmeasure\tvalue\tactivity\r\n2026-03-01\todi\t30\t\r\n");
        let a = append(
            Some(&old),
            &new("odi", "28", None),
            "scores.csv",
            &Options::default(),
        )
        .unwrap();
        assert!(a.bytes.starts_with(&old));
        let tail: Vec<u8> = "2026-03-14\todi\t28\t\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(&a.bytes[old.len()..], &tail[..]);
        let read = parse(&a.bytes, "scores.csv", &Options::default()).unwrap();
        assert_eq!(read.entries.len(), 2);
        assert_eq!((a.entry.line, a.entry.value), (3, 28.0));
    }

    /// Issue #32: an unclosed quote on the last line is refused with its
    /// line, instead of swallowing the new row.
    #[test]
    fn an_unclosed_quote_is_refused_with_its_line() {
        let old = "date,measure,value,activity\n2026-03-01,psfs,5,\"run 30 min";
        let e = add(Some(old), &new("odi", "28", None)).unwrap_err();
        assert_eq!(
            e,
            AppendError::OpenQuote {
                file: "scores.csv".into(),
                line: 2
            }
        );
        assert!(
            e.to_string()
                .starts_with("scores.csv:2: a quoted cell opens here")
        );
    }

    /// A hand-edited file keeps its own column order, and a row runlog
    /// cannot store is refused before anything is written.
    #[test]
    fn rows_follow_the_files_own_columns() {
        let old = "Value,Date,Measure,note\n30,2026-03-01,odi,first\n";
        assert_eq!(
            add(Some(old), &new("rmdq", "8", None)).unwrap(),
            format!("{old}8,2026-03-14,rmdq,\n")
        );
        let e = add(Some(old), &new("psfs", "5", Some("run"))).unwrap_err();
        assert!(e.to_string().contains("no `activity` column"), "{e}");
    }

    /// Issue #32: a second score of one questionnaire on one day is
    /// named (the PSFS per activity); another activity is not a second one.
    #[test]
    fn a_second_score_of_a_day_is_named() {
        let one = add(None, &new("odi", "32", None)).unwrap();
        let opts = Options::default();
        let a = append(Some(one.as_bytes()), &new("odi", "28", None), "s", &opts).unwrap();
        assert_eq!(a.earlier.map(|e| (e.line, e.value)), Some((2, 32.0)));
        let a = append(Some(one.as_bytes()), &new("rmdq", "8", None), "s", &opts).unwrap();
        assert_eq!(a.earlier, None);
        let run = add(Some(&one), &new("psfs", "5", Some("run"))).unwrap();
        let a = append(
            Some(run.as_bytes()),
            &new("psfs", "6", Some("RUN")),
            "s",
            &opts,
        )
        .unwrap();
        assert_eq!(a.earlier.map(|e| e.line), Some(3));
        let a = append(
            Some(run.as_bytes()),
            &new("psfs", "6", Some("sit")),
            "s",
            &opts,
        )
        .unwrap();
        assert_eq!(a.earlier, None);
    }

    /// Issue #32: the reader holds a hand-edited file to what `score`
    /// allows: a sixth PSFS activity is named with its line; rows dated
    /// before 2000 or in the future are named, not dropped silently.
    #[test]
    fn a_sixth_psfs_activity_and_impossible_dates_are_named() {
        let mut text = String::from("date,measure,value,activity\n");
        for a in ["run", "sit", "lift", "bend", "drive", "garden", "Run"] {
            text.push_str(&format!("2026-03-01,psfs,5,{a}\n"));
        }
        text.push_str("1900-01-01,odi,30,\n9999-12-31,rmdq,8,\n2026-03-02,odi,28,\n");
        let mut read = parse(text.as_bytes(), "scores.csv", &Options::default()).unwrap();
        assert_eq!(read.entries.len(), 9);
        assert_eq!(read.problems.len(), 1);
        assert!(
            read.problems[0]
                .to_string()
                .starts_with("scores.csv:7: a sixth PSFS activity, \"garden\""),
            "{}",
            read.problems[0]
        );
        let today = NaiveDate::from_ymd_opt(2026, 3, 14).unwrap();
        read.set_aside_implausible("scores.csv", today);
        let lines: Vec<usize> = read.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [7, 9, 10]);
        assert_eq!(
            read.problems[1].to_string(),
            "scores.csv:9: date 1900-01-01 is before 2000: a typo in the year?"
        );
        assert!(
            read.problems[2]
                .to_string()
                .contains("9999-12-31 is in the future")
        );
        assert_eq!(read.entries.len(), 7);
    }
}
