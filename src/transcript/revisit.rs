//! A speaker going back to an earlier question in the middle of a turn
//! ("... it's a creative process. Actually, going back to the 3 AM
//! question, I made that sound worse than it is."): the turn is split where
//! that sentence starts, so that what follows can be read as an answer to
//! the question it names (see `segment`).

use super::{head, Turn};

/// The words that go back: "going back to", "to come back to", "circling
/// back to your question about".
const GOING_BACK: &[&str] = &[
    "going back to",
    "go back to",
    "coming back to",
    "come back to",
    "circling back to",
    "circle back to",
    "getting back to",
    "get back to",
    "jumping back to",
    "jump back to",
    "looping back to",
    "loop back to",
    "back to your question",
    "back to the question",
];

/// Words a sentence may open with before it goes back ("Actually, if I
/// can, going back to ...").
const LEAD_INS: &[&str] = &[
    "actually",
    "oh",
    "and",
    "also",
    "sorry",
    "so",
    "ok",
    "okay",
    "right",
    "wait",
    "just",
    "quickly",
    "btw",
    "by the way",
    "one more thing",
    "if i can",
    "if i may",
    "can i",
    "could i",
    "let me",
    "i want to",
    "i'd like to",
    "i just want to",
    "to",
];

/// The words a sentence opening at `text` names when it goes back to an
/// earlier question ("the 3 AM question" in "Actually, going back to the 3
/// AM question, ..."), if it does: up to the first comma, stop, colon or
/// dash. "Let me come back to that one" names nothing.
pub(crate) fn revisit(text: &str) -> Option<&str> {
    let mut rest = text.trim_start();
    'lead: loop {
        let lower = head(rest, 40).to_ascii_lowercase();
        for phrase in GOING_BACK {
            if lower.starts_with(phrase) {
                rest = &rest[phrase.len()..];
                break 'lead;
            }
        }
        let lead = LEAD_INS.iter().find_map(|lead| {
            let after = lower.strip_prefix(lead)?;
            after
                .starts_with(|c: char| c == ',' || c.is_whitespace())
                .then_some(lead.len())
        })?;
        rest = rest[lead..].trim_start_matches([',', ' ']);
    }
    let window = head(rest, 200);
    let end = window
        .find([',', '.', ':', ';', '?', '!', '\u{2014}', '\u{2013}'])
        .unwrap_or(window.len());
    let named = head(&window[..end], 80).trim();
    let pronoun = named.split_whitespace().all(|w| {
        matches!(
            w.to_ascii_lowercase().as_str(),
            "that" | "this" | "it" | "one" | "the" | "your" | "question" | "about"
        )
    });
    (!pronoun).then_some(named)
}

/// Whether a turn that goes back to an earlier question corrects what was
/// said then ("Actually, going back to the 3 AM question, I made that sound
/// worse than it is. The Kevin story is from last year."): in its first
/// sentences, a word of correction.
pub(crate) fn corrects(text: &str) -> bool {
    let opening = head(text, 240).to_ascii_lowercase();
    opening.trim_start().starts_with("actually")
        || [
            "made that sound",
            "made it sound",
            "wasn't fair",
            "wasn't accurate",
            "not quite right",
            "wasn't right",
            "correct myself",
            "correct that",
            "let me correct",
            "to clarify",
            "should clarify",
            "misspoke",
            "undersold",
            "oversold",
            "should have said",
            "i was wrong",
            "that's changed",
            "that has changed",
            "is from last year",
            "was years ago",
            "old story",
            "out of date",
        ]
        .iter()
        .any(|w| opening.contains(w))
}

/// Splits each turn where a sentence after its first goes back to an
/// earlier question: the speaker's turn goes on as a turn of its own. The
/// pieces of a turn are cut from its end, so each byte is moved once.
pub(super) fn split_revisits(turns: &mut Vec<Turn>) {
    let cuts: Vec<Vec<usize>> = turns
        .iter()
        .map(|t| {
            if t.kind == super::TurnKind::Speech {
                revisit_starts(&t.text)
            } else {
                Vec::new()
            }
        })
        .collect();
    if cuts.iter().all(Vec::is_empty) {
        return;
    }
    let mut out = Vec::with_capacity(turns.len() + cuts.iter().map(Vec::len).sum::<usize>());
    for (mut turn, cuts) in std::mem::take(turns).into_iter().zip(cuts) {
        let firsts: Vec<_> = {
            let locator = turn.locator();
            cuts.iter().map(|&at| locator.origin_at(at)).collect()
        };
        let mut tails: Vec<Turn> = cuts
            .iter()
            .zip(firsts)
            .rev()
            .map(|(&at, first)| turn.split_off(at, first))
            .collect();
        out.push(turn);
        while let Some(tail) = tails.pop() {
            out.push(tail);
        }
    }
    *turns = out;
}

