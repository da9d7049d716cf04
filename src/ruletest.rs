//! The rule-test runner shared by `cargo test` and `candor rules test`.
//!
//! Two kinds of case: every rule's `examples` (each must hit the rule with its
//! own signal, affirmed — not negated, past, hypothetical or reported — when
//! scanned as an answer to the rule's question) and `counter_examples` (none
//! may hit it affirmed: their negated, past or reported forms are what they
//! are for), and every corpus transcript's expectation
//! file (`NAME.expect.toml` beside `NAME.txt`, `NAME.vtt`, ...). Outcomes are
//! named as `sg test` names them: passed, missing (an expected hit or verdict
//! did not happen), noisy (an unwanted hit happened), error (the case could
//! not run). Every case runs; failures are collected, not stopped at.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::report::{Report, Verdict};
use crate::scan::Engine;
use crate::segment::{Interview, Role, Segment};
use crate::transcript::{count_words, Transcript, Turn};
use crate::ReadOptions;

/// How a case ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Passed,
    Missing,
    Noisy,
    Error,
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Outcome::Passed => "passed",
            Outcome::Missing => "missing",
            Outcome::Noisy => "noisy",
            Outcome::Error => "error",
        })
    }
}

/// One case's result.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct CaseResult {
    /// `rule tech-debt/denies-debt example 1`, `corpus/acme.txt tech-debt`.
    pub name: String,
    pub outcome: Outcome,
    /// What went wrong, for failures.
    pub detail: String,
    /// The file to point at: the example's pack file, the expectation file,
    /// or the transcript when no line of an expectation file is to blame.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<PathBuf>,
    /// 1-based line in `file`; 0 when there is no line to point at.
    #[serde(skip_serializing_if = "is_zero")]
    pub line: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Results of a run.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Summary {
    pub results: Vec<CaseResult>,
    /// Files that could not be read, decoded or parsed (an expectation
    /// file, a transcript, the corpus folder), one line each naming the
    /// file: their cases could not run, which is not a failure of the pack.
    pub unreadable: Vec<String>,
}

impl Summary {
    /// Adds another run's results.
    pub fn extend(&mut self, other: Summary) {
        self.results.extend(other.results);
        self.unreadable.extend(other.unreadable);
    }

    pub fn passed(&self) -> usize {
        self.results
            .iter()
            .filter(|r| r.outcome == Outcome::Passed)
            .count()
    }

    pub fn failed(&self) -> usize {
        self.results.len() - self.passed()
    }

    pub fn failures(&self) -> impl Iterator<Item = &CaseResult> {
        self.results.iter().filter(|r| r.outcome != Outcome::Passed)
    }
}

/// Scores `text` as an answer to question `question` (or to no question).
pub fn score_answer(engine: &Engine, text: &str, question: Option<usize>) -> Report {
    let transcript = Transcript {
        format: None,
        turns: vec![Turn::new(None, text.to_string(), 1, None)],
        warnings: Vec::new(),
    };
    let interview = Interview {
        segments: vec![Segment {
            role: Role::Answer,
            question,
            also: Vec::new(),
            aside: false,
            contradicted: false,
            taken_back: false,
            handed_off: false,
            inferred: false,
            open: false,
            words: count_words(text),
        }],
        asked: vec![false; engine.pack().questions.len()],
        ..Interview::default()
    };
    crate::score::score(engine, &transcript, &interview, "example")
}

