//! Outputs for many transcripts: a comparison table (text or Markdown) and
//! CSV. Each is written in pieces — header, one row per transcript as its
//! turn comes, footer — so a batch streams.

use std::fmt::Write;

use crate::pack::Pack;
use crate::report::{HitReport, Report, Verdict};

/// A one-letter verdict that reads without colour.
fn letter(v: Verdict) -> &'static str {
    match v {
        Verdict::Green => "G",
        Verdict::Amber => "A",
        Verdict::Red => "R",
        Verdict::Unanswered => "-",
    }
}

fn colored(v: Verdict, s: &str, color: bool) -> String {
    if !color {
        return s.to_string();
    }
    let code = match v {
        Verdict::Green => "32",
        Verdict::Amber => "33",
        Verdict::Red => "31",
        Verdict::Unanswered => "2",
    };
    format!("\x1b[{code}m{s}\x1b[0m")
}

fn emoji(v: Verdict) -> &'static str {
    match v {
        Verdict::Green => "🟢 G",
        Verdict::Amber => "🟠 A",
        Verdict::Red => "🔴 R",
        Verdict::Unanswered => "⚪ -",
    }
}

/// Width of the transcript column in the text table.
const NAME_WIDTH: usize = 28;

/// The comparison table: a row per transcript.
pub struct Table {
    numbers: Vec<u32>,
    categories: Vec<(String, String)>,
    markdown: bool,
    color: bool,
}

impl Table {
    pub fn new(pack: &Pack, markdown: bool, color: bool) -> Table {
        Table {
            numbers: pack.questions.iter().map(|q| q.number).collect(),
            categories: pack
                .categories
                .iter()
                .map(|c| (c.id.clone(), c.label.clone()))
                .collect(),
            markdown,
            color,
        }
    }

    /// What `partial` means.
    fn partial_legend(&self) -> String {
        format!(
            "partial: fewer than {} answered, so the overall is at best amber",
            crate::report::Overall::needed(self.numbers.len())
        )
    }

    fn short(label: &str) -> String {
        // "Tech Debt" -> "TD", "Metrics" -> "ME".
        let words: Vec<&str> = label.split([' ', '-']).filter(|w| !w.is_empty()).collect();
        let s: String = if words.len() > 1 {
            words
                .iter()
                .filter_map(|w| w.chars().next())
                .take(2)
                .collect()
        } else {
            label.chars().take(2).collect()
        };
        s.to_uppercase()
    }

    pub fn header(&self) -> String {
        let mut s = String::new();
        if self.markdown {
            s.push_str("| transcript |");
            for n in &self.numbers {
                let _ = write!(s, " Q{n} |");
            }
            for (_, label) in &self.categories {
                let _ = write!(s, " {label} |");
            }
            s.push_str(" overall | asked | answered |\n|---|");
            for _ in 0..self.numbers.len() + self.categories.len() + 3 {
                s.push_str("---|");
            }
            s.push('\n');
            return s;
        }
        let _ = write!(s, "{:<NAME_WIDTH$}", "transcript");
        for n in &self.numbers {
            let _ = write!(s, " {n:>2}");
        }
        s.push_str("  ");
        for (_, label) in &self.categories {
            let _ = write!(s, " {:>2}", Self::short(label));
        }
        s.push_str("  overall asked answered\n");
        s
    }

    /// Questions asked and answered, of all: `3/10`, `2/10`; and
    /// ` partial` when that is too few.
    fn coverage(r: &Report) -> (String, String, &'static str) {
        let n = r.questions.len();
        (
            format!("{}/{n}", r.overall.asked),
            format!("{}/{n}", r.overall.answered),
            if r.overall.partial { " partial" } else { "" },
        )
    }

