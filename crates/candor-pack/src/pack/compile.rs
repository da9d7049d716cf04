//! Compiling: layered drafts to a [`Pack`], every expression into one
//! [`Matcher`].

use std::collections::HashMap;
use toml::Spanned;

use super::load::{full_id, Layered, Place, RuleDraft};
use super::raw::{RawOnHypothetical, RawOnNegation, RawOnPast, RawPattern, RawSignal, RawWithin};
use super::{
    compile_pattern, group, Code, Concept, Diagnostic, Entry, ExpressionKind, Marker,
    OnHypothetical, OnNegation, OnPast, Pack, PackError, Pattern, Question, Rule, RuleExpression,
    Severity, Signal, Target, Within,
};
use crate::lang::expr::{self, Expr};
use crate::lang::matcher::{Builder, CompileErrorKind};

/// The place of each expression of a rule, and whether it is the
/// expression's own string.
type Origins = Vec<(Place, bool)>;

/// Compiles layered drafts into a pack, or every error found.
pub(super) fn compile(layered: Layered) -> Result<Pack, PackError> {
    let mut c = Compiler {
        l: layered,
        places: Vec::new(),
    };
    c.run()
}

struct Compiler {
    l: Layered,
    /// The place of each expression given to the matcher (its origin), and
    /// whether the place is the expression's own string (so an error can
    /// point at a character inside it).
    places: Vec<(Place, bool)>,
}

impl Compiler {
    fn error(&mut self, code: Code, place: Place, message: String) {
        self.l.error(code, place, message);
    }

    /// A rule's boolean field (`false` when absent), or `None` after an
    /// error when it is set where it is not `allowed`.
    fn flag(
        &mut self,
        file: usize,
        field: Option<&Spanned<bool>>,
        allowed: bool,
        error: impl FnOnce() -> (Code, String),
    ) -> Option<bool> {
        match field {
            Some(f) if *f.get_ref() && !allowed => {
                let (code, message) = error();
                self.error(code, Place::of(file, f), message);
                None
            }
            Some(f) => Some(*f.get_ref()),
            None => Some(false),
        }
    }

    /// Parses the expression written at `place` (a TOML string); a syntax
    /// error points at its character.
    fn parse(&mut self, source: &str, place: Place) -> Option<Expr> {
        match expr::parse(source) {
            Ok(e) => Some(e),
            Err(e) => {
                let inner = self.inner(place, source, e.at.at, e.at.len);
                self.error(Code::ExpressionSyntax, inner, e.message);
                None
            }
        }
    }

    /// The place of characters `at..at + len` of `source`, the string
    /// written at `place` (past its opening quotes).
    fn inner(&self, place: Place, source: &str, at: usize, len: usize) -> Place {
        let text = &self.l.files[place.file].text;
        let quote = if text[place.offset..].starts_with("\"\"\"")
            || text[place.offset..].starts_with("'''")
        {
            3
        } else {
            1
        };
        let byte = |chars: usize| {
            source
                .char_indices()
                .nth(chars)
                .map_or(source.len(), |(i, _)| i)
        };
        let start = byte(at);
        let end = byte(at + len);
        Place {
            file: place.file,
            offset: place.offset + quote + start,
            len: end.saturating_sub(start).max(1),
        }
    }

    fn origin(&mut self, place: Place, own: bool) -> u32 {
        self.places.push((place, own));
        self.places.len() as u32 - 1
    }

