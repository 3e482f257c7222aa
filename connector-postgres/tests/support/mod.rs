//! A throwaway schema per test on the server named by `TEST_POSTGRES_URL`.

// Each test file uses a different part of this module.
#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};

use connector_postgres::PostgresDriver;
use engine_core::connector::{ColumnTypes, ResultSet, SqlQueryable};
use engine_core::sql::Rendered;
use engine_core::value::PrismaValue;

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// The server URL, or `None` (with a notice) when the live tests should be skipped.
pub fn base_url() -> Option<String> {
    match std::env::var("TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            eprintln!("TEST_POSTGRES_URL is not set; skipping a live PostgreSQL test");
            None
        }
    }
}

/// `url` with extra query parameters.
pub fn with_params(url: &str, params: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}{params}")
}

/// A schema of its own, dropped when the value goes away (even when the test panics).
pub struct TestSchema {
    pub name: String,
    base_url: String,
}

impl TestSchema {
    pub async fn new(base_url: &str) -> TestSchema {
        let name = format!(
            "refract_pg_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .subsec_nanos()
        );
        let admin = PostgresDriver::connect(base_url)
            .await
            .expect("test server reachable");
        exec(&admin, &format!("CREATE SCHEMA \"{name}\""), vec![]).await;
        TestSchema {
            name,
            base_url: base_url.to_owned(),
        }
    }

    /// A URL whose `search_path` is this schema, plus `params`.
    pub fn url(&self, params: &str) -> String {
        let url = with_params(&self.base_url, &format!("schema={}", self.name));
        if params.is_empty() {
            url
        } else {
            with_params(&url, params)
        }
    }

    pub async fn driver(&self, params: &str) -> PostgresDriver {
        PostgresDriver::connect(&self.url(params))
            .await
            .expect("connect to test schema")
    }
}

impl Drop for TestSchema {
    fn drop(&mut self) {
        let url = self.base_url.clone();
        let sql = format!("DROP SCHEMA IF EXISTS \"{}\" CASCADE", self.name);
        // Drop runs inside the test's runtime, which cannot be blocked on; use a runtime of our own.
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                if let Ok(driver) = PostgresDriver::connect(&url).await {
                    let conn = driver.postgres_connection().await.unwrap();
                    let _ = conn
                        .execute(&Rendered {
                            sql,
                            params: vec![],
                        })
                        .await;
                }
            });
        })
        .join()
        .unwrap();
    }
}

pub fn stmt(sql: &str, params: Vec<PrismaValue>) -> Rendered {
    Rendered {
        sql: sql.to_owned(),
        params,
    }
}

pub async fn exec(driver: &PostgresDriver, sql: &str, params: Vec<PrismaValue>) -> u64 {
    let conn = driver.postgres_connection().await.unwrap();
    conn.execute(&stmt(sql, params))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e:?}"))
}

pub async fn raw(driver: &PostgresDriver, sql: &str, params: Vec<PrismaValue>) -> ResultSet {
    let conn = driver.postgres_connection().await.unwrap();
    conn.query(&stmt(sql, params), ColumnTypes::Infer)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e:?}"))
}

pub fn type_names(result: &ResultSet) -> Vec<String> {
    result.raw_types.iter().map(|t| t.name()).collect()
}
