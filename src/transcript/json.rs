//! Speech-to-text JSON: Whisper, AssemblyAI, Deepgram, AWS Transcribe, and a
//! plain array of `{speaker, text, start?}`, its fields under the names
//! exports give them, its speakers named or given by an id that a roster
//! beside the list names (`"speakers": [{"id": 0, "name": "Omar Hassan"}]`).
//!
//! Each shape becomes a list of [`Segment`]s (what the vendor calls segments,
//! utterances or paragraphs), then turns. A list of a known name none of
//! whose items has text is not taken for an empty transcript: the other
//! shapes are tried. Times are seconds except
//! AssemblyAI's milliseconds; AWS writes them as strings. A time that is not
//! a number, or is negative or beyond 1,000 hours, is no time, with a
//! warning naming where it is (`segments[2].start`). A shape candor does not
//! know is an error that lists the shapes it knows.

use super::json_value::{Value, ROSTERS};

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

const KNOWN: &str = "candor reads Whisper (\"segments\"), AssemblyAI (\"utterances\", or \"text\"), Deepgram (\"results\" with \"utterances\" or \"channels\"), AWS Transcribe (\"results\" with \"transcripts\"), or an array of {\"speaker\", \"text\", \"start\"} (or \"speaker_label\", \"content\", \"start_time\"; the text also as \"transcript\", \"sentence\", \"body\", \"message\" or \"words\"; the speaker also as a \"speaker_id\" or \"participant\" that a \"speakers\", \"participants\" or \"attendees\" roster names), alone or under \"segments\", \"utterances\", \"items\", \"transcript\", \"turns\", \"entries\", \"messages\", \"conversation\", \"dialogue\", \"lines\", \"data\", \"records\", \"result\" or \"payload\" (or a list inside one of those)";

/// Times are read from 0 up to this many milliseconds (1,000 hours); any
/// other time, or one that is not a number, is no time, with a warning.
const MAX_MS: f64 = 1000.0 * 3_600_000.0;

/// Bad times named one by one in the warnings; the rest are counted.
const NAMED: usize = 5;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    Seconds,
    Millis,
}

/// Reads times, noting the ones it cannot take.
#[derive(Default)]
struct Times {
    warnings: Vec<String>,
    bad: usize,
}

impl Times {
    /// The time in `v`, in `unit`; `at` names where it is (`segments[2].start`).
    fn read(
        &mut self,
        v: Option<&Value>,
        unit: Unit,
        at: impl FnOnce() -> String,
    ) -> Option<Timestamp> {
        let v = v?;
        let n = match v {
            Value::Null => return None,
            Value::Number(n) => n.as_f64(),
            // A clock (`"00:01:08"`, `"1:08.5"`) is a time whatever the unit.
            Value::String(s) => match super::clock::parse_clock(s.trim()) {
                Some(at) => return Some(at),
                None => s.trim().parse::<f64>().ok(),
            },
            _ => None,
        }
        .filter(|n| !n.is_nan());
        let Some(n) = n else {
            let unit = match unit {
                Unit::Seconds => "seconds",
                Unit::Millis => "milliseconds",
            };
            self.bad(at, format!("{v} is not a number of {unit}"));
            return None;
        };
        let ms = match unit {
            Unit::Seconds => n * 1000.0,
            Unit::Millis => n,
        };
        if (0.0..=MAX_MS).contains(&ms) {
            Some(Timestamp(ms.round() as u64))
        } else {
            self.bad(at, format!("{v} is out of range (0 to 1,000 hours)"));
            None
        }
    }

    fn bad(&mut self, at: impl FnOnce() -> String, why: String) {
        self.bad += 1;
        if self.bad <= NAMED {
            self.warnings
                .push(format!("{}: {why}: read as no time", at()));
        }
    }

    fn finish(mut self) -> Vec<String> {
        if self.bad > NAMED {
            self.warnings.push(format!(
                "{} more times out of range or not numbers: read as no time",
                self.bad - NAMED
            ));
        }
        self.warnings
    }
}

/// Reads the segments of a JSON transcript.
pub fn segments(text: &str) -> Result<Vec<Segment>, ParseError> {
    read_segments(text).map(|(segments, _)| segments)
}

