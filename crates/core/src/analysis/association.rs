//! Personal evidence (issue #17): over a runner's whole diary history, do
//! pain spikes follow load-jump weeks more often than other weeks, and does
//! pain change move with load change — with the uncertainty said out loud.
//!
//! Plain data in, plain data out: the caller turns its weeks, jumps and
//! spikes into [`WeekObs`]; nothing here knows runlog's own types, so the
//! file drops in as `analysis/association.rs`.
//!
//! Two questions, two methods:
//!
//! 1. **The 2×2 count** — jump weeks and other weeks against "a pain spike
//!    followed within `lag_days`" — with a one-sided p-value from a
//!    *circular-shift* permutation test ([`shift_p_value`], mid-p). Weeks
//!    are not independent draws: pain comes in episodes that last more than
//!    a week, and with `lag_days` = 7 the windows of neighbouring weeks
//!    overlap, so one spike marks two weeks as "followed". Fisher's exact
//!    test would treat every week as a fresh coin toss. Rotating the spike
//!    series against the jump series keeps each series' own week-to-week
//!    pattern intact and only breaks their alignment, which is the null
//!    hypothesis.
//! 2. **The lagged association** between weekly load change (%) and weekly
//!    pain change, for lags 0–2 weeks: Spearman ρ (ranks, so a few extreme
//!    weeks cannot dominate), reported at the lag with the largest |ρ| as a
//!    description only, with no interval. A moving-block bootstrap band
//!    over the three lags excluded 0 in 18 of 202 (8.9 %) testable null
//!    histories instead of about 5 % (issue #30): an interval that claims
//!    more confidence than it has is worse than none, so it was removed.
//!    The p-value of the count is the calibrated answer.
//!
//! Beside the p-value, an effect size with its uncertainty: the risk ratio
//! (how many times as often jump weeks were followed as other weeks) with a
//! 95 % interval by Katz's log method, 0.5 added to every cell when one is
//! zero. A p-value alone says nothing of how large or how uncertain.
//!
//! Below [`MIN_JUMPS`] jump weeks or [`MIN_OTHER`] other weeks, or when no
//! alignment of these weeks could give a p below [`ALPHA`] (see
//! [`smallest_attainable_p`]), nothing is inferred: the result says there is
//! not enough data yet, with no p, ρ or interval (the counts stay, as facts).
//!
//! `runlog_samples::weekly::simulate` makes synthetic histories; its tests
//! check that the false-positive rate is what it claims and measure power.

use crate::analysis::jumps::Jump;
use crate::analysis::load::{Load, shift_days, week_days};
use crate::analysis::spikes::Spike;
use crate::config::Config;
use chrono::NaiveDate;
use serde::Serialize;
use statrs::statistics::{Data, OrderStatistics, RankTieBreaker, Statistics};

/// Fewest load-jump weeks (among weeks with diary data) before any number is given.
pub const MIN_JUMPS: usize = 2;
/// Fewest other weeks: with fewer there is nothing to compare the jumps with.
pub const MIN_OTHER: usize = 2;
/// Lags tried for the load-change/pain-change association, in weeks.
pub const MAX_LAG: usize = 2;
/// Fewest complete (load change, pain change) pairs for a ρ at one lag.
pub const MIN_PAIRS: usize = 6;
/// Below this p-value the sentence calls the pattern unlikely to be chance.
pub const ALPHA: f64 = 0.05;

/// One ISO week of the history, in calendar order with no week skipped.
///
/// A week without diary entries has `pain_mean: None`; it keeps its place
/// (so lags stay calendar lags) but is left out of the counts and the test,
/// because whether a spike followed it cannot be judged.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekObs {
    /// ISO week label, e.g. "2026-W07"; carried through for the caller.
    pub label: String,
    /// The week's load in the configured metric (only its % change is used).
    pub load: f64,
    /// The week is a load jump (any rule).
    pub jump: bool,
    /// A pain spike began within `lag_days` of the week. Use the same window
    /// for every week (e.g. from the week's start to its end + `lag_days`),
    /// so jump weeks and other weeks are compared like with like.
    pub spike_followed: bool,
    /// Mean diary pain of the week (0–10), `None` without diary entries.
    /// Unrounded: rounding makes ties that move ρ.
    pub pain_mean: Option<f64>,
    /// The week's follow-up window runs past the last diary day: whether a
    /// spike followed cannot be known yet, so the week is left out of the
    /// count and the test (its pain still counts for ρ).
    pub censored: bool,
}

/// A load-jump week the count leaves out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeftOut {
    pub week: String,
    /// Its Monday.
    pub start: chrono::NaiveDate,
    /// "its follow-up runs past the last diary day" or "no diary entries
    /// that week".
    pub why: &'static str,
}

