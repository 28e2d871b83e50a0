//! Page one: what a physiotherapist reads in a minute, the same in the HTML
//! page and the PDF. Each item is one labelled line built from the period's
//! analysis; the charts, tables and glossary follow as the appendix.
//!
//! Weeks are named by their days ("the week of 21–27 Sep"), not by ISO week
//! codes, and rules by plain names: page one is read, not decoded.

use chrono::NaiveDate;
use runlog_core::analysis::Analysis;
use runlog_core::analysis::evidence::pct_text;
use runlog_core::analysis::flags::Flag;
use runlog_core::analysis::load::{Week, week_span};
use runlog_core::analysis::outcomes;
use runlog_core::analysis::period::{Counts, Period};
use runlog_core::analysis::red_flags::{standing_line, summary};
use runlog_core::config::Config;
use runlog_core::model::DiaryEntry;
use runlog_core::numbers::{pain1, whole};
use serde::Serialize;

/// One line of page one: a short label and what it says, with one line
/// per item where there are several (each flag).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    pub label: &'static str,
    pub text: String,
    pub lines: Vec<String>,
}

impl Item {
    fn new(label: &'static str, text: String) -> Item {
        Item {
            label,
            text,
            lines: Vec::new(),
        }
    }
}

/// "107 activities, the last on 12 Mar 2024: try `runlog report --from
/// 2023-12-25`" (the 12 weeks up to the last), for a period without any.
pub fn pointer(p: &Period<'_>) -> Option<String> {
    let (n, last) = p.elsewhere()?;
    Some(format!(
        "{n} {}, the last on {}: try `{}`",
        if n == 1 { "activity" } else { "activities" },
        last.format("%-d %b %Y"),
        runlog_core::analysis::period::report_up_to(last)
    ))
}

/// Page one for one period. Every item a physiotherapist looks for is
/// always there, saying "not recorded" rather than leaving a gap that reads
/// as "nothing to report".
pub fn page_one(period: &Period<'_>, config: &Config) -> Vec<Item> {
    let p = &period.a;
    let unit = config.load.metric.unit(config.display.units);
    let mut items = vec![
        Item::new("Period", period_text(period, config)),
        Item::new("Red flags", red_flags(p, config)),
        Item::new("Pain", pain(p)),
    ];
    let mut push = |label, text: Option<String>| {
        if let Some(text) = text {
            items.push(Item::new(label, text));
        }
    };
    push("Stiffness", stiffness(&p.diary_entries));
    push("Symptoms", symptoms_changed(&p.diary_entries));
    push("Leg pain", Some(leg_pain(&p.load.weeks)));
    push("Function", Some(function(&p.load.weeks)));
    push("Running load", load_trend(&p.load.weeks, unit));
    items.push(outcome_measures(period));
    if let Some(m) = pain_monitoring(period, config) {
        items.push(m);
    }
    items.push(flags(p, config, unit));
    items.push(Item::new("Plan", plan(p, config)));
    if let Some(next) = next_week(p, config, unit) {
        items.push(Item::new("Next week", next));
    }
    if p.diary_present {
        items.push(Item::new("Whole history", p.association.full_sentence()));
    }
    for i in &mut items {
        i.text = capitalised(&i.text);
    }
    items
}

