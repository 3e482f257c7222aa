//! Read benchmarks: the engine against the raw driver doing the same work, in the same process, on the
//! same data.
//!
//! Each workload runs twice per database:
//! - `engine`: a JSON-protocol request through [`Engine::request`], then the response text
//!   ([`Response::body_text`](engine_core::Response::body_text)), which is what the query-engine server
//!   writes;
//! - `raw`: the minimal hand-written SQL, one statement per relation level (`IN` lists on SQLite and
//!   MySQL, `= ANY($1)` on PostgreSQL for nested levels, `ROW_NUMBER()` for the nested take), the rows
//!   decoded into plain structs, the children stitched to their parents in hash maps, the same response
//!   built with serde_json and serialized. SQLite and PostgreSQL run it through the engine's own driver
//!   crates ([`raw_sql`]); MySQL through `mysql_async` itself, with prepared statements ([`raw_mysql`]).
//!   Before measuring, both answers are checked to be the same text.
//!
//! `cargo bench -p refract-tests --bench reads` runs SQLite, PostgreSQL when `TEST_POSTGRES_URL` is set
//! and MySQL when `TEST_MYSQL_URL` is set. At the end a table of engine/raw ratios is printed (from
//! criterion's estimates). Arguments after `--` are criterion's (e.g. a filter such as `mysql_include`,
//! or `--warm-up-time 1 --measurement-time 3`).

mod common;
#[path = "reads/raw_mysql.rs"]
mod raw_mysql;
#[path = "reads/raw_sql.rs"]
mod raw_sql;

use std::collections::HashMap;
use std::time::Duration;

use common::report::Report;
use common::setup::{self, RawDriver, PROVIDERS};
use criterion::Criterion;
use engine_core::protocol::EngineProtocol;
use engine_core::Engine;
use refract_tests::database::TestProvider;
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
// The raw baseline: what a hand-written data layer does, with the rows as plain structs.
// ---------------------------------------------------------------------------------------------------------

/// A `User` row.
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: Option<String>,
}

/// A `Post` row.
pub struct Post {
    pub id: i64,
    pub title: String,
    pub views: i64,
    pub author_id: i64,
}

/// A `Comment` row.
pub struct Comment {
    pub id: i64,
    pub body: String,
    pub post_id: i64,
}

impl User {
    fn into_json(self) -> Map<String, Value> {
        let mut map = Map::with_capacity(4);
        map.insert("id".to_owned(), Value::from(self.id));
        map.insert("email".to_owned(), Value::String(self.email));
        map.insert(
            "name".to_owned(),
            self.name.map_or(Value::Null, Value::String),
        );
        map
    }
}

impl Post {
    fn into_json(self) -> Map<String, Value> {
        let mut map = Map::with_capacity(5);
        map.insert("id".to_owned(), Value::from(self.id));
        map.insert("title".to_owned(), Value::String(self.title));
        map.insert("views".to_owned(), Value::from(self.views));
        map.insert("authorId".to_owned(), Value::from(self.author_id));
        map
    }
}

impl Comment {
    fn into_json(self) -> Map<String, Value> {
        let mut map = Map::with_capacity(3);
        map.insert("id".to_owned(), Value::from(self.id));
        map.insert("body".to_owned(), Value::String(self.body));
        map.insert("postId".to_owned(), Value::from(self.post_id));
        map
    }
}

/// One connection of the raw side, checked out per iteration like the engine does.
enum RawConnection {
    Sql(raw_sql::SqlReader),
    Mysql(raw_mysql::MysqlReader),
}

impl RawConnection {
    async fn open(driver: &RawDriver) -> RawConnection {
        match driver {
            RawDriver::Sql { driver, postgres } => {
                RawConnection::Sql(raw_sql::SqlReader::open(driver.as_ref(), *postgres).await)
            }
            RawDriver::Mysql(pool) => {
                RawConnection::Mysql(raw_mysql::MysqlReader::open(pool).await)
            }
        }
    }

    /// The user with this id.
    async fn user(&mut self, id: i64) -> Option<User> {
        match self {
            RawConnection::Sql(reader) => reader.user(id).await,
            RawConnection::Mysql(reader) => reader.user(id).await,
        }
    }

    /// The first `take` users by id.
    async fn users(&mut self, take: usize) -> Vec<User> {
        match self {
            RawConnection::Sql(reader) => reader.users(take).await,
            RawConnection::Mysql(reader) => reader.users(take).await,
        }
    }

    /// The posts of these authors in id order; with `take`, only each author's first `take`.
    async fn posts(&mut self, authors: &[i64], take: Option<usize>) -> Vec<Post> {
        match self {
            RawConnection::Sql(reader) => reader.posts(authors, take).await,
            RawConnection::Mysql(reader) => reader.posts(authors, take).await,
        }
    }