/// The whole-history answer, ready to serialise as `association`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Association {
    /// Weeks with diary data and a complete follow-up (the weeks counted).
    pub n_weeks: usize,
    /// Their ISO week labels.
    pub weeks: Vec<String>,
    pub jump_weeks: usize,
    pub jump_weeks_followed: usize,
    pub other_weeks: usize,
    pub other_weeks_followed: usize,
    /// How many times as often jump weeks were followed as other weeks,
    /// with its 95 % interval (Katz log method; 0.5 added to each cell
    /// when one is zero).
    pub risk_ratio: Option<f64>,
    pub risk_ratio_low: Option<f64>,
    pub risk_ratio_high: Option<f64>,
    /// The smallest p-value any alignment of these weeks could give: below
    /// [`ALPHA`] there is enough data to test.
    pub smallest_p: Option<f64>,
    /// One-sided circular-shift mid-p-value (see [`shift_p_value`]): how
    /// often a rotated spike series follows the jumps at least as often as
    /// the real one does.
    pub p_value: Option<f64>,
    /// Spearman ρ of weekly load change (%) against the weekly change in
    /// mean pain `lag_weeks` later (0 = the same week): a description, the
    /// largest |ρ| of three lags, with no interval (see the module's doc).
    pub rho: Option<f64>,
    /// The lag (0–2 weeks) with the largest |ρ|.
    pub lag_weeks: Option<u32>,
    /// False below the minimum; then every `Option` above is `None`.
    pub enough_data: bool,
    /// Load-jump weeks the count leaves out, and why: the weeks table
    /// marks them, so the sentence must say where they went.
    pub left_out: Vec<LeftOut>,
    /// One plain sentence with the uncertainty.
    pub sentence: String,
}

impl Association {
    /// The answer and the load-jump weeks it leaves out, with why: a
    /// reader who counts the jump marks in the weeks finds them all, on
    /// page one and in `runlog flags` alike.
    pub fn full_sentence(&self) -> String {
        if self.left_out.is_empty() {
            return self.sentence.clone();
        }
        let weeks: Vec<String> = self
            .left_out
            .iter()
            .map(|w| {
                format!(
                    "the jump week of {}, as {}",
                    crate::dates::week_span(w.start),
                    w.why
                )
            })
            .collect();
        format!("{} Not counted: {}.", self.sentence, weeks.join("; "))
    }
}

/// The whole-history association: deterministic, so the same history
/// always gives the same answer.
pub fn associate(weeks: &[WeekObs]) -> Association {
    let table = Table::count(weeks);
    let (jump, followed) = observed_series(weeks);
    let smallest = smallest_attainable_p(&jump, &followed);
    let mut bare = table.bare(weeks);
    bare.smallest_p = smallest;
    if !table.enough() || smallest.is_none_or(|p| p >= ALPHA) {
        return Association {
            sentence: not_enough_sentence(&table, smallest),
            ..bare
        };
    }
    let p = shift_p_value(&jump, &followed);
    let lagged = lagged_rho(weeks);
    let rr = table.risk_ratio();
    Association {
        p_value: p,
        rho: lagged.map(|l| l.rho),
        lag_weeks: lagged.map(|l| l.lag as u32),
        enough_data: true,
        risk_ratio: rr.map(|r| r.0),
        risk_ratio_low: rr.map(|r| r.1),
        risk_ratio_high: rr.map(|r| r.2),
        sentence: sentence(&table, p, rr),
        ..bare
    }
}

/// The 2×2 count over weeks with diary data.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Table {
    jump: usize,
    jump_followed: usize,
    other: usize,
    other_followed: usize,
}

impl Table {
    fn count(weeks: &[WeekObs]) -> Table {
        let mut t = Table::default();
        for w in weeks.iter().filter(|w| counted(w)) {
            let (n, f) = match w.jump {
                true => (&mut t.jump, &mut t.jump_followed),
                false => (&mut t.other, &mut t.other_followed),
            };
            *n += 1;
            *f += usize::from(w.spike_followed);
        }
        t
    }

    fn weeks(&self) -> usize {
        self.jump + self.other
    }

    fn enough(&self) -> bool {
        self.jump >= MIN_JUMPS && self.other >= MIN_OTHER
    }

