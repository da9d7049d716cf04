//! Which question a turn asks or names: numbers, the pack's cues, question
//! lines and headings in notes, the topic of a paragraph of prose notes.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::{bytes, Regex};

use crate::pack::Pack;
use crate::transcript::{count_words, topic_lead};

/// A pattern over lower-case ASCII words, matched against a text with its
/// ASCII letters lowered (same length, same offsets): on a text's bytes,
/// `\b`, `\s` and `\w` in their ASCII sense. Compiling one takes a
/// fraction of its Unicode twin, and a case-sensitive one half of a
/// case-insensitive one (which spells every word in every case): these are
/// compiled at every start, and look only for English words and
/// punctuation. Only for `is_match` and for match positions next to ASCII,
/// which are char boundaries of the text.
pub(super) struct Lowered(bytes::Regex);

impl Lowered {
    fn new(pattern: &str) -> Lowered {
        Lowered(
            bytes::RegexBuilder::new(pattern)
                .unicode(false)
                .build()
                .expect("a valid regex"),
        )
    }

    pub(super) fn is_match(&self, text: &str) -> bool {
        self.0.is_match(&lowered(text))
    }

    /// Where each match's group `i` starts.
    fn group_starts(&self, text: &str, i: usize) -> Vec<usize> {
        self.0
            .captures_iter(&lowered(text))
            .filter_map(|c| c.get(i))
            .map(|m| m.start())
            .collect()
    }

    /// Where the first match starts.
    fn first_at(&self, text: &str) -> Option<usize> {
        self.0.find(&lowered(text)).map(|m| m.start())
    }
}

/// `text`'s bytes with ASCII letters lowered; borrowed when it has no
/// capital.
fn lowered(text: &str) -> Cow<'_, [u8]> {
    if text.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(text.as_bytes().to_ascii_lowercase())
    } else {
        Cow::Borrowed(text.as_bytes())
    }
}

static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:(?:q|question|qn)\s*#?\s*(\d{1,2})\b|#?(\d{1,2})\s*[.):]\s)")
        .expect("a valid regex")
});

/// An explicit question number at the start of `text`.
pub(super) fn number_in(text: &str) -> Option<u32> {
    let caps = NUMBERED.captures(text)?;
    caps.get(1).or_else(|| caps.get(2))?.as_str().parse().ok()
}

/// The questions a long turn lists, one a line ending in `?` ("A few
/// questions, no rush:\n• tech debt vs features – how do you balance?\n•
/// buy vs build for core stuff?"): what its sender brings up. Lines that
/// do not ask (`1. Tech debt: a fifth of each sprint`) are an answer's
/// points, not questions.
pub(super) fn listed_questions(text: &str, pack: &Pack) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for line in text.lines() {
        if line.trim_end().ends_with('?') {
            if let Some(&q) = asked_questions(line, pack).first() {
                out.push(q);
            }
        }
    }
    out
}

/// The numbered questions of a turn that lists them, one a line ("Sending
/// my questions below:\n1. How do you balance feature work vs tech
/// debt?\n2. Biggest technical risk + plan?"): `(number, question)` for
/// each numbered line whose words cue a question.
pub(super) fn numbered_items(text: &str, pack: &Pack) -> Vec<(u32, usize)> {
    text.lines()
        .filter_map(|line| {
            let n = number_in(line)?;
            let q = *asked_questions(line, pack).first()?;
            Some((n, q))
        })
        .collect()
}

/// The largest number a numbered answer may carry: a list of questions is
/// short, and a bigger number opens with a figure ("25 - that's the team").
const MAX_ITEM: u32 = 20;