/// "the week of 21–27 Sep" for a week's Monday.
fn week_of(start: NaiveDate) -> String {
    format!("the week of {}", week_span(start))
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The period's span and its counts, as every other part of the report
/// counts them: every activity, and the ones the load counts.
fn period_text(period: &Period<'_>, config: &Config) -> String {
    let c = &period.counts;
    let span = format!(
        "{} to {}: {} weeks",
        period.span.from.format("%-d %b %Y"),
        period.span.to.format("%-d %b %Y"),
        period.span.n_weeks()
    );
    if c.activities > 0 {
        return format!(
            "{span}; {}, {} min; {}",
            c.activities_text(),
            whole(c.minutes),
            load_counts(c, config)
        );
    }
    match pointer(period) {
        Some(found) => {
            format!("{span}, no activities in this period. The store holds {found}.")
        }
        None => format!(
            "{span}, no activities imported yet: put your watch's exports into exports/ and run again."
        ),
    }
}

/// Which of the period's activities the load counts and their sum, so the
/// weekly loads (which add up to it) never seem to contradict the total.
fn load_counts(c: &Counts, config: &Config) -> String {
    let unit = config.load.metric.unit(config.display.units);
    let load = format!("{} {unit}", whole(c.load));
    match (c.counted, c.activities) {
        (0, _) => "none count towards the load (see Load, under How to read this).".into(),
        (n, all) if n == all => format!("all count towards the load: {load}."),
        (n, _) if n == c.runs => format!(
            "the load counts the {n} run{}: {load}.",
            if n == 1 { "" } else { "s" }
        ),
        (n, _) => format!("the load counts {n} of them: {load}."),
    }
}

/// Weekly mean pain, first and last week of the period with entries, and
/// the worst day.
fn pain(p: &Analysis) -> String {
    if !p.diary_present {
        return "No pain diary: the report shows load alone.".into();
    }
    let with: Vec<&Week> = p
        .load
        .weeks
        .iter()
        .filter(|w| w.pain_mean.is_some())
        .collect();
    let (Some(first), Some(last)) = (with.first(), with.last()) else {
        return "No diary entries in this period.".into();
    };
    let (a, b) = (
        first.pain_mean.unwrap_or(0.0),
        last.pain_mean.unwrap_or(0.0),
    );
    let worst = p
        .load
        .days
        .iter()
        .filter_map(|d| d.pain_max.map(|m| (m, d.date)))
        .max_by(|x, y| x.0.total_cmp(&y.0).then(y.1.cmp(&x.1)))
        .map(|(m, d)| format!("; worst day {} on {}", pain1(m), d.format("%a %-d %b")))
        .unwrap_or_default();
    if first.start == last.start {
        return format!(
            "weekly mean {} in {}, the only week with entries (0–10){worst}.",
            pain1(a),
            week_of(first.start)
        );
    }
    format!(
        "weekly mean {} in {} → {} in {} ({}, 0–10){worst}.",
        pain1(a),
        week_of(first.start),
        pain1(b),
        week_of(last.start),
        trend(a, b, 0.5),
    )
}

fn trend(a: f64, b: f64, steady: f64) -> &'static str {
    if b > a + steady {
        "rising"
    } else if b < a - steady {
        "falling"
    } else {
        "steady"
    }
}

/// Morning stiffness in minutes: the first and the second half of the
/// period's diary days that give it, each named by its dates, so a diary
/// that starts late is not read as the period's first half.
fn stiffness(entries: &[DiaryEntry]) -> Option<String> {
    let v: Vec<(NaiveDate, f64)> = entries
        .iter()
        .filter_map(|e| e.stiffness_min.map(|s| (e.date, s)))
        .collect();
    if v.len() < 2 {
        return None;
    }
    let (a, b) = v.split_at(v.len() / 2);
    let mean = |s: &[(NaiveDate, f64)]| s.iter().map(|x| x.1).sum::<f64>() / s.len() as f64;
    let days = |s: &[(NaiveDate, f64)]| {
        let (f, l) = (s[0].0, s[s.len() - 1].0);
        if f == l {
            f.format("%-d %b").to_string()
        } else {
            format!("{}–{}", f.format("%-d %b"), l.format("%-d %b"))
        }
    };
    Some(format!(
        "morning stiffness {} min in the first half of the diary days giving it ({}), {} min in the second ({}): {}.",
        whole(mean(a)),
        days(a),
        whole(mean(b)),
        days(b),
        trend(mean(a), mean(b), 5.0)
    ))
}

