//! The normaliser, the tokeniser and the scanner on any text: the offset
//! map monotonic and exact, token spans and hit ranges on char boundaries.
#![no_main]

use candor::lang::matcher::with_state;
use candor::lang::token::{tokenize, NoWords, Tokens};
use candor_fuzz::{check_normalized, check_tokens, engine};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    check_normalized(s);
    let mut tokens = Tokens::default();
    tokenize(s, &NoWords, &mut tokens);
    check_tokens(s, &tokens);
    with_state(|state| {
        engine()
            .pack()
            .matcher
            .tokenize(s, &mut state.tokens, &mut state.scratch);
        check_tokens(s, &state.tokens);
    });
    let hits = engine().scan(s);
    for m in &hits {
        assert!(m.range.start < m.range.end && m.range.end <= s.len());
        assert!(s.is_char_boundary(m.range.start) && s.is_char_boundary(m.range.end));
        for r in &m.spans {
            assert!(r.start >= m.range.start && r.end <= m.range.end);
            assert!(s.is_char_boundary(r.start) && s.is_char_boundary(r.end));
        }
    }
    assert_eq!(engine().scan(s), hits, "scanning twice differs");
});
