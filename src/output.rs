//! Text renderings of rows for the terminal: aligned tables, CSV and JSON.
//! Each function returns a `String`; the caller decides where it goes.

use serde::Serialize;
use serde_json::Value;

/// Render rows of any serialisable type. Column order is the struct's field
/// order, so the JSON keys, CSV header and table header always agree.
pub fn render<T: Serialize>(rows: &[T], format: crate::cli::OutputFormat) -> String {
    use crate::cli::OutputFormat::*;
    match format {
        Json => serde_json::to_string_pretty(rows).unwrap_or_default() + "\n",
        Csv => csv(rows),
        Table => table(rows),
    }
}

fn objects<T: Serialize>(rows: &[T]) -> (Vec<String>, Vec<Vec<Value>>) {
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

/// A cell as text: numbers rounded for people, null as empty.
fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() => format_number(f),
            _ => n.to_string(),
        },
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Two decimals at most, trailing zeros dropped: 12.5, 3, 0.83.
pub fn format_number(f: f64) -> String {
    let s = format!("{f:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

/// CSV for spreadsheets and scripts. No rows, no output (not a lone `""`).
/// Text cells are neutralised against formula injection.
pub fn csv<T: Serialize>(rows: &[T]) -> String {
    let (header, rows) = objects(rows);
    if header.is_empty() {
        return String::new();
    }
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(&header);
    for r in rows {
        let _ = w.write_record(r.iter().map(|v| match v {
            Value::Number(n) => n.to_string(),
            Value::String(s) => defuse(s),
            other => cell(other),
        }));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A text cell a spreadsheet would run as a formula (`=HYPERLINK(…)` in a
/// run's name or a diary note) gets a leading `'`, as OWASP advises for
/// CSV injection. Numbers are written as numbers and never reach here.
pub fn defuse(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

pub fn table<T: Serialize>(rows: &[T]) -> String {
    let (header, rows) = objects(rows);
    if header.is_empty() {
        return "(nothing to show)\n".into();
    }
    // A dash, not a blank, so a missing value reads as missing, not as zero.
    let shown = |v: &Value| {
        if v.is_null() {
            "–".to_string()
        } else {
            cell(v)
        }
    };
    let cells: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(shown).collect()).collect();
    let widths: Vec<usize> = header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            cells
                .iter()
                .map(|r| r[i].chars().count())
                .chain([h.len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |r: &[String]| {
        let parts: Vec<String> = r
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        parts.join("  ").trim_end().to_string() + "\n"
    };
    let mut out = line(&header);
    for r in &cells {
        out.push_str(&line(r));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::OutputFormat;

    #[derive(Serialize)]
    struct Named {
        name: String,
        km: f64,
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
        assert!(out.lines().nth(1).unwrap().ends_with(",-1.5"), "{out}");
    }

    #[test]
    fn csv_of_nothing_is_empty() {
        let none: [Named; 0] = [];
        assert_eq!(csv(&none), "");
    }

    #[derive(Serialize)]
    struct Row {
        week: &'static str,
        km: f64,
        hr: Option<f64>,
    }

    #[test]
    fn formats_agree_on_columns() {
        let rows = [
            Row {
                week: "2026-W01",
                km: 12.345,
                hr: None,
            },
            Row {
                week: "2026-W02",
                km: 3.0,
                hr: Some(140.0),
            },
        ];
        let t = render(&rows, OutputFormat::Table);
        assert_eq!(t.lines().next().unwrap(), "week      km     hr");
        assert!(t.contains("2026-W01  12.35"), "{t}");
        let c = render(&rows, OutputFormat::Csv);
        assert_eq!(c, "week,km,hr\n2026-W01,12.345,\n2026-W02,3.0,140.0\n");
        let j: Value = serde_json::from_str(&render(&rows, OutputFormat::Json)).unwrap();
        assert_eq!(j[1]["hr"], 140.0);
        assert!(j[0]["hr"].is_null());
    }
}
