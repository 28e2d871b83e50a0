//! What next week and the next long run may hold without tripping a rule:
//! the weekly envelope (within the weekly rise, the chronic load and the
//! EWMA ratio, with the load spread as in a usual week) and the next long
//! run (within `session_spike_pct` of the longest of the last 30 days).

use crate::analysis::load::running_minutes;
use crate::analysis::load::{Day, Load, Week};
use crate::analysis::session::longest_up_to;
use crate::config::{Config, LoadMetric};
use crate::metrics::round;
use chrono::{Datelike, NaiveDate, Weekday};
use serde::Serialize;

/// The largest load next week by the week-on-week rule, with the ratio
/// rules' limits beside it. Only the weekly rise (with the single long run,
/// see [`LongRun`]) sets the limit: in the largest study the ratios showed
/// no positive association with injury (Frandsen et al. 2025), so they are
/// context and never bind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Envelope {
    pub after_week: String,
    pub load_metric: String,
    /// The unit of the limits below (see `Week::load_unit`).
    pub load_unit: String,
    /// From the weekly rise: the larger of last week + `jump_pct` and the
    /// highest of the last `peak_weeks` weeks. This is the limit.
    pub by_change: Option<f64>,
    /// Context: `chronic_high` × the mean of the last `chronic_weeks` weeks.
    pub by_chronic: Option<f64>,
    /// Context: the EWMA ratio limit, with the load spread as in `spread`.
    pub by_acwr: Option<f64>,
    /// Next week's limit: `by_change`.
    pub max_load: f64,
    pub max_minutes: f64,
    /// The assumption behind `by_acwr`: how the week's load falls on the
    /// days, as in the last 4 weeks (e.g. "Mon 33 %, Wed 33 %, Sat 34 %").
    pub spread: String,
}

impl Envelope {
    /// "up to 133 min keeps the week within 30 % of last week's (or the
    /// highest of the last 4 weeks); …": the weekly rise sets the limit,
    /// the two ratio rules follow as context, in plain words.
    pub fn describe(&self, unit: &str, config: &Config) -> String {
        let l = &config.load;
        let minutes = if config.load.metric == LoadMetric::Time {
            String::new()
        } else {
            format!(" (about {:.0} min of running)", self.max_minutes)
        };
        let mut context = Vec::new();
        if let Some(c) = self.by_chronic {
            context.push(format!(
                "{c:.0} {unit} keeps it within {} × the average of the last {} weeks",
                l.chronic_high, l.chronic_weeks
            ));
        }
        if let Some(a) = self.by_acwr {
            context.push(format!(
                "{a:.0} {unit} keeps the exponentially weighted ratio within {} if the load is spread as in a usual week ({})",
                l.acwr_high, self.spread
            ));
        }
        let context = if context.is_empty() {
            String::new()
        } else {
            format!(
                " For context, {}: these ratio rules are contested and do not set the limit.",
                crate::text::join_and(&context)
            )
        };
        format!(
            "up to {:.0} {unit}{minutes} keeps the week within {} % of last week's load (or the highest of the last {} weeks).{context}",
            self.max_load, l.jump_pct, l.peak_weeks
        )
    }
}

/// The longest the next run may be without being a session spike.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LongRun {
    /// The last day of the data: the window is the days up to it.
    pub after: NaiveDate,
    pub window_days: i64,
    pub pct: f64,
    pub longest_minutes: f64,
    pub longest_minutes_date: NaiveDate,
    pub longest_km: Option<f64>,
    pub longest_km_date: Option<NaiveDate>,
    pub max_minutes: f64,
    pub max_km: Option<f64>,
}

impl LongRun {
    /// "your next long run: at most 50 min / 7.9 km (10 % over your longest
    /// in the last 30 days: 45 min, 7.2 km)".
    pub fn describe(&self, units: crate::units::Units) -> String {
        let (u, label) = (units, units.label());
        let km = |v: Option<f64>| {
            v.map(|k| format!(" / {:.1} {label}", (u.from_km(k) * 10.0).floor() / 10.0))
                .unwrap_or_default()
        };
        let longest_km = self
            .longest_km
            .map(|k| format!(", {:.1} {label}", u.from_km(k)))
            .unwrap_or_default();
        format!(
            "your next long run: at most {:.0} min{} ({} % over your longest in the last {} days: {:.0} min{longest_km}).",
            self.max_minutes.floor(),
            km(self.max_km),
            self.pct,
            self.window_days,
            self.longest_minutes,
        )
    }
}