/// Reads the segments of a JSON transcript, and warnings about its times.
fn read_segments(text: &str) -> Result<(Vec<Segment>, Vec<String>), ParseError> {
    let value: Value =
        serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| ParseError {
            line: e.line() as u32,
            message: format!("invalid JSON: {e}"),
        })?;
    let unknown = || ParseError {
        line: 1,
        message: format!("unknown JSON transcript shape: {KNOWN}"),
    };
    let mut times = Times::default();
    let segments = shape(&value, &mut times).ok_or_else(unknown)?;
    Ok((segments, times.finish()))
}

/// A list read from a list of `items`, unless it is empty though `items`
/// is not: none of them had text, so the list is not of this shape.
fn read_any(items: &[Value], read: Vec<Segment>) -> Option<Vec<Segment>> {
    (!read.is_empty() || items.is_empty()).then_some(read)
}

/// The segments of a known shape; `None` for an unknown one. A list that
/// has items but no text in any of them is not its shape: the next shape is
/// tried. (Its items are dropped before their times are read: a shape not
/// taken leaves no warnings.)
fn shape(value: &Value, times: &mut Times) -> Option<Vec<Segment>> {
    if let Value::Array(items) = value {
        return items
            .iter()
            .enumerate()
            .map(|(i, v)| turn(v, times, &Roster::default(), || format!("[{i}]")))
            .collect::<Option<Vec<_>>>();
    }
    let roster = Roster::of(value);
    if let Some(segs) = value.get("segments").and_then(Value::as_array) {
        // Whisper's, whose `text`, `start` and `end` a turn reads first, or
        // another tool's list by that name (`words`, `timestamp`,
        // `speaker_id`). Reserved at once: a filtered list would grow by
        // doubling.
        let mut out = Vec::with_capacity(segs.len());
        out.extend(
            segs.iter()
                .enumerate()
                .filter_map(|(i, s)| turn(s, times, &roster, || format!("segments[{i}]"))),
        );
        if let Some(out) = read_any(segs, out) {
            return Some(out);
        }
    }
    if value.get("utterances").is_some() {
        // AssemblyAI: milliseconds; `utterances: null` falls back to `text`.
        match value["utterances"].as_array() {
            Some(us) => {
                let out = us
                    .iter()
                    .enumerate()
                    .filter_map(|(i, u)| assemblyai_utterance(u, times, &roster, i))
                    .collect();
                if let Some(out) = read_any(us, out) {
                    return Some(out);
                }
            }
            None => return Some(whole_text(value.get("text"))),
        }
    }
    if let Some(results) = value.get("results") {
        if let Some(us) = results.get("utterances").and_then(Value::as_array) {
            let out = us
                .iter()
                .enumerate()
                .filter_map(|(i, u)| {
                    timed_segment(u, "transcript", times, &roster, || {
                        format!("results.utterances[{i}]")
                    })
                })
                .collect();
            if let Some(out) = read_any(us, out) {
                return Some(out);
            }
        }
        if let Some(alt) = results.pointer("/channels/0/alternatives/0") {
            return Some(deepgram_alternative(alt, times));
        }
        if let Some(t) = results.get("transcripts").and_then(Value::as_array) {
            return Some(aws(results, t, times));
        }
    }
    if value.get("text").is_some_and(Value::is_string) {
        return Some(whole_text(value.get("text")));
    }
    // A meeting tool's own export: the same list of turns under a name,
    // beside the meeting's details (`{"meeting": {..}, "transcript": [..]}`),
    // or one level further in (`"transcript": {"utterances": [..]}`).
    // Its roster may sit beside the list (`"transcript": {"speakers": [..],
    // "segments": [..]}`) or at the top.
    let (path, turns, beside) = turn_list(value)?;
    let roster = Some(Roster::of(beside))
        .filter(|r| !r.0.is_empty())
        .unwrap_or(roster);
    Some(
        turns
            .iter()
            .enumerate()
            .filter_map(|(i, t)| turn(t, times, &roster, || format!("{path}[{i}]")))
            .collect(),
    )
}

