//! `createMany` sends multi-row statements: 1 000 rows cost a handful of statements, not one per row
//! (counted by [`engine_core::sql_connector::SqlConnector::statement_count`]), on SQLite and on PostgreSQL
//! when `TEST_POSTGRES_URL` is set.

use engine_core::protocol::EngineProtocol;
use refract_tests::database::{fresh_database, with_provider, TestProvider};
use serde_json::json;

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

async fn run(provider: TestProvider, name: &str) {
    let Some(server_url) = provider.server_url() else {
        return;
    };
    let schema = with_provider(SCHEMA, provider);
    let database = fresh_database(&schema, provider, &server_url, name)
        .await
        .unwrap_or_else(|error| panic!("{}: {error}", provider.name()));
    let rows: Vec<_> = (0..ROWS)
        .map(|i| json!({"name": format!("item {i}"), "price": i}))
        .collect();
    let body = json!({"modelName": "Item", "action": "createMany",
        "query": {"arguments": {"data": rows}, "selection": {"count": true}}});
    let before = database.connector.statement_count();
    let response = database
        .engine
        .request(EngineProtocol::Json, &body.to_string(), None)
        .await;
    let statements = database.connector.statement_count() - before;
    let body = response.body();
    assert_eq!(response.status, 200, "{body}");
    assert_eq!(
        body["data"]["createManyItem"]["count"],
        json!(ROWS),
        "{body}"
    );
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
