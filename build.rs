//! Tells the tests what this machine has, so a test that needs something
//! outside the repository shows as *ignored* (with the reason) when it is
//! missing, never as passed:
//! - `cfg(corpus)`: `RUNLOG_CORPUS` is set (the third-party corpus);
//! - `cfg(browser)`: Chromium is installed, or `RUNLOG_REQUIRE_BROWSER` is
//!   set (then a missing browser fails the test).

fn main() {
    println!("cargo::rustc-check-cfg=cfg(corpus)");
    println!("cargo::rustc-check-cfg=cfg(browser)");
    println!("cargo::rerun-if-env-changed=RUNLOG_CORPUS");
    println!("cargo::rerun-if-env-changed=RUNLOG_REQUIRE_BROWSER");
    println!("cargo::rerun-if-env-changed=PATH");
    if std::env::var_os("RUNLOG_CORPUS").is_some() {
        println!("cargo::rustc-cfg=corpus");
    }
    if std::env::var_os("RUNLOG_REQUIRE_BROWSER").is_some() || chromium_on_path() {
        println!("cargo::rustc-cfg=browser");
    }
}

fn chromium_on_path() -> bool {
    let Some(path) = std::env::var_os("PATH") else {
        return false;
    };
    std::env::split_paths(&path).any(|dir| {
        ["chromium", "chromium-browser", "google-chrome"]
            .iter()
            .any(|b| dir.join(b).is_file())
    })
}
