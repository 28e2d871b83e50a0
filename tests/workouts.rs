//! Issue #34: `runlog plan --workouts DIR`, next week's sessions as FIT
//! workouts a watch follows. Every written file is read back by fitparser
//! (runlog's reference decoder) and, where `RUNLOG_FIT_SDK_PYTHON` names a
//! Python with Garmin's FIT SDK (`.ci/run` installs it), by Garmin's own
//! decoder; runlog's importer must skip each as a workout, not an activity.

mod common;

use common::{all_output, fresh_samples, runlog, stdout};
use std::path::{Path, PathBuf};

/// A copy of `samples/`, imported as `runlog report` would first, whose
/// plan started on `start` (the samples' plan ends with their data, so
/// their next week is after it), with `edit` applied to its runlog.toml.
fn samples_from(start: &str, edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let d = fresh_samples();
    let toml = d.path().join("runlog.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    assert!(text.contains("\nstart = \"2026-07-27\"\n"));
    let text = text.replace(
        "\nstart = \"2026-07-27\"\n",
        &format!("\nstart = \"{start}\"\n"),
    );
    std::fs::write(&toml, edit(text)).unwrap();
    stdout(runlog(d.path(), &["import", "--quiet"]));
    d
}

/// `plan --workouts DIR --today 2026-11-15`: the samples' last day, so
/// next week is Mon 16 Nov, whatever the clock says.
fn plan(d: &Path, out: &Path) -> assert_cmd::Command {
    runlog(
        d,
        &[
            "plan",
            "--workouts",
            out.to_str().unwrap(),
            "--today",
            "2026-11-15",
        ],
    )
}

/// The folder's entries, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn fit_files(dir: &Path) -> Vec<PathBuf> {
    names(dir)
        .iter()
        .filter(|n| n.ends_with(".fit"))
        .map(|n| dir.join(n))
        .collect()
}

/// One workout file as a decoder read it.
#[derive(Debug, PartialEq)]
struct Decoded {
    file_type: String,
    sport: String,
    name: String,
    steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Timed {
        name: String,
        seconds: f64,
        intensity: String,
    },
    /// Back to step `from` until the steps were done `times` times.
    Repeat { from: usize, times: u32 },
}

/// What a session must be: its minutes in all, the jog and walk of its
/// repeat in seconds, and how many repeats.
struct Expected {
    sport: &'static str,
    name: String,
    total_min: f64,
    jog_walk_s: (f64, f64),
    repeats: u32,
}

/// The checks the issue asks for, whichever decoder read the file: the
/// warm-up and cool-down walks, the jog:walk at the stage's ratio as a
/// repeat of two timed steps, the repeat count, and the total.
fn check(d: &Decoded, e: &Expected) {
    assert_eq!(d.file_type, "workout");
    assert_eq!(d.sport, e.sport);
    assert_eq!(d.name, e.name);
    let timed = |name: &str, seconds: f64, intensity: &str| Step::Timed {
        name: name.into(),
        seconds,
        intensity: intensity.into(),
    };
    assert_eq!(
        d.steps,
        [
            timed("Warm-up walk", 300.0, "warmup"),
            timed("Jog", e.jog_walk_s.0, "active"),
            timed("Walk", e.jog_walk_s.1, "recovery"),
            Step::Repeat {
                from: 1,
                times: e.repeats
            },
            timed("Cool-down walk", 300.0, "cooldown"),
        ],
        "{}",
        d.name
    );
    assert_eq!(total_s(&d.steps) / 60.0, e.total_min, "{}", d.name);
}

/// The session's seconds, each repeat counted out.
fn total_s(steps: &[Step]) -> f64 {
    let seconds = |s: &Step| match s {
        Step::Timed { seconds, .. } => *seconds,
        Step::Repeat { .. } => 0.0,
    };
    let mut total = 0.0;
    for (i, s) in steps.iter().enumerate() {
        total += seconds(s);
        if let Step::Repeat { from, times } = s {
            let once: f64 = steps[*from..i].iter().map(seconds).sum();
            total += once * f64::from(times - 1);
        }
    }
    total
}

