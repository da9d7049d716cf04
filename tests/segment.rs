//! Who asks, who answers, and which question each answer belongs to.

use std::path::Path;
use std::sync::LazyLock;

use candor::report::Modifier;
use candor::{Engine, Format, Pack, Report, Transcript, Verdict};

static ENGINE: LazyLock<Engine> = LazyLock::new(|| {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/packs/mini");
    Engine::new(&Pack::load(&dir).unwrap())
});

fn score(text: &str, asker: Option<&str>) -> Report {
    let t = Transcript::parse(text, Format::Auto).unwrap();
    ENGINE.score(&t, "t", asker)
}

fn question<'a>(r: &'a Report, id: &str) -> &'a candor::report::QuestionResult {
    r.questions.iter().find(|q| q.id == id).unwrap()
}

fn verdict(r: &Report, id: &str) -> Verdict {
    question(r, id).verdict
}

fn asked(r: &Report, id: &str) -> bool {
    question(r, id).asked
}

#[test]
fn q_and_a_lines() {
    let r = score(
        "Q: How do you handle tech debt?\nA: We spend 20% of every sprint on it, and we keep a debt backlog that the whole team can see.\nQ: What about outages at 3 AM?\nA: I can't really get into that.\n",
        None,
    );
    assert_eq!(r.speakers.asker.as_deref(), Some("Q"));
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
    assert_eq!(
        verdict(&r, "incident-response"),
        Verdict::Unanswered,
        "deflected"
    );
    assert!(asked(&r, "incident-response"));
    assert_eq!(
        verdict(&r, "success-metrics"),
        Verdict::Unanswered,
        "never asked"
    );
}

#[test]
fn published_interviews_describe_the_guest_in_brackets() {
    // A role described at length in brackets is still a label, and a host
    // beside a CTO is the one asking, though `host` may name either side.
    let r = score(
        "Host: I hear your team rebuilt its architecture last year. What are you running now?\n\
         Andy (CTO, sneaker marketplace; formerly at a bank): We spend 20% of every sprint on tech debt, and we keep a debt backlog.\n\
         Host: And how do you handle tech debt day to day?\n\
         Andy (CTO, sneaker marketplace; formerly at a bank): Same answer: 20% of every sprint, tracked in the backlog.\n",
        None,
    );
    assert_eq!(r.speakers.asker.as_deref(), Some("Host"));
    assert_eq!(
        r.speakers.answerer.as_deref(),
        Some("Andy (CTO, sneaker marketplace; formerly at a bank)")
    );
    assert!(asked(&r, "tech-debt"));
    assert_ne!(verdict(&r, "tech-debt"), Verdict::Unanswered);
}

#[test]
fn numbered_questions_win_over_cues() {
    let r = score("Q2: Tell me about tech debt, in a way.\nA: We run blameless post-mortems after every single outage, always.\n", None);
    assert!(asked(&r, "incident-response"));
    assert!(!asked(&r, "tech-debt"));
}

#[test]
fn notes_numbered_in_their_own_order_are_read_by_their_words() {
    // Two numbered questions whose words name other questions than their
    // numbers: the numbering is the note-taker's, not the pack's.
    let r = score(
        "Call notes\n\n1. What happens when production goes down at 3 am?\n- they blame the engineer who shipped it\n\n\
         2. How do you handle tech debt?\n- we keep a debt backlog, ranked every sprint by the leads, and work through it\n",
        None,
    );
    assert_eq!(verdict(&r, "incident-response"), Verdict::Red);
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
}

#[test]
fn paraphrased_questions_are_recognised_by_cues() {
    let r = score(
        "Me: How does the team make time for tidying up the codebase?\nSam: There's a debt backlog and we spend 20% of every sprint burning it down.\n",
        None,
    );
    assert!(asked(&r, "tech-debt"));
    assert_eq!(r.speakers.answerer.as_deref(), Some("Sam"));
    let q = r.questions.iter().find(|q| q.id == "tech-debt").unwrap();
    assert!(q.hits.iter().all(|h| !h.has(Modifier::OutOfAnswer)));
}

#[test]
fn questions_in_the_candidates_own_words_find_their_question() {
    // Phrasings a writer who never saw the pack gave for the ten questions;
    // each was read as no question, or as another one, before the cues
    // were widened.
    let cases = [
        ("tech-debt", "Do engineers have the freedom to stop and fix things, or does the feature pressure win?"),
        ("technical-risk", "If I joined, what's the biggest technical fire I'd be helping to put out?"),
        ("build-vs-buy", "For the infrastructure, you prefer to develop by yourselves or to use the external solutions?"),
        ("build-vs-buy", "How do you decide what to build yourselves and what to just buy in?"),
        ("success-metrics", "How would I know, six months in, that I'm doing a great job?"),
        ("incident-response", "Who owns production support? Do developers run what they build?"),
        ("learning", "Is there mentoring, internal tech talks, that kind of thing?"),
        ("learning", "How do people on the team keep their skills up?"),
        ("scaling", "Where are the bottlenecks today, and how are you planning for the next order of magnitude?"),
        ("cross-functional", "How do you make sure engineering isn't a feature factory for whoever shouts loudest?"),
        ("magic-wand", "If money and time were no object, what's the first thing you'd change?"),
        // Notes ask in the third person.
        ("technical-risk", "What worries him most, technically?"),
    ];
    for (id, asking) in cases {
        assert_eq!(asked_by_default(asking), [id], "{asking}");
    }
    // A company that grows is scaling, not learning.
    assert_eq!(
        asked_by_default(
            "When a huge show goes on sale, how does the system cope if you grow ten times?"
        ),
        ["scaling"]
    );
}

/// The questions the default pack (not the mini pack) finds asked in
/// `asking`, asked by `Me` and answered by `Sam`.
fn asked_by_default(asking: &str) -> Vec<String> {
    static DEFAULT: LazyLock<Engine> = LazyLock::new(|| Engine::new(&candor::pack::builtin()));
    let text = format!("Me: {asking}\nSam: Good question, let me think how best to put it.\n");
    DEFAULT
        .score(&Transcript::parse(&text, Format::Auto).unwrap(), "t", None)
        .questions
        .into_iter()
        .filter(|q| q.asked)
        .map(|q| q.id)
        .collect()
}

/// How many of `tests/data/question-paraphrases.tsv` find exactly their own
/// question: a ratchet, raised when the cues improve.
const PARAPHRASES_FOUND: usize = 176;

/// Of the phrasings in `tests/data/<file>` (`id<TAB>asking turn` a line):
/// how many find exactly their own question, how many lines there are, and
/// the misses, one a line.
fn paraphrases_found(file: &str) -> (usize, usize, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(file);
    let text = std::fs::read_to_string(path).unwrap();
    let mut found = 0;
    let mut missed = Vec::new();
    for line in text.lines() {
        let (id, asking) = line.split_once('\t').unwrap();
        let asked = asked_by_default(asking);
        if asked == [id] {
            found += 1;
        } else {
            missed.push(format!("{id} -> {asked:?}: {asking}"));
        }
    }
    (found, text.lines().count(), missed.join("\n"))
}

#[test]
fn most_paraphrased_questions_find_their_question() {
    // 180 phrasings of the ten questions, 18 each, written by someone who
    // had not seen the pack: casual, formal, non-native, speech-to-text,
    // terse notes, two-part, with a lead-in. 145 found their question when
    // they were written (2026-12-03).
    let (found, lines, missed) = paraphrases_found("question-paraphrases.tsv");
    assert_eq!(lines, 180);
    assert!(
        found >= PARAPHRASES_FOUND,
        "{found} found; missed:\n{missed}"
    );
}