/// Where the pain is, and whether that moved (from "low back" to "left
/// leg" is a reason to see the physio sooner).
fn symptoms_changed(entries: &[DiaryEntry]) -> Option<String> {
    let located: Vec<&str> = entries
        .iter()
        .filter_map(|e| e.location.as_deref())
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if located.is_empty() {
        return None;
    }
    let (a, b) = located.split_at(located.len() / 2);
    let (first, last) = (most_common(a), most_common(b));
    Some(match (first, last) {
        (Some(f), Some(l)) if !f.eq_ignore_ascii_case(l) => {
            format!("pain location moved from \"{f}\" to \"{l}\".")
        }
        (_, Some(l)) | (Some(l), None) => format!("pain location stayed \"{l}\"."),
        (None, None) => return None,
    })
}

/// Leg pain (0–10) first and last week with entries; weeks where it rose
/// while back pain fell are named: a reason to see the physio sooner.
fn leg_pain(weeks: &[Week]) -> String {
    let with: Vec<&Week> = weeks.iter().filter(|w| w.leg_pain_mean.is_some()).collect();
    let (Some(first), Some(last)) = (with.first(), with.last()) else {
        return "not recorded in this period (the diary's leg_pain column, or runlog log --leg-pain).".into();
    };
    let (a, b) = (
        first.leg_pain_mean.unwrap_or(0.0),
        last.leg_pain_mean.unwrap_or(0.0),
    );
    let rising = runlog_core::analysis::load::leg_pain_rising_back_falling(weeks);
    let warn = if rising.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = rising.iter().map(|w| week_of(w.start)).collect();
        format!(
            " Leg pain rose while back pain fell in {}: pain moving into the leg is a reason to see the physiotherapist sooner.",
            list.join(", ")
        )
    };
    format!(
        "weekly mean {a:.1} in {} → {b:.1} in {} ({}, 0–10).{warn}",
        week_of(first.start),
        week_of(last.start),
        trend(a, b, 0.5)
    )
}

/// The patient-specific function score (0 cannot – 10 as before injury).
fn function(weeks: &[Week]) -> String {
    let with: Vec<&Week> = weeks.iter().filter(|w| w.function_mean.is_some()).collect();
    let (Some(first), Some(last)) = (with.first(), with.last()) else {
        return "not recorded in this period (the diary's function column, or runlog log --function).".into();
    };
    let (a, b) = (
        first.function_mean.unwrap_or(0.0),
        last.function_mean.unwrap_or(0.0),
    );
    let word = match trend(a, b, 0.5) {
        "rising" => "improving",
        "falling" => "worse",
        _ => "steady",
    };
    format!(
        "functional score {a:.1} in {} → {b:.1} in {} ({word}; 0 = cannot, 10 = as before).",
        week_of(first.start),
        week_of(last.start)
    )
}

fn most_common<'a>(v: &[&'a str]) -> Option<&'a str> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for s in v {
        match counts.iter_mut().find(|(k, _)| k.eq_ignore_ascii_case(s)) {
            Some(c) => c.1 += 1,
            None => counts.push((s, 1)),
        }
    }
    counts.into_iter().max_by_key(|c| c.1).map(|c| c.0)
}

fn load_trend(weeks: &[Week], unit: &str) -> Option<String> {
    let (first, last) = (weeks.first()?, weeks.last()?);
    let top = weeks.iter().max_by(|a, b| a.load.total_cmp(&b.load))?;
    if top.load <= 0.0 {
        return Some("no running that counts towards the load in this period.".into());
    }
    let load = |w: &Week| format!("{} {unit}", whole(w.load));
    if first.start == last.start {
        return Some(format!("{} in {}.", load(first), week_of(first.start)));
    }
    Some(format!(
        "{} in {} → {} in {} ({}); the most, {}, in {}.",
        load(first),
        week_of(first.start),
        load(last),
        week_of(last.start),
        trend(first.load, last.load, first.load.max(1.0) * 0.1),
        load(top),
        week_of(top.start)
    ))
}

