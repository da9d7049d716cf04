//! The shape of typed notes, apart from speaker labels: bullets and quote
//! markers, numbered items, the note-taker's bracketed remarks.

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
pub(super) const BULLETS: &[&str] = &["- ", "* ", "+ ", "• "];

/// The inside of a line wholly in square brackets, if it is a remark of a
/// few words (`[good - sounded real]`), not a sound (`[laughs]`).
pub(super) fn whole_line_remark(line: &str) -> Option<&str> {
    let inner = line.trim().strip_prefix('[')?.strip_suffix(']')?;
    (!inner.contains([']', '[']) && inner.split_whitespace().count() >= 3).then_some(inner)
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

/// A short numbered line that is not a sentence or a `topic: answer` line:
/// a topic over bullets.
pub(super) fn is_numbered_heading(line: &str) -> bool {
    let Some(rest) = list_number(line) else {
        return false;
    };
    rest.split_whitespace().count() <= 14 && !rest.ends_with(['.', '!']) && !rest.contains(": ")
}
