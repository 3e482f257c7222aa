//! Raw SQL results in Prisma's `queryRaw` shape: `{columns, types, rows}`, values written as the raw
//! protocol does (64-bit integers, decimals and dates as strings), identical under both protocols.

use base64::Engine as _;

use crate::connector::record::{Operations, RawResult};
use crate::connector::RawType;
use crate::error::EngineError;
use crate::protocol::encode::format_decimal;
use crate::query::RawQuery;
use crate::value::PrismaValue;

pub(crate) async fn execute(
    ops: &dyn Operations,
    query: &RawQuery,
) -> Result<PrismaValue, EngineError> {
    Ok(match ops.raw(query).await? {
        RawResult::Count(count) => PrismaValue::Int(count as i64),
        RawResult::Rows {
            columns,
            types,
            rows,
        } => PrismaValue::Object(vec![
            (
                "columns".to_string(),
                PrismaValue::List(columns.into_iter().map(PrismaValue::String).collect()),
            ),
            (
                "types".to_string(),
                PrismaValue::List(
                    types
                        .iter()
                        .map(|ty| PrismaValue::String(ty.name()))
                        .collect(),
                ),
            ),
            (
                "rows".to_string(),
                PrismaValue::List(
                    rows.into_iter()
                        .map(|row| {
                            PrismaValue::List(
                                row.into_iter()
                                    .enumerate()
                                    .map(|(index, value)| {
                                        raw_value(value, types.get(index).copied())
                                    })
                                    .collect(),
                            )
                        })
                        .collect(),
                ),
            ),
        ]),
    })
}

/// One raw value, with the types JSON cannot carry as strings.
fn raw_value(value: PrismaValue, ty: Option<RawType>) -> PrismaValue {
    match value {
        PrismaValue::BigInt(integer) => PrismaValue::String(integer.to_string()),
        PrismaValue::Int(integer) if matches!(ty, Some(RawType::BigInt)) => {
            PrismaValue::String(integer.to_string())
        }
        PrismaValue::Decimal(decimal) => PrismaValue::String(format_decimal(&decimal)),
        PrismaValue::DateTime(at) => PrismaValue::String(raw_datetime(&at, ty)),
        PrismaValue::Bytes(bytes) => {
            PrismaValue::String(base64::engine::general_purpose::STANDARD.encode(bytes))
        }
        PrismaValue::Json(text) => match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(document) => json_document(document),
            Err(_) => PrismaValue::String(text),
        },
        // Elements are written as values of the array's element type (a `date[]` holds `YYYY-MM-DD`s).
        PrismaValue::List(items) => {
            let element = match ty {
                Some(RawType::Array(element)) => Some(RawType::from(element)),
                _ => None,
            };
            PrismaValue::List(
                items
                    .into_iter()
                    .map(|item| raw_value(item, element))
                    .collect(),
            )
        }
        other => other,
    }
}

/// Dates by their raw type: a `date` as `YYYY-MM-DD`, a `time` as `HH:MM:SS[.fff]`, a datetime in RFC 3339
/// with its offset.
fn raw_datetime(at: &chrono::DateTime<chrono::FixedOffset>, ty: Option<RawType>) -> String {
    match ty {
        Some(RawType::Date) => at.format("%Y-%m-%d").to_string(),
        Some(RawType::Time) => at.format("%H:%M:%S%.f").to_string(),
        _ => at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false),
    }
}

/// A JSON document as a value tree, so it is written as JSON (not as tagged text) in raw results.
fn json_document(document: serde_json::Value) -> PrismaValue {
    use serde_json::Value;
    match document {
        Value::Null => PrismaValue::Null,
        Value::Bool(flag) => PrismaValue::Boolean(flag),
        Value::Number(number) => match number.as_i64() {
            Some(integer) => PrismaValue::Int(integer),
            None => PrismaValue::Float(number.as_f64().unwrap_or_default()),
        },
        Value::String(text) => PrismaValue::String(text),
        Value::Array(items) => PrismaValue::List(items.into_iter().map(json_document).collect()),
        Value::Object(entries) => PrismaValue::Object(
            entries
                .into_iter()
                .map(|(key, value)| (key, json_document(value)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connector::RawElement;

    fn date(text: &str) -> PrismaValue {
        PrismaValue::DateTime(chrono::DateTime::parse_from_rfc3339(text).unwrap())
    }

    #[test]
    fn array_elements_are_written_by_the_element_type() {
        // 57_raw_raw_postgresql #10: `ARRAY['2024-01-01'::date]` is `["2024-01-01"]`.
        let dates = PrismaValue::List(vec![date("2024-01-01T00:00:00Z"), PrismaValue::Null]);
        assert_eq!(
            raw_value(dates, Some(RawType::Array(RawElement::Date))),
            PrismaValue::List(vec![
                PrismaValue::String("2024-01-01".into()),
                PrismaValue::Null
            ])
        );
        let big = PrismaValue::List(vec![PrismaValue::Int(7)]);
        assert_eq!(
            raw_value(big, Some(RawType::Array(RawElement::BigInt))),
            PrismaValue::List(vec![PrismaValue::String("7".into())])
        );
        let ints = PrismaValue::List(vec![PrismaValue::Int(1), PrismaValue::Int(2)]);
        assert_eq!(
            raw_value(ints.clone(), Some(RawType::Array(RawElement::Int))),
            ints
        );
    }

    #[test]
    fn datetimes_outside_arrays_keep_their_offset() {
        assert_eq!(
            raw_value(date("2024-01-01T08:00:00Z"), Some(RawType::DateTime)),
            PrismaValue::String("2024-01-01T08:00:00+00:00".into())
        );
    }
}
