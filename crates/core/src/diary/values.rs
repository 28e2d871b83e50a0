//! Reading one cell. Values are read strictly, never guessed, and each
//! refusal says what was found and how to write it, because the runner fixes
//! the file by hand from the message alone.

use crate::dates::format_date;
use crate::model::{Pain, TimeOfDay};
use chrono::NaiveDate;
use chrono::format::ParseErrorKind;

/// How one file's values are written: what the delimiter allows and what
/// the runner configured. The same for every row of a file.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Reading<'a> {
    /// `7,5` means 7.5: only where `,` is not the delimiter (a `;` or tab
    /// file, as spreadsheets in decimal-comma countries save them).
    pub(super) decimal_comma: bool,
    /// A non-ISO date format from `runlog.toml` (`[diary] date_format`).
    pub(super) date_format: Option<&'a str>,
}

/// `YYYY-MM-DD` always; a configured `date_format` (`%d.%m.%Y`) as well.
/// Without one, `03/04/2026` means different days in different countries,
/// so the message offers the ISO form instead of guessing.
pub(super) fn parse_date(s: &str, format: Option<&str>) -> Result<NaiveDate, String> {
    if s.is_empty() {
        return Err("date is empty".into());
    }
    match (iso_date(s), format) {
        (Some(Some(date)), _) => Ok(date),
        (Some(None), _) => Err(format!("date {} is not a real calendar date", quoted(s))),
        (None, Some(f)) => formatted_date(s, f),
        (None, None) => Err(format!(
            "date {} is not an ISO date; {}",
            quoted(s),
            suggest_date(s)
        )),
    }
}

/// A date in the configured format, or a message naming the format with an
/// example, so the runner sees at once which part is off.
fn formatted_date(s: &str, format: &str) -> Result<NaiveDate, String> {
    match NaiveDate::parse_from_str(s, format) {
        Ok(d) => Ok(d),
        Err(e)
            if matches!(
                e.kind(),
                ParseErrorKind::OutOfRange | ParseErrorKind::Impossible
            ) =>
        {
            Err(format!("date {} is not a real calendar date", quoted(s)))
        }
        Err(_) => {
            let example = NaiveDate::from_ymd_opt(2026, 3, 14)
                .and_then(|d| format_date(d, format))
                .unwrap_or_default();
            Err(format!(
                "date {} matches neither the date_format \"{format}\" of runlog.toml (e.g. {example}) nor YYYY-MM-DD",
                quoted(s)
            ))
        }
    }
}

/// `None` if `s` is not shaped `YYYY-MM-DD`; `Some(None)` if shaped right but
/// no such day (`2026-02-30`).
fn iso_date(s: &str) -> Option<Option<NaiveDate>> {
    let [y, m, d] = split3(s, '-')?;
    let y = number(y, 4, 4)?;
    Some(ymd(y, number(m, 2, 2)?, number(d, 2, 2)?))
}

fn suggest_date(s: &str) -> String {
    match date_candidates(s).as_slice() {
        [] => "write it as YYYY-MM-DD".into(),
        [one] => format!("write it as {one}"),
        [a, b, ..] => format!(
            "write it as {a} if it means {} or {b} if it means {}",
            a.format("%-d %B"),
            b.format("%-d %B")
        ),
    }
}

/// Readings of a non-ISO date: year first (`2026/03/14`, `2026-3-4`), or year
/// last read day-first and month-first (`14.03.2026`, `03/14/2026`), keeping
/// only real days. A spreadsheet's `2026-03-14 00:00:00` suggests its date.
fn date_candidates(s: &str) -> Vec<NaiveDate> {
    if let Some(Some(date)) = s.get(..10).and_then(iso_date) {
        return vec![date];
    }
    let Some(sep) = s.chars().find(|c| !c.is_ascii_digit()) else {
        return Vec::new();
    };
    let Some([a, b, c]) = split3(s, sep).filter(|_| matches!(sep, '-' | '/' | '.')) else {
        return Vec::new();
    };
    let day_month =
        |d: &str, m: &str, y: &str| ymd(number(y, 4, 4)?, number(m, 1, 2)?, number(d, 1, 2)?);
    let mut found: Vec<NaiveDate> = if a.len() == 4 {
        day_month(c, b, a).into_iter().collect()
    } else {
        [day_month(a, b, c), day_month(b, a, c)]
            .into_iter()
            .flatten()
            .collect()
    };
    found.dedup();
    found
}

