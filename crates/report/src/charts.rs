//! The report's charts, drawn with plotters into an RGB buffer and encoded
//! to PNG in memory: four always, and a fifth (jog and walk minutes against
//! the return-to-run plan) when a plan week falls in the period.
//!
//! Text uses the DejaVu Sans font embedded in the binary (`assets/fonts/`),
//! so a chart looks the same on every machine and needs no fontconfig; the
//! colours are the colour-blind-safe Okabe–Ito palette. The PNG encoder is
//! a small one of our own on top of `flate2` (plotters writes PNG files only
//! to a path): the same analysis gives byte-identical files.
//!
//! Missing values are gaps, never zeros: a week without diary entries has
//! no pain point, a week without enough history has no ratio.

use runlog_core::config::{Config, LoadMetric};
use runlog_core::analysis::flags::{Analysis, Spike};
use runlog_core::analysis::load::{Day, MIN_HISTORY_DAYS, Week, shift_days};
use runlog_core::analysis::plan::PlanWeek;
use chrono::{Datelike, NaiveDate};
use plotters::chart::DualCoordChartContext;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontStyle, RGBAColor, register_font};
use std::sync::OnceLock;

/// Width and height of every chart, in pixels.
pub const WIDTH: u32 = 1600;
pub const HEIGHT: u32 = 900;

pub const TITLE_WEEKLY: &str = "Weekly load and pain";
pub const TITLE_ACWR: &str = "Acute:chronic workload ratio (EWMA)";
pub const TITLE_DAILY: &str = "Daily runs and pain";
pub const TITLE_SCATTER: &str = "Load change vs next-week pain change";
pub const TITLE_JOG_WALK: &str = "Jog and walk minutes against the plan";

/// One rendered chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub file_name: &'static str,
    pub title: String,
    /// A text description of what the chart shows, for the `alt` attribute.
    pub alt: String,
    pub png: Vec<u8>,
}

/// Render the charts for the days/weeks within [from, to] (inclusive
/// dates). A week belongs to the period when any of its days does; its
/// values are those of the whole week.
///
/// Four charts always; the jog/walk chart comes last, and only when a week
/// of the return-to-run plan (`a.plan`) falls in the period.
pub fn render(
    a: &Analysis,
    config: &Config,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Chart>, String> {
    fonts()?;
    let v = View::new(a, config, from, to);
    let specs: [(&'static str, &str, String, Drawer); 4] = [
        (
            "weekly_load_pain.png",
            TITLE_WEEKLY,
            alt_weekly(&v),
            weekly_load_pain,
        ),
        ("acwr.png", TITLE_ACWR, alt_acwr(&v), acwr_chart),
        (
            "daily_timeline.png",
            TITLE_DAILY,
            alt_daily(&v),
            daily_timeline,
        ),
        (
            "load_change_vs_pain.png",
            TITLE_SCATTER,
            alt_scatter(&v),
            load_change_vs_pain,
        ),
    ];
    let plan: Option<(&'static str, &str, String, Drawer)> = (!v.plan.is_empty()).then(|| {
        (
            "jog_walk.png",
            TITLE_JOG_WALK,
            alt_jog_walk(&v),
            jog_walk as Drawer,
        )
    });
    specs
        .into_iter()
        .chain(plan)
        .map(|(file_name, title, alt, draw)| {
            let png = to_png(|root| draw(root, &v))
                .map_err(|e| format!("cannot draw the chart {file_name}: {e}"))?;
            Ok(Chart {
                file_name,
                title: title.to_string(),
                alt,
                png,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Style

type Area<'a> = DrawingArea<BitMapBackend<'a>, Shift>;
type Res<T = ()> = Result<T, Box<dyn std::error::Error>>;
type Xy = Cartesian2d<RangedCoordf64, RangedCoordf64>;
type LoadPainChart<'a, 'b> = DualCoordChartContext<'a, BitMapBackend<'b>, Xy, Xy>;

/// The mesh both load-and-pain charts share: the load (or minutes) on the
/// left, pain 0–10 on the right, no vertical grid (the x axis is drawn by
/// hand with dates).
fn load_and_pain_axes(chart: &mut LoadPainChart<'_, '_>, y_desc: &str, y_max: f64) -> Res {
    let fmt = |y: &f64| tick(*y, y_max);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(8)
        .y_desc(y_desc)
        .y_label_formatter(&fmt)
        .label_style(font(TICK_PX))
        .axis_desc_style(font(DESC_PX))
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(INK.stroke_width(2))
        .draw()?;
    chart
        .configure_secondary_axes()
        .x_labels(0)
        .y_labels(6)
        .y_desc("Pain (0–10 scale)")
        .y_label_formatter(&|y| format!("{y:.0}"))
        .label_style(font(TICK_PX))
        .axis_desc_style(font(DESC_PX))
        .axis_style(INK.stroke_width(2))
        .draw()?;
    Ok(())
}
type Drawer = fn(&Area<'_>, &View<'_>) -> Res;

// Okabe & Ito (2008), "Color Universal Design".
const OI_BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
const OI_ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
const OI_VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
const OI_GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
const OI_SKY: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
const OI_PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
const OI_GREY: RGBColor = RGBColor(0x99, 0x99, 0x99);
/// Text and axes.
const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Secondary text (notes, captions).
const MUTED: RGBColor = RGBColor(0x55, 0x55, 0x55);
/// The bluish green darkened for text on a light-green band.
const GREEN_TEXT: RGBColor = RGBColor(0x00, 0x6B, 0x4E);
const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);

const TITLE_PX: f64 = 40.0;
const DESC_PX: f64 = 26.0;
const TICK_PX: f64 = 24.0;
const LEGEND_PX: f64 = 24.0;
const NOTE_PX: f64 = 22.0;

const TITLE_Y: i32 = 22;
const LEGEND_Y: i32 = 90;
const MARGIN: i32 = 30;
/// Room under the plot for two lines of tick labels and the axis title.
const X_AREA: i32 = 125;
const Y_AREA: i32 = 120;
/// Half the width of a bar, in x units (one unit per week or day).
const BAR: f64 = 0.36;

const REGULAR: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../assets/fonts/DejaVuSans-Bold.ttf");

/// Register the embedded fonts as plotters' "sans-serif", once.
fn fonts() -> Result<(), String> {
    static DONE: OnceLock<Result<(), String>> = OnceLock::new();
    DONE.get_or_init(|| {
        let bad = |_| "the embedded DejaVu Sans font could not be read".to_string();
        register_font("sans-serif", FontStyle::Normal, REGULAR).map_err(bad)?;
        register_font("sans-serif", FontStyle::Bold, BOLD).map_err(bad)
    })
    .clone()
}

fn font(px: f64) -> TextStyle<'static> {
    TextStyle::from((FontFamily::SansSerif, px)).color(&INK)
}

fn bold(px: f64) -> TextStyle<'static> {
    TextStyle::from((FontFamily::SansSerif, px, FontStyle::Bold)).color(&INK)
}

fn anchor(h: HPos, v: VPos) -> Pos {
    Pos::new(h, v)
}

// ---------------------------------------------------------------------------
// The data in the period

struct View<'a> {
    a: &'a Analysis,
    config: &'a Config,
    from: NaiveDate,
    to: NaiveDate,
    metric: LoadMetric,
    /// Index in `a.load.weeks` of `weeks[0]`.
    first_week: usize,
    weeks: Vec<&'a Week>,
    days: Vec<&'a Day>,
    /// The plan's weeks in the period (empty without a plan).
    plan: Vec<&'a PlanWeek>,
}

impl<'a> View<'a> {
    fn new(a: &'a Analysis, config: &'a Config, from: NaiveDate, to: NaiveDate) -> View<'a> {
        let in_period = |w: &Week| shift_days(w.start, 6) >= from && w.start <= to;
        let first_week = a.load.weeks.iter().position(in_period).unwrap_or(0);
        let weeks = a.load.weeks.iter().filter(|w| in_period(w)).collect();
        let days = a
            .load
            .days
            .iter()
            .filter(|d| d.date >= from && d.date <= to)
            .collect();
        let plan = a
            .plan
            .iter()
            .filter(|w| shift_days(w.start, 6) >= from && w.start <= to)
            .collect();
        View {
            a,
            config,
            from,
            to,
            metric: a.metric.unwrap_or(config.load.metric),
            first_week,
            weeks,
            days,
            plan,
        }
    }

    fn load_desc(&self) -> String {
        let unit = self.metric.unit();
        match self.metric {
            LoadMetric::Time => format!("Weekly running time ({unit})"),
            LoadMetric::Distance => format!("Weekly distance ({unit})"),
            LoadMetric::Trimp => format!("Weekly heart-rate load ({unit})"),
            LoadMetric::Srpe => format!("Weekly session-RPE load ({unit})"),
        }
    }

    /// "5 Jan – 29 Mar 2026".
    fn period(&self) -> String {
        date_range(self.from, self.to)
    }

    /// The years the weeks span, for the axis title: "2026" or "2025–2026".
    fn week_years(&self) -> String {
        let first = self.weeks.first().map(|w| w.start.year());
        let last = self.weeks.last().map(|w| shift_days(w.start, 6).year());
        years(first, last)
    }

    /// The years the plan's weeks span, for the axis title.
    fn plan_years(&self) -> String {
        let first = self.plan.first().map(|w| w.start.year());
        let last = self.plan.last().map(|w| shift_days(w.start, 6).year());
        years(first, last)
    }

    /// The week after `weeks[k]`, even when it lies after the period.
    fn next_week(&self, k: usize) -> Option<&'a Week> {
        let w = self.weeks.get(k)?;
        let next = self.a.load.weeks.get(self.first_week + k + 1)?;
        (next.start == shift_days(w.start, 7)).then_some(next)
    }

    /// Leading weeks whose last day comes before `MIN_HISTORY_DAYS` of data.
    fn weeks_without_history(&self) -> usize {
        let (Some(first), Some(last)) = (self.a.load.days.first(), self.a.load.days.last()) else {
            return self.weeks.len();
        };
        let enough = shift_days(first.date, MIN_HISTORY_DAYS - 1);
        self.weeks
            .iter()
            .take_while(|w| shift_days(w.start, 6).min(last.date) < enough)
            .count()
    }

    /// Spikes in the period: (spike, followed a load jump).
    fn spikes(&self) -> Vec<(&'a Spike, bool)> {
        let flagged = self.a.flags.iter().map(|f| (&f.spike, true));
        let other = self.a.unexplained.iter().map(|s| (s, false));
        flagged
            .chain(other)
            .filter(|(s, _)| s.peak_date.max(s.date) >= self.from && s.date <= self.to)
            .collect()
    }
}