/// The numbers of the listed questions an answer opens with, in order:
/// `2 - the big one is`, `3) mostly velocity`, `**4.** this one`, `Re 5:`,
/// `#6: later`, `1 + 8 together because`, `3 and 4: both`. The numbers
/// need a mark after them, or several a word that joins them (`together`,
/// `both`): `3.5 million`, `2 engineers` and `1 and 2 engineers` open with
/// figures.
pub(super) fn answer_numbers(text: &str) -> Vec<u32> {
    let t = text.trim_start().trim_start_matches(['*', '_']);
    let lower = t.get(..3).unwrap_or("").to_ascii_lowercase();
    let t = if lower.starts_with("re:") {
        &t[3..]
    } else if lower.starts_with("re ") {
        &t[2..]
    } else {
        t
    };
    let t = t.trim_start().trim_start_matches(['#', 'Q', 'q']);
    let digits = |s: &str| -> Option<(u32, usize)> {
        let len = s.bytes().take_while(u8::is_ascii_digit).count();
        if !(1..=2).contains(&len) {
            return None;
        }
        let n: u32 = s[..len].parse().ok()?;
        (1..=MAX_ITEM).contains(&n).then_some((n, len))
    };
    let Some((first, len)) = digits(t) else {
        return Vec::new();
    };
    let mut numbers = vec![first];
    let mut rest = &t[len..];
    loop {
        let r = rest.trim_start();
        let after = ["+", "&", ",", "/", "and "]
            .iter()
            .find_map(|j| r.strip_prefix(j))
            .map(str::trim_start);
        match after.and_then(|a| digits(a).map(|d| (a, d))) {
            Some((a, (n, len))) => {
                numbers.push(n);
                rest = &a[len..];
            }
            None => break,
        }
    }
    let rest = rest.trim_start_matches(['*', '_']);
    let mut chars = rest.chars();
    let marked = match chars.next() {
        Some(')' | ':' | '-' | '–' | '—') => true,
        Some('.') => chars
            .as_str()
            .trim_start_matches(['*', '_'])
            .chars()
            .next()
            .is_none_or(char::is_whitespace),
        None => true,
        Some(c) if c.is_whitespace() => {
            let r = rest.trim_start();
            let lower = r.get(..8).unwrap_or(r).to_ascii_lowercase();
            r.starts_with(['-', '–', '—', ':', ')'])
                || (numbers.len() > 1
                    && ["together", "both", "combined", "same"]
                        .iter()
                        .any(|w| lower.starts_with(w)))
        }
        _ => false,
    };
    if marked {
        numbers.dedup();
        numbers
    } else {
        Vec::new()
    }
}

/// A listed question an asking turn comes back to by its number: "Quick
/// follow-up on 3 - is the dashboard used in reviews?", "And on 6, is
/// anything split out first?", "Re 2: who owns it?".
static LIST_REFERENCE: LazyLock<Lowered> = LazyLock::new(|| {
    Lowered::new(
        r"(?:^|\W)(?:follow[- ]?up (?:on|to)|back to|re:?|on|about|regarding)\s+(?:q|#|question\s+|number\s+|your\s+|my\s+)?(\d{1,2})\s*(?:[-:,?)]|\xe2\x80[\x93\x94]|$)",
    )
});

/// The number of a listed question an asking turn refers back to.
pub(super) fn list_reference(text: &str) -> Option<u32> {
    let lowered = lowered(text);
    let caps = LIST_REFERENCE.0.captures(&lowered)?;
    std::str::from_utf8(caps.get(1)?.as_bytes())
        .ok()?
        .parse()
        .ok()
}

/// The questions a turn asks, in the order it asks them: the question each
/// of its asking sentences cues first ("How do you handle tech debt? And
/// who is on call?" asks two), or the question the whole turn cues first.
pub(super) fn asked_questions(text: &str, pack: &Pack) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for piece in text.split_inclusive('?').filter(|p| p.contains('?')) {
        clause_questions(piece, pack, &mut out);
    }
    if out.is_empty() && ASKING_CLAUSE.is_match(text) {
        // Asked without a question mark: "I'd like to ask how you measure
        // success, and what the biggest risk is."
        clause_questions(text, pack, &mut out);
    }
    if out.is_empty() {
        if count_words(text) <= MAX_TOPIC_LIST {
            // A heading or a short line that lists topics: `Tech debt +
            // on-call`, `Risk / scaling`, `Debt, on-call; AI`.
            for part in TOPIC_JOINER.split(text) {
                if let Some(&q) = pack.cue_questions(part).first() {
                    if !out.contains(&q) {
                        out.push(q);
                    }
                }
            }
        } else {
            out.extend(pack.cue_questions(text).first());
        }
    }
    out
}

