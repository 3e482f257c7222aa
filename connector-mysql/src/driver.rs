//! The engine-facing driver: a pool of connections, pooled connections, and transactions.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use engine_core::connector::{
    ColumnTypes, DatabaseError, IsolationLevel, RawType, ResultSet, SqlConnection, SqlDriver,
    SqlQueryable, SqlTransaction,
};
use engine_core::sql::{Dialect, Mysql, Rendered};
use engine_core::value::PrismaValue;
use mysql_async::prelude::Queryable;
use mysql_async::{Column, Conn, Params, Pool, Row};
use tokio::sync::Mutex;

use crate::config::MysqlConfig;
use crate::error::{classify_connect_error, config_error, MyStatementError, CONNECTION_CLOSED};
use crate::value::{decode_inferred, decode_known, encode, raw_type_of, Mode};

/// A pool of connections to one MySQL or MariaDB database.
///
/// MariaDB is the reference server (the recorded scenarios come from MariaDB 10.11). Where MySQL 8 differs
/// in what the driver sees, the difference is handled where it is read: duplicate-key messages qualify the
/// index with its table on MySQL 8, and MySQL 8 reports `JSON` columns with their own type where MariaDB
/// sends `LONGTEXT`.
pub struct MysqlDriver {
    pool: Pool,
    config: Arc<MysqlConfig>,
}

impl std::fmt::Debug for MysqlDriver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MysqlDriver")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl MysqlDriver {
    /// Parses the URL and opens the first connection, so a wrong host, database or password fails here
    /// with its own error rather than later as a pool timeout.
    pub async fn connect(url: &str) -> Result<Self, DatabaseError> {
        let config = MysqlConfig::from_url(url).map_err(config_error)?;
        Self::from_config(config).await
    }

    /// Like [`connect`](Self::connect), from an already parsed configuration.
    pub async fn from_config(config: MysqlConfig) -> Result<Self, DatabaseError> {
        let opts = config.to_opts().map_err(config_error)?;
        let pool = Pool::new(opts);
        let first = pool.get_conn();
        let first = match config.connect_timeout {
            Some(limit) => match tokio::time::timeout(limit, first).await {
                Ok(result) => result,
                Err(_) => {
                    return Err(DatabaseError::Unreachable {
                        host: config.host.clone(),
                        port: config.port,
                    })
                }
            },
            None => first.await,
        };
        // The first connection goes back to the pool when dropped, ready for the first caller.
        first.map_err(|e| classify_connect_error(&e, &config))?;
        Ok(MysqlDriver {
            pool,
            config: Arc::new(config),
        })
    }

    /// The configuration read from the URL.
    pub fn config(&self) -> &MysqlConfig {
        &self.config
    }

    /// A connection with its concrete type, for callers that need more than the [`SqlConnection`] trait.
    pub async fn mysql_connection(&self) -> Result<MysqlConnection, DatabaseError> {
        let pending = self.pool.get_conn();
        let result = if self.config.pool_timeout.is_zero() {
            pending.await
        } else {
            match tokio::time::timeout(self.config.pool_timeout, pending).await {
                Ok(result) => result,
                Err(_) => {
                    return Err(DatabaseError::PoolTimeout {
                        limit: self.config.connection_limit,
                        timeout_secs: self.config.pool_timeout.as_secs(),
                    })
                }
            }
        };
        let conn = result.map_err(|e| classify_connect_error(&e, &self.config))?;
        Ok(MysqlConnection {
            inner: Handle::new(conn, self.config.socket_timeout),
        })
    }
}

#[async_trait]
impl SqlDriver for MysqlDriver {
    fn dialect(&self) -> &dyn Dialect {
        &Mysql
    }

    async fn connection(&self) -> Result<Box<dyn SqlConnection>, DatabaseError> {
        Ok(Box::new(self.mysql_connection().await?))
    }
}

/// One connection behind a lock: the trait methods take `&self`, the driver needs `&mut`. `None` once
/// the connection was given up (a timed-out statement leaves it in an unknown state).
struct Handle {
    conn: Mutex<Option<Conn>>,
    socket_timeout: Option<Duration>,
}

impl Handle {
    fn new(conn: Conn, socket_timeout: Option<Duration>) -> Self {
        Handle {
            conn: Mutex::new(Some(conn)),
            socket_timeout,
        }
    }

    async fn query(
        &self,
        statement: &Rendered,
        types: ColumnTypes<'_>,
        mode: Mode,
    ) -> Result<ResultSet, DatabaseError> {
        let mut guard = self.conn.lock().await;
        let conn = guard.as_mut().ok_or_else(closed)?;
        let outcome = with_timeout(self.socket_timeout, run_query(conn, statement, types)).await;
        finish(&mut guard, outcome, mode)
    }

    async fn execute(&self, statement: &Rendered, mode: Mode) -> Result<u64, DatabaseError> {
        let mut guard = self.conn.lock().await;
        let conn = guard.as_mut().ok_or_else(closed)?;
        let outcome = with_timeout(self.socket_timeout, run_execute(conn, statement, mode)).await;
        finish(&mut guard, outcome, mode)
    }

