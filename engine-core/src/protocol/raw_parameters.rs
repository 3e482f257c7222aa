//! Bind values of raw SQL operations (`queryRaw`, `executeRaw`).
//!
//! Both protocols carry the `parameters` argument as a JSON array, usually double-encoded as a string holding
//! the array's text (Prisma Client JS and Prisma Client Python both do that); the JSON protocol also accepts
//! the array itself. Elements map to bind values by their JSON type, except objects tagged
//! `{"prisma__type": .., "prisma__value": ..}`, which carry types JSON has no literal for.

use std::str::FromStr;

use base64::Engine as _;
use bigdecimal::BigDecimal;
use chrono::DateTime;
use serde_json::Value;

use super::json_text::to_json_text;
use crate::value::PrismaValue;

/// `parameters` that cannot be used as bind values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RawParametersError {
    /// A string that is not JSON text.
    #[error("`{text}` is not JSON: {error}")]
    NotJson { text: String, error: String },
    /// JSON, but not an array. `rendered` is the value as the client wrote it.
    #[error("`{rendered}` is not a JSON array")]
    NotAnArray { rendered: String },
    /// An element tagged with `prisma__type` whose tag or value is unusable.
    #[error("`{rendered}` holds an invalid tagged parameter: {detail}")]
    InvalidTaggedValue { rendered: String, detail: String },
}

impl RawParametersError {
    /// The `parameters` value as the client wrote it, for error messages.
    pub fn rendered_value(&self) -> &str {
        match self {
            RawParametersError::NotJson { text, .. } => text,
            RawParametersError::NotAnArray { rendered }
            | RawParametersError::InvalidTaggedValue { rendered, .. } => rendered,
        }
    }

    /// The lower-level reason, if there is one beyond "not a JSON array".
    pub fn underlying_error(&self) -> Option<String> {
        match self {
            RawParametersError::NotJson { error, .. } => Some(error.clone()),
            RawParametersError::NotAnArray { .. } => None,
            RawParametersError::InvalidTaggedValue { detail, .. } => Some(detail.clone()),
        }
    }
}

/// Decodes a `parameters` argument: a JSON array, or a string holding one.
///
/// Elements: string → `String`, integer within i64 → `Int`, any other number → `Decimal` (exact text of
/// the number), boolean → `Boolean`, null → `Null`, array → `List` of decoded elements, object → `Json`
/// (compact text) unless tagged with `prisma__type` `date` / `bigint` / `decimal` / `bytes`, which become
/// `DateTime` / `BigInt` / `Decimal` / `Bytes`.
pub fn decode_raw_parameters(parameters: &Value) -> Result<Vec<PrismaValue>, RawParametersError> {
    match parameters {
        Value::String(text) => decode_raw_parameters_text(text),
        Value::Array(items) => {
            let rendered = || parameters.to_string();
            items
                .iter()
                .map(|item| decode_parameter(item, &rendered))
                .collect()
        }
        other => Err(RawParametersError::NotAnArray {
            rendered: other.to_string(),
        }),
    }
}

/// Decodes `parameters` given as the text of a JSON array (the GraphQL protocol's only form).
pub fn decode_raw_parameters_text(text: &str) -> Result<Vec<PrismaValue>, RawParametersError> {
    let parsed: Value =
        serde_json::from_str(text).map_err(|error| RawParametersError::NotJson {
            text: text.to_owned(),
            error: error.to_string(),
        })?;
    let Value::Array(items) = parsed else {
        return Err(RawParametersError::NotAnArray {
            rendered: text.to_owned(),
        });
    };
    let rendered = || text.to_owned();
    items
        .iter()
        .map(|item| decode_parameter(item, &rendered))
        .collect()
}

