//! `rules diff`: what changing a pack does to a corpus.
//!
//! Results are keyed by stable identities — transcript path, question id,
//! category id, rule id and matched words — never by line numbers, so an
//! unrelated edit to a transcript or pack file does not churn the diff.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Serialize;

use crate::lang::expr::Expr;
use crate::pack::{ExpressionKind, Pack, Rule};
use crate::report::{Report, Verdict};
use crate::ruletest::{corpus_files, Expectation};
use crate::scan::Engine;
use crate::ReadOptions;

/// How a rule changed between two packs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleEdit {
    pub rule: String,
    /// `added`, `removed` or `changed`.
    pub kind: &'static str,
    /// What changed, in words (`+phrase "x"`, `weight 2 -> 3`).
    pub changes: Vec<String>,
}

/// A question whose verdict differs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Flip {
    pub source: String,
    pub question: String,
    pub base: Verdict,
    pub head: Verdict,
    /// `rule "matched words"` that count in HEAD but not in BASE.
    pub appeared: Vec<String>,
    /// ... and that counted in BASE but not in HEAD.
    pub vanished: Vec<String>,
    /// The rule edits behind those hits.
    pub caused_by: Vec<String>,
}

/// A category or overall verdict that differs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    pub source: String,
    /// A category id, or `overall`.
    pub what: String,
    pub base: Verdict,
    pub head: Verdict,
    pub base_score: Option<u32>,
    pub head_score: Option<u32>,
}

impl Change {
    /// The verdict and score before, as `red 0` (`-` for no score).
    pub fn before(&self) -> String {
        side(self.base, self.base_score)
    }

    /// The verdict and score after.
    pub fn after(&self) -> String {
        side(self.head, self.head_score)
    }
}

fn side(verdict: Verdict, score: Option<u32>) -> String {
    format!(
        "{} {}",
        verdict.name(),
        score.map_or("-".to_string(), |v| v.to_string())
    )
}

/// The whole comparison.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PackDiff {
    pub rule_edits: Vec<RuleEdit>,
    pub flips: Vec<Flip>,
    pub changes: Vec<Change>,
    pub transcripts: usize,
    /// Transcripts that could not be scored, with why.
    pub errors: Vec<(String, String)>,
}

impl PackDiff {
    /// Transcripts with at least one flip.
    pub fn flipped_transcripts(&self) -> usize {
        self.flips
            .iter()
            .map(|f| &f.source)
            .collect::<BTreeSet<_>>()
            .len()
    }
}

