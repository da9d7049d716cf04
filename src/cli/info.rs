//! `candor questions`, `candor explain` and `candor rules list`: the pack,
//! for people.
//!
//! Prose is wrapped to a width given by the command (display width, with
//! hanging indents), so a terminal's width can be passed in; ids, paths and
//! one-line listings are never broken.

use std::fmt::Write;
use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::{Args, ValueEnum};
use textwrap::core::display_width;
use textwrap::{Options, WordSplitter};

use candor::lang::expr::Expr;
use candor::pack::{edit_distance, ExpressionKind, Location, Pack, Rule};

use super::{emit, PackArgs};

#[derive(Debug, Args)]
#[command(after_long_help = "\
Examples:
  candor questions                   the cheat sheet of the embedded pack
  candor questions --rules my-pack   the questions of another pack
  candor questions > cheat-sheet.txt
  candor questions --format json     the pack text JSON lines leave out")]
pub struct QuestionsArgs {
    /// How to write the questions.
    #[arg(long, value_enum, default_value_t = InfoFormat::Text)]
    format: InfoFormat,
    #[command(flatten)]
    pub(super) pack: PackArgs,
}

#[derive(Debug, Args)]
#[command(after_long_help = "\
Examples:
  candor explain tech-debt/denies-debt   one rule
  candor explain incident-response       a question and all its rules
  candor explain 5                       the same, by number (or Q5)
  candor explain Q5 --format json        for tools
  candor rules list Q5                   the rules of a question, one a line")]
pub struct ExplainArgs {
    /// A full rule id (`tech-debt/denies-debt`), or a question for all its
    /// rules: its id (`tech-debt`), number (`5`) or `Q5`.
    #[arg(value_name = "RULE")]
    rule: String,
    /// How to write the explanation.
    #[arg(long, value_enum, default_value_t = InfoFormat::Text)]
    format: InfoFormat,
    #[command(flatten)]
    pub(super) pack: PackArgs,
}

#[derive(Debug, Args)]
#[command(after_long_help = "\
Examples:
  candor rules list                  every rule of the embedded pack
  candor rules list Q5               the rules of question 5
  candor rules list --format json    for tools")]
pub struct ListArgs {
    /// Only this question's rules: its id (`tech-debt`), number (`5`) or
    /// `Q5`; `general` for the rules of no single question. By default, all.
    #[arg(value_name = "QUESTION")]
    question: Option<String>,
    /// How to write the list.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    format: ListFormat,
    #[command(flatten)]
    pub(super) pack: PackArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ListFormat {
    /// One rule a line: full id, signal, weight, message.
    Text,
    /// For tools: the same, with the question and whether it vetoes.
    Json,
}

/// How `questions` and `explain` write the pack.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum InfoFormat {
    /// For people, wrapped to the terminal's width.
    Text,
    /// For tools: the same as pretty JSON, with the pack text that
    /// `score --format jsonl` leaves out of its lines.
    Json,
}

