//! Scanning: the pack compiled once into matchers, and text scanned into hits.
//!
//! An [`Engine`] holds one Aho-Corasick DFA over every phrase of every rule,
//! every modifier marker and every pattern's *triggers*: the short literals
//! one of which every match of the pattern starts with (found by
//! `regex-syntax`'s prefix extraction). It is immutable and `Send + Sync`:
//! every worker thread shares one.
//!
//! Scanning a text runs the automaton once over its normalised view. A
//! pattern then runs only anchored at the places its triggers were seen,
//! left to right, skipping starts inside its last match: exactly the matches
//! an unanchored search would find, for a few bytes of work each. (One regex
//! set over every pattern is one pass too, but the lazy DFA of a union of a
//! few hundred patterns with word gaps thrashes: it ran at under 30 MB/s.)
//! A pattern whose prefixes are too short or too common to wait for (`\d+
//! days`, `the (\w+ ){1,2}we build`) waits instead for a longer literal
//! inside it (" days", " we build") and then runs over the whole text; one
//! with neither runs over every text.
//! Every hit must sit at word boundaries; a hit inside a longer hit of another
//! rule is kept but marked `contained` (a suppression trace), and a hit inside
//! a longer hit of its own rule is dropped. Modifiers are decided per hit.

pub mod modifiers;

use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex_automata::dfa::{dense, Automaton, StartKind};
use regex_automata::nfa::thompson;
use regex_automata::{meta, Anchored, Input};

pub use modifiers::{Contrast, MarkerSet, Modifiers};

use crate::normalize::{at_word_boundaries, normalize, normalize_phrase, Normalized};
use crate::pack::{Pack, PATTERN_SIZE_LIMIT};

/// Triggers are cut to this many bytes: longer ones add automaton states
/// and save almost no anchored searches.
const TRIGGER_LEN: usize = 8;

/// The most memory one pattern's anchored DFA may take.
const ANCHORED_DFA_LIMIT: usize = 1 << 20;

/// A pattern whose triggers include one shorter than this (it would fire
/// everywhere) runs unanchored instead.
const MIN_TRIGGER: usize = 3;

