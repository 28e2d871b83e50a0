//! `runlog flags` as text: the answer first, within a screenful. Red flags
//! come first, then next week's limit and the next long run (the sentence
//! page one says, from `NextWeek`), then each flag, pain spike and load
//! jump in a line or two: its dates, the rule, the pain that followed.
//! `--explain` adds each one's numbers and the evidence behind each rule
//! that fired, each study once; `--format json` (`flags::to_json`) keeps
//! everything.

use crate::analysis::Analysis;
use crate::analysis::evidence::{EVIDENCE_SPIKE, pct_text};
use crate::analysis::flags::{Flag, Jump, load_evidence, long_gap, red_flag_notice};
use crate::analysis::spikes::Spike;
use crate::config::Config;
use crate::dates::week_span;
use crate::text::join_and;

/// What `runlog flags` shows.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    /// The weeks shown: the flags, spikes and jumps listed are theirs.
    pub a: &'a Analysis,
    /// The whole history, which says where the runs are when the diary
    /// runs on past them (`flags::long_gap`).
    pub whole: &'a Analysis,
    /// Each item's numbers and the evidence behind its rules.
    pub explain: bool,
    /// Which weeks are shown and how to see the rest, when a terminal
    /// shows only the last ones.
    pub shown: Option<&'a str>,
}

/// The whole text, each paragraph ending in a blank line but the last.
pub fn to_text(v: &View<'_>, config: &Config) -> String {
    let a = v.a;
    let mut parts = vec![red_flags(a, config)];
    if !a.diary_present {
        parts.push(
            "No pain diary (pain.csv) found: load is shown alone, no flags can be raised.".into(),
        );
    }
    parts.push(next_week(a, config));
    if v.explain {
        let unit = config.load.metric.unit(config.display.units);
        parts.extend(
            a.advice
                .envelope()
                .map(|e| format!("By the load rule alone: {}", e.describe(unit, config))),
        );
    }
    parts.extend(long_gap(v.whole));
    parts.push(flags(a, config, v.explain));
    parts.push(unexplained(&a.unexplained));
    parts.push(quiet_jumps(a, config, v.explain));
    parts.extend(monotony(a, config));
    if v.explain {
        parts.extend(evidence(a));
    }
    if a.diary_present {
        parts.push(format!(
            "Over the whole history: {}",
            a.association.full_sentence()
        ));
    }
    parts.extend(v.shown.map(str::to_string));
    parts.push(if v.explain {
        "A flag is an association in one person's data, not a diagnosis.".into()
    } else {
        "A flag is an association in one person's data, not a diagnosis. Each flag's numbers and the evidence behind its rules: `runlog flags --explain`.".into()
    });
    let mut out = parts.join("\n\n");
    out.push('\n');
    out
}

/// The notice, or the standing line that says none was recorded.
fn red_flags(a: &Analysis, config: &Config) -> String {
    red_flag_notice(&a.red_flags).unwrap_or_else(|| {
        format!(
            "Red flags: {}",
            crate::analysis::red_flags::standing_line(&a.red_flags, config.pain.red_flag_days)
        )
    })
}

/// Next week's limit and the next long run, as page one says them, or
/// the red flag that stops them.
fn next_week(a: &Analysis, config: &Config) -> String {
    if let Some(why) = a.advice.withheld_text() {
        return format!("Next week: {why}");
    }
    let unit = config.load.metric.unit(config.display.units);
    let week = a.next_week.as_ref().and_then(|n| {
        let limit = n.describe(config, unit)?;
        Some(format!("Next week ({}): {limit}", week_span(n.monday)))
    });
    let long = a.advice.long_run().map(|r| {
        let line = r.describe(config.display.units);
        let (first, rest) = line.split_at(1);
        format!("{}{rest}", first.to_uppercase())
    });
    match (week, long) {
        (Some(w), Some(l)) => format!("{w}\n{l}"),
        (Some(one), None) | (None, Some(one)) => one,
        (None, None) => {
            "Next week: no load limit yet: the load rule needs runs in the weeks before.".into()
        }
    }
}

/// "- 21–27 Sep (2026-W39): the Sat 26 Sep run 69 % longer than the
/// 30-day longest, the week +54 %, …; then pain 5.5 on Mon 28 Sep
/// (baseline 2.1)."
fn flags(a: &Analysis, config: &Config, explain: bool) -> String {
    let mut out = format!(
        "Flags: load jumps followed by a pain spike ({})",
        a.flags.len()
    );
    for f in &a.flags {
        out.push_str(&format!(
            "\n- {}: {}; then {}.",
            when(&f.jump),
            what_rose(&f.jump, config),
            pain_after(f)
        ));
        if explain {
            out.push_str(&details(&f.jump, config));
            out.push_str(&format!("\n    pain: {}", pain_numbers(&f.spike)));
        }
    }
    out
}

/// The week as a person reads it, with its code for the weeks table.
fn when(j: &Jump) -> String {
    format!("{} ({})", week_span(j.week_start), j.week)
}

/// What the rules saw, in as few words as they allow.
fn what_rose(j: &Jump, config: &Config) -> String {
    let l = &config.load;
    let r = &j.rule;
    let mut parts = Vec::new();
    if let Some(s) = r.session_spikes.first() {
        let more = match r.session_spikes.len() - 1 {
            0 => String::new(),
            1 => " (and 1 more run)".into(),
            n => format!(" (and {n} more runs)"),
        };
        parts.push(format!(
            "the {} run {} % longer than the {}-day longest{more}",
            s.date.format("%a %d %b"),
            pct_text(s.pct, l.session_spike_pct),
            l.session_window_days
        ));
    }
    if let (true, Some(c)) = (r.weekly_change, j.change_pct) {
        parts.push(format!("the week {c:+.0} %"));
    }
    if let (true, Some(x)) = (r.chronic, j.chronic_ratio) {
        parts.push(format!("{x:.2} × the {}-week mean", l.chronic_weeks));
    }
    if let (true, Some(x)) = (r.acwr, j.acwr_ewma) {
        parts.push(format!("EWMA ratio {x:.2}"));
    }
    if r.ahead_of_plan.is_some() {
        parts.push("ahead of the plan".into());
    }
    if r.plan_step.is_some() {
        parts.push("a planned stage step".into());
    }
    join_and(&parts)
}

