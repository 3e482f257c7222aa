//! Checks that need the whole, otherwise valid schema: provider capabilities, native types, unique criteria,
//! `autoincrement()` placement, multi-schema, and relation consistency.

use super::context::{Ctx, TopRef};
use super::native_types;
use crate::capabilities::Capabilities;
use crate::config::{ReferentialAction, RelationMode};
use crate::datamodel::*;
use crate::diagnostics::Diagnostic;

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let caps = ctx.capabilities();
    if let Some(caps) = caps {
        composite_types(ctx, caps);
    }
    for (model, _) in ctx
        .dm
        .model_ids()
        .map(|(id, m)| (id, m.kind))
        .collect::<Vec<_>>()
    {
        views_need_preview(ctx, model);
        strict_unique_criteria(ctx, model);
        if let Some(caps) = caps {
            autoincrement(ctx, model, caps);
            fields_against_capabilities(ctx, model, caps);
            indexes_against_capabilities(ctx, model, caps);
            mongodb_id_mapping(ctx, model, caps);
        }
        relation_fields(ctx, model, caps);
    }
    multi_schema(ctx, caps);
    for i in 0..ctx.dm.relations.len() {
        relation(ctx, RelationId(i as u32), caps);
    }
    if let Some(caps) = caps {
        if !caps.enums {
            for e in &ctx.dm.enums {
                ctx.diags.push(Diagnostic::validation(
                    format!(
                        "You defined the enum `{}`. But the current connector does not support enums.",
                        e.name
                    ),
                    e.span,
                ));
            }
        }
    }
}

fn model_error(
    ctx: &mut Ctx<'_>,
    model: ModelId,
    message: impl std::fmt::Display,
    span: crate::span::Span,
) {
    let container = ctx.container(model);
    let name = ctx.dm.model(model).name.clone();
    ctx.push(Diagnostic::error(
        format!("Error validating {container} \"{name}\": {message}"),
        span,
    ));
}

fn composite_types(ctx: &mut Ctx<'_>, caps: &Capabilities) {
    if caps.composite_types {
        return;
    }
    for ct in &ctx.dm.composite_types {
        ctx.diags.push(Diagnostic::validation(
            format!(
                "Composite types are not supported on {}.",
                caps.provider.as_str()
            ),
            ct.span,
        ));
    }
}

fn views_need_preview(ctx: &mut Ctx<'_>, model: ModelId) {
    if ctx.dm.model(model).kind == ModelKind::View && !ctx.has_preview("views") {
        let span = ctx.dm.model(model).span;
        ctx.push(Diagnostic::validation(
            "View definitions are only available with the `views` preview feature.",
            span,
        ));
    }
}

/// Every model needs an id or a unique constraint made of required fields, so rows can be addressed.
fn strict_unique_criteria(ctx: &mut Ctx<'_>, model: ModelId) {
    let m = ctx.dm.model(model);
    if m.kind == ModelKind::View || m.is_ignored {
        return;
    }
    let all_required = |fields: &[IndexField]| {
        fields.iter().all(|f| {
            let field = ctx.dm.field(f.field);
            field.is_required() && !matches!(field.field_type, FieldType::Unsupported(_))
        })
    };
    let has_pk = m
        .primary_key
        .as_ref()
        .is_some_and(|pk| all_required(&pk.fields));
    let has_unique = m
        .indexes
        .iter()
        .any(|i| i.kind == IndexKind::Unique && all_required(&i.fields));
    if !has_pk && !has_unique {
        let span = m.span;
        model_error(
            ctx,
            model,
            "Each model must have at least one unique criteria that has only required fields. Either mark a single field with `@id`, `@unique` or add a multi field criterion with `@@id([])` or `@@unique([])` to the model.",
            span,
        );
    }
}

