//! Issue #18, the runner's habit, as a user runs it: `runlog log` every
//! day, `runlog init` in a minute, miles or kilometres, and diaries saved
//! by spreadsheets in other locales.

mod common;

use assert_cmd::Command;
use common::{all_output, fresh_samples, json, runlog, stdout};
use std::path::Path;

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    std::fs::write(path, bytes).unwrap();
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// The files in a folder, by name: a refused command leaves no stray
/// temporary file behind.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// `units = "mi"` in the folder's runlog.toml, in its [display] table.
fn miles(dir: &Path) {
    let toml = dir.join("runlog.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    let text = if text.contains("\nunits = \"km\"") {
        text.replacen("\nunits = \"km\"", "\nunits = \"mi\"", 1)
    } else {
        text + "\n[display]\nunits = \"mi\"\n"
    };
    write(&toml, text);
}

fn init_cmd(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::cargo_bin("runlog").unwrap();
    c.arg("init").arg(dir).args(args);
    c
}

#[test]
fn log_appends_one_line_to_a_crlf_semicolon_diary_leaving_the_old_bytes() {
    let d = tempfile::tempdir().unwrap();
    let diary = d.path().join("pain.csv");
    // Columns in the spreadsheet's order and case, a decimal comma, CRLF.
    let old = "Date;Time;Pain;Stiffness_min;Location;Notes\r\n\
               2026-03-13;morning;2,5;10;low back;\r\n\
               # a comment the runner keeps\r\n";
    write(&diary, old);
    let out = stdout(runlog(
        d.path(),
        &[
            "log",
            "3.5",
            "--date",
            "2026-03-14",
            "--time",
            "morning",
            "--stiff",
            "20",
            "--location",
            "low back",
            "--note",
            "stiff; after sitting",
        ],
    ));
    assert_eq!(
        out,
        "logged   2026-03-14 morning: pain 3.5, stiffness 20 min, low back, \"stiff; after sitting\" (pain.csv line 4)\n"
    );
    let new = read(&diary);
    assert_eq!(
        String::from_utf8(new).unwrap(),
        format!("{old}2026-03-14;morning;3,5;20;low back;\"stiff; after sitting\"\r\n")
    );
    // The diary and the folder's lock (in runlog's .runlog/): nothing else.
    assert_eq!(names(d.path()), [".runlog", "pain.csv"]);
    // The diary reader reads both rows, without a problem.
    let weeks = runlog(d.path(), &["weeks", "--format", "json"])
        .output()
        .unwrap();
    assert!(weeks.status.success());
    assert!(
        weeks.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&weeks.stderr)
    );
    let w: serde_json::Value = serde_json::from_slice(&weeks.stdout).unwrap();
    assert_eq!(w[0]["pain_max"], 3.5, "{w:#}");
}

#[test]
fn log_adds_a_missing_final_newline_before_its_row() {
    let d = tempfile::tempdir().unwrap();
    let diary = d.path().join("pain.csv");
    write(
        &diary,
        "date,pain,notes\n2026-03-13,2,no newline at the end",
    );
    stdout(runlog(d.path(), &["log", "3", "--date", "2026-03-14"]));
    assert_eq!(
        String::from_utf8(read(&diary)).unwrap(),
        "date,pain,notes\n2026-03-13,2,no newline at the end\n2026-03-14,3,\n"
    );
}

#[test]
fn pain_11_is_refused_and_the_file_is_unchanged() {
    let d = fresh_samples();
    let diary = d.path().join("pain.csv");
    let before = read(&diary);
    let files = names(d.path());
    for (args, message) in [
        (
            &["log", "11"][..],
            "pain \"11\" is not a number from 0 to 10",
        ),
        (&["log", "-1"], "pain \"-1\" is not a number from 0 to 10"),
        (
            &["log", "3", "--rpe", "12"],
            "rpe \"12\" is not a number from 0 to 10",
        ),
        (
            &["log", "3", "--time", "noon"],
            "time \"noon\" is not HH:MM",
        ),
        (
            &["log", "3", "--date", "14/03/2026"],
            "write it as 2026-03-14",
        ),
        (&["log", "3", "--date", "2062-10-28"], "is in the future"),
    ] {
        let out = runlog(d.path(), args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(message), "{args:?}: {err}");
        assert!(err.contains("nothing was written"), "{err}");
        assert_eq!(read(&diary), before, "{args:?} changed the diary");
        assert_eq!(names(d.path()), files, "{args:?} left a file behind");
    }
}

