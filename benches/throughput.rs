//! Throughput of scanning and of the whole batch pipeline over a generated
//! corpus, beside ripgrep over the same files, in the same run.
//!
//! `cargo bench --bench throughput` generates (once, deterministically) a
//! folder of transcripts under `target/bench-corpus/` and reports:
//!
//! - the time to build the default engine (pack and matcher), median of 20;
//! - the scan stage alone (tokenise, match, modifiers) over the transcripts'
//!   turns, single-threaded, beside `rg -i -F -c -j1 -f PHRASES` over the
//!   same files (PHRASES: every word sequence the pack's expressions spell),
//!   and its first steps alone: tokenising, then tokenising and finding each
//!   sentence's phrases;
//! - the whole pipeline (read, decode, parse, segment, scan, score, JSONL):
//!   the `candor` binary (`candor score DIR --format jsonl --jobs 1`) and
//!   `rg -i -F -o -b -j1 -f PHRASES DIR`, run in turn, both writing to
//!   `/dev/null`; then in process, through the library, at 1 and 2 threads;
//! - each stage alone, single-threaded;
//! - the peak resident memory of `candor score DIR --jobs 2`, and the wall
//!   time of `candor score` on one 20 KB transcript (start-up included).
//!
//! Timings are the best of `CANDOR_BENCH_RUNS` runs (default 3): a shared
//! virtual machine's timings wander, and the best is the closest to the
//! code's cost. ripgrep is used if it is on the PATH (`cargo install
//! ripgrep`, or Debian's `ripgrep`).
//!
//! `cargo bench --bench throughput -- FILES KB` sets the corpus size
//! (default: 20,000 files of about 4 KB); `CANDOR_BENCH_RULES=DIR` scores
//! with that pack instead of the default one.

#![allow(clippy::print_stdout, clippy::print_stderr)] // a benchmark reports on the terminal

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use candor::batch::{for_each_ordered, inputs, read_input, score_input, Input, WalkOptions};
use candor::lang::expr::Expr;
use candor::lang::matcher::Scratch;
use candor::lang::token::Tokens;
use candor::{render, Engine, Format, Pack, ReadOptions, Transcript};

// The allocator the `candor` binary uses, so that the in-process figures
// are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../examples/common/rng.rs"]
mod rng;
use rng::Rng;

const FILLER: &[&str] = &[
    "So, you know, that's a really good question and I've thought about it a lot.",
    "We're about sixty engineers now, split into eight product teams.",
    "Honestly it depends a bit on the quarter and what the business needs.",
    "When I joined, the platform was a single Rails app with one big database.",
    "I'd say the teams have a lot of autonomy in how they work day to day.",
    "Um, let me think about how to put that.",
    "Last year we shipped the new checkout and it went pretty well overall.",
    "Our product managers sit with the teams and we plan every two weeks.",
    "There's always more to do than people to do it, like anywhere.",
    "We use Kotlin on the backend, TypeScript on the front end, and Postgres.",
    "I spend maybe half my time on hiring at the moment.",
    "The customers we serve are mostly mid-sized logistics companies.",
    "It's something we talk about in the leadership team every month.",
    "I think the culture here is pretty open, people say what they think.",
    "We had a rough patch during the migration but we came out of it.",
];

const FRAMES: &[&str] = &[
    "Right now {}, and it works for us.",
    "We {} most of the time.",
    "I'd say {} is the honest answer.",
    "To be fair, {}.",
    "Yeah, {} here.",
];

fn generate(dir: &Path, files: usize, kb: usize, pack: &Pack) {
    std::fs::create_dir_all(dir).unwrap();
    // Sentences that hit the pack: its rules' examples, lower-cased and
    // without their full stop, to fit the frames below.
    let examples: Vec<String> = pack
        .rules
        .iter()
        .flat_map(|r| &r.examples)
        .map(|e| e.trim_end_matches(['.', '!', '?']).to_lowercase())
        .collect();
    let phrases: Vec<&str> = examples.iter().map(String::as_str).collect();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for f in 0..files {
        let mut text = String::with_capacity(kb * 1100);
        let mut q = 0;
        while text.len() < kb * 1024 {
            let question = &pack.questions[q % pack.questions.len()];
            let _ = writeln!(text, "Me: {}", question.text);
            text.push_str("Dana (CTO): ");
            for _ in 0..(4 + rng.next() % 8) {
                if rng.next() % 4 == 0 {
                    let frame = *rng.pick(FRAMES);
                    let phrase = *rng.pick(&phrases);
                    text.push_str(&frame.replace("{}", phrase));
                } else {
                    let filler = *rng.pick(FILLER);
                    text.push_str(filler);
                }
                text.push(' ');
            }
            text.push('\n');
            q += 1;
        }
        let sub = dir.join(format!("{:03}", f / 1000));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(format!("interview-{f:05}.txt")), text).unwrap();
    }
}

