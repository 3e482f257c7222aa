//! Round trips of writes, counted by [`engine_core::sql_connector::SqlConnector::statement_count`], on
//! SQLite and on PostgreSQL / MySQL when `TEST_POSTGRES_URL` / `TEST_MYSQL_URL` are set:
//!
//! - `createMany` sends multi-row statements: 1 000 rows cost a handful of statements, not one per row.
//! - An upsert whose `where` is the model's only collidable unique is native: one statement that inserts
//!   or updates (plus, on MySQL, which has no `RETURNING`, one read of the row by that unique), then the
//!   read of the selection. Where MySQL's `ON DUPLICATE KEY` could hit another unique, the upsert falls
//!   back to reading then writing, which costs more.

use engine_core::protocol::EngineProtocol;
use refract_tests::database::{fresh_database, with_provider, TestDatabase, TestProvider};
use serde_json::{json, Value};

const SCHEMA: &str = r#"
datasource db {
  provider = "sqlite"
  url      = "file:./dev.db"
}

model Item {
  id    Int    @id @default(autoincrement())
  name  String
  price Int
}
"#;

const ROWS: usize = 1_000;

/// Pushes `schema` (with its provider swapped) to a fresh database `name`, or `None` when the provider's
/// server URL is unset and the test is skipped.
async fn database(schema: &str, provider: TestProvider, name: &str) -> Option<TestDatabase> {
    let server_url = provider.server_url()?;
    let schema = with_provider(schema, provider);
    let database = fresh_database(&schema, provider, &server_url, name)
        .await
        .unwrap_or_else(|error| panic!("{}: {error}", provider.name()));
    Some(database)
}

/// Runs one request and returns its `data` and the statements it sent.
async fn counted(database: &TestDatabase, body: Value) -> (Value, u64) {
    let before = database.connector.statement_count();
    let response = database
        .engine
        .request(EngineProtocol::Json, &body.to_string(), None)
        .await;
    let statements = database.connector.statement_count() - before;
    let body = response.body();
    assert_eq!(response.status, 200, "{body}");
    assert!(body.get("errors").is_none(), "{body}");
    (body["data"].clone(), statements)
}

async fn run(provider: TestProvider, name: &str) {
    let Some(database) = database(SCHEMA, provider, name).await else {
        return;
    };
    let rows: Vec<_> = (0..ROWS)
        .map(|i| json!({"name": format!("item {i}"), "price": i}))
        .collect();
    let body = json!({"modelName": "Item", "action": "createMany",
        "query": {"arguments": {"data": rows}, "selection": {"count": true}}});
    let (data, statements) = counted(&database, body).await;
    assert_eq!(data["createManyItem"]["count"], json!(ROWS), "{data}");
    eprintln!(
        "{}: createMany of {ROWS} rows sent {statements} statements",
        provider.name()
    );
    assert!(
        statements <= 10,
        "{}: createMany of {ROWS} rows must use multi-row statements, sent {statements}",
        provider.name()
    );
}

#[tokio::test]
async fn sqlite_create_many_is_multi_row() {
    run(TestProvider::Sqlite, "create_many_counts").await;
}

#[tokio::test]
async fn postgres_create_many_is_multi_row() {
    run(TestProvider::Postgres, "refract_create_many_counts").await;
}

#[tokio::test]
async fn mysql_create_many_is_multi_row() {
    run(TestProvider::Mysql, "refract_create_many_counts_mysql").await;
}

const UPSERT_SCHEMA: &str = r#"
datasource db {
  provider = "sqlite"
  url      = "file:./dev.db"
}

model Counter {
  key  String @id
  hits Int    @default(0)
}

model Account {
  id    Int    @id
  email String @unique
  hits  Int    @default(0)
}
"#;

fn counter_upsert(key: &str) -> Value {
    json!({"modelName": "Counter", "action": "upsertOne", "query": {
        "arguments": {"where": {"key": key}, "create": {"key": key, "hits": 1},
                      "update": {"hits": {"increment": 1}}},
        "selection": {"$scalars": true}}})
}

/// Targets the id while `create` also gives the other unique, `email`: MySQL must not use
/// `ON DUPLICATE KEY` here (a duplicate email would update a row `where` never selected).
fn account_upsert(id: i64, email: &str) -> Value {
    json!({"modelName": "Account", "action": "upsertOne", "query": {
        "arguments": {"where": {"id": id}, "create": {"id": id, "email": email, "hits": 1},
                      "update": {"hits": {"increment": 1}}},
        "selection": {"$scalars": true}}})
}

