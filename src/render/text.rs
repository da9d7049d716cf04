//! The text report: for people, wrapped to a terminal's width (80 columns
//! by default).
//!
//! The overall verdict and how much was answered first (with a note when
//! too little was to call it green), then the checklist (the five areas with their goals and verdicts), then each
//! question: verdict, evidence with the matched words marked, line and time,
//! modifiers in words, and what to ask next. Verdicts read without colour
//! (`[GREEN]`, `[RED]`); with colour they are also coloured, and matched words
//! bold instead of «marked».

use std::fmt::Write;

use anstyle::Style;
use textwrap::core::display_width;

use super::{paint, verdict_style};
use crate::pack::Signal;
use crate::report::{HitReport, QuestionResult, Report, Verdict};

/// Narrowest width the report is wrapped to: below it, words would stand
/// one to a line.
const MIN_WIDTH: usize = 20;

/// How to render text.
#[derive(Clone, Copy, Debug)]
pub struct TextOptions {
    /// ANSI colour. By default, off.
    pub color: bool,
    /// Terminal columns to wrap to, counted by display width (a CJK
    /// character takes two, an escape none); a word longer than a line
    /// stands alone on it. Widths below 20 are taken as 20. By default, 80.
    pub width: usize,
}

impl Default for TextOptions {
    fn default() -> TextOptions {
        TextOptions {
            color: false,
            width: 80,
        }
    }
}

struct Styler {
    color: bool,
    width: usize,
}

impl Styler {
    fn verdict(&self, v: Verdict) -> String {
        // Unanswered stays dim; a verdict that says something is bold too.
        let style = match v {
            Verdict::Unanswered => verdict_style(v),
            _ => verdict_style(v).bold(),
        };
        paint(style, &verdict_tag(v), self.color)
    }

    fn bold(&self, s: &str) -> String {
        paint(Style::new().bold(), s, self.color)
    }

    fn mark(&self, s: &str) -> String {
        if self.color {
            paint(Style::new().bold().underline(), s, true)
        } else {
            format!("«{s}»")
        }
    }

    fn dim(&self, s: &str) -> String {
        paint(Style::new().dimmed(), s, self.color)
    }

    /// Writes `text` wrapped to the width, the first line after `first`,
    /// the others after `rest`, each line's text (not its indent) in
    /// `style`. White space runs fold to one space; escapes in `text` or
    /// the indents take no columns.
    fn wrap(&self, w: &mut String, text: &str, first: &str, rest: &str, style: Style) {
        for (i, line) in super::wrap(text, self.width, first, rest)
            .iter()
            .enumerate()
        {
            let indent = if i == 0 { first } else { rest };
            match line.strip_prefix(indent) {
                Some(body) if !body.is_empty() => {
                    let _ = writeln!(w, "{indent}{}", paint(style, body, self.color));
                }
                _ => {
                    let _ = writeln!(w, "{line}");
                }
            }
        }
    }
}

/// Renders a report as text.
pub fn text(report: &Report, options: &TextOptions) -> String {
    let st = Styler {
        color: options.color,
        width: options.width.max(MIN_WIDTH),
    };
    let plain = Style::new();
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "{}",
        st.bold(&format!("candor report: {}", report.display_source()))
    );
    st.wrap(w, &report.about(), "", "", plain);
    let _ = writeln!(w);
    let overall = match report.overall.score {
        Some(s) => format!("{s}/100"),
        None => "-".to_string(),
    };
    let head = format!(
        "{} {} ",
        st.bold("Overall"),
        st.verdict(report.overall.verdict)
    );
    st.wrap(
        w,
        &format!("{overall} · {}", report.coverage()),
        &head,
        "  ",
        plain,
    );
    if let Some(note) = report.partial_note() {
        st.wrap(w, &note, "  ", "  ", Style::new().dimmed());
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
        let indent = " ".repeat(display_width(&head));
        st.wrap(w, &c.goal, &head, &indent, plain);
    }
    for q in &report.questions {
        let _ = writeln!(w);
        question(w, &st, q);
    }
    if !report.warnings.is_empty() {
        let _ = writeln!(w);
        let _ = writeln!(w, "{}", st.bold("Warnings"));
        for warning in &report.warnings {
            st.wrap(w, warning, "  ! ", "    ", plain);
        }
    }
    out
}

fn verdict_tag(v: Verdict) -> String {
    format!("[{}]", v.name().to_uppercase())
}

/// A verdict padded as if uncoloured, so columns line up either way.
fn pad_verdict(st: &Styler, v: Verdict) -> String {
    let tag = verdict_tag(v);
    let pad = 12usize.saturating_sub(tag.len());
    format!("{}{}", st.verdict(v), " ".repeat(pad))
}

