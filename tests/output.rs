//! `--output`: what it writes through, what it replaces and keeps, what it
//! refuses, what it leaves behind. No test touches a real device file.

#![allow(clippy::print_stderr)] // a test may say what it skipped

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::prelude::*;

mod common;
use common::{score_with_mini as candor, GOOD};

/// A folder with one transcript, `t.txt`.
fn folder() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("t.txt");
    std::fs::write(&t, GOOD).unwrap();
    (dir, t)
}

fn json(path: &Path) -> serde_json::Value {
    let bytes = std::fs::read(path).unwrap();
    serde_json::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("{}: not JSON ({e}): {bytes:?}", path.display()))
}

/// Names in `dir` that are candor's temporary files.
fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".candor-tmp"))
        .collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Makes a FIFO with `mkfifo`, or says why the test cannot run.
#[cfg(unix)]
fn mkfifo(path: &Path) -> bool {
    match Command::new("mkfifo").arg(path).status() {
        Ok(s) if s.success() => true,
        _ => {
            eprintln!("skipped: mkfifo is not available");
            false
        }
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_is_written_through_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let (dir, t) = folder();
    let fifo = dir.path().join("report.fifo");
    if !mkfifo(&fifo) {
        return;
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let out = candor()
        .args(["--format", "json", "-o"])
        .arg(&fifo)
        .arg(&t)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // Checked before joining the reader, which a replaced FIFO leaves
    // waiting for ever.
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the FIFO is still a FIFO");
    let text = reader.join().unwrap();
    let report: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(report["schema_version"], 1);
    assert!(temporaries(dir.path()).is_empty());
}

/// `-o /proc/self/fd/1` (what `/dev/stdout` leads to) writes to the
/// descriptor: with stdout appending to a file, the report comes after what
/// was there, rather than a new file replacing it.
#[cfg(target_os = "linux")]
#[test]
fn a_descriptor_name_is_written_through() {
    let (dir, t) = folder();
    let log = dir.path().join("log.txt");
    std::fs::write(&log, "earlier line\n").unwrap();
    let stdout = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
    let out = candor()
        .args(["--format", "json", "-o", "/proc/self/fd/1"])
        .arg(&t)
        .stdout(Stdio::from(stdout))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&log).unwrap();
    let rest = text
        .strip_prefix("earlier line\n")
        .expect("what was there is kept");
    let report: serde_json::Value = serde_json::from_str(rest).unwrap();
    assert_eq!(report["schema_version"], 1);
}

#[cfg(unix)]
#[test]
fn a_symlink_is_followed_and_its_target_replaced() {
    let (dir, t) = folder();
    std::fs::create_dir(dir.path().join("reports")).unwrap();
    let real = dir.path().join("reports/real.json");
    std::fs::write(&real, "old").unwrap();
    let link = dir.path().join("latest.json");
    std::os::unix::fs::symlink("reports/real.json", &link).unwrap();
    candor()
        .args(["--format", "json", "-o"])
        .arg(&link)
        .arg(&t)
        .assert()
        .success()
        .stdout("");
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        std::fs::read_link(&link).unwrap(),
        Path::new("reports/real.json")
    );
    assert_eq!(json(&real)["schema_version"], 1);
    assert!(temporaries(dir.path()).is_empty());
    assert!(temporaries(&dir.path().join("reports")).is_empty());
}

#[cfg(unix)]
#[test]
fn a_dangling_symlink_gets_its_target_created() {
    let (dir, t) = folder();
    let link = dir.path().join("latest.json");
    std::os::unix::fs::symlink("new.json", &link).unwrap();
    candor()
        .args(["--format", "json", "-o"])
        .arg(&link)
        .arg(&t)
        .assert()
        .success();
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(json(&dir.path().join("new.json"))["schema_version"], 1);
}

#[cfg(unix)]
#[test]
fn an_existing_file_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, t) = folder();
    for mode in [0o600, 0o640, 0o755] {
        let out = dir.path().join(format!("report-{mode:o}.json"));
        std::fs::write(&out, "old").unwrap();
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(mode)).unwrap();
        candor()
            .args(["--format", "json", "-o"])
            .arg(&out)
            .arg(&t)
            .assert()
            .success();
        assert_eq!(json(&out)["schema_version"], 1);
        let now = std::fs::metadata(&out).unwrap().permissions().mode() & 0o7777;
        assert_eq!(now, mode, "{}", out.display());
    }
}

/// A new file gets what any new file gets: 0666 less the umask (not the
/// 0600 of a temporary file).
#[cfg(unix)]
#[test]
fn a_new_file_gets_the_usual_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, t) = folder();
    let out = dir.path().join("new.json");
    let status = Command::new("sh")
        .arg("-c")
        .arg("umask 027 && exec \"$0\" \"$@\"")
        .arg(assert_cmd::cargo::cargo_bin("candor"))
        .args(["score", "--format", "json", "-o"])
        .arg(&out)
        .arg(&t)
        .status()
        .unwrap();
    assert!(status.success());
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

