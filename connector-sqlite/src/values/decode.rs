//! Reading a column whose schema type the engine knows.

use super::datetime;
use bigdecimal::BigDecimal;
use engine_core::connector::{DatabaseError, TypeIdentifier};
use engine_core::value::PrismaValue;
use rusqlite::types::ValueRef;
use std::str::FromStr;

/// Decodes one stored value as the schema type `ty`.
///
/// Whatever storage class the value has, a representation that unambiguously means a value of `ty` is
/// accepted (a `DateTime` from unix milliseconds or from text, a `Boolean` from 0/1, a number from its
/// text); anything else is a [`DatabaseError::Conversion`] whose message is the offending value as Prisma
/// prints it (`"AQID"`), for the engine's P2023.
pub(crate) fn decode_known(
    value: ValueRef<'_>,
    ty: TypeIdentifier,
) -> Result<PrismaValue, DatabaseError> {
    if value == ValueRef::Null {
        return Ok(PrismaValue::Null);
    }
    let decoded = match ty {
        TypeIdentifier::Int => integer(value).map(PrismaValue::Int),
        TypeIdentifier::BigInt => integer(value).map(PrismaValue::BigInt),
        TypeIdentifier::Float => float(value).map(PrismaValue::Float),
        TypeIdentifier::Decimal => decimal(value).map(PrismaValue::Decimal),
        TypeIdentifier::String => text_or_number(value).map(PrismaValue::String),
        TypeIdentifier::Enum => text(value).map(PrismaValue::Enum),
        TypeIdentifier::Json => text_or_number(value).map(PrismaValue::Json),
        TypeIdentifier::Boolean => boolean(value).map(PrismaValue::Boolean),
        TypeIdentifier::DateTime => date_time(value).map(PrismaValue::DateTime),
        TypeIdentifier::Bytes => match value {
            ValueRef::Blob(bytes) => Some(PrismaValue::Bytes(bytes.to_vec())),
            _ => None,
        },
        // SQLite has no scalar lists.
        TypeIdentifier::List(_) => None,
    };
    decoded.ok_or_else(|| DatabaseError::Conversion {
        expected: ty,
        message: describe(value),
        column: None,
    })
}

/// A REAL as the decimal it was written from: Rust prints the shortest text that reads back as the same
/// double, which is the decimal Prisma shows (`1234567890.123456789` comes back as `1234567890.1234567`).
pub(super) fn decimal_from_f64(f: f64) -> Option<BigDecimal> {
    if f.is_finite() {
        BigDecimal::from_str(&f.to_string()).ok()
    } else {
        None
    }
}

