//! Property tests: generated input through the normaliser, the tokeniser,
//! every reader, the match-expression parser, the pack loader and the whole
//! pipeline. Whatever the input, nothing panics, every span is on a char
//! boundary and inside its text, the normaliser's offset map is monotonic
//! and maps back exactly, and the same input always gives the same output.
//!
//! The generators make transcript-like text (speaker labels, WebVTT and SRT
//! blocks, JSON segments, Markdown, combining marks, curly quotes, CR/LF,
//! NUL, emoji, right-to-left text) as well as arbitrary strings and bytes.
//!
//! The default case counts are small so `cargo test` stays quick. Set
//! `PROPTEST_CASES` for a longer run (it applies to every property):
//!
//! ```text
//! PROPTEST_CASES=20000 cargo test --release --test properties
//! ```

use candor::lang::expr;
use candor::lang::matcher::with_state;
use candor::lang::token::{self, NoWords, Tokens};
use candor::pack::SourceFile;
use candor::transcript::Transcript;
use candor::{render, Format, ReadOptions, Report};
use proptest::prelude::*;

/// The invariants the fuzz targets check, shared with them.
#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod invariants;
use invariants::{
    check_normalized, check_report, check_tokens, check_transcript, engine, load_and_use,
    mini_pack, toml_string,
};
use proptest::sample::select;

/// `cases` unless `PROPTEST_CASES` says otherwise. Failures are not written
/// to a regressions file: a failure found here becomes a named test.
fn config(cases: u32) -> ProptestConfig {
    let mut c = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        c.cases = cases;
    }
    c.failure_persistence = None;
    c
}

const FORMATS: [Format; 6] = [
    Format::Auto,
    Format::Text,
    Format::Markdown,
    Format::Vtt,
    Format::Srt,
    Format::Json,
];

// ---------------------------------------------------------------------------
// Generators

/// Speaker labels and the other ways a line can start.
const LABELS: &[&str] = &[
    "CTO: ",
    "Me: ",
    "Head of Engineering: ",
    "[00:01:02] Ana: ",
    "Ana [00:01:02]: ",
    "Ana (00:01:02): ",
    "00:01:02 Ana: ",
    "**Dana:** ",
    "[SPEAKER_01]: ",
    "SPEAKER_00: ",
    "Speaker 1: ",
    "Maria Gonzalez, CTO: ",
    "Sarah (CTO): ",
    "Interviewer: ",
    "Candidate: ",
    "J. Smith: ",
    "dev: ",
    "Note: ",
    "The plan: ",
    "Q3: ",
    "Question 5: ",
    "Tech Debt: ",
    "On Call: ",
    "Dana Smith  0:12:03\n",
    "Omar Haddad  1:02:03\n",
    "00:00:12\tAna:\t",
    "- ",
    "* ",
    "• ",
    "- [ ] ",
    "> ",
    "# ",
    "## Q3 On-call\n",
    "### 7. ",
    "1. ",
    "12) ",
    "**Q5: What happens at 3 AM?**\n",
    "[liked that - sounded real]\n",
    "| a | b |\n|---|---|\n",
    "---\n",
    "<v Ana>",
    "</v>",
    "<c.yellow>",
    "NOTE ",
];

/// Things people say in these interviews, and the words the rules and
/// modifiers look for.
const PHRASES: &[&str] = &[
    "What happens when production goes down at 3 AM?",
    "How do you handle tech debt?",
    "How is engineering success measured?",
    "What would you change with a magic wand?",
    "We run blameless post-mortems after every incident.",
    "We blame the engineer who shipped it.",
    "We used to have no on-call rota, but now we do.",
    "We don't do post-mortems, there's no time.",
    "Honestly, there is no tech debt.",
    "We spend 20% of every sprint on it.",
    "I'd disagree with that.",
    "If we had time we would refactor.",
    "My last CTO said velocity was everything.",
    "story points, velocity and lines of code",
    "It was always me. Now we have a rota.",
    "Until last year we had no tests.",
    "e.g. vs. etc. 99.9% node.js R&D 1,000 $5 £3 €4 & ",
    "don't can't won't it's team's we're dont cannot",
    "post-mortem postmortem post mortem",
    "Tech debt, we don't really have any.",
    "one ticket in five a sprint",
    "Whoever is on call gets paged.",
    "but ",
    "used to ",
    "not ",
    "never ",
    "sometimes ",
    "we ",
    "they said ",
    "?",
    ".",
    "!",
    ";",
    ":",
    ",",
    "…",
    "(",
    ")",
    "\"",
    "'",
    " ",
];

