//! The pain diary (`pain.csv`) that goes with the samples' sessions.
//!
//! A morning entry most days (about one in ten missing), an evening entry
//! with the session's RPE on some run days, and two pain spikes: one two
//! days after week 9's unplanned long run, one after carrying boxes at the
//! end of week 12. Scores are in half points, as people write them.

use super::plan::{self, Kind, Session};
use super::rng::Rng;
use chrono::{Duration, NaiveDate};

/// The diary's header, exactly as the importer expects it.
pub const HEADER: [&str; 13] = [
    "date",
    "time",
    "pain",
    "pain_during",
    "stiffness_min",
    "location",
    "rpe",
    "numbness",
    "weakness",
    "bladder_bowel",
    "saddle_numbness",
    "fever",
    "notes",
];

const SEED: u64 = 0xD1A2_7001;

/// Saturday of week 9: the unplanned 22-minute continuous run.
pub fn long_run_day() -> NaiveDate {
    plan::day(9, 5)
}

/// Saturday of week 12: moving flat, carrying boxes.
pub fn boxes_day() -> NaiveDate {
    plan::day(12, 5)
}

/// Pain above baseline on the days after each trigger (index 0 = trigger
/// day). Peaks: +3.5 two days after the long run, +3 the morning after the
/// boxes; both settle over about five days.
const AFTER_LONG_RUN: [f64; 8] = [0.0, 1.5, 3.5, 3.0, 2.0, 1.5, 1.0, 0.5];
const AFTER_BOXES: [f64; 6] = [0.0, 3.0, 2.5, 2.0, 1.0, 0.5];

/// The extra pain a trigger adds on `d`.
pub fn flare(d: NaiveDate) -> f64 {
    let after = |start: NaiveDate, curve: &[f64]| {
        let k = (d - start).num_days();
        usize::try_from(k)
            .ok()
            .and_then(|k| curve.get(k))
            .copied()
            .unwrap_or(0.0)
    };
    after(long_run_day(), &AFTER_LONG_RUN) + after(boxes_day(), &AFTER_BOXES)
}

/// The everyday level: 2.5 at the start, easing to 2 by week 4.
pub fn baseline(d: NaiveDate) -> f64 {
    let days = (d - plan::first_monday()).num_days() as f64;
    2.5 - 0.5 * (days / 21.0).min(1.0)
}

/// Rounds to half points.
fn half(x: f64) -> f64 {
    (x * 2.0).round() / 2.0
}

/// "2" or "2.5": the way a person types a score.
fn score(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// One diary row before formatting.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub date: NaiveDate,
    pub time: String,
    pub pain: f64,
    /// Pain during the session, on the evening rows of run days.
    pub pain_during: Option<f64>,
    pub stiffness_min: Option<u32>,
    pub location: String,
    pub rpe: Option<u8>,
    pub notes: String,
}

/// Notes the runner wrote on particular mornings.
fn morning_note(d: NaiveDate) -> Option<&'static str> {
    let notes: [(NaiveDate, &str); 11] = [
        (plan::day(1, 0), "starting the walking plan from physio"),
        (plan::day(5, 1), "head cold"),
        (plan::day(5, 3), "still sniffly, resting"),
        (plan::day(9, 6), "stiff getting out of bed"),
        (plan::day(10, 0), "sharp when bending to put socks on"),
        (plan::day(10, 1), "ibuprofen yesterday, a bit better"),
        (plan::day(10, 3), "walk only today"),
        (plan::day(12, 6), "sore all over from the move"),
        (plan::day(13, 6), "clocks went back"),
        (plan::day(14, 4), "longer runs feel fine"),
        (plan::day(16, 6), "16 weeks done"),
    ];
    notes.iter().find(|(day, _)| *day == d).map(|(_, n)| *n)
}

fn morning(d: NaiveDate, rng: &mut Rng) -> Row {
    let bump = flare(d);
    let jitter = if bump > 0.0 {
        0.0
    } else {
        [-0.5, 0.0, 0.0, 0.0, 0.0, 0.5][rng.int(0, 5) as usize]
    };
    let pain = half(baseline(d) + bump + jitter).max(0.0);
    let stiff = 5.0 + 4.0 * pain + 2.0 * rng.noise();
    Row {
        date: d,
        time: "morning".into(),
        pain,
        pain_during: None,
        stiffness_min: Some(((stiff / 5.0).round() * 5.0).max(0.0) as u32),
        location: if bump >= 2.5 {
            "low back, left side"
        } else {
            "low back"
        }
        .into(),
        rpe: None,
        notes: morning_note(d).unwrap_or("").into(),
    }
}

