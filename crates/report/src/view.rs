//! The period as the report says it: every sentence, number and table
//! cell as display-ready text, made once from the period's analysis
//! (`Period`); `document` lays it out and `html`/`pdf` render that.

use chrono::NaiveDate;
use runlog_core::analysis::Analysis;
use runlog_core::analysis::flags::{Flag, Jump, red_flag_notice};
use runlog_core::analysis::load::{RunLoad, Week};
use runlog_core::analysis::period::{Counts, Period};
use runlog_core::analysis::spikes::Spike;
use runlog_core::config::Config;
use runlog_core::diary::scores::Measure;
use runlog_core::text::shortened;
use runlog_core::units::Units;

pub(crate) struct FlagView {
    pub(crate) sentence: String,
    pub(crate) week: String,
    pub(crate) rule: String,
    pub(crate) evidence: Vec<&'static str>,
    pub(crate) load: String,
    pub(crate) trigger: Option<String>,
    pub(crate) longest: Option<String>,
    pub(crate) runs: Vec<String>,
    pub(crate) pain: String,
    pub(crate) notes: Vec<String>,
}

pub(crate) struct SpikeView {
    pub(crate) date: String,
    pub(crate) text: String,
    pub(crate) notes: Vec<String>,
}

pub(crate) struct JumpView {
    pub(crate) week: String,
    pub(crate) text: String,
    pub(crate) runs: String,
    pub(crate) judged: bool,
}

pub(crate) struct WeekView {
    pub(crate) week: String,
    pub(crate) start: String,
    pub(crate) runs: u32,
    pub(crate) km: String,
    pub(crate) minutes: String,
    pub(crate) load: String,
    pub(crate) change: String,
    pub(crate) acwr: String,
    pub(crate) acwr_ewma: String,
    pub(crate) monotony: String,
    pub(crate) pain_mean: String,
    pub(crate) pain_max: String,
    pub(crate) days_over: u32,
    pub(crate) baseline: String,
    pub(crate) marks: String,
    pub(crate) row_class: &'static str,
}

pub(crate) struct RunView {
    pub(crate) date: String,
    pub(crate) sport: String,
    pub(crate) name: String,
    pub(crate) minutes: String,
    pub(crate) jog: String,
    pub(crate) walk: String,
    pub(crate) ratio: String,
    pub(crate) warm_cool: String,
    pub(crate) km: String,
    /// Moving time per km or mile (`6:05`), as the watch shows it.
    pub(crate) pace: String,
    pub(crate) avg_hr: String,
    pub(crate) load: String,
    pub(crate) rpe: String,
    /// Where the numbers came from: "FIT", "GPX", "TCX", "Apple Health".
    pub(crate) source: String,
    pub(crate) file: String,
}

/// One row of the appendix's outcome-measures table.
pub(crate) struct ScoreView {
    pub(crate) date: String,
    pub(crate) measure: &'static str,
    pub(crate) value: String,
    pub(crate) activity: String,
}

pub(crate) struct SettleView {
    pub(crate) date: String,
    pub(crate) text: String,
    pub(crate) settled: bool,
}

/// Everything the template shows, for one period.
pub struct View {
    pub(crate) athlete: String,
    pub(crate) from: String,
    pub(crate) to: String,
    pub(crate) generated: String,
    pub(crate) metric_name: String,
    pub(crate) unit: String,
    /// "km" or "mi" ([display] units): the distance columns' unit.
    pub(crate) distance_unit: &'static str,
    /// "min/km" or "min/mi": the pace column's unit.
    pub(crate) pace_unit: &'static str,
    pub(crate) red_flag_notice: Option<String>,
    /// Page one: what a physiotherapist reads in a minute.
    pub(crate) page_one: Vec<crate::summary::Item>,
    pub(crate) diary_present: bool,
    pub(crate) flags: Vec<FlagView>,
    pub(crate) unexplained: Vec<SpikeView>,
    pub(crate) quiet_jumps: Vec<JumpView>,
    pub(crate) monotony_notes: Vec<String>,
    /// Next week's limit with the ratio rules' context, or why none.
    pub(crate) next_week: Option<String>,
    pub(crate) weeks: Vec<WeekView>,
    /// The period's questionnaire scores, oldest first.
    pub(crate) scores: Vec<ScoreView>,
    pub(crate) runs: Vec<RunView>,
    /// One sentence on the next-morning rule over the period's runs, and
    /// the runs that are exceptions to it (did not settle, or settled but
    /// pain rose after them in a flag).
    pub(crate) settle_summary: Option<String>,
    pub(crate) settle: Vec<SettleView>,
    /// Pain during the runs and the week-to-week rule, in sentences.
    pub(crate) monitoring: Vec<String>,
    pub(crate) ledger: Vec<String>,
    /// The diary's pain threshold, for the weeks' "Days ≥" column.
    pub(crate) pain_threshold: f64,
    /// The next-morning rule's margin, in points.
    pub(crate) settle_margin: f64,
    /// "How to read this", generated from the settings.
    pub(crate) glossary: Vec<crate::glossary::Term>,
    pub weeks_full: Vec<Week>,
    pub analysis: Analysis,
    pub counts: Counts,
}

