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

use serde::Serialize;

use crate::report::{HitReport, QuestionResult, Report, SCHEMA_VERSION};

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
    out.write_all(jsonl(report).as_bytes())
}

/// The report as one slim JSON line, ending in a newline.
///
/// Written by hand rather than through serde: a batch writes one line per
/// file and this was a tenth of its time. Tests hold it to the serde form
/// of the full report.
pub fn jsonl(report: &Report) -> String {
    let mut w = Json(String::with_capacity(1024 + 512 * hits(report)));
    let r = report;
    w.raw("{\"schema_version\":");
    w.uint(u64::from(r.schema_version));
    w.raw(",\"slim\":true,\"source\":");
    w.str(&r.source);
    w.raw(",\"format\":");
    w.str(&r.format);
    w.raw(",\"pack\":{\"name\":");
    w.str(&r.pack.name);
    w.raw(",\"version\":");
    w.str(&r.pack.version);
    w.raw("},\"speakers\":{\"asker\":");
    w.opt_str(r.speakers.asker.as_deref());
    w.raw(",\"answerer\":");
    w.opt_str(r.speakers.answerer.as_deref());
    w.raw("},\"overall\":{\"score\":");
    w.opt_uint(r.overall.score);
    w.raw(",\"verdict\":");
    w.name(r.overall.verdict.name());
    w.raw(",\"asked\":");
    w.uint(r.overall.asked as u64);
    w.raw(",\"answered\":");
    w.uint(r.overall.answered as u64);
    w.raw(",\"partial\":");
    w.bool(r.overall.partial);
    w.raw("},\"categories\":[");
    for (i, c) in r.categories.iter().enumerate() {
        w.comma(i);
        w.raw("{\"id\":");
        w.str(&c.id);
        w.raw(",\"score\":");
        w.opt_uint(c.score);
        w.raw(",\"verdict\":");
        w.name(c.verdict.name());
        w.raw("}");
    }
    w.raw("],\"questions\":[");
    for (i, q) in r.questions.iter().enumerate() {
        w.comma(i);
        question(&mut w, q);
    }
    w.raw("],\"warnings\":[");
    for (i, warning) in r.warnings.iter().enumerate() {
        w.comma(i);
        w.str(warning);
    }
    w.raw("]}\n");
    w.0
}

fn hits(report: &Report) -> usize {
    report.questions.iter().map(|q| q.hits.len()).sum()
}

fn question(w: &mut Json, q: &QuestionResult) {
    w.raw("{\"id\":");
    w.str(&q.id);
    w.raw(",\"number\":");
    w.uint(u64::from(q.number));
    w.raw(",\"category\":");
    w.str(&q.category);
    w.raw(",\"asked\":");
    w.bool(q.asked);
    w.raw(",\"answered\":");
    w.bool(q.answered);
    w.raw(",\"verdict\":");
    w.name(q.verdict.name());
    w.raw(",\"score\":");
    w.float(q.score);
    w.raw(",\"reason\":");
    w.str(&q.reason);
    w.raw(",\"answer_words\":");
    w.uint(q.answer_words as u64);
    w.raw(",\"hits\":[");
    for (i, h) in q.hits.iter().enumerate() {
        w.comma(i);
        hit(w, h);
    }
    w.raw("]");
    if q.hits_omitted != 0 {
        w.raw(",\"hits_omitted\":");
        w.uint(q.hits_omitted as u64);
    }
    w.raw("}");
}

fn hit(w: &mut Json, h: &HitReport) {
    w.raw("{\"rule\":");
    w.str(&h.rule);
    w.raw(",\"signal\":");
    w.name(h.signal.name());
    w.raw(",\"weight\":");
    w.float(h.weight);
    w.raw(",\"modifiers\":[");
    for (i, m) in h.modifiers.iter().enumerate() {
        w.comma(i);
        w.name(m.name());
    }
    w.raw("],\"matched\":");
    w.str(&h.matched);
    w.raw(",\"evidence\":[");
    for (i, e) in h.evidence.iter().enumerate() {
        w.comma(i);
        w.raw("{\"text\":");
        w.str(&e.text);
        w.raw(",\"start\":");
        w.uint(e.start as u64);
        w.raw(",\"end\":");
        w.uint(e.end as u64);
        w.raw("}");
    }
    w.raw("],\"line\":");
    w.uint(u64::from(h.line));
    w.raw(",\"time\":");
    w.opt_str(h.time.as_deref());
    w.raw(",\"speaker\":");
    w.opt_str(h.speaker.as_deref());
    w.raw(",\"excerpt\":");
    w.str(&h.excerpt);
    if let Some(dropped) = &h.dropped {
        w.raw(",\"dropped\":");
        w.str(&dropped.to_string());
    }
    w.raw("}");
}