fn years(first: Option<i32>, last: Option<i32>) -> String {
    match (first, last) {
        (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
        (Some(a), _) => a.to_string(),
        _ => String::new(),
    }
}

fn date_range(from: NaiveDate, to: NaiveDate) -> String {
    if from.year() == to.year() {
        format!("{} – {}", from.format("%-d %b"), to.format("%-d %b %Y"))
    } else {
        format!("{} – {}", from.format("%-d %b %Y"), to.format("%-d %b %Y"))
    }
}

/// "2026-W14" → "W14".
fn short_week(label: &str) -> &str {
    label.rsplit('-').next().unwrap_or(label)
}

fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite())
}

/// A number without trailing zeros: 1.5, 0.8, 2.
fn num(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Tick labels for a value axis whose top is `max`: the same number of
/// decimals on every tick, and a real minus sign.
fn tick(v: f64, max: f64) -> String {
    let decimals = if max >= 8.0 {
        0
    } else if max >= 1.5 {
        1
    } else {
        2
    };
    minus(format!("{v:.decimals$}"))
}

/// "-0.5" → "−0.5" (U+2212), and "-0" → "0".
fn minus(s: String) -> String {
    match s.strip_prefix('-') {
        Some(rest) if rest.chars().any(|c| c.is_ascii_digit() && c != '0') => format!("−{rest}"),
        Some(rest) => rest.to_string(),
        None => s,
    }
}

/// The half-width of bars for `n` slots: `BAR`, but at most about 65 px.
fn bar_half(n: usize) -> f64 {
    let plot_w = (WIDTH as i32 - 2 * MARGIN - 2 * Y_AREA) as f64;
    BAR.min(65.0 * n.max(1) as f64 / plot_w)
}

/// Consecutive runs of present values, as (x, y) points.
fn segments(values: &[Option<f64>]) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut cur = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(y) => cur.push((i as f64, *y)),
            None if !cur.is_empty() => out.push(std::mem::take(&mut cur)),
            None => {}
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn points(values: &[Option<f64>]) -> Vec<(f64, f64)> {
    values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|y| (i as f64, y)))
        .collect()
}

// ---------------------------------------------------------------------------
// Frame: title, legend, no-data caption, custom x axes

fn title(root: &Area<'_>, text: &str) -> Res {
    let style = bold(TITLE_PX).pos(anchor(HPos::Center, VPos::Top));
    put_text(root, text, (WIDTH as i32 / 2, TITLE_Y), &style)?;
    Ok(())
}

/// Draw `text` with `style` (its anchor included) so that every glyph sits
/// where the font puts it.
///
/// plotters 0.3.7's ab_glyph text drawing places each glyph's ink at the pen
/// position and drops the glyph's left side bearing, so glyphs whose bearing
/// is unusual sit 1–3 px off ("19  Jan", "J" has a negative bearing). Here
/// each glyph is drawn on its own at the pen position plotters measures,
/// plus the bearing read from the embedded font.
fn put_text(root: &Area<'_>, text: &str, at: (i32, i32), style: &TextStyle<'_>) -> Res {
    let bold = matches!(style.font.get_style(), FontStyle::Bold);
    let Some(m) = Bearings::get(bold) else {
        root.draw(&Text::new(text, at, style.clone()))?;
        return Ok(());
    };
    let px = style.font.get_size();
    let total = root.estimate_text_size(text, style)?.0 as i32;
    let x0 = match style.pos.h_pos {
        HPos::Left => at.0,
        HPos::Center => at.0 - total / 2,
        HPos::Right => at.0 - total,
    };
    let glyph_style = style.pos(anchor(HPos::Left, style.pos.v_pos));
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            continue;
        }
        let end = i + c.len_utf8();
        let upto = root.estimate_text_size(&text[..end], style)?.0 as i32;
        let own = root.estimate_text_size(&text[i..end], style)?.0 as i32;
        let x = x0 + upto - own + m.shift(c, px);
        root.draw(&Text::new(&text[i..end], (x, at.1), glyph_style.clone()))?;
    }
    Ok(())
}

/// Left side bearings of an embedded font, through ab_glyph (the crate
/// plotters draws with), so both agree on the font's units.
struct Bearings {
    font: ab_glyph::FontRef<'static>,
}

