//! Decoding: input bytes to text.
//!
//! Accepts UTF-8 (a BOM is stripped), UTF-16 LE or BE with a BOM, and any
//! line ending (CRLF and lone CR become `\n`). Invalid UTF-8 is decoded
//! lossily, with a warning that names the first bad byte. Input that looks
//! binary (NUL bytes outside UTF-16, or mostly control bytes) is refused: it is
//! a recording or an archive, not a transcript.

use std::borrow::Cow;

/// Decoded text and what the decoder had to tolerate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub warnings: Vec<String>,
}

/// Input that is not text.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error("binary input (at byte offset {offset}): not a transcript")]
    Binary { offset: usize },
    #[error("unknown encoding {0:?}")]
    UnknownEncoding(String),
}

/// Decodes `bytes`; `encoding` names a legacy encoding (`windows-1252`, `gbk`)
/// to use instead of detection. By default, UTF-8 or UTF-16 by BOM.
pub fn decode(bytes: &[u8], encoding: Option<&str>) -> Result<Decoded, DecodeError> {
    decode_cow(Cow::Borrowed(bytes), encoding)
}

/// [`decode`], taking the bytes: UTF-8 input that needs no change (the
/// usual case) becomes the text without a copy.
pub fn decode_owned(bytes: Vec<u8>, encoding: Option<&str>) -> Result<Decoded, DecodeError> {
    decode_cow(Cow::Owned(bytes), encoding)
}

fn decode_cow(input: Cow<[u8]>, encoding: Option<&str>) -> Result<Decoded, DecodeError> {
    let bytes: &[u8] = &input;
    let mut warnings = Vec::new();
    let text: Cow<str> = if let Some(label) = encoding {
        let enc = encoding_rs::Encoding::for_label(label.as_bytes())
            .ok_or_else(|| DecodeError::UnknownEncoding(label.to_string()))?;
        let (text, _, had_errors) = enc.decode(bytes);
        if had_errors {
            warnings.push(format!(
                "some bytes are not valid {}: replaced with U+FFFD",
                enc.name()
            ));
        }
        text
    } else if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            warnings.push(format!(
                "some bytes are not valid {}: replaced with U+FFFD",
                enc.name()
            ));
        }
        text
    } else {
        if let Some(offset) = binary_offset(bytes) {
            return Err(DecodeError::Binary { offset });
        }
        match std::str::from_utf8(bytes) {
            Ok(_) => match input {
                Cow::Borrowed(b) => Cow::Borrowed(std::str::from_utf8(b).expect("checked above")),
                Cow::Owned(v) => Cow::Owned(String::from_utf8(v).expect("checked above")),
            },
            Err(e) => {
                warnings.push(format!(
                    "invalid UTF-8 at byte offset {}: decoded lossily (name the encoding with --encoding)",
                    e.valid_up_to()
                ));
                String::from_utf8_lossy(bytes)
            }
        }
    };
    Ok(Decoded {
        text: normalize_newlines(text),
        warnings,
    })
}

/// Signatures of files people mistake for transcripts: audio, video,
/// archives, documents, images.
const BINARY_MAGIC: &[&[u8]] = &[
    b"ID3",
    b"\xff\xfb",
    b"\xff\xf3",
    b"OggS",
    b"fLaC",
    b"RIFF",
    b"PK\x03\x04",
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\x1f\x8b",
    b"\xd0\xcf\x11\xe0",
    b"\x1a\x45\xdf\xa3",
];

/// Where input looks binary: a known binary signature, or NUL and other
/// control bytes making up more than a tenth of the first 8 KiB. Text with a
/// few stray NULs (a broken export) is read, the NULs replaced.
fn binary_offset(bytes: &[u8]) -> Option<usize> {
    if BINARY_MAGIC.iter().any(|m| bytes.starts_with(m)) || bytes.get(4..8) == Some(b"ftyp") {
        return Some(0);
    }
    let head = &bytes[..bytes.len().min(8192)];
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | 0x1b))
        .count();
    if control * 10 > head.len() {
        return head
            .iter()
            .position(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | 0x1b));
    }
    None
}

/// CRLF and lone CR become LF; NUL becomes U+FFFD (the decoded text never has one).
fn normalize_newlines(text: Cow<str>) -> String {
    if !text.bytes().any(|b| b == b'\r' || b == b'\0') {
        return text.into_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\0' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_is_stripped() {
        let d = decode(b"\xef\xbb\xbfhello", None).unwrap();
        assert_eq!(d.text, "hello");
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn utf16_with_bom() {
        let le: Vec<u8> = [0xff, 0xfe, b'h', 0, b'i', 0].to_vec();
        assert_eq!(decode(&le, None).unwrap().text, "hi");
        let be: Vec<u8> = [0xfe, 0xff, 0, b'h', 0, b'i'].to_vec();
        assert_eq!(decode(&be, None).unwrap().text, "hi");
    }

    #[test]
    fn line_endings_fold_to_lf() {
        assert_eq!(decode(b"a\r\nb\rc\n", None).unwrap().text, "a\nb\nc\n");
    }

    #[test]
    fn invalid_utf8_warns_with_offset() {
        let d = decode(b"ab\xffcd", None).unwrap();
        assert_eq!(d.text, "ab\u{fffd}cd");
        assert!(d.warnings[0].contains("offset 2"), "{:?}", d.warnings);
    }

    #[test]
    fn binary_is_refused_but_stray_nuls_are_read() {
        assert_eq!(
            decode(b"PK\x03\x04\0\0", None),
            Err(DecodeError::Binary { offset: 0 })
        );
        assert_eq!(
            decode(b"\0\0\0\x01\x02abc", None),
            Err(DecodeError::Binary { offset: 0 })
        );
        let d = decode(b"WEBVTT\n\nsome text with a stray \0 in it\n", None).unwrap();
        assert!(d.text.contains('\u{fffd}'));
    }

    #[test]
    fn named_legacy_encoding() {
        let d = decode(b"caf\xe9", Some("windows-1252")).unwrap();
        assert_eq!(d.text, "café");
        assert!(decode(b"x", Some("klingon")).is_err());
    }
}
