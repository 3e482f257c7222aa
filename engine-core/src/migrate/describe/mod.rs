//! Reading a live database's schema into the same [`SqlSchema`] value that [`super::sql_schema`] computes
//! for a datamodel, so that `db push` can compare what is with what should be.
//!
//! Each flavour reads its catalog with plain queries through the [`SqlQueryable`] it is given (a pooled
//! connection or an open transaction), decoding with [`ColumnTypes::Infer`]: the catalog columns are cast
//! to text, booleans and integers so inference is unambiguous. Types and defaults come back in the
//! database's spelling; [`super::canonical`] is what makes the two sides comparable.

mod mysql;
mod postgres;
mod sqlite;

use schema_core::config::ReferentialAction;

use super::schema::SqlSchema;
use super::Flavour;
use crate::connector::{ColumnTypes, DatabaseError, ResultSet, SqlQueryable};
use crate::sql::Rendered;
use crate::value::PrismaValue;

/// What part of the database belongs to the Prisma schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DescribeScope {
    /// The database schemas to read (PostgreSQL); ignored by SQLite, which has one, and by MySQL, which
    /// reads the connection's current database.
    pub namespaces: Vec<String>,
    /// Whether tables, enums and foreign keys carry their namespace: true for a multi-schema datasource,
    /// false when everything lives in the connection's one schema (the way [`super::sql_schema`] leaves
    /// namespaces unset then).
    pub qualified: bool,
}

/// Tables `db push` never touches: Prisma Migrate's own bookkeeping table is not part of any datamodel,
/// and dropping it would break `migrate` for a user who mixes the two.
pub(crate) fn is_ignored_table(name: &str) -> bool {
    name == "_prisma_migrations"
}

/// Reads the live schema the scope covers. Views, sequences that back no column, triggers and
/// expression indexes are left out: the datamodel cannot express them, so nothing could be compared.
pub async fn describe(
    connection: &dyn SqlQueryable,
    flavour: Flavour,
    scope: &DescribeScope,
) -> Result<SqlSchema, DescribeError> {
    match flavour {
        Flavour::Sqlite => sqlite::describe(connection).await,
        Flavour::Postgres => postgres::describe(connection, scope).await,
        // The connection's current database; a MySQL database is what a schema is elsewhere.
        Flavour::Mysql => mysql::describe(connection).await,
    }
}

/// Why a schema could not be read: a catalog query failed, carrying its text so the failure can be
/// reproduced by hand.
#[derive(Debug, thiserror::Error)]
pub enum DescribeError {
    #[error("{error}\n  while describing the database with: {sql}")]
    Query {
        sql: String,
        #[source]
        error: DatabaseError,
    },
}

/// Runs a catalog query, rows decoded by inference.
pub(crate) async fn rows(
    connection: &dyn SqlQueryable,
    sql: String,
) -> Result<ResultSet, DescribeError> {
    let statement = Rendered {
        sql,
        params: vec![],
    };
    connection
        .query(&statement, ColumnTypes::Infer)
        .await
        .map_err(|error| DescribeError::Query {
            sql: statement.sql,
            error,
        })
}

/// A string literal for catalog queries; names go into them as literals rather than bound parameters so
/// every flavour's placeholder syntax and parameter typing stay out of the way.
pub(crate) fn literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A referential action as SQLite's DDL and MySQL's `information_schema` spell it (`SET NULL`, any
/// case); anything unknown is `NO ACTION`, the default.
pub(crate) fn referential_action(rule: &str) -> ReferentialAction {
    match rule.to_ascii_uppercase().as_str() {
        "CASCADE" => ReferentialAction::Cascade,
        "RESTRICT" => ReferentialAction::Restrict,
        "SET NULL" => ReferentialAction::SetNull,
        "SET DEFAULT" => ReferentialAction::SetDefault,
        _ => ReferentialAction::NoAction,
    }
}

/// Typed access to one catalog row that never panics: a missing or differently typed cell reads as absent.
pub(crate) struct Row<'a>(pub &'a [PrismaValue]);

impl Row<'_> {
    pub fn text(&self, index: usize) -> Option<String> {
        match self.0.get(index)? {
            PrismaValue::String(s) | PrismaValue::Enum(s) | PrismaValue::Json(s) => Some(s.clone()),
            PrismaValue::Int(i) | PrismaValue::BigInt(i) => Some(i.to_string()),
            PrismaValue::Bytes(b) => Some(String::from_utf8_lossy(b).into_owned()),
            PrismaValue::Decimal(d) => Some(d.to_string()),
            _ => None,
        }
    }

    /// The cell as text, empty when absent.
    pub fn str(&self, index: usize) -> String {
        self.text(index).unwrap_or_default()
    }

    pub fn int(&self, index: usize) -> Option<i64> {
        match self.0.get(index)? {
            PrismaValue::Int(i) | PrismaValue::BigInt(i) => Some(*i),
            PrismaValue::Boolean(b) => Some(i64::from(*b)),
            PrismaValue::String(s) => s.trim().parse().ok(),
            PrismaValue::Float(f) => Some(*f as i64),
            PrismaValue::Decimal(d) => d.to_string().parse().ok(),
            _ => None,
        }
    }

    pub fn bool(&self, index: usize) -> bool {
        match self.0.get(index) {
            Some(PrismaValue::Boolean(b)) => *b,
            Some(PrismaValue::String(s)) => matches!(s.as_str(), "t" | "true" | "1"),
            _ => self.int(index).is_some_and(|i| i != 0),
        }
    }
}
