//! Writes: inserts, updates with atomic number operations, deletes, many-to-many links, raw SQL.
//!
//! Statements are built by small pure functions (snapshot-tested per dialect) and run by the operations
//! below. Where a dialect cannot hand back the rows a write touched (MySQL has no `RETURNING`), the rows'
//! keys are read first and the write and the read-back address them by key; this also keeps MySQL from
//! refusing an `UPDATE`/`DELETE` whose filter reads the same table.

// `EngineError` is the crate-wide error every operation returns; boxing it here alone would buy nothing.

use std::collections::HashMap;

use schema_core::datamodel::{DefaultFunction, DefaultKind, FieldId, FieldType, ModelId};

use super::errors::{model_error, raw_error, read_error};
use super::filter::{db_value, filter_expr};
use super::relation::{identifier, invalid, relation_shape, JoinTable, RelationShape};
use super::{Runner, SqlContext};
use crate::connector::record::{RawResult, Record};
use crate::connector::{ColumnTypes, ResultSet, TypeIdentifier};
use crate::error::EngineError;
use crate::query::{Filter, RawQuery, ScalarWrite};
use crate::sql::dialect::ReturningStyle;
use crate::sql::{ConflictAction, Delete, Dialect, Expr, Insert, Query, Rendered, Select, Update};
use crate::value::PrismaValue;

/// One `INSERT`, with `RETURNING` where the dialect has it; otherwise the row is read back by its key (the
/// given id or the one the database generated), so defaults the database filled in are returned too.
pub(crate) async fn create_record(
    runner: &Runner<'_>,
    model: ModelId,
    values: &[(FieldId, PrismaValue)],
    returning: &[FieldId],
) -> Result<Record, EngineError> {
    let ctx = &runner.ctx;
    let insert = insert_one(ctx, model, values);
    if returning.is_empty() {
        execute(runner, model, insert).await?;
        return Ok(Vec::new());
    }
    if has_returning(ctx.dialect) {
        let insert = insert.returning(column_names(ctx, returning));
        let mut rows = fetch(runner, model, insert, returning).await?;
        return match rows.is_empty() {
            true => Err(invalid("the INSERT returned no row")),
            false => Ok(rows.swap_remove(0)),
        };
    }
    // No RETURNING: run the insert as a query for the generated id, then read the row back by its key.
    let inserted = run(runner, model, insert, ColumnTypes::Known(&[])).await?;
    let key_fields = identifier(ctx, model);
    let key = inserted_key(ctx, &key_fields, values, inserted.last_insert_id)?;
    let select = select_by_keys(ctx, model, returning, &key_fields, &[key]);
    let mut rows = fetch(runner, model, select, returning).await?;
    match rows.is_empty() {
        true => Err(invalid("the created record could not be read back")),
        false => Ok(rows.swap_remove(0)),
    }
}

/// Multi-row `INSERT`s under the bind limit; `skip_duplicates` ignores rows that hit a unique key.
pub(crate) async fn create_records(
    runner: &Runner<'_>,
    model: ModelId,
    rows: &[Vec<(FieldId, PrismaValue)>],
    skip_duplicates: bool,
) -> Result<u64, EngineError> {
    let mut count = 0;
    for insert in insert_many(&runner.ctx, model, rows, skip_duplicates) {
        count += execute(runner, model, insert).await?;
    }
    Ok(count)
}

/// The row count the database reports for an `updateMany`: one `UPDATE` where the dialect has
/// `RETURNING` (those databases count matched rows); on MySQL the keys are read first, as in
/// [`update_records`], because MySQL cannot update a table its own `WHERE` subqueries read, and the counts of
/// the keyed updates are summed: MySQL's count of changed rows, which is what Prisma reports there.
pub(crate) async fn update_many_count(
    runner: &Runner<'_>,
    model: ModelId,
    filter: Option<&Filter>,
    values: &[(FieldId, ScalarWrite)],
) -> Result<u64, EngineError> {
    let ctx = &runner.ctx;
    if values.is_empty() || has_returning(ctx.dialect) {
        let updated = update_records(runner, model, filter, values, &[]).await?;
        return Ok(updated.len() as u64);
    }
    let condition = filter.map(|f| where_expr(ctx, model, f)).transpose()?;
    let key_fields = identifier(ctx, model);
    let keys = fetch(
        runner,
        model,
        select_where(ctx, model, &key_fields, condition),
        &key_fields,
    )
    .await?;
    update_by_keys(runner, model, &key_fields, &keys, values).await
}

