//! SQLite (3.35 or newer, for `RETURNING` and native `NULLS FIRST/LAST`).

use super::{Dialect, JsonFunctions, LimitStyle};
use crate::sql::expr::CastType;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sqlite;

impl Dialect for Sqlite {
    fn name(&self) -> &'static str {
        "SQLite"
    }

    /// `SQLITE_MAX_VARIABLE_NUMBER` since 3.32.
    fn max_bind_values(&self) -> usize {
        32766
    }

    /// SQLite only accepts `OFFSET` after a `LIMIT`; a negative limit means "no limit".
    fn limit_style(&self) -> LimitStyle {
        LimitStyle::LimitOffset {
            offset_only_limit: Some("-1"),
        }
    }

    /// `1`/`0` work on every SQLite version, unlike the `TRUE` keyword.
    fn bool_literal(&self, value: bool) -> &'static str {
        if value {
            "1"
        } else {
            "0"
        }
    }

    fn row_in_list_needs_values(&self) -> bool {
        true
    }

    fn supports_default_in_values(&self) -> bool {
        false
    }

    fn json_functions(&self) -> Option<JsonFunctions> {
        Some(JsonFunctions {
            object: "JSON_OBJECT",
            array_agg: "JSON_GROUP_ARRAY",
            array: "JSON_ARRAY",
        })
    }

    fn cast_type(&self, ty: CastType) -> &'static str {
        match ty {
            CastType::Text
            | CastType::Json
            | CastType::Uuid
            | CastType::Date
            | CastType::DateTime => "TEXT",
            CastType::Int | CastType::BigInt | CastType::Boolean => "INTEGER",
            CastType::Double => "REAL",
            CastType::Decimal => "NUMERIC",
            CastType::Bytes => "BLOB",
        }
    }
}
