//! The look shared by every chart: the canvas size, the Okabe–Ito colours,
//! font sizes and positions, and the embedded DejaVu Sans font.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontStyle, register_font};
use std::sync::OnceLock;

/// Width and height of every chart, in pixels.
pub(super) const WIDTH: u32 = 1600;
pub(super) const HEIGHT: u32 = 900;

// Okabe & Ito (2008), "Color Universal Design".
pub(super) const OI_BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
pub(super) const OI_ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
pub(super) const OI_VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
pub(super) const OI_GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
pub(super) const OI_SKY: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
pub(super) const OI_PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
pub(super) const OI_GREY: RGBColor = RGBColor(0x99, 0x99, 0x99);
/// Text and axes.
pub(super) const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Secondary text (notes, captions).
pub(super) const MUTED: RGBColor = RGBColor(0x55, 0x55, 0x55);
/// The bluish green darkened for text on a light-green band.
pub(super) const GREEN_TEXT: RGBColor = RGBColor(0x00, 0x6B, 0x4E);
pub(super) const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);

pub(super) const TITLE_PX: f64 = 40.0;
pub(super) const DESC_PX: f64 = 26.0;
pub(super) const TICK_PX: f64 = 24.0;
pub(super) const LEGEND_PX: f64 = 24.0;
pub(super) const NOTE_PX: f64 = 22.0;

pub(super) const TITLE_Y: i32 = 22;
pub(super) const LEGEND_Y: i32 = 90;
pub(super) const MARGIN: i32 = 30;
/// Room under the plot for two lines of tick labels and the axis title.
pub(super) const X_AREA: i32 = 125;
pub(super) const Y_AREA: i32 = 120;
/// Half the width of a bar, in x units (one unit per week or day).
const BAR: f64 = 0.36;

pub(super) const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
pub(super) const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// Register the embedded fonts as plotters' "sans-serif", once.
pub(super) fn fonts() -> Result<(), String> {
    static DONE: OnceLock<Result<(), String>> = OnceLock::new();
    DONE.get_or_init(|| {
        let bad = |_| "the embedded DejaVu Sans font could not be read".to_string();
        register_font("sans-serif", FontStyle::Normal, REGULAR).map_err(bad)?;
        register_font("sans-serif", FontStyle::Bold, BOLD).map_err(bad)
    })
    .clone()
}

pub(super) fn font(px: f64) -> TextStyle<'static> {
    TextStyle::from((FontFamily::SansSerif, px)).color(&INK)
}

pub(super) fn bold(px: f64) -> TextStyle<'static> {
    TextStyle::from((FontFamily::SansSerif, px, FontStyle::Bold)).color(&INK)
}

pub(super) fn anchor(h: HPos, v: VPos) -> Pos {
    Pos::new(h, v)
}

/// The half-width of bars for `n` slots: `BAR`, but at most about 65 px.
pub(super) fn bar_half(n: usize) -> f64 {
    let plot_w = (WIDTH as i32 - 2 * MARGIN - 2 * Y_AREA) as f64;
    BAR.min(65.0 * n.max(1) as f64 / plot_w)
}
