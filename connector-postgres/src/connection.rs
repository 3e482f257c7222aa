//! One open connection: runs statements through its statement cache and decodes their rows.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use engine_core::connector::{ColumnTypes, DatabaseError, RawType, ResultSet};
use engine_core::sql::Rendered;
use engine_core::value::PrismaValue;
use tokio_postgres::types::{ToSql, Type};
use tokio_postgres::{Client, Row, Statement};

use crate::cache::StatementCache;
use crate::error::{Mode, PgError};
use crate::value::decode::{decode_inferred, decode_known, raw_type_of, RawColumn};
use crate::value::encode::{declared_type, Param};

/// A client plus what it needs to run statements the way the configuration says.
pub(crate) struct PgConnection {
    client: Client,
    cache: Mutex<StatementCache>,
    /// PgBouncer in transaction mode: only unnamed statements, no cache.
    pgbouncer: bool,
    /// Set when the connection's state is unknown (e.g. a rollback failed); the pool then discards it.
    broken: AtomicBool,
}

/// Column names and types of a result, whether or not it has rows.
struct Columns {
    names: Vec<String>,
    types: Vec<Type>,
}

impl PgConnection {
    pub(crate) fn new(client: Client, statement_cache_size: usize, pgbouncer: bool) -> Self {
        PgConnection {
            client,
            cache: Mutex::new(StatementCache::new(statement_cache_size)),
            pgbouncer,
            broken: AtomicBool::new(false),
        }
    }

    pub(crate) fn client(&self) -> &Client {
        &self.client
    }

    pub(crate) fn is_broken(&self) -> bool {
        self.broken.load(Ordering::Relaxed) || self.client.is_closed()
    }

    pub(crate) fn mark_broken(&self) {
        self.broken.store(true, Ordering::Relaxed);
    }

    /// How many prepared statements this connection keeps; for tests and diagnostics.
    pub(crate) fn cached_statements(&self) -> usize {
        self.cache.lock().expect("statement cache lock").len()
    }

    /// Runs a statement returning rows. `Infer` marks a raw query.
    pub(crate) async fn query(
        &self,
        statement: &Rendered,
        types: ColumnTypes<'_>,
    ) -> Result<ResultSet, DatabaseError> {
        let mode = match types {
            ColumnTypes::Infer => Mode::Raw,
            ColumnTypes::Known(_) => Mode::Model,
        };
        self.query_rows(statement, types, mode)
            .await
            .map_err(|e| e.into_database_error(mode))
    }

    /// Runs a statement for its row count, with model or raw parameter typing and errors.
    pub(crate) async fn execute(
        &self,
        statement: &Rendered,
        mode: Mode,
    ) -> Result<u64, DatabaseError> {
        self.execute_statement(statement, mode)
            .await
            .map_err(|e| e.into_database_error(mode))
    }

    /// Runs SQL without parameters through the simple protocol (transaction control).
    pub(crate) async fn batch(&self, sql: &str) -> Result<(), DatabaseError> {
        self.client
            .batch_execute(sql)
            .await
            .map_err(|e| PgError::from(e).into_database_error(Mode::Model))
    }

    async fn query_rows(
        &self,
        statement: &Rendered,
        types: ColumnTypes<'_>,
        mode: Mode,
    ) -> Result<ResultSet, PgError> {
        let (columns, rows) = if self.pgbouncer {
            let params = Param::all(&statement.params);
            let typed = typed_params(&params, mode);
            let rows = self.client.query_typed(&statement.sql, &typed).await?;
            let columns = rows.first().map_or(
                Columns {
                    names: Vec::new(),
                    types: Vec::new(),
                },
                |row| columns_of(row.columns()),
            );
            (columns, rows)
        } else {
            let prepared = self.prepare(statement, mode).await?;
            let params = bind_params(&prepared, &statement.params)?;
            let rows = self.client.query(&prepared, &as_refs(&params)).await?;
            (columns_of(prepared.columns()), rows)
        };
        decode_rows(columns, &rows, types)
    }

