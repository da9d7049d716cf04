//! The shape of typed notes, apart from speaker labels: bullets and quote
//! markers, numbered items, the note-taker's bracketed remarks, and notes
//! typed one topic a line (`tech debt - 20% a sprint`, `on call: weekly rota`).

use super::head;

/// Removes quote and bullet markers; says whether the line was a bullet.
pub(super) fn strip_block_markers(line: &str) -> (&str, bool) {
    let mut t = line.trim_start();
    while let Some(rest) = t.strip_prefix('>') {
        t = rest.trim_start();
    }
    for marker in ["- [ ] ", "- [x] "].iter().chain(BULLETS) {
        if let Some(rest) = t.strip_prefix(marker) {
            return (rest.trim_start(), true);
        }
    }
    if let Some(rest) = list_number(t) {
        // `2. biggest technical risk`: a short numbered line is a
        // question's heading in notes, and keeps its number.
        let heading = rest.split_whitespace().count() <= 8 && !rest.ends_with(['.', '!', '"', '”']);
        return (if heading { t } else { rest.trim_start() }, true);
    }
    (t, false)
}

/// The markers that start a bullet.
pub(super) const BULLETS: &[&str] = &[
    "- ", "* ", "+ ", "• ", "~ ", "– ", "— ", "· ", "◦ ", "▪ ", "‣ ",
];

/// The inside of a line wholly in square brackets, if it is a remark of a
/// few words (`[good - sounded real]`), not a sound (`[laughs]`).
pub(super) fn whole_line_remark(line: &str) -> Option<&str> {
    let inner = line.trim().strip_prefix('[')?.strip_suffix(']')?;
    (!inner.contains([']', '[']) && inner.split_whitespace().count() >= 3).then_some(inner)
}

/// The title inside a line set off by the same run of marks on both sides
/// (`== Tech debt ==`, `*** On-call ***`, `-- Scaling --`): a heading in
/// wiki-style or typed notes.
pub(super) fn decorated_heading(line: &str) -> Option<&str> {
    let t = line.trim();
    let mark = t
        .chars()
        .next()
        .filter(|c| matches!(c, '=' | '*' | '-' | '~' | '#'))?;
    let lead = t.chars().take_while(|&c| c == mark).count();
    let trail = t.chars().rev().take_while(|&c| c == mark).count();
    if lead < 2 || trail < 2 || lead + trail >= t.len() {
        return None;
    }
    let inner = t[lead..t.len() - trail].trim();
    (!inner.is_empty() && inner.starts_with(|c: char| c.is_alphanumeric())).then_some(inner)
}

/// What follows a list number (`2. `, `2) `) at the start of `line`.
pub(super) fn list_number(line: &str) -> Option<&str> {
    let t = line.trim();
    let digits = t.bytes().take_while(|b| b.is_ascii_digit()).count();
    if !(1..=3).contains(&digits) {
        return None;
    }
    let rest = &t[digits..];
    rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") "))
}

/// A short line that names a topic over bullets in notes (`tech debt?`,
/// `incident resp`, `AI/ML in dev ->`): a few words, no sentence, and no
/// answer after a topic (`TD - 20%`).
pub(super) fn is_topic_heading(line: &str) -> bool {
    let t = line.trim().trim_end_matches([
        '?', ':', '-', '>', '=', '\u{2192}', '\u{2014}', '\u{2013}', ' ',
    ]);
    is_short_topic(t) && topic_lead(t).is_none()
}

/// Whether `line` is a bullet (`- `, `* `, `+ `, `• `).
pub(super) fn is_bullet(line: &str) -> bool {
    let t = line.trim_start();
    BULLETS.iter().any(|m| t.starts_with(m))
}

/// A short numbered line that is not a sentence or a `topic: answer` line:
/// a topic over bullets.
pub(super) fn is_numbered_heading(line: &str) -> bool {
    let Some(rest) = list_number(line) else {
        return false;
    };
    rest.split_whitespace().count() <= 14 && !rest.ends_with(['.', '!']) && !rest.contains(": ")
}

