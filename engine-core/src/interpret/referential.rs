//! Referential actions emulated in the engine, for `relationMode = "prisma"`.
//!
//! Without foreign keys in the database nothing stops a delete from orphaning the records that reference
//! it, so the engine does what the database would have done: before deleting (or changing the referenced
//! fields of) records, it looks at every relation whose foreign key points at them and fails with P2014
//! (`Restrict`, `NoAction`), deletes the referencing records (`Cascade`, recursively), clears their foreign
//! key (`SetNull`) or resets it (`SetDefault`). Every step runs on the caller's transaction, so a failure
//! anywhere undoes the steps before it. With foreign keys (the default mode) the database enforces the
//! actions itself and these functions go straight to the connector.

use schema_core::config::{ReferentialAction, RelationMode};
use schema_core::datamodel::{DefaultKind, FieldId, LiteralValue, ModelId, RelationKind};

use super::write::{scalar_fields, StoredRecord, WriteFuture, Writer};
use crate::connector::record::Record;
use crate::error::EngineError;
use crate::plan::primary_identifier;
use crate::query::{Filter, ScalarWrite};
use crate::value::PrismaValue;

/// How deep cascades may chain before the engine gives up: a cycle of cascading relations over records
/// that reference each other would otherwise never end.
const MAX_CASCADE_DEPTH: usize = 256;

/// A relation whose foreign key references the model being written, seen from the referenced side.
struct Referencing {
    /// The relation field holding `fields`/`references` (on the referencing model).
    field: FieldId,
    /// The foreign key fields of the referencing model.
    foreign_key: Vec<FieldId>,
    /// The referenced fields of the written model, in the order of `foreign_key`.
    references: Vec<FieldId>,
    on_delete: ReferentialAction,
    on_update: ReferentialAction,
}

impl<'a> Writer<'a> {
    /// Whether the engine, not the database, carries out referential actions.
    pub(crate) fn emulates_relations(&self) -> bool {
        self.datamodel
            .datasource
            .as_ref()
            .is_some_and(|datasource| datasource.relation_mode == RelationMode::Prisma)
    }

    /// Every inline relation whose foreign key points at `model` (implicit many-to-many relations have
    /// their own join table and no actions to emulate).
    fn referencing(&self, model: ModelId) -> Vec<Referencing> {
        self.datamodel
            .relations
            .iter()
            .filter(|relation| {
                !matches!(
                    relation.kind,
                    RelationKind::ImplicitManyToMany | RelationKind::TwoWayEmbeddedManyToMany
                )
            })
            .filter_map(|relation| {
                let field = relation.referencing_field?;
                let relation_field = self.datamodel.relation_field(field)?;
                (relation_field.target == model).then(|| Referencing {
                    field,
                    foreign_key: relation_field.fields.clone(),
                    references: relation_field.references.clone(),
                    on_delete: relation.on_delete,
                    on_update: relation.on_update,
                })
            })
            .collect()
    }

    /// Whether an update writing `values` on `model` must run the emulated on-update actions (it writes
    /// fields that other records reference).
    pub(crate) fn update_needs_emulation(
        &self,
        model: ModelId,
        values: &[(FieldId, ScalarWrite)],
    ) -> bool {
        self.emulates_relations()
            && self.referencing(model).iter().any(|relation| {
                relation
                    .references
                    .iter()
                    .any(|field| values.iter().any(|(written, _)| written == field))
            })
    }

