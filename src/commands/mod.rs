//! What each command does, from checked flags to printed output. The
//! decisions live in the stage modules; this file only wires them up.

use crate::cli::{Cli, Command, Common, FlagsFormat, OutputFormat, PeriodArgs};
use crate::context::Context;
use crate::output::{self, Screen};
use clap::{CommandFactory, Parser};
use runlog_core::analysis::Analysis;
use runlog_core::analysis::period::{Period, Spec};
use runlog_core::config::Config;
use runlog_core::error::{Error, Result};
use runlog_core::metrics::round;
use runlog_core::store::Store;
use runlog_core::units::Units;
use runlog_core::{diary, ingest};
use serde::Serialize;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// One line into a command's output, which `emit` prints at the end.
macro_rules! say {
    ($out:expr, $($arg:tt)*) => {{
        $out.push_str(&format!($($arg)*));
        $out.push('\n');
    }};
}

mod init;
mod listing;
mod log;
mod runner_file;
mod score;

/// Parse the arguments, run the command, and turn the outcome into an exit
/// code: 0 done, 1 failed, 2 usage.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let e = suggest_subcommand(e);
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match dispatch(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        // `runlog activities | head`: the reader has what it wanted.
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("runlog: error: {}", sanitize(&e.chain()));
            ExitCode::from(e.exit_code())
        }
    }
}

/// clap suggests a subcommand that looks like the one typed (`weks` →
/// `weeks`) but not one with two letters swapped (`lgo`): one edit, a
/// swap counting as one (two edits for longer names), finds those too.
fn suggest_subcommand(mut e: clap::Error) -> clap::Error {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let suggested = matches!(e.get(ContextKind::SuggestedSubcommand),
        Some(ContextValue::Strings(v)) if !v.is_empty());
    if e.kind() != ErrorKind::InvalidSubcommand || suggested {
        return e;
    }
    let Some(ContextValue::String(typed)) = e.get(ContextKind::InvalidSubcommand) else {
        return e;
    };
    if let Some(near) = near_subcommand(typed) {
        e.insert(ContextKind::SuggestedSubcommand, ContextValue::String(near));
    }
    e
}

/// The subcommand within an edit or two of `typed` (swaps count as one).
fn near_subcommand(typed: &str) -> Option<String> {
    let most = if typed.chars().count() <= 4 { 1 } else { 2 };
    Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .map(|name| (strsim::osa_distance(typed, &name), name))
        .filter(|(d, _)| *d <= most)
        .min()
        .map(|(_, name)| name)
}

/// Everything a command prints goes through here, so a closed pipe is an
/// error the caller sees (and `run` ends quietly), never a panic.
pub(crate) fn emit(text: &str) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(Error::Stdout)
}

/// Text from files (names inside a zip, file names, GPX names) may hold
/// terminal escape codes or bidirectional controls; printed raw they could
/// rewrite the screen or reverse what follows (`runlog_core::text`).
pub fn sanitize(text: &str) -> String {
    runlog_core::text::printable(text)
}

/// The log folder must exist for every command but `init`: a typo in
/// `--dir` is a usage mistake, not an empty history. It must be a log
/// folder (runlog.toml or pain.csv), so `runlog log 4` typed in the wrong
/// folder creates no stray diary there, and not `exports/` (or a folder in
/// it), where a diary or a store would mix with the watch files.
fn check_dir(common: &Common) -> Result<()> {
    let dir = &common.dir;
    if let Some(what) = not_a_folder(dir) {
        let fix = if what == "does not exist" {
            format!(
                "check --dir (or RUNLOG_DIR), or create it with `runlog init {}`",
                dir.display()
            )
        } else {
            "point --dir (or RUNLOG_DIR) at your log folder".to_string()
        };
        return Err(Error::Usage(format!(
            "the log folder {} {what}: {fix}",
            dir.display()
        )));
    }
    if let Some(log) = log_folder_above_exports(dir) {
        return Err(Error::Usage(format!(
            "{} is inside the exports/ folder of the log folder {}: use --dir {} (or set RUNLOG_DIR to it)",
            dir.display(),
            log.display(),
            log.display()
        )));
    }
    if !is_log_folder(dir) {
        return Err(Error::Usage(format!(
            "{} is not a log folder (it has no runlog.toml or pain.csv): run `runlog init {}`, or set RUNLOG_DIR to your log folder",
            dir.display(),
            dir.display()
        )));
    }
    Ok(())
}