    pub fn row(&self, r: &Report) -> String {
        let mut s = String::new();
        let overall = match r.overall.score {
            Some(n) => format!("{n:>3} {}", letter(r.overall.verdict)),
            None => format!("  - {}", letter(r.overall.verdict)),
        };
        if self.markdown {
            let _ = write!(s, "| {} |", r.source.replace('|', "\\|"));
            for q in &r.questions {
                let _ = write!(s, " {} |", emoji(q.verdict));
            }
            for c in &r.categories {
                let _ = write!(s, " {} |", emoji(c.verdict));
            }
            let (asked, answered, partial) = Self::coverage(r);
            let _ = writeln!(s, " {} | {asked} | {answered}{partial} |", overall.trim());
            return s;
        }
        let _ = write!(s, "{:<NAME_WIDTH$}", fit(&r.source, NAME_WIDTH));
        for q in &r.questions {
            let _ = write!(
                s,
                " {}",
                colored(q.verdict, &format!("{:>2}", letter(q.verdict)), self.color)
            );
        }
        s.push_str("  ");
        for c in &r.categories {
            let _ = write!(
                s,
                " {}",
                colored(c.verdict, &format!("{:>2}", letter(c.verdict)), self.color)
            );
        }
        let (asked, answered, partial) = Self::coverage(r);
        let _ = writeln!(
            s,
            "  {}   {asked:>5} {answered:>8}{partial}",
            colored(r.overall.verdict, &overall, self.color)
        );
        s
    }

    /// The legend, then the files that failed.
    pub fn footer(&self, failed: &[(String, String)]) -> String {
        let mut s = String::new();
        if self.markdown {
            let _ = writeln!(
                s,
                "\nG green · A amber · R red · - unanswered · {}",
                self.partial_legend()
            );
            if !failed.is_empty() {
                s.push_str("\n**Failed:**\n\n");
                for (source, e) in failed {
                    let _ = writeln!(s, "- `{source}`: {e}");
                }
            }
            return s;
        }
        let names: Vec<String> = self
            .categories
            .iter()
            .map(|(_, l)| format!("{} {l}", Self::short(l)))
            .collect();
        let _ = writeln!(
            s,
            "\nG green, A amber, R red, - unanswered; {}",
            names.join(", ")
        );
        let _ = writeln!(s, "{}", self.partial_legend());
        if !failed.is_empty() {
            let _ = writeln!(s, "\nFailed ({}):", failed.len());
            for (source, e) in failed {
                let _ = writeln!(s, "  {source}: {e}");
            }
        }
        s
    }
}

/// Keeps the end of a long path: `…/interviews/acme.txt`.
fn fit(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n < width {
        return s.to_string();
    }
    let keep: String = s.chars().skip(n - (width - 2)).collect();
    format!("…{keep}")
}

/// CSV: a row per transcript and question. After the question's own
/// columns, whether it was asked and answered; then the transcript's
/// coverage, the same on each of its rows: questions asked, questions
/// answered, and whether that makes it partial.
pub fn csv_header() -> &'static str {
    "source,question,verdict,score,evidence,asked,answered,questions_asked,questions_answered,partial\n"
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The hit that moved the question most.
fn strongest(hits: &[HitReport]) -> Option<&HitReport> {
    hits.iter()
        .filter(|h| h.dropped.is_none())
        .max_by(|a, b| a.weight.abs().total_cmp(&b.weight.abs()))
}

pub fn csv_rows(r: &Report) -> String {
    let mut s = String::new();
    for q in &r.questions {
        let evidence = strongest(&q.hits)
            .map(|h| format!("{} (line {}): {}", h.rule, h.line, h.matched))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "{},{},{},{},{},{},{},{},{},{}",
            csv_field(&r.source),
            q.id,
            q.verdict.name(),
            q.score,
            csv_field(&evidence),
            q.asked,
            q.answered,
            r.overall.asked,
            r.overall.answered,
            r.overall.partial
        );
    }
    s
}

pub fn csv_error(source: &str, error: &str) -> String {
    format!("{},,error,,{},,,,,\n", csv_field(source), csv_field(error))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_it() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, \"b\""), "\"a, \"\"b\"\"\"");
    }

    #[test]
    fn csv_error_rows_have_every_column() {
        let columns = csv_header().matches(',').count();
        assert_eq!(
            csv_error("a.txt", "bad input").matches(',').count(),
            columns
        );
    }

    #[test]
    fn long_paths_keep_their_end() {
        let f = fit("some/very/long/path/to/interviews/acme-corp.txt", 20);
        assert!(
            f.ends_with("acme-corp.txt") && f.chars().count() == 19,
            "{f}"
        );
    }

    #[test]
    fn short_labels() {
        assert_eq!(Table::short("Tech Debt"), "TD");
        assert_eq!(Table::short("On-Call"), "OC");
        assert_eq!(Table::short("Metrics"), "ME");
    }
}
