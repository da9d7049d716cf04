//! Modifiers: what the words around a hit do to it.
//!
//! Decided on tokens within the hit's sentence (and, for narrative past and
//! a contrast that opens the next sentence, its neighbours), from the
//! markers the pack's `[markers]` lists found there and the punctuation
//! between words:
//!
//! - negated: a negator among the [`NEGATION_WORDS`] words before the hit,
//!   in its clause (commas, dashes, brackets and `clause` words like "but"
//!   end a clause), or a few more across a `coordination` word ("don't pay
//!   for courses or conferences"), or anywhere in a short list that "or"
//!   closes after the negator's clause; then every negator in the clause
//!   counts, and two cancel. Or a negator inside the hit's stretch that the
//!   rule did not match itself ("engineers not involved before the deal").
//!   Or a short answer after it that ends with a `negation-after` marker,
//!   when the hit ends a topic put as a question or before a colon or dash
//!   ("Blame? Never.", "Lines of code: God, no.").
//! - past / hypothetical: a marker before the hit in its span of the
//!   sentence between `break`s (and `;`, `:`, brackets), or a trailing one
//!   after it ("... years ago", "... one day"); also a plan or a past
//!   before a colon that opens the span ("a proposal: ...", "we used to
//!   build everything: ..."); for past also a
//!   narrative frame: a past marker in the two sentences before, no break
//!   since, and a past-tense verb before the hit; or a later word of its
//!   sentence, or one of the next two sentences, puts it behind ("We moved
//!   away from all of that.", "Those days are gone.").
//! - reported: a marker of someone else's practice before the hit in its
//!   span, unless a clause switches back to the speaker ("..., we ..."),
//!   or a trailing one in its clause after it.
//! - contrast: before a contrast word in its sentence (or when the next
//!   sentence opens with one), or inside an "although ..." clause, it is
//!   contrasted; after one, emphasised.
//! - occasional: "sometimes" or "now and then" before the hit in its span,
//!   or after it in its clause.
//! - elsewhere: an earlier employer named as the subject in the first words
//!   of its sentence, or of one of the few before it with no `here` or
//!   `present` marker since ("At Kestrel we went multi-region. It took two
//!   years.").
//! - superseded: decided by the scanner, which knows each rule's question
//!   (see [`present_between`]).
//!
//! A `break` in a gap of the hit, before its last matched words, starts
//! the span over: tense, plans, reports and contrast are read after it.

use std::ops::Range;

use serde::Serialize;
use smallvec::SmallVec;

use super::markers::{kind, Marker};
use crate::lang::token::{flag, Token};

/// A sentence this short, after a sentence in the past, carries it on.
const FRAGMENT_WORDS: usize = 8;

/// Words before a hit in which a negator counts (NegEx's window).
pub const NEGATION_WORDS: u32 = 5;

/// The most words in a short answer that negates the topic asked before
/// it ("Blame? Never.", "Lines of code: God, no.").
pub const ANSWER_WORDS: usize = 4;

/// The longest sentence read as a denial of the question before it
/// ("Whose fault was it? That question doesn't get asked.").
pub const DENIAL_WORDS: usize = 12;

/// The longest question a following denial can negate ("Whose fault was
/// it?", not "I kind of think it's a fad?").
pub const TOPIC_WORDS: usize = 6;

/// Sentences after the one that names an earlier employer that the story
/// about it can run on, unless the speaker switches back sooner.
pub const ELSEWHERE_SENTENCES: usize = 5;

/// Words at the start of a sentence in which an earlier employer named is
/// its subject ("At my last company ...", "When I was at Google ...").
const OPENER_WORDS: usize = 3;

/// Words at the start of a sentence in which an earlier job after a
/// preposition opens a story ("She told a story from her old job: there
/// they rank people by commits"); later, it is a passing mention ("a habit
/// I brought from my last company").
const STORY_WORDS: usize = 7;

/// The prepositions that tell of a place: "from", "at", "in".
fn is_story_preposition(word: &str) -> bool {
    ["from", "at", "in"]
        .iter()
        .any(|p| word.eq_ignore_ascii_case(p))
}

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
    /// "Sometimes" before it in its span, or after it in its clause.
    pub occasional: bool,
    /// Told of an earlier employer ("At Kestrel we ..."), not of this one.
    pub elsewhere: bool,
    /// A past practice that a current one of the same question, stated
    /// later in the turn after a `present` marker, replaced: the rule of
    /// that current hit. Set by the scanner, which knows the questions.
    pub superseded: Option<usize>,
}

/// A tokenised text with the markers of the sentences that matter.
pub struct Context<'a> {
    pub text: &'a str,
    pub tokens: &'a [Token],
    pub sentences: &'a [Range<usize>],
    /// Per sentence: its markers, if they were collected.
    pub markers: &'a [Option<Vec<Marker>>],
}

