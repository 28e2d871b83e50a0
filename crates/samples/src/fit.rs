//! A small FIT (protocol 2.0) encoder for activity files.
//!
//! It writes only what a running watch writes and the importer reads: normal
//! record headers (no compressed timestamps), little-endian, one definition
//! per layout. Encoding returns bytes; `synth::mod` writes the files.

use super::run::{Activity, Point, Totals};
use runlog_core::import::fit::{FIT_EPOCH_OFFSET, crc16};

/// Profile version written in the header (21.40).
const PROFILE_VERSION: u16 = 2140;

/// One field value. The variant picks the FIT base type, so a message's
/// definition is derived from its values and cannot disagree with them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    Enum(u8),
    U8(u8),
    U16(u16),
    U32(u32),
    /// uint32z: zero means invalid (serial numbers).
    U32z(u32),
    I32(i32),
}

impl Value {
    fn base_type(self) -> u8 {
        match self {
            Value::Enum(_) => 0x00,
            Value::U8(_) => 0x02,
            Value::U16(_) => 0x84,
            Value::U32(_) => 0x86,
            Value::U32z(_) => 0x8C,
            Value::I32(_) => 0x85,
        }
    }

    fn size(self) -> u8 {
        match self {
            Value::Enum(_) | Value::U8(_) => 1,
            Value::U16(_) => 2,
            Value::U32(_) | Value::U32z(_) | Value::I32(_) => 4,
        }
    }

    fn put(self, buf: &mut Vec<u8>) {
        match self {
            Value::Enum(v) | Value::U8(v) => buf.push(v),
            Value::U16(v) => buf.extend_from_slice(&v.to_le_bytes()),
            Value::U32(v) | Value::U32z(v) => buf.extend_from_slice(&v.to_le_bytes()),
            Value::I32(v) => buf.extend_from_slice(&v.to_le_bytes()),
        }
    }
}

/// FIT's "no value" markers, written where a sensor had nothing to say.
pub const INVALID_U8: u8 = 0xFF;
pub const INVALID_U16: u16 = 0xFFFF;
pub const INVALID_U32: u32 = 0xFFFF_FFFF;
pub const INVALID_I32: i32 = 0x7FFF_FFFF;

/// Scales a physical value to a FIT integer, or the invalid marker when the
/// value is missing or does not fit.
fn scaled_u16(v: Option<f64>, scale: f64, offset: f64) -> Value {
    let raw = v.map(|v| ((v + offset) * scale).round());
    Value::U16(match raw {
        Some(r) if (0.0..f64::from(INVALID_U16)).contains(&r) => r as u16,
        _ => INVALID_U16,
    })
}

fn scaled_u32(v: Option<f64>, scale: f64) -> Value {
    let raw = v.map(|v| (v * scale).round());
    Value::U32(match raw {
        Some(r) if (0.0..f64::from(INVALID_U32)).contains(&r) => r as u32,
        _ => INVALID_U32,
    })
}

fn opt_u8(v: Option<u8>) -> Value {
    Value::U8(v.unwrap_or(INVALID_U8))
}

/// Degrees to FIT semicircles (2^31 per 180°).
pub fn semicircles(deg: f64) -> i32 {
    (deg * (2_147_483_648.0 / 180.0)).round() as i32
}

fn semis(v: Option<f64>) -> Value {
    Value::I32(v.map_or(INVALID_I32, semicircles))
}

/// Unix seconds to a FIT `date_time`.
pub fn fit_time(unix_s: i64) -> Value {
    Value::U32((unix_s - FIT_EPOCH_OFFSET) as u32)
}

/// The 14-byte header for `data_size` bytes of messages, with its own CRC.
pub fn header(data_size: u32) -> [u8; 14] {
    let mut h = [0u8; 14];
    h[0] = 14;
    h[1] = 0x20; // protocol 2.0
    h[2..4].copy_from_slice(&PROFILE_VERSION.to_le_bytes());
    h[4..8].copy_from_slice(&data_size.to_le_bytes());
    h[8..12].copy_from_slice(b".FIT");
    let crc = crc16(0, &h[..12]);
    h[12..14].copy_from_slice(&crc.to_le_bytes());
    h
}

/// A local message type's current definition.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Layout {
    global: u16,
    /// (field number, base type) in order.
    fields: Vec<(u8, u8)>,
}

