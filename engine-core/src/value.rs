//! Typed values as they travel between a request, the plan, a connector and the response.
//!
//! Both request protocols decode into [`PrismaValue`], connectors bind it as a parameter and read rows back
//! into it, and the response serializer encodes it. Keeping one value type across the pipeline means no layer
//! re-guesses a type another layer already knew.

use bigdecimal::BigDecimal;
use chrono::{DateTime, FixedOffset};

/// One typed value. `Int` and `BigInt` are kept apart because Prisma encodes them differently in responses
/// (a JSON number against a tagged string), even though both fit an `i64`.
#[derive(Debug, Clone, PartialEq)]
pub enum PrismaValue {
    Null,
    Boolean(bool),
    Int(i64),
    BigInt(i64),
    Float(f64),
    Decimal(BigDecimal),
    String(String),
    /// A value of a user enum, by its schema name (not its `@map`ped database name).
    Enum(String),
    DateTime(DateTime<FixedOffset>),
    /// JSON document as text, exactly as it will be stored.
    Json(String),
    Bytes(Vec<u8>),
    List(Vec<PrismaValue>),
    /// An ordered object, for nested results and composite values.
    Object(Vec<(String, PrismaValue)>),
}

impl PrismaValue {
    /// True for [`PrismaValue::Null`]; lets filters and writes tell "set to null" from a value.
    pub fn is_null(&self) -> bool {
        matches!(self, PrismaValue::Null)
    }
}
