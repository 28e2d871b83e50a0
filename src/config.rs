//! `runlog.toml`: the athlete's settings and the thresholds of every rule,
//! read and checked once. Every key is optional; a missing file means the
//! defaults, which are written out (commented) by `runlog init`.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The file `runlog init` writes. Keep it in step with the defaults below:
/// a test parses it and compares.
pub const DEFAULT_TOML: &str = r#"# runlog settings. Every key is optional; the values shown are the defaults.

[athlete]
# Shown at the top of the report, so the physiotherapist knows whose it is.
name = ""
# IANA time zone used to decide which day (and ISO week) a run belongs to.
timezone = "Europe/Berlin"
# Heart rate at rest and the highest you reach, in beats per minute.
# Both feed the heart-rate load (Banister TRIMP, from heart-rate reserve).
resting_hr = 60
max_hr = 185
# "female", "male" or "unspecified": picks the TRIMP weighting constant
# (1.67 female, 1.92 male; unspecified uses the mean of the two, 1.795).
sex = "unspecified"

[load]
# Weekly load used for the flags: "time" (minutes), "distance" (km),
# "trimp" (heart-rate load) or "srpe" (session RPE x minutes, needs `rpe`
# in the diary). "time" is the default because every file has it.
metric = "time"
# Which activities count towards the load: running only (runs, trail runs,
# treadmill runs, and files that do not say their sport) unless this is
# true, when walks and hikes count too. Every activity is listed either way.
include_walks = false
# A week whose load rises more than this percentage over the week before
# is a load jump (Nielsen et al. 2014 saw more injuries above ~30 %).
jump_pct = 30.0
# ... or whose EWMA acute:chronic ratio exceeds this (Gabbett 2016).
acwr_high = 1.5
# The acute:chronic band shown as context in the charts.
acwr_low_band = 0.8
acwr_high_band = 1.3
# A jump only counts when the week holds at least this many minutes of
# running, so a normal week after a rest week does not fire.
min_jump_minutes = 60.0
# Weekly monotony (mean daily load / its standard deviation) above this is
# noted (Foster 1998).
monotony_high = 2.0

[pain]
# A pain spike is a weekly mean at least this many points (0-10 scale) above
# your own baseline (median of the previous 4 weeks with diary entries).
spike_points = 2.0
# Days with pain at or above this value are counted per week.
threshold = 5.0
# Pain "settled by next morning" when next-morning pain is no higher than
# the day-before level plus this margin (Silbernagel et al. 2007).
settle_margin = 1.0
# A spike counts as following a load jump when it starts within this many
# days after the run that pushed the week over the threshold.
lag_days = 7
"#;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub athlete: Athlete,
    pub load: LoadSettings,
    pub pain: PainSettings,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Athlete {
    pub name: String,
    pub timezone: String,
    pub resting_hr: f64,
    pub max_hr: f64,
    pub sex: Sex,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    Female,
    Male,
    Unspecified,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LoadMetric {
    Time,
    Distance,
    Trimp,
    Srpe,
}

impl LoadMetric {
    pub fn as_str(self) -> &'static str {
        match self {
            LoadMetric::Time => "time",
            LoadMetric::Distance => "distance",
            LoadMetric::Trimp => "trimp",
            LoadMetric::Srpe => "srpe",
        }
    }

    /// The unit the metric is shown in.
    pub fn unit(self) -> &'static str {
        match self {
            LoadMetric::Time => "min",
            LoadMetric::Distance => "km",
            LoadMetric::Trimp => "TRIMP",
            LoadMetric::Srpe => "AU",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LoadSettings {
    pub metric: LoadMetric,
    pub include_walks: bool,
    pub jump_pct: f64,
    pub acwr_high: f64,
    pub acwr_low_band: f64,
    pub acwr_high_band: f64,
    pub min_jump_minutes: f64,
    pub monotony_high: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PainSettings {
    pub spike_points: f64,
    pub threshold: f64,
    pub settle_margin: f64,
    pub lag_days: i64,
}

impl Default for Athlete {
    fn default() -> Self {
        Athlete {
            name: String::new(),
            timezone: "Europe/Berlin".into(),
            resting_hr: 60.0,
            max_hr: 185.0,
            sex: Sex::Unspecified,
        }
    }
}

impl Default for LoadSettings {
    fn default() -> Self {
        LoadSettings {
            metric: LoadMetric::Time,
            include_walks: false,
            jump_pct: 30.0,
            acwr_high: 1.5,
            acwr_low_band: 0.8,
            acwr_high_band: 1.3,
            min_jump_minutes: 60.0,
            monotony_high: 2.0,
        }
    }
}

impl Default for PainSettings {
    fn default() -> Self {
        PainSettings {
            spike_points: 2.0,
            threshold: 5.0,
            settle_margin: 1.0,
            lag_days: 7,
        }
    }
}

impl Config {
    /// Read `runlog.toml` from the log folder; defaults when it is absent.
    pub fn load(dir: &Path) -> Result<Config> {
        let path = dir.join("runlog.toml");
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => return Err(Error::io(path, e)),
        };
        Config::parse(&text).map_err(|message| Error::Config { path, message })
    }

    pub fn parse(text: &str) -> std::result::Result<Config, String> {
        let c: Config = toml::from_str(text).map_err(|e| e.to_string())?;
        c.check()?;
        Ok(c)
    }

    /// The athlete's time zone, checked at load time so later stages can't fail.
    pub fn tz(&self) -> chrono_tz::Tz {
        self.athlete.timezone.parse().unwrap_or(chrono_tz::UTC)
    }

    fn check(&self) -> std::result::Result<(), String> {
        let a = &self.athlete;
        if a.timezone.parse::<chrono_tz::Tz>().is_err() {
            return Err(format!(
                "athlete.timezone \"{}\" is not an IANA time zone (e.g. \"Europe/Berlin\", \"America/New_York\", \"UTC\")",
                a.timezone
            ));
        }
        if !(20.0..=120.0).contains(&a.resting_hr)
            || !(100.0..=240.0).contains(&a.max_hr)
            || a.max_hr <= a.resting_hr
        {
            return Err(format!(
                "athlete.resting_hr = {} and max_hr = {} are not plausible (resting 20–120, max 100–240, max above resting)",
                a.resting_hr, a.max_hr
            ));
        }
        let l = &self.load;
        if l.jump_pct <= 0.0 || l.acwr_high <= 0.0 || l.acwr_low_band >= l.acwr_high_band {
            return Err("load: jump_pct and acwr_high must be positive and acwr_low_band below acwr_high_band".into());
        }
        let p = &self.pain;
        if !(0.0..=10.0).contains(&p.spike_points)
            || !(0.0..=10.0).contains(&p.threshold)
            || p.lag_days < 0
        {
            return Err(
                "pain: spike_points and threshold must be within 0–10, lag_days not negative"
                    .into(),
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_file_matches_default_values() {
        assert_eq!(Config::parse(DEFAULT_TOML).unwrap(), Config::default());
    }

    #[test]
    fn typos_and_bad_values_are_named() {
        let e = Config::parse("[load]\nmetrc = \"time\"").unwrap_err();
        assert!(e.contains("metrc"), "{e}");
        let e = Config::parse("[athlete]\ntimezone = \"Mars/Olympus\"").unwrap_err();
        assert!(e.contains("Mars/Olympus"), "{e}");
        let e = Config::parse("[load]\nmetric = \"pace\"").unwrap_err();
        assert!(e.contains("pace"), "{e}");
    }
}
