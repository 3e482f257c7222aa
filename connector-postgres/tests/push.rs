//! `reset_and_push` on a live PostgreSQL server (`TEST_POSTGRES_URL`; skipped with a notice when unset):
//! every PostgreSQL scenario schema of `../shared/queries` (and the PostgreSQL schemas of the
//! `../shared/schemas` corpus) must create, take one row per table, and reset. Each test works in a
//! schema of its own (`?schema=`), dropped afterwards.

mod support;

use std::path::{Path, PathBuf};

use connector_postgres::PostgresDriver;
use engine_core::connector::{ColumnTypes, SqlDriver, TypeIdentifier};
use engine_core::migrate::{reset_and_push, sample_inserts, sql_schema_for, Flavour, PushError};
use engine_core::sql::Rendered;
use engine_core::value::PrismaValue;
use schema_core::Datamodel;
use support::TestSchema;

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared")
}

/// Scenario directories whose `providers` column in `index.tsv` lists `provider`.
fn scenarios(provider: &str) -> Vec<PathBuf> {
    let root = shared().join("queries");
    let index = std::fs::read_to_string(root.join("index.tsv")).expect("queries/index.tsv");
    index
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut cols = line.split('\t');
            let name = cols.next()?;
            let providers = cols.nth(1)?;
            providers
                .split(',')
                .any(|p| p == provider)
                .then(|| root.join(name))
        })
        .collect()
}

