//! Rule packs: loading, layering and compiling.
//!
//! Files are read into the serde mirror in `raw`, layered by `load` (later
//! packs add rules or replace them by full id, extend concepts, and override
//! settings), then compiled by `compile` into a [`Pack`]: categories and
//! questions resolved to indices, every expression parsed and compiled into
//! one [`Matcher`] with the concepts, the modifier markers and the question
//! cues. Every problem found is collected as a [`Diagnostic`]; a pack with
//! any error does not load.

mod compile;
mod diagnostic;
mod load;
mod raw;

use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

pub use diagnostic::{line_col, toml_message, Code, Diagnostic, PackError, Severity};

use crate::lang::expr::Expr;
use crate::lang::matcher::{Matcher, Spans, State};
use crate::lang::token::Token;

/// The largest compiled size of one pattern, in bytes.
pub const PATTERN_SIZE_LIMIT: usize = 1 << 20;

/// What a rule's hit says about an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Signal {
    Green,
    Amber,
    Red,
}

impl Signal {
    pub fn name(self) -> &'static str {
        match self {
            Signal::Green => "green",
            Signal::Amber => "amber",
            Signal::Red => "red",
        }
    }
}

/// What a negator before a hit does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OnNegation {
    /// Green becomes red and red becomes green, times the negation factor.
    Flip,
    /// The hit is kept with weight 0.
    Drop,
    /// The negator is not looked at (the expression carries its own negation).
    Ignore,
}

/// How far apart the words of one match of a rule may be.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Within {
    /// In one sentence (the default).
    #[default]
    Sentence,
    /// Anywhere in one turn of the transcript (one paragraph or bullet of
    /// notes): "Tech debt? A fifth of every sprint."
    Turn,
}

/// What a plan or wish around a hit ("we plan to", "hopefully") does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OnHypothetical {
    /// The hit is no practice in place: it weighs less and never vetoes.
    #[default]
    Discount,
    /// The plan is the flag already ("we plan to replace juniors with AI").
    Ignore,
}

/// What the past around a hit ("we used to", "years ago") does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OnPast {
    /// The hit is history: it weighs less, and a later current practice
    /// about the same question supersedes it.
    #[default]
    Discount,
    /// The rule is about an ending, told in the past by nature ("the
    /// training budget was cut", "we stopped doing post-mortems"): what
    /// ended is the present, so the past neither discounts nor supersedes it.
    Ignore,
}

/// The roles of the modifier markers (`[markers]` in `concepts.toml`): what
/// the words of each list do to the hits around them. See `docs/rules.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Marker {
    /// Negates what follows in its clause: "not", "never", "without".
    Negation,
    /// Ends a negator's clause: "but", "because", "and".
    Clause,
    /// Ends the span past, plan and report markers reach: "but", "now".
    Break,
    /// Past, before the hit in its span: "used to", "previously".
    Past,
    /// Past, also after the hit: "... years ago".
    PastTrailing,
    /// A plan or wish, before the hit: "we plan to", "we'd like to".
    Hypothetical,
    /// A plan or wish, also after the hit: "... one day".
    HypotheticalTrailing,
    /// Someone else's practice: "at my last company", "other companies".
    Reported,
    /// After a clause break, words that switch back to the speaker: "we".
    Speaker,
    /// The hit is before it in the sentence (weak side), after it (strong).
    Contrast,
    /// Opens a concession: "although", "even though".
    Concession,
    /// Or-like words a negation carries over: "or", "nor".
    Coordination,
    /// Past-tense verbs that let an earlier past marker frame a sentence.
    PastVerb,
    /// A next sentence that puts what came before behind: "we moved away
    /// from all of that".
    PutBehind,
    /// Now and then, not as a rule: "sometimes", "occasionally".
    Occasional,
    /// Words that look like markers but are not: "not only", "no doubt",
    /// "one day a month". Markers inside a match of these do not count.
    Ignore,
    /// Ends a short answer that negates the topic asked just before it:
    /// "Blame? Never.", "Lines of code? God, no."
    NegationAfter,
    /// The present a past practice gives way to: "now", "these days".
    Present,
    /// Names an earlier employer as a sentence's subject: "at my last company".
    Elsewhere,
    /// Before a capitalised name, names an earlier employer: "at" in "At Kestrel we ...".
    ElsewhereAt,
    /// Switches a story about an earlier employer back to this one: "here".
    Here,
    /// Words of complaint: "never", "impossible", "nobody", "burnout". Not a
    /// modifier: an answer no rule counted in, long enough and with enough
    /// of them, is told as a complaint ([`Thresholds::complaint_share`]).
    Complaint,
    /// Words that say a text is about software work: "codebase", "deploy",
    /// "tech lead". Not a modifier: prose that cues no question is read for
    /// the question its evidence is about only when it has one of them
    /// ([`Pack::speaks_of_work`]).
    Workplace,
}

