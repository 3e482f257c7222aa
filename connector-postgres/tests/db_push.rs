//! `db push` with diffing on a live PostgreSQL server (`TEST_POSTGRES_URL`; skipped with a notice when
//! unset): every PostgreSQL schema pushes into an empty schema and a second push changes nothing; a chain
//! of edits runs against tables with rows, each step's DDL asserted and the data kept. Each test works in
//! a `?schema=` of its own.

mod support;

use std::path::{Path, PathBuf};

use connector_postgres::PostgresDriver;
use engine_core::connector::{ColumnTypes, SqlDriver};
use engine_core::migrate::{
    describe_database, normalize, push, sql_schema_for, Flavour, PushOptions, PushReport, SqlSchema,
};
use engine_core::sql::Rendered;
use engine_core::value::PrismaValue;
use schema_core::Datamodel;
use support::TestSchema;

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared")
}

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
            out.push_str(&format!("  provider = \"{provider}\"\n"));
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

fn datamodel(source: &str) -> Datamodel {
    let validated = schema_core::validate(source);
    assert!(
        validated.is_valid(),
        "schema does not validate: {:?}\n{source}",
        validated.diagnostics.errors()
    );
    validated.datamodel
}

async fn exec(driver: &PostgresDriver, sql: &str) {
    let conn = driver.connection().await.unwrap();
    conn.execute(&Rendered {
        sql: sql.to_owned(),
        params: vec![],
    })
    .await
    .unwrap_or_else(|e| panic!("{sql}: {e:?}"));
}

async fn query(driver: &PostgresDriver, sql: &str) -> Vec<Vec<PrismaValue>> {
    let conn = driver.connection().await.unwrap();
    conn.query(
        &Rendered {
            sql: sql.to_owned(),
            params: vec![],
        },
        ColumnTypes::Infer,
    )
    .await
    .unwrap_or_else(|e| panic!("{sql}: {e:?}"))
    .rows
}

/// The parts of two schemas that differ, small enough to read in a failure message.
fn difference(live: &SqlSchema, wanted: &SqlSchema) -> String {
    let mut out = String::new();
    if live.enums != wanted.enums {
        out.push_str(&format!(
            "enums: {:?}\n   vs {:?}\n",
            live.enums, wanted.enums
        ));
    }
    for table in &wanted.tables {
        match live.tables.iter().find(|t| t.name == table.name) {
            None => out.push_str(&format!("missing table {}\n", table.name)),
            Some(l) if l != table => {
                for c in &table.columns {
                    if l.column(&c.name) != Some(c) {
                        out.push_str(&format!(
                            "{}: live {:?}\n   wanted {c:?}\n",
                            table.name,
                            l.column(&c.name)
                        ));
                    }
                }
                if l.columns.len() != table.columns.len() {
                    out.push_str(&format!("{}: column count differs\n", table.name));
                }
                if l.primary_key != table.primary_key {
                    out.push_str(&format!(
                        "{}: pk {:?} vs {:?}\n",
                        table.name, l.primary_key, table.primary_key
                    ));
                }
                if l.indexes != table.indexes {
                    out.push_str(&format!(
                        "{}: indexes {:?}\n   vs {:?}\n",
                        table.name, l.indexes, table.indexes
                    ));
                }
                if l.foreign_keys != table.foreign_keys {
                    out.push_str(&format!(
                        "{}: fks {:?}\n   vs {:?}\n",
                        table.name, l.foreign_keys, table.foreign_keys
                    ));
                }
            }
            Some(_) => {}
        }
    }
    if live.tables.len() != wanted.tables.len() {
        out.push_str("table count differs\n");
    }
    out
}

