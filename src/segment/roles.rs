//! Who asks and who answers.
//!
//! Roles follow behaviour: the asker is the speaker who brings up the
//! pack's questions (the first short turn that cues each) and asks them (a
//! cue and a `?`), whatever the labels say; in a reverse interview `Interviewer:` is often the one
//! answering. Labels decide only when behaviour does not: an asking label
//! (`Q`, `Me`, `Interviewer`, `Candidate`), then an answering one beside a
//! single other speaker (`A`, `CTO`, `Sarah (CTO)`), then a guess from how
//! question-like each speaker's turns are, with a warning.

use std::collections::HashMap;

use crate::pack::Pack;
use crate::transcript::plain::label_key;
use crate::transcript::Transcript;

use super::questions::{listed_questions, number_in};

/// Turns longer than this are not looked at as questions by the speaker guess.
const MAX_QUESTION_WORDS: usize = 80;

/// The short turns of each speaker read for the questions they bring up:
/// enough for the ten questions and their follow-ups.
const READ_TURNS: usize = 24;

/// Turns longer than this are not read for the questions they bring up:
/// a question is short, and reading every answer for cues would cost as
/// much as scanning it.
const MAX_ASKING_WORDS: usize = 40;

/// Keys of labels that ask.
const ASKING: &[&str] = &[
    "q",
    "question",
    "me",
    "i",
    "interviewer",
    "candidate",
    "myself",
];
/// Keys of labels that answer. (`A` answers only beside `Q`, which is found
/// first as the asker; alone, `A` and `B` are diarisation letters.)
const ANSWERING: &[&str] = &["answer", "cto", "interviewee", "vp", "ceo", "them", "host"];

/// The key a speaker label is known by: `Q3` and `Q` are one asker.
pub(super) fn speaker_key(label: &str) -> String {
    let key = label_key(label);
    if number_in(&key).is_some() && (key.starts_with('q')) {
        return "q".to_string();
    }
    key
}

/// Who asks and who mainly answers, by key and by label as written.
#[derive(Debug, Default)]
pub(super) struct Roles {
    pub asker: Option<String>,
    pub asker_label: Option<String>,
    pub answerer_label: Option<String>,
    /// Whether any turn has a speaker label.
    pub labelled: bool,
}

/// Whether the transcript's speaker labels are the topics of typed notes
/// (`Tech Debt: ...`, `On Call: ...`, `AI: ...`): two or more labels, most
/// of which name one of the pack's questions, and none an asking role.
pub(super) fn labels_are_topics(transcript: &Transcript, pack: &Pack) -> bool {
    let mut labels: Vec<&str> = transcript
        .turns
        .iter()
        .filter_map(|t| t.speaker.as_deref())
        .collect();
    labels.sort_unstable();
    labels.dedup();
    if labels.len() < 2
        || labels
            .iter()
            .any(|l| ASKING.contains(&speaker_key(l).as_str()))
    {
        return false;
    }
    let topics = labels
        .iter()
        .filter(|l| !pack.cue_questions(l).is_empty())
        .count();
    topics >= 2 && 3 * topics >= 2 * labels.len()
}

/// For behaviour to decide, the clearest asker's questions brought up first
/// and asked (short turns with a cue and a `?`), counted together, must be
/// at least this many, and at least this many times anyone else's.
const CLEAR_ASKING: usize = 2;
const CLEAR_RATIO: usize = 2;

