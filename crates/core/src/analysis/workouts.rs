//! Next week's planned sessions as workouts a watch follows (issue #34),
//! so the runner need not remember "jog 2, walk 3" during the run.
//!
//! Next week is the week after the last run or diary entry: the week the
//! load limit is computed for and the report gives (`plan::next_monday`),
//! so the watch and the report never disagree. Kept daily, the diary makes
//! that the week after today. With no data yet it is the week after today;
//! a week that is already over gets nothing (its limit is stale).
//!
//! A session is what the plan's stage says, warm-up and cool-down walks
//! included in its minutes: the load, the plan comparison and the report's
//! "up to 90 min next week" all count whole recorded sessions, so 30-minute
//! sessions of 6 × (jog 2, walk 3) plus 10 minutes of walks would make
//! 120 minutes against 90 planned, which the ahead-of-plan rule flags.
//! When the load limit allows fewer minutes than the stage, sessions get
//! shorter (fewer repeats), then fewer.

use crate::analysis::Analysis;
use crate::analysis::next_week::{NextWeek, next_monday};
use crate::config::{Config, Stage, StageActivity, ratio_minutes};
use crate::dates::{iso_week_label, shift_days, week_span, week_start};
use crate::model::{Gait, Intensity, TimedStep, Workout, WorkoutStep};
use chrono::NaiveDate;

/// The warm-up and cool-down walks around jogging or running.
pub const WARM_UP_S: u32 = 5 * 60;
pub const COOL_DOWN_S: u32 = 5 * 60;
/// The shortest walk or run that makes a session of its own.
const MIN_MAIN_S: u32 = 5 * 60;

/// The sessions to write, and what the output says about them.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub monday: NaiveDate,
    pub sessions: Vec<Workout>,
    /// Which week, what sets its minutes, what each session holds, and
    /// what was cut to keep within the load limit.
    pub lines: Vec<String>,
}

/// Why nothing is written.
#[derive(Debug, Clone, PartialEq)]
pub enum NotWritten {
    /// A red flag stops the training advice: the caller prints the notice
    /// and the withheld advice, as every other output does.
    RedFlag,
    /// No `[plan] start`: the caller prints `plan::NO_PLAN`.
    NoPlan,
    /// Anything else, in a sentence made here.
    Because(String),
}

/// Next week's sessions as of `today` (in the runner's zone), or why there
/// are none.
pub fn plan(a: &Analysis, config: &Config, today: NaiveDate) -> Result<Planned, NotWritten> {
    if a.advice.withheld().is_some() {
        return Err(NotWritten::RedFlag);
    }
    if config.plan.start.is_none() {
        return Err(NotWritten::NoPlan);
    }
    let (monday, which) = which_week(a, today)?;
    let next = NextWeek::of(monday, &a.advice, config);
    let Some((n, stage)) = next.stage.as_ref().map(|(n, s)| (*n, s)) else {
        return Err(NotWritten::Because(no_stage(config, monday)));
    };
    let planned = shape(stage, minutes_s(stage.minutes))
        .ok_or_else(|| NotWritten::Because(too_short(n, stage)))?;
    let (count, main) = match next.binding_limit() {
        None => (stage.sessions, planned),
        Some(limit) => within(stage, limit)
            .ok_or_else(|| NotWritten::Because(too_tight(limit, stage, planned)))?,
    };
    let mut lines = vec![which, limit_line(&next, n, stage, config)];
    lines.push(format!(
        "{count} session{} of {}: {}.",
        if count == 1 { "" } else { "s" },
        duration(main.total_s()),
        main.describe()
    ));
    if count < stage.sessions || main != planned {
        lines.push(cut_line(stage, count, main, planned));
    }
    let sessions = (1..=count)
        .map(|i| session(stage, monday, main, i, count))
        .collect();
    Ok(Planned {
        monday,
        sessions,
        lines,
    })
}

