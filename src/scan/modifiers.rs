//! Modifiers: what the words around a hit do to it.
//!
//! Decided on the normalised text (lower case, straight apostrophes, dashes
//! already commas) within the hit's sentence, looking at most
//! [`WINDOW`] bytes either side so a text with no punctuation stays linear.
//!
//! - negated: a negator among the [`NEGATION_WORDS`] words before the hit, in
//!   its clause (commas and conjunctions like "but" end a clause); two cancel.
//!   Pseudo-negations ("not only", "no doubt", "no matter") do not count.
//! - past / hypothetical: a marker anywhere in the hit's span of the sentence
//!   between strong breaks (`;`, `:`, "but", "now", "these days", "instead"...).
//! - reported: a marker of someone else's practice ("at my last company",
//!   "other companies") before or after it in that span, unless a clause
//!   switches back to the speaker ("..., we ...").
//! - contrast: before a "but"/"however" in its sentence (or when the next
//!   sentence starts with one), or inside an "although ..." clause, it is
//!   contrasted; after one, emphasised.

use std::ops::Range;

use serde::Serialize;

/// Bytes looked at on each side of a hit.
pub const WINDOW: usize = 320;
/// Words before a hit in which a negator counts.
pub const NEGATION_WORDS: usize = 4;

/// Which side of a contrast a hit is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Contrast {
    /// The X in "X, but Y": counts less.
    Before,
    /// The Y in "X, but Y": counts more.
    After,
}

/// What the context of a hit says about it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Modifiers {
    pub negated: bool,
    pub past: bool,
    pub hypothetical: bool,
    pub reported: bool,
    pub contrast: Option<Contrast>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Word,
    Punct,
}

#[derive(Clone, Debug)]
struct Token<'a> {
    text: &'a str,
    start: usize,
    kind: Kind,
}

const NEGATORS: &[&str] = &[
    "not", "no", "never", "none", "nothing", "nobody", "neither", "nor", "without", "hardly",
    "barely", "rarely", "seldom", "cannot", "cant", "dont", "doesnt", "didnt", "wont", "isnt",
    "arent", "wasnt", "werent", "havent", "hasnt", "hadnt", "shouldnt", "wouldnt", "couldnt",
    "aint", "nope", "nah", "zero", "stopped", "avoid", "avoids", "against", "instead", "lack",
    "lacks", "lacking",
];

/// Words right after a negator that make it no negation.
const PSEUDO_AFTER: &[&str] = &[
    "only",
    "just",
    "doubt",
    "matter",
    "sure",
    "necessarily",
    "mention",
    "exception",
    "wonder",
    "question",
    "less",
    "problem",
];

/// Words that end a negator's clause.
const CLAUSE_WORDS: &[&str] = &[
    "but", "however", "although", "though", "whereas", "except", "yet", "because", "which",
    "while", "so", "then", "now", "instead", "unless", "since", "and",
];

/// Words and phrases that end the span past, hypothetical and reported markers reach.
const STRONG_BREAKS: &[&[&str]] = &[
    &["but"],
    &["however"],
    &["whereas"],
    &["now"],
    &["nowadays"],
    &["today"],
    &["these", "days"],
    &["currently"],
    &["instead"],
    &["since", "then"],
    &["these", "days"],
    &["at", "the", "moment"],
    &["right", "now"],
    &["anymore"],
    &["so", "now"],
    &["that", "said"],
];

const PAST: &[&[&str]] = &[
    &["used", "to"],
    &["previously"],
    &["in", "the", "past"],
    &["back", "when"],
    &["back", "then"],
    &["back", "in"],
    &["moved", "away", "from"],
    &["move", "away", "from"],
    &["moving", "away", "from"],
    &["got", "rid", "of"],
    &["years", "ago"],
    &["year", "ago"],
    &["months", "ago"],
    &["originally"],
    &["initially"],
    &["at", "first"],
    &["formerly"],
    &["until", "recently"],
    &["in", "those", "days"],
    &["in", "the", "early", "days"],
    &["when", "we", "started"],
    &["when", "i", "joined"],
    &["when", "i", "arrived"],
    &["before", "i", "joined"],
    &["before", "i", "arrived"],
    &["once", "upon", "a", "time"],
    &["phased", "out"],
    &["ditched"],
    &["abandoned"],
    &["scrapped"],
    &["was", "the", "norm"],
    &["were", "the", "norm"],
    &["the", "old", "days"],
    &["we", "had", "a", "culture"],
];

