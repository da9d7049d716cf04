//! Scanning: a text to the rule hits in it, each with its modifiers.
//!
//! An [`Engine`] holds a compiled [`Pack`]; it is immutable and `Send +
//! Sync`, so every worker thread shares one. Scanning a text tokenises it
//! once (see [`crate::lang::token`]); then, sentence by sentence, the words
//! that occur pick the rule expressions that could match (those whose
//! rarest required word is among them), and only those are evaluated. Each
//! rule counts at most once per sentence: its earliest match, the longest
//! where several start together. A hit inside a longer hit of another rule
//! about the same question (or a general rule) is kept but marked
//! `contained` (a suppression trace). Then, only for sentences with hits
//! and their neighbours, the pack's modifier markers are found and each
//! hit's modifiers decided ([`modifiers`]).
//!
//! A regex pattern (the escape hatch) runs only on a sentence where its
//! gate matched, on that sentence's normalised text.

pub mod markers;
pub mod modifiers;

use std::ops::Range;

pub use modifiers::{Contrast, Modifiers};

use crate::lang::matcher::{Matcher, Scratch, Span, Spans, State};
use crate::lang::token::Tokens;
use crate::normalize::{at_word_boundaries, normalize};
use crate::pack::{group, ExpressionKind, Pack, Rule};

/// A pack compiled for scanning.
#[derive(Debug, Clone)]
pub struct Engine {
    pack: Pack,
}

/// A rule matching a stretch of text.
#[derive(Clone, Debug, PartialEq)]
pub struct Match {
    /// Index into the pack's rules.
    pub rule: usize,
    /// Byte range in the scanned text, from the first matched word to the last.
    pub range: Range<usize>,
    /// The byte ranges of the words the rule matched, in order: `range`
    /// without the words that `~N` let it skip.
    pub spans: Vec<Range<usize>>,
    /// The rule of a longer hit this one sits inside, if any.
    pub contained_in: Option<usize>,
    pub modifiers: Modifiers,
}

impl Match {
    /// The same match in a text that has `by` more bytes before it.
    pub fn shift(&mut self, by: usize) {
        self.range = self.range.start + by..self.range.end + by;
        for span in &mut self.spans {
            *span = span.start + by..span.end + by;
        }
    }
}

/// A hit found in one sentence, before modifiers.
struct Found {
    rule: usize,
    sentence: usize,
    span: Span,
    pieces: Vec<Span>,
    contained_in: Option<usize>,
}

pub use crate::lang::pieces::{pieces, PIECE};

impl From<Pack> for Engine {
    fn from(pack: Pack) -> Engine {
        Engine { pack }
    }
}

impl Engine {
    /// An engine for `pack`, which it copies; [`Engine::from`] takes it
    /// without a copy.
    pub fn new(pack: &Pack) -> Engine {
        Engine { pack: pack.clone() }
    }

    pub fn pack(&self) -> &Pack {
        &self.pack
    }

    fn matcher(&self) -> &Matcher {
        &self.pack.matcher
    }

    /// Every rule hit in `text`, in text order.
    pub fn scan(&self, text: &str) -> Vec<Match> {
        self.scan_before(text, text.len())
    }

    /// Every rule hit in `text[..end]`, in text order, its modifiers decided
    /// with the text after `end` in view: a paragraph's story put behind at
    /// the start of the next one ("What we changed at Lumenfeld:") is past.
    /// Rules are not matched after `end`.
    pub fn scan_before(&self, text: &str, end: usize) -> Vec<Match> {
        crate::lang::matcher::with_state(|state| {
            let State {
                tokens,
                scratch,
                candidates,
                occurrences,
            } = state;
            self.scan_with(text, end, tokens, scratch, candidates, occurrences)
        })
    }

