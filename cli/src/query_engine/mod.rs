//! `refract-query-engine`: a drop-in for Prisma's standalone query-engine binary, speaking its HTTP protocol
//! (`POST /` queries, interactive transactions, `/status`, `/metrics`, ...), so that Prisma Client Python
//! can run against this engine as it runs against Prisma's.
//!
//! The HTTP handling is split in two so it can be tested without sockets: [`handler::QueryEngine`] turns
//! a transport-neutral [`handler::HttpRequest`] into an [`handler::HttpReply`] (every route, status and
//! header the client relies on), and [`server`] only carries those over hyper. The golden-scenario runner
//! drives the handler directly.

pub mod args;
pub mod handler;
pub mod log;
pub mod metrics;
pub mod server;
pub mod startup;

pub use handler::{EngineSettings, HttpReply, HttpRequest, QueryEngine};

/// The engine hash `--version` and `/server_info` report by default: Prisma 5.17.0's, which the PyPI
/// release of Prisma Client Python (0.15.0) compares against.
pub const DEFAULT_ENGINE_HASH: &str = "393aa359c9ad4a4bb28630fb5613f9c281cde053";

/// The environment variable with which a user tells Prisma Client Python which engine hash to expect.
/// Reading the same variable keeps `--version` in agreement with the client whatever it was told.
pub const ENGINE_HASH_ENV: &str = "PRISMA_EXPECTED_ENGINE_VERSION";

/// The engine hash to report: [`ENGINE_HASH_ENV`] if set to a non-empty value, else
/// [`DEFAULT_ENGINE_HASH`].
pub fn engine_hash() -> String {
    match std::env::var(ENGINE_HASH_ENV) {
        Ok(hash) if !hash.trim().is_empty() => hash.trim().to_string(),
        _ => DEFAULT_ENGINE_HASH.to_string(),
    }
}
