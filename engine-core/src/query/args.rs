//! The arguments that pick and order records: `where`, `orderBy`, `cursor`, `take`, `skip`, `distinct`.

use schema_core::datamodel::FieldId;

use super::filter::Filter;
use super::selection::AggregateKind;
use crate::value::PrismaValue;

/// Which records a read (or a nested relation read) returns, and in what order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct QueryArgs {
    pub filter: Option<Filter>,
    /// Sort keys in priority order.
    pub order_by: Vec<OrderBy>,
    /// Start at the record this unique selector names (inclusive), in `order_by` order.
    pub cursor: Option<CursorCondition>,
    /// At most this many records; negative means "the last n before the cursor/end", which the planner
    /// turns into a reversed ordering with a positive take before any connector sees it.
    pub take: Option<i64>,
    pub skip: Option<u64>,
    /// Keep only the first record of each distinct combination of these fields.
    pub distinct: Vec<FieldId>,
}

impl QueryArgs {
    /// Arguments that only filter.
    pub fn filtered(filter: Filter) -> QueryArgs {
        QueryArgs {
            filter: Some(filter),
            ..QueryArgs::default()
        }
    }

    /// True when the arguments paginate (a per-parent limit for nested reads).
    pub fn paginates(&self) -> bool {
        self.take.is_some() || self.skip.is_some() || self.cursor.is_some()
    }
}

/// A cursor: the unique field values of the record to start from.
#[derive(Debug, Clone, PartialEq)]
pub struct CursorCondition {
    pub fields: Vec<(FieldId, PrismaValue)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortDirection {
    Asc,
    Desc,
}

impl SortDirection {
    pub fn reversed(self) -> SortDirection {
        match self {
            SortDirection::Asc => SortDirection::Desc,
            SortDirection::Desc => SortDirection::Asc,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortNulls {
    First,
    Last,
}

impl SortNulls {
    pub fn reversed(self) -> SortNulls {
        match self {
            SortNulls::First => SortNulls::Last,
            SortNulls::Last => SortNulls::First,
        }
    }
}

/// One sort key. `path` walks to-one relations from the queried model (`orderBy: {author: {name: asc}}`
/// has the `author` field in `path`); the target is then on the model at the end of the path.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderBy {
    pub path: Vec<FieldId>,
    pub target: OrderTarget,
    pub direction: SortDirection,
    pub nulls: Option<SortNulls>,
}

impl OrderBy {
    /// Ascending by a scalar of the queried model.
    pub fn field(field: FieldId, direction: SortDirection) -> OrderBy {
        OrderBy {
            path: Vec::new(),
            target: OrderTarget::Field(field),
            direction,
            nulls: None,
        }
    }

    /// The same key sorting the other way (for negative `take`).
    pub fn reversed(&self) -> OrderBy {
        OrderBy {
            path: self.path.clone(),
            target: self.target.clone(),
            direction: self.direction.reversed(),
            nulls: self.nulls.map(SortNulls::reversed),
        }
    }
}

/// What a sort key sorts by.
#[derive(Debug, Clone, PartialEq)]
pub enum OrderTarget {
    Field(FieldId),
    /// The number of related records of a to-many relation field (`orderBy: {posts: {_count: asc}}`).
    RelationCount(FieldId),
    /// An aggregate of a field, in `groupBy` (`orderBy: {_sum: {views: desc}}`); `None` field is `_count`
    /// of all rows.
    Aggregate {
        kind: AggregateKind,
        field: FieldId,
    },
}
