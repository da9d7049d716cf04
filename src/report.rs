//! The report: the documented JSON contract (`schema_version` 1) and the only
//! input of every renderer. See `docs/report.md`.

use serde::Serialize;

use crate::pack::Signal;

/// The report schema version.
pub const SCHEMA_VERSION: u32 = 1;

/// A verdict for a question, a category or the whole interview.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Green,
    Amber,
    Red,
    Unanswered,
}

impl Verdict {
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Green => "green",
            Verdict::Amber => "amber",
            Verdict::Red => "red",
            Verdict::Unanswered => "unanswered",
        }
    }

    pub fn from_name(name: &str) -> Option<Verdict> {
        Some(match name {
            "green" => Verdict::Green,
            "amber" => Verdict::Amber,
            "red" => Verdict::Red,
            "unanswered" => Verdict::Unanswered,
            _ => return None,
        })
    }
}

/// A scored transcript.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub source: String,
    pub format: String,
    pub pack: PackInfo,
    pub speakers: Speakers,
    pub overall: Overall,
    pub categories: Vec<CategoryResult>,
    pub questions: Vec<QuestionResult>,
    pub warnings: Vec<String>,
    /// The transcript that was scored, for renderers that show it (HTML).
    /// Not part of the JSON contract.
    #[serde(skip)]
    pub transcript: Option<crate::transcript::Transcript>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PackInfo {
    pub name: String,
    pub version: String,
}

/// Who was taken as asking and who as answering.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Speakers {
    pub asker: Option<String>,
    pub answerer: Option<String>,
}

/// The interview as a whole, with how much of it was answered.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Overall {
    /// 0-100, the mean of the answered questions' points; absent when
    /// nothing was answered.
    pub score: Option<u32>,
    /// From the score, capped at amber when `partial`.
    pub verdict: Verdict,
    /// Questions the candidate asked (or a heading named).
    pub asked: usize,
    /// Questions whose verdict is not `unanswered`.
    pub answered: usize,
    /// Fewer than [`Overall::needed`] questions were answered: too little
    /// to call the interview green (see `docs/report.md`, "Coverage").
    pub partial: bool,
}

/// Answered questions below which a report is partial.
pub const PARTIAL_BELOW: usize = 3;

