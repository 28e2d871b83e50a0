//! Every key of `runlog.toml`, defined once: what it means and the values
//! it may take. The file `runlog init` writes is made from this table and
//! from the defaults (`Config::default()`, serialised), and the range
//! checks read the same table, so a key's comment, its default and its
//! range can never disagree (issue #31).

use super::Config;

/// One key of a `[table]`.
pub(super) struct Key {
    pub(super) table: &'static str,
    pub(super) name: &'static str,
    /// What it means, for the comment above it.
    pub(super) about: &'static str,
    /// The allowed values, inclusive; `None` for words, names and dates
    /// (checked where they are parsed).
    pub(super) range: Option<(f64, f64)>,
    /// Written commented out, as this example, when the key has no default.
    pub(super) example: Option<&'static str>,
}

const fn key(table: &'static str, name: &'static str, about: &'static str) -> Key {
    Key {
        table,
        name,
        about,
        range: None,
        example: None,
    }
}

const fn num(
    table: &'static str,
    name: &'static str,
    lo: f64,
    hi: f64,
    about: &'static str,
) -> Key {
    Key {
        table,
        name,
        about,
        range: Some((lo, hi)),
        example: None,
    }
}

const fn optional(
    table: &'static str,
    name: &'static str,
    example: &'static str,
    about: &'static str,
) -> Key {
    Key {
        table,
        name,
        about,
        range: None,
        example: Some(example),
    }
}

/// The allowed values of a plan stage's fields: its check and the comment.
pub(super) const STAGE_RANGES: [(&str, f64, f64); 3] = [
    ("weeks", 1.0, 52.0),
    ("minutes", 1.0, 300.0),
    ("sessions", 1.0, 14.0),
];