fn question(w: &mut String, st: &Styler, q: &QuestionResult) {
    let plain = Style::new();
    let dim = Style::new().dimmed();
    let head = format!(
        "{} {} ",
        st.bold(&format!("Q{} {}", q.number, q.id)),
        st.verdict(q.verdict)
    );
    st.wrap(
        w,
        &format!("(score {:+.1}; {})", q.score, q.reason),
        &head,
        "   ",
        dim,
    );
    st.wrap(w, &q.text, "   ", "   ", plain);
    let counted: Vec<&HitReport> = q.counted().collect();
    let dropped = q.hits.len() - counted.len();
    for h in counted {
        hit(w, st, h);
    }
    if dropped > 0 {
        let line = format!(
            "({dropped} more hit{} did not count: {})",
            if dropped == 1 { "" } else { "s" },
            super::dropped_summary(q)
        );
        st.wrap(w, &line, "   ", "   ", dim);
    }
    if q.hits_omitted > 0 {
        st.wrap(w, &super::omitted(q.hits_omitted), "   ", "   ", dim);
    }
    for f in &q.follow_up {
        st.wrap(w, &format!("Ask next: {f}"), "   → ", "     ", plain);
    }
}

fn hit(w: &mut String, st: &Styler, h: &HitReport) {
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
    st.wrap(w, &format!("\"{excerpt}\""), "     ", "     ", Style::new());
    let mut why = format!("{} ({} {:+.2}", h.message, h.rule, h.weight);
    if !h.modifiers.is_empty() {
        why.push_str(&format!("; {}", h.modifier_names()));
    }
    why.push(')');
    st.wrap(w, &why, "     ", "     ", Style::new());
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = include_str!("../../tests/data/transcripts/sample.txt");

    fn render(width: usize, color: bool) -> String {
        text(
            &crate::render::sample_report(SAMPLE),
            &TextOptions { color, width },
        )
    }

    /// Lines wider than `width`, by display width, except a lone word too
    /// long for any line.
    fn too_wide(s: &str, width: usize) -> Vec<&str> {
        s.lines()
            .filter(|l| display_width(l) > width && l.split_whitespace().count() > 1)
            .collect()
    }

    #[test]
    fn every_line_fits_the_width() {
        for width in [40, 60, 80, 120] {
            for color in [false, true] {
                let out = render(width, color);
                assert_eq!(too_wide(&out, width), Vec::<&str>::new(), "{width}");
            }
        }
    }

    #[test]
    fn a_wider_terminal_has_fewer_lines() {
        assert!(render(120, false).lines().count() < render(80, false).lines().count());
        assert!(render(80, false).lines().count() < render(60, false).lines().count());
    }

    #[test]
    fn the_default_is_80_columns_without_colour() {
        let o = TextOptions::default();
        assert_eq!((o.color, o.width), (false, 80));
        assert_eq!(
            render(80, false),
            text(&crate::render::sample_report(SAMPLE), &o)
        );
        assert_eq!(render(0, false), render(MIN_WIDTH, false), "narrowest");
    }

    #[test]
    fn wide_characters_take_two_columns() {
        // 30 CJK characters in words of three: 60 columns, not 30.
        let goal = ["漢字文"; 10].join(" ");
        let st = Styler {
            color: false,
            width: 30,
        };
        let mut out = String::new();
        st.wrap(&mut out, &goal, "", "", Style::new());
        assert_eq!(out.lines().count(), 3, "{out}");
        assert!(out.lines().all(|l| display_width(l) <= 30), "{out}");
    }

    #[test]
    fn colour_styles_each_wrapped_line_and_takes_no_columns() {
        // "[GREEN] one two three" is 21 columns.
        let st = Styler {
            color: true,
            width: 21,
        };
        let mut out = String::new();
        let head = format!("{} ", st.verdict(Verdict::Green));
        st.wrap(
            &mut out,
            "one two three four five six",
            &head,
            "  ",
            Style::new().dimmed(),
        );
        assert_eq!(
            out,
            "\x1b[1m\x1b[32m[GREEN]\x1b[0m \x1b[2mone two three\x1b[0m\n  \x1b[2mfour five six\x1b[0m\n"
        );
    }

    #[test]
    fn without_colour_there_are_no_escapes() {
        assert!(!render(80, false).contains('\x1b'));
        assert!(render(80, true).contains("\x1b[32m[GREEN]"));
    }

    #[test]
    fn dropped_hits_say_why() {
        // Regression: the line used to say only "see --format json".
        let out = render(80, false);
        assert!(
            out.contains("(1 more hit did not count: 1 superseded)"),
            "{out}"
        );
        assert!(!out.contains("see --format json"));
    }
}
