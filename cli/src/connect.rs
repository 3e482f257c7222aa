//! From a validated schema to a running [`Engine`]: resolve the datasource URL, open the driver of its
//! provider, wrap it in the record-level connector.

use std::path::Path;
use std::sync::Arc;

use connector_mysql::MysqlDriver;
use connector_postgres::PostgresDriver;
use connector_sqlite::SqliteDriver;
use engine_core::connector::{DatabaseError, SqlDriver};
use engine_core::sql_connector::SqlConnector;
use engine_core::Engine;
use schema_core::config::{Provider, StringFromEnv};
use schema_core::Datamodel;

/// Why an engine could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("the schema has no datasource block")]
    NoDatasource,
    #[error("Environment variable not found: {0}.")]
    MissingEnv(String),
    #[error("the `{0}` provider is not supported by this build yet")]
    UnsupportedProvider(String),
    #[error("{0}")]
    Database(#[from] DatabaseError),
}

/// The datasource URL, with `env("...")` resolved from the environment.
pub fn datasource_url(datamodel: &Datamodel) -> Result<String, ConnectError> {
    let datasource = datamodel
        .datasource
        .as_ref()
        .ok_or(ConnectError::NoDatasource)?;
    match &datasource.url {
        StringFromEnv::Literal(url) => Ok(url.clone()),
        StringFromEnv::Env(name) => {
            std::env::var(name).map_err(|_| ConnectError::MissingEnv(name.clone()))
        }
    }
}

/// Opens the SQL driver of the datasource. SQLite paths are relative to the schema's directory, as in
/// Prisma.
pub async fn open_driver(
    datamodel: &Datamodel,
    url: &str,
    schema_dir: &Path,
) -> Result<Box<dyn SqlDriver>, ConnectError> {
    let datasource = datamodel
        .datasource
        .as_ref()
        .ok_or(ConnectError::NoDatasource)?;
    match datasource.provider {
        Provider::Sqlite => Ok(Box::new(SqliteDriver::open(url, schema_dir).await?)),
        Provider::PostgreSql => Ok(Box::new(PostgresDriver::connect(url).await?)),
        Provider::MySql => Ok(Box::new(MysqlDriver::connect(url).await?)),
        _ => Err(ConnectError::UnsupportedProvider(
            datasource.provider_written.clone(),
        )),
    }
}

/// Opens the engine for a datamodel at `url` (the datasource URL unless overridden).
pub async fn open_engine(
    datamodel: Arc<Datamodel>,
    url: &str,
    schema_dir: &Path,
) -> Result<(Engine, Arc<SqlConnector>), ConnectError> {
    let driver = open_driver(&datamodel, url, schema_dir).await?;
    let connector = Arc::new(SqlConnector::new(driver, datamodel.clone()));
    Ok((Engine::new(datamodel, connector.clone()), connector))
}
