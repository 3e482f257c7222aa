//! What a SQL database driver must offer the engine: run a rendered statement with bound parameters, read
//! rows back as typed values, and bracket work in a transaction.
//!
//! The four SQL connectors implement only this (plus their `Dialect`); everything above it (building the
//! statements, ordering the steps of a nested write, shaping the response) is shared, so a behaviour fixed
//! once is fixed for every SQL database.

use super::{DatabaseError, IsolationLevel, RawType, TypeIdentifier};
use crate::sql::{Dialect, Rendered};
use crate::value::PrismaValue;
use async_trait::async_trait;

/// Rows a statement returned, decoded into typed values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResultSet {
    /// Column names as the database reported them.
    pub columns: Vec<String>,
    pub rows: Vec<Vec<PrismaValue>>,
    /// Per column, the type a raw query reports; filled only for [`ColumnTypes::Infer`].
    pub raw_types: Vec<RawType>,
    /// The id the database generated for the last inserted row, where it reports one (MySQL, SQLite).
    pub last_insert_id: Option<u64>,
}

/// How the driver should decode each column of a result.
///
/// The engine knows the schema type of every column it selects, so it says so; databases with loose typing
/// (SQLite stores a `DateTime` as a number, MySQL a `Boolean` as a tinyint) could not be decoded right
/// otherwise. Raw queries, where the engine knows nothing, ask the driver to infer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ColumnTypes<'a> {
    Known(&'a [TypeIdentifier]),
    Infer,
}

/// Runs statements: a pooled connection and an open transaction alike.
#[async_trait]
pub trait SqlQueryable: Send + Sync {
    /// Runs a statement that returns rows.
    async fn query(
        &self,
        statement: &Rendered,
        types: ColumnTypes<'_>,
    ) -> Result<ResultSet, DatabaseError>;

    /// Runs a statement for its effect; returns the number of affected rows.
    async fn execute(&self, statement: &Rendered) -> Result<u64, DatabaseError>;

    /// Runs a user's raw statement (`executeRaw`) for its effect. Unlike [`SqlQueryable::execute`], whose
    /// failures are classified for the engine's own statements, a raw statement's failures must come back
    /// as [`DatabaseError::Other`] with the database's own code and message (Prisma's P2010), and its
    /// parameters are typed from their values. Drivers that cannot tell the two apart may keep the default.
    async fn execute_raw(&self, statement: &Rendered) -> Result<u64, DatabaseError> {
        self.execute(statement).await
    }
}

/// One connection taken from a pool; it goes back to the pool when dropped.
#[async_trait]
pub trait SqlConnection: SqlQueryable {
    /// Starts a transaction that owns this connection until it is committed or rolled back.
    async fn begin(
        self: Box<Self>,
        isolation: Option<IsolationLevel>,
    ) -> Result<Box<dyn SqlTransaction>, DatabaseError>;
}

/// A transaction in progress. Dropping it without commit rolls it back before the connection is reused.
#[async_trait]
pub trait SqlTransaction: SqlQueryable {
    async fn commit(self: Box<Self>) -> Result<(), DatabaseError>;
    async fn rollback(self: Box<Self>) -> Result<(), DatabaseError>;
}

/// A pool of connections to one SQL database, with the dialect its statements must be rendered in.
#[async_trait]
pub trait SqlDriver: Send + Sync {
    fn dialect(&self) -> &dyn Dialect;

    /// The database schema the tables live in (PostgreSQL's `?schema=`); `None` uses the connection's
    /// default.
    fn schema_name(&self) -> Option<&str> {
        None
    }

    /// Takes a connection from the pool, waiting at most the pool timeout.
    async fn connection(&self) -> Result<Box<dyn SqlConnection>, DatabaseError>;
}
