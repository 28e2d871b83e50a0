//! runlog's own FIT decoder, for the messages and fields runlog uses.
//!
//! A FIT file is a header, then definition messages (the layout of a local
//! message type: global message number, byte order, and each field's number,
//! size and base type) and data messages laid out by the latest definition
//! of their local type, then a CRC; files may be chained. This decoder keeps
//! each definition as a list of field offsets and reads the few fields
//! runlog needs straight from the bytes: no allocation per message, no
//! field names, developer fields skipped by their size.
//!
//! Field numbers, scales and offsets are those of the FIT profile (the
//! Garmin FIT SDK's Profile.xlsx); names of enum values (sport, maker,
//! product) are looked up in fitparser's copy of the profile, once per file.

use super::{
    Accumulator, BASE_SIZES, FILE_CRC_WARNING, FileId, HEADER_CRC_WARNING, RecordRow, SessionRow,
    damaged, fit_time,
};
use crate::error::SkipReason;
use fitparser::profile::{FieldDataType, get_field_variant_as_string};

/// Global message numbers runlog reads.
mod mesg {
    pub const FILE_ID: u16 = 0;
    pub const SPORT: u16 = 12;
    pub const SESSION: u16 = 18;
    pub const LAP: u16 = 19;
    pub const RECORD: u16 = 20;
    pub const ACTIVITY: u16 = 34;
}

/// The field number every message uses for its timestamp.
const TIMESTAMP: u8 = 253;

#[derive(Clone, Copy)]
struct Field {
    num: u8,
    offset: usize,
    size: u8,
    base: u8,
}

/// The layout of one local message type.
struct Definition {
    global: u16,
    big_endian: bool,
    /// Bytes in a data message, developer fields included.
    size: usize,
    fields: Vec<Field>,
}

/// One data message: its bytes and the definition that lays them out.
struct Message<'a> {
    def: &'a Definition,
    bytes: &'a [u8],
}

impl Message<'_> {
    fn field(&self, num: u8) -> Option<Field> {
        self.def.fields.iter().copied().find(|f| f.num == num)
    }

    /// A field's value, scaled as the profile says (`raw / scale - offset`);
    /// `None` when absent, invalid (the base type's "no value" pattern), an
    /// array, or a string.
    fn number(&self, num: u8, scale: f64, offset: f64) -> Option<f64> {
        let f = self.field(num)?;
        value(self.bytes, f, self.def.big_endian).map(|v| v / scale - offset)
    }

    fn int(&self, num: u8) -> Option<i64> {
        self.number(num, 1.0, 0.0).map(|v| v as i64)
    }

    /// A date_time field: seconds since the FIT epoch, a uint32 in the
    /// profile. Wider values (a damaged definition) are not times.
    fn time(&self, num: u8) -> Option<i64> {
        self.int(num).filter(|t| (0..=u32::MAX as i64).contains(t))
    }

    /// An enum field's name in the FIT profile, or its number when the
    /// profile does not name it.
    fn name(&self, num: u8, kind: FieldDataType) -> Option<String> {
        let v = self.int(num)?;
        Some(if kind.is_named_variant(v) {
            get_field_variant_as_string(kind, v)
        } else {
            v.to_string()
        })
    }
}

/// Read one field's single value from a data message's bytes.
fn value(msg: &[u8], f: Field, big: bool) -> Option<f64> {
    let base = (f.base & 0x1F) as usize;
    if BASE_SIZES.get(base) != Some(&f.size) {
        return None;
    }
    let b = msg.get(f.offset..f.offset + f.size as usize)?;
    let mut w = [0u8; 8];
    if big {
        for (i, &x) in b.iter().rev().enumerate() {
            w[i] = x;
        }
    } else {
        w[..b.len()].copy_from_slice(b);
    }
    let u = u64::from_le_bytes(w);
    match base {
        0 | 2 | 13 => (u != 0xFF).then_some(u as f64),
        1 => (u != 0x7F).then_some(u as u8 as i8 as f64),
        3 => (u != 0x7FFF).then_some(u as u16 as i16 as f64),
        4 => (u != 0xFFFF).then_some(u as f64),
        5 => (u != 0x7FFF_FFFF).then_some(u as u32 as i32 as f64),
        6 => (u != 0xFFFF_FFFF).then_some(u as f64),
        8 => Some(f32::from_bits(u as u32) as f64).filter(|x| x.is_finite()),
        9 => Some(f64::from_bits(u)).filter(|x| x.is_finite()),
        10..=12 | 16 => (u != 0).then_some(u as f64),
        14 => (u != 0x7FFF_FFFF_FFFF_FFFF).then_some(u as i64 as f64),
        15 => (u != u64::MAX).then_some(u as f64),
        _ => None, // 7: string
    }
}

