//! Values both ways: [`PrismaValue`] parameters as MySQL values, and result columns (binary protocol) as
//! [`PrismaValue`]s.
//!
//! MySQL's column types are looser than Prisma's (a `Boolean` is a `TINYINT(1)`, a `Json` on MariaDB a
//! `LONGTEXT`), so model queries decode each column by the schema type the engine asks for. Raw queries
//! keep what the server said and report a [`RawType`] per column, the way Prisma 5.19 names them.

use bigdecimal::{BigDecimal, ToPrimitive};
use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc,
};
use engine_core::connector::{RawType, TypeIdentifier};
use engine_core::value::PrismaValue;
use mysql_async::consts::{ColumnFlags, ColumnType};
use mysql_async::{Column, Value};

/// The character set number MySQL reports for binary strings (`BLOB`, `VARBINARY`, `X'..'`).
const BINARY_CHARSET: u16 = 63;

/// Why a parameter could not be bound or a column value read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum ValueError {
    /// MySQL has no array type; Prisma words it this way.
    #[error("Arrays are not supported in MySQL.")]
    ArrayParameter,
    /// A value Prisma cannot represent (an unsigned 64-bit integer beyond `i64`, a geometry); Prisma
    /// reports these without any detail.
    #[error("N/A")]
    Unrepresentable,
    /// A `DATETIME` whose day or month is zero (MySQL's "zero dates").
    #[error("The column `{column}` contained an invalid datetime value with either day or month set to zero.")]
    ZeroDate { column: String },
    #[error("Cannot read a value of MySQL type '{mysql_type}' as {expected:?}: {value}")]
    Mismatch {
        mysql_type: String,
        expected: TypeIdentifier,
        value: String,
    },
}

/// Whether a statement is the engine's own or a user's raw SQL: parameters and errors differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Model,
    Raw,
}

/// A parameter as the MySQL value it is sent as. Decimals (and, in raw queries, every non-integer number)
/// go as text so no digit is lost on the way; the server converts them to the column's type.
pub(crate) fn encode(value: &PrismaValue, mode: Mode) -> Result<Value, ValueError> {
    Ok(match value {
        PrismaValue::Null => Value::NULL,
        PrismaValue::Boolean(flag) => Value::Int(i64::from(*flag)),
        PrismaValue::Int(n) | PrismaValue::BigInt(n) => Value::Int(*n),
        PrismaValue::Float(f) => match mode {
            Mode::Model => Value::Double(*f),
            Mode::Raw => Value::Bytes(f.to_string().into_bytes()),
        },
        PrismaValue::Decimal(d) => Value::Bytes(d.to_string().into_bytes()),
        PrismaValue::String(s) | PrismaValue::Enum(s) | PrismaValue::Json(s) => {
            Value::Bytes(s.as_bytes().to_vec())
        }
        PrismaValue::Bytes(b) => Value::Bytes(b.clone()),
        PrismaValue::DateTime(at) => {
            let utc = at.with_timezone(&Utc).naive_utc();
            Value::Date(
                u16::try_from(utc.year()).map_err(|_| ValueError::Unrepresentable)?,
                utc.month() as u8,
                utc.day() as u8,
                utc.hour() as u8,
                utc.minute() as u8,
                utc.second() as u8,
                // A leap second's microseconds exceed one second. It is sent as it is, as Prisma does:
                // the server stores a zero date, which then reads back as P2020.
                utc.nanosecond() / 1000,
            )
        }
        PrismaValue::Object(_) => {
            let text = engine_core::protocol::json_text::to_json_text(&object_to_json(value));
            Value::Bytes(text.into_bytes())
        }
        PrismaValue::List(_) => return Err(ValueError::ArrayParameter),
    })
}

