//! The normalised view of text that rules match against.
//!
//! Folds case, curly quotes and apostrophes (to `'` and `"`), hyphens (to a
//! space), en and em dashes (to a comma: in prose they break a clause), runs of
//! white space (to one space, or to one `\n` when the run holds a blank line, so
//! paragraphs stay apart); drops zero-width characters and soft hyphens. Every byte of the normalised
//! text maps back to the start of the original character it came from; the
//! map is monotonic, so a normalised range maps to an original range.

use std::ops::Range;

/// Normalised text with its map back to the original.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    pub text: String,
    /// `map[i]` is the original byte offset of the char that produced byte `i`.
    map: Vec<u32>,
}

impl Normalized {
    /// The original byte range that normalised range `r` came from.
    pub fn original_range(&self, original: &str, r: Range<usize>) -> Range<usize> {
        if r.start >= r.end || r.end > self.text.len() {
            let at = self
                .map
                .get(r.start)
                .map_or(original.len(), |&o| o as usize);
            return at..at;
        }
        let start = self.map[r.start] as usize;
        let last = self.map[r.end - 1] as usize;
        let last_len = original[last..].chars().next().map_or(0, char::len_utf8);
        start..last + last_len
    }

    /// The original byte offset of normalised offset `i`.
    pub fn original_offset(&self, original: &str, i: usize) -> usize {
        self.map.get(i).map_or(original.len(), |&o| o as usize)
    }
}

/// What one original character becomes.
enum Fold {
    Keep(char),
    Space,
    Drop,
}

/// Pushes white space, folding a run into one space, or one `\n` when the run
/// holds two line breaks.
fn push_space(out: &mut String, map: &mut Vec<u32>, at: u32, newline: bool, run: &mut Run) {
    if newline {
        run.newlines += 1;
    }
    if !run.open {
        out.push(' ');
        map.push(at);
        run.open = true;
    } else if run.newlines >= 2 && out.ends_with(' ') {
        out.pop();
        out.push('\n');
    }
}

#[derive(Default)]
struct Run {
    open: bool,
    newlines: u32,
}

fn fold(c: char) -> Fold {
    match c {
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2212}' | '\u{fe63}' | '\u{ff0d}' => {
            Fold::Space
        }
        '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{fe58}' => Fold::Keep(','),
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{02bc}' | '`'
        | '\u{00b4}' => Fold::Keep('\''),
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{00ab}'
        | '\u{00bb}' => Fold::Keep('"'),
        '\u{00ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}' => Fold::Drop,
        c if c.is_whitespace() => Fold::Space,
        c => Fold::Keep(c),
    }
}

/// Normalises `text`.
pub fn normalize(text: &str) -> Normalized {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len());
    let mut run = Run::default();
    for (i, c) in text.char_indices() {
        let i = u32::try_from(i).expect("texts over 4 GiB are refused before scanning");
        if c.is_ascii() {
            let b = c as u8;
            if b.is_ascii_whitespace() || b == b'-' {
                push_space(&mut out, &mut map, i, b == b'\n', &mut run);
                continue;
            }
            if b != b'`' {
                out.push(b.to_ascii_lowercase() as char);
                map.push(i);
                run = Run::default();
                continue;
            }
        }
        match fold(c) {
            Fold::Space => push_space(&mut out, &mut map, i, c == '\u{2028}', &mut run),
            Fold::Drop => {}
            Fold::Keep(k) => {
                let before = out.len();
                if k.is_uppercase() {
                    out.extend(k.to_lowercase());
                } else {
                    out.push(k);
                }
                map.extend(std::iter::repeat_n(i, out.len() - before));
                run = Run::default();
            }
        }
    }
    Normalized { text: out, map }
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
        let r = n.original_range(original, at..at + "culture".len());
        assert_eq!(&original[r], "Culture");
        let r = n.original_range(original, 0..7);
        assert_eq!(&original[r], "Blame’s");
    }

    #[test]
    fn expanding_lowercase_maps_whole_char() {
        let original = "İstanbul office";
        let n = normalize(original);
        let end = n.text.find(" office").unwrap();
        assert_eq!(&original[n.original_range(original, 0..end)], "İstanbul");
    }

    #[test]
    fn boundaries() {
        assert!(at_word_boundaries("we blame people", &(3..8)));
        assert!(!at_word_boundaries("blameless", &(0..5)));
        assert!(!at_word_boundaries("noblame", &(2..7)));
        assert!(at_word_boundaries("(blame)", &(1..6)));
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
