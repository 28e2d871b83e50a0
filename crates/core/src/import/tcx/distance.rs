//! An activity's distance. A TCX file can state it three ways (the laps,
//! the device's running total on the track points, the GPS positions), and
//! converters get each wrong in their own way, so all three are measured and
//! weighed against each other.

use super::Point;
use crate::import::sanity::metres;
use crate::import::xml::haversine_m;

/// Cumulative distance at each point: the device's `DistanceMeters` when
/// the activity has any, counted from the first point (a device may write
/// a running odometer: 42,013 m at the start of a 300 m run), else the GPS
/// distance summed within each track.
pub(super) fn cumulative_distance(points: &[Point]) -> Vec<Option<f64>> {
    let first = points
        .iter()
        .filter(|p| p.dist.is_some())
        .min_by_key(|p| p.time.map_or(i64::MAX, |t| t.timestamp_millis()))
        .and_then(|p| p.dist);
    match first {
        Some(base) => points.iter().map(|p| p.dist.map(|d| d - base)).collect(),
        None => gps_cumulative(points),
    }
}

/// The GPS distance at each point, summed within each track (a gap
/// between tracks is not distance covered).
pub(super) fn gps_cumulative(points: &[Point]) -> Vec<Option<f64>> {
    if !points.iter().any(|p| p.position().is_some()) {
        return vec![None; points.len()];
    }
    let mut total = 0.0;
    let mut last: Option<(usize, (f64, f64))> = None;
    points
        .iter()
        .map(|p| {
            if let Some(pos) = p.position() {
                if let Some((track, prev)) = last
                    && track == p.track
                {
                    total += haversine_m(prev, pos);
                }
                last = Some((p.track, pos));
            }
            Some(total)
        })
        .collect()
}

/// An activity's distance as each source in the file measures it.
pub(super) struct Distances {
    /// The sum of the laps' `DistanceMeters`.
    pub(super) laps: Option<f64>,
    /// The track points' `DistanceMeters`, last less first.
    pub(super) device: Option<f64>,
    pub(super) gps: Option<f64>,
}

const LAPS: &str = "the laps'";
const DEVICE: &str = "the track points'";
const GPS: &str = "the GPS track's";

impl Distances {
    /// The laps' distance, unless the track points go on well past it
    /// (Suunto Movescount closes the last lap early and leaves the rest of
    /// the run as points after it) and the GPS track, where there is one,
    /// sides with the points. Returns the source, the distance, and the
    /// seconds of track after the last lap that are then moving time too.
    pub(super) fn choose(
        &self,
        tail_s: f64,
        warnings: &mut Vec<String>,
    ) -> (&'static str, Option<f64>, f64) {
        let (Some(laps), Some(dev)) = (self.laps, self.device) else {
            return match (self.laps, self.device) {
                (Some(l), _) => (LAPS, Some(l), 0.0),
                (_, Some(d)) => (DEVICE, Some(d), 0.0),
                _ => (GPS, self.gps, 0.0),
            };
        };
        if dev <= laps * 1.05 || dev - laps <= 100.0 {
            return (LAPS, Some(laps), 0.0);
        }
        if let Some(gps) = self.gps.filter(|&g| g > 0.0)
            && (laps - gps).abs() < (dev - gps).abs()
        {
            warnings.push(format!(
                "the track points count {} but the laps ({}) agree better \
                 with the GPS track ({}): the laps' distance is used",
                metres(dev),
                metres(laps),
                metres(gps)
            ));
            return (LAPS, Some(laps), 0.0);
        }
        warnings.push(format!(
            "the laps add up to {} but the track goes on to {} \
             ({tail_s:.0} s after the last lap ends): the track's distance is used",
            metres(laps),
            metres(dev)
        ));
        (DEVICE, Some(dev), tail_s)
    }