/// The next long run's limit, from the counted runs of the last
/// `session_window_days` days of the data.
pub fn next_long_run(load: &Load, config: &Config) -> Option<LongRun> {
    let l = &config.load;
    let last = load.days.last()?.date;
    let longest = longest_up_to(&load.runs, last, l.session_window_days);
    let (minutes, minutes_date) = longest.minutes?;
    let f = 1.0 + l.session_spike_pct / 100.0;
    Some(LongRun {
        after: last,
        window_days: l.session_window_days,
        pct: l.session_spike_pct,
        longest_minutes: round(minutes, 1),
        longest_minutes_date: minutes_date,
        longest_km: longest.km.map(|k| round(k.0, 2)),
        longest_km_date: longest.km.map(|k| k.1),
        max_minutes: round(minutes * f, 1),
        max_km: longest.km.map(|k| round(k.0 * f, 2)),
    })
}

/// Next week's limit after the last week, by the weekly rise; the ratio
/// rules' limits beside it. None until the limits apply
/// (`min_running_weeks` weeks of running).
pub fn envelope(load: &Load, config: &Config) -> Option<Envelope> {
    let l = &config.load;
    let last = load.weeks.last()?;
    let running_weeks = load
        .weeks
        .iter()
        .filter(|w| running_minutes(load, w.start) > 0.0)
        .count();
    if running_weeks < l.min_running_weeks as usize {
        return None;
    }
    let recent = |n: u32| &load.weeks[load.weeks.len().saturating_sub(n as usize)..];
    let peak = recent(l.peak_weeks)
        .iter()
        .map(|w| w.load)
        .fold(0.0, f64::max);
    let by_change = Some((last.load * (1.0 + l.jump_pct / 100.0)).max(peak)).filter(|v| *v > 0.0);
    let chronic = recent(l.chronic_weeks);
    let mean = chronic.iter().map(|w| w.load).sum::<f64>() / chronic.len().max(1) as f64;
    let by_chronic =
        (chronic.len() == l.chronic_weeks as usize && mean > 0.0).then_some(mean * l.chronic_high);
    let shares = usual_spread(&load.days);
    let by_acwr = acwr_limit(&load.days, &shares, config);
    let max_load = by_change?;
    let four: Vec<&Week> = load.weeks.iter().rev().take(4).collect();
    let (min, sum): (f64, f64) = four.iter().fold((0.0, 0.0), |a, w| {
        (a.0 + running_minutes(load, w.start), a.1 + w.load)
    });
    let per_unit = if sum > 0.0 { min / sum } else { 1.0 };
    Some(Envelope {
        after_week: last.week.clone(),
        load_metric: last.load_metric.clone(),
        load_unit: last.load_unit.clone(),
        by_change: by_change.map(|v| round(v, 1)),
        by_chronic: by_chronic.map(|v| round(v, 1)),
        by_acwr: by_acwr.map(|v| round(v, 1)),
        max_load: round(max_load, 1),
        max_minutes: round(max_load * per_unit, 1),
        spread: describe_spread(&shares),
    })
}

/// Each weekday's share of the load over the last 28 days (Monday first);
/// even when those days hold no load.
fn usual_spread(days: &[Day]) -> [f64; 7] {
    let mut by_day = [0.0; 7];
    for d in days.iter().rev().take(28) {
        by_day[d.date.weekday().num_days_from_monday() as usize] += d.load;
    }
    let total: f64 = by_day.iter().sum();
    if total > 0.0 {
        by_day.map(|v| v / total)
    } else {
        [1.0 / 7.0; 7]
    }
}

fn describe_spread(shares: &[f64; 7]) -> String {
    if shares.iter().all(|s| (s - 1.0 / 7.0).abs() < 1e-9) {
        return "evenly over the days".into();
    }
    let mut day = Weekday::Mon;
    let mut parts = Vec::new();
    for s in shares {
        if *s >= 0.005 {
            parts.push(format!("{day} {:.0} %", s * 100.0));
        }
        day = day.succ();
    }
    format!("as in the last 4 weeks: {}", parts.join(", "))
}