pub fn questions(args: QuestionsArgs) -> Result<ExitCode> {
    let pack = args.pack.load()?;
    let out = match args.format {
        InfoFormat::Text => cheat_sheet(&pack, super::ui().width),
        InfoFormat::Json => {
            let value = serde_json::json!({
                "pack": pack_json(&pack),
                "categories": pack.categories.iter().map(|c| serde_json::json!({
                    "id": c.id,
                    "label": c.label,
                    "goal": c.goal,
                })).collect::<Vec<_>>(),
                "questions": (0..pack.questions.len())
                    .map(|q| question_json(&pack, q))
                    .collect::<Vec<_>>(),
            });
            pretty(&value)?
        }
    };
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// The pack's name and version, as reports give them (`pack`).
fn pack_json(pack: &Pack) -> serde_json::Value {
    serde_json::json!({ "name": pack.name, "version": pack.version })
}

/// A question as `questions --format json` lists it: the text a report's
/// `questions[]` has, with the cheat sheet's. `follow_up` is all of it;
/// a report lists it when the verdict is not green.
fn question_json(pack: &Pack, q: usize) -> serde_json::Value {
    let question = &pack.questions[q];
    serde_json::json!({
        "id": question.id,
        "number": question.number,
        "category": pack.categories[question.category].id,
        "title": question.title,
        "text": question.text,
        "why": question.why,
        "good": question.good,
        "bad": question.bad,
        "follow_up": question.follow_up,
        "answer_weight": question.answer_weight,
        "complaint": question.complaint,
    })
}

/// A rule as `rules list --format json` lists it; `explain --format json`
/// adds [`rule_detail`].
fn rule_json(pack: &Pack, r: &Rule) -> serde_json::Value {
    serde_json::json!({
        "id": r.id,
        "question": r.question.map(|q| &pack.questions[q].id),
        "signal": r.signal.name(),
        "weight": r.weight,
        "veto": r.veto,
        "vague": r.vague,
        "lean": r.lean,
        "message": r.message,
    })
}

/// What `explain` says of a rule beyond [`rule_json`]: where it is defined,
/// what negation and plans do to it, its expressions, the concepts they
/// name expanded, and its examples.
fn rule_detail(pack: &Pack, r: &Rule, builtin: bool) -> serde_json::Value {
    let mut value = rule_json(pack, r);
    let expressions: Vec<_> = r
        .expressions
        .iter()
        .map(|e| match e.kind {
            ExpressionKind::Match => {
                serde_json::json!({"kind": "match", "source": e.entry.expr().to_string()})
            }
            ExpressionKind::Phrase => {
                serde_json::json!({"kind": "phrase", "source": e.entry.source})
            }
            ExpressionKind::Gate(p) => serde_json::json!({
                "kind": "pattern",
                "source": r.patterns[p].source,
                "gate": e.entry.expr().to_string(),
            }),
        })
        .collect();
    let unless: Vec<String> = r.unless.iter().map(|e| e.expr().to_string()).collect();
    let mut names = Vec::new();
    for e in r.expressions.iter().map(|e| &e.entry).chain(&r.unless) {
        concepts_of(pack, e.expr(), &mut names);
    }
    let concepts: serde_json::Map<String, serde_json::Value> = names
        .iter()
        .filter_map(|name| {
            let c = pack.concept(name)?;
            let entries: Vec<&str> = c.entries.iter().map(|e| e.source.as_str()).collect();
            Some((name.clone(), entries.into()))
        })
        .collect();
    let detail = serde_json::json!({
        "defined": cite(&r.location, builtin),
        "on_negation": r.on_negation,
        "on_hypothetical": r.on_hypothetical,
        "on_past": r.on_past,
        "within": r.within,
        "expressions": expressions,
        "unless": unless,
        "concepts": concepts,
        "examples": r.examples,
        "counter_examples": r.counter_examples,
    });
    if let (Some(obj), serde_json::Value::Object(more)) = (value.as_object_mut(), detail) {
        obj.extend(more);
    }
    value
}

/// `value` as pretty JSON, ending in a newline.
fn pretty(value: &serde_json::Value) -> Result<String> {
    Ok(format!("{}\n", serde_json::to_string_pretty(value)?))
}

/// The questions grouped by checklist area, each with the id `explain`
/// takes, why to ask and what good and bad answers sound like, wrapped to
/// `width` columns.
pub fn cheat_sheet(pack: &Pack, width: usize) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Ten questions to ask a CTO ({} pack {})",
        pack.name, pack.version
    );
    for (c, category) in pack.categories.iter().enumerate() {
        s.push('\n');
        hang(
            &mut s,
            &format!("{} — ", category.label.to_uppercase()),
            &category.goal,
            width,
        );
        for q in pack.questions.iter().filter(|q| q.category == c) {
            let _ = writeln!(s, "\n  Q{} {}", q.number, q.id);
            hang(&mut s, "     ", &q.text, width);
            let then = q.follow_up.first().map_or("", String::as_str);
            for (label, text) in [
                ("Why ask: ", q.why.as_str()),
                ("Good:    ", &q.good),
                ("Bad:     ", &q.bad),
                ("Then:    ", then),
            ] {
                if !text.is_empty() {
                    hang(&mut s, &format!("     {label}"), text, width);
                }
            }
        }
    }
    s
}

