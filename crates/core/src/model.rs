//! Plain data types passed between the pipeline stages.
//!
//! Units live in field names (`distance_m`, `hr_bpm`), missing values are
//! `None`, and every instant is UTC. A later stage imports these types, never
//! an earlier stage's internals.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where an activity's numbers were read from: a file format, or a
/// workout in an Apple Health export. Ordered from least to most
/// informative so de-duplication can keep the richer source: an Apple
/// Health workout states the watch's own totals, which a GPX track alone
/// does not; TCX and FIT carry a heart-rate series at every point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Gpx,
    AppleHealth,
    Tcx,
    Fit,
}

impl Format {
    /// The name `runlog activities` shows as `format` and `source_kind`,
    /// and the store keeps.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Gpx => "gpx",
            Format::AppleHealth => "apple_health",
            Format::Tcx => "tcx",
            Format::Fit => "fit",
        }
    }

    /// The name a person reads in the report.
    pub fn label(self) -> &'static str {
        match self {
            Format::Gpx => "GPX",
            Format::AppleHealth => "Apple Health",
            Format::Tcx => "TCX",
            Format::Fit => "FIT",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "gpx" => Some(Format::Gpx),
            "apple_health" => Some(Format::AppleHealth),
            "tcx" => Some(Format::Tcx),
            "fit" => Some(Format::Fit),
            _ => None,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One point of an activity's time series. Coordinates are deliberately
/// absent: the store never keeps them, so no report can leak them.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Sample {
    /// Seconds since the activity's start.
    pub t_s: f64,
    pub hr_bpm: Option<f64>,
    pub speed_mps: Option<f64>,
    /// Steps per minute (both feet), whatever the source counted.
    pub cadence_spm: Option<f64>,
    pub altitude_m: Option<f64>,
    /// Cumulative distance since the start.
    pub distance_m: Option<f64>,
}

/// What a parser reads from one file, before the store gives it an identity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub format: Format,
    /// FIT sport, GPX `<type>`, or `unknown`.
    pub sport: String,
    pub sub_sport: Option<String>,
    pub device: Option<String>,
    pub name: Option<String>,
    pub start: DateTime<Utc>,
    /// Local time minus UTC at the start, when the file records it.
    pub utc_offset_s: Option<i32>,
    pub elapsed_s: f64,
    /// Timer time for FIT; elapsed time less detected pauses for GPX.
    pub moving_s: f64,
    pub distance_m: Option<f64>,
    pub ascent_m: Option<f64>,
    pub avg_hr: Option<f64>,
    pub max_hr: Option<f64>,
    pub cadence_spm: Option<f64>,
    pub laps: Option<u32>,
    pub has_gps: bool,
    pub records: u32,
    /// The runner's own effort for the session (0–10), from an export
    /// such as Strava's "Perceived Exertion".
    #[serde(default)]
    pub rpe: Option<f64>,
    /// Strava's heart-rate based "Relative Effort", when the export has it.
    #[serde(default)]
    pub relative_effort: Option<f64>,
    /// The multisport event this activity is a leg of: the id of the
    /// event's first leg, so every leg of one triathlon names the same
    /// event and each leg's load is still judged by its own sport.
    #[serde(default)]
    pub event: Option<String>,
    /// The leg's place in its event, from 1.
    #[serde(default)]
    pub leg: Option<u32>,
}

impl Summary {
    /// What every file states, the rest unknown: parsers and fixtures fill
    /// in what they know over it, so a new field is added here once and not
    /// in each of them.
    pub fn new(format: Format, sport: &str, start: DateTime<Utc>, elapsed_s: f64) -> Summary {
        Summary {
            format,
            sport: sport.into(),
            sub_sport: None,
            device: None,
            name: None,
            start,
            utc_offset_s: None,
            elapsed_s,
            moving_s: elapsed_s,
            distance_m: None,
            ascent_m: None,
            avg_hr: None,
            max_hr: None,
            cadence_spm: None,
            laps: None,
            has_gps: false,
            records: 0,
            rpe: None,
            relative_effort: None,
            event: None,
            leg: None,
        }
    }
}