/// Runs every rule's examples and counter-examples whose full id contains `filter`.
pub fn run_examples(engine: &Engine, filter: Option<&str>) -> Summary {
    let mut summary = Summary::default();
    let pack = engine.pack();
    for rule in &pack.rules {
        if filter.is_some_and(|f| !rule.id.contains(f)) {
            continue;
        }
        // General rules are tried as an answer to the first question.
        let context = rule.question.or(if pack.questions.is_empty() {
            None
        } else {
            Some(0)
        });
        let cases = rule
            .examples
            .iter()
            .zip(&rule.example_locations)
            .map(|(e, at)| (e, at, true))
            .chain(
                rule.counter_examples
                    .iter()
                    .zip(&rule.counter_example_locations)
                    .map(|(e, at)| (e, at, false)),
            );
        let (mut n_ex, mut n_counter) = (0, 0);
        for (text, at, should_hit) in cases {
            let report = score_answer(engine, text, context);
            let hits: Vec<_> = report
                .questions
                .iter()
                .flat_map(|q| &q.hits)
                .filter(|h| h.rule == rule.id)
                .collect();
            let hit = hits
                .iter()
                .any(|h| h.signal == rule.signal && crate::score::affirmed(h));
            let name = if should_hit {
                n_ex += 1;
                format!("rule {} example {n_ex}", rule.id)
            } else {
                n_counter += 1;
                format!("rule {} counter-example {n_counter}", rule.id)
            };
            let outcome = match (should_hit, hit) {
                (true, true) | (false, false) => Outcome::Passed,
                (true, false) => Outcome::Missing,
                (false, true) => Outcome::Noisy,
            };
            let detail = if outcome == Outcome::Passed {
                String::new()
            } else {
                let seen: Vec<String> = hits
                    .iter()
                    .map(|h| {
                        let mods = if h.modifiers.is_empty() {
                            String::new()
                        } else {
                            format!(" [{}]", h.modifier_names())
                        };
                        format!("{:?} as {}{mods}", h.matched, h.signal.name())
                    })
                    .collect();
                format!(
                    "{}: {:?}{}",
                    if should_hit { "did not hit" } else { "hit" },
                    text,
                    if seen.is_empty() {
                        String::new()
                    } else {
                        format!(" (seen: {})", seen.join("; "))
                    }
                )
            };
            summary.results.push(CaseResult {
                name,
                outcome,
                detail,
                file: Some(at.file.clone()),
                line: at.line,
            });
        }
    }
    summary
}

/// A corpus expectation file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// The asker, where the transcript needs it named.
    pub asker: Option<String>,
    #[serde(default)]
    pub verdicts: BTreeMap<String, String>,
    #[serde(default)]
    pub hit: Vec<RuleRef>,
    #[serde(default)]
    pub no_hit: Vec<RuleRef>,
    /// The file it was read from, for pointing at its lines.
    #[serde(skip)]
    pub path: Option<PathBuf>,
    /// Where each expectation is written.
    #[serde(skip)]
    pub lines: ExpectationLines,
}

/// The 1-based lines of an expectation file's entries, for pointing a
/// failure at the line that expected it.
#[derive(Debug, Default)]
pub struct ExpectationLines {
    pub verdicts: BTreeMap<String, usize>,
    /// Parallel to [`Expectation::hit`] and [`Expectation::no_hit`].
    pub hit: Vec<usize>,
    pub no_hit: Vec<usize>,
}

