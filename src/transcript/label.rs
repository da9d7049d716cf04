//! Speaker labels in plain text and captions: which prefix of a line names
//! a speaker (`Me:`, `Sarah (CTO):`, `[SPEAKER_01]:`), the key two spellings
//! of one speaker share, and the labels a document uses as labels.

use std::collections::HashMap;

use super::clock::leading_timestamp;
use super::plain::strip_block_markers;

/// Labels that count as speakers in this file, by key: strong labels, names
/// used twice, and, once other labels exist, a name used once that is not a
/// common note heading (`Note:`, `Summary:`).
pub(super) fn accepted_labels(lines: &[&str]) -> HashMap<String, usize> {
    let mut counts: HashMap<String, (usize, bool)> = HashMap::new();
    // Lower-case one-word labels (`dev:` in typed notes) count apart: they
    // are speakers only beside a sure label, and when used twice.
    let mut lower: HashMap<String, usize> = HashMap::new();
    for line in lines {
        let (_, rest) = leading_timestamp(strip_block_markers(line.trim_end()).0.trim_start());
        if let Some((label, _)) = split_label(rest) {
            let entry = counts.entry(label_key(label)).or_insert((0, false));
            entry.0 += 1;
            entry.1 |= is_strong_label(label);
        } else if let Some(word) = lower_case_label(rest) {
            *lower.entry(word.to_string()).or_default() += 1;
        }
    }
    // A conversation shows itself by a label used twice, two strong labels,
    // or one that can only be a speaker (`Me:`, `[SPEAKER_01]:`). A lone
    // `CTO: Declan Moore.` heading a write-up is a field, not a turn.
    let strong = counts.values().filter(|(_, strong)| *strong).count();
    let any_sure = strong >= 2
        || counts
            .iter()
            .any(|(key, (n, strong))| *n >= 2 || (*strong && !is_field_role(key)));
    if !any_sure {
        return HashMap::new();
    }
    let lower = lower.into_iter().filter(|(word, n)| {
        *n >= 2
            && !NOTE_WORDS.contains(&word.as_str())
            && !matches!(
                word.as_str(),
                "also" | "btw" | "fyi" | "obs" | "so" | "and" | "but" | "then"
            )
    });
    counts
        .into_iter()
        .filter(|(key, (n, strong))| *strong || *n >= 2 || !NOTE_WORDS.contains(&key.as_str()))
        .map(|(k, (n, _))| (k, n))
        .chain(lower)
        .collect()
}

/// Words before a colon that start a note, not a speaker's turn.
const NOTE_WORDS: &[&str] = &[
    "note",
    "notes",
    "nb",
    "ps",
    "update",
    "edit",
    "summary",
    "tl;dr",
    "todo",
    "action",
    "actions",
    "example",
    "context",
    "background",
    "result",
    "outcome",
    "warning",
    "important",
    "tip",
    "source",
    "date",
    "time",
    "location",
    "company",
    "role",
    "title",
    "status",
    "next steps",
    "follow up",
    "overall",
    "verdict",
    "pros",
    "cons",
    "re",
    "subject",
    "from",
    "to",
    "cc",
    "agenda",
    "attendees",
    "takeaway",
    "takeaways",
    "impression",
    "impressions",
    "thoughts",
    "concerns",
    "red flag",
    "red flags",
    "green flag",
    "green flags",
    "stack",
    "team",
    "salary",
    "location",
    "interview",
    "format",
    "duration",
    "recording",
    "transcript",
];

/// `dev: ...`: a lower-case word of two to fifteen letters before a colon
/// and a space, at the start of a line.
fn lower_case_label(line: &str) -> Option<&str> {
    let (word, rest) = line.split_once(':')?;
    let ok = (2..=15).contains(&word.len())
        && word.bytes().all(|b| b.is_ascii_lowercase())
        && rest.starts_with(' ');
    ok.then_some(word)
}

/// A speaker label at the start of `line`: a name or role, or a lower-case
/// word that `labels` accepted.
pub(super) fn speaker_label<'a>(
    line: &'a str,
    labels: &HashMap<String, usize>,
) -> Option<(&'a str, &'a str)> {
    if let Some(found) = split_label(line) {
        return Some(found);
    }
    let word = lower_case_label(line)?;
    labels
        .contains_key(word)
        .then(|| (word, &line[word.len() + 1..]))
}