#[test]
fn a_red_flag_switch_prints_the_notice_at_once() {
    let d = fresh_samples();
    let out = runlog(
        d.path(),
        &["log", "4", "--numbness", "--date", "2026-11-16", "--quiet"],
    )
    .output()
    .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("RED FLAGS"), "{text}");
    assert!(text.contains("Mon 16 Nov 2026 (leg numbness)"), "{text}");
    assert!(text.contains("See a doctor urgently"), "{text}");
    // The samples' header has the column: the flag is stored and stays.
    let diary = String::from_utf8(read(&d.path().join("pain.csv"))).unwrap();
    assert!(diary.ends_with("2026-11-16,,4,,,,,yes,,,,,\n"), "{diary}");
    let flags = stdout(runlog(d.path(), &["flags"]));
    assert!(flags.starts_with("RED FLAGS"), "{flags}");
}

/// Issue #22: saddle numbness has a column and a switch of its own, apart
/// from leg numbness, and is an emergency like a bladder or bowel change.
#[test]
fn issue22_saddle_numbness_is_logged_apart_and_called_an_emergency() {
    let d = fresh_samples();
    let out = stdout(runlog(
        d.path(),
        &[
            "log",
            "3",
            "--saddle-numbness",
            "--date",
            "2026-11-16",
            "--quiet",
        ],
    ));
    assert!(out.contains("Get emergency care the same day"), "{out}");
    assert!(out.contains("cauda equina"), "{out}");
    assert!(out.contains("(saddle numbness)"), "{out}");
    assert!(!out.contains("leg numbness"), "{out}");
    let diary = String::from_utf8(read(&d.path().join("pain.csv"))).unwrap();
    // date,time,pain,pain_during,stiffness_min,location,rpe,numbness,
    // weakness,bladder_bowel,saddle_numbness,fever,notes
    assert!(diary.ends_with("2026-11-16,,3,,,,,,,,yes,,\n"), "{diary}");
    let json = common::json(runlog(d.path(), &["flags", "--format", "json"]));
    assert_eq!(json["red_flags"][0]["urgency"], "emergency");
    assert_eq!(json["red_flags"][0]["symptoms"][0], "saddle numbness");
    assert_eq!(json["training_advice"], "withheld");
}

#[test]
fn a_value_without_a_column_is_named_and_the_rest_is_written() {
    let d = tempfile::tempdir().unwrap();
    let diary = d.path().join("pain.csv");
    write(&diary, "date,pain,notes\n");
    let out = runlog(
        d.path(),
        &[
            "log",
            "3",
            "--date",
            "2026-03-14",
            "--leg-pain",
            "4",
            "--weakness",
            "--note",
            "left calf",
        ],
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("pain.csv has no `leg_pain` column, so leg_pain 4 was not stored")
            && err.contains("add `leg_pain` to pain.csv's header line"),
        "{err}"
    );
    assert!(err.contains("no `weakness` column"), "{err}");
    // A red flag the file cannot hold is still announced.
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("RED FLAGS"));
    assert_eq!(
        String::from_utf8(read(&diary)).unwrap(),
        "date,pain,notes\n2026-03-14,3,left calf\n"
    );
}

