//! WebVTT, as web-platform-tests check it, and as Zoom and Teams write it.
//!
//! The file must start with the `WEBVTT` signature (after an optional BOM),
//! followed by nothing, a space or a tab. Blocks are separated by blank lines;
//! NOTE, STYLE and REGION blocks are skipped. A cue is an optional identifier
//! line, a timing line (`start --> end settings`), and text up to the next
//! blank line or line containing `-->`. Timestamps follow the spec's
//! algorithm; a file whose first timing line needs looser forms (Teams writes
//! `0:0:0.570`) is read leniently throughout, with a warning. Cue text has its
//! tags stripped and entities decoded; the speaker comes from a `<v Name>`
//! span (closed or not) or a `Name:` prefix.

use super::cue::{speaker_prefix, turns, Cue, Cues, Spoken};
use super::{ParseError, Timestamp, Transcript};

/// Reads the cues of a WebVTT file.
pub fn parse_cues(text: &str) -> Result<Cues, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split('\n').enumerate().peekable();
    let first = lines.next().map_or("", |(_, l)| l);
    let sig_ok = first
        .strip_prefix("WEBVTT")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(' ') || rest.starts_with('\t'));
    if !sig_ok {
        return Err(ParseError {
            line: 1,
            message: "not a WebVTT file: it does not start with the WEBVTT signature".into(),
        });
    }
    let mut out = Cues::for_text(text);
    // The header runs to the first blank line (or a line with "-->").
    while let Some((_, l)) = lines.peek() {
        if l.is_empty() || l.contains("-->") {
            break;
        }
        lines.next();
    }
    let mut lenient: Option<bool> = None;
    let mut block: Vec<(usize, &str)> = Vec::new();
    let flush = |block: &mut Vec<(usize, &str)>, out: &mut Cues, lenient: &mut Option<bool>| {
        read_block(block, out, lenient);
        block.clear();
    };
    for (i, line) in lines {
        if line.is_empty() {
            flush(&mut block, &mut out, &mut lenient);
            continue;
        }
        // A line with "-->" after cue text starts a new block.
        if line.contains("-->") && block.iter().any(|(_, l)| l.contains("-->")) {
            flush(&mut block, &mut out, &mut lenient);
            out.warnings.push(format!(
                "line {}: a cue starts without a blank line before it",
                i + 1
            ));
        }
        block.push((i, line));
    }
    flush(&mut block, &mut out, &mut lenient);
    if lenient == Some(true) {
        out.warnings.push(
            "loose timestamps (like Teams' 0:0:0.570) read leniently; strict WebVTT needs 00:00:00.570"
                .to_string(),
        );
    }
    Ok(out)
}

fn read_block(block: &[(usize, &str)], out: &mut Cues, lenient: &mut Option<bool>) {
    let Some(&(first_i, first)) = block.first() else {
        return;
    };
    let is_keyword = |kw: &str| {
        first
            .strip_prefix(kw)
            .is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t']))
    };
    if is_keyword("NOTE") || is_keyword("STYLE") || is_keyword("REGION") {
        return;
    }
    let timing_at = block.iter().position(|(_, l)| l.contains("-->"));
    let Some(t) = timing_at.filter(|&t| t <= 1) else {
        out.warnings.push(format!(
            "line {}: a block with no cue timing was skipped",
            first_i + 1
        ));
        return;
    };
    let (line_i, timing) = block[t];
    let id = if t == 1 {
        first.to_string()
    } else {
        String::new()
    };
    match parse_timing(timing, lenient) {
        Some((start, end)) => {
            let text: Vec<&str> = block[t + 1..].iter().map(|(_, l)| *l).collect();
            if text
                .iter()
                .any(|l| l.split("<v").skip(1).any(|rest| !rest.contains('>')))
            {
                out.warnings.push(format!(
                    "line {}: a <v> tag is not closed with '>': the rest of its line is taken as the speaker's name",
                    line_i + 2
                ));
            }
            out.cues.push(Cue {
                id,
                start,
                end,
                text: text.join("\n"),
                line: line_i as u32 + 1,
            });
        }
        None => out.warnings.push(format!(
            "line {}: bad cue timing {:?}: cue skipped",
            line_i + 1,
            timing.trim()
        )),
    }
}

