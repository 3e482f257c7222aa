//! Executing read plans: one connector read per relation level, then assembling the nested result.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;

use schema_core::Datamodel;

use crate::connector::record::{Operations, RelationLink};
use crate::error::EngineError;
use crate::plan::{OutputField, ReadNode};
use crate::query::{AggregateField, AggregateQuery, GroupByQuery, GroupBySelection};
use crate::value::PrismaValue;

/// Result objects of one read level, each with the key of the parent it belongs to (empty at the top).
pub(crate) type KeyedObjects = Vec<(Vec<PrismaValue>, PrismaValue)>;

type ReadFuture<'a> = Pin<Box<dyn Future<Output = Result<KeyedObjects, EngineError>> + Send + 'a>>;

/// Reads the records of `node` (related to `link`'s parents, if given), then each child level for all of
/// them at once, and builds one response object per record.
pub(crate) fn read_node<'a>(
    ops: &'a dyn Operations,
    datamodel: &'a Datamodel,
    node: &'a ReadNode,
    link: Option<RelationLink>,
) -> ReadFuture<'a> {
    Box::pin(async move {
        let mut read = node.read.clone();
        read.link = link;
        let set = ops.read_records(&read).await?;
        let mut records = set.records;
        let mut parent_keys = set.parent_keys;
        if node.reverse {
            records.reverse();
            parent_keys.reverse();
        }

        let mut children = Vec::with_capacity(node.children.len());
        for child in &node.children {
            let mut keys: Vec<Vec<PrismaValue>> = Vec::new();
            let mut seen = std::collections::HashSet::new();
            for record in &records {
                let key: Vec<PrismaValue> = child
                    .parent_key
                    .iter()
                    .map(|index| record.get(*index).cloned().unwrap_or(PrismaValue::Null))
                    .collect();
                if key.iter().any(PrismaValue::is_null) {
                    continue;
                }
                if seen.insert(key_text(&key)) {
                    keys.push(key);
                }
            }
            let mut grouped: HashMap<String, Vec<PrismaValue>> = HashMap::new();
            if !keys.is_empty() {
                let link = RelationLink {
                    parent_field: child.field,
                    parent_keys: keys,
                };
                for (key, object) in read_node(ops, datamodel, &child.node, Some(link)).await? {
                    grouped.entry(key_text(&key)).or_default().push(object);
                }
            }
            children.push(grouped);
        }

        let mut objects = Vec::with_capacity(records.len());
        for (position, record) in records.iter().enumerate() {
            let mut object = Vec::with_capacity(node.output.len());
            for output in &node.output {
                match output {
                    OutputField::Scalar { field, index } => {
                        let definition = datamodel.field(*field);
                        let value = match record.get(*index) {
                            // A list column that was never set reads as NULL; Prisma shows it empty.
                            Some(PrismaValue::Null) | None if definition.is_list() => {
                                PrismaValue::List(Vec::new())
                            }
                            Some(value) => value.clone(),
                            None => PrismaValue::Null,
                        };
                        object.push((definition.name.clone(), value));
                    }
                    OutputField::Relation { field, child } => {
                        let child_read = &node.children[*child];
                        let key: Vec<PrismaValue> = child_read
                            .parent_key
                            .iter()
                            .map(|index| record.get(*index).cloned().unwrap_or(PrismaValue::Null))
                            .collect();
                        let related = children[*child]
                            .get(&key_text(&key))
                            .cloned()
                            .unwrap_or_default();
                        let value = if child_read.to_many {
                            PrismaValue::List(related)
                        } else {
                            related.into_iter().next().unwrap_or(PrismaValue::Null)
                        };
                        object.push((datamodel.field(*field).name.clone(), value));
                    }
                    OutputField::Count { entries } => {
                        let counts = entries
                            .iter()
                            .map(|(field, index)| {
                                let value =
                                    record.get(*index).cloned().unwrap_or(PrismaValue::Int(0));
                                (datamodel.field(*field).name.clone(), as_int(value))
                            })
                            .collect();
                        object.push(("_count".to_string(), PrismaValue::Object(counts)));
                    }
                }
            }
            let key = parent_keys.get(position).cloned().unwrap_or_default();
            objects.push((key, PrismaValue::Object(object)));
        }
        Ok(objects)
    })
}

/// A hashable text of a key tuple. Both sides of a relation have the same schema types, so equal keys
/// print equally.
pub(crate) fn key_text(key: &[PrismaValue]) -> String {
    format!("{key:?}")
}

/// Counts come back as whatever integer type the database used; responses show them as `Int`.
fn as_int(value: PrismaValue) -> PrismaValue {
    match value {
        PrismaValue::BigInt(count) => PrismaValue::Int(count),
        other => other,
    }
}

/// Runs an `aggregate` and shapes its result object.
pub(crate) async fn aggregate(
    ops: &dyn Operations,
    datamodel: &Datamodel,
    query: &AggregateQuery,
) -> Result<PrismaValue, EngineError> {
    let row = ops
        .aggregate(query.model, &query.args, &query.selections)
        .await?;
    let object = query
        .selections
        .iter()
        .zip(row)
        .map(|(selection, values)| {
            let inner = selection
                .fields
                .iter()
                .zip(values)
                .map(|(field, value)| (aggregate_field_name(datamodel, *field), value))
                .collect();
            (selection.kind.key().to_string(), PrismaValue::Object(inner))
        })
        .collect();
    Ok(PrismaValue::Object(object))
}

/// Runs a `groupBy` and shapes its result list.
pub(crate) async fn group_by(
    ops: &dyn Operations,
    datamodel: &Datamodel,
    query: &GroupByQuery,
) -> Result<PrismaValue, EngineError> {
    let rows = ops.group_by(query).await?;
    let mut groups = Vec::with_capacity(rows.len());
    for row in rows {
        let mut values = row.into_iter();
        let mut object = Vec::with_capacity(query.selections.len());
        for selection in &query.selections {
            match selection {
                GroupBySelection::Field(field) => object.push((
                    datamodel.field(*field).name.clone(),
                    values.next().unwrap_or(PrismaValue::Null),
                )),
                GroupBySelection::Aggregate(aggregate) => {
                    let inner = aggregate
                        .fields
                        .iter()
                        .map(|field| {
                            (
                                aggregate_field_name(datamodel, *field),
                                values.next().unwrap_or(PrismaValue::Null),
                            )
                        })
                        .collect();
                    object.push((aggregate.kind.key().to_string(), PrismaValue::Object(inner)));
                }
            }
        }
        groups.push(PrismaValue::Object(object));
    }
    Ok(PrismaValue::List(groups))
}

fn aggregate_field_name(datamodel: &Datamodel, field: AggregateField) -> String {
    match field {
        AggregateField::All => "_all".to_string(),
        AggregateField::Field(field) => datamodel.field(field).name.clone(),
    }
}
