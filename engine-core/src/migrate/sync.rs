//! `db push`: bring a live database in line with a datamodel, refusing to lose data unless told to.

use schema_core::Datamodel;

use super::checks::{check_steps, sql_literal};
use super::describe::{describe, DescribeError, DescribeScope, Row};
use super::diff::{diff, Step};
use super::push::{reset_and_push, PushError};
use super::render::create_statements;
use super::schema::{quote, sql_schema_for, SqlSchema};
use super::steps::render_step;
use super::Flavour;
use crate::connector::{ColumnTypes, DatabaseError, SqlConnection, SqlDriver, SqlQueryable};
use crate::sql::Rendered;

/// How far a push may go.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PushOptions {
    /// Run steps that lose data (`--accept-data-loss`). Steps that cannot run on the data there is are
    /// refused all the same.
    pub accept_data_loss: bool,
    /// Empty the database first and create the schema from nothing (`--force-reset`).
    pub force_reset: bool,
}

/// What a push did, or would have done when it was refused.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PushReport {
    /// The statements, in order: those that ran when `applied`, those that would have run otherwise.
    pub statements: Vec<String>,
    /// Data the migration loses; when not empty and not accepted, nothing ran.
    pub warnings: Vec<String>,
    /// Steps that cannot run on the data there is; when not empty, nothing ran.
    pub unexecutable: Vec<String>,
    /// Whether the statements ran.
    pub applied: bool,
    /// Whether the database was emptied first (`force_reset`).
    pub reset: bool,
}

impl PushReport {
    /// The database already matched the schema: nothing ran and nothing needed to.
    pub fn was_in_sync(&self) -> bool {
        !self.reset && self.statements.is_empty() && self.warnings.is_empty()
    }

    /// Nothing ran because of warnings or unexecutable steps.
    pub fn refused(&self) -> bool {
        !self.applied && !self.statements.is_empty()
    }
}

/// A describe failure as a push failure: the catalog query that failed, with its text.
fn describe_failed(error: DescribeError) -> PushError {
    match error {
        DescribeError::Query { sql, error } => PushError::Statement { sql, error },
    }
}

fn flavour_of(driver: &dyn SqlDriver) -> Result<Flavour, PushError> {
    let dialect = driver.dialect().name();
    Flavour::for_dialect_name(dialect).ok_or_else(|| PushError::UnsupportedDatabase {
        database: dialect.to_owned(),
    })
}

/// The database schemas a push covers on PostgreSQL, and whether names are qualified by them.
fn scope(driver: &dyn SqlDriver, datamodel: &Datamodel) -> DescribeScope {
    let schemas = datamodel
        .datasource
        .as_ref()
        .map(|d| d.schemas.clone())
        .unwrap_or_default();
    if schemas.is_empty() {
        DescribeScope {
            namespaces: vec![driver.schema_name().unwrap_or("public").to_owned()],
            qualified: false,
        }
    } else {
        DescribeScope {
            namespaces: schemas,
            qualified: true,
        }
    }
}

/// The live schema as `db push` sees it: the tables of the datasource's schemas, extensions included.
pub async fn describe_database(
    driver: &dyn SqlDriver,
    datamodel: &Datamodel,
) -> Result<SqlSchema, PushError> {
    let flavour = flavour_of(driver)?;
    let connection = driver.connection().await.map_err(PushError::Connection)?;
    describe(&*connection, flavour, &scope(driver, datamodel))
        .await
        .map_err(describe_failed)
}

/// The steps that would bring the database in line with `datamodel`, without running them.
pub async fn plan(driver: &dyn SqlDriver, datamodel: &Datamodel) -> Result<Vec<Step>, PushError> {
    let flavour = flavour_of(driver)?;
    let live = describe_database(driver, datamodel).await?;
    Ok(diff(&live, &sql_schema_for(datamodel, flavour), flavour))
}

