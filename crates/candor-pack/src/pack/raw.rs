//! The serde mirror of pack files: exactly what the TOML says, with spans.
//!
//! Unknown keys are errors (`deny_unknown_fields`). Values that diagnostics
//! point at are `Spanned`, so a compile error can name line and column.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// Named word sets: `[concepts]` in any pack file.
pub type RawConcepts = BTreeMap<Spanned<String>, Vec<Spanned<String>>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPackFile {
    pub pack: RawPackInfo,
    #[serde(default)]
    pub category: Vec<RawCategory>,
    pub thresholds: Option<RawThresholds>,
    pub modifiers: Option<RawModifiers>,
}

/// `concepts.toml`: concepts and the modifier markers.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConceptsFile {
    #[serde(default)]
    pub concepts: RawConcepts,
    #[serde(default)]
    pub markers: RawConcepts,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPackInfo {
    pub name: String,
    pub version: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCategory {
    pub id: Spanned<String>,
    pub label: String,
    pub goal: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawThresholds {
    pub green: Option<Spanned<f64>>,
    pub red: Option<Spanned<f64>>,
    pub thin_words: Option<usize>,
    pub category_green: Option<Spanned<f64>>,
    pub category_red: Option<Spanned<f64>>,
    pub complaint_share: Option<Spanned<f64>>,
    pub complaint_words: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawModifiers {
    pub negation: Option<f64>,
    pub past: Option<f64>,
    pub hypothetical: Option<f64>,
    pub reported: Option<f64>,
    pub contrast_before: Option<f64>,
    pub contrast_after: Option<f64>,
    pub out_of_answer: Option<f64>,
    pub occasional: Option<f64>,
}

/// A question file: one `[question]`, its rules, and concepts.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestionFile {
    pub question: RawQuestion,
    #[serde(default)]
    pub concepts: RawConcepts,
    #[serde(default)]
    pub rule: Vec<RawRule>,
}

/// `general.toml`: rules (and concepts) only.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGeneralFile {
    #[serde(default)]
    pub concepts: RawConcepts,
    #[serde(default)]
    pub rule: Vec<RawRule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    pub id: Spanned<String>,
    pub number: Option<Spanned<u32>>,
    pub category: Option<Spanned<String>>,
    pub text: Option<String>,
    pub title: Option<String>,
    pub cues: Option<Vec<Spanned<String>>>,
    pub follow_up: Option<Vec<String>>,
    pub why: Option<String>,
    pub good: Option<String>,
    pub bad: Option<String>,
    pub answer_weight: Option<Spanned<f64>>,
    pub complaint: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub id: Spanned<String>,
    pub signal: RawSignal,
    pub weight: Option<Spanned<f64>>,
    #[serde(default)]
    pub veto: bool,
    #[serde(default)]
    pub evasion: Option<Spanned<bool>>,
    #[serde(default)]
    pub vague: Option<Spanned<bool>>,
    #[serde(default)]
    pub lean: Option<Spanned<bool>>,
    #[serde(default, rename = "match")]
    pub matches: Vec<Spanned<String>>,
    #[serde(default)]
    pub unless: Vec<Spanned<String>>,
    #[serde(default)]
    pub phrases: Vec<Spanned<String>>,
    #[serde(default)]
    pub patterns: Vec<Spanned<RawPattern>>,
    pub on_negation: Option<RawOnNegation>,
    pub on_hypothetical: Option<RawOnHypothetical>,
    pub on_past: Option<RawOnPast>,
    pub within: Option<Spanned<RawWithin>>,
    pub message: String,
    #[serde(default)]
    pub examples: Vec<Spanned<String>>,
    #[serde(default)]
    pub counter_examples: Vec<Spanned<String>>,
}

/// A regex pattern: a string (its gate found from its words), or a table
/// naming the gate.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawPattern {
    Plain(String),
    Gated { gate: String, regex: String },
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawSignal {
    Green,
    Amber,
    Red,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawOnHypothetical {
    Discount,
    Ignore,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawOnPast {
    Discount,
    Ignore,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawWithin {
    Sentence,
    Turn,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawOnNegation {
    Flip,
    Drop,
    Ignore,
}
