//! Coverage in every renderer: how many questions were asked and answered,
//! and whether that makes the report partial (`docs/report.md`,
//! "Coverage"). The rule itself is unit-tested in `src/score.rs`.

use std::path::Path;

use candor::render::{self, Table, TableOptions, TextOptions};
use candor::{Engine, Pack, ReadOptions, Report, Verdict};

fn pack() -> Pack {
    Pack::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/packs/mini")).unwrap()
}

fn score(text: &str, source: &str) -> Report {
    Engine::new(&pack())
        .score_bytes(text.as_bytes(), source, &ReadOptions::default())
        .unwrap()
}

/// One green answer of the mini pack's three questions: partial.
fn one_green() -> Report {
    score(
        "Me: What happens when production goes down at 3 AM?\nCTO: Whoever is on call gets paged, and then we always run blameless post-mortems together.\n",
        "one-green.txt",
    )
}

/// One red answer: partial, and still red.
fn one_red() -> Report {
    score(
        "Me: How do you handle tech debt?\nCTO: Honestly, we don't have technical debt here at all.\n",
        "one-red.txt",
    )
}

#[test]
fn one_green_answer_is_partial_and_at_best_amber() {
    let r = one_green();
    assert_eq!(r.overall.score, Some(100));
    assert_eq!(r.overall.verdict, Verdict::Amber);
    assert_eq!((r.overall.asked, r.overall.answered), (1, 1));
    assert!(r.overall.partial);
    let red = one_red();
    assert_eq!(red.overall.verdict, Verdict::Red);
    assert!(red.overall.partial);
}

#[test]
fn text_header_says_partial_and_how_much() {
    let text = render::text(&one_green(), &TextOptions::default());
    assert!(
        text.contains("\nOverall [AMBER] 100/100 · partial: 1 of 3 answered (1 asked)\n"),
        "{text}"
    );
    assert!(
        text.contains("Fewer than 3 questions answered: too little to call the interview green"),
        "{text}"
    );
    assert!(
        text.lines().all(|l| l.chars().count() <= 80),
        "80 columns\n{text}"
    );
    let red = render::text(&one_red(), &TextOptions::default());
    assert!(
        red.contains("\nOverall [RED] 0/100 · partial: 1 of 3 answered (1 asked)\n"),
        "{red}"
    );
}

#[test]
fn json_overall_has_the_coverage_fields() {
    let v: serde_json::Value = serde_json::from_str(&render::json(&one_green())).unwrap();
    let o = &v["overall"];
    assert_eq!(o["verdict"], "amber");
    assert_eq!(o["score"], 100);
    assert_eq!(o["asked"], 1);
    assert_eq!(o["answered"], 1);
    assert_eq!(o["partial"], true);
    assert_eq!(v["schema_version"], 1, "additive fields, same schema");
}

#[test]
fn markdown_says_partial_and_how_much() {
    let md = render::markdown(&one_green());
    assert!(
        md.contains("**Overall: 🟠 Amber — 100/100** · partial: 1 of 3 answered (1 asked)\n"),
        "{md}"
    );
    assert!(md.contains("*Fewer than 3 questions answered"), "{md}");
}

#[test]
fn csv_rows_carry_the_coverage() {
    let csv = render::csv_rows(&one_green());
    let columns = render::csv_header().split(',').count();
    for line in csv.lines() {
        assert_eq!(line.split(',').count(), columns, "{line}");
    }
    assert!(
        csv.contains("one-green.txt,incident-response,green,")
            && csv.lines().all(|l| l.ends_with(",1,1,true")),
        "{csv}"
    );
}

#[test]
fn html_shows_coverage_and_the_radar_leaves_unanswered_areas_out() {
    let html = render::html(&one_green());
    assert!(
        html.contains("<p class=\"coverage\">partial: 1 of 3 answered (1 asked)</p>"),
        "{html}"
    );
    assert!(html.contains("<p class=\"partial\">Fewer than 3 questions answered"));
    // Two of three areas are unanswered: no point for them, not a point at
    // the centre; their axes are dashed and labelled.
    assert_eq!(
        html.matches("<circle ").count(),
        1,
        "one point, the answered area"
    );
    assert_eq!(html.matches("class=\"axis missing\"").count(), 2);
    assert_eq!(html.matches(">unanswered</text>").count(), 2);
    assert!(
        !html.contains("<polygon class=\"series\""),
        "no closed outline"
    );
    assert!(html.contains("an unanswered area has no point and is not 0"));
}

#[test]
fn radar_of_a_full_report_is_closed() {
    let html = render::html(&score(
        "Me: How do you handle tech debt?\nCTO: Honestly, we don't have technical debt here at all.\nMe: What happens when production goes down at 3 AM?\nCTO: Whoever is on call gets paged, and then we always run blameless post-mortems together.\nMe: How do you measure success?\nCTO: We track velocity, but what really matters is uptime and conversion.\n",
        "full.txt",
    ));
    assert_eq!(html.matches("<polygon class=\"series\"").count(), 1);
    assert_eq!(html.matches("<circle ").count(), 3);
    assert!(!html.contains("axis missing"));
}

#[test]
fn radar_gap_between_two_answered_areas() {
    // Tech debt and on-call answered, metrics not: one edge and one
    // filled sector between the two answered areas, no point for metrics.
    let html = render::html(&score(
        "Me: How do you handle tech debt?\nCTO: Honestly, we don't have technical debt here at all.\nMe: What happens when production goes down at 3 AM?\nCTO: Whoever is on call gets paged, and then we always run blameless post-mortems together.\n",
        "two.txt",
    ));
    assert_eq!(html.matches("<circle ").count(), 2);
    assert_eq!(
        html.matches("<path class=\"series\"").count(),
        2,
        "fill and outline"
    );
    assert_eq!(html.matches("class=\"axis missing\"").count(), 1);
}

#[test]
fn comparison_table_and_page_show_coverage() {
    let pack = pack();
    let reports = [one_green(), one_red()];
    let table = Table::new(&pack, TableOptions::default());
    let header = table.header();
    assert!(header.ends_with("overall asked answered\n"), "{header}");
    let row = table.row(&reports[0]);
    assert!(row.ends_with("100 A     1/3      1/3 partial\n"), "{row}");
    assert!(table
        .row(&reports[1])
        .ends_with("0 R     1/3      1/3 partial\n"));
    assert!(table.footer(&[]).contains("partial: fewer than 3 answered"));

    let md = Table::new(
        &pack,
        TableOptions {
            markdown: true,
            ..TableOptions::default()
        },
    );
    assert!(md.header().contains("| overall | asked | answered |"));
    assert!(
        md.row(&reports[0])
            .ends_with("| 100 A | 1/3 | 1/3 partial |\n"),
        "{}",
        md.row(&reports[0])
    );

    let page = render::html_comparison(&reports, &[]);
    // Under each transcript's name in the heatmap.
    assert!(
        page.contains("one-green.txt</a><span class=\"coverage partial\">partial: 1 of 3 answered (1 asked)</span></th>"),
        "{page}"
    );
    assert!(page.contains("an unanswered area has no point"));
}
