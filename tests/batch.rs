//! Batch scoring of folders: walking, ordering, errors, streaming.

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;

use assert_cmd::prelude::*;

mod common;
use common::{root, score_with_mini as candor, GOOD};
const BAD: &str =
    "Me: How do you handle tech debt?\nCTO: Honestly, we don't have technical debt here at all.\n";

/// A folder tree: nested transcripts, a hidden file, an ignored file, a
/// non-transcript, an expectation file, and bad files of each kind.
fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let write = |rel: &str, bytes: &[u8]| {
        let path = p.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    };
    write("a/acme.txt", GOOD.as_bytes());
    write("a/b/globex.md", BAD.as_bytes());
    write("c/initech.txt", GOOD.as_bytes());
    write("c/initech.expect.toml", b"[verdicts]\n");
    write("c/notes.docx", b"not a transcript extension");
    write(".hidden/secret.txt", BAD.as_bytes());
    write("ignored/skip.txt", BAD.as_bytes());
    write(".ignore", b"ignored/\n");
    write("z/binary.txt", b"\x00\x01\x02 binary \x00");
    write("z/huge.txt", &vec![b'x'; 5000]);
    dir
}

fn jsonl(out: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn sources(records: &[serde_json::Value]) -> Vec<String> {
    records
        .iter()
        .map(|r| r["source"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn walks_nested_folders_in_sorted_order_and_reports_bad_files() {
    let dir = tree();
    let out = candor()
        .args(["--format", "jsonl", "--max-filesize", "4K"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "a bad file makes the exit code 2"
    );
    let records = jsonl(&out.stdout);
    let p = |rel: &str| dir.path().join(rel).display().to_string();
    assert_eq!(
        sources(&records),
        [p("a/acme.txt"), p("a/b/globex.md"), p("c/initech.txt"), p("z/binary.txt"), p("z/huge.txt")],
        "every input exactly once, sorted; hidden, ignored, non-transcript and expectation files skipped"
    );
    assert_eq!(records[0]["questions"][1]["verdict"], "green");
    assert_eq!(records[1]["questions"][0]["verdict"], "red");
    assert!(records[3]["error"].as_str().unwrap().contains("binary"));
    assert!(records[4]["error"]
        .as_str()
        .unwrap()
        .contains("--max-filesize"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 2, "{stderr}");
    assert!(stderr.contains("binary.txt") && stderr.contains("huge.txt"));
}

#[test]
fn no_ignore_takes_hidden_and_ignored_files() {
    let dir = tree();
    let out = candor()
        .args(["--format", "jsonl", "--no-ignore"])
        .arg(dir.path())
        .output()
        .unwrap();
    let s = sources(&jsonl(&out.stdout));
    assert!(s.iter().any(|s| s.ends_with("secret.txt")));
    assert!(s.iter().any(|s| s.ends_with("skip.txt")));
}

#[test]
fn globs_choose_files() {
    let dir = tree();
    let out = candor()
        .args(["--format", "jsonl", "--glob", "*.md"])
        .arg(dir.path())
        .output()
        .unwrap();
    let s = sources(&jsonl(&out.stdout));
    assert_eq!(s.len(), 1);
    assert!(s[0].ends_with("globex.md"));
}

#[test]
fn output_is_the_same_bytes_whatever_the_jobs() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..300 {
        let text = if i % 3 == 0 { BAD } else { GOOD };
        std::fs::write(dir.path().join(format!("t{i:03}.txt")), text).unwrap();
    }
    let run = |jobs: &str, format: &str| {
        candor()
            .args(["--format", format, "--jobs", jobs])
            .arg(dir.path())
            .output()
            .unwrap()
            .stdout
    };
    for format in ["jsonl", "json", "csv", "text", "markdown"] {
        let one = run("1", format);
        assert!(!one.is_empty());
        assert_eq!(one, run("2", format), "{format}");
        assert_eq!(one, run("4", format), "{format}");
    }
    let records: serde_json::Value = serde_json::from_slice(&run("2", "json")).unwrap();
    assert_eq!(records.as_array().unwrap().len(), 300);
}

/// `-j` far over the cores is capped with one warning, and the output is
/// what `-j 1` gives (10,000 threads for 3 files once took most of a minute).
#[test]
fn jobs_over_the_cap_warn_once_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [("a.txt", GOOD), ("b.txt", BAD), ("c.txt", GOOD)] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let run = |jobs: &str| {
        candor()
            .args(["--format", "jsonl", "--jobs", jobs])
            .arg(dir.path())
            .output()
            .unwrap()
    };
    let started = std::time::Instant::now();
    let many = run("10000");
    let elapsed = started.elapsed();
    let one = run("1");
    assert_eq!(many.status.code(), Some(0));
    assert_eq!(many.stdout, one.stdout);
    assert_eq!(jsonl(&many.stdout).len(), 3);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    assert_eq!(
        String::from_utf8(many.stderr).unwrap(),
        format!(
            "warning: --jobs 10000 is more than 4 threads per core: using {}\n",
            (cores * 4).min(3)
        )
    );
    assert_eq!(String::from_utf8(one.stderr).unwrap(), "");
    assert!(elapsed.as_secs() < 30, "took {elapsed:?}");
}

/// Errors about stdin name it `<stdin>`; its record's source stays `-`.
#[test]
fn stdin_errors_name_stdin() {
    let mut cmd = candor();
    cmd.args(["--format", "jsonl", "-"])
        .arg(root().join("tests/data/transcripts/sample.txt"));
    let out = assert_cmd::Command::from_std(cmd)
        .write_stdin(b"PK\x03\x04 not a transcript".to_vec())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: <stdin>: binary input (at byte offset 0): not a transcript\n"
    );
    let records = jsonl(&out.stdout);
    assert_eq!(records[0]["source"], "-");
    assert_eq!(records.len(), 2);
    // One input from stdin: the same line, once.
    let mut cmd = candor();
    cmd.arg("-");
    let out = assert_cmd::Command::from_std(cmd)
        .write_stdin(b"PK\x03\x04 not a transcript".to_vec())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(out.stdout, b"");
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: <stdin>: binary input (at byte offset 0): not a transcript\n"
    );
}

#[test]
fn comparison_table_and_csv() {
    let dir = tree();
    let out = candor()
        .args(["--max-filesize", "4K"])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("transcript"), "{text}");
    // One green answer of three questions: partial, so at best amber, and
    // the row says how many were asked and answered.
    assert!(
        lines[1].contains("acme.txt")
            && lines[1].ends_with(" -  G  -    -  G  -  100 A     1/3      1/3 partial"),
        "{text}"
    );
    assert!(
        text.contains("partial: fewer than 3 answered, so the overall is at best amber"),
        "{text}"
    );
    assert!(text.contains("Failed (2):"), "{text}");
    let out = candor()
        .args(["--format", "csv"])
        .arg(dir.path().join("a"))
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        csv.lines().next(),
        Some("source,question,verdict,score,evidence,asked,answered,questions_asked,questions_answered,partial")
    );
    // The question's asked and answered, then the transcript's coverage.
    assert!(
        csv.lines()
            .any(|l| l.contains("acme.txt,incident-response,green,")
                && l.ends_with(",true,true,1,1,true")),
        "{csv}"
    );
    assert!(
        csv.lines()
            .any(|l| l.contains("acme.txt,tech-debt,unanswered,")
                && l.ends_with(",false,false,1,1,true")),
        "{csv}"
    );
    assert_eq!(
        csv.lines().count(),
        1 + 2 * 3,
        "a row per transcript and question"
    );
}

