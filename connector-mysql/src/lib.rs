//! The `connector-mysql` connector: MySQL and MariaDB through `mysql_async` and its pool.
//!
//! [`MysqlDriver::connect`] reads a Prisma-style URL ([`MysqlConfig`]) and implements the engine's
//! [`SqlDriver`](engine_core::connector::SqlDriver): statements run as prepared statements (binary
//! protocol) kept in the driver's per-connection statement cache, values are decoded by the schema types
//! the engine asks for (a `TINYINT(1)` as a `Boolean`, a `LONGTEXT` as `Json`), raw results report
//! Prisma's column types, and failures come back classified as
//! [`DatabaseError`](engine_core::connector::DatabaseError)s.

mod config;
mod driver;
mod error;
mod value;

pub use config::{
    default_connection_limit, ConfigError, Endpoint, MysqlConfig, SslAccept, SslMode,
};
pub use driver::{MysqlConnection, MysqlDriver, MysqlTransaction};
