//! Reading a SQLite connection URL the way Prisma does.
//!
//! Prisma accepts `file:<path>` (and the older `sqlite:<path>`), with an optional query string. A relative
//! path is resolved against the directory of the schema file, not the process's working directory, so the
//! same schema works wherever the engine is started from. Unknown parameters are ignored, as Prisma does,
//! so URLs written for Prisma keep working.

use std::path::{Component, Path, PathBuf};
use std::time::Duration;

/// How long a statement waits for another connection's write lock before failing (`socket_timeout`).
pub const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How long [`SqliteDriver::connection`](crate::SqliteDriver) waits for a free connection (`pool_timeout`).
pub const DEFAULT_POOL_TIMEOUT: Duration = Duration::from_secs(10);

/// A URL that cannot be used; each message names what to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("The URL must start with the protocol `file:`. Got `{0}`.")]
    MissingScheme(String),
    #[error("The URL `{0}` does not name a database file.")]
    EmptyPath(String),
    #[error("Invalid value `{value}` for the URL parameter `{name}`: {reason}.")]
    InvalidParameter {
        name: &'static str,
        value: String,
        reason: &'static str,
    },
}

/// Where the database lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A database file, with an absolute or base-directory-resolved path.
    File(PathBuf),
    /// A private in-memory database (`file::memory:`). Every SQLite connection would see its own empty
    /// database, so the pool keeps exactly one connection.
    Memory,
}

/// Everything the driver needs from the URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqliteConfig {
    pub location: Location,
    /// Most connections open at once; `None` lets the driver choose (see [`SqliteConfig::pool_size`]).
    pub connection_limit: Option<usize>,
    /// How long to wait for a free connection; `None` waits forever (`pool_timeout=0`).
    pub pool_timeout: Option<Duration>,
    /// SQLite's `busy_timeout`: how long a statement waits for a lock held by another connection.
    pub busy_timeout: Duration,
}

impl SqliteConfig {
    /// Parses `url`, resolving a relative path against `base_dir` (Prisma uses the schema file's directory).
    pub fn from_url(url: &str, base_dir: &Path) -> Result<Self, ConfigError> {
        let rest = url
            .strip_prefix("file:")
            .or_else(|| url.strip_prefix("sqlite:"))
            .ok_or_else(|| ConfigError::MissingScheme(url.to_owned()))?;
        let (path, query) = match rest.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (rest, None),
        };
        if path.is_empty() {
            return Err(ConfigError::EmptyPath(url.to_owned()));
        }
        let location = if path == ":memory:" {
            Location::Memory
        } else {
            Location::File(resolve(Path::new(path), base_dir))
        };

        let mut config = SqliteConfig {
            location,
            connection_limit: None,
            pool_timeout: Some(DEFAULT_POOL_TIMEOUT),
            busy_timeout: DEFAULT_BUSY_TIMEOUT,
        };
        for pair in query.into_iter().flat_map(|q| q.split('&')) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            match name {
                "connection_limit" => {
                    let limit = parse_number("connection_limit", value)?;
                    if limit == 0 {
                        return Err(ConfigError::InvalidParameter {
                            name: "connection_limit",
                            value: value.to_owned(),
                            reason: "at least one connection is needed",
                        });
                    }
                    config.connection_limit = Some(limit as usize);
                }
                "pool_timeout" => {
                    let secs = parse_number("pool_timeout", value)?;
                    config.pool_timeout = (secs > 0).then(|| Duration::from_secs(secs));
                }
                "socket_timeout" => {
                    config.busy_timeout =
                        Duration::from_secs(parse_number("socket_timeout", value)?);
                }
                _ => {}
            }
        }
        Ok(config)
    }

    /// The number of pooled connections.
    ///
    /// SQLite serializes writers whatever the pool size, but in WAL mode readers run beside the writer,
    /// so more than one connection still pays off. The default is the one Prisma computes for every
    /// database (twice the CPUs, plus one). An in-memory database is private to its connection, so it
    /// always gets exactly one.
    pub fn pool_size(&self) -> usize {
        if self.location == Location::Memory {
            return 1;
        }
        self.connection_limit.unwrap_or_else(|| {
            let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
            cpus * 2 + 1
        })
    }
}

