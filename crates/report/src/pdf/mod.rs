//! `report.pdf`: the report's content as a PDF that runlog writes itself —
//! no browser, no system package, no font from the machine.
//!
//! [`Block`]s (headings, paragraphs, lists, tables, charts) flow down A4 or
//! US Letter pages in two passes: `layout` places every piece of text,
//! every rule and chart on a page (plain geometry, so tests can check that
//! nothing leaves the page), then `render` writes the pages with krilla.
//! Two passes are what make the "page 3 of 7" footers possible.
//!
//! `content` sets the report's one document (`crate::document`), which the
//! HTML page is rendered from too, as these blocks: both say the same.
//!
//! - `text`: the embedded fonts, shaping and line breaking;
//! - `layout`: the page flow and every block but tables;
//! - `tables`: column widths, cells and rows across pages;
//! - `render`: krilla output and the charts' SVG.

mod content;
mod layout;
mod render;
mod tables;
#[cfg(test)]
mod tests;
mod text;

pub use self::content::blocks;
pub use self::tables::Tint;
use runlog_core::config::Paper;

/// One piece of the report, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The document's title (the page's `h1`).
    Title(String),
    /// A section title, bold; never left alone at the foot of a page.
    Heading(String),
    /// A smaller title inside a section (a flag's week, a glossary term).
    Subheading(String),
    /// Body text, wrapped at spaces; `\n` starts a new line.
    Paragraph(String),
    /// Small grey text (evidence grades, captions, meta lines).
    Small(String),
    /// A paragraph that starts with a bold label: "Load: 1 020 a.u. …".
    Field { label: String, text: String },
    /// A bulleted list, one item per string.
    Bullets(Vec<String>),
    /// Bold text in a red-tinted box with a red bar (the red-flag notice).
    Notice(String),
    /// Text in a blue-tinted box with a blue bar (a note).
    Aside(String),
    /// Labels in a column beside their texts (page one's summary).
    Definitions(Vec<(String, String)>),
    /// A table as wide as its content allows, never wider than the page.
    /// Cell text wraps; a long table continues on the next page under a
    /// repeat of its header. Rows may have fewer or more cells than the
    /// header. Columns whose cells are all numbers are right-aligned.
    /// `tints` marks rows (missing entries: unmarked).
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
        tints: Vec<Tint>,
    },
    /// A chart as SVG (plotters' `SVGBackend`), drawn as vectors at the
    /// text width (smaller if it would not fit a page), with its caption.
    Chart { svg: String, caption: String },
    /// Start a new page (e.g. after the one-page summary).
    PageBreak,
}

/// The PDF of `blocks` on `paper`; `title` goes into the document's
/// metadata and every page's footer. The blocks before the first
/// [`Block::PageBreak`] are page one: their text is set smaller, down to
/// 80 %, when that keeps them on one page.
///
/// Any text is accepted: words wider than a line or a table column are
/// broken, characters the font lacks show as its box glyph, and a chart
/// whose SVG cannot be read is replaced by a note. The error is krilla's
/// refusal to write the document, which these inputs do not cause.
pub fn pdf(paper: Paper, title: &str, blocks: &[Block]) -> Result<Vec<u8>, String> {
    let fonts = text::Fonts::load()?;
    let pages = layout::layout(&fonts, paper, title, blocks);
    render::render(&fonts, paper, title, pages)
}
