//! A GPX 1.1 writer with Garmin's TrackPointExtension (heart rate and
//! cadence), shaped like a Strava or Garmin Connect export.
//!
//! Written by hand because the `gpx` crate cannot write extensions. Floats
//! get fixed decimals so the text is identical on every platform.

use super::run::{Activity, Point};
use chrono::DateTime;
use std::fmt::Write;

/// Who "exported" the file: goes into `creator` and `<name>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Export<'a> {
    pub creator: &'a str,
    /// Track name, e.g. Strava's "Morning Run".
    pub name: &'a str,
}

const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<gpx creator="CREATOR" version="1.1" xmlns="http://www.topografix.com/GPX/1/1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd http://www.garmin.com/xmlschemas/TrackPointExtension/v1 http://www.garmin.com/xmlschemas/TrackPointExtensionv1.xsd" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
"#;

/// ISO 8601 UTC with a `Z`, as both Strava and Garmin write it.
pub fn iso_utc(unix_s: i64) -> String {
    DateTime::from_timestamp(unix_s, 0)
        .expect("simulated times are in range")
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// Escapes the five XML special characters in text and attribute values.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// The whole document. Points without a position (indoors, no fix) are left
/// out, since GPX cannot hold them; auto-paused seconds leave a time gap.
pub fn encode_activity(a: &Activity, export: &Export) -> Vec<u8> {
    let mut s = String::with_capacity(a.points.len() * 260 + 1024);
    s.push_str(&HEAD.replace("CREATOR", &escape(export.creator)));
    let _ = write!(
        s,
        " <metadata>\n  <time>{}</time>\n </metadata>\n <trk>\n  <name>{}</name>\n  <type>{}</type>\n  <trkseg>\n",
        iso_utc(a.start_unix_s),
        escape(export.name),
        a.sport.gpx_type()
    );
    for p in a.recorded() {
        trkpt(&mut s, p);
    }
    s.push_str("  </trkseg>\n </trk>\n</gpx>\n");
    s.into_bytes()
}

fn trkpt(s: &mut String, p: &Point) {
    let (Some(lat), Some(lon)) = (p.lat_deg, p.lon_deg) else {
        return;
    };
    let _ = writeln!(s, "   <trkpt lat=\"{lat:.7}\" lon=\"{lon:.7}\">");
    if let Some(ele) = p.alt_m {
        let _ = writeln!(s, "    <ele>{ele:.1}</ele>");
    }
    let _ = writeln!(s, "    <time>{}</time>", iso_utc(p.unix_s));
    let cad = p.cadence_spm.map(|c| c / 2);
    if p.hr_bpm.is_some() || cad.is_some() {
        s.push_str("    <extensions>\n     <gpxtpx:TrackPointExtension>\n");
        if let Some(hr) = p.hr_bpm {
            let _ = writeln!(s, "      <gpxtpx:hr>{hr}</gpxtpx:hr>");
        }
        if let Some(cad) = cad {
            let _ = writeln!(s, "      <gpxtpx:cad>{cad}</gpxtpx:cad>");
        }
        s.push_str("     </gpxtpx:TrackPointExtension>\n    </extensions>\n");
    }
    s.push_str("   </trkpt>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::{Athlete, Effort, Segment, Spec, Sport, insert_stop, simulate};

    fn activity(auto_pause: bool) -> Activity {
        let segs = [
            Segment::mins(Effort::Walk, 2),
            Segment::mins(Effort::Jog, 3),
        ];
        simulate(&Spec {
            start_unix_s: 1_785_820_323,
            utc_offset_s: 7200,
            sport: Sport::Run,
            segments: insert_stop(&segs, 150, 35),
            athlete: Athlete::returning(),
            auto_pause,
            route_start_m: 0.0,
            reverse: true,
            hr_lock_s: 5,
            seed: 11,
        })
    }

    const EXPORT: Export = Export {
        creator: "StravaGPX & co",
        name: "Morning <Run>",
    };

    fn unix(t: gpx::Time) -> i64 {
        let iso = t.format().unwrap();
        DateTime::parse_from_rfc3339(&iso).unwrap().timestamp()
    }

    #[test]
    fn gpx_crate_reads_points_and_times_back() {
        let a = activity(true);
        let bytes = encode_activity(&a, &EXPORT);
        let g = gpx::read(bytes.as_slice()).expect("valid GPX 1.1");
        assert_eq!(g.version, gpx::GpxVersion::Gpx11);
        let trk = &g.tracks[0];
        assert_eq!(trk.name.as_deref(), Some("Morning <Run>"));
        assert_eq!(trk.type_.as_deref(), Some("running"));
        let pts = &trk.segments[0].points;
        let rec: Vec<&Point> = a.recorded().collect();
        assert_eq!(pts.len(), rec.len());
        assert_eq!(pts.len(), a.points.len() - 35);
        for (w, p) in pts.iter().zip(&rec) {
            assert_eq!(unix(w.time.unwrap()), p.unix_s);
            assert!((w.point().y() - p.lat_deg.unwrap()).abs() < 1e-7);
            assert!((w.point().x() - p.lon_deg.unwrap()).abs() < 1e-7);
            assert!((w.elevation.unwrap() - p.alt_m.unwrap()).abs() <= 0.05);
        }
        let meta = g.metadata.unwrap();
        assert_eq!(unix(meta.time.unwrap()), a.start_unix_s);
    }

    #[test]
    fn extensions_hold_hr_and_stride_cadence() {
        let a = activity(false);
        let text = String::from_utf8(encode_activity(&a, &EXPORT)).unwrap();
        let p = &a.points[100];
        let hr = format!("<gpxtpx:hr>{}</gpxtpx:hr>", p.hr_bpm.unwrap());
        let cad = format!("<gpxtpx:cad>{}</gpxtpx:cad>", p.cadence_spm.unwrap() / 2);
        let at = text
            .find(&format!("<time>{}</time>", iso_utc(p.unix_s)))
            .unwrap();
        let block = &text[at..at + 300];
        assert!(block.contains(&hr) && block.contains(&cad), "{block}");
        // The first seconds, before the strap locks, have cadence but no HR.
        assert_eq!(text.matches("<gpxtpx:hr>").count(), a.points.len() - 5);
        assert!(
            text.contains(
                "xmlns:gpxtpx=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v1\""
            )
        );
    }
}
