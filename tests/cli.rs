//! The `candor` binary: exit codes, stdout/stderr separation, inputs untouched.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use assert_cmd::prelude::*;
use predicates::prelude::*;

fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path)
}

fn candor() -> Command {
    let mut cmd = Command::cargo_bin("candor").unwrap();
    cmd.env_remove("NO_COLOR");
    cmd
}

fn mini() -> [String; 2] {
    ["--rules".into(), data("packs/mini").display().to_string()]
}

#[test]
fn scores_a_file_with_the_default_pack() {
    candor()
        .arg("score")
        .arg(data("transcripts/sample.txt"))
        .assert()
        .success()
        .stdout(predicate::str::contains("Checklist"))
        .stdout(predicate::str::contains("Q5 incident-response"))
        .stderr("");
}

/// Regression: this interview answers four of the ten questions and
/// printed a plain `Overall [GREEN] 100/100`, hiding how little was
/// answered (issue 12). The header now says how many were asked and
/// answered.
#[test]
fn the_overall_line_says_how_much_was_answered() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/ecommerce-contrast.txt");
    let out = candor().arg("score").arg(&corpus).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let overall = text
        .lines()
        .find(|l| l.starts_with("Overall "))
        .expect("an overall line");
    assert!(!overall.ends_with("100/100"), "{overall}");
    let json = candor()
        .args(["score", "--format", "json"])
        .arg(&corpus)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let answered = v["questions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| q["answered"] == true)
        .count();
    let asked = v["overall"]["asked"].as_u64().unwrap();
    assert_eq!(v["overall"]["answered"], answered);
    assert!(
        overall.contains(&format!(" of 10 answered ({asked} asked)"))
            && overall.contains(&format!(" {answered} of 10 ")),
        "{overall}"
    );
    assert!(answered < 10, "the interview leaves questions unanswered");
}

#[test]
fn json_output_follows_the_schema() {
    let out = candor()
        .args(["score", "--format", "json"])
        .args(mini())
        .arg(data("transcripts/sample.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["questions"].as_array().unwrap().len(), 3);
    assert_eq!(v["questions"][0]["verdict"], "red");
    assert_eq!(
        v["questions"][0]["hits"][0]["rule"],
        "tech-debt/denies-debt"
    );
    assert_eq!(v["speakers"]["answerer"], "Dana (CTO)");
}

#[test]
fn reads_stdin_when_no_path_or_dash() {
    let text = std::fs::read(data("transcripts/sample.txt")).unwrap();
    for args in [vec!["score"], vec!["score", "-"]] {
        let mut child = candor()
            .args(&args)
            .args(mini())
            .args(["--format", "json"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(&text).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["source"], "-");
        assert_eq!(v["questions"][0]["verdict"], "red");
    }
}

#[test]
fn fail_on_red_exits_1() {
    candor()
        .args(["score", "--fail-on", "red"])
        .args(mini())
        .arg(data("transcripts/sample.txt"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("[RED]"));
}

#[test]
fn fail_on_amber_exits_1_and_green_passes() {
    let dir = tempfile::tempdir().unwrap();
    let green = dir.path().join("green.txt");
    std::fs::write(
        &green,
        "Me: What happens when production goes down at 3 AM?\nCTO: Whoever is on call gets paged, and afterwards we always run blameless post-mortems with the whole team.\n",
    )
    .unwrap();
    candor()
        .args(["score", "--fail-on", "red"])
        .args(mini())
        .arg(&green)
        .assert()
        .code(0);
    candor()
        .args(["score", "--fail-on", "amber"])
        .args(mini())
        .arg(data("transcripts/sample.txt"))
        .assert()
        .code(1);
}

#[test]
fn missing_file_is_one_line_naming_it() {
    candor()
        .args(["score", "no/such/file.txt"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "error: no/such/file.txt: cannot read",
        ))
        .stderr(predicate::function(|s: &str| s.lines().count() == 1));
}

#[test]
fn a_folder_without_transcripts_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    candor()
        .arg("score")
        .arg(dir.path())
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("no transcript files found"))
        .stderr(predicate::str::contains(dir.path().display().to_string()));
}

#[test]
fn a_directory_where_a_file_is_needed_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    candor()
        .args(["score", "--output"])
        .arg(dir.path())
        .arg(data("transcripts/sample.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a directory"))
        .stderr(predicate::str::contains(dir.path().display().to_string()));
}

#[test]
fn binary_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("call.mp3");
    std::fs::write(&path, b"ID3\x04\x00\x00\x00\x00\x00\x00\xff\xfb\x90\x00").unwrap();
    candor()
        .arg("score")
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("call.mp3: binary input"));
}

