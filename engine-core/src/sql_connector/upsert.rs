//! Native upserts: the database decides between insert and update under its own lock, so concurrent
//! upserts of one key cannot both find it missing and collide.
//!
//! - PostgreSQL and SQLite: `INSERT .. ON CONFLICT (target) DO UPDATE SET .. RETURNING ..`, one statement.
//! - MySQL: `INSERT .. ON DUPLICATE KEY UPDATE ..`, then the row is read back by the targeted unique in the
//!   same transaction (MySQL has no `RETURNING`). `ON DUPLICATE KEY` reacts to a duplicate in *any* unique
//!   index of the table, not only the targeted one, so it is used only when the insert cannot collide with
//!   another unique (see [`only_target_can_collide`]), and only when the update leaves the targeted fields
//!   alone (the read-back looks the row up by them). Otherwise the caller reads then writes.
//!
//! The caller (`interpret::upsert`) has already checked what Prisma 5.19 requires of every native upsert:
//! `where` is exactly one unique criterion, `create` gives its fields the same values, no nested writes.

use schema_core::datamodel::{DefaultFunction, DefaultKind, FieldId, IndexKind, ModelId};

use super::relation::invalid;
use super::write::{
    assignments_on, column_names, execute, fetch, has_returning, insert_one, select_by_keys,
};
use super::{Runner, SqlContext};
use crate::connector::record::Record;
use crate::error::EngineError;
use crate::query::ScalarWrite;
use crate::sql::dialect::UpsertStyle;
use crate::sql::{Assignment, ConflictAction, Expr, Insert};
use crate::value::PrismaValue;

/// Writes the record natively when the dialect and the model allow it. Returns `returning` of the record
/// written, or `None` when the caller must read then write instead.
pub(crate) async fn upsert_record(
    runner: &Runner<'_>,
    model: ModelId,
    create: &[(FieldId, PrismaValue)],
    conflict: &[FieldId],
    update: &[(FieldId, ScalarWrite)],
    returning: &[FieldId],
) -> Result<Option<Record>, EngineError> {
    let ctx = &runner.ctx;
    if conflict.is_empty() || returning.is_empty() {
        return Ok(None);
    }
    match ctx.dialect.upsert_style() {
        UpsertStyle::OnConflict if has_returning(ctx.dialect) => {
            let insert = upsert_statement(ctx, model, create, conflict, update)?
                .returning(column_names(ctx, returning));
            first_row(fetch(runner, model, insert, returning).await?).map(Some)
        }
        UpsertStyle::OnDuplicateKey => {
            let Some(key) = duplicate_key_lookup(ctx, model, create, conflict, update) else {
                return Ok(None);
            };
            let insert = upsert_statement(ctx, model, create, conflict, update)?;
            execute(runner, model, insert).await?;
            let select = select_by_keys(ctx, model, returning, conflict, &[key]);
            first_row(fetch(runner, model, select, returning).await?).map(Some)
        }
        _ => Ok(None),
    }
}

fn first_row(mut rows: Vec<Record>) -> Result<Record, EngineError> {
    match rows.is_empty() {
        true => Err(invalid("the upsert wrote no row that could be read back")),
        false => Ok(rows.swap_remove(0)),
    }
}

/// The statement of a native upsert. The update's expressions read the existing row through the table's
/// name (an unqualified column would be ambiguous with `EXCLUDED` on PostgreSQL); an empty update still
/// needs one assignment for the row to be returned (or, on MySQL, for the duplicate not to be an error),
/// so it sets the first conflict column to itself.
fn upsert_statement(
    ctx: &SqlContext<'_>,
    model: ModelId,
    create: &[(FieldId, PrismaValue)],
    conflict: &[FieldId],
    update: &[(FieldId, ScalarWrite)],
) -> Result<Insert, EngineError> {
    let table = ctx.datamodel.model_db_name(model);
    let mut set = assignments_on(ctx, Some(table), update)?;
    if set.is_empty() {
        if let Some(first) = conflict.first() {
            let column = ctx.column(*first);
            set.push(Assignment::new(column, Expr::qcol(table, column)));
        }
    }
    Ok(insert_one(ctx, model, create)
        .on_conflict(column_names(ctx, conflict), ConflictAction::DoUpdate(set)))
}

