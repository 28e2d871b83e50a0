//! The layout never lets anything leave the page, whatever the input.

use super::layout::{FOOTER, Frame, Item, layout};
use super::tables::{CELL_SIZES, Extent, numeric_columns, table_grid};
use super::text::{Fonts, wrap, wrap_spans};
use super::{Block, Tint, pdf};
use runlog_core::config::Paper;

fn fonts() -> Fonts {
    Fonts::load().expect("the embedded fonts load")
}

fn table(rows: usize) -> Block {
    Block::Table {
        header: vec!["Week".into(), "Load (a.u.)".into(), "Note".into()],
        rows: (0..rows)
            .map(|i| {
                vec![
                    format!("2026-W{i:02}"),
                    format!("{}", 1000 + i),
                    "steady week".into(),
                ]
            })
            .collect(),
        tints: vec![Tint::Flag, Tint::None, Tint::Jump],
    }
}

const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900"><rect width="1600" height="900" fill="#FFFFFF"/><text x="800" y="40" dy="0.76em" text-anchor="middle" font-family="sans-serif" font-size="27" font-weight="bold">Weekly load and pain</text><text x="100" y="400" font-family="sans-serif" font-size="20" transform="rotate(270, 100, 400)">Load</text></svg>"##;

/// Inputs meant to break the layout: huge words, ragged and empty tables,
/// a header taller than a page, control characters, glyphs DejaVu lacks,
/// an unreadable chart, a very tall chart.
fn hostile() -> Vec<Block> {
    let long_word = "x".repeat(3000);
    let huge_cell = "lorem ipsum dolor sit amet ".repeat(900);
    let wide_header: Vec<String> = (0..60).map(|i| format!("Column number {i}")).collect();
    let wide_rows: Vec<Vec<String>> = (0..5)
        .map(|r| (0..60).map(|c| format!("{}", r * c * 1000)).collect())
        .collect();
    let tall_svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="4000"><rect width="10" height="4000" fill="#0072B2"/><text x="0" y="20" font-family="sans-serif" font-size="8">tall</text></svg>"##;
    let table = |header: Vec<String>, rows: Vec<Vec<String>>| Block::Table {
        header,
        rows,
        tints: vec![],
    };
    vec![
        Block::Title(String::new()),
        Block::Heading(String::new()),
        Block::Paragraph(String::new()),
        Block::Heading(format!("A heading with a very long word {long_word}")),
        Block::Paragraph(format!(
            "tab\there, carriage\rreturn, bell\u{7}, emoji 🏃‍♀️, CJK 跑步, Arabic جري, combining e\u{301}, {long_word}"
        )),
        Block::Field {
            label: long_word.clone(),
            text: huge_cell.clone(),
        },
        Block::Field {
            label: String::new(),
            text: String::new(),
        },
        Block::Definitions(vec![
            (long_word.clone(), huge_cell.clone()),
            (String::new(), String::new()),
        ]),
        Block::Bullets(vec![String::new(), long_word.clone()]),
        Block::Notice(huge_cell.clone()),
        Block::Aside(long_word.clone()),
        table(vec![], vec![]),
        table(vec!["Only".into(), "a header".into()], vec![]),
        table(
            vec![],
            vec![
                vec![],
                vec!["ragged".into()],
                vec!["a".into(), "b".into(), "c".into()],
            ],
        ),
        table(wide_header, wide_rows),
        table(
            vec!["Name".into(), "Text".into()],
            vec![vec![long_word.clone(), huge_cell.clone()]],
        ),
        table(
            vec![huge_cell.clone(), "b".into()],
            (0..80).map(|i| vec![format!("{i}"), "x".into()]).collect(),
        ),
        table(
            vec!["#".into(), "Value".into()],
            (0..600)
                .map(|i| vec![format!("{i}"), format!("{}", i * i)])
                .collect(),
        ),
        Block::Chart {
            svg: "<svg not really".into(),
            caption: "broken".into(),
        },
        Block::Chart {
            svg: tall_svg.into(),
            caption: "a chart taller than the page".into(),
        },
        Block::Chart {
            svg: SVG.into(),
            caption: "a chart".into(),
        },
        Block::PageBreak,
        Block::PageBreak,
    ]
}

/// Each item's extent: left, right, top, bottom.
fn extent(fonts: &Fonts, item: &Item) -> (f32, f32, f32, f32) {
    match item {
        Item::Text {
            x,
            y,
            text,
            style,
            clip,
        } => {
            let w = fonts.face(style.bold).width(text, style.size);
            match clip {
                Some(c) => (c.x, c.x + c.w, *y - style.size, *y),
                None => (*x, x + w, *y - style.size, *y),
            }
        }
        Item::Fill { area, .. } | Item::Chart { area, .. } => {
            (area.x, area.x + area.w, area.y, area.y + area.h)
        }
        Item::Rule { x, y, width, .. } => (*x, x + width, *y, *y),
    }
}

