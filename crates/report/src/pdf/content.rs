//! The PDF's blocks from the report's one document (`document`): each
//! block set as the PDF sets it. Nothing is written here that the page
//! does not say: the sections' anchors are dropped, a card's blocks follow
//! one another, and page one's chart stays in the appendix (at page width
//! its words would be 4 pt, unreadable on paper, issue #31).

use super::Block;
use crate::charts::Chart;
use crate::document::Block as Doc;

/// The report's blocks as the PDF lays them out.
pub fn blocks(doc: &[Doc], charts: &[Chart]) -> Vec<Block> {
    let mut out = Vec::new();
    for b in doc {
        lower(b, charts, &mut out);
    }
    out
}

fn lower(b: &Doc, charts: &[Chart], out: &mut Vec<Block>) {
    match b {
        Doc::Header { title, meta } => {
            out.push(Block::Title(title.clone()));
            out.push(Block::Small(meta.clone()));
        }
        Doc::Notice(t) => out.push(Block::Notice(t.clone())),
        Doc::Section { .. } => {}
        Doc::Appendix => {
            out.push(Block::PageBreak);
            out.push(Block::Title("Appendix".into()));
        }
        Doc::Heading(t) => out.push(Block::Heading(t.clone())),
        Doc::Subheading(t) => out.push(Block::Subheading(t.clone())),
        Doc::Paragraph(t) => out.push(Block::Paragraph(t.clone())),
        Doc::Small(t) | Doc::Footer(t) => out.push(Block::Small(t.clone())),
        Doc::Note(t) => out.push(Block::Aside(t.clone())),
        Doc::Field { label, text } => out.push(Block::Field {
            label: label.clone(),
            text: text.clone(),
        }),
        Doc::Card { blocks, .. } => blocks.iter().for_each(|b| lower(b, charts, out)),
        Doc::Items(items) => out.push(Block::Definitions(
            items
                .iter()
                .map(|i| {
                    let lines: String = i.lines.iter().map(|l| format!("\n• {l}")).collect();
                    (i.label.to_string(), i.text.clone() + &lines)
                })
                .collect(),
        )),
        Doc::Bullets(items) => out.push(Block::Bullets(
            items.iter().map(|(t, _)| t.clone()).collect(),
        )),
        Doc::Table(t) => out.push(Block::Table {
            header: t.columns.iter().map(|c| c.0.clone()).collect(),
            rows: t.rows.clone(),
            tints: t
                .marks
                .iter()
                .map(|m| match *m {
                    "flag" => super::Tint::Flag,
                    "jump" => super::Tint::Jump,
                    _ => super::Tint::None,
                })
                .collect(),
        }),
        Doc::Chart {
            index,
            caption,
            page_one,
        } => {
            if let (false, Some(c)) = (*page_one, charts.get(*index)) {
                out.push(Block::Chart {
                    svg: c.svg.clone(),
                    caption: caption.clone(),
                });
            }
        }
        Doc::Terms(terms) => {
            for (term, text) in terms {
                out.push(Block::Subheading(term.clone()));
                out.push(Block::Paragraph(text.clone()));
            }
        }
    }
}
