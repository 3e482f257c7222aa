//! `@@id`, `@@unique`, `@@index` and `@@fulltext`: resolving their field lists (with per-field `sort`,
//! `length` and `ops`, and dotted paths into composite types) and their options.

use super::args::{expect_bool, expect_string, render_expression, value_kind, Args};
use super::context::Ctx;
use crate::ast::{Attribute, Expression};
use crate::datamodel::*;
use crate::diagnostics::Diagnostic;

/// `sort:` and `length:` of a single-field `@id` / `@unique`.
pub(crate) struct FieldOptions {
    pub sort: Option<SortOrder>,
    pub length: Option<u32>,
}

pub(crate) fn field_options(
    ctx: &mut Ctx<'_>,
    args: &mut Args<'_>,
    attribute: &str,
) -> FieldOptions {
    let sort = args
        .named("sort")
        .and_then(|e| sort_order(ctx, e, attribute));
    let length = args.named("length").and_then(|e| length(ctx, e, attribute));
    FieldOptions { sort, length }
}

fn sort_order(ctx: &mut Ctx<'_>, e: &Expression, attribute: &str) -> Option<SortOrder> {
    match e.as_constant() {
        Some("Asc") => Some(SortOrder::Asc),
        Some("Desc") => Some(SortOrder::Desc),
        _ => {
            ctx.push(Diagnostic::attribute(
                attribute,
                format!(
                    "The given value `{}` is not a valid sort order. Allowed values: `Asc`, `Desc`.",
                    render_expression(e)
                ),
                e.span(),
            ));
            None
        }
    }
}

fn length(ctx: &mut Ctx<'_>, e: &Expression, attribute: &str) -> Option<u32> {
    match e {
        Expression::Numeric(text, _) => match text.parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                ctx.push(Diagnostic::attribute(
                    attribute,
                    format!("Expected an integer value, but found `{text}`."),
                    e.span(),
                ));
                None
            }
        },
        other => {
            ctx.push(Diagnostic::attribute(
                attribute,
                format!(
                    "Expected a numeric value, but received {} value `{}`.",
                    value_kind(other),
                    render_expression(other)
                ),
                other.span(),
            ));
            None
        }
    }
}

/// Which block attribute a field list belongs to, for Prisma's wording.
#[derive(Clone, Copy)]
enum ListKind {
    Id,
    Index(IndexKind),
}

impl ListKind {
    fn attribute(self) -> &'static str {
        match self {
            ListKind::Id => "@@id",
            ListKind::Index(IndexKind::Unique) => "@@unique",
            ListKind::Index(IndexKind::Normal) => "@@index",
            ListKind::Index(IndexKind::Fulltext) => "@@fulltext",
        }
    }

    fn unknown_subject(self) -> &'static str {
        match self {
            ListKind::Id => "multi field id declaration",
            ListKind::Index(IndexKind::Unique) => "unique index definition",
            ListKind::Index(_) => "index definition",
        }
    }

    fn relation_subject(self) -> (&'static str, &'static str) {
        match self {
            ListKind::Id => ("id definition", "ID definitions"),
            ListKind::Index(IndexKind::Unique) => {
                ("unique index definition", "Unique index definitions")
            }
            ListKind::Index(_) => ("index definition", "Index definitions"),
        }
    }
}

fn model_error(ctx: &mut Ctx<'_>, model: ModelId, message: String, span: crate::span::Span) {
    let name = ctx.dm.model(model).name.clone();
    let container = ctx.container(model);
    ctx.push(Diagnostic::error(
        format!("Error validating {container} \"{name}\": {message}"),
        span,
    ));
}

/// Resolves `[a, b(sort: Desc), c.d]`; reports unknown and relation fields as one error each.
fn field_list(
    ctx: &mut Ctx<'_>,
    model: ModelId,
    e: &Expression,
    attr: &Attribute,
    kind: ListKind,
) -> Option<Vec<IndexField>> {
    // A single field may be written without brackets.
    let items: &[Expression] = match e {
        Expression::Array(items, _) => items,
        single => std::slice::from_ref(single),
    };
    let mut fields = Vec::new();
    let mut unknown = Vec::new();
    let mut relations = Vec::new();
    for item in items {
        let (path, field_args) = match item {
            Expression::Constant(name, _) => (name.as_str(), None),
            Expression::Function(name, args, _) => (name.as_str(), Some(args)),
            other => {
                ctx.push(Diagnostic::attribute(
                    kind.attribute(),
                    format!(
                        "Expected a constant value, but received {} value `{}`.",
                        value_kind(other),
                        render_expression(other)
                    ),
                    other.span(),
                ));
                continue;
            }
        };
        let mut parts = path.split('.');
        let first = parts.next().unwrap_or_default();
        let Some(field) = ctx.dm.find_field(model, first) else {
            unknown.push(path.to_owned());
            continue;
        };
        if ctx.dm.field(field).is_relation() {
            relations.push(path.to_owned());
            continue;
        }
        let mut composite_path = Vec::new();
        let mut current = ctx.dm.field(field).field_type.clone();
        let mut ok = true;
        for part in parts {
            let FieldType::Composite(ct) = current else {
                ok = false;
                break;
            };
            let found = ctx
                .dm
                .composite_type(ct)
                .fields
                .iter()
                .position(|f| f.name == part);
            match found {
                Some(i) => {
                    let id = CompositeFieldId {
                        composite_type: ct,
                        index: i as u32,
                    };
                    current = ctx.dm.composite_field(id).field_type.clone();
                    composite_path.push(id);
                }
                None => {
                    ok = false;
                    break;
                }
            }
        }
        if !ok {
            unknown.push(path.to_owned());
            continue;
        }
        let mut index_field = IndexField {
            field,
            path: composite_path,
            sort: None,
            length: None,
            operator_class: None,
        };
        if let Some(list) = field_args {
            let pseudo = Attribute {
                name: attr.name.clone(),
                arguments: list.clone(),
                span: attr.span,
            };
            let mut args = Args::new(&pseudo);
            index_field.sort = args
                .named("sort")
                .and_then(|e| sort_order(ctx, e, kind.attribute()));
            index_field.length = args
                .named("length")
                .and_then(|e| length(ctx, e, kind.attribute()));
            index_field.operator_class = args.named("ops").and_then(|e| match e {
                Expression::Constant(name, _) => Some(name.clone()),
                Expression::Function(name, raw, _) if name == "raw" => raw
                    .arguments
                    .first()
                    .and_then(|a| a.value.as_string())
                    .map(str::to_owned),
                _ => None,
            });
            // Prisma ignores other per-field arguments (e.g. `order:`), so they are not reported.
        }
        fields.push(index_field);
    }
    if !unknown.is_empty() {
        model_error(
            ctx,
            model,
            format!(
                "The {} refers to the unknown fields: {}.",
                kind.unknown_subject(),
                unknown.join(", ")
            ),
            attr.span,
        );
    }
    if !relations.is_empty() {
        let (subject, plural) = kind.relation_subject();
        model_error(
            ctx,
            model,
            format!(
                "The {subject} refers to the relation fields: {}. {plural} must reference only scalar fields.",
                relations.join(", ")
            ),
            attr.span,
        );
    }
    (unknown.is_empty() && relations.is_empty()).then_some(fields)
}

