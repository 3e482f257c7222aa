//! The query engine: from a request document to a Prisma-shaped response, through a plan executed on a
//! `Connector`. It also holds the dialect-neutral SQL builder the SQL connectors share.

pub mod connector;
pub mod error;
pub mod protocol;
pub mod sql;
pub mod value;