/// fitparser's reading of a workout file.
fn fitparser_decode(path: &Path) -> Decoded {
    let records = fitparser::from_bytes(&std::fs::read(path).unwrap()).unwrap();
    let field = |r: &fitparser::FitDataRecord, name: &str| {
        r.fields()
            .iter()
            .find(|f| f.name() == name)
            .map(|f| f.value().to_string())
            .unwrap_or_default()
    };
    let of = |kind: fitparser::profile::MesgNum| {
        records
            .iter()
            .filter(move |r| r.kind() == kind)
            .collect::<Vec<_>>()
    };
    use fitparser::profile::MesgNum;
    let (file_id, workout) = (of(MesgNum::FileId)[0], of(MesgNum::Workout)[0]);
    let steps = of(MesgNum::WorkoutStep)
        .into_iter()
        .map(|r| match field(r, "duration_type").as_str() {
            "time" => Step::Timed {
                name: field(r, "wkt_step_name"),
                seconds: field(r, "duration_time").parse().unwrap(),
                intensity: field(r, "intensity"),
            },
            "repeat_until_steps_cmplt" => Step::Repeat {
                from: field(r, "duration_step").parse().unwrap(),
                times: field(r, "repeat_steps").parse().unwrap(),
            },
            other => panic!("{other}"),
        })
        .collect();
    Decoded {
        file_type: field(file_id, "type"),
        sport: field(workout, "sport"),
        name: field(workout, "wkt_name"),
        steps,
    }
}

/// Stdout with the temporary folder's path as `TMP`.
fn output(c: assert_cmd::Command, d: &Path) -> String {
    stdout(c).replace(d.to_str().unwrap(), "TMP")
}

/// Issue #34: a jog/walk stage (2:3, 3 × 30 min) under a looser load
/// limit: three 30-minute sessions of warm-up, 4 × (jog 2, walk 3) and
/// cool-down, said as the report says it, decoded as meant, and skipped
/// by runlog's importer as the workouts they are.
#[test]
fn issue34_next_weeks_jog_walk_sessions() {
    let d = samples_from("2026-10-12", |t| t);
    let out = d.path().join("workouts");
    assert_eq!(
        output(plan(d.path(), &out), d.path()),
        "\
Next week: 16–22 Nov (2026-W47), the week after your last run or diary entry (Sun 15 Nov 2026), the week the report's limit is for.
Up to 90 min: the plan's stage 3 (jog/walk 2:3, 3 × 30 min) sets the limit; the load rule alone (within 30 % of last week's load, or the highest of the last 4 weeks) would allow 143 min.
3 sessions of 30 min: warm-up walk 5 min, 4 × (jog 2 min, walk 3 min), cool-down walk 5 min.
wrote    TMP/workouts/runlog-2026-11-16-1-of-3.fit
wrote    TMP/workouts/runlog-2026-11-16-2-of-3.fit
wrote    TMP/workouts/runlog-2026-11-16-3-of-3.fit
On a Garmin watch: copy the .fit files into GARMIN/NewFiles over USB; the watch lists them with its workouts. Other watches: import them in the maker's app.
"
    );
    let files = fit_files(&out);
    assert_eq!(files.len(), 3);
    for (i, f) in files.iter().enumerate() {
        check(
            &fitparser_decode(f),
            &Expected {
                sport: "running",
                name: format!("runlog 2:3 · {} of 3 · 16 Nov", i + 1),
                total_min: 30.0,
                jog_walk_s: (120.0, 180.0),
                repeats: 4,
            },
        );
    }
    // The report gives the same week the same limit.
    let v = common::json(runlog(d.path(), &["flags", "--format", "json"]));
    assert_eq!(v["next_week_envelope"]["after_week"], "2026-W46");
    assert_eq!(v["next_week_envelope"]["max_load"], 142.9);
    // Importing a workout is a clean skip.
    let import = stdout(runlog(d.path(), &["import", out.to_str().unwrap()]));
    for f in &files {
        assert!(
            import.contains(&format!(
                "skipped  workouts/{}: not an activity (FIT workout file)",
                f.file_name().unwrap().to_string_lossy()
            )),
            "{import}"
        );
    }
    assert!(import.contains("import: 0 imported"), "{import}");
    // The same plan again: the same bytes.
    let before: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    stdout(plan(d.path(), &out));
    let after: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    assert_eq!(before, after);
}

