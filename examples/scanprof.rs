//! Profiling aid: scans every file of a folder N times with a pack.
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
    let start = std::time::Instant::now();
    let mut hits = 0;
    for _ in 0..args.get(3).and_then(|n| n.parse().ok()).unwrap_or(1) {
        for t in &texts {
            hits += engine.scan(t).len();
        }
    }
    let s = start.elapsed().as_secs_f64();

    println!(
        "{bytes} bytes, {hits} hits, {:.1} MB/s",
        bytes as f64 / s / 1e6
            * args
                .get(3)
                .and_then(|n| n.parse::<f64>().ok())
                .unwrap_or(1.0)
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