impl Overall {
    /// Answered questions a pack of `questions` questions needs for a
    /// report not to be partial: [`PARTIAL_BELOW`], or all of a smaller
    /// pack's.
    pub fn needed(questions: usize) -> usize {
        PARTIAL_BELOW.min(questions)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CategoryResult {
    pub id: String,
    pub label: String,
    pub goal: String,
    /// 0-100; absent when none of its questions was answered.
    pub score: Option<u32>,
    pub verdict: Verdict,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuestionResult {
    pub id: String,
    pub number: u32,
    pub category: String,
    pub text: String,
    /// A short name for headings, from the pack (`title`), or else made
    /// from the id.
    pub title: String,
    pub asked: bool,
    pub answered: bool,
    pub verdict: Verdict,
    /// Sum of the hits' weights.
    pub score: f64,
    /// Why the verdict is what it is, in a few words.
    pub reason: String,
    /// Words in the answer to this question.
    pub answer_words: usize,
    /// The hits, in text order: the first [`QuestionResult::MAX_HITS`].
    pub hits: Vec<HitReport>,
    /// Hits after the first [`QuestionResult::MAX_HITS`], which count in the
    /// verdict and score but are not listed; absent when none.
    #[serde(skip_serializing_if = "is_zero")]
    pub hits_omitted: usize,
    pub follow_up: Vec<String>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// One rule hit, with what happened to it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HitReport {
    pub rule: String,
    /// Index of the rule in the pack.
    #[serde(skip)]
    pub rule_index: usize,
    /// The signal it counted as (after a negation flip).
    pub signal: Signal,
    /// Signed: green adds, red and amber subtract; 0 when dropped.
    pub weight: f64,
    /// What the context did to it, in order.
    pub modifiers: Vec<Modifier>,
    /// The text from the first matched word to the last.
    pub matched: String,
    /// The words the rule matched, in order, each with its byte range in
    /// `excerpt`: `matched` without the words a `~N` gap skipped.
    pub evidence: Vec<Evidence>,
    pub line: u32,
    pub time: Option<String>,
    pub speaker: Option<String>,
    pub excerpt: String,
    pub message: String,
    /// The transcript turn it is in, and the byte ranges of its matched
    /// words in that turn's text.
    #[serde(skip)]
    pub turn: usize,
    #[serde(skip)]
    pub spans: Vec<(usize, usize)>,
    /// Why the hit counts for nothing, if it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dropped: Option<Dropped>,
}

/// What the context of a hit did to it (`docs/rules.md`, "Modifiers").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Modifier {
    Contained,
    Negated,
    Past,
    Superseded,
    Hypothetical,
    Reported,
    Elsewhere,
    Contrasted,
    Emphasised,
    OutOfAnswer,
    Contradicted,
    Occasional,
}

impl Modifier {
    /// Every modifier, in the order a hit lists them.
    pub const ALL: &'static [Modifier] = &[
        Modifier::Contained,
        Modifier::Negated,
        Modifier::Past,
        Modifier::Superseded,
        Modifier::Hypothetical,
        Modifier::Reported,
        Modifier::Elsewhere,
        Modifier::Contrasted,
        Modifier::Emphasised,
        Modifier::OutOfAnswer,
        Modifier::Contradicted,
        Modifier::Occasional,
    ];

    /// The name in reports: `out-of-answer`.
    pub fn name(self) -> &'static str {
        match self {
            Modifier::Contained => "contained",
            Modifier::Negated => "negated",
            Modifier::Past => "past",
            Modifier::Superseded => "superseded",
            Modifier::Elsewhere => "elsewhere",
            Modifier::Hypothetical => "hypothetical",
            Modifier::Reported => "reported",
            Modifier::Contrasted => "contrasted",
            Modifier::Emphasised => "emphasised",
            Modifier::OutOfAnswer => "out-of-answer",
            Modifier::Contradicted => "contradicted",
            Modifier::Occasional => "occasional",
        }
    }

    /// In words, for people.
    pub fn words(self) -> &'static str {
        match self {
            Modifier::Contained => "inside a longer match",
            Modifier::Negated => "negated",
            Modifier::Past => "said in the past tense",
            Modifier::Superseded => "a past practice a current one replaced",
            Modifier::Elsewhere => "told of an earlier employer",
            Modifier::Hypothetical => "only a plan or a wish",
            Modifier::Reported => "about somewhere else",
            Modifier::Contrasted => "before a “but” (counts less)",
            Modifier::Emphasised => "after a “but” (counts more)",
            Modifier::OutOfAnswer => "outside this question’s answer",
            Modifier::Contradicted => "contradicted by the next answerer",
            Modifier::Occasional => "only sometimes",
        }
    }

    /// Whether it says the hit is not a current practice of this company:
    /// negated, past, a plan, someone else's, or kept only now and then.
    pub fn unaffirms(self) -> bool {
        matches!(
            self,
            Modifier::Negated
                | Modifier::Past
                | Modifier::Superseded
                | Modifier::Hypothetical
                | Modifier::Reported
                | Modifier::Elsewhere
                | Modifier::Occasional
        )
    }
}

impl std::fmt::Display for Modifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a hit counts for nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dropped {
    /// Inside a longer hit of this rule (full id).
    Contained(String),
    /// Negated, and its rule drops negated hits.
    Negated,
    /// Vague words outside their question's answer.
    Vague,
    /// In a panel, the next answerer contradicted it.
    Contradicted,
    /// A past practice that the current practice of this rule (full id) replaced.
    Superseded(String),
    /// Told of an earlier employer, not this company.
    Elsewhere,
    /// Against the question, said outside its answer, when the answer
    /// itself has evidence: the answer is judged on itself.
    Passing,
    /// A sign of vagueness (a `vague` rule) in an answer that names a
    /// current good practice.
    BesidePractice,
}

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Dropped::Contained(rule) => write!(f, "inside a longer match of {rule}"),
            Dropped::Negated => f.write_str("negated"),
            Dropped::Vague => f.write_str("vague, and outside its question's answer"),
            Dropped::Contradicted => f.write_str("contradicted by the next answerer"),
            Dropped::Superseded(rule) => {
                write!(f, "history: superseded by the current practice of {rule}")
            }
            Dropped::Elsewhere => f.write_str("told of an earlier employer"),
            Dropped::Passing => {
                f.write_str("said in passing elsewhere; the answer itself has evidence")
            }
            Dropped::BesidePractice => {
                f.write_str("vague words beside a current good practice in the answer")
            }
        }
    }
}