/// Issue #34: when the load limit allows fewer minutes than the stage
/// asks (3 × 60 min against 143), the sessions are shorter: 47 minutes a
/// session holds 7 repeats, 45 minutes in all, and the output says so.
#[test]
fn issue34_a_tighter_load_limit_means_fewer_repeats() {
    let d = samples_from("2026-10-12", |t| {
        t.replace(
            "minutes = 30.0, sessions = 3, ratio = \"2:3\"",
            "minutes = 60.0, sessions = 3, ratio = \"2:3\"",
        )
    });
    let out = d.path().join("workouts");
    let text = output(plan(d.path(), &out), d.path());
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[1..4],
        [
            "Up to 143 min: the load rule (within 30 % of last week's load, or the highest of the last 4 weeks) sets the limit; the plan's stage 3 (jog/walk 2:3, 3 × 60 min) would allow 180 min.",
            "3 sessions of 45 min: warm-up walk 5 min, 7 × (jog 2 min, walk 3 min), cool-down walk 5 min.",
            "The load limit is tighter than the plan, so the sessions are shorter: warm-up walk 5 min, 7 × (jog 2 min, walk 3 min), cool-down walk 5 min instead of warm-up walk 5 min, 10 × (jog 2 min, walk 3 min), cool-down walk 5 min (135 min in all, not 180 min).",
        ]
    );
    for (i, f) in fit_files(&out).iter().enumerate() {
        check(
            &fitparser_decode(f),
            &Expected {
                sport: "running",
                name: format!("runlog 2:3 · {} of 3 · 16 Nov", i + 1),
                total_min: 45.0,
                jog_walk_s: (120.0, 180.0),
                repeats: 7,
            },
        );
    }
}

/// Issue #34: a red flag in the last 14 days writes nothing and says why
/// in the words of every other output; so does a log folder without a
/// plan, with how to set one.
#[test]
fn issue34_a_red_flag_or_no_plan_writes_nothing() {
    let d = samples_from("2026-10-12", |t| t);
    let diary = d.path().join("pain.csv");
    let mut text = std::fs::read_to_string(&diary).unwrap();
    text.push_str("2026-11-14,morning,3,,,low back,,,yes,,,,\n");
    std::fs::write(&diary, text).unwrap();
    let out = d.path().join("workouts");
    let said = output(plan(d.path(), &out), d.path());
    assert!(
        said.starts_with("RED FLAGS: contact your clinician. See a doctor urgently: "),
        "{said}"
    );
    assert!(
        said.contains("Plan on hold: no training advice: a red flag was recorded in the last 14 days (Sat 14 Nov 2026 (leg weakness)). Contact your clinician and see a doctor urgently before running again."),
        "{said}"
    );
    assert!(said.ends_with("No workouts were written.\n"), "{said}");
    assert!(!out.exists(), "nothing written, no folder made");

    let d = fresh_samples();
    let toml = d.path().join("runlog.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, text.replace("\nstart = \"2026-07-27\"\n", "\n")).unwrap();
    assert_eq!(
        output(plan(d.path(), &out), d.path()),
        "No plan: set `start` under [plan] in runlog.toml to the Monday your plan began (a new log folder gets it from `runlog init --plan-start DATE`). No workouts were written.\n"
    );
    assert!(!out.exists());
}

/// Issue #34: the samples as they ship. Their data end on Sun 15 Nov
/// 2026, which is long past, so the week after is over; and on that day
/// their plan had just ended.
#[test]
fn issue34_the_samples_next_week_is_over_and_after_their_plan() {
    let d = fresh_samples();
    let out = d.path().join("workouts");
    let today = runlog(d.path(), &["plan", "--workouts", out.to_str().unwrap()]);
    assert_eq!(
        output(today, d.path()),
        "Your last run or diary entry is from Sun 15 Nov 2026, so next week would be 16–22 Nov (2026-W47), which is over: its load limit is stale. Log today's pain (`runlog log`) or import your latest runs, then run this again. No workouts were written.\n"
    );
    assert_eq!(
        output(plan(d.path(), &out), d.path()),
        "Your plan ended on Sun 15 Nov 2026 with stage 7 (continuous run, 3 × 30 min): nothing is planned for 16–22 Nov. Add the next stages under [plan] stages in runlog.toml, with your physiotherapist. No workouts were written.\n"
    );
    assert!(!out.exists());
}

