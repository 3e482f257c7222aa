//! Field and block attributes, each checked in isolation (only type information is needed): `@id`, `@unique`,
//! `@map`, `@default`, `@updatedAt`, `@ignore`, `@relation`, `@db.X`, and the `@@` block attributes.

use super::args::{expect_bool, expect_string, render_expression, value_kind, Args};
use super::context::{Ctx, TopRef};
use super::{defaults, indexes};
use crate::ast::{self, Attribute, Expression};
use crate::config::ReferentialAction;
use crate::datamodel::*;
use crate::diagnostics::Diagnostic;

pub(crate) fn resolve(ctx: &mut Ctx<'_>) {
    for i in 0..ctx.enums.len() {
        enum_attributes(ctx, EnumId(i as u32));
    }
    for i in 0..ctx.composites.len() {
        for j in 0..ctx.composite_fields[i].len() {
            composite_field_attributes(ctx, i, j);
        }
    }
    for m in 0..ctx.models.len() {
        let model = ModelId(m as u32);
        for index in 0..ctx.model_fields[m].len() {
            field_attributes(
                ctx,
                FieldId {
                    model,
                    index: index as u32,
                },
            );
        }
        block_attributes(ctx, model);
    }
}

/// Groups attributes by name; reports duplicates of attributes that may appear once.
fn single<'a>(
    ctx: &mut Ctx<'_>,
    attrs: &[&'a Attribute],
    name: &str,
    prefix: &str,
) -> Option<&'a Attribute> {
    let found: Vec<&&Attribute> = attrs.iter().filter(|a| a.name.name == name).collect();
    match found.len() {
        0 => None,
        1 => Some(found[0]),
        _ => {
            for a in found {
                ctx.push(Diagnostic::error(
                    format!("Attribute \"{prefix}{name}\" can only be defined once."),
                    a.span,
                ));
            }
            None
        }
    }
}

/// The native type name of `@db.X`, when the prefix is the datasource's name.
fn native_name<'a>(ctx: &Ctx<'_>, attr: &'a Attribute) -> Option<&'a str> {
    let (prefix, name) = attr.name.name.split_once('.')?;
    (Some(prefix) == ctx.config.datasource_name.as_deref()).then_some(name)
}

fn unknown(ctx: &mut Ctx<'_>, attrs: &[&Attribute], known: &[&str], prefix: &str) {
    for a in attrs {
        if !known.contains(&a.name.name.as_str()) && native_name(ctx, a).is_none() {
            ctx.push(Diagnostic::error(
                format!("Attribute not known: \"{prefix}{}\".", a.name.name),
                a.span,
            ));
        }
    }
}

fn map_argument(ctx: &mut Ctx<'_>, attr: &Attribute, prefix: &str) -> Option<String> {
    let mut args = Args::new(attr);
    let name = format!("{prefix}map");
    let value = match args.default_arg("name") {
        Some(e) => expect_string(e, &name, &mut ctx.diags).map(str::to_owned),
        None => {
            ctx.push(Diagnostic::attribute(
                &name,
                "Argument \"name\" is missing.",
                attr.span,
            ));
            None
        }
    };
    args.finish(&mut ctx.diags);
    value
}

fn native_type(ctx: &mut Ctx<'_>, attrs: &[&Attribute]) -> Option<NativeType> {
    let natives: Vec<&&Attribute> = attrs
        .iter()
        .filter(|a| native_name(ctx, a).is_some())
        .collect();
    if natives.len() > 1 {
        for a in &natives {
            ctx.push(Diagnostic::error(
                format!("Attribute \"@{}\" can only be defined once.", a.name.name),
                a.span,
            ));
        }
        return None;
    }
    let attr = natives.first()?;
    let name = native_name(ctx, attr)?.to_owned();
    Some(NativeType {
        name,
        args: attr
            .arguments
            .arguments
            .iter()
            .map(|a| render_expression(&a.value))
            .collect(),
        span: attr.span,
    })
}

