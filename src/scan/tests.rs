//! The matching spec: one fact per line, against the `mini` test pack.
//!
//! `t!(name, question, text, rule, signal, [modifiers])` says the answer
//! `text` to `question` has exactly one counting hit of `rule`, with that
//! signal and those modifiers; `t!(name, question, text, rule, none)` says
//! it has none.

use std::sync::LazyLock;

use crate::pack::{Pack, Signal};
use crate::ruletest::score_answer;
use crate::scan::Engine;

static ENGINE: LazyLock<Engine> = LazyLock::new(|| {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/packs/mini");
    Engine::new(&Pack::load(&dir).expect("the mini pack loads"))
});

const G: Signal = Signal::Green;
const A: Signal = Signal::Amber;
const R: Signal = Signal::Red;

fn check(question: &str, text: &str, rule: &str, want: Option<(Signal, &[&str])>) {
    let q = ENGINE.pack().question_index(question);
    let report = score_answer(&ENGINE, text, q);
    let hits: Vec<_> = report
        .questions
        .iter()
        .flat_map(|q| q.counted())
        .filter(|h| h.rule == rule)
        .collect();
    match want {
        None => assert!(hits.is_empty(), "{text:?}: unexpected {rule}: {hits:#?}"),
        Some((signal, mods)) => {
            assert_eq!(hits.len(), 1, "{text:?}: want one {rule}, got {hits:#?}");
            assert_eq!(hits[0].signal, signal, "{text:?}: signal of {rule}");
            let names: Vec<&str> = hits[0].modifiers.iter().map(|m| m.name()).collect();
            assert_eq!(names, mods, "{text:?}: modifiers of {rule}");
        }
    }
}

macro_rules! t {
    ($name:ident, $q:expr, $text:expr, $rule:expr, none) => {
        #[test]
        fn $name() {
            check($q, $text, $rule, None)
        }
    };
    ($name:ident, $q:expr, $text:expr, $rule:expr, $signal:expr, [$($m:expr),*]) => {
        #[test]
        fn $name() {
            check($q, $text, $rule, Some(($signal, &[$($m),*])))
        }
    };
}

const DEBT: &str = "tech-debt";
const INC: &str = "incident-response";
const MET: &str = "success-metrics";

// Plain matching and normalisation.
t!(
    phrase_hits,
    INC,
    "We run blameless post mortems.",
    "incident-response/blameless",
    G,
    []
);
t!(
    case_folds,
    INC,
    "WE RUN BLAMELESS POST MORTEMS",
    "incident-response/blameless",
    G,
    []
);
t!(
    hyphen_folds,
    INC,
    "We run post-mortems.",
    "incident-response/blameless",
    G,
    []
);
t!(
    unicode_hyphen_folds,
    INC,
    "We run post\u{2010}mortems.",
    "incident-response/blameless",
    G,
    []
);
t!(
    curly_apostrophe_folds,
    DEBT,
    "Honestly, we don’t have technical debt.",
    "tech-debt/denies-debt",
    R,
    []
);
t!(
    line_breaks_fold,
    INC,
    "blameless\n   post\nmortems",
    "incident-response/blameless",
    G,
    []
);
t!(
    nbsp_folds,
    INC,
    "blameless\u{a0}post mortems",
    "incident-response/blameless",
    G,
    []
);
t!(
    soft_hyphen_drops,
    MET,
    "veloc\u{ad}ity",
    "success-metrics/velocity",
    A,
    []
);
t!(
    blank_line_keeps_phrases_apart,
    INC,
    "blameless\n\npost mortems",
    "incident-response/blameless",
    G,
    []
);

// Word boundaries.
t!(
    no_hit_inside_word_end,
    MET,
    "velocityx is a tool",
    "success-metrics/velocity",
    none
);
t!(
    no_hit_inside_word_start,
    MET,
    "supervelocity",
    "success-metrics/velocity",
    none
);
t!(
    punctuation_is_a_boundary,
    MET,
    "(velocity)",
    "success-metrics/velocity",
    A,
    []
);
t!(
    digits_are_word_chars,
    MET,
    "velocity2",
    "success-metrics/velocity",
    none
);

// Containment: a hit inside a longer one of the same rule is one hit.
t!(
    longest_phrase_wins_within_rule,
    INC,
    "blameless post mortems",
    "incident-response/blameless",
    G,
    []
);
t!(
    longer_phrase_of_other_rule_drops_inner,
    DEBT,
    "There is no tech debt, none.",
    "tech-debt/capacity-share",
    none
);

// Patterns.
t!(
    pattern_hits,
    DEBT,
    "We spend 20% of every sprint on it.",
    "tech-debt/capacity-share",
    G,
    []
);
t!(
    pattern_words,
    DEBT,
    "twenty percent of each sprint",
    "tech-debt/capacity-share",
    G,
    []
);
t!(
    pattern_space_percent,
    DEBT,
    "15 % of each sprint",
    "tech-debt/capacity-share",
    G,
    []
);
t!(
    pattern_case_insensitive,
    DEBT,
    "20 PERCENT OF EVERY SPRINT",
    "tech-debt/capacity-share",
    G,
    []
);
t!(
    pattern_needs_its_words,
    DEBT,
    "20% of the time",
    "tech-debt/capacity-share",
    none
);

