//! The matching spec of the expression language, one fact per line:
//! `m!(concepts, expression, text, matched evidence)`.

use super::*;
use crate::lang::expr;

/// Compiles `expr` with `concepts` (name, entries) and returns, for each
/// sentence of `text` it matches, the evidence of its first match as the
/// matched words joined by `+` between pieces (`set aside+sprint+debt`).
fn evidence(concepts: &[(&str, &[&str])], source: &str, text: &str) -> Vec<String> {
    let mut b = Builder::new(1);
    for (name, entries) in concepts {
        let entries = entries
            .iter()
            .map(|e| (expr::parse(e).expect("the entry parses"), 0))
            .collect();
        b.define(name, entries);
    }
    let e = expr::parse(source).unwrap_or_else(|e| panic!("{source}: {e}"));
    b.add(0, 0, &e, 0).expect("it compiles");
    let m = b.build().expect("it builds");
    let mut tokens = Tokens::default();
    let mut scratch = Scratch::default();
    m.tokenize(text, &mut tokens, &mut scratch);
    let mut out = Vec::new();
    let mut cands = Vec::new();
    for s in &tokens.sentences {
        m.begin(&tokens.tokens, s.clone(), &mut scratch);
        m.candidates(0, &mut scratch, &mut cands);
        // As the scanner does: the earliest match, the longest of those.
        let mut best: Option<(u32, Span)> = None;
        for &t in &cands {
            let spans = m.matches(0, t, &mut scratch);
            let Some(&(start, _)) = spans.first() else {
                continue;
            };
            let end = spans
                .iter()
                .take_while(|m| m.0 == start)
                .map(|m| m.1)
                .max()
                .unwrap();
            if best.is_none_or(|(_, b)| {
                (start, std::cmp::Reverse(end)) < (b.0, std::cmp::Reverse(b.1))
            }) {
                best = Some((t, (start, end)));
            }
        }
        {
            if let Some((t, first)) = best {
                let pieces = m.witness(0, t, first, &mut scratch);
                let words: Vec<&str> = pieces
                    .iter()
                    .map(|&(a, b)| {
                        let start = tokens.tokens[a as usize].start as usize;
                        let end = tokens.tokens[b as usize - 1].end as usize;
                        &text[start..end]
                    })
                    .collect();
                out.push(words.join("+"));
            }
        }
    }
    out
}

macro_rules! m {
    ($name:ident, $concepts:expr, $expr:expr, $text:expr, [$($want:expr),*]) => {
        #[test]
        fn $name() {
            let want: Vec<&str> = vec![$($want),*];
            assert_eq!(evidence($concepts, $expr, $text), want, "{} in {:?}", $expr, $text);
        }
    };
}

const NONE: &[(&str, &[&str])] = &[];
const DEBT: &[(&str, &[&str])] = &[
    (
        "debt",
        &["tech debt", "technical debt", "cruft", "legacy code"],
    ),
    (
        "set-aside",
        &["set aside", "reserve", "allocate", "dedicate", "ring-fence"],
    ),
    ("share", &["percent", "%", "fifth", "day", "{number}"]),
    ("cadence", &["sprint", "quarter", "month"]),
];

// Words and phrases.
m!(word, NONE, "blame", "We never BLAME people.", ["BLAME"]);
m!(
    word_inflected,
    NONE,
    "blame",
    "He blamed Sam. They're blaming",
    ["blamed", "blaming"]
);
m!(
    phrase_in_order,
    NONE,
    "post mortem",
    "a post mortem",
    ["post mortem"]
);
m!(phrase_not_reordered, NONE, "post mortem", "mortem post", []);
m!(
    hyphen_matches_three_ways,
    NONE,
    "post-mortem",
    "post-mortems. postmortem. post mortem.",
    ["post-mortems", "postmortem", "post mortem"]
);
m!(
    contraction_matches_spelt_out,
    NONE,
    "we don't have",
    "We do not have it",
    ["We do not have"]
);
m!(
    spelt_out_matches_contraction,
    NONE,
    "we do not have",
    "we dont have it",
    ["we dont have"]
);
m!(
    quoted_phrase,
    NONE,
    "\"set aside\"",
    "we set aside time",
    ["set aside"]
);
m!(
    exact_form_only,
    NONE,
    "=blamed",
    "they blame; they blamed",
    ["blamed"]
);
m!(
    number_builtin,
    NONE,
    "{number} %",
    "about 20 % and 30%",
    ["20 %"]
);
m!(percent_token, NONE, "20%", "20 percent or 20%", ["20%"]);
m!(no_match_inside_word, NONE, "blame", "blameless", []);
m!(
    sentence_bounds_phrases,
    NONE,
    "debt backlog",
    "the debt. Backlog",
    []
);

