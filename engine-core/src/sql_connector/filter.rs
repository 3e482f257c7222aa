//! Filters as SQL conditions: scalar comparisons, LIKE with escaping, relation filters as correlated EXISTS.
//!
//! Relation filters become `EXISTS` / `NOT EXISTS` subqueries correlated on the parent row rather than
//! `IN (SELECT ..)` lists, so the database can stop at the first match and NULL keys cannot turn a `NOT IN`
//! into "no rows". Subquery aliases extend the parent's alias (`t0` → `t0_r` → `t0_r_r`), so an inner
//! alias never shadows an outer one it refers to.

// `EngineError` is large by design (it carries Prisma's error metadata); boxing it here alone would not help.

use schema_core::datamodel::{FieldId, FieldType, ModelId, ScalarType};

use super::json;
use super::relation::{related_rows, relation_shape, target_model, RelationShape};
use super::SqlContext;
use crate::error::EngineError;
use crate::query::{
    AggregateKind, Filter, ListCondition, Operand, Quantifier, ScalarCondition, ToOneCondition,
};
use crate::sql::{Expr, Function, Select};
use crate::value::PrismaValue;

/// The condition `filter` puts on rows of `model`, whose table is referred to as `alias`.
pub(crate) fn filter_expr(
    ctx: &SqlContext<'_>,
    model: ModelId,
    alias: &str,
    filter: &Filter,
) -> Result<Expr, EngineError> {
    let _ = model;
    build(ctx, alias, filter)
}

fn build(ctx: &SqlContext<'_>, alias: &str, filter: &Filter) -> Result<Expr, EngineError> {
    Ok(match filter {
        Filter::And(items) => Expr::and(
            items
                .iter()
                .map(|f| build(ctx, alias, f))
                .collect::<Result<_, _>>()?,
        ),
        Filter::Or(items) => Expr::or(
            items
                .iter()
                .map(|f| build(ctx, alias, f))
                .collect::<Result<_, _>>()?,
        ),
        Filter::Not(inner) => !build(ctx, alias, inner)?,
        Filter::Constant(true) => Expr::and(vec![]),
        Filter::Constant(false) => Expr::or(vec![]),
        Filter::Scalar {
            field,
            condition,
            insensitive,
        } => {
            let column = Expr::qcol(alias, ctx.column(*field));
            scalar_condition(ctx, alias, *field, column, condition, *insensitive)?
        }
        Filter::Aggregate {
            kind,
            field,
            condition,
        } => {
            let column = aggregate_expr(*kind, Expr::qcol(alias, ctx.column(*field)));
            scalar_condition(ctx, alias, *field, column, condition, false)?
        }
        Filter::List { field, condition } => list_condition(ctx, alias, *field, condition)?,
        Filter::Json {
            field,
            path,
            condition,
        } => json::json_condition(ctx, alias, *field, path.as_deref(), condition)?,
        Filter::ToMany {
            field,
            quantifier,
            filter,
        } => to_many(ctx, alias, *field, *quantifier, filter)?,
        Filter::ToOne { field, condition } => to_one(ctx, alias, *field, condition)?,
    })
}

/// The SQL aggregate of a column; `COUNT` counts non-null values.
pub(crate) fn aggregate_expr(kind: AggregateKind, column: Expr) -> Expr {
    let func = match kind {
        AggregateKind::Count => Function::Count,
        AggregateKind::Avg => Function::Avg,
        AggregateKind::Sum => Function::Sum,
        AggregateKind::Min => Function::Min,
        AggregateKind::Max => Function::Max,
    };
    Expr::call(func, vec![column])
}

/// A value as the database stores it: enum values by their `@map`ped names.
pub(crate) fn db_value(ctx: &SqlContext<'_>, field: FieldId, value: &PrismaValue) -> PrismaValue {
    let FieldType::Enum(enum_id) = ctx.datamodel.field(field).field_type else {
        return value.clone();
    };
    let e = ctx.datamodel.enum_(enum_id);
    let map = |v: &PrismaValue| match v {
        PrismaValue::Enum(name) | PrismaValue::String(name) => {
            let db = e
                .values
                .iter()
                .find(|ev| &ev.name == name)
                .and_then(|ev| ev.db_name.clone())
                .unwrap_or_else(|| name.clone());
            PrismaValue::Enum(db)
        }
        other => other.clone(),
    };
    match value {
        PrismaValue::List(items) => PrismaValue::List(items.iter().map(map).collect()),
        other => map(other),
    }
}

