//! The PDF's blocks, from the same [`View`] the HTML page is rendered
//! from, in the page's order: the header, the red-flag notice and the
//! summary on page one; then the appendix: charts, flags, unexplained
//! spikes, load jumps without pain, the weeks, the activities, whether pain
//! settled, data quality and "How to read this".
//!
//! The sentences the template writes itself are the constants below; a
//! test checks the template says each of them too.

use super::{Block, Tint};
use crate::charts::Chart;
use crate::html::View;

pub(crate) const PAGE_ONE_NOTE: &str = "A flag is an association in one person's data, not a diagnosis: it says a rise in running load and a rise in pain happened close together, not that one caused the other. Charts, tables, the activities, data quality and how each number is made follow in the appendix.";
pub(crate) const NO_DIARY_NO_FLAGS: &str = "No pain diary was found, so no flags can be raised.";
pub(crate) const NONE: &str = "None in this period.";
pub(crate) const NO_JUMP_BEFORE: &str = "No load jump preceded it within the lag window.";
pub(crate) const NOT_JUDGED: &str = " (no diary entries after it: the response cannot be judged)";
pub(crate) const WEEKS_NOTE: &str = "“–” means not available: no diary entry that week, or fewer than 28 days of history for the ratios.";
pub(crate) const RUNS_NOTE: &str = "Jog, walk: minutes of each, from cadence and speed (standing excluded). Jog:walk: the typical interval, e.g. 1:4 = 1 minute jogging to 4 walking; “continuous” = no walk breaks; “speed only” or “cadence only” when the file lacked the other signal (GPX exports often have no cadence, treadmills no speed). Warm-up / cool-down: minutes walked before the first and after the last jog. Pace: moving time per kilometre or mile (min/km, min/mi), walk breaks included, so it is slower than the jogging pace. RPE: from the diary, or “(export)” when only the watch or Strava export had it (the diary wins when both do). Source: where the activity’s numbers come from: a FIT, TCX or GPX file, or a workout in an Apple Health export.";
pub(crate) const SETTLE_INTRO: &str = "After each run with diary entries the day before and the next morning: settled when next-morning pain is no more than";
pub(crate) const SCORES_NOTE: &str = "ODI: Oswestry Disability Index, 0–100 % (lower is better). RMDQ: Roland–Morris Disability Questionnaire, 0–24 (lower is better). PSFS: Patient-Specific Functional Scale, 0 (cannot do) to 10 (as before) for each activity the runner named; a day’s total is the mean of its activities. runlog stores the totals only: the questionnaires come from the clinician.";
pub(crate) const MONITORING_NOTE: &str = "The pain-monitoring model comes from Achilles tendinopathy (Silbernagel et al. 2007, Am J Sports Med 35:897–906); applying it to back pain is an extrapolation.";
pub(crate) const NEXT_WEEK: &str = "Next week's limits in full";
/// The chart page one shows where it fits, in the PDF and the page alike.
pub(crate) const PAGE_ONE_CHART: &str = "weekly_load_pain.png";
pub(crate) const FOOTER: &str =
    "Made with runlog from watch exports and a pain diary. No GPS positions or maps are included.";

/// The document title, as the page's `<title>`.
pub fn title(v: &View) -> String {
    let athlete = if v.athlete.is_empty() {
        String::new()
    } else {
        format!(" — {}", v.athlete)
    };
    format!("runlog report{athlete}, {} to {}", v.from, v.to)
}

/// A number as the template prints it (minijinja keeps a float's `.0`).
fn jinja(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.1}")
    } else {
        v.to_string()
    }
}

/// The report's blocks: page one, a page break, the appendix.
pub fn blocks(v: &View, charts: &[Chart]) -> Vec<Block> {
    let mut b = page_one(v);
    if let Some(c) = charts.iter().find(|c| c.file_name == PAGE_ONE_CHART) {
        b.push(Block::ChartIfRoom {
            svg: c.svg.clone(),
            caption: format!("{} (the appendix has the other charts).", c.title),
        });
    }
    b.push(Block::PageBreak);
    b.push(Block::Title("Appendix".into()));
    b.push(Block::Heading("Charts".into()));
    for c in charts {
        b.push(Block::Chart {
            svg: c.svg.clone(),
            caption: format!("{} — {}", c.title, c.alt),
        });
    }
    flags(v, &mut b);
    spikes_and_jumps(v, &mut b);
    tables(v, &mut b);
    if let Some(summary) = &v.settle_summary {
        b.push(Block::Heading(
            "Did pain settle by the next morning?".into(),
        ));
        b.push(Block::Paragraph(format!(
            "{SETTLE_INTRO} {} point above the day before (a guide borrowed from tendinopathy rehabilitation, Silbernagel et al. 2007).",
            jinja(v.thresholds.settle_margin)
        )));
        b.push(Block::Paragraph(summary.clone()));
        let items = v.settle.iter().map(|s| format!("{}: {}", s.date, s.text));
        b.push(Block::Bullets(items.collect()));
        for m in &v.monitoring {
            b.push(Block::Paragraph(m.clone()));
        }
        b.push(Block::Small(MONITORING_NOTE.into()));
    }
    b.push(Block::Heading("Data quality".into()));
    b.push(Block::Bullets(v.ledger.clone()));
    b.push(Block::Heading("How to read this".into()));
    for g in &v.glossary {
        b.push(Block::Subheading(g.term.clone()));
        b.push(Block::Paragraph(g.text.clone()));
    }
    b.push(Block::Small(FOOTER.into()));
    b
}

