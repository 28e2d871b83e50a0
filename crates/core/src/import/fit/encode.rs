//! FIT workout files: the sessions of `analysis::workouts` as a watch reads
//! them (issue #34).
//!
//! A workout file is a header, a `file_id`, a `workout` and its
//! `workout_step`s, and the checksum. runlog writes nothing else in FIT, so
//! a small encoder beside the decoder is all it takes: the crates that
//! write FIT carry the whole generated profile, a large build for four
//! messages. Message numbers and enum values come from fitparser's profile
//! (the one the decoder names things with); field numbers, which it does
//! not export, are the FIT profile's (Profile.xlsx, Messages sheet), named
//! below. Protocol 1.0, little-endian, no developer fields: what every
//! watch that takes workouts reads.

use super::FIT_EPOCH_OFFSET;
use super::crc16;
use crate::model::{Intensity, TimedStep, Workout, WorkoutStep};
use fitparser::profile::MesgNum;
use fitparser::profile::field_types::{
    File, Intensity as FitIntensity, Manufacturer, Sport, WktStepDuration, WktStepTarget,
};

/// Protocol 1.0: workouts need nothing newer, and older watches read it.
const PROTOCOL_VERSION: u8 = 0x10;
/// The profile version in the header (21.00); the messages used here are
/// in every profile since 1.0.
const PROFILE_VERSION: u16 = 2100;

/// FIT base types (the high bit marks the multi-byte ones).
const ENUM: u8 = 0x00;
const STRING: u8 = 0x07;
const UINT16: u8 = 0x84;
const UINT32: u8 = 0x86;
const UINT32Z: u8 = 0x8C;

/// "No value" for an enum field.
const INVALID_ENUM: u8 = 0xFF;

// Field numbers from the FIT profile.
const FILE_ID_TYPE: u8 = 0;
const FILE_ID_MANUFACTURER: u8 = 1;
const FILE_ID_PRODUCT: u8 = 2;
const FILE_ID_SERIAL_NUMBER: u8 = 3;
const FILE_ID_TIME_CREATED: u8 = 4;
const WORKOUT_SPORT: u8 = 4;
const WORKOUT_NUM_VALID_STEPS: u8 = 6;
const WORKOUT_WKT_NAME: u8 = 8;
const STEP_MESSAGE_INDEX: u8 = 254;
const STEP_WKT_STEP_NAME: u8 = 0;
const STEP_DURATION_TYPE: u8 = 1;
const STEP_DURATION_VALUE: u8 = 2;
const STEP_TARGET_TYPE: u8 = 3;
const STEP_TARGET_VALUE: u8 = 4;
const STEP_INTENSITY: u8 = 7;

/// Local message types: one definition each.
const LOCAL_FILE_ID: u8 = 0;
const LOCAL_WORKOUT: u8 = 1;
const LOCAL_STEP: u8 = 2;

/// One `workout_step` as written: a timed step, or the step that sends the
/// watch back to `from` until it has done the steps `times` times.
enum Row<'a> {
    Timed(&'a TimedStep),
    Repeat { from: u16, times: u32 },
}

/// The workout as a FIT file's bytes.
pub fn workout(w: &Workout) -> Vec<u8> {
    let rows = rows(&w.steps);
    let step_name_len = rows
        .iter()
        .map(|r| match r {
            Row::Timed(s) => s.label().len() + 1,
            Row::Repeat { .. } => 1,
        })
        .max()
        .unwrap_or(1);
    let mut data = Vec::new();
    file_id(&mut data, w);
    workout_message(&mut data, w, rows.len());
    define(
        &mut data,
        LOCAL_STEP,
        MesgNum::WorkoutStep.as_u16(),
        &[
            (STEP_MESSAGE_INDEX, 2, UINT16),
            (STEP_WKT_STEP_NAME, step_name_len as u8, STRING),
            (STEP_DURATION_TYPE, 1, ENUM),
            (STEP_DURATION_VALUE, 4, UINT32),
            (STEP_TARGET_TYPE, 1, ENUM),
            (STEP_TARGET_VALUE, 4, UINT32),
            (STEP_INTENSITY, 1, ENUM),
        ],
    );
    for (i, row) in rows.iter().enumerate() {
        step(&mut data, i as u16, row, step_name_len);
    }
    framed(&data)
}

/// The steps in the order the watch walks them, each repeat after the
/// steps it repeats.
fn rows(steps: &[WorkoutStep]) -> Vec<Row<'_>> {
    let mut rows = Vec::new();
    for s in steps {
        match s {
            WorkoutStep::Timed(t) => rows.push(Row::Timed(t)),
            WorkoutStep::Repeat { times, steps } => {
                let from = rows.len() as u16;
                rows.extend(steps.iter().map(Row::Timed));
                rows.push(Row::Repeat {
                    from,
                    times: *times,
                });
            }
        }
    }
    rows
}

