//! The embedded fonts, shaping, and breaking text into lines.
//!
//! Text is DejaVu Sans, regular and bold, the files the charts use. It is
//! shaped with rustybuzz, the shaper krilla and usvg use, so the widths that
//! decide line breaks are the widths drawn.

use krilla::text::{Font, GlyphId, KrillaGlyph};
use std::borrow::Cow;
use std::sync::{Arc, Mutex};

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// A font as both halves of the job need it: krilla's handle, which embeds
/// it, and rustybuzz's, which measures and shapes.
pub(super) struct Face {
    pub(super) pdf: Font,
    shaper: rustybuzz::Face<'static>,
    /// Shape plans by (direction, script, language). Building a plan is
    /// most of the cost of shaping a short string, and a report shapes
    /// thousands of them (a five-year report: 74 pages, 0.8 s without this).
    plans: Mutex<Vec<(PlanKey, rustybuzz::ShapePlan)>>,
    units_per_em: f32,
    /// Ascent in ems: from a line's top to its baseline.
    pub(super) ascent: f32,
}

impl Face {
    fn load(data: &'static [u8]) -> Result<Face, String> {
        let bad = || "the embedded DejaVu Sans font could not be read".to_string();
        let pdf = Font::new(data.into(), 0).ok_or_else(bad)?;
        let shaper = rustybuzz::Face::from_slice(data, 0).ok_or_else(bad)?;
        let units_per_em = (shaper.units_per_em() as f32).max(1.0);
        let ascent = f32::from(shaper.ascender()) / units_per_em;
        Ok(Face {
            pdf,
            shaper,
            plans: Mutex::new(Vec::new()),
            units_per_em,
            ascent,
        })
    }

    /// What `rustybuzz::shape` does, with the plan reused.
    fn shaped(&self, text: &str) -> rustybuzz::GlyphBuffer {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let key = PlanKey {
            direction: buffer.direction(),
            script: Some(buffer.script()).filter(|s| *s != rustybuzz::script::UNKNOWN),
            language: buffer.language(),
        };
        let mut plans = self.plans.lock().unwrap_or_else(|p| p.into_inner());
        let i = match plans.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                let plan = rustybuzz::ShapePlan::new(
                    &self.shaper,
                    key.direction,
                    key.script,
                    key.language.as_ref(),
                    &[],
                );
                plans.push((key, plan));
                plans.len() - 1
            }
        };
        rustybuzz::shape_with_plan(&self.shaper, &plans[i].1, buffer)
    }

    /// The glyphs of one line of text, left to right, with the byte range of
    /// the text each one stands for (what makes the text extractable).
    pub(super) fn shape(&self, text: &str) -> Vec<KrillaGlyph> {
        let output = self.shaped(text);
        let mut clusters: Vec<usize> = output
            .glyph_infos()
            .iter()
            .map(|i| i.cluster as usize)
            .collect();
        clusters.sort_unstable();
        clusters.dedup();
        let em = self.units_per_em;
        output
            .glyph_infos()
            .iter()
            .zip(output.glyph_positions())
            .map(|(info, pos)| {
                let start = info.cluster as usize;
                let next = clusters.partition_point(|&c| c <= start);
                let end = clusters.get(next).copied().unwrap_or(text.len());
                KrillaGlyph::new(
                    GlyphId::new(info.glyph_id),
                    pos.x_advance as f32 / em,
                    pos.x_offset as f32 / em,
                    pos.y_offset as f32 / em,
                    pos.y_advance as f32 / em,
                    start..end,
                    None,
                )
            })
            .collect()
    }

    /// The width of `text` in points at `size`, as shaped.
    pub(super) fn width(&self, text: &str, size: f32) -> f32 {
        let output = self.shaped(text);
        let units: i32 = output.glyph_positions().iter().map(|p| p.x_advance).sum();
        units as f32 / self.units_per_em * size
    }

    /// The advance of one character alone (for breaking a word that is
    /// wider than the line, where shaping every prefix would be quadratic).
    fn advance(&self, c: char, size: f32) -> f32 {
        let glyph = self.shaper.glyph_index(c).unwrap_or_default();
        let units = self.shaper.glyph_hor_advance(glyph).unwrap_or(0);
        f32::from(units) / self.units_per_em * size
    }
}

/// What a shape plan depends on (besides the face and features, fixed here).
#[derive(PartialEq)]
struct PlanKey {
    direction: rustybuzz::Direction,
    script: Option<rustybuzz::Script>,
    language: Option<rustybuzz::Language>,
}

/// The embedded fonts, and the font database usvg resolves chart text in.
pub(super) struct Fonts {
    pub(super) regular: Face,
    pub(super) bold: Face,
    pub(super) svg: Arc<usvg::fontdb::Database>,
}

impl Fonts {
    pub(super) fn load() -> Result<Fonts, String> {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(REGULAR.to_vec());
        db.load_font_data(BOLD.to_vec());
        // plotters writes the generic family; map it, and any family usvg
        // does not find, to the embedded font. No system fonts are loaded.
        db.set_sans_serif_family("DejaVu Sans");
        Ok(Fonts {
            regular: Face::load(REGULAR)?,
            bold: Face::load(BOLD)?,
            svg: Arc::new(db),
        })
    }