/// The schema with its datasource `provider` replaced, as the scenario README says the runner does.
fn with_provider(source: &str, provider: &str) -> String {
    let mut in_datasource = false;
    let mut done = false;
    let mut out = String::new();
    for line in source.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("datasource ") {
            in_datasource = true;
        }
        if in_datasource && !done && trimmed.starts_with("provider") {
            let indent = &line[..line.len() - trimmed.len()];
            out.push_str(&format!("{indent}provider = \"{provider}\"\n"));
            done = true;
            continue;
        }
        if in_datasource && trimmed.starts_with('}') {
            in_datasource = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn datamodel(source: &str, what: &str) -> Datamodel {
    let validated = schema_core::validate(source);
    assert!(
        validated.is_valid(),
        "{what} does not validate: {:?}",
        validated.diagnostics.errors()
    );
    validated.datamodel
}

async fn exec(driver: &PostgresDriver, sql: &str) -> Result<u64, String> {
    let conn = driver.connection().await.unwrap();
    conn.execute(&Rendered {
        sql: sql.to_owned(),
        params: vec![],
    })
    .await
    .map_err(|e| format!("{sql}: {e:?}"))
}

async fn count(driver: &PostgresDriver, sql: &str) -> i64 {
    let conn = driver.connection().await.unwrap();
    let result = conn
        .query(
            &Rendered {
                sql: sql.to_owned(),
                params: vec![],
            },
            ColumnTypes::Known(&[TypeIdentifier::BigInt]),
        )
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e:?}"));
    match result.rows.first().and_then(|r| r.first()) {
        Some(PrismaValue::BigInt(n)) | Some(PrismaValue::Int(n)) => *n,
        other => panic!("{sql}: unexpected {other:?}"),
    }
}

async fn tables_in(driver: &PostgresDriver, schema: &str) -> i64 {
    count(
        driver,
        &format!(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = '{}'",
            schema.replace('\'', "''")
        ),
    )
    .await
}

/// Pushes, fills one row per table, pushes again (the reset must clear it) and fills again.
async fn push_and_fill(
    driver: &PostgresDriver,
    namespace: &str,
    dm: &Datamodel,
    what: &str,
) -> Result<(), String> {
    let schema = sql_schema_for(dm, Flavour::Postgres);
    for round in 0..2 {
        reset_and_push(driver, dm)
            .await
            .map_err(|e| format!("{what} (round {round}): {e}"))?;
        let tables = tables_in(driver, namespace).await;
        if tables != schema.tables.len() as i64 {
            return Err(format!("{what}: {tables} tables after push"));
        }
        for insert in sample_inserts(&schema, Flavour::Postgres) {
            exec(driver, &insert)
                .await
                .map_err(|e| format!("{what}: {e}"))?;
        }
        for table in &schema.tables {
            let sql = format!("SELECT count(*) FROM \"{}\"", table.name);
            let n = count(driver, &sql).await;
            if n != 1 {
                return Err(format!("{what}: {sql} gave {n}"));
            }
        }
    }
    Ok(())
}

#[tokio::test]
async fn every_postgres_scenario_schema_pushes_and_takes_a_row_per_table() {
    let Some(base) = support::base_url() else {
        return;
    };
    let test_schema = TestSchema::new(&base).await;
    let driver = test_schema.driver("").await;
    assert_eq!(driver.schema_name(), Some(test_schema.name.as_str()));
    let scenarios = scenarios("postgresql");
    assert!(scenarios.len() >= 40, "found {} scenarios", scenarios.len());
    for scenario in scenarios {
        let what = scenario.display().to_string();
        let source = std::fs::read_to_string(scenario.join("schema.prisma")).unwrap();
        let dm = datamodel(&with_provider(&source, "postgresql"), &what);
        if let Err(e) = push_and_fill(&driver, &test_schema.name, &dm, &what).await {
            panic!("{e}");
        }
    }
}

#[tokio::test]
async fn the_column_types_prisma_would_create() {
    let Some(base) = support::base_url() else {
        return;
    };
    let test_schema = TestSchema::new(&base).await;
    let driver = test_schema.driver("").await;
    let source = std::fs::read_to_string(
        shared().join("queries/44_errors_value_too_long_and_out_of_range/schema.prisma"),
    )
    .unwrap();
    let dm = datamodel(&with_provider(&source, "postgresql"), "44");
    reset_and_push(&driver, &dm).await.unwrap();
    let conn = driver.connection().await.unwrap();
    let result = conn
        .query(
            &Rendered {
                sql: format!(
                    "SELECT column_name::text, format_type(a.atttypid, a.atttypmod) \
                     FROM information_schema.columns c \
                     JOIN pg_attribute a ON a.attrelid = ('\"{0}\".\"V\"')::regclass AND a.attname = c.column_name \
                     WHERE c.table_schema = '{0}' AND c.table_name = 'V' ORDER BY c.ordinal_position",
                    test_schema.name
                ),
                params: vec![],
            },
            ColumnTypes::Known(&[TypeIdentifier::String, TypeIdentifier::String]),
        )
        .await
        .unwrap();
    let columns: Vec<String> = result
        .rows
        .iter()
        .map(|row| format!("{:?} {:?}", row[0], row[1]))
        .collect();
    let expected = [
        ("id", "integer"),
        ("short", "character varying(5)"),
        ("fixed", "character(3)"),
        ("small", "smallint"),
        ("money", "numeric(5,2)"),
        ("plain", "text"),
        ("n", "integer"),
    ]
    .map(|(c, t)| {
        format!(
            "{:?} {:?}",
            PrismaValue::String(c.into()),
            PrismaValue::String(t.into())
        )
    });
    assert_eq!(columns, expected);
}

#[tokio::test]
async fn corpus_postgres_schemas_push() {
    let Some(base) = support::base_url() else {
        return;
    };
    let root = shared().join("schemas");
    let manifest = std::fs::read_to_string(root.join("manifest.tsv")).expect("manifest.tsv");
    let test_schema = TestSchema::new(&base).await;
    let driver = test_schema.driver("").await;
    let mut pushed = 0;
    let mut failures = Vec::new();
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(&name), Some(&"yes"), Some(&"postgresql")) =
            (cols.first(), cols.get(2), cols.get(3))
        else {
            continue;
        };
        let Ok(source) = std::fs::read_to_string(root.join("valid").join(format!("{name}.prisma")))
        else {
            continue;
        };
        let validated = schema_core::validate(&source);
        let multi_schema = validated
            .datamodel
            .datasource
            .as_ref()
            .is_some_and(|d| !d.schemas.is_empty());
        // Invalid schemas are schema-core's corpus tests' business; multi-schema datasources name schemas
        // of their own, which this shared server must not have dropped.
        if !validated.is_valid() || multi_schema {
            continue;
        }
        match push_and_fill(&driver, &test_schema.name, &validated.datamodel, name).await {
            Ok(()) => pushed += 1,
            Err(e) => failures.push(e),
        }
    }
    // Schemas that need an extension the server lacks (citext, postgis, ...) cannot push anywhere.
    failures.retain(|e| {
        let missing_extension = (e.contains("type") && e.contains("does not exist"))
            || (e.contains("extension") && e.contains("is not available"));
        if missing_extension {
            eprintln!("skipped (needs an extension): {e}");
        }
        !missing_extension
    });
    eprintln!("pushed {pushed} corpus schemas");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert!(pushed > 0, "no PostgreSQL corpus schema was pushed");
}

#[tokio::test]
async fn unsupported_databases_are_refused_not_guessed() {
    // The error value names the database, so a CLI can say what is missing.
    let err = PushError::UnsupportedDatabase {
        database: "MySQL".into(),
    };
    assert_eq!(err.to_string(), "`db push` does not support MySQL yet");
}