fn is_string_field(ctx: &SqlContext<'_>, field: FieldId) -> bool {
    matches!(
        ctx.datamodel.field(field).field_type,
        FieldType::Scalar(ScalarType::String)
    )
}

fn lower(expr: Expr) -> Expr {
    Expr::call(Function::Lower, vec![expr])
}

fn scalar_condition(
    ctx: &SqlContext<'_>,
    alias: &str,
    field: FieldId,
    column: Expr,
    condition: &ScalarCondition,
    insensitive: bool,
) -> Result<Expr, EngineError> {
    let insensitive = insensitive && is_string_field(ctx, field);
    let case = |e: Expr| if insensitive { lower(e) } else { e };
    let operand = |op: &Operand| match op {
        Operand::Value(v) => Expr::Param(db_value(ctx, field, v)),
        Operand::Field(other) => Expr::qcol(alias, ctx.column(*other)),
    };
    let is_null = |op: &Operand| matches!(op, Operand::Value(PrismaValue::Null));
    Ok(match condition {
        ScalarCondition::Equals(op) if is_null(op) => column.is_null(),
        ScalarCondition::NotEquals(op) if is_null(op) => column.is_not_null(),
        ScalarCondition::Equals(op) => case(column).equals(case(operand(op))),
        ScalarCondition::NotEquals(op) => case(column).not_equals(case(operand(op))),
        ScalarCondition::Lt(op) => case(column).less_than(case(operand(op))),
        ScalarCondition::Lte(op) => case(column).less_or_equal(case(operand(op))),
        ScalarCondition::Gt(op) => case(column).greater_than(case(operand(op))),
        ScalarCondition::Gte(op) => case(column).greater_or_equal(case(operand(op))),
        ScalarCondition::In(values) | ScalarCondition::NotIn(values) => {
            let negated = matches!(condition, ScalarCondition::NotIn(_));
            let has_null = values.iter().any(PrismaValue::is_null);
            let values: Vec<PrismaValue> = values
                .iter()
                .filter(|v| !v.is_null())
                .map(|v| db_value(ctx, field, v))
                .collect();
            let membership = if insensitive || values.is_empty() || !array_friendly(ctx, field) {
                let list = values.into_iter().map(|v| case(Expr::Param(v))).collect();
                Expr::InList {
                    expr: Box::new(case(column.clone())),
                    list,
                    negated,
                }
            } else {
                Expr::AnyOf {
                    expr: Box::new(column.clone()),
                    values,
                    negated,
                }
            };
            match (has_null, negated) {
                (false, _) => membership,
                (true, false) => Expr::or(vec![membership, column.is_null()]),
                (true, true) => Expr::and(vec![membership, column.is_not_null()]),
            }
        }
        ScalarCondition::Contains(op)
        | ScalarCondition::StartsWith(op)
        | ScalarCondition::EndsWith(op) => {
            let text = match op {
                Operand::Value(PrismaValue::String(s) | PrismaValue::Enum(s)) => s.clone(),
                Operand::Value(PrismaValue::Null) => return Ok(Expr::or(vec![])),
                Operand::Value(other) => {
                    return Err(EngineError::InputError {
                        details: format!("a text filter needs a string, got {other:?}"),
                    })
                }
                Operand::Field(_) => {
                    return Err(EngineError::UnsupportedFeature {
                        feature: "field references in contains/startsWith/endsWith filters".into(),
                    })
                }
            };
            // Prisma 5.19 puts the value into the pattern as it is, so `%` and `_` in it act as wildcards
            // (and `\` escapes where the database's LIKE has that default). The recorded answers of
            // scenario 59 pin this down on every provider, and clients rely on the same matches.
            let pattern = match condition {
                ScalarCondition::Contains(_) => format!("%{text}%"),
                ScalarCondition::StartsWith(_) => format!("{text}%"),
                _ => format!("%{text}"),
            };
            Expr::Like {
                expr: Box::new(column),
                pattern: Box::new(Expr::param(PrismaValue::String(pattern))),
                escape: None,
                case_insensitive: insensitive,
                negated: false,
            }
        }
        ScalarCondition::Search(_) => {
            return Err(EngineError::UnsupportedFeature {
                feature: "full-text search filters".into(),
            })
        }
    })
}

/// Whether `= ANY($1)` with an array parameter works for the column type (json has no equality).
fn array_friendly(ctx: &SqlContext<'_>, field: FieldId) -> bool {
    let f = ctx.datamodel.field(field);
    !f.is_list() && !matches!(f.field_type, FieldType::Scalar(ScalarType::Json))
}