/// What `dir` is, in words, when it is not a folder: "does not exist",
/// "is a file, not a folder", a symlink to nowhere or a symlink loop
/// (rather than "does not exist" for all of them).
pub(crate) fn not_a_folder(dir: &Path) -> Option<String> {
    let e = match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => return None,
        Ok(_) => return Some("is a file, not a folder".into()),
        Err(e) => e,
    };
    let link = dir
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink());
    if link {
        let to = std::fs::read_link(dir)
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        return Some(if e.kind() == std::io::ErrorKind::NotFound {
            format!("is a symlink to {to}, which does not exist")
        } else {
            format!("is a symlink to {to} that cannot be followed ({e}): a symlink loop?")
        });
    }
    Some(if e.kind() == std::io::ErrorKind::NotFound {
        "does not exist".into()
    } else {
        format!("cannot be opened ({e})")
    })
}

fn is_log_folder(dir: &Path) -> bool {
    // A pain.csv symlink counts even when it points nowhere: `log` names
    // the broken link rather than calling the folder a stranger.
    dir.join("runlog.toml").is_file() || dir.join("pain.csv").symlink_metadata().is_ok()
}

/// The log folder whose `exports/` holds `dir` (or is it), if any.
fn log_folder_above_exports(dir: &Path) -> Option<PathBuf> {
    let real = dir.canonicalize().ok()?;
    real.ancestors()
        .find(|a| {
            a.file_name().is_some_and(|n| n == "exports") && a.parent().is_some_and(is_log_folder)
        })
        .and_then(Path::parent)
        .map(Path::to_path_buf)
}

fn dispatch(cmd: Command) -> Result<()> {
    if let Some(common) = cmd.common() {
        check_dir(common)?;
    }
    match cmd {
        Command::Init {
            dir,
            settings,
            no_input,
        } => init::init(
            &dir.unwrap_or_else(|| PathBuf::from(".")),
            &settings,
            no_input,
        ),
        Command::Log { common, row } => log::log(&common, &row),
        Command::Score { common, score } => score::score(&common, &score),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "runlog", &mut out);
            emit(&String::from_utf8_lossy(&out))
        }
        Command::Man => {
            let mut out = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut out)
                .map_err(Error::Stdout)?;
            emit(&String::from_utf8_lossy(&out))
        }
        Command::Import {
            common,
            paths,
            strict,
        } => import(&common, &paths, strict),
        Command::Activities {
            common,
            period,
            format,
            wide,
        } => activities(&common, &period, format, Screen::detect(wide)),
        Command::Plan {
            common,
            period,
            format,
            wide,
            workouts,
            today,
        } => {
            let ctx = Context::load(&common.dir)?.on(today.as_deref())?;
            match workouts {
                Some(out) => plan_workouts(&ctx, common.quiet, &out),
                None => plan(&ctx, &period, format, Screen::detect(wide)),
            }
        }
        Command::Weeks {
            common,
            period,
            format,
            wide,
            strict,
        } => weeks(&common, &period, format, strict, Screen::detect(wide)),
        Command::Flags {
            common,
            period,
            format,
            explain,
            wide,
            strict,
        } => {
            let shown = FlagsShown { format, explain };
            flags(&common, &period, shown, strict, Screen::detect(wide))
        }
        Command::Report {
            common,
            period,
            out,
            open,
            generated_at,
            strict,
        } => {
            let ctx = Context::load(&common.dir)?;
            let spec = ctx.spec(&period, Spec::Weeks(runlog_core::dates::REPORT_WEEKS))?;
            report(&ctx, &common, spec, out, open, generated_at, strict)
        }
    }
}

