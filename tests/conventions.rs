//! The conventions people know from ripgrep, ruff and typos: a config file,
//! completions and a man page, colour by the environment, `--quiet`, short
//! and long help, one style of error message.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use assert_cmd::prelude::*;

use common::root;

fn sample() -> String {
    root()
        .join("tests/data/transcripts/sample.txt")
        .display()
        .to_string()
}

/// candor with no colour or config settings from the environment, run in
/// `dir`.
fn candor_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("candor").unwrap();
    for var in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "COLUMNS", "TERM"] {
        cmd.env_remove(var);
    }
    cmd.current_dir(dir);
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

fn stderr(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn config_is_found_upward_and_its_paths_are_relative_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let deep = dir.path().join("a/b");
    fs::create_dir_all(&deep).unwrap();
    let mini = root().join("tests/data/packs/mini");
    fs::create_dir_all(dir.path().join("packs")).unwrap();
    for entry in fs::read_dir(&mini).unwrap() {
        let entry = entry.unwrap();
        fs::copy(
            entry.path(),
            dir.path().join("packs").join(entry.file_name()),
        )
        .unwrap();
    }
    fs::write(
        dir.path().join("candor.toml"),
        "format = \"json\"\nrules = [\"packs\"]\nasker = \"Dana (CTO)\"\n",
    )
    .unwrap();
    let out = stdout(candor_in(&deep).args(["score", &sample()]));
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["pack"]["name"], "mini", "{out}");
    assert_eq!(report["speakers"]["asker"], "Dana (CTO)", "{out}");

    // A flag wins over the file.
    let out = stdout(candor_in(&deep).args(["score", "--format", "csv", &sample()]));
    assert!(out.starts_with("source,"), "{out}");
    // --no-config reads none: the default pack, as text.
    let out = stdout(candor_in(&deep).args(["score", "--no-config", &sample()]));
    assert!(out.starts_with("candor report: "), "{out}");
    assert!(out.contains("pack default"), "{out}");
    // `questions` and `rules list` take the file's pack too.
    let out = stdout(candor_in(&deep).args(["questions"]));
    assert!(out.contains("(mini pack"), "{out}");
    let out = stdout(candor_in(&deep).args(["rules", "list"]));
    assert_eq!(out.lines().count(), 8, "the mini pack's eight rules: {out}");
}

#[test]
fn dot_candor_toml_and_config_flag() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(".candor.toml"), "format = \"jsonl\"\n").unwrap();
    let out = stdout(candor_in(dir.path()).args(["score", &sample()]));
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.starts_with('{'), "{out}");

    // A stream writes JSON lines whatever the file's format.
    fs::write(dir.path().join(".candor.toml"), "format = \"html\"\n").unwrap();
    let record = r#"{"id": "a", "text": "Me: On call?\nDana: Weekly paid rota."}"#;
    assert_cmd::Command::from_std(candor_in(dir.path()))
        .args(["score", "--jsonl-input"])
        .write_stdin(format!("{record}\n"))
        .assert()
        .success()
        .stdout(predicates::str::starts_with("{\"schema_version\":1"));

    let other = dir.path().join("other.toml");
    fs::write(&other, "format = \"markdown\"\n").unwrap();
    let out = stdout(
        candor_in(dir.path())
            .arg("--config")
            .arg(&other)
            .args(["score", &sample()]),
    );
    assert!(out.starts_with("# candor report"), "{out}");
}

