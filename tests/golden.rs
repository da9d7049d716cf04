//! Golden files pin every renderer's output for one sample transcript.
//!
//! To update them after an intended change:
//! `UPDATE_GOLDEN=1 cargo test --test golden`, then review the diff.

mod common;

use std::path::Path;

use candor::render::{self, TextOptions};
use candor::{Engine, Pack, ReadOptions};

fn check(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/golden")
        .join(name);
    common::golden(&path, actual, "golden");
}

fn report() -> candor::Report {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pack = Pack::load(&root.join("tests/data/packs/mini")).unwrap();
    let engine = Engine::new(&pack);
    let bytes = std::fs::read(root.join("tests/data/transcripts/sample.txt")).unwrap();
    engine
        .score_bytes(&bytes, "sample.txt", &ReadOptions::default())
        .unwrap()
}

#[test]
fn text_report() {
    check(
        "sample.txt",
        &render::text(&report(), &TextOptions::default()),
    );
}

#[test]
fn text_report_in_color() {
    check(
        "sample.color.txt",
        &render::text(
            &report(),
            &TextOptions {
                color: true,
                ..TextOptions::default()
            },
        ),
    );
}

#[test]
fn json_report() {
    check("sample.json", &render::json(&report()));
}

/// A JSON line leaves out the pack text (`docs/report.md`, "JSON lines").
#[test]
fn jsonl_report() {
    check("sample.jsonl", &render::jsonl(&report()));
}
