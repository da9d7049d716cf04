//! Pack diagnostics: a stable code, a place, a message.

use std::fmt;
use std::path::PathBuf;

use anstyle::{AnsiColor, Style};
use serde::Serialize;

/// Every diagnostic a pack can get, each with a stable code. `docs/rules.md`
/// ("Diagnostics") lists them; a test keeps that list complete.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// Invalid TOML, or a value of the wrong type.
    Toml,
    /// A key the format does not have.
    UnknownKey,
    /// The first pack has no `pack.toml`.
    MissingPackToml,
    /// Two categories with one id.
    DuplicateCategory,
    /// Two rules with one full id in one pack.
    DuplicateRule,
    /// A question names a category `pack.toml` does not define.
    UnknownCategory,
    /// A pattern that is not a valid regex.
    InvalidRegex,
    /// A pattern over the size limit.
    RegexTooLarge,
    /// A phrase, cue or concept entry with no words.
    Empty,
    /// A question without `number`, `category` or `text`.
    MissingField,
    /// A rule id that is empty or holds `/` or a space.
    InvalidRuleId,
    /// A pack with no questions.
    NoQuestions,
    /// A pack file or folder that cannot be read.
    Unreadable,
    /// A weight that is not a positive number.
    InvalidWeight,
    /// A question number of 0.
    InvalidNumber,
    /// Two questions with one id in one pack.
    DuplicateQuestion,
    /// Two questions with one number.
    DuplicateNumber,
    /// `evasion = true` outside `general.toml`.
    MisplacedEvasion,
    /// A rule with nothing to match.
    EmptyRule,
    /// A match expression that does not parse.
    ExpressionSyntax,
    /// `{name}` for a concept that is not defined.
    UnknownConcept,
    /// A concept whose entries refer back to it.
    ConceptCycle,
    /// One concept defined twice in one pack.
    DuplicateConcept,
    /// A pattern with no gate.
    UngatedPattern,
    /// Patterns in a rule matched `within = "turn"`.
    PatternAcrossSentences,
    /// `vague = true` on a rule that is not amber.
    VagueNotAmber,
    /// `lean = true` on a veto, or on an amber rule that is no evasion.
    MisplacedLean,
    /// A threshold out of its range.
    InvalidThreshold,
    /// `red` not below `green`, or `category_red` above `category_green`.
    ThresholdOrder,
    /// The same phrase in two rules with different signals.
    ConflictingRules,
    /// An example that does not hit its rule.
    ExampleMissed,
    /// A counter-example that hits its rule.
    CounterExampleHit,
    /// The same expression twice in one rule.
    DuplicateExpression,
    /// The same expression in two rules with one signal.
    SharedExpression,
    /// A question with no cues.
    NoCues,
    /// A rule with no examples.
    NoExamples,
    /// A concept no expression uses.
    UnusedConcept,
    /// Two entries of one concept that fold to the same words.
    DuplicateEntry,
    /// An expression of a rule that a shorter one of the same rule covers.
    CoveredExpression,
    /// A phrase inside a longer phrase of the opposite signal.
    InsideOpposite,
    /// An expression no example of its rule exercises.
    Unexercised,
}

