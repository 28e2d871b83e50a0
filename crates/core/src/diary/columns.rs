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
        "row has {used} cells but the header has {}; put text that contains the delimiter in double quotes",
        cols.width
    );
    Err(RowError {
        column: None,
        message,
    })
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
                "pain.csv:2: row has 4 cells but the header has 3; put text that contains the delimiter in double quotes"
            ]
        );
        assert_eq!(d.problems[0].column, None);
        assert_eq!(lines(&d), [3], "trailing empty cells are harmless");
    }
}
