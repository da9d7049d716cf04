//! The HTML report: one self-contained file, for people.
//!
//! Inline CSS and inline SVG only: no JavaScript, fonts, images or any other
//! request, so it opens offline, mails as one attachment and prints well.
//! Every piece of transcript or rule text is escaped. The markup is well-formed
//! XML (every element closed, attributes quoted), so tests can parse it.
//! Verdicts are a colour, an icon and a word, so they read without colour.

use std::fmt::Write;

use crate::pack::Signal;
use crate::report::{HitReport, QuestionResult, Report, Verdict};
use crate::transcript::TurnKind;

const CSS: &str = include_str!("report.css");

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn icon(v: Verdict) -> &'static str {
    match v {
        Verdict::Green => "✓",
        Verdict::Amber => "!",
        Verdict::Red => "✗",
        Verdict::Unanswered => "?",
    }
}

fn word(v: Verdict) -> &'static str {
    match v {
        Verdict::Green => "Green",
        Verdict::Amber => "Amber",
        Verdict::Red => "Red",
        Verdict::Unanswered => "Unanswered",
    }
}

fn badge(v: Verdict) -> String {
    format!(
        "<span class=\"badge v-{}\"><span class=\"icon\" aria-hidden=\"true\">{}</span> {}</span>",
        v.name(),
        icon(v),
        word(v)
    )
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<main>\n{body}<footer><p>Made by candor {} — verdicts are evidence to discuss, not a judgement of people.</p></footer>\n</main>\n</body>\n</html>\n",
        escape(title),
        env!("CARGO_PKG_VERSION")
    )
}

/// One report as a page.
pub fn html(report: &Report) -> String {
    let mut body = String::new();
    let _ = write!(
        body,
        "<header>\n<h1>What the answers reveal</h1>\n<p class=\"source\">{}</p>\n<p class=\"meta\">{}</p>\n</header>\n",
        escape(report.display_source()),
        escape(&report.about())
    );
    body.push_str(&section(report, ""));
    page(&format!("candor — {}", report.display_source()), &body)
}

/// Everything about one report; ids are prefixed with `prefix` so several
/// reports can share a page.
fn section(report: &Report, prefix: &str) -> String {
    let mut s = String::new();
    let score = report
        .overall
        .score
        .map_or("–".to_string(), |n| n.to_string());
    let _ = write!(
        s,
        "<section class=\"summary\">\n<div class=\"overall v-{}\"><p class=\"label\">Overall</p><p class=\"score\">{score}<span class=\"of\">/100</span></p><p>{}</p><p class=\"coverage\">{}</p>{}</div>\n",
        report.overall.verdict.name(),
        badge(report.overall.verdict),
        escape(&report.coverage()),
        report.partial_note().map_or(String::new(), |note| format!(
            "<p class=\"partial\">{}</p>",
            escape(&note)
        ))
    );
    let series = [(report, 0usize)];
    s.push_str(&radar(
        &series.iter().map(|(r, i)| (*r, *i)).collect::<Vec<_>>(),
    ));
    s.push_str("<table class=\"checklist\">\n<thead><tr><th>Area</th><th>Goal</th><th>Verdict</th><th class=\"num\">Score</th></tr></thead>\n<tbody>\n");
    for c in &report.categories {
        let _ = writeln!(
            s,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            escape(&c.label),
            escape(&c.goal),
            badge(c.verdict),
            c.score.map_or("–".to_string(), |n| n.to_string())
        );
    }
    s.push_str("</tbody>\n</table>\n</section>\n");
    if !report.warnings.is_empty() {
        s.push_str("<section class=\"warnings\">\n<h2>Warnings</h2>\n<ul>\n");
        for w in &report.warnings {
            let _ = writeln!(s, "<li>{}</li>", escape(w));
        }
        s.push_str("</ul>\n</section>\n");
    }
    s.push_str("<section class=\"questions\">\n<h2>Questions</h2>\n");
    let mut n = 0;
    for q in &report.questions {
        s.push_str(&card(q, prefix, &mut n));
    }
    s.push_str("</section>\n");
    s.push_str(&transcript(report, prefix));
    s
}

