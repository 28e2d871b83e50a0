//! Rows of any serialisable type as CSV: `runlog … --format csv` and the
//! report's `weeks.csv` write it the same way.

use serde::Serialize;
use serde_json::Value;

/// Each row as its fields' values, with the header from the first row.
/// Column order is the struct's field order, so JSON keys, CSV header and
/// table header always agree.
pub fn objects<T: Serialize>(rows: &[T]) -> (Vec<String>, Vec<Vec<Value>>) {
    let mut header = Vec::new();
    let mut out = Vec::new();
    for r in rows {
        let Ok(Value::Object(map)) = serde_json::to_value(r) else {
            continue;
        };
        if header.is_empty() {
            header = map.keys().cloned().collect();
        }
        out.push(map.into_iter().map(|(_, v)| v).collect());
    }
    (header, out)
}

/// CSV for spreadsheets and scripts. No rows, no output (not a lone `""`).
/// Numbers keep every digit; text cells are neutralised against formula
/// injection.
pub fn csv<T: Serialize>(rows: &[T]) -> String {
    let (header, rows) = objects(rows);
    if header.is_empty() {
        return String::new();
    }
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(&header);
    for r in rows {
        let _ = w.write_record(r.iter().map(|v| match v {
            Value::Null => String::new(),
            Value::String(s) => defuse(s),
            other => other.to_string(),
        }));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A text cell a spreadsheet would run as a formula (`=HYPERLINK(…)` in a
/// run's name or a diary note) gets a leading `'`, as OWASP advises for
/// CSV injection, and terminal control bytes (an escape sequence in a GPX
/// name) become U+FFFD, as in the tables: `--format csv` is printed to a
/// terminal too. A line break stays (the cell is quoted). Numbers are
/// written as numbers and never reach here.
pub fn defuse(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| {
            if c.is_control() && c != '\n' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect();
    if text.starts_with(['=', '+', '-', '@', '\u{fffd}']) {
        format!("'{text}")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Named {
        name: String,
        km: f64,
        hr: Option<f64>,
    }

    /// Issue #13: formulas in text cells are neutralised; numbers are not.
    #[test]
    fn csv_cells_cannot_become_formulas() {
        let rows: Vec<Named> = [
            "=HYPERLINK(\"http://x\")",
            "+1",
            "-2+3",
            "@SUM(A1)",
            "Easy run",
        ]
        .iter()
        .map(|n| Named {
            name: n.to_string(),
            km: -1.5,
            hr: None,
        })
        .collect();
        let out = csv(&rows);
        let names: Vec<String> = ::csv::Reader::from_reader(out.as_bytes())
            .records()
            .map(|r| r.unwrap()[0].to_string())
            .collect();
        assert_eq!(
            names,
            [
                "'=HYPERLINK(\"http://x\")",
                "'+1",
                "'-2+3",
                "'@SUM(A1)",
                "Easy run"
            ]
        );
        assert!(out.lines().nth(1).unwrap().ends_with(",-1.5,"), "{out}");
    }

    /// Issue #23: `--format csv` loses terminal control bytes in text
    /// cells, as the tables do; a line break stays inside its quoted cell.
    #[test]
    fn csv_cells_carry_no_terminal_control_bytes() {
        assert_eq!(defuse("Run \u{1b}[2J\u{7}x"), "Run \u{fffd}[2J\u{fffd}x");
        assert_eq!(defuse("\ttab"), "'\u{fffd}tab");
        assert_eq!(defuse("two\nlines"), "two\nlines");
    }

    #[test]
    fn csv_of_nothing_is_empty() {
        let none: [Named; 0] = [];
        assert_eq!(csv(&none), "");
    }
}
