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

/// The file `runlog init` writes. Keep it in step with the defaults below:
/// a test parses it and compares.
pub const DEFAULT_TOML: &str = r#"# runlog settings. Every key is optional; the values shown are the defaults.
# Each number has an allowed range, given in [brackets]; a value outside it
# (or nan/inf) stops runlog with the key named.

[athlete]
# Shown at the top of the report, so the physiotherapist knows whose it is.
name = ""
# IANA time zone used to decide which day (and ISO week) a run belongs to.
timezone = "Europe/Berlin"
# Heart rate at rest and the highest you reach, in beats per minute.
# Both feed the heart-rate load (Banister TRIMP, from heart-rate reserve).
# [resting_hr 25 to 120; max_hr 100 to 240 and above resting_hr]
resting_hr = 60
max_hr = 185
# "female", "male" or "unspecified": picks the TRIMP constants a·e^(b·x)
# (Morton et al. 1990: 0.86·e^(1.67·x) female, 0.64·e^(1.92·x) male;
# unspecified uses the mean of each, 0.75·e^(1.795·x)).
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
# Cycling, swimming and other cross-training are listed but not counted
# unless this is true.
include_cross_training = false
# A week at or below the highest of the previous `peak_weeks` weeks only
# returns to a level already run and is never a weekly load jump. Above it,
# a week is a load jump when its load rises more than `jump_pct` percent over
# the week before. (Nielsen et al. 2014, 874 novices: above 30 % over two
# weeks no more injuries overall; distance-related injuries hazard ratio
# 1.59, 95 % CI 0.96-2.66, p = 0.07.) This rule and the single long run set
# next week's limit... [peak_weeks 1 to 12; jump_pct 5 to 500]
peak_weeks = 4
jump_pct = 30.0
# ... or is above `chronic_high` times the mean of the previous
# `chronic_weeks` weeks (the uncoupled acute:chronic ratio; Gabbett's 2016
# 1.3 was on the coupled ratio and equals 1.44 uncoupled, so 1.3 here is
# stricter). Context only: contested, never sets next week's limit.
# [chronic_high 1 to 5; chronic_weeks 1 to 12]
chronic_high = 1.3
chronic_weeks = 3
# ... or its exponentially weighted acute:chronic ratio (Williams et al.
# 2017) exceeds this; 1.5 is borrowed from the coupled rolling ratio (Gabbett
# 2016). Context only, like the chronic rule. [1 to 5]
acwr_high = 1.5
# These ratios, and the single long run below, wait until this many earlier
# weeks held counted running: a few walking weeks are not a chronic load of
# zero. [1 to 12]
min_running_weeks = 3
# A single run more than this percentage longer than the longest run of the
# previous `session_window_days` days is a load jump of its own, dated to
# that run (by distance, or by minutes for runs without GPS). Frandsen et al.
# 2025, 5,205 runners: above 10 % longer than the 30-day longest, hazard
# ratio 1.64 (95 % CI 1.31-2.05) for 10-30 %, the primary load signal; it
# sets the next long run's limit. [session_spike_pct 1 to 200;
# session_window_days 7 to 90]
session_spike_pct = 10.0
session_window_days = 30
# The acute:chronic band shown as context in the charts. [each 0 to 5, low
# below high]
acwr_low_band = 0.8
acwr_high_band = 1.3
# The weekly rules only count when the week holds at least this many
# minutes of counted running, so a short week cannot fire them. [0 to 1000]
min_jump_minutes = 60.0
# Weekly monotony (mean daily load / its standard deviation) above this is
# noted (Foster 1998). [1 to 10]
monotony_high = 2.0

[pain]
# A pain spike is a day whose mean pain is at least this many points (0-10
# scale) above your own baseline, the median weekly mean pain of the
# previous 4 weeks with diary entries. 2 points is about the smallest change
# people with low back pain notice (Ostelo et al. 2008). [0.5 to 10]
spike_points = 2.0
# Days with pain at or above this value are counted per week. [0 to 10]
threshold = 5.0
# The pain-monitoring model (Silbernagel et al. 2007): pain during a run up
# to `during_max` is acceptable if it settles by the next morning (next-
# morning pain no higher than the day before plus `settle_margin`) and
# morning pain and stiffness do not rise from week to week (by more than
# `morning_rise_points` or `stiffness_rise_min`). The model comes from
# Achilles tendinopathy; for back pain it is an extrapolation.
# [settle_margin, during_max, morning_rise_points 0 to 10;
# stiffness_rise_min 0 to 1440]
settle_margin = 1.0
during_max = 5.0
morning_rise_points = 1.0
stiffness_rise_min = 10.0
# A spike counts as following a load jump when it starts within this many
# days after the run that pushed the week over the threshold. [1 to 60]
lag_days = 7
# A red-flag symptom (bladder or bowel change, saddle numbness, leg weakness
# or numbness, fever) logged within this many days stops the training
# advice: the report and `runlog flags` say to contact your clinician
# instead of next week's limits, and the plan does not move on. [1 to 90]
red_flag_days = 14

