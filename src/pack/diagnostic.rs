//! Pack diagnostics: a stable code, a place, a message.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One problem found in a pack.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Stable code, like `E007`.
    pub code: &'static str,
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
    /// Renders like rustc: the message, the place, the source line with the
    /// span underlined (when `source` is the file's text), and any help.
    pub fn render(&self, source: Option<&str>) -> String {
        let mut out = format!("{}[{}]: {}\n", self.severity, self.code, self.message);
        if self.line == 0 {
            out.push_str(&format!("  --> {}\n", self.file.display()));
        } else {
            out.push_str(&format!(
                "  --> {}:{}:{}\n",
                self.file.display(),
                self.line,
                self.column
            ));
            if let Some(text) = source.and_then(|s| s.lines().nth(self.line - 1)) {
                let num = self.line.to_string();
                let pad = " ".repeat(num.len());
                let text = text.replace('\t', " ");
                let width = text.chars().count();
                let start = self.column.saturating_sub(1).min(width);
                let len = self.length.clamp(1, (width - start).max(1));
                out.push_str(&format!(
                    "{pad} |\n{num} | {text}\n{pad} | {}{}\n",
                    " ".repeat(start),
                    "^".repeat(len)
                ));
            }
        }
        if let Some(help) = &self.help {
            out.push_str(&format!("  = help: {help}\n"));
        }
        out
    }
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
