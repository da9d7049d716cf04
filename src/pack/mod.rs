//! Rule packs: loading, layering and validating.
//!
//! Files are read into the serde mirror in `raw`, layered (later packs add
//! rules or replace them by full id, and override settings), then compiled
//! into a [`Pack`]: categories and questions resolved to indices, phrases
//! normalised, every pattern compiled with ASCII classes and a size limit.
//! Every problem found is collected as a [`Diagnostic`]; a pack with any error
//! does not load.

mod diagnostic;
pub mod lint;
mod raw;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use diagnostic::{line_col, Diagnostic, PackError, Severity};
use raw::{
    RawGeneralFile, RawOnHypothetical, RawOnNegation, RawPackFile, RawQuestionFile, RawRule,
    RawSignal,
};

use crate::normalize::normalize_phrase;

/// The largest compiled size of one pattern, in bytes.
pub const PATTERN_SIZE_LIMIT: usize = 1 << 20;

/// What a rule's hit says about an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OnNegation {
    /// Green becomes red and red becomes green, times the negation factor.
    Flip,
    /// The hit is kept with weight 0.
    Drop,
    /// The negator is not looked at (the phrase carries its own negation).
    Ignore,
}

/// What a plan or wish around a hit ("we plan to", "hopefully") does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OnHypothetical {
    /// The hit is no practice in place: it weighs less and never vetoes.
    #[default]
    Discount,
    /// The plan is the flag already ("we plan to replace juniors with AI").
    Ignore,
}

/// A checklist area.
#[derive(Clone, Debug, PartialEq)]
pub struct Category {
    pub id: String,
    pub label: String,
    pub goal: String,
}

/// One of the questions a candidate asks.
#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    pub id: String,
    pub number: u32,
    /// Index into [`Pack::categories`].
    pub category: usize,
    pub text: String,
    /// Normalised phrases that recognise the question when it is asked.
    pub cues: Vec<String>,
    pub follow_up: Vec<String>,
    pub why: String,
    pub good: String,
    pub bad: String,
    /// Where the question's id is (in the last file that set it).
    pub location: Location,
}

/// A compiled pattern.
#[derive(Clone, Debug)]
pub struct Pattern {
    pub source: String,
    pub regex: regex::bytes::Regex,
    pub location: Location,
}

/// A place in a pack file: 1-based line and column, and a length in chars.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub length: usize,
}

/// A compiled rule.
#[derive(Clone, Debug)]
pub struct Rule {
    /// Full id: `<question id>/<rule id>` or `general/<rule id>`.
    pub id: String,
    /// Index into [`Pack::questions`]; `None` for general rules.
    pub question: Option<usize>,
    pub signal: Signal,
    pub weight: f64,
    pub veto: bool,
    pub evasion: bool,
    /// Phrases as written in the file.
    pub phrases: Vec<String>,
    pub patterns: Vec<Pattern>,
    pub on_negation: OnNegation,
    pub on_hypothetical: OnHypothetical,
    pub message: String,
    pub examples: Vec<String>,
    pub counter_examples: Vec<String>,
    /// Where the rule's id is.
    pub location: Location,
    /// Where each phrase is, parallel to `phrases`.
    pub phrase_locations: Vec<Location>,
    /// Where each example and counter-example is, parallel to them.
    pub example_locations: Vec<Location>,
    pub counter_example_locations: Vec<Location>,
}

/// Question score thresholds for verdicts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Thresholds {
    pub green: f64,
    pub red: f64,
    pub thin_words: usize,
    pub category_green: f64,
    pub category_red: f64,
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds {
            green: 2.0,
            red: -2.0,
            thin_words: 12,
            category_green: 75.0,
            category_red: 40.0,
        }
    }
}

/// Factors that modifiers apply to a hit's weight.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Factors {
    pub negation: f64,
    pub past: f64,
    pub hypothetical: f64,
    pub reported: f64,
    pub contrast_before: f64,
    pub contrast_after: f64,
    pub out_of_answer: f64,
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
        }
    }
}