[segment]
# How each activity is split into jogging, walking and standing, from
# cadence (steps per minute, both feet) and speed. See docs/methods.md.
# [jog_cadence_spm 60 to 250; walk_cadence_spm 1 to 200 and below it;
# tiebreak_spm 0 to 60; jog_speed_mps 0.5 to 10; stand_speed_mps 0.01 to 5
# and below it; smooth_s 0 to 300; min_segment_s 0 to 600; max_pause_s
# 0 to 3600; max_gap_s 1 to 3600]
jog_cadence_spm = 140.0
walk_cadence_spm = 70.0
tiebreak_spm = 10.0
jog_speed_mps = 2.0
stand_speed_mps = 0.3
smooth_s = 5.0
min_segment_s = 20.0
max_pause_s = 60.0
max_gap_s = 10.0

[plan]
# Your graded return-to-run plan. Set `start` to the Monday it began to
# compare each week with it (`runlog plan`, and the report); without
# `start` there is no plan comparison. [2000-01-01 to 2100-12-31]
# start = "2026-07-27"
# A week runs "ahead of the plan" when a session's jog:walk ratio is more
# running than the stage's, or the week's minutes exceed the planned
# minutes by more than this percentage. [5 to 500]
ahead_minutes_pct = 30.0
# Stages in order: how many weeks, "walk", "jogwalk" or "run", minutes per
# session, sessions per week, and for jog/walk the ratio jog:walk in minutes.
# [weeks 1 to 52, minutes 1 to 300, sessions 1 to 14]
# This default is a common graded plan after low back pain: brisk walks,
# then jog/walk intervals growing towards continuous running, three 30-minute
# sessions a week. It has the shape of the programme in the ASTEROID trial
# (Neason et al. 2024, Br J Sports Med, doi 10.1136/bjsports-2024-108245):
# 12 weeks of progressive run-walk, 3 x 30 min a week, in 40 adults aged
# 18-45 with chronic low back pain; pain improved 15/100 and ODI 5.2 points
# against a waitlist, with 70 % of sessions done. The report sets your
# sessions done per planned session beside that 70 %: a session is a run in
# jog/walk and running stages, a walk or a run in walking stages.
stages = [
  { weeks = 2, activity = "walk", minutes = 20.0, sessions = 5 },
  { weeks = 2, activity = "jogwalk", minutes = 30.0, sessions = 3, ratio = "1:4" },
  { weeks = 2, activity = "jogwalk", minutes = 30.0, sessions = 3, ratio = "2:3" },
  { weeks = 2, activity = "jogwalk", minutes = 30.0, sessions = 3, ratio = "3:2" },
  { weeks = 2, activity = "jogwalk", minutes = 30.0, sessions = 3, ratio = "4:1" },
  { weeks = 2, activity = "jogwalk", minutes = 30.0, sessions = 3, ratio = "5:1" },
  { weeks = 4, activity = "run", minutes = 30.0, sessions = 3 },
]

[report]
# Paper size of report.pdf and of the printed page: "a4" or "letter".
paper = "a4"
# The diary's free-text notes next to the flags and pain spikes in the
# report (true), or left out of every report file (false).
notes = true

[display]
# Distances and paces in the tables and the report: "km" (min/km) or "mi"
# (min/mi). JSON and CSV keep metres and kilometres (distance_m,
# distance_km) either way, so scripts never break.
units = "km"

[diary]
# How pain.csv writes dates when your spreadsheet does not write YYYY-MM-DD
# (ISO dates are read as well), in strftime form: "%d.%m.%Y" for 14.03.2026,
# "%m/%d/%Y" for 03/14/2026, "%d/%m/%Y" for 14/03/2026. `runlog log` writes
# dates this way too. A `;`-separated diary may write decimals with a comma
# (7,5) without any setting.
# date_format = "%d.%m.%Y"
"#;

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

