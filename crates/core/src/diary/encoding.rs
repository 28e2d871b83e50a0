//! From bytes to text. Spreadsheets save "CSV" as UTF-8 with or without a
//! BOM, as UTF-16 in either byte order, and with classic-Mac line ends; a
//! diary in any of them reads the same, and anything else is named with the
//! way to save it properly. (The BOM is stripped and classic-Mac lone CRs
//! read as line ends in `csvfile`, which keeps line numbers matching the
//! file.)

use super::DiaryError;
use std::borrow::Cow;

/// How the file's bytes encode its text, so text added to it
/// (`runlog log`) is encoded the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Encoding {
    Utf8,
    Utf16(Utf16),
}

impl Encoding {
    /// `text` as this file's bytes (no BOM: it goes after existing bytes).
    pub(super) fn encode(self, text: &str) -> Vec<u8> {
        match self {
            Encoding::Utf8 => text.as_bytes().to_vec(),
            Encoding::Utf16(Utf16::Le) => text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
            Encoding::Utf16(Utf16::Be) => text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        }
    }
}

/// The text without its BOM and with its line ends as they are, and the
/// encoding it was read in.
pub(super) fn decode_raw<'a>(
    bytes: &'a [u8],
    file: &str,
) -> Result<(Cow<'a, str>, Encoding), DiaryError> {
    Ok(match utf16_order(bytes) {
        Some(order) => (
            Cow::Owned(decode_utf16(bytes, order, file)?),
            Encoding::Utf16(order),
        ),
        None => (Cow::Borrowed(decode_utf8(bytes, file)?), Encoding::Utf8),
    })
}

fn decode_utf8<'a>(bytes: &'a [u8], file: &str) -> Result<&'a str, DiaryError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| DiaryError::NotUtf8 {
        file: file.into(),
        line: 1 + bytes
            .iter()
            .take(e.valid_up_to())
            .filter(|&&b| b == b'\n')
            .count(),
    })
}

/// Byte order of a UTF-16 file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Utf16 {
    Le,
    Be,
}

/// Excel's "Unicode text" and Windows Notepad save UTF-16, often without a
/// BOM; read as UTF-8 its NULs hide every column name. A BOM decides, else
/// ASCII-heavy text gives itself away: a NUL in one half of nearly every
/// byte pair and almost none in the other.
fn utf16_order(bytes: &[u8]) -> Option<Utf16> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some(Utf16::Le),
        [0xFE, 0xFF, ..] => return Some(Utf16::Be),
        _ => {}
    }
    let pairs: Vec<&[u8]> = bytes.chunks_exact(2).take(2048).collect();
    let nuls = |half: usize| pairs.iter().filter(|p| p[half] == 0).count();
    let (first, second, n) = (nuls(0), nuls(1), pairs.len());
    let mostly = |k: usize| n >= 2 && k * 10 >= n * 6;
    let rarely = |k: usize| k * 10 < n;
    if mostly(second) && rarely(first) {
        Some(Utf16::Le)
    } else if mostly(first) && rarely(second) {
        Some(Utf16::Be)
    } else {
        None
    }
}

/// UTF-16 to text, without its BOM; a broken unit is reported with its line.
fn decode_utf16(bytes: &[u8], order: Utf16, file: &str) -> Result<String, DiaryError> {
    let pairs = bytes.chunks_exact(2);
    let odd_length = !pairs.remainder().is_empty();
    let units = pairs.map(|p| {
        let b: [u8; 2] = p.try_into().unwrap_or_default();
        match order {
            Utf16::Le => u16::from_le_bytes(b),
            Utf16::Be => u16::from_be_bytes(b),
        }
    });
    let mut text = String::with_capacity(bytes.len() / 2);
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => text.push(c),
            Err(_) => return Err(bad_utf16(file, &text, order)),
        }
    }
    if odd_length {
        return Err(bad_utf16(file, &text, order));
    }
    Ok(text
        .strip_prefix('\u{FEFF}')
        .map(str::to_string)
        .unwrap_or(text))
}

fn bad_utf16(file: &str, read: &str, order: Utf16) -> DiaryError {
    DiaryError::BadUtf16 {
        file: file.into(),
        line: 1 + read.matches('\n').count(),
        order: match order {
            Utf16::Le => "little-endian",
            Utf16::Be => "big-endian",
        },
    }
}

#[cfg(test)]
mod tests {
    use crate::diary::parse;
    use crate::diary::tests::{lines, read};

    #[test]
    fn utf8_bom_is_stripped() {
        let d = parse(b"\xEF\xBB\xBFdate,pain\n2026-03-14,3\n", "pain.csv").expect("parses");
        assert_eq!(lines(&d), [2]);
        assert!(
            d.ignored_columns.is_empty(),
            "BOM glued to `date`: {:?}",
            d.ignored_columns
        );
    }

    /// Excel's "Unicode text" and Notepad save UTF-16, with or without a
    /// BOM, in either byte order: each reads exactly like the UTF-8 file.
    #[test]
    fn utf16_in_either_byte_order_with_or_without_bom_is_decoded() {
        let text = "date,pain,notes\r\n2026-03-14,3,Rücken\r\n2026-03-15,4.5,😀\r\n";
        let want = read(text);
        assert_eq!(want.entries.len(), 2);
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for (name, bom, body) in [("LE", &[0xFF, 0xFE], &le), ("BE", &[0xFE, 0xFF], &be)] {
            let with_bom = [bom.as_slice(), body].concat();
            for bytes in [with_bom.as_slice(), body.as_slice()] {
                let d = parse(bytes, "pain.csv").unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(d, want, "{name}");
            }
        }
    }

    #[test]
    fn broken_utf16_says_which_encoding_and_how_to_save() {
        let mut bytes: Vec<u8> = "date,pain\n2026-03-14,3\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        bytes.extend([0x00, 0xD8, b'3', 0]); // a lone high surrogate
        let e = parse(&bytes, "pain.csv").expect_err("fatal").to_string();
        assert_eq!(
            e,
            "pain.csv:3: the diary looks like UTF-16 text (little-endian) but is not valid UTF-16; save it as \"CSV UTF-8\""
        );
        let e = parse(b"\xFE\xFF\0d\0", "pain.csv").expect_err("odd length");
        assert!(e.to_string().contains("(big-endian)"), "{e}");
    }

    #[test]
    fn lone_cr_line_endings() {
        let d = read("date,pain\r# comment\r2026-03-14,3\r2026-03-15,4\r");
        assert_eq!(lines(&d), [3, 4]);
    }
}