/// Whole numbers; adding 0.0 turns a -0.0 (which prints as "-0") into 0.
fn n0(v: f64) -> String {
    format!("{:.0}", v.round() + 0.0)
}
/// One decimal; `+ 0.0` prints a rounded -0.04 as "0.0", not "-0.0".
fn n1(v: f64) -> String {
    format!("{:.1}", runlog_core::metrics::round(v, 1) + 0.0)
}
fn opt(v: Option<f64>, f: fn(f64) -> String) -> String {
    v.map(f).unwrap_or_else(|| "–".into())
}
fn date(d: NaiveDate) -> String {
    d.format("%a %d %b %Y").to_string()
}

impl View {
    /// Everything the page shows, from the period's one cut.
    pub fn build(period: &Period<'_>, config: &Config, generated: &str) -> View {
        let p = period.a.clone();
        let (from, to) = (period.span.from, period.span.to);
        let metric = config.load.metric;
        let unit = metric.unit(config.display.units).to_string();
        let units = config.display.units;
        let weeks: Vec<WeekView> = p
            .load
            .weeks
            .iter()
            .map(|w| week_view(w, &unit, units))
            .collect();
        let settle = settle_exceptions(&p);
        View {
            athlete: athlete(config),
            from: date(from),
            to: date(to),
            generated: generated.to_string(),
            metric_name: metric.name().into(),
            distance_unit: units.label(),
            pace_unit: units.pace_label(),
            unit: unit.clone(),
            red_flag_notice: red_flag_notice(&p.red_flags),
            page_one: crate::summary::page_one(period, config),
            diary_present: p.diary_present,
            flags: p.flags.iter().map(|f| flag_view(f, config, &unit, &p)).collect(),
            unexplained: p.unexplained.iter().map(|s| spike_view(s, &p)).collect(),
            quiet_jumps: p.quiet_jumps.iter().map(|j| jump_view(j, config, &unit)).collect(),
            monotony_notes: p
                .monotony_notes
                .iter()
                .map(|(w, m)| format!("Week {w}: monotony {m:.2}, above {} — the days were very alike in load, with little variation between harder and easier days.", config.load.monotony_high))
                .collect(),
            next_week: next_week_detail(&p, config, &unit),
            weeks,
            counts: period.counts.clone(),
            scores: p
                .scores
                .iter()
                .map(|s| ScoreView {
                    date: date(s.date),
                    measure: match s.measure {
                        Measure::Odi => "ODI (%)",
                        Measure::Rmdq => "RMDQ (0–24)",
                        Measure::Psfs => "PSFS (0–10)",
                    },
                    value: crate::summary::num1(s.value),
                    activity: s.activity.clone().unwrap_or_default(),
                })
                .collect(),
            runs: p.load.runs.iter().map(|r| run_view(r, &unit, units)).collect(),
            settle_summary: settle_summary(period, settle.len()),
            settle,
            monitoring: crate::summary::monitoring_lines(&p, config),
            ledger: crate::ledger::ledger(&p),
            glossary: crate::glossary::terms(config),
            pain_threshold: config.pain.threshold,
            settle_margin: config.pain.settle_margin,
            weeks_full: p.load.weeks.clone(),
            analysis: p,
        }
    }

    /// The three lines `runlog report` prints.
    pub fn summary_lines(&self) -> Vec<String> {
        vec![
            format!(
                "period: {} to {}, {} weeks, {}, {} minutes",
                self.from,
                self.to,
                self.weeks_full.len(),
                self.counts.activities_text(),
                runlog_core::numbers::whole(self.counts.minutes)
            ),
            format!(
                "flags: {} (load jump then pain spike); {} pain spike(s) not explained by load; {} load jump(s) without pain",
                self.flags.len(),
                self.unexplained.len(),
                self.quiet_jumps.len()
            ),
            match &self.red_flag_notice {
                Some(_) => format!(
                    "RED FLAGS in the diary{}: see the top of the report and contact your clinician",
                    self.analysis
                        .red_flags
                        .last()
                        .map(|r| format!(", the last on {}", r.date))
                        .unwrap_or_default()
                ),
                None if !self.diary_present => {
                    "no pain diary found: the report shows load alone".into()
                }
                None => "no red-flag symptoms recorded".into(),
            },
        ]
    }
}

