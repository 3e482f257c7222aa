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
//! engine runs every write in a transaction. The `raw` side is the minimal hand-written SQL through a
//! connection of the same driver, in a transaction (BEGIN .. COMMIT) as well: one `INSERT .. RETURNING`
//! per table (the 10 posts and the 1 000 rows as one multi-row `INSERT`), `UPDATE .. SET views = views + 1
//! .. RETURNING`, with the rows decoded into values.
//!
//! `cargo bench -p refract-tests --bench writes` runs SQLite, and PostgreSQL too when `TEST_POSTGRES_URL`
//! is set; a table of engine/raw ratios is printed at the end (criterion's estimates).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use criterion::{black_box, Criterion};
use engine_core::connector::{ColumnTypes, SqlDriver, TypeIdentifier};
use engine_core::migrate;
use engine_core::protocol::EngineProtocol;
use engine_core::sql::Rendered;
use engine_core::value::PrismaValue;
use engine_core::Engine;
use refract_cli::connect;
use refract_tests::database::{with_provider, TestProvider};
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

const USER_TYPES: [TypeIdentifier; 3] = [
    TypeIdentifier::Int,
    TypeIdentifier::String,
    TypeIdentifier::String,
];
const POST_TYPES: [TypeIdentifier; 4] = [
    TypeIdentifier::Int,
    TypeIdentifier::String,
    TypeIdentifier::Int,
    TypeIdentifier::Int,
];

/// Makes every email unique across iterations and sides.
static NEXT: AtomicU64 = AtomicU64::new(1);

fn next_email(side: &str) -> String {
    format!("{side}{}@example.com", NEXT.fetch_add(1, Ordering::Relaxed))
}

struct Bench {
    provider: TestProvider,
    engine: Engine,
    driver: Box<dyn SqlDriver>,
    _dir: Option<tempfile::TempDir>,
}

fn db_name(provider: TestProvider) -> &'static str {
    match provider {
        TestProvider::Sqlite => "sqlite",
        TestProvider::Postgres => "postgres",
        TestProvider::Mysql => "mysql",
    }
}

