//! candor: what a CTO's answers to ten hard interview questions reveal.
//!
//! A transcript flows one way through the pipeline, one module per stage:
//!
//! ```text
//! bytes ─decode─▶ text ─parse─▶ Transcript ─segment─▶ Interview ─scan─▶ hits ─score─▶ Report ─render─▶ output
//! ```
//!
//! ```
//! use candor::{Engine, Format, Transcript, Verdict};
//!
//! let engine = Engine::new(&candor::pack::builtin());
//! let text = "Me: What happens when production goes down at 3 AM?\n\
//!             CTO: Whoever is on call gets paged, and afterwards we run a \
//!             blameless post-mortem so the whole team learns from it.\n";
//! let transcript = Transcript::parse(text, Format::Auto).unwrap();
//! let report = engine.score(&transcript, "example.txt", None);
//! let q = report.questions.iter().find(|q| q.id == "incident-response").unwrap();
//! assert_eq!(q.verdict, Verdict::Green);
//! ```

pub mod batch;
pub mod decode;
pub mod diff;
pub use candor_pack::lang;
pub mod normalize;
pub mod pack;
pub mod render;
pub mod report;
pub mod ruletest;
pub mod scan;
pub mod score;
pub mod segment;
pub mod transcript;

pub use pack::{Pack, PackError};
pub use report::{Report, Verdict};
pub use scan::Engine;
pub use transcript::{Format, Transcript};

/// A transcript that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Decode(#[from] decode::DecodeError),
    #[error(transparent)]
    Parse(#[from] transcript::ParseError),
}

/// How to read an input.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// The input format; `None` detects it from the content, then `source`'s extension.
    pub format: Option<Format>,
    /// A legacy encoding to decode with (`windows-1252`, `gbk`). By default, UTF-8/16.
    pub encoding: Option<String>,
    /// The asker's name, overriding the guess.
    pub asker: Option<String>,
}

impl Engine {
    /// Segments, scans and scores a parsed transcript.
    pub fn score(&self, transcript: &Transcript, source: &str, asker: Option<&str>) -> Report {
        let interview = segment::segment(transcript, self.pack(), asker);
        score::score(self, transcript, &interview, source)
    }

    /// Decodes, parses and scores raw input bytes from `source`.
    pub fn score_bytes(
        &self,
        bytes: &[u8],
        source: &str,
        options: &ReadOptions,
    ) -> Result<Report, Error> {
        let transcript = read_transcript(bytes, source, options)?;
        Ok(self.score_transcript(transcript, source, options))
    }

    /// Scores a transcript read with [`read_transcript`], which the report keeps.
    pub fn score_transcript(
        &self,
        transcript: Transcript,
        source: &str,
        options: &ReadOptions,
    ) -> Report {
        let mut report = self.score(&transcript, source, options.asker.as_deref());
        report.transcript = Some(transcript);
        report
    }
}

/// Decodes and parses raw input bytes from `source` (whose extension breaks
/// a tie when the content does not say its format).
pub fn read_transcript(
    bytes: &[u8],
    source: &str,
    options: &ReadOptions,
) -> Result<Transcript, Error> {
    parse_decoded(
        decode::decode(bytes, options.encoding.as_deref())?,
        source,
        options,
    )
}

/// [`read_transcript`], taking the bytes: usual UTF-8 input is parsed in
/// place, without a decoded copy.
pub fn read_transcript_owned(
    bytes: Vec<u8>,
    source: &str,
    options: &ReadOptions,
) -> Result<Transcript, Error> {
    parse_decoded(
        decode::decode_owned(bytes, options.encoding.as_deref())?,
        source,
        options,
    )
}

fn parse_decoded(
    decoded: decode::Decoded,
    source: &str,
    options: &ReadOptions,
) -> Result<Transcript, Error> {
    let format = options.format.unwrap_or_else(|| {
        let detected = transcript::detect(&decoded.text);
        if detected != Format::Text {
            return detected;
        }
        std::path::Path::new(source)
            .extension()
            .and_then(|e| Format::from_extension(&e.to_string_lossy()))
            .unwrap_or(Format::Text)
    });
    let mut transcript = Transcript::parse(&decoded.text, format)?;
    let mut warnings = decoded.warnings;
    warnings.append(&mut transcript.warnings);
    transcript.warnings = warnings;
    Ok(transcript)
}
