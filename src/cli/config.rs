//! `candor.toml`: options a user would otherwise type on every run.
//!
//! The file is `candor.toml` or `.candor.toml` in the current folder or the
//! nearest folder above it that has one (`candor.toml` first), as ruff and
//! typos find theirs; `--config FILE` names one, `--no-config` reads none.
//! Its keys are `score`'s long options, spelled the same; an option given on
//! the command line wins over the file. Paths in the file are relative to
//! the folder it is in. An unknown key, or a value of the wrong type, is an
//! error naming the file, line and column.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context, Result};
use clap::parser::ValueSource;
use clap::{ArgMatches, ValueEnum};
use serde::Deserialize;
use toml::Spanned;

use candor::pack::{line_col, toml_message};

use super::score::ScoreArgs;
use super::{ColorWhen, GlobalArgs, PackArgs};

/// The names looked for in each folder, in order.
pub const NAMES: [&str; 2] = ["candor.toml", ".candor.toml"];

/// A configuration file, read.
#[derive(Debug)]
pub struct Config {
    path: PathBuf,
    text: String,
    options: Options,
}

/// The keys of the file. Values that can be wrong keep their place in it.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    format: Option<Spanned<String>>,
    rules: Option<Vec<PathBuf>>,
    asker: Option<String>,
    input_format: Option<Spanned<String>>,
    encoding: Option<String>,
    fail_on: Option<Spanned<String>>,
    color: Option<Spanned<String>>,
    quiet: Option<bool>,
    jobs: Option<Spanned<i64>>,
    glob: Option<Vec<String>>,
    no_ignore: Option<bool>,
    max_filesize: Option<Spanned<Size>>,
}

/// `max-filesize` as a number of bytes or a string such as `"64M"`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Size {
    Bytes(u64),
    Text(String),
}

impl Config {
    /// The configuration of the current folder: the nearest `candor.toml` or
    /// `.candor.toml` at or above it, if any.
    pub fn find() -> Result<Option<Config>> {
        let Ok(cwd) = std::env::current_dir() else {
            return Ok(None);
        };
        for dir in cwd.ancestors() {
            for name in NAMES {
                let path = dir.join(name);
                if path.is_file() {
                    return Config::read(&path).map(Some);
                }
            }
        }
        Ok(None)
    }

    /// Reads and checks the file at `path`.
    pub fn read(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read config", path.display()))?;
        let options: Options = toml::from_str(&text).map_err(|e| {
            let place = match e.span() {
                Some(span) => {
                    let (line, column) = line_col(&text, span.start);
                    format!("{}:{line}:{column}", path.display())
                }
                None => path.display().to_string(),
            };
            anyhow!("{place}: {}", toml_message(&e))
        })?;
        Ok(Config {
            path: path.to_path_buf(),
            text,
            options,
        })
    }

    /// An error at a value of the file.
    fn error<T>(&self, value: &Spanned<T>, message: String) -> anyhow::Error {
        let (line, column) = line_col(&self.text, value.span().start);
        anyhow!("{}:{line}:{column}: {message}", self.path.display())
    }

    /// A choice of a `ValueEnum`, or an error that lists the possible ones.
    fn choice<E: ValueEnum>(&self, key: &str, value: &Spanned<String>) -> Result<E> {
        E::from_str(value.get_ref(), false).map_err(|_| {
            let known: Vec<String> = E::value_variants()
                .iter()
                .filter_map(|v| v.to_possible_value())
                .map(|v| v.get_name().to_string())
                .collect();
            self.error(
                value,
                format!(
                    "{key}: unknown value {:?} (possible: {})",
                    value.get_ref(),
                    known.join(", ")
                ),
            )
        })
    }

    /// A path of the file, relative to its folder.
    fn path(&self, p: &Path) -> PathBuf {
        match self.path.parent() {
            Some(dir) if p.is_relative() => dir.join(p),
            _ => p.to_path_buf(),
        }
    }

    /// `color` and `quiet`, unless given on the command line.
    pub fn apply_global(&self, global: &mut GlobalArgs, matches: &ArgMatches) -> Result<()> {
        let o = &self.options;
        if let Some(v) = &o.color {
            if !given(matches, "color") {
                global.color = self.choice::<ColorWhen>("color", v)?;
            }
        }
        if let Some(v) = o.quiet {
            if !given(matches, "quiet") {
                global.quiet = v;
            }
        }
        Ok(())
    }

    /// `rules`, unless `--rules` was given.
    pub fn apply_rules(&self, pack: &mut PackArgs, matches: &ArgMatches) {
        if let Some(rules) = &self.options.rules {
            if !given(matches, "rules") {
                pack.rules = rules.iter().map(|p| self.path(p)).collect();
            }
        }
    }

    /// Every option of `score` the command line left out.
    pub fn apply_score(&self, args: &mut ScoreArgs, matches: &ArgMatches) -> Result<()> {
        let o = &self.options;
        self.apply_rules(&mut args.pack, matches);
        let unset = |id: &str| !given(matches, id);
        if let Some(v) = &o.format {
            // A stream's output is always JSON lines, whatever the file says.
            if unset("format") && !args.jsonl_input {
                args.format = self.choice("format", v)?;
            }
        }
        if let Some(v) = &o.input_format {
            if unset("input_format") {
                args.input_format = Some(self.choice("input-format", v)?);
            }
        }
        if let Some(v) = &o.fail_on {
            if unset("fail_on") {
                args.fail_on = Some(self.choice("fail-on", v)?);
            }
        }
        if let Some(v) = &o.asker {
            if unset("asker") {
                args.asker = Some(v.clone());
            }
        }
        if let Some(v) = &o.encoding {
            if unset("encoding") {
                args.encoding = Some(v.clone());
            }
        }
        if let Some(v) = &o.jobs {
            if unset("jobs") {
                let n = usize::try_from(*v.get_ref())
                    .ok()
                    .filter(|&n| n > 0)
                    .ok_or_else(|| self.error(v, "jobs: must be 1 or more".to_string()))?;
                args.jobs = Some(n);
            }
        }
        if let Some(v) = &o.glob {
            if unset("glob") {
                args.glob = v.clone();
            }
        }
        if let Some(v) = o.no_ignore {
            if unset("no_ignore") {
                args.no_ignore = v;
            }
        }
        if let Some(v) = &o.max_filesize {
            if unset("max_filesize") {
                args.max_filesize = match v.get_ref() {
                    Size::Bytes(n) => *n,
                    Size::Text(s) => super::score::parse_size(s)
                        .map_err(|e| self.error(v, format!("max-filesize: {e}")))?,
                };
            }
        }
        Ok(())
    }
}

/// Whether the option `id` was given on the command line.
fn given(matches: &ArgMatches, id: &str) -> bool {
    matches.value_source(id) == Some(ValueSource::CommandLine)
}