/// The file's keys in its order, table by table.
pub(super) const KEYS: &[Key] = &[
    key(
        "athlete",
        "name",
        "Shown at the top of the report, so the physiotherapist knows whose it is.",
    ),
    key(
        "athlete",
        "timezone",
        "IANA time zone used to decide which day (and ISO week) a run belongs to.",
    ),
    num(
        "athlete",
        "resting_hr",
        25.0,
        120.0,
        "Heart rate at rest, in beats per minute. It and max_hr feed the heart-rate load (Banister TRIMP, from heart-rate reserve).",
    ),
    num(
        "athlete",
        "max_hr",
        100.0,
        240.0,
        "The highest heart rate you reach, in beats per minute; above resting_hr.",
    ),
    key(
        "athlete",
        "sex",
        "\"female\", \"male\" or \"unspecified\": picks the TRIMP constants a·e^(b·x) (Morton et al. 1990: 0.86·e^(1.67·x) female, 0.64·e^(1.92·x) male; unspecified uses the mean of each, 0.75·e^(1.795·x)).",
    ),
    key(
        "load",
        "metric",
        "Weekly load used for the flags: \"time\" (minutes), \"distance\" (km), \"trimp\" (heart-rate load) or \"srpe\" (session RPE x minutes, needs `rpe` in the diary). \"time\" is the default because every file has it.",
    ),
    key(
        "load",
        "include_walks",
        "Which activities count towards the load: running only (runs, trail runs, treadmill runs, and files that do not say their sport) unless this is true, when walks and hikes count too. Every activity is listed either way.",
    ),
    key(
        "load",
        "include_cross_training",
        "Cycling, swimming and other cross-training are listed but not counted unless this is true.",
    ),
    num(
        "load",
        "peak_weeks",
        1.0,
        12.0,
        "A week at or below the highest of the previous `peak_weeks` weeks only returns to a level already run and is never a weekly load jump.",
    ),
    num(
        "load",
        "jump_pct",
        5.0,
        500.0,
        "Above that peak, a week is a load jump when its load rises more than this percentage over the week before. runlog's own rule, after Nielsen et al. 2014 (874 novices: above 30 % over two weeks no more injuries overall; distance-related injuries hazard ratio 1.59, 95 % CI 0.96-2.66, p = 0.07). With the single long run it sets next week's limit.",
    ),
    num(
        "load",
        "chronic_high",
        1.0,
        5.0,
        "... or when its load is above this times the mean of the previous `chronic_weeks` weeks (the uncoupled acute:chronic ratio; Gabbett's 2016 1.3 was on the coupled ratio and equals 1.44 uncoupled). Context only: contested, never sets next week's limit.",
    ),
    num(
        "load",
        "chronic_weeks",
        1.0,
        12.0,
        "The weeks the chronic mean is taken over.",
    ),
    num(
        "load",
        "acwr_high",
        1.0,
        5.0,
        "... or when its exponentially weighted acute:chronic ratio (Williams et al. 2017) exceeds this; 1.5 is borrowed from the coupled rolling ratio (Gabbett 2016). Context only, like the chronic rule.",
    ),
    num(
        "load",
        "min_running_weeks",
        1.0,
        12.0,
        "Every rule, the single long run's included, waits until this many earlier weeks held counted running: a few walking weeks are not a chronic load of zero.",
    ),
    num(
        "load",
        "session_spike_pct",
        1.0,
        200.0,
        "A single run more than this percentage longer than the longest run of the previous `session_window_days` days is a load jump of its own, dated to that run (by distance, or by minutes for runs without GPS, which applies the study's finding to time by extrapolation). Frandsen et al. 2025, 5,205 runners: above 10 % longer than the 30-day longest, hazard ratio 1.64 (95 % CI 1.31-2.05) for 10-30 %, the primary load signal; it sets the next long run's limit.",
    ),
    num(
        "load",
        "session_window_days",
        7.0,
        90.0,
        "The days the longest run is taken over.",
    ),
    num(
        "load",
        "acwr_low_band",
        0.0,
        5.0,
        "The low end of the acute:chronic band shown as context in the charts; below acwr_high_band.",
    ),
    num("load", "acwr_high_band", 0.0, 5.0, "Its high end."),
    num(
        "load",
        "min_jump_minutes",
        0.0,
        1000.0,
        "The weekly rules only count when the week holds at least this many minutes of counted running, so a short week cannot fire them.",
    ),
    num(
        "load",
        "monotony_high",
        1.0,
        10.0,
        "Weekly monotony (mean daily load / its standard deviation) above this is noted (Foster 1998).",
    ),
    num(
        "pain",
        "spike_points",
        0.5,
        10.0,
        "A pain spike starts on a day whose mean pain is at least this many points (0-10 scale) above your own baseline, the median weekly mean pain of the previous 4 weeks with diary entries. 2 points is about the smallest change people with low back pain notice (Ostelo et al. 2008).",
    ),
    num(
        "pain",
        "threshold",
        0.0,
        10.0,
        "Days with pain at or above this value are counted per week.",
    ),
    num(
        "pain",
        "settle_margin",
        0.0,
        10.0,
        "The pain-monitoring model (Silbernagel et al. 2007, from Achilles tendinopathy; for back pain an extrapolation): pain settles by the next morning when next-morning pain is no higher than the day before plus this.",
    ),
    num(
        "pain",
        "during_max",
        0.0,
        10.0,
        "Pain during a run up to this is acceptable if it settles by the next morning.",
    ),
    num(
        "pain",
        "morning_rise_points",
        0.0,
        10.0,
        "A week whose mean morning pain rises more than this over the week before is named.",
    ),
    num(
        "pain",
        "stiffness_rise_min",
        0.0,
        1440.0,
        "A week whose mean morning stiffness rises more than this many minutes over the week before is named.",
    ),
    num(
        "pain",
        "lag_days",
        1.0,
        60.0,
        "A spike counts as following a load jump when it starts within this many days after the run that pushed the week over the threshold.",
    ),
    num(
        "pain",
        "red_flag_days",
        1.0,
        90.0,
        "A red-flag symptom (bladder or bowel change, saddle numbness, leg weakness or numbness, fever) logged within this many days stops the training advice: the report and `runlog flags` say to contact your clinician instead of next week's limits, and the plan does not move on.",
    ),
    num(
        "segment",
        "jog_cadence_spm",
        60.0,
        250.0,
        "How each activity is split into jogging, walking and standing, from cadence (steps per minute, both feet) and speed (see docs/methods.md). Cadence at or above this is jogging.",
    ),
    num(
        "segment",
        "walk_cadence_spm",
        1.0,
        200.0,
        "Cadence at or above this is walking, below it standing; below jog_cadence_spm.",
    ),
    num(
        "segment",
        "tiebreak_spm",
        0.0,
        60.0,
        "Around jog_cadence_spm by this much, speed decides between a brisk walk and a shuffling jog.",
    ),
    num(
        "segment",
        "jog_speed_mps",
        0.5,
        10.0,
        "Speed (m/s) at or above which a sample is jogging when speed decides.",
    ),
    num(
        "segment",
        "stand_speed_mps",
        0.01,
        5.0,
        "Speed at or above which a sample is walking, below it standing; below jog_speed_mps.",
    ),
    num(
        "segment",
        "smooth_s",
        0.0,
        300.0,
        "Seconds of rolling median before the states are decided.",
    ),
    num(
        "segment",
        "min_segment_s",
        0.0,
        600.0,
        "A new state must last this many seconds; shorter jogs are not intervals.",
    ),
    num(
        "segment",
        "max_pause_s",
        0.0,
        3600.0,
        "A shorter stop (a traffic light), in seconds, does not split a jog or a walk.",
    ),
    num(
        "segment",
        "max_gap_s",
        1.0,
        3600.0,
        "A longer gap between samples (auto-pause), in seconds, ends a segment.",
    ),
    optional(
        "plan",
        "start",
        "\"2026-07-27\"",
        "Your graded return-to-run plan. Set `start` to the Monday it began to compare each week with it (`runlog plan`, and the report); without it there is no plan comparison. A date from 2000-01-01 to 2100-12-31.",
    ),
    num(
        "plan",
        "ahead_minutes_pct",
        5.0,
        500.0,
        "A week runs \"ahead of the plan\" when a session's jog:walk ratio is more running than the stage's, or the week's minutes exceed the planned minutes by more than this percentage.",
    ),
    key(
        "plan",
        "stages",
        "Stages in order: how many weeks, \"walk\", \"jogwalk\" or \"run\", minutes per session, sessions per week, and for jog/walk the ratio jog:walk in minutes. This default is a common graded plan after low back pain: brisk walks, then jog/walk intervals growing towards continuous running, three 30-minute sessions a week. It has the shape of the programme in the ASTEROID trial (Neason et al. 2024, Br J Sports Med, doi 10.1136/bjsports-2024-108245): 12 weeks of progressive run-walk, 3 x 30 min a week, in 40 adults aged 18-45 with chronic low back pain; pain improved 15/100 and ODI 5.2 points against a waitlist, with 70 % of sessions done. The report sets your sessions done per planned session beside that 70 %: a session is a run in jog/walk and running stages, a walk or a run in walking stages.",
    ),
    key(
        "report",
        "paper",
        "Paper size of report.pdf and of the printed page: \"a4\" or \"letter\".",
    ),
    key(
        "report",
        "notes",
        "The diary's free-text notes next to the flags and pain spikes in the report (true), or left out of every report file (false).",
    ),
    key(
        "display",
        "units",
        "Distances and paces in the tables and the report: \"km\" (min/km) or \"mi\" (min/mi). JSON and CSV keep metres and kilometres (distance_m, distance_km) either way, so scripts never break.",
    ),
    optional(
        "diary",
        "date_format",
        "\"%d.%m.%Y\"",
        "How pain.csv writes dates when your spreadsheet does not write YYYY-MM-DD (ISO dates are read as well), in strftime form: \"%d.%m.%Y\" for 14.03.2026, \"%m/%d/%Y\" for 03/14/2026, \"%d/%m/%Y\" for 14/03/2026. `runlog log` writes dates this way too. A `;`-separated diary may write decimals with a comma (7,5) without any setting.",
    ),
];

