//! Result values as each protocol writes them in responses.
//!
//! JSON cannot carry every Prisma type, so both protocols fall back to strings for DateTime, BigInt, Decimal,
//! Bytes and Json. The GraphQL protocol sends those strings bare; the JSON protocol wraps them in
//! `{"$type": .., "value": ..}` so clients can restore the type without knowing the schema. The text inside
//! is the same in both. Write the finished response with [`super::json_text::to_json_text`] so floats get
//! Prisma's notation.

use base64::Engine as _;
use bigdecimal::num_bigint::Sign;
use bigdecimal::BigDecimal;
use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use serde_json::{json, Map, Value};

use crate::value::PrismaValue;

/// Encodes a result value for the JSON protocol: types JSON cannot carry become tagged objects.
pub fn encode_json_protocol(value: &PrismaValue) -> Value {
    encode(value, TextTypes::Tagged)
}

/// Encodes a result value for the GraphQL protocol: types JSON cannot carry become bare strings.
pub fn encode_graphql(value: &PrismaValue) -> Value {
    encode(value, TextTypes::Bare)
}

/// How the types that travel as text are written.
#[derive(Clone, Copy)]
enum TextTypes {
    /// `{"$type": "<tag>", "value": "<text>"}` (JSON protocol).
    Tagged,
    /// `"<text>"` (GraphQL protocol).
    Bare,
}

impl TextTypes {
    fn write(self, tag: &str, text: String) -> Value {
        match self {
            TextTypes::Tagged => json!({"$type": tag, "value": text}),
            TextTypes::Bare => Value::String(text),
        }
    }
}

fn encode(value: &PrismaValue, text_types: TextTypes) -> Value {
    match value {
        PrismaValue::Null => Value::Null,
        PrismaValue::Boolean(flag) => Value::Bool(*flag),
        PrismaValue::Int(integer) => Value::from(*integer),
        // NaN and infinities have no JSON literal; Prisma sends null for them.
        PrismaValue::Float(float) => {
            serde_json::Number::from_f64(*float).map_or(Value::Null, Value::Number)
        }
        PrismaValue::String(text) | PrismaValue::Enum(text) => Value::String(text.clone()),
        PrismaValue::DateTime(at) => text_types.write("DateTime", format_datetime(at)),
        PrismaValue::BigInt(integer) => text_types.write("BigInt", integer.to_string()),
        PrismaValue::Decimal(decimal) => text_types.write("Decimal", format_decimal(decimal)),
        PrismaValue::Bytes(bytes) => text_types.write("Bytes", format_bytes(bytes)),
        PrismaValue::Json(text) => text_types.write("Json", text.clone()),
        PrismaValue::List(items) => {
            Value::Array(items.iter().map(|item| encode(item, text_types)).collect())
        }
        PrismaValue::Object(fields) => {
            let object: Map<String, Value> = fields
                .iter()
                .map(|(name, value)| (name.clone(), encode(value, text_types)))
                .collect();
            Value::Object(object)
        }
    }
}