const HYPOTHETICAL: &[&[&str]] = &[
    &["plan", "to"],
    &["plans", "to"],
    &["planning", "to"],
    &["planning", "on"],
    &["would", "like", "to"],
    &["we'd", "like", "to"],
    &["i'd", "like", "to"],
    &["would", "love", "to"],
    &["we'd", "love", "to"],
    &["i'd", "love", "to"],
    &["want", "to", "start"],
    &["wants", "to", "start"],
    &["hope", "to"],
    &["hoping", "to"],
    &["hopefully"],
    &["one", "day"],
    &["someday"],
    &["some", "day"],
    &["eventually"],
    &["aspire", "to"],
    &["aspiration"],
    &["aim", "to"],
    &["aiming", "to"],
    &["if", "we", "ever"],
    &["thinking", "about"],
    &["thinking", "of"],
    &["considering"],
    &["looking", "into"],
    &["at", "some", "point"],
    &["in", "the", "future"],
    &["would", "be", "nice"],
    &["would", "be", "great"],
    &["wish", "we"],
    &["wish", "list"],
    &["wishlist"],
    &["dream", "is"],
    &["down", "the", "line"],
    &["down", "the", "road"],
    &["next", "year"],
    &["in", "theory"],
    &["ideally"],
    &["intend", "to"],
    &["intending", "to"],
    &["exploring"],
    &["on", "our", "list"],
    &["when", "we", "get", "around"],
];

const REPORTED: &[&[&str]] = &[
    &["my", "last", "company"],
    &["my", "previous", "company"],
    &["my", "old", "company"],
    &["my", "last", "job"],
    &["my", "previous", "job"],
    &["my", "old", "job"],
    &["my", "last", "role"],
    &["previous", "employer"],
    &["last", "employer"],
    &["other", "companies"],
    &["other", "places"],
    &["other", "teams"],
    &["other", "startups"],
    &["some", "companies"],
    &["many", "companies"],
    &["most", "companies"],
    &["a", "lot", "of", "companies"],
    &["lots", "of", "companies"],
    &["a", "lot", "of", "places"],
    &["some", "places"],
    &["places", "where"],
    &["companies", "where"],
    &["teams", "where"],
    &["i've", "seen"],
    &["i", "have", "seen"],
    &["i've", "heard"],
    &["i've", "worked", "at"],
    &["i", "worked", "at"],
    &["elsewhere"],
    &["unlike"],
    &["our", "competitors"],
    &["the", "industry"],
    &["you", "hear", "about"],
    &["you", "read", "about"],
    &["horror", "stories"],
];

const CONTRAST: &[&[&str]] = &[
    &["but"],
    &["however"],
    &["that", "said"],
    &["having", "said", "that"],
    &["whereas"],
    &["on", "the", "other", "hand"],
    &["nevertheless"],
    &["nonetheless"],
    &["what", "really", "matters"],
    &["what", "matters"],
];

const CONCESSIVE: &[&[&str]] = &[
    &["although"],
    &["even", "though"],
    &["though"],
    &["while"],
    &["whilst"],
    &["despite"],
    &["even", "if"],
];

/// Decides the modifiers of a hit at `hit` in normalised text `text`.
pub fn decide(text: &str, hit: &Range<usize>) -> Modifiers {
    let sentence = sentence_bounds(text, hit);
    let tokens = tokenize(&text[sentence.clone()], sentence.start);
    // Tokens wholly before and after the hit.
    let first_in = tokens.partition_point(|t| t.start < hit.start);
    let after = tokens.partition_point(|t| t.start < hit.end);
    let before = &tokens[..first_in];
    let rest = &tokens[after..];

    let negated = negated(before);
    // The span between strong breaks around the hit.
    let span_start = last_break(before);
    let span_end = first_break(rest);
    let span_before = &before[span_start..];
    let span_after = &rest[..span_end];
    let past = has_any(span_before, PAST) || has_any(span_after, PAST);
    let hypothetical = has_any(span_before, HYPOTHETICAL) || has_any(span_after, HYPOTHETICAL);
    let reported = reported(span_before) || has_any(clause_prefix(span_after), REPORTED);
    let contrast = contrast(text, &sentence, before, rest);
    Modifiers {
        negated,
        past,
        hypothetical,
        reported,
        contrast,
    }
}

