//! `report.html`: the document's blocks (`document`) written as HTML into
//! the page's template, which holds only the layout and the CSS. Every
//! piece of text is escaped here: diary notes, activity names, files.

use super::charts::Chart;
use crate::document::{Block, Cell};
use base64::Engine;

const TEMPLATE: &str = include_str!("templates/report.html");

/// The page: the document's blocks as HTML inside the template. Charts are
/// embedded as base64 PNG so the file stands alone: nothing is fetched
/// when it is opened.
pub fn render(
    blocks: &[Block],
    title: &str,
    paper_css: &str,
    charts: &[Chart],
) -> Result<String, minijinja::Error> {
    let mut w = Writer {
        out: String::new(),
        open: false,
        charts,
    };
    for b in blocks {
        w.block(b);
    }
    w.close();
    let mut env = minijinja::Environment::new();
    env.add_template("report.html", TEMPLATE)?;
    env.get_template("report.html")?
        .render(minijinja::context! {
            title => title,
            paper_css => paper_css,
            body => minijinja::Value::from_safe_string(w.out),
        })
}

/// Text as the page shows it: numbers kept with their units by a no-break
/// space, then escaped as minijinja escapes (`& < > " ' /`).
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in crate::glue::nbsp(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            '/' => out.push_str("&#x2f;"),
            c => out.push(c),
        }
    }
    out
}

/// Writes blocks as HTML, keeping track of the open `<section>`.
struct Writer<'a> {
    out: String,
    open: bool,
    charts: &'a [Chart],
}

impl Writer<'_> {
    fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn close(&mut self) {
        if std::mem::take(&mut self.open) {
            self.push("</section>\n\n");
        }
    }

    fn block(&mut self, b: &Block) {
        match b {
            Block::Header { title, meta } => {
                let h = format!(
                    "<header>\n  <h1>{}</h1>\n  <p class=\"meta\">{}</p>\n</header>\n\n",
                    esc(title),
                    esc(meta)
                );
                self.push(&h);
            }
            Block::Notice(text) => {
                self.close();
                let n = format!(
                    "<section id=\"red-flags\" class=\"redflag\" role=\"alert\">\n  <p>{}</p>\n</section>\n\n",
                    esc(text)
                );
                self.push(&n);
            }
            Block::Section { id, class } => {
                self.close();
                let class = class.map(|c| format!(" class=\"{c}\"")).unwrap_or_default();
                self.push(&format!("<section id=\"{id}\"{class}>\n"));
                self.open = true;
            }
            Block::Appendix => {
                self.close();
                self.push("<h2 class=\"appendix-title\">Appendix</h2>\n\n");
            }
            Block::Footer(text) => {
                self.close();
                self.push(&format!("<footer>\n  <p>{}</p>\n</footer>\n", esc(text)));
            }
            other => {
                let mut inner = String::new();
                self.inner(other, &mut inner);
                self.push(&inner);
            }
        }
    }

    /// A block inside a section (or a card).
    fn inner(&self, b: &Block, o: &mut String) {
        use std::fmt::Write;
        let _ = match b {
            Block::Heading(t) => writeln!(o, "  <h2>{}</h2>", esc(t)),
            Block::Subheading(t) => writeln!(o, "    <h3>{}</h3>", esc(t)),
            Block::Paragraph(t) => writeln!(o, "  <p>{}</p>", esc(t)),
            Block::Small(t) => writeln!(o, "  <p class=\"evidence\">{}</p>", esc(t)),
            Block::Note(t) => writeln!(o, "  <p class=\"note\">{}</p>", esc(t)),
            Block::Field { label, text } => {
                writeln!(o, "  <p><strong>{}</strong> {}</p>", esc(label), esc(text))
            }
            Block::Card { kind, blocks } => {
                let _ = writeln!(o, "  <div class=\"card {kind}\">");
                blocks.iter().for_each(|b| self.inner(b, o));
                writeln!(o, "  </div>")
            }
            Block::Items(items) => {
                o.push_str("  <dl class=\"page-one-items\">\n");
                for i in items {
                    items_row(i, o);
                }
                writeln!(o, "  </dl>")
            }
            Block::Bullets(items) => {
                o.push_str("  <ul>\n");
                for (text, class) in items {
                    let class = class.map(|c| format!(" class=\"{c}\"")).unwrap_or_default();
                    let _ = writeln!(o, "  <li{class}>{}</li>", esc(text));
                }
                writeln!(o, "  </ul>")
            }
            Block::Table(t) => {
                table(t, o);
                Ok(())
            }
            Block::Chart {
                index,
                caption,
                page_one,
            } => {
                if let Some(c) = self.charts.get(*index) {
                    chart(c, *index, caption, *page_one, o);
                }
                Ok(())
            }
            Block::Terms(terms) => {
                o.push_str("  <dl>\n");
                for (term, text) in terms {
                    let _ = writeln!(o, "  <dt>{}</dt>\n    <dd>{}</dd>", esc(term), esc(text));
                }
                writeln!(o, "  </dl>")
            }
            Block::Header { .. }
            | Block::Notice(_)
            | Block::Section { .. }
            | Block::Appendix
            | Block::Footer(_) => Ok(()),
        };
    }
}

