//! Relation inference: pairs every relation field with its opposite field (same relation name, pointing
//! back), and builds the [`Relation`] with Prisma's default name and referential actions.
//!
//! Nothing is reported here; fields left unpaired or ambiguous are recorded for the relation checks, which
//! only run on an otherwise clean schema, as in Prisma.

use super::context::Ctx;
use crate::config::{Provider, ReferentialAction, RelationMode};
use crate::datamodel::*;

pub(crate) fn infer(ctx: &mut Ctx<'_>) {
    let mut paired: Vec<FieldId> = Vec::new();
    let relation_fields: Vec<FieldId> = ctx
        .dm
        .model_ids()
        .flat_map(|(m, _)| {
            ctx.dm
                .field_ids(m)
                .filter(|(_, f)| f.is_relation())
                .map(|(id, _)| id)
                .collect::<Vec<_>>()
        })
        .collect();
    for &f in &relation_fields {
        if paired.contains(&f) {
            continue;
        }
        let Some(rf) = ctx.dm.relation_field(f) else {
            continue;
        };
        let (target, name) = (rf.target, rf.explicit_name.clone());
        let opposite = relation_fields.iter().copied().find(|&g| {
            g != f
                && g.model == target
                && !paired.contains(&g)
                && ctx
                    .dm
                    .relation_field(g)
                    .is_some_and(|r| r.target == f.model && r.explicit_name == name)
        });
        let Some(g) = opposite else {
            ctx.unpaired.push(f);
            continue;
        };
        paired.push(f);
        paired.push(g);
        let relation = build(ctx, f, g, name);
        let id = RelationId(ctx.dm.relations.len() as u32);
        ctx.dm.relations.push(relation);
        for side in [f, g] {
            if let FieldType::Relation(r) =
                &mut ctx.dm.models[side.model.0 as usize].fields[side.index as usize].field_type
            {
                r.relation = Some(id);
            }
        }
    }
}

fn build(ctx: &Ctx<'_>, f: FieldId, g: FieldId, explicit: Option<String>) -> Relation {
    let (name_f, name_g) = (&ctx.dm.model(f.model).name, &ctx.dm.model(g.model).name);
    let name = explicit.unwrap_or_else(|| default_relation_name(name_f, name_g));
    let (field_a, field_b) = if name_f < name_g || (name_f == name_g && f < g) {
        (f, g)
    } else {
        (g, f)
    };
    let (list_f, list_g) = (ctx.dm.field(f).is_list(), ctx.dm.field(g).is_list());
    let has_fields = |id: FieldId| {
        ctx.relation_args
            .iter()
            .any(|(field, fields, _)| *field == id && *fields)
            || ctx
                .dm
                .relation_field(id)
                .is_some_and(|r| !r.fields.is_empty())
    };
    let kind = match (list_f, list_g) {
        (true, true) if has_fields(f) && has_fields(g) => RelationKind::TwoWayEmbeddedManyToMany,
        (true, true) => RelationKind::ImplicitManyToMany,
        (false, false) => RelationKind::OneToOne,
        _ => RelationKind::OneToMany,
    };
    let referencing_field = match kind {
        RelationKind::ImplicitManyToMany | RelationKind::TwoWayEmbeddedManyToMany => None,
        _ if has_fields(f) && !list_f => Some(f),
        _ if has_fields(g) && !list_g => Some(g),
        _ => None,
    };
    let (on_delete, on_update) = match referencing_field {
        None => (ReferentialAction::Cascade, ReferentialAction::Cascade),
        Some(side) => {
            let rf = ctx.dm.relation_field(side);
            let any_required = rf
                .map(|r| r.fields.iter().any(|&s| ctx.dm.field(s).is_required()))
                .unwrap_or(false);
            let provider = ctx.config.datasource.as_ref().map(|d| d.provider);
            let restrict = if provider == Some(Provider::SqlServer)
                && ctx.relation_mode() == RelationMode::Prisma
            {
                ReferentialAction::NoAction
            } else {
                ReferentialAction::Restrict
            };
            let default_delete = if any_required {
                restrict
            } else {
                ReferentialAction::SetNull
            };
            (
                rf.and_then(|r| r.on_delete).unwrap_or(default_delete),
                rf.and_then(|r| r.on_update)
                    .unwrap_or(ReferentialAction::Cascade),
            )
        }
    };
    Relation {
        name,
        kind,
        field_a,
        field_b,
        referencing_field,
        on_delete,
        on_update,
    }
}
