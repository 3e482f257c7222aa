//! The record-level connector interface: what the engine asks of any database.
//!
//! The engine speaks to databases in records, filters, orderings and write values, never in SQL text, so
//! that a document database implements the same trait as the SQL databases. The SQL databases share one
//! implementation ([`crate::sql_connector`]) over their [`SqlDriver`](super::SqlDriver)s.

use async_trait::async_trait;
use schema_core::datamodel::{FieldId, ModelId};
use schema_core::Capabilities;

use crate::error::EngineError;
use crate::query::{
    AggregateSelection, Filter, GroupByQuery, QueryArgs, RawQuery, RelationCount, ScalarWrite,
};
use crate::value::PrismaValue;

use super::IsolationLevel;

/// One record: values in the order of the field list that was asked for.
pub type Record = Vec<PrismaValue>;

/// Records with the fields they hold.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RecordSet {
    /// The scalar fields, in the order of each record's first values.
    pub fields: Vec<FieldId>,
    /// Per record: the values of `fields`, then one count per requested relation count.
    pub records: Vec<Record>,
    /// For a read through a relation ([`RecordRead::link`]): per record, the key of the parent it belongs to.
    pub parent_keys: Vec<Vec<PrismaValue>>,
}

/// A read of records of one model.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordRead {
    pub model: ModelId,
    /// Filter, order, cursor, pagination and distinct. `take` is never negative here: the planner has
    /// already turned a negative take into a reversed order.
    pub args: QueryArgs,
    /// The scalar fields to return.
    pub fields: Vec<FieldId>,
    /// Relation counts to return after the scalars, one value each.
    pub counts: Vec<RelationCount>,
    /// Read through a relation: only records related to the given parents, with `args`' pagination applied
    /// per parent.
    pub link: Option<RelationLink>,
}

/// The parents a nested read loads related records for.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationLink {
    /// The relation field on the parent model that leads to the records read.
    pub parent_field: FieldId,
    /// The parents' values of the fields the relation joins on (on the parent side): the foreign key when
    /// the parent holds it, otherwise the referenced fields (the primary key for many-to-many).
    pub parent_keys: Vec<Vec<PrismaValue>>,
}

/// Results of an aggregate, one value per selected field, grouped like the selections.
pub type AggregateRow = Vec<Vec<PrismaValue>>;

/// A pool of connections to one database.
#[async_trait]
pub trait Connector: Send + Sync {
    /// What the database can do; the planner reads it to choose strategies.
    fn capabilities(&self) -> &'static Capabilities;

    /// Takes a connection from the pool.
    async fn connection(&self) -> Result<Box<dyn Connection>, EngineError>;
}

/// A connection outside of a transaction: it reads and writes, each statement on its own.
#[async_trait]
pub trait Connection: Operations {
    /// Starts a transaction that owns this connection until commit or rollback.
    async fn begin(
        self: Box<Self>,
        isolation: Option<IsolationLevel>,
    ) -> Result<Box<dyn Transaction>, EngineError>;
}

/// An open transaction. Dropping it without commit rolls it back.
#[async_trait]
pub trait Transaction: Operations {
    async fn commit(self: Box<Self>) -> Result<(), EngineError>;
    async fn rollback(self: Box<Self>) -> Result<(), EngineError>;
}

/// The reads and writes, available on connections and transactions alike.
#[async_trait]
pub trait Operations: Send + Sync {
    /// Records of a model, optionally only those related to given parents.
    async fn read_records(&self, read: &RecordRead) -> Result<RecordSet, EngineError>;

    /// Aggregates over the records `args` selects: one inner list per selection, one value per field.
    async fn aggregate(
        &self,
        model: ModelId,
        args: &QueryArgs,
        selections: &[AggregateSelection],
    ) -> Result<AggregateRow, EngineError>;

    /// Grouped rows of a `groupBy`, each row holding the values of `query.selections` in order (an
    /// aggregate selection contributes one value per field).
    async fn group_by(&self, query: &GroupByQuery) -> Result<Vec<Record>, EngineError>;

    /// Inserts one record and returns the values of `returning` (generated ids included).
    async fn create_record(
        &self,
        model: ModelId,
        values: &[(FieldId, PrismaValue)],
        returning: &[FieldId],
    ) -> Result<Record, EngineError>;

    /// Inserts many records; with `skip_duplicates` rows that violate a unique constraint are skipped.
    /// Returns the number inserted.
    async fn create_records(
        &self,
        model: ModelId,
        rows: &[Vec<(FieldId, PrismaValue)>],
        skip_duplicates: bool,
    ) -> Result<u64, EngineError>;

