//! Speaker labels in plain text and captions: which prefix of a line names
//! a speaker (`Me:`, `Sarah (CTO):`, `[SPEAKER_01]:`), the key two spellings
//! of one speaker share, and the labels a document uses as labels.

use std::collections::HashMap;

use super::clock::{
    after_chat_stamp, before_chat_stamp, is_chat_time, leading_timestamp, trailing_timestamp,
};
use super::notes::strip_block_markers;
use super::Timestamp;

/// Labels that count as speakers in this file, by key. A document teaches
/// its labels by use: strong labels (roles, ids, `Name (Role)`,
/// `Name, Role`) count at once; any name or title (`Head of Engineering`,
/// `J. Smith`) counts when it starts two lines or more; `Dana 00:12:03`
/// header lines count when the document has two or more of them; and, once
/// other labels exist, a plain name used once counts unless it is a common
/// note heading (`Note:`, `Summary:`). A sentence with a colon
/// (`The plan: ...`) never has a label's shape.
pub(super) fn accepted_labels(lines: &[&str]) -> HashMap<String, usize> {
    #[derive(Default)]
    struct Seen {
        uses: usize,
        strong: bool,
        /// Some use had only a plain name's shape.
        name: bool,
    }
    let mut counts: HashMap<String, Seen> = HashMap::new();
    // Lower-case one-word labels (`dev:` in typed notes) count apart: they
    // are speakers only beside a sure label, and when used twice.
    let mut lower: HashMap<String, usize> = HashMap::new();
    // Keys of `Full Name  0:12:03` header lines: speakers when the document
    // has two or more (a meeting export), a note when alone (`Standup 9:30`).
    let mut headers: Vec<String> = Vec::new();
    // A label is used on line after line: what it says is worked out once.
    let mut read: HashMap<&str, (String, bool, bool)> = HashMap::new();
    for (i, line) in lines.iter().enumerate() {
        let (_, rest) = leading_timestamp(strip_block_markers(line.trim_end()).0.trim_start());
        if let Some(name) = name_over_stamp(rest, lines.get(i + 1).copied()) {
            headers.push(label_key(name));
        } else if let Some(found) = split_timed_label(rest) {
            let (key, strong, name) = read.entry(found.label).or_insert_with(|| {
                (
                    label_key(found.label),
                    is_strong_label(found.label),
                    shape(found.label) == Some(Shape::Name),
                )
            });
            let seen = counts.entry(key.clone()).or_default();
            seen.uses += 1;
            // A chat's date and time before a name makes it a sender.
            seen.strong |= *strong || found.chat;
            seen.name |= *name;
        } else if let Some((name, _)) = header_label(rest) {
            headers.push(label_key(name));
        } else if let Some(word) = lower_case_label(rest) {
            *lower.entry(word.to_string()).or_default() += 1;
        }
    }
    if headers.len() >= 2 {
        for key in headers {
            let seen = counts.entry(key).or_default();
            seen.uses += 1;
            seen.strong = true;
        }
    }
    // A conversation shows itself by a label used twice, two strong labels,
    // or one that can only be a speaker (`Me:`, `[SPEAKER_01]:`). A lone
    // `CTO: Declan Moore.` heading a write-up is a field, not a turn.
    // An email's fields (`From:` twice in a pasted thread) show no
    // conversation.
    counts.retain(|key, _| !MAIL_WORDS.contains(&key.as_str()));
    let strong = counts.values().filter(|s| s.strong).count();
    let any_sure = strong >= 2
        || counts
            .iter()
            .any(|(key, s)| s.uses >= 2 || (s.strong && !is_field_role(key)));
    if !any_sure {
        return HashMap::new();
    }
    let lower = lower.into_iter().filter(|(word, n)| {
        *n >= 2
            && !NOTE_WORDS.contains(&word.as_str())
            && !MAIL_WORDS.contains(&word.as_str())
            && !ASKED_WORDS.contains(&word.as_str())
            && !matches!(
                word.as_str(),
                "also" | "btw" | "fyi" | "obs" | "so" | "and" | "but" | "then"
            )
    });
    counts
        .into_iter()
        .filter(|(key, s)| {
            !ASKED_WORDS.contains(&key.as_str())
                && !MAIL_WORDS.contains(&key.as_str())
                && (s.strong || s.uses >= 2 || (s.name && !NOTE_WORDS.contains(&key.as_str())))
        })
        .map(|(k, s)| (k, s.uses))
        .chain(lower)
        .collect()
}

