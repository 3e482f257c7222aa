//! Argument values of the JSON protocol (json-protocol.md §4).
//!
//! Plain JSON maps onto generic values: a string is a `String`, an integer within i64 an `Int`, any other
//! number a `Float`, arrays are lists and objects are input objects. Types JSON has no literal for arrive as
//! tagged objects `{"$type": "<tag>", "value": ..}` with one of the tags below; an object whose `$type` is not
//! one of them stays a plain object, for validation to judge.

use std::str::FromStr;

use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
use bigdecimal::BigDecimal;
use chrono::DateTime;
use serde_json::{json, Map, Value};

use crate::protocol::document::ArgumentValue;
use crate::protocol::encode::format_bytes;
use crate::protocol::error::ProtocolError;
use crate::protocol::json_text::to_json_text;
use crate::value::PrismaValue;

const TYPE_KEY: &str = "$type";
const VALUE_KEY: &str = "value";

/// The tags of typed values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    DateTime,
    BigInt,
    Decimal,
    Bytes,
    Json,
    Enum,
    FieldRef,
    Raw,
}

impl Tag {
    fn parse(name: &str) -> Option<Tag> {
        Some(match name {
            "DateTime" => Tag::DateTime,
            "BigInt" => Tag::BigInt,
            "Decimal" => Tag::Decimal,
            "Bytes" => Tag::Bytes,
            "Json" => Tag::Json,
            "Enum" => Tag::Enum,
            "FieldRef" => Tag::FieldRef,
            "Raw" => Tag::Raw,
            _ => return None,
        })
    }
}

/// Decodes one argument value, tagged values included.
pub fn decode_argument(value: &Value) -> Result<ArgumentValue, ProtocolError> {
    Ok(match value {
        Value::Null => ArgumentValue::Scalar(PrismaValue::Null),
        Value::Bool(flag) => ArgumentValue::Scalar(PrismaValue::Boolean(*flag)),
        Value::Number(number) => ArgumentValue::Scalar(match number.as_i64() {
            Some(integer) => PrismaValue::Int(integer),
            // Every JSON number serde_json accepts is finite and has an f64 approximation.
            None => PrismaValue::Float(number.as_f64().unwrap_or(f64::NAN)),
        }),
        Value::String(text) => ArgumentValue::Scalar(PrismaValue::String(text.clone())),
        Value::Array(items) => ArgumentValue::List(
            items
                .iter()
                .map(decode_argument)
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(object) => match object
            .get(TYPE_KEY)
            .and_then(Value::as_str)
            .and_then(Tag::parse)
        {
            Some(tag) => decode_tagged(tag, object.get(VALUE_KEY))
                .ok_or_else(|| ProtocolError::UnconvertibleValue(value.clone()))?,
            None => ArgumentValue::Object(
                object
                    .iter()
                    .map(|(key, value)| Ok((key.clone(), decode_argument(value)?)))
                    .collect::<Result<_, ProtocolError>>()?,
            ),
        },
    })
}

/// The value of a tagged object, or `None` when `value` does not fit the tag.
fn decode_tagged(tag: Tag, value: Option<&Value>) -> Option<ArgumentValue> {
    let value = value?;
    let scalar = match tag {
        Tag::DateTime => PrismaValue::DateTime(DateTime::parse_from_rfc3339(value.as_str()?).ok()?),
        Tag::BigInt => PrismaValue::BigInt(value.as_str()?.parse().ok()?),
        Tag::Decimal => PrismaValue::Decimal(BigDecimal::from_str(value.as_str()?).ok()?),
        Tag::Bytes => PrismaValue::Bytes(LENIENT_BASE64.decode(value.as_str()?).ok()?),
        Tag::Json => PrismaValue::Json(normalize_json_text(value.as_str()?)?),
        Tag::Enum => PrismaValue::Enum(value.as_str()?.to_owned()),
        Tag::FieldRef => {
            let reference = value.as_object()?;
            return Some(ArgumentValue::FieldRef {
                field: reference.get("_ref")?.as_str()?.to_owned(),
                container: reference.get("_container")?.as_str()?.to_owned(),
            });
        }
        Tag::Raw => return Some(ArgumentValue::Raw(value.clone())),
    };
    Some(ArgumentValue::Scalar(scalar))
}

/// Base64 with the standard alphabet, padding optional (clients differ in whether they pad).
const LENIENT_BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// JSON text re-serialized compactly (`  [ 1 ,\n 2 ]  ` → `[1,2]`), keys in document order, as Prisma stores
/// it. `None` when the text is not JSON, or holds a number beyond f64 (`1e400`).
fn normalize_json_text(text: &str) -> Option<String> {
    let document: Value = serde_json::from_str(text).ok()?;
    Some(to_json_text(&document))
}

/// Writes an argument value back as JSON-protocol JSON, tags included: the inverse of [`decode_argument`].
///
/// Validation uses it where the JSON protocol takes an untagged value as a JSON document (Json inputs), and
/// it serves error messages that quote the client's value.
pub fn encode_argument(value: &ArgumentValue) -> Value {
    match value {
        ArgumentValue::Scalar(scalar) => encode_scalar(scalar),
        ArgumentValue::Object(entries) => Value::Object(
            entries
                .iter()
                .map(|(key, value)| (key.clone(), encode_argument(value)))
                .collect(),
        ),
        ArgumentValue::List(items) => Value::Array(items.iter().map(encode_argument).collect()),
        ArgumentValue::FieldRef { field, container } => {
            json!({TYPE_KEY: "FieldRef", VALUE_KEY: {"_ref": field, "_container": container}})
        }
        ArgumentValue::Raw(raw) => json!({TYPE_KEY: "Raw", VALUE_KEY: raw}),
    }
}

fn encode_scalar(value: &PrismaValue) -> Value {
    let tagged = |tag: &str, text: String| json!({TYPE_KEY: tag, VALUE_KEY: text});
    match value {
        PrismaValue::Null => Value::Null,
        PrismaValue::Boolean(flag) => Value::Bool(*flag),
        PrismaValue::Int(integer) => Value::from(*integer),
        PrismaValue::Float(float) => {
            serde_json::Number::from_f64(*float).map_or(Value::Null, Value::Number)
        }
        PrismaValue::String(text) => Value::String(text.clone()),
        PrismaValue::Enum(name) => tagged("Enum", name.clone()),
        PrismaValue::BigInt(integer) => tagged("BigInt", integer.to_string()),
        // The client's own precision and offset are kept: this is the value as sent, not a response.
        PrismaValue::Decimal(decimal) => tagged("Decimal", decimal.to_string()),
        PrismaValue::DateTime(at) => tagged("DateTime", at.to_rfc3339()),
        PrismaValue::Bytes(bytes) => tagged("Bytes", format_bytes(bytes)),
        PrismaValue::Json(text) => tagged("Json", text.clone()),
        PrismaValue::List(items) => Value::Array(items.iter().map(encode_scalar).collect()),
        PrismaValue::Object(fields) => {
            let object: Map<String, Value> = fields
                .iter()
                .map(|(key, value)| (key.clone(), encode_scalar(value)))
                .collect();
            Value::Object(object)
        }
    }
}