impl Marker {
    pub const ALL: &'static [Marker] = &[
        Marker::Negation,
        Marker::Clause,
        Marker::Break,
        Marker::Past,
        Marker::PastTrailing,
        Marker::Hypothetical,
        Marker::HypotheticalTrailing,
        Marker::Reported,
        Marker::Speaker,
        Marker::Contrast,
        Marker::Concession,
        Marker::Coordination,
        Marker::PastVerb,
        Marker::PutBehind,
        Marker::Occasional,
        Marker::Ignore,
        Marker::NegationAfter,
        Marker::Present,
        Marker::Elsewhere,
        Marker::ElsewhereAt,
        Marker::Here,
        Marker::Complaint,
        Marker::Workplace,
    ];

    /// The key in `[markers]`, also the concept name.
    pub fn name(self) -> &'static str {
        match self {
            Marker::Negation => "negation",
            Marker::Clause => "clause",
            Marker::Break => "break",
            Marker::Past => "past",
            Marker::PastTrailing => "past-trailing",
            Marker::Hypothetical => "hypothetical",
            Marker::HypotheticalTrailing => "hypothetical-trailing",
            Marker::Reported => "reported",
            Marker::Speaker => "speaker",
            Marker::Contrast => "contrast",
            Marker::Concession => "concession",
            Marker::Coordination => "coordination",
            Marker::PastVerb => "past-verb",
            Marker::PutBehind => "put-behind",
            Marker::Occasional => "occasional",
            Marker::Ignore => "ignore",
            Marker::NegationAfter => "negation-after",
            Marker::Present => "present",
            Marker::Elsewhere => "elsewhere",
            Marker::ElsewhereAt => "elsewhere-at",
            Marker::Here => "here",
            Marker::Complaint => "complaint",
            Marker::Workplace => "workplace",
        }
    }

    pub fn from_name(name: &str) -> Option<Marker> {
        Marker::ALL.iter().copied().find(|m| m.name() == name)
    }
}

/// A checklist area.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Category {
    pub id: String,
    pub label: String,
    pub goal: String,
}

/// One of the questions a candidate asks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub number: u32,
    /// Index into [`Pack::categories`].
    pub category: usize,
    pub text: String,
    /// A short name for headings: `title` in the pack, or else made from
    /// the id (`build-vs-buy` is "Build vs buy").
    pub title: String,
    /// Expressions that recognise the question when it is asked.
    pub cues: Vec<String>,
    pub follow_up: Vec<String>,
    pub why: String,
    pub good: String,
    pub bad: String,
    /// What an answer given earns on its own (`answer_weight`, 0 unless a
    /// pack says): added to the question's score when its answer has at
    /// least `thin_words` words and evidence of its own, is no evasion, and
    /// no red flag decides it.
    /// For a question where naming anything specific is the good sign (the
    /// magic wand), it lets a candid answer in words no rule knows reach
    /// green.
    #[serde(default)]
    pub answer_weight: f64,
    /// Whether an answer told as a complaint is red (`complaint`, true
    /// unless a pack says): not for a question that asks for a problem
    /// (the biggest risk, the magic wand), whose answer is one.
    pub complaint: bool,
    /// Where the question's id is (in the last file that set it).
    pub location: Location,
}

impl Question {
    /// An id as a title, for questions without one: `build-vs-buy` is
    /// "Build vs buy".
    pub fn title_from_id(id: &str) -> String {
        let words = id.replace('-', " ");
        let mut chars = words.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    }
}

/// A place in a pack file: 1-based line and column, and a length in chars.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub length: usize,
}

/// A named set of words, shared by every rule; or a modifier marker list.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Concept {
    pub name: String,
    /// The marker role, for the lists of `[markers]`.
    pub marker: Option<Marker>,
    /// Its entries (expressions), in the order the files give them.
    pub entries: Vec<Entry>,
    /// Where its name is first defined.
    pub location: Location,
    /// Whether an expression of the pack refers to it (markers always are).
    pub used: bool,
}

