//! Accessors over the [`Datamodel`] arena: lookups by id and by name, and the derived facts the engine and
//! DMMF need (is this field a foreign key? which relation name does it have? which db name?).

use super::*;
use crate::capabilities::Capabilities;

impl Datamodel {
    pub fn model(&self, id: ModelId) -> &Model {
        &self.models[id.0 as usize]
    }

    pub fn field(&self, id: FieldId) -> &Field {
        &self.model(id.model).fields[id.index as usize]
    }

    pub fn enum_(&self, id: EnumId) -> &Enum {
        &self.enums[id.0 as usize]
    }

    pub fn composite_type(&self, id: CompositeTypeId) -> &CompositeType {
        &self.composite_types[id.0 as usize]
    }

    pub fn composite_field(&self, id: CompositeFieldId) -> &Field {
        &self.composite_type(id.composite_type).fields[id.index as usize]
    }

    pub fn relation(&self, id: RelationId) -> &Relation {
        &self.relations[id.0 as usize]
    }

    /// Every model and view with its id, in schema order.
    pub fn model_ids(&self) -> impl Iterator<Item = (ModelId, &Model)> {
        self.models
            .iter()
            .enumerate()
            .map(|(i, m)| (ModelId(i as u32), m))
    }

    pub fn enum_ids(&self) -> impl Iterator<Item = (EnumId, &Enum)> {
        self.enums
            .iter()
            .enumerate()
            .map(|(i, e)| (EnumId(i as u32), e))
    }

    pub fn relation_ids(&self) -> impl Iterator<Item = (RelationId, &Relation)> {
        self.relations
            .iter()
            .enumerate()
            .map(|(i, r)| (RelationId(i as u32), r))
    }

    /// A model's fields with their ids.
    pub fn field_ids(&self, model: ModelId) -> impl Iterator<Item = (FieldId, &Field)> {
        self.model(model)
            .fields
            .iter()
            .enumerate()
            .map(move |(i, f)| {
                (
                    FieldId {
                        model,
                        index: i as u32,
                    },
                    f,
                )
            })
    }

    pub fn find_model(&self, name: &str) -> Option<ModelId> {
        self.model_ids()
            .find(|(_, m)| m.name == name)
            .map(|(id, _)| id)
    }

    pub fn find_enum(&self, name: &str) -> Option<EnumId> {
        self.enum_ids()
            .find(|(_, e)| e.name == name)
            .map(|(id, _)| id)
    }

    pub fn find_field(&self, model: ModelId, name: &str) -> Option<FieldId> {
        self.field_ids(model)
            .find(|(_, f)| f.name == name)
            .map(|(id, _)| id)
    }

    /// The provider's capabilities, if a datasource was declared.
    pub fn capabilities(&self) -> Option<&'static Capabilities> {
        self.datasource
            .as_ref()
            .map(|d| Capabilities::for_provider(d.provider))
    }

    /// The relation details of a relation field.
    pub fn relation_field(&self, id: FieldId) -> Option<&RelationField> {
        match &self.field(id).field_type {
            FieldType::Relation(r) => Some(r),
            _ => None,
        }
    }

    /// The relation a relation field belongs to.
    pub fn relation_of(&self, id: FieldId) -> Option<&Relation> {
        self.relation_field(id)
            .and_then(|r| r.relation)
            .map(|r| self.relation(r))
    }

    /// The other side of a relation field.
    pub fn opposite_field(&self, id: FieldId) -> Option<FieldId> {
        let relation = self.relation_of(id)?;
        Some(if relation.field_a == id {
            relation.field_b
        } else {
            relation.field_a
        })
    }

    /// Whether a scalar field is used in some relation's `fields: [...]` (a foreign key column), which
    /// DMMF reports as `isReadOnly`.
    pub fn is_foreign_key(&self, id: FieldId) -> bool {
        self.model(id.model)
            .fields
            .iter()
            .any(|f| match &f.field_type {
                FieldType::Relation(r) => r.fields.contains(&id),
                _ => false,
            })
    }

    /// Whether the primary key consists of this field alone (`@id`, or `@@id([field])`).
    pub fn is_single_id(&self, id: FieldId) -> bool {
        self.model(id.model)
            .primary_key
            .as_ref()
            .is_some_and(|pk| pk.fields.len() == 1 && pk.fields[0].field == id)
    }

    /// Whether a unique constraint covers exactly this field (`@unique` or `@@unique([field])`).
    pub fn is_single_unique(&self, id: FieldId) -> bool {
        self.model(id.model).indexes.iter().any(|i| {
            i.kind == IndexKind::Unique
                && i.fields.len() == 1
                && i.fields[0].field == id
                && i.fields[0].path.is_empty()
        })
    }

    /// The column name: `@map` or the field name.
    pub fn field_db_name(&self, id: FieldId) -> &str {
        let f = self.field(id);
        f.db_name.as_deref().unwrap_or(&f.name)
    }

    /// The table name: `@@map` or the model name.
    pub fn model_db_name(&self, id: ModelId) -> &str {
        let m = self.model(id);
        m.db_name.as_deref().unwrap_or(&m.name)
    }

    /// Whether some unique criterion (id or unique index) covers exactly these fields, in any order.
    pub fn is_unique_criterion(&self, model: ModelId, fields: &[FieldId]) -> bool {
        let same = |other: &[IndexField]| {
            other.len() == fields.len()
                && other
                    .iter()
                    .all(|f| f.path.is_empty() && fields.contains(&f.field))
        };
        let m = self.model(model);
        m.primary_key.as_ref().is_some_and(|pk| same(&pk.fields))
            || m.indexes
                .iter()
                .any(|i| i.kind == IndexKind::Unique && same(&i.fields))
    }
}

impl Field {
    pub fn scalar_type(&self) -> Option<ScalarType> {
        match self.field_type {
            FieldType::Scalar(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_relation(&self) -> bool {
        matches!(self.field_type, FieldType::Relation(_))
    }

    pub fn is_list(&self) -> bool {
        self.arity == Arity::List
    }

    pub fn is_required(&self) -> bool {
        self.arity == Arity::Required
    }

    pub fn is_optional(&self) -> bool {
        self.arity == Arity::Optional
    }
}
