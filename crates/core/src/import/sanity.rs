//! What every format's activities go through before the store sees them:
//! a distance no one could have covered is replaced, a recording of a
//! single instant is dropped, and the legs of a multisport event are
//! linked. Parsers only report what their file says; the rules that hold
//! for FIT, GPX and TCX alike live here, once.

use crate::error::SkipReason;
use crate::model::{Parsed, Summary};

/// Replace a distance that implies an average speed no one reaches in the
/// activity's sport (see `sport::max_speed_mps`) with the first plausible
/// one of `fallbacks`, in their order, or with none; either way a warning
/// says what was wrong and what was used. The time is kept: a wrong
/// distance says nothing against the clock. `fallbacks` is only called when
/// needed, so a parser can compute a GPS distance lazily.
pub(crate) fn check_distance(
    s: &mut Summary,
    source: &str,
    fallbacks: impl FnOnce() -> Vec<(&'static str, Option<f64>)>,
    warnings: &mut Vec<String>,
) {
    let Some(d) = s.distance_m else { return };
    let time = s.elapsed_s.max(s.moving_s);
    let limit = crate::sport::max_speed_mps(&s.sport, s.sub_sport.as_deref());
    if time.is_nan() || time <= 0.0 || d / time <= limit {
        return;
    }
    let what = format!(
        "{source} distance, {} in {}, is an average of {}: more than anyone covers \
         in a whole {} ({limit} m/s at most)",
        km(d),
        minutes(time),
        speed(d / time),
        activity_words(s),
    );
    let better = fallbacks().into_iter().find_map(|(label, v)| {
        v.filter(|&v| v > 0.0 && v / time <= limit)
            .map(|v| (label, v))
    });
    match better {
        Some((label, v)) => {
            s.distance_m = Some(v);
            warnings.push(format!("{what}; {label} distance, {}, is used", km(v)));
        }
        None => {
            s.distance_m = None;
            warnings.push(format!(
                "{what}; no other distance in the file is plausible, so it is kept without one"
            ));
        }
    }
}

/// Longer than this is no single activity (multi-day ultras last two to
/// five days): a clock that jumped, or a corrupt total.
const MAX_DURATION_S: f64 = 7.0 * 86_400.0;
/// Faster than this, in metres of ascent per second over the whole
/// activity, no one climbs on foot or by bike (an elite vertical kilometre
/// is about 0.55 m/s for half an hour).
const MAX_CLIMB_MPS: f64 = 1.0;

/// The totals a mutated or broken file can make impossible, caught as the
/// speed is: a duration over a week is replaced by the time the samples
/// span (or dropped, and the activity with it when nothing is left), an
/// ascent no one could climb in that time is dropped, and the distance is
/// checked again against the time that remains. Each with a warning that
/// names what was wrong.
pub(crate) fn check_totals(p: &mut Parsed) {
    let span = match (p.samples.first(), p.samples.last()) {
        (Some(a), Some(b)) => b.t_s - a.t_s,
        _ => 0.0,
    };
    let plausible = |v: f64| v.is_finite() && (0.0..=MAX_DURATION_S).contains(&v);
    let fallback = if plausible(span) { span } else { 0.0 };
    let s = &mut p.summary;
    for (name, v) in [("elapsed", &mut s.elapsed_s), ("moving", &mut s.moving_s)] {
        if !plausible(*v) {
            p.warnings.push(format!(
                "the {name} time, {}, is impossible for one activity (a week at most); {} used",
                duration_words(*v),
                if fallback > 0.0 {
                    format!("the samples' span, {},", minutes(fallback))
                } else {
                    "none is".to_string()
                }
            ));
            *v = fallback;
        }
    }
    let time = s.elapsed_s.max(s.moving_s);
    if let Some(a) = s.ascent_m
        && !(a.is_finite() && a >= 0.0 && a <= MAX_CLIMB_MPS * time.max(60.0))
    {
        p.warnings.push(format!(
            "the ascent, {}, is more than anyone climbs in {} ({MAX_CLIMB_MPS} m a second at most); it is left out",
            if a.is_finite() { metres(a) } else { "not a number".into() },
            minutes(time)
        ));
        s.ascent_m = None;
    }
    check_distance(s, "the file's", Vec::new, &mut p.warnings);
}

fn duration_words(s: f64) -> String {
    if s.is_finite() {
        format!("{:.0} days", s / 86_400.0)
    } else {
        "not a number".into()
    }
}

/// Beyond this many kilometres a number says only "impossible": it is
/// printed as "over 1,000,000 km", not as the 300 digits of a 1e300.
const READABLE_KM: f64 = 1e6;

fn km(m: f64) -> String {
    if m / 1000.0 > READABLE_KM {
        "over 1,000,000 km".into()
    } else {
        format!("{:.2} km", m / 1000.0)
    }
}

/// Metres as a person reads them: whole metres, or "over 1,000,000 km".
pub(crate) fn metres(m: f64) -> String {
    if m / 1000.0 > READABLE_KM {
        "over 1,000,000 km".into()
    } else {
        format!("{m:.0} m")
    }
}

fn speed(mps: f64) -> String {
    if mps > 1e6 {
        "over 1,000,000 m/s".into()
    } else {
        format!("{mps:.1} m/s")
    }
}

fn minutes(s: f64) -> String {
    if s < 120.0 {
        format!("{s:.0} s")
    } else {
        format!("{:.0} min", s / 60.0)
    }
}

/// A sport as words in a sentence: one of the sport names the store
/// keeps (`running`, `cross_country_skiing`) as it is; anything else, a
/// file's own `<type>` word, quoted (and cut short), so it never reads as
/// part of the sentence.
fn sport_words(s: &Summary) -> String {
    if s.sub_sport.as_deref() == Some("transition") {
        return "transition".into();
    }
    let plain = !s.sport.is_empty()
        && s.sport.len() <= 32
        && s.sport.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    if plain {
        s.sport.replace('_', " ")
    } else {
        let mut word: String = s.sport.chars().take(40).collect();
        if word.len() < s.sport.len() {
            word.push('…');
        }
        format!("type \"{word}\"")
    }
}

/// "running activity", or "activity of type \"the category\"".
fn activity_words(s: &Summary) -> String {
    let words = sport_words(s);
    if words.starts_with("type \"") {
        format!("activity of {words}")
    } else {
        format!("{words} activity")
    }
}

/// Names and sport words from a file as runlog keeps them: no
/// bidirectional control or line break (`text::clean_name`).
fn clean_text(s: &mut Summary) {
    s.name = crate::text::clean_opt(s.name.take());
    s.device = crate::text::clean_opt(s.device.take());
    s.sub_sport = crate::text::clean_opt(s.sub_sport.take());
    let sport = crate::text::clean_name(&s.sport);
    s.sport = if sport.is_empty() {
        "unknown".into()
    } else {
        sport
    };
}

/// Drop the activities that last no time at all (a single point, or points
/// all at one instant), and link the legs of each multisport event: a
/// parser numbers the legs of an event from 1 in order; here each leg gets
/// the event's id (the id the store gives the event's first leg, so the
/// event is named after the file) and is renumbered if a leg was dropped.
/// An event left with one leg is a plain activity.
pub(crate) fn settle(parsed: Vec<Parsed>, file_bytes: &[u8]) -> Result<Vec<Parsed>, SkipReason> {
    let total = parsed.len();
    let mut kept: Vec<(Option<usize>, Parsed)> = Vec::with_capacity(total);
    let (mut dropped, mut points, mut events) = (Vec::new(), 0usize, 0usize);
    for (i, p) in parsed.into_iter().enumerate() {
        if p.summary.leg == Some(1) || (p.summary.leg.is_some() && events == 0) {
            events += 1;
        }
        let event = p.summary.leg.map(|_| events);
        let mut p = p;
        clean_text(&mut p.summary);
        check_totals(&mut p);
        if lasts_no_time(&p) {
            points += p.summary.records as usize;
            let reason = SkipReason::NoDuration {
                points: p.summary.records as usize,
            };
            dropped.push(format!("{} left out: {reason}", which(i, total, &p)));
            continue;
        }
        kept.push((event, p));
    }
    if kept.is_empty() {
        return Err(SkipReason::NoDuration { points });
    }
    link_legs(&mut kept, file_bytes);
    let mut out: Vec<Parsed> = kept.into_iter().map(|(_, p)| p).collect();
    out[0].warnings.extend(dropped);
    Ok(out)
}

/// Elapsed, moving and recorded time all zero (or not numbers).
fn lasts_no_time(p: &Parsed) -> bool {
    let span = match (p.samples.first(), p.samples.last()) {
        (Some(a), Some(b)) => b.t_s - a.t_s,
        _ => 0.0,
    };
    !(p.summary.elapsed_s > 0.0 || p.summary.moving_s > 0.0 || span > 0.0)
}

fn which(i: usize, total: usize, p: &Parsed) -> String {
    match (p.summary.leg, total) {
        (Some(leg), _) => format!("leg {leg} ({})", sport_words(&p.summary)),
        (None, 1) => "the activity".into(),
        (None, _) => format!("activity {} of {total}", i + 1),
    }
}

fn link_legs(kept: &mut [(Option<usize>, Parsed)], file_bytes: &[u8]) {
    let mut hash: Option<String> = None;
    let mut i = 0;
    while i < kept.len() {
        let Some(event) = kept[i].0 else {
            i += 1;
            continue;
        };
        let end = (i..kept.len())
            .find(|&j| kept[j].0 != Some(event))
            .unwrap_or(kept.len());
        let id = (end - i > 1)
            .then(|| super::unit_id(hash.get_or_insert_with(|| super::id_of(file_bytes)), i));
        for (n, (_, p)) in kept[i..end].iter_mut().enumerate() {
            p.summary.event = id.clone();
            p.summary.leg = id.as_ref().map(|_| n as u32 + 1);
        }
        i = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Format, Sample};
    use chrono::TimeZone;

    fn act(sport: &str, elapsed: f64, dist: Option<f64>, leg: Option<u32>) -> Parsed {
        let mut s = crate::import::Builder::new(
            Format::Fit,
            chrono::Utc.with_ymd_and_hms(2026, 5, 1, 7, 0, 0).unwrap(),
        )
        .summary(1);
        s.sport = sport.into();
        s.elapsed_s = elapsed;
        s.moving_s = elapsed;
        s.distance_m = dist;
        s.leg = leg;
        Parsed {
            summary: s,
            samples: vec![Sample::default()],
            warnings: Vec::new(),
        }
    }

    /// Issue #23: totals a mutated file made impossible are caught like
    /// the speed: an ascent of 8.86e9 m, a duration of 31,000 years.
    #[test]
    fn impossible_ascent_and_duration_are_caught() {
        let mut p = act("running", 1800.0, Some(5000.0), None);
        p.summary.ascent_m = Some(8.86e9);
        check_totals(&mut p);
        assert_eq!(p.summary.ascent_m, None);
        assert!(
            p.warnings[0]
                .contains("the ascent, over 1,000,000 km, is more than anyone climbs in 30 min"),
            "{:?}",
            p.warnings
        );
        let mut p = act("running", 1e12, Some(5000.0), None);
        p.samples = (0..=1800)
            .map(|t| Sample {
                t_s: f64::from(t),
                ..Sample::default()
            })
            .collect();
        check_totals(&mut p);
        assert_eq!((p.summary.elapsed_s, p.summary.moving_s), (1800.0, 1800.0));
        assert!(
            p.warnings[0].contains("is impossible for one activity"),
            "{:?}",
            p.warnings
        );
        // Nothing plausible left: the activity lasts no time and is dropped.
        let mut p = act("running", f64::NAN, Some(5000.0), None);
        check_totals(&mut p);
        assert!(lasts_no_time(&p));
        // A real run is left alone.
        let mut ok = act("running", 3600.0, Some(10_000.0), None);
        ok.summary.ascent_m = Some(250.0);
        check_totals(&mut ok);
        assert!(ok.warnings.is_empty() && ok.summary.ascent_m == Some(250.0));
    }

    /// Issue #32: a 1e300-mile distance reads "over 1,000,000 km", not
    /// 300 digits; a file's own type word is quoted, never pasted into the
    /// sentence as if it were English.
    #[test]
    fn impossible_numbers_and_odd_type_words_read_as_words() {
        let mut p = act("the category", 1800.0, Some(1e300 * 1609.344), None);
        check_totals(&mut p);
        assert_eq!(p.summary.distance_m, None);
        assert_eq!(
            p.warnings[0],
            "the file's distance, over 1,000,000 km in 30 min, is an average of over 1,000,000 m/s: \
             more than anyone covers in a whole activity of type \"the category\" (50 m/s at most); \
             no other distance in the file is plausible, so it is kept without one"
        );
        let mut p = act("running", 1800.0, Some(1e300), None);
        check_totals(&mut p);
        assert!(
            p.warnings[0].contains("in a whole running activity (7 m/s at most)"),
            "{:?}",
            p.warnings
        );
        assert!(p.warnings[0].len() < 300, "{}", p.warnings[0]);
    }

    /// Issue #32: names and sport words from a file lose their
    /// bidirectional controls and line breaks before the store sees them.
    #[test]
    fn names_are_cleaned_where_they_enter() {
        let mut p = act("run\u{202E}ning", 1800.0, Some(5000.0), None);
        p.summary.name = Some("Morning \u{202E}nuR\nlong".into());
        let out = settle(vec![p], b"x").unwrap();
        assert_eq!(out[0].summary.name.as_deref(), Some("Morning nuR long"));
        assert_eq!(out[0].summary.sport, "running");
    }

    #[test]
    fn an_impossible_distance_gives_way_to_the_next_plausible_one() {
        // The case: a two-minute run said to be 42.3 km long.
        let mut p = act("running", 120.0, Some(42_293.0), None);
        let mut w = Vec::new();
        let fallbacks = || vec![("the laps'", Some(299.0)), ("the GPS track's", Some(280.0))];
        check_distance(&mut p.summary, "the track's", fallbacks, &mut w);
        assert_eq!(p.summary.distance_m, Some(299.0));
        assert_eq!(p.summary.elapsed_s, 120.0, "the time is kept");
        assert_eq!(w.len(), 1);
        assert!(
            w[0].contains("42.29 km in 2 min") && w[0].contains("352.4 m/s"),
            "{}",
            w[0]
        );
        assert!(
            w[0].contains("the laps' distance, 0.30 km, is used"),
            "{}",
            w[0]
        );
    }

    #[test]
    fn without_a_plausible_source_the_activity_has_no_distance() {
        let mut p = act("walking", 600.0, Some(6000.0), None);
        let mut w = Vec::new();
        let fallbacks = || vec![("the GPS track's", Some(5000.0)), ("x", None)];
        check_distance(&mut p.summary, "the file's", fallbacks, &mut w);
        assert_eq!(p.summary.distance_m, None);
        assert!(w[0].contains("no other distance"), "{}", w[0]);
        // A plausible distance is not touched, and fallbacks not computed.
        let mut p = act("cycling", 600.0, Some(6000.0), None);
        check_distance(&mut p.summary, "x", || unreachable!(), &mut w);
        assert_eq!(p.summary.distance_m, Some(6000.0));
        assert_eq!(w.len(), 1);
    }

    #[test]
    fn a_single_instant_is_skipped_with_its_reason() {
        let mut one = act("running", 0.0, Some(0.0), None);
        one.summary.records = 1;
        assert_eq!(
            settle(vec![one.clone()], b"x"),
            Err(SkipReason::NoDuration { points: 1 })
        );
        assert_eq!(
            SkipReason::NoDuration { points: 1 }.to_string(),
            "no activity data: one point, no duration"
        );
        // Among several, it is left out with a warning on the rest.
        let v = settle(vec![act("running", 60.0, None, None), one], b"x").unwrap();
        assert_eq!(v.len(), 1);
        assert_eq!(
            v[0].warnings,
            ["activity 2 of 2 left out: no activity data: one point, no duration"]
        );
    }

    #[test]
    fn legs_share_the_id_of_the_first_and_are_renumbered() {
        let legs = vec![
            act("swimming", 600.0, None, Some(1)),
            act("other", 0.0, None, Some(2)),
            act("cycling", 1800.0, None, Some(3)),
            act("running", 0.0, None, None),
            act("running", 900.0, None, None),
        ];
        let bytes = b"a multisport file";
        let v = settle(legs, bytes).unwrap();
        let id = crate::import::id_of(bytes);
        let got: Vec<_> = v
            .iter()
            .map(|p| (p.summary.event.clone(), p.summary.leg))
            .collect();
        assert_eq!(
            got,
            [
                (Some(id.clone()), Some(1)),
                (Some(id), Some(2)),
                (None, None)
            ]
        );
        assert_eq!(v[0].warnings.len(), 2, "{:?}", v[0].warnings);
        assert!(v[0].warnings[0].starts_with("leg 2 (other) left out"));
    }

    #[test]
    fn a_second_event_in_a_file_is_named_after_its_own_first_leg() {
        let legs = vec![
            act("running", 60.0, None, None),
            act("running", 60.0, None, Some(1)),
            act("cycling", 60.0, None, Some(2)),
            act("running", 60.0, None, Some(1)),
            act("cycling", 0.0, None, Some(2)),
        ];
        let v = settle(legs, b"f").unwrap();
        let id = crate::import::id_of(b"f");
        assert_eq!(v[1].summary.event, Some(format!("{id}-1")));
        assert_eq!(v[2].summary.event, Some(format!("{id}-1")));
        // One leg left of the second event: a plain activity.
        assert_eq!((v[3].summary.event.clone(), v[3].summary.leg), (None, None));
    }
}