fn autoincrement(ctx: &mut Ctx<'_>, model: ModelId, caps: &Capabilities) {
    let fields: Vec<FieldId> = ctx
        .dm
        .field_ids(model)
        .filter(|(_, f)| {
            matches!(
                f.default.as_ref().map(|d| &d.kind),
                Some(DefaultKind::Function(DefaultFunction::Autoincrement))
            )
        })
        .map(|(id, _)| id)
        .collect();
    if fields.is_empty() {
        return;
    }
    let m = ctx.dm.model(model);
    let span_of = |id: FieldId| ctx.dm.field(id).span;
    if !caps.autoincrement {
        for &f in &fields {
            ctx.diags.push(Diagnostic::attribute(
                "@default",
                "The `autoincrement()` default value is used with a datasource that does not support it.",
                span_of(f),
            ));
        }
        return;
    }
    if fields.len() > 1 && !caps.autoincrement_multiple_per_model {
        let span = m.span;
        ctx.diags.push(Diagnostic::attribute(
            "@default",
            "The `autoincrement()` default value is used multiple times on this model even though the underlying datasource only supports one instance per table.",
            span,
        ));
    }
    for &f in &fields {
        let is_id = ctx.dm.is_single_id(f);
        if !is_id && !caps.autoincrement_on_non_id {
            ctx.diags.push(Diagnostic::attribute(
                "@default",
                "The `autoincrement()` default value is used on a non-id field even though the datasource does not support this.",
                span_of(f),
            ));
        }
        let m = ctx.dm.model(model);
        let indexed = m
            .primary_key
            .as_ref()
            .is_some_and(|pk| pk.fields.first().is_some_and(|x| x.field == f))
            || m.indexes
                .iter()
                .any(|i| i.fields.first().is_some_and(|x| x.field == f));
        if !indexed && !caps.autoincrement_on_non_indexed {
            ctx.diags.push(Diagnostic::attribute(
                "@default",
                "The `autoincrement()` default value is used on a non-indexed field even though the datasource does not support this.",
                span_of(f),
            ));
        }
    }
}

fn fields_against_capabilities(ctx: &mut Ctx<'_>, model: ModelId, caps: &Capabilities) {
    let model_name = ctx.dm.model(model).name.clone();
    let ids: Vec<FieldId> = ctx.dm.field_ids(model).map(|(id, _)| id).collect();
    for id in ids {
        let field = ctx.dm.field(id).clone();
        native_type(ctx, &field, caps);
        let scalar_or_enum = matches!(field.field_type, FieldType::Scalar(_) | FieldType::Enum(_));
        if field.is_list() && scalar_or_enum && !caps.scalar_lists {
            ctx.push(Diagnostic::error(
                format!(
                    "Field \"{}\" in model \"{model_name}\" can't be a list. The current connector does not support lists of primitive types.",
                    field.name
                ),
                field.span,
            ));
        }
        if field.scalar_type() == Some(ScalarType::Json) && !caps.json {
            ctx.push(Diagnostic::error(
                format!(
                    "Error validating field `{}` in model `{model_name}`: Field `{}` in model `{model_name}` can't be of type Json. The current connector does not support the Json type.",
                    field.name, field.name
                ),
                field.span,
            ));
        }
        if let Some(default) = &field.default {
            default_against_capabilities(ctx, default, caps);
        }
    }
}

fn default_against_capabilities(ctx: &mut Ctx<'_>, default: &DefaultValue, caps: &Capabilities) {
    let DefaultKind::Function(function) = &default.kind else {
        return;
    };
    let unsupported = match function {
        DefaultFunction::Auto => !caps.auto_default,
        DefaultFunction::Sequence => !caps.sequence_default,
        DefaultFunction::DbGenerated(_) => !caps.dbgenerated,
        _ => false,
    };
    if unsupported {
        let name = match function {
            DefaultFunction::Auto => "auto",
            DefaultFunction::Sequence => "sequence",
            _ => "dbgenerated",
        };
        ctx.push(Diagnostic::attribute(
            "@default",
            format!("The function `{name}()` is not supported with the current connector."),
            default.span,
        ));
    }
    if default.map.is_some() && !caps.named_default_values {
        ctx.push(Diagnostic::attribute(
            "@default",
            "You defined a database name for the default value of a field on the model. This is not supported by the provider.",
            default.span,
        ));
    }
}

