//! Names from files and flags, made safe where they enter: the runner's
//! name (`runlog init`, runlog.toml) and activity names read at import
//! (a GPX `<name>`, Strava's or Garmin's list). A leaf: it knows only text.
//!
//! Bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE and its kin) are
//! invisible but reverse or reorder the text that follows them, in the
//! report's title, the PDF and the terminal alike: a name could make a
//! number read backwards. They are removed; line breaks, tabs and other
//! control characters in a name become spaces.

/// The Unicode characters with the `Bidi_Control` property: the marks
/// (ALM, LRM, RLM), embeddings and overrides (LRE, RLE, PDF, LRO, RLO) and
/// isolates (LRI, RLI, FSI, PDI).
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// A name as runlog keeps it: bidirectional controls removed, every other
/// control character (a line break, a tab, an escape) a space, trimmed.
pub fn clean_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .filter(|&c| !is_bidi_control(c))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    cleaned.trim().to_string()
}

/// At most `max` characters, the cut marked with "…": a table cell or a
/// title holds a name, not a 200,000-character paste that would make the
/// PDF 78 pages (issue #32). JSON and CSV keep names whole.
pub fn shortened(text: &str, max: usize) -> String {
    match text.char_indices().nth(max.saturating_sub(1)) {
        Some((at, _)) if text[at..].chars().nth(1).is_some() => {
            format!("{}…", text[..at].trim_end())
        }
        _ => text.to_string(),
    }
}

/// "a", "a and b", "a, b and c": a list as a sentence says it.
pub fn join_and<S: AsRef<str>>(parts: &[S]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", init.join(", "), last.as_ref())
        }
    }
}

/// The same, for an optional name: one left empty is none.
pub fn clean_opt(name: Option<String>) -> Option<String> {
    name.map(|n| clean_name(&n)).filter(|n| !n.is_empty())
}

/// Text for a terminal: bidirectional controls removed and every control
/// character but a line break or a tab shown as U+FFFD, so no file name
/// or activity name can move the cursor, recolour the screen or reverse
/// what follows.
pub fn printable(text: &str) -> String {
    text.chars()
        .filter(|&c| !is_bidi_control(c))
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue #32: a long name is cut in tables and titles, with an ellipsis.
    #[test]
    fn issue32_long_names_are_shortened_with_an_ellipsis() {
        assert_eq!(shortened("Easy run", 8), "Easy run");
        assert_eq!(shortened("Easy run!", 8), "Easy ru…");
        assert_eq!(shortened(&"x".repeat(200_000), 80).chars().count(), 80);
        assert_eq!(shortened("Lauf über Stock", 6), "Lauf…");
        assert_eq!(shortened("", 5), "");
    }

    #[test]
    fn bidi_controls_are_removed_and_control_characters_spaced() {
        assert_eq!(clean_name("Alex \u{202E}nuR\u{202C}"), "Alex nuR");
        assert_eq!(clean_name("\u{2067}a\u{2069}\u{200F}"), "a");
        assert_eq!(clean_name(" a\nb\tc\u{1b}[2J "), "a b c [2J");
        assert_eq!(
            clean_name("Łukasz Müller-Ørsted 李"),
            "Łukasz Müller-Ørsted 李"
        );
        assert_eq!(clean_opt(Some("\u{202E}".into())), None);
        assert_eq!(printable("a\u{1b}[2J\u{202E}b\nc"), "a\u{fffd}[2Jb\nc");
    }
}