impl Context<'_> {
    fn markers(&self, sentence: usize) -> &[Marker] {
        self.markers
            .get(sentence)
            .and_then(|m| m.as_deref())
            .unwrap_or(&[])
    }

    /// The last token in `range` with punctuation of `mask` before it.
    fn last_punct(&self, range: Range<usize>, mask: u16) -> Option<usize> {
        range.rev().find(|&k| self.tokens[k].is(mask))
    }

    /// The first token in `range` with punctuation of `mask` before it.
    fn first_punct(&self, range: Range<usize>, mask: u16) -> Option<usize> {
        range.into_iter().find(|&k| self.tokens[k].is(mask))
    }

    /// The text between token `k` and the one before it.
    fn gap_before(&self, k: usize) -> &str {
        let from = k.checked_sub(1).map_or(0, |j| self.tokens[j].end as usize);
        &self.text[from..(self.tokens[k].start as usize).max(from)]
    }

    /// [`Context::last_punct`] for strong breaks, over bracketed asides
    /// of at most [`ASIDE_WORDS`] words that close before the hit: "We
    /// used to have one guy (Rod) who did all the callouts" is one span.
    fn last_strong(&self, range: Range<usize>) -> Option<usize> {
        let mut k = range.end;
        while k > range.start {
            k -= 1;
            if !self.tokens[k].is(STRONG) {
                continue;
            }
            if !self.tokens[k].is(flag::PAREN) || !self.gap_before(k).contains([')', ']']) {
                return Some(k);
            }
            // The aside's first word, after its opening bracket.
            let open = (range.start.max(k.saturating_sub(ASIDE_WORDS))..k)
                .rev()
                .find(|&j| {
                    self.tokens[j].is(flag::PAREN) && self.gap_before(j).contains(['(', '['])
                });
            match open {
                Some(j) if !(j..k).any(|i| self.tokens[i].is(STRONG) && i != j) => k = j,
                _ => return Some(k),
            }
        }
        None
    }
}

/// The most words in a bracketed aside that does not end the span of
/// the words around it.
const ASIDE_WORDS: usize = 4;

/// Strong breaks in punctuation: `;`, `:` and brackets.
const STRONG: u16 = flag::STRONG | flag::PAREN;

/// Decides the modifiers of the hit at tokens `hit` in sentence `s`, whose
/// matched tokens are `pieces`.
pub fn decide(cx: &Context, s: usize, hit: (u32, u32), pieces: &[(u32, u32)]) -> Modifiers {
    // A break in a gap of the hit ("we used to let debt pile up, but since
    // last year ... a fifth of every sprint goes to it"): the hit says what
    // follows the break, so tense, plans and reports are read from there;
    // negation is still read over the whole of it.
    if let Some(k) = inner_break(cx.markers(s), hit, pieces) {
        let rest = &pieces[pieces.partition_point(|p| p.0 < k)..];
        if let Some(first) = rest.first() {
            let whole = decide_in_span(cx, s, hit, pieces);
            return Modifiers {
                negated: whole.negated,
                ..decide_in_span(cx, s, (first.0, hit.1), rest)
            };
        }
    }
    decide_in_span(cx, s, hit, pieces)
}

/// The end of the last `break` marker in a gap of the hit, before its last
/// matched word.
fn inner_break(markers: &[Marker], hit: (u32, u32), pieces: &[(u32, u32)]) -> Option<u32> {
    let last = pieces.last()?.0;
    markers
        .iter()
        .filter(|m| m.is(kind::BREAK) && m.start >= hit.0 && m.end <= last)
        .filter(|m| !pieces.iter().any(|&(a, b)| a < m.end && m.start < b))
        .map(|m| m.end)
        .max()
}

/// The markers on one side of a hit: a sentence holds a few.
type Near<'a> = smallvec::SmallVec<[&'a Marker; 8]>;