    async fn execute_statement(&self, statement: &Rendered, mode: Mode) -> Result<u64, PgError> {
        if self.pgbouncer {
            let params = Param::all(&statement.params);
            let typed = typed_params(&params, mode);
            return Ok(self.client.execute_typed(&statement.sql, &typed).await?);
        }
        let prepared = self.prepare(statement, mode).await?;
        let params = bind_params(&prepared, &statement.params)?;
        Ok(self.client.execute(&prepared, &as_refs(&params)).await?)
    }

    /// Prepares (or reuses) a named statement. Raw queries declare parameter types from their values, as
    /// Prisma does, so `SELECT $1` with `1` is a `bigint` column; model queries let the server infer them
    /// from context, so a value is bound with its column's own type.
    async fn prepare(&self, statement: &Rendered, mode: Mode) -> Result<Statement, PgError> {
        let declared: Vec<Type> = match mode {
            Mode::Raw => statement.params.iter().map(declared_type).collect(),
            Mode::Model => Vec::new(),
        };
        let cached = self
            .cache
            .lock()
            .expect("statement cache lock")
            .get(&statement.sql, &declared);
        if let Some(prepared) = cached {
            return Ok(prepared);
        }
        let prepared = match self.client.prepare_typed(&statement.sql, &declared).await {
            Ok(prepared) => prepared,
            Err(err) => {
                // Plans of cached statements go stale when the schema changes; start afresh.
                if err.code() == Some(&tokio_postgres::error::SqlState::FEATURE_NOT_SUPPORTED) {
                    self.cache.lock().expect("statement cache lock").clear();
                }
                return Err(err.into());
            }
        };
        self.cache.lock().expect("statement cache lock").insert(
            &statement.sql,
            &declared,
            prepared.clone(),
        );
        Ok(prepared)
    }
}

/// Unnamed-statement parameters: raw queries declare types from values; model queries leave every type
/// to the server (`unknown`), and the values go as text, which the server parses by the inferred type.
fn typed_params<'a>(params: &'a [Param<'a>], mode: Mode) -> Vec<(&'a (dyn ToSql + Sync), Type)> {
    params
        .iter()
        .map(|param| {
            let ty = match mode {
                Mode::Raw => declared_type(param.value()),
                Mode::Model => Type::UNKNOWN,
            };
            (param as &(dyn ToSql + Sync), ty)
        })
        .collect()
}

fn as_refs<'a>(params: &'a [Param<'a>]) -> Vec<&'a (dyn ToSql + Sync)> {
    params
        .iter()
        .map(|param| param as &(dyn ToSql + Sync))
        .collect()
}

/// Pairs the statement's parameters with the values, rejecting a count that does not match.
fn bind_params<'a>(
    prepared: &Statement,
    values: &'a [PrismaValue],
) -> Result<Vec<Param<'a>>, PgError> {
    let expected = prepared.params().len();
    if values.len() != expected {
        return Err(PgError::ParameterCount {
            expected,
            actual: values.len(),
        });
    }
    Ok(Param::all(values))
}

fn columns_of(columns: &[tokio_postgres::Column]) -> Columns {
    Columns {
        names: columns.iter().map(|c| c.name().to_owned()).collect(),
        types: columns.iter().map(|c| c.type_().clone()).collect(),
    }
}

fn decode_rows(
    columns: Columns,
    rows: &[Row],
    types: ColumnTypes<'_>,
) -> Result<ResultSet, PgError> {
    let mut decoded = Vec::with_capacity(rows.len());
    for row in rows {
        let mut values = Vec::with_capacity(columns.types.len());
        for (index, ty) in columns.types.iter().enumerate() {
            let RawColumn(raw) = row.try_get::<_, RawColumn<'_>>(index)?;
            let value = match types {
                ColumnTypes::Infer => decode_inferred(raw, ty)?,
                ColumnTypes::Known(known) => match known.get(index) {
                    Some(expected) => decode_known(raw, ty, *expected)?,
                    None => decode_inferred(raw, ty)?,
                },
            };
            values.push(value);
        }
        decoded.push(values);
    }
    let raw_types = match types {
        ColumnTypes::Infer => columns
            .types
            .iter()
            .map(|ty| raw_type_of(ty).unwrap_or(RawType::Unknown))
            .collect(),
        ColumnTypes::Known(_) => Vec::new(),
    };
    Ok(ResultSet {
        columns: columns.names,
        rows: decoded,
        raw_types,
        last_insert_id: None,
    })
}
