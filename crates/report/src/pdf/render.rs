//! The laid-out pages written as a PDF with krilla.
//!
//! krilla embeds each font as a subset with a ToUnicode map, so the text
//! can be selected, searched and extracted (`pdftotext`). Charts are
//! plotters' SVG, parsed by usvg with a font database that holds the two
//! embedded fonts and nothing from the system, and drawn by krilla-svg as
//! vector paths with the chart's text as real text.

use super::layout::{Area, Item, Rgb};
use super::text::Fonts;
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{Path, PathBuilder, Point, Rect, Size, Transform};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, Stroke};
use krilla::surface::Surface;
use krilla_svg::{SurfaceExt, SvgSettings};
use runlog_core::config::Paper;

/// The pages as a PDF. No creation date: the same report gives
/// byte-identical PDFs.
pub(super) fn render(
    fonts: &Fonts,
    paper: Paper,
    title: &str,
    pages: Vec<Vec<Item>>,
) -> Result<Vec<u8>, String> {
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(title.to_string())
            .language("en".to_string())
            .creator("runlog".to_string()),
    );
    let (w, h) = paper.size_pt();
    for items in &pages {
        let settings = PageSettings::from_wh(w, h).ok_or("invalid paper size")?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for item in items {
            draw(&mut surface, fonts, item);
        }
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| format!("cannot write the PDF: {e:?}"))
}

fn draw(surface: &mut Surface<'_>, fonts: &Fonts, item: &Item) {
    match item {
        Item::Text {
            x,
            y,
            text,
            style,
            clip,
        } => {
            let face = fonts.face(style.bold);
            let glyphs = face.shape(text);
            let clip = clip.and_then(rect_path);
            if let Some(path) = &clip {
                surface.push_clip_path(path, &FillRule::NonZero);
            }
            surface.set_fill(Some(fill(style.color)));
            surface.set_stroke(None);
            let at = Point::from_xy(*x, *y);
            surface.draw_glyphs(at, &glyphs, face.pdf.clone(), text, style.size, false);
            if clip.is_some() {
                surface.pop();
            }
        }
        Item::Fill { area, color } => {
            if let Some(path) = rect_path(*area) {
                surface.set_fill(Some(fill(*color)));
                surface.set_stroke(None);
                surface.draw_path(&path);
            }
        }
        Item::Rule { x, y, width, color } => {
            let mut path = PathBuilder::new();
            path.move_to(*x, *y);
            path.line_to(x + width, *y);
            if let Some(path) = path.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    paint: rgb::Color::new(color.0, color.1, color.2).into(),
                    width: 0.5,
                    ..Stroke::default()
                }));
                surface.draw_path(&path);
            }
        }
        Item::Chart { area, tree } => {
            if let Some(size) = Size::from_wh(area.w, area.h) {
                surface.push_transform(&Transform::from_translate(area.x, area.y));
                surface.draw_svg(tree, size, SvgSettings::default());
                surface.pop();
            }
        }
    }
}

fn rect_path(a: Area) -> Option<Path> {
    let mut path = PathBuilder::new();
    path.push_rect(Rect::from_xywh(a.x, a.y, a.w, a.h)?);
    path.finish()
}

fn fill(color: Rgb) -> Fill {
    Fill {
        paint: rgb::Color::new(color.0, color.1, color.2).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }
}