fn corpus(files: usize, kb: usize, pack: &Pack) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-corpus")
        .join(format!("{}-{files}x{kb}k", pack.name));
    let done = dir.join(".complete");
    if !done.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        eprintln!(
            "generating {files} transcripts of about {kb} KB in {}",
            dir.display()
        );
        generate(&dir, files, kb, pack);
        std::fs::write(done, b"").unwrap();
    }
    dir
}

/// Scores every input as the CLI's batch mode does, discarding the output.
fn run(engine: &Engine, inputs: &[Input], threads: usize) -> (f64, u64) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let read = ReadOptions::default();
    let start = Instant::now();
    let mut bytes = 0u64;
    let mut out = 0usize;
    for_each_ordered(
        &pool,
        inputs,
        |input| match score_input(engine, input, &read, u64::MAX) {
            Ok((report, n)) => (render::jsonl(&report), n),
            Err(e) => (e, 0),
        },
        |(line, n)| {
            bytes += n;
            out += line.len();
            Ok(())
        },
    )
    .unwrap();
    assert!(out > 0);
    (start.elapsed().as_secs_f64(), bytes)
}

/// Times each stage alone, single-threaded, over the first 5,000 inputs:
/// what the whole pipeline could reach if every other stage were free.
fn stages(engine: &Engine, inputs: &[Input]) {
    let inputs = &inputs[..inputs.len().min(5_000)];
    let start = Instant::now();
    let files: Vec<(Vec<u8>, String)> = inputs
        .iter()
        .map(|i| (read_input(i, u64::MAX).expect("readable"), i.source()))
        .collect();
    let read_secs = start.elapsed().as_secs_f64();
    let mb = files.iter().map(|f| f.0.len()).sum::<usize>() as f64 / 1e6;
    let start = Instant::now();
    let transcripts: Vec<Transcript> = files
        .iter()
        .map(|(bytes, _)| {
            let text = candor::decode::decode(bytes, None).expect("decodes").text;
            Transcript::parse(&text, Format::Auto).expect("parses")
        })
        .collect();
    let parse_secs = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let hits: usize = transcripts
        .iter()
        .flat_map(|t| &t.turns)
        .map(|turn| engine.scan(&turn.text).len())
        .sum();
    let scan_secs = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let reports: Vec<_> = transcripts
        .iter()
        .zip(&files)
        .map(|(t, (_, source))| engine.score(t, source, None))
        .collect();
    let score_secs = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let out: usize = reports.iter().map(|r| render::jsonl(r).len()).sum();
    let render_secs = start.elapsed().as_secs_f64();
    println!(
        "stages alone, 1 thread, {} files ({mb:.1} MB, {hits} hits):",
        files.len()
    );
    for (stage, secs) in [
        ("read files", read_secs),
        ("decode and parse", parse_secs),
        ("scan turns", scan_secs),
        ("segment, scan and score", score_secs),
        ("render JSON", render_secs),
    ] {
        println!("  {stage:<24} {:>6.0} MB/s of input", mb / secs);
    }
    println!(
        "  (JSON out: {:.1} bytes per input byte)",
        out as f64 / (mb * 1e6)
    );
}

