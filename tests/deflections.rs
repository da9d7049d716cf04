#![allow(clippy::print_stderr)] // the test says what it counted
//! Replies that do not answer, and replies that do with words that look
//! like a deflection: how many of each the default pack reads right.
//!
//! Both lists were written by someone who had not seen the pack
//! (2026-12-03): 160 deflections (refusals, put-offs, hand-offs, changed
//! subjects, interruptions, questions turned back, the notes' "he moved on to
//! salary") and 120 answers with substance that contain such words ("we
//! park debt items on a board", "we ran out of budget for conferences").
//! The figures below are ratchets: raise them when the pack improves.

use candor::{Engine, Format, Transcript, Verdict};

/// Deflections read as unanswered (29 when the lists were written; 80
/// after widening `general/evasion` from the even-numbered lines only: the
/// odd-numbered ones went from 13 to 16, so most of this is not general).
/// 99 once more of the ways people hand a question on were added from
/// answer banks 7-10 and dev sets, not from these lists; 105 with the lean
/// evasion words of session 19 (from the read answer banks); 111 with those
/// of session 32 (from `corpus-hard/deflect1/`); 113 with those of session
/// 33 (from `corpus-hard/deflect2/`); 116 with those of session 34 (from
/// `corpus-hard/deflect3/`).
const DEFLECTIONS_READ: usize = 116;
/// Answers not read as unanswered (114 when the lists were written).
const ANSWERS_KEPT: usize = 113;

const QUESTIONS: [(&str, &str); 10] = [
    (
        "tech-debt",
        "How do you balance new features against paying down technical debt?",
    ),
    (
        "technical-risk",
        "What is the biggest technical risk to the platform, and how are you mitigating it?",
    ),
    (
        "build-vs-buy",
        "Where do you sit on build versus buy for core infrastructure?",
    ),
    (
        "success-metrics",
        "How is engineering success measured here?",
    ),
    (
        "incident-response",
        "What happens when production goes down at 3 AM?",
    ),
    (
        "learning",
        "How do you foster innovation and continuous learning?",
    ),
    (
        "scaling",
        "How is the architecture evolving for the next 10x growth?",
    ),
    (
        "ai-automation",
        "What is your vision for AI and automation in the development lifecycle?",
    ),
    (
        "cross-functional",
        "How does engineering work with product and sales to prioritise the roadmap?",
    ),
    (
        "magic-wand",
        "If you had a magic wand, what one thing would you fix?",
    ),
];

/// How many replies of `file`, each given to the next of the ten questions
/// in turn, come out unanswered; and the replies that do.
fn unanswered(engine: &Engine, file: &str) -> (usize, usize, Vec<String>) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(file);
    let text = std::fs::read_to_string(path).unwrap();
    let replies: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut which = Vec::new();
    for (i, reply) in replies.iter().enumerate() {
        let (id, asking) = QUESTIONS[i % QUESTIONS.len()];
        let t = format!("Me: {asking}\nCTO: {reply}\n");
        let report = engine.score(&Transcript::parse(&t, Format::Auto).unwrap(), "t", None);
        let q = report.questions.iter().find(|q| q.id == id).unwrap();
        if q.verdict == Verdict::Unanswered {
            which.push(format!("{id}: {reply}"));
        }
    }
    (which.len(), replies.len(), which)
}

#[test]
fn deflections_are_unanswered_and_lookalikes_are_answers() {
    let engine = Engine::new(&candor::pack::builtin());
    let (read, total, _) = unanswered(&engine, "deflections.txt");
    assert_eq!(total, 160);
    assert!(
        read >= DEFLECTIONS_READ,
        "{read} of {total} deflections read as unanswered"
    );
    eprintln!("deflections read as unanswered: {read} of {total}");
    let (lost, total, which) = unanswered(&engine, "deflection-lookalikes.txt");
    eprintln!("look-alike answers kept: {} of {total}", total - lost);
    assert_eq!(total, 120);
    assert!(
        total - lost >= ANSWERS_KEPT,
        "{} of {total} answers kept; read as unanswered:\n{}",
        total - lost,
        which.join("\n")
    );
}
