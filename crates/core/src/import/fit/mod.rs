//! FIT activity files.
//!
//! `decode` is the only entry point. Two decoders sit behind it and feed
//! the same `Accumulator`:
//! - `raw`, runlog's own: it reads only the messages and fields runlog uses
//!   and allocates nothing per message, so five years of runs import in
//!   seconds (see BENCHMARKS.md);
//! - `reference`, the `fitparser` crate: a complete decoder of the FIT
//!   profile, kept as the yardstick. A test decodes every corpus and sample
//!   file with both and requires the same activity, sample for sample.
//!
//! Both read only the structurally sound part found by `scan`, so a file cut
//! off after an hour of good records keeps that hour, and a wrong checksum
//! costs a warning instead of the run.

pub mod encode;
mod legs;
mod raw;
#[cfg(any(test, feature = "reference"))]
pub mod reference;
mod scan;

pub use raw::crc16;

use super::sanity::check_distance;
use super::xml::haversine_m;
use super::{Builder, foot_sport};
use crate::error::SkipReason;
use crate::model::{Format, Parsed, Sample};
use chrono::{DateTime, TimeZone, Utc};

/// Size in bytes of each FIT base type, by its number (low 5 bits):
/// enum, sint8, uint8, sint16, uint16, sint32, uint32, string, float32,
/// float64, uint8z, uint16z, uint32z, byte, sint64, uint64, uint64z.
const BASE_SIZES: [u8; 17] = [1, 1, 1, 2, 2, 4, 4, 1, 4, 8, 1, 2, 4, 1, 8, 8, 8];

/// Seconds between the Unix epoch and the FIT epoch (1989-12-31T00:00:00Z).
pub const FIT_EPOCH_OFFSET: i64 = 631_065_600;

/// Decode a FIT file's bytes into its activities: one, or one per leg of
/// a multisport file.
pub fn decode(bytes: &[u8]) -> Result<Vec<Parsed>, SkipReason> {
    decode_with(bytes, raw::read)
}

/// A decoder: reads `bytes` (the sound part) into `acc`, and returns the
/// warnings, or the reason the file is unusable. `stop` is why the framing
/// walk ended the sound part early, if it did.
type Reader = fn(&[u8], Option<&str>, &mut Accumulator) -> Result<Vec<String>, SkipReason>;

fn decode_with(bytes: &[u8], read: Reader) -> Result<Vec<Parsed>, SkipReason> {
    decode_limited(bytes, read, super::MAX_RECORDS)
}

/// The same, keeping at most `max_records` timed records (tests use a
/// small limit to check the cap without gigabytes of input).
fn decode_limited(
    bytes: &[u8],
    read: Reader,
    max_records: usize,
) -> Result<Vec<Parsed>, SkipReason> {
    if bytes.len() < 12 || &bytes[8..12] != b".FIT" {
        return Err(SkipReason::Corrupt(
            "not a FIT file (no .FIT signature)".into(),
        ));
    }
    // Decode only the structurally sound part; say why the rest was left.
    let scan = scan::scan(bytes);
    let mut acc = Accumulator {
        max_records,
        ..Accumulator::default()
    };
    let mut warnings = read(
        &bytes[..scan.sound_until],
        scan.stopped.as_deref(),
        &mut acc,
    )?;
    if scan.trailing > 0 {
        warnings.push(format!(
            "{} bytes after the end of the FIT data were ignored",
            scan.trailing
        ));
    }
    if let Some(at) = scan.first_misaligned_at {
        warnings.push(format!(
            "{} field definition(s) have a size that does not fit their type (first at byte {at}); those fields were ignored",
            scan.misaligned
        ));
    }
    acc.finish(warnings)
}

/// The file stops making sense at some byte. With records before it, keep
/// them and say so; otherwise the file is corrupt. `stop`, the framing
/// walk's reason, says more than the decoder's `what` at the same place.
fn damaged(
    what: String,
    stop: Option<&str>,
    acc: &Accumulator,
    mut warnings: Vec<String>,
) -> Result<Vec<String>, SkipReason> {
    acc.not_activity()?;
    let what = stop.map_or(what, str::to_string);
    let records = acc.record_count;
    if records == 0 {
        return Err(SkipReason::Corrupt(what));
    }
    warnings.push(format!("{what}; imported the {records} records before it"));
    Ok(warnings)
}

