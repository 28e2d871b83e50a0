//! The store's rows as Parquet frames and back. Columns added after the
//! first release read as "not known" from an older store, so an upgrade
//! never needs the store rebuilt.

use super::pack::Location;
use super::{FileRecord, FileStatus};
use crate::model::{Activity, Format, Sample, Summary};
use chrono::{DateTime, Utc};
use polars::prelude::*;
use std::collections::HashMap;

pub(super) fn series_frame(samples: &[Sample]) -> PolarsResult<DataFrame> {
    let col = |name: &str, f: fn(&Sample) -> Option<f64>| {
        Column::new(name.into(), samples.iter().map(f).collect::<Vec<_>>())
    };
    DataFrame::new_infer_height(vec![
        Column::new(
            "t_s".into(),
            samples.iter().map(|s| s.t_s).collect::<Vec<_>>(),
        ),
        col("hr_bpm", |s| s.hr_bpm),
        col("speed_mps", |s| s.speed_mps),
        col("cadence_spm", |s| s.cadence_spm),
        col("altitude_m", |s| s.altitude_m),
        col("distance_m", |s| s.distance_m),
    ])
}

pub(super) fn samples_from(df: &DataFrame) -> PolarsResult<Vec<Sample>> {
    let t = df.column("t_s")?.f64()?;
    let get =
        |n: &str| -> PolarsResult<Vec<Option<f64>>> { Ok(df.column(n)?.f64()?.iter().collect()) };
    let (hr, sp, cad, alt, dist) = (
        get("hr_bpm")?,
        get("speed_mps")?,
        get("cadence_spm")?,
        get("altitude_m")?,
        get("distance_m")?,
    );
    Ok(t.iter()
        .enumerate()
        .map(|(i, t)| Sample {
            t_s: t.unwrap_or(0.0),
            hr_bpm: hr[i],
            speed_mps: sp[i],
            cadence_spm: cad[i],
            altitude_m: alt[i],
            distance_m: dist[i],
        })
        .collect())
}

/// The activities, with where each one's series lies (`series_pack`,
/// `series_offset`, `series_bytes`; null for a series in a file of its own,
/// as stores from before packs wrote them).
pub(super) fn activities_frame(
    acts: &[Activity],
    locations: &HashMap<String, Location>,
) -> PolarsResult<DataFrame> {
    let at = |a: &Activity| locations.get(&a.id);
    let s = |f: fn(&Activity) -> String| acts.iter().map(f).collect::<Vec<_>>();
    let os = |f: fn(&Activity) -> Option<String>| acts.iter().map(f).collect::<Vec<_>>();
    let of = |f: fn(&Activity) -> Option<f64>| acts.iter().map(f).collect::<Vec<_>>();
    DataFrame::new_infer_height(vec![
        Column::new("id".into(), s(|a| a.id.clone())),
        Column::new("source".into(), s(|a| a.source.clone())),
        Column::new("format".into(), s(|a| a.summary.format.to_string())),
        Column::new("sport".into(), s(|a| a.summary.sport.clone())),
        Column::new("sub_sport".into(), os(|a| a.summary.sub_sport.clone())),
        Column::new("device".into(), os(|a| a.summary.device.clone())),
        Column::new("name".into(), os(|a| a.summary.name.clone())),
        Column::new(
            "start_ms".into(),
            acts.iter()
                .map(|a| a.summary.start.timestamp_millis())
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "utc_offset_s".into(),
            acts.iter()
                .map(|a| a.summary.utc_offset_s)
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "elapsed_s".into(),
            acts.iter().map(|a| a.summary.elapsed_s).collect::<Vec<_>>(),
        ),
        Column::new(
            "moving_s".into(),
            acts.iter().map(|a| a.summary.moving_s).collect::<Vec<_>>(),
        ),
        Column::new("distance_m".into(), of(|a| a.summary.distance_m)),
        Column::new("ascent_m".into(), of(|a| a.summary.ascent_m)),
        Column::new("avg_hr".into(), of(|a| a.summary.avg_hr)),
        Column::new("max_hr".into(), of(|a| a.summary.max_hr)),
        Column::new("cadence_spm".into(), of(|a| a.summary.cadence_spm)),
        Column::new(
            "laps".into(),
            acts.iter().map(|a| a.summary.laps).collect::<Vec<_>>(),
        ),
        Column::new(
            "has_gps".into(),
            acts.iter().map(|a| a.summary.has_gps).collect::<Vec<_>>(),
        ),
        Column::new(
            "records".into(),
            acts.iter().map(|a| a.summary.records).collect::<Vec<_>>(),
        ),
        Column::new("rpe".into(), of(|a| a.summary.rpe)),
        Column::new("relative_effort".into(), of(|a| a.summary.relative_effort)),
        Column::new("event".into(), os(|a| a.summary.event.clone())),
        Column::new(
            "leg".into(),
            acts.iter().map(|a| a.summary.leg).collect::<Vec<_>>(),
        ),
        Column::new(
            "duplicates".into(),
            s(|a| serde_json::to_string(&a.duplicates).unwrap_or_default()),
        ),
        Column::new(
            "warnings".into(),
            s(|a| serde_json::to_string(&a.warnings).unwrap_or_default()),
        ),
        Column::new(
            "series_pack".into(),
            acts.iter()
                .map(|a| at(a).map(|l| l.pack.clone()))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "series_offset".into(),
            acts.iter()
                .map(|a| at(a).map(|l| l.offset))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "series_bytes".into(),
            acts.iter()
                .map(|a| at(a).map(|l| l.len))
                .collect::<Vec<_>>(),
        ),
    ])
}

