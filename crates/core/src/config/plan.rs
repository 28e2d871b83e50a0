//! `[plan]`: the graded return-to-run plan, its stages and their checks.

use super::keys::STAGE_RANGES;
use super::within;
use serde::{Deserialize, Serialize};

/// A graded return-to-run plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Plan {
    /// The Monday the plan started; no comparison without it.
    pub start: Option<chrono::NaiveDate>,
    pub ahead_minutes_pct: f64,
    pub stages: Vec<Stage>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub weeks: u32,
    pub activity: StageActivity,
    /// Minutes per session.
    pub minutes: f64,
    /// Sessions per week.
    pub sessions: u32,
    /// Jog:walk in minutes, e.g. "1:4"; only for `jogwalk`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ratio: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StageActivity {
    Walk,
    Jogwalk,
    Run,
}

impl StageActivity {
    /// Its word in runlog.toml.
    pub fn as_str(self) -> &'static str {
        match self {
            StageActivity::Walk => "walk",
            StageActivity::Jogwalk => "jogwalk",
            StageActivity::Run => "run",
        }
    }
}

impl Stage {
    /// The share of moving time meant to be jogging: 0 for walks, 1 for
    /// continuous running, jog/(jog+walk) for intervals.
    pub fn jog_share(&self) -> f64 {
        match self.activity {
            StageActivity::Walk => 0.0,
            StageActivity::Run => 1.0,
            StageActivity::Jogwalk => self.ratio.as_deref().and_then(ratio_share).unwrap_or(0.5),
        }
    }

    pub fn describe(&self) -> String {
        let what = match (self.activity, &self.ratio) {
            (StageActivity::Walk, _) => "brisk walk".to_string(),
            (StageActivity::Run, _) => "continuous run".to_string(),
            (StageActivity::Jogwalk, Some(r)) => format!("jog/walk {r}"),
            (StageActivity::Jogwalk, None) => "jog/walk".to_string(),
        };
        format!("{what}, {} × {:.0} min", self.sessions, self.minutes)
    }
}

/// "2:3" → 0.4 (the jogging share); "continuous" → 1.
pub fn ratio_share(r: &str) -> Option<f64> {
    if r == "continuous" {
        return Some(1.0);
    }
    let (a, b) = ratio_minutes(r)?;
    Some(a / (a + b))
}

/// "2:3" → (2, 3): minutes of jogging, then of walking.
pub fn ratio_minutes(r: &str) -> Option<(f64, f64)> {
    let (a, b) = r.split_once(':')?;
    let (a, b): (f64, f64) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
    let ok = a >= 0.0 && b >= 0.0 && a + b > 0.0 && (a + b).is_finite();
    ok.then_some((a, b))
}

impl Default for Plan {
    fn default() -> Self {
        let s = |weeks, activity, minutes, sessions, ratio: Option<&str>| Stage {
            weeks,
            activity,
            minutes,
            sessions,
            ratio: ratio.map(str::to_string),
        };
        use StageActivity::*;
        Plan {
            start: None,
            ahead_minutes_pct: 30.0,
            stages: vec![
                s(2, Walk, 20.0, 5, None),
                s(2, Jogwalk, 30.0, 3, Some("1:4")),
                s(2, Jogwalk, 30.0, 3, Some("2:3")),
                s(2, Jogwalk, 30.0, 3, Some("3:2")),
                s(2, Jogwalk, 30.0, 3, Some("4:1")),
                s(2, Jogwalk, 30.0, 3, Some("5:1")),
                s(4, Run, 30.0, 3, None),
            ],
        }
    }
}

impl Plan {
    /// A plan start before 2000 would make `runlog plan` list every week
    /// since; after 2100 it is a typo for a near year.
    pub(super) fn check(&self) -> std::result::Result<(), String> {
        if let Some(start) = self.start {
            let (lo, hi) = (plan_date(2000, 1, 1), plan_date(2100, 12, 31));
            if start < lo || start > hi {
                return Err(format!(
                    "[plan] start = {start} is not allowed: use a date from {lo} to {hi}"
                ));
            }
        }
        for (i, st) in self.stages.iter().enumerate() {
            st.check(i + 1)?;
        }
        Ok(())
    }
}

fn plan_date(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

impl Stage {
    fn check(&self, n: usize) -> std::result::Result<(), String> {
        let key = |k: &str| format!("[plan] stage {n} {k}");
        let values = [
            ("weeks", f64::from(self.weeks)),
            ("minutes", self.minutes),
            ("sessions", f64::from(self.sessions)),
        ];
        for ((name, lo, hi), (_, v)) in STAGE_RANGES.iter().zip(values) {
            within(&key(name), v, *lo, *hi)?;
        }
        match self.ratio.as_deref() {
            Some(r) if ratio_share(r).is_none() => Err(format!(
                "{} = \"{r}\" is not allowed: write jog:walk minutes like \"1:4\"",
                key("ratio")
            )),
            _ => Ok(()),
        }
    }
}