fn file_id(data: &mut Vec<u8>, w: &Workout) {
    define(
        data,
        LOCAL_FILE_ID,
        MesgNum::FileId.as_u16(),
        &[
            (FILE_ID_TYPE, 1, ENUM),
            (FILE_ID_MANUFACTURER, 2, UINT16),
            (FILE_ID_PRODUCT, 2, UINT16),
            (FILE_ID_SERIAL_NUMBER, 4, UINT32Z),
            (FILE_ID_TIME_CREATED, 4, UINT32),
        ],
    );
    data.push(LOCAL_FILE_ID);
    data.push(File::Workout.as_u8());
    data.extend(Manufacturer::Development.as_u16().to_le_bytes());
    data.extend(0u16.to_le_bytes());
    data.extend(serial_number(w).to_le_bytes());
    data.extend(time_created(w).to_le_bytes());
}

/// A watch tells files apart by their `file_id`: each session's differs
/// (its name holds "1 of 3"), and a changed session gets a new one, while
/// the same session written twice is the same file, byte for byte.
fn serial_number(w: &Workout) -> u32 {
    let mut h = blake3::Hasher::new();
    h.update(w.name.as_bytes());
    h.update(&serde_json::to_vec(&w.steps).unwrap_or_default());
    let b = *h.finalize().as_bytes();
    let n = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    // uint32z: zero means "no value".
    n.max(1)
}

/// Midnight UTC starting the week the session is for: fixed, so the same
/// plan gives the same bytes.
fn time_created(w: &Workout) -> u32 {
    let unix = w
        .week
        .and_hms_opt(0, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp());
    u32::try_from(unix - FIT_EPOCH_OFFSET).unwrap_or(0)
}

fn workout_message(data: &mut Vec<u8>, w: &Workout, steps: usize) {
    let name = fit_string(&w.name);
    define(
        data,
        LOCAL_WORKOUT,
        MesgNum::Workout.as_u16(),
        &[
            (WORKOUT_SPORT, 1, ENUM),
            (WORKOUT_NUM_VALID_STEPS, 2, UINT16),
            (WORKOUT_WKT_NAME, name.len() as u8, STRING),
        ],
    );
    data.push(LOCAL_WORKOUT);
    let sport = if w.walking {
        Sport::Walking
    } else {
        Sport::Running
    };
    data.push(sport.as_u8());
    data.extend((steps as u16).to_le_bytes());
    data.extend(name);
}

fn step(data: &mut Vec<u8>, index: u16, row: &Row, name_len: usize) {
    data.push(LOCAL_STEP);
    data.extend(index.to_le_bytes());
    let (name, duration_type, duration_value, target_value, intensity) = match row {
        Row::Timed(s) => (
            s.label(),
            WktStepDuration::Time,
            // duration_time: milliseconds (scale 1000 on seconds).
            s.duration_s.saturating_mul(1000),
            0,
            intensity(s.intensity).as_u8(),
        ),
        Row::Repeat { from, times } => (
            "",
            WktStepDuration::RepeatUntilStepsCmplt,
            // duration_step: the step to go back to; repeat_steps: how often
            // the steps are done in all.
            u32::from(*from),
            *times,
            INVALID_ENUM,
        ),
    };
    let mut bytes = name.as_bytes().to_vec();
    bytes.resize(name_len, 0);
    data.extend(bytes);
    data.push(duration_type.as_u8());
    data.extend(duration_value.to_le_bytes());
    data.push(WktStepTarget::Open.as_u8());
    data.extend(target_value.to_le_bytes());
    data.push(intensity);
}

fn intensity(i: Intensity) -> FitIntensity {
    match i {
        Intensity::Warmup => FitIntensity::Warmup,
        Intensity::Active => FitIntensity::Active,
        Intensity::Recovery => FitIntensity::Recovery,
        Intensity::Cooldown => FitIntensity::Cooldown,
    }
}

/// A definition message: little-endian, `fields` as (number, size, base
/// type).
fn define(data: &mut Vec<u8>, local: u8, global: u16, fields: &[(u8, u8, u8)]) {
    data.push(0x40 | local);
    data.push(0); // reserved
    data.push(0); // little-endian
    data.extend(global.to_le_bytes());
    data.push(fields.len() as u8);
    for &(number, size, base) in fields {
        data.extend([number, size, base]);
    }
}