/// The value as Prisma shows it in a conversion error: text quoted, numbers plain.
pub(super) fn describe(value: ValueRef<'_>) -> String {
    match value {
        ValueRef::Null => "null".into(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => f.to_string(),
        ValueRef::Text(bytes) => format!("{:?}", String::from_utf8_lossy(bytes)),
        ValueRef::Blob(bytes) => format!("<{} bytes>", bytes.len()),
    }
}

pub(super) fn utf8(bytes: &[u8]) -> Option<String> {
    std::str::from_utf8(bytes).ok().map(str::to_owned)
}

fn integer(value: ValueRef<'_>) -> Option<i64> {
    match value {
        ValueRef::Integer(i) => Some(i),
        // Aggregates over integers can come back as REAL; Prisma truncates as a cast would.
        ValueRef::Real(f) if f.is_finite() && f.abs() < 9.3e18 => Some(f.trunc() as i64),
        ValueRef::Text(bytes) => std::str::from_utf8(bytes).ok()?.trim().parse().ok(),
        _ => None,
    }
}

fn float(value: ValueRef<'_>) -> Option<f64> {
    match value {
        ValueRef::Real(f) => Some(f),
        ValueRef::Integer(i) => Some(i as f64),
        ValueRef::Text(bytes) => std::str::from_utf8(bytes).ok()?.trim().parse().ok(),
        _ => None,
    }
}

fn decimal(value: ValueRef<'_>) -> Option<BigDecimal> {
    match value {
        ValueRef::Real(f) => decimal_from_f64(f),
        ValueRef::Integer(i) => Some(BigDecimal::from(i)),
        ValueRef::Text(bytes) => BigDecimal::from_str(std::str::from_utf8(bytes).ok()?.trim()).ok(),
        _ => None,
    }
}

fn text(value: ValueRef<'_>) -> Option<String> {
    match value {
        ValueRef::Text(bytes) => utf8(bytes),
        _ => None,
    }
}

/// Text, or a number as SQLite itself would cast it to text.
fn text_or_number(value: ValueRef<'_>) -> Option<String> {
    match value {
        ValueRef::Integer(i) => Some(i.to_string()),
        ValueRef::Real(f) => Some(f.to_string()),
        _ => text(value),
    }
}

fn boolean(value: ValueRef<'_>) -> Option<bool> {
    match value {
        ValueRef::Integer(i) => Some(i != 0),
        ValueRef::Real(f) => Some(f != 0.0),
        ValueRef::Text(bytes) => match std::str::from_utf8(bytes).ok()?.trim() {
            t if t.eq_ignore_ascii_case("true") || t == "1" => Some(true),
            t if t.eq_ignore_ascii_case("false") || t == "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn date_time(value: ValueRef<'_>) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    match value {
        ValueRef::Integer(millis) => datetime::from_millis(millis),
        ValueRef::Real(millis) if millis.is_finite() && millis.abs() < 9.3e18 => {
            datetime::from_millis(millis.trunc() as i64)
        }
        ValueRef::Text(bytes) => datetime::parse_text(std::str::from_utf8(bytes).ok()?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn ok(value: ValueRef<'_>, ty: TypeIdentifier) -> PrismaValue {
        decode_known(value, ty).unwrap()
    }

    #[test]
    fn null_is_null_for_every_type() {
        for ty in [
            TypeIdentifier::Int,
            TypeIdentifier::Bytes,
            TypeIdentifier::DateTime,
            TypeIdentifier::Json,
        ] {
            assert_eq!(ok(ValueRef::Null, ty), PrismaValue::Null);
        }
    }

    #[test]
    fn date_time_from_millis_text_and_real() {
        let expected =
            PrismaValue::DateTime(DateTime::parse_from_rfc3339("2024-01-01T00:00:00Z").unwrap());
        assert_eq!(
            ok(
                ValueRef::Integer(1_704_067_200_000),
                TypeIdentifier::DateTime
            ),
            expected
        );
        assert_eq!(
            ok(
                ValueRef::Real(1_704_067_200_000.0),
                TypeIdentifier::DateTime
            ),
            expected
        );
        assert_eq!(
            ok(
                ValueRef::Text(b"2024-01-01T00:00:00Z"),
                TypeIdentifier::DateTime
            ),
            expected
        );
        assert_eq!(
            ok(
                ValueRef::Text(b"2024-01-01 00:00:00"),
                TypeIdentifier::DateTime
            ),
            expected
        );
        assert!(decode_known(ValueRef::Text(b"soon"), TypeIdentifier::DateTime).is_err());
        assert!(decode_known(ValueRef::Integer(i64::MAX), TypeIdentifier::DateTime).is_err());
    }

    #[test]
    fn decimal_from_real_uses_shortest_text() {
        // The double Prisma stores for the decimal 1234567890.123456789.
        let stored: f64 = "1234567890.123456789".parse().unwrap();
        let d = ok(ValueRef::Real(stored), TypeIdentifier::Decimal);
        assert_eq!(
            d,
            PrismaValue::Decimal(BigDecimal::from_str("1234567890.1234567").unwrap())
        );
        let d = ok(ValueRef::Real(0.1), TypeIdentifier::Decimal);
        assert_eq!(
            d,
            PrismaValue::Decimal(BigDecimal::from_str("0.1").unwrap())
        );
        assert!(decode_known(ValueRef::Real(f64::NAN), TypeIdentifier::Decimal).is_err());
    }

    #[test]
    fn booleans_from_integers_and_text() {
        assert_eq!(
            ok(ValueRef::Integer(1), TypeIdentifier::Boolean),
            PrismaValue::Boolean(true)
        );
        assert_eq!(
            ok(ValueRef::Integer(0), TypeIdentifier::Boolean),
            PrismaValue::Boolean(false)
        );
        assert_eq!(
            ok(ValueRef::Text(b"TRUE"), TypeIdentifier::Boolean),
            PrismaValue::Boolean(true)
        );
        assert!(decode_known(ValueRef::Text(b"maybe"), TypeIdentifier::Boolean).is_err());
    }

    #[test]
    fn bytes_stored_as_text_do_not_convert() {
        // 56_raw_raw_sqlite: a model read of `by` written as text by executeRaw is P2023.
        assert_eq!(
            decode_known(ValueRef::Text(b"AQID"), TypeIdentifier::Bytes),
            Err(DatabaseError::Conversion {
                expected: TypeIdentifier::Bytes,
                message: "\"AQID\"".into(),
                column: None,
            })
        );
    }

    #[test]
    fn numbers_from_other_storage_classes() {
        assert_eq!(
            ok(ValueRef::Real(3.0), TypeIdentifier::Int),
            PrismaValue::Int(3)
        );
        assert_eq!(
            ok(ValueRef::Text(b" 42 "), TypeIdentifier::BigInt),
            PrismaValue::BigInt(42)
        );
        assert_eq!(
            ok(ValueRef::Integer(2), TypeIdentifier::Float),
            PrismaValue::Float(2.0)
        );
        assert!(decode_known(ValueRef::Blob(b"1"), TypeIdentifier::Int).is_err());
        assert!(decode_known(ValueRef::Real(1e30), TypeIdentifier::Int).is_err());
    }

    #[test]
    fn text_types() {
        assert_eq!(
            ok(ValueRef::Text(b"A"), TypeIdentifier::Enum),
            PrismaValue::Enum("A".into())
        );
        assert_eq!(
            ok(ValueRef::Text(b"[1]"), TypeIdentifier::Json),
            PrismaValue::Json("[1]".into())
        );
        assert_eq!(
            ok(ValueRef::Integer(7), TypeIdentifier::String),
            PrismaValue::String("7".into())
        );
        assert!(decode_known(ValueRef::Text(b"\xff"), TypeIdentifier::String).is_err());
        assert!(decode_known(ValueRef::Blob(b"x"), TypeIdentifier::String).is_err());
    }
}
