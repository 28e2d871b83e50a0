//! `runlog`: the command line over runlog-core's pipeline and
//! runlog-report's report. `main` only turns the outcome into an exit code.

mod cli;
mod commands;
mod context;
mod output;
mod progress;

fn main() -> std::process::ExitCode {
    commands::run(std::env::args_os())
}