#[test]
fn log_creates_the_diary_with_the_header_and_dates_today() {
    let d = tempfile::tempdir().unwrap();
    write(
        &d.path().join("runlog.toml"),
        "[athlete]\ntimezone = \"UTC\"\n",
    );
    let out = stdout(runlog(
        d.path(),
        &["log", "2,5", "--leg-pain", "1", "--function", "7"],
    ));
    assert!(out.starts_with("created  "), "{out}");
    let text = String::from_utf8(read(&d.path().join("pain.csv"))).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(runlog_core::diary::HEADER));
    let row = lines.next().unwrap();
    let today = chrono::Utc::now().date_naive();
    let near = [today.pred_opt().unwrap(), today, today.succ_opt().unwrap()];
    assert!(
        near.iter()
            .any(|d| row.starts_with(&format!("{d},,2.5,,1,,,7,"))),
        "{row}"
    );
}

#[test]
fn init_without_a_terminal_writes_defaults_and_names_the_guesses() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("log");
    let out = stdout(init_cmd(&dir, &["--max-hr", "178", "--units", "mi"]));
    assert!(out.contains("guessed"), "{out}");
    for guess in ["resting_hr = 60", "sex = \"unspecified\"", "timezone = \""] {
        assert!(
            out.contains(&format!("  {guess}")),
            "{guess} not named: {out}"
        );
    }
    for given in ["max_hr", "units"] {
        assert!(
            !out.contains(&format!("  {given} =")),
            "{given} was given: {out}"
        );
    }
    let toml = std::fs::read_to_string(dir.join("runlog.toml")).unwrap();
    let config = runlog_core::config::Config::parse(&toml).unwrap();
    assert_eq!(config.athlete.max_hr, 178.0);
    assert_eq!(config.display.units, runlog_core::units::Units::Mi);
    assert!(toml.contains("# Heart rate at rest"), "comments kept");
    // A flag out of range is a usage error and writes nothing.
    let t2 = tempfile::tempdir().unwrap();
    let out = init_cmd(&t2.path().join("x"), &["--resting-hr", "10"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("resting_hr = 10"));
    assert!(!t2.path().join("x/runlog.toml").exists());
}

#[test]
fn init_proposes_a_maximum_heart_rate_from_the_exports() {
    let samples = fresh_samples();
    std::fs::remove_file(samples.path().join("runlog.toml")).unwrap();
    let out = stdout(init_cmd(samples.path(), &[]));
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with("max_hr = "))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        line.contains("the highest 2-minute average heart rate in your"),
        "{line}"
    );
    let toml = std::fs::read_to_string(samples.path().join("runlog.toml")).unwrap();
    let config = runlog_core::config::Config::parse(&toml).unwrap();
    let proposed = config.athlete.max_hr;
    assert!((100.0..=240.0).contains(&proposed), "{proposed}");
    assert!(line.contains(&format!("max_hr = {proposed} ")), "{line}");
    // It is not the default, and no run holds more for two minutes.
    assert_ne!(proposed, 185.0);
    let acts = json(runlog(samples.path(), &["activities", "--format", "json"]));
    let peak = acts
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["max_hr"].as_f64())
        .fold(0.0, f64::max);
    assert!(
        proposed <= peak,
        "{proposed} above the highest reading {peak}"
    );
}

#[test]
fn init_never_overwrites_runlog_toml() {
    let d = tempfile::tempdir().unwrap();
    let toml = d.path().join("runlog.toml");
    write(&toml, "# mine\n[athlete]\nmax_hr = 171\n");
    let out = stdout(init_cmd(d.path(), &["--max-hr", "190"]));
    assert!(out.contains("kept") && out.contains("not applied"), "{out}");
    assert_eq!(read(&toml), b"# mine\n[athlete]\nmax_hr = 171\n");
}