/// The note-taker saying what they asked (`**Asked:** new features vs old
/// code?`): however often it starts a line, it is no speaker.
const ASKED_WORDS: &[&str] = &["asked", "asks", "i asked", "we asked", "my question"];

/// Whether `label` (before a colon) is the note-taker saying what they asked.
pub(crate) fn is_asked_word(label: &str) -> bool {
    ASKED_WORDS.contains(&label_key(label).as_str())
}

/// An email's header fields and boilerplate (`From:`, `Date:`,
/// `CONFIDENTIALITY NOTICE:`, a signature's `Geschäftsführer:`): however
/// often they start a line of a pasted thread, they are no speakers.
const MAIL_WORDS: &[&str] = &[
    "from",
    "to",
    "cc",
    "bcc",
    "subject",
    "date",
    "sent",
    "reply-to",
    // the same fields where the mail program speaks German, Dutch,
    // French, Spanish or Portuguese ("Von / From:", "Betreff:")
    "von",
    "an",
    "betreff",
    "datum",
    "gesendet",
    "van",
    "aan",
    "onderwerp",
    "verzonden",
    "objet",
    "envoyé",
    "para",
    "asunto",
    "assunto",
    "enviado",
    // fields of a company's signature that German law requires
    "geschäftsführer",
    "geschäftsführung",
    "sitz der gesellschaft",
    "registergericht",
    "handelsregister",
    "confidentiality notice",
    "disclaimer",
    "legal notice",
];

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
    // What a message opens with, and a chat export's fields.
    "plan",
    "the plan",
    "goal",
    "short answer",
    "caveat",
    "reactions",
    "channel",
    "members",
    "exported",
    "date range",
    "timezone",
    "honestly",
    "frankly",
    "short version",
    "honest answer",
    "long answer",
    "quick answer",
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
) -> Option<Found<'a>> {
    if let Some(found) = split_timed_label(line) {
        return Some(found);
    }
    let word = lower_case_label(line)?;
    labels.contains_key(word).then(|| Found {
        label: word,
        time: None,
        rest: &line[word.len() + 1..],
        chat: false,
    })
}

/// Splits `Label: rest` where the label looks like a speaker's name or role.
pub(crate) fn split_label(line: &str) -> Option<(&str, &str)> {
    split_timed_label(line).map(|found| (found.label, found.rest))
}

/// A speaker label found at the start of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Found<'a> {
    /// The label as written, emphasis and its time removed.
    pub label: &'a str,
    /// A time written with the name (`Dana (00:12:03):`, `**[00:12:03] Dana:**`).
    pub time: Option<Timestamp>,
    /// What follows the colon.
    pub rest: &'a str,
    /// A chat's date and time stood before the name (`[2025-01-08 18:20]
    /// Neha:`): each such line is a message of its own.
    pub chat: bool,
}

/// Splits `Label: rest` where the label looks like a speaker's name or role,
/// with a time after the name (`Label 00:12:03: rest`, `Label (00:12:03):
/// rest`) or before it inside bold markers (`**[00:12:03] Label:** rest`).
pub(super) fn split_timed_label(line: &str) -> Option<Found<'_>> {
    let colon = label_colon(line)?;
    let (label, rest) = (&line[..colon], &line[colon + 1..]);
    // `**Name:**` puts the colon inside the bold markers.
    let rest = rest.strip_prefix("**").unwrap_or(rest);
    if rest.starts_with("//") {
        return None;
    }
    let bare = label.trim().trim_matches('*').trim();
    // `**[00:00:12] HOST (Ben):**` puts the time inside the bold markers.
    let (before, bare) = leading_timestamp(bare);
    // `[2025-01-08 18:20] Neha Sharma:`: a chat's date and time, no
    // recording's position.
    let chat = before.is_none().then(|| after_chat_stamp(bare)).flatten();
    let bare = chat.unwrap_or(bare);
    let (after, bare) = trailing_timestamp(bare);
    let time = before.or(after);
    let bare = bare.trim_matches('*').trim();
    if shape(bare).is_none() && !(looks_bracketed_or_id(bare) && is_strong_label(bare)) {
        return None;
    }
    Some(Found {
        label: bare,
        time,
        rest,
        chat: chat.is_some(),
    })
}

