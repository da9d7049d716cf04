//! Scanning: the pack compiled once into matchers, and text scanned into hits.
//!
//! An [`Engine`] holds one Aho-Corasick DFA over every phrase of every rule,
//! one `RegexSet` over every pattern (ASCII classes and boundaries, a roomy
//! lazy-DFA cache: the fast path), and a side table from each matcher index to
//! its rules. It is immutable and `Send + Sync`: every worker thread shares one.
//!
//! Scanning a text runs the automaton once and the set once over its
//! normalised view; only patterns the set saw are run again for positions.
//! Every hit must sit at word boundaries; a hit inside a longer hit of another
//! rule is kept but marked `contained` (a suppression trace), and a hit inside
//! a longer hit of its own rule is dropped. Modifiers are decided per hit.

pub mod modifiers;

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::bytes::{RegexSet, RegexSetBuilder};

pub use modifiers::{Contrast, MarkerSet, Modifiers};

use crate::normalize::{at_word_boundaries, normalize, normalize_phrase, Normalized};
use crate::pack::{Pack, PATTERN_SIZE_LIMIT};

/// The lazy-DFA cache each pattern search may use. The default (2 MB)
/// thrashes with a whole pack in one set; this keeps the set on its fast path.
const REGEX_CACHE: usize = 32 << 20;

/// A pack compiled for scanning.
#[derive(Debug)]
pub struct Engine {
    pack: Pack,
    /// Every rule phrase, then every modifier marker.
    phrases: AhoCorasick,
    /// For each phrase pattern of the automaton, the rules that own it;
    /// patterns from `phrase_rules.len()` on are markers.
    phrase_rules: Vec<Vec<usize>>,
    patterns: Option<RegexSet>,
    /// For each pattern of the set: (rule index, pattern index in the rule).
    pattern_rules: Vec<(usize, usize)>,
    cues: Option<AhoCorasick>,
    /// For each cue of the cue automaton, its question index.
    cue_questions: Vec<usize>,
    markers: MarkerSet,
}

/// A pack that compiles on its own but not into one engine (too large).
#[derive(Debug, thiserror::Error)]
#[error("cannot compile the pack into one matcher: {0}")]
pub struct EngineError(String);

/// A rule matching a stretch of text.
#[derive(Clone, Debug, PartialEq)]
pub struct Match {
    /// Index into the pack's rules.
    pub rule: usize,
    /// Byte range in the scanned (original) text.
    pub range: Range<usize>,
    /// Byte range in the normalised view.
    pub normalized: Range<usize>,
    /// The rule of a longer hit this one sits inside, if any.
    pub contained_in: Option<usize>,
    pub modifiers: Modifiers,
}

impl Engine {
    /// Compiles `pack`.
    pub fn new(pack: &Pack) -> Result<Engine, EngineError> {
        let mut phrase_index: std::collections::HashMap<String, usize> = Default::default();
        let mut phrases: Vec<String> = Vec::new();
        let mut phrase_rules: Vec<Vec<usize>> = Vec::new();
        let mut sources: Vec<String> = Vec::new();
        let mut pattern_rules = Vec::new();
        for (r, rule) in pack.rules.iter().enumerate() {
            for p in &rule.phrases {
                let n = normalize_phrase(p);
                let i = *phrase_index.entry(n.clone()).or_insert_with(|| {
                    phrases.push(n);
                    phrase_rules.push(Vec::new());
                    phrases.len() - 1
                });
                if !phrase_rules[i].contains(&r) {
                    phrase_rules[i].push(r);
                }
            }
            for (k, p) in rule.patterns.iter().enumerate() {
                sources.push(p.source.clone());
                pattern_rules.push((r, k));
            }
        }
        let markers = MarkerSet::new();
        let phrases_ac = build_automaton(
            &phrases
                .iter()
                .chain(&markers.phrases)
                .cloned()
                .collect::<Vec<_>>(),
        )?;
        let patterns = if sources.is_empty() {
            None
        } else {
            Some(
                RegexSetBuilder::new(&sources)
                    .unicode(false)
                    .case_insensitive(true)
                    .size_limit(PATTERN_SIZE_LIMIT.saturating_mul(sources.len()))
                    .dfa_size_limit(REGEX_CACHE)
                    .build()
                    .map_err(|e| EngineError(e.to_string()))?,
            )
        };
        let mut cues = Vec::new();
        let mut cue_questions = Vec::new();
        for (q, question) in pack.questions.iter().enumerate() {
            for cue in &question.cues {
                cues.push(cue.clone());
                cue_questions.push(q);
            }
        }
        let cues_ac = if cues.is_empty() {
            None
        } else {
            Some(build_automaton(&cues)?)
        };
        Ok(Engine {
            pack: pack.clone(),
            phrases: phrases_ac,
            phrase_rules,
            patterns,
            pattern_rules,
            cues: cues_ac,
            cue_questions,
            markers,
        })
    }

