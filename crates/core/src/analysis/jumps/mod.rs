//! Load jumps a clinician would agree with: a week above its chronic load
//! (not merely above a lighter week before it), a single run much longer
//! than the recent longest (Frandsen et al. 2025), or a week ahead of the
//! return-to-run plan — each with the day and run that crossed the line,
//! and a planned stage step told apart from running ahead of the plan.

use crate::analysis::evidence::{
    EVIDENCE_ACWR, EVIDENCE_CHANGE, EVIDENCE_CHRONIC, EVIDENCE_PLAN, EVIDENCE_SESSION, pct_text,
};
use crate::analysis::load::{
    Day, Load, RunLoad, RunRef, Week, running_minutes, shift_days, week_days,
};
use crate::analysis::plan::PlanWeek;
use crate::analysis::session::{SessionSpike, session_spikes};
use crate::config::Config;
use crate::metrics::round;
use chrono::NaiveDate;
use serde::Serialize;

#[cfg(test)]
mod tests;

/// Which rules made a week a load jump; several can hold at once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rule {
    /// A rise above `jump_pct` over the week before. Like the next two, only
    /// for a week above the highest of the previous `peak_weeks` weeks.
    pub weekly_change: bool,
    /// Above `chronic_high` × the mean of the previous `chronic_weeks` weeks.
    pub chronic: bool,
    /// EWMA acute:chronic ratio above `acwr_high`.
    pub acwr: bool,
    /// Single runs much longer than the recent longest, each dated.
    pub session_spikes: Vec<SessionSpike>,
    /// Progressed faster than the return-to-run plan, and why.
    pub ahead_of_plan: Option<String>,
    /// Not a rule: the rise came with a step of the plan (and the week was
    /// not ahead of it), e.g. "stage 2 → 3 (jog/walk 2:3, 3 × 30 min)".
    pub plan_step: Option<String>,
}

impl Serialize for Rule {
    /// As a list of rule names, the stable interface of `flags.json`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.names().serialize(s)
    }
}