/// `Full Name   0:12:03` or `Dana 12:03` alone on a line: a meeting
/// export's header, with the turn's text on the lines after it.
///
/// A chat copied with each message's name and time on a line of their own
/// (`**Ollie Mensah** — Wed 12:14`, `Chloe Barnes  6:20 PM`) has such
/// headers too, with a time of day that is no recording's position.
pub(super) fn header_label(line: &str) -> Option<(&str, Option<Timestamp>)> {
    // A chat's user name (`ana.ferreira — 11/03/2025 14:48` on Discord).
    fn handle(name: &str) -> Option<&str> {
        let name = name.trim_matches(['*', '_']).trim();
        let ok = (2..=32).contains(&name.len())
            && name.bytes().all(|b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
            })
            && name.bytes().any(|b| b.is_ascii_lowercase());
        ok.then_some(name)
    }
    let line = line.trim();
    // Cheap refusals first: this runs on lines of every plain text.
    let timed_after = line
        .ends_with(|c: char| c.is_ascii_digit() || matches!(c, ')' | ']' | 'M' | 'm' | '*' | '_'));
    let timed_before = line.starts_with(|c: char| c.is_ascii_digit() || c == '[');
    if line.len() > 80 || !(timed_after || timed_before) || is_chat_time(line) {
        // A date and time alone (`Yesterday 16:04`) is no one's name.
        return None;
    }
    if timed_before && !line.contains(':') {
        // A time of day has a colon; a name does not.
        return None;
    }
    if let Some(name) = timed_before.then(|| after_chat_stamp(line)).flatten() {
        return named(name).map(|name| (name, None));
    }
    // A date and a time of day after the name is a chat's, not a
    // recording's position (`Mira Hoffmann — 11/03/2025 15:20`).
    let line = line.trim_end_matches(['*', '_']);
    if let Some(name) = before_chat_stamp(line) {
        return named(name)
            .or_else(|| handle(name))
            .map(|name| (name, None));
    }
    let (time, name) = trailing_timestamp(line);
    time.and_then(|_| named(name)).map(|name| (name, time))
}

/// A sender's name alone on a line over a chat's date and time alone on
/// the next (`Kasia Nowak` / `Yesterday 16:04`, a Teams chat copied).
pub(super) fn name_over_stamp<'a>(line: &'a str, next: Option<&str>) -> Option<&'a str> {
    let stamped = next.is_some_and(|n| n.len() <= 40 && is_chat_time(n.trim()));
    if !stamped {
        return None;
    }
    named(line).filter(|name| name.len() <= 60)
}

/// A line's text as a speaker's name, out of its emphasis: one with a
/// label's shape and no colon.
fn named(name: &str) -> Option<&str> {
    let name = name.trim().trim_matches(['*', '_']).trim();
    (!name.is_empty() && !name.contains(':') && shape(name).is_some()).then_some(name)
}

/// The colon that ends a label: the first one that is not inside a clock
/// (`Dana 00:12:03: ...` ends at the last colon), within the first 100 bytes.
fn label_colon(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    line.match_indices(':')
        .map(|(i, _)| i)
        .take_while(|&i| i <= 100)
        .find(|&i| {
            let clock =
                i > 0 && b[i - 1].is_ascii_digit() && b.get(i + 1).is_some_and(u8::is_ascii_digit);
            !clock
        })
}