fn import(common: &Common, paths: &[PathBuf], strict: bool) -> Result<()> {
    let ctx = Context::load(&common.dir)?;
    let report = run_import(&ctx, common.quiet, paths)?;
    let mut out = print_import(&report, common.quiet);
    if !common.quiet {
        say!(out, "import: {}", report.summary_line());
    }
    emit(&out)?;
    let skipped = report.skipped.len() + report.skipped_before;
    if strict && skipped > 0 {
        return Err(Error::Strict(format!(
            "{skipped} file(s) not imported (new or from earlier imports, still skipped) and --strict was given"
        )));
    }
    Ok(())
}

pub(crate) fn run_import(ctx: &Context, quiet: bool, paths: &[PathBuf]) -> Result<ingest::Report> {
    let dir = &ctx.dir;
    let roots: Vec<PathBuf> = if paths.is_empty() {
        let exports = dir.join("exports");
        if !exports.is_dir() {
            return Err(Error::Usage(format!(
                "{} does not exist: create the log folder with `runlog init {}`, or name the files to import",
                exports.display(),
                dir.display()
            )));
        }
        vec![exports]
    } else {
        paths.to_vec()
    };
    // One writer at a time; readers need no lock (commits are atomic).
    let _lock = runlog_core::store::WriteLock::acquire(dir, &lock_wait())?;
    let mut store = open_store(dir)?;
    let bar = crate::progress::Bar::new("importing", quiet);
    let report = ingest::run(dir, &roots, &mut store, &bar, ctx.now);
    say_notices(&mut store);
    report
}

/// The log folder's store; what opening it found and worked around is
/// said on stderr (runlog-core returns it as data).
pub(crate) fn open_store(dir: &Path) -> Result<Store> {
    let mut store = Store::open(dir)?;
    say_notices(&mut store);
    Ok(store)
}

fn say_notices(store: &mut Store) {
    for n in store.notices.drain(..) {
        eprintln!("runlog: {n}");
    }
}

/// How long to wait for another runlog on the same folder
/// (`RUNLOG_LOCK_WAIT_S`, default 30 s), saying so on stderr.
pub(crate) fn lock_wait() -> runlog_core::store::Wait {
    runlog_core::store::Wait {
        limit: runlog_core::store::lock_wait(),
        told: |what| eprintln!("runlog: {what}"),
    }
}

/// The lines an import prints: every skip and warning (also with
/// `--quiet`: they are what quiet keeps), and merged duplicates.
pub(crate) fn print_import(r: &ingest::Report, quiet: bool) -> String {
    let mut out = String::new();
    for (file, why) in &r.skipped {
        say!(
            out,
            "skipped  {}: {}",
            sanitize(file),
            sanitize(&why.to_string())
        );
    }
    for (file, w) in &r.warnings {
        say!(out, "warning  {}: {}", sanitize(file), sanitize(w));
    }
    if !quiet {
        for (file, of) in &r.duplicates {
            say!(out, "same run {} = {}", sanitize(file), sanitize(of));
        }
    }
    out
}

/// One activity as `runlog activities` shows it. The JSON keys are a
/// documented interface: add, never rename.
#[derive(Serialize)]
struct ActivityRow {
    id: String,
    source: String,
    format: String,
    /// Where the numbers came from: "fit", "gpx", "tcx", "apple_health".
    source_kind: String,
    sport: String,
    start: String,
    elapsed_s: f64,
    moving_s: f64,
    distance_m: Option<f64>,
    ascent_m: Option<f64>,
    avg_hr: Option<f64>,
    max_hr: Option<f64>,
    cadence_spm: Option<f64>,
    records: u32,
    has_gps: Option<bool>,
    sub_sport: Option<String>,
    device: Option<String>,
    name: Option<String>,
    laps: Option<u32>,
    duplicates: Vec<String>,
    /// The multisport event this is a leg of, and which leg (from 1).
    event: Option<String>,
    leg: Option<u32>,
}

