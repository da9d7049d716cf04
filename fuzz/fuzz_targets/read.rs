//! Every reader: bytes decoded, then parsed in the format the first byte
//! forces (1 to 5) or the one detected. No panic; turn origins on char
//! boundaries; parsing twice gives the same transcript.
#![no_main]

use candor::decode::decode;
use candor::transcript::Transcript;
use candor_fuzz::{check_transcript, split_format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (format, bytes) = split_format(data);
    let Ok(decoded) = decode(bytes, None) else {
        return;
    };
    if let Ok(t) = Transcript::parse(&decoded.text, format) {
        check_transcript(&t);
        let again = Transcript::parse(&decoded.text, format).ok();
        assert_eq!(again.as_ref(), Some(&t), "parsing twice differs");
    }
});
