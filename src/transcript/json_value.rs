//! A JSON value that takes less memory than `serde_json::Value`, for
//! reading speech-to-text exports. An object keeps only the fields the
//! reader looks at ([`KEYS`]; a Whisper segment's `tokens`, `avg_logprob`
//! and the like are checked as JSON and dropped), as one boxed slice, not a
//! tree map, with its keys shared. A 7 MB Whisper export peaked at 6.8x its
//! size with `serde_json::Value`. Only what the reader asks of a value is
//! here.

use std::fmt;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
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
}

/// Every field name the JSON reader looks up; other fields are dropped as
/// they are read.
pub(super) const KEYS: &[&str] = &[
    "alternatives",
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
    "messages",
    "name",
    "paragraphs",
    "payload",
    "punctuated_word",
    "records",
    "result",
    "results",
    "segments",
    "sentences",
    "speaker",
    "speaker_label",
    "speaker_labels",
    "speaker_name",
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
                    Value::Object(_) => v.get(&token),
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
            Value::Object(fields) => {
                f.write_str("{")?;
                for (i, (k, v)) in fields.iter().enumerate() {
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
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

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
        Value::deserialize(d)
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
        while let Some(v) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items.into_boxed_slice()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut fields: Vec<(&'static str, Value)> = Vec::new();
        while let Some(Key(key)) = map.next_key::<Key>()? {
            match key {
                Some(key) => fields.push((key, map.next_value()?)),
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

    impl Value {
        fn as_object_fields(&self) -> &[(&'static str, Value)] {
            match self {
                Value::Object(fields) => fields,
                _ => &[],
            }
        }
    }
}
