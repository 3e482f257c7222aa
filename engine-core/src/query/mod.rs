//! Validated queries: what a request asks for, resolved against the datamodel.
//!
//! Validation turns a protocol-level [`QueryDocument`](crate::protocol::QueryDocument) into these types.
//! Every name is resolved to a typed id ([`ModelId`], [`FieldId`]) and every value is coerced to the type of
//! the field it is compared with or written to, so nothing after validation looks up a name or guesses a
//! type. The planner reads these; connectors receive parts of them (filters, orderings, write values).

pub mod args;
pub mod filter;
pub mod parse;
pub mod selection;
pub mod write;

pub use args::{CursorCondition, OrderBy, OrderTarget, QueryArgs, SortDirection, SortNulls};
pub use filter::{
    Filter, JsonCondition, JsonFilterValue, ListCondition, Operand, Quantifier, ScalarCondition,
    ToOneCondition,
};
pub use selection::{
    AggregateField, AggregateKind, AggregateSelection, FieldSelection, RelationCount,
    RelationSelection, SelectedField,
};
pub use write::{CreateData, NestedWrite, ScalarWrite, UpdateData, UpsertData};

use schema_core::datamodel::ModelId;

/// One validated operation.
#[derive(Debug, Clone, PartialEq)]
pub enum Query {
    Read(ReadQuery),
    Write(WriteQuery),
    Raw(RawQuery),
}

/// The read operations. Each carries the model, its arguments and the shape of its result.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadQuery {
    /// `findUnique` / `findUniqueOrThrow`: `args.filter` holds the unique selector (plus extra filters).
    FindUnique {
        query: RecordQuery,
        or_throw: bool,
    },
    /// `findFirst` / `findFirstOrThrow`: a `findMany` with `take: 1` whose result is one record or null.
    FindFirst {
        query: RecordQuery,
        or_throw: bool,
    },
    FindMany(RecordQuery),
    Aggregate(AggregateQuery),
    GroupBy(GroupByQuery),
}

/// Records of one model: which ones (`args`) and which of their fields (`selection`).
#[derive(Debug, Clone, PartialEq)]
pub struct RecordQuery {
    pub model: ModelId,
    pub args: QueryArgs,
    pub selection: FieldSelection,
}

/// `aggregate{M}`: aggregates over the records `args` picks, in the order the client selected them.
#[derive(Debug, Clone, PartialEq)]
pub struct AggregateQuery {
    pub model: ModelId,
    pub args: QueryArgs,
    pub selections: Vec<AggregateSelection>,
}

/// `groupBy{M}`: one result row per distinct value of `by`, with the selected fields and aggregates.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupByQuery {
    pub model: ModelId,
    pub by: Vec<schema_core::datamodel::FieldId>,
    /// `where` filters rows before grouping; `having` filters groups (it may use aggregates).
    pub args: QueryArgs,
    pub having: Option<Filter>,
    /// The grouped scalars and aggregates to return, in selection order.
    pub selections: Vec<GroupBySelection>,
}

/// One selected entry of a `groupBy` result.
#[derive(Debug, Clone, PartialEq)]
pub enum GroupBySelection {
    /// A field of `by`, under its own name.
    Field(schema_core::datamodel::FieldId),
    Aggregate(AggregateSelection),
}

/// The write operations.
#[derive(Debug, Clone, PartialEq)]
pub enum WriteQuery {
    CreateOne {
        model: ModelId,
        data: CreateData,
        selection: FieldSelection,
    },
    /// `createMany`; with `selection` it is `createManyAndReturn`.
    CreateMany {
        model: ModelId,
        rows: Vec<CreateData>,
        skip_duplicates: bool,
        selection: Option<FieldSelection>,
    },
    UpdateOne {
        model: ModelId,
        /// The unique selector of `where`, with any extra filters.
        filter: Filter,
        data: UpdateData,
        selection: FieldSelection,
    },
    UpdateMany {
        model: ModelId,
        filter: Option<Filter>,
        data: UpdateData,
    },
    Upsert {
        model: ModelId,
        filter: Filter,
        data: UpsertData,
        selection: FieldSelection,
    },
    DeleteOne {
        model: ModelId,
        filter: Filter,
        selection: FieldSelection,
    },
    DeleteMany {
        model: ModelId,
        filter: Option<Filter>,
    },
}

/// `queryRaw` / `executeRaw`: SQL text with positional parameters, passed to the database unchanged.
#[derive(Debug, Clone, PartialEq)]
pub struct RawQuery {
    pub sql: String,
    pub parameters: Vec<crate::value::PrismaValue>,
    /// `queryRaw` returns rows; `executeRaw` the number of affected rows.
    pub returns_rows: bool,
}
