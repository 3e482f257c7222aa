//! Reset a database and create a datamodel's schema on it: what Prisma's `reset` followed by
//! `schemaPush {force: true}` does, and what every conformance scenario starts from.

use schema_core::Datamodel;

use super::render::create_statements;
use super::schema::{quote, quote_in, sql_schema_for};
use super::Flavour;
use crate::connector::{ColumnTypes, DatabaseError, SqlDriver, SqlQueryable, TypeIdentifier};
use crate::sql::Rendered;
use crate::value::PrismaValue;

/// Why a push failed. Statement failures carry the statement, since a DDL error without it is hard to act
/// on.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    #[error("`db push` does not support {database} yet")]
    UnsupportedDatabase { database: String },
    #[error("could not get a database connection: {0}")]
    Connection(#[source] DatabaseError),
    #[error("{error}\n  while running: {sql}")]
    Statement {
        sql: String,
        #[source]
        error: DatabaseError,
    },
}

/// Empties the database the driver points at, then creates `datamodel`'s tables, indexes, foreign keys
/// and enums on it.
///
/// PostgreSQL drops and recreates the driver's schema (`?schema=`, `public` when unset) and every schema
/// of a multi-schema datasource. SQLite drops every table and view with foreign keys switched off, since
/// dropping in dependency order is impossible with cycles. The creation runs in one transaction, so a
/// failing statement leaves an empty database rather than half a schema.
pub async fn reset_and_push(
    driver: &dyn SqlDriver,
    datamodel: &Datamodel,
) -> Result<(), PushError> {
    let dialect = driver.dialect().name();
    let flavour =
        Flavour::for_dialect_name(dialect).ok_or_else(|| PushError::UnsupportedDatabase {
            database: dialect.to_owned(),
        })?;
    let schema = sql_schema_for(datamodel, flavour);
    let connection = driver.connection().await.map_err(PushError::Connection)?;

    match flavour {
        Flavour::Postgres => {
            let mut namespaces = vec![driver.schema_name().unwrap_or("public").to_owned()];
            if let Some(ds) = datamodel.datasource.as_ref() {
                for ns in &ds.schemas {
                    if !namespaces.contains(ns) {
                        namespaces.push(ns.clone());
                    }
                }
            }
            for ns in &namespaces {
                run(
                    &*connection,
                    format!("DROP SCHEMA IF EXISTS {} CASCADE", quote(ns)),
                )
                .await?;
                run(&*connection, format!("CREATE SCHEMA {}", quote(ns))).await?;
            }
        }
        Flavour::Sqlite => reset_sqlite(&*connection).await?,
        Flavour::Mysql => reset_mysql(&*connection).await?,
    }

    let statements = create_statements(&schema, flavour);
    if statements.is_empty() {
        return Ok(());
    }
    let transaction = connection
        .begin(None)
        .await
        .map_err(PushError::Connection)?;
    for sql in statements {
        if let Err(e) = run(&*transaction, sql).await {
            // The statement error is the one worth reporting; a failed rollback adds nothing to it.
            let _ = transaction.rollback().await;
            return Err(e);
        }
    }
    transaction.commit().await.map_err(PushError::Connection)
}

async fn reset_sqlite(connection: &dyn SqlQueryable) -> Result<(), PushError> {
    let listing = "SELECT type, name FROM sqlite_master \
                   WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY type DESC, name";
    let objects = connection
        .query(
            &Rendered {
                sql: listing.to_owned(),
                params: vec![],
            },
            ColumnTypes::Known(&[TypeIdentifier::String, TypeIdentifier::String]),
        )
        .await
        .map_err(|error| PushError::Statement {
            sql: listing.to_owned(),
            error,
        })?;

    run(connection, "PRAGMA foreign_keys = OFF".to_owned()).await?;
    let mut result = Ok(());
    for row in &objects.rows {
        let (Some(PrismaValue::String(kind)), Some(PrismaValue::String(name))) =
            (row.first(), row.get(1))
        else {
            continue;
        };
        let kind = if kind == "view" { "VIEW" } else { "TABLE" };
        result = run(connection, format!("DROP {kind} IF EXISTS {}", quote(name))).await;
        if result.is_err() {
            break;
        }
    }
    // Back on even after a failed drop: this connection returns to the pool.
    let restored = run(connection, "PRAGMA foreign_keys = ON".to_owned()).await;
    result.and(restored)
}

/// Drops and recreates the connection's database (a MySQL database is what a schema is elsewhere), then
/// makes it the connection's default again: dropping it left the connection without one. Other pooled
/// connections name their default database by name, so they see the new one.
async fn reset_mysql(connection: &dyn SqlQueryable) -> Result<(), PushError> {
    let current = "SELECT DATABASE()";
    let result = connection
        .query(
            &Rendered {
                sql: current.to_owned(),
                params: vec![],
            },
            ColumnTypes::Known(&[TypeIdentifier::String]),
        )
        .await
        .map_err(|error| PushError::Statement {
            sql: current.to_owned(),
            error,
        })?;
    let Some(PrismaValue::String(name)) = result.rows.first().and_then(|row| row.first()) else {
        return Err(PushError::Statement {
            sql: current.to_owned(),
            error: DatabaseError::Other {
                code: None,
                message: "the connection has no database selected".to_owned(),
            },
        });
    };
    let quoted = quote_in(Flavour::Mysql, name);
    run(connection, format!("DROP DATABASE IF EXISTS {quoted}")).await?;
    run(connection, format!("CREATE DATABASE {quoted}")).await?;
    run(connection, format!("USE {quoted}")).await
}

async fn run(connection: &dyn SqlQueryable, sql: String) -> Result<(), PushError> {
    let statement = Rendered {
        sql,
        params: vec![],
    };
    match connection.execute(&statement).await {
        Ok(_) => Ok(()),
        Err(error) => Err(PushError::Statement {
            sql: statement.sql,
            error,
        }),
    }
}