fn object_to_json(value: &PrismaValue) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        PrismaValue::Null => J::Null,
        PrismaValue::Boolean(b) => J::Bool(*b),
        PrismaValue::Int(n) | PrismaValue::BigInt(n) => J::from(*n),
        PrismaValue::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
        PrismaValue::Decimal(d) => J::String(d.to_string()),
        PrismaValue::String(s) | PrismaValue::Enum(s) => J::String(s.clone()),
        PrismaValue::Json(text) => serde_json::from_str(text).unwrap_or(J::String(text.clone())),
        PrismaValue::DateTime(at) => J::String(at.to_rfc3339()),
        PrismaValue::Bytes(b) => J::Array(b.iter().map(|byte| J::from(*byte)).collect()),
        PrismaValue::List(items) => J::Array(items.iter().map(object_to_json).collect()),
        PrismaValue::Object(entries) => J::Object(
            entries
                .iter()
                .map(|(key, value)| (key.clone(), object_to_json(value)))
                .collect(),
        ),
    }
}

/// The `queryRaw` type of a result column, as Prisma 5.19 reports it on MySQL/MariaDB: integers up to
/// `INT` are `int` and `BIGINT` (or any unsigned integer wider than `INT`) `bigint`, a `NULL` literal is
/// `int`, strings with the binary character set are `bytes`. MariaDB sends `JSON` columns as `LONGTEXT`,
/// so they are `string` there; MySQL 8 sends a real `JSON` type, which is `json`.
pub(crate) fn raw_type_of(column: &Column) -> RawType {
    let unsigned = column.flags().contains(ColumnFlags::UNSIGNED_FLAG);
    match column.column_type() {
        ColumnType::MYSQL_TYPE_TINY
        | ColumnType::MYSQL_TYPE_SHORT
        | ColumnType::MYSQL_TYPE_INT24
        | ColumnType::MYSQL_TYPE_YEAR
        | ColumnType::MYSQL_TYPE_NULL => RawType::Int,
        ColumnType::MYSQL_TYPE_LONG if unsigned => RawType::BigInt,
        ColumnType::MYSQL_TYPE_LONG => RawType::Int,
        ColumnType::MYSQL_TYPE_LONGLONG => RawType::BigInt,
        ColumnType::MYSQL_TYPE_FLOAT => RawType::Float,
        ColumnType::MYSQL_TYPE_DOUBLE => RawType::Double,
        ColumnType::MYSQL_TYPE_DECIMAL | ColumnType::MYSQL_TYPE_NEWDECIMAL => RawType::Decimal,
        ColumnType::MYSQL_TYPE_DATE | ColumnType::MYSQL_TYPE_NEWDATE => RawType::Date,
        ColumnType::MYSQL_TYPE_TIME | ColumnType::MYSQL_TYPE_TIME2 => RawType::Time,
        ColumnType::MYSQL_TYPE_DATETIME
        | ColumnType::MYSQL_TYPE_DATETIME2
        | ColumnType::MYSQL_TYPE_TIMESTAMP
        | ColumnType::MYSQL_TYPE_TIMESTAMP2 => RawType::DateTime,
        ColumnType::MYSQL_TYPE_JSON => RawType::Json,
        ColumnType::MYSQL_TYPE_BIT => RawType::Bytes,
        ColumnType::MYSQL_TYPE_ENUM | ColumnType::MYSQL_TYPE_SET => RawType::Enum,
        ColumnType::MYSQL_TYPE_GEOMETRY => RawType::Unknown,
        _ if column.flags().contains(ColumnFlags::ENUM_FLAG) => RawType::Enum,
        _ if column.character_set() == BINARY_CHARSET => RawType::Bytes,
        _ => RawType::String,
    }
}

/// Decodes a raw-query column: the column's natural value.
pub(crate) fn decode_inferred(value: Value, column: &Column) -> Result<PrismaValue, ValueError> {
    if column.column_type() == ColumnType::MYSQL_TYPE_GEOMETRY {
        return Err(ValueError::Unrepresentable);
    }
    Ok(match natural(value, column)? {
        PrismaValue::Float(f) if !f.is_finite() => PrismaValue::Null,
        PrismaValue::Json(text) => PrismaValue::String(text),
        PrismaValue::Enum(text) => PrismaValue::String(text),
        other => other,
    })
}

/// Decodes a model-query column as the schema type the engine expects.
pub(crate) fn decode_known(
    value: Value,
    column: &Column,
    expected: TypeIdentifier,
) -> Result<PrismaValue, ValueError> {
    let natural = natural(value, column)?;
    convert(natural, expected).map_err(|value| ValueError::Mismatch {
        mysql_type: format!("{:?}", column.column_type()),
        expected,
        value: format!("{value:?}"),
    })
}

