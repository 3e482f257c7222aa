//! From parsed argument values to the query IR: filters, orderings, cursors and write data.
//!
//! The parsed tree already fits the query schema, so conversion only reads: each object carries the input
//! type it matched ([`Obj`]), which says what its keys mean.

use chrono::{DateTime, FixedOffset};
use schema_core::datamodel::{FieldId, ModelId};

use super::schema::{Obj, Schema};
use super::values::Parsed;
use crate::query::{
    AggregateKind, CreateData, CursorCondition, Filter, JsonCondition, JsonFilterValue,
    ListCondition, NestedWrite, Operand, OrderBy, OrderTarget, Quantifier, ScalarCondition,
    ScalarWrite, SortDirection, SortNulls, ToOneCondition, UpdateData,
};
use crate::value::PrismaValue;

pub(crate) struct Converter<'a> {
    pub schema: &'a Schema<'a>,
    pub now: DateTime<FixedOffset>,
}

/// The entries of a parsed object, or none.
fn entries(parsed: &Parsed) -> &[(String, Parsed)] {
    match parsed {
        Parsed::Object(_, entries) => entries,
        _ => &[],
    }
}

fn get<'p>(parsed: &'p Parsed, key: &str) -> Option<&'p Parsed> {
    entries(parsed)
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

/// A parsed value that may be one item or a list of them, as a list.
fn items(parsed: &Parsed) -> Vec<&Parsed> {
    match parsed {
        Parsed::List(items) => items.iter().collect(),
        other => vec![other],
    }
}

fn value(parsed: &Parsed) -> PrismaValue {
    match parsed {
        Parsed::Value(value) => value.clone(),
        Parsed::List(items) => PrismaValue::List(items.iter().map(value).collect()),
        Parsed::Object(_, entries) => {
            PrismaValue::Object(entries.iter().map(|(k, v)| (k.clone(), value(v))).collect())
        }
    }
}

fn enum_text(parsed: &Parsed) -> Option<&str> {
    match parsed {
        Parsed::Value(PrismaValue::Enum(text) | PrismaValue::String(text)) => Some(text),
        _ => None,
    }
}

fn and(mut filters: Vec<Filter>) -> Filter {
    if filters.len() == 1 {
        filters.remove(0)
    } else {
        Filter::And(filters)
    }
}

/// A value stored into a Json field: the null sentinels become a JSON `null` document or SQL NULL.
fn json_write_value(value: PrismaValue) -> PrismaValue {
    match value {
        PrismaValue::Enum(name) if name == "JsonNull" => PrismaValue::Json("null".into()),
        PrismaValue::Enum(name) if name == "DbNull" => PrismaValue::Null,
        other => other,
    }
}

impl<'a> Converter<'a> {
    fn field(&self, model: ModelId, name: &str) -> Option<FieldId> {
        self.schema.dm.find_field(model, name)
    }

    fn operand(&self, model: ModelId, parsed: &Parsed) -> Operand {
        match parsed {
            Parsed::Object(Obj::FieldRef(_), _) => match get(parsed, "_ref")
                .and_then(Parsed::as_value)
                .and_then(|v| match v {
                    PrismaValue::String(name) => self.field(model, name),
                    _ => None,
                }) {
                Some(field) => Operand::Field(field),
                None => Operand::Value(PrismaValue::Null),
            },
            other => Operand::Value(value(other)),
        }
    }

    /// A `where` object (where, where-unique or scalar where) as a filter on `model`.
    pub fn filter(&self, model: ModelId, parsed: &Parsed) -> Filter {
        let mut filters = Vec::new();
        let own = |parsed: &Parsed| self.filter(model, parsed);
        for (key, entry) in entries(parsed) {
            match key.as_str() {
                "AND" => filters.push(Filter::And(items(entry).into_iter().map(own).collect())),
                "OR" => filters.push(Filter::Or(items(entry).into_iter().map(own).collect())),
                "NOT" => match entry {
                    Parsed::List(list) => filters.push(Filter::And(
                        list.iter().map(|p| Filter::Not(Box::new(own(p)))).collect(),
                    )),
                    other => filters.push(Filter::Not(Box::new(own(other)))),
                },
                name => {
                    if let Some(field) = self.field(model, name) {
                        filters.push(self.field_filter(field, entry));
                    } else if let Parsed::Object(Obj::CompoundUnique(..), pairs) = entry {
                        filters.push(Filter::fields_equal(
                            pairs
                                .iter()
                                .filter_map(|(k, v)| self.field(model, k).map(|f| (f, value(v)))),
                        ));
                    }
                }
            }
        }
        and(filters)
    }