/// A compiled, validated rule pack.
#[derive(Clone, Debug)]
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
    /// The default pack embedded in the binary.
    pub fn builtin() -> Pack {
        Pack::from_layers(&[Pack::builtin_files()])
            .expect("the embedded default pack is checked by the test suite")
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

    /// Builds a pack from layers of files already read.
    pub fn from_layers(layers: &[Vec<SourceFile>]) -> Result<Pack, PackError> {
        let mut builder = Builder::default();
        for (i, layer) in layers.iter().enumerate() {
            builder.add_layer(layer, i == 0);
        }
        builder.compile()
    }

    /// The rule with full id `id`.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The index of the question with id `id`.
    pub fn question_index(&self, id: &str) -> Option<usize> {
        self.questions.iter().position(|q| q.id == id)
    }
}

/// Reads every `.toml` file of a pack folder, sorted by name.
pub fn read_dir_files(dir: &Path) -> Result<Vec<SourceFile>, Diagnostic> {
    let fail = |message: String| Diagnostic {
        code: "E013",
        severity: Severity::Error,
        file: dir.to_path_buf(),
        line: 0,
        column: 0,
        length: 0,
        help: None,
        message,
    };
    let entries = fs::read_dir(dir).map_err(|e| fail(format!("cannot read pack folder: {e}")))?;
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| fail(format!("cannot read pack folder: {e}")))?;
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "toml") && path.is_file() {
            paths.push(path);
        }
    }
    if paths.is_empty() {
        return Err(fail("no .toml files: not a rule pack".to_string()));
    }
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = fs::read_to_string(&path).map_err(|e| Diagnostic {
                code: "E013",
                severity: Severity::Error,
                file: path.clone(),
                line: 0,
                column: 0,
                length: 0,
                help: None,
                message: format!("cannot read: {e}"),
            })?;
            Ok(SourceFile { path, text })
        })
        .collect()
}

/// A question as layered so far.
#[derive(Default)]
struct QuestionDraft {
    id: String,
    number: Option<(u32, Place)>,
    category: Option<(String, Place)>,
    text: Option<String>,
    cues: Vec<(String, Place)>,
    follow_up: Vec<String>,
    why: String,
    good: String,
    bad: String,
    place: Place,
}

/// A file index and byte offset, resolved to line and column on report.
#[derive(Clone, Copy, Default)]
struct Place {
    file: usize,
    offset: usize,
    len: usize,
}

impl Place {
    fn of<T>(file: usize, spanned: &toml::Spanned<T>) -> Place {
        let span = spanned.span();
        Place {
            file,
            offset: span.start,
            len: span.end - span.start,
        }
    }
}

struct RuleDraft {
    question: Option<String>,
    raw: RawRule,
    file: usize,
}

#[derive(Default)]
struct Builder {
    files: Vec<SourceFile>,
    info: Option<(String, String, String)>,
    categories: Vec<Category>,
    category_places: Vec<Place>,
    thresholds: Thresholds,
    factors: Factors,
    questions: Vec<QuestionDraft>,
    rules: Vec<RuleDraft>,
    diags: Vec<Diagnostic>,
}

impl Builder {
    fn error(&mut self, code: &'static str, place: Place, message: String) {
        self.diag(code, Severity::Error, place, message);
    }

    fn diag(&mut self, code: &'static str, severity: Severity, place: Place, message: String) {
        let loc = self.location(place);
        self.diags.push(Diagnostic {
            code,
            severity,
            file: loc.file,
            line: loc.line,
            column: loc.column,
            length: loc.length,
            message,
            help: None,
        });
    }

    fn location(&self, place: Place) -> Location {
        let file = &self.files[place.file];
        let (line, column) = line_col(&file.text, place.offset);
        let end = (place.offset + place.len).min(file.text.len());
        let span = file.text.get(place.offset..end).unwrap_or("");
        let first_line = span.split('\n').next().unwrap_or("");
        Location {
            file: file.path.clone(),
            line,
            column,
            length: first_line.chars().count().max(1),
        }
    }