/// Thresholds of the segmentation (`analysis::segment`), as `[segment]` in
/// `runlog.toml`. The
/// defaults suit recreational runners and walkers; every key is optional.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SegmentThresholds {
    /// Cadence (steps/min, both feet) at or above which a sample is jogging.
    /// Default 140: brisk walking rarely exceeds ~135, even slow jogging is
    /// ~150 or more.
    pub jog_cadence_spm: f64,
    /// Cadence at or above which a sample is walking; below it, standing.
    /// Default 70: slow walking is ~90–100, and a watch standing still
    /// reports 0 or a few stray steps.
    pub walk_cadence_spm: f64,
    /// Half-width of the band around `jog_cadence_spm` (default 10, i.e.
    /// 130–150) where a brisk walk and a shuffling jog overlap: there speed
    /// decides (≥ `jog_speed_mps` jog, else walk) when the file has speed.
    pub tiebreak_spm: f64,
    /// Speed (m/s) at or above which a sample is jogging when speed decides.
    /// Default 2.0 m/s ≈ 8:20 min/km, faster than almost anyone walks.
    pub jog_speed_mps: f64,
    /// Speed at or above which a sample is walking; below it, standing.
    /// Default 0.3 m/s: GPS speed wanders around this when standing still.
    pub stand_speed_mps: f64,
    /// Width (s) of the centred rolling median applied before hysteresis.
    /// Default 5 s: removes one- or two-second glitches (cadence dropouts to
    /// 0) without moving real transitions.
    pub smooth_s: f64,
    /// A new state must persist this long (s) to start a segment; shorter
    /// runs join their longer neighbour. Jog intervals shorter than this are
    /// not counted. Default 20 s: shorter than any programme's jog interval,
    /// longer than a stumble or a kerb.
    pub min_segment_s: f64,
    /// A stand shorter than this (s) between jogs or walks does not split
    /// them (a traffic light is not a walk break); between a jog and a walk it
    /// joins the walk. Its time still counts as standing. Default 60 s. The
    /// same limit joins two jog (or walk) segments separated only by a gap.
    pub max_pause_s: f64,
    /// Consecutive samples further apart than this (s) are a gap (auto-pause,
    /// lost signal): the segment ends and the gap counts as no state.
    /// Default 10 s, as in the load computation.
    pub max_gap_s: f64,
}

impl Default for SegmentThresholds {
    fn default() -> Self {
        SegmentThresholds {
            jog_cadence_spm: 140.0,
            walk_cadence_spm: 70.0,
            tiebreak_spm: 10.0,
            jog_speed_mps: 2.0,
            stand_speed_mps: 0.3,
            smooth_s: 5.0,
            min_segment_s: 20.0,
            max_pause_s: 60.0,
            max_gap_s: 10.0,
        }
    }
}

impl SegmentThresholds {
    /// Plausibility check for use at config load time. `segment` itself never
    /// panics on odd values; it just gives odd answers.
    pub fn check(&self) -> Result<(), String> {
        let all = [
            self.jog_cadence_spm,
            self.walk_cadence_spm,
            self.tiebreak_spm,
            self.jog_speed_mps,
            self.stand_speed_mps,
            self.smooth_s,
            self.min_segment_s,
            self.max_pause_s,
            self.max_gap_s,
        ];
        if all.iter().any(|v| !v.is_finite() || *v < 0.0) || self.max_gap_s == 0.0 {
            return Err("every threshold must be a number ≥ 0 (max_gap_s above 0)".into());
        }
        if self.walk_cadence_spm >= self.jog_cadence_spm
            || self.stand_speed_mps >= self.jog_speed_mps
        {
            return Err("walk_cadence_spm must be below jog_cadence_spm and stand_speed_mps below jog_speed_mps".into());
        }
        Ok(())
    }
}

/// How the report is laid out on paper, and what it may show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReportSettings {
    pub paper: Paper,
    /// The diary's free-text notes in the report (around flags and
    /// spikes). Notes can hold what a runner would not send on.
    pub notes: bool,
}

impl Default for ReportSettings {
    fn default() -> Self {
        ReportSettings {
            paper: Paper::default(),
            notes: true,
        }
    }
}

/// The paper `report.pdf` and the printed page use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    /// Width and height in PostScript points (1/72 inch).
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }

    /// The CSS `@page` size keyword.
    pub fn css(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::Letter => "letter",
        }
    }
}