impl ExpectationLines {
    /// The lines of the entries of `text`, an expectation file that parsed.
    fn of(text: &str) -> ExpectationLines {
        #[derive(Deserialize)]
        struct Located {
            #[serde(default)]
            verdicts: BTreeMap<String, toml::Spanned<toml::Value>>,
            #[serde(default)]
            hit: Vec<LocatedRef>,
            #[serde(default)]
            no_hit: Vec<LocatedRef>,
        }
        #[derive(Deserialize)]
        struct LocatedRef {
            rule: toml::Spanned<toml::Value>,
        }
        let Ok(located) = toml::from_str::<Located>(text) else {
            return ExpectationLines::default();
        };
        let line = |start: usize| crate::pack::line_col(text, start).0;
        ExpectationLines {
            verdicts: located
                .verdicts
                .iter()
                .map(|(k, v)| (k.clone(), line(v.span().start)))
                .collect(),
            hit: located
                .hit
                .iter()
                .map(|r| line(r.rule.span().start))
                .collect(),
            no_hit: located
                .no_hit
                .iter()
                .map(|r| line(r.rule.span().start))
                .collect(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleRef {
    pub rule: String,
}

/// The transcripts with expectations in `dir` (recursively), sorted:
/// (transcript, expectation file). The transcript of `NAME.expect.toml` is
/// `NAME.EXT` beside it: a transcript extension first (`txt`, `md`, `vtt`,
/// `srt`, `json`, ...), else the first other name in byte order; never an
/// editor's backup (`NAME.txt~`, `NAME.bak`) or a name with two extensions
/// (`NAME.txt.orig`, or `NAME.2.txt`, the record `NAME.2`'s).
pub fn corpus_files(dir: &Path) -> std::io::Result<Vec<(PathBuf, PathBuf)>> {
    let mut expects = Vec::new();
    collect_expects(dir, &mut expects)?;
    expects.sort();
    // Each folder is listed once, in a fixed order.
    let mut listings: std::collections::HashMap<PathBuf, Vec<String>> =
        std::collections::HashMap::new();
    let mut out = Vec::new();
    for expect in expects {
        let stem = expect
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".expect.toml"))
            .unwrap_or_default()
            .to_string();
        let parent = expect.parent().unwrap_or(Path::new(".")).to_path_buf();
        if !listings.contains_key(&parent) {
            let mut names = Vec::new();
            for entry in fs::read_dir(&parent)? {
                if let Some(name) = entry?.file_name().to_str() {
                    names.push(name.to_string());
                }
            }
            names.sort();
            listings.insert(parent.clone(), names);
        }
        let found = transcript_of(&stem, &listings[&parent]);
        out.push((parent.join(found.unwrap_or(&stem)), expect));
    }
    Ok(out)
}

/// The name among `names` (sorted) that holds the transcript of `stem`.
fn transcript_of<'a>(stem: &str, names: &'a [String]) -> Option<&'a str> {
    let candidates: Vec<(&str, &str)> = names
        .iter()
        .filter_map(|name| {
            let ext = name.strip_prefix(stem)?.strip_prefix('.')?;
            // One extension: `acme.2.txt` is the record `acme.2`'s.
            let backup = ext.ends_with('~') || ["bak", "orig", "swp", "tmp"].contains(&ext);
            (!ext.contains('.') && !backup).then_some((name.as_str(), ext))
        })
        .collect();
    // The extensions a folder walk scores, in the order they win.
    crate::batch::EXTENSIONS
        .iter()
        .find_map(|known| {
            candidates
                .iter()
                .find(|(_, ext)| ext.eq_ignore_ascii_case(known))
        })
        .or_else(|| candidates.first())
        .map(|(name, _)| *name)
}

fn collect_expects(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_expects(&path, out)?;
        } else if path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.ends_with(".expect.toml"))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// Checks every corpus transcript in `dir` whose path contains `filter`.
/// A file that cannot be read, decoded or parsed is an `error` case of its
/// transcript and a line in [`Summary::unreadable`]; the rest still run.
pub fn run_corpus(engine: &Engine, dir: &Path, filter: Option<&str>) -> Summary {
    let mut summary = Summary::default();
    let files = match corpus_files(dir) {
        Ok(f) => f,
        Err(e) => {
            let detail = format!("{}: cannot read corpus folder: {e}", dir.display());
            summary.unreadable.push(detail.clone());
            summary.results.push(CaseResult {
                name: dir.display().to_string(),
                outcome: Outcome::Error,
                detail,
                file: None,
                line: 0,
            });
            return summary;
        }
    };
    for (transcript, expect_path) in files {
        let name = transcript.display().to_string();
        if filter.is_some_and(|f| !name.contains(f)) {
            continue;
        }
        // `file` is the file at fault, for pointing at it.
        let mut unreadable = |detail: String, file: &Path| {
            summary.unreadable.push(detail.clone());
            summary.results.push(CaseResult {
                name: name.clone(),
                outcome: Outcome::Error,
                detail,
                file: Some(file.to_path_buf()),
                line: 0,
            });
        };
        let expect = match read_expectation(&expect_path) {
            Ok(e) => e,
            Err(e) => {
                unreadable(e, &expect_path);
                continue;
            }
        };
        if !transcript.is_file() {
            unreadable(
                format!(
                    "{}: no transcript beside it (looked for {}.*)",
                    expect_path.display(),
                    transcript.display()
                ),
                &expect_path,
            );
            continue;
        }
        let bytes = match fs::read(&transcript) {
            Ok(b) => b,
            Err(e) => {
                unreadable(format!("{name}: cannot read: {e}"), &transcript);
                continue;
            }
        };
        let options = ReadOptions {
            asker: expect.asker.clone(),
            ..ReadOptions::default()
        };
        let report = match engine.score_bytes(&bytes, &name, &options) {
            Ok(r) => r,
            Err(e) => {
                unreadable(format!("{name}: {e}"), &transcript);
                continue;
            }
        };
        summary
            .results
            .extend(check(&report, &expect, &name, engine.pack()));
    }
    summary
}

