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
        Expr::Seq(steps) => steps
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let gap = if i > 0 && s.gap > 0 {
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
        Expr::Words { .. } | Expr::Concept { .. } => {
            Some(canonical(e).split(' ').map(str::to_string).collect())
        }
        Expr::Seq(steps) => {
            let mut out = Vec::new();
            for s in steps {
                if s.gap > 0 || s.optional {
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