/// The same for `tests/data/question-paraphrases-2.tsv`: 300 more, 30 a
/// question, written blind on 2026-12-04 in eleven styles (lead-ins,
/// scenarios, notes in the third person, non-native English, questions
/// that name no keyword). 237 found their question when they were written;
/// the cues were then widened from the even-numbered lines only (117 to 149
/// of 150), and the odd-numbered ones, not read, went from 120 to 123.
const PARAPHRASES_2_FOUND: usize = 272;

#[test]
fn more_paraphrased_questions_find_their_question() {
    let (found, lines, missed) = paraphrases_found("question-paraphrases-2.tsv");
    assert_eq!(lines, 300);
    assert!(
        found >= PARAPHRASES_2_FOUND,
        "{found} found; missed:\n{missed}"
    );
}

#[test]
fn follow_ups_stay_with_the_current_question() {
    let r = score(
        "Me: What happens when production goes down at 3 AM?\nPat: Someone gets paged.\nMe: And then who decides what happens next?\nPat: We run blameless post-mortems after every incident so the team learns.\n",
        None,
    );
    let q = question(&r, "incident-response");
    assert_eq!(q.verdict, Verdict::Green);
    assert!(
        q.hits.iter().all(|h| h.modifiers.is_empty()),
        "{:?}",
        q.hits
    );
}

#[test]
fn leave_taking_after_the_asker_closes_is_no_deflection_of_the_last_answer() {
    for closing in [
        "I had one more, but I see the time.",
        "Got it. I think that's about all the time we have.",
    ] {
        let r = score(
            &format!(
                "Me: What happens when production goes down at 3 AM?\n\
                 Pat: We run blameless post-mortems after every incident.\n\
                 Me: {closing}\n\
                 Pat: Sorry, I can't really get into that now, let's move on.\n"
            ),
            None,
        );
        let q = question(&r, "incident-response");
        assert!(
            q.hits.iter().all(|h| h.rule != "general/deflects"),
            "{closing}: {:?}",
            q.hits
        );
    }
}

#[test]
fn what_is_noted_under_a_not_covered_heading_was_not_asked() {
    let r = score(
        "## How do you handle tech debt?\n\n\
         They keep twenty percent of every sprint for debt.\n\n\
         ## Not covered\n\n\
         - never got to on-call or their post mortems\n",
        None,
    );
    assert_eq!(verdict(&r, "incident-response"), Verdict::Unanswered);
}

#[test]
fn an_answer_taken_back_in_the_next_turn_is_history() {
    let taken_back = score(
        "Me: What happens when production goes down at 3 AM?\n\
         Pat: We throw people under the bus.\n\
         Me: Every time?\n\
         Pat: No, wait, that was years ago. These days we run blameless post mortems.\n",
        None,
    );
    let q = question(&taken_back, "incident-response");
    assert_ne!(q.verdict, Verdict::Red, "{:?}", q.hits);
    let blame = q.hits.iter().find(|h| h.rule == "incident-response/blame");
    assert!(
        blame.is_some_and(|h| h.modifiers.contains(&candor::report::Modifier::Past)),
        "{:?}",
        q.hits
    );
    // Conceded when the candidate pushes back: "Yes, okay, that one is
    // real, you're right."
    let conceded = score(
        "Me: What happens when production goes down at 3 AM?\n\
         Pat: We throw people under the bus.\n\
         Me: Even for the junior who dropped the table?\n\
         Pat: Oh. Yes, okay, fair point. These days we run blameless post mortems.\n",
        None,
    );
    assert_ne!(verdict(&conceded, "incident-response"), Verdict::Red);
    // A "wait" that asks is no correction, nor is a figure.
    for reply in [
        "Wait, what do you mean by every time?",
        "No, that was twenty minutes, the last one.",
    ] {
        let kept = score(
            &format!(
                "Me: What happens when production goes down at 3 AM?\n\
                 Pat: We throw people under the bus.\n\
                 Me: Every time?\n\
                 Pat: {reply}\n"
            ),
            None,
        );
        assert_eq!(verdict(&kept, "incident-response"), Verdict::Red, "{reply}");
    }
}

#[test]
fn an_email_reply_s_header_fields_are_no_speakers() {
    let r = score(
        "From: Ravi Subramaniam <ravi@example.com>\n\
         An / To: Chen Jia Hui <jia@example.com>\n\
         Subject: Re: my questions\n\
         Date: Fri, 6 Sep 2024 18:27:51 +0800\n\n\
         Hi Jia Hui, I've answered below in the same order.\n\n\
         1) Features vs tech debt\n\n\
         We keep twenty percent of every sprint for debt, off a ranked backlog.\n\n\
         2) What happens at 3am when production goes down?\n\n\
         We run blameless post mortems after every incident.\n\n\
         Best regards,\nRavi\n\n\
         CONFIDENTIALITY NOTICE: This email is confidential.\n\
         Geschäftsführer: Matthias Hochfirst\n\n\
         > On Tue, 3 Sep 2024 at 09:12, Chen Jia Hui wrote:\n\
         > Date: Tue, 3 Sep 2024\n",
        None,
    );
    assert_eq!(r.speakers.asker, None, "{:?}", r.speakers);
    assert_eq!(r.speakers.answerer, None, "{:?}", r.speakers);
    assert!(asked(&r, "tech-debt") && asked(&r, "incident-response"));
    assert_eq!(verdict(&r, "incident-response"), Verdict::Green);
}

#[test]
fn a_reply_numbered_like_the_questions_below_it_answers_them() {
    let r = score(
        "Hi Kagiso,\n\n\
         Numbered the same as yours.\n\n\
         1) We keep twenty percent of every sprint for debt, off a ranked backlog.\n\n\
         2) We run blameless post mortems after every incident.\n\n\
         Regards,\nSipho\n\n\
         -----Original Message-----\n\n\
         Some questions:\n\n\
         1) How do you balance features and tech debt?\n\
         2) What happens when production goes down at 3 AM?\n",
        None,
    );
    for id in ["tech-debt", "incident-response"] {
        let q = question(&r, id);
        assert!(q.answer_words > 0, "{id}: {q:?}");
        assert!(
            q.hits.iter().all(|h| h.modifiers.is_empty()),
            "{id}: {:?}",
            q.hits
        );
    }
}

#[test]
fn markdown_headings_name_questions() {
    let r = score(
        "# Acme — CTO call\n\n## Q1 Tech debt\n- They said they have no tech debt at all\n\n### On-call\n- Blameless post-mortems after every outage, run by the whole team every time\n",
        None,
    );
    assert_eq!(r.format, "markdown");
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Red);
    assert_eq!(verdict(&r, "incident-response"), Verdict::Green);
    assert!(asked(&r, "tech-debt") && asked(&r, "incident-response"));
}

#[test]
fn notes_without_questions_are_still_scored() {
    let r = score(
        "Long chat with the CTO. They run blameless post-mortems after every outage and spend 20% of every sprint on the debt backlog.\n",
        None,
    );
    assert_eq!(verdict(&r, "incident-response"), Verdict::Green);
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
    assert!(!asked(&r, "tech-debt"));
}