/// Characters that are hard on offsets: multi-byte, combining, case
/// changing length, folded or dropped by the normaliser, control, emoji,
/// right-to-left.
const ODD: &[&str] = &[
    "é",
    "e\u{301}",
    "a\u{308}\u{301}",
    "\u{301}",
    "\u{20dd}",
    "İ",
    "İSTANBUL",
    "ß",
    "ẞ",
    "ﬁ",
    "\u{212a}",
    "Σ",
    "ΐ",
    "ǅ",
    "’",
    "‘",
    "“",
    "”",
    "„",
    "«",
    "»",
    "′",
    "´",
    "—",
    "–",
    "‐",
    "−",
    "\u{ad}",
    "\u{200b}",
    "\u{200d}",
    "\u{200e}",
    "\u{200f}",
    "\u{2060}",
    "\u{feff}",
    "\u{2028}",
    "\u{2029}",
    "\u{a0}",
    "\u{3000}",
    "\u{85}",
    "\0",
    "\r\n",
    "\r",
    "\n",
    "\n\n",
    "\t",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x7f",
    "👩\u{200d}💻",
    "🇬🇧",
    "😀",
    "👍🏽",
    "مرحبا بالعالم",
    "\u{202e}olleh\u{202c}",
    "שלום עולם",
    "中文測試。",
    "日本語、",
    "한국어",
    "\u{fffd}",
    "\u{10ffff}",
    "`",
    "\\",
    "\\u0000",
    "&amp;",
    "<b>",
    "-->",
    "...",
];

/// Pieces of the other formats, to land anywhere.
const FORMAT_BITS: &[&str] = &[
    "WEBVTT\n\n",
    "WEBVTT - title\n",
    "00:00:01.000 --> 00:00:04.000\n",
    "00:01.000 --> 00:02.000 align:start\n",
    "1\n00:00:01,000 --> 00:00:02,000\n",
    "99999999999999999999:00:00,000 --> 00:00:01,000\n",
    "\n\n",
    "start\tend\ttext\n",
    "120\t4500\t",
    "{\"segments\": [",
    "{\"start\": 1.5, \"end\": 2, \"text\": \"",
    "{\"utterances\": [{\"speaker\": \"A\", \"start\": 100, \"text\": \"",
    "{\"results\": {\"channels\": [{\"alternatives\": [{\"transcript\": \"",
    "\"}",
    "]}",
    "[{\"speaker\": \"Ana\", \"text\": \"",
    "\"\\ud800\"",
    "1e999",
    "null",
    "STYLE\n::cue { color: red }\n\n",
    "NOTE a comment\n\n",
];

fn pick(items: &'static [&'static str]) -> impl Strategy<Value = String> {
    select(items).prop_map(str::to_string)
}

/// One piece of transcript-like text.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => pick(PHRASES),
        2 => pick(LABELS),
        2 => pick(ODD),
        1 => pick(FORMAT_BITS),
        2 => "[a-zA-Z]{1,12} ",
        1 => any::<char>().prop_map(String::from),
        1 => "\\PC{0,12}",
    ]
}

/// A line of speech: words, punctuation and odd characters, no line breaks
/// of its own (a reader's structure stays).
fn speech() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => pick(PHRASES),
            1 => pick(ODD),
            2 => "[a-zA-Z]{1,10} ",
        ],
        0..12,
    )
    .prop_map(|v| v.concat())
}

fn clock(ms: u64, comma: bool) -> String {
    format!(
        "{:02}:{:02}:{:02}{}{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        if comma { ',' } else { '.' },
        ms % 1000
    )
}

fn speaker() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop_oneof![
        select(
            &[
                "Ana",
                "CTO",
                "Me",
                "Head of Engineering",
                "SPEAKER_01",
                "Dana Smith"
            ][..]
        )
        .prop_map(str::to_string),
        "\\PC{0,10}",
    ])
}

/// Plain text with speaker labels, one turn a line or a paragraph.
fn plain_doc() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (pick(LABELS), speech(), select(&["\n", "\n\n", " "][..])),
        0..16,
    )
    .prop_map(|lines| {
        lines
            .into_iter()
            .map(|(l, s, end)| format!("{l}{s}{end}"))
            .collect()
    })
}

