//! The formulas every stage shares, each written once: Banister TRIMP,
//! the EWMA of a load series, Foster's monotony, the median and rounding.
//! A leaf: it knows numbers and samples, nothing of weeks or settings.

use crate::model::Sample;

/// Samples further apart than this are a pause (auto-pause, a lost
/// signal); the gap adds no heart-rate load.
pub const MAX_SAMPLE_GAP_S: f64 = 10.0;

/// The constants of Banister's TRIMP weighting a·e^(b·HRr), by sex
/// (`config::Sex::trimp`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrimpConstants {
    pub a: f64,
    pub b: f64,
}

/// Banister TRIMP = Σ minutes × HRr × a × e^(b × HRr), with HRr the
/// fraction of heart-rate reserve between `rest` and `max`. `None` when the
/// series has no heart rate.
pub fn banister_trimp(samples: &[Sample], rest: f64, max: f64, k: TrimpConstants) -> Option<f64> {
    let mut total = 0.0;
    let mut any = false;
    for w in samples.windows(2) {
        let Some(hr) = w[0].hr_bpm else { continue };
        let dt = w[1].t_s - w[0].t_s;
        if !(dt > 0.0 && dt <= MAX_SAMPLE_GAP_S) {
            continue;
        }
        any = true;
        let hrr = ((hr - rest) / (max - rest)).clamp(0.0, 1.0);
        total += dt / 60.0 * trimp_per_min(hrr, k);
    }
    any.then_some(total)
}

/// TRIMP per minute at a steady fraction `hrr` of heart-rate reserve.
pub fn trimp_per_min(hrr: f64, k: TrimpConstants) -> f64 {
    hrr * k.a * (k.b * hrr).exp()
}

/// The EWMA of `loads` with span `n` days (λ = 2/(n+1), Williams et al.
/// 2017), starting from `seed` the day before the first: one value per
/// day. Williams starts from 0, which suits someone who truly starts from
/// rest; a history that begins mid-training needs a seed near its usual
/// load, or the chronic average lags and the ratio reads high for weeks.
pub fn ewma(loads: impl IntoIterator<Item = f64>, n: f64, seed: f64) -> Vec<f64> {
    let lambda = 2.0 / (n + 1.0);
    let mut value = seed;
    loads
        .into_iter()
        .map(|l| {
            value = lambda * l + (1.0 - lambda) * value;
            value
        })
        .collect()
}

/// Monotony (Foster 1998) of daily loads: mean ÷ sample standard
/// deviation. `None` when the loads do not vary (the ratio is undefined).
pub fn monotony(loads: &[f64]) -> Option<f64> {
    let n = loads.len() as f64;
    if n < 2.0 {
        return None;
    }
    let mean = loads.iter().sum::<f64>() / n;
    let var = loads.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let sd = var.sqrt();
    (sd > 1e-9).then(|| mean / sd)
}

/// The arithmetic mean; `None` for no values.
pub fn mean(v: &[f64]) -> Option<f64> {
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

/// The median; `None` for no values. NaNs sort last and so count as high.
pub fn median(mut v: Vec<f64>) -> Option<f64> {
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    match v.len() {
        0 => None,
        n if n.is_multiple_of(2) => Some((v[m - 1] + v[m]) / 2.0),
        _ => Some(v[m]),
    }
}

/// `v` rounded to `decimals` places, for what people read; a small
/// negative rounds to 0, never −0 ("jog_min": -0.0 in JSON, issue #30).
pub fn round(v: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    crate::numbers::zero((v * f).round() / f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trimp_of_ten_minutes_at_150_bpm() {
        // Hand-computed: HRr = (150 − 60) / (185 − 60) = 0.72;
        // 10 × 0.72 × 0.64 × e^(1.795 × 0.72) = 16.78.
        let samples: Vec<Sample> = (0..=600)
            .map(|t| Sample {
                t_s: t as f64,
                hr_bpm: Some(150.0),
                ..Sample::default()
            })
            .collect();
        let k = TrimpConstants { a: 0.64, b: 1.795 };
        let t = banister_trimp(&samples, 60.0, 185.0, k).unwrap();
        assert!((t - 16.78).abs() < 0.01, "{t}");
        assert_eq!(banister_trimp(&[Sample::default()], 60.0, 185.0, k), None);
    }

    #[test]
    fn ewma_starts_from_its_seed() {
        let e = ewma([10.0, 10.0], 7.0, 0.0);
        assert!((e[0] - 2.5).abs() < 1e-12);
        assert!((e[1] - (2.5 + 0.75 * 2.5)).abs() < 1e-12);
        assert_eq!(ewma([10.0, 10.0], 7.0, 10.0), [10.0, 10.0]);
    }

    #[test]
    fn median_monotony_round() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0]), Some(2.5));
        assert_eq!(median(vec![]), None);
        assert_eq!(round(2.345, 1), 2.3);
        assert_eq!(round(-0.04, 1), -0.0);
    }

    #[test]
    fn monotony_and_undefined_cases() {
        // Loads 0,0,0,30,0,0,30: mean 60/7, sample sd = sqrt(var).
        let l = [0.0, 0.0, 0.0, 30.0, 0.0, 0.0, 30.0];
        let mean = 60.0 / 7.0;
        let var = l.iter().map(|x: &f64| (x - mean).powi(2)).sum::<f64>() / 6.0;
        assert!((monotony(&l).unwrap() - mean / var.sqrt()).abs() < 1e-12);
        assert_eq!(monotony(&[0.0; 7]), None);
        assert_eq!(monotony(&[20.0; 7]), None);
    }
}