/// Decides who asks: `named` (the `--asker` option) first, then behaviour,
/// then labels; notes a weak guess or a name that matches no speaker in
/// `warnings`.
pub(super) fn roles(
    transcript: &Transcript,
    words: &[usize],
    pack: &Pack,
    named: Option<&str>,
    warnings: &mut Vec<String>,
) -> Roles {
    let (mut speakers, by_turn) = speaker_stats(transcript, words);
    // Who brings up each of the pack's questions first, in a short turn
    // (answers run long, and talk of what was just asked); question marks
    // are not needed: speech-to-text often drops them.
    let mut raised = vec![false; pack.questions.len()];
    // Questions brought up by headings and unlabelled lines of notes.
    let mut raised_unlabelled = 0;
    // With fewer than two speakers, nobody is told apart.
    let turns = if speakers.len() < 2 {
        &[][..]
    } else {
        &transcript.turns[..]
    };
    for (t, turn) in turns.iter().enumerate() {
        if words[t] > MAX_ASKING_WORDS {
            // Questions sent as a list in one message ("Sending my
            // questions below:\n1. How do you ...?\n2. ...?"): its sender
            // brings up and asks each.
            let listed = listed_questions(&turn.text, pack);
            if let (Some(s), true) = (by_turn[t], listed.len() > 1) {
                let s = &mut speakers[s];
                for q in listed {
                    s.cued += 1;
                    s.asks += 1;
                    if !raised[q] {
                        raised[q] = true;
                        s.leads += 1;
                    }
                }
            }
            continue;
        }
        let Some(s) = by_turn[t] else {
            if let Some(&q) = pack.cue_questions(&turn.text).first() {
                if !raised[q] {
                    raised[q] = true;
                    raised_unlabelled += 1;
                }
            }
            continue;
        };
        let s = &mut speakers[s];
        if !s.short_turns[..s.short_turns.len().min(READ_TURNS)].contains(&t) {
            continue;
        }
        let Some(&q) = pack.cue_questions(&turn.text).first() else {
            continue;
        };
        s.cued += 1;
        if !raised[q] {
            raised[q] = true;
            s.leads += 1;
        }
        if turn.text.contains('?') {
            s.asks += 1;
        }
    }
    let asker = choose_asker(&speakers, named, raised_unlabelled, warnings);
    let answerer = speakers
        .iter()
        .filter(|s| Some(&s.key) != asker.as_ref())
        .max_by_key(|s| (s.words, std::cmp::Reverse(s.first_turn)));
    let label_of = |key: &String| {
        speakers
            .iter()
            .find(|s| &s.key == key)
            .map(|s| s.label.clone())
    };
    Roles {
        asker_label: asker.as_ref().and_then(label_of),
        answerer_label: answerer.map(|s| s.label.clone()),
        asker,
        labelled: !speakers.is_empty(),
    }
}

struct SpeakerStats {
    key: String,
    label: String,
    turns: usize,
    words: usize,
    questions: usize,
    /// The first few short turns: where cues are looked for.
    short_turns: Vec<usize>,
    /// Of those, the turns that cue one of the pack's questions, and those
    /// that also ask (hold a `?`).
    cued: usize,
    /// The questions this speaker was the first to bring up.
    leads: usize,
    /// Short turns that cue a question and hold a `?`.
    asks: usize,
    first_turn: usize,
}

/// Each speaker's figures, and each turn's speaker (an index into them).
fn speaker_stats(
    transcript: &Transcript,
    words: &[usize],
) -> (Vec<SpeakerStats>, Vec<Option<usize>>) {
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut by_label: HashMap<&str, usize> = HashMap::new();
    let mut stats: Vec<SpeakerStats> = Vec::new();
    let mut by_turn = vec![None; transcript.turns.len()];
    for (i, turn) in transcript.turns.iter().enumerate() {
        let Some(label) = turn.speaker.as_deref() else {
            continue;
        };
        if let Some(&at) = by_label.get(label) {
            stats[at].add(i, turn, words[i]);
            by_turn[i] = Some(at);
            continue;
        }
        let key = speaker_key(label);
        let at = *by_key.entry(key.clone()).or_insert_with(|| {
            stats.push(SpeakerStats {
                key,
                label: label.to_string(),
                turns: 0,
                words: 0,
                questions: 0,
                short_turns: Vec::new(),
                cued: 0,
                leads: 0,
                asks: 0,
                first_turn: i,
            });
            stats.len() - 1
        });
        by_label.insert(label, at);
        stats[at].add(i, turn, words[i]);
        by_turn[i] = Some(at);
    }
    (stats, by_turn)
}

impl SpeakerStats {
    fn add(&mut self, index: usize, turn: &crate::transcript::Turn, words: usize) {
        self.turns += 1;
        self.words += words;
        if turn.text.contains('?') {
            self.questions += 1;
        }
        if self.turns <= 40 && words <= MAX_QUESTION_WORDS {
            self.short_turns.push(index);
        }
    }

