use super::*;

fn file(path: &str, text: &str) -> SourceFile {
    SourceFile {
        path: PathBuf::from(path),
        text: text.to_string(),
    }
}

const PACK: &str =
    "[pack]\nname = \"t\"\n\n[[category]]\nid = \"c\"\nlabel = \"C\"\ngoal = \"g\"\n";
const QUESTION: &str = "[question]\nid = \"q\"\nnumber = 1\ncategory = \"c\"\ntext = \"Q?\"\ncues = [\"cue\"]\n\n[[rule]]\nid = \"r\"\nsignal = \"green\"\nphrases = [\"good thing\"]\nmessage = \"m\"\n";

fn load(files: &[(&str, &str)]) -> Result<Pack, PackError> {
    Pack::from_layers(&[files.iter().map(|(p, t)| file(p, t)).collect()])
}

fn errors(files: &[(&str, &str)]) -> Vec<String> {
    load(files)
        .expect_err("the pack should not load")
        .diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect()
}

#[test]
fn builtin_pack_loads() {
    let pack = Pack::compile_builtin().unwrap();
    assert_eq!(pack.questions.len(), 10);
    assert_eq!(pack.categories.len(), 5);
}

#[test]
fn a_small_pack_loads() {
    let pack = load(&[("p/pack.toml", PACK), ("p/q.toml", QUESTION)]).unwrap();
    assert_eq!(pack.rules[0].id, "q/r");
    assert_eq!(pack.questions[0].cues, ["cue"]);
    assert_eq!(pack.rules[0].location.line, 9);
}

#[test]
fn unknown_keys_name_file_line_and_column() {
    let q = QUESTION.replace("message = \"m\"", "message = \"m\"\nmesage = \"typo\"");
    let errs = errors(&[("p/pack.toml", PACK), ("p/q.toml", &q)]);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0].starts_with("p/q.toml:13:1: error[E002]: unknown field `mesage`"),
        "{errs:?}"
    );
}

#[test]
fn every_problem_is_reported() {
    let q = QUESTION.replace("category = \"c\"", "category = \"nope\"");
    let bad_regex = "[question]\nid = \"q2\"\nnumber = 2\ncategory = \"c\"\ntext = \"?\"\n\n[[rule]]\nid = \"r\"\nsignal = \"red\"\npatterns = ['(unclosed']\nmessage = \"m\"\n";
    let errs = errors(&[
        ("p/pack.toml", PACK),
        ("p/q.toml", &q),
        ("p/q2.toml", bad_regex),
    ]);
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert!(
        errs[0].contains("E006") && errs[0].contains("unknown category `nope`"),
        "{errs:?}"
    );
    assert!(
        errs[1].starts_with("p/q2.toml:10:14: error[E007]: invalid regex in rule `q2/r`"),
        "{errs:?}"
    );
}

#[test]
fn duplicate_rule_ids_in_one_pack() {
    let q = format!(
        "{QUESTION}\n[[rule]]\nid = \"r\"\nsignal = \"red\"\nphrases = [\"x\"]\nmessage = \"m\"\n"
    );
    let errs = errors(&[("p/pack.toml", PACK), ("p/q.toml", &q)]);
    assert!(
        errs[0].contains("E005") && errs[0].contains("duplicate rule id `q/r`"),
        "{errs:?}"
    );
}

#[test]
fn toml_syntax_errors_have_a_place() {
    let errs = errors(&[("p/pack.toml", PACK), ("p/q.toml", "[question\nid = 1")]);
    assert!(errs[0].starts_with("p/q.toml:1:"), "{errs:?}");
    assert!(errs[0].contains("E001"), "{errs:?}");
}

#[test]
fn missing_pack_toml() {
    let errs = errors(&[("p/q.toml", QUESTION)]);
    assert!(errs.iter().any(|e| e.contains("E003")), "{errs:?}");
}