/// One expression as written, where it was written.
///
/// Its parsed form is made when it is first asked for ([`Entry::expr`]):
/// scoring needs only the compiled matcher, so a pack read back from a
/// snapshot does not carry its expressions twice.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Entry {
    pub source: String,
    /// Whether `source` is a phrase (`phrases = [...]`: its words in order)
    /// rather than an expression.
    pub phrase: bool,
    pub location: Location,
    #[serde(skip)]
    expr: OnceLock<Expr>,
}

impl Entry {
    /// An entry whose source was parsed into `expr`.
    pub fn new(source: String, phrase: bool, expr: Expr, location: Location) -> Entry {
        Entry {
            source,
            phrase,
            location,
            expr: OnceLock::from(expr),
        }
    }

    /// The expression, parsed from `source` the first time it is asked for.
    pub fn expr(&self) -> &Expr {
        self.expr.get_or_init(|| {
            if self.phrase {
                crate::lang::expr::phrase(&self.source)
            } else {
                crate::lang::expr::parse(&self.source)
                    .expect("an entry's source parsed when its pack compiled")
            }
        })
    }
}

/// How a rule's expression was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExpressionKind {
    /// In `match = [...]`.
    Match,
    /// In `phrases = [...]`: the words as a sequence.
    Phrase,
    /// The gate of the pattern with this index.
    Gate(usize),
}

/// One way a rule finds its evidence.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RuleExpression {
    pub kind: ExpressionKind,
    pub entry: Entry,
}

/// A compiled regex pattern and the expression that gates it: it runs only
/// on a sentence where its gate matches.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(into = "PatternData", try_from = "PatternData")]
pub struct Pattern {
    pub source: String,
    pub regex: regex::bytes::Regex,
    /// The gate as an expression's source.
    pub gate: String,
    pub location: Location,
}

/// A [`Pattern`] as it is stored: its regex is compiled again from its
/// source when it is read back.
#[derive(Serialize, Deserialize)]
struct PatternData {
    source: String,
    gate: String,
    location: Location,
}

impl From<Pattern> for PatternData {
    fn from(p: Pattern) -> PatternData {
        PatternData {
            source: p.source,
            gate: p.gate,
            location: p.location,
        }
    }
}

impl TryFrom<PatternData> for Pattern {
    type Error = regex::Error;

    fn try_from(p: PatternData) -> Result<Pattern, regex::Error> {
        Ok(Pattern {
            regex: compile_pattern(&p.source)?,
            source: p.source,
            gate: p.gate,
            location: p.location,
        })
    }
}

/// A compiled rule.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Rule {
    /// Full id: `<question id>/<rule id>` or `general/<rule id>`.
    pub id: String,
    /// Index into [`Pack::questions`]; `None` for general rules.
    pub question: Option<usize>,
    pub signal: Signal,
    pub weight: f64,
    pub veto: bool,
    pub evasion: bool,
    /// An amber rule for a sign of vagueness (a buzzword, "we work closely
    /// together"): it counts only when the answer names no current good
    /// practice of its own.
    #[serde(default)]
    pub vague: bool,
    /// Weak evidence, usually single words: its hits count only in an
    /// answer to its own question; alone when no other rule counted there,
    /// or (green ones) at half weight beside evidence that all speaks for
    /// the answer; a lean evasion only in an answer that says nothing
    /// counted (see `docs/rules.md`).
    #[serde(default)]
    pub lean: bool,
    /// Its `match` expressions, then its phrases, then its patterns' gates.
    pub expressions: Vec<RuleExpression>,
    /// Expressions that take a match back: a match of the rule that one of
    /// these overlaps in the same sentence does not count ("140,000 lines of
    /// code" is no lines-of-code metric).
    pub unless: Vec<Entry>,
    /// Their targets in [`group::UNLESS`]: `unless_targets.0..unless_targets.1`.
    pub unless_targets: (u32, u32),
    pub patterns: Vec<Pattern>,
    pub on_negation: OnNegation,
    pub on_hypothetical: OnHypothetical,
    #[serde(default)]
    pub on_past: OnPast,
    /// How far apart the words of one match may be.
    pub within: Within,
    pub message: String,
    pub examples: Vec<String>,
    pub counter_examples: Vec<String>,
    /// Where the rule's id is.
    pub location: Location,
    /// Where each example and counter-example is, parallel to them.
    pub example_locations: Vec<Location>,
    pub counter_example_locations: Vec<Location>,
}

