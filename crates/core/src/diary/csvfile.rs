//! The runner's own CSV files, `pain.csv` and `scores.csv`, read and grown
//! by one piece of code: the text as a spreadsheet saved it (UTF-8 with or
//! without BOM, UTF-16, CRLF or classic-Mac line ends, `,` `;` or tab), its
//! rows with the line each starts on, and a new file that is the old bytes
//! plus one row in the file's own delimiter, line ends and encoding.
//!
//! A row is only ever added when it reads back as exactly one more row
//! after the old ones, unchanged: an unclosed quote on the last line would
//! otherwise swallow it into a quoted cell, and the runner would lose a
//! value the command said it stored.

use super::encoding::{Encoding, decode_raw};
use super::layout::{detect_delimiter, rows};
use super::{DiaryError, Problem};
use csv::StringRecord;
use std::borrow::Cow;

/// One runner's CSV file as text, with what a row added to it must match.
pub(super) struct CsvText<'a> {
    /// Without its BOM; classic-Mac lone CRs read as LFs (the BOM is one
    /// character and CR→LF keeps lengths, so lines still match the file).
    pub text: Cow<'a, str>,
    pub encoding: Encoding,
    pub delimiter: u8,
    /// The file's own line end: `\n`, `\r\n` or `\r`.
    pub newline: &'static str,
    /// The last line has no line end yet.
    pub open_end: bool,
}

impl<'a> CsvText<'a> {
    /// The file's text, or why it is not text runlog can read.
    pub fn decode(bytes: &'a [u8], file: &str) -> Result<CsvText<'a>, DiaryError> {
        let (raw, encoding) = decode_raw(bytes, file)?;
        let newline = match raw.find(['\n', '\r']) {
            Some(i) if raw[i..].starts_with("\r\n") => "\r\n",
            Some(i) if raw[i..].starts_with('\r') => "\r",
            _ => "\n",
        };
        let open_end = !raw.is_empty() && !raw.ends_with(['\n', '\r']);
        let text = if raw.contains('\r') && !raw.contains('\n') {
            Cow::Owned(raw.replace('\r', "\n"))
        } else {
            raw
        };
        let delimiter = detect_delimiter(&text);
        Ok(CsvText {
            text,
            encoding,
            delimiter,
            newline,
            open_end,
        })
    }

    /// Non-empty rows, the header first, each with the line it starts on.
    pub fn rows<'s>(
        &'s self,
        file: &'s str,
    ) -> impl Iterator<Item = Result<(usize, StringRecord), DiaryError>> + 's {
        rows(&self.text, self.delimiter, file)
    }

    /// `old` (this file's bytes) with one row of `cells` added: a line end
    /// first when the last line has none, each cell quoted where it must
    /// be, in the file's delimiter, line ends and encoding.
    pub fn with_row(&self, old: &[u8], cells: &[String]) -> Vec<u8> {
        let mut line = String::new();
        if self.open_end {
            line.push_str(self.newline);
        }
        let quoted: Vec<String> = cells
            .iter()
            .map(|c| quote(c, self.delimiter, self.newline))
            .collect();
        line.push_str(&quoted.join(&char::from(self.delimiter).to_string()));
        line.push_str(self.newline);
        let mut bytes = old.to_vec();
        bytes.extend(self.encoding.encode(&line));
        bytes
    }

    /// The line on which a quoted cell opens that the file never closes:
    /// a row added after it would become part of that cell.
    pub fn open_quote_line(&self) -> Option<usize> {
        open_quote_line(&self.text, self.delimiter)
    }
}

/// Quotes a cell holding the delimiter, a quote or a line break, or
/// starting with `#` (a comment if it began a line); line breaks inside
/// become the file's own.
pub(super) fn quote(cell: &str, delimiter: u8, newline: &str) -> String {
    let special = cell.contains(['"', '\n', '\r'])
        || cell.contains(char::from(delimiter))
        || cell.starts_with('#');
    if !special {
        return cell.to_string();
    }
    let lines = cell.replace("\r\n", "\n").replace('\n', newline);
    format!("\"{}\"", lines.replace('"', "\"\""))
}

