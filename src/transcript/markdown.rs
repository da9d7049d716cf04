//! Markdown interview notes: headings name questions, bullets are notes.
//!
//! The line reader in `plain` does the work with Markdown on; this module
//! only decides when text looks like Markdown.

use super::Transcript;

pub(super) fn parse(text: &str) -> Transcript {
    super::plain::parse_lines(text, true)
}

/// Text with at least one ATX heading, or mostly bullets, is Markdown.
pub(super) fn looks_like(text: &str) -> bool {
    let mut bullets = 0;
    let mut lines = 0;
    for line in text.lines().take(400) {
        let t = line.trim_start();
        if t.is_empty() {
            continue;
        }
        lines += 1;
        let hashes = t.bytes().take_while(|&b| b == b'#').count();
        if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
            return true;
        }
        if t.starts_with("- ") || t.starts_with("* ") || t.starts_with("+ ") {
            bullets += 1;
        }
    }
    lines > 0 && bullets * 2 >= lines
}
