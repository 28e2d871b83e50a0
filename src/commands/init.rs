//! `runlog init`: a log folder in a minute. The settings that change the
//! numbers (time zone, heart rates, sex for TRIMP, km or miles) are taken
//! from flags, asked on a terminal, or guessed, and every guess is named so
//! the runner knows what to check. An existing runlog.toml or pain.csv is
//! never overwritten.

use super::{emit, print_import, run_import};
use crate::cli::{InitSettings, SexArg, UnitsArg};
use runlog_core::config::{Config, default_toml};
use runlog_core::diary;
use runlog_core::error::{Error, Result};
use runlog_core::model::Sample;
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

/// A setting's value, and where it came from.
#[derive(Debug, Clone, PartialEq)]
struct Setting {
    /// As written in runlog.toml (`"Europe/Berlin"`, `185`).
    toml: String,
    /// Why this value, when it was guessed rather than given.
    guessed: Option<String>,
}

impl Setting {
    fn given(toml: String) -> Setting {
        Setting {
            toml,
            guessed: None,
        }
    }

    fn guess(toml: String, why: impl Into<String>) -> Setting {
        Setting {
            toml,
            guessed: Some(why.into()),
        }
    }
}

/// The seven settings init writes, in runlog.toml's order: whose report it
/// is, what sets the heart-rate load, the units, and when the plan began.
#[derive(Debug, Clone, PartialEq)]
struct Settings {
    name: Setting,
    timezone: Setting,
    resting_hr: Setting,
    max_hr: Setting,
    sex: Setting,
    units: Setting,
    start: Setting,
    /// What was taken other than as typed (a plan start moved to its
    /// Monday), said once the folder is made.
    notes: Vec<String>,
}

