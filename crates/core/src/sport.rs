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

/// The fastest average speed, in m/s, at which anyone covers a whole
/// activity of a sport (elapsed time, stops included). A distance implying
/// more is a device or export error, such as a trackpoint distance that
/// starts at the device's odometer reading. The limits sit above the world
/// records so that no real session is doubted:
///
/// | sport | limit | why |
/// |---|---|---|
/// | running (named as such) | 7 m/s | a mile at world-record pace averages 7.1 m/s; a whole session with warm-up cannot |
/// | walking, hiking | 4.5 m/s | the 20 km race-walk record averages 4.3 m/s |
/// | swimming | 3 m/s | the 50 m freestyle record averages 2.4 m/s |
/// | cycling, transitions, no sport named | 25 m/s | the hour record averages 15 m/s; a file that names no sport may be a ride |
/// | motorised sports, flying | none | a machine sets the speed |
/// | anything else | 50 m/s | faster than any human- or wind-powered session |
pub fn max_speed_mps(sport: &str, sub_sport: Option<&str>) -> f64 {
    let name = sport.trim().to_ascii_lowercase();
    if name.contains("swim") {
        return 3.0;
    }
    if MOTORISED.contains(&name.as_str()) {
        return f64::INFINITY;
    }
    let transition = sub_sport.is_some_and(|s| s.eq_ignore_ascii_case("transition"));
    if transition || matches!(name.as_str(), "unknown" | "generic" | "transition") {
        return 25.0;
    }
    match classify(sport, sub_sport) {
        Sport::Run | Sport::TrailRun | Sport::Treadmill => 7.0,
        Sport::Walk | Sport::Hike => 4.5,
        Sport::Ride => 25.0,
        Sport::Other => 50.0,
    }
}

/// FIT sports (and Strava types) where an engine or gravity, not the
/// person, sets the speed.
const MOTORISED: &[&str] = &[
    "driving",
    "motorcycling",
    "boating",
    "snowmobiling",
    "flying",
    "sky_diving",
    "hang_gliding",
    "jumpmaster",
];

/// A multisport transition (FIT sport `transition`, a TCX `Transition`)
/// as the store keeps it: sport `other`, so it never counts as running
/// load, with `transition` as the sub-sport to say what it was.
pub fn transition() -> (String, Option<String>) {
    ("other".into(), Some("transition".into()))
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
    fn speed_limits_by_sport() {
        assert_eq!(max_speed_mps("running", None), 7.0);
        assert_eq!(max_speed_mps("running", Some("treadmill")), 7.0);
        assert_eq!(max_speed_mps("walking", None), 4.5);
        assert_eq!(max_speed_mps("cycling", Some("road")), 25.0);
        assert_eq!(max_speed_mps("swimming", Some("open_water")), 3.0);
        assert_eq!(max_speed_mps("Swim", None), 3.0);
        // A file without a sport may be a ride: not held to running speed.
        assert_eq!(max_speed_mps("unknown", None), 25.0);
        let (t, sub) = transition();
        assert_eq!(classify(&t, sub.as_deref()), Sport::Other);
        assert_eq!(max_speed_mps(&t, sub.as_deref()), 25.0);
        assert_eq!(max_speed_mps("transition", None), 25.0);
        assert_eq!(max_speed_mps("stand_up_paddleboarding", None), 50.0);
        assert!(max_speed_mps("driving", None).is_infinite());
    }

    #[test]
    fn running_and_walking_groups() {
        assert!(Sport::Treadmill.is_running() && Sport::TrailRun.is_running());
        assert!(!Sport::Walk.is_running() && Sport::Hike.is_walking());
        assert!(!Sport::Ride.is_running() && !Sport::Ride.is_walking());
    }
}
