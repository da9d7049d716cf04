//! `--format github`: GitHub Actions workflow commands, one a line
//! (`::error file=rules/x.toml,line=3,col=5,title=candor E002::message`),
//! which mark the line in a pull request's diff as ruff and typos do.
//!
//! Escaping follows the runner's rules: in the message `%`, `\r` and `\n`
//! become `%25`, `%0D` and `%0A`; in a property value `:` and `,` also
//! become `%3A` and `%2C`, or they would end the value.

use std::fmt::Write as _;
use std::path::Path;

use candor::pack::{Diagnostic, Severity};

/// The command for a severity: `error`, `warning` or `notice`.
pub fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    }
}

/// One workflow command. `line` and `col` of 0 are left out (a file-level
/// annotation).
pub struct Annotation<'a> {
    pub command: &'static str,
    pub file: Option<&'a Path>,
    pub line: usize,
    pub col: usize,
    pub title: &'a str,
    pub message: &'a str,
}

impl Annotation<'_> {
    /// The command line, with its newline.
    pub fn render(&self) -> String {
        let mut props: Vec<String> = Vec::new();
        if let Some(file) = self.file {
            props.push(format!(
                "file={}",
                escape_property(&file.display().to_string())
            ));
        }
        for (name, value) in [("line", self.line), ("col", self.col)] {
            if value > 0 {
                props.push(format!("{name}={value}"));
            }
        }
        if !self.title.is_empty() {
            props.push(format!("title={}", escape_property(self.title)));
        }
        let mut s = format!("::{}", self.command);
        if !props.is_empty() {
            let _ = write!(s, " {}", props.join(","));
        }
        let _ = writeln!(s, "::{}", escape_data(self.message));
        s
    }
}

/// A pack diagnostic as a workflow command: its code in the title, its help
/// on a second line of the message.
pub fn diagnostic(d: &Diagnostic) -> String {
    let title = format!("candor {}", d.code);
    let message = match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    };
    let placed = d.line > 0;
    Annotation {
        command: command(d.severity),
        file: Some(&d.file),
        line: d.line,
        col: if placed { d.column } else { 0 },
        title: &title,
        message: &message,
    }
    .render()
}

/// Escapes a message (the data after `::`).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (`file=`, `title=`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_runner_reads() {
        assert_eq!(
            escape_data("100% sure\r\nnext: a, b"),
            "100%25 sure%0D%0Anext: a, b"
        );
        assert_eq!(escape_property("C:\\p,q%"), "C%3A\\p%2Cq%25");
    }

    #[test]
    fn leaves_out_what_it_does_not_know() {
        let a = Annotation {
            command: "error",
            file: Some(Path::new("a,b.toml")),
            line: 0,
            col: 0,
            title: "candor E013",
            message: "cannot read",
        };
        assert_eq!(
            a.render(),
            "::error file=a%2Cb.toml,title=candor E013::cannot read\n"
        );
    }
}
