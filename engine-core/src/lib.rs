//! The query engine: from a request document to a Prisma-shaped response, through a plan executed on a
//! `Connector`. It also holds the dialect-neutral SQL builder the SQL connectors share.

// `EngineError` is large because it carries Prisma's whole error description (paths, input type
// descriptions) by value; errors are rare and end the request, so boxing them would buy nothing.
#![allow(clippy::result_large_err)]

pub mod connector;
pub mod engine;
pub mod error;
pub mod interpret;
pub mod migrate;
pub mod plan;
pub mod protocol;
pub mod query;
pub mod sql;
pub mod sql_connector;
pub mod value;

pub use engine::{Engine, Response};