/// A parsed file: its summary, its time series, and anything the parser had
/// to work around (a bad CRC, a truncated tail) so the user is told.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub summary: Summary,
    pub samples: Vec<Sample>,
    pub warnings: Vec<String>,
}

/// An activity as kept in the store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    /// Hex BLAKE3 of the source file's bytes (after gzip), first 16 bytes.
    pub id: String,
    /// Path of the source file relative to the log folder, `/`-separated.
    pub source: String,
    #[serde(flatten)]
    pub summary: Summary,
    /// Sources of other files found to be the same run.
    pub duplicates: Vec<String>,
    /// Problems the import worked around (an impossible distance replaced,
    /// a bad checksum), kept for the report's data-quality list.
    #[serde(default)]
    pub warnings: Vec<String>,
}

/// A pain score on the 0–10 numeric rating scale. Construction checks the
/// range, so a `Pain` in hand is always valid.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct Pain(f64);

impl Pain {
    pub fn new(v: f64) -> Option<Pain> {
        (v.is_finite() && (0.0..=10.0).contains(&v)).then_some(Pain(v))
    }

    pub fn value(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for Pain {
    type Error = String;
    fn try_from(v: f64) -> Result<Self, String> {
        Pain::new(v).ok_or_else(|| format!("pain {v} is not a number from 0 to 10"))
    }
}

impl From<Pain> for f64 {
    fn from(p: Pain) -> f64 {
        p.0
    }
}

/// When in the day a diary entry was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TimeOfDay {
    Morning,
    Evening,
    /// Minutes after midnight, from `HH:MM`.
    At(u16),
}

impl TimeOfDay {
    /// Morning entries (before noon) are what the next-morning rule reads.
    pub fn is_morning(self) -> bool {
        match self {
            TimeOfDay::Morning => true,
            TimeOfDay::Evening => false,
            TimeOfDay::At(m) => m < 12 * 60,
        }
    }
}

/// Symptoms that need a clinician, not a training log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RedFlags {
    /// Numbness in a leg.
    pub numbness: bool,
    /// New or worsening weakness in a leg.
    pub weakness: bool,
    /// A change in bladder or bowel control.
    pub bladder_bowel: bool,
    /// Numbness in the saddle area (between the legs, the buttocks): kept
    /// apart from leg numbness because, like a bladder or bowel change, it
    /// can mean cauda equina syndrome and needs emergency care.
    #[serde(default)]
    pub saddle_numbness: bool,
    /// Fever with the back pain.
    pub fever: bool,
}

/// How soon a red flag must be seen, as the IFOMPT framework grades them
/// (Finucane et al. 2020, JOSPT 50(7):350–72). A single red flag is a poor
/// diagnostic test, so this orders the advice to contact a clinician; it is
/// never a score or a diagnosis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// New or worsening leg weakness or numbness, or fever with back pain:
    /// see a doctor urgently.
    Urgent,
    /// A bladder or bowel change or saddle numbness (possible cauda equina
    /// syndrome): emergency care the same day.
    Emergency,
}

impl RedFlags {
    pub fn any(&self) -> bool {
        self.urgency().is_some()
    }

    /// The most urgent level among the symptoms present.
    pub fn urgency(&self) -> Option<Urgency> {
        if self.bladder_bowel || self.saddle_numbness {
            Some(Urgency::Emergency)
        } else if self.numbness || self.weakness || self.fever {
            Some(Urgency::Urgent)
        } else {
            None
        }
    }