pub fn explain(args: ExplainArgs) -> Result<ExitCode> {
    let pack = args.pack.load()?;
    let builtin = args.pack.rules.is_empty();
    let width = super::ui().width;
    let json = args.format == InfoFormat::Json;
    let s = if let Some(rule) = pack.rule(&args.rule) {
        if json {
            pretty(&serde_json::json!({
                "pack": pack_json(&pack),
                "rules": [rule_detail(&pack, rule, builtin)],
            }))?
        } else {
            explain_rules(&pack, &[rule], builtin, width)
        }
    } else if let Some(q) = find_question(&pack, &args.rule) {
        if json {
            let rules: Vec<_> = pack
                .rules
                .iter()
                .filter(|r| r.question == Some(q))
                .map(|r| rule_detail(&pack, r, builtin))
                .collect();
            pretty(&serde_json::json!({
                "pack": pack_json(&pack),
                "question": question_json(&pack, q),
                "rules": rules,
            }))?
        } else {
            explain_question(&pack, q, builtin, width)
        }
    } else {
        bail!(
            "no rule or question `{}`{}",
            args.rule,
            did_you_mean(&suggestions(&pack, &args.rule, true))
        );
    };
    emit(&s)?;
    Ok(ExitCode::SUCCESS)
}

pub fn list(args: ListArgs) -> Result<ExitCode> {
    let pack = args.pack.load()?;
    let rules: Vec<&Rule> = match args.question.as_deref() {
        None => pack.rules.iter().collect(),
        Some("general") => pack.rules.iter().filter(|r| r.question.is_none()).collect(),
        Some(text) => match find_question(&pack, text) {
            Some(q) => pack
                .rules
                .iter()
                .filter(|r| r.question == Some(q))
                .collect(),
            None => bail!(
                "no question `{text}`{}",
                did_you_mean(&suggestions(&pack, text, false))
            ),
        },
    };
    let out = match args.format {
        ListFormat::Text => rule_list(&rules, super::ui().terminal.then(|| super::ui().width)),
        ListFormat::Json => {
            let rules: Vec<_> = rules.iter().map(|r| rule_json(&pack, r)).collect();
            pretty(&serde_json::json!({ "pack": pack_json(&pack), "rules": rules }))?
        }
    };
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// One rule a line, in columns: full id, signal, weight, message. On a
/// terminal a message is cut to fit its width (`…`); piped, lines are
/// whole, so they can be searched with grep.
fn rule_list(rules: &[&Rule], fit: Option<usize>) -> String {
    let id_width = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut s = String::new();
    for r in rules {
        let head = format!(
            "{:id_width$}  {:5}  {:>4}  ",
            r.id,
            r.signal.name(),
            r.weight
        );
        let room = fit.map_or(usize::MAX, |w| w.saturating_sub(display_width(&head)));
        let _ = writeln!(s, "{head}{}", cut(&r.message, room.max(10)));
    }
    s
}

/// `text` in at most `room` columns, ending in `…` where it was cut.
fn cut(text: &str, room: usize) -> std::borrow::Cow<'_, str> {
    if display_width(text) <= room {
        return text.into();
    }
    let mut out = String::new();
    let mut used = 1; // the `…`
    for c in text.chars() {
        used += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used > room {
            break;
        }
        out.push(c);
    }
    out.truncate(out.trim_end().len());
    out.push('…');
    out.into()
}

/// The question `text` names: its id, its number (`5`), or `Q5` / `q5`.
fn find_question(pack: &Pack, text: &str) -> Option<usize> {
    if let Some(q) = pack.question_index(text) {
        return Some(q);
    }
    let digits = text
        .strip_prefix(['Q', 'q'])
        .unwrap_or(text)
        .parse::<u32>()
        .ok()?;
    pack.questions.iter().position(|q| q.number == digits)
}