/// Splits `Label: rest` where the label looks like a speaker's name or role.
pub(crate) fn split_label(line: &str) -> Option<(&str, &str)> {
    let colon = line.find(':')?;
    let (label, rest) = (&line[..colon], &line[colon + 1..]);
    // `**Name:**` puts the colon inside the bold markers.
    let rest = rest.strip_prefix("**").unwrap_or(rest);
    let label = label.trim();
    let bare = label.trim_matches('*').trim();
    if bare.is_empty() || bare.len() > 40 || rest.starts_with("//") {
        return None;
    }
    // A time like `10:30` is not a label.
    if bare.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let words = bare.split_whitespace().count();
    if words > 4 {
        return None;
    }
    let first = bare.chars().next()?;
    if !(first.is_alphabetic() || first == '[' || first == '(') {
        return None;
    }
    let ok = bare.chars().all(|c| {
        c.is_alphanumeric()
            || matches!(
                c,
                ' ' | '.' | '\'' | '’' | '-' | '_' | '(' | ')' | '[' | ']' | '/' | '&'
            )
    });
    if !ok {
        return None;
    }
    // Outside brackets, every word of a name starts upper-case (or is a known
    // role), so a sentence that happens to contain a colon is not a label.
    let outside: String = strip_brackets(bare);
    let names_ok = outside.split_whitespace().all(|w| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            || is_role_word(w)
    });
    if !names_ok && !is_strong_label(bare) {
        return None;
    }
    Some((bare, rest))
}

/// A label that is a speaker even when used once.
fn is_strong_label(label: &str) -> bool {
    let key = label_key(label);
    let bracketed = label.contains('(') || label.starts_with('[');
    bracketed
        || is_role_word(&key)
        || is_numbered_question(&key)
        || key.starts_with("speaker")
        || key.starts_with("spk")
}

/// Roles that also head a field in notes (`CTO: Dana Reyes`).
fn is_field_role(key: &str) -> bool {
    matches!(key, "cto" | "vp" | "ceo" | "host" | "guest")
}

fn is_role_word(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "q" | "a"
            | "me"
            | "i"
            | "you"
            | "question"
            | "answer"
            | "interviewer"
            | "interviewee"
            | "candidate"
            | "cto"
            | "vp"
            | "ceo"
            | "host"
            | "guest"
            | "them"
            | "us"
    )
}

fn is_numbered_question(key: &str) -> bool {
    let digits = key
        .strip_prefix("question")
        .or_else(|| key.strip_prefix('q'))
        .map(|r| r.trim_start_matches([' ', '#']));
    digits.is_some_and(|d| !d.is_empty() && d.len() <= 2 && d.bytes().all(|b| b.is_ascii_digit()))
}

/// The key two spellings of one speaker share: `Sarah (CTO)` and `sarah`.
pub(crate) fn label_key(label: &str) -> String {
    let bare = label.trim_matches(|c: char| c == '*' || c.is_whitespace());
    let inner = bare
        .strip_prefix('[')
        .and_then(|s| s.strip_suffix(']'))
        .unwrap_or(bare);
    let mut key = strip_brackets(inner).trim().to_lowercase();
    if key.is_empty() {
        key = inner.to_lowercase();
    }
    key
}

fn strip_brackets(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// A label as reports show it: emphasis and wrapping brackets removed
/// (`**Dana**` is Dana, `[SPEAKER_01]` is SPEAKER_01).
pub(crate) fn clean_label(label: &str) -> String {
    let bare = label.trim_matches(|c: char| c == '*' || c.is_whitespace());
    bare.strip_prefix('[')
        .and_then(|s| s.strip_suffix(']'))
        .filter(|s| !s.contains(['[', ']']))
        .unwrap_or(bare)
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_keys_fold_roles_and_brackets() {
        assert_eq!(label_key("Sarah (CTO)"), "sarah");
        assert_eq!(label_key("[SPEAKER_01]"), "speaker_01");
        assert_eq!(label_key("**Me**"), "me");
    }
}
