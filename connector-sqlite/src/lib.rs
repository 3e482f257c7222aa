//! The SQLite connector: a pooled [`SqlDriver`](engine_core::connector::SqlDriver) over rusqlite (with
//! SQLite bundled), reading and writing values the way Prisma does on SQLite.
//!
//! - [`config`]: Prisma's `file:` URLs.
//! - `worker` / `pool`: one thread per connection, so blocking SQLite calls never run on the async
//!   runtime; WAL mode, `busy_timeout`, foreign keys on; transactions serialized with `BEGIN IMMEDIATE`.
//! - `values`: parameter binding and row decoding, for schema-typed columns and for raw queries.
//! - `errors`: SQLite failures as [`DatabaseError`](engine_core::connector::DatabaseError)s.
//! - [`SqliteDriver`]: the engine-facing driver, connections and transactions.

pub mod config;
mod driver;
mod errors;
mod pool;
mod session;
mod values;
mod worker;

pub use config::{ConfigError, Location, SqliteConfig};
pub use driver::{SqliteConnection, SqliteDriver, SqliteTransaction};

#[cfg(test)]
mod tests;
