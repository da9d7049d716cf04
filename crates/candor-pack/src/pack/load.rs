//! Layering: pack files read into drafts, later packs over earlier ones.
//!
//! A later pack replaces a rule with the same full id, adds new rules,
//! extends a concept (or marker list) with its entries, and overrides the
//! settings it gives. Within one pack a rule, question or concept defined
//! twice is an error.

use std::path::Path;

use toml::Spanned;

use super::raw::{
    RawConcepts, RawConceptsFile, RawGeneralFile, RawPackFile, RawQuestion, RawQuestionFile,
    RawRule,
};
use super::{
    line_col, toml_message, Category, Code, Diagnostic, Factors, Location, Marker, SourceFile,
    Thresholds,
};

/// A file index and byte offset, resolved to line and column on report.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Place {
    pub file: usize,
    pub offset: usize,
    pub len: usize,
}

impl Place {
    pub fn of<T>(file: usize, spanned: &Spanned<T>) -> Place {
        let span = spanned.span();
        Place {
            file,
            offset: span.start,
            len: span.end - span.start,
        }
    }
}

/// A question as layered so far.
#[derive(Default)]
pub(super) struct QuestionDraft {
    pub id: String,
    pub number: Option<(u32, Place)>,
    pub category: Option<(String, Place)>,
    pub text: Option<String>,
    pub title: Option<String>,
    pub cues: Vec<(String, Place)>,
    pub follow_up: Vec<String>,
    pub why: String,
    pub good: String,
    pub bad: String,
    pub answer_weight: Option<(f64, Place)>,
    pub complaint: Option<bool>,
    pub place: Place,
}

pub(super) struct RuleDraft {
    pub question: Option<String>,
    pub raw: RawRule,
    pub file: usize,
}

/// A concept as layered so far: entries from every layer that gives it.
pub(super) struct ConceptDraft {
    pub name: String,
    pub marker: Option<Marker>,
    pub entries: Vec<(String, Place)>,
    pub place: Place,
    /// The folder of the file that last defined it.
    pub layer: usize,
}

/// The thresholds that must stay in order, by their index in
/// [`Layered::threshold_places`].
const ORDERED_THRESHOLDS: [&str; 4] = ["green", "red", "category_green", "category_red"];
const GREEN: usize = 0;
const RED: usize = 1;
const CATEGORY_GREEN: usize = 2;
const CATEGORY_RED: usize = 3;

/// Every pack file read, layered.
#[derive(Default)]
pub(super) struct Layered {
    pub files: Vec<SourceFile>,
    /// Each file's layer.
    pub file_layers: Vec<usize>,
    /// Each file's line starts (byte offsets), for locations.
    line_starts: Vec<Vec<usize>>,
    layer: usize,
    pub info: Option<(String, String, String)>,
    pub categories: Vec<Category>,
    pub category_places: Vec<Place>,
    pub thresholds: Thresholds,
    /// Where each of [`ORDERED_THRESHOLDS`] was last set, for
    /// [`Layered::check_threshold_order`].
    threshold_places: [Option<Place>; 4],
    pub factors: Factors,
    pub questions: Vec<QuestionDraft>,
    pub rules: Vec<RuleDraft>,
    pub concepts: Vec<ConceptDraft>,
    pub diags: Vec<Diagnostic>,
}

impl Layered {
    pub fn error(&mut self, code: Code, place: Place, message: String) {
        let loc = self.location(place);
        self.diags.push(Diagnostic {
            code,
            severity: code.severity(),
            file: loc.file,
            line: loc.line,
            column: loc.column,
            length: loc.length,
            message,
            help: None,
        });
    }

