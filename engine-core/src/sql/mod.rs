//! Dialect-neutral SQL builder shared by the SQL connectors.
//!
//! Connectors build an owned AST ([`Select`], [`Insert`], [`Update`], [`Delete`], [`Merge`] over [`Expr`])
//! and render it with their [`Dialect`] into a [`Rendered`] statement. Keeping one builder means a query
//! shape is written once and every database gets it in its own spelling; keeping values out of the SQL text
//! (always parameters) and identifiers always quoted means no user input can alter a statement.

mod ast;
mod chunk;
pub mod dialect;
mod error;
mod expr;
mod render;

pub use ast::{
    Assignment, ConflictAction, Cte, Delete, Distinct, Insert, Join, JoinKind, Merge, Nulls,
    OnConflict, Order, OrderBy, Select, SelectItem, Table, TableRef, Update,
};
pub use chunk::chunk_for_binds;
pub use dialect::{Dialect, Mssql, Mysql, Postgres, Sqlite};
pub use error::RenderError;
pub use expr::{escape_like, ArithOp, BinaryOp, CastType, ColumnRef, CompareOp, Expr, Function};
pub use render::{render, Query, Rendered};