/// A DateTime as Prisma prints it: converted to UTC, milliseconds (truncated, always three digits), `Z`.
///
/// Years outside 0..=9999 get an explicit sign and at least four digits (`+10000-01-01T00:00:00.000Z`).
/// A leap second (`23:59:60`) is printed as the first instant of the next second, as databases store it.
pub fn format_datetime(at: &DateTime<FixedOffset>) -> String {
    let utc = at.with_timezone(&Utc);
    // Rebuilding from whole milliseconds truncates sub-millisecond digits and folds a leap second into the
    // next second.
    let normalized = DateTime::<Utc>::from_timestamp_millis(utc.timestamp_millis()).unwrap_or(utc);
    normalized.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A Decimal as Prisma prints it: trailing zeros removed, never in exponent notation (`10.50` → `10.5`,
/// `1.5e3` → `1500`, `0.00` → `0`).
pub fn format_decimal(decimal: &BigDecimal) -> String {
    let (unscaled, scale) = decimal.normalized().into_bigint_and_exponent();
    let digits = unscaled.magnitude().to_string();
    let sign = if unscaled.sign() == Sign::Minus {
        "-"
    } else {
        ""
    };
    let plain = if scale <= 0 {
        let zeros = if digits == "0" {
            0
        } else {
            scale.unsigned_abs() as usize
        };
        format!("{digits}{}", "0".repeat(zeros))
    } else {
        let scale = scale as usize;
        if digits.len() > scale {
            let (integer, fraction) = digits.split_at(digits.len() - scale);
            format!("{integer}.{fraction}")
        } else {
            format!("0.{}{digits}", "0".repeat(scale - digits.len()))
        }
    };
    format!("{sign}{plain}")
}

/// Bytes as standard, padded base64.
pub fn format_bytes(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A result value as a protocol writes it, serializable without building a `serde_json::Value` tree:
/// responses of thousands of records are written straight to text. It writes exactly what
/// [`encode_json_protocol`] / [`encode_graphql`] produce.
pub struct Encoded<'a> {
    value: &'a PrismaValue,
    tagged: bool,
}

impl<'a> Encoded<'a> {
    /// `tagged`: the JSON protocol's `{"$type", "value"}` wrappers; otherwise GraphQL's bare strings.
    pub fn new(value: &'a PrismaValue, tagged: bool) -> Encoded<'a> {
        Encoded { value, tagged }
    }

    fn nested(&self, value: &'a PrismaValue) -> Encoded<'a> {
        Encoded {
            value,
            tagged: self.tagged,
        }
    }

    fn text<S: serde::Serializer>(
        &self,
        serializer: S,
        tag: &str,
        text: &str,
    ) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        if self.tagged {
            let mut map = serializer.serialize_map(Some(2))?;
            map.serialize_entry("$type", tag)?;
            map.serialize_entry("value", text)?;
            map.end()
        } else {
            serializer.serialize_str(text)
        }
    }
}

impl serde::Serialize for Encoded<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self.value {
            PrismaValue::Null => serializer.serialize_unit(),
            PrismaValue::Boolean(flag) => serializer.serialize_bool(*flag),
            PrismaValue::Int(integer) => serializer.serialize_i64(*integer),
            PrismaValue::Float(float) if float.is_finite() => serializer.serialize_f64(*float),
            PrismaValue::Float(_) => serializer.serialize_unit(),
            PrismaValue::String(text) | PrismaValue::Enum(text) => serializer.serialize_str(text),
            PrismaValue::DateTime(at) => self.text(serializer, "DateTime", &format_datetime(at)),
            PrismaValue::BigInt(integer) => self.text(serializer, "BigInt", &integer.to_string()),
            PrismaValue::Decimal(decimal) => {
                self.text(serializer, "Decimal", &format_decimal(decimal))
            }
            PrismaValue::Bytes(bytes) => self.text(serializer, "Bytes", &format_bytes(bytes)),
            PrismaValue::Json(text) => self.text(serializer, "Json", text),
            PrismaValue::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&self.nested(item))?;
                }
                seq.end()
            }
            PrismaValue::Object(fields) => {
                let mut map = serializer.serialize_map(Some(fields.len()))?;
                for (name, value) in fields {
                    map.serialize_entry(name, &self.nested(value))?;
                }
                map.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn encoded_writes_what_encode_builds() {
        use crate::protocol::json_text::{to_json_text, to_json_text_of};
        let at = chrono::DateTime::parse_from_rfc3339("2024-05-01T12:30:00.123+02:00").unwrap();
        let value = PrismaValue::Object(vec![
            ("n".into(), PrismaValue::Null),
            ("b".into(), PrismaValue::Boolean(true)),
            ("i".into(), PrismaValue::Int(-7)),
            ("f".into(), PrismaValue::Float(2.25e18)),
            ("nan".into(), PrismaValue::Float(f64::NAN)),
            ("s".into(), PrismaValue::String("quote\" é😀".into())),
            ("e".into(), PrismaValue::Enum("ADMIN".into())),
            ("dt".into(), PrismaValue::DateTime(at)),
            ("bi".into(), PrismaValue::BigInt(i64::MIN)),
            ("d".into(), PrismaValue::Decimal("12.50".parse().unwrap())),
            ("by".into(), PrismaValue::Bytes(vec![1, 2, 3])),
            ("j".into(), PrismaValue::Json("{\"a\":[1]}".into())),
            (
                "l".into(),
                PrismaValue::List(vec![PrismaValue::Int(1), PrismaValue::Null]),
            ),
        ]);
        for tagged in [true, false] {
            let tree = if tagged {
                encode_json_protocol(&value)
            } else {
                encode_graphql(&value)
            };
            assert_eq!(
                to_json_text_of(&Encoded::new(&value, tagged)),
                to_json_text(&tree)
            );
        }
    }
    use std::str::FromStr;

    use super::*;
    use crate::protocol::json_text::to_json_text;

    fn datetime(text: &str) -> PrismaValue {
        PrismaValue::DateTime(DateTime::parse_from_rfc3339(text).unwrap())
    }

    fn decimal(text: &str) -> PrismaValue {
        PrismaValue::Decimal(BigDecimal::from_str(text).unwrap())
    }

    fn both(value: &PrismaValue) -> (String, String) {
        (
            encode_json_protocol(value).to_string(),
            encode_graphql(value).to_string(),
        )
    }

    #[test]
    fn datetimes_are_utc_with_milliseconds_and_z() {
        // 21_writes_create_scalar_types: offsets, sub-millisecond input.
        let cases = [
            ("2024-05-01T12:30:00.123Z", "2024-05-01T12:30:00.123Z"),
            ("2024-05-01T18:00:00.000+05:30", "2024-05-01T12:30:00.000Z"),
            ("2024-05-01T12:30:00.123456Z", "2024-05-01T12:30:00.123Z"),
            ("2024-05-01T12:30:00Z", "2024-05-01T12:30:00.000Z"),
            // 63_hostile_datetime_edges.
            ("2024-01-01T00:00:00.000-12:00", "2024-01-01T12:00:00.000Z"),
            ("2024-01-01T00:00:00.000+14:00", "2023-12-31T10:00:00.000Z"),
            ("2024-01-01T00:00:00.123456789Z", "2024-01-01T00:00:00.123Z"),
            ("1969-12-31T23:59:59.999Z", "1969-12-31T23:59:59.999Z"),
            ("1970-01-01T00:00:00.000Z", "1970-01-01T00:00:00.000Z"),
            ("2024-02-29T12:00:00.000Z", "2024-02-29T12:00:00.000Z"),
        ];
        for (input, expected) in cases {
            let (json, graphql) = both(&datetime(input));
            assert_eq!(
                json,
                format!(r#"{{"$type":"DateTime","value":"{expected}"}}"#),
                "{input}"
            );
            assert_eq!(graphql, format!(r#""{expected}""#), "{input}");
        }
    }

    #[test]
    fn datetimes_at_the_edges_of_the_four_digit_years() {
        // 63_hostile_datetime_edges: `0001-01-01T00:00:00.000Z` and `9999-12-31T23:59:59.999Z` read back as is.
        assert_eq!(
            encode_graphql(&datetime("0001-01-01T00:00:00.000Z")),
            json!("0001-01-01T00:00:00.000Z")
        );
        assert_eq!(
            encode_graphql(&datetime("0999-06-01T00:00:00Z")),
            json!("0999-06-01T00:00:00.000Z")
        );
        assert_eq!(
            encode_graphql(&datetime("9999-12-31T23:59:59.999Z")),
            json!("9999-12-31T23:59:59.999Z")
        );
        let after = DateTime::parse_from_rfc3339("9999-12-31T23:00:00-05:00").unwrap();
        assert_eq!(format_datetime(&after), "+10000-01-01T04:00:00.000Z");
    }

    #[test]
    fn a_leap_second_reads_as_the_next_second() {
        // 63_hostile_datetime_edges: `2016-12-31T23:59:60.000Z` comes back as `2017-01-01T00:00:00.000Z`.
        assert_eq!(
            encode_graphql(&datetime("2016-12-31T23:59:60.000Z")),
            json!("2017-01-01T00:00:00.000Z")
        );
    }

    #[test]
    fn decimals_drop_trailing_zeros_and_never_use_exponents() {
        let cases = [
            ("10.50", "10.5"),  // 21: `d` stored from "10.50"
            ("-3.25", "-3.25"), // 21: `od`
            ("0", "0"),         // 21: `dd` set to 0
            ("0.000", "0"),
            ("2.5", "2.5"),    // 21: default `dd`
            ("1.5e3", "1500"), // 21: "Decimal in exponent notation"
            ("1234567890.123456789", "1234567890.123456789"),
            ("1.65825", "1.65825"), // 19_reads_aggregate `_avg` of a Decimal
            ("6.633000000000001", "6.633000000000001"),
            (
                "123456789012345678901234567890.123456789",
                "123456789012345678901234567890.123456789",
            ),
            ("1e-7", "0.0000001"),
            ("-0.05", "-0.05"),
            ("-1e2", "-100"),
        ];
        for (input, expected) in cases {
            let (json, graphql) = both(&decimal(input));
            assert_eq!(
                json,
                format!(r#"{{"$type":"Decimal","value":"{expected}"}}"#),
                "{input}"
            );
            assert_eq!(graphql, format!(r#""{expected}""#), "{input}");
        }
    }

    #[test]
    fn bigints_are_strings_and_ints_are_numbers() {
        // 21: `"bi": {"$type": "BigInt", "value": "9007199254740993"}` / `"bi": "9007199254740993"`.
        let (json, graphql) = both(&PrismaValue::BigInt(9_007_199_254_740_993));
        assert_eq!(json, r#"{"$type":"BigInt","value":"9007199254740993"}"#);
        assert_eq!(graphql, r#""9007199254740993""#);
        assert_eq!(
            both(&PrismaValue::BigInt(i64::MIN)).1,
            r#""-9223372036854775808""#
        );
        assert_eq!(both(&PrismaValue::Int(42)), ("42".into(), "42".into()));
    }

    #[test]
    fn floats_are_numbers_in_shortest_form() {
        // 21: `"f": 3.0`, `"df": 0.0`, `"of": -0.5`; 19 (body_raw): `"b":2.25e18`, `"oi":15.0`.
        // Written out with `json_text::to_json_text`, as response bodies are.
        for (float, expected) in [
            (3.0, "3.0"),
            (0.0, "0.0"),
            (-0.5, "-0.5"),
            (2.25e18, "2.25e18"),
            (15.0, "15.0"),
        ] {
            let value = PrismaValue::Float(float);
            assert_eq!(to_json_text(&encode_json_protocol(&value)), expected);
            assert_eq!(to_json_text(&encode_graphql(&value)), expected);
        }
        assert_eq!(
            to_json_text(&encode_graphql(&PrismaValue::Float(1.4166666666666667))),
            "1.4166666666666667"
        );
        assert_eq!(
            to_json_text(&encode_graphql(&PrismaValue::Float(1e308))),
            "1e308"
        );
        assert_eq!(
            encode_json_protocol(&PrismaValue::Float(f64::NAN)),
            Value::Null
        );
        assert_eq!(
            encode_json_protocol(&PrismaValue::Float(f64::INFINITY)),
            Value::Null
        );
    }

    #[test]
    fn bytes_are_base64() {
        // 21: `"by": {"$type": "Bytes", "value": "AQID"}` and empty bytes as `""`.
        let (json, graphql) = both(&PrismaValue::Bytes(vec![1, 2, 3]));
        assert_eq!(json, r#"{"$type":"Bytes","value":"AQID"}"#);
        assert_eq!(graphql, r#""AQID""#);
        assert_eq!(encode_graphql(&PrismaValue::Bytes(vec![])), json!(""));
        assert_eq!(
            encode_graphql(&PrismaValue::Bytes(vec![0xff, 0x00, 0xff])),
            json!("/wD/")
        );
    }

    #[test]
    fn json_values_are_text() {
        // 65_hostile_json_values doc 1 on MySQL, and 10_reads_filter_json's JsonNull.
        let document = PrismaValue::Json(r#"{"b":1,"a":2,"c":{"z":1,"y":[3,2,1]}}"#.into());
        let (json, graphql) = both(&document);
        assert_eq!(
            json,
            r#"{"$type":"Json","value":"{\"b\":1,\"a\":2,\"c\":{\"z\":1,\"y\":[3,2,1]}}"}"#
        );
        assert_eq!(
            graphql,
            r#""{\"b\":1,\"a\":2,\"c\":{\"z\":1,\"y\":[3,2,1]}}""#
        );
        assert_eq!(
            both(&PrismaValue::Json("null".into())).0,
            r#"{"$type":"Json","value":"null"}"#
        );
    }

    #[test]
    fn enums_strings_booleans_and_nulls_are_plain() {
        for value in [
            PrismaValue::Enum("BLUE".into()),
            PrismaValue::String("BLUE".into()),
        ] {
            assert_eq!(both(&value), (r#""BLUE""#.into(), r#""BLUE""#.into()));
        }
        assert_eq!(
            both(&PrismaValue::Boolean(false)),
            ("false".into(), "false".into())
        );
        assert_eq!(both(&PrismaValue::Null), ("null".into(), "null".into()));
    }

    #[test]
    fn records_keep_field_order_and_encode_recursively() {
        // An aggregate result of 63_hostile_datetime_edges.
        let record = PrismaValue::Object(vec![
            (
                "_min".into(),
                PrismaValue::Object(vec![("at".into(), datetime("0001-01-01T00:00:00Z"))]),
            ),
            (
                "_count".into(),
                PrismaValue::Object(vec![("_all".into(), PrismaValue::Int(12))]),
            ),
            (
                "tags".into(),
                PrismaValue::List(vec![PrismaValue::BigInt(1), PrismaValue::Null]),
            ),
        ]);
        let (json, graphql) = both(&record);
        assert_eq!(
            json,
            r#"{"_min":{"at":{"$type":"DateTime","value":"0001-01-01T00:00:00.000Z"}},"_count":{"_all":12},"tags":[{"$type":"BigInt","value":"1"},null]}"#
        );
        assert_eq!(
            graphql,
            r#"{"_min":{"at":"0001-01-01T00:00:00.000Z"},"_count":{"_all":12},"tags":["1",null]}"#
        );
    }
}
