//! Command-line definitions and dispatch. `anyhow` lives here and in `main`
//! only; the library returns typed errors.

mod config;
mod generate;
mod info;
mod output;
mod progress;
mod rules;
mod score;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::OnceLock;

use anyhow::{Context, Result};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use candor::{Engine, Pack};

/// What a CTO's answers reveal: green, amber or red per question, with the
/// exact words that caused it.
#[derive(Debug, Parser)]
#[command(
    name = "candor",
    version,
    about,
    max_term_width = 100,
    after_long_help = EXAMPLES
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    global: GlobalArgs,
}

const EXAMPLES: &str = "\
Examples:
  candor score notes.txt                 score one transcript
  candor score interviews/ --format html -o compare.html
  candor questions                       the ten questions to ask
  candor explain 5                       question 5 and its rules
  candor generate complete-bash > ~/.local/share/bash-completion/completions/candor

Options can be set in candor.toml (found from the current folder upward);
see `candor score --help`.";

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
    /// Shell completions and the man page.
    Generate(generate::GenerateArgs),
}

/// Options every subcommand takes.
#[derive(Debug, clap::Args)]
struct GlobalArgs {
    /// When to colour output. `auto` colours a terminal unless NO_COLOR is
    /// set, CLICOLOR is 0 or TERM is dumb; CLICOLOR_FORCE=1 colours even a
    /// pipe.
    #[arg(
        long,
        value_enum,
        global = true,
        default_value_t = ColorWhen::Auto,
        value_name = "WHEN"
    )]
    color: ColorWhen,
    /// Print nothing but errors: no report or findings on stdout (a file
    /// `--output` names is still written), no warnings, no progress. The
    /// exit code still tells what happened.
    #[arg(long, short = 'q', global = true)]
    quiet: bool,
    /// Read options from this file instead of the nearest candor.toml.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Read no configuration file.
    #[arg(long, global = true, conflicts_with = "config")]
    no_config: bool,
}

/// When to colour output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// When writing to a terminal, as the environment allows.
    Auto,
    /// Always, even to a file or pipe.
    Always,
    /// Never.
    Never,
}

impl ColorWhen {
    /// Whether to colour `stream`: `auto` asks the environment (NO_COLOR,
    /// CLICOLOR, CLICOLOR_FORCE, TERM) and whether it is a terminal.
    fn enabled_for(self, stream: &impl anstream::stream::RawStream) -> bool {
        match self {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => anstream::AutoStream::choice(stream) != anstream::ColorChoice::Never,
        }
    }
}

/// How to write for the person at the terminal, decided once at start-up.
#[derive(Clone, Copy, Debug)]
pub struct Ui {
    /// Colour what goes to stdout.
    pub color: bool,
    /// Colour what goes to stderr.
    pub color_stderr: bool,
    /// Columns to wrap text to: the terminal's, else `$COLUMNS`, else 80.
    pub width: usize,
    /// Errors only.
    pub quiet: bool,
    /// Stdout is a terminal.
    pub terminal: bool,
}

static UI: OnceLock<Ui> = OnceLock::new();

/// The terminal settings of this run.
pub fn ui() -> Ui {
    *UI.get_or_init(|| Ui::new(ColorWhen::Auto, false))
}

/// Narrower than this, text is not wrapped to the terminal.
const MIN_WIDTH: usize = 40;

impl Ui {
    fn new(color: ColorWhen, quiet: bool) -> Ui {
        Ui {
            color: color.enabled_for(&io::stdout()),
            color_stderr: color.enabled_for(&io::stderr()),
            width: width(),
            quiet,
            terminal: io::stdout().is_terminal(),
        }
    }
}

/// The width to wrap stdout's text to: the terminal's, else `$COLUMNS`,
/// else 80; never under [`MIN_WIDTH`].
fn width() -> usize {
    let columns = terminal_size::terminal_size_of(io::stdout())
        .map(|(terminal_size::Width(w), _)| usize::from(w))
        .or_else(|| std::env::var("COLUMNS").ok()?.trim().parse().ok())
        .unwrap_or(80);
    columns.max(MIN_WIDTH)
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
            return Ok(candor::pack::builtin());
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
    let matches = Cli::command().get_matches();
    let mut cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let config = if cli.global.no_config {
        None
    } else {
        match &cli.global.config {
            Some(path) => Some(config::Config::read(path)?),
            None => config::Config::find()?,
        }
    };
    if let Some(config) = &config {
        config.apply_global(&mut cli.global, &matches)?;
    }
    let _ = UI.set(Ui::new(cli.global.color, cli.global.quiet));
    let leaf = leaf(&matches);
    match cli.command {
        Command::Score(mut args) => {
            if let Some(config) = &config {
                config.apply_score(&mut args, leaf)?;
            }
            score::run(args)
        }
        Command::Questions(mut args) => {
            apply_rules(&config, &mut args.pack, leaf);
            info::questions(args)
        }
        Command::Explain(mut args) => {
            apply_rules(&config, &mut args.pack, leaf);
            info::explain(args)
        }
        Command::Rules(mut command) => {
            if let rules::RulesCommand::List(args) = &mut command {
                apply_rules(&config, &mut args.pack, leaf);
            }
            rules::run(command)
        }
        Command::Generate(args) => generate::run(args),
    }
}

/// The matches of the subcommand that runs.
fn leaf(matches: &clap::ArgMatches) -> &clap::ArgMatches {
    let mut m = matches;
    while let Some((_, sub)) = m.subcommand() {
        m = sub;
    }
    m
}

/// Takes the config file's `rules` unless `--rules` was given.
fn apply_rules(config: &Option<config::Config>, pack: &mut PackArgs, matches: &clap::ArgMatches) {
    if let Some(config) = config {
        config.apply_rules(pack, matches);
    }
}

/// Writes `text` to stdout, unless `--quiet`.
pub fn emit(text: &str) -> Result<()> {
    if ui().quiet {
        return Ok(());
    }
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

/// `error: ` as clap and cargo print it: bold red on a colour terminal.
pub fn error_prefix() -> String {
    let style = anstyle::AnsiColor::Red.on_default().bold();
    styled_prefix("error", style)
}

/// `warning: `, bold yellow on a colour terminal.
fn warning_prefix() -> String {
    let style = anstyle::AnsiColor::Yellow.on_default().bold();
    styled_prefix("warning", style)
}

fn styled_prefix(word: &str, style: anstyle::Style) -> String {
    if ui().color_stderr {
        format!("{style}{word}{style:#}: ")
    } else {
        format!("{word}: ")
    }
}

/// Prints `error: message` on stderr (even with `--quiet`).
pub fn print_error(message: &str) {
    let _ = writeln!(io::stderr().lock(), "{}{message}", error_prefix());
}

/// Prints `warning: message` on stderr, unless `--quiet`.
pub fn print_warning(message: &str) {
    if !ui().quiet {
        let _ = writeln!(io::stderr().lock(), "{}{message}", warning_prefix());
    }
}

/// Prints an error chain on stderr, one line where it can.
pub fn report_error(err: &anyhow::Error) {
    if let Some(pack) = err.downcast_ref::<candor::PackError>() {
        // As `rules check` shows them: `error[E001]: ...`, the place, the line.
        let mut stderr = io::stderr().lock();
        for d in &pack.diagnostics {
            let source = std::fs::read_to_string(&d.file).ok();
            let _ = write!(stderr, "{}", d.render(source.as_deref(), ui().color_stderr));
        }
        return;
    }
    print_error(&error_line(err));
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
