//! Reading raw query results, where the engine knows nothing and the column's declared type and the
//! values themselves decide.
//!
//! The rules reproduce Prisma's on SQLite: a column read from a table reports the type its declaration
//! names (`DATETIME` → `datetime`, even when a row holds text); an expression (`1 + 1`, `?`, `COUNT(*)`)
//! has no declaration, so its type comes from its first non-null value (an integer is `bigint`, a real is
//! `double`); a column of nothing but nulls reports `int`.

use super::datetime;
use super::decode::{decimal_from_f64, describe, utf8};
use engine_core::connector::{DatabaseError, RawType, TypeIdentifier};
use engine_core::value::PrismaValue;
use rusqlite::types::ValueRef;

/// What a column's declared type (`sqlite3_column_decltype`) says about its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DeclaredType {
    Int,
    BigInt,
    Float,
    Double,
    Decimal,
    Text,
    Blob,
    Boolean,
    DateTime,
    Date,
    /// An expression, or a declaration SQLite accepts but Prisma gives no meaning.
    Undeclared,
}

impl DeclaredType {
    /// Reads a declaration case-insensitively, ignoring a size such as `VARCHAR(191)` or `DECIMAL(65,30)`.
    pub(crate) fn parse(declaration: Option<&str>) -> Self {
        let Some(declaration) = declaration else {
            return DeclaredType::Undeclared;
        };
        let name = declaration
            .split('(')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_uppercase();
        match name.as_str() {
            "INT" | "INTEGER" | "TINYINT" | "SMALLINT" | "MEDIUMINT" | "INT2" | "SERIAL" => {
                DeclaredType::Int
            }
            "BIGINT" | "INT8" | "UNSIGNED BIG INT" => DeclaredType::BigInt,
            "FLOAT" => DeclaredType::Float,
            "REAL" | "DOUBLE" | "DOUBLE PRECISION" => DeclaredType::Double,
            "DECIMAL" | "NUMERIC" => DeclaredType::Decimal,
            "TEXT" | "CLOB" => DeclaredType::Text,
            "BLOB" => DeclaredType::Blob,
            "BOOLEAN" | "BOOL" => DeclaredType::Boolean,
            "DATETIME" | "TIMESTAMP" => DeclaredType::DateTime,
            "DATE" => DeclaredType::Date,
            n if [
                "CHARACTER",
                "VARCHAR",
                "VARYING CHARACTER",
                "NCHAR",
                "NATIVE CHARACTER",
                "NVARCHAR",
                "CHAR",
            ]
            .iter()
            .any(|prefix| n.starts_with(prefix)) =>
            {
                DeclaredType::Text
            }
            _ => DeclaredType::Undeclared,
        }
    }

    /// The type a raw result reports for a declared column; `None` when the values must decide.
    fn raw_type(self) -> Option<RawType> {
        Some(match self {
            DeclaredType::Int => RawType::Int,
            DeclaredType::BigInt => RawType::BigInt,
            DeclaredType::Float => RawType::Float,
            DeclaredType::Double => RawType::Double,
            DeclaredType::Decimal => RawType::Decimal,
            DeclaredType::Text => RawType::String,
            DeclaredType::Blob => RawType::Bytes,
            DeclaredType::Boolean => RawType::Bool,
            DeclaredType::DateTime => RawType::DateTime,
            DeclaredType::Date => RawType::Date,
            DeclaredType::Undeclared => return None,
        })
    }
}

/// Decodes a raw result value by its storage class, refined by the declaration: integers in a
/// `BOOLEAN` column are booleans, in a `DATETIME` column unix milliseconds, reals in a `DECIMAL` column
/// decimals, text in a `DATETIME` column a timestamp. Integers are `BigInt` unless an `INTEGER`-like
/// declaration says `Int` and the value fits 32 bits, as Prisma does.
pub(crate) fn decode_raw(
    value: ValueRef<'_>,
    declared: DeclaredType,
) -> Result<PrismaValue, DatabaseError> {
    let conversion = |expected: TypeIdentifier| DatabaseError::Conversion {
        expected,
        message: describe(value),
        column: None,
    };
    Ok(match value {
        ValueRef::Null => PrismaValue::Null,
        ValueRef::Integer(i) => match declared {
            DeclaredType::Boolean => match i {
                0 => PrismaValue::Boolean(false),
                1 => PrismaValue::Boolean(true),
                _ => return Err(conversion(TypeIdentifier::Boolean)),
            },
            // A date column keeps only the day of the timestamp.
            DeclaredType::Date => datetime::from_millis(i.div_euclid(86_400_000) * 86_400_000)
                .map_or(PrismaValue::Null, PrismaValue::DateTime),
            // Out of range timestamps read as null, as Prisma does.
            DeclaredType::DateTime => {
                datetime::from_millis(i).map_or(PrismaValue::Null, PrismaValue::DateTime)
            }
            DeclaredType::Int if i32::try_from(i).is_ok() => PrismaValue::Int(i),
            _ => PrismaValue::BigInt(i),
        },
        ValueRef::Real(f) => match declared {
            DeclaredType::Decimal => PrismaValue::Decimal(
                decimal_from_f64(f).ok_or_else(|| conversion(TypeIdentifier::Decimal))?,
            ),
            _ => PrismaValue::Float(f),
        },
        ValueRef::Text(bytes) => {
            let text = utf8(bytes).ok_or_else(|| conversion(TypeIdentifier::String))?;
            match declared {
                DeclaredType::DateTime => PrismaValue::DateTime(
                    datetime::parse_text(&text)
                        .ok_or_else(|| conversion(TypeIdentifier::DateTime))?,
                ),
                _ => PrismaValue::String(text),
            }
        }
        ValueRef::Blob(bytes) => PrismaValue::Bytes(bytes.to_vec()),
    })
}

