//! Garmin Connect's bulk export: beside the FIT files (named by upload id,
//! so their names say nothing), `DI_CONNECT/DI-Connect-Fitness/
//! *_summarizedActivities.json` lists every activity with the name the
//! runner sees in Connect ("Lunch Run", or their own title). The list and
//! the files share no id, so a name is matched to an activity by its start.

use chrono::{DateTime, Utc};
use serde::Deserialize;

/// A listed start this close to an activity's start is the same activity:
/// both come from the watch's clock, so they agree to the second.
pub const SAME_START_S: i64 = 60;

/// Is this (a `/`-separated name or a file name) a Garmin activity list?
pub fn is_list(name: &str) -> bool {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    file.to_ascii_lowercase()
        .ends_with("summarizedactivities.json")
}

/// One listed activity that has a name.
#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    pub start: DateTime<Utc>,
    pub name: String,
}

/// The list as Garmin writes it: `[{"summarizedActivitiesExport": [...]}]`.
#[derive(Deserialize)]
#[serde(untagged)]
enum Top {
    Pages(Vec<Page>),
    Page(Page),
}

#[derive(Deserialize)]
struct Page {
    #[serde(rename = "summarizedActivitiesExport", default)]
    activities: Vec<Entry>,
}

/// What runlog reads of an entry; every other field is skipped.
#[derive(Deserialize)]
struct Entry {
    #[serde(default)]
    name: Option<String>,
    /// Milliseconds since the Unix epoch, UTC.
    #[serde(rename = "beginTimestamp", default)]
    begin_ms: Option<f64>,
    #[serde(rename = "startTimeGmt", default)]
    start_gmt_ms: Option<f64>,
}

/// The named activities of a list, or why it cannot be read.
pub fn parse_list(bytes: &[u8]) -> Result<Vec<Named>, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let top: Top = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    let pages = match top {
        Top::Pages(p) => p,
        Top::Page(p) => vec![p],
    };
    Ok(pages
        .into_iter()
        .flat_map(|p| p.activities)
        .filter_map(|e| {
            let name = e
                .name
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty())?;
            let ms = e.begin_ms.or(e.start_gmt_ms).filter(|v| v.is_finite())?;
            let start = DateTime::<Utc>::from_timestamp_millis(ms as i64)?;
            Some(Named { start, name })
        })
        .collect())
}

/// The listed name for an activity starting at `start`: the closest listed
/// start within `SAME_START_S`.
pub fn name_for(list: &[Named], start: DateTime<Utc>) -> Option<&str> {
    list.iter()
        .map(|n| ((n.start - start).num_seconds().abs(), n))
        .filter(|(d, _)| *d <= SAME_START_S)
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n.name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_names_and_starts_and_skips_the_rest() {
        let json = r#"[{"summarizedActivitiesExport":[
            {"activityId":1,"name":"Lunch Run","activityType":"running","beginTimestamp":1777890000000.0,"startTimeGmt":1777890000000.0,"duration":1800000.0,"distance":500000.0,"splits":[{"a":1}]},
            {"activityId":2,"name":"  ","beginTimestamp":1777900000000},
            {"activityId":3,"name":null,"startTimeGmt":1777910000000},
            {"activityId":4,"name":"Intervalle am Kanal","startTimeGmt":1777920000000}
        ]}]"#;
        let list = parse_list(json.as_bytes()).unwrap();
        let names: Vec<&str> = list.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["Lunch Run", "Intervalle am Kanal"]);
        assert_eq!(list[0].start.timestamp(), 1_777_890_000);
        let at = |s: i64| DateTime::<Utc>::from_timestamp(s, 0).unwrap();
        assert_eq!(name_for(&list, at(1_777_890_030)), Some("Lunch Run"));
        assert_eq!(name_for(&list, at(1_777_890_000 + 61)), None);
        assert!(parse_list(b"{not json").is_err());
        assert!(parse_list(b"[]").unwrap().is_empty());
        assert!(is_list(
            "DI_CONNECT/DI-Connect-Fitness/jane_0_summarizedActivities.json"
        ));
        assert!(!is_list(
            "DI_CONNECT/DI-Connect-Fitness/jane_personalRecord.json"
        ));
    }
}
