//! The record-level [`Connector`] for every SQL database, built on a [`SqlDriver`].
//!
//! Each operation becomes statements of the shared SQL AST, rendered in the driver's dialect and run on the
//! driver's connection. The four SQL connector crates only provide the driver; this module is where reads,
//! writes and error mapping live, once for all of them.

mod context;
mod errors;
mod filter;
mod json;
mod order;
mod read;
mod relation;
#[cfg(test)]
mod test_fixture;
mod upsert;
mod write;

pub use context::SqlContext;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use async_trait::async_trait;
use schema_core::datamodel::{FieldId, ModelId};
use schema_core::{Capabilities, Datamodel};

use crate::connector::record::{
    AggregateRow, Connection, Connector, Operations, RawResult, Record, RecordRead, RecordSet,
    Transaction,
};
use crate::connector::{
    ColumnTypes, IsolationLevel, ResultSet, SqlConnection, SqlDriver, SqlQueryable, SqlTransaction,
};
use crate::error::EngineError;
use crate::query::{AggregateSelection, Filter, GroupByQuery, QueryArgs, RawQuery, ScalarWrite};
use crate::sql::{Query, Rendered};
use crate::value::PrismaValue;

/// A SQL database as a record-level connector.
pub struct SqlConnector {
    shared: Arc<Shared>,
}

/// What every connection of the connector shares.
struct Shared {
    driver: Box<dyn SqlDriver>,
    datamodel: Arc<Datamodel>,
    capabilities: &'static Capabilities,
    /// Statements run so far, for tests and benchmarks that check round trips.
    statements: AtomicU64,
}

impl SqlConnector {
    /// Wraps a driver for the given datamodel. The datamodel must be the one the database was pushed from:
    /// the connector maps fields to columns by it.
    pub fn new(driver: Box<dyn SqlDriver>, datamodel: Arc<Datamodel>) -> SqlConnector {
        let capabilities = datamodel
            .capabilities()
            .unwrap_or_else(|| Capabilities::for_provider(schema_core::config::Provider::Sqlite));
        SqlConnector {
            shared: Arc::new(Shared {
                driver,
                datamodel,
                capabilities,
                statements: AtomicU64::new(0),
            }),
        }
    }

    /// How many statements this connector has sent to the database since it was created.
    pub fn statement_count(&self) -> u64 {
        self.shared.statements.load(Ordering::Relaxed)
    }
}

#[async_trait]
impl Connector for SqlConnector {
    fn capabilities(&self) -> &'static Capabilities {
        self.shared.capabilities
    }

    async fn connection(&self) -> Result<Box<dyn Connection>, EngineError> {
        let connection = self
            .shared
            .driver
            .connection()
            .await
            .map_err(errors::connection_error)?;
        Ok(Box::new(SqlConnectionHandle {
            shared: self.shared.clone(),
            connection,
        }))
    }
}

/// Runs rendered statements of one connection or transaction, counting them.
pub(crate) struct Runner<'a> {
    pub(crate) ctx: SqlContext<'a>,
    queryable: &'a dyn SqlQueryable,
    statements: &'a AtomicU64,
}

impl Runner<'_> {
    /// Renders `query` in the connection's dialect.
    pub(crate) fn render(&self, query: impl Into<Query>) -> Result<Rendered, EngineError> {
        query
            .into()
            .render(self.ctx.dialect)
            .map_err(|error| EngineError::QueryInterpretation {
                details: error.to_string(),
            })
    }

    /// Runs a statement returning rows, decoded with the given column types.
    pub(crate) async fn query(
        &self,
        query: impl Into<Query>,
        types: ColumnTypes<'_>,
    ) -> Result<ResultSet, EngineError> {
        let rendered = self.render(query)?;
        self.statements.fetch_add(1, Ordering::Relaxed);
        self.queryable
            .query(&rendered, types)
            .await
            .map_err(|error| errors::query_error(&self.ctx, error))
    }

    /// Runs a statement for its effect; returns the affected row count.
    pub(crate) async fn execute(&self, query: impl Into<Query>) -> Result<u64, EngineError> {
        let rendered = self.render(query)?;
        self.statements.fetch_add(1, Ordering::Relaxed);
        self.queryable
            .execute(&rendered)
            .await
            .map_err(|error| errors::query_error(&self.ctx, error))
    }

    /// Runs an already rendered statement and leaves its error to the caller, which maps it with what it
    /// knows (raw SQL reports P2010; model reads name the field a value failed to convert for).
    pub(crate) async fn query_rendered(
        &self,
        rendered: &Rendered,
        types: ColumnTypes<'_>,
    ) -> Result<ResultSet, crate::connector::DatabaseError> {
        self.statements.fetch_add(1, Ordering::Relaxed);
        self.queryable.query(rendered, types).await
    }

    /// Runs an already rendered statement for its effect (raw SQL).
    pub(crate) async fn execute_rendered(
        &self,
        rendered: &Rendered,
    ) -> Result<u64, crate::connector::DatabaseError> {
        self.statements.fetch_add(1, Ordering::Relaxed);
        self.queryable.execute(rendered).await
    }
}