/// Joins a relative path onto `base_dir` and drops `.` components, so `file:./dev.db` names
/// `<base>/dev.db` in messages rather than `<base>/./dev.db`.
fn resolve(path: &Path, base_dir: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        base_dir.join(path)
    };
    joined
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect()
}

fn parse_number(name: &'static str, value: &str) -> Result<u64, ConfigError> {
    value.parse().map_err(|_| ConfigError::InvalidParameter {
        name,
        value: value.to_owned(),
        reason: "expected a non-negative whole number",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(url: &str) -> Result<SqliteConfig, ConfigError> {
        SqliteConfig::from_url(url, Path::new("/project/prisma"))
    }

    #[test]
    fn relative_path_is_resolved_against_the_base_directory() {
        let config = parse("file:./dev.db").unwrap();
        assert_eq!(
            config.location,
            Location::File("/project/prisma/dev.db".into())
        );
        let config = parse("file:dev.db").unwrap();
        assert_eq!(
            config.location,
            Location::File("/project/prisma/dev.db".into())
        );
        let config = parse("file:../data/dev.db").unwrap();
        assert_eq!(
            config.location,
            Location::File("/project/prisma/../data/dev.db".into())
        );
    }

    #[test]
    fn absolute_path_is_kept() {
        let config = parse("file:/abs/path.db").unwrap();
        assert_eq!(config.location, Location::File("/abs/path.db".into()));
        let config = parse("sqlite:/abs/path.db").unwrap();
        assert_eq!(config.location, Location::File("/abs/path.db".into()));
    }

    #[test]
    fn defaults_without_parameters() {
        let config = parse("file:dev.db").unwrap();
        assert_eq!(config.connection_limit, None);
        assert_eq!(config.pool_timeout, Some(DEFAULT_POOL_TIMEOUT));
        assert_eq!(config.busy_timeout, DEFAULT_BUSY_TIMEOUT);
        assert!(config.pool_size() >= 3);
    }

    #[test]
    fn known_parameters_are_read_and_unknown_ones_ignored() {
        let config =
            parse("file:dev.db?connection_limit=1&socket_timeout=20&pool_timeout=3&schema=x&flag")
                .unwrap();
        assert_eq!(
            config.location,
            Location::File("/project/prisma/dev.db".into())
        );
        assert_eq!(config.connection_limit, Some(1));
        assert_eq!(config.pool_size(), 1);
        assert_eq!(config.busy_timeout, Duration::from_secs(20));
        assert_eq!(config.pool_timeout, Some(Duration::from_secs(3)));
    }

    #[test]
    fn pool_timeout_zero_waits_forever() {
        assert_eq!(
            parse("file:dev.db?pool_timeout=0").unwrap().pool_timeout,
            None
        );
    }

    #[test]
    fn memory_database_has_one_connection() {
        let config = parse("file::memory:?connection_limit=8").unwrap();
        assert_eq!(config.location, Location::Memory);
        assert_eq!(config.pool_size(), 1);
    }

    #[test]
    fn invalid_urls_are_rejected() {
        assert_eq!(
            parse("postgresql://localhost/db"),
            Err(ConfigError::MissingScheme(
                "postgresql://localhost/db".into()
            ))
        );
        assert_eq!(parse("file:"), Err(ConfigError::EmptyPath("file:".into())));
        assert_eq!(
            parse("file:?connection_limit=1"),
            Err(ConfigError::EmptyPath("file:?connection_limit=1".into()))
        );
        assert!(matches!(
            parse("file:dev.db?connection_limit=abc"),
            Err(ConfigError::InvalidParameter {
                name: "connection_limit",
                ..
            })
        ));
        assert!(matches!(
            parse("file:dev.db?connection_limit=0"),
            Err(ConfigError::InvalidParameter {
                name: "connection_limit",
                ..
            })
        ));
        assert!(matches!(
            parse("file:dev.db?socket_timeout=-1"),
            Err(ConfigError::InvalidParameter {
                name: "socket_timeout",
                ..
            })
        ));
    }
}