/// `start --> end [settings]`.
fn parse_timing(line: &str, lenient: &mut Option<bool>) -> Option<(Timestamp, Timestamp)> {
    let (left, right) = line.split_once("-->")?;
    let start = left.trim_matches([' ', '\t', '\x0c']);
    let right = right.trim_start_matches([' ', '\t', '\x0c']);
    let end_len = right
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.'))
        .unwrap_or(right.len());
    let end = &right[..end_len];
    if start.is_empty() || start.contains([' ', '\t', '\x0c']) {
        return None;
    }
    let strict = (strict_timestamp(start), strict_timestamp(end));
    if let (Some(a), Some(b)) = strict {
        lenient.get_or_insert(false);
        return Some((a, b));
    }
    let loose = (loose_timestamp(start), loose_timestamp(end));
    match (loose, *lenient) {
        // The first timing line decides: a file that starts loose is read loosely.
        ((Some(a), Some(b)), None) | ((Some(a), Some(b)), Some(true)) => {
            *lenient = Some(true);
            Some((a, b))
        }
        _ => {
            lenient.get_or_insert(false);
            None
        }
    }
}

/// The spec's timestamp: `[h+:]mm:ss.ttt`, minutes and seconds under 60.
pub fn strict_timestamp(s: &str) -> Option<Timestamp> {
    let (clock, frac) = s.split_once('.')?;
    if frac.len() != 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let parts: Vec<&str> = clock.split(':').collect();
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !parts.iter().all(|p| digits(p)) {
        return None;
    }
    let (h, m, sec) = match parts.as_slice() {
        [m, s] if m.len() == 2 && s.len() == 2 => ("0", *m, *s),
        [h, m, s] if m.len() == 2 && s.len() == 2 => (*h, *m, *s),
        _ => return None,
    };
    build(h, m, sec, frac)
}

/// Looser forms real tools write: 1-digit fields, 1 or 2 fraction digits,
/// no fraction, a comma before the fraction.
pub fn loose_timestamp(s: &str) -> Option<Timestamp> {
    let (clock, frac) = match s.split_once(['.', ',']) {
        Some((c, f)) => (c, f),
        None => (s, "0"),
    };
    if frac.is_empty() || frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let parts: Vec<&str> = clock.split(':').collect();
    if !parts
        .iter()
        .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    // Only h:m:s is read loosely (Teams' 0:0:0.570); m:s must be exact.
    let (h, m, sec) = match parts.as_slice() {
        [m, s] if m.len() == 2 && s.len() == 2 && frac.len() == 3 => ("0", *m, *s),
        [h, m, s] => (*h, *m, *s),
        _ => return None,
    };
    let padded = format!("{frac:0<3}");
    build(h, m, sec, &padded)
}

fn build(h: &str, m: &str, s: &str, frac: &str) -> Option<Timestamp> {
    let h: u64 = h.parse().ok()?;
    let m: u64 = m.parse().ok()?;
    let s: u64 = s.parse().ok()?;
    let ms: u64 = frac.parse().ok()?;
    if m > 59 || s > 59 {
        return None;
    }
    Some(Timestamp(((h * 60 + m) * 60 + s) * 1000 + ms))
}

/// Strips tags and decodes entities; returns the first `<v>` voice, if any.
pub fn cue_text(raw: &str) -> (Option<String>, String) {
    let mut out = String::with_capacity(raw.len());
    let mut voice: Option<String> = None;
    let mut rest = raw;
    while let Some(lt) = rest.find(['<', '&']) {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        if rest.starts_with('<') {
            let end = rest.find('>');
            let tag = &rest[1..end.unwrap_or(rest.len())];
            if voice.is_none() {
                if let Some(v) = tag.strip_prefix('v') {
                    if v.is_empty() || v.starts_with(['.', ' ', '\t']) {
                        let name = v.split_once([' ', '\t']).map_or("", |(_, n)| n).trim();
                        // The annotation's character references are decoded
                        // too (`<v Head of Digital &amp; Technology>`).
                        voice = Some(cue_text(name).1);
                    }
                }
            }
            rest = match end {
                Some(e) => &rest[e + 1..],
                None => "",
            };
        } else {
            let semi = rest[1..].find(';').map(|p| p + 1).filter(|&p| p <= 10);
            let decoded = semi.and_then(|p| entity(&rest[1..p]));
            match (semi, decoded) {
                (Some(p), Some(c)) => {
                    out.push(c);
                    rest = &rest[p + 1..];
                }
                _ => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        }
    }
    out.push_str(rest);
    (voice.filter(|v| !v.is_empty()), out)
}

fn entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "nbsp" => '\u{a0}',
        "lrm" => '\u{200e}',
        "rlm" => '\u{200f}',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let n = name.strip_prefix('#')?;
            let code = match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(code)?
        }
    })
}