    fn scan_with(
        &self,
        text: &str,
        end: usize,
        tokens: &mut Tokens,
        scratch: &mut Scratch,
        candidates: &mut Vec<u32>,
        occurrences: &mut Vec<(u32, u32)>,
    ) -> Vec<Match> {
        let matcher = self.matcher();
        matcher.tokenize(text, tokens, scratch);
        // The tokens rules may match: those before `end`.
        let limit = tokens.tokens.partition_point(|t| (t.start as usize) < end);
        let mut found: Vec<Found> = Vec::new();
        // The phrases of every sentence, found once: rules and markers
        // both start from them.
        occurrences.clear();
        let mut ranges = Vec::with_capacity(tokens.sentences.len());
        // Markers for the sentences around the hits: a sentence within two
        // after a hit gets its markers at once, while the matcher is still
        // on it; those before a later hit, after the loop.
        let n = tokens.sentences.len();
        let mut markers: Vec<Option<Vec<markers::Marker>>> = vec![None; n];
        for (k, sentence) in tokens.sentences.iter().enumerate() {
            let from = occurrences.len();
            matcher.phrases(&tokens.tokens, sentence.clone(), occurrences);
            ranges.push(from..occurrences.len());
            if from == occurrences.len() || sentence.start >= limit {
                continue;
            }
            matcher.begin_with(&occurrences[from..], sentence.clone(), scratch);
            let first = found.len();
            self.hits(
                group::RULES,
                text,
                tokens,
                sentence.start..sentence.end.min(limit),
                scratch,
                candidates,
                &mut found,
            );
            resolve(&mut found[first..], &self.pack.rules);
            if found.last().is_some_and(|f| f.sentence + 2 >= k) {
                markers[k] = Some(markers::collect_here(
                    matcher,
                    &tokens.tokens,
                    scratch,
                    candidates,
                ));
            }
        }
        // Rules matched within the turn: once over all its sentences, where
        // a phrase of the turn triggers one.
        let before_limit = occurrences.partition_point(|&(_, start)| (start as usize) < limit);
        if matcher.has_targets(group::TURN_RULES)
            && matcher.triggered(group::TURN_RULES, &occurrences[..before_limit])
        {
            matcher.begin_across(
                group::TURN_RULES,
                &occurrences[..before_limit],
                0..limit,
                scratch,
            );
            let first = found.len();
            self.hits(
                group::TURN_RULES,
                text,
                tokens,
                0..limit,
                scratch,
                candidates,
                &mut found,
            );
            resolve(&mut found[first..], &self.pack.rules);
        }
        if found.is_empty() {
            return Vec::new();
        }
        // The other sentences around the hits.
        for f in &found {
            // Back far enough to see a story about an earlier employer open.
            let from = f
                .sentence
                .saturating_sub(modifiers::ELSEWHERE_SENTENCES.max(2));
            for k in from..(f.sentence + 3).min(n) {
                if markers[k].is_none() {
                    markers[k] = Some(markers::collect(
                        matcher,
                        &tokens.tokens,
                        &occurrences[ranges[k].clone()],
                        tokens.sentences[k].clone(),
                        scratch,
                        candidates,
                    ));
                }
            }
        }
        let cx = modifiers::Context {
            text,
            tokens: &tokens.tokens,
            sentences: &tokens.sentences,
            markers: &markers,
        };
        let byte = |(a, b): Span| {
            tokens.tokens[a as usize].start as usize..tokens.tokens[b as usize - 1].end as usize
        };
        let mut mods: Vec<Modifiers> = found
            .iter()
            .map(|f| {
                // The context that counts is the sentence a match ends in
                // (pieces are in order; all of them, for a sentence's rule).
                let start = tokens.sentences[f.sentence].start as u32;
                let pieces = &f.pieces[f.pieces.partition_point(|p| p.0 < start)..];
                let local = (pieces.first().map_or(f.span.0, |p| p.0), f.span.1);
                modifiers::decide(&cx, f.sentence, local, pieces)
            })
            .collect();
        self.supersede(&cx, &found, &mut mods);
        found
            .iter()
            .zip(mods)
            .map(|(f, modifiers)| Match {
                rule: f.rule,
                range: byte(f.span),
                spans: f.pieces.iter().map(|&p| byte(p)).collect(),
                contained_in: f.contained_in,
                modifiers,
            })
            .collect()
    }

