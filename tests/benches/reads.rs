//! Read benchmarks: the engine against the raw driver doing the same work, in the same process, on the
//! same data.
//!
//! Each workload runs twice per database:
//! - `engine`: a JSON-protocol request through [`Engine::request`], then the response text
//!   ([`Response::body_text`]), which is what the query-engine server writes;
//! - `raw`: the minimal hand-written SQL through the same driver (one statement per relation level, `IN`
//!   lists on SQLite and `= ANY($1)` on PostgreSQL for nested levels, `ROW_NUMBER()` for the nested take),
//!   the children stitched to their parents in hash maps, the same response built with serde_json and
//!   serialized. Before measuring, both answers are checked to be the same text.
//!
//! `cargo bench -p refract-tests --bench reads` runs SQLite, and PostgreSQL too when `TEST_POSTGRES_URL` is
//! set. At the end a table of engine/raw ratios is printed (from criterion's estimates). Arguments after
//! `--` are criterion's (e.g. a filter such as `sqlite_include`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
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
use serde_json::{json, Map, Value};
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
  id       Int       @id @default(autoincrement())
  title    String
  views    Int       @default(0)
  authorId Int
  author   User      @relation(fields: [authorId], references: [id])
  comments Comment[]

  @@index([authorId])
}

model Comment {
  id     Int    @id @default(autoincrement())
  body   String
  postId Int
  post   Post   @relation(fields: [postId], references: [id])

  @@index([postId])
}
"#;

/// Users in the database; `findMany` of 10 000 rows reads all of them.
const USERS: usize = 10_000;
/// The first users (by id) have posts; the relation workloads read the first 100 users.
const USERS_WITH_POSTS: usize = 1_000;
const POSTS_PER_USER: usize = 10;
const COMMENTS_PER_POST: usize = 2;
/// Rows per `createMany` request while seeding.
const SEED_CHUNK: usize = 2_000;