/// Session effort on the Borg CR-10 scale.
fn rpe(s: &Session, rng: &mut Rng) -> u8 {
    if s.date == long_run_day() {
        return 7;
    }
    let base = match s.kind {
        Kind::Walk(_) => 2,
        Kind::Intervals { .. } => 3,
        Kind::Continuous(m) if m >= 30 => 5,
        Kind::Continuous(_) => 4,
    };
    base + rng.int(0, 1) as u8
}

fn evening(s: &Session, morning_pain: f64, rng: &mut Rng) -> Row {
    let time = if rng.chance(0.2) {
        format!("{}:{:02}", rng.int(19, 21), rng.int(0, 11) * 5)
    } else {
        "evening".into()
    };
    let notes = match s.tag {
        _ if s.date == long_run_day() => "ran 35 min without walking, felt great",
        plan::Tag::Treadmill => "treadmill at the gym, raining",
        plan::Tag::Trail => "trail loop in the woods",
        _ => "",
    };
    let pain = half(morning_pain + if rng.chance(0.3) { 0.5 } else { 0.0 });
    // Drawn from no random number, so the other values stay as they were:
    // a point above the evening's pain, 6 on the long run (above the
    // model's 5, as the runner would have felt it).
    let pain_during = if s.date == long_run_day() {
        6.0
    } else {
        half(pain + 1.0)
    };
    Row {
        date: s.date,
        time,
        pain,
        pain_during: Some(pain_during),
        stiffness_min: None,
        location: "low back".into(),
        rpe: Some(rpe(s, rng)),
        notes: notes.into(),
    }
}

/// The evening the boxes were carried: no session, but a note.
fn boxes_evening() -> Row {
    Row {
        date: boxes_day(),
        time: "evening".into(),
        pain: 3.0,
        pain_during: None,
        stiffness_min: None,
        location: "low back".into(),
        rpe: None,
        notes: "carried boxes moving flat".into(),
    }
}

/// All rows in date order, morning before evening.
pub fn rows(sessions: &[Session]) -> Vec<Row> {
    let mut rng = Rng::new(SEED);
    let mut out = Vec::new();
    let mut d = plan::first_monday();
    while d <= plan::last_day() {
        let m = morning(d, &mut rng);
        // People forget the odd day, but not while it hurts.
        let skip = flare(d) == 0.0 && d != plan::first_monday() && rng.chance(0.12);
        let pain = m.pain;
        if !skip {
            out.push(m);
        }
        for s in sessions
            .iter()
            .filter(|s| s.date == d && !matches!(s.kind, Kind::Walk(_)))
        {
            if s.date == long_run_day() || rng.chance(0.6) {
                out.push(evening(s, pain, &mut rng));
            }
        }
        if d == boxes_day() {
            out.push(boxes_evening());
        }
        d += Duration::days(1);
    }
    out
}

/// Renders the rows as CSV (quoted where a field has a comma).
pub fn csv(rows: &[Row]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(HEADER)
        .expect("writing to a Vec cannot fail");
    for r in rows {
        let stiff = r.stiffness_min.map(|s| s.to_string()).unwrap_or_default();
        let rpe = r.rpe.map(|v| v.to_string()).unwrap_or_default();
        let date = r.date.to_string();
        let pain = score(r.pain);
        let during = r.pain_during.map(score).unwrap_or_default();
        w.write_record([
            date.as_str(),
            &r.time,
            &pain,
            &during,
            &stiff,
            &r.location,
            &rpe,
            "",
            "",
            "",
            "",
            "",
            &r.notes,
        ])
        .expect("writing to a Vec cannot fail");
    }
    w.into_inner().expect("writing to a Vec cannot fail")
}

