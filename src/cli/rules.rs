//! `candor rules check|test|diff`: rule packs tested like code.

mod github;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand, ValueEnum};

use candor::diff::{diff, PackDiff};
use candor::pack::lint::lint;
use candor::pack::{read_dir_files, Diagnostic, Severity, SourceFile};
use candor::ruletest::{run_corpus, run_examples, Summary};
use candor::{Engine, Pack};

use super::{emit, info};

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Lint packs: schema, regexes, duplicates, conflicts, examples.
    Check(CheckArgs),
    /// Run rule examples and corpus expectations.
    Test(TestArgs),
    /// Verdict changes between two packs over a corpus.
    Diff(DiffArgs),
    /// The pack's rules, one a line: id, signal, weight, message.
    List(info::ListArgs),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    /// For people: rustc-style diagnostics, or failures and a summary line.
    Text,
    /// For tools: every diagnostic or case, and the counts.
    Json,
    /// GitHub Actions workflow commands (`::error file=...,line=...::...`):
    /// a pull request shows each problem on its line.
    Github,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Deny {
    Warnings,
}

#[derive(Debug, Args)]
#[command(after_long_help = "\
Examples:
  candor rules check                          lint the embedded pack
  candor rules check my-pack/ --deny warnings  fail on warnings too
  candor rules check rules/default my-pack/   a layered pack
  candor rules check my-pack/ --format github  annotations in GitHub Actions")]
pub struct CheckArgs {
    /// Pack folders, layered in order. By default, the embedded pack.
    #[arg(value_name = "DIR")]
    dirs: Vec<PathBuf>,
    /// How to write the results.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    format: ReportFormat,
    /// Treat warnings as failures.
    #[arg(long, value_enum)]
    deny: Option<Deny>,
}

#[derive(Debug, Args)]
#[command(after_long_help = "\
Examples:
  candor rules test                         the embedded pack's examples
  candor rules test my-pack/ --corpus corpus/
  candor rules test my-pack/ --filter acme  only cases whose name has acme
  candor rules test my-pack/ --format github")]
pub struct TestArgs {
    /// The pack folder. By default, the embedded pack.
    #[arg(value_name = "DIR")]
    dir: Option<PathBuf>,
    /// A folder of transcripts with `NAME.expect.toml` files. By default,
    /// `./corpus` if there is one.
    #[arg(long, value_name = "DIR")]
    corpus: Option<PathBuf>,
    /// Run only cases whose name contains this.
    #[arg(long, value_name = "TEXT")]
    filter: Option<String>,
    /// How to write the results.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    format: ReportFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    /// For people: rule edits, verdict changes and a summary line.
    Text,
    /// A pull-request comment: a table of flips, edits in a fold.
    Markdown,
    /// For tools: every flip, rule edit and change.
    Json,
}

#[derive(Debug, Args)]
#[command(after_long_help = "\
Examples:
  candor rules diff origin/main:rules/mine rules/mine --corpus corpus/
  candor rules diff rules/default my-pack/ --corpus corpus/ --format markdown")]
pub struct DiffArgs {
    /// The pack before: a folder, or `REV:path` read from git.
    base: String,
    /// The pack after: a folder, or `REV:path` read from git.
    head: String,
    /// The corpus to score with both. By default, `./corpus`.
    #[arg(long, value_name = "DIR", default_value = "corpus")]
    corpus: PathBuf,
    /// How to write the changes.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
}

pub fn run(command: RulesCommand) -> Result<ExitCode> {
    match command {
        RulesCommand::Check(args) => check(args),
        RulesCommand::Test(args) => test(args),
        RulesCommand::Diff(args) => diff_command(args),
        RulesCommand::List(args) => info::list(args),
    }
}

/// Whether to colour diagnostics: the run's `--color` choice for stdout.
fn use_color() -> bool {
    super::ui().color
}

/// Reads pack layers, keeping the files for rendering diagnostics.
fn read_layers(dirs: &[PathBuf]) -> Result<Vec<Vec<SourceFile>>, Diagnostic> {
    if dirs.is_empty() {
        return Ok(vec![Pack::builtin_files()]);
    }
    dirs.iter().map(|d| read_dir_files(d)).collect()
}

