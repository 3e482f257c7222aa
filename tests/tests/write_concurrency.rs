//! Writes under concurrency, through the engine on PostgreSQL and MySQL (set `TEST_POSTGRES_URL` /
//! `TEST_MYSQL_URL`; each is skipped otherwise).
//!
//! - Concurrent upserts of one key all succeed and leave one row: the upsert is a single
//!   `INSERT .. ON CONFLICT .. DO UPDATE` (PostgreSQL) or `INSERT .. ON DUPLICATE KEY UPDATE` (MySQL), so no
//!   request can find the row missing and then collide.
//! - Concurrent increments (through upsert and through updateOne) lose nothing: the arithmetic runs in the
//!   database (`SET hits = hits + 1`), never as read-modify-write in the engine.

use engine_core::protocol::EngineProtocol;
use engine_core::Engine;
use refract_tests::database::{fresh_database, with_provider, TestProvider};
use serde_json::{json, Value};

const SCHEMA: &str = r#"
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model Counter {
  key  String @id
  hits Int    @default(0)
}
"#;

const TASKS: usize = 50;

async fn engine(
    provider: TestProvider,
    name: &str,
) -> Option<(Engine, refract_tests::database::TestDatabase)> {
    let url = provider.server_url()?;
    let schema = with_provider(SCHEMA, provider);
    let database = fresh_database(&schema, provider, &url, name)
        .await
        .unwrap_or_else(|error| panic!("{name}: setup failed: {error}"));
    Some((database.engine.clone(), database))
}

async fn request(engine: &Engine, body: Value) -> Value {
    engine
        .request(EngineProtocol::Json, &body.to_string(), None)
        .await
        .body()
}

fn upsert(key: &str) -> Value {
    json!({"modelName": "Counter", "action": "upsertOne", "query": {
        "arguments": {"where": {"key": key}, "create": {"key": key, "hits": 1},
                      "update": {"hits": {"increment": 1}}},
        "selection": {"$scalars": true}}})
}

async fn all_counters(engine: &Engine) -> Value {
    request(
        engine,
        json!({"modelName": "Counter", "action": "findMany", "query": {
            "arguments": {"orderBy": [{"key": "asc"}]}, "selection": {"$scalars": true}}}),
    )
    .await
}

async fn run_all(engine: &Engine, bodies: Vec<Value>) -> Vec<Value> {
    let tasks: Vec<_> = bodies
        .into_iter()
        .map(|body| {
            let engine = engine.clone();
            tokio::spawn(async move { request(&engine, body).await })
        })
        .collect();
    let mut results = Vec::with_capacity(tasks.len());
    for task in tasks {
        results.push(task.await.expect("task panicked"));
    }
    results
}

async fn upserts_of_one_key_leave_one_row_and_count_every_request(provider: TestProvider) {
    let name = format!("write_concurrency_upsert_{}", provider.name());
    let Some((engine, _database)) = engine(provider, &name).await else {
        return;
    };
    let results = run_all(&engine, (0..TASKS).map(|_| upsert("k")).collect()).await;
    for result in &results {
        assert!(result.get("errors").is_none(), "an upsert failed: {result}");
    }
    assert_eq!(
        all_counters(&engine).await,
        json!({"data": {"findManyCounter": [{"key": "k", "hits": TASKS}]}})
    );
}

async fn upserts_and_increments_over_several_keys_lose_nothing(provider: TestProvider) {
    let name = format!("write_concurrency_mixed_{}", provider.name());
    let Some((engine, _database)) = engine(provider, &name).await else {
        return;
    };
    let keys = ["a", "b", "c", "d", "e"];
    // First a wave of upserts creating and bumping every key, then a wave mixing upserts with plain
    // increments of rows that now exist.
    let first: Vec<Value> = (0..TASKS).map(|i| upsert(keys[i % keys.len()])).collect();
    for result in run_all(&engine, first).await {
        assert!(result.get("errors").is_none(), "an upsert failed: {result}");
    }
    let second: Vec<Value> = (0..TASKS)
        .map(|i| {
            let key = keys[i % keys.len()];
            if i % 2 == 0 {
                upsert(key)
            } else {
                json!({"modelName": "Counter", "action": "updateOne", "query": {
                    "arguments": {"where": {"key": key}, "data": {"hits": {"increment": 1}}},
                    "selection": {"hits": true}}})
            }
        })
        .collect();
    for result in run_all(&engine, second).await {
        assert!(result.get("errors").is_none(), "a write failed: {result}");
    }
    let per_key = 2 * TASKS / keys.len();
    let expected: Vec<Value> = keys
        .iter()
        .map(|key| json!({"key": key, "hits": per_key}))
        .collect();
    assert_eq!(
        all_counters(&engine).await,
        json!({"data": {"findManyCounter": expected}})
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn postgres_concurrent_upserts_of_one_key_leave_one_row_and_count_every_request() {
    upserts_of_one_key_leave_one_row_and_count_every_request(TestProvider::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn postgres_concurrent_upserts_and_increments_over_several_keys_lose_nothing() {
    upserts_and_increments_over_several_keys_lose_nothing(TestProvider::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn mysql_concurrent_upserts_of_one_key_leave_one_row_and_count_every_request() {
    upserts_of_one_key_leave_one_row_and_count_every_request(TestProvider::Mysql).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn mysql_concurrent_upserts_and_increments_over_several_keys_lose_nothing() {
    upserts_and_increments_over_several_keys_lose_nothing(TestProvider::Mysql).await;
}