/// Which lines of notes without speaker labels start a topic of their own:
/// a line led by a short topic (`tech debt - 20% a sprint, they track it`,
/// `on call: weekly rota`, `AI? copilot for everyone`) in a paragraph typed
/// one topic a line. A paragraph is typed so when at least two of its lines,
/// two of them next to each other, and at least half of all its lines have
/// that shape; a prose paragraph with a colon in one line is left whole.
pub(super) fn topic_lines(lines: &[&str]) -> Vec<bool> {
    let shaped: Vec<bool> = lines
        .iter()
        .map(|l| topic_lead(strip_block_markers(l).0).is_some())
        .collect();
    let mut starts = vec![false; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim().is_empty() {
            i += 1;
            continue;
        }
        let end = (i..lines.len())
            .find(|&j| lines[j].trim().is_empty())
            .unwrap_or(lines.len());
        let para = &shaped[i..end];
        let count = para.iter().filter(|&&s| s).count();
        let adjacent = para.windows(2).any(|w| w[0] && w[1]);
        if count >= 2 && adjacent && count * 2 >= para.len() {
            starts[i..end].copy_from_slice(para);
        }
        i = end;
    }
    starts
}

/// The topic leading `line` (`tech debt` in `tech debt - 20% a sprint`):
/// one to five words before ` - `, ` – `, ` — `, `: `, `? ` or an arrow
/// (` -> `, ` => `, ` → `, ` <- `), with text
/// after it, not a clause (`we said - ...`) or a sentence's middle.
pub(crate) fn topic_lead(line: &str) -> Option<&str> {
    let t = line.trim();
    // A lead is at most 40 bytes, so its separator ends within 64.
    let cut = head(t, 64).len();
    let at = [
        " - ", " – ", " — ", ": ", "? ", " -> ", " => ", " → ", " <- ",
    ]
    .iter()
    .filter_map(|sep| t[..cut].find(sep).map(|at| (at, sep.len())))
    .min()?;
    let (lead, rest) = (t[..at.0].trim(), t[at.0 + at.1..].trim());
    if rest.is_empty() {
        return None;
    }
    is_short_topic(lead).then_some(lead)
}

/// Whether `t` can name a topic: one to five words in at most 40 bytes,
/// with no punctuation of a sentence, not opening a clause (`we said`).
fn is_short_topic(t: &str) -> bool {
    let mut words = t.split_whitespace();
    let Some(first) = words.next() else {
        return false;
    };
    t.len() <= 40
        && words.count() < 5
        && t.starts_with(char::is_alphanumeric)
        && !t.contains(['.', ',', ';', '!', '?', '(', ')', '"', '“', '”'])
        && !CLAUSE_STARTS.contains(&first.to_lowercase().as_str())
}

/// First words of a clause or a sentence's middle, never of a topic.
const CLAUSE_STARTS: &[&str] = &[
    "i", "we", "he", "she", "they", "it", "you", "and", "but", "or", "so", "of", "to", "by",
    "with", "from", "which", "that", "because", "as", "if", "when", "then", "also",
];

/// The note-taker telling what they asked, at the start of a line of
/// notes: "Asked how they balance ...", "Pushed: is there a fixed share?",
/// "I asked", "Probed", "Followed up", "Follow-up:" (not "We asked the team
/// to ...", more often a leader's words than a note-taker's): where the
/// opening starts and ends.
fn asked_opening(line: &str) -> Option<(usize, usize)> {
    const OPENINGS: &[&str] = &[
        "i asked",
        "asked",
        "pushed",
        "probed",
        "pressed",
        "followed up",
        "follow-up",
        "follow up",
    ];
    let mut t = line.trim_start();
    // In plain text a bullet's marker is still there (`- asked how -> ...`).
    if let Some(rest) = BULLETS.iter().find_map(|b| t.strip_prefix(b)) {
        t = rest.trim_start();
    }
    let lower = head(t, 12).to_ascii_lowercase();
    let word = OPENINGS.iter().find(|w| {
        lower.starts_with(**w)
            && !t[w.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '-')
    })?;
    let start = line.len() - t.len();
    Some((start, start + word.len()))
}

/// The arrows notes put between a question and its answer.
const ARROWS: &[&str] = &["\u{2192}", "->", "=>", "\u{21d2}"];