/// The flags, one line each: what happened, the pain that followed, and
/// the grade of each rule that fired, named.
fn flags(p: &Analysis, config: &Config, unit: &str) -> Item {
    if !p.diary_present {
        return Item::new("Flags", "none can be raised without a pain diary.".into());
    }
    if p.flags.is_empty() {
        return Item::new(
            "Flags",
            "no load jump followed by a pain spike in this period.".into(),
        );
    }
    let n = p.flags.len();
    Item {
        label: "Flags",
        text: format!(
            "{n} load jump{} followed by a pain spike (an association in this runner's data, not a diagnosis):",
            if n == 1 { "" } else { "s" }
        ),
        lines: p.flags.iter().map(|f| flag_line(f, config, unit)).collect(),
    }
}

/// "Week of 21–27 Sep: the Sat 26 Sep run of 40 min, 6.8 km was 69 %
/// longer than …; the week's load 130 min (+54 % on the week before). Pain
/// reached 5.5 on Mon 28 Sep against a baseline of 2.1. Evidence: single
/// long run: low; weekly rise: low; …".
fn flag_line(f: &Flag, config: &Config, unit: &str) -> String {
    let j = &f.jump;
    let units = config.display.units;
    let what = match j.session_spikes.first() {
        Some(s) => format!(
            "the {} was {} % longer than the longest of the previous {} days",
            s.run.describe(units),
            pct_text(s.pct, config.load.session_spike_pct),
            config.load.session_window_days
        ),
        None => j
            .trigger_run
            .as_ref()
            .map(|r| format!("the {} took the week over the line", r.describe(units)))
            .unwrap_or_else(|| "the week's load rose".into()),
    };
    let change = j
        .change_pct
        .map(|c| format!(" ({c:+.0} % on the week before)"))
        .unwrap_or_default();
    let s = &f.spike;
    let grades: Vec<String> = j
        .rule
        .graded()
        .into_iter()
        .map(|(rule, grade)| format!("{rule}: {grade}"))
        .collect();
    format!(
        "Week of {}: {what}; the week's load {:.0} {unit}{change}. Pain reached {:.1} on {} against a baseline of {:.1}. Evidence: {}.",
        week_span(j.week_start),
        j.load_after,
        s.peak,
        s.peak_date.format("%a %-d %b"),
        s.baseline,
        grades.join("; ")
    )
}

/// Always said, first after the period: the notice over the whole history
/// (with whether one is still active), or which symptoms need urgent care
/// and that none were recorded.
fn red_flags(p: &Analysis, config: &Config) -> String {
    let days = config.pain.red_flag_days;
    if p.red_flags.is_empty() {
        return standing_line(&p.red_flags, days);
    }
    // The notice itself stands in its box above page one's list.
    summary(&p.red_flags, p.advice.withheld().is_some(), days)
}

/// The questionnaires and the pain scale against their minimal important
/// change, one line each; always said, with how to record them.
fn outcome_measures(period: &Period<'_>) -> Item {
    let (p, from, to) = (&period.a, period.span.from, period.span.to);
    // The whole file: a single score in the period is "the first" only if
    // none came before.
    let all = &period.whole.scores;
    let changes = outcomes::changes(all, &p.load.weeks, from, to);
    let scored = !p.scores.is_empty();
    let mut lines: Vec<String> = changes.iter().map(change_line).collect();
    lines.extend(
        outcomes::single_scores(all, from, to)
            .iter()
            .map(single_line),
    );
    if outcomes::recovered(&p.scores, &p.load.weeks, from, to) {
        lines.push("Meets a published definition of recovery: pain 0 and RMDQ 2 or less (Kamper et al. 2010).".into());
    }
    let text = match (scored, lines.is_empty()) {
        (false, true) => "not recorded: `runlog score odi|rmdq|psfs VALUE` stores the questionnaires' totals.".into(),
        (false, false) => "no questionnaire scores in this period (`runlog score odi|rmdq|psfs VALUE` stores them); pain against its minimal important change (MIC; Ostelo et al. 2008):".into(),
        (true, true) => "one score of each measure in this period: a change needs two.".into(),
        (true, false) => "first and latest in this period, against the minimal important change (MIC; Ostelo et al. 2008; PSFS: Abbott & Schmitt 2014):".into(),
    };
    Item {
        label: "Outcome measures",
        text,
        lines,
    }
}

