//! Load jumps, pain spikes, and the flags where the two line up — each with
//! the evidence behind it, so a physiotherapist can judge it.
//!
//! A flag is an association in one person's data, never a diagnosis: every
//! rule carries its evidence grade wherever it is shown.

use crate::analysis::association::{Association, WeekObs, associate};
use crate::analysis::load::{Day, Load, RunLoad, Week, shift_days, week_days};
use crate::analysis::plan::PlanWeek;
use crate::config::{Config, LoadMetric};
use crate::model::DiaryEntry;
use chrono::NaiveDate;
use serde::Serialize;

/// Evidence grade of the week-over-week rule.
pub const EVIDENCE_CHANGE: &str = "Week-to-week increases above about 30 % went with more running injuries in novice runners (Nielsen et al. 2014, observational); the popular \"10 % rule\" did not prevent injuries in a trial of 532 novices (Buist et al. 2008). Evidence: low to moderate.";
/// Evidence grade of the acute:chronic rule.
pub const EVIDENCE_ACWR: &str = "An EWMA acute:chronic ratio above 1.5 went with more injuries in team sports (Gabbett 2016); the ratio itself is contested as a predictor (Impellizzeri et al. 2020). Evidence: low, contested.";
/// Why running ahead of a graded plan is a rule of its own.
pub const EVIDENCE_PLAN: &str = "Graded return-to-activity plans for low back pain progress in small steps and check symptoms before the next one; this rule only says the week went beyond its stage, not that the stage was right for you.";
/// What a pain spike means.
pub const EVIDENCE_SPIKE: &str = "A rise of about 2 points on the 0–10 scale is roughly the smallest change people with low back pain notice (Ostelo et al. 2008).";

/// Which rules made a week a load jump; several can hold at once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rule {
    /// Week-over-week change above the limit.
    pub weekly_change: bool,
    /// EWMA acute:chronic ratio above the limit.
    pub acwr: bool,
    /// Progressed faster than the return-to-run plan, and why.
    pub ahead_of_plan: Option<String>,
}

impl Serialize for Rule {
    /// As a list of rule names, the stable interface of `flags.json`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut names = Vec::new();
        if self.weekly_change {
            names.push("weekly_change");
        }
        if self.acwr {
            names.push("acwr");
        }
        if self.ahead_of_plan.is_some() {
            names.push("ahead_of_plan");
        }
        names.serialize(s)
    }
}

impl Rule {
    pub fn any(&self) -> bool {
        self.weekly_change || self.acwr || self.ahead_of_plan.is_some()
    }

    pub fn describe(&self, config: &Config) -> String {
        let l = &config.load;
        let mut parts = Vec::new();
        if self.weekly_change {
            parts.push(format!("weekly load rose more than {} %", l.jump_pct));
        }
        if self.acwr {
            parts.push(format!("EWMA acute:chronic ratio above {}", l.acwr_high));
        }
        if let Some(why) = &self.ahead_of_plan {
            parts.push(format!("progressed faster than the plan ({why})"));
        }
        parts.join(" and ")
    }

    /// Short names for the weekly table's reason column.
    pub fn short(&self) -> String {
        let mut parts = Vec::new();
        if self.weekly_change {
            parts.push("weekly change");
        }
        if self.acwr {
            parts.push("EWMA ACWR");
        }
        if self.ahead_of_plan.is_some() {
            parts.push("ahead of plan");
        }
        parts.join(" and ")
    }

    pub fn evidence(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        if self.weekly_change {
            v.push(EVIDENCE_CHANGE);
        }
        if self.acwr {
            v.push(EVIDENCE_ACWR);
        }
        if self.ahead_of_plan.is_some() {
            v.push(EVIDENCE_PLAN);
        }
        v
    }
}

/// "run", "walk"… for a sport name, as a person would say it.
pub fn activity_noun(sport: &str) -> String {
    match sport {
        "running" | "generic" | "unknown" => "run".into(),
        "trail_running" => "trail run".into(),
        "walking" => "walk".into(),
        "hiking" => "hike".into(),
        "cycling" => "ride".into(),
        other => other.replace('_', " "),
    }
}

