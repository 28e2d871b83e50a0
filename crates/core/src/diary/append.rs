//! One new row for the runner's own diary (`runlog log`). The file is the
//! runner's: its lines are never rewritten or reordered. The new file is
//! the old bytes, a line end if the last line had none, and one row in the
//! file's own delimiter, line ends, encoding, column order and decimal
//! mark. Before it is handed back it is read again, and must give the old
//! rows unchanged plus exactly the new one.

use super::columns::{Columns, Field};
use super::csvfile::{CsvText, check_read_back};
use super::values::{optional, parse_date, parse_minutes, parse_pain, parse_time, scale, text};
use super::{DiaryError, HEADER, Options, parse_with};
use crate::model::{DiaryEntry, RedFlags, TimeOfDay};

/// A row as the runner typed it on the command line. Numbers may use a
/// decimal comma (`3,5`); empty text counts as not given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewRow {
    /// `YYYY-MM-DD`, or in the configured `date_format`.
    pub date: String,
    /// `HH:MM`, `morning` or `evening`.
    pub time: Option<String>,
    pub pain: String,
    /// Pain during the run, 0–10.
    pub pain_during: Option<String>,
    pub leg_pain: Option<String>,
    pub stiffness_min: Option<String>,
    pub location: Option<String>,
    pub function: Option<String>,
    pub rpe: Option<String>,
    pub red_flags: RedFlags,
    pub notes: Option<String>,
}

/// What [`append`] (and `scores::append`) made: the whole new file, and
/// what it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Appended<T = DiaryEntry> {
    /// The new file: the old bytes followed by the new row.
    pub bytes: Vec<u8>,
    /// The new row as the file's reader reads it back from `bytes`.
    pub entry: T,
    /// Values the file has no column for: (column, value as typed). They
    /// are not written anywhere; the caller says so.
    pub not_stored: Vec<(&'static str, String)>,
    /// The file did not exist (or was empty) and starts with its header.
    pub created: bool,
    /// The last row before it for the same slot: in pain.csv an entry of
    /// the same day and time, in scores.csv a score of the same
    /// questionnaire (and PSFS activity) on the same day. Both rows stay;
    /// the caller says so.
    pub earlier: Option<T>,
}

/// Why nothing may be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AppendError {
    /// A value the file's reader would refuse: a usage mistake.
    #[error("{message}")]
    Value {
        column: &'static str,
        message: String,
    },
    /// The existing file cannot be read (no header, not text).
    #[error(transparent)]
    Diary(#[from] DiaryError),
    /// A quoted cell opens on `line` and is never closed: a row added
    /// after it would become part of that cell.
    #[error(
        "{file}:{line}: a quoted cell opens here (\") and is never closed, so a new row would end up inside it; nothing was written. Close the quote or remove it, then run the command again"
    )]
    OpenQuote { file: String, line: usize },
    /// Read back, the new file would not be the old rows plus this one.
    #[error(
        "{file}: the new row would not read back as one row after the others ({why}); nothing was written. Check the file's last line and add the row by hand"
    )]
    Unsafe { file: String, why: String },
}

fn given(s: &Option<String>) -> &str {
    s.as_deref().map_or("", str::trim)
}

/// The values checked as the diary reader checks a cell, with a decimal
/// comma allowed (a keyboard's `3,5` is unambiguous on the command line).
fn check(row: &NewRow, options: &Options) -> Result<DiaryEntry, AppendError> {
    let bad = |column: &'static str| move |message| AppendError::Value { column, message };
    let date = parse_date(row.date.trim(), options.date_format.as_deref()).map_err(bad("date"))?;
    let time = parse_time(given(&row.time)).map_err(bad("time"))?;
    let pain = parse_pain(row.pain.trim(), true).map_err(bad("pain"))?;
    let pain_during = optional(given(&row.pain_during), |s| scale("pain_during", s, true))
        .map_err(bad("pain_during"))?;
    let leg_pain =
        optional(given(&row.leg_pain), |s| scale("leg_pain", s, true)).map_err(bad("leg_pain"))?;
    let stiffness_min =
        parse_minutes(given(&row.stiffness_min), true).map_err(bad("stiffness_min"))?;
    let function =
        optional(given(&row.function), |s| scale("function", s, true)).map_err(bad("function"))?;
    let rpe = optional(given(&row.rpe), |s| scale("rpe", s, true)).map_err(bad("rpe"))?;
    Ok(DiaryEntry {
        line: 0,
        date,
        time,
        pain,
        pain_during,
        stiffness_min,
        location: text(given(&row.location)),
        leg_pain,
        function,
        rpe,
        notes: text(given(&row.notes)),
        red_flags: row.red_flags,
    })
}

