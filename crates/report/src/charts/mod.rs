//! The report's charts, drawn with plotters into an RGB buffer and encoded
//! to PNG in memory: four always, and a fifth (jog and walk minutes against
//! the return-to-run plan) when a plan week falls in the period, a sixth
//! (the outcome measures) when the period holds questionnaire scores. The same
//! drawing functions, generic over plotters' backend, also draw each chart
//! as SVG for `report.pdf`, where it stays vectors with real text.
//!
//! Text uses the DejaVu Sans font embedded in the binary (`assets/fonts/`),
//! so a chart looks the same on every machine and needs no fontconfig; the
//! colours are the colour-blind-safe Okabe–Ito palette. The PNG encoder is
//! a small one of our own on top of `flate2` (plotters writes PNG files only
//! to a path): the same analysis gives byte-identical files.
//!
//! Missing values are gaps, never zeros: a week without diary entries has
//! no pain point, a week without enough history has no ratio.

mod acwr;
mod alt;
mod axes;
mod daily_timeline;
#[cfg(test)]
mod fixtures;
mod frame;
mod jog_walk;
mod legend;
mod load_change_vs_pain;
mod png;
mod scores;
mod style;
mod svg;
mod text;
mod view;
mod weekly_load_pain;

use self::acwr::acwr_chart;
use self::alt::{alt_acwr, alt_daily, alt_jog_walk, alt_scatter, alt_scores, alt_weekly};
use self::daily_timeline::daily_timeline;
use self::jog_walk::jog_walk;
use self::load_change_vs_pain::load_change_vs_pain;
use self::png::to_png;
use self::scores::scores_chart;
use self::style::fonts;
use self::svg::to_svg;
use self::view::View;
use self::weekly_load_pain::weekly_load_pain;
use plotters::coord::Shift;
use plotters::prelude::*;
use runlog_core::analysis::period::Period;
use runlog_core::config::Config;

const TITLE_WEEKLY: &str = "Weekly load and pain";
const TITLE_ACWR: &str = "Acute:chronic workload ratio (EWMA)";
const TITLE_DAILY: &str = "Daily runs and pain";
const TITLE_SCATTER: &str = "Load change vs next-week pain change";
const TITLE_JOG_WALK: &str = "Jog and walk minutes against the plan";
const TITLE_SCORES: &str = "Outcome measures week by week";

/// One rendered chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub file_name: &'static str,
    pub title: String,
    /// A text description of what the chart shows, for the `alt` attribute.
    pub alt: String,
    pub png: Vec<u8>,
    /// The same chart as SVG (1600×900 user units), for `report.pdf`.
    pub svg: String,
}

/// Render the charts of the period's cut (`Period`: whole weeks, spikes by
/// their start).
///
/// Four charts always; the jog/walk chart comes last, and only when a week
/// of the return-to-run plan (`a.plan`) falls in the period.
pub fn render(p: &Period<'_>, config: &Config) -> Result<Vec<Chart>, String> {
    fonts()?;
    let v = View::new(p, config);
    let specs = [
        (
            "weekly_load_pain.png",
            TITLE_WEEKLY,
            alt_weekly(&v),
            Kind::Weekly,
        ),
        ("acwr.png", TITLE_ACWR, alt_acwr(&v), Kind::Acwr),
        (
            "daily_timeline.png",
            TITLE_DAILY,
            alt_daily(&v),
            Kind::Daily,
        ),
        (
            "load_change_vs_pain.png",
            TITLE_SCATTER,
            alt_scatter(&v),
            Kind::Scatter,
        ),
    ];
    let plan = (!v.plan.is_empty()).then(|| {
        (
            "jog_walk.png",
            TITLE_JOG_WALK,
            alt_jog_walk(&v),
            Kind::JogWalk,
        )
    });
    let scored = v
        .weeks
        .iter()
        .any(|w| w.odi_pct.or(w.rmdq).or(w.psfs).is_some());
    let scores = scored.then(|| ("scores.png", TITLE_SCORES, alt_scores(&v), Kind::Scores));
    specs
        .into_iter()
        .chain(plan)
        .chain(scores)
        .map(|(file_name, title, alt, kind)| {
            let cannot = |e| format!("cannot draw the chart {file_name}: {e}");
            let png = to_png(|root| kind.draw(root, &v)).map_err(cannot)?;
            let svg = to_svg(|root| kind.draw(root, &v)).map_err(cannot)?;
            Ok(Chart {
                file_name,
                title: title.to_string(),
                alt,
                png,
                svg,
            })
        })
        .collect()
}

/// Which chart to draw; each is drawn on the bitmap and on the SVG canvas.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Weekly,
    Acwr,
    Daily,
    Scatter,
    JogWalk,
    Scores,
}

impl Kind {
    fn draw<DB: Canvas>(self, root: &Area<DB>, v: &View<'_>) -> Res {
        match self {
            Kind::Weekly => weekly_load_pain(root, v),
            Kind::Acwr => acwr_chart(root, v),
            Kind::Daily => daily_timeline(root, v),
            Kind::Scatter => load_change_vs_pain(root, v),
            Kind::JogWalk => jog_walk(root, v),
            Kind::Scores => scores_chart(root, v),
        }
    }
}

/// What the charts are drawn on: the PNG's bitmap or the PDF's SVG. The
/// backend's error must be `'static` for `?` to box it.
trait Canvas: DrawingBackend<ErrorType: 'static> {
    /// Draw text glyph by glyph with the font's bearings (the bitmap's fix
    /// in `text.rs`); a vector canvas draws each string whole.
    const PER_GLYPH: bool;
}

impl Canvas for BitMapBackend<'_> {
    const PER_GLYPH: bool = true;
}

type Area<DB> = DrawingArea<DB, Shift>;
type Res<T = ()> = Result<T, Box<dyn std::error::Error>>;

#[cfg(test)]
mod tests {
    use super::fixtures::{analysis, analysis_of, d, dump, ihdr, render};
    use super::style::{HEIGHT, WIDTH};
    use super::*;
    use runlog_core::analysis::Analysis;
    use runlog_core::config::LoadMetric;

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
}
