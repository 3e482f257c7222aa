//! A failure in the middle of a nested write leaves the database unchanged.
//!
//! The engine runs on a driver that delegates to the real SQLite (or PostgreSQL, when `TEST_POSTGRES_URL` is
//! set) driver but fails one chosen statement. A nested create of a user with 10 posts is first run without
//! a failure to learn how many statements it sends; then, on an emptied database, it is run once per
//! statement position with that statement failing, either with a database error or as a lost connection
//! (the transaction is dropped without commit and every later statement fails). After each attempt a fresh
//! read, through a connector on the unwrapped driver, finds no user and no post.

use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use engine_core::connector::{
    ColumnTypes, DatabaseError, IsolationLevel, ResultSet, SqlConnection, SqlDriver, SqlQueryable,
    SqlTransaction,
};
use engine_core::migrate;
use engine_core::protocol::EngineProtocol;
use engine_core::sql::{Dialect, Rendered};
use engine_core::sql_connector::SqlConnector;
use engine_core::Engine;
use refract_tests::database::{with_provider, TestProvider};
use schema_core::Datamodel;
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
  id       Int    @id @default(autoincrement())
  title    String
  authorId Int
  author   User   @relation(fields: [authorId], references: [id])
}
"#;

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// How the chosen statement fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Failure {
    /// The statement returns a database error; the connection stays usable.
    Error,
    /// The connection is gone: the statement and every later one fail, and commit is refused.
    ConnectionLost,
}

/// What every connection of the injecting driver shares.
struct Plan {
    /// Statements sent so far (query, execute and raw execute alike), counted from 1.
    sent: AtomicUsize,
    /// The statement to fail (counted like `sent`); 0 fails none.
    fail_at: AtomicUsize,
    /// Whether a lost connection has been simulated: from then on everything fails.
    lost: AtomicBool,
    mode: std::sync::Mutex<Failure>,
}

impl Plan {
    fn new() -> Arc<Plan> {
        Arc::new(Plan {
            sent: AtomicUsize::new(0),
            fail_at: AtomicUsize::new(0),
            lost: AtomicBool::new(false),
            mode: std::sync::Mutex::new(Failure::Error),
        })
    }

    fn arm(&self, fail_at: usize, mode: Failure) {
        self.sent.store(0, Ordering::SeqCst);
        self.lost.store(false, Ordering::SeqCst);
        *self.mode.lock().unwrap() = mode;
        self.fail_at.store(fail_at, Ordering::SeqCst);
    }

    fn lost_error() -> DatabaseError {
        DatabaseError::Other {
            code: Some("INJECTED".into()),
            message: "injected failure: the connection was lost".into(),
        }
    }

    /// Called before each statement: `Err` when this statement must fail.
    fn check(&self) -> Result<(), DatabaseError> {
        if self.lost.load(Ordering::SeqCst) {
            return Err(Plan::lost_error());
        }
        let n = self.sent.fetch_add(1, Ordering::SeqCst) + 1;
        if n == self.fail_at.load(Ordering::SeqCst) {
            return Err(match *self.mode.lock().unwrap() {
                Failure::Error => DatabaseError::Other {
                    code: Some("INJECTED".into()),
                    message: format!("injected failure at statement {n}"),
                },
                Failure::ConnectionLost => {
                    self.lost.store(true, Ordering::SeqCst);
                    Plan::lost_error()
                }
            });
        }
        Ok(())
    }

    fn check_lost(&self) -> Result<(), DatabaseError> {
        if self.lost.load(Ordering::SeqCst) {
            Err(Plan::lost_error())
        } else {
            Ok(())
        }
    }
}

struct InjectingDriver {
    inner: Box<dyn SqlDriver>,
    plan: Arc<Plan>,
}

struct InjectingConnection {
    inner: Box<dyn SqlConnection>,
    plan: Arc<Plan>,
}

struct InjectingTransaction {
    inner: Box<dyn SqlTransaction>,
    plan: Arc<Plan>,
}

// The traits are declared with `async_trait`; they are implemented here by hand (boxed futures with the
// lifetimes `async_trait` would write), so this test needs no extra dependency.

fn query_through<'a>(
    plan: &'a Plan,
    inner: &'a dyn SqlQueryable,
    statement: &'a Rendered,
    types: ColumnTypes<'a>,
) -> BoxFuture<'a, Result<ResultSet, DatabaseError>> {
    Box::pin(async move {
        plan.check()?;
        inner.query(statement, types).await
    })
}

fn execute_through<'a>(
    plan: &'a Plan,
    inner: &'a dyn SqlQueryable,
    statement: &'a Rendered,
    raw: bool,
) -> BoxFuture<'a, Result<u64, DatabaseError>> {
    Box::pin(async move {
        plan.check()?;
        if raw {
            inner.execute_raw(statement).await
        } else {
            inner.execute(statement).await
        }
    })
}