/// What the new row must match besides the file's text: its columns and
/// decimal mark.
struct Layout {
    decimal_comma: bool,
    /// Each header cell's field (`None`: a column runlog does not read).
    columns: Vec<Option<Field>>,
}

/// The columns and decimal mark of the diary `csv`.
fn layout(csv: &CsvText<'_>, file: &str) -> Result<Layout, DiaryError> {
    let mut records = csv.rows(file);
    let (line, header) = records
        .next()
        .transpose()?
        .ok_or_else(|| DiaryError::NoHeader { file: file.into() })?;
    let cols = Columns::from_header(&header, file, line)?;
    let columns = (0..cols.width)
        .map(|i| Field::ALL.into_iter().find(|&f| cols.index(f) == Some(i)))
        .collect();
    // The file's decimal mark: a comma when a `;`/tab file already has one
    // in a number column, else a point (which every reader reads).
    let numeric = [
        Field::Pain,
        Field::PainDuring,
        Field::LegPain,
        Field::StiffnessMin,
        Field::Function,
        Field::Rpe,
    ];
    let decimal_comma = csv.delimiter != b','
        && records.any(|r| {
            r.is_ok_and(|(_, rec)| numeric.iter().any(|&f| cols.cell(&rec, f).contains(',')))
        });
    Ok(Layout {
        decimal_comma,
        columns,
    })
}

/// The diary `old` (`None`: there is no file yet) with `row` added, or why
/// nothing may be written. Only values are checked here; whether a date is
/// plausible (not years ahead) is the caller's business.
pub fn append(
    old: Option<&[u8]>,
    row: &NewRow,
    file: &str,
    options: &Options,
) -> Result<Appended, AppendError> {
    let checked = check(row, options)?;
    let created = old.is_none_or(<[u8]>::is_empty);
    let header_file = format!("{HEADER}\n");
    let old: &[u8] = match old {
        Some(b) if !b.is_empty() => b,
        _ => header_file.as_bytes(),
    };
    let before = parse_with(old, file, options)?;
    let csv = CsvText::decode(old, file)?;
    if let Some(line) = csv.open_quote_line() {
        return Err(AppendError::OpenQuote {
            file: file.into(),
            line,
        });
    }
    let layout = layout(&csv, file)?;
    let (cells, not_stored) = cells(&checked, row, &layout, options);
    let bytes = csv.with_row(old, &cells);
    let want = stored(&checked, &layout);
    let after = parse_with(&bytes, file, options).map_err(|e| AppendError::Unsafe {
        file: file.into(),
        why: e.to_string(),
    })?;
    let entry = check_read_back(
        (&before.entries, &before.problems),
        (&after.entries, &after.problems),
        |got| {
            *got == DiaryEntry {
                line: got.line,
                ..want.clone()
            }
        },
    )
    .map_err(|why| AppendError::Unsafe {
        file: file.into(),
        why,
    })?;
    let earlier = before
        .entries
        .iter()
        .rev()
        .find(|e| e.date == entry.date && e.time == entry.time)
        .cloned();
    Ok(Appended {
        bytes,
        entry,
        not_stored,
        created,
        earlier,
    })
}

