//! Conformance: every input in tests/data/peer-formats (real files from the
//! test suites of web-platform-tests, vtt.js, webvtt-py, srt, go-astisub,
//! Deepgram and AWS samples, and a real Zoom transcript) against its
//! expectation. Files where candor deliberately differs are listed in
//! `DIFFERS` with a reason; every other expectation must hold.

#![allow(clippy::print_stderr)] // the tally is worth seeing

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use candor::decode::decode;
use candor::transcript::cue::speaker_prefix;
use candor::transcript::{export, json, srt, vtt, Format, Transcript};

/// Files where candor deliberately differs from the expectation, and why.
const DIFFERS: &[(&str, &str)] = &[
    ("webvtt/go-astisub/example-in-non-utf8.vtt", "UTF-16 with a BOM is transcoded and read, the alternative the expectation's note allows"),
    ("srt/go-astisub/example-in-non-utf8.srt", "UTF-16 with a BOM is transcoded and read, the alternative the expectation's note allows"),
    ("srt/aspasia/gbk.srt", "GBK is not auto-detected: candor needs --encoding gbk (tested below) and otherwise decodes lossily with a warning"),
    ("text/whisper-ctranslate2/ref-medium-diarization/dosparlants.txt", "a line export has no cue layer: consecutive lines of one speaker join into one turn (11 turns for 14 lines), as caption cues do; speakers and text agree (five_whisper_exports_agree)"),
    ("text/whisper-ctranslate2/ref-medium-diarization/dosparlants.tsv", "Whisper's .tsv has no speaker column, so the expected speakers cannot be read; times and text conform (five_whisper_exports_agree)"),
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/peer-formats")
}

/// A cue as the harness compares it: (id, start s, end s, raw text, voice, speaker).
type GotCue = (
    Option<String>,
    f64,
    f64,
    Option<String>,
    Option<String>,
    Option<String>,
);

struct Got {
    cues: Vec<GotCue>,
    warnings: usize,
}

/// The cues of a caption file as the harness compares them.
fn caption_rows(cues: &candor::transcript::cue::Cues, lossy: usize) -> Got {
    Got {
        cues: cues
            .cues
            .iter()
            .map(|c| {
                let (voice, _) = vtt::cue_text(&c.text);
                (
                    Some(c.id.clone()),
                    c.start.0 as f64 / 1000.0,
                    c.end.0 as f64 / 1000.0,
                    Some(c.text.clone()),
                    voice,
                    None,
                )
            })
            .collect(),
        warnings: cues.warnings.len() + lossy,
    }
}

fn read(path: &str, bytes: &[u8]) -> Result<Got, String> {
    let text = decode(bytes, None).map_err(|e| e.to_string())?;
    let lossy = usize::from(!text.warnings.is_empty());
    let t = text.text.as_str();
    if path.starts_with("webvtt/") {
        let c = vtt::parse_cues(t).map_err(|e| e.to_string())?;
        return Ok(caption_rows(&c, lossy));
    }
    if path.starts_with("srt/") {
        let c = srt::parse_cues(t).map_err(|e| e.to_string())?;
        return Ok(caption_rows(&c, lossy));
    }
    if path.starts_with("json/") {
        let s = json::segments(t).map_err(|e| e.to_string())?;
        return Ok(Got {
            cues: s
                .iter()
                .map(|s| {
                    let ms = |t: Option<candor::transcript::Timestamp>| {
                        t.map_or(f64::NAN, |t| t.0 as f64 / 1000.0)
                    };
                    (
                        None,
                        ms(s.start),
                        ms(s.end),
                        Some(s.text.clone()),
                        None,
                        s.speaker.clone(),
                    )
                })
                .collect(),
            warnings: lossy,
        });
    }
    if path.ends_with(".tsv") {
        let c = export::tsv_cues(t).ok_or("not a tsv export")?;
        return Ok(caption_rows(&c, lossy));
    }
    if path.starts_with("text/") {
        // Line-based exports: a turn is a cue.
        let tr = Transcript::parse(t, Format::Auto).map_err(|e| e.to_string())?;
        return Ok(Got {
            cues: tr
                .turns
                .iter()
                .map(|turn| {
                    let time = turn.origins[0]
                        .time
                        .map_or(f64::NAN, |t| t.0 as f64 / 1000.0);
                    (
                        None,
                        time,
                        f64::NAN,
                        Some(turn.text.clone()),
                        None,
                        turn.speaker.as_deref().map(String::from),
                    )
                })
                .collect(),
            warnings: tr.warnings.len() + lossy,
        });
    }
    Err("no reader".into())
}