/// The names a list of turns goes by inside a wrapper object.
const INNER_LISTS: [&str; 3] = ["utterances", "segments", "items"];

/// A list of turns (objects with a text field) under one of [`WRAPPERS`],
/// or under a list name inside one, or under a list name on top, with the
/// path to it and the object it sits in.
fn turn_list(value: &Value) -> Option<(String, &[Value], &Value)> {
    fn turns(v: &Value) -> Option<&[Value]> {
        v.as_array()
            .filter(|items| items.iter().any(|t| turn_text(t).is_some()))
    }
    for key in WRAPPERS {
        let Some(inner) = value.get(key) else {
            continue;
        };
        if let Some(list) = turns(inner) {
            return Some((key.to_string(), list, value));
        }
        for name in WRAPPERS.iter().chain(&INNER_LISTS) {
            if let Some(list) = inner.get(name).and_then(turns) {
                return Some((format!("{key}.{name}"), list, inner));
            }
        }
    }
    // A vendor's list name on top, its items without the vendor's fields
    // (`"utterances": [{"speaker_id": 1, "transcript": "..."}]`).
    INNER_LISTS.iter().find_map(|name| {
        let list = value.get(name).and_then(turns)?;
        Some((name.to_string(), list, value))
    })
}

/// What a turn of a list of turns names its fields, in order of preference.
/// The text is the first of these that is a string: Whisper's `words` is a
/// list of timed words, and no text.
const TURN_TEXT: [&str; 8] = [
    "text",
    "content",
    "utterance",
    "transcript",
    "sentence",
    "body",
    "message",
    "words",
];
const TURN_SPEAKER: [&str; 4] = ["speaker", "speaker_label", "speaker_name", "name"];
/// A speaker given by id (a number or a string), named by the roster.
const TURN_SPEAKER_ID: [&str; 5] = [
    "speaker_id",
    "speakerId",
    "speaker_index",
    "participant_id",
    "participant",
];
const TURN_START: [&str; 4] = ["start", "start_time", "timestamp", "time"];
const TURN_END: [&str; 2] = ["end", "end_time"];

/// The first of `keys` that `v` has.
fn first<'v>(v: &'v Value, keys: &[&str]) -> Option<&'v Value> {
    keys.iter().find_map(|k| v.get(k))
}

/// The text of a turn: the first of [`TURN_TEXT`] that is a string.
fn turn_text(v: &Value) -> Option<&str> {
    TURN_TEXT.iter().find_map(|k| v.get(k)?.as_str())
}

/// A turn of a list of turns: its text, speaker and times under any of the
/// names exports give them (`content`, `speaker_label`, `start_time`), times
/// in seconds or as clocks, a speaker given by id named by `roster`.
fn turn(v: &Value, times: &mut Times, roster: &Roster, at: impl Fn() -> String) -> Option<Segment> {
    let text = turn_text(v)?.to_string();
    let mut time = |keys: &[&str]| {
        let key = keys.iter().find(|k| v.get(k).is_some())?;
        times.read(v.get(key), Unit::Seconds, || format!("{}.{key}", at()))
    };
    let start = time(&TURN_START);
    let end = time(&TURN_END);
    Some(Segment {
        speaker: who(v, &TURN_SPEAKER, roster),
        start,
        end,
        text,
    })
}

/// The names a list of turns goes by in an export of its own.
const WRAPPERS: [&str; 11] = [
    "transcript",
    "turns",
    "entries",
    "messages",
    "conversation",
    "dialogue",
    "lines",
    "data",
    "records",
    "result",
    "payload",
];

fn speaker(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(format!("Speaker {n}")),
        // A person as an object (`"participant": {"name": "Dana"}`).
        v @ (Value::Object(_) | Value::Map(_)) => speaker(first(v, &ROSTER_NAME)),
        _ => None,
    }
}

/// Who speaks turn `v`: the first of its speaker fields `names` (a name, or
/// an id the roster names), else its speaker id ([`TURN_SPEAKER_ID`]) as the
/// roster names it; an id the roster lacks is `Speaker N` when a number, and
/// itself when a string, as a speaker field is.
fn who(v: &Value, names: &[&str], roster: &Roster) -> Option<String> {
    if let Some(s) = first(v, names) {
        if let Some(name) = roster.name(s).or_else(|| speaker(Some(s))) {
            return Some(name);
        }
    }
    let id = first(v, &TURN_SPEAKER_ID)?;
    roster.name(id).or_else(|| speaker(Some(id)))
}