impl Settings {
    fn entries(&self) -> [(&'static str, &Setting); 7] {
        [
            ("name", &self.name),
            ("timezone", &self.timezone),
            ("resting_hr", &self.resting_hr),
            ("max_hr", &self.max_hr),
            ("sex", &self.sex),
            ("units", &self.units),
            ("start", &self.start),
        ]
    }

    fn entries_mut(&mut self) -> [(&'static str, &mut Setting); 7] {
        [
            ("name", &mut self.name),
            ("timezone", &mut self.timezone),
            ("resting_hr", &mut self.resting_hr),
            ("max_hr", &mut self.max_hr),
            ("sex", &mut self.sex),
            ("units", &mut self.units),
            ("start", &mut self.start),
        ]
    }
}

pub fn init(dir: &Path, flags: &InitSettings, no_input: bool) -> Result<()> {
    // Every refusal before anything is created: the folder, then each flag.
    check_target(dir)?;
    let mut settings = from_flags(flags)?;
    let toml_path = dir.join("runlog.toml");
    let exports = dir.join("exports");
    let had_exports = exports.is_dir();
    let mut out = String::new();
    let text = if toml_path.exists() {
        None
    } else {
        if flags.max_hr.is_none()
            && let Some((bpm, runs)) = proposed_max_hr(dir, &mut out)?
        {
            settings.max_hr = Setting::guess(
                bpm.to_string(),
                format!(
                    "the highest 2-minute average heart rate in your {runs} run(s); your true maximum is at least this"
                ),
            );
        }
        let terminal = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
        if terminal && !no_input {
            let stdin = std::io::stdin();
            ask_all(
                &mut settings,
                flags,
                &mut stdin.lock(),
                &mut std::io::stderr(),
            )?;
        }
        Some(toml_text(&settings)?)
    };
    std::fs::create_dir_all(&exports).map_err(|e| Error::io(&exports, e))?;
    match text {
        None => {
            say!(out, "kept     {} (already there)", toml_path.display());
            if given_any(flags) {
                say!(
                    out,
                    "         the settings given as flags were not applied: runlog never overwrites runlog.toml; edit it to change them"
                );
            }
        }
        Some(text) if create_new(&toml_path, text.as_bytes())? => {
            say!(out, "created  {}", toml_path.display());
            for note in &settings.notes {
                say!(out, "note     {note}");
            }
            let guessed: Vec<String> = settings
                .entries()
                .iter()
                .filter_map(|(k, s)| {
                    s.guessed
                        .as_ref()
                        .map(|why| format!("  {k} = {} ({why})", s.toml))
                })
                .collect();
            if !guessed.is_empty() {
                say!(
                    out,
                    "guessed  these, not asked: check them in {} (the heart rates and sex set the heart-rate load)",
                    toml_path.display()
                );
                for g in guessed {
                    say!(out, "{g}");
                }
            }
        }
        Some(_) => say!(out, "kept     {} (already there)", toml_path.display()),
    }
    let diary_path = dir.join("pain.csv");
    if create_new(&diary_path, format!("{}\n", diary::HEADER).as_bytes())? {
        say!(out, "created  {}", diary_path.display());
    } else {
        say!(out, "kept     {} (already there)", diary_path.display());
    }
    if had_exports {
        say!(out, "kept     {}/ (already there)", exports.display());
    } else {
        say!(out, "created  {}/", exports.display());
    }
    let shown = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    say!(
        out,
        "Name the folder once:  export RUNLOG_DIR={}   (in your shell profile)",
        shown.display()
    );
    say!(
        out,
        "Every morning:  runlog log 3 --stiff 10   (pain 0 = none to 10 = worst imaginable; stiffness in minutes)"
    );
    say!(
        out,
        "Every week:     drop your watch exports into exports/, then: runlog report"
    );
    emit(&out)
}

/// The folder `runlog init` may make a log folder of: not a file or a
/// broken symlink, and not inside another log folder's `exports/` (where
/// every other command would refuse it) or inside a `.runlog/` store.
fn check_target(dir: &Path) -> Result<()> {
    if let Some(what) = super::not_a_folder(dir)
        && what != "does not exist"
    {
        return Err(Error::Usage(format!(
            "runlog init: {} {what}; name a new or existing folder, e.g. runlog init ~/running",
            dir.display()
        )));
    }
    if let Some((log, inside)) = inside_a_log_folder(dir) {
        return Err(Error::Usage(format!(
            "runlog init: {} is inside {inside} of the log folder {}, so it cannot be a log folder itself; nothing was created. Use that log folder (export RUNLOG_DIR={}), or name a folder outside it",
            dir.display(),
            log.display(),
            log.display()
        )));
    }
    Ok(())
}

/// The log folder whose `exports/` or `.runlog/` holds `dir` (or is it),
/// and which of the two; `dir` need not exist yet.
fn inside_a_log_folder(dir: &Path) -> Option<(std::path::PathBuf, &'static str)> {
    let abs = std::path::absolute(if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    })
    .ok()?;
    // Resolve the deepest part that exists (symlinks, `..`), keep the rest.
    let mut base = abs.as_path();
    let mut rest = Vec::new();
    let real = loop {
        if let Ok(r) = base.canonicalize() {
            break r;
        }
        rest.push(base.file_name()?.to_owned());
        base = base.parent()?;
    };
    let real = rest.iter().rev().fold(real, |p, c| p.join(c));
    real.ancestors().find_map(|a| {
        let name = a.file_name()?;
        let parent = a.parent()?;
        if name == ".runlog" {
            Some((parent.to_path_buf(), ".runlog/ (the activity store)"))
        } else if name == "exports" && super::is_log_folder(parent) {
            Some((parent.to_path_buf(), "exports/"))
        } else {
            None
        }
    })
}

/// A name as runlog.toml keeps it: on one line (a line break or another
/// control character is refused with a plain message, not a TOML parse
/// error), bidirectional controls removed (`runlog_core::text`).
fn checked_name(name: &str) -> std::result::Result<String, String> {
    if name.chars().any(char::is_control) {
        return Err(
            "the name holds a line break or another control character; give it on one line, e.g. --name \"Alex Runner\"".into(),
        );
    }
    Ok(runlog_core::text::clean_name(name))
}

/// Write a file that must not exist yet; `false` when it does. Readable
/// by the runner alone (0600): the settings and the diary are health data.
fn create_new(path: &Path, bytes: &[u8]) -> Result<bool> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(mut f) => f.write_all(bytes).map_err(|e| Error::io(path, e))?,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(false),
        Err(e) => return Err(Error::io(path, e)),
    }
    Ok(true)
}

