//! `report.html`: a plain view of the period, rendered with minijinja.
//!
//! The view holds display-ready strings and numbers only; the template does
//! no arithmetic. minijinja's auto-escaping (on for `.html` templates)
//! escapes every piece of user text: diary notes, activity names, files.

use super::charts::Chart;
use base64::Engine;
use chrono::NaiveDate;
use runlog_core::analysis::flags::{Analysis, Flag, Jump, Spike, red_flag_notice};
use runlog_core::analysis::load::{RunLoad, Week};
use runlog_core::config::Config;
use runlog_core::diary::scores::Measure;
use runlog_core::units::Units;
use serde::Serialize;

const TEMPLATE: &str = include_str!("templates/report.html");

#[derive(Serialize)]
pub struct ChartView {
    title: String,
    alt: String,
    file: String,
    /// Base64 of our own PNG: only `A–Z a–z 0–9 + / =`, so the template
    /// marks it safe instead of escaping every `/`.
    data_uri: String,
}

#[derive(Serialize)]
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

#[derive(Serialize)]
pub(crate) struct SpikeView {
    pub(crate) date: String,
    pub(crate) text: String,
    pub(crate) notes: Vec<String>,
}

#[derive(Serialize)]
pub(crate) struct JumpView {
    pub(crate) week: String,
    pub(crate) text: String,
    pub(crate) runs: String,
    pub(crate) judged: bool,
}

#[derive(Serialize)]
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

#[derive(Serialize)]
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
    /// The file's name cut after each `-`, `_`, `.` and `/`: the page may
    /// break a long name there and nowhere else.
    pub(crate) file_parts: Vec<String>,
}

/// One row of the appendix's outcome-measures table.
#[derive(Serialize)]
pub(crate) struct ScoreView {
    pub(crate) date: String,
    pub(crate) measure: &'static str,
    pub(crate) value: String,
    pub(crate) activity: String,
}

#[derive(Serialize)]
pub(crate) struct SettleView {
    pub(crate) date: String,
    pub(crate) text: String,
    pub(crate) settled: bool,
}

/// Everything the template shows, for one period.
#[derive(Serialize)]
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
    pub(crate) summary: Vec<String>,
    /// Page one: what a physiotherapist reads in a minute.
    pub(crate) page_one: Vec<crate::summary::Item>,
    /// CSS `@page` size: "A4" or "letter".
    pub(crate) paper_css: &'static str,
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
    pub(crate) thresholds: Thresholds,
    /// "How to read this", generated from the settings.
    pub(crate) glossary: Vec<crate::glossary::Term>,
    #[serde(skip)]
    pub weeks_full: Vec<Week>,
    #[serde(skip)]
    pub analysis: Analysis,
}