fn native_type(ctx: &mut Ctx<'_>, field: &Field, caps: &Capabilities) {
    let Some(native) = &field.native_type else {
        return;
    };
    let provider = caps.provider.as_str();
    if !caps.native_types {
        ctx.push(Diagnostic::error(
            format!("Native types are not supported with {provider} connector"),
            native.span,
        ));
        return;
    }
    let Some(spec) = native_types::find(caps.provider, &native.name) else {
        ctx.push(Diagnostic::error(
            format!(
                "Native type {} is not supported for {provider} connector.",
                native.name
            ),
            native.span,
        ));
        return;
    };
    let given = native.args.len();
    if spec.optional > 0 {
        if given != 0 && given != spec.optional {
            ctx.push(Diagnostic::error(
                format!(
                    "Native type {} takes {} optional arguments, but received {given}.",
                    spec.name, spec.optional
                ),
                native.span,
            ));
            return;
        }
    } else if given != spec.required {
        ctx.push(Diagnostic::error(
            format!(
                "Native type {} takes {} arguments, but received {given}.",
                spec.name, spec.required
            ),
            native.span,
        ));
        return;
    }
    let bad = native
        .args
        .iter()
        .any(|a| a.parse::<u32>().is_err() && !(spec.allows_max && a == "max"));
    if bad {
        let expected = if spec.allows_max {
            "nonnegative integer or `max`"
        } else {
            "nonnegative integer"
        };
        ctx.push(Diagnostic::error(
            format!(
                "Expected a {expected}, but found ({}).",
                native.args.join(", ")
            ),
            native.span,
        ));
        return;
    }
    if let Some(scalar) = field.scalar_type() {
        if !spec.scalars.contains(&scalar) {
            let expected: Vec<&str> = spec.scalars.iter().map(|s| s.as_str()).collect();
            ctx.push(Diagnostic::error(
                format!(
                    "Native type {} is not compatible with declared field type {}, expected field type {}.",
                    spec.name,
                    scalar.as_str(),
                    expected.join(" or ")
                ),
                native.span,
            ));
        }
    }
}

fn indexes_against_capabilities(ctx: &mut Ctx<'_>, model: ModelId, caps: &Capabilities) {
    let m = ctx.dm.model(model).clone();
    for index in &m.indexes {
        if index.kind == IndexKind::Fulltext {
            if !caps.fulltext_index {
                model_error(
                    ctx,
                    model,
                    "You defined a fulltext index, but the current connector does not support it.",
                    index.span,
                );
            } else if !ctx.has_preview("fullTextIndex") {
                model_error(ctx, model, "You must enable `fullTextIndex` preview feature to be able to define a @@fulltext index.", index.span);
            }
        }
        if index.algorithm.is_some() && !caps.index_algorithms {
            model_error(
                ctx,
                model,
                "The given index type is not supported with the current connector",
                index.span,
            );
        }
        if index.fields.iter().any(|f| f.length.is_some()) && !caps.index_length_prefix {
            model_error(ctx, model, "The length argument is not supported in an index definition with the current connector", index.span);
        }
        if index.fields.iter().any(|f| f.operator_class.is_some()) && !caps.operator_classes {
            model_error(
                ctx,
                model,
                "Operator classes are not supported with the current connector.",
                index.span,
            );
        }
        if index.clustered.is_some() && !caps.clustering {
            model_error(
                ctx,
                model,
                "Defining clustering is not supported in the current connector.",
                index.span,
            );
        }
    }
    if let Some(pk) = &m.primary_key {
        if pk.map.is_some() && !caps.named_primary_keys {
            model_error(ctx, model, "You defined a database name for the primary key on the model. This is not supported by the provider.", pk.span);
        }
        if pk.clustered.is_some() && !caps.clustering {
            model_error(
                ctx,
                model,
                "Defining clustering is not supported in the current connector.",
                pk.span,
            );
        }
    }
}