const HEADER_CRC_WARNING: &str = "the FIT header checksum is wrong; data read as-is";
const FILE_CRC_WARNING: &str =
    "the FIT file checksum (CRC) does not match its data; data read as-is";

/// A FIT date_time (seconds since the FIT epoch) as a UTC instant.
fn fit_time(seconds: i64) -> Option<DateTime<Utc>> {
    Utc.timestamp_opt(seconds.checked_add(FIT_EPOCH_OFFSET)?, 0)
        .single()
}

/// What runlog takes from a `file_id` message.
#[derive(Debug, Default, PartialEq)]
struct FileId {
    file_type: Option<String>,
    manufacturer: Option<String>,
    product: Option<String>,
    time_created: Option<DateTime<Utc>>,
}

/// What runlog takes from a `session` message, in SI units.
#[derive(Debug, Default, Clone, PartialEq)]
struct SessionRow {
    start: Option<DateTime<Utc>>,
    elapsed_s: Option<f64>,
    timer_s: Option<f64>,
    distance_m: Option<f64>,
    ascent_m: Option<f64>,
    num_laps: Option<f64>,
    avg_hr: Option<f64>,
    max_hr: Option<f64>,
    sport: Option<String>,
    sub_sport: Option<String>,
    /// Which file of a chain the session is in (set by the accumulator).
    chain: usize,
}

impl SessionRow {
    /// The same session written again: same start, sport and times.
    fn same_session(&self, other: &SessionRow) -> bool {
        self.start.is_some()
            && (self.start, &self.sport, &self.sub_sport)
                == (other.start, &other.sport, &other.sub_sport)
            && (self.elapsed_s, self.timer_s, self.distance_m)
                == (other.elapsed_s, other.timer_s, other.distance_m)
    }
}

/// One `record` message, in SI units; cadence as the file counts it.
#[derive(Debug, Default, PartialEq)]
struct RecordRow {
    time: Option<DateTime<Utc>>,
    hr: Option<f64>,
    cadence: Option<f64>,
    speed: Option<f64>,
    altitude: Option<f64>,
    distance: Option<f64>,
    /// Latitude and longitude in semicircles, as the file stores them.
    position: Option<[i32; 2]>,
}

/// Session totals as the watch recorded them; several sessions (multisport,
/// chained files) are summed.
#[derive(Default)]
struct Sessions {
    count: u32,
    start: Option<DateTime<Utc>>,
    elapsed_s: Option<f64>,
    timer_s: Option<f64>,
    distance_m: Option<f64>,
    ascent_m: Option<f64>,
    avg_hr: Option<f64>,
    max_hr: Option<f64>,
    laps: Option<u32>,
    sports: Vec<String>,
    sub_sports: Vec<String>,
}

/// Everything a decoder found, folded in message by message, so a file
/// with a million records never holds a million decoded messages.
#[derive(Default)]
struct Accumulator {
    file_type: Option<String>,
    device: Option<String>,
    /// Records with a time; records without one are only counted.
    records: Vec<RecordRow>,
    record_count: usize,
    max_records: usize,
    too_many: bool,
    has_gps: bool,
    laps: u32,
    sessions: Sessions,
    /// Each session as recorded (at most `legs::MAX_LEGS`), so a file of
    /// several sessions can become one activity per session.
    legs: Vec<SessionRow>,
    /// Sessions written twice (same start, sport and times), read once.
    repeated_sessions: usize,
    /// `records.len()` where each file of a chain ended.
    chain_ends: Vec<usize>,
    sport_msg: Option<String>,
    utc_offset_s: Option<i32>,
    time_created: Option<DateTime<Utc>>,
}

impl Accumulator {
    fn file_id(&mut self, f: FileId) {
        // Chained files repeat file_id; the first one describes the file.
        if self.file_type.is_none() {
            self.file_type = f.file_type;
        }
        if self.device.is_none() {
            self.device = match (f.manufacturer, f.product) {
                (Some(a), Some(b)) => Some(format!("{a} {b}")),
                (a, b) => a.or(b),
            };
        }
        self.time_created = self.time_created.or(f.time_created);
    }

    fn record(&mut self, r: RecordRow) {
        self.record_count += 1;
        self.has_gps |= r.position.is_some();
        if r.time.is_none() {
            return;
        }
        if self.records.len() >= self.max_records {
            self.too_many = true;
            return;
        }
        self.records.push(r);
    }

