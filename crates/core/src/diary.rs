//! Pain diary reader: turns the runner's hand-kept CSV into [`DiaryEntry`]s.
//!
//! The diary is typed by a person, often in a spreadsheet, so the reader is
//! forgiving about layout (BOM, CRLF, `;`, comments, column order, header
//! case) and strict about values: a row it cannot read exactly is skipped and
//! reported with its line number, never guessed. A pain score read wrong
//! would mislead the physiotherapist; a reported one costs a minute to fix.

use crate::model::{DiaryEntry, Pain, RedFlags, TimeOfDay};
use chrono::NaiveDate;
use csv::StringRecord;
use std::borrow::Cow;
use std::fmt;

/// The canonical header, written by [`write`] and shown in error messages.
pub const HEADER: &str =
    "date,time,pain,stiffness_min,location,rpe,numbness,weakness,bladder_bowel,fever,notes";

/// Everything read from one diary file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Diary {
    /// Readable rows, in file order.
    pub entries: Vec<DiaryEntry>,
    /// One per skipped row, in file order.
    pub problems: Vec<Problem>,
    /// Header names the reader does not know, each once; their values are dropped.
    pub ignored_columns: Vec<String>,
}

/// A row that was skipped, and why, pointing at the line the user must edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// 1-based physical line in the file where the row starts.
    pub line: usize,
    /// Canonical column name (`pain`, not ` Pain `); `None` for row-level trouble.
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// Trouble that makes the whole file unreadable, as opposed to one bad row.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiaryError {
    #[error("{file}:{line}: the diary is not UTF-8 text; save it as \"CSV UTF-8\"")]
    NotUtf8 { file: String, line: usize },
    #[error(
        "{file}:{line}: the diary looks like UTF-16 text ({order}) but is not valid UTF-16; save it as \"CSV UTF-8\""
    )]
    BadUtf16 {
        file: String,
        line: usize,
        order: &'static str,
    },
    #[error("{file}: no header line; the first line should be: {header}", header = HEADER)]
    NoHeader { file: String },
    #[error("{file}:{line}: the header has no `{column}` column (expected: {header})", header = HEADER)]
    MissingColumn {
        file: String,
        line: usize,
        column: &'static str,
    },
    #[error("{file}:{line}: column `{column}` appears twice in the header")]
    DuplicateColumn {
        file: String,
        line: usize,
        column: String,
    },
    #[error("{file}:{line}: cannot read the CSV: {message}")]
    Unreadable {
        file: String,
        line: usize,
        message: String,
    },
}

/// Columns the reader understands, in [`HEADER`] order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Date,
    Time,
    Pain,
    StiffnessMin,
    Location,
    Rpe,
    Numbness,
    Weakness,
    BladderBowel,
    Fever,
    Notes,
}

impl Field {
    const ALL: [Field; 11] = [
        Field::Date,
        Field::Time,
        Field::Pain,
        Field::StiffnessMin,
        Field::Location,
        Field::Rpe,
        Field::Numbness,
        Field::Weakness,
        Field::BladderBowel,
        Field::Fever,
        Field::Notes,
    ];

    fn name(self) -> &'static str {
        match self {
            Field::Date => "date",
            Field::Time => "time",
            Field::Pain => "pain",
            Field::StiffnessMin => "stiffness_min",
            Field::Location => "location",
            Field::Rpe => "rpe",
            Field::Numbness => "numbness",
            Field::Weakness => "weakness",
            Field::BladderBowel => "bladder_bowel",
            Field::Fever => "fever",
            Field::Notes => "notes",
        }
    }

    /// Header names are matched case-insensitively, and a spreadsheet user's
    /// `Stiffness min` or `bladder-bowel` means the same column.
    fn from_header(name: &str) -> Option<Field> {
        let key = name.trim().to_lowercase().replace([' ', '-'], "_");
        Field::ALL.into_iter().find(|f| f.name() == key)
    }
}

