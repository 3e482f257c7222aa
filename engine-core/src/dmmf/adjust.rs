//! Where Prisma's DMMF shows the query schema differently from what validation builds today.
//!
//! Validation ([`crate::query::parse::schema`]) builds the types requests are checked against; a few of its
//! types differ from Prisma's in ways no recorded request exercises yet. The DMMF must match Prisma exactly
//! (clients are generated from it), so the differences are corrected here, on the rendered copy only, without
//! changing what validation accepts:
//! - numeric scalar lists take part in `_avg` / `_sum` (orderBy and outputs);
//! - SQL Server cannot write autoincrement columns in `createMany`, so those inputs leave them out;
//! - only SQL connectors update ids and disconnect an inlined optional to-one relation by filter (MongoDB
//!   and the datasource-less schema take `disconnect: true` only, and their update inputs have no id);
//! - a model with a required `Unsupported` field and no default cannot be created, nor nested-created;
//! - PostgreSQL `@db.Uuid` strings are filtered with `Uuid*Filter` types (no text operators);
//! - with full-text search, `orderBy` takes `_relevance`;
//! - MongoDB: nullable filters take `isSet`, nullable update operations `unset`, and unchecked inputs keep embedded many-to-many relations.

use schema_core::config::Provider;
use schema_core::datamodel::{
    Arity, DefaultFunction, DefaultKind, FieldId, FieldType, ModelId, RelationKind, ScalarType,
};

use crate::query::parse::schema::{Base, En, InField, It, Obj, ObjDef, Sc, Schema};
use crate::query::AggregateKind;

use super::provider;

/// Whether the connector is a SQL one: only those update ids and disconnect inlined to-one relations by
/// filter. Without a datasource there is no connector, so neither.
fn is_sql(schema: &Schema) -> bool {
    !matches!(provider(schema), Some(Provider::MongoDb) | None)
}

fn is_autoincrement(schema: &Schema, field: FieldId) -> bool {
    matches!(
        schema.dm.field(field).default.as_ref().map(|d| &d.kind),
        Some(DefaultKind::Function(DefaultFunction::Autoincrement))
    )
}

fn is_id(schema: &Schema, field: FieldId) -> bool {
    schema
        .dm
        .model(field.model)
        .primary_key
        .as_ref()
        .is_some_and(|pk| pk.fields.iter().any(|f| f.field == field))
}

/// The fields an aggregate of `kind` covers in the DMMF: numeric lists count for `_avg` and `_sum`.
pub(super) fn aggregate_fields(
    schema: &Schema,
    model: ModelId,
    kind: AggregateKind,
) -> Vec<FieldId> {
    match kind {
        AggregateKind::Avg | AggregateKind::Sum => schema
            .scalar_fields(model)
            .into_iter()
            .filter(|f| {
                matches!(
                    schema.base(*f),
                    Some(Base::Scalar(
                        ScalarType::Int
                            | ScalarType::BigInt
                            | ScalarType::Float
                            | ScalarType::Decimal
                    ))
                )
            })
            .collect(),
        _ => schema.aggregate_fields(model, kind),
    }
}

/// An input object type as the DMMF shows it.
pub(super) fn object(schema: &Schema, obj: &Obj) -> ObjDef {
    let mut def = schema.object(obj);
    let keep = |def: &mut ObjDef, model: ModelId, drop: &dyn Fn(FieldId) -> bool| {
        def.fields
            .retain(|f| !schema.dm.find_field(model, &f.name).is_some_and(drop));
    };
    match obj {
        Obj::CreateMany { model, .. } if provider(schema) == Some(Provider::SqlServer) => {
            keep(&mut def, *model, &|f| is_autoincrement(schema, f));
        }
        Obj::OrderByAggregate(model, kind @ (AggregateKind::Avg | AggregateKind::Sum)) => {
            def.fields = aggregate_fields(schema, *model, *kind)
                .into_iter()
                .map(|f| schema.arg(schema.name(f), vec![It::Enum(En::SortOrder)], false))
                .collect();
        }
        Obj::Where(model) | Obj::WhereUnique(model) | Obj::ScalarWhere(model, _)
            if matches!(
                provider(schema),
                Some(Provider::PostgreSql | Provider::CockroachDb)
            ) =>
        {
            for field in def.fields.iter_mut() {
                if schema
                    .dm
                    .find_field(*model, &field.name)
                    .is_some_and(|f| is_uuid(schema, f))
                {
                    uuid_filters(field);
                }
            }
        }
        Obj::OrderBy(model, false)
            if schema.caps.full_text && !schema.relevance_fields(*model).is_empty() =>
        {
            def.fields.push(schema.arg(
                "_relevance",
                vec![It::Object(Obj::OrderByRelevance(*model))],
                false,
            ));
        }
        Obj::Filter { nullable: true, .. } if provider(schema) == Some(Provider::MongoDb) => {
            def.fields
                .push(schema.arg("isSet", vec![It::Scalar(Sc::Boolean)], false));
        }
        Obj::UpdateOps { nullable: true, .. } if provider(schema) == Some(Provider::MongoDb) => {
            def.fields
                .push(schema.arg("unset", vec![It::Scalar(Sc::Boolean)], false));
        }
        Obj::Create {
            unchecked: true, ..
        }
        | Obj::Update {
            unchecked: true, ..
        }
        | Obj::UpdateManyUnchecked { .. }
            if provider(schema) == Some(Provider::MongoDb) =>
        {
            keep_embedded_many_to_many(schema, obj, &mut def);
        }
        _ => {}
    }
    if let Obj::Update { model, .. }
    | Obj::UpdateManyMutation(model)
    | Obj::UpdateManyUnchecked { model, .. } = obj
    {
        if !is_sql(schema) {
            keep(&mut def, *model, &|f| is_id(schema, f));
        }
    }
    if let Obj::NestedUpdate { field, .. } = obj {
        if !is_sql(schema)
            && schema.is_inlined(*field)
            && !schema.is_list(*field)
            && !schema.is_required(*field)
        {
            for f in def.fields.iter_mut().filter(|f| f.name == "disconnect") {
                f.types = vec![It::Scalar(Sc::Boolean)];
            }
        }
    }
    match obj {
        Obj::NestedCreate { field, .. } | Obj::NestedUpdate { field, .. }
            if schema
                .related_model(*field)
                .is_some_and(|target| !can_create(schema, target)) =>
        {
            def.fields.retain(|f| {
                !matches!(
                    f.name.as_str(),
                    "create" | "connectOrCreate" | "upsert" | "createMany"
                )
            });
        }
        _ => {}
    }
    def
}