fn mongodb_id_mapping(ctx: &mut Ctx<'_>, model: ModelId, caps: &Capabilities) {
    if !caps.id_must_map_to_underscore_id {
        return;
    }
    let Some(pk) = ctx.dm.model(model).primary_key.clone() else {
        return;
    };
    if !pk.defined_on_field {
        model_error(
            ctx,
            model,
            "MongoDB models require exactly one identity field annotated with @id",
            pk.span,
        );
        return;
    }
    for f in pk.fields {
        let field = ctx.dm.field(f.field);
        if field.db_name.as_deref() != Some("_id") {
            let (name, span) = (field.name.clone(), field.span);
            let model_name = ctx.dm.model(model).name.clone();
            ctx.push(Diagnostic::field(
                &model_name,
                &name,
                "MongoDB model IDs must have an @map(\"_id\") annotation.",
                span,
            ));
        }
    }
}

fn multi_schema(ctx: &mut Ctx<'_>, caps: Option<&Capabilities>) {
    let spans = ctx.schema_spans.clone();
    let datasource_schemas: Vec<String> = ctx
        .config
        .datasource
        .as_ref()
        .map(|d| d.schemas.clone())
        .unwrap_or_default();
    for (top, span) in spans {
        if !ctx.has_preview("multiSchema") {
            ctx.push(Diagnostic::error(
                "@@schema is only available with the `multiSchema` preview feature.",
                span,
            ));
            continue;
        }
        if !caps.is_some_and(|c| c.multi_schema) {
            ctx.push(Diagnostic::error(
                "@@schema is not supported on the current datasource provider",
                span,
            ));
            continue;
        }
        let schema = match top {
            TopRef::Model(m) => ctx.dm.model(m).schema.clone(),
            TopRef::Enum(e) => ctx.dm.enum_(e).schema.clone(),
            TopRef::Composite(_) => None,
        };
        if let Some(schema) = schema {
            if !datasource_schemas.contains(&schema) {
                ctx.push(Diagnostic::error(
                    "This schema is not defined in the datasource. Read more on `@@schema` at https://pris.ly/d/multi-schema",
                    span,
                ));
            }
        }
    }
    if ctx.has_preview("multiSchema") && !datasource_schemas.is_empty() {
        for (id, m) in ctx
            .dm
            .model_ids()
            .map(|(i, m)| (i, m.clone()))
            .collect::<Vec<_>>()
        {
            if m.schema.is_none() {
                model_error(
                    ctx,
                    id,
                    "This model is missing an `@@schema` attribute.",
                    m.span,
                );
            }
        }
        for e in ctx.dm.enums.clone() {
            if e.schema.is_none() {
                ctx.push(Diagnostic::error(
                    format!(
                        "Error validating enum `{}`: This enum is missing an `@@schema` attribute.",
                        e.name
                    ),
                    e.span,
                ));
            }
        }
    }
}