    fn lap(&mut self) {
        self.laps += 1;
    }

    fn sport(&mut self, sport: Option<String>) {
        self.sport_msg = sport;
    }

    /// One file of a chain ended (its CRC was read): a session after this
    /// belongs to the records after it.
    fn end_of_file(&mut self) {
        self.chain_ends.push(self.records.len());
    }

    fn session(&mut self, m: SessionRow) {
        // A file chained to a copy of itself repeats its session: counting
        // it twice would double the run.
        if self.legs.iter().any(|l| l.same_session(&m)) {
            self.repeated_sessions += 1;
            return;
        }
        if self.legs.len() < legs::MAX_LEGS {
            let chain = self.chain_ends.len();
            self.legs.push(SessionRow { chain, ..m.clone() });
        }
        let s = &mut self.sessions;
        s.count += 1;
        s.start = match (s.start, m.start) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        add_opt(&mut s.elapsed_s, m.elapsed_s);
        add_opt(&mut s.timer_s, m.timer_s);
        add_opt(&mut s.distance_m, m.distance_m);
        add_opt(&mut s.ascent_m, m.ascent_m);
        if let Some(n) = m.num_laps {
            s.laps = Some(s.laps.unwrap_or(0).saturating_add(n as u32));
        }
        s.avg_hr = s.avg_hr.or(m.avg_hr);
        s.max_hr = match (s.max_hr, m.max_hr) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        // Kept as sets: what matters is none, one or several, and a file
        // of a million session messages must not grow these.
        for (list, v) in [(&mut s.sports, m.sport), (&mut s.sub_sports, m.sub_sport)] {
            if let Some(v) = v
                && !list.contains(&v)
            {
                list.push(v);
            }
        }
    }

    /// `utc` and `local` are the activity message's timestamps in seconds:
    /// the local one is a clock reading, so the difference is the zone.
    fn activity(&mut self, utc: Option<i64>, local: Option<i64>) {
        if let (Some(u), Some(l)) = (utc, local) {
            let off = l - u;
            // Real offsets are within ±14 h; anything else is a broken clock.
            if off.abs() <= 14 * 3600 {
                self.utc_offset_s = Some(off as i32);
            }
        }
    }

    fn finish(self, mut warnings: Vec<String>) -> Result<Vec<Parsed>, SkipReason> {
        self.not_activity()?;
        if self.too_many {
            return Err(SkipReason::TooManyRecords {
                limit: self.max_records,
            });
        }
        if self.repeated_sessions > 0 {
            warnings.push(format!(
                "{} session(s) repeated in the file (same start, sport and time) were read once",
                self.repeated_sessions
            ));
        }
        if legs::is_split(&self) {
            return Ok(legs::split(self, warnings));
        }
        self.finish_one(warnings).map(|p| vec![p])
    }

    /// The whole file as one activity: a single session, or sessions that
    /// cannot be told apart (one without a start, more than `MAX_LEGS`),
    /// summed.
    fn finish_one(self, mut warnings: Vec<String>) -> Result<Parsed, SkipReason> {
        let first_time = self.records.iter().find_map(|r| r.time);
        let start =
            self.sessions.start.or(first_time).ok_or_else(|| {
                SkipReason::NoTrack("no session and no timestamped records".into())
            })?;
        if self.sessions.count == 0 {
            warnings.push(
                "no session summary (the recording was not closed properly); totals computed from the records".into(),
            );
        }
        let sport = self.sport_name();
        let b = samples(self.records.iter(), start, foot_sport(&sport), 0.0);
        let span = b.span_s();
        let s = &self.sessions;
        let mut summary = b.summary(self.record_count as u32);
        let records_m = summary.distance_m;
        summary.sport = sport;
        summary.sub_sport = sub_sport(&s.sub_sports);
        summary.device = self.device.clone();
        summary.utc_offset_s = self.utc_offset_s;
        summary.elapsed_s = s.elapsed_s.unwrap_or(span);
        summary.moving_s = s.timer_s.or(s.elapsed_s).unwrap_or(span);
        summary.distance_m = s.distance_m.or(records_m);
        summary.ascent_m = s.ascent_m.or(summary.ascent_m);
        summary.avg_hr = summary.avg_hr.or(s.avg_hr);
        summary.max_hr = summary.max_hr.or(s.max_hr);
        summary.laps = s.laps.or((self.laps > 0).then_some(self.laps));
        summary.has_gps = self.has_gps;
        let source = if s.distance_m.is_some() {
            "the session's"
        } else {
            "the records'"
        };
        // A counter that did not start at 0 (an odometer) is right in its
        // differences: the records' change from the first is the next source.
        let fallbacks = || {
            let first = self.records.iter().find_map(|r| r.distance);
            let change = records_m.zip(first).map(|(m, f)| m - f);
            vec![
                ("the change in the records'", change),
                ("the GPS track's", gps_distance_m(self.records.iter())),
            ]
        };
        check_distance(&mut summary, source, fallbacks, &mut warnings);
        Ok(Parsed {
            summary,
            samples: b.into_samples(),
            warnings,
        })
    }