macro_rules! delegate_queryable {
    ($type:ty) => {
        impl SqlQueryable for $type {
            fn query<'life0, 'life1, 'life2, 'async_trait>(
                &'life0 self,
                statement: &'life1 Rendered,
                types: ColumnTypes<'life2>,
            ) -> BoxFuture<'async_trait, Result<ResultSet, DatabaseError>>
            where
                'life0: 'async_trait,
                'life1: 'async_trait,
                'life2: 'async_trait,
                Self: 'async_trait,
            {
                query_through(&self.plan, self.inner.as_ref(), statement, types)
            }

            fn execute<'life0, 'life1, 'async_trait>(
                &'life0 self,
                statement: &'life1 Rendered,
            ) -> BoxFuture<'async_trait, Result<u64, DatabaseError>>
            where
                'life0: 'async_trait,
                'life1: 'async_trait,
                Self: 'async_trait,
            {
                execute_through(&self.plan, self.inner.as_ref(), statement, false)
            }

            fn execute_raw<'life0, 'life1, 'async_trait>(
                &'life0 self,
                statement: &'life1 Rendered,
            ) -> BoxFuture<'async_trait, Result<u64, DatabaseError>>
            where
                'life0: 'async_trait,
                'life1: 'async_trait,
                Self: 'async_trait,
            {
                execute_through(&self.plan, self.inner.as_ref(), statement, true)
            }
        }
    };
}

delegate_queryable!(InjectingConnection);
delegate_queryable!(InjectingTransaction);

impl SqlConnection for InjectingConnection {
    fn begin<'async_trait>(
        self: Box<Self>,
        isolation: Option<IsolationLevel>,
    ) -> BoxFuture<'async_trait, Result<Box<dyn SqlTransaction>, DatabaseError>>
    where
        Self: 'async_trait,
    {
        Box::pin(async move {
            self.plan.check_lost()?;
            let plan = self.plan.clone();
            let inner = self.inner.begin(isolation).await?;
            Ok(Box::new(InjectingTransaction { inner, plan }) as Box<dyn SqlTransaction>)
        })
    }
}

impl SqlTransaction for InjectingTransaction {
    fn commit<'async_trait>(self: Box<Self>) -> BoxFuture<'async_trait, Result<(), DatabaseError>>
    where
        Self: 'async_trait,
    {
        Box::pin(async move {
            if let Err(error) = self.plan.check_lost() {
                // A lost connection cannot commit: the server rolls the transaction back.
                let _ = self.inner.rollback().await;
                return Err(error);
            }
            self.inner.commit().await
        })
    }

    fn rollback<'async_trait>(self: Box<Self>) -> BoxFuture<'async_trait, Result<(), DatabaseError>>
    where
        Self: 'async_trait,
    {
        Box::pin(async move { self.inner.rollback().await })
    }
}

impl SqlDriver for InjectingDriver {
    fn dialect(&self) -> &dyn Dialect {
        self.inner.dialect()
    }

    fn schema_name(&self) -> Option<&str> {
        self.inner.schema_name()
    }

    fn connection<'life0, 'async_trait>(
        &'life0 self,
    ) -> BoxFuture<'async_trait, Result<Box<dyn SqlConnection>, DatabaseError>>
    where
        'life0: 'async_trait,
        Self: 'async_trait,
    {
        Box::pin(async move {
            self.plan.check_lost()?;
            let inner = self.inner.connection().await?;
            Ok(Box::new(InjectingConnection {
                inner,
                plan: self.plan.clone(),
            }) as Box<dyn SqlConnection>)
        })
    }
}

/// One database: an engine on the injecting driver, and one on the plain driver for checking.
struct Setup {
    engine: Engine,
    plan: Arc<Plan>,
    checker: Engine,
    plain: Box<dyn SqlDriver>,
    datamodel: Arc<Datamodel>,
    _dir: Option<tempfile::TempDir>,
}

async fn open_driver(provider: TestProvider, url: &str) -> Box<dyn SqlDriver> {
    match provider {
        TestProvider::Sqlite => Box::new(
            connector_sqlite::SqliteDriver::open(url, Path::new("."))
                .await
                .expect("open SQLite"),
        ),
        TestProvider::Postgres => Box::new(
            connector_postgres::PostgresDriver::connect(url)
                .await
                .expect("open PostgreSQL"),
        ),
        TestProvider::Mysql => unreachable!("not run on MySQL"),
    }
}

async fn setup(provider: TestProvider, name: &str) -> Option<Setup> {
    let server_url = provider.server_url()?;
    let schema = with_provider(SCHEMA, provider);
    let validated = schema_core::validate(&schema);
    assert!(!validated.diagnostics.has_errors());
    let datamodel = Arc::new(validated.datamodel);
    let (url, dir) = match provider {
        TestProvider::Sqlite => {
            let dir = tempfile::tempdir().expect("temporary directory");
            let url = format!("file:{}", dir.path().join(format!("{name}.db")).display());
            (url, Some(dir))
        }
        _ => {
            let separator = if server_url.contains('?') { '&' } else { '?' };
            (format!("{server_url}{separator}schema={name}"), None)
        }
    };
    let plain = open_driver(provider, &url).await;
    migrate::reset_and_push(plain.as_ref(), &datamodel)
        .await
        .expect("push the schema");
    let plan = Plan::new();
    let injecting = InjectingDriver {
        inner: open_driver(provider, &url).await,
        plan: plan.clone(),
    };
    let engine = Engine::new(
        datamodel.clone(),
        Arc::new(SqlConnector::new(Box::new(injecting), datamodel.clone())),
    );
    let checker = Engine::new(
        datamodel.clone(),
        Arc::new(SqlConnector::new(
            open_driver(provider, &url).await,
            datamodel.clone(),
        )),
    );
    Some(Setup {
        engine,
        plan,
        checker,
        plain,
        datamodel,
        _dir: dir,
    })
}

