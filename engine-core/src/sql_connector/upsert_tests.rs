//! Native upsert statements per dialect and the rule deciding when MySQL's `ON DUPLICATE KEY` is safe.

use super::*;
use crate::query::ScalarWrite;
use crate::sql::{Dialect, Mysql, Postgres, Query, Sqlite};
use crate::sql_connector::test_fixture::Fixture;

const SCHEMA: &str = r#"
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model User {
  id    Int      @id @default(autoincrement())
  email String   @unique
  nick  String?  @unique
  code  String   @unique @default("none")
  age   Int      @default(0)
  tags  String[]

  @@map("users")
}

model Counter {
  key  String @id
  hits Int    @default(0)
}

model Pair {
  a Int
  b Int
  x Int
  y Int?
  v Int

  @@id([a, b])
  @@unique([x, y])
}
"#;

fn sql(query: impl Into<Query>, dialect: &dyn Dialect) -> String {
    query.into().render(dialect).expect("renders").sql
}

fn text(s: &str) -> PrismaValue {
    PrismaValue::String(s.to_owned())
}

#[test]
fn native_upsert_reads_the_existing_row_through_the_table_name() {
    let f = Fixture::new(SCHEMA);
    let user = f.model("User");
    let email = f.field("User", "email");
    let age = f.field("User", "age");
    let create = vec![(email, text("a@x")), (age, PrismaValue::Int(1))];
    let update = vec![
        (age, ScalarWrite::Increment(PrismaValue::Int(1))),
        (f.field("User", "tags"), ScalarWrite::Push(text("t"))),
    ];
    let statement = |dialect: &'static dyn Dialect| {
        upsert_statement(&f.ctx(dialect), user, &create, &[email], &update)
            .expect("builds")
            .returning(column_names(&f.ctx(dialect), &[f.field("User", "id")]))
    };
    assert_eq!(
        sql(statement(&Postgres), &Postgres),
        r#"INSERT INTO "users" ("email", "age") VALUES ($1, $2) ON CONFLICT ("email") DO UPDATE SET "age" = "users"."age" + $3, "tags" = "users"."tags" || $4 RETURNING "id""#
    );
    let empty = upsert_statement(&f.ctx(&Sqlite), user, &create, &[email], &[]).expect("builds");
    assert_eq!(
        sql(empty, &Sqlite),
        r#"INSERT INTO "users" ("email", "age") VALUES (?, ?) ON CONFLICT ("email") DO UPDATE SET "email" = "users"."email""#
    );
}

#[test]
fn mysql_updates_on_duplicate_key_through_the_table_name() {
    let f = Fixture::new(SCHEMA);
    let counter = f.model("Counter");
    let key = f.field("Counter", "key");
    let hits = f.field("Counter", "hits");
    let create = vec![(key, text("k")), (hits, PrismaValue::Int(1))];
    let update = vec![(hits, ScalarWrite::Increment(PrismaValue::Int(1)))];
    let statement =
        upsert_statement(&f.ctx(&Mysql), counter, &create, &[key], &update).expect("builds");
    assert_eq!(
        sql(statement, &Mysql),
        "INSERT INTO `Counter` (`key`, `hits`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `hits` = `Counter`.`hits` + ?"
    );
    assert_eq!(
        duplicate_key_lookup(&f.ctx(&Mysql), counter, &create, &[key], &update),
        Some(vec![text("k")])
    );
}

#[test]
fn duplicate_key_is_used_only_when_no_other_unique_can_collide() {
    let f = Fixture::new(SCHEMA);
    let ctx = f.ctx(&Mysql);
    let user = f.model("User");
    let [id, email, code, age] = ["id", "email", "code", "age"].map(|n| f.field("User", n));
    let safe = |create: &[(FieldId, PrismaValue)], conflict: &[FieldId]| {
        only_target_can_collide(&ctx, user, create, conflict)
    };
    // `code` has a static default, so even left out it could duplicate another row's.
    assert!(!safe(&[(email, text("a"))], &[email]));
    // Given, it could be another row's too.
    assert!(!safe(&[(email, text("a")), (code, text("c"))], &[email]));

    let pair = f.model("Pair");
    let [a, b, x, y, v] = ["a", "b", "x", "y", "v"].map(|n| f.field("Pair", n));
    let int = PrismaValue::Int;
    let pair_safe = |create: &[(FieldId, PrismaValue)], conflict: &[FieldId]| {
        only_target_can_collide(&ctx, pair, create, conflict)
    };
    // `@@unique([x, y])` with `y` NULL (given or left out) matches no row; the order of the target's fields
    // does not matter.
    assert!(pair_safe(
        &[(a, int(1)), (b, int(2)), (x, int(3)), (v, int(0))],
        &[b, a]
    ));
    assert!(pair_safe(
        &[
            (a, int(1)),
            (b, int(2)),
            (x, int(3)),
            (y, PrismaValue::Null)
        ],
        &[a, b]
    ));
    assert!(!pair_safe(
        &[(a, int(1)), (b, int(2)), (x, int(3)), (y, int(4))],
        &[a, b]
    ));
    // A target that is not one of the model's uniques is never safe.
    assert!(!pair_safe(&[(a, int(1)), (x, int(3))], &[a]));

    // The autoincrement id left to the database and an optional unique left out cannot collide; `code`
    // still can, so User never qualifies while it has that default.
    assert!(!safe(&[(email, text("a")), (age, int(1))], &[email]));
    assert!(!safe(&[(id, int(5)), (email, text("a"))], &[id]));
}

#[test]
fn autoincrement_ids_and_absent_optional_uniques_cannot_collide() {
    let schema = r#"
datasource db {
  provider = "mysql"
  url      = env("DATABASE_URL")
}

model Account {
  id    Int     @id @default(autoincrement())
  email String  @unique
  nick  String? @unique
  age   Int     @default(0)
}
"#;
    let validated = schema_core::validate(schema);
    assert!(validated.is_valid(), "{:?}", validated.diagnostics);
    let dm = validated.datamodel;
    let ctx = SqlContext {
        datamodel: &dm,
        dialect: &Mysql,
        schema: None,
    };
    let account = dm.find_model("Account").unwrap();
    let field = |name| dm.find_field(account, name).unwrap();
    let (id, email, nick, age) = (field("id"), field("email"), field("nick"), field("age"));
    let safe = |create: &[(FieldId, PrismaValue)], conflict: &[FieldId]| {
        only_target_can_collide(&ctx, account, create, conflict)
    };
    assert!(safe(
        &[(email, text("a")), (age, PrismaValue::Int(1))],
        &[email]
    ));
    assert!(safe(
        &[(email, text("a")), (nick, PrismaValue::Null)],
        &[email]
    ));
    // A given id or nick could be another row's.
    assert!(!safe(
        &[(id, PrismaValue::Int(5)), (email, text("a"))],
        &[email]
    ));
    assert!(!safe(&[(email, text("a")), (nick, text("n"))], &[email]));
    // Targeting the id while inserting an email that may exist elsewhere.
    assert!(!safe(
        &[(id, PrismaValue::Int(5)), (email, text("a"))],
        &[id]
    ));
    // An update that rewrites the targeted field cannot be read back by it.
    let create = [(email, text("a"))];
    let renames = [(email, ScalarWrite::Set(text("b")))];
    assert_eq!(
        duplicate_key_lookup(&ctx, account, &create, &[email], &renames),
        None
    );
    let bumps = [(age, ScalarWrite::Increment(PrismaValue::Int(1)))];
    assert_eq!(
        duplicate_key_lookup(&ctx, account, &create, &[email], &bumps),
        Some(vec![text("a")])
    );
}
