//! Complexity guards: every hostile shape of input is scored in time linear
//! in its size. Each run has a bound far above what linear code needs (a
//! few seconds) and far below what the quadratic code it replaced took
//! (minutes), so a quadratic regression fails here, whatever the machine.
//!
//! A debug build (`cargo test`) runs 1 MB inputs and 25,000-phrase packs;
//! a release build (`cargo test --release --test hostile`, run by
//! `.ci/run`) runs 8 MB inputs and 100,000-phrase packs.

use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;

#[path = "../examples/common/hostile.rs"]
mod hostile;
#[path = "../examples/common/rng.rs"]
#[allow(dead_code)]
mod rng;

use hostile::{Family, FAMILIES};

const BOUND: Duration = Duration::from_secs(20);

const fn size() -> usize {
    if cfg!(debug_assertions) {
        1 << 20
    } else {
        8 << 20
    }
}

const fn phrases() -> usize {
    if cfg!(debug_assertions) {
        25_000
    } else {
        100_000
    }
}

/// Runs candor with `args` and `stdin`, checks it succeeds within the
/// bound, and gives its stdout.
fn timed(what: &str, args: &[&str], stdin: Option<String>) -> String {
    let start = Instant::now();
    let mut cmd = Command::cargo_bin("candor").expect("the binary is built");
    cmd.args(args).timeout(BOUND * 3);
    if let Some(stdin) = stdin {
        cmd.write_stdin(stdin);
    }
    let out = cmd.output().expect("candor runs");
    let took = start.elapsed();
    assert!(
        out.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(took < BOUND, "{what}: took {took:?}, bound {BOUND:?}");
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn family(f: Family) {
    let text = f.generate(size());
    let what = format!("{} of {} MB", f.name(), size() >> 20);
    let out = timed(&what, &["score", "--format", "json", "-"], Some(text));
    let report: serde_json::Value = serde_json::from_str(&out).expect("a JSON report");
    // Scored, not skipped: the questions are all there, each with a verdict.
    let questions = report["questions"].as_array().expect("questions");
    assert_eq!(questions.len(), 10, "{what}");
    // However many hits, a question lists at most 500.
    for q in questions {
        assert!(q["hits"].as_array().expect("hits").len() <= 500, "{what}");
    }
}

#[test]
fn one_long_line_is_linear() {
    family(FAMILIES[0]);
}

#[test]
fn question_lines_are_linear() {
    family(FAMILIES[1]);
}

#[test]
fn a_but_chain_is_linear() {
    family(FAMILIES[2]);
}

#[test]
fn a_used_to_chain_is_linear() {
    family(FAMILIES[3]);
}

#[test]
fn prose_that_names_no_topic_is_linear() {
    family(FAMILIES[4]);
}

#[test]
fn prose_of_lean_words_is_linear() {
    family(FAMILIES[5]);
}

#[test]
fn a_huge_pack_loads_and_is_checked_in_linear_time() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mini = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/packs/mini");
    let pack = dir.path().join("huge");
    hostile::huge_pack(&mini, &pack, phrases()).expect("the pack is written");
    let pack = pack.to_str().expect("a UTF-8 path");
    let what = format!("scoring with a {}-phrase pack", phrases());
    let out = timed(
        &what,
        &["score", "--rules", pack, "--format", "json", "-"],
        Some("CTO: We reserve a fifth of each sprint for tech debt.\n".into()),
    );
    assert!(out.contains("\"questions\""), "{what}");
    let what = format!("rules check of a {}-phrase pack", phrases());
    let checked = {
        let start = Instant::now();
        let out = Command::cargo_bin("candor")
            .expect("the binary is built")
            .args(["rules", "check", pack, "--format", "json"])
            .timeout(BOUND * 3)
            .output()
            .expect("candor runs");
        assert!(
            start.elapsed() < BOUND,
            "{what}: took {:?}",
            start.elapsed()
        );
        out
    };
    // Made-up phrases share words: the check finds covered ones, and
    // finishes.
    let report: serde_json::Value =
        serde_json::from_slice(&checked.stdout).expect("a JSON report of the check");
    assert!(report["warnings"].as_u64().expect("a count") > 0, "{what}");
}