#[test]
fn asker_can_be_named() {
    let text = "Alex: What happens when production goes down?\nJordan: We blame the engineer who shipped it.\nAlex: Really?\nJordan: Yes.\n";
    let r = score(text, Some("Alex"));
    assert_eq!(r.speakers.asker.as_deref(), Some("Alex"));
    assert_eq!(verdict(&r, "incident-response"), Verdict::Red);
    // Named the other way round, Jordan's words are the questions and are not scored.
    let r = score(text, Some("Jordan"));
    assert_eq!(verdict(&r, "incident-response"), Verdict::Unanswered);
}

#[test]
fn unnamed_speakers_are_told_apart() {
    let r = score(
        "Speaker 1: So, what happens when production goes down at 3 AM?\nSpeaker 2: Well, whoever is on call gets paged, and the next morning we run blameless post-mortems with everyone involved.\nSpeaker 1: How do you measure success?\nSpeaker 2: Mostly uptime and conversion, and customer impact over anything like story points.\n",
        None,
    );
    assert_eq!(r.speakers.asker.as_deref(), Some("Speaker 1"));
    assert_eq!(r.speakers.answerer.as_deref(), Some("Speaker 2"));
    assert_eq!(verdict(&r, "incident-response"), Verdict::Green);
}

#[test]
fn the_asker_is_who_asks_whatever_the_labels_say() {
    // A reverse interview: the CTO interviewed the candidate first, so the
    // CTO is labelled `Interviewer` and answers the candidate's questions.
    let r = score(
        "Interviewer: Thanks, that's all from me. Now your questions.\n\
         Candidate: How do you handle tech debt?\n\
         Interviewer: We spend 20% of every sprint on it, and we keep a debt backlog that the whole team can see.\n\
         Candidate: And what happens when production goes down at 3 AM?\n\
         Interviewer: Whoever is on call gets paged, and we run blameless post-mortems the next day.\n",
        None,
    );
    assert_eq!(r.speakers.asker.as_deref(), Some("Candidate"));
    assert_eq!(r.speakers.answerer.as_deref(), Some("Interviewer"));
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
    assert_eq!(verdict(&r, "incident-response"), Verdict::Green);
    // The answering side is labelled as the asking one: said, not hidden.
    assert!(
        r.warnings
            .iter()
            .any(|w| w.contains("labels suggest otherwise")),
        "{:?}",
        r.warnings
    );
}

#[test]
fn labels_that_say_the_opposite_lose_to_behaviour() {
    // Labels swapped by the note-taker: `CTO` for the candidate's lines.
    let r = score(
        "CTO: How do you handle tech debt?\n\
         Me: We spend 20% of every sprint on it, and we keep a debt backlog that the whole team can see.\n\
         CTO: What happens when production goes down at 3 AM?\n\
         Me: Whoever is on call gets paged, and we run blameless post-mortems the next day.\n",
        None,
    );
    assert_eq!(r.speakers.asker.as_deref(), Some("CTO"));
    assert_eq!(verdict(&r, "incident-response"), Verdict::Green);
}

