//! From text to rows. A diary saved by a spreadsheet may use `;` or tabs,
//! keep comments and blank rows, and quote notes over several lines; every
//! row keeps the line it starts on, because that is where the runner looks
//! when a problem is reported.

use super::DiaryError;
use csv::StringRecord;

/// Spreadsheets in decimal-comma countries save CSV with `;`, and "tab
/// delimited text" uses tabs. Header names hold no delimiters, so the
/// commonest candidate on the header line wins; ties go to `,` (listed last
/// because `max_by_key` keeps the last maximum).
pub(super) fn detect_delimiter(text: &str) -> u8 {
    let is_filler = |l: &str| {
        l.trim_matches(|c: char| c.is_whitespace() || c == ',' || c == ';')
            .is_empty()
    };
    let header = text
        .lines()
        .find(|l| !is_filler(l) && !l.starts_with('#'))
        .unwrap_or("");
    [b'\t', b';', b',']
        .into_iter()
        .max_by_key(|&d| header.bytes().filter(|&b| b == d).count())
        .unwrap_or(b',')
}

/// Non-empty rows with the file line each starts on. Comments (`#` at the
/// start of a line) and blank lines are skipped by csv itself; rows of only
/// empty cells (`,,,,` from a spreadsheet) are skipped here.
pub(super) fn rows<'a>(
    text: &'a str,
    delimiter: u8,
    file: &'a str,
) -> impl Iterator<Item = Result<(usize, StringRecord), DiaryError>> + 'a {
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    reader.into_records().filter_map(move |r| match r {
        Ok(rec) if rec.iter().all(|c| c.trim().is_empty()) => None,
        Ok(rec) => Some(Ok((
            rec.position().map_or(0, |p| start_line(text.as_bytes(), p)),
            rec,
        ))),
        Err(e) => Some(Err(unreadable(file, &e))),
    })
}

/// csv stamps a record with the position where the previous record ended, so
/// blank and comment lines skipped before it are not yet counted in
/// `Position::line()`. Walk over them the way csv did to reach the line the
/// row really starts on.
fn start_line(bytes: &[u8], pos: &csv::Position) -> usize {
    let mut i = usize::try_from(pos.byte()).unwrap_or(usize::MAX);
    let mut line = usize::try_from(pos.line()).unwrap_or(usize::MAX);
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\n' => line = line.saturating_add(1),
            b'\r' => {}
            b'#' => match bytes[i..].iter().position(|&c| c == b'\n') {
                Some(n) => {
                    i += n;
                    continue;
                }
                None => break,
            },
            _ => break,
        }
        i += 1;
    }
    line
}

fn unreadable(file: &str, e: &csv::Error) -> DiaryError {
    let line = e
        .position()
        .map_or(0, |p| usize::try_from(p.line()).unwrap_or(usize::MAX));
    DiaryError::Unreadable {
        file: file.into(),
        line,
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use crate::diary::parse;
    use crate::diary::tests::{entry, lines, messages, read};

    #[test]
    fn crlf_line_endings() {
        let d = read("date,pain,notes\r\n2026-03-14,3,a\r\n\r\n2026-03-15,4,b\r\n");
        assert_eq!(lines(&d), [2, 4]);
        assert_eq!(
            d.entries[0].notes.as_deref(),
            Some("a"),
            "CR left in the last cell"
        );
    }

    #[test]
    fn semicolon_delimiter_is_detected() {
        let d = read("date;pain;notes\n2026-03-14;3;sore, then better\n");
        assert_eq!(d.entries[0].pain.value(), 3.0);
        assert_eq!(d.entries[0].notes.as_deref(), Some("sore, then better"));
    }

    #[test]
    fn tab_delimiter_is_detected() {
        let e = entry("date\tpain\tlocation\n2026-03-14\t3\tleft, low\n");
        assert_eq!(e.location.as_deref(), Some("left, low"));
    }

    #[test]
    fn delimiter_is_detected_after_leading_comments() {
        let e = entry("# exported; by hand, with care\n\ndate;pain\n2026-03-14;2\n");
        assert_eq!((e.line, e.pain.value()), (4, 2.0));
    }

    #[test]
    fn comments_and_blank_lines_are_skipped() {
        let d = read("# my diary\ndate,pain\n\n# week 1\n2026-03-14,3\n\n\n2026-03-15,4\n# end\n");
        assert!(d.problems.is_empty(), "{:?}", messages(&d));
        assert_eq!(lines(&d), [5, 8]);
    }

    #[test]
    fn empty_spreadsheet_rows_are_skipped() {
        let d = read("date,pain,notes\n,,\n2026-03-14,3,\n   \n \t \n");
        assert_eq!(lines(&d), [3]);
        assert!(d.problems.is_empty(), "{:?}", messages(&d));
    }

    #[test]
    fn quoted_notes_with_commas_quotes_and_newlines() {
        let d = read(
            "date,pain,notes\n2026-03-14,3,\"hills, 10 km\nthen \"\"fine\"\"\"\n2026-03-15,4,x\n",
        );
        assert_eq!(
            d.entries[0].notes.as_deref(),
            Some("hills, 10 km\nthen \"fine\"")
        );
        assert_eq!(lines(&d), [2, 4]);
    }

    #[test]
    fn line_numbers_count_comments_blanks_bom_crlf_and_multiline_notes() {
        let text = "\u{feff}# diary\r\ndate,pain,notes\r\n\r\n# week 1\r\n2026-03-14,3,\"two\r\nlines\"\r\n# between\r\n\r\n2026-03-15,bad,x\r\n2026-03-16,4,\"a\n\nb\"\n#\n2026-03-17,5,\n";
        let d = parse(text.as_bytes(), "pain.csv").expect("parses");
        assert_eq!(lines(&d), [5, 10, 14]);
        assert_eq!(d.problems.len(), 1);
        assert_eq!(d.problems[0].line, 9);
    }
}