    /// Risk ratio and its 95 % interval, Katz's log method: SE of ln RR =
    /// √(1/a − 1/n₁ + 1/c − 1/n₂). With a zero cell 0.5 is added to every
    /// cell (so 1 to each row), which keeps the ratio finite and the
    /// interval honest about how little a zero says.
    fn risk_ratio(&self) -> Option<(f64, f64, f64)> {
        let (n1, n2) = (self.jump as f64, self.other as f64);
        let (a, c) = (self.jump_followed as f64, self.other_followed as f64);
        if n1 == 0.0 || n2 == 0.0 {
            return None;
        }
        let (a, c, n1, n2) = if self.zero_cell() {
            (a + 0.5, c + 0.5, n1 + 1.0, n2 + 1.0)
        } else {
            (a, c, n1, n2)
        };
        let rr = (a / n1) / (c / n2);
        let se = (1.0 / a - 1.0 / n1 + 1.0 / c - 1.0 / n2).sqrt();
        let z = 1.959_963_984_540_054;
        let (lo, hi) = ((rr.ln() - z * se).exp(), (rr.ln() + z * se).exp());
        (rr.is_finite() && lo.is_finite() && hi.is_finite()).then_some((rr, lo, hi))
    }

    /// A cell of the 2×2 is zero: the ratio needs the 0.5 correction.
    fn zero_cell(&self) -> bool {
        self.jump_followed == 0
            || self.other_followed == 0
            || self.jump_followed == self.jump
            || self.other_followed == self.other
    }

    /// The counts with every inferential field empty.
    fn bare(&self, weeks: &[WeekObs]) -> Association {
        Association {
            n_weeks: self.weeks(),
            weeks: weeks
                .iter()
                .filter(|w| counted(w))
                .map(|w| w.label.clone())
                .collect(),
            jump_weeks: self.jump,
            jump_weeks_followed: self.jump_followed,
            other_weeks: self.other,
            other_weeks_followed: self.other_followed,
            risk_ratio: None,
            risk_ratio_low: None,
            risk_ratio_high: None,
            smallest_p: None,
            p_value: None,
            rho: None,
            lag_weeks: None,
            enough_data: false,
            left_out: Vec::new(),
            sentence: String::new(),
        }
    }
}

/// A week counts when it has a usable diary mean and a complete follow-up.
fn counted(w: &WeekObs) -> bool {
    w.pain_mean.is_some_and(f64::is_finite) && !w.censored
}

/// Jump and followed flags of the weeks with diary data, in order.
fn observed_series(weeks: &[WeekObs]) -> (Vec<bool>, Vec<bool>) {
    weeks
        .iter()
        .filter(|w| counted(w))
        .map(|w| (w.jump, w.spike_followed))
        .unzip()
}

/// Jump weeks followed when the followed series is rotated by `shift`
/// weeks: Σ jump[t] · followed[(t + shift) mod n].
fn followed_at_shift(jump: &[bool], followed: &[bool], shift: usize) -> usize {
    let n = followed.len();
    jump.iter()
        .enumerate()
        .filter(|&(t, &j)| j && followed[(t + shift) % n])
        .count()
}

/// One-sided circular-shift permutation p-value for "spikes follow jump
/// weeks more often than other weeks".
///
/// The statistic is the number of jump weeks followed. Rotating the followed
/// series keeps both margins of the 2×2 table, so this count orders the
/// alignments exactly as the difference in follow rates would. All `n`
/// rotations (the real one included) are enumerated, so no random numbers
/// are needed and the same weeks always give the same p.
///
/// Why rotations and not shuffles: shuffling weeks would destroy the
/// week-to-week persistence of pain (episodes, and the overlap of the
/// `lag_days` windows of neighbouring weeks), making chance alignments look
/// rarer than they are. A rotation keeps that persistence and only moves
/// the spikes relative to the jumps. This is valid when the spike series
/// looks alike wherever it starts: a slow trend shared by jumps and spikes
/// (both commoner early in a comeback) would pass for an association.
///
/// Why mid-p: the count takes few values, so many rotations tie with the
/// real one, and counting every tie against the data makes the test far
/// stricter than it says (about 1 % false alarms at 5 % in the calibration
/// histories, and no p below 0.05 up to 20 weeks). Ties count half:
/// p = (#{shifts with a larger count} + ½ · #{shifts with the same count,
/// the real one included}) / n. Its false-alarm rate is checked against
/// synthetic histories in the tests. The smallest possible p is 1/(2n), so
/// at least 11 weeks are needed for any p below 0.05.
///
/// `None` for mismatched lengths or an empty series.
pub fn shift_p_value(jump: &[bool], followed: &[bool]) -> Option<f64> {
    let n = followed.len();
    if n == 0 || jump.len() != n {
        return None;
    }
    let real = followed_at_shift(jump, followed, 0);
    let score: f64 = (0..n)
        .map(|k| match followed_at_shift(jump, followed, k).cmp(&real) {
            std::cmp::Ordering::Greater => 1.0,
            std::cmp::Ordering::Equal => 0.5,
            std::cmp::Ordering::Less => 0.0,
        })
        .sum();
    Some(score / n as f64)
}

