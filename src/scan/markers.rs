//! Modifier markers found in a sentence: the words of the pack's
//! `[markers]` lists, each with what it can do.

use super::Matcher;
use crate::lang::matcher::Scratch;
use crate::lang::token::{flag, Token};
use crate::pack::{group, Marker as Role};

/// What a marker can do: a bit set, since one word can do several things
/// ("but" ends a clause, breaks a tense span and marks a contrast).
pub mod kind {
    pub const NEGATOR: u32 = 1 << 0;
    pub const CLAUSE: u32 = 1 << 1;
    pub const BREAK: u32 = 1 << 2;
    pub const PAST: u32 = 1 << 3;
    pub const HYPOTHETICAL: u32 = 1 << 4;
    pub const REPORTED: u32 = 1 << 5;
    pub const CONTRAST: u32 = 1 << 6;
    pub const CONCESSIVE: u32 = 1 << 7;
    /// Reaches back to words before it ("... years ago", "... one day").
    pub const TRAILING: u32 = 1 << 8;
    pub const SPEAKER: u32 = 1 << 9;
    pub const COORDINATION: u32 = 1 << 10;
    pub const PAST_VERB: u32 = 1 << 11;
    pub const PUT_BEHIND: u32 = 1 << 12;
    pub const IGNORE: u32 = 1 << 13;
    pub const OCCASIONAL: u32 = 1 << 14;
    /// Ends a short answer that negates the question before it ("Blame? Never.").
    pub const NEGATION_AFTER: u32 = 1 << 15;
    /// The present that a past practice gives way to ("now", "these days").
    pub const PRESENT: u32 = 1 << 16;
    /// Names an earlier employer as the subject ("at my last company").
    pub const ELSEWHERE: u32 = 1 << 17;
    /// Before a capitalised name, an earlier employer ("at Kestrel").
    pub const ELSEWHERE_AT: u32 = 1 << 18;
    /// Switches a story back to this company ("here", "in this team").
    pub const HERE: u32 = 1 << 19;
}

/// The kinds of a marker role.
pub fn kinds(role: Role) -> u32 {
    match role {
        Role::Negation => kind::NEGATOR,
        Role::Clause => kind::CLAUSE,
        Role::Break => kind::BREAK,
        Role::Past => kind::PAST,
        Role::PastTrailing => kind::PAST | kind::TRAILING,
        Role::Hypothetical => kind::HYPOTHETICAL,
        Role::HypotheticalTrailing => kind::HYPOTHETICAL | kind::TRAILING,
        Role::Reported => kind::REPORTED,
        Role::Speaker => kind::SPEAKER,
        Role::Contrast => kind::CONTRAST,
        Role::Concession => kind::CONCESSIVE,
        Role::Coordination => kind::COORDINATION,
        Role::PastVerb => kind::PAST_VERB,
        Role::PutBehind => kind::PUT_BEHIND,
        Role::Occasional => kind::OCCASIONAL,
        Role::Ignore => kind::IGNORE,
        // A negator before a hit too: "absolutely not" in "we absolutely
        // not ..." still negates, though it holds "not".
        Role::NegationAfter => kind::NEGATION_AFTER | kind::NEGATOR,
        Role::Present => kind::PRESENT,
        Role::Elsewhere => kind::ELSEWHERE,
        Role::ElsewhereAt => kind::ELSEWHERE_AT,
        Role::Here => kind::HERE,
        // Never among a sentence's markers: they are matched apart
        // (`group::COMPLAINTS`, `group::WORKPLACE`) and do nothing to hits.
        Role::Complaint | Role::Workplace => 0,
    }
}

/// A marker: a token range and what it can do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Marker {
    pub start: u32,
    pub end: u32,
    pub kinds: u32,
}

impl Marker {
    pub fn is(&self, k: u32) -> bool {
        self.kinds & k != 0
    }
}

/// The markers of a sentence (given its phrases), sorted by position; those inside a match of
/// an `ignore` entry ("not only", "one day a month"), or inside a longer
/// marker, are left out.
pub fn collect(
    matcher: &Matcher,
    tokens: &[Token],
    occurrences: &[(u32, u32)],
    sentence: std::ops::Range<usize>,
    scratch: &mut Scratch,
    candidates: &mut Vec<u32>,
) -> Vec<Marker> {
    if occurrences.is_empty() {
        return Vec::new();
    }
    matcher.begin_with(occurrences, sentence, scratch);
    collect_here(matcher, tokens, scratch, candidates)
}

/// [`collect`] for the sentence the matcher is on.
pub fn collect_here(
    matcher: &Matcher,
    tokens: &[Token],
    scratch: &mut Scratch,
    candidates: &mut Vec<u32>,
) -> Vec<Marker> {
    matcher.candidates(group::MARKERS, scratch, candidates);
    if candidates.is_empty() {
        return Vec::new();
    }
    let mut found: smallvec::SmallVec<[Marker; 16]> = smallvec::SmallVec::new();
    for &t in candidates.iter() {
        let role = Role::ALL[matcher.owner(group::MARKERS, t) as usize];
        let k = kinds(role);
        for (start, end) in matcher.matches(group::MARKERS, t, scratch) {
            if k & kind::NEGATOR != 0 && compound(tokens, start, end) {
                continue;
            }
            // "our old company-wide hack weeks" is no earlier employer: the
            // marker's last word is the first half of a compound.
            if k & kind::ELSEWHERE != 0 && joined_after(tokens, end) {
                continue;
            }
            found.push(Marker {
                start,
                end,
                kinds: k,
            });
        }
    }
    found.sort_unstable_by_key(|m| (m.start, m.end));
    // One marker per span, with every kind it has.
    let mut merged: Vec<Marker> = Vec::with_capacity(found.len());
    for m in found {
        match merged.last_mut() {
            Some(last) if last.start == m.start && last.end == m.end => last.kinds |= m.kinds,
            _ => merged.push(m),
        }
    }
    // A marker inside a longer one is part of it: "now" in "now and then"
    // breaks no span, "not" in "not always" negates nothing, and nothing
    // inside an `ignore` match ("not only") is a marker.
    let spans: smallvec::SmallVec<[(u32, u32); 16]> =
        merged.iter().map(|m| (m.start, m.end)).collect();
    merged.retain(|m| {
        !m.is(kind::IGNORE)
            && !spans
                .iter()
                .any(|&(a, b)| a <= m.start && m.end <= b && (a, b) != (m.start, m.end))
    });
    merged
}

/// Whether the one-word negator at `start..end` is hyphen-joined to the
/// next word, as the first half of a compound: "a no-blame review", "the
/// go/no-go call", "never-ending firefighting" negate nothing. ("No-one"
/// still does: the pack's two-word marker "no one" holds it.)
fn compound(tokens: &[Token], start: u32, end: u32) -> bool {
    end == start + 1 && joined_after(tokens, end)
}

/// Whether the token before `end` is hyphen-joined to the one at `end`.
fn joined_after(tokens: &[Token], end: u32) -> bool {
    tokens
        .get(end as usize)
        .is_some_and(|next| next.is(flag::JOINED))
}