/// A JSON text being written, compact, as serde_json writes it.
struct Json(String);

impl Json {
    fn raw(&mut self, s: &str) {
        self.0.push_str(s);
    }

    fn comma(&mut self, i: usize) {
        if i > 0 {
            self.0.push(',');
        }
    }

    fn bool(&mut self, b: bool) {
        self.raw(if b { "true" } else { "false" });
    }

    fn uint(&mut self, n: u64) {
        self.raw(itoa::Buffer::new().format(n));
    }

    fn opt_uint(&mut self, n: Option<u32>) {
        match n {
            Some(n) => self.uint(u64::from(n)),
            None => self.raw("null"),
        }
    }

    /// As serde_json has it: the shortest form that reads back the same
    /// (`2.0`, `-0.4`), and `null` for what JSON cannot hold.
    fn float(&mut self, x: f64) {
        if x.is_finite() {
            self.raw(zmij::Buffer::new().format_finite(x));
        } else {
            self.raw("null");
        }
    }

    /// A name known to need no escaping (a verdict, a signal, a modifier).
    fn name(&mut self, s: &str) {
        debug_assert!(!s.bytes().any(needs_escape));
        self.0.push('"');
        self.0.push_str(s);
        self.0.push('"');
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.raw("null"),
        }
    }

    /// A string, quoted and escaped as serde_json escapes it: `"`, `\`
    /// and control characters; everything else as it is.
    fn str(&mut self, s: &str) {
        self.0.push('"');
        let bytes = s.as_bytes();
        let mut from = 0;
        let mut i = 0;
        while i < bytes.len() {
            // Eight bytes at a time while none needs escaping: most don't.
            if let Some(chunk) = bytes.get(i..i + 8) {
                let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
                if !any_needs_escape(word) {
                    i += 8;
                    continue;
                }
            }
            let b = bytes[i];
            i += 1;
            if !needs_escape(b) {
                continue;
            }
            self.0.push_str(&s[from..i - 1]);
            from = i;
            match b {
                b'"' => self.raw("\\\""),
                b'\\' => self.raw("\\\\"),
                b'\n' => self.raw("\\n"),
                b'\r' => self.raw("\\r"),
                b'\t' => self.raw("\\t"),
                0x08 => self.raw("\\b"),
                0x0c => self.raw("\\f"),
                _ => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    self.raw("\\u00");
                    self.0.push(HEX[usize::from(b >> 4)] as char);
                    self.0.push(HEX[usize::from(b & 0xf)] as char);
                }
            }
        }
        self.0.push_str(&s[from..]);
        self.0.push('"');
    }
}

/// Whether JSON needs byte `b` escaped in a string (no byte of a
/// multi-byte character does: they are all 0x80 and above).
#[inline]
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// Whether any of the eight bytes of `word` needs escaping: a byte below
/// 0x20, a `"` or a `\` (the bit tricks of "Bit Twiddling Hacks": a byte
/// below `n`; a byte equal to the one looked for is zero after an
/// exclusive or, so below 1).
#[inline]
fn any_needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH;
    let quote = word ^ (ONES * u64::from(b'"'));
    let backslash = word ^ (ONES * u64::from(b'\\'));
    (below(word, 0x20) | below(quote, 1) | below(backslash, 1)) != 0
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Dropped;

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
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let samples = [
            "",
            "plain words, longer than eight bytes",
            "a \"quote\" and a \\ backslash",
            "tab\there\nnew line\r\u{8}\u{c}\u{1}\u{1f}\u{7f}",
            "curly \u{2019}quotes\u{2019} and \u{2026} and caf\u{e9}",
            "1234567\"",
            "12345678\\9",
        ];
        for s in samples {
            let mut w = Json(String::new());
            w.str(s);
            assert_eq!(w.0, serde_json::to_string(s).unwrap(), "{s:?}");
        }
        // Every byte below 0x80 at every place in an eight-byte word.
        for b in 0u8..0x80 {
            for at in 0..9 {
                let mut s = "x".repeat(at);
                s.push(b as char);
                s.push_str("yyyyyyyy");
                let mut w = Json(String::new());
                w.str(&s);
                assert_eq!(w.0, serde_json::to_string(&s).unwrap(), "{s:?}");
            }
        }
    }

    #[test]
    fn numbers_are_written_as_serde_json_writes_them() {
        let numbers = [
            0.0,
            -0.0,
            2.0,
            -0.4,
            2.1,
            1e-7,
            123456.75,
            -1.5e300,
            f64::NAN,
            f64::INFINITY,
        ];
        for x in numbers {
            let mut w = Json(String::new());
            w.float(x);
            assert_eq!(w.0, serde_json::to_string(&x).unwrap(), "{x}");
        }
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