#[test]
fn empty_input_is_all_unanswered_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.txt");
    std::fs::write(&path, "").unwrap();
    let out = candor()
        .args(["score", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["questions"]
        .as_array()
        .unwrap()
        .iter()
        .all(|q| q["verdict"] == "unanswered"));
    assert_eq!(v["overall"]["verdict"], "unanswered");
    assert!(v["warnings"][0].as_str().unwrap().contains("empty"));
}

#[test]
fn broken_rule_file_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(data("packs/mini")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let debt = dir.path().join("debt.toml");
    let text = std::fs::read_to_string(&debt).unwrap();
    std::fs::write(&debt, text.replace("veto = true", "vetoo = true")).unwrap();
    candor()
        .args(["score", "--rules"])
        .arg(dir.path())
        .arg(data("transcripts/sample.txt"))
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "error[E002]: unknown field `vetoo`",
        ))
        .stderr(predicate::str::contains("debt.toml:14:1\n"))
        .stderr(predicate::str::contains("14 | vetoo = true\n"));
}

#[test]
fn inputs_are_never_modified() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.txt");
    let text = std::fs::read(data("transcripts/sample.txt")).unwrap();
    std::fs::write(&path, &text).unwrap();
    candor().arg("score").arg(&path).assert().success();
    assert_eq!(std::fs::read(&path).unwrap(), text);
}

#[test]
fn output_file_is_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.json");
    candor()
        .args(["score", "--format", "json", "--output"])
        .arg(&out)
        .arg(data("transcripts/sample.txt"))
        .assert()
        .success()
        .stdout("");
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(v["schema_version"], 1);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
}

#[test]
fn color_only_when_asked_or_on_a_terminal() {
    let plain = candor()
        .arg("score")
        .arg(data("transcripts/sample.txt"))
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&plain.stdout).contains('\x1b'));
    let colored = candor()
        .args(["score", "--color", "always"])
        .arg(data("transcripts/sample.txt"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&colored.stdout).contains("\x1b["));
}

#[test]
fn questions_is_a_cheat_sheet_with_ids_wrapped_to_80_columns() {
    let out = candor().arg("questions").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    // Each question's number beside the id `explain` takes.
    assert!(text.contains("\n  Q1 tech-debt\n     How do you balance new feature development against paying down technical\n     debt?\n"), "{text}");
    assert!(text.contains("\n  Q10 "), "{text}");
    // Prose hangs under its label.
    assert!(text.contains("     Why ask: Tells you whether you will spend your first year fixing legacy\n              bugs"), "{text}");
    let widest = text.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(widest <= 80, "a line of {widest} columns");
}