/// Question score thresholds for verdicts.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    pub green: f64,
    pub red: f64,
    pub thin_words: usize,
    pub category_green: f64,
    pub category_red: f64,
    /// An answer of at least `complaint_words` words that no rule counted
    /// in is red when at least `complaint_share` per cent of its words are
    /// words of complaint (the `complaint` markers): a story of what goes
    /// wrong, told in words no rule knows. A share of 0 turns it off.
    pub complaint_share: f64,
    pub complaint_words: usize,
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds {
            green: 2.0,
            red: -2.0,
            thin_words: 12,
            category_green: 75.0,
            category_red: 40.0,
            complaint_share: 0.0,
            complaint_words: 80,
        }
    }
}

/// Factors that modifiers apply to a hit's weight.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Factors {
    pub negation: f64,
    pub past: f64,
    pub hypothetical: f64,
    pub reported: f64,
    pub contrast_before: f64,
    pub contrast_after: f64,
    pub out_of_answer: f64,
    pub occasional: f64,
}

impl Default for Factors {
    fn default() -> Factors {
        Factors {
            negation: 0.8,
            past: 0.25,
            hypothetical: 0.5,
            reported: 0.3,
            contrast_before: 0.5,
            contrast_after: 1.5,
            out_of_answer: 0.5,
            occasional: 0.5,
        }
    }
}

/// The matcher's groups of targets.
pub mod group {
    /// Rule expressions; a target's owner indexes [`super::Pack::targets`].
    pub const RULES: usize = 0;
    /// Marker entries; a target's owner is the [`super::Marker`] index.
    pub const MARKERS: usize = 1;
    /// Question cues; a target's owner is the question index.
    pub const CUES: usize = 2;
    /// Rule expressions of rules matched `within = "turn"`; owners as in
    /// [`RULES`].
    pub const TURN_RULES: usize = 3;
    /// The `complaint` markers, apart from the others: the scan never
    /// looks for them, only [`super::Pack::complaints`] does.
    pub const COMPLAINTS: usize = 4;
    /// Rules' `unless` expressions, owned by the rule's index; never
    /// candidates, evaluated only where their rule matched.
    pub const UNLESS: usize = 5;
    /// The `workplace` markers, apart from the others: only
    /// [`super::Pack::speaks_of_work`] looks for them.
    pub const WORKPLACE: usize = 6;
    pub const COUNT: usize = 7;
}

/// What a rule target is: which rule, which of its expressions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    pub rule: u32,
    pub expression: u32,
}

/// A compiled, validated rule pack.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Pack {
    pub name: String,
    pub version: String,
    pub description: String,
    pub categories: Vec<Category>,
    /// In question-number order.
    pub questions: Vec<Question>,
    /// Question rules in question order, then general rules.
    pub rules: Vec<Rule>,
    pub thresholds: Thresholds,
    pub factors: Factors,
    /// Concepts and marker lists, sorted by name.
    pub concepts: Vec<Concept>,
    /// Every expression of the pack, compiled.
    pub matcher: Matcher,
    /// For each target of [`group::RULES`], its rule and expression.
    pub targets: Vec<Target>,
}

/// A pack file's path and text.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

/// The default pack's files, embedded at build time (see `build.rs`).
const BUILTIN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_pack.rs"));

impl Pack {
    /// Compiles the default pack from its embedded files. `candor` compiles
    /// it once, at build time, and its `candor::pack::builtin()` reads that
    /// back: use this only to check the two agree.
    pub fn compile_builtin() -> Result<Pack, PackError> {
        Pack::from_layers(&[Pack::builtin_files()])
    }

    /// The default pack's files, with paths under `rules/default/`.
    pub fn builtin_files() -> Vec<SourceFile> {
        BUILTIN
            .iter()
            .map(|(name, text)| SourceFile {
                path: Path::new("rules/default").join(name),
                text: (*text).to_string(),
            })
            .collect()
    }

    /// Loads the pack in folder `dir`.
    pub fn load(dir: &Path) -> Result<Pack, PackError> {
        Pack::load_layers(&[dir.to_path_buf()])
    }

