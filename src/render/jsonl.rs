//! JSON lines: one slim report a line, for batches and streams.
//!
//! A line is the JSON report of `docs/report.md` without the pack's text,
//! which is the same in every line of a run and was about a third of it:
//! questions' `text`, `title` and `follow_up`, categories' `label` and
//! `goal`, hits' `message`. Every id stays (question, category, rule), so a
//! consumer joins the text back from `candor questions --format json` and
//! `candor rules list --format json`; `"slim": true` says a line is such a
//! report. Everything else (verdicts, scores, reasons, hits with their
//! spans, lines, times and modifiers, warnings) is as in the JSON report,
//! in the same order.
//!
//! Invariant: a slim line is exactly the JSON report with [`OMITTED`]
//! removed and `slim` added after `schema_version` (a test checks it on
//! the whole corpus).

use std::io::{self, Write};

use serde::{Serialize, Serializer};

use crate::pack::Signal;
use crate::report::{
    CategoryResult, Dropped, Evidence, HitReport, Modifier, Overall, PackInfo, QuestionResult,
    Report, Speakers, Verdict, SCHEMA_VERSION,
};

/// The pack text a slim line leaves out, as `(where, field)`: the same in
/// every report scored with one pack.
pub const OMITTED: &[(&str, &str)] = &[
    ("categories[]", "label"),
    ("categories[]", "goal"),
    ("questions[]", "text"),
    ("questions[]", "title"),
    ("questions[]", "follow_up"),
    ("questions[].hits[]", "message"),
];

/// Writes the report as one slim JSON line, ending in a newline.
pub fn write_jsonl(report: &Report, out: &mut impl Write) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &Line::from(report)).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

/// The report as one slim JSON line, ending in a newline.
pub fn jsonl(report: &Report) -> String {
    let mut buf = Vec::new();
    write_jsonl(report, &mut buf).expect("writing to a Vec never fails");
    String::from_utf8(buf).expect("serde_json writes UTF-8")
}

/// A JSON line for a file that failed.
pub fn jsonl_error(source: &str, error: &str) -> String {
    error_record(source, None, error)
}

/// A JSON line for a record of a stream (`--jsonl-input`) that failed: as
/// [`jsonl_error`], with the record's 1-based line in the stream.
pub fn jsonl_error_at(source: &str, line: u64, error: &str) -> String {
    error_record(source, Some(line), error)
}

fn error_record(source: &str, line: Option<u64>, error: &str) -> String {
    #[derive(Serialize)]
    struct ErrorRecord<'a> {
        schema_version: u32,
        source: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        line: Option<u64>,
        error: &'a str,
    }
    let record = ErrorRecord {
        schema_version: SCHEMA_VERSION,
        source,
        line,
        error,
    };
    let mut s = serde_json::to_string(&record).expect("records always serialise");
    s.push('\n');
    s
}

/// A slice serialised as the slim views of its items, without collecting
/// them.
struct Each<'a, T, V>(&'a [T], fn(&'a T) -> V);

impl<'a, T, V: Serialize> Serialize for Each<'a, T, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(self.1))
    }
}

/// A [`Report`] without pack text. Its fields are the report's, in its
/// order, less [`OMITTED`].
#[derive(Serialize)]
struct Line<'a> {
    schema_version: u32,
    slim: bool,
    source: &'a str,
    format: &'a str,
    pack: &'a PackInfo,
    speakers: &'a Speakers,
    overall: &'a Overall,
    categories: Each<'a, CategoryResult, Category<'a>>,
    questions: Each<'a, QuestionResult, Question<'a>>,
    warnings: &'a [String],
}

impl<'a> From<&'a Report> for Line<'a> {
    fn from(r: &'a Report) -> Line<'a> {
        Line {
            schema_version: r.schema_version,
            slim: true,
            source: &r.source,
            format: &r.format,
            pack: &r.pack,
            speakers: &r.speakers,
            overall: &r.overall,
            categories: Each(&r.categories, Category::from),
            questions: Each(&r.questions, Question::from),
            warnings: &r.warnings,
        }
    }
}

