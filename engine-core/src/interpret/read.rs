//! Executing read plans: one connector read per relation level, then assembling the nested result.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;

use bigdecimal::ToPrimitive;
use schema_core::config::Provider;
use schema_core::Datamodel;

use crate::connector::record::{Operations, RecordKey, RelationLink};
use crate::error::EngineError;
use crate::plan::{OutputField, ReadNode};
use crate::query::{AggregateField, AggregateKind, AggregateQuery, GroupByQuery, GroupBySelection};
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
                let key = key_of(record, &child.parent_key);
                if key.iter().any(PrismaValue::is_null) {
                    continue;
                }
                if seen.insert(RecordKey(key.clone())) {
                    keys.push(key);
                }
            }
            let mut grouped: HashMap<RecordKey, Vec<PrismaValue>> = HashMap::new();
            if !keys.is_empty() {
                let link = RelationLink {
                    parent_field: child.field,
                    parent_keys: keys,
                };
                for (key, object) in read_node(ops, datamodel, &child.node, Some(link)).await? {
                    grouped.entry(RecordKey(key)).or_default().push(object);
                }
            }
            children.push(grouped);
        }

        // Response keys and list-ness per output field, looked up once rather than per row.
        let names: Vec<(&str, bool)> = node
            .output
            .iter()
            .map(|output| match output {
                OutputField::Scalar { field, .. } | OutputField::Relation { field, .. } => {
                    let definition = datamodel.field(*field);
                    (definition.name.as_str(), definition.is_list())
                }
                OutputField::Count { .. } => ("_count", false),
            })
            .collect();

        let mut objects = Vec::with_capacity(records.len());
        let mut parent_keys = parent_keys.into_iter();
        for mut record in records {
            let mut object = Vec::with_capacity(node.output.len());
            // Relation keys first: the scalar values are moved out of the record below.
            let related: Vec<Option<PrismaValue>> = node
                .output
                .iter()
                .map(|output| match output {
                    OutputField::Relation { child, .. } => {
                        let child_read = &node.children[*child];
                        let key = RecordKey(key_of(&record, &child_read.parent_key));
                        Some(if child_read.to_many {
                            // A to-many relation's parent key is unique, so its children are taken.
                            PrismaValue::List(children[*child].remove(&key).unwrap_or_default())
                        } else {
                            // Many parents may share a to-one record: copy it.
                            children[*child]
                                .get(&key)
                                .and_then(|objects| objects.first().cloned())
                                .unwrap_or(PrismaValue::Null)
                        })
                    }
                    _ => None,
                })
                .collect();
            for ((output, (name, is_list)), related) in node.output.iter().zip(&names).zip(related)
            {
                let value = match output {
                    OutputField::Scalar { index, .. } => {
                        match record
                            .get_mut(*index)
                            .map(|slot| std::mem::replace(slot, PrismaValue::Null))
                        {
                            // A list column that was never set reads as NULL; Prisma shows it empty.
                            Some(PrismaValue::Null) | None if *is_list => {
                                PrismaValue::List(Vec::new())
                            }
                            Some(value) => value,
                            None => PrismaValue::Null,
                        }
                    }
                    OutputField::Relation { .. } => related.unwrap_or(PrismaValue::Null),
                    OutputField::Count { entries } => PrismaValue::Object(
                        entries
                            .iter()
                            .map(|(field, index)| {
                                let value =
                                    record.get(*index).cloned().unwrap_or(PrismaValue::Int(0));
                                (datamodel.field(*field).name.clone(), as_int(value))
                            })
                            .collect(),
                    ),
                };
                object.push(((*name).to_string(), value));
            }
            let key = parent_keys.next().unwrap_or_default();
            objects.push((key, PrismaValue::Object(object)));
        }
        Ok(objects)
    })
}

/// The values at `indexes` of a record.
fn key_of(record: &[PrismaValue], indexes: &[usize]) -> Vec<PrismaValue> {
    indexes
        .iter()
        .map(|index| record.get(*index).cloned().unwrap_or(PrismaValue::Null))
        .collect()
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
                .map(|(field, value)| {
                    (
                        aggregate_field_name(datamodel, *field),
                        average_digits(datamodel, selection.kind, value),
                    )
                })
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
                            let value = values.next().unwrap_or(PrismaValue::Null);
                            (
                                aggregate_field_name(datamodel, *field),
                                average_digits(datamodel, aggregate.kind, value),
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

/// SQLite computes averages as 64-bit floats; Prisma 5.19 passes them through a decimal of 16 significant
/// digits, so `5/3` answers `1.666666666666667` and a Decimal average `1.65825` rather than
/// `1.6582500000000002` (recorded in scenarios 19 and 20). Other databases average exactly.
fn average_digits(datamodel: &Datamodel, kind: AggregateKind, value: PrismaValue) -> PrismaValue {
    let on_sqlite = datamodel
        .datasource
        .as_ref()
        .is_some_and(|datasource| datasource.provider == Provider::Sqlite);
    if kind != AggregateKind::Avg || !on_sqlite {
        return value;
    }
    match value {
        PrismaValue::Float(float) if float.is_finite() => format!("{float:.15e}")
            .parse()
            .map_or(PrismaValue::Float(float), PrismaValue::Float),
        PrismaValue::Decimal(decimal) => match decimal.to_f64() {
            Some(float) if float.is_finite() => format!("{float:.15e}")
                .parse::<bigdecimal::BigDecimal>()
                .map_or(PrismaValue::Decimal(decimal), |rounded| {
                    PrismaValue::Decimal(rounded.normalized())
                }),
            _ => PrismaValue::Decimal(decimal),
        },
        other => other,
    }
}

fn aggregate_field_name(datamodel: &Datamodel, field: AggregateField) -> String {
    match field {
        AggregateField::All => "_all".to_string(),
        AggregateField::Field(field) => datamodel.field(field).name.clone(),
    }
}
