//! Plain-text transcripts and notes, read line by line.
//!
//! A line that starts with a speaker label (`Me:`, `Sarah (CTO):`, `Q3:`,
//! `Head of Engineering:`, `Maria Gonzalez, CTO:`, `[SPEAKER_01]:`,
//! `**Dana:**`, with a timestamp before or after the name) starts a turn, as
//! does a `Full Name  0:12:03` header line; the lines after it continue that
//! turn until the next label. Which prefixes are labels the document teaches
//! by use (see `label`), so `Note: ...` and `The plan: ...` stay text. Text
//! with no labels at all becomes one turn per paragraph, with no speaker, or
//! one per line in notes typed one topic a line (`tech debt - 20% a
//! sprint`, see `notes`).
//!
//! With Markdown on, `#` headings become heading turns, a line that is bold
//! throughout (`**Q3: What happens at 3 AM?**`) does too, every bullet starts
//! a turn of its own, and emphasis and quote markers are removed.
//!
//! This module reads the lines and builds turns; which prefix is a speaker
//! label is `label`'s job, timestamps are `clock`'s, and what only Markdown
//! has (headings, tables, emphasis) is `markdown`'s.

use super::clock::leading_timestamp;
use super::label::{accepted_labels, clean_label, header_label, name_over_stamp, speaker_label};
use super::markdown::{
    heading_text, is_rule_line, is_table_rule, strip_emphasis, table_row, whole_line_bold, TableRow,
};
use super::notes::{
    asked_then_answer, decorated_heading, is_bullet, is_follow_up, is_numbered_heading,
    is_topic_heading, list_number, strip_block_markers, topic_lines, whole_line_remark,
};
use super::{Names, Timestamp, Transcript, Turn, TurnKind};

/// Kept at this path for `segment`, which keys speakers as the parsers do.
pub(crate) use super::label::label_key;

