//! `db push` with diffing on real SQLite databases: every SQLite schema pushes into an empty database and
//! a second push changes nothing; a chain of schema edits runs against a database with rows in it, each
//! step's DDL asserted, the data kept, and the destructive step refused until accepted.

use std::path::{Path, PathBuf};

use connector_sqlite::SqliteDriver;
use engine_core::connector::{ColumnTypes, SqlDriver};
use engine_core::migrate::{
    describe_database, normalize, push, sql_schema_for, Flavour, PushOptions, PushReport, SqlSchema,
};
use engine_core::sql::Rendered;
use engine_core::value::PrismaValue;
use schema_core::Datamodel;

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

async fn exec(driver: &SqliteDriver, sql: &str) {
    let conn = driver.connection().await.unwrap();
    conn.execute(&Rendered {
        sql: sql.to_owned(),
        params: vec![],
    })
    .await
    .unwrap_or_else(|e| panic!("{sql}: {e:?}"));
}

async fn query(driver: &SqliteDriver, sql: &str) -> Vec<Vec<PrismaValue>> {
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

/// Pushes into an empty database, checks the described schema against the computed one, and pushes
/// again expecting nothing to do.
async fn push_twice(dir: &Path, name: &str, dm: &Datamodel) -> Result<(), String> {
    let driver = SqliteDriver::open(&format!("file:./{name}.db"), dir)
        .await
        .map_err(|e| format!("{name}: open: {e}"))?;
    let first = push(&driver, dm, PushOptions::default())
        .await
        .map_err(|e| format!("{name}: first push: {e}"))?;
    if !first.applied && !first.statements.is_empty() {
        return Err(format!("{name}: first push refused: {first:?}"));
    }
    let live = describe_database(&driver, dm)
        .await
        .map_err(|e| format!("{name}: describe: {e}"))?;
    let wanted = sql_schema_for(dm, Flavour::Sqlite);
    let (live_n, wanted_n) = (
        normalize(&live, Flavour::Sqlite),
        normalize(&wanted, Flavour::Sqlite),
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

#[tokio::test]
async fn every_sqlite_schema_pushes_twice_with_no_change() {
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    let mut pushed = 0;
    for scenario in scenarios("sqlite") {
        let name = scenario.file_name().unwrap().to_string_lossy().into_owned();
        let source = std::fs::read_to_string(scenario.join("schema.prisma")).unwrap();
        let dm = datamodel(&with_provider(&source, "sqlite"));
        match push_twice(dir.path(), &name, &dm).await {
            Ok(()) => pushed += 1,
            Err(e) => failures.push(e),
        }
    }
    let root = shared().join("schemas");
    let manifest = std::fs::read_to_string(root.join("manifest.tsv")).expect("manifest.tsv");
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(&name), Some(&"yes"), Some(&"sqlite")) = (cols.first(), cols.get(2), cols.get(3))
        else {
            continue;
        };
        let Ok(source) = std::fs::read_to_string(root.join("valid").join(format!("{name}.prisma")))
        else {
            continue;
        };
        let validated = schema_core::validate(&source);
        if !validated.is_valid() {
            continue;
        }
        match push_twice(dir.path(), name, &validated.datamodel).await {
            Ok(()) => pushed += 1,
            Err(e) => failures.push(e),
        }
    }
    eprintln!("pushed {pushed} SQLite schemas twice");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert!(pushed >= 40, "only {pushed} schemas pushed");
}

const HEADER: &str = "datasource db {\n  provider = \"sqlite\"\n  url = \"file:./chain.db\"\n}\n";

fn dm(models: &str) -> Datamodel {
    datamodel(&format!("{HEADER}\n{models}"))
}

async fn step(driver: &SqliteDriver, models: &str, options: PushOptions) -> PushReport {
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
    let dir = tempfile::tempdir().unwrap();
    let driver = SqliteDriver::open("file:./chain.db", dir.path())
        .await
        .unwrap();
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
    assert_statements(&r, &["ALTER TABLE \"User\" ADD COLUMN \"bio\" TEXT"]);
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
        &["ALTER TABLE \"User\" ADD COLUMN \"karma\" INTEGER NOT NULL DEFAULT 0"],
    );

    // 3. The table renamed with @@map: the rows move with it.
    let v4 = format!(
        "{}\n  @@map(\"users\")\n}}\n",
        v3.trim_end().trim_end_matches('}')
    );
    let r = step(&driver, &v4, PushOptions::default()).await;
    assert_statements(&r, &["ALTER TABLE \"User\" RENAME TO \"users\""]);
    assert_eq!(
        query(&driver, "SELECT email, bio, karma FROM users ORDER BY id").await,
        vec![
            vec![text("a@x.io"), text("hello"), PrismaValue::Int(0)],
            vec![text("b@x.io"), PrismaValue::Null, PrismaValue::Int(0)],
        ]
    );

    // 4. A relation: a new table with a foreign key to the renamed one.
    let v5 = "model User {\n  id    Int     @id @default(autoincrement())\n  email String\n  bio   String?\n  karma Int     @default(0)\n  posts Post[]\n\n  @@map(\"users\")\n}\n\nmodel Post {\n  id       Int    @id @default(autoincrement())\n  title    String\n  authorId Int\n  author   User   @relation(fields: [authorId], references: [id])\n}\n";
    let r = step(&driver, v5, PushOptions::default()).await;
    assert_statements(
        &r,
        &["CREATE TABLE \"Post\" (\n    \"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,\n    \"title\" TEXT NOT NULL,\n    \"authorId\" INTEGER NOT NULL,\n    CONSTRAINT \"Post_authorId_fkey\" FOREIGN KEY (\"authorId\") REFERENCES \"users\" (\"id\") ON DELETE RESTRICT ON UPDATE CASCADE\n)"],
    );
    exec(
        &driver,
        "INSERT INTO \"Post\" (title, \"authorId\") VALUES ('first', 1)",
    )
    .await;

    // 5. An index added, then dropped.
    let v6 = v5.replace("  author   User   @relation(fields: [authorId], references: [id])\n}", "  author   User   @relation(fields: [authorId], references: [id])\n\n  @@index([title])\n}");
    let r = step(&driver, &v6, PushOptions::default()).await;
    assert_statements(
        &r,
        &["CREATE INDEX \"Post_title_idx\" ON \"Post\"(\"title\")"],
    );
    let r = step(&driver, v5, PushOptions::default()).await;
    assert_statements(&r, &["DROP INDEX \"Post_title_idx\""]);

    // 6. A field made unique: no duplicates, so no warning.
    let v7 = v5.replace("  email String\n", "  email String  @unique\n");
    let r = step(&driver, &v7, PushOptions::default()).await;
    assert!(r.warnings.is_empty(), "{r:#?}");
    assert_statements(
        &r,
        &["CREATE UNIQUE INDEX \"users_email_key\" ON \"users\"(\"email\")"],
    );

    // 7. A field holding data dropped: refused, then accepted. The rebuild keeps the other columns and
    //    the posts pointing at the users.
    let v8 = v7.replace("  bio   String?\n", "");
    let r = step(&driver, &v8, PushOptions::default()).await;
    assert!(!r.applied);
    assert_eq!(
        r.warnings,
        vec!["You are about to drop the column `bio` on the `users` table, which still contains 1 non-null values."]
    );
    assert_eq!(
        query(&driver, "SELECT count(bio) FROM users").await,
        vec![vec![PrismaValue::BigInt(1)]]
    );
    let r = step(&driver, &v8, accept).await;
    assert!(r.applied);
    assert_statements(
        &r,
        &[
            "CREATE TABLE \"new_users\" (\n    \"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,\n    \"email\" TEXT NOT NULL,\n    \"karma\" INTEGER NOT NULL DEFAULT 0\n)",
            "INSERT INTO \"new_users\" (\"id\", \"email\", \"karma\") SELECT \"id\", \"email\", \"karma\" FROM \"users\"",
            "DROP TABLE \"users\"",
            "ALTER TABLE \"new_users\" RENAME TO \"users\"",
            "CREATE UNIQUE INDEX \"users_email_key\" ON \"users\"(\"email\")",
        ],
    );
    assert_eq!(
        query(
            &driver,
            "SELECT u.email, p.title FROM \"Post\" p JOIN users u ON u.id = p.\"authorId\""
        )
        .await,
        vec![vec![text("a@x.io"), text("first")]]
    );
    assert_eq!(
        query(&driver, "SELECT count(*) FROM users").await,
        vec![vec![PrismaValue::BigInt(2)]]
    );
    // The foreign key still holds after the rebuild.
    let conn = driver.connection().await.unwrap();
    let orphan = conn
        .execute(&Rendered {
            sql: "INSERT INTO \"Post\" (title, \"authorId\") VALUES ('orphan', 99)".into(),
            params: vec![],
        })
        .await;
    assert!(orphan.is_err(), "foreign keys are enforced again");
    drop(conn);

    // And the end state is in sync.
    assert!(step(&driver, &v8, PushOptions::default())
        .await
        .was_in_sync());
}