/// Adds to `out` the question each clause of `piece` cues first: a clause
/// runs from one second question's first word to the next.
fn clause_questions(piece: &str, pack: &Pack, out: &mut Vec<usize>) {
    let mut starts: Vec<usize> = vec![0];
    starts.extend(ASKING_CLAUSE.group_starts(piece, 1));
    starts.push(piece.len());
    for pair in starts.windows(2) {
        let clause = &piece[pair[0]..pair[1]];
        if pair[0] > 0 && REFERS_BACK.is_match(clause) {
            // "..., and is there a roadmap for it?": more of the same
            // question, whatever its words cue.
            continue;
        }
        if let Some(&q) = pack.cue_questions(clause).first() {
            if !out.contains(&q) {
                out.push(q);
            }
        }
    }
}

/// Longer than this, a line that does not ask is prose, not a topic list.
const MAX_TOPIC_LIST: usize = 12;

/// What joins the topics of a heading. Not "and" or "plus": "Learning and
/// growth" is one topic, not learning and the growth of the platform.
static TOPIC_JOINER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*[+&/;,]\s*").expect("a valid regex"));

/// Where one asking sentence starts a second question: "..., and how do
/// you...", "... and what happens...", "..., and, sort of related, what...".
static ASKING_CLAUSE: LazyLock<Lowered> = LazyLock::new(|| {
    Lowered::new(
        r",?\s+(?:and|also|plus)\s*(?:,[^,?]{1,40},)?\s+(?:also\s+)?((?:how|what|who|where|when|why|which|do|does|did|is|are|can|could|would|will)\b)",
    )
});

/// A later clause that ends pointing back at the first one's subject ("is
/// there a roadmap for it?", "how do you deal with that?"): it asks about
/// the same thing. ("What happens to it if volume goes up?" asks anew.)
static REFERS_BACK: LazyLock<Lowered> = LazyLock::new(|| {
    Lowered::new(
        r"\b(?:for|to|with|about|on|against|behind|around|mitigate|mitigating|address|addressing|fix|fixing|tackle|tackling|handle|handling|solve|solving|reduce|reducing|manage|managing)\s+(?:it|that|this|them|those)\W*$",
    )
});

/// Whether an asking turn that names no question of the pack is a new
/// question of its own ("What keeps you up at night?", "It does. So in
/// general you buy where you can?") rather than a follow-up to the last
/// ("Can you give me an example?", "Why?", "How did that go?", "Even for
/// things like email or search?"). Only its
/// last asking sentence is read.
pub(super) fn opens_a_question(text: &str) -> bool {
    let Some(end) = text.rfind('?') else {
        return false;
    };
    let start = text[..end]
        .rfind(['.', '!', '?', '\n'])
        .map_or(0, |i| i + 1);
    let asking = &text[start..=end];
    count_words(asking) >= 4 && !FOLLOW_UP.is_match(asking)
}

/// The words of a follow-up: asking for more of the same answer, or about
/// what it just said.
static FOLLOW_UP: LazyLock<Lowered> = LazyLock::new(|| {
    Lowered::new(
        r"(?x)
        \b(?:example|examples|instance|elaborate|expand|more\s+(?:about|on|detail)|say\s+more
          |tell\s+me\s+more|what\s+do\s+you\s+mean|how\s+so|meaning|concretely|specifically
          |in\s+practice|like\s+what|such\s+as|for\s+how\s+long|how\s+often|how\s+many
          |how\s+much|really)\b
        | ^\W*(?:(?:and|so|but|ok|okay|right|not)\W+){0,2}even\b
        | ^\W*(?:(?:and|so|but|ok|okay|right)\W+)?
          (?:how|what|why|when|did|does|do|is|was|were|has|have|had|can|could|would)\s+
          (?:(?:did|does|do|is|was|has|had|happened|came)\s+(?:of\s+)?)?(?:that|it|this|those|they|them)\b",
    )
});