/// Statements of a native upsert: the upsert itself (with, on MySQL, the read of the row by its unique),
/// then the read of the selection.
fn native_upsert_statements(provider: TestProvider) -> u64 {
    match provider {
        TestProvider::Mysql => 3,
        _ => 2,
    }
}

async fn upsert_counts(provider: TestProvider, name: &str) {
    let Some(database) = database(UPSERT_SCHEMA, provider, name).await else {
        return;
    };
    let native = native_upsert_statements(provider);
    for hits in 1..=2 {
        let (data, statements) = counted(&database, counter_upsert("k")).await;
        assert_eq!(
            data,
            json!({"upsertOneCounter": {"key": "k", "hits": hits}}),
            "{}",
            provider.name()
        );
        assert_eq!(
            statements,
            native,
            "{}: a native upsert (hits {hits}) sends {native} statements",
            provider.name()
        );
    }
    for hits in 1..=2 {
        let (data, statements) = counted(&database, account_upsert(1, "a@x")).await;
        assert_eq!(
            data,
            json!({"upsertOneAccount": {"id": 1, "email": "a@x", "hits": hits}}),
            "{}",
            provider.name()
        );
        if provider == TestProvider::Mysql {
            assert!(
                statements > native,
                "mysql: an upsert that could hit another unique must read then write, sent {statements}"
            );
        } else {
            assert_eq!(statements, native, "{}", provider.name());
        }
    }
}

#[tokio::test]
async fn sqlite_upsert_is_native() {
    upsert_counts(TestProvider::Sqlite, "upsert_counts").await;
}

#[tokio::test]
async fn postgres_upsert_is_native() {
    upsert_counts(TestProvider::Postgres, "refract_upsert_counts").await;
}

#[tokio::test]
async fn mysql_upsert_is_native_when_only_its_unique_can_collide() {
    upsert_counts(TestProvider::Mysql, "refract_upsert_counts_mysql").await;
}

const NESTED_SCHEMA: &str = r#"
datasource db {
  provider = "sqlite"
  url      = "file:./dev.db"
}

model Author {
  id    Int    @id @default(autoincrement())
  email String @unique
  posts Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  views    Int    @default(0)
  authorId Int
  author   Author @relation(fields: [authorId], references: [id])
}
"#;

/// A nested create of children that hold the foreign key and write nothing further costs the same
/// number of statements for 10 children as for 100: the children go in one multi-row insert (more only
/// past the dialect's bind limit), and the answer is read per relation level.
async fn nested_create_counts(provider: TestProvider, name: &str) {
    let Some(database) = database(NESTED_SCHEMA, provider, name).await else {
        return;
    };
    let mut counts = Vec::new();
    for (n, children) in [(0, 10), (1, 100)] {
        let posts: Vec<_> = (0..children)
            .map(|i| json!({"title": format!("post {i}"), "views": i}))
            .collect();
        let body = json!({"modelName": "Author", "action": "createOne", "query": {
            "arguments": {"data": {"email": format!("a{n}@x.io"), "posts": {"create": posts}}},
            "selection": {"id": true, "posts": {"selection": {"title": true, "views": true}}}}});
        let (data, statements) = counted(&database, body).await;
        assert_eq!(
            data["createOneAuthor"]["posts"].as_array().map(Vec::len),
            Some(children),
            "{data}"
        );
        assert_eq!(data["createOneAuthor"]["posts"][3]["views"], json!(3));
        counts.push(statements);
    }
    eprintln!(
        "{}: nested create of 10 and 100 children sent {:?} statements",
        provider.name(),
        counts
    );
    assert_eq!(counts[0], counts[1], "{}: {counts:?}", provider.name());
    assert!(counts[0] <= 6, "{}: {counts:?}", provider.name());
}

#[tokio::test]
async fn sqlite_nested_create_is_multi_row() {
    nested_create_counts(TestProvider::Sqlite, "stmt_nested").await;
}

#[tokio::test]
async fn postgres_nested_create_is_multi_row() {
    nested_create_counts(TestProvider::Postgres, "stmt_nested").await;
}

#[tokio::test]
async fn mysql_nested_create_is_multi_row() {
    nested_create_counts(TestProvider::Mysql, "stmt_nested").await;
}
