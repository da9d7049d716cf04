//! Segmentation: who asks, who answers, and which question each answer is to.
//!
//! The asker is, in order: the `--asker` name; a speaker whose label is an
//! asking role (`Q`, `Me`, `Interviewer`, `Candidate`); the other of two
//! speakers when one has an answering role (`A`, `CTO`, `Sarah (CTO)`); else
//! the speaker whose turns look most like questions (question marks, the
//! pack's question cues, short turns, speaking first). Notes without speakers
//! have no asker: a one-line paragraph ending in `?` is a question, all else
//! is answer text. A question is recognised by an explicit number first
//! (`Q3`, `Question 3`, `3.`), then by the pack's cues (cues first when two
//! or more numbered questions cue others than their numbers: the numbering
//! is the note-taker's own); an asking turn with neither is a follow-up and
//! stays with the current question.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::pack::Pack;
use crate::transcript::plain::label_key;
use crate::transcript::{count_words, Transcript, TurnKind};

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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    pub role: Role,
    /// Index into the pack's questions: the question being answered.
    pub question: Option<usize>,
    /// Under a heading that names no question, after questions were named
    /// ("## My take", "## Follow-ups"): the note-taker's own words, so what
    /// is found there counts only in passing.
    pub aside: bool,
    /// Another answerer's next turn contradicts this one ("I'd disagree
    /// with that", "we haven't actually run one since 2022"): in a panel,
    /// what this turn claims does not count.
    pub contradicted: bool,
    /// The question was guessed from the words of prose notes, not asked
    /// or named: what the text says of other questions is no aside.
    pub inferred: bool,
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

/// Turns longer than this are not looked at as questions by the speaker guess.
const MAX_QUESTION_WORDS: usize = 80;

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

static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:(?:q|question|qn)\s*#?\s*(\d{1,2})\b|#?(\d{1,2})\s*[.):]\s)")
        .expect("a valid regex")
});

/// Reads `transcript` as an interview. `asker` names the asker explicitly.
pub fn segment(transcript: &Transcript, pack: &Pack, asker: Option<&str>) -> Interview {
    let questions = &pack.questions;
    let mut warnings = Vec::new();
    let speakers = speaker_stats(transcript);
    let asker_key = choose_asker(&speakers, asker, &mut warnings, |s| {
        // Cues tell an asking speaker apart; questions are short, and a few
        // turns suffice. Only the last resort of the guess needs them.
        s.short_turns
            .iter()
            .filter(|&&t| !pack.cue_questions(&transcript.turns[t].text).is_empty())
            .count()
    });
    let answerer_key = speakers
        .iter()
        .filter(|s| Some(&s.key) != asker_key.as_ref())
        .max_by_key(|s| (s.words, std::cmp::Reverse(s.first_turn)))
        .map(|s| s.key.clone());
    let label_of = |key: &Option<String>| {
        key.as_ref()
            .and_then(|k| speakers.iter().find(|s| &s.key == k))
            .map(|s| s.label.clone())
    };
    let has_speakers = !speakers.is_empty();
    // Without speakers, which turns are lines that ask.
    let question_lines: Vec<bool> = transcript
        .turns
        .iter()
        .map(|t| !has_speakers && looks_like_question_line(&t.text, pack))
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
    let asks: Vec<Option<(Option<u32>, Option<usize>)>> = transcript
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
                let cued = pack.cue_questions(&turn.text).first().copied();
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
            matches!((by_number, cued), (Some(a), Some(b)) if a != *b)
        })
        .count()
        >= 2;

    let mut segments = Vec::with_capacity(transcript.turns.len());
    let mut asked = vec![false; questions.len()];
    let mut current: Option<usize> = None;
    let mut aside = false;
    // The last turn was a heading that named a question: the text under it
    // is that question's, whatever its first words cue.
    let mut under_heading = false;
    // The current question was guessed from a prose paragraph's words.
    let mut inferred = false;
    for (turn, ask) in transcript.turns.iter().zip(&asks) {
        if let &Some((number, cued)) = ask {
            let by_number = number.and_then(|n| questions.iter().position(|q| q.number == n));
            let found = if own_numbering {
                cued.or(by_number)
            } else {
                by_number.or(cued)
            };
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
                    asked[q] = true;
                    aside = false;
                }
                // A heading that names no question ("## Background") ends the last one.
                (None, TurnKind::Heading) => {
                    current = None;
                    aside = asked.iter().any(|&a| a) && is_commentary(&turn.text);
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
                aside,
                contradicted: false,
                inferred: false,
            });
        } else {
            if !has_speakers && turn.kind == TurnKind::Speech && !under_heading {
                if let Some((q, guessed)) = paragraph_topic(&turn.text, pack, prose) {
                    current = Some(q);
                    asked[q] = true;
                    aside = false;
                    inferred = guessed;
                }
            }
            segments.push(Segment {
                role: Role::Answer,
                question: current,
                aside: aside || turn.kind == TurnKind::Comment,
                contradicted: false,
                inferred: inferred && current.is_some(),
            });
            under_heading = false;
        }
    }
    mark_contradicted(transcript, &mut segments);
    Interview {
        asker: label_of(&asker_key),
        answerer: label_of(&answerer_key),
        segments,
        asked,
        warnings,
    }
}