    /// Deletes the records `filter` selects (all of them without a filter) and returns how many there were.
    /// In emulation mode the referential actions of every relation pointing at them run first.
    pub(crate) fn delete(self, model: ModelId, filter: Option<Filter>) -> WriteFuture<'a, u64> {
        self.delete_at_depth(model, filter, 0)
    }

    fn delete_at_depth(
        self,
        model: ModelId,
        filter: Option<Filter>,
        depth: usize,
    ) -> WriteFuture<'a, u64> {
        Box::pin(async move {
            let referencing = match self.emulates_relations() {
                true => self.referencing(model),
                false => Vec::new(),
            };
            if referencing.is_empty() {
                return self.ops.delete_records(model, filter.as_ref()).await;
            }
            self.check_depth(depth)?;
            let records = self
                .find(model, filter.unwrap_or(Filter::And(Vec::new())), None)
                .await?;
            if records.is_empty() {
                return Ok(0);
            }
            for relation in &referencing {
                let Some(children) = self.children_of(relation, &records) else {
                    continue;
                };
                match relation.on_delete {
                    ReferentialAction::Restrict | ReferentialAction::NoAction => {
                        self.restrict(relation, &children).await?
                    }
                    ReferentialAction::Cascade => {
                        self.delete_at_depth(relation.field.model, Some(children), depth + 1)
                            .await?;
                    }
                    ReferentialAction::SetNull => {
                        let values = self.nulls(&relation.foreign_key);
                        self.update_at_depth(
                            relation.field.model,
                            Some(children),
                            values,
                            Vec::new(),
                            depth + 1,
                        )
                        .await?;
                    }
                    ReferentialAction::SetDefault => {
                        let values = self.defaults(&relation.foreign_key);
                        self.update_at_depth(
                            relation.field.model,
                            Some(children),
                            values,
                            Vec::new(),
                            depth + 1,
                        )
                        .await?;
                    }
                }
            }
            let identifier = primary_identifier(self.datamodel, model);
            let keys = records
                .iter()
                .map(|record| record.values_of(&identifier))
                .collect();
            self.ops
                .delete_records(model, Some(&Filter::any_of(&identifier, keys)))
                .await
        })
    }

    /// In emulation mode, the relations whose referenced fields `values` writes: an update of those must
    /// run their on-update actions. Empty when the database enforces relations itself.
    fn touched_relations(
        &self,
        model: ModelId,
        values: &[(FieldId, ScalarWrite)],
    ) -> Vec<Referencing> {
        if !self.emulates_relations() {
            return Vec::new();
        }
        self.referencing(model)
            .into_iter()
            .filter(|relation| {
                relation
                    .references
                    .iter()
                    .any(|field| values.iter().any(|(written, _)| written == field))
            })
            .collect()
    }

    /// `updateMany`: the database's own count when no emulated relation is touched, else the emulated
    /// update (which must visit each record) and the number of records it updated.
    pub(crate) async fn update_many_count(
        self,
        model: ModelId,
        filter: Option<Filter>,
        values: Vec<(FieldId, ScalarWrite)>,
    ) -> Result<u64, EngineError> {
        if !self.touched_relations(model, &values).is_empty() {
            let updated = self
                .update_scalars(model, filter, values, Vec::new())
                .await?;
            return Ok(updated.len() as u64);
        }
        self.ops
            .update_many_count(model, filter.as_ref(), &values)
            .await
    }

    /// Updates the scalars of the records `filter` selects and returns `returning` of each (one empty
    /// record per row when `returning` is empty). In emulation mode, when the update writes fields that
    /// other records reference, the on-update actions of those relations run: the update goes record by
    /// record so each referencing record follows its own parent's new key.
    pub(crate) fn update_scalars(
        self,
        model: ModelId,
        filter: Option<Filter>,
        values: Vec<(FieldId, ScalarWrite)>,
        returning: Vec<FieldId>,
    ) -> WriteFuture<'a, Vec<Record>> {
        self.update_at_depth(model, filter, values, returning, 0)
    }

    fn update_at_depth(
        self,
        model: ModelId,
        filter: Option<Filter>,
        values: Vec<(FieldId, ScalarWrite)>,
        returning: Vec<FieldId>,
        depth: usize,
    ) -> WriteFuture<'a, Vec<Record>> {
        Box::pin(async move {
            let touched = self.touched_relations(model, &values);
            if touched.is_empty() || values.is_empty() {
                return self
                    .ops
                    .update_records(model, filter.as_ref(), &values, &returning)
                    .await;
            }
            self.check_depth(depth)?;
            let records = self
                .find(model, filter.unwrap_or(Filter::And(Vec::new())), None)
                .await?;
            if records.is_empty() {
                return Ok(Vec::new());
            }
            for relation in &touched {
                if matches!(
                    relation.on_update,
                    ReferentialAction::Restrict | ReferentialAction::NoAction
                ) {
                    if let Some(children) = self.children_of(relation, &records) {
                        self.restrict(relation, &children).await?;
                    }
                }
            }
            let fields = scalar_fields(self.datamodel, model);
            let mut results = Vec::with_capacity(records.len());
            for record in records {
                let identifier = record.identifier_filter(self.datamodel, model);
                let Some(values_after) = self
                    .ops
                    .update_records(model, Some(&identifier), &values, &fields)
                    .await?
                    .pop()
                else {
                    continue;
                };
                let updated = StoredRecord {
                    fields: fields.clone(),
                    values: values_after,
                };
                for relation in &touched {
                    let before = record.values_of(&relation.references);
                    let after = updated.values_of(&relation.references);
                    if before == after || before.iter().any(PrismaValue::is_null) {
                        continue;
                    }
                    let children = Filter::fields_equal(
                        relation
                            .foreign_key
                            .iter()
                            .copied()
                            .zip(before.iter().cloned()),
                    );
                    let child_values = match relation.on_update {
                        ReferentialAction::Cascade => relation
                            .foreign_key
                            .iter()
                            .copied()
                            .zip(after.into_iter().map(ScalarWrite::Set))
                            .collect(),
                        ReferentialAction::SetNull => self.nulls(&relation.foreign_key),
                        ReferentialAction::SetDefault => self.defaults(&relation.foreign_key),
                        // Checked above, before anything changed.
                        ReferentialAction::Restrict | ReferentialAction::NoAction => continue,
                    };
                    self.update_at_depth(
                        relation.field.model,
                        Some(children),
                        child_values,
                        Vec::new(),
                        depth + 1,
                    )
                    .await?;
                }
                results.push(if returning.is_empty() {
                    Vec::new()
                } else {
                    updated.values_of(&returning)
                });
            }
            Ok(results)
        })
    }

    /// The filter selecting the records that reference any of `records` through `relation`; `None` when
    /// none of them has all referenced values set.
    fn children_of(&self, relation: &Referencing, records: &[StoredRecord]) -> Option<Filter> {
        let mut keys: Vec<Vec<PrismaValue>> = Vec::new();
        for record in records {
            let key = record.values_of(&relation.references);
            if !key.iter().any(PrismaValue::is_null) && !keys.contains(&key) {
                keys.push(key);
            }
        }
        (!keys.is_empty()).then(|| Filter::any_of(&relation.foreign_key, keys))
    }

    /// Fails with P2014 when any record matches `children`: the relation forbids leaving them dangling.
    async fn restrict(&self, relation: &Referencing, children: &Filter) -> Result<(), EngineError> {
        let found = self
            .find(relation.field.model, children.clone(), Some(1))
            .await?;
        if found.is_empty() {
            return Ok(());
        }
        Err(self.required_relation_violation(relation.field))
    }

    fn nulls(&self, fields: &[FieldId]) -> Vec<(FieldId, ScalarWrite)> {
        fields
            .iter()
            .map(|field| (*field, ScalarWrite::Set(PrismaValue::Null)))
            .collect()
    }

    /// The `@default` of each foreign key field (a literal; anything else becomes NULL, as a column
    /// without a literal default would).
    fn defaults(&self, fields: &[FieldId]) -> Vec<(FieldId, ScalarWrite)> {
        fields
            .iter()
            .map(|field| {
                let value = match self
                    .datamodel
                    .field(*field)
                    .default
                    .as_ref()
                    .map(|d| &d.kind)
                {
                    Some(DefaultKind::Literal(literal)) => literal_default(literal),
                    _ => PrismaValue::Null,
                };
                (*field, ScalarWrite::Set(value))
            })
            .collect()
    }

    fn check_depth(&self, depth: usize) -> Result<(), EngineError> {
        if depth > MAX_CASCADE_DEPTH {
            return Err(EngineError::QueryInterpretation {
                details: format!(
                    "emulated referential actions chained more than {MAX_CASCADE_DEPTH} levels deep"
                ),
            });
        }
        Ok(())
    }
}

/// A literal default of a foreign key field (keys are integers, strings, booleans or enum values).
fn literal_default(literal: &LiteralValue) -> PrismaValue {
    match literal {
        LiteralValue::String(text) => PrismaValue::String(text.clone()),
        LiteralValue::Int(value) => PrismaValue::Int(*value),
        LiteralValue::BigInt(value) => PrismaValue::BigInt(*value),
        LiteralValue::Boolean(value) => PrismaValue::Boolean(*value),
        LiteralValue::Enum(name) => PrismaValue::Enum(name.clone()),
        _ => PrismaValue::Null,
    }
}
