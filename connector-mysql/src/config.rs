//! Reading a `mysql://` connection URL the way Prisma does.
//!
//! Users copy their URLs from Prisma projects, so every parameter Prisma understands for MySQL must mean
//! the same here: `connection_limit` and `pool_timeout` size the pool, `socket` connects through a Unix
//! socket, `socket_timeout` bounds every statement, `statement_cache_size` sizes the prepared statement
//! cache, and the TLS parameters are read and checked.

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
    #[error("Error opening a TLS connection: TLS was requested ({0}), but this build of the MySQL connector has no TLS support")]
    TlsUnavailable(&'static str),
}

/// `sslmode` as the URL may give it. Prisma's MySQL URLs usually say TLS through `sslcert`/`sslaccept`;
/// `sslmode` is accepted too because URLs shared with other MySQL tools carry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disabled,
    /// Use TLS when available; without TLS support this is plaintext.
    Preferred,
    Required,
}

/// `sslaccept`: how strictly the server certificate is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslAccept {
    Strict,
    AcceptInvalidCerts,
}

/// Where the server listens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    Tcp {
        host: String,
        port: u16,
    },
    /// A Unix socket file (`?socket=/run/mysqld/mysqld.sock`).
    Socket {
        path: String,
    },
}

/// Everything a URL says about how to connect and how to size the pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MysqlConfig {
    pub endpoint: Endpoint,
    /// The host of the URL even when a socket is used, for error messages.
    pub host: String,
    pub port: u16,
    pub user: String,
    pub password: Option<String>,
    pub database: String,
    pub connection_limit: usize,
    /// How long a caller waits for a free connection; zero waits as long as it takes.
    pub pool_timeout: Duration,
    /// `None` waits as long as the operating system does.
    pub connect_timeout: Option<Duration>,
    /// `None` lets a statement run as long as it needs.
    pub socket_timeout: Option<Duration>,
    /// Prepared statements kept per connection; 0 disables the cache.
    pub statement_cache_size: usize,
    /// Connections unused this long are closed; `None` keeps them.
    pub max_idle_connection_lifetime: Option<Duration>,
    /// Connections older than this are closed when they return to the pool.
    pub max_connection_lifetime: Option<Duration>,
    pub ssl_mode: SslMode,
    pub ssl_accept: SslAccept,
    /// `sslcert` / `sslidentity`: files that ask for a TLS connection.
    pub ssl_cert: Option<String>,
    pub ssl_identity: Option<String>,
}

const DEFAULT_PORT: u16 = 3306;
const DEFAULT_POOL_TIMEOUT_SECS: u64 = 10;
const DEFAULT_CONNECT_TIMEOUT_SECS: u64 = 5;
const DEFAULT_STATEMENT_CACHE_SIZE: usize = 100;
const DEFAULT_IDLE_LIFETIME_SECS: u64 = 300;

/// Prisma's default pool size: two connections per CPU, plus one.
pub fn default_connection_limit() -> usize {
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    cpus * 2 + 1
}

impl MysqlConfig {
    /// Parses a `mysql://` URL.
    pub fn from_url(input: &str) -> Result<Self, ConfigError> {
        let url = Url::parse(input).map_err(|e| ConfigError::InvalidUrl(e.to_string()))?;
        if url.scheme() != "mysql" {
            return Err(ConfigError::InvalidUrl(format!(
                "The URL scheme must be `mysql`, got `{}`.",
                url.scheme()
            )));
        }
        let host = decode(url.host_str().unwrap_or(""));
        let port = url.port().unwrap_or(DEFAULT_PORT);
        let mut config = MysqlConfig {
            endpoint: Endpoint::Tcp {
                host: host.clone(),
                port,
            },
            host,
            port,
            user: match decode(url.username()) {
                user if user.is_empty() => "root".to_owned(),
                user => user,
            },
            password: url.password().map(decode),
            database: match decode(url.path().trim_start_matches('/')) {
                db if db.is_empty() => "mysql".to_owned(),
                db => db,
            },
            connection_limit: default_connection_limit(),
            pool_timeout: Duration::from_secs(DEFAULT_POOL_TIMEOUT_SECS),
            connect_timeout: Some(Duration::from_secs(DEFAULT_CONNECT_TIMEOUT_SECS)),
            socket_timeout: None,
            statement_cache_size: DEFAULT_STATEMENT_CACHE_SIZE,
            max_idle_connection_lifetime: Some(Duration::from_secs(DEFAULT_IDLE_LIFETIME_SECS)),
            max_connection_lifetime: None,
            ssl_mode: SslMode::Preferred,
            ssl_accept: SslAccept::Strict,
            ssl_cert: None,
            ssl_identity: None,
        };
        for (name, value) in url.query_pairs() {
            config.apply_parameter(&name, &value)?;
        }
        if matches!(config.endpoint, Endpoint::Tcp { .. }) && config.host.is_empty() {
            return Err(ConfigError::InvalidUrl("The URL has no host.".into()));
        }
        Ok(config)
    }

