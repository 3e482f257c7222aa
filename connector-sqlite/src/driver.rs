//! The engine-facing types: [`SqliteDriver`], its connections and transactions.
//!
//! Errors come back in one of two forms, chosen by what the call is for. A query that asks for
//! [`ColumnTypes::Infer`] is a user's raw query, and Prisma reports every failure of one as P2010 with
//! SQLite's own code and message, so those errors are [`DatabaseError::Other`] as SQLite gave them.
//! Everything else is classified ([`DatabaseError::UniqueViolation`] and so on). `execute` always
//! classifies; a user's `executeRaw` goes through `execute_raw`, which reports errors as SQLite gave them.

use crate::config::SqliteConfig;
use crate::errors::{uncoded, ErrorMode};
use crate::pool::{Pool, PooledWorker};
use crate::session::{self, Decoding};
use crate::values::to_sql;
use async_trait::async_trait;
use engine_core::connector::{
    ColumnTypes, DatabaseError, IsolationLevel, ResultSet, SqlConnection, SqlDriver, SqlQueryable,
    SqlTransaction,
};
use engine_core::sql::{Dialect, Rendered, Sqlite};
use rusqlite::types::Value;
use std::path::Path;
use tokio::sync::OwnedMutexGuard;

/// A pool of connections to one SQLite database.
#[derive(Debug, Clone)]
pub struct SqliteDriver {
    pool: Pool,
}

impl SqliteDriver {
    /// Opens the database a Prisma URL names (`file:./dev.db?connection_limit=1`), creating the file if it
    /// does not exist, as Prisma does. A relative path is resolved against `base_dir`, which should be the
    /// directory of the schema file.
    pub async fn open(url: &str, base_dir: &Path) -> Result<SqliteDriver, DatabaseError> {
        let config = SqliteConfig::from_url(url, base_dir).map_err(|e| uncoded(e.to_string()))?;
        Self::with_config(config).await
    }

    /// Opens the database an already parsed configuration describes.
    pub async fn with_config(config: SqliteConfig) -> Result<SqliteDriver, DatabaseError> {
        Ok(SqliteDriver {
            pool: Pool::open(config).await?,
        })
    }

    /// The number of connections the pool may open.
    pub fn pool_size(&self) -> usize {
        self.pool.size()
    }
}

#[async_trait]
impl SqlDriver for SqliteDriver {
    fn dialect(&self) -> &dyn Dialect {
        &Sqlite
    }

    async fn connection(&self) -> Result<Box<dyn SqlConnection>, DatabaseError> {
        Ok(Box::new(SqliteConnection {
            worker: self.pool.get().await?,
            pool: self.pool.clone(),
        }))
    }
}

/// A pooled connection outside a transaction: every statement commits on its own.
#[derive(Debug)]
pub struct SqliteConnection {
    worker: PooledWorker,
    pool: Pool,
}

#[async_trait]
impl SqlQueryable for SqliteConnection {
    async fn query(
        &self,
        statement: &Rendered,
        types: ColumnTypes<'_>,
    ) -> Result<ResultSet, DatabaseError> {
        query(&self.worker, statement, types).await
    }

    async fn execute(&self, statement: &Rendered) -> Result<u64, DatabaseError> {
        execute(&self.worker, statement, ErrorMode::Classify).await
    }

    /// A raw statement's failures are reported as SQLite gave them (P2010 with its extended code).
    async fn execute_raw(&self, statement: &Rendered) -> Result<u64, DatabaseError> {
        execute(&self.worker, statement, ErrorMode::Raw).await
    }
}