/// Where each known field sits in this file's rows.
struct Columns {
    index: [Option<usize>; 11],
    width: usize,
    ignored: Vec<String>,
}

impl Columns {
    /// Unnamed columns (a trailing delimiter on the header) are dropped
    /// silently: spreadsheets add them and they carry nothing to report.
    fn from_header(header: &StringRecord, file: &str, line: usize) -> Result<Columns, DiaryError> {
        let mut cols = Columns {
            index: [None; 11],
            width: header.len(),
            ignored: Vec::new(),
        };
        for (i, raw) in header.iter().enumerate() {
            let name = raw.trim();
            match Field::from_header(name) {
                Some(f) if cols.index[f as usize].is_some() => {
                    let column = f.name().to_string();
                    return Err(DiaryError::DuplicateColumn {
                        file: file.into(),
                        line,
                        column,
                    });
                }
                Some(f) => cols.index[f as usize] = Some(i),
                None if name.is_empty() || cols.ignored.iter().any(|n| n == name) => {}
                None => cols.ignored.push(name.to_string()),
            }
        }
        cols.require(Field::Date, file, line)?;
        cols.require(Field::Pain, file, line)?;
        Ok(cols)
    }

    fn require(&self, field: Field, file: &str, line: usize) -> Result<(), DiaryError> {
        match self.index[field as usize] {
            Some(_) => Ok(()),
            None => Err(DiaryError::MissingColumn {
                file: file.into(),
                line,
                column: field.name(),
            }),
        }
    }

    /// A missing trailing cell reads as empty: spreadsheets drop empty
    /// trailing cells, and people stop typing after the last value they had.
    fn cell<'r>(&self, row: &'r StringRecord, field: Field) -> &'r str {
        self.index[field as usize]
            .and_then(|i| row.get(i))
            .map_or("", str::trim)
    }
}

/// Why one row was skipped, before the file name and line are attached.
struct RowError {
    column: Option<Field>,
    message: String,
}

impl RowError {
    fn into_problem(self, file: &str, line: usize) -> Problem {
        let column = self.column.map(|f| f.name().to_string());
        Problem {
            file: file.into(),
            line,
            column,
            message: self.message,
        }
    }
}

/// Reads a pain diary. Bad rows become [`Problem`]s and the rest are kept;
/// only a file with no usable header (or not text at all) is an error.
pub fn parse(bytes: &[u8], file_name: &str) -> Result<Diary, DiaryError> {
    let text = decode(bytes, file_name)?;
    let mut rows = rows(&text, detect_delimiter(&text), file_name);
    let (header_line, header) = rows
        .next()
        .transpose()?
        .ok_or_else(|| DiaryError::NoHeader {
            file: file_name.into(),
        })?;
    let cols = Columns::from_header(&header, file_name, header_line)?;
    let mut diary = Diary {
        ignored_columns: cols.ignored.clone(),
        ..Diary::default()
    };
    for row in rows {
        let (line, record) = row?;
        match parse_row(&cols, &record, line) {
            Ok(entry) => diary.entries.push(entry),
            Err(e) => diary.problems.push(e.into_problem(file_name, line)),
        }
    }
    Ok(diary)
}

