//! Caption cues, shared by the WebVTT and SRT readers, and the turns built
//! from them: consecutive cues of one speaker join into one turn (each cue a
//! piece with its own line and time), so a sentence split across cues still
//! matches a phrase. Overlapping cues stay in file order; cues of different
//! speakers never merge.

use super::label::{clean_label, label_key, split_label};
use super::{Names, Timestamp, Turn};

/// One caption cue, as the file has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cue {
    /// The identifier line (WebVTT) or index (SRT), as written; may be empty.
    pub id: String,
    pub start: Timestamp,
    pub end: Timestamp,
    /// The payload as written: tags and entities kept, lines joined by `\n`.
    pub text: String,
    /// 1-based line of the timing line.
    pub line: u32,
}

/// Cues and what the reader tolerated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cues {
    pub cues: Vec<Cue>,
    pub warnings: Vec<String>,
}

impl Cues {
    /// No cues yet, with room for as many as `text` has timing arrows (at
    /// most one a cue): the list never moves while it grows, and room it
    /// does not fill is never written, so takes no memory.
    pub fn for_text(text: &str) -> Cues {
        let mut cues = Cues::default();
        let most = memchr::memmem::find_iter(text.as_bytes(), "-->").count();
        let _ = cues.cues.try_reserve_exact(most);
        cues
    }
}

/// A cue's speaker and plain text.
pub struct Spoken {
    pub speaker: Option<String>,
    pub text: String,
}

/// Takes a `Name: text` prefix (Zoom, diarisation) off a cue's plain text.
pub fn speaker_prefix(text: &str) -> Spoken {
    if let Some((label, rest)) = split_label(text) {
        let key = label_key(label);
        // One to four capitalised words or a diarisation id, not "Note".
        if !key.is_empty() && !matches!(key.as_str(), "note" | "warning" | "music") {
            return Spoken {
                speaker: Some(clean_label(label)),
                text: rest.trim().to_string(),
            };
        }
    }
    Spoken {
        speaker: None,
        text: text.trim().to_string(),
    }
}

/// Joins spoken cues into turns: a new turn when the speaker changes (a cue
/// without a speaker continues the last one). In captions with no speakers
/// at all, a question is a turn of its own, so the asking can be told apart.
/// Each piece's time is a [`Timestamp`], or an `Option` of one where the
/// format may have none.
pub fn turns<T: Into<Option<Timestamp>>>(
    spoken: impl IntoIterator<Item = (Spoken, u32, T)>,
) -> Vec<Turn> {
    let spoken: Vec<(Spoken, u32, Option<Timestamp>)> = spoken
        .into_iter()
        .map(|(s, line, time)| (s, line, time.into()))
        .collect();
    let anonymous = spoken.iter().all(|(s, _, _)| s.speaker.is_none());
    let question = |text: &str| text.trim_end().ends_with('?');
    // At most a turn a cue: reserved at once, the list never moves.
    let mut turns: Vec<Turn> = Vec::with_capacity(spoken.len());
    let mut names = Names::default();
    for (s, line, time) in spoken {
        if s.text.is_empty() {
            continue;
        }
        let same = match (turns.last(), &s.speaker) {
            (Some(last), Some(sp)) => last.speaker.as_deref().map(label_key) == Some(label_key(sp)),
            (Some(last), None) => !(anonymous && (question(&s.text) || question(&last.text))),
            (None, _) => false,
        };
        if same {
            let last = turns.last_mut().expect("checked above");
            last.push_piece(&s.text, line, time);
        } else {
            let speaker = s.speaker.map(|name| names.intern(&name));
            turns.push(Turn::new(speaker, s.text, line, time));
        }
    }
    turns
}