/// How a label reads, which decides how much evidence the document must
/// give before it counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Shape {
    /// One to four capitalised words (`Dana`, `Dr Imran Qureshi`, `J. Smith`):
    /// a speaker beside other labels even when used once.
    Name,
    /// A title with `of`, `&` or a comma, or five words or more
    /// (`Head of Engineering`, `Maria Gonzalez, CTO`): a speaker when the
    /// document uses it twice.
    Title,
}

/// Words a name or title may have in lower case (`Head of Engineering`,
/// `Head of Digital & Technology`, `Maria de la Cruz`).
const CONNECTORS: &[&str] = &[
    "of", "and", "&", "for", "the", "at", "de", "da", "di", "du", "del", "der", "van", "von", "la",
    "le", "y", "bin",
];

/// What a label may hold beside letters and digits.
const LABEL_PUNCTUATION: &[char] = &[
    ' ', '.', '\'', '’', '-', '–', '—', '|', '_', '(', ')', '[', ']', '/', '&', ',',
];

/// Whether `bare` reads as a name, role or title rather than the start of a
/// sentence: outside brackets, at most three comma-separated parts of
/// capitalised words, roles and connectors, a connector never first or last
/// in a part, at most seven words.
pub(super) fn shape(bare: &str) -> Option<Shape> {
    // A role described in brackets may be long ("Lukus (Lead Software
    // Engineer, orthodontic payments platform)"): the limit is on the name
    // outside them.
    if bare.is_empty()
        || bare.len() > MAX_BRACKETED_LABEL
        || bare.bytes().all(|b| b.is_ascii_digit())
        || (bare.len() > MAX_LABEL && strip_brackets(bare).len() > MAX_LABEL)
    {
        return None;
    }
    // A transcript's lines start with the same few labels: the last few
    // shapes are kept, by label, for the lines to come.
    #[derive(Default)]
    struct Recent {
        next: usize,
        shapes: [(String, Option<Shape>); 4],
    }
    thread_local! {
        static RECENT: std::cell::RefCell<Recent> = Default::default();
    }
    RECENT.with(|recent| {
        let mut recent = recent.borrow_mut();
        if let Some((_, known)) = recent.shapes.iter().find(|(label, _)| label == bare) {
            return *known;
        }
        let known = shape_of(bare);
        let next = recent.next;
        recent.shapes[next] = (bare.to_string(), known);
        recent.next = (next + 1) % 4;
        known
    })
}

/// Bytes of a label outside its round and square brackets, and of one with
/// brackets in all.
const MAX_LABEL: usize = 60;
const MAX_BRACKETED_LABEL: usize = 120;

fn shape_of(bare: &str) -> Option<Shape> {
    let first = bare.chars().next()?;
    if !(first.is_alphabetic() || first == '[' || first == '(') {
        return None;
    }
    let ok = bare
        .chars()
        .all(|c| c.is_alphanumeric() || LABEL_PUNCTUATION.contains(&c) || c == ';');
    if !ok {
        return None;
    }
    let mut outside = strip_brackets(bare);
    // A semicolon only inside brackets, in a description ("(Head of
    // Engineering, online care platform; former startup CTO)").
    if outside.contains(';') {
        return None;
    }
    // A dash or bar between spaces parts a name from a title as a comma
    // does: "Fatou Diop - Co-founder & CTO".
    // Most labels have no dash or bar at all (en and em dashes start with
    // byte 0xE2): skip the searches, which cost more than the test.
    if outside.bytes().any(|b| matches!(b, b'-' | b'|' | 0xE2)) {
        for sep in [" - ", " – ", " — ", " | "] {
            outside = outside.replace(sep, ", ");
        }
    }
    let parts: Vec<&str> = outside.split(',').map(str::trim).collect();
    if parts.len() > 3 || (parts.len() > 1 && parts.iter().any(|p| p.is_empty())) {
        return None;
    }
    let mut words = 0;
    let mut connectors = false;
    for part in &parts {
        let ws: Vec<&str> = part.split_whitespace().collect();
        words += ws.len();
        let is_connector = |w: &&str| CONNECTORS.contains(w);
        if ws.first().is_some_and(is_connector) || ws.last().is_some_and(is_connector) {
            return None;
        }
        for w in &ws {
            if is_connector(w) {
                connectors = true;
            } else if !(w
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                || is_role_word(w))
            {
                return None;
            }
        }
    }
    if words > 7 {
        return None;
    }
    Some(if parts.len() == 1 && !connectors && words <= 4 {
        Shape::Name
    } else {
        Shape::Title
    })
}

