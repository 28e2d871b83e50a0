//! The legend under each chart's title.

use super::style::{LEGEND_PX, LEGEND_Y, MARGIN, WIDTH, anchor, bold, font};
use super::text::put_text;
use super::{Area, Canvas, Res};
use plotters::prelude::*;
use plotters::style::RGBAColor;
use plotters::style::text_anchor::{HPos, VPos};

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Mark {
    None,
    Circle,
    Triangle,
}

#[derive(Clone, Copy)]
pub(super) enum Swatch {
    Bar(RGBAColor),
    Line {
        color: RGBColor,
        width: u32,
        dashed: bool,
        mark: Mark,
    },
    Mark(Mark, RGBColor),
    Glyph(&'static str, RGBColor),
    /// Like `Glyph`, in the regular weight.
    Word(&'static str, RGBColor),
}

const SWATCH_W: i32 = 52;

fn swatch_width<DB: Canvas>(root: &Area<DB>, s: &Swatch) -> Res<i32> {
    Ok(match s {
        Swatch::Glyph(g, _) => root.estimate_text_size(g, &bold(LEGEND_PX))?.0 as i32,
        Swatch::Word(g, _) => root.estimate_text_size(g, &font(LEGEND_PX))?.0 as i32,
        Swatch::Mark(..) => 24,
        _ => SWATCH_W,
    })
}

fn draw_mark<DB: Canvas>(
    root: &Area<DB>,
    mark: Mark,
    at: (i32, i32),
    size: i32,
    color: RGBColor,
) -> Res {
    match mark {
        Mark::None => {}
        Mark::Circle => root.draw(&Circle::new(at, size, color.filled()))?,
        Mark::Triangle => root.draw(&TriangleMarker::new(at, size + 2, color.filled()))?,
    }
    Ok(())
}

/// Draw a horizontal legend centred under the title, wrapping to more rows
/// when needed; returns the y just below it.
pub(super) fn legend<DB: Canvas>(root: &Area<DB>, items: &[(Swatch, String)]) -> Res<i32> {
    let style = font(LEGEND_PX);
    let (gap, between, row_h) = (10, 40, 38);
    let mut widths = Vec::with_capacity(items.len());
    for (s, label) in items {
        widths
            .push(swatch_width(root, s)? + gap + root.estimate_text_size(label, &style)?.0 as i32);
    }
    let max_w = WIDTH as i32 - 2 * MARGIN;
    let mut rows: Vec<Vec<usize>> = vec![Vec::new()];
    let mut row_w = 0;
    for (i, w) in widths.iter().enumerate() {
        let last = rows.len() - 1;
        if !rows[last].is_empty() && row_w + between + w > max_w {
            rows.push(Vec::new());
            row_w = 0;
        }
        let last = rows.len() - 1;
        row_w += if rows[last].is_empty() {
            *w
        } else {
            between + w
        };
        rows[last].push(i);
    }
    let mut y = LEGEND_Y;
    for row in &rows {
        let total: i32 =
            row.iter().map(|&i| widths[i]).sum::<i32>() + between * (row.len() as i32 - 1).max(0);
        let mut x = (WIDTH as i32 - total) / 2;
        let yc = y + row_h / 2;
        for &i in row {
            let (s, label) = &items[i];
            let sw = swatch_width(root, s)?;
            match *s {
                Swatch::Bar(c) => {
                    root.draw(&Rectangle::new(
                        [(x, yc - 12), (x + sw, yc + 12)],
                        c.filled(),
                    ))?;
                }
                Swatch::Line {
                    color,
                    width,
                    dashed,
                    mark,
                } => {
                    if dashed {
                        for k in 0..3 {
                            let x0 = x + k * 20;
                            let seg = vec![(x0, yc), ((x0 + 12).min(x + sw), yc)];
                            root.draw(&PathElement::new(seg, color.stroke_width(width)))?;
                        }
                    } else {
                        let seg = vec![(x, yc), (x + sw, yc)];
                        root.draw(&PathElement::new(seg, color.stroke_width(width)))?;
                    }
                    draw_mark(root, mark, (x + sw / 2, yc), 8, color)?;
                }
                Swatch::Mark(mark, color) => draw_mark(root, mark, (x + sw / 2, yc), 9, color)?,
                Swatch::Glyph(g, color) => {
                    let st = bold(LEGEND_PX)
                        .color(&color)
                        .pos(anchor(HPos::Left, VPos::Center));
                    put_text(root, g, (x, yc), &st)?;
                }
                Swatch::Word(g, color) => {
                    let st = font(LEGEND_PX)
                        .color(&color)
                        .pos(anchor(HPos::Left, VPos::Center));
                    put_text(root, g, (x, yc), &st)?;
                }
            }
            let st = style.pos(anchor(HPos::Left, VPos::Center));
            put_text(root, label, (x + sw + gap, yc), &st)?;
            x += widths[i] + between;
        }
        y += row_h;
    }
    Ok(y + 6)
}
