//! FIT activity files, through the `fitparser` crate.
//!
//! The file is read message by message (`FitStreamProcessor`) rather than
//! with `from_bytes`, so a file cut off after an hour of good records keeps
//! that hour, and a wrong checksum costs a warning instead of the run.
//! `decode` is the only entry point: a faster decoder can replace the inside
//! without touching the rest of runlog.

use super::{Builder, fit_scan, foot_sport};
use crate::error::SkipReason;
use crate::model::{Format, Parsed, Sample};
use chrono::{DateTime, TimeZone, Utc};
use fitparser::de::{FitObject, FitStreamProcessor};
use fitparser::profile::MesgNum;
use fitparser::{ErrorKind, FitDataRecord, Value};

/// Seconds between the Unix epoch and the FIT epoch (1989-12-31T00:00:00Z).
const FIT_EPOCH_OFFSET: i64 = 631_065_600;

/// Decode a FIT file's bytes into an activity.
pub fn decode(bytes: &[u8]) -> Result<Parsed, SkipReason> {
    if bytes.len() < 12 || &bytes[8..12] != b".FIT" {
        return Err(SkipReason::Corrupt(
            "not a FIT file (no .FIT signature)".into(),
        ));
    }
    // Decode only the structurally sound part; say why the rest was left.
    let scan = fit_scan::scan(bytes);
    let mut acc = Accumulator::default();
    let mut warnings = read_messages(
        &bytes[..scan.sound_until],
        scan.stopped.as_deref(),
        &mut acc,
    )?;
    if let Some(at) = scan.first_misaligned_at {
        warnings.push(format!(
            "{} field definition(s) have a size that does not fit their type (first at byte {at}); those fields were read as raw bytes",
            scan.misaligned
        ));
    }
    acc.finish(warnings)
}

/// Read every decodable message into `acc` as it is decoded (fitparser's
/// records are large; holding a million of them would take gigabytes),
/// turning damage after good data into warnings.
fn read_messages(
    bytes: &[u8],
    stop: Option<&str>,
    acc: &mut Accumulator,
) -> Result<Vec<String>, SkipReason> {
    let mut processor = FitStreamProcessor::new();
    let mut warnings = Vec::new();
    let mut buf = bytes;
    while !buf.is_empty() {
        let offset = bytes.len() - buf.len();
        let (next, obj) = match processor.deserialize_next(buf) {
            Ok((next, obj)) => (next, obj),
            // The checksum failed but the object parsed: keep it, warn, and
            // resume after it (fitparser returns the rest as a copy of our tail).
            Err(e) => match *e {
                ErrorKind::InvalidCrc((remaining, obj, _, _)) => {
                    warnings.push(crc_warning(&obj));
                    (
                        &bytes[bytes.len() - remaining.len().min(bytes.len())..],
                        obj,
                    )
                }
                other => return damaged(other, stop, offset, acc, warnings),
            },
        };
        handle_object(&mut processor, obj, acc, &mut warnings, offset);
        buf = next;
    }
    match stop {
        // The sound part ended on a message boundary: fitparser saw no error.
        Some(why) => damaged(
            ErrorKind::TrailingBytes(0),
            Some(why),
            bytes.len(),
            acc,
            warnings,
        ),
        None => Ok(warnings),
    }
}

fn crc_warning(obj: &FitObject) -> String {
    match obj {
        FitObject::Header(_) => "the FIT header checksum is wrong; data read as-is".into(),
        _ => "the FIT file checksum (CRC) does not match its data; data read as-is".into(),
    }
}

fn handle_object(
    processor: &mut FitStreamProcessor,
    obj: FitObject,
    acc: &mut Accumulator,
    warnings: &mut Vec<String>,
    offset: usize,
) {
    match obj {
        // A CRC ends one FIT file; a chained file may follow with new definitions.
        FitObject::Crc(_) => processor.reset(),
        FitObject::DataMessage(msg) => match processor.decode_message(msg) {
            Ok(rec) => acc.add(&rec),
            Err(e) => warnings.push(format!(
                "a message at byte {offset} could not be decoded ({e})"
            )),
        },
        FitObject::Header(_) | FitObject::DefinitionMessage(_) => {}
    }
}