/// Strips a BOM (Windows spreadsheets write one) and turns classic-Mac lone
/// CRs into LFs: csv splits on a lone CR but neither counts it as a line nor
/// ends a `#` comment at it. The BOM is 3 bytes and CR→LF keeps lengths, so
/// line numbers still match the file.
fn decode<'a>(bytes: &'a [u8], file: &str) -> Result<Cow<'a, str>, DiaryError> {
    let text = match utf16_order(bytes) {
        Some(order) => Cow::Owned(decode_utf16(bytes, order, file)?),
        None => Cow::Borrowed(decode_utf8(bytes, file)?),
    };
    if text.contains('\r') && !text.contains('\n') {
        Ok(Cow::Owned(text.replace('\r', "\n")))
    } else {
        Ok(text)
    }
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
enum Utf16 {
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

/// Spreadsheets in decimal-comma countries save CSV with `;`, and "tab
/// delimited text" uses tabs. Header names hold no delimiters, so the
/// commonest candidate on the header line wins; ties go to `,` (listed last
/// because `max_by_key` keeps the last maximum).
fn detect_delimiter(text: &str) -> u8 {
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
fn rows<'a>(
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

/// Reads one row, stopping at the first bad cell in [`HEADER`] order: one
/// row, one [`Problem`], so the problem count is the skipped-row count.
fn parse_row(cols: &Columns, row: &StringRecord, line: usize) -> Result<DiaryEntry, RowError> {
    check_width(cols, row)?;
    let cell = |f: Field| cols.cell(row, f);
    let at = |f: Field| {
        move |message| RowError {
            column: Some(f),
            message,
        }
    };
    Ok(DiaryEntry {
        line,
        date: parse_date(cell(Field::Date)).map_err(at(Field::Date))?,
        time: parse_time(cell(Field::Time)).map_err(at(Field::Time))?,
        pain: parse_pain(cell(Field::Pain)).map_err(at(Field::Pain))?,
        stiffness_min: parse_minutes(cell(Field::StiffnessMin)).map_err(at(Field::StiffnessMin))?,
        location: text(cell(Field::Location)),
        rpe: optional(cell(Field::Rpe), |s| scale("rpe", s)).map_err(at(Field::Rpe))?,
        red_flags: parse_flags(cols, row)?,
        notes: text(cell(Field::Notes)),
    })
}

/// Cells past the header's last column usually mean a delimiter typed into
/// unquoted notes. Every cell after the split would be misread, so the row is
/// reported instead. Trailing empty cells (a stray delimiter) are harmless.
fn check_width(cols: &Columns, row: &StringRecord) -> Result<(), RowError> {
    let used = (0..row.len())
        .rev()
        .find(|&i| row.get(i).is_some_and(|c| !c.trim().is_empty()))
        .map_or(0, |i| i + 1);
    if used <= cols.width {
        return Ok(());
    }
    let message = format!(
        "row has {used} cells but the header has {}; put text that contains the delimiter in double quotes",
        cols.width
    );
    Err(RowError {
        column: None,
        message,
    })
}

/// Only `YYYY-MM-DD` is accepted: `03/04/2026` means different days in
/// different countries, so the message offers the ISO form instead of guessing.
fn parse_date(s: &str) -> Result<NaiveDate, String> {
    if s.is_empty() {
        return Err("date is empty".into());
    }
    match iso_date(s) {
        Some(Some(date)) => Ok(date),
        Some(None) => Err(format!("date {} is not a real calendar date", quoted(s))),
        None => Err(format!(
            "date {} is not an ISO date; {}",
            quoted(s),
            suggest_date(s)
        )),
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
fn parse_time(s: &str) -> Result<Option<TimeOfDay>, String> {
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
fn parse_pain(s: &str) -> Result<Pain, String> {
    if s.is_empty() {
        return Err("pain is empty".into());
    }
    let v = scale("pain", s)?;
    Pain::new(v).ok_or_else(|| format!("pain {} is not a number from 0 to 10", quoted(s)))
}

/// A 0–10 score such as pain or RPE.
fn scale(name: &str, s: &str) -> Result<f64, String> {
    let in_range = |v: f64| (0.0..=10.0).contains(&v);
    match decimal(s) {
        Some(v) if in_range(v) => Ok(v),
        _ => Err(format!(
            "{name} {} is not a number from 0 to 10{}",
            quoted(s),
            comma_hint(s, in_range)
        )),
    }
}

fn parse_minutes(s: &str) -> Result<Option<f64>, String> {
    optional(s, |s| {
        decimal(s).ok_or_else(|| {
            let hint = comma_hint(s, |_| true);
            format!(
                "stiffness_min {} is not a number of minutes (0 or more){hint}",
                quoted(s)
            )
        })
    })
}

fn optional<T>(s: &str, read: impl Fn(&str) -> Result<T, String>) -> Result<Option<T>, String> {
    if s.is_empty() {
        Ok(None)
    } else {
        read(s).map(Some)
    }
}

/// A plain non-negative decimal (`7`, `7.5`, `.5`). `f64::from_str` would
/// also take `inf`, `NaN`, `1e1` and `-0`, none of which a person means.
fn decimal(s: &str) -> Option<f64> {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    let ok = !(int.is_empty() && frac.is_empty()) && digits(int) && digits(frac);
    ok.then(|| s.parse().ok()).flatten()
}

/// Spreadsheets in many countries write `7,5`; say what was meant when
/// swapping the comma would give a valid value.
fn comma_hint(s: &str, valid: impl Fn(f64) -> bool) -> String {
    let fixed = s.replacen(',', ".", 1);
    match decimal(&fixed) {
        Some(v) if s.contains(',') && valid(v) => format!(" (use a decimal point: {fixed})"),
        _ => String::new(),
    }
}

fn parse_flags(cols: &Columns, row: &StringRecord) -> Result<RedFlags, RowError> {
    let flag = |f: Field| {
        yes_no(f.name(), cols.cell(row, f)).map_err(|message| RowError {
            column: Some(f),
            message,
        })
    };
    Ok(RedFlags {
        numbness: flag(Field::Numbness)?,
        weakness: flag(Field::Weakness)?,
        bladder_bowel: flag(Field::BladderBowel)?,
        fever: flag(Field::Fever)?,
    })
}

/// Red flags must be read exactly: a `maybe` or a typo could hide a symptom
/// that needs a doctor, so anything but a clear yes or no is reported.
fn yes_no(name: &str, s: &str) -> Result<bool, String> {
    match s.to_lowercase().as_str() {
        "yes" | "y" | "1" | "true" => Ok(true),
        "" | "no" | "n" | "0" | "false" => Ok(false),
        _ => Err(format!("{name} {} is not yes or no", quoted(s))),
    }
}

/// Free text; CRLF inside quoted notes becomes `\n` so notes compare equal
/// whatever editor saved the file.
fn text(s: &str) -> Option<String> {
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

/// The canonical diary: [`HEADER`], one row per entry, `\n` line ends, quotes
/// only where needed so the file stays pleasant in a text editor. Reading it
/// back with [`parse`] gives the same entries (lines aside) as long as dates
/// have four-digit years, clock times are within the day and text is
/// trimmed and non-empty.
pub fn write(entries: &[DiaryEntry]) -> String {
    let mut out = format!("{HEADER}\n");
    for entry in entries {
        let cells: Vec<_> = row_cells(entry)
            .iter()
            .map(|c| csv_field(c).into_owned())
            .collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

fn row_cells(e: &DiaryEntry) -> [String; 11] {
    let num = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    let yes = |b: bool| if b { "yes" } else { "no" }.to_string();
    let flags = &e.red_flags;
    [
        e.date.format("%Y-%m-%d").to_string(),
        e.time.map(time_text).unwrap_or_default(),
        e.pain.value().to_string(),
        num(e.stiffness_min),
        e.location.clone().unwrap_or_default(),
        num(e.rpe),
        yes(flags.numbness),
        yes(flags.weakness),
        yes(flags.bladder_bowel),
        yes(flags.fever),
        e.notes.clone().unwrap_or_default(),
    ]
}

fn time_text(t: TimeOfDay) -> String {
    match t {
        TimeOfDay::Morning => "morning".into(),
        TimeOfDay::Evening => "evening".into(),
        TimeOfDay::At(m) => format!("{:02}:{:02}", m / 60, m % 60),
    }
}

/// Quotes a cell holding a delimiter, quote or line break, or starting with
/// `#` (which would otherwise read as a comment if it began a line).
fn csv_field(s: &str) -> Cow<'_, str> {
    if s.contains([',', ';', '"', '\n', '\r']) || s.starts_with('#') {
        Cow::Owned(format!("\"{}\"", s.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn read(text: &str) -> Diary {
        parse(text.as_bytes(), "pain.csv").expect("diary parses")
    }

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    fn messages(d: &Diary) -> Vec<String> {
        d.problems.iter().map(ToString::to_string).collect()
    }

    fn lines(d: &Diary) -> Vec<usize> {
        d.entries.iter().map(|e| e.line).collect()
    }

    /// The one message a single data row under `header` produces.
    fn problem(header: &str, row: &str) -> String {
        let d = read(&format!("{header}\n{row}\n"));
        assert!(d.entries.is_empty(), "row was kept: {:?}", d.entries);
        assert_eq!(d.problems.len(), 1, "{:?}", d.problems);
        d.problems[0].to_string()
    }

    fn entry(text: &str) -> DiaryEntry {
        let d = read(text);
        assert!(d.problems.is_empty(), "{:?}", messages(&d));
        assert_eq!(d.entries.len(), 1);
        d.entries[0].clone()
    }

    #[test]
    fn header_constant_matches_field_names() {
        let names: Vec<_> = Field::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(HEADER, names.join(","));
        assert_eq!(write(&[]), format!("{HEADER}\n"));
    }

    #[test]
    fn full_row_reads_every_field() {
        let e = entry(&format!(
            "{HEADER}\n2026-03-14,07:30,4.5,20,lower back left,6,no,yes,n,0,after hills\n"
        ));
        assert_eq!(e.line, 2);
        assert_eq!(e.date, date("2026-03-14"));
        assert_eq!(e.time, Some(TimeOfDay::At(7 * 60 + 30)));
        assert_eq!(e.pain.value(), 4.5);
        assert_eq!(e.stiffness_min, Some(20.0));
        assert_eq!(e.location.as_deref(), Some("lower back left"));
        assert_eq!(e.rpe, Some(6.0));
        assert_eq!(e.notes.as_deref(), Some("after hills"));
        assert_eq!(
            e.red_flags,
            RedFlags {
                weakness: true,
                ..RedFlags::default()
            }
        );
    }

    #[test]
    fn only_required_columns_leave_optionals_empty() {
        let e = entry("date,pain\n2026-03-14,3\n");
        assert_eq!((e.time, e.stiffness_min, e.rpe), (None, None, None));
        assert_eq!((e.location, e.notes), (None, None));
        assert!(!e.red_flags.any());
    }

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
    fn lone_cr_line_endings() {
        let d = read("date,pain\r# comment\r2026-03-14,3\r2026-03-15,4\r");
        assert_eq!(lines(&d), [3, 4]);
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
    fn headers_in_any_order_and_case() {
        let e = entry(" Notes ,PAIN,Stiffness Min, Date,Bladder-Bowel\nok,2,15,2026-03-14,yes\n");
        assert_eq!(e.date, date("2026-03-14"));
        assert_eq!(e.pain.value(), 2.0);
        assert_eq!(e.stiffness_min, Some(15.0));
        assert_eq!(e.notes.as_deref(), Some("ok"));
        assert!(e.red_flags.bladder_bowel);
    }

    #[test]
    fn cell_values_are_trimmed() {
        let e = entry("date,time,pain,fever\n  2026-03-14 , Morning ,  3 , YES \n");
        assert_eq!(
            (e.date, e.time),
            (date("2026-03-14"), Some(TimeOfDay::Morning))
        );
        assert!(e.red_flags.fever);
    }

    #[test]
    fn extra_columns_are_reported_once_and_dropped() {
        let d = read("date,weather,pain,,Weather\n2026-03-14,rain,3,,x\n2026-03-15,sun,4,,y\n");
        assert_eq!(d.ignored_columns, ["weather", "Weather"]);
        assert_eq!(lines(&d), [2, 3]);
        assert!(d.problems.is_empty());
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
    fn crlf_inside_quoted_notes_becomes_lf() {
        let e = entry("date,pain,notes\r\n2026-03-14,3,\"a\r\nb\"\r\n");
        assert_eq!(e.notes.as_deref(), Some("a\nb"));
    }

    #[test]
    fn line_numbers_count_comments_blanks_bom_crlf_and_multiline_notes() {
        let text = "\u{feff}# diary\r\ndate,pain,notes\r\n\r\n# week 1\r\n2026-03-14,3,\"two\r\nlines\"\r\n# between\r\n\r\n2026-03-15,bad,x\r\n2026-03-16,4,\"a\n\nb\"\n#\n2026-03-17,5,\n";
        let d = parse(text.as_bytes(), "pain.csv").expect("parses");
        assert_eq!(lines(&d), [5, 10, 14]);
        assert_eq!(d.problems.len(), 1);
        assert_eq!(d.problems[0].line, 9);
    }

    #[test]
    fn decimal_comma_message_with_hint_and_line() {
        let mut text = String::from("date;pain\n");
        for i in 1..=12 {
            text.push_str(&format!("2026-03-{i:02};2\n"));
        }
        text.push_str("2026-03-14;7,5\n");
        let d = read(&text);
        assert_eq!(
            messages(&d),
            ["pain.csv:14: pain \"7,5\" is not a number from 0 to 10 (use a decimal point: 7.5)"]
        );
        assert_eq!(d.problems[0].column.as_deref(), Some("pain"));
        assert_eq!(d.entries.len(), 12);
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
            "pain.csv:2: stiffness_min \"-5\" is not a number of minutes (0 or more)"
        );
        assert_eq!(
            problem(h, "2026-03-14,3,\"2,5\","),
            "pain.csv:2: stiffness_min \"2,5\" is not a number of minutes (0 or more) (use a decimal point: 2.5)"
        );
        assert_eq!(
            problem(h, "2026-03-14,3,,12"),
            "pain.csv:2: rpe \"12\" is not a number from 0 to 10"
        );
        let d = read(&format!("{h}\n2026-03-14,3,45.5,7\n"));
        assert_eq!(
            (d.entries[0].stiffness_min, d.entries[0].rpe),
            (Some(45.5), Some(7.0))
        );
    }

    #[test]
    fn red_flag_spellings() {
        let h = "date,pain,numbness,weakness,bladder_bowel,fever";
        let d = read(&format!(
            "{h}\n2026-03-14,3,yes,Y,1,TRUE\n2026-03-15,3,no,n,0,false\n2026-03-16,3,,,,\n2026-03-17,3\n"
        ));
        let flags: Vec<_> = d.entries.iter().map(|e| e.red_flags).collect();
        let all = RedFlags {
            numbness: true,
            weakness: true,
            bladder_bowel: true,
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
    fn short_rows_read_missing_cells_as_empty() {
        let e = entry("date,pain,location,fever,notes\n2026-03-14,3,back\n");
        assert_eq!(e.location.as_deref(), Some("back"));
        assert_eq!((e.notes, e.red_flags.fever), (None, false));
    }

    #[test]
    fn too_many_cells_is_a_row_problem() {
        let d = read("date,pain,notes\n2026-03-14,3,sore, stiff\n2026-03-15,3,fine,,\n");
        assert_eq!(
            messages(&d),
            [
                "pain.csv:2: row has 4 cells but the header has 3; put text that contains the delimiter in double quotes"
            ]
        );
        assert_eq!(d.problems[0].column, None);
        assert_eq!(lines(&d), [3], "trailing empty cells are harmless");
    }

    #[test]
    fn bad_rows_are_skipped_and_the_rest_kept() {
        let d = read("date,pain\n2026-03-14,3\n14/03/2026,3\n2026-03-15,x\n2026-03-16,5\n");
        assert_eq!(lines(&d), [2, 5]);
        let problem_lines: Vec<_> = d.problems.iter().map(|p| p.line).collect();
        assert_eq!(problem_lines, [3, 4]);
    }

    #[test]
    fn several_entries_per_day_keep_file_order() {
        let d = read(
            "date,time,pain\n2026-03-14,evening,6\n2026-03-14,morning,2\n2026-03-13,08:00,1\n",
        );
        let pains: Vec<_> = d.entries.iter().map(|e| e.pain.value()).collect();
        assert_eq!(pains, [6.0, 2.0, 1.0]);
    }

    #[test]
    fn long_values_are_cut_in_messages() {
        let long = "x".repeat(100);
        let msg = problem("date,pain", &format!("2026-03-14,{long}"));
        assert!(msg.contains(&format!("\"{}…\"", "x".repeat(40))), "{msg}");
        assert!(!msg.contains(&long));
    }

    #[test]
    fn header_only_file_is_an_empty_diary() {
        assert_eq!(read("date,pain\n"), Diary::default());
    }

    #[test]
    fn fatal_errors_name_the_file() {
        let err = |text: &[u8]| parse(text, "pain.csv").expect_err("fatal");
        assert_eq!(
            err(b""),
            DiaryError::NoHeader {
                file: "pain.csv".into()
            }
        );
        assert_eq!(
            err(b"\xEF\xBB\xBF# only a comment\n\n"),
            DiaryError::NoHeader {
                file: "pain.csv".into()
            }
        );
        let missing = |line, column| DiaryError::MissingColumn {
            file: "pain.csv".into(),
            line,
            column,
        };
        assert_eq!(err(b"# x\ndate,score\n"), missing(2, "pain"));
        assert_eq!(err(b"day,pain\n"), missing(1, "date"));
        assert_eq!(err(b"2026-03-14,3\n"), missing(1, "date"));
        let dup = DiaryError::DuplicateColumn {
            file: "pain.csv".into(),
            line: 1,
            column: "pain".into(),
        };
        assert_eq!(err(b"date,pain,PAIN\n"), dup);
        assert_eq!(
            err(b"date,pain\n2026-03-14,3,caf\xE9\n"),
            DiaryError::NotUtf8 {
                file: "pain.csv".into(),
                line: 2
            }
        );
        // A UTF-16 BOM is read as UTF-16: "da" has no date column.
        assert_eq!(err(b"\xFF\xFEd\0a\0"), missing(1, "date"));
    }

    #[test]
    fn fatal_error_messages() {
        let e = parse(b"day,pain\n", "diary/pain.csv").expect_err("fatal");
        assert_eq!(
            e.to_string(),
            format!("diary/pain.csv:1: the header has no `date` column (expected: {HEADER})")
        );
        let e = parse(b"\n", "pain.csv").expect_err("fatal");
        assert_eq!(
            e.to_string(),
            format!("pain.csv: no header line; the first line should be: {HEADER}")
        );
        let e = parse(b"date,pain\n\xC0\n", "pain.csv").expect_err("fatal");
        assert_eq!(
            e.to_string(),
            "pain.csv:2: the diary is not UTF-8 text; save it as \"CSV UTF-8\""
        );
    }

    #[test]
    fn write_quotes_only_where_needed() {
        let e = DiaryEntry {
            line: 0,
            date: date("2026-03-04"),
            time: Some(TimeOfDay::At(5)),
            pain: Pain::new(2.5).expect("valid"),
            stiffness_min: None,
            location: Some("#low; left".into()),
            rpe: Some(7.0),
            notes: Some("said \"ok\", then\nstopped".into()),
            red_flags: RedFlags {
                fever: true,
                ..RedFlags::default()
            },
        };
        let want = format!(
            "{HEADER}\n2026-03-04,00:05,2.5,,\"#low; left\",7,no,no,no,yes,\"said \"\"ok\"\", then\nstopped\"\n"
        );
        assert_eq!(write(std::slice::from_ref(&e)), want);
    }

    fn tenths(max: u32) -> impl Strategy<Value = f64> {
        (0..=max).prop_map(|t| f64::from(t) / 10.0)
    }

    fn free_text() -> impl Strategy<Value = Option<String>> {
        "[a-zA-Z0-9 ,;\"'#.\n\\-éü痛]{0,30}"
            .prop_map(|s| Some(s.trim().to_string()).filter(|s| !s.is_empty()))
    }

    fn time_of_day() -> impl Strategy<Value = TimeOfDay> {
        prop_oneof![
            Just(TimeOfDay::Morning),
            Just(TimeOfDay::Evening),
            (0u16..1440).prop_map(TimeOfDay::At)
        ]
    }

    fn diary_entry() -> impl Strategy<Value = DiaryEntry> {
        let date = (1000i32..=9999, 1u32..=12, 1u32..=31)
            .prop_filter_map("real day", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d));
        let flags = any::<[bool; 4]>().prop_map(|[a, b, c, d]| RedFlags {
            numbness: a,
            weakness: b,
            bladder_bowel: c,
            fever: d,
        });
        let pain = tenths(100).prop_filter_map("in range", Pain::new);
        let optionals = (
            proptest::option::of(time_of_day()),
            proptest::option::of(tenths(6000)),
        );
        (
            date,
            pain,
            optionals,
            free_text(),
            proptest::option::of(tenths(100)),
            free_text(),
            flags,
        )
            .prop_map(
                |(date, pain, (time, stiffness_min), location, rpe, notes, red_flags)| DiaryEntry {
                    line: 0,
                    date,
                    time,
                    pain,
                    stiffness_min,
                    location,
                    rpe,
                    notes,
                    red_flags,
                },
            )
    }

    /// Each written row starts one line after the previous one ended.
    fn expected_lines(entries: &[DiaryEntry]) -> Vec<usize> {
        let breaks = |s: &Option<String>| s.as_deref().map_or(0, |s| s.matches('\n').count());
        let mut line = 2;
        entries
            .iter()
            .map(|e| {
                let start = line;
                line += 1 + breaks(&e.location) + breaks(&e.notes);
                start
            })
            .collect()
    }

    proptest! {
        #[test]
        fn write_then_parse_round_trips(entries in proptest::collection::vec(diary_entry(), 0..20)) {
            let d = parse(write(&entries).as_bytes(), "pain.csv").expect("own output parses");
            prop_assert!(d.problems.is_empty(), "{:?}", d.problems);
            prop_assert!(d.ignored_columns.is_empty());
            let mut want = entries.clone();
            for (e, line) in want.iter_mut().zip(expected_lines(&entries)) {
                e.line = line;
            }
            prop_assert_eq!(d.entries, want);
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = parse(&bytes, "fuzz.csv");
        }

        #[test]
        fn csv_like_noise_never_panics_and_lines_stay_in_the_file(
            body in proptest::collection::vec(
                prop::sample::select(b"0123456789-/.:,;\"#\r\n yesnoTmorningPAIN\xEF\xBB\xBF\xC3\xA9".to_vec()),
                0..300,
            ),
            header in prop::sample::select(vec![HEADER, "date;pain;notes", "Pain,DATE,fever", "notes,date,pain,extra"]),
        ) {
            let mut bytes = format!("{header}\n").into_bytes();
            bytes.extend(body);
            if let Ok(d) = parse(&bytes, "fuzz.csv") {
                let file_lines = 1 + bytes.iter().filter(|&&b| b == b'\n' || b == b'\r').count();
                let mut seen: Vec<usize> = d.entries.iter().map(|e| e.line).collect();
                seen.extend(d.problems.iter().map(|p| p.line));
                prop_assert!(seen.iter().all(|&l| (2..=file_lines).contains(&l)), "{seen:?}");
                let entry_lines: Vec<usize> = d.entries.iter().map(|e| e.line).collect();
                prop_assert!(entry_lines.windows(2).all(|w| w[0] < w[1]), "{entry_lines:?}");
            }
        }
    }
}
