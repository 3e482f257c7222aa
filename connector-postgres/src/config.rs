//! Reading a `postgresql://` connection URL the way Prisma does.
//!
//! Users copy their URLs from Prisma projects, so every parameter Prisma understands must mean the same
//! here: `schema` becomes the `search_path`, `connection_limit` and `pool_timeout` size the pool,
//! `pgbouncer=true` turns the statement cache off, and so on.

use std::time::Duration;

use percent_encoding::percent_decode_str;
use url::Url;

/// Why a URL could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("The provided database string is invalid. {0}")]
    InvalidUrl(String),
    #[error(
        "The provided database string is invalid. `{name}` must be {expected}, got `{value}`."
    )]
    InvalidParameter {
        name: String,
        value: String,
        expected: &'static str,
    },
    /// Asked for TLS that this build cannot provide; connecting in plaintext instead would silently
    /// downgrade the security the user asked for.
    #[error("Error opening a TLS connection: sslmode=require was requested, but this build of the PostgreSQL connector has no TLS support")]
    TlsUnavailable,
}

/// `sslmode` as Prisma accepts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    /// Use TLS when available; without TLS support this is plaintext.
    Prefer,
    Require,
}

/// Where the server listens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    Tcp {
        host: String,
        port: u16,
    },
    /// A Unix socket directory (`?host=/var/run/postgresql`); the port names the socket file.
    Socket {
        dir: String,
        port: u16,
    },
}

/// Everything a URL says about how to connect and how to size the pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostgresConfig {
    pub endpoint: Endpoint,
    pub user: String,
    pub password: Option<String>,
    pub database: String,
    /// Set as `search_path` on every new connection.
    pub schema: String,
    pub connection_limit: usize,
    pub pool_timeout: Duration,
    /// `None` waits as long as the operating system does.
    pub connect_timeout: Option<Duration>,
    pub ssl_mode: SslMode,
    /// PgBouncer in transaction mode cannot keep named prepared statements, so they are not used.
    pub pgbouncer: bool,
    /// Prepared statements kept per connection; 0 disables the cache.
    pub statement_cache_size: usize,
    pub application_name: Option<String>,
}

const DEFAULT_PORT: u16 = 5432;
const DEFAULT_POOL_TIMEOUT_SECS: u64 = 10;
const DEFAULT_CONNECT_TIMEOUT_SECS: u64 = 5;
const DEFAULT_STATEMENT_CACHE_SIZE: usize = 100;

/// Prisma's default pool size: two connections per CPU, plus one.
pub fn default_connection_limit() -> usize {
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    cpus * 2 + 1
}

impl PostgresConfig {
    /// Parses a `postgresql://` or `postgres://` URL.
    pub fn from_url(input: &str) -> Result<Self, ConfigError> {
        let url = Url::parse(input).map_err(|e| ConfigError::InvalidUrl(e.to_string()))?;
        if !matches!(url.scheme(), "postgresql" | "postgres") {
            return Err(ConfigError::InvalidUrl(format!(
                "The URL scheme must be `postgresql` or `postgres`, got `{}`.",
                url.scheme()
            )));
        }

        let mut config = PostgresConfig {
            endpoint: Endpoint::Tcp {
                host: decode(url.host_str().unwrap_or("")),
                port: url.port().unwrap_or(DEFAULT_PORT),
            },
            user: match decode(url.username()) {
                user if user.is_empty() => "postgres".to_owned(),
                user => user,
            },
            password: url.password().map(decode),
            database: match decode(url.path().trim_start_matches('/')) {
                db if db.is_empty() => "postgres".to_owned(),
                db => db,
            },
            schema: "public".to_owned(),
            connection_limit: default_connection_limit(),
            pool_timeout: Duration::from_secs(DEFAULT_POOL_TIMEOUT_SECS),
            connect_timeout: Some(Duration::from_secs(DEFAULT_CONNECT_TIMEOUT_SECS)),
            ssl_mode: SslMode::Prefer,
            pgbouncer: false,
            statement_cache_size: DEFAULT_STATEMENT_CACHE_SIZE,
            application_name: None,
        };

        for (name, value) in url.query_pairs() {
            config.apply_parameter(&name, &value)?;
        }
        if config.pgbouncer {
            config.statement_cache_size = 0;
        }
        if let Endpoint::Tcp { host, .. } = &config.endpoint {
            if host.is_empty() {
                return Err(ConfigError::InvalidUrl("The URL has no host.".into()));
            }
        }
        Ok(config)
    }

