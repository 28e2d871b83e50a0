//! The weekly report: charts, `report.html`, `report.pdf`, `weeks.csv`,
//! `flags.json`.
//!
//! Renderers (`charts`, `html`) return bytes; only this module writes
//! files, and only files it wrote itself: a manifest in the report folder
//! lists them, and nothing else there is ever replaced or removed. Each
//! file is staged beside its place and renamed over the old one, so a crash
//! leaves every file whole (the old or the new one). The report gets
//! `Week`s, `Day`s and `Flag`s, never time series, so no coordinate can
//! reach it.

pub mod charts;
pub mod document;
pub mod glossary;
mod glue;
pub mod html;
mod ledger;
pub mod pdf;
mod publish;
pub mod summary;
pub mod view;

use chrono::{DateTime, Utc};
use runlog_core::analysis::load::iso_week_label;
use runlog_core::analysis::period::Period;
use runlog_core::config::Config;
use runlog_core::error::{Error, Result};
use std::path::{Path, PathBuf};

/// What `write` produced, for the command to print.
pub struct Written {
    pub files: Vec<PathBuf>,
    pub summary: Vec<String>,
    pub html: PathBuf,
}

/// The time printed in the report: `--generated-at`, else
/// `SOURCE_DATE_EPOCH`, else `now` (the command's one reading of the
/// clock). Fixing it makes two runs byte-identical.
pub fn generated_at(flag: Option<&str>, now: DateTime<Utc>) -> Result<String> {
    let t: DateTime<Utc> = if let Some(s) = flag {
        DateTime::parse_from_rfc3339(s)
            .map_err(|e| Error::Usage(format!("--generated-at \"{s}\" is not an RFC 3339 time ({e}); e.g. 2026-11-23T08:00:00Z")))?
            .with_timezone(&Utc)
    } else if let Some(epoch) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
    {
        DateTime::from_timestamp(epoch, 0).unwrap_or_default()
    } else {
        now
    };
    Ok(t.format("%Y-%m-%d %H:%M UTC").to_string())
}

/// Render and write the whole report of one period: the one cut of the
/// analysis every file reads (`Period`).
pub fn write(
    dir: &Path,
    period: &Period<'_>,
    config: &Config,
    out: Option<PathBuf>,
    generated: &str,
) -> Result<Written> {
    let out = out.unwrap_or_else(|| dir.join("reports").join(iso_week_label(period.span.to)));
    publish::check_destination(dir, &out, publish::REPORT)?;
    let charts = charts::render(period, config).map_err(|e| Error::Render {
        what: "chart rendering",
        source: e.to_string().into(),
    })?;
    let view = view::View::build(period, config, generated);
    let doc = document::build(&view, &charts);
    let title = document::title(&view);
    let page = html::render(&doc, &title, config.report.paper.css(), &charts).map_err(|e| {
        Error::Render {
            what: "the report template",
            source: Box::new(e),
        }
    })?;
    let pdf_blocks = pdf::blocks(&doc, &charts);
    let document =
        pdf::pdf(config.report.paper, &title, &pdf_blocks).map_err(|e| Error::Render {
            what: "report.pdf",
            source: e.into(),
        })?;
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("report.html".into(), page.into_bytes()),
        ("report.pdf".into(), document),
    ];
    for c in &charts {
        files.push((c.file_name.to_string(), c.png.clone()));
    }
    files.push((
        "weeks.csv".into(),
        runlog_core::csv::csv(&view.weeks_full).into_bytes(),
    ));
    files.push((
        "flags.json".into(),
        (runlog_core::analysis::flags::to_json(&view.analysis) + "\n").into_bytes(),
    ));
    let written = publish::publish(&out, &files, publish::REPORT)?;
    Ok(Written {
        html: out.join("report.html"),
        files: written,
        summary: view.summary_lines(),
    })
}

/// Every file a report may hold, for checks made before it is rendered.
pub const OUTPUT_NAMES: [&str; 10] = [
    "report.html",
    "report.pdf",
    "weeks.csv",
    "flags.json",
    "weekly_load_pain.png",
    "acwr.png",
    "daily_timeline.png",
    "load_change_vs_pain.png",
    "jog_walk.png",
    "scores.png",
];

/// Refuse an `--out` that `write` would refuse, before the import that
/// comes first changes anything.
pub fn preflight(dir: &Path, out: &Path) -> Result<()> {
    publish::preflight(dir, out, &OUTPUT_NAMES, publish::REPORT)
}

/// Write next week's workouts (`runlog plan --workouts DIR`) under the
/// report folder's rules, in a folder of their own kind: the files runlog
/// wrote there before and no longer makes (last week's) are removed,
/// nothing else is touched. Returns the paths written.
pub fn write_workouts(dir: &Path, out: &Path, files: &[(String, Vec<u8>)]) -> Result<Vec<PathBuf>> {
    publish::check_destination(dir, out, publish::WORKOUTS)?;
    publish::publish(out, files, publish::WORKOUTS)
}

/// Refuse a `--workouts` folder that `write_workouts` would refuse, before
/// anything is read or said.
pub fn preflight_workouts(dir: &Path, out: &Path) -> Result<()> {
    publish::preflight(dir, out, &[], publish::WORKOUTS)
}