fn decide_in_span(cx: &Context, s: usize, hit: (u32, u32), pieces: &[(u32, u32)]) -> Modifiers {
    let sentence = cx.sentences[s].clone();
    let (a, b) = (hit.0 as usize, hit.1 as usize);
    let markers = cx.markers(s);
    // Markers that start before the hit, even one that runs into it ("one
    // day" before a hit that starts at "day").
    let before: Near = markers.iter().filter(|m| (m.start as usize) < a).collect();
    let after: Near = markers.iter().filter(|m| m.start as usize >= b).collect();

    // The span between strong breaks around the hit. It starts at the hit
    // at the latest: a `break` that starts before the hit may run into it
    // ("hasn't come back" around a hit on "not come back").
    let span_start = before
        .iter()
        .filter(|m| m.is(kind::BREAK))
        .map(|m| m.end as usize)
        .chain(cx.last_strong(sentence.start + 1..a + 1))
        .max()
        .unwrap_or(sentence.start)
        .max(sentence.start)
        .min(a);
    let span_end = after
        .iter()
        .filter(|m| m.is(kind::BREAK))
        .map(|m| m.start as usize)
        .chain(cx.first_punct(b..sentence.end, STRONG))
        .min()
        .unwrap_or(sentence.end);
    let span_before: Near = before
        .iter()
        .copied()
        .filter(|m| m.start as usize >= span_start)
        .collect();
    // After the hit, only markers that reach back count for tense, and
    // not over a new clause after a comma ("We're reserving a fifth of
    // every sprint for debt, and we'll add a review next year").
    let new_clause = after
        .iter()
        .filter(|c| c.is(kind::CLAUSE) && cx.tokens[c.start as usize].is(flag::COMMA))
        .map(|c| c.start as usize)
        .min()
        .unwrap_or(span_end);
    let span_after: Near = after
        .iter()
        .copied()
        .filter(|m| m.end as usize <= span_end.min(new_clause) && m.is(kind::TRAILING))
        .collect();
    let any = |ms: &[&Marker], k: u32| ms.iter().any(|m| m.is(k));
    let clause_end = cx
        .first_punct(b..span_end, flag::CLAUSE)
        .unwrap_or(span_end);

    Modifiers {
        negated: negated(cx, &sentence, markers, &before, a, b)
            || negated_inside(cx, markers, hit, pieces)
            || negated_after(cx, s, b),
        past: any(&span_before, kind::PAST)
            || any(&span_after, kind::PAST)
            || (span_start == sentence.start && past_frame(cx, s, a))
            // Put behind after it, even past a colon ("the roadmap had a
            // familiar smell: 100% feature work. So we changed the rule."),
            // but not past a break word ("..., but now ...").
            || (!any(&before, kind::BREAK) && put_behind(cx, s, a))
            || announced(cx, &sentence, &before, span_start, kind::PAST),
        hypothetical: any(&span_before, kind::HYPOTHETICAL)
            || any(&span_after, kind::HYPOTHETICAL)
            || announced(cx, &sentence, &before, span_start, kind::HYPOTHETICAL),
        reported: reported(cx, &span_before, a)
            || span_after
                .iter()
                .any(|m| m.is(kind::REPORTED) && m.end as usize <= clause_end),
        contrast: contrast(cx, s, &before, &after, a),
        occasional: any(&span_before, kind::OCCASIONAL)
            || after
                .iter()
                .any(|m| m.is(kind::OCCASIONAL) && m.end as usize <= clause_end),
        elsewhere: elsewhere(cx, s, a),
        superseded: None,
    }
}

/// Post-posed negation (NegEx's post-triggers): the hit ends a topic put
/// as a question, or before a colon or dash, within [`NEGATION_WORDS`]
/// words, and a short answer of at most [`ANSWER_WORDS`] words that ends
/// with a `negation-after` marker follows: "Blame? Never.", "Lines of
/// code? God, no.", "Heroics: absolutely not." An answer that goes on
/// ("No, but we count commits") negates nothing, unless its refusal is
/// said twice ([`refused_twice`]).
fn negated_after(cx: &Context, s: usize, b: usize) -> bool {
    let sentence = cx.sentences[s].clone();
    let answer = |k: usize, from: usize, to: usize| {
        to >= from
            && to - from <= ANSWER_WORDS
            && cx.markers(k).iter().any(|m| {
                m.is(kind::NEGATION_AFTER) && m.end as usize == to && m.start as usize >= from
            })
    };
    // "Heroics: absolutely not." / "Lines of code - God, no."
    if let Some(k) = (b.max(sentence.start + 1)..sentence.end)
        .rev()
        .find(|&k| cx.tokens[k].is(flag::STRONG | flag::COMMA) && colon_or_dash(cx, k))
    {
        if k - b <= NEGATION_WORDS as usize
            && (answer(s, k, sentence.end) || refused_first(cx, s, k))
        {
            return true;
        }
    }
    // "Blame? Never."
    let next = s + 1;
    if next >= cx.sentences.len() || sentence.end < b || sentence.end - b > NEGATION_WORDS as usize
    {
        return false;
    }
    let following = cx.sentences[next].clone();
    if sentence.is_empty() || following.is_empty() {
        return false;
    }
    let between =
        cx.tokens[sentence.end - 1].end as usize..cx.tokens[following.start].start as usize;
    cx.text.get(between).is_some_and(|t| t.contains('?'))
        && (answer(next, following.start, following.end)
            || refused_twice(cx, next)
            || (sentence.len() <= TOPIC_WORDS && denial(cx, next)))
}