/// One line that asks: it ends in `?`, or is numbered and either asks or
/// names a question's topic in a few words (`2. biggest technical risk`).
pub(super) fn looks_like_question_line(text: &str, pack: &Pack) -> bool {
    let t = text.trim();
    let joined;
    let t = if !t.contains('\n') {
        t
    } else if t.lines().all(|l| l.trim_start().starts_with('>')) {
        // A question quoted in an email reply, wrapped over lines ("> 2.
        // What's the thing that worries you most technically, and" / "> is
        // there a plan for it?"): one line, as it was written.
        joined = t
            .lines()
            .map(|l| l.trim_start().trim_start_matches(['>', ' ']))
            .collect::<Vec<_>>()
            .join(" ");
        &joined
    } else {
        return false;
    };
    if crate::transcript::notes::is_asked_line(t) {
        // "Asked how they balance new features vs paying down debt.": the
        // note-taker's question, though it does not end in '?'.
        return true;
    }
    if t.ends_with('?') {
        // `AI - no mention of review, so ???`: the note-taker's puzzlement
        // after a topic's answer, not a question put; nor is a story that
        // ends by asking about it.
        let puzzled = t.ends_with("??") && topic_lead(t).is_some();
        return !(puzzled || tells_then_asks(t));
    }
    let Some(number) = NUMBERED.find(t) else {
        return false;
    };
    // A bare topic heads a question; `1. Tech debt: 20% a sprint` is an
    // answer under its topic, scored like any other.
    let topic = &t[number.end()..];
    t.contains('?')
        || count_words(topic) <= 8
            && !topic.ends_with('.')
            && !topic.contains([':', '—', '–'])
            && !topic.contains(" - ")
            && !pack.cue_questions(topic).is_empty()
}

/// A paragraph that tells a story and ends by asking about it: a forum
/// post's "... Is this normal or should I start applying elsewhere?". Its
/// statements are what it says; a question put, even one with a long
/// preamble, tells less before it asks.
fn tells_then_asks(line: &str) -> bool {
    let asking_from = line[..line.len() - 1]
        .rfind(['.', '!', '?'])
        .map_or(0, |i| i + 1);
    let told = &line[..asking_from];
    let sentences = told
        .char_indices()
        .filter(|&(i, c)| {
            let after = &told[i + c.len_utf8()..];
            matches!(c, '.' | '!' | '?')
                && (after.is_empty() || after.starts_with(char::is_whitespace))
        })
        .count();
    sentences >= MIN_TOLD_SENTENCES && count_words(told) >= MIN_TOLD_WORDS
}

/// At least this many sentences and words before the last asking sentence
/// make a line that ends in `?` prose rather than a question put.
const MIN_TOLD_SENTENCES: usize = 3;
const MIN_TOLD_WORDS: usize = 40;

/// A question line or heading that says the question was not asked.
pub(super) static NOT_ASKED: LazyLock<Lowered> = LazyLock::new(|| {
    Lowered::new(&format!(
        r"\b(?:{NOT_PUT_WORDS}|no time (?:for|to)|{CLOSING_WORDS})\b"
    ))
});

/// The asker closing the interview: "I had one more, but I see the time",
/// "I think that's about all the time we have."
const CLOSING_WORDS: &str = "see the time|(?:conscious|mindful) of (?:the )?time|(?:we'?re|we are) (?:at|over) time|let you go|all (?:the )?time we (?:have|had|'?ve got)";

/// The words of [`NOT_ASKED`] that say only that the question was not put:
/// on a topic line of notes, "no time for it" is more often the answer
/// ("learning: no time for it, people learn on their own time").
static NOT_PUT: LazyLock<Lowered> =
    LazyLock::new(|| Lowered::new(&format!(r"\b(?:{NOT_PUT_WORDS})\b")));

const NOT_PUT_WORDS: &str = "ran out of time|out of time|did(?:n'?t| not) (?:get to|get round to|ask|have time|come up)|never (?:got to|asked|came up)|not asked|forgot to ask|skipped|not covered|(?:was|were)(?:n'?t| not) covered|not discussed";

/// A line of notes no longer than this, without a topic, that says a
/// question was not put is about that and nothing else.
const NOT_PUT_NOTE_WORDS: usize = 15;

/// Whether a line of notes says that its question was not put: straight
/// after its topic (`scaling - ran out of time`, `AI: — · not asked`; but
/// `on call - weekly rota, didn't ask about pay` answers), or as all a short
/// line says ("I never asked about learning or training budgets").
pub(super) fn says_not_put(line: &str) -> bool {
    let Some(lead) = topic_lead(line) else {
        return count_words(line) <= NOT_PUT_NOTE_WORDS && NOT_PUT.is_match(line);
    };
    starts_not_put(&line.trim_start()[lead.len()..])
}

/// Whether `text`, after any punctuation, opens saying that its question
/// was not put (`— · didn't ask`).
pub(super) fn starts_not_put(text: &str) -> bool {
    let rest = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    NOT_PUT.first_at(rest) == Some(0)
}

