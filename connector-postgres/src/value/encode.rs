//! Binding a [`PrismaValue`] as a statement parameter.
//!
//! The parameter's PostgreSQL type decides the encoding: it is the type the server inferred for `$n`
//! (model queries) or the one declared from the value (raw queries, see [`declared_type`]). A value with a
//! binary encoding for that type is sent in binary; any other value goes as text and the server parses it
//! by the parameter's type, which is how an `Int` reaches a `numeric` column or a `String` an `inet` one.

use std::error::Error;
use std::fmt::Write as _;

use bytes::{BufMut, BytesMut};
use chrono::{DateTime, FixedOffset, NaiveDate, Timelike, Utc};
use engine_core::value::PrismaValue;
use postgres_protocol::types as wire;
use tokio_postgres::types::{Format, IsNull, Kind, ToSql, Type};

use super::numeric;

type BoxError = Box<dyn Error + Sync + Send>;

/// A bind failure the database never saw; its message is what the user reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum BindError {
    #[error(
        "Unable to fit integer value '{value}' into an {pg_type} ({bits}-bit signed integer)."
    )]
    IntegerOverflow {
        value: i64,
        pg_type: &'static str,
        bits: u8,
    },
    #[error("Unable to convert value {value} to PostgreSQL type `{pg_type}`: {reason}")]
    Conversion {
        value: String,
        pg_type: String,
        reason: String,
    },
}

/// The type a raw query declares for a value, so `SELECT $1` with `1` is a `bigint` as in Prisma, and a
/// string stays `text` even where a column of another type would take it. `unknown` leaves the parameter
/// for the server to infer (nulls, enums, lists without a typed element).
pub(crate) fn declared_type(value: &PrismaValue) -> Type {
    match value {
        PrismaValue::Boolean(_) => Type::BOOL,
        PrismaValue::Int(_) | PrismaValue::BigInt(_) => Type::INT8,
        PrismaValue::Float(_) => Type::FLOAT8,
        PrismaValue::Decimal(_) => Type::NUMERIC,
        PrismaValue::String(_) => Type::TEXT,
        PrismaValue::DateTime(_) => Type::TIMESTAMPTZ,
        PrismaValue::Json(_) | PrismaValue::Object(_) => Type::JSONB,
        PrismaValue::Bytes(_) => Type::BYTEA,
        PrismaValue::List(items) => match items.iter().find(|v| !v.is_null()).map(declared_type) {
            Some(Type::BOOL) => Type::BOOL_ARRAY,
            Some(Type::INT8) => Type::INT8_ARRAY,
            Some(Type::FLOAT8) => Type::FLOAT8_ARRAY,
            Some(Type::NUMERIC) => Type::NUMERIC_ARRAY,
            Some(Type::TEXT) => Type::TEXT_ARRAY,
            Some(Type::TIMESTAMPTZ) => Type::TIMESTAMPTZ_ARRAY,
            Some(Type::JSONB) => Type::JSONB_ARRAY,
            Some(Type::BYTEA) => Type::BYTEA_ARRAY,
            _ => Type::UNKNOWN,
        },
        PrismaValue::Null | PrismaValue::Enum(_) => Type::UNKNOWN,
    }
}

/// A [`BindError`] of the parameter at `index` (zero-based) of its statement, which Prisma's error text
/// names (`ToSql(2)`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{error}")]
pub(crate) struct ParamError {
    pub index: usize,
    pub error: BindError,
}

/// One parameter: a value and its position, because the type comes from the statement.
#[derive(Debug)]
pub(crate) struct Param<'a> {
    value: &'a PrismaValue,
    index: usize,
}

impl<'a> Param<'a> {
    /// The parameters of a statement, in order.
    pub(crate) fn all(values: &'a [PrismaValue]) -> Vec<Param<'a>> {
        values
            .iter()
            .enumerate()
            .map(|(index, value)| Param { value, index })
            .collect()
    }

    pub(crate) fn value(&self) -> &'a PrismaValue {
        self.value
    }

    fn encode(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        if self.value.is_null() {
            return Ok(IsNull::Yes);
        }
        if has_binary_encoding(self.value, ty) {
            encode_binary(self.value, ty, out)?;
        } else {
            out.put_slice(text_form(self.value, ty)?.as_bytes());
        }
        Ok(IsNull::No)
    }
}

impl ToSql for Param<'_> {
    /// Bind failures carry the parameter's position; other encoding failures pass as they are.
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        self.encode(ty, out)
            .map_err(|error| match error.downcast::<BindError>() {
                Ok(error) => Box::new(ParamError {
                    index: self.index,
                    error: *error,
                }) as BoxError,
                Err(other) => other,
            })
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    fn encode_format(&self, ty: &Type) -> Format {
        if self.value.is_null() || has_binary_encoding(self.value, ty) {
            Format::Binary
        } else {
            Format::Text
        }
    }

    tokio_postgres::types::to_sql_checked!();
}

