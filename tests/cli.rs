//! The `runlog` binary on the project's own `samples/`, as a user runs it.
//! Each test copies `samples/` into a fresh temporary folder, so the
//! repository's copy is never modified and tests do not share state.

mod common;

use assert_cmd::Command;
use common::{fresh_samples, json, runlog, stdout};
use serde_json::Value;
use std::path::{Path, PathBuf};

#[test]
fn import_reports_each_bad_file_and_a_summary() {
    let d = fresh_samples();
    let out = stdout(runlog(d.path(), &["import"]));
    let skipped: Vec<&str> = out.lines().filter(|l| l.starts_with("skipped")).collect();
    assert_eq!(skipped.len(), 1, "{out}");
    assert!(
        skipped[0].contains("corrupt") && skipped[0].contains(".fit"),
        "{out}"
    );
    let summary = out.lines().last().unwrap();
    assert!(summary.starts_with("import: "), "{summary}");
    assert!(summary.contains("1 duplicates merged"), "{summary}");
    assert!(summary.contains("1 skipped"), "{summary}");
    assert!(summary.contains("other files ignored"), "{summary}");
}

#[test]
fn second_import_parses_nothing_new() {
    let d = fresh_samples();
    stdout(runlog(d.path(), &["import"]));
    let before = json(runlog(d.path(), &["activities", "--format", "json"]));
    let out = stdout(runlog(d.path(), &["import"]));
    assert!(out.contains("import: 0 imported"), "{out}");
    assert!(
        !out.contains("skipped  "),
        "a known bad file is not re-reported: {out}"
    );
    let after = json(runlog(d.path(), &["activities", "--format", "json"]));
    assert_eq!(before, after);
}