/// Diary notes from two days before to two days after `day`: what the
/// runner wrote around a spike is often the best clue to it.
fn notes_around(p: &Analysis, day: NaiveDate) -> Vec<String> {
    p.diary_entries
        .iter()
        .filter(|e| (e.date - day).num_days().abs() <= 2)
        .filter_map(|e| {
            e.notes
                .as_ref()
                .map(|n| format!("{}: {n}", e.date.format("%a %d %b")))
        })
        .collect()
}

fn flag_view(f: &Flag, config: &Config, unit: &str, p: &Analysis) -> FlagView {
    let j = &f.jump;
    let s = &f.spike;
    FlagView {
        sentence: f.sentence.clone(),
        week: week_title(&f.week, f.jump.week_start),
        rule: f.rule.describe(config),
        evidence: f.rule.evidence(),
        load: load_text(j, unit, config),
        trigger: j
            .trigger_run
            .as_ref()
            .map(|r| r.describe(config.display.units)),
        longest: j
            .longest_run
            .as_ref()
            .map(|r| r.describe(config.display.units)),
        runs: j
            .runs
            .iter()
            .map(|r| r.describe(config.display.units))
            .collect(),
        pain: spike_text(s, config),
        notes: notes_around(p, s.date),
    }
}

/// E.g. "2.5 on Fri 25 Sep 2026 before the run; 5.5 on Mon 28 Sep 2026, the
/// highest of the episode. Baseline 2.1; …".
fn spike_text(s: &Spike, config: &Config) -> String {
    let before = s
        .before
        .map(|(d, v)| format!("{v:.1} on {} before the run; ", date(d)))
        .unwrap_or_default();
    let peak = if s.peak_date == s.date {
        String::from(", the highest of the episode")
    } else {
        format!(", rising to {:.1} on {}", s.peak, date(s.peak_date))
    };
    let first = format!("{:.1} on {}", s.pain, date(s.date));
    format!(
        "{before}{first}{peak}. Baseline {:.1}; a spike is at least {} points above it.",
        s.baseline, config.pain.spike_points
    )
}

/// The jump's numbers: the week's load against the week before, its
/// chronic load and recent peak, the EWMA ratio, and each single long run
/// against the longest of the window before it.
fn load_text(j: &Jump, unit: &str, config: &Config) -> String {
    let mut s = runlog_core::analysis::flags::load_evidence(j, unit, config);
    for spike in &j.session_spikes {
        s.push_str(&format!("; single run: {}", spike.describe(config)));
    }
    s
}

fn spike_view(s: &Spike, p: &Analysis) -> SpikeView {
    SpikeView {
        date: date(s.date),
        text: format!(
            "pain {:.1} against a baseline of {:.1} (peak {:.1} on {}){}",
            s.pain,
            s.baseline,
            s.peak,
            date(s.peak_date),
            s.before
                .map(|(d, v)| format!("; {v:.1} on {} before", date(d)))
                .unwrap_or_default()
        ),
        notes: notes_around(p, s.date),
    }
}

fn jump_view(j: &Jump, config: &Config, unit: &str) -> JumpView {
    JumpView {
        week: week_title(&j.week, j.week_start),
        text: format!(
            "{}: {}",
            j.rule.describe(config),
            load_text(j, unit, config)
        ),
        runs: j
            .longest_run
            .as_ref()
            .map(|r| format!("longest: {}", r.describe(config.display.units)))
            .unwrap_or_default(),
        judged: j.diary_days_in_window > 0,
    }
}

