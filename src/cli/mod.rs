//! Command-line definitions and dispatch. `anyhow` lives here and in `main`
//! only; the library returns typed errors.

mod info;
mod output;
mod progress;
mod rules;
mod score;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};

use candor::{Engine, Pack};

/// What a CTO's answers reveal: green, amber or red per question, with the
/// exact words that caused it.
#[derive(Debug, Parser)]
#[command(name = "candor", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Score transcripts (stdin when no path is given or the path is `-`).
    Score(score::ScoreArgs),
    /// The ten questions, as a cheat sheet to take into the interview.
    Questions(info::QuestionsArgs),
    /// A rule: its phrases, patterns, why it matters, examples.
    Explain(info::ExplainArgs),
    /// Check, test and compare rule packs.
    #[command(subcommand)]
    Rules(rules::RulesCommand),
}

/// When to colour output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

impl ColorWhen {
    /// Whether to colour stdout: `auto` means a terminal, and `NO_COLOR` unset.
    pub fn enabled(self) -> bool {
        match self {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => {
                io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

/// Options every pack-using command shares.
#[derive(Debug, clap::Args)]
pub struct PackArgs {
    /// A rule-pack folder to use instead of the embedded default. Repeatable:
    /// later packs add rules and override rules with the same full id.
    #[arg(long = "rules", value_name = "DIR")]
    rules: Vec<PathBuf>,
}

impl PackArgs {
    /// The pack: the embedded default, or the layered `--rules` folders.
    pub fn load(&self) -> Result<Pack> {
        if self.rules.is_empty() {
            return Ok(Pack::builtin());
        }
        Ok(Pack::load_layers(&self.rules)?)
    }

    /// The engine, kept for the life of the process: freeing its many
    /// small allocations at exit would cost more than scanning a small file.
    pub fn engine(&self) -> Result<&'static Engine> {
        Ok(Box::leak(Box::new(Engine::from(self.load()?))))
    }
}

/// Runs the command line; `Ok` carries the exit code.
pub fn run() -> Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Score(args) => score::run(args),
        Command::Questions(args) => info::questions(args),
        Command::Explain(args) => info::explain(args),
        Command::Rules(command) => rules::run(command),
    }
}

/// Writes `text` to stdout.
pub fn emit(text: &str) -> Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .with_context(|| format!("cannot write {}", output::STDOUT))
}

/// Whether an error is stdout's reader going away.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Prints an error chain on stderr, one line where it can.
pub fn report_error(err: &anyhow::Error) {
    let mut stderr = io::stderr().lock();
    if let Some(pack) = err.downcast_ref::<candor::PackError>() {
        let _ = writeln!(stderr, "candor: error: the rule pack has problems:");
        for d in &pack.diagnostics {
            let _ = writeln!(stderr, "{d}");
        }
        return;
    }
    let _ = writeln!(stderr, "candor: error: {}", error_line(err));
}

/// An error chain as one line, each cause once: a cause an error already
/// ends with (an I/O error wrapped by one that prints it) is not repeated,
/// and line breaks inside a message become spaces.
fn error_line(err: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for e in err.chain() {
        let text = e.to_string();
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.is_empty() || parts.last().is_some_and(|last| last.ends_with(&text)) {
            continue;
        }
        parts.push(text);
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_cause_is_said_once_on_one_line() {
        let io = io::Error::new(
            io::ErrorKind::WouldBlock,
            "Resource temporarily unavailable",
        );
        // An error whose message is its source's, as rayon's pool error is.
        #[derive(Debug)]
        struct Wrapper(io::Error);
        impl std::fmt::Display for Wrapper {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
        impl std::error::Error for Wrapper {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&self.0)
            }
        }
        let err = anyhow::Error::new(Wrapper(io)).context("cannot start worker threads");
        assert_eq!(
            error_line(&err),
            "cannot start worker threads: Resource temporarily unavailable"
        );
        let err = anyhow::anyhow!("usage: git ls-tree\n\n    -d   only trees").context("x.txt");
        assert_eq!(error_line(&err), "x.txt: usage: git ls-tree -d only trees");
    }
}
