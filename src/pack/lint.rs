//! `rules check`: problems in a pack that loads, beyond what loading refuses.
//!
//! Codes are stable: tools and docs refer to them (see [`Code`] and
//! `docs/rules.md`, "Diagnostics").

use std::collections::HashMap;

use super::{Code, Diagnostic, ExpressionKind, Location, Pack, Signal};
use crate::lang::matcher::Scratch;
use crate::lang::token::Tokens;
use crate::lang::{canonical, sequence, spellings};
use crate::ruletest::{run_examples, Outcome};
use crate::scan::Engine;

fn at(code: Code, loc: &Location, message: String) -> Diagnostic {
    Diagnostic {
        code,
        severity: code.severity(),
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
    expressions(pack, &mut out);
    concepts(pack, &mut out);
    for q in &pack.questions {
        if q.cues.is_empty() {
            out.push(at(
                Code::NoCues,
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
                Code::NoExamples,
                &rule.location,
                format!("rule `{}` has no examples: nothing shows it works", rule.id),
            ));
        }
    }
    unexercised(pack, &mut out);
    examples(engine, &mut out);
    out.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.code).cmp(&(&b.file, b.line, b.column, b.code))
    });
    out
}

/// Expressions seen so far, by their spellings and canonical form: which
/// earlier one matches every text a new one does ([`crate::lang::covers`])
/// is a lookup, not a comparison with each.
#[derive(Default)]
struct Earlier {
    by_spelling: HashMap<String, Vec<usize>>,
    by_key: HashMap<String, usize>,
    spelled: Vec<Option<Vec<String>>>,
}

impl Earlier {
    /// The first earlier expression that covers `e` (canonically `key`);
    /// then `e` is an earlier one.
    fn covering(&mut self, e: &crate::lang::expr::Expr, key: &str) -> Option<usize> {
        let i = self.spelled.len();
        let spellings = spellings(e);
        let found = match &spellings {
            Some(mine) => {
                mine.first()
                    .and_then(|s| self.by_spelling.get(s))
                    .and_then(|candidates| {
                        candidates.iter().copied().find(|&o| {
                            let theirs = self.spelled[o].as_deref().unwrap_or_default();
                            mine.iter().all(|s| theirs.contains(s))
                        })
                    })
            }
            None => self.by_key.get(key).copied(),
        };
        for s in spellings.iter().flatten() {
            let at = self.by_spelling.entry(s.clone()).or_default();
            if at.last() != Some(&i) {
                at.push(i);
            }
        }
        self.by_key.entry(key.to_string()).or_insert(i);
        self.spelled.push(spellings);
        found
    }

    /// Counts a place that holds no expression to compare.
    fn skip(&mut self) {
        self.spelled.push(None);
    }
}

/// Every contiguous run of `words` shorter than all of it, with where it
/// starts: what [`contains_run`] would find, by lookup rather than by
/// comparing all pairs.
fn shorter_runs(words: &[String]) -> impl Iterator<Item = &[String]> {
    (1..words.len()).flat_map(move |len| words.windows(len))
}

fn expressions(pack: &Pack, out: &mut Vec<Diagnostic>) {
    // Canonical expression -> every (rule, expression index) using it.
    let mut uses: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    for (r, rule) in pack.rules.iter().enumerate() {
        // Earlier expressions and every plain sequence's first expression,
        // found by lookup: a rule of 100,000 phrases is linted in linear time.
        let mut earlier = Earlier::default();
        let runs: Vec<Option<Vec<String>>> = rule
            .expressions
            .iter()
            .map(|e| sequence(e.entry.expr()))
            .collect();
        let mut first_run: HashMap<&[String], usize> = HashMap::new();
        for (i, run) in runs.iter().enumerate() {
            if let Some(run) = run {
                first_run.entry(run.as_slice()).or_insert(i);
            }
        }
        for (i, e) in rule.expressions.iter().enumerate() {
            if matches!(e.kind, ExpressionKind::Gate(_)) {
                earlier.skip();
                continue;
            }
            let key = canonical(e.entry.expr());
            if let Some(first) = earlier.covering(e.entry.expr(), &key) {
                out.push(at(
                    Code::DuplicateExpression,
                    &e.entry.location,
                    format!(
                        "{:?} matches nothing {:?} of the same rule `{}` does not already match",
                        e.entry.source, rule.expressions[first].entry.source, rule.id
                    ),
                ));
                continue;
            }
            // A shorter sequence of the same rule inside this one: every
            // match of this one is a match of the shorter already.
            if let Some(run) = &runs[i] {
                let shorter = shorter_runs(run)
                    .filter_map(|w| first_run.get(w).copied())
                    .filter(|&j| j != i)
                    .min();
                if let Some(j) = shorter {
                    let mut d = at(
                        Code::CoveredExpression,
                        &e.entry.location,
                        format!(
                            "{:?} is covered by the shorter {:?} of the same rule `{}`",
                            e.entry.source, rule.expressions[j].entry.source, rule.id
                        ),
                    );
                    d.help = Some("remove the longer one".into());
                    out.push(d);
                }
            }
            uses.entry(key).or_default().push((r, i));
        }
    }
    let mut shared: Vec<(&String, &Vec<(usize, usize)>)> =
        uses.iter().filter(|(_, u)| u.len() > 1).collect();
    shared.sort();
    for (_, users) in shared {
        let (r0, _) = users[0];
        for &(r, i) in &users[1..] {
            let (a, b) = (&pack.rules[r0], &pack.rules[r]);
            if r == r0 {
                continue;
            }
            let differ = a.signal != b.signal;
            out.push(at(
                if differ {
                    Code::ConflictingRules
                } else {
                    Code::SharedExpression
                },
                &b.expressions[i].entry.location,
                format!(
                    "{:?} is in both `{}` ({}) and `{}` ({})",
                    b.expressions[i].entry.source,
                    a.id,
                    a.signal.name(),
                    b.id,
                    b.signal.name()
                ),
            ));
        }
    }
    // A sequence inside a longer one of the opposite signal: the longer wins.
    let mut all: Vec<(Vec<String>, usize, usize)> = uses
        .values()
        .filter_map(|u| {
            let (r, i) = u[0];
            sequence(pack.rules[r].expressions[i].entry.expr()).map(|s| (s, r, i))
        })
        .collect();
    all.sort();
    let mut by_run: HashMap<&[String], Vec<usize>> = HashMap::new();
    for (k, (run, ..)) in all.iter().enumerate() {
        by_run.entry(run.as_slice()).or_default().push(k);
    }
    // (short, long) as indices into `all`, in the order of a loop over both.
    let mut inside: Vec<(usize, usize)> = Vec::new();
    for (l, (long, ..)) in all.iter().enumerate() {
        let mut shorts: Vec<usize> = shorter_runs(long)
            .filter_map(|w| by_run.get(w))
            .flatten()
            .copied()
            .collect();
        shorts.sort_unstable();
        shorts.dedup();
        inside.extend(shorts.into_iter().map(|s| (s, l)));
    }
    inside.sort_unstable();
    for (s, l) in inside {
        let ((short, rs, is), (long, rl, _)) = (&all[s], &all[l]);
        let (a, b) = (&pack.rules[*rs], &pack.rules[*rl]);
        let opposite = matches!(
            (a.signal, b.signal),
            (Signal::Green, Signal::Red) | (Signal::Red, Signal::Green)
        );
        if opposite {
            out.push(at(
                Code::InsideOpposite,
                &a.expressions[*is].entry.location,
                format!(
                    "{:?} ({}, `{}`) is inside {:?} ({}, `{}`): where both match, the longer wins",
                    short.join(" "),
                    a.signal.name(),
                    a.id,
                    long.join(" "),
                    b.signal.name(),
                    b.id
                ),
            ));
        }
    }
}

