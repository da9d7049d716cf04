//! Modifier markers found in a sentence: the words of the pack's
//! `[markers]` lists, each with what it can do.

use super::Matcher;
use crate::lang::matcher::Scratch;
use crate::pack::{group, Marker as Role};

/// What a marker can do: a bit set, since one word can do several things
/// ("but" ends a clause, breaks a tense span and marks a contrast).
pub mod kind {
    pub const NEGATOR: u16 = 1 << 0;
    pub const CLAUSE: u16 = 1 << 1;
    pub const BREAK: u16 = 1 << 2;
    pub const PAST: u16 = 1 << 3;
    pub const HYPOTHETICAL: u16 = 1 << 4;
    pub const REPORTED: u16 = 1 << 5;
    pub const CONTRAST: u16 = 1 << 6;
    pub const CONCESSIVE: u16 = 1 << 7;
    /// Reaches back to words before it ("... years ago", "... one day").
    pub const TRAILING: u16 = 1 << 8;
    pub const SPEAKER: u16 = 1 << 9;
    pub const COORDINATION: u16 = 1 << 10;
    pub const PAST_VERB: u16 = 1 << 11;
    pub const PUT_BEHIND: u16 = 1 << 12;
    pub const IGNORE: u16 = 1 << 13;
    pub const OCCASIONAL: u16 = 1 << 14;
}

/// The kinds of a marker role.
pub fn kinds(role: Role) -> u16 {
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
    }
}

/// A marker: a token range and what it can do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Marker {
    pub start: u32,
    pub end: u32,
    pub kinds: u16,
}

impl Marker {
    pub fn is(&self, k: u16) -> bool {
        self.kinds & k != 0
    }
}

/// The markers of a sentence (given its phrases), sorted by position; those inside a match of
/// an `ignore` entry ("not only", "one day a month"), or inside a longer
/// marker, are left out.
pub fn collect(
    matcher: &Matcher,
    occurrences: &[(u32, u32)],
    sentence: std::ops::Range<usize>,
    scratch: &mut Scratch,
    candidates: &mut Vec<u32>,
) -> Vec<Marker> {
    if occurrences.is_empty() {
        return Vec::new();
    }
    matcher.begin_with(occurrences, sentence, scratch);
    matcher.candidates(group::MARKERS, scratch, candidates);
    if candidates.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<Marker> = Vec::new();
    for &t in candidates.iter() {
        let role = Role::ALL[matcher.owner(group::MARKERS, t) as usize];
        let k = kinds(role);
        for (start, end) in matcher.matches(group::MARKERS, t, scratch) {
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
    let spans: Vec<(u32, u32)> = merged.iter().map(|m| (m.start, m.end)).collect();
    merged.retain(|m| {
        !m.is(kind::IGNORE)
            && !spans
                .iter()
                .any(|&(a, b)| a <= m.start && m.end <= b && (a, b) != (m.start, m.end))
    });
    merged
}