// Negation.
t!(
    negated_green_flips,
    INC,
    "We don't do post-mortems.",
    "incident-response/blameless",
    R,
    ["negated"]
);
t!(
    negated_without_apostrophe,
    INC,
    "we dont do post mortems",
    "incident-response/blameless",
    R,
    ["negated"]
);
t!(
    a_quotation_mark_in_the_line_keeps_the_negator,
    INC,
    "We don't do \"post-mortems\", never have.",
    "incident-response/blameless",
    R,
    ["negated"]
);
t!(
    a_quote_opening_a_new_line_starts_a_clause,
    INC,
    "no time\n\"we do post-mortems\"",
    "incident-response/blameless",
    G,
    []
);
t!(
    negated_red_flips,
    INC,
    "We never blame individuals.",
    "incident-response/blame",
    G,
    ["negated"]
);
t!(
    negated_by_no,
    INC,
    "There are no post mortems.",
    "incident-response/blameless",
    R,
    ["negated"]
);
t!(
    a_negator_hyphen_joined_to_a_word_is_a_compound,
    INC,
    "We hold a go/no-go post mortem.",
    "incident-response/blameless",
    G,
    []
);
t!(
    no_one_hyphenated_still_negates,
    INC,
    "No-one does post mortems.",
    "incident-response/blameless",
    R,
    ["negated"]
);
t!(
    a_negator_inside_a_list_is_not_the_one_before_it,
    INC,
    "We don't hold retros, standups, never demos or post mortems.",
    "incident-response/blameless",
    R,
    ["negated"]
);
t!(
    negated_by_without,
    INC,
    "We ship without post mortems.",
    "incident-response/blameless",
    R,
    ["negated"]
);
t!(
    negation_in_phrase_not_repeated,
    DEBT,
    "We don't have technical debt.",
    "tech-debt/denies-debt",
    R,
    []
);
t!(
    negation_window_is_four_words,
    INC,
    "No one on the team ever skips post mortems.",
    "incident-response/blameless",
    G,
    []
);
t!(
    negation_stops_at_comma,
    INC,
    "Not always, but we run post mortems.",
    "incident-response/blameless",
    G,
    ["emphasised"]
);
t!(
    negation_stops_at_dash,
    INC,
    "No — we run post mortems every time.",
    "incident-response/blameless",
    G,
    []
);
t!(
    pseudo_negation_not_only,
    INC,
    "Not only post mortems matter here.",
    "incident-response/blameless",
    G,
    []
);
t!(
    double_negation_cancels,
    INC,
    "We are never not doing post mortems.",
    "incident-response/blameless",
    G,
    []
);
t!(
    shorthand_without_negates,
    INC,
    "Nothing ships w/o post mortems.",
    "incident-response/blameless",
    G,
    []
);
t!(
    negated_amber_is_dropped,
    MET,
    "We don't look at velocity.",
    "success-metrics/velocity",
    none
);

// Past.
t!(
    past_used_to,
    INC,
    "We used to throw people under the bus.",
    "incident-response/blame",
    R,
    ["past"]
);
t!(
    past_marker_after_hit,
    INC,
    "People got thrown under the bus years ago.",
    "incident-response/blame",
    R,
    ["past"]
);
t!(
    past_across_comma,
    INC,
    "In the past, people got thrown under the bus.",
    "incident-response/blame",
    R,
    ["past"]
);
t!(
    past_ends_at_now,
    INC,
    "We used to blame people; now we run blameless post mortems.",
    "incident-response/blameless",
    G,
    []
);
t!(
    past_moved_away_from,
    MET,
    "We moved away from story points.",
    "success-metrics/velocity",
    A,
    ["past"]
);

t!(
    past_narrative_frame,
    INC,
    "When I joined years ago it was bad. People got thrown under the bus.",
    "incident-response/blame",
    R,
    ["past"]
);
t!(
    past_put_behind_by_next_sentence,
    INC,
    "People got thrown under the bus. We moved away from all of that.",
    "incident-response/blame",
    R,
    ["past"]
);
t!(
    past_put_behind_reaches_past_a_colon,
    INC,
    "Our culture had a familiar smell: people got thrown under the bus. So we changed the rule.",
    "incident-response/blame",
    R,
    ["past"]
);
t!(
    past_put_behind_later_in_its_sentence,
    INC,
    "People got thrown under the bus, and it hurt, so we stopped that.",
    "incident-response/blame",
    R,
    ["past"]
);
t!(
    past_put_behind_of_a_story_of_its_own_does_not_reach_back,
    INC,
    "We run blameless post mortems. Earlier we had a habit of finger-pointing, so we stopped it.",
    "incident-response/blameless",
    G,
    []
);
t!(
    past_frame_ends_at_now,
    INC,
    "When I joined years ago it was bad. Now people get thrown under the bus.",
    "incident-response/blame",
    R,
    []
);
t!(
    a_recent_incident_is_not_history,
    INC,
    "Last week the engineer got thrown under the bus.",
    "incident-response/blame",
    R,
    []
);

