//! The query engine: from a request document to a Prisma-shaped response, through a plan executed on a
//! `Connector`. It also holds the dialect-neutral SQL builder the SQL connectors share.
//!
//! Embedding it takes four calls: validate the schema (`schema_core::validate`), open a driver
//! (`connector_sqlite::SqliteDriver::open`), sync the database ([`migrate::push`]), and wrap the driver
//! in [`sql_connector::SqlConnector`] for an [`Engine`], whose [`Engine::request`] answers JSON-protocol
//! bodies. `cli/examples/blog.rs` does exactly that for the blog example of Prisma Client Python's README
//! (`cargo run --example blog`); it is an example program rather than a doctest because the drivers live
//! in crates that depend on this one.

// `EngineError` is large because it carries Prisma's whole error description (paths, input type
// descriptions) by value; errors are rare and end the request, so boxing them would buy nothing.
#![allow(clippy::result_large_err)]

pub mod connector;
pub mod dmmf;
pub mod engine;
pub mod error;
pub mod interpret;
pub mod migrate;
pub mod plan;
pub mod protocol;
pub mod query;
pub mod sql;
pub mod sql_connector;
pub mod transaction;
pub mod value;

pub use engine::{Engine, Response};