fn decode_parameter(
    item: &Value,
    rendered: &dyn Fn() -> String,
) -> Result<PrismaValue, RawParametersError> {
    Ok(match item {
        Value::Null => PrismaValue::Null,
        Value::Bool(flag) => PrismaValue::Boolean(*flag),
        Value::String(text) => PrismaValue::String(text.clone()),
        Value::Number(number) => match number.as_i64() {
            Some(integer) => PrismaValue::Int(integer),
            None => number_as_decimal(number),
        },
        Value::Array(items) => PrismaValue::List(
            items
                .iter()
                .map(|item| decode_parameter(item, rendered))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(object) => match (object.get(TYPE_KEY), object.get(VALUE_KEY)) {
            (Some(tag), Some(value)) => decode_tagged(tag, value).map_err(|detail| {
                RawParametersError::InvalidTaggedValue {
                    rendered: rendered(),
                    detail,
                }
            })?,
            _ => PrismaValue::Json(to_json_text(item)),
        },
    })
}

const TYPE_KEY: &str = "prisma__type";
const VALUE_KEY: &str = "prisma__value";

fn decode_tagged(tag: &Value, value: &Value) -> Result<PrismaValue, String> {
    let tag = tag
        .as_str()
        .ok_or_else(|| format!("`{TYPE_KEY}` must be a string, got {tag}"))?;
    let text = value
        .as_str()
        .ok_or_else(|| format!("`{VALUE_KEY}` of a `{tag}` must be a string, got {value}"))?;
    match tag {
        "date" => DateTime::parse_from_rfc3339(text)
            .map(PrismaValue::DateTime)
            .map_err(|error| format!("`{text}` is not an RFC 3339 date-time: {error}")),
        "bigint" => text
            .parse::<i64>()
            .map(PrismaValue::BigInt)
            .map_err(|error| format!("`{text}` is not a 64-bit integer: {error}")),
        "decimal" => BigDecimal::from_str(text)
            .map(PrismaValue::Decimal)
            .map_err(|error| format!("`{text}` is not a decimal number: {error}")),
        "bytes" => base64::engine::general_purpose::STANDARD
            .decode(text)
            .map(PrismaValue::Bytes)
            .map_err(|error| format!("`{text}` is not base64: {error}")),
        other => Err(format!("unknown `{TYPE_KEY}` `{other}`")),
    }
}

/// A JSON number that is not an i64, as an exact decimal of its shortest text (`2.25`, `1e308`); a float
/// in the unlikely case that text does not parse as a decimal.
fn number_as_decimal(number: &serde_json::Number) -> PrismaValue {
    match BigDecimal::from_str(&number.to_string()) {
        Ok(decimal) => PrismaValue::Decimal(decimal),
        Err(_) => PrismaValue::Float(number.as_f64().unwrap_or(f64::NAN)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn decimal(text: &str) -> PrismaValue {
        PrismaValue::Decimal(BigDecimal::from_str(text).unwrap())
    }

    #[test]
    fn plain_elements_map_by_json_type() {
        let values = decode_raw_parameters(&json!("[1,\"x\",1.5,true,null]")).unwrap();
        assert_eq!(
            values,
            vec![
                PrismaValue::Int(1),
                PrismaValue::String("x".into()),
                decimal("1.5"),
                PrismaValue::Boolean(true),
                PrismaValue::Null
            ]
        );
    }

    #[test]
    fn tagged_elements_carry_their_types() {
        // The recorded `queryRaw tagged parameters` request of 56_raw_raw_sqlite.
        let text = r#"[{"prisma__type":"bigint","prisma__value":"9007199254740993"},{"prisma__type":"decimal","prisma__value":"1.10"},{"prisma__type":"date","prisma__value":"2024-01-01T00:00:00.000Z"},{"prisma__type":"bytes","prisma__value":"AQID"}]"#;
        let values = decode_raw_parameters_text(text).unwrap();
        assert_eq!(values[0], PrismaValue::BigInt(9_007_199_254_740_993));
        assert_eq!(values[1], decimal("1.10"));
        assert_eq!(
            values[2],
            PrismaValue::DateTime(DateTime::parse_from_rfc3339("2024-01-01T00:00:00Z").unwrap())
        );
        assert_eq!(values[3], PrismaValue::Bytes(vec![1, 2, 3]));
    }

    #[test]
    fn array_form_and_string_form_agree() {
        assert_eq!(
            decode_raw_parameters(&json!([7])).unwrap(),
            vec![PrismaValue::Int(7)]
        );
        assert_eq!(
            decode_raw_parameters(&json!("[7]")).unwrap(),
            vec![PrismaValue::Int(7)]
        );
        assert_eq!(decode_raw_parameters(&json!("[]")).unwrap(), vec![]);
    }

    #[test]
    fn untagged_objects_become_json_and_arrays_become_lists() {
        let values = decode_raw_parameters(&json!(r#"[{"k":[1,2]},[1,2,3],["a","b"]]"#)).unwrap();
        assert_eq!(values[0], PrismaValue::Json(r#"{"k":[1,2]}"#.into()));
        assert_eq!(
            values[1],
            PrismaValue::List(vec![
                PrismaValue::Int(1),
                PrismaValue::Int(2),
                PrismaValue::Int(3)
            ])
        );
        assert_eq!(
            values[2],
            PrismaValue::List(vec![
                PrismaValue::String("a".into()),
                PrismaValue::String("b".into())
            ])
        );
    }

    #[test]
    fn extreme_integers_and_large_floats() {
        let values = decode_raw_parameters(&json!(
            r#"[{"prisma__type":"bigint","prisma__value":"-9223372036854775808"}, 18446744073709551615, 1e308]"#
        ))
        .unwrap();
        assert_eq!(values[0], PrismaValue::BigInt(i64::MIN));
        assert_eq!(values[1], decimal("18446744073709551615"));
        assert_eq!(values[2], decimal("1e308"));
    }

    #[test]
    fn non_array_json_is_rejected_with_the_client_text() {
        let error = decode_raw_parameters(&json!("{\"a\":1}")).unwrap_err();
        assert_eq!(
            error,
            RawParametersError::NotAnArray {
                rendered: "{\"a\":1}".into()
            }
        );
        assert_eq!(error.rendered_value(), "{\"a\":1}");
        assert_eq!(error.underlying_error(), None);
        let error = decode_raw_parameters(&json!(5)).unwrap_err();
        assert_eq!(error.rendered_value(), "5");
    }

    #[test]
    fn text_that_is_not_json_reports_the_parser_error() {
        let error = decode_raw_parameters(&json!("[1,")).unwrap_err();
        assert_eq!(error.rendered_value(), "[1,");
        assert_eq!(
            error.underlying_error().as_deref(),
            Some("EOF while parsing a value at line 1 column 3")
        );
    }

    #[test]
    fn bad_tags_are_rejected() {
        for text in [
            r#"[{"prisma__type":"bigint","prisma__value":"12x"}]"#,
            r#"[{"prisma__type":"date","prisma__value":"2024-01-01"}]"#,
            r#"[{"prisma__type":"bytes","prisma__value":"!!"}]"#,
            r#"[{"prisma__type":"uuid","prisma__value":"x"}]"#,
            r#"[{"prisma__type":"decimal","prisma__value":5}]"#,
        ] {
            let error = decode_raw_parameters_text(text).unwrap_err();
            assert!(
                matches!(error, RawParametersError::InvalidTaggedValue { .. }),
                "{text}: {error:?}"
            );
            assert_eq!(error.rendered_value(), text);
        }
    }
}