    fn apply_parameter(&mut self, name: &str, value: &str) -> Result<(), ConfigError> {
        match name {
            "schema" => self.schema = value.to_owned(),
            "connection_limit" => {
                self.connection_limit = parse_number(name, value, "a positive integer")?;
                if self.connection_limit == 0 {
                    return Err(invalid(name, value, "a positive integer"));
                }
            }
            "pool_timeout" => {
                self.pool_timeout = Duration::from_secs(parse_number(name, value, "seconds")?)
            }
            "connect_timeout" => {
                let secs: u64 = parse_number(name, value, "seconds")?;
                self.connect_timeout = (secs > 0).then(|| Duration::from_secs(secs));
            }
            "statement_cache_size" => {
                self.statement_cache_size = parse_number(name, value, "a non-negative integer")?
            }
            "sslmode" => {
                self.ssl_mode = match value {
                    "disable" => SslMode::Disable,
                    "prefer" => SslMode::Prefer,
                    "require" => SslMode::Require,
                    _ => return Err(invalid(name, value, "one of disable, prefer, require")),
                }
            }
            "pgbouncer" => {
                self.pgbouncer = match value {
                    "true" => true,
                    "false" => false,
                    _ => return Err(invalid(name, value, "true or false")),
                }
            }
            "application_name" => self.application_name = Some(value.to_owned()),
            "host" => {
                let port = self.port();
                self.endpoint = if value.starts_with('/') {
                    Endpoint::Socket {
                        dir: value.to_owned(),
                        port,
                    }
                } else {
                    Endpoint::Tcp {
                        host: value.to_owned(),
                        port,
                    }
                };
            }
            // Parameters Prisma reads that do not change anything here: TLS files (no TLS in this build),
            // socket and idle timeouts handled by the pool defaults, and options for other tools.
            _ => {}
        }
        Ok(())
    }

    /// The host as error messages name it (the socket directory for sockets).
    pub fn host(&self) -> &str {
        match &self.endpoint {
            Endpoint::Tcp { host, .. } => host,
            Endpoint::Socket { dir, .. } => dir,
        }
    }

    pub fn port(&self) -> u16 {
        match &self.endpoint {
            Endpoint::Tcp { port, .. } | Endpoint::Socket { port, .. } => *port,
        }
    }

    /// The driver-level configuration. Fails for `sslmode=require`, which this build cannot honour.
    pub(crate) fn to_driver_config(&self) -> Result<tokio_postgres::Config, ConfigError> {
        if self.ssl_mode == SslMode::Require {
            return Err(ConfigError::TlsUnavailable);
        }
        let mut config = tokio_postgres::Config::new();
        match &self.endpoint {
            Endpoint::Tcp { host, .. } => {
                config.host(host.trim_start_matches('[').trim_end_matches(']'))
            }
            Endpoint::Socket { dir, .. } => config.host_path(dir),
        };
        config
            .port(self.port())
            .user(&self.user)
            .dbname(&self.database)
            .ssl_mode(tokio_postgres::config::SslMode::Disable);
        if let Some(password) = &self.password {
            config.password(password);
        }
        if let Some(timeout) = self.connect_timeout {
            config.connect_timeout(timeout);
        }
        if let Some(name) = &self.application_name {
            config.application_name(name);
        }
        Ok(config)
    }
}

fn decode(raw: &str) -> String {
    percent_decode_str(raw).decode_utf8_lossy().into_owned()
}

fn invalid(name: &str, value: &str, expected: &'static str) -> ConfigError {
    ConfigError::InvalidParameter {
        name: name.to_owned(),
        value: value.to_owned(),
        expected,
    }
}

