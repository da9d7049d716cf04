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
use candor::render::{self, Table, TableOptions, TextOptions};
use candor::{decode, Engine, Format, ReadOptions, Report, Verdict};

use super::output::{Output, STDOUT};
use super::{print_error, print_warning, ui, PackArgs};

/// Score transcripts: a verdict per question and per checklist area, with
/// the words that caused it, and what to ask next.
///
/// One file (or stdin) gives one full report. Folders and several files are
/// a batch, scored in parallel: a comparison table (text, Markdown, HTML)
/// or one record per file (JSON, JSON lines, CSV), in path order. A file
/// that cannot be read is reported on stderr and in the output, and the
/// rest are scored. Exit code: 0, 1 when `--fail-on` is met, 2 on an error.
#[derive(Debug, Args)]
#[command(after_long_help = SCORE_EXAMPLES)]
pub struct ScoreArgs {
    /// Transcript files or folders; `-` or nothing reads stdin.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format. For many files, `text` and `markdown` are a comparison
    /// table and `html` a comparison page.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub(super) format: OutputFormat,
    /// Write output to FILE instead of stdout.
    ///
    /// A file is written beside it and renamed into place when complete,
    /// keeping its permissions; a symbolic link's target is replaced; a FIFO
    /// or device is written directly. FILE may not be one of the inputs, and
    /// is never read as one.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    pub(super) pack: PackArgs,
    /// The name of the speaker who asks (the candidate), overriding the guess.
    #[arg(long, value_name = "NAME")]
    pub(super) asker: Option<String>,
    /// The input format, overriding detection by extension and content.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub(super) input_format: Option<InputFormat>,
    /// A legacy encoding to decode input with, e.g. windows-1252 or gbk.
    #[arg(long, value_name = "ENCODING")]
    pub(super) encoding: Option<String>,
    /// Exit 1 when any question is red (`red`), or amber or red (`amber`).
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub(super) fail_on: Option<FailOn>,
    /// Threads scoring files. By default, one per core; at most four per core.
    #[arg(long, short = 'j', value_name = "N")]
    pub(super) jobs: Option<usize>,
    /// Take files in folders matching GLOB (repeatable; `!GLOB` excludes),
    /// instead of the transcript extensions (txt, md, markdown, vtt, srt, json).
    #[arg(long, short = 'g', value_name = "GLOB")]
    pub(super) glob: Vec<String>,
    /// Also take hidden files and paths that .gitignore/.ignore files exclude.
    #[arg(long)]
    pub(super) no_ignore: bool,
    /// Refuse files, and `--jsonl-input` records, larger than this (bytes,
    /// or with K, M, G).
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "64M")]
    pub(super) max_filesize: u64,
    /// Read records `{"id": ..., "text": ..., "format"?: ...}` from stdin,
    /// one a line, and write one JSON report a line in the same order.
    ///
    /// A bad record becomes an error line naming its line, and the stream
    /// goes on.
    #[arg(long, conflicts_with_all = ["paths", "output"])]
    pub(super) jsonl_input: bool,
}

const SCORE_EXAMPLES: &str = "\
Examples:
  candor score notes.txt                     one transcript, as text
  candor score call.vtt --format json        one report, as JSON
  pbpaste | candor score                     from stdin
  candor score interviews/ -o compare.html --format html
  candor score interviews/ --format csv > verdicts.csv
  candor score --fail-on red notes.txt -q    exit 1 if any question is red

