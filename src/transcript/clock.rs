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

/// A chat's date and time of day, as chat exports and copies write them
/// beside a name: `2025-01-08 18:20`, `08/01/2025, 18:20:11`, `1/8 6:20
/// PM`, `Wed 12:14`, `Yesterday at 9:02 am`. One time of day, and beside it
/// only dates, day and month names, day numbers, `am`/`pm` and a time zone
/// after it, one of which only a date says; a time alone (`12:03`), or
/// with what may be a name (`Jan 12:03`, `CTO 00:12:03`), is a recording's
/// position.
pub(super) fn is_chat_time(s: &str) -> bool {
    const DAYS: &str = "mon monday tue tues tuesday wed wednesday thu thur thurs thursday \
                        fri friday sat saturday sun sunday";
    const MONTHS: &str = "jan january feb february mar march apr april may jun june jul july \
                          aug august sep sept september oct october nov november dec december";
    let mut clocks = 0;
    // Something only a date says: a numeric date, a year, a day's name,
    // `am`/`pm`, "yesterday", or a month's name with its day's number (a
    // month's name alone may be a name: `Jan 12:03`, `May 0:41`).
    let mut sure = false;
    let (mut month, mut day) = (false, false);
    for token in s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
    {
        let lower = token.to_ascii_lowercase();
        let lower = lower.trim_end_matches('.');
        if is_time_of_day(lower) {
            clocks += 1;
            sure |= lower.ends_with("am") || lower.ends_with("pm");
            continue;
        }
        let date = lower.len() >= 3
            && lower
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'/' | b'.'))
            && lower.bytes().any(|b| matches!(b, b'-' | b'/' | b'.'))
            && lower.bytes().next().is_some_and(|b| b.is_ascii_digit());
        let digits = ["st", "nd", "rd", "th"]
            .iter()
            .find_map(|s| lower.strip_suffix(s))
            .unwrap_or(lower);
        let number = digits.parse::<u32>().ok();
        let year = number.is_some_and(|y| (1990..=2100).contains(&y));
        let day_number = number.is_some_and(|d| (1..=31).contains(&d));
        // After the time only: `19:04 IST`; before it, `CTO 12:03` is a name.
        let zone = clocks > 0
            && token.len() <= 5
            && token
                .bytes()
                .all(|b| b.is_ascii_uppercase() || matches!(b, b'+' | b'-' | b'0'..=b'9'))
            && token.bytes().any(|b| b.is_ascii_uppercase());
        let marker = matches!(lower, "am" | "pm" | "a.m" | "p.m" | "today" | "yesterday");
        let day_name = DAYS.split_whitespace().any(|d| d == lower);
        let month_name = MONTHS.split_whitespace().any(|m| m == lower);
        if !(date
            || year
            || day_number
            || zone
            || marker
            || day_name
            || month_name
            || lower == "at")
        {
            return false;
        }
        sure |= date || year || marker || day_name;
        month |= month_name;
        day |= day_number;
    }
    clocks == 1 && (sure || (month && day))
}

/// `18:20`, `6:20pm`, `18:20:11`: a time of day.
fn is_time_of_day(token: &str) -> bool {
    let token = token
        .strip_suffix("am")
        .or_else(|| token.strip_suffix("pm"))
        .unwrap_or(token);
    let parts: Vec<&str> = token.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
        && parts[0].parse::<u32>().is_ok_and(|h| h <= 23)
        && parts[1..]
            .iter()
            .all(|p| p.parse::<u32>().is_ok_and(|m| m <= 59))
}

/// A chat's date and time before a name, stripped: `[2025-01-08 18:20]
/// Neha Sharma` and `2024-08-20 14:02  Letícia Prado` (channel exports),
/// `[08/01/2025, 18:20:11] Neha` and `08/01/2025, 18:20 - Neha`
/// (WhatsApp). The name, or `None`.
pub(super) fn after_chat_stamp(label: &str) -> Option<&str> {
    let label = label.trim_start();
    // Cheap refusal first: this runs on every label of every text.
    if !label.starts_with(|c: char| c.is_ascii_digit() || c == '[') {
        return None;
    }
    let rest = if let Some(inner) = label.strip_prefix('[') {
        let (stamp, rest) = inner.split_once(']')?;
        is_chat_time(stamp).then_some(rest)?
    } else if let Some((_, rest)) = label.split_once(" - ").filter(|(s, _)| is_chat_time(s)) {
        rest
    } else {
        // `2024-08-20 14:02  Letícia Prado`: the longest run of words at
        // the start that is a chat's time.
        let mut ends = label
            .char_indices()
            .filter(|&(i, c)| c.is_whitespace() && !label[..i].ends_with(char::is_whitespace))
            .map(|(i, _)| i);
        let end = ends.rfind(|&i| is_chat_time(&label[..i]))?;
        &label[end..]
    };
    let rest = rest.trim_start();
    (!rest.is_empty()).then_some(rest)
}