fn card(q: &QuestionResult, prefix: &str, n: &mut usize) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<article class=\"card v-{}\" id=\"{prefix}q-{}\">\n<h3><span class=\"num\">Q{}</span> {} {}</h3>\n<p class=\"question\">{}</p>\n<p class=\"reason\">score {:+.1} · {}</p>\n",
        q.verdict.name(),
        escape(&q.id),
        q.number,
        escape(&q.title),
        badge(q.verdict),
        escape(&q.text),
        q.score,
        escape(&q.reason)
    );
    type Numbered<'a> = Vec<(usize, &'a HitReport)>;
    let (counted, dropped): (Numbered, Numbered) = q
        .hits
        .iter()
        .map(|h| {
            *n += 1;
            (*n, h)
        })
        .partition(|(_, h)| h.dropped.is_none());
    if counted.is_empty() {
        s.push_str("<p class=\"none\">No evidence in the transcript.</p>\n");
    } else {
        s.push_str("<ol class=\"evidence\">\n");
        for (i, h) in &counted {
            s.push_str(&evidence(h, prefix, *i));
        }
        s.push_str("</ol>\n");
    }
    if !dropped.is_empty() {
        let _ = write!(
            s,
            "<details class=\"dropped\"><summary>{} hit{} that did not count: {}</summary>\n<ol class=\"evidence\">\n",
            dropped.len(),
            if dropped.len() == 1 { "" } else { "s" },
            escape(&super::dropped_summary(q))
        );
        for (i, h) in &dropped {
            s.push_str(&evidence(h, prefix, *i));
        }
        s.push_str("</ol>\n</details>\n");
    }
    if q.hits_omitted > 0 {
        let _ = writeln!(
            s,
            "<p class=\"omitted\">{}</p>",
            escape(&super::omitted(q.hits_omitted))
        );
    }
    if !q.follow_up.is_empty() {
        s.push_str("<div class=\"follow\"><h4>Ask next</h4>\n<ul>\n");
        for f in &q.follow_up {
            let _ = writeln!(s, "<li>{}</li>", escape(f));
        }
        s.push_str("</ul>\n</div>\n");
    }
    s.push_str("</article>\n");
    s
}

fn signal_class(s: Signal) -> &'static str {
    match s {
        Signal::Green => "s-green",
        Signal::Amber => "s-amber",
        Signal::Red => "s-red",
    }
}

fn evidence(h: &HitReport, prefix: &str, i: usize) -> String {
    let excerpt: String = h
        .excerpt_pieces()
        .into_iter()
        .map(|(text, marked)| {
            if marked {
                format!(
                    "<mark class=\"{}\">{}</mark>",
                    signal_class(h.signal),
                    escape(text)
                )
            } else {
                escape(text)
            }
        })
        .collect();
    let mut place = format!("line {}", h.line);
    if let Some(t) = &h.time {
        let _ = write!(place, " · {}", t.split('.').next().unwrap_or(t));
    }
    if let Some(sp) = &h.speaker {
        let _ = write!(place, " · {sp}");
    }
    let mut s = format!(
        "<li class=\"hit\" id=\"{prefix}e-{i}\">\n<blockquote>{excerpt}</blockquote>\n<p class=\"where\"><a href=\"#{prefix}h-{i}\">{}</a></p>\n<p class=\"msg\">{} <code>{}</code> <span class=\"w\">{:+.2}</span></p>\n",
        escape(&place),
        escape(&h.message),
        escape(&h.rule),
        h.weight
    );
    let mut mods: Vec<String> = h.modifiers.iter().map(|m| m.words().to_string()).collect();
    if let Some(d) = &h.dropped {
        mods.push(format!("did not count: {d}"));
    }
    if !mods.is_empty() {
        let _ = writeln!(s, "<p class=\"mods\">{}</p>", escape(&mods.join(" · ")));
    }
    s.push_str("</li>\n");
    s
}

/// A hit as the transcript view marks it.
#[derive(Clone, Copy)]
struct Span<'a> {
    start: usize,
    end: usize,
    /// The hit's number on the page (its anchors are `h-N` and `e-N`).
    number: usize,
    /// Whether this piece carries the hit's `h-N` anchor (its first word).
    anchor: bool,
    question: &'a str,
    signal: Signal,
    counted: bool,
}