fn split3(s: &str, sep: char) -> Option<[&str; 3]> {
    let mut parts = s.split(sep);
    let three = [parts.next()?, parts.next()?, parts.next()?];
    parts.next().is_none().then_some(three)
}

/// An all-digit string of `min..=max` digits. Stricter than `str::parse`,
/// which would take `+7`.
fn number(s: &str, min: usize, max: usize) -> Option<u32> {
    let ok = (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| s.parse().ok()).flatten()
}

fn ymd(y: u32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

/// `HH:MM` (a spreadsheet's `HH:MM:SS` too, seconds dropped), or the words
/// `morning`/`evening` for people who don't note the clock.
pub(super) fn parse_time(s: &str) -> Result<Option<TimeOfDay>, String> {
    match s.to_lowercase().as_str() {
        "" => Ok(None),
        "morning" => Ok(Some(TimeOfDay::Morning)),
        "evening" => Ok(Some(TimeOfDay::Evening)),
        _ => clock(s)
            .map(|m| Some(TimeOfDay::At(m)))
            .ok_or_else(|| format!("time {} is not HH:MM, morning or evening", quoted(s))),
    }
}

/// Minutes after midnight from `H:MM`, `HH:MM` or `HH:MM:SS`.
fn clock(s: &str) -> Option<u16> {
    let mut parts = s.split(':');
    let h = number(parts.next()?, 1, 2).filter(|&h| h < 24)?;
    let m = number(parts.next()?, 2, 2).filter(|&m| m < 60)?;
    if let Some(sec) = parts.next() {
        number(sec, 2, 2).filter(|&s| s < 60)?;
    }
    if parts.next().is_some() {
        return None;
    }
    u16::try_from(h * 60 + m).ok()
}

/// An empty pain cell is a forgotten entry, not a pain-free day: reading it
/// as 0 would invent a good day, so it is reported.
pub(super) fn parse_pain(s: &str, comma: bool) -> Result<Pain, String> {
    if s.is_empty() {
        return Err("pain is empty".into());
    }
    let v = scale("pain", s, comma)?;
    Pain::new(v).ok_or_else(|| format!("pain {} is not a number from 0 to 10", quoted(s)))
}

/// A 0–10 score such as pain or RPE.
pub(super) fn scale(name: &str, s: &str, comma: bool) -> Result<f64, String> {
    let in_range = |v: f64| (0.0..=10.0).contains(&v);
    match decimal(s, comma) {
        Some(v) if in_range(v) => Ok(v),
        _ => Err(format!(
            "{name} {} is not a number from 0 to 10{}",
            quoted(s),
            comma_hint(s, comma, in_range)
        )),
    }
}

/// Most minutes of morning stiffness a row can hold: a whole day. A larger
/// number is a typo (an extra digit, a pasted date) and would reach page
/// one as an absurd average.
pub(super) const MAX_STIFFNESS_MIN: f64 = 1440.0;

pub(super) fn parse_minutes(s: &str, comma: bool) -> Result<Option<f64>, String> {
    let in_range = |v: f64| (0.0..=MAX_STIFFNESS_MIN).contains(&v);
    optional(s, |s| match decimal(s, comma) {
        Some(v) if in_range(v) => Ok(v),
        _ => Err(format!(
            "stiffness_min {} is not a number of minutes from 0 to 1440 (a day){}",
            quoted(s),
            comma_hint(s, comma, in_range)
        )),
    })
}

pub(super) fn optional<T>(
    s: &str,
    read: impl Fn(&str) -> Result<T, String>,
) -> Result<Option<T>, String> {
    if s.is_empty() {
        Ok(None)
    } else {
        read(s).map(Some)
    }
}

/// A plain non-negative decimal (`7`, `7.5`, `.5`; with `comma`, also
/// `7,5`). `f64::from_str` would also take `inf`, `NaN`, `1e1` and `-0`,
/// none of which a person means.
fn decimal(s: &str, comma: bool) -> Option<f64> {
    let point;
    let s = if comma && !s.contains('.') {
        point = s.replacen(',', ".", 1);
        point.as_str()
    } else {
        s
    };
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    let ok = !(int.is_empty() && frac.is_empty()) && digits(int) && digits(frac);
    ok.then(|| s.parse().ok()).flatten()
}

/// A number typed on the command line: a point or a comma (`3,5`), as
/// the runner's keyboard has it. `None` for anything else.
pub fn number_typed(s: &str) -> Option<f64> {
    decimal(s.trim(), true)
}

/// A `,`-separated file cannot hold `7,5` unquoted, and a quoted one is
/// most likely a mistake; say what was meant when swapping the comma would
/// give a valid value. (In a `;` or tab file `7,5` is read as 7.5.)
fn comma_hint(s: &str, comma: bool, valid: impl Fn(f64) -> bool) -> String {
    let fixed = s.replacen(',', ".", 1);
    match decimal(&fixed, false) {
        Some(v) if !comma && s.contains(',') && valid(v) => {
            format!(" (use a decimal point: {fixed})")
        }
        _ => String::new(),
    }
}

/// Red flags must be read exactly: a `maybe` or a typo could hide a symptom
/// that needs a doctor, so anything but a clear yes or no is reported.
pub(super) fn yes_no(name: &str, s: &str) -> Result<bool, String> {
    match s.to_lowercase().as_str() {
        "yes" | "y" | "1" | "true" => Ok(true),
        "" | "no" | "n" | "0" | "false" => Ok(false),
        _ => Err(format!("{name} {} is not yes or no", quoted(s))),
    }
}

/// Free text; CRLF inside quoted notes becomes `\n` so notes compare equal
/// whatever editor saved the file.
pub(super) fn text(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.replace("\r\n", "\n"))
}