/// Compares rule definitions.
pub fn rule_edits(base: &Pack, head: &Pack) -> Vec<RuleEdit> {
    let by_id = |p: &Pack| -> BTreeMap<String, Rule> {
        p.rules.iter().map(|r| (r.id.clone(), r.clone())).collect()
    };
    let (b, h) = (by_id(base), by_id(head));
    let mut out = Vec::new();
    for (id, hr) in &h {
        let Some(br) = b.get(id) else {
            out.push(RuleEdit {
                rule: id.clone(),
                kind: "added",
                changes: vec![format!(
                    "{} rule, {} expressions, {} patterns",
                    hr.signal.name(),
                    hr.expressions.len() - hr.patterns.len(),
                    hr.patterns.len()
                )],
            });
            continue;
        };
        let mut changes = Vec::new();
        let set = |r: &Rule| {
            r.expressions
                .iter()
                .filter_map(|e| match e.kind {
                    ExpressionKind::Match => Some(("match", e.entry.source.clone())),
                    ExpressionKind::Phrase => Some(("phrase", e.entry.source.clone())),
                    ExpressionKind::Gate(_) => None,
                })
                .collect::<BTreeSet<_>>()
        };
        let (bp, hp) = (set(br), set(hr));
        changes.extend(hp.difference(&bp).map(|(k, p)| format!("+{k} {p:?}")));
        changes.extend(bp.difference(&hp).map(|(k, p)| format!("-{k} {p:?}")));
        let pats = |r: &Rule| {
            r.patterns
                .iter()
                .map(|p| p.source.clone())
                .collect::<BTreeSet<_>>()
        };
        let (bq, hq) = (pats(br), pats(hr));
        changes.extend(hq.difference(&bq).map(|p| format!("+pattern {p:?}")));
        changes.extend(bq.difference(&hq).map(|p| format!("-pattern {p:?}")));
        if br.signal != hr.signal {
            changes.push(format!(
                "signal {} -> {}",
                br.signal.name(),
                hr.signal.name()
            ));
        }
        if br.weight != hr.weight {
            changes.push(format!("weight {} -> {}", br.weight, hr.weight));
        }
        if br.veto != hr.veto {
            changes.push(format!("veto {} -> {}", br.veto, hr.veto));
        }
        if br.on_negation != hr.on_negation {
            changes.push(
                format!("on_negation {:?} -> {:?}", br.on_negation, hr.on_negation).to_lowercase(),
            );
        }
        if br.on_hypothetical != hr.on_hypothetical {
            changes.push(
                format!(
                    "on_hypothetical {:?} -> {:?}",
                    br.on_hypothetical, hr.on_hypothetical
                )
                .to_lowercase(),
            );
        }
        if br.on_past != hr.on_past {
            changes.push(format!("on_past {:?} -> {:?}", br.on_past, hr.on_past).to_lowercase());
        }
        if br.evasion != hr.evasion {
            changes.push(format!("evasion {} -> {}", br.evasion, hr.evasion));
        }
        if !changes.is_empty() {
            out.push(RuleEdit {
                rule: id.clone(),
                kind: "changed",
                changes,
            });
        }
    }
    for id in b.keys().filter(|id| !h.contains_key(*id)) {
        out.push(RuleEdit {
            rule: id.clone(),
            kind: "removed",
            changes: Vec::new(),
        });
    }
    // A concept's entries change every rule that uses it.
    let entries = |p: &Pack| -> BTreeMap<String, BTreeSet<String>> {
        p.concepts
            .iter()
            .map(|c| {
                let set = c.entries.iter().map(|e| e.source.clone()).collect();
                (c.name.clone(), set)
            })
            .collect()
    };
    let (bc, hc) = (entries(base), entries(head));
    for name in bc.keys().chain(hc.keys()).collect::<BTreeSet<_>>() {
        let empty = BTreeSet::new();
        let (old, new) = (
            bc.get(name).unwrap_or(&empty),
            hc.get(name).unwrap_or(&empty),
        );
        let mut changes: Vec<String> = new
            .difference(old)
            .map(|e| format!("+entry {e:?}"))
            .collect();
        changes.extend(old.difference(new).map(|e| format!("-entry {e:?}")));
        if !changes.is_empty() {
            out.push(RuleEdit {
                rule: format!("{{{name}}}"),
                kind: match (bc.contains_key(name), hc.contains_key(name)) {
                    (false, _) => "added",
                    (_, false) => "removed",
                    _ => "changed",
                },
                changes,
            });
        }
    }
    out.sort_by(|a, b| a.rule.cmp(&b.rule));
    out
}

/// Scores every corpus transcript with both engines and compares.
pub fn diff(base: &Engine, head: &Engine, corpus: &Path) -> std::io::Result<PackDiff> {
    let mut out = PackDiff {
        rule_edits: rule_edits(base.pack(), head.pack()),
        ..PackDiff::default()
    };
    // Which rules each concept reaches, in either pack: a concept edit is
    // the cause of a flip that one of them took part in.
    let mut users = concept_users(base.pack());
    for (concept, rules) in concept_users(head.pack()) {
        users.entry(concept).or_default().extend(rules);
    }
    let files = corpus_files(corpus)?;
    for (transcript, expect) in files {
        let source = transcript.display().to_string();
        let asker = std::fs::read_to_string(&expect)
            .ok()
            .and_then(|s| toml::from_str::<Expectation>(&s).ok())
            .and_then(|e| e.asker);
        let options = ReadOptions {
            asker,
            ..ReadOptions::default()
        };
        let bytes = match std::fs::read(&transcript) {
            Ok(b) => b,
            Err(e) => {
                out.errors.push((source, e.to_string()));
                continue;
            }
        };
        let scored = base
            .score_bytes(&bytes, &source, &options)
            .and_then(|b| Ok((b, head.score_bytes(&bytes, &source, &options)?)));
        match scored {
            Ok((b, h)) => {
                out.transcripts += 1;
                compare(&b, &h, &users, &mut out);
            }
            Err(e) => out.errors.push((source, e.to_string())),
        }
    }
    Ok(out)
}

