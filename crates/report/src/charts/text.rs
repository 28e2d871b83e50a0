//! Text drawn glyph by glyph, each at the place the embedded font gives it.

use super::style::{BOLD, REGULAR, anchor};
use super::{Area, Canvas, Res};
use plotters::prelude::*;
use plotters::style::FontStyle;
use plotters::style::text_anchor::HPos;
use std::sync::OnceLock;

/// Draw `text` with `style` (its anchor included) so that every glyph sits
/// where the font puts it.
///
/// On a vector canvas (the SVG for report.pdf) the string is drawn whole:
/// the PDF's text shaping places every glyph, and the text stays one piece
/// to select and search.
///
/// plotters 0.3.7's ab_glyph text drawing places each glyph's ink at the pen
/// position and drops the glyph's left side bearing, so glyphs whose bearing
/// is unusual sit 1–3 px off ("19  Jan", "J" has a negative bearing). Here
/// each glyph is drawn on its own at the pen position plotters measures,
/// plus the bearing read from the embedded font.
pub(super) fn put_text<DB: Canvas>(
    root: &Area<DB>,
    text: &str,
    at: (i32, i32),
    style: &TextStyle<'_>,
) -> Res {
    let bold = matches!(style.font.get_style(), FontStyle::Bold);
    let bearings = if DB::PER_GLYPH {
        Bearings::get(bold)
    } else {
        None
    };
    let Some(m) = bearings else {
        root.draw(&Text::new(text, at, style.clone()))?;
        return Ok(());
    };
    let px = style.font.get_size();
    let total = root.estimate_text_size(text, style)?.0 as i32;
    let x0 = match style.pos.h_pos {
        HPos::Left => at.0,
        HPos::Center => at.0 - total / 2,
        HPos::Right => at.0 - total,
    };
    let glyph_style = style.pos(anchor(HPos::Left, style.pos.v_pos));
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            continue;
        }
        let end = i + c.len_utf8();
        let upto = root.estimate_text_size(&text[..end], style)?.0 as i32;
        let own = root.estimate_text_size(&text[i..end], style)?.0 as i32;
        let x = x0 + upto - own + m.shift(c, px);
        root.draw(&Text::new(&text[i..end], (x, at.1), glyph_style.clone()))?;
    }
    Ok(())
}

/// Left side bearings of an embedded font, through ab_glyph (the crate
/// plotters draws with), so both agree on the font's units.
struct Bearings {
    font: ab_glyph::FontRef<'static>,
}

impl Bearings {
    fn get(bold: bool) -> Option<&'static Bearings> {
        static FONTS: OnceLock<(Option<Bearings>, Option<Bearings>)> = OnceLock::new();
        let parse = |data| {
            ab_glyph::FontRef::try_from_slice(data)
                .ok()
                .map(|font| Bearings { font })
        };
        let (regular, heavy) = FONTS.get_or_init(|| (parse(REGULAR), parse(BOLD)));
        if bold {
            heavy.as_ref()
        } else {
            regular.as_ref()
        }
    }

    /// Whole pixels to move `c` right at `px`: its bearing, floored the way
    /// ab_glyph floors the glyph's pixel bounds. ab_glyph scales font units
    /// by px / (ascent − descent).
    fn shift(&self, c: char, px: f64) -> i32 {
        use ab_glyph::Font;
        // Only the Basic Multilingual Plane, where every label runlog draws
        // lives; anything else is drawn as plotters places it.
        if u32::from(c) > 0xFFFF {
            return 0;
        }
        let g = self.font.glyph_id(c);
        let height = self.font.height_unscaled() as f64;
        if g.0 == 0 || height <= 0.0 {
            return 0;
        }
        (self.font.h_side_bearing_unscaled(g) as f64 * px / height).floor() as i32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_bearings_come_from_the_embedded_font() {
        let m = Bearings::get(false).expect("DejaVu Sans metrics");
        // DejaVu Sans: "J" has a negative left side bearing (−106 of 2384
        // units), "a" a positive one (123).
        assert_eq!(m.shift('J', 24.0), -2);
        assert_eq!(m.shift('a', 24.0), 1);
        assert_eq!(
            m.shift('\u{1F600}', 24.0),
            0,
            "outside the BMP: no correction"
        );
        assert!(Bearings::get(true).is_some());
    }
}
