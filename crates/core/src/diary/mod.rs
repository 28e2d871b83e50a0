//! Pain diary reader: turns the runner's hand-kept CSV into [`DiaryEntry`]s.
//!
//! The diary is typed by a person, often in a spreadsheet, so the reader is
//! forgiving about layout (BOM, CRLF, `;`, comments, column order, header
//! case) and strict about values: a row it cannot read exactly is skipped and
//! reported with its line number, never guessed. A pain score read wrong
//! would mislead the physiotherapist; a reported one costs a minute to fix.

mod append;
mod columns;
mod csvfile;
mod encoding;
mod layout;
pub mod scores;
mod values;
mod writer;

pub use crate::dates::{check_date_format, format_date};
pub use append::{AppendError, Appended, NewRow, append};
pub use values::number_typed;

/// A day as the runner types it on the command line: `today`, `yesterday`,
/// `YYYY-MM-DD`, or the diary's `date_format`; a bad one gets the message
/// the diary reader gives (with a suggestion).
pub fn parse_day(
    s: &str,
    options: &Options,
    today: chrono::NaiveDate,
) -> Result<chrono::NaiveDate, String> {
    match s.trim() {
        "today" => Ok(today),
        "yesterday" => Ok(crate::dates::shift_days(today, -1)),
        other => parse_date(other, options.date_format.as_deref()),
    }
}
pub use writer::write;

use crate::model::{DiaryEntry, RedFlags};
use columns::{Columns, Field, check_width, shifted_by_a_comma};
use csv::StringRecord;
use csvfile::CsvText;
use std::fmt;
use values::{
    Reading, optional, parse_date, parse_minutes, parse_pain, parse_time, scale, text, yes_no,
};

/// The canonical header, written by [`write`] and shown in error messages.
pub const HEADER: &str = "date,time,pain,pain_during,leg_pain,stiffness_min,location,function,rpe,numbness,weakness,bladder_bowel,saddle_numbness,fever,notes";

/// What runlog.toml says about the diary that the file cannot say itself
/// (`[diary]`: a non-ISO date format; ISO dates are read as well).
pub use crate::config::DiarySettings as Options;

/// Everything read from one diary file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Diary {
    /// Readable rows, in file order.
    pub entries: Vec<DiaryEntry>,
    /// One per skipped row, in file order.
    pub problems: Vec<Problem>,
    /// Header names the reader does not know, each once; their values are dropped.
    pub ignored_columns: Vec<String>,
}

/// A row that was skipped, and why, pointing at the line the user must edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// 1-based physical line in the file where the row starts.
    pub line: usize,
    /// Canonical column name (`pain`, not ` Pain `); `None` for row-level trouble.
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// Trouble that makes the whole file unreadable, as opposed to one bad row.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiaryError {
    #[error("{file}:{line}: the diary is not UTF-8 text; save it as \"CSV UTF-8\"")]
    NotUtf8 { file: String, line: usize },
    #[error(
        "{file}:{line}: the diary looks like UTF-16 text ({order}) but is not valid UTF-16; save it as \"CSV UTF-8\""
    )]
    BadUtf16 {
        file: String,
        line: usize,
        order: &'static str,
    },
    #[error("{file}: no header line; the first line should be: {header}", header = HEADER)]
    NoHeader { file: String },
    #[error("{file}:{line}: the header has no `{column}` column (expected: {header})", header = HEADER)]
    MissingColumn {
        file: String,
        line: usize,
        column: &'static str,
    },
    #[error("{file}:{line}: column `{column}` appears twice in the header")]
    DuplicateColumn {
        file: String,
        line: usize,
        column: String,
    },
    #[error("{file}:{line}: cannot read the CSV: {message}")]
    Unreadable {
        file: String,
        line: usize,
        message: String,
    },
}

/// Why one row was skipped, before the file name and line are attached.
struct RowError {
    column: Option<Field>,
    message: String,
}

impl RowError {
    fn into_problem(self, file: &str, line: usize) -> Problem {
        let column = self.column.map(|f| f.name().to_string());
        Problem {
            file: file.into(),
            line,
            column,
            message: self.message,
        }
    }
}

/// Reads a pain diary. Bad rows become [`Problem`]s and the rest are kept;
/// only a file with no usable header (or not text at all) is an error.
pub fn parse(bytes: &[u8], file_name: &str) -> Result<Diary, DiaryError> {
    parse_with(bytes, file_name, &Options::default())
}