    fn field_filter(&self, field: FieldId, entry: &Parsed) -> Filter {
        let schema = self.schema;
        if schema.is_relation(field) {
            let Some(target) = schema.related_model(field) else {
                return Filter::Constant(true);
            };
            return match entry {
                Parsed::Object(Obj::ToManyFilter(_), conditions) => and(conditions
                    .iter()
                    .map(|(key, inner)| Filter::ToMany {
                        field,
                        quantifier: match key.as_str() {
                            "every" => Quantifier::Every,
                            "none" => Quantifier::None,
                            _ => Quantifier::Some,
                        },
                        filter: Box::new(self.filter(target, inner)),
                    })
                    .collect()),
                Parsed::Object(Obj::ToOneFilter(..), conditions) => and(conditions
                    .iter()
                    .map(|(key, inner)| {
                        let null = matches!(inner, Parsed::Value(PrismaValue::Null));
                        let condition = match (key.as_str(), null) {
                            ("isNot", true) => ToOneCondition::IsNotNull,
                            ("isNot", false) => {
                                ToOneCondition::IsNot(Box::new(self.filter(target, inner)))
                            }
                            (_, true) => ToOneCondition::IsNull,
                            (_, false) => ToOneCondition::Is(Box::new(self.filter(target, inner))),
                        };
                        Filter::ToOne { field, condition }
                    })
                    .collect()),
                Parsed::Value(_) => Filter::ToOne {
                    field,
                    condition: ToOneCondition::IsNull,
                },
                other => Filter::ToOne {
                    field,
                    condition: ToOneCondition::Is(Box::new(self.filter(target, other))),
                },
            };
        }
        match entry {
            Parsed::Object(Obj::Filter { .. }, conditions) if schema.is_json(field) => {
                self.json_filter(field, conditions)
            }
            Parsed::Object(Obj::Filter { .. }, conditions) => {
                let insensitive = conditions
                    .iter()
                    .any(|(k, v)| k == "mode" && enum_text(v) == Some("insensitive"));
                self.scalar_conditions(field, conditions, &|condition| Filter::Scalar {
                    field,
                    condition,
                    insensitive,
                })
            }
            Parsed::Object(Obj::ListFilter(_), conditions) => and(conditions
                .iter()
                .map(|(key, inner)| Filter::List {
                    field,
                    condition: match key.as_str() {
                        "equals" => match value(inner) {
                            PrismaValue::List(items) => ListCondition::Equals(Some(items)),
                            _ => ListCondition::Equals(None),
                        },
                        "has" => ListCondition::Has(self.operand(field.model, inner)),
                        "hasEvery" => ListCondition::HasEvery(list_values(inner)),
                        "hasSome" => ListCondition::HasSome(list_values(inner)),
                        _ => ListCondition::IsEmpty(matches!(
                            inner,
                            Parsed::Value(PrismaValue::Boolean(true))
                        )),
                    },
                })
                .collect()),
            other => Filter::equals(field, value(other)),
        }
    }

