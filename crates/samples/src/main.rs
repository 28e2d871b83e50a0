//! Writes the synthetic samples (or a large archive) with `runlog_samples`.
//!
//! ```text
//! gen-samples [DIR]                              samples into DIR (default: samples)
//! gen-samples --archive DIR --runs N [--seed S]  N runs into DIR, for benchmarks
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str =
    "usage: gen-samples [DIR]\n       gen-samples --archive DIR --runs N [--seed S]";

/// What the command line asks for.
enum Job {
    Samples(PathBuf),
    Archive {
        dir: PathBuf,
        runs: usize,
        seed: u64,
    },
}

fn parse(args: &[String]) -> Result<Job, String> {
    match args {
        [] => Ok(Job::Samples(PathBuf::from("samples"))),
        [dir] if !dir.starts_with('-') => Ok(Job::Samples(PathBuf::from(dir))),
        [flag, dir, rest @ ..] if flag == "--archive" => parse_archive(PathBuf::from(dir), rest),
        _ => Err(format!("unexpected arguments: {}", args.join(" "))),
    }
}

fn parse_archive(dir: PathBuf, mut rest: &[String]) -> Result<Job, String> {
    let (mut runs, mut seed) = (None, 1);
    while let [flag, value, tail @ ..] = rest {
        let bad = |what| format!("{flag} needs {what}, got {value:?}");
        match flag.as_str() {
            "--runs" => runs = Some(value.parse().map_err(|_| bad("a count"))?),
            "--seed" => seed = value.parse().map_err(|_| bad("an unsigned integer"))?,
            _ => return Err(format!("unknown option {flag}")),
        }
        rest = tail;
    }
    if let [extra, ..] = rest {
        return Err(format!("{extra} needs a value"));
    }
    let runs = runs.ok_or("--archive needs --runs N")?;
    Ok(Job::Archive { dir, runs, seed })
}

fn run(job: Job) -> anyhow::Result<()> {
    match job {
        Job::Samples(dir) => {
            let info = runlog_samples::write_samples(&dir)?;
            // The samples' settings: the defaults, with a name that says the
            // data are made up.
            let toml = runlog_core::config::default_toml()
                .replace("name = \"\"", "name = \"Sample Runner (synthetic data)\"")
                .replace("# start = \"2026-07-27\"", "start = \"2026-07-27\"");
            std::fs::write(dir.join("runlog.toml"), toml)?;
            println!("wrote samples into {}", dir.display());
            for f in &info.files {
                println!("  {f}");
            }
            println!("{info}");
        }
        Job::Archive { dir, runs, seed } => {
            let bytes = runlog_samples::write_archive(&dir, runs, seed)?;
            println!("wrote {runs} runs ({bytes} bytes) into {}", dir.display());
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if matches!(args.first().map(String::as_str), Some("-h" | "--help")) {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let job = match parse(&args) {
        Ok(job) => job,
        Err(e) => {
            eprintln!("gen-samples: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(job) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen-samples: {e:#}");
            ExitCode::from(1)
        }
    }
}