/// The values of the `conflict` fields the row has after a MySQL `ON DUPLICATE KEY UPDATE`, to read it
/// back by; `None` when that statement is not safe for this upsert:
///
/// - the update writes one of the `conflict` fields (the row would no longer be found by them), or
/// - the insert could collide with a unique other than the targeted one (then MySQL would update the row
///   holding *that* duplicate, which `where` never selected).
fn duplicate_key_lookup(
    ctx: &SqlContext<'_>,
    model: ModelId,
    create: &[(FieldId, PrismaValue)],
    conflict: &[FieldId],
    update: &[(FieldId, ScalarWrite)],
) -> Option<Vec<PrismaValue>> {
    if update.iter().any(|(field, _)| conflict.contains(field)) {
        return None;
    }
    if !only_target_can_collide(ctx, model, create, conflict) {
        return None;
    }
    conflict
        .iter()
        .map(|field| {
            create
                .iter()
                .find(|(created, _)| created == field)
                .map(|(_, value)| value.clone())
                .filter(|value| !value.is_null())
        })
        .collect()
}

/// Whether the inserted row can be a duplicate only in the targeted unique (`conflict`, compared as a set
/// of fields). Every other unique of the model (primary key, `@unique`, `@@unique`) must provably be free:
/// one of its fields is NULL in the row (unique indexes never match NULLs), or it is a single
/// autoincrement field the insert leaves to the database (which never hands out a value in use). A unique
/// whose fields could all carry values (given ones, static defaults, `now()`, generated ids) counts as a
/// possible collision, as do indexes the schema does not declare (the engine cannot know them).
fn only_target_can_collide(
    ctx: &SqlContext<'_>,
    model: ModelId,
    create: &[(FieldId, PrismaValue)],
    conflict: &[FieldId],
) -> bool {
    let m = ctx.datamodel.model(model);
    let is_target = |fields: &[FieldId]| {
        fields.len() == conflict.len() && fields.iter().all(|f| conflict.contains(f))
    };
    let uniques = m
        .primary_key
        .iter()
        .map(|pk| pk.fields.iter().map(|f| f.field).collect::<Vec<_>>())
        .chain(
            m.indexes
                .iter()
                .filter(|index| index.kind == IndexKind::Unique)
                .map(|index| index.fields.iter().map(|f| f.field).collect()),
        );
    let mut targeted = false;
    for fields in uniques {
        if is_target(&fields) {
            targeted = true;
        } else if !cannot_collide(ctx, create, &fields) {
            return false;
        }
    }
    targeted
}

/// Whether an inserted row is certain not to duplicate any row in the unique over `fields`.
fn cannot_collide(
    ctx: &SqlContext<'_>,
    create: &[(FieldId, PrismaValue)],
    fields: &[FieldId],
) -> bool {
    let given = |field: FieldId| create.iter().find(|(f, _)| *f == field).map(|(_, v)| v);
    let dm = ctx.datamodel;
    let null_in_row = fields.iter().any(|field| match given(*field) {
        Some(value) => value.is_null(),
        // Left out: NULL only for an optional field without a default.
        None => dm.field(*field).is_optional() && dm.field(*field).default.is_none(),
    });
    let fresh_autoincrement = match fields {
        [field] => {
            given(*field).is_none()
                && dm.field(*field).default.as_ref().is_some_and(|default| {
                    matches!(
                        default.kind,
                        DefaultKind::Function(DefaultFunction::Autoincrement)
                    )
                })
        }
        _ => false,
    };
    null_in_row || fresh_autoincrement
}

#[cfg(test)]
#[path = "upsert_tests.rs"]
mod tests;