/// Per relation field: a missing opposite side, ambiguity, and referential actions the provider refuses.
fn relation_fields(ctx: &mut Ctx<'_>, model: ModelId, caps: Option<&Capabilities>) {
    let model_name = ctx.dm.model(model).name.clone();
    let ids: Vec<FieldId> = ctx
        .dm
        .field_ids(model)
        .filter(|(_, f)| f.is_relation())
        .map(|(id, _)| id)
        .collect();
    for (i, &id) in ids.iter().enumerate() {
        let field = ctx.dm.field(id).clone();
        let Some(rf) = ctx.dm.relation_field(id).cloned() else {
            continue;
        };
        let target_name = ctx.dm.model(rf.target).name.clone();
        let same_group: Vec<FieldId> = ids[..i]
            .iter()
            .copied()
            .filter(|&other| {
                ctx.dm
                    .relation_field(other)
                    .is_some_and(|o| o.target == rf.target && o.explicit_name == rf.explicit_name)
            })
            .collect();
        let is_self = rf.target == model;
        if let Some(&first) = same_group.first() {
            if !is_self || same_group.len() >= 2 {
                let first_name = ctx.dm.field(first).name.clone();
                let message = if is_self {
                    format!("Ambiguous self relation detected. The fields `{first_name}` and `{}` in model `{model_name}` both refer to `{target_name}`. If they are part of the same relation add the same relation name for them with `@relation(<name>)`.", field.name)
                } else {
                    format!("Ambiguous relation detected. The fields `{first_name}` and `{}` in model `{model_name}` both refer to `{target_name}`. Please provide different relation names for them by adding `@relation(<name>)`.", field.name)
                };
                ctx.push(Diagnostic::field(
                    &model_name,
                    &field.name,
                    message,
                    field.span,
                ));
                continue;
            }
        }
        if ctx.unpaired.contains(&id) {
            ctx.push(Diagnostic::field(
                &model_name,
                &field.name,
                format!(
                    "The relation field `{}` on model `{model_name}` is missing an opposite relation field on the model `{target_name}`. Either run `prisma format` or add it manually.",
                    field.name
                ),
                field.span,
            ));
            continue;
        }
        if let Some(caps) = caps {
            let mode = ctx.relation_mode();
            let allowed = caps.referential_actions(mode);
            for action in [rf.on_delete, rf.on_update].into_iter().flatten() {
                if !allowed.contains(&action) {
                    let list: Vec<String> = allowed
                        .iter()
                        .map(|a| format!("`{}`", a.as_str()))
                        .collect();
                    ctx.push(Diagnostic::attribute(
                        "@relation",
                        format!(
                            "Invalid referential action: `{}`. Allowed values: ({})",
                            action.as_str(),
                            list.join(", ")
                        ),
                        field.span,
                    ));
                }
            }
            if rf.map.is_some() && !caps.named_foreign_keys {
                ctx.push(Diagnostic::attribute(
                    "@relation",
                    "Your provider does not support named foreign keys.",
                    field.span,
                ));
            }
        }
    }
}