/// Parses plain text (`markdown == false`) or Markdown notes.
pub(super) fn parse_lines(text: &str, markdown: bool) -> Transcript {
    let mut lines: Vec<&str> =
        Vec::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
    lines.extend(text.lines());
    let labels = accepted_labels(&lines);
    // In notes without speakers, a line led by a topic may start a turn.
    let topics = if labels.is_empty() {
        topic_lines(&lines)
    } else {
        vec![false; lines.len()]
    };
    let mut builder = Builder::default();
    // A turn starts on a line with text, so there are at most that many:
    // reserved at once, the list never moves while it grows, and the room
    // it never fills takes no memory (pages never written are not resident).
    let most = lines.iter().filter(|l| !l.trim().is_empty()).count();
    let _ = builder.turns.try_reserve_exact(most);
    let mut in_fence = false;
    // A line read with the one before it.
    let mut skip: Option<usize> = None;
    // Whether a label as written is an accepted speaker's: asked once each.
    let mut speaking: std::collections::HashMap<&str, bool> = std::collections::HashMap::new();
    for (i, raw) in lines.iter().enumerate() {
        let line_no = i as u32 + 1;
        // `raw` is a slice of `text`: where it ends is how much is left.
        let end = raw.as_ptr() as usize - text.as_ptr() as usize + raw.len();
        builder.left = (text.len() - end, lines.len() - i - 1);
        let mut line = raw.trim_end();
        if markdown {
            if line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~") {
                in_fence = !in_fence;
                continue;
            }
            if in_fence {
                continue;
            }
            if let Some(heading) = heading_text(line) {
                builder.heading(heading, line_no);
                continue;
            }
            if is_rule_line(line) {
                builder.blank();
                continue;
            }
        }
        // `>` alone is a blank line of a quoted email: it parts paragraphs.
        if line.trim().is_empty() || line.trim_start().trim_start_matches('>').trim().is_empty() {
            builder.blank();
            continue;
        }
        if let Some(title) = decorated_heading(line) {
            builder.heading(&clean(title, markdown), line_no);
            continue;
        }
        if markdown && line.trim_start().starts_with('|') {
            // A table: each data row is a turn, its first cell a topic label
            // (`Debt vs features: "We try..."`); header and rule rows go.
            let header = lines.get(i + 1).is_some_and(|next| is_table_rule(next));
            if !header && !is_table_rule(line) {
                match table_row(line) {
                    Some(TableRow::Text(row)) => {
                        builder.start_bullet(&clean(&row, true), line_no, None)
                    }
                    Some(TableRow::Asked { question, answer }) => {
                        builder.heading(&clean(&question, true), line_no);
                        builder.start_bullet(&clean(&answer, true), line_no, None);
                    }
                    None => {}
                }
            }
            continue;
        }
        if labels.is_empty() {
            if let Some(remark) = whole_line_remark(line) {
                builder.comment(&clean(remark, markdown), line_no);
                continue;
            }
            let next = lines.get(i + 1).map(|l| l.trim_start());
            let bullets = next.is_some_and(is_bullet);
            // Under a `#` heading, a numbered line over bullets is an
            // answer item with its details, not a topic.
            let under_heading = || {
                lines[..i]
                    .iter()
                    .rev()
                    .find(|l| !l.trim().is_empty())
                    .is_some_and(|l| heading_text(l).is_some())
            };
            if bullets && is_numbered_heading(line) && !under_heading() {
                // `1. How they juggle new stuff vs old mess`, then bullets.
                builder.heading(&clean(line.trim(), markdown), line_no);
                continue;
            }
            if bullets
                && !is_bullet(line)
                && list_number(line).is_none()
                && is_topic_heading(line)
                && !under_heading()
            {
                // `tech debt?`, `incident resp`, then bullets.
                builder.heading(&clean(line.trim(), markdown), line_no);
                continue;
            }
        }
        let mut bullet = false;
        if markdown {
            let (rest, is_bullet) = strip_block_markers(line);
            // A numbered question keeps its number (`4) what happens if the
            // site goes down at 3am?`), and so does a message that opens
            // with the number of the question it answers, just under its
            // sender's name (`**Chloe** — Wed 19:04` / `1) honestly? we're
            // firefighting`): answers are matched to questions by it.
            let numbered = list_number(line.trim_start()).is_some()
                && (builder.awaits_text() || rest.trim_end().ends_with('?'));
            line = if numbered { line.trim_start() } else { rest };
            bullet = is_bullet;
            if let Some(inner) = whole_line_bold(line) {
                builder.heading(inner, line_no);
                continue;
            }
        }
        if skip == Some(i) {
            // The date and time under a sender's name, read with it.
            continue;
        }
        let (time, after_time) = leading_timestamp(line.trim_start());
        if let Some(name) = name_over_stamp(after_time, lines.get(i + 1).copied()) {
            if labels.contains_key(&label_key(name)) {
                // `Kasia Nowak` / `Yesterday 16:04`: a chat message's sender
                // and time, its text on the lines below.
                builder.close();
                builder.start(Some(clean_label(name)), "", line_no, time);
                builder.chat = true;
                skip = Some(i + 1);
                continue;
            }
        }
        if let Some(found) = speaker_label(after_time, &labels) {
            let accepted = *speaking
                .entry(found.label)
                .or_insert_with(|| labels.contains_key(&label_key(found.label)));
            // Just under a sender's name and time (`**Tan** 10:31 PM`), a
            // label used once is the message's topic (`*AI*: this one I'll
            // be straight`), not another speaker.
            let topic = builder.awaits_text() && labels.get(&label_key(found.label)) == Some(&1);
            if accepted && !topic {
                let rest = clean(found.rest, markdown);
                let time = found.time.or(time);
                if found.chat {
                    // A chat message of its own, though its sender's last
                    // one came just before it.
                    builder.close();
                }
                builder.start(Some(clean_label(found.label)), rest.trim(), line_no, time);
                builder.chat = found.chat;
                continue;
            }
        }
        if let Some((name, at)) = header_label(after_time) {
            // `Full Name   0:12:03` alone: the turn's text is on the next lines.
            if labels.contains_key(&label_key(name)) {
                if at.is_none() {
                    // A chat's name and time of day (`**Tan** 10:19 PM`):
                    // a message of its own.
                    builder.close();
                }
                builder.start(Some(clean_label(name)), "", line_no, at.or(time));
                builder.chat = at.is_none();
                continue;
            }
        }
        if builder.chat && list_number(after_time.trim_start()).is_some() {
            // A chat message that answers a list of questions one numbered
            // line at a time (`Sure!` / `1) a fifth of each sprint` / `2)
            // whoever is around`): each numbered line a turn of its own,
            // by the same sender, so each answers its own question.
            builder.split_message(clean(after_time, markdown).trim(), line_no, time);
            continue;
        }
        if labels.is_empty() && !markdown && list_number(after_time).is_some() {
            // Numbered items are items of their own, as in Markdown.
            builder.start(None, clean(after_time, false).trim(), line_no, time);
            continue;
        }
        let content = clean(after_time, markdown);
        if labels.is_empty() {
            let follow_up = asked_then_answer(content.trim())
                .filter(|(ask, _)| lines[i].starts_with([' ', '\t']) || is_follow_up(ask));
            if let Some((ask, answer)) = follow_up {
                // A follow-up question and its answer (`Pushed: a fixed
                // share? → "It varies."`, or `asked ... -> ...` indented
                // under its topic): the question an aside of the
                // note-taker's, moving no topic, then the answer. (`asked
                // about on call -> ...` at the margin may open a topic: left
                // whole.)
                builder.comment(ask, line_no);
                builder.start(None, answer, line_no, time);
                continue;
            }
        }
        if topics[i] && !bullet {
            // `tech debt - 20% a sprint`: one topic a line, one turn each.
            builder.start(None, content.trim(), line_no, time);
        } else if bullet {
            builder.start_bullet(content.trim(), line_no, time);
        } else {
            builder.continue_turn(content.trim(), line_no, time);
        }
    }
    builder.finish()
}