/// The entry as the file can hold it: values without a column left out.
fn stored(e: &DiaryEntry, layout: &Layout) -> DiaryEntry {
    let has = |f: Field| layout.columns.contains(&Some(f));
    let keep = |f: Field, b: bool| b && has(f);
    DiaryEntry {
        time: e.time.filter(|_| has(Field::Time)),
        stiffness_min: e.stiffness_min.filter(|_| has(Field::StiffnessMin)),
        location: e.location.clone().filter(|_| has(Field::Location)),
        pain_during: e.pain_during.filter(|_| has(Field::PainDuring)),
        leg_pain: e.leg_pain.filter(|_| has(Field::LegPain)),
        function: e.function.filter(|_| has(Field::Function)),
        rpe: e.rpe.filter(|_| has(Field::Rpe)),
        notes: e.notes.clone().filter(|_| has(Field::Notes)),
        red_flags: RedFlags {
            numbness: keep(Field::Numbness, e.red_flags.numbness),
            weakness: keep(Field::Weakness, e.red_flags.weakness),
            bladder_bowel: keep(Field::BladderBowel, e.red_flags.bladder_bowel),
            saddle_numbness: keep(Field::SaddleNumbness, e.red_flags.saddle_numbness),
            fever: keep(Field::Fever, e.red_flags.fever),
        },
        ..e.clone()
    }
}