/// The activities and where their series lie (see [`activities_frame`]).
pub(super) type ReadActivities = (Vec<Activity>, HashMap<String, Location>);

pub(super) fn read_activities(bytes: &[u8]) -> PolarsResult<ReadActivities> {
    let df = ParquetReader::new(std::io::Cursor::new(bytes)).finish()?;
    let strs = |n: &str| -> PolarsResult<Vec<Option<String>>> {
        Ok(df
            .column(n)?
            .str()?
            .iter()
            .map(|s| s.map(str::to_string))
            .collect())
    };
    let f64s =
        |n: &str| -> PolarsResult<Vec<Option<f64>>> { Ok(df.column(n)?.f64()?.iter().collect()) };
    let (id, source, format, sport) = (
        strs("id")?,
        strs("source")?,
        strs("format")?,
        strs("sport")?,
    );
    let (sub, device, name, dups) = (
        strs("sub_sport")?,
        strs("device")?,
        strs("name")?,
        strs("duplicates")?,
    );
    let start: Vec<Option<i64>> = df.column("start_ms")?.i64()?.iter().collect();
    let offset: Vec<Option<i32>> = df.column("utc_offset_s")?.i32()?.iter().collect();
    let (elapsed, moving, dist, ascent) = (
        f64s("elapsed_s")?,
        f64s("moving_s")?,
        f64s("distance_m")?,
        f64s("ascent_m")?,
    );
    let (avg_hr, max_hr, cad) = (f64s("avg_hr")?, f64s("max_hr")?, f64s("cadence_spm")?);
    // Columns added after the first release: a store written before them
    // reads as "not known".
    let optional = |n: &str| f64s(n).unwrap_or_else(|_| vec![None; df.height()]);
    let (rpe, effort) = (optional("rpe"), optional("relative_effort"));
    let event = strs("event").unwrap_or_else(|_| vec![None; df.height()]);
    let leg: Vec<Option<u32>> = match df.column("leg").and_then(|c| c.u32().cloned()) {
        Ok(c) => c.iter().collect(),
        Err(_) => vec![None; df.height()],
    };
    // Added later: an older store has no warnings column.
    let warnings = strs("warnings").unwrap_or_else(|_| vec![None; df.height()]);
    let laps: Vec<Option<u32>> = df.column("laps")?.u32()?.iter().collect();
    let gps: Vec<Option<bool>> = df.column("has_gps")?.bool()?.iter().collect();
    let records: Vec<Option<u32>> = df.column("records")?.u32()?.iter().collect();
    // Added with packs (issue #35): an older store keeps a file per series.
    let packs = strs("series_pack").unwrap_or_else(|_| vec![None; df.height()]);
    let u64s = |n: &str| -> Vec<Option<u64>> {
        match df.column(n).and_then(|c| c.u64().cloned()) {
            Ok(c) => c.iter().collect(),
            Err(_) => vec![None; df.height()],
        }
    };
    let (offsets, lens) = (u64s("series_offset"), u64s("series_bytes"));
    let mut locations = HashMap::new();
    let mut out = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        let start =
            DateTime::<Utc>::from_timestamp_millis(start[i].unwrap_or(0)).unwrap_or_default();
        if let (Some(pack), Some(offset), Some(len)) = (&packs[i], offsets[i], lens[i]) {
            let at = Location {
                pack: pack.clone(),
                offset,
                len,
            };
            locations.insert(id[i].clone().unwrap_or_default(), at);
        }
        out.push(Activity {
            id: id[i].clone().unwrap_or_default(),
            source: source[i].clone().unwrap_or_default(),
            summary: Summary {
                format: format[i]
                    .as_deref()
                    .and_then(Format::parse)
                    .unwrap_or(Format::Fit),
                sport: sport[i].clone().unwrap_or_else(|| "unknown".into()),
                sub_sport: sub[i].clone(),
                device: device[i].clone(),
                name: name[i].clone(),
                start,
                utc_offset_s: offset[i],
                elapsed_s: elapsed[i].unwrap_or(0.0),
                moving_s: moving[i].unwrap_or(0.0),
                distance_m: dist[i],
                ascent_m: ascent[i],
                avg_hr: avg_hr[i],
                max_hr: max_hr[i],
                cadence_spm: cad[i],
                laps: laps[i],
                has_gps: gps[i].unwrap_or(false),
                records: records[i].unwrap_or(0),
                rpe: rpe[i],
                relative_effort: effort[i],
                event: event[i].clone(),
                leg: leg[i],
            },
            duplicates: dups[i]
                .as_deref()
                .and_then(|d| serde_json::from_str(d).ok())
                .unwrap_or_default(),
            warnings: warnings[i]
                .as_deref()
                .and_then(|d| serde_json::from_str(d).ok())
                .unwrap_or_default(),
        });
    }
    Ok((out, locations))
}