#[test]
fn later_layers_override_and_add() {
    let base = vec![file("a/pack.toml", PACK), file("a/q.toml", QUESTION)];
    let over = "[question]\nid = \"q\"\n\n[[rule]]\nid = \"r\"\nsignal = \"red\"\nphrases = [\"bad thing\"]\nmessage = \"changed\"\n\n[[rule]]\nid = \"new\"\nsignal = \"green\"\nphrases = [\"new thing\"]\nmessage = \"added\"\n";
    let layer = vec![file("b/q.toml", over)];
    let pack = Pack::from_layers(&[base, layer]).unwrap();
    assert_eq!(pack.rules.len(), 2);
    let r = pack.rule("q/r").unwrap();
    assert_eq!(r.signal, Signal::Red);
    assert_eq!(r.message, "changed");
    assert_eq!(pack.questions[0].text, "Q?");
    assert!(pack.rule("q/new").is_some());
}

#[test]
fn thresholds_must_be_in_order() {
    // In one file: the error is at the value set last in it.
    let swapped = format!(
        "{PACK}\n[thresholds]\ngreen = 1.0\nred = 1.5\ncategory_green = 60\ncategory_red = 70\n"
    );
    let errs = errors(&[("p/pack.toml", &swapped), ("p/q.toml", QUESTION)]);
    assert_eq!(
        errs,
        [
            "p/pack.toml:11:7: error[E032]: thresholds out of order: `red` must be below `green` (red is 1.5, green is 1)",
            "p/pack.toml:13:16: error[E032]: thresholds out of order: `category_red` must not be above `category_green` (category_red is 70, category_green is 60)",
        ]
    );
    // Equal category thresholds leave no amber, but are in order; equal
    // question thresholds are not (a score of both would be both colours).
    let equal = format!("{PACK}\n[thresholds]\ncategory_green = 50\ncategory_red = 50\n");
    assert!(load(&[("p/pack.toml", &equal), ("p/q.toml", QUESTION)]).is_ok());
    let equal = format!("{PACK}\n[thresholds]\ngreen = 0.5\nred = 0.5\n");
    assert!(errors(&[("p/pack.toml", &equal), ("p/q.toml", QUESTION)])[0].contains("E032"));
    // Across layers: a later pack that lowers `green` below the earlier
    // `red` is at fault, at its own value.
    let base = format!("{PACK}\n[thresholds]\nred = -1.0\n");
    let over = "[pack]\nname = \"t2\"\n\n[thresholds]\ngreen = -1.5\n";
    let err = Pack::from_layers(&[
        vec![file("a/pack.toml", &base), file("a/q.toml", QUESTION)],
        vec![file("b/pack.toml", over)],
    ])
    .expect_err("out of order across layers");
    let errs: Vec<String> = err.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        errs,
        ["b/pack.toml:5:9: error[E032]: thresholds out of order: `red` must be below `green` (red is -1, green is -1.5)"]
    );
    // A later pack that moves both keeps them in order: no error.
    let both = "[pack]\nname = \"t2\"\n\n[thresholds]\ngreen = -1.5\nred = -3.0\n";
    assert!(Pack::from_layers(&[
        vec![file("a/pack.toml", &base), file("a/q.toml", QUESTION)],
        vec![file("b/pack.toml", both)],
    ])
    .is_ok());
}

#[test]
fn empty_phrases_and_bad_weights() {
    let q = QUESTION.replace(
        "phrases = [\"good thing\"]",
        "phrases = [\"  \"]\nweight = -1.0",
    );
    let errs = errors(&[("p/pack.toml", PACK), ("p/q.toml", &q)]);
    assert!(errs.iter().any(|e| e.contains("E009")), "{errs:?}");
    assert!(errs.iter().any(|e| e.contains("E014")), "{errs:?}");
}

