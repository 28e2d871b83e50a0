//! Blocks flowing down pages: every piece of text, every rule, box and
//! chart placed on a page as plain geometry (so tests can check that
//! nothing leaves the page), before anything is written.

use super::Block;
use super::tables::Tint;
use super::text::{Fonts, Span, wrap, wrap_spans};
use runlog_core::config::Paper;

pub(super) type Rgb = (u8, u8, u8);

pub(super) const INK: Rgb = (0x1B, 0x1B, 0x1B);
pub(super) const MUTED: Rgb = (0x5A, 0x5A, 0x5A);
pub(super) const RULE: Rgb = (0xD6, 0xD6, 0xD6);
const RED_FILL: Rgb = (0xFD, 0xEC, 0xEA);
const RED_BAR: Rgb = (0xB0, 0x00, 0x20);
const NOTE_FILL: Rgb = (0xF4, 0xF7, 0xFB);
/// Okabe–Ito blue, as in the charts and the page.
const NOTE_BAR: Rgb = (0x00, 0x72, 0xB2);

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Style {
    pub(super) size: f32,
    pub(super) bold: bool,
    pub(super) color: Rgb,
}

impl Style {
    /// Baseline to baseline.
    pub(super) fn leading(self) -> f32 {
        self.size * 1.3
    }
}

pub(super) const BODY: Style = Style {
    size: 10.0,
    bold: false,
    color: INK,
};
const TITLE: Style = Style {
    size: 17.0,
    bold: true,
    color: INK,
};
const HEADING: Style = Style {
    size: 13.0,
    bold: true,
    color: INK,
};
const SUBHEADING: Style = Style {
    size: 10.5,
    bold: true,
    color: INK,
};
pub(super) const SMALL: Style = Style {
    size: 8.5,
    bold: false,
    color: MUTED,
};
pub(super) const FOOTER: Style = Style {
    size: 7.5,
    bold: false,
    color: MUTED,
};

/// Page margin on every side: 18 mm.
pub(super) const MARGIN: f32 = 51.0;
/// Inner space of a table cell or a box.
pub(super) const PAD: f32 = 3.0;
/// Indent of a bulleted item's text.
const BULLET_INDENT: f32 = 14.0;
/// The most of the text width a definition's label column may take.
const MAX_LABEL_SHARE: f32 = 0.3;

/// Something drawn on a page, in points from the page's top left corner.
#[derive(Debug, Clone)]
pub(super) enum Item {
    /// One run of text; `y` is its baseline. `clip` is set when a single
    /// character is wider than its table column: it is cut at the cell.
    Text {
        x: f32,
        y: f32,
        text: String,
        style: Style,
        clip: Option<Area>,
    },
    Fill {
        area: Area,
        color: Rgb,
    },
    /// A horizontal rule.
    Rule {
        x: f32,
        y: f32,
        width: f32,
        color: Rgb,
    },
    Chart {
        area: Area,
        tree: Box<usvg::Tree>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Area {
    pub(super) x: f32,
    pub(super) y: f32,
    pub(super) w: f32,
    pub(super) h: f32,
}

/// The pages, each a list of items, for `blocks` on `paper`.
pub(super) fn layout(fonts: &Fonts, paper: Paper, title: &str, blocks: &[Block]) -> Vec<Vec<Item>> {
    // Page one: the blocks before the first page break, made smaller
    // until they fit one page (when they can).
    let first = blocks
        .iter()
        .position(|b| *b == Block::PageBreak)
        .unwrap_or(blocks.len());
    let (one, rest) = blocks.split_at(first);
    let fits = |scale: f32| {
        let mut flow = Flow::new(fonts, paper);
        flow.scale = scale;
        flow.blocks(one);
        flow.done.is_empty()
    };
    // The largest size that keeps page one whole, else the smallest: as
    // much of the summary as can be stays on page one.
    let smallest = PAGE_ONE_SCALES[PAGE_ONE_SCALES.len() - 1];
    let scale = PAGE_ONE_SCALES
        .into_iter()
        .find(|s| fits(*s))
        .unwrap_or(smallest);
    let mut flow = Flow::new(fonts, paper);
    flow.scale = scale;
    flow.blocks(one);
    flow.scale = 1.0;
    flow.blocks(rest);
    flow.finish(title)
}

/// Text sizes page one may shrink to, as a share of the usual ones: the
/// smallest keeps its smallest text (`SMALL`, 8.5 pt) at 6.5 pt, readable
/// when printed.
const PAGE_ONE_SCALES: [f32; 6] = [1.0, 0.95, 0.9, 0.85, 0.8, 0.765];

impl Flow<'_> {
    fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            self.block(block);
        }
    }

    fn block(&mut self, block: &Block) {
        let flow = self;
        match block {
            Block::Title(text) => flow.heading(text, flow.scaled(TITLE), 0.0),
            Block::Heading(text) => flow.heading(text, flow.scaled(HEADING), 14.0),
            Block::Subheading(text) => flow.heading(text, flow.scaled(SUBHEADING), 8.0),
            Block::Paragraph(text) => flow.paragraph(text, flow.body()),
            Block::Small(text) => flow.paragraph(text, flow.scaled(SMALL)),
            Block::Field { label, text } => flow.field(label, text),
            Block::Bullets(items) => flow.bullets(items),
            Block::Notice(text) => flow.boxed(text, RED_FILL, RED_BAR, true),
            Block::Aside(text) => flow.boxed(text, NOTE_FILL, NOTE_BAR, false),
            Block::Definitions(items) => flow.definitions(items),
            Block::Table {
                header,
                rows,
                tints,
            } => flow.table(header, rows, tints),
            Block::Chart { svg, caption } => flow.chart(svg, caption),
            Block::PageBreak => flow.page_break(),
        }
    }

    /// `style` at this part's scale.
    pub(super) fn scaled(&self, style: Style) -> Style {
        Style {
            size: style.size * self.scale,
            ..style
        }
    }

    pub(super) fn body(&self) -> Style {
        self.scaled(BODY)
    }
}