/// The sentence around `hit`, at most [`WINDOW`] bytes either side.
fn sentence_bounds(text: &str, hit: &Range<usize>) -> Range<usize> {
    let bytes = text.as_bytes();
    let low = floor_char(text, hit.start.saturating_sub(WINDOW));
    let high = ceil_char(text, (hit.end + WINDOW).min(text.len()));
    let mut start = low;
    let mut i = hit.start;
    while i > low {
        if is_terminator(bytes, i - 1) {
            start = i;
            break;
        }
        i -= 1;
    }
    let mut end = high;
    let mut j = hit.end;
    while j < high {
        if is_terminator(bytes, j) {
            end = j;
            break;
        }
        j += 1;
    }
    start..end
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Whether the byte at `i` ends a sentence.
fn is_terminator(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'\n' | b'!' | b'?' => true,
        b'.' => {
            if bytes.get(i + 1).is_some_and(|b| b.is_ascii_alphanumeric()) {
                // 99.9, node.js, e.g
                return false;
            }
            let word_start = bytes[..i]
                .iter()
                .rposition(|b| !(b.is_ascii_alphabetic() || *b == b'.'))
                .map_or(0, |p| p + 1);
            !matches!(
                &bytes[word_start..i],
                b"e.g"
                    | b"i.e"
                    | b"vs"
                    | b"mr"
                    | b"mrs"
                    | b"ms"
                    | b"dr"
                    | b"approx"
                    | b"incl"
                    | b"cf"
            )
        }
        _ => false,
    }
}

fn tokenize(s: &str, base: usize) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut word_start: Option<usize> = None;
    for (i, c) in s.char_indices() {
        let word = c.is_alphanumeric() || c == '\'' || c == '_';
        match (word, word_start) {
            (true, None) => word_start = Some(i),
            (true, Some(_)) => {}
            (false, Some(ws)) => {
                push_word(&mut tokens, s, ws, i, base);
                word_start = None;
            }
            (false, None) => {}
        }
        if !word && matches!(c, ',' | ';' | ':' | '(' | ')' | '"') {
            tokens.push(Token {
                text: &s[i..i + 1],
                start: base + i,
                kind: Kind::Punct,
            });
        }
    }
    if let Some(ws) = word_start {
        push_word(&mut tokens, s, ws, s.len(), base);
    }
    tokens
}

fn push_word<'a>(tokens: &mut Vec<Token<'a>>, s: &'a str, start: usize, end: usize, base: usize) {
    let text = s[start..end].trim_matches('\'');
    if text.is_empty() {
        return;
    }
    let offset = s[start..end].find(text).unwrap_or(0);
    tokens.push(Token {
        text,
        start: base + start + offset,
        kind: Kind::Word,
    });
}

fn is_negator(word: &str) -> bool {
    NEGATORS.contains(&word) || word.ends_with("n't")
}

/// Counts negators in the words before the hit, within its clause.
fn negated(before: &[Token]) -> bool {
    let mut count = 0;
    let mut words = 0;
    for (i, t) in before.iter().enumerate().rev() {
        if t.kind == Kind::Punct || CLAUSE_WORDS.contains(&t.text) {
            break;
        }
        words += 1;
        if words > NEGATION_WORDS {
            break;
        }
        if is_negator(t.text) {
            let next = before.get(i + 1).map(|n| n.text);
            let pseudo = next.is_some_and(|n| PSEUDO_AFTER.contains(&n))
                // "no longer" negates; "not only X but Y" does not.
                || (t.text == "no" && next == Some("doubt"));
            if !pseudo {
                count += 1;
            }
        }
    }
    count % 2 == 1
}

