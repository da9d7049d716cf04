//! Scoring: hits to question, category and overall verdicts.
//!
//! A hit counts for its rule's question wherever it was found (less outside
//! that question's answer); a general rule's hit counts for the question
//! whose answer it is in. See `docs/rules.md` ("Verdicts") for the rules.

use crate::pack::{Complaints, OnHypothetical, OnNegation, OnPast, Pack, Question, Rule, Signal};
use crate::report::{
    CategoryResult, Dropped, Evidence, HitReport, Modifier, Overall, PackInfo, QuestionResult,
    Report, Speakers, Verdict, SCHEMA_VERSION,
};
use crate::scan::{Contrast, Engine, Match};
use crate::segment::{opening_sentence, Interview, Role};
use crate::transcript::{count_words, Locator, Transcript};
use smallvec::SmallVec;
use std::ops::Range;

/// Characters of context on each side of a hit in its excerpt.
const EXCERPT_CONTEXT: usize = 60;

/// Scans and scores a segmented transcript.
pub fn score(
    engine: &Engine,
    transcript: &Transcript,
    interview: &Interview,
    source: &str,
) -> Report {
    score_holding(engine, transcript, interview, source, HELD_PROSE)
}

/// [`score`], holding the hits of the first `hold` bytes of guessed prose
/// between reading its evidence and scoring it ([`HELD_PROSE`]).
fn score_holding(
    engine: &Engine,
    transcript: &Transcript,
    interview: &Interview,
    source: &str,
    hold: usize,
) -> Report {
    let pack = engine.pack();
    let n = pack.questions.len();
    // Prose that cues no question is read once for the question its
    // evidence is about, a piece at a time, and then scored as guessed
    // prose is, each turn scanned again in its turn.
    let elected = topicless_prose(transcript, interview, pack)
        .then(|| topic_by_evidence(engine, transcript, interview))
        .flatten();
    // Prose whose topics were guessed: every turn's evidence first, so that
    // a paragraph whose guess its own evidence does not bear out can go on
    // with the question before it ([`follow_evidence`]); each paragraph
    // with the opening sentence of the next in view, since a story one
    // tells can be put behind there ("What we changed:"). The hits of the
    // first [`HELD_PROSE`] bytes are held for scoring; the turns after them
    // are scanned again in their turn, so that a day of guessed prose is
    // held a piece at a time.
    let guessed = interview.segments.iter().any(|s| s.inferred);
    let segments = &interview.segments;
    let batches = |index: usize| {
        let role = guessed.then_some(segments[index].role);
        turn_batches(engine, transcript, index, role)
    };
    let mut held: Vec<Option<Vec<Vec<Match>>>> = Vec::new();
    let followed = elected.or_else(|| {
        if !(guessed && may_follow(interview)) {
            return None;
        }
        let mut bytes = 0;
        let evidence: Vec<Vec<f64>> = (0..transcript.turns.len())
            .map(|i| {
                bytes += transcript.turns[i].text.len();
                let mut sum = vec![0.0; n];
                let mut kept = Vec::new();
                for matches in batches(i) {
                    for (s, w) in sum.iter_mut().zip(weights(pack, &matches)) {
                        *s += w;
                    }
                    if bytes <= hold {
                        kept.push(matches);
                    }
                }
                held.push((bytes <= hold).then_some(kept));
                sum
            })
            .collect();
        follow_evidence(interview, &evidence)
    });
    let interview = followed.as_ref().unwrap_or(interview);
    // Every hit is judged and added up; the first `MAX_HITS` of a question
    // are described.
    let mut tallies: Vec<Tally> = vec![Tally::default(); n];
    let mut hits: Vec<Vec<HitReport>> = vec![Vec::new(); n];
    // The hits of `lean` rules, judged and described but kept apart: they
    // decide an answer no other rule counted in, and add to one whose
    // evidence all speaks for it (below).
    let mut lean: Vec<Vec<(Judged, HitReport)>> = vec![Vec::new(); n];
    // Each lean rule counts a word once per question: (rule, word) seen.
    let mut lean_seen: Vec<std::collections::HashSet<(usize, String)>> =
        vec![Default::default(); n];
    let mut words = vec![0usize; n];
    // The turns that gave each question words: read again for words of
    // complaint only where nothing counted ([`complaints`]).
    let mut answer_turns: Vec<Vec<usize>> = vec![Vec::new(); n];
    // Of those words, the ones given to a question the asker broke off
    // ("if you had a magic wand and could—").
    let mut after_cut = vec![0usize; n];
    let mut cut = false;
    let mut evasive = vec![false; n];
    // Whether a question's answer says something counted of any question:
    // an answer about another topic is no deflection, whatever its words.
    let mut says_something = vec![false; n];
    // A deflection that hands a question on to another of a panel
    // ([`Segment::handed_off`]), held until the end: where it was handed on,
    // whether a later answer took it over, and what it held.
    let mut handed_at: Vec<Option<usize>> = vec![None; n];
    let mut taken_over = vec![false; n];
    let mut handed: Vec<Vec<(bool, Judged, Option<HitReport>)>> =
        (0..n).map(|_| Vec::new()).collect();
    // Text before the first question asked (or heading) of an interview
    // that asks them is small talk, no answer.
    let first_ask = interview
        .segments
        .iter()
        .position(|s| matches!(s.role, Role::Ask | Role::Heading))
        .filter(|_| {
            interview
                .segments
                .iter()
                .any(|s| s.role != Role::Answer && s.question.is_some())
        });
    // The questions some answer is about.
    let mut topics = vec![false; n];
    for seg in &interview.segments {
        if let (Role::Answer, Some(q)) = (seg.role, seg.question) {
            topics[q] = true;
        }
    }
    for (index, (turn, seg)) in transcript.turns.iter().zip(&interview.segments).enumerate() {
        if seg.role != Role::Answer {
            cut = seg.role == Role::Ask && breaks_off(&turn.text);
            continue;
        }
        // The note-taker's own words under a question are no answer to it.
        if let (Some(q), false) = (seg.question, seg.aside) {
            let said = answer_words(&turn.text, seg.words);
            let back = asks_back(&turn.text, seg.words);
            for &q in std::iter::once(&q).chain(&seg.also) {
                // Turned back first, instead of an answer; a question to the
                // candidate after an answer is the answerer's own.
                evasive[q] |= back && words[q] == 0;
                words[q] += said;
                if said > 0 {
                    answer_turns[q].push(index);
                }
                after_cut[q] += if cut { said } else { 0 };
            }
        }
        // Lines are indexed once a turn has a hit to place.
        let locator = std::cell::OnceCell::new();
        // Held already, or a piece at a time: a day of talk in one turn then
        // needs no more memory than a long answer.
        let batches: Box<dyn Iterator<Item = Vec<Match>>> =
            match held.get_mut(index).and_then(Option::take) {
                Some(kept) => Box::new(kept.into_iter()),
                None => batches(index),
            };
        for matches in batches {
            // An answer to a question the pack does not know is to the question
            // no other answer is about whose rules it weighs most for.
            let open_target = if seg.open {
                let weight = weights(pack, &matches);
                (0..n)
                    .filter(|&q| !topics[q] && weight[q] > 0.0)
                    .max_by(|&a, &b| weight[a].total_cmp(&weight[b]).then(b.cmp(&a)))
            } else {
                None
            };
            for mut m in matches {
                let rule = &pack.rules[m.rule];
                let Some(target) = rule.question.or(seg.question) else {
                    // A general rule in text that answers no known question.
                    continue;
                };
                // Taken back in the speaker's next turn: history now.
                if seg.taken_back && seg.question == Some(target) {
                    m.modifiers.past = true;
                }
                // In prose whose topics were guessed from its words, evidence
                // about a question no paragraph is about is all there is of it.
                let unclaimed = seg.inferred && !topics[target] || open_target == Some(target);
                let elsewhere = match seg.question {
                    Some(q) => q != target && !seg.also.contains(&target),
                    None => first_ask.is_some_and(|first| index < first),
                };
                let out_of_answer =
                    rule.question.is_some() && (seg.aside || elsewhere) && !unclaimed;
                // A lean rule's words say something only in an answer to
                // its own question...
                if rule.lean
                    && (out_of_answer
                        || seg.question != Some(target) && !seg.also.contains(&target))
                {
                    continue;
                }
                let judgement = judge(pack, rule, &m, out_of_answer, seg.contradicted);
                // A panel's answerer who hands the question on ("Marco, can
                // you?") deflects it only if nobody takes it over.
                let handing_on = rule.evasion && seg.handed_off && seg.question == Some(target);
                if handing_on {
                    handed_at[target].get_or_insert(index);
                }
                if !rule.lean && !rule.evasion && !judgement.dropped && !out_of_answer {
                    taken_over[target] |= handed_at[target].is_some_and(|at| index > at);
                }
                // ...and each once, however often it is said.
                if rule.lean && !judgement.dropped {
                    let word = m.spans.first().map_or("", |w| &turn.text[w.clone()]);
                    if !lean_seen[target].insert((m.rule, word.to_lowercase())) {
                        continue;
                    }
                }
                if rule.evasion && !rule.lean && !judgement.dropped && !handing_on {
                    evasive[target] = true;
                }
                if !rule.lean && !rule.evasion && !judgement.dropped {
                    for &q in seg.question.iter().chain(&seg.also) {
                        says_something[q] = true;
                    }
                }
                let listed = rule.lean || hits[target].len() < QuestionResult::MAX_HITS;
                let hit = listed.then(|| {
                    let locator = locator.get_or_init(|| turn.locator());
                    let mut hit = describe(pack, rule, &m, &judgement, locator);
                    hit.turn = index;
                    hit
                });
                if handing_on {
                    handed[target].push((rule.lean, judgement, hit));
                    continue;
                }
                let kept = (&mut tallies[target], &mut hits[target], &mut lean[target]);
                keep(pack, kept, rule.lean, judgement, hit);
            }
        }
    }

    // Handed on, and nobody took it over ("Rohan, can you—" / "I also have
    // to drop, sorry"): the deflection stands.
    for (q, held) in handed.into_iter().enumerate() {
        if taken_over[q] {
            continue;
        }
        for (is_lean, judgement, hit) in held {
            if !is_lean && !judgement.dropped {
                evasive[q] = true;
            }
            keep(
                pack,
                (&mut tallies[q], &mut hits[q], &mut lean[q]),
                is_lean,
                judgement,
                hit,
            );
        }
    }

    let questions: Vec<QuestionResult> = pack
        .questions
        .iter()
        .enumerate()
        .map(|(q, question)| {
            let mut hits = std::mem::take(&mut hits[q]);
            let cut_off = words[q] > 0 && after_cut[q] == words[q];
            let leant = lean_in(
                pack,
                &mut tallies[q],
                &mut hits,
                std::mem::take(&mut lean[q]),
                evasive[q] || cut_off,
                says_something[q],
            );
            let leaning = matches!(leant, Leant::Alone { .. });
            evasive[q] |= matches!(leant, Leant::Alone { evasive: true });
            settle(pack, &mut tallies[q], &mut hits);
            let asked = interview.asked[q];
            let earned = !leaning
                && tallies[q].answer_earns(question.answer_weight, words[q], evasive[q], pack);
            let t = &pack.thresholds;
            let complaint = (question.complaint
                && t.complaint_share > 0.0
                && words[q] >= t.complaint_words
                && tallies[q].substantive == 0
                && !(leaning || evasive[q] || cut_off))
                .then(|| complaints(pack, transcript, &answer_turns[q]));
            let (verdict, mut reason) = verdict(
                pack,
                question,
                &tallies[q],
                Answer {
                    asked,
                    words: words[q],
                    evasive: evasive[q],
                    cut_off,
                    leaning,
                    complaint: complaint.as_ref(),
                },
            );
            match leant {
                Leant::Alone { .. } => {
                    reason.push_str("; on lean words alone, as no other rule counted")
                }
                Leant::Beside => {
                    reason.push_str("; with lean words at half weight beside the rest")
                }
                Leant::Not => {}
            }
            if earned {
                reason.push_str(&format!(
                    "; +{:.1} for an answer of its own (answer_weight)",
                    question.answer_weight
                ));
            }
            let score = round2(tallies[q].weight);
            let answered = verdict != Verdict::Unanswered;
            QuestionResult {
                id: question.id.clone(),
                number: question.number,
                category: pack.categories[question.category].id.clone(),
                text: question.text.clone(),
                title: question.title.clone(),
                asked,
                answered,
                verdict,
                score,
                reason,
                answer_words: words[q],
                hits_omitted: tallies[q].hits - hits.len(),
                hits,
                follow_up: if verdict == Verdict::Green {
                    Vec::new()
                } else {
                    question.follow_up.clone()
                },
            }
        })
        .collect();

    let categories = pack
        .categories
        .iter()
        .enumerate()
        .map(|(c, category)| {
            let verdicts = pack
                .questions
                .iter()
                .zip(&questions)
                .filter(|(q, _)| q.category == c)
                .map(|(_, r)| r.verdict);
            let (score, verdict) = aggregate(pack, verdicts);
            CategoryResult {
                id: category.id.clone(),
                label: category.label.clone(),
                goal: category.goal.clone(),
                score,
                verdict,
            }
        })
        .collect();
    let overall = overall(pack, &questions);

    let mut warnings = transcript.warnings.clone();
    warnings.extend(interview.warnings.iter().cloned());
    if transcript.is_empty() {
        warnings.push("the transcript is empty: nothing to score".to_string());
    }
    Report {
        schema_version: SCHEMA_VERSION,
        source: source.to_string(),
        format: transcript.format.map_or("text", |f| f.name()).to_string(),
        pack: PackInfo {
            name: pack.name.clone(),
            version: pack.version.clone(),
        },
        speakers: Speakers {
            asker: interview.asker.clone(),
            answerer: interview.answerer.clone(),
        },
        overall,
        categories,
        questions,
        warnings,
        transcript: None,
    }
}