    /// The conditions of a scalar filter object, each wrapped by `wrap` (a scalar filter, or an aggregate
    /// filter in `having`).
    fn scalar_conditions(
        &self,
        field: FieldId,
        conditions: &[(String, Parsed)],
        wrap: &dyn Fn(ScalarCondition) -> Filter,
    ) -> Filter {
        let model = field.model;
        let mut filters = Vec::new();
        for (key, inner) in conditions {
            let operand = || self.operand(model, inner);
            let condition = match key.as_str() {
                "equals" => ScalarCondition::Equals(operand()),
                "in" => match inner {
                    Parsed::List(_) => ScalarCondition::In(list_values(inner)),
                    _ => ScalarCondition::Equals(operand()),
                },
                "notIn" => match inner {
                    Parsed::List(_) => ScalarCondition::NotIn(list_values(inner)),
                    _ => ScalarCondition::NotEquals(operand()),
                },
                "lt" => ScalarCondition::Lt(operand()),
                "lte" => ScalarCondition::Lte(operand()),
                "gt" => ScalarCondition::Gt(operand()),
                "gte" => ScalarCondition::Gte(operand()),
                "contains" => ScalarCondition::Contains(operand()),
                "startsWith" => ScalarCondition::StartsWith(operand()),
                "endsWith" => ScalarCondition::EndsWith(operand()),
                "search" => match inner {
                    Parsed::Value(PrismaValue::String(text)) => {
                        ScalarCondition::Search(text.clone())
                    }
                    _ => continue,
                },
                "not" => match inner {
                    Parsed::Object(_, nested) => {
                        filters.push(Filter::Not(Box::new(
                            self.scalar_conditions(field, nested, wrap),
                        )));
                        continue;
                    }
                    _ => ScalarCondition::NotEquals(operand()),
                },
                aggregate @ ("_count" | "_avg" | "_sum" | "_min" | "_max") => {
                    let kind = match aggregate {
                        "_count" => AggregateKind::Count,
                        "_avg" => AggregateKind::Avg,
                        "_sum" => AggregateKind::Sum,
                        "_min" => AggregateKind::Min,
                        _ => AggregateKind::Max,
                    };
                    filters.push(self.scalar_conditions(field, entries(inner), &|condition| {
                        Filter::Aggregate {
                            kind,
                            field,
                            condition,
                        }
                    }));
                    continue;
                }
                _ => continue,
            };
            filters.push(wrap(condition));
        }
        and(filters)
    }

    fn json_filter(&self, field: FieldId, conditions: &[(String, Parsed)]) -> Filter {
        let path = conditions
            .iter()
            .find(|(k, _)| k == "path")
            .map(|(_, p)| match value(p) {
                PrismaValue::List(keys) => keys
                    .into_iter()
                    .filter_map(|k| match k {
                        PrismaValue::String(s) => Some(s),
                        _ => None,
                    })
                    .collect(),
                PrismaValue::String(text) => vec![text],
                _ => Vec::new(),
            });
        let json_value = |parsed: &Parsed| match value(parsed) {
            PrismaValue::Enum(name) if name == "DbNull" => JsonFilterValue::DbNull,
            PrismaValue::Enum(name) if name == "JsonNull" => JsonFilterValue::JsonNull,
            PrismaValue::Enum(name) if name == "AnyNull" => JsonFilterValue::AnyNull,
            PrismaValue::Json(text) => JsonFilterValue::Json(text),
            PrismaValue::Null => JsonFilterValue::DbNull,
            other => JsonFilterValue::Json(crate::protocol::json_text::to_json_text(
                &crate::protocol::json::encode_argument(&crate::protocol::ArgumentValue::Scalar(
                    other,
                )),
            )),
        };
        let text = |parsed: &Parsed| match value(parsed) {
            PrismaValue::String(s) | PrismaValue::Json(s) => s,
            other => format!("{other:?}"),
        };
        let mut filters = Vec::new();
        for (key, inner) in conditions {
            let condition = match key.as_str() {
                "equals" => JsonCondition::Equals(json_value(inner)),
                "not" => JsonCondition::NotEquals(json_value(inner)),
                "lt" => JsonCondition::Lt(text(inner)),
                "lte" => JsonCondition::Lte(text(inner)),
                "gt" => JsonCondition::Gt(text(inner)),
                "gte" => JsonCondition::Gte(text(inner)),
                "string_contains" => JsonCondition::StringContains(text(inner)),
                "string_starts_with" => JsonCondition::StringStartsWith(text(inner)),
                "string_ends_with" => JsonCondition::StringEndsWith(text(inner)),
                "array_contains" => JsonCondition::ArrayContains(text(inner)),
                "array_starts_with" => JsonCondition::ArrayStartsWith(text(inner)),
                "array_ends_with" => JsonCondition::ArrayEndsWith(text(inner)),
                _ => continue,
            };
            filters.push(Filter::Json {
                field,
                path: path.clone(),
                condition,
            });
        }
        and(filters)
    }

