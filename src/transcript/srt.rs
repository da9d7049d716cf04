//! SRT (SubRip), as real tools write it.
//!
//! Blocks are separated by blank lines. A block whose first or second line is
//! a timing line (`00:00:01,000 --> 00:00:04,000`, anything after the end
//! time ignored) starts a cue; the line before it, if any, is the index
//! (missing or wrong numbers are tolerated). A block without a timing that
//! starts with a number is a broken cue: skipped, with a warning naming its
//! line. Any other block without a timing continues the cue before it (a
//! blank line inside cue text). `.` before the milliseconds and short
//! milliseconds are read too, with a warning. Speakers come from `Name:`
//! prefixes; tags (`<i>`, `<font>`, `{\an8}`) are stripped.

use super::cue::{speaker_prefix, turns, Cue, Cues};
use super::vtt::{cue_text, loose_timestamp};
use super::{ParseError, Timestamp, Transcript};

/// Reads the cues of an SRT file.
pub fn parse_cues(text: &str) -> Result<Cues, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Cues::for_text(text);
    let mut loose = false;
    let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    let mut i = 0;
    let mut open = false;
    while i < lines.len() {
        if lines[i].trim().is_empty() {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && !lines[i].trim().is_empty() {
            i += 1;
        }
        let block = &lines[start..i];
        let timing_at = block.iter().take(2).position(|l| l.contains("-->"));
        match timing_at {
            // A line before the timing must be the index, a number.
            Some(1) if !block[0].trim().bytes().all(|b| b.is_ascii_digit()) => {
                out.warnings.push(format!(
                    "line {}: {:?} is not a cue number: cue skipped",
                    start + 1,
                    block[0].trim()
                ));
                open = false;
            }
            Some(t) => match parse_timing(block[t], &mut loose) {
                Some(_) if block.len() == t + 1 => {
                    out.warnings
                        .push(format!("line {}: cue has no text: skipped", start + t + 1));
                    open = false;
                }
                Some((s, e)) => {
                    out.cues.push(Cue {
                        id: if t == 1 {
                            block[0].trim().to_string()
                        } else {
                            String::new()
                        },
                        start: s,
                        end: e,
                        text: block[t + 1..].join("\n"),
                        line: (start + t) as u32 + 1,
                    });
                    open = true;
                }
                None => {
                    out.warnings.push(format!(
                        "line {}: bad cue timing {:?}: cue skipped",
                        start + t + 1,
                        block[t].trim()
                    ));
                    open = false;
                }
            },
            None if block[0].trim().bytes().all(|b| b.is_ascii_digit()) || !open => {
                out.warnings.push(format!(
                    "line {}: a cue with no timing was skipped",
                    start + 1
                ));
                open = false;
            }
            None => {
                let last = out.cues.last_mut().expect("a cue is open");
                last.text.push_str("\n\n");
                last.text.push_str(&block.join("\n"));
            }
        }
    }
    if out.cues.is_empty() && !text.trim().is_empty() {
        return Err(ParseError {
            line: 1,
            message: "not an SRT file: no cue has a timing line".into(),
        });
    }
    if loose {
        out.warnings.push(
            "non-standard SRT timestamps (a '.' or short milliseconds) read leniently".into(),
        );
    }
    Ok(out)
}

fn parse_timing(line: &str, loose: &mut bool) -> Option<(Timestamp, Timestamp)> {
    let (left, right) = line.split_once("-->")?;
    let start = left.trim();
    let end = right.split_whitespace().next()?;
    let strict = |s: &str| {
        let b = s.as_bytes();
        b.len() == 12 && b[2] == b':' && b[5] == b':' && b[8] == b','
    };
    if !(strict(start) && strict(end)) {
        *loose = true;
    }
    Some((loose_timestamp(start)?, loose_timestamp(end)?))
}

/// `{\an8}`-style override tags.
fn strip_braces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0;
    for c in s.chars() {
        match c {
            '{' if s.contains("{\\") => depth += 1,
            '}' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Reads an SRT file into turns.
pub fn parse(text: &str) -> Result<Transcript, ParseError> {
    let cues = parse_cues(text)?;
    // Each cue's text goes as soon as its words are taken.
    let spoken: Vec<_> = cues
        .cues
        .into_iter()
        .map(|c| {
            let (_, plain) = cue_text(&strip_braces(&c.text));
            (speaker_prefix(&plain), c.line + 1, c.start)
        })
        .collect();
    Ok(Transcript {
        format: None,
        turns: turns(spoken),
        warnings: cues.warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_indices_and_blank_lines_inside_text() {
        let text = "1\n00:00:01,000 --> 00:00:02,500\nSpeaker 1: How do you\n\nhandle debt?\n\n7\n00:00:03,000 --> 00:00:04,000 X1:10\nSpeaker 2: We track it.\n";
        let c = parse_cues(text).unwrap();
        assert_eq!(c.cues.len(), 2);
        assert_eq!(c.cues[0].text, "Speaker 1: How do you\n\nhandle debt?");
        assert_eq!(c.cues[1].id, "7");
        assert_eq!(c.cues[1].start, Timestamp(3000));
        assert!(c.warnings.is_empty());
        let t = parse(text).unwrap();
        assert_eq!(t.turns[1].speaker.as_deref(), Some("Speaker 2"));
    }

    #[test]
    fn broken_cues_are_skipped_with_a_warning() {
        let text = "1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\nno timing here\n\n3\n00:00:03.5 --> 00:00:04.000\nloose\n";
        let c = parse_cues(text).unwrap();
        assert_eq!(c.cues.len(), 2);
        assert!(c.warnings[0].starts_with("line 5:"), "{:?}", c.warnings);
        assert_eq!(c.cues[1].start, Timestamp(3500));
        assert_eq!(c.warnings.len(), 2, "and one for the loose timestamp");
    }
}