#[test]
fn miles_in_the_tables_si_keys_in_json() {
    let d = fresh_samples();
    miles(d.path());
    stdout(runlog(d.path(), &["import"]));
    let table = stdout(runlog(d.path(), &["activities"]));
    let header: Vec<&str> = table.lines().next().unwrap().split_whitespace().collect();
    assert!(
        header.contains(&"mi") && header.contains(&"min/mi"),
        "{header:?}"
    );
    assert!(!header.contains(&"km"), "{header:?}");
    // Each row's miles are its metres over 1609.344, and its pace follows.
    let acts = json(runlog(d.path(), &["activities", "--format", "json"]));
    let first = &acts[0];
    let metres = first["distance_m"].as_f64().unwrap();
    let miles = format!("{:.2}", metres / 1609.344);
    let miles = miles.trim_end_matches('0').trim_end_matches('.');
    let row = table.lines().nth(1).unwrap();
    assert!(row.contains(&format!("  {miles}  ")), "{miles} in {row}");
    let pace_s = (first["moving_s"].as_f64().unwrap() / (metres / 1609.344)).round() as u64;
    let pace = format!("{}:{:02}", pace_s / 60, pace_s % 60);
    assert!(row.contains(&pace), "{pace} in {row}");
    assert!(first.get("distance_mi").is_none());

    let weeks = stdout(runlog(d.path(), &["weeks"]));
    assert!(
        weeks.lines().next().unwrap().contains("distance_mi"),
        "{weeks}"
    );
    let wj = json(runlog(d.path(), &["weeks", "--format", "json"]));
    assert!(wj[0].get("distance_km").is_some() && wj[0].get("distance_mi").is_none());
    let wc = stdout(runlog(d.path(), &["weeks", "--format", "csv"]));
    assert!(wc.lines().next().unwrap().contains("distance_km"), "{wc}");
}

#[test]
fn kilometres_by_default_with_pace_per_activity() {
    let d = fresh_samples();
    stdout(runlog(d.path(), &["import"]));
    let table = stdout(runlog(d.path(), &["activities"]));
    let header: Vec<&str> = table.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(
        header,
        [
            "start", "sport", "min", "km", "min/km", "avg_hr", "spm", "gps", "name", "source"
        ]
    );
}