    fn apply_parameter(&mut self, name: &str, value: &str) -> Result<(), ConfigError> {
        match name {
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
            "socket_timeout" => {
                let secs: u64 = parse_number(name, value, "seconds")?;
                self.socket_timeout = (secs > 0).then(|| Duration::from_secs(secs));
            }
            "statement_cache_size" => {
                self.statement_cache_size = parse_number(name, value, "a non-negative integer")?
            }
            "max_connection_lifetime" => {
                let secs: u64 = parse_number(name, value, "seconds")?;
                self.max_connection_lifetime = (secs > 0).then(|| Duration::from_secs(secs));
            }
            "max_idle_connection_lifetime" => {
                let secs: u64 = parse_number(name, value, "seconds")?;
                self.max_idle_connection_lifetime = (secs > 0).then(|| Duration::from_secs(secs));
            }
            "socket" => {
                self.endpoint = Endpoint::Socket {
                    path: value.to_owned(),
                }
            }
            "sslmode" => {
                self.ssl_mode = match value.to_ascii_lowercase().as_str() {
                    "disabled" | "disable" => SslMode::Disabled,
                    "preferred" | "prefer" => SslMode::Preferred,
                    "required" | "require" => SslMode::Required,
                    _ => return Err(invalid(name, value, "one of disabled, preferred, required")),
                }
            }
            "sslaccept" => {
                self.ssl_accept = match value {
                    "strict" => SslAccept::Strict,
                    "accept_invalid_certs" => SslAccept::AcceptInvalidCerts,
                    _ => return Err(invalid(name, value, "strict or accept_invalid_certs")),
                }
            }
            "sslcert" => self.ssl_cert = Some(value.to_owned()),
            "sslidentity" => self.ssl_identity = Some(value.to_owned()),
            // Parameters Prisma reads that change nothing here (`sslpassword` only matters with
            // `sslidentity`) and options meant for other tools.
            _ => {}
        }
        Ok(())
    }

    /// Fails when the URL asks for TLS, which this build cannot honour.
    pub(crate) fn check_tls(&self) -> Result<(), ConfigError> {
        if self.ssl_mode == SslMode::Required {
            return Err(ConfigError::TlsUnavailable("sslmode=required"));
        }
        if self.ssl_cert.is_some() {
            return Err(ConfigError::TlsUnavailable("sslcert"));
        }
        if self.ssl_identity.is_some() {
            return Err(ConfigError::TlsUnavailable("sslidentity"));
        }
        Ok(())
    }

