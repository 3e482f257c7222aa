//! Name checks: top-level names must be unique across models, views, enums and composite types, field and
//! enum value names unique in their block, and some names are reserved by the generated client.

use super::context::{Ctx, TopRef};
use crate::ast::{self, ModelKind};
use crate::datamodel::{CompositeTypeId, EnumId, ModelId, ScalarType};
use crate::diagnostics::Diagnostic;
use std::collections::HashSet;

/// Names the generated client already uses for itself, and JavaScript keywords.
const RESERVED_NAMES: &[&str] = &[
    "PrismaClient",
    "Prisma",
    "async",
    "await",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "implements",
    "import",
    "in",
    "instanceof",
    "interface",
    "let",
    "new",
    "null",
    "package",
    "private",
    "protected",
    "public",
    "return",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "var",
    "void",
    "while",
    "with",
    "yield",
];

/// Whether the generated client reserves this name for itself.
pub(crate) fn is_reserved(name: &str) -> bool {
    RESERVED_NAMES.contains(&name)
}

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let mut first_kind: std::collections::HashMap<&str, &'static str> = Default::default();
    let models = ctx.models.clone();
    let composites = ctx.composites.clone();
    let enums = ctx.enums.clone();
    // Walk blocks in schema order: the parallel lists keep their own order, so merge by span.
    let mut order: Vec<(usize, TopRef)> = Vec::new();
    for (i, m) in models.iter().enumerate() {
        order.push((m.span.start, TopRef::Model(ModelId(i as u32))));
    }
    for (i, m) in composites.iter().enumerate() {
        order.push((m.span.start, TopRef::Composite(CompositeTypeId(i as u32))));
    }
    for (i, e) in enums.iter().enumerate() {
        order.push((e.span.start, TopRef::Enum(EnumId(i as u32))));
    }
    order.sort_by_key(|(start, _)| *start);
    for (_, top) in order {
        let (ident, kind) = match top {
            TopRef::Model(id) => {
                let m = models[id.0 as usize];
                check_block(ctx, m);
                (&m.name, m.kind.keyword())
            }
            TopRef::Composite(id) => {
                let m = composites[id.0 as usize];
                check_block(ctx, m);
                (&m.name, "composite type")
            }
            TopRef::Enum(id) => {
                let e = enums[id.0 as usize];
                check_enum(ctx, e);
                (&e.name, "enum")
            }
        };
        if let Some(existing) = first_kind.get(ident.name.as_str()) {
            ctx.push(Diagnostic::error(
                format!(
                    "The {kind} \"{}\" cannot be defined because a {existing} with that name already exists.",
                    ident.name
                ),
                ident.span,
            ));
        } else {
            first_kind.insert(&ident.name, kind);
            ctx.tops.insert(&ident.name, top);
        }
    }
}

fn reserved_scalar(ctx: &mut Ctx<'_>, ident: &ast::Identifier) -> bool {
    if ScalarType::parse(&ident.name).is_some() {
        ctx.push(Diagnostic::error(
            format!(
                "\"{}\" is a reserved scalar type name and cannot be used.",
                ident.name
            ),
            ident.span,
        ));
        return true;
    }
    false
}

fn check_block(ctx: &mut Ctx<'_>, m: &ast::Model) {
    reserved_scalar(ctx, &m.name);
    let keyword = match m.kind {
        ModelKind::CompositeType => "composite type",
        other => other.keyword(),
    };
    if m.kind != ModelKind::CompositeType && is_reserved(&m.name.name) {
        ctx.push(Diagnostic::error(
            format!(
                "Error validating {keyword} \"{0}\": The {keyword} name `{0}` is invalid. It is a reserved name. Please change it. Read more at https://pris.ly/d/naming-models",
                m.name.name
            ),
            m.span,
        ));
    }
    let mut seen = HashSet::new();
    for f in m.fields() {
        if !seen.insert(f.name.name.as_str()) {
            ctx.push(Diagnostic::error(
                format!(
                    "Field \"{}\" is already defined on {keyword} \"{}\".",
                    f.name.name, m.name.name
                ),
                f.name.span,
            ));
        }
    }
}

fn check_enum(ctx: &mut Ctx<'_>, e: &ast::Enum) {
    reserved_scalar(ctx, &e.name);
    if is_reserved(&e.name.name) {
        ctx.push(Diagnostic::error(
            format!(
                "Error validating enum `{0}`: The enum name `{0}` is invalid. It is a reserved name. Please change it. Read more at https://pris.ly/d/naming-enums",
                e.name.name
            ),
            e.span,
        ));
    }
    let mut seen = HashSet::new();
    for v in e.values() {
        if !seen.insert(v.name.name.as_str()) {
            ctx.push(Diagnostic::error(
                format!(
                    "Value \"{}\" is already defined on enum \"{}\".",
                    v.name.name, e.name.name
                ),
                v.name.span,
            ));
        }
    }
}
