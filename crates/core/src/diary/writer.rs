//! The canonical diary. What it writes, `parse` reads back unchanged, so it
//! pins down the format the reader promises to accept.

use super::HEADER;
use crate::model::{DiaryEntry, TimeOfDay};
use std::borrow::Cow;

/// The canonical diary: [`HEADER`], one row per entry, `\n` line ends, quotes
/// only where needed so the file stays pleasant in a text editor. Reading it
/// back with [`parse`](super::parse) gives the same entries (lines aside) as long as dates
/// have four-digit years, clock times are within the day and text is
/// trimmed and non-empty.
pub fn write(entries: &[DiaryEntry]) -> String {
    let mut out = format!("{HEADER}\n");
    for entry in entries {
        let cells: Vec<_> = row_cells(entry)
            .iter()
            .map(|c| csv_field(c).into_owned())
            .collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

fn row_cells(e: &DiaryEntry) -> [String; 15] {
    let num = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    let yes = |b: bool| if b { "yes" } else { "no" }.to_string();
    let flags = &e.red_flags;
    [
        e.date.format("%Y-%m-%d").to_string(),
        e.time.map(time_text).unwrap_or_default(),
        e.pain.value().to_string(),
        num(e.pain_during),
        num(e.leg_pain),
        num(e.stiffness_min),
        e.location.clone().unwrap_or_default(),
        num(e.function),
        num(e.rpe),
        yes(flags.numbness),
        yes(flags.weakness),
        yes(flags.bladder_bowel),
        yes(flags.saddle_numbness),
        yes(flags.fever),
        e.notes.clone().unwrap_or_default(),
    ]
}

fn time_text(t: TimeOfDay) -> String {
    match t {
        TimeOfDay::Morning => "morning".into(),
        TimeOfDay::Evening => "evening".into(),
        TimeOfDay::At(m) => format!("{:02}:{:02}", m / 60, m % 60),
    }
}

/// Quotes a cell holding a delimiter, quote or line break, or starting with
/// `#` (which would otherwise read as a comment if it began a line).
fn csv_field(s: &str) -> Cow<'_, str> {
    if s.contains([',', ';', '"', '\n', '\r']) || s.starts_with('#') {
        Cow::Owned(format!("\"{}\"", s.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diary::parse;
    use crate::diary::tests::date;
    use crate::model::{Pain, RedFlags};
    use chrono::NaiveDate;
    use proptest::prelude::*;

    #[test]
    fn write_quotes_only_where_needed() {
        let e = DiaryEntry {
            time: Some(TimeOfDay::At(5)),
            location: Some("#low; left".into()),
            rpe: Some(7.0),
            notes: Some("said \"ok\", then\nstopped".into()),
            red_flags: RedFlags {
                fever: true,
                ..RedFlags::default()
            },
            ..DiaryEntry::new(0, date("2026-03-04"), Pain::new(2.5).expect("valid"))
        };
        let want = format!(
            "{HEADER}\n2026-03-04,00:05,2.5,,,,\"#low; left\",,7,no,no,no,no,yes,\"said \"\"ok\"\", then\nstopped\"\n"
        );
        assert_eq!(write(std::slice::from_ref(&e)), want);
    }

    fn tenths(max: u32) -> impl Strategy<Value = f64> {
        (0..=max).prop_map(|t| f64::from(t) / 10.0)
    }

    fn free_text() -> impl Strategy<Value = Option<String>> {
        "[a-zA-Z0-9 ,;\"'#.\n\\-éü痛]{0,30}"
            .prop_map(|s| Some(s.trim().to_string()).filter(|s| !s.is_empty()))
    }

    fn time_of_day() -> impl Strategy<Value = TimeOfDay> {
        prop_oneof![
            Just(TimeOfDay::Morning),
            Just(TimeOfDay::Evening),
            (0u16..1440).prop_map(TimeOfDay::At)
        ]
    }

    fn diary_entry() -> impl Strategy<Value = DiaryEntry> {
        let date = (1000i32..=9999, 1u32..=12, 1u32..=31)
            .prop_filter_map("real day", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d));
        let flags = any::<[bool; 5]>().prop_map(|[a, b, c, d, e]| RedFlags {
            numbness: a,
            weakness: b,
            bladder_bowel: c,
            saddle_numbness: d,
            fever: e,
        });
        let pain = tenths(100).prop_filter_map("in range", Pain::new);
        let optionals = (
            proptest::option::of(time_of_day()),
            proptest::option::of(tenths(6000)),
        );
        (
            date,
            pain,
            optionals,
            free_text(),
            proptest::option::of(tenths(100)),
            free_text(),
            flags,
        )
            .prop_map(
                |(date, pain, (time, stiffness_min), location, rpe, notes, red_flags)| DiaryEntry {
                    time,
                    stiffness_min,
                    location,
                    rpe,
                    notes,
                    red_flags,
                    ..DiaryEntry::new(0, date, pain)
                },
            )
    }

    /// Each written row starts one line after the previous one ended.
    fn expected_lines(entries: &[DiaryEntry]) -> Vec<usize> {
        let breaks = |s: &Option<String>| s.as_deref().map_or(0, |s| s.matches('\n').count());
        let mut line = 2;
        entries
            .iter()
            .map(|e| {
                let start = line;
                line += 1 + breaks(&e.location) + breaks(&e.notes);
                start
            })
            .collect()
    }

    proptest! {
        #[test]
        fn write_then_parse_round_trips(entries in proptest::collection::vec(diary_entry(), 0..20)) {
            let d = parse(write(&entries).as_bytes(), "pain.csv").expect("own output parses");
            prop_assert!(d.problems.is_empty(), "{:?}", d.problems);
            prop_assert!(d.ignored_columns.is_empty());
            let mut want = entries.clone();
            for (e, line) in want.iter_mut().zip(expected_lines(&entries)) {
                e.line = line;
            }
            prop_assert_eq!(d.entries, want);
        }

    }
}
