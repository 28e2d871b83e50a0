//! Synthetic, reproducible watch exports and a pain diary (being written).

pub mod fit;
pub mod gpx;
pub mod rng;
pub mod run;
