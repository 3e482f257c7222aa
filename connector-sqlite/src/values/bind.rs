//! Parameters: every value goes to SQLite as a bound parameter, never as SQL text.

use crate::errors::{uncoded, ARRAYS_UNSUPPORTED};
use bigdecimal::ToPrimitive;
use engine_core::connector::DatabaseError;
use engine_core::value::PrismaValue;
use rusqlite::types::Value;

/// Converts one parameter into the SQLite value Prisma would have stored for it.
///
/// The conversion runs before the statement is sent to its connection thread, so a value SQLite cannot
/// hold fails fast, without touching the database.
pub(crate) fn to_sql(value: &PrismaValue) -> Result<Value, DatabaseError> {
    Ok(match value {
        PrismaValue::Null => Value::Null,
        PrismaValue::Boolean(b) => Value::Integer(i64::from(*b)),
        PrismaValue::Int(i) | PrismaValue::BigInt(i) => Value::Integer(*i),
        PrismaValue::Float(f) => Value::Real(*f),
        // Prisma keeps decimals in REAL columns; the nearest double is what gets stored.
        PrismaValue::Decimal(d) => match d.to_f64() {
            Some(f) if f.is_finite() => Value::Real(f),
            _ => {
                return Err(uncoded(format!(
                    "The decimal {d} does not fit in an SQLite REAL."
                )))
            }
        },
        PrismaValue::String(s) | PrismaValue::Enum(s) | PrismaValue::Json(s) => {
            Value::Text(s.clone())
        }
        PrismaValue::DateTime(dt) => Value::Integer(dt.timestamp_millis()),
        PrismaValue::Bytes(b) => Value::Blob(b.clone()),
        PrismaValue::List(_) => return Err(uncoded(ARRAYS_UNSUPPORTED)),
        PrismaValue::Object(_) => {
            return Err(uncoded(
                "Objects cannot be bound as SQLite parameters; pass them as JSON text.",
            ))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use bigdecimal::BigDecimal;
    use chrono::DateTime;
    use std::str::FromStr;

    #[test]
    fn representations_follow_prisma() {
        assert_eq!(
            to_sql(&PrismaValue::Boolean(true)).unwrap(),
            Value::Integer(1)
        );
        assert_eq!(
            to_sql(&PrismaValue::Boolean(false)).unwrap(),
            Value::Integer(0)
        );
        let decimal = BigDecimal::from_str("1.10").unwrap();
        assert_eq!(
            to_sql(&PrismaValue::Decimal(decimal)).unwrap(),
            Value::Real(1.1)
        );
        let dt = DateTime::parse_from_rfc3339("2024-01-01T00:00:00.000Z").unwrap();
        assert_eq!(
            to_sql(&PrismaValue::DateTime(dt)).unwrap(),
            Value::Integer(1_704_067_200_000)
        );
        let pre_epoch = DateTime::parse_from_rfc3339("1969-12-31T23:59:59.999Z").unwrap();
        assert_eq!(
            to_sql(&PrismaValue::DateTime(pre_epoch)).unwrap(),
            Value::Integer(-1)
        );
        assert_eq!(
            to_sql(&PrismaValue::Json(r#"{"k":[1,2]}"#.into())).unwrap(),
            Value::Text(r#"{"k":[1,2]}"#.into())
        );
    }

    #[test]
    fn lists_and_objects_are_refused() {
        let list = PrismaValue::List(vec![PrismaValue::Int(1)]);
        assert_eq!(to_sql(&list), Err(uncoded(ARRAYS_UNSUPPORTED)));
        let object = PrismaValue::Object(vec![("a".into(), PrismaValue::Int(1))]);
        assert!(matches!(
            to_sql(&object),
            Err(DatabaseError::Other { code: None, .. })
        ));
    }

    #[test]
    fn decimal_beyond_double_range_is_refused() {
        let huge = BigDecimal::from_str("1e400").unwrap();
        assert!(to_sql(&PrismaValue::Decimal(huge)).is_err());
    }
}
