//! The normalised view of text that rules match against.
//!
//! Folds case, curly quotes and apostrophes (to `'` and `"`), hyphens (to a
//! space), en and em dashes (to a comma: in prose they break a clause), runs of
//! white space (to one space, or to one `\n` when the run holds a blank line, so
//! paragraphs stay apart); drops zero-width characters and soft hyphens.
//!
//! Every character of the normalised text maps back to the start of the
//! original character it came from; the map is monotonic, so a normalised
//! range maps to an original range. The map is stored as breakpoints where
//! the byte-for-byte correspondence breaks (a folded run of white space, a
//! character whose folded form has another length), so ordinary prose costs
//! almost nothing to map.

use std::ops::Range;

/// Normalised text with its map back to the original.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    pub text: String,
    /// `(normalised offset, original offset)`: from each breakpoint on,
    /// bytes correspond one to one until the next. Sorted; starts at (0, 0).
    runs: Vec<(u32, u32)>,
    /// The original offset just past the last character that was kept.
    end: u32,
}

impl Normalized {
    /// The original byte offset of normalised offset `i` (a char boundary).
    pub fn original_offset(&self, i: usize) -> usize {
        if i >= self.text.len() {
            return self.end as usize;
        }
        let k = self.runs.partition_point(|r| r.0 as usize <= i) - 1;
        let (n, o) = self.runs[k];
        o as usize + (i - n as usize)
    }

    /// The original byte range that normalised range `r` came from.
    pub fn original_range(&self, r: Range<usize>) -> Range<usize> {
        let start = self.original_offset(r.start);
        let end = self.original_offset(r.end).max(start);
        start..end
    }
}

/// What one original character becomes.
enum Fold {
    Keep(char),
    Space,
    Drop,
}

fn fold(c: char) -> Fold {
    match c {
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2212}' | '\u{fe63}' | '\u{ff0d}' => Fold::Space,
        '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{fe58}' => Fold::Keep(','),
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{02bc}'
        | '\u{00b4}' => Fold::Keep('\''),
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{00ab}'
        | '\u{00bb}' => Fold::Keep('"'),
        '\u{00ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}' => Fold::Drop,
        c if c.is_whitespace() => Fold::Space,
        c => Fold::Keep(c),
    }
}

/// Builds the normalised text and its breakpoints.
struct Out {
    text: String,
    runs: Vec<(u32, u32)>,
    /// Inside a run of white space; how many line breaks it holds.
    in_space: bool,
    newlines: u32,
}

impl Out {
    /// Records that the byte after the output so far maps to `at`, so a
    /// character whose folded form changed length ends its run.
    fn at_end(&mut self, at: u32) {
        self.at(at);
    }

    /// Notes that the next output byte comes from original offset `at`.
    fn at(&mut self, at: u32) {
        let (n, o) = *self.runs.last().expect("runs start with (0, 0)");
        let out = self.text.len() as u32;
        if o + (out - n) != at {
            if n == out {
                self.runs.pop();
            }
            self.runs.push((out, at));
        }
    }

    fn push(&mut self, c: char, at: u32) {
        self.at(at);
        self.text.push(c);
        self.in_space = false;
        self.newlines = 0;
    }

    /// White space: a run becomes one space, or one `\n` when it holds a blank line.
    fn space(&mut self, at: u32, newline: bool) {
        if newline {
            self.newlines += 1;
        }
        if !self.in_space {
            self.at(at);
            self.text.push(' ');
            self.in_space = true;
        } else if self.newlines >= 2 && self.text.ends_with(' ') {
            self.text.pop();
            self.text.push('\n');
        }
    }
}

/// ASCII bytes that are copied as they are (but for case).
const PLAIN: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = !matches!(
            b as u8,
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | b'-' | b'`'
        );
        b += 1;
    }
    t
};