/// Reads a WebVTT file into turns.
pub fn parse(text: &str) -> Result<Transcript, ParseError> {
    let cues = parse_cues(text)?;
    // Each cue's text goes as soon as its words are taken.
    let spoken = cues.cues.into_iter().map(|c| {
        let (voice, plain) = cue_text(&c.text);
        let s = match voice {
            Some(v) => Spoken {
                speaker: Some(v),
                text: plain.trim().to_string(),
            },
            None => speaker_prefix(&plain),
        };
        // Evidence points at the cue's first text line, after its timing.
        (s, c.line + 1, c.start)
    });
    Ok(Transcript {
        format: None,
        turns: turns(spoken.collect::<Vec<_>>()),
        warnings: cues.warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_follow_the_spec() {
        assert_eq!(strict_timestamp("00:01.500"), Some(Timestamp(1500)));
        assert_eq!(strict_timestamp("0:00:00.000"), Some(Timestamp(0)));
        assert_eq!(
            strict_timestamp("60:00:00.000"),
            Some(Timestamp(216_000_000))
        );
        assert_eq!(strict_timestamp("00:60.000"), None);
        assert_eq!(strict_timestamp("0:0:0.570"), None);
        assert_eq!(strict_timestamp("000:00.000"), None);
        assert_eq!(loose_timestamp("0:0:0.570"), Some(Timestamp(570)));
        assert_eq!(loose_timestamp("00:01:39"), Some(Timestamp(99_000)));
        assert_eq!(loose_timestamp("00:01:41.04"), Some(Timestamp(101_040)));
    }

    #[test]
    fn voices_tags_and_entities() {
        let (v, t) =
            cue_text("<v.loud Sarah Chen>We <i>never</i> blame &amp; shame &lt;anyone&gt;</v>");
        assert_eq!(v.as_deref(), Some("Sarah Chen"));
        assert_eq!(t, "We never blame & shame <anyone>");
        let (v, t) = cue_text("<v Bob>unclosed <00:00:01.000>voice");
        assert_eq!((v.as_deref(), t.as_str()), (Some("Bob"), "unclosed voice"));
        let (v, _) = cue_text("<v Head of Digital &amp; Technology>Yes.</v>");
        assert_eq!(v.as_deref(), Some("Head of Digital & Technology"));
    }

    #[test]
    fn zoom_prefixes_join_across_cues() {
        let text = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nDana: We run blameless\n\n2\n00:00:02.000 --> 00:00:03.000\nDana: post-mortems.\n\n3\n00:00:04.000 --> 00:00:05.000\nMe: Great.\n";
        let t = parse(text).unwrap();
        assert_eq!(t.turns.len(), 2);
        assert_eq!(t.turns[0].text, "We run blameless\npost-mortems.");
        assert_eq!(t.turns[0].origins[1].time, Some(Timestamp(2000)));
        assert_eq!(t.turns[0].origins[1].line, 9);
    }

    /// Captions name their speaker in every cue; each name is held once.
    #[test]
    fn a_speaker_name_is_held_once() {
        let text = "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Dana>Debt?</v>\n\n\
                    00:02.000 --> 00:03.000\n<v Me>Ok.</v>\n\n\
                    00:03.000 --> 00:04.000\n<v Dana>Weekly.</v>\n";
        let t = parse(text).unwrap();
        assert_eq!(t.turns.len(), 3);
        let (first, last) = (&t.turns[0].speaker, &t.turns[2].speaker);
        assert_eq!(first.as_deref(), Some("Dana"));
        assert!(std::sync::Arc::ptr_eq(
            first.as_ref().unwrap(),
            last.as_ref().unwrap()
        ));
    }

    #[test]
    fn teams_is_lenient_with_a_warning() {
        let text = "WEBVTT\n\n0:0:0.0 --> 0:0:0.570\n<v Yuri>There you go.</v>\n";
        let c = parse_cues(text).unwrap();
        assert_eq!(c.cues.len(), 1);
        assert_eq!(c.warnings.len(), 1);
    }

    #[test]
    fn no_signature_is_refused() {
        assert!(parse_cues("1\n00:00:01,000 --> 00:00:02,000\nhi\n").is_err());
    }
}
