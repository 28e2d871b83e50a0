//! Pieces both XML formats (GPX and TCX) need: element names without their
//! namespace prefix, entity references, and the distance between two
//! positions.

use quick_xml::events::{BytesRef, BytesStart};

use crate::error::SkipReason;

/// Deepest element nesting accepted. Real GPX and TCX files nest about ten
/// deep; every open element costs memory, and `<a><a><a>…` costs the
/// file three bytes a level.
const MAX_DEPTH: usize = 100;

/// Refuse a file nested deeper than any real one, or holding more kept
/// items (points, segments, laps) than `MAX_RECORDS`.
pub fn check_limits(depth: usize, kept: usize) -> Result<(), SkipReason> {
    if depth > MAX_DEPTH {
        return Err(SkipReason::Corrupt(format!(
            "elements nested more than {MAX_DEPTH} deep"
        )));
    }
    if kept > super::MAX_RECORDS {
        return Err(SkipReason::TooManyRecords {
            limit: super::MAX_RECORDS,
        });
    }
    Ok(())
}

/// Mean Earth radius, as the corpus oracle (gpxpy) uses.
pub const EARTH_RADIUS_M: f64 = 6_371_000.0;

/// The file's text: a UTF-8 byte-order mark dropped, anything that is not
/// UTF-8 refused (both formats declare UTF-8 in practice).
pub fn text(bytes: &[u8]) -> Result<&str, SkipReason> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| SkipReason::Corrupt(format!("not UTF-8 text ({e})")))
}

/// An element's local name, lower-cased: `ns3:TPX`, `<TPX xmlns=…>` and
/// `tpx` all read the same.
pub fn local(e: &BytesStart) -> String {
    e.local_name().as_ref().to_ascii_lowercase()
}

/// The text of an entity or character reference (quick-xml reports them as
/// separate events); unknown entities read as nothing.
pub fn entity(r: &BytesRef) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    match &**r {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => "",
    }
    .to_string()
}

/// Great-circle distance in metres between two (latitude, longitude) pairs
/// in degrees.
pub fn haversine_m(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, la2) = (a.0.to_radians(), b.0.to_radians());
    let dlat = la2 - la1;
    let dlon = (b.1 - a.1).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_degree_of_latitude_is_111_km() {
        let d = super::haversine_m((52.0, 13.0), (53.0, 13.0));
        assert!((d - 111_195.0).abs() < 1.0, "{d}");
    }
}
