//! What differs between the SQL databases, as one object-safe trait.
//!
//! The renderer asks the dialect instead of matching on a database name, so a new database (or a version
//! quirk) is a new implementation, not edits scattered through the renderer. Defaults follow standard SQL;
//! each database overrides only where it departs.

mod mssql;
mod mysql;
mod postgres;
mod sqlite;

use std::fmt;

pub use mssql::Mssql;
pub use mysql::Mysql;
pub use postgres::Postgres;
pub use sqlite::Sqlite;

use super::expr::CastType;

/// How a statement limits and skips rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitStyle {
    /// `LIMIT n OFFSET m`. Some databases cannot take `OFFSET` alone and need a "no limit" constant first.
    LimitOffset {
        offset_only_limit: Option<&'static str>,
    },
    /// `OFFSET n ROWS FETCH NEXT m ROWS ONLY`, which requires an `ORDER BY`.
    OffsetFetch,
}

/// How a write hands back the rows it touched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturningStyle {
    /// A trailing `RETURNING cols`.
    Returning,
    /// SQL Server's `OUTPUT INSERTED.col` / `OUTPUT DELETED.col`, placed inside the statement.
    Output,
    /// The caller must read the rows back itself (e.g. MySQL with `LAST_INSERT_ID()`).
    Unsupported,
}

/// How an insert resolves unique-key conflicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpsertStyle {
    OnConflict,
    OnDuplicateKey,
    /// Only a `MERGE` statement can upsert.
    Merge,
}

/// How a lateral (per-row) subquery is joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LateralStyle {
    Lateral,
    /// `CROSS APPLY` / `OUTER APPLY`.
    Apply,
    Unsupported,
}

/// How a case-insensitive `LIKE` is spelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InsensitiveLike {
    Ilike,
    LowerBoth,
}

/// How `NULLS FIRST` / `NULLS LAST` is achieved. Emulated forms assume the database sorts nulls lowest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NullsOrderStyle {
    Native,
    /// An extra `x IS NULL` sort key (the predicate is sortable).
    IsNullKey,
    /// An extra `CASE WHEN x IS NULL THEN 0 ELSE 1 END` sort key (predicates are not values).
    CaseKey,
}

/// How a cast is spelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CastStyle {
    /// `CAST(x AS t)`.
    Function,
    /// Postgres `x::t`.
    DoubleColon,
}

/// How an insert of a row made only of defaults is spelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultValuesForm {
    /// `DEFAULT VALUES`.
    DefaultValues,
    /// MySQL's `() VALUES ()`.
    EmptyValues,
}

/// Names of the JSON building functions, which differ only in spelling between the databases that have
/// them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonFunctions {
    /// Builds an object from alternating keys and values.
    pub object: &'static str,
    /// Aggregates rows into an array (NULL over no rows).
    pub array_agg: &'static str,
    /// Builds an array from its arguments; called with none for the empty array.
    pub array: &'static str,
}

/// One SQL database's spelling of the shared AST.
pub trait Dialect: Send + Sync + fmt::Debug {
    /// For error messages.
    fn name(&self) -> &'static str;

    /// Writes a quoted identifier. The renderer has already rejected empty names and NUL characters.
    fn quote_identifier(&self, ident: &str, out: &mut String) {
        quote_doubling(ident, '"', '"', out);
    }

    /// Writes the placeholder of the `position`th parameter (1-based).
    fn placeholder(&self, position: usize, out: &mut String) {
        let _ = position;
        out.push('?');
    }

    /// The most bind parameters one statement may carry.
    fn max_bind_values(&self) -> usize;

    fn limit_style(&self) -> LimitStyle {
        LimitStyle::LimitOffset {
            offset_only_limit: None,
        }
    }

    fn returning_style(&self) -> ReturningStyle {
        ReturningStyle::Returning
    }

    fn upsert_style(&self) -> UpsertStyle {
        UpsertStyle::OnConflict
    }

    fn supports_distinct_on(&self) -> bool {
        false
    }

    fn lateral_style(&self) -> LateralStyle {
        LateralStyle::Unsupported
    }

    fn insensitive_like(&self) -> InsensitiveLike {
        InsensitiveLike::LowerBoth
    }

    fn nulls_order_style(&self) -> NullsOrderStyle {
        NullsOrderStyle::Native
    }