#[derive(Serialize)]
pub(crate) struct Thresholds {
    pub(crate) jump_pct: f64,
    pub(crate) acwr_high: f64,
    pub(crate) band_low: f64,
    pub(crate) band_high: f64,
    pub(crate) min_minutes: f64,
    pub(crate) spike_points: f64,
    pub(crate) pain_threshold: f64,
    pub(crate) settle_margin: f64,
    pub(crate) lag_days: i64,
    pub(crate) monotony_high: f64,
    pub(crate) resting_hr: f64,
    pub(crate) max_hr: f64,
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
    pub fn build(
        a: &Analysis,
        config: &Config,
        from: NaiveDate,
        to: NaiveDate,
        generated: &str,
    ) -> View {
        let mut p = period_analysis(a, from, to);
        if !config.report.notes {
            // Gone before any view is made, so no part of the report can
            // show a note.
            p.diary_entries.iter_mut().for_each(|e| e.notes = None);
        }
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
            metric_name: metric_name(metric).into(),
            distance_unit: units.label(),
            pace_unit: units.pace_label(),
            unit: unit.clone(),
            red_flag_notice: red_flag_notice(&p.red_flags),
            summary: summary(&p, config, &unit),
            page_one: crate::summary::page_one(
                &p,
                crate::summary::Holdings::of(a),
                config,
                from,
                to,
            ),
            paper_css: config.report.paper.css(),
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
            scores: p
                .scores
                .iter()
                .filter(|s| s.date >= from && s.date <= to)
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
            settle_summary: settle_summary(&p, settle.len()),
            settle,
            monitoring: crate::summary::monitoring_lines(&p, config),
            ledger: ledger(&p),
            glossary: crate::glossary::terms(config),
            thresholds: Thresholds {
                jump_pct: config.load.jump_pct,
                acwr_high: config.load.acwr_high,
                band_low: config.load.acwr_low_band,
                band_high: config.load.acwr_high_band,
                min_minutes: config.load.min_jump_minutes,
                spike_points: config.pain.spike_points,
                pain_threshold: config.pain.threshold,
                settle_margin: config.pain.settle_margin,
                lag_days: config.pain.lag_days,
                monotony_high: config.load.monotony_high,
                resting_hr: config.athlete.resting_hr,
                max_hr: config.athlete.max_hr,
            },
            weeks_full: p.load.weeks.clone(),
            analysis: p,
        }
    }

    /// The three lines `runlog report` prints.
    pub fn summary_lines(&self) -> Vec<String> {
        let total_min: f64 = self.weeks_full.iter().map(|w| w.moving_min).sum();
        let runs = self.analysis.load.runs.len();
        vec![
            format!(
                "period: {} to {}, {} weeks, {} activities, {:.0} minutes",
                self.from,
                self.to,
                self.weeks_full.len(),
                runs,
                total_min
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

fn metric_name(m: runlog_core::config::LoadMetric) -> &'static str {
    use runlog_core::config::LoadMetric::*;
    match m {
        Time => "running time",
        Distance => "distance",
        Trimp => "heart-rate load (TRIMP)",
        Srpe => "session-RPE load",
    }
}

/// The analysis restricted to the period's days (history before the
/// period still fed the ratios and baselines).
fn period_analysis(a: &Analysis, from: NaiveDate, to: NaiveDate) -> Analysis {
    let inside = |d: NaiveDate| d >= from && d <= to;
    let mut p = a.clone();
    p.load
        .weeks
        .retain(|w| inside(w.start) || inside(runlog_core::analysis::load::shift_days(w.start, 6)));
    p.load.days.retain(|d| inside(d.date));
    p.load.runs.retain(|r| inside(r.date));
    p.jumps.retain(|j| inside(j.week_start));
    p.flags.retain(|f| inside(f.jump.week_start));
    p.quiet_jumps.retain(|j| inside(j.week_start));
    p.unexplained.retain(|s| inside(s.date));
    let weeks: Vec<String> = p.load.weeks.iter().map(|w| w.week.clone()).collect();
    p.monotony_notes.retain(|(w, _)| weeks.contains(w));
    p.settle.retain(|s| inside(s.date));
    p.monitoring.during_over.retain(|d| inside(d.date));
    p.monitoring.weekly_rises.retain(|w| inside(w.start));
    p.plan
        .retain(|w| inside(w.start) || inside(runlog_core::analysis::load::shift_days(w.start, 6)));
    p.diary_entries.retain(|e| inside(e.date));
    p.monitoring.during_recorded = p
        .diary_entries
        .iter()
        .filter(|e| e.pain_during.is_some())
        .count();
    p
}

fn summary(p: &Analysis, config: &Config, unit: &str) -> Vec<String> {
    let mut out = Vec::new();
    let w = &p.load.weeks;
    if w.is_empty() {
        out.push("No activities or diary entries in this period.".into());
        return out;
    }
    let half = w.len() / 2;
    let avg = |s: &[Week]| s.iter().map(|w| w.load).sum::<f64>() / s.len().max(1) as f64;
    if half > 0 {
        let (a, b) = (avg(&w[..half]), avg(&w[half..]));
        let trend = if b > a * 1.1 {
            "rose"
        } else if b < a * 0.9 {
            "fell"
        } else {
            "held steady"
        };
        out.push(format!(
            "Weekly {} {trend}: {:.0} {unit} per week on average in the first {} weeks, {:.0} {unit} in the last {}.",
            metric_name(config.load.metric),
            a,
            half,
            b,
            w.len() - half
        ));
    }
    let pains: Vec<(usize, f64)> = w
        .iter()
        .enumerate()
        .filter_map(|(i, w)| w.pain_mean.map(|p| (i, p)))
        .collect();
    if !p.diary_present {
        out.push(
            "No pain diary was found, so this report shows load alone and raises no flags.".into(),
        );
    } else if pains.len() >= 2 {
        let first = pains[0];
        let last = pains[pains.len() - 1];
        out.push(format!(
            "Weekly mean pain went from {:.1} (week {}) to {:.1} (week {}) on the 0–10 scale.",
            first.1, w[first.0].week, last.1, w[last.0].week
        ));
    }
    if let Some(s) = runlog_core::analysis::plan::adherence_sentence(&p.plan) {
        out.push(s);
    }
    if p.flags.is_empty() && p.diary_present {
        out.push("No load jump in this period was followed by a pain spike.".into());
    }
    for f in &p.flags {
        out.push(f.sentence.clone());
    }
    if !p.unexplained.is_empty() {
        out.push(format!(
            "{} pain spike(s) did not follow a load jump: something other than running load may be involved.",
            p.unexplained.len()
        ));
    }
    if !p.quiet_jumps.is_empty() {
        out.push(format!(
            "{} load jump(s) were not followed by a pain spike.",
            p.quiet_jumps.len()
        ));
    }
    out
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

/// "Pain settled by the next morning after 28 of 30 runs." and the
/// exceptions below it, instead of a list as long as the period.
fn settle_summary(p: &Analysis, exceptions: usize) -> Option<String> {
    let n = p.settle.len();
    if n == 0 {
        return None;
    }
    let settled = p.settle.iter().filter(|s| s.settled).count();
    let tail = match exceptions {
        0 => String::new(),
        1 => " The exception:".into(),
        _ => " The exceptions:".into(),
    };
    Some(format!(
        "Pain settled by the next morning after {settled} of {n} runs.{tail}"
    ))
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
fn athlete(config: &Config) -> String {
    match config.athlete.name.trim() {
        "" => "(no name set)".into(),
        name => name.to_string(),
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
        sport: r.sport.replace('_', " "),
        name: r.name.clone().unwrap_or_default(),
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
        file_parts: break_points(&file_name(&r.source)),
    }
}

/// `name` cut after each `-`, `_`, `.` and `/`, the places a file name may
/// wrap.
fn break_points(name: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    for c in name.chars() {
        if let Some(p) = parts.last_mut() {
            p.push(c);
        }
        if matches!(c, '-' | '_' | '.' | '/') {
            parts.push(String::new());
        }
    }
    parts.retain(|p| !p.is_empty());
    parts
}

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
fn ledger(p: &Analysis) -> Vec<String> {
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

/// Render the page. Charts are embedded as base64 PNG so the file stands
/// alone: nothing is fetched when it is opened.
pub fn render(view: &View, charts: &[Chart]) -> Result<String, minijinja::Error> {
    let charts: Vec<ChartView> = charts
        .iter()
        .map(|c| ChartView {
            title: c.title.clone(),
            alt: c.alt.clone(),
            file: c.file_name.to_string(),
            data_uri: format!(
                "data:image/png;base64,{}",
                base64::engine::general_purpose::STANDARD.encode(&c.png)
            ),
        })
        .collect();
    let mut env = minijinja::Environment::new();
    env.add_template("report.html", TEMPLATE)?;
    let t = env.get_template("report.html")?;
    use minijinja::value::{Serde, Value};
    let (view, charts) = (kept_with_units(view), kept_with_units(&charts));
    t.render(
        minijinja::context! { v => Value::from(Serde(view)), charts => Value::from(Serde(charts)) },
    )
}

/// `value` as JSON with a no-break space between every number and its
/// unit in every string, so the page never breaks "133 min" in two.
fn kept_with_units(value: &impl Serialize) -> serde_json::Value {
    fn walk(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::String(s) => *s = crate::glue::nbsp(s),
            serde_json::Value::Array(a) => a.iter_mut().for_each(walk),
            serde_json::Value::Object(o) => o.values_mut().for_each(walk),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(value).unwrap_or_default();
    walk(&mut v);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

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