    fn has_asking_label(&self) -> bool {
        ASKING.contains(&self.key.as_str())
    }

    fn has_answering_label(&self) -> bool {
        ANSWERING.contains(&self.key.as_str()) || self.label.to_lowercase().contains("cto")
    }
}

fn choose_asker(
    speakers: &[SpeakerStats],
    named: Option<&str>,
    raised_unlabelled: usize,
    warnings: &mut Vec<String>,
) -> Option<String> {
    if let Some(name) = named {
        let key = speaker_key(name);
        if speakers.iter().any(|s| s.key == key) {
            return Some(key);
        }
        let known: Vec<&str> = speakers.iter().map(|s| s.label.as_str()).collect();
        warnings.push(format!(
            "--asker {name:?} names no speaker (speakers: {}); guessing instead",
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        ));
    }
    if speakers.len() < 2 {
        // Nobody, or one voice: a monologue or notes. Nobody asks.
        return None;
    }
    // Behaviour: one speaker asks the pack's questions, the others hardly.
    let asking = |s: &SpeakerStats| s.leads + s.asks;
    let mut ranked: Vec<&SpeakerStats> = speakers.iter().collect();
    ranked.sort_by_key(|s| (std::cmp::Reverse(asking(s)), s.first_turn));
    let (top, next) = (ranked[0], ranked[1]);
    if asking(top) >= CLEAR_ASKING && asking(top) >= CLEAR_RATIO * asking(next) {
        let contrary = top.has_answering_label()
            || speakers
                .iter()
                .any(|s| s.key != top.key && s.has_asking_label() && s.turns >= 2);
        if contrary {
            warnings.push(format!(
                "took {:?} as the one asking, though the labels suggest otherwise: their turns bring up {} of the pack's questions first and ask {}; name the asker with --asker if this is wrong",
                top.label, top.leads, top.asks
            ));
        }
        return Some(top.key.clone());
    }
    // Notes whose headings or unlabelled lines ask, and whose speakers
    // never do: everyone labelled answers.
    if raised_unlabelled >= CLEAR_ASKING && speakers.iter().all(|s| asking(s) == 0) {
        return None;
    }
    // An asking label counts when it is a voice in the conversation, not a
    // header line (`Interviewer: Tom Reilly`) above a transcript by name.
    let conversing = speakers.iter().any(|s| s.turns >= 2);
    if let Some(s) = speakers
        .iter()
        .find(|s| s.has_asking_label() && (s.turns >= 2 || !conversing))
    {
        return Some(s.key.clone());
    }
    // Of two speakers, the one without an answering label asks; when both
    // have one (`Host:` beside `Andy (CTO, sneaker marketplace):`), the
    // labels do not tell, and what they say does.
    if speakers.len() == 2 {
        let answering: Vec<usize> = (0..2)
            .filter(|&i| speakers[i].has_answering_label())
            .collect();
        if let [i] = answering.as_slice() {
            return Some(speakers[1 - i].key.clone());
        }
    }
    // Score how much each speaker sounds like the one asking.
    let score = |s: &SpeakerStats| {
        let turns = s.turns.max(1) as f64;
        let avg_words = s.words as f64 / turns;
        let mut v = 2.0 * s.questions as f64 / turns + s.cued as f64 / turns;
        v -= (avg_words / 60.0).min(1.5);
        if s.first_turn == 0 {
            v += 0.25;
        }
        if s.has_answering_label() {
            v -= 3.0;
        }
        v
    };
    let mut ranked: Vec<(f64, &SpeakerStats)> = speakers.iter().map(|s| (score(s), s)).collect();
    ranked.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(a.1.first_turn.cmp(&b.1.first_turn))
    });
    let (best, chosen) = ranked[0];
    let second = ranked[1].0;
    if best - second < 0.3 {
        warnings.push(format!(
            "took {:?} as the one asking, but {:?} asks nearly as much; name the asker with --asker if this is wrong",
            chosen.label, ranked[1].1.label
        ));
    }
    Some(chosen.key.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speaker_keys_fold_numbered_questions() {
        assert_eq!(speaker_key("Q3"), "q");
        assert_eq!(speaker_key("Sarah (CTO)"), "sarah");
    }
}
