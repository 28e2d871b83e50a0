//! What frames a plot: the title, the caption of an empty plot, notes.

use super::axes::Axis;
use super::style::{
    DESC_PX, HEIGHT, LEGEND_Y, MARGIN, MUTED, NOTE_PX, OI_GREY, TITLE_PX, TITLE_Y, WIDTH, X_AREA,
    Y_AREA, anchor, bold, font,
};
use super::text::put_text;
use super::view::View;
use super::{Area, Canvas, Res};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

pub(super) fn title<DB: Canvas>(root: &Area<DB>, text: &str) -> Res {
    let style = bold(TITLE_PX).pos(anchor(HPos::Center, VPos::Top));
    put_text(root, text, (WIDTH as i32 / 2, TITLE_Y), &style)?;
    Ok(())
}

/// A framed empty plot with a caption, for periods without data.
pub(super) fn no_data<DB: Canvas>(root: &Area<DB>, v: &View<'_>, what: &str) -> Res {
    let (x0, y0, x1, y1) = (
        MARGIN + Y_AREA,
        LEGEND_Y + 20,
        WIDTH as i32 - MARGIN - Y_AREA,
        HEIGHT as i32 - MARGIN - X_AREA,
    );
    root.draw(&Rectangle::new(
        [(x0, y0), (x1, y1)],
        OI_GREY.stroke_width(2),
    ))?;
    let cx = (x0 + x1) / 2;
    let cy = (y0 + y1) / 2;
    let big = font(32.0)
        .color(&MUTED)
        .pos(anchor(HPos::Center, VPos::Bottom));
    put_text(root, "No data in this period", (cx, cy - 8), &big)?;
    let small = font(DESC_PX)
        .color(&MUTED)
        .pos(anchor(HPos::Center, VPos::Top));
    put_text(
        root,
        &format!("{} · {what}", v.period()),
        (cx, cy + 8),
        &small,
    )?;
    Ok(())
}

/// A grey note in the top-left corner of the plot.
pub(super) fn note_in_plot<DB: Canvas>(
    root: &Area<DB>,
    ax: &Axis<'_>,
    top: i32,
    text: &str,
) -> Res {
    let st = font(NOTE_PX)
        .color(&MUTED)
        .pos(anchor(HPos::Left, VPos::Top));
    put_text(root, text, (ax.left + 12, top + 26), &st)?;
    Ok(())
}
