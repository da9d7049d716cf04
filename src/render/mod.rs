//! Renderers: a [`Report`] to bytes for people or tools. They never print.

pub mod html;
mod markdown;
mod table;
mod text;

pub use html::{comparison as html_comparison, html};
pub use markdown::markdown;
pub use table::{csv_error, csv_header, csv_rows, Table};
pub use text::{text, TextOptions};

use crate::report::Report;

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

/// Writes the report as one JSON line, ending in a newline.
pub fn write_jsonl(report: &Report, out: &mut impl std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, report).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}

/// The report as one JSON line, ending in a newline.
pub fn jsonl(report: &Report) -> String {
    let mut s = serde_json::to_string(report).expect("reports always serialise");
    s.push('\n');
    s
}

/// A JSON line for a file that failed (DESIGN.md §6).
pub fn jsonl_error(source: &str, error: &str) -> String {
    error_record(source, None, error)
}

/// A JSON line for a record of a stream (`--jsonl-input`) that failed: as
/// [`jsonl_error`], with the record's 1-based line in the stream.
pub fn jsonl_error_at(source: &str, line: u64, error: &str) -> String {
    error_record(source, Some(line), error)
}

fn error_record(source: &str, line: Option<u64>, error: &str) -> String {
    #[derive(serde::Serialize)]
    struct ErrorRecord<'a> {
        schema_version: u32,
        source: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        line: Option<u64>,
        error: &'a str,
    }
    let record = ErrorRecord {
        schema_version: crate::report::SCHEMA_VERSION,
        source,
        line,
        error,
    };
    let mut s = serde_json::to_string(&record).expect("records always serialise");
    s.push('\n');
    s
}
