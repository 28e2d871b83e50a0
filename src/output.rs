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
        let width = (!wide && on_terminal())
            .then(|| columns(terminal_columns(), std::env::var("COLUMNS").ok().as_deref()))
            .filter(|w| *w >= 20);
        Screen { width }
    }
}

/// Whether a person reads stdout: listings show a screenful there (the
/// last weeks), and everything when piped, so scripts never change.
pub fn on_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal()
}

/// The terminal's width: the columns it reports, else `COLUMNS`, else 80.
/// Some pseudo-terminals (`script`, CI runners) report 0 rows with their
/// columns; a width read only together with the rows was lost there, and
/// the lines ran to 450 columns.
fn columns(reported: Option<u16>, env: Option<&str>) -> usize {
    reported
        .filter(|c| *c > 0)
        .map(usize::from)
        .or_else(|| env?.trim().parse().ok().filter(|c| *c > 0))
        .unwrap_or(80)
}

/// The columns stdout's terminal reports, whatever it says of its rows.
#[cfg(unix)]
fn terminal_columns() -> Option<u16> {
    use std::os::fd::AsRawFd;
    let mut size = libc::winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCGWINSZ writes one `winsize` into `size`, which outlives
    // the call; on an error it writes nothing and `size` stays zero.
    #[allow(clippy::useless_conversion)] // the request's type differs by libc
    let ok = unsafe {
        libc::ioctl(
            std::io::stdout().as_raw_fd(),
            libc::TIOCGWINSZ.into(),
            &mut size,
        )
    } == 0;
    ok.then_some(size.ws_col)
}

#[cfg(not(unix))]
fn terminal_columns() -> Option<u16> {
    console::Term::stdout().size_checked().map(|(_, cols)| cols)
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
/// its line (two more after a "- " bullet); unchanged elsewhere. A command
/// in backticks (`` `runlog weeks --all` ``) stays on one line when it fits
/// one, so it can be copied whole.
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
        for word in words(body, width.saturating_sub(hang)) {
            let cur = console::measure_text_width(&current);
            if !fresh && cur + 1 + console::measure_text_width(&word) > width {
                out.push_str(&current);
                out.push('\n');
                current = " ".repeat(hang.min(width / 2));
                fresh = true;
            }
            if !fresh {
                current.push(' ');
            }
            current.push_str(&word);
            fresh = false;
        }
        out.push_str(current.trim_end());
        out.push('\n');
    }
    out
}

/// The words of `line`, a backticked span (which may hold spaces) as one
/// when it is no wider than `room`.
fn words(line: &str, room: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open: Option<String> = None;
    for word in line.split(' ').filter(|w| !w.is_empty()) {
        let span = match open.take() {
            Some(mut s) => {
                s.push(' ');
                s.push_str(word);
                s
            }
            None => word.to_string(),
        };
        if span.matches('`').count() % 2 == 1 {
            open = Some(span);
        } else if span.contains(' ') && console::measure_text_width(&span) > room {
            out.extend(span.split(' ').map(str::to_string));
        } else {
            out.push(span);
        }
    }
    out.extend(open.iter().flat_map(|s| s.split(' ').map(str::to_string)));
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

    /// Issue #33: a suggested command is never cut in two by the wrap,
    /// unless it is wider than the line.
    #[test]
    fn issue33_a_command_in_backticks_stays_on_one_line() {
        let screen = Screen { width: Some(30) };
        assert_eq!(
            wrap_text("Every week: `runlog flags --all`; or\n", screen),
            "Every week:\n`runlog flags --all`; or\n"
        );
        let long = "see `runlog report --from 2026-08-03 --to 2026-09-01` now\n";
        let wrapped = wrap_text(long, screen);
        assert!(wrapped.lines().all(|l| l.len() <= 30), "{wrapped}");
        assert_eq!(words("a `b c` `d", 10), ["a", "`b c`", "`d"]);
    }

    /// Issue #33: a terminal that reports 0 rows still has its columns;
    /// without any, `COLUMNS`, else 80.
    #[test]
    fn issue33_the_width_is_the_columns_reported_else_columns_else_80() {
        assert_eq!(columns(Some(100), Some("120")), 100);
        assert_eq!(columns(Some(0), Some("120")), 120);
        assert_eq!(columns(None, Some(" 90 ")), 90);
        assert_eq!(columns(None, Some("wide")), 80);
        assert_eq!(columns(Some(0), Some("0")), 80);
        assert_eq!(columns(None, None), 80);
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