/// A NUL-terminated UTF-8 string of at most 255 bytes, cut at a character
/// boundary.
fn fit_string(s: &str) -> Vec<u8> {
    let mut end = s.len().min(254);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    let mut v = s.as_bytes()[..end].to_vec();
    v.push(0);
    v
}

/// Header, data and the file's checksum.
fn framed(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + 16);
    out.push(14);
    out.push(PROTOCOL_VERSION);
    out.extend(PROFILE_VERSION.to_le_bytes());
    out.extend((data.len() as u32).to_le_bytes());
    out.extend(b".FIT");
    let header_crc = crc16(0, &out);
    out.extend(header_crc.to_le_bytes());
    out.extend(data);
    let crc = crc16(0, &out);
    out.extend(crc.to_le_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Gait;
    use chrono::NaiveDate;

    fn timed(gait: Gait, intensity: Intensity, min: u32) -> TimedStep {
        TimedStep {
            gait,
            intensity,
            duration_s: min * 60,
        }
    }

    /// 5 min warm-up, 6 × (jog 2, walk 3), 5 min cool-down.
    pub(crate) fn two_three() -> Workout {
        Workout {
            name: "runlog 2:3 · 1 of 3 · 7 Dec".into(),
            file_name: "runlog-2026-12-07-1-of-3.fit".into(),
            week: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
            walking: false,
            steps: vec![
                WorkoutStep::Timed(timed(Gait::Walk, Intensity::Warmup, 5)),
                WorkoutStep::Repeat {
                    times: 6,
                    steps: vec![
                        timed(Gait::Jog, Intensity::Active, 2),
                        timed(Gait::Walk, Intensity::Recovery, 3),
                    ],
                },
                WorkoutStep::Timed(timed(Gait::Walk, Intensity::Cooldown, 5)),
            ],
        }
    }

    #[test]
    fn the_checksums_hold_and_runlog_skips_it_as_a_workout() {
        let bytes = workout(&two_three());
        assert_eq!(&bytes[8..12], b".FIT");
        assert_eq!(crc16(0, &bytes[..14]), 0, "the header checks to zero");
        assert_eq!(crc16(0, &bytes), 0, "the whole file checks to zero");
        assert_eq!(
            super::super::decode(&bytes).unwrap_err().to_string(),
            "not an activity (FIT workout file)"
        );
    }

    #[test]
    fn the_same_session_gives_the_same_bytes_and_another_its_own_id() {
        let a = two_three();
        let mut b = two_three();
        b.name = "runlog 2:3 · 2 of 3 · 7 Dec".into();
        assert_eq!(workout(&a), workout(&a));
        assert_ne!(serial_number(&a), serial_number(&b));
    }

    /// fitparser, a complete decoder of the profile, reads back what was
    /// meant: the file type, the sport, each step's name, duration and
    /// intensity, and the repeat's first step and count.
    #[test]
    fn fitparser_reads_the_steps_back() {
        let bytes = workout(&two_three());
        let records = fitparser::from_bytes(&bytes).unwrap();
        let text: Vec<String> = records
            .iter()
            .map(|r| {
                let fields: Vec<String> = r
                    .fields()
                    .iter()
                    .map(|f| format!("{}={}", f.name(), f.value()))
                    .collect();
                format!("{}: {}", r.kind(), fields.join(" "))
            })
            .collect();
        let step = |name: &str, s: u32, intensity: &str, i: u32| {
            format!(
                "workout_step: wkt_step_name={name} duration_type=time duration_time={s} target_type=open target_value=0 intensity={intensity} message_index={i}"
            )
        };
        assert_eq!(
            text,
            [
                "file_id: type=workout manufacturer=development product=0 serial_number=237873877 time_created=2026-12-07 00:00:00 +00:00".to_string(),
                "workout: sport=running num_valid_steps=5 wkt_name=runlog 2:3 · 1 of 3 · 7 Dec".into(),
                step("Warm-up walk", 300, "warmup", 0),
                step("Jog", 120, "active", 1),
                step("Walk", 180, "recovery", 2),
                "workout_step: wkt_step_name= duration_type=repeat_until_steps_cmplt duration_step=1 target_type=open repeat_steps=6 message_index=3".into(),
                step("Cool-down walk", 300, "cooldown", 4),
            ]
        );
    }

    #[test]
    fn long_names_are_cut_at_a_character_boundary() {
        let s = "·".repeat(200);
        let v = fit_string(&s);
        assert!(v.len() <= 255);
        assert_eq!(*v.last().unwrap(), 0);
        assert!(std::str::from_utf8(&v[..v.len() - 1]).is_ok());
    }
}
