//! The plan: what the interpreter will do for a validated query, as plain data.
//!
//! Reads become a tree of [`ReadNode`]s, one per relation level, each read for all parents at once.
//! The plan is printable ([`describe`]) so tests can pin down the shape of the work (how many reads, with
//! which arguments) without a database.

mod describe;
pub mod read;
pub mod relation;

pub use describe::describe;
pub use read::{plan_records, ChildRead, OutputField, ReadNode};
pub use relation::{primary_identifier, relation_join, RelationJoin};

use schema_core::Datamodel;

use crate::query::{AggregateQuery, GroupByQuery, Query, RawQuery, ReadQuery, WriteQuery};

/// The work for one operation.
#[derive(Debug, Clone, PartialEq)]
pub enum Plan {
    /// Read records and their relations; the result is one record (or null) or a list.
    Records {
        node: ReadNode,
        result: ResultKind,
    },
    Aggregate(AggregateQuery),
    GroupBy(GroupByQuery),
    /// Writes are interpreted step by step from the validated query, inside one transaction.
    Write(WriteQuery),
    Raw(RawQuery),
}

/// How the records of a read become the operation's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultKind {
    /// A list of records (`findMany`).
    Many,
    /// The first record or null; with `or_throw`, no record is error P2025.
    One { or_throw: bool },
}

/// Plans a validated query.
pub fn plan(datamodel: &Datamodel, query: Query) -> Plan {
    match query {
        Query::Read(ReadQuery::FindUnique { query, or_throw }) => Plan::Records {
            node: plan_records(datamodel, &query),
            result: ResultKind::One { or_throw },
        },
        Query::Read(ReadQuery::FindFirst {
            mut query,
            or_throw,
        }) => {
            query.args.take = Some(match query.args.take {
                Some(take) if take < 0 => -1,
                _ => 1,
            });
            Plan::Records {
                node: plan_records(datamodel, &query),
                result: ResultKind::One { or_throw },
            }
        }
        Query::Read(ReadQuery::FindMany(query)) => Plan::Records {
            node: plan_records(datamodel, &query),
            result: ResultKind::Many,
        },
        Query::Read(ReadQuery::Aggregate(mut query)) => {
            // Aggregates do not care about order, so a negative take (the last n rows) is the first n rows
            // of the reversed order.
            if let Some(take) = query.args.take.filter(|take| *take < 0) {
                read::ensure_total_order_of(datamodel, query.model, &mut query.args);
                query.args.order_by = query.args.order_by.iter().map(|o| o.reversed()).collect();
                query.args.take = Some(take.unsigned_abs() as i64);
            }
            Plan::Aggregate(query)
        }
        Query::Read(ReadQuery::GroupBy(query)) => Plan::GroupBy(query),
        Query::Write(write) => Plan::Write(write),
        Query::Raw(raw) => Plan::Raw(raw),
    }
}

#[cfg(test)]
mod tests;
