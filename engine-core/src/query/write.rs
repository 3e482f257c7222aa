//! Validated write inputs: the values to store and the nested writes through relations.

use schema_core::datamodel::FieldId;

use super::filter::Filter;
use crate::value::PrismaValue;

/// The data of one record to create. Defaults the engine computes (uuid, cuid, now) are already filled in
/// by validation; defaults the database computes are left out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CreateData {
    /// Scalar values (foreign keys of unchecked inputs included), in input order.
    pub scalars: Vec<(FieldId, PrismaValue)>,
    /// Writes through relation fields, in input order.
    pub nested: Vec<NestedWrite>,
}

/// The data of an update.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UpdateData {
    pub scalars: Vec<(FieldId, ScalarWrite)>,
    pub nested: Vec<NestedWrite>,
}

/// The two branches of an upsert.
#[derive(Debug, Clone, PartialEq)]
pub struct UpsertData {
    pub create: CreateData,
    pub update: UpdateData,
}

/// How one scalar changes in an update.
#[derive(Debug, Clone, PartialEq)]
pub enum ScalarWrite {
    Set(PrismaValue),
    Increment(PrismaValue),
    Decrement(PrismaValue),
    Multiply(PrismaValue),
    Divide(PrismaValue),
    /// Appends to a scalar list: one value or a list of values.
    Push(PrismaValue),
}

/// A write through a relation field of the record being created or updated.
#[derive(Debug, Clone, PartialEq)]
pub enum NestedWrite {
    Create {
        field: FieldId,
        data: Vec<CreateData>,
    },
    CreateMany {
        field: FieldId,
        rows: Vec<CreateData>,
        skip_duplicates: bool,
    },
    /// Connect the records each unique filter selects.
    Connect {
        field: FieldId,
        filters: Vec<Filter>,
    },
    ConnectOrCreate {
        field: FieldId,
        entries: Vec<(Filter, CreateData)>,
    },
    /// Disconnect: on to-many relations one unique filter per record; on to-one relations no filter
    /// (`disconnect: true`) or one condition the connected record must meet.
    Disconnect {
        field: FieldId,
        filters: Vec<Filter>,
    },
    /// Replace all connected records with the ones these unique filters select.
    Set {
        field: FieldId,
        filters: Vec<Filter>,
    },
    /// Update connected records: on to-many each entry has a unique filter, on to-one `None` or a filter.
    Update {
        field: FieldId,
        entries: Vec<(Option<Filter>, UpdateData)>,
    },
    UpdateMany {
        field: FieldId,
        entries: Vec<(Option<Filter>, UpdateData)>,
    },
    Upsert {
        field: FieldId,
        entries: Vec<(Option<Filter>, CreateData, UpdateData)>,
    },
    /// Delete connected records: per entry a unique filter (to-many) or `None` (to-one `delete: true`).
    Delete {
        field: FieldId,
        filters: Vec<Option<Filter>>,
    },
    DeleteMany {
        field: FieldId,
        filters: Vec<Option<Filter>>,
    },
}

impl NestedWrite {
    /// The relation field the write goes through.
    pub fn field(&self) -> FieldId {
        match self {
            NestedWrite::Create { field, .. }
            | NestedWrite::CreateMany { field, .. }
            | NestedWrite::Connect { field, .. }
            | NestedWrite::ConnectOrCreate { field, .. }
            | NestedWrite::Disconnect { field, .. }
            | NestedWrite::Set { field, .. }
            | NestedWrite::Update { field, .. }
            | NestedWrite::UpdateMany { field, .. }
            | NestedWrite::Upsert { field, .. }
            | NestedWrite::Delete { field, .. }
            | NestedWrite::DeleteMany { field, .. } => *field,
        }
    }
}
