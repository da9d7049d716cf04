//! Markdown interview notes: headings name questions, bullets are notes.
//!
//! The line reader in `plain` does the work with Markdown on; this module
//! decides when text looks like Markdown and holds what only Markdown has:
//! ATX headings, rules, tables, bold-only lines and inline emphasis.

use super::{count_words, Transcript};

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

/// The text of an ATX heading (`## Q3 On-call ##`).
pub(super) fn heading_text(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let hashes = t.bytes().take_while(|&b| b == b'#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = &t[hashes..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    Some(rest.trim().trim_end_matches('#').trim())
}

pub(super) fn is_rule_line(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3
        && (t.bytes().all(|b| b == b'-' || b == b' ')
            || t.bytes().all(|b| b == b'*' || b == b' ')
            || t.bytes().all(|b| b == b'_' || b == b' '))
}

/// The cells of a Markdown table row.
fn table_cells(line: &str) -> Vec<&str> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    t.split('|').map(str::trim).collect()
}

/// `|---|:--:|`: the rule under a table's header row.
pub(super) fn is_table_rule(line: &str) -> bool {
    line.trim_start().starts_with('|')
        && table_cells(line)
            .iter()
            .all(|c| !c.is_empty() && c.trim_matches(':').bytes().all(|b| b == b'-'))
}

/// A data row as text: a leading row number dropped, the first cell a label.
pub(super) fn table_row(line: &str) -> Option<TableRow> {
    let mut cells: Vec<&str> = table_cells(line)
        .into_iter()
        .filter(|c| !c.is_empty())
        .collect();
    if cells.len() > 1
        && cells[0]
            .trim_start_matches(['#', 'Q', 'q'])
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.')
    {
        cells.remove(0);
    }
    match cells.split_first()? {
        (only, []) => Some(TableRow::Text(only.to_string())),
        // `| How do you handle debt? | "Features first." |`: a question
        // and its answer; so is a first cell of four words or more that
        // does not end in `?` (`| What happens at 3am if it goes down |`),
        // too long for a topic's label.
        (question, rest) if question.ends_with('?') || count_words(question) >= 4 => {
            Some(TableRow::Asked {
                question: question.to_string(),
                answer: rest.join(" · "),
            })
        }
        (label, rest) => Some(TableRow::Text(format!("{label}: {}", rest.join(" · ")))),
    }
}

/// A data row of a Markdown table.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum TableRow {
    /// A topic and what was said of it, as one text (`Debt: "We try..."`).
    Text(String),
    /// A question in the first cell, its answer in the others.
    Asked { question: String, answer: String },
}

/// The inside of a line that is bold from end to end.
pub(super) fn whole_line_bold(line: &str) -> Option<&str> {
    let t = line.trim();
    for m in ["**", "__"] {
        if let Some(inner) = t.strip_prefix(m).and_then(|r| r.strip_suffix(m)) {
            if !inner.contains(m) && !inner.trim().is_empty() {
                return Some(inner.trim());
            }
        }
    }
    None
}

/// Removes inline Markdown emphasis and code markers.
pub(super) fn strip_emphasis(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().expect("i is a char boundary");
        let is_marker = match c {
            '*' | '`' => true,
            // `_` only marks emphasis at a word's edge, not inside snake_case.
            '_' => {
                let before = i.checked_sub(1).map(|j| bytes[j]);
                let after = bytes.get(i + 1).copied();
                !(before.is_some_and(|b| b.is_ascii_alphanumeric())
                    && after.is_some_and(|b| b.is_ascii_alphanumeric()))
            }
            _ => false,
        };
        if !is_marker {
            out.push(c);
        }
        i += c.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_table_rows_are_labelled_turns() {
        let t = parse(
            "| # | Topic | What she said |\n|---|:--|---|\n| 1 | Debt vs features | **Vague**: no % |\n| 2 | Risk | One big DB |\n",
        );
        let texts: Vec<&str> = t.turns.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["Debt vs features: Vague: no %", "Risk: One big DB"]);
        assert_eq!(t.turns[1].origins[0].line, 4);
        assert_eq!(
            table_row("| 5 | What happens at 3am if something goes down | Vendors cover it |"),
            Some(TableRow::Asked {
                question: "What happens at 3am if something goes down".into(),
                answer: "Vendors cover it".into()
            })
        );
    }

    #[test]
    fn emphasis_goes_but_snake_case_stays() {
        assert_eq!(
            strip_emphasis("**we** use `on_call` _often_"),
            "we use on_call often"
        );
    }
}