/// Runs the update on the rows with the given keys, in chunks under the bind limit; returns the summed
/// counts the database reports.
async fn update_by_keys(
    runner: &Runner<'_>,
    model: ModelId,
    key_fields: &[FieldId],
    keys: &[Record],
    values: &[(FieldId, ScalarWrite)],
) -> Result<u64, EngineError> {
    let ctx = &runner.ctx;
    let mut count = 0;
    for chunk in key_chunks(ctx.dialect, keys, key_fields.len(), values.len()) {
        let condition = key_condition(ctx, key_fields, chunk);
        let update = update_statement(ctx, model, values, Some(condition))?;
        count += execute(runner, model, update).await?;
    }
    Ok(count)
}

/// `UPDATE .. RETURNING` where the dialect has it; otherwise keys first, then the update and the read-back
/// by key. Without values nothing is written and the matching records are returned as they are.
pub(crate) async fn update_records(
    runner: &Runner<'_>,
    model: ModelId,
    filter: Option<&Filter>,
    values: &[(FieldId, ScalarWrite)],
    returning: &[FieldId],
) -> Result<Vec<Record>, EngineError> {
    let ctx = &runner.ctx;
    let condition = filter.map(|f| where_expr(ctx, model, f)).transpose()?;
    if values.is_empty() {
        // Nothing to change: the "updated" records are the matching ones, as they are.
        let key_fields = identifier(ctx, model);
        let fields = if returning.is_empty() {
            &key_fields
        } else {
            returning
        };
        let select = select_where(ctx, model, fields, condition);
        let rows = fetch(runner, model, select, fields).await?;
        return Ok(match returning.is_empty() {
            true => vec![Vec::new(); rows.len()],
            false => rows,
        });
    }
    if has_returning(ctx.dialect) {
        let update = update_statement(ctx, model, values, condition)?;
        if returning.is_empty() {
            let count = execute(runner, model, update).await?;
            return Ok(vec![
                Vec::new();
                usize::try_from(count).unwrap_or(usize::MAX)
            ]);
        }
        let update = update.returning(column_names(ctx, returning));
        return fetch(runner, model, update, returning).await;
    }

    let key_fields = identifier(ctx, model);
    let keys = fetch(
        runner,
        model,
        select_where(ctx, model, &key_fields, condition),
        &key_fields,
    )
    .await?;
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    update_by_keys(runner, model, &key_fields, &keys, values).await?;
    if returning.is_empty() {
        return Ok(vec![Vec::new(); keys.len()]);
    }
    let new_keys = keys_after_update(&key_fields, values, keys);
    let mut records = Vec::with_capacity(new_keys.len());
    for chunk in key_chunks(ctx.dialect, &new_keys, key_fields.len(), 0) {
        let select = select_by_keys(ctx, model, returning, &key_fields, chunk);
        records.extend(fetch(runner, model, select, returning).await?);
    }
    Ok(records)
}

/// `DELETE`, by key on dialects that need the rows' keys first (MySQL).
pub(crate) async fn delete_records(
    runner: &Runner<'_>,
    model: ModelId,
    filter: Option<&Filter>,
) -> Result<u64, EngineError> {
    let ctx = &runner.ctx;
    let condition = filter.map(|f| where_expr(ctx, model, f)).transpose()?;
    if has_returning(ctx.dialect) {
        return execute(runner, model, delete_statement(ctx, model, condition)).await;
    }
    let key_fields = identifier(ctx, model);
    let keys = fetch(
        runner,
        model,
        select_where(ctx, model, &key_fields, condition),
        &key_fields,
    )
    .await?;
    let mut count = 0;
    for chunk in key_chunks(ctx.dialect, &keys, key_fields.len(), 0) {
        let condition = key_condition(ctx, &key_fields, chunk);
        count += execute(runner, model, delete_statement(ctx, model, Some(condition))).await?;
    }
    Ok(count)
}