impl Rule {
    fn names(&self) -> Vec<&'static str> {
        let mut names = Vec::new();
        if !self.session_spikes.is_empty() {
            names.push("session_spike");
        }
        if self.weekly_change {
            names.push("weekly_change");
        }
        if self.chronic {
            names.push("chronic_load");
        }
        if self.acwr {
            names.push("acwr");
        }
        if self.ahead_of_plan.is_some() {
            names.push("ahead_of_plan");
        }
        names
    }

    pub fn any(&self) -> bool {
        !self.names().is_empty()
    }

    pub fn describe(&self, config: &Config) -> String {
        let l = &config.load;
        let mut parts = Vec::new();
        let above_peak = self.weekly_change || self.chronic || self.acwr;
        for s in &self.session_spikes {
            parts.push(format!(
                "a single run {} % longer than the longest of the previous {} days ({}, band {})",
                pct_text(s.pct, l.session_spike_pct),
                l.session_window_days,
                s.date.format("%a %d %b"),
                s.band
            ));
        }
        if above_peak {
            parts.push(format!(
                "weekly load above the highest of the previous {} weeks",
                l.peak_weeks
            ));
        }
        if self.weekly_change {
            parts.push(format!("more than {} % over the week before", l.jump_pct));
        }
        if self.chronic {
            parts.push(format!(
                "above {} × the mean of the previous {} weeks",
                l.chronic_high, l.chronic_weeks
            ));
        }
        if self.acwr {
            parts.push(format!("EWMA acute:chronic ratio above {}", l.acwr_high));
        }
        if let Some(why) = &self.ahead_of_plan {
            parts.push(format!("progressed faster than the plan ({why})"));
        }
        let mut s = crate::text::join_and(&parts);
        if let Some(step) = &self.plan_step {
            s.push_str(&format!(
                "; a planned stage step ({step}), not running ahead of the plan"
            ));
        }
        s
    }

    /// Short names for the weekly table's reason column.
    pub fn short(&self) -> String {
        let mut parts: Vec<&str> = self
            .names()
            .into_iter()
            .map(|n| match n {
                "session_spike" => "session spike",
                "weekly_change" => "weekly rise",
                "chronic_load" => "chronic load",
                "acwr" => "EWMA ACWR",
                _ => "ahead of plan",
            })
            .collect();
        if self.plan_step.is_some() {
            parts.push("planned step");
        }
        parts.join(", ")
    }

    /// Each rule that fired in plain words with its evidence grade, e.g.
    /// ("single long run", "low"): page one maps every grade to its rule.
    pub fn graded(&self) -> Vec<(&'static str, &'static str)> {
        self.names()
            .into_iter()
            .zip(self.evidence())
            .map(|(n, e)| {
                let plain = match n {
                    "session_spike" => "single long run",
                    "weekly_change" => "weekly rise",
                    "chronic_load" => "chronic load",
                    "acwr" => "weighted ratio",
                    _ => "ahead of plan",
                };
                (
                    plain,
                    crate::analysis::evidence::grade(e).unwrap_or("see the glossary"),
                )
            })
            .collect()
    }

    /// The evidence behind each rule that fired, in the order of `names`.
    pub fn evidence(&self) -> Vec<&'static str> {
        self.names()
            .into_iter()
            .map(|n| match n {
                "session_spike" => EVIDENCE_SESSION,
                "weekly_change" => EVIDENCE_CHANGE,
                "chronic_load" => EVIDENCE_CHRONIC,
                "acwr" => EVIDENCE_ACWR,
                _ => EVIDENCE_PLAN,
            })
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Jump {
    pub week: String,
    pub week_start: NaiveDate,
    pub rule: Rule,
    pub load_metric: String,
    /// The unit of `load_before` and `load_after` (see `Week::load_unit`).
    pub load_unit: String,
    pub load_before: f64,
    pub load_after: f64,
    pub change_pct: Option<f64>,
    /// The highest of the previous `peak_weeks` weeks.
    pub previous_peak: Option<f64>,
    /// The mean of the previous `chronic_weeks` weeks, and this week's load
    /// divided by it.
    pub chronic_mean: Option<f64>,
    pub chronic_ratio: Option<f64>,
    pub acwr_ewma: Option<f64>,
    /// The single runs much longer than the recent longest.
    pub session_spikes: Vec<SessionSpike>,
    /// The plan's step that came with the rise, when not ahead of the plan.
    pub plan_step: Option<String>,
    /// The first day a rule fired, and the run that did it.
    pub trigger_date: NaiveDate,
    pub trigger_run: Option<RunRef>,
    /// The week's longest run.
    pub longest_run: Option<RunRef>,
    pub runs: Vec<RunRef>,
    /// Days in which a pain spike counts as following this jump.
    pub window_from: NaiveDate,
    pub window_to: NaiveDate,
    /// Diary days inside the window after the last trigger (0 = cannot
    /// judge the response).
    pub diary_days_in_window: u32,
}

/// What week `i` is compared with.
#[derive(Debug, Clone, Copy)]
struct Context {
    before: f64,
    peak: Option<f64>,
    chronic_mean: Option<f64>,
    /// At least `min_running_weeks` earlier weeks held counted running.
    ready: bool,
}

fn context(load: &Load, i: usize, running_weeks_before: u32, config: &Config) -> Context {
    let l = &config.load;
    let weeks = &load.weeks;
    let last = |n: u32| &weeks[i.saturating_sub(n as usize)..i];
    let chronic = last(l.chronic_weeks);
    Context {
        before: if i > 0 { weeks[i - 1].load } else { 0.0 },
        peak: last(l.peak_weeks).iter().map(|w| w.load).reduce(f64::max),
        chronic_mean: (chronic.len() == l.chronic_weeks as usize && !chronic.is_empty())
            .then(|| chronic.iter().map(|w| w.load).sum::<f64>() / chronic.len() as f64),
        ready: running_weeks_before >= l.min_running_weeks,
    }
}

/// The week-based rules (weekly rise, chronic load, EWMA ratio) for week
/// `w`. None fires for a week at or below the highest of the previous
/// `peak_weeks` weeks: it only returns to a level already run.
fn week_rules(w: &Week, c: &Context, minutes: f64, config: &Config) -> (bool, bool, bool) {
    let l = &config.load;
    let on = c.ready && minutes >= l.min_jump_minutes && c.peak.is_some_and(|p| w.load > p);
    let weekly = on && w.load_change_pct.is_some_and(|p| p > l.jump_pct);
    let chronic = on
        && c.chronic_mean
            .is_some_and(|m| m > 0.0 && w.load > l.chronic_high * m);
    let acwr = on && w.acwr_ewma.is_some_and(|r| r > l.acwr_high);
    (weekly, chronic, acwr)
}

