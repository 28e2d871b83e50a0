//! FIT files with several sessions: a triathlon or a bike→run brick (one
//! `session` message per leg, each with its own sport), or two runs of one
//! sport in one recording (a watch that kept the recording open, a warm-up
//! and a race). Summed into one activity, the ride would count as running
//! load and two 18-minute runs would become one 36-minute run; split, each
//! session is an activity of its own sport with its own totals, and the
//! load rules judge it as such.
//!
//! Sessions that follow each other (each starting at most `LINK_GAP_S`
//! after the previous one ended) are legs of one event, linked by `event`
//! and `leg`; a session after a longer break is an outing of its own, and
//! starts a new event (or, alone, is a plain activity).
//!
//! A session takes its figures from its session message and its time
//! series from the records between its start and the next session's start
//! (records before the first session belong to it). In a chain of FIT files
//! a session takes records from its own file only, since chained files may
//! overlap in time.

use super::{Accumulator, Parsed, RecordRow, SessionRow, gps_distance_m, samples};
use crate::import::foot_sport;
use crate::import::sanity::check_distance;
use chrono::{DateTime, Utc};

/// Most sessions kept apart. A real multisport file has a handful; a file
/// with more is summed into one activity, as a single-session file is.
pub(super) const MAX_LEGS: usize = 100;

/// Longest break between one session's end and the next one's start for
/// both to be legs of one event: a warm-up and the race after it, or a
/// transition, are minutes apart; two outings recorded in one file are
/// hours apart.
pub(super) const LINK_GAP_S: i64 = 3600;

/// Several sessions, each kept and placed in time.
pub(super) fn is_split(acc: &Accumulator) -> bool {
    acc.legs.len() > 1
        && acc.legs.len() == acc.sessions.count as usize
        && acc.legs.iter().all(|l| l.start.is_some())
}

/// One activity per session, in the order the legs started. The file's
/// warnings go with the first leg.
pub(super) fn split(acc: Accumulator, warnings: Vec<String>) -> Vec<Parsed> {
    let mut order: Vec<usize> = (0..acc.legs.len()).collect();
    order.sort_by_key(|&i| (acc.legs[i].start, acc.legs[i].chain, i));
    let assigned = assign(&acc, &order);
    let untimed = acc.record_count.saturating_sub(acc.records.len());
    let numbers = leg_numbers(&acc, &order);
    let mut out: Vec<Parsed> = order
        .iter()
        .zip(&assigned)
        .zip(numbers)
        .enumerate()
        .map(|(n, ((&i, recs), number))| {
            let extra = if n == 0 { untimed } else { 0 };
            leg(&acc, &acc.legs[i], recs, extra, number)
        })
        .collect();
    if let Some(first) = out.first_mut() {
        let own = std::mem::take(&mut first.warnings);
        first.warnings = warnings.into_iter().chain(own).collect();
    }
    out
}

/// Each session's place in its event, in `order`: 1 for a session that
/// starts an event (the first, or one after a break of more than
/// `LINK_GAP_S`), the previous number plus one otherwise. `sanity::settle`
/// then links each event's legs and makes an event of one leg a plain
/// activity.
fn leg_numbers(acc: &Accumulator, order: &[usize]) -> Vec<u32> {
    let mut numbers: Vec<u32> = Vec::with_capacity(order.len());
    let mut end: Option<DateTime<Utc>> = None;
    for &i in order {
        let row = &acc.legs[i];
        let start = row.start.unwrap_or_default();
        let apart = end.is_none_or(|e| (start - e).num_seconds() > LINK_GAP_S);
        let number = match numbers.last() {
            Some(&n) if !apart => n + 1,
            _ => 1,
        };
        numbers.push(number);
        let ms = (row.elapsed_s.unwrap_or(0.0).max(0.0) * 1000.0) as i64;
        let this_end = start + chrono::Duration::milliseconds(ms);
        end = Some(end.map_or(this_end, |e| e.max(this_end)));
    }
    numbers
}

/// The records of each leg (in `order`), by time within their chain file.
fn assign<'a>(acc: &'a Accumulator, order: &[usize]) -> Vec<Vec<&'a RecordRow>> {
    let lasts = |i: usize| acc.legs[i].elapsed_s.is_none_or(|e| e > 0.0);
    // Positions in `order` of the legs that can hold records, per chain.
    let pick = |chain: Option<usize>| -> Vec<usize> {
        (0..order.len())
            .filter(|&n| lasts(order[n]) && chain.is_none_or(|c| acc.legs[order[n]].chain == c))
            .collect()
    };
    let everywhere = Some(pick(None))
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| (0..order.len()).collect());
    let chains = acc.chain_ends.len() + 1;
    let by_chain: Vec<Vec<usize>> = (0..chains)
        .map(|c| Some(pick(Some(c))).filter(|v| !v.is_empty()))
        .map(|v| v.unwrap_or_else(|| everywhere.clone()))
        .collect();
    let mut out = vec![Vec::new(); order.len()];
    for (i, r) in acc.records.iter().enumerate() {
        let chain = acc.chain_ends.partition_point(|&e| e <= i);
        let legs = &by_chain[chain.min(chains - 1)];
        let t = r.time.unwrap_or_default();
        let starts = |n: &usize| acc.legs[order[*n]].start.unwrap_or_default() <= t;
        let k = legs.partition_point(starts).saturating_sub(1);
        out[legs[k]].push(r);
    }
    out
}