// Hypothetical.
t!(
    hypothetical_plan,
    INC,
    "We plan to start post mortems.",
    "incident-response/blameless",
    G,
    ["hypothetical"]
);
t!(
    hypothetical_hopefully,
    DEBT,
    "Hopefully we'll have a debt backlog.",
    "tech-debt/capacity-share",
    G,
    ["hypothetical"]
);
// A plan marker that holds a break word ("supposedly still") is one
// marker, and reaches past the word; the word alone still ends the span.
t!(
    a_break_inside_a_plan_marker_is_the_plans,
    DEBT,
    "We supposedly still have a debt backlog.",
    "tech-debt/capacity-share",
    G,
    ["hypothetical"]
);
t!(
    a_break_alone_still_ends_the_span,
    DEBT,
    "We used to argue about it and still have a debt backlog.",
    "tech-debt/capacity-share",
    G,
    []
);
// Pushing for something is a plan; having pushed for it is not.
t!(
    hypothetical_pushing_for,
    DEBT,
    "I'm pushing for a debt backlog.",
    "tech-debt/capacity-share",
    G,
    ["hypothetical"]
);
t!(
    pushed_for_is_done,
    DEBT,
    "I pushed for a debt backlog, and now we keep one.",
    "tech-debt/capacity-share",
    G,
    []
);
t!(
    hypothetical_after_hit,
    DEBT,
    "A debt backlog, one day.",
    "tech-debt/capacity-share",
    G,
    ["hypothetical"]
);
t!(
    a_trailing_plan_does_not_reach_back_over_a_new_clause,
    DEBT,
    "We keep a debt backlog, and we will add a review one day.",
    "tech-debt/capacity-share",
    G,
    []
);

t!(
    negation_carries_over_or,
    INC,
    "We don't hold retros or write any blameless post mortems.",
    "incident-response/blameless",
    R,
    ["negated"]
);

t!(
    one_day_a_month_is_a_frequency_not_a_wish,
    DEBT,
    "A debt backlog, and one day a month to work on it.",
    "tech-debt/capacity-share",
    G,
    []
);

t!(
    plans_after_a_practice_do_not_reach_back,
    INC,
    "We run post mortems and plan to add chaos days.",
    "incident-response/blameless",
    G,
    []
);
t!(
    used_to_after_a_practice_does_not_reach_back,
    INC,
    "We run post mortems, and we used to skip them.",
    "incident-response/blameless",
    G,
    []
);

// Reported speech.
t!(
    reported_other_companies,
    INC,
    "Other companies blame the engineer.",
    "incident-response/blame",
    R,
    ["reported"]
);
t!(
    a_trial_is_no_practice_yet,
    INC,
    "A couple of teams are trialling post mortems.",
    "incident-response/blameless",
    G,
    ["hypothetical"]
);
t!(
    a_wish_of_someone_else_is_a_plan,
    INC,
    "He wants post mortems once they hire two more.",
    "incident-response/blameless",
    G,
    ["hypothetical"]
);
t!(
    reported_current_place,
    INC,
    "At my current place we run post mortems.",
    "incident-response/blameless",
    G,
    ["reported"]
);
t!(
    past_and_reported_last_place,
    INC,
    "I have seen places where they would blame the engineer back then.",
    "incident-response/blame",
    R,
    ["past", "reported"]
);
t!(
    reported_switches_back,
    INC,
    "Unlike other companies, we run post mortems.",
    "incident-response/blameless",
    G,
    []
);

// Contrast.
t!(
    contrast_before_but,
    MET,
    "We track velocity, but what matters is uptime.",
    "success-metrics/velocity",
    A,
    ["contrasted"]
);
t!(
    contrast_after_but,
    MET,
    "We track velocity, but what matters is uptime.",
    "success-metrics/outcomes",
    G,
    ["emphasised"]
);
t!(
    contrast_next_sentence,
    MET,
    "We track velocity. But uptime is what we report.",
    "success-metrics/velocity",
    A,
    ["contrasted"]
);
t!(
    contrast_concessive,
    MET,
    "Although we track velocity, uptime is the goal.",
    "success-metrics/velocity",
    A,
    ["contrasted"]
);
t!(
    contrast_concessive_main,
    MET,
    "Although we track velocity, uptime is the goal.",
    "success-metrics/outcomes",
    G,
    ["emphasised"]
);
t!(
    but_also_is_no_contrast,
    MET,
    "Not just velocity but also uptime.",
    "success-metrics/outcomes",
    G,
    []
);

// Sentences.
t!(
    decimal_is_no_sentence_end,
    MET,
    "We run at 99.9 uptime, but velocity matters.",
    "success-metrics/outcomes",
    G,
    ["contrasted"]
);
t!(
    sentence_end_stops_contrast,
    MET,
    "We track velocity. Uptime matters too.",
    "success-metrics/velocity",
    A,
    []
);

// Where the hit is.
t!(
    out_of_answer_counts_less,
    DEBT,
    "We run post mortems.",
    "incident-response/blameless",
    G,
    ["out-of-answer"]
);
t!(
    no_question_no_discount,
    "none",
    "We run post mortems.",
    "incident-response/blameless",
    G,
    []
);
t!(
    general_rule_counts_for_context,
    DEBT,
    "I can't really get into that.",
    "general/deflects",
    A,
    []
);
t!(
    general_rule_needs_context,
    "none",
    "I can't really get into that.",
    "general/deflects",
    none
);

#[test]
fn dropped_hits_stay_with_weight_zero_and_reason() {
    let q = ENGINE.pack().question_index(MET);
    let report = score_answer(&ENGINE, "We don't look at velocity.", q);
    let hit = &report.questions[q.unwrap()].hits[0];
    assert_eq!(hit.weight, 0.0);
    assert_eq!(hit.dropped, Some(crate::report::Dropped::Negated));
    assert_eq!(hit.modifiers, [crate::report::Modifier::Negated]);
}

#[test]
fn contained_hits_of_other_rules_are_traced() {
    let q = ENGINE.pack().question_index(DEBT);
    let report = score_answer(&ENGINE, "There is no tech debt backlog to speak of.", q);
    let hits = &report.questions[q.unwrap()].hits;
    assert!(hits.iter().any(|h| h.dropped.is_none()), "{hits:#?}");
}

