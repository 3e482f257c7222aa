//! Reads: records (optionally through a relation, with per-parent pagination), aggregates and groupBy.
//!
//! Every read is one statement (several only when a parent key list must be split under the bind limit).
//! Pagination, cursors and `distinct` are done by the database: per-parent limits with
//! `ROW_NUMBER() OVER (PARTITION BY <link columns> ..)`, `distinct` with `DISTINCT ON` on PostgreSQL where the
//! order allows it and with `ROW_NUMBER() .. = 1` elsewhere, so no read ever fetches rows only to drop them.

// `EngineError` is large by design (it carries Prisma's error metadata); boxing it here alone would not help.

use std::collections::HashSet;

use schema_core::datamodel::{FieldId, FieldType, ModelId, ScalarType};
use schema_core::Datamodel;

use super::errors::read_error;
use super::filter::{aggregate_expr, filter_expr};
use super::order::{cursor_condition, sort_keys, total_order, SortKey};
use super::relation::{invalid, related_rows, relation_shape, RelationShape};
use super::{Runner, SqlContext};
use crate::connector::record::{
    AggregateRow, Record, RecordKey, RecordRead, RecordSet, RelationLink,
};
use crate::connector::{ColumnTypes, ListElement, TypeIdentifier};
use crate::error::EngineError;
use crate::query::{
    AggregateField, AggregateKind, AggregateSelection, GroupByQuery, GroupBySelection, OrderTarget,
    QueryArgs,
};
use crate::sql::{Expr, Join, JoinKind, Select, SelectItem};
use crate::value::PrismaValue;

/// The alias of the queried model's table in every read.
const ALIAS: &str = "t0";

/// The decoding type of a scalar field.
pub(crate) fn type_identifier(datamodel: &Datamodel, field: FieldId) -> TypeIdentifier {
    let f = datamodel.field(field);
    let element = match &f.field_type {
        FieldType::Scalar(s) => match s {
            ScalarType::Int => ListElement::Int,
            ScalarType::BigInt => ListElement::BigInt,
            ScalarType::Float => ListElement::Float,
            ScalarType::Decimal => ListElement::Decimal,
            ScalarType::String => ListElement::String,
            ScalarType::Boolean => ListElement::Boolean,
            ScalarType::DateTime => ListElement::DateTime,
            ScalarType::Json => ListElement::Json,
            ScalarType::Bytes => ListElement::Bytes,
        },
        FieldType::Enum(_) => ListElement::Enum,
        // Not readable as a scalar; text is the most forgiving decoding.
        FieldType::Relation(_) | FieldType::Composite(_) | FieldType::Unsupported(_) => {
            ListElement::String
        }
    };
    if f.is_list() {
        return TypeIdentifier::List(element);
    }
    match element {
        ListElement::Int => TypeIdentifier::Int,
        ListElement::BigInt => TypeIdentifier::BigInt,
        ListElement::Float => TypeIdentifier::Float,
        ListElement::Decimal => TypeIdentifier::Decimal,
        ListElement::String => TypeIdentifier::String,
        ListElement::Boolean => TypeIdentifier::Boolean,
        ListElement::DateTime => TypeIdentifier::DateTime,
        ListElement::Json => TypeIdentifier::Json,
        ListElement::Bytes => TypeIdentifier::Bytes,
        ListElement::Enum => TypeIdentifier::Enum,
    }
}

/// A built read statement and how to decode its rows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ReadStatement {
    pub select: Select,
    pub types: Vec<TypeIdentifier>,
    /// Per output column before the link keys: the field it holds (for enum names), if any.
    pub columns: Vec<Option<FieldId>>,
    /// The number of trailing link key columns.
    pub link_columns: usize,
}

/// The relation side of a nested read: the columns holding the parent key, and what the read joins.
struct LinkParts {
    columns: Vec<(Expr, TypeIdentifier)>,
    join: Option<Join>,
}