/// A line of notes that tells the question put and then the answer after
/// an arrow ("Pushed: is there a fixed share / backlog? → "It varies
/// between the teams.""): the question, to be an aside of the note-taker's
/// (their words are no evidence, and a follow-up moves no topic), and the
/// answer.
pub(super) fn asked_then_answer(line: &str) -> Option<(&str, &str)> {
    let (start, after) = asked_opening(line)?;
    let (at, arrow) = ARROWS
        .iter()
        .filter_map(|a| line[after..].find(a).map(|i| (after + i, a.len())))
        .min()?;
    let (ask, answer) = (line[start..at].trim_end(), line[at + arrow..].trim_start());
    // A yes or a no takes the question's words for its own ("Asked if
    // there's a rota → yes, weekly"): the line is left whole.
    let first = answer
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let yes_or_no = matches!(
        first.as_str(),
        "yes"
            | "yep"
            | "yeah"
            | "yup"
            | "sure"
            | "absolutely"
            | "definitely"
            | "correct"
            | "no"
            | "nope"
            | "nah"
            | "never"
            | "not"
    );
    (!answer.is_empty() && !yes_or_no).then_some((ask, answer))
}

/// Whether the question put is told as a follow-up ("Pushed: ...",
/// "Probed", "Followed up"), more of the question before it.
pub(super) fn is_follow_up(line: &str) -> bool {
    asked_opening(line).is_some_and(|(start, end)| {
        let word = line[start..end].to_ascii_lowercase();
        !matches!(word.as_str(), "asked" | "i asked")
    })
}

