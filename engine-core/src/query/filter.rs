//! Filters: the validated form of `where` (and `having`), independent of how a database evaluates them.

use schema_core::datamodel::FieldId;

use super::selection::AggregateKind;
use crate::value::PrismaValue;

/// A condition on records of one model. Relation filters nest the filter of the related model.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// All must hold; empty is true.
    And(Vec<Filter>),
    /// At least one must hold; empty is false.
    Or(Vec<Filter>),
    Not(Box<Filter>),
    Scalar {
        field: FieldId,
        condition: ScalarCondition,
        /// `mode: insensitive`: compare strings case-insensitively.
        insensitive: bool,
    },
    /// A condition on an aggregate of a field, in `groupBy`'s `having`.
    Aggregate {
        kind: AggregateKind,
        field: FieldId,
        condition: ScalarCondition,
    },
    /// A condition on a scalar list field (PostgreSQL arrays).
    List {
        field: FieldId,
        condition: ListCondition,
    },
    Json {
        field: FieldId,
        /// `path` filter: the keys (PostgreSQL) or the one JSON path text (MySQL) to descend first.
        path: Option<Vec<String>>,
        condition: JsonCondition,
    },
    /// `some` / `every` / `none` over a to-many relation.
    ToMany {
        field: FieldId,
        quantifier: Quantifier,
        filter: Box<Filter>,
    },
    /// `is` / `isNot` over a to-one relation.
    ToOne {
        field: FieldId,
        condition: ToOneCondition,
    },
    /// A constant, from empty combinators after simplification.
    Constant(bool),
}

impl Filter {
    pub fn and(filters: Vec<Filter>) -> Filter {
        Filter::And(filters)
    }

    /// `field = value`.
    pub fn equals(field: FieldId, value: PrismaValue) -> Filter {
        Filter::Scalar {
            field,
            condition: ScalarCondition::Equals(Operand::Value(value)),
            insensitive: false,
        }
    }

    /// Equality on several fields at once, as compound unique selectors and link keys need.
    pub fn fields_equal(pairs: impl IntoIterator<Item = (FieldId, PrismaValue)>) -> Filter {
        Filter::And(
            pairs
                .into_iter()
                .map(|(field, value)| Filter::equals(field, value))
                .collect(),
        )
    }

    /// The filter matching the records whose `fields` take any of the given value tuples.
    pub fn any_of(fields: &[FieldId], tuples: Vec<Vec<PrismaValue>>) -> Filter {
        if let [field] = fields {
            return Filter::Scalar {
                field: *field,
                condition: ScalarCondition::In(
                    tuples.into_iter().filter_map(|mut t| t.pop()).collect(),
                ),
                insensitive: false,
            };
        }
        Filter::Or(
            tuples
                .into_iter()
                .map(|tuple| Filter::fields_equal(fields.iter().copied().zip(tuple)))
                .collect(),
        )
    }
}

/// The right-hand side of a comparison: a value, or another field of the same record.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    Value(PrismaValue),
    Field(FieldId),
}

/// A comparison of one scalar field. `Equals(Null)` is `IS NULL`; `NotEquals(Null)` is `IS NOT NULL`.
#[derive(Debug, Clone, PartialEq)]
pub enum ScalarCondition {
    Equals(Operand),
    NotEquals(Operand),
    In(Vec<PrismaValue>),
    NotIn(Vec<PrismaValue>),
    Lt(Operand),
    Lte(Operand),
    Gt(Operand),
    Gte(Operand),
    /// Substring, prefix and suffix matches; the value is matched literally (wildcards are escaped).
    Contains(Operand),
    StartsWith(Operand),
    EndsWith(Operand),
    /// Full-text search (PostgreSQL `to_tsquery` syntax, MySQL boolean mode).
    Search(String),
}

/// Conditions on a scalar list.
#[derive(Debug, Clone, PartialEq)]
pub enum ListCondition {
    /// The whole list equals this one; `None` is `IS NULL`.
    Equals(Option<Vec<PrismaValue>>),
    Has(Operand),
    HasEvery(Vec<PrismaValue>),
    HasSome(Vec<PrismaValue>),
    IsEmpty(bool),
}

/// A JSON value compared in a Json filter: a document, or one of the null kinds.
#[derive(Debug, Clone, PartialEq)]
pub enum JsonFilterValue {
    /// A JSON document, as text.
    Json(String),
    /// The column is NULL.
    DbNull,
    /// The column holds the JSON `null` value.
    JsonNull,
    /// Either of the two.
    AnyNull,
}

/// Conditions on a Json field (after the optional path).
#[derive(Debug, Clone, PartialEq)]
pub enum JsonCondition {
    Equals(JsonFilterValue),
    NotEquals(JsonFilterValue),
    /// Numeric or string comparisons of the (path) value.
    Lt(String),
    Lte(String),
    Gt(String),
    Gte(String),
    StringContains(String),
    StringStartsWith(String),
    StringEndsWith(String),
    /// The array contains (starts with, ends with) the given JSON value.
    ArrayContains(String),
    ArrayStartsWith(String),
    ArrayEndsWith(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantifier {
    Some,
    Every,
    None,
}

/// A condition on a to-one relation.
#[derive(Debug, Clone, PartialEq)]
pub enum ToOneCondition {
    /// A related record exists and matches.
    Is(Box<Filter>),
    /// No related record matches (also true when there is none).
    IsNot(Box<Filter>),
    /// No related record (`is: null`).
    IsNull,
    /// A related record exists (`isNot: null`).
    IsNotNull,
}
