//! Fresh databases for a schema, on every provider the machine has.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use engine_core::connector::SqlDriver;
use engine_core::migrate;
use engine_core::sql_connector::SqlConnector;
use engine_core::Engine;
use refract_cli::connect;
use schema_core::Datamodel;

/// A provider the harness can run on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestProvider {
    Sqlite,
    Postgres,
    /// MySQL or MariaDB (the recorded scenarios come from MariaDB 10.11).
    Mysql,
}

impl TestProvider {
    /// The `provider = "..."` value.
    pub fn name(self) -> &'static str {
        match self {
            TestProvider::Sqlite => "sqlite",
            TestProvider::Postgres => "postgresql",
            TestProvider::Mysql => "mysql",
        }
    }

    /// The server URL from the environment; `None` (with a printed notice) when it is not set. SQLite
    /// needs no server.
    pub fn server_url(self) -> Option<String> {
        match self {
            TestProvider::Sqlite => Some(String::new()),
            TestProvider::Postgres => match std::env::var("TEST_POSTGRES_URL") {
                Ok(url) if !url.is_empty() => Some(url),
                _ => {
                    eprintln!("TEST_POSTGRES_URL is not set: skipping the PostgreSQL run");
                    None
                }
            },
            TestProvider::Mysql => match std::env::var("TEST_MYSQL_URL") {
                Ok(url) if !url.is_empty() => Some(url),
                _ => {
                    eprintln!("TEST_MYSQL_URL is not set: skipping the MySQL run");
                    None
                }
            },
        }
    }
}

/// An engine on a fresh database holding exactly the schema's tables.
pub struct TestDatabase {
    pub engine: Engine,
    pub connector: Arc<SqlConnector>,
    pub datamodel: Arc<Datamodel>,
    /// Keeps a SQLite file's directory alive for the database's lifetime.
    _dir: Option<tempfile::TempDir>,
}

/// Why a test database could not be prepared.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("schema does not validate:\n{0}")]
    Schema(String),
    #[error("{0}")]
    Connect(#[from] connect::ConnectError),
    #[error("{0}")]
    Push(#[from] migrate::PushError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Replaces the `provider` of the datasource block, as the scenario runner of the recorded goldens does.
pub fn with_provider(schema: &str, provider: TestProvider) -> String {
    let mut out = String::with_capacity(schema.len());
    let mut in_datasource = false;
    for line in schema.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("datasource ") {
            in_datasource = true;
        } else if in_datasource && trimmed.starts_with('}') {
            in_datasource = false;
        }
        if in_datasource && trimmed.starts_with("provider") {
            let indent = &line[..line.len() - trimmed.len()];
            out.push_str(&format!("{indent}provider = \"{}\"", provider.name()));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// Creates a fresh database named `name` for `schema` on `provider` and opens an engine on it.
pub async fn fresh_database(
    schema: &str,
    provider: TestProvider,
    server_url: &str,
    name: &str,
) -> Result<TestDatabase, SetupError> {
    let validated = schema_core::validate(schema);
    if validated.diagnostics.has_errors() {
        return Err(SetupError::Schema(
            validated.diagnostics.render_errors("schema.prisma", schema),
        ));
    }
    let datamodel = Arc::new(validated.datamodel);
    let (url, dir, base): (String, Option<tempfile::TempDir>, PathBuf) = match provider {
        TestProvider::Sqlite => {
            let dir = tempfile::tempdir()?;
            let path = dir.path().join(format!("{name}.db"));
            (
                format!("file:{}", path.display()),
                Some(dir),
                PathBuf::from("."),
            )
        }
        TestProvider::Postgres => {
            let separator = if server_url.contains('?') { '&' } else { '?' };
            (
                format!("{server_url}{separator}schema={name}"),
                None,
                PathBuf::from("."),
            )
        }
        TestProvider::Mysql => (
            mysql_database(server_url, name).await?,
            None,
            PathBuf::from("."),
        ),
    };
    {
        let driver = connect::open_driver(&datamodel, &url, Path::new(&base)).await?;
        migrate::reset_and_push(driver.as_ref(), &datamodel).await?;
    }
    let (engine, connector) = connect::open_engine(datamodel.clone(), &url, &base).await?;
    Ok(TestDatabase {
        engine,
        connector,
        datamodel,
        _dir: dir,
    })
}

/// The database a MySQL run of `name` uses. The recorded scenarios ran in a database named `qgold`, and
/// MySQL names the database in some error messages (`Table 'qgold.nope' doesn't exist`), so the golden
/// runs (`golden_*`, one at a time) use that name too.
fn mysql_database_name(name: &str) -> String {
    if name.starts_with("golden_") {
        "qgold".to_owned()
    } else {
        name.to_owned()
    }
}

/// Creates the database for `name` on the server of `server_url` (if it is not there yet) and returns the
/// URL of that database: a MySQL database is what a PostgreSQL schema is to the other runs.
async fn mysql_database(server_url: &str, name: &str) -> Result<String, SetupError> {
    let database = mysql_database_name(name);
    let driver = connector_mysql::MysqlDriver::connect(server_url)
        .await
        .map_err(connect::ConnectError::from)?;
    let connection = driver
        .connection()
        .await
        .map_err(connect::ConnectError::from)?;
    let create = engine_core::sql::Rendered {
        sql: format!(
            "CREATE DATABASE IF NOT EXISTS `{}`",
            database.replace('`', "``")
        ),
        params: vec![],
    };
    connection
        .execute(&create)
        .await
        .map_err(connect::ConnectError::from)?;
    let mut url = url_with_path(server_url, &database);
    if url.is_empty() {
        url = server_url.to_owned();
    }
    Ok(url)
}

/// `mysql://user@host:port/<database>?params` from a server URL with any (or no) database path.
fn url_with_path(server_url: &str, database: &str) -> String {
    let (base, query) = match server_url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (server_url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let base = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{base}/{database}?{query}"),
        None => format!("{base}/{database}"),
    }
}
