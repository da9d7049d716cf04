//! `candor rules check|test|diff`: outputs pinned to golden files, exit codes.
//!
//! Update the golden files after an intended change with
//! `UPDATE_GOLDEN=1 cargo test --test rules`, then review the diff.

#![allow(clippy::print_stderr)] // a test may say what it skipped or counted

mod common;
use common::root;

use std::path::Path;
use std::process::Command;

use assert_cmd::prelude::*;

/// Runs candor in `dir` and returns "exit: N\n" + stdout.
fn run(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("candor")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    let code = out.status.code().unwrap_or(-1);
    (code, String::from_utf8(out.stdout).unwrap())
}

fn golden(path: &Path, actual: &str) {
    common::golden(path, actual, "rules");
}

#[test]
fn every_broken_pack_is_pinned_to_its_diagnostics() {
    let dir = root().join("tests/data/broken-packs");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(
        names.len() >= 15,
        "at least 15 broken packs, found {}",
        names.len()
    );
    for name in &names {
        let (code, out) = run(&dir, &["rules", "check", name]);
        golden(
            &dir.join(format!("{name}.expected")),
            &format!("exit: {code}\n{out}"),
        );
        let clean = matches!(
            name.as_str(),
            "warnings-only" | "contained-phrase" | "concept-lints"
        );
        assert_eq!(code, if clean { 0 } else { 1 }, "{name}");
    }
}

#[test]
fn deny_warnings_fails_on_warnings_only() {
    let dir = root().join("tests/data/broken-packs");
    let (code, _) = run(
        &dir,
        &["rules", "check", "--deny", "warnings", "warnings-only"],
    );
    assert_eq!(code, 1);
    let (code, _) = run(
        &dir,
        &["rules", "check", "--deny", "warnings", "contained-phrase"],
    );
    assert_eq!(code, 0, "notes are not warnings");
}

#[test]
fn check_json_lists_diagnostics() {
    let dir = root().join("tests/data/broken-packs");
    let (code, out) = run(&dir, &["rules", "check", "--format", "json", "unknown-key"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["errors"], 1);
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "E002");
    assert_eq!(d["line"], 13);
    assert_eq!(d["column"], 1);
    assert_eq!(d["help"], "did you mean `message`?");
}

#[test]
fn check_that_cannot_run_exits_2() {
    let (code, _) = run(&root(), &["rules", "check", "no/such/pack"]);
    assert_eq!(code, 2);
}