fn counted(report: &Report, question: &str) -> BTreeSet<String> {
    report
        .questions
        .iter()
        .filter(|q| q.id == question)
        .flat_map(|q| q.counted())
        .map(|h| {
            format!(
                "{} {:?} ({} {:+.2})",
                h.rule,
                h.matched,
                h.signal.name(),
                h.weight
            )
        })
        .collect()
}

fn compare(
    base: &Report,
    head: &Report,
    users: &BTreeMap<String, BTreeSet<String>>,
    out: &mut PackDiff,
) {
    let ids: BTreeSet<&str> = base
        .questions
        .iter()
        .chain(&head.questions)
        .map(|q| q.id.as_str())
        .collect();
    // In pack order where the question exists in HEAD.
    let mut ids: Vec<&str> = ids.into_iter().collect();
    let order = |id: &str| {
        head.questions
            .iter()
            .position(|q| q.id == id)
            .unwrap_or(usize::MAX)
    };
    ids.sort_by_key(|id| order(id));
    for id in ids {
        let verdict = |r: &Report| {
            r.questions
                .iter()
                .find(|q| q.id == id)
                .map_or(Verdict::Unanswered, |q| q.verdict)
        };
        let (bv, hv) = (verdict(base), verdict(head));
        if bv == hv {
            continue;
        }
        let (bh, hh) = (counted(base, id), counted(head, id));
        let appeared: Vec<String> = hh.difference(&bh).cloned().collect();
        let vanished: Vec<String> = bh.difference(&hh).cloned().collect();
        let caused_by = out
            .rule_edits
            .iter()
            .filter(|e| {
                appeared.iter().chain(&vanished).any(|h| {
                    let rule = h.split(' ').next().unwrap_or("");
                    rule == e.rule
                        || e.rule
                            .strip_prefix('{')
                            .and_then(|c| c.strip_suffix('}'))
                            .and_then(|c| users.get(c))
                            .is_some_and(|rules| rules.contains(rule))
                })
            })
            .map(|e| format!("{} {}", e.kind, e.rule))
            .collect();
        out.flips.push(Flip {
            source: head.source.clone(),
            question: id.to_string(),
            base: bv,
            head: hv,
            appeared,
            vanished,
            caused_by,
        });
    }
    for hc in &head.categories {
        let bc = base.categories.iter().find(|c| c.id == hc.id);
        let (bv, bs) = bc.map_or((Verdict::Unanswered, None), |c| (c.verdict, c.score));
        if bv != hc.verdict || bs != hc.score {
            out.changes.push(Change {
                source: head.source.clone(),
                what: hc.id.clone(),
                base: bv,
                head: hc.verdict,
                base_score: bs,
                head_score: hc.score,
            });
        }
    }
    // Coverage changes with the questions' verdicts, which are listed above.
    if (base.overall.verdict, base.overall.score) != (head.overall.verdict, head.overall.score) {
        out.changes.push(Change {
            source: head.source.clone(),
            what: "overall".to_string(),
            base: base.overall.verdict,
            head: head.overall.verdict,
            base_score: base.overall.score,
            head_score: head.overall.score,
        });
    }
}

/// For each concept of `pack`, the full ids of the rules whose expressions
/// name it, directly or through other concepts.
fn concept_users(pack: &Pack) -> BTreeMap<String, BTreeSet<String>> {
    fn walk(pack: &Pack, e: &Expr, seen: &mut BTreeSet<String>) {
        match e {
            Expr::Words { .. } | Expr::Anchor { .. } => {}
            Expr::Concept { name, .. } => {
                if seen.insert(name.clone()) {
                    if let Some(c) = pack.concept(name) {
                        for entry in &c.entries {
                            walk(pack, entry.expr(), seen);
                        }
                    }
                }
            }
            Expr::Seq(steps) => steps.iter().for_each(|s| walk(pack, &s.expr, seen)),
            Expr::Alt(items) | Expr::All(items) => items.iter().for_each(|i| walk(pack, i, seen)),
        }
    }
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for rule in &pack.rules {
        let mut seen = BTreeSet::new();
        for e in &rule.expressions {
            walk(pack, e.entry.expr(), &mut seen);
        }
        for concept in seen {
            out.entry(concept).or_default().insert(rule.id.clone());
        }
    }
    out
}
