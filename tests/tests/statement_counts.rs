//! Round trips and memory of reads, measured through the engine.
//!
//! - A nested include (users → posts → comments) costs one statement per relation level, whether it reads
//!   10 users or 10 000: the statement count grows with the depth of the selection, never with the rows.
//! - `findMany` of 100 000 rows works, and its peak memory stays within a bound of the response size (the
//!   figures are printed; run with `--nocapture` to see them).

use std::sync::Mutex;
use std::time::Instant;

use engine_core::protocol::EngineProtocol;
use engine_core::Engine;
use refract_tests::database::{fresh_database, with_provider, TestDatabase, TestProvider};
use serde_json::{json, Value};

const SCHEMA: &str = r#"
datasource db {
  provider = "sqlite"
  url      = "file:./dev.db"
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
}

model Comment {
  id     Int    @id @default(autoincrement())
  body   String
  postId Int
  post   Post   @relation(fields: [postId], references: [id])
}
"#;

/// The tests of this file run one at a time: the memory test reads the process's peak memory, which a test
/// running beside it would raise.
static SERIAL: Mutex<()> = Mutex::new(());

const SEED_CHUNK: usize = 5_000;

async fn database(provider: TestProvider, name: &str) -> Option<TestDatabase> {
    let server_url = provider.server_url()?;
    let schema = with_provider(SCHEMA, provider);
    Some(
        fresh_database(&schema, provider, &server_url, name)
            .await
            .unwrap_or_else(|error| panic!("{}: {error}", provider.name())),
    )
}

async fn request(engine: &Engine, body: &Value) -> String {
    let response = engine
        .request(EngineProtocol::Json, &body.to_string(), None)
        .await;
    let text = response.body_text();
    assert_eq!(response.status, 200, "{text}");
    text
}

async fn create_many(engine: &Engine, model: &str, rows: Vec<Value>) {
    for chunk in rows.chunks(SEED_CHUNK) {
        let body = json!({
            "modelName": model,
            "action": "createMany",
            "query": {"arguments": {"data": chunk}, "selection": {"count": true}},
        });
        request(engine, &body).await;
    }
}

/// `users` users, each with `posts` posts, each with `comments` comments. Ids follow insertion order.
async fn seed(engine: &Engine, users: usize, posts: usize, comments: usize) {
    let user_rows = (1..=users)
        .map(|i| json!({"email": format!("u{i}@example.com"), "name": format!("User {i}")}))
        .collect();
    create_many(engine, "User", user_rows).await;
    let post_rows = (1..=users)
        .flat_map(|user| {
            (0..posts).map(move |n| json!({"title": format!("P{n}"), "views": n, "authorId": user}))
        })
        .collect();
    create_many(engine, "Post", post_rows).await;
    let comment_rows = (1..=users * posts)
        .flat_map(|post| {
            (0..comments).map(move |n| json!({"body": format!("C{n}"), "postId": post}))
        })
        .collect();
    create_many(engine, "Comment", comment_rows).await;
}

fn nested_include() -> Value {
    json!({
        "modelName": "User",
        "action": "findMany",
        "query": {
            "arguments": {"orderBy": [{"id": "asc"}]},
            "selection": {
                "$scalars": true,
                "posts": {"arguments": {}, "selection": {
                    "$scalars": true,
                    "comments": {"arguments": {}, "selection": {"$scalars": true}},
                }},
            },
        },
    })
}

/// Seeds `users` users (2 posts each, 1 comment per post) and checks that reading them all with their
/// posts and comments takes exactly 3 statements.
async fn include_costs_one_statement_per_level(provider: TestProvider, users: usize) {
    let name = format!("refract_statement_counts_{users}");
    let Some(db) = database(provider, &name).await else {
        return;
    };
    seed(&db.engine, users, 2, 1).await;

    let before = db.connector.statement_count();
    let text = request(&db.engine, &nested_include()).await;
    let statements = db.connector.statement_count() - before;

    let body: Value = serde_json::from_str(&text).expect("response is JSON");
    let read = body["data"]["findManyUser"]
        .as_array()
        .expect("a list of users");
    assert_eq!(read.len(), users);
    let posts: usize = read
        .iter()
        .map(|user| user["posts"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(posts, users * 2);
    assert_eq!(
        read[users - 1]["posts"][1]["comments"][0]["postId"],
        json!(users * 2),
        "the last post's comment is stitched to it"
    );
    println!(
        "{}: users → posts → comments for {users} users: {statements} statements",
        provider.name()
    );
    assert_eq!(
        statements,
        3,
        "{}: one statement per relation level (users, posts, comments) for {users} users",
        provider.name()
    );
}

/// Runs `test` on its own runtime while holding [`SERIAL`].
fn serially<F: std::future::Future<Output = ()>>(test: F) {
    let _serial = SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
        .block_on(test);
}

#[test]
fn nested_include_is_one_statement_per_level() {
    serially(async {
        for provider in [TestProvider::Sqlite, TestProvider::Postgres] {
            for users in [10, 10_000] {
                include_costs_one_statement_per_level(provider, users).await;
            }
        }
    });
}

/// The process's peak resident set size so far (`VmHWM`), in KiB.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// Resets `VmHWM` to the current resident size (Linux 4.0+); a no-op where that is not allowed.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

#[test]
fn find_many_of_100_000_rows_on_sqlite() {
    serially(find_many_of_100_000_rows());
}

async fn find_many_of_100_000_rows() {
    const ROWS: usize = 100_000;
    let db = database(TestProvider::Sqlite, "find_many_100k")
        .await
        .expect("SQLite needs no server");
    let users = (1..=ROWS)
        .map(|i| json!({"email": format!("user{i}@example.com"), "name": format!("User number {i}")}))
        .collect();
    create_many(&db.engine, "User", users).await;

    let body = json!({
        "modelName": "User",
        "action": "findMany",
        "query": {"arguments": {"orderBy": [{"id": "asc"}]}, "selection": {"$scalars": true}},
    });
    reset_peak_rss();
    let before = peak_rss_kib();
    let started = Instant::now();
    let text = request(&db.engine, &body).await;
    let elapsed = started.elapsed();
    let after = peak_rss_kib();

    assert!(text.starts_with(r#"{"data":{"findManyUser":[{"id":1,"#));
    assert!(text.ends_with(&format!(
        r#"{{"id":{ROWS},"email":"user{ROWS}@example.com","name":"User number {ROWS}"}}]}}}}"#
    )));
    let size = text.len() as u64;
    println!(
        "findMany of {ROWS} rows on SQLite: response {} bytes ({:.1} MiB) in {elapsed:.2?}",
        size,
        size as f64 / (1024.0 * 1024.0)
    );
    if let (Some(before), Some(after)) = (before, after) {
        let grown = after.saturating_sub(before) * 1024;
        println!(
            "peak RSS (VmHWM): {before} KiB before, {after} KiB after: +{:.1} MiB, {:.1}x the response size",
            grown as f64 / (1024.0 * 1024.0),
            grown as f64 / size as f64
        );
        assert!(
            grown < 20 * size,
            "reading {ROWS} rows raised the peak RSS by {grown} bytes, over 20x the {size}-byte response"
        );
    } else {
        println!("VmHWM is not available here: memory not measured");
    }
}