/// Whether the answer after a topic's colon or dash, at token `at` of
/// sentence `s`, opens with a refusal that a comma or the sentence's end
/// closes, and no contrast follows: "Learning budget: none, 'learn on your
/// own time'", "On-call rota: no, whoever is awake". ("On-call: no pages
/// last month" opens with no refusal; "Velocity: no, but we watch it"
/// turns.) The topic is all before the colon or dash: no other punctuation
/// stands before it ("rota of 7, write-ups within the week, blame - never"
/// refuses blame, not the write-ups).
fn refused_first(cx: &Context, s: usize, at: usize) -> bool {
    let sentence = cx.sentences[s].clone();
    let end = sentence.end;
    if (sentence.start + 1..at).any(|i| cx.tokens[i].is(flag::COMMA | flag::STRONG)) {
        return false;
    }
    cx.markers(s).iter().any(|m| {
        let to = m.end as usize;
        m.is(kind::NEGATION_AFTER)
            && m.start as usize == at
            && (to == end || cx.tokens[to].is(flag::COMMA | flag::STRONG))
    }) && !has_contrast(cx, s)
}

/// Whether sentence `k` opens with a refusal said twice over and then goes
/// on without a contrast: "Counting code lines? No, no, no, that's like
/// measuring a house by the kilos of bricks." One "No" that goes on
/// ("No, but we count commits") refuses nothing; the second is the
/// emphasis.
fn refused_twice(cx: &Context, k: usize) -> bool {
    let sentence = cx.sentences[k].clone();
    let refusal_at = |i: usize| {
        cx.markers(k)
            .iter()
            .any(|m| m.is(kind::NEGATION_AFTER) && m.start as usize == i && m.end as usize == i + 1)
    };
    sentence.len() > 2
        && refusal_at(sentence.start)
        && refusal_at(sentence.start + 1)
        && !has_contrast(cx, k)
}

/// Whether sentence `k` holds a contrast or a concession ("but",
/// "although"): an answer that turns is no refusal or denial.
fn has_contrast(cx: &Context, k: usize) -> bool {
    cx.markers(k)
        .iter()
        .any(|m| m.is(kind::CONTRAST | kind::CONCESSIVE))
}

/// Whether sentence `k` denies the question before it: at most
/// [`DENIAL_WORDS`] words, a negator among its first [`NEGATION_WORDS`] and
/// no contrast. "Whose fault was it? That question doesn't get asked.",
/// "Lines of code? We don't count them." An answer that goes on ("We
/// don't, but ...") denies nothing, nor does "We never skip one", which
/// holds no negator: the `ignore` markers read a negator over a lack as an
/// affirmation. The caller asks only
/// after a question of at most [`TOPIC_WORDS`] words: a longer one that
/// ends in `?` is more often a statement said with a rising voice.
fn denial(cx: &Context, k: usize) -> bool {
    let sentence = cx.sentences[k].clone();
    sentence.len() <= DENIAL_WORDS
        && cx.markers(k).iter().any(|m| {
            m.is(kind::NEGATOR) && (m.start as usize) < sentence.start + NEGATION_WORDS as usize
        })
        && !has_contrast(cx, k)
}

/// Whether the punctuation before token `k` holds a colon or a dash.
fn colon_or_dash(cx: &Context, k: usize) -> bool {
    let between = cx.tokens[k - 1].end as usize..cx.tokens[k].start as usize;
    cx.text
        .get(between)
        .is_some_and(|t| t.contains([':', '-', '\u{2013}', '\u{2014}']))
}

/// Whether the hit at token `a` of sentence `s` tells of an earlier
/// employer: one was named as the subject of its sentence ([`opener`]),
/// earlier in it or in one of the [`ELSEWHERE_SENTENCES`] before, and no
/// `here` or `present` marker ("here we ...", "now we ...") switched back
/// since.
fn elsewhere(cx: &Context, s: usize, a: usize) -> bool {
    let switch = kind::HERE | kind::PRESENT;
    for k in (s.saturating_sub(ELSEWHERE_SENTENCES)..=s).rev() {
        let limit = if k == s { a } else { cx.sentences[k].end };
        if let Some(from) = opener(cx, k, limit) {
            // In the hit's own sentence, only a switch before the hit
            // counts ("At Kestrel we went multi-region, here we ..."); in a
            // later sentence, one anywhere in it ("We blame nobody now.").
            return !(k..=s).any(|j| {
                cx.markers(j).iter().any(|m| {
                    m.is(switch)
                        && m.start as usize >= from
                        && (j != s || k != s || (m.end as usize) <= a)
                })
            });
        }
        if cx
            .markers(k)
            .iter()
            .any(|m| m.is(switch) && (m.end as usize) <= limit)
            || names_a_company_now(cx, k)
        {
            return false;
        }
    }
    false
}