/// The header, the red-flag notice and the summary.
fn page_one(v: &View) -> Vec<Block> {
    let athlete = if v.athlete.is_empty() {
        String::new()
    } else {
        format!(": {}", v.athlete)
    };
    let mut b = vec![
        Block::Title(format!("Running and back pain{athlete}")),
        Block::Small(format!(
            "{} to {} · load measured as {} ({}) · generated {} by runlog",
            v.from, v.to, v.metric_name, v.unit, v.generated
        )),
    ];
    if let Some(notice) = &v.red_flag_notice {
        b.push(Block::Notice(notice.clone()));
    }
    b.push(Block::Heading("Summary for the physiotherapist".into()));
    let items = v.page_one.iter().map(|i| {
        let lines = i.lines.iter().map(|l| format!("\n• {l}"));
        (
            i.label.to_string(),
            i.text.clone() + &lines.collect::<String>(),
        )
    });
    b.push(Block::Definitions(items.collect()));
    b.push(Block::Aside(PAGE_ONE_NOTE.into()));
    b
}

fn field(label: impl Into<String>, text: impl Into<String>) -> Block {
    Block::Field {
        label: label.into(),
        text: text.into(),
    }
}

/// The flags' cards: the rule, the load, the runs, the pain, the evidence.
fn flags(v: &View, b: &mut Vec<Block>) {
    b.push(Block::Heading(format!(
        "Flags: load jumps followed by a pain spike ({})",
        v.flags.len()
    )));
    if !v.diary_present {
        b.push(Block::Paragraph(NO_DIARY_NO_FLAGS.into()));
    } else if v.flags.is_empty() {
        b.push(Block::Paragraph(NONE.into()));
    }
    for f in &v.flags {
        b.push(Block::Subheading(format!("Week {}", f.week)));
        b.push(Block::Paragraph(f.sentence.clone()));
        b.push(field("Rule that fired:", format!("{}.", f.rule)));
        b.push(field("Load:", format!("{}.", f.load)));
        if let Some(t) = &f.trigger {
            b.push(field("Run that crossed the line:", format!("{t}.")));
        }
        if let Some(l) = &f.longest {
            b.push(field("Longest run that week:", format!("{l}.")));
        }
        b.push(field("Runs that week:", format!("{}.", f.runs.join("; "))));
        b.push(field("Pain:", f.pain.clone()));
        if !f.notes.is_empty() {
            b.push(field("Diary notes around it:", f.notes.join("; ")));
        }
        for e in &f.evidence {
            b.push(Block::Small((*e).to_string()));
        }
    }
}

fn spikes_and_jumps(v: &View, b: &mut Vec<Block>) {
    b.push(Block::Heading(format!(
        "Pain spikes not explained by load in this data ({})",
        v.unexplained.len()
    )));
    if v.unexplained.is_empty() {
        b.push(Block::Paragraph(NONE.into()));
    }
    for s in &v.unexplained {
        b.push(field(
            format!("{}:", s.date),
            format!("{}. {NO_JUMP_BEFORE}", s.text),
        ));
        if !s.notes.is_empty() {
            b.push(field("Diary notes around it:", s.notes.join("; ")));
        }
    }
    b.push(Block::Heading(format!(
        "Load jumps without a pain response ({})",
        v.quiet_jumps.len()
    )));
    if v.quiet_jumps.is_empty() {
        b.push(Block::Paragraph(NONE.into()));
    }
    for j in &v.quiet_jumps {
        let judged = if j.judged { "" } else { NOT_JUDGED };
        b.push(field(
            format!("Week {}:", j.week),
            format!("{}. {}{judged}", j.text, j.runs),
        ));
    }
    for m in &v.monotony_notes {
        b.push(Block::Aside(m.clone()));
    }
    if let Some(n) = &v.next_week {
        b.push(Block::Heading(NEXT_WEEK.into()));
        b.push(Block::Paragraph(n.clone()));
    }
}