/// Domains are encoded as their base type.
fn base_type(ty: &Type) -> &Type {
    match ty.kind() {
        Kind::Domain(inner) => base_type(inner),
        _ => ty,
    }
}

/// Types whose binary form is their text. `unknown` is not one of them: the server reads such a parameter by
/// the type it infers later, so only the text format is safe for it.
fn is_text_like(ty: &Type) -> bool {
    matches!(
        *ty,
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::XML | Type::JSON
    ) || matches!(ty.kind(), Kind::Enum(_))
        || ty.name() == "citext"
}

fn has_binary_encoding(value: &PrismaValue, ty: &Type) -> bool {
    let ty = base_type(ty);
    use PrismaValue as V;
    match (value, ty) {
        (V::Null, _) => true,
        (V::List(items), _) => match ty.kind() {
            Kind::Array(element) => items.iter().all(|item| has_binary_encoding(item, element)),
            _ => false,
        },
        (_, ty) if is_text_like(ty) => !matches!(value, V::Bytes(_) | V::Object(_)),
        (V::Boolean(_), &Type::BOOL) => true,
        (V::Int(_) | V::BigInt(_), &Type::INT2 | &Type::INT4 | &Type::INT8 | &Type::OID) => true,
        (
            V::Int(_) | V::BigInt(_) | V::Float(_) | V::Decimal(_),
            &Type::FLOAT4 | &Type::FLOAT8 | &Type::NUMERIC,
        ) => true,
        (V::Json(_) | V::Object(_) | V::String(_), &Type::JSONB) => true,
        (V::String(_), &Type::UUID) => parse_uuid(value_str(value)).is_some(),
        (V::Bytes(_), &Type::BYTEA) => true,
        (
            V::DateTime(_),
            &Type::TIMESTAMP | &Type::TIMESTAMPTZ | &Type::DATE | &Type::TIME | &Type::TIMETZ,
        ) => true,
        _ => false,
    }
}

fn value_str(value: &PrismaValue) -> &str {
    match value {
        PrismaValue::String(s) | PrismaValue::Enum(s) | PrismaValue::Json(s) => s,
        _ => "",
    }
}

fn encode_binary(value: &PrismaValue, ty: &Type, out: &mut BytesMut) -> Result<(), BoxError> {
    let ty = base_type(ty);
    use PrismaValue as V;
    match (value, ty) {
        (V::List(items), _) => {
            let Kind::Array(element) = ty.kind() else {
                unreachable!("has_binary_encoding only admits lists for array types")
            };
            let dimension = wire::ArrayDimension {
                len: i32::try_from(items.len())?,
                lower_bound: 1,
            };
            let dimensions = (!items.is_empty()).then_some(dimension);
            wire::array_to_sql(
                dimensions,
                element.oid(),
                items.iter(),
                |item, buf| {
                    if item.is_null() {
                        return Ok(postgres_protocol::IsNull::Yes);
                    }
                    encode_binary(item, element, buf)?;
                    Ok(postgres_protocol::IsNull::No)
                },
                out,
            )?;
        }
        (V::Boolean(b), _) => wire::bool_to_sql(*b, out),
        (V::Int(n) | V::BigInt(n), &Type::INT2) => {
            let n = i16::try_from(*n).map_err(|_| overflow(*n, "INT2", 16))?;
            wire::int2_to_sql(n, out)
        }
        (V::Int(n) | V::BigInt(n), &Type::INT4) => {
            let n = i32::try_from(*n).map_err(|_| overflow(*n, "INT4", 32))?;
            wire::int4_to_sql(n, out)
        }
        (V::Int(n) | V::BigInt(n), &Type::OID) => {
            let n =
                u32::try_from(*n).map_err(|_| conversion(value, ty, "out of range for an oid"))?;
            wire::oid_to_sql(n, out)
        }
        (V::Int(n) | V::BigInt(n), &Type::INT8) => wire::int8_to_sql(*n, out),
        (_, &Type::FLOAT4 | &Type::FLOAT8 | &Type::NUMERIC) => encode_number(value, ty, out)?,
        (V::DateTime(dt), _) => encode_datetime(dt, ty, out)?,
        (V::Bytes(bytes), _) => out.put_slice(bytes),
        (V::String(s), &Type::UUID) => {
            out.put_slice(&parse_uuid(s).expect("has_binary_encoding checked the uuid"))
        }
        (V::Object(_), _) => return Err(conversion(value, ty, "objects cannot be bound").into()),
        (_, &Type::JSONB) => {
            out.put_u8(1);
            out.put_slice(text_form(value, ty)?.as_bytes());
        }
        // Text-like types: the binary form is the text.
        _ => out.put_slice(text_form(value, ty)?.as_bytes()),
    }
    Ok(())
}