/// Whether sentence `k` opens with a company named in the present ("At
/// Cargoline the team targets are ..."): told after a story of an earlier
/// job, it switches back to this one. (Told in the past, it opens a story
/// of its own, which [`opener`] finds first.)
fn names_a_company_now(cx: &Context, k: usize) -> bool {
    let sentence = cx.sentences[k].clone();
    cx.markers(k).iter().any(|m| {
        let name = m.end as usize;
        m.is(kind::ELSEWHERE_AT)
            && m.start as usize == sentence.start
            && m.end - m.start == 1
            && name < sentence.end
            && cx.tokens[name].is(flag::CAPITAL)
    })
}

/// Where a story about an earlier employer opens in sentence `k`, before
/// token `limit`: the end of an `elsewhere` marker ("at my last company"),
/// or of the capitalised name after an `elsewhere-at` one ("At Kestrel",
/// "When I was at Google"), in the sentence's first few words. A bare
/// `at` before a name needs the speaker right after it and a past tense
/// ("At Kestrel we went multi-region"): "At Acme we run ..." may be this
/// company, and "At Acme they built ..." notes about it.
fn opener(cx: &Context, k: usize, limit: usize) -> Option<usize> {
    let sentence = cx.sentences[k].clone();
    let markers = cx.markers(k);
    markers
        .iter()
        .rev()
        .filter(|m| {
            let start = m.start as usize;
            (m.end as usize) <= limit
                && (start <= sentence.start + OPENER_WORDS
                    || m.is(kind::ELSEWHERE)
                        && start <= sentence.start + STORY_WORDS
                        && start > 0
                        && is_story_preposition(&cx.text[cx.tokens[start - 1].span()]))
        })
        .find_map(|m| {
            if m.is(kind::ELSEWHERE) {
                return Some(m.end as usize);
            }
            let name = m.end as usize;
            if !m.is(kind::ELSEWHERE_AT) || name >= sentence.end.min(limit) {
                return None;
            }
            if !cx.tokens[name].is(flag::CAPITAL) {
                return None;
            }
            // A bare "at" opens the sentence or a clause, or follows one
            // word ("So at Kestrel we ..."): after a noun it says where a
            // thing is ("The server at Deniliquin, we still had one there,
            // falls over").
            let start = m.start as usize;
            if m.end - m.start == 1
                && start > sentence.start + 1
                && !cx.tokens[start].is(flag::CLAUSE)
            {
                return None;
            }
            // The name: its capitalised words, up to a speaker ("I").
            let end = (name + 1..sentence.end)
                .find(|&t| {
                    let tok = &cx.tokens[t];
                    !tok.is(flag::CAPITAL)
                        || tok.is(flag::CLAUSE)
                        || markers
                            .iter()
                            .any(|x| x.is(kind::SPEAKER) && x.start as usize == t)
                })
                .unwrap_or(sentence.end);
            // A bare "at" needs the speaker as the subject, in the past:
            // "At Kestrel we went ...", not "At Kestrel they built ..." in
            // notes about Kestrel.
            let told = m.end - m.start > 1
                || (markers
                    .iter()
                    .any(|x| x.is(kind::SPEAKER) && x.start as usize == end)
                    && told_in_past(cx, k, end));
            told.then_some(end)
        })
}

/// Whether sentence `k` is told in the past after the name that ends at
/// token `from`: a `past` or `past-verb` marker ("At Kestrel it was ...",
/// "... we went multi-region"), or a word in *-ed* right after the name or
/// a `speaker` ("At Kestrel we migrated ..."), not a participle further on
/// ("At Fernhill our engineers spend their hours on problems nobody else
/// has solved").
fn told_in_past(cx: &Context, k: usize, from: usize) -> bool {
    let sentence = cx.sentences[k].clone();
    let markers = cx.markers(k);
    markers
        .iter()
        .any(|m| m.is(kind::PAST | kind::PAST_VERB) && m.start as usize >= from)
        || (from..sentence.end).any(|t| {
            let word = &cx.text[cx.tokens[t].span()];
            let after_subject = t == from
                || markers
                    .iter()
                    .any(|m| m.is(kind::SPEAKER) && m.end as usize == t);
            after_subject && word.len() > 4 && word.to_ascii_lowercase().ends_with("ed")
        })
}

