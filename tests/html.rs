//! The HTML and Markdown reports: pinned to golden files, checked for
//! structure by parsing, self-contained, and escaped.
//!
//! Update the golden files after an intended change with
//! `UPDATE_GOLDEN=1 cargo test --test html`, then review the diff.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use quick_xml::events::Event;
use quick_xml::Reader;

use candor::render;
use candor::{Engine, Pack, ReadOptions, Report};

fn engine() -> Engine {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/packs/mini");
    Engine::new(&Pack::load(&dir).unwrap())
}

fn score(text: &str, source: &str) -> Report {
    engine()
        .score_bytes(text.as_bytes(), source, &ReadOptions::default())
        .unwrap()
}

fn sample() -> Report {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/transcripts/sample.txt");
    score(&std::fs::read_to_string(path).unwrap(), "sample.txt")
}

fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/golden")
        .join(name);
    common::golden(&path, actual, "html");
}

/// Parses the page as XML; returns element counts, attributes seen, and text.
struct Parsed {
    elements: BTreeMap<String, usize>,
    ids: Vec<String>,
    hrefs: Vec<String>,
    srcs: usize,
    text: String,
}

fn parse(html: &str) -> Parsed {
    let body = html.strip_prefix("<!DOCTYPE html>\n").expect("a doctype");
    let mut reader = Reader::from_str(body);
    let mut p = Parsed {
        elements: BTreeMap::new(),
        ids: Vec::new(),
        hrefs: Vec::new(),
        srcs: 0,
        text: String::new(),
    };
    loop {
        match reader.read_event().expect("well-formed markup") {
            Event::Start(e) | Event::Empty(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                *p.elements.entry(name).or_default() += 1;
                for a in e.attributes() {
                    let a = a.unwrap();
                    let value = a.unescape_value().unwrap().into_owned();
                    match a.key.as_ref() {
                        b"id" => p.ids.push(value),
                        b"href" => p.hrefs.push(value),
                        b"src" => p.srcs += 1,
                        _ => {}
                    }
                }
            }
            Event::Text(t) => p.text.push_str(&t.unescape().unwrap()),
            Event::Eof => break,
            _ => {}
        }
    }
    p
}

#[test]
fn html_report_golden() {
    golden("sample.html", &render::html(&sample()));
}

#[test]
fn markdown_report_golden() {
    golden("sample.md", &render::markdown(&sample()));
}

#[test]
fn html_has_every_part() {
    let report = sample();
    let html = render::html(&report);
    let p = parse(&html);
    for q in &report.questions {
        assert!(
            p.ids.contains(&format!("q-{}", q.id)),
            "a card for {}",
            q.id
        );
    }
    assert_eq!(p.elements["article"], report.questions.len());
    assert!(
        p.elements["svg"] >= 1 && p.elements["polygon"] >= 5,
        "the chart"
    );
    assert_eq!(p.elements["table"], 1, "the checklist");
    assert!(
        p.elements["mark"] >= 6,
        "highlighted evidence and transcript"
    );
    // Every link stays inside the page, and every anchor it names exists.
    for href in &p.hrefs {
        let id = href
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("external link {href}"));
        assert!(p.ids.iter().any(|i| i == id), "dangling link {href}");
    }
    assert!(
        p.text.contains("said in the past tense"),
        "modifiers in words"
    );
    assert!(
        p.text.contains("What share of each sprint goes to debt?"),
        "follow-ups"
    );
}

#[test]
fn html_is_self_contained() {
    let html = render::html(&sample());
    let p = parse(&html);
    assert_eq!(p.srcs, 0, "no images or scripts loaded");
    for tag in ["script", "link", "img", "iframe", "object"] {
        assert!(!p.elements.contains_key(tag), "no <{tag}>");
    }
    assert!(!html.contains("url("), "no CSS fetches");
    assert!(!html.contains("@import"), "no CSS imports");
    let without_ns = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assert!(!without_ns.contains("http://") && !without_ns.contains("https://"));
}

#[test]
fn transcript_text_is_escaped() {
    let text = "Me: What happens when production goes down at 3 AM?\nCTO: </div><script>alert(1)</script> We run blameless post-mortems & <b>never</b> blame individuals.\n";
    let report = score(text, "<evil>.txt");
    let html = render::html(&report);
    let p = parse(&html);
    assert!(!p.elements.contains_key("script"));
    assert!(!p.elements.contains_key("b"));
    assert!(
        p.text.contains("<script>alert(1)</script>"),
        "shown as text"
    );
    assert!(p.text.contains("<evil>.txt"));
    let md = render::markdown(&report);
    assert!(!md.contains("<script>") && md.contains("&lt;script&gt;"));
}

#[test]
fn comparison_page_has_heatmap_chart_and_sections() {
    let reports = vec![
        sample(),
        score("Me: Tech debt?\nCTO: We spend 20% of every sprint on it and keep a debt backlog everyone sees.\n", "b.txt"),
    ];
    let failed = vec![("broken.srt".to_string(), "binary input".to_string())];
    let html = render::html_comparison(&reports, &failed);
    let p = parse(&html);
    assert!(p.ids.contains(&"t0".to_string()) && p.ids.contains(&"t1".to_string()));
    assert!(p.ids.contains(&"t1-q-tech-debt".to_string()));
    assert!(
        p.elements["table"] >= 3,
        "heatmap plus a checklist per transcript"
    );
    assert!(
        p.elements["polygon"] >= 4 + 2,
        "grid plus one series per transcript"
    );
    assert!(p.text.contains("broken.srt"));
    for href in &p.hrefs {
        let id = href.strip_prefix('#').unwrap();
        assert!(p.ids.iter().any(|i| i == id), "dangling link {href}");
    }
    assert_eq!(
        html,
        render::html_comparison(&reports, &failed),
        "deterministic"
    );
}

#[test]
fn comparison_heatmap_scrolls_in_its_card_with_a_divider_before_the_areas() {
    // Regression: at 1280 px the heatmap overflowed its card, and nothing
    // parted Q10 from the first area.
    let reports = vec![sample(), sample()];
    let html = render::html_comparison(&reports, &[]);
    assert!(
        html.contains("<div class=\"scroll\">\n<table class=\"heatmap\">"),
        "the table scrolls inside a wrapper"
    );
    assert!(html.contains(".scroll { overflow-x: auto; }"));
    assert!(html.contains("scope=\"colgroup\">Questions</th>"));
    assert!(html.contains("scope=\"colgroup\" class=\"areas\">Areas</th>"));
    let areas = reports[0].categories.len();
    // The divider: on the first area's heading and each row's first area.
    assert_eq!(html.matches("<th class=\"area areas\"").count(), 1);
    assert_eq!(html.matches(" areas\" title=").count(), 1 + reports.len());
    assert_eq!(html.matches("<th class=\"area").count(), areas);
}

#[test]
fn titles_and_input_format_are_for_people() {
    let html = render::html(&sample());
    // From the pack's `title`, not made from the id.
    assert!(
        html.contains("<span class=\"num\">Q1</span> Tech debt "),
        "{html}"
    );
    assert!(html.contains("input: plain text · pack mini"));
    assert!(!html.contains("format text"));
    let page = render::html_comparison(&[sample()], &[]);
    assert!(page.contains("title=\"Tech debt: How do you balance"));
}