/// Unchecked inputs leave out relations whose foreign keys the model holds (and, nested under a relation, that
/// relation's foreign keys), but on MongoDB a many-to-many relation embeds its id list and both stay: rebuilds
/// the fields in model order with those included.
fn keep_embedded_many_to_many(schema: &Schema, obj: &Obj, def: &mut ObjDef) {
    let (model, without, create) = match obj {
        Obj::Create { model, without, .. } => (*model, *without, Some(true)),
        Obj::Update { model, without, .. } => (*model, *without, Some(false)),
        Obj::UpdateManyUnchecked { model, without } => (*model, *without, None),
        _ => return,
    };
    let embedded = |f: FieldId| {
        schema
            .dm
            .relation_of(f)
            .is_some_and(|r| r.kind == RelationKind::TwoWayEmbeddedManyToMany)
    };
    let relations: Vec<FieldId> = schema
        .fields(model)
        .into_iter()
        .filter(|f| schema.is_relation(*f))
        .collect();
    let without_embedded = without.is_some_and(embedded);
    let relation_kept = create.is_some()
        && relations
            .iter()
            .any(|f| embedded(*f) && Some(*f) != without);
    if !without_embedded && !relation_kept {
        return;
    }
    let names: Vec<&str> = relations.iter().map(|f| schema.name(*f)).collect();
    let is_relation_field = |field: &InField| names.contains(&field.name.as_str());
    let scalars: Vec<InField> = if without_embedded {
        let mut unlinked = obj.clone();
        match &mut unlinked {
            Obj::Create { without, .. }
            | Obj::Update { without, .. }
            | Obj::UpdateManyUnchecked { without, .. } => *without = None,
            _ => {}
        }
        schema
            .object(&unlinked)
            .fields
            .into_iter()
            .filter(|f| !is_relation_field(f))
            .collect()
    } else {
        def.fields
            .iter()
            .filter(|f| !is_relation_field(f))
            .cloned()
            .collect()
    };
    let mut existing: Vec<InField> = def
        .fields
        .drain(..)
        .filter(|f| is_relation_field(f))
        .collect();
    let mut fields = scalars;
    for f in relations {
        if let Some(pos) = existing.iter().position(|e| e.name == schema.name(f)) {
            fields.push(existing.remove(pos));
        } else if let (Some(create), true) = (create, embedded(f) && Some(f) != without) {
            let typ = if create {
                Obj::NestedCreate {
                    field: f,
                    unchecked: true,
                }
            } else {
                Obj::NestedUpdate {
                    field: f,
                    unchecked: true,
                }
            };
            fields.push(schema.arg(schema.name(f), vec![It::Object(typ)], false));
        }
    }
    def.fields = fields;
}

/// A `@db.Uuid` string field.
fn is_uuid(schema: &Schema, field: FieldId) -> bool {
    let field = schema.dm.field(field);
    field.field_type == FieldType::Scalar(ScalarType::String)
        && field.native_type.as_ref().is_some_and(|t| t.name == "Uuid")
}

/// Swaps the string filters of a where-input field for the uuid ones.
fn uuid_filters(field: &mut InField) {
    for typ in field.types.iter_mut() {
        if let It::Object(Obj::Filter {
            base: Base::Scalar(ScalarType::String),
            nullable,
            nested,
            aggregates,
        }) = typ
        {
            *typ = It::Object(Obj::UuidFilter {
                nullable: *nullable,
                nested: *nested,
                aggregates: *aggregates,
            });
        }
    }
}

/// Whether `create*` operations exist for the model: not when a required `Unsupported` field has no default.
pub(super) fn can_create(schema: &Schema, model: ModelId) -> bool {
    !schema.dm.model(model).fields.iter().any(|field| {
        matches!(field.field_type, FieldType::Unsupported(_))
            && field.arity == Arity::Required
            && field.default.is_none()
            && !field.is_ignored
    })
}