fn link_parts(ctx: &SqlContext<'_>, link: &RelationLink) -> Result<LinkParts, EngineError> {
    match relation_shape(ctx, link.parent_field)? {
        RelationShape::Inline { pairs, .. } => Ok(LinkParts {
            // Decoded with the parent's types, so keys compare equal to the parent's values.
            columns: pairs
                .iter()
                .map(|(p, c)| (Expr::qcol(ALIAS, ctx.column(*c)), ctx.type_of(*p)))
                .collect(),
            join: None,
        }),
        RelationShape::ManyToMany(jt) => {
            let join_alias = format!("{ALIAS}_l");
            Ok(LinkParts {
                columns: vec![(
                    Expr::qcol(join_alias.as_str(), jt.parent_column),
                    ctx.type_of(jt.parent_id),
                )],
                join: Some(Join {
                    kind: JoinKind::Inner,
                    table: jt.table.clone().alias(join_alias.as_str()).into(),
                    on: Some(
                        Expr::qcol(join_alias.as_str(), jt.child_column)
                            .equals(Expr::qcol(ALIAS, ctx.column(jt.child_id))),
                    ),
                }),
            })
        }
    }
}

/// The condition "the link columns take one of `keys`".
fn link_condition(
    ctx: &SqlContext<'_>,
    columns: &[(Expr, TypeIdentifier)],
    keys: &[Vec<PrismaValue>],
) -> Expr {
    if let [(column, _)] = columns {
        return column
            .clone()
            .any_of(keys.iter().filter_map(|k| k.first().cloned()).collect());
    }
    // A row-value IN list stays flat however many keys there are; a chain of ORs would nest too deep.
    if ctx.dialect.supports_row_values() {
        return Expr::Row(columns.iter().map(|(c, _)| c.clone()).collect()).in_list(
            keys.iter()
                .map(|key| Expr::Row(key.iter().cloned().map(Expr::Param).collect()))
                .collect(),
        );
    }
    Expr::or(
        keys.iter()
            .map(|key| {
                Expr::and(
                    columns
                        .iter()
                        .zip(key)
                        .map(|((c, _), v)| c.clone().equals(Expr::Param(v.clone())))
                        .collect(),
                )
            })
            .collect(),
    )
}

/// A correlated `SELECT COUNT(*)` of the related records of `field` (optionally only those matching
/// `filter`) for the row aliased `alias`.
fn count_subquery(
    ctx: &SqlContext<'_>,
    alias: &str,
    field: FieldId,
    filter: Option<&crate::query::Filter>,
    position: usize,
) -> Result<Expr, EngineError> {
    let child_alias = format!("{alias}_k{position}");
    let mut rows = related_rows(ctx, field, alias, &child_alias)?;
    if let Some(filter) = filter {
        let child = super::relation::target_model(ctx, field)?;
        rows = rows.and_where(filter_expr(ctx, child, &child_alias, filter)?);
    }
    Ok(Expr::Subquery(Box::new(rows.column(Expr::count_star()))))
}

fn limit_of(args: &QueryArgs) -> Option<u64> {
    args.take.map(|t| t.max(0) as u64)
}