/// A cell quoted for a message, cut short so a paragraph of notes pasted into
/// the pain column doesn't flood the report.
fn quoted(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() <= MAX {
        format!("{s:?}")
    } else {
        format!("{:?}", s.chars().take(MAX).chain(['…']).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use crate::dates::{check_date_format, format_date};
    use crate::diary::tests::{entry, messages, problem, read};
    use crate::diary::{Options, parse_with};
    use crate::model::{RedFlags, TimeOfDay};

    #[test]
    fn crlf_inside_quoted_notes_becomes_lf() {
        let e = entry("date,pain,notes\r\n2026-03-14,3,\"a\r\nb\"\r\n");
        assert_eq!(e.notes.as_deref(), Some("a\nb"));
    }

    #[test]
    fn decimal_comma_message_with_hint_and_line() {
        let mut text = String::from("date,pain\n");
        for i in 1..=12 {
            text.push_str(&format!("2026-03-{i:02},2\n"));
        }
        text.push_str("2026-03-14,\"7,5\"\n");
        let d = read(&text);
        assert_eq!(
            messages(&d),
            ["pain.csv:14: pain \"7,5\" is not a number from 0 to 10 (use a decimal point: 7.5)"]
        );
        assert_eq!(d.problems[0].column.as_deref(), Some("pain"));
        assert_eq!(d.entries.len(), 12);
    }

    /// European spreadsheets save `;`-separated CSV with decimal commas.
    #[test]
    fn a_semicolon_or_tab_file_reads_decimal_commas() {
        let d = read("date;pain;stiffness_min;rpe;leg_pain\n2026-03-14;7,5;2,5;6,5;0,5\n");
        assert!(d.problems.is_empty(), "{:?}", messages(&d));
        let e = &d.entries[0];
        assert_eq!(
            (e.pain.value(), e.stiffness_min, e.rpe),
            (7.5, Some(2.5), Some(6.5))
        );
        assert_eq!(entry("date\tpain\n2026-03-14\t3,0\n").pain.value(), 3.0);
        // Still strict: one mark, digits around it, in range.
        for bad in ["7,5,1", "7,5.0", "12,5", ",", "1.234,5"] {
            let msg = problem("date;pain", &format!("2026-03-14;{bad}"));
            assert_eq!(
                msg,
                format!("pain.csv:2: pain \"{bad}\" is not a number from 0 to 10")
            );
        }
        assert_eq!(
            problem("date;pain;stiffness_min", "2026-03-14;3;-2,5"),
            "pain.csv:2: stiffness_min \"-2,5\" is not a number of minutes from 0 to 1440 (a day)"
        );
    }

    #[test]
    fn a_configured_date_format_reads_its_dates_and_iso_ones() {
        let o = Options {
            date_format: Some("%d.%m.%Y".into()),
        };
        let text =
            "date;pain\n14.03.2026;3\n2026-03-15;4\n1.4.2026;2\n31.02.2026;1\n14/03/2026;5\n";
        let d = parse_with(text.as_bytes(), "pain.csv", &o).expect("parses");
        let dates: Vec<String> = d.entries.iter().map(|e| e.date.to_string()).collect();
        assert_eq!(dates, ["2026-03-14", "2026-03-15", "2026-04-01"]);
        assert_eq!(
            messages(&d),
            [
                "pain.csv:5: date \"31.02.2026\" is not a real calendar date",
                "pain.csv:6: date \"14/03/2026\" matches neither the date_format \"%d.%m.%Y\" of runlog.toml (e.g. 14.03.2026) nor YYYY-MM-DD",
            ]
        );
        assert_eq!(d.problems[1].column.as_deref(), Some("date"));
        let us = Options {
            date_format: Some("%m/%d/%Y".into()),
        };
        let d = parse_with(b"date,pain\n03/14/2026,3\n", "pain.csv", &us).expect("parses");
        assert_eq!(d.entries[0].date.to_string(), "2026-03-14");
    }

    #[test]
    fn date_formats_are_checked() {
        for good in ["%d.%m.%Y", "%m/%d/%Y", "%d/%m/%y", "%Y%m%d", "%e %B %Y"] {
            assert_eq!(check_date_format(good), Ok(()), "{good}");
        }
        for bad in ["%d.%m", "%Q", "", "%Y", "%d.%m.%Y %", "%H:%M"] {
            let e = check_date_format(bad).expect_err(bad);
            assert!(
                e.contains("is not allowed") && e.contains("%d.%m.%Y"),
                "{e}"
            );
        }
        let d = chrono::NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
        assert_eq!(format_date(d, "%d.%m.%Y").as_deref(), Some("04.03.2026"));
        assert_eq!(format_date(d, "%Q"), None);
    }

    #[test]
    fn pain_out_of_range_or_not_a_number() {
        let h = "date,pain";
        assert_eq!(
            problem(h, "2026-03-14,11"),
            "pain.csv:2: pain \"11\" is not a number from 0 to 10"
        );
        assert_eq!(
            problem(h, "2026-03-14,-1"),
            "pain.csv:2: pain \"-1\" is not a number from 0 to 10"
        );
        assert_eq!(
            problem(h, "2026-03-14,\"12,5\""),
            "pain.csv:2: pain \"12,5\" is not a number from 0 to 10"
        );
        assert_eq!(
            problem(h, "2026-03-14,NaN"),
            "pain.csv:2: pain \"NaN\" is not a number from 0 to 10"
        );
        assert_eq!(
            problem(h, "2026-03-14,1e1"),
            "pain.csv:2: pain \"1e1\" is not a number from 0 to 10"
        );
    }

    #[test]
    fn empty_pain_is_a_problem_not_zero() {
        assert_eq!(
            problem("date,pain,notes", "2026-03-14,,forgot"),
            "pain.csv:2: pain is empty"
        );
        assert_eq!(
            problem("date,notes,pain", "2026-03-14,short row"),
            "pain.csv:2: pain is empty"
        );
    }

    #[test]
    fn zero_and_ten_pain_are_real_values() {
        let d = read("date,pain\n2026-03-14,0\n2026-03-15,10\n2026-03-16,0.0\n");
        let pains: Vec<_> = d.entries.iter().map(|e| e.pain.value()).collect();
        assert_eq!(pains, [0.0, 10.0, 0.0]);
    }

    #[test]
    fn non_iso_dates_suggest_the_iso_form() {
        let h = "date,pain";
        let cases = [
            ("14/03/2026", "write it as 2026-03-14"),
            ("03/14/2026", "write it as 2026-03-14"),
            ("14.03.2026", "write it as 2026-03-14"),
            ("2026/03/14", "write it as 2026-03-14"),
            ("2026-3-4", "write it as 2026-03-04"),
            ("2026-03-14 00:00:00", "write it as 2026-03-14"),
            ("05/05/2026", "write it as 2026-05-05"),
            ("yesterday", "write it as YYYY-MM-DD"),
        ];
        for (input, hint) in cases {
            let want = format!("pain.csv:2: date \"{input}\" is not an ISO date; {hint}");
            assert_eq!(problem(h, &format!("{input},3")), want);
        }
    }

    #[test]
    fn ambiguous_date_names_both_candidates() {
        assert_eq!(
            problem("date,pain", "03/04/2026,3"),
            "pain.csv:2: date \"03/04/2026\" is not an ISO date; \
             write it as 2026-04-03 if it means 3 April or 2026-03-04 if it means 4 March"
        );
    }

    #[test]
    fn impossible_and_empty_dates() {
        assert_eq!(
            problem("date,pain", "2026-02-30,3"),
            "pain.csv:2: date \"2026-02-30\" is not a real calendar date"
        );
        assert_eq!(problem("date,pain", ",3"), "pain.csv:2: date is empty");
    }

    #[test]
    fn times_read_clock_and_words() {
        let d = read(
            "date,time,pain\n2026-03-14,7:05,1\n2026-03-14,EVENING,2\n2026-03-14,23:59:30,3\n",
        );
        let times: Vec<_> = d.entries.iter().map(|e| e.time).collect();
        let want = [
            Some(TimeOfDay::At(425)),
            Some(TimeOfDay::Evening),
            Some(TimeOfDay::At(1439)),
        ];
        assert_eq!(times, want);
        for bad in ["noon", "24:00", "7:5", "07:60", "7h30"] {
            let want = format!("pain.csv:2: time \"{bad}\" is not HH:MM, morning or evening");
            assert_eq!(
                problem("date,time,pain", &format!("2026-03-14,{bad},3")),
                want
            );
        }
    }

    #[test]
    fn stiffness_and_rpe_are_checked() {
        let h = "date,pain,stiffness_min,rpe";
        assert_eq!(
            problem(h, "2026-03-14,3,-5,"),
            "pain.csv:2: stiffness_min \"-5\" is not a number of minutes from 0 to 1440 (a day)"
        );
        assert_eq!(
            problem(h, "2026-03-14,3,\"2,5\","),
            "pain.csv:2: stiffness_min \"2,5\" is not a number of minutes from 0 to 1440 (a day) (use a decimal point: 2.5)"
        );
        assert_eq!(
            problem(h, "2026-03-14,3,,12"),
            "pain.csv:2: rpe \"12\" is not a number from 0 to 10"
        );
        // Issue #23: a day at most; a hand-edited typo is skipped, named.
        assert_eq!(
            problem(h, "2026-03-14,3,1441,"),
            "pain.csv:2: stiffness_min \"1441\" is not a number of minutes from 0 to 1440 (a day)"
        );
        assert!(problem(h, "2026-03-14,3,100000000000000000000,").contains("from 0 to 1440"));
        let d = read(&format!("{h}\n2026-03-14,3,45.5,7\n"));
        assert_eq!(
            (d.entries[0].stiffness_min, d.entries[0].rpe),
            (Some(45.5), Some(7.0))
        );
    }

    /// `leg_pain` and `function` (issue #16) are 0-10 scales, checked so a
    /// bad one names its line and column; they are known columns, not
    /// "unknown column" warnings.
    #[test]
    fn leg_pain_and_function_are_checked_scales() {
        let h = "date,pain,leg_pain,function";
        assert_eq!(
            problem(h, "2026-03-14,3,11,"),
            "pain.csv:2: leg_pain \"11\" is not a number from 0 to 10"
        );
        assert_eq!(
            problem(h, "2026-03-14,3,,\"7,5\""),
            "pain.csv:2: function \"7,5\" is not a number from 0 to 10 (use a decimal point: 7.5)"
        );
        let d = read(&format!("{h}\n2026-03-14,3,4.5,8\n"));
        assert!(
            d.problems.is_empty() && d.ignored_columns.is_empty(),
            "{d:?}"
        );
        assert_eq!(d.problems.first().and_then(|p| p.column.clone()), None);
    }

    #[test]
    fn red_flag_spellings() {
        let h = "date,pain,numbness,weakness,bladder_bowel,Saddle numbness,fever";
        let d = read(&format!(
            "{h}\n2026-03-14,3,yes,Y,1,yes,TRUE\n2026-03-15,3,no,n,0,no,false\n2026-03-16,3,,,,,\n2026-03-17,3\n"
        ));
        let flags: Vec<_> = d.entries.iter().map(|e| e.red_flags).collect();
        let all = RedFlags {
            numbness: true,
            weakness: true,
            bladder_bowel: true,
            saddle_numbness: true,
            fever: true,
        };
        assert_eq!(
            flags,
            [
                all,
                RedFlags::default(),
                RedFlags::default(),
                RedFlags::default()
            ]
        );
    }

    #[test]
    fn unclear_red_flag_is_a_problem_naming_the_column() {
        let d = read("date,pain,fever\n2026-03-14,3,maybe\n");
        assert_eq!(
            messages(&d),
            ["pain.csv:2: fever \"maybe\" is not yes or no"]
        );
        assert_eq!(d.problems[0].column.as_deref(), Some("fever"));
    }

    #[test]
    fn long_values_are_cut_in_messages() {
        let long = "x".repeat(100);
        let msg = problem("date,pain", &format!("2026-03-14,{long}"));
        assert!(msg.contains(&format!("\"{}…\"", "x".repeat(40))), "{msg}");
        assert!(!msg.contains(&long));
    }
}
