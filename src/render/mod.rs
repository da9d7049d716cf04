//! Renderers: a [`Report`] to bytes for people or tools. They never print.

mod text;

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
    let value = serde_json::json!({
        "schema_version": crate::report::SCHEMA_VERSION,
        "source": source,
        "error": error,
    });
    format!("{value}\n")
}
