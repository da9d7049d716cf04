//! Segmentation: who asks, who answers, and which question each answer is to.
//!
//! Who asks is decided in `roles`: the `--asker` name, else the speaker
//! who brings up the pack's questions and asks them, else labels, else a
//! guess from how question-like each speaker's turns are. Notes without
//! speakers have no asker (nor do notes whose "labels" are their topics,
//! `Tech Debt: ...`): a one-line paragraph ending in `?` is a question, all
//! else is answer text. A question is recognised in `questions` by an
//! explicit number first (`Q3`, `Question 3`, `3.`), then by the pack's cues
//! (cues first when two or more numbered questions cue others than their
//! numbers: the numbering is the note-taker's own). A turn may ask several
//! questions, and its answer is to all of them. An asking turn that names
//! none is a follow-up and stays with the current question, unless it opens
//! a question of its own, whose answer is then to the question its evidence
//! weighs most for. In a panel, an answer the next answerer contradicts
//! does not count (`panels`).

mod panels;
mod questions;
mod roles;

use std::collections::HashMap;

use crate::pack::Pack;
use crate::transcript::revisit::{corrects, revisit};
use crate::transcript::{count_words, topic_lead, Transcript, TurnKind};

use panels::{mark_contradicted, mark_corrected, mark_handed_off, mark_taken_back, opening};
use questions::{
    answer_numbers, asked_questions, is_commentary, later_topic, list_reference,
    looks_like_question_line, number_in, numbered_items, opens_a_question, paragraph_topic,
    says_not_put, starts_not_put, NOT_ASKED,
};
use roles::{labels_are_topics, roles, speaker_key, Roles};

pub(crate) use questions::opening_sentence;

/// What a turn is in the interview.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The candidate asking; not scored.
    Ask,
    /// A heading in notes; not scored.
    Heading,
    /// Text of the answerer (or notes about what they said); scored.
    Answer,
}

/// A turn's role and the question it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub role: Role,
    /// Index into the pack's questions: the question being answered.
    pub question: Option<usize>,
    /// Other questions the same asking turn asked ("How do you handle tech
    /// debt, and who decides what gets built?"): the answer is to them too.
    pub also: Vec<usize>,
    /// Under a heading that names no question, after questions were named
    /// ("## My take", "## Follow-ups"): the note-taker's own words, so what
    /// is found there counts only in passing.
    pub aside: bool,
    /// Another answerer's next turn contradicts this one ("I'd disagree
    /// with that", "we haven't actually run one since 2022"): in a panel,
    /// what this turn claims does not count.
    pub contradicted: bool,
    /// The answerer takes this answer back in their next turn on the same
    /// question ("It's me." / "Every time?" / "No, wait, that was 2019.
    /// These days we've got a rotation of six"): what it says is the past.
    pub taken_back: bool,
    /// In a panel, this turn names the next answerer, who goes on with the
    /// same question ("Sorry, I have to jump. Marco, can you?" / "Sure. We
    /// trialled it..."): a deflection here hands the question on, and
    /// counts only if nobody takes it over.
    pub handed_off: bool,
    /// The question was guessed from the words of prose notes, not asked
    /// or named: what the text says of other questions is no aside.
    pub inferred: bool,
    /// The question asked named none the pack knows ("What keeps you up at
    /// night?"): the answer is to the one question, of those no other
    /// answer is about, that its evidence weighs most for.
    pub open: bool,
    /// The turn's words ([`count_words`]): counted once here for every
    /// later step that weighs a turn by its length.
    pub words: usize,
}

