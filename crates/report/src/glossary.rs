//! "How to read this": each term of the report explained from the settings
//! the numbers were made with, so the words never disagree with the
//! configuration (which activities count, the load's unit, each rule's
//! limits) and every load-jump rule carries its evidence and grade.

use runlog_core::analysis::evidence::{
    EVIDENCE_ACWR, EVIDENCE_CHANGE, EVIDENCE_CHRONIC, EVIDENCE_PLAN, EVIDENCE_SESSION,
};
use runlog_core::analysis::plan::{ASTEROID, SESSION_RULE};
use runlog_core::analysis::session::TIME_EXTRAPOLATED;
use runlog_core::analysis::spikes::spike_rule;
use runlog_core::config::{Config, LoadMetric};
use runlog_core::units::Units;
use serde::Serialize;

/// One entry of the glossary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Term {
    pub term: String,
    pub text: String,
    /// The weeks table's column it explains, if any: a term is only
    /// explained for a column the table shows.
    #[serde(skip)]
    pub column: Option<&'static str>,
}

fn term(term: impl Into<String>, text: impl Into<String>, column: Option<&'static str>) -> Term {
    Term {
        term: term.into(),
        text: text.into(),
        column,
    }
}

/// What the metric measures and its unit, as a reader says them.
fn metric_words(m: LoadMetric, units: Units) -> &'static str {
    match (m, units) {
        (LoadMetric::Time, _) => "moving time, in minutes (min)",
        (LoadMetric::Distance, Units::Km) => "distance, in kilometres (km)",
        (LoadMetric::Distance, Units::Mi) => "distance, in miles (mi)",
        (LoadMetric::Trimp, _) => "heart-rate load, in TRIMP units (TRIMP)",
        (LoadMetric::Srpe, _) => "session-RPE load (RPE × minutes), in arbitrary units (AU)",
    }
}

/// Which activities count towards the load, and which are only listed.
pub fn what_counts(config: &Config) -> String {
    let l = &config.load;
    let mut counted = vec!["runs, trail runs and treadmill runs (and files that name no sport)"];
    if l.include_walks {
        counted.push("walks and hikes");
    }
    if l.include_cross_training {
        counted.push("cycling and other cross-training");
    }
    let mut s = format!("It counts {}.", runlog_core::text::join_and(&counted));
    if !l.include_walks {
        s.push_str(" Walks and hikes are listed under Activities but do not count (include_walks = false in runlog.toml).");
    }
    if !l.include_cross_training {
        s.push_str(" Cycling and other cross-training are listed but do not count (include_cross_training = false).");
    }
    s
}

/// The load's own line: what it sums, in which unit, over what.
fn load_term(config: &Config) -> Term {
    let m = config.load.metric;
    let how = match m {
        LoadMetric::Time => String::new(),
        LoadMetric::Distance => {
            " Activities without a distance (treadmill runs without a foot pod) add none.".into()
        }
        LoadMetric::Trimp => {
            " Activities without heart rate get an estimate from their duration.".into()
        }
        LoadMetric::Srpe => " Without an RPE that day, minutes × 4 (\"somewhat hard\").".into(),
    };
    term(
        format!("Load ({})", m.unit(config.display.units)),
        format!(
            "Each week's {}. {}{how} The metric is set by metric under [load] in runlog.toml (time, distance, trimp or srpe).",
            metric_words(m, config.display.units),
            what_counts(config)
        ),
        Some("Load"),
    )
}

