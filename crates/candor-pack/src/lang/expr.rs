//! Match expressions: the syntax rules, concepts, markers and cues are
//! written in.
//!
//! ```text
//! expr  := all ('|' all)*            alternatives
//! all   := seq ('&' seq)*            all of them in the sentence, any order
//! seq   := item (('~' N)? item)*     next to each other, or within N words
//! item  := atom '?'?                 optional
//! atom  := word | '=' word | '"' words '"' | '{' concept '}' | '(' expr ')'
//!        | '^' | '$'                  the start, the end of the sentence
//! ```
//!
//! A word is any run of characters other than white space and `(){}|&~?"^$`;
//! the tokeniser later reads it as one or more words (`post-mortem`, `don't`
//! and `20%` are each two). `=word` matches that form exactly, without
//! inflection folding (`=had` is not `have`). Every error points at a
//! character of the expression.

use std::fmt;

/// The most words `~N` may allow between two items.
pub const MAX_GAP: u16 = 30;

/// A parsed expression.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Expr {
    /// Words as written (a bare word or a quoted phrase); `exact` for `=word`.
    Words {
        text: String,
        exact: bool,
        at: Span,
    },
    Concept {
        name: String,
        at: Span,
    },
    /// `^`: the start of a sentence; `$`: its end. They match no word.
    Anchor {
        end: bool,
        at: Span,
    },
    Seq(Vec<Step>),
    Alt(Vec<Expr>),
    All(Vec<Expr>),
}

/// One item of a sequence: at most `gap` words after the item before it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Step {
    pub expr: Expr,
    pub gap: u16,
    pub optional: bool,
    /// Written with `~N` (even `~0`): the words may stand on either side of
    /// a comma, unlike words written next to each other, which are a phrase.
    pub near: bool,
}

/// A range of characters in the expression's source: start and length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Span {
    pub at: usize,
    pub len: usize,
}

/// A syntax error, at a character of the expression.
#[derive(Clone, Debug, PartialEq)]
pub struct ParseError {
    pub message: String,
    pub at: Span,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (column {})", self.message, self.at.at + 1)
    }
}

/// Parses `source`.
pub fn parse(source: &str) -> Result<Expr, ParseError> {
    // Most concept entries are one plain word: no parser needed.
    if !source.is_empty()
        && !source.starts_with('=')
        && !source.contains(|c: char| c.is_whitespace() || SPECIAL.contains(&c))
    {
        return Ok(phrase(source));
    }
    parse_full(source)
}

fn parse_full(source: &str) -> Result<Expr, ParseError> {
    let chars: Vec<char> = source.chars().collect();
    let mut p = Parser { chars, pos: 0 };
    p.skip_space();
    if p.pos == p.chars.len() {
        return Err(p.error("empty expression", 0, 1.max(source.chars().count())));
    }
    let e = p.alt()?;
    p.skip_space();
    if p.pos < p.chars.len() {
        let c = p.chars[p.pos];
        let what = if c == ')' {
            "unmatched `)`".to_string()
        } else {
            format!("unexpected `{c}`")
        };
        return Err(p.error(&what, p.pos, 1));
    }
    if fully_optional(&e) {
        return Err(p.error(
            "everything in this expression is optional: it would match anything",
            0,
            p.chars.len(),
        ));
    }
    Ok(e)
}

/// A plain phrase: its words in sequence, whatever characters it holds.
pub fn phrase(source: &str) -> Expr {
    Expr::Words {
        text: source.to_string(),
        exact: false,
        at: Span {
            at: 0,
            len: source.chars().count(),
        },
    }
}

fn fully_optional(e: &Expr) -> bool {
    match e {
        Expr::Seq(steps) => steps
            .iter()
            .all(|s| s.optional || matches!(s.expr, Expr::Anchor { .. })),
        Expr::Anchor { .. } => true,
        _ => false,
    }
}