impl Serialize for Dropped {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl HitReport {
    /// Whether the context did `m` to it.
    pub fn has(&self, m: Modifier) -> bool {
        self.modifiers.contains(&m)
    }

    /// Its modifiers' names, joined with ", ".
    pub fn modifier_names(&self) -> String {
        let names: Vec<&str> = self.modifiers.iter().map(|m| m.name()).collect();
        names.join(", ")
    }
}

/// One run of matched words in a hit's excerpt.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evidence {
    pub text: String,
    /// Byte range in the hit's `excerpt`.
    pub start: usize,
    pub end: usize,
}

impl HitReport {
    /// The excerpt as pieces: `(text, marked)`, alternating plain text and
    /// the matched words.
    pub fn excerpt_pieces(&self) -> Vec<(&str, bool)> {
        let mut out = Vec::new();
        let mut cursor = 0;
        for e in &self.evidence {
            if e.start < cursor || e.end > self.excerpt.len() {
                continue;
            }
            if e.start > cursor {
                out.push((&self.excerpt[cursor..e.start], false));
            }
            out.push((&self.excerpt[e.start..e.end], true));
            cursor = e.end;
        }
        if cursor < self.excerpt.len() {
            out.push((&self.excerpt[cursor..], false));
        }
        out
    }
}

impl Report {
    /// The source as people read it: `<stdin>` for standard input (whose
    /// `source` is `-`), else the path.
    pub fn display_source(&self) -> &str {
        if self.source == "-" {
            "<stdin>"
        } else {
            &self.source
        }
    }

    /// One line about where the report came from: the input format (for
    /// people: `input: plain text`), pack, and who was taken as answering
    /// and asking.
    pub fn about(&self) -> String {
        let input = crate::transcript::Format::from_name(&self.format)
            .map_or(self.format.as_str(), |f| f.title());
        let mut s = format!(
            "input: {input} · pack {} {}",
            self.pack.name, self.pack.version
        );
        if let Some(a) = &self.speakers.answerer {
            s.push_str(&format!(" · answering: {a}"));
        }
        if let Some(a) = &self.speakers.asker {
            s.push_str(&format!(" · asking: {a}"));
        }
        s
    }
}

impl Report {
    /// How much was answered, in words: `partial: 2 of 10 answered (3
    /// asked)`.
    pub fn coverage(&self) -> String {
        format!(
            "{}{} of {} answered ({} asked)",
            if self.overall.partial {
                "partial: "
            } else {
                ""
            },
            self.overall.answered,
            self.questions.len(),
            self.overall.asked
        )
    }

    /// Why a partial report's verdict is what it is, for people; `None`
    /// when the report is not partial.
    pub fn partial_note(&self) -> Option<String> {
        self.overall.partial.then(|| {
            let needed = Overall::needed(self.questions.len());
            format!(
                "Fewer than {needed} questions answered: too little to call the interview green, so the overall verdict is at best amber. Ask the rest."
            )
        })
    }
}

impl QuestionResult {
    /// Hits listed per question. Every hit counts; a transcript that hits
    /// one question thousands of times (a day of talk pasted in one file)
    /// lists the first ones, so a report stays readable and its memory
    /// bounded.
    pub const MAX_HITS: usize = 100;

    /// Hits that count (weight not zero).
    pub fn counted(&self) -> impl Iterator<Item = &HitReport> {
        self.hits.iter().filter(|h| h.dropped.is_none())
    }
}