/// "Oswestry (ODI) 32 % on 1 Sep → 20 % on 10 Nov: improved by 12 points,
/// more than the minimal important change (10 points, Ostelo et al. 2008);
/// a 38 % improvement, which Ostelo et al. also count as important."
fn change_line(c: &outcomes::Change) -> String {
    let (name, unit) = match c.measure {
        "odi" => ("Oswestry (ODI)", " %"),
        "rmdq" => ("Roland–Morris (RMDQ)", ""),
        "psfs" => ("PSFS (mean of its activities)", ""),
        _ => ("Pain, weekly mean (0–10)", ""),
    };
    // Pain is a weekly mean, dated by its week; a score by its day.
    let when = |d: NaiveDate| match c.measure {
        "pain" => format!("in {}", week_of(d)),
        _ => format!("on {}", d.format("%-d %b")),
    };
    let by = points((c.latest - c.first).abs());
    let against = if c.at_mic { "reaching" } else { "more than" };
    let verdict = match c.verdict {
        outcomes::Verdict::Improved => format!("improved by {by}, {against} the MIC"),
        outcomes::Verdict::Worsened => format!("worse by {by}, {against} the MIC"),
        outcomes::Verdict::WithinMic => format!("changed by {by}, less than the MIC"),
    };
    let size = c
        .size
        .map(|s| format!(", a {s} change"))
        .unwrap_or_default();
    let share = c
        .improved_pct
        .map(|pct| {
            format!("; a {pct:.0} % improvement, which Ostelo et al. also count as important")
        })
        .unwrap_or_default();
    // A weekly pain mean is written as everywhere else ("2.0").
    let value = |x: f64| match c.measure {
        "pain" => pain1(x),
        _ => num1(x),
    };
    format!(
        "{name} {}{unit} {} → {}{unit} {}: {verdict} of {}{size}{share}.",
        value(c.first),
        when(c.first_date),
        value(c.latest),
        when(c.latest_date),
        points(c.mic),
    )
}

pub(crate) use runlog_core::numbers::{num1, points};

/// A questionnaire scored once in the period: its value and date, so a
/// single RMDQ does not vanish from page one ("RMDQ 11 on 5 Dec, the first
/// score"; "…, the only score so far" when there is none before either).
fn single_line(s: &outcomes::Single) -> String {
    let unit = if s.measure == "odi" { " %" } else { "" };
    let name = match s.measure {
        "odi" => "Oswestry (ODI)",
        "rmdq" => "Roland–Morris (RMDQ)",
        _ => "PSFS (mean of its activities)",
    };
    let which = if s.earlier {
        "the only score in this period"
    } else {
        "the first score"
    };
    format!(
        "{name} {}{unit} on {}, {which}: a change needs a second.",
        num1(s.value),
        s.date.format("%-d %b")
    )
}

/// The pain-monitoring model on page one: the next morning, pain during
/// the runs and the week-to-week rule, each a line; `None` without a diary.
fn pain_monitoring(period: &Period<'_>, config: &Config) -> Option<Item> {
    let p = &period.a;
    if !p.diary_present {
        return None;
    }
    let mut lines: Vec<String> = settle_sentence(period).into_iter().collect();
    lines.extend(monitoring_lines(p, config));
    Some(Item {
        label: "Pain monitoring",
        text: format!(
            "pain during activity up to {}/10 is acceptable if it settles by the next morning and morning pain and stiffness do not rise from week to week (Silbernagel et al. 2007; a model from Achilles tendinopathy, applied to back pain by extrapolation):",
            num1(config.pain.during_max)
        ),
        lines,
    })
}