const SPECIAL: &[char] = &['(', ')', '{', '}', '|', '&', '~', '?', '"', '^', '$'];

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn error(&self, message: &str, at: usize, len: usize) -> ParseError {
        ParseError {
            message: message.to_string(),
            at: Span { at, len },
        }
    }

    fn skip_space(&mut self) {
        while self.pos < self.chars.len() && self.chars[self.pos].is_whitespace() {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<char> {
        self.skip_space();
        self.chars.get(self.pos).copied()
    }

    fn alt(&mut self) -> Result<Expr, ParseError> {
        let mut items = vec![self.all()?];
        while self.peek() == Some('|') {
            self.pos += 1;
            items.push(self.all()?);
        }
        Ok(if items.len() == 1 {
            items.pop().expect("one item")
        } else {
            Expr::Alt(items)
        })
    }

    fn all(&mut self) -> Result<Expr, ParseError> {
        let mut items = vec![self.seq()?];
        while self.peek() == Some('&') {
            self.pos += 1;
            items.push(self.seq()?);
        }
        Ok(if items.len() == 1 {
            items.pop().expect("one item")
        } else {
            Expr::All(items)
        })
    }

    fn seq(&mut self) -> Result<Expr, ParseError> {
        let mut steps: Vec<Step> = Vec::new();
        while let Some(c) = self.peek() {
            let start = self.pos;
            let near = c == '~';
            let gap = if near {
                self.pos += 1;
                let digits: String = self.chars[self.pos..]
                    .iter()
                    .take_while(|c| c.is_ascii_digit())
                    .collect();
                if digits.is_empty() {
                    return Err(self.error("`~` needs a number of words: `a ~3 b`", start, 1));
                }
                self.pos += digits.len();
                let n: u16 = digits.parse().unwrap_or(u16::MAX);
                if n > MAX_GAP {
                    return Err(self.error(
                        &format!("`~{digits}` is too far: at most `~{MAX_GAP}`"),
                        start,
                        1 + digits.len(),
                    ));
                }
                if steps.is_empty() {
                    return Err(self.error(
                        "`~N` goes between two items: `a ~3 b`",
                        start,
                        1 + digits.len(),
                    ));
                }
                match self.peek() {
                    None | Some(')' | '|' | '&') => {
                        return Err(self.error(
                            "`~N` needs an item after it",
                            start,
                            1 + digits.len(),
                        ))
                    }
                    _ => {}
                }
                n
            } else {
                0
            };
            match self.peek() {
                None | Some(')' | '|' | '&') => break,
                _ => {}
            }
            let expr = self.atom()?;
            let optional = if self.chars.get(self.pos) == Some(&'?') {
                self.pos += 1;
                true
            } else {
                false
            };
            steps.push(Step {
                expr,
                gap,
                optional,
                near,
            });
        }
        if steps.is_empty() {
            let at = self.pos.min(self.chars.len().saturating_sub(1));
            let what = match self.chars.get(self.pos) {
                Some(c) => format!("expected words before `{c}`"),
                None => "expected words at the end".to_string(),
            };
            return Err(self.error(&what, at, 1));
        }
        if steps.len() == 1 && !steps[0].optional {
            return Ok(steps.pop().expect("one step").expr);
        }
        Ok(Expr::Seq(steps))
    }

    fn atom(&mut self) -> Result<Expr, ParseError> {
        let start = self.pos;
        match self.chars[self.pos] {
            c @ ('^' | '$') => {
                self.pos += 1;
                Ok(Expr::Anchor {
                    end: c == '$',
                    at: Span { at: start, len: 1 },
                })
            }
            '(' => {
                self.pos += 1;
                if self.peek() == Some(')') {
                    return Err(self.error("empty `()`", start, 2));
                }
                let e = self.alt()?;
                if self.peek() != Some(')') {
                    return Err(self.error("unclosed `(`", start, 1));
                }
                self.pos += 1;
                Ok(e)
            }
            '{' => {
                self.pos += 1;
                let name: String = self.chars[self.pos..]
                    .iter()
                    .take_while(|&&c| c != '}')
                    .collect();
                if self.pos + name.chars().count() >= self.chars.len() {
                    return Err(self.error("unclosed `{`", start, 1));
                }
                self.pos += name.chars().count() + 1;
                let trimmed = name.trim();
                if !is_concept_name(trimmed) {
                    return Err(self.error(
                        &format!(
                            "`{{{name}}}` is not a concept name (lower-case letters, digits and `-`)"
                        ),
                        start,
                        self.pos - start,
                    ));
                }
                Ok(Expr::Concept {
                    name: trimmed.to_string(),
                    at: Span {
                        at: start,
                        len: self.pos - start,
                    },
                })
            }
            '"' => {
                self.pos += 1;
                let text: String = self.chars[self.pos..]
                    .iter()
                    .take_while(|&&c| c != '"')
                    .collect();
                if self.pos + text.chars().count() >= self.chars.len() {
                    return Err(self.error("unclosed `\"`", start, 1));
                }
                self.pos += text.chars().count() + 1;
                if text.trim().is_empty() {
                    return Err(self.error("empty quoted phrase", start, self.pos - start));
                }
                Ok(Expr::Words {
                    text,
                    exact: false,
                    at: Span {
                        at: start,
                        len: self.pos - start,
                    },
                })
            }
            c @ (')' | '}' | '|' | '&' | '?' | '~') => {
                Err(self.error(&format!("unexpected `{c}`"), start, 1))
            }
            _ => {
                let exact = self.chars[self.pos] == '=';
                if exact {
                    self.pos += 1;
                }
                let text: String = self.chars[self.pos..]
                    .iter()
                    .take_while(|&&c| !c.is_whitespace() && !SPECIAL.contains(&c))
                    .collect();
                if text.is_empty() {
                    return Err(self.error("`=` needs a word right after it: `=had`", start, 1));
                }
                self.pos += text.chars().count();
                Ok(Expr::Words {
                    text,
                    exact,
                    at: Span {
                        at: start,
                        len: self.pos - start,
                    },
                })
            }
        }
    }
}

/// Whether `name` can name a concept: lower-case letters, digits, `-`.
pub fn is_concept_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.starts_with('-')
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Words { text, exact, .. } => {
                if *exact {
                    write!(f, "=")?;
                }
                if text.contains(char::is_whitespace) {
                    write!(f, "\"{text}\"")
                } else {
                    write!(f, "{text}")
                }
            }
            Expr::Concept { name, .. } => write!(f, "{{{name}}}"),
            Expr::Anchor { end, .. } => write!(f, "{}", if *end { "$" } else { "^" }),
            Expr::Seq(steps) => {
                for (i, s) in steps.iter().enumerate() {
                    if i > 0 {
                        write!(f, " ")?;
                        if s.near {
                            write!(f, "~{} ", s.gap)?;
                        }
                    }
                    let group = matches!(s.expr, Expr::Alt(_) | Expr::All(_) | Expr::Seq(_));
                    if group {
                        write!(f, "({})", s.expr)?;
                    } else {
                        write!(f, "{}", s.expr)?;
                    }
                    if s.optional {
                        write!(f, "?")?;
                    }
                }
                Ok(())
            }
            Expr::Alt(items) => join(f, items, " | "),
            Expr::All(items) => join(f, items, " & "),
        }
    }
}

