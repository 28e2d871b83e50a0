//! Speed of the hot paths, measured with criterion (`cargo bench`):
//! decoding one FIT run and one GPX run of about an hour, and the weekly
//! load and flag computation over five years of stored runs. Targets and
//! results are in BENCHMARKS.md; no test asserts a time.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use runlog_core::config::Config;
use runlog_core::import::{FileFormat, Kind, parse_bytes};
use runlog_core::model::{Activity, DiaryEntry, Format, Pain, Summary, TimeOfDay};
use std::hint::black_box;

/// The generator's archive runs last 30–120 minutes; take the first FIT and
/// GPX run of 50–70 minutes.
fn hour_long(format: FileFormat) -> Vec<u8> {
    runlog_samples::archive_files(200, 1)
        .filter(|f| Kind::of_name(&f.path).is_some_and(|k| k.format == format && !k.gzip))
        .find(|f| {
            let p = parse_bytes(&f.bytes, Kind::of_name(&f.path).unwrap()).unwrap();
            (3000.0..4200.0).contains(&p[0].summary.elapsed_s)
        })
        .expect("an hour-long run in the archive")
        .bytes
}

fn decode(c: &mut Criterion) {
    let fit = hour_long(FileFormat::Fit);
    let gpx = hour_long(FileFormat::Gpx);
    let fit_kind = Kind {
        format: FileFormat::Fit,
        gzip: false,
    };
    let gpx_kind = Kind {
        format: FileFormat::Gpx,
        gzip: false,
    };
    c.bench_function("decode FIT, 1 hour at 1 Hz", |b| {
        b.iter(|| parse_bytes(black_box(&fit), fit_kind).unwrap())
    });
    // The same file through fitparser, the reference decoder runlog's own
    // replaced for speed (see import::fit).
    c.bench_function("decode FIT, 1 hour at 1 Hz, fitparser", |b| {
        b.iter(|| runlog_core::import::fit::decode_reference(black_box(&fit)).unwrap())
    });
    c.bench_function("decode GPX, 1 hour at 1 Hz", |b| {
        b.iter(|| parse_bytes(black_box(&gpx), gpx_kind).unwrap())
    });
}

/// Five years of runs (one every ~1.2 days) and a morning diary entry most
/// days, without time series: the weekly computation reads summaries.
fn five_years() -> (Vec<Activity>, Vec<DiaryEntry>) {
    let first = NaiveDate::from_ymd_opt(2021, 11, 1).unwrap();
    let mut acts = Vec::new();
    let mut diary = Vec::new();
    for d in 0..(5 * 365) {
        let date = first + Duration::days(d);
        if d % 6 != 5 {
            diary.push(DiaryEntry {
                time: Some(TimeOfDay::Morning),
                ..DiaryEntry::new(
                    d as usize + 2,
                    date,
                    Pain::new((d % 7) as f64 * 0.5).unwrap(),
                )
            });
        }
        if d % 6 == 1 || d % 6 == 3 || d % 6 == 5 || d % 12 == 0 || d % 30 == 7 {
            let minutes = 30.0 + (d % 90) as f64;
            acts.push(Activity {
                id: format!("{d:08}"),
                source: format!("exports/{d}.fit"),
                summary: Summary {
                    utc_offset_s: Some(3600),
                    moving_s: minutes * 58.0,
                    distance_m: Some(minutes * 170.0),
                    ascent_m: Some(40.0),
                    avg_hr: Some(140.0),
                    max_hr: Some(170.0),
                    cadence_spm: Some(164.0),
                    laps: Some(5),
                    has_gps: true,
                    records: (minutes * 60.0) as u32,
                    ..Summary::new(
                        Format::Fit,
                        "running",
                        Utc.from_utc_datetime(&date.and_hms_opt(6, 0, 0).unwrap()),
                        minutes * 60.0,
                    )
                },
                duplicates: vec![],
                warnings: Vec::new(),
            });
        }
    }
    (acts, diary)
}

fn weekly(c: &mut Criterion) {
    let (acts, diary) = five_years();
    let config = Config::default();
    c.bench_function(
        &format!("weekly load and flags, {} runs over 5 years", acts.len()),
        |b| {
            b.iter(|| {
                let load = runlog_core::analysis::load::compute(
                    black_box(&acts),
                    |_| Ok(vec![]),
                    &diary,
                    &config,
                )
                .unwrap();
                let today = load.days.last().map_or(chrono::NaiveDate::MIN, |d| d.date);
                runlog_core::analysis::analyse(
                    load,
                    Some((&diary, 0)),
                    Vec::new(),
                    Default::default(),
                    &config,
                    today,
                )
            })
        },
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = decode, weekly
}
criterion_main!(benches);
