//! The engine-facing driver: a pool of connections, pooled connections, and transactions.

use std::time::Duration;

use async_trait::async_trait;
use engine_core::connector::{
    ColumnTypes, DatabaseError, IsolationLevel, ResultSet, SqlConnection, SqlDriver, SqlQueryable,
    SqlTransaction,
};
use engine_core::sql::{Dialect, Postgres, Rendered};

use crate::config::PostgresConfig;
use crate::connection::PgConnection;
use crate::error::{config_error, Mode};
use crate::pool::{LastConnectError, Manager};

type Pooled = bb8::PooledConnection<'static, Manager>;

/// bb8 needs a finite wait; Prisma's `pool_timeout=0` means "wait as long as it takes".
const UNLIMITED_WAIT: Duration = Duration::from_secs(365 * 24 * 60 * 60);

/// A pool of connections to one PostgreSQL database.
pub struct PostgresDriver {
    pool: bb8::Pool<Manager>,
    config: PostgresConfig,
    last_connect_error: LastConnectError,
}

impl std::fmt::Debug for PostgresDriver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresDriver")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl PostgresDriver {
    /// Parses the URL and opens the first connection, so a wrong host, database or password fails here
    /// with its own error rather than later as a pool timeout.
    pub async fn connect(url: &str) -> Result<Self, DatabaseError> {
        let config = PostgresConfig::from_url(url).map_err(config_error)?;
        Self::from_config(config).await
    }

    /// Like [`connect`](Self::connect), from an already parsed configuration.
    pub async fn from_config(config: PostgresConfig) -> Result<Self, DatabaseError> {
        let driver_config = config.to_driver_config().map_err(config_error)?;
        let last_connect_error = LastConnectError::default();
        let manager = Manager::new(config.clone(), driver_config, last_connect_error.clone());
        let first = bb8::ManageConnection::connect(&manager).await?;

        let wait = if config.pool_timeout.is_zero() {
            UNLIMITED_WAIT
        } else {
            config.pool_timeout
        };
        let pool = bb8::Pool::builder()
            .max_size(u32::try_from(config.connection_limit).unwrap_or(u32::MAX))
            .connection_timeout(wait)
            .test_on_check_out(false)
            .error_sink(Box::new(last_connect_error.clone()))
            .build_unchecked(manager);
        // Cannot fail: the pool is empty and its limit is at least one.
        let _ = pool.add(first);

        Ok(PostgresDriver {
            pool,
            config,
            last_connect_error,
        })
    }

    /// The configuration read from the URL.
    pub fn config(&self) -> &PostgresConfig {
        &self.config
    }

    /// A connection with its concrete type, for callers that need more than the [`SqlConnection`] trait
    /// (raw `executeRaw`, which the trait cannot tell from a model write).
    pub async fn postgres_connection(&self) -> Result<PostgresConnection, DatabaseError> {
        match self.pool.get_owned().await {
            Ok(conn) => Ok(PostgresConnection { conn }),
            Err(bb8::RunError::User(err)) => Err(err),
            Err(bb8::RunError::TimedOut) => {
                let no_connections = self.pool.state().connections == 0;
                match self.last_connect_error.get() {
                    Some(err) if no_connections => Err(err),
                    _ => Err(DatabaseError::PoolTimeout {
                        limit: self.config.connection_limit,
                        timeout_secs: self.config.pool_timeout.as_secs(),
                    }),
                }
            }
        }
    }
}

#[async_trait]
impl SqlDriver for PostgresDriver {
    fn dialect(&self) -> &dyn Dialect {
        &Postgres
    }

    /// The `?schema=` of the URL (`public` when absent), so the engine qualifies its tables with it rather
    /// than relying on the connection's `search_path`.
    fn schema_name(&self) -> Option<&str> {
        Some(&self.config.schema)
    }

    async fn connection(&self) -> Result<Box<dyn SqlConnection>, DatabaseError> {
        Ok(Box::new(self.postgres_connection().await?))
    }
}

/// A pooled connection; it returns to the pool when dropped.
pub struct PostgresConnection {
    conn: Pooled,
}

impl PostgresConnection {
    /// Runs a user's raw statement for its row count, with raw-query parameter types and errors.
    pub async fn execute_raw(&self, statement: &Rendered) -> Result<u64, DatabaseError> {
        self.conn.execute(statement, Mode::Raw).await
    }