fn join(f: &mut fmt::Formatter<'_>, items: &[Expr], sep: &str) -> fmt::Result {
    for (i, e) in items.iter().enumerate() {
        if i > 0 {
            write!(f, "{sep}")?;
        }
        if matches!(e, Expr::Alt(_) | Expr::All(_)) {
            write!(f, "({e})")?;
        } else {
            write!(f, "{e}")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(source: &str) -> String {
        parse(source)
            .unwrap_or_else(|e| panic!("{source:?}: {e}"))
            .to_string()
    }

    fn err(source: &str) -> (String, usize) {
        let e = parse(source).expect_err(source);
        (e.message, e.at.at)
    }

    #[test]
    fn parses_and_prints_back() {
        assert_eq!(ok("blame"), "blame");
        assert_eq!(ok("  set   aside "), "set aside");
        assert_eq!(
            ok("{set-aside} ~6 {share} ~8 {debt}"),
            "{set-aside} ~6 {share} ~8 {debt}"
        );
        assert_eq!(
            ok("{share} of (every | each) {cadence} ~6 {debt}"),
            "{share} of (every | each) {cadence} ~6 {debt}"
        );
        assert_eq!(
            ok("{debt} & (every|each) {cadence}"),
            "{debt} & (every | each) {cadence}"
        );
        assert_eq!(
            ok("we (really | truly)? don't"),
            "we (really | truly)? don't"
        );
        assert_eq!(ok("\"set aside\" =had"), "\"set aside\" =had");
        assert_eq!(ok("a | b c"), "a | b c");
    }

    #[test]
    fn precedence() {
        let e = parse("a b & c | d").unwrap();
        let Expr::Alt(alts) = e else { panic!() };
        assert!(matches!(&alts[0], Expr::All(all) if all.len() == 2));
        assert!(matches!(&alts[1], Expr::Words { text, .. } if text == "d"));
    }

    #[test]
    fn one_plain_word_parses_as_the_parser_would() {
        for word in [
            "cruft",
            "post-mortem",
            "don't",
            "20%",
            "naïve",
            "a.i.",
            "ring-fence",
        ] {
            assert_eq!(parse(word), parse_full(word), "{word}");
        }
    }

    #[test]
    fn errors_point_at_a_column() {
        assert_eq!(err("a ~ b").1, 2);
        assert_eq!(err("(a | b").1, 0);
        assert_eq!(err("a )").1, 2);
        assert_eq!(err("{Debt}").1, 0);
        assert_eq!(err("a ~99 b").1, 2);
        assert_eq!(err("~3 b").1, 0);
        assert_eq!(err("a ~3").1, 2);
        assert_eq!(err("a | | b").1, 4);
        assert_eq!(err("\"open").1, 0);
        assert_eq!(
            err("a? b?").0,
            "everything in this expression is optional: it would match anything"
        );
        assert_eq!(err("").0, "empty expression");
        assert_eq!(err("a = b").1, 2);
        assert_eq!(
            err("^ $").0,
            "everything in this expression is optional: it would match anything"
        );
        assert_eq!(ok("^ nothing $"), "^ nothing $");
    }
}
