//! The Markdown report: the text report's content for notes apps and
//! pull-request comments. Transcript text is escaped, so `<script>` or a
//! stray `*` shows as written.

use std::fmt::Write;

use crate::report::{HitReport, QuestionResult, Report, Verdict};

fn badge(v: Verdict) -> &'static str {
    match v {
        Verdict::Green => "🟢 Green",
        Verdict::Amber => "🟠 Amber",
        Verdict::Red => "🔴 Red",
        Verdict::Unanswered => "⚪ Unanswered",
    }
}

/// Escapes Markdown and HTML syntax in text.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A report as Markdown.
pub fn markdown(report: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# candor report: {}\n", escape(report.display_source()));
    let _ = writeln!(
        s,
        "{}
",
        escape(&report.about())
    );
    let _ = writeln!(
        s,
        "**Overall: {} — {}** · {}\n",
        badge(report.overall.verdict),
        report
            .overall
            .score
            .map_or("no score".to_string(), |n| format!("{n}/100")),
        report.coverage()
    );
    if let Some(note) = report.partial_note() {
        let _ = writeln!(s, "*{}*\n", escape(&note));
    }
    s.push_str("| Area | Goal | Verdict | Score |\n|---|---|---|---:|\n");
    for c in &report.categories {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} |",
            escape(&c.label),
            escape(&c.goal),
            badge(c.verdict),
            c.score.map_or("–".to_string(), |n| n.to_string())
        );
    }
    for q in &report.questions {
        s.push('\n');
        question(&mut s, q);
    }
    if !report.warnings.is_empty() {
        s.push_str("\n## Warnings\n\n");
        for w in &report.warnings {
            let _ = writeln!(s, "- {}", escape(w));
        }
    }
    s
}

fn question(s: &mut String, q: &QuestionResult) {
    let _ = writeln!(
        s,
        "## Q{} {} — {}\n",
        q.number,
        escape(&q.id),
        badge(q.verdict)
    );
    let _ = writeln!(s, "> {}\n", escape(&q.text));
    let _ = writeln!(s, "*score {:+.1} · {}*\n", q.score, escape(&q.reason));
    let (counted, dropped): (Vec<&HitReport>, Vec<&HitReport>) =
        q.hits.iter().partition(|h| h.dropped.is_none());
    for h in &counted {
        hit(s, h);
    }
    if !counted.is_empty() {
        s.push('\n');
    }
    if !dropped.is_empty() {
        let _ = writeln!(
            s,
            "<details><summary>{} hit{} that did not count: {}</summary>\n",
            dropped.len(),
            if dropped.len() == 1 { "" } else { "s" },
            super::dropped_summary(q)
        );
        for h in &dropped {
            hit(s, h);
        }
        s.push_str("\n</details>\n\n");
    }
    if q.hits_omitted > 0 {
        let _ = writeln!(s, "_{}_\n", super::omitted(q.hits_omitted));
    }
    if !q.follow_up.is_empty() {
        s.push_str("**Ask next:**\n\n");
        for f in &q.follow_up {
            let _ = writeln!(s, "- {}", escape(f));
        }
    }
}

fn hit(s: &mut String, h: &HitReport) {
    let mark = match h.signal {
        crate::pack::Signal::Green => "🟢",
        crate::pack::Signal::Amber => "🟠",
        crate::pack::Signal::Red => "🔴",
    };
    let mut place = format!("line {}", h.line);
    if let Some(t) = &h.time {
        let _ = write!(place, " · {}", t.split('.').next().unwrap_or(t));
    }
    if let Some(sp) = &h.speaker {
        let _ = write!(place, " · {sp}");
    }
    let excerpt: String = h
        .excerpt_pieces()
        .into_iter()
        .map(|(text, marked)| {
            if marked {
                format!("**{}**", escape(text))
            } else {
                escape(text)
            }
        })
        .collect();
    let _ = write!(
        s,
        "- {mark} **{}:** “{excerpt}”  \n  {} (`{}`, {:+.2}",
        escape(&place),
        escape(&h.message),
        h.rule,
        h.weight
    );
    if !h.modifiers.is_empty() {
        let words: Vec<&str> = h.modifiers.iter().map(|m| m.words()).collect();
        let _ = write!(s, "; {}", words.join(", "));
    }
    s.push_str(")\n");
}