/// The largest weekly load, spread over the next 7 days by `shares`, that
/// keeps the EWMA ratio at or below the limit at the end of the week
/// (bisection).
fn acwr_limit(days: &[Day], shares: &[f64; 7], config: &Config) -> Option<f64> {
    if (days.len() as i64) + 7 < crate::analysis::load::MIN_HISTORY_DAYS {
        return None;
    }
    let next = days.last()?.date.weekday().succ().num_days_from_monday() as usize;
    let (la, lc) = (2.0 / 8.0, 2.0 / 29.0);
    let (acute, chronic) = crate::analysis::load::ewmas(days);
    let (a0, c0) = (*acute.last()?, *chronic.last()?);
    let ratio_after = |week: f64| {
        let (mut a, mut c) = (a0, c0);
        for k in 0..7 {
            let load = week * shares[(next + k) % 7];
            a = la * load + (1.0 - la) * a;
            c = lc * load + (1.0 - lc) * c;
        }
        if c > 0.0 { a / c } else { f64::INFINITY }
    };
    let high = config.load.acwr_high;
    let (mut lo, mut hi) = (0.0, 1.0);
    while ratio_after(hi) <= high && hi < 1e7 {
        hi *= 2.0;
    }
    if ratio_after(lo) > high {
        return Some(0.0);
    }
    for _ in 0..60 {
        let mid = (lo + hi) / 2.0;
        if ratio_after(mid) <= high {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some(lo)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: i64, load: f64) -> Day {
        Day {
            date: crate::analysis::load::shift_days(
                NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
                n,
            ),
            runs: u32::from(load > 0.0),
            minutes: load,
            load,
            pain_mean: None,
            pain_max: None,
            pain_morning: None,
            acwr_ewma: None,
        }
    }

    #[test]
    fn the_spread_is_the_usual_week_and_is_said() {
        let days: Vec<Day> = (0..28)
            .map(|n| day(n, if n % 7 == 0 || n % 7 == 5 { 30.0 } else { 0.0 }))
            .collect();
        let s = usual_spread(&days);
        assert!((s[0] - 0.5).abs() < 1e-12 && (s[5] - 0.5).abs() < 1e-12);
        assert_eq!(
            describe_spread(&s),
            "as in the last 4 weeks: Mon 50 %, Sat 50 %"
        );
        assert_eq!(
            describe_spread(&usual_spread(&days[..0])),
            "evenly over the days"
        );
        // Load late in the week weighs more in the acute average at its end,
        // so a Saturday-heavy week allows less than an even one.
        let config = Config::default();
        let even = acwr_limit(&days, &[1.0 / 7.0; 7], &config).unwrap();
        let late = acwr_limit(&days, &[0.0, 0.0, 0.0, 0.0, 0.0, 0.5, 0.5], &config).unwrap();
        let early = acwr_limit(&days, &[0.5, 0.5, 0.0, 0.0, 0.0, 0.0, 0.0], &config).unwrap();
        assert!(late < even && even < early, "{late} {even} {early}");
    }

    #[test]
    fn the_next_long_run_line() {
        let r = LongRun {
            after: NaiveDate::from_ymd_opt(2026, 11, 15).unwrap(),
            window_days: 30,
            pct: 10.0,
            longest_minutes: 45.0,
            longest_minutes_date: NaiveDate::from_ymd_opt(2026, 11, 15).unwrap(),
            longest_km: Some(7.2),
            longest_km_date: NaiveDate::from_ymd_opt(2026, 11, 15),
            max_minutes: 49.5,
            max_km: Some(7.92),
        };
        assert_eq!(
            r.describe(crate::units::Units::Km),
            "your next long run: at most 49 min / 7.9 km (10 % over your longest in the last 30 days: 45 min, 7.2 km)."
        );
        // Miles for a runner who set them (issue #18): 7.92 km = 4.92 mi.
        assert_eq!(
            r.describe(crate::units::Units::Mi),
            "your next long run: at most 49 min / 4.9 mi (10 % over your longest in the last 30 days: 45 min, 4.5 mi)."
        );
    }
}