/// Labels that may break the name rules because they are ids or carry a
/// role in brackets (`[speaker one]`, `dana (cto)`, `the cto (dana)`); not
/// a topic of notes, a word of a phrase and no role outside its brackets
/// (`- buy or build (infra):`, `- on call (3am):`).
fn looks_bracketed_or_id(bare: &str) -> bool {
    const PHRASE_WORDS: &[&str] = &[
        "on", "or", "vs", "vs.", "versus", "and", "the", "a", "an", "of", "for", "to", "in",
        "with", "how", "what", "why", "when", "who", "we", "our", "is", "are",
    ];
    let outside = strip_brackets(bare);
    let words = || outside.split_whitespace();
    let phrase = words().any(|w| PHRASE_WORDS.iter().any(|p| p.eq_ignore_ascii_case(w)));
    let role = || words().any(|w| w.len() > 1 && is_role_word(&w.to_lowercase()));
    bare.len() <= 40
        && bare.split_whitespace().count() <= 4
        && (!phrase || role())
        && bare.chars().all(|c| {
            c.is_alphanumeric()
                || matches!(
                    c,
                    ' ' | '.' | '\'' | '’' | '-' | '_' | '(' | ')' | '[' | ']' | '/' | '&'
                )
        })
        && bare.starts_with(|c: char| c.is_alphabetic() || c == '[' || c == '(')
}

/// A label that is a speaker even when used once: a role, a name with a
/// role in brackets or after a comma, a diarisation id, a numbered question.
fn is_strong_label(label: &str) -> bool {
    let key = label_key(label);
    let bracketed = label.contains('(') || label.starts_with('[');
    bracketed
        || role_part(label).is_some()
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
    const ROLES: &[&str] = &[
        "q",
        "a",
        "me",
        "i",
        "you",
        "question",
        "answer",
        "interviewer",
        "interviewee",
        "candidate",
        "cto",
        "vp",
        "ceo",
        "host",
        "guest",
        "them",
        "us",
    ];
    // The roles are ASCII: no other letter lower-cases to one of theirs.
    ROLES.iter().any(|role| role.eq_ignore_ascii_case(word))
}

fn is_numbered_question(key: &str) -> bool {
    let digits = key
        .strip_prefix("question")
        .or_else(|| key.strip_prefix('q'))
        .map(|r| r.trim_start_matches([' ', '#']));
    digits.is_some_and(|d| !d.is_empty() && d.len() <= 2 && d.bytes().all(|b| b.is_ascii_digit()))
}

/// The role in a `Name, Role` label (`Maria Gonzalez, CTO`,
/// `Tom Reilly, Interviewer`), lower-cased.
fn role_part(label: &str) -> Option<String> {
    let mut parts = label.split(',');
    parts.next()?;
    parts
        .map(|p| p.trim().trim_matches('*').trim().to_lowercase())
        .find(|p| is_role_word(p))
}

/// The key two spellings of one speaker share: `Sarah (CTO)` and `sarah`,
/// `Dana 00:12:03` and `Dana`. A `Name, Role` label is keyed by its role
/// (`Maria Gonzalez, CTO` is `cto`), so the segmenter sees who asks and who
/// answers; other commas stay (`Smith, John` and `Smith, Jane` are two people).
pub(crate) fn label_key(label: &str) -> String {
    let bare = label.trim_matches(|c: char| c == '*' || c.is_whitespace());
    let inner = bare
        .strip_prefix('[')
        .and_then(|s| s.strip_suffix(']'))
        .unwrap_or(bare);
    let (_, inner) = trailing_timestamp(inner);
    if let Some(role) = role_part(inner) {
        return role;
    }
    let mut key = strip_brackets(inner).trim().to_lowercase();
    if key.is_empty() {
        key = inner.to_lowercase();
    }
    key
}