/// A heading over the note-taker's own view ("My take", "Follow-ups"), not
/// over an answer whose question the cues missed.
pub(super) fn is_commentary(heading: &str) -> bool {
    const WORDS: &[&str] = &[
        "take",
        "thoughts",
        "thought",
        "impression",
        "impressions",
        "overall",
        "summary",
        "followups",
        "follow",
        "verdict",
        "concerns",
        "reflection",
        "reflections",
        "gut",
        "conclusion",
        "conclusions",
        "opinion",
        "todo",
        "actions",
        "wrap",
        "debrief",
    ];
    const PHRASES: &[&str] = &[
        "next steps",
        "my read",
        "to do",
        "notes to self",
        "red flags",
        "green flags",
    ];
    let lower = heading.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let joined = words.join(" ");
    words.iter().any(|w| WORDS.contains(w)) || PHRASES.iter().any(|p| joined.contains(p))
}

/// A sentence in notes that reports the asking: "I asked how...", "When we
/// got to AI...", "On build versus buy she...", or a short `Topic:` (or
/// `Topic ->`) label.
static REPORTED_ASK: LazyLock<Lowered> = LazyLock::new(|| {
    Lowered::new(
        r"(?x)
        \b(?:i|we)\s+(?:then\s+|also\s+|next\s+|finally\s+|first\s+)?
            (?:asked|ask|(?:started|began)\s+(?:with|on|by)|opened|moved\s+on|turned|brought\s+up|raised
              |pushed|probed|wanted\s+to\s+know|finished|ended|closed|followed\s+up
              |went\s+on|got\s+to|came\s+to|switched)\b
        | ^\W*(?:then|next|finally|lastly|first|and)?[,\s]*
            (?:on|about|regarding|re|as\s+for|as\s+to|when\s+it\s+came\s+to)\s
        | ^[^.:?!]{1,40}(?::|->|=>|→)\s",
    )
});

/// The question a paragraph of speakerless notes turns to, if its opening
/// sentence names one, and whether it was only guessed from the words.
/// Reported asking always counts; in prose notes (no question lines at all)
/// any opening sentence that cues a question does, as a guess at the
/// question the whole paragraph cues most ([`main_topic`]).
pub(super) fn paragraph_topic(text: &str, pack: &Pack, prose: bool) -> Option<(usize, bool)> {
    // `tech debt - 25% of every sprint`: a topic before a dash or a colon
    // names its question wherever the line is. One that names two
    // (`Metrics and growth - ...`) is a guess at the first: what the line
    // says of the other still counts for it. A lead that only touches a
    // cue is a sentence, read as prose ([`mostly_cue`]).
    if let Some(lead) = topic_lead(text).filter(|lead| mostly_cue(lead, pack)) {
        if let [q, more @ ..] = pack.cue_questions(lead).as_slice() {
            return Some((*q, !more.is_empty()));
        }
    }
    let opening = opening_sentence(text);
    // A run-in heading ("**Biggest risk.** He said...", "Then the biggest
    // technical risk.") is a short opening, after a word of sequence.
    // ("We are experimenting." is a sentence: a pronoun and its verb.)
    // A note in brackets is an aside: "debt / cleanup (the big one for
    // me):" is a heading of two words.
    let bare = without_asides(opening);
    let run_in = count_words(SEQUENCE_WORD.replace(&bare, "").as_ref()) <= 4
        && !SPEAKS_FOR_ITSELF.is_match(opening);
    let reported = REPORTED_ASK.is_match(opening);
    if !(prose || run_in || reported) {
        return None;
    }
    // A topic label names the topic in its own words; what follows is the
    // answer, whose words may cue other questions.
    // A label that names no question ("rule: every PR gets a review") is
    // no topic: the words after it are the answer's, not a new question's.
    // `Asked: new features vs old code?`: the words after the label are
    // the question asked.
    // A label that tells of the asking ("Someone on a panel asked me: "If
    // you could change one thing..."") is no topic either.
    // A sentence that only touches a cue on its way to a colon is no label
    // ("Confession from the product side: for years I assumed tech debt
    // was ..."): a label is mostly the words of its topic, at least a third
    // of them.
    if let Some(label) = TOPIC_LABEL.captures(opening).and_then(|c| c.get(1)) {
        let label = label.as_str();
        if !crate::transcript::label::is_asked_word(label) && !TELLS_OF_ASKING.is_match(label) {
            let cued = pack.cue_questions(label);
            if cued.is_empty() || mostly_cue(label, pack) {
                return cued.first().map(|&q| (q, false));
            }
        }
    }
    let cued = pack.cue_questions(opening);
    let guess = !(run_in || reported);
    if guess && !cued.is_empty() {
        // A guess from the words: the question the whole paragraph speaks
        // to most, not the first its opening happens to touch ("When we
        // started it was two of us, and a lot of my time goes into how to
        // scale the team. The recurring question is when to take on
        // technical debt ...").
        return main_topic(text, pack).map(|q| (q, true));
    }
    cued.first().map(|&q| (q, guess))
}