/// One session as an activity: its session's figures, its records' series.
fn leg(
    acc: &Accumulator,
    row: &SessionRow,
    recs: &[&RecordRow],
    untimed: usize,
    number: u32,
) -> Parsed {
    let first_time = recs.iter().find_map(|r| r.time);
    let start: DateTime<Utc> = row.start.or(first_time).unwrap_or_default();
    let (sport, sub_sport) = leg_sport(row);
    let base = recs.iter().find_map(|r| r.distance).unwrap_or(0.0);
    let b = samples(recs.iter().copied(), start, foot_sport(&sport), base);
    let span = b.span_s();
    let mut s = b.summary((recs.len() + untimed).min(u32::MAX as usize) as u32);
    let records_m = s.distance_m;
    s.sport = sport;
    s.sub_sport = sub_sport;
    s.device = acc.device.clone();
    s.utc_offset_s = acc.utc_offset_s;
    s.elapsed_s = row.elapsed_s.unwrap_or(span);
    s.moving_s = row.timer_s.or(row.elapsed_s).unwrap_or(span);
    s.distance_m = row.distance_m.or(records_m);
    s.ascent_m = row.ascent_m.or(s.ascent_m);
    s.avg_hr = s.avg_hr.or(row.avg_hr);
    s.max_hr = s.max_hr.or(row.max_hr);
    s.laps = row.num_laps.map(|n| n as u32);
    s.has_gps = recs.iter().any(|r| r.position.is_some());
    s.leg = Some(number);
    let mut warnings = Vec::new();
    let source = match row.distance_m {
        Some(_) => "the leg's session",
        None => "the leg's records'",
    };
    let fallbacks = || {
        let mut v = Vec::new();
        if row.distance_m.is_some() {
            v.push(("the leg's records'", records_m));
        }
        v.push(("the leg's GPS track", gps_distance_m(recs.iter().copied())));
        v
    };
    check_distance(&mut s, source, fallbacks, &mut warnings);
    Parsed {
        summary: s,
        samples: b.into_samples(),
        warnings,
    }
}

/// The session's sport as the store names it; a transition is `other`.
fn leg_sport(row: &SessionRow) -> (String, Option<String>) {
    match row.sport.as_deref() {
        Some("transition") => crate::sport::transition(),
        Some(s) => (s.to_string(), row.sub_sport.clone()),
        None => ("unknown".into(), row.sub_sport.clone()),
    }
}

#[cfg(test)]
mod tests {
    use crate::import::{FileFormat, Kind, parse_bytes};
    use runlog_samples::fit::{WATCH, encode_multisport};
    use runlog_samples::run::{Activity, Athlete, Effort, Segment, Spec, Sport, simulate};

    const T0: i64 = 1_785_130_272; // 2026-07-27T05:31:12Z

    /// A leg of `mins` minutes starting `at` seconds after T0.
    fn leg(at: i64, effort: Effort, mins: u32) -> Activity {
        simulate(&Spec {
            start_unix_s: T0 + at,
            utc_offset_s: 7200,
            sport: Sport::Run,
            segments: vec![Segment::mins(effort, mins)],
            athlete: Athlete::returning(),
            auto_pause: false,
            route_start_m: 0.0,
            reverse: false,
            hr_lock_s: 0,
            seed: at as u64,
        })
    }

    fn kind() -> Kind {
        Kind {
            format: FileFormat::Fit,
            gzip: false,
        }
    }

    /// Issue #26: two 18-minute runs three hours apart in one recording
    /// are two runs of 18 minutes, each with its own session's totals, and
    /// not linked: they are separate outings.
    #[test]
    fn two_runs_hours_apart_are_two_plain_activities() {
        let runs = [leg(0, Effort::Run, 18), leg(3 * 3600, Effort::Run, 18)];
        let refs: Vec<(&Activity, (u8, u8))> = runs.iter().map(|a| (a, (1, 0))).collect();
        let bytes = encode_multisport(&refs, &WATCH);
        let ours = super::super::decode(&bytes).unwrap();
        assert!(ours == super::super::decode_reference(&bytes).unwrap());
        let got = parse_bytes(&bytes, kind()).unwrap();
        assert_eq!(got.len(), 2);
        for (p, a) in got.iter().zip(&runs) {
            let (s, t) = (&p.summary, a.totals());
            assert_eq!(s.sport, "running");
            assert_eq!(s.start.timestamp(), a.start_unix_s);
            assert_eq!(s.elapsed_s, f64::from(t.elapsed_s));
            assert_eq!(s.moving_s, f64::from(t.timer_s));
            assert_eq!(s.distance_m, Some((t.distance_m * 100.0).round() / 100.0));
            assert_eq!(s.records as usize, a.recorded().count());
            assert_eq!((&s.event, s.leg), (&None, None));
        }
        assert!(got[0].summary.elapsed_s < 19.0 * 60.0);
    }