#[test]
fn the_default_pack_is_clean() {
    let (code, out) = run(&root(), &["rules", "check", "--deny", "warnings"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn rules_test_passes_and_counts() {
    let (code, out) = run(
        &root(),
        &[
            "rules",
            "test",
            "tests/data/packs/mini",
            "--corpus",
            "tests/data/corpus-mini",
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(out.lines().last().unwrap(), "24 passed, 0 failed");
}

#[test]
fn rules_test_reports_failures() {
    let (code, out) = run(
        &root(),
        &[
            "rules",
            "test",
            "tests/data/packs/mini",
            "--corpus",
            "tests/data/corpus-mini-failing",
        ],
    );
    assert_eq!(code, 1);
    golden(
        &root().join("tests/data/golden/rules-test-failing.txt"),
        &out,
    );
}

#[test]
fn rules_test_filter_and_json() {
    let (code, out) = run(
        &root(),
        &[
            "rules",
            "test",
            "tests/data/packs/mini",
            "--filter",
            "blameless",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["passed"], 2);
    assert_eq!(v["failed"], 0);
    assert!(v["results"][0]["name"]
        .as_str()
        .unwrap()
        .contains("blameless"));
}

#[test]
fn rules_test_with_no_case_fails() {
    let (code, out) = run(
        &root(),
        &[
            "rules",
            "test",
            "tests/data/packs/mini",
            "--filter",
            "no-such-rule",
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(out.lines().last().unwrap(), "0 passed, 0 failed");
}

/// Runs candor in `dir`: exit code, stdout, stderr.
fn run_all(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("candor")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// A corpus with the mini corpus's passing transcript, and `extra` files.
fn corpus_with(extra: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["acme.txt", "acme.expect.toml"] {
        std::fs::copy(
            root().join("tests/data/corpus-mini").join(name),
            dir.path().join(name),
        )
        .unwrap();
    }
    for (name, bytes) in extra {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    dir
}

fn rules_test_on(corpus: &Path) -> (i32, String, String) {
    let mini = root().join("tests/data/packs/mini");
    run_all(
        corpus,
        &["rules", "test", mini.to_str().unwrap(), "--corpus", "."],
    )
}

#[test]
fn rules_test_with_a_broken_expect_file_exits_2_and_names_it() {
    let acme = std::fs::read(root().join("tests/data/corpus-mini/acme.txt")).unwrap();
    let corpus = corpus_with(&[
        ("broken.txt", &acme),
        ("broken.expect.toml", b"[verdicts\ntech-debt = \"red\"\n"),
    ]);
    let (code, out, err) = rules_test_on(corpus.path());
    assert_eq!(code, 2, "could not run, not a failed test: {out}");
    assert_eq!(
        err,
        "error: ./broken.expect.toml:1:10: invalid table header: expected `.`, `]`\n"
    );
    // The rest ran and passed; the summary says what could not run.
    assert!(!out.contains("./acme.txt"), "{out}");
    assert_eq!(
        out.lines().last().unwrap(),
        "21 passed, 1 failed (1 could not run)"
    );
}

#[test]
fn rules_test_with_an_unknown_verdict_or_no_transcript_exits_2() {
    let acme = std::fs::read(root().join("tests/data/corpus-mini/acme.txt")).unwrap();
    let corpus = corpus_with(&[
        ("typo.txt", &acme),
        ("typo.expect.toml", b"[verdicts]\ntech-debt = \"rd\"\n"),
        ("orphan.expect.toml", b"[verdicts]\n"),
    ]);
    let (code, _, err) = rules_test_on(corpus.path());
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: ./orphan.expect.toml: no transcript beside it (looked for ./orphan.*)\n\
         error: ./typo.expect.toml: tech-debt: unknown verdict \"rd\" (known: green, amber, red, unanswered)\n"
    );
}

#[test]
fn rules_test_with_a_binary_transcript_is_a_decode_error_not_wrong_verdicts() {
    // Random bytes (a compressed recording renamed .txt): no signature, and
    // under a tenth control bytes, but not UTF-8 either.
    let mut x: u32 = 7;
    let noise: Vec<u8> = (0..20_000)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (x >> 16) as u8
        })
        .collect();
    let expect = std::fs::read(root().join("tests/data/corpus-mini/acme.expect.toml")).unwrap();
    let corpus = corpus_with(&[
        ("recording.txt", &noise),
        ("recording.expect.toml", &expect),
    ]);
    let (code, out, err) = rules_test_on(corpus.path());
    assert_eq!(code, 2, "{out}");
    assert!(
        !out.contains("[noisy]") && !out.contains("[missing]"),
        "{out}"
    );
    assert!(
        err.starts_with("error: ./recording.txt: binary input (at byte offset ")
            && err.ends_with("): not a transcript\n")
            && err.lines().count() == 1,
        "{err}"
    );
    // rules diff names it on stderr too, and exits 2.
    let mini = root().join("tests/data/packs/mini");
    let mini = mini.to_str().unwrap();
    let (code, _, diff_err) = run_all(
        corpus.path(),
        &["rules", "diff", mini, mini, "--corpus", "."],
    );
    assert_eq!(code, 2);
    assert_eq!(diff_err, err);
}

#[test]
fn rules_diff_pins_flips_and_edits() {
    let base = [
        "rules",
        "diff",
        "tests/data/packs/mini",
        "tests/data/packs/mini-edited",
        "--corpus",
        "tests/data/corpus-mini",
    ];
    let (code, out) = run(&root(), &base);
    assert_eq!(code, 1, "flips exit 1");
    golden(&root().join("tests/data/golden/rules-diff.txt"), &out);
    let (code, out) = run(&root(), &[&base[..], &["--format", "markdown"]].concat());
    assert_eq!(code, 1);
    golden(&root().join("tests/data/golden/rules-diff.md"), &out);
    let (code, out) = run(&root(), &[&base[..], &["--format", "json"]].concat());
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["flips"][0]["question"], "tech-debt");
}

/// The default pack against a deliberately edited copy over the corpus: the
/// copy is made at test time from `rules/default`, so it never goes stale.
/// The edits: velocity becomes a red flag, and "blameless" phrases are gone.
#[test]
fn rules_diff_default_pack_against_an_edited_copy() {
    let dir = tempfile::tempdir().unwrap();
    let edited = dir.path().join("edited");
    std::fs::create_dir(&edited).unwrap();
    for entry in std::fs::read_dir(root().join("rules/default")).unwrap() {
        let path = entry.unwrap().path();
        let mut text = std::fs::read_to_string(&path).unwrap();
        match path.file_name().unwrap().to_str().unwrap() {
            "success-metrics.toml" => {
                let at = text.find("id = \"velocity-only\"").unwrap();
                let tail = text[at..]
                    .replacen("signal = \"amber\"", "signal = \"red\"", 1)
                    .replacen("weight = 1.0", "weight = 3.0", 1);
                text = format!("{}{tail}", &text[..at]);
            }
            "incident-response.toml" => {
                // A concept edit: every rule naming {incident-blameless} changes.
                text = text.replace("\"blameless\", \"blamelessly\", ", "");
            }
            _ => {}
        }
        std::fs::write(edited.join(path.file_name().unwrap()), text).unwrap();
    }
    let edited = edited.display().to_string();
    let (code, out) = run(&root(), &["rules", "diff", "rules/default", &edited]);
    assert_eq!(code, 1, "{out}");
    let out = out.replace(&edited, "EDITED");
    golden(
        &root().join("tests/data/golden/rules-diff-default.txt"),
        &out,
    );
}

#[test]
fn rules_diff_without_flips_exits_0() {
    let (code, out) = run(
        &root(),
        &[
            "rules",
            "diff",
            "tests/data/packs/mini",
            "tests/data/packs/mini",
            "--corpus",
            "tests/data/corpus-mini",
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.ends_with("0 verdict changes in 0 of 2 transcripts; 0 rule edits\n"),
        "{out}"
    );
}

#[test]
fn rules_diff_reads_packs_from_git() {
    let inside_git = Command::new("git")
        .args(["rev-parse", "HEAD:tests/data/packs/mini"])
        .current_dir(root())
        .output()
        .is_ok_and(|o| o.status.success());
    if !inside_git {
        eprintln!("skipped: not a git checkout with the mini pack committed");
        return;
    }
    let (code, out) = run(
        &root(),
        &[
            "rules",
            "diff",
            "HEAD:tests/data/packs/mini",
            "tests/data/packs/mini",
            "--corpus",
            "tests/data/corpus-mini",
        ],
    );
    assert_eq!(code, 0, "{out}");
    let (code, _) = run(
        &root(),
        &["rules", "diff", "nosuchrev:rules", "tests/data/packs/mini"],
    );
    assert_eq!(code, 2);
}

#[test]
fn rules_diff_refuses_revisions_that_begin_with_a_dash() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("x");
    let spec = format!("--output={}:rules/default", target.display());
    let (code, out, err) = run_all(&root(), &["rules", "diff", "--", &spec, "rules/default"]);
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert_eq!(
        err,
        format!("error: {spec}: a revision cannot begin with '-'\n")
    );
    assert!(!target.exists(), "git was handed an option");
    let (code, _, err) = run_all(
        &root(),
        &["rules", "diff", "--", "-h:rules/default", "rules/default"],
    );
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: -h:rules/default: a revision cannot begin with '-'\n"
    );
}

/// Whatever git says when it fails (nothing, or many lines), the error is
/// one line and not empty. A stand-in `git` on PATH plays the failures.
#[cfg(unix)]
#[test]
fn rules_diff_git_failures_are_one_nonempty_line() {
    use std::os::unix::fs::PermissionsExt;
    let bin = tempfile::tempdir().unwrap();
    let git = bin.path().join("git");
    let run_with = |script: &str| {
        std::fs::write(&git, format!("#!/bin/sh\n{script}\n")).unwrap();
        std::fs::set_permissions(&git, std::fs::Permissions::from_mode(0o755)).unwrap();
        let out = Command::cargo_bin("candor")
            .unwrap()
            .current_dir(root())
            .env("PATH", bin.path())
            .args(["rules", "diff", "main:rules/default", "rules/default"])
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8(out.stderr).unwrap())
    };
    assert_eq!(
        run_with("exit 3"),
        (
            Some(2),
            "error: main:rules/default: cannot list the pack in git: git ls-tree failed (exit status: 3)\n"
                .to_string()
        )
    );
    assert_eq!(
        run_with("printf 'hint: one\\nfatal: bad revision\\nhint: two\\n' >&2; exit 128"),
        (
            Some(2),
            "error: main:rules/default: cannot list the pack in git: fatal: bad revision\n"
                .to_string()
        )
    );
}

#[test]
fn rules_diff_blames_a_concept_edit_for_the_flips_of_the_rules_using_it() {
    let dir = tempfile::tempdir().unwrap();
    let mini = root().join("tests/data/packs/mini");
    let copy = |name: &str, retro: bool| {
        let pack = dir.path().join(name);
        std::fs::create_dir(&pack).unwrap();
        for entry in std::fs::read_dir(&mini).unwrap() {
            let path = entry.unwrap().path();
            let mut text = std::fs::read_to_string(&path).unwrap();
            if path.ends_with("incidents.toml") {
                let review = if retro {
                    r#"["post-mortem", "retro"]"#
                } else {
                    r#"["post-mortem"]"#
                };
                text = text.replacen(
                    "[[rule]]",
                    &format!("[concepts]\nreview = {review}\n\n[[rule]]"),
                    1,
                );
                text = text.replacen(
                    "phrases = [\"blameless post mortems\"",
                    "match = [\"blameless {review}\"]\nphrases = [\"blameless post mortems\"",
                    1,
                );
            }
            std::fs::write(pack.join(path.file_name().unwrap()), text).unwrap();
        }
        pack.display().to_string()
    };
    let (base, head) = (copy("base", true), copy("head", false));
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(
        corpus.join("retro.txt"),
        "Me: What happens when production goes down at 3 AM?\nCTO: We page whoever is on call, and afterwards we hold blameless retros.\n",
    )
    .unwrap();
    std::fs::write(
        corpus.join("retro.expect.toml"),
        "[verdicts]\nincident-response = \"green\"\n",
    )
    .unwrap();
    let corpus = corpus.display().to_string();
    let (code, out) = run(
        &root(),
        &["rules", "diff", &base, &head, "--corpus", &corpus],
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("changed {review}"), "{out}");
    assert!(out.contains("-entry \"retro\""), "{out}");
    assert!(out.contains("caused by: changed {review}"), "{out}");
}

#[test]
fn check_github_format_is_workflow_commands_on_the_line() {
    let dir = root().join("tests/data/broken-packs");
    let (code, out) = run(
        &dir,
        &["rules", "check", "--format", "github", "unknown-key"],
    );
    assert_eq!(code, 1, "exit codes do not change with the format");
    assert_eq!(
        out,
        "::error file=unknown-key/q.toml,line=13,col=1,title=candor E002::unknown field `mesage`, \
         expected one of `id`, `signal`, `weight`, `veto`, `evasion`, `vague`, `lean`, `match`, `unless`, `phrases`, `patterns`, \
         `on_negation`, `on_hypothetical`, `on_past`, `within`, `message`, `examples`, `counter_examples`\
         %0Ahelp: did you mean `message`?\n\
         rules check: 1 error, 0 warnings, 0 notes\n"
    );
    // Notes are notices, and never fail.
    let (code, out) = run(
        &dir,
        &["rules", "check", "--format", "github", "contained-phrase"],
    );
    assert_eq!(code, 0);
    assert!(
        out.starts_with("::notice file=contained-phrase/q.toml,line=12,col=38,title=candor I002::"),
        "{out}"
    );
}

/// A `,` or `:` in a path would end GitHub's property value: they are escaped
/// there (and `%` everywhere), so the annotation lands on the right file.
#[test]
fn check_github_format_escapes_property_values() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("my,pack:100%");
    std::fs::create_dir(&pack).unwrap();
    for entry in std::fs::read_dir(root().join("tests/data/broken-packs/unknown-key")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, pack.join(path.file_name().unwrap())).unwrap();
    }
    let (code, out) = run(
        dir.path(),
        &["rules", "check", "--format", "github", "my,pack:100%"],
    );
    assert_eq!(code, 1);
    assert!(
        out.starts_with(
            "::error file=my%2Cpack%3A100%25/q.toml,line=13,col=1,title=candor E002::unknown field"
        ),
        "{out}"
    );
}

/// Regression: a pack folder that cannot be read printed
/// `error: no/such/pack: error[E013]: ...`, "error" twice.
#[test]
fn check_of_an_unreadable_pack_says_error_once() {
    let (code, out, err) = run_all(&root(), &["rules", "check", "no/such/pack"]);
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert_eq!(
        err,
        "error: no/such/pack: cannot read pack folder: No such file or directory (os error 2)\n"
    );
}

/// Severities are named alike in findings, in the summary and in JSON:
/// error, warning, note (as rustc names them).
#[test]
fn check_names_notes_alike_in_findings_summary_and_json() {
    let dir = root().join("tests/data/broken-packs");
    let (_, out) = run(&dir, &["rules", "check", "contained-phrase"]);
    assert!(out.starts_with("note[I002]: "), "{out}");
    assert!(!out.contains("info"), "{out}");
    assert!(
        out.ends_with("rules check: 0 errors, 0 warnings, 2 notes\n"),
        "{out}"
    );
    let (_, out) = run(
        &dir,
        &["rules", "check", "--format", "json", "contained-phrase"],
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["notes"], 2);
    assert_eq!(v["diagnostics"][0]["severity"], "note");
}

/// On a terminal (a pseudo-terminal from `script`), diagnostics take rustc's
/// colours; `NO_COLOR` turns them off.
#[cfg(unix)]
#[test]
fn check_colours_diagnostics_on_a_terminal_unless_no_color() {
    let has_script = Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_script {
        eprintln!("skipped: no `script` to make a terminal");
        return;
    }
    let candor = assert_cmd::cargo::cargo_bin("candor");
    let on_terminal = |no_color: Option<&str>| {
        let mut cmd = Command::new("script");
        cmd.current_dir(root().join("tests/data/broken-packs"))
            .args(["-qec"])
            .arg(format!("{} rules check unknown-key", candor.display()))
            .arg("/dev/null")
            .env_remove("NO_COLOR");
        if let Some(v) = no_color {
            cmd.env("NO_COLOR", v);
        }
        let out = cmd.output().unwrap();
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    };
    let (code, out) = on_terminal(None);
    assert_eq!(code, Some(1));
    assert!(out.contains("\x1b[1m\x1b[31merror[E002]\x1b[0m"), "{out:?}");
    assert!(
        out.contains("\x1b[1m\x1b[34m-->\x1b[0m unknown-key/q.toml:13:1"),
        "{out:?}"
    );
    let (_, out) = on_terminal(Some("1"));
    assert!(!out.contains('\x1b'), "{out:?}");
    assert!(out.contains("error[E002]: unknown field"), "{out:?}");
}

#[test]
fn rules_test_github_format_marks_the_expectation_line() {
    let (code, out) = run(
        &root(),
        &[
            "rules",
            "test",
            "tests/data/packs/mini",
            "--corpus",
            "tests/data/corpus-mini-failing",
            "--format",
            "github",
        ],
    );
    assert_eq!(code, 1, "exit codes do not change with the format");
    let expect = "tests/data/corpus-mini-failing/acme.expect.toml";
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
        lines[0].starts_with(&format!(
            "::error file={expect},line=3,title=candor rules test (noisy)::\
             tests/data/corpus-mini-failing/acme.txt tech-debt: expected green, got red"
        )),
        "{out}"
    );
    assert_eq!(
        lines[1],
        format!(
            "::error file={expect},line=7,title=candor rules test (error)::\
             tests/data/corpus-mini-failing/acme.txt rule success-metrics/nonexistent: \
             the pack has no rule \"success-metrics/nonexistent\""
        )
    );
    assert_eq!(lines[2], "17 passed, 2 failed");
}

#[test]
fn rules_test_github_format_marks_a_missing_example_and_an_unreadable_transcript() {
    let dir = root().join("tests/data/broken-packs");
    let (code, out) = run(
        &dir,
        &["rules", "test", "example-misses", "--format", "github"],
    );
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "::error file=example-misses/q.toml,line=14,title=candor rules test (missing)::\
         rule incident-response/blameless example 1: did not hit: \"We run blame-free reviews.\"\n\
         1 passed, 1 failed\n"
    );
    // A transcript with no line to blame is marked as a file.
    let acme = std::fs::read(root().join("tests/data/corpus-mini/acme.txt")).unwrap();
    let corpus = corpus_with(&[("orphan.expect.toml", b"[verdicts]\n"), ("x.txt", &acme)]);
    let mini = root().join("tests/data/packs/mini");
    let (code, out, _) = run_all(
        corpus.path(),
        &[
            "rules",
            "test",
            mini.to_str().unwrap(),
            "--corpus",
            ".",
            "--format",
            "github",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        out.contains(
            "::error file=./orphan.expect.toml,title=candor rules test (error)::./orphan: \
             ./orphan.expect.toml: no transcript beside it (looked for ./orphan.*)\n"
        ),
        "{out}"
    );
}

#[test]
fn help_describes_every_format() {
    for command in ["check", "test"] {
        let out = Command::cargo_bin("candor")
            .unwrap()
            .args(["rules", command, "--help"])
            .output()
            .unwrap();
        let help = String::from_utf8(out.stdout).unwrap();
        for value in ["- text:", "- json:", "- github:"] {
            assert!(
                help.contains(value),
                "rules {command} --help: {value}\n{help}"
            );
        }
        assert!(help.contains("GitHub Actions workflow commands"), "{help}");
    }
}

const MINI_TECH_DEBT: &str = "\
tech-debt/denies-debt     red       3  Denies technical debt.
tech-debt/capacity-share  green     2  Reserves capacity for debt.
tech-debt/fix-it-slot     green   1.5  Keeps a standing slot for debt.
";

#[test]
fn rules_list_prints_a_rule_a_line_for_any_form_of_a_question() {
    let mini = root().join("tests/data/packs/mini");
    let mini = mini.to_str().unwrap();
    for question in ["tech-debt", "1", "Q1", "q1"] {
        let (code, out) = run(&root(), &["rules", "list", question, "--rules", mini]);
        assert_eq!(code, 0, "{question}");
        assert_eq!(out, MINI_TECH_DEBT, "{question}");
    }
    let (_, all) = run(&root(), &["rules", "list", "--rules", mini]);
    assert_eq!(all.lines().count(), 8, "{all}");
    assert!(
        all.ends_with("general/deflects             amber     1  Deflects the question.\n"),
        "{all}"
    );
    let (_, general) = run(&root(), &["rules", "list", "general", "--rules", mini]);
    assert_eq!(
        general,
        "general/deflects  amber     1  Deflects the question.\n"
    );
    let (code, out) = run(
        &root(),
        &["rules", "list", "Q1", "--format", "json", "--rules", mini],
    );
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["rules"].as_array().unwrap().len(), 3);
    assert_eq!(
        v["rules"][0],
        serde_json::json!({
            "id": "tech-debt/denies-debt",
            "question": "tech-debt",
            "signal": "red",
            "weight": 3.0,
            "veto": true,
            "vague": false,
            "lean": false,
            "message": "Denies technical debt.",
        })
    );
    // An unknown question is an error with the nearest id.
    let (code, out, err) = run_all(&root(), &["rules", "list", "tech-dbt", "--rules", mini]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "error: no question `tech-dbt`; did you mean `tech-debt`?\n"
    );
}

/// A pack's marker may be several words and overlap a rule's words: a
/// clause word that runs into a hit ends no clause after the hit's start
/// (it once made the negation check subtract past zero and panic).
#[test]
fn a_clause_marker_overlapping_a_hit_is_read_without_a_panic() {
    let pack = tempfile::tempdir().unwrap();
    std::fs::write(
        pack.path().join("concepts.toml"),
        "[markers]\nclause = [\"run blameless\"]\n",
    )
    .unwrap();
    let transcript = pack.path().join("answer.txt");
    std::fs::write(&transcript, common::GOOD).unwrap();
    let mini = root().join("tests/data/packs/mini");
    let (code, stdout, stderr) = run_all(
        pack.path(),
        &[
            "score",
            "--rules",
            mini.to_str().unwrap(),
            "--rules",
            ".",
            "--format",
            "json",
            "answer.txt",
        ],
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(code == 0 || code == 1, "exit {code}: {stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let hits = report["questions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|q| q["hits"].as_array().unwrap())
        .filter(|h| h["matched"].as_str().unwrap().contains("blameless"))
        .count();
    assert!(hits > 0, "the blameless practice is still found: {stdout}");
}