#[test]
fn a_semicolon_diary_with_decimal_commas_and_a_date_format_reads() {
    let d = tempfile::tempdir().unwrap();
    write(
        &d.path().join("runlog.toml"),
        "[diary]\ndate_format = \"%d.%m.%Y\"\n",
    );
    let diary = d.path().join("pain.csv");
    write(
        &diary,
        "date;time;pain;stiffness_min\r\n14.03.2026;morning;7,5;2,5\r\n2026-03-15;morning;2;\r\n16.03.2026;morning;x;\r\n",
    );
    let out = runlog(d.path(), &["weeks", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err.trim(),
        "diary: pain.csv:4: pain \"x\" is not a number from 0 to 10 (row skipped)"
    );
    let w: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(w[0]["pain_max"], 7.5, "{w:#}");
    // `runlog log` writes the way the file does: its date format and comma.
    stdout(runlog(
        d.path(),
        &["log", "3.5", "--date", "17.03.2026", "--stiff", "1.5"],
    ));
    assert!(
        String::from_utf8(read(&diary))
            .unwrap()
            .ends_with("16.03.2026;morning;x;\r\n17.03.2026;;3,5;1,5\r\n")
    );
    // A date in neither form names its line, column and the format.
    write(&diary, "date;pain\n2026/03/14;3\n");
    let all = all_output(runlog(d.path(), &["weeks"]));
    assert!(
        all.contains(
            "pain.csv:2: date \"2026/03/14\" matches neither the date_format \"%d.%m.%Y\""
        ),
        "{all}"
    );
    // A bad format is a usage error naming the key.
    write(
        &d.path().join("runlog.toml"),
        "[diary]\ndate_format = \"%d.%m\"\n",
    );
    let out = runlog(d.path(), &["weeks"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("[diary] date_format"));
}

#[test]
fn the_report_shows_miles_and_its_csv_keeps_kilometres() {
    let d = fresh_samples();
    miles(d.path());
    let out = d.path().join("out");
    stdout(runlog(
        d.path(),
        &["report", "--out", out.to_str().unwrap(), "--quiet"],
    ));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert_eq!(
        html.matches("<th>mi</th>").count(),
        2,
        "weeks and runs tables"
    );
    assert!(!html.contains("<th>km</th>"));
    // Each activity's pace, in minutes per mile.
    assert_eq!(html.matches("<th>min&#x2f;mi</th>").count(), 1);
    let runs = html.split("<th>min&#x2f;mi</th>").nth(1).unwrap();
    let runs = &runs[..runs.find("</table>").unwrap()];
    let paces: Vec<&str> = runs
        .split("<td>")
        .filter_map(|c| c.split("</td>").next())
        .filter(|c| c.len() >= 4 && c.len() <= 5 && c.as_bytes()[c.len() - 3] == b':')
        .collect();
    assert!(paces.len() >= 20, "{paces:?}");
    let csv = std::fs::read_to_string(out.join("weeks.csv")).unwrap();
    assert!(csv.lines().next().unwrap().contains("distance_km"), "{csv}");
}

/// With `metric = "distance"` and miles the load is counted in miles and
/// says so (`load_unit`), while `distance_km` stays in kilometres.
#[test]
fn a_distance_load_in_miles_says_its_unit() {
    let d = fresh_samples();
    miles(d.path());
    let toml = d.path().join("runlog.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    assert!(text.contains("\nmetric = \"time\""));
    write(
        &toml,
        text.replacen("\nmetric = \"time\"", "\nmetric = \"distance\"", 1),
    );
    stdout(runlog(d.path(), &["import", "--quiet"]));
    let csv = stdout(runlog(d.path(), &["weeks", "--format", "csv"]));
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (km, load, unit) = (col("distance_km"), col("load"), col("load_unit"));
    let mut checked = 0;
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(cells[unit], "mi", "{line}");
        let (km, load): (f64, f64) = (cells[km].parse().unwrap(), cells[load].parse().unwrap());
        let runs: u32 = cells[col("runs")].parse().unwrap();
        if runs > 0 && cells[col("walks")] == "0" {
            assert!((load - km / 1.609344).abs() < 0.02, "{line}");
            checked += 1;
        }
    }
    assert!(checked >= 5, "{checked} weeks of runs only");
}

/// `cargo install --path .` installs the `runlog` binary alone, and the
/// manifest says what crates.io and a packager need.
#[test]
fn the_package_installs_runlog_alone_with_its_metadata() {
    let root = common::root();
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let package = manifest
        .split("\n[")
        .find(|s| s.starts_with("package]"))
        .unwrap();
    for key in [
        "description = ",
        "license.workspace = true",
        "rust-version.workspace = true",
        "keywords = ",
        "categories = ",
    ] {
        assert!(package.contains(key), "[package] lacks {key}");
    }
    // No public repository yet: no made-up URL.
    assert!(!manifest.contains("repository"), "{manifest}");
    assert!(manifest.contains("license = \"MIT OR Apache-2.0\""));
    assert!(!manifest.contains("[[bin]]") && !root.join("src/bin").exists());
    let mit = std::fs::read_to_string(root.join("LICENSE-MIT")).unwrap();
    assert!(mit.contains("Copyright (c) the runlog authors"));
    let apache = std::fs::read_to_string(root.join("LICENSE-APACHE")).unwrap();
    assert!(apache.contains("Apache License") && apache.contains("Version 2.0, January 2004"));
}

