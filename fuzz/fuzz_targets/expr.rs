//! The match-expression parser on any text; an expression that parses is
//! compiled (with a few concepts defined) and run over its own text and a
//! fixed answer: every match and its witness inside the sentence.
#![no_main]

use candor::lang::expr::{self, phrase};
use candor::lang::matcher::{with_state, Builder};
use candor::lang::{canonical, sequence, spellings};
use candor_fuzz::check_tokens;
use libfuzzer_sys::fuzz_target;

const ANSWER: &str = "We don't have tech debt, but we used to: 20% of every sprint, \
    and on call is a weekly rota. Post-mortems are blameless, e.g. last week's.";

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let e = match expr::parse(s) {
        Ok(e) => e,
        Err(e) => {
            assert!(e.at.at <= s.chars().count(), "an error past the end");
            let _ = e.to_string();
            return;
        }
    };
    assert_eq!(expr::parse(s).as_ref(), Ok(&e), "parsing twice differs");
    let _ = canonical(&e);
    let _ = spellings(&e);
    let _ = sequence(&e);
    let mut b = Builder::new(1);
    b.define("debt", vec![(phrase("tech debt"), 0), (phrase("cruft"), 0)]);
    b.define("number", vec![(phrase("one"), 0), (phrase("twenty"), 0)]);
    b.define(
        "incident-oncall",
        vec![(expr::parse("on call | pager").expect("parses"), 0)],
    );
    let _ = b.add(0, 0, &e, 1);
    let Ok(matcher) = b.build() else {
        return;
    };
    for text in [s, ANSWER] {
        with_state(|state| {
            let mut out = Vec::new();
            matcher.tokenize(text, &mut state.tokens, &mut state.scratch);
            check_tokens(text, &state.tokens);
            let tokens = &state.tokens;
            for sentence in &tokens.sentences {
                matcher.begin(&tokens.tokens, sentence.clone(), &mut state.scratch);
                matcher.candidates(0, &mut state.scratch, &mut out);
                for &t in &out {
                    for span in matcher.matches(0, t, &mut state.scratch) {
                        let (a, b) = (span.0 as usize, span.1 as usize);
                        assert!(sentence.start <= a && a <= b && b <= sentence.end);
                        for p in matcher.witness(0, t, span, &mut state.scratch) {
                            assert!(span.0 <= p.0 && p.0 < p.1 && p.1 <= span.1);
                        }
                    }
                }
            }
        });
    }
});
