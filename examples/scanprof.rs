//! Profiling aid: scans the turns of every `.txt` file of a folder with a
//! pack, N times, and reports the best pass:
//! `scanprof PACK_DIR FOLDER [N]`.
#![allow(clippy::print_stdout)]
use candor::{Engine, Format, Pack, Transcript};
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let pack = Pack::load(std::path::Path::new(&args[1])).expect("pack");
    let engine = Engine::new(&pack);
    let mut texts = Vec::new();
    for e in walkdir(&args[2]) {
        let t = std::fs::read_to_string(&e).unwrap();
        let tr = Transcript::parse(&t, Format::Auto).unwrap();
        for turn in tr.turns {
            texts.push(turn.text);
        }
        if texts.len() > 20000 {
            break;
        }
    }
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    // The best of N passes: a shared machine's timings wander.
    let passes: usize = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(1);
    let mut best = f64::INFINITY;
    let mut hits = 0;
    for _ in 0..passes {
        let start = std::time::Instant::now();
        hits = texts.iter().map(|t| engine.scan(t).len()).sum::<usize>();
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "{bytes} bytes, {hits} hits, {:.2} MB/s",
        bytes as f64 / best / 1e6
    );
}
fn walkdir(d: &str) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(d)];
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            for e in std::fs::read_dir(&p).unwrap() {
                stack.push(e.unwrap().path());
            }
        } else if p.extension().is_some_and(|e| e == "txt") {
            out.push(p);
        }
    }
    out.sort();
    out
}
