//! Which cell is which. People reorder, rename and add columns in a
//! spreadsheet, so the header is read by name, forgivingly, and a row is
//! held against the header's width.

use super::{DiaryError, RowError};
use csv::StringRecord;

/// Columns the reader understands, in [`HEADER`](super::HEADER) order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Date,
    Time,
    Pain,
    PainDuring,
    LegPain,
    StiffnessMin,
    Location,
    Function,
    Rpe,
    Numbness,
    Weakness,
    BladderBowel,
    SaddleNumbness,
    Fever,
    Notes,
}

impl Field {
    pub(super) const ALL: [Field; 15] = [
        Field::Date,
        Field::Time,
        Field::Pain,
        Field::PainDuring,
        Field::LegPain,
        Field::StiffnessMin,
        Field::Location,
        Field::Function,
        Field::Rpe,
        Field::Numbness,
        Field::Weakness,
        Field::BladderBowel,
        Field::SaddleNumbness,
        Field::Fever,
        Field::Notes,
    ];

    pub(super) fn name(self) -> &'static str {
        match self {
            Field::Date => "date",
            Field::Time => "time",
            Field::Pain => "pain",
            Field::PainDuring => "pain_during",
            Field::LegPain => "leg_pain",
            Field::StiffnessMin => "stiffness_min",
            Field::Location => "location",
            Field::Function => "function",
            Field::Rpe => "rpe",
            Field::Numbness => "numbness",
            Field::Weakness => "weakness",
            Field::BladderBowel => "bladder_bowel",
            Field::SaddleNumbness => "saddle_numbness",
            Field::Fever => "fever",
            Field::Notes => "notes",
        }
    }

    /// Header names are matched case-insensitively, and a spreadsheet user's
    /// `Stiffness min` or `bladder-bowel` means the same column.
    pub(super) fn from_header(name: &str) -> Option<Field> {
        let key = name.trim().to_lowercase().replace([' ', '-'], "_");
        Field::ALL.into_iter().find(|f| f.name() == key)
    }
}

/// Where each known field sits in this file's rows.
pub(super) struct Columns {
    index: [Option<usize>; 15],
    pub(super) width: usize,
    pub(super) ignored: Vec<String>,
}

impl Columns {
    /// Unnamed columns (a trailing delimiter on the header) are dropped
    /// silently: spreadsheets add them and they carry nothing to report.
    pub(super) fn from_header(
        header: &StringRecord,
        file: &str,
        line: usize,
    ) -> Result<Columns, DiaryError> {
        let mut cols = Columns {
            index: [None; 15],
            width: header.len(),
            ignored: Vec::new(),
        };
        for (i, raw) in header.iter().enumerate() {
            let name = raw.trim();
            match Field::from_header(name) {
                Some(f) if cols.index[f as usize].is_some() => {
                    let column = f.name().to_string();
                    return Err(DiaryError::DuplicateColumn {
                        file: file.into(),
                        line,
                        column,
                    });
                }
                Some(f) => cols.index[f as usize] = Some(i),
                None if name.is_empty() || cols.ignored.iter().any(|n| n == name) => {}
                None => cols.ignored.push(name.to_string()),
            }
        }
        cols.require(Field::Date, file, line)?;
        cols.require(Field::Pain, file, line)?;
        Ok(cols)
    }

    /// Where `field` sits in this file's rows, if the header has it.
    pub(super) fn index(&self, field: Field) -> Option<usize> {
        self.index[field as usize]
    }

    fn require(&self, field: Field, file: &str, line: usize) -> Result<(), DiaryError> {
        match self.index[field as usize] {
            Some(_) => Ok(()),
            None => Err(DiaryError::MissingColumn {
                file: file.into(),
                line,
                column: field.name(),
            }),
        }
    }

    /// A missing trailing cell reads as empty: spreadsheets drop empty
    /// trailing cells, and people stop typing after the last value they had.
    pub(super) fn cell<'r>(&self, row: &'r StringRecord, field: Field) -> &'r str {
        self.index[field as usize]
            .and_then(|i| row.get(i))
            .map_or("", str::trim)
    }
}

/// Cells past the header's last column usually mean a delimiter typed into
/// unquoted notes. Every cell after the split would be misread, so the row is
/// reported instead. Trailing empty cells (a stray delimiter) are harmless.
pub(super) fn check_width(cols: &Columns, row: &StringRecord) -> Result<(), RowError> {
    let used = (0..row.len())
        .rev()
        .find(|&i| row.get(i).is_some_and(|c| !c.trim().is_empty()))
        .map_or(0, |i| i + 1);
    if used <= cols.width {
        return Ok(());
    }
    let message = format!(
        "row has {used} values for {} columns: {}",
        cols.width,
        why_too_many(row)
    );
    Err(RowError {
        column: None,
        message,
    })
}

