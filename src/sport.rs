//! One table from every source's sport vocabulary to runlog's sports.
//!
//! FIT (`sport` + `sub_sport`), GPX `<type>`, TCX `Sport` and Strava's
//! activity types each name sports their own way. Importers keep the
//! source's name (lower-cased); this module decides what it means, so
//! "counts as running" is settled in one place.

use serde::Serialize;

/// runlog's sports. Running sports count towards running load; walks and
/// hikes are the early stages of a return-to-run plan; the rest is
/// cross-training, kept and listed but not counted unless configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sport {
    Run,
    TrailRun,
    Treadmill,
    Walk,
    Hike,
    Ride,
    Other,
}

impl Sport {
    pub fn as_str(self) -> &'static str {
        match self {
            Sport::Run => "run",
            Sport::TrailRun => "trail run",
            Sport::Treadmill => "treadmill",
            Sport::Walk => "walk",
            Sport::Hike => "hike",
            Sport::Ride => "ride",
            Sport::Other => "other",
        }
    }

    pub fn is_running(self) -> bool {
        matches!(self, Sport::Run | Sport::TrailRun | Sport::Treadmill)
    }

    pub fn is_walking(self) -> bool {
        matches!(self, Sport::Walk | Sport::Hike)
    }
}

/// Names as FIT, GPX (Garmin, Strava, numeric Strava codes), TCX and
/// Strava's `activities.csv` write them, lower-cased, with what they mean.
/// A file that names no sport is taken as a run: runlog is for runners, and
/// that is what such files almost always are.
const TABLE: &[(&str, Sport)] = &[
    // FIT sport names (fitparser's spelling) and the generic ones.
    ("running", Sport::Run),
    ("generic", Sport::Run),
    ("unknown", Sport::Run),
    ("trail_running", Sport::TrailRun),
    ("walking", Sport::Walk),
    ("hiking", Sport::Hike),
    ("cycling", Sport::Ride),
    ("e_biking", Sport::Ride),
    ("mountaineering", Sport::Hike),
    // GPX <type>: Garmin writes FIT names, Strava its own or numbers.
    ("run", Sport::Run),
    ("9", Sport::Run),
    ("walk", Sport::Walk),
    ("10", Sport::Walk),
    ("hike", Sport::Hike),
    ("ride", Sport::Ride),
    ("1", Sport::Ride),
    // TCX Sport attribute.
    ("biking", Sport::Ride),
    ("other", Sport::Other),
    // Strava activity types (activities.csv, English).
    ("trail run", Sport::TrailRun),
    ("virtual run", Sport::Treadmill),
    ("virtualrun", Sport::Treadmill),
    ("virtual ride", Sport::Ride),
    ("virtualride", Sport::Ride),
    ("e-bike ride", Sport::Ride),
    ("ebikeride", Sport::Ride),
    ("gravel ride", Sport::Ride),
    ("mountain bike ride", Sport::Ride),
    // German Strava exports ("Lauf", "Gehen", "Wandern", "Radfahrt").
    ("lauf", Sport::Run),
    ("laufen", Sport::Run),
    ("gehen", Sport::Walk),
    ("wandern", Sport::Hike),
    ("radfahrt", Sport::Ride),
];

/// What a stored sport and sub-sport mean. Sub-sports refine a run:
/// treadmill and virtual runs are indoor runs; trail is trail running.
pub fn classify(sport: &str, sub_sport: Option<&str>) -> Sport {
    let base = lookup(sport).unwrap_or(Sport::Other);
    match (base, sub_sport.map(str::to_ascii_lowercase).as_deref()) {
        (
            Sport::Run | Sport::TrailRun,
            Some("treadmill" | "indoor_running" | "virtual_activity"),
        ) => Sport::Treadmill,
        (Sport::Run, Some("trail")) => Sport::TrailRun,
        _ => base,
    }
}

fn lookup(name: &str) -> Option<Sport> {
    let n = name.trim().to_ascii_lowercase();
    TABLE.iter().find(|(k, _)| *k == n).map(|(_, s)| *s)
}

/// A source's sport name turned into the FIT-style name the store keeps,
/// so every importer stores one vocabulary ("Run" → "running").
pub fn store_name(source_name: &str) -> (String, Option<String>) {
    match lookup(source_name) {
        Some(Sport::Run) => ("running".into(), None),
        Some(Sport::TrailRun) => ("running".into(), Some("trail".into())),
        Some(Sport::Treadmill) => ("running".into(), Some("treadmill".into())),
        Some(Sport::Walk) => ("walking".into(), None),
        Some(Sport::Hike) => ("hiking".into(), None),
        Some(Sport::Ride) => ("cycling".into(), None),
        Some(Sport::Other) | None => (source_name.trim().to_ascii_lowercase(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_sports_and_sub_sports() {
        assert_eq!(classify("running", None), Sport::Run);
        assert_eq!(classify("running", Some("treadmill")), Sport::Treadmill);
        assert_eq!(classify("running", Some("trail")), Sport::TrailRun);
        assert_eq!(classify("running", Some("generic")), Sport::Run);
        assert_eq!(classify("walking", None), Sport::Walk);
        assert_eq!(classify("cycling", Some("road")), Sport::Ride);
        assert_eq!(classify("swimming", Some("lap_swimming")), Sport::Other);
        assert_eq!(
            classify("unknown", None),
            Sport::Run,
            "a file without a sport is taken as a run"
        );
    }

    #[test]
    fn gpx_types_from_garmin_and_strava() {
        let (s, _) = store_name("Run");
        assert_eq!(classify(&s, None), Sport::Run);
        assert_eq!(store_name("9").0, "running");
        assert_eq!(store_name("walking").0, "walking");
        assert_eq!(store_name("10").0, "walking");
        assert_eq!(store_name("1").0, "cycling");
        assert_eq!(store_name("example type").0, "example type");
        assert_eq!(classify("example type", None), Sport::Other);
    }

    #[test]
    fn tcx_sports() {
        assert_eq!(classify(&store_name("Running").0, None), Sport::Run);
        assert_eq!(classify(&store_name("Biking").0, None), Sport::Ride);
        assert_eq!(classify(&store_name("Other").0, None), Sport::Other);
    }

    #[test]
    fn strava_activity_types() {
        let (s, sub) = store_name("Trail Run");
        assert_eq!(classify(&s, sub.as_deref()), Sport::TrailRun);
        let (s, sub) = store_name("Virtual Run");
        assert_eq!(classify(&s, sub.as_deref()), Sport::Treadmill);
        assert_eq!(classify(&store_name("Hike").0, None), Sport::Hike);
        assert_eq!(classify(&store_name("Walk").0, None), Sport::Walk);
        assert_eq!(classify(&store_name("Ride").0, None), Sport::Ride);
        assert_eq!(classify(&store_name("Lauf").0, None), Sport::Run);
        assert_eq!(classify(&store_name("Yoga").0, None), Sport::Other);
    }

    #[test]
    fn running_and_walking_groups() {
        assert!(Sport::Treadmill.is_running() && Sport::TrailRun.is_running());
        assert!(!Sport::Walk.is_running() && Sport::Hike.is_walking());
        assert!(!Sport::Ride.is_running() && !Sport::Ride.is_walking());
    }
}