#[test]
fn a_panel_has_one_asker_and_several_answerers() {
    let r = score(
        "Dana: How do you handle tech debt?\n\
         Priya: I'd say it's mostly product's call.\n\
         Ben: We spend 20% of every sprint on it, and we keep a debt backlog that the whole team can see.\n\
         Dana: What happens when production goes down at 3 AM?\n\
         Ben: Whoever is on call gets paged.\n\
         Priya: And we run blameless post-mortems the next day, always.\n",
        None,
    );
    assert_eq!(r.speakers.asker.as_deref(), Some("Dana"));
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
    assert_eq!(verdict(&r, "incident-response"), Verdict::Green);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn an_answer_to_two_questions_asked_at_once_counts_for_both() {
    let r = score(
        "Me: How do you handle tech debt? And what happens when production goes down at 3 AM?\n\
         CTO: We spend 20% of every sprint on debt, and we keep a debt backlog that the whole team can see. \
         For outages, whoever is on call gets paged, and we run blameless post-mortems the next day.\n",
        None,
    );
    assert!(asked(&r, "tech-debt"));
    assert!(asked(&r, "incident-response"));
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
    assert_eq!(verdict(&r, "incident-response"), Verdict::Green);
    let incidents = question(&r, "incident-response");
    assert!(
        incidents.hits.iter().all(|h| !h.has(Modifier::OutOfAnswer)),
        "{:?}",
        incidents.hits
    );
}

#[test]
fn a_new_question_the_pack_does_not_know_is_not_folded_into_the_last() {
    // "What keeps you up at night?" cues nothing in this pack; the answer
    // is about incidents, not about the debt question before it.
    let text = "Me: How do you handle tech debt?\n\
                CTO: We spend 20% of every sprint on it, and we keep a debt backlog that the whole team can see.\n\
                Me: What keeps you up at night, honestly?\n\
                CTO: Whoever is on call gets paged, and we run blameless post-mortems the next day.\n";
    let r = score(text, None);
    let incidents = question(&r, "incident-response");
    assert!(
        incidents.hits.iter().any(|h| !h.has(Modifier::OutOfAnswer)),
        "{:?}",
        incidents.hits
    );
    assert_ne!(incidents.verdict, Verdict::Unanswered);
    // A follow-up stays with its question: its answer is still in passing
    // for any other.
    let r = score(
        &text.replace(
            "What keeps you up at night, honestly?",
            "Can you give me an example?",
        ),
        None,
    );
    assert_eq!(verdict(&r, "incident-response"), Verdict::Unanswered);
}

#[test]
fn topic_labels_in_notes_are_topics_not_speakers() {
    // `Tech Debt:` twice reads like a speaker label; but the labels are
    // the notes' topics, so there is no asker and each line is an answer.
    let r = score(
        "Call with Dana\n\n\
         Tech Debt: they spend 20% of every sprint on it and keep a debt backlog the whole team can see.\n\
         On Call: whoever is on call gets paged, and they run blameless post-mortems the next day.\n\
         Tech Debt: and a fix-it week every quarter.\n",
        None,
    );
    assert_eq!(r.speakers.asker, None);
    assert!(asked(&r, "tech-debt"));
    assert!(asked(&r, "incident-response"));
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
    assert_eq!(verdict(&r, "incident-response"), Verdict::Green);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn an_unknown_asker_name_warns() {
    let r = score("Me: Tech debt?\nCTO: None.\n", Some("Zed"));
    assert!(
        r.warnings.iter().any(|w| w.contains("Zed")),
        "{:?}",
        r.warnings
    );
}

#[test]
fn thin_answers_are_at_best_amber() {
    let r = score(
        "Me: What happens at 3 AM when production goes down?\nCTO: Blameless post-mortems.\n",
        None,
    );
    assert_eq!(verdict(&r, "incident-response"), Verdict::Amber);
}

#[test]
fn asked_but_vague_is_amber() {
    let r = score("Me: What happens when production goes down at 3 AM?\nCTO: Oh, you know, we figure it out as a team, it depends on the situation really.\n", None);
    assert_eq!(verdict(&r, "incident-response"), Verdict::Amber);
}

#[test]
fn prose_notes_take_their_topic_from_each_paragraph_opening() {
    let r = score(
        "Notes from coffee with the CTO, written the same evening.\n\n\
         On tech debt she was blunt. We spend 20% of every sprint on it and keep a debt backlog.\n\n\
         On call was next. They blame the engineer who broke it.\n",
        None,
    );
    assert!(asked(&r, "tech-debt"));
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
    assert!(asked(&r, "incident-response"));
    assert_eq!(verdict(&r, "incident-response"), Verdict::Red);
    assert!(!asked(&r, "success-metrics"));
    // A run-in topic after a word of sequence: "Then the 3 AM outage."
    let r = score(
        "# Coffee with the CTO\n\n## What I asked and what she said\n\n\
         I opened with tech debt. We spend 20% of every sprint on it and keep a debt backlog.\n\n\
         Then the 3 AM outage. No hesitation: they blame the engineer who broke it.\n",
        None,
    );
    assert!(asked(&r, "incident-response"));
    assert_eq!(verdict(&r, "incident-response"), Verdict::Red);
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
}

#[test]
fn a_passage_whose_opening_names_no_topic_takes_the_first_a_later_sentence_names() {
    // An analyst's question answered on a call, no speakers: the opening
    // names nothing, the third sentence the topic.
    let text = "Yes, thank you for the question. Regarding the stability. \
                When production goes down, they blame the engineer who broke it.\n";
    let r = score(text, None);
    assert!(asked(&r, "incident-response"));
    assert_eq!(verdict(&r, "incident-response"), Verdict::Red);
    // Once a paragraph has named a topic, a later one whose opening names
    // none goes on with it, whatever its later sentences name.
    let r = score(
        "On tech debt she was blunt. We keep a debt backlog.\n\n\
         And it is reviewed monthly. The outage last year is on it.\n",
        None,
    );
    assert!(!asked(&r, "incident-response"));
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
}

#[test]
fn prose_that_cues_no_question_is_about_the_one_its_evidence_weighs_for() {
    let engine = Engine::new(&candor::pack::builtin());
    let score =
        |text: &str| engine.score(&Transcript::parse(text, Format::Auto).unwrap(), "t", None);
    let answered = |r: &Report| -> Vec<(String, Verdict)> {
        r.questions
            .iter()
            .filter(|q| q.verdict != Verdict::Unanswered)
            .map(|q| (q.id.clone(), q.verdict))
            .collect()
    };
    // No paragraph cues a question, and only words that lean to the
    // incident question say anything: two sentences of them, in a story of
    // software work, make it an answer on incidents.
    let story = "We had a long week on the codebase.\n\n\
                 Escalation goes to the commander, two tiers. Priya was primary that week.\n";
    let r = score(story);
    assert_eq!(
        answered(&r),
        [("incident-response".to_string(), Verdict::Green)]
    );
    let incidents = r
        .questions
        .iter()
        .find(|q| q.id == "incident-response")
        .unwrap();
    assert!(incidents.asked);
    assert!(incidents
        .hits
        .iter()
        .all(|h| h.rule.starts_with("incident-response/leans-")));
    // The same words in a story of no software work, or one such sentence
    // alone, answer nothing.
    assert!(answered(&score(&story.replace(" on the codebase", ""))).is_empty());
    assert!(answered(&score(&story.replace(" Priya was primary that week.", ""))).is_empty());
}

#[test]
fn a_short_opening_with_a_pronoun_subject_is_a_sentence_not_a_run_in_heading() {
    // "We track metrics." names a topic the way a sentence does: a guess,
    // which the rest of the paragraph's evidence may belong beside, not a
    // heading that makes everything else in it a passing mention.
    let r = score(
        "We track metrics. Mostly velocity, honestly. And when production goes down they blame the engineer who broke it.\n",
        None,
    );
    assert!(question(&r, "incident-response").answered);
    assert_eq!(verdict(&r, "incident-response"), Verdict::Red);
    // A heading in a few words still is one.
    let r = score(
        "Metrics.\n\nMostly velocity. When production goes down they blame the engineer who broke it.\n",
        None,
    );
    assert!(!question(&r, "incident-response").answered);
}

#[test]
fn a_paragraph_that_tells_a_story_and_ends_asking_is_no_question_line() {
    // A forum post: what it tells is the evidence, not a question put.
    let post = "Need advice. Our director says there is no tech debt, only engineers who want \
                new toys. Our reporting module breaks every month and every retro we raise it. \
                He nods, and the next sprint is all new features again because sales promised \
                them. Is this normal or should I start applying elsewhere?\n";
    let r = score(post, None);
    assert!(question(&r, "tech-debt").answered);
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Red);
    // A question with a short preamble is still one.
    let r = score(
        "I read your post about the migration. It sounded hard. How do you handle tech debt?\n\n\
         We keep a debt backlog and spend 20% of every sprint on it.\n",
        None,
    );
    assert!(asked(&r, "tech-debt"));
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
}

#[test]
fn reported_asking_opens_a_question_in_notes_with_question_lines() {
    // Notes that mix question lines with "I asked ..." write-ups: a
    // paragraph turns to a question only when it reports the asking.
    let r = score(
        "How do you handle tech debt?\n\n\
         Outage or not, we spend 20% of every sprint on it and keep a debt backlog.\n\n\
         Then I asked about on call at 3 AM. They blame the engineer.\n",
        None,
    );
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
    assert!(asked(&r, "incident-response"));
    assert_eq!(verdict(&r, "incident-response"), Verdict::Red);
}

#[test]
fn an_interviewer_header_line_is_not_the_asker() {
    let r = score(
        "Interviewer: Tom Reilly (candidate)\n\n\
         Tom: How do you handle tech debt?\n\
         Fiona: We spend 20% of every sprint on it and keep a debt backlog.\n\
         Tom: And outages at 3 AM?\n\
         Fiona: We run blameless post mortems.\n",
        None,
    );
    assert_eq!(r.speakers.asker.as_deref(), Some("Tom"));
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
    assert!(asked(&r, "incident-response"));
}

#[test]
fn a_red_flag_in_another_answer_weighs_but_does_not_veto() {
    let r = score(
        "Q: How do you handle tech debt?\n\
         A: We spend 20% of every sprint on it, and honestly we blame the engineer when the build breaks.\n\
         Q: What about outages at 3 AM?\n\
         A: We run blameless post mortems, and we keep a debt backlog.\n",
        None,
    );
    let q = question(&r, "incident-response");
    assert!(q
        .hits
        .iter()
        .any(|h| h.rule == "incident-response/blame" && h.has(Modifier::OutOfAnswer)));
    assert_ne!(q.reason, "red flag: incident-response/blame");
}

#[test]
fn commentary_headings_after_the_questions_count_only_in_passing() {
    let r = score(
        "# Notes\n\n## Tech debt\n\n- They keep a debt backlog.\n\n\
         ## My take\n\n- My guess: they blame the engineer when it breaks.\n",
        None,
    );
    let q = question(&r, "incident-response");
    assert!(q.hits.iter().all(|h| h.has(Modifier::OutOfAnswer)));
    assert_eq!(q.verdict, Verdict::Unanswered, "{q:?}");
}

#[test]
fn a_question_never_asked_is_not_green_from_passing_praise() {
    let r = score(
        "Q: How do you handle tech debt?\n\
         A: We spend 20% of every sprint on it, keep a debt backlog, and run blameless post mortems.\n",
        None,
    );
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
    assert_eq!(verdict(&r, "incident-response"), Verdict::Unanswered);
}

#[test]
fn short_numbered_lines_head_questions_in_typed_notes() {
    let r = score(
        "Interview notes\n\n1. tech debt\n- we keep a debt backlog and spend 20% of every sprint on it\n\n\
         2. an outage at 3 am\n- they blame the engineer who shipped it\n- asked about the roadmap: nothing\n",
        None,
    );
    assert!(asked(&r, "tech-debt"));
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
    assert!(asked(&r, "incident-response"));
    assert_eq!(verdict(&r, "incident-response"), Verdict::Red);
}

#[test]
fn numbered_topics_over_bullets_take_their_number() {
    // In the note-taker's own words, with no cue: the number names the
    // question, and a short first bullet that cues another does not move it.
    let r = score(
        "Call notes\n\n1. How they juggle new stuff vs old mess\n - \"metrics, I guess?\"\n \
         - 20% of every sprint goes to it, and the leads rank a debt backlog every month\n\n\
         2. What breaks at night\n - they blame the engineer who shipped it, every time\n",
        None,
    );
    assert!(asked(&r, "tech-debt"));
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
    assert!(asked(&r, "incident-response"));
    assert_eq!(verdict(&r, "incident-response"), Verdict::Red);
    assert!(!asked(&r, "success-metrics"));
}

#[test]
fn a_numbered_answer_under_a_heading_is_scored() {
    let r = score(
        "## Tech debt\n\n1. we keep a debt backlog, ranked every sprint by the leads\n   - they work through it every sprint without fail\n",
        None,
    );
    let debt = question(&r, "tech-debt");
    assert!(debt.hits.iter().any(|h| h.matched == "debt backlog"));
    assert_eq!(debt.verdict, Verdict::Green);
}

#[test]
fn bracketed_remarks_in_notes_count_only_in_passing() {
    let r = score(
        "Call notes\n\n1. tech debt\n- 20% of every sprint goes to it, and the leads rank a debt backlog every month\n\
         [at my current place they blame the engineer who shipped it, awful]\n",
        None,
    );
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
    let incidents = question(&r, "incident-response");
    assert!(!incidents.hits.is_empty());
    assert!(incidents.hits.iter().all(|h| h.has(Modifier::OutOfAnswer)));
    assert_eq!(incidents.verdict, Verdict::Unanswered);
}

#[test]
fn a_topic_the_notes_say_was_not_asked_stays_unanswered() {
    let r = score(
        "Call notes\n\n1. tech debt\n- 20% of every sprint goes to it, and the leads rank a debt backlog every month\n\n\
         2. on call (ran out of time, didn't get to it)\n- we run blameless post mortems where I work, must check they do too\n",
        None,
    );
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
    assert!(!asked(&r, "incident-response"));
    let incidents = question(&r, "incident-response");
    assert!(!incidents.hits.is_empty());
    assert_eq!(incidents.verdict, Verdict::Unanswered);
}

/// Notes one topic a line: a line that says, straight after its topic, that
/// the question was never put is no answer; "no time for it" on such a line
/// is the answer.
#[test]
fn a_topic_line_that_says_it_was_not_asked_is_no_answer() {
    let text = "tech debt - fixed 20% of every sprint goes to debt, squads choose\n\
                on call - weekly rota, paid, blameless post-mortems, didn't ask about pay\n\
                build vs buy - didn't ask, forgot it was on my list\n\
                10x growth: \u{2014} \u{b7} not asked, and probably less relevant for a research \
                group with a few hundred users anyway\n\
                learning: no time for it rn, \"ppl learn on their own time\"\n";
    let engine = Engine::new(&candor::pack::builtin());
    let r = engine.score(&Transcript::parse(text, Format::Auto).unwrap(), "t", None);
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
    // Said after the answer, "didn't ask" is about something else.
    assert_eq!(verdict(&r, "incident-response"), Verdict::Green);
    for id in ["build-vs-buy", "scaling"] {
        assert!(!asked(&r, id), "{id}");
        assert_eq!(verdict(&r, id), Verdict::Unanswered, "{id}");
    }
    assert!(asked(&r, "learning"));
    assert_eq!(verdict(&r, "learning"), Verdict::Red);
    // Prose notes: a short line about a question never put.
    let r = engine.score(
        &Transcript::parse(
            "She runs a weekly rota, paid, with blameless reviews after each outage.\n\n\
             Afterwards I realised I never asked about learning or training budgets.\n",
            Format::Auto,
        )
        .unwrap(),
        "t",
        None,
    );
    assert_eq!(verdict(&r, "learning"), Verdict::Unanswered);
}

#[test]
fn in_a_panel_an_answer_the_next_answerer_contradicts_does_not_count() {
    let text = |reply: &str| {
        format!(
            "Alex (candidate): How do you handle tech debt?\n\
             Ben (CPO): Honestly we don't have technical debt, the platform is super stable.\n\
             Ines (CTO): {reply}\n"
        )
    };
    // Contradicted: the CPO's veto goes, the CTO's answer decides.
    let r = score(
        &text("I'd disagree with that. We keep a debt backlog and work through it every sprint, ranked by the leads."),
        None,
    );
    let debt = question(&r, "tech-debt");
    let denial = debt
        .hits
        .iter()
        .find(|h| h.rule == "tech-debt/denies-debt")
        .expect("the denial is found");
    assert!(denial.has(Modifier::Contradicted), "{denial:?}");
    assert!(denial.dropped.is_some());
    assert_eq!(debt.verdict, Verdict::Green);
    let r = score(
        &text("No. That's not the plan. We keep a debt backlog and work through it every sprint, ranked by the leads."),
        None,
    );
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
    // Agreed with, or added to: the veto stands.
    let r = score(
        &text("Right, and we keep a debt backlog and work through it every sprint, ranked by the leads."),
        None,
    );
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Red);
}