#[test]
fn config_errors_name_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "format = \"json\"\nformt = \"json\"\n",
            "candor.toml:2:1: unknown field `formt`, expected one of `format`",
        ),
        (
            "format = \"jsn\"\n",
            "candor.toml:1:10: format: unknown value \"jsn\" (possible: text, json, jsonl, csv, markdown, html)",
        ),
        ("jobs = 0\n", "candor.toml:1:8: jobs: must be 1 or more"),
        (
            "max-filesize = \"5T\"\n",
            "candor.toml:1:16: max-filesize: not a size: \"5T\" (use bytes, or K, M, G)",
        ),
        ("color = 1\n", "candor.toml:1:9: invalid type: integer `1`, expected a string"),
    ];
    for (text, message) in cases {
        fs::write(dir.path().join("candor.toml"), text).unwrap();
        let out = candor_in(dir.path())
            .args(["score", &sample()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{text}");
        assert!(out.stdout.is_empty(), "{text}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.starts_with("error: "), "{err}");
        assert!(err.contains(message), "{text}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    // --config names a file that is not there.
    let err = stderr(candor_in(dir.path()).args(["--config", "nope.toml", "score", &sample()]));
    assert!(
        err.starts_with("error: nope.toml: cannot read config: "),
        "{err}"
    );
}

#[test]
fn config_sets_every_score_option() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes");
    fs::create_dir(&notes).unwrap();
    fs::copy(sample(), notes.join("a.txt")).unwrap();
    fs::copy(sample(), notes.join("b.notes")).unwrap();
    fs::write(
        dir.path().join("candor.toml"),
        "format = \"jsonl\"\nfail-on = \"amber\"\ncolor = \"never\"\njobs = 1\n\
         glob = [\"*.notes\"]\nno-ignore = true\nmax-filesize = \"1M\"\n\
         input-format = \"text\"\nencoding = \"utf-8\"\nquiet = false\n",
    )
    .unwrap();
    let out = candor_in(dir.path())
        .args(["score", "notes"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    // Only b.notes is taken, as JSON lines, and the sample has amber answers.
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("b.notes"), "{text}");
    assert_eq!(out.status.code(), Some(1), "{text}");

    fs::write(dir.path().join("candor.toml"), "max-filesize = 10\n").unwrap();
    let err = stderr(candor_in(dir.path()).args(["score", "notes/a.txt"]));
    assert!(err.contains("larger than"), "{err}");
}

#[test]
fn generate_completions_and_man_page() {
    let dir = root();
    for (kind, needle) in [
        ("complete-bash", "_candor()"),
        ("complete-zsh", "#compdef candor"),
        ("complete-fish", "complete -c candor"),
        ("complete-powershell", "Register-ArgumentCompleter"),
    ] {
        let out = stdout(candor_in(&dir).args(["generate", kind]));
        assert!(out.contains(needle), "{kind}: {out}");
        // Subcommands and their options are completed.
        assert!(out.contains("explain"), "{kind}");
        assert!(out.contains("fail-on"), "{kind}");
    }
    let man = stdout(candor_in(&dir).args(["generate", "man"]));
    assert!(man.contains(".TH candor 1"), "{man}");
    for section in ["CANDOR SCORE", "CANDOR QUESTIONS", "CANDOR RULES CHECK"] {
        assert!(man.contains(&format!(".SH \"{section}\"")), "{section}");
    }
    assert!(man.contains("fail\\-on"), "options are in the page");
    assert!(man.contains("candor.toml"), "configuration is in the page");
    assert!(man.contains(".SH EXAMPLES") && man.contains(".SS EXAMPLES"));
    assert!(!man.contains("EXTRA"));
}

#[test]
fn colour_follows_the_environment() {
    let dir = root();
    let esc = |out: &str| out.contains('\x1b');
    let score = |envs: &[(&str, &str)], args: &[&str]| {
        let mut cmd = candor_in(&dir);
        cmd.envs(envs.iter().copied())
            .arg("score")
            .args(args)
            .arg(sample());
        stdout(&mut cmd)
    };
    // A pipe is not coloured, unless CLICOLOR_FORCE says so.
    assert!(!esc(&score(&[], &[])));
    assert!(esc(&score(&[("CLICOLOR_FORCE", "1")], &[])));
    // NO_COLOR wins over CLICOLOR_FORCE; --color wins over both.
    assert!(!esc(&score(
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
        &[]
    )));
    assert!(esc(&score(&[("NO_COLOR", "1")], &["--color", "always"])));
    assert!(!esc(&score(&[("CLICOLOR_FORCE", "1")], &["--color=never"])));
    // The choice is global: before the subcommand too.
    let mut cmd = candor_in(&dir);
    cmd.args(["--color", "always", "score", &sample()]);
    assert!(esc(&stdout(&mut cmd)));
    // Errors are coloured as clap colours them, on stderr's own terms.
    let mut cmd = candor_in(&dir);
    cmd.env("CLICOLOR_FORCE", "1")
        .args(["score", "no/such.txt"]);
    let err = stderr(&mut cmd);
    assert!(
        err.starts_with("\x1b[1m\x1b[31merror\x1b[0m: no/such.txt: "),
        "{err:?}"
    );
}

/// What `shell_line` prints on a pseudo-terminal (util-linux `script`),
/// `{candor}` standing for the binary; `None` where there is no `script`.
#[allow(clippy::print_stderr)] // to say the test was skipped
fn on_a_terminal(shell_line: &str) -> Option<String> {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: no `script` to make a pseudo-terminal");
        return None;
    }
    let bin = assert_cmd::cargo::cargo_bin("candor");
    let line = shell_line.replace("{candor}", &bin.display().to_string());
    let out = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .output()
        .unwrap();
    Some(String::from_utf8_lossy(&out.stdout).replace('\r', ""))
}

/// On a terminal `auto` colours, except with TERM=dumb or CLICOLOR=0; a CI
/// log (`CI` set) is taken to show colour whatever TERM says, as anstream
/// decides. The test's own environment may be a CI runner, so it clears every
/// variable that takes part first.
#[test]
fn colour_on_a_terminal_follows_term_and_clicolor() {
    let run = |env: &str| {
        let line = format!(
            "env -u NO_COLOR -u CLICOLOR_FORCE -u CLICOLOR -u CI {env} {{candor}} score --no-config {}",
            sample()
        );
        on_a_terminal(&line)
    };
    let Some(coloured) = run("TERM=xterm-256color") else {
        return;
    };
    assert!(coloured.contains('\x1b'));
    for env in [
        "TERM=dumb",
        "TERM=xterm-256color CLICOLOR=0",
        "TERM=xterm-256color NO_COLOR=1",
    ] {
        assert!(!run(env).unwrap().contains('\x1b'), "{env}");
    }
    assert!(run("TERM=dumb CI=true").unwrap().contains('\x1b'));
}

/// `rules list` cuts messages to a terminal's width; piped, lines are whole.
#[test]
fn rules_list_fits_a_terminal_and_pipes_whole_lines() {
    let Some(text) = on_a_terminal("stty rows 40 cols 70; {candor} rules list --no-config") else {
        return;
    };
    assert!(text.lines().count() > 50, "{text}");
    for l in text.lines() {
        assert!(l.chars().count() <= 70, "{l}");
    }
    assert!(text.contains('…'), "{text}");
    let piped = stdout(candor_in(&root()).args(["rules", "list"]));
    assert!(!piped.contains('…'));
    assert!(piped.lines().any(|l| l.chars().count() > 100));
}

#[test]
fn quiet_prints_errors_only() {
    let dir = root();
    let out = candor_in(&dir)
        .args(["score", "-q", "--fail-on", "amber", &sample()])
        .output()
        .unwrap();
    assert!(out.stdout.is_empty());
    assert!(out.stderr.is_empty());
    assert_eq!(out.status.code(), Some(1), "the exit code still tells");

    let out = candor_in(&dir)
        .args([
            "--quiet",
            "score",
            &sample(),
            "no/such.txt",
            "--jobs",
            "1000",
        ])
        .output()
        .unwrap();
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("warning"), "{err}");
    assert!(err.contains("error: no/such.txt: cannot read"), "{err}");
    assert_eq!(out.status.code(), Some(2));

    // `rules check` says nothing; its exit code says the pack is broken.
    let out = candor_in(&dir)
        .args([
            "rules",
            "check",
            "-q",
            "tests/data/broken-packs/unknown-key",
        ])
        .output()
        .unwrap();
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    assert_eq!(out.status.code(), Some(1));

    // A file -o names is still written.
    let tmp = tempfile::tempdir().unwrap();
    let report = tmp.path().join("r.json");
    candor_in(&dir)
        .args(["score", "-q", "--format", "json", &sample(), "-o"])
        .arg(&report)
        .assert()
        .success()
        .stdout("");
    assert!(fs::read_to_string(&report).unwrap().contains("\"verdict\""));
}

#[test]
fn short_help_is_short_and_long_help_has_examples() {
    let dir = root();
    let subcommands: &[&[&str]] = &[
        &[],
        &["score"],
        &["questions"],
        &["explain"],
        &["rules", "check"],
        &["rules", "test"],
        &["rules", "diff"],
        &["rules", "list"],
        &["generate"],
    ];
    for sub in subcommands {
        let short = stdout(candor_in(&dir).args(*sub).arg("-h"));
        let long = stdout(candor_in(&dir).args(*sub).arg("--help"));
        assert!(short.len() < long.len(), "{sub:?}");
        assert!(!short.contains("Examples:"), "{sub:?}: {short}");
        assert!(long.contains("Examples:\n  candor "), "{sub:?}: {long}");
    }
    let long = stdout(candor_in(&dir).args(["score", "--help"]));
    for values in [
        "[possible values: text, json, jsonl, csv, markdown, html]",
        "[possible values: text, markdown, vtt, srt, json]",
        "[possible values: red, amber]",
    ] {
        let short = stdout(candor_in(&dir).args(["score", "-h"]));
        let flat = short.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(values), "-h lists {values}");
    }
    for value in ["vtt:", "markdown:", "amber:"] {
        assert!(long.contains(value), "--help says what {value} means");
    }
}

#[test]
fn errors_have_one_style() {
    let dir = root();
    for args in [
        &["score", "no/such.txt"][..],
        &["score", "--bogus"],
        &["score", "--rules", "no/such/pack", "x.txt"],
        &["explain", "no-such-rule"],
    ] {
        let err = stderr(candor_in(&dir).args(args));
        // `error[E013]: ` for a rule pack's problems, as `rules check` says them.
        assert!(
            err.starts_with("error: ") || err.starts_with("error[E"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("candor: error"), "{args:?}: {err}");
    }
}

#[test]
fn the_release_build_carries_no_debug_info() {
    let manifest: toml::Value =
        toml::from_str(&fs::read_to_string(root().join("Cargo.toml")).unwrap()).unwrap();
    let profiles = &manifest["profile"];
    let release_debug = profiles
        .get("release")
        .and_then(|r| r.get("debug"))
        .cloned();
    assert!(
        matches!(
            release_debug,
            None | Some(toml::Value::Integer(0)) | Some(toml::Value::Boolean(false))
        ),
        "[profile.release] must not carry debug info: {release_debug:?}"
    );
    assert_eq!(profiles["release"]["strip"].as_bool(), Some(true));
    assert_eq!(profiles["profiling"]["inherits"].as_str(), Some("release"));
    assert_eq!(profiles["profiling"]["debug"].as_integer(), Some(1));
}

#[test]
fn text_fits_the_width_columns_gives() {
    let dir = root();
    let width = |text: &str| {
        text.lines()
            .map(unicode_width::UnicodeWidthStr::width)
            .max()
            .unwrap_or(0)
    };
    for columns in ["60", "80", "120"] {
        let n: usize = columns.parse().unwrap();
        let mut cmd = candor_in(&dir);
        cmd.env("COLUMNS", columns)
            .args(["score", "corpus/ecommerce-contrast.txt"]);
        let report = stdout(&mut cmd);
        assert!(width(&report) <= n, "report at {columns}:\n{report}");
        let mut cmd = candor_in(&dir);
        cmd.env("COLUMNS", columns).args(["score", "corpus"]);
        let table = stdout(&mut cmd);
        assert!(width(&table) <= n, "table at {columns}:\n{table}");
        // The folder all the names share is said once, not on every row.
        assert!(!table.contains("\ncorpus/"), "{table}");
        for sub in [&["questions"][..], &["explain", "5"]] {
            let mut cmd = candor_in(&dir);
            cmd.env("COLUMNS", columns).args(sub);
            let text = stdout(&mut cmd);
            assert!(width(&text) <= n, "{sub:?} at {columns}:\n{text}");
        }
    }
    // Wider text at 120 than at 60: the width is used, not a fixed 80.
    let at = |columns: &str| {
        let mut cmd = candor_in(&dir);
        cmd.env("COLUMNS", columns).args(["questions"]);
        width(&stdout(&mut cmd))
    };
    assert!(at("120") > 80 && at("60") <= 60);
}

#[test]
fn stdin_is_named_stdin_for_people() {
    let dir = root();
    let out = candor_in(&dir)
        .args(["score", "-"])
        .stdin(fs::File::open(sample()).unwrap())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("candor report: <stdin>\n"), "{text}");
    // Tools keep the schema's `-`.
    let out = candor_in(&dir)
        .args(["score", "-", "--format", "json"])
        .stdin(fs::File::open(sample()).unwrap())
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["source"], "-");
}