/// Inserts `(parent, child)` rows into the join table, ignoring links that already exist.
pub(crate) async fn connect_many_to_many(
    runner: &Runner<'_>,
    parent_field: FieldId,
    parent_key: &[PrismaValue],
    child_keys: &[Vec<PrismaValue>],
) -> Result<(), EngineError> {
    let ctx = &runner.ctx;
    let join = join_table(ctx, parent_field)?;
    for insert in link_inserts(ctx, &join, parent_key, child_keys)? {
        runner.execute(insert).await?;
    }
    Ok(())
}

/// Deletes join-table rows of the parent: those of the given children, or all of them.
pub(crate) async fn disconnect_many_to_many(
    runner: &Runner<'_>,
    parent_field: FieldId,
    parent_key: &[PrismaValue],
    child_keys: Option<&[Vec<PrismaValue>]>,
) -> Result<u64, EngineError> {
    let ctx = &runner.ctx;
    let join = join_table(ctx, parent_field)?;
    let mut count = 0;
    for delete in link_deletes(ctx, &join, parent_key, child_keys)? {
        count += runner.execute(delete).await?;
    }
    Ok(count)
}

/// Runs the user's SQL with their parameters untouched; failures are P2010 with the database's own code.
pub(crate) async fn raw(runner: &Runner<'_>, query: &RawQuery) -> Result<RawResult, EngineError> {
    let rendered = Rendered {
        sql: query.sql.clone(),
        params: query.parameters.clone(),
    };
    if query.returns_rows {
        let result = runner
            .query_rendered(&rendered, ColumnTypes::Infer)
            .await
            .map_err(raw_error)?;
        return Ok(RawResult::Rows {
            columns: result.columns,
            types: result.raw_types,
            rows: result.rows,
        });
    }
    runner
        .statements
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let count = runner
        .queryable
        .execute_raw(&rendered)
        .await
        .map_err(raw_error)?;
    Ok(RawResult::Count(count))
}

// ---------------------------------------------------------------------------------------------------------
// Running statements.

/// Whether the dialect hands back the rows a write touched (`RETURNING` or SQL Server's `OUTPUT`).
pub(super) fn has_returning(dialect: &dyn Dialect) -> bool {
    dialect.returning_style() != ReturningStyle::Unsupported
}

/// Runs a statement on `model`'s table, mapping errors with that model's field names.
async fn run(
    runner: &Runner<'_>,
    model: ModelId,
    query: impl Into<Query>,
    types: ColumnTypes<'_>,
) -> Result<ResultSet, EngineError> {
    let rendered = runner.render(query)?;
    runner
        .query_rendered(&rendered, types)
        .await
        .map_err(|error| model_error(&runner.ctx, Some(model), error))
}

/// Runs a statement returning `fields` of `model` and decodes the records.
pub(super) async fn fetch(
    runner: &Runner<'_>,
    model: ModelId,
    query: impl Into<Query>,
    fields: &[FieldId],
) -> Result<Vec<Record>, EngineError> {
    let types: Vec<TypeIdentifier> = fields.iter().map(|f| runner.ctx.type_of(*f)).collect();
    let rendered = runner.render(query)?;
    let columns: Vec<Option<FieldId>> = fields.iter().copied().map(Some).collect();
    let result = runner
        .query_rendered(&rendered, ColumnTypes::Known(&types))
        .await
        .map_err(|error| read_error(&runner.ctx, Some(model), &columns, error))?;
    Ok(result
        .rows
        .into_iter()
        .map(|row| from_db_row(&runner.ctx, fields, row))
        .collect())
}

/// Runs a statement for its row count.
pub(super) async fn execute(
    runner: &Runner<'_>,
    model: ModelId,
    query: impl Into<Query>,
) -> Result<u64, EngineError> {
    let rendered = runner.render(query)?;
    runner
        .execute_rendered(&rendered)
        .await
        .map_err(|error| model_error(&runner.ctx, Some(model), error))
}