/// The transcript with every hit highlighted and linked to its evidence.
fn transcript(report: &Report, prefix: &str) -> String {
    let Some(t) = &report.transcript else {
        return String::new();
    };
    // Hits by turn: (start, end, number, question id, signal, counted).
    let mut by_turn: Vec<Vec<Span>> = vec![Vec::new(); t.turns.len()];
    let mut n = 0;
    for q in &report.questions {
        for h in &q.hits {
            n += 1;
            if let Some(list) = by_turn.get_mut(h.turn) {
                for (k, &(start, end)) in h.spans.iter().enumerate() {
                    list.push(Span {
                        start,
                        end,
                        number: n,
                        anchor: k == 0,
                        question: q.id.as_str(),
                        signal: h.signal,
                        counted: h.dropped.is_none(),
                    });
                }
            }
        }
    }
    let asker = report.speakers.asker.as_deref();
    let mut s = String::from("<section class=\"transcript\">\n<h2>Transcript</h2>\n");
    for (i, turn) in t.turns.iter().enumerate() {
        let origin = turn.origins[0];
        let class = match (turn.kind, turn.speaker.as_deref()) {
            (TurnKind::Heading, _) => "heading",
            (TurnKind::Comment, _) => "comment",
            (_, Some(sp)) if Some(sp) == asker => "ask",
            _ => "answer",
        };
        let mut who = String::new();
        if let Some(sp) = &turn.speaker {
            let _ = write!(who, "<span class=\"speaker\">{}</span> ", escape(sp));
        }
        let _ = write!(who, "<span class=\"line\">line {}", origin.line);
        if let Some(time) = origin.time {
            let _ = write!(
                who,
                " · {}",
                time.to_string().split('.').next().unwrap_or("")
            );
        }
        who.push_str("</span>");
        let _ = write!(
            s,
            "<div class=\"turn {class}\">\n<p class=\"who\">{who}</p>\n<p class=\"text\">{}</p>\n</div>\n",
            highlight(&turn.text, by_turn[i].as_mut_slice(), prefix)
        );
    }
    s.push_str("</section>\n");
    s
}

/// Turn text with hits marked; overlapping hits share one mark.
fn highlight(text: &str, hits: &mut [Span], prefix: &str) -> String {
    hits.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out = String::new();
    let mut cursor = 0;
    let mut i = 0;
    while i < hits.len() {
        let first = hits[i];
        let mut end = first.end;
        let mut j = i + 1;
        while j < hits.len() && hits[j].start < end {
            end = end.max(hits[j].end);
            j += 1;
        }
        let group = &hits[i..j];
        i = j;
        if first.start < cursor
            || end > text.len()
            || !text.is_char_boundary(first.start)
            || !text.is_char_boundary(end)
        {
            continue;
        }
        out.push_str(&text_html(&text[cursor..first.start]));
        let counted = group.iter().any(|h| h.counted);
        let _ = write!(
            out,
            "<mark class=\"{}{}\">",
            signal_class(first.signal),
            if counted { "" } else { " off" }
        );
        for h in group.iter().filter(|h| h.anchor) {
            let _ = write!(out, "<span id=\"{prefix}h-{}\"></span>", h.number);
        }
        let _ = write!(
            out,
            "<a href=\"#{prefix}e-{}\" title=\"{}\">{}</a></mark>",
            first.number,
            escape(first.question),
            text_html(&text[first.start..end])
        );
        cursor = end;
    }
    out.push_str(&text_html(&text[cursor..]));
    out
}

/// Escaped text with line breaks kept.
fn text_html(s: &str) -> String {
    escape(s).replace('\n', "<br/>")
}

/// Colours and dash patterns for overlaid series.
const SERIES: &[(&str, &str)] = &[
    ("#2563eb", ""),
    ("#db2777", "6 3"),
    ("#059669", "2 3"),
    ("#d97706", "8 3 2 3"),
    ("#7c3aed", "1 2"),
    ("#475569", "10 4"),
];

