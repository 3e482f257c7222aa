//! `db push` onto an empty database: the schema a [`Datamodel`](schema_core::Datamodel) asks for, its DDL,
//! and a reset-then-create routine for tests and the CLI.
//!
//! The pieces are separate so the later, diffing `db push` can reuse them: [`schema::sql_schema`] says
//! what should exist (plain data, comparable with a described live schema), [`render::create_statements`]
//! spells it for a [`Flavour`], and [`reset_and_push`] runs it on a [`SqlDriver`].

pub mod render;
pub mod sample;
pub mod schema;

mod push;

#[cfg(test)]
mod tests;

pub use push::{reset_and_push, PushError};
pub use render::create_statements;
pub use sample::sample_inserts;
pub use schema::{sql_schema, sql_schema_for, SqlSchema};

use schema_core::config::Provider;

/// The SQL spelling a schema is rendered in. MySQL and SQL Server will join when their connectors need
/// `db push`; everything flavour-specific goes through this type so adding one is local.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flavour {
    Postgres,
    Sqlite,
}

impl Flavour {
    /// The flavour of a schema's provider; `None` for providers `db push` does not handle yet.
    pub fn for_provider(provider: Provider) -> Option<Flavour> {
        match provider {
            Provider::PostgreSql => Some(Flavour::Postgres),
            Provider::Sqlite => Some(Flavour::Sqlite),
            Provider::MySql | Provider::SqlServer | Provider::CockroachDb | Provider::MongoDb => {
                None
            }
        }
    }

    /// The flavour of a driver, by its dialect's name, so a push follows the database actually connected
    /// rather than what the schema file claims.
    pub fn for_dialect_name(name: &str) -> Option<Flavour> {
        match name {
            "PostgreSQL" => Some(Flavour::Postgres),
            "SQLite" => Some(Flavour::Sqlite),
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
        }
    }
}
