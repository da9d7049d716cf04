//! `candor questions` and `candor explain`: the pack, for people.

use std::fmt::Write;
use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::Args;

use candor::lang::expr::Expr;
use candor::pack::{ExpressionKind, Pack};

use super::{emit, PackArgs};

#[derive(Debug, Args)]
pub struct QuestionsArgs {
    #[command(flatten)]
    pub(super) pack: PackArgs,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A full rule id (`tech-debt/denies-debt`), or a question id for all its rules.
    #[arg(value_name = "RULE")]
    rule: String,
    #[command(flatten)]
    pub(super) pack: PackArgs,
}

pub fn questions(args: QuestionsArgs) -> Result<ExitCode> {
    let pack = args.pack.load()?;
    emit(&cheat_sheet(&pack))?;
    Ok(ExitCode::SUCCESS)
}

/// The questions grouped by checklist area, with why to ask and what good
/// and bad answers sound like.
fn cheat_sheet(pack: &Pack) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Ten questions to ask a CTO ({} pack {})",
        pack.name, pack.version
    );
    for (c, category) in pack.categories.iter().enumerate() {
        let _ = writeln!(s, "\n{} — {}", category.label.to_uppercase(), category.goal);
        for q in pack.questions.iter().filter(|q| q.category == c) {
            let _ = writeln!(s, "\n  {}. {}", q.number, q.text);
            for (label, text) in [("Why ask", &q.why), ("Good", &q.good), ("Bad", &q.bad)] {
                if !text.is_empty() {
                    let _ = writeln!(s, "     {label}: {text}");
                }
            }
            if let Some(f) = q.follow_up.first() {
                let _ = writeln!(s, "     Then: {f}");
            }
        }
    }
    s
}

pub fn explain(args: ExplainArgs) -> Result<ExitCode> {
    let pack = args.pack.load()?;
    let rules: Vec<_> = pack
        .rules
        .iter()
        .filter(|r| r.id == args.rule || r.id.split('/').next() == Some(args.rule.as_str()))
        .collect();
    if rules.is_empty() {
        let near: Vec<&str> = pack
            .rules
            .iter()
            .map(|r| r.id.as_str())
            .filter(|id| id.contains(args.rule.as_str()))
            .take(8)
            .collect();
        if near.is_empty() {
            bail!(
                "no rule {:?} (list them with `candor explain <question id>`)",
                args.rule
            );
        }
        bail!("no rule {:?}; did you mean: {}", args.rule, near.join(", "));
    }
    let mut s = String::new();
    for (i, r) in rules.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        let _ = writeln!(
            s,
            "{} ({}, weight {}{})",
            r.id,
            r.signal.name(),
            r.weight,
            if r.veto { ", veto" } else { "" }
        );
        let _ = writeln!(s, "  {}", r.message);
        let _ = writeln!(
            s,
            "  defined in {}:{}",
            r.location.file.display(),
            r.location.line
        );
        if let Some(q) = r.question {
            let _ = writeln!(
                s,
                "  question {}: {}",
                pack.questions[q].number, pack.questions[q].text
            );
        }
        let _ = writeln!(
            s,
            "  when negated: {}",
            match r.on_negation {
                candor::pack::OnNegation::Flip => "flips to the opposite signal",
                candor::pack::OnNegation::Drop => "does not count",
                candor::pack::OnNegation::Ignore =>
                    "still counts (the phrase carries its own negation)",
            }
        );
        if r.on_hypothetical == candor::pack::OnHypothetical::Ignore {
            let _ = writeln!(s, "  when planned: counts as if done");
        }
        if r.within == candor::pack::Within::Turn {
            let _ = writeln!(s, "  within: the whole turn, not one sentence");
        }
        let mut concepts = Vec::new();
        for e in &r.expressions {
            match e.kind {
                ExpressionKind::Match => {
                    let _ = writeln!(s, "  match: {}", e.entry.expr);
                }
                ExpressionKind::Phrase => {
                    let _ = writeln!(s, "  phrase: {}", e.entry.source);
                }
                ExpressionKind::Gate(p) => {
                    let _ = writeln!(
                        s,
                        "  pattern: {} (where {} is found)",
                        r.patterns[p].source, e.entry.expr
                    );
                }
            }
            concepts_of(&pack, &e.entry.expr, &mut concepts);
        }
        for name in &concepts {
            if let Some(c) = pack.concept(name) {
                let entries: Vec<&str> = c.entries.iter().map(|e| e.source.as_str()).collect();
                let _ = writeln!(s, "  {{{name}}} = {}", entries.join(" | "));
            } else if name == "number" {
                let _ = writeln!(s, "  {{number}} = any number written in digits");
            }
        }
        for e in &r.examples {
            let _ = writeln!(s, "  example: {e}");
        }
        for e in &r.counter_examples {
            let _ = writeln!(s, "  not: {e}");
        }
    }
    emit(&s)?;
    Ok(ExitCode::SUCCESS)
}

/// The concepts `expr` names, and those their entries name, each once, in
/// the order they are first met.
fn concepts_of(pack: &Pack, expr: &Expr, out: &mut Vec<String>) {
    match expr {
        Expr::Words { .. } | Expr::Anchor { .. } => {}
        Expr::Concept { name, .. } => {
            if out.contains(name) {
                return;
            }
            out.push(name.clone());
            if let Some(c) = pack.concept(name) {
                for e in &c.entries {
                    concepts_of(pack, &e.expr, out);
                }
            }
        }
        Expr::Seq(steps) => {
            for step in steps {
                concepts_of(pack, &step.expr, out);
            }
        }
        Expr::Alt(items) | Expr::All(items) => {
            for e in items {
                concepts_of(pack, e, out);
            }
        }
    }
}