/// Whether sentence `s` holds a `past-verb` marker before the end of the
/// hit at tokens `hit` ("It **was** heroic"), unless the verb is in an
/// earlier clause and the hit's own clause says "now": "That was the
/// wake-up call, we've got a failover runbook now"; or a `present` marker
/// stands before the hit in its sentence.
pub fn past_verb_before(cx: &Context, s: usize, hit: (u32, u32)) -> bool {
    let markers = cx.markers(s);
    let Some(verb) = markers
        .iter()
        .filter(|m| m.is(kind::PAST_VERB) && m.end <= hit.1)
        .map(|m| m.end)
        .max()
    else {
        return false;
    };
    let Some(sentence) = cx.sentences.get(s) else {
        return true;
    };
    let (a, b) = (hit.0 as usize, hit.1 as usize);
    // The hit's clause: from the last comma-like break at or before its
    // start to the first after its end.
    let start = cx
        .last_punct(sentence.start + 1..a + 1, flag::CLAUSE)
        .unwrap_or(sentence.start);
    let end = cx
        .first_punct(b..sentence.end, flag::CLAUSE)
        .unwrap_or(sentence.end);
    let verb_before_clause = (verb as usize) <= start;
    // A story's turn to now before the hit tells what is so now: "The
    // first thing I did was get an enterprise licence".
    let turned = markers
        .iter()
        .any(|m| m.is(kind::PRESENT) && m.end <= hit.0);
    !(turned
        || verb_before_clause
            && markers.iter().any(|m| {
                m.is(kind::PRESENT) && (m.start as usize) >= start && (m.end as usize) <= end
            }))
}

/// The `present` markers ("now", "these days") of the sentences whose
/// markers were collected: (first token, sentence), in text order.
pub fn present_markers(cx: &Context) -> Vec<(u32, usize)> {
    let mut found: Vec<(u32, usize)> = (0..cx.sentences.len())
        .flat_map(|k| {
            cx.markers(k)
                .iter()
                .filter(|m| m.is(kind::PRESENT))
                .map(move |m| (m.start, k))
        })
        .collect();
    found.sort_unstable();
    found
}

/// The sentence of the first `present` marker at or after token `from`
/// (the end of a past hit): a later hit in that sentence or after it has
/// "now" between the two. "Years ago we used to throw people under the
/// bus. Now we run blameless post-mortems."
pub fn present_from(presents: &[(u32, usize)], from: u32) -> Option<usize> {
    let i = presents.partition_point(|&(start, _)| start < from);
    presents.get(i).map(|&(_, sentence)| sentence)
}

/// A plan (or a past) announced before a colon that opens the hit's span:
/// "I put in a proposal: a budget for every engineer" proposes the budget;
/// "We used to build everything: our own deploy tool, our own queue" tells
/// of the past.
fn announced(
    cx: &Context,
    sentence: &Range<usize>,
    before: &[&Marker],
    span_start: usize,
    kind: u32,
) -> bool {
    // Within a sentence, `flag::STRONG` is a colon (a semicolon ends it).
    if span_start <= sentence.start || !cx.tokens[span_start].is(flag::STRONG) {
        return false;
    }
    // The span before the colon, back to the previous strong break.
    let from = before
        .iter()
        .filter(|m| m.is(kind::BREAK) && (m.end as usize) < span_start)
        .map(|m| m.end as usize)
        .chain(cx.last_punct(sentence.start + 1..span_start, STRONG))
        .max()
        .unwrap_or(sentence.start);
    before
        .iter()
        .any(|m| m.is(kind) && m.start as usize >= from && (m.end as usize) <= span_start)
}

/// Whether the only break before token `k` is a quotation mark on the
/// same line as the word before it.
fn quote_in_line(cx: &Context, k: usize) -> bool {
    let t = &cx.tokens[k];
    k > 0
        && t.is(flag::QUOTE)
        && !t.is(flag::CLAUSE & !flag::QUOTE)
        && !cx.text[cx.tokens[k - 1].end as usize..t.start as usize].contains('\n')
}