/// Issue #25: `runlog score` appends a checked total to scores.csv (the old
/// bytes kept), a refused value writes nothing and leaves no file behind,
/// and the weeks' JSON and flags.json carry the scores.
#[test]
fn issue25_scores_are_stored_checked_and_refusals_write_nothing() {
    let d = fresh_samples();
    let path = d.path().join("scores.csv");
    let before = read(&path);
    let out = stdout(runlog(
        d.path(),
        &["score", "odi", "28", "--date", "2026-11-12"],
    ));
    assert_eq!(
        out,
        "scored   odi 28 % on 2026-11-12 (scores.csv line 14)\n"
    );
    let after = read(&path);
    assert!(after.starts_with(&before), "the old bytes are kept");
    assert!(String::from_utf8_lossy(&after).ends_with("2026-11-12,odi,28,\n"));
    let psfs = [
        "score",
        "psfs",
        "6.5",
        "--activity",
        "run 20 min without stopping",
        "--date",
        "2026-11-16",
    ];
    stdout(runlog(d.path(), &psfs));
    let files = names(d.path());
    let kept = read(&path);
    for args in [
        &["score", "odi", "101"][..],
        &["score", "rmdq", "25"],
        &["score", "rmdq", "-1"],
        &["score", "psfs", "5"],
        &["score", "psfs", "11", "--activity", "run"],
        &["score", "odi", "20", "--activity", "run"],
        &["score", "sf36", "50"],
        &["score", "odi", "20", "--date", "2026-13-01"],
    ] {
        let o = runlog(d.path(), args).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("nothing was written"), "{args:?}: {err}");
        assert_eq!(read(&path), kept, "{args:?} changed scores.csv");
        assert_eq!(names(d.path()), files, "{args:?} left a file behind");
    }
    // The PSFS rates at most 5 activities: the samples have 2.
    for a in ["bend", "lift", "drive"] {
        stdout(runlog(
            d.path(),
            &[
                "score",
                "psfs",
                "5",
                "--activity",
                a,
                "--date",
                "2026-11-16",
            ],
        ));
    }
    let sixth = runlog(d.path(), &["score", "psfs", "5", "--activity", "garden"])
        .output()
        .unwrap();
    assert_eq!(sixth.status.code(), Some(2));
    let weeks = json(runlog(d.path(), &["weeks", "--format", "json"]));
    let w46 = weeks
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["week"] == "2026-W46")
        .unwrap();
    // 16 on Mon 9 Nov and 28 on Thu 12 Nov: the week's mean.
    assert_eq!(w46["odi_pct"], 22.0);
    let flags = json(runlog(d.path(), &["flags", "--format", "json"]));
    let days = flags["scores"].as_array().unwrap();
    let day = |d: &str| days.iter().find(|x| x["date"] == d).unwrap();
    assert_eq!(day("2026-11-12")["odi_pct"], 28.0);
    assert_eq!(day("2026-11-16")["psfs_items"].as_array().unwrap().len(), 4);
    assert_eq!(days.first().unwrap()["rmdq"], 11.0, "{days:?}");
}

/// Issue #25: `runlog log --during P` records pain during the run in its
/// own column, checked 0-10 like the others.
#[test]
fn issue25_pain_during_the_run_is_logged() {
    let d = fresh_samples();
    let out = stdout(runlog(
        d.path(),
        &["log", "3", "--during", "4,5", "--date", "2026-11-16"],
    ));
    assert!(out.contains("pain 3, during the run 4.5"), "{out}");
    let diary = String::from_utf8(read(&d.path().join("pain.csv"))).unwrap();
    assert!(diary.ends_with("2026-11-16,,3,4.5,,,,,,,,,\n"), "{diary}");
    let o = runlog(d.path(), &["log", "3", "--during", "11"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("pain_during"));
}

/// Issue #23: every diary value has a range: `--stiff 1e20` is refused
/// (exit 2, nothing written) instead of reaching page one as an absurd
/// number of minutes.
#[test]
fn issue23_stiffness_beyond_a_day_is_refused() {
    let d = fresh_samples();
    let diary = d.path().join("pain.csv");
    let before = read(&diary);
    for v in ["100000000000000000000", "1441", "-1"] {
        let o = runlog(d.path(), &["log", "3", "--stiff", v])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{v}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("nothing was written") && err.contains("0 to 1440"),
            "{err}"
        );
        assert_eq!(read(&diary), before);
    }
    stdout(runlog(
        d.path(),
        &["log", "3", "--stiff", "1440", "--date", "2026-11-16"],
    ));
}