    /// Loads packs in order: later ones add and override.
    pub fn load_layers(dirs: &[PathBuf]) -> Result<Pack, PackError> {
        let mut layers = Vec::new();
        let mut diags = Vec::new();
        for dir in dirs {
            match read_dir_files(dir) {
                Ok(files) => layers.push(files),
                Err(d) => diags.push(d),
            }
        }
        if !diags.is_empty() {
            return Err(PackError { diagnostics: diags });
        }
        Pack::from_layers(&layers)
    }

    /// Builds a pack from layers of files already read. A pack that
    /// defines no `[markers]` gets the default pack's.
    pub fn from_layers(layers: &[Vec<SourceFile>]) -> Result<Pack, PackError> {
        let mut layered = load::Layered::default();
        for (i, layer) in layers.iter().enumerate() {
            layered.add_layer(layer, i == 0);
        }
        if !layered.has_markers() {
            let (name, text) = BUILTIN
                .iter()
                .find(|(name, _)| *name == "concepts.toml")
                .expect("the default pack has concepts.toml");
            layered.add_markers_of(&SourceFile {
                path: Path::new("rules/default").join(name),
                text: (*text).to_string(),
            });
        }
        compile::compile(layered)
    }

    /// The rule with full id `id`.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The index of the question with id `id`.
    pub fn question_index(&self, id: &str) -> Option<usize> {
        self.questions.iter().position(|q| q.id == id)
    }

    /// The concept (or marker list) named `name`.
    pub fn concept(&self, name: &str) -> Option<&Concept> {
        self.concepts
            .binary_search_by(|c| c.name.as_str().cmp(name))
            .ok()
            .map(|i| &self.concepts[i])
    }

    /// The questions whose cues appear in `text`, best first: by the number
    /// of words of the distinct cues found, then by question order.
    pub fn cue_questions(&self, text: &str) -> Vec<usize> {
        // Segmenting asks about one turn more than once (who asks, then
        // which question): the last answers are kept.
        let id = self.matcher.id();
        let known = CUE_MEMO.with(|memo| {
            memo.borrow()
                .iter()
                .find(|(m, t, _)| *m == id && t == text)
                .map(|(.., qs)| qs.clone())
        });
        if let Some(questions) = known {
            return questions;
        }
        let questions = self.find_cue_questions(text);
        CUE_MEMO.with(|memo| {
            let mut memo = memo.borrow_mut();
            if memo.len() == CUE_MEMO_SIZE {
                memo.pop_front();
            }
            memo.push_back((id, text.to_string(), questions.clone()));
        });
        questions
    }

    fn find_cue_questions(&self, text: &str) -> Vec<usize> {
        let score = self.cue_scores(text);
        let mut order: Vec<usize> = (0..score.len()).filter(|&q| score[q] > 0).collect();
        order.sort_by(|&a, &b| score[b].cmp(&score[a]).then(a.cmp(&b)));
        order
    }

    /// Per question, how strongly `text` cues it: the words its cues
    /// matched, each cue counted once.
    pub fn cue_scores(&self, text: &str) -> Vec<usize> {
        let mut score = vec![0usize; self.questions.len()];
        let mut seen: Vec<u32> = Vec::new();
        self.each_sentence(text, group::CUES, |_, _, _, found| {
            for (t, spans) in found {
                if let (Some(&(a, b)), false) = (spans.first(), seen.contains(t)) {
                    seen.push(*t);
                    let q = self.matcher.owner(group::CUES, *t) as usize;
                    score[q] += (b - a) as usize;
                }
            }
        });
        score
    }

    /// Runs `f` on each sentence of `text` where a target of `group`
    /// matches: the piece of `text` it is in ([`crate::lang::pieces`]), the
    /// piece's tokens, the sentence's token range, and each target that
    /// matches with its spans. A piece at a time, so that a day of talk in
    /// one turn holds no more tokens than a long answer.
    fn each_sentence(
        &self,
        text: &str,
        group: usize,
        mut f: impl FnMut(&str, &[Token], Range<usize>, &[(u32, Spans)]),
    ) {
        crate::lang::matcher::with_state(|state| {
            let State {
                tokens,
                scratch,
                candidates,
                ..
            } = state;
            let mut found = Vec::new();
            for piece in crate::lang::pieces::pieces(text) {
                let piece = &text[piece];
                self.matcher.tokenize(piece, tokens, scratch);
                for sentence in &tokens.sentences {
                    self.matcher
                        .begin(&tokens.tokens, sentence.clone(), scratch);
                    self.matcher.candidates(group, scratch, candidates);
                    found.clear();
                    for &t in candidates.iter() {
                        let spans = self.matcher.matches(group, t, scratch);
                        if !spans.is_empty() {
                            found.push((t, spans));
                        }
                    }
                    if !found.is_empty() {
                        f(piece, &tokens.tokens, sentence.clone(), &found);
                    }
                }
            }
        })
    }
}