/// Decode `bytes` (the sound part of a FIT file, possibly several chained
/// files) into `acc`.
pub(super) fn read(
    bytes: &[u8],
    stop: Option<&str>,
    acc: &mut Accumulator,
) -> Result<Vec<String>, SkipReason> {
    let mut warnings = Vec::new();
    let mut pos = 0;
    while pos < bytes.len() {
        match read_file(bytes, pos, acc, &mut warnings) {
            Ok(next) => {
                acc.end_of_file();
                pos = next
            }
            Err(at) => {
                let what = format!("the file is cut off at byte {at}");
                return damaged(what, stop, acc, warnings);
            }
        }
    }
    match stop {
        Some(why) => damaged(why.into(), None, acc, warnings),
        None => Ok(warnings),
    }
}

/// The decoding state of one FIT file in a chain.
struct Decoder {
    defs: [Option<Definition>; 16],
    /// The last full timestamp seen, the base for compressed ones.
    last_time: Option<i64>,
    /// Distance from `compressed_speed_distance`, in 1/16 m.
    distance: Accumulated,
}

/// A counter a file stores only the low bits of (the FIT profile's
/// "accumulate"): each reading adds the difference from the last one,
/// modulo the field's width.
#[derive(Default)]
struct Accumulated {
    last: u32,
    total: u64,
}

impl Accumulated {
    fn add(&mut self, raw: u32, bits: u32) -> u64 {
        let mask = (1u32 << bits) - 1;
        self.total += (raw.wrapping_sub(self.last) & mask) as u64;
        self.last = raw;
        self.total
    }
}

/// Read one FIT file starting at `start`; returns where the next begins,
/// or the byte where the data ran out.
fn read_file(
    b: &[u8],
    start: usize,
    acc: &mut Accumulator,
    warnings: &mut Vec<String>,
) -> Result<usize, usize> {
    let hsize = b[start] as usize;
    let header = b.get(start..start + hsize).ok_or(start)?;
    if hsize < 12 {
        return Err(start);
    }
    let header_crc = if hsize >= 14 {
        u16::from_le_bytes([header[12], header[13]])
    } else {
        0
    };
    if header_crc != 0 && crc16(0, &header[..12]) != header_crc {
        warnings.push(HEADER_CRC_WARNING.into());
    }
    let data_size = u32::from_le_bytes([header[4], header[5], header[6], header[7]]) as usize;
    let data_end = (start + hsize).saturating_add(data_size);
    let mut d = Decoder {
        defs: Default::default(),
        last_time: None,
        distance: Accumulated::default(),
    };
    let mut p = start + hsize;
    while p < data_end {
        p = d.message(b, p, acc)?;
    }
    let crc = b.get(data_end..data_end + 2).ok_or(data_end)?;
    let crc = u16::from_le_bytes([crc[0], crc[1]]);
    // The CRC covers header and data. A header with its own (sound) CRC
    // checks to zero, so the data alone give the same value: fitparser
    // checks it that way, and so does runlog, to warn about the same files.
    let data = &b[start + hsize..data_end];
    let from = if header_crc != 0 { 0 } else { crc16(0, header) };
    if crc16(from, data) != crc {
        warnings.push(FILE_CRC_WARNING.into());
    }
    Ok(data_end + 2)
}

impl Decoder {
    /// Read the message at `p`; returns where the next one starts.
    fn message(&mut self, b: &[u8], p: usize, acc: &mut Accumulator) -> Result<usize, usize> {
        let h = *b.get(p).ok_or(p)?;
        if h & 0x80 == 0 && h & 0x40 != 0 {
            let (def, next) = definition(b, p + 1, h & 0x20 != 0).ok_or(p)?;
            self.defs[(h & 0x0F) as usize] = Some(def);
            return Ok(next);
        }
        let (local, time_offset) = if h & 0x80 != 0 {
            ((h >> 5) & 0x03, Some(h & 0x1F))
        } else {
            (h & 0x0F, None)
        };
        let def = self.defs[local as usize].as_ref().ok_or(p)?;
        let bytes = b.get(p + 1..p + 1 + def.size).ok_or(p)?;
        let msg = Message { def, bytes };
        let mut time = msg.time(TIMESTAMP);
        if time.is_some() {
            self.last_time = time;
        }
        // A compressed time needs a full one before it to count from; the
        // SDK would count from 1989, which places nothing.
        if let (Some(offset), Some(last)) = (time_offset, self.last_time) {
            let t = compressed_time(last, offset);
            self.last_time = Some(t);
            time = time.or(Some(t));
        }
        if def.global == mesg::RECORD {
            acc.record(record(&msg, time, &mut self.distance));
        } else {
            dispatch(&msg, time, acc);
        }
        Ok(p + 1 + def.size)
    }
}