/// The text outside round and square brackets ("Sam [laughs]" is "Sam ").
pub(crate) fn strip_brackets(s: &str) -> String {
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

    /// The label `split_timed_label` finds at the start of `line`, and its time.
    fn label(line: &str) -> Option<(&str, Option<Timestamp>)> {
        split_timed_label(line).map(|f| (f.label, f.time))
    }

    macro_rules! label {
        ($line:expr, $label:expr) => {
            assert_eq!(label($line), Some(($label, None)), "{}", $line)
        };
        ($line:expr, $label:expr, $ms:expr) => {
            assert_eq!(
                label($line),
                Some(($label, Some(Timestamp($ms)))),
                "{}",
                $line
            )
        };
    }

    macro_rules! not_label {
        ($line:expr) => {
            assert_eq!(label($line), None, "{}", $line)
        };
    }

    #[test]
    fn labels_as_people_write_them() {
        label!("Dana: We track it.", "Dana");
        // A published interview describes its guest at length in brackets.
        label!(
            "Lukus (Lead Software Engineer, orthodontic payments platform): We think of it as health.",
            "Lukus (Lead Software Engineer, orthodontic payments platform)"
        );
        label!(
            "A (Head of Engineering, online care platform; former startup CTO): Keep it simple.",
            "A (Head of Engineering, online care platform; former startup CTO)"
        );
        label!("Head of Engineering: We track it.", "Head of Engineering");
        label!("VP of Engineering: Weekly.", "VP of Engineering");
        label!(
            "Head of Digital & Technology: Yes.",
            "Head of Digital & Technology"
        );
        label!("Maria Gonzalez, CTO: We track it.", "Maria Gonzalez, CTO");
        label!(
            "Maria Gonzalez, Head of Engineering: Yes.",
            "Maria Gonzalez, Head of Engineering"
        );
        label!(
            "Fatou Diop - Co-founder & CTO: Yes.",
            "Fatou Diop - Co-founder & CTO"
        );
        label!(
            "Ana Lima – VP Engineering: Yes.",
            "Ana Lima – VP Engineering"
        );
        label!("Dr Imran Qureshi: Yes.", "Dr Imran Qureshi");
        label!("J. Smith: Yes.", "J. Smith");
        label!("Sam (she/her): Yes.", "Sam (she/her)");
        label!("Maria de la Cruz: Yes.", "Maria de la Cruz");
        label!("**Head of Engineering:** Yes.", "Head of Engineering");
        label!("Dana 00:12:03: Yes.", "Dana", 723_000);
        label!("Dana (00:12:03): Yes.", "Dana", 723_000);
        label!(
            "Maria Gonzalez, CTO [12:03]: Yes.",
            "Maria Gonzalez, CTO",
            723_000
        );
    }

    #[test]
    fn chat_exports_stamp_the_name_with_a_date() {
        for line in [
            "[2025-01-08 18:20] Neha Sharma: Hi Karthik",
            "[08/01/2025, 18:20:11] Neha Sharma: Hi Karthik",
            "08/01/2025, 18:20 - Neha Sharma: Hi Karthik",
        ] {
            let found = split_timed_label(line).expect(line);
            assert_eq!(found.label, "Neha Sharma", "{line}");
            assert_eq!(found.time, None, "{line}");
            assert!(found.chat, "{line}");
            assert_eq!(found.rest.trim(), "Hi Karthik", "{line}");
        }
        assert!(!split_timed_label("[00:12:03] Dana: Yes.").unwrap().chat);
    }

    #[test]
    fn sentences_with_a_colon_are_not_labels() {
        not_label!("The plan: split the monolith.");
        not_label!("Tech debt - the plan: a fifth of each sprint");
        not_label!("On call - weekly: paid");
        not_label!("My rule here: never deploy on a Friday.");
        not_label!("we said: no more heroics");
        not_label!("Head of: nothing");
        not_label!("Tech debt of the kind we have: a lot");
        not_label!("So, what we did was: nothing");
        not_label!("10:30 meeting with Dana");
        not_label!("See https://example.com");
        not_label!("One, Two, Three, Four: too many parts");
        // A topic of notes with a note in brackets, not a name with a role.
        not_label!("buy or build (infra): auth bought, billing bought");
        not_label!("on call (3am): he's the only one");
        not_label!("features vs debt (ask again): 20%");
        label!("dana (cto): we track it", "dana (cto)");
        label!("jan de vries (cto): we track it", "jan de vries (cto)");
        label!("the cto (dana): we track it", "the cto (dana)");
    }

    #[test]
    fn shapes_decide_how_much_use_a_label_needs() {
        assert_eq!(shape("Dana Reyes"), Some(Shape::Name));
        assert_eq!(shape("Head of Engineering"), Some(Shape::Title));
        assert_eq!(shape("Maria Gonzalez, CTO"), Some(Shape::Title));
        assert_eq!(shape("The plan"), None);
        assert_eq!(shape("my rule here"), None);
    }

    #[test]
    fn header_lines_of_meeting_exports() {
        let at = Timestamp(723_000);
        assert_eq!(
            header_label("Maria Gonzalez   0:12:03"),
            Some(("Maria Gonzalez", Some(at)))
        );
        assert_eq!(header_label("Dana 12:03"), Some(("Dana", Some(at))));
        assert_eq!(
            header_label("Head of Engineering (12:03)"),
            Some(("Head of Engineering", Some(at)))
        );
        // A chat copied with names and times on lines of their own: a time
        // of day, no position in a recording.
        assert_eq!(
            header_label("**Ollie Mensah** — Wed 12:14"),
            Some(("Ollie Mensah", None))
        );
        assert_eq!(
            header_label("Chloe Barnes  6:20 PM"),
            Some(("Chloe Barnes", None))
        );
        assert_eq!(
            header_label("2024-08-20 14:02  Letícia Prado"),
            Some(("Letícia Prado", None))
        );
        assert_eq!(
            header_label("Mira Hoffmann [Driftwood Team] — 11/03/2025 15:20"),
            Some(("Mira Hoffmann [Driftwood Team]", None))
        );
        // A chat's user name, beside a chat's date and time only.
        assert_eq!(
            header_label("ana.ferreira — 11/03/2025 14:48"),
            Some(("ana.ferreira", None))
        );
        assert_eq!(header_label("ana.ferreira 14:48"), None);
        // A date line is no one's name; initials and a clock are one.
        assert_eq!(header_label("Yesterday 16:04"), None);
        assert_eq!(header_label("Mon, Mar 10, 2025, 6:12 PM"), None);
        assert_eq!(
            header_label("JN 00:12:03"),
            Some(("JN", Some(Timestamp(723_000))))
        );
        assert_eq!(header_label("2024-08-20 the release went out"), None);
        assert_eq!(header_label("Deploy freeze from Fri 18:00"), None);
        assert_eq!(header_label("we met at 12:03"), None);
        assert_eq!(header_label("12:03"), None);
        assert_eq!(header_label("Dana: at 12:03"), None);
    }

    #[test]
    fn label_keys_fold_roles_and_brackets() {
        assert_eq!(label_key("Sarah (CTO)"), "sarah");
        assert_eq!(label_key("[SPEAKER_01]"), "speaker_01");
        assert_eq!(label_key("**Me**"), "me");
        assert_eq!(label_key("Dana 00:12:03"), "dana");
        assert_eq!(label_key("Head of Engineering"), "head of engineering");
        // A role after a comma is the key, so the segmenter sees the role.
        assert_eq!(label_key("Maria Gonzalez, CTO"), "cto");
        assert_eq!(label_key("Tom Reilly, Interviewer"), "interviewer");
        // Other commas stay: two people, not one.
        assert_ne!(label_key("Smith, John"), label_key("Smith, Jane"));
    }
}
