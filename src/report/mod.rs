//! Report (being written).
use crate::config::Config;
use crate::error::Result;
use crate::load::Analysis;
use std::path::{Path, PathBuf};
pub enum Period {
    Weeks(u32),
    Dates(chrono::NaiveDate, chrono::NaiveDate),
}
pub struct Written {
    pub files: Vec<PathBuf>,
    pub summary: Vec<String>,
    pub html: PathBuf,
}
pub fn generated_at(_s: Option<&str>) -> Result<String> {
    Ok(String::new())
}
pub fn write(
    _d: &Path,
    _a: &Analysis,
    _c: &Config,
    _p: Period,
    _o: Option<PathBuf>,
    _g: &str,
) -> Result<Written> {
    Ok(Written {
        files: vec![],
        summary: vec![],
        html: PathBuf::new(),
    })
}
pub fn open_in_browser(_p: &Path) {}