#[test]
fn words_of_complaint_are_counted_once_a_match() {
    let concepts = "[markers]\ncomplaint = [\"not\", \"didn't\", \"no one\", \"=broken\"]\n";
    let thresholds = format!("{PACK}\n[thresholds]\ncomplaint_share = 3.5\ncomplaint_words = 40\n");
    let q = QUESTION.replace("cues = [\"cue\"]", "cues = [\"cue\"]\ncomplaint = false");
    let pack = load(&[
        ("p/pack.toml", &thresholds),
        ("p/concepts.toml", concepts),
        ("p/q.toml", &q),
    ])
    .unwrap();
    assert_eq!(pack.thresholds.complaint_share, 3.5);
    assert_eq!(pack.thresholds.complaint_words, 40);
    assert!(!pack.questions[0].complaint);
    // "did not" once, though both "not" and "didn't" match it; "not" after
    // a clitic quoted as said; an exact form alone ("breaks" is no "broken").
    let found = pack
        .complaints("We did not plan it. We're not sure. No one knows. It's broken. It breaks.");
    assert_eq!(found.count, 4, "{found:?}");
    assert_eq!(found.said, ["did not", "not", "no one", "broken"]);
    // Text longer than a piece is read a piece at a time, each word quoted
    // from its own piece, and each cue counted once over all of them.
    let filler = "We sat on a mat. ".repeat(3 * crate::lang::pieces::PIECE / 17);
    let found = pack.complaints(&format!("We did not plan it. {filler}It's broken."));
    assert_eq!(found.count, 2, "{found:?}");
    assert_eq!(found.said, ["did not", "broken"]);
    let long = format!("A cue. {filler}Another cue.");
    assert!(crate::lang::pieces::pieces(&long).count() > 2);
    assert_eq!(pack.cue_scores(&long), [1]);
    // Not markers: a negator among them is no `complaint` marker's.
    assert!(pack.complaints("A good thing.").said.is_empty());
    // A pack that defines no markers has the default pack's words, but
    // the check is off unless its thresholds set a share.
    let plain = load(&[("p/pack.toml", PACK), ("p/q.toml", QUESTION)]).unwrap();
    assert!(plain.questions[0].complaint);
    assert_eq!(plain.thresholds.complaint_share, 0.0);
    assert_eq!(plain.complaints("We did not. It's a mess.").count, 2);
}

#[test]
fn long_text_is_read_a_piece_at_a_time_in_bounded_memory() {
    // Cues, complaints and words of work over a day of talk in one turn
    // hold one piece's tokens, not the text's: the thread's scratch stays
    // the size of a piece (a regression of session 30 held 5x the text).
    let pack = load(&[("p/pack.toml", PACK), ("p/q.toml", QUESTION)]).unwrap();
    let long = "We sat on a mat, it is broken. ".repeat(1 << 15);
    assert!(long.len() > 8 * crate::lang::pieces::PIECE);
    assert_eq!(pack.cue_scores(&long), [0]);
    assert_eq!(pack.complaints(&long).count, 1 << 15);
    pack.speaks_of_work(&long);
    let held = crate::lang::matcher::with_state(|state| state.tokens.tokens.capacity());
    assert!(held <= crate::lang::pieces::PIECE / 2, "{held} tokens held");
}

#[test]
fn unless_expressions_compile_and_their_errors_point_inside_them() {
    let q = QUESTION.replace(
        "phrases = [\"good thing\"]",
        "phrases = [\"good thing\"]\nunless = [\"not a good thing\", \"{known}\"]",
    );
    let concepts = "[concepts]\nknown = [\"good thing indeed\"]\n";
    let pack = load(&[
        ("p/pack.toml", PACK),
        ("p/concepts.toml", concepts),
        ("p/q.toml", &q),
    ])
    .unwrap();
    let rule = &pack.rules[0];
    let sources: Vec<&str> = rule.unless.iter().map(|e| e.source.as_str()).collect();
    assert_eq!(sources, ["not a good thing", "{known}"]);
    let (from, to) = rule.unless_targets;
    assert_eq!(to - from, 2, "one target each");
    // An unknown concept in one: the error names file, line and column.
    let bad = QUESTION.replace(
        "phrases = [\"good thing\"]",
        "phrases = [\"good thing\"]\nunless = [\"{nope} thing\"]",
    );
    let errs = errors(&[("p/pack.toml", PACK), ("p/q.toml", &bad)]);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].starts_with("p/q.toml:12:12: error["), "{errs:?}");
    assert!(errs[0].contains("nope"), "{errs:?}");
}