/// The next-morning check over the period's runs, in one sentence page
/// one and the appendix both say: how many settled, the runs that did
/// not, and those that settled but set off a flag (pain that waited a day
/// or two is still pain after that run). `None` without a checked run.
pub(crate) fn settle_sentence(period: &Period<'_>) -> Option<String> {
    let p = &period.a;
    let n = p.settle.len();
    if n == 0 {
        return None;
    }
    let settled = p.settle.iter().filter(|s| s.settled).count();
    let day = |d: NaiveDate| d.format("%a %-d %b").to_string();
    let not: Vec<String> = p
        .settle
        .iter()
        .filter(|s| !s.settled)
        .map(|s| day(s.date))
        .collect();
    let later: Vec<String> = p
        .settle
        .iter()
        .filter(|s| s.settled)
        .filter_map(|s| {
            let f = p.flag_set_off_by(s)?;
            Some(format!(
                "the {} run settled by the next morning, but pain reached {} on {} (a flag)",
                day(s.date),
                pain1(f.spike.peak),
                day(f.spike.peak_date)
            ))
        })
        .collect();
    let note = unchecked(period, n);
    let of = if note.is_empty() {
        format!("{n} runs")
    } else {
        format!("the {n} runs the diary can check{note}")
    };
    let mut out = format!("Pain settled by the next morning after {settled} of {of}");
    if !not.is_empty() {
        out += &format!(
            "; it did not after the run{} of {}",
            if not.len() == 1 { "" } else { "s" },
            not.join(", ")
        );
    }
    if !later.is_empty() {
        out += &format!("; {}", later.join("; "));
    }
    out.push('.');
    Some(out)
}

/// Why the check counts fewer runs than the period holds, said beside it:
/// a run is checked when the diary has pain the day before and the next
/// morning, and a second run on one day is checked once.
fn unchecked(period: &Period<'_>, checked: usize) -> String {
    let total = period.counts.runs;
    if total <= checked {
        return String::new();
    }
    let runs = period.a.load.runs.iter().filter(|r| r.kind.is_running());
    let days: std::collections::BTreeSet<NaiveDate> = runs.map(|r| r.date).collect();
    let or_second = if days.len() == total {
        ""
    } else {
        ", or were a second run that day"
    };
    format!(
        " ({} of the period's {total} runs lack pain the day before or the next morning{or_second})",
        total - checked
    )
}

/// Pain during the runs against `during_max`, and the weeks whose morning
/// pain or stiffness rose: one sentence each.
pub(crate) fn monitoring_lines(p: &Analysis, config: &Config) -> Vec<String> {
    let m = &p.monitoring;
    let max = num1(config.pain.during_max);
    let mut out = Vec::new();
    if m.during_recorded == 0 {
        out.push("Pain during the run: not recorded (runlog log --during, or the diary's pain_during column).".into());
    } else if m.during_over.is_empty() {
        out.push(format!(
            "Pain during the run stayed at {max}/10 or below on all {} days it was recorded.",
            m.during_recorded
        ));
    } else {
        let days: Vec<String> = m
            .during_over
            .iter()
            .map(|d| format!("{}: {}", d.date.format("%a %-d %b"), num1(d.pain_during)))
            .collect();
        out.push(format!(
            "Pain during the run was above {max}/10 on {} of {} days it was recorded ({}).",
            m.during_over.len(),
            m.during_recorded,
            days.join("; ")
        ));
    }
    if m.weekly_rises.is_empty() {
        out.push("Morning pain and stiffness did not rise from one week to the next.".into());
    } else {
        let weeks: Vec<String> = m.weekly_rises.iter().map(rise_words).collect();
        out.push(format!(
            "Morning pain or stiffness rose over the week before in {}.",
            weeks.join("; ")
        ));
    }
    out
}

fn rise_words(r: &runlog_core::analysis::monitoring::WeeklyRise) -> String {
    let mut what = Vec::new();
    if let Some((a, b)) = r.morning_pain {
        what.push(format!("morning pain {} → {}", num1(a), num1(b)));
    }
    if let Some((a, b)) = r.stiffness_min {
        what.push(format!("stiffness {a:.0} → {b:.0} min"));
    }
    format!("{} ({})", week_of(r.start), what.join(", "))
}