fn nested_create(email: &str) -> Value {
    let posts: Vec<Value> = (1..=10)
        .map(|i| json!({"title": format!("post {i}")}))
        .collect();
    json!({"modelName": "User", "action": "createOne", "query": {
        "arguments": {"data": {"email": email, "name": "Nested", "posts": {"create": posts}}},
        "selection": {"$scalars": true, "posts": {"selection": {"$scalars": true}}}}})
}

async fn request(engine: &Engine, body: &Value) -> (u16, Value) {
    let response = engine
        .request(EngineProtocol::Json, &body.to_string(), None)
        .await;
    (response.status, response.body())
}

/// `(users, posts)` as a fresh read sees them: through the engine on the plain driver, and by counting with
/// SQL on a new connection.
async fn counts(setup: &Setup) -> (u64, u64) {
    let mut via_engine = [0u64; 2];
    for (slot, model) in ["User", "Post"].into_iter().enumerate() {
        let body = json!({"modelName": model, "action": "findMany",
                          "query": {"selection": {"$scalars": true}}});
        let (status, body) = request(&setup.checker, &body).await;
        assert_eq!(status, 200, "{body}");
        via_engine[slot] = body["data"][format!("findMany{model}")]
            .as_array()
            .unwrap_or_else(|| panic!("findMany{model}: {body}"))
            .len() as u64;
    }
    let connection = setup.plain.connection().await.expect("connection");
    let quote = |table: &str| {
        let mut out = String::new();
        setup.plain.dialect().quote_identifier(table, &mut out);
        out
    };
    let _ = &setup.datamodel;
    let mut via_sql = [0u64; 2];
    for (slot, table) in ["User", "Post"].into_iter().enumerate() {
        let table = match setup.plain.schema_name() {
            Some(schema) => format!("{}.{}", quote(schema), quote(table)),
            None => quote(table),
        };
        let statement = Rendered {
            sql: format!("SELECT COUNT(*) FROM {table}"),
            params: vec![],
        };
        let rows = connection
            .query(&statement, ColumnTypes::Infer)
            .await
            .expect("count");
        via_sql[slot] = match &rows.rows[0][0] {
            engine_core::value::PrismaValue::Int(n) => *n as u64,
            engine_core::value::PrismaValue::BigInt(n) => *n as u64,
            other => panic!("count: {other:?}"),
        };
    }
    assert_eq!(via_engine, via_sql, "the engine and SQL disagree");
    (via_sql[0], via_sql[1])
}

async fn run(provider: TestProvider, name: &str) {
    let Some(setup) = setup(provider, name).await else {
        return;
    };

    // Without a failure: how many statements the nested create sends, and that it writes 1 user, 10 posts.
    setup.plan.arm(0, Failure::Error);
    let (status, body) = request(&setup.engine, &nested_create("probe@example.com")).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.get("errors").is_none(), "{body}");
    let total = setup.plan.sent.load(Ordering::SeqCst);
    assert_eq!(counts(&setup).await, (1, 10));
    eprintln!(
        "{}: the nested create sends {total} statements",
        provider.name()
    );
    assert!(
        total >= 2,
        "a nested create of 10 posts sends several statements"
    );
    migrate::reset_and_push(setup.plain.as_ref(), &setup.datamodel)
        .await
        .expect("empty the database");
    assert_eq!(counts(&setup).await, (0, 0));

    for mode in [Failure::Error, Failure::ConnectionLost] {
        for fail_at in 1..=total {
            setup.plan.arm(fail_at, mode);
            let (status, body) = request(
                &setup.engine,
                &nested_create(&format!("u{fail_at}@example.com")),
            )
            .await;
            let errors = body.get("errors").and_then(Value::as_array);
            assert!(
                errors.is_some_and(|errors| !errors.is_empty()),
                "{mode:?} at statement {fail_at} of {total}: the request must fail (status {status}): {body}"
            );
            assert!(
                body.to_string().contains("injected failure"),
                "{mode:?} at {fail_at}: the injected error is reported: {body}"
            );
            assert_eq!(
                counts(&setup).await,
                (0, 0),
                "{mode:?} at statement {fail_at} of {total}: the database must be unchanged"
            );
        }
    }

    // The driver still works afterwards, and the same request then succeeds.
    setup.plan.arm(0, Failure::Error);
    let (status, body) = request(&setup.engine, &nested_create("after@example.com")).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(counts(&setup).await, (1, 10));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_nested_create_failure_leaves_nothing() {
    run(TestProvider::Sqlite, "failure_injection").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_nested_create_failure_leaves_nothing() {
    run(TestProvider::Postgres, "refract_failure_injection").await;
}