fn encode_number(value: &PrismaValue, ty: &Type, out: &mut BytesMut) -> Result<(), BoxError> {
    use PrismaValue as V;
    match (value, ty) {
        (V::Int(n) | V::BigInt(n), &Type::NUMERIC) => numeric::encode(&(*n).into(), out)?,
        (V::Decimal(d), &Type::NUMERIC) => numeric::encode(d, out)?,
        (V::Float(f), &Type::NUMERIC) => {
            let decimal = bigdecimal::BigDecimal::try_from(*f)
                .map_err(|_| conversion(value, ty, "not a finite number"))?;
            numeric::encode(&decimal, out)?
        }
        (_, &Type::FLOAT4) => wire::float4_to_sql(as_f64(value, ty)? as f32, out),
        _ => wire::float8_to_sql(as_f64(value, ty)?, out),
    }
    Ok(())
}

fn as_f64(value: &PrismaValue, ty: &Type) -> Result<f64, BindError> {
    match value {
        PrismaValue::Float(f) => Ok(*f),
        PrismaValue::Int(n) | PrismaValue::BigInt(n) => Ok(*n as f64),
        PrismaValue::Decimal(d) => d
            .to_string()
            .parse()
            .map_err(|_| conversion(value, ty, "not representable as a float")),
        _ => Err(conversion(value, ty, "not a number")),
    }
}

/// Microseconds between the Unix epoch and PostgreSQL's, 2000-01-01.
const PG_EPOCH_OFFSET_MICROS: i64 = 946_684_800_000_000;

fn encode_datetime(
    dt: &DateTime<FixedOffset>,
    ty: &Type,
    out: &mut BytesMut,
) -> Result<(), BoxError> {
    let utc = round_to_micros(dt.with_timezone(&Utc));
    match *ty {
        Type::DATE => {
            let epoch = NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid date");
            let days = utc.date_naive().signed_duration_since(epoch).num_days();
            wire::date_to_sql(i32::try_from(days)?, out);
        }
        Type::TIME | Type::TIMETZ => {
            let micros = i64::from(utc.num_seconds_from_midnight()) * 1_000_000
                + i64::from(utc.nanosecond() / 1_000);
            wire::time_to_sql(micros, out);
            if *ty == Type::TIMETZ {
                out.put_i32(0);
            }
        }
        _ => wire::timestamp_to_sql(utc.timestamp_micros() - PG_EPOCH_OFFSET_MICROS, out),
    }
    Ok(())
}

/// PostgreSQL keeps microseconds and rounds finer input, so sub-microsecond digits round the same way here.
fn round_to_micros(dt: DateTime<Utc>) -> DateTime<Utc> {
    let sub_micro = dt.nanosecond() % 1_000;
    let truncated = dt - chrono::Duration::nanoseconds(i64::from(sub_micro));
    if sub_micro >= 500 {
        truncated + chrono::Duration::microseconds(1)
    } else {
        truncated
    }
}

/// The value as PostgreSQL's text input reads it for `ty`.
fn text_form(value: &PrismaValue, ty: &Type) -> Result<String, BindError> {
    use PrismaValue as V;
    Ok(match value {
        V::Null => "NULL".to_owned(),
        V::Boolean(b) => if *b { "t" } else { "f" }.to_owned(),
        V::Int(n) | V::BigInt(n) => n.to_string(),
        V::Float(f) if f.is_nan() => "NaN".to_owned(),
        V::Float(f) if f.is_infinite() => {
            if *f > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
        }
        V::Float(f) => f.to_string(),
        V::Decimal(d) => d.to_string(),
        V::String(s) | V::Enum(s) | V::Json(s) => s.clone(),
        V::DateTime(dt) => dt.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        V::Bytes(bytes) => {
            let mut hex = String::with_capacity(2 + bytes.len() * 2);
            hex.push_str("\\x");
            for byte in bytes {
                let _ = write!(hex, "{byte:02x}");
            }
            hex
        }
        V::List(items) => {
            let element = match base_type(ty).kind() {
                Kind::Array(element) => element.clone(),
                _ => Type::UNKNOWN,
            };
            let mut literal = String::from("{");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    literal.push(',');
                }
                if item.is_null() {
                    literal.push_str("NULL");
                    continue;
                }
                literal.push('"');
                for c in text_form(item, &element)?.chars() {
                    if c == '"' || c == '\\' {
                        literal.push('\\');
                    }
                    literal.push(c);
                }
                literal.push('"');
            }
            literal.push('}');
            literal
        }
        V::Object(_) => return Err(conversion(value, ty, "objects cannot be bound")),
    })
}