/// `runlog activities`: every stored activity, or those of the weeks
/// asked for (a terminal's last 12), as the period's cut holds them.
fn activities(
    common: &Common,
    period: &PeriodArgs,
    format: OutputFormat,
    screen: Screen,
) -> Result<()> {
    let ctx = Context::load(&common.dir)?;
    let config = &ctx.config;
    let units = config.display.units;
    let store = open_store(&common.dir)?;
    let spec = listing::spec(&ctx, period, format == OutputFormat::Table)?;
    // Every week: the store as it is (also the activities no week holds,
    // with a date that cannot be real); a period: the runs of its cut.
    let (kept, footer) = match spec {
        Spec::All => (None, None),
        spec => {
            let whole = analyse_store(&ctx, &store, false)?;
            let shown = listing::Shown::new(&ctx, &whole, spec);
            let ids: std::collections::HashSet<String> =
                shown.a().load.runs.iter().map(|r| r.id.clone()).collect();
            (Some(ids), shown.footer("activities"))
        }
    };
    let listed: Vec<&runlog_core::model::Activity> = store
        .activities
        .iter()
        .filter(|a| kept.as_ref().is_none_or(|ids| ids.contains(&a.id)))
        .collect();
    let local: Vec<chrono::NaiveDateTime> = listed
        .iter()
        .map(|a| runlog_core::analysis::load::local_start(a, config))
        .collect();
    let rows: Vec<ActivityRow> = listed
        .iter()
        .map(|a| {
            let s = &a.summary;
            ActivityRow {
                id: a.id.clone(),
                source: a.source.clone(),
                format: s.format.to_string(),
                source_kind: s.format.as_str().to_string(),
                sport: s.sport.clone(),
                start: s.start.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                elapsed_s: round(s.elapsed_s, 3),
                moving_s: round(s.moving_s, 3),
                distance_m: s.distance_m.map(|d| round(d, 2)),
                ascent_m: s.ascent_m.map(|d| round(d, 1)),
                avg_hr: s.avg_hr.map(|d| round(d, 2)),
                max_hr: s.max_hr,
                cadence_spm: s.cadence_spm.map(|d| round(d, 1)),
                records: s.records,
                has_gps: Some(s.has_gps),
                sub_sport: s.sub_sport.clone(),
                device: s.device.clone(),
                name: s.name.clone(),
                laps: s.laps,
                duplicates: a.duplicates.clone(),
                event: s.event.clone(),
                leg: s.leg,
            }
        })
        .collect();
    if format == OutputFormat::Table {
        let mut table = output::table_to_fit(
            &table_view(&rows, &local, units),
            screen,
            &["source", "spm", "gps", "avg_hr", units.pace_label(), "name"],
        );
        if let Some(f) = footer {
            say!(table, "{f}");
        }
        emit(&output::wrap_text(&sanitize(&table), screen))
    } else {
        emit(&output::render(&rows, format))
    }
}

/// The terminal table shows the columns a person scans for, the start in
/// local time (as the report does), distances and paces in the configured
/// units; CSV and JSON carry everything, in SI and UTC.
fn table_view(
    rows: &[ActivityRow],
    local: &[chrono::NaiveDateTime],
    units: Units,
) -> Vec<serde_json::Value> {
    rows.iter()
        .zip(local)
        .map(|(r, start)| {
            let metres = r.distance_m.filter(|d| *d > 0.0);
            let mut row = serde_json::Map::new();
            let mut put = |k: &str, v: serde_json::Value| {
                row.insert(k.to_string(), v);
            };
            put(
                "start",
                start.format("%a %Y-%m-%d %H:%M").to_string().into(),
            );
            put("sport", r.sport.clone().into());
            put("min", round(r.moving_s / 60.0, 1).into());
            put(
                units.label(),
                metres.map(|d| round(units.from_m(d), 2)).into(),
            );
            put(
                units.pace_label(),
                metres.and_then(|d| units.pace(r.moving_s, d)).into(),
            );
            put("avg_hr", r.avg_hr.map(f64::round).into());
            put("spm", r.cadence_spm.map(f64::round).into());
            put(
                "gps",
                if r.has_gps == Some(true) { "yes" } else { "no" }.into(),
            );
            put("name", r.name.clone().into());
            put("source", r.source.clone().into());
            serde_json::Value::Object(row)
        })
        .collect()
}