#[test]
fn an_answer_weight_loads_and_is_checked() {
    let q = QUESTION.replace("cues = [\"cue\"]", "cues = [\"cue\"]\nanswer_weight = 1.5");
    let pack = load(&[("p/pack.toml", PACK), ("p/q.toml", &q)]).unwrap();
    assert_eq!(pack.questions[0].answer_weight, 1.5);
    let plain = load(&[("p/pack.toml", PACK), ("p/q.toml", QUESTION)]).unwrap();
    assert_eq!(plain.questions[0].answer_weight, 0.0);
    for bad in ["-1.0", "11.0", "nan"] {
        let q = QUESTION.replace(
            "cues = [\"cue\"]",
            &format!("cues = [\"cue\"]\nanswer_weight = {bad}"),
        );
        let errs = errors(&[("p/pack.toml", PACK), ("p/q.toml", &q)]);
        assert!(
            errs.iter()
                .any(|e| e.contains("E014") && e.contains("answer_weight")),
            "{bad}: {errs:?}"
        );
    }
}

#[test]
fn only_amber_rules_may_be_vague() {
    let amber = QUESTION.replace("signal = \"green\"", "signal = \"amber\"\nvague = true");
    let pack = load(&[("p/pack.toml", PACK), ("p/q.toml", &amber)]).unwrap();
    assert!(pack.rule("q/r").unwrap().vague);
    let green = QUESTION.replace("signal = \"green\"", "signal = \"green\"\nvague = true");
    let errs = errors(&[("p/pack.toml", PACK), ("p/q.toml", &green)]);
    assert!(errs.iter().any(|e| e.contains("E029")), "{errs:?}");
}

#[test]
fn only_green_or_red_rules_and_evasions_may_be_lean() {
    let lean = QUESTION.replace("signal = \"green\"", "signal = \"green\"\nlean = true");
    let pack = load(&[("p/pack.toml", PACK), ("p/q.toml", &lean)]).unwrap();
    assert!(pack.rule("q/r").unwrap().lean);
    // The question's files and a `general.toml` holding `general`.
    let with_general = |general| {
        [
            ("p/pack.toml", PACK),
            ("p/q.toml", QUESTION),
            ("p/general.toml", general),
        ]
    };
    let evasion = "[[rule]]\nid = \"e\"\nsignal = \"amber\"\nevasion = true\nlean = true\n\
                   phrases = [\"nda\"]\nmessage = \"m\"\n";
    let pack = load(&with_general(evasion)).unwrap();
    assert!(pack.rule("general/e").unwrap().lean);
    // A general red rule may be lean: it leans the answer it is in, to
    // whichever question, red. A general amber rule that is no evasion
    // may not.
    let red = "[[rule]]\nid = \"w\"\nsignal = \"red\"\nlean = true\n\
               phrases = [\"who cares\"]\nmessage = \"m\"\n";
    assert!(
        load(&with_general(red))
            .unwrap()
            .rule("general/w")
            .unwrap()
            .lean
    );
    let amber = red.replace("\"red\"", "\"amber\"");
    let errs = errors(&with_general(&amber));
    assert!(errs.iter().any(|e| e.contains("E030")), "{errs:?}");
    for misplaced in [
        "signal = \"amber\"\nlean = true",
        "signal = \"red\"\nveto = true\nlean = true",
    ] {
        let q = QUESTION.replace("signal = \"green\"", misplaced);
        let errs = errors(&[("p/pack.toml", PACK), ("p/q.toml", &q)]);
        assert!(errs.iter().any(|e| e.contains("E030")), "{errs:?}");
    }
}

