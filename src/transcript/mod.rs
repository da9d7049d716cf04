//! Transcripts: the parse stage's output, whatever the input format was.
//!
//! A [`Transcript`] is a list of [`Turn`]s: one speaker (if the format names
//! one) saying one stretch of text. Every turn keeps where its text came from
//! as a list of [`Origin`]s, so evidence can point at a line and, where the
//! format has them, a timestamp. Turn text is the decoded text of the input,
//! with markup removed and consecutive pieces of one turn joined by a single
//! `\n`; a single `\n` is never a sentence break on its own.
//!
//! Invariants every parser keeps:
//! - `turn.origins` is non-empty, sorted by `offset`, and `origins[0].offset == 0`;
//! - every `offset` is a char boundary of `turn.text`;
//! - turns are in file order.

mod clock;
pub mod cue;
pub mod export;
pub mod json;
mod json_value;
pub(crate) mod label;
mod markdown;
pub(crate) mod notes;

pub(crate) use notes::topic_lead;
pub(crate) mod plain;
pub(crate) mod revisit;
pub mod srt;
pub mod vtt;

use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;

use serde::Serialize;

/// An input format. `Auto` detects it from the content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Auto,
    Text,
    Markdown,
    Vtt,
    Srt,
    Json,
}

impl Format {
    /// The name used on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Format::Auto => "auto",
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Vtt => "vtt",
            Format::Srt => "srt",
            Format::Json => "json",
        }
    }

    /// The name for people: `plain text`, `WebVTT`.
    pub fn title(self) -> &'static str {
        match self {
            Format::Auto => "detected from the content",
            Format::Text => "plain text",
            Format::Markdown => "Markdown",
            Format::Vtt => "WebVTT subtitles",
            Format::Srt => "SubRip subtitles",
            Format::Json => "JSON transcript",
        }
    }

    /// Parses a format name as the command line spells it.
    pub fn from_name(name: &str) -> Option<Format> {
        Some(match name.to_ascii_lowercase().as_str() {
            "auto" => Format::Auto,
            "text" | "txt" | "plain" => Format::Text,
            "markdown" | "md" => Format::Markdown,
            "vtt" | "webvtt" => Format::Vtt,
            "srt" => Format::Srt,
            "json" => Format::Json,
            _ => return None,
        })
    }

    /// Guesses a format from a file extension, if it names one.
    pub fn from_extension(ext: &str) -> Option<Format> {
        Some(match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Format::Text,
            "md" | "markdown" => Format::Markdown,
            "vtt" => Format::Vtt,
            "srt" => Format::Srt,
            "json" => Format::Json,
            _ => return None,
        })
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A point in a recording, in milliseconds from its start.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub u64);

impl fmt::Display for Timestamp {
    /// Formats as `HH:MM:SS.mmm`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = self.0;
        write!(
            f,
            "{:02}:{:02}:{:02}.{:03}",
            ms / 3_600_000,
            ms / 60_000 % 60,
            ms / 1000 % 60,
            ms % 1000
        )
    }
}

/// Where a piece of a turn's text came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Origin {
    /// Byte offset in the turn's text where this piece starts.
    pub offset: usize,
    /// 1-based line in the decoded input.
    pub line: u32,
    /// Start time, where the format has one.
    pub time: Option<Timestamp>,
}

/// What a turn is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TurnKind {
    /// Someone speaking (or a note of what they said).
    Speech,
    /// A heading in notes (`## Q3 On-call`): it names a question, it says nothing.
    Heading,
    /// The note-taker's own remark in notes, a whole line in brackets
    /// (`[liked that - sounded real]`): counted only in passing.
    Comment,
}

/// Speakers' names, each held once: a transcript of 100,000 turns by two
/// people holds two names, not 100,000 copies of them.
#[derive(Debug, Default)]
pub struct Names(HashSet<Arc<str>>);

impl Names {
    /// The shared copy of `name`.
    pub fn intern(&mut self, name: &str) -> Arc<str> {
        if let Some(known) = self.0.get(name) {
            return Arc::clone(known);
        }
        let name: Arc<str> = Arc::from(name);
        self.0.insert(Arc::clone(&name));
        name
    }
}

/// One speaker saying one stretch of text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Turn {
    /// The speaker as the input names them, if it does: one shared copy
    /// of each name, however many turns it labels (see [`Names`]).
    pub speaker: Option<Arc<str>>,
    pub text: String,
    pub kind: TurnKind,
    /// Where each piece of `text` came from; see the module docs.
    pub origins: Vec<Origin>,
}