async fn open(provider: TestProvider, server_url: &str) -> Bench {
    let schema = with_provider(SCHEMA, provider);
    let validated = schema_core::validate(&schema);
    assert!(!validated.diagnostics.has_errors(), "schema");
    let datamodel = Arc::new(validated.datamodel);
    let base = PathBuf::from(".");
    let sqlite = provider == TestProvider::Sqlite;
    let (url, dir) = if sqlite {
        let dir = tempfile::tempdir().expect("temporary directory");
        let url = format!("file:{}", dir.path().join("bench.db").display());
        (url, Some(dir))
    } else {
        let separator = if server_url.contains('?') { '&' } else { '?' };
        (
            format!("{server_url}{separator}schema=refract_bench_writes"),
            None,
        )
    };
    {
        let driver = connect::open_driver(&datamodel, &url, &base)
            .await
            .expect("open driver");
        migrate::reset_and_push(driver.as_ref(), &datamodel)
            .await
            .expect("push schema");
    }
    let (engine, _connector) = connect::open_engine(datamodel, &url, &base)
        .await
        .expect("open engine");
    let driver: Box<dyn SqlDriver> = if sqlite {
        Box::new(
            connector_sqlite::SqliteDriver::open(&url, Path::new("."))
                .await
                .expect("open raw SQLite driver"),
        )
    } else {
        Box::new(
            connector_postgres::PostgresDriver::connect(&url)
                .await
                .expect("open raw PostgreSQL driver"),
        )
    };
    // The author of the createMany posts and the post the updates increment: user 1, post 1.
    let response = engine
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
    Bench {
        provider,
        engine,
        driver,
        _dir: dir,
    }
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

/// `$n` on PostgreSQL, `?` on SQLite.
fn placeholders(postgres: bool, first: usize, count: usize) -> String {
    (first..first + count)
        .map(|n| {
            if postgres {
                format!("${n}")
            } else {
                "?".to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The same writes as the engine's request, hand-written, in one transaction; returns the rows written.
async fn run_raw(bench: &Bench, workload: &str) -> usize {
    let postgres = bench.provider == TestProvider::Postgres;
    let connection = bench.driver.connection().await.expect("connection");
    let tx = connection.begin(None).await.expect("begin");
    let written = match workload {
        "create_one" => {
            let insert = Rendered {
                sql: format!(
                    "INSERT INTO \"User\" (\"email\", \"name\") VALUES ({}) RETURNING \"id\", \"email\", \"name\"",
                    placeholders(postgres, 1, 2)
                ),
                params: vec![
                    PrismaValue::String(next_email("r")),
                    PrismaValue::String("Raw".into()),
                ],
            };
            let rows = tx
                .query(&insert, ColumnTypes::Known(&USER_TYPES))
                .await
                .expect("insert user");
            rows.rows.len()
        }
        "nested_create" => {
            let insert = Rendered {
                sql: format!(
                    "INSERT INTO \"User\" (\"email\", \"name\") VALUES ({}) RETURNING \"id\", \"email\", \"name\"",
                    placeholders(postgres, 1, 2)
                ),
                params: vec![
                    PrismaValue::String(next_email("r")),
                    PrismaValue::String("Raw".into()),
                ],
            };
            let user = tx
                .query(&insert, ColumnTypes::Known(&USER_TYPES))
                .await
                .expect("insert user");
            let id = user.rows[0][0].clone();
            let mut values = Vec::new();
            let mut params = Vec::new();
            for i in 0..10 {
                values.push(format!("({})", placeholders(postgres, i * 2 + 1, 2)));
                params.push(PrismaValue::String(format!("post {i}")));
                params.push(id.clone());
            }
            let posts = Rendered {
                sql: format!(
                    "INSERT INTO \"Post\" (\"title\", \"authorId\") VALUES {} RETURNING \"id\", \"title\", \"views\", \"authorId\"",
                    values.join(", ")
                ),
                params,
            };
            let posts = tx
                .query(&posts, ColumnTypes::Known(&POST_TYPES))
                .await
                .expect("insert posts");
            1 + posts.rows.len()
        }
        "create_many_1000" => {
            let mut values = Vec::with_capacity(1_000);
            let mut params = Vec::with_capacity(3_000);
            for i in 0..1_000 {
                values.push(format!("({})", placeholders(postgres, i * 3 + 1, 3)));
                params.push(PrismaValue::String(format!("row {i}")));
                params.push(PrismaValue::Int(i as i64));
                params.push(PrismaValue::Int(1));
            }
            let insert = Rendered {
                sql: format!(
                    "INSERT INTO \"Post\" (\"title\", \"views\", \"authorId\") VALUES {}",
                    values.join(", ")
                ),
                params,
            };
            tx.execute(&insert).await.expect("insert rows") as usize
        }
        "update_increment" => {
            let update = Rendered {
                sql: format!(
                    "UPDATE \"Post\" SET \"views\" = \"views\" + 1 WHERE \"id\" = {} RETURNING \"id\", \"title\", \"views\", \"authorId\"",
                    placeholders(postgres, 1, 1)
                ),
                params: vec![PrismaValue::Int(1)],
            };
            let rows = tx
                .query(&update, ColumnTypes::Known(&POST_TYPES))
                .await
                .expect("update");
            rows.rows.len()
        }
        other => unreachable!("{other}"),
    };
    tx.commit().await.expect("commit");
    written
}

fn bench_database(c: &mut Criterion, rt: &Runtime, provider: TestProvider) {
    let Some(server_url) = provider.server_url() else {
        return;
    };
    let bench = rt.block_on(open(provider, &server_url));
    for workload in WORKLOADS {
        // Both sides work before they are measured.
        rt.block_on(async {
            let text = run_engine(&bench.engine, workload).await;
            assert!(!text.contains("\"errors\""), "{workload}: {text}");
            let written = run_raw(&bench, workload).await;
            let expected = match workload {
                "nested_create" => 11,
                "create_many_1000" => 1_000,
                _ => 1,
            };
            assert_eq!(written, expected, "{workload}: raw rows written");
        });
        let mut group = c.benchmark_group(format!("{}_{workload}", db_name(provider)));
        group.bench_function("engine", |b| {
            b.to_async(rt)
                .iter(|| async { black_box(run_engine(&bench.engine, workload).await) })
        });
        group.bench_function("raw", |b| {
            b.to_async(rt)
                .iter(|| async { black_box(run_raw(&bench, workload).await) })
        });
        group.finish();
    }
}

/// Where criterion writes its estimates: `$CARGO_TARGET_DIR/criterion`, else next to the bench binary's
/// target directory.
fn criterion_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(target).join("criterion");
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.ancestors().nth(3).map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("target"))
        .join("criterion")
}

fn estimate(dir: &Path, group: &str, function: &str) -> Option<f64> {
    let path = dir.join(group).join(function).join("new/estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    let value: Value = serde_json::from_str(&text).ok()?;
    ["slope", "mean"]
        .iter()
        .find_map(|key| value.get(key)?.get("point_estimate")?.as_f64())
}

fn format_ns(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else {
        format!("{:.1} µs", ns / 1e3)
    }
}

fn print_ratios(dir: &Path, started: std::time::SystemTime) {
    println!("\nengine / raw (criterion point estimates, this run)");
    println!(
        "{:<10} {:<18} {:>12} {:>12} {:>7}",
        "database", "workload", "engine", "raw", "ratio"
    );
    for provider in [TestProvider::Sqlite, TestProvider::Postgres] {
        for workload in WORKLOADS {
            let group = format!("{}_{workload}", db_name(provider));
            let fresh = |function: &str| {
                let path = dir.join(&group).join(function).join("new/estimates.json");
                std::fs::metadata(path)
                    .and_then(|m| m.modified())
                    .map(|m| m >= started)
                    .unwrap_or(false)
            };
            if !fresh("engine") || !fresh("raw") {
                continue;
            }
            if let (Some(engine), Some(raw)) = (
                estimate(dir, &group, "engine"),
                estimate(dir, &group, "raw"),
            ) {
                println!(
                    "{:<10} {:<18} {:>12} {:>12} {:>6.2}x",
                    db_name(provider),
                    workload,
                    format_ns(engine),
                    format_ns(raw),
                    engine / raw
                );
            }
        }
    }
}

fn main() {
    let started = std::time::SystemTime::now();
    let dir = criterion_dir();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2))
        .output_directory(&dir)
        .configure_from_args();
    bench_database(&mut c, &rt, TestProvider::Sqlite);
    bench_database(&mut c, &rt, TestProvider::Postgres);
    c.final_summary();
    print_ratios(&dir, started);
}
