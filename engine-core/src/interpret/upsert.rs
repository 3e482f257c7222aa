//! Native upserts: one `INSERT .. ON CONFLICT .. DO UPDATE` (MySQL: `INSERT .. ON DUPLICATE KEY UPDATE`
//! and a read of the row by its unique) instead of a read followed by a write.
//!
//! Read-then-write inside a transaction is not enough under concurrency: two requests can both find no
//! record and both insert, and the second fails with P2002. When the database can decide between insert and
//! update itself, Prisma 5.19 lets it, under these conditions: the `where` is exactly one unique criterion
//! (equalities on its fields and nothing else), `create` gives those fields the same values (so the conflict
//! the insert may hit is the record `where` selects), and neither branch writes through a relation (nested
//! writes need the read-then-write steps). The connector adds its own conditions: MySQL's `ON DUPLICATE
//! KEY` reacts to every unique index, so `sql_connector::upsert` uses it only when no other unique can be
//! hit, and answers `None` (read then write) otherwise.

use schema_core::datamodel::{FieldId, ModelId};

use super::write::{scalar_fields, StoredRecord, Writer};
use crate::error::EngineError;
use crate::query::{Filter, Operand, ScalarCondition, UpsertData};
use crate::value::PrismaValue;

impl Writer<'_> {
    /// Runs the upsert as one statement when it qualifies and the database can; `None` otherwise, and the
    /// caller falls back to reading then writing.
    pub(crate) async fn native_upsert(
        &self,
        model: ModelId,
        filter: &Filter,
        data: &UpsertData,
    ) -> Result<Option<StoredRecord>, EngineError> {
        if !data.create.nested.is_empty() || !data.update.nested.is_empty() {
            return Ok(None);
        }
        let Some(conflict) = unique_equalities(filter) else {
            return Ok(None);
        };
        let fields: Vec<FieldId> = conflict.iter().map(|(field, _)| *field).collect();
        if !self.datamodel.is_unique_criterion(model, &fields) {
            return Ok(None);
        }
        let created_alike = conflict.iter().all(|(field, value)| {
            data.create
                .scalars
                .iter()
                .any(|(created, created_value)| created == field && created_value == value)
        });
        if !created_alike || self.update_needs_emulation(model, &data.update.scalars) {
            return Ok(None);
        }
        let returning = scalar_fields(self.datamodel, model);
        let record = self
            .ops
            .upsert_record(
                model,
                &data.create.scalars,
                &fields,
                &data.update.scalars,
                &returning,
            )
            .await?;
        Ok(record.map(|values| StoredRecord {
            fields: returning,
            values,
        }))
    }
}

/// The `field = value` pairs a filter consists of, when it is nothing but a conjunction of distinct
/// equalities with values (no other condition, no case-insensitive comparison, no nulls).
fn unique_equalities(filter: &Filter) -> Option<Vec<(FieldId, PrismaValue)>> {
    let mut pairs = Vec::new();
    collect_equalities(filter, &mut pairs)?;
    let distinct = pairs
        .iter()
        .enumerate()
        .all(|(index, (field, _))| pairs[..index].iter().all(|(other, _)| other != field));
    (distinct && !pairs.is_empty()).then_some(pairs)
}

fn collect_equalities(filter: &Filter, pairs: &mut Vec<(FieldId, PrismaValue)>) -> Option<()> {
    match filter {
        Filter::And(filters) => filters
            .iter()
            .try_for_each(|filter| collect_equalities(filter, pairs)),
        Filter::Scalar {
            field,
            condition: ScalarCondition::Equals(Operand::Value(value)),
            insensitive: false,
        } if !value.is_null() => {
            pairs.push((*field, value.clone()));
            Some(())
        }
        _ => None,
    }
}
