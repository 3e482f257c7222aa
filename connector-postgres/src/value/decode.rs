//! Reading result columns into [`PrismaValue`]s.
//!
//! Every column arrives in PostgreSQL's binary format and is first read into its natural value (an `int4`
//! is an `Int`, a `date` a `DateTime` at midnight UTC). Model queries then convert that value to the schema
//! type the engine asked for; raw queries keep it and report the column's [`RawType`].

use std::error::Error;

use bigdecimal::{BigDecimal, ToPrimitive};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use engine_core::connector::{ListElement, RawElement, RawType, TypeIdentifier};
use engine_core::value::PrismaValue;
use fallible_iterator::FallibleIterator;
use postgres_protocol::types as wire;
use tokio_postgres::types::{FromSql, Kind, Type};

use super::numeric::{self, Numeric};

type BoxError = Box<dyn Error + Sync + Send>;

/// Why a column value could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum DecodeError {
    /// A column type no Prisma type stands for (`interval`, geometric types, ...).
    #[error("Failed to deserialize column of type '{0}'. If you're using $queryRaw and this column is explicitly marked as `Unsupported` in your Prisma schema, try casting this column to any supported Prisma type such as `String`.")]
    UnsupportedType(String),
    #[error("Malformed value of type '{pg_type}' from the server: {reason}")]
    Malformed { pg_type: String, reason: String },
    #[error("Cannot read a value of PostgreSQL type '{pg_type}' as {expected:?}: {value}")]
    Mismatch {
        pg_type: String,
        expected: TypeIdentifier,
        value: String,
    },
}

/// The bytes of one column, whatever its type; decoding happens in this module, not in the driver.
pub(crate) struct RawColumn<'a>(pub Option<&'a [u8]>);