const HEAD: &str = "runlog settings. Every key is optional; the values shown are the defaults. Each number has an allowed range, given in [brackets]; a value outside it (or nan/inf) stops runlog with the key named.";

/// The file `runlog init` writes: every key with its comment, its range
/// and its default.
pub fn default_toml() -> String {
    let defaults = toml::Value::try_from(Config::default()).unwrap_or(toml::Value::Boolean(false));
    let mut out = comment(HEAD);
    let mut table = "";
    for k in KEYS {
        if k.table != table {
            table = k.table;
            out.push_str(&format!("\n[{table}]\n"));
        }
        let about = match k.range {
            Some((lo, hi)) => format!("{} [{} to {}]", k.about, number(lo), number(hi)),
            None if k.name == "stages" => format!("{} [{}]", k.about, stage_ranges()),
            None => k.about.to_string(),
        };
        out.push_str(&comment(&about));
        let value = defaults.get(k.table).and_then(|t| t.get(k.name));
        out.push_str(&match (value, k.example) {
            (_, Some(example)) => format!("# {} = {example}\n", k.name),
            (Some(toml::Value::Array(_)), _) => {
                format!(
                    "{} = {}\n",
                    k.name,
                    stages_text(&Config::default().plan.stages)
                )
            }
            (Some(v), _) => format!("{} = {v}\n", k.name),
            (None, None) => String::new(),
        });
    }
    out
}

