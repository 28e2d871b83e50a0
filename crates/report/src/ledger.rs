//! Data quality: how much to trust each number, said once for the
//! appendix (which activities had no heart rate, what was left out and
//! why, what the import worked around).

use crate::view::shown_source;
use runlog_core::analysis::Analysis;

/// Which activities had no heart rate and how their heart-rate load
/// (TRIMP) was estimated, named so the physiotherapist can discount them.
fn no_heart_rate(p: &Analysis) -> String {
    let est: Vec<String> = p
        .load
        .runs
        .iter()
        .filter(|r| r.trimp_estimated)
        .map(|r| format!("{} {}", r.date.format("%a %-d %b"), r.kind.as_str()))
        .collect();
    if est.is_empty() {
        return "All with heart rate.".into();
    }
    let e = p.load.trimp_estimate;
    let how = if e.from_runs > 0 {
        format!(
            "the median TRIMP per minute of the {} runs with heart rate",
            e.from_runs
        )
    } else {
        "an easy effort's (60 % of heart-rate reserve), as no run has heart rate".into()
    };
    const NAMED: usize = 12;
    let more = match est.len().saturating_sub(NAMED) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    format!(
        "{} without heart rate, their heart-rate load (TRIMP) estimated as minutes × {:.2}, {how}: {}{more}.",
        est.len(),
        e.per_min,
        est[..est.len().min(NAMED)].join(", ")
    )
}

/// A questionnaire scored twice on a day counts once, the later row: say
/// which rows that left out, so no value on the page looks made up.
fn replaced_scores(p: &Analysis) -> Option<String> {
    let rows = runlog_core::analysis::outcomes::replaced(&p.scores);
    if rows.is_empty() {
        return None;
    }
    let list: Vec<String> = rows
        .iter()
        .map(|s| {
            let what = s
                .activity
                .as_deref()
                .map(|a| format!(" ({a})"))
                .unwrap_or_default();
            format!(
                "{}{what} of {} on line {} ({})",
                s.measure.name().to_uppercase(),
                s.date.format("%-d %b %Y"),
                s.line,
                runlog_core::numbers::num1(s.value)
            )
        })
        .collect();
    Some(format!(
        "Scored twice on one day, the later row counts: scores.csv keeps both, the report leaves out {}.",
        list.join("; ")
    ))
}

/// How much to trust each number.
pub(crate) fn ledger(p: &Analysis) -> Vec<String> {
    let runs = &p.load.runs;
    let mut out = Vec::new();
    let dups: usize = runs.iter().map(|r| r.duplicates).sum();
    out.push(format!(
        "{} activities; {dups} duplicate export(s) merged into them.",
        runs.len()
    ));
    out.push(no_heart_rate(p));
    out.push(format!(
        "{} without GPS.",
        runs.iter().filter(|r| !r.has_gps).count()
    ));
    let paused = runs
        .iter()
        .filter(|r| r.elapsed_min > 0.0 && (r.elapsed_min - r.minutes) / r.elapsed_min > 0.2)
        .count();
    out.push(format!(
        "{paused} with moving time more than 20 % below elapsed time (long stops)."
    ));
    if p.diary_present {
        let days = p.load.days.len();
        let with = p.load.days.iter().filter(|d| d.pain_mean.is_some()).count();
        out.push(format!(
            "Diary: entries on {with} of {days} days ({} days missing); {} diary row(s) skipped as unreadable.",
            days - with,
            p.diary_rows_skipped
        ));
    } else {
        out.push("No pain diary.".into());
    }
    if let Some(line) = replaced_scores(p) {
        out.push(line);
    }
    if !p.unplaced.is_empty() {
        let list: Vec<String> = p
            .unplaced
            .iter()
            .map(|(source, start, why)| {
                format!(
                    "{} ({}, {why})",
                    shown_source(source),
                    start.format("%Y-%m-%d")
                )
            })
            .collect();
        out.push(format!(
            "{} activit{} left out of every number above because the date cannot be right (the watch's clock was probably not set): {}.",
            list.len(),
            if list.len() == 1 { "y" } else { "ies" },
            list.join("; ")
        ));
    }
    if !p.load.unplaced_diary.is_empty() {
        let list: Vec<String> = p
            .load
            .unplaced_diary
            .iter()
            .map(|u| format!("line {} ({}, {})", u.line, u.date, u.why))
            .collect();
        out.push(format!(
            "{} diary row(s) in pain.csv left out of every number above because the date cannot be right (a typo in the year?): {}.",
            list.len(),
            list.join("; ")
        ));
    }
    if !p.import_notes.is_empty() {
        let list: Vec<String> = p
            .import_notes
            .iter()
            .map(|(file, what)| format!("{}: {what}", shown_source(file)))
            .collect();
        out.push(format!(
            "Imported with a problem worked around: {}.",
            list.join("; ")
        ));
    }
    if !p.skipped_files.is_empty() {
        let list: Vec<String> = p
            .skipped_files
            .iter()
            .map(|(file, why)| format!("{} ({why})", shown_source(file)))
            .collect();
        out.push(format!(
            "{} export file(s) could not be imported and are in no number above: {}.",
            list.len(),
            list.join("; ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn the_ledger_lists_diary_rows_left_out_for_their_date() {
        let mut a = Analysis::default();
        assert!(!ledger(&a).iter().any(|l| l.contains("diary row")));
        a.load
            .unplaced_diary
            .push(runlog_core::analysis::load::UnplacedEntry {
                line: 7,
                date: NaiveDate::from_ymd_opt(9999, 12, 31).unwrap(),
                why: "in the future",
            });
        let l = ledger(&a);
        assert!(
            l.iter()
                .any(|l| l.starts_with("1 diary row(s) in pain.csv left out")
                    && l.contains("line 7 (9999-12-31, in the future)")),
            "{l:?}"
        );
    }

    /// Issues #13 and #14: files not imported and problems worked around
    /// reach the physiotherapist's data-quality list.
    #[test]
    fn the_ledger_lists_skipped_files_and_import_notes() {
        let mut a = Analysis::default();
        a.skipped_files
            .push(("exports/x.fit".into(), "cannot read: busy".into()));
        a.import_notes.push((
            "exports/y.tcx".into(),
            "distance 42.3 km is impossible; the laps' 0.3 km used".into(),
        ));
        let l = ledger(&a);
        assert!(
            l.iter()
                .any(|l| l.contains("exports/x.fit (cannot read: busy)")),
            "{l:?}"
        );
        assert!(
            l.iter()
                .any(|l| l.contains("exports/y.tcx: distance 42.3 km is impossible")),
            "{l:?}"
        );
    }
}
