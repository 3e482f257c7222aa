//! `refract db push`: sync the database to the schema, printing what Prisma's CLI prints.
//!
//! The order is Prisma's: the schema is loaded and validated before anything touches the database, the
//! datasource is named, a missing database is created, an optional reset runs, then the push. Data-loss
//! warnings and steps that cannot run refuse the push with exit code 1 and nothing changed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Subcommand;
use connector_mysql::{MysqlConfig, MysqlDriver};
use connector_postgres::{PostgresConfig, PostgresDriver};
use connector_sqlite::{Location, SqliteConfig, SqliteDriver};
use engine_core::connector::{DatabaseError, SqlDriver};
use engine_core::migrate::{push, PushError, PushOptions};
use engine_core::sql::Rendered;
use refract_cli::connect::{self, ConnectError};
use schema_core::config::Provider;
use schema_core::Datamodel;

use crate::commands::load_valid;
use crate::schema_file::SchemaFileError;

/// `refract db ...`.
#[derive(Subcommand)]
pub enum DbCommand {
    /// Push the state from the Prisma schema to the database.
    Push {
        /// Path to the schema (default: ./schema.prisma, then ./prisma/schema.prisma).
        #[arg(long)]
        schema: Option<PathBuf>,
        /// Ignore data loss warnings.
        #[arg(long)]
        accept_data_loss: bool,
        /// Force a reset of the database before push.
        #[arg(long)]
        force_reset: bool,
        /// Skip triggering generators.
        #[arg(long)]
        skip_generate: bool,
    },
}

pub fn run(command: DbCommand) -> Result<ExitCode, SchemaFileError> {
    match command {
        DbCommand::Push {
            schema,
            accept_data_loss,
            force_reset,
            skip_generate,
        } => db_push(
            schema.as_deref(),
            PushOptions {
                accept_data_loss,
                force_reset,
            },
            !skip_generate,
        ),
    }
}

/// What the CLI says about the database a URL names.
struct DatabaseInfo {
    /// `SQLite`, `PostgreSQL`, `MySQL`.
    kind: &'static str,
    name: String,
    /// PostgreSQL's `?schema=` (`public` by default).
    schema: Option<String>,
    /// The URL for SQLite, `host:port` for servers.
    location: String,
}

impl DatabaseInfo {
    fn read(provider: Provider, url: &str) -> Option<DatabaseInfo> {
        match provider {
            Provider::Sqlite => {
                let path = url
                    .strip_prefix("file:")
                    .or_else(|| url.strip_prefix("sqlite:"))
                    .unwrap_or(url);
                let path = path.split('?').next().unwrap_or(path);
                Some(DatabaseInfo {
                    kind: "SQLite",
                    name: Path::new(path)
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_else(|| path.to_owned()),
                    schema: None,
                    location: url.to_owned(),
                })
            }
            Provider::PostgreSql => {
                let config = PostgresConfig::from_url(url).ok()?;
                Some(DatabaseInfo {
                    kind: "PostgreSQL",
                    name: config.database.clone(),
                    schema: Some(config.schema.clone()),
                    location: format!("{}:{}", config.host(), config.port()),
                })
            }
            Provider::MySql => {
                let config = MysqlConfig::from_url(url).ok()?;
                Some(DatabaseInfo {
                    kind: "MySQL",
                    name: config.database.clone(),
                    schema: None,
                    location: format!("{}:{}", config.host, config.port),
                })
            }
            _ => None,
        }
    }

    /// `Datasource "db": SQLite database "dev.db" at "file:./dev.db"`.
    fn datasource_line(&self, datasource: &str) -> String {
        let schema = self
            .schema
            .as_ref()
            .map(|s| format!(", schema \"{s}\""))
            .unwrap_or_default();
        format!(
            "Datasource \"{datasource}\": {} database \"{}\"{schema} at \"{}\"",
            self.kind, self.name, self.location
        )
    }

    /// `The SQLite database "dev.db" at "file:./dev.db" was successfully reset.`
    fn reset_line(&self) -> String {
        let schema = self
            .schema
            .as_ref()
            .map(|s| format!(" schema \"{s}\""))
            .unwrap_or_default();
        format!(
            "The {} database \"{}\"{schema} at \"{}\" was successfully reset.",
            self.kind, self.name, self.location
        )
    }
}