    /// The pack this engine was compiled from.
    pub fn pack(&self) -> &Pack {
        &self.pack
    }

    /// Every rule hit in `text`, sorted by position, with modifiers decided.
    pub fn scan(&self, text: &str) -> Vec<Match> {
        let norm = normalize(text);
        let mut found: Vec<(usize, Range<usize>)> = Vec::new();
        let hay = norm.text.as_str();
        let mut markers = modifiers::Markers::default();
        let n_phrases = self.phrase_rules.len();
        for m in self.phrases.find_overlapping_iter(hay) {
            let index = m.pattern().as_usize();
            if index >= n_phrases {
                self.markers
                    .record(hay, index - n_phrases, m.start(), m.end(), &mut markers);
                continue;
            }
            let range = m.start()..m.end();
            if !at_word_boundaries(hay, &range) {
                continue;
            }
            for &rule in &self.phrase_rules[index] {
                found.push((rule, range.clone()));
            }
        }
        if let Some(set) = &self.patterns {
            for i in set.matches(hay.as_bytes()).iter() {
                let (rule, k) = self.pattern_rules[i];
                let regex = &self.pack.rules[rule].patterns[k].regex;
                for m in regex.find_iter(hay.as_bytes()) {
                    let range = m.start()..m.end();
                    if range.is_empty()
                        || !hay.is_char_boundary(range.start)
                        || !hay.is_char_boundary(range.end)
                        || !at_word_boundaries(hay, &range)
                    {
                        continue;
                    }
                    found.push((rule, range));
                }
            }
        }
        let resolved = resolve(found, |r| self.pack.rules[r].question);
        if resolved.is_empty() {
            return Vec::new();
        }
        markers.finish();
        resolved
            .into_iter()
            .map(|(rule, normalized, contained_in)| Match {
                rule,
                range: norm.original_range(normalized.clone()),
                modifiers: modifiers::decide(hay, &markers, &normalized),
                normalized,
                contained_in,
            })
            .collect()
    }

    /// The questions whose cues appear in `text`, best first: by the total
    /// length of distinct cues found, then by question order.
    pub fn cue_questions(&self, text: &str) -> Vec<usize> {
        let Some(ac) = &self.cues else {
            return Vec::new();
        };
        let norm: Normalized = normalize(text);
        let hay = norm.text.as_str();
        let mut score = vec![0usize; self.pack.questions.len()];
        let mut seen = std::collections::HashSet::new();
        for m in ac.find_overlapping_iter(hay) {
            let range = m.start()..m.end();
            if at_word_boundaries(hay, &range) && seen.insert(m.pattern()) {
                score[self.cue_questions[m.pattern().as_usize()]] += range.len();
            }
        }
        let mut order: Vec<usize> = (0..score.len()).filter(|&q| score[q] > 0).collect();
        order.sort_by(|&a, &b| score[b].cmp(&score[a]).then(a.cmp(&b)));
        order
    }
}

fn build_automaton(patterns: &[String]) -> Result<AhoCorasick, EngineError> {
    AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .kind(Some(AhoCorasickKind::DFA))
        .build(patterns)
        .or_else(|_| {
            // A pack too large for a DFA still works with the NFA, a bit slower.
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(patterns)
        })
        .map_err(|e| EngineError(e.to_string()))
}

/// Sorts hits, removes exact duplicates, and resolves containment: a hit
/// inside a longer one of the same rule goes; inside a longer one of another
/// rule about the same question (or a general rule), it stays marked with
/// that rule. Hits about different questions never shadow each other: both
/// are evidence, each for its own question. `question[r]` is rule r's question.
fn resolve(
    mut found: Vec<(usize, Range<usize>)>,
    question: impl Fn(usize) -> Option<usize>,
) -> Vec<(usize, Range<usize>, Option<usize>)> {
    found.sort_by(|a, b| {
        a.1.start
            .cmp(&b.1.start)
            .then(b.1.end.cmp(&a.1.end))
            .then(a.0.cmp(&b.0))
    });
    found.dedup();
    let mut out: Vec<(usize, Range<usize>, Option<usize>)> = Vec::with_capacity(found.len());
    // The uncontained hits so far, by start: a container of a later hit
    // starts at or before it, so only those reaching past its end matter.
    let mut kept: Vec<(Range<usize>, usize)> = Vec::new();
    for (rule, range) in found {
        let related = |other: usize| {
            let (a, b) = (question(rule), question(other));
            a == b || a.is_none() || b.is_none()
        };
        let container = kept
            .iter()
            .rev()
            .find(|(outer, outer_rule)| {
                outer.end >= range.end && *outer != range && related(*outer_rule)
            })
            .map(|(_, r)| *r);
        match container {
            Some(outer_rule) if outer_rule == rule => continue,
            Some(outer_rule) => out.push((rule, range, Some(outer_rule))),
            None => {
                kept.retain(|(r, _)| r.end > range.start);
                kept.push((range.clone(), rule));
                out.push((rule, range, None));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