/// [`parse`] with the settings of runlog.toml. A `;` or tab file may write
/// decimals with a comma (`7,5`), as spreadsheets in many countries save
/// them; a `,` file cannot, and `"7,5"` there is reported with the fix.
pub fn parse_with(bytes: &[u8], file_name: &str, options: &Options) -> Result<Diary, DiaryError> {
    let csv = CsvText::decode(bytes, file_name)?;
    let reading = Reading {
        decimal_comma: csv.delimiter != b',',
        date_format: options.date_format.as_deref(),
    };
    let mut rows = csv.rows(file_name);
    let (header_line, header) = rows
        .next()
        .transpose()?
        .ok_or_else(|| DiaryError::NoHeader {
            file: file_name.into(),
        })?;
    let cols = Columns::from_header(&header, file_name, header_line)?;
    let mut diary = Diary {
        ignored_columns: cols.ignored.clone(),
        ..Diary::default()
    };
    for row in rows {
        let (line, record) = row?;
        match parse_row(&cols, &record, line, reading) {
            Ok(entry) => diary.entries.push(entry),
            Err(mut e) => {
                if let Some(why) = shifted_by_a_comma(&cols, &record) {
                    e = RowError {
                        column: None,
                        message: why,
                    };
                }
                diary.problems.push(e.into_problem(file_name, line));
            }
        }
    }
    Ok(diary)
}

/// Reads one row, stopping at the first bad cell in [`HEADER`] order: one
/// row, one [`Problem`], so the problem count is the skipped-row count.
fn parse_row(
    cols: &Columns,
    row: &StringRecord,
    line: usize,
    reading: Reading<'_>,
) -> Result<DiaryEntry, RowError> {
    check_width(cols, row)?;
    let comma = reading.decimal_comma;
    let cell = |f: Field| cols.cell(row, f);
    let at = |f: Field| {
        move |message| RowError {
            column: Some(f),
            message,
        }
    };
    let date = parse_date(cell(Field::Date), reading.date_format).map_err(at(Field::Date))?;
    let time = parse_time(cell(Field::Time)).map_err(at(Field::Time))?;
    let pain = parse_pain(cell(Field::Pain), comma).map_err(at(Field::Pain))?;
    let pain_during = optional(cell(Field::PainDuring), |s| scale("pain_during", s, comma))
        .map_err(at(Field::PainDuring))?;
    let leg_pain = optional(cell(Field::LegPain), |s| scale("leg_pain", s, comma))
        .map_err(at(Field::LegPain))?;
    let stiffness_min =
        parse_minutes(cell(Field::StiffnessMin), comma).map_err(at(Field::StiffnessMin))?;
    let location = text(cell(Field::Location));
    let function = optional(cell(Field::Function), |s| scale("function", s, comma))
        .map_err(at(Field::Function))?;
    Ok(DiaryEntry {
        line,
        date,
        time,
        pain,
        pain_during,
        stiffness_min,
        location,
        leg_pain,
        function,
        rpe: optional(cell(Field::Rpe), |s| scale("rpe", s, comma)).map_err(at(Field::Rpe))?,
        red_flags: parse_flags(cols, row)?,
        notes: text(cell(Field::Notes)),
    })
}

