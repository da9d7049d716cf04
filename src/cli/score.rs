//! `candor score`: read, score and render transcripts, one or many.
//!
//! One input (a file or stdin) gives one full report. Folders and several
//! inputs are a batch: scored in parallel, written in sorted path order as
//! each result's turn comes, a bad file reported (on stderr and in the
//! output) without stopping the rest, exit code 2 at the end if any failed.

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};

use candor::batch::{self, for_each_ordered, FileId, Input, WalkOptions};
use candor::render::{self, Table, TextOptions};
use candor::{Engine, Format, ReadOptions, Report, Verdict};

use super::output::{Output, STDOUT};
use super::{ColorWhen, PackArgs};

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Transcript files or folders; `-` or nothing reads stdin.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format. For many files, `text` and `markdown` are a comparison
    /// table and `html` a comparison page.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    /// Write output to FILE instead of stdout. A file is written beside it
    /// and renamed into place when complete, keeping its permissions; a
    /// symbolic link's target is replaced; a FIFO or device is written
    /// directly. FILE may not be one of the inputs, and is never read as one.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    pack: PackArgs,
    /// The name of the speaker who asks (the candidate), overriding the guess.
    #[arg(long, value_name = "NAME")]
    asker: Option<String>,
    /// The input format, overriding detection.
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    input_format: Option<Format>,
    /// A legacy encoding to decode input with, e.g. windows-1252 or gbk.
    #[arg(long, value_name = "ENCODING")]
    encoding: Option<String>,
    /// Exit 1 when any question is red (`red`), or amber or red (`amber`).
    #[arg(long, value_enum, value_name = "LEVEL")]
    fail_on: Option<FailOn>,
    /// When to colour text output.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    color: ColorWhen,
    /// Threads scoring files. By default, one per core.
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// Take files in folders matching GLOB (repeatable; `!GLOB` excludes),
    /// instead of the transcript extensions (txt, md, markdown, vtt, srt, json).
    #[arg(long, short = 'g', value_name = "GLOB")]
    glob: Vec<String>,
    /// Also take hidden files and paths that .gitignore/.ignore files exclude.
    #[arg(long)]
    no_ignore: bool,
    /// Refuse files larger than this (bytes, or with K, M, G).
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "64M")]
    max_filesize: u64,
    /// Read records `{"id": ..., "text": ..., "format"?: ...}` from stdin, one
    /// a line, and write one JSON report a line in the same order.
    #[arg(long, conflicts_with_all = ["paths", "output"])]
    jsonl_input: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    Text,
    Json,
    Jsonl,
    Csv,
    Markdown,
    Html,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Red,
    Amber,
}

fn parse_format(s: &str) -> Result<Format, String> {
    match Format::from_name(s) {
        Some(Format::Auto) | None => Err(format!(
            "unknown input format {s:?} (known: text, markdown, vtt, srt, json)"
        )),
        Some(f) => Ok(f),
    }
}

fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (digits, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len()));
    let n: u64 = digits.parse().map_err(|_| format!("not a size: {s:?}"))?;
    let k = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" | "KIB" => 1 << 10,
        "M" | "MB" | "MIB" => 1 << 20,
        "G" | "GB" | "GIB" => 1 << 30,
        _ => return Err(format!("not a size: {s:?} (use bytes, or K, M, G)")),
    };
    n.checked_mul(k).ok_or_else(|| format!("too large: {s:?}"))
}

impl ScoreArgs {
    fn read_options(&self) -> ReadOptions {
        ReadOptions {
            format: self.input_format,
            encoding: self.encoding.clone(),
            asker: self.asker.clone(),
        }
    }

    fn failing(&self, report: &Report) -> bool {
        report.questions.iter().any(|q| match self.fail_on {
            Some(FailOn::Red) => q.verdict == Verdict::Red,
            Some(FailOn::Amber) => matches!(q.verdict, Verdict::Red | Verdict::Amber),
            None => false,
        })
    }
}

