//! The pack loader on any TOML text: the input is one more file of the
//! test suite's mini pack, or, after a first byte of 1 to 5, replaces one of
//! its files. A pack or diagnostics, never a panic; a pack that loads is
//! linted and scores an answer.
#![no_main]

use candor::pack::SourceFile;
use candor_fuzz::{load_and_use, mini_pack};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut files = mini_pack();
    let (replace, rest) = match data.first() {
        Some(&b @ 1..=5) => (Some(b as usize - 1), &data[1..]),
        _ => (None, data),
    };
    let text = String::from_utf8_lossy(rest).into_owned();
    match replace {
        Some(i) => files[i].text = text,
        None => files.push(SourceFile {
            path: "mini/fuzz.toml".into(),
            text,
        }),
    }
    load_and_use(
        &files,
        "We run blameless post-mortems and measure uptime, not velocity.",
        true,
    );
});