fn check(path: &str, bytes: &[u8], exp: &serde_json::Value) -> Result<(), String> {
    let outcome = exp["outcome"].as_str().unwrap_or("");
    let got = read(path, bytes);
    if outcome == "reject" {
        return match got {
            Err(_) => Ok(()),
            Ok(g) if g.cues.is_empty() => Ok(()),
            Ok(g) => Err(format!("should be rejected, got {} cues", g.cues.len())),
        };
    }
    let got = got.map_err(|e| format!("{outcome}: refused: {e}"))?;
    if matches!(outcome, "accept-with-warnings" | "lenient-accept") && got.warnings == 0 {
        return Err(format!("{outcome}: no warning"));
    }
    if let Some(n) = exp["cue_count"].as_u64() {
        if got.cues.len() as u64 != n {
            return Err(format!("cue count {} != {n}", got.cues.len()));
        }
    }
    for want in exp["cues"].as_array().into_iter().flatten() {
        let i = want["index"].as_u64().unwrap_or(0) as usize;
        let g = got.cues.get(i).ok_or(format!("no cue {i}"))?;
        let near =
            |a: f64, b: &serde_json::Value| b.as_f64().is_none_or(|b| (a - b).abs() <= 0.0005);
        if !near(g.1, &want["start"]) || !near(g.2, &want["end"]) {
            return Err(format!(
                "cue {i}: times {}..{} != {}..{}",
                g.1, g.2, want["start"], want["end"]
            ));
        }
        if let (Some(w), Some(t)) = (want["text"].as_str(), &g.3) {
            if !path.starts_with("json/") && w != t {
                return Err(format!("cue {i}: text {t:?} != {w:?}"));
            }
        }
        if let (Some(w), Some(id)) = (want["id"].as_str(), &g.0) {
            if w != id {
                return Err(format!("cue {i}: id {id:?} != {w:?}"));
            }
        }
        if let Some(w) = want["voice"].as_str() {
            if g.4.as_deref().unwrap_or("") != w {
                return Err(format!("cue {i}: voice {:?} != {w:?}", g.4));
            }
        }
        if let (Some(w), Some(t)) = (want["utterance"].as_str(), &g.3) {
            let said = speaker_prefix(&vtt::cue_text(t).1).text;
            if w.trim() != said.trim() {
                return Err(format!("cue {i}: text {t:?} != {w:?}"));
            }
        }
        if !path.starts_with("webvtt/") && !path.starts_with("srt/") {
            if let Some(w) = want.get("speaker").filter(|v| !v.is_null()) {
                let w = w
                    .as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("Speaker {w}"));
                if g.5.as_deref() != Some(w.as_str()) {
                    return Err(format!("cue {i}: speaker {:?} != {w:?}", g.5));
                }
            }
        }
    }
    Ok(())
}

