//! A JSON value that takes less memory than `serde_json::Value`, for
//! reading speech-to-text exports. An object keeps only the fields the
//! reader looks at ([`KEYS`]; a Whisper segment's `tokens`, `avg_logprob`
//! and the like are checked as JSON and dropped), as one boxed slice, not a
//! tree map, with its keys shared. A 7 MB Whisper export peaked at 6.8x its
//! size with `serde_json::Value`. A roster of speakers ([`ROSTERS`]) keeps
//! every field, as its keys may be the speakers' ids (`{"0": "Omar"}`).
//! Only what the reader asks of a value is here.

use std::fmt;

use serde::de::{
    Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde_json::Number;

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Value {
    Null,
    Bool(bool),
    Number(Number),
    String(Box<str>),
    Array(Box<[Value]>),
    /// The fields named in [`KEYS`], in order.
    Object(Box<[(&'static str, Value)]>),
    /// An object under a roster field ([`ROSTERS`]): every field, in order.
    Map(Box<[(Box<str>, Value)]>),
}

/// Fields that hold a roster of speakers: what they hold keeps every field,
/// small as it is, since a roster may be keyed by the speakers' ids.
pub(super) const ROSTERS: [&str; 3] = ["speakers", "participants", "attendees"];

/// Every field name the JSON reader looks up; other fields are dropped as
/// they are read.
pub(super) const KEYS: &[&str] = &[
    "alternatives",
    "attendees",
    "body",
    "channels",
    "content",
    "conversation",
    "data",
    "dialogue",
    "end",
    "end_time",
    "entries",
    "items",
    "lines",
    "message",
    "messages",
    "name",
    "paragraphs",
    "participant",
    "participant_id",
    "participants",
    "payload",
    "punctuated_word",
    "records",
    "result",
    "results",
    "segments",
    "sentence",
    "sentences",
    "speaker",
    "speakerId",
    "speaker_id",
    "speaker_index",
    "speaker_label",
    "speaker_labels",
    "speaker_name",
    "speakers",
    "start",
    "start_time",
    "text",
    "time",
    "timestamp",
    "transcript",
    "transcripts",
    "turns",
    "utterance",
    "utterances",
    "word",
    "words",
];

impl Value {
    /// The field `key` of an object (its last, as in `serde_json`, when a
    /// key is repeated).
    pub(super) fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(fields) => fields.iter().rev().find(|(k, _)| *k == key).map(|(_, v)| v),
            Value::Map(fields) => fields
                .iter()
                .rev()
                .find(|(k, _)| &**k == key)
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value at a JSON Pointer (`/channels/0/alternatives/0`).
    pub(super) fn pointer(&self, path: &str) -> Option<&Value> {
        if path.is_empty() {
            return Some(self);
        }
        path.strip_prefix('/')?
            .split('/')
            .try_fold(self, |v, token| {
                let token = token.replace("~1", "/").replace("~0", "~");
                match v {
                    Value::Object(_) | Value::Map(_) => v.get(&token),
                    Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
                    _ => None,
                }
            })
    }

    pub(super) fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub(super) fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub(super) fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }

    /// The fields of an object, keys as written, in order.
    pub(super) fn fields(&self) -> Vec<(&str, &Value)> {
        match self {
            Value::Object(fields) => fields.iter().map(|(k, v)| (*k, v)).collect(),
            Value::Map(fields) => fields.iter().map(|(k, v)| (&**k, v)).collect(),
            _ => Vec::new(),
        }
    }
}

/// `value["key"]`: the field, or null when there is none.
impl std::ops::Index<&str> for Value {
    type Output = Value;

    fn index(&self, key: &str) -> &Value {
        static NULL: Value = Value::Null;
        self.get(key).unwrap_or(&NULL)
    }
}

/// As JSON, for warnings that quote a value (`"abc" is not a number`).
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let quoted = |f: &mut fmt::Formatter<'_>, s: &str| match serde_json::to_string(s) {
            Ok(q) => f.write_str(&q),
            Err(_) => Err(fmt::Error),
        };
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(n) => write!(f, "{n}"),
            Value::String(s) => quoted(f, s),
            Value::Array(items) => {
                f.write_str("[")?;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str("]")
            }
            Value::Object(_) | Value::Map(_) => {
                f.write_str("{")?;
                for (i, (k, v)) in self.fields().into_iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    quoted(f, k)?;
                    write!(f, ":{v}")?;
                }
                f.write_str("}")
            }
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(ValueVisitor { all_keys: false })
    }
}