#[test]
fn matched_text_is_the_original() {
    let q = ENGINE.pack().question_index(DEBT);
    let report = score_answer(&ENGINE, "Honestly, we DON’T  have technical debt!", q);
    let hit = &report.questions[q.unwrap()].hits[0];
    assert_eq!(hit.matched, "we DON’T  have technical debt");
}

#[test]
fn engine_is_shareable() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Engine>();
    assert_send_sync::<Pack>();
    assert_send_sync::<crate::Report>();
}

/// The mini pack with `rules` added to its debt questions.
fn mini_with(rules: &str) -> Engine {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/packs/mini");
    let mut files = crate::pack::read_dir_files(&dir).expect("the mini pack reads");
    let debt = files
        .iter_mut()
        .find(|f| f.path.ends_with("debt.toml"))
        .expect("the mini pack has debt.toml");
    debt.text.push_str(rules);
    Engine::new(&Pack::from_layers(&[files]).expect("the pack compiles"))
}

#[test]
fn a_negator_in_a_gap_negates_but_one_the_expression_matched_does_not() {
    let engine = mini_with(
        r#"
[[rule]]
id = "early"
signal = "green"
match = ["engineers ~3 involved before", "never use third party"]
message = "m"
"#,
    );
    let negated = |text: &str| {
        let hits: Vec<_> = engine
            .scan(text)
            .into_iter()
            .filter(|m| engine.pack().rules[m.rule].id == "tech-debt/early")
            .collect();
        assert_eq!(hits.len(), 1, "{text:?}");
        hits[0].modifiers.negated
    };
    assert!(negated("Engineers not involved before the deal."));
    assert!(!negated("Engineers are involved before the deal."));
    assert!(!negated("We never use third party vendors for anything."));
}

#[test]
fn evidence_is_every_matched_word_and_no_gap() {
    let engine = mini_with(
        r#"
[concepts]
set-aside = ["set aside", "reserve", "allocate"]
share = ["{number} %", "fifth", "day"]

[[rule]]
id = "share"
signal = "green"
match = ["{set-aside} ~6 {share} ~8 debt"]
message = "m"
"#,
    );
    let text = "We allocated one day a sprint to chipping away at our debt.";
    let hits = engine.scan(text);
    let hit = hits
        .iter()
        .find(|m| engine.pack().rules[m.rule].id == "tech-debt/share")
        .expect("a hit");
    let words: Vec<&str> = hit.spans.iter().map(|r| &text[r.clone()]).collect();
    assert_eq!(words, ["allocated", "day", "debt"]);
    assert_eq!(
        &text[hit.range.clone()],
        "allocated one day a sprint to chipping away at our debt"
    );
}

#[test]
fn unless_takes_back_the_matches_it_overlaps_and_no_other() {
    let engine = mini_with(
        r#"
[[rule]]
id = "loc"
signal = "red"
match = ["lines of code"]
unless = ["{number} lines of code", "git blame"]
message = "m"
"#,
    );
    let hits = |text: &str| -> Vec<String> {
        engine
            .scan(text)
            .into_iter()
            .filter(|m| engine.pack().rules[m.rule].id == "tech-debt/loc")
            .map(|m| text[m.range].to_string())
            .collect()
    };
    assert_eq!(hits("We count lines of code."), ["lines of code"]);
    // Overlapped: the size of a codebase.
    assert!(hits("The monolith is 140,000 lines of code.").is_empty());
    // Another match in the same sentence still counts...
    assert_eq!(
        hits("It is 140,000 lines of code and we rank people by lines of code."),
        ["lines of code"]
    );
    // ...and a match of `unless` elsewhere in it takes back nothing.
    assert_eq!(
        hits("We count lines of code, and 40 files."),
        ["lines of code"]
    );
    assert_eq!(hits("Lines of code, then git blame."), ["Lines of code"]);
    // The next sentence is none of its business.
    assert_eq!(
        hits("It has 12 modules. Lines of code count here."),
        ["Lines of code"]
    );
}

#[test]
fn a_rule_counts_once_per_sentence() {
    let engine = mini_with("");
    let hits = engine.scan("Velocity, velocity and story points. Velocity!");
    let n = hits
        .iter()
        .filter(|m| engine.pack().rules[m.rule].id == "success-metrics/velocity")
        .count();
    assert_eq!(n, 2, "one per sentence: {hits:?}");
}

// `within = "turn"`: the words of a match may stand in different sentences
// of the turn, and the sentence the match ends in gives its context.
t!(
    within_turn_reaches_across_sentences,
    DEBT,
    "Cruft? Honestly, we have a fix-it Friday for that.",
    "tech-debt/fix-it-slot",
    G,
    []
);
t!(
    within_turn_either_order,
    DEBT,
    "We keep a fix-it day. Most of it goes on old debt.",
    "tech-debt/fix-it-slot",
    G,
    []
);
t!(
    within_turn_context_is_the_last_sentence,
    DEBT,
    "Cruft? We used to have a fix-it day.",
    "tech-debt/fix-it-slot",
    G,
    ["past"]
);
t!(
    within_turn_needs_every_part,
    DEBT,
    "We have a fix-it day for bugs. Velocity is what matters.",
    "tech-debt/fix-it-slot",
    none
);

