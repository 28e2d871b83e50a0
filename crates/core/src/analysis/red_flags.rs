//! Red-flag symptoms: they come before everything else and stop the
//! training advice.
//!
//! Urgency follows the IFOMPT framework (Finucane et al. 2020, JOSPT
//! 50(7):350–72): a bladder or bowel change or saddle numbness may be cauda
//! equina syndrome and needs emergency care the same day; new or worsening
//! leg weakness or numbness, or fever with back pain, needs a doctor
//! urgently. A single red flag is a poor diagnostic test, so runlog only
//! ever says "contact your clinician": no score, no likelihood.
//!
//! Red flags are taken from the whole diary, whatever period a report
//! covers: an entry from before the period is still the physiotherapist's
//! business, and a report that left it out would read as "none recorded".

use crate::analysis::envelope::{Envelope, LongRun};
use crate::dates::shift_days;
use crate::model::{DiaryEntry, Urgency};
use chrono::NaiveDate;
use serde::Serialize;

/// One diary row with red-flag symptoms.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RedFlag {
    pub date: NaiveDate,
    pub symptoms: Vec<&'static str>,
    pub urgency: Urgency,
    /// The diary line, so the runner can find the row.
    pub line: usize,
}

impl RedFlag {
    /// The red flag of a diary row, if it records any.
    pub fn of(e: &DiaryEntry) -> Option<RedFlag> {
        Some(RedFlag {
            date: e.date,
            symptoms: e.red_flags.names(),
            urgency: e.red_flags.urgency()?,
            line: e.line,
        })
    }

    fn described(&self) -> String {
        format!("{} ({})", day(self.date), self.symptoms.join(", "))
    }
}

/// Every red flag of the diary, oldest first.
pub fn find(entries: &[DiaryEntry]) -> Vec<RedFlag> {
    let mut out: Vec<RedFlag> = entries.iter().filter_map(RedFlag::of).collect();
    out.sort_by_key(|r| (r.date, r.line));
    out
}

/// What to do, by urgency: the words every notice uses.
pub fn action(u: Urgency) -> String {
    format!("{}: {}", step(u), why(u))
}

/// What to do, on its own where the reason is already given.
fn step(u: Urgency) -> &'static str {
    match u {
        Urgency::Emergency => "get emergency care the same day",
        Urgency::Urgent => "see a doctor urgently",
    }
}

fn why(u: Urgency) -> &'static str {
    match u {
        Urgency::Emergency => {
            "a bladder or bowel change or numbness in the saddle area can be a sign of cauda equina syndrome"
        }
        Urgency::Urgent => {
            "new or worsening leg weakness or numbness, or fever with back pain, needs a medical assessment"
        }
    }
}

/// The notice shown first wherever flags are shown, when the diary holds
/// any red flag: grouped by urgency, the most urgent first, with dates.
pub fn notice(r: &[RedFlag]) -> Option<String> {
    if r.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    for u in [Urgency::Emergency, Urgency::Urgent] {
        let list: Vec<String> = r
            .iter()
            .filter(|f| f.urgency == u)
            .map(RedFlag::described)
            .collect();
        if !list.is_empty() {
            let action = action(u);
            let (first, rest) = action.split_at(1);
            parts.push(format!(
                "{}{rest} (recorded {}).",
                first.to_uppercase(),
                list.join("; ")
            ));
        }
    }
    Some(format!(
        "RED FLAGS: contact your clinician. {} These are warning signs, not a diagnosis: runlog gives no score and does not judge them.",
        parts.join(" ")
    ))
}

/// Page one's line under the notice: each red flag with its date and what
/// to do, and whether one is recent enough to stop the advice.
pub fn summary(r: &[RedFlag], active: bool, days: i64) -> String {
    let list: Vec<String> = r
        .iter()
        .rev()
        .map(|f| format!("{}: {}", f.described(), short_action(f.urgency)))
        .collect();
    let status = if active {
        format!("one is from the last {days} days, so next week's training advice is withheld")
    } else {
        format!("none in the last {days} days, so the training advice below stands")
    };
    format!("{}; {status}.", list.join("; "))
}