#[test]
fn oversized_patterns_are_refused() {
    let q = QUESTION.replace(
        "phrases = [\"good thing\"]",
        "patterns = ['(\\w{500}){500}']",
    );
    let errs = errors(&[("p/pack.toml", PACK), ("p/q.toml", &q)]);
    assert!(errs[0].contains("E008"), "{errs:?}");
}

fn unknown_key() -> Diagnostic {
    Diagnostic {
        code: Code::UnknownKey,
        severity: Severity::Error,
        file: PathBuf::from("p/q.toml"),
        line: 3,
        column: 1,
        length: 6,
        message: "unknown field `mesage`".to_string(),
        help: Some("did you mean `message`?".to_string()),
    }
}

#[test]
fn diagnostics_render_like_rustc_without_colour() {
    assert_eq!(
        unknown_key().render_line(Some("mesage = \"m\""), false),
        "error[E002]: unknown field `mesage`\n  --> p/q.toml:3:1\n  |\n3 | mesage = \"m\"\n  | ^^^^^^\n  = help: did you mean `message`?\n"
    );
}

#[test]
fn diagnostics_take_rustc_colours_and_the_same_text() {
    let d = unknown_key();
    let styled = d.render_line(Some("mesage = \"m\""), true);
    // Severity bold red, message bold, arrow and gutter bold blue, carets red.
    let (red, bold, blue, reset) = ("\x1b[1m\x1b[31m", "\x1b[1m", "\x1b[1m\x1b[34m", "\x1b[0m");
    assert!(
        styled.starts_with(&format!("{red}error[E002]{reset}{bold}: unknown field")),
        "{styled:?}"
    );
    assert!(
        styled.contains(&format!("  {blue}-->{reset} p/q.toml:3:1")),
        "{styled:?}"
    );
    assert!(
        styled.contains(&format!("{blue}3 |{reset} mesage")),
        "{styled:?}"
    );
    assert!(
        styled.contains(&format!("{red}^^^^^^{reset}")),
        "{styled:?}"
    );
    // Take the escapes away and the plain text is left, byte for byte.
    let mut plain = String::new();
    let mut rest = styled.as_str();
    while let Some(at) = rest.find('\x1b') {
        plain.push_str(&rest[..at]);
        let end = rest[at..].find('m').expect("an escape ends with m");
        rest = &rest[at + end + 1..];
    }
    plain.push_str(rest);
    assert_eq!(plain, d.render_line(Some("mesage = \"m\""), false));
    // A note is green, a warning yellow.
    let note = Diagnostic {
        severity: Severity::Note,
        ..d.clone()
    };
    assert!(note
        .render_line(None, true)
        .starts_with("\x1b[1m\x1b[32mnote[E002]"));
    let warning = Diagnostic {
        severity: Severity::Warning,
        ..d
    };
    assert!(warning
        .render_line(None, true)
        .starts_with("\x1b[1m\x1b[33mwarning[E002]"));
}

#[test]
fn cue_answers_are_remembered_per_pack() {
    let one = load(&[("p/pack.toml", PACK), ("p/q.toml", QUESTION)]).unwrap();
    let other = QUESTION.replace("cues = [\"cue\"]", "cues = [\"hint\"]");
    let two = load(&[("p/pack.toml", PACK), ("p/q.toml", &other)]).unwrap();
    for _ in 0..2 {
        // Asked twice, the second time from the memo, each pack its own.
        assert_eq!(one.cue_questions("Any cue here?"), [0]);
        assert!(two.cue_questions("Any cue here?").is_empty());
        assert_eq!(two.cue_questions("A hint, then?"), [0]);
    }
    // More texts than the memo holds: the oldest make way, answers stay right.
    for i in 0..CUE_MEMO_SIZE * 2 {
        let text = format!("cue number {i}");
        assert_eq!(one.cue_questions(&text), [0]);
        assert!(two.cue_questions(&text).is_empty());
    }
}