fn field_attributes(ctx: &mut Ctx<'_>, id: FieldId) {
    let ast_field = ctx.ast_field(id);
    let attrs: Vec<&Attribute> = ast_field.attributes.iter().collect();
    let is_relation = ctx.dm.field(id).is_relation();
    if let Some(attr) = single(ctx, &attrs, "ignore", "@") {
        Args::new(attr).finish(&mut ctx.diags);
        ctx.dm.models[id.model.0 as usize].fields[id.index as usize].is_ignored = true;
    }
    if let Some(attr) = single(ctx, &attrs, "updatedAt", "@") {
        Args::new(attr).finish(&mut ctx.diags);
        let f = ctx.dm.field(id);
        if f.scalar_type() != Some(ScalarType::DateTime) {
            ctx.push(Diagnostic::attribute(
                "@updatedAt",
                "Fields that are marked with @updatedAt must be of type DateTime.",
                attr.span,
            ));
        } else if f.is_list() {
            ctx.push(Diagnostic::attribute(
                "@updatedAt",
                "Fields that are marked with @updatedAt cannot be lists.",
                attr.span,
            ));
        } else {
            ctx.dm.models[id.model.0 as usize].fields[id.index as usize].is_updated_at = true;
        }
    }
    if let Some(attr) = single(ctx, &attrs, "id", "@") {
        field_id(ctx, id, attr, is_relation);
    }
    if let Some(attr) = single(ctx, &attrs, "map", "@") {
        let name = map_argument(ctx, attr, "@");
        ctx.dm.models[id.model.0 as usize].fields[id.index as usize].db_name = name;
    }
    if let Some(attr) = single(ctx, &attrs, "default", "@") {
        if is_relation {
            ctx.push(Diagnostic::attribute(
                "@default",
                "Cannot set a default value on a relation field.",
                attr.span,
            ));
        } else {
            let field = ctx.dm.field(id).clone();
            let value = defaults::parse(ctx, &field, attr);
            ctx.dm.models[id.model.0 as usize].fields[id.index as usize].default = value;
        }
    }
    if let Some(attr) = single(ctx, &attrs, "unique", "@") {
        field_unique(ctx, id, attr, is_relation);
    }
    if let Some(attr) = single(ctx, &attrs, "relation", "@") {
        if is_relation {
            relation_attribute(ctx, id, attr);
        } else {
            ctx.push(Diagnostic::attribute(
                "@relation",
                "Invalid field type, not a relation.",
                attr.span,
            ));
        }
    }
    let native = native_type(ctx, &attrs);
    ctx.dm.models[id.model.0 as usize].fields[id.index as usize].native_type = native;
    unknown(
        ctx,
        &attrs,
        &[
            "id",
            "unique",
            "default",
            "map",
            "updatedAt",
            "ignore",
            "relation",
        ],
        "@",
    );
}

fn field_id(ctx: &mut Ctx<'_>, id: FieldId, attr: &Attribute, is_relation: bool) {
    let mut args = Args::new(attr);
    let map = args
        .named("map")
        .and_then(|e| expect_string(e, "@id", &mut ctx.diags).map(str::to_owned));
    let field_options = indexes::field_options(ctx, &mut args, "@id");
    let clustered = args
        .named("clustered")
        .and_then(|e| expect_bool(e, "@id", &mut ctx.diags));
    args.finish(&mut ctx.diags);
    if is_relation {
        ctx.push(Diagnostic::attribute(
            "@id",
            format!(
                "The field `{}` is a relation field and cannot be marked with `@id`. Only scalar fields can be declared as id.",
                ctx.dm.field(id).name
            ),
            attr.span,
        ));
        return;
    }
    let model = &ctx.dm.models[id.model.0 as usize];
    if model.primary_key.is_some() {
        let (name, span) = (model.name.clone(), model.span);
        let container = ctx.container(id.model);
        ctx.push(Diagnostic::error(
            format!("Error validating {container} \"{name}\": At most one field must be marked as the id field with the `@id` attribute."),
            span,
        ));
        return;
    }
    if ctx.dm.field(id).arity != Arity::Required {
        ctx.push(Diagnostic::attribute(
            "@id",
            "Fields that are marked as id must be required.",
            attr.span,
        ));
    }
    ctx.dm.models[id.model.0 as usize].primary_key = Some(PrimaryKey {
        fields: vec![IndexField {
            field: id,
            path: Vec::new(),
            sort: field_options.sort,
            length: field_options.length,
            operator_class: None,
        }],
        name: None,
        map,
        clustered,
        defined_on_field: true,
        span: attr.span,
    });
}

fn field_unique(ctx: &mut Ctx<'_>, id: FieldId, attr: &Attribute, is_relation: bool) {
    let mut args = Args::new(attr);
    let map = args
        .named("map")
        .and_then(|e| expect_string(e, "@unique", &mut ctx.diags).map(str::to_owned));
    let options = indexes::field_options(ctx, &mut args, "@unique");
    let clustered = args
        .named("clustered")
        .and_then(|e| expect_bool(e, "@unique", &mut ctx.diags));
    args.finish(&mut ctx.diags);
    if is_relation {
        ctx.push(Diagnostic::attribute(
            "@unique",
            format!(
                "The field `{}` is a relation field and cannot be marked with `unique`. Only scalar fields can be made unique.",
                ctx.dm.field(id).name
            ),
            attr.span,
        ));
        return;
    }
    ctx.dm.models[id.model.0 as usize].indexes.push(Index {
        kind: IndexKind::Unique,
        fields: vec![IndexField {
            field: id,
            path: Vec::new(),
            sort: options.sort,
            length: options.length,
            operator_class: None,
        }],
        name: None,
        map,
        algorithm: None,
        clustered,
        defined_on_field: true,
        span: attr.span,
    });
}