impl Layout {
    fn matches(&self, global: u16, fields: &[(u8, Value)]) -> bool {
        self.global == global
            && self.fields.len() == fields.len()
            && self
                .fields
                .iter()
                .zip(fields)
                .all(|(&(n, t), (num, v))| n == *num && t == v.base_type())
    }
}

/// Writes messages, emitting a definition whenever a local message type's
/// layout changes.
#[derive(Debug, Default)]
pub struct Encoder {
    data: Vec<u8>,
    defs: [Option<Layout>; 16],
}

impl Encoder {
    pub fn new() -> Encoder {
        Encoder::default()
    }

    /// Appends one data message (and its definition if needed).
    pub fn message(&mut self, local: u8, global: u16, fields: &[(u8, Value)]) {
        assert!(local < 16, "normal headers have 4 bits for the local type");
        let slot = &mut self.defs[usize::from(local)];
        if !slot.as_ref().is_some_and(|l| l.matches(global, fields)) {
            let layout = fields.iter().map(|(n, v)| (*n, v.base_type())).collect();
            *slot = Some(Layout {
                global,
                fields: layout,
            });
            self.define(local, global, fields);
        }
        self.data.push(local);
        for (_, v) in fields {
            v.put(&mut self.data);
        }
    }

    fn define(&mut self, local: u8, global: u16, fields: &[(u8, Value)]) {
        let d = &mut self.data;
        d.push(0x40 | local);
        d.push(0); // reserved
        d.push(0); // little-endian
        d.extend_from_slice(&global.to_le_bytes());
        d.push(fields.len() as u8);
        for (num, v) in fields {
            d.extend_from_slice(&[*num, v.size(), v.base_type()]);
        }
    }

    /// Header + messages + file CRC.
    pub fn finish(self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.data.len() + 16);
        out.extend_from_slice(&header(self.data.len() as u32));
        out.extend_from_slice(&self.data);
        let crc = crc16(0, &out);
        out.extend_from_slice(&crc.to_le_bytes());
        out
    }
}

/// The watch that "recorded" the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Device {
    /// FIT manufacturer (1 = Garmin).
    pub manufacturer: u16,
    pub product: u16,
    pub serial_number: u32,
    /// Firmware version × 100.
    pub software_version: u16,
}

/// A Forerunner-class Garmin watch.
pub const WATCH: Device = Device {
    manufacturer: 1,
    product: 3113,
    serial_number: 3_391_245_702,
    software_version: 1310,
};

/// Global message numbers.
mod mesg {
    pub const FILE_ID: u16 = 0;
    pub const SESSION: u16 = 18;
    pub const LAP: u16 = 19;
    pub const RECORD: u16 = 20;
    pub const EVENT: u16 = 21;
    pub const DEVICE_INFO: u16 = 23;
    pub const ACTIVITY: u16 = 34;
}

/// FIT `event` and `event_type` codes used here.
const EVENT_TIMER: u8 = 0;
const EVENT_LAP: u8 = 9;
const EVENT_SESSION: u8 = 8;
const EVENT_ACTIVITY: u8 = 26;
const TYPE_START: u8 = 0;
const TYPE_STOP: u8 = 1;
const TYPE_STOP_ALL: u8 = 4;

/// Garmin's default auto-lap distance.
const AUTO_LAP_M: f64 = 1000.0;

/// Encodes a whole activity file the way a Garmin watch lays it out:
/// file_id, device_info, timer start, records (with auto-pause events and
/// auto-laps in between), timer stop, session, activity.
pub fn encode_activity(a: &Activity, dev: &Device) -> Vec<u8> {
    let mut enc = Encoder::new();
    identify(&mut enc, dev, a.start_unix_s);
    timer_event(&mut enc, a.start_unix_s, TYPE_START);
    let codes = a.sport.fit_codes();
    let laps = write_records(&mut enc, a, codes);
    timer_event(&mut enc, a.end_unix_s(), TYPE_STOP_ALL);
    if let Some(last) = laps.last() {
        lap(
            &mut enc,
            laps.len() - 1,
            last,
            codes,
            LAP_TRIGGER_SESSION_END,
        );
    }
    let totals = a.totals();
    session(&mut enc, &totals, laps.len(), codes, 0);
    activity(&mut enc, &totals, a.utc_offset_s);
    enc.finish()
}

