//! Issue #31: one report, one truth. Reports of several generated log
//! folders (the samples, a period without runs, a diary without
//! activities, a walking plan, an active red flag, two scores on one day)
//! are read back as a physiotherapist would cross-check them: every count
//! and total on page one against the captions, the tables, weeks.csv and
//! flags.json, and no sentence that contradicts itself.

mod common;

use assert_cmd::Command;
use common::{fresh_samples, log_dir, runlog, stdout};
use std::path::Path;

const GENERATED: &str = "2026-11-16T08:00:00Z";

/// A report's files, read back.
struct Report {
    html: String,
    page_one: Vec<(String, String)>,
    weeks: Vec<csv::StringRecord>,
    header: csv::StringRecord,
    flags: serde_json::Value,
}

impl Report {
    fn make(dir: &Path, extra: &[&str]) -> Report {
        let out = dir.join("out");
        let o = Command::cargo_bin("runlog")
            .unwrap()
            .env_remove("SOURCE_DATE_EPOCH")
            .env_remove("RUNLOG_DIR")
            .args(["report", "--generated-at", GENERATED, "--dir"])
            .arg(dir)
            .arg("--out")
            .arg(&out)
            .args(extra)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let html = std::fs::read_to_string(out.join("report.html")).unwrap();
        let mut r = csv::Reader::from_path(out.join("weeks.csv")).unwrap();
        let header = r.headers().unwrap().clone();
        let weeks = r.records().map(Result::unwrap).collect();
        let flags =
            serde_json::from_slice(&std::fs::read(out.join("flags.json")).unwrap()).unwrap();
        Report {
            page_one: page_one(&html),
            html,
            weeks,
            header,
            flags,
        }
    }

    fn item(&self, label: &str) -> &str {
        self.page_one
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, t)| t.as_str())
            .unwrap_or_else(|| panic!("page one has no {label}: {:?}", self.page_one))
    }

    fn column(&self, name: &str) -> Vec<String> {
        let i = self.header.iter().position(|h| h == name).unwrap();
        self.weeks.iter().map(|w| w[i].to_string()).collect()
    }

    fn sum(&self, name: &str) -> f64 {
        self.column(name)
            .iter()
            .filter_map(|v| v.parse::<f64>().ok())
            .sum()
    }

    fn count(&self, name: &str) -> usize {
        self.column(name).iter().filter(|v| *v == "true").count()
    }
}

/// Page one's labelled items, as text a person reads.
fn page_one(html: &str) -> Vec<(String, String)> {
    let at = html.find("class=\"page-one-items\"").expect("page one");
    let end = html[at..].find("</dl>").unwrap() + at;
    html[at..end]
        .split("<dt>")
        .skip(1)
        .map(|item| {
            let (label, rest) = item.split_once("</dt>").unwrap();
            (text(label), text(rest))
        })
        .collect()
}