/// Reads a value; `all_keys` keeps every field of its objects, and of the
/// objects inside (a roster), not only [`KEYS`].
#[derive(Clone, Copy)]
struct ValueVisitor {
    all_keys: bool,
}

impl<'de> DeserializeSeed<'de> for ValueVisitor {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.deserialize(d)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        // JSON has no NaN or infinity; serde_json reads none.
        Ok(Number::from_f64(n).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.into()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s.into_boxed_str()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(v) = seq.next_element_seed(self)? {
            items.push(v);
        }
        Ok(Value::Array(items.into_boxed_slice()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        if self.all_keys {
            let mut fields: Vec<(Box<str>, Value)> = Vec::new();
            while let Some(key) = map.next_key::<String>()? {
                fields.push((key.into_boxed_str(), map.next_value_seed(self)?));
            }
            return Ok(Value::Map(fields.into_boxed_slice()));
        }
        let mut fields: Vec<(&'static str, Value)> = Vec::new();
        while let Some(Key(key)) = map.next_key::<Key>()? {
            match key {
                Some(key) => {
                    let all_keys = ROSTERS.contains(&key);
                    fields.push((key, map.next_value_seed(ValueVisitor { all_keys })?));
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Value::Object(fields.into_boxed_slice()))
    }
}

/// A field name: one of [`KEYS`], or `None` for a field the reader ignores.
struct Key(Option<&'static str>);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E>(self, s: &str) -> Result<Key, E> {
        Ok(Key(KEYS.iter().copied().find(|k| *k == s)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_prints_as_json_does() {
        let text = r#"{"text": [1, 2.5, "x\"y", null, true], "tokens": [50364, 1119],
            "segments": {"start": -3, "seek": 0}, "text": 7}"#;
        let v: Value = serde_json::from_str(text).unwrap();
        // The last of a repeated key, as serde_json keeps.
        assert_eq!(v.get("text").map(ToString::to_string), Some("7".into()));
        assert_eq!(
            v.get("segments").unwrap().get("start").unwrap().to_string(),
            "-3"
        );
        // Fields the reader never asks for are not kept.
        assert_eq!(v.get("tokens"), None);
        assert_eq!(v.get("segments").unwrap().get("seek"), None);
        assert_eq!(v.as_object_fields().len(), 3);
        let first = &v.as_object_fields()[0].1;
        assert_eq!(first.to_string(), r#"[1,2.5,"x\"y",null,true]"#);
        assert_eq!(first.as_array().map(<[Value]>::len), Some(5));
        assert_eq!(first.as_array().unwrap()[2].as_str(), Some("x\"y"));
        assert!(first.as_array().unwrap()[2].is_string());
        assert_eq!(
            v.pointer("/segments/start").map(ToString::to_string),
            Some("-3".into())
        );
        assert_eq!(first.pointer("/2").and_then(Value::as_str), Some("x\"y"));
        assert_eq!(v.pointer("/segments/x"), None);
        assert_eq!(v["utterances"], Value::Null);
        // Invalid JSON in an ignored field is still an error.
        assert!(serde_json::from_str::<Value>(r#"{"tokens": [1,}"#).is_err());
        let big: Value = serde_json::from_str("1e308").unwrap();
        assert_eq!(big.to_string(), serde_json::Value::from(1e308).to_string());
    }

    #[test]
    fn a_roster_keeps_every_field() {
        let text = r#"{"speakers": {"0": "Omar", "spk_1": {"name": "Lukas", "title": "CTO", "x": 1}},
            "participants": [{"id": 3, "name": "Kim"}], "segments": [{"id": 4, "text": "Hi"}]}"#;
        let v: Value = serde_json::from_str(text).unwrap();
        assert_eq!(
            v.pointer("/speakers/0").and_then(Value::as_str),
            Some("Omar")
        );
        let lukas = v.pointer("/speakers/spk_1").unwrap();
        assert_eq!(lukas.get("title").and_then(Value::as_str), Some("CTO"));
        assert_eq!(lukas.fields().len(), 3);
        assert_eq!(
            v.pointer("/participants/0/id").map(ToString::to_string),
            Some("3".into())
        );
        // Outside a roster, only the reader's fields are kept.
        assert_eq!(v.pointer("/segments/0/id"), None);
        assert_eq!(
            v.get("speakers").unwrap().to_string(),
            r#"{"0":"Omar","spk_1":{"name":"Lukas","title":"CTO","x":1}}"#
        );
    }

    impl Value {
        fn as_object_fields(&self) -> &[(&'static str, Value)] {
            match self {
                Value::Object(fields) => fields,
                _ => &[],
            }
        }
    }
}