/// A compressed timestamp header carries the low 5 bits of the time; the
/// rest comes from the last full timestamp, rolling over every 32 s.
fn compressed_time(last: i64, offset: u8) -> i64 {
    let offset = offset as i64;
    let mut t = (last & !0x1F) + offset;
    if offset < (last & 0x1F) {
        t += 0x20;
    }
    t
}

/// Read a definition message's body starting at `p`.
fn definition(b: &[u8], p: usize, has_dev: bool) -> Option<(Definition, usize)> {
    let fixed = b.get(p..p + 5)?;
    let big_endian = fixed[1] == 1;
    let global = if big_endian {
        u16::from_be_bytes([fixed[2], fixed[3]])
    } else {
        u16::from_le_bytes([fixed[2], fixed[3]])
    };
    let n = fixed[4] as usize;
    let raw = b.get(p + 5..p + 5 + 3 * n)?;
    let mut fields = Vec::with_capacity(n);
    let mut size = 0;
    for f in raw.chunks_exact(3) {
        fields.push(Field {
            num: f[0],
            offset: size,
            size: f[1],
            base: f[2],
        });
        size += f[1] as usize;
    }
    let mut next = p + 5 + 3 * n;
    if has_dev {
        let nd = *b.get(next)? as usize;
        let dev = b.get(next + 1..next + 1 + 3 * nd)?;
        size += dev.chunks_exact(3).map(|f| f[1] as usize).sum::<usize>();
        next += 1 + 3 * nd;
    }
    let def = Definition {
        global,
        big_endian,
        size,
        fields,
    };
    Some((def, next))
}

fn dispatch(m: &Message, time: Option<i64>, acc: &mut Accumulator) {
    match m.def.global {
        mesg::LAP => acc.lap(),
        mesg::SESSION => acc.session(session(m)),
        mesg::FILE_ID => acc.file_id(file_id(m)),
        mesg::ACTIVITY => {
            let local = m.time(5);
            acc.activity(time.map(epoch), local.map(epoch))
        }
        mesg::SPORT => acc.sport(m.name(0, FieldDataType::Sport)),
        _ => {}
    }
}

/// FIT seconds as Unix seconds.
fn epoch(t: i64) -> i64 {
    t + super::FIT_EPOCH_OFFSET
}

fn record(m: &Message, time: Option<i64>, distance: &mut Accumulated) -> RecordRow {
    let mut r = RecordRow {
        time: time.and_then(fit_time),
        ..RecordRow::default()
    };
    let (mut lat, mut long) = (None, None);
    let (mut speed, mut altitude, mut fraction, mut compressed) = (None, None, None, None);
    for f in &m.def.fields {
        let v = || value(m.bytes, *f, m.def.big_endian);
        match f.num {
            0 => lat = v(),
            1 => long = v(),
            2 => altitude = v().map(|a| a / 5.0 - 500.0),
            3 => r.hr = v(),
            4 => r.cadence = v(),
            5 => r.distance = v().map(|d| d / 100.0),
            6 => speed = v().map(|s| s / 1000.0),
            53 => fraction = v().map(|c| c / 128.0),
            73 => r.speed = v().map(|s| s / 1000.0),
            78 => r.altitude = v().map(|a| a / 5.0 - 500.0),
            8 => compressed = compressed_speed_distance(m.bytes, *f, distance),
            _ => {}
        }
    }
    if let Some((s, d)) = compressed {
        speed = speed.or(Some(s));
        r.distance = r.distance.or(Some(d));
    }
    r.position = lat.zip(long).map(|(a, b)| [a as i32, b as i32]);
    r.speed = r.speed.or(speed);
    r.altitude = r.altitude.or(altitude);
    r.cadence = r.cadence.map(|c| c + fraction.unwrap_or(0.0));
    r
}

/// Old watches (Forerunner 50–70) pack speed and distance into three bytes:
/// 12 bits of speed in cm/s, then 12 bits of a distance counter in 1/16 m.
fn compressed_speed_distance(
    msg: &[u8],
    f: Field,
    distance: &mut Accumulated,
) -> Option<(f64, f64)> {
    let b = msg.get(f.offset..f.offset + f.size as usize)?;
    if b.len() != 3 || b.iter().all(|&x| x == 0xFF) {
        return None;
    }
    let speed = (b[0] as u32 | ((b[1] as u32 & 0x0F) << 8)) as f64 / 100.0;
    let raw = (b[1] as u32 >> 4) | ((b[2] as u32) << 4);
    Some((speed, distance.add(raw, 12) as f64 / 16.0))
}