/// A run as cited in evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunRef {
    pub date: NaiveDate,
    pub sport: String,
    pub minutes: f64,
    pub km: Option<f64>,
    pub name: Option<String>,
}

impl RunRef {
    fn of(r: &RunLoad) -> RunRef {
        RunRef {
            date: r.date,
            sport: r.sport.clone(),
            minutes: crate::metrics::round(r.minutes, 1),
            km: r.km.map(|k| (k * 100.0).round() / 100.0),
            name: r.name.clone(),
        }
    }

    pub fn describe(&self) -> String {
        let km = self
            .km
            .filter(|k| *k > 0.0)
            .map(|k| format!(", {k:.1} km"))
            .unwrap_or_default();
        format!(
            "{} {} of {:.0} min{km}",
            self.date.format("%a %d %b"),
            activity_noun(&self.sport),
            self.minutes
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Jump {
    pub week: String,
    pub week_start: NaiveDate,
    pub rule: Rule,
    pub load_metric: String,
    pub load_before: f64,
    pub load_after: f64,
    pub change_pct: Option<f64>,
    pub acwr_ewma: Option<f64>,
    /// The day the week crossed the threshold, and the run that did it.
    pub trigger_date: NaiveDate,
    pub trigger_run: Option<RunRef>,
    /// The week's longest run.
    pub longest_run: Option<RunRef>,
    pub runs: Vec<RunRef>,
    /// Days in which a pain spike counts as following this jump.
    pub window_from: NaiveDate,
    pub window_to: NaiveDate,
    /// Diary entries inside the window (0 = cannot judge the response).
    pub diary_days_in_window: u32,
}

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

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flag {
    pub week: String,
    pub rule: Rule,
    pub jump: Jump,
    pub spike: Spike,
    /// Days from the triggering run to the first spike day.
    pub lag_days: i64,
    pub sentence: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RedFlag {
    pub date: NaiveDate,
    pub symptoms: Vec<&'static str>,
    pub line: usize,
}

/// The largest load next week that stays within both limits.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Envelope {
    pub after_week: String,
    pub load_metric: String,
    /// From the week-over-week limit.
    pub by_change: Option<f64>,
    /// From the EWMA ratio limit, assuming the load is spread evenly.
    pub by_acwr: Option<f64>,
    pub max_load: f64,
    pub max_minutes: f64,
}

/// Per run: did pain settle by the next morning?
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Settle {
    pub date: NaiveDate,
    pub minutes: f64,
    pub before: f64,
    pub next_morning: f64,
    pub settled: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub load: Load,
    pub metric: Option<LoadMetric>,
    pub jumps: Vec<Jump>,
    pub flags: Vec<Flag>,
    pub unexplained: Vec<Spike>,
    pub quiet_jumps: Vec<Jump>,
    pub red_flags: Vec<RedFlag>,
    /// (week, monotony) above the configured limit.
    pub monotony_notes: Vec<(String, f64)>,
    pub envelope: Option<Envelope>,
    pub settle: Vec<Settle>,
    /// The return-to-run plan week by week (empty without a plan start).
    pub plan: Vec<PlanWeek>,
    pub diary_present: bool,
    pub diary_entries: Vec<DiaryEntry>,
    pub diary_rows_skipped: usize,
    /// Activities left out because their date cannot be real (see
    /// `load::implausible_start`): source, start, why.
    pub unplaced: Vec<(String, chrono::DateTime<chrono::Utc>, &'static str)>,
    /// Input files the store holds as not imported: (file, reason).
    pub skipped_files: Vec<(String, String)>,
    /// Problems the import worked around: (activity source, what and how).
    pub import_notes: Vec<(String, String)>,
    /// Whether, over the whole history, pain spikes follow load-jump weeks
    /// more often than other weeks (issue #17).
    pub association: Association,
}

/// Find jumps, spikes and flags, and mark the weeks.
pub fn detect(mut load: Load, diary: Option<(&[DiaryEntry], usize)>, config: &Config) -> Analysis {
    let entries = diary.map(|d| d.0.to_vec()).unwrap_or_default();
    let plan = crate::analysis::plan::compare(&load, &config.plan);
    let jumps = find_jumps(&load, &plan, config);
    let spikes = find_spikes(&load, config);
    let association = association(&load, &jumps, &spikes, config);
    let mut flags = Vec::new();
    let mut quiet = Vec::new();
    let mut explained = vec![false; spikes.len()];
    for j in &jumps {
        let hit = spikes
            .iter()
            .position(|s| s.date >= j.window_from && s.date <= j.window_to);
        match hit {
            Some(i) => {
                explained[i] = true;
                flags.push(make_flag(j, &spikes[i], &load.days, config));
            }
            None => quiet.push(j.clone()),
        }
    }
    mark_weeks(&mut load.weeks, &jumps, &flags);
    let unexplained = spikes
        .into_iter()
        .zip(explained)
        .filter(|(_, e)| !e)
        .map(|(s, _)| s)
        .collect();
    let monotony_notes = load
        .weeks
        .iter()
        .filter_map(|w| {
            w.monotony
                .filter(|m| *m > config.load.monotony_high)
                .map(|m| (w.week.clone(), m))
        })
        .collect();
    Analysis {
        plan,
        metric: load.metric,
        envelope: envelope(&load, config),
        settle: settle_checks(&load, config),
        red_flags: red_flags(&entries),
        load,
        jumps,
        flags,
        unexplained,
        quiet_jumps: quiet,
        monotony_notes,
        diary_present: diary.is_some(),
        diary_rows_skipped: diary.map(|d| d.1).unwrap_or(0),
        diary_entries: entries,
        unplaced: Vec::new(),
        skipped_files: Vec::new(),
        import_notes: Vec::new(),
        association,
    }
}

/// The association test's seed: fixed, so a report is the same every run.
const ASSOCIATION_SEED: u64 = 0x5EED_2017;

/// The whole history's weeks as the association test sees them: a week is
/// "followed" when a pain spike starts between its Monday and `lag_days`
/// after its Sunday. One window for every week, so jump weeks and other
/// weeks are compared on equal terms (a flag's own window starts at the run
/// that pushed the week over, so the counts can differ from the flags').
fn association(load: &Load, jumps: &[Jump], spikes: &[Spike], config: &Config) -> Association {
    let jump_weeks: std::collections::HashSet<&str> =
        jumps.iter().map(|j| j.week.as_str()).collect();
    let obs: Vec<WeekObs> = load
        .weeks
        .iter()
        .map(|w| {
            let end = shift_days(w.start, 6 + config.pain.lag_days);
            WeekObs {
                label: w.week.clone(),
                load: w.load,
                jump: jump_weeks.contains(w.week.as_str()),
                spike_followed: spikes.iter().any(|s| s.date >= w.start && s.date <= end),
                pain_mean: w.pain_mean,
            }
        })
        .collect();
    associate(&obs, ASSOCIATION_SEED)
}

fn first_day(load: &Load) -> Option<NaiveDate> {
    load.days.first().map(|d| d.date)
}

/// Weeks that rise too fast (or run ahead of the plan), with the day and
/// run that crossed the line.
fn find_jumps(load: &Load, plan: &[PlanWeek], config: &Config) -> Vec<Jump> {
    let Some(first) = first_day(load) else {
        return Vec::new();
    };
    let l = &config.load;
    let mut out = Vec::new();
    for (i, w) in load.weeks.iter().enumerate() {
        let ahead = plan.iter().find(|p| p.start == w.start && p.ahead);
        let big_enough = running_minutes(load, w.start) >= l.min_jump_minutes;
        let rule = Rule {
            weekly_change: big_enough && w.load_change_pct.is_some_and(|c| c > l.jump_pct),
            acwr: big_enough && w.acwr_ewma.is_some_and(|r| r > l.acwr_high),
            ahead_of_plan: ahead.and_then(|p| p.ahead_reason.clone()),
        };
        if !rule.any() {
            continue;
        }
        let before = if i > 0 { load.weeks[i - 1].load } else { 0.0 };
        let (_, days) = week_days(&load.days, first, w.start);
        let trigger = trigger_day(&days, before, &rule, config)
            .or_else(|| ahead.and_then(|_| longest_run_day(load, w.start)))
            .unwrap_or(w.start);
        out.push(jump(load, w, rule, before, trigger, config));
    }
    out
}

/// The day of the week's longest counted run: where a plan jump is dated.
fn longest_run_day(load: &Load, start: NaiveDate) -> Option<NaiveDate> {
    let end = shift_days(start, 6);
    load.runs
        .iter()
        .filter(|r| r.counts && r.date >= start && r.date <= end)
        .max_by(|a, b| a.minutes.total_cmp(&b.minutes))
        .map(|r| r.date)
}

/// Minutes of the activities that count towards load, in the week from `start`.
pub fn running_minutes(load: &Load, start: NaiveDate) -> f64 {
    let end = shift_days(start, 6);
    load.runs
        .iter()
        .filter(|r| r.counts && r.date >= start && r.date <= end)
        .map(|r| r.minutes)
        .sum()
}

/// The first day on which the week's running total passed the limit (or
/// the daily EWMA ratio did).
fn trigger_day(days: &[&Day], before: f64, rule: &Rule, config: &Config) -> Option<NaiveDate> {
    let limit = before * (1.0 + config.load.jump_pct / 100.0);
    let mut total = 0.0;
    for d in days {
        total += d.load;
        let change = rule.weekly_change && before > 0.0 && total > limit && d.runs > 0;
        let ratio = rule.acwr && d.acwr_ewma.is_some_and(|r| r > config.load.acwr_high);
        if change || ratio {
            return Some(d.date);
        }
    }
    None
}

fn jump(
    load: &Load,
    w: &Week,
    rule: Rule,
    before: f64,
    trigger: NaiveDate,
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
        .filter(|r| r.date == trigger)
        .max_by(|a, b| a.load.total_cmp(&b.load))
        .map(|r| RunRef::of(r));
    let longest = week_runs
        .iter()
        .max_by(|a, b| a.minutes.total_cmp(&b.minutes))
        .map(|r| RunRef::of(r));
    let window_to = shift_days(trigger, config.pain.lag_days).max(end);
    let diary_days = load
        .days
        .iter()
        .filter(|d| d.date >= trigger && d.date <= window_to && d.pain_mean.is_some())
        .count() as u32;
    Jump {
        week: w.week.clone(),
        week_start: w.start,
        rule,
        load_metric: w.load_metric.clone(),
        load_before: crate::metrics::round(before, 1),
        load_after: crate::metrics::round(w.load, 1),
        change_pct: w.load_change_pct.map(|v| crate::metrics::round(v, 1)),
        acwr_ewma: w.acwr_ewma.map(|r| (r * 100.0).round() / 100.0),
        trigger_date: trigger,
        trigger_run,
        longest_run: longest,
        runs: week_runs.iter().map(|r| RunRef::of(r)).collect(),
        window_from: trigger,
        window_to,
        diary_days_in_window: diary_days,
    }
}

/// Spike episodes: runs of days at or above the week's baseline + spike
/// points; an episode ends after two days without such a reading.
fn find_spikes(load: &Load, config: &Config) -> Vec<Spike> {
    let Some(first) = first_day(load) else {
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
                    if (d.date - s.peak_date).num_days() <= 2
                        || (d.date - s.date).num_days() <= 2 =>
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

fn make_flag(j: &Jump, s: &Spike, days: &[Day], config: &Config) -> Flag {
    let lag = (s.date - j.trigger_date).num_days();
    // Pain before the jump: the last diary day before the triggering run.
    let mut s = s.clone();
    if let Some(d) = days
        .iter()
        .rev()
        .find(|d| d.date < j.trigger_date && d.pain_mean.is_some())
    {
        s.before = d.pain_mean.map(|p| (d.date, p));
    }
    let what = match config.load.metric {
        LoadMetric::Time => "running time",
        LoadMetric::Distance => "distance",
        LoadMetric::Trimp => "heart-rate load (TRIMP)",
        LoadMetric::Srpe => "session-RPE load",
    };
    let rise = match (&j.rule, j.change_pct) {
        (r, Some(c)) if r.weekly_change => format!("{what} rose {c:.0} % over the week before"),
        (r, _) if r.acwr => format!(
            "the EWMA acute:chronic ratio reached {:.2}",
            j.acwr_ewma.unwrap_or(0.0)
        ),
        (r, _) => format!(
            "training progressed faster than the plan ({})",
            r.ahead_of_plan.clone().unwrap_or_default()
        ),
    };
    let from = s
        .before
        .map(|b| format!("{:.1}", b.1))
        .unwrap_or_else(|| format!("{:.1} (baseline)", s.baseline));
    let sentence = format!(
        "In week {} {rise}; pain rose from {from} to {:.1} within {} day{} of the {} run.",
        j.week,
        s.peak,
        lag.max(0),
        if lag == 1 { "" } else { "s" },
        j.trigger_date.format("%a %d %b")
    );
    Flag {
        week: j.week.clone(),
        rule: j.rule.clone(),
        jump: j.clone(),
        spike: s,
        lag_days: lag,
        sentence,
    }
}

fn mark_weeks(weeks: &mut [Week], jumps: &[Jump], flags: &[Flag]) {
    for w in weeks.iter_mut() {
        w.load_jump = jumps.iter().any(|j| j.week == w.week);
        if let Some(f) = flags.iter().find(|f| f.week == w.week) {
            w.flag = true;
            w.flag_reason = Some(format!(
                "load jump ({}) followed by a pain spike on {}",
                f.rule.short(),
                f.spike.date
            ));
        }
    }
}

fn red_flags(entries: &[DiaryEntry]) -> Vec<RedFlag> {
    entries
        .iter()
        .filter(|e| e.red_flags.any())
        .map(|e| RedFlag {
            date: e.date,
            symptoms: e.red_flags.names(),
            line: e.line,
        })
        .collect()
}

/// The notice shown wherever flags are shown, when the diary holds any
/// red-flag symptom.
pub fn red_flag_notice(r: &[RedFlag]) -> Option<String> {
    if r.is_empty() {
        return None;
    }
    let list: Vec<String> = r
        .iter()
        .map(|f| format!("{} ({})", f.date, f.symptoms.join(", ")))
        .collect();
    Some(format!(
        "RED FLAGS: the diary records symptoms that need a doctor's assessment, not a training change: {}. Numbness, weakness, bladder or bowel changes or fever with back pain should be seen by a doctor promptly.",
        list.join("; ")
    ))
}

/// Largest next-week load within both limits, after the last week.
fn envelope(load: &Load, config: &Config) -> Option<Envelope> {
    let last = load.weeks.last()?;
    let by_change = (last.load > 0.0).then(|| last.load * (1.0 + config.load.jump_pct / 100.0));
    let by_acwr = acwr_limit(&load.days, config);
    let max_load = match (by_change, by_acwr) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b)?,
    };
    let recent: Vec<&Week> = load.weeks.iter().rev().take(4).collect();
    let (min, l): (f64, f64) = recent.iter().fold((0.0, 0.0), |a, w| {
        (a.0 + running_minutes(load, w.start), a.1 + w.load)
    });
    let per_unit = if l > 0.0 { min / l } else { 1.0 };
    Some(Envelope {
        after_week: last.week.clone(),
        load_metric: last.load_metric.clone(),
        by_change: by_change.map(|v| crate::metrics::round(v, 1)),
        by_acwr: by_acwr.map(|v| crate::metrics::round(v, 1)),
        max_load: crate::metrics::round(max_load, 1),
        max_minutes: crate::metrics::round(max_load * per_unit, 1),
    })
}

/// The largest weekly load, spread evenly over 7 days, that keeps the EWMA
/// ratio at or below the limit at the end of the week (bisection).
fn acwr_limit(days: &[Day], config: &Config) -> Option<f64> {
    if (days.len() as i64) + 7 < crate::analysis::load::MIN_HISTORY_DAYS {
        return None;
    }
    let (la, lc) = (2.0 / 8.0, 2.0 / 29.0);
    let (mut a0, mut c0) = (0.0, 0.0);
    for d in days {
        a0 = la * d.load + (1.0 - la) * a0;
        c0 = lc * d.load + (1.0 - lc) * c0;
    }
    let ratio_after = |week: f64| {
        let (mut a, mut c) = (a0, c0);
        for _ in 0..7 {
            a = la * week / 7.0 + (1.0 - la) * a;
            c = lc * week / 7.0 + (1.0 - lc) * c;
        }
        if c > 0.0 { a / c } else { f64::INFINITY }
    };
    let (mut lo, mut hi) = (0.0, 1.0);
    while ratio_after(hi) <= config.load.acwr_high && hi < 1e7 {
        hi *= 2.0;
    }
    if ratio_after(lo) > config.load.acwr_high {
        return Some(0.0);
    }
    for _ in 0..60 {
        let mid = (lo + hi) / 2.0;
        if ratio_after(mid) <= config.load.acwr_high {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some(lo)
}

/// Next-morning rule (Silbernagel et al. 2007): pain on the morning after a
/// run no higher than the day before's level + margin.
fn settle_checks(load: &Load, config: &Config) -> Vec<Settle> {
    // Days are contiguous from the first: a date is an index.
    let first = load.days.first().map(|d| d.date);
    let by_date = |d: NaiveDate| {
        let i = (d - first?).num_days();
        usize::try_from(i).ok().and_then(|i| load.days.get(i))
    };
    let mut out = Vec::new();
    for r in &load.runs {
        let before = by_date(shift_days(r.date, -1)).and_then(|d| d.pain_mean);
        let next = by_date(shift_days(r.date, 1)).and_then(|d| d.pain_morning);
        if let (Some(b), Some(n)) = (before, next) {
            if out.iter().any(|s: &Settle| s.date == r.date) {
                continue;
            }
            out.push(Settle {
                date: r.date,
                minutes: crate::metrics::round(r.minutes, 1),
                before: b,
                next_morning: n,
                settled: n <= b + config.pain.settle_margin,
            });
        }
    }
    out
}

/// `runlog flags --format json`.
pub fn to_json(a: &Analysis) -> String {
    let v = serde_json::json!({
        "red_flags": a.red_flags,
        "red_flag_notice": red_flag_notice(&a.red_flags),
        "flags": a.flags,
        "unexplained_spikes": a.unexplained,
        "load_jumps_without_pain": a.quiet_jumps,
        "monotony_notes": a.monotony_notes,
        "next_week_envelope": a.envelope,
        "association": a.association,
        "diary_present": a.diary_present,
        "note": "A flag is an association in one person's data, not a diagnosis.",
    });
    serde_json::to_string_pretty(&v).unwrap_or_default()
}

/// `runlog flags` as text.
pub fn to_text(a: &Analysis, config: &Config) -> String {
    let mut out = String::new();
    if let Some(n) = red_flag_notice(&a.red_flags) {
        out.push_str(&format!("{n}\n\n"));
    }
    if !a.diary_present {
        out.push_str(
            "No pain diary (pain.csv) found: load is shown alone, no flags can be raised.\n\n",
        );
    }
    out.push_str(&format!(
        "Flags: load jumps followed by a pain spike ({})\n",
        a.flags.len()
    ));
    for f in &a.flags {
        out.push_str(&format!("- {}\n", f.sentence));
        out.push_str(&jump_evidence(&f.jump, config));
        out.push_str(&format!(
            "    pain: baseline {:.1}{}; spike from {}, peak {:.1} on {}\n",
            f.spike.baseline,
            f.spike
                .before
                .map(|b| format!(", {:.1} on {} before the run", b.1, b.0))
                .unwrap_or_default(),
            f.spike.date,
            f.spike.peak,
            f.spike.peak_date
        ));
    }
    out.push_str(&format!(
        "\nPain spikes not explained by load in this data ({})\n",
        a.unexplained.len()
    ));
    for s in &a.unexplained {
        out.push_str(&format!(
            "- {}: pain {:.1} (peak {:.1} on {}) against a baseline of {:.1}\n",
            s.date, s.pain, s.peak, s.peak_date, s.baseline
        ));
    }
    out.push_str(&format!(
        "\nLoad jumps with no pain response ({})\n",
        a.quiet_jumps.len()
    ));
    for j in &a.quiet_jumps {
        out.push_str(&format!("- week {}: {}\n", j.week, j.rule.describe(config)));
        out.push_str(&jump_evidence(j, config));
        if j.diary_days_in_window == 0 {
            out.push_str(
                "    (no diary entries in the days after: the response cannot be judged)\n",
            );
        }
    }
    for (w, m) in &a.monotony_notes {
        out.push_str(&format!(
            "\nNote: week {w} monotony {m:.2} is above {} (Foster 1998).\n",
            config.load.monotony_high
        ));
    }
    if let Some(e) = &a.envelope {
        out.push_str(&format!(
            "\nNext week: up to {:.0} {} (about {:.0} min of running) keeps the weekly change within {} % and the EWMA ratio within {}.\n",
            e.max_load,
            a.metric.map(|m| m.unit()).unwrap_or(""),
            e.max_minutes,
            config.load.jump_pct,
            config.load.acwr_high
        ));
    }
    if a.diary_present {
        out.push_str(&format!(
            "\nOver the whole history: {}\n",
            a.association.sentence
        ));
    }
    out.push_str("\nA flag is an association in one person's data, not a diagnosis.\n");
    out
}

fn jump_evidence(j: &Jump, config: &Config) -> String {
    let unit = config.load.metric.unit();
    let mut s = format!(
        "    rule: {}; load {:.0} → {:.0} {unit}{}{}\n",
        j.rule.describe(config),
        j.load_before,
        j.load_after,
        j.change_pct
            .map(|c| format!(" ({c:+.0} %)"))
            .unwrap_or_default(),
        j.acwr_ewma
            .map(|r| format!(", EWMA ACWR {r:.2}"))
            .unwrap_or_default(),
    );
    if let Some(r) = &j.trigger_run {
        s.push_str(&format!("    crossed the line with: {}\n", r.describe()));
    }
    if let Some(r) = &j.longest_run {
        s.push_str(&format!("    longest run: {}\n", r.describe()));
    }
    for e in j.rule.evidence() {
        s.push_str(&format!("    evidence: {e}\n"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Activity, Format, Pain, RedFlags, Summary, TimeOfDay};
    use chrono::{TimeZone, Utc};

    fn day(n: i64) -> NaiveDate {
        // Monday 5 January 2026 is day 0.
        shift_days(NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(), n)
    }

    fn run(n: i64, minutes: f64) -> Activity {
        let start = Utc.from_utc_datetime(&day(n).and_hms_opt(6, 30, 0).unwrap());
        Activity {
            id: format!("r{n}"),
            source: format!("exports/{n}.fit"),
            summary: Summary {
                format: Format::Fit,
                sport: "running".into(),
                sub_sport: None,
                device: None,
                name: None,
                start,
                utc_offset_s: Some(3600),
                elapsed_s: minutes * 60.0,
                moving_s: minutes * 60.0,
                distance_m: Some(minutes * 160.0),
                ascent_m: None,
                avg_hr: None,
                max_hr: None,
                cadence_spm: None,
                laps: None,
                has_gps: true,
                records: 10,
                rpe: None,
                relative_effort: None,
                event: None,
                leg: None,
            },
            duplicates: vec![],
            warnings: Vec::new(),
        }
    }

    fn entry(n: i64, pain: f64, red: bool) -> DiaryEntry {
        DiaryEntry {
            line: n as usize + 2,
            date: day(n),
            time: Some(TimeOfDay::Morning),
            pain: Pain::new(pain).unwrap(),
            stiffness_min: None,
            location: None,
            rpe: None,
            notes: None,
            red_flags: RedFlags {
                numbness: red,
                ..RedFlags::default()
            },
        }
    }

    /// Five steady weeks of 3 × 30 min (Mon, Wed, Sat), then week 6 with a
    /// 70-minute Saturday run (+44 %), then a steady week 7. Pain 2 every
    /// morning, with `spikes` (day, pain) laid over it.
    fn scenario(jump: bool, spikes: &[(i64, f64)], red: Option<i64>) -> Analysis {
        scenario_with(&Config::default(), jump, spikes, red)
    }

    fn scenario_with(
        config: &Config,
        jump: bool,
        spikes: &[(i64, f64)],
        red: Option<i64>,
    ) -> Analysis {
        let mut acts = Vec::new();
        for w in 0..7 {
            for (d, m) in [(0, 30.0), (2, 30.0), (5, 30.0)] {
                let long = jump && w == 5 && d == 5;
                acts.push(run(w * 7 + d, if long { 70.0 } else { m }));
            }
        }
        let diary: Vec<DiaryEntry> = (0..49)
            .map(|n| {
                let p = spikes.iter().find(|s| s.0 == n).map_or(2.0, |s| s.1);
                entry(n, p, red == Some(n))
            })
            .collect();
        let load = crate::analysis::load::compute(&acts, |_| Ok(vec![]), &diary, config).unwrap();
        detect(load, Some((&diary, 0)), config)
    }

    /// `lag_days` is range-checked at load time, but a value that slips
    /// through must still not overflow the date (it panicked before).
    #[test]
    fn a_huge_lag_holds_the_window_at_the_calendar_end() {
        let mut config = Config::default();
        config.pain.lag_days = 100_000_000_000;
        let a = scenario_with(&config, true, &[(42, 5.5)], None);
        assert_eq!(a.flags.len(), 1);
        assert_eq!(a.flags[0].jump.window_to, NaiveDate::MAX);
        config.pain.lag_days = i64::MIN;
        let a = scenario_with(&config, true, &[(42, 5.5)], None);
        assert_eq!(a.jumps[0].window_to, day(41), "the week's end");
    }

    #[test]
    fn a_jump_then_a_spike_two_days_later_is_flagged_with_its_evidence() {
        // Saturday of week 6 is day 40; the spike starts on Monday, day 42.
        let a = scenario(true, &[(42, 5.5), (43, 4.5)], None);
        assert_eq!(a.flags.len(), 1, "{:#?}", a.flags);
        let f = &a.flags[0];
        assert_eq!(f.week, "2026-W07");
        let j = &f.jump;
        assert!(j.rule.weekly_change);
        assert_eq!((j.load_before, j.load_after), (90.0, 130.0));
        assert_eq!(j.change_pct, Some(44.4));
        assert_eq!(j.trigger_date, day(40));
        assert_eq!(j.trigger_run.as_ref().unwrap().minutes, 70.0);
        assert_eq!(f.spike.date, day(42));
        assert_eq!(f.spike.peak, 5.5);
        assert_eq!(f.spike.baseline, 2.0);
        assert_eq!(f.spike.before, Some((day(39), 2.0)));
        assert_eq!(f.lag_days, 2);
        assert!(f.sentence.contains("rose 44 %"), "{}", f.sentence);
        assert!(a.unexplained.is_empty());
        assert!(
            a.load
                .weeks
                .iter()
                .any(|w| w.week == "2026-W07" && w.flag && w.load_jump)
        );
    }

    #[test]
    fn the_same_jump_with_flat_pain_is_a_jump_without_a_flag() {
        let a = scenario(true, &[], None);
        assert!(a.flags.is_empty());
        assert_eq!(a.quiet_jumps.len(), 1);
        assert_eq!(a.quiet_jumps[0].week, "2026-W07");
        assert!(a.quiet_jumps[0].diary_days_in_window > 0);
    }

    #[test]
    fn a_spike_after_a_steady_week_is_unexplained() {
        let a = scenario(false, &[(31, 5.0)], None);
        assert!(a.flags.is_empty());
        assert!(
            a.jumps.is_empty(),
            "steady weeks hold no jump: {:#?}",
            a.jumps
        );
        assert_eq!(a.unexplained.len(), 1);
        assert_eq!(a.unexplained[0].date, day(31));
    }

    #[test]
    fn a_red_flag_entry_produces_the_notice() {
        let a = scenario(false, &[], Some(20));
        assert_eq!(a.red_flags.len(), 1);
        let n = red_flag_notice(&a.red_flags).unwrap();
        assert!(n.contains("2026-01-25 (numbness)"), "{n}");
        assert!(to_text(&a, &Config::default()).starts_with("RED FLAGS"));
        assert!(red_flag_notice(&scenario(false, &[], None).red_flags).is_none());
    }

    #[test]
    fn strain_is_load_times_monotony_and_the_envelope_respects_both_limits() {
        let a = scenario(false, &[], None);
        let w = a.load.weeks.last().unwrap();
        assert_eq!(w.load, 90.0);
        let m = w.monotony.unwrap();
        assert!((w.strain.unwrap() - (90.0 * m * 10.0).round() / 10.0).abs() < 0.11);
        let e = a.envelope.unwrap();
        assert_eq!(e.by_change, Some(117.0));
        assert!(e.max_load <= 117.0);
        assert!(e.by_acwr.is_some());
    }
}