fn check(args: CheckArgs) -> Result<ExitCode> {
    let layers = match read_layers(&args.dirs) {
        Ok(l) => l,
        // The run stops (exit 2) with `error: ` in front: the
        // diagnostic's own `error[E013]` would say "error" twice.
        Err(d) => bail!("{}: {}", d.file.display(), d.message),
    };
    let sources: HashMap<PathBuf, String> = layers
        .iter()
        .flatten()
        .map(|f| (f.path.clone(), f.text.clone()))
        .collect();
    let diagnostics = match Pack::from_layers(&layers) {
        Ok(pack) => lint(&Engine::new(&pack)),
        Err(e) => e.diagnostics,
    };
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    let (errors, warnings, notes) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Note),
    );
    let summary = format!(
        "rules check: {}, {}, {}\n",
        plural(errors, Severity::Error.name()),
        plural(warnings, Severity::Warning.name()),
        plural(notes, Severity::Note.name())
    );
    let out = match args.format {
        ReportFormat::Json => {
            let value = serde_json::json!({
                "diagnostics": diagnostics,
                "errors": errors,
                "warnings": warnings,
                "notes": notes,
            });
            format!("{}\n", serde_json::to_string_pretty(&value)?)
        }
        ReportFormat::Github => {
            let mut s: String = diagnostics.iter().map(github::diagnostic).collect();
            s.push_str(&summary);
            s
        }
        ReportFormat::Text => {
            let color = use_color();
            let mut s = String::new();
            let lines: HashMap<_, Vec<&str>> = sources
                .iter()
                .map(|(file, text)| (file, text.lines().collect()))
                .collect();
            for d in &diagnostics {
                let line = d
                    .line
                    .checked_sub(1)
                    .and_then(|n| lines.get(&d.file).and_then(|l| l.get(n).copied()));
                s.push_str(&d.render_line(line, color));
                s.push('\n');
            }
            s.push_str(&summary);
            s
        }
    };
    emit(&out)?;
    let failed = errors > 0 || (args.deny == Some(Deny::Warnings) && warnings > 0);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn load_engine(dir: Option<&Path>) -> Result<Engine> {
    let pack = match dir {
        Some(d) => Pack::load(d)?,
        None => candor::pack::builtin(),
    };
    Ok(Engine::from(pack))
}