/// A fresh schema, a push, the described schema compared with the computed one, a second push that
/// must do nothing.
async fn push_twice(base: &str, name: &str, dm: &Datamodel) -> Result<(), String> {
    let test_schema = TestSchema::new(base).await;
    let driver = test_schema.driver("").await;
    let first = push(&driver, dm, PushOptions::default())
        .await
        .map_err(|e| format!("{name}: first push: {e}"))?;
    if !first.applied && !first.statements.is_empty() {
        return Err(format!("{name}: first push refused: {first:?}"));
    }
    let live = describe_database(&driver, dm)
        .await
        .map_err(|e| format!("{name}: describe: {e}"))?;
    let wanted = sql_schema_for(dm, Flavour::Postgres);
    let (live_n, wanted_n) = (
        normalize(&live, Flavour::Postgres),
        normalize(&wanted, Flavour::Postgres),
    );
    if live_n != wanted_n {
        return Err(format!(
            "{name}: described schema differs\n{}",
            difference(&live_n, &wanted_n)
        ));
    }
    let second = push(&driver, dm, PushOptions::default())
        .await
        .map_err(|e| format!("{name}: second push: {e}"))?;
    if !second.was_in_sync() {
        return Err(format!(
            "{name}: second push was not a no-op: {:#?}",
            second.statements
        ));
    }
    Ok(())
}

/// Schemas that need an extension the server lacks (citext, postgis, ...) cannot push anywhere.
fn needs_missing_extension(error: &str) -> bool {
    (error.contains("type") && error.contains("does not exist"))
        || (error.contains("extension") && error.contains("is not available"))
}

#[tokio::test]
async fn every_postgres_schema_pushes_twice_with_no_change() {
    let Some(base) = support::base_url() else {
        return;
    };
    let mut failures = Vec::new();
    let mut pushed = 0;
    for scenario in scenarios("postgresql") {
        let name = scenario.file_name().unwrap().to_string_lossy().into_owned();
        let source = std::fs::read_to_string(scenario.join("schema.prisma")).unwrap();
        let dm = datamodel(&with_provider(&source, "postgresql"));
        match push_twice(&base, &name, &dm).await {
            Ok(()) => pushed += 1,
            Err(e) => failures.push(e),
        }
    }
    let root = shared().join("schemas");
    let manifest = std::fs::read_to_string(root.join("manifest.tsv")).expect("manifest.tsv");
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
        // Multi-schema datasources name schemas of their own, which this shared server must not touch.
        if !validated.is_valid() || multi_schema {
            continue;
        }
        match push_twice(&base, name, &validated.datamodel).await {
            Ok(()) => pushed += 1,
            Err(e) if needs_missing_extension(&e) => eprintln!("skipped (needs an extension): {e}"),
            Err(e) => failures.push(e),
        }
    }
    eprintln!("pushed {pushed} PostgreSQL schemas twice");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert!(pushed >= 40, "only {pushed} schemas pushed");
}

const HEADER: &str =
    "datasource db {\n  provider = \"postgresql\"\n  url = env(\"DATABASE_URL\")\n}\n";

fn dm(models: &str) -> Datamodel {
    datamodel(&format!("{HEADER}\n{models}"))
}

async fn step(driver: &PostgresDriver, models: &str, options: PushOptions) -> PushReport {
    push(driver, &dm(models), options)
        .await
        .unwrap_or_else(|e| panic!("push failed: {e}\n{models}"))
}

#[track_caller]
fn assert_statements(report: &PushReport, expected: &[&str]) {
    let actual: Vec<&str> = report.statements.iter().map(String::as_str).collect();
    assert_eq!(actual, expected, "{report:#?}");
}

fn text(s: &str) -> PrismaValue {
    PrismaValue::String(s.to_owned())
}