/// Every word sequence the pack's expressions spell, lower-cased: what a
/// phrase search with ripgrep would look for.
fn phrases(pack: &Pack) -> Vec<String> {
    fn walk(e: &Expr, out: &mut Vec<String>) {
        match e {
            Expr::Words { text, .. } => out.push(text.to_lowercase()),
            Expr::Concept { .. } | Expr::Anchor { .. } => {}
            Expr::Seq(steps) => steps.iter().for_each(|s| walk(&s.expr, out)),
            Expr::Alt(items) | Expr::All(items) => items.iter().for_each(|i| walk(i, out)),
        }
    }
    let mut out = Vec::new();
    for rule in &pack.rules {
        for e in &rule.expressions {
            walk(e.entry.expr(), &mut out);
        }
    }
    for concept in &pack.concepts {
        for e in &concept.entries {
            walk(e.expr(), &mut out);
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The best time of `runs` runs of `f`, in seconds.
fn best(runs: usize, mut f: impl FnMut()) -> f64 {
    (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

fn has_ripgrep() -> bool {
    Command::new("rg")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs ripgrep over `dir` with `args`; its best time, or `None` without
/// ripgrep.
fn ripgrep(dir: &Path, args: &[&str], runs: usize) -> Option<f64> {
    has_ripgrep().then(|| {
        best(runs, || {
            time_command("rg", args, dir);
        })
    })
}

/// The wall time of `program ARGS DIR`, its output to `/dev/null`. Exit
/// codes 0 and 1 (ripgrep: nothing found; candor: a red verdict) are
/// success.
fn time_command(program: &str, args: &[&str], dir: &Path) -> f64 {
    let start = Instant::now();
    let status = Command::new(program)
        .args(args)
        .arg(dir)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap_or_else(|e| panic!("{program} runs: {e}"));
    assert!(status.code().is_some_and(|c| c <= 1), "{program} failed");
    start.elapsed().as_secs_f64()
}

/// The scan stage alone over the turns of `inputs`: MB/s of turn text, the
/// bytes scanned and the hits; and the MB/s of its first steps alone,
/// tokenising, then tokenising and finding every sentence's phrases: the
/// floor the rest of the stage (choosing, evaluating, modifiers) adds to.
fn scan_stage(engine: &Engine, inputs: &[Input], runs: usize) -> ScanStage {
    let texts: Vec<String> = inputs
        .iter()
        .flat_map(|i| {
            let bytes = read_input(i, u64::MAX).expect("readable");
            let text = candor::decode::decode(&bytes, None).expect("decodes").text;
            Transcript::parse(&text, Format::Auto)
                .expect("parses")
                .turns
                .into_iter()
                .map(|t| t.text)
        })
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut hits = 0;
    let secs = best(runs, || {
        hits = texts.iter().map(|t| engine.scan(t).len()).sum();
    });
    let matcher = &engine.pack().matcher;
    let mut tokens = Tokens::default();
    let mut scratch = Scratch::default();
    let mut phrases = Vec::new();
    let mut steps = [0.0; 2];
    for (find_phrases, mbs) in [false, true].into_iter().zip(&mut steps) {
        let secs = best(runs, || {
            for text in &texts {
                matcher.tokenize(text, &mut tokens, &mut scratch);
                if find_phrases {
                    phrases.clear();
                    for sentence in &tokens.sentences {
                        matcher.phrases(&tokens.tokens, sentence.clone(), &mut phrases);
                    }
                }
            }
        });
        *mbs = bytes as f64 / secs / 1e6;
    }
    ScanStage {
        mbs: bytes as f64 / secs / 1e6,
        bytes,
        hits,
        tokenise: steps[0],
        phrases: steps[1],
    }
}

struct ScanStage {
    mbs: f64,
    bytes: usize,
    hits: usize,
    tokenise: f64,
    phrases: f64,
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let files: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let kb: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(4);
    let runs: usize = std::env::var("CANDOR_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let rules = std::env::var_os("CANDOR_BENCH_RULES");
    let load = || match &rules {
        Some(dir) => Pack::load(Path::new(dir)).expect("the pack loads"),
        None => candor::pack::builtin(),
    };
    // Building the engine: what every run of the binary pays first.
    let mut builds: Vec<f64> = (0..20)
        .map(|_| {
            let start = Instant::now();
            let engine = Engine::from(load());
            let secs = start.elapsed().as_secs_f64();
            drop(engine);
            secs
        })
        .collect();
    builds.sort_by(f64::total_cmp);
    println!(
        "building the engine: {:.1} ms (median of 20; best {:.1} ms)",
        builds[10] * 1e3,
        builds[0] * 1e3
    );
    let pack = load();
    let engine = Engine::new(&pack);
    let dir = corpus(files, kb, &pack);
    let (inputs, errors) = inputs(std::slice::from_ref(&dir), &WalkOptions::default());
    assert!(errors.is_empty() && inputs.len() == files);
    let phrase_file = dir.with_extension("phrases.txt");
    std::fs::write(&phrase_file, phrases(&pack).join("\n") + "\n").unwrap();
    let phrase_arg = phrase_file.display().to_string();
    let total: u64 = inputs
        .iter()
        .map(|i| read_input(i, u64::MAX).map_or(0, |b| b.len() as u64))
        .sum();
    let mb = total as f64 / 1e6;
    println!("corpus: {files} files, {mb:.1} MB");

    // The scan stage, beside rg -c.
    let stage = scan_stage(&engine, &inputs, runs);
    let scan = stage.mbs;
    print!(
        "scan stage alone, 1 thread: {scan:.0} MB/s ({:.1} MB of turn text, {} hits)",
        stage.bytes as f64 / 1e6,
        stage.hits
    );
    match ripgrep(&dir, &["-i", "-F", "-c", "-j1", "-f", &phrase_arg], runs) {
        Some(secs) => println!(
            "; rg -i -F -c -j1: {:.0} MB/s ({:.2}x)",
            mb / secs,
            scan / (mb / secs)
        ),
        None => println!("; rg not found"),
    }
    println!(
        "  its first steps alone: tokenising {:.0} MB/s; tokenising and finding the phrases {:.0} MB/s",
        stage.tokenise, stage.phrases
    );

    // The whole pipeline: the binary beside rg -o -b, run in turn so that
    // a slow spell of the machine falls on both.
    let candor_args = ["score", "--format", "jsonl", "--jobs", "1"];
    let rg_args = ["-i", "-F", "-o", "-b", "-j1", "-f", &phrase_arg];
    let (mut ours, mut theirs) = (f64::INFINITY, None::<f64>);
    for _ in 0..runs.max(1) {
        ours = ours.min(time_command(
            env!("CARGO_BIN_EXE_candor"),
            &candor_args,
            &dir,
        ));
        if has_ripgrep() {
            let secs = time_command("rg", &rg_args, &dir);
            theirs = Some(theirs.map_or(secs, |t: f64| t.min(secs)));
        }
    }
    print!(
        "whole pipeline, the candor binary, 1 thread: {:.1} MB/s, {:.0} files/s",
        mb / ours,
        files as f64 / ours
    );
    match theirs {
        Some(secs) => println!(
            "; rg -i -F -o -b -j1: {:.1} MB/s (candor is {:.2}x)",
            mb / secs,
            secs / ours
        ),
        None => println!("; rg not found"),
    }
    // In process, through the library: no process start, no output written.
    run(&engine, &inputs[..inputs.len().min(500)], 2);
    let mut single = 0.0;
    for threads in [1, 2] {
        let (secs, bytes) = (0..runs.max(1))
            .map(|_| run(&engine, &inputs, threads))
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .expect("at least one run");
        let mbs = bytes as f64 / secs / 1e6;
        if threads == 1 {
            single = mbs;
        }
        println!(
            "whole pipeline in process, {threads} thread{}: {mbs:.1} MB/s, {:.0} files/s{}",
            if threads > 1 { "s" } else { "" },
            files as f64 / secs,
            if threads > 1 {
                format!(" ({:.2}x one)", mbs / single)
            } else {
                String::new()
            }
        );
    }
    stages(&engine, &inputs);

    // Peak memory of the real binary over the whole folder.
    let time = Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(env!("CARGO_BIN_EXE_candor"))
        .args(["score", "--format", "jsonl", "--jobs", "2"])
        .arg(&dir)
        .stdout(std::process::Stdio::null())
        .output();
    match time {
        Ok(out) if out.status.success() => {
            let kb: u64 = String::from_utf8_lossy(&out.stderr)
                .lines()
                .last()
                .and_then(|l| l.trim().parse().ok())
                .unwrap_or(0);
            println!(
                "candor score DIR --jobs 2: peak resident memory {:.1} MB",
                kb as f64 / 1024.0
            );
        }
        _ => println!("peak memory: /usr/bin/time is not available"),
    }
    // One transcript of about 20 KB, start-up included.
    let one = dir.with_extension("one.txt");
    let mut text = String::new();
    for input in inputs.iter().take(5) {
        text.push_str(&String::from_utf8_lossy(
            &read_input(input, u64::MAX).unwrap(),
        ));
    }
    std::fs::write(&one, &text).unwrap();
    let mut walls: Vec<f64> = (0..11)
        .map(|_| {
            let start = Instant::now();
            let status = Command::new(env!("CARGO_BIN_EXE_candor"))
                .args(["score", "--format", "json"])
                .arg(&one)
                .stdout(std::process::Stdio::null())
                .status()
                .expect("candor runs");
            assert!(status.code().is_some_and(|c| c <= 1));
            start.elapsed().as_secs_f64()
        })
        .collect();
    walls.sort_by(f64::total_cmp);
    println!(
        "candor score on one {:.0} KB transcript: {:.0} ms wall (median of 11)",
        text.len() as f64 / 1024.0,
        walls[5] * 1e3
    );
}