#[test]
fn activities_json_has_the_documented_keys() {
    let d = fresh_samples();
    stdout(runlog(d.path(), &["import"]));
    let v = json(runlog(d.path(), &["activities", "--format", "json"]));
    let acts = v.as_array().unwrap();
    assert!(acts.len() > 40, "{} activities", acts.len());
    for key in [
        "id",
        "source",
        "format",
        "sport",
        "start",
        "elapsed_s",
        "moving_s",
        "distance_m",
        "ascent_m",
        "avg_hr",
        "max_hr",
        "cadence_spm",
        "records",
        "has_gps",
    ] {
        assert!(
            acts.iter().all(|a| a.get(key).is_some()),
            "missing key {key}"
        );
    }
    // RFC 3339 UTC starts, sorted.
    let starts: Vec<&str> = acts.iter().map(|a| a["start"].as_str().unwrap()).collect();
    assert!(starts.iter().all(|s| s.ends_with('Z')));
    assert!(starts.windows(2).all(|w| w[0] <= w[1]));
    // The treadmill run has no GPS; the FIT+GPX pair became one FIT activity.
    assert!(
        acts.iter()
            .any(|a| a["has_gps"] == false && a["sub_sport"] == "treadmill")
    );
    let merged: Vec<&Value> = acts
        .iter()
        .filter(|a| !a["duplicates"].as_array().unwrap().is_empty())
        .collect();
    assert_eq!(merged.len(), 1);
    assert_eq!(merged[0]["format"], "fit");
    // Issue #26: every activity says where its numbers came from, and it
    // is what its file is (the samples hold FIT and GPX files).
    for a in acts {
        let source = a["source"].as_str().unwrap().to_ascii_lowercase();
        let kind = a["source_kind"].as_str().unwrap();
        assert!(
            source.ends_with(&format!(".{kind}")) || source.ends_with(&format!(".{kind}.gz")),
            "{source} has source_kind {kind}"
        );
    }
    let kinds: std::collections::BTreeSet<&str> = acts
        .iter()
        .map(|a| a["source_kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.into_iter().collect::<Vec<_>>(), ["fit", "gpx"]);
    // The gzip export was read.
    assert!(
        acts.iter()
            .any(|a| a["source"].as_str().unwrap().ends_with(".fit.gz"))
    );
    // Running cadence is in steps per minute.
    let run_cad: Vec<f64> = acts
        .iter()
        .filter(|a| a["sport"] == "running")
        .filter_map(|a| a["cadence_spm"].as_f64())
        .collect();
    assert!(
        run_cad.iter().all(|c| (100.0..200.0).contains(c)),
        "{run_cad:?}"
    );
}

#[test]
fn weeks_json_has_every_documented_key_and_empty_weeks() {
    let d = fresh_samples();
    stdout(runlog(d.path(), &["import"]));
    let v = json(runlog(d.path(), &["weeks", "--format", "json"]));
    let weeks = v.as_array().unwrap();
    assert!(weeks.len() >= 16, "{} weeks", weeks.len());
    let keys = [
        "week",
        "start",
        "runs",
        "walks",
        "distance_km",
        "moving_min",
        "ascent_m",
        "avg_hr",
        "load",
        "load_metric",
        "load_unit",
        "load_change_pct",
        "acwr",
        "acwr_ewma",
        "monotony",
        "strain",
        "pain_mean",
        "pain_max",
        "pain_days_over",
        "pain_baseline",
        "pain_spike",
        "load_jump",
        "flag",
        "flag_reason",
        "stiffness_min_mean",
        "leg_pain_mean",
        "function_mean",
        "locations",
        "odi_pct",
        "rmdq",
        "psfs",
    ];
    for w in weeks {
        let obj = w.as_object().unwrap();
        let got: Vec<&str> = obj.keys().map(String::as_str).collect();
        assert_eq!(got, keys, "keys and order of {}", w["week"]);
    }
    assert!(weeks[0]["week"].as_str().unwrap().contains("-W"));
    // The first four weeks cannot have a ratio.
    assert!(
        weeks[..3]
            .iter()
            .all(|w| w["acwr"].is_null() && w["acwr_ewma"].is_null())
    );
    assert!(weeks[6..].iter().any(|w| w["acwr_ewma"].is_number()));
    // CSV has the same columns.
    let csv = stdout(runlog(d.path(), &["weeks", "--format", "csv"]));
    assert_eq!(csv.lines().next().unwrap(), keys.join(","));
}

/// The samples' story under the #16 rules: the W39 flag (its Saturday run
/// of 40 min against a 30-day longest of 30), the unexplained spike in W42,
/// load jumps without pain, and no jump for the weeks that only return to
/// the usual level after a lighter week (W36's total, W41).
#[test]
fn samples_show_a_flag_an_unexplained_spike_and_a_quiet_jump() {
    let d = fresh_samples();
    stdout(runlog(d.path(), &["import"]));
    let v = json(runlog(d.path(), &["flags", "--format", "json"]));
    let flags = v["flags"].as_array().unwrap();
    assert_eq!(flags.len(), 1, "{v:#}");
    let f = &flags[0];
    for key in ["week", "rule", "jump", "spike", "sentence"] {
        assert!(f.get(key).is_some(), "flag lacks {key}");
    }
    assert_eq!(f["week"], "2026-W39");
    assert!(f["jump"]["load_after"].as_f64() > f["jump"]["load_before"].as_f64());
    assert!(f["spike"]["peak"].as_f64().unwrap() >= f["spike"]["baseline"].as_f64().unwrap() + 2.0);
    let rule: Vec<&str> = f["rule"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(
        rule.contains(&"session_spike") && rule.contains(&"ahead_of_plan"),
        "{rule:?}"
    );
    let s = &f["jump"]["session_spikes"][0];
    assert_eq!(
        (s["date"].as_str(), s["run"]["minutes"].as_f64()),
        (Some("2026-09-26"), Some(40.0))
    );
    let longest = s["reference_minutes"].as_f64().unwrap();
    assert!((29.5..=30.5).contains(&longest), "30-day longest {longest}");
    assert_eq!(s["band"], "30–100 %");
    let unexplained = v["unexplained_spikes"].as_array().unwrap();
    assert!(
        unexplained
            .iter()
            .any(|s| ("2026-10-12".."2026-10-19").contains(&s["date"].as_str().unwrap())),
        "{v:#}"
    );
    let quiet = v["load_jumps_without_pain"].as_array().unwrap();
    assert!(!quiet.is_empty(), "{v:#}");
    let weeks: Vec<&str> = quiet.iter().map(|j| j["week"].as_str().unwrap()).collect();
    assert!(
        !weeks.contains(&"2026-W41") && !weeks.contains(&"2026-W34"),
        "{weeks:?}"
    );
    for j in quiet.iter().filter(|j| j["week"] == "2026-W36") {
        assert_eq!(
            j["rule"],
            serde_json::json!(["session_spike"]),
            "not the +273 %"
        );
        assert!(j["plan_step"].as_str().unwrap().contains("stage 2 → 3"));
    }
    assert!(
        v["next_long_run"]["max_minutes"].as_f64().is_some(),
        "{v:#}"
    );
    assert!(v["red_flag_notice"].is_null());
    let text = stdout(runlog(d.path(), &["flags"]));
    assert!(text.contains("not a diagnosis"), "{text}");
    assert!(text.contains("Your next long run: at most"), "{text}");
    // Issue #33: the evidence and the ratio rules' context on request.
    let text = stdout(runlog(d.path(), &["flags", "--explain"]));
    assert!(text.contains("Evidence behind the rules above"), "{text}");
    assert!(text.contains("spread as in a usual week"), "{text}");
}

#[test]
fn a_red_flag_entry_produces_the_notice() {
    let d = fresh_samples();
    stdout(runlog(d.path(), &["import"]));
    let diary = d.path().join("pain.csv");
    let mut text = std::fs::read_to_string(&diary).unwrap();
    text.push_str("2026-11-10,evening,4,,,low back,,yes,,,,,tingling down the left leg\n");
    std::fs::write(&diary, text).unwrap();
    let out = stdout(runlog(d.path(), &["flags"]));
    assert!(out.starts_with("RED FLAGS"), "{out}");
    assert!(out.contains("Tue 10 Nov 2026 (leg numbness)"), "{out}");
    assert!(out.contains("See a doctor urgently"), "{out}");
}

#[test]
fn bad_diary_rows_are_named_and_strict_fails() {
    let d = fresh_samples();
    stdout(runlog(d.path(), &["import"]));
    let diary = d.path().join("pain.csv");
    let mut text = std::fs::read_to_string(&diary).unwrap();
    let line = text.lines().count() + 1;
    text.push_str("2026-11-11,morning,\"7,5\",,,,,,,,,\n");
    std::fs::write(&diary, text).unwrap();
    let out = runlog(d.path(), &["weeks"]).output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("pain.csv:{line}: pain \"7,5\"")),
        "{err}"
    );
    let strict = runlog(d.path(), &["weeks", "--strict"]).output().unwrap();
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn strict_import_fails_on_a_skipped_file_but_keeps_the_rest() {
    let d = fresh_samples();
    let out = runlog(d.path(), &["import", "--strict"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let acts = json(runlog(d.path(), &["activities", "--format", "json"]));
    assert!(
        acts.as_array().unwrap().len() > 40,
        "the good files were still stored"
    );
}

#[test]
fn missing_exports_folder_is_a_clear_usage_error() {
    let d = tempfile::tempdir().unwrap();
    let out = runlog(d.path(), &["import"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("runlog init"));
}

#[test]
fn init_creates_a_log_folder_that_imports() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("log");
    let mut c = Command::cargo_bin("runlog").unwrap();
    c.arg("init").arg(&dir).assert().success();
    assert!(dir.join("runlog.toml").is_file());
    assert!(dir.join("exports").is_dir());
    let diary = std::fs::read_to_string(dir.join("pain.csv")).unwrap();
    assert!(diary.starts_with("date,time,pain"));
    let out = stdout(runlog(&dir, &["import"]));
    assert!(out.contains("import: 0 imported"), "{out}");
}

#[test]
fn input_files_are_never_modified() {
    let d = fresh_samples();
    let snapshot = |dir: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        let mut v: Vec<(PathBuf, Vec<u8>)> = walk(&dir.join("exports"))
            .into_iter()
            .map(|p| (p.clone(), std::fs::read(&p).unwrap()))
            .collect();
        v.push((
            dir.join("pain.csv"),
            std::fs::read(dir.join("pain.csv")).unwrap(),
        ));
        v.sort();
        v
    };
    let before = snapshot(d.path());
    stdout(runlog(
        d.path(),
        &["report", "--generated-at", "2026-11-23T08:00:00Z"],
    ));
    assert_eq!(before, snapshot(d.path()));
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn plan_shows_the_week_that_ran_ahead() {
    let d = fresh_samples();
    stdout(runlog(d.path(), &["import"]));
    let out = stdout(runlog(d.path(), &["plan"]));
    let ahead: Vec<&str> = out.lines().filter(|l| l.contains("AHEAD")).collect();
    assert_eq!(ahead.len(), 1, "{out}");
    assert!(ahead[0].starts_with("2026-W39"), "{out}");
    assert!(
        out.contains("ran continuous where the plan said 4:1"),
        "{out}"
    );
    let v = json(runlog(d.path(), &["plan", "--format", "json"]));
    let weeks = v.as_array().unwrap();
    assert_eq!(weeks.len(), 16);
    assert_eq!(weeks[2]["ratio"], "1:4", "weeks 3–4 ran 1:4 intervals");
    assert_eq!(weeks[0]["ratio"], Value::Null, "walks only");
    // Ahead of the plan is a flag reason of its own.
    let f = json(runlog(d.path(), &["flags", "--format", "json"]));
    let rules = f["flags"][0]["rule"].as_array().unwrap();
    assert!(rules.iter().any(|r| r == "ahead_of_plan"), "{rules:?}");
}

/// The samples' Strava-style export as Strava delivers it: one zip. Its
/// activities come in with their names, and nothing is extracted.
#[test]
fn a_zipped_strava_export_imports_with_names() {
    use std::io::Write;
    let d = fresh_samples();
    let strava = d.path().join("exports/strava");
    let zip_path = d.path().join("exports/export_12345.zip");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for file in walk(&strava) {
        let inner = file
            .strip_prefix(&strava)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        w.start_file(format!("export_12345/{inner}"), opts).unwrap();
        w.write_all(&std::fs::read(&file).unwrap()).unwrap();
    }
    w.finish().unwrap();
    std::fs::remove_dir_all(&strava).unwrap();
    let out = stdout(runlog(d.path(), &["import"]));
    assert!(out.contains("1 duplicates merged"), "{out}");
    let acts = json(runlog(d.path(), &["activities", "--format", "json"]));
    let from_zip: Vec<&Value> = acts
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| {
            a["source"]
                .as_str()
                .unwrap()
                .starts_with("exports/export_12345.zip/")
        })
        .collect();
    assert_eq!(from_zip.len(), 14, "13 GPX and the .fit.gz");
    assert!(
        from_zip.iter().all(|a| a["name"].is_string()),
        "every zipped activity got its name"
    );
    assert!(from_zip.iter().any(|a| a["name"] == "Easy run before work"));
    let entries: Vec<_> = std::fs::read_dir(d.path().join("exports"))
        .unwrap()
        .collect();
    assert!(
        entries.iter().all(|e| e.as_ref().unwrap().path().is_file()
            || e.as_ref().unwrap().file_name() == "garmin_connect"),
        "nothing extracted"
    );
}

/// The weekly numbers need every run's time series once; after that they
/// come from `.runlog/derived.json`, until a setting they depend on changes.
#[test]
fn second_report_reads_no_time_series_until_a_setting_changes() {
    let tmp = fresh_samples();
    let dir = tmp.path();
    let toml = dir.join("runlog.toml");
    let settings = std::fs::read_to_string(&toml).unwrap();
    let trimp = settings.replace("metric = \"time\"", "metric = \"trimp\"");
    assert_ne!(trimp, settings);
    std::fs::write(&toml, &trimp).unwrap();
    stdout(runlog(dir, &["import", "-q"]));
    let first = stdout(runlog(dir, &["weeks", "--format", "json"]));
    assert!(dir.join(".runlog/derived.json").is_file());
    // Without the series the same weeks still come out: nothing was re-read.
    let series = dir.join(".runlog/series");
    std::fs::rename(&series, dir.join("series-away")).unwrap();
    assert_eq!(stdout(runlog(dir, &["weeks", "--format", "json"])), first);
    // A new max heart rate changes the heart-rate load: the series are
    // needed again, and their absence is an error naming the file (since
    // issue #35 the pack holding the import's series).
    std::fs::write(&toml, trimp.replace("max_hr = 185", "max_hr = 175")).unwrap();
    let out = runlog(dir, &["weeks", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "stale cache used after a settings change"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(".pack"), "{err}");
    std::fs::rename(dir.join("series-away"), &series).unwrap();
    let changed = stdout(runlog(dir, &["weeks", "--format", "json"]));
    assert_ne!(changed, first, "max_hr feeds the load");
}

/// A threshold outside its range (here one that used to overflow a date
/// and panic) stops every analysis command with exit 2, naming the key,
/// the value and the allowed range.
#[test]
fn an_out_of_range_setting_is_a_usage_error_naming_key_and_range() {
    let tmp = fresh_samples();
    let dir = tmp.path();
    let toml = dir.join("runlog.toml");
    let settings = std::fs::read_to_string(&toml).unwrap();
    for (from, to, said) in [
        (
            "lag_days = 7",
            "lag_days = 100000000000",
            "[pain] lag_days = 100000000000",
        ),
        ("jump_pct = 30.0", "jump_pct = nan", "[load] jump_pct = NaN"),
    ] {
        assert!(settings.contains(from));
        std::fs::write(&toml, settings.replace(from, to)).unwrap();
        for cmd in ["weeks", "flags"] {
            let out = runlog(dir, &[cmd]).output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{cmd} {to}: {err}");
            assert!(
                err.contains(said) && err.contains("is not allowed: use a number from"),
                "{err}"
            );
        }
    }
}

/// Diary typos in the year (far future, far past, a wrong decade) used to
/// make `weeks` run for minutes and move the report into 2062. Now each is
/// warned about with its line, the weeks are those without the rows, and
/// the report lists the rows under data quality.
#[test]
fn implausible_diary_dates_are_warned_kept_out_of_the_weeks_and_listed() {
    let d = fresh_samples();
    let dir = d.path();
    stdout(runlog(dir, &["import", "-q"]));
    let before = stdout(runlog(dir, &["weeks", "--format", "json"]));
    let diary = dir.join("pain.csv");
    let mut text = std::fs::read_to_string(&diary).unwrap();
    let first = text.lines().count() + 1;
    for date in ["9999-12-31", "0001-01-01", "2062-10-28"] {
        text.push_str(&format!("{date},morning,3,,,low back,,,,,,,typo\n"));
    }
    std::fs::write(&diary, text).unwrap();
    let out = runlog(dir, &["weeks", "--format", "json"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), before);
    assert!(
        err.contains(&format!(
            "pain.csv:{first}: date 9999-12-31 is in the future"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "pain.csv:{}: date 0001-01-01 is before 2000",
            first + 1
        )),
        "{err}"
    );
    stdout(runlog(dir, &["flags"]));
    let out = dir.join("out");
    let args = ["report", "--generated-at", "2026-11-23T08:00:00Z", "--out"];
    stdout(runlog(dir, &[&args[..], &[out.to_str().unwrap()]].concat()));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let quality = &html[html.find("id=\"quality\"").unwrap()..];
    assert!(
        quality.contains("3 diary row(s) in pain.csv left out"),
        "{quality}"
    );
    assert!(quality.contains(&format!("line {} (2062-10-28, in the future)", first + 2)));
    assert!(
        !html.contains("W43 2062") && !html.contains("2062-W"),
        "report moved to 2062"
    );
}

/// A diary saved as UTF-16 (here little-endian without a BOM, as some
/// Windows tools write it) reads exactly like the UTF-8 file.
#[test]
fn a_utf16_diary_reads_like_the_utf8_one() {
    let d = fresh_samples();
    let dir = d.path();
    stdout(runlog(dir, &["import", "-q"]));
    let before = stdout(runlog(dir, &["weeks", "--format", "json"]));
    let diary = dir.join("pain.csv");
    let text = std::fs::read_to_string(&diary).unwrap();
    let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(&diary, utf16).unwrap();
    assert_eq!(stdout(runlog(dir, &["weeks", "--format", "json"])), before);
}

/// Issue #15: what each command prints on the samples, whole, as the user
/// sees it (fd's way: compare complete outputs, not fragments). A change in
/// any line shows as a diff; accept it with `cargo insta review` when it is
/// meant.
#[test]
fn whole_outputs_on_the_samples() {
    let d = fresh_samples();
    let import = common::all_output(runlog(d.path(), &["import"]));
    insta::assert_snapshot!("import", import);
    for (name, args) in [
        ("activities", &["activities"][..]),
        ("weeks", &["weeks"]),
        ("weeks_csv", &["weeks", "--format", "csv"]),
        ("flags", &["flags"]),
        ("plan", &["plan"]),
    ] {
        insta::assert_snapshot!(name, common::all_output(runlog(d.path(), args)));
    }
}

/// Issue #17: `flags --format json` carries the whole-history association
/// with every documented key, and the numbers agree with each other.
#[test]
fn flags_json_has_the_association() {
    let d = fresh_samples();
    stdout(runlog(d.path(), &["import"]));
    let j = json(runlog(d.path(), &["flags", "--format", "json"]));
    let a = &j["association"];
    for key in [
        "n_weeks",
        "jump_weeks",
        "jump_weeks_followed",
        "other_weeks",
        "other_weeks_followed",
        "p_value",
        "rho",
        "lag_weeks",
        "enough_data",
        "sentence",
    ] {
        assert!(a.get(key).is_some(), "association.{key} missing: {a}");
    }
    let n = |k: &str| a[k].as_u64().unwrap();
    assert_eq!(n("jump_weeks") + n("other_weeks"), n("n_weeks"));
    assert!(n("jump_weeks_followed") <= n("jump_weeks"));
    assert_eq!(a["enough_data"], true, "16 weeks with 4 jumps is enough");
    let p = a["p_value"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&p));
    let sentence = a["sentence"].as_str().unwrap();
    assert!(
        sentence.contains(&format!(
            "{} of {} load-jump weeks",
            n("jump_weeks_followed"),
            n("jump_weeks")
        )),
        "{sentence}"
    );
    let text = stdout(runlog(d.path(), &["flags"]));
    assert!(
        text.contains(&format!("Over the whole history: {sentence}")),
        "{text}"
    );
}

/// Issue #16: the diary's whole symptom picture reaches the weeks: mean
/// stiffness, leg pain, function and the locations, in JSON and CSV.
#[test]
fn weeks_carry_the_symptom_picture() {
    let d = fresh_samples();
    let diary = d.path().join("pain.csv");
    std::fs::write(
        &diary,
        "date,pain,stiffness_min,location,leg_pain,function\n\
         2026-09-07,3,20,low back,1,7\n\
         2026-09-08,4,10,Low back,3,6\n\
         2026-09-09,2,,left leg,,8\n",
    )
    .unwrap();
    stdout(runlog(d.path(), &["import"]));
    let weeks = json(runlog(d.path(), &["weeks", "--format", "json"]));
    let w = weeks
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["week"] == "2026-W37")
        .unwrap();
    assert_eq!(w["stiffness_min_mean"], 15.0);
    assert_eq!(w["leg_pain_mean"], 2.0);
    assert_eq!(w["function_mean"], 7.0);
    assert_eq!(w["locations"], "low back; left leg");
    let csv = stdout(runlog(d.path(), &["weeks", "--format", "csv"]));
    let header = csv.lines().next().unwrap();
    for key in [
        "stiffness_min_mean",
        "leg_pain_mean",
        "function_mean",
        "locations",
    ] {
        assert!(header.split(',').any(|h| h == key), "{header}");
    }
    let row = csv.lines().find(|l| l.starts_with("2026-W37")).unwrap();
    // Week 37 (7 Sep) also holds the samples' second round of questionnaires.
    assert!(
        row.ends_with(",15.0,2.0,7.0,low back; left leg,24.0,8.0,5.5"),
        "{row}"
    );
}

/// Issue #27: on a 100-column terminal (a real pseudo-terminal, through
/// util-linux's `script`), `weeks`, `activities`, `flags` and `plan` fit
/// its width; piped, they keep every column, so scripts do not break.
/// Issue #33: at 80 columns too, and on a terminal that reports 0 rows
/// (some `script` and CI pseudo-terminals), whose width was ignored (lines
/// of 452 columns at 80).
#[test]
#[cfg(target_os = "linux")]
fn issue27_tables_fit_an_80_and_a_100_column_terminal_also_of_0_rows() {
    let d = fresh_samples();
    stdout(runlog(d.path(), &["import", "-q"]));
    for (cols, rows) in [(80, 50), (100, 50), (80, 0), (100, 0)] {
        for cmd in ["weeks", "activities", "flags", "plan"] {
            let text = common::on_terminal(d.path(), cols, rows, &[cmd]);
            assert!(text.lines().count() > 5, "{cmd}: {text}");
            for l in text.lines() {
                let n = l.chars().count();
                assert!(
                    n <= usize::from(cols),
                    "{cmd} at {cols}x{rows}: {n} columns: {l}"
                );
            }
        }
    }
    // Piped: every column, as before.
    let piped = stdout(runlog(d.path(), &["weeks"]));
    let header = piped.lines().next().unwrap();
    for col in ["acwr_ewma", "monotony", "locations", "walks"] {
        assert!(header.contains(col), "{header}");
    }
    let wide = stdout(runlog(d.path(), &["weeks", "--wide"]));
    assert_eq!(wide.lines().next(), Some(header));
}

/// Issue #33: `runlog flags` on a terminal answers within a screenful (at
/// most 40 lines at 80 columns on the samples; it was 167): red flags,
/// then next week's limit (page one's sentence, word for word) and the
/// next long run, then each flag, spike and jump in a line or two, no
/// evidence paragraph, and a last line naming `--explain`.
#[test]
#[cfg(target_os = "linux")]
fn issue33_flags_answer_within_a_screenful() {
    let d = fresh_samples();
    stdout(runlog(d.path(), &["import", "-q"]));
    for cols in [80, 100] {
        let text = common::on_terminal(d.path(), cols, 50, &["flags"]);
        let n = text.lines().count();
        assert!(n <= 40, "{n} lines at {cols} columns:\n{text}");
        assert!(text.starts_with("Red flags: none recorded."), "{text}");
        let at = |s: &str| {
            text.find(s)
                .unwrap_or_else(|| panic!("no {s:?} in\n{text}"))
        };
        assert!(
            at("Next week (16–22 Nov): up to 143 min") < at("Your next long run: at most 49 min")
        );
        assert!(at("Your next long run") < at("Flags: load jumps followed by a pain spike (1)"));
        assert!(at("(1)\n- 21–27 Sep (2026-W39): ") < at("Pain spikes not explained"));
        assert!(
            !text.contains("evidence:") && !text.contains("Frandsen"),
            "{text}"
        );
        let joined = text.replace('\n', " ");
        assert!(
            joined.trim_end().ends_with("not a diagnosis. Each flag's numbers and the evidence behind its rules: `runlog flags --explain`."),
            "{text}"
        );
        eprintln!("runlog flags at {cols} columns: {n} lines");
    }
    // The terminal and the report say the same limit.
    let piped = stdout(runlog(d.path(), &["flags"]));
    let line = piped
        .lines()
        .find(|l| l.starts_with("Next week ("))
        .unwrap();
    let limit = line.split_once("): ").unwrap().1;
    let out = d.path().join("out");
    stdout(runlog(
        d.path(),
        &["report", "--out", out.to_str().unwrap()],
    ));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let html = html.replace("&#x27;", "'").replace('\u{a0}', " ");
    assert!(
        html.contains(&format!("The week of 16–22 Nov: {limit}")),
        "page one lacks {limit:?}"
    );
}

/// Issue #33: `--explain` (or `-v`) adds each flag's and jump's numbers and
/// the evidence behind each rule that fired, each study once; JSON keeps
/// everything as before.
#[test]
fn issue33_flags_explain_gives_each_study_once() {
    use runlog_core::analysis::evidence::{
        EVIDENCE_CHANGE, EVIDENCE_CHRONIC, EVIDENCE_PLAN, EVIDENCE_SESSION, EVIDENCE_SPIKE,
    };
    let d = fresh_samples();
    stdout(runlog(d.path(), &["import", "-q"]));
    let brief = stdout(runlog(d.path(), &["flags"]));
    let text = stdout(runlog(d.path(), &["flags", "--explain"]));
    assert_eq!(stdout(runlog(d.path(), &["flags", "-v"])), text);
    for e in [
        EVIDENCE_SESSION,
        EVIDENCE_CHANGE,
        EVIDENCE_CHRONIC,
        EVIDENCE_PLAN,
        EVIDENCE_SPIKE,
    ] {
        assert_eq!(text.matches(e).count(), 1, "{e}\n{text}");
        assert!(!brief.contains(e));
    }
    for detail in [
        "    rule: a single run 69 % longer",
        "    crossed the line with: Sat 26 Sep run of 40 min, 6.8 km",
        "    pain: baseline 2.1, 2.5 on 2026-09-25 before the run",
        "spread as in a usual week",
    ] {
        assert!(text.contains(detail), "{detail}\n{text}");
        assert!(!brief.contains(detail), "{detail}");
    }
    assert!(!text.contains("--explain"), "{text}");
    let json = json(runlog(d.path(), &["flags", "--format", "json"]));
    for key in [
        "flags",
        "unexplained_spikes",
        "load_jumps_without_pain",
        "next_week_envelope",
    ] {
        assert!(!json[key].is_null(), "{key}");
    }
}

/// Issue #33: on a terminal `weeks`, `activities`, `flags` and `plan` show
/// the last 12 weeks, with a last line naming the weeks and the command
/// lines that show the rest; piped, or as CSV or JSON, every week, as
/// before; `--all` every week on a terminal too.
#[test]
#[cfg(target_os = "linux")]
fn issue33_listings_show_the_last_12_weeks_on_a_terminal() {
    let d = fresh_samples();
    stdout(runlog(d.path(), &["import", "-q"]));
    // Table rows, not the plan's "2026-W39: ahead of the plan" line.
    let weeks = |text: &str| {
        text.lines()
            .filter(|l| l.starts_with("2026-W") && !l.contains(": "))
            .count()
    };
    for cmd in ["weeks", "activities", "flags", "plan"] {
        let text = common::on_terminal(d.path(), 100, 50, &[cmd]).replace('\n', " ");
        assert!(
            text.contains(&format!("Showing 24 Aug 2026 to 15 Nov 2026: 12 of 16 weeks. Every week: `runlog {cmd} --all`; from a day: `runlog {cmd} --from 2026-07-27`.")),
            "{cmd}: {text}"
        );
        let all = common::on_terminal(d.path(), 100, 50, &[cmd, "--all"]);
        assert!(!all.contains("Showing"), "{cmd} --all: {all}");
    }
    assert_eq!(
        weeks(&common::on_terminal(d.path(), 100, 50, &["weeks"])),
        12
    );
    assert_eq!(
        weeks(&common::on_terminal(d.path(), 100, 50, &["weeks", "--all"])),
        16
    );
    assert_eq!(
        weeks(&common::on_terminal(d.path(), 100, 50, &["plan"])),
        12
    );
    let csv = common::on_terminal(d.path(), 100, 50, &["weeks", "--format", "csv"]);
    assert_eq!(weeks(&csv), 16, "{csv}");
    let days = |args: &[&str]| -> Vec<String> {
        common::on_terminal(d.path(), 100, 50, args)
            .lines()
            .filter_map(|l| l.get(4..14).filter(|s| s.starts_with("2026-")))
            .map(str::to_string)
            .collect()
    };
    let shown = days(&["activities"]);
    assert!(
        shown.iter().all(|s| s.as_str() >= "2026-08-24"),
        "{shown:?}"
    );
    assert_eq!(days(&["activities", "--all"]).len(), 52);
    let flags = common::on_terminal(d.path(), 100, 50, &["flags"]);
    assert!(
        flags.contains("(3)\n- 31 Aug – 6 Sep (2026-W36)"),
        "{flags}"
    );
    // Piped: the whole history, without a footer.
    let piped = stdout(runlog(d.path(), &["weeks"]));
    assert_eq!(weeks(&piped), 16);
    assert!(!piped.contains("Showing"));
}

/// Issue #33: the listings take the report's period (`--from`, `--to`,
/// either alone, `--weeks N`, `--all`), in every format, cut as the report
/// cuts it: `weeks --format csv` of a period is the report's weeks.csv.
#[test]
fn issue33_listings_take_the_reports_period() {
    let d = fresh_samples();
    let dir = d.path();
    stdout(runlog(dir, &["import", "-q"]));
    let period = ["--from", "2026-09-01", "--to", "2026-10-20"];
    let out = dir.join("out");
    let report = [&["report", "--out", out.to_str().unwrap()][..], &period].concat();
    stdout(runlog(dir, &report));
    let csv = stdout(runlog(
        dir,
        &[&["weeks", "--format", "csv"][..], &period].concat(),
    ));
    assert_eq!(csv, std::fs::read_to_string(out.join("weeks.csv")).unwrap());
    let starts = |args: &[&str]| -> Vec<String> {
        let v = json(runlog(
            dir,
            &[&["weeks", "--format", "json"][..], args].concat(),
        ));
        v.as_array()
            .unwrap()
            .iter()
            .map(|w| w["start"].as_str().unwrap().to_string())
            .collect()
    };
    let from = starts(&["--from", "2026-10-07"]);
    assert_eq!(
        (from[0].as_str(), from.len()),
        ("2026-10-05", 6),
        "{from:?}"
    );
    let to = starts(&["--to", "2026-09-06"]);
    assert_eq!(
        (to[0].as_str(), to.last().unwrap().as_str()),
        ("2026-07-27", "2026-08-31")
    );
    assert_eq!(starts(&["--weeks", "4"]).len(), 4);
    assert_eq!(starts(&["--all"]).len(), 16);
    // The activities of the last week: its runs and walks.
    let last = json(runlog(dir, &["weeks", "--format", "json", "--weeks", "1"]));
    let n = last[0]["runs"].as_u64().unwrap() + last[0]["walks"].as_u64().unwrap();
    let acts = json(runlog(
        dir,
        &["activities", "--format", "json", "--weeks", "1"],
    ));
    assert_eq!(acts.as_array().unwrap().len() as u64, n, "{acts:#}");
    // Flags: the period's flags and jumps, the whole diary's red flags.
    let early = json(runlog(
        dir,
        &["flags", "--format", "json", "--to", "2026-09-30"],
    ));
    assert_eq!(early["flags"].as_array().unwrap().len(), 1);
    let late = json(runlog(
        dir,
        &["flags", "--format", "json", "--from", "2026-10-01"],
    ));
    assert!(late["flags"].as_array().unwrap().is_empty());
    let quiet: Vec<&str> = late["load_jumps_without_pain"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["week"].as_str().unwrap())
        .collect();
    assert_eq!(quiet, ["2026-W44", "2026-W46"]);
    let text = stdout(runlog(dir, &["flags", "--from", "2026-10-01"]));
    assert!(
        text.contains("Flags: load jumps followed by a pain spike (0)"),
        "{text}"
    );
    assert!(
        text.contains("Next week (16–22 Nov): up to 143 min"),
        "{text}"
    );
    let plan = json(runlog(
        dir,
        &["plan", "--format", "json", "--from", "2026-10-05"],
    ));
    assert_eq!(plan[0]["week"], "2026-W41");
    // Mistakes are usage errors that name the fix.
    for (args, said) in [
        (
            &["weeks", "--weeks", "0"][..],
            "is not a number of weeks from 1 to 1040",
        ),
        (
            &["weeks", "--all", "--from", "2026-10-01"],
            "cannot be used with",
        ),
        (
            &["flags", "--from", "01/10/2026"],
            "--from: date \"01/10/2026\" is not an ISO date; write it as",
        ),
        (
            &["plan", "--from", "2026-10-20", "--to", "2026-10-01"],
            "give the earlier day first",
        ),
    ] {
        let o = runlog(dir, args).output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(said), "{args:?}: {err}");
    }
}