/// Weeks that rise too fast, hold a run much longer than the recent
/// longest, or run ahead of the plan, with the day and run that crossed
/// the line. Every ratio, the single run's included, waits until
/// `min_running_weeks` earlier weeks held counted running: a few walking
/// weeks are not a chronic load of zero.
pub fn find_jumps(load: &Load, plan: &[PlanWeek], config: &Config) -> Vec<Jump> {
    let Some(first) = load.days.first().map(|d| d.date) else {
        return Vec::new();
    };
    let spikes = session_spikes(&load.runs, config);
    let mut out = Vec::new();
    let mut running_weeks = 0u32;
    for (i, w) in load.weeks.iter().enumerate() {
        let minutes = running_minutes(load, w.start);
        let c = context(load, i, running_weeks, config);
        if minutes > 0.0 {
            running_weeks += 1;
        }
        let (weekly_change, chronic, acwr) = week_rules(w, &c, minutes, config);
        let end = shift_days(w.start, 6);
        let ahead = plan
            .iter()
            .find(|p| p.start == w.start && p.ahead)
            .and_then(|p| p.ahead_reason.clone());
        let mut rule = Rule {
            weekly_change,
            chronic,
            acwr,
            session_spikes: spikes
                .iter()
                .filter(|s| c.ready && s.date >= w.start && s.date <= end)
                .cloned()
                .collect(),
            ahead_of_plan: ahead,
            plan_step: None,
        };
        if !rule.any() {
            continue;
        }
        if rule.ahead_of_plan.is_none() {
            rule.plan_step = plan_step(load, plan, i, &rule, config);
        }
        let (_, days) = week_days(&load.days, first, w.start);
        let (from, to) = trigger_days(load, w, &days, &c, &rule, config);
        out.push(jump(load, w, rule, &c, (from, to), config));
    }
    out
}

/// The plan week holding day `d`, if the plan has a stage there.
fn plan_week(plan: &[PlanWeek], d: NaiveDate) -> Option<&PlanWeek> {
    plan.iter()
        .find(|p| p.start <= d && d <= shift_days(p.start, 6) && p.stage.is_some())
}

/// Stage `to` asks for more running than stage `from`: more planned jogging
/// minutes, or as many and more minutes in all.
fn steps_up(from: &PlanWeek, to: &PlanWeek) -> bool {
    let total = |p: &PlanWeek| p.planned_minutes.unwrap_or(0.0);
    let jog = |p: &PlanWeek| total(p) * p.planned_jog_share.unwrap_or(0.0);
    from.stage != to.stage
        && (jog(to) > jog(from) + 1e-9
            || ((jog(to) - jog(from)).abs() <= 1e-9 && total(to) > total(from) + 1e-9))
}

fn describe_step(from: &PlanWeek, to: &PlanWeek) -> String {
    format!(
        "stage {} → {}: {}",
        from.stage.unwrap_or(0),
        to.stage.unwrap_or(0),
        to.planned
    )
}

/// Whether the rise came with a step of the plan: a single run's reference
/// lies in an earlier stage that asked for less, or one of the weeks the
/// week is compared with does.
fn plan_step(
    load: &Load,
    plan: &[PlanWeek],
    i: usize,
    rule: &Rule,
    config: &Config,
) -> Option<String> {
    for s in &rule.session_spikes {
        if let (Some(a), Some(b)) = (plan_week(plan, s.reference_date), plan_week(plan, s.date))
            && steps_up(a, b)
        {
            return Some(describe_step(a, b));
        }
    }
    if !(rule.weekly_change || rule.chronic || rule.acwr) {
        return None;
    }
    let weeks = &load.weeks;
    let to = plan_week(plan, weeks[i].start)?;
    let n = config.load.chronic_weeks.max(config.load.peak_weeks) as usize;
    weeks[i.saturating_sub(n)..i]
        .iter()
        .rev()
        .filter_map(|w| plan_week(plan, w.start))
        .find(|from| from.stage != to.stage)
        .filter(|from| steps_up(from, to))
        .map(|from| describe_step(from, to))
}

