//! `runlog.toml`: the athlete's settings and the thresholds of every rule,
//! read and checked once. Every key is optional; a missing file means the
//! defaults, which are written out (commented) by `runlog init`.

use crate::error::{Error, Result};

/// Why `runlog.toml` was refused: it is not TOML of runlog's shape (the
/// parser's error, kept whole), or a value is outside its documented range.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(transparent)]
    Syntax(#[from] toml::de::Error),
    #[error("{0}")]
    Range(String),
}
use serde::{Deserialize, Serialize};
use std::path::Path;

mod keys;
mod plan;
mod settings;

pub use keys::default_toml;
pub use plan::{Plan, Stage, StageActivity, ratio_minutes, ratio_share};
pub use settings::{
    Athlete, DiarySettings, Display, LoadMetric, LoadSettings, PainSettings, Paper, ReportSettings,
    SegmentThresholds, Sex,
};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub athlete: Athlete,
    pub load: LoadSettings,
    pub pain: PainSettings,
    pub segment: SegmentThresholds,
    pub plan: Plan,
    pub display: Display,
    pub diary: DiarySettings,
    pub report: ReportSettings,
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
        Config::parse(&text).map_err(|source| Error::Config { path, source })
    }

    pub fn parse(text: &str) -> std::result::Result<Config, ConfigError> {
        let mut c: Config = toml::from_str(text)?;
        c.check().map_err(ConfigError::Range)?;
        // The name goes into the report's title and the terminal: no
        // bidirectional control may reorder what follows it there.
        c.athlete.name = crate::text::clean_name(&c.athlete.name);
        Ok(c)
    }

    /// The athlete's time zone, checked at load time so later stages can't fail.
    pub fn tz(&self) -> chrono_tz::Tz {
        self.athlete.timezone.parse().unwrap_or(chrono_tz::UTC)
    }

    /// Every number is range-checked here, once, so a typo, a `nan` or a
    /// sign slip stops the command with the key named instead of quietly
    /// changing the flags (or overflowing a date) later on.
    fn check(&self) -> std::result::Result<(), String> {
        let a = &self.athlete;
        if a.timezone.parse::<chrono_tz::Tz>().is_err() {
            return Err(format!(
                "[athlete] timezone = \"{}\" is not an IANA time zone (e.g. \"Europe/Berlin\", \"America/New_York\", \"UTC\")",
                a.timezone
            ));
        }
        keys::check_ranges(self)?;
        // The pairs whose order matters.
        below(("[athlete] resting_hr", a.resting_hr), ("max_hr", a.max_hr))?;
        let (l, g) = (&self.load, &self.segment);
        below(
            ("[load] acwr_low_band", l.acwr_low_band),
            ("acwr_high_band", l.acwr_high_band),
        )?;
        below(
            ("[segment] walk_cadence_spm", g.walk_cadence_spm),
            ("jog_cadence_spm", g.jog_cadence_spm),
        )?;
        below(
            ("[segment] stand_speed_mps", g.stand_speed_mps),
            ("jog_speed_mps", g.jog_speed_mps),
        )?;
        self.diary.check()?;
        self.plan.check()
    }
}

/// `value` must lie in `lo..=hi`; NaN and infinities never do.
pub(super) fn within<T: PartialOrd + std::fmt::Display>(
    key: &str,
    value: T,
    lo: T,
    hi: T,
) -> std::result::Result<(), String> {
    if lo <= value && value <= hi {
        return Ok(());
    }
    let shown = value.to_string();
    Err(format!(
        "{key} = {shown} is not allowed: use a number from {lo} to {hi}"
    ))
}