/// The workloads, in report order.
const WORKLOADS: [&str; 6] = [
    "find_unique",
    "find_many_100",
    "find_many_10000",
    "include_posts",
    "include_posts_comments",
    "nested_take_3",
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
const COMMENT_TYPES: [TypeIdentifier; 3] = [
    TypeIdentifier::Int,
    TypeIdentifier::String,
    TypeIdentifier::Int,
];

/// One database, open twice: through the engine and as a bare driver.
struct Bench {
    provider: TestProvider,
    engine: Engine,
    driver: Box<dyn SqlDriver>,
    _dir: Option<tempfile::TempDir>,
}

async fn open(provider: TestProvider, server_url: &str) -> Bench {
    let schema = with_provider(SCHEMA, provider);
    let validated = schema_core::validate(&schema);
    assert!(
        !validated.diagnostics.has_errors(),
        "{}",
        validated
            .diagnostics
            .render_errors("schema.prisma", &schema)
    );
    let datamodel = Arc::new(validated.datamodel);
    let base = PathBuf::from(".");
    // Only SQLite and PostgreSQL have a raw baseline here.
    let sqlite = provider == TestProvider::Sqlite;
    let (url, dir) = if sqlite {
        let dir = tempfile::tempdir().expect("temporary directory");
        let url = format!("file:{}", dir.path().join("bench.db").display());
        (url, Some(dir))
    } else {
        let separator = if server_url.contains('?') { '&' } else { '?' };
        (
            format!("{server_url}{separator}schema=refract_bench_reads"),
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
    let bench = Bench {
        provider,
        engine,
        driver,
        _dir: dir,
    };
    seed(&bench.engine).await;
    bench
}

async fn create_many(engine: &Engine, model: &str, rows: Vec<Value>) {
    for chunk in rows.chunks(SEED_CHUNK) {
        let body = json!({
            "modelName": model,
            "action": "createMany",
            "query": {"arguments": {"data": chunk}, "selection": {"count": true}},
        });
        let response = engine
            .request(EngineProtocol::Json, &body.to_string(), None)
            .await;
        assert_eq!(
            response.status,
            200,
            "seeding {model}: {}",
            response.body_text()
        );
    }
}

/// Users 1..=10 000 (every third without a name), 10 posts for each of the first 1 000, 2 comments per
/// post. Ids are autoincremented in insertion order, so user `u`'s posts are `(u-1)*10+1 ..= u*10`.
async fn seed(engine: &Engine) {
    let users = (1..=USERS)
        .map(|i| {
            if i % 3 == 0 {
                json!({"email": format!("user{i}@example.com")})
            } else {
                json!({"email": format!("user{i}@example.com"), "name": format!("User number {i}")})
            }
        })
        .collect();
    create_many(engine, "User", users).await;
    let posts = (1..=USERS_WITH_POSTS)
        .flat_map(|user| {
            (0..POSTS_PER_USER).map(move |n| {
                json!({"title": format!("Post {n} of user {user}"), "views": (user * 7 + n) % 1000, "authorId": user})
            })
        })
        .collect();
    create_many(engine, "Post", posts).await;
    let comments = (1..=USERS_WITH_POSTS * POSTS_PER_USER)
        .flat_map(|post| {
            (0..COMMENTS_PER_POST).map(
                move |n| json!({"body": format!("Comment {n} on post {post}"), "postId": post}),
            )
        })
        .collect();
    create_many(engine, "Comment", comments).await;
}

/// The JSON-protocol request of a workload.
fn request(workload: &str) -> String {
    let by_id = json!([{"id": "asc"}]);
    let users = |take: usize, selection: Value| {
        json!({
            "modelName": "User",
            "action": "findMany",
            "query": {"arguments": {"take": take, "orderBy": by_id}, "selection": selection},
        })
    };
    let body = match workload {
        "find_unique" => json!({
            "modelName": "User",
            "action": "findUnique",
            "query": {"arguments": {"where": {"id": 42}}, "selection": {"$scalars": true}},
        }),
        "find_many_100" => users(100, json!({"$scalars": true})),
        "find_many_10000" => users(10_000, json!({"$scalars": true})),
        "include_posts" => users(
            100,
            json!({"$scalars": true, "posts": {"arguments": {"orderBy": by_id}, "selection": {"$scalars": true}}}),
        ),
        "include_posts_comments" => users(
            100,
            json!({"$scalars": true, "posts": {
                "arguments": {"orderBy": by_id},
                "selection": {"$scalars": true, "comments": {"arguments": {"orderBy": by_id}, "selection": {"$scalars": true}}},
            }}),
        ),
        "nested_take_3" => users(
            100,
            json!({"$scalars": true, "posts": {"arguments": {"take": 3, "orderBy": by_id}, "selection": {"$scalars": true}}}),
        ),
        other => panic!("unknown workload {other}"),
    };
    body.to_string()
}

async fn run_engine(engine: &Engine, body: &str) -> String {
    let response = engine.request(EngineProtocol::Json, body, None).await;
    response.body_text()
}

// ---------------------------------------------------------------------------------------------------------
// The raw baseline: what a hand-written data layer on the same driver does.
// ---------------------------------------------------------------------------------------------------------

fn int(value: &PrismaValue) -> i64 {
    match value {
        PrismaValue::Int(i) | PrismaValue::BigInt(i) => *i,
        other => panic!("expected an integer, got {other:?}"),
    }
}

fn to_json(value: PrismaValue) -> Value {
    match value {
        PrismaValue::Null => Value::Null,
        PrismaValue::Int(i) | PrismaValue::BigInt(i) => Value::from(i),
        PrismaValue::String(s) => Value::String(s),
        other => panic!("unexpected value {other:?}"),
    }
}

/// A row as a response object, under the given keys.
fn object(keys: &[&str], row: Vec<PrismaValue>) -> Map<String, Value> {
    let mut map = Map::with_capacity(keys.len() + 1);
    for (key, value) in keys.iter().zip(row) {
        map.insert((*key).to_owned(), to_json(value));
    }
    map
}

const USER_KEYS: [&str; 3] = ["id", "email", "name"];
const POST_KEYS: [&str; 4] = ["id", "title", "views", "authorId"];
const COMMENT_KEYS: [&str; 3] = ["id", "body", "postId"];

struct Raw<'a> {
    driver: &'a dyn SqlDriver,
    postgres: bool,
}

impl Raw<'_> {
    /// `column IN (?, ?, ..)` on SQLite, `column = ANY($1)` on PostgreSQL, with its parameters.
    fn any_of(&self, column: &str, keys: &[i64]) -> (String, Vec<PrismaValue>) {
        if self.postgres {
            let list = keys.iter().map(|k| PrismaValue::Int(*k)).collect();
            (
                format!("\"{column}\" = ANY($1)"),
                vec![PrismaValue::List(list)],
            )
        } else {
            let mut sql = format!("\"{column}\" IN (");
            for i in 0..keys.len() {
                sql.push_str(if i == 0 { "?" } else { ",?" });
            }
            sql.push(')');
            (sql, keys.iter().map(|k| PrismaValue::Int(*k)).collect())
        }
    }

    fn param(&self) -> &'static str {
        if self.postgres {
            "$1"
        } else {
            "?"
        }
    }

    async fn query(
        &self,
        conn: &dyn engine_core::connector::SqlConnection,
        sql: String,
        params: Vec<PrismaValue>,
        types: &[TypeIdentifier],
    ) -> Vec<Vec<PrismaValue>> {
        conn.query(&Rendered { sql, params }, ColumnTypes::Known(types))
            .await
            .expect("raw query")
            .rows
    }

    /// The users of `findMany(take, orderBy id)` (all their rows), and their ids.
    async fn users(
        &self,
        conn: &dyn engine_core::connector::SqlConnection,
        take: usize,
    ) -> Vec<Vec<PrismaValue>> {
        let sql = format!(
            "SELECT \"id\", \"email\", \"name\" FROM \"User\" ORDER BY \"id\" LIMIT {}",
            self.param()
        );
        self.query(conn, sql, vec![PrismaValue::Int(take as i64)], &USER_TYPES)
            .await
    }

    /// Posts of the given users, grouped by author, each in id order (`nested_take`: only the first n).
    async fn posts_by_author(
        &self,
        conn: &dyn engine_core::connector::SqlConnection,
        authors: &[i64],
        take: Option<usize>,
        with_comments: bool,
    ) -> HashMap<i64, Vec<Value>> {
        let (condition, params) = self.any_of("authorId", authors);
        let sql = match take {
            None => format!(
                "SELECT \"id\", \"title\", \"views\", \"authorId\" FROM \"Post\" WHERE {condition} ORDER BY \"id\""
            ),
            Some(n) => format!(
                "SELECT \"id\", \"title\", \"views\", \"authorId\" FROM (SELECT \"id\", \"title\", \"views\", \"authorId\", \
                 ROW_NUMBER() OVER (PARTITION BY \"authorId\" ORDER BY \"id\") AS rn FROM \"Post\" WHERE {condition}) AS p \
                 WHERE rn <= {n} ORDER BY \"id\""
            ),
        };
        let rows = self.query(conn, sql, params, &POST_TYPES).await;
        let mut comments = if with_comments {
            let ids: Vec<i64> = rows.iter().map(|row| int(&row[0])).collect();
            self.comments_by_post(conn, &ids).await
        } else {
            HashMap::new()
        };
        let mut grouped: HashMap<i64, Vec<Value>> = HashMap::with_capacity(authors.len());
        for row in rows {
            let id = int(&row[0]);
            let author = int(&row[3]);
            let mut post = object(&POST_KEYS, row);
            if with_comments {
                let list = comments.remove(&id).unwrap_or_default();
                post.insert("comments".to_owned(), Value::Array(list));
            }
            grouped.entry(author).or_default().push(Value::Object(post));
        }
        grouped
    }

    async fn comments_by_post(
        &self,
        conn: &dyn engine_core::connector::SqlConnection,
        posts: &[i64],
    ) -> HashMap<i64, Vec<Value>> {
        let (condition, params) = self.any_of("postId", posts);
        let sql = format!(
            "SELECT \"id\", \"body\", \"postId\" FROM \"Comment\" WHERE {condition} ORDER BY \"id\""
        );
        let rows = self.query(conn, sql, params, &COMMENT_TYPES).await;
        let mut grouped: HashMap<i64, Vec<Value>> = HashMap::with_capacity(posts.len());
        for row in rows {
            let post = int(&row[2]);
            grouped
                .entry(post)
                .or_default()
                .push(Value::Object(object(&COMMENT_KEYS, row)));
        }
        grouped
    }

    async fn run(&self, workload: &str) -> String {
        let conn = self.driver.connection().await.expect("raw connection");
        let conn = conn.as_ref();
        let (key, data) = match workload {
            "find_unique" => {
                let sql = format!(
                    "SELECT \"id\", \"email\", \"name\" FROM \"User\" WHERE \"id\" = {}",
                    self.param()
                );
                let rows = self
                    .query(conn, sql, vec![PrismaValue::Int(42)], &USER_TYPES)
                    .await;
                let user = rows
                    .into_iter()
                    .next()
                    .map(|row| Value::Object(object(&USER_KEYS, row)))
                    .unwrap_or(Value::Null);
                ("findUniqueUser", user)
            }
            "find_many_100" | "find_many_10000" => {
                let take = if workload == "find_many_100" {
                    100
                } else {
                    10_000
                };
                let users = self.users(conn, take).await;
                let list = users
                    .into_iter()
                    .map(|row| Value::Object(object(&USER_KEYS, row)))
                    .collect();
                ("findManyUser", Value::Array(list))
            }
            "include_posts" | "include_posts_comments" | "nested_take_3" => {
                let users = self.users(conn, 100).await;
                let ids: Vec<i64> = users.iter().map(|row| int(&row[0])).collect();
                let take = (workload == "nested_take_3").then_some(3);
                let mut posts = self
                    .posts_by_author(conn, &ids, take, workload == "include_posts_comments")
                    .await;
                let list = users
                    .into_iter()
                    .map(|row| {
                        let id = int(&row[0]);
                        let mut user = object(&USER_KEYS, row);
                        let mine = posts.remove(&id).unwrap_or_default();
                        user.insert("posts".to_owned(), Value::Array(mine));
                        Value::Object(user)
                    })
                    .collect();
                ("findManyUser", Value::Array(list))
            }
            other => panic!("unknown workload {other}"),
        };
        let mut inner = Map::with_capacity(1);
        inner.insert(key.to_owned(), data);
        let mut outer = Map::with_capacity(1);
        outer.insert("data".to_owned(), Value::Object(inner));
        serde_json::to_string(&Value::Object(outer)).expect("serialize")
    }
}