/// One hit weighed in its context: what its tally and its description need.
#[derive(Clone, Debug)]
struct Judged {
    rule: usize,
    /// The signal it counts as (after a negation flip).
    signal: Signal,
    /// Signed, 0 when dropped.
    weight: f64,
    /// What the context did to it, in order.
    modifiers: SmallVec<[Modifier; 4]>,
    dropped: bool,
}

impl Judged {
    fn has(&self, m: Modifier) -> bool {
        self.modifiers.contains(&m)
    }

    /// Counted, and said plainly, of this company, now.
    fn affirmed(&self) -> bool {
        !self.dropped && !self.modifiers.iter().any(|m| m.unaffirms())
    }
}

/// What a question's verdict needs of its hits, added up one hit at a
/// time: memory stays the same however many hits there are.
#[derive(Clone, Debug, Default)]
struct Tally {
    /// Hits added.
    hits: usize,
    /// The first red flag: a veto rule's affirmed red hit in the answer.
    veto: Option<usize>,
    /// The sum of the hits' weights, in order (dropped hits weigh 0).
    weight: f64,
    /// Counted (not dropped) hits that are not an evasion...
    substantive: usize,
    /// ...and of them, those in the question's own answer.
    substantive_in_answer: usize,
    /// Counted hits in the question's own answer.
    counted_in_answer: usize,
    any_red: bool,
    /// Whether a counted hit weighs against the answer, and whether one
    /// weighs for it.
    against: bool,
    for_it: bool,
    /// Whether a counted red hit in the answer is more than a plan.
    red_not_planned: bool,
    /// Whether a counted green hit is a current practice (plans, history
    /// and other companies' practices are none), and one in the answer:
    /// an answer given is judged on itself, evidence in passing elsewhere
    /// can add to it, not stand in for it.
    current: bool,
    current_in_answer: bool,
    /// Counted hits outside the question's answer that weigh against it:
    /// their weight, and whether one is red.
    passing_against: f64,
    passing_red: bool,
    /// In the answer: the size of the counted hits that are no evasion,
    /// and of the evasions.
    evidence_in_answer: f64,
    evasion_in_answer: f64,
    /// The weight of counted hits of `vague` rules.
    vague: f64,
    /// The weight of counted hits outside the answer that weigh for it.
    passing_for: f64,
}

impl Tally {
    fn add(&mut self, pack: &Pack, h: &Judged) {
        let rule = &pack.rules[h.rule];
        self.hits += 1;
        let in_answer = !h.has(Modifier::OutOfAnswer);
        // A red flag vetoes its own question's answer; said in passing
        // elsewhere, it weighs like any other hit.
        if self.veto.is_none() && h.signal == Signal::Red && h.affirmed() && in_answer && rule.veto
        {
            self.veto = Some(h.rule);
        }
        self.weight += h.weight;
        if h.dropped {
            return;
        }
        if !rule.evasion {
            self.substantive += 1;
            self.substantive_in_answer += usize::from(in_answer);
            if in_answer {
                self.evidence_in_answer += h.weight.abs();
            }
        } else if in_answer {
            self.evasion_in_answer += h.weight.abs();
        }
        self.counted_in_answer += usize::from(in_answer);
        self.against |= h.weight < 0.0;
        self.for_it |= h.weight > 0.0;
        self.red_not_planned |=
            h.signal == Signal::Red && in_answer && !h.has(Modifier::Hypothetical);
        if rule.vague {
            self.vague += h.weight;
        }
        if !in_answer && h.weight > 0.0 {
            self.passing_for += h.weight;
        }
        if !in_answer && h.weight < 0.0 {
            self.passing_against += h.weight;
            self.passing_red |= h.signal == Signal::Red;
        } else {
            self.any_red |= h.signal == Signal::Red;
        }
        let current = h.signal == Signal::Green
            && !h
                .modifiers
                .iter()
                .any(|m| m.unaffirms() && *m != Modifier::Negated);
        self.current |= current;
        self.current_in_answer |= current && in_answer;
    }

    /// Sets aside the hits of `vague` rules (a buzzword, "we work closely
    /// together") when the answer names a current good practice of its
    /// own: a load test beside "Kubernetes" is no buzzword answer. Returns
    /// whether it set any aside.
    fn set_aside_vague(&mut self) -> bool {
        if !self.current_in_answer || self.vague == 0.0 {
            return false;
        }
        self.weight -= self.vague;
        self.vague = 0.0;
        true
    }

    /// Adds what an answer given earns on its own
    /// ([`crate::pack::Question::answer_weight`]): when it has enough
    /// words, evidence of its own, is no evasion and no red flag decides
    /// it. Returns whether it did.
    fn answer_earns(&mut self, weight: f64, words: usize, evasive: bool, pack: &Pack) -> bool {
        let earns = weight > 0.0
            && self.veto.is_none()
            && !evasive
            && words >= pack.thresholds.thin_words
            && self.substantive_in_answer > 0;
        if earns {
            self.weight += weight;
        }
        earns
    }

    /// Judges an answer given on itself: when the question's own answer has
    /// evidence, mentions of the question in passing elsewhere may add to
    /// it but not weigh against it; with no evidence in the answer, they
    /// are all there is and count, red flags too. What they add is at
    /// most `cap`: an answer that names a risk is not made green by the
    /// plans told in another answer; and nothing when the answer on its
    /// own is at or below `red`: "I'm not worried about the platform" is
    /// not taken back by a load test mentioned an hour later. Returns
    /// whether it set any aside, and the factor the passing hits for the
    /// answer were scaled by.
    fn set_aside_passing(&mut self, cap: f64, red: f64) -> (bool, f64) {
        if self.substantive_in_answer == 0 {
            self.any_red |= self.passing_red;
            return (false, 1.0);
        }
        let any = self.passing_against != 0.0;
        self.weight -= self.passing_against;
        self.passing_against = 0.0;
        let cap = if self.weight - self.passing_for <= red {
            0.0
        } else {
            cap
        };
        let mut scale = 1.0;
        if self.passing_for > cap {
            scale = cap / self.passing_for;
            self.weight -= self.passing_for - cap;
            self.passing_for = cap;
        }
        (any, scale)
    }
}

/// A question's tally, its listed hits and its lean hits, kept apart.
type Kept<'a> = (
    &'a mut Tally,
    &'a mut Vec<HitReport>,
    &'a mut Vec<(Judged, HitReport)>,
);

/// Keeps a judged hit for its question: a lean one apart (it counts only
/// as [`lean_in`] says), any other in the tally and, when described, among
/// the listed hits in turn order (a deflection held for a hand-off comes
/// in late).
fn keep(
    pack: &Pack,
    (tally, hits, lean): Kept,
    is_lean: bool,
    judgement: Judged,
    hit: Option<HitReport>,
) {
    match hit {
        Some(hit) if is_lean => lean.push((judgement, hit)),
        Some(hit) => {
            let at = hits.partition_point(|h| h.turn <= hit.turn);
            hits.insert(at, hit);
            tally.add(pack, &judgement);
        }
        None => tally.add(pack, &judgement),
    }
}

/// How much of a transcript's guessed prose has its hits held between
/// reading its evidence and scoring it (the rest is scanned again): a
/// forum post or a page of notes is scanned once, and a day of it needs no
/// more memory than a long answer.
const HELD_PROSE: usize = 4 * crate::scan::PIECE;

/// The rule hits of turn `index`, a batch at a time: a piece at a time
/// ([`crate::scan::pieces`]), or where `guessed` (prose whose topics were
/// guessed, the turn's role given) an answer with the opening sentence of
/// the next turn in view, its modifiers decided with it (the two as one
/// piece, or the answer alone where they are longer than one), and nothing
/// of a turn of another role.
fn turn_batches<'a>(
    engine: &'a Engine,
    transcript: &'a Transcript,
    index: usize,
    guessed: Option<Role>,
) -> Box<dyn Iterator<Item = Vec<Match>> + 'a> {
    let text = &transcript.turns[index].text;
    let pieces = || crate::scan::pieces(text).map(move |piece| scan_piece(engine, text, piece));
    match guessed {
        None => Box::new(pieces()),
        Some(Role::Answer) => {
            let next = transcript
                .turns
                .get(index + 1)
                .map_or("", |t| opening_sentence(&t.text));
            if next.is_empty() || text.len() + next.len() + 2 > crate::scan::PIECE {
                Box::new(pieces())
            } else {
                let both = format!("{text}\n\n{next}");
                Box::new(std::iter::once(engine.scan_before(&both, text.len())))
            }
        }
        Some(_) => Box::new(std::iter::empty()),
    }
}

/// Every rule hit in `piece` of `text`, placed in `text`.
fn scan_piece(engine: &Engine, text: &str, piece: std::ops::Range<usize>) -> Vec<Match> {
    let mut matches = engine.scan(&text[piece.clone()]);
    for m in &mut matches {
        m.shift(piece.start);
    }
    matches
}

/// Per question: the weight of the hits about it among `matches`, each
/// rule's weight as written, whatever its sign.
fn weights<'a>(pack: &Pack, matches: impl IntoIterator<Item = &'a Match>) -> Vec<f64> {
    let mut weight = vec![0.0f64; pack.questions.len()];
    for m in matches {
        if let Some(q) = pack.rules[m.rule].question {
            weight[q] += pack.rules[m.rule].weight.abs();
        }
    }
    weight
}

/// Prose that names no question, whose words cue none, and that speaks of
/// software work ([`Pack::speaks_of_work`]): a forum post or a story whose
/// paragraphs are about no question candor knows by its cues.
fn topicless_prose(transcript: &Transcript, interview: &Interview, pack: &Pack) -> bool {
    !interview.segments.is_empty()
        && interview
            .segments
            .iter()
            .all(|s| s.role == Role::Answer && s.question.is_none())
        && transcript
            .turns
            .iter()
            .any(|t| pack.speaks_of_work(&t.text))
}