#[test]
fn a_turn_rule_counts_once_per_turn_and_sentence_rules_stay_in_sentences() {
    let engine = mini_with("");
    let text = "Debt? A fix-it day. Cruft? Another fix-it Friday.";
    let hits = engine.scan(text);
    let n = |id: &str| {
        hits.iter()
            .filter(|m| engine.pack().rules[m.rule].id == id)
            .count()
    };
    assert_eq!(n("tech-debt/fix-it-slot"), 1, "{hits:?}");
    let hit = hits
        .iter()
        .find(|m| engine.pack().rules[m.rule].id == "tech-debt/fix-it-slot")
        .expect("a hit");
    let words: Vec<&str> = hit.spans.iter().map(|r| &text[r.clone()]).collect();
    assert_eq!(words, ["Debt", "fix-it day"]);
}

// A plan announced before a colon covers what the colon opens.
t!(
    hypothetical_before_a_colon,
    DEBT,
    "I put in a proposal: 20% of every sprint for the cleanup.",
    "tech-debt/capacity-share",
    G,
    ["hypothetical"]
);
// So does a past.
t!(
    past_before_a_colon,
    DEBT,
    "We used to do it properly: 20% of every sprint for the cleanup.",
    "tech-debt/capacity-share",
    G,
    ["past"]
);
t!(
    a_colon_alone_is_no_plan,
    DEBT,
    "Here is the deal: 20% of every sprint goes to the cleanup.",
    "tech-debt/capacity-share",
    G,
    []
);

// A negator before a list of short items closed by `or` reaches every item.
t!(
    negation_reaches_the_last_item_of_a_list,
    MET,
    "You won't be judged on lines of code, tickets closed or story points.",
    "success-metrics/velocity",
    none
);
t!(
    negation_reaches_a_middle_item_of_a_list,
    MET,
    "Nobody is measured on lines of code, story points or tickets.",
    "success-metrics/velocity",
    none
);
t!(
    a_list_after_a_negated_clause_needs_its_or,
    MET,
    "We don't count lines of code, story points are what we count.",
    "success-metrics/velocity",
    A,
    []
);
t!(
    a_long_clause_is_no_list_item,
    MET,
    "We don't count lines, what the whole team really looks at every week is velocity or uptime.",
    "success-metrics/velocity",
    A,
    []
);

// Now and then: a good practice kept only sometimes is no practice in
// place; a red flag raised sometimes is still one.
t!(
    occasional_before_a_green_hit,
    INC,
    "Sometimes we run blameless post mortems.",
    "incident-response/blameless",
    G,
    ["occasional"]
);
t!(
    occasional_after_a_green_hit_in_its_clause,
    INC,
    "We run blameless post mortems now and then.",
    "incident-response/blameless",
    G,
    ["occasional"]
);
t!(
    occasional_in_another_clause_does_not_reach,
    INC,
    "We run blameless post mortems, and sometimes pizza.",
    "incident-response/blameless",
    G,
    []
);
t!(
    occasional_leaves_a_red_flag_alone,
    INC,
    "Sometimes people get thrown under the bus.",
    "incident-response/blame",
    R,
    []
);

#[test]
fn a_break_in_a_gap_starts_the_tense_over() {
    let engine = mini_with(
        r#"
[[rule]]
id = "gap"
signal = "green"
match = ["debt ~12 (fifth | quarter) of every sprint"]
message = "m"
"#,
    );
    let modifiers = |text: &str| -> Vec<&'static str> {
        let q = engine.pack().question_index("tech-debt");
        let report = score_answer(&engine, text, q);
        let hit = report
            .questions
            .iter()
            .flat_map(|q| q.hits.iter())
            .find(|h| h.rule == "tech-debt/gap")
            .unwrap_or_else(|| panic!("{text:?}: no hit"))
            .clone();
        hit.modifiers.iter().map(|m| m.name()).collect()
    };
    // What follows "but" is what the hit says: now, and emphasised.
    assert_eq!(
        modifiers(
            "We used to let debt pile up, but since last year a fifth of every sprint goes to it."
        ),
        ["emphasised"]
    );
    // With no break, the past marker before the hit still holds.
    assert_eq!(
        modifiers("We used to let debt pile up and a fifth of every sprint went to it."),
        ["past"]
    );
}

/// The modifiers and drop reason of every hit of `rule` in the answer
/// `text` to `question`, counted or not.
fn trace(question: &str, text: &str, rule: &str) -> Vec<(Vec<&'static str>, Option<String>)> {
    let q = ENGINE.pack().question_index(question);
    let report = score_answer(&ENGINE, text, q);
    report
        .questions
        .iter()
        .flat_map(|q| q.hits.iter())
        .filter(|h| h.rule == rule)
        .map(|h| {
            let names = h.modifiers.iter().map(|m| m.name()).collect();
            (names, h.dropped.as_ref().map(|d| d.to_string()))
        })
        .collect()
}