pub fn run(args: ScoreArgs) -> Result<ExitCode> {
    let engine = args.pack.engine()?;
    if args.jsonl_input {
        return stream_jsonl(engine, &args);
    }
    let mut paths = args.paths.clone();
    if paths.is_empty() {
        if io::stdin().is_terminal() {
            bail!("no input: give a transcript file or folder, or pipe one in (`candor score notes.txt`, `candor score - < notes.txt`)");
        }
        paths.push(PathBuf::from("-"));
    }
    if let Some(out) = &args.output {
        check_output(out, &paths)?;
    }
    let walk = WalkOptions {
        globs: args.glob.clone(),
        no_ignore: args.no_ignore,
        exclude: args.output.iter().cloned().collect(),
    };
    let (inputs, walk_errors) = batch::inputs(&paths, &walk);
    if inputs.is_empty() && walk_errors.is_empty() {
        let folders: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        bail!(
            "{}: no transcript files found (looked for .{}; choose others with --glob)",
            folders.join(", "),
            batch::EXTENSIONS.join(", .")
        );
    }
    let many = inputs.len() != 1 || paths.iter().any(|p| p.is_dir()) || !walk_errors.is_empty();
    if many {
        batch_run(engine, &args, &inputs, &walk_errors)
    } else {
        single(engine, &args, &inputs[0])
    }
}

/// Refuses an output that is a folder or one of the inputs named (or stdin):
/// writing it would replace a transcript. Inputs found in folders are
/// skipped instead ([`WalkOptions::exclude`]).
fn check_output(out: &Path, paths: &[PathBuf]) -> Result<()> {
    if out.is_dir() {
        bail!(
            "{}: is a directory; --output needs a file name",
            out.display()
        );
    }
    // Only a regular file can be replaced; `-o /dev/stdout` with stdin
    // and stdout on one terminal is no conflict.
    let Some(id) = FileId::of_regular(out) else {
        return Ok(());
    };
    for path in paths {
        if path == Path::new("-") {
            if stdin_id().is_some_and(|stdin| stdin == id) {
                bail!(
                    "{}: is the file stdin reads; --output would overwrite it",
                    out.display()
                );
            }
        } else if !path.is_dir() && FileId::of(path).is_ok_and(|p| p == id) {
            if path == out {
                bail!(
                    "{}: is one of the inputs; --output would overwrite it",
                    out.display()
                );
            }
            bail!(
                "{}: is the same file as the input {}; --output would overwrite it",
                out.display(),
                path.display()
            );
        }
    }
    Ok(())
}

/// The identity of the file stdin reads, where it is a regular file.
#[cfg(unix)]
fn stdin_id() -> Option<FileId> {
    FileId::of_regular(Path::new("/dev/fd/0"))
}

#[cfg(not(unix))]
fn stdin_id() -> Option<FileId> {
    None
}

