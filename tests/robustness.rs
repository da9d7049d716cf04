//! No input makes candor panic: random bytes, and real transcripts mutated
//! (truncated, bytes flipped, lines duplicated or shuffled, huge lines, deep
//! markup), through the whole pipeline and every renderer. Deterministic: a
//! fixed-seed generator, so a failure always reproduces.

use std::path::Path;

use candor::{render, Engine, Format, ReadOptions};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut b = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        match rng.below(7) {
            0 => b.truncate(rng.below(b.len() + 1)),
            1 => {
                for _ in 0..1 + rng.below(8) {
                    if !b.is_empty() {
                        let i = rng.below(b.len());
                        b[i] = rng.next() as u8;
                    }
                }
            }
            2 => {
                let i = rng.below(b.len() + 1);
                let piece: Vec<u8> = b[rng.below(b.len() + 1).min(i)..i].to_vec();
                b.splice(i..i, piece);
            }
            3 => {
                let i = rng.below(b.len() + 1);
                b.splice(i..i, std::iter::repeat_n(b'x', 70_000));
            }
            4 => {
                let i = rng.below(b.len() + 1);
                let deep = "<v A>".repeat(500) + &"**".repeat(300) + &"# ".repeat(100);
                b.splice(i..i, deep.into_bytes());
            }
            5 => {
                let i = rng.below(b.len() + 1);
                let odd: &[u8] = match rng.below(6) {
                    0 => "’“”—–\u{200b}\u{feff}İ".as_bytes(),
                    1 => b"\r\r\n\n\n\t \x0b\x0c",
                    2 => b"Q99: Q0: 3. #12 Question 0",
                    3 => b"\xff\xfe\xc3\x28",
                    4 => b"Me:\nMe:\n:\n: :\n[SPEAKER_]:",
                    _ => b"...???!!!,,,;;;:::(((",
                };
                b.splice(i..i, odd.iter().copied());
            }
            _ => {
                let mut lines: Vec<&[u8]> = b.split(|&c| c == b'\n').collect();
                for i in (1..lines.len()).rev() {
                    lines.swap(i, rng.below(i + 1));
                }
                b = lines.join(&b'\n');
            }
        }
    }
    b
}

#[test]
fn no_input_panics() {
    let engine = Engine::new(&candor::pack::builtin());
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    // Every corpus transcript, and every peer-format file, is a seed.
    let peers = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/peer-formats");
    let mut seeds = Vec::new();
    let mut stack = vec![corpus];
    stack.extend(["webvtt", "srt", "json", "text"].map(|d| peers.join(d)));
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if !p.to_string_lossy().ends_with(".toml")
                && std::fs::metadata(&p).unwrap().len() < 20_000
            {
                seeds.push(std::fs::read(p).unwrap());
            }
        }
    }
    seeds.sort();
    let mut rng = Rng(0x5eed_cafe_f00d_1234);
    let formats = [
        None,
        Some(Format::Text),
        Some(Format::Markdown),
        Some(Format::Vtt),
        Some(Format::Srt),
        Some(Format::Json),
    ];
    for case in 0..900 {
        let bytes = if case % 5 == 0 {
            (0..rng.below(3000)).map(|_| rng.next() as u8).collect()
        } else {
            let seed = &seeds[rng.below(seeds.len())];
            mutate(&mut rng, seed)
        };
        let options = ReadOptions {
            format: formats[case % formats.len()],
            ..ReadOptions::default()
        };
        // Refusing input (binary) is fine; panicking is not.
        if let Ok(report) = engine.score_bytes(&bytes, "fuzz.txt", &options) {
            let transcript = report.transcript.as_ref().expect("score_bytes keeps it");
            for turn in &transcript.turns {
                assert!(turn.origins.first().is_some_and(|o| o.offset == 0));
                for o in &turn.origins {
                    assert!(
                        turn.text.is_char_boundary(o.offset),
                        "an origin inside a char"
                    );
                }
            }
            for q in &report.questions {
                for h in &q.hits {
                    let text = &transcript.turns[h.turn].text;
                    assert!(!h.spans.is_empty() && !h.evidence.is_empty());
                    for &(a, b) in &h.spans {
                        assert!(text.is_char_boundary(a) && text.is_char_boundary(b));
                        assert!(a < b && b <= text.len());
                    }
                    let mut last = 0;
                    for e in &h.evidence {
                        let (a, b) = (e.start, e.end);
                        assert!(h.excerpt.is_char_boundary(a) && h.excerpt.is_char_boundary(b));
                        assert!(last <= a && a < b && b <= h.excerpt.len());
                        assert_eq!(&h.excerpt[a..b], e.text);
                        last = b;
                    }
                }
            }
            let _ = render::text(
                &report,
                &render::TextOptions {
                    color: case % 2 == 0,
                    ..Default::default()
                },
            );
            let _ = render::json(&report);
            let _ = render::html(&report);
            let _ = render::markdown(&report);
            let _ = render::csv_rows(&report);
        }
    }
}
