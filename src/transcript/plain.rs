//! Plain-text transcripts and notes, read line by line.
//!
//! A line that starts with a speaker label (`Me:`, `Sarah (CTO):`, `Q:`,
//! `Q3:`, `[SPEAKER_01]:`, `**Dana:**`, optionally after a `[00:01:02]`
//! timestamp) starts a turn; the lines after it continue that turn until the
//! next label. A word before a colon counts as a label only when it looks like
//! one: a known role, a name with a role in brackets, a diarisation id, or a
//! name used as a label at least twice (so `Note: ...` stays text). Text with
//! no labels at all becomes one turn per paragraph, with no speaker.
//!
//! With Markdown on, `#` headings become heading turns, a line that is bold
//! throughout (`**Q3: What happens at 3 AM?**`) does too, every bullet starts
//! a turn of its own, and emphasis and quote markers are removed.

use std::collections::HashMap;

use super::{Timestamp, Transcript, Turn, TurnKind};

/// Parses plain text (`markdown == false`) or Markdown notes.
pub(super) fn parse_lines(text: &str, markdown: bool) -> Transcript {
    let lines: Vec<&str> = text.lines().collect();
    let labels = accepted_labels(&lines);
    let mut builder = Builder::default();
    let mut in_fence = false;
    for (i, raw) in lines.iter().enumerate() {
        let line_no = i as u32 + 1;
        let mut line = raw.trim_end();
        if markdown {
            if line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~") {
                in_fence = !in_fence;
                continue;
            }
            if in_fence {
                continue;
            }
            if let Some(heading) = heading_text(line) {
                builder.heading(heading, line_no);
                continue;
            }
            if is_rule_line(line) {
                builder.blank();
                continue;
            }
        }
        if line.trim().is_empty() {
            builder.blank();
            continue;
        }
        if markdown && line.trim_start().starts_with('|') {
            // A table: each data row is a turn, its first cell a topic label
            // (`Debt vs features: "We try..."`); header and rule rows go.
            let header = lines.get(i + 1).is_some_and(|next| is_table_rule(next));
            if !header && !is_table_rule(line) {
                if let Some(row) = table_row(line) {
                    builder.start_bullet(&clean(&row, true), line_no, None);
                }
            }
            continue;
        }
        if labels.is_empty() {
            if let Some(remark) = whole_line_remark(line) {
                builder.comment(&clean(remark, markdown), line_no);
                continue;
            }
            let next = lines.get(i + 1).map(|l| l.trim_start());
            let bullets = next.is_some_and(|l| BULLETS.iter().any(|m| l.starts_with(m)));
            // Under a `#` heading, a numbered line over bullets is an
            // answer item with its details, not a topic.
            let under_heading = || {
                lines[..i]
                    .iter()
                    .rev()
                    .find(|l| !l.trim().is_empty())
                    .is_some_and(|l| heading_text(l).is_some())
            };
            if bullets && is_numbered_heading(line) && !under_heading() {
                // `1. How they juggle new stuff vs old mess`, then bullets.
                builder.heading(&clean(line.trim(), markdown), line_no);
                continue;
            }
        }
        let mut bullet = false;
        if markdown {
            let (rest, is_bullet) = strip_block_markers(line);
            line = rest;
            bullet = is_bullet;
            if let Some(inner) = whole_line_bold(line) {
                builder.heading(inner, line_no);
                continue;
            }
        }
        let (time, after_time) = leading_timestamp(line.trim_start());
        if let Some((label, rest)) = speaker_label(after_time, &labels) {
            if labels.contains_key(&label_key(label)) {
                let rest = clean(rest, markdown);
                builder.start(Some(clean_label(label)), rest.trim(), line_no, time);
                continue;
            }
        }
        if labels.is_empty() && !markdown && list_number(after_time).is_some() {
            // Numbered items are items of their own, as in Markdown.
            builder.start(None, clean(after_time, false).trim(), line_no, time);
            continue;
        }
        let content = clean(after_time, markdown);
        if bullet {
            builder.start_bullet(content.trim(), line_no, time);
        } else {
            builder.continue_turn(content.trim(), line_no, time);
        }
    }
    builder.finish()
}

pub(super) fn parse(text: &str) -> Transcript {
    parse_lines(text, false)
}