#[test]
fn in_a_panel_a_question_handed_on_and_taken_over_is_no_deflection() {
    let engine = Engine::new(&candor::pack::builtin());
    let score =
        |text: &str| engine.score(&Transcript::parse(text, Format::Auto).unwrap(), "t", None);
    let text = |second: &str| {
        format!(
            "Sam: Anything on AI, are you using Copilot and so on?\n\
             Aisha (CTO): Sorry, I have to jump, my next call is starting. Marco, can you?\n\
             Marco (VP Eng): {second}\n\
             Sam: Thanks, both of you.\n"
        )
    };
    // Taken over: the colleague's answer decides, the hand-off is no dodge.
    let r = score(
        &text("Sure. We trialled it, it's allowed for tests, never for the billing code, and everything it writes gets a human review.")
    );
    let ai = question(&r, "ai-automation");
    assert_eq!(ai.verdict, Verdict::Green, "{ai:?}");
    assert!(
        ai.hits.iter().all(|h| h.rule != "general/evasion"),
        "{ai:?}"
    );
    // Handed on to someone who leaves too: the question stays deflected.
    let r = score(&text(
        "I also have to drop, sorry, sorry. The recruiter will set up the next round with you.",
    ));
    assert_eq!(verdict(&r, "ai-automation"), Verdict::Unanswered);
    // Named no one: the deflection counts, whatever the next voice adds.
    let r = score(
        "Sam: Anything on AI, are you using Copilot and so on?\n\
         Aisha (CTO): Not something I can talk about yet, sorry.\n\
         Marco (VP Eng): Yeah, it's a sensitive one for us right now, legal is involved.\n",
    );
    assert_eq!(verdict(&r, "ai-automation"), Verdict::Unanswered);
}

#[test]
fn a_numbered_line_with_an_answer_after_its_topic_is_scored() {
    let r = score(
        "Interview notes\n\n1. Tech debt: 20% of every sprint goes to it, and the leads rank a debt backlog\n2. Outage: they blame the engineer\n",
        None,
    );
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
    assert_eq!(verdict(&r, "incident-response"), Verdict::Red);
}