    fn run(&mut self) -> Result<Pack, PackError> {
        self.l.check_threshold_order();
        let (name, version, description) = self.l.info.take().unwrap_or_default();
        let mut seen = HashMap::new();
        for (i, c) in self.l.categories.clone().iter().enumerate() {
            if seen.insert(c.id.clone(), i).is_some() {
                let place = self.l.category_places[i];
                self.error(
                    Code::DuplicateCategory,
                    place,
                    format!("duplicate category id `{}`", c.id),
                );
            }
        }
        let (questions, cue_drafts) = self.questions();
        let mut builder = Builder::new(group::COUNT);

        // Concepts and markers, sorted by name.
        let drafts = std::mem::take(&mut self.l.concepts);
        let mut concepts: Vec<(Concept, Vec<u32>)> = Vec::new();
        for d in drafts {
            let mut entries = Vec::new();
            let mut parsed = Vec::new();
            for (source, place) in &d.entries {
                if let Some(e) = self.parse(source, *place) {
                    let origin = self.origin(*place, true);
                    parsed.push((e.clone(), origin));
                    entries.push(Entry::new(
                        source.clone(),
                        false,
                        e,
                        self.l.location(*place),
                    ));
                }
            }
            let origins: Vec<u32> = parsed.iter().map(|(_, o)| *o).collect();
            builder.define(&d.name, parsed);
            concepts.push((
                Concept {
                    name: d.name,
                    marker: d.marker,
                    entries,
                    location: self.l.location(d.place),
                    used: d.marker.is_some(),
                },
                origins,
            ));
        }
        concepts.sort_by(|a, b| a.0.name.cmp(&b.0.name));

        // Rules.
        let drafts = std::mem::take(&mut self.l.rules);
        let mut rules: Vec<(usize, Rule, Origins)> = Vec::new();
        for draft in drafts {
            let question = match &draft.question {
                Some(id) => match questions.iter().position(|q| &q.id == id) {
                    Some(i) => Some(i),
                    // The question failed to compile and was reported already.
                    None => continue,
                },
                None => None,
            };
            if let Some((rule, places)) = self.rule(draft, question) {
                rules.push((question.unwrap_or(usize::MAX), rule, places));
            }
        }
        rules.sort_by_key(|(q, ..)| *q);
        let mut targets = Vec::new();
        for (r, (_, rule, places)) in rules.iter().enumerate() {
            for (k, e) in rule.expressions.iter().enumerate() {
                let (place, own) = places[k];
                let e = e.clone();
                let origin = self.origin(place, own);
                let owner = targets.len() as u32;
                let g = match rule.within {
                    Within::Sentence => group::RULES,
                    Within::Turn => group::TURN_RULES,
                };
                if builder.add(g, owner, e.entry.expr(), origin).is_some() {
                    targets.push(Target {
                        rule: r as u32,
                        expression: k as u32,
                    });
                }
            }
        }
        // Each rule's `unless` expressions, in one run of targets.
        for (r, (_, rule, places)) in rules.iter_mut().enumerate() {
            let first = builder.count(group::UNLESS);
            let from = rule.expressions.len();
            for (k, entry) in rule.unless.iter().enumerate() {
                let (place, own) = places[from + k];
                let origin = self.origin(place, own);
                builder.add(group::UNLESS, r as u32, entry.expr(), origin);
            }
            rule.unless_targets = (first, builder.count(group::UNLESS));
        }
        let rules: Vec<Rule> = rules.into_iter().map(|(_, r, _)| r).collect();
        // Markers: each entry a target owned by its role.
        for (concept, origins) in &concepts {
            let Some(marker) = concept.marker else {
                continue;
            };
            let role = Marker::ALL
                .iter()
                .position(|m| *m == marker)
                .expect("a known marker") as u32;
            let g = match marker {
                Marker::Complaint => group::COMPLAINTS,
                Marker::Workplace => group::WORKPLACE,
                _ => group::MARKERS,
            };
            for (entry, &origin) in concept.entries.iter().zip(origins) {
                builder.add(g, role, entry.expr(), origin);
            }
        }
        let mut concepts: Vec<Concept> = concepts.into_iter().map(|(c, _)| c).collect();
        // Cues.
        for (q, drafts) in cue_drafts.into_iter().enumerate() {
            for (source, place) in drafts {
                if let Some(e) = self.parse(&source, place) {
                    let origin = self.origin(place, true);
                    builder.add(group::CUES, q as u32, &e, origin);
                }
            }
        }
        let unused = builder.unused_concepts();
        for concept in &mut concepts {
            if concept.marker.is_none() && !unused.contains(&concept.name) {
                concept.used = true;
            }
        }
        let matcher = match builder.build() {
            Ok(m) => Some(m),
            Err(errors) => {
                for e in errors {
                    let (place, own) = self.places[e.origin as usize];
                    let inner = if own {
                        let source = self.l.files[place.file].text
                            [place.offset..place.offset + place.len]
                            .to_string();
                        self.inner(place, &unquote(&source), e.at.at, e.at.len)
                    } else {
                        place
                    };
                    let code = match e.kind {
                        CompileErrorKind::UnknownConcept => Code::UnknownConcept,
                        CompileErrorKind::ConceptCycle => Code::ConceptCycle,
                        CompileErrorKind::NoWords => Code::Empty,
                    };
                    self.error(code, inner, e.message);
                }
                None
            }
        };
        if questions.is_empty() && self.l.diags.is_empty() {
            let file = self
                .l
                .files
                .first()
                .map(|f| f.path.clone())
                .unwrap_or_default();
            self.l.diags.push(Diagnostic::file(
                Code::NoQuestions,
                file,
                "the pack defines no questions".into(),
            ));
        }
        let failed = self.l.diags.iter().any(|d| d.severity == Severity::Error);
        match matcher {
            Some(matcher) if !failed => Ok(Pack {
                name,
                version,
                description,
                categories: std::mem::take(&mut self.l.categories),
                questions,
                rules,
                thresholds: self.l.thresholds,
                factors: self.l.factors,
                concepts,
                matcher,
                targets,
            }),
            _ => Err(PackError {
                diagnostics: std::mem::take(&mut self.l.diags),
            }),
        }
    }

