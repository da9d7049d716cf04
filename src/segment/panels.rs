//! Panels: several people answer, and one may contradict another.

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

/// Marks answer turns that the next turn, by another answerer on the same
/// question, opens by contradicting.
pub(super) fn mark_contradicted(transcript: &Transcript, segments: &mut [Segment]) {
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