    fn add_layer(&mut self, layer: &[SourceFile], first: bool) {
        let has_pack_toml = layer.iter().any(|f| file_name(&f.path) == "pack.toml");
        if first && !has_pack_toml {
            if let Some(f) = layer.first() {
                let dir = f.path.parent().unwrap_or(Path::new("")).to_path_buf();
                self.diags.push(Diagnostic {
                    code: "E003",
                    severity: Severity::Error,
                    file: dir.join("pack.toml"),
                    line: 0,
                    column: 0,
                    length: 0,
                    help: None,
                    message: "missing pack.toml: the first pack must name its categories".into(),
                });
            }
        }
        for file in layer {
            let index = self.files.len();
            self.files.push(file.clone());
            let name = file_name(&file.path);
            match name.as_str() {
                "pack.toml" => {
                    if let Some(raw) = self.parse::<RawPackFile>(index) {
                        self.add_pack_file(raw, index);
                    }
                }
                "general.toml" => {
                    if let Some(raw) = self.parse::<RawGeneralFile>(index) {
                        for rule in raw.rule {
                            self.add_rule(None, rule, index);
                        }
                    }
                }
                _ => {
                    if let Some(raw) = self.parse::<RawQuestionFile>(index) {
                        let id = raw.question.id.get_ref().clone();
                        self.add_question(raw.question, index);
                        for rule in raw.rule {
                            self.add_rule(Some(id.clone()), rule, index);
                        }
                    }
                }
            }
        }
    }

