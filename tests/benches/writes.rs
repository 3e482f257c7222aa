//! Write benchmarks: the engine against the raw driver doing the same writes, in the same process, on the
//! same database.
//!
//! Workloads (each `engine` and `raw`):
//! - `create_one`: one user, answered with its scalars;
//! - `nested_create`: a user with 10 posts, answered with the user and its posts;
//! - `create_many_1000`: 1 000 posts, answered with the count;
//! - `update_increment`: `views + 1` on one post, answered with its scalars.
//!
//! The `engine` side is a JSON-protocol request through [`Engine::request`] and its response text; the
//! engine runs every write in a transaction. The `raw` side is the minimal hand-written SQL in a
//! transaction as well (the 10 posts and the 1 000 rows as one multi-row `INSERT`): on SQLite and
//! PostgreSQL through a connection of the engine's own driver crates with `RETURNING` ([`raw_sql`]), on
//! MySQL through `mysql_async` itself with `LAST_INSERT_ID` ([`raw_mysql`]).
//!
//! `cargo bench -p refract-tests --bench writes` runs SQLite, PostgreSQL when `TEST_POSTGRES_URL` is set
//! and MySQL when `TEST_MYSQL_URL` is set; a table of engine/raw ratios is printed at the end (criterion's
//! estimates).

mod common;
#[path = "writes/raw_mysql.rs"]
mod raw_mysql;
#[path = "writes/raw_sql.rs"]
mod raw_sql;

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use common::report::Report;
use common::setup::{self, BenchDatabase, RawDriver, PROVIDERS};
use criterion::Criterion;
use engine_core::protocol::EngineProtocol;
use engine_core::Engine;
use refract_tests::database::TestProvider;
use serde_json::{json, Value};
use tokio::runtime::Runtime;

const SCHEMA: &str = r#"
datasource db {
  provider = "sqlite"
  url      = "file:./bench.db"
}

model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  name  String?
  posts Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  views    Int    @default(0)
  authorId Int
  author   User   @relation(fields: [authorId], references: [id])

  @@index([authorId])
}
"#;

const WORKLOADS: [&str; 4] = [
    "create_one",
    "nested_create",
    "create_many_1000",
    "update_increment",
];

/// Makes every email unique across iterations and sides.
static NEXT: AtomicU64 = AtomicU64::new(1);

fn next_email(side: &str) -> String {
    format!("{side}{}@example.com", NEXT.fetch_add(1, Ordering::Relaxed))
}

fn engine_request(workload: &str) -> Value {
    match workload {
        "create_one" => json!({"modelName": "User", "action": "createOne", "query": {
            "arguments": {"data": {"email": next_email("e"), "name": "Engine"}},
            "selection": {"$scalars": true}}}),
        "nested_create" => {
            let posts: Vec<Value> = (0..10)
                .map(|i| json!({"title": format!("post {i}")}))
                .collect();
            json!({"modelName": "User", "action": "createOne", "query": {
                "arguments": {"data": {"email": next_email("e"), "name": "Engine",
                                       "posts": {"create": posts}}},
                "selection": {"$scalars": true, "posts": {"selection": {"$scalars": true}}}}})
        }
        "create_many_1000" => {
            let rows: Vec<Value> = (0..1_000)
                .map(|i| json!({"title": format!("row {i}"), "views": i, "authorId": 1}))
                .collect();
            json!({"modelName": "Post", "action": "createMany", "query": {
                "arguments": {"data": rows}, "selection": {"count": true}}})
        }
        "update_increment" => json!({"modelName": "Post", "action": "updateOne", "query": {
            "arguments": {"where": {"id": 1}, "data": {"views": {"increment": 1}}},
            "selection": {"$scalars": true}}}),
        other => unreachable!("{other}"),
    }
}

async fn run_engine(engine: &Engine, workload: &str) -> String {
    let body = engine_request(workload).to_string();
    let response = engine.request(EngineProtocol::Json, &body, None).await;
    let text = response.body_text();
    debug_assert_eq!(response.status, 200, "{text}");
    text
}

/// The author of the createMany posts and the post the updates increment: user 1, post 1.
async fn seed(bench: &BenchDatabase) {
    let response = bench
        .engine
        .request(
            EngineProtocol::Json,
            &json!({"modelName": "User", "action": "createOne", "query": {
                "arguments": {"data": {"email": "seed@example.com",
                                       "posts": {"create": [{"title": "counted"}]}}},
                "selection": {"id": true}}})
            .to_string(),
            None,
        )
        .await;
    assert_eq!(response.status, 200, "seed: {}", response.body_text());
}

/// The workload by hand on the raw driver; returns the rows written.
async fn run_raw(driver: &RawDriver, workload: &str) -> usize {
    match driver {
        RawDriver::Sql { driver, postgres } => {
            raw_sql::run(driver.as_ref(), *postgres, workload).await
        }
        RawDriver::Mysql(pool) => raw_mysql::run(pool, workload).await,
    }
}

fn bench_database(c: &mut Criterion, rt: &Runtime, provider: TestProvider) {
    let Some(server_url) = provider.server_url() else {
        return;
    };
    let bench = rt.block_on(async {
        let bench = setup::open(SCHEMA, provider, &server_url, "refract_bench_writes").await;
        seed(&bench).await;
        bench
    });
    let raw = rt.block_on(bench.raw_driver());
    for workload in WORKLOADS {
        // Both sides work before they are measured.
        rt.block_on(async {
            let text = run_engine(&bench.engine, workload).await;
            assert!(!text.contains("\"errors\""), "{workload}: {text}");
            let written = run_raw(&raw, workload).await;
            let expected = match workload {
                "nested_create" => 11,
                "create_many_1000" => 1_000,
                _ => 1,
            };
            assert_eq!(written, expected, "{workload}: raw rows written");
        });
        setup::measure(
            c,
            rt,
            provider,
            workload,
            || run_engine(&bench.engine, workload),
            || run_raw(&raw, workload),
        );
    }
}

fn main() {
    let report = Report::start();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let mut c = report.criterion(10, Duration::from_secs(2));
    for provider in PROVIDERS {
        bench_database(&mut c, &rt, provider);
    }
    c.final_summary();
    report.print(&WORKLOADS);
}