#[tokio::test]
async fn a_chain_of_edits_keeps_the_data() {
    let Some(base) = support::base_url() else {
        return;
    };
    let test_schema = TestSchema::new(&base).await;
    let driver = test_schema.driver("").await;
    let accept = PushOptions {
        accept_data_loss: true,
        force_reset: false,
    };

    let v1 = "model User {\n  id    Int    @id @default(autoincrement())\n  email String\n}\n";
    step(&driver, v1, PushOptions::default()).await;
    exec(
        &driver,
        "INSERT INTO \"User\" (email) VALUES ('a@x.io'), ('b@x.io')",
    )
    .await;

    // 1. An optional field.
    let v2 = "model User {\n  id    Int     @id @default(autoincrement())\n  email String\n  bio   String?\n}\n";
    let r = step(&driver, v2, PushOptions::default()).await;
    assert_statements(&r, &["ALTER TABLE \"User\" ADD COLUMN     \"bio\" TEXT"]);
    exec(
        &driver,
        "UPDATE \"User\" SET bio = 'hello' WHERE email = 'a@x.io'",
    )
    .await;

    // 2. A required field with a default.
    let v3 = "model User {\n  id    Int     @id @default(autoincrement())\n  email String\n  bio   String?\n  karma Int     @default(0)\n}\n";
    let r = step(&driver, v3, PushOptions::default()).await;
    assert_statements(
        &r,
        &["ALTER TABLE \"User\" ADD COLUMN     \"karma\" INTEGER NOT NULL DEFAULT 0"],
    );

    // 3. The table renamed with @@map: the rows and the primary key move with it.
    let v4 = format!(
        "{}\n  @@map(\"users\")\n}}\n",
        v3.trim_end().trim_end_matches('}')
    );
    let r = step(&driver, &v4, PushOptions::default()).await;
    assert_statements(
        &r,
        &[
            "ALTER TABLE \"User\" RENAME TO \"users\"",
            "ALTER TABLE \"users\" RENAME CONSTRAINT \"User_pkey\" TO \"users_pkey\"",
        ],
    );
    assert_eq!(
        query(&driver, "SELECT email, bio, karma FROM users ORDER BY id").await,
        vec![
            vec![text("a@x.io"), text("hello"), PrismaValue::Int(0)],
            vec![text("b@x.io"), PrismaValue::Null, PrismaValue::Int(0)],
        ]
    );

    // 4. A relation.
    let v5 = "model User {\n  id    Int     @id @default(autoincrement())\n  email String\n  bio   String?\n  karma Int     @default(0)\n  posts Post[]\n\n  @@map(\"users\")\n}\n\nmodel Post {\n  id       Int    @id @default(autoincrement())\n  title    String\n  authorId Int\n  author   User   @relation(fields: [authorId], references: [id])\n}\n";
    let r = step(&driver, v5, PushOptions::default()).await;
    assert_statements(
        &r,
        &[
            "CREATE TABLE \"Post\" (\n    \"id\" SERIAL NOT NULL,\n    \"title\" TEXT NOT NULL,\n    \"authorId\" INTEGER NOT NULL,\n\n    CONSTRAINT \"Post_pkey\" PRIMARY KEY (\"id\")\n)",
            "ALTER TABLE \"Post\" ADD CONSTRAINT \"Post_authorId_fkey\" FOREIGN KEY (\"authorId\") REFERENCES \"users\"(\"id\") ON DELETE RESTRICT ON UPDATE CASCADE",
        ],
    );
    exec(
        &driver,
        "INSERT INTO \"Post\" (title, \"authorId\") VALUES ('first', 1)",
    )
    .await;

    // 5. An index added, then dropped.
    let v6 = v5.replace(
        "  author   User   @relation(fields: [authorId], references: [id])\n}",
        "  author   User   @relation(fields: [authorId], references: [id])\n\n  @@index([title])\n}",
    );
    let r = step(&driver, &v6, PushOptions::default()).await;
    assert_statements(
        &r,
        &["CREATE INDEX \"Post_title_idx\" ON \"Post\"(\"title\")"],
    );
    let r = step(&driver, v5, PushOptions::default()).await;
    assert_statements(&r, &["DROP INDEX \"Post_title_idx\""]);

    // 6. A field made unique.
    let v7 = v5.replace("  email String\n", "  email String  @unique\n");
    let r = step(&driver, &v7, PushOptions::default()).await;
    assert!(r.warnings.is_empty(), "{r:#?}");
    assert_statements(
        &r,
        &["CREATE UNIQUE INDEX \"users_email_key\" ON \"users\"(\"email\")"],
    );

    // 7. A field holding data dropped: refused, then accepted.
    let v8 = v7.replace("  bio   String?\n", "");
    let r = step(&driver, &v8, PushOptions::default()).await;
    assert!(!r.applied);
    assert_eq!(
        r.warnings,
        vec!["You are about to drop the column `bio` on the `users` table, which still contains 1 non-null values."]
    );
    assert_eq!(
        query(&driver, "SELECT count(bio)::int4 FROM users").await,
        vec![vec![PrismaValue::Int(1)]]
    );
    let r = step(&driver, &v8, accept).await;
    assert!(r.applied);
    assert_statements(&r, &["ALTER TABLE \"users\" DROP COLUMN \"bio\""]);
    assert_eq!(
        query(
            &driver,
            "SELECT u.email, p.title FROM \"Post\" p JOIN users u ON u.id = p.\"authorId\""
        )
        .await,
        vec![vec![text("a@x.io"), text("first")]]
    );

    // 8. A type change that may fail is a warning; a safe widening is not.
    let v9 = v8.replace(
        "  karma Int     @default(0)\n",
        "  karma BigInt  @default(0)\n",
    );
    let r = step(&driver, &v9, PushOptions::default()).await;
    assert!(r.applied && r.warnings.is_empty(), "{r:#?}");
    let v10 = v9.replace("  title    String\n", "  title    String @db.VarChar(3)\n");
    let r = step(&driver, &v10, PushOptions::default()).await;
    assert_eq!(
        r.warnings,
        vec!["You are about to alter the column `title` on the `Post` table, which contains 1 non-null values. The data in that column will be cast from `TEXT` to `VARCHAR(3)`."]
    );

    // And the end state is in sync.
    assert!(step(&driver, &v9, PushOptions::default())
        .await
        .was_in_sync());
}

