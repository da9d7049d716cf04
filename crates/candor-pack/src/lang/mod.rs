//! The word-level language of rule packs: text to tokens, words to keys,
//! match expressions to a compiled matcher that runs on one pass over a
//! text's tokens.

pub mod expr;
pub mod fold;
pub mod matcher;
pub mod pieces;
pub mod token;

use expr::Expr;

/// An expression's words as the matcher reads them, folded: two entries
/// with the same canonical form match the same text.
pub fn canonical(e: &Expr) -> String {
    match e {
        Expr::Words { text, exact, .. } => token::words(text)
            .iter()
            .map(|w| {
                if *exact {
                    format!("={w}")
                } else {
                    fold::fold(w)
                }
            })
            .collect::<Vec<_>>()
            .join(" "),
        Expr::Concept { name, .. } => format!("{{{name}}}"),
        Expr::Anchor { end, .. } => if *end { "$" } else { "^" }.to_string(),
        Expr::Seq(steps) => steps
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let gap = if i > 0 && s.near {
                    format!("~{} ", s.gap)
                } else {
                    String::new()
                };
                let inner = canonical(&s.expr);
                let inner = if matches!(s.expr, Expr::Alt(_) | Expr::All(_)) {
                    format!("({inner})")
                } else {
                    inner
                };
                format!("{gap}{inner}{}", if s.optional { "?" } else { "" })
            })
            .collect::<Vec<_>>()
            .join(" "),
        Expr::Alt(items) => items.iter().map(canonical).collect::<Vec<_>>().join(" | "),
        Expr::All(items) => items.iter().map(canonical).collect::<Vec<_>>().join(" & "),
    }
}

/// The atoms of an expression that is a plain sequence (words and concepts
/// next to each other, nothing optional), folded; `None` for anything else.
pub fn sequence(e: &Expr) -> Option<Vec<String>> {
    match e {
        Expr::Words { .. } | Expr::Concept { .. } | Expr::Anchor { .. } => {
            Some(canonical(e).split(' ').map(str::to_string).collect())
        }
        Expr::Seq(steps) => {
            let mut out = Vec::new();
            for s in steps {
                if s.near || s.optional {
                    return None;
                }
                out.extend(sequence(&s.expr)?);
            }
            Some(out)
        }
        _ => None,
    }
}

/// Whether `inner` occurs as a contiguous run in `outer`.
pub fn contains_run(outer: &[String], inner: &[String]) -> bool {
    !inner.is_empty() && outer.windows(inner.len()).any(|w| w == inner)
}

/// The most spellings [`spellings`] lists before it gives up.
pub const MAX_SPELLINGS: usize = 256;

/// Every spelling a plain sequence of words matches, folded, one string
/// each (`post-mortem` is "post mortem" and "postmortem"); `None` for an
/// expression with concepts or operators, or with more than
/// [`MAX_SPELLINGS`] spellings (each hyphenated word doubles them). As in
/// the matcher, a phrase with more than four hyphenated runs is only ever
/// spelt apart.
pub fn spellings(e: &Expr) -> Option<Vec<String>> {
    match e {
        Expr::Words { text, exact, .. } => {
            let mut tokens = token::Tokens::default();
            token::tokenize(text, &token::NoWords, &mut tokens);
            let words = token::words(text);
            let fold_one = |w: &str| {
                if *exact {
                    format!("={w}")
                } else {
                    fold::fold(w)
                }
            };
            let joined = |j: usize| {
                tokens
                    .tokens
                    .get(j)
                    .is_some_and(|t| t.is(token::flag::JOINED))
            };
            // Runs of hyphen-joined words, counted as the matcher does.
            let runs = (1..words.len())
                .filter(|&j| joined(j) && (j == 1 || !joined(j - 1)))
                .count();
            let joinable = runs <= matcher::MAX_JOINED_RUNS;
            let mut out = vec![String::new()];
            let mut i = 0;
            while i < words.len() {
                let mut j = i + 1;
                while j < words.len() && joined(j) {
                    j += 1;
                }
                let parts: Vec<String> = words[i..j].iter().map(|w| fold_one(w)).collect();
                let mut next = Vec::new();
                for s in &out {
                    let sep = if s.is_empty() { "" } else { " " };
                    next.push(format!("{s}{sep}{}", parts.join(" ")));
                    if j - i > 1 && joinable {
                        next.push(format!("{s}{sep}{}", fold_one(&words[i..j].concat())));
                    }
                }
                out = next;
                i = j;
            }
            Some(out)
        }
        Expr::Seq(steps) if steps.iter().all(|s| !s.near && !s.optional) => {
            let mut out = vec![String::new()];
            for s in steps {
                let parts = spellings(&s.expr)?;
                if out.len() * parts.len() > MAX_SPELLINGS {
                    return None;
                }
                out = out
                    .iter()
                    .flat_map(|a| {
                        parts.iter().map(move |b| {
                            if a.is_empty() {
                                b.clone()
                            } else {
                                format!("{a} {b}")
                            }
                        })
                    })
                    .collect();
            }
            Some(out)
        }
        _ => None,
    }
}

/// Whether every text `inner` matches, `outer` matches too.
pub fn covers(outer: &Expr, inner: &Expr) -> bool {
    match (spellings(outer), spellings(inner)) {
        (Some(o), Some(i)) => i.iter().all(|s| o.contains(s)),
        _ => canonical(outer) == canonical(inner),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_joined_words() {
        let e = expr::parse("post-mortem review").unwrap();
        let mut s = spellings(&e).unwrap();
        s.sort();
        assert_eq!(s, ["post mortem review", "postmortem review"]);
    }

    #[test]
    fn spellings_stay_few() {
        // Found by fuzz/expr: each hyphenated word doubled the spellings,
        // so forty of them ran out of memory (in `candor rules check`,
        // which compares the spellings of a pack's phrases).
        let many = "a-b ".repeat(40);
        assert!(spellings(&expr::parse(&many).unwrap()).is_none());
        let one_phrase = "a-b!".repeat(40);
        let s = spellings(&expr::phrase(&one_phrase)).unwrap();
        assert_eq!(s.len(), 1, "more than four runs are only spelt apart");
        let four = "a-b c-d e-f g-h";
        assert_eq!(spellings(&expr::phrase(four)).unwrap().len(), 16);
    }
}
