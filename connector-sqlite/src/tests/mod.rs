//! Tests against real SQLite databases through the engine-facing traits.

mod errors;
mod raw;
mod roundtrip;
mod transactions;

use crate::SqliteDriver;
use engine_core::connector::{ColumnTypes, ResultSet, SqlDriver, TypeIdentifier};
use engine_core::sql::Rendered;
use engine_core::value::PrismaValue;
use tempfile::TempDir;

/// A driver over a fresh database file that lives as long as the value.
pub(super) struct TestDb {
    pub driver: SqliteDriver,
    pub dir: TempDir,
}

impl TestDb {
    pub async fn new() -> TestDb {
        Self::with_params("").await
    }

    /// `params` is a URL query string such as `?connection_limit=1`.
    pub async fn with_params(params: &str) -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let driver = SqliteDriver::open(&format!("file:./test.db{params}"), dir.path())
            .await
            .unwrap();
        TestDb { driver, dir }
    }

    pub async fn exec(&self, sql: &str, params: Vec<PrismaValue>) -> u64 {
        let connection = self.driver.connection().await.unwrap();
        connection.execute(&stmt(sql, params)).await.unwrap()
    }

    pub async fn query_known(
        &self,
        sql: &str,
        params: Vec<PrismaValue>,
        types: &[TypeIdentifier],
    ) -> ResultSet {
        let connection = self.driver.connection().await.unwrap();
        connection
            .query(&stmt(sql, params), ColumnTypes::Known(types))
            .await
            .unwrap()
    }

    pub async fn query_raw(&self, sql: &str, params: Vec<PrismaValue>) -> ResultSet {
        let connection = self.driver.connection().await.unwrap();
        connection
            .query(&stmt(sql, params), ColumnTypes::Infer)
            .await
            .unwrap()
    }
}

pub(super) fn stmt(sql: &str, params: Vec<PrismaValue>) -> Rendered {
    Rendered {
        sql: sql.to_owned(),
        params,
    }
}

/// The columns of a model with every scalar type, declared as Prisma declares them on SQLite.
pub(super) const ALL_TYPES_TABLE: &str = r#"CREATE TABLE "T" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "s" TEXT,
    "i" INTEGER,
    "bi" BIGINT,
    "f" REAL,
    "d" DECIMAL,
    "b" BOOLEAN,
    "dt" DATETIME,
    "by" BLOB,
    "j" TEXT,
    "e" TEXT
)"#;
