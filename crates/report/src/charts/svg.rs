//! The charts as SVG, for `report.pdf`: the same drawing functions as the
//! PNGs, on plotters' `SVGBackend`, with text placed where the PNG has it.
//!
//! plotters' SVG text is not where its bitmap text is: the SVG writes the
//! font size as `size / 1.24` ems, while the bitmap (ab_glyph) scales the
//! font so that ascent − descent is `size` pixels (DejaVu Sans: 1.164 ems),
//! and the SVG guesses the vertical anchor with `dy` in ems and exes where
//! the bitmap puts the baseline `size / 2` below the text box's top. So
//! [`SvgCanvas`] hands the SVG backend each text with the bitmap's em size
//! and its baseline worked out as the bitmap does, anchored top-left with
//! the SVG's own `0.76em` taken back off. Labels then line up with the
//! bars, marks and swatches that were measured for the PNG.

use super::style::{BOLD, HEIGHT, REGULAR, WIDTH};
use super::{Area, Canvas, Res};
use plotters::prelude::*;
use plotters_backend::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontFamily,
    FontStyle, FontTransform,
};
use std::sync::OnceLock;

/// The `dy` plotters' SVG backend gives top-anchored text, in ems.
const SVG_TOP_DY: f64 = 0.76;
/// plotters' SVG backend writes `font-size` as the style's size over this.
const SVG_SIZE_DIVISOR: f64 = 1.24;

/// Draw on a blank 1600×900 SVG canvas (the PNGs' size, in user units).
pub(super) fn to_svg(draw: impl FnOnce(&Area<SvgCanvas<'_>>) -> Res) -> Result<String, String> {
    let mut svg = String::new();
    {
        let backend = SvgCanvas(SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)));
        let root = backend.into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        draw(&root).map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

/// plotters' SVG backend with text placed as on the bitmap.
pub(super) struct SvgCanvas<'a>(SVGBackend<'a>);

impl Canvas for SvgCanvas<'_> {
    const PER_GLYPH: bool = false;
}

/// Ems per ab_glyph "pixel size" of the embedded fonts: units per em over
/// ascent − descent.
fn em_per_px(style: FontStyle) -> f64 {
    static RATIOS: OnceLock<(f64, f64)> = OnceLock::new();
    let (regular, bold) = *RATIOS.get_or_init(|| {
        use ab_glyph::Font;
        let ratio = |data| {
            ab_glyph::FontRef::try_from_slice(data)
                .ok()
                .and_then(|f| {
                    let em = f64::from(f.units_per_em()?);
                    let height = f64::from(f.height_unscaled());
                    (height > 0.0).then(|| em / height)
                })
                .unwrap_or(1.0 / SVG_SIZE_DIVISOR)
        };
        (ratio(REGULAR), ratio(BOLD))
    });
    match style {
        FontStyle::Bold => bold,
        _ => regular,
    }
}

/// A text style with another size and a top-left anchor.
struct Placed<'s, S> {
    inner: &'s S,
    size: f64,
}

impl<S: BackendTextStyle> BackendTextStyle for Placed<'_, S> {
    type FontError = S::FontError;

    fn color(&self) -> BackendColor {
        self.inner.color()
    }

    fn size(&self) -> f64 {
        self.size
    }

    fn transform(&self) -> FontTransform {
        self.inner.transform()
    }

    fn style(&self) -> FontStyle {
        self.inner.style()
    }

    fn anchor(&self) -> Pos {
        Pos::new(HPos::Left, VPos::Top)
    }

    fn family(&self) -> FontFamily<'_> {
        self.inner.family()
    }

    fn layout_box(&self, text: &str) -> Result<((i32, i32), (i32, i32)), Self::FontError> {
        self.inner.layout_box(text)
    }

    fn draw<E, F: FnMut(i32, i32, BackendColor) -> Result<(), E>>(
        &self,
        text: &str,
        pos: BackendCoord,
        draw: F,
    ) -> Result<Result<(), E>, Self::FontError> {
        self.inner.draw(text, pos, draw)
    }
}

impl DrawingBackend for SvgCanvas<'_> {
    type ErrorType = <SVGBackend<'static> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        // plotters' SVG outlines a rectangle 1 unit wide whatever the
        // style says (the flagged week's 4 px frame): draw it as a path.
        if !fill && style.stroke_width() > 1 {
            let ((x0, y0), (x1, y1)) = (upper_left, bottom_right);
            let corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0), (x1, y0)];
            return self.0.draw_path(corners, style);
        }
        self.0.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.fill_polygon(vert, style)
    }

    /// The text where the bitmap backend puts it: `dx` and the baseline
    /// `size / 2` below the anchored box's top, in the text's own
    /// (possibly rotated) frame, at the bitmap's em size.
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let ((min_x, min_y), (max_x, max_y)) = style
            .layout_box(text)
            .map_err(|e| DrawingErrorKind::FontError(Box::new(e)))?;
        let (width, height) = (max_x - min_x, max_y - min_y);
        let dx = match style.anchor().h_pos {
            HPos::Left => 0,
            HPos::Right => -width,
            HPos::Center => -width / 2,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0,
            VPos::Center => -height / 2,
            VPos::Bottom => -height,
        };
        let em = style.size() * em_per_px(style.style());
        let baseline = f64::from(dy - min_y) + style.size() / 2.0;
        let top = (baseline - SVG_TOP_DY * em).round() as i32;
        let (ox, oy) = style.transform().transform(dx - min_x, top);
        let placed = Placed {
            inner: style,
            size: em * SVG_SIZE_DIVISOR,
        };
        self.0.draw_text(text, &placed, (pos.0 + ox, pos.1 + oy))
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        (iw, ih): (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.blit_bitmap(pos, (iw, ih), src)
    }
}