#[test]
fn arrow_labels_and_run_in_headings_name_the_topic() {
    // The label decides, not words in the answer after it ("on call").
    let r = score(
        "call notes, on the train\n\n\
         tech debt -> we spend 20% of every sprint on it, on call or not, and keep a debt backlog\n\n\
         Outage. They blame the engineer who shipped it.\n",
        None,
    );
    assert!(asked(&r, "tech-debt"));
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
    assert!(asked(&r, "incident-response"));
    assert_eq!(verdict(&r, "incident-response"), Verdict::Red);
}

#[test]
fn a_heading_that_lists_topics_names_each() {
    let r = score(
        "# Notes\n\n## Tech debt + on-call (asked both in one go)\n\n- 20% of every sprint goes to tech debt, tracked on a debt backlog.\n- Weekly on-call rota, paid, with blameless post-mortems.\n",
        None,
    );
    assert!(asked(&r, "tech-debt"));
    assert!(asked(&r, "incident-response"));
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
    assert_eq!(verdict(&r, "incident-response"), Verdict::Green);
}

#[test]
fn a_second_question_after_an_aside_in_one_sentence() {
    let r = score(
        "Me: How do you handle tech debt, and, sort of related, what happens at 3 AM when production goes down?\nDana: 20% of every sprint goes to debt. On call is a weekly paid rota and every incident gets a blameless post-mortem.\nMe: Thanks.\nDana: Sure.\n",
        None,
    );
    assert!(asked(&r, "tech-debt"));
    assert!(asked(&r, "incident-response"));
    assert_eq!(verdict(&r, "incident-response"), Verdict::Green);
}

#[test]
fn table_rows_whose_first_cell_asks_are_question_and_answer() {
    let r = score(
        "# Call\n\n| My question | Her answer |\n|---|---|\n| How do you balance features and tech debt? | \"Always features first.\" We don't have technical debt, she said. |\n| What happens at 3 AM when it breaks? | A weekly on-call rota, paid, and every incident gets a blameless post-mortem the next day. |\n",
        None,
    );
    assert!(asked(&r, "tech-debt"));
    assert!(asked(&r, "incident-response"));
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Red);
    assert_eq!(verdict(&r, "incident-response"), Verdict::Green);
}

/// Notes one topic a line, with question marks of the note-taker's own in
/// them (`(single DC?)`, `so ???`): each topic still names its question.
#[test]
fn topic_lines_name_their_question_among_question_marks() {
    static DEFAULT: LazyLock<Engine> = LazyLock::new(|| Engine::new(&candor::pack::builtin()));
    let text = "call notes - 3 April\n\
        tech debt - 25% of every sprint reserved for debt, \"not negotiable\"\n\
        tech debt - debt board reviewed every 2 weeks by the squad leads\n\
        biggest risk - pushed a bit (on-prem k8s? single DC?) - \"no real risks\"\n\
        on call - 1 week in 6, paid standby, blameless postmortem after every P1\n\
        learning - some Udemy licences, no budget or time set aside\n\
        AI - wants AI to replace half the developers\n\
        AI - no mention of review or limits, so ???\n\
        scaling / 10x - never got to it\n";
    let r = DEFAULT.score(&Transcript::parse(text, Format::Auto).unwrap(), "t", None);
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
    assert_eq!(verdict(&r, "technical-risk"), Verdict::Red);
    assert_eq!(verdict(&r, "incident-response"), Verdict::Green);
    assert_eq!(verdict(&r, "ai-automation"), Verdict::Red);
    assert_eq!(verdict(&r, "scaling"), Verdict::Unanswered);
    // The note-taker's `???` after an answer asks nothing.
    let text = "tech debt - 25% of every sprint reserved for debt\n\
                AI - wants AI to replace half the developers, so ???\n";
    let r = DEFAULT.score(&Transcript::parse(text, Format::Auto).unwrap(), "t", None);
    assert_eq!(verdict(&r, "ai-automation"), Verdict::Red);
    // A topic that names two questions is a guess at the first: what it
    // says of the other counts there.
    let text = "Summary of the call, prepared by the recruiter.\n\n\
        Metrics and growth - they track checkout conversion weekly. For growth \
        they are moving to multi-region on two cloud regions next year because \
        of the EU customers.\n";
    let r = DEFAULT.score(&Transcript::parse(text, Format::Auto).unwrap(), "t", None);
    assert_eq!(verdict(&r, "success-metrics"), Verdict::Green);
    assert_ne!(verdict(&r, "scaling"), Verdict::Unanswered);
}

/// A table of what was asked, in the note-taker's words without question
/// marks, and a row whose answer cell is empty and whose note says it was
/// not asked.
#[test]
fn a_table_of_questions_without_question_marks() {
    static DEFAULT: LazyLock<Engine> = LazyLock::new(|| Engine::new(&candor::pack::builtin()));
    let text = "| # | What I asked (roughly) | What he said | Note to self |\n|---|---|---|---|\n\
        | 1 | How is eng success measured? | Number of releases, mostly. | Output-ish. |\n\
        | 2 | What happens at 3am if something goes down | A weekly rota of six, paid, and a blameless review after every incident. | Good. |\n\
        | 3 | 10x growth / architecture | \u{2014} | Didn't ask. Forgot. |\n";
    let r = DEFAULT.score(
        &Transcript::parse(text, Format::Markdown).unwrap(),
        "t",
        None,
    );
    assert!(asked(&r, "incident-response"));
    assert_eq!(verdict(&r, "incident-response"), Verdict::Green);
    assert!(!asked(&r, "scaling"));
    assert_eq!(verdict(&r, "scaling"), Verdict::Unanswered);
}

/// Typed notes with `== Topic ==` headings: a topic the note says was not
/// covered stays unanswered, and the others are answered under theirs.
#[test]
fn wiki_headings_and_a_topic_not_covered() {
    static DEFAULT: LazyLock<Engine> = LazyLock::new(|| Engine::new(&candor::pack::builtin()));
    let text = "INTERVIEW NOTES\n\n== Tech debt vs features ==\n\
        Every fourth sprint is a clean-up sprint, and the debt backlog is ranked by the team.\n\n\
        == Working with product on priorities ==\n\
        Not covered - I skipped it to get to the magic wand question.\n\n\
        == On-call ==\nDidn't come up, we ran long.\n";
    let r = DEFAULT.score(&Transcript::parse(text, Format::Auto).unwrap(), "t", None);
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
    assert!(!asked(&r, "cross-functional"));
    assert_eq!(verdict(&r, "cross-functional"), Verdict::Unanswered);
    assert_eq!(verdict(&r, "incident-response"), Verdict::Unanswered);
}

/// A question turned back instead of an answer leaves the question
/// unanswered; one put to the candidate after an answer does not.
#[test]
fn a_question_turned_back_first_is_a_deflection() {
    static DEFAULT: LazyLock<Engine> = LazyLock::new(|| Engine::new(&candor::pack::builtin()));
    let score =
        |text: &str| DEFAULT.score(&Transcript::parse(text, Format::Auto).unwrap(), "t", None);
    let r = score(
        "Me: How does engineering work with product on the roadmap?\nKim: Why, what have you heard from the team?\nMe: Nothing much.\nKim: Okay.\n",
    );
    assert_eq!(verdict(&r, "cross-functional"), Verdict::Unanswered);
    let r = score(
        "Me: How does engineering work with product on the roadmap?\nKim: Product decides mostly. We give input sometimes, when they ask us.\nMe: Great, that's everything from me.\nKim: Thank you. Can I ask you one thing before we finish? Why fulfilment?\n",
    );
    assert_ne!(verdict(&r, "cross-functional"), Verdict::Unanswered);
}

