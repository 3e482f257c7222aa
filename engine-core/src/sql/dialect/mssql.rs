//! Microsoft SQL Server (2017 or newer).

use super::{Dialect, LateralStyle, LimitStyle, NullsOrderStyle, ReturningStyle, UpsertStyle};
use crate::sql::expr::CastType;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Mssql;

impl Dialect for Mssql {
    fn name(&self) -> &'static str {
        "SQL Server"
    }

    fn quote_identifier(&self, ident: &str, out: &mut String) {
        super::quote_doubling(ident, '[', ']', out);
    }

    fn placeholder(&self, position: usize, out: &mut String) {
        out.push_str("@P");
        out.push_str(&position.to_string());
    }

    /// RPC calls accept 2100 parameters; one is kept free for the statement text in `sp_executesql`.
    fn max_bind_values(&self) -> usize {
        2099
    }

    fn limit_style(&self) -> LimitStyle {
        LimitStyle::OffsetFetch
    }

    fn returning_style(&self) -> ReturningStyle {
        ReturningStyle::Output
    }

    fn upsert_style(&self) -> UpsertStyle {
        UpsertStyle::Merge
    }

    fn lateral_style(&self) -> LateralStyle {
        LateralStyle::Apply
    }

    fn nulls_order_style(&self) -> NullsOrderStyle {
        NullsOrderStyle::CaseKey
    }

    /// `BIT` values; there is no boolean literal.
    fn bool_literal(&self, value: bool) -> &'static str {
        if value {
            "1"
        } else {
            "0"
        }
    }

    fn supports_row_values(&self) -> bool {
        false
    }

    fn supports_merge(&self) -> bool {
        true
    }

    fn window_requires_order(&self) -> bool {
        true
    }

    fn cast_type(&self, ty: CastType) -> &'static str {
        match ty {
            CastType::Text | CastType::Json => "NVARCHAR(MAX)",
            CastType::Int => "INT",
            CastType::BigInt => "BIGINT",
            CastType::Double => "FLOAT(53)",
            CastType::Decimal => "DECIMAL(32,16)",
            CastType::Boolean => "BIT",
            CastType::Uuid => "UNIQUEIDENTIFIER",
            CastType::Date => "DATE",
            CastType::DateTime => "DATETIME2",
            CastType::Bytes => "VARBINARY(MAX)",
        }
    }
}