/// A WebVTT file: cues with voice spans, settings, notes.
fn vtt_doc() -> impl Strategy<Value = String> {
    let cue = (
        any::<bool>(),
        0u64..10_000_000,
        0u64..100_000,
        speaker(),
        speech(),
        speech(),
    );
    prop::collection::vec(cue, 0..12).prop_map(|cues| {
        let mut out = String::from("WEBVTT\n\n");
        for (i, (id, start, len, who, line1, line2)) in cues.into_iter().enumerate() {
            if id {
                out.push_str(&format!("cue-{i}\n"));
            }
            out.push_str(&format!(
                "{} --> {}\n",
                clock(start, false),
                clock(start + len, false)
            ));
            match who {
                Some(w) => out.push_str(&format!("<v {w}>{line1}</v>\n")),
                None => out.push_str(&format!("{line1}\n")),
            }
            if !line2.is_empty() {
                out.push_str(&format!("{line2}\n"));
            }
            out.push('\n');
        }
        out
    })
}

/// An SRT file.
fn srt_doc() -> impl Strategy<Value = String> {
    let block = (0u64..10_000_000, 0u64..100_000, pick(LABELS), speech());
    prop::collection::vec(block, 0..12).prop_map(|blocks| {
        let mut out = String::new();
        for (i, (start, len, label, text)) in blocks.into_iter().enumerate() {
            out.push_str(&format!(
                "{}\n{} --> {}\n{label}{text}\n\n",
                i + 1,
                clock(start, true),
                clock(start + len, true)
            ));
        }
        out
    })
}

/// Speech-to-text JSON in each shape candor reads, with generated text.
fn json_doc() -> impl Strategy<Value = String> {
    let seg = (speaker(), 0u32..100_000, speech());
    (0..5usize, prop::collection::vec(seg, 0..10)).prop_map(|(shape, segs)| {
        use serde_json::json;
        let value = match shape {
            0 => json!({ "segments": segs.iter().map(|(w, t, s)| json!({
                "start": *t as f64 / 10.0, "end": *t as f64 / 10.0 + 1.0,
                "text": s, "speaker": w })).collect::<Vec<_>>() }),
            1 => json!({ "utterances": segs.iter().map(|(w, t, s)| json!({
                "start": t, "end": t + 100, "text": s, "speaker": w })).collect::<Vec<_>>() }),
            2 => json!({ "results": { "utterances": segs.iter().map(|(w, t, s)| json!({
                "start": *t as f64 / 10.0, "transcript": s, "speaker": w })).collect::<Vec<_>>() } }),
            3 => json!({ "results": { "channels": [{ "alternatives": [{
                "transcript": segs.iter().map(|s| s.2.as_str()).collect::<Vec<_>>().join(" "),
                "words": segs.iter().map(|(w, t, s)| json!({
                    "word": s, "punctuated_word": s, "start": *t as f64 / 10.0,
                    "speaker": w.as_ref().map(|w| w.len()) })).collect::<Vec<_>>(),
            }] }] } }),
            _ => json!(segs
                .iter()
                .map(|(w, t, s)| json!({ "speaker": w, "text": s, "start": t }))
                .collect::<Vec<_>>()),
        };
        value.to_string()
    })
}

/// Markdown notes: headings, bullets, bold questions.
fn markdown_doc() -> impl Strategy<Value = String> {
    let line = (
        select(&["# ", "## ", "### Q2 ", "- ", "* ", "> ", "**", "1. ", ""][..]),
        speech(),
    );
    prop::collection::vec(line, 0..16).prop_map(|lines| {
        lines
            .into_iter()
            .map(|(m, s)| format!("{m}{s}\n"))
            .collect()
    })
}

/// Transcript-like text of any kind, then its line endings changed.
fn text() -> impl Strategy<Value = String> {
    let doc = prop_oneof![
        2 => plain_doc(),
        1 => markdown_doc(),
        1 => vtt_doc(),
        1 => srt_doc(),
        1 => json_doc(),
        3 => prop::collection::vec(fragment(), 0..48).prop_map(|v| v.concat()),
        1 => any::<String>(),
    ];
    (doc, 0..4u8).prop_map(|(s, endings)| match endings {
        1 => s.replace('\n', "\r\n"),
        2 => s.replace('\n', "\r"),
        _ => s,
    })
}

/// Input bytes: text in UTF-8 (with or without a BOM) or UTF-16, the text
/// with bytes changed, or anything.
fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        // NUL marks binary input, refused before parsing: mostly left out.
        4 => text().prop_map(|s| s.replace('\0', "").into_bytes()),
        1 => text().prop_map(String::into_bytes),
        1 => text().prop_map(|s| [&b"\xef\xbb\xbf"[..], s.replace('\0', "").as_bytes()].concat()),
        1 => text().prop_map(|s| {
            let mut b = vec![0xff, 0xfe];
            b.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
            b
        }),
        1 => text().prop_map(|s| {
            let mut b = vec![0xfe, 0xff];
            b.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
            b
        }),
        2 => (text(), prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8))
            .prop_map(|(s, edits)| {
                let mut b = s.into_bytes();
                for (i, v) in edits {
                    if !b.is_empty() {
                        let i = i.index(b.len());
                        b[i] = v;
                    }
                }
                b
            }),
        1 => prop::collection::vec(any::<u8>(), 0..600),
    ]
}

