//! Slim JSON lines: a `--format jsonl` line leaves out the pack text, which
//! `candor questions --format json` and `candor rules list --format json`
//! give once, and joining them gives back the `--format json` report.

mod common;

use std::collections::HashMap;
use std::process::Command;

use assert_cmd::prelude::*;
use serde_json::{json, Value};

use common::root;

/// Runs `candor ARGS` in the repository's root and parses its stdout as
/// JSON, or as JSON lines with `lines`.
fn candor_json(args: &[&str], lines: bool) -> Vec<Value> {
    let out = Command::cargo_bin("candor")
        .unwrap()
        .args(args)
        .current_dir(root())
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    if lines {
        stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    } else {
        vec![serde_json::from_str(&stdout).unwrap()]
    }
}

/// The corpus as slim lines and as full reports, in the same order.
fn corpus() -> (Vec<Value>, Vec<Value>) {
    let slim = candor_json(&["score", "corpus", "--format", "jsonl", "-j", "2"], true);
    let full = candor_json(&["score", "corpus", "--format", "json", "-j", "2"], false);
    let full = full[0].as_array().unwrap().clone();
    assert_eq!(slim.len(), full.len());
    assert!(slim.len() > 40, "the whole corpus: {}", slim.len());
    (slim, full)
}

#[test]
fn a_jsonl_line_has_no_pack_text_but_every_verdict_hit_and_span() {
    let (slim, full) = corpus();
    let mut hits = 0;
    for (line, report) in slim.iter().zip(&full) {
        let source = &line["source"];
        assert_eq!(source, &report["source"]);
        assert_eq!(line["slim"], true, "{source}");
        assert_eq!(line["schema_version"], report["schema_version"]);
        for key in ["overall", "speakers", "pack", "warnings", "format"] {
            assert_eq!(line[key], report[key], "{source} {key}");
        }
        for (c, full_c) in zip(&line["categories"], &report["categories"]) {
            assert_eq!(c.as_object().unwrap().len(), 3, "{source}: {c}");
            for key in ["id", "score", "verdict"] {
                assert_eq!(c[key], full_c[key], "{source} {key}");
            }
        }
        for (q, full_q) in zip(&line["questions"], &report["questions"]) {
            for key in ["text", "title", "follow_up"] {
                assert!(q.get(key).is_none(), "{source}: {key} in {q}");
            }
            for key in [
                "id",
                "number",
                "category",
                "asked",
                "answered",
                "verdict",
                "score",
                "reason",
                "answer_words",
            ] {
                assert_eq!(q[key], full_q[key], "{source} {key}");
            }
            for (h, full_h) in zip(&q["hits"], &full_q["hits"]) {
                hits += 1;
                assert!(h.get("message").is_none(), "{source}: {h}");
                let mut h = h.clone();
                h["message"] = full_h["message"].clone();
                // Rule, signal, weight, modifiers, evidence spans, line,
                // time, speaker, excerpt, dropped: all there.
                assert_eq!(&h, full_h, "{source}");
            }
        }
    }
    assert!(hits > 500, "the corpus has many hits: {hits}");
}

/// `a` and `b`, two arrays of the same length, item by item.
fn zip<'a>(a: &'a Value, b: &'a Value) -> impl Iterator<Item = (&'a Value, &'a Value)> {
    let (a, b) = (a.as_array().unwrap(), b.as_array().unwrap());
    assert_eq!(a.len(), b.len());
    a.iter().zip(b)
}