/// Topicless prose ([`topicless_prose`]) read as an answer to the one
/// question its evidence weighs most for, a guess as any prose topic is:
/// its lean words then count there ("Escalation goes to the commander, two
/// tiers." is an answer on incidents), and a story all complaint is read
/// as one. Lean words alone elect a question only from two sentences (a
/// lean rule matches once a sentence): one word that leans ("the crop
/// rotation", "renting a flat") is no topic. `None` when nothing elects
/// one. Read a piece at a time, its hits not kept: scoring reads each turn
/// again.
fn topic_by_evidence(
    engine: &Engine,
    transcript: &Transcript,
    interview: &Interview,
) -> Option<Interview> {
    let pack = engine.pack();
    let n = pack.questions.len();
    let (mut weight, mut settled) = (vec![0.0f64; n], vec![0.0f64; n]);
    // Whether two distinct words lean to each question, each a match of one
    // span (a word beside a number, "rotated every ten", is the word's):
    // the first such word, and whether another came.
    let mut first: Vec<Option<(usize, Range<usize>)>> = vec![None; n];
    let mut two = vec![false; n];
    for (turn, segment) in interview.segments.iter().enumerate() {
        if segment.role != Role::Answer {
            continue;
        }
        for m in turn_batches(engine, transcript, turn, None).flatten() {
            let rule = &pack.rules[m.rule];
            let Some(q) = rule.question else {
                continue;
            };
            weight[q] += rule.weight.abs();
            if !rule.lean {
                settled[q] += rule.weight.abs();
            } else if let [word] = m.spans.as_slice() {
                match &first[q] {
                    None => first[q] = Some((turn, word.clone())),
                    Some(seen) => two[q] |= *seen != (turn, word.clone()),
                }
            }
        }
    }
    let best = (0..weight.len())
        .filter(|&q| settled[q] > 0.0 || two[q])
        .max_by(|&a, &b| weight[a].total_cmp(&weight[b]).then(b.cmp(&a)))?;
    let mut out = interview.clone();
    for s in &mut out.segments {
        s.question = Some(best);
        s.inferred = true;
    }
    out.asked[best] = true;
    Some(out)
}

/// Whether [`follow_evidence`] may move a paragraph to the question
/// before it: some guessed paragraph follows an answer about another
/// question. (A paragraph it moves takes the question of the answer before
/// it, so what it moves later still follows an answer about another
/// question as written.)
fn may_follow(interview: &Interview) -> bool {
    interview.segments.windows(2).any(|pair| {
        let [before, guessed] = pair else {
            return false;
        };
        guessed.role == Role::Answer
            && guessed.inferred
            && before.role == Role::Answer
            && matches!((before.question, guessed.question), (Some(a), Some(b)) if a != b)
    })
}

/// Prose whose topics were guessed paragraph by paragraph, where the
/// opening of a paragraph cues a new question but what the paragraph (and
/// those that followed its guess) says is evidence only about the question
/// before it: a LinkedIn post on how the roadmap is decided, whose "1. Every
/// initiative starts with a brief written by a PM and a tech lead" cues the
/// incident question's "PM". Those paragraphs go on with the question
/// before, and a question no turn is then about was not asked. `None` when
/// every guess holds. `evidence` is each turn's weight per question
/// ([`weights`]).
fn follow_evidence(interview: &Interview, evidence: &[Vec<f64>]) -> Option<Interview> {
    let segments = &interview.segments;
    let guessed = |k: usize| segments[k].role == Role::Answer && segments[k].inferred;
    let mut questions: Vec<Option<usize>> = segments.iter().map(|s| s.question).collect();
    let mut i = 0;
    while i < segments.len() {
        // The run of guessed paragraphs on the question guessed at `i`.
        let end = (i..segments.len())
            .find(|&j| !guessed(j) || segments[j].question != segments[i].question)
            .unwrap_or(segments.len());
        let prior = i
            .checked_sub(1)
            .filter(|&k| segments[k].role == Role::Answer)
            .and_then(|k| questions[k]);
        if let (true, Some(guess), Some(prior)) = (end > i, segments[i].question, prior) {
            let weight = |q: usize| evidence[i..end].iter().map(|w| w[q]).sum::<f64>();
            if prior != guess && weight(guess) == 0.0 && weight(prior) > 0.0 {
                questions[i..end].fill(Some(prior));
            }
        }
        i = end.max(i + 1);
    }
    if questions
        .iter()
        .zip(segments)
        .all(|(q, s)| *q == s.question)
    {
        return None;
    }
    let mut out = interview.clone();
    for (s, q) in out.segments.iter_mut().zip(&questions) {
        if let Some(lost) = s.question.filter(|&old| !questions.contains(&Some(old))) {
            out.asked[lost] = false;
        }
        s.question = *q;
    }
    Some(out)
}

/// Adds a question's lean hits ([`crate::pack::Rule::lean`]) to its tally
/// and its listed hits, where they say something: all of them when no
/// other hit counted (they decide the answer), and its words of a good
/// practice at half weight when every other counted hit speaks for the
/// answer. Nothing of them is added to an answer that evades or was cut
/// off, nor a lean evasion to an answer that says something counted of
/// another question (`says_something`).
fn lean_in(
    pack: &Pack,
    tally: &mut Tally,
    hits: &mut Vec<HitReport>,
    mut lean: Vec<(Judged, HitReport)>,
    no_answer: bool,
    says_something: bool,
) -> Leant {
    if says_something {
        lean.retain(|(j, _)| !pack.rules[j.rule].evasion);
    }
    if no_answer || lean.iter().all(|(j, _)| j.dropped) {
        return Leant::Not;
    }
    let alone = tally.substantive == 0;
    if !alone && (tally.against || tally.veto.is_some()) {
        return Leant::Not;
    }
    let evasive = alone
        && lean
            .iter()
            .any(|(j, _)| !j.dropped && pack.rules[j.rule].evasion);
    let mut beside = false;
    let others = hits.len();
    for (mut j, mut h) in lean {
        if !alone {
            // A word another counted hit holds already counts there.
            let held = |o: &HitReport| {
                o.turn == h.turn
                    && o.dropped.is_none()
                    && o.spans
                        .iter()
                        .any(|a| h.spans.iter().any(|b| a.0 < b.1 && b.0 < a.1))
            };
            if j.dropped || j.signal != Signal::Green || hits[..others].iter().any(held) {
                continue;
            }
            j.weight *= 0.5;
            h.weight = round3(j.weight);
            beside = true;
        }
        tally.add(pack, &j);
        hits.push(h);
    }
    if hits.len() > others {
        // In text order, as the hits of other rules are.
        hits.sort_by_key(|h| (h.turn, h.spans.first().map_or(0, |s| s.0)));
        hits.truncate(QuestionResult::MAX_HITS);
    }
    match (alone, beside) {
        (true, _) => Leant::Alone { evasive },
        (false, true) => Leant::Beside,
        (false, false) => Leant::Not,
    }
}

/// What a question's lean hits did ([`lean_in`]).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Leant {
    /// Nothing: not added.
    Not,
    /// They decided the answer, no other hit having counted; `evasive`
    /// when a lean evasion is among them.
    Alone { evasive: bool },
    /// Words of a good practice added at half weight beside the rest.
    Beside,
}

/// Settles a question's tally once all its hits are in: sets aside what
/// does not weigh against an answer given (passing mentions elsewhere,
/// vague words beside a good practice), and marks those of its listed
/// hits dropped, with why; passing mentions for an answer given add at
/// most half the way to green, and their listed weights say so.
fn settle(pack: &Pack, tally: &mut Tally, hits: &mut [HitReport]) {
    let (passing, scale) =
        tally.set_aside_passing(pack.thresholds.green / 2.0, pack.thresholds.red);
    let vague = tally.set_aside_vague();
    for h in hits.iter_mut().filter(|h| h.dropped.is_none()) {
        if scale < 1.0 && h.has(Modifier::OutOfAnswer) && h.weight > 0.0 {
            h.weight = (h.weight * scale * 1000.0).round() / 1000.0;
        }
        let why = if passing && h.has(Modifier::OutOfAnswer) && h.weight < 0.0 {
            Dropped::Passing
        } else if vague && pack.rules[h.rule_index].vague {
            Dropped::BesidePractice
        } else {
            continue;
        };
        h.weight = 0.0;
        h.dropped = Some(why);
    }
}

/// Weighs one match in its context.
fn judge(pack: &Pack, rule: &Rule, m: &Match, out_of_answer: bool, contradicted: bool) -> Judged {
    let f = &pack.factors;
    let mods = &m.modifiers;
    let mut signal = rule.signal;
    let mut factor = 1.0;
    let mut labels: SmallVec<[Modifier; 4]> = SmallVec::new();
    let mut dropped = false;
    if m.contained_in.is_some() {
        labels.push(Modifier::Contained);
        dropped = true;
    }
    if mods.negated && rule.on_negation != OnNegation::Ignore {
        labels.push(Modifier::Negated);
        match (rule.on_negation, signal) {
            (OnNegation::Flip, Signal::Green) => signal = Signal::Red,
            (OnNegation::Flip, Signal::Red) => signal = Signal::Green,
            _ => dropped = true,
        }
        factor *= f.negation;
    }
    // Vague words need their context: an amber hit outside its own
    // question's answer says nothing about that question.
    if out_of_answer && rule.signal == Signal::Amber {
        dropped = true;
    }
    // A rule about an ending is told in the past by nature: its past is
    // the present, never history.
    let (past, superseded) = match rule.on_past {
        OnPast::Discount => (mods.past, mods.superseded.is_some()),
        OnPast::Ignore => (false, false),
    };
    for (on, label, k) in [
        (past, Modifier::Past, f.past),
        // History and other employers count for nothing: dropped below.
        (superseded, Modifier::Superseded, 1.0),
        (
            mods.hypothetical && rule.on_hypothetical == OnHypothetical::Discount,
            Modifier::Hypothetical,
            f.hypothetical,
        ),
        (mods.reported, Modifier::Reported, f.reported),
        (mods.elsewhere, Modifier::Elsewhere, 1.0),
        (
            mods.contrast == Some(Contrast::Before),
            Modifier::Contrasted,
            f.contrast_before,
        ),
        (
            mods.contrast == Some(Contrast::After),
            Modifier::Emphasised,
            f.contrast_after,
        ),
        (out_of_answer, Modifier::OutOfAnswer, f.out_of_answer),
        // A good practice kept only now and then is no practice in place; a
        // red flag raised now and then is still one.
        (
            mods.occasional && signal == Signal::Green,
            Modifier::Occasional,
            f.occasional,
        ),
    ] {
        if on {
            labels.push(label);
            factor *= k;
        }
    }
    dropped |= superseded || mods.elsewhere;
    // In a panel, the next answerer said otherwise.
    if contradicted {
        labels.push(Modifier::Contradicted);
        dropped = true;
    }
    let sign = if signal == Signal::Green { 1.0 } else { -1.0 };
    let weight = if dropped {
        0.0
    } else {
        round3(sign * rule.weight * factor)
    };
    Judged {
        rule: m.rule,
        signal,
        weight,
        modifiers: labels,
        dropped,
    }
}

/// Why a judged hit was dropped: the first reason, in the order [`judge`]
/// applies them.
fn dropped_because(pack: &Pack, rule: &Rule, m: &Match, j: &Judged) -> Option<Dropped> {
    if !j.dropped {
        return None;
    }
    let mods = &m.modifiers;
    Some(if let Some(outer) = m.contained_in {
        Dropped::Contained(pack.rules[outer].id.clone())
    } else if j.has(Modifier::Negated)
        && !(rule.on_negation == OnNegation::Flip && rule.signal != Signal::Amber)
    {
        Dropped::Negated
    } else if j.has(Modifier::OutOfAnswer) && rule.signal == Signal::Amber {
        Dropped::Vague
    } else if let Some(r) = mods.superseded.filter(|_| j.has(Modifier::Superseded)) {
        Dropped::Superseded(pack.rules[r].id.clone())
    } else if mods.elsewhere {
        Dropped::Elsewhere
    } else {
        Dropped::Contradicted
    })
}

/// Describes a judged hit for the report: where it is, its words, why.
fn describe(pack: &Pack, rule: &Rule, m: &Match, j: &Judged, locator: &Locator) -> HitReport {
    let turn = locator.turn();
    let origin = locator.origin_at(m.range.start);
    let (excerpt, marks) = excerpt(&turn.text, m.range.clone(), &m.spans);
    let evidence = marks
        .into_iter()
        .map(|(start, end)| Evidence {
            text: excerpt[start..end].to_string(),
            start,
            end,
        })
        .collect();
    HitReport {
        rule: rule.id.clone(),
        rule_index: m.rule,
        signal: j.signal,
        weight: j.weight,
        modifiers: j.modifiers.to_vec(),
        matched: turn.text[m.range.clone()].to_string(),
        line: origin.line,
        time: origin.time.map(|t| t.to_string()),
        speaker: turn.speaker.as_deref().map(String::from),
        excerpt,
        evidence,
        message: rule.message.clone(),
        turn: 0,
        spans: m.spans.iter().map(|r| (r.start, r.end)).collect(),
        dropped: dropped_because(pack, rule, m, j),
    }
}