    /// Inserts a record, or when it collides on the unique `conflict` fields updates the existing one with
    /// `update`, in one statement (`INSERT .. ON CONFLICT (..) DO UPDATE .. RETURNING`): an upsert that
    /// no concurrent insert can turn into a unique violation. Returns `returning` of the record written, or
    /// `None` when the database has no such statement, in which case the caller reads and then writes.
    async fn upsert_record(
        &self,
        model: ModelId,
        create: &[(FieldId, PrismaValue)],
        conflict: &[FieldId],
        update: &[(FieldId, ScalarWrite)],
        returning: &[FieldId],
    ) -> Result<Option<Record>, EngineError> {
        let _ = (model, create, conflict, update, returning);
        Ok(None)
    }

    /// Updates the records `filter` selects and returns `returning` of each updated record (so callers can
    /// read what they changed); with an empty `returning` it returns one empty record per updated row.
    async fn update_records(
        &self,
        model: ModelId,
        filter: Option<&Filter>,
        values: &[(FieldId, ScalarWrite)],
        returning: &[FieldId],
    ) -> Result<Vec<Record>, EngineError>;

    /// `updateMany`'s count: the number the database reports for the update. Most databases count the rows
    /// the filter matched; MySQL counts only the rows whose values changed, and Prisma's `count` is that
    /// number. Nested writes check matches through [`Operations::update_records`] instead.
    async fn update_many_count(
        &self,
        model: ModelId,
        filter: Option<&Filter>,
        values: &[(FieldId, ScalarWrite)],
    ) -> Result<u64, EngineError> {
        let updated = self.update_records(model, filter, values, &[]).await?;
        Ok(updated.len() as u64)
    }

    /// Deletes the records `filter` selects; returns how many.
    async fn delete_records(
        &self,
        model: ModelId,
        filter: Option<&Filter>,
    ) -> Result<u64, EngineError>;

    /// Links records of an implicit many-to-many relation: the parent (by the key of `parent_field`'s model)
    /// to each child key. Existing links are kept.
    async fn connect_many_to_many(
        &self,
        parent_field: FieldId,
        parent_key: &[PrismaValue],
        child_keys: &[Vec<PrismaValue>],
    ) -> Result<(), EngineError>;

    /// Unlinks records of an implicit many-to-many relation; `None` unlinks every child of the parent.
    async fn disconnect_many_to_many(
        &self,
        parent_field: FieldId,
        parent_key: &[PrismaValue],
        child_keys: Option<&[Vec<PrismaValue>]>,
    ) -> Result<u64, EngineError>;

    /// Runs raw SQL (or a database command).
    async fn raw(&self, query: &RawQuery) -> Result<RawResult, EngineError>;
}

/// The result of a raw query.
#[derive(Debug, Clone, PartialEq)]
pub enum RawResult {
    /// `queryRaw`: column names, their reported types and the rows.
    Rows {
        columns: Vec<String>,
        types: Vec<super::RawType>,
        rows: Vec<Vec<PrismaValue>>,
    },
    /// `executeRaw`: affected rows.
    Count(u64),
}

/// A key tuple (a parent key, an identifier) usable in hash maps and sets. Both sides of a relation have the
/// same schema types, so equal keys have equal variants; hashing follows [`PartialEq`] (decimals by their
/// normalized value).
#[derive(Debug, Clone, PartialEq)]
pub struct RecordKey(pub Vec<PrismaValue>);

impl Eq for RecordKey {}

impl std::hash::Hash for RecordKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        for value in &self.0 {
            hash_value(value, state);
        }
    }
}

fn hash_value<H: std::hash::Hasher>(value: &PrismaValue, state: &mut H) {
    use std::hash::Hash;
    std::mem::discriminant(value).hash(state);
    match value {
        PrismaValue::Null => {}
        PrismaValue::Boolean(flag) => flag.hash(state),
        PrismaValue::Int(integer) | PrismaValue::BigInt(integer) => integer.hash(state),
        PrismaValue::Float(float) => float.to_bits().hash(state),
        PrismaValue::Decimal(decimal) => decimal.normalized().to_string().hash(state),
        PrismaValue::String(text) | PrismaValue::Enum(text) | PrismaValue::Json(text) => {
            text.hash(state)
        }
        PrismaValue::DateTime(at) => at.timestamp_nanos_opt().hash(state),
        PrismaValue::Bytes(bytes) => bytes.hash(state),
        PrismaValue::List(items) => items.iter().for_each(|item| hash_value(item, state)),
        PrismaValue::Object(fields) => fields.iter().for_each(|(name, item)| {
            name.hash(state);
            hash_value(item, state)
        }),
    }
}