/// The opening of a turn that contradicts the answer before it.
static CONTRADICTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        \b(?:i'd|i\s+would|i|i'm\s+going\s+to|let\s+me)\s+(?:have\s+to\s+)?(?:disagree|push\s+back\s+on\s+th(?:at|is)|correct\s+th(?:at|is))
        | \bthat's\s+not\s+(?:quite\s+|really\s+|entirely\s+|actually\s+)?(?:right|true|accurate|how\s+it\s+works|the\s+plan|what\s+we\s+do)
        | ^\W*(?:no|nope|nah)\s*[.!,]
        | ^\W*(?:\w+\W+)?not\s+(?:quite|really|true)\b
        | \bwe\s+(?:haven't|have\s+not|don't|do\s+not|didn't|never)\s+actually\b
        | \bthat's\s+the\s+theory\b
        | \bi\s+wish\s+that\s+were\s+(?:true|the\s+case)",
    )
    .expect("a valid regex")
});

/// Marks answer turns that the next turn, by another answerer on the same
/// question, opens by contradicting.
fn mark_contradicted(transcript: &Transcript, segments: &mut [Segment]) {
    for i in 1..segments.len() {
        let (before, after) = (&segments[i - 1], &segments[i]);
        let (earlier, later) = (&transcript.turns[i - 1], &transcript.turns[i]);
        let panel = earlier.speaker.is_some()
            && later.speaker.is_some()
            && earlier.speaker != later.speaker
            && before.role == Role::Answer
            && after.role == Role::Answer
            && before.question == after.question;
        if !panel {
            continue;
        }
        // The first few words: "Ben... we haven't actually run one".
        let opening: String = later
            .text
            .split_whitespace()
            .take(12)
            .collect::<Vec<_>>()
            .join(" ")
            .replace('\u{2019}', "'");
        if CONTRADICTS.is_match(&opening) {
            segments[i - 1].contradicted = true;
        }
    }
}

/// The key a speaker label is known by: `Q3` and `Q` are one asker.
fn speaker_key(label: &str) -> String {
    let key = label_key(label);
    if number_in(&key).is_some() && (key.starts_with('q')) {
        return "q".to_string();
    }
    key
}

/// An explicit question number at the start of `text`.
fn number_in(text: &str) -> Option<u32> {
    let caps = NUMBERED.captures(text)?;
    caps.get(1).or_else(|| caps.get(2))?.as_str().parse().ok()
}

/// One line that asks: it ends in `?`, or is numbered and either asks or
/// names a question's topic in a few words (`2. biggest technical risk`).
fn looks_like_question_line(text: &str, pack: &Pack) -> bool {
    let t = text.trim();
    if t.contains('\n') {
        return false;
    }
    if t.ends_with('?') {
        return true;
    }
    let Some(number) = NUMBERED.find(t) else {
        return false;
    };
    // A bare topic heads a question; `1. Tech debt: 20% a sprint` is an
    // answer under its topic, scored like any other.
    let topic = &t[number.end()..];
    t.contains('?')
        || count_words(topic) <= 8
            && !topic.ends_with('.')
            && !topic.contains([':', '—', '–'])
            && !topic.contains(" - ")
            && !pack.cue_questions(topic).is_empty()
}

