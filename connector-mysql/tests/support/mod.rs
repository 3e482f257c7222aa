//! A throwaway database per test on the server named by `TEST_MYSQL_URL`.

// Each test file uses a different part of this module.
#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};

use connector_mysql::MysqlDriver;
use engine_core::connector::{ColumnTypes, ResultSet, SqlConnection, SqlDriver, SqlQueryable};
use engine_core::sql::Rendered;
use engine_core::value::PrismaValue;

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// The server URL, or `None` (with a notice) when the live tests should be skipped.
pub fn base_url() -> Option<String> {
    match std::env::var("TEST_MYSQL_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            eprintln!("TEST_MYSQL_URL is not set; skipping a live MySQL test");
            None
        }
    }
}

/// `url` with extra query parameters.
pub fn with_params(url: &str, params: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}{params}")
}

/// `url` pointing at `database` instead of its own.
pub fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let start = base.find("://").map_or(0, |i| i + 3);
    let base = match base[start..].find('/') {
        Some(slash) => &base[..start + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{base}/{database}?{query}"),
        None => format!("{base}/{database}"),
    }
}

/// A database of its own, dropped when the value goes away (even when the test panics).
pub struct TestDatabase {
    pub name: String,
    base_url: String,
}

impl TestDatabase {
    pub async fn new(base_url: &str) -> TestDatabase {
        let name = format!(
            "refract_my_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .subsec_nanos()
        );
        let admin = MysqlDriver::connect(base_url)
            .await
            .expect("test server reachable");
        exec(&admin, &format!("CREATE DATABASE `{name}`"), vec![]).await;
        TestDatabase {
            name,
            base_url: base_url.to_owned(),
        }
    }

    /// The URL of this database, plus `params`.
    pub fn url(&self, params: &str) -> String {
        let url = with_database(&self.base_url, &self.name);
        if params.is_empty() {
            url
        } else {
            with_params(&url, params)
        }
    }

    pub async fn driver(&self, params: &str) -> MysqlDriver {
        MysqlDriver::connect(&self.url(params))
            .await
            .expect("connect to the test database")
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let url = self.base_url.clone();
        let sql = format!("DROP DATABASE IF EXISTS `{}`", self.name);
        // Drop runs inside the test's runtime, which cannot be blocked on; use a runtime of our own.
        let _ = std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            runtime.block_on(async {
                if let Ok(admin) = MysqlDriver::connect(&url).await {
                    if let Ok(conn) = admin.connection().await {
                        let _ = conn.execute(&stmt(&sql, vec![])).await;
                    }
                }
            });
        })
        .join();
    }
}

pub fn stmt(sql: &str, params: Vec<PrismaValue>) -> Rendered {
    Rendered {
        sql: sql.to_owned(),
        params,
    }
}

/// Runs a statement on a fresh pooled connection and panics on failure.
pub async fn exec(driver: &MysqlDriver, sql: &str, params: Vec<PrismaValue>) -> u64 {
    let conn: Box<dyn SqlConnection> = driver.connection().await.expect("connection");
    conn.execute(&stmt(sql, params))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e:?}"))
}

/// A raw query (types inferred) on a fresh pooled connection.
pub async fn raw(driver: &MysqlDriver, sql: &str, params: Vec<PrismaValue>) -> ResultSet {
    let conn = driver.connection().await.expect("connection");
    conn.query(&stmt(sql, params), ColumnTypes::Infer)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e:?}"))
}

/// The raw type names of a result.
pub fn type_names(result: &ResultSet) -> Vec<String> {
    result.raw_types.iter().map(|t| t.name()).collect()
}

/// Queries through any queryable with known types.
pub async fn query_known(
    queryable: &dyn SqlQueryable,
    sql: &str,
    types: &[engine_core::connector::TypeIdentifier],
) -> ResultSet {
    queryable
        .query(&stmt(sql, vec![]), ColumnTypes::Known(types))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e:?}"))
}