/// The value as its column type says, before any schema type is applied.
fn natural(value: Value, column: &Column) -> Result<PrismaValue, ValueError> {
    let raw_type = raw_type_of(column);
    Ok(match value {
        Value::NULL => PrismaValue::Null,
        Value::Int(n) => match raw_type {
            RawType::BigInt => PrismaValue::BigInt(n),
            _ => PrismaValue::Int(n),
        },
        Value::UInt(n) => {
            let n = i64::try_from(n).map_err(|_| ValueError::Unrepresentable)?;
            match raw_type {
                RawType::Int => PrismaValue::Int(n),
                _ => PrismaValue::BigInt(n),
            }
        }
        // Through the shortest decimal spelling, so a stored `1.1` reads back as 1.1.
        Value::Float(f) => PrismaValue::Float(if f.is_finite() {
            f.to_string().parse().unwrap_or(f64::from(f))
        } else {
            f64::from(f)
        }),
        Value::Double(f) => PrismaValue::Float(f),
        Value::Date(year, month, day, hour, minute, second, micros) => {
            let date = NaiveDate::from_ymd_opt(i32::from(year), u32::from(month), u32::from(day))
                .ok_or_else(|| ValueError::ZeroDate {
                column: column.name_str().into_owned(),
            })?;
            let time = NaiveTime::from_hms_micro_opt(
                u32::from(hour),
                u32::from(minute),
                u32::from(second),
                micros,
            )
            .ok_or(ValueError::Unrepresentable)?;
            PrismaValue::DateTime(utc(date.and_time(time)))
        }
        Value::Time(negative, days, hours, minutes, seconds, micros) => {
            let total = i64::from(days) * 86_400
                + i64::from(hours) * 3600
                + i64::from(minutes) * 60
                + i64::from(seconds);
            let mut offset = chrono::Duration::seconds(total)
                + chrono::Duration::microseconds(i64::from(micros));
            if negative {
                offset = -offset;
            }
            let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)
                .map(|d| d.and_time(NaiveTime::MIN))
                .ok_or(ValueError::Unrepresentable)?;
            let at = epoch
                .checked_add_signed(offset)
                .ok_or(ValueError::Unrepresentable)?;
            PrismaValue::DateTime(utc(at))
        }
        Value::Bytes(bytes) => bytes_value(bytes, column, raw_type)?,
    })
}

/// A value the binary protocol sends as bytes: decimals, strings, blobs, JSON, bits, and (in the text
/// protocol) everything else.
fn bytes_value(
    bytes: Vec<u8>,
    column: &Column,
    raw_type: RawType,
) -> Result<PrismaValue, ValueError> {
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).map_err(|_| ValueError::Unrepresentable);
    Ok(match raw_type {
        RawType::Bytes => PrismaValue::Bytes(bytes),
        RawType::Decimal => {
            let text = text(bytes)?;
            PrismaValue::Decimal(
                text.parse::<BigDecimal>()
                    .map_err(|_| ValueError::Unrepresentable)?
                    .normalized(),
            )
        }
        RawType::Int | RawType::BigInt => {
            let n: i64 = text(bytes)?
                .parse()
                .map_err(|_| ValueError::Unrepresentable)?;
            if raw_type == RawType::Int {
                PrismaValue::Int(n)
            } else {
                PrismaValue::BigInt(n)
            }
        }
        RawType::Float | RawType::Double => PrismaValue::Float(
            text(bytes)?
                .parse()
                .map_err(|_| ValueError::Unrepresentable)?,
        ),
        RawType::Json => PrismaValue::Json(text(bytes)?),
        RawType::Enum => PrismaValue::Enum(text(bytes)?),
        RawType::Date | RawType::Time | RawType::DateTime => {
            let text = text(bytes)?;
            parse_datetime_text(&text).ok_or_else(|| ValueError::ZeroDate {
                column: column.name_str().into_owned(),
            })?
        }
        _ => PrismaValue::String(
            String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        ),
    })
}

