//! Dates every stage agrees on: which dates can be real, ISO weeks, and
//! date arithmetic that never panics on a configured or read number. A
//! leaf: it knows `chrono`, nothing of runs or weeks.

use chrono::{DateTime, Datelike, Days, NaiveDate, TimeDelta, TimeZone, Utc};

/// Why a start time cannot be a real run, if it cannot: before 2000 (a
/// watch whose clock was never set counts from 1989-12-31, the FIT epoch)
/// or more than a day after `now`. Such a run would stretch the daily
/// series over decades, or move "the last 12 weeks" into an empty future,
/// so it is kept in the store but left out of the weekly numbers.
pub fn implausible_start(start: DateTime<Utc>, now: DateTime<Utc>) -> Option<&'static str> {
    let y2k = Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0).single()?;
    if start < y2k {
        Some("before 2000")
    } else if now
        .checked_add_signed(TimeDelta::days(1))
        .is_some_and(|tomorrow| start > tomorrow)
    {
        Some("in the future")
    } else {
        None
    }
}

/// Why a diary date cannot be meant, if it cannot: the same limits as
/// `implausible_start` for runs. A typo year (`9999-12-31`, `0001-01-01`,
/// `2062-10-28`) would stretch the daily series over centuries or move
/// "the last 12 weeks" into an empty future.
pub fn implausible_day(date: NaiveDate, today: NaiveDate) -> Option<&'static str> {
    let y2k = NaiveDate::from_ymd_opt(2000, 1, 1)?;
    if date < y2k {
        Some("before 2000")
    } else if date > shift_days(today, 1) {
        Some("in the future")
    } else {
        None
    }
}

/// `d` moved by `days`, held at the calendar's ends instead of panicking:
/// a configured or read number turned into a date must never overflow.
pub fn shift_days(d: NaiveDate, days: i64) -> NaiveDate {
    let n = Days::new(days.unsigned_abs());
    let moved = if days >= 0 {
        d.checked_add_days(n)
    } else {
        d.checked_sub_days(n)
    };
    moved.unwrap_or(if days >= 0 {
        NaiveDate::MAX
    } else {
        NaiveDate::MIN
    })
}

/// `2026-W07`: the ISO week a date belongs to, as labels read.
pub fn iso_week_label(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

pub fn week_start(d: NaiveDate) -> NaiveDate {
    shift_days(d, -i64::from(d.weekday().num_days_from_monday()))
}