Configuration: candor.toml (or .candor.toml) in the current folder or the
nearest one above it sets defaults for these options, with the same names:

  format = \"json\"
  rules = [\"my-pack\"]        # relative to the file
  asker = \"Me\"
  fail-on = \"red\"
  color = \"never\"
  jobs = 4

Options on the command line win. --config FILE reads another file;
--no-config reads none.";

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum OutputFormat {
    /// A report for people (a table for many files).
    Text,
    /// One JSON report (an array for many files).
    Json,
    /// One JSON report a line, without the pack's text (question texts,
    /// follow-ups, rule messages): `candor questions --format json` has it.
    Jsonl,
    /// A row per question, for spreadsheets.
    Csv,
    /// A Markdown report (a table for many files).
    Markdown,
    /// A standalone HTML page (a comparison page for many files).
    Html,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum FailOn {
    /// Any red question.
    Red,
    /// Any amber or red question.
    Amber,
}

/// Input formats `--input-format` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(super) enum InputFormat {
    /// Typed notes or a speaker-labelled transcript.
    #[value(alias = "txt", alias = "plain")]
    Text,
    /// Markdown notes.
    #[value(alias = "md")]
    Markdown,
    /// WebVTT captions (Zoom, Teams).
    #[value(alias = "webvtt")]
    Vtt,
    /// SubRip captions.
    Srt,
    /// Whisper JSON or a speaker-turn array.
    Json,
}

impl InputFormat {
    fn format(self) -> Format {
        match self {
            InputFormat::Text => Format::Text,
            InputFormat::Markdown => Format::Markdown,
            InputFormat::Vtt => Format::Vtt,
            InputFormat::Srt => Format::Srt,
            InputFormat::Json => Format::Json,
        }
    }
}

pub(super) fn parse_size(s: &str) -> Result<u64, String> {
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
            format: self.input_format.map(InputFormat::format),
            encoding: self.encoding.clone(),
            asker: self.asker.clone(),
        }
    }

    /// Columns to wrap text to: the terminal's, or 80 for a file.
    fn width(&self) -> usize {
        if self.output.is_some() {
            80
        } else {
            ui().width
        }
    }

    /// Where output goes: `--output`, else stdout, or nowhere with `--quiet`.
    fn open_output(&self) -> Result<Output> {
        if self.output.is_none() && ui().quiet {
            return Ok(Output::discard());
        }
        Output::open(self.output.as_deref())
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
        .map_err(|e| anyhow::anyhow!("{}: {e}", input.name()))?;
    let color = args.output.is_none() && ui().color;
    let mut out = args.open_output()?;
    // JSON is written as it is made: a report can be larger than its input.
    match args.format {
        OutputFormat::Json => render::write_json(&report, &mut out)?,
        OutputFormat::Jsonl => render::write_jsonl(&report, &mut out)?,
        format => {
            let text = match format {
                OutputFormat::Csv => {
                    format!("{}{}", render::csv_header(), render::csv_rows(&report))
                }
                OutputFormat::Markdown => render::markdown(&report),
                OutputFormat::Html => render::html(&report),
                _ => render::text(
                    &report,
                    &TextOptions {
                        color,
                        width: args.width(),
                    },
                ),
            };
            out.write_all(text.as_bytes())?;
        }
    }
    out.finish()?;
    Ok(if args.failing(&report) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Threads per core `--jobs` may have: more only slows a run down.
const JOBS_PER_CORE: usize = 4;

/// Threads for a batch of `inputs`: `--jobs`, by default one per core,
/// capped (with a warning) at [`JOBS_PER_CORE`] per core, and never more
/// than there are inputs.
fn threads(jobs: Option<usize>, inputs: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cap = cores.saturating_mul(JOBS_PER_CORE);
    let asked = jobs.unwrap_or(cores).max(1);
    let n = asked.min(cap).min(inputs.max(1));
    if asked > cap {
        print_warning(&format!(
            "--jobs {asked} is more than {JOBS_PER_CORE} threads per core: using {n}"
        ));
    }
    n
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
    let jobs = threads(args.jobs, inputs.len());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        // Its message is its source's: say it once.
        .map_err(|e| anyhow::anyhow!("cannot start {jobs} worker threads: {e}"))?;
    if args.format == OutputFormat::Html {
        return html_batch(engine, args, inputs, walk_errors, &pool);
    }
    let color = args.output.is_none() && ui().color;
    let sources: Vec<String> = inputs.iter().map(Input::source).collect();
    let names: Vec<&str> = sources.iter().map(String::as_str).collect();
    let table = Table::new(
        engine.pack(),
        TableOptions {
            markdown: args.format == OutputFormat::Markdown,
            color,
            width: args.width(),
            prefix: render::common_prefix(&names).to_string(),
        },
    );
    let mut out = args.open_output()?;
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
    let mut emit = |done: Done, out: &mut Output| -> io::Result<()> {
        progress.advance(done.bytes);
        if let Some((source, e)) = &done.error {
            progress.suspend(|| print_error(&format!("{source}: {e}")));
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
        let done = render_error(args.format, &e.path, &e.path, &e.message);
        emit(done, &mut out)?;
    }
    let read = args.read_options();
    let work = |input: &Input| -> Done {
        match batch::score_input(engine, input, &read, args.max_filesize) {
            Ok((report, bytes)) => Done {
                text: render_report(args.format, &table, &report),
                error: None,
                failing: args.failing(&report),
                bytes,
            },
            Err(e) => render_error(args.format, &input.source(), &input.name(), &e),
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

/// A failed input: a record under its report name `source` (`-` for
/// stdin), and an error message under its `name` (`<stdin>`).
fn render_error(format: OutputFormat, source: &str, name: &str, error: &str) -> Done {
    let text = match format {
        // The table lists failures in its footer.
        OutputFormat::Text | OutputFormat::Markdown | OutputFormat::Html => String::new(),
        OutputFormat::Json => render::jsonl_error(source, error).trim_end().to_string(),
        OutputFormat::Jsonl => render::jsonl_error(source, error),
        OutputFormat::Csv => render::csv_error(source, error),
    };
    Done {
        text,
        error: Some((name.to_string(), error.to_string())),
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
        print_error(&format!("{source}: {e}"));
    }
    let mut reports = Vec::new();
    let read = args.read_options();
    let work = |input: &Input| {
        batch::score_input(engine, input, &read, args.max_filesize)
            .map(|(r, _)| r)
            .map_err(|e| (input.name(), e))
    };
    for_each_ordered(pool, inputs, work, |result| {
        match result {
            Ok(report) => reports.push(report),
            Err((source, e)) => {
                print_error(&format!("{source}: {e}"));
                failed.push((source, e));
            }
        }
        Ok(())
    })?;
    let mut out = args.open_output()?;
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

/// `--jsonl-input`: records in on stdin, reports out on stdout, one a line,
/// in order, each flushed, so candor runs under Spark's `RDD.pipe`, Hadoop
/// Streaming or Ray unchanged. Lines are read as bytes: a record that is not
/// UTF-8 (or the `--encoding` named), not JSON, not a record, larger than
/// `--max-filesize` or not a transcript becomes an error line of its own,
/// and the stream goes on.
fn stream_jsonl(engine: &Engine, args: &ScoreArgs) -> Result<ExitCode> {
    if !matches!(args.format, OutputFormat::Jsonl | OutputFormat::Text) {
        bail!("--jsonl-input writes JSON lines; leave out --format or give --format jsonl");
    }
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let mut out = io::stdout().lock();
    let mut bad = false;
    let mut failing = false;
    let mut line_no: u64 = 0;
    // One buffer for every line: a report is serialised into it and
    // written with one call.
    let mut text = Vec::new();
    loop {
        let line = next_line(&mut input, args.max_filesize)
            .with_context(|| format!("<stdin>: line {}: cannot read", line_no + 1))?;
        let Some(line) = line else { break };
        line_no += 1;
        text.clear();
        match score_record(engine, args, line) {
            Ok(None) => continue,
            Ok(Some(report)) => {
                failing |= args.failing(&report);
                render::write_jsonl(&report, &mut text).expect("writing to a Vec never fails");
            }
            Err(RecordError { id, message }) => {
                bad = true;
                let place = match &id {
                    Some(id) => format!("{} (line {line_no})", id.escape_debug()),
                    None => format!("line {line_no}"),
                };
                print_error(&format!("{place}: {message}"));
                let source = id.unwrap_or_else(|| format!("line {line_no}"));
                text.extend_from_slice(
                    render::jsonl_error_at(&source, line_no, &message).as_bytes(),
                );
            }
        }
        if !ui().quiet {
            out.write_all(&text)
                .and_then(|()| out.flush())
                .context(format!("cannot write {STDOUT}"))?;
        }
    }
    Ok(if bad {
        ExitCode::from(2)
    } else if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A line of a stream, without its line end.
enum StreamLine {
    Bytes(Vec<u8>),
    /// Longer than the limit: its length. Its bytes were skipped, not held.
    TooLong(u64),
}

/// Reads the next line of `input`, holding at most `max` bytes of it;
/// `None` at the end of the stream. A CR before the LF is not part of it.
fn next_line(input: &mut impl BufRead, max: u64) -> io::Result<Option<StreamLine>> {
    let mut buf = Vec::new();
    let mut len: u64 = 0;
    let mut last = None;
    let mut any = false;
    loop {
        let chunk = match input.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            break;
        }
        any = true;
        let newline = memchr::memchr(b'\n', chunk);
        let part = &chunk[..newline.unwrap_or(chunk.len())];
        len += part.len() as u64;
        last = part.last().copied().or(last);
        // One byte over the limit is kept, for a CR before the LF.
        let room = (max.saturating_add(1)).saturating_sub(buf.len() as u64);
        let take = (part.len() as u64).min(room) as usize;
        buf.extend_from_slice(&part[..take]);
        let used = newline.map_or(chunk.len(), |i| i + 1);
        input.consume(used);
        if newline.is_some() {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if last == Some(b'\r') {
        len -= 1;
        if buf.len() as u64 > len {
            buf.pop();
        }
    }
    Ok(Some(if len > max {
        StreamLine::TooLong(len)
    } else {
        StreamLine::Bytes(buf)
    }))
}

/// A record that could not be scored: its id, if it could be read, and why.
struct RecordError {
    id: Option<String>,
    message: String,
}

impl RecordError {
    fn new(id: Option<&String>, message: impl Into<String>) -> RecordError {
        RecordError {
            id: id.cloned(),
            message: message.into(),
        }
    }
}

/// Decodes, parses and scores one record `{"id", "text", "format"?}`;
/// `None` for a blank line.
fn score_record(
    engine: &Engine,
    args: &ScoreArgs,
    line: StreamLine,
) -> Result<Option<Report>, RecordError> {
    let bytes = match line {
        StreamLine::Bytes(b) => b,
        StreamLine::TooLong(n) => {
            return Err(RecordError::new(
                None,
                format!(
                    "{n} bytes, larger than the limit of {} (--max-filesize)",
                    args.max_filesize
                ),
            ))
        }
    };
    let line = match decode::decode_line(&bytes, args.encoding.as_deref()) {
        Ok(line) => line,
        Err(e) => {
            // The id may still be readable, to say which record it was.
            let id = match e {
                decode::DecodeError::Binary { .. } => None,
                _ => serde_json::from_str(&String::from_utf8_lossy(&bytes))
                    .ok()
                    .and_then(|v| record_id(&v)),
            };
            return Err(RecordError::new(id.as_ref(), format!("bad record: {e}")));
        }
    };
    if line.trim().is_empty() {
        return Ok(None);
    }
    let value: serde_json::Value = serde_json::from_str(&line)
        .map_err(|e| RecordError::new(None, format!("bad record: {}", json_error(&e))))?;
    let id = record_id(&value);
    let fail = |message: &str| RecordError::new(id.as_ref(), message);
    let Some(record) = value.as_object() else {
        return Err(fail("bad record: not a JSON object"));
    };
    let Some(source) = &id else {
        return Err(fail("bad record: no \"id\""));
    };
    let text = match record.get("text") {
        Some(serde_json::Value::String(t)) => t,
        Some(_) => return Err(fail("bad record: \"text\" is not a string")),
        None => return Err(fail("bad record: no \"text\"")),
    };
    let mut read = args.read_options();
    // The record was decoded with the encoding named; its text is UTF-8 now.
    read.encoding = None;
    match record.get("format") {
        None | Some(serde_json::Value::Null) => {}
        Some(serde_json::Value::String(f)) => match Format::from_name(f) {
            Some(f) => read.format = Some(f).filter(|f| *f != Format::Auto),
            None => return Err(fail(&format!("unknown format {f:?}"))),
        },
        Some(_) => return Err(fail("bad record: \"format\" is not a string")),
    }
    engine
        .score_bytes(text.as_bytes(), source, &read)
        .map(Some)
        .map_err(|e| fail(&e.to_string()))
}

/// A record's id as a source name: a string as it is, anything else as JSON.
fn record_id(record: &serde_json::Value) -> Option<String> {
    record.get("id").map(|v| match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}

/// A JSON error for a one-line record: its column, without serde's "line 1".
fn json_error(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    match full.strip_suffix(&suffix) {
        Some(message) => format!("invalid JSON at column {}: {message}", e.column()),
        None => format!("invalid JSON: {full}"),
    }
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

    fn lines(input: &[u8], max: u64) -> Vec<Result<Vec<u8>, u64>> {
        let mut r = io::BufReader::with_capacity(4, input);
        let mut out = Vec::new();
        while let Some(l) = next_line(&mut r, max).unwrap() {
            out.push(match l {
                StreamLine::Bytes(b) => Ok(b),
                StreamLine::TooLong(n) => Err(n),
            });
        }
        out
    }

    #[test]
    fn stream_lines_are_bytes_and_long_ones_are_measured_not_held() {
        assert_eq!(
            lines(b"ab\r\n\xff\n\nabcdefgh\nend", 4),
            vec![
                Ok(b"ab".to_vec()),
                Ok(b"\xff".to_vec()),
                Ok(Vec::new()),
                Err(8),
                Ok(b"end".to_vec())
            ]
        );
        // A CR before the LF does not count; exactly the limit is allowed.
        assert_eq!(
            lines(b"abcd\r\nabcde\r\n", 4),
            vec![Ok(b"abcd".to_vec()), Err(5)]
        );
        assert!(lines(b"", 4).is_empty());
    }
}
