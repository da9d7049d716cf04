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

/// The report as one JSON line, ending in a newline.
pub fn jsonl(report: &Report) -> String {
    let mut s = serde_json::to_string(report).expect("reports always serialise");
    s.push('\n');
    s
}

/// A JSON line for a file that failed (DESIGN.md §6).
pub fn jsonl_error(source: &str, error: &str) -> String {
    #[derive(serde::Serialize)]
    struct ErrorRecord<'a> {
        schema_version: u32,
        source: &'a str,
        error: &'a str,
    }
    let record = ErrorRecord {
        schema_version: crate::report::SCHEMA_VERSION,
        source,
        error,
    };
    let mut s = serde_json::to_string(&record).expect("records always serialise");
    s.push('\n');
    s
}
