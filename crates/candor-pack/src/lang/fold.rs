//! Word folding: the key a word is looked up by, so that the forms of one
//! word are one entry ("reserve, reserves, reserved, reserving" → `reserv`).
//!
//! A word is folded for inflection only: plurals, `-ed`, `-ing` and `-edly`/
//! `-ingly`, by the inflectional steps of the Porter2 (Snowball English)
//! stemmer (its steps 0, 1a, 1b, 1c and 5), plus British `-ise`/`-yse`
//! spellings (`prioritise` = `prioritize`) and the irregular forms of common
//! verbs (`built` = `build`, `paid` = `pay`). Derivational suffixes are kept
//! apart on purpose: full Snowball folds *production* into *product*,
//! *experiment* into *experience* and *engineer* into *engine*, words this
//! domain must tell apart (see `docs/rules.md`, "Why inflection only").
//!
//! The input is one lower-case word without apostrophes or hyphens (the
//! tokeniser splits those); the output is the same word for anything the
//! folding does not know, so unknown words cost one pass over their bytes.

/// Irregular forms and their base: past tenses and participles of verbs a
/// rule is likely to name. Auxiliaries that carry tense (`was`, `were`,
/// `had`) are folded too; rules that need the tense itself write the exact
/// form (`=had`).
const IRREGULAR: &[(&str, &str)] = &[
    ("began", "begin"),
    ("begun", "begin"),
    ("blew", "blow"),
    ("blown", "blow"),
    ("broke", "break"),
    ("broken", "break"),
    ("brought", "bring"),
    ("built", "build"),
    ("bought", "buy"),
    ("became", "become"),
    ("came", "come"),
    ("caught", "catch"),
    ("chose", "choose"),
    ("chosen", "choose"),
    ("dealt", "deal"),
    ("did", "do"),
    ("does", "do"),
    ("drew", "draw"),
    ("drawn", "draw"),
    ("drove", "drive"),
    ("driven", "drive"),
    ("fell", "fall"),
    ("fallen", "fall"),
    ("fought", "fight"),
    ("forgot", "forget"),
    ("forgotten", "forget"),
    ("froze", "freeze"),
    ("frozen", "freeze"),
    ("gave", "give"),
    ("goes", "go"),
    ("given", "give"),
    ("got", "get"),
    ("gotten", "get"),
    ("grew", "grow"),
    ("grown", "grow"),
    ("had", "have"),
    ("has", "have"),
    ("held", "hold"),
    ("hid", "hide"),
    ("hidden", "hide"),
    ("hung", "hang"),
    ("kept", "keep"),
    ("knew", "know"),
    ("known", "know"),
    ("laid", "lay"),
    ("learnt", "learn"),
    ("led", "lead"),
    ("lent", "lend"),
    ("lost", "lose"),
    ("made", "make"),
    ("meant", "mean"),
    ("outgrew", "outgrow"),
    ("outgrown", "outgrow"),
    ("overslept", "oversleep"),
    ("paid", "pay"),
    ("prepaid", "prepay"),
    ("ran", "run"),
    ("rebuilt", "rebuild"),
    ("rewrote", "rewrite"),
    ("rewritten", "rewrite"),
    ("rode", "ride"),
    ("said", "say"),
    ("sat", "sit"),
    ("saw", "see"),
    ("seen", "see"),
    ("sent", "send"),
    ("shook", "shake"),
    ("shaken", "shake"),
    ("shot", "shoot"),
    ("slept", "sleep"),
    ("sold", "sell"),
    ("sought", "seek"),
    ("spent", "spend"),
    ("spoke", "speak"),
    ("spoken", "speak"),
    ("stole", "steal"),
    ("stolen", "steal"),
    ("stood", "stand"),
    ("struck", "strike"),
    ("stuck", "stick"),
    ("swept", "sweep"),
    ("taught", "teach"),
    ("thought", "think"),
    ("taken", "take"),
    ("threw", "throw"),
    ("thrown", "throw"),
    ("told", "tell"),
    ("took", "take"),
    ("understood", "understand"),
    ("undertook", "undertake"),
    ("went", "go"),
    ("gone", "go"),
    ("woke", "wake"),
    ("woken", "wake"),
    ("wore", "wear"),
    ("worn", "wear"),
    ("wrote", "write"),
    ("written", "write"),
];