/// The week after the data, unless it is over; the week after today
/// without data. With the sentence that says which it is.
fn which_week(a: &Analysis, today: NaiveDate) -> Result<(NaiveDate, String), NotWritten> {
    let span = |m: NaiveDate| format!("{} ({})", week_span(m), iso_week_label(m));
    let (Some(monday), Some(last)) = (next_monday(&a.load), a.load.days.last().map(|d| d.date))
    else {
        let monday = shift_days(week_start(today), 7);
        return Ok((
            monday,
            format!(
                "Next week: {}, the week after today (no runs or diary entries yet).",
                span(monday)
            ),
        ));
    };
    let last_text = last.format("%a %-d %b %Y");
    if shift_days(monday, 6) < today {
        return Err(NotWritten::Because(format!(
            "Your last run or diary entry is from {last_text}, so next week would be {}, which is over: its load limit is stale. Log today's pain (`runlog log`) or import your latest runs, then run this again. No workouts were written.",
            span(monday)
        )));
    }
    let (label, begun) = if monday <= today {
        ("This week", ", which has begun")
    } else {
        ("Next week", "")
    };
    Ok((
        monday,
        format!(
            "{label}: {}{begun}, the week after your last run or diary entry ({last_text}), the week the report's limit is for.",
            span(monday)
        ),
    ))
}

/// Before the plan's start, or after its last stage.
fn no_stage(config: &Config, monday: NaiveDate) -> String {
    let plan = &config.plan;
    let start = plan.start.map(week_start).unwrap_or(monday);
    if monday < start {
        return format!(
            "Your plan starts on {} ([plan] start in runlog.toml): nothing is planned for {}. No workouts were written.",
            start.format("%a %-d %b %Y"),
            week_span(monday)
        );
    }
    let weeks: i64 = plan.stages.iter().map(|s| i64::from(s.weeks)).sum();
    let last = plan.stages.last().map(Stage::describe).unwrap_or_default();
    format!(
        "Your plan ended on {} with stage {} ({last}): nothing is planned for {}. Add the next stages under [plan] stages in runlog.toml, with your physiotherapist. No workouts were written.",
        shift_days(start, 7 * weeks - 1).format("%a %-d %b %Y"),
        plan.stages.len(),
        week_span(monday)
    )
}

/// The sentence on what sets the week's minutes: the report's, when the
/// load rule gives a limit.
fn limit_line(next: &NextWeek, n: usize, stage: &Stage, config: &Config) -> String {
    let unit = config.load.metric.unit(config.display.units);
    let Some(sentence) = next.load_limit.and(next.describe(config, unit)) else {
        return format!(
            "The load rule gives no limit for next week yet: the plan's stage {n} ({}) sets the minutes.",
            stage.describe()
        );
    };
    let sentence = capitalised(&sentence);
    if next.binds != Some(crate::analysis::next_week::Binds::Both) {
        return sentence;
    }
    format!(
        "{sentence} The sessions are timed, so they follow the plan's minutes: keep the week within that limit."
    )
}

/// What one session holds, warm-up and cool-down aside.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Main {
    Walk { s: u32 },
    Intervals { jog_s: u32, walk_s: u32, times: u32 },
    Run { s: u32 },
}

impl Main {
    fn total_s(self) -> u32 {
        match self {
            Main::Walk { s } => s,
            Main::Intervals {
                jog_s,
                walk_s,
                times,
            } => WARM_UP_S + times * (jog_s + walk_s) + COOL_DOWN_S,
            Main::Run { s } => WARM_UP_S + s + COOL_DOWN_S,
        }
    }

    /// "warm-up walk 5 min, 4 × (jog 2 min, walk 3 min), cool-down walk 5 min".
    fn describe(self) -> String {
        let around = |middle: String| {
            format!(
                "warm-up walk {}, {middle}, cool-down walk {}",
                duration(WARM_UP_S),
                duration(COOL_DOWN_S)
            )
        };
        match self {
            Main::Walk { s } => format!("a brisk walk of {}", duration(s)),
            Main::Intervals {
                jog_s,
                walk_s,
                times,
            } => around(format!(
                "{times} × (jog {}, walk {})",
                duration(jog_s),
                duration(walk_s)
            )),
            Main::Run { s } => around(format!("run {}", duration(s))),
        }
    }

