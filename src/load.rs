//! Weekly load (being written).
use crate::config::Config;
use crate::error::Result;
use crate::store::Store;
#[derive(Debug, Default)]
pub struct Analysis {
    pub weeks: Vec<serde_json::Value>,
}
pub fn analyse(_s: &Store, _d: Option<&crate::diary::Diary>, _c: &Config) -> Result<Analysis> {
    Ok(Analysis::default())
}
