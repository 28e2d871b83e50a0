//! Tables: column widths that never add up to more than the text width,
//! cells that wrap, rows that continue on the next page under a repeat of
//! the header.

use super::layout::{Area, BODY, Flow, INK, Item, PAD, RULE, Rgb, Style, tint_fill};
use super::text::{Face, Fonts, clean, wrap};

/// How a table row is marked, as the page marks it (`tr.flag`, `tr.jump`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tint {
    #[default]
    None,
    /// A flagged week: load jump followed by a pain spike.
    Flag,
    /// A load-jump week.
    Jump,
}

const HEAD_FILL: Rgb = (0xE6, 0xEC, 0xF2);
const ZEBRA: Rgb = (0xF7, 0xF7, 0xF7);

const CELL: Style = Style {
    size: 8.0,
    bold: false,
    color: INK,
};
/// Table text sizes, largest first: a wide table gets smaller text before
/// its words are broken.
pub(super) const CELL_SIZES: [f32; 5] = [8.0, 7.5, 7.0, 6.5, 6.0];
/// The smallest text size a table is shrunk to so that fewer cells wrap.
const MIN_UNWRAPPED_SIZE: f32 = 7.0;
/// The most of the text width that a column's longest word may claim.
const MAX_WORD_SHARE: f32 = 0.3;
/// A table header repeats on later pages only when it takes at most this
/// share of the text height (a huge header would leave no room for rows).
const MAX_REPEATED_HEADER: f32 = 0.25;

/// Where a table's columns are: left edge, widths, alignment.
struct Grid {
    left: f32,
    widths: Vec<f32>,
    right: Vec<bool>,
}

/// A table row's wrapped cells.
#[derive(Debug, Clone)]
struct Row {
    lines: Vec<Vec<String>>,
    style: Style,
    fill: Option<Rgb>,
}

impl Row {
    fn line_count(&self) -> usize {
        self.lines.iter().map(Vec::len).max().unwrap_or(1).max(1)
    }

    fn height(&self) -> f32 {
        self.line_count() as f32 * self.style.leading() + 2.0 * PAD
    }
}

