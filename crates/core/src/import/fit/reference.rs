//! The `fitparser` crate as a FIT decoder: complete, and the yardstick for
//! runlog's own `raw` decoder (see the module above). fitparser builds a
//! record per message with owned names and boxed values, which makes it
//! about ten times slower than `raw`; it is not used to import.

use super::{
    Accumulator, FILE_CRC_WARNING, FIT_EPOCH_OFFSET, FileId, HEADER_CRC_WARNING, RecordRow,
    SessionRow, damaged,
};
use crate::error::SkipReason;
use chrono::{DateTime, TimeZone, Utc};
use fitparser::de::{FitObject, FitStreamProcessor};
use fitparser::profile::MesgNum;
use fitparser::{ErrorKind, FitDataRecord, Value};

/// Read every decodable message into `acc` as it is decoded, turning
/// damage after good data into warnings.
pub(super) fn read(
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
                    warnings.push(crc_warning(&obj).into());
                    (
                        &bytes[bytes.len() - remaining.len().min(bytes.len())..],
                        obj,
                    )
                }
                ErrorKind::UnexpectedEof(_) => {
                    let what = format!("the file is cut off at byte {offset}");
                    return damaged(what, stop, acc, warnings);
                }
                other => {
                    let what = format!("unreadable data at byte {offset} ({other})");
                    return damaged(what, stop, acc, warnings);
                }
            },
        };
        handle_object(&mut processor, obj, acc, &mut warnings, offset);
        buf = next;
    }
    match stop {
        // The sound part ended on a message boundary: fitparser saw no error.
        Some(why) => damaged(why.into(), None, acc, warnings),
        None => Ok(warnings),
    }
}

fn crc_warning(obj: &FitObject) -> &'static str {
    match obj {
        FitObject::Header(_) => HEADER_CRC_WARNING,
        _ => FILE_CRC_WARNING,
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
        FitObject::Crc(_) => {
            processor.reset();
            acc.end_of_file();
        }
        FitObject::DataMessage(msg) => match processor.decode_message(msg) {
            Ok(rec) => add(acc, &rec),
            Err(e) => warnings.push(format!(
                "a message at byte {offset} could not be decoded ({e})"
            )),
        },
        FitObject::Header(_) | FitObject::DefinitionMessage(_) => {}
    }
}

fn add(acc: &mut Accumulator, m: &FitDataRecord) {
    match m.kind() {
        MesgNum::FileId => acc.file_id(FileId {
            file_type: text(m, "type"),
            manufacturer: text(m, "manufacturer"),
            product: text(m, "garmin_product")
                .or_else(|| text(m, "favero_product"))
                .or_else(|| text(m, "product")),
            time_created: time(m, "time_created"),
        }),
        MesgNum::Record => acc.record(record(m)),
        MesgNum::Lap => acc.lap(),
        MesgNum::Session => acc.session(session(m)),
        MesgNum::Activity => acc.activity(
            raw_seconds(m, "timestamp"),
            raw_seconds(m, "local_timestamp"),
        ),
        MesgNum::Sport => acc.sport(text(m, "sport")),
        _ => {}
    }
}

fn record(m: &FitDataRecord) -> RecordRow {
    RecordRow {
        time: time(m, "timestamp"),
        hr: number(m, "heart_rate"),
        cadence: number(m, "cadence").map(|c| c + number(m, "fractional_cadence").unwrap_or(0.0)),
        speed: number(m, "enhanced_speed").or_else(|| number(m, "speed")),
        altitude: number(m, "enhanced_altitude").or_else(|| number(m, "altitude")),
        distance: number(m, "distance"),
        position: number(m, "position_lat")
            .zip(number(m, "position_long"))
            .map(|(a, b)| [a as i32, b as i32]),
    }
}

fn session(m: &FitDataRecord) -> SessionRow {
    SessionRow {
        start: time(m, "start_time"),
        elapsed_s: number(m, "total_elapsed_time"),
        timer_s: number(m, "total_timer_time"),
        distance_m: number(m, "total_distance"),
        ascent_m: number(m, "total_ascent"),
        num_laps: number(m, "num_laps"),
        avg_hr: number(m, "avg_heart_rate"),
        max_hr: number(m, "max_heart_rate"),
        sport: text(m, "sport"),
        sub_sport: text(m, "sub_sport"),
        ..SessionRow::default()
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