#[test]
fn two_questions_asked_without_a_question_mark() {
    let r = score(
        "Me: Thanks for having me.\nI'd like to ask how you handle tech debt, and what happens at 3 AM when production goes down.\nDana: 20% of every sprint goes to debt, tracked on a debt backlog. On call is a weekly paid rota, and every incident gets a blameless post-mortem.\nMe: Great.\nDana: Sure.\n",
        None,
    );
    assert!(asked(&r, "tech-debt"));
    assert!(asked(&r, "incident-response"));
}

/// `**Asked: ...?**` at the start of notes' bullets is the note-taker
/// saying what they asked, however often it recurs: no speaker, and the
/// words after it are the question.
#[test]
fn asked_before_a_colon_is_the_note_taker_not_a_speaker() {
    static DEFAULT: LazyLock<Engine> = LazyLock::new(|| Engine::new(&candor::pack::builtin()));
    let notes = "### Call with Ana, CTO of a courier firm\n\n\
        - **Asked: how do they balance features and old code?** A tenth of each sprint is for clean-up, tracked on a board.\n\
        - **Asked: what happens when it breaks at night?** Weekly rota of six, paid, and blameless reviews.\n\
        - **Magic wand:** the depot scanners. They drop scans and someone re-keys them by hand every morning.\n";
    // Typed in lower case too, beside a real label.
    let lower = "Me: Notes from the call with Ana.\nAna (CTO): Happy to help.\n\
        asked: how do they balance features and old code? A tenth of each sprint is for clean-up, tracked on a board.\n\
        asked: what happens when it breaks at night? Weekly rota of six, paid, and blameless reviews.\n\
        asked: magic wand? The depot scanners. They drop scans and someone re-keys them by hand every morning.\n"
        .to_string();
    for text in [notes, lower.as_str()] {
        let t = Transcript::parse(text, Format::Auto).unwrap();
        let r = DEFAULT.score(&t, "t", None);
        assert_ne!(r.speakers.answerer.as_deref(), Some("asked"), "{text}");
        assert_ne!(r.speakers.answerer.as_deref(), Some("Asked"), "{text}");
        for id in ["tech-debt", "incident-response", "magic-wand"] {
            assert_eq!(verdict(&r, id), Verdict::Green, "{id} in {text}");
        }
    }
    let r = DEFAULT.score(&Transcript::parse(notes, Format::Auto).unwrap(), "t", None);
    assert_eq!(r.speakers.answerer, None);
    for id in ["tech-debt", "incident-response", "magic-wand"] {
        assert!(asked(&r, id), "{id} asked");
    }
}

/// A label that tells of the asking ("Someone on a panel asked me:") is
/// no topic: the question after it is what was asked, even quoted so
/// that the line does not end in its question mark.
#[test]
fn a_label_that_tells_of_the_asking_is_followed_by_the_question() {
    let r = score(
        "Someone on a panel asked me: \"How do you handle tech debt?\" 🤔\n\n\
         We spend 20% of every sprint on it and keep a debt backlog.\n",
        None,
    );
    assert!(asked(&r, "tech-debt"));
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
    // One that holds its question still names it: "asked if they blame
    // people -> ...".
    let r = score(
        "Tech debt: 20% of every sprint, on a debt backlog.\n\n\
         asked about on call at 3 AM -> they blame the engineer who broke it.\n",
        None,
    );
    assert!(asked(&r, "incident-response"));
    assert_eq!(verdict(&r, "incident-response"), Verdict::Red);
}

#[test]
fn a_chat_answered_by_number_matches_each_answer_to_its_listed_question() {
    // A Slack export: the questions sent as one numbered list (in an order
    // of the candidate's own), answered message by message by number.
    let r = score(
        "[2025-01-08 18:20] Neha Sharma: Hi! Sending my questions below, answer whenever.\n\
         \x20 1. What happens when production goes down at 3 AM?\n\
         \x20 2. How do you handle tech debt?\n\
         \x20 3. How do you measure success?\n\
         \n\
         [2025-01-08 23:41] Karthik Raghavan: Hey Neha! Going through them now.\n\
         [2025-01-08 23:44] Karthik Raghavan: 2 - we spend 20% of every sprint on it.\n\
         [2025-01-08 23:52] Karthik Raghavan: 1) honestly? we blame the engineer who shipped it.\n\
         [2025-01-09 09:47] Neha Sharma: Thanks! Quick follow-up on 2 - where does it all live?\n\
         [2025-01-09 09:50] Karthik Raghavan: In a debt backlog the leads keep.\n",
        None,
    );
    assert_eq!(r.speakers.asker.as_deref(), Some("Neha Sharma"));
    assert_eq!(r.speakers.answerer.as_deref(), Some("Karthik Raghavan"));
    let debt = question(&r, "tech-debt");
    assert_eq!(debt.verdict, Verdict::Green, "{debt:?}");
    // Both the numbered answer and the answer to the follow-up on "2".
    assert_eq!(debt.hits.len(), 2, "{:?}", debt.hits);
    assert!(
        debt.hits.iter().all(|h| h.modifiers.is_empty()),
        "{:?}",
        debt.hits
    );
    let incidents = question(&r, "incident-response");
    assert_eq!(incidents.verdict, Verdict::Red, "{incidents:?}");
    assert!(incidents
        .hits
        .iter()
        .all(|h| h.rule != "tech-debt/capacity-share"));
    assert!(asked(&r, "success-metrics"));
}

#[test]
fn a_chat_answered_by_topic_matches_each_answer_to_its_question() {
    // Slack copied with each message's sender and time on a line of its
    // own; the questions a bulleted list, the answers led by their topic.
    let r = score(
        "**Arjun Pillai** 8:52 PM\n\
         A few questions, no rush:\n\
         • how do you handle tech debt?\n\
         • what happens when production goes down at 3 AM?\n\
         • how do you measure success?\n\
         \n\
         **Tan Wei Ling** 10:17 PM\n\
         Ok, one by one.\n\
         \n\
         **Tan Wei Ling** 10:19 PM\n\
         *On call*: we blame the engineer who shipped it.\n\
         \n\
         **Tan Wei Ling** 10:24 PM\n\
         *Tech debt*: we spend 20% of every sprint on it.\n",
        None,
    );
    assert_eq!(r.speakers.asker.as_deref(), Some("Arjun Pillai"));
    assert_eq!(r.speakers.answerer.as_deref(), Some("Tan Wei Ling"));
    assert_eq!(verdict(&r, "incident-response"), Verdict::Red);
    let debt = question(&r, "tech-debt");
    assert_eq!(debt.verdict, Verdict::Green, "{debt:?}");
    assert!(
        debt.hits
            .iter()
            .all(|h| h.rule != "incident-response/blame"),
        "{:?}",
        debt.hits
    );
}

#[test]
fn questions_asked_one_at_a_time_are_not_a_list() {
    // An answer that opens with a number answers the question just asked.
    let r = score(
        "Me: What happens when production goes down at 3 AM?\n\
         CTO: 2. We run blameless post-mortems after every outage, and the whole team reads them.\n\
         Me: How do you handle tech debt?\n\
         CTO: 1) We spend 20% of every sprint on it, and the leads decide what goes in first.\n",
        None,
    );
    assert_eq!(verdict(&r, "incident-response"), Verdict::Green);
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
}