#[test]
fn nothing_leaves_the_text_area() {
    let fonts = fonts();
    let mut blocks = hostile();
    blocks.push(table(120));
    for paper in [Paper::A4, Paper::Letter] {
        let frame = Frame::of(paper);
        let (right, bottom) = (frame.left + frame.width + 0.01, frame.page_height);
        for (n, page) in layout(&fonts, paper, "title", &blocks).iter().enumerate() {
            for item in page {
                let (x0, x1, y0, y1) = extent(&fonts, item);
                assert!(
                    x0 >= frame.left - 0.01 && x1 <= right,
                    "page {n}: {item:?} is outside {x0}..{x1}"
                );
                assert!(
                    y0 >= 0.0 && y1 <= bottom,
                    "page {n}: {item:?} is below the page"
                );
                let body = !matches!(item, Item::Text { style, .. } if *style == FOOTER);
                assert!(
                    !body || y1 <= frame.bottom + 0.01,
                    "page {n}: {item:?} is in the bottom margin"
                );
            }
        }
    }
}

#[test]
fn lines_fit_their_width() {
    let fonts = fonts();
    let text = "Leg pain rising while back pain falls is a reason to see the physio sooner. \
                imports/2026/09/activity_17000001_garmin_forerunner_265.fit AVAVAVAVAVAVAVAVAVAV";
    for width in [4.0, 20.0, 55.5, 120.0, 495.0] {
        for line in wrap(&fonts.regular, 10.0, text, width) {
            let w = fonts.regular.width(&line, 10.0);
            assert!(
                w <= width + 0.01 || line.chars().count() == 1,
                "{line:?} is {w} wide, more than {width}"
            );
        }
        for line in wrap_spans(&fonts, 10.0, &[(true, "Label:"), (false, text)], width) {
            let w: f32 = line
                .iter()
                .map(|s| fonts.face(s.bold).width(&s.text, 10.0))
                .sum();
            let chars: usize = line.iter().map(|s| s.text.chars().count()).sum();
            assert!(w <= width + 0.01 || chars == 1, "{line:?} is {w} wide");
        }
    }
}

#[test]
fn wrap_keeps_every_character_but_spaces() {
    let fonts = fonts();
    let text = "a  b\tc\n\nlooooooooooooooooooooooooooooooooooong-word/with_parts.fit";
    let lines = wrap(&fonts.regular, 10.0, text, 30.0);
    let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    assert_eq!(strip(&lines.concat()), strip(text));
    assert!(lines.contains(&String::new()), "the blank line stays");
    let spans = wrap_spans(&fonts, 10.0, &[(true, "Pain:"), (false, text)], 30.0);
    let all: String = spans.iter().flatten().map(|s| s.text.as_str()).collect();
    assert_eq!(strip(&all), strip(&format!("Pain:{text}")));
    assert!(spans[0][0].bold, "the label is bold");
}

#[test]
fn a_long_table_repeats_its_header_on_every_page() {
    let fonts = fonts();
    let pages = layout(&fonts, Paper::A4, "t", &[table(400)]);
    assert!(pages.len() >= 5, "{} pages", pages.len());
    for (n, page) in pages.iter().enumerate() {
        let first = page.iter().find_map(|i| match i {
            Item::Text { text, .. } => Some(text.as_str()),
            _ => None,
        });
        assert_eq!(first, Some("Week"), "page {n} starts without the header");
    }
}

#[test]
fn a_row_taller_than_a_page_continues_on_the_next() {
    let fonts = fonts();
    let huge = "word ".repeat(20_000);
    let pages = layout(
        &fonts,
        Paper::Letter,
        "t",
        &[Block::Table {
            header: vec!["h".into()],
            rows: vec![vec![huge]],
            tints: vec![],
        }],
    );
    assert!(pages.len() > 2);
}

#[test]
fn empty_input_is_one_page() {
    let fonts = fonts();
    assert_eq!(layout(&fonts, Paper::A4, "", &[]).len(), 1);
    let trailing_breaks = [
        Block::Paragraph("x".into()),
        Block::PageBreak,
        Block::PageBreak,
    ];
    assert_eq!(layout(&fonts, Paper::A4, "", &trailing_breaks).len(), 1);
    assert!(
        pdf(Paper::A4, "", &[])
            .expect("a PDF")
            .starts_with(b"%PDF-")
    );
}

#[test]
fn hostile_input_still_makes_a_pdf() {
    for paper in [Paper::A4, Paper::Letter] {
        let bytes = pdf(paper, "hostile", &hostile()).expect("a PDF");
        assert!(bytes.starts_with(b"%PDF-"));
    }
}

#[test]
fn the_same_report_gives_the_same_bytes() {
    let blocks = [table(50), Block::Paragraph("text".into())];
    assert_eq!(pdf(Paper::A4, "t", &blocks), pdf(Paper::A4, "t", &blocks));
}

