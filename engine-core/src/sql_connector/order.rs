//! Sort keys and cursors: `orderBy` (scalars, to-one relation paths, relation counts, aggregates) as SQL
//! ordering keys, and Prisma's cursor as a condition comparing each key with the cursor row's value.

// `EngineError` is large by design (it carries Prisma's error metadata); boxing it here alone would not help.

use schema_core::datamodel::{FieldId, IndexKind, ModelId};

use super::filter::{aggregate_expr, db_value};
use super::relation::{identifier, related_rows, to_one_join};
use super::SqlContext;
use crate::error::EngineError;
use crate::query::{CursorCondition, OrderBy, OrderTarget, SortDirection, SortNulls};
use crate::sql::{Expr, Join, Nulls, Order, OrderBy as SqlOrderBy, Select};

/// One resolved sort key.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SortKey {
    pub expr: Expr,
    pub order: Order,
    pub nulls: Option<Nulls>,
    /// Whether the key can be NULL, which the cursor comparison must account for.
    pub nullable: bool,
}

impl SortKey {
    pub(crate) fn sql(&self) -> SqlOrderBy {
        SqlOrderBy {
            expr: self.expr.clone(),
            order: self.order,
            nulls: self.nulls,
        }
    }

    /// The same key over another expression (the key's column in a derived table).
    pub(crate) fn with_expr(&self, expr: Expr) -> SortKey {
        SortKey {
            expr,
            ..self.clone()
        }
    }
}

/// Resolves `order_by` against the rows of `model` aliased `alias`. To-one relation paths add `LEFT JOIN`s
/// to `joins` (one per distinct path prefix, aliased `<alias>_o<n>`).
pub(crate) fn sort_keys(
    ctx: &SqlContext<'_>,
    model: ModelId,
    alias: &str,
    order_by: &[OrderBy],
    joins: &mut Vec<Join>,
) -> Result<Vec<SortKey>, EngineError> {
    let _ = model;
    let mut paths: Vec<(Vec<FieldId>, String)> = Vec::new();
    let mut keys = Vec::with_capacity(order_by.len());
    for (position, key) in order_by.iter().enumerate() {
        let mut current = alias.to_owned();
        for depth in 0..key.path.len() {
            let prefix = &key.path[..=depth];
            if let Some((_, existing)) = paths.iter().find(|(p, _)| p.as_slice() == prefix) {
                current = existing.clone();
                continue;
            }
            let next = format!("{alias}_o{}", paths.len());
            joins.push(to_one_join(ctx, key.path[depth], &current, &next)?);
            paths.push((prefix.to_vec(), next.clone()));
            current = next;
        }
        let through_relation = !key.path.is_empty();
        let (expr, nullable) = match &key.target {
            OrderTarget::Field(field) => (
                Expr::qcol(current.as_str(), ctx.column(*field)),
                through_relation || !ctx.datamodel.field(*field).is_required(),
            ),
            OrderTarget::RelationCount(field) => {
                let child_alias = format!("{alias}_n{position}");
                let rows = related_rows(ctx, *field, &current, &child_alias)?;
                let count = Select {
                    columns: Vec::new(),
                    ..rows
                }
                .column(Expr::count_star());
                (Expr::Subquery(Box::new(count)), false)
            }
            OrderTarget::Aggregate { kind, field } => (
                aggregate_expr(*kind, Expr::qcol(current.as_str(), ctx.column(*field))),
                true,
            ),
        };
        keys.push(SortKey {
            expr,
            order: match key.direction {
                SortDirection::Asc => Order::Asc,
                SortDirection::Desc => Order::Desc,
            },
            nulls: key.nulls.map(|n| match n {
                SortNulls::First => Nulls::First,
                SortNulls::Last => Nulls::Last,
            }),
            nullable,
        });
    }
    Ok(keys)
}

/// Whether `order_by` already orders the rows of `model` totally: its plain scalar keys cover the
/// primary key or a unique constraint of required fields.
pub(crate) fn is_total(ctx: &SqlContext<'_>, model: ModelId, order_by: &[OrderBy]) -> bool {
    let ordered: Vec<FieldId> = order_by
        .iter()
        .filter(|o| o.path.is_empty())
        .filter_map(|o| match o.target {
            OrderTarget::Field(f) => Some(f),
            _ => None,
        })
        .collect();
    let m = ctx.datamodel.model(model);
    let covers = |fields: &mut dyn Iterator<Item = FieldId>| {
        let mut any = false;
        for f in fields {
            any = true;
            if !ordered.contains(&f) {
                return false;
            }
        }
        any
    };
    if let Some(pk) = &m.primary_key {
        if covers(&mut pk.fields.iter().map(|f| f.field)) {
            return true;
        }
    }
    m.indexes.iter().any(|i| {
        i.kind == IndexKind::Unique
            && i.fields
                .iter()
                .all(|f| ctx.datamodel.field(f.field).is_required() && f.path.is_empty())
            && covers(&mut i.fields.iter().map(|f| f.field))
    })
}