impl<'a> FromSql<'a> for RawColumn<'a> {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        Ok(RawColumn(Some(raw)))
    }

    fn from_sql_null(_: &Type) -> Result<Self, BoxError> {
        Ok(RawColumn(None))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

fn base_type(ty: &Type) -> &Type {
    match ty.kind() {
        Kind::Domain(inner) => base_type(inner),
        _ => ty,
    }
}

/// The `queryRaw` type name of a column type; `None` for types raw results cannot carry.
pub(crate) fn raw_type_of(ty: &Type) -> Option<RawType> {
    let ty = base_type(ty);
    if let Kind::Array(element) = ty.kind() {
        let element = match raw_type_of(element)? {
            RawType::Int => RawElement::Int,
            RawType::BigInt => RawElement::BigInt,
            RawType::Float => RawElement::Float,
            RawType::Double => RawElement::Double,
            RawType::String | RawType::Enum => RawElement::String,
            RawType::Bytes => RawElement::Bytes,
            RawType::Bool => RawElement::Bool,
            RawType::Char => RawElement::Char,
            RawType::Decimal => RawElement::Decimal,
            RawType::Json => RawElement::Json,
            RawType::Xml => RawElement::Xml,
            RawType::Uuid => RawElement::Uuid,
            RawType::DateTime => RawElement::DateTime,
            RawType::Date => RawElement::Date,
            RawType::Time => RawElement::Time,
            RawType::Array(_) | RawType::Null | RawType::Unknown => return None,
        };
        return Some(RawType::Array(element));
    }
    if let Kind::Enum(_) = ty.kind() {
        return Some(RawType::Enum);
    }
    Some(match *ty {
        Type::INT2 | Type::INT4 => RawType::Int,
        Type::INT8 | Type::OID => RawType::BigInt,
        Type::FLOAT4 => RawType::Float,
        Type::FLOAT8 => RawType::Double,
        Type::NUMERIC => RawType::Decimal,
        Type::BOOL => RawType::Bool,
        Type::CHAR => RawType::Char,
        Type::BYTEA => RawType::Bytes,
        Type::JSON | Type::JSONB => RawType::Json,
        Type::XML => RawType::Xml,
        Type::UUID => RawType::Uuid,
        Type::TIMESTAMP | Type::TIMESTAMPTZ => RawType::DateTime,
        Type::DATE => RawType::Date,
        Type::TIME | Type::TIMETZ => RawType::Time,
        Type::TEXT
        | Type::VARCHAR
        | Type::BPCHAR
        | Type::NAME
        | Type::UNKNOWN
        | Type::INET
        | Type::CIDR
        | Type::MACADDR
        | Type::BIT
        | Type::VARBIT => RawType::String,
        _ if ty.name() == "citext" => RawType::String,
        _ => return None,
    })
}

/// Decodes a raw-query column: the natural value, with what JSON cannot hold (NaN, infinities) as null.
pub(crate) fn decode_inferred(raw: Option<&[u8]>, ty: &Type) -> Result<PrismaValue, DecodeError> {
    if raw_type_of(ty).is_none() {
        return Err(DecodeError::UnsupportedType(ty.name().to_owned()));
    }
    Ok(for_raw_result(natural(raw, ty)?))
}

fn for_raw_result(value: PrismaValue) -> PrismaValue {
    match value {
        PrismaValue::Float(f) if !f.is_finite() => PrismaValue::Null,
        PrismaValue::Enum(label) => PrismaValue::String(label),
        PrismaValue::List(items) => {
            PrismaValue::List(items.into_iter().map(for_raw_result).collect())
        }
        other => other,
    }
}

/// Decodes a model-query column as the schema type the engine expects.
pub(crate) fn decode_known(
    raw: Option<&[u8]>,
    ty: &Type,
    expected: TypeIdentifier,
) -> Result<PrismaValue, DecodeError> {
    let value = natural(raw, ty)?;
    convert(value, expected).map_err(|value| DecodeError::Mismatch {
        pg_type: ty.name().to_owned(),
        expected,
        value: format!("{value:?}"),
    })
}

/// The value as its own column type says, before any schema type is applied.
fn natural(raw: Option<&[u8]>, ty: &Type) -> Result<PrismaValue, DecodeError> {
    let Some(raw) = raw else {
        return Ok(PrismaValue::Null);
    };
    let ty = base_type(ty);
    let malformed = |e: BoxError| DecodeError::Malformed {
        pg_type: ty.name().to_owned(),
        reason: e.to_string(),
    };
    if let Kind::Array(element) = ty.kind() {
        return decode_array(raw, element).map_err(|e| match e.downcast::<DecodeError>() {
            Ok(inner) => *inner,
            Err(other) => malformed(other),
        });
    }
    if let Kind::Enum(_) = ty.kind() {
        return Ok(PrismaValue::Enum(text(raw).map_err(malformed)?));
    }
    let value = match *ty {
        Type::BOOL => PrismaValue::Boolean(wire::bool_from_sql(raw).map_err(malformed)?),
        Type::INT2 => PrismaValue::Int(wire::int2_from_sql(raw).map_err(malformed)?.into()),
        Type::INT4 => PrismaValue::Int(wire::int4_from_sql(raw).map_err(malformed)?.into()),
        Type::INT8 => PrismaValue::BigInt(wire::int8_from_sql(raw).map_err(malformed)?),
        Type::OID => PrismaValue::BigInt(wire::oid_from_sql(raw).map_err(malformed)?.into()),
        // Through the shortest decimal spelling, so a stored `1.1` reads back as 1.1, not 1.100000023841858.
        Type::FLOAT4 => {
            let f = wire::float4_from_sql(raw).map_err(malformed)?;
            PrismaValue::Float(if f.is_finite() {
                f.to_string().parse().unwrap_or(f64::from(f))
            } else {
                f64::from(f)
            })
        }
        Type::FLOAT8 => PrismaValue::Float(wire::float8_from_sql(raw).map_err(malformed)?),
        Type::NUMERIC => match numeric::decode(raw).map_err(|e| malformed(e.into()))? {
            Numeric::Number(n) => PrismaValue::Decimal(n),
            // Prisma reads a numeric NaN as zero.
            Numeric::NaN => PrismaValue::Decimal(BigDecimal::from(0)),
            Numeric::Infinity { .. } => {
                return Err(malformed(
                    "an infinite numeric has no decimal representation".into(),
                ))
            }
        },
        Type::CHAR => PrismaValue::String(String::from_utf8_lossy(raw).into_owned()),
        Type::BYTEA => PrismaValue::Bytes(raw.to_vec()),
        Type::JSON => PrismaValue::Json(compact_json(text(raw).map_err(malformed)?)),
        Type::JSONB => match raw.split_first() {
            Some((1, rest)) => PrismaValue::Json(compact_json(text(rest).map_err(malformed)?)),
            _ => return Err(malformed("unknown jsonb version".into())),
        },
        Type::UUID => PrismaValue::String(format_uuid(raw).map_err(malformed)?),
        Type::TIMESTAMP | Type::TIMESTAMPTZ => {
            let micros = wire::timestamp_from_sql(raw).map_err(malformed)?;
            PrismaValue::DateTime(timestamp(micros).map_err(malformed)?)
        }
        Type::DATE => {
            let days = wire::date_from_sql(raw).map_err(malformed)?;
            let date = NaiveDate::from_ymd_opt(2000, 1, 1)
                .and_then(|epoch| epoch.checked_add_signed(Duration::days(days.into())))
                .ok_or_else(|| malformed("date out of range".into()))?;
            PrismaValue::DateTime(utc(date.and_time(NaiveTime::MIN)))
        }
        Type::TIME => {
            let micros = wire::time_from_sql(raw).map_err(malformed)?;
            PrismaValue::DateTime(time_of_day(micros, 0).map_err(malformed)?)
        }
        Type::TIMETZ => {
            let (time, zone) = raw
                .split_at_checked(8)
                .ok_or_else(|| malformed("short timetz".into()))?;
            let micros = wire::time_from_sql(time).map_err(malformed)?;
            let seconds_west = wire::int4_from_sql(zone).map_err(malformed)?;
            PrismaValue::DateTime(time_of_day(micros, seconds_west).map_err(malformed)?)
        }
        Type::INET | Type::CIDR => {
            let inet = wire::inet_from_sql(raw).map_err(malformed)?;
            let full = if inet.addr().is_ipv4() { 32 } else { 128 };
            if *ty == Type::INET && inet.netmask() == full {
                PrismaValue::String(inet.addr().to_string())
            } else {
                PrismaValue::String(format!("{}/{}", inet.addr(), inet.netmask()))
            }
        }
        Type::MACADDR => {
            let parts: Vec<String> = raw.iter().map(|b| format!("{b:02x}")).collect();
            PrismaValue::String(parts.join(":"))
        }
        Type::BIT | Type::VARBIT => {
            let bits = wire::varbit_from_sql(raw).map_err(malformed)?;
            let text: String = bits
                .bytes()
                .iter()
                .flat_map(|byte| (0..8).rev().map(move |i| byte >> i & 1))
                .take(bits.len())
                .map(|bit| if bit == 1 { '1' } else { '0' })
                .collect();
            PrismaValue::String(text)
        }
        _ if matches!(raw_type_of(ty), Some(RawType::String | RawType::Xml)) => {
            PrismaValue::String(text(raw).map_err(malformed)?)
        }
        _ => return Err(DecodeError::UnsupportedType(ty.name().to_owned())),
    };
    Ok(value)
}

fn decode_array(raw: &[u8], element: &Type) -> Result<PrismaValue, BoxError> {
    let array = wire::array_from_sql(raw)?;
    if array.dimensions().count()? > 1 {
        return Err("multi-dimensional arrays are not supported".into());
    }
    let items = array
        .values()
        .map(|item| natural(item, element).map_err(|e| Box::new(e) as BoxError))
        .collect()?;
    Ok(PrismaValue::List(items))
}

fn text(raw: &[u8]) -> Result<String, BoxError> {
    Ok(std::str::from_utf8(raw)?.to_owned())
}

fn format_uuid(raw: &[u8]) -> Result<String, BoxError> {
    if raw.len() != 16 {
        return Err("a uuid has 16 bytes".into());
    }
    let hex: String = raw.iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    ))
}

