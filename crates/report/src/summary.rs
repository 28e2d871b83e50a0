//! Page one: what a physiotherapist reads in a minute, the same in the HTML
//! page and the PDF. Each item is one labelled line built from the period's
//! analysis; the charts, tables and glossary follow as the appendix.

use chrono::NaiveDate;
use runlog_core::analysis::Analysis;
use runlog_core::analysis::load::Week;
use runlog_core::analysis::red_flags::{standing_line, summary};
use runlog_core::config::Config;
use runlog_core::model::DiaryEntry;
use serde::Serialize;

/// One line of page one: a short label and what it says.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    pub label: &'static str,
    pub text: String,
}

/// Page one for the period analysis `p` (already cut to the period).
pub fn page_one(p: &Analysis, config: &Config, from: NaiveDate, to: NaiveDate) -> Vec<Item> {
    let unit = config.load.metric.unit(config.display.units);
    let mut items = vec![Item {
        label: "Period",
        text: period(p, from, to),
    }];
    items.push(Item {
        label: "Red flags",
        text: red_flags(p, config),
    });
    let mut push = |label, text: Option<String>| {
        if let Some(text) = text {
            items.push(Item { label, text });
        }
    };
    push("Pain", Some(pain(p)));
    push("Stiffness", stiffness(&p.diary_entries));
    push("Symptoms", symptoms_changed(&p.diary_entries));
    push("Leg pain", leg_pain(&p.load.weeks));
    push("Function", function(&p.load.weeks));
    push("Running load", load_trend(&p.load.weeks, unit));
    push("Flags", Some(flags(p, config)));
    push("Plan", plan(p));
    push("Next week", next_week(p, config, unit));
    push(
        "Whole history",
        p.diary_present.then(|| p.association.sentence.clone()),
    );
    for i in &mut items {
        i.text = capitalised(&i.text);
    }
    items
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn period(p: &Analysis, from: NaiveDate, to: NaiveDate) -> String {
    // Every activity: the weeks' `runs` counts running only.
    let runs = p.load.runs.len();
    let minutes: f64 = p.load.weeks.iter().map(|w| w.moving_min).sum();
    format!(
        "{} to {}: {} weeks, {} sessions, {:.0} minutes on foot.",
        from.format("%d %b %Y"),
        to.format("%d %b %Y"),
        p.load.weeks.len(),
        runs,
        minutes
    )
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
    let worst = with
        .iter()
        .filter_map(|w| w.pain_max.map(|m| (m, &w.week)))
        .max_by(|x, y| x.0.total_cmp(&y.0));
    format!(
        "weekly mean {a:.1} in {} → {b:.1} in {} ({}, 0–10){}.",
        first.week,
        last.week,
        trend(a, b, 0.5),
        worst
            .map(|(m, w)| format!("; worst day {m:.1} in {w}"))
            .unwrap_or_default()
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

/// Morning stiffness in minutes: the first and the last half of the
/// period's entries that give it.
fn stiffness(entries: &[DiaryEntry]) -> Option<String> {
    let v: Vec<f64> = entries.iter().filter_map(|e| e.stiffness_min).collect();
    if v.len() < 2 {
        return None;
    }
    let (a, b) = v.split_at(v.len() / 2);
    let mean = |s: &[f64]| s.iter().sum::<f64>() / s.len() as f64;
    Some(format!(
        "morning stiffness {:.0} min on average in the first half of the period, {:.0} min in the second ({}).",
        mean(a),
        mean(b),
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
fn leg_pain(weeks: &[Week]) -> Option<String> {
    let with: Vec<&Week> = weeks.iter().filter(|w| w.leg_pain_mean.is_some()).collect();
    let (first, last) = (with.first()?, with.last()?);
    let (a, b) = (first.leg_pain_mean?, last.leg_pain_mean?);
    let rising = runlog_core::analysis::load::leg_pain_rising_back_falling(weeks);
    let warn = if rising.is_empty() {
        String::new()
    } else {
        let list: Vec<&str> = rising.iter().map(|w| w.week.as_str()).collect();
        format!(
            " Leg pain rose while back pain fell in {}: pain moving into the leg is a reason to see the physiotherapist sooner.",
            list.join(", ")
        )
    };
    Some(format!(
        "weekly mean {a:.1} in {} → {b:.1} in {} ({}, 0–10).{warn}",
        first.week,
        last.week,
        trend(a, b, 0.5)
    ))
}

/// The patient-specific function score (0 cannot – 10 as before injury).
fn function(weeks: &[Week]) -> Option<String> {
    let with: Vec<&Week> = weeks.iter().filter(|w| w.function_mean.is_some()).collect();
    let (first, last) = (with.first()?, with.last()?);
    let (a, b) = (first.function_mean?, last.function_mean?);
    let word = match trend(a, b, 0.5) {
        "rising" => "improving",
        "falling" => "worse",
        _ => "steady",
    };
    Some(format!(
        "functional score {a:.1} in {} → {b:.1} in {} ({word}; 0 = cannot, 10 = as before).",
        first.week, last.week
    ))
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
    Some(format!(
        "{:.0} {unit} in {} → {:.0} {unit} in {} ({}); the most, {:.0} {unit}, in {}.",
        first.load,
        first.week,
        last.load,
        last.week,
        trend(first.load, last.load, first.load.max(1.0) * 0.1),
        top.load,
        top.week
    ))
}

/// Each flag with its rule and the grade of the evidence behind it.
fn flags(p: &Analysis, config: &Config) -> String {
    if !p.diary_present {
        return "none can be raised without a pain diary.".into();
    }
    if p.flags.is_empty() {
        return "no load jump followed by a pain spike in this period.".into();
    }
    let list: Vec<String> = p
        .flags
        .iter()
        .map(|f| {
            let grades: Vec<&str> = f
                .jump
                .rule
                .evidence()
                .into_iter()
                .filter_map(grade)
                .collect();
            format!(
                "week {}: {}, then {} (evidence: {})",
                f.jump.week,
                f.jump.rule.describe(config),
                runlog_core::analysis::flags::spike_words(&f.spike),
                if grades.is_empty() {
                    "see the flag".to_string()
                } else {
                    grades.join("; ")
                }
            )
        })
        .collect();
    format!(
        "{} (an association in this runner's data, not a diagnosis).",
        list.join(". ")
    )
}

/// The "Evidence: …" verdict at the end of a rule's evidence text.
fn grade(evidence: &str) -> Option<&str> {
    let at = evidence.rfind("Evidence: ")?;
    Some(evidence[at + "Evidence: ".len()..].trim_end_matches('.'))
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

fn plan(p: &Analysis) -> Option<String> {
    let last = p.plan.iter().rev().find(|w| w.stage.is_some())?;
    let adherence = runlog_core::analysis::plan::adherence_sentence(&p.plan).unwrap_or_default();
    let hold = if p.advice.withheld().is_some() {
        " On hold because of the red flag: do not move on to the next stage before a clinician has seen you."
    } else {
        ""
    };
    Some(format!(
        "stage {} in {} ({}).{hold} {adherence}",
        last.stage.unwrap_or(0),
        last.week,
        last.planned
    ))
}

fn next_week(p: &Analysis, config: &Config, unit: &str) -> Option<String> {
    if let Some(why) = p.advice.withheld_text() {
        return Some(why);
    }
    let week = p.advice.envelope().map(|e| e.describe(unit, config));
    let long = p
        .advice
        .long_run()
        .map(|r| capitalised(&r.describe(config.display.units)));
    match (week, long) {
        (Some(w), Some(l)) => Some(format!("{w} {l}")),
        (w, l) => w.or(l),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use runlog_core::model::{Pain, RedFlags};

    fn entry(day: u32, stiff: Option<f64>, location: &str) -> DiaryEntry {
        DiaryEntry {
            line: day as usize,
            date: NaiveDate::from_ymd_opt(2026, 3, day).unwrap(),
            time: None,
            pain: Pain::new(2.0).unwrap(),
            stiffness_min: stiff,
            leg_pain: None,
            function: None,
            location: Some(location.into()),
            rpe: None,
            notes: None,
            red_flags: RedFlags::default(),
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
        assert!(stiffness(&e).unwrap().contains("(falling)"));
        let same = [entry(1, None, "low back"), entry(2, None, "low back")];
        assert_eq!(
            symptoms_changed(&same).unwrap(),
            "pain location stayed \"low back\"."
        );
        assert_eq!(stiffness(&same), None);
    }

    #[test]
    fn the_grade_is_read_off_the_evidence() {
        assert_eq!(
            grade("Nielsen 2014, observational. Evidence: low to moderate."),
            Some("low to moderate")
        );
        assert_eq!(grade("no verdict"), None);
    }

    #[test]
    fn page_one_of_an_empty_analysis_does_not_panic() {
        let a = Analysis::default();
        let day = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let items = page_one(&a, &Config::default(), day, day);
        assert_eq!(items[0].label, "Period");
        assert!(items.iter().any(|i| i.label == "Pain"));
    }
}
