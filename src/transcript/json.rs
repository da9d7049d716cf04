//! Speech-to-text JSON: Whisper, AssemblyAI, Deepgram, AWS Transcribe, and a
//! plain array of `{speaker, text, start?}`.
//!
//! Each shape becomes a list of [`Segment`]s (what the vendor calls segments,
//! utterances or paragraphs), then turns. Times are seconds except
//! AssemblyAI's milliseconds; AWS writes them as strings. A shape candor does
//! not know is an error that lists the shapes it knows.

use serde_json::Value;

use super::cue::{turns, Spoken};
use super::{ParseError, Timestamp, Transcript};

/// One stretch of speech, as the vendor splits it.
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    pub speaker: Option<String>,
    pub start: Option<Timestamp>,
    pub end: Option<Timestamp>,
    pub text: String,
}

const KNOWN: &str = "candor reads Whisper (\"segments\"), AssemblyAI (\"utterances\", or \"text\"), Deepgram (\"results\" with \"utterances\" or \"channels\"), AWS Transcribe (\"results\" with \"transcripts\"), or an array of {\"speaker\", \"text\", \"start\"}";

/// Reads the segments of a JSON transcript.
pub fn segments(text: &str) -> Result<Vec<Segment>, ParseError> {
    let value: Value =
        serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| ParseError {
            line: e.line() as u32,
            message: format!("invalid JSON: {e}"),
        })?;
    let unknown = || ParseError {
        line: 1,
        message: format!("unknown JSON transcript shape: {KNOWN}"),
    };
    if let Value::Array(items) = &value {
        return items
            .iter()
            .map(plain_item)
            .collect::<Option<Vec<_>>>()
            .ok_or_else(unknown);
    }
    if let Some(segs) = value.get("segments").and_then(Value::as_array) {
        return Ok(segs
            .iter()
            .filter_map(|s| seconds_segment(s, "text"))
            .collect());
    }
    if value.get("utterances").is_some() {
        // AssemblyAI: milliseconds; `utterances: null` falls back to `text`.
        return Ok(match value["utterances"].as_array() {
            Some(us) => us.iter().filter_map(assemblyai_utterance).collect(),
            None => whole_text(value.get("text")),
        });
    }
    if let Some(results) = value.get("results") {
        if let Some(us) = results.get("utterances").and_then(Value::as_array) {
            return Ok(us
                .iter()
                .filter_map(|u| seconds_segment(u, "transcript"))
                .collect());
        }
        if let Some(alt) = results.pointer("/channels/0/alternatives/0") {
            return Ok(deepgram_alternative(alt));
        }
        if let Some(t) = results.get("transcripts").and_then(Value::as_array) {
            return Ok(aws(results, t));
        }
    }
    if value.get("text").is_some_and(Value::is_string) {
        return Ok(whole_text(value.get("text")));
    }
    Err(unknown())
}

fn secs(v: Option<&Value>) -> Option<Timestamp> {
    let s = match v? {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.parse().ok()?,
        _ => return None,
    };
    (s.is_finite() && s >= 0.0).then(|| Timestamp((s * 1000.0).round() as u64))
}

fn speaker(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(format!("Speaker {n}")),
        _ => None,
    }
}

fn plain_item(v: &Value) -> Option<Segment> {
    Some(Segment {
        speaker: speaker(v.get("speaker")),
        start: secs(v.get("start")),
        end: secs(v.get("end")),
        text: v.get("text")?.as_str()?.to_string(),
    })
}

fn seconds_segment(v: &Value, field: &str) -> Option<Segment> {
    Some(Segment {
        speaker: speaker(v.get("speaker")),
        start: secs(v.get("start")),
        end: secs(v.get("end")),
        text: v.get(field)?.as_str()?.to_string(),
    })
}

fn assemblyai_utterance(v: &Value) -> Option<Segment> {
    let ms = |k: &str| {
        v.get(k)
            .and_then(Value::as_f64)
            .map(|x| Timestamp(x.max(0.0) as u64))
    };
    Some(Segment {
        speaker: speaker(v.get("speaker")),
        start: ms("start"),
        end: ms("end"),
        text: v.get("text")?.as_str()?.to_string(),
    })
}

fn whole_text(v: Option<&Value>) -> Vec<Segment> {
    v.and_then(Value::as_str)
        .map(|t| {
            vec![Segment {
                speaker: None,
                start: None,
                end: None,
                text: t.to_string(),
            }]
        })
        .unwrap_or_default()
}