    /// The questions in number order, and the cues of each as written.
    #[allow(clippy::type_complexity)]
    fn questions(&mut self) -> (Vec<Question>, Vec<Vec<(String, Place)>>) {
        let drafts = std::mem::take(&mut self.l.questions);
        let mut questions = Vec::new();
        for q in drafts {
            let Some((number, number_place)) = q.number else {
                self.error(
                    Code::MissingField,
                    q.place,
                    format!("question `{}` has no `number`", q.id),
                );
                continue;
            };
            let Some((category, category_place)) = q.category.clone() else {
                self.error(
                    Code::MissingField,
                    q.place,
                    format!("question `{}` has no `category`", q.id),
                );
                continue;
            };
            let Some(category_index) = self.l.categories.iter().position(|c| c.id == category)
            else {
                // Without pack.toml (reported) no category is known.
                if !self.l.categories.is_empty() {
                    let known: Vec<&str> =
                        self.l.categories.iter().map(|c| c.id.as_str()).collect();
                    let message = format!(
                        "unknown category `{category}` (known: {})",
                        known.join(", ")
                    );
                    self.error(Code::UnknownCategory, category_place, message);
                }
                continue;
            };
            let Some(text) = q.text.clone() else {
                self.error(
                    Code::MissingField,
                    q.place,
                    format!("question `{}` has no `text`", q.id),
                );
                continue;
            };
            if number == 0 {
                self.error(
                    Code::InvalidNumber,
                    number_place,
                    "question numbers start at 1".into(),
                );
                continue;
            }
            let answer_weight = match q.answer_weight {
                Some((w, place)) if !(w.is_finite() && (0.0..=10.0).contains(&w)) => {
                    let message =
                        format!("question `{}`: answer_weight must be from 0 to 10", q.id);
                    self.error(Code::InvalidWeight, place, message);
                    0.0
                }
                Some((w, _)) => w,
                None => 0.0,
            };
            let mut sources = Vec::new();
            let mut cues = Vec::new();
            for (cue, place) in &q.cues {
                if cue.trim().is_empty() {
                    self.error(
                        Code::Empty,
                        *place,
                        format!("empty cue in question `{}`", q.id),
                    );
                } else {
                    sources.push(cue.trim().to_string());
                    cues.push((cue.clone(), *place));
                }
            }
            questions.push((
                number_place,
                cues,
                Question {
                    title: q
                        .title
                        .filter(|t| !t.trim().is_empty())
                        .unwrap_or_else(|| Question::title_from_id(&q.id)),
                    id: q.id,
                    number,
                    category: category_index,
                    text,
                    cues: sources,
                    follow_up: q.follow_up,
                    why: q.why,
                    good: q.good,
                    bad: q.bad,
                    answer_weight,
                    complaint: q.complaint.unwrap_or(true),
                    location: self.l.location(q.place),
                },
            ));
        }
        questions.sort_by_key(|(_, _, q)| q.number);
        for pair in questions.windows(2) {
            if pair[0].2.number == pair[1].2.number {
                let place = pair[1].0;
                let message = format!(
                    "questions `{}` and `{}` share number {}",
                    pair[0].2.id, pair[1].2.id, pair[1].2.number
                );
                self.l.error(Code::DuplicateNumber, place, message);
            }
        }
        questions.into_iter().map(|(_, cues, q)| (q, cues)).unzip()
    }