/// `text` without the notes it holds in brackets, when its brackets pair
/// up and words are left outside them; otherwise as it is ("(Meant to ask
/// the magic-wand question - forgot." is all aside, and a sentence).
fn without_asides(text: &str) -> std::borrow::Cow<'_, str> {
    let mut depth = 0i32;
    for c in text.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return text.into();
        }
    }
    if depth != 0 || !text.contains(['(', '[']) {
        return text.into();
    }
    let bare = crate::transcript::label::strip_brackets(text);
    if count_words(&bare) == 0 {
        return text.into();
    }
    bare.into()
}

/// Whether at least a third of the words of `label` are a cue of one
/// question: a topic named ("tech debt", "Metrics and growth"), not a
/// sentence that touches one on its way to a colon.
fn mostly_cue(label: &str, pack: &Pack) -> bool {
    let cued = pack.cue_scores(label).into_iter().max().unwrap_or(0);
    3 * cued >= count_words(label)
}

/// The question a paragraph of prose turns to after its opening sentence
/// (a guess: the one its later sentences cue most): for the first
/// paragraphs of a passage, before any has named a question, whose opening
/// sentence names none ("Yes, thank you for the question. Uh, regarding the
/// system stability. When an incident happens, ...").
pub(super) fn later_topic(text: &str, pack: &Pack) -> Option<usize> {
    main_topic(&text[opening_sentence(text).len()..], pack)
}

/// The question `text` cues most, its opening sentence counted twice:
/// what a paragraph of prose is about, when nothing labels it.
fn main_topic(text: &str, pack: &Pack) -> Option<usize> {
    let opening = opening_sentence(text);
    let first = pack.cue_scores(opening);
    let rest = pack.cue_scores(&text[opening.len()..]);
    (0..first.len())
        .map(|q| (2 * first[q] + rest[q], q))
        .filter(|&(score, _)| score > 0)
        .max_by_key(|&(score, q)| (score, std::cmp::Reverse(q)))
        .map(|(_, q)| q)
}

/// A label that ends by telling of a question put, the question after it:
/// "Someone on a panel asked me", "A reader wants to know". ("asked if
/// they'd considered Kubernetes" holds its question.)
static TELLS_OF_ASKING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:asked|asks|asking|wants? to know|wanted to know)(?:\s+(?:me|us|him|her|them|you))?$",
    )
    .expect("a valid regex")
});

/// An opening whose subject is a pronoun: a sentence, never a run-in
/// heading, however short.
static SPEAKS_FOR_ITSELF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:we|i|they|he|she|you)(?:['’](?:re|m|ve|d|ll))?\s+\w")
        .expect("a valid regex")
});

/// A word that moves notes on to the next topic: "Then ...", "Next, ...".
static SEQUENCE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:then|next|and|also|finally|lastly|after that|moving on to)\b\W*")
        .expect("a valid regex")
});

/// `Topic: ...`, `Topic -> ...`: a short label before the answer.
static TOPIC_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\W*([^.:?!]{1,40}?)\s*(?::|->|=>|→)\s").expect("a valid regex"));