/// The starts of the sentences after the first that go back to an earlier
/// question, in order.
fn revisit_starts(text: &str) -> Vec<usize> {
    // Most turns hold no "back to": they cost one search.
    if memchr::memmem::find(text.as_bytes(), b"back to").is_none() {
        return Vec::new();
    }
    text.match_indices(['.', '?', '!', '\n'])
        .filter_map(|(p, mark)| {
            let after = &text[p + mark.len()..];
            let start = after.len() - after.trim_start().len();
            (start > 0 || mark == "\n").then_some(p + mark.len() + start)
        })
        .filter(|&i| i < text.len() && revisit(&text[i..]).is_some())
        .fold(Vec::new(), |mut starts, i| {
            // ".\n" gives one start twice.
            if starts.last() != Some(&i) {
                starts.push(i);
            }
            starts
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_what_it_goes_back_to() {
        assert_eq!(
            revisit("Actually, going back to the 3 AM question, I made that sound worse."),
            Some("the 3 AM question")
        );
        assert_eq!(
            revisit("If I can go back to tech debt for a second: we do have a register."),
            Some("tech debt for a second")
        );
        assert_eq!(
            revisit("Coming back to your question about hiring — it's two people."),
            Some("your question about hiring")
        );
        assert_eq!(
            revisit("Going back to the déploiement question, ça marche."),
            Some("the déploiement question")
        );
        assert_eq!(
            revisit("Going back to ééééééééééééééééééééééééé"),
            Some("ééééééééééééééééééééééééé")
        );
        for text in [
            "Let me come back to that one.",
            "We went back to the vendor.",
            "So we got back to it in March.",
            "I'll circle back to it.",
        ] {
            assert_eq!(revisit(text), None, "{text}");
        }
    }

    #[test]
    fn a_turn_is_cut_at_each_revisit_in_order() {
        let mut turns = vec![Turn::new(
            None,
            "A. Going back to debt, b. C. Coming back to on-call, d.".to_string(),
            1,
            None,
        )];
        split_revisits(&mut turns);
        let texts: Vec<&str> = turns.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "A.",
                "Going back to debt, b. C.",
                "Coming back to on-call, d."
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn cutting_loses_nothing_but_space(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", ".", "\n", " ", "\u{a0}", "é", ",", "going back to debt",
                    "Actually, coming back to on-call",
                ]),
                0..40,
            )
        ) {
            let text: String = parts.concat();
            let mut turns = vec![Turn::new(None, text.clone(), 1, None)];
            split_revisits(&mut turns);
            let squeeze = |s: &str| s.split_whitespace().collect::<String>();
            let joined: String = turns.iter().map(|t| squeeze(&t.text)).collect();
            proptest::prop_assert_eq!(joined, squeeze(&text));
        }
    }

    #[test]
    fn a_stop_then_a_newline_is_one_start() {
        let text = "A.\nGoing back to debt, b.";
        assert_eq!(revisit_starts(text), [3]);
        let mut turns = vec![Turn::new(None, text.to_string(), 1, None)];
        split_revisits(&mut turns);
        assert_eq!(turns.len(), 2);
        assert_eq!(turns[1].origin_at(0).line, 2);
    }

    #[test]
    fn a_turn_splits_where_it_goes_back() {
        let text = "We figure it out together. Actually, going back to the 3 AM question, we have a rota now.";
        let at = revisit_starts(text);
        assert_eq!(at.len(), 1);
        assert_eq!(&text[at[0]..at[0] + 8], "Actually");
        assert!(revisit_starts("Going back to on-call, it's a rota.").is_empty());
        assert!(revisit_starts("Let me come back to that one. Sure.").is_empty());
    }
}
