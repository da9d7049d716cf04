//! Modifiers: what the words around a hit do to it.
//!
//! Decided on the normalised text (lower case, straight apostrophes, dashes
//! already commas) within the hit's sentence, looking at most [`WINDOW`]
//! bytes either side so a text with no punctuation stays linear. Marker words
//! and phrases ([`MarkerSet`]) are compiled into the engine's phrase
//! automaton, so the one pass that finds rule phrases finds them too
//! ([`Markers`]); each hit's modifiers are then a few binary searches.
//!
//! - negated: a negator among the [`NEGATION_WORDS`] words before the hit, in
//!   its clause (commas and conjunctions like "but" end a clause), or a few
//!   more across "or"/"nor" ("don't pay for courses or conferences"); then every
//!   negator in the clause counts, and two cancel.
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

use crate::normalize::is_word_char;

/// Bytes looked at on each side of a hit.
pub const WINDOW: usize = 320;
/// Words before a hit in which a negator counts.
pub const NEGATION_WORDS: usize = 5;

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

const NEGATORS: &[&str] = &[
    "not", "no", "never", "none", "nothing", "nobody", "neither", "nor", "without", "hardly",
    "barely", "rarely", "seldom", "cannot", "cant", "dont", "doesnt", "didnt", "wont", "isnt",
    "arent", "wasnt", "werent", "havent", "hasnt", "hadnt", "shouldnt", "wouldnt", "couldnt",
    "aint", "nope", "nah", "zero", "stopped", "avoid", "avoids", "avoided", "avoiding", "instead",
    "lack", "lacks", "lacking", "w/o",
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
    &["when", "i", "was"],
    &["my", "first", "job"],
    &["my", "last", "job"],
    &["my", "previous", "job"],
    &["my", "old", "job"],
    &["my", "last", "place"],
    &["my", "previous", "place"],
    &["my", "old", "place"],
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
    &["when", "i", "came"],
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
    &["before", "i", "could", "ask"],
    &["didn't", "get", "to", "ask"],
    &["never", "got", "to", "ask"],
    &["thinking", "of"],
    &["trialling"],
    &["he", "wants"],
    &["she", "wants"],
    &["pencilled", "in"],
    &["penciled", "in"],
    &["trialing"],
    &["piloting"],
    &["a", "proposal"],
    &["proposal", "for"],
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
    &["my", "previous", "role"],
    &["my", "last", "place"],
    &["my", "previous", "place"],
    &["my", "old", "place"],
    &["my", "current", "place"],
    &["my", "current", "company"],
    &["my", "current", "job"],
    &["my", "current", "employer"],
    &["my", "current", "team"],
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

/// What a marker word or phrase can do (a bit set: "but" ends a clause,
/// breaks a tense span, and marks a contrast).
mod kind {
    pub const NEGATOR: u16 = 1 << 0;
    pub const CLAUSE: u16 = 1 << 1;
    pub const BREAK: u16 = 1 << 2;
    pub const PAST: u16 = 1 << 3;
    pub const HYPOTHETICAL: u16 = 1 << 4;
    pub const REPORTED: u16 = 1 << 5;
    pub const CONTRAST: u16 = 1 << 6;
    pub const CONCESSIVE: u16 = 1 << 7;
    pub const PSEUDO: u16 = 1 << 8;
    /// `n't` at the end of a word.
    pub const NT: u16 = 1 << 9;
    /// A past or hypothetical marker that also reaches back to words before
    /// it ("... years ago", "... one day"); others only reach forward.
    pub const TRAILING: u16 = 1 << 10;
}

/// Past and hypothetical markers that apply to what came before them.
const TRAILING: &[&str] = &[
    "years ago",
    "year ago",
    "months ago",
    "back then",
    "back in",
    "in the past",
    "previously",
    "originally",
    "at first",
    "in those days",
    "in the early days",
    "was the norm",
    "were the norm",
    "one day",
    "someday",
    "some day",
    "eventually",
    "at some point",
    "in the future",
    "next year",
    "down the line",
    "down the road",
    "hopefully",
    "ideally",
    "in theory",
];

/// Every marker phrase with what it can do. The engine compiles them into
/// its phrase automaton, so one pass over a text finds rule phrases and
/// markers alike.
#[derive(Debug, Clone)]
pub struct MarkerSet {
    pub phrases: Vec<String>,
    kinds: Vec<u16>,
}

impl Default for MarkerSet {
    fn default() -> MarkerSet {
        MarkerSet::new()
    }
}

impl MarkerSet {
    pub fn new() -> MarkerSet {
        let mut set = MarkerSet {
            phrases: Vec::new(),
            kinds: Vec::new(),
        };
        for w in NEGATORS {
            set.add(w, kind::NEGATOR);
        }
        for w in PSEUDO_AFTER {
            set.add(w, kind::PSEUDO);
        }
        for w in CLAUSE_WORDS {
            set.add(w, kind::CLAUSE);
        }
        for (list, k) in [
            (STRONG_BREAKS, kind::BREAK),
            (PAST, kind::PAST),
            (HYPOTHETICAL, kind::HYPOTHETICAL),
            (REPORTED, kind::REPORTED),
            (CONTRAST, kind::CONTRAST),
            (CONCESSIVE, kind::CONCESSIVE),
        ] {
            for p in list {
                set.add(&p.join(" "), k);
            }
        }
        set.add("n't", kind::NT);
        for p in TRAILING {
            set.add(p, kind::TRAILING);
        }
        set
    }

    fn add(&mut self, phrase: &str, k: u16) {
        match self.phrases.iter().position(|p| p == phrase) {
            Some(i) => self.kinds[i] |= k,
            None => {
                self.phrases.push(phrase.to_string());
                self.kinds.push(k);
            }
        }
    }

    /// Records marker `index` found at `start..end` of normalised `text`,
    /// if it stands at word boundaries.
    pub fn record(&self, text: &str, index: usize, start: usize, end: usize, out: &mut Markers) {
        let k = self.kinds[index];
        let after_ok = !text[end..].chars().next().is_some_and(is_word_char);
        if k == kind::NT {
            if after_ok {
                // The negator is the whole word ending in n't.
                let word = text.as_bytes()[..start]
                    .iter()
                    .rposition(|&b| !(b.is_ascii_alphanumeric() || b == b'\''))
                    .map_or(0, |p| p + 1);
                out.found.push(Marker {
                    start: word,
                    end,
                    kinds: kind::NEGATOR,
                });
            }
            return;
        }
        let before_ok = !text[..start].chars().next_back().is_some_and(is_word_char);
        if before_ok && after_ok && !is_frequency(&self.phrases[index], &text[end..]) {
            out.found.push(Marker {
                start,
                end,
                kinds: k,
            });
        }
    }
}

/// "One day a month" is a frequency, not a wish.
fn is_frequency(phrase: &str, after: &str) -> bool {
    matches!(phrase, "one day" | "some day")
        && matches!(
            after.split_whitespace().next(),
            Some("a" | "per" | "each" | "every" | "off" | "of" | "in" | "out")
        )
}

#[derive(Clone, Copy, Debug)]
struct Marker {
    start: usize,
    end: usize,
    kinds: u16,
}

impl Marker {
    fn is(&self, k: u16) -> bool {
        self.kinds & k != 0
    }
}

/// The markers of one text, sorted by position, and where its sentences end.
#[derive(Debug, Default)]
pub struct Markers {
    found: Vec<Marker>,
    /// Offsets of the bytes that end a sentence, found once per text.
    terminators: Vec<usize>,
}

impl Markers {
    /// Sorts markers recorded out of order and finds the sentence ends of
    /// `text`, ready for deciding modifiers.
    pub fn finish(&mut self, text: &str) {
        self.found.sort_by_key(|m| (m.start, m.end));
        let bytes = text.as_bytes();
        self.terminators = memchr::memchr3_iter(b'\n', b'!', b'?', bytes)
            .chain(memchr::memchr_iter(b'.', bytes))
            .filter(|&i| is_terminator(bytes, i))
            .collect();
        self.terminators.sort_unstable();
    }

    /// Markers wholly inside `range`.
    fn within(&self, range: Range<usize>) -> &[Marker] {
        let a = self.found.partition_point(|m| m.start < range.start);
        let b = self.found.partition_point(|m| m.start < range.end);
        let mut slice = &self.found[a..b];
        while let Some((last, rest)) = slice.split_last() {
            if last.end <= range.end {
                break;
            }
            slice = rest;
        }
        slice
    }
}

/// Decides the modifiers of a hit at `hit` in normalised `text`.
pub fn decide(text: &str, markers: &Markers, hit: &Range<usize>) -> Modifiers {
    let sentence = sentence_bounds(text, markers, hit);
    let before = markers.within(sentence.start..hit.start);
    let after = markers.within(hit.end..sentence.end);

    // The span between strong breaks around the hit.
    let span_start = before
        .iter()
        .filter(|m| m.is(kind::BREAK))
        .map(|m| m.end)
        .chain(last_punct(text, sentence.start..hit.start, b";:()").map(|p| p + 1))
        .max()
        .unwrap_or(sentence.start);
    let span_end = after
        .iter()
        .filter(|m| m.is(kind::BREAK))
        .map(|m| m.start)
        .chain(first_punct(text, hit.end..sentence.end, b";:()"))
        .min()
        .unwrap_or(sentence.end);
    let span_before: Vec<&Marker> = before.iter().filter(|m| m.start >= span_start).collect();
    // After the hit, only markers that reach back count for tense.
    let span_after: Vec<&Marker> = after
        .iter()
        .filter(|m| m.end <= span_end && m.is(kind::TRAILING))
        .collect();
    let any = |ms: &[&Marker], k: u16| ms.iter().any(|m| m.is(k));

    Modifiers {
        negated: negated(text, before, hit.start),
        past: any(&span_before, kind::PAST)
            || any(&span_after, kind::PAST)
            || (span_start == sentence.start && past_frame(text, markers, &sentence, hit)),
        hypothetical: any(&span_before, kind::HYPOTHETICAL) || any(&span_after, kind::HYPOTHETICAL),
        reported: reported(text, &span_before, hit.start) || {
            let clause_end = first_punct(text, hit.end..span_end, b",;:()\"").unwrap_or(span_end);
            span_after
                .iter()
                .any(|m| m.is(kind::REPORTED) && m.end <= clause_end)
        },
        contrast: contrast(text, &sentence, before, after, hit),
    }
}

/// Words before a hit that put its sentence in the past tense.
const PAST_VERBS: &[&str] = &["got", "was", "were", "had", "did", "would", "used"];

/// Narrative past: a past marker in the two sentences before ("when I
/// joined, it was ugly. People got blamed...") with no "now" since, and a
/// past-tense verb before the hit; or a next sentence that puts it all
/// behind ("We moved away from all of that.").
fn past_frame(text: &str, markers: &Markers, sentence: &Range<usize>, hit: &Range<usize>) -> bool {
    let low = floor_char(text, sentence.start.saturating_sub(2 * WINDOW));
    let mut start = sentence.start;
    for _ in 0..2 {
        if start <= low {
            break;
        }
        let at = start.saturating_sub(1);
        let prev = sentence_bounds(text, markers, &(at..at));
        start = prev.start.max(low);
    }
    let earlier = markers.within(start..sentence.start);
    let framed = earlier
        .iter()
        .rposition(|m| m.is(kind::PAST))
        .is_some_and(|i| !earlier[i..].iter().any(|m| m.is(kind::BREAK)))
        && !markers
            .within(sentence.start..hit.start)
            .iter()
            .any(|m| m.is(kind::BREAK));
    let past_verb = text[sentence.start..hit.start]
        .split(|c: char| !(is_word_char(c) || c == '\''))
        .any(|w| PAST_VERBS.contains(&w) || (w.len() > 4 && w.ends_with("ed")));
    if framed && past_verb {
        return true;
    }
    // "...thrown under the bus. We moved away from all of that."
    let next_start = sentence.end
        + text[sentence.end..]
            .bytes()
            .take_while(|b| matches!(b, b'.' | b'!' | b'?' | b'\n' | b' '))
            .count();
    if next_start >= text.len() {
        return false;
    }
    let next = sentence_bounds(text, markers, &(next_start..next_start));
    markers.within(next.clone()).iter().any(|m| {
        m.is(kind::PAST) && {
            let object = word_at(text, m.end);
            matches!(object, "that" | "it" | "this" | "all" | "those" | "them")
        }
    })
}

/// The sentence around `hit`, at most [`WINDOW`] bytes either side.
fn sentence_bounds(text: &str, markers: &Markers, hit: &Range<usize>) -> Range<usize> {
    let low = floor_char(text, hit.start.saturating_sub(WINDOW));
    let high = ceil_char(text, (hit.end + WINDOW).min(text.len()));
    let ends = &markers.terminators;
    let before = ends.partition_point(|&i| i < hit.start);
    let start = before
        .checked_sub(1)
        .map(|k| ends[k])
        .filter(|&i| i >= low)
        .map_or(low, |i| i + 1);
    let end = ends[ends.partition_point(|&i| i < hit.end)..]
        .first()
        .copied()
        .filter(|&i| i < high)
        .unwrap_or(high);
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

fn last_punct(text: &str, range: Range<usize>, set: &[u8]) -> Option<usize> {
    text.as_bytes()[range.clone()]
        .iter()
        .rposition(|b| set.contains(b))
        .map(|p| range.start + p)
}

fn first_punct(text: &str, range: Range<usize>, set: &[u8]) -> Option<usize> {
    text.as_bytes()[range.clone()]
        .iter()
        .position(|b| set.contains(b))
        .map(|p| range.start + p)
}

/// The first word of `text` from `at`, if any.
fn word_at(text: &str, at: usize) -> &str {
    let rest = text[at..].trim_start_matches(|c: char| !is_word_char(c) && c != '\'');
    let end = rest
        .find(|c: char| !(is_word_char(c) || c == '\''))
        .unwrap_or(rest.len());
    &rest[..end]
}

/// The last word of `text[..at]`, if any.
fn word_before(text: &str, at: usize) -> &str {
    let head = text[..at].trim_end_matches(|c: char| !is_word_char(c) && c != '\'');
    let start = head
        .rfind(|c: char| !(is_word_char(c) || c == '\''))
        .map_or(0, |p| p + 1);
    &head[start..]
}

/// An odd number of negators among the words right before the hit, in its clause.
fn negated(text: &str, before: &[Marker], hit_start: usize) -> bool {
    // The clause starts after the last comma-like break or clause word.
    let clause_start = before
        .iter()
        .filter(|m| m.is(kind::CLAUSE))
        .map(|m| m.end)
        .chain(last_punct(text, 0..hit_start, b",;:()\"").map(|p| p + 1))
        .max()
        .unwrap_or(0);
    // A negator must sit in the last few words; once one does, every
    // negator in the clause counts for parity ("doesn't ship anything
    // without a review" is no negation).
    let mut count = 0;
    let mut near = false;
    for m in before
        .iter()
        .filter(|m| m.is(kind::NEGATOR) && m.start >= clause_start)
    {
        if PSEUDO_AFTER.contains(&word_at(text, m.end)) {
            continue;
        }
        count += 1;
        let between = &text[m.start..hit_start];
        let words = crate::transcript::count_words(between);
        // "don't pay for courses or send people to conferences": the
        // negation carries over a coordinated verb phrase.
        let coordinated =
            words <= 2 * NEGATION_WORDS && (between.contains(" or ") || between.contains(" nor "));
        near |= words <= NEGATION_WORDS || coordinated;
    }
    near && count % 2 == 1
}

/// Whether a negator inside the hit at `hit` turns it around ("engineers
/// not involved before the deal" matching `engineers ... involved before`):
/// one that `own` does not say is the rule's own word (a phrase or pattern
/// that spells out "never" or "don't" means it).
pub fn negated_inside(
    text: &str,
    markers: &Markers,
    hit: &Range<usize>,
    own: impl Fn(&str) -> bool,
) -> bool {
    markers.within(hit.clone()).iter().any(|m| {
        m.is(kind::NEGATOR)
            && m.start > hit.start
            && !PSEUDO_AFTER.contains(&word_at(text, m.end))
            && !own(&text[m.start..m.end])
    })
}

/// A reported marker before the hit, with no switch back to the speaker
/// ("at my last company they blamed people, here we ...") in between.
fn reported(text: &str, span_before: &[&Marker], hit_start: usize) -> bool {
    let Some(marker) = span_before.iter().rev().find(|m| m.is(kind::REPORTED)) else {
        return false;
    };
    let between = &text[marker.end..hit_start];
    !between.match_indices([',', ';', '(']).any(|(i, _)| {
        matches!(
            word_at(between, i + 1),
            "we" | "we're" | "we've" | "our" | "here" | "us" | "i" | "i'm"
        )
    })
}

fn contrast(
    text: &str,
    sentence: &Range<usize>,
    before: &[Marker],
    after: &[Marker],
    hit: &Range<usize>,
) -> Option<Contrast> {
    // Inside a concessive clause ("although X, ..."): X is the weak side.
    if let Some(c) = before
        .iter()
        .rev()
        .find(|m| m.is(kind::CONCESSIVE) && clause_start(text, sentence.start, m.start))
    {
        let closed = text[c.end..hit.start].contains(',');
        return Some(if closed {
            Contrast::After
        } else {
            Contrast::Before
        });
    }
    if after.iter().any(|m| is_contrast(text, m)) {
        return Some(Contrast::Before);
    }
    if before.iter().any(|m| is_contrast(text, m)) {
        return Some(Contrast::After);
    }
    // "We track velocity. But what matters is uptime."
    let next = sentence.end
        + text[sentence.end..]
            .bytes()
            .take_while(|b| matches!(b, b'.' | b'!' | b'?' | b'\n' | b' '))
            .count();
    let first = word_at(text, next.min(text.len()));
    if matches!(
        first,
        "but" | "however" | "nevertheless" | "nonetheless" | "whereas"
    ) || text[next.min(text.len())..].starts_with("that said")
    {
        return Some(Contrast::Before);
    }
    None
}

/// "although" and friends open a concession at a sentence or clause start.
fn clause_start(text: &str, sentence_start: usize, at: usize) -> bool {
    let head = text[sentence_start..at].trim_end();
    head.is_empty() || head.ends_with([',', ';', ':', '('])
}

fn is_contrast(text: &str, m: &Marker) -> bool {
    if !m.is(kind::CONTRAST) {
        return false;
    }
    // "not only X but also Y", "nothing but", "all but" are not contrasts.
    if &text[m.start..m.end] == "but" {
        let next = word_at(text, m.end);
        let prev = word_before(text, m.start);
        if next == "also" || matches!(prev, "nothing" | "all" | "anything") {
            return false;
        }
    }
    true
}