/// The weeks table in the configured units: `distance_km` becomes
/// `distance_mi` in miles. The load keeps its metric's unit (km for the
/// distance metric), as the flags and thresholds do; JSON and CSV are not
/// converted.
fn weeks_table<T: Serialize>(weeks: &[T], units: Units) -> Vec<serde_json::Value> {
    let rows: Vec<serde_json::Value> = weeks
        .iter()
        .filter_map(|w| serde_json::to_value(w).ok())
        .collect();
    if units == Units::Km {
        return rows;
    }
    rows.into_iter()
        .map(|w| match w {
            serde_json::Value::Object(m) => {
                let converted = m
                    .into_iter()
                    .map(|(k, v)| {
                        let to_unit = |v: serde_json::Value| {
                            v.as_f64()
                                .map(|km| round(units.from_km(km), 2).into())
                                .unwrap_or(v)
                        };
                        match k.as_str() {
                            "distance_km" => (format!("distance_{}", units.label()), to_unit(v)),
                            _ => (k, v),
                        }
                    })
                    .collect();
                serde_json::Value::Object(converted)
            }
            other => other,
        })
        .collect()
}

/// An import refused because the log folder cannot be written at all
/// (permissions, a read-only file system): its store's lock cannot be made.
fn read_only(e: &Error, dir: &Path) -> bool {
    use std::io::ErrorKind::{PermissionDenied, ReadOnlyFilesystem};
    matches!(e, Error::Io { path, source }
        if path.starts_with(dir.join(".runlog"))
            && matches!(source.kind(), PermissionDenied | ReadOnlyFilesystem))
}

/// Best effort, through `opener` (which honours `$BROWSER`): the report
/// is written either way.
fn open_in_browser(path: &Path) {
    if let Err(e) = opener::open_browser(path) {
        eprintln!(
            "runlog: could not open {} ({e}); open it by hand",
            path.display()
        );
    }
}

/// Everything the analysis commands share: the context, and the
/// analysis made from its store, diary and scores.
fn analyse(common: &Common, strict: bool) -> Result<(Context, Analysis)> {
    let ctx = Context::load(&common.dir)?;
    let analysis = analyse_in(&ctx, strict)?;
    Ok((ctx, analysis))
}

/// The analysis as of the context's clock. runlog-core returns what it
/// could not place as data; it is said here, once.
fn analyse_in(ctx: &Context, strict: bool) -> Result<Analysis> {
    analyse_store(ctx, &open_store(&ctx.dir)?, strict)
}

/// The analysis of a store already open.
fn analyse_store(ctx: &Context, store: &Store, strict: bool) -> Result<Analysis> {
    let (dir, config) = (&ctx.dir, &ctx.config);
    let diary = read_diary(dir, &config.diary, strict)?;
    let scores = read_scores(dir, config, ctx.today, strict)?;
    let analysis = runlog_core::analysis::run(store, config, diary.as_ref(), scores, ctx.now)?;
    for u in &analysis.load.unplaced_diary {
        eprintln!("diary: {u}");
    }
    Ok(analysis)
}

/// The outcome measures of scores.csv (none without the file). Bad rows,
/// and rows dated before 2000 or in the future, are printed and skipped,
/// as the diary's are.
fn read_scores(
    dir: &Path,
    config: &Config,
    today: chrono::NaiveDate,
    strict: bool,
) -> Result<Vec<diary::scores::Score>> {
    let path = dir.join("scores.csv");
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(path, e)),
    };
    let mut s = diary::scores::parse(&bytes, "scores.csv", &config.diary).map_err(|source| {
        Error::Diary {
            path: path.clone(),
            source,
        }
    })?;
    s.set_aside_implausible("scores.csv", today);
    for p in &s.problems {
        eprintln!("scores: {} (row skipped)", sanitize(&p.to_string()));
    }
    if strict && !s.problems.is_empty() {
        return Err(Error::Strict(format!(
            "{} bad row(s) in scores.csv and --strict was given",
            s.problems.len()
        )));
    }
    Ok(s.entries)
}