/// Words Porter2 leaves alone, or folds by hand.
const EXCEPTIONS: &[(&str, &str)] = &[
    ("skis", "ski"),
    ("skies", "sky"),
    ("dying", "die"),
    ("lying", "lie"),
    ("tying", "tie"),
    ("news", "news"),
    ("bias", "bias"),
    ("cosmos", "cosmos"),
    ("atlas", "atlas"),
    ("canvas", "canvas"),
    ("series", "series"),
    ("species", "species"),
    ("data", "data"),
    ("ops", "ops"),
    ("devops", "devops"),
    ("sre", "sre"),
    ("sres", "sre"),
    ("analyses", "analysis"),
    ("analysis", "analysis"),
    ("basis", "basis"),
    ("crisis", "crisis"),
    ("crises", "crisis"),
    ("indices", "index"),
];

/// Words Porter2 leaves alone after its step 1a.
const AFTER_1A: &[&str] = &[
    "inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed",
];

/// Folds one lower-case word to its lookup key.
pub fn fold(word: &str) -> String {
    if let Some(&(_, base)) = EXCEPTIONS.iter().find(|(form, _)| *form == word) {
        return base.to_string();
    }
    match IRREGULAR.iter().find(|(form, _)| *form == word) {
        Some(&(_, base)) => fold_regular(base),
        None => fold_regular(word),
    }
}

/// Porter2's inflectional steps on `word`, after British spellings.
fn fold_regular(word: &str) -> String {
    if !word.is_ascii() || word.len() <= 2 || word.bytes().any(|b| !b.is_ascii_lowercase()) {
        return word.to_string();
    }
    let mut w: Vec<u8> = american(word).into_bytes();
    // Porter2's `Y`: a y at the start or after a vowel is a consonant.
    for i in 0..w.len() {
        if w[i] == b'y' && (i == 0 || is_vowel(w[i - 1])) {
            w[i] = b'Y';
        }
    }
    let (r1, r2) = regions(&w);
    step_1a(&mut w);
    let done = AFTER_1A.iter().any(|e| e.as_bytes() == w.as_slice());
    if !done {
        step_1b(&mut w, r1);
        step_1c(&mut w);
        step_5(&mut w, r1, r2);
    }
    for b in &mut w {
        if *b == b'Y' {
            *b = b'y';
        }
    }
    String::from_utf8(w).expect("ASCII in, ASCII out")
}