/// Reads and checks an expectation file; the error is one line naming it
/// (with the line and column of a TOML error).
pub fn read_expectation(path: &Path) -> Result<Expectation, String> {
    let text = fs::read(path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))
        .and_then(|b| {
            String::from_utf8(b).map_err(|e| {
                format!(
                    "{}: invalid UTF-8 at byte offset {}",
                    path.display(),
                    e.utf8_error().valid_up_to()
                )
            })
        })?;
    let mut expect: Expectation = toml::from_str(&text).map_err(|e| {
        let message = crate::pack::toml_message(&e);
        match e.span() {
            Some(span) => {
                let (line, column) = crate::pack::line_col(&text, span.start);
                format!("{}:{line}:{column}: {message}", path.display())
            }
            None => format!("{}: {message}", path.display()),
        }
    })?;
    for (question, verdict) in &expect.verdicts {
        if Verdict::from_name(verdict).is_none() {
            return Err(format!(
                "{}: {question}: unknown verdict {verdict:?} (known: green, amber, red, unanswered)",
                path.display()
            ));
        }
    }
    expect.lines = ExpectationLines::of(&text);
    expect.path = Some(path.to_path_buf());
    Ok(expect)
}

/// Compares a report with an expectation.
/// `[[hit]]` rules must hit affirmed with their own signal; `[[no_hit]]`
/// rules must not (as with rule examples: a flipped, past, hypothetical or
/// reported hit is not the rule's own affirmed kind).
pub fn check(
    report: &Report,
    expect: &Expectation,
    name: &str,
    pack: &crate::pack::Pack,
) -> Vec<CaseResult> {
    let known = |rule: &str| pack.rule(rule).is_some();
    // The expectation's line when it is known, else the transcript.
    let at = |line: Option<usize>| match (&expect.path, line) {
        (Some(path), Some(line)) if line > 0 => (Some(path.clone()), line),
        _ => (Some(PathBuf::from(name)), 0),
    };
    let mut out = Vec::new();
    for (id, want) in &expect.verdicts {
        let (file, line) = at(expect.lines.verdicts.get(id).copied());
        let case = format!("{name} {id}");
        let Some(want) = Verdict::from_name(want) else {
            out.push(CaseResult {
                name: case,
                outcome: Outcome::Error,
                detail: format!("unknown verdict {want:?}"),
                file: file.clone(),
                line,
            });
            continue;
        };
        let Some(q) = report.questions.iter().find(|q| &q.id == id) else {
            out.push(CaseResult {
                name: case,
                outcome: Outcome::Error,
                detail: format!("the pack has no question {id:?}"),
                file: file.clone(),
                line,
            });
            continue;
        };
        let (outcome, detail) = if q.verdict == want {
            (Outcome::Passed, String::new())
        } else {
            let hits: Vec<String> = q
                .hits
                .iter()
                .map(|h| {
                    let mut s = format!(
                        "{} {:+.2} {:?} line {}",
                        h.rule, h.weight, h.matched, h.line
                    );
                    if !h.modifiers.is_empty() {
                        s.push_str(&format!(" [{}]", h.modifier_names()));
                    }
                    s
                })
                .collect();
            let outcome = if rank(q.verdict) > rank(want) || want == Verdict::Unanswered {
                Outcome::Noisy
            } else {
                Outcome::Missing
            };
            (
                outcome,
                format!(
                    "expected {}, got {} ({}); hits: {}",
                    want.name(),
                    q.verdict.name(),
                    q.reason,
                    if hits.is_empty() {
                        "none".to_string()
                    } else {
                        hits.join("; ")
                    }
                ),
            )
        };
        out.push(CaseResult {
            name: case,
            outcome,
            detail,
            file,
            line,
        });
    }
    let counted = |rule: &str| {
        let signal = pack.rule(rule).map(|r| r.signal);
        report
            .questions
            .iter()
            .flat_map(|q| &q.hits)
            .any(|h| h.rule == rule && Some(h.signal) == signal && crate::score::affirmed(h))
    };
    let hit_at = |i: usize| at(expect.lines.hit.get(i).copied());
    let no_hit_at = |i: usize| at(expect.lines.no_hit.get(i).copied());
    let refs = (expect.hit.iter().enumerate().map(|(i, r)| (r, hit_at(i)))).chain(
        expect
            .no_hit
            .iter()
            .enumerate()
            .map(|(i, r)| (r, no_hit_at(i))),
    );
    for (r, (file, line)) in refs {
        if !known(&r.rule) {
            out.push(CaseResult {
                name: format!("{name} rule {}", r.rule),
                outcome: Outcome::Error,
                detail: format!("the pack has no rule {:?}", r.rule),
                file,
                line,
            });
        }
    }
    for (i, r) in expect
        .hit
        .iter()
        .enumerate()
        .filter(|(_, r)| known(&r.rule))
    {
        let ok = counted(&r.rule);
        let (file, line) = hit_at(i);
        out.push(CaseResult {
            name: format!("{name} hit {}", r.rule),
            outcome: if ok {
                Outcome::Passed
            } else {
                Outcome::Missing
            },
            detail: if ok {
                String::new()
            } else {
                format!("{} did not hit", r.rule)
            },
            file,
            line,
        });
    }
    for (i, r) in expect
        .no_hit
        .iter()
        .enumerate()
        .filter(|(_, r)| known(&r.rule))
    {
        let hit = counted(&r.rule);
        let (file, line) = no_hit_at(i);
        out.push(CaseResult {
            name: format!("{name} no_hit {}", r.rule),
            outcome: if hit { Outcome::Noisy } else { Outcome::Passed },
            detail: if hit {
                format!("{} hit", r.rule)
            } else {
                String::new()
            },
            file,
            line,
        });
    }
    out
}