impl Turn {
    /// A turn whose text came from one place.
    pub fn new(
        speaker: Option<Arc<str>>,
        text: String,
        line: u32,
        time: Option<Timestamp>,
    ) -> Turn {
        Turn {
            speaker,
            text,
            kind: TurnKind::Speech,
            origins: vec![Origin {
                offset: 0,
                line,
                time,
            }],
        }
    }

    /// Appends a piece from another place, separated from what is there by `\n`.
    pub fn push_piece(&mut self, text: &str, line: u32, time: Option<Timestamp>) {
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        self.origins.push(Origin {
            offset: self.text.len(),
            line,
            time,
        });
        self.text.push_str(text);
    }

    /// Splits the turn at byte `at` (a char boundary), whose origin is
    /// `first` (from [`Turn::locator`], made once for many splits): this
    /// turn keeps the text before it, trailing space trimmed, and the
    /// returned one, by the same speaker, of the same kind, has the rest,
    /// its origins where its text came from. Split from the end, a turn cut
    /// in many places moves each byte once.
    pub(crate) fn split_off(&mut self, at: usize, first: Origin) -> Turn {
        let keep = self.origins.partition_point(|o| o.offset < at);
        let moved = self.origins.split_off(keep);
        let mut origins = Vec::with_capacity(moved.len() + 1);
        origins.push(Origin { offset: 0, ..first });
        origins.extend(moved.into_iter().filter(|o| o.offset > at).map(|o| Origin {
            offset: o.offset - at,
            ..o
        }));
        let text = self.text.split_off(at);
        self.text.truncate(self.text.trim_end().len());
        Turn {
            speaker: self.speaker.clone(),
            text,
            kind: self.kind,
            origins,
        }
    }

    /// The origin of the byte at `offset`: the line it is on and its piece's time.
    /// To locate many offsets, make a [`Locator`] once.
    pub fn origin_at(&self, offset: usize) -> Origin {
        self.locator().origin_at(offset)
    }

    /// Locates offsets of this turn in time logarithmic in its length.
    pub fn locator(&self) -> Locator<'_> {
        Locator {
            turn: self,
            newlines: memchr::memchr_iter(b'\n', self.text.as_bytes()).collect(),
        }
    }
}

/// Where offsets of one turn came from, with the turn's newlines indexed,
/// so that locating every hit of a long turn stays linear overall.
pub struct Locator<'a> {
    turn: &'a Turn,
    newlines: Vec<usize>,
}

impl<'a> Locator<'a> {
    /// The turn whose offsets this locates.
    pub fn turn(&self) -> &'a Turn {
        self.turn
    }

    /// The origin of the byte at `offset`: the line it is on and its piece's time.
    pub fn origin_at(&self, offset: usize) -> Origin {
        let turn = self.turn;
        let i = turn
            .origins
            .partition_point(|o| o.offset <= offset)
            .saturating_sub(1);
        let piece = turn.origins[i];
        // Within a piece, every `\n` is a line of the input (plain text, notes).
        let start = piece.offset.min(turn.text.len());
        let end = offset.clamp(start, turn.text.len());
        let before = |at: usize| self.newlines.partition_point(|&p| p < at);
        let newlines = (before(end) - before(start)) as u32;
        Origin {
            offset,
            line: piece.line + newlines,
            time: piece.time,
        }
    }
}

/// The first `max` bytes of `text`, or fewer, to end on a char boundary:
/// a bounded look at a line's opening, whatever its characters.
pub(crate) fn head(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// A parsed transcript: turns in file order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Transcript {
    /// The format it was parsed as (never `Auto`).
    pub format: Option<Format>,
    pub turns: Vec<Turn>,
    /// Things the parser tolerated that the user should know about.
    pub warnings: Vec<String>,
}

/// A transcript that could not be parsed.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ParseError {
    pub line: u32,
    pub message: String,
}

impl Transcript {
    /// Parses decoded text. `Format::Auto` detects the format from the content.
    pub fn parse(text: &str, format: Format) -> Result<Transcript, ParseError> {
        let format = match format {
            Format::Auto => detect(text),
            f => f,
        };
        let mut transcript = match format {
            Format::Markdown => markdown::parse(text),
            Format::Vtt => vtt::parse(text)?,
            Format::Srt => srt::parse(text)?,
            Format::Json => json::parse(text)?,
            Format::Text | Format::Auto => {
                export::parse(text).unwrap_or_else(|| plain::parse(text))
            }
        };
        revisit::split_revisits(&mut transcript.turns);
        transcript.format = Some(format);
        Ok(transcript)
    }