    /// Each match expression of `items` (of `file`) parsed, with its place;
    /// one that does not parse is reported and sets `ok` false.
    fn entries(
        &mut self,
        file: usize,
        items: &[toml::Spanned<String>],
        ok: &mut bool,
    ) -> Vec<(Entry, Place)> {
        let mut out = Vec::new();
        for item in items {
            let place = Place::of(file, item);
            match self.parse(item.get_ref(), place) {
                Some(e) => out.push((
                    Entry::new(item.get_ref().clone(), false, e, self.l.location(place)),
                    place,
                )),
                None => *ok = false,
            }
        }
        out
    }

    /// A rule, and the place of each of its expressions (whether it is the
    /// expression's own string), then of each of its `unless` expressions.
    fn rule(&mut self, draft: RuleDraft, question: Option<usize>) -> Option<(Rule, Origins)> {
        let file = draft.file;
        let raw = draft.raw;
        let id_place = Place::of(file, &raw.id);
        let id = full_id(draft.question.as_deref(), raw.id.get_ref());
        let mut ok = true;
        if raw.id.get_ref().is_empty() || raw.id.get_ref().contains(['/', ' ']) {
            let message = format!("invalid rule id `{}`", raw.id.get_ref());
            self.error(Code::InvalidRuleId, id_place, message);
            ok = false;
        }
        let weight = match &raw.weight {
            Some(w) if !(w.get_ref().is_finite() && *w.get_ref() > 0.0) => {
                let place = Place::of(file, w);
                let message = format!("rule `{id}`: weight must be a positive number");
                self.error(Code::InvalidWeight, place, message);
                ok = false;
                1.0
            }
            Some(w) => *w.get_ref(),
            None => 1.0,
        };
        let mut expressions = Vec::new();
        let mut places = Vec::new();
        for (entry, place) in self.entries(file, &raw.matches, &mut ok) {
            places.push((place, true));
            expressions.push(RuleExpression {
                kind: ExpressionKind::Match,
                entry,
            });
        }
        for p in &raw.phrases {
            let place = Place::of(file, p);
            if crate::lang::token::words(p.get_ref()).is_empty() {
                self.error(Code::Empty, place, format!("empty phrase in rule `{id}`"));
                ok = false;
                continue;
            }
            places.push((place, true));
            expressions.push(RuleExpression {
                kind: ExpressionKind::Phrase,
                entry: Entry::new(
                    p.get_ref().clone(),
                    true,
                    expr::phrase(p.get_ref()),
                    self.l.location(place),
                ),
            });
        }
        // After the expressions' places, the `unless` ones' (see `run`).
        let (unless, unless_places): (Vec<Entry>, Vec<(Place, bool)>) = self
            .entries(file, &raw.unless, &mut ok)
            .into_iter()
            .map(|(entry, place)| (entry, (place, true)))
            .unzip();
        let mut patterns = Vec::new();
        for p in &raw.patterns {
            let place = Place::of(file, p);
            let (source, gate) = match p.get_ref() {
                RawPattern::Plain(source) => (source.clone(), infer_gate(source)),
                RawPattern::Gated { gate, regex } => (regex.clone(), Some(gate.clone())),
            };
            match compile_pattern(&source) {
                Ok(regex) => {
                    let Some(gate) = gate else {
                        self.error(
                        Code::UngatedPattern,
                        place,
                        format!("pattern in rule `{id}` has no gate: a regex runs only where a word or concept it needs was found"),
                    );
                        if let Some(d) = self.l.diags.last_mut() {
                            d.help = Some(
                            "write it as { gate = \"{concept} or words\", regex = '...' }, or better, as a `match` expression"
                                .into(),
                        );
                        }
                        ok = false;
                        continue;
                    };
                    let Some(gate_expr) = self.parse(&gate, place) else {
                        ok = false;
                        continue;
                    };
                    places.push((place, false));
                    expressions.push(RuleExpression {
                        kind: ExpressionKind::Gate(patterns.len()),
                        entry: Entry::new(gate.clone(), false, gate_expr, self.l.location(place)),
                    });
                    patterns.push(Pattern {
                        source,
                        regex,
                        gate,
                        location: self.l.location(place),
                    });
                }
                Err(regex::Error::CompiledTooBig(limit)) => {
                    let message = format!(
                        "pattern in rule `{id}` is too large (over {limit} bytes compiled)"
                    );
                    self.error(Code::RegexTooLarge, place, message);
                    ok = false;
                }
                Err(e) => {
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
                    self.error(
                        Code::InvalidRegex,
                        place,
                        format!("invalid regex in rule `{id}`: {what}"),
                    );
                    ok = false;
                }
            }
        }
        if expressions.is_empty() && ok {
            self.error(
                Code::EmptyRule,
                id_place,
                format!("rule `{id}` has no `match`, `phrases` or `patterns`"),
            );
            ok = false;
        }
        let evasion = self.flag(file, raw.evasion.as_ref(), question.is_none(), || {
            (
                Code::MisplacedEvasion,
                format!("rule `{id}`: `evasion` belongs in general.toml"),
            )
        });
        let vague = self.flag(
            file,
            raw.vague.as_ref(),
            matches!(raw.signal, RawSignal::Amber),
            || {
                (
                    Code::VagueNotAmber,
                    format!("rule `{id}`: `vague` is for amber rules"),
                )
            },
        );
        let lean = self.flag(
            file,
            raw.lean.as_ref(),
            !raw.veto
                && (raw.evasion.as_ref().is_some_and(|e| *e.get_ref())
                    || !matches!(raw.signal, RawSignal::Amber)),
            || {
                (
                    Code::MisplacedLean,
                    format!(
                        "rule `{id}`: `lean` is for green or red rules and for evasions, \
                         never a veto"
                    ),
                )
            },
        );
        ok &= evasion.is_some() && vague.is_some() && lean.is_some();
        let (evasion, vague, lean) = (
            evasion.unwrap_or(false),
            vague.unwrap_or(false),
            lean.unwrap_or(false),
        );
        let within = match &raw.within {
            Some(w) if matches!(w.get_ref(), RawWithin::Turn) => {
                if !raw.patterns.is_empty() {
                    let place = Place::of(file, w);
                    let message = format!(
                        "rule `{id}`: patterns run on one sentence; a rule with `within = \"turn\"` \
                         needs `match` expressions only"
                    );
                    self.error(Code::PatternAcrossSentences, place, message);
                    ok = false;
                }
                Within::Turn
            }
            _ => Within::Sentence,
        };
        if !ok {
            return None;
        }
        let spanned =
            |l: &Layered, items: &[toml::Spanned<String>]| -> (Vec<String>, Vec<super::Location>) {
                items
                    .iter()
                    .map(|e| (e.get_ref().clone(), l.location(Place::of(file, e))))
                    .unzip()
            };
        let (examples, example_locations) = spanned(&self.l, &raw.examples);
        let (counter_examples, counter_example_locations) = spanned(&self.l, &raw.counter_examples);
        let rule = Rule {
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
            vague,
            lean,
            expressions,
            unless,
            unless_targets: (0, 0),
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
            on_past: match raw.on_past {
                None | Some(RawOnPast::Discount) => OnPast::Discount,
                Some(RawOnPast::Ignore) => OnPast::Ignore,
            },
            within,
            message: raw.message,
            examples,
            counter_examples,
            location: self.l.location(id_place),
            example_locations,
            counter_example_locations,
        };
        places.extend(unless_places);
        Some((rule, places))
    }
}