/// Builds turns from lines.
#[derive(Default)]
struct Builder {
    turns: Vec<Turn>,
    /// The turn being built; `None` after a heading or at the start.
    open: Option<Turn>,
    /// A blank line came since the open turn's last text.
    after_blank: bool,
    /// Some line had a speaker label.
    labelled: bool,
}

impl Builder {
    fn close(&mut self) {
        if let Some(turn) = self.open.take() {
            if !turn.text.trim().is_empty() || turn.speaker.is_some() {
                self.turns.push(turn);
            }
        }
    }

    fn heading(&mut self, text: &str, line: u32) {
        self.alone(text, line, TurnKind::Heading);
        self.after_blank = false;
    }

    /// Closes the open turn and adds a turn of `kind` on its own.
    fn alone(&mut self, text: &str, line: u32, kind: TurnKind) {
        self.close();
        let mut turn = Turn::new(None, text.trim().to_string(), line, None);
        turn.kind = kind;
        self.turns.push(turn);
    }

    fn blank(&mut self) {
        self.after_blank = true;
    }

    /// A remark of the note-taker's: a turn of its own, and what follows
    /// starts a new one.
    fn comment(&mut self, text: &str, line: u32) {
        self.alone(text, line, TurnKind::Comment);
        self.after_blank = true;
    }

    fn start(&mut self, speaker: Option<String>, text: &str, line: u32, time: Option<Timestamp>) {
        // The same speaker again, with nothing between: one turn, as caption
        // readers join consecutive cues.
        if let (Some(open), Some(sp)) = (&self.open, &speaker) {
            if open.speaker.as_ref() == Some(sp) && !self.after_blank {
                self.continue_turn(text, line, time);
                return;
            }
        }
        self.close();
        self.labelled |= speaker.is_some();
        self.open = Some(Turn::new(speaker, text.to_string(), line, time));
        self.after_blank = false;
    }

    /// A bullet is a turn of its own, by the speaker of the open turn if any
    /// (a labelled turn may go on in bullets), else by nobody.
    fn start_bullet(&mut self, text: &str, line: u32, time: Option<Timestamp>) {
        match &self.open {
            Some(turn) if turn.speaker.is_some() && !self.after_blank => {
                self.continue_turn(text, line, time)
            }
            _ => self.start(None, text, line, time),
        }
    }

    fn continue_turn(&mut self, text: &str, line: u32, time: Option<Timestamp>) {
        // Unlabelled paragraphs are turns of their own; a labelled turn runs
        // on over blank lines until the next label.
        let new_paragraph =
            self.after_blank && self.open.as_ref().is_none_or(|t| t.speaker.is_none());
        match &mut self.open {
            Some(turn) if !new_paragraph => {
                if self.after_blank {
                    // Keep the paragraph break visible: a blank line ends a sentence.
                    turn.text.push('\n');
                }
                turn.push_piece(text, line, time);
                if turn.origins.len() == 2
                    && turn.origins[0].offset == 0
                    && turn.text.starts_with('\n')
                {
                    // The turn had no text before this line (a bare label line).
                    turn.text.drain(..1);
                    turn.origins.remove(0);
                    turn.origins[0].offset = 0;
                }
            }
            _ => self.start(None, text, line, time),
        }
        self.after_blank = false;
    }

    fn finish(mut self) -> Transcript {
        self.close();
        Transcript {
            format: None,
            turns: self.turns,
            warnings: Vec::new(),
        }
    }
}