/// Two keys whose order matters (a band's low and high end).
pub(super) fn below(
    (low_key, low): (&str, f64),
    (high_key, high): (&str, f64),
) -> std::result::Result<(), String> {
    if low < high {
        return Ok(());
    }
    Err(format!(
        "{low_key} = {low} is not allowed: it must be below {high_key} = {high}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_and_date_format_are_read_and_checked() {
        use crate::units::Units;
        let c = Config::parse("[display]\nunits = \"mi\"\n[diary]\ndate_format = \"%d.%m.%Y\"")
            .unwrap();
        assert_eq!(c.display.units, Units::Mi);
        assert_eq!(c.diary.date_format.as_deref(), Some("%d.%m.%Y"));
        assert_eq!(Config::default().display.units, Units::Km);
        let e = Config::parse("[display]\nunits = \"miles\"")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("miles") && e.contains("`km`") && e.contains("`mi`"),
            "{e}"
        );
        let e = Config::parse("[diary]\ndate_format = \"%d.%m\"")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("[diary] date_format = \"%d.%m\" is not allowed"),
            "{e}"
        );
        // The commented example in the default file is a good format.
        assert!(default_toml().contains("# date_format = \"%d.%m.%Y\""));
        assert!(crate::dates::check_date_format("%d.%m.%Y").is_ok());
    }

    #[test]
    fn default_file_matches_default_values() {
        assert_eq!(Config::parse(&default_toml()).unwrap(), Config::default());
    }

    #[test]
    fn typos_and_bad_values_are_named() {
        let e = Config::parse("[load]\nmetrc = \"time\"")
            .unwrap_err()
            .to_string();
        assert!(e.contains("metrc"), "{e}");
        let e = Config::parse("[athlete]\ntimezone = \"Mars/Olympus\"")
            .unwrap_err()
            .to_string();
        assert!(e.contains("Mars/Olympus"), "{e}");
        let e = Config::parse("[load]\nmetric = \"pace\"")
            .unwrap_err()
            .to_string();
        assert!(e.contains("pace"), "{e}");
    }

    /// Each of these was accepted before and changed the flags silently
    /// (or panicked later): now each is refused with key, value and range.
    #[test]
    fn out_of_range_numbers_are_refused_with_key_value_and_range() {
        let cases = [
            (
                "[load]\njump_pct = nan",
                "[load] jump_pct = NaN",
                "from 5 to 500",
            ),
            (
                "[load]\njump_pct = inf",
                "[load] jump_pct = inf",
                "from 5 to 500",
            ),
            (
                "[load]\nacwr_high = nan",
                "[load] acwr_high = NaN",
                "from 1 to 5",
            ),
            (
                "[load]\nmonotony_high = -inf",
                "monotony_high = -inf",
                "from 1 to 10",
            ),
            (
                "[plan]\nahead_minutes_pct = -100",
                "ahead_minutes_pct = -100",
                "5 to 500",
            ),
            (
                "[load]\nchronic_high = 0.9",
                "[load] chronic_high = 0.9",
                "from 1 to 5",
            ),
            (
                "[load]\nchronic_weeks = 0",
                "[load] chronic_weeks = 0",
                "from 1 to 12",
            ),
            (
                "[load]\npeak_weeks = 13",
                "[load] peak_weeks = 13",
                "from 1 to 12",
            ),
            (
                "[load]\nmin_running_weeks = 0",
                "[load] min_running_weeks = 0",
                "from 1 to 12",
            ),
            (
                "[load]\nsession_spike_pct = nan",
                "[load] session_spike_pct = NaN",
                "from 1 to 200",
            ),
            (
                "[load]\nsession_window_days = 365",
                "[load] session_window_days = 365",
                "from 7 to 90",
            ),
            (
                "[pain]\nlag_days = 0",
                "[pain] lag_days = 0",
                "from 1 to 60",
            ),
            (
                "[pain]\nlag_days = 100000000000",
                "lag_days = 100000000000",
                "1 to 60",
            ),
            (
                "[pain]\nsettle_margin = nan",
                "settle_margin = NaN",
                "0 to 10",
            ),
            (
                "[athlete]\nresting_hr = 10",
                "resting_hr = 10",
                "from 25 to 120",
            ),
            ("[athlete]\nmax_hr = 300", "max_hr = 300", "from 100 to 240"),
            (
                "[segment]\nsmooth_s = nan",
                "[segment] smooth_s = NaN",
                "0 to 300",
            ),
            (
                "[segment]\nmax_gap_s = 0",
                "[segment] max_gap_s = 0",
                "1 to 3600",
            ),
        ];
        for (toml, key_value, range) in cases {
            let e = Config::parse(toml).unwrap_err().to_string();
            assert!(e.contains(key_value) && e.contains(range), "{toml}: {e}");
            assert!(e.contains("is not allowed"), "{e}");
        }
    }

    #[test]
    fn ordered_pairs_and_plan_stages_are_checked() {
        let e = Config::parse("[athlete]\nresting_hr = 110\nmax_hr = 105")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("resting_hr = 110") && e.contains("max_hr = 105"),
            "{e}"
        );
        let e = Config::parse("[load]\nacwr_low_band = 1.4")
            .unwrap_err()
            .to_string();
        assert!(e.contains("below acwr_high_band = 1.3"), "{e}");
        let stage =
            |s: &str| format!("[plan]\nstages = [{{ weeks = 2, activity = \"jogwalk\", {s} }}]");
        let e = Config::parse(&stage("minutes = nan, sessions = 3"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("stage 1 minutes = NaN"), "{e}");
        let e = Config::parse(&stage("minutes = 30.0, sessions = 3, ratio = \"inf:1\""))
            .unwrap_err()
            .to_string();
        assert!(e.contains("stage 1 ratio = \"inf:1\""), "{e}");
        let e = Config::parse("[plan]\nstart = \"0001-01-01\"")
            .unwrap_err()
            .to_string();
        assert!(e.contains("[plan] start = 0001-01-01"), "{e}");
        // The bounds themselves are allowed.
        let edges = "[pain]\nlag_days = 60\n[load]\njump_pct = 5.0\nacwr_high = 5.0";
        assert!(Config::parse(edges).is_ok());
    }
}