/// A TOML string value without its quotes (escapes left as they are).
fn unquote(value: &str) -> String {
    for q in ["\"\"\"", "'''", "\"", "'"] {
        if let Some(inner) = value.strip_prefix(q).and_then(|v| v.strip_suffix(q)) {
            return inner.to_string();
        }
    }
    value.to_string()
}

/// The gate of a plain-string pattern: the words it starts with after
/// `\b`, or a leading group of word alternatives. `None` when it starts
/// with anything else.
fn infer_gate(source: &str) -> Option<String> {
    let rest = source.strip_prefix("(?i)").unwrap_or(source);
    let rest = rest.strip_prefix("\\b")?;
    let is_plain = |c: char| c.is_ascii_alphanumeric() || c == ' ' || c == '\'';
    // Leading words: "no time (for|to)" gives "no time".
    let lit: String = rest.chars().take_while(|&c| is_plain(c)).collect();
    let after = &rest[lit.len()..];
    let whole = after.is_empty() || after.starts_with("\\b") || after.starts_with("\\s");
    let mut words: Vec<&str> = lit.split(' ').filter(|w| !w.is_empty()).collect();
    if !lit.ends_with(' ') && !whole {
        words.pop();
    }
    if !words.is_empty() {
        return Some(words.join(" "));
    }
    // A leading group of plain alternatives: "(debt|dept) ".
    let inner = rest.strip_prefix('(')?;
    let inner = inner.strip_prefix("?:").unwrap_or(inner);
    let close = inner.find(')')?;
    let (alts, after) = (&inner[..close], &inner[close + 1..]);
    let ends = after.is_empty()
        || after.starts_with(' ')
        || after.starts_with("\\b")
        || after.starts_with("\\s");
    if !ends || alts.is_empty() || !alts.chars().all(|c| is_plain(c) || c == '|') {
        return None;
    }
    let alts: Vec<String> = alts
        .split('|')
        .map(|a| a.trim())
        .filter(|a| !a.is_empty())
        .map(|a| {
            if a.contains(' ') {
                format!("\"{a}\"")
            } else {
                a.to_string()
            }
        })
        .collect();
    if alts.is_empty() || alts.len() != inner[..close].split('|').count() {
        return None;
    }
    Some(format!("({})", alts.join(" | ")))
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

#[cfg(test)]
mod tests {
    use super::infer_gate;

    #[test]
    fn gates_are_the_leading_words() {
        assert_eq!(
            infer_gate(r"\bno time (for|to)\b").as_deref(),
            Some("no time")
        );
        assert_eq!(
            infer_gate(r"\bfix it friday\b").as_deref(),
            Some("fix it friday")
        );
        assert_eq!(infer_gate(r"\brefactor\w*").as_deref(), None);
        assert_eq!(infer_gate(r"\bonly refactor\w*").as_deref(), Some("only"));
        assert_eq!(
            infer_gate(r"\b(debt|set aside) (sprint|week)").as_deref(),
            Some("(debt | \"set aside\")")
        );
        assert_eq!(infer_gate(r"\b(debt|\w+) x").as_deref(), None);
        assert_eq!(infer_gate(r"(sprint|cycle)$").as_deref(), None);
    }
}