/// What a roster entry names its fields: its id, its name and its role.
const ROSTER_ID: [&str; 4] = ["id", "speaker_id", "speakerId", "participant_id"];
const ROSTER_NAME: [&str; 3] = ["name", "display_name", "label"];
const ROSTER_ROLE: [&str; 2] = ["title", "role"];

/// The speakers a transcript names by id, each id (a number by its digits)
/// with the label its turns get: from a list (`"speakers": [{"id": 0,
/// "name": "Omar Hassan", "title": "CTO"}]`) or a map (`"participants":
/// {"0": "Omar Hassan", "1": {"name": "Lukas Berg"}}`) under one of
/// [`ROSTERS`].
#[derive(Default)]
struct Roster(Vec<(String, String)>);

impl Roster {
    /// The first roster in `v` that names anyone.
    fn of(v: &Value) -> Roster {
        ROSTERS
            .iter()
            .filter_map(|k| v.get(k))
            .map(Roster::read)
            .find(|r| !r.0.is_empty())
            .unwrap_or_default()
    }

    fn read(v: &Value) -> Roster {
        let entries = match v {
            Value::Array(entries) => entries
                .iter()
                .filter_map(|e| Some((id(first(e, &ROSTER_ID)?)?, person(e)?)))
                .collect(),
            _ => v
                .fields()
                .into_iter()
                .filter_map(|(k, e)| {
                    let name = match e {
                        Value::String(_) => speaker(Some(e)),
                        _ => person(e),
                    };
                    Some((k.trim().to_string(), name?))
                })
                .collect(),
        };
        Roster(entries)
    }

    /// The label of the speaker whose id is `v`.
    fn name(&self, v: &Value) -> Option<String> {
        if self.0.is_empty() {
            return None;
        }
        let id = id(v)?;
        self.0
            .iter()
            .find(|(k, _)| *k == id)
            .map(|(_, n)| n.clone())
    }
}

/// An id as the roster keeps it: a number by its digits, a string trimmed.
fn id(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    }
}

/// The label of a roster entry: its name, and its role in brackets
/// (`Omar Hassan (CTO)`), as a speaker label is written in plain text: the
/// speaker's key stays the name, and a role the segmenter knows (`CTO`)
/// tells it who answers when the turns do not.
fn person(e: &Value) -> Option<String> {
    let name = speaker(first(e, &ROSTER_NAME))?;
    let role = ROSTER_ROLE
        .iter()
        .find_map(|k| e.get(k)?.as_str())
        .map(str::trim)
        .filter(|r| !r.is_empty() && !r.contains(['(', ')']));
    Some(match role {
        Some(role) => format!("{name} ({role})"),
        None => name,
    })
}

/// A segment with `start` and `end` in seconds and its text in `field`;
/// `at` names it (`segments[2]`).
fn timed_segment(
    v: &Value,
    field: &str,
    times: &mut Times,
    roster: &Roster,
    at: impl Fn() -> String,
) -> Option<Segment> {
    let text = v.get(field)?.as_str()?.to_string();
    Some(Segment {
        speaker: who(v, &["speaker"], roster),
        start: times.read(v.get("start"), Unit::Seconds, || format!("{}.start", at())),
        end: times.read(v.get("end"), Unit::Seconds, || format!("{}.end", at())),
        text,
    })
}

