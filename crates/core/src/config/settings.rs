//! The settings' tables as plain types with their defaults; what each key
//! means and the values it takes are in `keys`.

use serde::{Deserialize, Serialize};

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
    /// The load in words, as every sentence and heading names it.
    pub fn name(self) -> &'static str {
        match self {
            LoadMetric::Time => "running time",
            LoadMetric::Distance => "distance",
            LoadMetric::Trimp => "heart-rate load (TRIMP)",
            LoadMetric::Srpe => "session-RPE load",
        }
    }

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
    pub(super) fn check(&self) -> std::result::Result<(), String> {
        match &self.date_format {
            Some(f) => crate::dates::check_date_format(f),
            None => Ok(()),
        }
    }
}