pub(super) fn parse(text: &str) -> Transcript {
    parse_lines(text, false)
}

/// Builds turns from lines.
#[derive(Default)]
struct Builder {
    turns: Vec<Turn>,
    /// The turn being built; `None` after a heading or at the start.
    open: Option<Turn>,
    /// A blank line came since the open turn's last text.
    after_blank: bool,
    /// Some line had a speaker label.
    labelled: bool,
    /// Bytes and lines of the input after the current line.
    left: (usize, usize),
    /// The input line the end of the open turn's text is on, as its last
    /// origin and the line breaks after it place it.
    line_at_end: u32,
    names: Names,
    /// The open turn is a chat message (its sender's name came with a
    /// chat's date and time).
    chat: bool,
}

/// A turn this long grows once, to what the rest of the input could add,
/// instead of doubling: a 16 MB turn would hold 48 MB while it moves, where
/// reserved pages it never writes take no memory.
const GROW_ONCE: usize = 1 << 16;

impl Builder {
    fn close(&mut self) {
        if let Some(mut turn) = self.open.take() {
            if !turn.text.trim().is_empty() || turn.speaker.is_some() {
                // A turn grew by doubling: it keeps only what it holds.
                turn.text.shrink_to_fit();
                turn.origins.shrink_to_fit();
                self.turns.push(turn);
            }
        }
    }

    fn heading(&mut self, text: &str, line: u32) {
        self.alone(text, line, TurnKind::Heading);
        self.after_blank = false;
    }

    /// Closes the open turn and adds a turn of `kind` on its own.
    fn alone(&mut self, text: &str, line: u32, kind: TurnKind) {
        self.chat = false;
        self.close();
        let mut turn = Turn::new(None, text.trim().to_string(), line, None);
        turn.kind = kind;
        self.turns.push(turn);
    }

    fn blank(&mut self) {
        self.after_blank = true;
    }

    /// A remark of the note-taker's: a turn of its own, and what follows
    /// starts a new one.
    fn comment(&mut self, text: &str, line: u32) {
        self.alone(text, line, TurnKind::Comment);
        self.after_blank = true;
    }

