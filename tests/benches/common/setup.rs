//! One database per provider for a bench, open through the engine, and the raw driver of the baseline on
//! the same database.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use criterion::{black_box, Criterion};
use engine_core::connector::SqlDriver;
use engine_core::migrate;
use engine_core::Engine;
use mysql_async::prelude::Queryable;
use refract_cli::connect;
use refract_tests::database::{with_provider, TestProvider};
use tokio::runtime::Runtime;

/// The providers, in run and report order. PostgreSQL and MySQL run when their `TEST_*_URL` is set.
pub const PROVIDERS: [TestProvider; 3] = [
    TestProvider::Sqlite,
    TestProvider::Postgres,
    TestProvider::Mysql,
];

/// A bench database with the schema pushed, and the engine on it.
pub struct BenchDatabase {
    pub provider: TestProvider,
    pub engine: Engine,
    /// The database's URL, for the raw side's own connections.
    pub url: String,
    /// Keeps a SQLite file's directory alive.
    _dir: Option<tempfile::TempDir>,
}

/// The raw side's driver: the same driver crate the engine uses for SQLite and PostgreSQL, and
/// `mysql_async` itself for MySQL (the engine's MySQL connector is built on it).
pub enum RawDriver {
    Sql {
        driver: Box<dyn SqlDriver>,
        postgres: bool,
    },
    Mysql(mysql_async::Pool),
}

/// The criterion group of one workload on one database: `<provider>_<workload>`.
pub fn group_name(provider: TestProvider, workload: &str) -> String {
    format!("{}_{workload}", provider.name())
}

/// Pushes `schema` (with its provider replaced) to a fresh database called `name` (a file on SQLite, a
/// schema on PostgreSQL, a database on MySQL) and opens the engine on it.
pub async fn open(
    schema: &str,
    provider: TestProvider,
    server_url: &str,
    name: &str,
) -> BenchDatabase {
    let schema = with_provider(schema, provider);
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
    let (url, dir) = match provider {
        TestProvider::Sqlite => {
            let dir = tempfile::tempdir().expect("temporary directory");
            let url = format!("file:{}", dir.path().join(format!("{name}.db")).display());
            (url, Some(dir))
        }
        TestProvider::Postgres => {
            let separator = if server_url.contains('?') { '&' } else { '?' };
            (format!("{server_url}{separator}schema={name}"), None)
        }
        TestProvider::Mysql => (mysql_database(server_url, name).await, None),
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
    BenchDatabase {
        provider,
        engine,
        url,
        _dir: dir,
    }
}

/// Creates the database `name` on the MySQL server of `server_url` when it is missing, and returns that
/// database's URL: a MySQL database is what a PostgreSQL schema is to the PostgreSQL run.
async fn mysql_database(server_url: &str, name: &str) -> String {
    let opts = mysql_async::Opts::from_url(server_url).expect("TEST_MYSQL_URL");
    let mut conn = mysql_async::Conn::new(opts)
        .await
        .expect("connect to TEST_MYSQL_URL");
    conn.query_drop(format!(
        "CREATE DATABASE IF NOT EXISTS `{}`",
        name.replace('`', "``")
    ))
    .await
    .expect("create the bench database");
    conn.disconnect().await.expect("disconnect");
    let mut url = url::Url::parse(server_url).expect("TEST_MYSQL_URL is a URL");
    url.set_path(&format!("/{name}"));
    url.to_string()
}

impl BenchDatabase {
    /// A driver of the raw side, with its own connections (not the engine's pool).
    pub async fn raw_driver(&self) -> RawDriver {
        match self.provider {
            TestProvider::Sqlite => RawDriver::Sql {
                driver: Box::new(
                    connector_sqlite::SqliteDriver::open(&self.url, Path::new("."))
                        .await
                        .expect("open raw SQLite driver"),
                ),
                postgres: false,
            },
            TestProvider::Postgres => RawDriver::Sql {
                driver: Box::new(
                    connector_postgres::PostgresDriver::connect(&self.url)
                        .await
                        .expect("open raw PostgreSQL driver"),
                ),
                postgres: true,
            },
            TestProvider::Mysql => RawDriver::Mysql(mysql_pool(&self.url)),
        }
    }
}

/// A `mysql_async` pool as a hand-writer who cares about speed sets it up: the defaults, except that
/// connections are not reset when they return to the pool (a reset drops the server-side prepared
/// statements, so every checkout would prepare its statements again; the engine's connector does not
/// reset either).
fn mysql_pool(url: &str) -> mysql_async::Pool {
    let opts = mysql_async::Opts::from_url(url).expect("MySQL bench URL");
    let pool_opts = opts.pool_opts().clone().with_reset_connection(false);
    mysql_async::Pool::new(mysql_async::OptsBuilder::from_opts(opts).pool_opts(pool_opts))
}

/// Measures one workload on one database: the `engine` side and the `raw` side, in the group
/// [`group_name`] names.
pub fn measure<E, EF, R, RF>(
    c: &mut Criterion,
    rt: &Runtime,
    provider: TestProvider,
    workload: &str,
    engine: E,
    raw: R,
) where
    E: Fn() -> EF,
    EF: Future,
    R: Fn() -> RF,
    RF: Future,
{
    let mut group = c.benchmark_group(group_name(provider, workload));
    group.bench_function("engine", |b| {
        b.to_async(rt).iter(|| async { black_box(engine().await) })
    });
    group.bench_function("raw", |b| {
        b.to_async(rt).iter(|| async { black_box(raw().await) })
    });
    group.finish();
}