fn test(args: TestArgs) -> Result<ExitCode> {
    let engine = load_engine(args.dir.as_deref())?;
    let corpus = match args.corpus {
        Some(c) => {
            if !c.is_dir() {
                bail!("{}: no such corpus folder", c.display());
            }
            Some(c)
        }
        None => Some(PathBuf::from("corpus")).filter(|c| c.is_dir()),
    };
    let filter = args.filter.as_deref();
    let mut summary = run_examples(&engine, filter);
    if let Some(c) = &corpus {
        summary.extend(run_corpus(&engine, c, filter));
    }
    let out = match args.format {
        ReportFormat::Json => {
            let value = serde_json::json!({
                "results": summary.results,
                "passed": summary.passed(),
                "failed": summary.failed(),
                "unreadable": summary.unreadable,
            });
            format!("{}\n", serde_json::to_string_pretty(&value)?)
        }
        ReportFormat::Text => test_text(&summary),
        ReportFormat::Github => test_github(&summary),
    };
    emit(&out)?;
    // A file that could not be read is no failure of the pack: the run is
    // incomplete, and says so on stderr and in its exit code.
    for e in &summary.unreadable {
        super::print_error(e);
    }
    if !summary.unreadable.is_empty() {
        return Ok(ExitCode::from(2));
    }
    let failed = summary.failed() > 0 || summary.results.is_empty();
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn test_text(summary: &Summary) -> String {
    let mut s = String::new();
    for f in summary.failures() {
        let _ = writeln!(s, "{} [{}]\n    {}", f.name, f.outcome, f.detail);
    }
    if summary.results.is_empty() {
        let _ = writeln!(
            s,
            "no test case ran: the pack has no examples and no corpus was found"
        );
    }
    s.push_str(&test_summary_line(summary));
    s
}

/// Failures as `::error` workflow commands on the line that expected them:
/// the example in the pack file, the entry of the expectation file, or the
/// transcript when no line is to blame; then the summary line.
fn test_github(summary: &Summary) -> String {
    let mut s = String::new();
    for f in summary.failures() {
        let title = format!("candor rules test ({})", f.outcome);
        let message = format!("{}: {}", f.name, f.detail);
        s.push_str(
            &github::Annotation {
                command: "error",
                file: f.file.as_deref(),
                line: f.line,
                col: 0,
                title: &title,
                message: &message,
            }
            .render(),
        );
    }
    s.push_str(&test_summary_line(summary));
    s
}

/// `N passed, N failed`, and how many could not run, with a newline.
fn test_summary_line(summary: &Summary) -> String {
    let mut s = format!("{} passed, {} failed", summary.passed(), summary.failed());
    if !summary.unreadable.is_empty() {
        let _ = write!(s, " ({} could not run)", summary.unreadable.len());
    }
    s.push('\n');
    s
}

/// Loads a pack from a folder, or from git for `REV:path`.
fn load_spec(spec: &str) -> Result<Pack> {
    if Path::new(spec).is_dir() {
        return Ok(Pack::load(Path::new(spec))?);
    }
    let Some((rev, path)) = spec.split_once(':') else {
        bail!("{spec}: no such pack folder (give a folder, or REV:path to read one from git)");
    };
    if rev.starts_with('-') {
        // It would reach git as an option (`--output=FILE`, `-h`).
        bail!("{spec}: a revision cannot begin with '-'");
    }
    if rev.is_empty() {
        bail!("{spec}: no revision before ':' (give REV:path, such as HEAD:rules/mine)");
    }
    let path = path.trim_end_matches('/');
    let listing = git(&[
        "ls-tree",
        "--name-only",
        "-z",
        rev,
        "--",
        &format!("{path}/"),
    ])
    .with_context(|| format!("{spec}: cannot list the pack in git"))?;
    let mut files = Vec::new();
    for name in listing.split('\0').filter(|n| n.ends_with(".toml")) {
        let text = git(&["show", &format!("{rev}:{name}")])
            .with_context(|| format!("{rev}:{name}: cannot read from git"))?;
        files.push(SourceFile {
            path: PathBuf::from(format!("{rev}:{name}")),
            text,
        });
    }
    if files.is_empty() {
        bail!("{spec}: no .toml files there in git");
    }
    Ok(Pack::from_layers(&[files])?)
}

/// Runs git; a failure is one line: git's own `fatal:` or `error:` line,
/// else its first line, else its exit status.
fn git(args: &[&str]) -> Result<String> {
    let out = Command::new("git")
        .args(args)
        .output()
        .context("cannot run git")?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let lines = || stderr.lines().map(str::trim).filter(|l| !l.is_empty());
        let line = lines()
            .find(|l| l.starts_with("fatal:") || l.starts_with("error:"))
            .or_else(|| lines().next());
        match line {
            Some(line) => bail!("{line}"),
            None => bail!("git {} failed ({})", args[0], out.status),
        }
    }
    String::from_utf8(out.stdout).map_err(|e| {
        anyhow::anyhow!(
            "git {} wrote bytes that are not UTF-8 (at byte offset {})",
            args[0],
            e.utf8_error().valid_up_to()
        )
    })
}