/// A radar chart of category scores, one polygon per report (up to six).
/// An unanswered area has no point, not a point at 0 (which is red): a
/// report's outline has a gap there, and an area no report answered has a
/// dashed axis labelled "unanswered".
fn radar(reports: &[(&Report, usize)]) -> String {
    let Some((first, _)) = reports.first() else {
        return String::new();
    };
    let labels: Vec<&str> = first.categories.iter().map(|c| c.label.as_str()).collect();
    let k = labels.len().max(3);
    let (cx, cy, r) = (170.0f64, 150.0f64, 100.0f64);
    let point = |i: usize, v: f64| {
        let a = -std::f64::consts::FRAC_PI_2 + i as f64 * std::f64::consts::TAU / k as f64;
        (cx + r * v * a.cos(), cy + r * v * a.sin())
    };
    let poly = |vals: &[f64]| {
        vals.iter()
            .enumerate()
            .map(|(i, v)| {
                let (x, y) = point(i, *v);
                format!("{x:.1},{y:.1}")
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut s = String::from(
        "<figure class=\"chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"-20 0 380 300\" role=\"img\" aria-labelledby=\"chart-title\">\n<title id=\"chart-title\">Checklist scores out of 100</title>\n",
    );
    for level in [0.25, 0.5, 0.75, 1.0] {
        let _ = writeln!(
            s,
            "<polygon class=\"grid\" points=\"{}\"/>",
            poly(&vec![level; k])
        );
    }
    // An area unanswered in every report has no point: its axis is dashed
    // and its label says so.
    let missing = |i: usize| {
        reports
            .iter()
            .all(|(r, _)| r.categories.get(i).is_none_or(|c| c.score.is_none()))
    };
    for (i, label) in labels.iter().enumerate() {
        let (x, y) = point(i, 1.0);
        let gap = missing(i);
        let _ = writeln!(
            s,
            "<line class=\"axis{}\" x1=\"{cx}\" y1=\"{cy}\" x2=\"{x:.1}\" y2=\"{y:.1}\"/>",
            if gap { " missing" } else { "" }
        );
        let (lx, ly) = point(i, 1.2);
        let anchor = if (lx - cx).abs() < 5.0 {
            "middle"
        } else if lx > cx {
            "start"
        } else {
            "end"
        };
        let _ = writeln!(
            s,
            "<text x=\"{lx:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
            ly + 4.0,
            escape(label)
        );
        if gap {
            // Below the label, or above it in the top half, off the chart.
            let ny = if ly < cy { ly - 9.0 } else { ly + 17.0 };
            let _ = writeln!(
                s,
                "<text class=\"missing\" x=\"{lx:.1}\" y=\"{ny:.1}\" text-anchor=\"{anchor}\">unanswered</text>"
            );
        }
    }
    for (report, idx) in reports {
        let (color, dash) = SERIES[idx % SERIES.len()];
        let dasharray = if dash.is_empty() {
            String::new()
        } else {
            format!(" stroke-dasharray=\"{dash}\"")
        };
        let vals: Vec<Option<f64>> = report
            .categories
            .iter()
            .map(|c| c.score.map(|n| n as f64 / 100.0))
            .collect();
        let answered: Vec<f64> = vals.iter().flatten().copied().collect();
        if answered.len() == vals.len() {
            let _ = writeln!(
                s,
                "<polygon class=\"series\" points=\"{}\" stroke=\"{color}\" fill=\"{color}\"{dasharray}/>",
                poly(&answered)
            );
        } else {
            // Unanswered areas have no point, so the outline has a gap
            // there; only sectors between two answered areas are filled.
            let (mut fill, mut outline) = (String::new(), String::new());
            let n = vals.len();
            for i in 0..n {
                let j = (i + 1) % n;
                if n < 3 && j <= i {
                    continue;
                }
                if let (Some(a), Some(b)) = (vals[i], vals[j]) {
                    let ((ax, ay), (bx, by)) = (point(i, a), point(j, b));
                    let _ = write!(fill, "M{cx},{cy} L{ax:.1},{ay:.1} L{bx:.1},{by:.1} Z ");
                    let _ = write!(outline, "M{ax:.1},{ay:.1} L{bx:.1},{by:.1} ");
                }
            }
            if !fill.is_empty() {
                let _ = writeln!(
                    s,
                    "<path class=\"series\" d=\"{}\" stroke=\"none\" fill=\"{color}\"/>",
                    fill.trim_end()
                );
                let _ = writeln!(
                    s,
                    "<path class=\"series\" d=\"{}\" stroke=\"{color}\" fill=\"none\"{dasharray}/>",
                    outline.trim_end()
                );
            }
        }
        for (i, v) in vals.iter().enumerate() {
            let Some(v) = v else { continue };
            let (x, y) = point(i, *v);
            let _ = writeln!(
                s,
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3\" fill=\"{color}\"/>"
            );
        }
    }
    s.push_str("</svg>\n");
    if reports.len() > 1 {
        s.push_str("<figcaption><ul class=\"legend\">\n");
        for (report, idx) in reports {
            let (color, dash) = SERIES[idx % SERIES.len()];
            let _ = writeln!(
                s,
                "<li><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"28\" height=\"10\" aria-hidden=\"true\"><line x1=\"0\" y1=\"5\" x2=\"28\" y2=\"5\" stroke=\"{color}\" stroke-width=\"3\" stroke-dasharray=\"{dash}\"/></svg> {}</li>",
                escape(report.display_source())
            );
        }
        s.push_str("</ul>Checklist scores out of 100; an unanswered area has no point: a gap in its line.</figcaption>\n");
    } else {
        s.push_str(
            "<figcaption>Checklist scores out of 100; an unanswered area has no point and is not 0.</figcaption>\n",
        );
    }
    s.push_str("</figure>\n");
    s
}

/// Most transcripts overlaid on the comparison page's chart.
pub const MAX_OVERLAID: usize = 6;

/// A comparison page for many reports: a heatmap, overlaid charts, and a
/// section per transcript. `failed` lists files that could not be scored.
pub fn comparison(reports: &[Report], failed: &[(String, String)]) -> String {
    let mut body = format!(
        "<header>\n<h1>Comparing {} interviews</h1>\n<p class=\"meta\">{}</p>\n</header>\n",
        reports.len(),
        reports.first().map_or(String::new(), |r| escape(&format!(
            "pack {} {}",
            r.pack.name, r.pack.version
        )))
    );
    if let Some(first) = reports.first() {
        // The table scrolls inside its card when the page is too narrow
        // for it; a divider and a group heading part questions from areas.
        let _ = write!(
            body,
            "<section class=\"summary wide\">\n<div class=\"scroll\">\n<table class=\"heatmap\">\n<thead><tr class=\"groups\"><td></td><th colspan=\"{}\" scope=\"colgroup\">Questions</th><th colspan=\"{}\" scope=\"colgroup\" class=\"areas\">Areas</th><td></td></tr>\n<tr><th>Transcript</th>",
            first.questions.len(),
            first.categories.len()
        );
        for q in &first.questions {
            let _ = write!(
                body,
                "<th class=\"q\" title=\"{}: {}\">Q{}</th>",
                escape(&q.title),
                escape(&q.text),
                q.number
            );
        }
        for (k, c) in first.categories.iter().enumerate() {
            let _ = write!(
                body,
                "<th class=\"area{}\" title=\"{}\">{}</th>",
                if k == 0 { " areas" } else { "" },
                escape(&c.goal),
                escape(&c.label)
            );
        }
        body.push_str("<th class=\"overall-col\">Overall</th></tr></thead>\n<tbody>\n");
        for (i, r) in reports.iter().enumerate() {
            let _ = write!(
                body,
                "<tr><th scope=\"row\"><a href=\"#t{i}\">{}</a><span class=\"coverage{}\">{}</span></th>",
                escape(r.display_source()),
                if r.overall.partial { " partial" } else { "" },
                escape(&r.coverage())
            );
            for q in &r.questions {
                let _ = write!(
                    body,
                    "<td class=\"cell v-{}\" title=\"Q{} {}: {}\"><a href=\"#t{i}-q-{}\">{}</a></td>",
                    q.verdict.name(),
                    q.number,
                    escape(&q.title),
                    word(q.verdict),
                    escape(&q.id),
                    icon(q.verdict)
                );
            }
            for (k, c) in r.categories.iter().enumerate() {
                let _ = write!(
                    body,
                    "<td class=\"cell v-{}{}\" title=\"{}: {}\">{}</td>",
                    c.verdict.name(),
                    if k == 0 { " areas" } else { "" },
                    escape(&c.label),
                    word(c.verdict),
                    icon(c.verdict)
                );
            }
            let _ = writeln!(
                body,
                "<td class=\"cell overall-col v-{}\">{}</td></tr>",
                r.overall.verdict.name(),
                r.overall.score.map_or("–".to_string(), |n| n.to_string())
            );
        }
        let _ = writeln!(
            body,
            "</tbody>\n</table>\n</div>\n<p class=\"legend-line\">✓ green · ! amber · ✗ red · ? unanswered · partial: fewer than {} answered, so the overall is at best amber</p>",
            crate::report::Overall::needed(first.questions.len())
        );
        let series: Vec<(&Report, usize)> = reports
            .iter()
            .take(MAX_OVERLAID)
            .enumerate()
            .map(|(i, r)| (r, i))
            .collect();
        body.push_str(&radar(&series));
        if reports.len() > MAX_OVERLAID {
            let _ = writeln!(
                body,
                "<p class=\"note\">The chart shows the first {MAX_OVERLAID} transcripts.</p>"
            );
        }
        body.push_str("</section>\n");
    }
    if !failed.is_empty() {
        body.push_str(
            "<section class=\"warnings\">\n<h2>Files that could not be scored</h2>\n<ul>\n",
        );
        for (source, e) in failed {
            let _ = writeln!(
                body,
                "<li><code>{}</code>: {}</li>",
                escape(source),
                escape(e)
            );
        }
        body.push_str("</ul>\n</section>\n");
    }
    for (i, r) in reports.iter().enumerate() {
        let _ = write!(
            body,
            "<section class=\"report\" id=\"t{i}\">\n<h2 class=\"report-title\">{}</h2>\n<p class=\"meta\">{}</p>\n",
            escape(r.display_source()),
            escape(&r.about())
        );
        body.push_str(&section(r, &format!("t{i}-")));
        body.push_str("</section>\n");
    }
    page("candor — comparison", &body)
}