    fn parse<T: serde::de::DeserializeOwned>(&mut self, file: usize) -> Option<T> {
        match toml::from_str::<T>(&self.files[file].text) {
            Ok(v) => Some(v),
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                let message = e
                    .message()
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect::<Vec<_>>()
                    .join(": ");
                let code = if message.starts_with("unknown field") {
                    "E002"
                } else {
                    "E001"
                };
                let place = Place {
                    file,
                    offset: span.start,
                    len: span.end - span.start,
                };
                let help = did_you_mean(&message);
                self.error(code, place, message);
                if let Some(d) = self.diags.last_mut() {
                    d.help = help;
                }
                None
            }
        }
    }

    fn add_pack_file(&mut self, raw: RawPackFile, file: usize) {
        let (_, old_version, old_description) = self.info.take().unwrap_or_default();
        self.info = Some((
            raw.pack.name,
            raw.pack.version.unwrap_or(old_version),
            raw.pack.description.unwrap_or(old_description),
        ));
        for c in raw.category {
            let place = Place::of(file, &c.id);
            let category = Category {
                id: c.id.into_inner(),
                label: c.label,
                goal: c.goal,
            };
            match self.categories.iter().position(|k| k.id == category.id) {
                Some(i) => self.categories[i] = category,
                None => {
                    self.categories.push(category);
                    self.category_places.push(place);
                }
            }
        }
        if let Some(t) = raw.thresholds {
            let d = &mut self.thresholds;
            d.green = t.green.unwrap_or(d.green);
            d.red = t.red.unwrap_or(d.red);
            d.thin_words = t.thin_words.unwrap_or(d.thin_words);
            d.category_green = t.category_green.unwrap_or(d.category_green);
            d.category_red = t.category_red.unwrap_or(d.category_red);
        }
        if let Some(m) = raw.modifiers {
            let f = &mut self.factors;
            f.negation = m.negation.unwrap_or(f.negation);
            f.past = m.past.unwrap_or(f.past);
            f.hypothetical = m.hypothetical.unwrap_or(f.hypothetical);
            f.reported = m.reported.unwrap_or(f.reported);
            f.contrast_before = m.contrast_before.unwrap_or(f.contrast_before);
            f.contrast_after = m.contrast_after.unwrap_or(f.contrast_after);
            f.out_of_answer = m.out_of_answer.unwrap_or(f.out_of_answer);
        }
    }

    fn add_question(&mut self, raw: raw::RawQuestion, file: usize) {
        let place = Place::of(file, &raw.id);
        let id = raw.id.into_inner();
        let i = match self.questions.iter().position(|q| q.id == id) {
            Some(i) if self.questions[i].place.file_layer_is(file, &self.files) => {
                self.error("E004", place, format!("duplicate question id `{id}`"));
                return;
            }
            Some(i) => i,
            None => {
                self.questions.push(QuestionDraft {
                    id,
                    place,
                    ..QuestionDraft::default()
                });
                self.questions.len() - 1
            }
        };
        let q = &mut self.questions[i];
        if let Some(n) = raw.number {
            let place = Place::of(file, &n);
            q.number = Some((n.into_inner(), place));
        }
        if let Some(c) = raw.category {
            let place = Place::of(file, &c);
            q.category = Some((c.into_inner(), place));
        }
        if let Some(t) = raw.text {
            q.text = Some(t);
        }
        if let Some(cues) = raw.cues {
            q.cues = cues
                .into_iter()
                .map(|c| {
                    let place = Place::of(file, &c);
                    (c.into_inner(), place)
                })
                .collect();
        }
        if let Some(f) = raw.follow_up {
            q.follow_up = f;
        }
        if let Some(w) = raw.why {
            q.why = w;
        }
        if let Some(g) = raw.good {
            q.good = g;
        }
        if let Some(b) = raw.bad {
            q.bad = b;
        }
    }

    fn add_rule(&mut self, question: Option<String>, raw: RawRule, file: usize) {
        let full = full_id(question.as_deref(), raw.id.get_ref());
        match self
            .rules
            .iter()
            .position(|r| full_id(r.question.as_deref(), r.raw.id.get_ref()) == full)
        {
            // The same id twice in one pack is a mistake; in a later pack, an override.
            Some(i)
                if same_folder(&self.files[self.rules[i].file].path, &self.files[file].path) =>
            {
                let place = Place::of(file, &raw.id);
                self.error("E005", place, format!("duplicate rule id `{full}`"));
            }
            Some(i) => {
                self.rules[i] = RuleDraft {
                    question,
                    raw,
                    file,
                }
            }
            None => self.rules.push(RuleDraft {
                question,
                raw,
                file,
            }),
        }
    }

    fn compile(mut self) -> Result<Pack, PackError> {
        let (name, version, description) = self.info.take().unwrap_or_default();
        // Categories.
        let mut seen = HashMap::new();
        for (i, c) in self.categories.clone().iter().enumerate() {
            if seen.insert(c.id.clone(), i).is_some() {
                let place = self.category_places[i];
                self.error("E004", place, format!("duplicate category id `{}`", c.id));
            }
        }
        // Questions.
        let drafts = std::mem::take(&mut self.questions);
        let mut questions = Vec::new();
        for q in drafts {
            let Some((number, number_place)) = q.number else {
                self.error(
                    "E010",
                    q.place,
                    format!("question `{}` has no `number`", q.id),
                );
                continue;
            };
            let Some((category, category_place)) = q.category.clone() else {
                self.error(
                    "E010",
                    q.place,
                    format!("question `{}` has no `category`", q.id),
                );
                continue;
            };
            let Some(category_index) = self.categories.iter().position(|c| c.id == category) else {
                // Without pack.toml (E003, reported) no category is known.
                if !self.categories.is_empty() {
                    let known: Vec<&str> = self.categories.iter().map(|c| c.id.as_str()).collect();
                    self.error(
                        "E006",
                        category_place,
                        format!(
                            "unknown category `{category}` (known: {})",
                            known.join(", ")
                        ),
                    );
                }
                continue;
            };
            let Some(text) = q.text.clone() else {
                self.error(
                    "E010",
                    q.place,
                    format!("question `{}` has no `text`", q.id),
                );
                continue;
            };
            if number == 0 {
                self.error("E011", number_place, "question numbers start at 1".into());
                continue;
            }
            let mut cues = Vec::new();
            for (cue, place) in &q.cues {
                let n = normalize_phrase(cue);
                if n.is_empty() {
                    self.error("E009", *place, format!("empty cue in question `{}`", q.id));
                } else {
                    cues.push(n);
                }
            }
            questions.push((
                number_place,
                Question {
                    id: q.id,
                    number,
                    category: category_index,
                    text,
                    cues,
                    follow_up: q.follow_up,
                    why: q.why,
                    good: q.good,
                    bad: q.bad,
                    location: self.location(q.place),
                },
            ));
        }
        questions.sort_by_key(|(_, q)| q.number);
        for pair in questions.windows(2) {
            if pair[0].1.number == pair[1].1.number {
                let place = pair[1].0;
                let message = format!(
                    "questions `{}` and `{}` share number {}",
                    pair[0].1.id, pair[1].1.id, pair[1].1.number
                );
                self.error("E004", place, message);
            }
        }
        let questions: Vec<Question> = questions.into_iter().map(|(_, q)| q).collect();
        // Rules: question rules in question order, then general ones.
        let drafts = std::mem::take(&mut self.rules);
        let mut rules: Vec<(usize, Rule)> = Vec::new();
        for draft in drafts {
            let question = match &draft.question {
                Some(id) => match questions.iter().position(|q| &q.id == id) {
                    Some(i) => Some(i),
                    // The question failed to compile and was reported already.
                    None => continue,
                },
                None => None,
            };
            if let Some(rule) = self.compile_rule(draft, question) {
                rules.push((question.unwrap_or(usize::MAX), rule));
            }
        }
        rules.sort_by_key(|(q, _)| *q);
        if questions.is_empty() && self.diags.is_empty() {
            self.diags.push(Diagnostic {
                code: "E012",
                severity: Severity::Error,
                file: self
                    .files
                    .first()
                    .map(|f| f.path.clone())
                    .unwrap_or_default(),
                line: 0,
                column: 0,
                length: 0,
                help: None,
                message: "the pack defines no questions".into(),
            });
        }
        if self.diags.iter().any(|d| d.severity == Severity::Error) {
            return Err(PackError {
                diagnostics: self.diags,
            });
        }
        Ok(Pack {
            name,
            version,
            description,
            categories: self.categories,
            questions,
            rules: rules.into_iter().map(|(_, r)| r).collect(),
            thresholds: self.thresholds,
            factors: self.factors,
        })
    }

    fn compile_rule(&mut self, draft: RuleDraft, question: Option<usize>) -> Option<Rule> {
        let file = draft.file;
        let raw = draft.raw;
        let id_place = Place::of(file, &raw.id);
        let id = full_id(draft.question.as_deref(), raw.id.get_ref());
        let mut ok = true;
        if raw.id.get_ref().is_empty() || raw.id.get_ref().contains(['/', ' ']) {
            self.error(
                "E011",
                id_place,
                format!("invalid rule id `{}`", raw.id.get_ref()),
            );
            ok = false;
        }
        let weight = match &raw.weight {
            Some(w) if !(w.get_ref().is_finite() && *w.get_ref() > 0.0) => {
                let place = Place::of(file, w);
                self.error(
                    "E011",
                    place,
                    format!("rule `{id}`: weight must be a positive number"),
                );
                ok = false;
                1.0
            }
            Some(w) => *w.get_ref(),
            None => 1.0,
        };
        let mut phrases = Vec::new();
        let mut phrase_locations = Vec::new();
        for p in &raw.phrases {
            if normalize_phrase(p.get_ref()).is_empty() {
                let place = Place::of(file, p);
                self.error("E009", place, format!("empty phrase in rule `{id}`"));
                ok = false;
            } else {
                phrases.push(p.get_ref().clone());
                phrase_locations.push(self.location(Place::of(file, p)));
            }
        }
        let mut patterns = Vec::new();
        for p in &raw.patterns {
            let place = Place::of(file, p);
            match compile_pattern(p.get_ref()) {
                Ok(regex) => patterns.push(Pattern {
                    source: p.get_ref().clone(),
                    regex,
                    location: self.location(place),
                }),
                Err(e) => {
                    let (code, message, place) = match e {
                        regex::Error::CompiledTooBig(limit) => (
                            "E008",
                            format!(
                                "pattern in rule `{id}` is too large (over {limit} bytes compiled)"
                            ),
                            place,
                        ),
                        e => {
                            let (what, at) = regex_error(&e.to_string());
                            let place = match at {
                                // Point inside the pattern, past its opening quote.
                                Some(at) => Place {
                                    file,
                                    offset: place.offset + 1 + at,
                                    len: 1,
                                },
                                None => place,
                            };
                            (
                                "E007",
                                format!("invalid regex in rule `{id}`: {what}"),
                                place,
                            )
                        }
                    };
                    self.error(code, place, message);
                    ok = false;
                }
            }
        }
        if phrases.is_empty() && patterns.is_empty() && ok {
            self.error(
                "E009",
                id_place,
                format!("rule `{id}` has no phrases and no patterns"),
            );
            ok = false;
        }
        let evasion = match &raw.evasion {
            Some(e) if *e.get_ref() && question.is_some() => {
                let place = Place::of(file, e);
                self.error(
                    "E011",
                    place,
                    format!("rule `{id}`: `evasion` belongs in general.toml"),
                );
                ok = false;
                false
            }
            Some(e) => *e.get_ref(),
            None => false,
        };
        if !ok {
            return None;
        }
        let spanned = |items: &[toml::Spanned<String>]| -> (Vec<String>, Vec<Location>) {
            items
                .iter()
                .map(|e| (e.get_ref().clone(), self.location(Place::of(file, e))))
                .unzip()
        };
        let (examples, example_locations) = spanned(&raw.examples);
        let (counter_examples, counter_example_locations) = spanned(&raw.counter_examples);
        Some(Rule {
            id,
            question,
            signal: match raw.signal {
                RawSignal::Green => Signal::Green,
                RawSignal::Amber => Signal::Amber,
                RawSignal::Red => Signal::Red,
            },
            weight,
            veto: raw.veto,
            evasion,
            phrases,
            patterns,
            on_negation: match raw.on_negation {
                None | Some(RawOnNegation::Flip) => OnNegation::Flip,
                Some(RawOnNegation::Drop) => OnNegation::Drop,
                Some(RawOnNegation::Ignore) => OnNegation::Ignore,
            },
            on_hypothetical: match raw.on_hypothetical {
                None | Some(RawOnHypothetical::Discount) => OnHypothetical::Discount,
                Some(RawOnHypothetical::Ignore) => OnHypothetical::Ignore,
            },
            message: raw.message,
            examples,
            counter_examples,
            location: self.location(id_place),
            phrase_locations,
            example_locations,
            counter_example_locations,
        })
    }
}