/// Deepgram's first alternative: paragraphs, else speaker-tagged words,
/// else the transcript.
fn deepgram_alternative(alt: &Value) -> Vec<Segment> {
    if let Some(ps) = alt
        .pointer("/paragraphs/paragraphs")
        .and_then(Value::as_array)
    {
        return ps
            .iter()
            .map(|p| Segment {
                speaker: speaker(p.get("speaker")),
                start: secs(p.get("start")),
                end: secs(p.get("end")),
                text: p
                    .get("sentences")
                    .and_then(Value::as_array)
                    .map(|ss| {
                        ss.iter()
                            .filter_map(|s| s.get("text").and_then(Value::as_str))
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .unwrap_or_default(),
            })
            .collect();
    }
    let words = alt.get("words").and_then(Value::as_array);
    if let Some(words) = words.filter(|w| w.iter().any(|w| w.get("speaker").is_some())) {
        let mut out: Vec<Segment> = Vec::new();
        for w in words {
            let sp = speaker(w.get("speaker"));
            let word = w
                .get("punctuated_word")
                .or_else(|| w.get("word"))
                .and_then(Value::as_str)
                .unwrap_or("");
            match out.last_mut() {
                Some(last) if last.speaker == sp => {
                    last.text.push(' ');
                    last.text.push_str(word);
                    last.end = secs(w.get("end")).or(last.end);
                }
                _ => out.push(Segment {
                    speaker: sp,
                    start: secs(w.get("start")),
                    end: secs(w.get("end")),
                    text: word.to_string(),
                }),
            }
        }
        return out;
    }
    whole_text(alt.get("transcript"))
}

/// AWS Transcribe: one segment per speaker-label segment, its words taken
/// from the items it spans; without speaker labels, the transcript.
fn aws(results: &Value, transcripts: &[Value]) -> Vec<Segment> {
    let items = results.get("items").and_then(Value::as_array);
    let labels = results
        .pointer("/speaker_labels/segments")
        .and_then(Value::as_array);
    let (Some(items), Some(labels)) = (items, labels) else {
        return whole_text(transcripts.first().and_then(|t| t.get("transcript")));
    };
    labels
        .iter()
        .map(|seg| {
            let (start, end) = (secs(seg.get("start_time")), secs(seg.get("end_time")));
            let mut text = String::new();
            let mut inside = false;
            for item in items {
                let content = item
                    .pointer("/alternatives/0/content")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                match secs(item.get("start_time")) {
                    Some(t) => {
                        inside = start.is_none_or(|s| t >= s) && end.is_none_or(|e| t < e);
                        if inside {
                            if !text.is_empty() {
                                text.push(' ');
                            }
                            text.push_str(content);
                        }
                    }
                    // Punctuation has no time: it follows its word.
                    None if inside => text.push_str(content),
                    None => {}
                }
            }
            Segment {
                speaker: speaker(seg.get("speaker_label")),
                start,
                end,
                text,
            }
        })
        .collect()
}

/// Reads a JSON transcript into turns.
pub fn parse(text: &str) -> Result<Transcript, ParseError> {
    let segs = segments(text)?;
    let spoken: Vec<_> = segs
        .into_iter()
        .map(|s| {
            (
                Spoken {
                    speaker: s.speaker,
                    text: s.text.trim().to_string(),
                },
                1,
                s.start.unwrap_or(Timestamp(0)),
            )
        })
        .collect();
    Ok(Transcript {
        format: None,
        turns: turns(spoken),
        warnings: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whisper_segments_with_speakers() {
        let t = parse(r#"{"text":"x","segments":[{"start":0.0,"end":2.5,"text":" How do you handle debt?","speaker":"SPEAKER_00"},{"start":2.5,"end":5,"text":" We track it.","speaker":"SPEAKER_01"},{"start":5,"end":6,"text":" Weekly.","speaker":"SPEAKER_01"}]}"#).unwrap();
        assert_eq!(t.turns.len(), 2);
        assert_eq!(t.turns[1].text, "We track it.\nWeekly.");
        assert_eq!(t.turns[1].origins[1].time, Some(Timestamp(5000)));
    }

    #[test]
    fn plain_array_and_assemblyai() {
        let t = parse(r#"[{"speaker":"Me","text":"Tech debt?","start":1.5},{"speaker":"Dana","text":"We track it."}]"#).unwrap();
        assert_eq!(t.turns[0].origins[0].time, Some(Timestamp(1500)));
        let s = segments(r#"{"utterances":[{"speaker":"A","start":170,"end":2000,"text":"Hi"}]}"#)
            .unwrap();
        assert_eq!(s[0].start, Some(Timestamp(170)));
        let s = segments(r#"{"utterances":null,"text":"All of it."}"#).unwrap();
        assert_eq!(s[0].text, "All of it.");
    }

    #[test]
    fn unknown_shapes_say_what_is_known() {
        let e = segments(r#"{"foo": 1}"#).unwrap_err();
        assert!(e.message.contains("Whisper") && e.message.contains("AWS"));
        let e = segments("{\n\"a\": }").unwrap_err();
        assert_eq!(e.line, 2);
    }
}