    fn start(&mut self, speaker: Option<String>, text: &str, line: u32, time: Option<Timestamp>) {
        self.chat = false;
        // The same speaker again, with nothing between: one turn, as caption
        // readers join consecutive cues.
        if let (Some(open), Some(sp)) = (&self.open, &speaker) {
            if open.speaker.as_deref() == Some(sp.as_str()) && !self.after_blank {
                if !text.is_empty() {
                    self.continue_turn(text, line, time);
                }
                return;
            }
        }
        let speaker = speaker.map(|name| self.names.intern(&name));
        self.open_turn(speaker, text, line, time);
    }

    /// Closes the open turn and opens one by `speaker` with `text`.
    fn open_turn(
        &mut self,
        speaker: Option<std::sync::Arc<str>>,
        text: &str,
        line: u32,
        time: Option<Timestamp>,
    ) {
        self.close();
        self.labelled |= speaker.is_some();
        self.open = Some(Turn::new(speaker, text.to_string(), line, time));
        self.line_at_end = line;
        self.after_blank = false;
    }

    /// Ends the open turn and starts another by its speaker with `text`.
    fn split_message(&mut self, text: &str, line: u32, time: Option<Timestamp>) {
        if self.open.as_ref().is_some_and(|t| t.text.is_empty()) {
            self.continue_turn(text, line, time);
            return;
        }
        let speaker = self.open.as_ref().and_then(|t| t.speaker.clone());
        self.open_turn(speaker, text, line, time);
    }

    /// Whether the open turn is a speaker's label with no text yet (`Dana
    /// 0:12:03` alone on its line).
    fn awaits_text(&self) -> bool {
        self.open
            .as_ref()
            .is_some_and(|t| t.speaker.is_some() && t.text.is_empty())
    }

    /// A bullet is a turn of its own, by the speaker of the open turn if any
    /// (a labelled turn may go on in bullets), else by nobody.
    fn start_bullet(&mut self, text: &str, line: u32, time: Option<Timestamp>) {
        match &self.open {
            Some(turn) if turn.speaker.is_some() && !self.after_blank => {
                self.continue_turn(text, line, time)
            }
            _ => self.start(None, text, line, time),
        }
    }

    fn continue_turn(&mut self, text: &str, line: u32, time: Option<Timestamp>) {
        // Unlabelled paragraphs are turns of their own; a labelled turn runs
        // on over blank lines until the next label.
        let new_paragraph =
            self.after_blank && self.open.as_ref().is_none_or(|t| t.speaker.is_none());
        match &mut self.open {
            Some(turn) if !new_paragraph => {
                if turn.text.is_empty() {
                    // A bare label line (`Dana:`, `Dana 0:12:03`): this line
                    // starts its text; the label's time stands if it had one.
                    let first = &mut turn.origins[0];
                    first.line = line;
                    first.time = first.time.or(time);
                    turn.text.push_str(text);
                } else {
                    if self.after_blank {
                        // Keep the paragraph break visible: a blank line ends a sentence.
                        turn.text.push('\n');
                        self.line_at_end += 1;
                    }
                    let (bytes_left, lines_left) = self.left;
                    if turn.text.len() >= GROW_ONCE
                        && turn.text.capacity() - turn.text.len() <= text.len()
                    {
                        // Each line adds at most itself and a line break.
                        turn.text.reserve_exact(text.len() + 1 + bytes_left);
                    }
                    if turn.origins.len() >= GROW_ONCE / 16
                        && turn.origins.len() == turn.origins.capacity()
                    {
                        turn.origins.reserve_exact(1 + lines_left);
                    }
                    // The next line, untimed after untimed text, needs no
                    // origin of its own: its line break places it.
                    let placed = time.is_none()
                        && turn.origins.last().is_some_and(|o| o.time.is_none())
                        && line == self.line_at_end + 1;
                    if placed {
                        turn.text.push('\n');
                        turn.text.push_str(text);
                    } else {
                        turn.push_piece(text, line, time);
                    }
                }
                self.line_at_end = line;
            }
            _ => self.start(None, text, line, time),
        }
        self.after_blank = false;
    }

    fn finish(mut self) -> Transcript {
        self.close();
        Transcript {
            format: None,
            turns: self.turns,
            warnings: Vec::new(),
        }
    }
}

