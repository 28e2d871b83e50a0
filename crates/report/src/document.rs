//! The report as one document: headings, sentences, fields, lists, tables
//! and charts, built once from the [`View`] in reading order. `html` and
//! `pdf` only render these blocks, each in its own way; neither writes a
//! sentence of its own, so report.html and report.pdf cannot say different
//! things (issue #31). The page's template keeps the layout and the CSS.

use crate::charts::Chart;
use crate::view::View;

/// The page's ids and classes ride along with each block, so the HTML
/// keeps its anchors and its print rules; the PDF ignores them.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The title and the line under it.
    Header {
        title: String,
        meta: String,
    },
    /// The red-flag notice, in its box, before anything else.
    Notice(String),
    /// The start of a section: an anchor on the page (`id`) and its rules
    /// (`class`); it runs to the next `Section`.
    Section {
        id: &'static str,
        class: Option<&'static str>,
    },
    /// The appendix's title: page one ends here.
    Appendix,
    Heading(String),
    Subheading(String),
    Paragraph(String),
    /// Small grey text: evidence, table notes.
    Small(String),
    /// Text in a box: a note beside the text.
    Note(String),
    /// A paragraph that starts with a bold label.
    Field {
        label: String,
        text: String,
    },
    /// Blocks that belong together (a flag, a spike, a load jump), kept on
    /// one page; `kind` is "flag", "spike" or "quiet".
    Card {
        kind: &'static str,
        blocks: Vec<Block>,
    },
    /// Page one's labelled items.
    Items(Vec<crate::summary::Item>),
    /// A bulleted list; an item may carry a class ("notsettled").
    Bullets(Vec<(String, Option<&'static str>)>),
    Table(Table),
    /// The chart `index` of the report's charts, with its caption; on page
    /// one (`page_one`) the page shows it on screen only.
    Chart {
        index: usize,
        caption: String,
        page_one: bool,
    },
    /// Terms and what they mean ("How to read this").
    Terms(Vec<(String, String)>),
    Footer(String),
}

/// How a column's cells are set: numbers right-aligned, text wrapped at
/// spaces, file names also after `-`, `_`, `.` and `/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    Number,
    Text,
    File,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub id: &'static str,
    pub columns: Vec<(String, Cell)>,
    pub rows: Vec<Vec<String>>,
    /// Per row: "flag", "jump" or "" (the page's row classes).
    pub marks: Vec<&'static str>,
}

pub(crate) const PAGE_ONE_NOTE: &str = "A flag is an association in one person's data, not a diagnosis: it says a rise in running load and a rise in pain happened close together, not that one caused the other. Charts, tables, the activities, data quality and how each number is made follow in the appendix.";
const NO_DIARY_NO_FLAGS: &str = "No pain diary was found, so no flags can be raised.";
const NONE: &str = "None in this period.";
const NO_JUMP_BEFORE: &str = "No load jump preceded it within the lag window.";
const NOT_JUDGED: &str = " (no diary entries after it: the response cannot be judged)";
const WEEKS_NOTE: &str = "“–” means not available: no diary entry that week, or fewer than 28 days of history for the ratios.";
const RUNS_NOTE: &str = "Jog, walk: minutes of each, from cadence and speed (standing excluded). Jog:walk: the typical interval, e.g. 1:4 = 1 minute jogging to 4 walking; “continuous” = no walk breaks; “speed only” or “cadence only” when the file lacked the other signal (GPX exports often have no cadence, treadmills no speed). Warm-up / cool-down: minutes walked before the first and after the last jog. Pace: moving time per kilometre or mile (min/km, min/mi), walk breaks included, so it is slower than the jogging pace. RPE: from the diary, or “(export)” when only the watch or Strava export had it (the diary wins when both do). Source: where the activity’s numbers come from: a FIT, TCX or GPX file, or a workout in an Apple Health export.";
const SCORES_NOTE: &str = "ODI: Oswestry Disability Index, 0–100 % (lower is better). RMDQ: Roland–Morris Disability Questionnaire, 0–24 (lower is better). PSFS: Patient-Specific Functional Scale, 0 (cannot do) to 10 (as before) for each activity the runner named; a day’s total is the mean of its activities. runlog stores the totals only: the questionnaires come from the clinician.";
const MONITORING_NOTE: &str = "The pain-monitoring model comes from Achilles tendinopathy (Silbernagel et al. 2007, Am J Sports Med 35:897–906); applying it to back pain is an extrapolation.";
const FOOTER: &str =
    "Made with runlog from watch exports and a pain diary. No GPS positions or maps are included.";
/// The chart page one shows on screen, when the period has activities.
pub(crate) const PAGE_ONE_CHART: &str = "weekly_load_pain.png";

/// The document title: the page's `<title>`, the PDF's metadata and footer.
pub fn title(v: &View) -> String {
    format!("runlog report — {}, {} to {}", v.athlete, v.from, v.to)
}