fn session(m: &Message) -> SessionRow {
    SessionRow {
        start: m.time(2).and_then(fit_time),
        elapsed_s: m.number(7, 1000.0, 0.0),
        timer_s: m.number(8, 1000.0, 0.0),
        distance_m: m.number(9, 100.0, 0.0),
        ascent_m: m.number(22, 1.0, 0.0),
        num_laps: m.number(26, 1.0, 0.0),
        avg_hr: m.number(16, 1.0, 0.0),
        max_hr: m.number(17, 1.0, 0.0),
        sport: m.name(5, FieldDataType::Sport),
        sub_sport: m.name(6, FieldDataType::SubSport),
        ..SessionRow::default()
    }
}

fn file_id(m: &Message) -> FileId {
    let maker = m.int(1);
    // The product field's meaning depends on the maker (a "subfield").
    let product_kind = match maker {
        Some(1 | 13 | 15 | 89) => FieldDataType::GarminProduct, // garmin, dynastream(_oem), tacx
        Some(263) => FieldDataType::FaveroProduct,
        _ => FieldDataType::UInt16,
    };
    FileId {
        file_type: m.name(0, FieldDataType::File),
        manufacturer: m.name(1, FieldDataType::Manufacturer),
        product: m.name(2, product_kind),
        time_created: m.time(4).and_then(fit_time),
    }
}

/// The FIT checksum (CRC-16/ARC), a byte at a time from a table built at
/// compile time.
pub fn crc16(mut crc: u16, data: &[u8]) -> u16 {
    for &byte in data {
        crc = (crc >> 8) ^ CRC_TABLE[((crc ^ byte as u16) & 0xFF) as usize];
    }
    crc
}

const CRC_TABLE: [u16; 256] = {
    let mut table = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u16;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                (c >> 1) ^ 0xA001
            } else {
                c >> 1
            };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_matches_the_fit_sdk_check_value() {
        // CRC-16/ARC of "123456789" is 0xBB3D; a message followed by its own
        // little-endian CRC checks to zero, which the header CRC relies on.
        assert_eq!(crc16(0, b"123456789"), 0xBB3D);
        let mut m = b"123456789".to_vec();
        m.extend(0xBB3Du16.to_le_bytes());
        assert_eq!(crc16(0, &m), 0);
    }

    #[test]
    fn compressed_timestamps_roll_over_every_32_seconds() {
        assert_eq!(compressed_time(1000, (1000 & 0x1F) as u8), 1000);
        assert_eq!(compressed_time(1000, (1005 & 0x1F) as u8), 1005);
        // 1000 = 31*32 + 8; offset 3 < 8 means the next 32 s window.
        assert_eq!(compressed_time(1000, 3), 31 * 32 + 32 + 3);
    }

    /// An activity whose records carry no time at all (and no session to
    /// place it) cannot be put on any day: a clean skip that says so.
    #[test]
    fn records_without_any_time_are_a_clean_skip() {
        use runlog_samples::fit::{Encoder, Value};
        let mut e = Encoder::new();
        e.message(0, mesg::FILE_ID, &[(0, Value::Enum(4))]);
        for hr in 100..160 {
            e.message(1, mesg::RECORD, &[(3, Value::U8(hr))]);
        }
        match super::super::decode(&e.finish()) {
            Err(SkipReason::NoTrack(why)) => assert!(why.contains("no timestamped records")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn invalid_patterns_read_as_no_value() {
        let f = |size, base| Field {
            num: 0,
            offset: 0,
            size,
            base,
        };
        assert_eq!(value(&[0xFF], f(1, 0x02), false), None);
        assert_eq!(value(&[150], f(1, 0x02), false), Some(150.0));
        assert_eq!(value(&[0xFF, 0x7F], f(2, 0x83), false), None);
        assert_eq!(value(&[0xFE, 0xFF], f(2, 0x83), false), Some(-2.0));
        assert_eq!(value(&[0x01, 0x02], f(2, 0x84), true), Some(258.0));
        assert_eq!(value(&[0, 0, 0, 0], f(4, 0x8C), false), None);
        // An array (two uint8) is not a single value.
        assert_eq!(value(&[1, 2], f(2, 0x02), false), None);
    }
}