/// Brings the database in line with `datamodel`.
///
/// The live schema is described, diffed against the datamodel's and the steps checked against the data:
/// when a step would lose data and `accept_data_loss` is off, or a step cannot run on the data there is,
/// nothing runs and the report says why. Otherwise every statement runs in one transaction (both SQLite
/// and PostgreSQL take DDL in transactions), so a failure leaves the database as it was; MySQL cannot
/// roll DDL back, so there a failing statement leaves the ones before it applied, as with Prisma. Values appended
/// to a PostgreSQL enum are committed first, since a transaction cannot use the values it adds. On SQLite
/// foreign keys are switched off around the transaction (table rebuilds drop and recreate referenced
/// tables) and checked before it commits.
pub async fn push(
    driver: &dyn SqlDriver,
    datamodel: &Datamodel,
    options: PushOptions,
) -> Result<PushReport, PushError> {
    let flavour = flavour_of(driver)?;
    if options.force_reset {
        reset_and_push(driver, datamodel).await?;
        return Ok(PushReport {
            statements: create_statements(&sql_schema_for(datamodel, flavour), flavour),
            applied: true,
            reset: true,
            ..PushReport::default()
        });
    }

    let scope = scope(driver, datamodel);
    let connection = driver.connection().await.map_err(PushError::Connection)?;
    let mut setup = Vec::new();
    if flavour == Flavour::Postgres {
        for ns in &scope.namespaces {
            let exists = connection
                .query(
                    &Rendered {
                        sql: format!(
                            "SELECT COUNT(*)::int8 FROM pg_namespace WHERE nspname = {}",
                            sql_literal(ns)
                        ),
                        params: vec![],
                    },
                    ColumnTypes::Infer,
                )
                .await
                .map_err(PushError::Connection)?;
            if exists.rows.first().and_then(|r| Row(r).int(0)) == Some(0) {
                setup.push(format!("CREATE SCHEMA IF NOT EXISTS {}", quote(ns)));
            }
        }
    }
    let live = describe(&*connection, flavour, &scope)
        .await
        .map_err(describe_failed)?;
    let target = sql_schema_for(datamodel, flavour);
    let steps = diff(&live, &target, flavour);
    let checks = check_steps(&*connection, flavour, &steps)
        .await
        .map_err(PushError::Connection)?;

    let mut early = Vec::new();
    let mut statements = setup;
    for step in &steps {
        let sql = render_step(step, flavour);
        if matches!(step, Step::AddEnumValues { .. }) {
            early.extend(sql);
        } else {
            statements.extend(sql);
        }
    }
    let mut report = PushReport {
        statements: early.iter().chain(&statements).cloned().collect(),
        warnings: checks.warnings,
        unexecutable: checks.unexecutable,
        applied: false,
        reset: false,
    };
    if report.statements.is_empty()
        || !report.unexecutable.is_empty()
        || (!report.warnings.is_empty() && !options.accept_data_loss)
    {
        return Ok(report);
    }

    for sql in early {
        run(&*connection, sql).await?;
    }
    match flavour {
        Flavour::Sqlite => apply_sqlite(&*connection, &statements).await?,
        Flavour::Postgres => apply_in_transaction(connection, &statements).await?,
        // MySQL commits implicitly around every DDL statement, so a transaction would promise an
        // atomicity it cannot give; the statements run one by one.
        Flavour::Mysql => {
            for sql in statements {
                run(&*connection, sql).await?;
            }
        }
    }
    report.applied = true;
    Ok(report)
}

async fn run(connection: &dyn SqlQueryable, sql: String) -> Result<(), PushError> {
    let statement = Rendered {
        sql,
        params: vec![],
    };
    match connection.execute(&statement).await {
        Ok(_) => Ok(()),
        Err(error) => Err(PushError::Statement {
            sql: statement.sql,
            error,
        }),
    }
}

async fn apply_in_transaction(
    connection: Box<dyn SqlConnection>,
    statements: &[String],
) -> Result<(), PushError> {
    let transaction = connection
        .begin(None)
        .await
        .map_err(PushError::Connection)?;
    for sql in statements {
        if let Err(e) = run(&*transaction, sql.clone()).await {
            // The statement's error is the one worth reporting.
            let _ = transaction.rollback().await;
            return Err(e);
        }
    }
    transaction.commit().await.map_err(PushError::Connection)
}

/// SQLite ignores `PRAGMA foreign_keys` inside a transaction, so the transaction is opened by hand on a
/// connection whose enforcement is off, and the keys are checked with `PRAGMA foreign_key_check` before
/// committing: a rebuild must not leave a row pointing nowhere.
async fn apply_sqlite(
    connection: &dyn SqlQueryable,
    statements: &[String],
) -> Result<(), PushError> {
    run(connection, "PRAGMA foreign_keys = OFF".to_owned()).await?;
    let result = async {
        run(connection, "BEGIN IMMEDIATE".to_owned()).await?;
        for sql in statements {
            run(connection, sql.clone()).await?;
        }
        let check = "PRAGMA foreign_key_check";
        let violations = connection
            .query(
                &Rendered {
                    sql: check.to_owned(),
                    params: vec![],
                },
                ColumnTypes::Infer,
            )
            .await
            .map_err(|error| PushError::Statement {
                sql: check.to_owned(),
                error,
            })?;
        if let Some(row) = violations.rows.first() {
            let row = Row(row);
            return Err(PushError::Statement {
                sql: check.to_owned(),
                error: DatabaseError::Other {
                    code: None,
                    message: format!(
                        "a row of `{}` would reference a missing row of `{}`",
                        row.str(0),
                        row.str(2)
                    ),
                },
            });
        }
        run(connection, "COMMIT".to_owned()).await
    }
    .await;
    if result.is_err() {
        let _ = run(connection, "ROLLBACK".to_owned()).await;
    }
    // Back on whatever happened: the connection returns to the pool.
    let restored = run(connection, "PRAGMA foreign_keys = ON".to_owned()).await;
    result.and(restored)
}