/// The first and the last day on which a rule fired: the day the week's
/// running total passed a weekly limit, the EWMA ratio went over, a long
/// run was run, or (ahead of the plan) the week's longest run.
fn trigger_days(
    load: &Load,
    w: &Week,
    days: &[&Day],
    c: &Context,
    rule: &Rule,
    config: &Config,
) -> (NaiveDate, NaiveDate) {
    let l = &config.load;
    let weekly_limit = (c.before * (1.0 + l.jump_pct / 100.0)).max(c.peak.unwrap_or(0.0));
    let chronic_limit = c.chronic_mean.map(|m| m * l.chronic_high);
    let mut dates: Vec<NaiveDate> = rule.session_spikes.iter().map(|s| s.date).collect();
    let mut total = 0.0;
    for d in days {
        total += d.load;
        let weekly = rule.weekly_change && d.load > 0.0 && total > weekly_limit;
        let chronic = rule.chronic && d.load > 0.0 && chronic_limit.is_some_and(|x| total > x);
        let ratio = rule.acwr && d.acwr_ewma.is_some_and(|r| r > l.acwr_high);
        if weekly || chronic || ratio {
            dates.push(d.date);
            break;
        }
    }
    if dates.is_empty() && rule.ahead_of_plan.is_some() {
        dates.extend(longest_run(load, w.start).map(|r| r.date));
    }
    let from = dates.iter().min().copied().unwrap_or(w.start);
    let to = dates.iter().max().copied().unwrap_or(w.start);
    (from, to)
}

/// The week's longest counted run.
fn longest_run(load: &Load, start: NaiveDate) -> Option<&RunLoad> {
    let end = shift_days(start, 6);
    load.runs
        .iter()
        .filter(|r| r.counts && r.date >= start && r.date <= end)
        .max_by(|a, b| a.minutes.total_cmp(&b.minutes))
}

fn jump(
    load: &Load,
    w: &Week,
    rule: Rule,
    c: &Context,
    (trigger, last_trigger): (NaiveDate, NaiveDate),
    config: &Config,
) -> Jump {
    let end = shift_days(w.start, 6);
    let week_runs: Vec<&RunLoad> = load
        .runs
        .iter()
        .filter(|r| r.date >= w.start && r.date <= end)
        .collect();
    let trigger_run = week_runs
        .iter()
        .filter(|r| r.date == trigger && r.counts)
        .max_by(|a, b| a.load.total_cmp(&b.load))
        .map(|r| RunRef::of(r));
    let longest = week_runs
        .iter()
        .max_by(|a, b| a.minutes.total_cmp(&b.minutes))
        .map(|r| RunRef::of(r));
    let window_to = shift_days(last_trigger, config.pain.lag_days).max(end);
    // Days after the last trigger: pain on the run's own day may have been
    // written before it.
    let diary_days = load
        .days
        .iter()
        .filter(|d| d.date > last_trigger && d.date <= window_to && d.pain_mean.is_some())
        .count() as u32;
    Jump {
        week: w.week.clone(),
        week_start: w.start,
        load_metric: w.load_metric.clone(),
        load_unit: w.load_unit.clone(),
        load_before: round(c.before, 1),
        load_after: round(w.load, 1),
        change_pct: w.load_change_pct.map(|v| round(v, 1)),
        previous_peak: c.peak.map(|v| round(v, 1)),
        chronic_mean: c.chronic_mean.map(|v| round(v, 1)),
        chronic_ratio: c
            .chronic_mean
            .filter(|m| *m > 0.0)
            .map(|m| round(w.load / m, 2)),
        acwr_ewma: w.acwr_ewma.map(|r| round(r, 2)),
        session_spikes: rule.session_spikes.clone(),
        plan_step: rule.plan_step.clone(),
        rule,
        trigger_date: trigger,
        trigger_run,
        longest_run: longest,
        runs: week_runs.iter().map(|r| RunRef::of(r)).collect(),
        window_from: trigger,
        window_to,
        diary_days_in_window: diary_days,
    }
}