    /// Marks past hits that a current practice replaced: "Years ago we used
    /// to throw people under the bus. Now we run blameless post-mortems."
    /// A past hit is superseded by a later hit of a rule about the same
    /// question that is current (not past, a plan, reported, told of an
    /// earlier employer, or inside a longer hit) when a `present` marker
    /// ("now", "these days") stands between the two, or in the later
    /// hit's sentence. A past practice alone keeps its past discount.
    fn supersede(&self, cx: &modifiers::Context, found: &[Found], mods: &mut [Modifiers]) {
        let question = |f: &Found| self.pack.rules[f.rule].question;
        let current = |m: &Modifiers| !(m.past || m.hypothetical || m.reported || m.elsewhere);
        let presents = modifiers::present_markers(cx);
        if presents.is_empty() {
            return;
        }
        // The hits that can replace a practice, per question, in text order;
        // judged on the modifiers as decided, before any is superseded.
        let mut current_hits: Vec<Vec<usize>> = vec![Vec::new(); self.pack.questions.len()];
        for (j, g) in found.iter().enumerate() {
            let lean = self.pack.rules[g.rule].lean;
            if let (Some(q), None, true, false) =
                (question(g), g.contained_in, current(&mods[j]), lean)
            {
                current_hits[q].push(j);
            }
        }
        for hits in &mut current_hits {
            hits.sort_by_key(|&j| (found[j].sentence, j));
        }
        for (i, f) in found.iter().enumerate() {
            let m = &mods[i];
            // Told in the simple past ("It was heroic."), which alone keeps
            // its weight, it is history too once a current practice follows
            // after "now".
            let simple_past = !(m.past || m.hypothetical || m.reported)
                && modifiers::past_verb_before(cx, f.sentence, f.span);
            let Some(q) = question(f) else { continue };
            // A practice negated is replaced too: "We don't do fix-it weeks
            // anymore; instead twenty percent of each sprint is ring-fenced".
            if !(m.past || simple_past || m.negated) || m.elsewhere {
                continue;
            }
            // The first current hit about the same question that starts
            // after this one, with "now" between them or in its sentence.
            let Some(now) = modifiers::present_from(&presents, f.span.1) else {
                continue;
            };
            let hits = &current_hits[q];
            let from = hits.partition_point(|&j| found[j].sentence < now);
            let by = hits[from..]
                .iter()
                .copied()
                .find(|&j| j != i && found[j].span.0 >= f.span.1);
            if let Some(j) = by {
                mods[i].superseded = Some(found[j].rule);
                mods[i].past = true;
            }
        }
    }

    /// The hits of `group`'s rules in `range` (one sentence, or the whole
    /// turn; or the part of either before the end of what is scanned):
    /// each rule's first (longest) match.
    #[allow(clippy::too_many_arguments)]
    fn hits(
        &self,
        group: usize,
        text: &str,
        tokens: &Tokens,
        range: Range<usize>,
        scratch: &mut Scratch,
        candidates: &mut Vec<u32>,
        found: &mut Vec<Found>,
    ) {
        let matcher = self.matcher();
        matcher.candidates(group, scratch, candidates);
        // Per rule: (target, span), the best so far.
        let mut best: Vec<(usize, u32, Span)> = Vec::with_capacity(candidates.len());
        for &t in candidates.iter() {
            let mut spans = matcher.matches(group, t, scratch);
            // Of a sentence that runs on past the range, what ends in it.
            if spans.iter().any(|s| s.1 as usize > range.end) {
                spans.retain(|s| s.1 as usize <= range.end);
            }
            if spans.is_empty() {
                continue;
            }
            let target = self.pack.targets[matcher.owner(group, t) as usize];
            let rule = target.rule as usize;
            // What the rule's `unless` expressions match takes back the
            // matches it overlaps.
            let (from, to) = self.pack.rules[rule].unless_targets;
            if from < to {
                let taken: Spans = (from..to)
                    .flat_map(|u| matcher.matches(group::UNLESS, u, scratch))
                    .collect();
                spans.retain(|s| !taken.iter().any(|u| u.0 < s.1 && s.0 < u.1));
            }
            let Some(&(start, _)) = spans.first() else {
                continue;
            };
            let expression = &self.pack.rules[rule].expressions[target.expression as usize];
            let span = match expression.kind {
                ExpressionKind::Gate(p) => {
                    match self.pattern_hit(text, tokens, range.clone(), rule, p) {
                        Some(span) => span,
                        None => continue,
                    }
                }
                _ => {
                    let end = spans
                        .iter()
                        .take_while(|m| m.0 == start)
                        .map(|m| m.1)
                        .max()
                        .expect("one span starts there");
                    (start, end)
                }
            };
            match best.iter_mut().find(|(r, ..)| *r == rule) {
                Some(b)
                    if (span.0, std::cmp::Reverse(span.1))
                        < (b.2 .0, std::cmp::Reverse(b.2 .1)) =>
                {
                    *b = (rule, t, span)
                }
                Some(_) => {}
                None => best.push((rule, t, span)),
            }
        }
        for (rule, t, span) in best {
            let target = self.pack.targets[matcher.owner(group, t) as usize];
            let pieces = match self.pack.rules[rule].expressions[target.expression as usize].kind {
                ExpressionKind::Gate(_) => vec![span],
                _ => matcher.witness(group, t, span, scratch),
            };
            // The sentence the match ends in.
            let last = pieces.last().map_or(span.0, |p| p.0) as usize;
            let sentence = tokens.sentence_of(last);
            found.push(Found {
                rule,
                sentence,
                span,
                pieces,
                contained_in: None,
            });
        }
    }