/// A pack compiled for scanning.
#[derive(Debug)]
pub struct Engine {
    pack: Pack,
    /// Every rule phrase, then every modifier marker, then every trigger.
    phrases: AhoCorasick,
    /// For each phrase pattern of the automaton, the rules that own it;
    /// markers follow from `phrase_rules.len()`, then triggers.
    phrase_rules: Vec<Vec<usize>>,
    /// Each normalised phrase's index in `phrase_rules`.
    phrase_index: std::collections::HashMap<String, usize>,
    /// Where triggers start among the automaton's patterns.
    first_trigger: usize,
    /// For each trigger, the patterns it starts.
    trigger_patterns: Vec<Vec<usize>>,
    /// For each pattern: (rule index, pattern index in the rule).
    pattern_rules: Vec<(usize, usize)>,
    /// For each pattern whose triggers are prefixes, its regex for anchored
    /// searches, built on first use (one file needs only a few).
    anchored: Vec<Option<OnceLock<AnchoredRegex>>>,
    /// Patterns with no literal to wait for: they run over every text.
    always: Vec<usize>,
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
        let mut pattern_rules = Vec::new();
        let mut anchored = Vec::new();
        let mut trigger_index: std::collections::HashMap<String, usize> = Default::default();
        let mut triggers: Vec<String> = Vec::new();
        let mut trigger_patterns: Vec<Vec<usize>> = Vec::new();
        let mut always = Vec::new();
        for (r, rule) in pack.rules.iter().enumerate() {
            for p in &rule.phrases {
                let owned = Owned {
                    index: &mut phrase_index,
                    keys: &mut phrases,
                    owners: &mut phrase_rules,
                };
                owned.add(normalize_phrase(p), r);
            }
            for (k, p) in rule.patterns.iter().enumerate() {
                let index = pattern_rules.len();
                pattern_rules.push((r, k));
                let lits = match trigger_literals(&p.source) {
                    Some(Literals::Prefixes(lits)) => {
                        anchored.push(Some(OnceLock::new()));
                        lits
                    }
                    Some(Literals::Inner(lits)) => {
                        anchored.push(None);
                        lits
                    }
                    None => {
                        anchored.push(None);
                        always.push(index);
                        continue;
                    }
                };
                for lit in lits {
                    let owned = Owned {
                        index: &mut trigger_index,
                        keys: &mut triggers,
                        owners: &mut trigger_patterns,
                    };
                    owned.add(lit, index);
                }
            }
        }
        let markers = MarkerSet::new();
        let first_trigger = phrases.len() + markers.phrases.len();
        let phrases_ac = build_automaton(
            &phrases
                .iter()
                .chain(&markers.phrases)
                .chain(&triggers)
                .cloned()
                .collect::<Vec<_>>(),
        )?;
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
            phrase_index,
            first_trigger,
            trigger_patterns,
            always,
            pattern_rules,
            anchored,
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
        // (pattern, start) for every trigger seen.
        let mut starts: Vec<(usize, usize)> = Vec::new();
        for m in self.phrases.find_overlapping_iter(hay) {
            let index = m.pattern().as_usize();
            if index >= self.first_trigger {
                for &p in &self.trigger_patterns[index - self.first_trigger] {
                    starts.push((p, m.start()));
                }
                continue;
            }
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
        self.pattern_hits(hay, starts, &mut found);
        let resolved = resolve(found, |r| self.pack.rules[r].question);
        if resolved.is_empty() {
            return Vec::new();
        }
        markers.finish(hay);
        resolved
            .into_iter()
            .map(|(rule, normalized, contained_in)| {
                let mut modifiers = modifiers::decide(hay, &markers, &normalized);
                if !modifiers.negated {
                    modifiers.negated =
                        modifiers::negated_inside(hay, &markers, &normalized, |word| {
                            self.own_word(rule, &hay[normalized.clone()], word)
                        });
                }
                Match {
                    rule,
                    range: norm.original_range(normalized.clone()),
                    modifiers,
                    normalized,
                    contained_in,
                }
            })
            .collect()
    }

    /// Whether negator `word`, inside `matched` text of `rule`, is the
    /// rule's own: the match is one of its phrases, or one of its patterns
    /// spells the word out.
    fn own_word(&self, rule: usize, matched: &str, word: &str) -> bool {
        let phrase = self
            .phrase_index
            .get(matched)
            .is_some_and(|&i| self.phrase_rules[i].contains(&rule));
        phrase
            || self.pack.rules[rule].patterns.iter().any(|p| {
                let mut source = p.source.replace("\\x27", "'").replace("'?", "'");
                for escape in ["\\b", "\\B", "\\w", "\\W", "\\s", "\\S", "\\d", "\\D"] {
                    source = source.replace(escape, " ");
                }
                let source = source.to_lowercase();
                let bare = word.replace('\'', "");
                source
                    .split(|c: char| !(c.is_ascii_alphanumeric() || c == '\''))
                    .any(|w| w == word || w == bare)
            })
    }

