//! Next week in one answer: the week after the last week with data, what
//! the load rule allows, what the plan's stage asks, and which of the two
//! binds. Page one, `runlog flags`, `runlog plan` and the watch's workouts
//! all read this one answer, so none can name another week or limit.

use crate::analysis::load::Load;
use crate::analysis::red_flags::Advice;
use crate::config::{Config, LoadMetric, Stage};
use crate::dates::shift_days;
use chrono::NaiveDate;
use serde::Serialize;

/// Which limit holds next week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Binds {
    /// The weekly load rule is the tighter (or there is no stage).
    Load,
    /// The plan's stage asks for fewer minutes than the load rule allows.
    Plan,
    /// The load is not counted in minutes, so the two cannot be compared:
    /// keep within both.
    Both,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextWeek {
    /// The Monday of the week after the last week with data.
    pub monday: NaiveDate,
    /// The plan's stage that week (1-based) and what it asks; `None`
    /// without a plan, before its start or after its last stage.
    pub stage: Option<(usize, Stage)>,
    /// A plan is set and its last stage ended before this week.
    pub after_plan: bool,
    /// The load rule's limit in the load's unit; `None` while the history
    /// is too short, or when a red flag withholds every limit.
    pub load_limit: Option<f64>,
    /// The stage's minutes for the week (sessions × minutes).
    pub plan_minutes: Option<f64>,
    /// What binds; `None` when there is no limit at all.
    pub binds: Option<Binds>,
    /// The week's limit in the load's unit: the tighter of the two when
    /// both are minutes, else the load rule's.
    pub limit: Option<f64>,
}

/// The Monday of next week: the week after the last week with a run or a
/// diary entry, the week the load limit is computed for.
pub fn next_monday(load: &Load) -> Option<NaiveDate> {
    load.weeks.last().map(|w| shift_days(w.start, 7))
}

/// Next week, from the whole load (never a period's cut: next week is
/// the same whatever period a report shows).
pub fn next_week(load: &Load, advice: &Advice, config: &Config) -> Option<NextWeek> {
    Some(NextWeek::of(next_monday(load)?, advice, config))
}

impl NextWeek {
    /// The week starting `monday`, with the load limit of `advice`.
    pub fn of(monday: NaiveDate, advice: &Advice, config: &Config) -> NextWeek {
        let stage =
            crate::analysis::plan::stage_for(&config.plan, monday).map(|(n, s)| (n, s.clone()));
        let after_plan = stage.is_none()
            && config
                .plan
                .start
                .is_some_and(|s| crate::dates::week_start(s) < monday);
        let plan_minutes = stage
            .as_ref()
            .map(|(_, s)| s.minutes * f64::from(s.sessions));
        let load_limit = advice.envelope().map(|e| e.max_load);
        let time = config.load.metric == LoadMetric::Time;
        let (binds, limit) = match (load_limit, plan_minutes) {
            _ if advice.withheld().is_some() => (None, None),
            (Some(l), Some(p)) if time => {
                if p <= l {
                    (Some(Binds::Plan), Some(p))
                } else {
                    (Some(Binds::Load), Some(l))
                }
            }
            (Some(l), Some(_)) => (Some(Binds::Both), Some(l)),
            (Some(l), None) => (Some(Binds::Load), Some(l)),
            (None, Some(p)) if time => (Some(Binds::Plan), Some(p)),
            (None, _) => (None, None),
        };
        NextWeek {
            monday,
            stage,
            after_plan,
            load_limit,
            plan_minutes,
            binds,
            limit,
        }
    }

    /// The week's minutes when the load rule allows fewer than the stage
    /// asks (the watch's sessions get shorter); `None` when the stage's
    /// own minutes fit.
    pub fn binding_limit(&self) -> Option<f64> {
        match (self.binds, &self.stage) {
            (Some(Binds::Load), Some(_)) => self.limit,
            _ => None,
        }
    }