/// The smallest p-value [`shift_p_value`] could give for these two
/// series, whatever their alignment: the real one at the best rotation,
/// tied with every rotation that does as well. Neighbouring rotations tie
/// often (a spike marks two weeks), so this is computed from the data, not
/// taken as 1/(2n): it is the history's real minimum, and below [`ALPHA`]
/// a test can say something.
pub fn smallest_attainable_p(jump: &[bool], followed: &[bool]) -> Option<f64> {
    let n = followed.len();
    if n == 0 || jump.len() != n {
        return None;
    }
    let counts: Vec<usize> = (0..n)
        .map(|k| followed_at_shift(jump, followed, k))
        .collect();
    let best = counts.iter().copied().max()?;
    let ties = counts.iter().filter(|&&c| c == best).count();
    Some(0.5 * ties as f64 / n as f64)
}

/// Spearman's ρ with average ranks for ties. Non-finite pairs are left
/// out; `None` with fewer than 3 pairs or when either side is constant.
pub fn spearman(pairs: &[(f64, f64)]) -> Option<f64> {
    let (xs, ys): (Vec<f64>, Vec<f64>) = pairs
        .iter()
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .copied()
        .unzip();
    if xs.len() < 3 {
        return None;
    }
    let rx = Data::new(xs).ranks(RankTieBreaker::Average);
    let ry = Data::new(ys).ranks(RankTieBreaker::Average);
    pearson(&rx, &ry)
}

/// Pearson's r; `None` when either side has no spread.
fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let (sx, sy) = (x.std_dev(), y.std_dev());
    if !(sx > 1e-12 && sy > 1e-12) {
        return None;
    }
    let r = x.covariance(y) / (sx * sy);
    r.is_finite().then(|| r.clamp(-1.0, 1.0))
}

/// The chosen lag's ρ.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Lagged {
    lag: usize,
    rho: f64,
}

/// Per lag, per week t: (load change % of week t, pain change of week t + lag).
type LagPairs = Vec<Vec<Option<(f64, f64)>>>;

/// Load change in % against the previous week; `None` after a week without
/// load (no % exists) or with a non-finite load.
fn load_change_pct(weeks: &[WeekObs], t: usize) -> Option<f64> {
    let (before, now) = (weeks.get(t.checked_sub(1)?)?.load, weeks.get(t)?.load);
    let pct = (now - before) / before * 100.0;
    (before > 0.0 && pct.is_finite()).then_some(pct)
}

/// Mean pain of week t minus that of week t − 1, when both have diary data.
fn pain_change(weeks: &[WeekObs], t: usize) -> Option<f64> {
    let pain = |i: usize| weeks.get(i)?.pain_mean.filter(|p| p.is_finite());
    let d = pain(t)? - pain(t.checked_sub(1)?)?;
    d.is_finite().then_some(d)
}

fn lag_pairs(weeks: &[WeekObs]) -> LagPairs {
    (0..=MAX_LAG)
        .map(|lag| {
            (0..weeks.len())
                .map(|t| Some((load_change_pct(weeks, t)?, pain_change(weeks, t + lag)?)))
                .collect()
        })
        .collect()
}

/// ρ at one lag over every week with a pair.
fn rho_at(pairs: &[Option<(f64, f64)>]) -> Option<f64> {
    let chosen: Vec<(f64, f64)> = pairs.iter().filter_map(|p| *p).collect();
    (chosen.len() >= MIN_PAIRS)
        .then(|| spearman(&chosen))
        .flatten()
}

/// ρ for lags 0–2 (weekly load change % against the pain change 0, 1 or 2
/// weeks later); the lag with the largest |ρ| is reported (ties: the
/// shorter lag).
fn lagged_rho(weeks: &[WeekObs]) -> Option<Lagged> {
    let rhos: Vec<Option<f64>> = lag_pairs(weeks).iter().map(|p| rho_at(p)).collect();
    let (lag, rho) = largest(&rhos)?;
    Some(Lagged { lag, rho })
}

/// The lag with the largest |ρ| (ties: the shorter lag), and its ρ.
fn largest(rhos: &[Option<f64>]) -> Option<(usize, f64)> {
    rhos.iter()
        .enumerate()
        .filter_map(|(lag, r)| r.map(|r| (lag, r)))
        .fold(None, |best, (lag, r)| match best {
            Some((_, b)) if f64::abs(b) >= r.abs() => best,
            _ => Some((lag, r)),
        })
}

