//! `rules check`: problems in a pack that loads, beyond what loading refuses.
//!
//! Codes are stable: tools and docs refer to them.
//!
//! | code | severity | what |
//! |---|---|---|
//! | W001 | warning | a phrase that normalisation changes (it matches as written otherwise) |
//! | W002 | warning | the same phrase twice in one rule |
//! | E020 | error   | the same phrase in two rules with different signals |
//! | W003 | warning | the same phrase in two rules with the same signal |
//! | I001 | info    | a phrase inside a longer phrase of the opposite signal |
//! | W004 | warning | a question with no cues |
//! | W005 | warning | a rule with no examples |
//! | E021 | error   | an example that does not hit its rule |
//! | E022 | error   | a counter-example that hits its rule |

use std::collections::HashMap;

use super::{Diagnostic, Location, Pack, Severity};
use crate::normalize::{at_word_boundaries, normalize_phrase};
use crate::ruletest::{run_examples, Outcome};
use crate::scan::Engine;

fn at(code: &'static str, severity: Severity, loc: &Location, message: String) -> Diagnostic {
    Diagnostic {
        code,
        severity,
        file: loc.file.clone(),
        line: loc.line,
        column: loc.column,
        length: loc.length,
        message,
        help: None,
    }
}

/// Every lint problem of the engine's pack, in file order.
pub fn lint(engine: &Engine) -> Vec<Diagnostic> {
    let pack = engine.pack();
    let mut out = Vec::new();
    phrases(pack, &mut out);
    for q in &pack.questions {
        if q.cues.is_empty() {
            out.push(at(
                "W004",
                Severity::Warning,
                &q.location,
                format!(
                    "question `{}` has no cues: it is only found by its number",
                    q.id
                ),
            ));
        }
    }
    for rule in &pack.rules {
        if rule.examples.is_empty() {
            out.push(at(
                "W005",
                Severity::Warning,
                &rule.location,
                format!("rule `{}` has no examples: nothing shows it works", rule.id),
            ));
        }
    }
    examples(engine, &mut out);
    out.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.code).cmp(&(&b.file, b.line, b.column, b.code))
    });
    out
}

fn phrases(pack: &Pack, out: &mut Vec<Diagnostic>) {
    // Normalised phrase -> every (rule, phrase index) using it.
    let mut uses: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    for (r, rule) in pack.rules.iter().enumerate() {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, phrase) in rule.phrases.iter().enumerate() {
            let loc = &rule.phrase_locations[i];
            let n = normalize_phrase(phrase);
            if &n != phrase {
                let mut d = at(
                    "W001",
                    Severity::Warning,
                    loc,
                    format!("phrase {phrase:?} is matched as {n:?}"),
                );
                d.help = Some(format!("write it as {n:?}"));
                out.push(d);
            }
            if let Some(first) = seen.insert(n.clone(), i) {
                out.push(at(
                    "W002",
                    Severity::Warning,
                    loc,
                    format!(
                        "phrase {phrase:?} appears twice in rule `{}` (first as {:?})",
                        rule.id, rule.phrases[first]
                    ),
                ));
                continue;
            }
            uses.entry(n).or_default().push((r, i));
        }
    }
    let mut shared: Vec<(&String, &Vec<(usize, usize)>)> =
        uses.iter().filter(|(_, u)| u.len() > 1).collect();
    shared.sort();
    for (phrase, users) in shared {
        let (r0, _) = users[0];
        for &(r, i) in &users[1..] {
            let (a, b) = (&pack.rules[r0], &pack.rules[r]);
            let differ = a.signal != b.signal;
            out.push(at(
                if differ { "E020" } else { "W003" },
                if differ {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                &b.phrase_locations[i],
                format!(
                    "phrase {phrase:?} is in both `{}` ({}) and `{}` ({})",
                    a.id,
                    a.signal.name(),
                    b.id,
                    b.signal.name()
                ),
            ));
        }
    }
    // A phrase inside a longer phrase of the opposite signal: the longer wins.
    let mut all: Vec<(String, usize, usize)> = uses
        .iter()
        .map(|(p, u)| (p.clone(), u[0].0, u[0].1))
        .collect();
    all.sort();
    for (short, rs, is) in &all {
        for (long, rl, _) in &all {
            if long.len() <= short.len() {
                continue;
            }
            let (a, b) = (&pack.rules[*rs], &pack.rules[*rl]);
            let opposite = matches!(
                (a.signal, b.signal),
                (super::Signal::Green, super::Signal::Red)
                    | (super::Signal::Red, super::Signal::Green)
            );
            if !opposite {
                continue;
            }
            let inside = long
                .match_indices(short.as_str())
                .any(|(s, m)| at_word_boundaries(long, &(s..s + m.len())));
            if inside {
                out.push(at(
                    "I001",
                    Severity::Info,
                    &a.phrase_locations[*is],
                    format!(
                        "phrase {short:?} ({}, `{}`) is inside {long:?} ({}, `{}`): where both match, the longer wins",
                        a.signal.name(),
                        a.id,
                        b.signal.name(),
                        b.id
                    ),
                ));
            }
        }
    }
}

fn examples(engine: &Engine, out: &mut Vec<Diagnostic>) {
    let pack = engine.pack();
    let summary = run_examples(engine, None);
    for result in summary.failures() {
        // Names look like "rule q/r example 2" or "rule q/r counter-example 1".
        let mut words = result.name.split(' ').skip(1);
        let (Some(id), Some(kind), Some(n)) = (words.next(), words.next(), words.next()) else {
            continue;
        };
        let Some(rule) = pack.rule(id) else { continue };
        let n: usize = n.parse().unwrap_or(1);
        let (code, locs, what) = match result.outcome {
            Outcome::Missing => (
                "E021",
                &rule.example_locations,
                "example does not hit its rule",
            ),
            _ if kind == "counter-example" => (
                "E022",
                &rule.counter_example_locations,
                "counter-example hits its rule",
            ),
            _ => continue,
        };
        let loc = locs.get(n - 1).unwrap_or(&rule.location);
        out.push(at(
            code,
            Severity::Error,
            loc,
            format!("{what} `{}`: {}", rule.id, result.detail),
        ));
    }
}