/// The diary, or `None` when the runner keeps none. Bad rows are printed
/// (to stderr, so piped CSV/JSON stays clean) and skipped unless `strict`.
fn read_diary(dir: &Path, options: &diary::Options, strict: bool) -> Result<Option<diary::Diary>> {
    let path = dir.join("pain.csv");
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(path, e)),
    };
    let d = diary::parse_with(&bytes, "pain.csv", options).map_err(|source| Error::Diary {
        path: path.clone(),
        source,
    })?;
    for p in &d.problems {
        eprintln!("diary: {p} (row skipped)");
    }
    if !d.ignored_columns.is_empty() {
        eprintln!(
            "diary: ignored unknown column(s): {}",
            d.ignored_columns.join(", ")
        );
    }
    if strict && !d.problems.is_empty() {
        return Err(Error::Strict(format!(
            "{} bad diary row(s) and --strict was given",
            d.problems.len()
        )));
    }
    Ok(Some(d))
}

fn weeks(
    common: &Common,
    period: &PeriodArgs,
    format: OutputFormat,
    strict: bool,
    screen: Screen,
) -> Result<()> {
    let (ctx, a) = analyse(common, strict)?;
    let config = &ctx.config;
    let spec = listing::spec(&ctx, period, format == OutputFormat::Table)?;
    let shown = listing::Shown::new(&ctx, &a, spec);
    let weeks = &shown.a().load.weeks;
    if format != OutputFormat::Table {
        return emit(&output::render(weeks, format));
    }
    let rows = weeks_table(weeks, config.display.units);
    let mut out = match screen.width {
        // Piped: every column, as scripts expect.
        None => output::table(&rows),
        Some(_) => output::table_to_fit(
            &narrow_weeks(&rows),
            screen,
            &[
                "walks",
                "pain_max",
                "acwr_ewma",
                "distance_km",
                "distance_mi",
                "marks",
            ],
        ),
    };
    say!(
        out,
        "– = not available: the ratios need {} days of history, pain needs diary entries that week",
        runlog_core::analysis::load::MIN_HISTORY_DAYS
    );
    if screen.width.is_some() {
        say!(out, "More columns: --wide, or --format csv / json.");
    }
    if !a.diary_present {
        say!(out, "No pain diary (pain.csv): load is shown alone.");
    }
    if let Some(gap) = runlog_core::analysis::flags::long_gap(&a) {
        say!(out, "{gap}");
    }
    if let Some(f) = shown.footer("weeks") {
        say!(out, "{f}");
    }
    emit(&sanitize(&output::wrap_text(&out, screen)))
}

/// The weeks' columns a person scans on a terminal, with the week's marks
/// (load jump, flag, pain spike) in one column.
fn narrow_weeks(rows: &[serde_json::Value]) -> Vec<serde_json::Value> {
    const KEEP: [&str; 11] = [
        "week",
        "start",
        "runs",
        "walks",
        "distance_km",
        "distance_mi",
        "moving_min",
        "load",
        "load_change_pct",
        "acwr_ewma",
        "pain_mean",
    ];
    rows.iter()
        .map(|w| {
            let mut m = serde_json::Map::new();
            for k in KEEP {
                if let Some(v) = w.get(k) {
                    m.insert(k.into(), v.clone());
                }
            }
            if let Some(v) = w.get("pain_max") {
                m.insert("pain_max".into(), v.clone());
            }
            let on = |k: &str| w.get(k).and_then(serde_json::Value::as_bool) == Some(true);
            let marks: Vec<&str> = [
                ("flag", "FLAG"),
                ("load_jump", "jump"),
                ("pain_spike", "pain spike"),
            ]
            .into_iter()
            .filter(|(k, _)| on(k))
            .map(|(_, v)| v)
            .collect();
            m.insert("marks".into(), marks.join(", ").into());
            serde_json::Value::Object(m)
        })
        .collect()
}

