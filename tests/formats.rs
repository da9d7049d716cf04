//! Recorded-call formats end to end: speakers and timestamps reach the
//! evidence, phrases match across cue boundaries, the asker is told apart.

use candor::{Engine, Format, ReadOptions, Report, Verdict};

fn score(text: &str, source: &str) -> Report {
    Engine::new(&candor::pack::builtin())
        .score_bytes(text.as_bytes(), source, &ReadOptions::default())
        .unwrap()
}

fn question<'a>(r: &'a Report, id: &str) -> &'a candor::report::QuestionResult {
    r.questions.iter().find(|q| q.id == id).unwrap()
}

const ZOOM: &str = "WEBVTT\n\n1\n00:01:02.500 --> 00:01:05.000\nPriya Shah: So what happens when production goes down at 3 AM?\n\n2\n00:01:06.000 --> 00:01:09.000\nTom Reed: Whoever is on call gets paged, and afterwards we run blameless\n\n3\n00:01:09.000 --> 00:01:12.000\nTom Reed: post-mortems with the whole team, every single time.\n";

#[test]
fn zoom_vtt_carries_speaker_and_time_and_joins_cues() {
    let r = score(ZOOM, "call.vtt");
    assert_eq!(r.format, "vtt");
    assert_eq!(r.speakers.asker.as_deref(), Some("Priya Shah"));
    let q = question(&r, "incident-response");
    assert_eq!(q.verdict, Verdict::Green);
    // "blameless post-mortems" spans the cue boundary and still hits.
    let hit = q
        .hits
        .iter()
        .find(|h| h.matched.contains("blameless"))
        .unwrap();
    assert_eq!(hit.speaker.as_deref(), Some("Tom Reed"));
    assert_eq!(hit.time.as_deref(), Some("00:01:06.000"));
    assert_eq!(hit.line, 9);
    let text = candor::render::text(&r, &candor::render::TextOptions::default());
    assert!(text.contains("[00:01:06] Tom Reed"), "{text}");
}

#[test]
fn teams_voice_spans() {
    let teams = "WEBVTT\n\nab12-1\n00:00:01.000 --> 00:00:04.000\n<v Ana Silva>How do you measure engineering success?</v>\n\nab12-2\n00:00:05.000 --> 00:00:09.000\n<v Ben Okafor>Lines of code per developer, it's on a dashboard.</v>\n";
    let r = score(teams, "teams.vtt");
    let q = question(&r, "success-metrics");
    assert_eq!(q.verdict, Verdict::Red);
    assert_eq!(q.hits[0].speaker.as_deref(), Some("Ben Okafor"));
    assert_eq!(q.hits[0].time.as_deref(), Some("00:00:05.000"));
}

#[test]
fn srt_with_unnamed_speakers() {
    let srt = "1\n00:00:01,000 --> 00:00:03,000\nSpeaker 1: How do you balance features and tech debt?\n\n2\n00:00:03,500 --> 00:00:08,000\nSpeaker 2: We keep a debt backlog and spend twenty percent of every sprint on it.\n\n3\n00:00:08,500 --> 00:00:10,000\nSpeaker 1: And who decides?\n\n4\n00:00:10,500 --> 00:00:14,000\nSpeaker 2: The tech leads rank it with product every month.\n";
    let r = score(srt, "call.srt");
    assert_eq!(r.format, "srt");
    assert_eq!(r.speakers.asker.as_deref(), Some("Speaker 1"));
    assert_eq!(r.speakers.answerer.as_deref(), Some("Speaker 2"));
    assert_eq!(question(&r, "tech-debt").verdict, Verdict::Green);
}

#[test]
fn srt_with_no_speakers_at_all_still_tells_questions_apart() {
    let srt = "1\n00:00:01,000 --> 00:00:03,000\nHow do you balance features and tech debt?\n\n\
               2\n00:00:03,500 --> 00:00:06,000\nWe keep a debt backlog and spend twenty percent\n\n\
               3\n00:00:06,000 --> 00:00:08,000\nof every sprint on it.\n\n\
               4\n00:00:08,500 --> 00:00:10,000\nWhat happens when production goes down at 3 AM?\n\n\
               5\n00:00:10,500 --> 00:00:14,000\nWe blame whoever broke it.\n";
    let r = score(srt, "call.srt");
    assert_eq!(r.speakers.asker, None);
    assert!(question(&r, "tech-debt").asked);
    assert_eq!(question(&r, "tech-debt").verdict, Verdict::Green);
    assert!(question(&r, "incident-response").asked);
    assert_eq!(question(&r, "incident-response").verdict, Verdict::Red);
}

#[test]
fn whisper_json_with_diarisation() {
    let json = r#"{"text": "...", "segments": [
        {"start": 0.0, "end": 3.1, "text": " If you had a magic wand, what would you fix?", "speaker": "SPEAKER_00"},
        {"start": 3.4, "end": 9.8, "text": " Honestly nothing, we're in great shape.", "speaker": "SPEAKER_01"}]}"#;
    let r = score(json, "call.json");
    assert_eq!(r.format, "json");
    let q = question(&r, "magic-wand");
    assert_eq!(q.verdict, Verdict::Red);
    assert_eq!(q.hits[0].time.as_deref(), Some("00:00:03.400"));
}

#[test]
fn unknown_json_is_a_clear_error() {
    let err = Engine::new(&candor::pack::builtin())
        .score_bytes(br#"{"foo": [1, 2]}"#, "x.json", &ReadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("unknown JSON transcript shape") && err.contains("Whisper"),
        "{err}"
    );
}