    /// `orderBy`: one object or a list; each object holds at most one key.
    pub fn order_by(&self, model: ModelId, parsed: &Parsed) -> Vec<OrderBy> {
        let mut out = Vec::new();
        for item in items(parsed) {
            self.order_entries(model, Vec::new(), item, &mut out);
        }
        out
    }

    fn order_entries(
        &self,
        model: ModelId,
        path: Vec<FieldId>,
        object: &Parsed,
        out: &mut Vec<OrderBy>,
    ) {
        for (key, entry) in entries(object) {
            let kind = match key.as_str() {
                "_count" => Some(AggregateKind::Count),
                "_avg" => Some(AggregateKind::Avg),
                "_sum" => Some(AggregateKind::Sum),
                "_min" => Some(AggregateKind::Min),
                "_max" => Some(AggregateKind::Max),
                _ => None,
            };
            if let Some(kind) = kind {
                for (name, direction) in entries(entry) {
                    if let (Some(field), Some(direction)) =
                        (self.field(model, name), direction_of(direction))
                    {
                        out.push(OrderBy {
                            path: path.clone(),
                            target: OrderTarget::Aggregate { kind, field },
                            direction,
                            nulls: None,
                        });
                    }
                }
                continue;
            }
            let Some(field) = self.field(model, key) else {
                continue;
            };
            match entry {
                Parsed::Object(Obj::OrderByRelationAggregate(_), inner) => {
                    if let Some(direction) = inner.first().and_then(|(_, d)| direction_of(d)) {
                        out.push(OrderBy {
                            path: path.clone(),
                            target: OrderTarget::RelationCount(field),
                            direction,
                            nulls: None,
                        });
                    }
                }
                Parsed::Object(Obj::OrderBy(..), _) => {
                    if let Some(target) = self.schema.related_model(field) {
                        let mut nested = path.clone();
                        nested.push(field);
                        self.order_entries(target, nested, entry, out);
                    }
                }
                Parsed::Object(Obj::SortOrderInput, _) => {
                    let direction = get(entry, "sort")
                        .and_then(direction_of)
                        .unwrap_or(SortDirection::Asc);
                    let nulls = get(entry, "nulls").and_then(enum_text).map(|n| {
                        if n == "first" {
                            SortNulls::First
                        } else {
                            SortNulls::Last
                        }
                    });
                    out.push(OrderBy {
                        path: path.clone(),
                        target: OrderTarget::Field(field),
                        direction,
                        nulls,
                    });
                }
                other => {
                    if let Some(direction) = direction_of(other) {
                        out.push(OrderBy {
                            path: path.clone(),
                            target: OrderTarget::Field(field),
                            direction,
                            nulls: None,
                        });
                    }
                }
            }
        }
    }

    /// A cursor from a where-unique object: the unique values it names.
    pub fn cursor(&self, model: ModelId, parsed: &Parsed) -> CursorCondition {
        let mut fields = Vec::new();
        for (key, entry) in entries(parsed) {
            match entry {
                Parsed::Value(v) => {
                    if let Some(field) = self.field(model, key) {
                        if self.schema.is_unique(field) {
                            fields.push((field, v.clone()));
                        }
                    }
                }
                Parsed::Object(Obj::CompoundUnique(..), pairs) => {
                    for (name, v) in pairs {
                        if let Some(field) = self.field(model, name) {
                            fields.push((field, value(v)));
                        }
                    }
                }
                _ => {}
            }
        }
        CursorCondition { fields }
    }