fn relation(ctx: &mut Ctx<'_>, id: RelationId, caps: Option<&Capabilities>) {
    let rel = ctx.dm.relation(id).clone();
    let args_of = |ctx: &Ctx<'_>, f: FieldId| {
        ctx.relation_args
            .iter()
            .find(|(field, _, _)| *field == f)
            .map(|(_, fields, refs)| (*fields, *refs))
            .unwrap_or((false, false))
    };
    let describe = |ctx: &Ctx<'_>, f: FieldId| {
        (
            ctx.dm.field(f).name.clone(),
            ctx.dm.model(f.model).name.clone(),
        )
    };
    match rel.kind {
        RelationKind::ImplicitManyToMany => {
            if caps.is_some_and(|c| !c.implicit_many_to_many) {
                for side in [rel.field_a, rel.field_b] {
                    let span = ctx.dm.field(side).span;
                    ctx.push(Diagnostic::validation(
                        "Implicit many-to-many relations are not supported on MongoDB. Please use the syntax defined in https://pris.ly/d/document-database-many-to-many",
                        span,
                    ));
                }
                return;
            }
            for side in [rel.field_a, rel.field_b] {
                let (fields, refs) = args_of(ctx, side);
                if fields || refs {
                    let (name, model) = describe(ctx, side);
                    let span = ctx.dm.field(side).span;
                    ctx.push(Diagnostic::attribute(
                        "@relation",
                        format!("The relation field `{name}` on Model `{model}` must not specify the `fields` or `references` argument in the @relation attribute. You must only specify it on the opposite field `{}` on model `{}`.", describe(ctx, if side == rel.field_a { rel.field_b } else { rel.field_a }).0, describe(ctx, if side == rel.field_a { rel.field_b } else { rel.field_a }).1),
                        span,
                    ));
                }
            }
        }
        RelationKind::TwoWayEmbeddedManyToMany => {
            if caps.is_some_and(|c| c.implicit_many_to_many) {
                for side in [rel.field_a, rel.field_b] {
                    let (name, model) = describe(ctx, side);
                    let span = ctx.dm.field(side).span;
                    ctx.push(Diagnostic::attribute(
                        "@relation",
                        format!("The relation field `{name}` on Model `{model}` must not specify the `fields` or `references` argument in the @relation attribute. Embedded many-to-many relations are only supported on MongoDB."),
                        span,
                    ));
                }
                return;
            }
            for side in [rel.field_a, rel.field_b] {
                let Some(rf) = ctx.dm.relation_field(side).cloned() else {
                    continue;
                };
                let (name, model) = describe(ctx, side);
                let span = ctx.dm.field(side).span;
                if rf.references.len() != 1 || !ctx.dm.is_single_id(rf.references[0]) {
                    ctx.push(Diagnostic::attribute(
                        "@relation",
                        format!("The `references` argument of the relation field `{name}` on Model `{model}` must point to the id field of the related model."),
                        span,
                    ));
                }
                if rf.fields.iter().any(|&f| !ctx.dm.field(f).is_list()) {
                    ctx.push(Diagnostic::attribute(
                        "@relation",
                        format!("The `fields` argument of the relation field `{name}` on Model `{model}` must refer to a scalar list field."),
                        span,
                    ));
                }
            }
        }
        RelationKind::OneToMany => {
            let (list_side, single_side) = if ctx.dm.field(rel.field_a).is_list() {
                (rel.field_a, rel.field_b)
            } else {
                (rel.field_b, rel.field_a)
            };
            let (fields, refs) = args_of(ctx, list_side);
            if fields || refs {
                let (name, model) = describe(ctx, list_side);
                let (other, other_model) = describe(ctx, single_side);
                let span = ctx.dm.field(list_side).span;
                ctx.push(Diagnostic::attribute(
                    "@relation",
                    format!("The relation field `{name}` on Model `{model}` must not specify the `fields` or `references` argument in the @relation attribute. You must only specify it on the opposite field `{other}` on model `{other_model}`."),
                    span,
                ));
            }
            referencing_side(ctx, &rel, single_side, false);
        }
        RelationKind::OneToOne => {
            let (a_fields, a_refs) = args_of(ctx, rel.field_a);
            let (b_fields, b_refs) = args_of(ctx, rel.field_b);
            let (a_name, a_model) = describe(ctx, rel.field_a);
            let (b_name, b_model) = describe(ctx, rel.field_b);
            if !(a_fields || a_refs || b_fields || b_refs) {
                let span = ctx.dm.field(rel.field_a).span;
                ctx.push(Diagnostic::attribute(
                    "@relation",
                    format!("The relation fields `{a_name}` on Model `{a_model}` and `{b_name}` on Model `{b_model}` do not provide the `fields` argument in the @relation attribute. You have to provide it on one of the two fields."),
                    span,
                ));
                return;
            }
            if (a_fields || a_refs) && (b_fields || b_refs) {
                let span = ctx.dm.field(rel.field_a).span;
                let what = if a_refs && b_refs {
                    "references"
                } else {
                    "fields"
                };
                ctx.push(Diagnostic::attribute(
                    "@relation",
                    format!("The relation fields `{a_name}` on Model `{a_model}` and `{b_name}` on Model `{b_model}` both provide the `{what}` argument in the @relation attribute. You have to provide it only on one of the two fields."),
                    span,
                ));
                return;
            }
            let (referencing, back) = if a_fields || a_refs {
                (rel.field_a, rel.field_b)
            } else {
                (rel.field_b, rel.field_a)
            };
            let back_field = ctx.dm.field(back).clone();
            if back_field.is_required() {
                let (name, model) = describe(ctx, back);
                let target = ctx.dm.model(referencing.model).name.clone();
                ctx.push(Diagnostic::field(
                    &model,
                    &name,
                    format!("The relation field `{name}` on Model `{model}` is required. This is not valid because it's not possible to enforce this constraint on the database level. Please change the field type from `{target}` to `{target}?` to fix this."),
                    back_field.span,
                ));
            }
            referencing_side(ctx, &rel, referencing, true);
        }
    }
}