/// The type a raw result reports for a column, from its declaration or else from its decoded values.
pub(crate) fn infer_raw_type<'a>(
    declared: DeclaredType,
    mut values: impl Iterator<Item = &'a PrismaValue>,
) -> RawType {
    if let Some(ty) = declared.raw_type() {
        return ty;
    }
    let mut saw_null = false;
    for value in values.by_ref() {
        match value {
            PrismaValue::Null => saw_null = true,
            value => return value_raw_type(value),
        }
    }
    if saw_null {
        RawType::Int
    } else {
        RawType::Unknown
    }
}

fn value_raw_type(value: &PrismaValue) -> RawType {
    match value {
        PrismaValue::Null => RawType::Null,
        PrismaValue::Boolean(_) => RawType::Bool,
        PrismaValue::Int(_) => RawType::Int,
        PrismaValue::BigInt(_) => RawType::BigInt,
        PrismaValue::Float(_) => RawType::Double,
        PrismaValue::Decimal(_) => RawType::Decimal,
        PrismaValue::String(_) => RawType::String,
        PrismaValue::Enum(_) => RawType::Enum,
        PrismaValue::DateTime(_) => RawType::DateTime,
        PrismaValue::Json(_) | PrismaValue::Object(_) => RawType::Json,
        PrismaValue::Bytes(_) => RawType::Bytes,
        PrismaValue::List(_) => RawType::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations() {
        assert_eq!(DeclaredType::parse(Some("INTEGER")), DeclaredType::Int);
        assert_eq!(DeclaredType::parse(Some("bigint")), DeclaredType::BigInt);
        assert_eq!(
            DeclaredType::parse(Some("DECIMAL(65,30)")),
            DeclaredType::Decimal
        );
        assert_eq!(
            DeclaredType::parse(Some("VARCHAR(191)")),
            DeclaredType::Text
        );
        assert_eq!(
            DeclaredType::parse(Some("DateTime")),
            DeclaredType::DateTime
        );
        assert_eq!(DeclaredType::parse(Some("JSONB")), DeclaredType::Undeclared);
        assert_eq!(DeclaredType::parse(None), DeclaredType::Undeclared);
    }

    #[test]
    fn undeclared_columns_take_the_first_non_null_value() {
        let values = [PrismaValue::Null, PrismaValue::BigInt(1)];
        assert_eq!(
            infer_raw_type(DeclaredType::Undeclared, values.iter()),
            RawType::BigInt
        );
        let nulls = [PrismaValue::Null];
        assert_eq!(
            infer_raw_type(DeclaredType::Undeclared, nulls.iter()),
            RawType::Int
        );
        assert_eq!(
            infer_raw_type(DeclaredType::Undeclared, [].iter()),
            RawType::Unknown
        );
        // A declaration wins over the values, even when a row holds something else.
        let text = [PrismaValue::String("AQID".into())];
        assert_eq!(
            infer_raw_type(DeclaredType::Blob, text.iter()),
            RawType::Bytes
        );
    }

    #[test]
    fn integers_by_declaration() {
        assert_eq!(
            decode_raw(ValueRef::Integer(42), DeclaredType::Int).unwrap(),
            PrismaValue::Int(42)
        );
        assert_eq!(
            decode_raw(ValueRef::Integer(1 << 40), DeclaredType::Int).unwrap(),
            PrismaValue::BigInt(1 << 40)
        );
        assert_eq!(
            decode_raw(ValueRef::Integer(1), DeclaredType::Undeclared).unwrap(),
            PrismaValue::BigInt(1)
        );
        assert_eq!(
            decode_raw(ValueRef::Integer(1), DeclaredType::Boolean).unwrap(),
            PrismaValue::Boolean(true)
        );
        assert!(decode_raw(ValueRef::Integer(2), DeclaredType::Boolean).is_err());
    }

    #[test]
    fn dates_keep_the_day() {
        let PrismaValue::DateTime(dt) =
            decode_raw(ValueRef::Integer(1_704_110_400_000), DeclaredType::Date).unwrap()
        else {
            panic!("not a date");
        };
        assert_eq!(dt.to_rfc3339(), "2024-01-01T00:00:00+00:00");
        let PrismaValue::DateTime(dt) =
            decode_raw(ValueRef::Integer(-1), DeclaredType::Date).unwrap()
        else {
            panic!("not a date");
        };
        assert_eq!(dt.to_rfc3339(), "1969-12-31T00:00:00+00:00");
    }
}