// Post-posed negation: a topic asked, then a short negating answer.
t!(
    post_posed_negation_after_a_question,
    INC,
    "Blame individuals? Never.",
    "incident-response/blame",
    G,
    ["negated"]
);
t!(
    post_posed_negation_with_a_filler,
    MET,
    "Velocity? God, no.",
    "success-metrics/velocity",
    none
);
t!(
    post_posed_negation_after_a_colon,
    MET,
    "Story points: absolutely not.",
    "success-metrics/velocity",
    none
);
t!(
    post_posed_negation_after_a_dash,
    INC,
    "Blame individuals \u{2014} not at all.",
    "incident-response/blame",
    G,
    ["negated"]
);
t!(
    a_topic_answered_with_a_refusal_first_is_negated,
    INC,
    "Blame individuals: never, we look at the system.",
    "incident-response/blame",
    G,
    ["negated"]
);
t!(
    a_topic_answered_with_a_refusal_then_a_contrast_is_not,
    MET,
    "Velocity: no, but we watch it every sprint.",
    "success-metrics/velocity",
    A,
    ["contrasted"]
);
t!(
    a_refusal_after_a_list_item_is_no_topic_answered,
    INC,
    "Weekly reviews, blame individuals - never, she was firm on that.",
    "incident-response/blame",
    R,
    []
);
t!(
    post_posed_negation_in_a_question_of_a_few_words,
    MET,
    "Do we track velocity? Nope.",
    "success-metrics/velocity",
    none
);
t!(
    an_answer_that_goes_on_negates_nothing,
    MET,
    "Velocity? No, but we watch it every sprint.",
    "success-metrics/velocity",
    A,
    []
);
t!(
    a_refusal_said_twice_negates_though_the_answer_goes_on,
    MET,
    "Counting velocity? No, no, no, that's like measuring a house by the kilos of bricks.",
    "success-metrics/velocity",
    none
);
t!(
    a_refusal_said_twice_then_a_contrast_negates_nothing,
    MET,
    "Velocity? No, no, but we do watch it every sprint.",
    "success-metrics/velocity",
    A,
    []
);
t!(
    a_yes_after_the_question_negates_nothing,
    MET,
    "Velocity? Yes, every sprint.",
    "success-metrics/velocity",
    A,
    []
);
t!(
    a_negation_after_a_statement_negates_nothing,
    MET,
    "We track velocity. Never.",
    "success-metrics/velocity",
    A,
    []
);
t!(
    a_topic_far_before_the_question_mark_is_not_negated,
    MET,
    "We track velocity for every team in the whole company, right? No.",
    "success-metrics/velocity",
    A,
    []
);

t!(
    a_short_denial_after_a_question_negates_it,
    INC,
    "Blame individuals? That doesn't happen here.",
    "incident-response/blame",
    G,
    ["negated"]
);
t!(
    a_double_negative_after_a_question_affirms_it,
    INC,
    "Blame individuals? We never fail to.",
    "incident-response/blame",
    R,
    []
);
t!(
    a_negator_over_a_lack_affirms,
    INC,
    "We never skip the blameless post-mortem.",
    "incident-response/blameless",
    G,
    []
);
t!(
    a_denial_with_a_contrast_negates_nothing,
    MET,
    "Velocity? We don't target it, but we watch it.",
    "success-metrics/velocity",
    A,
    []
);
t!(
    a_rising_statement_is_no_question_a_denial_negates,
    MET,
    "I kind of think we track velocity per team? I don't know.",
    "success-metrics/velocity",
    A,
    []
);

// Superseded past practice.
#[test]
fn a_past_practice_a_current_one_replaced_is_history() {
    let text =
        "Years ago we used to throw people under the bus. Now we run blameless post mortems.";
    assert_eq!(
        trace(INC, text, "incident-response/blame"),
        [(
            vec!["past", "superseded"],
            Some(
                "history: superseded by the current practice of incident-response/blameless"
                    .to_string()
            )
        )]
    );
    check(INC, text, "incident-response/blameless", Some((G, &[])));
}

t!(
    superseded_within_one_sentence,
    INC,
    "We used to throw people under the bus, but these days we run post mortems.",
    "incident-response/blame",
    none
);
t!(
    superseded_by_a_present_marker_after_the_practice,
    INC,
    "In the old days we used to blame the engineer. We run post mortems nowadays.",
    "incident-response/blame",
    none
);
t!(
    a_past_practice_alone_keeps_the_past_discount,
    INC,
    "Years ago we used to throw people under the bus.",
    "incident-response/blame",
    R,
    ["past"]
);
t!(
    a_past_practice_without_a_now_is_not_superseded,
    INC,
    "Years ago we used to throw people under the bus. We run post mortems.",
    "incident-response/blame",
    R,
    ["past"]
);
t!(
    a_current_practice_of_another_question_supersedes_nothing,
    INC,
    "Years ago we used to throw people under the bus. Now we track velocity.",
    "incident-response/blame",
    R,
    ["past"]
);
t!(
    now_in_the_hits_own_clause_tells_it_in_the_present,
    INC,
    "That was the wake-up call, we run blameless post mortems now. Now we never blame the engineer.",
    "incident-response/blameless",
    G,
    []
);
t!(
    a_past_verb_in_the_hits_own_clause_is_still_history,
    INC,
    "We ran blameless post mortems for a while, but now we never blame the engineer.",
    "incident-response/blameless",
    none
);
t!(
    a_practice_set_up_on_arriving_is_no_history,
    INC,
    "The first thing I did was start blameless post mortems. Now nobody gets to blame the engineer.",
    "incident-response/blameless",
    G,
    []
);
t!(
    a_practice_told_in_the_past_is_history_once_replaced,
    INC,
    "We had blameless post mortems. Now nobody gets to blame the engineer.",
    "incident-response/blameless",
    none
);
t!(
    putting_the_old_way_behind_ends_a_story,
    INC,
    "When I joined, people got blamed. I stopped that, we moved to blameless post mortems.",
    "incident-response/blameless",
    G,
    []
);
t!(
    a_story_goes_on_without_a_turn,
    INC,
    "When I joined, people got blamed. We moved to blameless post mortems.",
    "incident-response/blameless",
    G,
    ["past"]
);
t!(
    a_plan_supersedes_nothing,
    INC,
    "We used to throw people under the bus. Now we want to start post mortems one day.",
    "incident-response/blame",
    R,
    ["past"]
);

