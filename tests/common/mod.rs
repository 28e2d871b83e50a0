//! Helpers the integration tests share: the binary as a user runs it, and
//! a private copy of `samples/` to run it on.
#![allow(dead_code)] // each test crate uses its own subset

use assert_cmd::Command;
use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `runlog ARGS --dir DIR`, with the environment the tests must not inherit.
pub fn runlog(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::cargo_bin("runlog").unwrap();
    c.env_remove("SOURCE_DATE_EPOCH")
        .env_remove("RUNLOG_DIR")
        .args(args)
        .arg("--dir")
        .arg(dir);
    c
}

/// Stdout of a command that must succeed (the failure shows both streams).
pub fn stdout(mut c: Command) -> String {
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

pub fn json(c: Command) -> serde_json::Value {
    serde_json::from_str(&stdout(c)).unwrap()
}

/// Stdout and stderr together, whatever the exit status: what the user saw.
pub fn all_output(mut c: Command) -> String {
    let out = c.output().unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// An empty log folder (an empty runlog.toml: the defaults), as
/// `runlog init --no-input` would make, for tests that fill exports/.
pub fn log_dir() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("runlog.toml"), "").unwrap();
    d
}

/// A copy of `samples/` without its generated store and reports, so the
/// repository's copy is never modified and tests share no state.
pub fn fresh_samples() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&root().join("samples"), tmp.path());
    tmp
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let name = e.file_name();
        if name == ".runlog" || name == "reports" {
            continue;
        }
        let target = to.join(&name);
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// What `runlog ARGS --dir DIR` prints on a pseudo-terminal of `cols`
/// columns and `rows` rows (util-linux's `script`; 0 rows as some CI
/// pseudo-terminals report), `COLUMNS` unset, line ends as the terminal
/// gives them turned back into `\n`. The command must succeed.
#[cfg(target_os = "linux")]
pub fn on_terminal(dir: &Path, cols: u16, rows: u16, args: &[&str]) -> String {
    let bin = assert_cmd::cargo::cargo_bin("runlog");
    let line = format!(
        "stty cols {cols} rows {rows}; {} {} --dir {}",
        bin.display(),
        args.join(" "),
        dir.display()
    );
    let o = std::process::Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .env_remove("RUNLOG_DIR")
        .env_remove("COLUMNS")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("util-linux's script (a pseudo-terminal)");
    let text = String::from_utf8_lossy(&o.stdout).replace("\r\n", "\n");
    assert!(o.status.success(), "{args:?} at {cols}x{rows}: {text}");
    text
}