fn week_view(w: &Week, unit: &str, units: Units) -> WeekView {
    let mut marks = Vec::new();
    if w.flag {
        marks.push("FLAG");
    } else if w.load_jump {
        marks.push("load jump");
    }
    if w.pain_spike {
        marks.push("pain spike");
    }
    WeekView {
        week: w.week.clone(),
        start: w.start.format("%d %b").to_string(),
        runs: w.runs,
        km: n1(units.from_km(w.distance_km)),
        minutes: n0(w.moving_min),
        load: format!("{} {unit}", n0(w.load)),
        change: opt(w.load_change_pct, |c| format!("{c:+.0} %")),
        acwr: opt(w.acwr, |r| format!("{r:.2}")),
        acwr_ewma: opt(w.acwr_ewma, |r| format!("{r:.2}")),
        monotony: opt(w.monotony, |m| format!("{m:.2}")),
        pain_mean: opt(w.pain_mean, n1),
        pain_max: opt(w.pain_max, n1),
        days_over: w.pain_days_over,
        baseline: opt(w.pain_baseline, n1),
        marks: marks.join(", "),
        row_class: if w.flag {
            "flag"
        } else if w.load_jump {
            "jump"
        } else {
            ""
        },
    }
}

/// The period's next-morning sentence, as page one says it, and a pointer
/// to the runs it names, listed below it.
fn settle_summary(period: &Period<'_>, named: usize) -> Option<String> {
    let sentence = crate::summary::settle_sentence(period)?;
    Some(match named {
        0 => sentence,
        _ => format!("{sentence} The runs named, in full:"),
    })
}

/// The runs that did not settle, and those that did but set off a flag:
/// pain that waited a day or two is still pain after that run.
fn settle_exceptions(p: &Analysis) -> Vec<SettleView> {
    p.settle
        .iter()
        .filter_map(|s| {
            let flag = p.flag_set_off_by(s);
            let numbers = format!(
                "{:.0} min; pain the day before {:.1}, next morning {:.1}",
                s.minutes, s.before, s.next_morning
            );
            let text = match (s.settled, flag) {
                (false, _) => format!("{numbers}: did not settle"),
                (true, Some(f)) => format!(
                    "{numbers}: settled by the next morning, but pain reached {:.1} on {} (the flag for the week of {})",
                    f.spike.peak,
                    f.spike.peak_date.format("%a %-d %b"),
                    runlog_core::analysis::load::week_span(f.jump.week_start)
                ),
                (true, None) => return None,
            };
            Some(SettleView {
                date: date(s.date),
                text,
                settled: s.settled,
            })
        })
        .collect()
}

/// Next week's limits in full for the appendix: the load rule with the
/// ratio rules' context and the assumption behind the weighted one, and
/// the next long run; or the red flag that withholds them.
fn next_week_detail(p: &Analysis, config: &Config, unit: &str) -> Option<String> {
    if let Some(why) = p.advice.withheld_text() {
        return Some(why);
    }
    let last = p.load.weeks.last().map(|w| w.start)?;
    let e = p.advice.envelope().map(|e| {
        format!(
            "After the week of {}: {}",
            runlog_core::analysis::load::week_span(last),
            e.describe(unit, config)
        )
    });
    let long = p
        .advice
        .long_run()
        .map(|r| r.describe(config.display.units));
    match (e, long) {
        (Some(e), Some(l)) => Some(format!("{e} And {l}")),
        (e, l) => e.or(l),
    }
}

/// Whose report it is, for its title: a report that could be anyone's is
/// worth saying so, rather than leaving the title blank.
/// The most of a name a title or a table cell shows (flags.json and
/// weeks.csv keep it whole).
const NAME_CHARS: usize = 80;

fn athlete(config: &Config) -> String {
    match config.athlete.name.trim() {
        "" => "(no name set)".into(),
        name => shortened(name, NAME_CHARS),
    }
}

/// "of 21–27 Sep (2026-W39)", after "Week": the days first, the code for
/// finding the week in the tables.
fn week_title(code: &str, start: NaiveDate) -> String {
    format!(
        "of {} ({code})",
        runlog_core::analysis::load::week_span(start)
    )
}

/// A source as the report shows it: its path in the log folder's
/// `exports/` ("exports/garmin/x.fit"), or only the file's name for
/// anything else. A file imported from elsewhere is stored by the path it
/// was given ("/home/alice.smith/Downloads/…", or relative to wherever the
/// command ran), which names its owner and where they keep files: not the
/// physiotherapist's business, and no report file may carry it (issue #24).
pub(crate) fn shown_source(source: &str) -> String {
    let inside = source.starts_with("exports/") && !source.split('/').any(|p| p == "..");
    if inside {
        source.to_string()
    } else {
        file_name(source)
    }
}

/// Only the file's name: a path outside the log folder would say where the
/// runner keeps files, which is not the physiotherapist's business.
fn file_name(source: &str) -> String {
    source
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(source)
        .to_string()
}

