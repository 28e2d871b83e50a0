//! Kilometres or miles, for people. runlog counts in metres and
//! kilometres throughout, and its machine outputs (JSON, CSV) keep those
//! keys (`distance_m`, `distance_km`) whatever the setting, so scripts never
//! break; only what a person reads (tables, the report) is converted here.

use serde::{Deserialize, Serialize};

/// Metres in a statute mile.
pub const METRES_PER_MILE: f64 = 1609.344;

/// `[display] units` in runlog.toml.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Units {
    #[default]
    Km,
    Mi,
}

impl Units {
    /// The distance unit's short name: `km` or `mi`.
    pub fn label(self) -> &'static str {
        match self {
            Units::Km => "km",
            Units::Mi => "mi",
        }
    }

    /// The pace unit: `min/km` or `min/mi`.
    pub fn pace_label(self) -> &'static str {
        match self {
            Units::Km => "min/km",
            Units::Mi => "min/mi",
        }
    }

    fn metres(self) -> f64 {
        match self {
            Units::Km => 1000.0,
            Units::Mi => METRES_PER_MILE,
        }
    }

    /// Metres in this unit.
    pub fn from_m(self, metres: f64) -> f64 {
        metres / self.metres()
    }

    /// Kilometres in this unit.
    pub fn from_km(self, km: f64) -> f64 {
        self.from_m(km * 1000.0)
    }

    /// Minutes per unit as `m:ss` (`6:05` for 6 min 5 s), or `None` when
    /// there is no distance or time to divide, or the pace would be slower
    /// than an hour per unit (a stop, not a pace).
    pub fn pace(self, seconds: f64, metres: f64) -> Option<String> {
        if !(seconds.is_finite() && metres.is_finite() && seconds > 0.0 && metres > 0.0) {
            return None;
        }
        let per_unit = (seconds / self.from_m(metres)).round();
        if per_unit >= 3600.0 {
            return None;
        }
        // Whole seconds below 3600: the casts cannot truncate.
        let s = per_unit as u32;
        Some(format!("{}:{:02}", s / 60, s % 60))
    }

    pub fn parse(s: &str) -> Option<Units> {
        match s.trim().to_lowercase().as_str() {
            "km" | "kilometres" | "kilometers" => Some(Units::Km),
            "mi" | "miles" => Some(Units::Mi),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_and_paces() {
        assert_eq!(Units::Km.from_m(5000.0), 5.0);
        assert!((Units::Mi.from_km(42.195) - 26.219).abs() < 0.001);
        assert!((Units::Mi.from_m(METRES_PER_MILE) - 1.0).abs() < 1e-12);
        // 5 km in 30 min: 6:00 per km, 9:39 per mile.
        assert_eq!(Units::Km.pace(1800.0, 5000.0).as_deref(), Some("6:00"));
        assert_eq!(Units::Mi.pace(1800.0, 5000.0).as_deref(), Some("9:39"));
        assert_eq!(Units::Km.pace(1805.0, 5000.0).as_deref(), Some("6:01"));
        assert_eq!(Units::Km.pace(0.0, 5000.0), None);
        assert_eq!(Units::Km.pace(600.0, 0.0), None);
        assert_eq!(Units::Km.pace(f64::NAN, 1.0), None);
        assert_eq!(Units::Km.pace(7200.0, 1000.0), None, "a stop, not a pace");
        assert_eq!(
            (Units::Km.label(), Units::Mi.pace_label()),
            ("km", "min/mi")
        );
        assert_eq!(Units::parse(" MI "), Some(Units::Mi));
        assert_eq!(Units::parse("furlongs"), None);
    }
}