fn parse_number<T: std::str::FromStr>(
    name: &str,
    value: &str,
    expected: &'static str,
) -> Result<T, ConfigError> {
    value.parse().map_err(|_| invalid(name, value, expected))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_parts_of_a_plain_url() {
        let config =
            PostgresConfig::from_url("postgresql://alice:s3cret@db.example:6543/shop").unwrap();
        assert_eq!(
            config.endpoint,
            Endpoint::Tcp {
                host: "db.example".into(),
                port: 6543
            }
        );
        assert_eq!(config.user, "alice");
        assert_eq!(config.password.as_deref(), Some("s3cret"));
        assert_eq!(config.database, "shop");
        assert_eq!(config.schema, "public");
        assert_eq!(config.connection_limit, default_connection_limit());
        assert_eq!(config.pool_timeout, Duration::from_secs(10));
        assert_eq!(config.connect_timeout, Some(Duration::from_secs(5)));
        assert_eq!(config.ssl_mode, SslMode::Prefer);
        assert!(!config.pgbouncer);
        assert_eq!(config.statement_cache_size, 100);
    }

    #[test]
    fn defaults_port_user_and_database() {
        let config = PostgresConfig::from_url("postgres://localhost").unwrap();
        assert_eq!(config.port(), 5432);
        assert_eq!(config.user, "postgres");
        assert_eq!(config.database, "postgres");
    }

    #[test]
    fn percent_decodes_credentials_and_database() {
        let config = PostgresConfig::from_url(
            "postgresql://us%40er:p%40ss%3Aw%2Fo%23rd@h/my%20db?schema=my%20schema",
        )
        .unwrap();
        assert_eq!(config.user, "us@er");
        assert_eq!(config.password.as_deref(), Some("p@ss:w/o#rd"));
        assert_eq!(config.database, "my db");
        assert_eq!(config.schema, "my schema");
    }

    #[test]
    fn reads_pool_and_connection_parameters() {
        let config = PostgresConfig::from_url(
            "postgresql://u@h/d?schema=app&connection_limit=3&pool_timeout=0&connect_timeout=2&sslmode=disable&application_name=refract&statement_cache_size=7",
        )
        .unwrap();
        assert_eq!(config.schema, "app");
        assert_eq!(config.connection_limit, 3);
        assert_eq!(config.pool_timeout, Duration::ZERO);
        assert_eq!(config.connect_timeout, Some(Duration::from_secs(2)));
        assert_eq!(config.ssl_mode, SslMode::Disable);
        assert_eq!(config.application_name.as_deref(), Some("refract"));
        assert_eq!(config.statement_cache_size, 7);
    }

    #[test]
    fn pgbouncer_turns_the_statement_cache_off() {
        let config =
            PostgresConfig::from_url("postgresql://u@h/d?pgbouncer=true&statement_cache_size=50")
                .unwrap();
        assert!(config.pgbouncer);
        assert_eq!(config.statement_cache_size, 0);
    }

    #[test]
    fn host_parameter_selects_a_socket_directory() {
        let config =
            PostgresConfig::from_url("postgresql://u@localhost:5433/d?host=/var/run/postgresql")
                .unwrap();
        assert_eq!(
            config.endpoint,
            Endpoint::Socket {
                dir: "/var/run/postgresql".into(),
                port: 5433
            }
        );
    }

    #[test]
    fn rejects_bad_values() {
        for url in [
            "mysql://u@h/d",
            "postgresql://u@h/d?connection_limit=zero",
            "postgresql://u@h/d?connection_limit=0",
            "postgresql://u@h/d?pool_timeout=-1",
            "postgresql://u@h/d?sslmode=verify-full",
            "postgresql://u@h/d?pgbouncer=yes",
            "not a url",
        ] {
            assert!(
                PostgresConfig::from_url(url).is_err(),
                "{url} should be rejected"
            );
        }
    }

    #[test]
    fn sslmode_require_fails_instead_of_downgrading() {
        let config = PostgresConfig::from_url("postgresql://u@h/d?sslmode=require").unwrap();
        assert_eq!(
            config.to_driver_config().unwrap_err(),
            ConfigError::TlsUnavailable
        );
        let prefer = PostgresConfig::from_url("postgresql://u@h/d?sslmode=prefer").unwrap();
        assert!(prefer.to_driver_config().is_ok());
    }
}