fn list_condition(
    ctx: &SqlContext<'_>,
    alias: &str,
    field: FieldId,
    condition: &ListCondition,
) -> Result<Expr, EngineError> {
    if !ctx.dialect.supports_array_params() {
        return Err(EngineError::UnsupportedFeature {
            feature: format!("scalar list filters on {}", ctx.dialect.name()),
        });
    }
    let column = Expr::qcol(alias, ctx.column(field));
    let list = |values: &[PrismaValue]| {
        Expr::param(db_value(ctx, field, &PrismaValue::List(values.to_vec())))
    };
    Ok(match condition {
        ListCondition::Equals(None) => column.is_null(),
        ListCondition::Equals(Some(values)) => column.equals(list(values)),
        ListCondition::Has(Operand::Value(PrismaValue::Null)) => Expr::or(vec![]),
        ListCondition::Has(Operand::Value(v)) => {
            Expr::param(db_value(ctx, field, v)).equals(Expr::AnyElement(Box::new(column)))
        }
        ListCondition::Has(Operand::Field(other)) => {
            Expr::qcol(alias, ctx.column(*other)).equals(Expr::AnyElement(Box::new(column)))
        }
        ListCondition::HasEvery(values) => {
            column.binary(crate::sql::BinaryOp::Contains, list(values))
        }
        ListCondition::HasSome(values) => {
            column.binary(crate::sql::BinaryOp::Overlaps, list(values))
        }
        // A NULL list is neither empty nor non-empty, as in Prisma.
        ListCondition::IsEmpty(empty) => {
            let length = Expr::call(Function::Cardinality, vec![column]);
            let zero = Expr::param(PrismaValue::Int(0));
            if *empty {
                length.equals(zero)
            } else {
                length.greater_than(zero)
            }
        }
    })
}

fn to_many(
    ctx: &SqlContext<'_>,
    alias: &str,
    field: FieldId,
    quantifier: Quantifier,
    filter: &Filter,
) -> Result<Expr, EngineError> {
    let child_alias = format!("{alias}_r");
    let child = target_model(ctx, field)?;
    let condition = filter_expr(ctx, child, &child_alias, filter)?;
    let (condition, negated) = match quantifier {
        Quantifier::Some => (condition, false),
        Quantifier::None => (condition, true),
        Quantifier::Every => (!condition, true),
    };
    let rows = exists_body(related_rows(ctx, field, alias, &child_alias)?).and_where(condition);
    Ok(Expr::Exists {
        query: Box::new(simplify(rows)),
        negated,
    })
}

fn to_one(
    ctx: &SqlContext<'_>,
    alias: &str,
    field: FieldId,
    condition: &ToOneCondition,
) -> Result<Expr, EngineError> {
    let child_alias = format!("{alias}_r");
    let child = target_model(ctx, field)?;
    let rows = || related_rows(ctx, field, alias, &child_alias).map(exists_body);
    Ok(match condition {
        ToOneCondition::Is(filter) => {
            let condition = filter_expr(ctx, child, &child_alias, filter)?;
            Expr::exists(simplify(rows()?.and_where(condition)))
        }
        ToOneCondition::IsNot(filter) => {
            let condition = filter_expr(ctx, child, &child_alias, filter)?;
            Expr::not_exists(simplify(rows()?.and_where(condition)))
        }
        ToOneCondition::IsNotNull => Expr::exists(rows()?),
        ToOneCondition::IsNull => {
            let missing = Expr::not_exists(rows()?);
            match relation_shape(ctx, field)? {
                RelationShape::Inline {
                    pairs,
                    parent_holds_fk: true,
                } => {
                    let mut any_null: Vec<Expr> = pairs
                        .iter()
                        .map(|(p, _)| Expr::qcol(alias, ctx.column(*p)).is_null())
                        .collect();
                    any_null.push(missing);
                    Expr::or(any_null)
                }
                _ => missing,
            }
        }
    })
}

/// A relation subquery for `EXISTS`; its select list does not matter, so it stays `*`.
fn exists_body(select: Select) -> Select {
    select
}

/// Drops an always-true condition added by an empty nested filter, keeping the SQL short.
fn simplify(mut select: Select) -> Select {
    if let Some(Expr::And(items)) = &mut select.where_clause {
        items.retain(|e| !matches!(e, Expr::And(inner) if inner.is_empty()));
        if items.len() == 1 {
            select.where_clause = items.pop();
        }
    }
    select
}