/// How far from green a verdict is, for naming a mismatch.
fn rank(v: Verdict) -> u8 {
    match v {
        Verdict::Green => 0,
        Verdict::Amber => 1,
        Verdict::Red => 2,
        Verdict::Unanswered => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = list.iter().map(|s| s.to_string()).collect();
        v.sort();
        v
    }

    #[test]
    fn a_transcript_is_found_beside_its_expectation_whatever_else_is_there() {
        // An editor's backup sorts before the file and never wins.
        let dir = names(&["acme.expect.toml", "acme.txt", "acme.txt~", "acme.txt.bak"]);
        assert_eq!(transcript_of("acme", &dir), Some("acme.txt"));
        let dir = names(&["acme.expect.toml", "acme.txt~", "acme.bak"]);
        assert_eq!(transcript_of("acme", &dir), None);
        // A transcript extension wins over any other, in a fixed order.
        let dir = names(&["acme.expect.toml", "acme.notes", "acme.vtt", "acme.json"]);
        assert_eq!(transcript_of("acme", &dir), Some("acme.vtt"));
        // Else the first other name in byte order.
        let dir = names(&["acme.expect.toml", "acme.zoom", "acme.otter"]);
        assert_eq!(transcript_of("acme", &dir), Some("acme.otter"));
        // A longer name that starts the same is another record.
        let dir = names(&["acme.expect.toml", "acme-2.txt", "acme.2.txt"]);
        assert_eq!(transcript_of("acme", &dir), None);
        let dir = names(&["acme.2.expect.toml", "acme.2.txt", "acme.txt"]);
        assert_eq!(transcript_of("acme.2", &dir), Some("acme.2.txt"));
    }
}