/// One input: one full report; an unreadable input is an error, stdout empty.
fn single(engine: &Engine, args: &ScoreArgs, input: &Input) -> Result<ExitCode> {
    let (report, _) = batch::score_input(engine, input, &args.read_options(), args.max_filesize)
        .map_err(|e| anyhow::anyhow!("{}: {e}", input.source()))?;
    let color = args.output.is_none() && args.color.enabled();
    let text = match args.format {
        OutputFormat::Text => render::text(&report, &TextOptions { color }),
        OutputFormat::Json => render::json(&report),
        OutputFormat::Jsonl => render::jsonl(&report),
        OutputFormat::Csv => format!("{}{}", render::csv_header(), render::csv_rows(&report)),
        OutputFormat::Markdown => render::markdown(&report),
        OutputFormat::Html => render::html(&report),
    };
    let mut out = Output::open(args.output.as_deref())?;
    out.write_all(text.as_bytes())?;
    out.finish()?;
    Ok(if args.failing(&report) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A scored input, rendered on a worker thread.
struct Done {
    text: String,
    error: Option<(String, String)>,
    failing: bool,
    bytes: u64,
}

fn batch_run(
    engine: &Engine,
    args: &ScoreArgs,
    inputs: &[Input],
    walk_errors: &[batch::WalkError],
) -> Result<ExitCode> {
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .context("cannot start worker threads")?;
    if args.format == OutputFormat::Html {
        return html_batch(engine, args, inputs, walk_errors, &pool);
    }
    let color = args.output.is_none() && args.color.enabled();
    let table = Table::new(engine.pack(), args.format == OutputFormat::Markdown, color);
    let mut out = Output::open(args.output.as_deref())?;
    let mut failed: Vec<(String, String)> = Vec::new();
    let mut any_failing = false;
    let mut first = true;

    let header = match args.format {
        OutputFormat::Text | OutputFormat::Markdown | OutputFormat::Html => table.header(),
        OutputFormat::Json => "[".to_string(),
        OutputFormat::Csv => render::csv_header().to_string(),
        OutputFormat::Jsonl => String::new(),
    };
    out.write_all(header.as_bytes())?;
    let progress = super::progress::Progress::start(inputs);
    let stderr = io::stderr();

    let mut emit = |done: Done, out: &mut Output| -> io::Result<()> {
        progress.advance(done.bytes);
        if let Some((source, e)) = &done.error {
            let _ = progress.suspend(|| writeln!(stderr.lock(), "candor: error: {source}: {e}"));
            failed.push((source.clone(), e.clone()));
        }
        any_failing |= done.failing;
        if args.format == OutputFormat::Json && !done.text.is_empty() {
            out.write_all(if first { b"\n" } else { b",\n" })?;
            first = false;
        }
        out.write_all(done.text.as_bytes())
    };
    // Folders that could not be walked come first, as error records.
    for e in walk_errors {
        let done = render_error(args.format, &e.path, &e.message);
        emit(done, &mut out)?;
    }
    let read = args.read_options();
    let work = |input: &Input| -> Done {
        let source = input.source();
        match batch::score_input(engine, input, &read, args.max_filesize) {
            Ok((report, bytes)) => Done {
                text: render_report(args.format, &table, &report),
                error: None,
                failing: args.failing(&report),
                bytes,
            },
            Err(e) => render_error(args.format, &source, &e),
        }
    };
    for_each_ordered(&pool, inputs, work, |done| emit(done, &mut out))?;
    progress.finish();
    let footer = match args.format {
        OutputFormat::Text | OutputFormat::Markdown | OutputFormat::Html => table.footer(&failed),
        OutputFormat::Json if first => "]\n".to_string(),
        OutputFormat::Json => "\n]\n".to_string(),
        OutputFormat::Csv | OutputFormat::Jsonl => String::new(),
    };
    out.write_all(footer.as_bytes())?;
    out.finish()?;
    Ok(if !failed.is_empty() {
        ExitCode::from(2)
    } else if any_failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn render_report(format: OutputFormat, table: &Table, report: &Report) -> String {
    match format {
        OutputFormat::Text | OutputFormat::Markdown | OutputFormat::Html => table.row(report),
        OutputFormat::Json => {
            let mut s = render::json(report);
            s.pop();
            s
        }
        OutputFormat::Jsonl => render::jsonl(report),
        OutputFormat::Csv => render::csv_rows(report),
    }
}

fn render_error(format: OutputFormat, source: &str, error: &str) -> Done {
    let text = match format {
        // The table lists failures in its footer.
        OutputFormat::Text | OutputFormat::Markdown | OutputFormat::Html => String::new(),
        OutputFormat::Json => render::jsonl_error(source, error).trim_end().to_string(),
        OutputFormat::Jsonl => render::jsonl_error(source, error),
        OutputFormat::Csv => render::csv_error(source, error),
    };
    Done {
        text,
        error: Some((source.to_string(), error.to_string())),
        failing: false,
        bytes: 0,
    }
}

/// The HTML comparison page needs every report before it starts (its
/// heatmap comes first), so unlike the other formats it holds them all: it
/// is meant for the tens of interviews a person compares.
fn html_batch(
    engine: &Engine,
    args: &ScoreArgs,
    inputs: &[Input],
    walk_errors: &[batch::WalkError],
    pool: &rayon::ThreadPool,
) -> Result<ExitCode> {
    let mut failed: Vec<(String, String)> = walk_errors
        .iter()
        .map(|e| (e.path.clone(), e.message.clone()))
        .collect();
    for (source, e) in &failed {
        let _ = writeln!(io::stderr(), "candor: error: {source}: {e}");
    }
    let mut reports = Vec::new();
    let read = args.read_options();
    let work = |input: &Input| {
        batch::score_input(engine, input, &read, args.max_filesize)
            .map(|(r, _)| r)
            .map_err(|e| (input.source(), e))
    };
    for_each_ordered(pool, inputs, work, |result| {
        match result {
            Ok(report) => reports.push(report),
            Err((source, e)) => {
                let _ = writeln!(io::stderr(), "candor: error: {source}: {e}");
                failed.push((source, e));
            }
        }
        Ok(())
    })?;
    let mut out = Output::open(args.output.as_deref())?;
    out.write_all(render::html_comparison(&reports, &failed).as_bytes())?;
    out.finish()?;
    let failing = reports.iter().any(|r| args.failing(r));
    Ok(if !failed.is_empty() {
        ExitCode::from(2)
    } else if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A record of the streaming mode.
#[derive(serde::Deserialize)]
struct Record {
    id: serde_json::Value,
    text: String,
    format: Option<String>,
}

/// `--jsonl-input`: records in on stdin, reports out on stdout, one a line,
/// in order, each flushed, so candor runs under Spark's `RDD.pipe`, Hadoop
/// Streaming or Ray unchanged.
fn stream_jsonl(engine: &Engine, args: &ScoreArgs) -> Result<ExitCode> {
    if !matches!(args.format, OutputFormat::Jsonl | OutputFormat::Text) {
        bail!("--jsonl-input writes JSON lines; leave out --format or give --format jsonl");
    }
    let stdin = io::stdin();
    let mut out = io::stdout().lock();
    let mut bad = false;
    let mut failing = false;
    for (i, line) in stdin.lock().lines().enumerate() {
        let line = line.context("cannot read stdin")?;
        if line.trim().is_empty() {
            continue;
        }
        let fallback = format!("line {}", i + 1);
        let text = match serde_json::from_str::<Record>(&line) {
            Err(e) => {
                bad = true;
                let _ = writeln!(io::stderr(), "candor: error: {fallback}: bad record: {e}");
                render::jsonl_error(&fallback, &format!("bad record: {e}"))
            }
            Ok(record) => {
                let source = match &record.id {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                let mut read = args.read_options();
                if let Some(f) = &record.format {
                    match Format::from_name(f) {
                        Some(f) => read.format = Some(f).filter(|f| *f != Format::Auto),
                        None => {
                            bad = true;
                            let msg = format!("unknown format {f:?}");
                            let _ = writeln!(io::stderr(), "candor: error: {source}: {msg}");
                            out.write_all(render::jsonl_error(&source, &msg).as_bytes())
                                .and_then(|()| out.flush())
                                .context(format!("cannot write {STDOUT}"))?;
                            continue;
                        }
                    }
                }
                match engine.score_bytes(record.text.as_bytes(), &source, &read) {
                    Ok(report) => {
                        failing |= args.failing(&report);
                        render::jsonl(&report)
                    }
                    Err(e) => {
                        bad = true;
                        let _ = writeln!(io::stderr(), "candor: error: {source}: {e}");
                        render::jsonl_error(&source, &e.to_string())
                    }
                }
            }
        };
        out.write_all(text.as_bytes())
            .and_then(|()| out.flush())
            .context(format!("cannot write {STDOUT}"))?;
    }
    Ok(if bad {
        ExitCode::from(2)
    } else if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("10k"), Ok(10 << 10));
        assert_eq!(parse_size("123"), Ok(123));
        assert!(parse_size("ten").is_err());
        assert!(parse_size("5T").is_err());
    }
}