/// The longest line of `explain`'s output, in chars.
fn widest(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

#[test]
fn explain_shows_a_rule_and_suggests_near_names() {
    candor()
        .args(["explain", "tech-debt/denies-debt"])
        .args(mini())
        .assert()
        .success()
        .stdout(predicate::str::contains("Denies technical debt."))
        .stdout(predicate::str::contains(
            "phrase: we don't have technical debt",
        ));
    // Expressions show their concepts expanded, nested ones too, wrapped
    // between alternatives to 80 columns.
    let out = candor()
        .args(["explain", "tech-debt/capacity-share"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("  match: {set-aside} ~6 {share} ~8 {debt-work}\n"),
        "{text}"
    );
    assert!(
        text.contains("  {set-aside} = set aside | reserve"),
        "{text}"
    );
    assert!(text.contains("  {debt} = debt | tech debt"), "{text}");
    assert!(
        text.contains("\n                | "),
        "alternatives continue under the first: {text}"
    );
    assert!(widest(&text) <= 80, "{text}");
    // Nothing near: the nearest ids by edit distance, by the rule's own
    // part alone, or containing the text; exit 2.
    for (query, nearest) in [
        ("denies", "`tech-debt/denies-debt`"),
        ("denies-debts", "`tech-debt/denies-debt`"),
        ("tech-dept/denies-debt", "`tech-debt/denies-debt`"),
        ("tech-dbt", "`tech-debt`"),
    ] {
        candor()
            .args(["explain", query])
            .args(mini())
            .assert()
            .code(2)
            .stdout("")
            .stderr(format!(
                "error: no rule or question `{query}`; did you mean {nearest}?\n"
            ));
    }
}

#[test]
fn explain_takes_a_question_by_id_number_or_q_number() {
    let explain = |what: &str| {
        let out = candor()
            .args(["explain", what])
            .args(mini())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{what}");
        String::from_utf8(out.stdout).unwrap()
    };
    let by_id = explain("tech-debt");
    assert!(by_id.starts_with("Q1 tech-debt: "), "{by_id}");
    for rule in [
        "tech-debt/denies-debt",
        "tech-debt/capacity-share",
        "tech-debt/fix-it-slot",
    ] {
        assert!(by_id.contains(&format!("\n{rule} (")), "{rule}: {by_id}");
    }
    assert!(!by_id.contains("incident-response/"), "{by_id}");
    for form in ["1", "Q1", "q1"] {
        assert_eq!(explain(form), by_id, "{form}");
    }
}

/// The embedded pack's files are not on an installed user's disk: they are
/// cited as `built-in:`; a pack given with `--rules` keeps its real path.
#[test]
fn explain_cites_the_embedded_pack_as_built_in() {
    let out = candor()
        .args(["explain", "tech-debt/denies-debt"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let cited = text
        .lines()
        .find(|l| l.starts_with("  defined in "))
        .unwrap();
    assert!(
        cited.starts_with("  defined in built-in: tech-debt.toml:"),
        "{cited}"
    );
    let default = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/default");
    let out = candor()
        .args(["explain", "tech-debt/denies-debt", "--rules"])
        .arg(&default)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let line = cited.rsplit(':').next().unwrap();
    assert!(
        text.contains(&format!(
            "  defined in {}:{line}\n",
            default.join("tech-debt.toml").display()
        )),
        "{text}"
    );
}

#[test]
fn bad_usage_exits_2() {
    candor()
        .args(["score", "--format", "yaml"])
        .assert()
        .code(2);
    candor().arg("frobnicate").assert().code(2);
}

#[test]
fn broken_pipe_exits_quietly() {
    let mut child = candor()
        .args(["score", "--format", "json"])
        .arg(data("transcripts/sample.txt"))
        .arg(data("transcripts/sample.txt"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.code() == Some(0), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn json_times_out_of_range_or_not_numbers_are_warnings_and_no_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("call.json");
    std::fs::write(
        &path,
        r#"{"segments":[
{"start":0,"end":2,"text":"What happens when production goes down at 3 AM?","speaker":"Me"},
{"start":1e308,"end":"abc","text":"Whoever is on call gets paged, and then we always run blameless post-mortems together.","speaker":"CTO"},
{"start":-5,"end":7,"text":"We page whoever is on call.","speaker":"CTO"}]}"#,
    )
    .unwrap();
    let out = candor()
        .arg("score")
        .args(mini())
        .arg(&path)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report["warnings"],
        serde_json::json!([
            "segments[1].start: 1e+308 is out of range (0 to 1,000 hours): read as no time",
            "segments[1].end: \"abc\" is not a number of seconds: read as no time",
            "segments[2].start: -5 is out of range (0 to 1,000 hours): read as no time",
        ])
    );
    let hit = &report["questions"][1]["hits"][0];
    assert_eq!(hit["rule"], "incident-response/blameless");
    assert_eq!(hit["time"], serde_json::Value::Null, "{hit}");
    // The text report shows no absurd clock either.
    let text = candor()
        .arg("score")
        .args(mini())
        .arg(&path)
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(!text.contains("5124095576030"), "{text}");
    assert!(text.contains("1e+308 is out of range"), "{text}");
}
