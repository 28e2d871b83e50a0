//! Pain spikes: days well above the runner's own recent pain, joined into
//! episodes. One rule (`spike_rule`) says in words what `find_spikes`
//! does, and every output quotes it.

use crate::analysis::load::{Load, week_days};
use crate::config::Config;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spike {
    /// First day at or above baseline + spike points, and its pain.
    pub date: NaiveDate,
    pub pain: f64,
    pub peak: f64,
    pub peak_date: NaiveDate,
    pub baseline: f64,
    /// The last diary day before the spike and its pain.
    pub before: Option<(NaiveDate, f64)>,
}

/// Days apart within which a spike day still belongs to the spike before
/// it (from its first day or its peak).
const SPIKE_JOIN_DAYS: i64 = 2;

/// The pain-spike rule in words: the glossary, the docs and the weeks'
/// column all say this one sentence, as `find_spikes` and `mark_weeks`
/// apply it.
pub fn spike_rule(config: &Config) -> String {
    format!(
        "A pain spike starts on a day whose mean pain is at least {} points above the baseline (the median weekly mean pain of the previous 4 weeks with diary entries); later spike days up to {SPIKE_JOIN_DAYS} days from its first day or its peak belong to the same spike, which is dated by its first day and given its peak. A week is marked “pain spike” when a spike starts in it; a spike that runs on into the next week does not mark that week again.",
        crate::numbers::num1(config.pain.spike_points)
    )
}

/// Spike episodes, as `spike_rule` says: runs of days at or above the
/// week's baseline + spike points.
pub fn find_spikes(load: &Load, config: &Config) -> Vec<Spike> {
    let Some(first) = load.days.first().map(|d| d.date) else {
        return Vec::new();
    };
    let mut out: Vec<Spike> = Vec::new();
    let mut last_before: Option<(NaiveDate, f64)> = None;
    for w in &load.weeks {
        let Some(base) = w.pain_baseline else {
            let (_, days) = week_days(&load.days, first, w.start);
            if let Some(d) = days.iter().rev().find(|d| d.pain_mean.is_some()) {
                last_before = Some((d.date, d.pain_mean.unwrap_or(0.0)));
            }
            continue;
        };
        let (_, days) = week_days(&load.days, first, w.start);
        for d in days {
            let Some(p) = d.pain_mean else { continue };
            if p < base + config.pain.spike_points {
                last_before = Some((d.date, p));
                continue;
            }
            match out.last_mut() {
                Some(s)
                    if (d.date - s.peak_date).num_days() <= SPIKE_JOIN_DAYS
                        || (d.date - s.date).num_days() <= SPIKE_JOIN_DAYS =>
                {
                    if p > s.peak {
                        s.peak = p;
                        s.peak_date = d.date;
                    }
                }
                _ => out.push(Spike {
                    date: d.date,
                    pain: p,
                    peak: p,
                    peak_date: d.date,
                    baseline: base,
                    before: last_before,
                }),
            }
        }
    }
    out
}

/// The spike against its baseline, the same words wherever a flag is
/// shown: "pain reached 5.5 against a baseline of 2.1 (2.5 the day before
/// the run)". One baseline, so page one and the flag card cannot differ.
pub fn spike_words(s: &Spike) -> String {
    let before = s
        .before
        .map(|b| format!(" ({:.1} on {} before the run)", b.1, b.0.format("%a %d %b")))
        .unwrap_or_default();
    format!(
        "pain reached {:.1} against a baseline of {:.1}{before}",
        s.peak, s.baseline
    )
}