/// "pain 5.5 on Mon 28 Sep (baseline 2.1), 2 days after the run".
fn pain_after(f: &Flag) -> String {
    let s = &f.spike;
    format!(
        "pain {:.1} on {} (baseline {:.1}), {} day{} after the run",
        s.peak,
        s.peak_date.format("%a %d %b"),
        s.baseline,
        f.lag_days.max(0),
        if f.lag_days == 1 { "" } else { "s" }
    )
}

fn pain_numbers(s: &Spike) -> String {
    format!(
        "baseline {:.1}{}; spike from {}, peak {:.1} on {}",
        s.baseline,
        s.before
            .map(|b| format!(", {:.1} on {} before the run", b.1, b.0))
            .unwrap_or_default(),
        s.date,
        s.peak,
        s.peak_date
    )
}

fn unexplained(spikes: &[Spike]) -> String {
    let mut out = format!(
        "Pain spikes not explained by load in this data ({})",
        spikes.len()
    );
    for s in spikes {
        let peak = if s.peak_date == s.date {
            String::new()
        } else {
            format!(
                " (peak {:.1} on {})",
                s.peak,
                s.peak_date.format("%a %d %b")
            )
        };
        out.push_str(&format!(
            "\n- {}: pain {:.1}{peak} against a baseline of {:.1}.",
            s.date.format("%a %d %b %Y"),
            s.pain,
            s.baseline
        ));
    }
    out
}

fn quiet_jumps(a: &Analysis, config: &Config, explain: bool) -> String {
    let mut out = format!("Load jumps with no pain response ({})", a.quiet_jumps.len());
    for j in &a.quiet_jumps {
        let response = if j.diary_days_in_window == 0 {
            "no diary entries in the days after: the response cannot be judged"
        } else {
            "no pain spike followed"
        };
        out.push_str(&format!(
            "\n- {}: {}; {response}.",
            when(j),
            what_rose(j, config)
        ));
        if explain {
            out.push_str(&details(j, config));
        }
    }
    out
}

fn monotony(a: &Analysis, config: &Config) -> Option<String> {
    if a.monotony_notes.is_empty() {
        return None;
    }
    let lines: Vec<String> = a
        .monotony_notes
        .iter()
        .map(|(w, m)| format!("- {w}: {m:.2}"))
        .collect();
    Some(format!(
        "Weeks of monotonous training, monotony above {} (Foster 1998)\n{}",
        config.load.monotony_high,
        lines.join("\n")
    ))
}

/// A jump's numbers, for `--explain`: the rule in full, the load, the
/// runs that crossed the line. The evidence follows once, at the end.
fn details(j: &Jump, config: &Config) -> String {
    let unit = config.load.metric.unit(config.display.units);
    let units = config.display.units;
    let mut s = format!(
        "\n    rule: {}; {}",
        j.rule.describe(config),
        load_evidence(j, unit, config)
    );
    for spike in &j.session_spikes {
        s.push_str(&format!("\n    single run: {}", spike.describe(config)));
    }
    if let Some(r) = &j.trigger_run {
        s.push_str(&format!(
            "\n    crossed the line with: {}",
            r.describe(units)
        ));
    }
    if let Some(r) = &j.longest_run {
        s.push_str(&format!("\n    longest run: {}", r.describe(units)));
    }
    s
}

/// The evidence behind every rule that fired in the weeks shown, each
/// text once, in the order the rules first appear; and what a pain spike
/// means, when one is listed.
fn evidence(a: &Analysis) -> Option<String> {
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for j in a.flags.iter().map(|f| &f.jump).chain(&a.quiet_jumps) {
        let plain = j.rule.graded().into_iter().map(|(name, _)| name);
        for (name, text) in plain.zip(j.rule.evidence()) {
            if !seen.iter().any(|(_, t)| *t == text) {
                seen.push((name, text));
            }
        }
    }
    if !a.flags.is_empty() || !a.unexplained.is_empty() {
        seen.push(("pain spike", EVIDENCE_SPIKE));
    }
    if seen.is_empty() {
        return None;
    }
    let lines: Vec<String> = seen
        .iter()
        .map(|(name, text)| format!("- {name}: {text}"))
        .collect();
    Some(format!(
        "Evidence behind the rules above (each once)\n{}",
        lines.join("\n")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(a: &Analysis) -> View<'_> {
        View {
            a,
            whole: a,
            explain: false,
            shown: None,
        }
    }

    /// Issue #33: without a diary, flags say why there are none, and the
    /// text still ends by naming `--explain`.
    #[test]
    fn issue33_the_answer_first_and_the_evidence_on_request() {
        let a = Analysis::default();
        let config = Config::default();
        let text = to_text(&view(&a), &config);
        assert!(text.starts_with("Red flags: none recorded"), "{text}");
        assert!(text.contains("No pain diary"), "{text}");
        assert!(
            text.trim_end().ends_with("`runlog flags --explain`."),
            "{text}"
        );
        let explained = to_text(
            &View {
                explain: true,
                ..view(&a)
            },
            &config,
        );
        assert!(!explained.contains("--explain"), "{explained}");
    }
}