fn short_action(u: Urgency) -> &'static str {
    match u {
        Urgency::Emergency => "emergency care the same day",
        Urgency::Urgent => "see a doctor urgently",
    }
}

/// The line page one always carries: which symptoms need urgent care, and
/// that none were recorded or when the last one was.
pub fn standing_line(r: &[RedFlag], days: i64) -> String {
    let status = match r.last() {
        None => "none recorded".to_string(),
        Some(last) => format!(
            "last recorded {}, more than {days} days ago",
            last.described()
        ),
    };
    format!(
        "{status}. A bladder or bowel change or numbness in the saddle area needs emergency care the same day; new or worsening leg weakness or numbness, or fever with back pain, needs a doctor urgently."
    )
}

/// The most urgent of the red flags recorded within `days` days up to
/// `today` or up to the last day of the data, whichever is earlier (a
/// report on old data still stops at a red flag near its end); later ones
/// (a date in the future is a typo, but the symptom was real) count too.
pub fn active(
    r: &[RedFlag],
    today: NaiveDate,
    last_day: Option<NaiveDate>,
    days: i64,
) -> Option<RedFlag> {
    let end = last_day.map_or(today, |d| d.min(today));
    let from = shift_days(end, 1 - days);
    r.iter()
        .filter(|f| f.date >= from)
        .max_by_key(|f| (f.urgency, f.date))
        .cloned()
}

/// Next week's training advice, or why there is none: with a red flag in
/// the last `red_flag_days` the limits are not computed into anything a
/// reader could follow, so no renderer can print them under the notice.
#[derive(Debug, Clone, PartialEq)]
pub enum Advice {
    /// No active red flag: next week's load limit and the next long run,
    /// each `None` until the history allows it.
    Limits {
        envelope: Option<Envelope>,
        long_run: Option<LongRun>,
    },
    /// An active red flag: contact a clinician before any training change.
    Withheld { red_flag: RedFlag, days: i64 },
}

impl Default for Advice {
    fn default() -> Self {
        Advice::Limits {
            envelope: None,
            long_run: None,
        }
    }
}

impl Advice {
    pub fn envelope(&self) -> Option<&Envelope> {
        match self {
            Advice::Limits { envelope, .. } => envelope.as_ref(),
            Advice::Withheld { .. } => None,
        }
    }

    pub fn long_run(&self) -> Option<&LongRun> {
        match self {
            Advice::Limits { long_run, .. } => long_run.as_ref(),
            Advice::Withheld { .. } => None,
        }
    }

    pub fn withheld(&self) -> Option<&RedFlag> {
        match self {
            Advice::Withheld { red_flag, .. } => Some(red_flag),
            Advice::Limits { .. } => None,
        }
    }

    /// What is printed instead of the limits when a red flag stops them.
    pub fn withheld_text(&self) -> Option<String> {
        let Advice::Withheld { red_flag, days } = self else {
            return None;
        };
        Some(format!(
            "no training advice: a red flag was recorded in the last {days} days ({}). Contact your clinician and {} before running again. Next week's load limit and the next long run are not given, and the plan does not move on to its next stage.",
            red_flag.described(),
            step(red_flag.urgency)
        ))
    }
}

fn day(d: NaiveDate) -> String {
    d.format("%a %d %b %Y").to_string()
}