impl Bearings {
    fn get(bold: bool) -> Option<&'static Bearings> {
        static FONTS: OnceLock<(Option<Bearings>, Option<Bearings>)> = OnceLock::new();
        let parse = |data| {
            ab_glyph::FontRef::try_from_slice(data)
                .ok()
                .map(|font| Bearings { font })
        };
        let (regular, heavy) = FONTS.get_or_init(|| (parse(REGULAR), parse(BOLD)));
        if bold {
            heavy.as_ref()
        } else {
            regular.as_ref()
        }
    }

    /// Whole pixels to move `c` right at `px`: its bearing, floored the way
    /// ab_glyph floors the glyph's pixel bounds. ab_glyph scales font units
    /// by px / (ascent − descent).
    fn shift(&self, c: char, px: f64) -> i32 {
        use ab_glyph::Font;
        // Only the Basic Multilingual Plane, where every label runlog draws
        // lives; anything else is drawn as plotters places it.
        if u32::from(c) > 0xFFFF {
            return 0;
        }
        let g = self.font.glyph_id(c);
        let height = self.font.height_unscaled() as f64;
        if g.0 == 0 || height <= 0.0 {
            return 0;
        }
        (self.font.h_side_bearing_unscaled(g) as f64 * px / height).floor() as i32
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Mark {
    None,
    Circle,
    Triangle,
}

#[derive(Clone, Copy)]
enum Swatch {
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

fn swatch_width(root: &Area<'_>, s: &Swatch) -> Res<i32> {
    Ok(match s {
        Swatch::Glyph(g, _) => root.estimate_text_size(g, &bold(LEGEND_PX))?.0 as i32,
        Swatch::Word(g, _) => root.estimate_text_size(g, &font(LEGEND_PX))?.0 as i32,
        Swatch::Mark(..) => 24,
        _ => SWATCH_W,
    })
}

fn draw_mark(root: &Area<'_>, mark: Mark, at: (i32, i32), size: i32, color: RGBColor) -> Res {
    match mark {
        Mark::None => {}
        Mark::Circle => root.draw(&Circle::new(at, size, color.filled()))?,
        Mark::Triangle => root.draw(&TriangleMarker::new(at, size + 2, color.filled()))?,
    }
    Ok(())
}

/// Draw a horizontal legend centred under the title, wrapping to more rows
/// when needed; returns the y just below it.
fn legend(root: &Area<'_>, items: &[(Swatch, String)]) -> Res<i32> {
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

/// A framed empty plot with a caption, for periods without data.
fn no_data(root: &Area<'_>, v: &View<'_>, what: &str) -> Res {
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

/// Pixel geometry of a plot: x of a data value, and the plot's bottom edge.
struct Axis<'f> {
    px: &'f dyn Fn(f64) -> i32,
    bottom: i32,
    left: i32,
    right: i32,
}

/// How many labels to skip so labels `label_w` wide do not touch.
fn label_step(n: usize, label_w: i32, plot_w: i32) -> usize {
    let need = n as i64 * label_w as i64;
    let fit = plot_w.max(1) as i64;
    (((need + fit - 1) / fit).max(1)) as usize
}

fn tick_mark(root: &Area<'_>, x: i32, y: i32) -> Res {
    root.draw(&PathElement::new(
        vec![(x, y), (x, y + 8)],
        INK.stroke_width(2),
    ))?;
    Ok(())
}

fn x_desc(root: &Area<'_>, ax: &Axis<'_>, below: i32, text: &str) -> Res {
    let st = font(DESC_PX).pos(anchor(HPos::Center, VPos::Top));
    let at = ((ax.left + ax.right) / 2, ax.bottom + below);
    put_text(root, text, at, &st)?;
    Ok(())
}

/// Week axis: "W14" over "30 Mar" (the Monday) under every labelled week.
fn week_axis(root: &Area<'_>, ax: &Axis<'_>, weeks: &[&Week], years: &str) -> Res {
    let ticks: Vec<(&str, NaiveDate)> = weeks.iter().map(|w| (w.week.as_str(), w.start)).collect();
    week_ticks(root, ax, &ticks, years)
}

/// `week_axis` for (ISO week label, Monday) pairs.
fn week_ticks(root: &Area<'_>, ax: &Axis<'_>, weeks: &[(&str, NaiveDate)], years: &str) -> Res {
    let style = font(TICK_PX).pos(anchor(HPos::Center, VPos::Top));
    let widest = root.estimate_text_size("30 Sep", &style)?.0 as i32 + 22;
    let step = label_step(weeks.len(), widest, ax.right - ax.left);
    for (i, (week, start)) in weeks.iter().enumerate() {
        if i % step != 0 {
            continue;
        }
        let x = (ax.px)(i as f64);
        tick_mark(root, x, ax.bottom)?;
        put_text(root, short_week(week), (x, ax.bottom + 14), &style)?;
        let monday = start.format("%-d %b").to_string();
        put_text(root, &monday, (x, ax.bottom + 44), &style)?;
    }
    let desc = format!("ISO week and the date of its Monday ({years})");
    x_desc(root, ax, 84, &desc)
}

/// Day axis: every day when the labels fit, else every 2nd day, else
/// Mondays ("Mon 30 Mar") every 1, 2, 4… weeks.
fn day_axis(root: &Area<'_>, ax: &Axis<'_>, first: NaiveDate, n: usize) -> Res {
    let style = font(TICK_PX).pos(anchor(HPos::Center, VPos::Top));
    let widest = root.estimate_text_size("Wed 30 Sep", &style)?.0 as i64 + 24;
    let plot_w = (ax.right - ax.left).max(1) as i64;
    let fits = |count: usize| count as i64 * widest <= plot_w;
    let until_monday = (7 - first.weekday().num_days_from_monday() as usize) % 7;
    let mondays: Vec<usize> = (until_monday..n).step_by(7).collect();
    let (ticks, on_mondays): (Vec<usize>, bool) = if fits(n) {
        ((0..n).collect(), false)
    } else if n <= 31 && fits(n.div_ceil(2)) {
        ((0..n).step_by(2).collect(), false)
    } else {
        let step = [1, 2, 4, 8, 13, 26, 52]
            .into_iter()
            .find(|s| fits(mondays.len().div_ceil(*s)))
            .unwrap_or(52);
        (mondays.into_iter().step_by(step).collect(), true)
    };
    for i in ticks {
        let x = (ax.px)(i as f64);
        tick_mark(root, x, ax.bottom)?;
        let day = shift_days(first, i as i64);
        let label = day.format("%a %-d %b").to_string();
        put_text(root, &label, (x, ax.bottom + 14), &style)?;
    }
    let last = shift_days(first, n.saturating_sub(1) as i64);
    let years = years(Some(first.year()), Some(last.year()));
    let desc = match on_mondays {
        true => format!("Date ({years}); labels on Mondays"),
        false => format!("Date ({years})"),
    };
    x_desc(root, ax, 52, &desc)
}

// ---------------------------------------------------------------------------
// 1. Weekly load and pain

fn weekly_load_pain(root: &Area<'_>, v: &View<'_>) -> Res {
    title(root, TITLE_WEEKLY)?;
    let weeks = &v.weeks;
    if weeks.is_empty() {
        return no_data(root, v, "no runs or diary entries");
    }
    let unit = v.metric.unit();
    let items = [
        (
            Swatch::Bar(OI_SKY.to_rgba()),
            format!("Weekly load ({unit})"),
        ),
        (
            Swatch::Bar(OI_ORANGE.to_rgba()),
            "Load-jump week".to_string(),
        ),
        (
            Swatch::Glyph("▲ FLAG", OI_VERMILLION),
            "load jump followed by a pain spike".to_string(),
        ),
        (
            Swatch::Line {
                color: OI_BLUE,
                width: 4,
                dashed: false,
                mark: Mark::Circle,
            },
            "Mean pain".to_string(),
        ),
        (
            Swatch::Line {
                color: OI_PURPLE,
                width: 3,
                dashed: true,
                mark: Mark::Triangle,
            },
            "Max pain".to_string(),
        ),
    ];
    let top = legend(root, &items)?;
    let n = weeks.len() as f64;
    let max_load = weeks
        .iter()
        .filter_map(|w| finite(Some(w.load)))
        .fold(0.0, f64::max);
    let y_max = if max_load > 0.0 { max_load * 1.2 } else { 1.0 };
    let mut chart = ChartBuilder::on(root)
        .margin_top(top + 16)
        .margin_left(MARGIN)
        .margin_right(MARGIN)
        .margin_bottom(MARGIN)
        .x_label_area_size(X_AREA)
        .y_label_area_size(Y_AREA)
        .right_y_label_area_size(Y_AREA)
        .build_cartesian_2d(-0.5..n - 0.5, 0.0..y_max)?
        .set_secondary_coord(-0.5..n - 0.5, 0.0..10.0);
    load_and_pain_axes(&mut chart, &v.load_desc(), y_max)?;

    let half = bar_half(weeks.len());
    chart.draw_series(
        weeks
            .iter()
            .enumerate()
            .filter(|(_, w)| w.load > 0.0)
            .map(|(i, w)| {
                let colour = if w.load_jump || w.flag {
                    OI_ORANGE
                } else {
                    OI_SKY
                };
                let x = i as f64;
                Rectangle::new([(x - half, 0.0), (x + half, w.load)], colour.filled())
            }),
    )?;
    chart.draw_series(
        weeks
            .iter()
            .enumerate()
            .filter(|(_, w)| w.flag && w.load > 0.0)
            .map(|(i, w)| {
                let x = i as f64;
                Rectangle::new(
                    [(x - half, 0.0), (x + half, w.load)],
                    OI_VERMILLION.stroke_width(4),
                )
            }),
    )?;

    let mean: Vec<Option<f64>> = weeks.iter().map(|w| finite(w.pain_mean)).collect();
    let max: Vec<Option<f64>> = weeks.iter().map(|w| finite(w.pain_max)).collect();
    for seg in segments(&max) {
        chart.draw_secondary_series(DashedLineSeries::new(
            seg,
            14,
            9,
            OI_PURPLE.stroke_width(3),
        ))?;
    }
    chart.draw_secondary_series(
        points(&max)
            .into_iter()
            .map(|p| TriangleMarker::new(p, 10, OI_PURPLE.filled())),
    )?;
    for seg in segments(&mean) {
        chart.draw_secondary_series(LineSeries::new(seg, OI_BLUE.stroke_width(4)))?;
    }
    chart.draw_secondary_series(
        points(&mean)
            .into_iter()
            .map(|p| Circle::new(p, 8, OI_BLUE.filled())),
    )?;

    let flag_style = bold(NOTE_PX)
        .color(&OI_VERMILLION)
        .pos(anchor(HPos::Center, VPos::Bottom));
    for (i, w) in weeks.iter().enumerate().filter(|(_, w)| w.flag) {
        let (x, y) = chart.backend_coord(&(i as f64, w.load.max(0.0)));
        put_text(root, "▲ FLAG", (x, y - 8), &flag_style)?;
    }

    let px = |x: f64| chart.backend_coord(&(x, 0.0)).0;
    let ax = Axis {
        px: &px,
        bottom: chart.backend_coord(&(0.0, 0.0)).1,
        left: px(-0.5),
        right: px(n - 0.5),
    };
    week_axis(root, &ax, weeks, &v.week_years())?;
    if mean.iter().all(Option::is_none) {
        note_in_plot(
            root,
            &ax,
            top,
            "no diary entries in these weeks: no pain shown",
        )?;
    }
    Ok(())
}

/// A grey note in the top-left corner of the plot.
fn note_in_plot(root: &Area<'_>, ax: &Axis<'_>, top: i32, text: &str) -> Res {
    let st = font(NOTE_PX)
        .color(&MUTED)
        .pos(anchor(HPos::Left, VPos::Top));
    put_text(root, text, (ax.left + 12, top + 26), &st)?;
    Ok(())
}

// ---------------------------------------------------------------------------
// 2. Acute:chronic ratio

fn acwr_chart(root: &Area<'_>, v: &View<'_>) -> Res {
    title(root, TITLE_ACWR)?;
    let weeks = &v.weeks;
    if weeks.is_empty() {
        return no_data(root, v, "no runs or diary entries");
    }
    let l = &v.config.load;
    let band = format!("{}–{} band", num(l.acwr_low_band), num(l.acwr_high_band));
    let items = [
        (
            Swatch::Line {
                color: OI_BLUE,
                width: 4,
                dashed: false,
                mark: Mark::Circle,
            },
            "EWMA ratio (7-day : 28-day)".to_string(),
        ),
        (
            Swatch::Line {
                color: OI_ORANGE,
                width: 3,
                dashed: true,
                mark: Mark::None,
            },
            "Rolling ratio (last 7 days : 3 weeks before)".to_string(),
        ),
        (Swatch::Bar(OI_GREEN.mix(0.2)), band.clone()),
        (
            Swatch::Line {
                color: OI_VERMILLION,
                width: 3,
                dashed: true,
                mark: Mark::None,
            },
            format!("Load-jump limit {}", num(l.acwr_high)),
        ),
    ];
    let early = v.weeks_without_history();
    let mut items = items.to_vec();
    if early > 0 {
        let key = format!("Not enough history (< {MIN_HISTORY_DAYS} days)");
        items.push((Swatch::Bar(OI_GREY.mix(0.25)), key));
    }
    let top = legend(root, &items)?;
    let n = weeks.len() as f64;
    // Room on the right for the labels of the band and the limit line.
    let limit_label = format!("limit {}", num(l.acwr_high));
    let label_w = root
        .estimate_text_size(&band, &bold(NOTE_PX))?
        .0
        .max(root.estimate_text_size(&limit_label, &bold(NOTE_PX))?.0) as i32;
    let ewma: Vec<Option<f64>> = weeks.iter().map(|w| finite(w.acwr_ewma)).collect();
    let rolling: Vec<Option<f64>> = weeks.iter().map(|w| finite(w.acwr)).collect();
    let highest = ewma
        .iter()
        .chain(&rolling)
        .flatten()
        .copied()
        .fold(0.0, f64::max);
    let y_max = (highest.max(l.acwr_high).max(l.acwr_high_band) * 1.15).max(2.0);
    let y_max = if y_max.is_finite() { y_max } else { 2.0 };
    let mut chart = ChartBuilder::on(root)
        .margin_top(top + 16)
        .margin_left(MARGIN)
        .margin_right(MARGIN + label_w + 16)
        .margin_bottom(MARGIN)
        .x_label_area_size(X_AREA)
        .y_label_area_size(Y_AREA)
        .build_cartesian_2d(-0.5..n - 0.5, 0.0..y_max)?;
    let fmt = |y: &f64| tick(*y, y_max);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(8)
        .y_desc("Acute:chronic ratio (no unit)")
        .y_label_formatter(&fmt)
        .label_style(font(TICK_PX))
        .axis_desc_style(font(DESC_PX))
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(INK.stroke_width(2))
        .draw()?;

    let (x0, x1) = (-0.5, n - 0.5);
    chart.draw_series(std::iter::once(Rectangle::new(
        [(x0, l.acwr_low_band), (x1, l.acwr_high_band)],
        OI_GREEN.mix(0.2).filled(),
    )))?;
    if early > 0 {
        chart.draw_series(std::iter::once(Rectangle::new(
            [(x0, 0.0), (early as f64 - 0.5, y_max)],
            OI_GREY.mix(0.25).filled(),
        )))?;
    }
    chart.draw_series(DashedLineSeries::new(
        [(x0, l.acwr_high), (x1, l.acwr_high)],
        16,
        10,
        OI_VERMILLION.stroke_width(3),
    ))?;

    for seg in segments(&rolling) {
        chart.draw_series(DashedLineSeries::new(seg, 12, 8, OI_ORANGE.stroke_width(3)))?;
    }
    chart.draw_series(
        points(&rolling)
            .into_iter()
            .map(|p| Circle::new(p, 4, OI_ORANGE.filled())),
    )?;
    for seg in segments(&ewma) {
        chart.draw_series(LineSeries::new(seg, OI_BLUE.stroke_width(4)))?;
    }
    chart.draw_series(points(&ewma).into_iter().map(|p| {
        let colour = if p.1 > l.acwr_high {
            OI_VERMILLION
        } else {
            OI_BLUE
        };
        Circle::new(p, 8, colour.filled())
    }))?;

    // Labels on the right end of the band and the limit line.
    let (right, _) = chart.backend_coord(&(x1, 0.0));
    let (_, band_top) = chart.backend_coord(&(x1, l.acwr_high_band));
    let st = bold(NOTE_PX)
        .color(&GREEN_TEXT)
        .pos(anchor(HPos::Left, VPos::Top));
    put_text(root, &band, (right + 10, band_top), &st)?;
    let (_, limit) = chart.backend_coord(&(x1, l.acwr_high));
    let st = bold(NOTE_PX)
        .color(&OI_VERMILLION)
        .pos(anchor(HPos::Left, VPos::Center));
    put_text(root, &limit_label, (right + 10, limit), &st)?;

    let px = |x: f64| chart.backend_coord(&(x, 0.0)).0;
    let ax = Axis {
        px: &px,
        bottom: chart.backend_coord(&(0.0, 0.0)).1,
        left: px(x0),
        right,
    };
    if early > 0 {
        // Centred in the grey area when it is wide enough, else left-aligned.
        let st = font(NOTE_PX).color(&MUTED);
        let line1 = "not enough history";
        let line2 = format!("(< {MIN_HISTORY_DAYS} days)");
        let w = root.estimate_text_size(line1, &st)?.0 as i32;
        let grey_right = px(early as f64 - 0.5);
        let (x, h) = if grey_right - ax.left >= w + 24 {
            ((ax.left + grey_right) / 2, HPos::Center)
        } else {
            (ax.left + 12, HPos::Left)
        };
        let st = st.pos(anchor(h, VPos::Top));
        put_text(root, line1, (x, top + 28), &st)?;
        put_text(root, &line2, (x, top + 56), &st)?;
    }
    week_axis(root, &ax, weeks, &v.week_years())
}

// ---------------------------------------------------------------------------
// 3. Daily runs and pain

fn daily_timeline(root: &Area<'_>, v: &View<'_>) -> Res {
    title(root, TITLE_DAILY)?;
    let (Some(first), Some(last)) = (v.days.first(), v.days.last()) else {
        return no_data(root, v, "no runs or diary entries");
    };
    let first = first.date;
    let n = ((last.date - first).num_days() + 1).max(1) as usize;
    let items = [
        (
            Swatch::Bar(OI_SKY.to_rgba()),
            "Running time (min)".to_string(),
        ),
        (
            Swatch::Bar(OI_ORANGE.to_rgba()),
            "Run that set off a load jump".to_string(),
        ),
        (
            Swatch::Line {
                color: OI_BLUE,
                width: 2,
                dashed: false,
                mark: Mark::Circle,
            },
            "Pain, day's mean".to_string(),
        ),
        (
            Swatch::Mark(Mark::Triangle, OI_PURPLE),
            "Pain, day's max".to_string(),
        ),
        (
            Swatch::Bar(OI_VERMILLION.mix(0.22)),
            "Pain spike after a jump (flag)".to_string(),
        ),
        (
            Swatch::Bar(OI_GREY.mix(0.3)),
            "Pain spike, no jump".to_string(),
        ),
    ];
    let top = legend(root, &items)?;
    let idx = |d: NaiveDate| (d - first).num_days() as f64;
    let max_min = v
        .days
        .iter()
        .filter_map(|d| finite(Some(d.minutes)))
        .fold(0.0, f64::max);
    let y_max = if max_min > 0.0 { max_min * 1.12 } else { 60.0 };
    let x_end = n as f64 - 0.5;
    let mut chart = ChartBuilder::on(root)
        .margin_top(top + 16)
        .margin_left(MARGIN)
        .margin_right(MARGIN)
        .margin_bottom(MARGIN)
        .x_label_area_size(X_AREA - 30)
        .y_label_area_size(Y_AREA)
        .right_y_label_area_size(Y_AREA)
        .build_cartesian_2d(-0.5..x_end, 0.0..y_max)?
        .set_secondary_coord(-0.5..x_end, 0.0..10.0);
    load_and_pain_axes(&mut chart, "Running time per day (min)", y_max)?;

    // Week lines on Mondays.
    let until_monday = (7 - first.weekday().num_days_from_monday() as i64) % 7;
    let mondays = (until_monday..n as i64).step_by(7).map(|i| i as f64 - 0.5);
    chart.draw_series(
        mondays.map(|x| PathElement::new(vec![(x, 0.0), (x, y_max)], GRID.stroke_width(1))),
    )?;

    // Spike episodes, from the first day to the peak.
    for (s, flagged) in v.spikes() {
        let a = idx(s.date).max(0.0) - 0.5;
        let b = idx(s.peak_date.max(s.date)).min(n as f64 - 1.0) + 0.5;
        let colour = if flagged {
            OI_VERMILLION.mix(0.22)
        } else {
            OI_GREY.mix(0.3)
        };
        chart.draw_series(std::iter::once(Rectangle::new(
            [(a, 0.0), (b, y_max)],
            colour.filled(),
        )))?;
    }

    let triggers: Vec<NaiveDate> = v.a.jumps.iter().map(|j| j.trigger_date).collect();
    let half = if n > 120 { 0.45 } else { bar_half(n) };
    chart.draw_series(v.days.iter().filter(|d| d.minutes > 0.0).map(|d| {
        let x = idx(d.date);
        let colour = if triggers.contains(&d.date) {
            OI_ORANGE
        } else {
            OI_SKY
        };
        Rectangle::new([(x - half, 0.0), (x + half, d.minutes)], colour.filled())
    }))?;

    let mut mean = vec![None; n];
    let mut max = vec![None; n];
    for d in &v.days {
        let i = idx(d.date) as usize;
        if i < n {
            mean[i] = finite(d.pain_mean);
            max[i] = finite(d.pain_max);
        }
    }
    let r = if n > 120 {
        4
    } else if n > 60 {
        6
    } else {
        8
    };
    for seg in segments(&mean) {
        chart.draw_secondary_series(LineSeries::new(seg, OI_BLUE.stroke_width(2)))?;
    }
    let higher: Vec<(f64, f64)> = points(&max)
        .into_iter()
        .filter(|(x, y)| mean[*x as usize].is_none_or(|m| *y > m + 0.05))
        .collect();
    chart.draw_secondary_series(
        higher
            .into_iter()
            .map(|p| TriangleMarker::new(p, r + 2, OI_PURPLE.filled())),
    )?;
    // Over long periods the line alone carries the series; days on their
    // own (no diary the day before or after) still get a marker.
    let marked: Vec<(f64, f64)> = segments(&mean)
        .into_iter()
        .filter(|seg| n <= 120 || seg.len() == 1)
        .flatten()
        .collect();
    chart.draw_secondary_series(
        marked
            .into_iter()
            .map(|p| Circle::new(p, r, OI_BLUE.filled())),
    )?;
    // Ring the peak of each spike.
    for (s, flagged) in v.spikes() {
        if s.peak_date < first || s.peak_date > last.date {
            continue;
        }
        let colour = if flagged { OI_VERMILLION } else { INK };
        let p = (idx(s.peak_date), s.peak.clamp(0.0, 10.0));
        chart.draw_secondary_series(std::iter::once(Circle::new(
            p,
            r + 7,
            colour.stroke_width(3),
        )))?;
    }

    let px = |x: f64| chart.backend_coord(&(x, 0.0)).0;
    let ax = Axis {
        px: &px,
        bottom: chart.backend_coord(&(0.0, 0.0)).1,
        left: px(-0.5),
        right: px(x_end),
    };
    day_axis(root, &ax, first, n)?;
    if mean.iter().all(Option::is_none) {
        note_in_plot(
            root,
            &ax,
            top,
            "no diary entries in this period: no pain shown",
        )?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// 4. Load change vs next week's pain change

struct Dot {
    label: String,
    x: f64,
    y: f64,
    jump: bool,
    flag: bool,
}

fn scatter_points(v: &View<'_>) -> Vec<Dot> {
    let mut out = Vec::new();
    for (k, w) in v.weeks.iter().enumerate() {
        let Some(next) = v.next_week(k) else { continue };
        let (Some(x), Some(p0), Some(p1)) = (
            finite(w.load_change_pct),
            finite(w.pain_mean),
            finite(next.pain_mean),
        ) else {
            continue;
        };
        out.push(Dot {
            label: short_week(&w.week).to_string(),
            x,
            y: p1 - p0,
            jump: w.load_jump,
            flag: w.flag,
        });
    }
    out
}

fn load_change_vs_pain(root: &Area<'_>, v: &View<'_>) -> Res {
    title(root, TITLE_SCATTER)?;
    let dots = scatter_points(v);
    if dots.is_empty() {
        return no_data(
            root,
            v,
            "no week with a load change and pain in it and the next week",
        );
    }
    let l = &v.config.load;
    let items = [
        (Swatch::Mark(Mark::Circle, OI_BLUE), "Week".to_string()),
        (
            Swatch::Mark(Mark::Circle, OI_ORANGE),
            "Load-jump week".to_string(),
        ),
        (
            Swatch::Mark(Mark::Circle, OI_VERMILLION),
            "Flagged week (jump, then pain spike)".to_string(),
        ),
        (
            Swatch::Line {
                color: OI_ORANGE,
                width: 3,
                dashed: true,
                mark: Mark::None,
            },
            format!("+{} % jump limit", num(l.jump_pct)),
        ),
    ];
    let top = legend(root, &items)?;
    let xs = dots.iter().map(|d| d.x);
    let (lo, hi) = xs.fold((-l.jump_pct, l.jump_pct * 1.5), |(a, b), x| {
        (a.min(x), b.max(x))
    });
    let pad = ((hi - lo) * 0.08).max(1.0);
    let (x0, x1) = (lo - pad, hi + pad);
    let m = dots.iter().map(|d| d.y.abs()).fold(2.0, f64::max) * 1.15;
    if !(x0.is_finite() && x1.is_finite() && m.is_finite()) {
        return no_data(root, v, "the load changes are not finite numbers");
    }
    let mut chart = ChartBuilder::on(root)
        .margin_top(top + 16)
        .margin_left(MARGIN)
        .margin_right(MARGIN + 40)
        .margin_bottom(MARGIN)
        .x_label_area_size(X_AREA - 35)
        .y_label_area_size(Y_AREA + 30)
        .build_cartesian_2d(x0..x1, -m..m)?;
    let plus =
        |s: String| match s.starts_with('−') || !s.contains(|c: char| ('1'..='9').contains(&c)) {
            true => s,
            false => format!("+{s}"),
        };
    let fx = |x: &f64| plus(minus(format!("{x:.0} %")));
    let fy = |y: &f64| plus(tick(*y, m));
    chart
        .configure_mesh()
        .x_labels(10)
        .y_labels(9)
        .x_desc("Weekly load change vs the week before (%)")
        .y_desc("Mean pain, next week − this week (points, 0–10)")
        .x_label_formatter(&fx)
        .y_label_formatter(&fy)
        .label_style(font(TICK_PX))
        .axis_desc_style(font(DESC_PX))
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(INK.stroke_width(2))
        .draw()?;
    let zero = INK.mix(0.6).stroke_width(2);
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, -m), (0.0, m)],
        zero,
    )))?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(x0, 0.0), (x1, 0.0)],
        zero,
    )))?;
    chart.draw_series(DashedLineSeries::new(
        [(l.jump_pct, -m), (l.jump_pct, m)],
        14,
        9,
        OI_ORANGE.stroke_width(3),
    ))?;

    // Plain weeks first, so highlighted ones are drawn on top.
    let mut order: Vec<&Dot> = dots.iter().collect();
    order.sort_by_key(|d| (d.flag, d.jump));
    chart.draw_series(order.iter().map(|d| {
        let (colour, r) = match (d.flag, d.jump) {
            (true, _) => (OI_VERMILLION.to_rgba(), 12),
            (false, true) => (OI_ORANGE.to_rgba(), 10),
            // See-through, so weeks on top of each other show as darker.
            _ => (OI_BLUE.mix(0.6), 9),
        };
        Circle::new((d.x, d.y), r, colour.filled())
    }))?;
    let (right, _) = chart.backend_coord(&(x1, 0.0));
    for d in dots.iter().filter(|d| d.flag || d.jump) {
        let (px, py) = chart.backend_coord(&(d.x, d.y));
        let colour = if d.flag { OI_VERMILLION } else { OI_ORANGE };
        let st = bold(NOTE_PX).color(&colour);
        let w = root.estimate_text_size(&d.label, &st)?.0 as i32;
        let (x, h) = if px + 18 + w < right {
            (px + 18, HPos::Left)
        } else {
            (px - 18, HPos::Right)
        };
        put_text(
            root,
            &d.label,
            (x, py - 10),
            &st.pos(anchor(h, VPos::Bottom)),
        )?;
    }
    // Quadrant hints, in the plot's top corners.
    let (left, top_px) = chart.backend_coord(&(x0, m));
    let st = font(NOTE_PX).color(&MUTED);
    put_text(
        root,
        "pain rose next week ↑",
        (left + 12, top_px + 10),
        &st.pos(anchor(HPos::Left, VPos::Top)),
    )?;
    let (_, bottom_px) = chart.backend_coord(&(x0, -m));
    put_text(
        root,
        "pain fell next week ↓",
        (left + 12, bottom_px - 10),
        &st.pos(anchor(HPos::Left, VPos::Bottom)),
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------
// 5. Jog and walk minutes against the plan

/// Smallest and largest font size of the ratios written over the bars.
const RATIO_PX: (u32, u32) = (15, 20);

/// What is written over one week's bar.
struct PlanLabels {
    /// The stage's ratio ("1:4", "walk", "continuous"); `None` after the plan.
    planned: Option<String>,
    /// The ratio run: most sessions' ratio, "walk" when there was no
    /// jogging, "no runs" for a week without sessions.
    ran: String,
}

fn plan_labels(w: &PlanWeek) -> PlanLabels {
    let ran = match &w.ratio {
        Some(r) => r.clone(),
        None if w.sessions == 0 => "no runs".into(),
        None if minutes(w.jog_min) == 0.0 && minutes(w.walk_min) > 0.0 => "walk".into(),
        None => "–".into(),
    };
    PlanLabels {
        planned: w.stage.and(w.planned_ratio.clone()),
        ran,
    }
}

/// A label in its full or its short form (for narrow weeks).
fn ratio_form(label: &str, short: bool) -> &str {
    match (label, short) {
        ("continuous", true) => "run",
        ("no runs", true) => "none",
        _ => label,
    }
}

/// Minutes as drawn: finite, and between none and a whole week.
fn minutes(v: f64) -> f64 {
    finite(Some(v)).map_or(0.0, |m| m.clamp(0.0, 7.0 * 24.0 * 60.0))
}

fn text_w(root: &Area<'_>, text: &str, style: &TextStyle<'_>) -> Res<i32> {
    Ok(root.estimate_text_size(text, style)?.0 as i32)
}

/// The largest font size, and whether the short forms are needed, for the
/// widest ratio label to fit in a week's `slot` pixels; `None` when even the
/// short forms at the smallest size do not fit.
fn ratio_fit(root: &Area<'_>, labels: &[PlanLabels], slot: i32) -> Res<Option<(f64, bool)>> {
    for short in [false, true] {
        for size in (RATIO_PX.0..=RATIO_PX.1).rev() {
            let size = size as f64;
            let mut widest = 0;
            for l in labels {
                if let Some(p) = &l.planned {
                    widest = widest.max(text_w(root, ratio_form(p, short), &bold(size))?);
                }
                widest = widest.max(text_w(root, ratio_form(&l.ran, short), &font(size))?);
            }
            if widest + 10 <= slot {
                return Ok(Some((size, short)));
            }
        }
    }
    Ok(None)
}

/// The lines of the "ahead of plan" label that fit in a week's `slot`.
fn ahead_lines(root: &Area<'_>, size: f64, slot: i32) -> Res<&'static [&'static str]> {
    const FORMS: [&[&str]; 3] = [&["▲ ahead of plan"], &["▲ ahead", "of plan"], &["▲"]];
    for lines in FORMS {
        let mut widest = 0;
        for line in lines {
            widest = widest.max(text_w(root, line, &bold(size))?);
        }
        if widest + 6 <= slot {
            return Ok(lines);
        }
    }
    Ok(&[])
}

fn jog_walk(root: &Area<'_>, v: &View<'_>) -> Res {
    title(root, TITLE_JOG_WALK)?;
    let weeks = &v.plan;
    if weeks.is_empty() {
        return no_data(root, v, "no week of the return-to-run plan");
    }
    let n = weeks.len();
    let labels: Vec<PlanLabels> = weeks.iter().map(|w| plan_labels(w)).collect();
    let slot = (WIDTH as i32 - 2 * MARGIN - Y_AREA) / n as i32;
    let fit = ratio_fit(root, &labels, slot)?;
    let size = fit.map_or(RATIO_PX.1 as f64, |f| f.0);
    let ahead = ahead_lines(root, size, slot)?;

    let mut items = vec![
        (Swatch::Bar(OI_BLUE.to_rgba()), "Jogging (min)".to_string()),
        (Swatch::Bar(OI_SKY.to_rgba()), "Walking (min)".to_string()),
        (
            Swatch::Line {
                color: INK,
                width: 5,
                dashed: false,
                mark: Mark::None,
            },
            "Planned jogging share of the week's minutes".to_string(),
        ),
    ];
    if let Some((_, short)) = fit {
        let continuous = labels
            .iter()
            .any(|l| l.ran == "continuous" || l.planned.as_deref() == Some("continuous"));
        let key = match short && continuous {
            true => "planned jog:walk (run = continuous)",
            false => "planned jog:walk",
        };
        items.push((Swatch::Glyph("1:4", INK), key.to_string()));
        items.push((Swatch::Word("1:4", MUTED), "jog:walk run".to_string()));
    }
    items.push((
        Swatch::Glyph("▲ ahead", OI_VERMILLION),
        "of plan (outlined bar)".to_string(),
    ));
    let top = legend(root, &items)?;

    let jog = |w: &PlanWeek| minutes(w.jog_min);
    let walk = |w: &PlanWeek| minutes(w.walk_min);
    let max_total = weeks.iter().map(|w| jog(w) + walk(w)).fold(0.0, f64::max);
    // Head room over the highest bar for its two ratio labels (or, without
    // them, for the note in the corner) and the "ahead" label.
    let line_h = (size * 1.25).round() as i32;
    let any_ahead = weeks.iter().any(|w| w.ahead);
    let lines = 2 + if any_ahead { ahead.len() } else { 0 };
    let room = lines as i32 * line_h + 16;
    let plot_h = ((HEIGHT as i32 - MARGIN - X_AREA) - (top + 16)).max(1);
    let y_max = if max_total > 0.0 {
        let free = (plot_h - room).max(plot_h / 2) as f64;
        (max_total * plot_h as f64 / free).max(max_total * 1.1)
    } else {
        60.0
    };
    let x_end = n as f64 - 0.5;
    let mut chart = ChartBuilder::on(root)
        .margin_top(top + 16)
        .margin_left(MARGIN)
        .margin_right(MARGIN)
        .margin_bottom(MARGIN)
        .x_label_area_size(X_AREA)
        .y_label_area_size(Y_AREA)
        .build_cartesian_2d(-0.5..x_end, 0.0..y_max)?;
    let fmt = |y: &f64| tick(*y, y_max);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(8)
        .y_desc("Jogging + walking per week (min)")
        .y_label_formatter(&fmt)
        .label_style(font(TICK_PX))
        .axis_desc_style(font(DESC_PX))
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(INK.stroke_width(2))
        .draw()?;

    let half = bar_half(n);
    chart.draw_series(
        weeks
            .iter()
            .enumerate()
            .filter(|(_, w)| jog(w) > 0.0)
            .map(|(i, w)| {
                let x = i as f64;
                Rectangle::new([(x - half, 0.0), (x + half, jog(w))], OI_BLUE.filled())
            }),
    )?;
    chart.draw_series(
        weeks
            .iter()
            .enumerate()
            .filter(|(_, w)| walk(w) > 0.0)
            .map(|(i, w)| {
                let x = i as f64;
                let (a, b) = (jog(w), jog(w) + walk(w));
                Rectangle::new([(x - half, a), (x + half, b)], OI_SKY.filled())
            }),
    )?;
    chart.draw_series(
        weeks
            .iter()
            .enumerate()
            .filter(|(_, w)| w.ahead && jog(w) + walk(w) > 0.0)
            .map(|(i, w)| {
                let x = i as f64;
                Rectangle::new(
                    [(x - half, 0.0), (x + half, jog(w) + walk(w))],
                    OI_VERMILLION.stroke_width(4),
                )
            }),
    )?;

    // The planned jogging minutes: a black bar a little wider than the
    // week's bar, on a white halo so it reads on both blues.
    let bar_px = chart.backend_coord(&(half, 0.0)).0 - chart.backend_coord(&(-half, 0.0)).0;
    let reach = ((slot - bar_px) / 2 - 4).clamp(0, 8);
    for (i, w) in weeks.iter().enumerate() {
        let total = jog(w) + walk(w);
        let Some(share) = finite(w.planned_jog_share).filter(|_| total > 0.0) else {
            continue;
        };
        let y = share.clamp(0.0, 1.0) * total;
        let (x0, py) = chart.backend_coord(&(i as f64 - half, y));
        let (x1, _) = chart.backend_coord(&(i as f64 + half, y));
        let seg = vec![(x0 - reach, py), (x1 + reach, py)];
        if y > 0.0 {
            root.draw(&PathElement::new(seg.clone(), WHITE.stroke_width(9)))?;
        }
        root.draw(&PathElement::new(seg, INK.stroke_width(5)))?;
    }

    // Over each bar, upwards: the ratio run, the planned one, "ahead".
    let at_bottom = anchor(HPos::Center, VPos::Bottom);
    let planned_st = bold(size).pos(at_bottom);
    let ran_st = font(size).color(&MUTED).pos(at_bottom);
    let ahead_st = bold(size).color(&OI_VERMILLION).pos(at_bottom);
    for (i, (w, l)) in weeks.iter().zip(&labels).enumerate() {
        let (x, bar_top) = chart.backend_coord(&(i as f64, jog(w) + walk(w)));
        let mut y = bar_top - 10;
        if let Some((_, short)) = fit {
            put_text(root, ratio_form(&l.ran, short), (x, y), &ran_st)?;
            y -= line_h;
            if let Some(p) = &l.planned {
                put_text(root, ratio_form(p, short), (x, y), &planned_st)?;
                y -= line_h;
            }
        }
        if w.ahead {
            for line in ahead.iter().rev() {
                put_text(root, line, (x, y), &ahead_st)?;
                y -= line_h;
            }
        }
    }

    let px = |x: f64| chart.backend_coord(&(x, 0.0)).0;
    let ax = Axis {
        px: &px,
        bottom: chart.backend_coord(&(0.0, 0.0)).1,
        left: px(-0.5),
        right: px(x_end),
    };
    let ticks: Vec<(&str, NaiveDate)> = weeks.iter().map(|w| (w.week.as_str(), w.start)).collect();
    week_ticks(root, &ax, &ticks, &v.plan_years())?;
    if max_total <= 0.0 {
        note_in_plot(
            root,
            &ax,
            top,
            "no jogging or walking recorded in these weeks",
        )?;
    } else if fit.is_none() {
        note_in_plot(root, &ax, top, "too many weeks to write each week's ratios")?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Alt texts

fn alt_weekly(v: &View<'_>) -> String {
    let (Some(first), Some(last)) = (v.weeks.first(), v.weeks.last()) else {
        return format!("{TITLE_WEEKLY}: no data in the period {}.", v.period());
    };
    let unit = v.metric.unit();
    let n = v.weeks.len();
    let mut s = if n == 1 {
        format!(
            "Bar chart of {} for {} (week of {})",
            v.load_desc().to_lowercase(),
            short_week(&first.week),
            first.start.format("%-d %b %Y")
        )
    } else {
        format!(
            "Bar chart of {} for {n} weeks, {} ({}) to {}",
            v.load_desc().to_lowercase(),
            short_week(&first.week),
            first.start.format("%-d %b %Y"),
            short_week(&last.week),
        )
    };
    let top = v.weeks.iter().max_by(|a, b| a.load.total_cmp(&b.load));
    match top.filter(|w| w.load > 0.0) {
        Some(t) if n > 1 => {
            s += &format!(
                "; highest {:.0} {unit} in {}. ",
                t.load,
                short_week(&t.week)
            )
        }
        Some(t) => s += &format!(": {:.0} {unit}. ", t.load),
        None => s += ": no running. ",
    }
    let pains: Vec<f64> = v.weeks.iter().filter_map(|w| finite(w.pain_mean)).collect();
    let lo = pains.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = pains.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    s += &match pains.len() {
        0 => "No pain diary entries in these weeks. ".to_string(),
        1 if n == 1 => format!("Mean pain (right axis, 0–10): {lo:.1}. "),
        1 => format!("Weekly mean pain (right axis, 0–10): {lo:.1}, in 1 of the {n} weeks. "),
        k => format!(
            "Weekly mean pain (right axis, 0–10) from {lo:.1} to {hi:.1}, in {k} of the {n} weeks. "
        ),
    };
    let jumps: Vec<&str> = v
        .weeks
        .iter()
        .filter(|w| w.load_jump)
        .map(|w| short_week(&w.week))
        .collect();
    let flags: Vec<&str> = v
        .weeks
        .iter()
        .filter(|w| w.flag)
        .map(|w| short_week(&w.week))
        .collect();
    s += &match jumps.len() {
        0 => "No load-jump weeks.".to_string(),
        _ => format!("Load-jump weeks (orange): {}.", jumps.join(", ")),
    };
    if !flags.is_empty() {
        s += &format!(
            " Flagged (jump followed by a pain spike): {}.",
            flags.join(", ")
        );
    }
    s
}

fn alt_acwr(v: &View<'_>) -> String {
    if v.weeks.is_empty() {
        return format!("{TITLE_ACWR}: no data in the period {}.", v.period());
    }
    let l = &v.config.load;
    let vals: Vec<(&str, f64)> = v
        .weeks
        .iter()
        .filter_map(|w| finite(w.acwr_ewma).map(|r| (short_week(&w.week), r)))
        .collect();
    let mut s = format!(
        "Line chart of the weekly EWMA acute:chronic ratio for the period {}, with the {}–{} band shaded and the load-jump limit {} drawn as a line. ",
        v.period(),
        num(l.acwr_low_band),
        num(l.acwr_high_band),
        num(l.acwr_high)
    );
    if vals.is_empty() {
        s += &format!("No ratio in this period: it needs {MIN_HISTORY_DAYS} days of history.");
        return s;
    }
    let lo = vals.iter().map(|v| v.1).fold(f64::INFINITY, f64::min);
    let hi = vals.iter().map(|v| v.1).fold(f64::NEG_INFINITY, f64::max);
    s += &format!("The ratio ranges from {lo:.2} to {hi:.2}. ");
    let above: Vec<&str> = vals
        .iter()
        .filter(|v| v.1 > l.acwr_high)
        .map(|v| v.0)
        .collect();
    s += &match above.len() {
        0 => format!("No week is above {}.", num(l.acwr_high)),
        _ => format!("Above {}: {}.", num(l.acwr_high), above.join(", ")),
    };
    s
}

fn alt_daily(v: &View<'_>) -> String {
    if v.days.is_empty() {
        return format!("{TITLE_DAILY}: no data in the period {}.", v.period());
    }
    let runs: u32 = v.days.iter().map(|d| d.runs).sum();
    let minutes: f64 = v.days.iter().map(|d| d.minutes).sum();
    let pain_days = v.days.iter().filter(|d| d.pain_mean.is_some()).count();
    let mut s = format!(
        "Daily bars of running time for the period {}: {runs} run{} totalling {minutes:.0} min. ",
        v.period(),
        if runs == 1 { "" } else { "s" },
    );
    s += &match pain_days {
        0 => "No pain diary entries.".to_string(),
        k => format!(
            "Pain (right axis, 0–10) on {k} of the {} days.",
            v.days.len()
        ),
    };
    let spikes: Vec<String> = v
        .spikes()
        .iter()
        .map(|(sp, flagged)| {
            let why = if *flagged {
                "after a load jump"
            } else {
                "no load jump"
            };
            format!("{} ({why}, peak {:.1})", sp.date.format("%-d %b"), sp.peak)
        })
        .collect();
    if !spikes.is_empty() {
        s += &format!(" Shaded pain spikes starting {}.", spikes.join(", "));
    }
    s
}

fn alt_scatter(v: &View<'_>) -> String {
    let dots = scatter_points(v);
    if dots.is_empty() {
        return format!(
            "{TITLE_SCATTER}: no week in the period {} has a load change and pain recorded in it and the next week.",
            v.period()
        );
    }
    let rose = dots.iter().filter(|d| d.y > 0.0).count();
    let flagged: Vec<&str> = dots
        .iter()
        .filter(|d| d.flag)
        .map(|d| d.label.as_str())
        .collect();
    let mut s = format!(
        "Scatter plot of {} week{}: the week's load change in percent against the change in mean pain the week after; pain rose after {rose} of them.",
        dots.len(),
        if dots.len() == 1 { "" } else { "s" }
    );
    if !flagged.is_empty() {
        s += &format!(" Flagged weeks highlighted: {}.", flagged.join(", "));
    }
    s
}

fn alt_jog_walk(v: &View<'_>) -> String {
    let (Some(first), Some(last)) = (v.plan.first(), v.plan.last()) else {
        return format!(
            "{TITLE_JOG_WALK}: no week of the return-to-run plan in the period {}.",
            v.period()
        );
    };
    let n = v.plan.len();
    let mut s = if n == 1 {
        format!(
            "Stacked bar of jog and walk minutes for {} (week of {}) of the return-to-run plan",
            short_week(&first.week),
            first.start.format("%-d %b %Y")
        )
    } else {
        format!(
            "Stacked bars of jog and walk minutes for {n} weeks of the return-to-run plan, {} ({}) to {}",
            short_week(&first.week),
            first.start.format("%-d %b %Y"),
            short_week(&last.week),
        )
    };
    s += ", jogging at the bottom and walking on top, with a black marker at the planned jogging minutes (the stage's jogging share of the week's minutes) and the planned and the run jog:walk ratio over each bar. ";
    let jog: f64 = v.plan.iter().map(|w| minutes(w.jog_min)).sum();
    let walk: f64 = v.plan.iter().map(|w| minutes(w.walk_min)).sum();
    s += &format!("{jog:.0} min jogging and {walk:.0} min walking in all. ");
    let mut stages: Vec<&str> = Vec::new();
    for w in &v.plan {
        if let Some(r) = w.stage.and(w.planned_ratio.as_deref())
            && stages.last() != Some(&r)
        {
            stages.push(r);
        }
    }
    if !stages.is_empty() {
        s += &format!("Planned ratios in these weeks: {}. ", stages.join(", "));
    }
    let list = |keep: &dyn Fn(&PlanWeek) -> bool| -> Vec<&str> {
        v.plan
            .iter()
            .filter(|w| keep(w))
            .map(|w| short_week(&w.week))
            .collect()
    };
    let empty = list(&|w| w.sessions == 0);
    if !empty.is_empty() {
        s += &format!("No runs in {}. ", empty.join(", "));
    }
    let after = list(&|w| w.stage.is_none());
    if !after.is_empty() {
        s += &format!("After the plan's last stage: {}. ", after.join(", "));
    }
    let ahead: Vec<String> = v
        .plan
        .iter()
        .filter(|w| w.ahead)
        .map(|w| match &w.ahead_reason {
            Some(why) => format!("{} ({why})", short_week(&w.week)),
            None => short_week(&w.week).to_string(),
        })
        .collect();
    s += &match ahead.len() {
        0 => "No week ran ahead of the plan.".to_string(),
        1 => format!("1 week ran ahead of the plan: {}.", ahead[0]),
        k => format!("{k} weeks ran ahead of the plan: {}.", ahead.join("; ")),
    };
    s
}

// ---------------------------------------------------------------------------
// PNG

/// Draw on a white 1600×900 canvas and encode it as PNG.
fn to_png(draw: impl FnOnce(&Area<'_>) -> Res) -> Result<Vec<u8>, String> {
    let mut rgb = vec![255u8; WIDTH as usize * HEIGHT as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        draw(&root).map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    encode_png(&rgb, WIDTH, HEIGHT)
}

/// Encode 8-bit RGB pixels as a PNG (the `png` crate, adaptive filters).
pub(crate) fn encode_png(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, String> {
    if rgb.len() != width as usize * height as usize * 3 {
        return Err(format!(
            "{} bytes is not a {width}×{height} RGB image",
            rgb.len()
        ));
    }
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, width, height);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_filter(png::FilterType::Paeth);
    enc.set_adaptive_filter(png::AdaptiveFilterType::Adaptive);
    enc.set_source_srgb(png::SrgbRenderingIntent::Perceptual);
    let mut w = enc.write_header().map_err(|e| e.to_string())?;
    w.write_image_data(rgb).map_err(|e| e.to_string())?;
    w.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use runlog_core::model::{Activity, DiaryEntry, Format, Pain, RedFlags, Summary, TimeOfDay};
    use chrono::{TimeZone, Utc};

    fn d(n: i64) -> NaiveDate {
        // Monday 5 January 2026.
        shift_days(NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(), n)
    }

    fn run(day: i64, minutes: f64) -> Activity {
        let date = d(day);
        Activity {
            id: format!("r{day}"),
            source: format!("exports/{day}.fit"),
            summary: Summary {
                format: Format::Fit,
                sport: "running".into(),
                sub_sport: None,
                device: None,
                name: None,
                start: Utc
                    .with_ymd_and_hms(date.year(), date.month(), date.day(), 7, 0, 0)
                    .unwrap(),
                utc_offset_s: Some(3600),
                elapsed_s: minutes * 60.0,
                moving_s: minutes * 60.0,
                distance_m: Some(minutes * 160.0),
                ascent_m: Some(20.0),
                avg_hr: None,
                max_hr: None,
                cadence_spm: None,
                laps: None,
                has_gps: true,
                records: 1,
                rpe: None,
                relative_effort: None,
                event: None,
                leg: None,
            },
            duplicates: vec![],
            warnings: Vec::new(),
        }
    }

    fn pain(day: i64, time: TimeOfDay, p: f64) -> DiaryEntry {
        DiaryEntry {
            line: day as usize + 2,
            date: d(day),
            time: Some(time),
            pain: Pain::new(p).unwrap(),
            stiffness_min: None,
            location: None,
            rpe: None,
            notes: None,
            red_flags: RedFlags::default(),
        }
    }

    /// Ten weeks: steady running, a big jump in week 7 followed by a pain
    /// spike, a week without diary (week 4), a spike without a jump (week 9).
    fn analysis() -> Analysis {
        analysis_of(10, &Config::default())
    }

    fn analysis_of(weeks: i64, config: &Config) -> Analysis {
        let mut acts = Vec::new();
        for w in 0..weeks {
            let base = match w {
                6 => 55.0,
                7 => 30.0,
                _ => 30.0 + 2.0 * (w % 12) as f64,
            };
            for day in [0, 2, 5] {
                acts.push(run(w * 7 + day, if day == 5 { base * 1.4 } else { base }));
            }
        }
        let mut diary = Vec::new();
        for day in 0..weeks * 7 {
            if (21..28).contains(&day) {
                continue;
            }
            let p = match day {
                48..=50 => 6.0,
                51 => 4.5,
                60 => 5.5,
                _ => 2.0 + (day % 3) as f64 * 0.5,
            };
            diary.push(pain(day, TimeOfDay::Morning, p));
            if day % 2 == 0 {
                diary.push(pain(day, TimeOfDay::Evening, (p + 1.5).min(10.0)));
            }
        }
        let load = runlog_core::analysis::load::compute(&acts, |_| Ok(vec![]), &diary, config).unwrap();
        runlog_core::analysis::flags::detect(load, Some((&diary, 0)), config)
    }

    fn ihdr(png: &[u8]) -> (u32, u32) {
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
        assert_eq!(&png[12..16], b"IHDR");
        let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
        (w, h)
    }

    /// Write the charts to $RUNLOG_CHARTS_OUT when set, to look at them.
    fn dump(charts: &[Chart], prefix: &str) {
        if let Some(dir) = std::env::var_os("RUNLOG_CHARTS_OUT") {
            let dir = std::path::PathBuf::from(dir);
            std::fs::create_dir_all(&dir).unwrap();
            let mut alts = String::new();
            for c in charts {
                std::fs::write(dir.join(format!("{prefix}{}", c.file_name)), &c.png).unwrap();
                alts += &format!("{}: {}\n", c.file_name, c.alt);
            }
            std::fs::write(dir.join(format!("{prefix}alt.txt")), alts).unwrap();
        }
    }

    #[test]
    fn the_synthetic_data_has_a_flag_and_an_unexplained_spike() {
        let a = analysis();
        assert!(a.load.weeks.iter().any(|w| w.flag), "{:?}", a.jumps);
        assert!(!a.unexplained.is_empty());
    }

    #[test]
    fn four_pngs_of_the_right_size_and_byte_identical_twice() {
        let a = analysis();
        let c = Config::default();
        let (from, to) = (d(0), d(69));
        let charts = render(&a, &c, from, to).unwrap();
        dump(&charts, "");
        let names: Vec<&str> = charts.iter().map(|c| c.file_name).collect();
        assert_eq!(
            names,
            [
                "weekly_load_pain.png",
                "acwr.png",
                "daily_timeline.png",
                "load_change_vs_pain.png"
            ]
        );
        for ch in &charts {
            assert_eq!(ihdr(&ch.png), (WIDTH, HEIGHT), "{}", ch.file_name);
            assert!(!ch.title.is_empty() && !ch.alt.is_empty());
            assert!(
                ch.png.ends_with(&[0xAE, 0x42, 0x60, 0x82]),
                "IEND chunk with its CRC"
            );
        }
        assert!(charts[0].alt.contains("Flagged"), "{}", charts[0].alt);
        let again = render(&a, &c, from, to).unwrap();
        assert_eq!(charts, again, "same input, same bytes");
    }

    #[test]
    fn empty_single_week_and_painless_input_render() {
        let c = Config::default();
        let empty = Analysis::default();
        for ch in render(&empty, &c, d(0), d(6)).unwrap() {
            assert_eq!(ihdr(&ch.png), (WIDTH, HEIGHT));
        }
        let a = analysis();
        // A period with no data at all, and one ending before it starts.
        assert_eq!(render(&a, &c, d(200), d(260)).unwrap().len(), 4);
        assert_eq!(render(&a, &c, d(10), d(3)).unwrap().len(), 4);
        // A single week.
        let one = render(&a, &c, d(14), d(20)).unwrap();
        dump(&one, "one_week_");
        // No diary at all.
        let mut no_pain = a.clone();
        for day in &mut no_pain.load.days {
            day.pain_mean = None;
            day.pain_max = None;
        }
        for w in &mut no_pain.load.weeks {
            w.pain_mean = None;
            w.pain_max = None;
        }
        let none = render(&no_pain, &c, d(0), d(69)).unwrap();
        dump(&none, "no_pain_");
        for ch in one.iter().chain(&none) {
            assert_eq!(ihdr(&ch.png), (WIDTH, HEIGHT));
        }
        // Flat, all-zero load: no zero-height ranges.
        let mut flat = a.clone();
        for day in &mut flat.load.days {
            day.minutes = 0.0;
            day.load = 0.0;
        }
        for w in &mut flat.load.weeks {
            w.load = 0.0;
        }
        render(&flat, &c, d(0), d(69)).unwrap();
    }

    #[test]
    fn png_encoder_checks_the_size_and_writes_a_header() {
        assert!(encode_png(&[0; 5], 2, 1).is_err());
        let png = encode_png(&[255; 12], 2, 2).unwrap();
        assert_eq!(ihdr(&png), (2, 2));
    }

    #[test]
    fn a_year_in_kilometres_renders() {
        let mut c = Config::default();
        c.load.metric = LoadMetric::Distance;
        let a = analysis_of(52, &c);
        let charts = render(&a, &c, d(0), d(52 * 7 - 1)).unwrap();
        dump(&charts, "year_");
        assert!(charts[0].alt.contains("km"), "{}", charts[0].alt);
        for ch in &charts {
            assert_eq!(ihdr(&ch.png), (WIDTH, HEIGHT));
        }
    }

    #[test]
    fn text_bearings_come_from_the_embedded_font() {
        let m = Bearings::get(false).expect("DejaVu Sans metrics");
        // DejaVu Sans: "J" has a negative left side bearing (−106 of 2384
        // units), "a" a positive one (123).
        assert_eq!(m.shift('J', 24.0), -2);
        assert_eq!(m.shift('a', 24.0), 1);
        assert_eq!(
            m.shift('\u{1F600}', 24.0),
            0,
            "outside the BMP: no correction"
        );
        assert!(Bearings::get(true).is_some());
    }

    /// `weeks` plan weeks from Monday 5 January 2026 (W02): two weeks per
    /// stage, walk → 1:4 → … → continuous, then after the plan; no runs in
    /// the 4th week, the 7th ran ahead.
    fn plan_of(weeks: i64) -> Vec<PlanWeek> {
        let ratios = ["walk", "1:4", "2:3", "3:2", "4:1", "5:1", "continuous"];
        (0..weeks)
            .map(|k| {
                let start = d(7 * k);
                let stage = ((k / 2) as usize) < ratios.len();
                let planned = stage.then(|| ratios[(k / 2) as usize].to_string());
                let share = planned.as_deref().map(|r| match r {
                    "walk" => 0.0,
                    r => runlog_core::config::ratio_share(r).unwrap(),
                });
                let (jog, walk) = match k {
                    3 => (0.0, 0.0),
                    6 => (83.0, 44.0),
                    _ => {
                        let s = share.unwrap_or(1.0);
                        (90.0 * s, 90.0 * (1.0 - s) + 5.0 * (k % 3) as f64)
                    }
                };
                let ran = match (k, planned.as_deref()) {
                    (3, _) | (0 | 1, _) => None,
                    (6, _) => Some("continuous".to_string()),
                    (_, Some(r)) => Some(r.to_string()),
                    (_, None) => Some("continuous".to_string()),
                };
                PlanWeek {
                    week: runlog_core::analysis::load::iso_week_label(start),
                    start,
                    stage: stage.then_some((k / 2 + 1) as usize),
                    planned: planned.clone().unwrap_or_else(|| "after the plan".into()),
                    planned_ratio: planned,
                    planned_jog_share: share,
                    planned_minutes: stage.then_some(90.0),
                    sessions: if k == 3 { 0 } else { 3 },
                    minutes: jog + walk,
                    jog_min: jog,
                    walk_min: walk,
                    ratio: ran,
                    ahead: k == 6,
                    ahead_reason: (k == 6)
                        .then(|| "Sat 21 Feb ran continuous where the plan said 4:1".into()),
                    pain_mean: Some(2.0),
                    pain_max: Some(3.0),
                }
            })
            .collect()
    }

    #[test]
    fn a_plan_adds_the_jog_walk_chart_last() {
        let c = Config::default();
        let (from, to) = (d(0), d(69));
        let without = render(&analysis(), &c, from, to).unwrap();
        let mut a = analysis();
        a.plan = plan_of(10);
        let charts = render(&a, &c, from, to).unwrap();
        dump(&charts, "plan_");
        assert_eq!(charts.len(), 5);
        assert_eq!(charts[..4], without[..], "the four charts do not change");
        let jw = &charts[4];
        assert_eq!(jw.file_name, "jog_walk.png");
        assert_eq!(jw.title, TITLE_JOG_WALK);
        assert_eq!(ihdr(&jw.png), (WIDTH, HEIGHT));
        assert!(jw.png.ends_with(&[0xAE, 0x42, 0x60, 0x82]));
        assert!(
            jw.alt
                .starts_with("Stacked bars of jog and walk minutes for 10 weeks"),
            "{}",
            jw.alt
        );
        assert!(
            jw.alt
                .contains("1 week ran ahead of the plan: W08 (Sat 21 Feb ran continuous"),
            "{}",
            jw.alt
        );
        assert!(jw.alt.contains("No runs in W05."), "{}", jw.alt);
        assert!(
            jw.alt
                .contains("Planned ratios in these weeks: walk, 1:4, 2:3, 3:2, 4:1."),
            "{}",
            jw.alt
        );
        assert_eq!(render(&a, &c, from, to).unwrap(), charts, "same bytes");
    }

    #[test]
    fn the_jog_walk_chart_needs_a_plan_week_in_the_period() {
        let c = Config::default();
        let mut a = analysis();
        assert!(a.plan.is_empty());
        assert_eq!(render(&a, &c, d(0), d(69)).unwrap().len(), 4);
        a.plan = plan_of(3);
        // The plan's weeks end on d(20): a period from d(21) has none of them…
        assert_eq!(render(&a, &c, d(21), d(69)).unwrap().len(), 4);
        // …one from the plan's last Sunday has one.
        let charts = render(&a, &c, d(20), d(69)).unwrap();
        assert_eq!(charts.len(), 5);
        assert!(
            charts[4].alt.contains("for W04 (week of 19 Jan 2026)"),
            "{}",
            charts[4].alt
        );
        // A period ending before it starts.
        assert_eq!(render(&a, &c, d(10), d(3)).unwrap().len(), 4);
    }

    #[test]
    fn odd_plans_render() {
        let c = Config::default();
        let mut a = analysis();
        // One week; more weeks than the ratios fit over (after the plan's
        // last stage for most of them).
        for (weeks, to, prefix) in [(1, 6, "plan_one_"), (60, 60 * 7 - 1, "plan_long_")] {
            a.plan = plan_of(weeks);
            let charts = render(&a, &c, d(0), d(to)).unwrap();
            dump(&charts[4..], prefix);
            assert_eq!(ihdr(&charts[4].png), (WIDTH, HEIGHT));
        }
        // No minutes at all, and minutes that are not numbers.
        let mut odd = plan_of(8);
        for (k, w) in odd.iter_mut().enumerate() {
            (w.jog_min, w.walk_min) = match k % 3 {
                0 => (0.0, 0.0),
                1 => (f64::NAN, -5.0),
                _ => (f64::INFINITY, f64::MAX),
            };
            w.planned_jog_share = (k % 2 == 0).then_some(f64::NAN);
            w.ratio = None;
        }
        a.plan = odd.clone();
        let charts = render(&a, &c, d(0), d(55)).unwrap();
        dump(&charts[4..], "plan_zero_");
        assert_eq!(ihdr(&charts[4].png), (WIDTH, HEIGHT));
        assert!(
            charts[4]
                .alt
                .contains("0 min jogging and 20160 min walking"),
            "{}",
            charts[4].alt
        );
    }
}