#[test]
fn peer_formats_conform() {
    let manifest = std::fs::read_to_string(root().join("MANIFEST.tsv")).unwrap();
    let differs: HashMap<&str, &str> = DIFFERS.iter().copied().collect();
    let (mut passed, mut failures, mut listed) = (0, Vec::new(), 0);
    for row in manifest.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        let (path, outcome, expected) = (cols[0], cols[5], cols[7]);
        if outcome == "expectation-data" || expected.is_empty() {
            continue;
        }
        let bytes = std::fs::read(root().join(path)).unwrap();
        // The copies are byte-exact (BOMs, CR, NUL and legacy encodings are the test).
        let sha = cols[8];
        assert_eq!(
            sha256(&bytes),
            sha,
            "{path} is not byte-identical to its source"
        );
        let exp: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(root().join(expected)).unwrap()).unwrap();
        match (check(path, &bytes, &exp), differs.get(path)) {
            (Ok(()), None) => passed += 1,
            (Ok(()), Some(_)) => failures.push(format!(
                "{path}: listed as differing but conforms; unlist it"
            )),
            (Err(_), Some(_)) => listed += 1,
            (Err(e), None) => failures.push(format!("{path}: {e}")),
        }
    }
    eprintln!(
        "conformance: {passed} conform, {listed} deliberately differ, {} fail",
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} files fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(passed >= 100, "too few files checked: {passed}");
}

/// The five exports of one Whisper recording give the same turns (the .tsv
/// has no speakers, so only its text is compared).
#[test]
fn five_whisper_exports_agree() {
    let base = "ref-medium-diarization/dosparlants";
    let read = |rel: String| {
        let bytes = std::fs::read(root().join(&rel)).unwrap();
        let text = decode(&bytes, None).unwrap().text;
        Transcript::parse(&text, candor::transcript::detect(&text)).unwrap()
    };
    let turns = |t: &Transcript| -> Vec<(Option<String>, String)> {
        t.turns
            .iter()
            .map(|turn| {
                let words: Vec<&str> = turn.text.split_whitespace().collect();
                (turn.speaker.as_deref().map(String::from), words.join(" "))
            })
            .collect()
    };
    let json = turns(&read(format!("json/whisper-ctranslate2/{base}.json")));
    assert!(json.len() >= 2 && json.iter().all(|(s, _)| s.is_some()));
    for other in [
        format!("srt/whisper-ctranslate2/{base}.srt"),
        format!("webvtt/whisper-ctranslate2/{base}.vtt"),
        format!("text/whisper-ctranslate2/{base}.txt"),
    ] {
        assert_eq!(turns(&read(other.clone())), json, "{other}");
    }
    let tsv = read(format!("text/whisper-ctranslate2/{base}.tsv"));
    let all = |t: &[(Option<String>, String)]| {
        t.iter()
            .map(|(_, x)| x.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(all(&turns(&tsv)), all(&json));
}

#[test]
fn gbk_reads_with_its_encoding_named() {
    let bytes = std::fs::read(root().join("srt/aspasia/gbk.srt")).unwrap();
    let text = decode(&bytes, Some("gbk")).unwrap();
    assert!(text.warnings.is_empty());
    let cues = srt::parse_cues(&text.text).unwrap();
    assert!(!cues.cues.is_empty());
    assert!(!cues.cues[0].text.contains('\u{fffd}'));
}

/// SHA-256, so the test needs no crate for it.
fn sha256(data: &[u8]) -> String {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&((data.len() as u64) * 8).to_be_bytes());
    for chunk in msg.chunks(64) {
        let mut w = [0u32; 64];
        for i in 0..16 {
            w[i] = u32::from_be_bytes([
                chunk[4 * i],
                chunk[4 * i + 1],
                chunk[4 * i + 2],
                chunk[4 * i + 3],
            ]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let mut v = h;
        for i in 0..64 {
            let s1 = v[4].rotate_right(6) ^ v[4].rotate_right(11) ^ v[4].rotate_right(25);
            let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
            let t1 = v[7]
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = v[0].rotate_right(2) ^ v[0].rotate_right(13) ^ v[0].rotate_right(22);
            let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            let t2 = s0.wrapping_add(maj);
            v = [
                t1.wrapping_add(t2),
                v[0],
                v[1],
                v[2],
                v[3].wrapping_add(t1),
                v[4],
                v[5],
                v[6],
            ];
        }
        for (a, b) in h.iter_mut().zip(v) {
            *a = a.wrapping_add(b);
        }
    }
    h.iter().map(|x| format!("{x:08x}")).collect()
}
