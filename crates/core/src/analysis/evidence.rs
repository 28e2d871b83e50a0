//! The evidence behind each load rule, with its grade, in the words the
//! flags, the report and the README use. Each text ends in
//! "Evidence: <grade>." so a summary can quote the grade alone.

/// The single long run (Frandsen et al. 2025).
pub const EVIDENCE_SESSION: &str = "In 5,205 runners followed for 18 months (588,071 sessions), a single run more than 10 % longer than the longest run of the previous 30 days went with a higher rate of overuse injury: hazard rate ratio 1.64 for 10–30 % longer, 1.52 for 30–100 %, 2.28 above 100 % (Frandsen et al., Br J Sports Med 2025; observational, self-reported injuries, healthy recreational runners rather than people with back pain). Evidence: moderate.";
/// The week-over-week rule (Nielsen 2014), now against the recent peak too.
pub const EVIDENCE_CHANGE: &str = "Week-to-week increases above about 30 % went with more running injuries in novice runners (Nielsen et al. 2014, observational); the popular \"10 % rule\" did not prevent injuries in a trial of 532 novices (Buist et al. 2008), and in the largest study so far the week-to-week ratio showed no clear association (Frandsen et al. 2025). runlog only counts a rise that also goes above the highest recent week, so a return to the usual level after a lighter week is not a jump. Evidence: low.";
/// A week against its chronic load (the mean of the weeks before).
pub const EVIDENCE_CHRONIC: &str = "A week well above the average of the weeks before it is the idea behind the acute:chronic ratio; about 1.3 is the upper end of the range usually called safe in team sports (Gabbett 2016). The ratio is contested as a predictor (Impellizzeri et al. 2020) and in runners a higher ratio even went with fewer injuries (Frandsen et al. 2025). Evidence: low, contested.";
/// The EWMA acute:chronic rule.
pub const EVIDENCE_ACWR: &str = "An EWMA acute:chronic ratio above 1.5 went with more injuries in team sports (Gabbett 2016); the ratio itself is contested as a predictor (Impellizzeri et al. 2020), and in runners a higher ratio went with fewer injuries (Frandsen et al. 2025). Evidence: low, contested.";
/// Why running ahead of a graded plan is a rule of its own.
pub const EVIDENCE_PLAN: &str = "Graded return-to-activity plans for low back pain progress in small steps and check symptoms before the next one; this rule only says the week went beyond its stage, not that the stage was right for you. Evidence: expert practice.";
/// What a pain spike means.
pub const EVIDENCE_SPIKE: &str = "A rise of about 2 points on the 0–10 scale is roughly the smallest change people with low back pain notice (Ostelo et al. 2008).";

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

/// One of Frandsen et al.'s (2025) bands of a single-session spike, with
/// the hazard rate ratio they found against runs within 10 % of the
/// 30-day longest.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Band {
    /// "10–30 %", "30–100 %", "over 100 %", or "under 10 %" when the
    /// configured threshold is below the study's.
    pub label: &'static str,
    /// Adjusted hazard rate ratio; none below the study's lowest band.
    pub hrr: Option<f64>,
}

/// The band of a run `pct` percent longer than the 30-day longest.
pub fn band(pct: f64) -> Band {
    let (label, hrr) = if pct > 100.0 {
        ("over 100 %", Some(2.28))
    } else if pct > 30.0 {
        ("30–100 %", Some(1.52))
    } else if pct > 10.0 {
        ("10–30 %", Some(1.64))
    } else {
        ("under 10 %", None)
    };
    Band { label, hrr }
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
        assert_eq!(band(5.0).hrr, None);
        assert_eq!(band(10.0).label, "under 10 %");
        assert_eq!(
            band(10.5),
            Band {
                label: "10–30 %",
                hrr: Some(1.64)
            }
        );
        assert_eq!(band(30.0).label, "10–30 %");
        assert_eq!(
            band(69.0),
            Band {
                label: "30–100 %",
                hrr: Some(1.52)
            }
        );
        assert_eq!(band(100.0).label, "30–100 %");
        assert_eq!(
            band(150.0),
            Band {
                label: "over 100 %",
                hrr: Some(2.28)
            }
        );
    }
}
