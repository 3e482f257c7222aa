//! How the two tables of a relation are joined in SQL, seen from one relation field (the "parent" side).
//!
//! Relation filters, relation counts, orderings through to-one relations and nested reads all need the same
//! join condition; deriving it in one place keeps the foreign-key direction and the implicit many-to-many
//! table naming consistent between them.

// `EngineError` is large by design (it carries Prisma's error metadata); boxing it here alone would not help.

use schema_core::datamodel::{FieldId, IndexKind, ModelId, RelationKind};

use super::SqlContext;
use crate::error::EngineError;
use crate::sql::{Expr, Join, JoinKind, Select, Table};

/// The shape of a relation from the parent side.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RelationShape {
    /// One-to-one or one-to-many: `parent.p_i = child.c_i` for each pair.
    Inline {
        /// `(parent field, child field)` pairs.
        pairs: Vec<(FieldId, FieldId)>,
        /// The parent holds the foreign key (`@relation(fields: ..)` is on the parent's field).
        parent_holds_fk: bool,
    },
    /// Implicit many-to-many through Prisma's `_<RelationName>` table.
    ManyToMany(JoinTable),
}

/// The join table of an implicit many-to-many relation, from the parent side.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct JoinTable {
    pub table: Table,
    /// The join table's column referring to the parent (`A` or `B`).
    pub parent_column: &'static str,
    /// The join table's column referring to the child.
    pub child_column: &'static str,
    /// The parent's (single) id field the parent column refers to.
    pub parent_id: FieldId,
    /// The child's (single) id field the child column refers to.
    pub child_id: FieldId,
}

pub(crate) fn invalid(details: impl Into<String>) -> EngineError {
    EngineError::QueryInterpretation {
        details: details.into(),
    }
}

/// The model a relation field leads to.
pub(crate) fn target_model(ctx: &SqlContext<'_>, field: FieldId) -> Result<ModelId, EngineError> {
    ctx.datamodel
        .relation_field(field)
        .map(|r| r.target)
        .ok_or_else(|| {
            invalid(format!(
                "`{}` is not a relation field",
                ctx.datamodel.field(field).name
            ))
        })
}

/// The fields identifying a record: the primary key, or else the first unique constraint.
pub(crate) fn identifier(ctx: &SqlContext<'_>, model: ModelId) -> Vec<FieldId> {
    let m = ctx.datamodel.model(model);
    if let Some(pk) = &m.primary_key {
        return pk.fields.iter().map(|f| f.field).collect();
    }
    m.indexes
        .iter()
        .find(|i| i.kind == IndexKind::Unique)
        .map(|i| i.fields.iter().map(|f| f.field).collect())
        .unwrap_or_default()
}

/// How `parent_field`'s relation joins its two models.
pub(crate) fn relation_shape(
    ctx: &SqlContext<'_>,
    parent_field: FieldId,
) -> Result<RelationShape, EngineError> {
    let dm = ctx.datamodel;
    let name = || dm.field(parent_field).name.clone();
    let rf = dm
        .relation_field(parent_field)
        .ok_or_else(|| invalid(format!("`{}` is not a relation field", name())))?;
    let relation = dm
        .relation_of(parent_field)
        .ok_or_else(|| invalid(format!("the relation of `{}` is unresolved", name())))?;
    if relation.kind == RelationKind::ImplicitManyToMany {
        let single_id = |model: ModelId| match identifier(ctx, model).as_slice() {
            [id] => Ok(*id),
            _ => Err(invalid(format!(
                "implicit many-to-many relation `{}` needs a single-field id on `{}`",
                relation.name,
                dm.model(model).name
            ))),
        };
        let (parent_column, child_column) = if relation.field_a == parent_field {
            ("A", "B")
        } else {
            ("B", "A")
        };
        let mut table = Table::new(format!("_{}", relation.name));
        if let Some(schema) = ctx.schema {
            table = table.in_schema(schema);
        }
        return Ok(RelationShape::ManyToMany(JoinTable {
            table,
            parent_column,
            child_column,
            parent_id: single_id(parent_field.model)?,
            child_id: single_id(rf.target)?,
        }));
    }
    if !rf.fields.is_empty() {
        return Ok(RelationShape::Inline {
            pairs: rf
                .fields
                .iter()
                .copied()
                .zip(rf.references.iter().copied())
                .collect(),
            parent_holds_fk: true,
        });
    }
    let opposite = dm
        .opposite_field(parent_field)
        .and_then(|f| dm.relation_field(f))
        .ok_or_else(|| invalid(format!("the relation of `{}` has no other side", name())))?;
    Ok(RelationShape::Inline {
        pairs: opposite
            .references
            .iter()
            .copied()
            .zip(opposite.fields.iter().copied())
            .collect(),
        parent_holds_fk: false,
    })
}

/// A select over the child table aliased `child_alias`, restricted to the children of the parent row
/// aliased `parent_alias` (a correlated subquery body). Many-to-many reads go through the join table,
/// aliased `<child_alias>_j`.
pub(crate) fn related_rows(
    ctx: &SqlContext<'_>,
    parent_field: FieldId,
    parent_alias: &str,
    child_alias: &str,
) -> Result<Select, EngineError> {
    let child = target_model(ctx, parent_field)?;
    let child_table = ctx.table(child).alias(child_alias);
    match relation_shape(ctx, parent_field)? {
        RelationShape::Inline { pairs, .. } => {
            let condition = Expr::and(
                pairs
                    .iter()
                    .map(|(p, c)| {
                        Expr::qcol(child_alias, ctx.column(*c))
                            .equals(Expr::qcol(parent_alias, ctx.column(*p)))
                    })
                    .collect(),
            );
            Ok(Select::from_table(child_table).and_where(condition))
        }
        RelationShape::ManyToMany(jt) => {
            let join_alias = format!("{child_alias}_j");
            let on = Expr::qcol(child_alias, ctx.column(jt.child_id))
                .equals(Expr::qcol(join_alias.as_str(), jt.child_column));
            Ok(
                Select::from_table(jt.table.clone().alias(join_alias.as_str()))
                    .join(Join {
                        kind: JoinKind::Inner,
                        table: child_table.into(),
                        on: Some(on),
                    })
                    .and_where(
                        Expr::qcol(join_alias.as_str(), jt.parent_column)
                            .equals(Expr::qcol(parent_alias, ctx.column(jt.parent_id))),
                    ),
            )
        }
    }
}

/// The `ON` condition of a `LEFT JOIN` from the parent row to its (at most one) related row of a to-one
/// relation, for orderings through relations.
pub(crate) fn to_one_join(
    ctx: &SqlContext<'_>,
    parent_field: FieldId,
    parent_alias: &str,
    child_alias: &str,
) -> Result<Join, EngineError> {
    let child = target_model(ctx, parent_field)?;
    match relation_shape(ctx, parent_field)? {
        RelationShape::Inline { pairs, .. } => Ok(Join {
            kind: JoinKind::Left,
            table: ctx.table(child).alias(child_alias).into(),
            on: Some(Expr::and(
                pairs
                    .iter()
                    .map(|(p, c)| {
                        Expr::qcol(child_alias, ctx.column(*c))
                            .equals(Expr::qcol(parent_alias, ctx.column(*p)))
                    })
                    .collect(),
            )),
        }),
        RelationShape::ManyToMany(_) => Err(invalid(format!(
            "`{}` is not a to-one relation",
            ctx.datamodel.field(parent_field).name
        ))),
    }
}