/// The file stops making sense at `offset`. With records before it, keep
/// them and say so; otherwise the file is corrupt.
/// `stop` is the framing walk's reason when it ended the sound part early;
/// it says more than fitparser's error at the same place.
fn damaged(
    err: ErrorKind,
    stop: Option<&str>,
    offset: usize,
    acc: &Accumulator,
    mut warnings: Vec<String>,
) -> Result<Vec<String>, SkipReason> {
    let what = match (stop, &err) {
        (Some(why), _) => why.to_string(),
        (None, ErrorKind::UnexpectedEof(_)) => format!("the file is cut off at byte {offset}"),
        (None, other) => format!("unreadable data at byte {offset} ({other})"),
    };
    let records = acc.records.len();
    if records == 0 {
        return Err(SkipReason::Corrupt(what));
    }
    warnings.push(format!("{what}; imported the {records} records before it"));
    Ok(warnings)
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

#[derive(Default)]
struct Accumulator {
    file_type: Option<String>,
    device: Option<String>,
    records: Vec<RecordRow>,
    has_gps: bool,
    laps: u32,
    sessions: Sessions,
    sport_msg: Option<String>,
    utc_offset_s: Option<i32>,
    time_created: Option<DateTime<Utc>>,
}

struct RecordRow {
    time: Option<DateTime<Utc>>,
    hr: Option<f64>,
    cadence: Option<f64>,
    speed: Option<f64>,
    altitude: Option<f64>,
    distance: Option<f64>,
}

impl Accumulator {
    fn add(&mut self, m: &FitDataRecord) {
        match m.kind() {
            MesgNum::FileId => self.file_id(m),
            MesgNum::Record => self.record(m),
            MesgNum::Lap => self.laps += 1,
            MesgNum::Session => self.session(m),
            MesgNum::Activity => self.activity(m),
            MesgNum::Sport => self.sport_msg = text(m, "sport"),
            _ => {}
        }
    }

    fn file_id(&mut self, m: &FitDataRecord) {
        // Chained files repeat file_id; the first one describes the file.
        if self.file_type.is_none() {
            self.file_type = text(m, "type");
        }
        if self.device.is_none() {
            let maker = text(m, "manufacturer");
            let product = text(m, "garmin_product").or_else(|| text(m, "product"));
            self.device = match (maker, product) {
                (Some(a), Some(b)) => Some(format!("{a} {b}")),
                (a, b) => a.or(b),
            };
        }
        self.time_created = self.time_created.or_else(|| time(m, "time_created"));
    }

    fn record(&mut self, m: &FitDataRecord) {
        if number(m, "position_lat").is_some() && number(m, "position_long").is_some() {
            self.has_gps = true;
        }
        let cadence =
            number(m, "cadence").map(|c| c + number(m, "fractional_cadence").unwrap_or(0.0));
        self.records.push(RecordRow {
            time: time(m, "timestamp"),
            hr: number(m, "heart_rate").filter(|&h| h > 0.0),
            cadence,
            speed: number(m, "enhanced_speed").or_else(|| number(m, "speed")),
            altitude: number(m, "enhanced_altitude").or_else(|| number(m, "altitude")),
            distance: number(m, "distance"),
        });
    }

    fn session(&mut self, m: &FitDataRecord) {
        let s = &mut self.sessions;
        s.count += 1;
        let start = time(m, "start_time");
        s.start = match (s.start, start) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        add_opt(&mut s.elapsed_s, number(m, "total_elapsed_time"));
        add_opt(&mut s.timer_s, number(m, "total_timer_time"));
        add_opt(&mut s.distance_m, number(m, "total_distance"));
        add_opt(&mut s.ascent_m, number(m, "total_ascent"));
        if let Some(n) = number(m, "num_laps") {
            s.laps = Some(s.laps.unwrap_or(0) + n as u32);
        }
        s.avg_hr = s.avg_hr.or_else(|| number(m, "avg_heart_rate"));
        let max = number(m, "max_heart_rate");
        s.max_hr = match (s.max_hr, max) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        if let Some(sport) = text(m, "sport") {
            s.sports.push(sport);
        }
        if let Some(sub) = text(m, "sub_sport") {
            s.sub_sports.push(sub);
        }
    }

    fn activity(&mut self, m: &FitDataRecord) {
        let utc = raw_seconds(m, "timestamp");
        let local = raw_seconds(m, "local_timestamp");
        if let (Some(u), Some(l)) = (utc, local) {
            let off = l - u;
            // Real offsets are within ±14 h; anything else is a broken clock.
            if off.abs() <= 14 * 3600 {
                self.utc_offset_s = Some(off as i32);
            }
        }
    }

    fn finish(self, mut warnings: Vec<String>) -> Result<Parsed, SkipReason> {
        if let Some(t) = &self.file_type
            && t != "activity"
        {
            return Err(SkipReason::NotActivity(format!("FIT {t}")));
        }
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
        let sport = self.sport();
        let foot = foot_sport(&sport);
        let mut b = Builder::new(Format::Fit, start);
        for r in &self.records {
            let Some(t) = r.time else { continue };
            b.push(Sample {
                t_s: (t - start).num_milliseconds() as f64 / 1000.0,
                hr_bpm: r.hr,
                speed_mps: r.speed,
                // FIT running cadence counts strides (one foot); runlog counts steps.
                cadence_spm: if foot {
                    r.cadence.map(|c| c * 2.0)
                } else {
                    None
                },
                altitude_m: r.altitude,
                distance_m: r.distance,
            });
        }
        let span = b.span_s();
        let s = &self.sessions;
        let mut summary = b.summary(self.records.len() as u32);
        summary.sport = sport;
        summary.sub_sport = sub_sport(&s.sub_sports);
        summary.device = self.device;
        summary.utc_offset_s = self.utc_offset_s;
        summary.elapsed_s = s.elapsed_s.unwrap_or(span);
        summary.moving_s = s.timer_s.or(s.elapsed_s).unwrap_or(span);
        summary.distance_m = s.distance_m.or(summary.distance_m);
        summary.ascent_m = s.ascent_m.or(summary.ascent_m);
        summary.avg_hr = summary.avg_hr.or(s.avg_hr);
        summary.max_hr = summary.max_hr.or(s.max_hr);
        summary.laps = s.laps.or((self.laps > 0).then_some(self.laps));
        summary.has_gps = self.has_gps;
        Ok(Parsed {
            summary,
            samples: b.into_samples(),
            warnings,
        })
    }

    fn sport(&self) -> String {
        let mut sports = self.sessions.sports.clone();
        sports.dedup();
        match sports.len() {
            0 => self.sport_msg.clone().unwrap_or_else(|| "unknown".into()),
            1 => sports.remove(0),
            _ => "multisport".into(),
        }
    }
}

fn sub_sport(subs: &[String]) -> Option<String> {
    let mut v: Vec<&String> = subs.iter().collect();
    v.dedup();
    (v.len() == 1).then(|| v[0].clone())
}

fn add_opt(acc: &mut Option<f64>, v: Option<f64>) {
    if let Some(v) = v {
        *acc = Some(acc.unwrap_or(0.0) + v);
    }
}

fn field<'a>(m: &'a FitDataRecord, name: &str) -> Option<&'a Value> {
    m.fields()
        .iter()
        .find(|f| f.name() == name)
        .map(|f| f.value())
}

