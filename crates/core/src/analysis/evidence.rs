//! The evidence behind each load rule, with its grade, in the words the
//! flags, the report and the README use. Each text ends in
//! "Evidence: <grade>." so a summary can quote the grade alone.

use serde::Serialize;

/// The single long run (Frandsen et al. 2025): the primary load signal,
/// since it is the one measure with a positive association in the largest
/// cohort so far, where week-to-week change and the ACWR had none.
pub const EVIDENCE_SESSION: &str = "In 5,205 recreational runners followed for 18 months (588,071 sessions), a run more than 10 % longer than the longest run of the previous 30 days (by distance) went with a higher rate of overuse injury than runs up to 10 % longer: hazard ratio 1.64 (95 % CI 1.31–2.05) for 10–30 % longer, 1.52 (1.16–2.00) for 30–100 %, 2.28 (1.50–3.48) above 100 %; in the same runners the week-to-week change and the acute:chronic ratio showed no positive association (Frandsen et al., Br J Sports Med 2025). One observational cohort with self-reported injuries, in healthy runners rather than people with back pain. Evidence: low.";
/// The week-over-week rule, as Nielsen et al. (2014) found it: no overall
/// difference, one injury group with an interval that crosses 1.
pub const EVIDENCE_CHANGE: &str = "In 874 novice runners, progressing the weekly distance by more than 30 % over two weeks did not go with more injuries overall; only the group of distance-related injuries showed a hazard ratio of 1.59 (95 % CI 0.96–2.66, p = 0.07) against progressions under 10 % (Nielsen et al., J Orthop Sports Phys Ther 2014; observational). runlog's rule is its own: a week whose load rose more than 30 % over the week before and also went above the highest of the previous 4 weeks, so a return to the usual level after a lighter week is not a jump, and it flags fewer weeks than a 30 % rise alone would. The \"10 % rule\" prevented nothing in a trial of 532 novices (Buist et al. 2008), and in the largest study so far week-to-week change showed no association (Frandsen et al. 2025). Evidence: low.";
/// A week against its chronic load: the uncoupled ratio, with Gabbett's
/// threshold, which was set on the coupled one, converted and said.
pub const EVIDENCE_CHRONIC: &str = "The week against the mean of the weeks before it is the uncoupled acute:chronic ratio. Gabbett (2016) called about 0.8–1.3 the safer range in team sports, on the coupled ratio, whose chronic mean includes the week itself; the same 1.3 is 1.44 on the uncoupled ratio (coupled = 4u/(u+3) with three chronic weeks), so runlog's default 1.3 is the stricter reading. Coupling builds in a spurious correlation (Lolli et al., Br J Sports Med 2019;53:921) and the ratio is contested as a predictor (Impellizzeri et al. 2020); in runners a higher ratio went with no more injuries (Frandsen et al. 2025). Context only: it never sets next week's limit. Evidence: low, contested.";
/// The EWMA acute:chronic rule: the method from Williams et al. and Murray
/// et al. (2017), the threshold borrowed from Gabbett's rolling ratio.
pub const EVIDENCE_ACWR: &str = "The exponentially weighted acute:chronic ratio (Williams et al. 2017; Murray et al. 2017) weighs recent days more. Its limit of 1.5 is borrowed from the rolling (coupled) ratio in team sports (Gabbett 2016), not found on this ratio. The ratio is contested as a predictor (Lolli et al. 2019; Impellizzeri et al. 2020), and in runners a higher ratio went with no more injuries (Frandsen et al. 2025). Context only: it never sets next week's limit. Evidence: low, contested.";
/// Why running ahead of a graded plan is a rule of its own.
pub const EVIDENCE_PLAN: &str = "Graded return-to-activity plans for low back pain progress in small steps and check symptoms before the next one; this rule only says the week went beyond its stage, not that the stage was right for you. Evidence: expert practice.";
/// What a pain spike means.
pub const EVIDENCE_SPIKE: &str = "A rise of about 2 points on the 0–10 scale is roughly the smallest change people with low back pain notice (Ostelo et al. 2008).";

/// The grade at the end of an evidence text ("low, contested").
pub fn grade(evidence: &str) -> Option<&str> {
    let at = evidence.rfind("Evidence: ")?;
    Some(evidence[at + "Evidence: ".len()..].trim_end_matches('.'))
}

/// A percentage over a limit as the flags say it: whole, unless that would
/// read as the limit itself (a run 10.4 % longer against a limit of 10 %
/// says "10.4", not "10").
pub fn pct_text(p: f64, limit: f64) -> String {
    let whole = format!("{p:.0}");
    if whole.parse::<f64>().is_ok_and(|w| w <= limit) {
        format!("{p:.1}")
    } else {
        whole
    }
}

/// A hazard ratio with its 95 % confidence interval: no ratio is printed
/// without the interval, so no reader takes 1.52 for a precise number.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HazardRatio {
    pub estimate: f64,
    pub low: f64,
    pub high: f64,
}