/// The text area of a page.
#[derive(Debug, Clone, Copy)]
pub(super) struct Frame {
    pub(super) left: f32,
    pub(super) top: f32,
    pub(super) width: f32,
    pub(super) bottom: f32,
    pub(super) page_height: f32,
}

impl Frame {
    pub(super) fn of(paper: Paper) -> Frame {
        let (w, h) = paper.size_pt();
        Frame {
            left: MARGIN,
            top: MARGIN,
            width: w - 2.0 * MARGIN,
            bottom: h - MARGIN,
            page_height: h,
        }
    }

    pub(super) fn height(&self) -> f32 {
        self.bottom - self.top
    }
}

/// Blocks flowing down pages: the page being filled and where its next
/// item goes.
pub(super) struct Flow<'a> {
    pub(super) fonts: &'a Fonts,
    pub(super) frame: Frame,
    done: Vec<Vec<Item>>,
    pub(super) page: Vec<Item>,
    pub(super) y: f32,
    /// Text size as a share of the usual (page one may be shrunk to fit).
    scale: f32,
}

impl<'a> Flow<'a> {
    fn new(fonts: &'a Fonts, paper: Paper) -> Flow<'a> {
        let frame = Frame::of(paper);
        Flow {
            fonts,
            frame,
            done: Vec::new(),
            page: Vec::new(),
            y: frame.top,
            scale: 1.0,
        }
    }

    pub(super) fn new_page(&mut self) {
        self.done.push(std::mem::take(&mut self.page));
        self.y = self.frame.top;
    }

    fn at_top(&self) -> bool {
        self.page.is_empty()
    }

    pub(super) fn room(&self) -> f32 {
        self.frame.bottom - self.y
    }

    /// Move to a new page unless `height` fits below, or this page is still
    /// empty (the next would be no better).
    pub(super) fn need(&mut self, height: f32) {
        if height > self.room() && !self.at_top() {
            self.new_page();
        }
    }

    /// Space between blocks, none at the top of a page.
    pub(super) fn gap(&mut self, height: f32) {
        if !self.at_top() {
            self.y += height;
        }
    }

    fn page_break(&mut self) {
        if !self.at_top() {
            self.new_page();
        }
    }

    /// One run of text whose line starts `top` points down the page.
    pub(super) fn text(&mut self, x: f32, top: f32, text: &str, style: Style, clip: Option<Area>) {
        if text.is_empty() {
            return;
        }
        let y = top + self.fonts.face(style.bold).ascent * style.size;
        self.page.push(Item::Text {
            x,
            y,
            text: text.to_string(),
            style,
            clip,
        });
    }

    /// Lines one under the other from `x`, continuing on a new page when
    /// the page is full.
    fn lines(&mut self, lines: &[String], x: f32, style: Style) {
        for line in lines {
            self.need(style.leading());
            self.text(x, self.y, line, style, None);
            self.y += style.leading();
        }
    }

    /// Lines of bold and regular runs, as [`Flow::lines`].
    fn span_lines(&mut self, lines: &[Vec<Span>], x: f32, style: Style) {
        for line in lines {
            self.need(style.leading());
            let mut at = x;
            for span in line {
                let style = Style {
                    bold: span.bold,
                    ..style
                };
                self.text(at, self.y, &span.text, style, None);
                at += self.fonts.face(span.bold).width(&span.text, style.size);
            }
            self.y += style.leading();
        }
    }

    fn heading(&mut self, text: &str, style: Style, space: f32) {
        let lines = wrap(
            self.fonts.face(style.bold),
            style.size,
            text,
            self.frame.width,
        );
        self.gap(space);
        // Keep the heading with the first three lines of what follows.
        let height = lines.len() as f32 * style.leading() + 3.0 * self.body().leading();
        self.need(height.min(self.frame.height()));
        self.lines(&lines, self.frame.left, style);
        self.y += 3.0;
    }

    fn paragraph(&mut self, text: &str, style: Style) {
        let lines = wrap(
            self.fonts.face(style.bold),
            style.size,
            text,
            self.frame.width,
        );
        self.lines(&lines, self.frame.left, style);
        self.y += 4.0;
    }

    /// A bold label and its text in one paragraph.
    fn field(&mut self, label: &str, text: &str) {
        let spans = [(true, label), (false, text)];
        let lines = wrap_spans(self.fonts, self.body().size, &spans, self.frame.width);
        self.lines_kept(&lines, self.frame.left, self.body());
        self.y += 3.0;
    }

    /// Span lines, the first two kept together.
    fn lines_kept(&mut self, lines: &[Vec<Span>], x: f32, style: Style) {
        self.need(style.leading() * lines.len().min(2) as f32);
        self.span_lines(lines, x, style);
    }

    fn bullets(&mut self, items: &[String]) {
        let width = self.frame.width - BULLET_INDENT;
        for item in items {
            let lines = wrap(self.fonts.face(false), self.body().size, item, width);
            self.need(self.body().leading());
            self.text(self.frame.left + 2.0, self.y, "•", self.body(), None);
            self.lines(&lines, self.frame.left + BULLET_INDENT, self.body());
            self.y += 2.0;
        }
        self.y += 3.0;
    }

    /// Labels in a column beside their texts (page one's summary): each
    /// row kept on one page when it fits one.
    fn definitions(&mut self, items: &[(String, String)]) {
        let bold = self.fonts.face(true);
        let widest = items
            .iter()
            .map(|(label, _)| bold.width(label, self.body().size))
            .fold(0.0, f32::max);
        let label_w = (widest + 10.0).min(MAX_LABEL_SHARE * self.frame.width);
        let text_x = self.frame.left + label_w;
        let text_w = self.frame.width - label_w;
        let leading = self.body().leading();
        for (label, text) in items {
            let labels = wrap(bold, self.body().size, label, label_w - 8.0);
            let texts = wrap(self.fonts.face(false), self.body().size, text, text_w);
            let rows = labels.len().max(texts.len());
            self.need((rows as f32 * leading).min(self.frame.height()));
            for i in 0..rows {
                self.need(leading);
                let label_style = Style {
                    bold: true,
                    ..self.body()
                };
                if let Some(l) = labels.get(i) {
                    self.text(self.frame.left, self.y, l, label_style, None);
                }
                if let Some(t) = texts.get(i) {
                    self.text(text_x, self.y, t, self.body(), None);
                }
                self.y += leading;
            }
            self.y += 3.0;
        }
        self.y += 3.0;
    }

    /// Text in a tinted box with a bar on the left; a box longer than the
    /// page continues in a second box.
    fn boxed(&mut self, text: &str, fill: Rgb, bar: Rgb, bold: bool) {
        let style = Style {
            bold,
            ..self.body()
        };
        let inset = PAD + 7.0;
        let width = self.frame.width - inset - 2.0 * PAD;
        let lines = wrap(self.fonts.face(bold), style.size, text, width);
        let leading = style.leading();
        self.gap(4.0);
        let mut rest = &lines[..];
        while !rest.is_empty() {
            self.need(leading + 4.0 * PAD);
            let fit = ((self.room() - 4.0 * PAD) / leading).floor().max(1.0) as usize;
            let (chunk, more) = rest.split_at(fit.min(rest.len()));
            let area = Area {
                x: self.frame.left,
                y: self.y,
                w: self.frame.width,
                h: chunk.len() as f32 * leading + 4.0 * PAD,
            };
            self.page.push(Item::Fill { area, color: fill });
            self.page.push(Item::Fill {
                area: Area { w: 3.0, ..area },
                color: bar,
            });
            self.y += 2.0 * PAD;
            self.lines(chunk, self.frame.left + inset, style);
            self.y += 2.0 * PAD;
            rest = more;
        }
        self.y += 6.0;
    }

    fn chart(&mut self, svg: &str, caption: &str) {
        let tree = match super::text::parse_svg(svg, self.fonts) {
            Ok(tree) => tree,
            Err(e) => {
                let note = format!("[The chart “{caption}” could not be drawn: {e}]");
                return self.paragraph(&note, self.scaled(SMALL));
            }
        };
        let face = self.fonts.face(self.scaled(SMALL).bold);
        let caption = wrap(face, self.scaled(SMALL).size, caption, self.frame.width);
        let caption_height = caption.len() as f32 * self.scaled(SMALL).leading();
        let (w, h) = fit_chart(
            &tree,
            self.frame.width,
            self.frame.height() - caption_height - 4.0,
        );
        self.gap(6.0);
        self.need(h + 4.0 + caption_height);
        let area = Area {
            x: self.frame.left + (self.frame.width - w) / 2.0,
            y: self.y,
            w,
            h,
        };
        self.page.push(Item::Chart {
            area,
            tree: Box::new(tree),
        });
        self.y += h + 4.0;
        self.lines(&caption, self.frame.left, self.scaled(SMALL));
        self.y += 8.0;
    }

    /// The pages, each with its footer: the title and "page n of m".
    fn finish(mut self, title: &str) -> Vec<Vec<Item>> {
        if !self.page.is_empty() || self.done.is_empty() {
            self.done.push(std::mem::take(&mut self.page));
        }
        let count = self.done.len();
        let frame = self.frame;
        let face = self.fonts.face(FOOTER.bold);
        let y = frame.page_height - MARGIN / 2.0;
        for (n, page) in self.done.iter_mut().enumerate() {
            let number = format!("page {} of {count}", n + 1);
            let number_width = face.width(&number, FOOTER.size);
            let room = frame.width - number_width - 12.0;
            let title = wrap(face, FOOTER.size, title, room.max(0.0))
                .into_iter()
                .next()
                .unwrap_or_default();
            for (x, text) in [
                (frame.left, title),
                (frame.left + frame.width - number_width, number),
            ] {
                if !text.is_empty() {
                    page.push(Item::Text {
                        x,
                        y,
                        text,
                        style: FOOTER,
                        clip: None,
                    });
                }
            }
        }
        self.done
    }
}

/// The chart's size at `width`, or smaller to fit `height`, keeping its
/// aspect ratio.
fn fit_chart(tree: &usvg::Tree, width: f32, height: f32) -> (f32, f32) {
    let size = tree.size();
    let aspect = size.height() / size.width();
    let w = width.min(height.max(1.0) / aspect).max(1.0);
    (w, w * aspect)
}

/// Fill colours of table rows by their tint.
pub(super) fn tint_fill(tint: Tint) -> Option<Rgb> {
    match tint {
        Tint::None => None,
        Tint::Flag => Some((0xFB, 0xE3, 0xD6)),
        Tint::Jump => Some((0xFD, 0xF1, 0xD8)),
    }
}