/// Checks the side holding `fields`/`references`.
fn referencing_side(ctx: &mut Ctx<'_>, rel: &Relation, side: FieldId, one_to_one: bool) {
    let field = ctx.dm.field(side).clone();
    let Some(rf) = ctx.dm.relation_field(side).cloned() else {
        return;
    };
    let (has_fields, has_refs) = ctx
        .relation_args
        .iter()
        .find(|(f, _, _)| *f == side)
        .map(|(_, a, b)| (*a, *b))
        .unwrap_or((false, false));
    let model_name = ctx.dm.model(side.model).name.clone();
    let target_name = ctx.dm.model(rf.target).name.clone();
    let relation_error = |ctx: &mut Ctx<'_>, message: String| {
        ctx.push(Diagnostic::attribute("@relation", message, field.span));
    };
    if !has_fields {
        relation_error(ctx, format!("The relation field `{}` on Model `{model_name}` must specify the `fields` argument in the @relation attribute.", field.name));
    }
    if !has_refs {
        relation_error(ctx, format!("The relation field `{}` on Model `{model_name}` must specify the `references` argument in the @relation attribute.", field.name));
    }
    if !has_fields || !has_refs {
        return;
    }
    if rf.fields.len() != rf.references.len() {
        relation_error(
            ctx,
            "You must specify the same number of fields in `fields` and `references`.".to_owned(),
        );
        return;
    }
    for (&fk, &referenced) in rf.fields.iter().zip(&rf.references) {
        let (a, b) = (ctx.dm.field(fk).clone(), ctx.dm.field(referenced).clone());
        let same_type = a.field_type == b.field_type
            && (a.native_type.is_none()
                || b.native_type.is_none()
                || a.native_type.as_ref().map(|n| (&n.name, &n.args))
                    == b.native_type.as_ref().map(|n| (&n.name, &n.args)));
        if !same_type {
            relation_error(ctx, format!("The type of the field `{}` in the model `{model_name}` is not matching the type of the referenced field `{}` in model `{target_name}`.", a.name, b.name));
        }
    }
    if !rf.references.is_empty() && !ctx.dm.is_unique_criterion(rf.target, &rf.references) {
        let names: Vec<String> = rf
            .references
            .iter()
            .map(|&r| ctx.dm.field(r).name.clone())
            .collect();
        let hint = if names.len() == 1 {
            format!("Consider adding an `@unique` attribute to the field `{}` in the model `{target_name}`.", names[0])
        } else {
            format!(
                "Consider adding an `@@unique([{}])` attribute to the model `{target_name}`.",
                names.join(", ")
            )
        };
        relation_error(ctx, format!("The argument `references` must refer to a unique criterion in the related model. {hint}"));
    }
    if one_to_one && !rf.fields.is_empty() && !ctx.dm.is_unique_criterion(side.model, &rf.fields) {
        let names: Vec<String> = rf
            .fields
            .iter()
            .map(|&r| ctx.dm.field(r).name.clone())
            .collect();
        let hint = if names.len() == 1 {
            format!("Either add an `@unique` attribute to the field `{}`, or change the relation to one-to-many.", names[0])
        } else {
            format!("Either add an `@@unique([{}])` attribute to the model `{model_name}`, or change the relation to one-to-many.", names.join(", "))
        };
        relation_error(
            ctx,
            format!("A one-to-one relation must use unique fields on the defining side. {hint}"),
        );
    }
    let optional_fk = rf.fields.iter().any(|&f| !ctx.dm.field(f).is_required());
    if field.is_required() && optional_fk {
        let names: Vec<String> = rf
            .fields
            .iter()
            .map(|&r| ctx.dm.field(r).name.clone())
            .collect();
        relation_error(ctx, format!("The relation field `{}` uses the scalar fields {}. At least one of those fields is optional. Hence the relation field must be optional as well.", field.name, names.join(", ")));
    }
    let all_required = rf.fields.iter().all(|&f| ctx.dm.field(f).is_required());
    if ctx.relation_mode() == RelationMode::ForeignKeys && all_required && !rf.fields.is_empty() {
        for (key, action) in [("onDelete", rf.on_delete), ("onUpdate", rf.on_update)] {
            if action == Some(ReferentialAction::SetNull) {
                relation_error(ctx, format!("The `{key}` referential action of a relation must not be set to `SetNull` when a referenced field is required.\nEither choose another referential action, or make the referenced fields optional."));
            }
        }
    }
    let _ = rel;
}