/// The whole report in reading order: page one, then the appendix.
pub fn build(v: &View, charts: &[Chart]) -> Vec<Block> {
    let mut b = page_one(v, charts);
    b.push(Block::Appendix);
    b.push(Block::Section {
        id: "charts",
        class: None,
    });
    b.push(Block::Heading("Charts".into()));
    for (index, c) in charts.iter().enumerate() {
        b.push(Block::Chart {
            index,
            caption: format!("{} — {}", c.title, c.alt),
            page_one: false,
        });
    }
    flags(v, &mut b);
    spikes_and_jumps(v, &mut b);
    tables(v, &mut b);
    settle(v, &mut b);
    b.push(Block::Section {
        id: "quality",
        class: None,
    });
    b.push(Block::Heading("Data quality".into()));
    b.push(Block::Bullets(
        v.ledger.iter().map(|l| (l.clone(), None)).collect(),
    ));
    b.push(Block::Section {
        id: "how-to-read",
        class: None,
    });
    b.push(Block::Heading("How to read this".into()));
    b.push(Block::Terms(
        v.glossary
            .iter()
            .map(|g| (g.term.clone(), g.text.clone()))
            .collect(),
    ));
    b.push(Block::Footer(FOOTER.into()));
    b
}

/// The header, the red-flag notice and the summary.
fn page_one(v: &View, charts: &[Chart]) -> Vec<Block> {
    let mut b = vec![Block::Header {
        title: format!("Running and back pain: {}", v.athlete),
        meta: format!(
            "{} to {} · load measured as {} ({}) · generated {} by runlog",
            v.from, v.to, v.metric_name, v.unit, v.generated
        ),
    }];
    if let Some(notice) = &v.red_flag_notice {
        b.push(Block::Notice(notice.clone()));
    }
    b.push(Block::Section {
        id: "summary",
        class: Some("page-one"),
    });
    b.push(Block::Heading("Summary for the physiotherapist".into()));
    b.push(Block::Items(v.page_one.clone()));
    b.push(Block::Note(PAGE_ONE_NOTE.into()));
    let chart = charts.iter().position(|c| c.file_name == PAGE_ONE_CHART);
    if let Some(index) = chart.filter(|_| v.counts.activities > 0) {
        b.push(Block::Chart {
            index,
            caption: format!(
                "{} (the appendix has the other charts).",
                charts[index].title
            ),
            page_one: true,
        });
    }
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
    b.push(Block::Section {
        id: "flags",
        class: None,
    });
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
        let mut card = vec![
            Block::Subheading(format!("Week {}", f.week)),
            Block::Paragraph(f.sentence.clone()),
            field("Rule that fired:", format!("{}.", f.rule)),
            field("Load:", format!("{}.", f.load)),
        ];
        if let Some(t) = &f.trigger {
            card.push(field("Run that crossed the line:", format!("{t}.")));
        }
        if let Some(l) = &f.longest {
            card.push(field("Longest run that week:", format!("{l}.")));
        }
        card.push(field("Runs that week:", format!("{}.", f.runs.join("; "))));
        card.push(field("Pain:", f.pain.clone()));
        if !f.notes.is_empty() {
            card.push(field("Diary notes around it:", f.notes.join("; ")));
        }
        card.extend(f.evidence.iter().map(|e| Block::Small((*e).to_string())));
        b.push(Block::Card {
            kind: "flag",
            blocks: card,
        });
    }
}

fn spikes_and_jumps(v: &View, b: &mut Vec<Block>) {
    b.push(Block::Section {
        id: "unexplained",
        class: None,
    });
    b.push(Block::Heading(format!(
        "Pain spikes not explained by load in this data ({})",
        v.unexplained.len()
    )));
    if v.unexplained.is_empty() {
        b.push(Block::Paragraph(NONE.into()));
    }
    for s in &v.unexplained {
        let mut card = vec![field(
            format!("{}:", s.date),
            format!("{}. {NO_JUMP_BEFORE}", s.text),
        )];
        if !s.notes.is_empty() {
            card.push(field("Diary notes around it:", s.notes.join("; ")));
        }
        b.push(Block::Card {
            kind: "spike",
            blocks: card,
        });
    }
    b.push(Block::Section {
        id: "quiet-jumps",
        class: None,
    });
    b.push(Block::Heading(format!(
        "Load jumps without a pain response ({})",
        v.quiet_jumps.len()
    )));
    if v.quiet_jumps.is_empty() {
        b.push(Block::Paragraph(NONE.into()));
    }
    for j in &v.quiet_jumps {
        let judged = if j.judged { "" } else { NOT_JUDGED };
        b.push(Block::Card {
            kind: "quiet",
            blocks: vec![field(
                format!("Week {}:", j.week),
                format!("{}. {}{judged}", j.text, j.runs),
            )],
        });
    }
    b.extend(v.monotony_notes.iter().map(|m| Block::Note(m.clone())));
    if let Some(n) = &v.next_week {
        b.push(Block::Section {
            id: "next-week",
            class: None,
        });
        b.push(Block::Heading("Next week's limits in full".into()));
        b.push(Block::Paragraph(n.clone()));
    }
}