// ---------------------------------------------------------------------------------------------------------
// Values.

/// A decoded row with enum values turned back from their database names into schema names.
fn from_db_row(ctx: &SqlContext<'_>, fields: &[FieldId], row: Vec<PrismaValue>) -> Record {
    row.into_iter()
        .zip(fields)
        .map(|(value, field)| schema_value(ctx, *field, value))
        .collect()
}

fn schema_value(ctx: &SqlContext<'_>, field: FieldId, value: PrismaValue) -> PrismaValue {
    let FieldType::Enum(enum_id) = ctx.datamodel.field(field).field_type else {
        return value;
    };
    let e = ctx.datamodel.enum_(enum_id);
    let map = |value: PrismaValue| match value {
        PrismaValue::Enum(db) | PrismaValue::String(db) => PrismaValue::Enum(
            e.values
                .iter()
                .find(|v| v.db_name.as_deref().unwrap_or(&v.name) == db)
                .map_or(db, |v| v.name.clone()),
        ),
        other => other,
    };
    match value {
        PrismaValue::List(items) => PrismaValue::List(items.into_iter().map(map).collect()),
        other => map(other),
    }
}

pub(super) fn column_names(ctx: &SqlContext<'_>, fields: &[FieldId]) -> Vec<String> {
    fields.iter().map(|f| ctx.column(*f).to_owned()).collect()
}

fn param(ctx: &SqlContext<'_>, field: FieldId, value: &PrismaValue) -> Expr {
    Expr::param(db_value(ctx, field, value))
}

// ---------------------------------------------------------------------------------------------------------
// Statements.

/// `INSERT` of one record; no values inserts a row of defaults.
pub(super) fn insert_one(
    ctx: &SqlContext<'_>,
    model: ModelId,
    values: &[(FieldId, PrismaValue)],
) -> Insert {
    let insert = Insert::into_table(ctx.table(model));
    if values.is_empty() {
        return insert;
    }
    let columns = values
        .iter()
        .map(|(f, _)| ctx.column(*f).to_owned())
        .collect();
    let row = values.iter().map(|(f, v)| param(ctx, *f, v)).collect();
    insert.columns(columns).row(row)
}

/// Multi-row `INSERT`s of `rows`, each statement under the bind limit. Rows with different field sets share
/// a statement through `DEFAULT` where the dialect allows it; elsewhere they are grouped by field set.
fn insert_many(
    ctx: &SqlContext<'_>,
    model: ModelId,
    rows: &[Vec<(FieldId, PrismaValue)>],
    skip_duplicates: bool,
) -> Vec<Insert> {
    let groups: Vec<(Vec<FieldId>, Vec<Vec<Expr>>)> = if ctx.dialect.supports_default_in_values() {
        let mut fields: Vec<FieldId> = Vec::new();
        for row in rows {
            for (field, _) in row {
                if !fields.contains(field) {
                    fields.push(*field);
                }
            }
        }
        let values = rows
            .iter()
            .map(|row| {
                fields
                    .iter()
                    .map(|field| match row.iter().find(|(f, _)| f == field) {
                        Some((_, value)) => param(ctx, *field, value),
                        None => Expr::Default,
                    })
                    .collect()
            })
            .collect();
        vec![(fields, values)]
    } else {
        let mut groups: Vec<(Vec<FieldId>, Vec<Vec<Expr>>)> = Vec::new();
        let mut index_of: HashMap<Vec<FieldId>, usize> = HashMap::new();
        for row in rows {
            let mut key: Vec<FieldId> = row.iter().map(|(f, _)| *f).collect();
            key.sort();
            key.dedup();
            let slot = *index_of.entry(key.clone()).or_insert_with(|| {
                groups.push((key, Vec::new()));
                groups.len() - 1
            });
            let fields = &groups[slot].0;
            let values = fields
                .iter()
                .map(|field| match row.iter().find(|(f, _)| f == field) {
                    Some((_, value)) => param(ctx, *field, value),
                    None => Expr::Default,
                })
                .collect();
            groups[slot].1.push(values);
        }
        groups
    };

    let mut inserts = Vec::new();
    for (fields, values) in groups {
        let conflict = |insert: Insert| match skip_duplicates {
            true => insert.on_conflict(Vec::new(), ConflictAction::DoNothing),
            false => insert,
        };
        if fields.is_empty() {
            // A row of nothing but defaults has no multi-row spelling.
            for _ in &values {
                inserts.push(conflict(Insert::into_table(ctx.table(model))));
            }
            continue;
        }
        let columns = column_names(ctx, &fields);
        let per_statement = (ctx.dialect.max_bind_values() / fields.len()).max(1);
        let mut values = values.into_iter().peekable();
        while values.peek().is_some() {
            let mut insert = Insert::into_table(ctx.table(model)).columns(columns.clone());
            insert.rows = values.by_ref().take(per_statement).collect();
            inserts.push(conflict(insert));
        }
    }
    inserts
}

