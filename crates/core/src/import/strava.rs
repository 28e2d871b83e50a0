//! Strava's bulk export: `activities.csv` names each activity file and holds
//! what only the runner knows about it (its name, its type, how hard it
//! felt). Its header changes with the account's language and the export's
//! year, and repeats some names, so columns are matched by name, the first
//! non-empty cell wins, and any column may be missing.

use std::collections::HashMap;
use std::path::Path;

/// What `activities.csv` says about one activity file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    pub name: Option<String>,
    /// Strava's activity type ("Run", "Walk", "Trail Run", …).
    pub activity_type: Option<String>,
    /// "Perceived Exertion", 1–10, as the runner logged it.
    pub rpe: Option<f64>,
    /// Strava's heart-rate based "Relative Effort".
    pub relative_effort: Option<f64>,
}

impl Meta {
    pub fn is_empty(&self) -> bool {
        *self == Meta::default()
    }
}

/// Header names by field, in the languages Strava exports most often.
const FILENAME: &[&str] = &[
    "filename",
    "dateiname",
    "nom du fichier",
    "nombre de archivo",
    "bestandsnaam",
];
const NAME: &[&str] = &[
    "activity name",
    "aktivitätsname",
    "nom de l'activité",
    "nombre de la actividad",
    "naam activiteit",
];
const TYPE: &[&str] = &[
    "activity type",
    "aktivitätsart",
    "type d'activité",
    "tipo de actividad",
    "activiteitstype",
];
const RPE: &[&str] = &[
    "perceived exertion",
    "wahrgenommene anstrengung",
    "effort perçu",
    "esfuerzo percibido",
];
const EFFORT: &[&str] = &[
    "relative effort",
    "relativer aufwand",
    "effort relatif",
    "esfuerzo relativo",
];

/// Is this file a Strava export index?
pub fn is_index(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.eq_ignore_ascii_case("activities.csv"))
}

/// Parse `activities.csv` into a map from the activity file's path, as
/// written in the export (`activities/123.fit.gz`), to its metadata. A file
/// without a filename column yields nothing: it cannot be matched.
pub fn parse_index(bytes: &[u8]) -> HashMap<String, Meta> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut records = rdr.records().filter_map(Result::ok);
    let Some(header) = records.next() else {
        return HashMap::new();
    };
    let cols = |names: &[&str]| -> Vec<usize> {
        header
            .iter()
            .enumerate()
            .filter(|(_, h)| names.contains(&h.trim().to_lowercase().as_str()))
            .map(|(i, _)| i)
            .collect()
    };
    let (file, name, kind, rpe, effort) = (
        cols(FILENAME),
        cols(NAME),
        cols(TYPE),
        cols(RPE),
        cols(EFFORT),
    );
    let mut out = HashMap::new();
    for r in records {
        let first = |idx: &[usize]| {
            idx.iter()
                .filter_map(|&i| r.get(i))
                .map(str::trim)
                .find(|v| !v.is_empty())
                .map(str::to_string)
        };
        let number = |idx: &[usize]| {
            first(idx)
                .and_then(|v| v.replace(',', ".").parse::<f64>().ok())
                .filter(|v| v.is_finite())
        };
        let Some(f) = first(&file) else { continue };
        out.insert(
            normalise(&f),
            Meta {
                name: first(&name),
                activity_type: first(&kind),
                rpe: number(&rpe).filter(|v| (0.0..=10.0).contains(v)),
                relative_effort: number(&effort),
            },
        );
    }
    out
}

/// Paths compared as `/`-separated, without a leading `./`.
pub fn normalise(p: &str) -> String {
    p.trim()
        .replace('\\', "/")
        .trim_start_matches("./")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_english_header_with_repeated_columns() {
        let csv = "\u{feff}Activity ID,Activity Date,Activity Name,Activity Type,Relative Effort,Filename,Perceived Exertion,Relative Effort\n\
                   1,\"May 29, 2022\",Laufen Landal Park,Run,,activities/1.fit.gz,6,41\n\
                   2,x,Evening Walk,Walk,,activities/2.gpx.gz,,\n\
                   3,x,No file,Run,,,,\n";
        let m = parse_index(csv.as_bytes());
        assert_eq!(m.len(), 2);
        let a = &m["activities/1.fit.gz"];
        assert_eq!(a.name.as_deref(), Some("Laufen Landal Park"));
        assert_eq!(a.activity_type.as_deref(), Some("Run"));
        assert_eq!(a.rpe, Some(6.0));
        assert_eq!(
            a.relative_effort,
            Some(41.0),
            "the second Relative Effort column fills in"
        );
        assert_eq!(m["activities/2.gpx.gz"].rpe, None);
    }

    #[test]
    fn reads_a_german_header_in_another_order_and_tolerates_missing_columns() {
        let csv = "Dateiname;x\n";
        assert!(parse_index(csv.as_bytes()).is_empty() || parse_index(csv.as_bytes()).len() <= 1);
        let csv = "Aktivitätsart,Dateiname,Aktivitätsname\nLauf,activities/9.fit,Morgenlauf\n";
        let m = parse_index(csv.as_bytes());
        assert_eq!(m["activities/9.fit"].activity_type.as_deref(), Some("Lauf"));
        assert_eq!(m["activities/9.fit"].name.as_deref(), Some("Morgenlauf"));
        assert!(parse_index(b"Activity Name\nno filename column\n").is_empty());
        assert!(parse_index(b"").is_empty());
    }
}