/// Accepts the hyphenated and the plain 32-digit spelling.
fn parse_uuid(text: &str) -> Option<[u8; 16]> {
    let hex: Vec<u8> = text.bytes().filter(|b| *b != b'-').collect();
    if hex.len() != 32 || text.len() - hex.len() > 4 {
        return None;
    }
    let mut out = [0u8; 16];
    for (i, pair) in hex.chunks(2).enumerate() {
        out[i] = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
    }
    Some(out)
}

fn overflow(value: i64, pg_type: &'static str, bits: u8) -> BindError {
    BindError::IntegerOverflow {
        value,
        pg_type,
        bits,
    }
}

fn conversion(value: &PrismaValue, ty: &Type, reason: &str) -> BindError {
    BindError::Conversion {
        value: format!("{value:?}"),
        pg_type: ty.name().to_owned(),
        reason: reason.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    /// The format (`true` for binary) and the bytes a value is sent as.
    fn encode(value: PrismaValue, ty: &Type) -> (bool, Vec<u8>) {
        let values = [value];
        let param = &Param::all(&values)[0];
        let mut buf = BytesMut::new();
        let binary = matches!(param.encode_format(ty), Format::Binary);
        param.to_sql(ty, &mut buf).unwrap();
        (binary, buf.to_vec())
    }

    #[test]
    fn integers_follow_the_parameter_type() {
        assert_eq!(encode(PrismaValue::Int(7), &Type::INT2), (true, vec![0, 7]));
        assert_eq!(
            encode(PrismaValue::Int(7), &Type::INT4),
            (true, vec![0, 0, 0, 7])
        );
        assert_eq!(
            encode(PrismaValue::Int(7), &Type::TEXT),
            (true, b"7".to_vec())
        );
        assert!(
            !encode(PrismaValue::Int(7), &Type::INET).0,
            "no binary int for inet"
        );
    }

    #[test]
    fn integer_overflow_names_the_type_like_prisma() {
        let values = [PrismaValue::Int(1), PrismaValue::Int(32768)];
        let params = Param::all(&values);
        let Err(err) = params[1].to_sql(&Type::INT2, &mut BytesMut::new()) else {
            panic!("32768 fits no INT2")
        };
        assert_eq!(
            err.to_string(),
            "Unable to fit integer value '32768' into an INT2 (16-bit signed integer)."
        );
        let param = err
            .downcast_ref::<ParamError>()
            .expect("a positioned bind error");
        assert_eq!(param.index, 1);
        let values = [PrismaValue::Int(2_147_483_648)];
        let Err(err) = Param::all(&values)[0].to_sql(&Type::INT4, &mut BytesMut::new()) else {
            panic!("2^31 fits no INT4")
        };
        assert!(err.to_string().contains("INT4 (32-bit"), "{err}");
    }

    #[test]
    fn lists_become_text_literals_when_the_type_is_unknown() {
        let list = PrismaValue::List(vec![
            PrismaValue::String("a\"b".into()),
            PrismaValue::Null,
            PrismaValue::String("c\\d".into()),
        ]);
        let (format, bytes) = encode(list, &Type::UNKNOWN);
        assert!(!format);
        assert_eq!(String::from_utf8(bytes).unwrap(), r#"{"a\"b",NULL,"c\\d"}"#);
    }

    #[test]
    fn uuid_strings_are_sent_as_sixteen_bytes() {
        let (format, bytes) = encode(
            PrismaValue::String("00000000-0000-0000-0000-0000000000ff".into()),
            &Type::UUID,
        );
        assert!(format);
        assert_eq!(bytes.len(), 16);
        assert_eq!(bytes[15], 0xff);
        assert!(!encode(PrismaValue::String("nope".into()), &Type::UUID).0);
    }

    #[test]
    fn declared_types_match_prismas_raw_parameters() {
        assert_eq!(declared_type(&PrismaValue::Int(1)), Type::INT8);
        assert_eq!(declared_type(&PrismaValue::String("x".into())), Type::TEXT);
        assert_eq!(declared_type(&PrismaValue::Null), Type::UNKNOWN);
        assert_eq!(
            declared_type(&PrismaValue::List(vec![
                PrismaValue::Null,
                PrismaValue::Int(1)
            ])),
            Type::INT8_ARRAY
        );
        assert_eq!(declared_type(&PrismaValue::List(vec![])), Type::UNKNOWN);
        assert_eq!(
            declared_type(&PrismaValue::Decimal(
                bigdecimal::BigDecimal::from_str("1").unwrap()
            )),
            Type::NUMERIC
        );
    }

    #[test]
    fn sub_microseconds_round_like_postgres() {
        let dt = DateTime::parse_from_rfc3339("2024-01-01T00:00:00.9999995Z").unwrap();
        let rounded = round_to_micros(dt.with_timezone(&Utc));
        assert_eq!(rounded.to_rfc3339(), "2024-01-01T00:00:01+00:00");
    }
}
