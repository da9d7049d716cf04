//! Renderers: a [`Report`] to bytes for people or tools. They never print.

pub mod html;
mod jsonl;
mod markdown;
mod table;
mod text;

pub use html::{comparison as html_comparison, html};
pub use jsonl::{jsonl, jsonl_error, jsonl_error_at, write_jsonl, OMITTED as JSONL_OMITTED};
pub use markdown::markdown;
pub use table::{csv_error, csv_header, csv_rows, Table, TableOptions};
pub use text::{text, TextOptions};

use anstyle::{AnsiColor, Style};

use crate::report::{Dropped, QuestionResult, Report, Verdict};

/// The colour of a verdict in a terminal: the one place that decides it.
/// Renderers add emphasis (bold) on top; unanswered is dimmed, not coloured.
pub(crate) fn verdict_style(v: Verdict) -> Style {
    match v {
        Verdict::Green => AnsiColor::Green.on_default(),
        Verdict::Amber => AnsiColor::Yellow.on_default(),
        Verdict::Red => AnsiColor::Red.on_default(),
        Verdict::Unanswered => Style::new().dimmed(),
    }
}

/// `s` in `style` when `color` is on; `s` as it is otherwise.
pub(crate) fn paint(style: Style, s: &str, color: bool) -> String {
    if color && !style.is_plain() {
        format!("{style}{s}{style:#}")
    } else {
        s.to_string()
    }
}

/// `text` wrapped to `width` terminal columns (display width: a CJK
/// character takes two, an ANSI escape none), the first line after `first`
/// and the others after `rest`, both included in each line. White space runs
/// fold to one space; lines break only at spaces, and a word longer than a
/// line stands alone on one.
pub(crate) fn wrap(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let options = textwrap::Options::new(width)
        .initial_indent(first)
        .subsequent_indent(rest)
        .break_words(false)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit);
    textwrap::wrap(&folded, &options)
        .into_iter()
        .map(|line| line.into_owned())
        .collect()
}

/// The longest run of whole leading directories that every name shares:
/// `corpus/a.txt` and `corpus/b.txt` share `corpus/`; `a/b1.txt` and
/// `a/b2.txt` share `a/`, never `a/b`. Separators are `/` and `\`. Empty when
/// nothing is shared or there are no names. The comparison table drops it
/// from every name, so the CLI calls this on its
/// inputs' names before the first row is rendered.
pub fn common_prefix<'a>(names: &[&'a str]) -> &'a str {
    let Some((first, rest)) = names.split_first() else {
        return "";
    };
    let mut len = first.len();
    for name in rest {
        len = first
            .bytes()
            .zip(name.bytes())
            .take(len)
            .take_while(|(a, b)| a == b)
            .count();
    }
    // Back to just after the last separator in the shared part.
    match first.as_bytes()[..len]
        .iter()
        .rposition(|&b| b == b'/' || b == b'\\')
    {
        Some(i) => &first[..=i],
        None => "",
    }
}

/// The short reason a dropped hit did not count, for summaries.
fn dropped_reason(d: &Dropped) -> (usize, &'static str) {
    // The rank orders summaries as `docs/rules.md` orders the modifiers.
    match d {
        Dropped::Contained(_) => (0, "inside a longer match"),
        Dropped::Negated => (1, "negated"),
        Dropped::Superseded(_) => (2, "superseded"),
        Dropped::Elsewhere => (3, "at an earlier employer"),
        Dropped::Vague => (4, "vague outside its answer"),
        Dropped::Contradicted => (5, "contradicted"),
        Dropped::Passing => (6, "said in passing elsewhere"),
        Dropped::BesidePractice => (7, "vague beside a good practice"),
    }
}

/// Why a question's listed hits did not count, grouped by reason in a fixed
/// order: `1 negated, 2 superseded`. Empty when every hit counted.
pub(crate) fn dropped_summary(q: &QuestionResult) -> String {
    let mut counts = std::collections::BTreeMap::new();
    for d in q.hits.iter().filter_map(|h| h.dropped.as_ref()) {
        *counts.entry(dropped_reason(d)).or_insert(0usize) += 1;
    }
    counts
        .iter()
        .map(|((_, why), n)| format!("{n} {why}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The report as pretty JSON, ending in a newline.
pub fn json(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(report).expect("reports always serialise");
    s.push('\n');
    s
}

/// What a question's report says of hits it does not list.
pub(crate) fn omitted(n: usize) -> String {
    format!(
        "({n} more hit{} counted but not listed: the first {} are)",
        if n == 1 { "" } else { "s" },
        crate::report::QuestionResult::MAX_HITS
    )
}

/// Writes the report as pretty JSON, ending in a newline, without holding
/// it all in memory.
pub fn write_json(report: &Report, out: &mut impl std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}

/// A report of the sample transcript with the mini pack, for the
/// renderers' unit tests.
#[cfg(test)]
pub(crate) fn sample_report(text: &str) -> Report {
    use std::path::Path;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pack = crate::Pack::load(&root.join("tests/data/packs/mini")).expect("the mini pack loads");
    crate::Engine::new(&pack)
        .score_bytes(
            text.as_bytes(),
            "sample.txt",
            &crate::ReadOptions::default(),
        )
        .expect("scores")
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! prefix {
        ($expected:expr, [$($name:expr),* $(,)?]) => {
            let names: &[&str] = &[$($name),*];
            assert_eq!(common_prefix(names), $expected, "{names:?}");
        };
    }

    #[test]
    fn common_prefix_is_whole_directories() {
        prefix!("corpus/", ["corpus/a.txt", "corpus/b.txt"]);
        prefix!("a/", ["a/b1.txt", "a/b2.txt"]);
        prefix!("corpus/", ["corpus/x/a.txt", "corpus/y/b.txt"]);
        prefix!("corpus/x/", ["corpus/x/a.txt", "corpus/x/b.txt"]);
        prefix!("", ["corpus/a.txt", "notes/b.txt"]);
        prefix!("", ["corpus-a/a.txt", "corpus-b/b.txt"]);
        prefix!("", ["a.txt", "b.txt"]);
        prefix!("", []);
        prefix!("corpus/", ["corpus/a.txt"]);
        prefix!("/tmp/", ["/tmp/a.txt", "/tmp/b.txt"]);
        prefix!("C:\\in\\", ["C:\\in\\a.txt", "C:\\in\\b.txt"]);
        prefix!("", ["-", "corpus/a.txt"]);
        prefix!("", ["corpus/a.txt", "corpus"]);
        prefix!("é/", ["é/a.txt", "é/b.txt"]);
    }

    #[test]
    fn dropped_hits_are_grouped_by_reason_in_a_fixed_order() {
        let mut q = sample_report("Me: Tech debt?\nCTO: We have a debt backlog.\n")
            .questions
            .remove(0);
        let hit = q.hits[0].clone();
        assert_eq!(dropped_summary(&q), "", "every hit counted");
        q.hits.clear();
        for d in [
            Dropped::Vague,
            Dropped::Negated,
            Dropped::Contained("x/y".into()),
            Dropped::Negated,
            Dropped::Superseded("x/z".into()),
        ] {
            q.hits.push(dropped(&hit, d));
        }
        q.hits.push(hit);
        assert_eq!(
            dropped_summary(&q),
            "1 inside a longer match, 2 negated, 1 superseded, 1 vague outside its answer"
        );
    }

    fn dropped(h: &crate::report::HitReport, d: Dropped) -> crate::report::HitReport {
        let mut h = h.clone();
        h.dropped = Some(d);
        h.weight = 0.0;
        h
    }
}