#[test]
fn output_file_appears_only_when_complete() {
    let dir = tree();
    let out = dir.path().join("out.jsonl");
    candor()
        .args(["--format", "jsonl", "--output"])
        .arg(&out)
        .arg(dir.path().join("a"))
        .assert()
        .success()
        .stdout("");
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 2);
}

#[test]
fn streaming_mode_answers_line_by_line_in_order() {
    let mut child = candor()
        .args(["--jsonl-input"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let record =
        |id: &str, text: &str| format!("{}\n", serde_json::json!({"id": id, "text": text}));
    // Each answer arrives before the next record is sent: lines are flushed.
    stdin.write_all(record("first", GOOD).as_bytes()).unwrap();
    stdin.flush().unwrap();
    let first: serde_json::Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    assert_eq!(first["source"], "first");
    assert_eq!(first["questions"][1]["verdict"], "green");
    stdin.write_all(b"{not json}\n").unwrap();
    stdin.write_all(record("third", BAD).as_bytes()).unwrap();
    stdin
        .write_all(
            format!(
                "{}\n",
                serde_json::json!({"id": 4, "text": "x", "format": "klingon"})
            )
            .as_bytes(),
        )
        .unwrap();
    drop(stdin);
    let rest: Vec<serde_json::Value> = lines
        .map(|l| serde_json::from_str(&l.unwrap()).unwrap())
        .collect();
    assert_eq!(rest.len(), 3);
    assert!(rest[0]["error"].as_str().unwrap().starts_with("bad record"));
    assert_eq!(rest[0]["source"], "line 2");
    assert_eq!(rest[1]["source"], "third");
    assert_eq!(rest[1]["questions"][0]["verdict"], "red");
    assert_eq!(rest[2]["source"], "4");
    assert!(rest[2]["error"]
        .as_str()
        .unwrap()
        .contains("unknown format"));
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(2), "bad records make the exit code 2");
}

/// Runs `candor score --jsonl-input ARGS` with `input` on stdin.
fn stream(args: &[&str], input: Vec<u8>) -> std::process::Output {
    let mut cmd = candor();
    cmd.arg("--jsonl-input").args(args);
    assert_cmd::Command::from_std(cmd)
        .write_stdin(input)
        .output()
        .unwrap()
}

/// A stream with every kind of bad record in the middle: each becomes an
/// error line naming its line (and id, where it could be read), and the
/// records after it are still scored.
#[test]
fn streaming_mode_keeps_going_past_bad_records() {
    let good = |id: &str| serde_json::json!({"id": id, "text": GOOD}).to_string();
    let mut input: Vec<u8> = Vec::new();
    let mut line = |bytes: &[u8]| {
        input.extend_from_slice(bytes);
        input.push(b'\n');
    };
    line(good("first").as_bytes());
    line(b"{\"id\":\"latin\",\"text\":\"Me: caf\xe9?\"}"); // 2: not UTF-8
    line(b"{not json}"); // 3
    line(b""); // 4: blank, skipped
    line(format!("{{\"id\":\"big\",\"text\":\"{}\"}}", "x".repeat(600)).as_bytes()); // 5
    line(b"\x1f\x8b\x08\x00\x00\x00\x00"); // 6: gzip bytes
    line(b"{\"id\":\"no-text\"}"); // 7
    line(b"{\"id\":\"bin\",\"text\":\"\\u0000\\u0001\\u0002\\u0003\\u0004\"}"); // 8
    line(format!("{}\r", good("last")).as_bytes()); // 9: CRLF
    let out = stream(&["--max-filesize", "500"], input);
    assert_eq!(
        out.status.code(),
        Some(2),
        "bad records make the exit code 2"
    );
    let records = jsonl(&out.stdout);
    let summary: Vec<String> = records
        .iter()
        .map(|r| match r.get("error") {
            Some(e) => format!("{} {} {}", r["source"], r["line"], e.as_str().unwrap()),
            None => format!("{} {}", r["source"], r["questions"][1]["verdict"]),
        })
        .collect();
    assert_eq!(
        summary,
        [
            r#""first" "green""#,
            r#""latin" 2 bad record: invalid UTF-8 at byte offset 29 (name the encoding with --encoding)"#,
            r#""line 3" 3 bad record: invalid JSON at column 2: key must be a string"#,
            r#""line 5" 5 622 bytes, larger than the limit of 500 (--max-filesize)"#,
            r#""line 6" 6 bad record: binary input (at byte offset 0): not a transcript"#,
            r#""no-text" 7 bad record: no "text""#,
            r#""bin" 8 binary input (at byte offset 0): not a transcript"#,
            r#""last" "green""#,
        ]
    );
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: latin (line 2): bad record: invalid UTF-8 at byte offset 29 (name the encoding with --encoding)\n\
         error: line 3: bad record: invalid JSON at column 2: key must be a string\n\
         error: line 5: 622 bytes, larger than the limit of 500 (--max-filesize)\n\
         error: line 6: bad record: binary input (at byte offset 0): not a transcript\n\
         error: no-text (line 7): bad record: no \"text\"\n\
         error: bin (line 8): binary input (at byte offset 0): not a transcript\n"
    );
}