#[tokio::test]
async fn enums_grow_and_shrink() {
    let Some(base) = support::base_url() else {
        return;
    };
    let test_schema = TestSchema::new(&base).await;
    let driver = test_schema.driver("").await;
    let model = "model U {\n  id   Int  @id\n  role Role @default(USER)\n}\n";
    step(
        &driver,
        &format!("enum Role {{\n  USER\n  ADMIN\n}}\n\n{model}"),
        PushOptions::default(),
    )
    .await;
    exec(
        &driver,
        "INSERT INTO \"U\" (id, role) VALUES (1, 'ADMIN'), (2, 'USER')",
    )
    .await;
    let r = step(
        &driver,
        &format!("enum Role {{\n  USER\n  ADMIN\n  GUEST\n}}\n\n{model}"),
        PushOptions::default(),
    )
    .await;
    assert_statements(&r, &["ALTER TYPE \"Role\" ADD VALUE 'GUEST'"]);
    exec(&driver, "INSERT INTO \"U\" (id, role) VALUES (3, 'GUEST')").await;
    let shrunk = format!("enum Role {{\n  USER\n  GUEST\n}}\n\n{model}");
    let r = step(&driver, &shrunk, PushOptions::default()).await;
    assert_eq!(
        r.warnings,
        vec!["The values [ADMIN] on the enum `Role` will be removed. If these variants are still used in the database, this will fail."]
    );
    exec(&driver, "DELETE FROM \"U\" WHERE role = 'ADMIN'").await;
    let r = step(
        &driver,
        &shrunk,
        PushOptions {
            accept_data_loss: true,
            force_reset: false,
        },
    )
    .await;
    assert!(r.applied);
    assert_eq!(
        query(&driver, "SELECT id, role::text FROM \"U\" ORDER BY id").await,
        vec![
            vec![PrismaValue::Int(2), text("USER")],
            vec![PrismaValue::Int(3), text("GUEST")]
        ]
    );
    assert!(step(&driver, &shrunk, PushOptions::default())
        .await
        .was_in_sync());
}

#[tokio::test]
async fn a_missing_schema_is_created() {
    let Some(base) = support::base_url() else {
        return;
    };
    let test_schema = TestSchema::new(&base).await;
    let name = format!("{}_sub", test_schema.name);
    let driver = PostgresDriver::connect(&support::with_params(&base, &format!("schema={name}")))
        .await
        .unwrap();
    let r = step(
        &driver,
        "model A {\n  id Int @id\n}\n",
        PushOptions::default(),
    )
    .await;
    assert_eq!(
        r.statements[0],
        format!("CREATE SCHEMA IF NOT EXISTS \"{name}\"")
    );
    assert!(step(
        &driver,
        "model A {\n  id Int @id\n}\n",
        PushOptions::default()
    )
    .await
    .was_in_sync());
    exec(&driver, &format!("DROP SCHEMA \"{name}\" CASCADE")).await;
}