/// Whether `tokens[i..]` starts with `phrase`.
fn starts_with(tokens: &[Token], i: usize, phrase: &[&str]) -> bool {
    phrase.len() <= tokens.len() - i
        && phrase
            .iter()
            .zip(&tokens[i..])
            .all(|(p, t)| t.kind == Kind::Word && *p == t.text)
}

fn has_any(tokens: &[Token], phrases: &[&[&str]]) -> bool {
    (0..tokens.len()).any(|i| phrases.iter().any(|p| starts_with(tokens, i, p)))
}

/// The index just after the last strong break in `before`, or 0.
fn last_break(before: &[Token]) -> usize {
    let mut at = 0;
    for i in 0..before.len() {
        if before[i].kind == Kind::Punct && matches!(before[i].text, ";" | ":" | "(" | ")") {
            at = i + 1;
        }
        for b in STRONG_BREAKS {
            if starts_with(before, i, b) {
                at = i + b.len();
            }
        }
    }
    at.min(before.len())
}

/// The index of the first strong break in `after`, or its length.
fn first_break(after: &[Token]) -> usize {
    for i in 0..after.len() {
        if after[i].kind == Kind::Punct && matches!(after[i].text, ";" | ":" | "(" | ")") {
            return i;
        }
        if STRONG_BREAKS.iter().any(|b| starts_with(after, i, b)) {
            return i;
        }
    }
    after.len()
}

/// The tokens up to the first comma.
fn clause_prefix<'a, 'b>(tokens: &'a [Token<'b>]) -> &'a [Token<'b>] {
    let end = tokens
        .iter()
        .position(|t| t.kind == Kind::Punct)
        .unwrap_or(tokens.len());
    &tokens[..end]
}

/// A reported marker before the hit, with no switch back to the speaker
/// ("at my last company they blamed people, here we ...") in between.
fn reported(before: &[Token]) -> bool {
    let Some(marker) = (0..before.len())
        .rev()
        .find(|&i| REPORTED.iter().any(|p| starts_with(before, i, p)))
    else {
        return false;
    };
    let between = &before[marker..];
    !between.windows(2).any(|w| {
        w[0].kind == Kind::Punct
            && matches!(
                w[1].text,
                "we" | "we're" | "we've" | "our" | "here" | "us" | "i" | "i'm"
            )
    })
}

fn contrast(
    text: &str,
    sentence: &Range<usize>,
    before: &[Token],
    rest: &[Token],
) -> Option<Contrast> {
    // Inside a concessive clause ("although X, ..."): X is the weak side.
    if let Some(c) = (0..before.len()).rev().find(|&i| {
        CONCESSIVE.iter().any(|p| starts_with(before, i, p)) && concessive_start(before, i)
    }) {
        let closed = before[c..]
            .iter()
            .any(|t| t.kind == Kind::Punct && t.text == ",");
        return Some(if closed {
            Contrast::After
        } else {
            Contrast::Before
        });
    }
    let marker_after = (0..rest.len()).any(|i| is_contrast_at(rest, i));
    if marker_after {
        return Some(Contrast::Before);
    }
    if (0..before.len()).any(|i| is_contrast_at(before, i)) {
        return Some(Contrast::After);
    }
    // "We track velocity. But what matters is uptime."
    let next = text[sentence.end..].trim_start_matches(['.', '!', '?', '\n', ' ']);
    let next_tokens = tokenize(&next[..next.len().min(40)], 0);
    if !next_tokens.is_empty() && is_contrast_at(&next_tokens, 0) {
        return Some(Contrast::Before);
    }
    None
}

/// "although" and friends open a concession at a sentence or clause start.
fn concessive_start(tokens: &[Token], i: usize) -> bool {
    i == 0 || tokens[i - 1].kind == Kind::Punct
}

fn is_contrast_at(tokens: &[Token], i: usize) -> bool {
    let Some(p) = CONTRAST.iter().find(|p| starts_with(tokens, i, p)) else {
        return false;
    };
    // "not only X but also Y", "nothing but", "all but" are not contrasts.
    if p[0] == "but" {
        let next = tokens.get(i + 1).map(|t| t.text);
        let prev = i.checked_sub(1).map(|j| tokens[j].text);
        if next == Some("also") || matches!(prev, Some("nothing" | "all" | "anything")) {
            return false;
        }
    }
    true
}
