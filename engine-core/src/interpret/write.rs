//! Executing writes: the record itself, then the writes through its relations, in dependency order.
//!
//! A record that holds a foreign key needs the related record first (created or looked up), so writes
//! through relations whose foreign key is on this side run before the insert or update; writes through
//! relations whose foreign key is on the other side need this record's key, so they run after. The caller
//! runs the whole operation inside one transaction, so a failure anywhere leaves nothing behind.

use std::future::Future;
use std::pin::Pin;

use schema_core::datamodel::{FieldId, FieldType, ModelId, RelationKind};
use schema_core::Datamodel;

use crate::connector::record::{Operations, Record, RecordRead};
use crate::error::EngineError;
use crate::plan::{primary_identifier, relation_join, RelationJoin};
use crate::query::{
    CreateData, Filter, NestedWrite, Quantifier, QueryArgs, ScalarWrite, UpdateData,
};
use crate::value::PrismaValue;

pub(crate) type WriteFuture<'a, T> =
    Pin<Box<dyn Future<Output = Result<T, EngineError>> + Send + 'a>>;

/// The connection and datamodel every write step uses.
#[derive(Clone, Copy)]
pub(crate) struct Writer<'a> {
    pub ops: &'a dyn Operations,
    pub datamodel: &'a Datamodel,
}

/// A record read back after a write: every scalar field of its model, in schema order.
#[derive(Debug, Clone)]
pub(crate) struct StoredRecord {
    pub fields: Vec<FieldId>,
    pub values: Record,
}

impl StoredRecord {
    pub fn get(&self, field: FieldId) -> PrismaValue {
        self.fields
            .iter()
            .position(|f| *f == field)
            .and_then(|index| self.values.get(index).cloned())
            .unwrap_or(PrismaValue::Null)
    }

    pub(crate) fn values_of(&self, fields: &[FieldId]) -> Vec<PrismaValue> {
        fields.iter().map(|field| self.get(*field)).collect()
    }

    /// The filter selecting this record by its identifier.
    pub fn identifier_filter(&self, datamodel: &Datamodel, model: ModelId) -> Filter {
        let identifier = primary_identifier(datamodel, model);
        Filter::fields_equal(identifier.iter().map(|field| (*field, self.get(*field))))
    }
}

/// The scalar fields of a model, in schema order: what the engine reads back after writes.
pub(crate) fn scalar_fields(datamodel: &Datamodel, model: ModelId) -> Vec<FieldId> {
    datamodel
        .field_ids(model)
        .filter(|(_, field)| matches!(field.field_type, FieldType::Scalar(_) | FieldType::Enum(_)))
        .map(|(id, _)| id)
        .collect()
}

impl<'a> Writer<'a> {
    /// Reads the records `filter` selects, with all their scalars.
    pub async fn find(
        &self,
        model: ModelId,
        filter: Filter,
        take: Option<i64>,
    ) -> Result<Vec<StoredRecord>, EngineError> {
        let fields = scalar_fields(self.datamodel, model);
        let read = RecordRead {
            model,
            args: QueryArgs {
                filter: Some(filter),
                take,
                ..QueryArgs::default()
            },
            fields: fields.clone(),
            counts: Vec::new(),
            link: None,
        };
        let set = self.ops.read_records(&read).await?;
        Ok(set
            .records
            .into_iter()
            .map(|values| StoredRecord {
                fields: fields.clone(),
                values,
            })
            .collect())
    }

    async fn find_one(
        &self,
        model: ModelId,
        filter: Filter,
    ) -> Result<Option<StoredRecord>, EngineError> {
        Ok(self.find(model, filter, Some(1)).await?.into_iter().next())
    }

