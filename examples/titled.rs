//! Writes a folder of Q/A transcripts whose speakers are labelled as people
//! label them (job titles, names with roles, honorifics, initials, pronouns,
//! timestamps before or after, meeting-export lines), scores it, and prints
//! how many come out with every question unanswered (none should), and how
//! many of the questions answered in them get a verdict.
//!
//! `cargo run --release --example titled -- DIR [FILES]` (default 2,000).
#![allow(clippy::print_stdout, clippy::print_stderr)]
use std::fmt::Write as _;
use std::path::Path;

use candor::{Engine, Format, Transcript, Verdict};

#[path = "common/rng.rs"]
mod rng;
use rng::Rng;

const ASKERS: &[&str] = &["Candidate", "Me", "Alex", "Q", "Jordan Lee"];

const ANSWERERS: &[&str] = &[
    "Head of Engineering",
    "VP of Engineering",
    "Head of Digital & Technology",
    "Maria Gonzalez, CTO",
    "Dr Imran Qureshi",
    "Sam (she/her)",
    "J. Smith",
    "Dana (CTO)",
    "Chief Technology Officer",
    "Director of Platform Engineering",
    "Priya Natarajan",
    // A reverse interview: the CTO interviewed the candidate first.
    "Interviewer",
];

/// How a turn's first line is written: label, clock, text.
#[derive(Clone, Copy)]
enum Style {
    Plain,
    ClockFirst,
    ClockAfter,
    /// A line with the name and the clock, the text on the next line.
    Export,
}

const STYLES: &[Style] = &[
    Style::Plain,
    Style::ClockFirst,
    Style::ClockAfter,
    Style::Export,
];

fn turn(out: &mut String, style: Style, label: &str, seconds: u64, text: &str) {
    let clock = format!(
        "{:02}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    );
    let _ = match style {
        Style::Plain => writeln!(out, "{label}: {text}"),
        Style::ClockFirst => writeln!(out, "[{clock}] {label}: {text}"),
        Style::ClockAfter => writeln!(out, "{label} ({clock}): {text}"),
        Style::Export => writeln!(out, "{label}  {clock}\n{text}\n"),
    };
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(dir) = args.get(1) else {
        eprintln!("usage: titled DIR [FILES]");
        std::process::exit(2);
    };
    let files: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(2000);
    let pack = candor::pack::builtin();
    let dir = Path::new(dir);
    std::fs::create_dir_all(dir).expect("the folder can be made");
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    // Per file, the questions asked (and answered) in it.
    let mut asked: Vec<Vec<usize>> = Vec::with_capacity(files);
    for f in 0..files {
        let asker = *rng.pick(ASKERS);
        let answerer = *rng.pick(ANSWERERS);
        let style = *rng.pick(STYLES);
        let mut text = String::new();
        let mut seconds = 30;
        let mut these = Vec::new();
        for (i, q) in pack.questions.iter().enumerate() {
            if rng.next() % 3 == 0 {
                continue;
            }
            let examples: Vec<&String> = pack
                .rules
                .iter()
                .filter(|r| r.question.is_some_and(|i| pack.questions[i].id == q.id))
                .flat_map(|r| &r.examples)
                .collect();
            if examples.is_empty() {
                continue;
            }
            these.push(i);
            turn(&mut text, style, asker, seconds, &q.text);
            seconds += 20 + rng.next() % 40;
            let answer = format!(
                "Good question. {} That's how it works here.",
                rng.pick(&examples)
            );
            turn(&mut text, style, answerer, seconds, &answer);
            seconds += 60 + rng.next() % 120;
        }
        std::fs::write(dir.join(format!("titled-{f:05}.txt")), text).expect("the file is written");
        asked.push(these);
    }
    let total: usize = asked.iter().map(Vec::len).sum();
    let engine = Engine::new(&pack);
    let mut blank = 0;
    let mut answered = 0;
    for (f, these) in asked.iter().enumerate() {
        let path = dir.join(format!("titled-{f:05}.txt"));
        let text = std::fs::read_to_string(&path).expect("the file is read");
        let transcript = Transcript::parse(&text, Format::Auto).expect("the file parses");
        let report = engine.score(&transcript, &path.display().to_string(), None);
        answered += these
            .iter()
            .filter(|&&q| report.questions[q].verdict != Verdict::Unanswered)
            .count();
        if report
            .questions
            .iter()
            .all(|q| q.verdict == Verdict::Unanswered)
        {
            blank += 1;
        }
    }
    println!(
        "{files} files in {}: {blank} with every question unanswered ({:.1}%); {answered} of the {total} questions answered get a verdict ({:.1}%)",
        dir.display(),
        100.0 * blank as f64 / files as f64,
        100.0 * answered as f64 / total.max(1) as f64
    );
}
