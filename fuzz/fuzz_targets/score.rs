//! The whole pipeline with the default pack: bytes to a report, in the
//! format the first byte forces (1 to 5) or the one detected, then every
//! renderer. No panic; hit spans and evidence on char boundaries; scoring
//! twice gives the same JSON.
#![no_main]

use candor::{render, ReadOptions};
use candor_fuzz::{check_report, engine, split_format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (format, bytes) = split_format(data);
    let options = ReadOptions {
        format: Some(format),
        ..ReadOptions::default()
    };
    let Ok(report) = engine().score_bytes(bytes, "fuzz.txt", &options) else {
        return;
    };
    check_report(&report);
    let json = render::json(&report);
    let again = engine()
        .score_bytes(bytes, "fuzz.txt", &options)
        .expect("it scored the first time");
    assert_eq!(render::json(&again), json, "scoring twice differs");
    let _ = render::text(&report, &render::TextOptions { color: true, width: 80 });
    let _ = render::html(&report);
    let _ = render::markdown(&report);
    let _ = render::csv_rows(&report);
});