fn strings<const N: usize>(cells: [&str; N]) -> Vec<String> {
    cells.iter().map(|s| s.to_string()).collect()
}

/// The weeks and the activities, every column of the page's tables.
fn tables(v: &View, b: &mut Vec<Block>) {
    let days_over = format!("Days ≥ {}", jinja(v.thresholds.pain_threshold));
    let header = strings([
        "Week",
        "Mon",
        "Runs",
        v.distance_unit,
        "Min",
        "Load",
        "Change",
        "ACWR",
        "EWMA ACWR",
        "Monotony",
        "Pain mean",
        "Pain max",
        &days_over,
        "Baseline",
        "Marks",
    ]);
    let rows = v.weeks.iter().map(|w| {
        vec![
            w.week.clone(),
            w.start.clone(),
            w.runs.to_string(),
            w.km.clone(),
            w.minutes.clone(),
            w.load.clone(),
            w.change.clone(),
            w.acwr.clone(),
            w.acwr_ewma.clone(),
            w.monotony.clone(),
            w.pain_mean.clone(),
            w.pain_max.clone(),
            w.days_over.to_string(),
            w.baseline.clone(),
            w.marks.clone(),
        ]
    });
    let tints = v.weeks.iter().map(|w| match w.row_class {
        "flag" => Tint::Flag,
        "jump" => Tint::Jump,
        _ => Tint::None,
    });
    b.push(Block::Heading("Weeks".into()));
    b.push(Block::Table {
        header,
        rows: rows.collect(),
        tints: tints.collect(),
    });
    b.push(Block::Small(WEEKS_NOTE.into()));
    scores(v, b);

    let header = strings([
        "Start (local)",
        "Type",
        "Name",
        "Min",
        "Jog",
        "Walk",
        "Jog:walk",
        "Warm-up / cool-down walk",
        v.distance_unit,
        v.pace_unit,
        "Avg HR",
        "Load",
        "RPE",
        "Source",
        "File",
    ]);
    let rows = v.runs.iter().map(|r| {
        vec![
            r.date.clone(),
            r.sport.clone(),
            r.name.clone(),
            r.minutes.clone(),
            r.jog.clone(),
            r.walk.clone(),
            r.ratio.clone(),
            r.warm_cool.clone(),
            r.km.clone(),
            r.pace.clone(),
            r.avg_hr.clone(),
            r.load.clone(),
            r.rpe.clone(),
            r.source.clone(),
            r.file.clone(),
        ]
    });
    b.push(Block::Heading("Activities".into()));
    b.push(Block::Table {
        header,
        rows: rows.collect(),
        tints: Vec::new(),
    });
    b.push(Block::Small(RUNS_NOTE.into()));
}

/// The period's questionnaire scores, when there are any.
fn scores(v: &View, b: &mut Vec<Block>) {
    if v.scores.is_empty() {
        return;
    }
    let header = strings(["Date", "Measure", "Score", "PSFS activity"]);
    let rows = v.scores.iter().map(|s| {
        vec![
            s.date.clone(),
            s.measure.to_string(),
            s.value.clone(),
            s.activity.clone(),
        ]
    });
    b.push(Block::Heading("Outcome measures".into()));
    b.push(Block::Table {
        header,
        rows: rows.collect(),
        tints: Vec::new(),
    });
    b.push(Block::Small(SCORES_NOTE.into()));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sentences the template writes itself are the PDF's too.
    #[test]
    fn the_template_says_the_same_fixed_sentences() {
        let template = include_str!("../templates/report.html");
        for s in [
            PAGE_ONE_NOTE,
            NO_DIARY_NO_FLAGS,
            NONE,
            NO_JUMP_BEFORE,
            NOT_JUDGED,
            WEEKS_NOTE,
            RUNS_NOTE,
            FOOTER,
            NEXT_WEEK,
            SETTLE_INTRO,
            SCORES_NOTE,
            MONITORING_NOTE,
            "Summary for the physiotherapist",
            "Did pain settle by the next morning?",
            "Flags: load jumps followed by a pain spike (",
            "Pain spikes not explained by load in this data (",
            "Load jumps without a pain response (",
            "How to read this",
            "Warm-up / cool-down walk",
        ] {
            assert!(template.contains(s), "the template lacks {s:?}");
        }
    }

    #[test]
    fn numbers_print_as_the_template_prints_them() {
        assert_eq!(jinja(5.0), "5.0");
        assert_eq!(jinja(1.5), "1.5");
        assert_eq!(jinja(0.25), "0.25");
    }
}
