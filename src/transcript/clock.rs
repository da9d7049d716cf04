//! Timestamps in plain text: `[00:01:02]`, `(1:02)` or `00:01:02.500` at the
//! start of a line or after a speaker's name (`Dana 00:12:03`,
//! `Dana (12:03)`), and the clock they are written in.

use super::Timestamp;

/// A `[00:01:02]`, `(1:02)` or `00:01:02.500` timestamp at the start of a line.
pub(super) fn leading_timestamp(line: &str) -> (Option<Timestamp>, &str) {
    let (inner, rest) = match line.as_bytes().first() {
        Some(b'[') => match line.find(']') {
            Some(end) => (&line[1..end], &line[end + 1..]),
            None => return (None, line),
        },
        Some(b'(') => match line.find(')') {
            Some(end) => (&line[1..end], &line[end + 1..]),
            None => return (None, line),
        },
        Some(b) if b.is_ascii_digit() => {
            let end = line.find(char::is_whitespace).unwrap_or(line.len());
            (&line[..end], &line[end..])
        }
        _ => return (None, line),
    };
    match parse_clock(inner.trim()) {
        Some(t) => (Some(t), rest.trim_start()),
        None => (None, line),
    }
}

/// A time written after a speaker's name: `Dana 00:12:03`, `Dana (12:03)`,
/// `Dana [0:12:03]`, `Dana - 12:03`. Returns the time and the name before
/// it (trimmed), or no time and `label` unchanged.
pub(super) fn trailing_timestamp(label: &str) -> (Option<Timestamp>, &str) {
    let t = label.trim_end();
    let split = if let Some(s) = t.strip_suffix(')') {
        s.rfind('(').map(|open| (&s[..open], &s[open + 1..]))
    } else if let Some(s) = t.strip_suffix(']') {
        s.rfind('[').map(|open| (&s[..open], &s[open + 1..]))
    } else {
        t.rsplit_once(char::is_whitespace)
    };
    let Some((before, inner)) = split else {
        return (None, label);
    };
    let before = before
        .trim_end()
        .trim_end_matches(['-', '–', '—', '|', ',', '@'])
        .trim_end();
    match parse_clock(inner.trim()) {
        Some(time) if !before.is_empty() => (Some(time), before),
        _ => (None, label),
    }
}

/// Parses `H:MM:SS(.mmm)` or `M:SS(.mmm)`.
pub(crate) fn parse_clock(s: &str) -> Option<Timestamp> {
    let (clock, frac) = match s.split_once(['.', ',']) {
        Some((c, f)) => (c, Some(f)),
        None => (s, None),
    };
    let parts: Vec<&str> = clock.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    let mut total: u64 = 0;
    for (i, p) in parts.iter().enumerate() {
        if p.is_empty() || p.len() > 3 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let v: u64 = p.parse().ok()?;
        if i > 0 && v >= 60 {
            return None;
        }
        total = total * 60 + v;
    }
    let mut ms = total * 1000;
    if let Some(f) = frac {
        if f.is_empty() || f.len() > 3 || !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let v: u64 = f.parse().ok()?;
        ms += v * 10u64.pow(3 - f.len() as u32);
    }
    Some(Timestamp(ms))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_parsing() {
        assert_eq!(parse_clock("1:02"), Some(Timestamp(62_000)));
        assert_eq!(parse_clock("01:00:00.5"), Some(Timestamp(3_600_500)));
        assert_eq!(parse_clock("1:75"), None);
        assert_eq!(parse_clock("abc"), None);
    }

    #[test]
    fn times_after_a_name() {
        let at = |s| trailing_timestamp(s);
        assert_eq!(at("Dana 00:12:03"), (Some(Timestamp(723_000)), "Dana"));
        assert_eq!(at("Dana (12:03)"), (Some(Timestamp(723_000)), "Dana"));
        assert_eq!(
            at("Maria Gonzalez [0:12:03]"),
            (Some(Timestamp(723_000)), "Maria Gonzalez")
        );
        assert_eq!(at("Dana - 12:03"), (Some(Timestamp(723_000)), "Dana"));
        // A number that is not a clock, or a clock alone, is no name's time.
        assert_eq!(at("Speaker 2"), (None, "Speaker 2"));
        assert_eq!(at("Q3"), (None, "Q3"));
        assert_eq!(at("12:03"), (None, "12:03"));
        assert_eq!(at("Sam (she/her)"), (None, "Sam (she/her)"));
    }
}
