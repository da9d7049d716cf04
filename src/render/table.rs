//! Outputs for many transcripts: a comparison table (text or Markdown) and
//! CSV. Each is written in pieces — header, one row per transcript as its
//! turn comes, footer — so a batch streams.
//!
//! Every line of the text table fits [`TableOptions::width`]: the columns
//! are chosen once, before the first row, from the width and the pack (rows
//! stream, so they cannot depend on the names to come). As the width shrinks
//! the table gives up, in order: the long coverage columns (`asked`,
//! `answered`) for one short one (`ans`), the area columns, and the space
//! between verdicts. Names lose the prefix every name shares first, then
//! their middle directories, then their start.

use std::fmt::Write;

use textwrap::core::display_width;

use super::{paint, verdict_style};
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

fn emoji(v: Verdict) -> &'static str {
    match v {
        Verdict::Green => "🟢 G",
        Verdict::Amber => "🟠 A",
        Verdict::Red => "🔴 R",
        Verdict::Unanswered => "⚪ -",
    }
}

/// How to render the comparison table.
#[derive(Clone, Debug)]
pub struct TableOptions {
    /// Markdown instead of text. By default, text.
    pub markdown: bool,
    /// ANSI colour in the text table. By default, off.
    pub color: bool,
    /// Terminal columns every line of the text table fits in (Markdown is
    /// not wrapped). A pack of ten questions needs at least 42 columns;
    /// below that the table is as narrow as it can be. By default, 80.
    pub width: usize,
    /// A leading part every name shares, such as `corpus/` (see
    /// [`common_prefix`](super::common_prefix)): the text table drops it from
    /// each name before shortening what remains, and names it once in the
    /// legend. Names that do not start with it are kept whole. By default,
    /// empty.
    pub prefix: String,
}

impl Default for TableOptions {
    fn default() -> TableOptions {
        TableOptions {
            markdown: false,
            color: false,
            width: 80,
            prefix: String::new(),
        }
    }
}

/// Widest the transcript column gets, however wide the terminal.
const NAME_MAX: usize = 60;
/// Narrowest transcript column a layout may leave before a narrower one is
/// tried.
const NAME_MIN: usize = 12;
/// Narrowest transcript column at all.
const NAME_FLOOR: usize = 6;

/// The columns of the text table, chosen once from the width.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Layout {
    /// Width of the transcript column.
    name: usize,
    /// Width of a verdict cell, its leading space included: 3 or 2.
    cell: usize,
    /// Whether the area columns are shown.
    areas: bool,
    /// `overall asked answered` (true) or `overall ans` with `*` for
    /// partial (false).
    long: bool,
}

impl Layout {
    /// The widest layout whose transcript column is at least [`NAME_MIN`]
    /// wide in `width` columns, or else the narrowest.
    fn choose(width: usize, questions: usize, areas: usize) -> Layout {
        let tries = [
            (3, true, true),
            (3, true, false),
            (3, false, false),
            (2, false, false),
        ];
        let mut layout = Layout {
            name: 0,
            cell: 2,
            areas: false,
            long: false,
        };
        for (cell, show_areas, long) in tries {
            layout = Layout {
                name: 0,
                cell,
                areas: show_areas,
                long,
            };
            let rest = layout.fixed(questions, areas);
            layout.name = width.saturating_sub(rest).min(NAME_MAX);
            if layout.name >= NAME_MIN {
                return layout;
            }
        }
        layout.name = layout.name.max(NAME_FLOOR);
        layout
    }

    /// Columns of everything but the transcript column.
    fn fixed(&self, questions: usize, areas: usize) -> usize {
        let areas = if self.areas { 2 + 3 * areas } else { 0 };
        // "  overall   asked answered partial" or "  overall   ans*".
        let tail = if self.long { 32 } else { 16 };
        questions * self.cell + areas + tail
    }
}

/// The comparison table: a row per transcript.
pub struct Table {
    numbers: Vec<u32>,
    categories: Vec<(String, String)>,
    options: TableOptions,
    layout: Layout,
}

impl Table {
    pub fn new(pack: &Pack, options: TableOptions) -> Table {
        let numbers: Vec<u32> = pack.questions.iter().map(|q| q.number).collect();
        let categories: Vec<(String, String)> = pack
            .categories
            .iter()
            .map(|c| (c.id.clone(), c.label.clone()))
            .collect();
        Table::with(numbers, categories, options)
    }

