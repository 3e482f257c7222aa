//! PostgreSQL: numbered placeholders, native arrays, `DISTINCT ON`, `LATERAL`, `ILIKE` and `::` casts.

use super::{CastStyle, Dialect, InsensitiveLike, JsonFunctions, LateralStyle};
use crate::sql::expr::CastType;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Postgres;

impl Dialect for Postgres {
    fn name(&self) -> &'static str {
        "PostgreSQL"
    }

    fn placeholder(&self, position: usize, out: &mut String) {
        out.push('$');
        out.push_str(&position.to_string());
    }

    /// The wire protocol counts parameters in a signed 16-bit integer.
    fn max_bind_values(&self) -> usize {
        32767
    }

    fn supports_distinct_on(&self) -> bool {
        true
    }

    fn lateral_style(&self) -> LateralStyle {
        LateralStyle::Lateral
    }

    fn insensitive_like(&self) -> InsensitiveLike {
        InsensitiveLike::Ilike
    }

    fn supports_array_params(&self) -> bool {
        true
    }

    /// `jsonb` variants, so nested documents compare and index like stored `Json` fields.
    fn json_functions(&self) -> Option<JsonFunctions> {
        Some(JsonFunctions {
            object: "JSONB_BUILD_OBJECT",
            array_agg: "JSONB_AGG",
            array: "JSONB_BUILD_ARRAY",
        })
    }

    fn cast_style(&self) -> CastStyle {
        CastStyle::DoubleColon
    }

    fn cast_type(&self, ty: CastType) -> &'static str {
        match ty {
            CastType::Text => "text",
            CastType::Int => "integer",
            CastType::BigInt => "bigint",
            CastType::Double => "double precision",
            CastType::Decimal => "numeric",
            CastType::Boolean => "boolean",
            CastType::Json => "jsonb",
            CastType::Uuid => "uuid",
            CastType::Date => "date",
            CastType::DateTime => "timestamp(3)",
            CastType::Bytes => "bytea",
        }
    }
}