#[test]
fn questions_json_has_all_ten_questions_with_their_texts() {
    let v = &candor_json(&["questions", "--format", "json"], false)[0];
    assert_eq!(v["pack"], json!({"name": "default", "version": "1.0.0"}));
    let questions = v["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 10);
    for (i, q) in questions.iter().enumerate() {
        assert_eq!(q["number"], i + 1, "{q}");
        for key in ["id", "category", "title", "text", "why", "good", "bad"] {
            let s = q[key].as_str().unwrap_or_default();
            assert!(!s.is_empty(), "{key} of {q}");
        }
        assert!(!q["follow_up"].as_array().unwrap().is_empty(), "{q}");
    }
    assert_eq!(
        questions[4]["text"],
        "What happens when production goes down at 3 AM?"
    );
    let categories = v["categories"].as_array().unwrap();
    assert_eq!(categories.len(), 5);
    for c in categories {
        assert!(!c["label"].as_str().unwrap().is_empty(), "{c}");
        assert!(!c["goal"].as_str().unwrap().is_empty(), "{c}");
    }
}

/// A slim line with the pack text joined back in, as a consumer would:
/// questions and categories by id from `questions --format json`, hit
/// messages by rule id from `rules list --format json`, follow-ups for
/// every verdict but green.
fn join(line: &Value, questions: &Value, rules: &Value) -> Value {
    let by_id = |list: &Value| -> HashMap<String, Value> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|x| (x["id"].as_str().unwrap().to_string(), x.clone()))
            .collect()
    };
    let pack_questions = by_id(&questions["questions"]);
    let pack_categories = by_id(&questions["categories"]);
    let pack_rules = by_id(&rules["rules"]);
    let mut report = line.clone();
    report.as_object_mut().unwrap().remove("slim");
    for c in report["categories"].as_array_mut().unwrap() {
        let pack = &pack_categories[c["id"].as_str().unwrap()];
        c["label"] = pack["label"].clone();
        c["goal"] = pack["goal"].clone();
    }
    for q in report["questions"].as_array_mut().unwrap() {
        let pack = &pack_questions[q["id"].as_str().unwrap()];
        q["text"] = pack["text"].clone();
        q["title"] = pack["title"].clone();
        q["follow_up"] = if q["verdict"] == "green" {
            json!([])
        } else {
            pack["follow_up"].clone()
        };
        for h in q["hits"].as_array_mut().unwrap() {
            h["message"] = pack_rules[h["rule"].as_str().unwrap()]["message"].clone();
        }
    }
    report
}

#[test]
fn joining_jsonl_with_the_pack_text_gives_the_json_report() {
    let (slim, full) = corpus();
    let questions = &candor_json(&["questions", "--format", "json"], false)[0];
    let rules = &candor_json(&["rules", "list", "--format", "json"], false)[0];
    assert_eq!(rules["pack"], questions["pack"]);
    for (line, report) in slim.iter().zip(&full) {
        assert_eq!(
            &join(line, questions, rules),
            report,
            "{}",
            report["source"]
        );
    }
}

#[test]
fn the_streaming_mode_writes_slim_lines() {
    let record = json!({"id": "acme", "text": common::GOOD}).to_string();
    let out = assert_cmd::Command::cargo_bin("candor")
        .unwrap()
        .args(["score", "--jsonl-input"])
        .write_stdin(format!("{record}\n{record}\n"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0], lines[1], "the reused buffer starts empty");
    assert_eq!(lines[0]["slim"], true);
    assert_eq!(lines[0]["questions"][4]["verdict"], "green");
    assert!(lines[0]["questions"][4].get("text").is_none());
}

#[test]
fn explain_json_is_the_rule_list_entry_with_its_details() {
    let listed = &candor_json(&["rules", "list", "Q1", "--format", "json"], false)[0];
    let rule = &candor_json(
        &["explain", "tech-debt/denies-debt", "--format", "json"],
        false,
    )[0];
    let rule = &rule["rules"][0];
    let entry = listed["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "tech-debt/denies-debt")
        .unwrap();
    for (key, value) in entry.as_object().unwrap() {
        assert_eq!(&rule[key], value, "{key}");
    }
    let defined = rule["defined"].as_str().unwrap();
    assert!(
        defined.starts_with("built-in: tech-debt.toml:"),
        "{defined}"
    );
    assert!(["flip", "drop", "ignore"].contains(&rule["on_negation"].as_str().unwrap()));
    assert!(!rule["examples"].as_array().unwrap().is_empty());
    assert!(rule["concepts"]["debt"].as_array().unwrap().len() > 3);
    assert!(!rule["expressions"].as_array().unwrap().is_empty());

    let by_number = &candor_json(&["explain", "Q1", "--format", "json"], false)[0];
    assert_eq!(by_number["question"]["id"], "tech-debt");
    assert_eq!(
        by_number["rules"].as_array().unwrap().len(),
        listed["rules"].as_array().unwrap().len()
    );
}