/// A transcript read as an interview.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Interview {
    /// The asker's label as the transcript writes it.
    pub asker: Option<String>,
    /// The main answerer's label.
    pub answerer: Option<String>,
    /// One per transcript turn.
    pub segments: Vec<Segment>,
    /// Per pack question: whether it was asked (or named by a heading).
    pub asked: Vec<bool>,
    pub warnings: Vec<String>,
}
/// Reads `transcript` as an interview. `asker` names the asker explicitly.
pub fn segment(transcript: &Transcript, pack: &Pack, asker: Option<&str>) -> Interview {
    let questions = &pack.questions;
    let mut warnings = Vec::new();
    // Notes whose "labels" are the topics (`Tech Debt: ...`, `On Call:
    // ...`) have no speakers: each label names its line's question.
    let topic_labels = labels_are_topics(transcript, pack);
    let words: Vec<usize> = transcript
        .turns
        .iter()
        .map(|t| count_words(&t.text))
        .collect();
    let roles = if topic_labels {
        Roles::default()
    } else {
        roles(transcript, &words, pack, asker, &mut warnings)
    };
    let asker_key = roles.asker;
    let has_speakers = roles.labelled;
    // Without speakers, which turns are lines that ask.
    let question_lines: Vec<bool> = transcript
        .turns
        .iter()
        .map(|t| {
            !has_speakers && t.kind != TurnKind::Comment && looks_like_question_line(&t.text, pack)
        })
        .collect();
    // Prose notes: no speakers, and no line that asks or heads a question.
    let prose = !has_speakers
        && !transcript
            .turns
            .iter()
            .zip(&question_lines)
            .any(|(t, &q)| t.kind == TurnKind::Heading || q);

    let mut keys: HashMap<&str, String> = HashMap::new();
    let asking: Vec<bool> = transcript
        .turns
        .iter()
        .zip(&question_lines)
        .map(|(turn, &question_line)| {
            let key = turn.speaker.as_deref().map(|label| {
                keys.entry(label)
                    .or_insert_with(|| speaker_key(label))
                    .clone()
            });
            match turn.kind {
                TurnKind::Heading => true,
                TurnKind::Comment => false,
                TurnKind::Speech => match (&key, &asker_key) {
                    (Some(k), Some(a)) => *k == *a,
                    // Unlabelled text in a labelled transcript is a header or aside.
                    (None, _) if has_speakers => false,
                    (None, _) => question_line,
                    (Some(_), None) => false,
                },
            }
        })
        .collect();
    // Each asking turn's number (`Q3`, `3.`) and the question its words cue.
    let asks: Vec<Option<(Option<u32>, Vec<usize>)>> = transcript
        .turns
        .iter()
        .zip(&asking)
        .map(|(turn, &asks)| {
            asks.then(|| {
                let number = turn
                    .speaker
                    .as_deref()
                    .and_then(number_in)
                    .or_else(|| number_in(&turn.text));
                let cued = asked_questions(&turn.text, pack);
                (number, cued)
            })
        })
        .collect();
    // Numbers name the pack's questions, unless the notes show they are the
    // note-taker's own: two or more numbered questions whose words name
    // another ("6. How will the architecture cope with 10x growth?").
    let own_numbering = asks
        .iter()
        .flatten()
        .filter(|(n, cued)| {
            let by_number = n.and_then(|n| questions.iter().position(|q| q.number == n));
            matches!((by_number, cued.first()), (Some(a), Some(b)) if a != *b)
        })
        .count()
        >= 2;

    // Numbered questions asked together, one a turn with no answer between
    // ("1. How do you balance feature work vs tech debt?", "2. What happens
    // when production goes down at 3am?"): a list of the candidate's own,
    // read by its words, when a number in it names another question.
    let mut own_list = vec![false; asks.len()];
    let mut run: Vec<usize> = Vec::new();
    let mut differs = false;
    for (i, ask) in asks.iter().chain([&None]).enumerate() {
        match ask {
            Some((Some(n), cued)) => {
                run.push(i);
                differs |= cued.first().is_some_and(|&q| questions[q].number != *n);
            }
            Some((None, _)) => {}
            None => {
                if run.len() > 1 && differs {
                    for &r in &run {
                        own_list[r] = true;
                    }
                }
                run.clear();
                differs = false;
            }
        }
    }

    let mut segments = Vec::with_capacity(transcript.turns.len());
    let mut asked = vec![false; questions.len()];
    let mut current: Option<usize> = None;
    let mut aside = false;
    // The last turn was a heading that named a question: the text under it
    // is that question's, whatever its first words cue.
    let mut under_heading = false;
    // The heading just read asked its question for the first time.
    let mut newly_asked = false;
    // The current question was guessed from a prose paragraph's words.
    let mut inferred = false;
    // The last question asked named none the pack knows.
    let mut open = false;
    // The other questions the last asking turn asked with the current one.
    let mut also: Vec<usize> = Vec::new();
    // Answers that go back to an earlier question to correct it: (turn, question).
    let mut corrected: Vec<(usize, usize)> = Vec::new();
    // A reply numbered like the questions it answers, written above them
    // (an email's original message is quoted below the answer: "Numbered
    // the same as yours. 1) Our rule is ... 2) There's no real risk ..."),
    // in notes without speakers: each numbered paragraph before the first
    // numbered question answers the question of its number. Below the
    // questions, numbers are the notes' own lists.
    let first_numbered_ask = asks.iter().position(|a| {
        a.as_ref()
            .is_some_and(|(n, cued)| n.is_some() && !cued.is_empty())
    });
    let mut by_number_below: HashMap<u32, usize> = HashMap::new();
    for (n, cued) in asks.iter().flatten() {
        if let (Some(n), Some(&q)) = (n, cued.first()) {
            by_number_below.entry(*n).or_insert(q);
        }
    }
    // Questions asked as a numbered list, together, before any answer
    // ("Sending my questions below: 1. ... 2. ..."), by number: an answer
    // that opens with a number ("2 - the big one is ...", "1 + 8 together")
    // is to the listed question of that number, and so is an asking turn
    // that comes back to it ("Quick follow-up on 3 - ..."). A list asked
    // after an answer starts a new one; a question asked alone makes none.
    // An answer that opens with a list's topic ("*tech debt*: every squad
    // has ...", "3am - honestly, I'm the one on call", "Magic wand I'm
    // saving for the call") is to that question, or its topics ("*Debt +
    // 10x*: ...") to those, when three or more were asked at once (a
    // double question's answer is to both, whatever it opens with).
    let mut list: HashMap<u32, usize> = HashMap::new();
    let mut listed: Vec<usize> = Vec::new();
    let mut answered_since_list = false;
    for (index, (turn, ask)) in transcript.turns.iter().zip(&asks).enumerate() {
        if let Some((number, cued)) = ask {
            let by_number = number.and_then(|n| questions.iter().position(|q| q.number == n));
            let first_cued = cued.first().copied();
            let named = if own_numbering || own_list[index] {
                first_cued.or(by_number)
            } else {
                by_number.or(first_cued)
            };
            let mut items = numbered_items(&turn.text, pack);
            if let (true, Some(n), Some(q)) = (items.is_empty(), number, named) {
                items.push((*n, q));
            }
            if !items.is_empty() || cued.len() > 2 {
                if std::mem::take(&mut answered_since_list) {
                    list.clear();
                    listed.clear();
                }
                listed.extend(items.iter().map(|&(_, q)| q));
                if cued.len() > 2 {
                    listed.extend(cued);
                }
                listed.sort_unstable();
                listed.dedup();
                list.extend(items);
            }
            let referred = (list.len() > 1)
                .then(|| list_reference(&turn.text))
                .flatten()
                .and_then(|n| list.get(&n).copied());
            let found = referred.or(named);
            also.clear();
            // Named by its words, not by a number: its other asking
            // sentences (or a heading's other topics) name the others it asks.
            if found.is_some() && found == first_cued {
                also.extend(cued.iter().skip(1));
            }
            if turn.kind == TurnKind::Speech {
                open = found.is_none() && opens_a_question(&turn.text);
            }
            match (found, turn.kind) {
                // "5. on-call (ran out of time, didn't get to it)": what is
                // noted under it is the note-taker's, not an answer.
                // ("...but we're out of time, I'll email it"; a turn that
                // goes on to ask, "I didn't get to ask: what about on-call?",
                // asks).
                (Some(q), _)
                    if NOT_ASKED.is_match(&turn.text) && !turn.text.trim_end().ends_with('?') =>
                {
                    current = Some(q);
                    aside = true;
                }
                (Some(q), _) => {
                    current = Some(q);
                    newly_asked = !asked[q];
                    asked[q] = true;
                    for &a in &also {
                        asked[a] = true;
                    }
                    aside = false;
                }
                // A heading that names no question ("## Background") ends the last one.
                // So does "## Not covered": what is noted under it was not
                // asked.
                (None, TurnKind::Heading) => {
                    current = None;
                    aside = asked.iter().any(|&a| a)
                        && (is_commentary(&turn.text) || NOT_ASKED.is_match(&turn.text));
                }
                // "I had one more, but I see the time": what is said after
                // it answers no question.
                (None, TurnKind::Speech)
                    if NOT_ASKED.is_match(&turn.text) && !turn.text.trim_end().ends_with('?') =>
                {
                    current = None;
                    aside = true;
                }
                (None, _) => {}
            }
            under_heading = turn.kind == TurnKind::Heading && found.is_some();
            segments.push(Segment {
                role: if turn.kind == TurnKind::Heading {
                    Role::Heading
                } else {
                    Role::Ask
                },
                question: current,
                also: Vec::new(),
                aside,
                contradicted: false,
                taken_back: false,
                handed_off: false,
                inferred: false,
                open: false,
                words: words[index],
            });
        } else {
            let topic = match (&turn.speaker, topic_labels) {
                (Some(label), true) => pack.cue_questions(label).first().map(|&q| (q, false)),
                _ => None,
            };
            if under_heading && starts_not_put(&turn.text) {
                // `| 10x growth | — | not asked |`: the heading's question
                // was not put after all.
                if let (Some(q), true) = (current, newly_asked) {
                    asked[q] = false;
                }
                aside = true;
            }
            let mut to_list: Vec<usize> = Vec::new();
            if turn.kind == TurnKind::Speech {
                if list.len() > 1 {
                    to_list.extend(
                        answer_numbers(&turn.text)
                            .iter()
                            .map_while(|n| list.get(n).copied()),
                    );
                }
                if to_list.is_empty() && listed.len() > 2 {
                    // Its topics ("*Debt + 10x*: these are the same
                    // conversation for us"), or its first words ("Magic
                    // wand I'm saving for when we talk").
                    let text = turn.text.trim_start_matches(['*', '_']);
                    let opening = match topic_lead(text) {
                        Some(lead) => asked_questions(lead, pack),
                        None => pack
                            .cue_questions(&opening(text, 3))
                            .first()
                            .copied()
                            .into_iter()
                            .collect(),
                    };
                    to_list.extend(opening.into_iter().filter(|q| listed.contains(q)));
                }
                answered_since_list = true;
            }
            if let Some((&q, others)) = to_list.split_first() {
                current = Some(q);
                also.clear();
                also.extend(others.iter().filter(|&&o| o != q));
                for &a in &to_list {
                    asked[a] = true;
                }
                aside = false;
                inferred = false;
                open = false;
            } else if !has_speakers && turn.kind == TurnKind::Speech && !under_heading {
                let numbered_above = first_numbered_ask
                    .filter(|&first| index < first)
                    .and_then(|_| number_in(&turn.text))
                    .and_then(|n| by_number_below.get(&n).copied());
                if let Some(q) = numbered_above {
                    current = Some(q);
                    asked[q] = true;
                    aside = false;
                    inferred = false;
                    open = false;
                    also.clear();
                } else if let Some((q, guessed)) = topic
                    .or_else(|| paragraph_topic(&turn.text, pack, prose))
                    .or_else(|| {
                        let first = prose && current.is_none();
                        first
                            .then(|| later_topic(&turn.text, pack))
                            .flatten()
                            .map(|q| (q, true))
                    })
                {
                    // A guess that the question named above goes on
                    // ("- features vs debt:", then "20% of each sprint on
                    // the debt board") is no guess: the name holds.
                    let named_above = current == Some(q) && !inferred;
                    current = Some(q);
                    // `build vs buy - didn't ask, forgot it`: a short note
                    // that the question was never put, as under a heading.
                    let not_asked = says_not_put(&turn.text);
                    asked[q] |= !not_asked;
                    aside = not_asked;
                    inferred = guessed && !named_above;
                    open = false;
                    also.clear();
                }
            }
            // "Actually, going back to the 3 AM question, ...": an answer
            // to the question it names, and, said as a correction, what
            // was answered to it before is taken back.
            let back_to = (turn.kind == TurnKind::Speech)
                .then(|| revisit(&turn.text))
                .flatten()
                .and_then(|named| pack.cue_questions(named).first().copied());
            if let Some(q) = back_to {
                if current != Some(q) && corrects(&turn.text) {
                    corrected.push((index, q));
                }
                current = Some(q);
                also.clear();
                aside = false;
                inferred = false;
                open = false;
            }
            segments.push(Segment {
                role: Role::Answer,
                question: current,
                also: also.clone(),
                aside: aside || turn.kind == TurnKind::Comment,
                contradicted: false,
                taken_back: false,
                handed_off: false,
                inferred: inferred && current.is_some(),
                open,
                words: words[index],
            });
            under_heading = false;
        }
    }
    mark_corrected(transcript, &mut segments, &corrected);
    mark_contradicted(transcript, &mut segments);
    mark_handed_off(transcript, &mut segments);
    mark_taken_back(transcript, &mut segments);
    Interview {
        asker: roles.asker_label,
        answerer: roles.answerer_label,
        segments,
        asked,
        warnings,
    }
}