/// Builds the statement of a read. `keys` are the parent keys (already deduplicated) when the read goes
/// through a relation. With `alias_outputs`, output columns are named `c0`, `c1`, .. (for use as a derived
/// table).
pub(crate) fn build_read(
    ctx: &SqlContext<'_>,
    read: &RecordRead,
    keys: Option<&[Vec<PrismaValue>]>,
    alias_outputs: bool,
) -> Result<ReadStatement, EngineError> {
    let model = read.model;
    let args = &read.args;
    let mut base = Select::from_table(ctx.table(model).alias(ALIAS));

    // What each record returns: scalars, then relation counts.
    let mut outputs: Vec<(Expr, TypeIdentifier, Option<FieldId>)> = Vec::new();
    for field in &read.fields {
        outputs.push((
            Expr::qcol(ALIAS, ctx.column(*field)),
            ctx.type_of(*field),
            Some(*field),
        ));
    }
    for (position, count) in read.counts.iter().enumerate() {
        outputs.push((
            count_subquery(ctx, ALIAS, count.field, count.filter.as_ref(), position)?,
            TypeIdentifier::Int,
            None,
        ));
    }

    // The parents this read is for.
    let link = match &read.link {
        Some(link) => {
            let parts = link_parts(ctx, link)?;
            if let Some(join) = parts.join.clone() {
                base = base.join(join);
            }
            let keys = keys.unwrap_or(&link.parent_keys);
            base = base.and_where(link_condition(ctx, &parts.columns, keys));
            Some(parts)
        }
        None => None,
    };
    let link_columns: Vec<(Expr, TypeIdentifier)> = link.map(|l| l.columns).unwrap_or_default();

    if let Some(filter) = &args.filter {
        base = base.and_where(filter_expr(ctx, model, ALIAS, filter)?);
    }

    // Ordering: made total whenever rows are paginated or picked per distinct value.
    let paginates = args.paginates();
    let distinct = !args.distinct.is_empty();
    let order = if paginates || distinct {
        total_order(ctx, model, &args.order_by)
    } else {
        args.order_by.clone()
    };
    let mut joins = Vec::new();
    let mut keys_sorted = sort_keys(ctx, model, ALIAS, &order, &mut joins)?;
    base.joins.extend(joins);
    if let Some(cursor) = &args.cursor {
        base = base.and_where(cursor_condition(
            ctx,
            model,
            ALIAS,
            &keys_sorted,
            &order,
            cursor,
        )?);
    }

    let per_parent = !link_columns.is_empty() && paginates;
    let distinct_on = distinct
        && link_columns.is_empty()
        && ctx.dialect.supports_distinct_on()
        && distinct_on_fits(args);
    let types: Vec<TypeIdentifier> = outputs
        .iter()
        .map(|(_, t, _)| *t)
        .chain(link_columns.iter().map(|(_, t)| *t))
        .collect();
    let columns: Vec<Option<FieldId>> = outputs.iter().map(|(_, _, f)| *f).collect();
    let link_count = link_columns.len();

    if !per_parent && (!distinct || distinct_on) {
        // One flat SELECT.
        for (i, (expr, _, _)) in outputs.iter().enumerate() {
            base.columns.push(SelectItem {
                expr: expr.clone(),
                alias: alias_outputs.then(|| format!("c{i}")),
            });
        }
        for (i, (expr, _)) in link_columns.iter().enumerate() {
            base.columns.push(SelectItem {
                expr: expr.clone(),
                alias: alias_outputs.then(|| format!("k{i}")),
            });
        }
        if distinct_on {
            let distinct_exprs: Vec<Expr> = args
                .distinct
                .iter()
                .map(|f| Expr::qcol(ALIAS, ctx.column(*f)))
                .collect();
            if args.order_by.is_empty() {
                // DISTINCT ON needs its expressions to lead the ORDER BY.
                let mut leading: Vec<SortKey> = distinct_exprs
                    .iter()
                    .map(|e| SortKey {
                        expr: e.clone(),
                        order: crate::sql::Order::Asc,
                        nulls: None,
                        nullable: true,
                    })
                    .collect();
                leading.append(&mut keys_sorted);
                keys_sorted = leading;
            }
            base = base.distinct_on(distinct_exprs);
        }
        base.order_by = keys_sorted.iter().map(SortKey::sql).collect();
        if link_count == 0 {
            base.limit = limit_of(args);
            base.offset = args.skip.filter(|s| *s > 0);
        }
        return Ok(ReadStatement {
            select: base,
            types,
            columns,
            link_columns: link_count,
        });
    }

    // Layered: the base rows with every needed value as a named column, then row numbering layers.
    for (i, (expr, _, _)) in outputs.iter().enumerate() {
        base = base.column_as(expr.clone(), format!("c{i}"));
    }
    for (i, (expr, _)) in link_columns.iter().enumerate() {
        base = base.column_as(expr.clone(), format!("k{i}"));
    }
    for (i, key) in keys_sorted.iter().enumerate() {
        base = base.column_as(key.expr.clone(), format!("o{i}"));
    }
    let names = |prefix: &str, n: usize| (0..n).map(|i| format!("{prefix}{i}")).collect::<Vec<_>>();
    let carried: Vec<String> = names("c", outputs.len())
        .into_iter()
        .chain(names("k", link_count))
        .chain(names("o", keys_sorted.len()))
        .collect();
    let keys_in = |layer: &str| -> Vec<SortKey> {
        keys_sorted
            .iter()
            .enumerate()
            .map(|(i, k)| k.with_expr(Expr::qcol(layer, format!("o{i}"))))
            .collect()
    };
    let links_in = |layer: &str| -> Vec<Expr> {
        (0..link_count)
            .map(|i| Expr::qcol(layer, format!("k{i}")))
            .collect()
    };
    let carry = |layer: &str, select: Select| -> Select {
        carried
            .iter()
            .fold(select, |s, name| s.column(Expr::qcol(layer, name.as_str())))
    };

    let mut current = base;
    let mut layer = ALIAS.to_owned();
    let mut depth = 0;
    if distinct {
        // Number the rows of each distinct combination (per parent) and keep the first.
        let mut partition = link_columns
            .iter()
            .map(|(e, _)| e.clone())
            .collect::<Vec<_>>();
        partition.extend(
            args.distinct
                .iter()
                .map(|f| Expr::qcol(ALIAS, ctx.column(*f))),
        );
        current = current.column_as(
            Expr::RowNumber {
                partition_by: partition,
                order_by: keys_sorted.iter().map(SortKey::sql).collect(),
            },
            "rd",
        );
        depth += 1;
        layer = format!("t{depth}");
        current = carry(&layer, Select::from_subquery(current, layer.as_str()))
            .and_where(Expr::qcol(layer.as_str(), "rd").equals(Expr::param(PrismaValue::Int(1))));
    }
    if per_parent {
        let (partition, order) = if depth == 0 {
            (
                link_columns.iter().map(|(e, _)| e.clone()).collect(),
                keys_sorted.iter().map(SortKey::sql).collect(),
            )
        } else {
            (
                links_in(&layer),
                keys_in(&layer).iter().map(SortKey::sql).collect(),
            )
        };
        current = current.column_as(
            Expr::RowNumber {
                partition_by: partition,
                order_by: order,
            },
            "rn",
        );
        depth += 1;
        layer = format!("t{depth}");
        let rn = || Expr::qcol(layer.as_str(), "rn");
        let skip = args.skip.unwrap_or(0);
        let mut window = Vec::new();
        if skip > 0 {
            window.push(rn().greater_than(Expr::param(int_param(skip))));
        }
        if let Some(take) = limit_of(args) {
            window.push(rn().less_or_equal(Expr::param(int_param(skip.saturating_add(take)))));
        }
        let mut next = Select::from_subquery(current, layer.as_str());
        if !window.is_empty() {
            next = next.and_where(Expr::and(window));
        }
        current = next;
    } else {
        current.columns.clear();
    }
    // The outer SELECT returns the outputs and link keys, in the requested order.
    let mut outer = current;
    outer.columns.clear();
    for i in 0..outputs.len() {
        outer.columns.push(SelectItem {
            expr: Expr::qcol(layer.as_str(), format!("c{i}")),
            alias: alias_outputs.then(|| format!("c{i}")),
        });
    }
    for i in 0..link_count {
        outer.columns.push(SelectItem {
            expr: Expr::qcol(layer.as_str(), format!("k{i}")),
            alias: alias_outputs.then(|| format!("k{i}")),
        });
    }
    outer.order_by = keys_in(&layer).iter().map(SortKey::sql).collect();
    if !per_parent {
        outer.limit = limit_of(args);
        outer.offset = args.skip.filter(|s| *s > 0);
    }
    Ok(ReadStatement {
        select: outer,
        types,
        columns,
        link_columns: link_count,
    })
}