    /// Prepared statements this connection keeps.
    pub fn cached_statements(&self) -> usize {
        self.conn.cached_statements()
    }

    /// Starts a transaction with this connection's concrete type.
    pub async fn begin_transaction(
        self,
        isolation: Option<IsolationLevel>,
    ) -> Result<PostgresTransaction, DatabaseError> {
        let begin = match isolation {
            None => "BEGIN".to_owned(),
            // PostgreSQL has no snapshot level; Prisma 5.19 refuses it with this message.
            Some(IsolationLevel::Snapshot) => {
                return Err(DatabaseError::Other {
                    code: None,
                    message: "Conversion error: SNAPSHOT".to_owned(),
                })
            }
            Some(level) => format!("BEGIN ISOLATION LEVEL {}", level.sql_name()),
        };
        self.conn.batch(&begin).await?;
        Ok(PostgresTransaction {
            conn: Some(self.conn),
        })
    }
}

#[async_trait]
impl SqlQueryable for PostgresConnection {
    async fn query(
        &self,
        statement: &Rendered,
        types: ColumnTypes<'_>,
    ) -> Result<ResultSet, DatabaseError> {
        self.conn.query(statement, types).await
    }

    async fn execute(&self, statement: &Rendered) -> Result<u64, DatabaseError> {
        self.conn.execute(statement, Mode::Model).await
    }

    async fn execute_raw(&self, statement: &Rendered) -> Result<u64, DatabaseError> {
        self.conn.execute(statement, Mode::Raw).await
    }
}

#[async_trait]
impl SqlConnection for PostgresConnection {
    async fn begin(
        self: Box<Self>,
        isolation: Option<IsolationLevel>,
    ) -> Result<Box<dyn SqlTransaction>, DatabaseError> {
        Ok(Box::new((*self).begin_transaction(isolation).await?))
    }
}

/// An open transaction owning its connection. Dropped without `commit`/`rollback`, it rolls back before
/// the connection goes back to the pool, so no later user inherits a half-done transaction.
pub struct PostgresTransaction {
    conn: Option<Pooled>,
}

impl PostgresTransaction {
    fn connection(&self) -> &PgConnection {
        self.conn
            .as_ref()
            .expect("transaction is open until commit or rollback")
    }

    /// Runs a user's raw statement for its row count, with raw-query parameter types and errors.
    pub async fn execute_raw(&self, statement: &Rendered) -> Result<u64, DatabaseError> {
        self.connection().execute(statement, Mode::Raw).await
    }

    async fn finish(mut self, sql: &str) -> Result<(), DatabaseError> {
        let conn = self
            .conn
            .take()
            .expect("transaction is open until commit or rollback");
        let result = conn.batch(sql).await;
        if result.is_err() && conn.client().is_closed() {
            conn.mark_broken();
        }
        result
    }
}

#[async_trait]
impl SqlQueryable for PostgresTransaction {
    async fn query(
        &self,
        statement: &Rendered,
        types: ColumnTypes<'_>,
    ) -> Result<ResultSet, DatabaseError> {
        self.connection().query(statement, types).await
    }

    async fn execute(&self, statement: &Rendered) -> Result<u64, DatabaseError> {
        self.connection().execute(statement, Mode::Model).await
    }

    async fn execute_raw(&self, statement: &Rendered) -> Result<u64, DatabaseError> {
        self.connection().execute(statement, Mode::Raw).await
    }
}

#[async_trait]
impl SqlTransaction for PostgresTransaction {
    async fn commit(self: Box<Self>) -> Result<(), DatabaseError> {
        self.finish("COMMIT").await
    }

    async fn rollback(self: Box<Self>) -> Result<(), DatabaseError> {
        self.finish("ROLLBACK").await
    }
}

impl Drop for PostgresTransaction {
    fn drop(&mut self) {
        let Some(conn) = self.conn.take() else {
            return;
        };
        match tokio::runtime::Handle::try_current() {
            // The connection is released only after the rollback finished (or it is discarded).
            Ok(runtime) => {
                runtime.spawn(async move {
                    if conn.batch("ROLLBACK").await.is_err() {
                        conn.mark_broken();
                    }
                });
            }
            Err(_) => conn.mark_broken(),
        }
    }
}