    fn steps(self) -> Vec<WorkoutStep> {
        let step = |gait, intensity, duration_s| TimedStep {
            gait,
            intensity,
            duration_s,
        };
        let around = |middle: WorkoutStep| {
            vec![
                WorkoutStep::Timed(step(Gait::Walk, Intensity::Warmup, WARM_UP_S)),
                middle,
                WorkoutStep::Timed(step(Gait::Walk, Intensity::Cooldown, COOL_DOWN_S)),
            ]
        };
        match self {
            Main::Walk { s } => vec![WorkoutStep::Timed(step(Gait::Walk, Intensity::Active, s))],
            Main::Intervals {
                jog_s,
                walk_s,
                times,
            } => around(WorkoutStep::Repeat {
                times,
                steps: vec![
                    step(Gait::Jog, Intensity::Active, jog_s),
                    step(Gait::Walk, Intensity::Recovery, walk_s),
                ],
            }),
            Main::Run { s } => around(WorkoutStep::Timed(step(Gait::Run, Intensity::Active, s))),
        }
    }
}

/// A session of `session_s` seconds at this stage; `None` when that leaves
/// no jog/walk repeat, or less than 5 minutes of walking or running.
fn shape(stage: &Stage, session_s: u32) -> Option<Main> {
    let main_s = session_s.saturating_sub(WARM_UP_S + COOL_DOWN_S);
    let main = match stage.activity {
        StageActivity::Walk => Main::Walk { s: session_s },
        StageActivity::Run => Main::Run { s: main_s },
        StageActivity::Jogwalk => {
            let (jog_s, walk_s) = jog_walk_s(stage);
            if walk_s == 0 {
                Main::Run { s: main_s }
            } else if jog_s == 0 {
                Main::Walk { s: session_s }
            } else {
                let times = main_s / (jog_s + walk_s);
                return (times >= 1).then_some(Main::Intervals {
                    jog_s,
                    walk_s,
                    times,
                });
            }
        }
    };
    match main {
        Main::Walk { s } | Main::Run { s } if s < MIN_MAIN_S => None,
        m => Some(m),
    }
}

/// The stage's jog:walk in seconds; a stage without a ratio is 1:1, the
/// even share the plan comparison assumes for it.
fn jog_walk_s(stage: &Stage) -> (u32, u32) {
    let (jog, walk) = stage
        .ratio
        .as_deref()
        .and_then(ratio_minutes)
        .unwrap_or((1.0, 1.0));
    (minutes_s(jog), minutes_s(walk))
}

fn minutes_s(min: f64) -> u32 {
    (min * 60.0).round().clamp(0.0, f64::from(u32::MAX)) as u32
}

/// The most sessions, each of whole minutes, that keep the week within
/// `limit_min`: first shorter sessions, then fewer.
fn within(stage: &Stage, limit_min: f64) -> Option<(u32, Main)> {
    (1..=stage.sessions).rev().find_map(|count| {
        let whole_min = (limit_min / f64::from(count)).floor().min(stage.minutes);
        shape(stage, minutes_s(whole_min)).map(|m| (count, m))
    })
}

fn cut_line(stage: &Stage, count: u32, main: Main, planned: Main) -> String {
    let fewer = if count < stage.sessions {
        format!(" and {count} sessions instead of {}", stage.sessions)
    } else {
        String::new()
    };
    format!(
        "The load limit is tighter than the plan, so the sessions are shorter{fewer}: {} instead of {} ({} in all, not {}).",
        main.describe(),
        planned.describe(),
        duration(count * main.total_s()),
        duration(stage.sessions * planned.total_s())
    )
}