impl Code {
    /// Every code, in documentation order.
    pub const ALL: &'static [Code] = &[
        Code::Toml,
        Code::UnknownKey,
        Code::MissingPackToml,
        Code::DuplicateCategory,
        Code::DuplicateRule,
        Code::UnknownCategory,
        Code::InvalidRegex,
        Code::RegexTooLarge,
        Code::Empty,
        Code::MissingField,
        Code::InvalidRuleId,
        Code::NoQuestions,
        Code::Unreadable,
        Code::InvalidWeight,
        Code::InvalidNumber,
        Code::DuplicateQuestion,
        Code::DuplicateNumber,
        Code::MisplacedEvasion,
        Code::EmptyRule,
        Code::ExpressionSyntax,
        Code::UnknownConcept,
        Code::ConceptCycle,
        Code::DuplicateConcept,
        Code::UngatedPattern,
        Code::PatternAcrossSentences,
        Code::VagueNotAmber,
        Code::MisplacedLean,
        Code::InvalidThreshold,
        Code::ThresholdOrder,
        Code::ConflictingRules,
        Code::ExampleMissed,
        Code::CounterExampleHit,
        Code::DuplicateExpression,
        Code::SharedExpression,
        Code::NoCues,
        Code::NoExamples,
        Code::UnusedConcept,
        Code::DuplicateEntry,
        Code::CoveredExpression,
        Code::InsideOpposite,
        Code::Unexercised,
    ];

    /// The stable code, like `E007`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Toml => "E001",
            Code::UnknownKey => "E002",
            Code::MissingPackToml => "E003",
            Code::DuplicateCategory => "E004",
            Code::DuplicateRule => "E005",
            Code::UnknownCategory => "E006",
            Code::InvalidRegex => "E007",
            Code::RegexTooLarge => "E008",
            Code::Empty => "E009",
            Code::MissingField => "E010",
            Code::InvalidRuleId => "E011",
            Code::NoQuestions => "E012",
            Code::Unreadable => "E013",
            Code::InvalidWeight => "E014",
            Code::InvalidNumber => "E015",
            Code::DuplicateQuestion => "E016",
            Code::DuplicateNumber => "E017",
            Code::MisplacedEvasion => "E018",
            Code::EmptyRule => "E019",
            Code::ConflictingRules => "E020",
            Code::ExampleMissed => "E021",
            Code::CounterExampleHit => "E022",
            Code::ExpressionSyntax => "E023",
            Code::UnknownConcept => "E024",
            Code::ConceptCycle => "E025",
            Code::DuplicateConcept => "E026",
            Code::UngatedPattern => "E027",
            Code::PatternAcrossSentences => "E028",
            Code::VagueNotAmber => "E029",
            Code::MisplacedLean => "E030",
            Code::InvalidThreshold => "E031",
            Code::ThresholdOrder => "E032",
            Code::DuplicateExpression => "W002",
            Code::SharedExpression => "W003",
            Code::NoCues => "W004",
            Code::NoExamples => "W005",
            Code::UnusedConcept => "W006",
            Code::DuplicateEntry => "W007",
            Code::CoveredExpression => "W008",
            Code::InsideOpposite => "I001",
            Code::Unexercised => "I002",
        }
    }

    /// How bad it is.
    pub fn severity(self) -> Severity {
        match self.as_str().as_bytes()[0] {
            b'E' => Severity::Error,
            b'W' => Severity::Warning,
            _ => Severity::Note,
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// How bad a diagnostic is. Named as rustc names them: `error`, `warning`,
/// `note` (the codes of notes begin with `I`, for information).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a check.
    Note,
    /// Fails a check under `--deny warnings`.
    Warning,
    /// The pack does not load, or fails its own examples.
    Error,
}

impl Severity {
    /// The word in findings and in the summary: `error`, `warning`, `note`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// rustc's colour for the word: bold red, bold yellow, bold green.
    fn style(self) -> Style {
        let color = match self {
            Severity::Note => AnsiColor::Green,
            Severity::Warning => AnsiColor::Yellow,
            Severity::Error => AnsiColor::Red,
        };
        Style::new().bold().fg_color(Some(color.into()))
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One problem found in a pack.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Stable code, like `E007`.
    pub code: Code,
    pub severity: Severity,
    pub file: PathBuf,
    /// 1-based line and column; 0 when the problem has no place in a file.
    pub line: usize,
    pub column: usize,
    /// Characters to underline from `column` (at least 1 where there is a place).
    pub length: usize,
    pub message: String,
    /// A hint, such as the field that was probably meant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}:{}: ", self.file.display(), self.line, self.column)?;
        } else {
            write!(f, "{}: ", self.file.display())?;
        }
        write!(f, "{}[{}]: {}", self.severity, self.code, self.message)
    }
}

impl Diagnostic {
    /// A diagnostic with no place in a file.
    pub fn file(code: Code, file: PathBuf, message: String) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.severity(),
            file,
            line: 0,
            column: 0,
            length: 0,
            message,
            help: None,
        }
    }

    /// Renders like rustc: the message, the place, the source line with the
    /// span underlined (when `source` is the file's text), and any help;
    /// with `color`, styled as [`Diagnostic::render_line`] says.
    pub fn render(&self, source: Option<&str>, color: bool) -> String {
        let line = self.line.checked_sub(1);
        self.render_line(source.zip(line).and_then(|(s, n)| s.lines().nth(n)), color)
    }

    /// [`Diagnostic::render`], given the text of its line: rendering many
    /// diagnostics of one file looks each line up in the file's lines once.
    /// With `color`, styled as rustc styles it (ANSI escapes): the severity
    /// and the underline in its colour, the message bold, the `-->` arrow
    /// and the line-number gutter bold blue. Without, plain text.
    pub fn render_line(&self, line_text: Option<&str>, color: bool) -> String {
        let paint = |style: Style| if color { style } else { Style::new() };
        let level = paint(self.severity.style());
        let bold = paint(Style::new().bold());
        let blue = paint(Style::new().bold().fg_color(Some(AnsiColor::Blue.into())));
        let mut out = format!(
            "{level}{}[{}]{level:#}{bold}: {}{bold:#}\n",
            self.severity, self.code, self.message
        );
        if self.line == 0 {
            out.push_str(&format!("  {blue}-->{blue:#} {}\n", self.file.display()));
        } else {
            out.push_str(&format!(
                "  {blue}-->{blue:#} {}:{}:{}\n",
                self.file.display(),
                self.line,
                self.column
            ));
            if let Some(text) = line_text {
                let num = self.line.to_string();
                let pad = " ".repeat(num.len());
                let text = text.replace('\t', " ");
                let width = text.chars().count();
                let start = self.column.saturating_sub(1).min(width);
                let len = self.length.clamp(1, (width - start).max(1));
                out.push_str(&format!(
                    "{blue}{pad} |{blue:#}\n{blue}{num} |{blue:#} {text}\n{blue}{pad} |{blue:#} {}{level}{}{level:#}\n",
                    " ".repeat(start),
                    "^".repeat(len)
                ));
            }
        }
        if let Some(help) = &self.help {
            out.push_str(&format!("  {blue}={blue:#} {bold}help{bold:#}: {help}\n"));
        }
        out
    }
}

/// A TOML error's message on one line: its lines trimmed, joined by ": ".
pub fn toml_message(e: &toml::de::Error) -> String {
    e.message()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(": ")
}

/// 1-based line and column (in chars) of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = &source.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = source
        .get(line_start..offset)
        .map_or(offset - line_start, |s| s.chars().count())
        + 1;
    (line, column)
}

/// A pack that failed to load: every problem found, not only the first.
#[derive(Debug, Clone, PartialEq)]
pub struct PackError {
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors: Vec<&Diagnostic> = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        for (i, d) in errors.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PackError {}