    /// Runs SQL without parameters through the text protocol (transaction control).
    async fn batch(&self, sql: &str) -> Result<(), DatabaseError> {
        let mut guard = self.conn.lock().await;
        let conn = guard.as_mut().ok_or_else(closed)?;
        let outcome = with_timeout(self.socket_timeout, async {
            conn.query_drop(sql).await.map_err(MyStatementError::from)
        })
        .await;
        finish(&mut guard, outcome, Mode::Model)
    }
}

fn closed() -> DatabaseError {
    DatabaseError::Other {
        code: None,
        message: CONNECTION_CLOSED.to_owned(),
    }
}

async fn with_timeout<T>(
    limit: Option<Duration>,
    work: impl std::future::Future<Output = Result<T, MyStatementError>>,
) -> Result<T, MyStatementError> {
    match limit {
        Some(limit) => tokio::time::timeout(limit, work)
            .await
            .unwrap_or(Err(MyStatementError::SocketTimeout)),
        None => work.await,
    }
}

/// Classifies a failure; a connection whose state is unknown afterwards is given up, so it never goes
/// back to the pool.
fn finish<T>(
    conn: &mut Option<Conn>,
    outcome: Result<T, MyStatementError>,
    mode: Mode,
) -> Result<T, DatabaseError> {
    match outcome {
        Ok(value) => Ok(value),
        Err(error) => {
            let fatal = match &error {
                MyStatementError::Driver(err) => err.is_fatal(),
                MyStatementError::SocketTimeout => true,
                MyStatementError::Value(_) => false,
            };
            if fatal {
                if let Some(conn) = conn.take() {
                    drop_connection(conn);
                }
            }
            Err(error.into_database_error(mode))
        }
    }
}

/// Closes a connection that must not be reused, in the background when a runtime is there.
fn drop_connection(conn: Conn) {
    match tokio::runtime::Handle::try_current() {
        Ok(runtime) => {
            runtime.spawn(async move {
                let _ = conn.disconnect().await;
            });
        }
        Err(_) => drop(conn),
    }
}

fn params(statement: &Rendered, mode: Mode) -> Result<Params, MyStatementError> {
    if statement.params.is_empty() {
        return Ok(Params::Empty);
    }
    let values = statement
        .params
        .iter()
        .map(|value| encode(value, mode))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Params::Positional(values))
}

async fn run_query(
    conn: &mut Conn,
    statement: &Rendered,
    types: ColumnTypes<'_>,
) -> Result<ResultSet, MyStatementError> {
    let mode = match types {
        ColumnTypes::Infer => Mode::Raw,
        ColumnTypes::Known(_) => Mode::Model,
    };
    let params = params(statement, mode)?;
    let mut result = conn.exec_iter(statement.sql.as_str(), params).await?;
    let columns: Option<Arc<[Column]>> = result.columns();
    let rows: Vec<Row> = result.collect().await?;
    let last_insert_id = result.last_insert_id().filter(|id| *id != 0);
    result.drop_result().await?;
    let columns: Arc<[Column]> = columns.unwrap_or_else(|| Arc::from(Vec::new()));
    decode_rows(&columns, rows, types, last_insert_id)
}

/// Runs a statement for its row count. The engine's statements without parameters (DDL, `USE`) go
/// through the text protocol, since MySQL cannot prepare every statement; a user's raw statement is
/// always prepared, as in Prisma, so it is one statement and its placeholders are counted.
async fn run_execute(
    conn: &mut Conn,
    statement: &Rendered,
    mode: Mode,
) -> Result<u64, MyStatementError> {
    if mode == Mode::Model && statement.params.is_empty() {
        let result = conn.query_iter(statement.sql.as_str()).await?;
        let affected = result.affected_rows();
        result.drop_result().await?;
        return Ok(affected);
    }
    let params = params(statement, mode)?;
    let result = conn.exec_iter(statement.sql.as_str(), params).await?;
    let affected = result.affected_rows();
    result.drop_result().await?;
    Ok(affected)
}

fn decode_rows(
    columns: &[Column],
    rows: Vec<Row>,
    types: ColumnTypes<'_>,
    last_insert_id: Option<u64>,
) -> Result<ResultSet, MyStatementError> {
    let mut decoded = Vec::with_capacity(rows.len());
    for row in rows {
        let values = row.unwrap();
        let mut out = Vec::with_capacity(values.len());
        for (index, value) in values.into_iter().enumerate() {
            let Some(column) = columns.get(index) else {
                out.push(PrismaValue::Null);
                continue;
            };
            let value = match types {
                ColumnTypes::Infer => decode_inferred(value, column)?,
                ColumnTypes::Known(known) => match known.get(index) {
                    Some(expected) => decode_known(value, column, *expected)?,
                    None => decode_inferred(value, column)?,
                },
            };
            out.push(value);
        }
        decoded.push(out);
    }
    // Prisma reads a raw result's columns off its first row, so a result without rows has none.
    let (names, raw_types) = match types {
        ColumnTypes::Infer if decoded.is_empty() => (Vec::new(), Vec::new()),
        ColumnTypes::Infer => (
            column_names(columns),
            columns.iter().map(raw_type_of).collect::<Vec<RawType>>(),
        ),
        ColumnTypes::Known(_) => (column_names(columns), Vec::new()),
    };
    Ok(ResultSet {
        columns: names,
        rows: decoded,
        raw_types,
        last_insert_id,
    })
}

