//! What the fuzz targets share: the invariants they check (the same as
//! `tests/properties.rs`) and how an input picks a format.

use std::sync::OnceLock;

use candor::lang::token::{Tokens, MAX_SENTENCE};
use candor::normalize::normalize;
use candor::pack::{Diagnostic, SourceFile};
use candor::transcript::Transcript;
use candor::{Engine, Format, Pack, Report};

/// The default pack's engine, built once.
pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(&candor::pack::builtin()))
}

/// A first byte of 1 to 5 forces a format and is dropped; any other input
/// is read whole with the format detected, so real files are good seeds.
pub fn split_format(data: &[u8]) -> (Format, &[u8]) {
    let format = match data.first() {
        Some(1) => Format::Text,
        Some(2) => Format::Markdown,
        Some(3) => Format::Vtt,
        Some(4) => Format::Srt,
        Some(5) => Format::Json,
        _ => return (Format::Auto, data),
    };
    (format, &data[1..])
}

/// Turn origins: the first at 0, in order, on char boundaries of the text.
pub fn check_transcript(t: &Transcript) {
    for turn in &t.turns {
        assert!(
            turn.origins.first().is_some_and(|o| o.offset == 0),
            "a turn's first origin is at 0"
        );
        let mut last = 0;
        for o in &turn.origins {
            assert!(o.offset >= last, "origins in order");
            assert!(o.offset <= turn.text.len(), "an origin past the text");
            assert!(
                turn.text.is_char_boundary(o.offset),
                "an origin inside a char"
            );
            last = o.offset;
        }
    }
}

/// Hit spans on char boundaries of their turn's text, evidence ranges on
/// char boundaries of the excerpt and holding the evidence text.
pub fn check_report(report: &Report) {
    let transcript = report.transcript.as_ref().expect("score_bytes keeps it");
    check_transcript(transcript);
    for q in &report.questions {
        for h in &q.hits {
            let text = &transcript.turns[h.turn].text;
            assert!(!h.spans.is_empty(), "a hit with no spans");
            let mut last = 0;
            for &(a, b) in &h.spans {
                assert!(a < b && b <= text.len(), "span {a}..{b}");
                assert!(text.is_char_boundary(a) && text.is_char_boundary(b));
                assert!(a >= last, "spans in order");
                last = b;
            }
            assert!(text.contains(h.matched.as_str()));
            let mut last = 0;
            for e in &h.evidence {
                let (a, b) = (e.start, e.end);
                assert!(a < b && b <= h.excerpt.len(), "evidence {a}..{b}");
                assert!(h.excerpt.is_char_boundary(a) && h.excerpt.is_char_boundary(b));
                assert!(a >= last, "evidence in order");
                assert_eq!(&h.excerpt[a..b], e.text);
                last = b;
            }
        }
    }
}

/// The normaliser's map: monotonic, onto char boundaries, and each
/// normalised word maps back to text that normalises to it.
pub fn check_normalized(s: &str) {
    let n = normalize(s);
    let mut last = 0;
    let boundaries = n.text.char_indices().map(|(i, _)| i).chain([n.text.len()]);
    for i in boundaries {
        let o = n.original_offset(i);
        assert!(o <= s.len(), "offset {i} maps past the end: {o}");
        assert!(s.is_char_boundary(o), "offset {i} maps inside a char: {o}");
        assert!(o >= last, "the map goes back at {i}: {last} then {o}");
        last = o;
    }
    assert_eq!(n.original_offset(n.text.len()), s.len());
    // Each word (a run without white space) maps back exactly.
    let mut at = 0;
    for word in n.text.split([' ', '\n']) {
        if !word.is_empty() {
            let r = n.original_range(at..at + word.len());
            assert!(s.is_char_boundary(r.start) && s.is_char_boundary(r.end));
            assert_eq!(
                normalize(&s[r.clone()]).text,
                word,
                "normalised {:?} maps back to {:?}",
                word,
                &s[r]
            );
        }
        at += word.len() + 1;
    }
    assert_eq!(normalize(s).text, n.text, "normalising is deterministic");
}

/// Tokens in order, on char boundaries, not overlapping; sentences cover
/// them all, in order, none too long.
pub fn check_tokens(s: &str, tokens: &Tokens) {
    let mut last_end = 0;
    for t in &tokens.tokens {
        let (a, b) = (t.start as usize, t.end as usize);
        assert!(a < b && b <= s.len(), "token {a}..{b} in {} bytes", s.len());
        assert!(
            s.is_char_boundary(a) && s.is_char_boundary(b),
            "token {a}..{b}"
        );
        assert!(a >= last_end, "tokens overlap or go back at {a}");
        last_end = b;
    }
    let mut next = 0;
    for r in &tokens.sentences {
        assert_eq!(r.start, next, "sentences leave a gap or overlap");
        assert!(r.end >= r.start && r.end - r.start <= MAX_SENTENCE);
        next = r.end;
    }
    assert_eq!(next, tokens.tokens.len(), "sentences cover every token");
}

/// The small pack of the test suite, `tests/data/packs/mini`.
pub fn mini_pack() -> Vec<SourceFile> {
    const FILES: &[(&str, &str)] = &[
        (
            "pack.toml",
            include_str!("../../tests/data/packs/mini/pack.toml"),
        ),
        (
            "debt.toml",
            include_str!("../../tests/data/packs/mini/debt.toml"),
        ),
        (
            "incidents.toml",
            include_str!("../../tests/data/packs/mini/incidents.toml"),
        ),
        (
            "metrics.toml",
            include_str!("../../tests/data/packs/mini/metrics.toml"),
        ),
        (
            "general.toml",
            include_str!("../../tests/data/packs/mini/general.toml"),
        ),
    ];
    FILES
        .iter()
        .map(|(name, text)| SourceFile {
            path: format!("mini/{name}").into(),
            text: text.to_string(),
        })
        .collect()
}

/// `s` as a TOML basic string.
pub fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Loads `files` as one layer. A pack that loads is linted (with `lint`:
/// it costs several times the load), scores `answer` and renders;
/// diagnostics render against their files and point inside them.
pub fn load_and_use(files: &[SourceFile], answer: &str, lint: bool) {
    match Pack::from_layers(&[files.to_vec()]) {
        Ok(pack) => {
            let engine = Engine::from(pack);
            if lint {
                for d in candor::pack::lint::lint(&engine) {
                    check_diagnostic(files, &d);
                }
            }
            let text = format!("Me: How is engineering success measured?\nCTO: {answer}\n");
            let transcript = Transcript::parse(&text, Format::Text).expect("text always parses");
            let report = engine.score(&transcript, "fuzz.txt", None);
            let _ = candor::render::json(&report);
        }
        Err(e) => {
            for d in &e.diagnostics {
                check_diagnostic(files, d);
            }
            let _ = e.to_string();
        }
    }
}

fn check_diagnostic(files: &[SourceFile], d: &Diagnostic) {
    let source = files
        .iter()
        .find(|f| f.path == d.file)
        .map(|f| f.text.as_str());
    if let (Some(text), true) = (source, d.line > 0) {
        assert!(
            d.line <= text.lines().count() + 1,
            "{d}: a line past the end"
        );
    }
    let _ = d.render(source, false);
}