/// The load-jump rules, each with its limits, its evidence and its grade.
fn jump_terms(config: &Config) -> Vec<Term> {
    let l = &config.load;
    let walks = if l.include_walks {
        " (walks count, as they count for load)"
    } else {
        " (walks do not count)"
    };
    let mut out = vec![
        term(
            "Load jump",
            format!(
                "A week is a load jump when one of the rules below holds. A week at or below the highest of the previous {} weeks only returns to a level already run (after a lighter week, say) and is never a jump by the weekly rules. No rule, the single long run's included, is applied before {} earlier weeks held counted running{walks}: a few walking weeks are not a chronic load of zero. The weekly rules also need at least {} minutes of counted running in the week.",
                l.peak_weeks, l.min_running_weeks, l.min_jump_minutes
            ),
            None,
        ),
        term(
            "Rule: single long run (session spike)",
            format!(
                "A run more than {} % longer than the longest run of the previous {} days: by distance for runs with GPS, by minutes for runs without ({TIME_EXTRAPOLATED}). It is dated to that run and given its band: 10–30 %, 30–100 % or over 100 % longer. {EVIDENCE_SESSION}",
                l.session_spike_pct, l.session_window_days
            ),
            None,
        ),
        term(
            "Rule: weekly rise",
            format!(
                "The week's load more than {} % above the week before (and above the highest of the previous {} weeks). {EVIDENCE_CHANGE}",
                l.jump_pct, l.peak_weeks
            ),
            Some("Change"),
        ),
        term(
            "Rule: chronic load",
            format!(
                "The week's load above {} × the mean of the previous {} weeks. {EVIDENCE_CHRONIC}",
                l.chronic_high, l.chronic_weeks
            ),
            None,
        ),
        term(
            "Rule: EWMA ratio",
            format!(
                "The EWMA acute:chronic ratio at the week's end above {}. {EVIDENCE_ACWR}",
                l.acwr_high
            ),
            Some("EWMA ACWR"),
        ),
    ];
    if config.plan.start.is_some() {
        out.push(term(
            "Sessions and adherence",
            format!(
                "{SESSION_RULE} Adherence is sessions done per planned session, each week counting at most the sessions its stage plans (extra sessions in one week do not make up for another's), as the ASTEROID trial measured it, where 70 % of sessions were done ({ASTEROID})."
            ),
            None,
        ));
        out.push(term(
            "Rule: ahead of the plan",
            format!(
                "Each week is compared with its stage of the return-to-run plan in runlog.toml. A week runs ahead of the plan when a session's jog:walk ratio holds more running than the stage's, or the week's minutes exceed the plan by more than {} %; that is a load jump of its own. {EVIDENCE_PLAN} A jump in a week that stays within its stage, when the plan stepped up to that stage within the weeks it is compared with, is marked as a planned stage step: still a jump (the back does not know it was planned), but the plan's step, not running ahead of it.",
                config.plan.ahead_minutes_pct
            ),
            None,
        ));
    }
    out
}