    /// Whether no turn has any text.
    pub fn is_empty(&self) -> bool {
        self.turns.iter().all(|t| t.text.trim().is_empty())
    }
}

/// The number of whitespace-separated words in `text`.
pub fn count_words(text: &str) -> usize {
    // Non-ASCII bytes are never white space in UTF-8 here; counting on
    // ASCII white space is what split_whitespace does for real text. A word
    // starts at a byte that is not white space after one that is (or at the
    // start): counted eight bytes at a time, each byte's "is white space"
    // in its top bit.
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The top bit of each byte of `word` that equals `b`.
    let equal = |word: u64, b: u8| {
        let x = word ^ (ONES * u64::from(b));
        !(((x & LOW) + LOW) | x) & HIGH
    };
    let bytes = text.as_bytes();
    let mut words = 0;
    // Whether the byte before the current one is white space, in the top
    // bit of the lowest byte's place once shifted in.
    let mut before = 0x80u64;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let space = equal(word, b' ')
            | equal(word, b'\n')
            | equal(word, b'\t')
            | equal(word, b'\r')
            | equal(word, 0x0c);
        let space_before = (space << 8) | before;
        words += (space_before & !space & HIGH).count_ones() as usize;
        before = space >> 56;
    }
    let mut in_word = before == 0;
    for &b in chunks.remainder() {
        let space = b.is_ascii_whitespace();
        if !space && !in_word {
            words += 1;
        }
        in_word = !space;
    }
    words
}

/// Detects a format from content. Never fails: anything unknown is plain text.
pub fn detect(text: &str) -> Format {
    let head = text.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with("WEBVTT") {
        return Format::Vtt;
    }
    if head.starts_with('{') || head.starts_with('[') && looks_like_json_array(head) {
        return Format::Json;
    }
    if looks_like_srt(head) {
        return Format::Srt;
    }
    if markdown::looks_like(text) {
        return Format::Markdown;
    }
    Format::Text
}

fn looks_like_json_array(head: &str) -> bool {
    head[1..].trim_start().starts_with(['{', ']'])
}

/// An index line then a timing line, or a timing line first (no index).
fn looks_like_srt(head: &str) -> bool {
    let mut lines = head.lines();
    let first = lines.next().unwrap_or("").trim();
    let second = lines.next().unwrap_or("");
    let timing =
        |l: &str| l.contains("-->") && l.trim_start().starts_with(|c: char| c.is_ascii_digit());
    (!first.is_empty() && first.bytes().all(|b| b.is_ascii_digit()) && timing(second))
        || timing(first)
}

#[cfg(test)]
mod tests {
    use super::{count_words, Turn};

    #[test]
    fn a_turn_split_keeps_where_its_text_came_from() {
        let mut turn = Turn::new(Some("Dana".into()), "One.".to_string(), 3, None);
        turn.push_piece("Two. Three.", 4, None);
        turn.push_piece("Four.", 7, None);
        let at = turn.text.find("Three").unwrap();
        let first = turn.origin_at(at);
        let tail = turn.split_off(at, first);
        assert_eq!(turn.text, "One.\nTwo.");
        assert_eq!(tail.text, "Three.\nFour.");
        assert_eq!(tail.speaker.as_deref(), Some("Dana"));
        assert_eq!(tail.origin_at(0).line, 4);
        assert_eq!(tail.origin_at(tail.text.find("Four").unwrap()).line, 7);
        assert_eq!(turn.origins.len(), 2);
    }

    #[test]
    fn words_are_counted_between_ascii_white_space() {
        for (text, n) in [
            ("", 0),
            ("   ", 0),
            ("one", 1),
            (" one  two\tthree\n", 3),
            ("eight by", 2),
            ("12345678 9", 2),
            ("1234567 89", 2),
            ("        x", 1),
            ("x\x0by", 1),
            ("caf\u{e9}\u{a0}au lait", 2),
        ] {
            assert_eq!(count_words(text), n, "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn counting_agrees_with_splitting(text in "[ab \\t\\n\\r\\x0B\\x0C\\u{a0}é]{0,40}") {
            proptest::prop_assert_eq!(count_words(&text), text.split_ascii_whitespace().count());
        }
    }
}