/// Text up to the first sentence end (not a list number's `1.`), at most
/// 40 words.
pub(crate) fn opening_sentence(text: &str) -> &str {
    let bytes = text.as_bytes();
    let number = NUMBERED.find(text).map_or(0, |m| m.end());
    // One pass that stops at the sentence's end or at its 41st word, so that
    // reading a long paragraph sentence by sentence stays linear.
    let mut words = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        let space = c.is_whitespace();
        if !space && !in_word {
            words += 1;
            if words > 40 {
                return &text[..i];
            }
        }
        in_word = !space;
        if i >= number
            && matches!(c, '.' | '?' | '!')
            && bytes
                .get(i + 1)
                .is_none_or(|next| next.is_ascii_whitespace())
        {
            return &text[..=i];
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_labels_and_text() {
        assert_eq!(number_in("Q3: what happens"), Some(3));
        assert_eq!(number_in("Question 10 - magic wand"), Some(10));
        assert_eq!(number_in("5. On-call"), Some(5));
        assert_eq!(number_in("q7"), Some(7));
        assert_eq!(number_in("20% of time"), None);
        assert_eq!(number_in("Quality matters"), None);
    }

    #[test]
    fn numbers_an_answer_opens_with() {
        assert_eq!(answer_numbers("2 - the big one is inventory sync"), [2]);
        assert_eq!(answer_numbers("3) mostly velocity"), [3]);
        assert_eq!(answer_numbers("**4.** this one I'm proud of"), [4]);
        assert_eq!(answer_numbers("Re 5: later"), [5]);
        assert_eq!(answer_numbers("#6: let's do that live"), [6]);
        assert_eq!(answer_numbers("Q7 – we use Copilot"), [7]);
        assert_eq!(answer_numbers("1 + 8 together because"), [1, 8]);
        assert_eq!(answer_numbers("3 and 4: both the same answer"), [3, 4]);
        // Figures, not numbers of questions.
        for text in [
            "3.5 million requests a day",
            "2 engineers carry the pager",
            "10x? we'll cross that bridge",
            "25 - that's the whole team",
            "2024 was rough",
            "Honestly, 2 - maybe 3",
            "1 and 2 engineers",
        ] {
            assert!(answer_numbers(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn asking_turns_refer_back_to_a_listed_number() {
        assert_eq!(
            list_reference("Quick follow-up on 3 - is it used in reviews?"),
            Some(3)
        );
        assert_eq!(
            list_reference("Got it. And on 6, is anything split out first?"),
            Some(6)
        );
        assert_eq!(list_reference("Re 2: who owns it?"), Some(2));
        assert_eq!(
            list_reference("Follow-up on 6 — when you add capacity?"),
            Some(6)
        );
        assert_eq!(list_reference("Do you plan on 3 regions?"), None);
        assert_eq!(list_reference("Is that up to 3 engineers?"), None);
    }

    #[test]
    fn a_pronoun_subject_makes_a_sentence() {
        for sentence in [
            "We are experimenting.",
            "I’m not sure.",
            "They'd never.",
            "you know",
        ] {
            assert!(SPEAKS_FOR_ITSELF.is_match(sentence), "{sentence}");
        }
        for heading in [
            "Biggest risk.",
            "Then the 3 AM outage.",
            "Weekly metrics.",
            "Items.",
        ] {
            assert!(!SPEAKS_FOR_ITSELF.is_match(heading), "{heading}");
        }
    }

    #[test]
    fn a_story_that_ends_asking_is_told_first() {
        let post = "Need advice. Our director says there is no tech debt, only engineers who want \
                    new toys. Our reporting module breaks every month and every retro we raise it. \
                    He nods, and the next sprint is all new features again because sales promised \
                    them. Is this normal?";
        assert!(tells_then_asks(post));
        assert!(!tells_then_asks(
            "I read your post. It sounded hard. How do you handle debt?"
        ));
    }

    #[test]
    fn a_paragraph_of_prose_is_about_what_it_speaks_to_most() {
        let pack = crate::pack::builtin();
        let id = |q: Option<(usize, bool)>| {
            q.map(|(q, guessed)| (pack.questions[q].id.as_str(), guessed))
        };
        // The opening touches scaling in passing; the paragraph is about debt.
        let debt = "When we started it was two of us, and now a lot of my time goes into \
                    figuring out how to scale the team. The recurring question is when to take on \
                    technical debt and when to pay it down. Go too fast and the duct-tape fixes \
                    pile up as debt that bites us later.";
        assert_eq!(
            id(paragraph_topic(debt, &pack, true)),
            Some(("tech-debt", true))
        );
        // Outside prose notes a guess is not made at all.
        assert_eq!(paragraph_topic(debt, &pack, false), None);
        // "We started with ..." is still the note-taker's asking.
        let asked = "We started with on-call. They run a weekly rota.";
        assert_eq!(
            id(paragraph_topic(asked, &pack, false)),
            Some(("incident-response", false))
        );
        // An opening that cues nothing: the question the rest cues most.
        let later = "Thanks, good question. Product and engineering plan the roadmap together \
                     every quarter. Sales sees the roadmap before it is promised to anyone.";
        assert_eq!(
            later_topic(later, &pack).map(|q| pack.questions[q].id.as_str()),
            Some("cross-functional")
        );
    }

    #[test]
    fn a_label_is_mostly_the_words_of_its_topic() {
        let pack = crate::pack::builtin();
        let id = |q: Option<(usize, bool)>| q.map(|(q, _)| pack.questions[q].id.as_str());
        // A sentence that touches "product" on its way to a colon is prose:
        // the paragraph is about debt.
        let confession = "Confession from the product side: for years I assumed \"tech debt\" \
                          was engineers being fussy about elegance. Now I co-own the tech debt \
                          backlog.";
        assert_eq!(
            id(paragraph_topic(confession, &pack, true)),
            Some("tech-debt")
        );
        // Labels and leads made of their topic's words still name it.
        for (text, want) in [
            ("Tech debt: they keep a fifth of each sprint.", "tech-debt"),
            ("Biggest risk: the billing monolith.", "technical-risk"),
            ("on call - weekly rota, paid", "incident-response"),
        ] {
            assert_eq!(id(paragraph_topic(text, &pack, true)), Some(want), "{text}");
        }
        assert!(mostly_cue("Metrics and growth", &pack));
        assert!(!mostly_cue("Confession from the product side", &pack));
    }

    #[test]
    fn the_patterns_compile() {
        for pattern in [
            &NUMBERED,
            &TOPIC_JOINER,
            &TOPIC_LABEL,
            &SEQUENCE_WORD,
            &TELLS_OF_ASKING,
            &SPEAKS_FOR_ITSELF,
        ] {
            LazyLock::force(pattern);
        }
        for pattern in [
            &ASKING_CLAUSE,
            &REFERS_BACK,
            &FOLLOW_UP,
            &NOT_ASKED,
            &NOT_PUT,
            &REPORTED_ASK,
        ] {
            LazyLock::force(pattern);
        }
    }

    #[test]
    fn a_new_question_is_told_from_a_follow_up() {
        assert!(opens_a_question("What keeps you up at night?"));
        assert!(opens_a_question(
            "OK, and how do new people get up to speed?"
        ));
        assert!(!opens_a_question("Can you give me an example?"));
        assert!(!opens_a_question("Why?"));
        assert!(!opens_a_question("How did that go in practice?"));
        assert!(!opens_a_question("Thanks, that is really helpful."));
        assert!(!opens_a_question("Even for things like email or search?"));
        assert!(!opens_a_question("And not even for the payroll system?"));
        assert!(!opens_a_question("Right. And did that work for the team?"));
        assert!(opens_a_question(
            "It does, actually. So in general you buy where you can?"
        ));
    }

    #[test]
    fn one_turn_may_ask_several_questions() {
        let pack = crate::pack::builtin();
        let id = |q: usize| pack.questions[q].id.as_str();
        let ids = |text: &str| -> Vec<&str> {
            asked_questions(text, &pack).into_iter().map(id).collect()
        };
        assert_eq!(
            ids("How do you handle tech debt? And what happens when production goes down at 3 AM?"),
            ["tech-debt", "incident-response"]
        );
        assert_eq!(
            ids("How do you handle tech debt, and what happens when production goes down at 3 AM?"),
            ["tech-debt", "incident-response"]
        );
        assert_eq!(ids("How do you handle tech debt?"), ["tech-debt"]);
        // A clause that ends pointing back asks more of the same; one that
        // only mentions "it" on the way asks anew.
        assert_eq!(
            ids(
                "What's the biggest technical risk to the platform, and is there a roadmap for it?"
            ),
            ["technical-risk"]
        );
        assert_eq!(
            ids(
                "What worries you most about the platform technically, and what happens to it \
                 if your volume goes up ten times?"
            ),
            ["technical-risk", "scaling"]
        );
    }

    #[test]
    fn commentary_headings_are_whole_words() {
        assert!(is_commentary("My take"));
        assert!(is_commentary("Follow-ups"));
        assert!(is_commentary("Red flags 🚩"));
        assert!(!is_commentary("Intake and triage"));
        assert!(!is_commentary("Feature flags"));
        assert!(!is_commentary("Transaction volumes"));
    }
}
