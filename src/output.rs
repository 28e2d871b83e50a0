//! Text renderings of rows for the terminal: aligned tables, CSV and JSON.
//! Each function returns a `String`; the caller decides where it goes.

use runlog_core::csv::{csv, objects};
use serde::Serialize;
use serde_json::Value;

/// Render rows of any serialisable type. Column order is the struct's field
/// order, so the JSON keys, CSV header and table header always agree.
/// How a list command prints its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Table,
    Csv,
    Json,
}

pub fn render<T: Serialize>(rows: &[T], format: OutputFormat) -> String {
    use OutputFormat::*;
    match format {
        Json => serde_json::to_string_pretty(rows).unwrap_or_default() + "\n",
        Csv => csv(rows),
        Table => table(rows),
    }
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

/// An aligned table for the terminal. comfy-table measures each cell's
/// display width, so names in CJK or with emoji keep the columns straight.
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
    let mut t = comfy_table::Table::new();
    t.load_style(comfy_table::presets::NOTHING)
        .set_content_arrangement(comfy_table::ContentArrangement::Disabled)
        .set_header(header.iter().map(comfy_table::Cell::new));
    for r in &rows {
        t.add_row(r.iter().map(|v| comfy_table::Cell::new(shown(v))));
    }
    for c in t.column_iter_mut() {
        c.set_padding((0, 2));
    }
    let mut out = String::new();
    for line in t.lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