fn columns<const N: usize>(cells: [(&str, Cell); N]) -> Vec<(String, Cell)> {
    cells.iter().map(|(h, k)| (h.to_string(), *k)).collect()
}

/// The weeks table's columns: the glossary explains these and no others.
pub(crate) fn week_columns(distance_unit: &str, days_over: &str) -> Vec<(String, Cell)> {
    use Cell::{Number, Text};
    columns([
        ("Week", Number),
        ("Mon", Number),
        ("Runs", Number),
        (distance_unit, Number),
        ("Min", Number),
        ("Load", Number),
        ("Change", Number),
        ("ACWR", Number),
        ("EWMA ACWR", Number),
        ("Monotony", Number),
        ("Pain mean", Number),
        ("Pain max", Number),
        (days_over, Number),
        ("Baseline", Number),
        ("Marks", Text),
    ])
}

/// The weeks, the scores and the activities.
fn tables(v: &View, b: &mut Vec<Block>) {
    use Cell::{File, Number, Text};
    let days_over = format!("Days ≥ {}", runlog_core::numbers::num1(v.pain_threshold));
    b.push(Block::Section {
        id: "weeks",
        class: None,
    });
    b.push(Block::Heading("Weeks".into()));
    b.push(Block::Table(Table {
        id: "weeks-table",
        columns: week_columns(v.distance_unit, &days_over),
        rows: v.weeks.iter().map(|w| w.cells()).collect(),
        marks: v.weeks.iter().map(|w| w.row_class).collect(),
    }));
    b.push(Block::Small(WEEKS_NOTE.into()));
    if !v.scores.is_empty() {
        b.push(Block::Section {
            id: "scores",
            class: None,
        });
        b.push(Block::Heading("Outcome measures".into()));
        b.push(Block::Table(Table {
            id: "scores-table",
            columns: columns([
                ("Date", Number),
                ("Measure", Text),
                ("Score", Number),
                ("PSFS activity", Text),
            ]),
            rows: v
                .scores
                .iter()
                .map(|s| {
                    vec![
                        s.date.clone(),
                        s.measure.to_string(),
                        s.value.clone(),
                        s.activity.clone(),
                    ]
                })
                .collect(),
            marks: Vec::new(),
        }));
        b.push(Block::Small(SCORES_NOTE.into()));
    }
    b.push(Block::Section {
        id: "runs",
        class: None,
    });
    b.push(Block::Heading("Activities".into()));
    b.push(Block::Table(Table {
        id: "runs-table",
        columns: columns([
            ("Start (local)", Number),
            ("Type", Text),
            ("Name", Text),
            ("Min", Number),
            ("Jog", Number),
            ("Walk", Number),
            ("Jog:walk", Number),
            ("Warm-up / cool-down walk", Number),
            (v.distance_unit, Number),
            (v.pace_unit, Number),
            ("Avg HR", Number),
            ("Load", Number),
            ("RPE", Number),
            ("Source", Text),
            ("File", File),
        ]),
        rows: v.runs.iter().map(|r| r.cells()).collect(),
        marks: Vec::new(),
    }));
    b.push(Block::Small(RUNS_NOTE.into()));
}

/// Whether pain settled by the next morning, and the pain-monitoring
/// model's other two parts.
fn settle(v: &View, b: &mut Vec<Block>) {
    let Some(summary) = &v.settle_summary else {
        return;
    };
    b.push(Block::Section {
        id: "settle",
        class: None,
    });
    b.push(Block::Heading(
        "Did pain settle by the next morning?".into(),
    ));
    b.push(Block::Paragraph(format!(
        "After each run with diary entries the day before and the next morning: settled when next-morning pain is no more than {} above the day before (a guide borrowed from tendinopathy rehabilitation, Silbernagel et al. 2007).",
        runlog_core::numbers::points(v.settle_margin)
    )));
    b.push(Block::Paragraph(summary.clone()));
    if !v.settle.is_empty() {
        b.push(Block::Bullets(
            v.settle
                .iter()
                .map(|s| {
                    let class = if s.settled {
                        "settled-but"
                    } else {
                        "notsettled"
                    };
                    (format!("{}: {}", s.date, s.text), Some(class))
                })
                .collect(),
        ));
    }
    b.extend(v.monitoring.iter().map(|m| Block::Paragraph(m.clone())));
    b.push(Block::Small(MONITORING_NOTE.into()));
}