/// "[weeks 1 to 52, minutes 1 to 300, sessions 1 to 14]" without brackets.
fn stage_ranges() -> String {
    STAGE_RANGES
        .iter()
        .map(|(k, lo, hi)| format!("{k} {} to {}", number(*lo), number(*hi)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The stages one to a line, as a person writes them.
fn stages_text(stages: &[super::Stage]) -> String {
    let lines: Vec<String> = stages
        .iter()
        .map(|s| {
            let ratio = s
                .ratio
                .as_ref()
                .map(|r| format!(", ratio = \"{r}\""))
                .unwrap_or_default();
            format!(
                "  {{ weeks = {}, activity = \"{}\", minutes = {:.1}, sessions = {}{ratio} }},",
                s.weeks,
                s.activity.as_str(),
                s.minutes,
                s.sessions
            )
        })
        .collect();
    format!("[\n{}\n]", lines.join("\n"))
}

/// 60, 0.5, 0.01: as few digits as the number has.
fn number(x: f64) -> String {
    format!("{x}")
}

/// `text` as `# ` lines of at most 76 characters.
fn comment(text: &str) -> String {
    let mut out = String::new();
    let mut line = String::from("#");
    for word in text.split_whitespace() {
        if line.len() + 1 + word.len() > 76 && line.len() > 1 {
            out.push_str(&line);
            out.push('\n');
            line = String::from("#");
        }
        line.push(' ');
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// Every ranged key of `c` within its range, the key named when not.
pub(super) fn check_ranges(c: &Config) -> Result<(), String> {
    let values = toml::Value::try_from(c).map_err(|e| e.to_string())?;
    for k in KEYS {
        let (Some((lo, hi)), Some(v)) = (k.range, values.get(k.table).and_then(|t| t.get(k.name)))
        else {
            continue;
        };
        let x = match v {
            toml::Value::Float(f) => *f,
            toml::Value::Integer(i) => *i as f64,
            _ => continue,
        };
        super::within(&format!("[{}] {}", k.table, k.name), x, lo, hi)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every ranged key's default lies in its range, and every field of
    /// every table has a key here (no setting without its comment).
    #[test]
    fn every_key_is_described_and_its_default_allowed() {
        check_ranges(&Config::default()).unwrap();
        let values = toml::Value::try_from(Config::default()).unwrap();
        for (table, fields) in values.as_table().unwrap() {
            for field in fields.as_table().unwrap().keys() {
                assert!(
                    KEYS.iter().any(|k| k.table == table && k.name == field),
                    "[{table}] {field} has no entry in KEYS"
                );
            }
        }
    }
}