/// A multisport file (a triathlon, a bike→run brick) as a Garmin watch
/// writes one: for each leg its records, laps and a session with the leg's
/// own FIT `sport` and `sub_sport` codes (3 is `transition`), then one
/// activity message. Legs are given in order and should not overlap.
pub fn encode_multisport(legs: &[(&Activity, (u8, u8))], dev: &Device) -> Vec<u8> {
    let mut enc = Encoder::new();
    let (Some((first, _)), Some((last, _))) = (legs.first(), legs.last()) else {
        return enc.finish();
    };
    identify(&mut enc, dev, first.start_unix_s);
    timer_event(&mut enc, first.start_unix_s, TYPE_START);
    for (i, (a, codes)) in legs.iter().enumerate() {
        let laps = write_records(&mut enc, a, *codes);
        if let Some(t) = laps.last() {
            lap(&mut enc, laps.len() - 1, t, *codes, LAP_TRIGGER_SESSION_END);
        }
        session(&mut enc, &a.totals(), laps.len(), *codes, i as u16);
    }
    timer_event(&mut enc, last.end_unix_s(), TYPE_STOP_ALL);
    activity(&mut enc, &last.totals(), last.utc_offset_s);
    enc.finish()
}

/// file_id and the creator's device_info: which watch wrote the file.
fn identify(enc: &mut Encoder, dev: &Device, start_unix_s: i64) {
    let fields = [
        (0, Value::Enum(4)), // type: activity
        (1, Value::U16(dev.manufacturer)),
        (2, Value::U16(dev.product)),
        (3, Value::U32z(dev.serial_number)),
        (4, fit_time(start_unix_s)),
    ];
    enc.message(0, mesg::FILE_ID, &fields);
    let fields = [
        (253, fit_time(start_unix_s)),
        (0, Value::U8(0)), // device_index: creator
        (2, Value::U16(dev.manufacturer)),
        (3, Value::U32z(dev.serial_number)),
        (4, Value::U16(dev.product)),
        (5, Value::U16(dev.software_version)),
    ];
    enc.message(1, mesg::DEVICE_INFO, &fields);
}

/// The closing activity message. Its `local_timestamp` is the only place a
/// FIT file records the wall clock, so importers derive the UTC offset here.
fn activity(enc: &mut Encoder, t: &Totals, utc_offset_s: i32) {
    let fields = [
        (253, fit_time(t.end_unix_s)),
        (0, scaled_u32(Some(f64::from(t.timer_s)), 1000.0)),
        (1, Value::U16(1)),
        (2, Value::Enum(0)), // type: manual
        (3, Value::Enum(EVENT_ACTIVITY)),
        (4, Value::Enum(TYPE_STOP)),
        (5, fit_time(t.end_unix_s + i64::from(utc_offset_s))),
    ];
    enc.message(6, mesg::ACTIVITY, &fields);
}

fn timer_event(enc: &mut Encoder, unix_s: i64, event_type: u8) {
    enc.message(
        2,
        mesg::EVENT,
        &[
            (253, fit_time(unix_s)),
            (0, Value::Enum(EVENT_TIMER)),
            (1, Value::Enum(event_type)),
        ],
    );
}

/// Writes the records, pause events and all laps but the last (which is
/// closed after the timer stops); returns every lap's totals.
fn write_records(enc: &mut Encoder, a: &Activity, codes: (u8, u8)) -> Vec<Totals> {
    let pts = &a.points;
    let mut laps = Vec::new();
    let mut lap_start = 0;
    for (i, p) in pts.iter().enumerate() {
        let was_paused = i > 0 && pts[i - 1].paused;
        if p.paused && !was_paused {
            timer_event(enc, p.unix_s, TYPE_STOP_ALL);
        } else if !p.paused && was_paused {
            timer_event(enc, p.unix_s, TYPE_START);
        }
        if !p.paused {
            record(enc, p, a.sport.has_gps());
        }
        let next_lap_at = (laps.len() + 1) as f64 * AUTO_LAP_M;
        if p.distance_m >= next_lap_at && i + 1 < pts.len() {
            let t = Totals::of(&pts[lap_start..=i], pts[i + 1].unix_s);
            lap(enc, laps.len(), &t, codes, LAP_TRIGGER_DISTANCE);
            laps.push(t);
            lap_start = i + 1;
        }
    }
    laps.push(Totals::of(&pts[lap_start..], a.end_unix_s()));
    laps
}