/// Regression: the temporary name was fixed, so of two runs writing one
/// path, the first renamed the second's half-written file into place and
/// the second then failed with "No such file". Each run now has its own.
#[test]
fn concurrent_runs_each_write_a_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    for i in 0..150 {
        std::fs::write(inputs.join(format!("t{i:03}.txt")), GOOD).unwrap();
    }
    let out = dir.path().join("all.json");
    let runs: Vec<_> = (0..4)
        .map(|_| {
            candor()
                .args(["--format", "json", "-j", "1", "-o"])
                .arg(&out)
                .arg(&inputs)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for run in runs {
        let result = run.wait_with_output().unwrap();
        assert!(result.status.success(), "{}", stderr(&result));
        assert_eq!(stderr(&result), "");
    }
    assert_eq!(json(&out).as_array().unwrap().len(), 150);
    assert!(temporaries(dir.path()).is_empty());
}

/// Waits until a temporary file appears in `dir`.
#[cfg(unix)]
fn wait_for_temporary(dir: &Path) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        if !temporaries(dir).is_empty() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

/// A run interrupted while writing (here: blocked reading a FIFO that no one
/// writes, after its temporary file was made) removes the temporary file,
/// leaves the old output as it was, and exits 128 + the signal.
#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_nothing_behind() {
    for (signal, code) in [("INT", 130), ("TERM", 143)] {
        let (dir, t) = folder();
        let stuck = dir.path().join("stuck.fifo");
        if !mkfifo(&stuck) {
            return;
        }
        let out = dir.path().join("out.jsonl");
        std::fs::write(&out, "old\n").unwrap();
        let mut child = candor()
            .args(["--format", "jsonl", "-o"])
            .arg(&out)
            .arg(&t)
            .arg(&stuck)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let appeared = wait_for_temporary(dir.path());
        let kill = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(child.id().to_string())
            .status();
        if !appeared || !kill.is_ok_and(|s| s.success()) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("SIG{signal}: no temporary file appeared, or kill failed");
        }
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(code), "SIG{signal}");
        assert_eq!(temporaries(dir.path()), Vec::<String>::new(), "SIG{signal}");
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "old\n");
    }
}

/// Every way of naming an input as the output is refused before anything
/// is read or written: exit 2, one line naming the path.
#[test]
fn the_output_may_not_be_an_input() {
    let (dir, t) = folder();
    let cases: Vec<(&str, PathBuf)> = vec![
        ("t.txt", PathBuf::from("t.txt")),
        ("./t.txt", PathBuf::from("t.txt")),
        ("t.txt", dir.path().join("t.txt")),
    ];
    for (output, input) in cases {
        let out = candor()
            .current_dir(dir.path())
            .args(["-o", output])
            .arg(&input)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "-o {output} {}",
            input.display()
        );
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with(&format!("error: {output}: ")), "{err}");
        assert!(err.contains("--output would overwrite it"), "{err}");
    }
    assert_eq!(std::fs::read_to_string(&t).unwrap(), GOOD);
}

#[cfg(unix)]
#[test]
fn the_output_may_not_be_an_input_through_a_link_or_stdin() {
    let (dir, t) = folder();
    let link = dir.path().join("link.txt");
    std::os::unix::fs::symlink(&t, &link).unwrap();
    let hard = dir.path().join("hard.txt");
    std::fs::hard_link(&t, &hard).unwrap();
    for output in [&link, &hard] {
        let out = candor().arg("-o").arg(output).arg(&t).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(&output.display().to_string()), "{err}");
        assert!(err.contains(&format!("the input {}", t.display())), "{err}");
    }
    let out = candor()
        .arg("-o")
        .arg(&t)
        .stdin(std::fs::File::open(&t).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is the file stdin reads"));
    assert_eq!(std::fs::read_to_string(&t).unwrap(), GOOD);
}

/// A report written into the folder being scored is not read back as a
/// transcript on the next run, whatever name reaches it.
#[test]
fn a_report_in_the_scanned_folder_is_not_read_back() {
    let (dir, _) = folder();
    std::fs::write(dir.path().join("u.txt"), GOOD).unwrap();
    let report = dir.path().join("report.txt");
    for _ in 0..2 {
        candor()
            .args(["--format", "jsonl", "-o"])
            .arg(&report)
            .arg(dir.path())
            .assert()
            .success()
            .stderr("");
        let text = std::fs::read_to_string(&report).unwrap();
        assert_eq!(text.lines().count(), 2, "t.txt and u.txt only:\n{text}");
        assert!(!text.contains("report.txt"));
    }
    #[cfg(unix)]
    {
        let elsewhere = tempfile::tempdir().unwrap();
        let link = elsewhere.path().join("link.txt");
        std::os::unix::fs::symlink(&report, &link).unwrap();
        candor()
            .args(["--format", "jsonl", "-o"])
            .arg(&link)
            .arg(dir.path())
            .assert()
            .success();
        assert_eq!(std::fs::read_to_string(&report).unwrap().lines().count(), 2);
    }
}

/// A temporary file of another run (or one a crash left) is not a transcript,
/// even when hidden files and every name are asked for.
#[test]
fn temporary_files_are_never_inputs() {
    let (dir, _) = folder();
    std::fs::write(dir.path().join(".report.txt.Ab12Cd.candor-tmp"), GOOD).unwrap();
    let out = candor()
        .args(["--format", "jsonl", "--no-ignore", "--glob", "*"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("t.txt"));
}

#[test]
fn a_missing_folder_is_named_without_the_temporary_file() {
    let (dir, t) = folder();
    let out = dir.path().join("nowhere/report.json");
    let result = candor().arg("-o").arg(&out).arg(&t).output().unwrap();
    assert_eq!(result.status.code(), Some(2));
    let err = stderr(&result);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(&format!("error: cannot write {}: ", out.display())),
        "{err}"
    );
    assert!(!err.contains("candor-tmp"), "{err}");
}
