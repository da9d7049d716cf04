//! The same fact gives the same verdict whatever the style it is written
//! in: a Q/A transcript, the speaker's own first-person prose, third-person
//! notes, and a bullet list of notes.

use candor::{Engine, ReadOptions, Verdict};

/// One fact: the question it answers, and the fact in each style.
struct Fact {
    question: &'static str,
    /// What the candidate asks in a transcript.
    asked: &'static str,
    /// The heading notes put it under.
    heading: &'static str,
    first_person: &'static str,
    third_person: &'static str,
    bullet: &'static str,
    verdict: Verdict,
}

const BUILD: (&str, &str, &str) = (
    "build-vs-buy",
    "Where do you sit on the build-vs-buy spectrum for core infrastructure?",
    "Build vs buy",
);
const METRICS: (&str, &str, &str) = (
    "success-metrics",
    "How is engineering success measured: lines of code, velocity, or business outcomes?",
    "Success metrics",
);
const INCIDENTS: (&str, &str, &str) = (
    "incident-response",
    "What happens when production goes down at 3 AM?",
    "Incident response",
);

fn fact(
    (question, asked, heading): (&'static str, &'static str, &'static str),
    first_person: &'static str,
    third_person: &'static str,
    bullet: &'static str,
    verdict: Verdict,
) -> Fact {
    Fact {
        question,
        asked,
        heading,
        first_person,
        third_person,
        bullet,
        verdict,
    }
}

fn facts() -> Vec<Fact> {
    use Verdict::{Amber, Green, Red};
    vec![
        // One piece of commodity infrastructure built at home is a cost to
        // ask about, not a policy: amber in every style.
        fact(
            BUILD,
            "We built our own CI.",
            "They built their own CI.",
            "built their own CI",
            Amber,
        ),
        // Several pieces, with "own" said once or every time: Not-Invented-Here.
        fact(
            BUILD,
            "We built our own CI, our own deploy tooling and our own monitoring.",
            "They built their own CI, deploy tooling and monitoring.",
            "built their own CI, deploy tooling and monitoring",
            Red,
        ),
        fact(
            BUILD,
            "We buy commodity infrastructure off the shelf and build only what differentiates us.",
            "They buy commodity infrastructure off the shelf and build only what differentiates them.",
            "buys commodity infra off the shelf, builds only what differentiates",
            Green,
        ),
        // Ranking or rewarding people or teams by volume is red, in any
        // voice and word form.
        fact(
            METRICS,
            "I rank the teams by velocity.",
            "He ranks the teams by velocity.",
            "teams ranked by velocity",
            Red,
        ),
        fact(
            METRICS,
            "We reward engineers for the story points they close.",
            "They reward engineers for the story points they close.",
            "rewards engineers for story points closed",
            Red,
        ),
        fact(
            METRICS,
            "We stack-rank developers by commits.",
            "They stack-rank developers by commits.",
            "stack-ranks developers by commits",
            Red,
        ),
        fact(
            METRICS,
            "Bonuses are tied to tickets closed.",
            "Their bonuses are tied to tickets closed.",
            "bonuses tied to tickets closed",
            Red,
        ),
        fact(
            METRICS,
            "We compare teams on lines of code every quarter.",
            "They compare teams on lines of code every quarter.",
            "teams compared on lines of code every quarter",
            Red,
        ),
        // Velocity watched, not ranked on: amber.
        fact(
            METRICS,
            "We track velocity.",
            "They track velocity.",
            "tracks velocity",
            Amber,
        ),
        fact(
            METRICS,
            "We measure teams on customer outcomes like conversion and retention.",
            "They measure teams on customer outcomes like conversion and retention.",
            "teams are measured on customer outcomes like conversion and retention",
            Green,
        ),
        fact(
            INCIDENTS,
            "We blame whoever shipped the bug.",
            "They blame whoever shipped the bug.",
            "blames whoever shipped the bug",
            Red,
        ),
        fact(
            INCIDENTS,
            "After every incident we run a blameless post-mortem with the whole team.",
            "After every incident they run a blameless post-mortem with the whole team.",
            "a blameless post-mortem with the whole team after every incident",
            Green,
        ),
    ]
}

/// The fact in each style: (style, file name, text).
fn styles(f: &Fact) -> [(&'static str, &'static str, String); 4] {
    [
        (
            "Q/A transcript",
            "qa.txt",
            format!("Me: {}\nCTO: {}\n", f.asked, f.first_person),
        ),
        (
            "first-person prose",
            "answers.md",
            format!("# Answers\n\n## {}\n\n{}\n", f.heading, f.first_person),
        ),
        (
            "third-person notes",
            "notes.md",
            format!("# Notes\n\n## {}\n\n{}\n", f.heading, f.third_person),
        ),
        (
            "bullet list",
            "bullets.md",
            format!("# Notes\n\n## {}\n\n- {}\n", f.heading, f.bullet),
        ),
    ]
}

#[test]
fn one_fact_one_verdict_in_every_style() {
    let engine = Engine::new(&candor::pack::builtin());
    let mut failures = Vec::new();
    for f in facts() {
        for (style, source, text) in styles(&f) {
            let report = engine
                .score_bytes(text.as_bytes(), source, &ReadOptions::default())
                .expect("the text reads");
            let q = report
                .questions
                .iter()
                .find(|q| q.id == f.question)
                .expect("the question exists");
            if q.verdict != f.verdict {
                failures.push(format!(
                    "{:?} as {style}: want {:?}, got {:?} ({}; {})",
                    f.first_person,
                    f.verdict,
                    q.verdict,
                    q.reason,
                    q.hits
                        .iter()
                        .map(|h| format!("{} {}", h.rule, h.weight))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