fn utc(naive: NaiveDateTime) -> DateTime<FixedOffset> {
    Utc.from_utc_datetime(&naive).fixed_offset()
}

fn timestamp(micros_since_2000: i64) -> Result<DateTime<FixedOffset>, BoxError> {
    let epoch = NaiveDate::from_ymd_opt(2000, 1, 1)
        .expect("valid date")
        .and_time(NaiveTime::MIN);
    epoch
        .checked_add_signed(Duration::microseconds(micros_since_2000))
        .map(utc)
        .ok_or_else(|| "timestamp out of range (infinity?)".into())
}

/// A time of day as a `DateTime` on 1970-01-01 UTC, the way Prisma represents `@db.Time`.
fn time_of_day(micros: i64, seconds_west: i32) -> Result<DateTime<FixedOffset>, BoxError> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)
        .expect("valid date")
        .and_time(NaiveTime::MIN);
    let local = epoch + Duration::microseconds(micros) + Duration::seconds(seconds_west.into());
    Ok(utc(local))
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
        (T::Float, V::Float(f)) => V::Float(f),
        (T::Float, V::Int(n) | V::BigInt(n)) => V::Float(n as f64),
        (T::Float, V::Decimal(d)) => V::Float(d.to_f64().ok_or(V::Decimal(d))?),
        (T::Decimal, V::Decimal(d)) => V::Decimal(d),
        (T::Decimal, V::Int(n) | V::BigInt(n)) => V::Decimal(n.into()),
        (T::Decimal, V::Float(f)) => V::Decimal(f.to_string().parse().map_err(|_| V::Float(f))?),
        (T::Decimal, V::String(s)) => V::Decimal(s.trim().parse().map_err(|_| V::String(s))?),
        (T::String, V::String(s) | V::Enum(s) | V::Json(s)) => V::String(s),
        (T::String, V::Int(n) | V::BigInt(n)) => V::String(n.to_string()),
        (T::String, V::Decimal(d)) => V::String(d.to_string()),
        (T::Boolean, V::Boolean(b)) => V::Boolean(b),
        (T::DateTime, V::DateTime(dt)) => V::DateTime(dt),
        (T::DateTime, V::String(s)) => {
            V::DateTime(DateTime::parse_from_rfc3339(&s).map_err(|_| V::String(s))?)
        }
        (T::Json, V::Json(s) | V::String(s)) => V::Json(s),
        (T::Bytes, V::Bytes(b)) => V::Bytes(b),
        (T::Enum, V::Enum(s) | V::String(s)) => V::Enum(s),
        (T::List(element), V::List(items)) => {
            let element = list_element_type(element);
            let items: Result<Vec<_>, _> = items
                .into_iter()
                .map(|item| convert(item, element))
                .collect();
            V::List(items?)
        }
        (_, value) => return Err(value),
    })
}