/// Labels that count as speakers in this file, by key: strong labels, names
/// used twice, and, once other labels exist, a name used once that is not a
/// common note heading (`Note:`, `Summary:`).
fn accepted_labels(lines: &[&str]) -> HashMap<String, usize> {
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
fn speaker_label<'a>(line: &'a str, labels: &HashMap<String, usize>) -> Option<(&'a str, &'a str)> {
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

/// A `[00:01:02]`, `(1:02)` or `00:01:02.500` timestamp at the start of a line.
fn leading_timestamp(line: &str) -> (Option<Timestamp>, &str) {
    let (inner, rest) = match line.as_bytes().first() {
        Some(b'[') => match line.find(']') {
            Some(end) => (&line[1..end], &line[end + 1..]),
            None => return (None, line),
        },
        Some(b'(') => match line.find(')') {
            Some(end) => (&line[1..end], &line[end + 1..]),
            None => return (None, line),
        },
        Some(b) if b.is_ascii_digit() => {
            let end = line.find(char::is_whitespace).unwrap_or(line.len());
            (&line[..end], &line[end..])
        }
        _ => return (None, line),
    };
    match parse_clock(inner.trim()) {
        Some(t) => (Some(t), rest.trim_start()),
        None => (None, line),
    }
}

/// Parses `H:MM:SS(.mmm)` or `M:SS(.mmm)`.
pub(crate) fn parse_clock(s: &str) -> Option<Timestamp> {
    let (clock, frac) = match s.split_once(['.', ',']) {
        Some((c, f)) => (c, Some(f)),
        None => (s, None),
    };
    let parts: Vec<&str> = clock.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    let mut total: u64 = 0;
    for (i, p) in parts.iter().enumerate() {
        if p.is_empty() || p.len() > 3 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let v: u64 = p.parse().ok()?;
        if i > 0 && v >= 60 {
            return None;
        }
        total = total * 60 + v;
    }
    let mut ms = total * 1000;
    if let Some(f) = frac {
        if f.is_empty() || f.len() > 3 || !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let v: u64 = f.parse().ok()?;
        ms += v * 10u64.pow(3 - f.len() as u32);
    }
    Some(Timestamp(ms))
}

/// The text of an ATX heading (`## Q3 On-call ##`).
fn heading_text(line: &str) -> Option<&str> {
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

fn is_rule_line(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3
        && (t.bytes().all(|b| b == b'-' || b == b' ')
            || t.bytes().all(|b| b == b'*' || b == b' ')
            || t.bytes().all(|b| b == b'_' || b == b' '))
}

/// Removes quote and bullet markers; says whether the line was a bullet.
fn strip_block_markers(line: &str) -> (&str, bool) {
    let mut t = line.trim_start();
    while let Some(rest) = t.strip_prefix('>') {
        t = rest.trim_start();
    }
    for marker in ["- [ ] ", "- [x] "].iter().chain(BULLETS) {
        if let Some(rest) = t.strip_prefix(marker) {
            return (rest.trim_start(), true);
        }
    }
    if let Some(rest) = list_number(t) {
        // `2. biggest technical risk`: a short numbered line is a
        // question's heading in notes, and keeps its number.
        let heading = rest.split_whitespace().count() <= 8 && !rest.ends_with(['.', '!', '"', '”']);
        return (if heading { t } else { rest.trim_start() }, true);
    }
    (t, false)
}

/// The markers that start a bullet.
const BULLETS: &[&str] = &["- ", "* ", "+ ", "• "];

/// The inside of a line wholly in square brackets, if it is a remark of a
/// few words (`[good - sounded real]`), not a sound (`[laughs]`).
fn whole_line_remark(line: &str) -> Option<&str> {
    let inner = line.trim().strip_prefix('[')?.strip_suffix(']')?;
    (!inner.contains([']', '[']) && inner.split_whitespace().count() >= 3).then_some(inner)
}

/// What follows a list number (`2. `, `2) `) at the start of `line`.
fn list_number(line: &str) -> Option<&str> {
    let t = line.trim();
    let digits = t.bytes().take_while(|b| b.is_ascii_digit()).count();
    if !(1..=3).contains(&digits) {
        return None;
    }
    let rest = &t[digits..];
    rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") "))
}

/// A short numbered line that is not a sentence or a `topic: answer` line:
/// a topic over bullets.
fn is_numbered_heading(line: &str) -> bool {
    let Some(rest) = list_number(line) else {
        return false;
    };
    rest.split_whitespace().count() <= 14 && !rest.ends_with(['.', '!']) && !rest.contains(": ")
}

/// The cells of a Markdown table row.
fn table_cells(line: &str) -> Vec<&str> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    t.split('|').map(str::trim).collect()
}

/// `|---|:--:|`: the rule under a table's header row.
fn is_table_rule(line: &str) -> bool {
    line.trim_start().starts_with('|')
        && table_cells(line)
            .iter()
            .all(|c| !c.is_empty() && c.trim_matches(':').bytes().all(|b| b == b'-'))
}

/// A data row as text: a leading row number dropped, the first cell a label.
fn table_row(line: &str) -> Option<String> {
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
        (only, []) => Some(only.to_string()),
        (label, rest) => Some(format!("{label}: {}", rest.join(" · "))),
    }
}

