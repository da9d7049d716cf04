//! The default pack against its own rule examples and the labelled corpus.
//!
//! One runner (`candor::ruletest`) serves this test and `candor rules test`:
//! every case runs, every failure is listed, then the test fails once.

#![allow(clippy::print_stderr)] // a test may say what it skipped or counted

use std::path::Path;

use candor::ruletest::{run_corpus, run_examples, Summary};
use candor::{Engine, Pack};

fn report(what: &str, summary: &Summary) {
    let failures: Vec<String> = summary
        .failures()
        .map(|f| format!("  {} [{}] {}", f.name, f.outcome, f.detail))
        .collect();
    eprintln!(
        "{what}: {} passed, {} failed",
        summary.passed(),
        summary.failed()
    );
    assert!(
        failures.is_empty(),
        "{what}: {} of {} cases failed:\n{}",
        failures.len(),
        summary.results.len(),
        failures.join("\n")
    );
    assert!(summary.passed() > 0, "{what}: no case ran");
}

#[test]
fn default_pack_examples() {
    let engine = Engine::new(&Pack::builtin());
    report("rule examples", &run_examples(&engine, None));
}

#[test]
fn corpus_expectations() {
    let engine = Engine::new(&Pack::builtin());
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    report("corpus", &run_corpus(&engine, &corpus, None));
}

#[test]
fn mini_pack_examples() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/packs/mini");
    let engine = Engine::new(&Pack::load(&dir).unwrap());
    report("mini pack examples", &run_examples(&engine, None));
}