#[tokio::test]
async fn refusals_name_what_would_be_lost() {
    let dir = tempfile::tempdir().unwrap();
    let driver = SqliteDriver::open("file:./refuse.db", dir.path())
        .await
        .unwrap();
    let v1 = "model A {\n  id Int @id\n  name String?\n}\n\nmodel B {\n  id Int @id\n}\n";
    step(&driver, v1, PushOptions::default()).await;
    exec(
        &driver,
        "INSERT INTO \"A\" (id, name) VALUES (1, 'x'), (2, 'x'), (3, NULL)",
    )
    .await;
    exec(&driver, "INSERT INTO \"B\" (id) VALUES (1)").await;

    // A required column without default on a table with rows cannot be added at all.
    let r = step(
        &driver,
        "model A {\n  id Int @id\n  name String?\n  n Int\n}\n\nmodel B {\n  id Int @id\n}\n",
        PushOptions {
            accept_data_loss: true,
            force_reset: false,
        },
    )
    .await;
    assert!(!r.applied);
    assert_eq!(r.unexecutable, vec!["Added the required column `n` to the `A` table without a default value. There are 3 rows in this table, it is not possible to execute this step."]);

    // Dropping a table with rows, and a unique index over duplicates.
    let r = step(
        &driver,
        "model A {\n  id Int @id\n  name String? @unique\n}\n",
        PushOptions::default(),
    )
    .await;
    assert!(!r.applied);
    assert_eq!(
        r.warnings,
        vec![
            "You are about to drop the `B` table, which is not empty (1 rows).",
            "A unique constraint covering the columns `[name]` on the table `A` will be added. If there are existing duplicate values, this will fail.",
        ]
    );
    // Making a column with NULLs required.
    let r = step(
        &driver,
        "model A {\n  id Int @id\n  name String\n}\n\nmodel B {\n  id Int @id\n}\n",
        PushOptions::default(),
    )
    .await;
    assert_eq!(
        r.unexecutable,
        vec!["Made the column `name` on table `A` required, but there are 1 existing NULL values."]
    );
    // Nothing changed along the way.
    assert!(step(&driver, v1, PushOptions::default())
        .await
        .was_in_sync());
    // force_reset empties and recreates.
    let r = push(
        &driver,
        &dm("model C {\n  id Int @id\n}\n"),
        PushOptions {
            accept_data_loss: false,
            force_reset: true,
        },
    )
    .await
    .unwrap();
    assert!(r.reset && r.applied);
    assert_eq!(
        query(
            &driver,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        .await,
        vec![vec![text("C")]]
    );
}
