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
    let engine = Engine::new(&candor::pack::builtin());
    report("rule examples", &run_examples(&engine, None));
}

#[test]
fn corpus_expectations() {
    let engine = Engine::new(&candor::pack::builtin());
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    report("corpus", &run_corpus(&engine, &corpus, None));
}

#[test]
fn mini_pack_examples() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/packs/mini");
    let engine = Engine::new(&Pack::load(&dir).unwrap());
    report("mini pack examples", &run_examples(&engine, None));
}

/// The ratchet: corpus-hard holds transcripts the pack does not all pass
/// (blind sets, kept to measure generalisation), so instead of all of them
/// passing, the number that pass may not fall below the figure recorded in
/// `corpus-hard/ratchet.toml`. `UPDATE_RATCHET=1` raises the figure when the
/// pack does better; nothing lowers it.
#[test]
fn hard_corpus_ratchet() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("corpus-hard/ratchet.toml");
    let text = std::fs::read_to_string(&path).expect("corpus-hard/ratchet.toml exists");
    let recorded: toml::Table = toml::from_str(&text).expect("the ratchet file parses");
    let floor = recorded["agree"].as_integer().expect("`agree` is a number");
    let engine = Engine::new(&candor::pack::builtin());
    let summary = run_corpus(&engine, &root.join("corpus-hard"), None);
    let agree = summary.passed() as i64;
    let total = summary.results.len() as i64;
    eprintln!("corpus-hard: {agree} of {total} verdicts agree (ratchet {floor})");
    if agree > floor && std::env::var_os("UPDATE_RATCHET").is_some() {
        let updated = text
            .replace(&format!("agree = {floor}"), &format!("agree = {agree}"))
            .lines()
            .map(|l| {
                if l.starts_with("verdicts = ") {
                    format!("verdicts = {total}")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
            + "\n";
        std::fs::write(&path, updated).expect("the ratchet file is writable");
        return;
    }
    let failures: Vec<String> = summary
        .failures()
        .map(|f| format!("  {} [{}] {}", f.name, f.outcome, f.detail))
        .collect();
    assert!(
        agree >= floor,
        "corpus-hard agreement fell to {agree} of {total}, below the ratchet {floor}; failing cases:\n{}",
        failures.join("\n")
    );
}