// ---------------------------------------------------------------------------
// Checks

fn score(bytes: &[u8], format: Format) -> Option<Report> {
    let options = ReadOptions {
        format: Some(format),
        ..ReadOptions::default()
    };
    engine().score_bytes(bytes, "input.txt", &options).ok()
}

// ---------------------------------------------------------------------------
// Properties

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn normaliser_maps_back(s in text()) {
        check_normalized(&s);
    }

    #[test]
    fn normaliser_maps_back_any_string(s in any::<String>()) {
        check_normalized(&s);
    }

    #[test]
    fn token_spans(s in text()) {
        let mut tokens = Tokens::default();
        token::tokenize(&s, &NoWords, &mut tokens);
        check_tokens(&s, &tokens);
        // With the default pack's vocabulary: the same spans.
        let matcher = &engine().pack().matcher;
        with_state(|state| {
            matcher.tokenize(&s, &mut state.tokens, &mut state.scratch);
            check_tokens(&s, &state.tokens);
            let spans = |t: &Tokens| t.tokens.iter().map(|t| t.span()).collect::<Vec<_>>();
            assert_eq!(spans(&state.tokens), spans(&tokens));
        });
    }

    #[test]
    fn readers(s in text()) {
        for format in FORMATS {
            let first = Transcript::parse(&s, format);
            if let Ok(t) = &first {
                check_transcript(t);
            }
            let again = Transcript::parse(&s, format);
            assert_eq!(format!("{first:?}"), format!("{again:?}"), "{format} is deterministic");
        }
    }

    #[test]
    fn scan_spans(s in text()) {
        let engine = engine();
        let hits = engine.scan(&s);
        for m in &hits {
            assert!(m.range.start < m.range.end && m.range.end <= s.len());
            assert!(s.is_char_boundary(m.range.start) && s.is_char_boundary(m.range.end));
            for r in &m.spans {
                assert!(r.start >= m.range.start && r.end <= m.range.end, "a span outside its hit");
                assert!(s.is_char_boundary(r.start) && s.is_char_boundary(r.end));
            }
        }
        assert_eq!(engine.scan(&s), hits);
    }

    #[test]
    fn expression_parser(s in prop_oneof![
        3 => expression(),
        1 => any::<String>(),
        1 => prop::collection::vec(
            prop_oneof![pick(EXPR_BITS), pick(ODD), "[a-z]{1,6}"], 0..16,
        ).prop_map(|v| v.concat()),
    ]) {
        let chars = s.chars().count();
        match expr::parse(&s) {
            Ok(e) => {
                let canonical = candor::lang::canonical(&e);
                assert_eq!(expr::parse(&s).ok(), Some(e.clone()));
                let _ = candor::lang::spellings(&e);
                let _ = candor::lang::sequence(&e);
                let _ = canonical;
            }
            Err(e) => {
                assert!(e.at.at <= chars, "{s:?}: error at {} of {chars} chars", e.at.at);
                let _ = e.to_string();
            }
        }
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// Bytes through the whole pipeline, in each format: no panic, spans in
    /// their texts, and the same report every time, whatever this thread
    /// scored before and on a fresh thread.
    #[test]
    fn pipeline(b in bytes(), format in prop_oneof![
        3 => Just(Format::Auto),
        1 => select(&FORMATS[1..]),
    ], other in text()) {
        let Some(first) = score(&b, format) else {
            return Ok(());
        };
        check_report(&first);
        let json = render::json(&first);
        // Something else in between, to change what this thread caches.
        let _ = score(other.as_bytes(), Format::Auto);
        let again = score(&b, format).expect("it scored the first time");
        assert_eq!(render::json(&again), json, "scoring twice differs");
        let fresh = std::thread::scope(|s| {
            s.spawn(|| score(&b, format).map(|r| render::json(&r)))
                .join()
                .expect("no panic")
        });
        assert_eq!(fresh.as_deref(), Some(json.as_str()), "a fresh thread differs");
        let _ = render::text(&first, &render::TextOptions {
                color: true,
                ..Default::default()
            });
        let _ = render::html(&first);
        let _ = render::markdown(&first);
        let _ = render::csv_rows(&first);
    }
}

