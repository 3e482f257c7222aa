//! `db push`: the schema a [`Datamodel`](schema_core::Datamodel) asks for, the live schema a database has,
//! the steps between them, and running those steps without losing data silently.
//!
//! [`schema::sql_schema`] says what should exist (plain data); [`describe()`] reads what does exist into the
//! same type; [`normalize`] makes equivalent spellings equal, so a database created by
//! [`render::create_statements`] compares equal to the schema it came from; [`diff()`] lists typed
//! [`Step`]s; [`checks`] weighs them against the data (rows that would be dropped, values that may not
//! cast, duplicates under a new unique index); [`steps`] spells them per [`Flavour`] (SQLite alters most
//! things by rebuilding the table, MySQL in `steps_mysql`); [`push()`] runs the whole thing in one
//! transaction (one statement at a time on MySQL, where DDL commits implicitly), and [`reset_and_push`]
//! starts from an empty database.

pub mod checks;
pub mod describe;
pub mod diff;
pub mod render;
pub mod sample;
pub mod schema;
pub mod steps;

mod canonical;
mod canonical_mysql;
mod push;
mod steps_mysql;
mod sync;

#[cfg(test)]
mod tests;

#[cfg(test)]
mod diff_tests;

pub use push::{reset_and_push, PushError};
pub use render::create_statements;
pub use sample::sample_inserts;
pub use schema::{sql_schema, sql_schema_for, SqlSchema};

pub use canonical::{canonical_postgres_type, normalize};
pub use checks::CheckResults;
pub use describe::{describe, DescribeError, DescribeScope};
pub use diff::{diff, Step, TableChange, TableRef};
pub use steps::render_steps;
pub use sync::{describe_database, plan, push, PushOptions, PushReport};

use schema_core::config::Provider;

/// The SQL spelling a schema is rendered in. SQL Server will join when its connector needs `db push`;
/// everything flavour-specific goes through this type so adding one is local.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flavour {
    Postgres,
    Sqlite,
    /// MySQL and MariaDB: backtick identifiers, inline `ENUM(..)` columns, indexes inside
    /// `CREATE TABLE`, tables in `utf8mb4_unicode_ci`.
    Mysql,
}

impl Flavour {
    /// The flavour of a schema's provider; `None` for providers `db push` does not handle yet.
    pub fn for_provider(provider: Provider) -> Option<Flavour> {
        match provider {
            Provider::PostgreSql => Some(Flavour::Postgres),
            Provider::Sqlite => Some(Flavour::Sqlite),
            Provider::MySql => Some(Flavour::Mysql),
            Provider::SqlServer | Provider::CockroachDb | Provider::MongoDb => None,
        }
    }

    /// The flavour of a driver, by its dialect's name, so a push follows the database actually connected
    /// rather than what the schema file claims.
    pub fn for_dialect_name(name: &str) -> Option<Flavour> {
        match name {
            "PostgreSQL" => Some(Flavour::Postgres),
            "SQLite" => Some(Flavour::Sqlite),
            "MySQL" => Some(Flavour::Mysql),
            _ => None,
        }
    }

    /// Enums are database types (`CREATE TYPE`) rather than plain text columns.
    pub(crate) fn has_enum_types(self) -> bool {
        self == Flavour::Postgres
    }

    /// Scalar lists are array columns.
    pub(crate) fn scalar_lists(self) -> bool {
        self == Flavour::Postgres
    }

    /// Primary keys carry a constraint name (`<Table>_pkey`).
    pub(crate) fn named_primary_keys(self) -> bool {
        self == Flavour::Postgres
    }

    /// The longest constraint name Prisma derives before shortening it (its connector's limit).
    pub(crate) fn max_identifier_length(self) -> usize {
        match self {
            Flavour::Postgres => 63,
            Flavour::Sqlite => 10000,
            Flavour::Mysql => 64,
        }
    }
}