fn given_any(f: &InitSettings) -> bool {
    f.name.is_some()
        || f.plan_start.is_some()
        || f.resting_hr.is_some()
        || f.max_hr.is_some()
        || f.sex.is_some()
        || f.timezone.is_some()
        || f.units.is_some()
}

fn sex_name(s: SexArg) -> &'static str {
    match s {
        SexArg::Female => "female",
        SexArg::Male => "male",
        SexArg::Unspecified => "unspecified",
    }
}

fn units_name(u: UnitsArg) -> &'static str {
    match u {
        UnitsArg::Km => "km",
        UnitsArg::Mi => "mi",
    }
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A heart rate as runlog.toml writes it: whole numbers without `.0`.
fn bpm(v: f64) -> String {
    runlog_core::metrics::round(v, 1).to_string()
}

/// The flags, and a guess for each one not given.
fn from_flags(f: &InitSettings) -> Result<Settings> {
    let timezone = match &f.timezone {
        Some(z) => Setting::given(quoted(z.trim())),
        None => detected_timezone(),
    };
    let today = chrono::Utc::now().date_naive();
    let start = f
        .plan_start
        .as_deref()
        .map(|d| plan_start(d, today))
        .transpose()
        .map_err(|why| Error::Usage(format!("runlog init: --plan-start: {why}")))?;
    let settings = Settings {
        name: match &f.name {
            Some(n) => Setting::given(quoted(
                &checked_name(n).map_err(|e| Error::Usage(format!("runlog init: --name: {e}")))?,
            )),
            None => Setting::guess(
                quoted(""),
                "no name: the report's title says \"(no name set)\"",
            ),
        },
        notes: start.iter().filter_map(|s| s.1.clone()).collect(),
        start: match start {
            Some((monday, _)) => Setting::given(quoted(&monday.to_string())),
            None => Setting::guess(
                quoted(&next_monday(today).to_string()),
                "next Monday, the plan's first week; set the Monday your plan began",
            ),
        },
        timezone,
        resting_hr: match f.resting_hr {
            Some(v) => Setting::given(bpm(v)),
            None => Setting::guess("60".into(), "a typical resting heart rate"),
        },
        max_hr: match f.max_hr {
            Some(v) => Setting::given(bpm(v)),
            None => Setting::guess("185".into(), "a typical maximum; yours may differ by 20"),
        },
        sex: match f.sex {
            Some(s) => Setting::given(quoted(sex_name(s))),
            None => Setting::guess(
                quoted("unspecified"),
                "TRIMP uses the mean of the female and male constants",
            ),
        },
        units: match f.units {
            Some(u) => Setting::given(quoted(units_name(u))),
            None => Setting::guess(quoted("km"), "kilometres; \"mi\" for miles"),
        },
    };
    // A flag out of its range is refused before anything is written.
    toml_text(&settings)?;
    Ok(settings)
}

/// The Monday after `today` (a plan starts on a Monday).
fn next_monday(today: chrono::NaiveDate) -> chrono::NaiveDate {
    use chrono::Datelike;
    let ahead = 7 - i64::from(today.weekday().num_days_from_monday());
    runlog_core::dates::shift_days(today, ahead)
}

/// A plan start as typed (YYYY-MM-DD, today, yesterday): the Monday of
/// its week, since a plan runs in whole weeks, Monday to Sunday, with a
/// note saying so when the day typed is another; or why it is no date,
/// naming the forms a date takes.
fn plan_start(
    typed: &str,
    today: chrono::NaiveDate,
) -> std::result::Result<(chrono::NaiveDate, Option<String>), String> {
    let day = diary::parse_day(typed, &diary::Options::default(), today)
        .map_err(|e| format!("{e} (or type today or yesterday)"))?;
    let monday = runlog_core::dates::week_start(day);
    let note = (monday != day).then(|| {
        format!(
            "{day} is a {}: the plan begins on Monday {monday}, the Monday of that week",
            day.format("%A")
        )
    });
    Ok((monday, note))
}

/// This computer's IANA time zone, if it names one runlog knows.
fn detected_timezone() -> Setting {
    let known = |z: &str| Config::parse(&format!("[athlete]\ntimezone = {}", quoted(z))).is_ok();
    match iana_time_zone::get_timezone() {
        Ok(z) if known(&z) => Setting::guess(quoted(&z), "this computer's time zone"),
        _ => Setting::guess(
            quoted("UTC"),
            "this computer's time zone could not be read; set yours, e.g. \"Europe/Berlin\"",
        ),
    }
}