    /// The comments of these posts in id order.
    async fn comments(&mut self, posts: &[i64]) -> Vec<Comment> {
        match self {
            RawConnection::Sql(reader) => reader.comments(posts).await,
            RawConnection::Mysql(reader) => reader.comments(posts).await,
        }
    }
}

/// The first 100 users with their posts (the first 3 of each with `take`), and the posts' comments when
/// asked, as the response's list.
async fn users_with_posts(
    conn: &mut RawConnection,
    take: Option<usize>,
    with_comments: bool,
) -> Value {
    let users = conn.users(100).await;
    let ids: Vec<i64> = users.iter().map(|user| user.id).collect();
    let posts = conn.posts(&ids, take).await;
    let mut comments: HashMap<i64, Vec<Value>> = HashMap::new();
    if with_comments {
        let post_ids: Vec<i64> = posts.iter().map(|post| post.id).collect();
        comments.reserve(post_ids.len());
        for comment in conn.comments(&post_ids).await {
            comments
                .entry(comment.post_id)
                .or_default()
                .push(Value::Object(comment.into_json()));
        }
    }
    let mut by_author: HashMap<i64, Vec<Value>> = HashMap::with_capacity(ids.len());
    for post in posts {
        let (id, author) = (post.id, post.author_id);
        let mut object = post.into_json();
        if with_comments {
            let list = comments.remove(&id).unwrap_or_default();
            object.insert("comments".to_owned(), Value::Array(list));
        }
        by_author
            .entry(author)
            .or_default()
            .push(Value::Object(object));
    }
    let list = users
        .into_iter()
        .map(|user| {
            let id = user.id;
            let mut object = user.into_json();
            let mine = by_author.remove(&id).unwrap_or_default();
            object.insert("posts".to_owned(), Value::Array(mine));
            Value::Object(object)
        })
        .collect();
    Value::Array(list)
}

/// The workload by hand: the same reads, the same response text.
async fn run_raw(driver: &RawDriver, workload: &str) -> String {
    let mut conn = RawConnection::open(driver).await;
    let (key, data) = match workload {
        "find_unique" => {
            let user = conn.user(42).await;
            let user = user.map_or(Value::Null, |user| Value::Object(user.into_json()));
            ("findUniqueUser", user)
        }
        "find_many_100" | "find_many_10000" => {
            let take = if workload == "find_many_100" {
                100
            } else {
                10_000
            };
            let list = conn
                .users(take)
                .await
                .into_iter()
                .map(|user| Value::Object(user.into_json()))
                .collect();
            ("findManyUser", Value::Array(list))
        }
        "include_posts" => (
            "findManyUser",
            users_with_posts(&mut conn, None, false).await,
        ),
        "include_posts_comments" => (
            "findManyUser",
            users_with_posts(&mut conn, None, true).await,
        ),
        "nested_take_3" => (
            "findManyUser",
            users_with_posts(&mut conn, Some(3), false).await,
        ),
        other => panic!("unknown workload {other}"),
    };
    let mut inner = Map::with_capacity(1);
    inner.insert(key.to_owned(), data);
    let mut outer = Map::with_capacity(1);
    outer.insert("data".to_owned(), Value::Object(inner));
    serde_json::to_string(&Value::Object(outer)).expect("serialize")
}

// ---------------------------------------------------------------------------------------------------------
// Criterion driver.
// ---------------------------------------------------------------------------------------------------------

fn bench_database(c: &mut Criterion, rt: &Runtime, provider: TestProvider) {
    let Some(server_url) = provider.server_url() else {
        return;
    };
    let bench = rt.block_on(async {
        let bench = setup::open(SCHEMA, provider, &server_url, "refract_bench_reads").await;
        seed(&bench.engine).await;
        bench
    });
    let raw = rt.block_on(bench.raw_driver());
    for workload in WORKLOADS {
        let body = request(workload);
        // Both sides must give the same answer, byte for byte.
        let (engine_text, raw_text) = rt.block_on(async {
            (
                run_engine(&bench.engine, &body).await,
                run_raw(&raw, workload).await,
            )
        });
        assert_eq!(
            engine_text,
            raw_text,
            "{} {workload}: engine and raw answers differ",
            provider.name()
        );
        setup::measure(
            c,
            rt,
            provider,
            workload,
            || run_engine(&bench.engine, &body),
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
    let mut c = report.criterion(20, Duration::from_secs(3));
    for provider in PROVIDERS {
        bench_database(&mut c, &rt, provider);
    }
    c.final_summary();
    report.print(&WORKLOADS);
}
