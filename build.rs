//! Tells the tests what this machine has, so a test that needs something
//! outside the repository shows as *ignored* (with the reason) when it is
//! missing, never as passed:
//! - `cfg(corpus)`: `RUNLOG_CORPUS` is set (the third-party corpus);
//! - `cfg(browser)`: Chromium is installed, or `RUNLOG_REQUIRE_BROWSER` is
//!   set (then a missing browser fails the test);
//! - `cfg(fit_sdk)`: `RUNLOG_FIT_SDK_PYTHON` names a Python with Garmin's
//!   FIT SDK (`garmin-fit-sdk`), the independent decoder of the workouts.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(corpus)");
    println!("cargo::rustc-check-cfg=cfg(browser)");
    println!("cargo::rustc-check-cfg=cfg(fit_sdk)");
    println!("cargo::rerun-if-env-changed=RUNLOG_CORPUS");
    println!("cargo::rerun-if-env-changed=RUNLOG_REQUIRE_BROWSER");
    println!("cargo::rerun-if-env-changed=RUNLOG_FIT_SDK_PYTHON");
    println!("cargo::rerun-if-env-changed=PATH");
    if std::env::var_os("RUNLOG_CORPUS").is_some() {
        println!("cargo::rustc-cfg=corpus");
    }
    if std::env::var_os("RUNLOG_FIT_SDK_PYTHON").is_some() {
        println!("cargo::rustc-cfg=fit_sdk");
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