impl HazardRatio {
    /// "hazard ratio 1.52 (95 % CI 1.16–2.00)": in words, since "HRR"
    /// also means heart-rate reserve.
    pub fn describe(&self) -> String {
        format!(
            "hazard ratio {:.2} (95 % CI {:.2}–{:.2})",
            self.estimate, self.low, self.high
        )
    }
}

/// One of Frandsen et al.'s (2025) bands of a single-session spike, with
/// the hazard ratio they found against runs up to 10 % longer than the
/// 30-day longest.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Band {
    /// "10–30 %", "30–100 %", "over 100 %", or "under 10 %" when the
    /// configured threshold is below the study's.
    pub label: &'static str,
    /// Adjusted hazard ratio; none below the study's lowest band.
    pub hazard_ratio: Option<HazardRatio>,
}

/// The band of a run `pct` percent longer than the 30-day longest.
pub fn band(pct: f64) -> Band {
    let hr = |estimate, low, high| {
        Some(HazardRatio {
            estimate,
            low,
            high,
        })
    };
    let (label, hazard_ratio) = if pct > 100.0 {
        ("over 100 %", hr(2.28, 1.50, 3.48))
    } else if pct > 30.0 {
        ("30–100 %", hr(1.52, 1.16, 2.00))
    } else if pct > 10.0 {
        ("10–30 %", hr(1.64, 1.31, 2.05))
    } else {
        ("under 10 %", None)
    };
    Band {
        label,
        hazard_ratio,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_ends_in_its_grade() {
        for e in [
            EVIDENCE_SESSION,
            EVIDENCE_CHANGE,
            EVIDENCE_CHRONIC,
            EVIDENCE_ACWR,
            EVIDENCE_PLAN,
        ] {
            let at = e.rfind("Evidence: ").expect(e);
            assert!(e[at..].ends_with('.'), "{e}");
        }
    }

    #[test]
    fn a_percentage_never_reads_as_its_limit() {
        assert_eq!(pct_text(10.46, 10.0), "10.5");
        assert_eq!(
            pct_text(10.5, 10.0),
            "10.5",
            "{:.0} rounds half to even",
            10.5
        );
        assert_eq!(pct_text(13.04, 10.0), "13");
        assert_eq!(pct_text(69.2, 10.0), "69");
        assert_eq!(pct_text(30.4, 30.0), "30.4");
    }

    #[test]
    fn bands_follow_frandsen_2025() {
        let hr = |pct| band(pct).hazard_ratio.map(|h| (h.estimate, h.low, h.high));
        assert_eq!(hr(5.0), None);
        assert_eq!(band(10.0).label, "under 10 %");
        assert_eq!(band(10.5).label, "10–30 %");
        assert_eq!(hr(10.5), Some((1.64, 1.31, 2.05)));
        assert_eq!(band(30.0).label, "10–30 %");
        assert_eq!(band(69.0).label, "30–100 %");
        assert_eq!(hr(69.0), Some((1.52, 1.16, 2.00)));
        assert_eq!(band(100.0).label, "30–100 %");
        assert_eq!(band(150.0).label, "over 100 %");
        assert_eq!(hr(150.0), Some((2.28, 1.50, 3.48)));
        assert_eq!(
            band(69.0).hazard_ratio.unwrap().describe(),
            "hazard ratio 1.52 (95 % CI 1.16–2.00)"
        );
    }

    /// Issue #22: every printed hazard ratio has its interval and is
    /// called a hazard ratio; the single-study grades are "low".
    #[test]
    fn every_ratio_has_its_interval_and_the_grades_are_as_found() {
        for e in [EVIDENCE_SESSION, EVIDENCE_CHANGE] {
            let ratios = e.matches("hazard ratio").count();
            assert!(ratios >= 1, "{e}");
            assert!(!e.contains("HRR") && !e.contains("rate ratio"), "{e}");
            assert!(e.matches("95 % CI").count() >= ratios, "{e}");
        }
        assert!(EVIDENCE_SESSION.ends_with("Evidence: low."));
        assert!(EVIDENCE_CHANGE.contains("did not go with more injuries overall"));
        assert!(EVIDENCE_CHANGE.contains("1.59 (95 % CI 0.96–2.66, p = 0.07)"));
        assert!(EVIDENCE_CHRONIC.contains("1.44") && EVIDENCE_CHRONIC.contains("Lolli"));
        assert!(EVIDENCE_ACWR.contains("Williams") && EVIDENCE_ACWR.contains("Murray"));
        assert!(!EVIDENCE_ACWR.contains("above 1.5 went with more injuries"));
    }

    /// The coupled ↔ uncoupled conversion the chronic rule's text relies on:
    /// coupled = A / ((A + 3C)/4) = 4u/(u + 3) with u = A/C.
    #[test]
    fn gabbetts_coupled_thresholds_in_uncoupled_terms() {
        let uncoupled = |coupled: f64| 3.0 * coupled / (4.0 - coupled);
        assert!((uncoupled(1.3) - 1.444).abs() < 0.001);
        assert!((uncoupled(1.5) - 1.8).abs() < 1e-12);
        let coupled = |u: f64| 4.0 * u / (u + 3.0);
        assert!((coupled(1.8) - 1.5).abs() < 1e-12);
    }
}