/// How numbers are shown to people (never in JSON or CSV).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Display {
    /// Kilometres or miles, for distances and paces.
    pub units: crate::units::Units,
}

/// What the diary file cannot say about itself.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DiarySettings {
    /// A non-ISO date format in strftime form, e.g. "%d.%m.%Y".
    pub date_format: Option<String>,
}

impl DiarySettings {
    fn check(&self) -> std::result::Result<(), String> {
        match &self.date_format {
            Some(f) => crate::dates::check_date_format(f),
            None => Ok(()),
        }
    }
}

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

impl Sex {
    /// Banister's TRIMP constants as Morton et al. (1990) give them:
    /// a·e^(b·x) is 0.64·e^(1.92·x) for men and 0.86·e^(1.67·x) for women,
    /// x the fraction of heart-rate reserve. The women's curve is not the
    /// men's with another b: both constants differ, and with 0.64 a
    /// woman's load came out about a quarter too low. Unspecified takes the
    /// mean of each constant.
    pub fn trimp(self) -> crate::metrics::TrimpConstants {
        use crate::metrics::TrimpConstants as T;
        const MALE: T = T { a: 0.64, b: 1.92 };
        const FEMALE: T = T { a: 0.86, b: 1.67 };
        match self {
            Sex::Male => MALE,
            Sex::Female => FEMALE,
            Sex::Unspecified => T {
                a: (MALE.a + FEMALE.a) / 2.0,
                b: (MALE.b + FEMALE.b) / 2.0,
            },
        }
    }
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

    /// The unit the metric is counted and shown in: distance in the
    /// runner's `[display] units`, so a 10 % rule reads in their miles.
    pub fn unit(self, units: crate::units::Units) -> &'static str {
        match self {
            LoadMetric::Time => "min",
            LoadMetric::Distance => units.label(),
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
    pub include_cross_training: bool,
    pub jump_pct: f64,
    pub peak_weeks: u32,
    pub chronic_high: f64,
    pub chronic_weeks: u32,
    pub acwr_high: f64,
    pub min_running_weeks: u32,
    pub session_spike_pct: f64,
    pub session_window_days: i64,
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
    /// A red flag this many days back or less stops the training advice.
    pub red_flag_days: i64,
    /// The pain-monitoring model: pain during a run above this is noted.
    pub during_max: f64,
    /// A week whose mean morning pain rises by more than this over the
    /// week before is noted.
    pub morning_rise_points: f64,
    /// A week whose mean morning stiffness rises by more than this many
    /// minutes over the week before is noted.
    pub stiffness_rise_min: f64,
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
            include_cross_training: false,
            jump_pct: 30.0,
            peak_weeks: 4,
            chronic_high: 1.3,
            chronic_weeks: 3,
            acwr_high: 1.5,
            min_running_weeks: 3,
            session_spike_pct: 10.0,
            session_window_days: 30,
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
            red_flag_days: 14,
            during_max: 5.0,
            morning_rise_points: 1.0,
            stiffness_rise_min: 10.0,
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
        within("[athlete] resting_hr", a.resting_hr, 25.0, 120.0)?;
        within("[athlete] max_hr", a.max_hr, 100.0, 240.0)?;
        below(("[athlete] resting_hr", a.resting_hr), ("max_hr", a.max_hr))?;
        self.load.check()?;
        self.pain.check()?;
        check_segment(&self.segment)?;
        self.segment.check().map_err(|e| format!("[segment] {e}"))?;
        self.diary.check()?;
        self.plan.check()
    }
}

