//! How two models of a relation are joined, seen from one relation field.

use schema_core::datamodel::{FieldId, IndexKind, ModelId, RelationKind};
use schema_core::Datamodel;

/// The fields a relation joins on, from the side of one relation field (the "parent" side).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationJoin {
    /// Fields of the parent whose values identify the related records.
    pub parent_fields: Vec<FieldId>,
    /// The matching fields of the related model (empty for implicit many-to-many, which joins through the
    /// relation table).
    pub child_fields: Vec<FieldId>,
    /// The parent holds the foreign key (`@relation(fields: ...)` is on the parent's field).
    pub parent_holds_fk: bool,
    pub many_to_many: bool,
}

/// The join of relation field `field` (on the parent model).
pub fn relation_join(datamodel: &Datamodel, field: FieldId) -> Option<RelationJoin> {
    let relation_field = datamodel.relation_field(field)?;
    let relation = datamodel.relation_of(field)?;
    if relation.kind == RelationKind::ImplicitManyToMany {
        return Some(RelationJoin {
            parent_fields: primary_identifier(datamodel, field.model),
            child_fields: Vec::new(),
            parent_holds_fk: false,
            many_to_many: true,
        });
    }
    if !relation_field.fields.is_empty() {
        return Some(RelationJoin {
            parent_fields: relation_field.fields.clone(),
            child_fields: relation_field.references.clone(),
            parent_holds_fk: true,
            many_to_many: false,
        });
    }
    let opposite = datamodel.opposite_field(field)?;
    let opposite_field = datamodel.relation_field(opposite)?;
    Some(RelationJoin {
        parent_fields: opposite_field.references.clone(),
        child_fields: opposite_field.fields.clone(),
        parent_holds_fk: false,
        many_to_many: false,
    })
}

/// The fields that identify a record: the primary key, or else the first unique constraint (Prisma
/// requires one of the two on every model).
pub fn primary_identifier(datamodel: &Datamodel, model: ModelId) -> Vec<FieldId> {
    let model_def = datamodel.model(model);
    if let Some(primary_key) = &model_def.primary_key {
        return primary_key.fields.iter().map(|f| f.field).collect();
    }
    model_def
        .indexes
        .iter()
        .find(|index| index.kind == IndexKind::Unique)
        .map(|index| index.fields.iter().map(|f| f.field).collect())
        .unwrap_or_default()
}