fn record(enc: &mut Encoder, p: &Point, gps: bool) {
    let cad = p.cadence_spm;
    // FIT counts strides; an odd step count leaves half a stride (64/128).
    let strides = opt_u8(cad.map(|c| (c / 2) as u8));
    let frac = opt_u8(cad.map(|c| if c % 2 == 1 { 64 } else { 0 }));
    let ts = (253, fit_time(p.unix_s));
    let rest = [
        (5, scaled_u32(Some(p.distance_m), 100.0)),
        (2, scaled_u16(p.alt_m, 5.0, 500.0)),
        (6, scaled_u16(Some(p.speed_mps), 1000.0, 0.0)),
        (3, opt_u8(p.hr_bpm)),
        (4, strides),
        (53, frac),
    ];
    let [a, b, c, d, e, f] = rest;
    if gps {
        let (lat, lon) = ((0, semis(p.lat_deg)), (1, semis(p.lon_deg)));
        enc.message(3, mesg::RECORD, &[ts, lat, lon, a, b, c, d, e, f]);
    } else {
        // Indoors the watch defines records without any position field.
        enc.message(3, mesg::RECORD, &[ts, a, b, c, d, e, f]);
    }
}

/// FIT `lap_trigger` codes.
const LAP_TRIGGER_DISTANCE: u8 = 2;
const LAP_TRIGGER_SESSION_END: u8 = 7;

fn lap(enc: &mut Encoder, index: usize, t: &Totals, codes: (u8, u8), trigger: u8) {
    let (sport, sub) = codes;
    let (start_lat, start_lon) = split_pos(t.start_pos);
    let (end_lat, end_lon) = split_pos(t.end_pos);
    enc.message(
        4,
        mesg::LAP,
        &[
            (254, Value::U16(index as u16)),
            (253, fit_time(t.end_unix_s)),
            (0, Value::Enum(EVENT_LAP)),
            (1, Value::Enum(TYPE_STOP)),
            (2, fit_time(t.start_unix_s)),
            (3, start_lat),
            (4, start_lon),
            (5, end_lat),
            (6, end_lon),
            (7, scaled_u32(Some(f64::from(t.elapsed_s)), 1000.0)),
            (8, scaled_u32(Some(f64::from(t.timer_s)), 1000.0)),
            (9, scaled_u32(Some(t.distance_m), 100.0)),
            (13, scaled_u16(Some(avg_speed(t)), 1000.0, 0.0)),
            (14, scaled_u16(Some(t.max_speed_mps), 1000.0, 0.0)),
            (15, opt_u8(t.avg_hr_bpm)),
            (16, opt_u8(t.max_hr_bpm)),
            (17, opt_u8(t.avg_cadence_spm.map(|c| (c / 2) as u8))),
            (18, opt_u8(t.max_cadence_spm.map(|c| (c / 2) as u8))),
            (21, Value::U16(t.ascent_m.round() as u16)),
            (22, Value::U16(t.descent_m.round() as u16)),
            (24, Value::Enum(trigger)),
            (25, Value::Enum(sport)),
            (39, Value::Enum(sub)),
        ],
    );
}

fn session(enc: &mut Encoder, t: &Totals, num_laps: usize, codes: (u8, u8), index: u16) {
    let (sport, sub) = codes;
    let (start_lat, start_lon) = split_pos(t.start_pos);
    enc.message(
        5,
        mesg::SESSION,
        &[
            (254, Value::U16(index)),
            (253, fit_time(t.end_unix_s)),
            (0, Value::Enum(EVENT_SESSION)),
            (1, Value::Enum(TYPE_STOP)),
            (2, fit_time(t.start_unix_s)),
            (3, start_lat),
            (4, start_lon),
            (5, Value::Enum(sport)),
            (6, Value::Enum(sub)),
            (7, scaled_u32(Some(f64::from(t.elapsed_s)), 1000.0)),
            (8, scaled_u32(Some(f64::from(t.timer_s)), 1000.0)),
            (9, scaled_u32(Some(t.distance_m), 100.0)),
            (14, scaled_u16(Some(avg_speed(t)), 1000.0, 0.0)),
            (15, scaled_u16(Some(t.max_speed_mps), 1000.0, 0.0)),
            (16, opt_u8(t.avg_hr_bpm)),
            (17, opt_u8(t.max_hr_bpm)),
            (18, opt_u8(t.avg_cadence_spm.map(|c| (c / 2) as u8))),
            (19, opt_u8(t.max_cadence_spm.map(|c| (c / 2) as u8))),
            (22, Value::U16(t.ascent_m.round() as u16)),
            (23, Value::U16(t.descent_m.round() as u16)),
            (25, Value::U16(0)),
            (26, Value::U16(num_laps as u16)),
            (28, Value::Enum(0)), // trigger: activity_end
        ],
    );
}