/// Issue #34: DIR follows the report folder's rules: the log folder,
/// exports/ and the store are refused, so is a folder of someone else's
/// files and a file of ours by name that runlog did not write, before
/// anything is written.
#[test]
fn issue34_the_workouts_folder_follows_the_report_folders_rules() {
    let d = samples_from("2026-10-12", |t| t);
    for bad in [".", "exports", "exports/watch", ".runlog"] {
        let out = d.path().join(bad);
        let o = plan(d.path(), &out).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{bad}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("--workouts"), "{bad}: {err}");
    }
    assert!(!d.path().join("exports/watch").exists());
    let mine = d.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("notes.txt"), "mine").unwrap();
    let said = all_output(plan(d.path(), &mine));
    assert!(said.contains("holds no runlog workouts"), "{said}");
    assert_eq!(names(&mine), ["notes.txt"]);
    // A folder runlog wrote: a file of a session's name put there by
    // someone else is never replaced.
    let out = d.path().join("workouts");
    stdout(plan(d.path(), &out));
    std::fs::remove_file(out.join("runlog-2026-11-16-2-of-3.fit")).unwrap();
    let manifest = out.join(".runlog-workouts");
    let listed = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        listed.replace("runlog-2026-11-16-2-of-3.fit\n", ""),
    )
    .unwrap();
    std::fs::write(out.join("runlog-2026-11-16-2-of-3.fit"), "yours").unwrap();
    let o = plan(d.path(), &out).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(out.join("runlog-2026-11-16-2-of-3.fit")).unwrap(),
        "yours"
    );
}

/// Garmin's FIT SDK for Python, through `RUNLOG_FIT_SDK_PYTHON`: each file
/// as a JSON object of its file type, sport, name and steps.
#[cfg(fit_sdk)]
fn garmin_decode(files: &[PathBuf]) -> Vec<Decoded> {
    const SCRIPT: &str = r#"
import json, sys
from garmin_fit_sdk import Decoder, Stream
out = []
for path in sys.argv[1:]:
    d = Decoder(Stream.from_file(path))
    assert d.is_fit() and d.check_integrity(), path
    messages, errors = Decoder(Stream.from_file(path)).read()
    assert not errors, (path, errors)
    w = messages["workout_mesgs"][0]
    out.append({"type": messages["file_id_mesgs"][0]["type"], "sport": w["sport"],
                "name": w["wkt_name"], "steps": messages["workout_step_mesgs"]})
print(json.dumps(out, default=str))
"#;
    let python = std::env::var("RUNLOG_FIT_SDK_PYTHON").unwrap();
    let o = std::process::Command::new(&python)
        .arg("-c")
        .arg(SCRIPT)
        .args(files)
        .output()
        .unwrap_or_else(|e| panic!("RUNLOG_FIT_SDK_PYTHON={python}: {e}"));
    assert!(
        o.status.success(),
        "{python}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let s = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
    v.as_array()
        .unwrap()
        .iter()
        .map(|f| Decoded {
            file_type: s(&f["type"]),
            sport: s(&f["sport"]),
            name: s(&f["name"]),
            steps: f["steps"]
                .as_array()
                .unwrap()
                .iter()
                .map(|st| match st["duration_type"].as_str().unwrap() {
                    "time" => Step::Timed {
                        name: s(&st["wkt_step_name"]),
                        seconds: st["duration_time"].as_f64().unwrap(),
                        intensity: s(&st["intensity"]),
                    },
                    "repeat_until_steps_cmplt" => Step::Repeat {
                        from: st["duration_step"].as_u64().unwrap() as usize,
                        times: st["repeat_steps"].as_u64().unwrap() as u32,
                    },
                    other => panic!("{other}"),
                })
                .collect(),
        })
        .collect()
}

/// Issue #34: Garmin's own decoder reads the workouts as meant, checksums
/// included: the stage's sessions, and the shorter ones a tighter load
/// limit makes.
#[test]
#[cfg_attr(
    not(fit_sdk),
    ignore = "needs Garmin's FIT SDK for Python: set RUNLOG_FIT_SDK_PYTHON to a python with garmin-fit-sdk (.ci/run installs it)"
)]
fn issue34_garmins_fit_sdk_reads_the_workouts() {
    #[cfg(fit_sdk)]
    for (minutes, total_min, repeats) in [(30.0, 30.0, 4), (60.0, 45.0, 7)] {
        let d = samples_from("2026-10-12", |t| {
            t.replace(
                "minutes = 30.0, sessions = 3, ratio = \"2:3\"",
                &format!("minutes = {minutes:.1}, sessions = 3, ratio = \"2:3\""),
            )
        });
        let out = d.path().join("workouts");
        stdout(plan(d.path(), &out));
        let files = fit_files(&out);
        let decoded = garmin_decode(&files);
        assert_eq!(decoded.len(), 3);
        for (i, (g, f)) in decoded.iter().zip(&files).enumerate() {
            check(
                g,
                &Expected {
                    sport: "running",
                    name: format!("runlog 2:3 · {} of 3 · 16 Nov", i + 1),
                    total_min,
                    jog_walk_s: (120.0, 180.0),
                    repeats,
                },
            );
            assert_eq!(g, &fitparser_decode(f), "both decoders agree");
        }
    }
}
