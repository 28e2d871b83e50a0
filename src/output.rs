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

/// Where a command's text goes: a terminal `width` columns wide, or
/// anything else (a pipe, a file, `--wide`), which keeps every column so
/// scripts never break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screen {
    pub width: Option<usize>,
}

impl Screen {
    /// The terminal's width when stdout is one and `--wide` was not given.
    pub fn detect(wide: bool) -> Screen {
        use std::io::IsTerminal;
        let term = !wide && std::io::stdout().is_terminal();
        let width = term
            .then(|| console::Term::stdout().size_checked())
            .flatten()
            .map(|(_, cols)| usize::from(cols))
            .filter(|w| *w >= 20);
        Screen { width }
    }
}

/// The widest line of `text`, in terminal columns.
fn widest(text: &str) -> usize {
    text.lines()
        .map(console::measure_text_width)
        .max()
        .unwrap_or(0)
}

/// A table of `rows` (JSON objects, columns in their key order) that fits
/// the screen: on a terminal the columns named in `drop` are left out, in
/// that order, until the table is no wider than the terminal. Elsewhere
/// every column stays.
pub fn table_to_fit(rows: &[Value], screen: Screen, drop: &[&str]) -> String {
    let mut rows = rows.to_vec();
    let mut out = table(&rows);
    let Some(width) = screen.width else {
        return out;
    };
    for key in drop {
        if widest(&out) <= width {
            break;
        }
        for r in &mut rows {
            if let Value::Object(m) = r {
                m.shift_remove(*key);
            }
        }
        out = table(&rows);
    }
    out
}

/// Text wrapped to the terminal's width, each continuation indented like
/// its line (two more after a "- " bullet); unchanged elsewhere.
pub fn wrap_text(text: &str, screen: Screen) -> String {
    let Some(width) = screen.width else {
        return text.to_string();
    };
    let mut out = String::new();
    for line in text.lines() {
        // A line that fits stays as it is (a table's spacing included).
        if console::measure_text_width(line) <= width {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let body = line.trim_start();
        let indent = &line[..line.len() - body.len()];
        let hang = indent.len() + if body.starts_with("- ") { 2 } else { 0 };
        let mut current = indent.to_string();
        let mut fresh = true;
        for word in body.split(' ').filter(|w| !w.is_empty()) {
            let cur = console::measure_text_width(&current);
            if !fresh && cur + 1 + console::measure_text_width(word) > width {
                out.push_str(&current);
                out.push('\n');
                current = " ".repeat(hang.min(width / 2));
                fresh = true;
            }
            if !fresh {
                current.push(' ');
            }
            current.push_str(word);
            fresh = false;
        }
        out.push_str(current.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_wraps_to_the_terminal_with_hanging_indents() {
        let screen = Screen { width: Some(20) };
        let text =
            "- one two three four five six\n    rule: alpha beta gamma delta\nshort  spaced\n";
        assert_eq!(
            wrap_text(text, screen),
            "- one two three four\n  five six\n    rule: alpha beta\n    gamma delta\nshort  spaced\n"
        );
        assert_eq!(wrap_text(text, Screen { width: None }), text);
    }

    #[test]
    fn a_table_drops_columns_until_it_fits() {
        let rows = vec![
            serde_json::json!({"week": "2026-W46", "load": 110, "pain_mean": 2.0, "locations": "low back; left leg"}),
        ];
        let all = table_to_fit(&rows, Screen { width: None }, &["locations"]);
        assert!(all.contains("locations"));
        let narrow = table_to_fit(
            &rows,
            Screen { width: Some(40) },
            &["locations", "pain_mean"],
        );
        assert!(
            !narrow.contains("locations") && narrow.contains("pain_mean"),
            "{narrow}"
        );
        assert!(widest(&narrow) <= 40);
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