/// The limits for next week, unless a recent red flag stops them.
pub(crate) fn advice(
    load: &crate::analysis::load::Load,
    red_flags: &[RedFlag],
    config: &crate::config::Config,
    today: NaiveDate,
) -> Advice {
    let days = config.pain.red_flag_days;
    let last = load.days.last().map(|d| d.date);
    match active(red_flags, today, last, days) {
        Some(red_flag) => Advice::Withheld { red_flag, days },
        None => Advice::Limits {
            envelope: crate::analysis::envelope::envelope(load, config),
            long_run: crate::analysis::envelope::next_long_run(load, config),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Pain, RedFlags};

    fn entry(date: &str, line: usize, flags: RedFlags) -> DiaryEntry {
        DiaryEntry {
            red_flags: flags,
            ..DiaryEntry::new(line, date.parse().unwrap(), Pain::new(3.0).unwrap())
        }
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn urgency_follows_the_symptom() {
        let emergency = [
            RedFlags {
                bladder_bowel: true,
                ..RedFlags::default()
            },
            RedFlags {
                saddle_numbness: true,
                ..RedFlags::default()
            },
            RedFlags {
                saddle_numbness: true,
                fever: true,
                ..RedFlags::default()
            },
        ];
        for f in emergency {
            assert_eq!(f.urgency(), Some(Urgency::Emergency), "{f:?}");
        }
        for f in [
            RedFlags {
                weakness: true,
                ..RedFlags::default()
            },
            RedFlags {
                numbness: true,
                ..RedFlags::default()
            },
            RedFlags {
                fever: true,
                ..RedFlags::default()
            },
        ] {
            assert_eq!(f.urgency(), Some(Urgency::Urgent), "{f:?}");
        }
        assert_eq!(RedFlags::default().urgency(), None);
    }

    #[test]
    fn the_notice_puts_the_emergency_first_and_never_scores() {
        let r = find(&[
            entry(
                "2026-09-02",
                40,
                RedFlags {
                    fever: true,
                    ..RedFlags::default()
                },
            ),
            entry(
                "2026-11-10",
                90,
                RedFlags {
                    bladder_bowel: true,
                    ..RedFlags::default()
                },
            ),
        ]);
        let n = notice(&r).unwrap();
        let emergency = n.find("Get emergency care the same day").unwrap();
        let urgent = n.find("See a doctor urgently").unwrap();
        assert!(emergency < urgent, "{n}");
        assert!(n.contains("cauda equina"), "{n}");
        assert!(
            n.contains("(recorded Tue 10 Nov 2026 (bladder/bowel change))"),
            "{n}"
        );
        assert!(n.contains("(recorded Wed 02 Sep 2026 (fever))"), "{n}");
        assert!(n.starts_with("RED FLAGS: contact your clinician."));
        assert!(!n.contains('%') && !n.contains("score of"), "{n}");
        assert_eq!(notice(&[]), None);
        assert_eq!(
            summary(&r, true, 14),
            "Tue 10 Nov 2026 (bladder/bowel change): emergency care the same day; Wed 02 Sep 2026 (fever): see a doctor urgently; one is from the last 14 days, so next week's training advice is withheld."
        );
    }

    #[test]
    fn a_red_flag_is_active_for_the_set_number_of_days() {
        let r = find(&[entry(
            "2026-11-10",
            9,
            RedFlags {
                weakness: true,
                ..RedFlags::default()
            },
        )]);
        let today = d("2026-11-23");
        // 14 days including today: 10 Nov .. 23 Nov.
        assert!(active(&r, today, None, 14).is_some());
        assert!(active(&r, d("2026-11-24"), None, 14).is_none());
        assert!(active(&r, today, None, 13).is_none());
        // Old data: the window ends at the data's last day.
        assert!(active(&r, d("2027-06-01"), Some(d("2026-11-15")), 14).is_some());
        // The most urgent wins over the latest.
        let mut two = r.clone();
        two.push(RedFlag {
            date: d("2026-11-20"),
            symptoms: vec!["fever"],
            urgency: Urgency::Urgent,
            line: 12,
        });
        two[0].urgency = Urgency::Emergency;
        assert_eq!(active(&two, today, None, 14).unwrap().line, 9);
    }

    #[test]
    fn the_standing_line_says_none_or_the_last_one() {
        let none = standing_line(&[], 14);
        assert!(none.starts_with("none recorded"), "{none}");
        assert!(none.contains("A bladder or bowel change or numbness in the saddle area needs emergency care the same day"), "{none}");
        let r = find(&[entry(
            "2026-09-02",
            3,
            RedFlags {
                fever: true,
                ..RedFlags::default()
            },
        )]);
        assert!(
            standing_line(&r, 14)
                .starts_with("last recorded Wed 02 Sep 2026 (fever), more than 14 days ago"),
            "{}",
            standing_line(&r, 14)
        );
    }
}