/// `@relation(name?, fields:, references:, onDelete:, onUpdate:, map:)`: read here, checked against the
/// other side when relations are paired.
fn relation_attribute(ctx: &mut Ctx<'_>, id: FieldId, attr: &Attribute) {
    let mut args = Args::new(attr);
    let explicit_name = args
        .default_arg("name")
        .and_then(|e| expect_string(e, "@relation", &mut ctx.diags).map(str::to_owned));
    let fields_expr = args.named("fields");
    let references_expr = args.named("references");
    let on_delete = args
        .named("onDelete")
        .and_then(|e| referential_action(ctx, e));
    let on_update = args
        .named("onUpdate")
        .and_then(|e| referential_action(ctx, e));
    let map = args
        .named("map")
        .and_then(|e| expect_string(e, "@relation", &mut ctx.diags).map(str::to_owned));
    args.finish(&mut ctx.diags);

    let Some(target) = ctx.dm.relation_field(id).map(|r| r.target) else {
        return;
    };
    let fields = fields_expr
        .map(|e| relation_field_list(ctx, id.model, e, attr, None))
        .unwrap_or_default();
    let references = references_expr
        .map(|e| relation_field_list(ctx, target, e, attr, Some(target)))
        .unwrap_or_default();
    if let FieldType::Relation(r) =
        &mut ctx.dm.models[id.model.0 as usize].fields[id.index as usize].field_type
    {
        r.explicit_name = explicit_name;
        r.fields = fields;
        r.references = references;
        r.on_delete = on_delete;
        r.on_update = on_update;
        r.map = map;
    }
    ctx.relation_args
        .push((id, fields_expr.is_some(), references_expr.is_some()));
}

fn referential_action(ctx: &mut Ctx<'_>, e: &Expression) -> Option<ReferentialAction> {
    let parsed = e.as_constant().and_then(ReferentialAction::parse);
    if parsed.is_none() {
        ctx.push(Diagnostic::attribute(
            "@relation",
            format!(
                "Invalid referential action: `{}`. Allowed values: (`Cascade`, `Restrict`, `NoAction`, `SetNull`, `SetDefault`)",
                render_expression(e)
            ),
            e.span(),
        ));
    }
    parsed
}

/// `fields: [a, b]` (in the field's model) or `references: [x]` (in the target model).
fn relation_field_list(
    ctx: &mut Ctx<'_>,
    model: ModelId,
    e: &Expression,
    attr: &Attribute,
    related: Option<ModelId>,
) -> Vec<FieldId> {
    let items: Vec<&Expression> = match e {
        Expression::Array(items, _) => items.iter().collect(),
        single => vec![single],
    };
    let mut resolved = Vec::new();
    let mut unknown = Vec::new();
    let mut relation_fields = Vec::new();
    for item in items {
        let Some(name) = item.as_constant() else {
            ctx.push(Diagnostic::attribute(
                "@relation",
                format!(
                    "Expected a constant value, but received {} value `{}`.",
                    value_kind(item),
                    render_expression(item)
                ),
                item.span(),
            ));
            continue;
        };
        match ctx.dm.find_field(model, name) {
            Some(f) if ctx.dm.field(f).is_relation() => relation_fields.push(name.to_owned()),
            Some(f) => resolved.push(f),
            None => unknown.push(name.to_owned()),
        }
    }
    if !unknown.is_empty() {
        let message = match related {
            None => format!(
                "The argument fields must refer only to existing fields. The following fields do not exist in this model: {}",
                unknown.join(", ")
            ),
            Some(target) => format!(
                "The argument `references` must refer only to existing fields in the related model `{}`. The following fields do not exist in the related model: {}",
                ctx.dm.model(target).name,
                unknown.join(", ")
            ),
        };
        ctx.push(Diagnostic::attribute("@relation", message, attr.span));
    }
    if !relation_fields.is_empty() {
        let message = match related {
            None => format!(
                "The argument fields must refer only to scalar fields. But it is referencing the following relation fields: {}",
                relation_fields.join(", ")
            ),
            Some(_) => format!(
                "The argument `references` must refer only to scalar fields in the related model `{}`. But it is referencing the following relation fields: {}",
                ctx.dm.model(model).name,
                relation_fields.join(", ")
            ),
        };
        ctx.push(Diagnostic::attribute("@relation", message, attr.span));
    }
    resolved
}