/// The plan's stage, always said: without a plan, how to set one; a plan
/// whose last stage is over says so, so next week's line is not read as
/// the stage's.
fn plan(p: &Analysis, config: &Config) -> String {
    let Some(last) = p.plan.iter().rev().find(|w| w.stage.is_some()) else {
        return if config.plan.start.is_none() {
            "no plan set: `start` under [plan] in runlog.toml (or `runlog init --plan-start`) compares each week with a graded return-to-run plan.".into()
        } else if p.plan.is_empty() {
            "no week of the plan in this period.".into()
        } else {
            "every stage of the plan was done before this period.".into()
        };
    };
    let adherence = runlog_core::analysis::plan::adherence_sentence(&p.plan).unwrap_or_default();
    let hold = if p.advice.withheld().is_some() {
        " On hold because of the red flag: do not move on to the next stage before a clinician has seen you."
    } else {
        ""
    };
    let ended = match &p.next_week {
        Some(n) if n.after_plan => ", the plan's last",
        _ => "",
    };
    format!(
        "stage {}{ended}, in {} ({}).{hold} {adherence}",
        last.stage.unwrap_or(0),
        week_of(last.start),
        last.planned
    )
}

/// Next week in one answer (`NextWeek`): its dates, the limit and what
/// sets it, then the next long run; or why there is none.
fn next_week(p: &Analysis, config: &Config, unit: &str) -> Option<String> {
    if let Some(why) = p.advice.withheld_text() {
        return Some(why);
    }
    let n = p.next_week.as_ref()?;
    let when = format!("the week of {}", week_span(n.monday));
    let week = n.describe(config, unit).map(|l| format!("{when}: {l}"));
    let long = p
        .advice
        .long_run()
        .map(|r| capitalised(&r.describe(config.display.units)));
    match (week, long) {
        (Some(w), Some(l)) => Some(format!("{w} {l}")),
        (None, Some(l)) => Some(format!("{when}: {l}")),
        (Some(w), None) => Some(w),
        (None, None) => Some(format!(
            "{when}: no limit can be given yet: the load rules need {} earlier weeks with counted running, and the long-run rule a run in the last {} days, to compare with. Start from the plan's stage, or ask your physiotherapist.",
            config.load.min_running_weeks, config.load.session_window_days
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use runlog_core::model::Pain;

    fn entry(day: u32, stiff: Option<f64>, location: &str) -> DiaryEntry {
        DiaryEntry {
            stiffness_min: stiff,
            location: Some(location.into()),
            ..DiaryEntry::new(
                day as usize,
                NaiveDate::from_ymd_opt(2026, 3, day).unwrap(),
                Pain::new(2.0).unwrap(),
            )
        }
    }

    #[test]
    fn a_moved_location_is_said() {
        let e = [
            entry(1, Some(30.0), "low back"),
            entry(2, Some(30.0), "low back"),
            entry(3, Some(10.0), "left leg"),
            entry(4, Some(10.0), "Left leg"),
        ];
        assert_eq!(
            symptoms_changed(&e).unwrap(),
            "pain location moved from \"low back\" to \"left leg\"."
        );
        assert!(stiffness(&e).unwrap().contains("30 min"));
        assert!(stiffness(&e).unwrap().contains(": falling."));
        let same = [entry(1, None, "low back"), entry(2, None, "low back")];
        assert_eq!(
            symptoms_changed(&same).unwrap(),
            "pain location stayed \"low back\"."
        );
        assert_eq!(stiffness(&same), None);
    }

    #[test]
    fn page_one_of_an_empty_analysis_does_not_panic() {
        let a = Analysis::default();
        let day = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let span = runlog_core::analysis::period::Span { from: day, to: day };
        let items = page_one(&Period::of(&a, span, true), &Config::default());
        assert_eq!(items[0].label, "Period");
        for label in ["Red flags", "Pain", "Leg pain", "Function", "Flags", "Plan"] {
            assert!(items.iter().any(|i| i.label == label), "{label}");
        }
    }
}