// Concepts.
m!(
    concept_entry,
    DEBT,
    "{debt}",
    "lots of cruft here",
    ["cruft"]
);
m!(
    concept_multiword,
    DEBT,
    "{debt} backlog",
    "a technical debt backlog",
    ["technical debt backlog"]
);
m!(
    issue_example,
    DEBT,
    "{set-aside} ~6 {share} ~8 {debt}",
    "We set aside a fifth of every sprint for debt, really for tech debt.",
    ["set aside+fifth+tech debt"]
);
m!(
    issue_example_inflected,
    DEBT,
    "{set-aside} ~6 {share} ~8 {debt}",
    "We allocated one day a sprint to chipping away at our technical debt.",
    ["allocated+day+technical debt"]
);
m!(
    proximity_too_far,
    DEBT,
    "{set-aside} ~2 {debt}",
    "we reserve a lot of our time for cruft",
    []
);
m!(
    proximity_in_order_only,
    DEBT,
    "{debt} ~3 {set-aside}",
    "we reserve time for cruft",
    []
);
m!(
    all_any_order,
    DEBT,
    "{debt} & (every | each) {cadence}",
    "Every sprint we chip at the cruft",
    ["Every sprint+cruft"]
);
m!(
    all_needs_all,
    DEBT,
    "{debt} & (every | each) {cadence}",
    "We chip at the cruft",
    []
);
m!(
    optional_present,
    DEBT,
    "{share} of (every | each)? {cadence}",
    "a fifth of every sprint",
    ["fifth of every sprint"]
);
m!(
    optional_absent,
    DEBT,
    "{share} of (every | each)? {cadence}",
    "a fifth of the sprint",
    []
);
m!(
    optional_skipped,
    DEBT,
    "{share} of (every | each)? sprint",
    "a fifth of sprint",
    ["fifth of sprint"]
);
m!(
    optional_after_a_gap_passes_the_gap_on,
    NONE,
    "nobody ~3 really? understand",
    "Nobody here understands it.",
    ["Nobody+understands"]
);
m!(
    // An optional item is matched in place: the words it matched are
    // evidence, in one piece with their neighbours.
    optional_kept_is_evidence,
    NONE,
    "everything is? ~2 in-house",
    "Almost everything is in-house.",
    ["everything is in-house"]
);
m!(
    // Between two items punctuation does not count, whether or not one of
    // them is optional.
    optional_is_an_item_of_its_own,
    NONE,
    "it really? depends on",
    "Well, it really, depends on the week.",
    ["it really, depends on"]
);
m!(
    optional_dropped_leaves_its_gap_and_more,
    NONE,
    "nobody ~1 really? ~1 understand",
    "Nobody there ever understands it.",
    ["Nobody+understands"]
);
m!(
    phrase_stops_at_a_comma,
    NONE,
    "back then",
    "roll back, then a review",
    []
);
m!(
    near_zero_crosses_a_comma,
    NONE,
    "work hard ~0 play hard",
    "work hard, play hard",
    ["work hard, play hard"]
);
m!(
    anchors_hold_a_whole_sentence,
    NONE,
    "^ (honestly | really)? nothing $",
    "Nothing. Really, nothing. Nothing to report here.",
    ["Nothing", "Really, nothing"]
);
m!(
    // The anchor's alternative is the rarer part by its phrases, but a
    // sentence matches through the anchor with none of them: the target
    // must wait for "the" instead.
    an_anchor_among_alternatives_is_not_waited_for,
    NONE,
    "(^ | zebra) the",
    "The plan holds. Then zebra the end.",
    ["The", "zebra the"]
);
m!(
    optional_first,
    NONE,
    "(really | truly)? blameless",
    "truly blameless. blameless",
    ["truly blameless", "blameless"]
);
m!(
    alternatives,
    NONE,
    "(rota | rotation | roster)",
    "the on-call rotation",
    ["rotation"]
);
m!(
    nested_concepts,
    &[("a", &["{b} time"]), ("b", &["learning", "study"])],
    "{a}",
    "study time",
    ["study time"]
);
m!(
    british_spelling,
    NONE,
    "prioritize",
    "we prioritised it",
    ["prioritised"]
);
m!(
    irregular_past,
    NONE,
    "build our own",
    "we built our own CI",
    ["built our own"]
);

