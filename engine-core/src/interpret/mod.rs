//! The interpreter: runs a [`Plan`] on a connector's [`Operations`] and produces the operation's result
//! as a value tree (objects, lists, scalars) in Prisma's shape, ready to be encoded by either protocol.

mod raw;
mod read;
mod referential;
mod upsert;
mod write;

use schema_core::Datamodel;

use crate::connector::record::Operations;
use crate::error::EngineError;
use crate::plan::{plan_records, Plan, ResultKind};
use crate::query::{FieldSelection, QueryArgs, RecordQuery, WriteQuery};
use crate::value::PrismaValue;

use write::{StoredRecord, Writer};

/// Runs one planned operation. Writes must be given a transaction's operations by the caller when they
/// have to be atomic (every write with nested writes does).
pub async fn execute(
    ops: &dyn Operations,
    datamodel: &Datamodel,
    plan: &Plan,
) -> Result<PrismaValue, EngineError> {
    match plan {
        Plan::Records { node, result } => {
            let objects = read::read_node(ops, datamodel, node, None).await?;
            let mut objects = objects.into_iter().map(|(_, object)| object);
            match result {
                ResultKind::Many => Ok(PrismaValue::List(objects.collect())),
                ResultKind::One { or_throw } => match objects.next() {
                    Some(object) => Ok(object),
                    None if *or_throw => Err(EngineError::RecordNotFound {
                        cause: "Expected a record, found none.".to_string(),
                    }),
                    None => Ok(PrismaValue::Null),
                },
            }
        }
        Plan::Aggregate(query) => read::aggregate(ops, datamodel, query).await,
        Plan::GroupBy(query) => read::group_by(ops, datamodel, query).await,
        Plan::Write(write) => execute_write(ops, datamodel, write).await,
        Plan::Raw(query) => raw::execute(ops, query).await,
    }
}

/// Whether a plan writes, so the caller knows to wrap it in a transaction.
pub fn needs_transaction(plan: &Plan) -> bool {
    matches!(plan, Plan::Write(_))
}

async fn execute_write(
    ops: &dyn Operations,
    datamodel: &Datamodel,
    write: &WriteQuery,
) -> Result<PrismaValue, EngineError> {
    let writer = Writer { ops, datamodel };
    match write {
        WriteQuery::CreateOne {
            model,
            data,
            selection,
        } => {
            let record = writer.create(*model, data.clone()).await?;
            read_back(ops, datamodel, &record, selection).await
        }
        WriteQuery::CreateMany {
            model,
            rows,
            skip_duplicates,
            selection,
        } => match selection {
            None => {
                let rows: Vec<_> = rows.iter().map(|row| row.scalars.clone()).collect();
                let count = ops.create_records(*model, &rows, *skip_duplicates).await?;
                Ok(count_object(count))
            }
            Some(selection) => {
                let mut created = Vec::with_capacity(rows.len());
                for row in rows {
                    let record = writer.create(*model, row.clone()).await?;
                    created.push(read_back(ops, datamodel, &record, selection).await?);
                }
                Ok(PrismaValue::List(created))
            }
        },
        WriteQuery::UpdateOne {
            model,
            filter,
            data,
            selection,
        } => match writer.update(*model, filter.clone(), data.clone()).await? {
            Some(record) => read_back(ops, datamodel, &record, selection).await,
            None => Err(EngineError::RecordNotFound {
                cause: "Record to update not found.".to_string(),
            }),
        },
        WriteQuery::UpdateMany {
            model,
            filter,
            data,
        } => {
            if data.scalars.is_empty() {
                let found = writer
                    .find(
                        *model,
                        filter.clone().unwrap_or(crate::query::Filter::And(vec![])),
                        None,
                    )
                    .await?;
                return Ok(count_object(found.len() as u64));
            }
            let count = writer
                .update_many_count(*model, filter.clone(), data.scalars.clone())
                .await?;
            Ok(count_object(count))
        }
        WriteQuery::Upsert {
            model,
            filter,
            data,
            selection,
        } => {
            if let Some(record) = writer.native_upsert(*model, filter, data).await? {
                return read_back(ops, datamodel, &record, selection).await;
            }
            let record = match writer
                .update(*model, filter.clone(), data.update.clone())
                .await?
            {
                Some(record) => record,
                None => writer.create(*model, data.create.clone()).await?,
            };
            read_back(ops, datamodel, &record, selection).await
        }
        WriteQuery::DeleteOne {
            model,
            filter,
            selection,
        } => {
            let Some(record) = writer
                .find(*model, filter.clone(), Some(1))
                .await?
                .into_iter()
                .next()
            else {
                return Err(EngineError::RecordNotFound {
                    cause: "Record to delete does not exist.".to_string(),
                });
            };
            let result = read_back(ops, datamodel, &record, selection).await?;
            let identifier = record.identifier_filter(datamodel, *model);
            writer.delete(*model, Some(identifier)).await?;
            Ok(result)
        }
        WriteQuery::DeleteMany { model, filter } => {
            let count = writer.delete(*model, filter.clone()).await?;
            Ok(count_object(count))
        }
    }
}

/// Reads a written record back with the operation's selection (nested relations included).
async fn read_back(
    ops: &dyn Operations,
    datamodel: &Datamodel,
    record: &StoredRecord,
    selection: &FieldSelection,
) -> Result<PrismaValue, EngineError> {
    let query = RecordQuery {
        model: selection.model,
        args: QueryArgs::filtered(record.identifier_filter(datamodel, selection.model)),
        selection: selection.clone(),
    };
    let node = plan_records(datamodel, &query);
    let objects = read::read_node(ops, datamodel, &node, None).await?;
    Ok(objects
        .into_iter()
        .next()
        .map(|(_, object)| object)
        .unwrap_or(PrismaValue::Null))
}

/// `{count: n}`, the result of batch writes.
fn count_object(count: u64) -> PrismaValue {
    PrismaValue::Object(vec![("count".to_string(), PrismaValue::Int(count as i64))])
}
