//! Time and peak memory per MB of each hostile shape of input at 1, 4 and
//! 16 MB, and of huge packs: `cargo bench --bench hostile`.
//!
//! Linear code takes the same time per MB at every size; the memory column
//! is peak resident memory over the input's size, after the resident
//! memory of scoring a one-line transcript (the binary and its engine).
//! Peak memory needs `/usr/bin/time` (Debian's `time` package).

#![allow(clippy::print_stdout)] // a benchmark reports on the terminal

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

#[path = "../examples/common/hostile.rs"]
mod hostile;
#[path = "../examples/common/rng.rs"]
#[allow(dead_code)]
mod rng;

/// Seconds and peak resident KB (if `/usr/bin/time` is there) of `args`.
fn run(args: &[&str]) -> (f64, Option<u64>) {
    let bin = env!("CARGO_BIN_EXE_candor");
    let start = Instant::now();
    let timed = Command::new("/usr/bin/time")
        .args(["-f", "%M", bin])
        .args(args)
        .stdout(Stdio::null())
        .output();
    let secs = start.elapsed().as_secs_f64();
    if let Ok(out) = timed {
        assert!(out.status.success(), "candor {args:?} failed");
        let kb = String::from_utf8_lossy(&out.stderr)
            .lines()
            .last()
            .and_then(|l| l.trim().parse().ok());
        return (secs, kb);
    }
    let start = Instant::now();
    let status = Command::new(bin)
        .args(args)
        .stdout(Stdio::null())
        .status()
        .expect("candor runs");
    assert!(status.success(), "candor {args:?} failed");
    (start.elapsed().as_secs_f64(), None)
}

fn main() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-hostile");
    std::fs::create_dir_all(&dir).expect("a folder for the inputs");
    let path = |name: &str| dir.join(name).to_string_lossy().into_owned();
    std::fs::write(dir.join("one-line.txt"), "CTO: We track velocity.\n").expect("written");
    let (_, base) = run(&["score", "--format", "json", &path("one-line.txt")]);
    let base_kb = base.unwrap_or(0);
    println!(
        "start-up resident memory (one-line transcript): {}",
        base.map_or("n/a".into(), |kb| format!("{:.1} MB", kb as f64 / 1024.0))
    );
    println!(
        "\n{:<18} {:>5} {:>8} {:>8} {:>10}",
        "input", "MB", "s", "s/MB", "memory"
    );
    // Per MB of the file as written.
    let row = |label: &str, name: &str| {
        let bytes = std::fs::metadata(dir.join(name)).map_or(0, |m| m.len());
        let mb = bytes as f64 / f64::from(1 << 20);
        let (secs, kb) = run(&["score", "--format", "json", &path(name)]);
        let memory = kb.map_or("n/a".into(), |kb| {
            format!("{:.1}x", kb.saturating_sub(base_kb) as f64 / (mb * 1024.0))
        });
        println!(
            "{label:<18} {mb:>5.1} {secs:>8.2} {:>8.3} {memory:>10}",
            secs / mb
        );
    };
    for family in hostile::FAMILIES {
        for mb in [1, 4, 16] {
            let name = format!("{family:?}-{mb}.txt");
            let file = dir.join(&name);
            if !file.exists() {
                std::fs::write(&file, family.generate(mb << 20)).expect("written");
            }
            row(family.name(), &name);
        }
    }
    // Not hostile at all: the interviews of corpus/ pasted into one file,
    // the shape a transcript of many turns has.
    // The same turns as captions and as a speech-to-text export.
    type Shape = (&'static str, &'static str, fn(&str) -> String);
    let shapes: [Shape; 3] = [
        ("realistic turns", "txt", |text| text.to_string()),
        ("as WebVTT cues", "vtt", as_vtt),
        ("as Whisper JSON", "json", as_whisper),
    ];
    for (label, ext, shape) in shapes {
        for mb in [1, 4, 16] {
            let name = format!("Realistic-{mb}.{ext}");
            let file = dir.join(&name);
            if !file.exists() {
                // Built from a little less text than `mb`, to land near it.
                let mut text = shape(&realistic(mb << 20));
                let mut bytes = mb << 20;
                while text.len() > (mb << 20) + (mb << 18) {
                    bytes = bytes * 3 / 4;
                    text = shape(&realistic(bytes));
                }
                std::fs::write(&file, text).expect("written");
            }
            row(label, &name);
        }
    }
    let mini = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/packs/mini");
    println!("\n{:<18} {:>8} {:>8}", "pack phrases", "load s", "check s");
    for phrases in [10_000, 25_000, 100_000] {
        let pack = dir.join(format!("pack-{phrases}"));
        if !pack.exists() {
            hostile::huge_pack(&mini, &pack, phrases).expect("the pack is written");
        }
        let pack = pack.to_string_lossy().into_owned();
        let (load, _) = run(&["score", "--rules", &pack, &path("one-line.txt")]);
        let start = Instant::now();
        // `rules check` exits 1 on warnings, which made-up phrases have.
        let _ = Command::new(env!("CARGO_BIN_EXE_candor"))
            .args(["rules", "check", &pack])
            .stdout(Stdio::null())
            .status();
        let check = start.elapsed().as_secs_f64();
        println!("{phrases:<18} {load:>8.2} {check:>8.2}");
    }
}

/// `Name: words` lines as WebVTT cues of three seconds, with voice tags.
fn as_vtt(text: &str) -> String {
    let mut out = String::from("WEBVTT\n\n");
    for (i, (speaker, words)) in speech(text).enumerate() {
        let (a, b) = (i * 3, i * 3 + 3);
        out.push_str(&format!(
            "{}\n{} --> {}\n<v {speaker}>{words}</v>\n\n",
            i + 1,
            clock(a),
            clock(b)
        ));
    }
    out
}

/// `Name: words` lines as Whisper's JSON segments, with speakers.
fn as_whisper(text: &str) -> String {
    let segments: Vec<serde_json::Value> = speech(text)
        .enumerate()
        .map(|(i, (speaker, words))| {
            serde_json::json!({
                "id": i, "start": i * 3, "end": i * 3 + 3,
                "text": format!(" {words}"), "speaker": speaker,
                "tokens": [50364, 1119, 393, 257], "avg_logprob": -0.25,
            })
        })
        .collect();
    serde_json::json!({ "segments": segments }).to_string()
}

/// Each line with text, as (speaker, words): a line's label if it has one.
fn speech(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| match line.split_once(": ") {
            Some((who, words)) if who.len() <= 30 && !who.contains('.') => (who, words),
            _ => ("Speaker", line),
        })
}

fn clock(secs: usize) -> String {
    format!(
        "{:02}:{:02}:{:02}.000",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// The plain-text interviews of `corpus/`, in name order, repeated to about
/// `bytes` bytes.
fn realistic(bytes: usize) -> String {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus)
        .expect("corpus/ is there")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let texts: Vec<String> = files
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("a corpus file reads"))
        .collect();
    let mut out = String::with_capacity(bytes + 64 * 1024);
    while out.len() < bytes {
        for text in &texts {
            out.push_str(text);
            out.push('\n');
        }
    }
    out
}