    pub(super) fn face(&self, bold: bool) -> &Face {
        if bold { &self.bold } else { &self.regular }
    }
}

/// Control characters (tabs, carriage returns) as spaces, `\n` kept: the
/// font has no glyph for them and they would show as boxes.
pub(super) fn clean(text: &str) -> Cow<'_, str> {
    if text.chars().any(|c| c.is_control() && c != '\n') {
        let spaced = text
            .chars()
            .map(|c| if c.is_control() && c != '\n' { ' ' } else { c });
        Cow::Owned(spaced.collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// A piece of a line in one weight.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Span {
    pub(super) bold: bool,
    pub(super) text: String,
}

/// `text` broken into lines no wider than `width` points: at spaces, at
/// `\n`, and inside a word only when the word alone is wider than a line.
/// Always at least one line (an empty one for empty text).
pub(super) fn wrap(face: &Face, size: f32, text: &str, width: f32) -> Vec<String> {
    let space = face.width(" ", size);
    clean(text)
        .split('\n')
        .flat_map(|hard_line| {
            let words = crate::glue::glue(hard_line.split_whitespace());
            let words = words.into_iter().map(|w| (face, false, w));
            break_lines(words, space, size, width)
        })
        // One weight: each line is a single span.
        .map(|spans| spans.into_iter().map(|s| s.text).collect())
        .collect()
}

/// Runs of bold and regular text (e.g. "**Load:** 1 020 a.u. …") broken
/// into lines no wider than `width`, as [`wrap`] does; `\n` is a space.
pub(super) fn wrap_spans(
    fonts: &Fonts,
    size: f32,
    spans: &[(bool, &str)],
    width: f32,
) -> Vec<Vec<Span>> {
    let words = spans.iter().flat_map(|&(bold, text)| {
        let words = crate::glue::glue(clean(text).split_whitespace());
        words.into_iter().map(move |w| (fonts.face(bold), bold, w))
    });
    let space = fonts.regular.width(" ", size);
    break_lines(words, space, size, width)
}

/// Words (each with its face and weight) into lines of spans no wider than
/// `width`; a word alone wider than a line is broken by [`break_word`].
/// Always at least one line.
fn break_lines<'f, W: AsRef<str>>(
    words: impl IntoIterator<Item = (&'f Face, bool, W)>,
    space: f32,
    size: f32,
    width: f32,
) -> Vec<Vec<Span>> {
    let mut lines: Vec<Vec<Span>> = Vec::new();
    let mut line: Vec<Span> = Vec::new();
    let mut line_width = 0.0;
    for (face, bold, word) in words {
        let word = word.as_ref();
        let w = face.width(word, size);
        if !line.is_empty() && line_width + space + w <= width {
            match line.last_mut() {
                Some(last) if last.bold == bold => {
                    last.text.push(' ');
                    last.text.push_str(word);
                }
                _ => line.push(Span {
                    bold,
                    text: format!(" {word}"),
                }),
            }
            line_width += space + w;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let mut pieces = if w <= width {
            vec![word.to_string()]
        } else {
            break_word(face, size, word, width)
        };
        let last = pieces.pop().unwrap_or_default();
        line_width = face.width(&last, size);
        lines.extend(pieces.into_iter().map(|text| vec![Span { bold, text }]));
        line.push(Span { bold, text: last });
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A word wider than `width` in pieces that fit: after the last `-`, `/`,
/// `_` or `.` that fits (file names, ISO weeks), else between characters.
/// Each piece has at least one character, so a column narrower than a
/// letter still makes progress.
fn break_word(face: &Face, size: f32, word: &str, width: f32) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut piece = String::new();
    let mut piece_width = 0.0;
    // Where the piece may be cut softly: byte offset and width before it.
    let mut soft: Option<(usize, f32)> = None;
    for c in word.chars() {
        let w = face.advance(c, size);
        if !piece.is_empty() && piece_width + w > width {
            if let Some((at, before)) = soft.take() {
                let rest = piece.split_off(at);
                pieces.push(std::mem::replace(&mut piece, rest));
                piece_width -= before;
            }
            if !piece.is_empty() && piece_width + w > width {
                pieces.push(std::mem::take(&mut piece));
                piece_width = 0.0;
            }
        }
        piece.push(c);
        piece_width += w;
        if matches!(c, '-' | '/' | '_' | '.') {
            soft = Some((piece.len(), piece_width));
        }
    }
    pieces.push(piece);
    pieces
}

/// plotters' SVG as a usvg tree whose text uses the embedded fonts only.
pub(super) fn parse_svg(svg: &str, fonts: &Fonts) -> Result<usvg::Tree, String> {
    let options = usvg::Options {
        font_family: "DejaVu Sans".to_string(),
        fontdb: fonts.svg.clone(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())
}