/// One of page one's items; the whole-history one is the page's
/// `#evidence` anchor.
fn items_row(i: &crate::summary::Item, o: &mut String) {
    use std::fmt::Write;
    let id = if i.label == "Whole history" {
        " id=\"evidence\""
    } else {
        ""
    };
    let _ = write!(o, "  <dt>{}</dt><dd{id}>{}", esc(i.label), esc(&i.text));
    if !i.lines.is_empty() {
        o.push_str("<ul class=\"page-one-lines\">");
        for l in &i.lines {
            let _ = write!(o, "<li>{}</li>", esc(l));
        }
        o.push_str("</ul>");
    }
    o.push_str("</dd>\n");
}

fn table(t: &crate::document::Table, o: &mut String) {
    use std::fmt::Write;
    let class = |k: Cell| match k {
        Cell::Number => "",
        Cell::Text => " class=\"text\"",
        Cell::File => " class=\"text file\"",
    };
    let _ = write!(
        o,
        "  <div class=\"table-wrap\">\n  <table id=\"{}\">\n    <thead><tr>",
        t.id
    );
    for (h, k) in &t.columns {
        let _ = write!(o, "<th{}>{}</th>", class(*k), esc(h));
    }
    o.push_str("</tr></thead>\n    <tbody>\n");
    for (n, row) in t.rows.iter().enumerate() {
        let mark = t.marks.get(n).copied().unwrap_or("");
        let mark = if mark.is_empty() {
            String::new()
        } else {
            format!(" class=\"{mark}\"")
        };
        let _ = write!(o, "      <tr{mark}>");
        for (cell, (_, k)) in row.iter().zip(&t.columns) {
            let text = match k {
                Cell::File => break_points(cell)
                    .iter()
                    .map(|p| esc(p) + "<wbr>")
                    .collect(),
                _ => esc(cell),
            };
            let _ = write!(o, "<td{}>{text}</td>", class(*k));
        }
        o.push_str("</tr>\n");
    }
    o.push_str("    </tbody>\n  </table>\n  </div>\n");
}

/// A chart linked to its PNG beside the page; page one's is shown on
/// screen only (its print rules leave it to the appendix).
fn chart(c: &Chart, index: usize, caption: &str, page_one: bool, o: &mut String) {
    use std::fmt::Write;
    let data = base64::engine::general_purpose::STANDARD.encode(&c.png);
    let file = esc(c.file_name);
    let (open, tail) = if page_one {
        (
            "<figure class=\"chart page-one-chart\">".to_string(),
            String::new(),
        )
    } else {
        (
            format!("<figure id=\"chart-{}\" class=\"chart\">", index + 1),
            format!(" <a href=\"{file}\">Open full size ({file})</a>"),
        )
    };
    let _ = write!(
        o,
        "  {open}\n    <div class=\"chart-scroll\"><a href=\"{file}\" title=\"Open the chart full size\"><img src=\"data:image/png;base64,{data}\" alt=\"{}\"></a></div>\n    <figcaption>{}{tail}</figcaption>\n  </figure>\n",
        esc(&c.alt),
        esc(caption)
    );
}

/// `name` cut after each `-`, `_`, `.` and `/`, the places a file name may
/// wrap.
fn break_points(name: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    for c in name.chars() {
        if let Some(p) = parts.last_mut() {
            p.push(c);
        }
        if matches!(c, '-' | '_' | '.' | '/') {
            parts.push(String::new());
        }
    }
    parts.retain(|p| !p.is_empty());
    parts
}