fn column_names(columns: &[Column]) -> Vec<String> {
    columns.iter().map(|c| c.name_str().into_owned()).collect()
}

/// A pooled connection; it returns to the pool when dropped.
pub struct MysqlConnection {
    inner: Handle,
}

impl MysqlConnection {
    /// Starts a transaction with this connection's concrete type: the isolation level is set for the
    /// next transaction only (`SET TRANSACTION ...`), then `START TRANSACTION`.
    pub async fn begin_transaction(
        self,
        isolation: Option<IsolationLevel>,
    ) -> Result<MysqlTransaction, DatabaseError> {
        match isolation {
            // MySQL has no snapshot level; Prisma 5.19 refuses it with this message.
            Some(IsolationLevel::Snapshot) => {
                return Err(DatabaseError::Other {
                    code: None,
                    message: "Conversion error: SNAPSHOT".to_owned(),
                })
            }
            Some(level) => {
                self.inner
                    .batch(&format!(
                        "SET TRANSACTION ISOLATION LEVEL {}",
                        level.sql_name()
                    ))
                    .await?
            }
            None => {}
        }
        self.inner.batch("START TRANSACTION").await?;
        Ok(MysqlTransaction {
            inner: Some(self.inner),
        })
    }
}

#[async_trait]
impl SqlQueryable for MysqlConnection {
    async fn query(
        &self,
        statement: &Rendered,
        types: ColumnTypes<'_>,
    ) -> Result<ResultSet, DatabaseError> {
        let mode = match types {
            ColumnTypes::Infer => Mode::Raw,
            ColumnTypes::Known(_) => Mode::Model,
        };
        self.inner.query(statement, types, mode).await
    }

    async fn execute(&self, statement: &Rendered) -> Result<u64, DatabaseError> {
        self.inner.execute(statement, Mode::Model).await
    }

    async fn execute_raw(&self, statement: &Rendered) -> Result<u64, DatabaseError> {
        self.inner.execute(statement, Mode::Raw).await
    }
}

#[async_trait]
impl SqlConnection for MysqlConnection {
    async fn begin(
        self: Box<Self>,
        isolation: Option<IsolationLevel>,
    ) -> Result<Box<dyn SqlTransaction>, DatabaseError> {
        Ok(Box::new((*self).begin_transaction(isolation).await?))
    }
}

/// An open transaction owning its connection. Dropped without `commit`/`rollback`, it rolls back before
/// the connection goes back to the pool, so no later user inherits a half-done transaction.
pub struct MysqlTransaction {
    inner: Option<Handle>,
}

impl MysqlTransaction {
    fn handle(&self) -> Result<&Handle, DatabaseError> {
        self.inner.as_ref().ok_or_else(closed)
    }

    async fn finish(mut self, sql: &str) -> Result<(), DatabaseError> {
        let Some(handle) = self.inner.take() else {
            return Err(closed());
        };
        handle.batch(sql).await
    }
}

#[async_trait]
impl SqlQueryable for MysqlTransaction {
    async fn query(
        &self,
        statement: &Rendered,
        types: ColumnTypes<'_>,
    ) -> Result<ResultSet, DatabaseError> {
        let mode = match types {
            ColumnTypes::Infer => Mode::Raw,
            ColumnTypes::Known(_) => Mode::Model,
        };
        self.handle()?.query(statement, types, mode).await
    }

    async fn execute(&self, statement: &Rendered) -> Result<u64, DatabaseError> {
        self.handle()?.execute(statement, Mode::Model).await
    }

    async fn execute_raw(&self, statement: &Rendered) -> Result<u64, DatabaseError> {
        self.handle()?.execute(statement, Mode::Raw).await
    }
}

#[async_trait]
impl SqlTransaction for MysqlTransaction {
    async fn commit(self: Box<Self>) -> Result<(), DatabaseError> {
        self.finish("COMMIT").await
    }

    async fn rollback(self: Box<Self>) -> Result<(), DatabaseError> {
        self.finish("ROLLBACK").await
    }
}

impl Drop for MysqlTransaction {
    fn drop(&mut self) {
        let Some(handle) = self.inner.take() else {
            return;
        };
        let Some(conn) = handle.conn.into_inner() else {
            return;
        };
        match tokio::runtime::Handle::try_current() {
            // The connection is released only after the rollback finished (or it is closed).
            Ok(runtime) => {
                runtime.spawn(async move {
                    let mut conn = conn;
                    if conn.query_drop("ROLLBACK").await.is_err() {
                        let _ = conn.disconnect().await;
                    }
                });
            }
            Err(_) => drop(conn),
        }
    }
}