/// A chat's date and time after a name, stripped: `Ollie Mensah — Wed
/// 12:14`, `Chloe Barnes  6:20 PM`, `Sam, 1/8 6:20 PM` (a chat copied
/// with its names and times on lines of their own). The name, or `None`.
pub(super) fn before_chat_stamp(line: &str) -> Option<&str> {
    let line = line.trim_end();
    if is_chat_time(line) {
        // `Mon, Mar 10, 2025, 6:12 PM`: a date line, no name.
        return None;
    }
    let bracketed = line
        .strip_suffix(')')
        .and_then(|l| l.rsplit_once('('))
        .or_else(|| line.strip_suffix(']').and_then(|l| l.rsplit_once('[')));
    let name = match bracketed {
        Some((name, time)) => is_chat_time(time).then_some(name)?,
        None => {
            // The longest run of words at the end that is a chat's time.
            let mut starts = line
                .char_indices()
                .filter(|&(i, c)| {
                    i > 0 && !c.is_whitespace() && line[..i].ends_with(char::is_whitespace)
                })
                .map(|(i, _)| i);
            let start = starts.find(|&i| is_chat_time(&line[i..]))?;
            &line[..start]
        }
    };
    let name = name
        .trim_end()
        .trim_end_matches(['-', '–', '—', '|', ',', '@', '·'])
        .trim_end();
    (!name.is_empty()).then_some(name)
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
    fn chat_times_are_dates_and_times_of_day() {
        for time in [
            "2025-01-08 18:20",
            "08/01/2025, 18:20:11",
            "1/8 6:20 PM",
            "Wed 12:14",
            "Yesterday at 9:02 am",
            "12 March 2025 at 14:05",
            "Mar 10 6:12",
            "10:17 PM",
            "Mon 19:04 IST",
        ] {
            assert!(is_chat_time(time), "{time}");
        }
        // A clock alone is a recording's position; words are no date.
        for not in [
            "12:03",
            "00:12:03",
            "2025-01-08",
            "Dana 12:03",
            "CTO 00:12:03",
            "Jan 12:03",
            "Marek 12:03",
            "at 12:03 sharp",
            "12:75 PM",
        ] {
            assert!(!is_chat_time(not), "{not}");
        }
    }

    #[test]
    fn chat_stamps_around_a_name() {
        assert_eq!(
            after_chat_stamp("[2025-01-08 18:20] Neha Sharma"),
            Some("Neha Sharma")
        );
        assert_eq!(
            after_chat_stamp("[08/01/2025, 18:20:11] Neha"),
            Some("Neha")
        );
        assert_eq!(
            after_chat_stamp("08/01/2025, 18:20 - Neha Sharma"),
            Some("Neha Sharma")
        );
        assert_eq!(
            after_chat_stamp("2024-08-20 14:02  Letícia Prado"),
            Some("Letícia Prado")
        );
        assert_eq!(after_chat_stamp("[00:12:03] Dana"), None);
        assert_eq!(after_chat_stamp("Dana Reyes"), None);
        assert_eq!(after_chat_stamp("2024-08-20 14:02"), None);
        assert_eq!(
            before_chat_stamp("**Ollie Mensah** — Wed 12:14"),
            Some("**Ollie Mensah**")
        );
        assert_eq!(
            before_chat_stamp("Chloe Barnes  6:20 PM"),
            Some("Chloe Barnes")
        );
        assert_eq!(before_chat_stamp("Sam, 1/8 6:20 PM"), Some("Sam"));
        assert_eq!(before_chat_stamp("Sam (Wed 12:14)"), Some("Sam"));
        assert_eq!(before_chat_stamp("Dana 12:03"), None);
        assert_eq!(before_chat_stamp("6:20 PM"), None);
        assert_eq!(before_chat_stamp("Mon, Mar 10, 2025, 6:12 PM"), None);
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