    fn with(numbers: Vec<u32>, categories: Vec<(String, String)>, options: TableOptions) -> Table {
        let layout = Layout::choose(options.width, numbers.len(), categories.len());
        Table {
            numbers,
            categories,
            options,
            layout,
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
        if self.options.markdown {
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
        let l = self.layout;
        let label = |n: u32| {
            if l.cell == 2 {
                (n % 10).to_string()
            } else {
                n.to_string()
            }
        };
        // Two-wide cells hold one digit: the tens go on a line above.
        if l.cell == 2 && self.numbers.iter().any(|&n| n >= 10) {
            let mut tens = " ".repeat(l.name);
            for &n in &self.numbers {
                let t = if n >= 10 {
                    ((n / 10) % 10).to_string()
                } else {
                    String::new()
                };
                let _ = write!(tens, " {t:>1}");
            }
            s.push_str(tens.trim_end());
            s.push('\n');
        }
        let title = if l.name >= "transcript".len() {
            "transcript"
        } else {
            "name"
        };
        let mut line = pad(title, l.name);
        for &n in &self.numbers {
            let _ = write!(line, " {:>w$}", label(n), w = l.cell - 1);
        }
        if l.areas {
            line.push_str("  ");
            for (_, label) in &self.categories {
                let _ = write!(line, " {:>2}", Self::short(label));
            }
        }
        line.push_str(if l.long {
            "  overall asked answered"
        } else {
            "  overall   ans"
        });
        s.push_str(&line);
        s.push('\n');
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

    fn cell(&self, v: Verdict, width: usize) -> String {
        let text = format!("{:>width$}", letter(v));
        paint(verdict_style(v), &text, self.options.color)
    }

    pub fn row(&self, r: &Report) -> String {
        let mut s = String::new();
        let overall = match r.overall.score {
            Some(n) => format!("{n:>3} {}", letter(r.overall.verdict)),
            None => format!("  - {}", letter(r.overall.verdict)),
        };
        if self.options.markdown {
            let _ = write!(s, "| {} |", r.display_source().replace('|', "\\|"));
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
        let l = self.layout;
        let name = r
            .display_source()
            .strip_prefix(self.options.prefix.as_str())
            .filter(|rest| !rest.is_empty())
            .unwrap_or(r.display_source());
        s.push_str(&pad(&fit(name, l.name), l.name));
        for q in &r.questions {
            let _ = write!(s, " {}", self.cell(q.verdict, l.cell - 1));
        }
        if l.areas {
            s.push_str("  ");
            for c in &r.categories {
                let _ = write!(s, " {}", self.cell(c.verdict, 2));
            }
        }
        let overall = paint(
            verdict_style(r.overall.verdict),
            &overall,
            self.options.color,
        );
        let (asked, answered, partial) = Self::coverage(r);
        if l.long {
            let _ = writeln!(s, "  {overall}   {asked:>5} {answered:>8}{partial}");
        } else {
            let mark = if partial.is_empty() { "" } else { "*" };
            let _ = writeln!(s, "    {overall} {answered:>5}{mark}");
        }
        s
    }

    /// The legend, then the files that failed.
    pub fn footer(&self, failed: &[(String, String)]) -> String {
        let mut s = String::new();
        if self.options.markdown {
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
        let l = self.layout;
        let width = self.options.width.max(NAME_FLOOR);
        let mut lines = |text: &str, first: &str, rest: &str| {
            for line in super::wrap(text, width, first, rest) {
                let _ = writeln!(s, "{line}");
            }
        };
        let mut legend = String::from("G green, A amber, R red, - unanswered");
        if l.areas {
            let names: Vec<String> = self
                .categories
                .iter()
                .map(|(_, l)| format!("{} {l}", Self::short(l)))
                .collect();
            let _ = write!(legend, "; {}", names.join(", "));
        }
        lines("", "", "");
        lines(&legend, "", "");
        if l.long {
            lines(&self.partial_legend(), "", "");
        } else {
            lines(
                &format!(
                    "ans: questions answered, of {}; * {}",
                    self.numbers.len(),
                    self.partial_legend()
                ),
                "",
                "",
            );
        }
        if !self.options.prefix.is_empty() {
            lines(
                &format!("transcripts are in {}", self.options.prefix),
                "",
                "",
            );
        }
        if !failed.is_empty() {
            lines("", "", "");
            lines(&format!("Failed ({}):", failed.len()), "", "");
            for (source, e) in failed {
                lines(&format!("{source}: {e}"), "  ", "    ");
            }
        }
        s
    }
}

/// `s` padded with spaces to `width` terminal columns.
fn pad(s: &str, width: usize) -> String {
    let n = display_width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(n)))
}

/// A name in at most `width` columns: whole if it fits, else without its
/// middle directories (`corpus-hard/…/array-startup.json`), then without
/// its first (`…/array-startup.json`), then its end (`…startup.json`).
fn fit(s: &str, width: usize) -> String {
    if display_width(s) <= width {
        return s.to_string();
    }
    let parts: Vec<&str> = s.split('/').collect();
    let n = parts.len();
    // The first directory and as many of the last parts as fit.
    for keep in (1..n.saturating_sub(1)).rev() {
        let candidate = format!("{}/…/{}", parts[0], parts[n - keep..].join("/"));
        if display_width(&candidate) <= width {
            return candidate;
        }
    }
    for keep in (1..n).rev() {
        let candidate = format!("…/{}", parts[n - keep..].join("/"));
        if display_width(&candidate) <= width {
            return candidate;
        }
    }
    // The end that fits after "…".
    let mut keep = String::new();
    let mut used = 1;
    for c in s.chars().rev() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        keep.insert(0, c);
    }
    format!("…{keep}")
}

/// CSV: a row per transcript and question. After the question's own
/// columns, whether it was asked and answered; then the transcript's
/// coverage, the same on each of its rows: questions asked, questions
/// answered, and whether that makes it partial.
pub fn csv_header() -> &'static str {
    "source,question,verdict,score,evidence,asked,answered,questions_asked,questions_answered,partial\n"
}

/// One CSV record and its line end, quoted where RFC 4180 needs it.
fn csv_record<const N: usize>(fields: [&str; N]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::with_capacity(128));
    // Writing to memory cannot fail, and every field is UTF-8 already.
    let _ = writer.write_record(fields);
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// The hit that moved the question most.
fn strongest(hits: &[HitReport]) -> Option<&HitReport> {
    hits.iter()
        .filter(|h| h.dropped.is_none())
        .max_by(|a, b| a.weight.abs().total_cmp(&b.weight.abs()))
}

pub fn csv_rows(r: &Report) -> String {
    let mut s = String::new();
    let (asked, answered) = (r.overall.asked.to_string(), r.overall.answered.to_string());
    let partial = r.overall.partial.to_string();
    for q in &r.questions {
        let evidence = strongest(&q.hits)
            .map(|h| format!("{} (line {}): {}", h.rule, h.line, h.matched))
            .unwrap_or_default();
        s.push_str(&csv_record([
            &r.source,
            &q.id,
            q.verdict.name(),
            &q.score.to_string(),
            &evidence,
            &q.asked.to_string(),
            &q.answered.to_string(),
            &asked,
            &answered,
            &partial,
        ]));
    }
    s
}

pub fn csv_error(source: &str, error: &str) -> String {
    csv_record([source, "", "error", "", error, "", "", "", "", ""])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_it() {
        assert_eq!(csv_record(["plain", "x"]), "plain,x\n");
        assert_eq!(
            csv_record(["a, \"b\"", "two\nlines"]),
            "\"a, \"\"b\"\"\",\"two\nlines\"\n"
        );
    }

    #[test]
    fn csv_error_rows_have_every_column() {
        let columns = csv_header().matches(',').count();
        assert_eq!(
            csv_error("a.txt", "bad input").matches(',').count(),
            columns
        );
    }

    macro_rules! fit {
        ($name:expr, $width:expr, $expected:expr) => {
            assert_eq!(fit($name, $width), $expected, "{} in {}", $name, $width);
        };
    }

    #[test]
    fn long_names_lose_their_middle_then_their_start() {
        fit!("a.txt", 10, "a.txt");
        fit!("corpus/a.txt", 12, "corpus/a.txt");
        fit!(
            "corpus-hard/recorded/array-startup.json",
            40,
            "corpus-hard/recorded/array-startup.json"
        );
        fit!(
            "corpus-hard/recorded/array-startup.json",
            32,
            "corpus-hard/…/array-startup.json"
        );
        fit!("a/b/c/d/acme.txt", 14, "a/…/d/acme.txt");
        fit!(
            "corpus-hard/recorded/array-startup.json",
            20,
            "…/array-startup.json"
        );
        fit!(
            "corpus-hard/recorded/array-startup.json",
            12,
            "…tartup.json"
        );
        fit!("some-very-long-file-name.txt", 10, "…-name.txt");
        // Display width: each of these characters takes two columns.
        fit!("漢字漢字漢字.txt", 10, "…漢字.txt");
    }

    /// A table of ten questions and five areas, as the default pack has.
    fn ten(width: usize, prefix: &str, color: bool) -> Table {
        let areas = ["Tech Debt", "Metrics", "On-Call", "Innovation", "Reality"];
        Table::with(
            (1..=10).collect(),
            areas
                .iter()
                .map(|a| (a.to_lowercase(), a.to_string()))
                .collect(),
            TableOptions {
                markdown: false,
                color,
                width,
                prefix: prefix.to_string(),
            },
        )
    }

    /// A report of ten questions and five areas named `source`, partial.
    fn report(source: &str) -> Report {
        let mut r = crate::render::sample_report("Me: Tech debt?\nCTO: We have a debt backlog.\n");
        r.source = source.to_string();
        let q = r.questions[0].clone();
        r.questions = (1..=10)
            .map(|n| {
                let mut q = q.clone();
                q.number = n;
                q
            })
            .collect();
        let c = r.categories[0].clone();
        r.categories = vec![c; 5];
        r.overall.partial = true;
        r
    }

    /// The table for two reports, and its footer with a failure.
    fn render(table: &Table) -> String {
        let failed = [(
            "corpus/interviews/broken.srt".to_string(),
            "not a transcript: the file is binary".to_string(),
        )];
        format!(
            "{}{}{}{}",
            table.header(),
            table.row(&report("corpus/interviews/acme-corp-2024-03-12-final.txt")),
            table.row(&report("corpus/b.txt")),
            table.footer(&failed)
        )
    }

    #[test]
    fn every_line_fits_the_width() {
        // 42 is the narrowest ten questions fit in.
        for width in [42, 60, 80, 100, 120] {
            for color in [false, true] {
                let out = render(&ten(width, "corpus/", color));
                for line in out.lines() {
                    assert!(display_width(line) <= width, "{width}: {line:?}\n{out}");
                }
            }
        }
    }

    #[test]
    fn narrower_terminals_give_up_columns_in_order() {
        let layout = |w| ten(w, "", false).layout;
        let l = layout(120);
        assert_eq!((l.name, l.cell, l.areas, l.long), (41, 3, true, true));
        let l = layout(80);
        assert_eq!((l.name, l.cell, l.areas, l.long), (17, 3, true, false));
        let l = layout(60);
        assert_eq!((l.name, l.cell, l.areas, l.long), (14, 3, false, false));
        let l = layout(40);
        assert_eq!(
            (l.name, l.cell, l.areas, l.long),
            (NAME_FLOOR, 2, false, false)
        );
        assert_eq!(layout(400).name, NAME_MAX);
    }

    #[test]
    fn at_80_columns() {
        let t = ten(80, "corpus/", false);
        assert_eq!(
            t.header(),
            "transcript         1  2  3  4  5  6  7  8  9 10   TD ME OC IN RE  overall   ans\n"
        );
        assert_eq!(
            t.row(&report("corpus/b.txt")),
            "b.txt              A  A  A  A  A  A  A  A  A  A    A  A  A  A  A     50 A  1/10*\n"
        );
        let footer = t.footer(&[]);
        assert!(
            footer.contains("ans: questions answered, of 10; * partial"),
            "{footer}"
        );
        assert!(footer.contains("transcripts are in corpus/"), "{footer}");
    }

    #[test]
    fn at_40_columns_the_tens_go_above() {
        let header = ten(40, "", false).header();
        let lines: Vec<&str> = header.lines().collect();
        assert_eq!(lines.len(), 2, "{header}");
        assert!(
            lines[0].ends_with('1') && lines[1].contains("9 0"),
            "{header}"
        );
    }

    #[test]
    fn the_shared_prefix_goes_first() {
        // Regression: names were cut from the left, so every row kept the
        // shared `corpus/` and lost what told them apart.
        let row = ten(60, "corpus/", false).row(&report("corpus/recorded/array-startup.json"));
        assert!(row.starts_with("…-startup.json "), "{row}");
        assert!(!row.contains("corpus"), "{row}");
        let row = ten(120, "corpus/", false).row(&report("other/a.txt"));
        assert!(row.starts_with("other/a.txt "), "kept whole: {row}");
    }

    #[test]
    fn verdict_colours_come_from_one_place() {
        let row = ten(80, "", true).row(&report("a.txt"));
        let amber = verdict_style(Verdict::Amber);
        assert!(row.contains(&format!(" {amber} A{amber:#}")), "{row:?}");
        assert!(!ten(80, "", false).row(&report("a.txt")).contains('\x1b'));
    }

    #[test]
    fn short_labels() {
        assert_eq!(Table::short("Tech Debt"), "TD");
        assert_eq!(Table::short("On-Call"), "OC");
        assert_eq!(Table::short("Metrics"), "ME");
    }
}
