//! Fresh databases for a schema, on every provider the machine has.

use std::path::{Path, PathBuf};
use std::sync::Arc;

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
}

impl TestProvider {
    /// The `provider = "..."` value.
    pub fn name(self) -> &'static str {
        match self {
            TestProvider::Sqlite => "sqlite",
            TestProvider::Postgres => "postgresql",
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