/// "3 of 4", "1 of 1"…
fn share(k: usize, n: usize) -> String {
    format!("{k} of {n}")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// p to as many digits as it needs ("p = 0.033", "p = 0.41",
/// "p < 0.001"), with what it means in words, so no reader meets a bare
/// p-value.
fn format_p(p: f64) -> String {
    let (value, share) = match p {
        p if p < 0.001 => ("p < 0.001".to_string(), "less than 0.1 %".to_string()),
        p if p < 0.1 => (format!("p = {p:.3}"), format!("{:.1} %", p * 100.0)),
        p => (format!("p = {p:.2}"), format!("{:.0} %", p * 100.0)),
    };
    format!("{value}: a pattern at least this strong would turn up by chance {share} of the time")
}

fn not_enough_sentence(t: &Table, smallest: Option<f64>) -> String {
    let mut missing = Vec::new();
    if t.jump < MIN_JUMPS {
        missing.push(format!("{MIN_JUMPS} load-jump weeks"));
    }
    if t.other < MIN_OTHER {
        missing.push(format!("{MIN_OTHER} weeks without a load jump"));
    }
    let counts = format!(
        "there are {} with diary entries and a complete follow-up and {} so far",
        plural(t.weeks(), "week", "weeks"),
        plural(t.jump, "load-jump week", "load-jump weeks"),
    );
    if missing.is_empty() {
        let p = smallest.unwrap_or(1.0);
        return format!(
            "Not enough data yet to say whether pain follows load jumps: {counts}, and however they lined up the test could not go below p = {p:.2}; more weeks are needed."
        );
    }
    format!(
        "Not enough data yet to say whether pain follows load jumps: {counts}, and at least {} are needed.",
        missing.join(" and ")
    )
}

/// The risk ratio in words, with how wide its interval is. With a zero
/// count the corrected ratio (0.5 added to each cell) can point the other
/// way from the counts (0 of 2 against 1 of 22 gives 2.6), so only its
/// interval is said.
fn ratio_words(rr: (f64, f64, f64), zero: bool) -> String {
    let (r, lo, hi) = rr;
    let reading = if lo > 1.0 {
        "more often"
    } else if hi < 1.0 {
        "less often"
    } else {
        "the data cannot tell"
    };
    if zero {
        return format!(
            "With a group all or none followed the ratio cannot be pinned down: its 95 % interval runs from {} to {} ({reading}).",
            sig2(lo),
            sig2(hi)
        );
    }
    format!(
        "Jump weeks were followed by a spike {} times as often as other weeks (95 % interval {} to {}: {reading}).",
        sig2(r),
        sig2(lo),
        sig2(hi)
    )
}

/// Two significant figures, as a ratio is read: 0.13, 1.3, 13.
fn sig2(v: f64) -> String {
    if v >= 10.0 {
        format!("{v:.0}")
    } else if v >= 1.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

/// The 2×2 in words, the effect size, then how far chance could explain it.
fn sentence(t: &Table, p: Option<f64>, rr: Option<(f64, f64, f64)>) -> String {
    let counts = format!(
        "{} load-jump weeks were followed by a pain spike, against {} other weeks.",
        share(t.jump_followed, t.jump),
        share(t.other_followed, t.other)
    );
    let ratio = rr
        .map(|r| format!(" {}", ratio_words(r, t.zero_cell())))
        .unwrap_or_default();
    let n = t.weeks();
    let p = p.unwrap_or(1.0);
    let rate = |k: usize, m: usize| k as f64 / m.max(1) as f64;
    let more_often = rate(t.jump_followed, t.jump) > rate(t.other_followed, t.other);
    let verdict = if !more_often {
        format!(
            "With {n} weeks there is no sign that spikes follow load jumps more often than other weeks ({}); a small effect is not ruled out.",
            format_p(p)
        )
    } else if p < ALPHA {
        format!(
            "With {n} weeks this is unlikely to be chance alone ({}); it is one person's data, and causes that are not recorded (sleep, lifting, stress) are not ruled out.",
            format_p(p)
        )
    } else {
        let may = if p < 0.2 { "may" } else { "could well" };
        format!(
            "With {n} weeks this {may} be chance ({}); more weeks will tell more.",
            format_p(p)
        )
    };
    format!("{counts}{ratio} {verdict}")
}

/// The whole history's weeks as the association test sees them.
///
/// A week is "followed" when a pain spike starts in its follow-up window:
/// for a jump week from the run that set the jump off (a spike before it
/// cannot have followed it), for other weeks from the Monday, in both cases
/// to `lag_days` after the Sunday. A week whose window runs past the last
/// diary day is censored: whether a spike follows is not known yet. Weekly
/// pain is the unrounded mean, so ρ is not moved by rounding ties.
pub fn association_weeks(
    load: &Load,
    jumps: &[Jump],
    spikes: &[Spike],
    config: &Config,
) -> Vec<WeekObs> {
    let last_diary = load
        .days
        .iter()
        .rev()
        .find(|d| d.pain_mean.is_some())
        .map(|d| d.date);
    load.weeks
        .iter()
        .map(|w| {
            let jump = jumps.iter().find(|j| j.week == w.week);
            let from = jump.map_or(w.start, |j| j.trigger_date.max(w.start));
            let end = shift_days(w.start, 6 + config.pain.lag_days);
            WeekObs {
                label: w.week.clone(),
                load: w.load,
                jump: jump.is_some(),
                spike_followed: spikes.iter().any(|s| s.date >= from && s.date <= end),
                pain_mean: exact_pain_mean(load, w.start),
                censored: last_diary.is_none_or(|d| end > d),
            }
        })
        .collect()
}

/// The week's mean daily pain as `Week::pain_mean` has it, before rounding.
fn exact_pain_mean(load: &Load, start: NaiveDate) -> Option<f64> {
    let first = load.days.first()?.date;
    let (_, days) = week_days(&load.days, first, start);
    crate::analysis::load::pain_mean(&days)
}

/// The association over the whole history, from the same jumps and spikes
/// as the flags; the calibration in `runlog_samples::weekly` calls it the
/// same way.
pub(crate) fn over_history(
    load: &Load,
    jumps: &[Jump],
    spikes: &[Spike],
    config: &Config,
) -> Association {
    let weeks = association_weeks(load, jumps, spikes, config);
    let mut a = associate(&weeks);
    a.left_out = weeks
        .iter()
        .zip(&load.weeks)
        .filter(|(o, _)| o.jump)
        .filter_map(|(o, w)| {
            let why = if o.pain_mean.is_none() {
                "no diary entries that week"
            } else if o.censored {
                "its follow-up runs past the last diary day"
            } else {
                return None;
            };
            Some(LeftOut {
                week: o.label.clone(),
                start: w.start,
                why,
            })
        })
        .collect();
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week(jump: bool, followed: bool, pain: Option<f64>) -> WeekObs {
        WeekObs {
            label: String::new(),
            load: 100.0,
            jump,
            spike_followed: followed,
            pain_mean: pain,
            censored: false,
        }
    }
    /// Weeks from (jump, followed) with a diary every week.
    fn weeks(rows: &[(bool, bool)]) -> Vec<WeekObs> {
        rows.iter().map(|&(j, f)| week(j, f, Some(2.0))).collect()
    }
    #[test]
    fn the_2x2_counts_only_weeks_with_diary_data_and_a_whole_follow_up() {
        let mut w = weeks(&[
            (true, true),
            (true, false),
            (true, true),
            (false, true),
            (false, false),
            (false, false),
            (false, false),
            (false, true),
            (false, false),
        ]);
        // No diary that week: neither counted nor tested.
        w.push(week(true, true, None));
        w.push(week(false, true, Some(f64::NAN)));
        // Issue #22: a week whose window outruns the diary is left out,
        // not counted as "not followed".
        w.push(WeekObs {
            censored: true,
            ..week(true, false, Some(2.0))
        });
        for (i, x) in w.iter_mut().enumerate() {
            x.label = format!("W{i:02}");
        }
        let a = associate(&w);
        assert_eq!((a.n_weeks, a.jump_weeks, a.jump_weeks_followed), (9, 3, 2));
        assert_eq!((a.other_weeks, a.other_weeks_followed), (6, 2));
        assert_eq!(
            a.weeks,
            [
                "W00", "W01", "W02", "W03", "W04", "W05", "W06", "W07", "W08"
            ]
        );
        // Nine weeks with these spikes cannot give p < 0.05 in any order.
        assert!(!a.enough_data);
        assert!(a.smallest_p.unwrap() >= ALPHA, "{:?}", a.smallest_p);
        assert!(
            a.sentence
                .contains("however they lined up the test could not go below p ="),
            "{}",
            a.sentence
        );
    }

    /// Katz's log method by hand: 3 of 4 jump weeks against 4 of 16 other
    /// weeks: RR = 0.75 / 0.25 = 3; SE = √(1/3 − 1/4 + 1/4 − 1/16) =
    /// √(0.2708) = 0.5204; 3·e^(±1.96·0.5204) = 1.0818 and 8.3196. With a zero
    /// cell, 0.5 is added to each: 0 of 4 against 4 of 16 gives
    /// (0.5/5)/(4.5/17) = 0.378.
    #[test]
    fn the_risk_ratio_and_its_interval_by_hand() {
        let t = Table {
            jump: 4,
            jump_followed: 3,
            other: 16,
            other_followed: 4,
        };
        let (r, lo, hi) = t.risk_ratio().unwrap();
        assert!((r - 3.0).abs() < 1e-12);
        assert!((lo - 1.0818).abs() < 0.0005, "{lo}");
        assert!((hi - 8.3196).abs() < 0.0005, "{hi}");
        let zero = Table {
            jump_followed: 0,
            ..t
        };
        let (r, lo, hi) = zero.risk_ratio().unwrap();
        assert!((r - (0.5 / 5.0) / (4.5 / 17.0)).abs() < 1e-12, "{r}");
        assert!(lo < r && r < hi && hi.is_finite());
        assert_eq!(
            ratio_words((1.3, 0.1, 7.0), false),
            "Jump weeks were followed by a spike 1.3 times as often as other weeks (95 % interval 0.10 to 7.0: the data cannot tell)."
        );
        assert!(ratio_words((3.0, 1.08, 8.3), false).ends_with(": more often)."));
        assert_eq!(
            ratio_words((2.6, 0.13, 50.0), true),
            "With a group all or none followed the ratio cannot be pinned down: its 95 % interval runs from 0.13 to 50 (the data cannot tell)."
        );
        assert!(Table::default().risk_ratio().is_none());
    }

    /// Neighbouring rotations tie when a spike marks two weeks, so the
    /// smallest attainable p is counted, not taken as 1/(2n).
    #[test]
    fn the_smallest_attainable_p_counts_tied_rotations() {
        // One jump, followed, among 20 weeks: every rotation that puts a
        // followed week under the jump ties with the real one.
        let mut j = [false; 20];
        j[4] = true;
        let mut f = [false; 20];
        f[4] = true;
        f[5] = true;
        assert_eq!(smallest_attainable_p(&j, &f), Some(0.5 * 2.0 / 20.0));
        f[5] = false;
        assert_eq!(smallest_attainable_p(&j, &f), Some(0.5 / 20.0));
        assert_eq!(smallest_attainable_p(&[], &[]), None);
    }

    /// a(k) = Σ jump[t]·followed[t+k mod 5] = [2, 0, 1, 1, 0]: one rotation
    /// (the real one) ties, none is larger → p = ½·1/5.
    #[test]
    fn shift_p_value_on_a_tiny_example() {
        let j = [true, false, true, false, false];
        let f = [true, false, true, false, false];
        let counts: Vec<usize> = (0..5).map(|k| followed_at_shift(&j, &f, k)).collect();
        assert_eq!(counts, [2, 0, 1, 1, 0]);
        assert_eq!(shift_p_value(&j, &f), Some(0.1));
        // Spikes only in other weeks: a = [0, 2, 1, 1, 2] → (4 + ½)/5.
        let f = [false, true, false, true, true];
        assert_eq!(shift_p_value(&j, &f), Some(0.9));
        // Every week followed: every rotation ties → ½.
        assert_eq!(shift_p_value(&j, &[true; 5]), Some(0.5));
        assert_eq!(shift_p_value(&[], &[]), None);
        assert_eq!(shift_p_value(&j, &[true; 4]), None);
    }
    /// x ranks 1, 2.5, 2.5, 4, 5; y ranks 1, 4, 2.5, 2.5, 5. Deviations from
    /// 3: Σdx·dy = 4 − 0.5 + 0.25 − 0.5 + 4 = 7.25, Σdx² = Σdy² = 9.5,
    /// so ρ = 7.25 / 9.5 = 29/38.
    #[test]
    fn spearman_with_ties_by_hand() {
        let pairs = [(1.0, 1.0), (2.0, 3.0), (2.0, 2.0), (3.0, 2.0), (4.0, 5.0)];
        let rho = spearman(&pairs).unwrap();
        assert!((rho - 29.0 / 38.0).abs() < 1e-12, "{rho}");
    }
    #[test]
    fn spearman_edges() {
        let up = [(1.0, 10.0), (2.0, 20.0), (3.0, 25.0), (4.0, 100.0)];
        assert_eq!(spearman(&up), Some(1.0));
        let down: Vec<(f64, f64)> = up.iter().map(|&(x, y)| (x, -y)).collect();
        assert_eq!(spearman(&down), Some(-1.0));
        let flat = [(1.0, 2.0), (2.0, 2.0), (3.0, 2.0), (4.0, 2.0)];
        assert_eq!(spearman(&flat), None, "no spread, no ρ");
        let nan = [
            (1.0, 1.0),
            (f64::NAN, 5.0),
            (2.0, f64::INFINITY),
            (3.0, 3.0),
        ];
        assert_eq!(spearman(&nan), None, "two usable pairs");
        let mut more = nan.to_vec();
        more.push((4.0, 4.0));
        assert_eq!(spearman(&more), Some(1.0), "non-finite pairs are left out");
        assert_eq!(spearman(&[]), None);
    }
    #[test]
    fn too_few_weeks_give_no_number() {
        let a = associate(&weeks(&[(true, true), (true, true), (false, false)]));
        assert!(!a.enough_data);
        assert_eq!(
            (a.p_value, a.rho, a.lag_weeks, a.risk_ratio),
            (None, None, None, None)
        );
        assert_eq!(
            a.sentence,
            "Not enough data yet to say whether pain follows load jumps: there are 3 weeks with diary entries and a complete follow-up and 2 load-jump weeks so far, and at least 2 weeks without a load jump are needed."
        );
    }
    #[test]
    fn too_few_jumps_give_no_number() {
        let mut rows = vec![(false, false); 11];
        rows[3] = (true, true);
        let a = associate(&weeks(&rows));
        assert!(!a.enough_data);
        assert_eq!(a.p_value, None);
        assert!(
            a.sentence
                .contains("there are 11 weeks with diary entries and a complete follow-up and 1 load-jump week so far, and at least 2 load-jump weeks are needed"),
            "{}",
            a.sentence
        );
    }
    /// Pain rises by 1 % of the previous week's load change %, so pain
    /// change follows load change one week later exactly: ρ = 1 at lag 1.
    #[test]
    fn the_lag_with_the_largest_rho_is_reported() {
        let loads = [
            100.0, 130.0, 110.0, 160.0, 120.0, 125.0, 90.0, 150.0, 140.0, 100.0, 170.0, 120.0,
            135.0, 105.0, 140.0, 115.0, 150.0, 95.0, 130.0, 160.0, 110.0, 125.0, 100.0, 145.0,
            120.0, 135.0,
        ];
        // Jumps, each followed, at weeks no rotation lines up again: enough
        // data for the test (p can reach 1/52).
        let jumps = [1, 5, 11, 18, 22];
        let mut pain = vec![3.0, 3.0];
        for t in 2..loads.len() {
            let pct = (loads[t - 1] - loads[t - 2]) / loads[t - 2] * 100.0;
            pain.push(pain[t - 1] + 0.01 * pct);
        }
        let w: Vec<WeekObs> = loads
            .iter()
            .zip(&pain)
            .enumerate()
            .map(|(t, (&load, &p))| WeekObs {
                label: format!("2026-W{:02}", t + 1),
                load,
                jump: jumps.contains(&t),
                spike_followed: jumps.contains(&t),
                pain_mean: Some(p),
                censored: false,
            })
            .collect();
        let a = associate(&w);
        assert_eq!(a.lag_weeks, Some(1));
        assert!((a.rho.unwrap() - 1.0).abs() < 1e-12);
        assert_eq!(associate(&w), a, "the same history, the same answer");
    }
    #[test]
    fn the_sentence_says_how_sure() {
        // Spikes follow both jumps, in weeks far apart: no rotation does as well.
        let mut rows = vec![(false, false); 24];
        rows[2] = (true, true);
        rows[9] = (true, true);
        rows[20] = (false, true);
        let a = associate(&weeks(&rows));
        assert_eq!(a.p_value, Some(0.5 / 24.0));
        assert_eq!(
            a.sentence,
            "2 of 2 load-jump weeks were followed by a pain spike, against 1 of 22 other weeks. With a group all or none followed the ratio cannot be pinned down: its 95 % interval runs from 2.5 to 65 (more often). With 24 weeks this is unlikely to be chance alone (p = 0.021: a pattern at least this strong would turn up by chance 2.1 % of the time); it is one person's data, and causes that are not recorded (sleep, lifting, stress) are not ruled out."
        );
        // The same pattern in 10 weeks cannot get below p = 1/20: not
        // enough data, and no p at all.
        let short = associate(&weeks(&rows[..10]));
        assert!(!short.enough_data && short.p_value.is_none());
        assert_eq!(short.smallest_p, Some(0.05));
        assert!(
            short
                .sentence
                .ends_with("the test could not go below p = 0.05; more weeks are needed."),
            "{}",
            short.sentence
        );
        // Spikes only away from the jumps.
        rows[2] = (true, false);
        rows[9] = (true, false);
        let none = associate(&weeks(&rows));
        assert!(none.sentence.contains("With 24 weeks there is no sign that spikes follow load jumps more often than other weeks (p = 0.54: "), "{}", none.sentence);
        assert!(
            !none.sentence.contains("times as often"),
            "{}",
            none.sentence
        );
    }
    #[test]
    fn the_wording_follows_p() {
        let t = Table {
            jump: 4,
            jump_followed: 2,
            other: 26,
            other_followed: 6,
        };
        let says = |p: f64| sentence(&t, Some(p), None);
        assert!(
            says(0.12).ends_with(
                "With 30 weeks this may be chance (p = 0.12: a pattern at least this strong would turn up by chance 12 % of the time); more weeks will tell more."
            )
        );
        assert!(
            says(0.41)
                .ends_with("this could well be chance (p = 0.41: a pattern at least this strong would turn up by chance 41 % of the time); more weeks will tell more.")
        );
        assert!(says(0.033).contains("unlikely to be chance alone (p = 0.033: a pattern at least this strong would turn up by chance 3.3 % of the time)"));
        assert!(says(0.0004).contains("(p < 0.001: a pattern at least this strong would turn up by chance less than 0.1 % of the time)"));
    }
}