// ---------------------------------------------------------------------------
// Match expressions and packs

const EXPR_BITS: &[&str] = &[
    " ",
    "|",
    "&",
    "~",
    "~3",
    "~0",
    "~99",
    "~-1",
    "?",
    "(",
    ")",
    "{",
    "}",
    "{debt}",
    "{number}",
    "\"",
    "=",
    "=had",
    "^",
    "$",
    "post-mortem",
    "don't",
    "20%",
    "R&D",
    "\\",
    "\t",
];

const WORDS: &[&str] = &[
    "blame",
    "post-mortem",
    "on call",
    "tech debt",
    "don't",
    "we",
    "never",
    "sprint",
    "20%",
    "velocity",
    "rota",
    "used to",
    "e.g.",
    "node.js",
    "1,000",
    "İstanbul",
    "café",
    "naïve",
];

/// A well-formed match expression, most of the time.
fn expression() -> impl Strategy<Value = String> {
    let atom = prop_oneof![
        4 => pick(WORDS),
        1 => pick(WORDS).prop_map(|w| format!("={w}")),
        1 => pick(WORDS).prop_map(|w| format!("\"{w}\"")),
        1 => select(&["{debt}", "{number}", "{incident-oncall}", "{no-such}", "{Bad Name}"][..])
            .prop_map(str::to_string),
        1 => select(&["^", "$"][..]).prop_map(str::to_string),
        1 => "[a-z]{1,8}",
    ];
    atom.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 2..4).prop_map(|v| v.join(" ")),
            prop::collection::vec(inner.clone(), 2..4).prop_map(|v| format!("({})", v.join(" | "))),
            prop::collection::vec(inner.clone(), 2..3).prop_map(|v| v.join(" & ")),
            (inner.clone(), 0u16..40, inner.clone()).prop_map(|(a, n, b)| format!("{a} ~{n} {b}")),
            inner.clone().prop_map(|a| format!("{a}?")),
        ]
    })
}

/// The mini pack with a generated rule, concept and cue, and the files
/// then edited at random bytes.
fn pack_files() -> impl Strategy<Value = Vec<SourceFile>> {
    let edit = (
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
        prop_oneof![
            pick(EXPR_BITS),
            pick(ODD),
            select(
                &[
                    "[[rule]]\n",
                    "[question]\n",
                    "[concepts]\n",
                    "[markers]\n",
                    "=",
                    "\"",
                    "'''",
                    "\n",
                    "]",
                    "["
                ][..]
            )
            .prop_map(str::to_string),
            Just(String::new()),
        ],
    );
    (
        prop::collection::vec(expression(), 1..4),
        prop::collection::vec(expression(), 1..4),
        expression(),
        "[a-z-]{1,12}",
        select(&["green", "red", "amber", "blue"][..]),
        -5.0f64..5.0,
        prop::collection::vec(edit, 0..4),
    )
        .prop_map(|(matches, concept, cue, name, signal, weight, edits)| {
            let list = |v: &[String]| {
                v.iter()
                    .map(|s| toml_string(s))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let extra = format!(
                "[question]\nid = \"fuzz\"\nnumber = 9\ncategory = \"on-call\"\n\
                 text = \"Fuzz?\"\ncues = [{}]\n\n[concepts]\n{name} = [{}]\n\n\
                 [[rule]]\nid = \"fuzz-rule\"\nsignal = \"{signal}\"\nweight = {weight}\n\
                 match = [{}]\nmessage = \"m\"\nexamples = [{}]\n",
                toml_string(&cue),
                list(&concept),
                list(&matches),
                toml_string(&matches[0]),
            );
            let mut files = mini_pack();
            files.push(SourceFile {
                path: "mini/extra.toml".into(),
                text: extra,
            });
            for (file, at, piece) in edits {
                let n = files.len();
                let f = &mut files[file.index(n)];
                let mut i = at.index(f.text.len() + 1);
                while !f.text.is_char_boundary(i) {
                    i -= 1;
                }
                if piece.is_empty() {
                    // Cut a line short.
                    let end = f.text[i..].find('\n').map_or(f.text.len(), |e| i + e);
                    f.text.replace_range(i..end, "");
                } else {
                    f.text.insert_str(i, &piece);
                }
            }
            files
        })
}

proptest! {
    #![proptest_config(config(32))]

    /// Any pack files: a pack or diagnostics, never a panic; diagnostics
    /// render against their sources; a pack that loads scores text.
    #[test]
    fn pack_loader(files in pack_files(), s in speech()) {
        load_and_use(&files, &s, true);
    }
}