    /// A warm-up, then the race 20 minutes after it ended: two activities,
    /// linked as legs 1 and 2 of one event.
    #[test]
    fn a_warm_up_and_the_race_after_it_are_linked_legs() {
        let warm_up = leg(0, Effort::Walk, 10);
        let race = leg(30 * 60, Effort::Run, 20);
        let bytes = encode_multisport(&[(&warm_up, (1, 0)), (&race, (1, 0))], &WATCH);
        let got = parse_bytes(&bytes, kind()).unwrap();
        let event = Some(crate::import::id_of(&bytes));
        let links: Vec<_> = got
            .iter()
            .map(|p| (&p.summary.event, p.summary.leg))
            .collect();
        assert_eq!(links, [(&event, Some(1)), (&event, Some(2))]);
        assert_eq!(got[1].summary.elapsed_s, f64::from(race.totals().elapsed_s));
    }

    /// A file chained to a copy of itself holds its session twice: one
    /// activity, not a doubled one, and a warning says so.
    #[test]
    fn a_session_written_twice_is_read_once() {
        let run = leg(0, Effort::Run, 12);
        let once = runlog_samples::fit::encode_activity(&run, &WATCH);
        let twice = [once.clone(), once.clone()].concat();
        let single = parse_bytes(&once, kind()).unwrap();
        let got = parse_bytes(&twice, kind()).unwrap();
        assert_eq!(got.len(), 1);
        let (a, b) = (&got[0].summary, &single[0].summary);
        assert_eq!((a.elapsed_s, a.distance_m), (b.elapsed_s, b.distance_m));
        assert!(
            got[0]
                .warnings
                .iter()
                .any(|w| w.contains("1 session(s) repeated")),
            "{:?}",
            got[0].warnings
        );
    }

    /// Swim, transition, ride, transition, run: five activities of their
    /// own sports, linked as legs of one event, each with its session's
    /// figures and its own records; only the run is running.
    #[test]
    fn a_triathlon_becomes_one_activity_per_leg() {
        let legs = [
            (leg(0, Effort::Walk, 6), (5, 18)),  // swimming, open water
            (leg(360, Effort::Walk, 1), (3, 0)), // transition
            (leg(420, Effort::Run, 8), (2, 0)),  // cycling
            (leg(900, Effort::Walk, 1), (3, 0)),
            (leg(960, Effort::Run, 5), (1, 0)), // running
        ];
        let refs: Vec<(&Activity, (u8, u8))> = legs.iter().map(|(a, c)| (a, *c)).collect();
        let bytes = encode_multisport(&refs, &WATCH);
        let ours = super::super::decode(&bytes).unwrap();
        assert_eq!(ours, super::super::decode_reference(&bytes).unwrap());
        let got = parse_bytes(&bytes, kind()).unwrap();
        assert_eq!(got.len(), 5);
        let sports: Vec<(&str, Option<&str>)> = got
            .iter()
            .map(|p| (p.summary.sport.as_str(), p.summary.sub_sport.as_deref()))
            .collect();
        let generic = Some("generic");
        let other = ("other", Some("transition"));
        let want = [
            ("swimming", Some("open_water")),
            other,
            ("cycling", generic),
            other,
            ("running", generic),
        ];
        assert_eq!(sports, want);
        let event = Some(crate::import::id_of(&bytes));
        for (n, (p, (a, _))) in got.iter().zip(&legs).enumerate() {
            let s = &p.summary;
            let t = a.totals();
            assert_eq!((&s.event, s.leg), (&event, Some(n as u32 + 1)));
            assert_eq!(s.start.timestamp(), a.start_unix_s);
            assert_eq!(s.elapsed_s, f64::from(t.elapsed_s));
            assert_eq!(s.moving_s, f64::from(t.timer_s));
            assert_eq!(s.records as usize, a.recorded().count());
            assert_eq!(s.distance_m, Some((t.distance_m * 100.0).round() / 100.0));
            let hr: Vec<f64> = a
                .recorded()
                .filter_map(|p| p.hr_bpm.map(f64::from))
                .collect();
            assert_eq!(s.avg_hr, crate::import::mean(&hr));
            // Each leg's series starts at its own start and its own 0 m.
            assert_eq!(p.samples[0].t_s, 0.0);
            assert_eq!(p.samples[0].distance_m, Some(0.0));
        }
        let running: Vec<bool> = got
            .iter()
            .map(|p| crate::sport::classify(&p.summary.sport, p.summary.sub_sport.as_deref()))
            .map(|s| s.is_running())
            .collect();
        assert_eq!(running, [false, false, false, false, true]);
        assert!(
            got.iter().all(|p| p.warnings.is_empty()),
            "{:?}",
            got[0].warnings
        );
    }
}