/// `value` must lie in `lo..=hi`; NaN and infinities never do.
fn within<T: PartialOrd + std::fmt::Display>(
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
fn below(
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

impl LoadSettings {
    fn check(&self) -> std::result::Result<(), String> {
        within("[load] jump_pct", self.jump_pct, 5.0, 500.0)?;
        within("[load] peak_weeks", self.peak_weeks, 1, 12)?;
        within("[load] chronic_high", self.chronic_high, 1.0, 5.0)?;
        within("[load] chronic_weeks", self.chronic_weeks, 1, 12)?;
        within("[load] acwr_high", self.acwr_high, 1.0, 5.0)?;
        within("[load] min_running_weeks", self.min_running_weeks, 1, 12)?;
        within(
            "[load] session_spike_pct",
            self.session_spike_pct,
            1.0,
            200.0,
        )?;
        within(
            "[load] session_window_days",
            self.session_window_days,
            7,
            90,
        )?;
        within("[load] acwr_low_band", self.acwr_low_band, 0.0, 5.0)?;
        within("[load] acwr_high_band", self.acwr_high_band, 0.0, 5.0)?;
        below(
            ("[load] acwr_low_band", self.acwr_low_band),
            ("acwr_high_band", self.acwr_high_band),
        )?;
        within(
            "[load] min_jump_minutes",
            self.min_jump_minutes,
            0.0,
            1000.0,
        )?;
        within("[load] monotony_high", self.monotony_high, 1.0, 10.0)
    }
}

impl PainSettings {
    fn check(&self) -> std::result::Result<(), String> {
        within("[pain] spike_points", self.spike_points, 0.5, 10.0)?;
        within("[pain] threshold", self.threshold, 0.0, 10.0)?;
        within("[pain] settle_margin", self.settle_margin, 0.0, 10.0)?;
        within("[pain] lag_days", self.lag_days, 1, 60)?;
        within("[pain] red_flag_days", self.red_flag_days, 1, 90)?;
        within("[pain] during_max", self.during_max, 0.0, 10.0)?;
        within(
            "[pain] morning_rise_points",
            self.morning_rise_points,
            0.0,
            10.0,
        )?;
        within(
            "[pain] stiffness_rise_min",
            self.stiffness_rise_min,
            0.0,
            1440.0,
        )
    }
}

/// The segmentation's ranges: wide enough for any runner or walker, narrow
/// enough that no value turns a state off entirely by accident. Zero is
/// allowed where it means "off" (smoothing, the tiebreak band, pauses).
fn check_segment(t: &SegmentThresholds) -> std::result::Result<(), String> {
    within("[segment] jog_cadence_spm", t.jog_cadence_spm, 60.0, 250.0)?;
    within("[segment] walk_cadence_spm", t.walk_cadence_spm, 1.0, 200.0)?;
    below(
        ("[segment] walk_cadence_spm", t.walk_cadence_spm),
        ("jog_cadence_spm", t.jog_cadence_spm),
    )?;
    within("[segment] tiebreak_spm", t.tiebreak_spm, 0.0, 60.0)?;
    within("[segment] jog_speed_mps", t.jog_speed_mps, 0.5, 10.0)?;
    within("[segment] stand_speed_mps", t.stand_speed_mps, 0.01, 5.0)?;
    below(
        ("[segment] stand_speed_mps", t.stand_speed_mps),
        ("jog_speed_mps", t.jog_speed_mps),
    )?;
    within("[segment] smooth_s", t.smooth_s, 0.0, 300.0)?;
    within("[segment] min_segment_s", t.min_segment_s, 0.0, 600.0)?;
    within("[segment] max_pause_s", t.max_pause_s, 0.0, 3600.0)?;
    within("[segment] max_gap_s", t.max_gap_s, 1.0, 3600.0)
}

impl Plan {
    /// A plan start before 2000 would make `runlog plan` list every week
    /// since; after 2100 it is a typo for a near year.
    fn check(&self) -> std::result::Result<(), String> {
        if let Some(start) = self.start {
            let (lo, hi) = (plan_date(2000, 1, 1), plan_date(2100, 12, 31));
            if start < lo || start > hi {
                return Err(format!(
                    "[plan] start = {start} is not allowed: use a date from {lo} to {hi}"
                ));
            }
        }
        within(
            "[plan] ahead_minutes_pct",
            self.ahead_minutes_pct,
            5.0,
            500.0,
        )?;
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
        within(&key("weeks"), self.weeks, 1, 52)?;
        within(&key("sessions"), self.sessions, 1, 14)?;
        within(&key("minutes"), self.minutes, 1.0, 300.0)?;
        match self.ratio.as_deref() {
            Some(r) if ratio_share(r).is_none() => Err(format!(
                "{} = \"{r}\" is not allowed: write jog:walk minutes like \"1:4\"",
                key("ratio")
            )),
            _ => Ok(()),
        }
    }
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
        assert!(DEFAULT_TOML.contains("# date_format = \"%d.%m.%Y\""));
        assert!(crate::dates::check_date_format("%d.%m.%Y").is_ok());
    }

    #[test]
    fn default_file_matches_default_values() {
        assert_eq!(Config::parse(DEFAULT_TOML).unwrap(), Config::default());
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