/// The whole glossary, in the report's order.
pub fn terms(config: &Config) -> Vec<Term> {
    let l = &config.load;
    let p = &config.pain;
    let a = &config.athlete;
    let mut out = vec![
        term(
            "The period and its counts",
            "A period is whole weeks, Monday to Sunday. Activities: every activity in it; runs: running activities (runs, trail runs, treadmill runs); walks: walks and hikes; other activities: cycling and the rest. The minutes are moving minutes of every activity; the load adds up only the activities that count towards it (see Load), so it can be less. A flag, a load jump or a pain spike belongs to the period when its week (a spike: its first day) is in it.",
            None,
        ),
        load_term(config),
        term(
            "Runs",
            "Running activities in the week. Walks and hikes are counted apart (walks in weeks.csv), whether or not they count for load.",
            Some("Runs"),
        ),
        term(
            "Change",
            "This week's load against the week before, in percent. A large change alone is not a load jump: see the rules below.",
            Some("Change"),
        ),
        term(
            "ACWR (acute:chronic workload ratio)",
            format!(
                "The last 7 days' load divided by the weekly average of the three weeks before them (days 8–28 back: the “uncoupled” form, so the recent week is not compared with itself). Around 1 means “as usual”; the band {}–{} is shown as context. That band and Gabbett's (2016) thresholds were set on the coupled ratio, whose chronic average includes the recent week: coupled = 4u/(u+3), so a coupled 1.3 is 1.44 here and 1.5 is 1.8 (Lolli et al. 2019 and Impellizzeri et al. 2020 on why coupling misleads).",
                l.acwr_low_band, l.acwr_high_band
            ),
            Some("ACWR"),
        ),
        term(
            "EWMA ACWR",
            "The same idea with exponentially weighted averages (Williams et al. 2017; Murray et al. 2017): 7-day and 28-day averages where recent days weigh more (λ = 2/(N+1)), both started from the mean daily load of the first 28 days of the history (started from 0, a log that begins mid-training reads too high for weeks). Both ratios need 28 days of history; before that the table shows “–”.",
            Some("EWMA ACWR"),
        ),
        term(
            "Monotony",
            format!(
                "The week's mean daily load divided by its standard deviation (Foster 1998): high when every day is alike. Monotony above {} is noted.",
                l.monotony_high
            ),
            Some("Monotony"),
        ),
    ];
    if l.metric == LoadMetric::Trimp {
        out.push(term(
            "TRIMP (heart-rate load)",
            format!(
                "Banister's training impulse: minutes × fraction of heart-rate reserve × {} × e^({} × fraction) ({}; Morton et al. 1990: 0.64·e^(1.92·x) for men, 0.86·e^(1.67·x) for women), with resting heart rate {} and maximum {} bpm. Activities without heart rate get minutes × the median TRIMP per minute of the runs (not walks) that have it; data quality names them.",
                a.sex.trimp().a,
                a.sex.trimp().b,
                match a.sex {
                    runlog_core::config::Sex::Male => "male",
                    runlog_core::config::Sex::Female => "female",
                    runlog_core::config::Sex::Unspecified => "sex not given: the mean of each constant",
                },
                a.resting_hr,
                a.max_hr
            ),
            None,
        ));
    }
    if l.metric == LoadMetric::Srpe {
        out.push(term(
            "Session RPE",
            "The diary's rpe (0–10) for the day × the session's minutes (Foster 2001); the export's perceived exertion when the diary has none.",
            None,
        ));
    }
    out.extend(jump_terms(config));
    out.extend([
        term(
            "Pain baseline and spike",
            format!(
                "{} {} points is about the smallest change people with back pain notice (Ostelo et al. 2008). Days without an entry are missing, not zero.",
                spike_rule(config),
                runlog_core::numbers::num1(p.spike_points)
            ),
            Some("Baseline"),
        ),
        term(
            "Minimal important change (MIC)",
            "The smallest change in a measure that matters to a patient. runlog judges each change against the absolute MIC Ostelo et al. (2008) recommend, the same for an improvement and a worsening: ODI 10 points, RMDQ 5, pain (0–10) 2; PSFS 2 (Abbott & Schmitt 2014, who also give 1.3, 2.3 and 2.7 points for a small, medium and large change). A change equal to the MIC reaches it. Ostelo et al. also count a 30 % improvement from the first value as important for an individual: runlog says it on its own, and never uses 30 % for a worsening. One questionnaire scored twice on a day counts once, the later row (scores.csv keeps both).",
            None,
        ),
        term(
            "Flag",
            format!(
                "A load jump followed by a pain spike within {} days of the run (or day) that set it off, or in the same week. A flag is an association in one person's data, not a diagnosis, and not a prediction of injury.",
                p.lag_days
            ),
            None,
        ),
        term(
            "Next week and the next long run",
            format!(
                "Next week's limit comes from the weekly rise alone: last week's load plus {} %, or the highest of the last {} weeks if that is more. What the chronic-load and EWMA rules would allow is shown beside it as context and never sets the limit (the EWMA one assumes the load falls on the days as in the last 4 weeks). The next long run's limit is {} % over the longest run of the last {} days (in minutes, and in kilometres for runs with GPS): the single-run rule, the one load measure with a positive association in the largest study (Frandsen et al. 2025). A red flag in the last {} days withholds both.",
                l.jump_pct,
                l.peak_weeks,
                l.session_spike_pct,
                l.session_window_days,
                p.red_flag_days
            ),
            None,
        ),
        term(
            "Pain monitoring",
            format!(
                "The pain-monitoring model of Silbernagel et al. (2007): pain during activity up to {}/10 is acceptable if it settles by the next morning (next-morning pain no more than {} point above the day before) and morning pain and stiffness do not rise from week to week (a week's mean morning pain more than {} point, or its mean morning stiffness more than {} min, above the week before is named). The model was tested in Achilles tendinopathy; applying it to back pain is an extrapolation.",
                p.during_max, p.settle_margin, p.morning_rise_points, p.stiffness_rise_min
            ),
            None,
        ),
        term(
            "Whole history (personal evidence)",
            format!(
                "Over every week of the diary: how often a load-jump week was followed by a pain spike (from the run that set the jump off to {} days after the week) against other weeks (from their Monday). Weeks whose follow-up runs past the last diary day are left out. The risk ratio says how many times as often, with a 95 % interval (Katz's log method; 0.5 added to each count when one is zero); an interval from below 1 to above 1 means the data cannot tell. The p-value comes from rotating the spike weeks against the jump weeks (a circular-shift permutation test, one-sided, mid-p), which keeps pain's run of good and bad weeks intact. No p-value or ratio is given until these weeks could give p < 0.05 in the best case.",
                p.lag_days
            ),
            None,
        ),
        term(
            "What this report cannot say",
            "Why pain changed. Sleep, work, lifting, stress and illness are not in the data; a pain spike “not explained by load” only means running load did not jump before it.",
            None,
        ),
    ]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(config: &Config) -> String {
        terms(config)
            .iter()
            .map(|t| format!("{}: {}\n", t.term, t.text))
            .collect()
    }

    /// The weeks table's header cells, as the document makes them.
    fn week_columns() -> Vec<String> {
        crate::document::week_columns("km", "Days ≥ 5")
            .into_iter()
            .map(|c| c.0)
            .collect()
    }

    /// Issue #16: a term names only columns the weeks table shows, and
    /// strain is explained exactly when the table has it.
    #[test]
    fn the_glossary_explains_the_weeks_table_it_stands_under() {
        let columns = week_columns();
        assert!(columns.contains(&"Load".to_string()), "{columns:?}");
        for t in terms(&Config::default()) {
            if let Some(c) = t.column {
                assert!(columns.iter().any(|h| h == c), "{} names {c}", t.term);
            }
        }
        let strain_shown = columns.iter().any(|c| c.contains("Strain"));
        let strain_explained = text(&Config::default()).to_lowercase().contains("strain");
        assert_eq!(strain_explained, strain_shown);
    }

    /// Walks count only when they do, and the words say so.
    #[test]
    fn walks_are_said_to_count_only_when_they_do() {
        let mut c = Config::default();
        let t = text(&c);
        assert!(t.contains("Walks and hikes are listed under Activities but do not count (include_walks = false"), "{t}");
        assert!(t.contains("walks do not count"), "{t}");
        assert!(!t.contains("walks included"), "{t}");
        c.load.include_walks = true;
        let t = text(&c);
        assert!(
            t.contains("It counts runs, trail runs and treadmill runs (and files that name no sport) and walks and hikes."),
            "{t}"
        );
        assert!(!t.contains("Walks and hikes are listed"), "{t}");
        assert!(t.contains("walks count, as they count for load"), "{t}");
        c.load.include_cross_training = true;
        let t = text(&c);
        assert!(
            t.contains(", walks and hikes and cycling and other cross-training."),
            "{t}"
        );
        assert!(!t.contains("do not count ("), "{t}");
    }

    /// The one term that names the load, wherever the glossary puts it.
    fn load_term(t: &[Term]) -> &Term {
        let mut loads = t.iter().filter(|x| x.term.starts_with("Load ("));
        let load = loads.next().expect("a load term");
        assert!(loads.next().is_none(), "one load term");
        load
    }

    /// With `units = "mi"` a distance load is counted and named in miles.
    #[test]
    fn a_distance_load_is_in_miles_when_the_runner_uses_miles() {
        let mut c = Config::default();
        c.load.metric = LoadMetric::Distance;
        c.display.units = Units::Mi;
        let t = terms(&c);
        let load = load_term(&t);
        assert_eq!(load.term, "Load (mi)");
        assert!(
            load.text.contains("distance, in miles (mi)"),
            "{}",
            load.text
        );
    }

    /// The load's unit and explanation follow the metric.
    #[test]
    fn load_units_follow_the_metric() {
        let mut c = Config::default();
        for (m, unit, words, extra) in [
            (LoadMetric::Time, "min", "moving time", None),
            (LoadMetric::Distance, "km", "distance", None),
            (
                LoadMetric::Trimp,
                "TRIMP",
                "heart-rate load",
                Some("TRIMP (heart-rate load)"),
            ),
            (LoadMetric::Srpe, "AU", "session-RPE", Some("Session RPE")),
        ] {
            c.load.metric = m;
            let t = terms(&c);
            let load = load_term(&t);
            assert_eq!(load.term, format!("Load ({unit})"));
            assert!(load.text.contains(words) && load.text.contains(&format!("({unit}).")));
            for other in ["TRIMP (heart-rate load)", "Session RPE"] {
                assert_eq!(
                    t.iter().any(|x| x.term == other),
                    extra == Some(other),
                    "{other} with {m:?}"
                );
            }
        }
    }

    /// Every rule is given with its limits from the configuration and its
    /// evidence grade; the plan's rule only with a plan.
    #[test]
    fn each_rule_with_its_limits_and_grade() {
        let mut c = Config::default();
        c.load.session_spike_pct = 15.0;
        c.load.chronic_high = 1.4;
        c.load.min_running_weeks = 4;
        let t = terms(&c);
        let rules: Vec<&Term> = t.iter().filter(|t| t.term.starts_with("Rule:")).collect();
        assert_eq!(rules.len(), 4, "no plan, no plan rule");
        assert!(rules.iter().all(|r| r.text.contains("Evidence: ")));
        let all = text(&c);
        for needle in [
            "more than 15 % longer",
            "above 1.4 × the mean of the previous 3 weeks",
            "before 4 earlier weeks",
            "Frandsen",
            "Nielsen",
            "Gabbett",
            "Impellizzeri",
        ] {
            assert!(all.contains(needle), "{needle}: {all}");
        }
        c.plan.start = chrono::NaiveDate::from_ymd_opt(2026, 7, 27);
        assert!(text(&c).contains("planned stage step"));
    }
}