t!(
    a_bracketed_aside_does_not_end_the_past,
    INC,
    "We used to have one guy (Rod, mostly) and we'd throw people under the bus.",
    "incident-response/blame",
    R,
    ["past"]
);

t!(
    a_clause_word_and_the_speaker_after_a_comma_end_a_report,
    INC,
    "Some companies blame the engineer, and I saw that at previous places, so here we run blameless post mortems.",
    "incident-response/blameless",
    G,
    []
);

// Earlier employers.
#[test]
fn an_earlier_employer_named_is_traced_and_does_not_count() {
    let text = "At Kestrel we threw people under the bus.";
    assert_eq!(
        trace(INC, text, "incident-response/blame"),
        [(
            vec!["elsewhere"],
            Some("told of an earlier employer".to_string())
        )]
    );
}

t!(
    an_earlier_employer_carries_to_the_next_sentences,
    INC,
    "At my last company it was ugly. Every outage was a witch hunt. They would blame the engineer.",
    "incident-response/blame",
    none
);
t!(
    when_i_was_at_a_named_company,
    INC,
    "When I was at Google, we ran blameless post mortems.",
    "incident-response/blameless",
    none
);
t!(
    in_my_previous_job,
    INC,
    "In my previous job we ran post mortems. It worked well.",
    "incident-response/blameless",
    none
);
t!(
    here_switches_back_from_an_earlier_employer,
    INC,
    "At my last company they would blame the engineer. Here we run post mortems.",
    "incident-response/blameless",
    G,
    []
);
t!(
    now_switches_back_from_an_earlier_employer,
    INC,
    "At Kestrel we ran post mortems. It took a year. Now we run post mortems too.",
    "incident-response/blameless",
    G,
    []
);
t!(
    a_story_elsewhere_ends_after_a_few_sentences,
    INC,
    "At Kestrel we went multi-region. One. Two. Three. Four. Five. We run post mortems.",
    "incident-response/blameless",
    G,
    []
);
t!(
    an_earlier_employer_word_inside_a_compound_is_none,
    INC,
    "After each outage we hold our old company-wide town hall and run blameless post mortems.",
    "incident-response/blameless",
    G,
    []
);
t!(
    at_a_place_after_a_noun_is_no_earlier_employer,
    INC,
    "The server at Deniliquin, we still had one in a cupboard there, falls over. We throw people under the bus.",
    "incident-response/blame",
    R,
    []
);
t!(
    so_at_a_name_still_opens_a_story,
    INC,
    "So at Kestrel we threw people under the bus.",
    "incident-response/blame",
    none
);
t!(
    at_a_name_in_the_present_may_be_this_company,
    INC,
    "At Acme we run post mortems.",
    "incident-response/blameless",
    G,
    []
);
t!(
    at_a_name_in_third_person_notes_is_the_company_noted,
    INC,
    "At Acme they started blameless post mortems last year.",
    "incident-response/blameless",
    G,
    []
);
t!(
    an_earlier_employer_in_third_person_notes,
    INC,
    "At her last company they ran post mortems.",
    "incident-response/blameless",
    none
);
t!(
    at_a_time_is_no_employer,
    INC,
    "At Christmas we started blameless post mortems.",
    "incident-response/blameless",
    G,
    []
);
t!(
    at_a_lower_case_word_is_no_employer,
    INC,
    "At scale we learned to run post mortems.",
    "incident-response/blameless",
    G,
    []
);
t!(
    an_employer_named_late_in_the_sentence_opens_no_story,
    INC,
    "We run post mortems, a habit I brought from my last company.",
    "incident-response/blameless",
    G,
    []
);

t!(
    a_story_from_an_earlier_job_in_notes_is_told_of_it,
    INC,
    "She started with a story from her old job at a telco: there they blame the engineer.",
    "incident-response/blame",
    none
);

t!(
    a_company_named_in_the_present_ends_a_story_of_an_earlier_job,
    INC,
    "She told a story from her old job: there they blame the engineer. She hates it. At Cargoline they blame the engineer too.",
    "incident-response/blame",
    R,
    []
);

t!(
    a_team_that_blames_in_notes_is_still_a_flag,
    INC,
    "She started with the truth about her team: there they blame the engineer.",
    "incident-response/blame",
    R,
    []
);

t!(
    a_simple_past_practice_that_now_gives_way_is_history,
    INC,
    "People got thrown under the bus. Now we run blameless post mortems.",
    "incident-response/blame",
    none
);

t!(
    a_simple_past_practice_alone_keeps_its_weight,
    INC,
    "People got thrown under the bus.",
    "incident-response/blame",
    R,
    []
);

#[test]
fn the_new_modifiers_take_odd_text() {
    for text in [
        "?",
        "? No.",
        ": no",
        "Velocity?",
        "Velocity? ",
        "Velocity:",
        "Velocity \u{2014}",
        "Velocity? No? No. No.",
        "At",
        "At Kestrel",
        "At Kestrel we",
        "At KESTREL WE USED TO THROW PEOPLE UNDER THE BUS",
        "When I was at",
        "Now.",
        "We used to throw people under the bus; now",
        "Blame individuals?\n\nNever.",
        "Ümlaut? Nö. At Ürsa we used to blame the engineer. Now we run post mortems.",
    ] {
        for q in [INC, MET, DEBT] {
            let report = score_answer(&ENGINE, text, ENGINE.pack().question_index(q));
            for h in report.questions.iter().flat_map(|q| q.hits.iter()) {
                assert!(h.weight.is_finite(), "{text:?}: {h:#?}");
                assert!(h.evidence.iter().all(|e| e.end <= h.excerpt.len()));
            }
        }
    }
}