/// How `runlog flags` prints: the answer, with `--explain` the evidence
/// too, or JSON with everything.
struct FlagsShown {
    format: FlagsFormat,
    explain: bool,
}

fn flags(
    common: &Common,
    period: &PeriodArgs,
    how: FlagsShown,
    strict: bool,
    screen: Screen,
) -> Result<()> {
    use runlog_core::analysis::flags_text::{View, to_text};
    let (ctx, a) = analyse(common, strict)?;
    let table = how.format == FlagsFormat::Table;
    let shown = listing::Shown::new(&ctx, &a, listing::spec(&ctx, period, table)?);
    if !table {
        return emit(&(runlog_core::analysis::flags::to_json(shown.a()) + "\n"));
    }
    let footer = shown.footer("flags");
    let view = View {
        a: shown.a(),
        whole: &a,
        explain: how.explain,
        shown: footer.as_deref(),
    };
    emit(&output::wrap_text(
        &sanitize(&to_text(&view, &ctx.config)),
        screen,
    ))
}

fn plan(ctx: &Context, period: &PeriodArgs, format: OutputFormat, screen: Screen) -> Result<()> {
    let whole = analyse_in(ctx, false)?;
    let config = &ctx.config;
    if config.plan.start.is_none() {
        return emit(&format!("{}\n", runlog_core::analysis::plan::NO_PLAN));
    }
    let spec = listing::spec(ctx, period, format == OutputFormat::Table)?;
    let shown = listing::Shown::new(ctx, &whole, spec);
    let a = shown.a();
    if format != OutputFormat::Table {
        return emit(&output::render(&a.plan, format));
    }
    let mut out = on_hold(a).unwrap_or_default();
    out.push_str(&output::table_to_fit(
        &plan_rows(&a.plan),
        screen,
        &["pain_max", "walk_min", "jog_min", "sessions", "ratio"],
    ));
    for w in a.plan.iter().filter(|w| w.ahead) {
        let pain = match (w.pain_mean, w.pain_max) {
            (Some(m), Some(x)) => format!("pain that week: mean {m:.1}, max {x:.1}"),
            _ => "no diary entries that week".into(),
        };
        say!(
            out,
            "{}: ahead of the plan: {}; {pain}",
            w.week,
            w.ahead_reason.clone().unwrap_or_default()
        );
    }
    if let Some(s) = runlog_core::analysis::plan::adherence_sentence(&a.plan) {
        say!(out, "{s}");
    }
    if let Some(f) = shown.footer("plan") {
        say!(out, "{f}");
    }
    emit(&sanitize(&output::wrap_text(&out, screen)))
}

/// The red-flag notice and the plan put on hold, first in every plan
/// output while a red flag stops the training advice.
fn on_hold(a: &Analysis) -> Option<String> {
    let why = a.advice.withheld_text()?;
    let notice = runlog_core::analysis::flags::red_flag_notice(&a.red_flags);
    Some(format!(
        "{}\n\nPlan on hold: {why}\n\n",
        notice.unwrap_or_default()
    ))
}