/// Normalises `text`.
pub fn normalize(text: &str) -> Normalized {
    let mut out = Out {
        text: String::with_capacity(text.len()),
        runs: vec![(0, 0)],
        in_space: false,
        newlines: 0,
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // A run of ordinary ASCII bytes, the common case: copied whole and
        // lower-cased in place; one byte in, one byte out.
        // A single space after an ordinary byte is one to one too.
        let start = i;
        while i < bytes.len()
            && (PLAIN[bytes[i] as usize] || (bytes[i] == b' ' && i > start && bytes[i - 1] != b' '))
        {
            i += 1;
        }
        if i > start {
            out.at(start as u32);
            let from = out.text.len();
            out.text.push_str(&text[start..i]);
            out.text[from..].make_ascii_lowercase();
            out.in_space = bytes[i - 1] == b' ';
            out.newlines = 0;
            if i == bytes.len() {
                break;
            }
        }
        let b = bytes[i];
        let at = u32::try_from(i).expect("texts over 4 GiB are refused before scanning");
        if b.is_ascii() {
            match b {
                b'`' => out.push('\'', at),
                _ => out.space(at, b == b'\n'),
            }
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().expect("i is a char boundary");
        match fold(c) {
            Fold::Space => out.space(at, c == '\u{2028}'),
            Fold::Drop => {}
            Fold::Keep(k) if k.is_uppercase() => {
                // Each char of the lower case maps to the original's start:
                // `İ` is two chars, `i` and a combining dot above.
                for l in k.to_lowercase() {
                    out.at(at);
                    out.text.push(l);
                }
                out.in_space = false;
                out.newlines = 0;
            }
            Fold::Keep(k) => out.push(k, at),
        }
        i += c.len_utf8();
        // The next character starts a new run if this one changed length.
        let end = u32::try_from(i).expect("texts over 4 GiB are refused before scanning");
        out.at_end(end);
    }
    let end = bytes.len() as u32;
    Normalized {
        text: out.text,
        runs: out.runs,
        end,
    }
}

/// A phrase as rules store it: normalised and trimmed.
pub fn normalize_phrase(phrase: &str) -> String {
    normalize(phrase).text.trim().to_string()
}

/// Whether `c` is part of a word for boundary checks.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `text[range]` starts and ends at word boundaries.
pub fn at_word_boundaries(text: &str, range: &Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let first = text[range.start..].chars().next();
    let last = text[..range.end].chars().next_back();
    let after = text[range.end..].chars().next();
    let start_ok = match (before, first) {
        (Some(b), Some(f)) => !(is_word_char(b) && is_word_char(f)),
        _ => true,
    };
    let end_ok = match (last, after) {
        (Some(l), Some(a)) => !(is_word_char(l) && is_word_char(a)),
        _ => true,
    };
    start_ok && end_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_quotes_dashes_and_space() {
        let n = normalize("We DON’T  do\n“Post-Mortems” — ok");
        assert_eq!(n.text, "we don't do \"post mortems\" , ok");
    }

    #[test]
    fn maps_back_to_original() {
        let original = "Blame’s   Culture";
        let n = normalize(original);
        let at = n.text.find("culture").unwrap();
        let r = n.original_range(at..at + "culture".len());
        assert_eq!(&original[r], "Culture");
        let r = n.original_range(0..7);
        assert_eq!(&original[r], "Blame’s");
    }

    #[test]
    fn expanding_lowercase_maps_whole_char() {
        let original = "İstanbul office";
        let n = normalize(original);
        let end = n.text.find(" office").unwrap();
        assert_eq!(&original[n.original_range(0..end)], "İstanbul");
    }

    #[test]
    fn every_char_of_an_expanded_lowercase_maps_to_a_char_boundary() {
        // Found by tests/properties.rs: the combining dot of `i̇` mapped
        // into the middle of `İ`.
        let original = "aİb";
        let n = normalize(original);
        assert_eq!(n.text, "ai\u{307}b");
        let offsets: Vec<usize> = n
            .text
            .char_indices()
            .map(|(i, _)| n.original_offset(i))
            .collect();
        assert_eq!(offsets, [0, 1, 1, 3]);
        assert_eq!(n.original_offset(n.text.len()), original.len());
    }

    #[test]
    fn boundaries() {
        assert!(at_word_boundaries("we blame people", &(3..8)));
        assert!(!at_word_boundaries("blameless", &(0..5)));
        assert!(!at_word_boundaries("noblame", &(2..7)));
        assert!(at_word_boundaries("(blame)", &(1..6)));
    }

    #[test]
    fn every_char_maps_back_to_its_original() {
        let original = "  Café —  “Blame”\u{200b}less\t\tpost‐mortems ÀB’s  ok  ";
        let n = normalize(original);
        for (i, c) in n.text.char_indices() {
            let o = n.original_offset(i);
            assert!(original.is_char_boundary(o), "{i} -> {o}");
            let oc = original[o..].chars().next().unwrap();
            let folded = normalize(&oc.to_string()).text;
            assert!(
                folded.starts_with(c) || (c == ' ' && folded.is_empty()) || folded == " ",
                "{c:?} at {i} maps to {oc:?} at {o}"
            );
        }
        let at = n.text.find("post mortems").unwrap();
        let r = n.original_range(at..at + "post mortems".len());
        assert_eq!(&original[r], "post‐mortems");
        let at = n.text.find("àb's").unwrap();
        assert_eq!(&original[n.original_range(at..at + "àb's".len())], "ÀB’s");
    }

    #[test]
    fn blank_lines_stay_paragraph_breaks() {
        assert_eq!(normalize("one\n\n  two\nthree").text, "one\ntwo three");
    }

    #[test]
    fn zero_width_and_soft_hyphen_drop() {
        assert_eq!(normalize("post\u{00ad}mortem\u{200b}s").text, "postmortems");
    }
}