#[test]
fn one_chat_message_answering_a_list_line_by_line() {
    // WhatsApp: the answers to the list in one message, a numbered line each.
    let r = score(
        "[08/01/2025, 18:20] Neha Sharma: Hi Karthik, a few questions:\n\
         1. What happens when production goes down at 3 AM?\n\
         2. How do you handle tech debt?\n\
         [08/01/2025, 23:44] Karthik: Sure!\n\
         1) We blame the engineer who shipped it, to be honest.\n\
         2) We spend 20% of every sprint on it, off a debt backlog the leads rank.\n",
        None,
    );
    assert_eq!(r.speakers.asker.as_deref(), Some("Neha Sharma"));
    assert_eq!(verdict(&r, "incident-response"), Verdict::Red);
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
    assert!(question(&r, "tech-debt")
        .hits
        .iter()
        .all(|h| h.modifiers.is_empty()));
}

#[test]
fn a_short_numbered_list_of_the_candidates_own_is_read_by_its_words() {
    // Teams chat copied: two numbered questions, the first numbered as the
    // pack numbers another question. Its words decide: nothing is asked
    // that the list does not ask.
    let r = score(
        "[1/8/2025 6:20 PM] Neha Sharma\n\
         Hi! Two questions.\n\
         1. How do you measure success?\n\
         2. How do you handle tech debt?\n\
         \n\
         [1/8/2025 9:02 PM] Karthik Raghavan\n\
         2 - we spend 20% of every sprint on it, off a debt backlog the leads rank.\n\
         \n\
         [1/8/2025 9:05 PM] Karthik Raghavan\n\
         1 - story points, mostly, and velocity per team.\n",
        None,
    );
    assert!(asked(&r, "success-metrics") && asked(&r, "tech-debt"));
    assert!(!asked(&r, "incident-response"));
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
}

#[test]
fn an_email_answered_inline_under_wrapped_quoted_questions() {
    // The reply answers under each quoted question, the quote wrapped over
    // two lines as mail programs wrap it.
    let r = score(
        "Hi Tomasz,\n\
         \n\
         Answers inline below.\n\
         \n\
         > Hi Annelies,\n\
         >\n\
         > 1. What happens when production goes down at 3 AM? Who gets\n\
         > paged, and what happens after?\n\
         \n\
         A weekly rota of eight, and we run blameless post-mortems after every outage with the whole team.\n\
         \n\
         > 2. How do you decide between new features and paying down tech\n\
         > debt? Is there any fixed allocation?\n\
         \n\
         Yes: we spend 20% of every sprint on it, off a debt backlog the leads rank.\n",
        None,
    );
    for id in ["incident-response", "tech-debt"] {
        let q = question(&r, id);
        assert_eq!(q.verdict, Verdict::Green, "{id}: {q:?}");
        assert!(
            q.hits.iter().all(|h| h.modifiers.is_empty()),
            "{id}: {:?}",
            q.hits
        );
    }
}

#[test]
fn a_chat_answer_opening_with_two_listed_topics_is_to_both() {
    let r = score(
        "[2025-01-08 18:20] Jordan Ellis: A few questions:\n\
         • how do you handle tech debt?\n\
         • what happens when production goes down at 3 AM?\n\
         • how do you measure success?\n\
         [2025-01-08 19:02] Priya Raman: *Tech debt + on call*: one conversation for us. We spend 20% of every sprint on debt, and we run blameless post mortems after every outage.\n\
         [2025-01-08 19:05] Priya Raman: Metrics we mostly judge by velocity and story points, to be honest with you.\n",
        None,
    );
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
    assert_eq!(verdict(&r, "incident-response"), Verdict::Green);
    let metrics = question(&r, "success-metrics");
    assert!(
        metrics
            .hits
            .iter()
            .any(|h| h.rule == "success-metrics/velocity"),
        "{metrics:?}"
    );
    assert!(question(&r, "tech-debt")
        .hits
        .iter()
        .all(|h| h.rule != "success-metrics/velocity"));
}

#[test]
fn an_answer_in_numbered_points_does_not_make_its_speaker_the_asker() {
    // Sam's long answer lists points that name the questions; Dana asks.
    let r = score(
        "Dana: How do you handle tech debt?\n\
         Sam: Happy to go through how we work in general, because it all hangs together and I'd rather give you the whole picture than pieces of it, so bear with me for a minute here.\n\
         1. Tech debt: we spend 20% of every sprint on it, off a debt backlog the leads rank.\n\
         2. On call: we run blameless post mortems after every outage, with the whole team.\n\
         3. Metrics: we look at outcomes, not story points.\n\
         Dana: What happens when production goes down at 3 AM?\n\
         Sam: What I said: a rota, and blameless post mortems after every outage.\n",
        None,
    );
    assert_eq!(r.speakers.asker.as_deref(), Some("Dana"));
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
}

#[test]
fn a_note_takers_follow_up_question_is_no_answer() {
    // `Pushed: ... → "..."`: the words before the arrow are the candidate's
    // (they asked about a debt backlog), the answer is only what follows.
    let notes = "## Tech debt\n- \"We have a good balance, I think.\"\n- Pushed: is there a debt backlog? → \"It varies between the teams.\"\n";
    let r = score(notes, None);
    assert!(asked(&r, "tech-debt"));
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Amber);
    // Told as an answer, the same words count.
    let r = score(
        "## Tech debt\n- \"We have a good balance.\"\n- Said they keep a debt backlog, reviewed weekly.\n",
        None,
    );
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
    // A yes takes the question's words for its own.
    let r = score(
        "## Tech debt\n- Asked if there's a debt backlog → yes, the whole team sees it.\n",
        None,
    );
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
}

#[test]
fn a_follow_up_in_notes_moves_no_topic() {
    // The follow-up, indented under its topic, names blame, but the answer
    // is still about debt.
    let notes = "## Tech debt\n- \"We spend 20% of every sprint on it.\"\n  - asked if they blame the engineer when it slips -> \"we talk it through\"\n## Outages\n- didn't get to it\n";
    let r = score(notes, None);
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
    assert_ne!(verdict(&r, "incident-response"), Verdict::Red);
}

#[test]
fn going_back_to_an_earlier_question_answers_it() {
    // Mid-answer, the leader goes back to the 3 AM question and corrects it:
    // what follows answers it, and what was said to it before is history.
    let text = "Sam: What happens when production goes down at 3 AM?\n\
        Julien: We blame the engineer, honestly.\n\
        Sam: How do you balance new features against tech debt?\n\
        Julien: We spend 20% of every sprint on it, and the team keeps a debt backlog that \
        everyone can see. Actually, going back to the 3 AM question, I made that sound worse \
        than it is. These days we run blameless post mortems.\n";
    let r = score(text, None);
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
    assert_ne!(verdict(&r, "incident-response"), Verdict::Red);
    let blame = question(&r, "incident-response")
        .hits
        .iter()
        .find(|h| h.rule == "incident-response/blame")
        .expect("the first answer's hit is kept");
    assert!(blame.modifiers.contains(&Modifier::Past));
    // Going back without correcting adds to the earlier answer.
    let text = "Sam: What happens when production goes down at 3 AM?\n\
        Julien: We run blameless post mortems.\n\
        Sam: How do you balance new features against tech debt?\n\
        Julien: We spend 20% of every sprint on it, and the team keeps a debt backlog that \
        everyone can see. Going back to the 3 AM question, we also blame the engineer.\n";
    let r = score(text, None);
    assert_eq!(verdict(&r, "incident-response"), Verdict::Red);
    assert_eq!(verdict(&r, "tech-debt"), Verdict::Green);
}