    /// The sources other than `chosen`, in the order they are trusted.
    pub(super) fn others(&self, chosen: &str) -> Vec<(&'static str, Option<f64>)> {
        [(LAPS, self.laps), (DEVICE, self.device), (GPS, self.gps)]
            .into_iter()
            .filter(|(name, _)| *name != chosen)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::import::tcx::decode;
    use crate::import::tcx::tests::{lap, tcx, tp};

    /// Track points whose DistanceMeters count on from the device's
    /// odometer (42,013 m at the start of a 280 m run): the distance is the
    /// change, cross-checked with the laps, and the series starts at 0 m.
    #[test]
    fn a_track_distance_that_starts_at_an_odometer_reading_counts_from_there() {
        let pts: String = (0..29)
            .map(|t| {
                tp(t * 4, 150, "").replace(
                    &format!("<DistanceMeters>{}<", t * 20),
                    &format!("<DistanceMeters>{}<", 42_013 + t * 10),
                )
            })
            .collect();
        let act = |laps: &str| {
            tcx(&format!(
                r#"<Activities><Activity Sport="Running"><Id>2026-03-01T08:00:00Z</Id>{laps}</Activity></Activities>"#
            ))
        };
        // The lap says 299 m (the points began after the first few metres).
        let p = decode(act(&lap(0, 112.0, 299.0, &pts)).as_bytes())
            .unwrap()
            .remove(0);
        assert_eq!(p.summary.distance_m, Some(299.0));
        assert_eq!(p.samples[0].distance_m, Some(0.0));
        assert_eq!(p.samples[28].distance_m, Some(280.0));
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        // Without a lap distance, the points' change is the distance.
        let no_lap_distance =
            lap(0, 112.0, 0.0, &pts).replace("<DistanceMeters>0</DistanceMeters>", "");
        let p = decode(act(&no_lap_distance).as_bytes()).unwrap().remove(0);
        assert_eq!(p.summary.distance_m, Some(280.0));
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    }

    /// Laps claiming 42 km for a two-minute run: the time stays, the
    /// distance comes from the track points, or else the GPS track.
    #[test]
    fn an_impossible_lap_distance_gives_way_to_the_track() {
        let pts: String = (0..=120).map(|t| tp(t, 150, "")).collect();
        let doc = tcx(&format!(
            r#"<Activities><Activity Sport="Running"><Id>2026-03-01T08:00:00Z</Id>{}</Activity></Activities>"#,
            lap(0, 120.0, 42_293.0, &pts)
        ));
        // tp() moves 5 m a second in DistanceMeters, but not in position.
        let p = decode(doc.as_bytes()).unwrap().remove(0);
        assert_eq!(p.summary.elapsed_s, 120.0);
        assert_eq!(p.summary.distance_m, Some(600.0));
        assert_eq!(
            p.warnings,
            [
                "the laps' distance, 42.29 km in 2 min, is an average of 352.4 m/s: more than \
              anyone covers in a whole running activity (7 m/s at most); the track points' \
              distance, 0.60 km, is used"
            ]
        );
        // Without DistanceMeters, the GPS track (here: standing still, 0 m)
        // is no distance either: none is kept.
        let no_device: String = (0..=120)
            .map(|t| {
                tp(t, 150, "").replace(&format!("<DistanceMeters>{}</DistanceMeters>", t * 5), "")
            })
            .collect();
        let doc = tcx(&format!(
            r#"<Activities><Activity Sport="Running"><Id>2026-03-01T08:00:00Z</Id>{}</Activity></Activities>"#,
            lap(0, 120.0, 42_293.0, &no_device)
        ));
        let p = decode(doc.as_bytes()).unwrap().remove(0);
        assert_eq!(p.summary.distance_m, None);
        assert!(
            p.warnings[0].contains("no other distance"),
            "{:?}",
            p.warnings
        );
    }

    #[test]
    fn a_lap_that_closes_early_does_not_cut_the_run_short() {
        // Laps say 50 m in 10 s; the points go on for 60 s and 300 m.
        let pts: String = (0..61).map(|t| tp(t, 140, "")).collect();
        let doc = tcx(&format!(
            r#"<Activities><Activity Sport="Running"><Id>2026-03-01T08:00:00Z</Id>{}</Activity></Activities>"#,
            lap(0, 10.0, 50.0, &pts)
        ));
        let p = decode(doc.as_bytes()).unwrap().remove(0);
        assert_eq!(p.summary.distance_m, Some(300.0));
        assert_eq!(p.summary.elapsed_s, 60.0);
        assert_eq!(p.summary.moving_s, 60.0);
        assert_eq!(p.warnings.len(), 1);
    }
}