    /// Settings, courses, workouts…: said as such, however damaged.
    fn not_activity(&self) -> Result<(), SkipReason> {
        match &self.file_type {
            Some(t) if t != "activity" => Err(SkipReason::NotActivity(format!("FIT {t}"))),
            _ => Ok(()),
        }
    }

    fn sport_name(&self) -> String {
        let sports = &self.sessions.sports;
        match sports.len() {
            0 => self.sport_msg.clone().unwrap_or_else(|| "unknown".into()),
            1 => sports[0].clone(),
            _ => "multisport".into(),
        }
    }
}

/// The timed records as samples from `start`, their distance counted from
/// `base` (a leg's distance starts at the leg).
fn samples<'a>(
    records: impl Iterator<Item = &'a RecordRow>,
    start: DateTime<Utc>,
    foot: bool,
    base: f64,
) -> Builder {
    let mut b = Builder::new(Format::Fit, start);
    for r in records {
        let Some(t) = r.time else { continue };
        b.push(Sample {
            t_s: (t - start).num_milliseconds() as f64 / 1000.0,
            hr_bpm: r.hr.filter(|&h| h > 0.0),
            speed_mps: r.speed,
            // FIT running cadence counts strides (one foot); runlog counts steps.
            cadence_spm: if foot {
                r.cadence.map(|c| c * 2.0)
            } else {
                None
            },
            altitude_m: r.altitude,
            distance_m: r.distance.map(|d| d - base),
        });
    }
    b
}

/// The distance along the records' positions: the fallback when the
/// file's own distance cannot be right.
fn gps_distance_m<'a>(records: impl Iterator<Item = &'a RecordRow>) -> Option<f64> {
    const DEG_PER_SEMICIRCLE: f64 = 180.0 / 2_147_483_648.0;
    let mut last: Option<(f64, f64)> = None;
    let mut total = None;
    for p in records.filter_map(|r| r.position) {
        let here = (
            p[0] as f64 * DEG_PER_SEMICIRCLE,
            p[1] as f64 * DEG_PER_SEMICIRCLE,
        );
        if !((-90.0..=90.0).contains(&here.0) && (-180.0..=180.0).contains(&here.1)) {
            continue;
        }
        if let Some(prev) = last {
            *total.get_or_insert(0.0) += haversine_m(prev, here);
        }
        last = Some(here);
    }
    total
}

fn sub_sport(subs: &[String]) -> Option<String> {
    (subs.len() == 1).then(|| subs[0].clone())
}

fn add_opt(acc: &mut Option<f64>, v: Option<f64>) {
    if let Some(v) = v {
        *acc = Some(acc.unwrap_or(0.0) + v);
    }
}

/// Decode with fitparser instead of runlog's decoder: the yardstick the
/// tests and benchmarks compare against.
#[cfg(any(test, feature = "reference"))]
pub fn decode_reference(bytes: &[u8]) -> Result<Vec<Parsed>, SkipReason> {
    decode_with(bytes, reference::read)
}

#[cfg(test)]
mod tests {
    use super::*;
    use runlog_samples::fit::{Encoder, Value};