    /// The spelling of a boolean value. It is a value, not a predicate: SQL Server cannot use it as a condition.
    fn bool_literal(&self, value: bool) -> &'static str {
        if value {
            "TRUE"
        } else {
            "FALSE"
        }
    }

    /// Whether `(a, b) < (x, y)` works; otherwise use [`Expr::lexicographic`](super::Expr::lexicographic).
    fn supports_row_values(&self) -> bool {
        true
    }

    /// Whether `(a, b) IN (..)` needs its right side spelled as a `VALUES` subquery (SQLite accepts row
    /// values on the left of `IN` only against a subquery).
    fn row_in_list_needs_values(&self) -> bool {
        false
    }

    /// Whether a list can be bound as one array parameter (`= ANY($1)`).
    fn supports_array_params(&self) -> bool {
        false
    }

    /// Whether the `DEFAULT` keyword may appear inside `VALUES` rows.
    fn supports_default_in_values(&self) -> bool {
        true
    }

    fn default_values_form(&self) -> DefaultValuesForm {
        DefaultValuesForm::DefaultValues
    }

    fn supports_merge(&self) -> bool {
        false
    }

    /// Whether `ROW_NUMBER() OVER (..)` must have an `ORDER BY`; `ORDER BY (SELECT NULL)` is supplied then.
    fn window_requires_order(&self) -> bool {
        false
    }

    fn cast_style(&self) -> CastStyle {
        CastStyle::Function
    }

    /// The database type name a portable cast maps to.
    fn cast_type(&self, ty: CastType) -> &'static str;

    /// Writes a string literal for engine-chosen text: the `LIKE .. ESCAPE` character and JSON object keys
    /// (schema field names). User values never come here; they are parameters.
    fn string_literal(&self, text: &str, out: &mut String) {
        out.push('\'');
        for c in text.chars() {
            if c == '\'' {
                out.push('\'');
            }
            out.push(c);
        }
        out.push('\'');
    }

    /// The operator that divides integers truncating toward zero; `/` does on integer operands in most
    /// databases.
    fn integer_division(&self) -> &'static str {
        "/"
    }

    /// The JSON functions used to build nested results in SQL, or `None` where the database lacks them.
    fn json_functions(&self) -> Option<JsonFunctions> {
        None
    }
}

/// Writes `open ident close`, doubling every `close` inside the identifier — the standard way to make any
/// name safe inside delimiters.
pub(crate) fn quote_doubling(ident: &str, open: char, close: char, out: &mut String) {
    out.push(open);
    for c in ident.chars() {
        if c == close {
            out.push(close);
        }
        out.push(c);
    }
    out.push(close);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_shareable<T: Send + Sync + ?Sized>() {}

    fn placeholder(dialect: &dyn Dialect, position: usize) -> String {
        let mut out = String::new();
        dialect.placeholder(position, &mut out);
        out
    }

    fn quoted(dialect: &dyn Dialect, ident: &str) -> String {
        let mut out = String::new();
        dialect.quote_identifier(ident, &mut out);
        out
    }

    #[test]
    fn dialects_are_shareable_trait_objects() {
        assert_shareable::<dyn Dialect>();
        let all: [Box<dyn Dialect>; 4] = [
            Box::new(Postgres),
            Box::new(Sqlite),
            Box::new(Mysql),
            Box::new(Mssql),
        ];
        let names: Vec<&str> = all.iter().map(|d| d.name()).collect();
        assert_eq!(names, ["PostgreSQL", "SQLite", "MySQL", "SQL Server"]);
    }

    #[test]
    fn placeholders_per_dialect() {
        assert_eq!(placeholder(&Postgres, 12), "$12");
        assert_eq!(placeholder(&Sqlite, 12), "?");
        assert_eq!(placeholder(&Mysql, 12), "?");
        assert_eq!(placeholder(&Mssql, 12), "@P12");
    }

    #[test]
    fn quoting_doubles_only_the_closing_delimiter() {
        assert_eq!(quoted(&Postgres, r#"a"b"#), r#""a""b""#);
        assert_eq!(quoted(&Sqlite, "a`]b"), r#""a`]b""#);
        assert_eq!(quoted(&Mysql, "a``b\""), "`a````b\"`");
        assert_eq!(quoted(&Mssql, "[a]]"), "[[a]]]]]");
        assert_eq!(quoted(&Mssql, "ünï cødé"), "[ünï cødé]");
    }
}