/// A question line or heading that says the question was not asked.
static NOT_ASKED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:ran out of time|out of time|no time (?:for|to)|did(?:n'?t| not) (?:get to|get round to|ask|have time)|never (?:got to|asked)|forgot to ask|skipped)\b",
    )
    .expect("a valid regex")
});

/// A heading over the note-taker's own view ("My take", "Follow-ups"), not
/// over an answer whose question the cues missed.
fn is_commentary(heading: &str) -> bool {
    const WORDS: &[&str] = &[
        "take",
        "thoughts",
        "thought",
        "impression",
        "impressions",
        "overall",
        "summary",
        "followups",
        "follow",
        "verdict",
        "concerns",
        "reflection",
        "reflections",
        "gut",
        "conclusion",
        "conclusions",
        "opinion",
        "todo",
        "actions",
        "wrap",
        "debrief",
    ];
    const PHRASES: &[&str] = &[
        "next steps",
        "my read",
        "to do",
        "notes to self",
        "red flags",
        "green flags",
    ];
    let lower = heading.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let joined = words.join(" ");
    words.iter().any(|w| WORDS.contains(w)) || PHRASES.iter().any(|p| joined.contains(p))
}

/// A sentence in notes that reports the asking: "I asked how...", "When we
/// got to AI...", "On build versus buy she...", or a short `Topic:` (or
/// `Topic ->`) label.
static REPORTED_ASK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        \b(?:i|we)\s+(?:then\s+|also\s+|next\s+|finally\s+|first\s+)?
            (?:asked|ask|started|began|opened|moved\s+on|turned|brought\s+up|raised
              |pushed|probed|wanted\s+to\s+know|finished|ended|closed|followed\s+up
              |went\s+on|got\s+to|came\s+to|switched)\b
        | ^\W*(?:then|next|finally|lastly|first|and)?[,\s]*
            (?:on|about|regarding|re|as\s+for|as\s+to|when\s+it\s+came\s+to)\s
        | ^[^.:?!]{1,40}(?::|->|=>|→)\s",
    )
    .expect("a valid regex")
});

/// The question a paragraph of speakerless notes turns to, if its opening
/// sentence names one, and whether it was only guessed from the words.
/// Reported asking always counts; in prose notes (no question lines at all)
/// any opening sentence that cues a question does, as a guess.
fn paragraph_topic(text: &str, pack: &Pack, prose: bool) -> Option<(usize, bool)> {
    let opening = opening_sentence(text);
    // A run-in heading ("**Biggest risk.** He said...") is a short opening.
    let run_in = count_words(opening) <= 4;
    let reported = REPORTED_ASK.is_match(opening);
    if !(prose || run_in || reported) {
        return None;
    }
    // A topic label names the topic in its own words; what follows is the
    // answer, whose words may cue other questions.
    // A label that names no question ("rule: every PR gets a review") is
    // no topic: the words after it are the answer's, not a new question's.
    if let Some(label) = TOPIC_LABEL.captures(opening).and_then(|c| c.get(1)) {
        return pack
            .cue_questions(label.as_str())
            .first()
            .map(|&q| (q, false));
    }
    pack.cue_questions(opening)
        .first()
        .map(|&q| (q, !(run_in || reported)))
}

/// `Topic: ...`, `Topic -> ...`: a short label before the answer.
static TOPIC_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\W*([^.:?!]{1,40}?)\s*(?::|->|=>|→)\s").expect("a valid regex"));