/// The inside of a line that is bold from end to end.
fn whole_line_bold(line: &str) -> Option<&str> {
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
fn clean(text: &str, markdown: bool) -> String {
    if !markdown {
        return text.to_string();
    }
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

    fn turns(text: &str) -> Vec<(Option<String>, String)> {
        parse(text)
            .turns
            .into_iter()
            .map(|t| (t.speaker, t.text))
            .collect()
    }

    #[test]
    fn speaker_labels_start_turns_and_lines_continue_them() {
        let t = turns("Me: How do you handle debt?\nSarah (CTO): We reserve 20%.\nIt works.\n");
        assert_eq!(t.len(), 2);
        assert_eq!(t[0], (Some("Me".into()), "How do you handle debt?".into()));
        assert_eq!(
            t[1],
            (
                Some("Sarah (CTO)".into()),
                "We reserve 20%.\nIt works.".into()
            )
        );
    }

    #[test]
    fn a_colon_in_a_sentence_is_not_a_label() {
        let t = turns("Me: question?\nDana: The thing is: we never do that.\nNote: this once.\n");
        assert_eq!(t.len(), 2, "{t:?}");
        assert!(t[1].1.contains("Note: this once."));
    }

    #[test]
    fn a_lone_role_field_is_not_a_conversation() {
        let t = turns("CTO: Declan Moore, news group.\n\nAI: he wants it to draft tests.\n");
        assert!(t.iter().all(|(speaker, _)| speaker.is_none()), "{t:?}");
        assert_eq!(t.len(), 2);
    }

    #[test]
    fn markdown_table_rows_are_labelled_turns() {
        let t = parse_lines(
            "| # | Topic | What she said |\n|---|:--|---|\n| 1 | Debt vs features | **Vague**: no % |\n| 2 | Risk | One big DB |\n",
            true,
        );
        let texts: Vec<&str> = t.turns.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["Debt vs features: Vague: no %", "Risk: One big DB"]);
        assert_eq!(t.turns[1].origins[0].line, 4);
    }

    #[test]
    fn lower_case_labels_beside_a_sure_one() {
        let t =
            turns("me: so, debt?\ndev: we have none lol\nme: ok. risk?\ndev: one gcp project\n");
        assert_eq!(t.len(), 4, "{t:?}");
        assert_eq!(t[1].0.as_deref(), Some("dev"));
        // Without a sure label, or used once, a lower-case word is text.
        assert_eq!(
            turns("todo: ask about debt\nlater: ask about risk\n")[0].0,
            None
        );
        assert_eq!(turns("Me: hi?\ndev: hello\n").len(), 1);
    }

    #[test]
    fn names_used_twice_are_labels() {
        let t = turns("Alex: hi?\nJordan: hello.\nAlex: why?\nJordan: because.\n");
        assert_eq!(t.len(), 4);
    }

    #[test]
    fn diarisation_and_timestamps() {
        let tr = parse("[00:01:02] [SPEAKER_01]: We do post-mortems.\n");
        assert_eq!(tr.turns[0].speaker.as_deref(), Some("SPEAKER_01"));
        assert_eq!(tr.turns[0].origins[0].time, Some(Timestamp(62_000)));
    }

    #[test]
    fn unlabelled_paragraphs_are_turns() {
        let t = turns("First paragraph\nstill first.\n\nSecond one.\n");
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].1, "First paragraph\nstill first.");
    }

    #[test]
    fn lines_are_tracked() {
        let tr = parse("Me: q?\nCTO: one\ntwo\n\nthree\n");
        let turn = &tr.turns[1];
        let at = turn.text.find("three").unwrap();
        assert_eq!(turn.origin_at(at).line, 5);
        assert_eq!(turn.origin_at(0).line, 2);
    }

    #[test]
    fn clock_parsing() {
        assert_eq!(parse_clock("1:02"), Some(Timestamp(62_000)));
        assert_eq!(parse_clock("01:00:00.5"), Some(Timestamp(3_600_500)));
        assert_eq!(parse_clock("1:75"), None);
        assert_eq!(parse_clock("abc"), None);
    }

    #[test]
    fn label_keys_fold_roles_and_brackets() {
        assert_eq!(label_key("Sarah (CTO)"), "sarah");
        assert_eq!(label_key("[SPEAKER_01]"), "speaker_01");
        assert_eq!(label_key("**Me**"), "me");
    }
}