/// `2024-01-01 10:00:00.123`, `2024-01-01` or `12:34:56` as the text protocol sends them.
fn parse_datetime_text(text: &str) -> Option<PrismaValue> {
    if let Ok(at) = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f") {
        return Some(PrismaValue::DateTime(utc(at)));
    }
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(PrismaValue::DateTime(utc(date.and_time(NaiveTime::MIN))));
    }
    let time = NaiveTime::parse_from_str(text, "%H:%M:%S%.f").ok()?;
    let date = NaiveDate::from_ymd_opt(1970, 1, 1)?;
    Some(PrismaValue::DateTime(utc(date.and_time(time))))
}

fn utc(naive: NaiveDateTime) -> DateTime<FixedOffset> {
    Utc.from_utc_datetime(&naive).fixed_offset()
}

/// MariaDB keeps a JSON document as the text it was given (whitespace, duplicate keys, escapes); Prisma
/// answers with the document re-written compactly, the last of duplicate keys winning, so it is parsed and
/// written again. Text that does not parse is returned as it is.
fn compact_json(text: String) -> String {
    match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(document) => engine_core::protocol::json_text::to_json_text(&document),
        Err(_) => text,
    }
}

/// Converts a natural value to the schema type; gives the value back when it does not fit.
fn convert(value: PrismaValue, expected: TypeIdentifier) -> Result<PrismaValue, PrismaValue> {
    use PrismaValue as V;
    use TypeIdentifier as T;
    if value.is_null() {
        return Ok(V::Null);
    }
    Ok(match (expected, value) {
        (T::Int | T::BigInt, value) => {
            let n = match &value {
                V::Int(n) | V::BigInt(n) => Some(*n),
                V::Boolean(b) => Some(i64::from(*b)),
                V::Float(f) if f.is_finite() && f.fract() == 0.0 => Some(*f as i64),
                V::Decimal(d) => d.with_scale(0).to_i64(),
                V::String(s) => s.trim().parse().ok(),
                _ => None,
            };
            match (n, expected) {
                (Some(n), T::Int) => V::Int(n),
                (Some(n), _) => V::BigInt(n),
                (None, _) => return Err(value),
            }
        }
        (T::Boolean, V::Int(n) | V::BigInt(n)) => V::Boolean(n != 0),
        (T::Boolean, V::Boolean(b)) => V::Boolean(b),
        (T::Boolean, V::Bytes(b)) if b.len() == 1 => V::Boolean(b[0] != 0),
        (T::Float, V::Float(f)) => V::Float(f),
        (T::Float, V::Int(n) | V::BigInt(n)) => V::Float(n as f64),
        (T::Float, V::Decimal(d)) => V::Float(d.to_f64().ok_or(V::Decimal(d))?),
        (T::Decimal, V::Decimal(d)) => V::Decimal(d),
        (T::Decimal, V::Int(n) | V::BigInt(n)) => V::Decimal(n.into()),
        (T::Decimal, V::Float(f)) => V::Decimal(f.to_string().parse().map_err(|_| V::Float(f))?),
        (T::Decimal, V::String(s)) => V::Decimal(s.trim().parse().map_err(|_| V::String(s))?),
        (T::String, V::String(s) | V::Enum(s) | V::Json(s)) => V::String(s),
        (T::String, V::Bytes(b)) => {
            V::String(String::from_utf8(b).map_err(|e| V::Bytes(e.into_bytes()))?)
        }
        (T::String, V::Int(n) | V::BigInt(n)) => V::String(n.to_string()),
        (T::String, V::Decimal(d)) => V::String(d.to_string()),
        (T::DateTime, V::DateTime(dt)) => V::DateTime(dt),
        (T::Json, V::Json(s) | V::String(s)) => V::Json(compact_json(s)),
        (T::Json, V::Bytes(b)) => V::Json(compact_json(
            String::from_utf8(b).map_err(|e| V::Bytes(e.into_bytes()))?,
        )),
        (T::Bytes, V::Bytes(b)) => V::Bytes(b),
        (T::Bytes, V::String(s)) => V::Bytes(s.into_bytes()),
        (T::Enum, V::Enum(s) | V::String(s)) => V::Enum(s),
        (_, value) => return Err(value),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(ty: ColumnType) -> Column {
        Column::new(ty).with_character_set(45)
    }

    #[test]
    fn raw_types_follow_prisma_names() {
        let cases = [
            (column(ColumnType::MYSQL_TYPE_LONG), "int"),
            (
                column(ColumnType::MYSQL_TYPE_LONG).with_flags(ColumnFlags::UNSIGNED_FLAG),
                "bigint",
            ),
            (column(ColumnType::MYSQL_TYPE_LONGLONG), "bigint"),
            (column(ColumnType::MYSQL_TYPE_NULL), "int"),
            (column(ColumnType::MYSQL_TYPE_NEWDECIMAL), "decimal"),
            (column(ColumnType::MYSQL_TYPE_DOUBLE), "double"),
            (column(ColumnType::MYSQL_TYPE_DATE), "date"),
            (column(ColumnType::MYSQL_TYPE_TIME), "time"),
            (column(ColumnType::MYSQL_TYPE_DATETIME), "datetime"),
            (column(ColumnType::MYSQL_TYPE_VAR_STRING), "string"),
            (
                Column::new(ColumnType::MYSQL_TYPE_BLOB).with_character_set(BINARY_CHARSET),
                "bytes",
            ),
        ];
        for (column, name) in cases {
            assert_eq!(raw_type_of(&column).name(), name, "{column:?}");
        }
    }

    #[test]
    fn tinyint_reads_as_boolean_when_asked() {
        let tiny = column(ColumnType::MYSQL_TYPE_TINY);
        assert_eq!(
            decode_known(Value::Int(1), &tiny, TypeIdentifier::Boolean),
            Ok(PrismaValue::Boolean(true))
        );
        assert_eq!(
            decode_known(Value::Int(0), &tiny, TypeIdentifier::Boolean),
            Ok(PrismaValue::Boolean(false))
        );
        assert_eq!(
            decode_inferred(Value::Int(1), &tiny),
            Ok(PrismaValue::Int(1))
        );
    }

    #[test]
    fn decimals_are_normalized() {
        let decimal = column(ColumnType::MYSQL_TYPE_NEWDECIMAL);
        assert_eq!(
            decode_inferred(Value::Bytes(b"12.500000".to_vec()), &decimal),
            Ok(PrismaValue::Decimal("12.5".parse().unwrap()))
        );
    }

    #[test]
    fn zero_dates_are_reported_by_column() {
        let dt = Column::new(ColumnType::MYSQL_TYPE_DATETIME).with_name(b"at");
        assert_eq!(
            decode_known(
                Value::Date(0, 0, 0, 0, 0, 0, 0),
                &dt,
                TypeIdentifier::DateTime
            ),
            Err(ValueError::ZeroDate {
                column: "at".into()
            })
        );
    }

    #[test]
    fn times_sit_on_the_unix_epoch() {
        let time = column(ColumnType::MYSQL_TYPE_TIME);
        let PrismaValue::DateTime(at) =
            decode_inferred(Value::Time(false, 0, 12, 34, 56, 789_000), &time).unwrap()
        else {
            panic!("not a datetime")
        };
        assert_eq!(at.to_rfc3339(), "1970-01-01T12:34:56.789+00:00");
    }

    #[test]
    fn unsigned_beyond_i64_is_unrepresentable() {
        let big = column(ColumnType::MYSQL_TYPE_LONGLONG).with_flags(ColumnFlags::UNSIGNED_FLAG);
        assert_eq!(
            decode_inferred(Value::UInt(u64::MAX), &big),
            Err(ValueError::Unrepresentable)
        );
    }

    #[test]
    fn parameters_are_encoded_without_loss() {
        assert_eq!(
            encode(&PrismaValue::Boolean(true), Mode::Model),
            Ok(Value::Int(1))
        );
        assert_eq!(
            encode(&PrismaValue::Decimal("0.1".parse().unwrap()), Mode::Raw),
            Ok(Value::Bytes(b"0.1".to_vec()))
        );
        assert_eq!(
            encode(&PrismaValue::List(vec![]), Mode::Raw),
            Err(ValueError::ArrayParameter)
        );
        let at = DateTime::parse_from_rfc3339("2024-05-01T12:30:00.123+02:00").unwrap();
        assert_eq!(
            encode(&PrismaValue::DateTime(at), Mode::Model),
            Ok(Value::Date(2024, 5, 1, 10, 30, 0, 123_000))
        );
    }
}