/// The likely cause of a row too wide, in the user's terms: a number
/// typed with a decimal comma ("7,5" split into "7" and "5"), or text with
/// the delimiter in it.
fn why_too_many(row: &StringRecord) -> String {
    decimal_comma(row)
        .unwrap_or_else(|| "text with the delimiter in it? put it in double quotes".into())
}

/// "a decimal comma in a comma-separated file? write 7.5 …" when two
/// neighbouring cells read as the halves of one decimal number.
fn decimal_comma(row: &StringRecord) -> Option<String> {
    let digits = |c: &str| !c.is_empty() && c.len() <= 3 && c.bytes().all(|b| b.is_ascii_digit());
    let cells: Vec<&str> = row.iter().map(str::trim).collect();
    let w = cells
        .windows(2)
        .find(|w| digits(w[0]) && digits(w[1]) && w[1].len() == 1)?;
    Some(format!(
        "a decimal comma in a comma-separated file? write {}.{} (or put it in double quotes)",
        w[0], w[1]
    ))
}

/// A row that failed to read and holds more cells than the header has
/// columns, with two cells that look like halves of a decimal: the cause
/// is almost surely a decimal comma that split the row and shifted every
/// value after it, whatever cell the reader tripped on.
pub(super) fn shifted_by_a_comma(cols: &Columns, row: &StringRecord) -> Option<String> {
    if row.len() <= cols.width {
        return None;
    }
    Some(format!(
        "row has {} values for {} columns: {}",
        row.len(),
        cols.width,
        decimal_comma(row)?
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diary::tests::{date, entry, lines, messages, read};
    use crate::diary::{HEADER, write};
    use crate::model::TimeOfDay;

    #[test]
    fn header_constant_matches_field_names() {
        let names: Vec<_> = Field::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(HEADER, names.join(","));
        assert_eq!(write(&[]), format!("{HEADER}\n"));
    }

    #[test]
    fn headers_in_any_order_and_case() {
        let e = entry(" Notes ,PAIN,Stiffness Min, Date,Bladder-Bowel\nok,2,15,2026-03-14,yes\n");
        assert_eq!(e.date, date("2026-03-14"));
        assert_eq!(e.pain.value(), 2.0);
        assert_eq!(e.stiffness_min, Some(15.0));
        assert_eq!(e.notes.as_deref(), Some("ok"));
        assert!(e.red_flags.bladder_bowel);
    }

    #[test]
    fn cell_values_are_trimmed() {
        let e = entry("date,time,pain,fever\n  2026-03-14 , Morning ,  3 , YES \n");
        assert_eq!(
            (e.date, e.time),
            (date("2026-03-14"), Some(TimeOfDay::Morning))
        );
        assert!(e.red_flags.fever);
    }

    #[test]
    fn extra_columns_are_reported_once_and_dropped() {
        let d = read("date,weather,pain,,Weather\n2026-03-14,rain,3,,x\n2026-03-15,sun,4,,y\n");
        assert_eq!(d.ignored_columns, ["weather", "Weather"]);
        assert_eq!(lines(&d), [2, 3]);
        assert!(d.problems.is_empty());
    }

    #[test]
    fn short_rows_read_missing_cells_as_empty() {
        let e = entry("date,pain,location,fever,notes\n2026-03-14,3,back\n");
        assert_eq!(e.location.as_deref(), Some("back"));
        assert_eq!((e.notes, e.red_flags.fever), (None, false));
    }

    #[test]
    fn too_many_cells_is_a_row_problem() {
        let d = read("date,pain,notes\n2026-03-14,3,sore, stiff\n2026-03-15,3,fine,,\n");
        assert_eq!(
            messages(&d),
            [
                "pain.csv:2: row has 4 values for 3 columns: text with the delimiter in it? put it in double quotes"
            ]
        );
        assert_eq!(d.problems[0].column, None);
        assert_eq!(lines(&d), [3], "trailing empty cells are harmless");
    }

    /// Issue #27: "7,5" in a comma-separated diary splits in two; the
    /// message says so in the user's terms instead of misreading a column,
    /// also when the shifted row only trips over a later cell.
    #[test]
    fn a_decimal_comma_in_a_comma_file_is_named() {
        let h = "date,time,pain,stiffness_min,location,rpe,notes";
        let d = read(&format!("{h}\n2026-03-14,morning,7,5,20,low back,,\n"));
        assert_eq!(
            messages(&d),
            [
                "pain.csv:2: row has 8 values for 7 columns: a decimal comma in a comma-separated file? write 7.5 (or put it in double quotes)"
            ]
        );
        let d = read(
            "date,pain,stiffness_min,location,rpe,notes\n2026-03-14,7,5,20,low back,,\"stiff\"\n",
        );
        assert_eq!(
            messages(&d),
            [
                "pain.csv:2: row has 7 values for 6 columns: a decimal comma in a comma-separated file? write 7.5 (or put it in double quotes)"
            ]
        );
    }
}