pub(super) fn files_frame(files: &[FileRecord]) -> PolarsResult<DataFrame> {
    let (status, detail): (Vec<&str>, Vec<Option<String>>) = files
        .iter()
        .map(|f| match &f.status {
            FileStatus::Imported => ("imported", None),
            FileStatus::Duplicate { of } => ("duplicate", Some(of.clone())),
            FileStatus::Skipped { reason } => ("skipped", Some(reason.clone())),
        })
        .unzip();
    DataFrame::new_infer_height(vec![
        Column::new(
            "path".into(),
            files.iter().map(|f| f.path.clone()).collect::<Vec<_>>(),
        ),
        Column::new(
            "size_bytes".into(),
            files.iter().map(|f| f.size_bytes).collect::<Vec<_>>(),
        ),
        Column::new(
            "mtime_ns".into(),
            files.iter().map(|f| f.mtime_ns).collect::<Vec<_>>(),
        ),
        Column::new(
            "id".into(),
            files.iter().map(|f| f.id.clone()).collect::<Vec<_>>(),
        ),
        Column::new("status".into(), status),
        Column::new("detail".into(), detail),
    ])
}

pub(super) fn read_files(bytes: &[u8]) -> PolarsResult<Vec<FileRecord>> {
    let df = ParquetReader::new(std::io::Cursor::new(bytes)).finish()?;
    let path_c = df.column("path")?.str()?;
    let size = df.column("size_bytes")?.u64()?;
    let mtime = df.column("mtime_ns")?.i64()?;
    let id = df.column("id")?.str()?;
    let status = df.column("status")?.str()?;
    let detail = df.column("detail")?.str()?;
    Ok((0..df.height())
        .map(|i| {
            let d = detail.get(i).unwrap_or("").to_string();
            FileRecord {
                path: path_c.get(i).unwrap_or("").to_string(),
                size_bytes: size.get(i).unwrap_or(0),
                mtime_ns: mtime.get(i).unwrap_or(0),
                id: id.get(i).unwrap_or("").to_string(),
                status: match status.get(i) {
                    Some("duplicate") => FileStatus::Duplicate { of: d },
                    Some("skipped") => FileStatus::Skipped { reason: d },
                    _ => FileStatus::Imported,
                },
            }
        })
        .collect())
}