    /// Creates a record with its nested writes and returns it as stored.
    pub fn create(self, model: ModelId, data: CreateData) -> WriteFuture<'a, StoredRecord> {
        Box::pin(async move {
            let mut values = data.scalars.clone();
            for nested in &data.nested {
                let join = self.join(nested.field())?;
                if join.parent_holds_fk {
                    let target = self.inline_target(model, nested, &join, None).await?;
                    if let Some(target_values) = target {
                        set_values(&mut values, &join.parent_fields, target_values);
                    }
                }
            }
            let fields = scalar_fields(self.datamodel, model);
            let record = self.ops.create_record(model, &values, &fields).await?;
            let record = StoredRecord {
                fields,
                values: record,
            };
            for nested in &data.nested {
                let join = self.join(nested.field())?;
                if !join.parent_holds_fk {
                    self.nested_on_children(model, &record, nested, &join, true)
                        .await?;
                }
            }
            Ok(record)
        })
    }

    /// Updates the record `filter` selects (with its nested writes); `None` when there is none.
    pub fn update(
        self,
        model: ModelId,
        filter: Filter,
        data: UpdateData,
    ) -> WriteFuture<'a, Option<StoredRecord>> {
        Box::pin(async move {
            let Some(current) = self.find_one(model, filter).await? else {
                return Ok(None);
            };
            let mut scalars = data.scalars.clone();
            for nested in &data.nested {
                let join = self.join(nested.field())?;
                if join.parent_holds_fk {
                    if let Some(change) = self
                        .nested_on_inlined(model, &current, nested, &join)
                        .await?
                    {
                        for (field, value) in join.parent_fields.iter().zip(change) {
                            scalars.retain(|(f, _)| f != field);
                            scalars.push((*field, ScalarWrite::Set(value)));
                        }
                    }
                }
            }
            let identifier = current.identifier_filter(self.datamodel, model);
            let updated = if scalars.is_empty() {
                current
            } else {
                let fields = scalar_fields(self.datamodel, model);
                let mut rows = self
                    .update_scalars(model, Some(identifier), scalars, fields.clone())
                    .await?;
                match rows.pop() {
                    Some(values) => StoredRecord { fields, values },
                    None => current,
                }
            };
            for nested in &data.nested {
                let join = self.join(nested.field())?;
                if !join.parent_holds_fk {
                    self.nested_on_children(model, &updated, nested, &join, false)
                        .await?;
                }
            }
            Ok(Some(updated))
        })
    }

    fn join(&self, field: FieldId) -> Result<RelationJoin, EngineError> {
        relation_join(self.datamodel, field).ok_or_else(|| EngineError::QueryInterpretation {
            details: format!(
                "`{}` is not a relation field",
                self.datamodel.field(field).name
            ),
        })
    }

    fn relation_name(&self, field: FieldId) -> String {
        self.datamodel
            .relation_of(field)
            .map(|relation| relation.name.clone())
            .unwrap_or_default()
    }

    fn relation_kind_text(&self, field: FieldId) -> &'static str {
        match self
            .datamodel
            .relation_of(field)
            .map(|relation| relation.kind)
        {
            Some(RelationKind::OneToOne) => "one-to-one",
            Some(RelationKind::ImplicitManyToMany | RelationKind::TwoWayEmbeddedManyToMany) => {
                "many-to-many"
            }
            _ => "one-to-many",
        }
    }

    fn target_model(&self, field: FieldId) -> ModelId {
        self.datamodel
            .relation_field(field)
            .map(|relation| relation.target)
            .unwrap_or(field.model)
    }

    fn model_name(&self, model: ModelId) -> String {
        self.datamodel.model(model).name.clone()
    }

    /// For a relation whose foreign key is on this record: creates or finds the related record and returns
    /// the values the foreign key must take. `None` leaves the foreign key as it is.
    async fn inline_target(
        &self,
        model: ModelId,
        nested: &NestedWrite,
        join: &RelationJoin,
        current: Option<&StoredRecord>,
    ) -> Result<Option<Vec<PrismaValue>>, EngineError> {
        let field = nested.field();
        let target = self.target_model(field);
        let value = match nested {
            NestedWrite::Create { data, .. } => match data.first() {
                Some(data) => {
                    let created = self.create(target, data.clone()).await?;
                    Some(created.values_of(&join.child_fields))
                }
                None => None,
            },
            NestedWrite::Connect { filters, .. } => match filters.first() {
                Some(filter) => match self.find_one(target, filter.clone()).await? {
                    Some(found) => Some(found.values_of(&join.child_fields)),
                    None => {
                        return Err(EngineError::RecordNotFound {
                            cause: format!(
                                "No '{}' record(s) (needed to inline the relation on '{}' record(s)) was found for a nested connect on {} relation '{}'.",
                                self.model_name(target),
                                self.model_name(model),
                                self.relation_kind_text(field),
                                self.relation_name(field)
                            ),
                        })
                    }
                },
                None => None,
            },
            NestedWrite::ConnectOrCreate { entries, .. } => match entries.first() {
                Some((filter, data)) => match self.find_one(target, filter.clone()).await? {
                    Some(found) => Some(found.values_of(&join.child_fields)),
                    None => {
                        let created = self.create(target, data.clone()).await?;
                        Some(created.values_of(&join.child_fields))
                    }
                },
                None => None,
            },
            _ => None,
        };
        if let Some(values) = &value {
            self.free_one_to_one_slot(model, field, join, values, current)
                .await?;
        }
        Ok(value)
    }

    /// In a one-to-one relation, another record may already point at the target: Prisma moves the relation,
    /// so that record's foreign key is cleared (or the change fails when that key is required).
    async fn free_one_to_one_slot(
        &self,
        model: ModelId,
        field: FieldId,
        join: &RelationJoin,
        target_values: &[PrismaValue],
        current: Option<&StoredRecord>,
    ) -> Result<(), EngineError> {
        let is_one_to_one = self
            .datamodel
            .relation_of(field)
            .is_some_and(|relation| relation.kind == RelationKind::OneToOne);
        if !is_one_to_one {
            return Ok(());
        }
        let mut filter = vec![Filter::fields_equal(
            join.parent_fields
                .iter()
                .copied()
                .zip(target_values.iter().cloned()),
        )];
        if let Some(current) = current {
            filter.push(Filter::Not(Box::new(
                current.identifier_filter(self.datamodel, model),
            )));
        }
        let others = self.find(model, Filter::And(filter), None).await?;
        if others.is_empty() {
            return Ok(());
        }
        if join
            .parent_fields
            .iter()
            .any(|f| self.datamodel.field(*f).is_required())
        {
            return Err(self.required_relation_violation(field));
        }
        for other in others {
            let clear: Vec<(FieldId, ScalarWrite)> = join
                .parent_fields
                .iter()
                .map(|f| (*f, ScalarWrite::Set(PrismaValue::Null)))
                .collect();
            self.update_scalars(
                model,
                Some(other.identifier_filter(self.datamodel, model)),
                clear,
                Vec::new(),
            )
            .await?;
        }
        Ok(())
    }

    pub(crate) fn required_relation_violation(&self, field: FieldId) -> EngineError {
        let relation = self.datamodel.relation_of(field);
        let (a, b) = match relation {
            Some(relation) => (
                self.model_name(relation.field_a.model),
                self.model_name(relation.field_b.model),
            ),
            None => (String::new(), String::new()),
        };
        EngineError::RequiredRelationViolation {
            relation_name: self.relation_name(field),
            model_a_name: a,
            model_b_name: b,
        }
    }

    /// Writes through a relation whose foreign key is on the record being updated. Returns new values for
    /// the foreign key when it changes.
    async fn nested_on_inlined(
        &self,
        model: ModelId,
        current: &StoredRecord,
        nested: &NestedWrite,
        join: &RelationJoin,
    ) -> Result<Option<Vec<PrismaValue>>, EngineError> {
        let field = nested.field();
        let target = self.target_model(field);
        let connected_values = current.values_of(&join.parent_fields);
        let connected_filter = if connected_values.iter().any(PrismaValue::is_null) {
            None
        } else {
            Some(Filter::fields_equal(
                join.child_fields.iter().copied().zip(connected_values),
            ))
        };
        let nulls = || vec![PrismaValue::Null; join.parent_fields.len()];
        match nested {
            NestedWrite::Create { .. }
            | NestedWrite::Connect { .. }
            | NestedWrite::ConnectOrCreate { .. } => {
                self.inline_target(model, nested, join, Some(current)).await
            }
            NestedWrite::Disconnect { filters, .. } => {
                // Prisma 5.19 disconnects a to-one relation whether or not the connected record matches
                // the given condition (recorded in scenario 30); the condition is validated only.
                let _ = filters;
                if connected_filter.is_none() {
                    return Ok(None);
                }
                if join
                    .parent_fields
                    .iter()
                    .any(|f| self.datamodel.field(*f).is_required())
                {
                    return Err(self.required_relation_violation(field));
                }
                Ok(Some(nulls()))
            }
            NestedWrite::Update { entries, .. } => {
                for (filter, data) in entries {
                    let mut conditions = Vec::new();
                    match &connected_filter {
                        Some(connected) => conditions.push(connected.clone()),
                        None => conditions.push(Filter::Constant(false)),
                    }
                    conditions.extend(filter.clone());
                    if self
                        .update(target, Filter::And(conditions), data.clone())
                        .await?
                        .is_none()
                    {
                        return Err(EngineError::RecordNotFound {
                            cause: format!(
                                "No '{}' record was found for a nested update on relation '{}'.",
                                self.model_name(target),
                                self.relation_name(field)
                            ),
                        });
                    }
                }
                Ok(None)
            }
            NestedWrite::Upsert { entries, .. } => {
                for (filter, create, update) in entries {
                    let existing = match &connected_filter {
                        Some(connected) => {
                            let mut conditions = vec![connected.clone()];
                            conditions.extend(filter.clone());
                            self.update(target, Filter::And(conditions), update.clone())
                                .await?
                        }
                        None => None,
                    };
                    if existing.is_none() {
                        let created = self.create(target, create.clone()).await?;
                        return Ok(Some(created.values_of(&join.child_fields)));
                    }
                }
                Ok(None)
            }
            NestedWrite::Delete { filters, .. } => {
                let Some(connected) = connected_filter else {
                    return Err(self.nested_delete_not_found(target, field));
                };
                for filter in filters {
                    let mut conditions = vec![connected.clone()];
                    conditions.extend(filter.clone());
                    let condition = Filter::And(conditions);
                    if self.delete(target, Some(condition)).await? == 0 {
                        return Err(self.nested_delete_not_found(target, field));
                    }
                }
                Ok(None)
            }
            _ => Err(EngineError::QueryInterpretation {
                details: format!(
                    "this nested write is not available on relation `{}`",
                    self.datamodel.field(field).name
                ),
            }),
        }
    }

    fn nested_delete_not_found(&self, target: ModelId, field: FieldId) -> EngineError {
        EngineError::RecordNotFound {
            cause: format!(
                "No '{}' record was found for a nested delete on relation '{}'.",
                self.model_name(target),
                self.relation_name(field)
            ),
        }
    }

    /// The filter selecting the records connected to `parent` through `field`.
    fn children_filter(
        &self,
        field: FieldId,
        parent: &StoredRecord,
        join: &RelationJoin,
    ) -> Filter {
        if join.many_to_many {
            let opposite = self.datamodel.opposite_field(field).unwrap_or(field);
            let parent_filter = parent.identifier_filter(self.datamodel, field.model);
            return Filter::ToMany {
                field: opposite,
                quantifier: Quantifier::Some,
                filter: Box::new(parent_filter),
            };
        }
        Filter::fields_equal(
            join.child_fields
                .iter()
                .copied()
                .zip(parent.values_of(&join.parent_fields)),
        )
    }

    /// The foreign key values a child gets to point at `parent`.
    fn link_values(
        &self,
        parent: &StoredRecord,
        join: &RelationJoin,
    ) -> Vec<(FieldId, PrismaValue)> {
        join.child_fields
            .iter()
            .copied()
            .zip(parent.values_of(&join.parent_fields))
            .collect()
    }

    /// Rows of children to insert, each pointing at `parent` through its foreign key.
    fn linked_rows<'s>(
        &self,
        parent: &StoredRecord,
        join: &RelationJoin,
        scalars: impl Iterator<Item = &'s Vec<(FieldId, PrismaValue)>>,
    ) -> Vec<Vec<(FieldId, PrismaValue)>> {
        let link = self.link_values(parent, join);
        scalars
            .map(|scalars| {
                let mut values = scalars.clone();
                set_pairs(&mut values, link.clone());
                values
            })
            .collect()
    }

    /// Writes through a relation whose foreign key is on the other side (or in a join table).
    async fn nested_on_children(
        &self,
        model: ModelId,
        parent: &StoredRecord,
        nested: &NestedWrite,
        join: &RelationJoin,
        parent_is_new: bool,
    ) -> Result<(), EngineError> {
        let field = nested.field();
        let target = self.target_model(field);
        let parent_key = parent.values_of(&primary_identifier(self.datamodel, model));
        let to_one = !self.datamodel.field(field).is_list();
        match nested {
            NestedWrite::Create { data, .. } => {
                if to_one && !parent_is_new {
                    self.disconnect_children(field, parent, join, None).await?;
                }
                // Children that hold the foreign key and write nothing further are one multi-row insert:
                // nothing is read back from them, so one statement does what one per child would.
                let flat = data.iter().all(|child| child.nested.is_empty());
                if data.len() > 1 && flat && !join.many_to_many {
                    let rows = self.linked_rows(parent, join, data.iter().map(|d| &d.scalars));
                    self.ops.create_records(target, &rows, false).await?;
                    return Ok(());
                }
                for data in data {
                    self.create_child(field, target, parent, &parent_key, join, data.clone())
                        .await?;
                }
                Ok(())
            }
            NestedWrite::CreateMany {
                rows,
                skip_duplicates,
                ..
            } => {
                let rows = self.linked_rows(parent, join, rows.iter().map(|r| &r.scalars));
                self.ops
                    .create_records(target, &rows, *skip_duplicates)
                    .await?;
                Ok(())
            }
            NestedWrite::Connect { filters, .. } => {
                if to_one && !parent_is_new {
                    self.disconnect_children(field, parent, join, None).await?;
                }
                self.connect_children(model, field, target, parent, join, filters)
                    .await
            }
            NestedWrite::ConnectOrCreate { entries, .. } => {
                for (filter, data) in entries {
                    match self.find_one(target, filter.clone()).await? {
                        Some(_) => {
                            self.connect_children(
                                model,
                                field,
                                target,
                                parent,
                                join,
                                std::slice::from_ref(filter),
                            )
                            .await?
                        }
                        None => {
                            if to_one && !parent_is_new {
                                self.disconnect_children(field, parent, join, None).await?;
                            }
                            self.create_child(
                                field,
                                target,
                                parent,
                                &parent_key,
                                join,
                                data.clone(),
                            )
                            .await?
                        }
                    }
                }
                Ok(())
            }
            NestedWrite::Disconnect { filters, .. } => {
                if filters.is_empty() {
                    self.disconnect_children(field, parent, join, None).await?;
                }
                for filter in filters {
                    self.disconnect_children(field, parent, join, Some(filter.clone()))
                        .await?;
                }
                Ok(())
            }
            NestedWrite::Set { filters, .. } => {
                self.disconnect_children(field, parent, join, None).await?;
                self.connect_children(model, field, target, parent, join, filters)
                    .await
            }
            NestedWrite::Update { entries, .. } => {
                for (filter, data) in entries {
                    let mut conditions = vec![self.children_filter(field, parent, join)];
                    conditions.extend(filter.clone());
                    if self
                        .update(target, Filter::And(conditions), data.clone())
                        .await?
                        .is_none()
                    {
                        return Err(EngineError::RecordNotFound {
                            cause: format!(
                                "No '{}' record was found for a nested update on relation '{}'.",
                                self.model_name(target),
                                self.relation_name(field)
                            ),
                        });
                    }
                }
                Ok(())
            }
            NestedWrite::UpdateMany { entries, .. } => {
                for (filter, data) in entries {
                    let mut conditions = vec![self.children_filter(field, parent, join)];
                    conditions.extend(filter.clone());
                    let condition = Filter::And(conditions);
                    self.update_scalars(target, Some(condition), data.scalars.clone(), Vec::new())
                        .await?;
                }
                Ok(())
            }
            NestedWrite::Upsert { entries, .. } => {
                for (filter, create, update) in entries {
                    let mut conditions = vec![self.children_filter(field, parent, join)];
                    conditions.extend(filter.clone());
                    if self
                        .update(target, Filter::And(conditions), update.clone())
                        .await?
                        .is_none()
                    {
                        self.create_child(field, target, parent, &parent_key, join, create.clone())
                            .await?;
                    }
                }
                Ok(())
            }
            NestedWrite::Delete { filters, .. } => {
                for filter in filters {
                    let mut conditions = vec![self.children_filter(field, parent, join)];
                    conditions.extend(filter.clone());
                    let condition = Filter::And(conditions);
                    if self.delete(target, Some(condition)).await? == 0 {
                        return Err(if to_one {
                            self.nested_delete_not_found(target, field)
                        } else {
                            EngineError::RecordsNotConnected {
                                relation_name: self.relation_name(field),
                                parent_name: self.model_name(model),
                                child_name: self.model_name(target),
                            }
                        });
                    }
                }
                Ok(())
            }
            NestedWrite::DeleteMany { filters, .. } => {
                for filter in filters {
                    let mut conditions = vec![self.children_filter(field, parent, join)];
                    conditions.extend(filter.clone());
                    let condition = Filter::And(conditions);
                    self.delete(target, Some(condition)).await?;
                }
                Ok(())
            }
        }
    }

    /// Creates a record related to `parent`: with the foreign key set, or linked in the join table.
    async fn create_child(
        &self,
        field: FieldId,
        target: ModelId,
        parent: &StoredRecord,
        parent_key: &[PrismaValue],
        join: &RelationJoin,
        mut data: CreateData,
    ) -> Result<(), EngineError> {
        if join.many_to_many {
            let child = self.create(target, data).await?;
            let child_key = child.values_of(&primary_identifier(self.datamodel, target));
            return self
                .ops
                .connect_many_to_many(field, parent_key, &[child_key])
                .await;
        }
        set_pairs(&mut data.scalars, self.link_values(parent, join));
        self.create(target, data).await?;
        Ok(())
    }

    async fn connect_children(
        &self,
        model: ModelId,
        field: FieldId,
        target: ModelId,
        parent: &StoredRecord,
        join: &RelationJoin,
        filters: &[Filter],
    ) -> Result<(), EngineError> {
        if filters.is_empty() {
            return Ok(());
        }
        if join.many_to_many {
            let parent_key = parent.values_of(&primary_identifier(self.datamodel, model));
            let target_identifier = primary_identifier(self.datamodel, target);
            let mut child_keys = Vec::new();
            for filter in filters {
                if let Some(child) = self.find_one(target, filter.clone()).await? {
                    child_keys.push(child.values_of(&target_identifier));
                }
            }
            if child_keys.len() < filters.len() {
                // Prisma reports a missing many-to-many connect target as P2025, unlike the one-to-many
                // count check (P2018).
                return Err(EngineError::RecordNotFound {
                    cause: format!(
                        "Expected {} records to be connected, found only {}.",
                        filters.len(),
                        child_keys.len()
                    ),
                });
            }
            return self
                .ops
                .connect_many_to_many(field, &parent_key, &child_keys)
                .await;
        }
        let link: Vec<(FieldId, ScalarWrite)> = self
            .link_values(parent, join)
            .into_iter()
            .map(|(f, v)| (f, ScalarWrite::Set(v)))
            .collect();
        let condition = Filter::Or(filters.to_vec());
        let updated = self
            .update_scalars(target, Some(condition), link, Vec::new())
            .await?;
        if updated.len() < filters.len() {
            return Err(self.connect_count_error(field, filters.len(), updated.len()));
        }
        Ok(())
    }

    fn connect_count_error(&self, field: FieldId, expected: usize, found: usize) -> EngineError {
        EngineError::ConnectedRecordsNotFound {
            details: format!(
                "Expected {expected} records to be connected after connect operation on {} relation '{}', found {found}.",
                self.relation_kind_text(field),
                self.relation_name(field)
            ),
        }
    }

    /// Disconnects children of `parent` (those matching `filter`, or all): clears their foreign key, or
    /// removes the join-table rows.
    async fn disconnect_children(
        &self,
        field: FieldId,
        parent: &StoredRecord,
        join: &RelationJoin,
        filter: Option<Filter>,
    ) -> Result<(), EngineError> {
        let target = self.target_model(field);
        if join.many_to_many {
            let parent_key = parent.values_of(&primary_identifier(self.datamodel, field.model));
            let target_identifier = primary_identifier(self.datamodel, target);
            match filter {
                None => {
                    self.ops
                        .disconnect_many_to_many(field, &parent_key, None)
                        .await?;
                }
                Some(filter) => {
                    let children = self.find(target, filter, None).await?;
                    let keys: Vec<Vec<PrismaValue>> = children
                        .iter()
                        .map(|child| child.values_of(&target_identifier))
                        .collect();
                    if !keys.is_empty() {
                        self.ops
                            .disconnect_many_to_many(field, &parent_key, Some(&keys))
                            .await?;
                    }
                }
            }
            return Ok(());
        }
        let mut conditions = vec![self.children_filter(field, parent, join)];
        conditions.extend(filter);
        let condition = Filter::And(conditions);
        let connected = self.find(target, condition.clone(), None).await?;
        if connected.is_empty() {
            return Ok(());
        }
        if join
            .child_fields
            .iter()
            .any(|f| self.datamodel.field(*f).is_required())
        {
            return Err(self.required_relation_violation(field));
        }
        let clear: Vec<(FieldId, ScalarWrite)> = join
            .child_fields
            .iter()
            .map(|f| (*f, ScalarWrite::Set(PrismaValue::Null)))
            .collect();
        self.update_scalars(target, Some(condition), clear, Vec::new())
            .await?;
        Ok(())
    }
}

/// Sets (or adds) the given fields in a value list.
fn set_values(values: &mut Vec<(FieldId, PrismaValue)>, fields: &[FieldId], new: Vec<PrismaValue>) {
    set_pairs(values, fields.iter().copied().zip(new).collect());
}

fn set_pairs(values: &mut Vec<(FieldId, PrismaValue)>, pairs: Vec<(FieldId, PrismaValue)>) {
    for (field, value) in pairs {
        match values.iter_mut().find(|(f, _)| *f == field) {
            Some(entry) => entry.1 = value,
            None => values.push((field, value)),
        }
    }
}
