//! What a result contains: the selected fields of each record, nested relation reads, relation counts and
//! aggregates, in the order the client asked for them.

use schema_core::datamodel::{FieldId, ModelId};

use super::args::QueryArgs;
use super::filter::Filter;

/// The fields to return for records of `model`, in response order.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldSelection {
    pub model: ModelId,
    pub fields: Vec<SelectedField>,
}

impl FieldSelection {
    /// The scalar fields the selection returns, in response order.
    pub fn scalars(&self) -> impl Iterator<Item = FieldId> + '_ {
        self.fields.iter().filter_map(|field| match field {
            SelectedField::Scalar(id) => Some(*id),
            _ => None,
        })
    }

    /// The nested relation reads.
    pub fn relations(&self) -> impl Iterator<Item = &RelationSelection> {
        self.fields.iter().filter_map(|field| match field {
            SelectedField::Relation(relation) => Some(relation),
            _ => None,
        })
    }

    /// The relation counts of `_count`, if selected.
    pub fn counts(&self) -> &[RelationCount] {
        self.fields
            .iter()
            .find_map(|field| match field {
                SelectedField::Count(counts) => Some(counts.as_slice()),
                _ => None,
            })
            .unwrap_or(&[])
    }
}

/// One entry of a record's result object.
#[derive(Debug, Clone, PartialEq)]
pub enum SelectedField {
    /// A scalar (or scalar list, or enum) field, under its schema name.
    Scalar(FieldId),
    /// A relation field, read with its own arguments and selection.
    Relation(RelationSelection),
    /// `_count`: the number of related records per to-many relation, in this order.
    Count(Vec<RelationCount>),
}

/// A nested read through a relation field.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationSelection {
    /// The relation field on the parent model.
    pub field: FieldId,
    /// Filters and pagination of the related records (only `filter` for to-one relations).
    pub args: QueryArgs,
    pub selection: FieldSelection,
}

/// One relation counted by `_count`.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationCount {
    /// A to-many relation field of the parent model.
    pub field: FieldId,
    /// Count only related records matching this (`_count: {select: {posts: {where: ..}}}`).
    pub filter: Option<Filter>,
}

/// Aggregate functions of `aggregate` and `groupBy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AggregateKind {
    Count,
    Avg,
    Sum,
    Min,
    Max,
}

impl AggregateKind {
    /// The response key (`_count`, `_avg`, ...).
    pub fn key(self) -> &'static str {
        match self {
            AggregateKind::Count => "_count",
            AggregateKind::Avg => "_avg",
            AggregateKind::Sum => "_sum",
            AggregateKind::Min => "_min",
            AggregateKind::Max => "_max",
        }
    }
}

/// One aggregate object of the result, e.g. `_avg: {views, likes}`, with its fields in selection order.
#[derive(Debug, Clone, PartialEq)]
pub struct AggregateSelection {
    pub kind: AggregateKind,
    pub fields: Vec<AggregateField>,
}

/// A field inside an aggregate object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AggregateField {
    Field(FieldId),
    /// `_count: {_all: true}`: the number of rows.
    All,
}