/// Prisma's duration format: milliseconds below a second, else seconds with two decimals.
fn format_ms(ms: u128) -> String {
    if ms < 1000 {
        format!("{ms}ms")
    } else {
        format!("{:.2}s", ms as f64 / 1000.0)
    }
}

/// Pushes, then (when `generate` and the push succeeded) runs the schema's generators, as Prisma does.
fn db_push(
    schema: Option<&Path>,
    options: PushOptions,
    generate: bool,
) -> Result<ExitCode, SchemaFileError> {
    let Some((file, validated)) = load_valid(schema)? else {
        return Ok(ExitCode::FAILURE);
    };
    let datamodel = &validated.datamodel;
    let Some(datasource) = datamodel.datasource.as_ref() else {
        eprintln!("Error: Couldn't find a datasource in the schema.prisma file");
        return Ok(ExitCode::FAILURE);
    };
    let url = match connect::datasource_url(datamodel) {
        Ok(url) => url,
        Err(ConnectError::MissingEnv(name)) => {
            eprintln!("Error: Prisma schema validation");
            eprintln!("Error code: P1012");
            eprintln!("error: Environment variable not found: {name}.");
            eprintln!("\nValidation Error Count: 1");
            return Ok(ExitCode::FAILURE);
        }
        Err(error) => {
            eprintln!("Error: {error}");
            return Ok(ExitCode::FAILURE);
        }
    };
    let Some(info) = DatabaseInfo::read(datasource.provider, &url) else {
        eprintln!(
            "Error: `db push` does not support the `{}` provider yet",
            datasource.provider_written
        );
        return Ok(ExitCode::FAILURE);
    };
    println!("{}", info.datasource_line(&datasource.name));

    let schema_dir = file
        .path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("Error: could not start the async runtime: {error}");
            return Ok(ExitCode::FAILURE);
        }
    };
    let pushed = runtime.block_on(push_to(datamodel, &url, &schema_dir, &info, options));
    drop(runtime);
    if pushed != ExitCode::SUCCESS || !generate || datamodel.generators.is_empty() {
        return Ok(pushed);
    }
    println!();
    Ok(match crate::generate::generate(&file, &validated, &[]) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("Error: {err}");
            ExitCode::FAILURE
        }
    })
}

async fn push_to(
    datamodel: &Datamodel,
    url: &str,
    schema_dir: &Path,
    info: &DatabaseInfo,
    options: PushOptions,
) -> ExitCode {
    let (driver, created) = match open_or_create(datamodel, url, schema_dir).await {
        Ok(opened) => opened,
        Err(error) => {
            println!();
            eprintln!("Error: {}", describe_error(&error));
            return ExitCode::FAILURE;
        }
    };
    if created {
        println!(
            "\n{} database {} created at {}",
            info.kind, info.name, info.location
        );
    }
    if options.force_reset {
        println!();
        if let Err(error) = engine_core::migrate::reset_and_push(&*driver, datamodel).await {
            eprintln!("Error: {}", push_error(&error));
            return ExitCode::FAILURE;
        }
        println!("{}", info.reset_line());
    }

    let started = Instant::now();
    let report = match push(
        &*driver,
        datamodel,
        PushOptions {
            force_reset: false,
            ..options
        },
    )
    .await
    {
        Ok(report) => report,
        Err(error) => {
            eprintln!("Error: {}", push_error(&error));
            return ExitCode::FAILURE;
        }
    };

    if !report.unexecutable.is_empty() {
        println!();
        let items: Vec<String> = report
            .unexecutable
            .iter()
            .map(|item| format!("  • {item}"))
            .collect();
        eprintln!(
            "Error: \n⚠️ We found changes that cannot be executed:\n\n{}\n\nYou may use the --force-reset flag to drop the database before push like refract db push --force-reset\nAll data will be lost.",
            items.join("\n")
        );
        return ExitCode::FAILURE;
    }
    if !report.warnings.is_empty() {
        print!("\n⚠️  There might be data loss when applying the changes:\n\n");
        for warning in &report.warnings {
            print!("  • {warning}\n\n");
        }
        println!();
        if !options.accept_data_loss {
            eprintln!("Error: Use the --accept-data-loss flag to ignore the data loss warnings like refract db push --accept-data-loss");
            return ExitCode::FAILURE;
        }
    }
    if !options.force_reset && report.was_in_sync() {
        println!("\nThe database is already in sync with the Prisma schema.");
    } else {
        println!(
            "\n🚀  Your database is now in sync with your Prisma schema. Done in {}",
            format_ms(started.elapsed().as_millis())
        );
    }
    ExitCode::SUCCESS
}