fn too_short(n: usize, stage: &Stage) -> String {
    format!(
        "Stage {n} ({}) leaves less than {} of jogging, walking or running besides the warm-up and cool-down walks: give it more minutes under [plan] stages in runlog.toml. No workouts were written.",
        stage.describe(),
        duration(MIN_MAIN_S)
    )
}

fn too_tight(limit_min: f64, stage: &Stage, planned: Main) -> String {
    let smallest = match planned {
        Main::Intervals { jog_s, walk_s, .. } => Main::Intervals {
            jog_s,
            walk_s,
            times: 1,
        },
        Main::Run { .. } => Main::Run { s: MIN_MAIN_S },
        Main::Walk { .. } => Main::Walk { s: MIN_MAIN_S },
    };
    format!(
        "The load rule allows {limit_min:.0} min next week, less than the shortest session of {} ({}: {}). No workouts were written: ask your physiotherapist how to go on.",
        stage.describe(),
        duration(smallest.total_s()),
        smallest.describe()
    )
}

fn session(stage: &Stage, monday: NaiveDate, main: Main, i: u32, count: u32) -> Workout {
    let what = match stage.activity {
        StageActivity::Walk => "walk".to_string(),
        StageActivity::Run => "run".to_string(),
        StageActivity::Jogwalk => stage.ratio.as_deref().unwrap_or("1:1").replace(' ', ""),
    };
    Workout {
        name: format!(
            "runlog {what} · {i} of {count} · {}",
            monday.format("%-d %b")
        ),
        file_name: format!("runlog-{monday}-{i}-of-{count}.fit"),
        week: monday,
        walking: stage.activity == StageActivity::Walk,
        steps: main.steps(),
    }
}