impl Flow<'_> {
    pub(super) fn table(&mut self, header: &[String], rows: &[Vec<String>], tints: &[Tint]) {
        let columns = header
            .len()
            .max(rows.iter().map(Vec::len).max().unwrap_or(0));
        if columns == 0 {
            return;
        }
        let extent = Extent::measure(self.fonts, header, rows, columns);
        let (size, widths) = table_grid(&extent, self.frame.width);
        let body = Style { size, ..CELL };
        let bold = Style { bold: true, ..body };
        let grid = Grid {
            left: self.frame.left,
            widths,
            right: numeric_columns(rows, columns),
        };
        let head = (!header.is_empty()).then(|| self.row(&grid, header, bold, Some(HEAD_FILL)));
        let repeat = head
            .clone()
            .filter(|h| h.height() <= MAX_REPEATED_HEADER * self.frame.height());
        self.gap(4.0);
        if let Some(head) = &head {
            // A header is never the last thing on a page.
            self.need(head.height() + body.leading() + 2.0 * PAD);
            self.place_row(&grid, head, None);
        }
        for (i, cells) in rows.iter().enumerate() {
            let tint = tints.get(i).copied().unwrap_or_default();
            let fill = tint_fill(tint).or((i % 2 == 1).then_some(ZEBRA));
            let row = self.row(&grid, cells, body, fill);
            self.place_row(&grid, &row, repeat.as_ref());
        }
        self.y += 4.0 + BODY.size * 0.4;
    }

    /// A row's cells wrapped to their columns.
    fn row(&self, grid: &Grid, cells: &[String], style: Style, fill: Option<Rgb>) -> Row {
        let face = self.fonts.face(style.bold);
        let lines = grid
            .widths
            .iter()
            .enumerate()
            .map(|(c, w)| {
                let text = cells.get(c).map(String::as_str).unwrap_or("");
                wrap(face, style.size, text, w - 2.0 * PAD)
            })
            .collect();
        Row { lines, style, fill }
    }

    /// Place a row where it fits: on this page, else whole on the next page
    /// (under the repeated header), else split line by line across pages.
    fn place_row(&mut self, grid: &Grid, row: &Row, header: Option<&Row>) {
        let leading = row.style.leading();
        let total = row.line_count();
        let mut from = 0;
        let mut fresh = false;
        while from < total {
            let fit = ((self.room() - 2.0 * PAD) / leading).floor().max(0.0) as usize;
            let rest = total - from;
            if fit >= rest {
                self.draw_row(grid, row, from..total);
                return;
            }
            let whole_fits_fresh = from == 0 && row.height() <= self.room_under(header);
            if !fresh && (whole_fits_fresh || fit == 0) {
                self.table_page(grid, header);
                fresh = true;
                continue;
            }
            let take = fit.max(1);
            self.draw_row(grid, row, from..from + take);
            from += take;
            self.table_page(grid, header);
            fresh = true;
        }
    }

    /// Room on a fresh page under the repeated header.
    fn room_under(&self, header: Option<&Row>) -> f32 {
        self.frame.height() - header.map_or(0.0, Row::height)
    }

    fn table_page(&mut self, grid: &Grid, header: Option<&Row>) {
        self.new_page();
        if let Some(header) = header {
            self.draw_row(grid, header, 0..header.line_count());
        }
    }

    /// Lines `range` of a row's cells, with the row's fill and a rule below.
    fn draw_row(&mut self, grid: &Grid, row: &Row, range: std::ops::Range<usize>) {
        let leading = row.style.leading();
        let height = range.len() as f32 * leading + 2.0 * PAD;
        let width = grid.widths.iter().sum();
        if let Some(color) = row.fill {
            let area = Area {
                x: grid.left,
                y: self.y,
                w: width,
                h: height,
            };
            self.page.push(Item::Fill { area, color });
        }
        let face = self.fonts.face(row.style.bold);
        let mut x = grid.left;
        for (c, lines) in row.lines.iter().enumerate() {
            let w = grid.widths.get(c).copied().unwrap_or(0.0);
            let cell = Area {
                x,
                y: self.y,
                w,
                h: height,
            };
            let right = grid.right.get(c).copied().unwrap_or(false);
            for (i, line) in lines.iter().enumerate().skip(range.start).take(range.len()) {
                let line_width = face.width(line, row.style.size);
                let tx = if right {
                    x + w - PAD - line_width
                } else {
                    x + PAD
                };
                let clip = (line_width > w - 2.0 * PAD).then_some(cell);
                let top = self.y + PAD + (i - range.start) as f32 * leading;
                self.text(tx.max(x), top, line, row.style, clip);
            }
            x += w;
        }
        self.y += height;
        self.page.push(Item::Rule {
            x: grid.left,
            y: self.y,
            width,
            color: RULE,
        });
    }
}

/// The widest line and the longest word of each column, and each body
/// cell's widest line, in ems (points at a size of 1). Header cells (bold)
/// count with their longest word only: a header wraps before the body's
/// cells do.
pub(super) struct Extent {
    least: Vec<f32>,
    most: Vec<f32>,
    cells: Vec<Vec<f32>>,
}

impl Extent {
    pub(super) fn measure(
        fonts: &Fonts,
        header: &[String],
        rows: &[Vec<String>],
        columns: usize,
    ) -> Extent {
        let mut extent = Extent {
            least: vec![0.0; columns],
            most: vec![0.0; columns],
            cells: vec![Vec::new(); columns],
        };
        extent.add(fonts.face(true), header, false);
        for row in rows {
            extent.add(fonts.face(false), row, true);
        }
        extent
    }

    fn add(&mut self, face: &Face, cells: &[String], lines: bool) {
        for (c, text) in cells.iter().enumerate().take(self.least.len()) {
            let text = clean(text);
            for word in text.split_whitespace() {
                let w = face.width(word, 1.0);
                self.least[c] = self.least[c].max(w);
                self.most[c] = self.most[c].max(w);
            }
            if lines {
                let widest = text
                    .split('\n')
                    .map(|line| face.width(line, 1.0))
                    .fold(0.0, f32::max);
                self.most[c] = self.most[c].max(widest);
                self.cells[c].push(widest);
            }
        }
    }