    /// The driver-level options. Fails when TLS is required.
    pub(crate) fn to_opts(&self) -> Result<mysql_async::Opts, ConfigError> {
        self.check_tls()?;
        let limit = self.connection_limit.max(1);
        let constraints = mysql_async::PoolConstraints::new(0, limit)
            .ok_or_else(|| invalid("connection_limit", &limit.to_string(), "a positive integer"))?;
        let mut pool_opts = mysql_async::PoolOpts::default()
            .with_constraints(constraints)
            .with_reset_connection(false);
        if let Some(idle) = self.max_idle_connection_lifetime {
            pool_opts = pool_opts.with_inactive_connection_ttl(idle);
        }
        if let Some(lifetime) = self.max_connection_lifetime {
            pool_opts = pool_opts.with_abs_conn_ttl(Some(lifetime));
        }
        let mut builder = mysql_async::OptsBuilder::default()
            .user(Some(self.user.clone()))
            .pass(self.password.clone())
            .db_name(Some(self.database.clone()))
            .stmt_cache_size(self.statement_cache_size)
            .prefer_socket(false)
            .pool_opts(pool_opts);
        builder = match &self.endpoint {
            Endpoint::Tcp { host, port } => builder
                .ip_or_hostname(host.trim_start_matches('[').trim_end_matches(']'))
                .tcp_port(*port),
            Endpoint::Socket { path } => builder.socket(Some(path.clone())),
        };
        Ok(builder.into())
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
        let config = MysqlConfig::from_url("mysql://alice:s3cret@db.example:3307/shop").unwrap();
        assert_eq!(
            config.endpoint,
            Endpoint::Tcp {
                host: "db.example".into(),
                port: 3307
            }
        );
        assert_eq!(config.user, "alice");
        assert_eq!(config.password.as_deref(), Some("s3cret"));
        assert_eq!(config.database, "shop");
        assert_eq!(config.connection_limit, default_connection_limit());
        assert_eq!(config.pool_timeout, Duration::from_secs(10));
        assert_eq!(config.connect_timeout, Some(Duration::from_secs(5)));
        assert_eq!(config.socket_timeout, None);
        assert_eq!(config.statement_cache_size, 100);
        assert_eq!(config.ssl_mode, SslMode::Preferred);
    }

    #[test]
    fn defaults_port_user_and_database() {
        let config = MysqlConfig::from_url("mysql://localhost").unwrap();
        assert_eq!(config.port, 3306);
        assert_eq!(config.user, "root");
        assert_eq!(config.database, "mysql");
    }

    #[test]
    fn percent_decodes_credentials_and_database() {
        let config =
            MysqlConfig::from_url("mysql://us%40er:p%40ss%3Aw%2Fo%23rd@h/my%20db").unwrap();
        assert_eq!(config.user, "us@er");
        assert_eq!(config.password.as_deref(), Some("p@ss:w/o#rd"));
        assert_eq!(config.database, "my db");
    }

    #[test]
    fn reads_pool_and_connection_parameters() {
        let config = MysqlConfig::from_url(
            "mysql://u@h/d?connection_limit=3&pool_timeout=0&connect_timeout=2&socket_timeout=7&statement_cache_size=0&sslaccept=accept_invalid_certs&sslmode=disabled&max_idle_connection_lifetime=0",
        )
        .unwrap();
        assert_eq!(config.connection_limit, 3);
        assert_eq!(config.pool_timeout, Duration::ZERO);
        assert_eq!(config.connect_timeout, Some(Duration::from_secs(2)));
        assert_eq!(config.socket_timeout, Some(Duration::from_secs(7)));
        assert_eq!(config.statement_cache_size, 0);
        assert_eq!(config.ssl_accept, SslAccept::AcceptInvalidCerts);
        assert_eq!(config.ssl_mode, SslMode::Disabled);
        assert_eq!(config.max_idle_connection_lifetime, None);
        assert!(config.to_opts().is_ok());
    }

    #[test]
    fn socket_parameter_selects_a_unix_socket() {
        let config =
            MysqlConfig::from_url("mysql://u@localhost/d?socket=/run/mysqld/mysqld.sock").unwrap();
        assert_eq!(
            config.endpoint,
            Endpoint::Socket {
                path: "/run/mysqld/mysqld.sock".into()
            }
        );
    }

    #[test]
    fn rejects_bad_values() {
        for url in [
            "postgresql://u@h/d",
            "mysql://u@h/d?connection_limit=zero",
            "mysql://u@h/d?connection_limit=0",
            "mysql://u@h/d?pool_timeout=-1",
            "mysql://u@h/d?sslaccept=maybe",
            "mysql://u@h/d?sslmode=verify",
            "not a url",
        ] {
            assert!(
                MysqlConfig::from_url(url).is_err(),
                "{url} should be rejected"
            );
        }
    }

    #[test]
    fn required_tls_fails_instead_of_downgrading() {
        for url in [
            "mysql://u@h/d?sslmode=required",
            "mysql://u@h/d?sslcert=/ca.pem",
            "mysql://u@h/d?sslidentity=/id.p12",
        ] {
            let config = MysqlConfig::from_url(url).unwrap();
            assert!(matches!(
                config.to_opts(),
                Err(ConfigError::TlsUnavailable(_))
            ));
        }
    }
}