#[test]
fn long_text_is_scanned_in_pieces_cut_after_sentences() {
    use crate::scan::{pieces, PIECE};
    let sentence = "We reserve a fifth of each sprint for débt, ça va. ";
    let text = sentence.repeat(3 * PIECE / sentence.len());
    let cuts: Vec<_> = pieces(&text).collect();
    assert!(cuts.len() >= 3, "{}", cuts.len());
    assert_eq!(cuts[0].start, 0);
    assert_eq!(cuts.last().unwrap().end, text.len());
    for w in cuts.windows(2) {
        assert_eq!(w[0].end, w[1].start, "pieces are contiguous");
    }
    for c in &cuts {
        assert!(c.len() <= PIECE && !c.is_empty());
        assert!(text.is_char_boundary(c.start) && text.is_char_boundary(c.end));
        // Every cut is after a sentence's end, so no sentence is split.
        assert!(text[..c.end].ends_with(". ") || c.end == text.len());
    }
    // Text without a sentence end or a space is cut at a char boundary.
    let run = "é".repeat(PIECE);
    let cuts: Vec<_> = pieces(&run).collect();
    assert_eq!(cuts.len(), 2);
    assert!(cuts.iter().all(|c| run.is_char_boundary(c.end)));
    assert_eq!(pieces("").collect::<Vec<_>>(), vec![0..0]);
}

#[test]
fn a_turn_longer_than_a_piece_finds_every_hit_at_its_place() {
    // The same hit once a sentence, over several pieces: each found once,
    // with offsets into the whole turn.
    let sentence = "We run blameless post-mortems after every outage. ";
    let n = 3 * crate::scan::PIECE / sentence.len();
    let text = format!("CTO: {}\n", sentence.repeat(n));
    let report = ENGINE
        .score_bytes(text.as_bytes(), "long.txt", &crate::ReadOptions::default())
        .expect("scores");
    let q = report
        .questions
        .iter()
        .find(|q| q.id == "incident-response")
        .unwrap();
    assert!(q.hits.iter().all(|h| h.rule.ends_with("/blameless")));
    assert_eq!(q.hits.len() + q.hits_omitted, n, "one hit a sentence");
    assert_eq!(q.hits.len(), crate::report::QuestionResult::MAX_HITS);
    assert_eq!(q.verdict, crate::report::Verdict::Green);
    let text = crate::render::text(&report, &Default::default());
    let omitted = format!("({} more hits counted but not listed", q.hits_omitted);
    assert!(text.contains(&omitted), "{text}");
    assert!(crate::render::markdown(&report).contains(&omitted));
    assert!(crate::render::html(&report).contains(&omitted));
    let turn = &report.transcript.as_ref().unwrap().turns[0].text;
    for (k, h) in q.hits.iter().enumerate() {
        assert_eq!(h.line, 1);
        assert!(h.spans[0].0 >= k * sentence.len(), "in text order");
        let (a, b) = h.spans[0];
        assert_eq!(&turn[a..b], "blameless post-mortems");
    }
}

#[test]
fn scan_before_matches_before_its_end_and_decides_with_what_follows() {
    let blame = |matches: Vec<crate::scan::Match>| -> Vec<crate::scan::Match> {
        matches
            .into_iter()
            .filter(|m| ENGINE.pack().rules[m.rule].id == "incident-response/blame")
            .collect()
    };
    let story = "People got thrown under the bus.";
    let alone = blame(ENGINE.scan(story));
    assert_eq!(alone.len(), 1, "{alone:#?}");
    assert!(!alone[0].modifiers.past);
    // The next paragraph puts the story behind, and its own hit of the
    // same rule, after the end, is not matched.
    let text =
        format!("{story}\n\nWe moved away from all of that. People got thrown under the bus.");
    let before = blame(ENGINE.scan_before(&text, story.len()));
    assert_eq!(before.len(), 1, "{before:#?}");
    assert_eq!(before[0].range, alone[0].range);
    assert!(before[0].modifiers.past, "{before:#?}");
    // A sentence that runs on past the end matches only before it.
    let cut = "People got thrown";
    assert!(blame(ENGINE.scan_before(story, cut.len())).is_empty());
}

/// A `break` marker that starts before a hit and runs into it ("hasn't
/// come back" around a rule's "not come back") leaves the hit's span
/// starting at the hit, not after it: the hit is read, the scan goes on.
#[test]
fn a_break_marker_that_runs_into_a_hit() {
    let engine = mini_with(
        r#"
[[rule]]
id = "never-back"
signal = "red"
weight = 1.0
match = ["not come back"]
message = "Gone for good."
"#,
    );
    let text = "The debt budget went in last year's cut and hasn't come back.";
    let hits = engine.scan(text);
    let rule = engine
        .pack()
        .rules
        .iter()
        .position(|r| r.id == "tech-debt/never-back");
    assert!(
        hits.iter().any(|h| Some(h.rule) == rule),
        "the rule matches inside the marker: {hits:#?}"
    );
}