/// `UPDATE table SET .. [WHERE condition]`.
fn update_statement(
    ctx: &SqlContext<'_>,
    model: ModelId,
    values: &[(FieldId, ScalarWrite)],
    condition: Option<Expr>,
) -> Result<Update, EngineError> {
    let mut update = Update::table(ctx.table(model));
    update.set = assignments(ctx, values)?;
    update.where_clause = condition;
    Ok(update)
}

/// `DELETE FROM table [WHERE condition]`.
fn delete_statement(ctx: &SqlContext<'_>, model: ModelId, condition: Option<Expr>) -> Delete {
    let mut delete = Delete::from_table(ctx.table(model));
    delete.where_clause = condition;
    delete
}

/// The `SET` list of an update.
fn assignments(
    ctx: &SqlContext<'_>,
    values: &[(FieldId, ScalarWrite)],
) -> Result<Vec<crate::sql::Assignment>, EngineError> {
    assignments_on(ctx, None, values)
}

/// The `SET` list of an update whose current values are read through `table` when given (an upsert's
/// update clause, where the bare column would be ambiguous).
pub(super) fn assignments_on(
    ctx: &SqlContext<'_>,
    table: Option<&str>,
    values: &[(FieldId, ScalarWrite)],
) -> Result<Vec<crate::sql::Assignment>, EngineError> {
    values
        .iter()
        .map(|(field, write)| {
            let column = ctx.column(*field);
            let current = || match table {
                Some(table) => Expr::qcol(table, column),
                None => Expr::col(column),
            };
            let value = match write {
                ScalarWrite::Set(v) => param(ctx, *field, v),
                ScalarWrite::Increment(v) => current() + param(ctx, *field, v),
                ScalarWrite::Decrement(v) => current() - param(ctx, *field, v),
                ScalarWrite::Multiply(v) => current() * param(ctx, *field, v),
                ScalarWrite::Divide(v) if is_integer(ctx, *field) => Expr::Arith {
                    op: crate::sql::ArithOp::IntDiv,
                    left: Box::new(current()),
                    right: Box::new(param(ctx, *field, v)),
                },
                ScalarWrite::Divide(v) => current() / param(ctx, *field, v),
                ScalarWrite::Push(v) => push(ctx, *field, v, current())?,
            };
            Ok(crate::sql::Assignment::new(column, value))
        })
        .collect()
}

/// Whether `field` holds integers, whose division truncates.
fn is_integer(ctx: &SqlContext<'_>, field: FieldId) -> bool {
    matches!(
        ctx.type_of(field),
        TypeIdentifier::Int | TypeIdentifier::BigInt
    )
}