/// An odd number of negators among the words right before the hit, in its clause.
fn negated(
    cx: &Context,
    sentence: &Range<usize>,
    markers: &[Marker],
    before: &[&Marker],
    a: usize,
    b: usize,
) -> bool {
    // The clause starts after the last comma-like break or clause word. A
    // quotation mark within a line is none: "we don't do "refactor
    // sprints"" quotes words, and quoted speech follows a comma or colon.
    // A clause word that runs into the hit (a pack's marker may be several
    // words) starts no clause after the hit's start.
    let clause_start = before
        .iter()
        .filter(|m| m.is(kind::CLAUSE) && m.end as usize <= a)
        .map(|m| m.end as usize)
        .chain(
            (sentence.start + 1..a + 1)
                .rev()
                .find(|&k| cx.tokens[k].is(flag::CLAUSE) && !quote_in_line(cx, k)),
        )
        .max()
        .unwrap_or(sentence.start);
    // An item of a list that follows the negator's clause is in it, and
    // the negator must be near the list (its first item ends the clause)
    // rather than the item.
    let list = list_head(cx, sentence, markers, clause_start, a, b);
    let (clause_start, a, reach) = match list {
        Some((head, first_break)) => (head, first_break, NEGATION_WORDS + LIST_ITEM as u32),
        None => (clause_start, a, NEGATION_WORDS),
    };
    // A negator must sit in the last few words; once one does, every
    // negator in the clause counts for parity ("doesn't ship anything
    // without a review" is no negation).
    let mut count = 0;
    let mut near = false;
    // In a list, a negator inside the items (past its first break) is no
    // part of the clause before it ("We don't hold retros, standups, never
    // demos or post mortems": "don't" negates them all).
    let negators: SmallVec<[&Marker; 4]> = before
        .iter()
        .copied()
        .filter(|m| {
            m.is(kind::NEGATOR) && m.start as usize >= clause_start && (m.start as usize) < a
        })
        .collect();
    // A negator of several words counts once, not again for the one inside
    // it ("nobody has ever been praised for" holds "nobody"), and reaches
    // from its last word.
    let inside = |m: &Marker| {
        negators
            .iter()
            .any(|o| o.start <= m.start && m.end <= o.end && o.end - o.start > m.end - m.start)
    };
    for m in negators.iter().filter(|m| !inside(m)) {
        count += 1;
        let words = (a as u32 + 1).saturating_sub(m.end);
        // "don't pay for courses or send people to conferences": the
        // negation carries over a coordinated verb phrase.
        let coordinated = words <= 2 * NEGATION_WORDS
            && before
                .iter()
                .any(|c| c.is(kind::COORDINATION) && c.start >= m.end);
        near |= words <= reach || coordinated;
    }
    near && count % 2 == 1
}

/// The most words in one item of a list.
const LIST_ITEM: usize = 4;

/// When the hit is an item of a list of short items that a coordination word
/// closes, and the clause before the list holds a negator: that clause's
/// start and the list's first break. "You won't be judged on tickets
/// closed, lines written or hours online" negates all three.
fn list_head(
    cx: &Context,
    sentence: &Range<usize>,
    markers: &[Marker],
    clause_start: usize,
    a: usize,
    b: usize,
) -> Option<(usize, usize)> {
    if clause_start <= sentence.start || a - clause_start > LIST_ITEM {
        return None;
    }
    let within =
        |m: &Marker, from: usize, to: usize| from <= m.start as usize && m.end as usize <= to;
    let mut start = clause_start;
    loop {
        let prev = cx
            .last_punct(sentence.start + 1..start, flag::CLAUSE)
            .unwrap_or(sentence.start);
        if markers
            .iter()
            .any(|m| m.is(kind::CLAUSE) && within(m, prev, start))
        {
            return None;
        }
        if markers
            .iter()
            .any(|m| m.is(kind::NEGATOR) && within(m, prev, start))
        {
            // The list must be closed by `or`, `nor` or the like, at the
            // hit or before it.
            let closed = markers.iter().any(|m| {
                m.is(kind::COORDINATION) && m.start as usize >= start && m.start as usize <= b
            });
            return closed.then_some((prev, start));
        }
        if prev <= sentence.start || start - prev > LIST_ITEM {
            return None;
        }
        start = prev;
    }
}

/// Whether a negator inside the hit's stretch turns it around: one in a
/// gap the rule's expression skipped ("engineers not involved before the
/// deal" matching `engineers ~3 involved before`), not one it matched;
/// and, as before a hit, only within a few words of the next matched word,
/// in the same clause.
fn negated_inside(
    cx: &Context,
    markers: &[Marker],
    hit: (u32, u32),
    pieces: &[(u32, u32)],
) -> bool {
    markers.iter().any(|m| {
        if !(m.is(kind::NEGATOR) && m.start > hit.0 && m.end <= hit.1) {
            return false;
        }
        if pieces.iter().any(|&(a, b)| a <= m.start && m.end <= b) {
            return false;
        }
        let Some(next) = pieces.iter().find(|&&(a, _)| a >= m.end) else {
            return false;
        };
        let clause_break = (m.end..=next.0).any(|k| {
            cx.tokens[k as usize].is(flag::CLAUSE)
                || markers
                    .iter()
                    .any(|c| c.is(kind::CLAUSE) && c.start >= m.end && c.end <= next.0)
        });
        next.0 - m.start <= NEGATION_WORDS && !clause_break
    })
}

/// A reported marker before the hit, with no switch back to the speaker
/// ("at my last company they blamed people, here we ...") in between.
fn reported(cx: &Context, span_before: &[&Marker], a: usize) -> bool {
    let Some(marker) = span_before.iter().rev().find(|m| m.is(kind::REPORTED)) else {
        return false;
    };
    let switch = flag::COMMA | flag::STRONG | flag::PAREN;
    let speaker_at = |k: usize| {
        span_before
            .iter()
            .any(|m| m.is(kind::SPEAKER) && m.start as usize == k)
    };
    // The speaker after a break, or after a clause word after one ("...
    // at previous places, so here we wrote it into planning"), tells of
    // this company again.
    !(marker.end as usize..a).any(|k| {
        cx.tokens[k].is(switch)
            && (speaker_at(k)
                || span_before.iter().any(|m| {
                    m.is(kind::CLAUSE) && m.start as usize == k && speaker_at(m.end as usize)
                }))
    })
}