fn number(m: &FitDataRecord, name: &str) -> Option<f64> {
    field(m, name).and_then(as_f64).filter(|v| v.is_finite())
}

fn text(m: &FitDataRecord, name: &str) -> Option<String> {
    match field(m, name)? {
        Value::String(s) => Some(s.clone()),
        other => as_f64(other).map(|v| format!("{v}")),
    }
}

/// fitparser converts timestamps to the machine's local zone; runlog works in UTC.
fn time(m: &FitDataRecord, name: &str) -> Option<DateTime<Utc>> {
    match field(m, name)? {
        Value::Timestamp(t) => Some(t.with_timezone(&Utc)),
        Value::UInt32(s) => Utc.timestamp_opt(*s as i64 + FIT_EPOCH_OFFSET, 0).single(),
        _ => None,
    }
}

/// A timestamp as plain seconds, whether fitparser typed it or not: the
/// activity's `local_timestamp` is a local clock reading, not an instant.
fn raw_seconds(m: &FitDataRecord, name: &str) -> Option<i64> {
    match field(m, name)? {
        Value::Timestamp(t) => Some(t.timestamp()),
        Value::UInt32(s) => Some(*s as i64 + FIT_EPOCH_OFFSET),
        _ => None,
    }
}

fn as_f64(v: &Value) -> Option<f64> {
    Some(match *v {
        Value::Byte(x) | Value::Enum(x) | Value::UInt8(x) | Value::UInt8z(x) => x as f64,
        Value::SInt8(x) => x as f64,
        Value::SInt16(x) => x as f64,
        Value::UInt16(x) | Value::UInt16z(x) => x as f64,
        Value::SInt32(x) => x as f64,
        Value::UInt32(x) | Value::UInt32z(x) => x as f64,
        Value::SInt64(x) => x as f64,
        Value::UInt64(x) | Value::UInt64z(x) => x as f64,
        Value::Float32(x) => x as f64,
        Value::Float64(x) => x,
        _ => return None,
    })
}