fn run_view(r: &RunLoad, unit: &str, units: Units) -> RunView {
    let seg = &r.segments;
    let has_jog = seg.jog_intervals > 0;
    RunView {
        date: r.start_local.format("%a %d %b %H:%M").to_string(),
        sport: shortened(&r.sport.replace('_', " "), NAME_CHARS),
        name: shortened(r.name.as_deref().unwrap_or_default(), NAME_CHARS),
        minutes: n0(r.minutes),
        jog: if seg.basis == runlog_core::analysis::segment::Basis::None {
            "–".into()
        } else {
            n0(seg.jog_min)
        },
        walk: if seg.basis == runlog_core::analysis::segment::Basis::None {
            "–".into()
        } else {
            n0(seg.walk_min)
        },
        // Say when one signal was missing, so a physiotherapist knows why a
        // GPX walk/jog split may be rougher than a watch's.
        ratio: match (&seg.ratio, seg.basis) {
            (None, _) => "–".into(),
            (Some(r), runlog_core::analysis::segment::Basis::SpeedOnly) => {
                format!("{r} (speed only)")
            }
            (Some(r), runlog_core::analysis::segment::Basis::CadenceOnly) => {
                format!("{r} (cadence only)")
            }
            (Some(r), _) => r.clone(),
        },
        warm_cool: if has_jog {
            format!("{:.0} / {:.0}", seg.warmup_walk_min, seg.cooldown_walk_min)
        } else {
            "–".into()
        },
        km: opt(r.km.filter(|k| *k > 0.0).map(|k| units.from_km(k)), |k| {
            format!("{k:.2}")
        }),
        pace: r
            .km
            .and_then(|k| units.pace(r.minutes * 60.0, k * 1000.0))
            .unwrap_or_else(|| "–".into()),
        avg_hr: opt(r.avg_hr, n0),
        load: format!("{} {unit}", n0(r.load)),
        rpe: match (r.rpe, r.rpe_source) {
            (Some(v), Some("export")) => format!("{} (export)", n1(v)),
            (v, _) => opt(v, n1),
        },
        source: r.source_kind.label().to_string(),
        file: file_name(&r.source),
    }
}

impl WeekView {
    /// The weeks table's cells, in its columns' order (`document`).
    pub(crate) fn cells(&self) -> Vec<String> {
        vec![
            self.week.clone(),
            self.start.clone(),
            self.runs.to_string(),
            self.km.clone(),
            self.minutes.clone(),
            self.load.clone(),
            self.change.clone(),
            self.acwr.clone(),
            self.acwr_ewma.clone(),
            self.monotony.clone(),
            self.pain_mean.clone(),
            self.pain_max.clone(),
            self.days_over.to_string(),
            self.baseline.clone(),
            self.marks.clone(),
        ]
    }
}

impl RunView {
    /// The activities table's cells, in its columns' order (`document`).
    pub(crate) fn cells(&self) -> Vec<String> {
        vec![
            self.date.clone(),
            self.sport.clone(),
            self.name.clone(),
            self.minutes.clone(),
            self.jog.clone(),
            self.walk.clone(),
            self.ratio.clone(),
            self.warm_cool.clone(),
            self.km.clone(),
            self.pace.clone(),
            self.avg_hr.clone(),
            self.load.clone(),
            self.rpe.clone(),
            self.source.clone(),
            self.file.clone(),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue #24: the title names the runner, or says that no name is set.
    #[test]
    fn the_title_names_the_runner_or_says_none_is_set() {
        let mut c = Config::default();
        assert_eq!(athlete(&c), "(no name set)");
        c.athlete.name = "  Alex Runner ".into();
        assert_eq!(athlete(&c), "Alex Runner");
    }

    /// Issue #24: a file imported from outside the log folder is named by
    /// its file name alone; one inside keeps its path in the folder.
    #[test]
    fn outside_paths_are_shown_by_file_name() {
        assert_eq!(shown_source("exports/a/x.fit"), "exports/a/x.fit");
        assert_eq!(shown_source("/home/alice.smith/Downloads/x.fit"), "x.fit");
        assert_eq!(shown_source("../Downloads/run.gpx"), "run.gpx");
        assert_eq!(shown_source("C:\\Users\\alice\\run.fit"), "run.fit");
        assert_eq!(shown_source("~/run.fit"), "run.fit");
        assert_eq!(shown_source("pv/home/alice.smith/Downloads/a.fit"), "a.fit");
        assert_eq!(shown_source("exports/../../alice/a.fit"), "a.fit");
    }
}
