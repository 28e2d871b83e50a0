//! runlog: import watch exports, join them with a pain diary, flag load jumps
//! that line up with pain spikes, and render a report for a physiotherapist.
//!
//! The data travels one way through the modules:
//! `import` → `store` (via `ingest`) → `diary` → `load` → `flags` → `report`,
//! with `cli`/`app` on top and the plain types of `model` in between.

pub mod app;
pub mod cli;
pub mod config;
pub mod derived;
pub mod diary;
pub mod error;
pub mod flags;
pub mod import;
pub mod ingest;
pub mod load;
pub mod model;
pub mod output;
pub mod plan;
pub mod progress;
pub mod report;
pub mod segment;
pub mod sport;
pub mod store;
pub mod synth;

pub use app::run;
pub use model::*;
