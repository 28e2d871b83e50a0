//! Numbers kept with their units: "23 %" or "133 min" split across two
//! lines reads as two things. The page gets a no-break space between them
//! ([`nbsp`]); the PDF's line breaker treats the pair as one word
//! ([`glue`]) and keeps the plain space, so its text reads back unchanged.

/// Units runlog prints after a number.
const UNITS: [&str; 16] = [
    "%", "min", "km", "mi", "m", "s", "h", "bpm", "min/km", "min/mi", "TRIMP", "AU", "points",
    "days", "weeks", "sessions",
];

/// `word` is a unit, perhaps followed by punctuation ("%)", "min,").
fn is_unit(word: &str) -> bool {
    let bare = word.trim_end_matches(['.', ',', ';', ':', ')', '(']);
    UNITS.contains(&bare)
}

fn ends_in_digit(word: &str) -> bool {
    word.chars().last().is_some_and(|c| c.is_ascii_digit())
}

/// `text` with a no-break space between each number and the unit after it.
pub(crate) fn nbsp(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut words = text.split(' ').peekable();
    while let Some(w) = words.next() {
        out.push_str(w);
        if let Some(next) = words.peek() {
            out.push(if ends_in_digit(w) && is_unit(next) {
                '\u{a0}'
            } else {
                ' '
            });
        }
    }
    out
}

/// Words with each number joined to its unit by a space, so a line breaker
/// that breaks between words never parts them.
pub(crate) fn glue<'a>(words: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in words {
        match out.last_mut() {
            Some(last) if ends_in_digit(last) && is_unit(w) => {
                last.push(' ');
                last.push_str(w);
            }
            _ => out.push(w.to_string()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_units() {
        assert_eq!(
            nbsp("up to 133 min (+54 %), 7.9 km; 12 weeks of 3 sessions"),
            "up to 133\u{a0}min (+54\u{a0}%), 7.9\u{a0}km; 12\u{a0}weeks of 3\u{a0}sessions"
        );
        assert_eq!(nbsp("stage 7 in the week"), "stage 7 in the week");
        assert_eq!(nbsp("40 %)"), "40\u{a0}%)");
        assert_eq!(
            glue("rose 54 % over 3 weeks".split(' ')),
            ["rose", "54 %", "over", "3 weeks"]
        );
        assert_eq!(glue("% min 5".split(' ')), ["%", "min", "5"]);
    }
}