/// The words of complaint in a text ([`Pack::complaints`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Complaints {
    /// How many times the `complaint` markers matched ("did not" once,
    /// though "not" and "didn't" both match it).
    pub count: usize,
    /// The distinct words and phrases matched, lower-cased, in order of
    /// first appearance.
    pub said: Vec<String>,
}

impl Complaints {
    /// Adds `other`'s words: its count, and the words not already said.
    pub fn merge(&mut self, other: Complaints) {
        self.count += other.count;
        for said in other.said {
            self.add_said(said);
        }
    }

    fn add_said(&mut self, said: String) {
        if !self.said.contains(&said) {
            self.said.push(said);
        }
    }
}

impl Pack {
    /// Whether `text` has a word of the `workplace` markers: it speaks of
    /// software work ("the codebase", "a deploy"), not of a mortgage or a
    /// crop rotation in the words rules use.
    pub fn speaks_of_work(&self, text: &str) -> bool {
        let mut found = false;
        self.each_sentence(text, group::WORKPLACE, |_, _, _, _| found = true);
        found
    }

    /// The words of `text` that its `complaint` markers match.
    pub fn complaints(&self, text: &str) -> Complaints {
        let mut all = Complaints::default();
        let mut covered: Vec<bool> = Vec::new();
        self.each_sentence(text, group::COMPLAINTS, |piece, tokens, sentence, found| {
            let mut spans: Vec<(u32, u32)> =
                found.iter().flat_map(|(_, s)| s.iter().copied()).collect();
            spans.sort_unstable();
            covered.clear();
            covered.resize(sentence.len(), false);
            for (a, b) in spans {
                let local = a as usize - sentence.start..b as usize - sentence.start;
                if covered[local.clone()].iter().any(|&c| c) {
                    continue;
                }
                covered[local].fill(true);
                all.count += 1;
                let (from, to) = (tokens[a as usize].start, tokens[b as usize - 1].end);
                let said = piece[from as usize..to as usize].to_lowercase();
                // A clitic the match took in is not what was said of it:
                // "not" in "we're not".
                let said = match said.strip_prefix(['\'', '\u{2019}']) {
                    Some(rest) => rest
                        .split_once(char::is_whitespace)
                        .map_or(said.clone(), |(_, word)| word.to_string()),
                    None => said,
                };
                all.add_said(said);
            }
        });
        all
    }
}

/// How many texts [`Pack::cue_questions`] remembers per thread.
const CUE_MEMO_SIZE: usize = 32;

thread_local! {
    /// The texts [`Pack::cue_questions`] was last asked about, with the
    /// matcher and the answer, oldest first.
    static CUE_MEMO: std::cell::RefCell<std::collections::VecDeque<(u64, String, Vec<usize>)>> =
        const { std::cell::RefCell::new(std::collections::VecDeque::new()) };
}

/// Reads every `.toml` file of a pack folder, sorted by name.
pub fn read_dir_files(dir: &Path) -> Result<Vec<SourceFile>, Diagnostic> {
    let fail = |message: String| Diagnostic::file(Code::Unreadable, dir.to_path_buf(), message);
    let entries = fs::read_dir(dir).map_err(|e| fail(format!("cannot read pack folder: {e}")))?;
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| fail(format!("cannot read pack folder: {e}")))?;
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "toml") && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = fs::read_to_string(&path).map_err(|e| {
                Diagnostic::file(Code::Unreadable, path.clone(), format!("cannot read: {e}"))
            })?;
            Ok(SourceFile { path, text })
        })
        .collect()
}

/// Levenshtein distance, for suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// Compiles a pattern the way the engine runs it: ASCII classes and
/// boundaries (the fast path), case-insensitive, with a size limit.
pub fn compile_pattern(pattern: &str) -> Result<regex::bytes::Regex, regex::Error> {
    regex::bytes::RegexBuilder::new(pattern)
        .unicode(false)
        .case_insensitive(true)
        .size_limit(PATTERN_SIZE_LIMIT)
        .build()
}

#[cfg(test)]
mod tests;
