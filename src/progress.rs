//! The only place that builds progress bars, so every command behaves the
//! same: a bar on a terminal, nothing when stderr is redirected or `--quiet`.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// An import's progress as an indicatif bar.
pub struct Bar(ProgressBar);

impl Bar {
    pub fn new(what: &str, quiet: bool) -> Bar {
        if quiet || !std::io::stderr().is_terminal() {
            return Bar(ProgressBar::with_draw_target(
                None,
                ProgressDrawTarget::hidden(),
            ));
        }
        let bar = ProgressBar::new(0);
        let style = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} files ({eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        bar.set_message(what.to_string());
        Bar(bar)
    }
}

impl runlog_core::ingest::Progress for Bar {
    fn start(&self, files: u64) {
        if files == 0 {
            self.0.set_draw_target(ProgressDrawTarget::hidden());
        }
        self.0.set_length(files);
    }

    fn advance(&self) {
        self.0.inc(1);
    }

    fn finish(&self) {
        self.0.finish_and_clear();
    }
}