// ---------------------------------------------------------------------------------------------------------
// Criterion driver and the ratio table.
// ---------------------------------------------------------------------------------------------------------

/// The database part of the benchmark names: `sqlite`, `postgresql`.
fn db_name(provider: TestProvider) -> &'static str {
    provider.name()
}

fn bench_database(c: &mut Criterion, rt: &Runtime, provider: TestProvider) {
    let Some(server_url) = provider.server_url() else {
        return;
    };
    let bench = rt.block_on(open(provider, &server_url));
    let raw = Raw {
        driver: bench.driver.as_ref(),
        postgres: bench.provider == TestProvider::Postgres,
    };
    for workload in WORKLOADS {
        let body = request(workload);
        // Both sides must give the same answer, byte for byte.
        let (engine_text, raw_text) = rt.block_on(async {
            (
                run_engine(&bench.engine, &body).await,
                raw.run(workload).await,
            )
        });
        assert_eq!(
            engine_text,
            raw_text,
            "{} {workload}: engine and raw answers differ",
            db_name(provider)
        );
        let mut group = c.benchmark_group(format!("{}_{workload}", db_name(provider)));
        group.bench_function("engine", |b| {
            b.to_async(rt)
                .iter(|| async { black_box(run_engine(&bench.engine, &body).await) })
        });
        group.bench_function("raw", |b| {
            b.to_async(rt)
                .iter(|| async { black_box(raw.run(workload).await) })
        });
        group.finish();
    }
}

/// Where criterion writes its estimates: `$CARGO_TARGET_DIR/criterion`, else next to the bench binary's
/// target directory (`<target>/release/deps/reads-<hash>`).
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

/// The point estimate (ns per iteration) criterion wrote for one benchmark: the regression slope when it
/// has one, else the mean.
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
        "{:<10} {:<24} {:>12} {:>12} {:>7}",
        "database", "workload", "engine", "raw", "ratio"
    );
    for provider in [TestProvider::Sqlite, TestProvider::Postgres] {
        for workload in WORKLOADS {
            let group = format!("{}_{workload}", db_name(provider));
            // Only results this run wrote (a filter may have skipped some).
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
                    "{:<10} {:<24} {:>12} {:>12} {:>6.2}x",
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
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .output_directory(&dir)
        .configure_from_args();
    bench_database(&mut c, &rt, TestProvider::Sqlite);
    bench_database(&mut c, &rt, TestProvider::Postgres);
    c.final_summary();
    print_ratios(&dir, started);
}