/// `runlog plan --workouts DIR`: next week's sessions as FIT workout
/// files, or why there are none (exit 0 either way: nothing went wrong).
fn plan_workouts(ctx: &Context, quiet: bool, dest: &Path) -> Result<()> {
    use runlog_core::analysis::workouts::{self, NotWritten};
    runlog_report::preflight_workouts(&ctx.dir, dest)?;
    let a = analyse_in(ctx, false)?;
    let screen = Screen::detect(false);
    let none = " No workouts were written.";
    let planned = match workouts::plan(&a, &ctx.config, ctx.today) {
        Ok(p) => p,
        Err(NotWritten::RedFlag) => {
            let text = on_hold(&a).unwrap_or_default();
            return emit(&output::wrap_text(
                &format!("{}{none}\n", text.trim_end()),
                screen,
            ));
        }
        Err(NotWritten::NoPlan) => {
            let text = format!("{}{none}\n", runlog_core::analysis::plan::NO_PLAN);
            return emit(&output::wrap_text(&text, screen));
        }
        Err(NotWritten::Because(why)) => {
            return emit(&output::wrap_text(&format!("{why}\n"), screen));
        }
    };
    let files: Vec<(String, Vec<u8>)> = planned
        .sessions
        .iter()
        .map(|w| {
            (
                w.file_name.clone(),
                runlog_core::import::fit::encode::workout(w),
            )
        })
        .collect();
    let written = runlog_report::write_workouts(&ctx.dir, dest, &files)?;
    if quiet {
        return Ok(());
    }
    let mut out = String::new();
    for line in &planned.lines {
        say!(out, "{line}");
    }
    for p in &written {
        say!(out, "wrote    {}", p.display());
    }
    say!(
        out,
        "On a Garmin watch: copy the .fit files into GARMIN/NewFiles over USB; the watch lists them with its workouts. Other watches: import them in the maker's app."
    );
    emit(&output::wrap_text(&out, screen))
}

/// The plan table's columns, as a person scans them.
fn plan_rows(plan: &[runlog_core::analysis::plan::PlanWeek]) -> Vec<serde_json::Value> {
    plan.iter()
        .map(|w| {
            serde_json::json!({
                "week": w.week,
                "stage": w.stage,
                "planned": w.planned,
                "sessions": w.sessions,
                "adherence": runlog_core::analysis::plan::week_adherence(w),
                "min": w.minutes,
                "jog_min": w.jog_min,
                "walk_min": w.walk_min,
                "ratio": w.ratio,
                "ahead": if w.ahead { "AHEAD" } else { "" },
                "pain_mean": w.pain_mean,
                "pain_max": w.pain_max,
            })
        })
        .collect()
}

fn report(
    ctx: &Context,
    common: &Common,
    spec: Spec,
    dest: Option<PathBuf>,
    open: bool,
    generated_at: Option<String>,
    strict: bool,
) -> Result<()> {
    let dir = &ctx.dir;
    if let Some(dest) = &dest {
        runlog_report::preflight(dir, dest)?;
    }
    // Every refusal before the import: a bad --generated-at too.
    let generated = runlog_report::generated_at(generated_at.as_deref(), ctx.now)?;
    let mut out = String::new();
    if dir.join("exports").is_dir() {
        // Problems get their lines; the counts only when something changed.
        match run_import(ctx, true, &[]) {
            Ok(r) => {
                out.push_str(&print_import(&r, true));
                if !common.quiet && (!r.imported.is_empty() || !r.skipped.is_empty()) {
                    say!(out, "import: {}", r.summary_line());
                }
            }
            // A report only reads the store: a log folder it may not
            // write (a read-only mount, a shared copy) still gets one.
            Err(e) if read_only(&e, dir) => eprintln!(
                "runlog: warning: {} cannot be written ({}), so exports/ was not imported: the report shows the activities already stored. To import new exports, make the folder writable (or run `runlog import` where it is)",
                dir.display(),
                sanitize(&e.chain())
            ),
            Err(e) => return Err(e),
        }
    }
    let analysis = analyse_in(ctx, strict)?;
    let span = spec
        .resolve(&analysis, ctx.today)
        .filter(|_| !analysis.load.days.is_empty())
        .ok_or_else(|| {
            Error::Usage(format!(
                "nothing to report: no activities and no diary entries in {}; add exports and run again",
                dir.display()
            ))
        })?;
    let period = Period::of(&analysis, span, ctx.config.report.notes);
    let written = runlog_report::write(dir, &period, &ctx.config, dest, &generated)?;
    if !common.quiet {
        for p in &written.files {
            say!(out, "wrote    {}", p.display());
        }
        for line in &written.summary {
            say!(out, "{}", sanitize(line));
        }
    }
    emit(&out)?;
    if open {
        open_in_browser(&written.html);
    }
    Ok(())
}
