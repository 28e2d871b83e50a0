//! How a number is written, once for every output: a physiotherapist who
//! reads "2.0" in one place and "2" in another for the same weekly pain, or
//! "-0 min", stops trusting the page (issues #30, #31).

/// To one decimal without a trailing ".0": "2", "2.5", never "-0".
pub fn num1(x: f64) -> String {
    let s = format!("{:.1}", zero(x));
    let s = s.strip_suffix(".0").map(str::to_string).unwrap_or(s);
    if s == "-0" { "0".into() } else { s }
}

/// A whole number: "12", never "-0".
pub fn whole(x: f64) -> String {
    let s = format!("{:.0}", zero(x));
    if s == "-0" { "0".into() } else { s }
}

/// A pain score (0–10), always to one decimal: "2.0", as a weekly mean is
/// written everywhere, so "2" and "2.0" never stand for one value.
pub fn pain1(x: f64) -> String {
    let s = format!("{:.1}", zero(x));
    if s == "-0.0" { "0.0".into() } else { s }
}

/// "1 point", "2 points", "0.5 points".
pub fn points(x: f64) -> String {
    match num1(x).as_str() {
        "1" => "1 point".into(),
        n => format!("{n} points"),
    }
}

/// −0.0 as 0.0; every other value as it is. Rounding a small negative
/// (−0.04 min of jogging) gives −0.0, which prints and serialises as "-0".
pub fn zero(x: f64) -> f64 {
    if x == 0.0 { 0.0 } else { x }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue #30: zero is 0, whatever sign rounding left on it.
    #[test]
    fn issue30_no_negative_zero() {
        assert_eq!(num1(-0.0), "0");
        assert_eq!(num1(-0.04), "0");
        assert_eq!(whole(-0.3), "0");
        assert_eq!(whole(-0.0), "0");
        assert_eq!(zero(-0.0).to_string(), "0");
        assert_eq!(serde_json::to_string(&zero(-0.0)).unwrap(), "0.0");
        assert_eq!(
            (num1(2.0), num1(2.04), num1(-1.25)),
            ("2".into(), "2".into(), "-1.2".into())
        );
        assert_eq!(
            (points(1.0), points(2.0), points(0.5)),
            ("1 point".into(), "2 points".into(), "0.5 points".into())
        );
    }
}