/// The line's text, with inline Markdown emphasis removed in Markdown.
fn clean(text: &str, markdown: bool) -> String {
    if markdown {
        strip_emphasis(text)
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turns(text: &str) -> Vec<(Option<String>, String)> {
        parse(text)
            .turns
            .into_iter()
            .map(|t| (t.speaker.map(|s| s.to_string()), t.text))
            .collect()
    }

    #[test]
    fn speaker_labels_start_turns_and_lines_continue_them() {
        let t = turns("Me: How do you handle debt?\nSarah (CTO): We reserve 20%.\nIt works.\n");
        assert_eq!(t.len(), 2);
        assert_eq!(t[0], (Some("Me".into()), "How do you handle debt?".into()));
        assert_eq!(
            t[1],
            (
                Some("Sarah (CTO)".into()),
                "We reserve 20%.\nIt works.".into()
            )
        );
    }

    #[test]
    fn chat_exports_are_one_turn_a_message() {
        let speaker = |name: &str, text: &str| (Some(name.to_string()), text.to_string());
        // WhatsApp, as Android and iOS export it.
        let t = turns(
            "08/01/2025, 18:20 - Neha Sharma: Two questions.\n\
             08/01/2025, 18:21 - Neha Sharma: 1. Who is on call?\n\
             [08/01/2025, 23:44:02] Karthik: 1 - a rota of six\n\
             and a runbook\n\
             [08/01/2025, 23:45:10] Karthik: 2 - a tenth of each sprint\n",
        );
        assert_eq!(
            t,
            [
                speaker("Neha Sharma", "Two questions."),
                speaker("Neha Sharma", "1. Who is on call?"),
                speaker("Karthik", "1 - a rota of six\nand a runbook"),
                speaker("Karthik", "2 - a tenth of each sprint"),
            ]
        );
        // One message answering a list line by line: a turn a numbered
        // line. A labelled turn of a transcript keeps its lists whole.
        let t = turns(
            "[08/01/2025, 23:44] Karthik: Sure!\n1) a tenth of each sprint\n2) a rota of six\n",
        );
        assert_eq!(
            t,
            [
                speaker("Karthik", "Sure!"),
                speaker("Karthik", "1) a tenth of each sprint"),
                speaker("Karthik", "2) a rota of six"),
            ]
        );
        let t =
            turns("Me: Go on.\nDana (CTO): Two things:\n1) a tenth of each sprint\n2) a rota\n");
        assert_eq!(t.len(), 2);
        // Teams copied: the sender's name, then the date and time, each on
        // a line of its own.
        let t = turns(
            "Kasia Nowak\nYesterday 16:04\nAny questions?\n\n\
             Henrik Lund\nYesterday 17:22\nSome today.\n\n\
             Henrik Lund\nToday 08:10\nThe rest.\n",
        );
        assert_eq!(
            t,
            [
                speaker("Kasia Nowak", "Any questions?"),
                speaker("Henrik Lund", "Some today."),
                speaker("Henrik Lund", "The rest."),
            ]
        );
        // Slack copied: the sender and time over each message, which may
        // open with a topic that is no speaker.
        let t = turns(
            "Ollie Mensah  8:52 PM\nAny questions?\n\
             Chloe Barnes  10:17 PM\nYes, two.\n\
             Chloe Barnes  10:19 PM\nAI: not yet.\n",
        );
        assert_eq!(
            t,
            [
                speaker("Ollie Mensah", "Any questions?"),
                speaker("Chloe Barnes", "Yes, two."),
                speaker("Chloe Barnes", "AI: not yet."),
            ]
        );
    }

    #[test]
    fn an_emails_fields_and_openers_are_no_speakers() {
        // `From:` twice in a pasted thread shows no conversation, and a
        // numbered answer's `Honest answer:` is no speaker.
        let t = turns(
            "From: Marcus Bell\nSubject: RE: questions\n\n1. Honest answer: features win.\n\n\
             From: Dana Whitfield\nSubject: questions\n\n1. How do you handle tech debt?\n2. Who is on call?\n",
        );
        assert!(t.iter().all(|(speaker, _)| speaker.is_none()), "{t:?}");
        assert!(
            t.iter().any(|(_, text)| text == "2. Who is on call?"),
            "{t:?}"
        );
        // `>` alone parts the paragraphs of a quoted email.
        let t = turns("> Hi,\n>\n> 1. How do you handle tech debt?\n\nA fifth of each sprint.\n");
        assert_eq!(t.len(), 3, "{t:?}");
    }

    #[test]
    fn wiki_style_headings_are_headings_in_plain_notes() {
        let t = parse(
            "== Tech debt ==\nEvery fourth sprint is a mop week.\n\n== On-call ==\nDidn't ask.\n",
        );
        let kinds: Vec<TurnKind> = t.turns.iter().map(|t| t.kind).collect();
        assert_eq!(
            kinds,
            [
                TurnKind::Heading,
                TurnKind::Speech,
                TurnKind::Heading,
                TurnKind::Speech
            ],
            "{:?}",
            t.turns
        );
        assert_eq!(t.turns[0].text, "Tech debt");
        assert_eq!(t.turns[2].text, "On-call");
    }

    #[test]
    fn a_colon_in_a_sentence_is_not_a_label() {
        let t = turns("Me: question?\nDana: The thing is: we never do that.\nNote: this once.\n");
        assert_eq!(t.len(), 2, "{t:?}");
        assert!(t[1].1.contains("Note: this once."));
    }

    #[test]
    fn a_lone_role_field_is_not_a_conversation() {
        let t = turns("CTO: Declan Moore, news group.\n\nAI: he wants it to draft tests.\n");
        assert!(t.iter().all(|(speaker, _)| speaker.is_none()), "{t:?}");
        assert_eq!(t.len(), 2);
    }

    #[test]
    fn lower_case_labels_beside_a_sure_one() {
        let t =
            turns("me: so, debt?\ndev: we have none lol\nme: ok. risk?\ndev: one gcp project\n");
        assert_eq!(t.len(), 4, "{t:?}");
        assert_eq!(t[1].0.as_deref(), Some("dev"));
        // Without a sure label, or used once, a lower-case word is text.
        assert_eq!(
            turns("todo: ask about debt\nlater: ask about risk\n")[0].0,
            None
        );
        assert_eq!(turns("Me: hi?\ndev: hello\n").len(), 1);
    }

    /// However many turns a speaker has, their name is held once.
    #[test]
    fn a_speaker_name_is_held_once() {
        let tr = parse("Me: Debt?\nDana: Some.\nMe: On-call?\nDana: Weekly.\n");
        let dana: Vec<_> = tr
            .turns
            .iter()
            .filter_map(|t| t.speaker.clone())
            .filter(|s| &**s == "Dana")
            .collect();
        assert_eq!(dana.len(), 2);
        assert!(std::sync::Arc::ptr_eq(&dana[0], &dana[1]));
    }

    #[test]
    fn names_used_twice_are_labels() {
        let t = turns("Alex: hi?\nJordan: hello.\nAlex: why?\nJordan: because.\n");
        assert_eq!(t.len(), 4);
    }

    #[test]
    fn diarisation_and_timestamps() {
        let tr = parse("[00:01:02] [SPEAKER_01]: We do post-mortems.\n");
        assert_eq!(tr.turns[0].speaker.as_deref(), Some("SPEAKER_01"));
        assert_eq!(tr.turns[0].origins[0].time, Some(Timestamp(62_000)));
    }

    /// Lines that follow each other need no origin each: the line breaks
    /// place them. A skipped line or a timestamp still gets one.
    #[test]
    fn contiguous_lines_share_an_origin() {
        let text = "Me: Debt?\nDana: one\ntwo\nthree\n\nfour\n\n\nfive\n[00:00:09] six\nseven\n\
                    Me: Thanks.\nDana: Bye.\n";
        let tr = parse(text);
        assert_eq!(tr.turns.len(), 4, "{:#?}", tr.turns);
        let turn = &tr.turns[1];
        let line_of = |word: &str| turn.origin_at(turn.text.find(word).unwrap()).line;
        let words = [
            "one", "two", "three", "", "four", "", "", "five", "six", "seven",
        ];
        for (n, word) in words.iter().enumerate() {
            if !word.is_empty() {
                assert_eq!(line_of(word), n as u32 + 2, "{word}");
            }
        }
        let time_of = |word: &str| turn.origin_at(turn.text.find(word).unwrap()).time;
        assert_eq!(time_of("five"), None);
        assert_eq!(time_of("six"), Some(Timestamp(9_000)));
        assert_eq!(time_of("seven"), None);
        // One for "one" to "four" (one blank line is one more line break),
        // "five" (after two blank lines), "six" (timed), "seven" (after it).
        let lines: Vec<u32> = turn.origins.iter().map(|o| o.line).collect();
        assert_eq!(lines, [2, 9, 10, 11]);
    }

    #[test]
    fn unlabelled_paragraphs_are_turns() {
        let t = turns("First paragraph\nstill first.\n\nSecond one.\n");
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].1, "First paragraph\nstill first.");
    }

    #[test]
    fn lines_are_tracked() {
        let tr = parse("Me: q?\nCTO: one\ntwo\n\nthree\n");
        let turn = &tr.turns[1];
        let at = turn.text.find("three").unwrap();
        assert_eq!(turn.origin_at(at).line, 5);
        assert_eq!(turn.origin_at(0).line, 2);
    }

    fn speakers(text: &str) -> Vec<Option<String>> {
        turns(text)
            .into_iter()
            .map(|(speaker, _)| speaker)
            .collect()
    }

    #[test]
    fn titles_used_as_labels_are_speakers() {
        // Regression: `Head of Engineering:` was not a label, so its answers
        // joined the interviewer's turns and every question went unanswered.
        let t = turns("Interviewer: How do you handle tech debt?\nHead of Engineering: We reserve 20%.\nInterviewer: And on call?\nHead of Engineering: A weekly rota.\n");
        assert_eq!(t.len(), 4, "{t:?}");
        assert_eq!(
            t[1],
            (Some("Head of Engineering".into()), "We reserve 20%.".into())
        );
        for label in [
            "Head of Digital & Technology",
            "VP of Engineering",
            "Maria Gonzalez, CTO",
            "Dr Imran Qureshi",
            "Sam (she/her)",
            "J. Smith",
        ] {
            let text =
                format!("Me: Debt?\n{label}: We track it.\nMe: On call?\n{label}: Weekly.\n");
            let who = speakers(&text);
            assert_eq!(who.len(), 4, "{label}: {who:?}");
            assert_eq!(who[3].as_deref(), Some(label));
        }
        // In Markdown, bold.
        let md = parse_lines("# Call\n\n**Me:** Debt?\n\n**Head of Engineering:** We track it.\n\n**Me:** On call?\n\n**Head of Engineering:** Weekly.\n", true);
        let who: Vec<_> = md.turns.iter().map(|t| t.speaker.as_deref()).collect();
        assert_eq!(
            who[1..],
            [
                Some("Me"),
                Some("Head of Engineering"),
                Some("Me"),
                Some("Head of Engineering")
            ]
        );
    }

    #[test]
    fn a_title_used_once_is_text() {
        // A title needs the document's repetition; a plain name beside other
        // labels does not.
        let t = turns("Me: Debt?\nDana: We track it.\nHead of Engineering: me, for now.\n");
        assert_eq!(t.len(), 2, "{t:?}");
        assert!(t[1].1.contains("Head of Engineering: me"));
    }

    #[test]
    fn colon_sentences_inside_answers_stay_text() {
        let t = turns("Me: Debt?\nDana: Two things.\nThe plan: split the monolith.\nMy rule here: no Friday deploys.\nNote: she smiled.\nMe: On call?\nDana: Weekly.\n");
        assert_eq!(
            speakers("Me: a?\nDana: b\nThe plan: c\nThe plan: d\n").len(),
            2
        );
        assert_eq!(t.len(), 4, "{t:?}");
        assert!(t[1].1.contains("The plan: split"));
        assert!(t[1].1.contains("My rule here: no"));
        assert!(t[1].1.contains("Note: she smiled."));
    }

    #[test]
    fn timestamps_before_or_after_the_name() {
        for (text, ms) in [
            (
                "[00:12:03] Dana: We track it.\n[00:12:09] Me: OK.\n",
                723_000,
            ),
            ("00:12:03 Dana: We track it.\n00:12:09 Me: OK.\n", 723_000),
            ("Dana 00:12:03: We track it.\nMe 00:12:09: OK.\n", 723_000),
            (
                "Dana (00:12:03): We track it.\nMe (00:12:09): OK.\n",
                723_000,
            ),
        ] {
            let tr = parse(text);
            assert_eq!(tr.turns.len(), 2, "{text}");
            assert_eq!(tr.turns[0].speaker.as_deref(), Some("Dana"), "{text}");
            assert_eq!(tr.turns[0].text, "We track it.", "{text}");
            assert_eq!(tr.turns[0].origins[0].time, Some(Timestamp(ms)), "{text}");
        }
    }

    #[test]
    fn header_lines_start_turns_with_text_below() {
        // A meeting export: `Full Name  0:12:03` alone, the turn's text below.
        let tr = parse("Sam Lee 0:00:05\nHow do you handle outages?\nMaria Gonzalez 0:00:09\nA weekly rota\nand blameless reviews.\nSam Lee 0:00:20\nThanks.\n");
        let t: Vec<_> = tr
            .turns
            .iter()
            .map(|t| (t.speaker.as_deref(), t.text.as_str()))
            .collect();
        assert_eq!(
            t,
            [
                (Some("Sam Lee"), "How do you handle outages?"),
                (
                    Some("Maria Gonzalez"),
                    "A weekly rota\nand blameless reviews."
                ),
                (Some("Sam Lee"), "Thanks."),
            ]
        );
        assert_eq!(tr.turns[1].origins[0].time, Some(Timestamp(9_000)));
        assert_eq!(tr.turns[1].origins[0].line, 4);
        // One such line beside other labels is a note, not a speaker.
        let t = turns("Me: Debt?\nDana: We track it.\nStandup 9:30\nand a retro.\n");
        assert_eq!(t.len(), 2, "{t:?}");
        assert!(t[1].1.contains("Standup 9:30"));
    }

    #[test]
    fn one_topic_a_line_notes_are_one_turn_a_line() {
        // Regression: with no blank lines or bullets, these were one
        // paragraph, and most questions went unanswered.
        let t = turns("Call with Dana\ntech debt - 20% a sprint, they track it\n  and a debt register\non call: weekly rota, paid\nAI? copilot for everyone\n");
        let texts: Vec<&str> = t.iter().map(|(_, text)| text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Call with Dana",
                "tech debt - 20% a sprint, they track it\nand a debt register",
                "on call: weekly rota, paid",
                "AI? copilot for everyone",
            ]
        );
        // The same in Markdown.
        let md = parse_lines(
            "# Dana\ntech debt - 20% a sprint\non call - weekly rota\n",
            true,
        );
        assert_eq!(md.turns.len(), 3);
        // A speaker-labelled transcript is left to its labels.
        let t = turns("Me: Debt?\nDana: Two things.\nrisk - one db\nscaling - fine\n");
        assert_eq!(t.len(), 2, "{t:?}");
    }

    #[test]
    fn odd_label_and_topic_lines_never_panic() {
        for text in [
            "::::\n**:**\n[00:00:00\nDana (\né:é\n",
            "Dana 99:99:99: x\nDana 99:99:99: y\n( 1:00):\n[]:\n",
            "- : -\n – : ? \n? ?\né – é\né – é\n",
            "Ünïcödé Nämé 0:01\ntext\nÜnïcödé Nämé 0:02\n\n",
            "**[00:00:01] **: x\n**[00:00:01] A:** y\n**[00:00:01] A:** z\n",
        ] {
            for markdown in [false, true] {
                let t = parse_lines(text, markdown);
                for turn in &t.turns {
                    assert_eq!(turn.origins[0].offset, 0, "{text:?}");
                }
            }
        }
    }
}
