//! Dates every stage agrees on: which dates can be real, ISO weeks, and
//! date arithmetic that never panics on a configured or read number. A
//! leaf: it knows `chrono`, nothing of runs or weeks.

use chrono::format::{Item, StrftimeItems};
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

/// The first day of `weeks` whole ISO weeks ending with the week of `last`:
/// the Monday a report of the last `weeks` weeks starts on.
pub fn first_of_weeks_ending(last: NaiveDate, weeks: u32) -> NaiveDate {
    shift_days(week_start(last), -7 * (i64::from(weeks.max(1)) - 1))
}

/// The weeks a report covers by default (`runlog report --weeks`).
pub const REPORT_WEEKS: u32 = 12;

/// The seven days of the week starting `monday` as a person reads them:
/// "21–27 Sep", "28 Sep – 4 Oct", "28 Dec 2026 – 3 Jan 2027". A week code
/// ("2026-W39") makes a physiotherapist count weeks in their head.
pub fn week_span(monday: NaiveDate) -> String {
    let sunday = shift_days(monday, 6);
    if monday.year() != sunday.year() {
        format!(
            "{} – {}",
            monday.format("%-d %b %Y"),
            sunday.format("%-d %b %Y")
        )
    } else if monday.month() != sunday.month() {
        format!("{} – {}", monday.format("%-d %b"), sunday.format("%-d %b"))
    } else {
        format!("{}–{}", monday.format("%-d"), sunday.format("%-d %b"))
    }
}

/// `date` written in a strftime `format`; `None` for a format chrono
/// cannot write (which `Display` would turn into a panic).
pub fn format_date(date: NaiveDate, format: &str) -> Option<String> {
    use std::fmt::Write;
    let items: Vec<Item<'_>> = StrftimeItems::new(format).collect();
    if items.iter().any(|i| matches!(i, Item::Error)) {
        return None;
    }
    let mut out = String::new();
    write!(out, "{}", date.format_with_items(items.iter())).ok()?;
    Some(out)
}

/// A `date_format` must name a day, a month and a year, and read back
/// what it writes: `%d.%m` (no year) or `%Q` (no such field) are refused
/// when runlog.toml is loaded, with an example of a good one.
pub fn check_date_format(format: &str) -> Result<(), String> {
    let probes = [(2026, 3, 14), (1999, 12, 1), (2031, 11, 30)];
    let round_trips = probes.iter().all(|&(y, m, d)| {
        NaiveDate::from_ymd_opt(y, m, d).is_some_and(|date| {
            format_date(date, format)
                .is_some_and(|s| NaiveDate::parse_from_str(&s, format) == Ok(date))
        })
    });
    if round_trips {
        Ok(())
    } else {
        Err(format!(
            "[diary] date_format = \"{format}\" is not allowed: it must write and read a whole date (day, month and year), e.g. \"%d.%m.%Y\" or \"%m/%d/%Y\""
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_week_reads_as_its_days() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(week_span(d("2026-09-21")), "21–27 Sep");
        assert_eq!(week_span(d("2026-09-28")), "28 Sep – 4 Oct");
        assert_eq!(week_span(d("2026-12-28")), "28 Dec 2026 – 3 Jan 2027");
    }
}