fn concepts(pack: &Pack, out: &mut Vec<Diagnostic>) {
    for c in &pack.concepts {
        if !c.used {
            let mut d = at(
                Code::UnusedConcept,
                &c.location,
                format!("concept `{{{}}}` is not used by any expression", c.name),
            );
            d.help = Some("use it in a rule as `{name}`, or remove it".into());
            out.push(d);
        }
        let mut earlier = Earlier::default();
        for e in &c.entries {
            if let Some(other) = earlier.covering(e.expr(), &canonical(e.expr())) {
                let other = &c.entries[other];
                out.push(at(
                    Code::DuplicateEntry,
                    &e.location,
                    format!(
                        "{:?} in `{{{}}}` matches nothing {:?} does not already match",
                        e.source, c.name, other.source
                    ),
                ));
            }
        }
    }
}

/// Expressions that no example of their rule matches.
fn unexercised(pack: &Pack, out: &mut Vec<Diagnostic>) {
    let matcher = &pack.matcher;
    let mut hit = vec![false; pack.targets.len()];
    let mut tokens = Tokens::default();
    let mut scratch = Scratch::default();
    let mut candidates = Vec::new();
    let mut occurrences = Vec::new();
    for rule in &pack.rules {
        let group = match rule.within {
            super::Within::Sentence => super::group::RULES,
            super::Within::Turn => super::group::TURN_RULES,
        };
        for example in &rule.examples {
            matcher.tokenize(example, &mut tokens, &mut scratch);
            // Each sentence, or for a rule within the turn, all of them.
            let ranges: Vec<_> = match rule.within {
                super::Within::Sentence => tokens.sentences.clone(),
                super::Within::Turn => std::iter::once(0..tokens.tokens.len()).collect(),
            };
            for range in ranges {
                occurrences.clear();
                for s in tokens.sentences.iter().filter(|s| range.contains(&s.start)) {
                    matcher.phrases(&tokens.tokens, s.clone(), &mut occurrences);
                }
                matcher.begin_across(group, &occurrences, range, &mut scratch);
                matcher.candidates(group, &mut scratch, &mut candidates);
                for &t in &candidates {
                    let owner = matcher.owner(group, t) as usize;
                    if pack.rules[pack.targets[owner].rule as usize].id != rule.id {
                        continue;
                    }
                    if !matcher.matches(group, t, &mut scratch).is_empty() {
                        hit[owner] = true;
                    }
                }
            }
        }
    }
    for (t, target) in pack.targets.iter().enumerate() {
        let rule = &pack.rules[target.rule as usize];
        if hit[t] || rule.examples.is_empty() {
            continue;
        }
        let e = &rule.expressions[target.expression as usize];
        out.push(at(
            Code::Unexercised,
            &e.entry.location,
            format!("no example of `{}` exercises {:?}", rule.id, e.entry.source),
        ));
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
                Code::ExampleMissed,
                &rule.example_locations,
                "example does not hit its rule",
            ),
            _ if kind == "counter-example" => (
                Code::CounterExampleHit,
                &rule.counter_example_locations,
                "counter-example hits its rule",
            ),
            _ => continue,
        };
        let loc = locs.get(n - 1).unwrap_or(&rule.location);
        out.push(at(
            code,
            loc,
            format!("{what} `{}`: {}", rule.id, result.detail),
        ));
    }
}