/// `runlog ARGS` with no `--dir`, run in `cwd`, with `RUNLOG_DIR` as given.
fn runlog_in(cwd: &Path, runlog_dir: Option<&Path>, args: &[&str]) -> std::process::Output {
    let mut c = Command::cargo_bin("runlog").unwrap();
    c.env_remove("SOURCE_DATE_EPOCH").env_remove("RUNLOG_DIR");
    if let Some(d) = runlog_dir {
        c.env("RUNLOG_DIR", d);
    }
    c.args(args).current_dir(cwd).output().unwrap()
}

/// Issue #27: RUNLOG_DIR names the log folder once (`runlog log 3` from
/// anywhere); --dir still wins; `runlog log` in a folder that is not a log
/// folder writes nothing (exit 2, with the way out); --dir inside exports/
/// names the folder to use instead.
#[test]
fn issue27_the_log_folder_is_named_once_and_stray_diaries_are_refused() {
    let d = fresh_samples();
    let elsewhere = tempfile::tempdir().unwrap();
    let diary = d.path().join("pain.csv");
    let before = read(&diary).len();
    let o = runlog_in(
        elsewhere.path(),
        Some(d.path()),
        &["log", "3", "--date", "2026-11-16"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        read(&diary).len() > before,
        "the row went to RUNLOG_DIR's diary"
    );
    assert!(
        std::fs::read_dir(elsewhere.path())
            .unwrap()
            .next()
            .is_none()
    );
    // Not a log folder: nothing written anywhere, the way out named.
    let o = runlog_in(elsewhere.path(), None, &["log", "4"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("is not a log folder")
            && err.contains("runlog init")
            && err.contains("RUNLOG_DIR"),
        "{err}"
    );
    assert!(
        std::fs::read_dir(elsewhere.path())
            .unwrap()
            .next()
            .is_none(),
        "no stray pain.csv"
    );
    for cmd in [&["import"][..], &["report"]] {
        let o = runlog_in(elsewhere.path(), None, cmd);
        assert_eq!(o.status.code(), Some(2), "{cmd:?}");
    }
    // --dir wins over RUNLOG_DIR.
    let o = runlog_in(
        elsewhere.path(),
        Some(d.path()),
        &["log", "4", "--dir", elsewhere.path().to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    // --dir at exports/ or inside it.
    for inside in ["exports", "exports/strava"] {
        let o = runlog(&d.path().join(inside), &["weeks"]).output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        let real = d.path().canonicalize().unwrap();
        assert!(
            err.contains(&format!("use --dir {}", real.display())),
            "{err}"
        );
    }
}

/// Issue #27: --from and --to take what `runlog log --date` takes, with the
/// same helpful message; --weeks twelve is said in words.
#[test]
fn issue27_report_dates_in_the_users_terms() {
    let d = fresh_samples();
    let out = d.path().join("out");
    let o = runlog(
        d.path(),
        &[
            "report",
            "--from",
            "14/09/2026",
            "--to",
            "today",
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .output()
    .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("--from: date \"14/09/2026\" is not an ISO date")
            && err.contains("2026-09-14"),
        "{err}"
    );
    std::fs::write(
        d.path().join("runlog.toml"),
        std::fs::read_to_string(d.path().join("runlog.toml"))
            .unwrap()
            .replace("# date_format = \"%d.%m.%Y\"", "date_format = \"%d.%m.%Y\""),
    )
    .unwrap();
    stdout(runlog(
        d.path(),
        &[
            "report",
            "--from",
            "14.09.2026",
            "--to",
            "yesterday",
            "--out",
            out.to_str().unwrap(),
            "-q",
        ],
    ));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains("Mon 14 Sep 2026"),
        "the period starts where asked"
    );
    let o = runlog(d.path(), &["report", "--weeks", "twelve"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err.contains("\"twelve\" is not a number of weeks from 1 to 1040; e.g. --weeks 12"),
        "{err}"
    );
}

/// Issue #27: `runlog init` takes the runner's name and the plan's start
/// (--name, --plan-start; next Monday when not given), so the report's
/// title and the plan comparison work from day one.
#[test]
fn issue27_init_sets_the_name_and_the_plan_start() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("running");
    let o = Command::cargo_bin("runlog")
        .unwrap()
        .env_remove("RUNLOG_DIR")
        .args([
            "init",
            dir.to_str().unwrap(),
            "--no-input",
            "--timezone",
            "UTC",
        ])
        .args(["--name", "Alex Runner", "--plan-start", "2026-11-02"])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.contains("export RUNLOG_DIR="), "{out}");
    let toml = std::fs::read_to_string(dir.join("runlog.toml")).unwrap();
    assert!(toml.contains("name = \"Alex Runner\""), "{toml}");
    assert!(toml.contains("\nstart = \"2026-11-02\""), "{toml}");
    // Without them: next Monday, and a guess that says so.
    let other = d.path().join("other");
    let o = Command::cargo_bin("runlog")
        .unwrap()
        .args([
            "init",
            other.to_str().unwrap(),
            "--no-input",
            "--timezone",
            "UTC",
        ])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("start = \"") && out.contains("next Monday"),
        "{out}"
    );
    let toml = std::fs::read_to_string(other.join("runlog.toml")).unwrap();
    assert!(toml.contains("\nstart = \""), "{toml}");
}

/// Issue #32: a second score of one questionnaire on one day is stored
/// and said to replace the first in the report; a second diary entry at
/// the same time of a day is named; scores.csv rows dated before 2000 or in
/// the future are named with their line, not dropped silently.
#[test]
fn issue32_second_values_of_a_day_and_impossible_dates_are_named() {
    let d = fresh_samples();
    let scores = d.path().join("scores.csv");
    let text = String::from_utf8(read(&scores)).unwrap();
    let line = 1 + text
        .lines()
        .position(|l| l.starts_with("2026-11-09,odi,"))
        .expect("the samples score the ODI on 9 Nov");
    let o = runlog(d.path(), &["score", "odi", "14", "--date", "2026-11-09"])
        .output()
        .unwrap();
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&format!(
            "scores.csv line {line} already has the ODI of 9 Nov"
        )),
        "{err}"
    );
    assert!(
        err.contains(
            "this one replaces the ODI of 9 Nov in the report; both rows stay in scores.csv"
        ),
        "{err}"
    );
    let o = runlog(
        d.path(),
        &["log", "3", "--date", "2026-11-16", "--time", "morning"],
    )
    .output()
    .unwrap();
    assert!(o.status.success());
    assert!(!String::from_utf8_lossy(&o.stderr).contains("already has"));
    let o = runlog(
        d.path(),
        &["log", "4", "--date", "2026-11-16", "--time", "Morning"],
    )
    .output()
    .unwrap();
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("runlog: note: pain.csv already has an entry for 2026-11-16 morning (line"),
        "{err}"
    );
    // A hand-edited file with six PSFS activities: the sixth is named, as
    // `score` refuses it.
    let mut text = String::from_utf8(read(&scores)).unwrap();
    for a in ["bend", "lift", "drive", "garden"] {
        text.push_str(&format!("2026-11-16,psfs,5,{a}\n"));
    }
    let garden = text.lines().count();
    text.push_str("1900-01-01,odi,30,\n9999-12-31,rmdq,8,\n");
    write(&scores, &text);
    let n = text.lines().count();
    let out = all_output(runlog(d.path(), &["weeks"]));
    assert!(
        out.contains(&format!(
            "scores: scores.csv:{garden}: a sixth PSFS activity, \"garden\": the PSFS rates at most 5 activities"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "scores: scores.csv:{}: date 1900-01-01 is before 2000: a typo in the year? (row skipped)",
            n - 1
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "scores: scores.csv:{n}: date 9999-12-31 is in the future"
        )),
        "{out}"
    );
    let o = runlog(d.path(), &["weeks", "--strict"]).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
}