/// Opens the datasource's database, creating it when it does not exist: SQLite creates the file on
/// open; PostgreSQL and MySQL need `CREATE DATABASE` on another database of the same server. The flag
/// says whether it was created.
async fn open_or_create(
    datamodel: &Datamodel,
    url: &str,
    schema_dir: &Path,
) -> Result<(Box<dyn SqlDriver>, bool), ConnectError> {
    let provider = datamodel
        .datasource
        .as_ref()
        .ok_or(ConnectError::NoDatasource)?
        .provider;
    match provider {
        Provider::Sqlite => {
            let existed = match SqliteConfig::from_url(url, schema_dir) {
                Ok(SqliteConfig {
                    location: Location::File(path),
                    ..
                }) => path.exists(),
                _ => true,
            };
            let driver = SqliteDriver::open(url, schema_dir).await?;
            Ok((Box::new(driver), !existed))
        }
        Provider::PostgreSql => match PostgresDriver::connect(url).await {
            Ok(driver) => Ok((Box::new(driver), false)),
            Err(DatabaseError::DatabaseDoesNotExist { .. }) => {
                let config = PostgresConfig::from_url(url).map_err(|e| {
                    ConnectError::Database(DatabaseError::Other {
                        code: None,
                        message: e.to_string(),
                    })
                })?;
                let mut admin = config.clone();
                admin.database = if config.database == "postgres" {
                    "template1".to_owned()
                } else {
                    "postgres".to_owned()
                };
                admin.connection_limit = 1;
                let admin = PostgresDriver::from_config(admin).await?;
                let connection = admin.connection().await?;
                connection
                    .execute(&Rendered {
                        sql: format!(
                            "CREATE DATABASE \"{}\"",
                            config.database.replace('"', "\"\"")
                        ),
                        params: vec![],
                    })
                    .await?;
                drop(connection);
                let driver = PostgresDriver::from_config(config).await?;
                Ok((Box::new(driver), true))
            }
            Err(error) => Err(error.into()),
        },
        // MySQL: the database is created through `information_schema`, which every user can open.
        Provider::MySql => match MysqlDriver::connect(url).await {
            Ok(driver) => Ok((Box::new(driver), false)),
            Err(DatabaseError::DatabaseDoesNotExist { .. }) => {
                let config = MysqlConfig::from_url(url).map_err(|e| {
                    ConnectError::Database(DatabaseError::Other {
                        code: None,
                        message: e.to_string(),
                    })
                })?;
                let mut admin = config.clone();
                admin.database = "information_schema".to_owned();
                admin.connection_limit = 1;
                let admin = MysqlDriver::from_config(admin).await?;
                let connection = admin.connection().await?;
                connection
                    .execute(&Rendered {
                        sql: format!("CREATE DATABASE `{}`", config.database.replace('`', "``")),
                        params: vec![],
                    })
                    .await?;
                drop(connection);
                let driver = MysqlDriver::from_config(config).await?;
                Ok((Box::new(driver), true))
            }
            Err(error) => Err(error.into()),
        },
        _ => connect::open_driver(datamodel, url, schema_dir)
            .await
            .map(|driver| (driver, false)),
    }
}

/// Connection failures with Prisma's codes where it has one.
fn describe_error(error: &ConnectError) -> String {
    match error {
        ConnectError::Database(error) => database_error(error),
        other => other.to_string(),
    }
}

fn database_error(error: &DatabaseError) -> String {
    match error {
        DatabaseError::Unreachable { host, port } => format!(
            "P1001: Can't reach database server at `{host}:{port}`\n\nPlease make sure your database server is running at `{host}:{port}`."
        ),
        DatabaseError::AuthenticationFailed { user } => format!(
            "P1000: Authentication failed against database server, the provided database credentials for `{user}` are not valid.\n\nPlease make sure to provide valid database credentials for the database server."
        ),
        other => other.to_string(),
    }
}

fn push_error(error: &PushError) -> String {
    match error {
        PushError::Connection(error) => database_error(error),
        other => other.to_string(),
    }
}
