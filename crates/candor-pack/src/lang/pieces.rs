//! Long text a piece at a time: what reads a text's tokens all at once
//! (the scan, a question's cues, the words of complaint) holds one piece's
//! tokens, so that its memory stays bounded whatever one turn holds.

use std::ops::Range;

/// Text longer than this is scanned a piece at a time ([`pieces`]).
pub const PIECE: usize = 64 * 1024;

/// The pieces a text is scanned in: the whole of it, or for text longer than
/// [`PIECE`], pieces of at most that many bytes cut after a sentence's end
/// (or, where a sentence runs on, at a space), so that scanning memory stays
/// bounded whatever one turn holds. A rule's words and their context are
/// seen within a piece; an answer needs hundreds of pages to have a second.
pub fn pieces(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() && !(start == 0 && text.is_empty()) {
            return None;
        }
        let rest = &text[start..];
        let end = if rest.len() <= PIECE {
            text.len()
        } else {
            let mut limit = PIECE;
            while !rest.is_char_boundary(limit) {
                limit -= 1;
            }
            let window = &rest[..limit];
            let mut half = limit / 2;
            while !window.is_char_boundary(half) {
                half += 1;
            }
            let tail = &window[half..];
            let sentence_end = tail
                .rmatch_indices([' ', '\n'])
                .find(|&(i, c)| c == "\n" || tail[..i].ends_with(['.', '?', '!']));
            let cut = sentence_end
                .or_else(|| tail.rmatch_indices(' ').next())
                .map_or(limit, |(i, _)| half + i + 1);
            start + cut
        };
        let piece = start..end;
        start = if end == start { usize::MAX } else { end };
        Some(piece)
    })
}