/// The default file with the seven settings put in: each replaces the line that
/// sets its key (the plan's `start`, commented out there, is switched on),
/// so every comment stays. The result must load, which checks each value's
/// range with the key named.
fn toml_text(s: &Settings) -> Result<String> {
    let mut text = String::new();
    let mut done = [false; 7];
    for line in default_toml().lines() {
        let key = line.split(" = ").next().unwrap_or("");
        let key = if key == "# start" { "start" } else { key };
        match s.entries().iter().position(|(k, _)| *k == key) {
            Some(i) if !done[i] => {
                done[i] = true;
                text.push_str(&format!("{key} = {}", s.entries()[i].1.toml));
            }
            _ => text.push_str(line),
        }
        text.push('\n');
    }
    debug_assert!(done.iter().all(|d| *d), "the default file sets every key");
    Config::parse(&text).map_err(|e| Error::Usage(format!("runlog init: {e}")))?;
    Ok(text)
}

/// Ask for each setting not given as a flag, on a terminal. An empty answer
/// takes the value shown; a bad one is explained and asked again.
fn ask_all(
    s: &mut Settings,
    flags: &InitSettings,
    input: &mut dyn BufRead,
    prompt: &mut dyn Write,
) -> Result<()> {
    let io = |e: std::io::Error| Error::io("the terminal", e);
    writeln!(
        prompt,
        "A few questions for the report and the heart-rate load (press Enter to keep the value in brackets):"
    )
    .map_err(io)?;
    let questions: [(&str, bool, &str); 7] = [
        (
            "name",
            flags.name.is_some(),
            "Your name, for the report's title",
        ),
        ("timezone", flags.timezone.is_some(), "Time zone"),
        (
            "resting_hr",
            flags.resting_hr.is_some(),
            "Resting heart rate (bpm, e.g. on waking)",
        ),
        ("max_hr", flags.max_hr.is_some(), "Maximum heart rate (bpm)"),
        (
            "sex",
            flags.sex.is_some(),
            "Sex for TRIMP (female/male/unspecified)",
        ),
        ("units", flags.units.is_some(), "Distances in km or mi"),
        (
            "start",
            flags.plan_start.is_some(),
            "The Monday your return-to-run plan began (YYYY-MM-DD)",
        ),
    ];
    for (key, given, question) in questions {
        if given {
            continue;
        }
        let current_toml = s
            .entries()
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.toml.clone())
            .unwrap_or_default();
        let current = current_toml.trim_matches('"').to_string();
        loop {
            write!(prompt, "{question} [{current}]: ").map_err(io)?;
            prompt.flush().map_err(io)?;
            let mut line = String::new();
            if input.read_line(&mut line).map_err(io)? == 0 {
                // End of input: keep the rest as they are (guessed).
                writeln!(prompt).map_err(io)?;
                return Ok(());
            }
            let answer = line.trim();
            let value = if answer.is_empty() {
                Ok((current_toml.clone(), None))
            } else {
                answer_value(key, answer)
            };
            let value = match value {
                Ok((value, note)) => {
                    if let Some(note) = note {
                        writeln!(prompt, "  {note}").map_err(io)?;
                    }
                    value
                }
                Err(why) => {
                    writeln!(prompt, "  {why}; try again").map_err(io)?;
                    continue;
                }
            };
            let mut trial = s.clone();
            if let Some((_, slot)) = trial.entries_mut().into_iter().find(|(k, _)| *k == key) {
                *slot = Setting::given(value);
            }
            match toml_text(&trial) {
                Ok(_) => {
                    *s = trial;
                    break;
                }
                Err(e) => writeln!(prompt, "  {e}").map_err(io)?,
            }
        }
    }
    Ok(())
}