/// `col || $1`: appends one value or a list of values to a scalar list (PostgreSQL arrays; a NULL list
/// becomes the appended values).
fn push(
    ctx: &SqlContext<'_>,
    field: FieldId,
    value: &PrismaValue,
    current: Expr,
) -> Result<Expr, EngineError> {
    if !ctx.dialect.supports_array_params() {
        return Err(EngineError::UnsupportedFeature {
            feature: format!("scalar list push on {}", ctx.dialect.name()),
        });
    }
    let items = match value {
        PrismaValue::List(items) => items.clone(),
        single => vec![single.clone()],
    };
    let list = db_value(ctx, field, &PrismaValue::List(items));
    Ok(Expr::Binary {
        op: crate::sql::BinaryOp::Concat,
        left: Box::new(current),
        right: Box::new(Expr::param(list)),
    })
}

/// The condition of a filter on the (unaliased) target table of a write: columns are qualified with the
/// table's name.
fn where_expr(ctx: &SqlContext<'_>, model: ModelId, filter: &Filter) -> Result<Expr, EngineError> {
    filter_expr(ctx, model, ctx.datamodel.model_db_name(model), filter)
}

/// `SELECT fields FROM table [WHERE condition]`.
fn select_where(
    ctx: &SqlContext<'_>,
    model: ModelId,
    fields: &[FieldId],
    condition: Option<Expr>,
) -> Select {
    let mut select = Select::from_table(ctx.table(model));
    for field in fields {
        select = select.column(Expr::col(ctx.column(*field)));
    }
    select.where_clause = condition;
    select
}

/// `SELECT fields FROM table WHERE key IN (..)`.
pub(super) fn select_by_keys(
    ctx: &SqlContext<'_>,
    model: ModelId,
    fields: &[FieldId],
    key_fields: &[FieldId],
    keys: &[Vec<PrismaValue>],
) -> Select {
    select_where(
        ctx,
        model,
        fields,
        Some(key_condition(ctx, key_fields, keys)),
    )
}

/// Rows whose key is one of `keys`: an `IN` list for a single-field key, `OR`ed conjunctions otherwise.
fn key_condition(ctx: &SqlContext<'_>, key_fields: &[FieldId], keys: &[Vec<PrismaValue>]) -> Expr {
    if let [field] = key_fields {
        let column = Expr::col(ctx.column(*field));
        return column.in_list(
            keys.iter()
                .filter_map(|key| key.first())
                .map(|value| param(ctx, *field, value))
                .collect(),
        );
    }
    Expr::or(
        keys.iter()
            .map(|key| {
                Expr::and(
                    key_fields
                        .iter()
                        .zip(key)
                        .map(|(field, value)| {
                            Expr::col(ctx.column(*field)).equals(param(ctx, *field, value))
                        })
                        .collect(),
                )
            })
            .collect(),
    )
}

/// Splits keys so a statement carrying them (plus `reserved` other parameters) stays under the bind limit.
fn key_chunks<'k>(
    dialect: &dyn Dialect,
    keys: &'k [Vec<PrismaValue>],
    width: usize,
    reserved: usize,
) -> std::slice::Chunks<'k, Vec<PrismaValue>> {
    let room = dialect.max_bind_values().saturating_sub(reserved) / width.max(1);
    keys.chunks(room.max(1))
}

/// The key of a row just inserted without `RETURNING`: the values given for the key fields, and for an
/// autoincremented one the id the database reported.
fn inserted_key(
    ctx: &SqlContext<'_>,
    key_fields: &[FieldId],
    values: &[(FieldId, PrismaValue)],
    last_insert_id: Option<u64>,
) -> Result<Vec<PrismaValue>, EngineError> {
    if key_fields.is_empty() {
        return Err(invalid("the created record has no key to read it back by"));
    }
    key_fields
        .iter()
        .map(|field| {
            if let Some((_, value)) = values.iter().find(|(f, _)| f == field) {
                return Ok(value.clone());
            }
            let generated = ctx
                .datamodel
                .field(*field)
                .default
                .as_ref()
                .is_some_and(|d| {
                    matches!(
                        d.kind,
                        DefaultKind::Function(DefaultFunction::Autoincrement)
                    )
                });
            let id = last_insert_id
                .filter(|_| generated)
                .and_then(|id| i64::try_from(id).ok())
                .ok_or_else(|| {
                    invalid(format!(
                        "the database did not report the generated `{}` of the created record",
                        ctx.datamodel.field(*field).name
                    ))
                })?;
            Ok(match ctx.type_of(*field) {
                TypeIdentifier::BigInt => PrismaValue::BigInt(id),
                _ => PrismaValue::Int(id),
            })
        })
        .collect()
}