fn list_element_type(element: ListElement) -> TypeIdentifier {
    match element {
        ListElement::Int => TypeIdentifier::Int,
        ListElement::BigInt => TypeIdentifier::BigInt,
        ListElement::Float => TypeIdentifier::Float,
        ListElement::Decimal => TypeIdentifier::Decimal,
        ListElement::String => TypeIdentifier::String,
        ListElement::Boolean => TypeIdentifier::Boolean,
        ListElement::DateTime => TypeIdentifier::DateTime,
        ListElement::Json => TypeIdentifier::Json,
        ListElement::Bytes => TypeIdentifier::Bytes,
        ListElement::Enum => TypeIdentifier::Enum,
    }
}

/// PostgreSQL prints JSON documents with spaces (`{"a": 1}`); Prisma answers with compact text, so the
/// document is re-written compactly (key order kept).
fn compact_json(text: String) -> String {
    match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(document) => engine_core::protocol::json_text::to_json_text(&document),
        Err(_) => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_types_follow_prisma_names() {
        let cases = [
            (Type::INT2, "int"),
            (Type::INT4, "int"),
            (Type::INT8, "bigint"),
            (Type::FLOAT4, "float"),
            (Type::FLOAT8, "double"),
            (Type::NUMERIC, "decimal"),
            (Type::BPCHAR, "string"),
            (Type::CHAR, "char"),
            (Type::TIMETZ, "time"),
            (Type::JSONB, "json"),
            (Type::INT4_ARRAY, "int-array"),
            (Type::BPCHAR_ARRAY, "string-array"),
            (Type::TIMESTAMPTZ_ARRAY, "datetime-array"),
        ];
        for (ty, name) in cases {
            assert_eq!(
                raw_type_of(&ty).map(RawType::name).as_deref(),
                Some(name),
                "{ty}"
            );
        }
        assert_eq!(raw_type_of(&Type::INTERVAL), None);
    }

    #[test]
    fn unsupported_columns_fail_like_prisma() {
        let err = decode_inferred(Some(&[0; 16]), &Type::INTERVAL).unwrap_err();
        assert!(err
            .to_string()
            .starts_with("Failed to deserialize column of type 'interval'."));
    }

    #[test]
    fn time_columns_sit_on_the_unix_epoch() {
        let micros: i64 = (12 * 3600 + 34 * 60 + 56) * 1_000_000 + 789_000;
        let value = decode_known(
            Some(&micros.to_be_bytes()),
            &Type::TIME,
            TypeIdentifier::DateTime,
        )
        .unwrap();
        let PrismaValue::DateTime(dt) = value else {
            panic!("{value:?}")
        };
        assert_eq!(dt.to_rfc3339(), "1970-01-01T12:34:56.789+00:00");
    }

    #[test]
    fn schema_types_convert_compatible_values_only() {
        assert_eq!(
            convert(PrismaValue::BigInt(5), TypeIdentifier::Int),
            Ok(PrismaValue::Int(5))
        );
        assert_eq!(
            convert(
                PrismaValue::Decimal(BigDecimal::from(3)),
                TypeIdentifier::Float
            ),
            Ok(PrismaValue::Float(3.0))
        );
        assert_eq!(
            convert(PrismaValue::String("A".into()), TypeIdentifier::Enum),
            Ok(PrismaValue::Enum("A".into()))
        );
        assert!(convert(PrismaValue::Bytes(vec![1]), TypeIdentifier::Int).is_err());
        assert!(convert(PrismaValue::Boolean(true), TypeIdentifier::DateTime).is_err());
        assert_eq!(
            convert(
                PrismaValue::List(vec![PrismaValue::Int(1), PrismaValue::Null]),
                TypeIdentifier::List(ListElement::BigInt)
            ),
            Ok(PrismaValue::List(vec![
                PrismaValue::BigInt(1),
                PrismaValue::Null
            ]))
        );
    }

    #[test]
    fn raw_results_turn_non_finite_floats_into_null() {
        let nan = f64::NAN.to_be_bytes();
        assert_eq!(
            decode_inferred(Some(&nan), &Type::FLOAT8).unwrap(),
            PrismaValue::Null
        );
        let neg_zero = (-0.0f64).to_be_bytes();
        let PrismaValue::Float(f) = decode_inferred(Some(&neg_zero), &Type::FLOAT8).unwrap() else {
            panic!()
        };
        assert!(f == 0.0 && f.is_sign_negative());
    }
}
