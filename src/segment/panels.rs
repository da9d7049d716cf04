//! Panels and corrections: several people answer, and one may contradict
//! another; one answerer may take back what they said.

use std::sync::LazyLock;

use regex::Regex;

use crate::transcript::Transcript;

use super::{Role, Segment};

/// The opening of a turn that contradicts the answer before it.
///
/// ASCII word boundaries and spaces (`-u`): the opening is rejoined with
/// plain spaces, and the English words around a `\b` are ASCII. Unicode
/// `\b`, `\w` and `\s` made this one regex cost 0.9 MB the first time
/// a transcript used it, a fifth of what a 1 MB transcript needs.
static CONTRADICTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi-u)
        \b(?:i'd|i\s+would|i|i'm\s+going\s+to|let\s+me)\s+(?:have\s+to\s+)?(?:disagree|push\s+back\s+on\s+th(?:at|is)|correct\s+th(?:at|is))
        | \bthat's\s+not\s+(?:quite\s+|really\s+|entirely\s+|actually\s+)?(?:right|true|accurate|how\s+it\s+works|the\s+plan|what\s+we\s+do)
        | ^(?u:[^a-zA-Z0-9_])*(?:no|nope|nah)\s*[.!,]
        | ^(?u:[^a-zA-Z0-9_])*(?:[a-zA-Z0-9_]+(?u:[^a-zA-Z0-9_])+)?not\s+(?:quite|really|true)\b
        | \bwe\s+(?:haven't|have\s+not|don't|do\s+not|didn't|never)\s+actually\b
        | \bthat's\s+the\s+theory\b
        | \bi\s+wish\s+that\s+were\s+(?:true|the\s+case)",
    )
    .expect("a valid regex")
});

/// Whether turn `i` answers the same question as the turn before it, by
/// another answerer: a panel's second voice.
fn next_voice(transcript: &Transcript, segments: &[Segment], i: usize) -> bool {
    let (before, after) = (&segments[i - 1], &segments[i]);
    let (earlier, later) = (&transcript.turns[i - 1], &transcript.turns[i]);
    earlier.speaker.is_some()
        && later.speaker.is_some()
        && earlier.speaker != later.speaker
        && before.role == Role::Answer
        && after.role == Role::Answer
        && before.question == after.question
}

/// Marks answer turns that the next turn, by another answerer on the same
/// question, opens by contradicting.
pub(super) fn mark_contradicted(transcript: &Transcript, segments: &mut [Segment]) {
    for i in 1..segments.len() {
        // The first few words: "Ben... we haven't actually run one".
        if next_voice(transcript, segments, i)
            && CONTRADICTS.is_match(&opening(&transcript.turns[i].text, 12))
        {
            segments[i - 1].contradicted = true;
        }
    }
}

/// The fewest words of a panel's next answer that take a question over
/// from an answerer who deflected it: more than "Sure." or "Yeah, go on."
const TAKES_OVER: usize = 8;

/// Marks answer turns that name the next answerer, who answers the same
/// question at once: "Sorry, I have to jump. Marco, can you?" / "Sure. We
/// trialled it, it's allowed for tests...". The first turn hands the
/// question on; it is not the panel's deflection of it. (A deflection the
/// next voice only remarks on, naming no one, is still one.)
pub(super) fn mark_handed_off(transcript: &Transcript, segments: &mut [Segment]) {
    for i in 1..segments.len() {
        if !next_voice(transcript, segments, i) || segments[i].words < TAKES_OVER {
            continue;
        }
        let name = transcript.turns[i].speaker.as_deref().and_then(|label| {
            label
                .split(|c: char| !c.is_alphanumeric())
                .find(|w| !w.is_empty())
        });
        let names_next = name.is_some_and(|name| {
            transcript.turns[i - 1]
                .text
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == name)
        });
        if names_next {
            segments[i - 1].handed_off = true;
        }
    }
}