fn parse_flags(cols: &Columns, row: &StringRecord) -> Result<RedFlags, RowError> {
    let flag = |f: Field| {
        yes_no(f.name(), cols.cell(row, f)).map_err(|message| RowError {
            column: Some(f),
            message,
        })
    };
    Ok(RedFlags {
        numbness: flag(Field::Numbness)?,
        weakness: flag(Field::Weakness)?,
        bladder_bowel: flag(Field::BladderBowel)?,
        saddle_numbness: flag(Field::SaddleNumbness)?,
        fever: flag(Field::Fever)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TimeOfDay;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    pub(super) fn read(text: &str) -> Diary {
        parse(text.as_bytes(), "pain.csv").expect("diary parses")
    }

    pub(super) fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    pub(super) fn messages(d: &Diary) -> Vec<String> {
        d.problems.iter().map(ToString::to_string).collect()
    }

    pub(super) fn lines(d: &Diary) -> Vec<usize> {
        d.entries.iter().map(|e| e.line).collect()
    }

    /// The one message a single data row under `header` produces.
    pub(super) fn problem(header: &str, row: &str) -> String {
        let d = read(&format!("{header}\n{row}\n"));
        assert!(d.entries.is_empty(), "row was kept: {:?}", d.entries);
        assert_eq!(d.problems.len(), 1, "{:?}", d.problems);
        d.problems[0].to_string()
    }

    pub(super) fn entry(text: &str) -> DiaryEntry {
        let d = read(text);
        assert!(d.problems.is_empty(), "{:?}", messages(&d));
        assert_eq!(d.entries.len(), 1);
        d.entries[0].clone()
    }

    #[test]
    fn full_row_reads_every_field() {
        let e = entry(&format!(
            "{HEADER}\n2026-03-14,07:30,4.5,5,3,20,lower back left,7,6,no,yes,n,yes,0,after hills\n"
        ));
        assert_eq!(e.line, 2);
        assert_eq!(e.date, date("2026-03-14"));
        assert_eq!(e.time, Some(TimeOfDay::At(7 * 60 + 30)));
        assert_eq!(e.pain.value(), 4.5);
        assert_eq!(e.pain_during, Some(5.0));
        assert_eq!(e.stiffness_min, Some(20.0));
        assert_eq!(e.location.as_deref(), Some("lower back left"));
        assert_eq!(e.rpe, Some(6.0));
        assert_eq!(e.notes.as_deref(), Some("after hills"));
        assert_eq!(
            e.red_flags,
            RedFlags {
                weakness: true,
                saddle_numbness: true,
                ..RedFlags::default()
            }
        );
    }

    #[test]
    fn only_required_columns_leave_optionals_empty() {
        let e = entry("date,pain\n2026-03-14,3\n");
        assert_eq!((e.time, e.stiffness_min, e.rpe), (None, None, None));
        assert_eq!((e.location, e.notes), (None, None));
        assert!(!e.red_flags.any());
    }

    #[test]
    fn bad_rows_are_skipped_and_the_rest_kept() {
        let d = read("date,pain\n2026-03-14,3\n14/03/2026,3\n2026-03-15,x\n2026-03-16,5\n");
        assert_eq!(lines(&d), [2, 5]);
        let problem_lines: Vec<_> = d.problems.iter().map(|p| p.line).collect();
        assert_eq!(problem_lines, [3, 4]);
    }

    #[test]
    fn several_entries_per_day_keep_file_order() {
        let d = read(
            "date,time,pain\n2026-03-14,evening,6\n2026-03-14,morning,2\n2026-03-13,08:00,1\n",
        );
        let pains: Vec<_> = d.entries.iter().map(|e| e.pain.value()).collect();
        assert_eq!(pains, [6.0, 2.0, 1.0]);
    }

    #[test]
    fn header_only_file_is_an_empty_diary() {
        assert_eq!(read("date,pain\n"), Diary::default());
    }

    #[test]
    fn fatal_errors_name_the_file() {
        let err = |text: &[u8]| parse(text, "pain.csv").expect_err("fatal");
        assert_eq!(
            err(b""),
            DiaryError::NoHeader {
                file: "pain.csv".into()
            }
        );
        assert_eq!(
            err(b"\xEF\xBB\xBF# only a comment\n\n"),
            DiaryError::NoHeader {
                file: "pain.csv".into()
            }
        );
        let missing = |line, column| DiaryError::MissingColumn {
            file: "pain.csv".into(),
            line,
            column,
        };
        assert_eq!(err(b"# x\ndate,score\n"), missing(2, "pain"));
        assert_eq!(err(b"day,pain\n"), missing(1, "date"));
        assert_eq!(err(b"2026-03-14,3\n"), missing(1, "date"));
        let dup = DiaryError::DuplicateColumn {
            file: "pain.csv".into(),
            line: 1,
            column: "pain".into(),
        };
        assert_eq!(err(b"date,pain,PAIN\n"), dup);
        assert_eq!(
            err(b"date,pain\n2026-03-14,3,caf\xE9\n"),
            DiaryError::NotUtf8 {
                file: "pain.csv".into(),
                line: 2
            }
        );
        // A UTF-16 BOM is read as UTF-16: "da" has no date column.
        assert_eq!(err(b"\xFF\xFEd\0a\0"), missing(1, "date"));
    }

    #[test]
    fn fatal_error_messages() {
        let e = parse(b"day,pain\n", "diary/pain.csv").expect_err("fatal");
        assert_eq!(
            e.to_string(),
            format!("diary/pain.csv:1: the header has no `date` column (expected: {HEADER})")
        );
        let e = parse(b"\n", "pain.csv").expect_err("fatal");
        assert_eq!(
            e.to_string(),
            format!("pain.csv: no header line; the first line should be: {HEADER}")
        );
        let e = parse(b"date,pain\n\xC0\n", "pain.csv").expect_err("fatal");
        assert_eq!(
            e.to_string(),
            "pain.csv:2: the diary is not UTF-8 text; save it as \"CSV UTF-8\""
        );
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = parse(&bytes, "fuzz.csv");
        }

        #[test]
        fn csv_like_noise_never_panics_and_lines_stay_in_the_file(
            body in proptest::collection::vec(
                prop::sample::select(b"0123456789-/.:,;\"#\r\n yesnoTmorningPAIN\xEF\xBB\xBF\xC3\xA9".to_vec()),
                0..300,
            ),
            header in prop::sample::select(vec![HEADER, "date;pain;notes", "Pain,DATE,fever", "notes,date,pain,extra"]),
        ) {
            let mut bytes = format!("{header}\n").into_bytes();
            bytes.extend(body);
            if let Ok(d) = parse(&bytes, "fuzz.csv") {
                let file_lines = 1 + bytes.iter().filter(|&&b| b == b'\n' || b == b'\r').count();
                let mut seen: Vec<usize> = d.entries.iter().map(|e| e.line).collect();
                seen.extend(d.problems.iter().map(|p| p.line));
                prop_assert!(seen.iter().all(|&l| (2..=file_lines).contains(&l)), "{seen:?}");
                let entry_lines: Vec<usize> = d.entries.iter().map(|e| e.line).collect();
                prop_assert!(entry_lines.windows(2).all(|w| w[0] < w[1]), "{entry_lines:?}");
            }
        }
    }
}