/// Whether a hit is affirmed: it counts, and was said plainly, of this
/// company, now (not negated, past, hypothetical or reported).
pub fn affirmed(h: &HitReport) -> bool {
    h.dropped.is_none() && !h.modifiers.iter().any(|m| m.unaffirms())
}

/// A fragment this short that breaks off is no answer: the call dropped
/// or someone talked over it.
const CUT_OFF_WORDS: usize = 15;

/// How a fragment that breaks off ends.
const BREAKS: [&str; 7] = [
    "-",
    "\u{2014}",
    "\u{2013}",
    "...",
    "\u{2026}",
    "[inaudible]",
    "[crosstalk]",
];

/// The words a turn gives its answer: none when it is a fragment that
/// breaks off ("so what we do is-", "we, um, we [inaudible]"), so that a
/// question cut off stays unanswered, while an answer that goes on in a
/// later turn still counts. `n` is the turn's words ([`count_words`]).
fn answer_words(text: &str, n: usize) -> usize {
    let end = text.trim_end();
    let fragment = n <= CUT_OFF_WORDS && BREAKS.iter().any(|tail| end.ends_with(tail));
    if fragment || n <= 2 * ACK_WORDS && acknowledges(text) {
        0
    } else {
        n
    }
}

/// A reply this long at most may be an acknowledgement and nothing more.
const ACK_WORDS: usize = 6;

/// Words that acknowledge without answering: "Fair enough.", "[laughs]
/// Sure, no problem.", "Okay, makes sense." Not "yes" or "no", which can
/// answer a question put as one.
fn is_ack(word: &str) -> bool {
    matches!(
        word,
        "ah" | "alright"
            | "all"
            | "absolutely"
            | "cool"
            | "enough"
            | "fair"
            | "fine"
            | "go"
            | "ahead"
            | "got"
            | "ha"
            | "haha"
            | "heh"
            | "hmm"
            | "it"
            | "makes"
            | "mm"
            | "noted"
            | "oh"
            | "ok"
            | "okay"
            | "problem"
            | "right"
            | "sense"
            | "sure"
            | "totally"
            | "understood"
            | "worries"
            | "um"
    )
}

/// Whether a short reply only acknowledges what the asker said, as after
/// "I'll skip the next one, it doesn't fit a company your size": no answer.
/// Bracketed stage directions ("[laughs]") are left out; "no" counts only
/// in "no problem" and "no worries".
fn acknowledges(text: &str) -> bool {
    let kept = crate::transcript::label::strip_brackets(text).to_ascii_lowercase();
    let words: Vec<&str> = kept
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    !words.is_empty()
        && words.len() <= ACK_WORDS
        && words.iter().enumerate().all(|(i, w)| {
            is_ack(w) || *w == "no" && matches!(words.get(i + 1), Some(&("problem" | "worries")))
        })
}

/// A reply this long at most may be a question turned back on the
/// candidate; a longer one says more than the question.
const ASK_BACK_WORDS: usize = 40;

/// A statement before the question back says nothing of the question when
/// it is this short ("Everyone asks that.", "Ha, good one.").
const ASK_BACK_LEAD_WORDS: usize = 6;

/// After the question back, one sentence this short may follow ("I'd love
/// to compare notes before I give you my version.").
const ASK_BACK_TAIL_WORDS: usize = 14;

/// Whether a reply turns the question back on the candidate instead of
/// answering it: short, a question put to them ("What would you say it is,
/// from what you've seen so far?", "Why, what have you heard from the
/// team?") with nothing before it but a few words and at most one short
/// sentence after it. Such a reply with no evidence of its own is a
/// deflection. `n` is the reply's words ([`count_words`]).
fn asks_back(text: &str, n: usize) -> bool {
    if n > ASK_BACK_WORDS {
        return false;
    }
    let text = text.trim();
    let mut rest = text;
    let mut to_you = false;
    let mut after_question = 0;
    while !rest.is_empty() {
        let end = rest.find(['.', '!', '?']).map_or(rest.len(), |i| i + 1);
        let (sentence, after) = rest.split_at(end);
        if sentence.ends_with('?') {
            to_you |= sentence
                .split(|c: char| !c.is_alphanumeric() && c != '\'')
                .any(|w| {
                    let w = w.to_ascii_lowercase();
                    matches!(
                        w.as_str(),
                        "you" | "your" | "you've" | "you'd" | "you're" | "yours" | "yourself"
                    )
                });
        } else if to_you {
            after_question += 1;
            if after_question > 1 || count_words(sentence) > ASK_BACK_TAIL_WORDS {
                return false;
            }
        } else if count_words(sentence) > ASK_BACK_LEAD_WORDS {
            return false;
        }
        rest = after.trim_start();
    }
    to_you
}

/// Whether an asking turn breaks off before its question ends: a dash,
/// not the ellipsis a lead-in trails off with ("And the magic wand...").
fn breaks_off(text: &str) -> bool {
    let end = text.trim_end();
    ["\u{2014}", "\u{2013}", " -", "--"]
        .iter()
        .any(|tail| end.ends_with(tail))
}

/// The words of complaint in a question's answer: those of the turns that
/// gave it words.
fn complaints(pack: &Pack, transcript: &Transcript, turns: &[usize]) -> Complaints {
    let mut all = Complaints::default();
    for &i in turns {
        all.merge(pack.complaints(&transcript.turns[i].text));
    }
    all
}

/// What [`verdict`] needs to know of a question's answer besides its hits.
struct Answer<'a> {
    asked: bool,
    words: usize,
    evasive: bool,
    /// Every word of the answer was given to a question the asker broke
    /// off; with nothing said of the question, it was not answered.
    cut_off: bool,
    /// The hits are lean words alone.
    leaning: bool,
    /// Its words of complaint, read where the answer may be told as one:
    /// long enough, and nothing counted in it.
    complaint: Option<&'a Complaints>,
}

/// How many of the words of complaint [`verdict`]'s reason quotes.
const COMPLAINTS_QUOTED: usize = 5;

fn verdict(pack: &Pack, question: &Question, tally: &Tally, answer: Answer) -> (Verdict, String) {
    let Answer {
        asked,
        words,
        evasive,
        cut_off,
        leaning,
        complaint,
    } = answer;
    let t = &pack.thresholds;
    if let Some(rule) = tally.veto {
        return (Verdict::Red, format!("red flag: {}", pack.rules[rule].id));
    }
    // A deflected question stays unanswered whatever was said of it elsewhere.
    // An answer that evades at least as much as it says ("Security. Not
    // going to discuss that.") is a deflection.
    let substantive = if evasive && tally.evidence_in_answer <= tally.evasion_in_answer {
        0
    } else if evasive {
        tally.substantive_in_answer
    } else {
        tally.substantive
    };
    if substantive == 0 {
        return if evasive {
            (Verdict::Unanswered, "deflected".to_string())
        } else if words == 0 || cut_off {
            let why = if cut_off {
                "the question was cut off"
            } else if asked {
                "asked, no answer"
            } else {
                "not asked"
            };
            (Verdict::Unanswered, why.to_string())
        } else if let Some(c) = complaint.filter(|c| {
            // `words` is not 0 here: the branch above took that.
            100.0 * c.count as f64 / words as f64 >= t.complaint_share
        }) {
            // A story of what goes wrong, in words no rule knows: "the
            // cost of doing that work was always too high in their eyes,
            // so it never got prioritised".
            let quoted: Vec<String> = c
                .said
                .iter()
                .take(COMPLAINTS_QUOTED)
                .map(|w| format!("\"{w}\""))
                .collect();
            let more = if c.said.len() > COMPLAINTS_QUOTED {
                ", ..."
            } else {
                ""
            };
            (
                Verdict::Red,
                format!(
                    "told as a complaint, nothing concrete: {} words of complaint in its {words} ({}{more})",
                    c.count,
                    quoted.join(", ")
                ),
            )
        } else {
            (Verdict::Amber, "answered, but nothing concrete".to_string())
        };
    }
    let (score, any_red) = (tally.weight, tally.any_red);
    // Never asked, and only passing mentions elsewhere: too little to judge,
    // unless they decide it. A red flag said in passing counts, and so does
    // a good practice in place said in passing ("we've had a blameless
    // post-mortem after every outage since 2021", while telling of the
    // on-call rota): the question is answered by evidence elsewhere. Not a
    // question whose answer is anything candid said of one's own stack (an
    // `answer_weight`: the magic wand): a complaint in passing is no answer
    // to it.
    let passing = tally.counted_in_answer == 0;
    let decided_in_passing = (score <= t.red && any_red)
        || (score >= t.green && tally.current && question.answer_weight == 0.0);
    if !asked && words == 0 && passing && !decided_in_passing {
        return (
            Verdict::Unanswered,
            "not asked; only passing mentions elsewhere".to_string(),
        );
    }
    // Evidence in the answer that all weighs against it, a red flag among
    // it, is a red answer however little of it there is ("We try to. Nothing
    // is scheduled for it."): nothing said for the answer makes it mixed.
    // Lean words alone are too little to decide so, and a red flag that is
    // only a plan is still only a plan.
    let all_against = tally.red_not_planned
        && !tally.for_it
        && tally.counted_in_answer > 0
        && !leaning
        && score < 0.0;
    if score <= t.red && any_red {
        (
            Verdict::Red,
            format!("at or below the red threshold {:.1}", t.red),
        )
    } else if all_against {
        (
            Verdict::Red,
            "all the evidence weighs against it, a red flag among it".to_string(),
        )
    } else if score >= t.green {
        if !tally.current {
            (Verdict::Amber, "only plans, history or hearsay".to_string())
        } else if asked && words > 0 && !tally.current_in_answer {
            (
                Verdict::Amber,
                "the practice is only mentioned outside the answer".to_string(),
            )
        } else if asked && words < t.thin_words && score < 2.0 * t.green {
            // A short answer is thin unless what it says weighs twice the
            // green threshold: a note's "rota of 8, paid, blameless
            // reviews" says three things in six words.
            (Verdict::Amber, format!("thin answer ({words} words)"))
        } else {
            (
                Verdict::Green,
                format!("at or above the green threshold {:.1}", t.green),
            )
        }
    } else {
        (Verdict::Amber, "mixed or vague".to_string())
    }
}

/// The overall result: the questions' mean, and how many were asked and
/// answered. Fewer than [`Overall::needed`] answers make it partial, and a
/// partial interview is at best amber: two good answers do not make a
/// healthy team. A red stays red, since one strong red flag decides
/// whatever else was said.
fn overall(pack: &Pack, questions: &[QuestionResult]) -> Overall {
    let (score, verdict) = aggregate(pack, questions.iter().map(|q| q.verdict));
    let asked = questions.iter().filter(|q| q.asked).count();
    let answered = questions.iter().filter(|q| q.answered).count();
    let partial = answered < Overall::needed(questions.len());
    let verdict = match verdict {
        Verdict::Green if partial => Verdict::Amber,
        v => v,
    };
    Overall {
        score,
        verdict,
        asked,
        answered,
        partial,
    }
}

/// Mean points (green 100, amber 50, red 0) of the answered verdicts.
fn aggregate(pack: &Pack, verdicts: impl Iterator<Item = Verdict>) -> (Option<u32>, Verdict) {
    let points: Vec<f64> = verdicts
        .filter_map(|v| match v {
            Verdict::Green => Some(100.0),
            Verdict::Amber => Some(50.0),
            Verdict::Red => Some(0.0),
            Verdict::Unanswered => None,
        })
        .collect();
    if points.is_empty() {
        return (None, Verdict::Unanswered);
    }
    let mean = points.iter().sum::<f64>() / points.len() as f64;
    let t = &pack.thresholds;
    let verdict = if mean >= t.category_green {
        Verdict::Green
    } else if mean < t.category_red {
        Verdict::Red
    } else {
        Verdict::Amber
    };
    (Some(mean.round() as u32), verdict)
}

