//! The text report: for people, in 80 columns.
//!
//! The overall verdict and how much was answered first (with a note when
//! too little was to call it green), then the checklist (the five areas with their goals and verdicts), then each
//! question: verdict, evidence with the matched words marked, line and time,
//! modifiers in words, and what to ask next. Verdicts read without colour
//! (`[GREEN]`, `[RED]`); with colour they are also coloured, and matched words
//! bold instead of «marked».

use std::fmt::Write;

use crate::pack::Signal;
use crate::report::{HitReport, QuestionResult, Report, Verdict};

/// Width lines are wrapped to.
const WIDTH: usize = 80;

/// How to render text.
#[derive(Clone, Copy, Debug, Default)]
pub struct TextOptions {
    /// ANSI colour. By default, off.
    pub color: bool,
}

struct Style {
    color: bool,
}

impl Style {
    fn verdict(&self, v: Verdict) -> String {
        let word = match v {
            Verdict::Green => "GREEN",
            Verdict::Amber => "AMBER",
            Verdict::Red => "RED",
            Verdict::Unanswered => "UNANSWERED",
        };
        let tag = format!("[{word}]");
        if !self.color {
            return tag;
        }
        let code = match v {
            Verdict::Green => "1;32",
            Verdict::Amber => "1;33",
            Verdict::Red => "1;31",
            Verdict::Unanswered => "2",
        };
        format!("\x1b[{code}m{tag}\x1b[0m")
    }

    fn bold(&self, s: &str) -> String {
        if self.color {
            format!("\x1b[1m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    fn mark(&self, s: &str) -> String {
        if self.color {
            format!("\x1b[1;4m{s}\x1b[0m")
        } else {
            format!("«{s}»")
        }
    }

    fn dim(&self, s: &str) -> String {
        if self.color {
            format!("\x1b[2m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// Renders a report as text.
pub fn text(report: &Report, options: &TextOptions) -> String {
    let st = Style {
        color: options.color,
    };
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "{}",
        st.bold(&format!("candor report: {}", report.source))
    );
    wrap(w, &report.about(), "", "");
    let _ = writeln!(w);
    let overall = match report.overall.score {
        Some(s) => format!("{s}/100"),
        None => "-".to_string(),
    };
    let _ = writeln!(
        w,
        "{} {} {} · {}",
        st.bold("Overall"),
        st.verdict(report.overall.verdict),
        overall,
        report.coverage()
    );
    if let Some(note) = report.partial_note() {
        wrap(w, &st.dim(&note), "  ", "  ");
    }
    let _ = writeln!(w);
    let _ = writeln!(w, "{}", st.bold("Checklist"));
    for c in &report.categories {
        let score = c.score.map_or("-".to_string(), |s| s.to_string());
        let head = format!(
            "  {:<12} {} {:>3}  ",
            c.label,
            pad_verdict(&st, c.verdict),
            score
        );
        let indent = " ".repeat(visible_len(&head));
        wrap(w, &c.goal, &head, &indent);
    }
    for q in &report.questions {
        let _ = writeln!(w);
        question(w, &st, q);
    }
    if !report.warnings.is_empty() {
        let _ = writeln!(w);
        let _ = writeln!(w, "{}", st.bold("Warnings"));
        for warning in &report.warnings {
            wrap(w, &format!("  ! {warning}"), "", "    ");
        }
    }
    out
}

fn verdict_tag(v: Verdict) -> String {
    format!("[{}]", v.name().to_uppercase())
}

/// A verdict padded as if uncoloured, so columns line up either way.
fn pad_verdict(st: &Style, v: Verdict) -> String {
    let tag = verdict_tag(v);
    let pad = 12usize.saturating_sub(tag.len());
    format!("{}{}", st.verdict(v), " ".repeat(pad))
}

fn question(w: &mut String, st: &Style, q: &QuestionResult) {
    let _ = writeln!(
        w,
        "{} {} {}",
        st.bold(&format!("Q{} {}", q.number, q.id)),
        st.verdict(q.verdict),
        st.dim(&format!("(score {:+.1}; {})", q.score, q.reason))
    );
    wrap(w, &q.text, "   ", "   ");
    let counted: Vec<&HitReport> = q.counted().collect();
    let dropped = q.hits.len() - counted.len();
    for h in counted {
        hit(w, st, h);
    }
    if dropped > 0 {
        let _ = writeln!(
            w,
            "   {}",
            st.dim(&format!(
                "({dropped} more hit{} did not count; see --format json)",
                if dropped == 1 { "" } else { "s" }
            ))
        );
    }
    if q.hits_omitted > 0 {
        let _ = writeln!(w, "   {}", st.dim(&super::omitted(q.hits_omitted)));
    }
    for f in &q.follow_up {
        wrap(w, &format!("Ask next: {f}"), "   → ", "     ");
    }
}

fn hit(w: &mut String, st: &Style, h: &HitReport) {
    let sign = match h.signal {
        Signal::Green => "+",
        Signal::Amber => "~",
        Signal::Red => "-",
    };
    let mut place = format!("line {}", h.line);
    if let Some(t) = &h.time {
        place.push_str(&format!(" [{}]", t.split('.').next().unwrap_or(t)));
    }
    if let Some(s) = &h.speaker {
        place.push_str(&format!(" {s}"));
    }
    let excerpt: String = h
        .excerpt_pieces()
        .into_iter()
        .map(|(text, marked)| {
            if marked {
                st.mark(text)
            } else {
                text.to_string()
            }
        })
        .collect();
    let _ = writeln!(w, "   {sign} {}", st.dim(&format!("{place}:")));
    wrap(w, &format!("\"{excerpt}\""), "     ", "     ");
    let mut why = format!("{} ({} {:+.2}", h.message, h.rule, h.weight);
    if !h.modifiers.is_empty() {
        why.push_str(&format!("; {}", h.modifier_names()));
    }
    why.push(')');
    wrap(w, &why, "     ", "     ");
}

/// Writes `text` wrapped at [`WIDTH`] visible columns, the first line after
/// `first`, the others after `rest`. ANSI escapes take no columns.
fn wrap(w: &mut String, text: &str, first: &str, rest: &str) {
    let mut line = String::from(first);
    let mut width = visible_len(first);
    let mut empty = true;
    for word in text.split_whitespace() {
        let len = visible_len(word);
        if !empty && width + 1 + len > WIDTH {
            let _ = writeln!(w, "{line}");
            line = String::from(rest);
            width = visible_len(rest);
            empty = true;
        }
        if !empty {
            line.push(' ');
            width += 1;
        }
        line.push_str(word);
        width += len;
        empty = false;
    }
    let _ = writeln!(w, "{line}");
}

fn visible_len(s: &str) -> usize {
    let mut n = 0;
    let mut in_escape = false;
    for c in s.chars() {
        if in_escape {
            if c == 'm' {
                in_escape = false;
            }
        } else if c == '\x1b' {
            in_escape = true;
        } else {
            n += 1;
        }
    }
    n
}