/// `order_by` made total by appending the identifier fields (ascending) it does not already contain, as
/// Prisma does whenever it paginates, so pages never overlap or skip tied rows.
pub(crate) fn total_order(
    ctx: &SqlContext<'_>,
    model: ModelId,
    order_by: &[OrderBy],
) -> Vec<OrderBy> {
    let mut order = order_by.to_vec();
    if is_total(ctx, model, order_by) {
        return order;
    }
    for field in identifier(ctx, model) {
        let present = order
            .iter()
            .any(|o| o.path.is_empty() && o.target == OrderTarget::Field(field));
        if !present {
            order.push(OrderBy::field(field, SortDirection::Asc));
        }
    }
    order
}

/// Whether NULLs sort before non-null values for `key` on this database.
fn nulls_first(ctx: &SqlContext<'_>, key: &SortKey) -> bool {
    match key.nulls {
        Some(Nulls::First) => true,
        Some(Nulls::Last) => false,
        // PostgreSQL sorts NULL as the largest value; SQLite, MySQL and SQL Server as the smallest.
        None => {
            let largest = ctx.dialect.name() == "PostgreSQL";
            (key.order == Order::Desc) == largest
        }
    }
}

/// The condition "the row is at or after the cursor row" for rows of `model` aliased `alias`, in the order
/// `order_by` (already total). Each key is compared with the cursor row's value, fetched by a subquery; the
/// condition is false for every row when the cursor row does not exist.
pub(crate) fn cursor_condition(
    ctx: &SqlContext<'_>,
    model: ModelId,
    alias: &str,
    keys: &[SortKey],
    order_by: &[OrderBy],
    cursor: &CursorCondition,
) -> Result<Expr, EngineError> {
    let cursor_alias = format!("{alias}_c");
    let matches = Expr::and(
        cursor
            .fields
            .iter()
            .map(|(field, value)| {
                let value = db_value(ctx, *field, value);
                if value.is_null() {
                    Expr::qcol(cursor_alias.as_str(), ctx.column(*field)).is_null()
                } else {
                    Expr::qcol(cursor_alias.as_str(), ctx.column(*field)).equals(Expr::Param(value))
                }
            })
            .collect(),
    );
    let table = ctx.table(model).alias(cursor_alias.as_str());
    let exists = Expr::exists(Select::from_table(table.clone()).and_where(matches.clone()));

    let mut cursor_joins = Vec::new();
    let cursor_keys = sort_keys(ctx, model, &cursor_alias, order_by, &mut cursor_joins)?;
    let values: Vec<Expr> = cursor_keys
        .iter()
        .map(|key| {
            let mut select = Select::from_table(table.clone())
                .column(key.expr.clone())
                .and_where(matches.clone());
            select.joins = cursor_joins.clone();
            Expr::Subquery(Box::new(select))
        })
        .collect();

    let pairs: Vec<(&SortKey, Expr)> = keys.iter().zip(values).collect();
    let mut disjuncts = Vec::with_capacity(pairs.len());
    for (i, (key, value)) in pairs.iter().enumerate() {
        let mut conjuncts: Vec<Expr> = pairs[..i]
            .iter()
            .map(|(k, v)| equal(k, v.clone()))
            .collect();
        let last = i + 1 == pairs.len();
        let step = if last && !key.nullable {
            match key.order {
                Order::Asc => key.expr.clone().greater_or_equal(value.clone()),
                Order::Desc => key.expr.clone().less_or_equal(value.clone()),
            }
        } else if last {
            Expr::or(vec![
                after(ctx, key, value.clone()),
                equal(key, value.clone()),
            ])
        } else {
            after(ctx, key, value.clone())
        };
        conjuncts.push(step);
        disjuncts.push(Expr::and(conjuncts));
    }
    Ok(Expr::and(vec![exists, Expr::or(disjuncts)]))
}

/// `key` equals `value`, NULLs included.
fn equal(key: &SortKey, value: Expr) -> Expr {
    if key.nullable {
        Expr::or(vec![
            key.expr.clone().equals(value.clone()),
            Expr::and(vec![key.expr.clone().is_null(), value.is_null()]),
        ])
    } else {
        key.expr.clone().equals(value)
    }
}

/// `key` sorts strictly after `value`.
fn after(ctx: &SqlContext<'_>, key: &SortKey, value: Expr) -> Expr {
    let strict = match key.order {
        Order::Asc => key.expr.clone().greater_than(value.clone()),
        Order::Desc => key.expr.clone().less_than(value.clone()),
    };
    if !key.nullable {
        return strict;
    }
    let null_step = if nulls_first(ctx, key) {
        Expr::and(vec![value.is_null(), key.expr.clone().is_not_null()])
    } else {
        Expr::and(vec![key.expr.clone().is_null(), value.is_not_null()])
    };
    Expr::or(vec![strict, null_step])
}