/// "5 min", "1 min 30 s".
fn duration(s: u32) -> String {
    match (s / 60, s % 60) {
        (m, 0) => format!("{m} min"),
        (0, r) => format!("{r} s"),
        (m, r) => format!("{m} min {r} s"),
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::envelope::Envelope;
    use crate::analysis::load::{Day, Week};
    use crate::analysis::red_flags::{Advice, RedFlag};
    use crate::model::Urgency;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// The default plan from `start` (a Monday).
    fn config(start: &str) -> Config {
        let mut c = Config::default();
        c.plan.start = Some(d(start));
        c
    }

    /// Data up to `last`, and a load limit of `limit` minutes (none: the
    /// limits do not apply yet).
    fn analysis(last: &str, limit: Option<f64>) -> Analysis {
        let last = d(last);
        let mut a = Analysis::default();
        a.load.weeks.push(Week {
            start: week_start(last),
            ..Week::default()
        });
        a.load.days.push(Day {
            date: last,
            runs: 0,
            minutes: 0.0,
            load: 0.0,
            pain_mean: None,
            pain_max: None,
            pain_morning: None,
            acwr_ewma: None,
        });
        a.advice = Advice::Limits {
            envelope: limit.map(|max_load| Envelope {
                after_week: iso_week_label(last),
                load_metric: "time".into(),
                load_unit: "min".into(),
                by_change: Some(max_load),
                by_chronic: None,
                by_acwr: None,
                max_load,
                max_minutes: max_load,
                spread: "evenly over the days".into(),
            }),
            long_run: None,
        };
        a
    }

    /// (jog s, walk s, times) of a session's repeat, and its total.
    fn repeat(w: &Workout) -> (u32, u32, u32) {
        w.steps
            .iter()
            .find_map(|s| match s {
                WorkoutStep::Repeat { times, steps } => {
                    Some((steps[0].duration_s, steps[1].duration_s, *times))
                }
                _ => None,
            })
            .unwrap()
    }

    #[test]
    fn a_jog_walk_week_is_its_stage_warm_up_and_cool_down_included() {
        let c = config("2026-10-12");
        let p = plan(&analysis("2026-11-07", Some(200.0)), &c, d("2026-11-07")).unwrap();
        assert_eq!(p.monday, d("2026-11-09"));
        assert_eq!(p.sessions.len(), 3);
        let w = &p.sessions[0];
        assert_eq!(w.name, "runlog 2:3 · 1 of 3 · 9 Nov");
        assert_eq!(w.file_name, "runlog-2026-11-09-1-of-3.fit");
        assert!(!w.walking);
        assert_eq!(w.duration_s(), 30 * 60);
        assert_eq!(repeat(w), (120, 180, 4));
        let WorkoutStep::Timed(first) = &w.steps[0] else {
            panic!()
        };
        let WorkoutStep::Timed(last) = w.steps.last().unwrap() else {
            panic!()
        };
        assert_eq!(
            (first.intensity, first.duration_s),
            (Intensity::Warmup, 300)
        );
        assert_eq!(
            (last.intensity, last.duration_s),
            (Intensity::Cooldown, 300)
        );
        assert_eq!(
            p.lines,
            [
                "Next week: 9–15 Nov (2026-W46), the week after your last run or diary entry (Sat 7 Nov 2026), the week the report's limit is for.",
                "Up to 90 min: the plan's stage 3 (jog/walk 2:3, 3 × 30 min) sets the limit; the load rule alone (within 30 % of last week's load, or the highest of the last 4 weeks) would allow 200 min.",
                "3 sessions of 30 min: warm-up walk 5 min, 4 × (jog 2 min, walk 3 min), cool-down walk 5 min.",
            ]
        );
    }

    #[test]
    fn a_tighter_load_limit_means_fewer_repeats_then_fewer_sessions() {
        let c = config("2026-10-12");
        let a = |limit| analysis("2026-11-07", Some(limit));
        let today = d("2026-11-07");
        // 80 min: 26 min a session, 3 repeats of 5 min fit.
        let p = plan(&a(80.0), &c, today).unwrap();
        assert_eq!(p.sessions.len(), 3);
        assert_eq!(repeat(&p.sessions[0]), (120, 180, 3));
        assert_eq!(p.sessions[0].duration_s(), 25 * 60);
        assert!(p.lines[1].starts_with("Up to 80 min: the load rule"));
        assert_eq!(
            p.lines[3],
            "The load limit is tighter than the plan, so the sessions are shorter: warm-up walk 5 min, 3 × (jog 2 min, walk 3 min), cool-down walk 5 min instead of warm-up walk 5 min, 4 × (jog 2 min, walk 3 min), cool-down walk 5 min (75 min in all, not 90 min)."
        );
        // 40 min: 13 min a session holds no repeat; two of 20 min do.
        let p = plan(&a(40.0), &c, today).unwrap();
        assert_eq!(p.sessions.len(), 2);
        assert_eq!(p.sessions[1].name, "runlog 2:3 · 2 of 2 · 9 Nov");
        assert_eq!(repeat(&p.sessions[0]), (120, 180, 2));
        assert!(
            p.lines[3].contains("shorter and 2 sessions instead of 3"),
            "{}",
            p.lines[3]
        );
        // 14 min: not even one session of warm-up, one repeat, cool-down.
        let Err(NotWritten::Because(why)) = plan(&a(14.0), &c, today) else {
            panic!()
        };
        assert!(
            why.starts_with("The load rule allows 14 min next week, less than the shortest session of jog/walk 2:3, 3 × 30 min (15 min: warm-up walk 5 min, 1 × (jog 2 min, walk 3 min), cool-down walk 5 min). No workouts were written"),
            "{why}"
        );
    }

    #[test]
    fn walks_are_walks_and_runs_have_their_walks_around_them() {
        // No data yet: the week after today, the plan's first week.
        let c = config("2026-12-07");
        let p = plan(&Analysis::default(), &c, d("2026-12-05")).unwrap();
        assert_eq!(
            p.lines[0],
            "Next week: 7–13 Dec (2026-W50), the week after today (no runs or diary entries yet)."
        );
        assert_eq!(p.sessions.len(), 5);
        let w = &p.sessions[4];
        assert_eq!(w.name, "runlog walk · 5 of 5 · 7 Dec");
        assert!(w.walking, "recorded as a walk, not as running load");
        assert_eq!(
            w.steps,
            [WorkoutStep::Timed(TimedStep {
                gait: Gait::Walk,
                intensity: Intensity::Active,
                duration_s: 20 * 60
            })]
        );
        // Stage 7, continuous running, from week 12 of the plan.
        let c = config("2026-09-07");
        let p = plan(&analysis("2026-11-29", None), &c, d("2026-12-01")).unwrap();
        assert!(
            p.lines[0].starts_with("This week: 30 Nov – 6 Dec (2026-W49), which has begun"),
            "{}",
            p.lines[0]
        );
        assert!(p.lines[1].starts_with("The load rule gives no limit for next week yet"));
        let gaits: Vec<(Gait, u32)> = p.sessions[0]
            .steps
            .iter()
            .map(|s| match s {
                WorkoutStep::Timed(t) => (t.gait, t.duration_s / 60),
                WorkoutStep::Repeat { .. } => panic!(),
            })
            .collect();
        assert_eq!(gaits, [(Gait::Walk, 5), (Gait::Run, 20), (Gait::Walk, 5)]);
    }

    #[test]
    fn nothing_is_written_under_a_red_flag_without_a_plan_or_a_stage() {
        let c = config("2026-10-19");
        let mut a = analysis("2026-11-07", Some(200.0));
        a.advice = Advice::Withheld {
            red_flag: RedFlag {
                date: d("2026-11-06"),
                symptoms: vec!["leg weakness"],
                urgency: Urgency::Urgent,
                line: 3,
            },
            days: 14,
        };
        assert_eq!(plan(&a, &c, d("2026-11-07")), Err(NotWritten::RedFlag));
        // The red flag comes first, plan or not.
        assert_eq!(
            plan(&a, &Config::default(), d("2026-11-07")),
            Err(NotWritten::RedFlag)
        );
        let a = analysis("2026-11-07", Some(200.0));
        assert_eq!(
            plan(&a, &Config::default(), d("2026-11-07")),
            Err(NotWritten::NoPlan)
        );
        let why = |c: &Config, today: &str| match plan(&a, c, d(today)) {
            Err(NotWritten::Because(w)) => w,
            other => panic!("{other:?}"),
        };
        assert!(why(&c, "2026-11-23").starts_with("Your last run or diary entry is from Sat 7 Nov 2026, so next week would be 9–15 Nov (2026-W46), which is over"));
        assert!(
            why(&config("2026-11-16"), "2026-11-07")
                .starts_with("Your plan starts on Mon 16 Nov 2026")
        );
        assert_eq!(
            why(&config("2026-07-20"), "2026-11-07"),
            "Your plan ended on Sun 8 Nov 2026 with stage 7 (continuous run, 3 × 30 min): nothing is planned for 9–15 Nov. Add the next stages under [plan] stages in runlog.toml, with your physiotherapist. No workouts were written."
        );
    }

    #[test]
    fn odd_ratios_and_short_stages() {
        let stage = |minutes: f64, ratio: &str| Stage {
            weeks: 1,
            activity: StageActivity::Jogwalk,
            minutes,
            sessions: 3,
            ratio: Some(ratio.into()),
        };
        // 5:1 in 30 min: 3 repeats of 6 min fit in 20, the session is 28.
        let m = shape(&stage(30.0, "5:1"), 1800).unwrap();
        assert_eq!(m.total_s(), 28 * 60);
        // Half minutes are seconds on the watch.
        let m = shape(&stage(30.0, "1.5:3.5"), 1800).unwrap();
        assert_eq!(
            m.describe(),
            "warm-up walk 5 min, 4 × (jog 1 min 30 s, walk 3 min 30 s), cool-down walk 5 min"
        );
        assert_eq!(shape(&stage(12.0, "1:4"), 720), None);
        assert_eq!(
            shape(&stage(30.0, "5:0"), 1800),
            Some(Main::Run { s: 1200 })
        );
    }
}