#[test]
fn input_format_overrides_detection() {
    let options = ReadOptions {
        format: Some(Format::Text),
        ..ReadOptions::default()
    };
    let r = Engine::new(&candor::pack::builtin())
        .score_bytes(ZOOM.as_bytes(), "call.vtt", &options)
        .unwrap();
    assert_eq!(r.format, "text");
}

#[test]
fn assemblyai_letters_are_speakers_not_roles() {
    let json = r#"{"utterances": [
        {"speaker": "A", "start": 0, "end": 3000, "text": "How do you handle outages at three in the morning?"},
        {"speaker": "B", "start": 3500, "end": 12000, "text": "There is a weekly on-call rota with a secondary, and we run blameless post-mortems after every incident."},
        {"speaker": "A", "start": 12500, "end": 14000, "text": "Who decides what gets fixed?"},
        {"speaker": "B", "start": 14500, "end": 20000, "text": "The team does, and the actions go straight into the next sprint."}]}"#;
    let r = score(json, "call.json");
    assert_eq!(r.speakers.asker.as_deref(), Some("A"));
    assert_eq!(r.speakers.answerer.as_deref(), Some("B"));
    assert_eq!(question(&r, "incident-response").verdict, Verdict::Green);
}

#[test]
fn a_close_call_on_who_asks_is_warned() {
    let text = "Speaker 1: We have a weekly rota. Do you?\nSpeaker 2: We do too. Is it paid?\n";
    let r = score(text, "call.txt");
    assert!(
        r.warnings.iter().any(|w| w.contains("--asker")),
        "{:?}",
        r.warnings
    );
}

/// Regression: titles as speaker labels (`Head of Engineering:`) were not
/// labels, so the answers joined the asker's turns and all ten questions
/// came out unanswered.
#[test]
fn titles_as_speaker_labels_get_their_answers_scored() {
    for (asker, answerer) in [
        ("Interviewer", "Head of Engineering"),
        ("Tom Reilly, Interviewer", "Maria Gonzalez, CTO"),
        ("Sam (she/her)", "Head of Digital & Technology"),
    ] {
        let text = format!(
            "{asker}: How do you balance features and tech debt?\n\
             {answerer}: We keep a debt backlog and spend twenty percent of every sprint on it.\n\
             {asker}: What happens when production goes down at 3 AM?\n\
             {answerer}: Whoever is on call gets paged, and afterwards we run blameless post-mortems.\n"
        );
        let r = score(&text, "call.txt");
        assert_eq!(r.speakers.asker.as_deref(), Some(asker), "{answerer}");
        assert_eq!(r.speakers.answerer.as_deref(), Some(answerer));
        for id in ["tech-debt", "incident-response"] {
            assert_eq!(question(&r, id).verdict, Verdict::Green, "{answerer}: {id}");
        }
    }
}

#[test]
fn caption_and_json_speakers_take_the_same_label_shapes() {
    let vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Tom Reilly, Interviewer>How do you balance features and tech debt?\n\n00:00:05.000 --> 00:00:09.000\n<v Head of Digital &amp; Technology>We keep a debt backlog and spend twenty percent of every sprint on it.\n";
    let zoom = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nTom Reilly, Interviewer: How do you balance features and tech debt?\n\n00:00:05.000 --> 00:00:09.000\nHead of Digital & Technology: We keep a debt backlog and spend twenty percent of every sprint on it.\n";
    let srt = "1\n00:00:01,000 --> 00:00:04,000\nTom Reilly, Interviewer: How do you balance features and tech debt?\n\n2\n00:00:05,000 --> 00:00:09,000\nHead of Digital & Technology: We keep a debt backlog and spend twenty percent of every sprint on it.\n";
    let json = r#"[{"speaker":"Tom Reilly, Interviewer","text":"How do you balance features and tech debt?"},{"speaker":"Head of Digital & Technology","text":"We keep a debt backlog and spend twenty percent of every sprint on it."}]"#;
    for (text, source) in [
        (vtt, "teams.vtt"),
        (zoom, "zoom.vtt"),
        (srt, "call.srt"),
        (json, "call.json"),
    ] {
        let r = score(text, source);
        assert_eq!(
            r.speakers.asker.as_deref(),
            Some("Tom Reilly, Interviewer"),
            "{source}"
        );
        assert_eq!(
            r.speakers.answerer.as_deref(),
            Some("Head of Digital & Technology"),
            "{source}"
        );
        assert_eq!(
            question(&r, "tech-debt").verdict,
            Verdict::Green,
            "{source}"
        );
    }
}

/// Regression: notes typed one topic a line, with no blank lines or
/// bullets, were one paragraph, and most questions went unanswered.
#[test]
fn notes_typed_one_topic_a_line_answer_every_question() {
    let notes = "Call with Dana, CTO at Acme\n\
        tech debt - 20% a sprint, they track it in a debt register\n\
        on call - weekly rota, paid, blameless post-mortems after every incident\n\
        metrics - DORA, lead time and deploy frequency, no lines of code\n\
        risk - single postgres db, no failover tested yet\n\
        build vs buy - buy anything that is not core, built their own billing\n\
        scaling - 10x would break the monolith, splitting out search first\n\
        product - engineers join discovery with PMs from day one\n\
        AI? copilot for everyone, reviews still by humans\n\
        learning - 10% time, conference budget, internal talks\n\
        magic wand - kill the legacy batch jobs\n";
    let r = score(notes, "notes.txt");
    let unasked: Vec<&str> = r
        .questions
        .iter()
        .filter(|q| !q.asked || q.verdict == Verdict::Unanswered)
        .map(|q| q.id.as_str())
        .collect();
    assert!(unasked.is_empty(), "not answered: {unasked:?}");
}