/// Ids near `query`, best first (at most three): rule ids (with `rules`)
/// and question ids within a few edits of it, rules whose own part alone
/// (after the `/`) is, and ids that contain it.
fn suggestions(pack: &Pack, query: &str, rules: bool) -> Vec<String> {
    let query = query.to_lowercase();
    let limit = (query.chars().count() / 4).max(2);
    let rule_ids = pack.rules.iter().filter(|_| rules).map(|r| r.id.as_str());
    let question_ids = pack.questions.iter().map(|q| q.id.as_str());
    let mut near: Vec<(usize, &str)> = Vec::new();
    for id in question_ids.chain(rule_ids) {
        let own = id.rsplit_once('/').map(|(_, own)| own);
        let distance = own
            .map(|own| edit_distance(&query, own))
            .into_iter()
            .chain([edit_distance(&query, id)])
            .min()
            .unwrap_or(usize::MAX);
        if distance <= limit {
            near.push((distance, id));
        } else if query.chars().count() >= 3 && id.contains(query.as_str()) {
            near.push((limit + 1, id));
        }
    }
    near.sort();
    near.into_iter()
        .take(3)
        .map(|(_, id)| id.to_string())
        .collect()
}

/// `; did you mean `a`?`, `; did you mean `a` or `b`?`, or nothing.
fn did_you_mean(ids: &[String]) -> String {
    let quoted: Vec<String> = ids.iter().map(|id| format!("`{id}`")).collect();
    match quoted.split_last() {
        None => " (list them with `candor rules list`)".to_string(),
        Some((last, [])) => format!("; did you mean {last}?"),
        Some((last, rest)) => format!("; did you mean {} or {last}?", rest.join(", ")),
    }
}

/// Where a rule is written: the file and line, or for the embedded default
/// pack, whose files an installed candor does not have,
/// `built-in: tech-debt.toml:37`.
fn cite(location: &Location, builtin: bool) -> String {
    match location.file.file_name() {
        Some(name) if builtin => format!("built-in: {}:{}", name.to_string_lossy(), location.line),
        _ => format!("{}:{}", location.file.display(), location.line),
    }
}

/// A question, then each of its rules in full.
fn explain_question(pack: &Pack, q: usize, builtin: bool, width: usize) -> String {
    let question = &pack.questions[q];
    let mut s = String::new();
    hang(
        &mut s,
        &format!("Q{} {}: ", question.number, question.id),
        &question.text,
        width,
    );
    if question.answer_weight > 0.0 {
        let _ = writeln!(
            s,
            "  an answer of its own (enough words, evidence, no evasion) earns {:.1}",
            question.answer_weight
        );
    }
    let rules: Vec<&Rule> = pack
        .rules
        .iter()
        .filter(|r| r.question == Some(q))
        .collect();
    s.push('\n');
    s.push_str(&explain_rules(pack, &rules, builtin, width));
    s
}