fn block_attributes(ctx: &mut Ctx<'_>, model: ModelId) {
    let ast_model = ctx.ast_model(model);
    let attrs: Vec<&Attribute> = ast_model.attributes().collect();
    if let Some(attr) = single(ctx, &attrs, "ignore", "@@") {
        Args::new(attr).finish(&mut ctx.diags);
        ctx.dm.models[model.0 as usize].is_ignored = true;
    }
    if let Some(attr) = single(ctx, &attrs, "id", "@@") {
        indexes::block_id(ctx, model, attr);
    }
    if let Some(attr) = single(ctx, &attrs, "map", "@@") {
        let name = map_argument(ctx, attr, "@@");
        ctx.dm.models[model.0 as usize].db_name = name;
    }
    if let Some(attr) = single(ctx, &attrs, "schema", "@@") {
        if let Some((name, span)) = schema_argument(ctx, attr) {
            ctx.dm.models[model.0 as usize].schema = Some(name);
            ctx.schema_spans.push((TopRef::Model(model), span));
        }
    }
    for kind in [IndexKind::Normal, IndexKind::Unique, IndexKind::Fulltext] {
        let name = match kind {
            IndexKind::Normal => "index",
            IndexKind::Unique => "unique",
            IndexKind::Fulltext => "fulltext",
        };
        for attr in attrs.iter().filter(|a| a.name.name == name) {
            indexes::block_index(ctx, model, attr, kind);
        }
    }
    unknown(
        ctx,
        &attrs,
        &[
            "ignore", "id", "map", "schema", "index", "unique", "fulltext",
        ],
        "@@",
    );
}

fn schema_argument(ctx: &mut Ctx<'_>, attr: &Attribute) -> Option<(String, crate::span::Span)> {
    let mut args = Args::new(attr);
    let value = args.default_arg("name");
    let result = match value {
        Some(e) => expect_string(e, "@@schema", &mut ctx.diags).map(|s| (s.to_owned(), e.span())),
        None => {
            ctx.push(Diagnostic::attribute(
                "@@schema",
                "Argument \"name\" is missing.",
                attr.span,
            ));
            None
        }
    };
    args.finish(&mut ctx.diags);
    result
}

fn enum_attributes(ctx: &mut Ctx<'_>, id: EnumId) {
    let ast_enum: &ast::Enum = ctx.enums[id.0 as usize];
    let attrs: Vec<&Attribute> = ast_enum.attributes().collect();
    if let Some(attr) = single(ctx, &attrs, "map", "@@") {
        let name = map_argument(ctx, attr, "@@");
        ctx.dm.enums[id.0 as usize].db_name = name;
    }
    if let Some(attr) = single(ctx, &attrs, "schema", "@@") {
        if let Some((name, span)) = schema_argument(ctx, attr) {
            ctx.dm.enums[id.0 as usize].schema = Some(name);
            ctx.schema_spans.push((TopRef::Enum(id), span));
        }
    }
    unknown(ctx, &attrs, &["map", "schema"], "@@");
    for (i, value) in ast_enum.values().enumerate() {
        let attrs: Vec<&Attribute> = value.attributes.iter().collect();
        if let Some(attr) = single(ctx, &attrs, "map", "@") {
            let name = map_argument(ctx, attr, "@");
            ctx.dm.enums[id.0 as usize].values[i].db_name = name;
        }
        unknown(ctx, &attrs, &["map"], "@");
    }
}

fn composite_field_attributes(ctx: &mut Ctx<'_>, ct: usize, index: usize) {
    let ast_field = ctx.composite_fields[ct][index];
    let attrs: Vec<&Attribute> = ast_field.attributes.iter().collect();
    if let Some(attr) = single(ctx, &attrs, "map", "@") {
        let name = map_argument(ctx, attr, "@");
        ctx.dm.composite_types[ct].fields[index].db_name = name;
    }
    if let Some(attr) = single(ctx, &attrs, "default", "@") {
        let field = ctx.dm.composite_types[ct].fields[index].clone();
        let value = defaults::parse(ctx, &field, attr);
        ctx.dm.composite_types[ct].fields[index].default = value;
    }
    let native = native_type(ctx, &attrs);
    ctx.dm.composite_types[ct].fields[index].native_type = native;
    let container = ctx.composites[ct].name.name.clone();
    for a in &attrs {
        let n = a.name.name.as_str();
        if matches!(n, "id" | "unique" | "relation" | "updatedAt" | "ignore") {
            ctx.push(Diagnostic::error(
                format!("Error validating composite type \"{container}\": Defining `@{n}` attribute for a field in a composite type is not allowed."),
                a.span,
            ));
        }
    }
    unknown(
        ctx,
        &attrs,
        &[
            "map",
            "default",
            "id",
            "unique",
            "relation",
            "updatedAt",
            "ignore",
        ],
        "@",
    );
}