/// The opening of a turn that takes back the same speaker's answer before
/// it: "No, wait, that was like twenty nineteen", "Sorry, scratch that",
/// "I'm telling you the old answer".
static TAKES_BACK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi-u)
        ^(?u:[^a-zA-Z0-9_])*(?:(?:no|oh|sorry|actually|hang\s+on|hold\s+on|um|uh)(?u:[^a-zA-Z0-9_])+){0,3}
        (?: (?:no|oh|sorry|actually)(?u:[^a-zA-Z0-9_])+wait\b
          | wait(?u:[^a-zA-Z0-9_])+(?:no|that\s+was)\b
          | scratch\s+that | strike\s+that | i\s+take\s+(?:that|it)\s+back
          | let\s+me\s+correct\s+(?:that|myself)
          | (?:(?:yes|yeah|ok|okay|fair|true|right|hmm|well)(?u:[^a-zA-Z0-9_])+){0,3}
            (?:you'?re\s+right|fair\s+point|i\s+stand\s+corrected|that\s+one'?s?\s+(?:is\s+)?(?:real|true|fair))
          | that'?s\s+(?:the\s+)?(?:old|wrong|outdated)\s+answer
          | i'?m\s+(?:telling|giving)\s+you\s+(?:the\s+)?(?:old|wrong|outdated|last\s+year'?s)\s+answer
          | that\s+was\s+(?:like\s+|back\s+)?(?:in\s+)?(?:years\s+ago|ages\s+ago|(?:19|20)[0-9][0-9]\b
              | twenty\s+(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)\b
              | nineteen\s+(?:eighty|ninety))
        )",
    )
    .expect("a valid regex")
});

/// The most asking turns (follow-ups: "Every time?") between an answer
/// and the same speaker's turn that takes it back.
const TAKE_BACK_GAP: usize = 2;

/// Marks the answer turns that the same speaker's next turn on the same
/// question, after at most [`TAKE_BACK_GAP`] follow-ups, opens by taking
/// back ([`TAKES_BACK`]): every turn of that answer, back to the question.
pub(super) fn mark_taken_back(transcript: &Transcript, segments: &mut [Segment]) {
    let turns = &transcript.turns;
    for j in 1..segments.len() {
        let (role, question) = (segments[j].role, segments[j].question);
        if role != Role::Answer || question.is_none() {
            continue;
        }
        // Back over the follow-ups to the answer they followed: the same
        // speaker's, on the same question.
        let mut k = j;
        while k > 0 && segments[k - 1].role == Role::Ask && j - k < TAKE_BACK_GAP {
            k -= 1;
        }
        let answer = |segments: &[Segment], k: usize| {
            segments[k].role == Role::Answer
                && segments[k].question == question
                && turns[k].speaker.is_some()
                && turns[k].speaker == turns[j].speaker
        };
        if k == j || k == 0 || !answer(segments, k - 1) || !takes_back(&turns[j].text) {
            continue;
        }
        while k > 0 && answer(segments, k - 1) {
            k -= 1;
            segments[k].taken_back = true;
        }
    }
}

/// Marks as taken back the answers a later turn corrected by going back to
/// their question ("Actually, going back to the 3 AM question, I made that
/// sound worse than it is"): `corrected` holds (that turn, the question);
/// the same speaker's earlier answers to it are history.
pub(super) fn mark_corrected(
    transcript: &Transcript,
    segments: &mut [Segment],
    corrected: &[(usize, usize)],
) {
    for &(j, q) in corrected {
        let speaker = &transcript.turns[j].speaker;
        for (k, seg) in segments[..j].iter_mut().enumerate() {
            if seg.role == Role::Answer
                && seg.question == Some(q)
                && transcript.turns[k].speaker == *speaker
            {
                seg.taken_back = true;
            }
        }
    }
}

/// Whether `text` opens by taking back what its speaker said before.
fn takes_back(text: &str) -> bool {
    let opening = opening(text, 14);
    // Most openings hold none of these words; the pattern is compiled only
    // for one that does.
    let lower = opening.to_ascii_lowercase();
    [
        "wait", "scratch", "strike", "take", "correct", "answer", "that was", "right", "fair",
        "real", "true",
    ]
    .iter()
    .any(|w| lower.contains(w))
        && TAKES_BACK.is_match(&opening)
}

/// The first `words` words of `text`, rejoined with single spaces and
/// curly apostrophes made straight, for the patterns above and the cues.
pub(super) fn opening(text: &str, words: usize) -> String {
    text.split_whitespace()
        .take(words)
        .collect::<Vec<_>>()
        .join(" ")
        .replace('\u{2019}', "'")
}
