//! The `connector-postgres` connector: PostgreSQL through `tokio-postgres`, pooled with bb8.
//!
//! [`PostgresDriver::connect`] reads a Prisma-style URL ([`PostgresConfig`]) and implements the engine's
//! [`SqlDriver`](engine_core::connector::SqlDriver): statements run as prepared statements kept in a
//! per-connection cache (or unnamed ones behind PgBouncer), values are bound by the parameter types the
//! server reports, rows are decoded from the binary format, and failures come back classified as
//! [`DatabaseError`](engine_core::connector::DatabaseError)s.

mod cache;
mod config;
mod connection;
mod driver;
mod error;
mod pool;
mod value;

pub use config::{default_connection_limit, ConfigError, Endpoint, PostgresConfig, SslMode};
pub use driver::{PostgresConnection, PostgresDriver, PostgresTransaction};