/// `scores.csv`: the questionnaires a physiotherapist hands out at the
/// first visit, at six weeks and at the end, as a runner records them with
/// `runlog score`: the Oswestry index and the Roland–Morris falling as the
/// back settles, and two activities of the functional scale rising.
pub fn scores_csv() -> Vec<u8> {
    let mut out = String::from("date,measure,value,activity\n");
    for (week, odi, rmdq, run, sit) in [(1, 32, 11, 2, 4), (7, 24, 8, 5, 6), (16, 16, 4, 7, 8)] {
        let d = plan::day(week, 0);
        out.push_str(&format!("{d},odi,{odi},\n{d},rmdq,{rmdq},\n"));
        out.push_str(&format!("{d},psfs,{run},run 20 min without stopping\n"));
        out.push_str(&format!("{d},psfs,{sit},sit through a 1-hour meeting\n"));
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A diary row as the CSV says it.
    struct Read {
        date: NaiveDate,
        time: String,
        pain: f64,
        rpe: Option<f64>,
        red_flags: Vec<String>,
    }

    fn parsed() -> Vec<Read> {
        let bytes = csv(&rows(&plan::sessions()));
        let mut r = ::csv::Reader::from_reader(bytes.as_slice());
        assert_eq!(r.headers().unwrap(), HEADER.as_slice());
        r.records()
            .map(|rec| {
                let rec = rec.unwrap();
                assert_eq!(rec.len(), HEADER.len());
                Read {
                    date: rec[0].parse().unwrap(),
                    time: rec[1].to_string(),
                    pain: rec[2].parse().unwrap(),
                    rpe: (!rec[6].is_empty()).then(|| rec[6].parse().unwrap()),
                    red_flags: (7..12).map(|i| rec[i].to_string()).collect(),
                }
            })
            .collect()
    }

    fn morning_pain(d: NaiveDate) -> Option<f64> {
        parsed()
            .into_iter()
            .find(|r| r.date == d && r.time == "morning")
            .map(|r| r.pain)
    }

    #[test]
    fn pain_peaks_two_days_after_the_long_run_and_settles() {
        let rows = parsed();
        let window: Vec<_> = rows
            .iter()
            .filter(|r| {
                r.time == "morning"
                    && r.date > long_run_day()
                    && r.date <= long_run_day() + Duration::days(7)
            })
            .collect();
        let peak = window
            .iter()
            .max_by(|a, b| a.pain.total_cmp(&b.pain))
            .unwrap();
        assert_eq!(peak.date, long_run_day() + Duration::days(2));
        assert!((5.0..=6.0).contains(&peak.pain), "peak {}", peak.pain);
        let before = morning_pain(long_run_day()).unwrap();
        assert!(before <= 2.5, "baseline {before}");
        let after = morning_pain(long_run_day() + Duration::days(7)).unwrap();
        assert!(after <= before + 1.0, "settled by a week later: {after}");
    }

    #[test]
    fn pain_spikes_after_the_boxes_without_a_load_change() {
        let peak = morning_pain(boxes_day() + Duration::days(1)).unwrap();
        assert!(peak >= 2.0 + 2.5, "peak {peak}");
        let rows = parsed();
        let note = rows
            .iter()
            .any(|r| r.date == boxes_day() && r.time == "evening");
        assert!(note, "the evening entry says why");
    }

    #[test]
    fn pain_stays_flat_through_the_week_14_jump() {
        for r in parsed()
            .iter()
            .filter(|r| r.date >= plan::day(14, 0) && r.date <= plan::day(15, 6))
        {
            assert!(
                (1.0..=2.5).contains(&r.pain),
                "{} {} pain {}",
                r.date,
                r.time,
                r.pain
            );
        }
    }

    #[test]
    fn mornings_mostly_present_evenings_carry_rpe_no_red_flags() {
        let rows = parsed();
        let days = (plan::last_day() - plan::first_monday()).num_days() + 1;
        let mornings = rows.iter().filter(|r| r.time == "morning").count() as f64;
        let missing = 1.0 - mornings / days as f64;
        assert!((0.05..=0.15).contains(&missing), "missing {missing}");
        for r in &rows {
            assert!(r.red_flags.iter().all(String::is_empty), "no red flags");
            assert!(r.pain * 2.0 == (r.pain * 2.0).round(), "half points");
            match r.time.as_str() {
                "morning" => assert!(r.rpe.is_none()),
                _ => assert!(r.rpe.is_none_or(|v| (0.0..=10.0).contains(&v))),
            }
        }
        let rated = rows.iter().filter(|r| r.rpe.is_some()).count();
        assert!(rated >= 15, "{rated} sessions have an RPE");
        assert!(
            rows.windows(2).all(|w| w[0].date <= w[1].date),
            "date order"
        );
    }
}
