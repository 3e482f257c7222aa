//! MySQL 8 (8.0.14 or newer, for `LATERAL`).

use super::{
    DefaultValuesForm, Dialect, JsonFunctions, LateralStyle, LimitStyle, NullsOrderStyle,
    ReturningStyle, UpsertStyle,
};
use crate::sql::expr::CastType;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Mysql;

impl Dialect for Mysql {
    fn name(&self) -> &'static str {
        "MySQL"
    }

    fn quote_identifier(&self, ident: &str, out: &mut String) {
        super::quote_doubling(ident, '`', '`', out);
    }

    /// The client protocol counts parameters in an unsigned 16-bit integer.
    fn max_bind_values(&self) -> usize {
        65535
    }

    /// MySQL has no `OFFSET` alone; its documentation prescribes the largest `BIGINT UNSIGNED` as "no limit".
    fn limit_style(&self) -> LimitStyle {
        LimitStyle::LimitOffset {
            offset_only_limit: Some("18446744073709551615"),
        }
    }

    fn returning_style(&self) -> ReturningStyle {
        ReturningStyle::Unsupported
    }

    fn upsert_style(&self) -> UpsertStyle {
        UpsertStyle::OnDuplicateKey
    }

    fn lateral_style(&self) -> LateralStyle {
        LateralStyle::Lateral
    }

    fn nulls_order_style(&self) -> NullsOrderStyle {
        NullsOrderStyle::IsNullKey
    }

    fn default_values_form(&self) -> DefaultValuesForm {
        DefaultValuesForm::EmptyValues
    }

    fn cast_type(&self, ty: CastType) -> &'static str {
        match ty {
            CastType::Text => "CHAR",
            CastType::Int | CastType::BigInt | CastType::Boolean => "SIGNED",
            CastType::Double => "DOUBLE",
            CastType::Decimal => "DECIMAL(65,30)",
            CastType::Json => "JSON",
            CastType::Uuid => "CHAR(36)",
            CastType::Date => "DATE",
            CastType::DateTime => "DATETIME(3)",
            CastType::Bytes => "BINARY",
        }
    }

    /// A backslash starts an escape sequence in MySQL string literals under the default SQL mode, so it is
    /// doubled along with the quote.
    fn string_literal(&self, text: &str, out: &mut String) {
        out.push('\'');
        for c in text.chars() {
            if c == '\'' || c == '\\' {
                out.push(c);
            }
            out.push(c);
        }
        out.push('\'');
    }

    /// MySQL's `/` always yields a decimal (`7 / 2` is `3.5000`, stored in an `INT` as 4); `DIV` truncates.
    fn integer_division(&self) -> &'static str {
        "DIV"
    }

    fn json_functions(&self) -> Option<JsonFunctions> {
        Some(JsonFunctions {
            object: "JSON_OBJECT",
            array_agg: "JSON_ARRAYAGG",
            array: "JSON_ARRAY",
        })
    }
}