    /// Field names of a `{M}ScalarFieldEnum` value (one name or a list).
    pub fn field_enum(&self, model: ModelId, parsed: &Parsed) -> Vec<FieldId> {
        items(parsed)
            .into_iter()
            .filter_map(enum_text)
            .filter_map(|name| self.field(model, name))
            .collect()
    }

    // ---- writes ------------------------------------------------------------------------------------

    /// A create input object (checked, unchecked or createMany) as the data of one record.
    pub fn create_data(&self, model: ModelId, parsed: &Parsed) -> CreateData {
        let mut data = CreateData::default();
        for (key, entry) in entries(parsed) {
            let Some(field) = self.field(model, key) else {
                continue;
            };
            if self.schema.is_relation(field) {
                data.nested.extend(self.nested_writes(field, entry));
                continue;
            }
            let stored = match entry {
                Parsed::Object(Obj::CreateList(_), _) => {
                    get(entry, "set").map(value).unwrap_or(PrismaValue::Null)
                }
                other => value(other),
            };
            let stored = if self.schema.is_json(field) {
                json_write_value(stored)
            } else {
                stored
            };
            data.scalars.push((field, stored));
        }
        for field in self.schema.scalar_fields(model) {
            if self.schema.dm.field(field).is_updated_at
                && !data.scalars.iter().any(|(f, _)| *f == field)
            {
                data.scalars.push((field, PrismaValue::DateTime(self.now)));
            }
        }
        data
    }

    /// An update input object as the changes of one record (`@updatedAt` set when scalars change).
    pub fn update_data(&self, model: ModelId, parsed: &Parsed) -> UpdateData {
        let mut data = UpdateData::default();
        for (key, entry) in entries(parsed) {
            let Some(field) = self.field(model, key) else {
                continue;
            };
            if self.schema.is_relation(field) {
                data.nested.extend(self.nested_writes(field, entry));
                continue;
            }
            let write = match entry {
                Parsed::Object(Obj::UpdateOps { .. } | Obj::UpdateList(_), ops) => {
                    let Some((op, operand)) = ops.first() else {
                        continue;
                    };
                    let v = value(operand);
                    match op.as_str() {
                        "increment" => ScalarWrite::Increment(v),
                        "decrement" => ScalarWrite::Decrement(v),
                        "multiply" => ScalarWrite::Multiply(v),
                        "divide" => ScalarWrite::Divide(v),
                        "push" => ScalarWrite::Push(v),
                        _ => ScalarWrite::Set(v),
                    }
                }
                other => {
                    let v = value(other);
                    ScalarWrite::Set(if self.schema.is_json(field) {
                        json_write_value(v)
                    } else {
                        v
                    })
                }
            };
            data.scalars.push((field, write));
        }
        if !data.scalars.is_empty() {
            for field in self.schema.scalar_fields(model) {
                if self.schema.dm.field(field).is_updated_at
                    && !data.scalars.iter().any(|(f, _)| *f == field)
                {
                    data.scalars
                        .push((field, ScalarWrite::Set(PrismaValue::DateTime(self.now))));
                }
            }
        }
        data
    }

    fn unique_filters(&self, target: ModelId, parsed: &Parsed) -> Vec<Filter> {
        items(parsed)
            .into_iter()
            .map(|item| self.filter(target, item))
            .collect()
    }