#[test]
fn pages_have_the_paper_size() {
    for (paper, media_box) in [
        (Paper::A4, "/MediaBox [0 0 595.28 841.89]"),
        (Paper::Letter, "/MediaBox [0 0 612 792]"),
    ] {
        let bytes = pdf(paper, "t", &[Block::Paragraph("x".into())]).expect("a PDF");
        let text = String::from_utf8_lossy(&bytes).replace("/MediaBox[", "/MediaBox [");
        assert!(text.contains(media_box), "no {media_box}");
    }
}

#[test]
fn number_columns_are_right_aligned() {
    let rows = vec![
        vec![
            "2026-W36".into(),
            "1100 a.u.".into(),
            "+7 %".into(),
            "–".into(),
            "".into(),
        ],
        vec![
            "2026-W37".into(),
            "950 a.u.".into(),
            "−12 %".into(),
            "0.93".into(),
            "note".into(),
        ],
    ];
    assert_eq!(
        numeric_columns(&rows, 6),
        [false, true, true, true, false, false]
    );
}

#[test]
fn columns_add_up_to_the_text_width_at_most() {
    let fonts = fonts();
    let word = "w".repeat(200);
    for columns in [1, 3, 15, 60, 400] {
        let header: Vec<String> = (0..columns).map(|i| format!("Column {i}")).collect();
        let rows = vec![(0..columns).map(|_| word.clone()).collect::<Vec<_>>()];
        let extent = Extent::measure(&fonts, &header, &rows, columns);
        let (size, widths) = table_grid(&extent, 495.0);
        assert!(CELL_SIZES.contains(&size));
        assert!(widths.iter().sum::<f32>() <= 495.01, "{columns} columns");
        assert!(widths.iter().all(|w| *w > 0.0 && w.is_finite()));
    }
}

#[test]
fn chart_text_uses_the_embedded_font_and_stays_text() {
    let fonts = fonts();
    let tree = super::text::parse_svg(SVG, &fonts).expect("the SVG parses");
    let families: Vec<String> = tree
        .fontdb()
        .faces()
        .flat_map(|f| f.families.iter().map(|(name, _)| name.clone()))
        .collect();
    assert!(
        families.iter().all(|f| f.starts_with("DejaVu Sans")),
        "{families:?}"
    );
    let mut texts = 0;
    count_text(tree.root(), &mut texts);
    assert_eq!(texts, 2, "chart text was dropped");
}

fn count_text(group: &usvg::Group, count: &mut usize) {
    for node in group.children() {
        match node {
            usvg::Node::Group(g) => count_text(g, count),
            usvg::Node::Text(t) if !t.layouted().is_empty() => *count += 1,
            _ => {}
        }
    }
}

/// The text sizes on a page, its footer left out.
fn text_sizes(page: &[Item]) -> Vec<f32> {
    page.iter()
        .filter_map(|i| match i {
            Item::Text { style, .. } if *style != FOOTER => Some(style.size),
            _ => None,
        })
        .collect()
}

#[test]
fn page_one_shrinks_to_fit_one_page() {
    let fonts = fonts();
    let items: Vec<(String, String)> = (0..16)
        .map(|i| (format!("Label {i}"), "word ".repeat(60)))
        .collect();
    let one = Block::Definitions(items);
    let blocks = [
        one.clone(),
        Block::PageBreak,
        Block::Paragraph("Appendix".into()),
    ];
    for paper in [Paper::A4, Paper::Letter] {
        // At the usual size (after a page break) it takes more than a page…
        let usual = [Block::PageBreak, one.clone()];
        assert!(layout(&fonts, paper, "", &usual).len() > 1);
        // …so page one is set smaller, and the appendix starts on page two.
        let pages = layout(&fonts, paper, "", &blocks);
        assert_eq!(pages.len(), 2, "{paper:?}");
        let sizes = text_sizes(&pages[0]);
        assert!(sizes.iter().all(|s| *s < 10.0), "{sizes:?}");
        let appendix = pages[1].iter().any(|i| match i {
            Item::Text { text, style, .. } => text == "Appendix" && style.size == 10.0,
            _ => false,
        });
        assert!(appendix, "the appendix keeps the usual size");
    }
}

/// A page one too long for any size is set at the smallest, which stays
/// readable when printed (≥ 6.5 pt), so as much as can be is on page one.
#[test]
fn a_page_one_that_cannot_fit_keeps_the_smallest_readable_size() {
    let fonts = fonts();
    let items: Vec<(String, String)> = (0..40)
        .map(|i| (format!("Label {i}"), "word ".repeat(80)))
        .collect();
    let blocks = [
        Block::Small("small print".into()),
        Block::Definitions(items),
        Block::PageBreak,
        Block::Paragraph("Appendix".into()),
    ];
    let pages = layout(&fonts, Paper::A4, "", &blocks);
    let sizes = text_sizes(&pages[0]);
    let smallest = sizes.iter().cloned().fold(f32::MAX, f32::min);
    assert!((6.5..6.6).contains(&smallest), "{sizes:?}");
    assert!(
        sizes.iter().all(|s| *s < 8.0),
        "page one at its smallest: {sizes:?}"
    );
}