/// Implements [`Operations`] for a type that can lend a [`Runner`].
macro_rules! sql_operations {
    ($ty:ty) => {
        #[async_trait]
        impl Operations for $ty {
            async fn read_records(&self, read: &RecordRead) -> Result<RecordSet, EngineError> {
                read::read_records(&self.runner(), read).await
            }

            async fn aggregate(
                &self,
                model: ModelId,
                args: &QueryArgs,
                selections: &[AggregateSelection],
            ) -> Result<AggregateRow, EngineError> {
                read::aggregate(&self.runner(), model, args, selections).await
            }

            async fn group_by(&self, query: &GroupByQuery) -> Result<Vec<Record>, EngineError> {
                read::group_by(&self.runner(), query).await
            }

            async fn create_record(
                &self,
                model: ModelId,
                values: &[(FieldId, PrismaValue)],
                returning: &[FieldId],
            ) -> Result<Record, EngineError> {
                write::create_record(&self.runner(), model, values, returning).await
            }

            async fn upsert_record(
                &self,
                model: ModelId,
                create: &[(FieldId, PrismaValue)],
                conflict: &[FieldId],
                update: &[(FieldId, ScalarWrite)],
                returning: &[FieldId],
            ) -> Result<Option<Record>, EngineError> {
                upsert::upsert_record(&self.runner(), model, create, conflict, update, returning)
                    .await
            }

            async fn create_records(
                &self,
                model: ModelId,
                rows: &[Vec<(FieldId, PrismaValue)>],
                skip_duplicates: bool,
            ) -> Result<u64, EngineError> {
                write::create_records(&self.runner(), model, rows, skip_duplicates).await
            }

            async fn update_records(
                &self,
                model: ModelId,
                filter: Option<&Filter>,
                values: &[(FieldId, ScalarWrite)],
                returning: &[FieldId],
            ) -> Result<Vec<Record>, EngineError> {
                write::update_records(&self.runner(), model, filter, values, returning).await
            }

            async fn update_many_count(
                &self,
                model: ModelId,
                filter: Option<&Filter>,
                values: &[(FieldId, ScalarWrite)],
            ) -> Result<u64, EngineError> {
                write::update_many_count(&self.runner(), model, filter, values).await
            }

            async fn delete_records(
                &self,
                model: ModelId,
                filter: Option<&Filter>,
            ) -> Result<u64, EngineError> {
                write::delete_records(&self.runner(), model, filter).await
            }

            async fn connect_many_to_many(
                &self,
                parent_field: FieldId,
                parent_key: &[PrismaValue],
                child_keys: &[Vec<PrismaValue>],
            ) -> Result<(), EngineError> {
                write::connect_many_to_many(&self.runner(), parent_field, parent_key, child_keys)
                    .await
            }

            async fn disconnect_many_to_many(
                &self,
                parent_field: FieldId,
                parent_key: &[PrismaValue],
                child_keys: Option<&[Vec<PrismaValue>]>,
            ) -> Result<u64, EngineError> {
                write::disconnect_many_to_many(&self.runner(), parent_field, parent_key, child_keys)
                    .await
            }

            async fn raw(&self, query: &RawQuery) -> Result<RawResult, EngineError> {
                write::raw(&self.runner(), query).await
            }
        }
    };
}

/// A pooled connection of a [`SqlConnector`].
struct SqlConnectionHandle {
    shared: Arc<Shared>,
    connection: Box<dyn SqlConnection>,
}

impl SqlConnectionHandle {
    fn runner(&self) -> Runner<'_> {
        Runner {
            ctx: SqlContext::new(&self.shared.datamodel, self.shared.driver.as_ref()),
            queryable: self.connection.as_ref(),
            statements: &self.shared.statements,
        }
    }
}

sql_operations!(SqlConnectionHandle);

#[async_trait]
impl Connection for SqlConnectionHandle {
    async fn begin(
        self: Box<Self>,
        isolation: Option<IsolationLevel>,
    ) -> Result<Box<dyn Transaction>, EngineError> {
        let shared = self.shared.clone();
        let transaction = self
            .connection
            .begin(isolation)
            .await
            .map_err(errors::connection_error)?;
        Ok(Box::new(SqlTransactionHandle {
            shared,
            transaction,
        }))
    }
}

/// An open transaction of a [`SqlConnector`].
struct SqlTransactionHandle {
    shared: Arc<Shared>,
    transaction: Box<dyn SqlTransaction>,
}

impl SqlTransactionHandle {
    fn runner(&self) -> Runner<'_> {
        Runner {
            ctx: SqlContext::new(&self.shared.datamodel, self.shared.driver.as_ref()),
            queryable: self.transaction.as_ref(),
            statements: &self.shared.statements,
        }
    }
}

sql_operations!(SqlTransactionHandle);

#[async_trait]
impl Transaction for SqlTransactionHandle {
    async fn commit(self: Box<Self>) -> Result<(), EngineError> {
        self.transaction
            .commit()
            .await
            .map_err(errors::connection_error)
    }

    async fn rollback(self: Box<Self>) -> Result<(), EngineError> {
        self.transaction
            .rollback()
            .await
            .map_err(errors::connection_error)
    }
}