/// An excerpt of `text` around `range`, cut at word edges, white space
/// folded, with `…` where it was cut; and the ranges of `marks` (matched
/// words, inside `range`) in it.
fn excerpt(
    text: &str,
    range: std::ops::Range<usize>,
    marks: &[std::ops::Range<usize>],
) -> (String, Vec<(usize, usize)>) {
    let mut start = range.start.saturating_sub(EXCERPT_CONTEXT);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    if start > 0 {
        // Start at the next word.
        match text[start..range.start]
            .char_indices()
            .find(|(_, c)| c.is_whitespace())
        {
            // Past the white space, which may be more than a byte (U+00A0).
            Some((ws, c)) => start += ws + c.len_utf8(),
            None => start = range.start,
        }
    }
    let mut end = (range.end + EXCERPT_CONTEXT).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    if end < text.len() {
        if let Some(ws) = text[range.end..end].rfind(char::is_whitespace) {
            end = range.end + ws;
        } else {
            end = range.end;
        }
    }
    folded(text, start..end, marks)
}

/// `text[within]` with white space folded to single spaces and `…` where
/// it was cut, and the ranges of `marks` in it: copied in runs between
/// the edges of the marks.
fn folded(
    text: &str,
    within: std::ops::Range<usize>,
    marks: &[std::ops::Range<usize>],
) -> (String, Vec<(usize, usize)>) {
    let (start, end) = (within.start, within.end);
    let mut out = String::with_capacity(end - start + 8);
    if start > 0 {
        out.push('…');
    }
    let mut found: Vec<(usize, usize)> = vec![(0, 0); marks.len()];
    let mut space = false;
    let boundary = |out: &mut String, space: &mut bool| {
        if *space {
            out.push(' ');
            *space = false;
        }
    };
    // Where a mark starts or ends: the text between two is copied in runs.
    let mut cuts: Vec<usize> = marks
        .iter()
        .flat_map(|m| [m.start, m.end])
        .filter(|&at| start <= at && at < end && text.is_char_boundary(at))
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut at = start;
    for cut in cuts.into_iter().chain([end]) {
        let mut rest = &text[at..cut];
        if is_plain(rest) {
            // Printable ASCII, spaces single: copied as it is, with what the
            // loop below makes of a space at either end.
            if let Some(inner) = rest.strip_prefix(' ') {
                space = !out.is_empty() && !out.ends_with('…');
                rest = inner;
            }
            let (inner, trailing) = match rest.strip_suffix(' ') {
                Some(inner) => (inner, true),
                None => (rest, false),
            };
            if !inner.is_empty() {
                boundary(&mut out, &mut space);
                out.push_str(inner);
            }
            if trailing {
                space = !out.is_empty() && !out.ends_with('…');
            }
            rest = "";
        }
        while !rest.is_empty() {
            match white_run(rest) {
                Some((0, run)) => {
                    space = !out.is_empty() && !out.ends_with('…');
                    rest = &rest[run..];
                }
                Some((word, _)) => {
                    boundary(&mut out, &mut space);
                    out.push_str(&rest[..word]);
                    rest = &rest[word..];
                }
                None => {
                    boundary(&mut out, &mut space);
                    out.push_str(rest);
                    rest = "";
                }
            }
        }
        at = cut;
        if cut == end {
            break;
        }
        for (k, m) in marks.iter().enumerate() {
            if m.start == cut {
                boundary(&mut out, &mut space);
                found[k].0 = out.len();
            }
            if m.end == cut {
                found[k].1 = out.len();
            }
        }
    }
    for (k, m) in marks.iter().enumerate() {
        if m.end == end {
            found[k].1 = out.len();
        }
    }
    if end < text.len() {
        out.push('…');
    }
    found.retain(|(a, b)| a < b);
    (out, found)
}

/// Whether `s` is printable ASCII with no two spaces together: nothing in
/// it to fold.
fn is_plain(s: &str) -> bool {
    s.bytes().all(|b| (b' '..0x7f).contains(&b)) && !s.contains("  ")
}

/// The first run of white space (as `char::is_whitespace` has it) in `s`:
/// where it starts and ends. Bytes, not chars, are read where they are
/// ASCII: excerpts are built for every hit.
fn white_run(s: &str) -> Option<(usize, usize)> {
    let bytes = s.as_bytes();
    let mut from = 0;
    // Only a space, a control byte or a byte of a longer character may
    // start white space: skip the rest without looking closer.
    let start = loop {
        let i = from + bytes[from..].iter().position(|&b| b <= b' ' || b >= 0x80)?;
        if white_at(s, i).is_some() {
            break i;
        }
        from = i + 1;
    };
    let mut end = start;
    while let Some(len) = white_at(s, end) {
        end += len;
    }
    Some((start, end))
}

/// The length of the white-space character starting at byte `i` of `s`,
/// if one does (`None` inside a character, too).
fn white_at(s: &str, i: usize) -> Option<usize> {
    let b = *s.as_bytes().get(i)?;
    if b < 0x80 {
        return (b == b' ' || (b'\t'..=b'\r').contains(&b)).then_some(1);
    }
    if !s.is_char_boundary(i) {
        return None;
    }
    let c = s[i..].chars().next()?;
    c.is_whitespace().then(|| c.len_utf8())
}