/// Rules in full, wrapped to `width`: message, where each is defined (a
/// `built-in:` file for the embedded pack), its question, what modifiers
/// do to it, its expressions with their concepts expanded, its examples.
pub fn explain_rules(pack: &Pack, rules: &[&Rule], builtin: bool, width: usize) -> String {
    let mut s = String::new();
    for (i, r) in rules.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        let _ = writeln!(
            s,
            "{} ({}, weight {}{}{}{})",
            r.id,
            r.signal.name(),
            r.weight,
            if r.veto { ", veto" } else { "" },
            if r.vague { ", vague" } else { "" },
            if r.lean { ", lean" } else { "" }
        );
        hang(&mut s, "  ", &r.message, width);
        let _ = writeln!(s, "  defined in {}", cite(&r.location, builtin));
        if let Some(q) = r.question {
            hang(
                &mut s,
                &format!("  question {}: ", pack.questions[q].number),
                &pack.questions[q].text,
                width,
            );
        }
        let negated = match r.on_negation {
            candor::pack::OnNegation::Flip => "flips to the opposite signal",
            candor::pack::OnNegation::Drop => "does not count",
            candor::pack::OnNegation::Ignore => {
                "still counts (the phrase carries its own negation)"
            }
        };
        hang(&mut s, "  when negated: ", negated, width);
        if r.on_hypothetical == candor::pack::OnHypothetical::Ignore {
            let _ = writeln!(s, "  when planned: counts as if done");
        }
        if r.on_past == candor::pack::OnPast::Ignore {
            let _ = writeln!(s, "  when told in the past: counts as the present");
        }
        if r.within == candor::pack::Within::Turn {
            let _ = writeln!(s, "  within: the whole turn, not one sentence");
        }
        let mut concepts = Vec::new();
        for e in &r.expressions {
            match e.kind {
                ExpressionKind::Match => {
                    hang(&mut s, "  match: ", &e.entry.expr().to_string(), width)
                }
                ExpressionKind::Phrase => hang(&mut s, "  phrase: ", &e.entry.source, width),
                ExpressionKind::Gate(p) => hang(
                    &mut s,
                    "  pattern: ",
                    &format!(
                        "{} (where {} is found)",
                        r.patterns[p].source,
                        e.entry.expr()
                    ),
                    width,
                ),
            }
            concepts_of(pack, e.entry.expr(), &mut concepts);
        }
        for e in &r.unless {
            hang(&mut s, "  unless: ", &e.expr().to_string(), width);
            concepts_of(pack, e.expr(), &mut concepts);
        }
        for name in &concepts {
            if let Some(c) = pack.concept(name) {
                let entries: Vec<&str> = c.entries.iter().map(|e| e.source.as_str()).collect();
                alternatives(&mut s, &format!("  {{{name}}} = "), &entries, width);
            } else if name == "number" {
                let _ = writeln!(s, "  {{number}} = any number written in digits");
            }
        }
        for e in &r.examples {
            hang(&mut s, "  example: ", e, width);
        }
        for e in &r.counter_examples {
            hang(&mut s, "  not: ", e, width);
        }
    }
    s
}

/// The indent of the lines after a label's first: under the text, unless
/// the label takes more than a third of the width.
fn hanging_indent(label: &str, width: usize) -> String {
    let label_width = display_width(label);
    let leading = label.len() - label.trim_start().len();
    " ".repeat(if label_width > width / 3 {
        leading + 4
    } else {
        label_width
    })
}

/// Writes `label` then `text`, wrapped to `width` by display width, the
/// lines after the first indented under the text. Words are never broken,
/// not even at hyphens: a word longer than the width overflows.
fn hang(s: &mut String, label: &str, text: &str, width: usize) {
    let indent = hanging_indent(label, width);
    let options = Options::new(width)
        .initial_indent(label)
        .subsequent_indent(&indent)
        .break_words(false)
        .word_splitter(WordSplitter::NoHyphenation);
    for line in textwrap::wrap(text, options) {
        s.push_str(&line);
        s.push('\n');
    }
}

/// Writes `label` then `items` joined by ` | `, wrapped to `width` between
/// items, never inside one though items hold spaces, each later line
/// starting `| ` under the first item. An item too long for a line of its
/// own is wrapped as prose, indented under itself.
fn alternatives(s: &mut String, label: &str, items: &[&str], width: usize) {
    let indent = hanging_indent(label, width);
    // The line being filled; empty after an item that was wrapped.
    let mut line = String::new();
    for (i, item) in items.iter().enumerate() {
        let lead = if i == 0 {
            label.to_string()
        } else {
            format!("{indent}| ")
        };
        let piece = if i == 0 {
            format!("{label}{item}")
        } else {
            format!(" | {item}")
        };
        if !line.is_empty() && display_width(&line) + display_width(&piece) <= width {
            line.push_str(&piece);
            continue;
        }
        if !line.is_empty() {
            s.push_str(&line);
            s.push('\n');
            line.clear();
        }
        if display_width(&lead) + display_width(item) <= width {
            line = format!("{lead}{item}");
        } else {
            let under = format!("{}  ", " ".repeat(display_width(&lead).saturating_sub(2)));
            let options = Options::new(width)
                .initial_indent(&lead)
                .subsequent_indent(&under)
                .break_words(false)
                .word_splitter(WordSplitter::NoHyphenation);
            for wrapped in textwrap::wrap(item, options) {
                s.push_str(&wrapped);
                s.push('\n');
            }
        }
    }
    if !line.is_empty() {
        s.push_str(&line);
        s.push('\n');
    }
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
                    concepts_of(pack, e.expr(), out);
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
