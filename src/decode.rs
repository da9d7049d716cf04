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
    #[error("binary input (a NUL byte at offset {offset}): not a transcript")]
    Binary { offset: usize },
    #[error("unknown encoding {0:?}")]
    UnknownEncoding(String),
}

/// Decodes `bytes`; `encoding` names a legacy encoding (`windows-1252`, `gbk`)
/// to use instead of detection. By default, UTF-8 or UTF-16 by BOM.
pub fn decode(bytes: &[u8], encoding: Option<&str>) -> Result<Decoded, DecodeError> {
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
            Ok(s) => Cow::Borrowed(s),
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
        text: normalize_newlines(&text),
        warnings,
    })
}

/// Where input looks binary: a NUL byte in the first 8 KiB, as grep decides.
fn binary_offset(bytes: &[u8]) -> Option<usize> {
    let head = &bytes[..bytes.len().min(8192)];
    head.iter().position(|&b| b == 0)
}

/// CRLF and lone CR become LF; NUL becomes U+FFFD (the decoded text never has one).
fn normalize_newlines(text: &str) -> String {
    if !text.bytes().any(|b| b == b'\r' || b == b'\0') {
        return text.to_string();
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
    fn nul_is_binary() {
        assert_eq!(
            decode(b"PK\x03\x04\0\0", None),
            Err(DecodeError::Binary { offset: 4 })
        );
    }

    #[test]
    fn named_legacy_encoding() {
        let d = decode(b"caf\xe9", Some("windows-1252")).unwrap();
        assert_eq!(d.text, "café");
        assert!(decode(b"x", Some("klingon")).is_err());
    }
}
