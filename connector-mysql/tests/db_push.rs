//! `db push` with diffing on a live MySQL or MariaDB server (`TEST_MYSQL_URL`; skipped with a notice when
//! unset): every MySQL schema pushes into an empty database and a second push changes nothing; a chain of
//! edits runs against tables with rows, each step's DDL asserted and the data kept. Each test works in a
//! database of its own.

mod support;

use std::path::{Path, PathBuf};

use connector_mysql::MysqlDriver;
use engine_core::migrate::{
    describe_database, normalize, push, sql_schema_for, Flavour, PushOptions, PushReport, SqlSchema,
};
use engine_core::value::PrismaValue;
use schema_core::Datamodel;
use support::TestDatabase;

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared")
}

/// The scenarios of `queries/index.tsv` whose providers include `provider`.
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

/// The schema with its datasource's provider replaced (scenario schemas are written for SQLite).
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

async fn exec(driver: &MysqlDriver, sql: &str) {
    support::exec(driver, sql, vec![]).await;
}

async fn query(driver: &MysqlDriver, sql: &str) -> Vec<Vec<PrismaValue>> {
    support::raw(driver, sql, vec![]).await.rows
}

/// The parts of two schemas that differ, small enough to read in a failure message.
fn difference(live: &SqlSchema, wanted: &SqlSchema) -> String {
    let mut out = String::new();
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

/// A fresh database, a push, the described schema compared with the computed one, a second push that
/// must do nothing.
async fn push_twice(base: &str, name: &str, dm: &Datamodel) -> Result<(), String> {
    let database = TestDatabase::new(base).await;
    let driver = database.driver("").await;
    let first = push(&driver, dm, PushOptions::default())
        .await
        .map_err(|e| format!("{name}: first push: {e}"))?;
    if !first.applied && !first.statements.is_empty() {
        return Err(format!("{name}: first push refused: {first:?}"));
    }
    let live = describe_database(&driver, dm)
        .await
        .map_err(|e| format!("{name}: describe: {e}"))?;
    let wanted = sql_schema_for(dm, Flavour::Mysql);
    let (live_n, wanted_n) = (
        normalize(&live, Flavour::Mysql),
        normalize(&wanted, Flavour::Mysql),
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

/// A failure because the server lacks a feature the schema needs, rather than a fault of the push:
/// MariaDB's parser rejects MySQL 8 expression syntax it does not have, and older servers lack
/// functions and types newer ones add.
fn needs_missing_feature(error: &str) -> bool {
    error.contains("You have an error in your SQL syntax")
        || error.contains("FUNCTION") && error.contains("does not exist")
}

#[tokio::test]
async fn every_mysql_schema_pushes_twice_with_no_change() {
    let Some(base) = support::base_url() else {
        return;
    };
    let mut failures = Vec::new();
    let mut pushed = 0;
    for scenario in scenarios("mysql") {
        let name = scenario.file_name().unwrap().to_string_lossy().into_owned();
        let source = std::fs::read_to_string(scenario.join("schema.prisma")).unwrap();
        let dm = datamodel(&with_provider(&source, "mysql"));
        match push_twice(&base, &name, &dm).await {
            Ok(()) => pushed += 1,
            Err(e) => failures.push(e),
        }
    }
    let root = shared().join("schemas");
    let manifest = std::fs::read_to_string(root.join("manifest.tsv")).expect("manifest.tsv");
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(&name), Some(&"yes"), Some(&"mysql")) = (cols.first(), cols.get(2), cols.get(3))
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
        match push_twice(&base, name, &validated.datamodel).await {
            Ok(()) => pushed += 1,
            Err(e) if needs_missing_feature(&e) => {
                eprintln!("skipped (the server lacks a feature): {e}")
            }
            Err(e) => failures.push(e),
        }
    }
    eprintln!("pushed {pushed} MySQL schemas twice");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert!(pushed >= 40, "only {pushed} schemas pushed");
}

const HEADER: &str = "datasource db {\n  provider = \"mysql\"\n  url = env(\"DATABASE_URL\")\n}\n";

fn dm(models: &str) -> Datamodel {
    datamodel(&format!("{HEADER}\n{models}"))
}

async fn step(driver: &MysqlDriver, models: &str, options: PushOptions) -> PushReport {
    push(driver, &dm(models), options)
        .await
        .unwrap_or_else(|e| panic!("push failed: {e}\n{models}"))
}

#[track_caller]
fn assert_statements(report: &PushReport, expected: &[&str]) {
    let actual: Vec<&str> = report.statements.iter().map(String::as_str).collect();
    assert_eq!(actual, expected, "{report:#?}");
}

/// Pushes `models` and asserts that a second push finds nothing to do.
async fn assert_in_sync(driver: &MysqlDriver, models: &str) {
    let again = step(driver, models, PushOptions::default()).await;
    assert!(again.was_in_sync(), "not in sync: {again:#?}");
}

fn text(s: &str) -> PrismaValue {
    PrismaValue::String(s.to_owned())
}

const ACCEPT: PushOptions = PushOptions {
    accept_data_loss: true,
    force_reset: false,
};

#[tokio::test]
async fn a_chain_of_edits_keeps_the_data() {
    let Some(base) = support::base_url() else {
        return;
    };
    let database = TestDatabase::new(&base).await;
    let driver = database.driver("").await;

    let v1 = "model User {\n  id    Int    @id @default(autoincrement())\n  email String\n}\n";
    step(&driver, v1, PushOptions::default()).await;
    exec(
        &driver,
        "INSERT INTO `User` (email) VALUES ('a@x.io'), ('b@x.io')",
    )
    .await;

    // 1. An optional field.
    let v2 = "model User {\n  id    Int     @id @default(autoincrement())\n  email String\n  bio   String?\n}\n";
    let r = step(&driver, v2, PushOptions::default()).await;
    assert_statements(
        &r,
        &["ALTER TABLE `User` ADD COLUMN `bio` VARCHAR(191) NULL"],
    );
    exec(
        &driver,
        "UPDATE `User` SET bio = 'hello' WHERE email = 'a@x.io'",
    )
    .await;

    // 2. A required field with a default.
    let v3 = "model User {\n  id    Int     @id @default(autoincrement())\n  email String\n  bio   String?\n  karma Int     @default(0)\n}\n";
    let r = step(&driver, v3, PushOptions::default()).await;
    assert_statements(
        &r,
        &["ALTER TABLE `User` ADD COLUMN `karma` INTEGER NOT NULL DEFAULT 0"],
    );
    assert_in_sync(&driver, v3).await;

    // 3. The table renamed with @@map: the rows move with it.
    let v4 = format!(
        "{}\n  @@map(\"users\")\n}}\n",
        v3.trim_end().trim_end_matches('}')
    );
    let r = step(&driver, &v4, PushOptions::default()).await;
    assert_statements(&r, &["RENAME TABLE `User` TO `users`"]);
    assert_eq!(
        query(&driver, "SELECT email, bio, karma FROM users ORDER BY id").await,
        vec![
            vec![text("a@x.io"), text("hello"), PrismaValue::Int(0)],
            vec![text("b@x.io"), PrismaValue::Null, PrismaValue::Int(0)],
        ]
    );

    // 4. A relation: MySQL makes an index for the foreign key, which is no difference afterwards.
    let v5 = "model User {\n  id    Int     @id @default(autoincrement())\n  email String\n  bio   String?\n  karma Int     @default(0)\n  posts Post[]\n\n  @@map(\"users\")\n}\n\nmodel Post {\n  id       Int    @id @default(autoincrement())\n  title    String\n  authorId Int\n  author   User   @relation(fields: [authorId], references: [id])\n}\n";
    let r = step(&driver, v5, PushOptions::default()).await;
    assert_statements(
        &r,
        &[
            "CREATE TABLE `Post` (\n    `id` INTEGER NOT NULL AUTO_INCREMENT,\n    `title` VARCHAR(191) NOT NULL,\n    `authorId` INTEGER NOT NULL,\n\n    PRIMARY KEY (`id`)\n) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
            "ALTER TABLE `Post` ADD CONSTRAINT `Post_authorId_fkey` FOREIGN KEY (`authorId`) REFERENCES `users`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE",
        ],
    );
    assert_in_sync(&driver, v5).await;
    exec(
        &driver,
        "INSERT INTO `Post` (title, authorId) VALUES ('first', 1)",
    )
    .await;

    // 5. An index added, then dropped.
    let v6 = v5.replace(
        "  author   User   @relation(fields: [authorId], references: [id])\n}",
        "  author   User   @relation(fields: [authorId], references: [id])\n\n  @@index([title])\n}",
    );
    let r = step(&driver, &v6, PushOptions::default()).await;
    assert_statements(&r, &["CREATE INDEX `Post_title_idx` ON `Post`(`title`)"]);
    let r = step(&driver, v5, PushOptions::default()).await;
    assert_statements(&r, &["DROP INDEX `Post_title_idx` ON `Post`"]);

    // 5b. An index on the foreign key's column replaces the one MySQL made; dropping it again needs the
    // key out of the way, since MySQL refuses to drop the only index a foreign key can use.
    let v6b = v5.replace(
        "  author   User   @relation(fields: [authorId], references: [id])\n}",
        "  author   User   @relation(fields: [authorId], references: [id])\n\n  @@index([authorId])\n}",
    );
    let r = step(&driver, &v6b, PushOptions::default()).await;
    assert_statements(
        &r,
        &["CREATE INDEX `Post_authorId_idx` ON `Post`(`authorId`)"],
    );
    assert_in_sync(&driver, &v6b).await;
    let r = step(&driver, v5, PushOptions::default()).await;
    assert_statements(
        &r,
        &[
            "ALTER TABLE `Post` DROP FOREIGN KEY `Post_authorId_fkey`",
            "DROP INDEX `Post_authorId_idx` ON `Post`",
            "ALTER TABLE `Post` ADD CONSTRAINT `Post_authorId_fkey` FOREIGN KEY (`authorId`) REFERENCES `users`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE",
        ],
    );
    assert_in_sync(&driver, v5).await;

    // 6. A field made unique.
    let v7 = v5.replace("  email String\n", "  email String  @unique\n");
    let r = step(&driver, &v7, PushOptions::default()).await;
    assert!(r.warnings.is_empty(), "{r:#?}");
    assert_statements(
        &r,
        &["CREATE UNIQUE INDEX `users_email_key` ON `users`(`email`)"],
    );

    // 6b. Renamed again: the unique index follows the table's name.
    let v7b = v7.replace("@@map(\"users\")", "@@map(\"accounts\")");
    let r = step(&driver, &v7b, PushOptions::default()).await;
    assert_statements(
        &r,
        &[
            "RENAME TABLE `users` TO `accounts`",
            "ALTER TABLE `accounts` RENAME INDEX `users_email_key` TO `accounts_email_key`",
        ],
    );
    assert_in_sync(&driver, &v7b).await;

    // 7. A field holding data dropped: refused, then accepted.
    let v8 = v7b.replace("  bio   String?\n", "");
    let r = step(&driver, &v8, PushOptions::default()).await;
    assert!(!r.applied);
    assert_eq!(
        r.warnings,
        vec!["You are about to drop the column `bio` on the `accounts` table, which still contains 1 non-null values."]
    );
    assert_eq!(
        query(&driver, "SELECT COUNT(bio) FROM accounts").await,
        vec![vec![PrismaValue::BigInt(1)]]
    );
    let r = step(&driver, &v8, ACCEPT).await;
    assert!(r.applied);
    assert_statements(&r, &["ALTER TABLE `accounts` DROP COLUMN `bio`"]);
    assert_eq!(
        query(
            &driver,
            "SELECT u.email, p.title FROM `Post` p JOIN accounts u ON u.id = p.authorId"
        )
        .await,
        vec![vec![text("a@x.io"), text("first")]]
    );

    // 8. A safe widening runs without a warning; a narrowing that may fail is a warning.
    let v9 = v8.replace(
        "  karma Int     @default(0)\n",
        "  karma BigInt  @default(0)\n",
    );
    let r = step(&driver, &v9, PushOptions::default()).await;
    assert!(r.applied && r.warnings.is_empty(), "{r:#?}");
    assert_statements(
        &r,
        &["ALTER TABLE `accounts` MODIFY `karma` BIGINT NOT NULL DEFAULT 0"],
    );
    let v10 = v9.replace("  title    String\n", "  title    String @db.VarChar(3)\n");
    let r = step(&driver, &v10, PushOptions::default()).await;
    assert!(!r.applied);
    assert_eq!(
        r.warnings,
        vec!["You are about to alter the column `title` on the `Post` table, which contains 1 non-null values. The data in that column will be cast from `VARCHAR(191)` to `VARCHAR(3)`."]
    );

    // 9. A relation removed: the key goes, and the index MySQL made for it with it.
    let v11 = "model User {\n  id    Int     @id @default(autoincrement())\n  email String  @unique\n  karma BigInt  @default(0)\n\n  @@map(\"accounts\")\n}\n\nmodel Post {\n  id       Int    @id @default(autoincrement())\n  title    String\n  authorId Int\n}\n";
    let r = step(&driver, v11, PushOptions::default()).await;
    assert_statements(
        &r,
        &[
            "ALTER TABLE `Post` DROP FOREIGN KEY `Post_authorId_fkey`",
            "DROP INDEX `Post_authorId_fkey` ON `Post`",
        ],
    );
    assert_in_sync(&driver, v11).await;
}

#[tokio::test]
async fn enum_columns_grow_and_shrink() {
    let Some(base) = support::base_url() else {
        return;
    };
    let database = TestDatabase::new(&base).await;
    let driver = database.driver("").await;
    let model = "model U {\n  id   Int  @id\n  role Role @default(USER)\n}\n";
    step(
        &driver,
        &format!("enum Role {{\n  USER\n  ADMIN\n}}\n\n{model}"),
        PushOptions::default(),
    )
    .await;
    exec(
        &driver,
        "INSERT INTO `U` (id, role) VALUES (1, 'ADMIN'), (2, 'USER')",
    )
    .await;
    let grown = format!("enum Role {{\n  USER\n  ADMIN\n  GUEST\n}}\n\n{model}");
    let r = step(&driver, &grown, PushOptions::default()).await;
    assert!(r.applied && r.warnings.is_empty(), "{r:#?}");
    assert_statements(
        &r,
        &["ALTER TABLE `U` MODIFY `role` ENUM('USER', 'ADMIN', 'GUEST') NOT NULL DEFAULT 'USER'"],
    );
    assert_in_sync(&driver, &grown).await;
    exec(&driver, "INSERT INTO `U` (id, role) VALUES (3, 'GUEST')").await;

    let shrunk = format!("enum Role {{\n  USER\n  GUEST\n}}\n\n{model}");
    let r = step(&driver, &shrunk, PushOptions::default()).await;
    assert!(!r.applied);
    assert_eq!(
        r.warnings,
        vec!["The values [ADMIN] on the enum `U_role` will be removed. If these variants are still used in the database, this will fail."]
    );
    exec(&driver, "DELETE FROM `U` WHERE role = 'ADMIN'").await;
    let r = step(&driver, &shrunk, ACCEPT).await;
    assert!(r.applied);
    assert_eq!(
        query(&driver, "SELECT id, role FROM `U` ORDER BY id").await,
        vec![
            vec![PrismaValue::Int(2), text("USER")],
            vec![PrismaValue::Int(3), text("GUEST")]
        ]
    );
    assert_in_sync(&driver, &shrunk).await;
}

#[tokio::test]
async fn required_field_without_default_is_unexecutable_on_rows() {
    let Some(base) = support::base_url() else {
        return;
    };
    let database = TestDatabase::new(&base).await;
    let driver = database.driver("").await;
    let v1 = "model A {\n  id Int @id\n}\n";
    step(&driver, v1, PushOptions::default()).await;
    exec(&driver, "INSERT INTO `A` (id) VALUES (1)").await;
    let v2 = "model A {\n  id   Int    @id\n  name String\n}\n";
    let r = step(&driver, v2, ACCEPT).await;
    assert!(!r.applied);
    assert_eq!(
        r.unexecutable,
        vec!["Added the required column `name` to the `A` table without a default value. There are 1 rows in this table, it is not possible to execute this step."]
    );
    assert_in_sync(&driver, v1).await;
}

#[tokio::test]
async fn unique_over_duplicates_warns_and_a_new_primary_key_is_swapped_in() {
    let Some(base) = support::base_url() else {
        return;
    };
    let database = TestDatabase::new(&base).await;
    let driver = database.driver("").await;
    let v1 = "model T {\n  a Int\n  b Int\n  c Int\n\n  @@id([a])\n}\n";
    step(&driver, v1, PushOptions::default()).await;
    exec(
        &driver,
        "INSERT INTO `T` (a, b, c) VALUES (1, 7, 1), (2, 7, 2)",
    )
    .await;

    let unique = v1.replace("  b Int\n", "  b Int @unique\n");
    let r = step(&driver, &unique, PushOptions::default()).await;
    assert!(!r.applied);
    assert_eq!(
        r.warnings,
        vec!["A unique constraint covering the columns `[b]` on the table `T` will be added. If there are existing duplicate values, this will fail."]
    );

    let compound = v1.replace("@@id([a])", "@@id([a, c])");
    let r = step(&driver, &compound, PushOptions::default()).await;
    assert_eq!(
        r.warnings,
        vec!["The primary key for the `T` table will be changed. If it partially fails, the table could be left without primary key constraint."]
    );
    let r = step(&driver, &compound, ACCEPT).await;
    assert!(r.applied);
    assert_statements(
        &r,
        &["ALTER TABLE `T` DROP PRIMARY KEY,\n    ADD PRIMARY KEY (`a`, `c`)"],
    );
    assert_in_sync(&driver, &compound).await;
    assert_eq!(
        query(&driver, "SELECT a, b, c FROM `T` ORDER BY a").await,
        vec![
            vec![
                PrismaValue::Int(1),
                PrismaValue::Int(7),
                PrismaValue::Int(1)
            ],
            vec![
                PrismaValue::Int(2),
                PrismaValue::Int(7),
                PrismaValue::Int(2)
            ],
        ]
    );
}

#[tokio::test]
async fn fulltext_indexes_are_created_compared_and_dropped() {
    let Some(base) = support::base_url() else {
        return;
    };
    let database = TestDatabase::new(&base).await;
    let driver = database.driver("").await;
    let header = "generator client {\n  provider        = \"prisma-client-js\"\n  previewFeatures = [\"fullTextIndex\"]\n}\n";
    let plain = format!(
        "{header}\nmodel Doc {{\n  id    Int    @id\n  title String\n  body  String @db.Text\n}}\n"
    );
    let searchable = plain.replace(
        "  body  String @db.Text\n}",
        "  body  String @db.Text\n\n  @@fulltext([title, body])\n}",
    );
    let r = step(&driver, &searchable, PushOptions::default()).await;
    assert_statements(
        &r,
        &["CREATE TABLE `Doc` (\n    `id` INTEGER NOT NULL,\n    `title` VARCHAR(191) NOT NULL,\n    `body` TEXT NOT NULL,\n\n    FULLTEXT INDEX `Doc_title_body_idx`(`title`, `body`),\n    PRIMARY KEY (`id`)\n) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"],
    );
    assert_in_sync(&driver, &searchable).await;
    let r = step(&driver, &plain, PushOptions::default()).await;
    assert_statements(&r, &["DROP INDEX `Doc_title_body_idx` ON `Doc`"]);
    let r = step(&driver, &searchable, PushOptions::default()).await;
    assert_statements(
        &r,
        &["CREATE FULLTEXT INDEX `Doc_title_body_idx` ON `Doc`(`title`, `body`)"],
    );
    assert_in_sync(&driver, &searchable).await;
}
