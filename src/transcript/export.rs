//! Plain-text exports of recording tools that are not speaker-labelled lines:
//!
//! - Whisper's `.tsv`: a `start<TAB>end<TAB>text` header, then times in
//!   milliseconds;
//! - Zoom's chat export: `HH:MM:SS<TAB>Name:<TAB>message`;
//! - Otter: a `Name  0:03` header line (name, two spaces or more, a time),
//!   then that speaker's text.
//!
//! Each is recognised by its shape; anything else is left to the plain-text
//! reader. (`[SPEAKER_01]: text` lines are speaker labels: plain text.)

use super::clock::parse_clock;
use super::cue::{speaker_prefix, turns, Cue, Cues};
use super::label::shape;
use super::{Timestamp, Transcript};

/// Reads `text` if it has one of the export shapes.
pub fn parse(text: &str) -> Option<Transcript> {
    if let Some(cues) = tsv_cues(text) {
        let spoken: Vec<_> = cues
            .cues
            .iter()
            .map(|c| (speaker_prefix(&c.text), c.line, c.start))
            .collect();
        return Some(Transcript {
            format: None,
            turns: turns(spoken),
            warnings: cues.warnings,
        });
    }
    zoom_chat(text).or_else(|| otter(text))
}

/// Whisper's tab-separated export.
pub fn tsv_cues(text: &str) -> Option<Cues> {
    let mut lines = text.lines().enumerate();
    let (_, header) = lines.next()?;
    if header.trim_start_matches('\u{feff}').trim() != "start\tend\ttext" {
        return None;
    }
    let mut out = Cues::default();
    for (i, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let mut cols = line.splitn(3, '\t');
        let times = (
            cols.next().map(str::parse::<u64>),
            cols.next().map(str::parse::<u64>),
        );
        match (times, cols.next()) {
            ((Some(Ok(s)), Some(Ok(e))), Some(t)) => out.cues.push(Cue {
                id: String::new(),
                start: Timestamp(s),
                end: Timestamp(e),
                text: t.to_string(),
                line: i as u32 + 1,
            }),
            _ => out.warnings.push(format!(
                "line {}: not a start<TAB>end<TAB>text row: skipped",
                i + 1
            )),
        }
    }
    Some(out)
}

fn zoom_chat(text: &str) -> Option<Transcript> {
    let mut spoken = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let mut cols = line.splitn(3, '\t');
        let (Some(time), Some(name), Some(msg)) = (cols.next(), cols.next(), cols.next()) else {
            return None;
        };
        let time = parse_clock(time.trim())?;
        let name = name.trim().strip_suffix(':')?;
        let mut s = speaker_prefix(&format!("{name}: {}", msg.trim()));
        if s.speaker.is_none() {
            s.speaker = Some(name.to_string());
        }
        spoken.push((s, i as u32 + 1, time));
    }
    (!spoken.is_empty()).then(|| Transcript {
        format: None,
        turns: turns(spoken),
        warnings: Vec::new(),
    })
}

/// `Name  0:03` on a line of its own: a name, two spaces or more, a time.
fn otter_header(line: &str) -> Option<(&str, Timestamp)> {
    let line = line.trim_end();
    // Cheap refusals first: this runs on every line of every plain text.
    if line.len() > 80 || !line.ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let (name, time) = line.rsplit_once("  ")?;
    let name = name.trim();
    let time = parse_clock(time.trim())?;
    let words = name.split_whitespace().count();
    let name_ok = (1..=4).contains(&words) && name.chars().next()?.is_alphabetic();
    // Titles as people write them (`Head of Digital & Technology  0:09`).
    (name_ok || shape(name).is_some()).then_some((name, time))
}

fn otter(text: &str) -> Option<Transcript> {
    let lines: Vec<&str> = text.lines().collect();
    let headers = lines.iter().filter(|l| otter_header(l).is_some()).count();
    if headers < 2 {
        return None;
    }
    let mut spoken = Vec::new();
    let mut current: Option<(String, Timestamp, u32, String)> = None;
    for (i, line) in lines.iter().enumerate() {
        if let Some((name, time)) = otter_header(line) {
            if let Some((n, t, l, body)) = current.take() {
                spoken.push((
                    super::cue::Spoken {
                        speaker: Some(n),
                        text: body,
                    },
                    l,
                    t,
                ));
            }
            current = Some((name.to_string(), time, i as u32 + 2, String::new()));
        } else if let Some((_, _, _, body)) = current.as_mut() {
            if !line.trim().is_empty() {
                if !body.is_empty() {
                    body.push('\n');
                }
                body.push_str(line.trim());
            }
        }
    }
    if let Some((n, t, l, body)) = current {
        spoken.push((
            super::cue::Spoken {
                speaker: Some(n),
                text: body,
            },
            l,
            t,
        ));
    }
    Some(Transcript {
        format: None,
        turns: turns(spoken),
        warnings: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whisper_tsv() {
        let t = parse("start\tend\ttext\n0\t2000\tHola.\n2000\t4500\tBon dia.\n").unwrap();
        assert_eq!(t.turns.len(), 1);
        assert_eq!(t.turns[0].origins[1].time, Some(Timestamp(2000)));
    }

    #[test]
    fn zoom_chat_lines() {
        let t = parse("00:21:14\tAndrew Knight:\tHello everyone\n00:22:01\tRingo Starr:\tHi!\n")
            .unwrap();
        assert_eq!(t.turns.len(), 2);
        assert_eq!(t.turns[1].speaker.as_deref(), Some("Ringo Starr"));
        assert_eq!(
            t.turns[1].origins[0].time,
            Some(Timestamp((22 * 60 + 1) * 1000))
        );
    }

    #[test]
    fn otter_headers() {
        let t = parse("Sam Lee  0:03\nSo how do you handle outages?\n\nDana Cruz  0:09\nWe have a weekly rota\nand blameless reviews.\n").unwrap();
        assert_eq!(t.turns.len(), 2);
        assert_eq!(t.turns[1].speaker.as_deref(), Some("Dana Cruz"));
        assert_eq!(
            t.turns[1].text,
            "We have a weekly rota\nand blameless reviews."
        );
        assert_eq!(t.turns[1].origins[0].time, Some(Timestamp(9000)));
    }

    #[test]
    fn otter_headers_with_titles() {
        let t = parse("Sam Lee  0:03\nSo how do you handle outages?\n\nHead of Digital & Technology  0:09\nWe have a weekly rota.\n\nMaria Gonzalez, CTO  0:15\nAnd blameless reviews.\n").unwrap();
        let who: Vec<_> = t.turns.iter().map(|t| t.speaker.as_deref()).collect();
        assert_eq!(
            who,
            [
                Some("Sam Lee"),
                Some("Head of Digital & Technology"),
                Some("Maria Gonzalez, CTO")
            ]
        );
    }

    #[test]
    fn other_text_is_left_alone() {
        assert!(parse("Me: hello\nCTO: hi\n").is_none());
    }
}