    /// The first match of pattern `p` of `rule` in `sentence`, as tokens.
    fn pattern_hit(
        &self,
        text: &str,
        tokens: &Tokens,
        sentence: Range<usize>,
        rule: usize,
        p: usize,
    ) -> Option<Span> {
        let toks = &tokens.tokens;
        let from = toks[sentence.start].start as usize;
        // Up to the next sentence, so its closing punctuation is there.
        let to = toks
            .get(sentence.end)
            .map_or(text.len(), |t| t.start as usize);
        let norm = normalize(&text[from..to]);
        let hay = norm.text.as_str();
        let regex = &self.pack.rules[rule].patterns[p].regex;
        let m = regex.find_iter(hay.as_bytes()).find(|m| {
            let r = m.start()..m.end();
            !r.is_empty()
                && hay.is_char_boundary(r.start)
                && hay.is_char_boundary(r.end)
                && at_word_boundaries(hay, &r)
        })?;
        let original = norm.original_range(m.start()..m.end());
        let (a, b) = (from + original.start, from + original.end);
        let first =
            sentence.start + toks[sentence.clone()].partition_point(|t| (t.end as usize) <= a);
        let last =
            sentence.start + toks[sentence.clone()].partition_point(|t| (t.start as usize) < b);
        (first < last).then_some((first as u32, last as u32))
    }
}

/// Marks hits inside a longer hit of another rule about the same question
/// (or a general rule) as contained: the longer hit speaks for them, gaps
/// included ("didn't hear anything about engineering being involved early"
/// is no evidence of early involvement). Hits about
/// different questions never shadow each other: both are evidence, each
/// for its own question. A `lean` rule's hits neither shadow nor are
/// shadowed: they count only where no other rule does. A sentence holds a
/// few hits, so all pairs are looked at.
fn resolve(found: &mut [Found], rules: &[Rule]) {
    let lean = |r: usize| rules[r].lean;
    found.sort_by(|a, b| {
        a.span
            .0
            .cmp(&b.span.0)
            .then(b.span.1.cmp(&a.span.1))
            .then(a.rule.cmp(&b.rule))
    });
    // Inside: within a longer stretch, gaps included.
    let inside = |inner: &Found, outer: &Found| {
        outer.span.0 <= inner.span.0 && inner.span.1 <= outer.span.1 && outer.span != inner.span
    };
    for i in 0..found.len() {
        if lean(found[i].rule) {
            continue;
        }
        let container = (0..found.len())
            .filter(|&j| j != i && !lean(found[j].rule))
            .filter(|&j| {
                let (a, b) = (rules[found[i].rule].question, rules[found[j].rule].question);
                a == b || a.is_none() || b.is_none()
            })
            .filter(|&j| inside(&found[i], &found[j]))
            .map(|j| found[j].rule)
            .next();
        found[i].contained_in = container;
    }
}

#[cfg(test)]
mod tests;