fn int_param(n: u64) -> PrismaValue {
    PrismaValue::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

/// `DISTINCT ON` keeps the first row per distinct value in the ORDER BY, which must start with the distinct
/// expressions: it fits when there is no order, or when the order starts with exactly the distinct fields.
fn distinct_on_fits(args: &QueryArgs) -> bool {
    if args.order_by.is_empty() {
        return true;
    }
    let n = args.distinct.len();
    args.order_by.len() >= n
        && args.order_by[..n].iter().all(|o| {
            o.path.is_empty()
                && matches!(o.target, OrderTarget::Field(f) if args.distinct.contains(&f))
        })
        && {
            let mut seen: Vec<FieldId> = Vec::new();
            args.order_by[..n].iter().all(|o| match o.target {
                OrderTarget::Field(f) if !seen.contains(&f) => {
                    seen.push(f);
                    true
                }
                _ => false,
            })
        }
}

/// Enum values come back by their database names; records carry schema names.
fn enum_names(ctx: &SqlContext<'_>, field: FieldId, value: PrismaValue) -> PrismaValue {
    let FieldType::Enum(enum_id) = ctx.datamodel.field(field).field_type else {
        return value;
    };
    let e = ctx.datamodel.enum_(enum_id);
    let map = |v: PrismaValue| match v {
        PrismaValue::Enum(db) | PrismaValue::String(db) => PrismaValue::Enum(
            e.values
                .iter()
                .find(|ev| ev.db_name.as_deref().unwrap_or(&ev.name) == db)
                .map(|ev| ev.name.clone())
                .unwrap_or(db),
        ),
        other => other,
    };
    match value {
        PrismaValue::List(items) => PrismaValue::List(items.into_iter().map(map).collect()),
        other => map(other),
    }
}

/// Parent keys without NULLs (they relate to nothing), each once, in first-seen order.
fn distinct_keys(keys: &[Vec<PrismaValue>]) -> Vec<Vec<PrismaValue>> {
    let mut seen = HashSet::new();
    keys.iter()
        .filter(|k| !k.iter().any(PrismaValue::is_null))
        .filter(|k| seen.insert(RecordKey(k.to_vec())))
        .cloned()
        .collect()
}

pub(crate) async fn read_records(
    runner: &Runner<'_>,
    read: &RecordRead,
) -> Result<RecordSet, EngineError> {
    let ctx = &runner.ctx;
    let mut set = RecordSet {
        fields: read.fields.clone(),
        ..RecordSet::default()
    };
    let Some(link) = &read.link else {
        let statement = build_read(ctx, read, None, false)?;
        run_read(runner, &statement, &mut set).await?;
        return Ok(set);
    };
    let keys = distinct_keys(&link.parent_keys);
    if keys.is_empty() {
        return Ok(set);
    }
    let width = keys[0].len().max(1);
    // One array parameter carries any number of single-column keys; otherwise each key value is a bind.
    let per_key = if width == 1 && ctx.dialect.supports_array_params() {
        0
    } else {
        width
    };
    if per_key == 0 {
        let statement = build_read(ctx, read, Some(&keys), false)?;
        run_read(runner, &statement, &mut set).await?;
        return Ok(set);
    }
    let reserved = runner
        .render(build_read(ctx, read, Some(&[]), false)?.select)?
        .params
        .len();
    let max = ctx.dialect.max_bind_values();
    let per_chunk = max.saturating_sub(reserved) / per_key;
    if per_chunk == 0 {
        return Err(EngineError::ParameterLimitExceeded {
            message: format!(
                "a nested read needs {} bind values besides its parent keys; {} allows {max}",
                reserved,
                ctx.dialect.name()
            ),
        });
    }
    for chunk in keys.chunks(per_chunk) {
        let statement = build_read(ctx, read, Some(chunk), false)?;
        run_read(runner, &statement, &mut set).await?;
    }
    Ok(set)
}

async fn run_read(
    runner: &Runner<'_>,
    statement: &ReadStatement,
    set: &mut RecordSet,
) -> Result<(), EngineError> {
    let ctx = &runner.ctx;
    let rendered = runner.render(statement.select.clone())?;
    let result = runner
        .query_rendered(&rendered, ColumnTypes::Known(&statement.types))
        .await
        .map_err(|error| read_error(ctx, None, &statement.columns, error))?;
    let n = statement.columns.len();
    for mut row in result.rows {
        if row.len() != n + statement.link_columns {
            return Err(invalid(format!(
                "expected {} columns, the database returned {}",
                n + statement.link_columns,
                row.len()
            )));
        }
        let key = row.split_off(n);
        let record: Record = row
            .into_iter()
            .zip(&statement.columns)
            .map(|(value, field)| match field {
                Some(field) => enum_names(ctx, *field, value),
                None => value,
            })
            .collect();
        set.records.push(record);
        if statement.link_columns > 0 {
            set.parent_keys.push(key);
        }
    }
    Ok(())
}

/// A statement with the decoding type of each column and, per column, the field whose enum names to map
/// back (for values of a field rather than counts or sums).
pub(crate) type Built = (Select, Vec<TypeIdentifier>, Vec<Option<FieldId>>);

/// The type an aggregate of `field` comes back as.
fn aggregate_type(ctx: &SqlContext<'_>, kind: AggregateKind, field: FieldId) -> TypeIdentifier {
    match kind {
        AggregateKind::Count => TypeIdentifier::Int,
        AggregateKind::Avg => match ctx.type_of(field) {
            TypeIdentifier::Decimal => TypeIdentifier::Decimal,
            _ => TypeIdentifier::Float,
        },
        AggregateKind::Sum | AggregateKind::Min | AggregateKind::Max => ctx.type_of(field),
    }
}

/// One aggregate expression over `column` and its decoding type.
fn aggregate_column(
    ctx: &SqlContext<'_>,
    kind: AggregateKind,
    field: &AggregateField,
    column: impl Fn(FieldId) -> Expr,
) -> (Expr, TypeIdentifier, Option<FieldId>) {
    match field {
        AggregateField::All => (Expr::count_star(), TypeIdentifier::Int, None),
        AggregateField::Field(f) => {
            let value_field = matches!(kind, AggregateKind::Min | AggregateKind::Max).then_some(*f);
            (
                aggregate_expr(kind, column(*f)),
                aggregate_type(ctx, kind, *f),
                value_field,
            )
        }
    }
}

pub(crate) fn build_aggregate(
    ctx: &SqlContext<'_>,
    model: ModelId,
    args: &QueryArgs,
    selections: &[AggregateSelection],
) -> Result<Built, EngineError> {
    let mut fields: Vec<FieldId> = Vec::new();
    for selection in selections {
        for field in &selection.fields {
            if let AggregateField::Field(f) = field {
                if !fields.contains(f) {
                    fields.push(*f);
                }
            }
        }
    }
    // Aggregating over a page of records needs the page first (Prisma semantics).
    let over_page = args.paginates() || !args.distinct.is_empty();
    let (mut select, column): (Select, Box<dyn Fn(FieldId) -> Expr>) = if over_page {
        let read_fields = if fields.is_empty() {
            super::relation::identifier(ctx, model)
        } else {
            fields.clone()
        };
        let read = RecordRead {
            model,
            args: args.clone(),
            fields: read_fields.clone(),
            counts: Vec::new(),
            link: None,
        };
        let inner = build_read(ctx, &read, None, true)?.select;
        let position = move |f: FieldId| read_fields.iter().position(|x| *x == f).unwrap_or(0);
        (
            Select::from_subquery(inner, "t1"),
            Box::new(move |f| Expr::qcol("t1", format!("c{}", position(f)))),
        )
    } else {
        let mut select = Select::from_table(ctx.table(model).alias(ALIAS));
        if let Some(filter) = &args.filter {
            select = select.and_where(filter_expr(ctx, model, ALIAS, filter)?);
        }
        (select, Box::new(|f| Expr::qcol(ALIAS, ctx.column(f))))
    };
    let mut types = Vec::new();
    let mut value_fields = Vec::new();
    for selection in selections {
        for field in &selection.fields {
            let (expr, ty, value_field) = aggregate_column(ctx, selection.kind, field, &column);
            select = select.column(expr);
            types.push(ty);
            value_fields.push(value_field);
        }
    }
    Ok((select, types, value_fields))
}

pub(crate) async fn aggregate(
    runner: &Runner<'_>,
    model: ModelId,
    args: &QueryArgs,
    selections: &[AggregateSelection],
) -> Result<AggregateRow, EngineError> {
    let ctx = &runner.ctx;
    let total: usize = selections.iter().map(|s| s.fields.len()).sum();
    if total == 0 {
        return Ok(selections.iter().map(|_| Vec::new()).collect());
    }
    let (select, types, value_fields) = build_aggregate(ctx, model, args, selections)?;
    let result = runner.query(select, ColumnTypes::Known(&types)).await?;
    let mut values: Vec<PrismaValue> = result.rows.into_iter().next().unwrap_or_default();
    values.resize(total, PrismaValue::Null);
    let mut values = values.into_iter().zip(value_fields).map(|(v, f)| match f {
        Some(f) => enum_names(ctx, f, v),
        None => v,
    });
    Ok(selections
        .iter()
        .map(|s| {
            s.fields
                .iter()
                .map(|_| values.next().unwrap_or(PrismaValue::Null))
                .collect()
        })
        .collect())
}

pub(crate) fn build_group_by(
    ctx: &SqlContext<'_>,
    query: &GroupByQuery,
) -> Result<Built, EngineError> {
    let model = query.model;
    let args = &query.args;
    let column = |f: FieldId| Expr::qcol(ALIAS, ctx.column(f));
    let mut select = Select::from_table(ctx.table(model).alias(ALIAS));
    let mut types = Vec::new();
    let mut value_fields = Vec::new();
    for selection in &query.selections {
        match selection {
            GroupBySelection::Field(f) => {
                select = select.column(column(*f));
                types.push(ctx.type_of(*f));
                value_fields.push(Some(*f));
            }
            GroupBySelection::Aggregate(aggregate) => {
                for field in &aggregate.fields {
                    let (expr, ty, value_field) =
                        aggregate_column(ctx, aggregate.kind, field, column);
                    select = select.column(expr);
                    types.push(ty);
                    value_fields.push(value_field);
                }
            }
        }
    }
    if let Some(filter) = &args.filter {
        select = select.and_where(filter_expr(ctx, model, ALIAS, filter)?);
    }
    for f in &query.by {
        select = select.group_by(column(*f));
    }
    if let Some(having) = &query.having {
        select = select.having(filter_expr(ctx, model, ALIAS, having)?);
    }
    let mut joins = Vec::new();
    let keys = sort_keys(ctx, model, ALIAS, &args.order_by, &mut joins)?;
    if !joins.is_empty() {
        return Err(invalid("groupBy cannot order through relations"));
    }
    select.order_by = keys.iter().map(SortKey::sql).collect();
    select.limit = limit_of(args);
    select.offset = args.skip.filter(|s| *s > 0);
    Ok((select, types, value_fields))
}

pub(crate) async fn group_by(
    runner: &Runner<'_>,
    query: &GroupByQuery,
) -> Result<Vec<Record>, EngineError> {
    let ctx = &runner.ctx;
    let (select, types, value_fields) = build_group_by(ctx, query)?;
    if types.is_empty() {
        return Err(invalid("groupBy selects nothing"));
    }
    let result = runner.query(select, ColumnTypes::Known(&types)).await?;
    Ok(result
        .rows
        .into_iter()
        .map(|row| {
            row.into_iter()
                .zip(&value_fields)
                .map(|(v, f)| match f {
                    Some(f) => enum_names(ctx, *f, v),
                    None => v,
                })
                .collect()
        })
        .collect())
}

#[cfg(test)]
#[path = "read_tests.rs"]
mod tests;