fn fields_argument<'a>(
    ctx: &mut Ctx<'_>,
    args: &mut Args<'a>,
    attr: &Attribute,
    kind: ListKind,
) -> Option<&'a Expression> {
    let e = args.default_arg("fields");
    if e.is_none() {
        ctx.push(Diagnostic::error(
            format!(
                "Argument \"fields\" is missing in attribute \"{}\".",
                kind.attribute()
            ),
            attr.span,
        ));
    }
    e
}

pub(crate) fn block_id(ctx: &mut Ctx<'_>, model: ModelId, attr: &Attribute) {
    let mut args = Args::new(attr);
    let fields_expr = fields_argument(ctx, &mut args, attr, ListKind::Id);
    let name = args
        .named("name")
        .and_then(|e| expect_string(e, "@@id", &mut ctx.diags).map(str::to_owned));
    let map = args
        .named("map")
        .and_then(|e| expect_string(e, "@@id", &mut ctx.diags).map(str::to_owned));
    let clustered = args
        .named("clustered")
        .and_then(|e| expect_bool(e, "@@id", &mut ctx.diags));
    args.finish(&mut ctx.diags);
    let fields = fields_expr.and_then(|e| field_list(ctx, model, e, attr, ListKind::Id));
    if ctx.dm.model(model).primary_key.is_some() {
        let span = ctx.dm.model(model).span;
        model_error(
            ctx,
            model,
            "Each model must have at most one id criteria. You can't have `@id` and `@@id` at the same time.".to_owned(),
            span,
        );
        return;
    }
    let Some(fields) = fields else {
        return;
    };
    let optional: Vec<String> = fields
        .iter()
        .filter(|f| f.path.is_empty() && !ctx.dm.field(f.field).is_required())
        .map(|f| ctx.dm.field(f.field).name.clone())
        .collect();
    if !optional.is_empty() {
        model_error(
            ctx,
            model,
            format!(
                "The id definition refers to the optional fields: {}. ID definitions must reference only required fields.",
                optional.join(", ")
            ),
            attr.span,
        );
    }
    ctx.dm.models[model.0 as usize].primary_key = Some(PrimaryKey {
        fields,
        name,
        map,
        clustered,
        defined_on_field: false,
        span: attr.span,
    });
}

pub(crate) fn block_index(ctx: &mut Ctx<'_>, model: ModelId, attr: &Attribute, kind: IndexKind) {
    let list_kind = ListKind::Index(kind);
    let attribute = list_kind.attribute();
    let mut args = Args::new(attr);
    let fields_expr = fields_argument(ctx, &mut args, attr, list_kind);
    let name = if kind == IndexKind::Fulltext {
        None
    } else {
        args.named("name")
            .and_then(|e| expect_string(e, attribute, &mut ctx.diags).map(str::to_owned))
    };
    let mut map = args
        .named("map")
        .and_then(|e| expect_string(e, attribute, &mut ctx.diags).map(str::to_owned));
    // On `@@index`, `name:` is the legacy spelling of `map:` (there is no client-side name to give).
    let name = if kind == IndexKind::Normal {
        map = map.or(name);
        None
    } else {
        name
    };
    let algorithm = if kind == IndexKind::Normal {
        args.named("type").and_then(|e| match e.as_constant() {
            Some(a @ ("BTree" | "Hash" | "Gist" | "Gin" | "SpGist" | "Brin")) => Some(a.to_owned()),
            _ => {
                ctx.push(Diagnostic::attribute(
                    attribute,
                    format!("Unknown index type: {}.", render_expression(e)),
                    e.span(),
                ));
                None
            }
        })
    } else {
        None
    };
    let clustered = if kind == IndexKind::Fulltext {
        None
    } else {
        args.named("clustered")
            .and_then(|e| expect_bool(e, attribute, &mut ctx.diags))
    };
    args.finish(&mut ctx.diags);
    let Some(fields) = fields_expr.and_then(|e| field_list(ctx, model, e, attr, list_kind)) else {
        return;
    };
    ctx.dm.models[model.0 as usize].indexes.push(Index {
        kind,
        fields,
        name,
        map,
        algorithm,
        clustered,
        defined_on_field: false,
        span: attr.span,
    });
}