/// The row's cells in the file's column order, and the values that have
/// no column.
fn cells(
    e: &DiaryEntry,
    row: &NewRow,
    layout: &Layout,
    options: &Options,
) -> (Vec<String>, Vec<(&'static str, String)>) {
    let num = |v: f64| {
        let s = v.to_string();
        if layout.decimal_comma {
            s.replace('.', ",")
        } else {
            s
        }
    };
    let yes = |b: bool| if b { "yes".to_string() } else { String::new() };
    let value = |f: Field| -> Option<String> {
        match f {
            Field::Date => Some(
                options
                    .date_format
                    .as_deref()
                    .and_then(|fmt| super::format_date(e.date, fmt))
                    .unwrap_or_else(|| e.date.format("%Y-%m-%d").to_string()),
            ),
            Field::Time => e.time.map(time_text),
            Field::Pain => Some(num(e.pain.value())),
            Field::PainDuring => e.pain_during.map(num),
            Field::LegPain => e.leg_pain.map(num),
            Field::StiffnessMin => e.stiffness_min.map(num),
            Field::Location => e.location.clone(),
            Field::Function => e.function.map(num),
            Field::Rpe => e.rpe.map(num),
            Field::Numbness => e.red_flags.numbness.then(|| yes(true)),
            Field::Weakness => e.red_flags.weakness.then(|| yes(true)),
            Field::BladderBowel => e.red_flags.bladder_bowel.then(|| yes(true)),
            Field::SaddleNumbness => e.red_flags.saddle_numbness.then(|| yes(true)),
            Field::Fever => e.red_flags.fever.then(|| yes(true)),
            Field::Notes => e.notes.clone(),
        }
    };
    let cells = layout
        .columns
        .iter()
        .map(|f| f.and_then(value).unwrap_or_default())
        .collect();
    let typed = |f: Field| -> Option<String> {
        let t = |s: &Option<String>| s.as_deref().map(str::trim).map(str::to_string);
        match f {
            Field::Time => t(&row.time),
            Field::PainDuring => t(&row.pain_during),
            Field::LegPain => t(&row.leg_pain),
            Field::StiffnessMin => t(&row.stiffness_min),
            Field::Location => t(&row.location),
            Field::Function => t(&row.function),
            Field::Rpe => t(&row.rpe),
            Field::Notes => t(&row.notes),
            Field::Numbness
            | Field::Weakness
            | Field::BladderBowel
            | Field::SaddleNumbness
            | Field::Fever => Some("yes".into()),
            Field::Date | Field::Pain => None,
        }
    };
    let not_stored = Field::ALL
        .into_iter()
        .filter(|f| !layout.columns.contains(&Some(*f)))
        .filter(|&f| value(f).is_some())
        .filter_map(|f| typed(f).map(|v| (f.name(), v)))
        .collect();
    (cells, not_stored)
}

fn time_text(t: TimeOfDay) -> String {
    match t {
        TimeOfDay::Morning => "morning".into(),
        TimeOfDay::Evening => "evening".into(),
        TimeOfDay::At(m) => format!("{:02}:{:02}", m / 60, m % 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diary::parse;

    fn row(pain: &str) -> NewRow {
        NewRow {
            date: "2026-03-14".into(),
            pain: pain.into(),
            ..NewRow::default()
        }
    }

    fn add(old: &str, row: &NewRow) -> Appended {
        append(Some(old.as_bytes()), row, "pain.csv", &Options::default()).expect("appends")
    }

    fn added(old: &str, row: &NewRow) -> String {
        let a = add(old, row);
        let text = String::from_utf8(a.bytes).expect("utf-8");
        assert!(text.starts_with(old), "old bytes kept: {text:?}");
        text[old.len()..].to_string()
    }

    #[test]
    fn a_missing_file_is_created_with_the_header() {
        let a = append(None, &row("3.5"), "pain.csv", &Options::default()).expect("appends");
        assert!(a.created);
        let text = String::from_utf8(a.bytes).expect("utf-8");
        assert_eq!(text, format!("{HEADER}\n2026-03-14,,3.5,,,,,,,,,,,,\n"));
        assert_eq!((a.entry.line, a.entry.pain.value()), (2, 3.5));
    }

    #[test]
    fn crlf_semicolon_file_keeps_its_bytes_delimiter_and_line_ends() {
        let old = "Notes;DATE;Pain;Stiffness_min;location\r\nok;2026-03-13;2;10;back\r\n";
        let mut r = row("3,5");
        r.stiffness_min = Some("20".into());
        r.location = Some("low back".into());
        r.notes = Some("stiff; after sitting".into());
        assert_eq!(
            added(old, &r),
            "\"stiff; after sitting\";2026-03-14;3.5;20;low back\r\n"
        );
    }

    #[test]
    fn a_missing_final_newline_is_added_first() {
        assert_eq!(
            added("date,pain\n2026-03-13,2", &row("4")),
            "\n2026-03-14,4\n"
        );
        assert_eq!(
            added("date,pain\r\n2026-03-13,2", &row("4")),
            "\r\n2026-03-14,4\r\n"
        );
        assert_eq!(added("date\tpain", &row("4")), "\n2026-03-14\t4\n");
    }

    #[test]
    fn a_decimal_comma_file_gets_a_decimal_comma() {
        let old = "date;pain;rpe\n2026-03-13;2,5;6\n";
        let mut r = row("3.5");
        r.rpe = Some("7,5".into());
        assert_eq!(added(old, &r), "2026-03-14;3,5;7,5\n");
        // A `;` file without one keeps the point.
        assert_eq!(
            added("date;pain\n2026-03-13;2\n", &row("3,5")),
            "2026-03-14;3.5\n"
        );
    }

    #[test]
    fn values_without_a_column_are_named_and_the_rest_written() {
        let mut r = row("3");
        r.leg_pain = Some("4".into());
        r.red_flags.numbness = true;
        r.notes = Some("tingling".into());
        let a = add("date,pain,notes\n", &r);
        assert_eq!(
            a.not_stored,
            [("leg_pain", "4".to_string()), ("numbness", "yes".into())]
        );
        assert!(
            String::from_utf8(a.bytes)
                .unwrap()
                .ends_with("2026-03-14,3,tingling\n")
        );
    }

    #[test]
    fn every_column_in_the_header_order() {
        let mut r = row("2");
        r.time = Some("Morning".into());
        r.leg_pain = Some("1".into());
        r.function = Some("8".into());
        r.stiffness_min = Some("15".into());
        r.location = Some("#low back".into());
        r.rpe = Some("6".into());
        r.red_flags.weakness = true;
        r.notes = Some("said \"ok\"\nthen stopped".into());
        let a = add(&format!("{HEADER}\n"), &r);
        let text = String::from_utf8(a.bytes).unwrap();
        assert!(
            text.ends_with(
                "2026-03-14,morning,2,,1,15,\"#low back\",8,6,,yes,,,,\"said \"\"ok\"\"\nthen stopped\"\n"
            ),
            "{text}"
        );
        assert!(a.entry.red_flags.weakness);
        assert_eq!(a.entry.notes.as_deref(), Some("said \"ok\"\nthen stopped"));
    }

    #[test]
    fn bad_values_are_refused_as_the_reader_refuses_them() {
        let err = |r: &NewRow| {
            append(Some(b"date,pain\n"), r, "pain.csv", &Options::default()).expect_err("refused")
        };
        assert_eq!(
            err(&row("11")).to_string(),
            "pain \"11\" is not a number from 0 to 10"
        );
        let mut r = row("3");
        r.time = Some("noon".into());
        assert_eq!(
            err(&r).to_string(),
            "time \"noon\" is not HH:MM, morning or evening"
        );
        let mut r = row("3");
        r.date = "14/03/2026".into();
        assert!(err(&r).to_string().contains("write it as 2026-03-14"));
        let mut r = row("3");
        r.function = Some("-1".into());
        assert!(matches!(
            err(&r),
            AppendError::Value {
                column: "function",
                ..
            }
        ));
    }

    #[test]
    fn a_configured_date_format_is_read_and_written() {
        let o = Options {
            date_format: Some("%d.%m.%Y".into()),
        };
        let mut r = row("3");
        r.date = "15.03.2026".into();
        let a = append(Some(b"Datum;pain\n"), &r, "pain.csv", &o);
        // `Datum` is not `date`: the file itself is refused, not the row.
        assert!(matches!(a, Err(AppendError::Diary(_))));
        let a = append(Some(b"date;pain\n14.03.2026;2\n"), &r, "pain.csv", &o).expect("appends");
        assert!(
            String::from_utf8(a.bytes)
                .unwrap()
                .ends_with("15.03.2026;3\n")
        );
    }

    #[test]
    fn utf16_files_grow_in_utf16() {
        let old: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("date\tpain\r\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let a = append(Some(&old), &row("3"), "pain.csv", &Options::default()).expect("appends");
        assert!(a.bytes.starts_with(&old));
        let tail: Vec<u8> = "2026-03-14\t3\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(&a.bytes[old.len()..], &tail[..]);
        assert_eq!(parse(&a.bytes, "pain.csv").unwrap().entries.len(), 1);
    }

    #[test]
    fn an_unclosed_quote_at_the_end_refuses_instead_of_swallowing_the_row() {
        let old = "date,pain,notes\n2026-03-13,2,\"never closed";
        let e = append(
            Some(old.as_bytes()),
            &row("3"),
            "pain.csv",
            &Options::default(),
        );
        assert!(
            matches!(e, Err(AppendError::OpenQuote { line: 2, .. })),
            "{e:?}"
        );
    }

    #[test]
    fn a_file_without_a_header_is_refused() {
        let e = append(
            Some(b"# only\n"),
            &row("3"),
            "pain.csv",
            &Options::default(),
        );
        assert!(matches!(
            e,
            Err(AppendError::Diary(DiaryError::NoHeader { .. }))
        ));
    }

    /// Issue #32: an entry of the same day and time is named (the last one
    /// before), one at another time or on another day is not.
    #[test]
    fn an_entry_at_the_same_day_and_time_is_named() {
        let old =
            "date,time,pain\n2026-03-14,morning,2\n2026-03-14,evening,4\n2026-03-14,morning,3\n";
        let mut r = row("5");
        r.time = Some("morning".into());
        let a = add(old, &r);
        assert_eq!(a.earlier.map(|e| e.line), Some(4));
        r.time = Some("07:30".into());
        assert_eq!(add(old, &r).earlier, None);
        r.date = "2026-03-15".into();
        r.time = Some("morning".into());
        assert_eq!(add(old, &r).earlier, None);
        // No time on either: the same (unnamed) time of day.
        assert_eq!(
            add("date,pain\n2026-03-14,2\n", &row("3"))
                .earlier
                .map(|e| e.line),
            Some(2)
        );
    }
}