#[test]
fn unknown_concepts_and_cycles_are_errors() {
    let mut b = Builder::new(1);
    b.define("debt", vec![(expr::parse("cruft").unwrap(), 0)]);
    b.define("loop", vec![(expr::parse("{loop} x").unwrap(), 7)]);
    assert!(b.add(0, 0, &expr::parse("{dbet}").unwrap(), 1).is_none());
    assert!(b.add(0, 0, &expr::parse("{loop}").unwrap(), 2).is_none());
    let errors = b.build().expect_err("errors");
    assert_eq!(errors[0].kind, CompileErrorKind::UnknownConcept);
    assert_eq!(
        errors[0].message,
        "unknown concept `{dbet}`; did you mean `{debt}`?"
    );
    assert_eq!(errors[0].origin, 1);
    assert_eq!(errors[1].kind, CompileErrorKind::ConceptCycle);
    assert_eq!(errors[1].origin, 7);
}

#[test]
fn triggers_wait_for_the_rarest_word() {
    let mut b = Builder::new(1);
    let e = expr::parse("we ~3 the ~3 blameless").unwrap();
    b.add(0, 0, &e, 0).unwrap();
    let m = b.build().unwrap();
    let mut tokens = Tokens::default();
    let mut scratch = Scratch::default();
    m.tokenize("we the and we the", &mut tokens, &mut scratch);
    let mut cands = Vec::new();
    m.begin(&tokens.tokens, tokens.sentences[0].clone(), &mut scratch);
    m.candidates(0, &mut scratch, &mut cands);
    assert!(cands.is_empty(), "common words alone trigger nothing");
    m.tokenize("we run the blameless reviews", &mut tokens, &mut scratch);
    m.begin(&tokens.tokens, tokens.sentences[0].clone(), &mut scratch);
    m.candidates(0, &mut scratch, &mut cands);
    assert_eq!(cands, [0]);
}

#[test]
fn adjacent_words_are_one_phrase() {
    let mut b = Builder::new(1);
    b.add(0, 0, &expr::parse("ship ship ship").unwrap(), 0)
        .unwrap();
    let m = b.build().unwrap();
    let mut tokens = Tokens::default();
    let mut scratch = Scratch::default();
    m.tokenize("we ship features", &mut tokens, &mut scratch);
    let mut cands = Vec::new();
    m.begin(&tokens.tokens, tokens.sentences[0].clone(), &mut scratch);
    m.candidates(0, &mut scratch, &mut cands);
    assert!(cands.is_empty(), "one word of a phrase triggers nothing");
}

#[test]
fn lists_keep_each_list_and_the_empty_ones() {
    let lists = Lists::from(vec![vec![3, 1], vec![], vec![7]]);
    assert_eq!(lists.len(), 3);
    assert_eq!(lists.get(0), [3, 1]);
    assert!(lists.get(1).is_empty());
    assert_eq!(lists.get(2), [7]);
    assert_eq!(Lists::from(Vec::<Vec<u32>>::new()).len(), 0);
}

/// An alternative of a few phrases looks each up; one of many searches for
/// the sentence's phrases among them (`SMALL_ALT`). Both find the same.
#[test]
fn few_and_many_alternatives_match_alike() {
    for n in [3, SMALL_ALT + 50] {
        let words: Vec<String> = (0..n).map(|i| format!("w{i}")).collect();
        let entries: Vec<&str> = words.iter().map(String::as_str).collect();
        let concepts: &[(&str, &[&str])] = &[("many", &entries)];
        let last = format!("w{}", n - 1);
        let text = format!("{last} budget. w1 then budget. budget w0. w2 x y z budget.");
        assert_eq!(
            evidence(concepts, "{many} ~2 budget", &text),
            [format!("{last} budget"), "w1+budget".to_string()],
            "{n} alternatives"
        );
    }
}