fn contrast(
    cx: &Context,
    s: usize,
    before: &[&Marker],
    after: &[&Marker],
    a: usize,
) -> Option<Contrast> {
    let sentence = &cx.sentences[s];
    // Inside a concessive clause ("although X, ..."): X is the weak side.
    if let Some(c) = before.iter().rev().find(|m| {
        m.is(kind::CONCESSIVE)
            && (m.start as usize == sentence.start
                || cx.tokens[m.start as usize].is(flag::COMMA | flag::STRONG | flag::PAREN))
    }) {
        let closed = (c.end as usize..=a).any(|k| cx.tokens[k].is(flag::COMMA));
        return Some(if closed {
            Contrast::After
        } else {
            Contrast::Before
        });
    }
    if after.iter().any(|m| m.is(kind::CONTRAST)) {
        return Some(Contrast::Before);
    }
    if before.iter().any(|m| m.is(kind::CONTRAST)) {
        return Some(Contrast::After);
    }
    // "We track velocity. But what matters is uptime."
    let next = s + 1;
    if next < cx.sentences.len() {
        let start = cx.sentences[next].start as u32;
        if cx
            .markers(next)
            .iter()
            .any(|m| m.is(kind::CONTRAST) && m.start == start)
        {
            return Some(Contrast::Before);
        }
    }
    None
}

/// Narrative past: a past marker in the two sentences before ("when I
/// joined, it was ugly. People got blamed...") with no break since, and a
/// past-tense verb before the hit (or a short fragment of a sentence).
fn past_frame(cx: &Context, s: usize, a: usize) -> bool {
    let sentence = &cx.sentences[s];
    let earlier: Vec<&Marker> = (s.saturating_sub(2)..s)
        .flat_map(|k| cx.markers(k).iter())
        .collect();
    // "here" ends a story as "now" does: "When I was at Google it was
    // brutal. Here we run blameless post-mortems."; so does putting the
    // old way behind ("I stopped it, we moved to LaunchDarkly in a
    // week"); and a `present` marker anywhere in the sentence tells it now
    // ("We run them nowadays.").
    let ends = kind::BREAK | kind::HERE | kind::PUT_BEHIND;
    let framed = earlier
        .iter()
        .rposition(|m| m.is(kind::PAST))
        .is_some_and(|i| !earlier[i..].iter().any(|m| m.is(ends)))
        && !cx
            .markers(s)
            .iter()
            .any(|m| (m.is(ends) && (m.end as usize) <= a) || m.is(kind::PRESENT));
    if framed {
        // A past-tense verb before the hit, or a short fragment that carries
        // the story on ("Every call, every night, for a year."); a short
        // sentence that opens with its speaker has a verb of its own ("A
        // year ago it was 88%. I don't count tickets.").
        let fragment = sentence.len() <= FRAGMENT_WORDS
            && !cx
                .markers(s)
                .iter()
                .any(|m| m.is(kind::SPEAKER) && m.start as usize == sentence.start);
        let past_verb = fragment
            || (sentence.start..a).any(|k| {
                let word = &cx.text[cx.tokens[k].span()];
                cx.markers(s)
                    .iter()
                    .any(|m| m.is(kind::PAST_VERB) && m.start as usize == k)
                    || (word.len() > 4 && word.to_ascii_lowercase().ends_with("ed"))
            });
        if past_verb {
            return true;
        }
    }
    false
}

/// Put behind after the hit at `a` in sentence `s`: later in its own
/// sentence, or in one of the next two ("We moved away from all of that.").
fn put_behind(cx: &Context, s: usize, a: usize) -> bool {
    // "... and it burnt them out, so we stopped it": put behind in its
    // own sentence, after it.
    if cx
        .markers(s)
        .iter()
        .any(|m| m.is(kind::PUT_BEHIND) && m.start as usize > a)
    {
        return true;
    }
    // "We moved away from all of that." in one of the next two sentences,
    // unless that sentence tells a past of its own before it ("Earlier we
    // had this habit..., so we stopped it"), which is what it puts behind.
    (s + 1..(s + 3).min(cx.sentences.len())).any(|k| {
        let markers = cx.markers(k);
        markers.iter().any(|m| {
            m.is(kind::PUT_BEHIND)
                && !markers
                    .iter()
                    .any(|p| p.is(kind::PAST | kind::PAST_VERB) && p.end <= m.start)
        })
    })
}