fn text(html: &str) -> String {
    let mut out = String::new();
    let mut tag = false;
    for c in html.chars() {
        match c {
            '<' => tag = true,
            '>' => {
                tag = false;
                out.push(' ');
            }
            c if !tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .replace('\u{a0}', " ");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The number before `word` in `text` ("33 runs" → 33).
fn number_before(text: &str, word: &str) -> Option<f64> {
    let at = text.find(word)?;
    text[..at]
        .split_whitespace()
        .last()?
        .trim_start_matches('(')
        .parse()
        .ok()
}

/// What every report must hold, whatever its folder.
fn consistent(r: &Report) {
    let period = r.item("Period").to_string();
    // Counts: page one = the weeks' runs and walks = the daily chart's
    // caption = the activities table.
    let runs = number_before(&period, " run").unwrap_or(0.0);
    let walks = number_before(&period, " walk").unwrap_or(0.0);
    assert_eq!(runs, r.sum("runs"), "runs: {period}");
    assert_eq!(walks, r.sum("walks"), "walks: {period}");
    let activities = table_rows(&r.html, "runs-table");
    assert_eq!(
        table_rows(&r.html, "weeks-table"),
        r.weeks.len(),
        "the weeks table is weeks.csv"
    );
    if runs + walks > 0.0 {
        let minutes = number_before(&period, " min;").unwrap();
        assert!(
            (minutes - r.sum("moving_min")).abs() <= 1.0,
            "{minutes} min: {period}"
        );
        let load = period.rsplit(": ").next().unwrap();
        let load: f64 = load.split_whitespace().next().unwrap().parse().unwrap();
        assert!((load - r.sum("load")).abs() <= 1.0, "load {load}: {period}");
        let daily = caption(&r.html, "daily_timeline.png");
        let said = period.split("; ").nth(1).unwrap();
        assert!(
            daily.contains(said.split(", ").next().unwrap()),
            "{daily} / {said}"
        );
        assert!(activities as f64 >= runs + walks, "{activities} rows");
        assert_eq!(
            Some(activities as f64),
            number_before(&period, " activit").or(Some(runs + walks)),
            "{period}"
        );
    } else {
        assert!(period.contains("no activities"), "{period}");
    }
    // The next-morning check counts the period's runs or says which it
    // leaves out: checked + lacking = the runs page one counts.
    let monitoring = r.item("Pain monitoring");
    if let Some(at) = monitoring.find("Pain settled by the next morning after ") {
        let said = &monitoring[at..];
        let checked = number_before(said, " runs").unwrap();
        let lacking = number_before(said, " of the period's").unwrap_or(0.0);
        assert_eq!(checked + lacking, runs, "{said} / {period}");
        if lacking > 0.0 {
            assert!(
                said.contains(&format!("of the period's {runs} runs")),
                "{said}"
            );
        }
    }
    // Flags: page one, flags.json and the weeks' marks.
    let flags = r.flags["flags"].as_array().unwrap().len();
    assert_eq!(r.count("flag"), flags);
    let said = r.item("Flags");
    if flags > 0 {
        assert!(said.starts_with(&format!("{flags} load jump")), "{said}");
    }
    // Every load-jump week of the table is counted by the whole history
    // or named as left out.
    let a = &r.flags["association"];
    let weeks: Vec<String> = r.column("week");
    let jumps: Vec<&String> = weeks
        .iter()
        .zip(r.column("load_jump"))
        .filter(|(_, j)| j == "true")
        .map(|(w, _)| w)
        .collect();
    for w in jumps {
        let counted = a["weeks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x == w.as_str());
        let left = a["left_out"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["week"] == w.as_str());
        assert!(
            counted || left,
            "jump week {w} is neither counted nor named"
        );
    }
    // Next week: the limit on page one is flags.json's.
    if let Some(limit) = r.flags["next_week"]["limit"].as_f64() {
        let said = r.item("Next week");
        assert!(
            said.contains(&format!("up to {} ", limit.round())),
            "{said} / {limit}"
        );
    }
    // No sentence that goes nowhere.
    for (label, t) in &r.page_one {
        assert!(!t.contains("0 min → 0 min"), "{label}: {t}");
        for w in t.split(" → ").collect::<Vec<_>>().windows(2) {
            let week = |s: &str| s.rsplit("the week of ").next().map(str::to_string);
            let before = w[0].rsplit_once("in the week of ").map(|x| x.1.to_string());
            if let (Some(a), Some(b)) = (before, w[1].split_once("in the week of ")) {
                let b = week(b.1).unwrap();
                assert!(!b.starts_with(a.trim()), "{label}: week X → week X: {t}");
            }
        }
    }
}

fn table_rows(html: &str, id: &str) -> usize {
    html.find(&format!("id=\"{id}\"")).map_or(0, |at| {
        let end = html[at..].find("</table>").unwrap() + at;
        html[at..end].matches("<tr").count() - 1
    })
}

fn caption(html: &str, file: &str) -> String {
    let at = html.find(&format!("href=\"{file}\" title")).unwrap();
    let cap = html[at..].find("<figcaption>").unwrap() + at;
    let end = html[cap..].find("</figcaption>").unwrap() + cap;
    text(&html[cap..end])
}

fn append(dir: &Path, file: &str, rows: &[String]) {
    let path = dir.join(file);
    let mut text = std::fs::read_to_string(&path).unwrap_or_default();
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    std::fs::write(path, text).unwrap();
}

fn days(from: &str, n: i64) -> Vec<String> {
    let first: chrono::NaiveDate = from.parse().unwrap();
    (0..n)
        .map(|i| (first + chrono::Duration::days(i)).to_string())
        .collect()
}

#[test]
fn issue31_the_samples_say_one_thing_everywhere() {
    let d = fresh_samples();
    let r = Report::make(d.path(), &[]);
    consistent(&r);
    assert!(
        r.item("Period")
            .contains("35 activities (33 runs and 2 walks)")
    );
    let whole = r.item("Whole history").to_string();
    assert!(
        whole.contains("Not counted: the jump week of 9–15 Nov"),
        "{whole}"
    );
    // The terminal's answer is page one's, jump weeks left out included.
    let flags = Command::cargo_bin("runlog")
        .unwrap()
        .env_remove("RUNLOG_DIR")
        .args(["flags", "--all", "--dir"])
        .arg(d.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&flags.stdout).replace('\n', " ");
    assert!(
        text.contains(&format!("Over the whole history: {whole}")),
        "{text}\n/ {whole}"
    );
}

#[test]
fn issue31_a_period_without_runs() {
    let d = fresh_samples();
    let rows: Vec<String> = days("2026-11-16", 21)
        .iter()
        .map(|d| format!("{d},morning,2,,15,low back,,,,,,,"))
        .collect();
    append(d.path(), "pain.csv", &rows);
    let r = Report::make(d.path(), &["--from", "2026-11-23"]);
    consistent(&r);
    assert!(r.item("Period").contains("no activities in this period"));
    let load = r.item("Running load").to_lowercase();
    assert!(load.contains("no running"), "{load}");
    // The suggestion runs as printed.
    let suggestion = r.item("Period").split('`').nth(1).unwrap().to_string();
    let args: Vec<&str> = suggestion.split_whitespace().skip(1).collect();
    stdout(runlog(d.path(), &args));
    // No chart with empty axes on page one.
    assert!(!r.html.contains("class=\"chart page-one-chart\""));
}

#[test]
fn issue31_a_diary_without_activities() {
    let d = log_dir();
    std::fs::write(
        d.path().join("pain.csv"),
        "date,time,pain\n".to_string()
            + &days("2026-10-05", 28)
                .iter()
                .map(|d| format!("{d},morning,3\n"))
                .collect::<String>(),
    )
    .unwrap();
    std::fs::write(
        d.path().join("scores.csv"),
        "date,measure,value,activity\n2026-10-20,rmdq,11,\n",
    )
    .unwrap();
    let r = Report::make(d.path(), &[]);
    consistent(&r);
    assert!(r.item("Period").contains("no activities imported yet"));
    // A questionnaire scored once still shows, with its date.
    let measures = r.item("Outcome measures");
    assert!(
        measures.contains("Roland–Morris (RMDQ) 11 on 20 Oct, the first score"),
        "{measures}"
    );
    // Next week is still answered: why there is no limit.
    assert!(
        r.item("Next week").contains("no limit can be given yet"),
        "{}",
        r.item("Next week")
    );
}

#[test]
fn issue31_a_walking_plan_counts_walks_as_sessions() {
    let d = fresh_samples();
    let toml = d.path().join("runlog.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    let at = text.find("stages = [").unwrap();
    let end = text[at..].find("]\n").unwrap() + at + 2;
    let walking =
        "stages = [\n  { weeks = 20, activity = \"walk\", minutes = 30.0, sessions = 3 },\n]\n";
    std::fs::write(&toml, format!("{}{walking}{}", &text[..at], &text[end..])).unwrap();
    let r = Report::make(d.path(), &[]);
    consistent(&r);
    // In a walking stage every run and walk is a session, at most the
    // stage's 3 a week counted: the weeks' runs and walks say how many.
    let done: f64 = r
        .column("runs")
        .iter()
        .zip(r.column("walks"))
        .map(|(a, b)| (a.parse::<f64>().unwrap() + b.parse::<f64>().unwrap()).min(3.0))
        .sum();
    let plan = r.item("Plan");
    assert!(plan.contains(&format!("({done} of 36)")), "{plan}");
    assert!(done > 32.0, "walks count: {done}");
}

#[test]
fn issue31_an_active_red_flag_gives_no_limit_anywhere() {
    let d = fresh_samples();
    append(
        d.path(),
        "pain.csv",
        &["2026-11-12,evening,4,,,low back,,,,yes,,,".into()],
    );
    let r = Report::make(d.path(), &[]);
    consistent(&r);
    assert_eq!(r.flags["training_advice"], "withheld");
    assert!(r.flags["next_week"]["limit"].is_null());
    assert!(r.item("Next week").starts_with("No training advice"));
}

#[test]
fn issue31_two_scores_on_one_day_are_one_value() {
    let d = fresh_samples();
    append(
        d.path(),
        "scores.csv",
        &["2026-11-10,odi,24,".into(), "2026-11-10,odi,30,".into()],
    );
    let r = Report::make(d.path(), &[]);
    consistent(&r);
    let measures = r.item("Outcome measures");
    assert!(measures.contains("→ 30 % on 10 Nov"), "{measures}");
    assert!(!measures.contains("27 %"), "{measures}");
    let day = r.flags["scores"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["date"] == "2026-11-10")
        .unwrap();
    assert_eq!(day["odi_pct"], 30.0);
    let quality = text(&r.html[r.html.find("id=\"quality\"").unwrap()..]);
    assert!(
        quality.contains("the report leaves out ODI of 10 Nov 2026"),
        "{quality}"
    );
}