#[test]
fn streaming_mode_decodes_records_with_the_encoding_named() {
    let record = b"{\"id\":\"latin\",\"text\":\"Me: What happens when production goes down at 3 AM?\\nCTO: Whoever is on call gets paged at the caf\xe9, and then we always run blameless post-mortems.\"}\n";
    let out = stream(&["--encoding", "windows-1252"], record.to_vec());
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let records = jsonl(&out.stdout);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["source"], "latin");
    assert_eq!(records[0]["warnings"], serde_json::json!([]));
    let hit = &records[0]["questions"][1]["hits"][0];
    assert!(
        hit["excerpt"].as_str().unwrap().contains("the café, and"),
        "{hit}"
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_do_not_hang() {
    let dir = tree();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("a/loop")).unwrap();
    let out = candor()
        .args(["--format", "jsonl"])
        .arg(dir.path().join("a"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(jsonl(&out.stdout).len(), 2);
}

#[test]
fn broken_pipe_in_a_batch_is_quiet() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..2000 {
        std::fs::write(dir.path().join(format!("t{i:04}.txt")), GOOD).unwrap();
    }
    let mut child = candor()
        .args(["--format", "jsonl"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    drop(out);
    let result = child.wait_with_output().unwrap();
    assert_eq!(result.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&result.stderr), "");
}