fn round2(x: f64) -> f64 {
    let r = (x * 100.0).round() / 100.0;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

fn round3(x: f64) -> f64 {
    let r = (x * 1000.0).round() / 1000.0;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_question_turned_back_is_no_answer() {
        let asks_back = |text: &str| asks_back(text, count_words(text));
        for reply in [
            "What would you say it is, from what you've seen so far?",
            "Why, what have you heard from the team?",
            "Everyone asks that. Which way do you lean?",
            "Ha. What does continuous learning look like to you?",
            "How do you measure it where you are now? I'd love to compare notes before I give you my version.",
        ] {
            assert!(asks_back(reply), "{reply}");
        }
        for reply in [
            // An answer that ends by checking it was understood.
            "We keep twenty percent of every sprint for debt, and the backlog is ranked by the team. Does that answer your question?",
            // A question, but not put to the candidate.
            "Can we talk about something that actually ships?",
            // More than one sentence after the question.
            "What would you do? We tried everything. Nothing worked for long, so we stopped.",
            "Twenty percent, every sprint.",
            // Long: the question at the end is not all it says.
            "Honestly it depends on the quarter and what the business needs, and we have tried a few things over the years that worked for a while and then stopped working, so I am never sure what to tell people, what would you do?",
        ] {
            assert!(!asks_back(reply), "{reply}");
        }
    }

    #[test]
    fn excerpt_cuts_at_words_and_marks_the_match() {
        let text = "a ".repeat(50) + "we never   blame people " + &"b ".repeat(50);
        let at = text.find("blame").unwrap();
        let (e, marks) = excerpt(&text, at..at + 5, std::slice::from_ref(&(at..at + 5)));
        let (s, t) = marks[0];
        assert_eq!(&e[s..t], "blame");
        assert!(e.starts_with('…') && e.ends_with('…'), "{e}");
        assert!(e.contains("we never blame people"), "{e}");
    }

    /// The excerpt as it was first written, a character at a time: the
    /// reference the run-copying one must agree with.
    fn excerpt_by_chars(
        text: &str,
        start: usize,
        end: usize,
        marks: &[std::ops::Range<usize>],
    ) -> (String, Vec<(usize, usize)>) {
        let mut out = String::new();
        if start > 0 {
            out.push('…');
        }
        let mut found = vec![(0, 0); marks.len()];
        let mut space = false;
        for (i, c) in text[start..end].char_indices() {
            let at = start + i;
            for (k, m) in marks.iter().enumerate() {
                if at == m.start {
                    if space {
                        out.push(' ');
                        space = false;
                    }
                    found[k].0 = out.len();
                }
                if at == m.end {
                    found[k].1 = out.len();
                }
            }
            if c.is_whitespace() {
                space = !out.is_empty() && !out.ends_with('…');
            } else {
                if space {
                    out.push(' ');
                    space = false;
                }
                out.push(c);
            }
        }
        for (k, m) in marks.iter().enumerate() {
            if m.end == end {
                found[k].1 = out.len();
            }
        }
        if end < text.len() {
            out.push('…');
        }
        found.retain(|(a, b)| a < b);
        (out, found)
    }

    proptest::proptest! {
        #[test]
        fn folding_agrees_with_one_char_at_a_time(
            words in proptest::collection::vec("[a-c]{1,4}|[ \\n\\t\\r\\x0B\\x0C]{1,3}|\\u{a0}|\\u{3000}|é|日", 1..60),
            edges in (0usize..400, 0usize..400),
            picks in proptest::collection::vec((0usize..400, 0usize..8), 0..4),
        ) {
            let text: String = words.concat();
            let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let at = |i: usize| bounds[i % bounds.len()];
            let (start, end) = (at(edges.0).min(at(edges.1)), at(edges.0).max(at(edges.1)));
            let marks: Vec<std::ops::Range<usize>> = picks
                .iter()
                .map(|&(a, len)| at(a)..bounds[(a % bounds.len() + len).min(bounds.len() - 1)])
                .collect();
            proptest::prop_assert_eq!(
                folded(&text, start..end, &marks),
                excerpt_by_chars(&text, start, end, &marks)
            );
        }
    }

    #[test]
    fn excerpt_starts_after_wide_white_space() {
        // Found by tests/properties.rs: the excerpt started one byte past
        // the start of a no-break space, inside it, and panicked.
        for space in ["\u{a0}", "\u{3000}", "\u{2028}"] {
            let text = format!("{}x{space}we blame people", "a".repeat(EXCERPT_CONTEXT));
            let at = text.find("blame").unwrap();
            let (e, marks) = excerpt(&text, at..at + 5, std::slice::from_ref(&(at..at + 5)));
            assert_eq!(e, "…we blame people");
            assert_eq!(&e[marks[0].0..marks[0].1], "blame");
        }
    }

    /// `answer` to `question` scored with the default pack, and again with
    /// `option` taken out of its files: each time the verdict and `rule`'s
    /// hit.
    fn with_and_without(
        option: &str,
        question: &str,
        answer: &str,
        rule: &str,
    ) -> [(Verdict, HitReport); 2] {
        let scored = |files: Vec<crate::pack::SourceFile>| {
            let pack = Pack::from_layers(&[files]).expect("the pack loads");
            let engine = Engine::new(&pack);
            let q = pack.question_index(question);
            let report = crate::ruletest::score_answer(&engine, answer, q);
            let result = &report.questions[q.expect("a question")];
            let hit = result.hits.iter().find(|h| h.rule == rule);
            (result.verdict, hit.expect("the rule hits").clone())
        };
        let mut without = Pack::builtin_files();
        for f in &mut without {
            f.text = f.text.replace(option, "");
        }
        [scored(Pack::builtin_files()), scored(without)]
    }

    #[test]
    fn a_rule_may_count_a_plan_as_said() {
        // The default pack's replace-developers rule says on_hypothetical =
        // "ignore"; with the default (discount) the plan is only a plan.
        let [(verdict, hit), (without, plan)] = with_and_without(
            "on_hypothetical = \"ignore\"",
            "ai-automation",
            "We plan to have AI replace our junior developers next year.",
            "ai-automation/replace-developers",
        );
        assert_eq!(
            (verdict, hit.has(Modifier::Hypothetical)),
            (Verdict::Red, false)
        );
        assert!(plan.has(Modifier::Hypothetical));
        assert_ne!(without, Verdict::Red);
    }

    #[test]
    fn a_rule_about_an_ending_is_the_present() {
        // The default pack's support-cut rule says on_past = "ignore": a
        // budget cut is told in the past and is what is so now. With the
        // default (discount), the cut is history that "nothing formal"
        // supersedes, and the answer comes out amber.
        let history = |h: &HitReport| h.has(Modifier::Past) || h.has(Modifier::Superseded);
        let [(verdict, hit), (without, story)] = with_and_without(
            "on_past = \"ignore\"",
            "learning",
            "We used to have money for the conferences, not anymore, the CFO cut it in the \
             cost reduction. So right now, yeah, nothing formal.",
            "learning/support-cut",
        );
        assert_eq!((verdict, history(&hit)), (Verdict::Red, false));
        assert!(history(&story));
        assert_ne!(without, Verdict::Red);
    }

    /// The overall result of questions given as letters, one a question:
    /// `G`, `A`, `R` answered with that verdict, `x` asked and unanswered,
    /// `-` neither.
    fn overall_of(questions: &str) -> Overall {
        let results: Vec<QuestionResult> = questions
            .chars()
            .enumerate()
            .map(|(i, c)| {
                let verdict = match c {
                    'G' => Verdict::Green,
                    'A' => Verdict::Amber,
                    'R' => Verdict::Red,
                    _ => Verdict::Unanswered,
                };
                QuestionResult {
                    id: format!("q{i}"),
                    number: i as u32 + 1,
                    category: "c".to_string(),
                    text: String::new(),
                    title: String::new(),
                    asked: c != '-',
                    answered: verdict != Verdict::Unanswered,
                    verdict,
                    score: 0.0,
                    reason: String::new(),
                    answer_words: 0,
                    hits_omitted: 0,
                    hits: Vec::new(),
                    follow_up: Vec::new(),
                }
            })
            .collect();
        overall(&crate::pack::builtin(), &results)
    }

    /// `(verdict, score, asked, answered, partial)`.
    fn summary(o: &Overall) -> (Verdict, Option<u32>, usize, usize, bool) {
        (o.verdict, o.score, o.asked, o.answered, o.partial)
    }

    #[test]
    fn fewer_than_three_answers_make_a_partial_report() {
        use Verdict::*;
        let cases = [
            ("----------", (Unanswered, None, 0, 0, true)),
            ("xxx-------", (Unanswered, None, 3, 0, true)),
            ("Gx--------", (Amber, Some(100), 2, 1, true)),
            ("GGx-------", (Amber, Some(100), 3, 2, true)),
            ("GGG-------", (Green, Some(100), 3, 3, false)),
            ("AA--------", (Amber, Some(50), 2, 2, true)),
            ("RG--------", (Amber, Some(50), 2, 2, true)),
            ("RR--------", (Red, Some(0), 2, 2, true)),
            ("R---------", (Red, Some(0), 1, 1, true)),
            ("RRR-------", (Red, Some(0), 3, 3, false)),
            ("GGGGAxxxxx", (Green, Some(90), 10, 5, false)),
        ];
        for (questions, want) in cases {
            assert_eq!(summary(&overall_of(questions)), want, "{questions}");
        }
    }

    #[test]
    fn a_small_pack_answered_in_full_is_not_partial() {
        // A pack of two questions cannot have three answers.
        assert!(!overall_of("GG").partial);
        assert_eq!(overall_of("GG").verdict, Verdict::Green);
        assert!(overall_of("Gx").partial);
        assert!(!overall_of("").partial);
    }

    #[test]
    fn excerpt_of_short_text_is_whole() {
        let (e, marks) = excerpt("no debt here", 3..7, std::slice::from_ref(&(3..7)));
        let (s, t) = marks[0];
        assert_eq!(e, "no debt here");
        assert_eq!((s, t), (3, 7));
    }

    /// Question `id` of the default pack's report of `text`, a transcript.
    fn default_question(text: &str, id: &str) -> QuestionResult {
        static ENGINE: std::sync::LazyLock<crate::Engine> =
            std::sync::LazyLock::new(|| crate::Engine::new(&crate::pack::builtin()));
        ENGINE
            .score_bytes(text.as_bytes(), "t.txt", &crate::ReadOptions::default())
            .unwrap()
            .questions
            .into_iter()
            .find(|q| q.id == id)
            .unwrap()
    }

    /// Question `id` of the default pack's report of one question asked and
    /// answered.
    fn default_answer(asking: &str, answer: &str, id: &str) -> QuestionResult {
        default_question(&format!("Me: {asking}\nCTO: {answer}\n"), id)
    }

    #[test]
    fn lean_words_decide_an_answer_nothing_else_counted_in_and_add_to_a_good_one() {
        let asking = "How do you balance new features against paying down technical debt?";
        fn lean(q: &QuestionResult) -> Vec<&str> {
            q.hits
                .iter()
                .filter(|h| pack_rule(h).lean)
                .map(|h| h.rule.as_str())
                .collect()
        }
        // Nothing else matched: a word of a healthy practice beside a
        // cadence is enough, and the reason says on what.
        let q = default_answer(
            asking,
            "Upgrades and hygiene, two days a month.",
            "tech-debt",
        );
        assert_eq!(q.verdict, Verdict::Green, "{q:#?}");
        assert!(q.reason.contains("lean words alone"), "{}", q.reason);
        assert_eq!(
            lean(&q),
            ["tech-debt/leans-concrete", "tech-debt/leans-green"]
        );
        // A word said three times counts once.
        let q = default_answer(
            asking,
            "Upgrades. More upgrades. Upgrades all round.",
            "tech-debt",
        );
        assert_eq!((q.verdict, q.score), (Verdict::Amber, 1.0), "{q:#?}");
        // Said negated first, it counts when it is then said plainly.
        let q = default_answer(
            asking,
            "No upgrades at first. Now upgrades, yes.",
            "tech-debt",
        );
        assert_eq!(q.score, 1.0, "{q:#?}");
        // Beside other evidence that all speaks for the answer, a word of a
        // good practice adds half its weight: one vendor named (1.5) and
        // "self-hosted" with a number beside it make a green.
        let buy = "Where do you sit on the build-vs-buy spectrum for core infrastructure?";
        let q = default_answer(
            buy,
            "Self-hosted Sentry and Okta, two of them.",
            "build-vs-buy",
        );
        assert_eq!((q.verdict, q.score), (Verdict::Green, 2.5), "{q:#?}");
        assert!(
            q.reason.contains("lean words at half weight"),
            "{}",
            q.reason
        );
        // A word another hit holds counts once, there.
        let q = default_answer(buy, "We use Okta for the logins.", "build-vs-buy");
        assert!(lean(&q).is_empty(), "{q:#?}");
        // Evidence against the answer: the lean words stay out.
        let q = default_answer(
            buy,
            "We try to use Okta, the self-hosted one, two of them.",
            "build-vs-buy",
        );
        assert!(lean(&q).is_empty(), "{q:#?}");
        assert_eq!(q.verdict, Verdict::Amber);
        // Negated, a word of a red flag says nothing.
        let q = default_answer(asking, "Honestly it's a luxury.", "tech-debt");
        assert_eq!(q.verdict, Verdict::Red, "{q:#?}");
        let q = default_answer(asking, "It's no luxury for us.", "tech-debt");
        assert_eq!(q.verdict, Verdict::Amber, "{q:#?}");
        // Alone, a word of a question handed on makes it a deflection.
        let q = default_answer(
            asking,
            "Hmm, the architect knows that better, honestly.",
            "tech-debt",
        );
        assert_eq!(q.verdict, Verdict::Unanswered, "{q:#?}");
        assert!(
            q.reason.starts_with("deflected; on lean words alone"),
            "{}",
            q.reason
        );
        // A lean word in the answer to another question says nothing of its own.
        let q = default_answer(
            asking,
            "There's a leaderboard, honestly.",
            "success-metrics",
        );
        assert!(q.hits.is_empty(), "{q:#?}");
    }

    #[test]
    fn a_problem_waved_away_is_a_red_flag_of_whatever_was_asked() {
        // The general lean rule: alone, words that wave a problem away make
        // a red of the question the answer is to, whichever it is.
        let cases = [
            (
                "How is the architecture evolving to handle the next 10x of growth?",
                "Growth isn't really our thing. The customer base is what it is.",
                "scaling",
            ),
            (
                "What's the plan for AI and automation in how you build?",
                "We deploy by hand, always have. Andrea watches the logs. Why change it?",
                "ai-automation",
            ),
        ];
        for (asking, answer, id) in cases {
            let q = default_answer(asking, answer, id);
            assert_eq!(q.verdict, Verdict::Red, "{q:#?}");
            assert!(q.reason.contains("lean words alone"), "{}", q.reason);
            assert_eq!(q.hits[0].rule, "general/leans-complacent");
        }
        // Beside a practice the answer names, they are not added: red lean
        // words count only alone.
        let q = default_answer(
            "What happens when production goes down at 3 AM?",
            "There's a weekly rota and blameless post-mortems. Who knows, it works.",
            "incident-response",
        );
        assert_eq!(q.verdict, Verdict::Green, "{q:#?}");
        assert!(
            q.hits.iter().all(|h| h.rule != "general/leans-complacent"),
            "{q:#?}"
        );
    }

    fn pack_rule(h: &HitReport) -> &'static crate::pack::Rule {
        static PACK: std::sync::LazyLock<Pack> = std::sync::LazyLock::new(crate::pack::builtin);
        &PACK.rules[h.rule_index]
    }

    #[test]
    fn a_fragment_that_breaks_off_is_no_answer() {
        let answer_words = |text: &str| answer_words(text, count_words(text));
        assert_eq!(
            answer_words("Ah, 3 AM, that one is a good story, so what we do is\u{2014}"),
            0
        );
        assert_eq!(answer_words("Oh, good one, so we, um, we [inaudible]"), 0);
        assert_eq!(answer_words("So we've got a -"), 0);
        assert_eq!(answer_words("We buy it."), 3);
        // An acknowledgement is no answer either.
        assert_eq!(answer_words("[laughs] Fair enough."), 0);
        assert_eq!(answer_words("Sure, no problem!"), 0);
        assert_eq!(answer_words("No."), 1);
        assert_eq!(answer_words("Okay. We buy it."), 4);
        // A long answer that trails off still said something.
        let long =
            "We run a weekly rota of six people and review every outage without names, and then...";
        assert_eq!(answer_words(long), count_words(long));

        let verdict_of = |text: &str| {
            let q = default_question(text, "incident-response");
            (q.verdict, q.reason)
        };
        let cut = "Me: What happens when production goes down at 3 AM?\n\
                   CTO: Ah, 3 AM, that one is a good story, so what we do is -\n\
                   Me: You froze. Let's move on: how do you keep the team learning?\n\
                   CTO: A conference each a year.\n";
        assert_eq!(
            verdict_of(cut),
            (Verdict::Unanswered, "asked, no answer".into())
        );
        // Cut off, then taken up again: the answer counts.
        let resumed = "Me: What happens when production goes down at 3 AM?\n\
                       CTO: Ah, 3 AM, so what we do is -\n\
                       Me: You froze there.\n\
                       CTO: Sorry. We have a weekly rota of six, paid, and blameless post-mortems.\n";
        assert_ne!(verdict_of(resumed).0, Verdict::Unanswered);
    }

    /// A question the asker breaks off is answered only by what is said of
    /// it: leaving for a board call is no answer, a wish named at once is.
    #[test]
    fn a_question_broken_off_is_answered_only_by_what_is_said_of_it() {
        let wand = |reply: &str| {
            default_question(
                &format!(
                    "Me: How do you handle tech debt?\n\
                     CTO: A fifth of every sprint, and a ranked debt backlog.\n\
                     Me: And the last one, if you had a magic wand and could\u{2014}\n\
                     CTO: {reply}\n\
                     Me: No worries, thank you.\n"
                ),
                "magic-wand",
            )
        };
        let q = wand(
            "Sorry, I have to stop you there. My board call has started and they are \
             waiting for me. HR will be in touch about next steps.",
        );
        assert_eq!(
            (q.verdict, q.reason.as_str()),
            (Verdict::Unanswered, "the question was cut off")
        );
        let q = wand("Ha, I know this one: our deploy pipeline, it takes two hours to ship a fix.");
        assert_ne!(q.verdict, Verdict::Unanswered, "{q:#?}");
        assert!(!breaks_off("We buy it - mostly."));
        assert!(breaks_off("what would you fix --"));
    }

    #[test]
    fn a_guessed_paragraph_goes_on_with_the_topic_its_evidence_is_about() {
        // A post on how the roadmap is decided, whose second paragraph
        // opens with the incident question's "PM" but speaks only of
        // planning: it goes on with planning, and the incident question
        // was never put.
        let post = "Our roadmap used to be decided without a single engineer in the room.\n\n\
            Now every initiative starts with a one-page brief written together by a PM \
            and a tech lead. Quarterly planning is one joint session: product, \
            engineering, sales.\n";
        let planning = default_question(post, "cross-functional");
        let second: Vec<&HitReport> = planning.hits.iter().filter(|h| h.line == 3).collect();
        assert!(!second.is_empty(), "{planning:#?}");
        assert!(
            second
                .iter()
                .all(|h| !h.modifiers.contains(&Modifier::OutOfAnswer)),
            "{planning:#?}"
        );
        assert_eq!(planning.verdict, Verdict::Green, "{planning:#?}");
        let incident = default_question(post, "incident-response");
        assert!(!incident.asked, "{incident:#?}");
        assert_eq!(incident.verdict, Verdict::Unanswered);
        // A paragraph whose evidence bears its guess out keeps it.
        let kept = "Our roadmap used to be decided without a single engineer in the room.\n\n\
            When the PM hears production is down at night, the on-call engineer is \
            paged and we write a blameless post-mortem the next day.\n";
        let incident = default_question(kept, "incident-response");
        assert!(incident.asked, "{incident:#?}");
        assert_eq!(incident.verdict, Verdict::Green, "{incident:#?}");
    }

    #[test]
    fn guessed_prose_scores_the_same_held_or_scanned_again() {
        // Prose whose second guessed paragraph opens with the incident
        // question's "PM" but speaks of planning, so that it goes on with
        // planning: its hits held from reading the evidence, or scanned
        // again to score them, give one report.
        let text = "Our roadmap used to be decided without a single engineer in the room.\n\n\
            Now every initiative starts with a one-page brief written together by a PM \
            and a tech lead. Quarterly planning is one joint session: product, \
            engineering, sales.\n\n\
            Tech debt gets a fifth of every sprint.\n";
        let engine = crate::Engine::new(&crate::pack::builtin());
        let transcript =
            crate::read_transcript(text.as_bytes(), "t.txt", &crate::ReadOptions::default())
                .unwrap();
        let interview = crate::segment::segment(&transcript, engine.pack(), None);
        assert!(may_follow(&interview), "{interview:#?}");
        let held = score_holding(&engine, &transcript, &interview, "t.txt", usize::MAX);
        let again = score_holding(&engine, &transcript, &interview, "t.txt", 0);
        assert_eq!(format!("{held:?}"), format!("{again:?}"));
        let planning = held.questions.iter().find(|q| q.id == "cross-functional");
        assert_eq!(
            planning.map(|q| q.verdict),
            Some(Verdict::Green),
            "{held:#?}"
        );
    }

    #[test]
    fn prose_put_behind_at_the_start_of_the_next_paragraph_is_past() {
        let story = "Three years ago our roadmap was decided in a room without engineers. \
            Sales promised, product translated, engineering delivered and mostly missed \
            the dates.\n\n";
        let now = "Every initiative starts with a one-page brief written together by a PM \
            and a tech lead. Quarterly planning is one joint session for product, \
            engineering and sales.\n";
        let planning = |text: &str| default_question(text, "cross-functional");
        let wall = |q: &QuestionResult| hit(q, "cross-functional/over-the-wall").clone();
        let q = planning(&format!("{story}What we changed at Lumenfeld:\n\n{now}"));
        assert!(wall(&q).modifiers.contains(&Modifier::Past), "{q:#?}");
        assert_eq!(q.verdict, Verdict::Green, "{q:#?}");
        // Without it, the story is what happens.
        let q = planning(&format!("{story}{now}"));
        assert!(!wall(&q).modifiers.contains(&Modifier::Past), "{q:#?}");
        assert_eq!(q.verdict, Verdict::Red, "{q:#?}");
    }

    #[test]
    fn notes_under_a_named_topic_are_no_guess() {
        // Every bullet under "features vs debt:" cues tech debt again; the
        // topic is named, not guessed, so the candid complaint among them
        // answers no magic-wand question nobody asked.
        let notes = "- features vs debt:\n\
            \x20 - 20% of each sprint goes on the debt board, PMs can't touch it\n\
            \x20 - what hurts most is the old PHP billing service nobody wants to touch\n\
            - build or buy:\n\
            \x20 - buys auth and billing, builds the routing engine\n";
        let q = default_question(notes, "magic-wand");
        assert_eq!(q.verdict, Verdict::Unanswered, "{q:#?}");
        assert!(!q.hits.is_empty(), "{q:#?}");
        assert_eq!(default_question(notes, "tech-debt").verdict, Verdict::Green);
        // Prose whose topics are all guessed still counts what it says of
        // a question no paragraph is about.
        let prose = "We put 20% of each sprint on the debt board and PMs can't touch it. \
            What hurts most is the old PHP billing service nobody wants to touch.\n";
        let q = default_question(prose, "magic-wand");
        assert_ne!(q.verdict, Verdict::Unanswered, "{q:#?}");
    }

    #[test]
    fn a_note_in_brackets_leaves_a_topic_line_a_heading() {
        // "debt / cleanup (the big one for me):" names debt in two words;
        // its aside made it a sentence of eight, read as a guess, and the
        // Jira under it answered build-vs-buy.
        let notes = "debt / cleanup (the big one for me):\n\
            \x20* 15% per sprint + a fix-it week each quarter\n\
            \x20* backlog in Jira, tagged\n\n\
            learning (budget?):\n\
            \x20* 1,500 each, conference days on top\n";
        let q = default_question(notes, "build-vs-buy");
        assert_eq!(q.verdict, Verdict::Unanswered, "{q:#?}");
        assert!(!q.hits.is_empty(), "{q:#?}");
        assert_eq!(default_question(notes, "tech-debt").verdict, Verdict::Green);
        // A paragraph that opens in brackets it does not close there is no
        // heading: it names a question it did not ask.
        let aside = "roadmap with product:\n\
            \x20* joint quarterly planning, engineering in the room\n\n\
            (Meant to ask the magic-wand question - forgot. We went straight to salaries.)\n";
        assert!(!default_question(aside, "magic-wand").asked);
    }

    #[test]
    fn a_short_answer_is_thin_unless_it_says_a_lot() {
        let asking = "What happens when production goes down at 3 AM?";
        let q = default_answer(asking, "A weekly rota.", "incident-response");
        assert_eq!(q.verdict, Verdict::Amber, "{q:#?}");
        assert!(q.reason.starts_with("thin answer"), "{q:#?}");
        let q = default_answer(
            asking,
            "Rota of 8, paid, blameless reviews.",
            "incident-response",
        );
        assert!(q.score >= 4.0, "{q:#?}");
        assert_eq!(q.verdict, Verdict::Green, "{q:#?}");
    }

    #[test]
    fn a_so_so_mark_starts_a_bullet_of_its_own() {
        // "~" beside "+" and "-": its line was run on into the one above.
        let notes = "DUNMORE BANK - OMAR (VP ENG)\n\
            + debt: 20% of every sprint, tracked register\n\
            ~ metrics: velocity and story points\n\
            + learning: 1k budget a year, conference days\n";
        let q = default_question(notes, "success-metrics");
        assert!(q.asked, "{q:#?}");
        assert_eq!(q.verdict, Verdict::Amber, "{q:#?}");
        let q = default_question(notes, "tech-debt");
        assert!(
            q.hits.iter().all(|h| !h.excerpt.contains("velocity")),
            "{q:#?}"
        );
    }

    #[test]
    fn an_answer_is_judged_on_itself_not_on_passing_mentions() {
        let metrics = |text: &str| default_question(text, "success-metrics");
        // Velocity as a target, said in the tech-debt answer, does not
        // weigh against a metrics answer that names outcomes (it made
        // this answer amber, +0.8, before).
        let answered = "Me: How do you balance features against tech debt?\n\
            CTO: We rank the teams by velocity, so debt waits. We fix it when it hurts.\n\
            Me: How do you measure engineering success?\n\
            CTO: Conversion on checkout, reviewed every month with the CEO.\n";
        let q = metrics(answered);
        assert_eq!(q.verdict, Verdict::Green, "{q:#?}");
        let passing: Vec<_> = q
            .hits
            .iter()
            .filter(|h| h.dropped == Some(Dropped::Passing))
            .collect();
        assert!(!passing.is_empty(), "{q:#?}");
        assert!(passing.iter().all(|h| h.weight == 0.0));
        // Never asked: the passing red flag is all there is, and counts.
        let unasked = "Me: How do you balance features against tech debt?\n\
            CTO: We rank the teams by velocity, so debt waits. We fix it when it hurts.\n";
        let q = metrics(unasked);
        assert!(q.hits.iter().all(|h| h.dropped != Some(Dropped::Passing)));
        assert!(q.score < 0.0, "{q:#?}");
    }

    #[test]
    fn a_good_practice_told_in_passing_answers_a_question_never_asked() {
        // The 3 AM question was never put, but the answer on technical risk
        // tells of a blameless post-mortem after every outage and a rota
        // shared by all: evidence enough, in passing, for green.
        let decided = "Me: What is the biggest technical risk to the platform?\n\
            CTO: The billing monolith. We're splitting it this year, and after every \
            outage we hold a blameless post-mortem. The on-call rota is shared by all \
            eight engineers, a week each, with a paid day off after.\n";
        let q = default_question(decided, "incident-response");
        assert!(!q.asked, "{q:#?}");
        assert_eq!(q.verdict, Verdict::Green, "{q:#?}");
        // Praise short of the green threshold is no answer.
        let slight = "Me: What is the biggest technical risk to the platform?\n\
            CTO: The billing monolith. We're splitting it this year; the on-call folks \
            will like that.\n";
        let q = default_question(slight, "incident-response");
        assert_eq!(q.verdict, Verdict::Unanswered, "{q:#?}");
        assert_eq!(q.reason, "not asked; only passing mentions elsewhere");
        // Nor is anything candid said elsewhere an answer to the magic wand.
        let candid = "Me: How do you balance features against tech debt?\n\
            CTO: Badly. Our deploy pipeline takes forty minutes and the billing \
            service is a nightmare nobody wants to touch.\n";
        let q = default_question(candid, "magic-wand");
        assert!(!q.asked, "{q:#?}");
        assert_eq!(q.verdict, Verdict::Unanswered, "{q:#?}");
    }

    #[test]
    fn passing_mentions_add_at_most_half_the_way_to_green() {
        // A risk named only in passing ("everything is a risk... but we have
        // good people") is not made green by the plans told under scaling.
        let text = "Me: What is the biggest technical risk to the platform?\n\
            CTO: In fintech everything is a risk. Regulation, security, you name it. \
            But we have very good people.\n\
            Me: How is the architecture evolving for the next 10x growth?\n\
            CTO: Right now the transaction core is one service in one region. This year \
            we split it: payments and notifications go onto their own services. Next year \
            we add a second region with a local data centre partner. And every month we \
            load test at five times the last salary-day peak.\n";
        let q = default_question(text, "technical-risk");
        assert_eq!(q.verdict, Verdict::Amber, "{q:#?}");
        let passing: f64 = q
            .hits
            .iter()
            .filter(|h| h.has(Modifier::OutOfAnswer))
            .map(|h| h.weight)
            .sum();
        assert!((passing - 1.0).abs() < 0.01, "{q:#?}");
        let own: f64 = q
            .hits
            .iter()
            .filter(|h| !h.has(Modifier::OutOfAnswer))
            .map(|h| h.weight)
            .sum();
        assert!((q.score - own - passing).abs() < 0.01, "{q:#?}");
    }

    /// The first listed hit of `rule` in `q`.
    fn hit<'a>(q: &'a QuestionResult, rule: &str) -> &'a HitReport {
        q.hits
            .iter()
            .find(|h| h.rule == rule)
            .unwrap_or_else(|| panic!("no hit of {rule}: {q:#?}"))
    }

    #[test]
    fn half_a_negation_is_a_practice_kept_now_and_then() {
        let q = default_answer(
            "What happens when production goes down at 3 AM?",
            "Whoever is on call fixes it, and our post-mortems are not entirely blameless.",
            "incident-response",
        );
        let blameless = hit(&q, "incident-response/blameless-postmortems");
        assert!(blameless.has(Modifier::Occasional), "{q:#?}");
        assert!(!blameless.has(Modifier::Negated), "{q:#?}");
    }

    #[test]
    fn a_practice_on_paper_is_the_weak_side_of_a_contrast() {
        let q = default_answer(
            "What happens when production goes down at 3 AM?",
            "There's an on-call rotation, on paper. In practice it's whoever's awake.",
            "incident-response",
        );
        let rota: Vec<_> = q
            .hits
            .iter()
            .filter(|h| h.signal == Signal::Green)
            .collect();
        assert!(!rota.is_empty(), "{q:#?}");
        assert!(rota.iter().all(|h| h.has(Modifier::Contrasted)), "{q:#?}");
    }

    #[test]
    fn a_number_after_it_was_is_no_era() {
        // "it was eighty-eight" is a figure, not "that was 2015" or "that
        // was the eighties": the next sentence is told now.
        let q = default_answer(
            "How is engineering success measured?",
            "Usable plates are at ninety-six percent. It was eighty-eight. \
             I don't count tickets or commits.",
            "success-metrics",
        );
        let rejects = hit(&q, "success-metrics/rejects-volume");
        assert!(!rejects.has(Modifier::Past), "{q:#?}");
    }

    #[test]
    fn a_short_sentence_with_its_own_subject_is_no_fragment_of_a_story() {
        let q = default_answer(
            "How is engineering success measured?",
            "A year ago usable plates were at eighty-eight percent. \
             I don't count tickets or commits.",
            "success-metrics",
        );
        let rejects = hit(&q, "success-metrics/rejects-volume");
        assert!(!rejects.has(Modifier::Past), "{q:#?}");
    }

    #[test]
    fn we_have_since_tells_the_present() {
        let q = default_answer(
            "Where do you sit on build versus buy?",
            "When I joined we built everything ourselves. We've since moved to \
             managed services for anything that isn't core.",
            "build-vs-buy",
        );
        let vendors = hit(&q, "build-vs-buy/uses-vendors");
        assert!(!vendors.has(Modifier::Past), "{q:#?}");
        assert_eq!(q.verdict, Verdict::Green, "{q:#?}");
    }

    #[test]
    fn a_bosss_opinion_is_reported() {
        let q = default_answer(
            "What is your vision for AI in the development lifecycle?",
            "The CEO thinks AI can replace half the team. I think that's nonsense; \
             we use Copilot with mandatory review.",
            "ai-automation",
        );
        let replace = hit(&q, "ai-automation/replace-developers");
        assert!(replace.has(Modifier::Reported), "{q:#?}");
        assert_ne!(q.verdict, Verdict::Red, "{q:#?}");
    }

    #[test]
    fn what_stopped_a_past_practice_is_the_present() {
        let q = default_answer(
            "How does engineering work with product and sales?",
            "Sales used to sell features we didn't have. That stopped when we \
             started joint quarterly planning with product and engineering.",
            "cross-functional",
        );
        let joint = hit(&q, "cross-functional/joint-planning");
        assert!(joint.modifiers.is_empty(), "{q:#?}");
        assert_eq!(q.verdict, Verdict::Green, "{q:#?}");
    }

    #[test]
    fn if_we_had_the_budget_is_a_wish() {
        let q = default_answer(
            "How do you foster learning?",
            "If we had the budget we'd send people to conferences. We don't.",
            "learning",
        );
        assert!(
            q.hits
                .iter()
                .filter(|h| h.signal == Signal::Green)
                .all(|h| h.has(Modifier::Hypothetical)),
            "{q:#?}"
        );
        assert_ne!(q.verdict, Verdict::Green, "{q:#?}");
    }

    #[test]
    fn a_negated_practice_a_current_one_replaced_is_history() {
        let q = default_answer(
            "How do you balance new features against technical debt?",
            "We don't do fix-it weeks anymore; instead twenty percent of each sprint \
             is ring-fenced for debt.",
            "tech-debt",
        );
        let fix_it = q
            .hits
            .iter()
            .find(|h| h.matched == "fix-it weeks")
            .expect("the old practice is found");
        assert!(fix_it.has(Modifier::Superseded), "{q:#?}");
        assert_eq!(fix_it.weight, 0.0, "{q:#?}");
        assert_eq!(q.verdict, Verdict::Green, "{q:#?}");
    }

    #[test]
    fn evidence_that_all_weighs_against_an_answer_with_a_red_flag_is_red() {
        let debt = |answer: &str| {
            default_question(
                &format!("Me: How do you balance features against tech debt?\nCTO: {answer}\n"),
                "tech-debt",
            )
        };
        // One red hit short of the red threshold, nothing for the answer.
        let q = debt("We try to. Nothing is scheduled for it, honestly.");
        assert!(q.score > -2.0 && q.score < 0.0, "{q:#?}");
        assert_eq!(q.verdict, Verdict::Red, "{q:#?}");
        assert_eq!(
            q.reason,
            "all the evidence weighs against it, a red flag among it"
        );
        // A good practice beside it makes the answer mixed.
        let q =
            debt("Nothing is scheduled for it, but we keep a debt backlog we rank every quarter.");
        assert_ne!(q.verdict, Verdict::Red, "{q:#?}");
    }

    #[test]
    fn an_answer_told_as_a_complaint_with_nothing_concrete_is_red() {
        const COMPLAINT: &str = "Honestly? It's a mess. Nobody here can say what the old \
            billing code does, the people who wrote it left years ago, and every release is a \
            scramble. We can't touch it, we don't have the people, and I'm not going to pretend \
            otherwise. The board doesn't want to hear about it, the product folks don't either, \
            and the engineers are tired of hearing me say next quarter. It's not great, and it's \
            not getting better on its own.";
        let asked = |question: &str, answer: &str, id: &str| {
            default_question(&format!("Me: {question}\nCTO: {answer}\n"), id)
        };
        let debt = "How do you balance new features against technical debt?";
        let q = asked(debt, COMPLAINT, "tech-debt");
        assert!(q.hits.iter().all(|h| h.weight == 0.0), "{q:#?}");
        assert_eq!(q.verdict, Verdict::Red, "{q:#?}");
        assert!(
            q.reason.starts_with(
                "told as a complaint, nothing concrete: 10 words of complaint in its 79 \
                 (\"mess\", \"nobody\", \"scramble\", \"can't\", \"don't\", ...)"
            ),
            "{}",
            q.reason
        );
        // Too short to be told as one: the first two sentences alone.
        let short = &COMPLAINT[..COMPLAINT.find("We can't").unwrap()];
        let q = asked(debt, short, "tech-debt");
        assert_eq!(q.verdict, Verdict::Amber, "{q:#?}");
        assert_eq!(q.reason, "answered, but nothing concrete");
        // A question that asks for a problem (`complaint = false`): the
        // complaint is the candid answer.
        let wand = "If you had a magic wand, what one thing would you fix?";
        let q = asked(wand, COMPLAINT, "magic-wand");
        assert!(!q.reason.contains("complaint"), "{q:#?}");
        assert_ne!(q.verdict, Verdict::Red, "{q:#?}");
        // Evidence decides where there is some: a practice named among the
        // complaints is no story of neglect.
        let practice = format!("{COMPLAINT} Still, twenty percent of every sprint goes to debt.");
        let q = asked(debt, &practice, "tech-debt");
        assert!(!q.reason.contains("complaint"), "{q:#?}");
    }

    #[test]
    fn passing_mentions_do_not_take_back_a_red_answer() {
        // "Not worried" is the answer; a load test told under scaling does
        // not lift it out of red.
        let text = "Me: What is the biggest technical risk to the platform?\n\
            CTO: Honestly I don't see a big one. It's been stable for a year. \
            I'm not worried about the platform.\n\
            Me: How is the architecture evolving for the next 10x growth?\n\
            CTO: Every month we load test at five times the last peak, and this year \
            we split the billing service out of the monolith.\n";
        let q = default_question(text, "technical-risk");
        assert_eq!(q.verdict, Verdict::Red, "{q:#?}");
        assert!(
            q.hits
                .iter()
                .filter(|h| h.has(Modifier::OutOfAnswer))
                .all(|h| h.weight <= 0.0),
            "{q:#?}"
        );
    }

    #[test]
    fn a_candid_magic_wand_answer_earns_its_answer_weight() {
        let wand = |answer: &str| {
            let asking = "If you had a magic wand, what one thing would you fix?";
            let q = default_answer(asking, answer, "magic-wand");
            (q.verdict, q.reason)
        };
        // One weak hit (the system it names): amber on its hits alone.
        let (verdict, reason) = wand(
            "Honestly the warehouse sync. It runs overnight and half the mornings \
             somebody is chasing a mismatch between the two stock counts.",
        );
        assert_eq!(verdict, Verdict::Green, "{reason}");
        assert!(
            reason.contains("+1.0 for an answer of its own (answer_weight)"),
            "{reason}"
        );
        // Too short, or with no evidence of its own: nothing earned.
        let (verdict, reason) = wand("The warehouse sync.");
        assert_ne!(verdict, Verdict::Green, "{reason}");
        assert!(!reason.contains("answer_weight"), "{reason}");
        let (_, reason) = wand("Probably our reporting layer, the numbers come out differently depending on which screen you look at.");
        assert!(!reason.contains("answer_weight"), "{reason}");
        // A denial stays red: a veto decides whatever the answer earns.
        let (verdict, reason) = wand("Honestly nothing. We're in great shape, the team is brilliant and the stack is modern.");
        assert_eq!(verdict, Verdict::Red);
        assert!(!reason.contains("answer_weight"), "{reason}");
    }

    #[test]
    fn an_answer_that_evades_as_much_as_it_says_is_a_deflection() {
        let risk = |answer: &str| {
            let asking = "What is the biggest technical risk to the platform, and how are you mitigating it?";
            let q = default_answer(asking, answer, "technical-risk");
            (q.verdict, q.reason)
        };
        // It was amber, "mixed or vague": the risk named weighed as much as
        // the refusal.
        assert_eq!(
            risk("Security. Not going to discuss that."),
            (Verdict::Unanswered, "deflected".to_string())
        );
        let (verdict, _) = risk(
            "Security is the big one. We patch every month, we run a pen test every \
             quarter and we fixed all the findings from the last one. I won't go into the \
             findings, though.",
        );
        assert_ne!(verdict, Verdict::Unanswered);
    }

    #[test]
    fn a_buzzword_beside_a_good_practice_is_set_aside() {
        let scaling = |answer: &str| {
            let asking = "How is the architecture evolving for the next 10x growth?";
            default_answer(asking, answer, "scaling")
        };
        // Amber (+1.0) before: the buzzword took 1.0 from the load test.
        let q = scaling("We run a load test before every season, and we are moving to Kubernetes.");
        assert_eq!(q.verdict, Verdict::Green, "{q:#?}");
        let buzz = q
            .hits
            .iter()
            .find(|h| h.rule == "scaling/buzzword-rewrite")
            .unwrap();
        assert_eq!(buzz.dropped, Some(Dropped::BesidePractice));
        assert_eq!(buzz.weight, 0.0);
        // Buzzwords alone still count.
        let q = scaling("Microservices and Kubernetes, that whole cloud-native direction.");
        assert_ne!(q.verdict, Verdict::Green);
        assert!(q.hits.iter().all(|h| h.dropped.is_none()), "{q:#?}");
    }

    #[test]
    fn hurried_notes_with_arrows_and_topics_over_bullets_are_read() {
        // Topics over indented bullets, with no blank lines, in plain text.
        let notes = "globex / VP eng -- 2nd round\n\
                     tech debt?\n  \
                     - \"features always win here, debt is a luxury\"\n  \
                     - no allocation at all\n\
                     learning\n  \
                     - $2k/yr learning budget per eng\n  \
                     - 1 hack day / month, ppl actually use it\n";
        assert_eq!(default_question(notes, "tech-debt").verdict, Verdict::Red);
        assert_eq!(default_question(notes, "learning").verdict, Verdict::Green);
        // One topic a line, the answer after an arrow.
        let notes = "initech cto, 30 min, zoom\n\n\
                     TD -> \"we do a debt sprint every quarter\" -> and a debt backlog they track\n\
                     3am? -> always paged to steve, he knows everything -> one hero, burnout\n\
                     AI -> goal is fewer devs, AI writes the code, cut eng headcount 30%\n";
        assert!(default_question(notes, "incident-response").answered);
        assert_eq!(
            default_question(notes, "ai-automation").verdict,
            Verdict::Red
        );
        assert!(default_question(notes, "tech-debt").answered);
        // Under a Markdown heading, a short line over bullets is no topic of
        // its own: the bullets stay that heading's answer.
        let notes = "## Tech debt\n\nPlan:\n- a fifth of every sprint goes to the debt backlog\n";
        let q = default_question(notes, "tech-debt");
        assert_eq!(q.verdict, Verdict::Green, "{q:#?}");
    }
}