    /// The nested writes of a relation field's envelope object.
    fn nested_writes(&self, field: FieldId, envelope: &Parsed) -> Vec<NestedWrite> {
        let Some(target) = self.schema.related_model(field) else {
            return Vec::new();
        };
        let list = self.schema.is_list(field);
        let mut out = Vec::new();
        for (op, entry) in entries(envelope) {
            let write = match op.as_str() {
                "create" => NestedWrite::Create {
                    field,
                    data: items(entry)
                        .into_iter()
                        .map(|d| self.create_data(target, d))
                        .collect(),
                },
                "createMany" => NestedWrite::CreateMany {
                    field,
                    rows: get(entry, "data")
                        .map(|d| {
                            items(d)
                                .into_iter()
                                .map(|r| self.create_data(target, r))
                                .collect()
                        })
                        .unwrap_or_default(),
                    skip_duplicates: matches!(
                        get(entry, "skipDuplicates"),
                        Some(Parsed::Value(PrismaValue::Boolean(true)))
                    ),
                },
                "connect" => NestedWrite::Connect {
                    field,
                    filters: self.unique_filters(target, entry),
                },
                "connectOrCreate" => NestedWrite::ConnectOrCreate {
                    field,
                    entries: items(entry)
                        .into_iter()
                        .map(|item| {
                            let filter = get(item, "where")
                                .map(|w| self.filter(target, w))
                                .unwrap_or(Filter::Constant(false));
                            let data = get(item, "create")
                                .map(|c| self.create_data(target, c))
                                .unwrap_or_default();
                            (filter, data)
                        })
                        .collect(),
                },
                "disconnect" | "delete" if !list => {
                    let filter = match entry {
                        Parsed::Value(PrismaValue::Boolean(false)) => continue,
                        Parsed::Value(_) => None,
                        other => Some(self.filter(target, other)),
                    };
                    if op == "disconnect" {
                        NestedWrite::Disconnect {
                            field,
                            filters: filter.into_iter().collect(),
                        }
                    } else {
                        NestedWrite::Delete {
                            field,
                            filters: vec![filter],
                        }
                    }
                }
                "disconnect" => NestedWrite::Disconnect {
                    field,
                    filters: self.unique_filters(target, entry),
                },
                "delete" => NestedWrite::Delete {
                    field,
                    filters: self
                        .unique_filters(target, entry)
                        .into_iter()
                        .map(Some)
                        .collect(),
                },
                "set" => NestedWrite::Set {
                    field,
                    filters: self.unique_filters(target, entry),
                },
                "update" => NestedWrite::Update {
                    field,
                    entries: items(entry)
                        .into_iter()
                        .map(|item| match item {
                            Parsed::Object(
                                Obj::UpdateWhereUnique(_) | Obj::UpdateToOneWhere(_),
                                _,
                            ) => (
                                get(item, "where").map(|w| self.filter(target, w)),
                                get(item, "data")
                                    .map(|d| self.update_data(target, d))
                                    .unwrap_or_default(),
                            ),
                            other => (None, self.update_data(target, other)),
                        })
                        .collect(),
                },
                "updateMany" => NestedWrite::UpdateMany {
                    field,
                    entries: items(entry)
                        .into_iter()
                        .map(|item| {
                            (
                                get(item, "where").map(|w| self.filter(target, w)),
                                get(item, "data")
                                    .map(|d| self.update_data(target, d))
                                    .unwrap_or_default(),
                            )
                        })
                        .collect(),
                },
                "upsert" => NestedWrite::Upsert {
                    field,
                    entries: items(entry)
                        .into_iter()
                        .map(|item| {
                            (
                                get(item, "where").map(|w| self.filter(target, w)),
                                get(item, "create")
                                    .map(|c| self.create_data(target, c))
                                    .unwrap_or_default(),
                                get(item, "update")
                                    .map(|u| self.update_data(target, u))
                                    .unwrap_or_default(),
                            )
                        })
                        .collect(),
                },
                "deleteMany" => NestedWrite::DeleteMany {
                    field,
                    filters: items(entry)
                        .into_iter()
                        .map(|item| Some(self.filter(target, item)))
                        .collect(),
                },
                _ => continue,
            };
            out.push(write);
        }
        out
    }
}

fn list_values(parsed: &Parsed) -> Vec<PrismaValue> {
    match value(parsed) {
        PrismaValue::List(items) => items,
        PrismaValue::Null => Vec::new(),
        other => vec![other],
    }
}

fn direction_of(parsed: &Parsed) -> Option<SortDirection> {
    match enum_text(parsed)? {
        "asc" => Some(SortDirection::Asc),
        "desc" => Some(SortDirection::Desc),
        _ => None,
    }
}
