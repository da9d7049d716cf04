//! Decoding: input bytes to text.
//!
//! Accepts UTF-8 (a BOM is stripped), UTF-16 LE or BE with a BOM, and any
//! line ending (CRLF and lone CR become `\n`). Invalid UTF-8 is decoded
//! lossily, with a warning that names the first bad byte. Input that looks
//! binary (a known signature; NUL and other control bytes outside UTF-16,
//! many of them, or a few in bytes that are not UTF-8) is refused: it is a
//! recording or an archive, not a transcript. A record of a line-based
//! stream is decoded by [`decode_line`], which refuses invalid bytes.

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
    #[error("invalid UTF-8 at byte offset {offset} (name the encoding with --encoding)")]
    InvalidUtf8 { offset: usize },
    #[error("some bytes are not valid {0}")]
    Invalid(&'static str),
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
        let enc = named_encoding(label)?;
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
        // Checked once, and kept without a copy when it is UTF-8.
        let mut lossy = |e: std::str::Utf8Error| {
            warnings.push(format!(
                "invalid UTF-8 at byte offset {}: decoded lossily (name the encoding with --encoding)",
                e.valid_up_to()
            ));
        };
        match input {
            Cow::Borrowed(b) => match std::str::from_utf8(b) {
                Ok(text) => Cow::Borrowed(text),
                Err(e) => {
                    lossy(e);
                    String::from_utf8_lossy(b)
                }
            },
            Cow::Owned(v) => match String::from_utf8(v) {
                Ok(text) => Cow::Owned(text),
                Err(e) => {
                    lossy(e.utf8_error());
                    Cow::Owned(String::from_utf8_lossy(e.as_bytes()).into_owned())
                }
            },
        }
    };
    Ok(Decoded {
        text: normalize_newlines(text),
        warnings,
    })
}

/// Decodes one record of a line-based stream (a JSON line of
/// `--jsonl-input`): UTF-8, a BOM skipped, or the legacy encoding named.
/// Binary is refused as in [`decode`]; unlike a whole file, a record that is
/// not valid UTF-8 is refused too, naming the first bad byte, since JSON
/// text is UTF-8 and a lossy guess would change what the record says.
pub fn decode_line(bytes: &[u8], encoding: Option<&str>) -> Result<String, DecodeError> {
    if let Some(label) = encoding {
        let enc = named_encoding(label)?;
        let (text, _, had_errors) = enc.decode(bytes);
        if had_errors {
            return Err(DecodeError::Invalid(enc.name()));
        }
        return Ok(text.into_owned());
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if let Some(offset) = binary_offset(bytes) {
        return Err(DecodeError::Binary { offset });
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => Err(DecodeError::InvalidUtf8 {
            offset: e.valid_up_to(),
        }),
    }
}

/// The encoding `label` names (`windows-1252`, `gbk`).
fn named_encoding(label: &str) -> Result<&'static encoding_rs::Encoding, DecodeError> {
    encoding_rs::Encoding::for_label(label.as_bytes())
        .ok_or_else(|| DecodeError::UnknownEncoding(label.to_string()))
}

/// Signatures of files people mistake for transcripts: audio (MP3, AAC,
/// Ogg, FLAC, WAV, AMR, CAF, WMA), video (MP4, WebM), archives and
/// compressed files (zip, gzip, 7z, xz, zstd), documents (PDF, Office),
/// images, databases and programs.
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
    b"\xff\xfa",
    b"\xff\xf2",
    b"\xff\xe3",
    b"\xff\xf1",
    b"\xff\xf9",
    b"#!AMR",
    b"caff\x00\x01",
    b"\x30\x26\xb2\x75\x8e\x66\xcf\x11",
    b"7z\xbc\xaf\x27\x1c",
    b"\xfd7zXZ\x00",
    b"\x28\xb5\x2f\xfd",
    b"SQLite format 3\x00",
    b"\x7fELF",
];

/// The control bytes that text does not have: all below 0x20 but tab, the
/// line ends, form feed and escape. A table, since every file's first 8 KB
/// are counted.
const CONTROL: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = !matches!(b as u8, b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | 0x1b);
        b += 1;
    }
    table
};

/// Where input looks binary: a known binary signature, or NUL and other
/// control bytes making up more than a tenth of the first 8 KiB, or more
/// than one in fifty of them when those bytes are not UTF-8 either
/// (compressed or encrypted data, which a legacy-encoded text never looks
/// like: its control bytes are as rare as in any text). Text with a few
/// stray NULs (a broken export) is read, the NULs replaced.
fn binary_offset(bytes: &[u8]) -> Option<usize> {
    if BINARY_MAGIC.iter().any(|m| bytes.starts_with(m)) || bytes.get(4..8) == Some(b"ftyp") {
        return Some(0);
    }
    let head = &bytes[..bytes.len().min(8192)];
    let is_control = |b: u8| CONTROL[usize::from(b)];
    let control: usize = head.iter().map(|&b| usize::from(is_control(b))).sum();
    if control * 50 <= head.len() {
        // Too few to be binary, whatever the encoding (the common case).
        return None;
    }
    // A UTF-8 sequence cut at the end of the head is still UTF-8.
    let utf8 = match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    };
    let limit = if utf8 { 10 } else { 50 };
    if control * limit > head.len() {
        return head.iter().position(|&b| is_control(b));
    }
    None
}

/// CRLF and lone CR become LF; NUL becomes U+FFFD (the decoded text never has one).
fn normalize_newlines(text: Cow<str>) -> String {
    if memchr::memchr2(b'\r', b'\0', text.as_bytes()).is_none() {
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

    #[test]
    fn random_bytes_are_binary_but_legacy_text_is_not() {
        // Random bytes have control bytes near the old one-in-ten limit;
        // not being UTF-8 either gives them away.
        let mut x: u32 = 12345;
        let random: Vec<u8> = (0..20_000)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                (x >> 16) as u8
            })
            .collect();
        assert!(matches!(
            decode(&random, None),
            Err(DecodeError::Binary { .. })
        ));
        // Latin-1 text read as UTF-8: lossy, with a warning, not binary.
        let latin1 = b"Me: Caf\xe9 talk?\nCTO: We na\xefvely ship on Fridays.\t\n".repeat(50);
        let d = decode(&latin1, None).unwrap();
        assert!(d.warnings[0].contains("offset 7"), "{:?}", d.warnings);
        assert_eq!(
            decode(b"\xfd7zXZ\x00\x00", None),
            Err(DecodeError::Binary { offset: 0 })
        );
        // A word that starts like a signature is still text.
        assert!(decode(b"caffeine, mostly", None).is_ok());
    }

    #[test]
    fn stream_lines_refuse_invalid_bytes() {
        assert_eq!(decode_line(b"\xef\xbb\xbf{}", None).unwrap(), "{}");
        assert_eq!(
            decode_line(b"{\"text\":\"caf\xe9\"}", None),
            Err(DecodeError::InvalidUtf8 { offset: 12 })
        );
        assert_eq!(
            decode_line(b"{\"text\":\"caf\xe9\"}", Some("windows-1252")).unwrap(),
            "{\"text\":\"caf\u{e9}\"}"
        );
        assert_eq!(
            decode_line(b"\x1f\x8b\x08\x00", None),
            Err(DecodeError::Binary { offset: 0 })
        );
        assert_eq!(
            decode_line(b"\x82\xa0", Some("utf-8")),
            Err(DecodeError::Invalid("UTF-8"))
        );
    }
}