/// Text up to the first sentence end (not a list number's `1.`), at most
/// 40 words.
fn opening_sentence(text: &str) -> &str {
    let mut end = text.len();
    let bytes = text.as_bytes();
    let number = NUMBERED.find(text).map_or(0, |m| m.end());
    for (i, &b) in bytes.iter().enumerate().skip(number) {
        if matches!(b, b'.' | b'?' | b'!')
            && bytes.get(i + 1).is_none_or(|c| c.is_ascii_whitespace())
        {
            end = i + 1;
            break;
        }
    }
    let opening = &text[..end];
    match opening.split_whitespace().nth(40) {
        Some(word) => {
            let at = word.as_ptr() as usize - opening.as_ptr() as usize;
            &opening[..at]
        }
        None => opening,
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
    first_turn: usize,
}

fn speaker_stats(transcript: &Transcript) -> Vec<SpeakerStats> {
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut by_label: HashMap<&str, usize> = HashMap::new();
    let mut stats: Vec<SpeakerStats> = Vec::new();
    for (i, turn) in transcript.turns.iter().enumerate() {
        let Some(label) = turn.speaker.as_deref() else {
            continue;
        };
        if let Some(&at) = by_label.get(label) {
            stats[at].add(i, turn);
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
                first_turn: i,
            });
            stats.len() - 1
        });
        by_label.insert(label, at);
        stats[at].add(i, turn);
    }
    stats
}

impl SpeakerStats {
    fn add(&mut self, index: usize, turn: &crate::transcript::Turn) {
        let words = count_words(&turn.text);
        self.turns += 1;
        self.words += words;
        if turn.text.contains('?') {
            self.questions += 1;
        }
        if self.turns <= 40 && words <= MAX_QUESTION_WORDS {
            self.short_turns.push(index);
        }
    }
}

fn choose_asker(
    speakers: &[SpeakerStats],
    named: Option<&str>,
    warnings: &mut Vec<String>,
    cued: impl Fn(&SpeakerStats) -> usize,
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
    if speakers.is_empty() {
        return None;
    }
    // An asking label counts when it is a voice in the conversation, not a
    // header line (`Interviewer: Tom Reilly`) above a transcript by name.
    let conversing = speakers.iter().any(|s| s.turns >= 2);
    if let Some(s) = speakers
        .iter()
        .find(|s| ASKING.contains(&s.key.as_str()) && (s.turns >= 2 || !conversing))
    {
        return Some(s.key.clone());
    }
    let answering = |s: &SpeakerStats| {
        ANSWERING.contains(&s.key.as_str()) || s.label.to_lowercase().contains("cto")
    };
    if speakers.len() == 2 {
        if let Some(i) = speakers.iter().position(answering) {
            return Some(speakers[1 - i].key.clone());
        }
    }
    if speakers.len() == 1 {
        // One voice: a monologue or notes. Nobody asks.
        return None;
    }
    // Score how much each speaker sounds like the one asking.
    let score = |s: &SpeakerStats| {
        let turns = s.turns.max(1) as f64;
        let avg_words = s.words as f64 / turns;
        let mut v = 2.0 * s.questions as f64 / turns + cued(s) as f64 / turns;
        v -= (avg_words / 60.0).min(1.5);
        if s.first_turn == 0 {
            v += 0.25;
        }
        if answering(s) {
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
    fn numbers_in_labels_and_text() {
        assert_eq!(number_in("Q3: what happens"), Some(3));
        assert_eq!(number_in("Question 10 - magic wand"), Some(10));
        assert_eq!(number_in("5. On-call"), Some(5));
        assert_eq!(number_in("q7"), Some(7));
        assert_eq!(number_in("20% of time"), None);
        assert_eq!(number_in("Quality matters"), None);
    }

    #[test]
    fn commentary_headings_are_whole_words() {
        assert!(is_commentary("My take"));
        assert!(is_commentary("Follow-ups"));
        assert!(is_commentary("Red flags 🚩"));
        assert!(!is_commentary("Intake and triage"));
        assert!(!is_commentary("Feature flags"));
        assert!(!is_commentary("Transaction volumes"));
    }

    #[test]
    fn speaker_keys_fold_numbered_questions() {
        assert_eq!(speaker_key("Q3"), "q");
        assert_eq!(speaker_key("Sarah (CTO)"), "sarah");
    }
}