/// `prioritise` → `prioritize`, `analyse` → `analyze`, `organisation` →
/// `organization`: both spellings fold to one key.
fn american(word: &str) -> String {
    const SUFFIXES: &[&str] = &[
        "isations", "isation", "ising", "ised", "ises", "isers", "iser", "ise", "ysing", "ysed",
        "yses", "yse",
    ];
    for s in SUFFIXES {
        if let Some(stem) = word.strip_suffix(s) {
            if stem.len() >= 3 {
                let (first, rest) = s.split_at(1);
                let rest = rest.replacen('s', "z", 1);
                return format!("{stem}{first}{rest}");
            }
        }
    }
    word.to_string()
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// Porter2's R1 and R2 as offsets into `w`.
fn regions(w: &[u8]) -> (usize, usize) {
    let after = |from: usize| {
        (from + 1..w.len())
            .find(|&i| !is_vowel(w[i]) && is_vowel(w[i - 1]))
            .map_or(w.len(), |i| i + 1)
    };
    let r1 = ["gener", "commun", "arsen"]
        .iter()
        .find(|p| w.starts_with(p.as_bytes()))
        .map_or_else(|| after(0), |p| p.len());
    let r2 = if r1 >= w.len() { w.len() } else { after(r1) };
    (r1, r2)
}

/// A short syllable ends `w[..end]`.
fn short_syllable_at(w: &[u8], end: usize) -> bool {
    match end {
        0 | 1 => false,
        2 => is_vowel(w[0]) && !is_vowel(w[1]),
        _ => {
            let (a, b, c) = (w[end - 3], w[end - 2], w[end - 1]);
            !is_vowel(a) && is_vowel(b) && !is_vowel(c) && !matches!(c, b'w' | b'x' | b'Y')
        }
    }
}

fn is_short_word(w: &[u8], r1: usize) -> bool {
    r1 >= w.len() && short_syllable_at(w, w.len())
}

fn has_vowel(w: &[u8]) -> bool {
    w.iter().any(|&b| is_vowel(b))
}

fn step_1a(w: &mut Vec<u8>) {
    if w.ends_with(b"sses") {
        w.truncate(w.len() - 2);
    } else if w.ends_with(b"ied") || w.ends_with(b"ies") {
        let keep = if w.len() > 4 {
            w.len() - 2
        } else {
            w.len() - 1
        };
        w.truncate(keep);
    } else if w.ends_with(b"us") || w.ends_with(b"ss") {
    } else if w.ends_with(b"s") {
        let stem = &w[..w.len() - 1];
        if stem.len() >= 2 && has_vowel(&stem[..stem.len() - 1]) {
            w.pop();
        }
    }
}

fn step_1b(w: &mut Vec<u8>, r1: usize) {
    for suffix in [&b"eedly"[..], b"eed"] {
        if w.ends_with(suffix) {
            if w.len() - suffix.len() >= r1 {
                w.truncate(w.len() - suffix.len() + 2);
            }
            return;
        }
    }
    for suffix in [&b"ingly"[..], b"edly", b"ing", b"ed"] {
        if !w.ends_with(suffix) {
            continue;
        }
        let stem = w.len() - suffix.len();
        if !has_vowel(&w[..stem]) {
            return;
        }
        w.truncate(stem);
        if w.ends_with(b"at") || w.ends_with(b"bl") || w.ends_with(b"iz") {
            w.push(b'e');
        } else if let [.., a, b] = w.as_slice() {
            if a == b
                && matches!(
                    a,
                    b'b' | b'd' | b'f' | b'g' | b'm' | b'n' | b'p' | b'r' | b't'
                )
            {
                w.pop();
            } else if is_short_word(w, r1) {
                w.push(b'e');
            }
        }
        return;
    }
}

fn step_1c(w: &mut [u8]) {
    let n = w.len();
    if n > 2 && matches!(w[n - 1], b'y' | b'Y') && !is_vowel(w[n - 2]) {
        w[n - 1] = b'i';
    }
}

fn step_5(w: &mut Vec<u8>, r1: usize, r2: usize) {
    let n = w.len();
    if w.ends_with(b"e") {
        let at = n - 1;
        if at >= r2 || (at >= r1 && !short_syllable_at(w, at)) {
            w.pop();
        }
    } else if w.ends_with(b"ll") && n > r2 {
        w.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::fold;

    /// Asserts that every word of each group folds to the same key, and
    /// that different groups fold apart.
    fn groups(groups: &[&[&str]]) {
        let mut keys = Vec::new();
        for group in groups {
            let key = fold(group[0]);
            for w in *group {
                assert_eq!(fold(w), key, "{w} and {} fold apart", group[0]);
            }
            assert!(!keys.contains(&key), "{:?} folds like another group", group);
            keys.push(key);
        }
    }

    #[test]
    fn inflections_fold_together() {
        groups(&[
            &["reserve", "reserves", "reserved", "reserving"],
            &["allocate", "allocates", "allocated", "allocating"],
            &["dedicate", "dedicated", "dedicating"],
            &["debt", "debts"],
            &["blame", "blamed", "blames", "blaming"],
            &["code", "codes", "coded", "coding"],
            &["hire", "hired", "hiring", "hires"],
            &["policy", "policies"],
            &["process", "processes", "processed"],
            &["stop", "stopped", "stopping", "stops"],
            &["travel", "travelled", "traveled", "travelling"],
            &["model", "modelling", "modeling"],
            &["engineer", "engineers", "engineering", "engineered"],
            &["use", "used", "uses", "using"],
            &["box", "boxes"],
            &["company", "companies"],
            &["postmortem", "postmortems"],
            &["ship", "ships", "shipped", "shipping"],
            &["test", "tests", "tested", "testing"],
        ]);
    }

    #[test]
    fn british_and_american_spellings_fold_together() {
        groups(&[
            &[
                "prioritise",
                "prioritize",
                "prioritised",
                "prioritizing",
                "prioritises",
            ],
            &["organisation", "organization"],
            &["analyse", "analyze", "analysed"],
            &["standardise", "standardized"],
        ]);
    }

    #[test]
    fn irregular_forms_fold_to_their_base() {
        groups(&[
            &["build", "built", "builds", "building"],
            &["buy", "bought", "buys", "buying"],
            &["pay", "paid", "pays", "paying"],
            &["throw", "threw", "thrown", "throwing"],
            &["write", "wrote", "written", "writes"],
            &["learn", "learnt", "learned", "learning"],
        ]);
    }

    #[test]
    fn derivations_stay_apart() {
        groups(&[
            &["product", "products"],
            &["production"],
            &["experiment", "experiments"],
            &["experience"],
            &["engine", "engines"],
            &["blameless"],
            &["automation"],
            &["automate", "automated"],
        ]);
    }

    #[test]
    fn short_and_unknown_words_are_themselves() {
        for w in ["ai", "is", "we", "was", "this", "k8s", "café", "24", "s3"] {
            assert_eq!(fold(w), w);
        }
        assert_eq!(fold("news"), "news");
        assert_eq!(fold("thing"), "thing");
        assert_eq!(fold("bring"), "bring");
    }
}