    /// Each column's narrowest and widest width in points at `size`, with
    /// padding. No column needs more than a share of the page for its
    /// longest word (longer words break), and every column gets a little.
    fn at(&self, size: f32, total: f32) -> (Vec<f32>, Vec<f32>) {
        let floor = (2.0 * PAD + 4.0).min(total / self.least.len().max(1) as f32);
        let cap = MAX_WORD_SHARE * total;
        let least: Vec<f32> = self
            .least
            .iter()
            .map(|w| (w * size + 2.0 * PAD).min(cap).max(floor))
            .collect();
        let most = self
            .most
            .iter()
            .zip(&least)
            .map(|(w, l)| (w * size + 2.0 * PAD).max(*l))
            .collect();
        (least, most)
    }

    /// How many of column `c`'s cells wrap at `width` points and `size`.
    fn wrapping(&self, c: usize, size: f32, width: f32) -> usize {
        let fits = width - 2.0 * PAD + 0.01;
        self.cells[c].iter().filter(|w| *w * size > fits).count()
    }
}

/// The table's text size and column widths, which add up to at most
/// `total`. Every column gets its longest word; what is left goes to the
/// columns whose widest line saves the most wrapped cells per point
/// (a date column that wraps in every row before a name that wraps in a
/// few), and the rest, if any, to the next column in part. The size is the
/// one of [`CELL_SIZES`], down to [`MIN_UNWRAPPED_SIZE`], that leaves the
/// fewest cells wrapped (the larger one on a tie); a table whose longest
/// words do not fit at that size gets the largest size at which they do,
/// and when they fit at none, they are shrunk alike (and broken).
pub(super) fn table_grid(extent: &Extent, total: f32) -> (f32, Vec<f32>) {
    let fitting: Vec<(f32, Vec<f32>, usize)> = CELL_SIZES
        .iter()
        .filter_map(|&size| {
            let widths = share(extent, size, total)?;
            let wrapped = (0..widths.len())
                .map(|c| extent.wrapping(c, size, widths[c]))
                .sum();
            Some((size, widths, wrapped))
        })
        .collect();
    let readable = fitting
        .iter()
        .filter(|(size, ..)| *size >= MIN_UNWRAPPED_SIZE)
        .min_by_key(|(_, _, wrapped)| *wrapped);
    if let Some((size, widths, _)) = readable.or(fitting.first()) {
        return (*size, widths.clone());
    }
    let smallest = CELL_SIZES[CELL_SIZES.len() - 1];
    let (least, _) = extent.at(smallest, total);
    let sum: f32 = least.iter().sum();
    (smallest, least.iter().map(|l| l * total / sum).collect())
}

/// Column widths at `size` as [`table_grid`] shares them; `None` when the
/// longest words alone are too wide.
fn share(extent: &Extent, size: f32, total: f32) -> Option<Vec<f32>> {
    let (least, most) = extent.at(size, total);
    let sum_least: f32 = least.iter().sum();
    if sum_least > total {
        return None;
    }
    let mut widths = least.clone();
    let mut left = total - sum_least;
    // Wrapped cells saved per point, most first.
    let gain = |c: usize| {
        let want = most[c] - least[c];
        let saved = extent.wrapping(c, size, least[c]) as f32;
        if want <= 0.0 {
            f32::INFINITY
        } else {
            saved / want
        }
    };
    let mut order: Vec<usize> = (0..least.len()).collect();
    order.sort_by(|&a, &b| gain(b).total_cmp(&gain(a)));
    for c in order {
        let give = (most[c] - least[c]).min(left).max(0.0);
        widths[c] += give;
        left -= give;
    }
    Some(widths)
}

/// Columns to right-align: every non-empty body cell is a number (signs,
/// separators, units after a number, % and the "–" that marks a missing
/// value allowed).
pub(super) fn numeric_columns(rows: &[Vec<String>], columns: usize) -> Vec<bool> {
    let is_number = |s: &str| {
        let number = s.split(' ').next().unwrap_or("");
        number.chars().any(|c| c.is_ascii_digit())
            && number
                .chars()
                .all(|c| c.is_ascii_digit() || ".,+-−–%×:/".contains(c))
    };
    (0..columns)
        .map(|c| {
            let cells = rows.iter().filter_map(|r| r.get(c)).map(|s| s.trim());
            let mut any = false;
            for cell in cells.filter(|s| !s.is_empty() && *s != "–") {
                if !is_number(cell) {
                    return false;
                }
                any = true;
            }
            any
        })
        .collect()
}