/// A line of notes that tells only the question put, no answer: "Asked how
/// they balance new features vs paying down debt." (Not "Asked about AI,
/// she said ...", which reports the answer too.)
pub(crate) fn is_asked_line(line: &str) -> bool {
    let t = line.trim_end_matches(['.', '?', ' ']);
    asked_opening(t).is_some()
        && !ARROWS.iter().any(|a| t.contains(a))
        && !t.contains([',', '"', '\u{201c}', '\u{201d}', ';', ':'])
        && ![". ", "? ", "! ", " said ", " says ", " — ", " - "]
            .iter()
            .any(|p| t.contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topic_leads() {
        assert_eq!(topic_lead("tech debt - 20% a sprint"), Some("tech debt"));
        assert_eq!(topic_lead("on call: weekly rota, paid"), Some("on call"));
        assert_eq!(topic_lead("AI? copilot for everyone"), Some("AI"));
        assert_eq!(
            topic_lead("build vs buy – buy the boring stuff"),
            Some("build vs buy")
        );
        // A clause, a long lead, a question alone, nothing after.
        assert_eq!(topic_lead("we said - no heroics"), None);
        assert_eq!(topic_lead("the way they run the whole team - badly"), None);
        assert_eq!(topic_lead("How do you handle tech debt?"), None);
        assert_eq!(topic_lead("on call:"), None);
        assert_eq!(topic_lead("Overall, fine: nothing"), None);
        assert_eq!(topic_lead("ünïcödé tøpîc – ok"), Some("ünïcödé tøpîc"));
        // Arrows, as hurried notes write them.
        assert_eq!(topic_lead("TD -> debt sprint q'ly"), Some("TD"));
        assert_eq!(topic_lead("biggest risk => one db"), Some("biggest risk"));
        assert_eq!(topic_lead("magic wand <- asked twice"), Some("magic wand"));
        assert_eq!(topic_lead(&"é".repeat(100)), None);
    }

    #[test]
    fn decorated_headings() {
        assert_eq!(
            decorated_heading("== Tech debt vs features =="),
            Some("Tech debt vs features")
        );
        assert_eq!(decorated_heading("  *** On-call ***"), Some("On-call"));
        assert_eq!(
            decorated_heading("-- Scaling / 10x --"),
            Some("Scaling / 10x")
        );
        assert_eq!(decorated_heading("=== AI ==="), Some("AI"));
        // Rules, one-sided marks, marks around nothing, a sentence's dashes.
        for line in [
            "=====",
            "----",
            "== Tech debt",
            "== ==",
            "-- ",
            "-- (aside) --",
            "a -- b --",
        ] {
            assert_eq!(decorated_heading(line), None, "{line}");
        }
    }

    #[test]
    fn topic_headings_over_bullets() {
        for line in [
            "tech debt?",
            "incident resp",
            "AI/ML in dev ->",
            "x-func",
            "build v buy:",
        ] {
            assert!(is_topic_heading(line), "{line}");
        }
        for line in [
            "We talked for an hour.",
            "he said they track it, mostly",
            "we never got to the rest of it at all really",
            "- a bullet",
            "?",
            "TD - 20% a sprint",
        ] {
            assert!(!is_topic_heading(line), "{line}");
        }
    }

    #[test]
    fn a_question_put_then_its_answer() {
        assert_eq!(
            asked_then_answer("Pushed: is there a fixed share? → \"It varies.\""),
            Some(("Pushed: is there a fixed share?", "\"It varies.\""))
        );
        assert_eq!(
            asked_then_answer("- asked how -> it comes up in retros"),
            Some(("asked how", "it comes up in retros"))
        );
        assert_eq!(
            asked_then_answer("I asked about metrics => \"that's product's\""),
            Some(("I asked about metrics", "\"that's product's\""))
        );
        for line in [
            // a yes or a no keeps the question's words
            "Asked if there's a rota → yes, weekly",
            "asked about Kubernetes -> no, never",
            // no arrow, or no asking
            "Asked about AI, she said they use Copilot",
            "TD -> 20% of every sprint",
            "Askew numbers -> none",
            "Asked about AI ->",
        ] {
            assert_eq!(asked_then_answer(line), None, "{line}");
        }
    }

    #[test]
    fn follow_ups() {
        for line in [
            "Pushed: any numbers?",
            "- probed",
            "Followed up on it",
            "Follow-up: why",
        ] {
            assert!(is_follow_up(line), "{line}");
        }
        for line in ["Asked about AI", "I asked how", "Pushing on"] {
            assert!(!is_follow_up(line), "{line}");
        }
    }

    #[test]
    fn a_line_that_tells_only_the_question() {
        for line in [
            "Asked how they balance new features vs paying down debt.",
            "I asked biggest tech risk + roadmap",
            "Follow-up on the 3 AM question",
            "- probed on scaling",
        ] {
            assert!(is_asked_line(line), "{line}");
        }
        for line in [
            "Asked about AI, she said they use Copilot.",
            "Asked about on-call. Weekly rota, paid.",
            "Asked about debt - 20% a sprint",
            "Asked: \"do you measure it?\" Nope.",
            "Askance looks all round",
            "We asked the team to write it up",
        ] {
            assert!(!is_asked_line(line), "{line}");
        }
    }

    #[test]
    fn bullets_as_people_type_them() {
        for line in [
            "- debt: 20%",
            "* debt: 20%",
            "+ debt: 20%",
            "• debt: 20%",
            "~ debt: 20%",
            "– debt: 20%",
            "— debt: 20%",
            "· debt: 20%",
            "◦ debt: 20%",
            "▪ debt: 20%",
            "‣ debt: 20%",
        ] {
            assert_eq!(strip_block_markers(line), ("debt: 20%", true), "{line}");
        }
        assert_eq!(
            strip_block_markers("~20% a sprint"),
            ("~20% a sprint", false)
        );
    }

    #[test]
    fn a_paragraph_typed_one_topic_a_line() {
        let lines = [
            "Call with Dana",
            "tech debt - 20% a sprint, they track it",
            "on call - weekly rota, paid",
            "AI? copilot for everyone",
        ];
        assert_eq!(topic_lines(&lines), [false, true, true, true]);
    }

    #[test]
    fn prose_with_one_colon_is_left_whole() {
        let lines = [
            "She was clear about debt and said the rule is simple:",
            "the plan: split the monolith over the next year",
            "and keep shipping while they do it, which",
            "sounded realistic to me.",
        ];
        assert_eq!(topic_lines(&lines), [false; 4]);
        // Two shaped lines, but not next to each other, in prose.
        let lines = [
            "risk: one db",
            "and more prose here",
            "scaling: fine",
            "more prose",
        ];
        assert_eq!(topic_lines(&lines), [false; 4]);
    }
}