/// Keys of updated rows as they are after the update: key fields the update set take their new values.
fn keys_after_update(
    key_fields: &[FieldId],
    values: &[(FieldId, ScalarWrite)],
    keys: Vec<Vec<PrismaValue>>,
) -> Vec<Vec<PrismaValue>> {
    keys.into_iter()
        .map(|key| {
            key_fields
                .iter()
                .zip(key)
                .map(|(field, old)| {
                    values
                        .iter()
                        .find_map(|(f, write)| match write {
                            ScalarWrite::Set(new) if f == field => Some(new.clone()),
                            _ => None,
                        })
                        .unwrap_or(old)
                })
                .collect()
        })
        .collect()
}

/// The join table of an implicit many-to-many relation field.
fn join_table(ctx: &SqlContext<'_>, parent_field: FieldId) -> Result<JoinTable, EngineError> {
    match relation_shape(ctx, parent_field)? {
        RelationShape::ManyToMany(join) => Ok(join),
        RelationShape::Inline { .. } => Err(invalid(format!(
            "`{}` is not an implicit many-to-many relation",
            ctx.datamodel.field(parent_field).name
        ))),
    }
}

/// The single id value of an implicit many-to-many key.
fn single_key(key: &[PrismaValue]) -> Result<&PrismaValue, EngineError> {
    match key {
        [value] => Ok(value),
        _ => Err(invalid(format!(
            "an implicit many-to-many link needs a single-field key, got {} values",
            key.len()
        ))),
    }
}

/// Inserts linking the parent to each child, keeping links that already exist.
fn link_inserts(
    ctx: &SqlContext<'_>,
    join: &JoinTable,
    parent_key: &[PrismaValue],
    child_keys: &[Vec<PrismaValue>],
) -> Result<Vec<Insert>, EngineError> {
    let parent = param(ctx, join.parent_id, single_key(parent_key)?);
    let rows = child_keys
        .iter()
        .map(|key| {
            Ok(vec![
                parent.clone(),
                param(ctx, join.child_id, single_key(key)?),
            ])
        })
        .collect::<Result<Vec<_>, EngineError>>()?;
    let per_statement = (ctx.dialect.max_bind_values() / 2).max(1);
    Ok(rows
        .chunks(per_statement)
        .map(|chunk| {
            let mut insert = Insert::into_table(join.table.clone()).columns(vec![
                join.parent_column.to_owned(),
                join.child_column.to_owned(),
            ]);
            insert.rows = chunk.to_vec();
            insert.on_conflict(Vec::new(), ConflictAction::DoNothing)
        })
        .collect())
}

/// Deletes unlinking the parent from the given children, or from all of them.
fn link_deletes(
    ctx: &SqlContext<'_>,
    join: &JoinTable,
    parent_key: &[PrismaValue],
    child_keys: Option<&[Vec<PrismaValue>]>,
) -> Result<Vec<Delete>, EngineError> {
    let parent_condition =
        Expr::col(join.parent_column).equals(param(ctx, join.parent_id, single_key(parent_key)?));
    let delete = |condition: Expr| Delete::from_table(join.table.clone()).where_clause(condition);
    let Some(child_keys) = child_keys else {
        return Ok(vec![delete(parent_condition)]);
    };
    let children = child_keys
        .iter()
        .map(|key| Ok(param(ctx, join.child_id, single_key(key)?)))
        .collect::<Result<Vec<_>, EngineError>>()?;
    let per_statement = ctx.dialect.max_bind_values().saturating_sub(1).max(1);
    Ok(children
        .chunks(per_statement)
        .map(|chunk| {
            delete(Expr::and(vec![
                parent_condition.clone(),
                Expr::col(join.child_column).in_list(chunk.to_vec()),
            ]))
        })
        .collect())
}

#[cfg(test)]
#[path = "write_tests.rs"]
mod tests;
