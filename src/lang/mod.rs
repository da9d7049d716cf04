//! The word-level language of rule packs: text to tokens, words to keys,
//! match expressions to a compiled matcher that runs on one pass over a
//! text's tokens.

pub mod expr;
pub mod fold;
pub mod matcher;
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

/// Every spelling a plain sequence of words matches, folded, one string
/// each (`post-mortem` is "post mortem" and "postmortem"); `None` for an
/// expression with concepts or operators.
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
            let mut out = vec![String::new()];
            let mut i = 0;
            while i < words.len() {
                let mut j = i + 1;
                while j < words.len() && tokens.tokens[j].is(token::flag::JOINED) {
                    j += 1;
                }
                let parts: Vec<String> = words[i..j].iter().map(|w| fold_one(w)).collect();
                let mut next = Vec::new();
                for s in &out {
                    let sep = if s.is_empty() { "" } else { " " };
                    next.push(format!("{s}{sep}{}", parts.join(" ")));
                    if j - i > 1 {
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