impl Place {
    /// Whether this place is in the same pack folder as file `other`.
    fn file_layer_is(&self, other: usize, files: &[SourceFile]) -> bool {
        same_folder(&files[self.file].path, &files[other].path)
    }
}

/// Condenses the regex crate's multi-line syntax error to its message and
/// the byte offset inside the pattern it points at.
fn regex_error(text: &str) -> (String, Option<usize>) {
    let lines: Vec<&str> = text.lines().collect();
    let message = lines
        .last()
        .map(|l| l.trim().trim_start_matches("error: ").to_string())
        .unwrap_or_default();
    let at = lines
        .iter()
        .position(|l| l.trim() == "regex parse error:")
        .and_then(|i| lines.get(i + 2))
        .and_then(|caret| caret.find('^'))
        .map(|c| c.saturating_sub(4));
    (message, at)
}

/// For toml's "unknown field `x`, expected one of `a`, `b`": the closest.
fn did_you_mean(message: &str) -> Option<String> {
    let unknown = message.strip_prefix("unknown field `")?.split('`').next()?;
    let expected = message.split("expected ").nth(1)?;
    let best = expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|k| (edit_distance(unknown, k), k))
        .min()?;
    (best.0 <= 2.max(unknown.len() / 3)).then(|| format!("did you mean `{}`?", best.1))
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

fn same_folder(a: &Path, b: &Path) -> bool {
    a.parent() == b.parent()
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn full_id(question: Option<&str>, rule: &str) -> String {
    format!("{}/{rule}", question.unwrap_or("general"))
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