    pub fn location(&self, place: Place) -> Location {
        let file = &self.files[place.file];
        // The line from the index of line starts; the column within it.
        let starts = &self.line_starts[place.file];
        let offset = place.offset.min(file.text.len());
        let line = starts.partition_point(|&s| s <= offset);
        let line_start = starts[line - 1];
        let (_, column) = line_col(&file.text[line_start..], offset - line_start);
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

    /// Whether places `a` and `b` are in files of the same layer.
    fn same_layer(&self, a: usize, b: usize) -> bool {
        self.file_layers[a] == self.file_layers[b]
    }

    pub fn add_layer(&mut self, layer: &[SourceFile], first: bool) {
        self.layer += 1;
        let has_pack_toml = layer.iter().any(|f| file_name(&f.path) == "pack.toml");
        if first && !has_pack_toml {
            if let Some(f) = layer.first() {
                let dir = f.path.parent().unwrap_or(Path::new("")).to_path_buf();
                self.diags.push(Diagnostic::file(
                    Code::MissingPackToml,
                    dir.join("pack.toml"),
                    "missing pack.toml: the first pack must name its categories".into(),
                ));
            }
        }
        for file in layer {
            let index = self.files.len();
            self.files.push(file.clone());
            self.file_layers.push(self.layer);
            self.line_starts.push(
                std::iter::once(0)
                    .chain(memchr::memchr_iter(b'\n', file.text.as_bytes()).map(|i| i + 1))
                    .collect(),
            );
            match file_name(&file.path).as_str() {
                "pack.toml" => {
                    if let Some(raw) = self.parse::<RawPackFile>(index) {
                        self.add_pack_file(raw, index);
                    }
                }
                "concepts.toml" => {
                    if let Some(raw) = self.parse::<RawConceptsFile>(index) {
                        self.add_concepts(raw.concepts, index, false);
                        self.add_concepts(raw.markers, index, true);
                    }
                }
                "general.toml" => {
                    if let Some(raw) = self.parse::<RawGeneralFile>(index) {
                        self.add_concepts(raw.concepts, index, false);
                        for rule in raw.rule {
                            self.add_rule(None, rule, index);
                        }
                    }
                }
                _ => {
                    if let Some(raw) = self.parse::<RawQuestionFile>(index) {
                        let id = raw.question.id.get_ref().clone();
                        self.add_concepts(raw.concepts, index, false);
                        self.add_question(raw.question, index);
                        for rule in raw.rule {
                            self.add_rule(Some(id.clone()), rule, index);
                        }
                    }
                }
            }
        }
    }

    /// Whether any layer defines a marker list.
    pub fn has_markers(&self) -> bool {
        self.concepts.iter().any(|c| c.marker.is_some())
    }

    /// Adds the `[markers]` of `file` (a `concepts.toml`) as a layer of
    /// their own, under every other.
    pub fn add_markers_of(&mut self, file: &SourceFile) {
        let index = self.files.len();
        self.files.push(file.clone());
        self.file_layers.push(0);
        self.line_starts.push(
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', file.text.as_bytes()).map(|i| i + 1))
                .collect(),
        );
        if let Some(raw) = self.parse::<RawConceptsFile>(index) {
            self.add_concepts(raw.markers, index, true);
        }
    }

    fn parse<T: serde::de::DeserializeOwned>(&mut self, file: usize) -> Option<T> {
        match toml::from_str::<T>(&self.files[file].text) {
            Ok(v) => Some(v),
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                let message = toml_message(&e);
                let code = if message.starts_with("unknown field") {
                    Code::UnknownKey
                } else {
                    Code::Toml
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
            // Each value in its range, or the default's stays.
            let mut checked =
                |value: Option<toml::Spanned<f64>>, name: &str, range: Option<(f64, f64)>| {
                    let value = value?;
                    let v = *value.get_ref();
                    let fits = v.is_finite() && range.is_none_or(|(lo, hi)| (lo..=hi).contains(&v));
                    if fits {
                        return Some(v);
                    }
                    let place = Place::of(file, &value);
                    let message = match range {
                        Some((lo, hi)) => format!("threshold `{name}` must be from {lo} to {hi}"),
                        None => format!("threshold `{name}` must be a number"),
                    };
                    self.error(Code::InvalidThreshold, place, message);
                    None
                };
            // In the order of `ORDERED_THRESHOLDS`.
            let places = [&t.green, &t.red, &t.category_green, &t.category_red]
                .map(|value| value.as_ref().map(|v| Place::of(file, v)));
            let green = checked(t.green, "green", None);
            let red = checked(t.red, "red", None);
            let category_green = checked(t.category_green, "category_green", Some((0.0, 100.0)));
            let category_red = checked(t.category_red, "category_red", Some((0.0, 100.0)));
            let complaint_share = checked(t.complaint_share, "complaint_share", Some((0.0, 100.0)));
            for (i, value) in [green, red, category_green, category_red]
                .iter()
                .enumerate()
            {
                if value.is_some() {
                    self.threshold_places[i] = places[i];
                }
            }
            let d = &mut self.thresholds;
            d.green = green.unwrap_or(d.green);
            d.red = red.unwrap_or(d.red);
            d.thin_words = t.thin_words.unwrap_or(d.thin_words);
            d.category_green = category_green.unwrap_or(d.category_green);
            d.category_red = category_red.unwrap_or(d.category_red);
            d.complaint_share = complaint_share.unwrap_or(d.complaint_share);
            d.complaint_words = t.complaint_words.unwrap_or(d.complaint_words);
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
            f.occasional = m.occasional.unwrap_or(f.occasional);
        }
    }

    /// After every layer: `red` below `green`, `category_red` at most
    /// `category_green` (E032). The error is at the one set last; where both
    /// come from the defaults they are in order.
    pub fn check_threshold_order(&mut self) {
        let t = self.thresholds;
        let values = [t.green, t.red, t.category_green, t.category_red];
        let pairs = [
            (t.red < t.green, RED, GREEN, "`red` must be below `green`"),
            (
                t.category_red <= t.category_green,
                CATEGORY_RED,
                CATEGORY_GREEN,
                "`category_red` must not be above `category_green`",
            ),
        ];
        for (ordered, low, high, rule) in pairs {
            if ordered {
                continue;
            }
            let (a, b) = (self.threshold_places[low], self.threshold_places[high]);
            let Some(place) = a.into_iter().chain(b).max_by_key(|p| (p.file, p.offset)) else {
                continue;
            };
            let names = ORDERED_THRESHOLDS;
            let message = format!(
                "thresholds out of order: {rule} ({} is {}, {} is {})",
                names[low], values[low], names[high], values[high]
            );
            self.error(Code::ThresholdOrder, place, message);
        }
    }

    fn add_concepts(&mut self, raw: RawConcepts, file: usize, markers: bool) {
        for (name, entries) in raw {
            let place = Place::of(file, &name);
            let name = name.into_inner();
            let marker = if markers {
                match Marker::from_name(&name) {
                    Some(m) => Some(m),
                    None => {
                        let known: Vec<&str> = Marker::ALL.iter().map(|m| m.name()).collect();
                        self.error(
                            Code::UnknownKey,
                            place,
                            format!("unknown marker list `{name}` (known: {})", known.join(", ")),
                        );
                        let best = known
                            .iter()
                            .map(|k| (super::edit_distance(&name, k), *k))
                            .min()
                            .filter(|(d, _)| *d <= 2.max(name.len() / 3));
                        if let (Some((_, best)), Some(d)) = (best, self.diags.last_mut()) {
                            d.help = Some(format!("did you mean `{best}`?"));
                        }
                        continue;
                    }
                }
            } else {
                if !crate::lang::expr::is_concept_name(&name) {
                    self.error(
                        Code::ExpressionSyntax,
                        place,
                        format!(
                            "`{name}` is not a concept name (lower-case letters, digits and `-`)"
                        ),
                    );
                    continue;
                }
                if Marker::from_name(&name).is_some() {
                    self.error(
                        Code::DuplicateConcept,
                        place,
                        format!("`{name}` is a marker list: define it under `[markers]` in concepts.toml"),
                    );
                    continue;
                }
                None
            };
            let entries: Vec<(String, Place)> = entries
                .into_iter()
                .map(|e| (e.get_ref().clone(), Place::of(file, &e)))
                .collect();
            let layer = self.file_layers[file];
            match self.concepts.iter().position(|c| c.name == name) {
                Some(i) if self.concepts[i].layer == layer => {
                    let first = self.location(self.concepts[i].place);
                    self.error(
                        Code::DuplicateConcept,
                        place,
                        format!(
                            "concept `{name}` is defined twice (first in {}:{})",
                            first.file.display(),
                            first.line
                        ),
                    );
                }
                Some(i) => {
                    self.concepts[i].entries.extend(entries);
                    self.concepts[i].layer = layer;
                }
                None => self.concepts.push(ConceptDraft {
                    name,
                    marker,
                    entries,
                    place,
                    layer,
                }),
            }
        }
    }

    fn add_question(&mut self, raw: RawQuestion, file: usize) {
        let place = Place::of(file, &raw.id);
        let id = raw.id.into_inner();
        let i = match self.questions.iter().position(|q| q.id == id) {
            Some(i) if self.same_layer(self.questions[i].place.file, file) => {
                self.error(
                    Code::DuplicateQuestion,
                    place,
                    format!("duplicate question id `{id}`"),
                );
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
        if let Some(t) = raw.title {
            q.title = Some(t);
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
        if let Some(w) = raw.answer_weight {
            let place = Place::of(file, &w);
            q.answer_weight = Some((w.into_inner(), place));
        }
        if let Some(c) = raw.complaint {
            q.complaint = Some(c);
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
            Some(i) if self.same_layer(self.rules[i].file, file) => {
                let place = Place::of(file, &raw.id);
                self.error(
                    Code::DuplicateRule,
                    place,
                    format!("duplicate rule id `{full}`"),
                );
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
}

/// For toml's "unknown field `x`, expected one of `a`, `b`": the closest.
fn did_you_mean(message: &str) -> Option<String> {
    let unknown = message.strip_prefix("unknown field `")?.split('`').next()?;
    let expected = message.split("expected ").nth(1)?;
    let best = expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|k| (super::edit_distance(unknown, k), k))
        .min()?;
    (best.0 <= 2.max(unknown.len() / 3)).then(|| format!("did you mean `{}`?", best.1))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

pub(super) fn full_id(question: Option<&str>, rule: &str) -> String {
    format!("{}/{rule}", question.unwrap_or("general"))
}