/// A typed answer as runlog.toml writes it, with a note when it was taken
/// other than as typed; or why it cannot be one, naming what would do.
fn answer_value(key: &str, answer: &str) -> std::result::Result<(String, Option<String>), String> {
    let invalid = |forms: &str| format!("\"{answer}\" is not a valid answer ({forms})");
    let value = match key {
        "resting_hr" | "max_hr" => diary::number_typed(answer)
            .map(bpm)
            .ok_or_else(|| invalid("beats per minute, e.g. 60")),
        "sex" => {
            let a = answer.to_lowercase();
            ["female", "male", "unspecified"]
                .into_iter()
                .find(|s| s.starts_with(&a))
                .map(quoted)
                .ok_or_else(|| invalid("female, male or unspecified"))
        }
        "units" => runlog_core::units::Units::parse(answer)
            .map(|u| quoted(u.label()))
            .ok_or_else(|| invalid("km or mi")),
        "start" => {
            let (monday, note) = plan_start(answer, chrono::Utc::now().date_naive())?;
            return Ok((quoted(&monday.to_string()), note));
        }
        "name" => checked_name(answer).map(|n| quoted(&n)),
        _ => Ok(quoted(answer)),
    };
    value.map(|v| (v, None))
}

/// When exports are already there, import them (the first import would do
/// it anyway) and propose the highest heart rate held for two minutes in a
/// run: (bpm, runs with heart rate). `None` without exports or heart rate.
fn proposed_max_hr(dir: &Path, out: &mut String) -> Result<Option<(u32, usize)>> {
    let exports = dir.join("exports");
    let has_files = std::fs::read_dir(&exports)
        .map(|mut d| d.next().is_some())
        .unwrap_or(false);
    if !has_files {
        return Ok(None);
    }
    let report = match crate::context::Context::load(dir)
        .and_then(|ctx| run_import(&ctx, true, &[]))
    {
        Ok(r) => r,
        Err(e) => {
            say!(
                out,
                "runlog: warning: could not import exports/ to propose a maximum heart rate: {}",
                super::sanitize(&e.chain())
            );
            return Ok(None);
        }
    };
    out.push_str(&print_import(&report, true));
    say!(out, "import:  {}", report.summary_line());
    let store = super::open_store(dir)?;
    let mut best: Option<f64> = None;
    let mut runs = 0;
    for a in &store.activities {
        let s = &a.summary;
        if !runlog_core::sport::classify(&s.sport, s.sub_sport.as_deref()).is_running() {
            continue;
        }
        let Ok(series) = store.read_series(&a.id) else {
            continue;
        };
        if let Some(v) = sustained_hr(&series, 120.0) {
            runs += 1;
            best = Some(best.map_or(v, |b: f64| b.max(v)));
        }
    }
    // Only a value that can be a maximum (runlog.toml's range) is offered.
    Ok(best
        .map(f64::round)
        .filter(|v| (100.0..=240.0).contains(v))
        .map(|v| (v as u32, runs)))
}