    /// A record definition with no fields makes every one-byte compressed
    /// header a timed record: the cheapest way to ask for memory. Past the
    /// limit the file is refused, naming it.
    #[test]
    fn records_past_the_limit_are_refused_not_held() {
        let mut e = Encoder::new();
        e.message(0, 0, &[(0, Value::Enum(4))]);
        e.message(1, 20, &[(253, Value::U32(1_000_000_000))]);
        e.message(2, 20, &[]);
        let mut bytes = e.finish();
        let crc_at = bytes.len() - 2;
        bytes.truncate(crc_at);
        let extra = 5000;
        bytes.extend(std::iter::repeat_n(0xC0u8, extra)); // compressed, local 2
        let data_size = (bytes.len() - 14) as u32;
        bytes[4..8].copy_from_slice(&data_size.to_le_bytes());
        bytes.extend([0, 0]); // a wrong CRC: a warning, not a skip
        let under = decode_limited(&bytes, raw::read, extra + 10).unwrap();
        // The timestamped record, the empty one the encoder writes, and the rest.
        assert_eq!(under[0].summary.records as usize, extra + 2);
        match decode_limited(&bytes, raw::read, 1000) {
            Err(SkipReason::TooManyRecords { limit: 1000 }) => {}
            other => panic!("{:?}", other.map(|p| p[0].summary.records)),
        }
    }

    /// A run of two minutes whose session says 42.3 km: its records count
    /// on from an odometer reading. The time stays; the distance is the
    /// records' change (300 m), or without record distances the GPS track's.
    #[test]
    fn an_impossible_session_distance_gives_way_to_the_records_or_the_gps() {
        use runlog_samples::fit::{fit_time, semicircles};
        let t0 = 1_785_130_272;
        for with_distance in [true, false] {
            let mut e = Encoder::new();
            e.message(0, 0, &[(0, Value::Enum(4))]);
            for i in 0..=120u32 {
                // 2.5 m/s due north: 2.5 m is 2.5 / 111,195 degrees.
                let lat = semicircles(52.0 + f64::from(i) * 2.5 / 111_195.0);
                let mut fields = vec![
                    (253, fit_time(t0 + i64::from(i))),
                    (0, Value::I32(lat)),
                    (1, Value::I32(semicircles(13.0))),
                ];
                if with_distance {
                    fields.push((5, Value::U32((4_201_300.0 + f64::from(i) * 250.0) as u32)));
                }
                e.message(1, 20, &fields);
            }
            let session = [
                (2, fit_time(t0)),
                (5, Value::Enum(1)), // running
                (7, Value::U32(120_000)),
                (8, Value::U32(120_000)),
                (9, Value::U32(4_229_300)),
            ];
            e.message(2, 18, &session);
            let bytes = e.finish();
            let p = decode(&bytes).unwrap().remove(0);
            assert_eq!(decode_reference(&bytes).unwrap()[0], p);
            let s = &p.summary;
            assert_eq!(s.elapsed_s, 120.0);
            let d = s.distance_m.unwrap();
            assert!((d - 300.0).abs() < 1.0, "{d}");
            let w = p.warnings.join("\n");
            assert!(
                w.contains("the session's distance, 42.29 km in 2 min"),
                "{w}"
            );
            let used = if with_distance {
                "the change in the records' distance, 0.30 km, is used"
            } else {
                "the GPS track's distance, 0.30 km, is used"
            };
            assert!(w.contains(used), "{w}");
        }
    }

    /// A file_id and one record: an instant, not an activity (issue 14).
    #[test]
    fn one_record_is_skipped_as_lasting_no_time() {
        let mut e = Encoder::new();
        e.message(0, 0, &[(0, Value::Enum(4))]);
        e.message(
            1,
            20,
            &[(253, Value::U32(1_000_000_000)), (3, Value::U8(112))],
        );
        let kind = crate::import::Kind {
            format: crate::import::FileFormat::Fit,
            gzip: false,
        };
        assert_eq!(
            crate::import::parse_bytes(&e.finish(), kind),
            Err(SkipReason::NoDuration { points: 1 })
        );
    }

    /// Zero padding after a complete file is ignored with a warning; the
    /// activity is whole.
    #[test]
    fn padding_after_the_file_is_a_warning_not_damage() {
        let mut e = Encoder::new();
        e.message(0, 0, &[(0, Value::Enum(4))]);
        for t in 0..30 {
            e.message(1, 20, &[(253, Value::U32(1_000_000_000 + t))]);
        }
        let mut bytes = e.finish();
        bytes.extend([0u8; 100]);
        let p = decode(&bytes).unwrap().remove(0);
        assert_eq!(p.summary.records, 30);
        assert_eq!(
            p.warnings,
            [
                "100 bytes after the end of the FIT data were ignored",
                "no session summary (the recording was not closed properly); totals computed from the records"
            ]
        );
    }
}