/// Where a quoted cell opens and never closes, read as the csv reader reads
/// it: a quote opens a cell only at the cell's start (elsewhere it is a
/// character of the cell), `""` inside is a quote, and a `#` line outside
/// a cell is a comment.
fn open_quote_line(text: &str, delimiter: u8) -> Option<usize> {
    let d = char::from(delimiter);
    let mut line = 1;
    let mut opened_on = None;
    let mut at_cell_start = true;
    let mut at_line_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if opened_on.is_some() {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                }
                '"' => {
                    opened_on = None;
                    at_cell_start = false;
                }
                '\n' => line += 1,
                _ => {}
            }
            continue;
        }
        match c {
            '#' if at_line_start => {
                // A comment runs to the end of its line.
                for c in chars.by_ref() {
                    if c == '\n' {
                        line += 1;
                        break;
                    }
                }
                at_cell_start = true;
                at_line_start = true;
                continue;
            }
            '"' if at_cell_start => opened_on = Some(line),
            '\n' => {
                line += 1;
                at_cell_start = true;
                at_line_start = true;
                continue;
            }
            c if c == d => at_cell_start = true,
            '\r' => {}
            _ => at_cell_start = false,
        }
        at_line_start = false;
    }
    opened_on
}

/// Why a file grown by one row may not be written: read back, its rows
/// before must be the old ones unchanged (lines included), with exactly
/// one more that reads as `want` (its line aside) and no new problem.
pub(super) fn check_read_back<T: Clone + PartialEq>(
    before: (&[T], &[Problem]),
    after: (&[T], &[Problem]),
    same_but_line: impl Fn(&T) -> bool,
) -> Result<T, String> {
    let (old, old_problems) = before;
    let (new, new_problems) = after;
    if new_problems != old_problems {
        let added: Vec<String> = new_problems
            .iter()
            .filter(|p| !old_problems.contains(p))
            .map(ToString::to_string)
            .collect();
        return Err(format!("it reads as: {}", added.join("; ")));
    }
    let n = old.len();
    if new.len() != n + 1 || new[..n] != old[..] {
        return Err("the rows before it would change".into());
    }
    if !same_but_line(&new[n]) {
        return Err("it reads back with other values".into());
    }
    Ok(new[n].clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(text: &str) -> Option<usize> {
        open_quote_line(text, b',')
    }

    #[test]
    fn an_unclosed_quote_is_found_on_the_line_it_opens() {
        assert_eq!(open("date,notes\n2026-03-13,\"never closed"), Some(2));
        assert_eq!(open("date,notes\n2026-03-13,\"never\nclosed\n"), Some(2));
        assert_eq!(open("a,b\n1,\"x\"\"\n2,y\n"), Some(2), "an escaped quote");
        // Closed ones, quotes inside an unquoted cell, comments.
        assert_eq!(open("a,b\n1,\"x, \"\"y\"\"\nz\"\n2,w\n"), None);
        assert_eq!(open("a,b\n1,say \"hi\n2,w\n"), None);
        assert_eq!(open("# a \"comment\na,b\n1,2\n"), None);
        assert_eq!(open_quote_line("a;b\n1;\"x;y\n", b';'), Some(2));
    }

    #[test]
    fn a_row_is_added_in_the_files_own_form() {
        let old = "a;b\r\n1;2";
        let t = CsvText::decode(old.as_bytes(), "x.csv").unwrap();
        assert_eq!((t.delimiter, t.newline, t.open_end), (b';', "\r\n", true));
        let new = t.with_row(old.as_bytes(), &["3".into(), "x;y".into()]);
        assert_eq!(
            String::from_utf8(new).unwrap(),
            "a;b\r\n1;2\r\n3;\"x;y\"\r\n"
        );
    }
}