/// The highest mean heart rate over any `window_s` seconds of the series,
/// weighted by time. Each reading holds until the next one, up to 10 s (a
/// longer gap holds nothing); a window counts only when at least 90 % of it
/// holds readings. Readings outside 30-240 bpm are dropouts, not beats.
fn sustained_hr(samples: &[Sample], window_s: f64) -> Option<f64> {
    const HOLD_MAX_S: f64 = 10.0;
    // Pieces of constant heart rate: (start, end, bpm).
    let pieces: Vec<(f64, f64, f64)> = samples
        .windows(2)
        .filter_map(|w| {
            let hr = w[0].hr_bpm.filter(|h| (30.0..=240.0).contains(h))?;
            let dt = w[1].t_s - w[0].t_s;
            (dt > 0.0 && dt <= HOLD_MAX_S).then_some((w[0].t_s, w[1].t_s, hr))
        })
        .collect();
    let mut best: Option<f64> = None;
    let (mut start, mut beats, mut covered) = (0usize, 0.0, 0.0);
    for end in 0..pieces.len() {
        let (a, b, hr) = pieces[end];
        beats += (b - a) * hr;
        covered += b - a;
        // Drop pieces that start before the window ending at `b`.
        while pieces[start].0 < b - window_s {
            let (a0, b0, h0) = pieces[start];
            beats -= (b0 - a0) * h0;
            covered -= b0 - a0;
            start += 1;
        }
        if covered >= 0.9 * window_s {
            let mean = beats / covered;
            best = Some(best.map_or(mean, |m: f64| m.max(mean)));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(hr: impl Fn(f64) -> Option<f64>, seconds: u32, step: f64) -> Vec<Sample> {
        (0..seconds)
            .map(|i| {
                let t = f64::from(i) * step;
                Sample {
                    t_s: t,
                    hr_bpm: hr(t),
                    ..Sample::default()
                }
            })
            .collect()
    }

    #[test]
    fn a_short_peak_is_not_a_sustained_one() {
        // 140 bpm for 20 minutes with a 30 s burst at 200 and a 3-minute
        // block at 170: the 2-minute best is the block, not the burst.
        let hr = |t: f64| {
            Some(if (300.0..330.0).contains(&t) {
                200.0
            } else if (600.0..780.0).contains(&t) {
                170.0
            } else {
                140.0
            })
        };
        let v = sustained_hr(&series(hr, 1200, 1.0), 120.0).unwrap();
        assert!((v - 170.0).abs() < 0.01, "{v}");
    }

    #[test]
    fn gaps_and_dropouts_hold_nothing() {
        // Readings every 30 s cover nothing; a run shorter than the window
        // has no 2-minute value; zeros are dropouts.
        assert_eq!(
            sustained_hr(&series(|_| Some(150.0), 100, 30.0), 120.0),
            None
        );
        assert_eq!(sustained_hr(&series(|_| Some(150.0), 60, 1.0), 120.0), None);
        let with_zeros = series(|t| Some(if t < 600.0 { 0.0 } else { 160.0 }), 900, 1.0);
        assert_eq!(sustained_hr(&with_zeros, 120.0), Some(160.0));
        assert_eq!(sustained_hr(&series(|_| None, 900, 1.0), 120.0), None);
    }

    fn no_flags() -> InitSettings {
        InitSettings::default()
    }

    #[test]
    fn the_written_file_carries_the_settings_and_every_comment() {
        let flags = InitSettings {
            name: Some("Alex Runner".into()),
            plan_start: Some("2026-03-02".into()),
            resting_hr: Some(52.0),
            max_hr: Some(178.0),
            sex: Some(SexArg::Female),
            timezone: Some("America/New_York".into()),
            units: Some(UnitsArg::Mi),
        };
        let s = from_flags(&flags).unwrap();
        assert!(s.entries().iter().all(|(_, v)| v.guessed.is_none()));
        let text = toml_text(&s).unwrap();
        let c = Config::parse(&text).unwrap();
        assert_eq!((c.athlete.resting_hr, c.athlete.max_hr), (52.0, 178.0));
        assert_eq!(c.athlete.timezone, "America/New_York");
        assert_eq!(c.athlete.sex, runlog_core::config::Sex::Female);
        assert_eq!(c.display.units, runlog_core::units::Units::Mi);
        assert_eq!(c.athlete.name, "Alex Runner");
        assert_eq!(c.plan.start, chrono::NaiveDate::from_ymd_opt(2026, 3, 2));
        let comments = |t: &str| t.lines().filter(|l| l.starts_with('#')).count();
        // The plan's commented `# start` line is switched on.
        assert_eq!(comments(&text) + 1, comments(&default_toml()));
        assert_eq!(text.lines().count(), default_toml().lines().count());
    }

    #[test]
    fn a_flag_out_of_range_is_refused_with_the_key() {
        let flags = InitSettings {
            max_hr: Some(300.0),
            ..no_flags()
        };
        let e = from_flags(&flags).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("max_hr = 300"), "{e}");
        let flags = InitSettings {
            timezone: Some("Mars/Olympus".into()),
            ..no_flags()
        };
        assert!(
            from_flags(&flags)
                .unwrap_err()
                .to_string()
                .contains("Mars/Olympus")
        );
    }

    #[test]
    fn questions_take_answers_defaults_and_ask_again_after_a_bad_one() {
        let flags = InitSettings {
            timezone: Some("Europe/Paris".into()),
            ..no_flags()
        };
        let mut s = from_flags(&flags).unwrap();
        // name "Alex"; resting: Enter (keep 60); max: "300" refused, then
        // 182; sex "f"; units "mi"; plan start "someday" refused, then a date.
        let mut input: &[u8] = b"Alex\n\n300\n182\nf\nmi\nsomeday\n2026-03-02\n";
        let mut prompt = Vec::new();
        ask_all(&mut s, &flags, &mut input, &mut prompt).unwrap();
        let shown = String::from_utf8(prompt).unwrap();
        assert!(!shown.contains("Time zone"), "given as a flag: {shown}");
        assert!(
            shown.contains("Maximum heart rate (bpm) [185]: "),
            "{shown}"
        );
        assert!(shown.contains("max_hr = 300 is not allowed"), "{shown}");
        assert_eq!(s.resting_hr, Setting::given("60".into()));
        assert_eq!(s.max_hr, Setting::given("182".into()));
        assert_eq!(s.sex.toml, "\"female\"");
        assert_eq!(s.units.toml, "\"mi\"");
        assert_eq!(s.name.toml, "\"Alex\"");
        assert_eq!(s.start.toml, "\"2026-03-02\"");
        assert!(
            shown.contains(
                "date \"someday\" is not an ISO date; write it as YYYY-MM-DD (or type today or yesterday); try again"
            ),
            "{shown}"
        );
        assert!(s.entries().iter().all(|(_, v)| v.guessed.is_none()));
    }

    /// Issue #33: a plan start in the middle of a week is that week's
    /// Monday, and init says so; a date it cannot read names the forms.
    #[test]
    fn issue33_the_plan_starts_on_the_monday_of_the_day_given() {
        let mut s = from_flags(&no_flags()).unwrap();
        let mut input: &[u8] = b"\n\n\n\n\n\n05/10/2026\n2026-10-07\n";
        let mut prompt = Vec::new();
        ask_all(&mut s, &no_flags(), &mut input, &mut prompt).unwrap();
        let shown = String::from_utf8(prompt).unwrap();
        assert!(
            shown.contains("  date \"05/10/2026\" is not an ISO date; write it as 2026-10-05 if it means 5 October or 2026-05-10 if it means 10 May (or type today or yesterday); try again\n"),
            "{shown}"
        );
        assert!(
            shown.contains("  2026-10-07 is a Wednesday: the plan begins on Monday 2026-10-05, the Monday of that week\n"),
            "{shown}"
        );
        assert_eq!(s.start.toml, "\"2026-10-05\"");
        let flags = InitSettings {
            plan_start: Some("2026-10-07".into()),
            ..no_flags()
        };
        let s = from_flags(&flags).unwrap();
        assert_eq!(s.start, Setting::given("\"2026-10-05\"".into()));
        assert_eq!(
            s.notes,
            [
                "2026-10-07 is a Wednesday: the plan begins on Monday 2026-10-05, the Monday of that week"
            ]
        );
        let monday = InitSettings {
            plan_start: Some("2026-10-05".into()),
            ..no_flags()
        };
        assert!(from_flags(&monday).unwrap().notes.is_empty());
        let bad = InitSettings {
            plan_start: Some("05/10/2026".into()),
            ..no_flags()
        };
        let e = from_flags(&bad).unwrap_err().to_string();
        assert!(
            e.contains(
                "--plan-start: date \"05/10/2026\" is not an ISO date; write it as 2026-10-05"
            ),
            "{e}"
        );
    }

    /// Issue #27: without a plan start, init proposes next Monday.
    #[test]
    fn the_plan_starts_next_monday_unless_told() {
        let thu = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        assert_eq!(next_monday(thu).to_string(), "2026-12-07");
        let mon = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert_eq!(next_monday(mon).to_string(), "2026-12-14");
        let s = from_flags(&no_flags()).unwrap();
        assert!(s.start.guessed.is_some() && s.name.guessed.is_some());
        let c = Config::parse(&toml_text(&s).unwrap()).unwrap();
        assert!(c.plan.start.is_some() && c.athlete.name.is_empty());
    }

    #[test]
    fn end_of_input_keeps_the_guesses() {
        let mut s = from_flags(&no_flags()).unwrap();
        let mut input: &[u8] = b"\nAsia/Tokyo\n";
        ask_all(&mut s, &no_flags(), &mut input, &mut Vec::new()).unwrap();
        assert_eq!(s.timezone, Setting::given("\"Asia/Tokyo\"".into()));
        assert!(s.resting_hr.guessed.is_some() && s.units.guessed.is_some());
    }
}