fn diff_command(args: DiffArgs) -> Result<ExitCode> {
    let base = Engine::from(load_spec(&args.base)?);
    let head = Engine::from(load_spec(&args.head)?);
    if !args.corpus.is_dir() {
        bail!("{}: no such corpus folder", args.corpus.display());
    }
    let d = diff(&base, &head, &args.corpus)
        .with_context(|| format!("{}: cannot read the corpus", args.corpus.display()))?;
    let out = match args.format {
        DiffFormat::Json => format!("{}\n", serde_json::to_string_pretty(&d)?),
        DiffFormat::Text => diff_text(&d, &args.base, &args.head),
        DiffFormat::Markdown => diff_markdown(&d, &args.base, &args.head),
    };
    emit(&out)?;
    if !d.errors.is_empty() {
        for (source, e) in &d.errors {
            super::print_error(&format!("{source}: {e}"));
        }
        return Ok(ExitCode::from(2));
    }
    Ok(if d.flips.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn summary_line(d: &PackDiff) -> String {
    format!(
        "{} verdict changes in {} of {} transcripts; {} rule edits",
        d.flips.len(),
        d.flipped_transcripts(),
        d.transcripts,
        d.rule_edits.len()
    )
}

fn diff_text(d: &PackDiff, base: &str, head: &str) -> String {
    let mut s = format!("rules diff {base} -> {head}\n");
    if !d.rule_edits.is_empty() {
        s.push_str("\nRule edits:\n");
        for e in &d.rule_edits {
            let _ = writeln!(s, "  {} {}", e.kind, e.rule);
            for c in &e.changes {
                let _ = writeln!(s, "      {c}");
            }
        }
    }
    if !d.flips.is_empty() {
        s.push_str("\nVerdict changes:\n");
        for f in &d.flips {
            let _ = writeln!(
                s,
                "  {} {}: {} -> {}",
                f.source,
                f.question,
                f.base.name(),
                f.head.name()
            );
            for a in &f.appeared {
                let _ = writeln!(s, "      + {a}");
            }
            for v in &f.vanished {
                let _ = writeln!(s, "      - {v}");
            }
            if !f.caused_by.is_empty() {
                let _ = writeln!(s, "      caused by: {}", f.caused_by.join(", "));
            }
        }
    }
    if !d.changes.is_empty() {
        s.push_str("\nCategory and overall changes:\n");
        for c in &d.changes {
            let _ = writeln!(
                s,
                "  {} {}: {} -> {}",
                c.source,
                c.what,
                c.before(),
                c.after()
            );
        }
    }
    for (source, e) in &d.errors {
        let _ = writeln!(s, "\nerror: {source}: {e}");
    }
    let _ = writeln!(s, "\n{}", summary_line(d));
    s
}

fn diff_markdown(d: &PackDiff, base: &str, head: &str) -> String {
    let mut s = format!(
        "### candor rules diff\n\n`{base}` → `{head}`: **{}**\n",
        summary_line(d)
    );
    if !d.flips.is_empty() {
        s.push_str("\n| transcript | question | before | after | hits that appeared | hits that vanished | caused by |\n|---|---|---|---|---|---|---|\n");
        for f in &d.flips {
            let cell = |v: &[String]| {
                if v.is_empty() {
                    "".to_string()
                } else {
                    v.iter()
                        .map(|x| format!("`{}`", x.replace('|', "\\|")))
                        .collect::<Vec<_>>()
                        .join("<br>")
                }
            };
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} | {} |",
                f.source,
                f.question,
                f.base.name(),
                f.head.name(),
                cell(&f.appeared),
                cell(&f.vanished),
                cell(&f.caused_by)
            );
        }
    }
    if !d.rule_edits.is_empty() {
        s.push_str("\n<details><summary>Rule edits</summary>\n\n");
        for e in &d.rule_edits {
            let _ = writeln!(s, "- **{}** `{}`", e.kind, e.rule);
            for c in &e.changes {
                let _ = writeln!(s, "  - `{}`", c.replace('`', "'"));
            }
        }
        s.push_str("\n</details>\n");
    }
    if !d.changes.is_empty() {
        s.push_str("\n<details><summary>Category and overall changes</summary>\n\n| transcript | area | before | after |\n|---|---|---|---|\n");
        for c in &d.changes {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} |",
                c.source,
                c.what,
                c.before(),
                c.after()
            );
        }
        s.push_str("\n</details>\n");
    }
    for (source, e) in &d.errors {
        let _ = writeln!(s, "\n> error: {source}: {e}");
    }
    s
}