    /// "up to 90 min: the plan's stage 3 (…) sets the limit; the load rule
    /// alone (…) would allow 125 min.": the limit and what sets it, the one
    /// sentence page one, `runlog flags` and the workouts say.
    pub fn describe(&self, config: &Config, unit: &str) -> Option<String> {
        let l = &config.load;
        let whole = crate::numbers::whole;
        let rule = format!(
            "within {} % of last week's load, or the highest of the last {} weeks",
            l.jump_pct, l.peak_weeks
        );
        let load = self.load_limit.map(|x| format!("{} {unit}", whole(x)));
        let stage = self
            .stage
            .as_ref()
            .map(|(k, s)| format!("the plan's stage {k} ({})", s.describe()));
        let planned = self.plan_minutes.map(|m| format!("{} min", whole(m)));
        Some(match self.binds? {
            Binds::Plan => match load {
                Some(load) => format!(
                    "up to {}: {} sets the limit; the load rule alone ({rule}) would allow {load}.",
                    planned?, stage?
                ),
                None => format!("up to {}: {} sets the limit.", planned?, stage?),
            },
            Binds::Load => match (stage, planned) {
                (Some(stage), Some(planned)) => format!(
                    "up to {}: the load rule ({rule}) sets the limit; {stage} would allow {planned}.",
                    load?
                ),
                _ if self.after_plan => format!(
                    "up to {} by the load rule ({rule}); the plan has ended.",
                    load?
                ),
                _ => format!("up to {} ({rule}).", load?),
            },
            Binds::Both => format!(
                "{} and up to {} by the load rule ({rule}): keep within both.",
                stage?, load?
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::envelope::Envelope;
    use crate::analysis::load::Week;
    use crate::config::{Plan, StageActivity};

    fn load(last: &str) -> Load {
        Load {
            weeks: vec![Week {
                start: last.parse().unwrap(),
                ..Week::default()
            }],
            ..Load::default()
        }
    }

    fn limits(max: f64) -> Advice {
        Advice::Limits {
            envelope: Some(Envelope {
                after_week: String::new(),
                load_metric: String::new(),
                load_unit: String::new(),
                by_change: Some(max),
                by_chronic: None,
                by_acwr: None,
                max_load: max,
                max_minutes: max,
                spread: String::new(),
            }),
            long_run: None,
        }
    }

    fn config(start: &str) -> Config {
        Config {
            plan: Plan {
                start: start.parse().ok(),
                stages: vec![Stage {
                    weeks: 2,
                    activity: StageActivity::Run,
                    minutes: 30.0,
                    sessions: 3,
                    ratio: None,
                }],
                ..Plan::default()
            },
            ..Config::default()
        }
    }

    /// Issue #31: the plan's stage and the load limit end in one answer,
    /// saying which binds; after the plan the load rule alone.
    #[test]
    fn issue31_the_tighter_of_the_plan_and_the_load_rule_binds() {
        // Stage weeks 9 and 16 Nov; next week is 16 Nov.
        let c = config("2026-11-09");
        let n = next_week(&load("2026-11-09"), &limits(143.0), &c).unwrap();
        assert_eq!(n.monday, "2026-11-16".parse().unwrap());
        assert_eq!(
            (n.binds, n.limit, n.plan_minutes),
            (Some(Binds::Plan), Some(90.0), Some(90.0))
        );
        let n = next_week(&load("2026-11-09"), &limits(60.0), &c).unwrap();
        assert_eq!((n.binds, n.limit), (Some(Binds::Load), Some(60.0)));
        // The samples: the plan's last week was 9 Nov, next week is after it.
        let n = next_week(&load("2026-11-16"), &limits(143.0), &c).unwrap();
        assert!(n.after_plan && n.stage.is_none());
        assert_eq!((n.binds, n.limit), (Some(Binds::Load), Some(143.0)));
        // A distance load cannot be compared with minutes: keep within both.
        let mut km = c.clone();
        km.load.metric = LoadMetric::Distance;
        let n = next_week(&load("2026-11-09"), &limits(20.0), &km).unwrap();
        assert_eq!((n.binds, n.limit), (Some(Binds::Both), Some(20.0)));
    }
}