    /// Adds the pattern hits in normalised `hay` to `found`, given the
    /// (pattern, start) of every trigger seen: each pattern whose triggers
    /// were seen (or that has none to wait for), in pattern order.
    fn pattern_hits(
        &self,
        hay: &str,
        mut starts: Vec<(usize, usize)>,
        found: &mut Vec<(usize, Range<usize>)>,
    ) {
        starts.sort_unstable();
        starts.dedup();
        let mut run: Vec<usize> = self.always.clone();
        run.extend(starts.chunk_by(|a, b| a.0 == b.0).map(|c| c[0].0));
        run.sort_unstable();
        let mut starts = starts.as_slice();
        for i in run {
            let (rule, k) = self.pattern_rules[i];
            let mut keep = |range: Range<usize>| {
                if !range.is_empty()
                    && hay.is_char_boundary(range.start)
                    && hay.is_char_boundary(range.end)
                    && at_word_boundaries(hay, &range)
                {
                    found.push((rule, range));
                }
            };
            let mine = starts.partition_point(|&(p, _)| p == i);
            let (here, rest) = starts.split_at(mine);
            starts = rest;
            let source = &self.pack.rules[rule].patterns[k].source;
            let anchored = self.anchored[i]
                .as_ref()
                .map(|cell| cell.get_or_init(|| AnchoredRegex::new(source)));
            let Some(regex) = anchored.filter(|r| !matches!(r, AnchoredRegex::Whole)) else {
                // Waits for an inner literal (or nothing): search it all.
                let regex = &self.pack.rules[rule].patterns[k].regex;
                for m in regex.find_iter(hay.as_bytes()) {
                    keep(m.start()..m.end());
                }
                continue;
            };
            // Left to right, never starting inside the last match: what an
            // unanchored search finds, since every match starts at a trigger.
            let mut next = 0;
            for &(_, start) in here {
                if start < next {
                    continue;
                }
                if let Some(end) = regex.match_at(hay.as_bytes(), start) {
                    next = end.max(start + 1);
                    keep(start..end);
                }
            }
        }
    }

    /// Pattern hits in normalised `hay` the way [`Engine::scan`] finds them.
    #[cfg(test)]
    fn triggered_pattern_hits(&self, hay: &str) -> Vec<(usize, Range<usize>)> {
        let mut starts = Vec::new();
        for m in self.phrases.find_overlapping_iter(hay) {
            if let Some(t) = m.pattern().as_usize().checked_sub(self.first_trigger) {
                starts.extend(self.trigger_patterns[t].iter().map(|&p| (p, m.start())));
            }
        }
        let mut found = Vec::new();
        self.pattern_hits(hay, starts, &mut found);
        found
    }

    /// Pattern hits in normalised `hay` by running every pattern over it all.
    #[cfg(test)]
    fn every_pattern_hit(&self, hay: &str) -> Vec<(usize, Range<usize>)> {
        let mut found = Vec::new();
        for &(rule, k) in &self.pattern_rules {
            for m in self.pack.rules[rule].patterns[k]
                .regex
                .find_iter(hay.as_bytes())
            {
                let range = m.start()..m.end();
                if !range.is_empty()
                    && hay.is_char_boundary(range.start)
                    && hay.is_char_boundary(range.end)
                    && at_word_boundaries(hay, &range)
                {
                    found.push((rule, range));
                }
            }
        }
        found
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

/// Distinct strings for one automaton and, for each, who owns it (the rules
/// of a phrase, the patterns of a trigger).
struct Owned<'a> {
    index: &'a mut std::collections::HashMap<String, usize>,
    keys: &'a mut Vec<String>,
    owners: &'a mut Vec<Vec<usize>>,
}

impl Owned<'_> {
    /// Records that `owner` owns `key`, adding the key if it is new.
    fn add(self, key: String, owner: usize) {
        let i = *self.index.entry(key.clone()).or_insert_with(|| {
            self.keys.push(key);
            self.owners.push(Vec::new());
            self.keys.len() - 1
        });
        if !self.owners[i].contains(&owner) {
            self.owners[i].push(owner);
        }
    }
}

/// What a pattern's matches must contain, as lower-cased literals.
enum Literals {
    /// Every match starts with one of these.
    Prefixes(Vec<String>),
    /// Every match contains one of these somewhere.
    Inner(Vec<String>),
}

