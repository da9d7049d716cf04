//! `candor score`: read, score and render transcripts.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};

use candor::render::{self, TextOptions};
use candor::{Engine, Format, ReadOptions, Report, Verdict};

use super::{emit, write_file, ColorWhen, PackArgs};

/// The largest input read, in bytes.
const MAX_INPUT: u64 = 256 << 20;

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Transcript files; `-` or nothing reads stdin.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    /// Write output to FILE (written beside it, then renamed) instead of stdout.
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
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    Text,
    Json,
    Jsonl,
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

pub fn run(args: ScoreArgs) -> Result<ExitCode> {
    let engine = args.pack.engine()?;
    let read = ReadOptions {
        format: args.input_format,
        encoding: args.encoding.clone(),
        asker: args.asker.clone(),
    };
    let mut paths = args.paths.clone();
    if paths.is_empty() {
        if std::io::stdin().is_terminal() {
            bail!("no input: give a transcript file, or pipe one in (`candor score notes.txt`, `candor score - < notes.txt`)");
        }
        paths.push(PathBuf::from("-"));
    }
    // Read and score every input before writing anything: a bad input is an
    // error with nothing half-written.
    let mut reports = Vec::with_capacity(paths.len());
    for path in &paths {
        reports.push(score_path(&engine, path, &read)?);
    }
    let color = args.output.is_none() && args.color.enabled();
    let text = render_all(&reports, args.format, color);
    match &args.output {
        Some(path) => write_file(path, &text)?,
        None => emit(&text)?,
    }
    let failing = |v: Verdict| match args.fail_on {
        Some(FailOn::Red) => v == Verdict::Red,
        Some(FailOn::Amber) => matches!(v, Verdict::Red | Verdict::Amber),
        None => false,
    };
    let failed = reports
        .iter()
        .any(|r| r.questions.iter().any(|q| failing(q.verdict)));
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn score_path(engine: &Engine, path: &Path, read: &ReadOptions) -> Result<Report> {
    let (bytes, source) = if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(MAX_INPUT + 1)
            .read_to_end(&mut bytes)
            .context("cannot read stdin")?;
        (bytes, "-".to_string())
    } else {
        let source = path.display().to_string();
        let meta = std::fs::metadata(path).with_context(|| format!("{source}: cannot read"))?;
        if meta.is_dir() {
            bail!("{source}: is a directory, not a transcript file");
        }
        let bytes = std::fs::read(path).with_context(|| format!("{source}: cannot read"))?;
        (bytes, source)
    };
    if bytes.len() as u64 > MAX_INPUT {
        bail!("{source}: larger than {} MiB: not a transcript", MAX_INPUT >> 20);
    }
    engine
        .score_bytes(&bytes, &source, read)
        .with_context(|| source.clone())
}

fn render_all(reports: &[Report], format: OutputFormat, color: bool) -> String {
    match format {
        OutputFormat::Text => {
            let options = TextOptions { color };
            let parts: Vec<String> = reports.iter().map(|r| render::text(r, &options)).collect();
            parts.join("\n")
        }
        OutputFormat::Json if reports.len() == 1 => render::json(&reports[0]),
        OutputFormat::Json => {
            let mut s = serde_json::to_string_pretty(reports).expect("reports always serialise");
            s.push('\n');
            s
        }
        OutputFormat::Jsonl => reports.iter().map(render::jsonl).collect(),
    }
}