fn split_pos(p: Option<(f64, f64)>) -> (Value, Value) {
    (semis(p.map(|p| p.0)), semis(p.map(|p| p.1)))
}

fn avg_speed(t: &Totals) -> f64 {
    if t.timer_s == 0 {
        0.0
    } else {
        t.distance_m / f64::from(t.timer_s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::{Athlete, Effort, Segment, Spec, Sport, insert_stop, simulate};
    use fitparser::{FitDataRecord, profile::MesgNum};

    fn activity(sport: Sport, auto_pause: bool) -> Activity {
        let segs = [
            Segment::mins(Effort::Walk, 3),
            Segment::mins(Effort::Jog, 6),
            Segment::mins(Effort::Walk, 2),
        ];
        simulate(&Spec {
            start_unix_s: 1_785_130_272, // 2026-07-27T05:31:12Z
            utc_offset_s: 7200,
            sport,
            segments: insert_stop(&segs, 400, 40),
            athlete: Athlete::returning(),
            auto_pause,
            route_start_m: 100.0,
            reverse: false,
            hr_lock_s: 8,
            seed: 3,
        })
    }

    fn decode(bytes: &[u8]) -> Vec<FitDataRecord> {
        fitparser::from_bytes(bytes).expect("fitparser accepts our file and its CRCs")
    }

    fn of_kind(recs: &[FitDataRecord], kind: MesgNum) -> Vec<&FitDataRecord> {
        recs.iter().filter(|r| r.kind() == kind).collect()
    }

    fn field<'a>(r: &'a FitDataRecord, name: &str) -> Option<&'a fitparser::Value> {
        r.fields()
            .iter()
            .find(|f| f.name() == name)
            .map(|f| f.value())
    }

    fn num(r: &FitDataRecord, name: &str) -> f64 {
        match field(r, name) {
            Some(fitparser::Value::Float64(v)) => *v,
            Some(fitparser::Value::UInt8(v)) => f64::from(*v),
            Some(fitparser::Value::UInt16(v)) => f64::from(*v),
            Some(fitparser::Value::UInt32(v)) => f64::from(*v),
            Some(fitparser::Value::SInt32(v)) => f64::from(*v),
            other => panic!(
                "{name}: {other:?} in {:?}: {:?}",
                r.kind(),
                r.fields().iter().map(|f| f.name()).collect::<Vec<_>>()
            ),
        }
    }

    fn unix(r: &FitDataRecord, name: &str) -> i64 {
        match field(r, name) {
            Some(fitparser::Value::Timestamp(t)) => t.timestamp(),
            other => panic!("{name}: {other:?}"),
        }
    }

    fn text(r: &FitDataRecord, name: &str) -> String {
        field(r, name).map(|v| v.to_string()).unwrap_or_default()
    }

    #[test]
    fn header_is_fourteen_bytes_with_valid_crc() {
        let h = header(1234);
        assert_eq!(&h[8..12], b".FIT");
        assert_eq!(u32::from_le_bytes(h[4..8].try_into().unwrap()), 1234);
        assert_eq!(crc16(0, &h), 0, "a CRC over data + its CRC is zero");
    }

    #[test]
    fn records_round_trip_through_fitparser() {
        let a = activity(Sport::Run, true);
        let recs = decode(&encode_activity(&a, &WATCH));
        let rec = of_kind(&recs, MesgNum::Record);
        let written: Vec<&Point> = a.recorded().collect();
        assert_eq!(rec.len(), written.len());
        assert_eq!(rec.len(), a.points.len() - 40, "auto-pause drops the stop");
        for (r, p) in rec.iter().zip(&written) {
            assert_eq!(unix(r, "timestamp"), p.unix_s);
            assert!((num(r, "distance") - p.distance_m).abs() <= 0.006);
            let speed = num(r, "enhanced_speed");
            assert!(
                (speed - p.speed_mps).abs() <= 0.0006,
                "{speed} vs {}",
                p.speed_mps
            );
            let spm = p.cadence_spm.unwrap();
            assert_eq!(num(r, "cadence"), f64::from(spm / 2));
            let frac = num(r, "fractional_cadence");
            assert_eq!(num(r, "cadence") * 2.0 + frac * 2.0, f64::from(spm));
            let lat = num(r, "position_lat") * 180.0 / 2_147_483_648.0;
            assert!((lat - p.lat_deg.unwrap()).abs() < 1e-6);
            let alt = num(r, "enhanced_altitude");
            assert!((alt - p.alt_m.unwrap()).abs() <= 0.1, "{alt}");
            match p.hr_bpm {
                Some(hr) => assert_eq!(num(r, "heart_rate"), f64::from(hr)),
                None => assert!(field(r, "heart_rate").is_none(), "0xFF reads as missing"),
            }
        }
        assert_eq!(unix(rec[0], "timestamp"), a.start_unix_s);
        assert!(field(rec[0], "heart_rate").is_none());
    }

    #[test]
    fn session_and_activity_carry_the_totals() {
        let a = activity(Sport::Run, true);
        let t = a.totals();
        let recs = decode(&encode_activity(&a, &WATCH));
        let s = of_kind(&recs, MesgNum::Session)[0];
        assert_eq!(text(s, "sport"), "running");
        assert_eq!(text(s, "sub_sport"), "generic");
        assert_eq!(unix(s, "start_time"), a.start_unix_s);
        assert_eq!(num(s, "total_elapsed_time"), f64::from(t.elapsed_s));
        assert_eq!(num(s, "total_timer_time"), f64::from(t.elapsed_s - 40));
        assert!((num(s, "total_distance") - a.points.last().unwrap().distance_m).abs() < 0.006);
        assert_eq!(num(s, "avg_heart_rate"), f64::from(t.avg_hr_bpm.unwrap()));
        assert_eq!(num(s, "max_heart_rate"), f64::from(t.max_hr_bpm.unwrap()));
        assert_eq!(
            num(s, "avg_running_cadence"),
            f64::from(t.avg_cadence_spm.unwrap() / 2)
        );
        assert_eq!(num(s, "total_ascent"), t.ascent_m.round());
        let laps = of_kind(&recs, MesgNum::Lap);
        assert_eq!(num(s, "num_laps"), laps.len() as f64);
        assert!(laps.len() >= 2, "auto-lap every km");
        let lap_sum: f64 = laps.iter().map(|l| num(l, "total_distance")).sum();
        assert!((lap_sum - num(s, "total_distance")).abs() < 0.05);
        let lap_elapsed: f64 = laps.iter().map(|l| num(l, "total_elapsed_time")).sum();
        assert_eq!(lap_elapsed, f64::from(t.elapsed_s));

        let act = of_kind(&recs, MesgNum::Activity)[0];
        assert_eq!(num(act, "num_sessions"), 1.0);
        let local = match field(act, "local_timestamp") {
            Some(fitparser::Value::UInt32(v)) => i64::from(*v) + FIT_EPOCH_OFFSET,
            Some(fitparser::Value::Timestamp(v)) => v.timestamp(),
            other => panic!("local_timestamp {other:?}"),
        };
        assert_eq!(local - unix(act, "timestamp"), 7200);
    }

    #[test]
    fn pauses_are_timer_events() {
        let recs = decode(&encode_activity(&activity(Sport::Walk, true), &WATCH));
        let kinds: Vec<String> = of_kind(&recs, MesgNum::Event)
            .iter()
            .map(|e| text(e, "event_type"))
            .collect();
        assert_eq!(kinds, ["start", "stop_all", "start", "stop_all"]);
        let s = of_kind(&recs, MesgNum::Session)[0];
        assert_eq!(text(s, "sport"), "walking");
        let f = of_kind(&recs, MesgNum::FileId)[0];
        assert_eq!(text(f, "type"), "activity");
    }

    #[test]
    fn treadmill_records_have_no_position() {
        let a = activity(Sport::TreadmillRun, false);
        let recs = decode(&encode_activity(&a, &WATCH));
        let rec = of_kind(&recs, MesgNum::Record);
        assert_eq!(
            rec.len(),
            a.points.len(),
            "no auto-pause: every second recorded"
        );
        assert!(rec.iter().all(|r| field(r, "position_lat").is_none()));
        assert!(rec.iter().all(|r| field(r, "enhanced_speed").is_some()));
        let s = of_kind(&recs, MesgNum::Session)[0];
        assert_eq!(text(s, "sub_sport"), "treadmill");
        assert_eq!(num(s, "total_timer_time"), num(s, "total_elapsed_time"));
    }

    #[test]
    fn a_flipped_byte_fails_the_crc() {
        let mut bytes = encode_activity(&activity(Sport::Run, false), &WATCH);
        let mid = bytes.len() / 2;
        bytes[mid] ^= 0x01;
        assert!(fitparser::from_bytes(&bytes).is_err());
    }
}