/// The triggers of the pattern `source`: its prefixes if they make a short
/// list of literals worth waiting for, else the best such list for one of
/// the parts every match is made of; `None` when there is neither.
fn trigger_literals(source: &str) -> Option<Literals> {
    use regex_syntax::hir::HirKind;
    // Case-sensitive on purpose: the scanned text is lower-cased, so the
    // lower-cased literals of the pattern as written are what can occur.
    let hir = regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(source)
        .ok()?;
    let shortest = |lits: &Vec<String>| lits.iter().map(String::len).min().unwrap_or(0);
    let prefixes = prefix_literals(&hir);
    let inner = match hir.kind() {
        HirKind::Concat(parts) => parts
            .iter()
            .skip(1)
            .filter_map(prefix_literals)
            .max_by_key(shortest),
        _ => None,
    };
    match (prefixes, inner) {
        // A prefix as short as "the " fires on every line; a longer literal
        // inside the pattern fires less, and is worth a whole-text search.
        (Some(p), Some(i)) if shortest(&i) > shortest(&p) => Some(Literals::Inner(i)),
        (Some(p), _) => Some(Literals::Prefixes(p)),
        (None, Some(i)) => Some(Literals::Inner(i)),
        (None, None) => None,
    }
}

/// The literals every match of `hir` starts with, lower-cased and cut to
/// [`TRIGGER_LEN`] bytes, if they are few and none is too short.
fn prefix_literals(hir: &regex_syntax::hir::Hir) -> Option<Vec<String>> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let mut seq = Extractor::new().kind(ExtractKind::Prefix).extract(hir);
    seq.keep_first_bytes(TRIGGER_LEN);
    seq.dedup();
    let lits = seq.literals()?;
    if lits.is_empty()
        || lits
            .iter()
            .any(|l| l.len() < MIN_TRIGGER || !l.as_bytes().is_ascii())
    {
        return None;
    }
    let mut out: Vec<String> = lits
        .iter()
        .map(|l| String::from_utf8_lossy(&l.as_bytes().to_ascii_lowercase()).into_owned())
        .collect();
    out.sort();
    out.dedup();
    Some(out)
}

/// A pattern compiled for searches anchored at a trigger: a small
/// fully-built DFA that only runs anchored (a walk of a few bytes, no cache),
/// or, for a pattern too large for one, the general regex engine. `Whole`
/// (neither would build, which the pack's own check makes unlikely) runs
/// the pack's regex over the whole text instead.
#[derive(Debug)]
enum AnchoredRegex {
    Dfa(Box<dense::DFA<Vec<u32>>>),
    Meta(meta::Regex),
    Whole,
}

impl AnchoredRegex {
    /// Compiles `source` as rule patterns are: ASCII, case-insensitive.
    fn new(source: &str) -> AnchoredRegex {
        let syntax = regex_automata::util::syntax::Config::new()
            .unicode(false)
            .utf8(false)
            .case_insensitive(true);
        let dfa = dense::Builder::new()
            .configure(
                dense::Config::new()
                    .start_kind(StartKind::Anchored)
                    .dfa_size_limit(Some(ANCHORED_DFA_LIMIT))
                    .determinize_size_limit(Some(ANCHORED_DFA_LIMIT)),
            )
            .syntax(syntax)
            .thompson(thompson::Config::new().nfa_size_limit(Some(PATTERN_SIZE_LIMIT)))
            .build(source);
        if let Ok(dfa) = dfa {
            return AnchoredRegex::Dfa(Box::new(dfa));
        }
        meta::Regex::builder()
            .syntax(syntax)
            .configure(meta::Regex::config().nfa_size_limit(Some(PATTERN_SIZE_LIMIT)))
            .build(source)
            .map_or(AnchoredRegex::Whole, AnchoredRegex::Meta)
    }

    /// The end of the match starting at `start` of `hay`, if one does.
    fn match_at(&self, hay: &[u8], start: usize) -> Option<usize> {
        let input = Input::new(hay).range(start..).anchored(Anchored::Yes);
        match self {
            AnchoredRegex::Dfa(dfa) => dfa.try_search_fwd(&input).ok().flatten(),
            AnchoredRegex::Meta(regex) => regex.search_half(&input),
            AnchoredRegex::Whole => None,
        }
        .map(|m| m.offset())
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
