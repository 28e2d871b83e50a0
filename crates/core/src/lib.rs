//! runlog's pipeline, one module per stage the data travels:
//! `import` (fit, gpx, tcx, archives) → `ingest` → `store` → `diary` →
//! `analysis` (load, flags, plan) , with the plain types of `model` in
//! between. Each stage takes the types of the one before and never reaches
//! into a later one. The command line (`runlog`) and the report
//! (`runlog-report`) sit on top.

pub mod analysis;
pub mod config;
pub mod csv;
pub mod dates;
pub mod diary;
pub mod error;
pub mod import;
pub mod ingest;
pub mod metrics;
pub mod model;
pub mod numbers;
pub mod sport;
pub mod store;
pub mod text;
pub mod units;