#[async_trait]
impl SqlConnection for SqliteConnection {
    /// Starts a transaction with `BEGIN IMMEDIATE`, which takes the write lock up front: a transaction
    /// that first reads and later writes could otherwise fail when another connection wrote in between.
    ///
    /// SQLite transactions are always serializable. Other levels fail the way Prisma's do: `Snapshot`
    /// cannot even be named on SQLite, and the rest are refused by the database with its generic error 1.
    async fn begin(
        self: Box<Self>,
        isolation: Option<IsolationLevel>,
    ) -> Result<Box<dyn SqlTransaction>, DatabaseError> {
        match isolation {
            None | Some(IsolationLevel::Serializable) => {}
            Some(IsolationLevel::Snapshot) => return Err(uncoded("Conversion error: SNAPSHOT")),
            Some(_) => {
                return Err(DatabaseError::Other {
                    code: Some("1".into()),
                    message: "SQL error or missing database".into(),
                })
            }
        }
        let gate = self.pool.write_gate().await;
        self.worker
            .run(|connection| session::control(connection, "BEGIN IMMEDIATE"))
            .await?;
        Ok(Box::new(SqliteTransaction {
            worker: self.worker,
            gate: Some(gate),
        }))
    }
}

/// An open transaction; dropping it rolls back (see [`PooledWorker`]).
#[derive(Debug)]
pub struct SqliteTransaction {
    worker: PooledWorker,
    /// Held until the transaction ends, so the next transaction's `BEGIN IMMEDIATE` finds the lock free.
    gate: Option<OwnedMutexGuard<()>>,
}

impl SqliteTransaction {
    async fn finish(mut self: Box<Self>, sql: &'static str) -> Result<(), DatabaseError> {
        let result = self
            .worker
            .run(move |connection| session::control(connection, sql))
            .await;
        // Whatever happened, the connection's reset on drop leaves no transaction behind.
        self.gate.take();
        result
    }
}

impl Drop for SqliteTransaction {
    fn drop(&mut self) {
        if let Some(gate) = self.gate.take() {
            // Abandoned: roll back on the connection thread, and only then let the next transaction in.
            self.worker.submit(move |connection| {
                session::reset(connection);
                drop(gate);
            });
        }
    }
}

#[async_trait]
impl SqlQueryable for SqliteTransaction {
    async fn query(
        &self,
        statement: &Rendered,
        types: ColumnTypes<'_>,
    ) -> Result<ResultSet, DatabaseError> {
        query(&self.worker, statement, types).await
    }

    async fn execute(&self, statement: &Rendered) -> Result<u64, DatabaseError> {
        execute(&self.worker, statement, ErrorMode::Classify).await
    }

    /// A raw statement's failures are reported as SQLite gave them (P2010 with its extended code).
    async fn execute_raw(&self, statement: &Rendered) -> Result<u64, DatabaseError> {
        execute(&self.worker, statement, ErrorMode::Raw).await
    }
}

#[async_trait]
impl SqlTransaction for SqliteTransaction {
    async fn commit(self: Box<Self>) -> Result<(), DatabaseError> {
        self.finish("COMMIT").await
    }

    async fn rollback(self: Box<Self>) -> Result<(), DatabaseError> {
        self.finish("ROLLBACK").await
    }
}

fn bind_values(statement: &Rendered) -> Result<Vec<Value>, DatabaseError> {
    statement.params.iter().map(to_sql).collect()
}

async fn query(
    worker: &PooledWorker,
    statement: &Rendered,
    types: ColumnTypes<'_>,
) -> Result<ResultSet, DatabaseError> {
    let params = bind_values(statement)?;
    let sql = statement.sql.clone();
    let decoding = match types {
        ColumnTypes::Known(types) => Decoding::Known(types.to_vec()),
        ColumnTypes::Infer => Decoding::Infer,
    };
    worker
        .run(move |connection| session::query(connection, &sql, &params, &decoding))
        .await
}

async fn execute(
    worker: &PooledWorker,
    statement: &Rendered,
    mode: ErrorMode,
) -> Result<u64, DatabaseError> {
    let params = bind_values(statement)?;
    let sql = statement.sql.clone();
    worker
        .run(move |connection| session::execute(connection, &sql, &params, mode))
        .await
}