fn assemblyai_utterance(
    v: &Value,
    times: &mut Times,
    roster: &Roster,
    i: usize,
) -> Option<Segment> {
    let text = v.get("text")?.as_str()?.to_string();
    Some(Segment {
        speaker: who(v, &["speaker"], roster),
        start: times.read(v.get("start"), Unit::Millis, || {
            format!("utterances[{i}].start")
        }),
        end: times.read(v.get("end"), Unit::Millis, || {
            format!("utterances[{i}].end")
        }),
        text,
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
fn deepgram_alternative(alt: &Value, times: &mut Times) -> Vec<Segment> {
    const AT: &str = "results.channels[0].alternatives[0]";
    if let Some(ps) = alt
        .pointer("/paragraphs/paragraphs")
        .and_then(Value::as_array)
    {
        return ps
            .iter()
            .enumerate()
            .map(|(i, p)| Segment {
                speaker: speaker(p.get("speaker")),
                start: times.read(p.get("start"), Unit::Seconds, || {
                    format!("{AT}.paragraphs.paragraphs[{i}].start")
                }),
                end: times.read(p.get("end"), Unit::Seconds, || {
                    format!("{AT}.paragraphs.paragraphs[{i}].end")
                }),
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
        for (i, w) in words.iter().enumerate() {
            let sp = speaker(w.get("speaker"));
            let word = w
                .get("punctuated_word")
                .or_else(|| w.get("word"))
                .and_then(Value::as_str)
                .unwrap_or("");
            let start = times.read(w.get("start"), Unit::Seconds, || {
                format!("{AT}.words[{i}].start")
            });
            let end = times.read(w.get("end"), Unit::Seconds, || {
                format!("{AT}.words[{i}].end")
            });
            match out.last_mut() {
                Some(last) if last.speaker == sp => {
                    last.text.push(' ');
                    last.text.push_str(word);
                    last.end = end.or(last.end);
                }
                _ => out.push(Segment {
                    speaker: sp,
                    start,
                    end,
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
fn aws(results: &Value, transcripts: &[Value], times: &mut Times) -> Vec<Segment> {
    let items = results.get("items").and_then(Value::as_array);
    let labels = results
        .pointer("/speaker_labels/segments")
        .and_then(Value::as_array);
    let (Some(items), Some(labels)) = (items, labels) else {
        return whole_text(transcripts.first().and_then(|t| t.get("transcript")));
    };
    // Each item's time, read once.
    let item_times: Vec<Option<Timestamp>> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            times.read(item.get("start_time"), Unit::Seconds, || {
                format!("results.items[{i}].start_time")
            })
        })
        .collect();
    labels
        .iter()
        .enumerate()
        .map(|(i, seg)| {
            let start = times.read(seg.get("start_time"), Unit::Seconds, || {
                format!("results.speaker_labels.segments[{i}].start_time")
            });
            let end = times.read(seg.get("end_time"), Unit::Seconds, || {
                format!("results.speaker_labels.segments[{i}].end_time")
            });
            let mut text = String::new();
            let mut inside = false;
            for (item, time) in items.iter().zip(&item_times) {
                let content = item
                    .pointer("/alternatives/0/content")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                match time {
                    Some(t) => {
                        inside = start.is_none_or(|s| *t >= s) && end.is_none_or(|e| *t < e);
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

/// Reads a JSON transcript into turns. A segment without a usable start
/// time has no time.
pub fn parse(text: &str) -> Result<Transcript, ParseError> {
    let (segs, warnings) = read_segments(text)?;
    let spoken: Vec<_> = segs
        .into_iter()
        .map(|s| {
            (
                Spoken {
                    speaker: s.speaker,
                    text: s.text.trim().to_string(),
                },
                1,
                s.start,
            )
        })
        .collect();
    Ok(Transcript {
        format: None,
        turns: turns(spoken),
        warnings,
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
    fn a_list_of_turns_under_a_name_with_clock_times() {
        let t = parse(r#"{"meeting":{"title":"Interview"},"transcript":[{"speaker":"Elena","start":"00:00:08","text":"How do you handle debt?"},{"speaker":"Kenji","start":"00:01:18.5","text":"Two weeks of cleaning after each ship."}]}"#).unwrap();
        assert_eq!(t.turns.len(), 2);
        assert_eq!(t.turns[1].speaker.as_deref(), Some("Kenji"));
        assert_eq!(t.turns[0].origins[0].time, Some(Timestamp(8_000)));
        assert_eq!(t.turns[1].origins[0].time, Some(Timestamp(78_500)));
        for key in WRAPPERS {
            let json = format!(r#"{{"{key}":[{{"speaker":"A","text":"Hi"}}]}}"#);
            assert_eq!(segments(&json).unwrap().len(), 1, "{key}");
        }
        // Fields as other exports name them.
        let t = parse(r#"{"export_version":"2","transcript":[{"speaker_label":"Ana","start_time":"0:05","content":"Tech debt?"},{"speaker_label":"Raj","start_time":"0:09","content":"A fifth of each sprint."}]}"#).unwrap();
        assert_eq!(t.turns[1].speaker.as_deref(), Some("Raj"));
        assert_eq!(t.turns[1].text, "A fifth of each sprint.");
        assert_eq!(t.turns[1].origins[0].time, Some(Timestamp(9_000)));
        // One level further in.
        let s = segments(r#"{"export":{"source":"x"},"transcript":{"utterances":[{"speaker":"A","timestamp":"00:00:05","text":"Hi"}]}}"#).unwrap();
        assert_eq!((s.len(), s[0].start), (1, Some(Timestamp(5_000))));
        // A list under such a name without text is no transcript.
        assert!(segments(r#"{"lines":[{"id":1}]}"#).is_err());
    }

    #[test]
    fn unknown_shapes_say_what_is_known() {
        let e = segments(r#"{"foo": 1}"#).unwrap_err();
        assert!(e.message.contains("Whisper") && e.message.contains("AWS"));
        let e = segments("{\n\"a\": }").unwrap_err();
        assert_eq!(e.line, 2);
    }

    #[test]
    fn times_out_of_range_or_not_numbers_are_no_time_with_a_warning() {
        let t = parse(r#"{"segments":[{"start":1e308,"end":2,"text":"Q?","speaker":"A"},{"start":-3,"end":"abc","text":"Yes.","speaker":"B"},{"start":"4.5","end":null,"text":"Sure.","speaker":"A"},{"start":true,"text":"No.","speaker":"B"}]}"#).unwrap();
        let times: Vec<_> = t.turns.iter().map(|t| t.origins[0].time).collect();
        assert_eq!(times, [None, None, Some(Timestamp(4500)), None]);
        assert_eq!(
            t.warnings,
            [
                "segments[0].start: 1e+308 is out of range (0 to 1,000 hours): read as no time",
                "segments[1].start: -3 is out of range (0 to 1,000 hours): read as no time",
                "segments[1].end: \"abc\" is not a number of seconds: read as no time",
                "segments[3].start: true is not a number of seconds: read as no time",
            ]
        );
        // AssemblyAI's milliseconds: the limit is the same time.
        let t =
            parse(r#"{"utterances":[{"speaker":"A","start":3600000001,"end":-1,"text":"Hi"}]}"#)
                .unwrap();
        assert_eq!(t.turns[0].origins[0].time, None);
        assert_eq!(t.warnings.len(), 2, "{:?}", t.warnings);
        assert!(t.warnings[0].starts_with("utterances[0].start: 3600000001 is out of range"));
    }

    #[test]
    fn many_bad_times_are_counted_not_listed() {
        let items: Vec<String> = (0..8)
            .map(|i| format!(r#"{{"speaker":"A","text":"t{i}","start":"x"}}"#))
            .collect();
        let t = parse(&format!("[{}]", items.join(","))).unwrap();
        assert_eq!(t.warnings.len(), 6, "{:?}", t.warnings);
        assert_eq!(
            t.warnings[0],
            "[0].start: \"x\" is not a number of seconds: read as no time"
        );
        assert_eq!(
            t.warnings[5],
            "3 more times out of range or not numbers: read as no time"
        );
    }

    /// Each turn's speaker, time and text.
    fn read(json: &str) -> Vec<(Option<String>, Option<Timestamp>, String)> {
        segments(json)
            .unwrap()
            .into_iter()
            .map(|s| (s.speaker, s.start, s.text))
            .collect()
    }

    fn said(
        speaker: &str,
        ms: Option<u64>,
        text: &str,
    ) -> (Option<String>, Option<Timestamp>, String) {
        (
            Some(speaker.to_string()),
            ms.map(Timestamp),
            text.to_string(),
        )
    }

    #[test]
    fn segments_with_words_and_speakers_by_id_from_a_roster() {
        let json = r#"{"title": "Acme x Ana - CTO interview",
            "speakers": [{"id": 0, "name": "Dana Reyes", "title": "CTO"},
                         {"id": 1, "name": "Ana Lima", "title": "Candidate"}],
            "segments": [
                {"speaker_id": 1, "timestamp": "00:00:04", "words": "How do you handle tech debt?"},
                {"speaker_id": 0, "timestamp": "00:00:09", "words": "A fifth of each sprint."},
                {"speaker_id": 0, "timestamp": "00:00:15", "words": "We track it."},
                {"speaker_id": 2, "timestamp": "00:00:20", "words": "Sorry, joining late."}]}"#;
        assert_eq!(
            read(json),
            [
                said(
                    "Ana Lima (Candidate)",
                    Some(4_000),
                    "How do you handle tech debt?"
                ),
                said("Dana Reyes (CTO)", Some(9_000), "A fifth of each sprint."),
                said("Dana Reyes (CTO)", Some(15_000), "We track it."),
                // An id the roster lacks is a diarisation number.
                said("Speaker 2", Some(20_000), "Sorry, joining late."),
            ]
        );
        let t = parse(json).unwrap();
        assert_eq!(t.turns.len(), 3);
        assert_eq!(t.turns[1].text, "A fifth of each sprint.\nWe track it.");
        assert!(t.warnings.is_empty(), "{:?}", t.warnings);
        // Without a roster, ids are speakers as numbers are.
        let s = read(
            r#"{"segments": [{"speaker_id": 3, "words": "Hi"}, {"speakerId": "spk_1", "words": "Hello"}]}"#,
        );
        assert_eq!(
            s,
            [said("Speaker 3", None, "Hi"), said("spk_1", None, "Hello")]
        );
    }

    #[test]
    fn a_roster_as_a_map_and_ids_as_strings() {
        let json = r#"{"participants": {"0": "Ana", "spk_1": {"name": "Raj", "role": "CTO"}, "2": {"display_name": "Kim"}},
            "transcript": [
                {"participant": 0, "start_time": 1, "content": "Tech debt?"},
                {"participant_id": "spk_1", "start_time": 2, "message": "A fifth of each sprint."},
                {"speaker_index": "2", "body": "And on call?"},
                {"speakerId": 7, "sentence": "Weekly."},
                {"participant_id": "x9", "transcript": "Paid."}]}"#;
        assert_eq!(
            read(json),
            [
                said("Ana", Some(1_000), "Tech debt?"),
                said("Raj (CTO)", Some(2_000), "A fifth of each sprint."),
                said("Kim", None, "And on call?"),
                said("Speaker 7", None, "Weekly."),
                // A string id the roster lacks is the speaker as written.
                said("x9", None, "Paid."),
            ]
        );
        // A list roster's numbers match ids written as strings, and the
        // other way round; a roster beside the list counts as one on top.
        let s = read(
            r#"{"transcript": {"attendees": [{"id": "7", "label": "Ana"}, {"id": 8, "name": "Raj"}],
            "segments": [{"speaker_id": 7, "text": "Tech debt?"}, {"speaker_id": "8", "text": "Tracked."}]}}"#,
        );
        assert_eq!(
            s,
            [
                said("Ana", None, "Tech debt?"),
                said("Raj", None, "Tracked.")
            ]
        );
        // A speaker field that is an id the roster knows is named too.
        let s = read(
            r#"{"speakers": {"SPEAKER_00": "Ana"}, "segments": [{"speaker": "SPEAKER_00", "text": "Hi", "start": 0}, {"speaker": "SPEAKER_01", "text": "Hello", "start": 1}]}"#,
        );
        assert_eq!(
            s,
            [
                said("Ana", Some(0), "Hi"),
                said("SPEAKER_01", Some(1_000), "Hello")
            ]
        );
    }

    #[test]
    fn text_is_the_first_text_field_that_is_a_string() {
        let s = read(
            r#"[{"speaker": "A", "text": "one", "words": "two"}, {"speaker": "A", "words": [{"word": "x"}], "transcript": "three"}, {"speaker": "A", "text": null, "content": "four"}]"#,
        );
        let texts: Vec<_> = s.iter().map(|s| s.2.as_str()).collect();
        assert_eq!(texts, ["one", "three", "four"]);
    }

    #[test]
    fn whisper_reads_as_before() {
        // Word timestamps: `words` is a list, and the segment's text counts.
        let json = r#"{"text": " How do you handle debt? We track it.", "language": "en", "segments": [
            {"id": 0, "seek": 0, "start": 0.0, "end": 2.5, "text": " How do you handle debt?", "tokens": [50364, 1119], "words": [{"word": " How", "start": 0.0, "end": 0.4, "probability": 0.9}]},
            {"id": 1, "seek": 0, "start": 2.5, "end": 4.25, "text": " We track it.", "words": [{"word": " We", "start": 2.5, "end": 2.7}]},
            {"id": 2, "start": 4.25, "end": 5, "words": [{"word": " Um", "start": 4.25, "end": 5}]}]}"#;
        let s = segments(json).unwrap();
        assert_eq!(
            s,
            [
                Segment {
                    speaker: None,
                    start: Some(Timestamp(0)),
                    end: Some(Timestamp(2_500)),
                    text: " How do you handle debt?".into(),
                },
                Segment {
                    speaker: None,
                    start: Some(Timestamp(2_500)),
                    end: Some(Timestamp(4_250)),
                    text: " We track it.".into(),
                },
            ]
        );
        // Diarised: speakers as the diariser names them.
        let s = read(
            r#"{"segments": [{"start": 1, "end": 2, "text": "Hi", "speaker": "SPEAKER_00"}, {"start": 2, "end": 3, "text": "Hello", "speaker": 1}]}"#,
        );
        assert_eq!(
            s,
            [
                said("SPEAKER_00", Some(1_000), "Hi"),
                said("Speaker 1", Some(2_000), "Hello")
            ]
        );
    }

    #[test]
    fn a_known_list_without_text_is_not_an_empty_transcript() {
        // Segments with no text anywhere: an error, not an empty transcript.
        for json in [
            r#"{"speakers": [{"id": 0, "name": "Ana"}], "segments": [{"speaker_id": 0, "timestamp": "00:00:04", "words": [{"word": "Hi"}]}, {"speaker_id": 0, "said": "Hello"}]}"#,
            r#"{"utterances": [{"speaker": "A", "start": 0, "said": "Hi"}]}"#,
            r#"{"results": {"utterances": [{"speaker": 0, "said": "Hi"}]}}"#,
        ] {
            let e = segments(json).unwrap_err();
            assert!(
                e.message.starts_with("unknown JSON transcript shape"),
                "{json}: {e:?}"
            );
            assert!(e.message.contains("\"words\"") && e.message.contains("\"speakers\""));
        }
        // Other shapes are tried: a list of turns beside them, or the text.
        let s =
            read(r#"{"segments": [{"id": 1}], "transcript": [{"speaker": "A", "text": "Hi"}]}"#);
        assert_eq!(s, [said("A", None, "Hi")]);
        let s = segments(
            r#"{"segments": [{"id": 1, "words": [{"word": "x"}]}], "text": "All of it."}"#,
        )
        .unwrap();
        assert_eq!(s[0].text, "All of it.");
        let s = segments(r#"{"utterances": [{"id": 1}], "text": "All of it."}"#).unwrap();
        assert_eq!(s[0].text, "All of it.");
        // A vendor's list whose items have text under another name is read
        // as a list of turns (times in seconds).
        let s = read(r#"{"utterances": [{"speaker_id": 2, "start": 3, "transcript": "Hi"}]}"#);
        assert_eq!(s, [said("Speaker 2", Some(3_000), "Hi")]);
        // An empty list is an empty transcript, as before.
        assert!(segments(r#"{"segments": []}"#).unwrap().is_empty());
    }

    #[test]
    fn a_segment_without_a_time_has_none() {
        let t = parse(r#"[{"speaker":"Me","text":"Tech debt?"}]"#).unwrap();
        assert_eq!(t.turns[0].origins[0].time, None);
        assert!(t.warnings.is_empty());
    }
}
