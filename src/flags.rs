//! Flags (being written).
use crate::load::Analysis;
pub fn to_json(_a: &Analysis) -> String {
    String::new()
}
pub fn to_text(_a: &Analysis) -> String {
    String::new()
}
