//! Test data for the charts: a synthetic analysis, and ways to look at the
//! PNGs a test draws.

use super::Chart;
use chrono::{Datelike, NaiveDate, TimeZone, Utc};
use runlog_core::analysis::Analysis;
use runlog_core::analysis::load::shift_days;
use runlog_core::analysis::period::{Period, Span};
use runlog_core::config::Config;
use runlog_core::model::{Activity, DiaryEntry, Format, Pain, Summary, TimeOfDay};

/// The charts of `a` between two days, as a report of those whole weeks
/// draws them (a reversed pair stays reversed: an empty period).
pub(super) fn render(
    a: &Analysis,
    c: &Config,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Chart>, String> {
    let span = Span::weeks(from, to).unwrap_or(Span { from, to });
    super::render(&Period::of(a, span, true), c)
}

pub(super) fn d(n: i64) -> NaiveDate {
    // Monday 5 January 2026.
    shift_days(NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(), n)
}

fn run(day: i64, minutes: f64) -> Activity {
    let date = d(day);
    let start = Utc
        .with_ymd_and_hms(date.year(), date.month(), date.day(), 7, 0, 0)
        .unwrap();
    Activity {
        id: format!("r{day}"),
        source: format!("exports/{day}.fit"),
        summary: Summary {
            utc_offset_s: Some(3600),
            distance_m: Some(minutes * 160.0),
            ascent_m: Some(20.0),
            has_gps: true,
            records: 1,
            ..Summary::new(Format::Fit, "running", start, minutes * 60.0)
        },
        duplicates: vec![],
        warnings: Vec::new(),
    }
}

fn pain(day: i64, time: TimeOfDay, p: f64) -> DiaryEntry {
    DiaryEntry {
        time: Some(time),
        ..DiaryEntry::new(day as usize + 2, d(day), Pain::new(p).unwrap())
    }
}

/// Ten weeks: steady running, a big jump in week 7 followed by a pain
/// spike, a week without diary (week 4), a spike without a jump (week 9).
pub(super) fn analysis() -> Analysis {
    analysis_of(10, &Config::default())
}

pub(super) fn analysis_of(weeks: i64, config: &Config) -> Analysis {
    let mut acts = Vec::new();
    for w in 0..weeks {
        let base = match w {
            6 => 55.0,
            7 => 30.0,
            _ => 30.0 + 2.0 * (w % 12) as f64,
        };
        for day in [0, 2, 5] {
            acts.push(run(w * 7 + day, if day == 5 { base * 1.4 } else { base }));
        }
    }
    let mut diary = Vec::new();
    for day in 0..weeks * 7 {
        if (21..28).contains(&day) {
            continue;
        }
        let p = match day {
            48..=50 => 6.0,
            51 => 4.5,
            60 => 5.5,
            _ => 2.0 + (day % 3) as f64 * 0.5,
        };
        diary.push(pain(day, TimeOfDay::Morning, p));
        if day % 2 == 0 {
            diary.push(pain(day, TimeOfDay::Evening, (p + 1.5).min(10.0)));
        }
    }
    let load = runlog_core::analysis::load::compute(&acts, |_| Ok(vec![]), &diary, config).unwrap();
    let today = load.days.last().map_or(chrono::NaiveDate::MIN, |d| d.date);
    runlog_core::analysis::analyse(
        load,
        Some((&diary, 0)),
        Vec::new(),
        Default::default(),
        config,
        today,
    )
}

pub(super) fn ihdr(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    assert_eq!(&png[12..16], b"IHDR");
    let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
    (w, h)
}

/// Write the charts to $RUNLOG_CHARTS_OUT when set, to look at them.
pub(super) fn dump(charts: &[Chart], prefix: &str) {
    if let Some(dir) = std::env::var_os("RUNLOG_CHARTS_OUT") {
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut alts = String::new();
        for c in charts {
            std::fs::write(dir.join(format!("{prefix}{}", c.file_name)), &c.png).unwrap();
            alts += &format!("{}: {}\n", c.file_name, c.alt);
        }
        std::fs::write(dir.join(format!("{prefix}alt.txt")), alts).unwrap();
    }
}