    /// Human names of the symptoms present, for notices.
    pub fn names(&self) -> Vec<&'static str> {
        [
            (self.bladder_bowel, "bladder/bowel change"),
            (self.saddle_numbness, "saddle numbness"),
            (self.weakness, "leg weakness"),
            (self.numbness, "leg numbness"),
            (self.fever, "fever"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect()
    }
}

/// One row of the pain diary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiaryEntry {
    /// 1-based line in the diary file, so messages can point back to it.
    pub line: usize,
    pub date: NaiveDate,
    pub time: Option<TimeOfDay>,
    pub pain: Pain,
    /// Pain during the run, 0–10: up to 5 is acceptable in the
    /// pain-monitoring model if it settles by the next morning.
    #[serde(default)]
    pub pain_during: Option<f64>,
    pub stiffness_min: Option<f64>,
    pub location: Option<String>,
    /// Pain radiating into the leg, 0–10: rising while back pain falls is a
    /// reason to see the physiotherapist sooner.
    #[serde(default)]
    pub leg_pain: Option<f64>,
    /// A patient-specific functional scale item, 0 (cannot) – 10 (as before).
    #[serde(default)]
    pub function: Option<f64>,
    /// Session effort 0–10 (Borg CR-10), if the runner logged it.
    pub rpe: Option<f64>,
    pub notes: Option<String>,
    pub red_flags: RedFlags,
}

impl DiaryEntry {
    /// A day with only its pain: what every diary line must hold, the
    /// optional columns empty and no red flag ticked.
    pub fn new(line: usize, date: NaiveDate, pain: Pain) -> DiaryEntry {
        DiaryEntry {
            line,
            date,
            time: None,
            pain,
            pain_during: None,
            stiffness_min: None,
            location: None,
            leg_pain: None,
            function: None,
            rpe: None,
            notes: None,
            red_flags: RedFlags::default(),
        }
    }
}

/// One planned session as a watch follows it (issue #34): made by
/// `analysis::workouts` from the plan, encoded by `import::fit::encode`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Workout {
    /// What the watch's list shows, e.g. "runlog 2:3 · 1 of 3 · 7 Dec".
    pub name: String,
    /// The file it is written to, e.g. "runlog-2026-12-07-1-of-3.fit".
    pub file_name: String,
    /// The Monday of the week it is planned for.
    pub week: NaiveDate,
    /// A walking stage's session is recorded as a walk, so it does not
    /// count as running load; every other session as a run.
    pub walking: bool,
    pub steps: Vec<WorkoutStep>,
}

impl Workout {
    /// The whole session, repeats counted out.
    pub fn duration_s(&self) -> u32 {
        self.steps.iter().map(WorkoutStep::duration_s).sum()
    }
}

/// A step, or steps done `times` times in a row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum WorkoutStep {
    Timed(TimedStep),
    Repeat { times: u32, steps: Vec<TimedStep> },
}

impl WorkoutStep {
    pub fn duration_s(&self) -> u32 {
        match self {
            WorkoutStep::Timed(s) => s.duration_s,
            WorkoutStep::Repeat { times, steps } => {
                times * steps.iter().map(|s| s.duration_s).sum::<u32>()
            }
        }
    }
}

/// What the runner does for `duration_s` seconds, and the step's part in
/// the session, which the watch marks (and beeps at when it changes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TimedStep {
    pub gait: Gait,
    pub intensity: Intensity,
    pub duration_s: u32,
}

impl TimedStep {
    /// The step's name on the watch.
    pub fn label(&self) -> &'static str {
        match (self.gait, self.intensity) {
            (Gait::Walk, Intensity::Warmup) => "Warm-up walk",
            (Gait::Walk, Intensity::Cooldown) => "Cool-down walk",
            (Gait::Walk, Intensity::Recovery) => "Walk",
            (Gait::Walk, _) => "Brisk walk",
            (Gait::Jog, _) => "Jog",
            (Gait::Run, _) => "Run",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Gait {
    Walk,
    Jog,
    Run,
}

/// The FIT profile's step intensities that runlog's sessions use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Intensity {
    Warmup,
    Active,
    /// A walk break between jogs.
    Recovery,
    Cooldown,
}
