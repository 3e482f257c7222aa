//! Type resolution: builds the arena entries for every block and resolves each field's type name to a scalar,
//! an enum, a model (relation) or a composite type.

use super::context::{Ctx, TopRef};
use crate::ast;
use crate::datamodel::*;
use crate::diagnostics::Diagnostic;

pub(crate) fn resolve(ctx: &mut Ctx<'_>) {
    for e in ctx.enums.clone() {
        ctx.dm.enums.push(Enum {
            name: e.name.name.clone(),
            db_name: None,
            values: e
                .values()
                .map(|v| EnumValue {
                    name: v.name.name.clone(),
                    db_name: None,
                    documentation: v.documentation_text(),
                })
                .collect(),
            schema: None,
            documentation: e.documentation_text(),
            span: e.span,
        });
    }
    for (i, m) in ctx.composites.clone().into_iter().enumerate() {
        let fields = ctx.composite_fields[i]
            .clone()
            .into_iter()
            .map(|f| field(ctx, f, "composite type", &m.name.name))
            .collect();
        ctx.dm.composite_types.push(CompositeType {
            name: m.name.name.clone(),
            fields,
            documentation: m.documentation_text(),
            span: m.span,
        });
    }
    for (i, m) in ctx.models.clone().into_iter().enumerate() {
        let fields = ctx.model_fields[i]
            .clone()
            .into_iter()
            .map(|f| field(ctx, f, m.kind.keyword(), &m.name.name))
            .collect();
        ctx.dm.models.push(Model {
            name: m.name.name.clone(),
            kind: match m.kind {
                ast::ModelKind::View => ModelKind::View,
                _ => ModelKind::Model,
            },
            db_name: None,
            fields,
            primary_key: None,
            indexes: Vec::new(),
            schema: None,
            is_ignored: false,
            documentation: m.documentation_text(),
            span: m.span,
        });
    }
}

fn field(ctx: &mut Ctx<'_>, f: &ast::Field, container: &str, container_name: &str) -> Field {
    let field_type = match &f.field_type {
        ast::FieldType::Unsupported { native, .. } => FieldType::Unsupported(native.clone()),
        ast::FieldType::Named(ident) => match resolve_name(ctx, &ident.name) {
            Some(t) => t,
            None => {
                ctx.push(Diagnostic::error(
                    format!(
                        "Type \"{}\" is neither a built-in type, nor refers to another model, composite type, or enum.",
                        ident.name
                    ),
                    ident.span,
                ));
                FieldType::Unsupported(ident.name.clone())
            }
        },
    };
    if container == "composite type" {
        if let FieldType::Relation(_) = field_type {
            ctx.push(Diagnostic::error(
                format!(
                    "Error validating composite type \"{container_name}\": {} refers to a model, making this a relation field. Relation fields inside composite types are not supported.",
                    f.field_type.name().unwrap_or_default()
                ),
                f.field_type.span(),
            ));
        }
    }
    Field {
        name: f.name.name.clone(),
        db_name: None,
        field_type,
        arity: match f.arity {
            ast::Arity::Required => Arity::Required,
            ast::Arity::Optional => Arity::Optional,
            ast::Arity::List => Arity::List,
        },
        default: None,
        is_updated_at: false,
        is_ignored: false,
        native_type: None,
        documentation: f.documentation_text(),
        span: f.span,
    }
}

fn resolve_name(ctx: &Ctx<'_>, name: &str) -> Option<FieldType> {
    if let Some(s) = ScalarType::parse(name) {
        return Some(FieldType::Scalar(s));
    }
    Some(match ctx.tops.get(name)? {
        TopRef::Enum(id) => FieldType::Enum(*id),
        TopRef::Composite(id) => FieldType::Composite(*id),
        TopRef::Model(id) => FieldType::Relation(Box::new(RelationField {
            target: *id,
            relation: None,
            explicit_name: None,
            fields: Vec::new(),
            references: Vec::new(),
            on_delete: None,
            on_update: None,
            map: None,
        })),
    })
}