#[derive(Serialize)]
struct Category<'a> {
    id: &'a str,
    score: Option<u32>,
    verdict: Verdict,
}

impl<'a> From<&'a CategoryResult> for Category<'a> {
    fn from(c: &'a CategoryResult) -> Category<'a> {
        Category {
            id: &c.id,
            score: c.score,
            verdict: c.verdict,
        }
    }
}

#[derive(Serialize)]
struct Question<'a> {
    id: &'a str,
    number: u32,
    category: &'a str,
    asked: bool,
    answered: bool,
    verdict: Verdict,
    score: f64,
    reason: &'a str,
    answer_words: usize,
    hits: Each<'a, HitReport, Hit<'a>>,
    #[serde(skip_serializing_if = "is_zero")]
    hits_omitted: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl<'a> From<&'a QuestionResult> for Question<'a> {
    fn from(q: &'a QuestionResult) -> Question<'a> {
        Question {
            id: &q.id,
            number: q.number,
            category: &q.category,
            asked: q.asked,
            answered: q.answered,
            verdict: q.verdict,
            score: q.score,
            reason: &q.reason,
            answer_words: q.answer_words,
            hits: Each(&q.hits, Hit::from),
            hits_omitted: q.hits_omitted,
        }
    }
}

#[derive(Serialize)]
struct Hit<'a> {
    rule: &'a str,
    signal: Signal,
    weight: f64,
    modifiers: &'a [Modifier],
    matched: &'a str,
    evidence: &'a [Evidence],
    line: u32,
    time: Option<&'a str>,
    speaker: Option<&'a str>,
    excerpt: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    dropped: Option<&'a Dropped>,
}

impl<'a> From<&'a HitReport> for Hit<'a> {
    fn from(h: &'a HitReport) -> Hit<'a> {
        Hit {
            rule: &h.rule,
            signal: h.signal,
            weight: h.weight,
            modifiers: &h.modifiers,
            matched: &h.matched,
            evidence: &h.evidence,
            line: h.line,
            time: h.time.as_deref(),
            speaker: h.speaker.as_deref(),
            excerpt: &h.excerpt,
            dropped: h.dropped.as_ref(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The full JSON report with [`OMITTED`] removed and `slim` added.
    fn expected(report: &Report) -> serde_json::Value {
        let mut full = serde_json::to_value(report).unwrap();
        full["slim"] = true.into();
        for c in full["categories"].as_array_mut().unwrap() {
            let c = c.as_object_mut().unwrap();
            c.remove("label");
            c.remove("goal");
        }
        for q in full["questions"].as_array_mut().unwrap() {
            for h in q["hits"].as_array_mut().unwrap() {
                h.as_object_mut().unwrap().remove("message");
            }
            let q = q.as_object_mut().unwrap();
            q.remove("text");
            q.remove("title");
            q.remove("follow_up");
        }
        full
    }

    #[test]
    fn a_line_is_the_json_report_without_pack_text() {
        let mut report = crate::render::sample_report(
            "Me: How do you handle tech debt?\n\
             CTO: We have a debt backlog, and a fifth of every sprint goes to it.\n",
        );
        assert!(!report.questions[0].hits.is_empty(), "the sample has hits");
        // A dropped hit and omitted hits serialise as in the full report.
        report.questions[0].hits[0].dropped = Some(Dropped::Negated);
        report.questions[0].hits_omitted = 3;
        let line = jsonl(&report);
        assert!(line.ends_with('\n') && !line.trim_end().contains('\n'));
        let slim: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(slim, expected(&report));
        // In the full report's order, `slim` second.
        assert!(
            line.starts_with(r#"{"schema_version":1,"slim":true,"source":"sample.txt","#),
            "{line}"
        );
        // (`text` is also evidence's, which stays.)
        for (_, field) in OMITTED.iter().filter(|(_, f)| *f != "text") {
            assert!(!line.contains(&format!("\"{field}\":")), "{field}: {line}");
        }
    }
}
