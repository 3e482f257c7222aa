//! Each classified error, triggered on a real database.

use super::{stmt, TestDb};
use crate::SqliteDriver;
use engine_core::connector::{
    ColumnTypes, ConstraintRef, DatabaseError, SqlDriver, TypeIdentifier,
};
use engine_core::value::PrismaValue;

use PrismaValue::{Int, Null};

async fn schema() -> TestDb {
    let db = TestDb::new().await;
    for ddl in [
        r#"CREATE TABLE "U" ("id" INTEGER NOT NULL PRIMARY KEY, "email" TEXT NOT NULL, "a" TEXT, "b" TEXT,
            "n" INTEGER CHECK ("n" > 0))"#,
        r#"CREATE UNIQUE INDEX "U_email_key" ON "U"("email")"#,
        r#"CREATE UNIQUE INDEX "U_a_b_key" ON "U"("a", "b")"#,
        r#"CREATE TABLE "P" ("id" INTEGER NOT NULL PRIMARY KEY, "userId" INTEGER NOT NULL,
            CONSTRAINT "P_userId_fkey" FOREIGN KEY ("userId") REFERENCES "U" ("id") ON DELETE RESTRICT)"#,
    ] {
        db.exec(ddl, vec![]).await;
    }
    db.exec(
        r#"INSERT INTO "U" ("id", "email", "a", "b") VALUES (1, 'a@x', 'x', 'y')"#,
        vec![],
    )
    .await;
    db
}

async fn execute_error(db: &TestDb, sql: &str, params: Vec<PrismaValue>) -> DatabaseError {
    let connection = db.driver.connection().await.unwrap();
    connection.execute(&stmt(sql, params)).await.unwrap_err()
}

fn text(s: &str) -> PrismaValue {
    PrismaValue::String(s.to_owned())
}

fn columns(names: &[&str]) -> ConstraintRef {
    ConstraintRef::Columns(names.iter().map(|n| (*n).to_owned()).collect())
}

#[tokio::test]
async fn unique_violations_name_their_columns() {
    let db = schema().await;
    let insert = r#"INSERT INTO "U" ("id", "email", "a", "b") VALUES (?, ?, ?, ?)"#;
    assert_eq!(
        execute_error(&db, insert, vec![Int(2), text("a@x"), text("1"), text("1")]).await,
        DatabaseError::UniqueViolation(columns(&["email"]))
    );
    assert_eq!(
        execute_error(&db, insert, vec![Int(2), text("b@x"), text("x"), text("y")]).await,
        DatabaseError::UniqueViolation(columns(&["a", "b"]))
    );
    assert_eq!(
        execute_error(&db, insert, vec![Int(1), text("b@x"), text("1"), text("1")]).await,
        DatabaseError::UniqueViolation(columns(&["id"]))
    );
    // Model writes with RETURNING go through `query` and are classified too.
    let connection = db.driver.connection().await.unwrap();
    let returning = connection
        .query(
            &stmt(
                r#"INSERT INTO "U" ("id", "email") VALUES (3, 'a@x') RETURNING "id""#,
                vec![],
            ),
            ColumnTypes::Known(&[TypeIdentifier::Int]),
        )
        .await;
    assert_eq!(
        returning,
        Err(DatabaseError::UniqueViolation(columns(&["email"])))
    );
}

#[tokio::test]
async fn foreign_keys_are_enforced() {
    let db = schema().await;
    assert_eq!(
        execute_error(
            &db,
            r#"INSERT INTO "P" ("id", "userId") VALUES (1, 99)"#,
            vec![]
        )
        .await,
        DatabaseError::ForeignKeyViolation(ConstraintRef::Unknown)
    );
    db.exec(r#"INSERT INTO "P" ("id", "userId") VALUES (1, 1)"#, vec![])
        .await;
    assert_eq!(
        execute_error(&db, r#"DELETE FROM "U" WHERE "id" = 1"#, vec![]).await,
        DatabaseError::ForeignKeyViolation(ConstraintRef::Unknown)
    );
}

#[tokio::test]
async fn not_null_violation() {
    let db = schema().await;
    assert_eq!(
        execute_error(
            &db,
            r#"INSERT INTO "U" ("id", "email") VALUES (?, ?)"#,
            vec![Int(5), Null]
        )
        .await,
        DatabaseError::NullViolation(columns(&["email"]))
    );
}

#[tokio::test]
async fn missing_tables_and_columns() {
    let db = schema().await;
    assert_eq!(
        execute_error(&db, r#"DELETE FROM "nope""#, vec![]).await,
        DatabaseError::TableDoesNotExist {
            table: "nope".into()
        }
    );
    assert_eq!(
        execute_error(&db, r#"UPDATE "U" SET "nope" = 1"#, vec![]).await,
        DatabaseError::ColumnDoesNotExist {
            column: "nope".into()
        }
    );
}

#[tokio::test]
async fn other_failures_keep_code_and_message() {
    let db = schema().await;
    assert_eq!(
        execute_error(&db, r#"UPDATE "U" SET "n" = -1"#, vec![]).await,
        DatabaseError::Other {
            code: Some("275".into()),
            message: "CHECK constraint failed: n".into()
        }
    );
}

#[tokio::test]
async fn undecodable_values_are_conversion_errors() {
    let db = schema().await;
    let connection = db.driver.connection().await.unwrap();
    let result = connection
        .query(
            &stmt(r#"SELECT "id", "email" FROM "U""#, vec![]),
            ColumnTypes::Known(&[TypeIdentifier::Int, TypeIdentifier::Bytes]),
        )
        .await;
    // The second column failed: the engine names its field from the index.
    assert_eq!(
        result,
        Err(DatabaseError::Conversion {
            expected: TypeIdentifier::Bytes,
            message: "\"a@x\"".into(),
            column: Some(1),
        })
    );
    let wrong_count = connection
        .query(
            &stmt(r#"SELECT "id", "email" FROM "U""#, vec![]),
            ColumnTypes::Known(&[TypeIdentifier::Int]),
        )
        .await;
    assert!(matches!(
        wrong_count,
        Err(DatabaseError::Other { code: None, .. })
    ));
}

#[tokio::test]
async fn a_lock_held_elsewhere_is_a_conflict_once_busy_timeout_runs_out() {
    let db = TestDb::with_params("?socket_timeout=0").await;
    db.exec("CREATE TABLE t (x INTEGER)", vec![]).await;
    let outside = rusqlite::Connection::open(db.dir.path().join("test.db")).unwrap();
    outside
        .execute_batch("BEGIN EXCLUSIVE; INSERT INTO t VALUES (1);")
        .unwrap();
    assert_eq!(
        execute_error(&db, "INSERT INTO t VALUES (2)", vec![]).await,
        DatabaseError::TransactionConflict
    );
    outside.execute_batch("COMMIT").unwrap();
    assert_eq!(db.exec("INSERT INTO t VALUES (2)", vec![]).await, 1);
}

#[tokio::test]
async fn opening_a_file_in_a_missing_directory_fails() {
    let dir = tempfile::tempdir().unwrap();
    let result = SqliteDriver::open("file:./missing/dir/test.db", dir.path()).await;
    let expected = dir.path().join("missing/dir/test.db").display().to_string();
    assert_eq!(
        result.unwrap_err(),
        DatabaseError::DatabaseDoesNotExist { name: expected }
    );
}

#[tokio::test]
async fn opening_a_file_that_is_not_a_database_fails() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("junk.db"), vec![b'x'; 4096]).unwrap();
    let result = SqliteDriver::open("file:junk.db", dir.path()).await;
    assert_eq!(
        result.unwrap_err(),
        DatabaseError::Other {
            code: Some("26".into()),
            message: "file is not a database".into()
        }
    );
}

#[tokio::test]
async fn a_bad_url_fails_to_open() {
    let result = SqliteDriver::open("mysql://localhost/db", std::path::Path::new("/")).await;
    assert!(matches!(
        result,
        Err(DatabaseError::Other { code: None, .. })
    ));
}

#[tokio::test]
async fn a_deferred_foreign_key_fails_at_commit() {
    let db = schema().await;
    db.exec(
        r#"CREATE TABLE "D" ("id" INTEGER PRIMARY KEY, "userId" INTEGER NOT NULL
            REFERENCES "U" ("id") DEFERRABLE INITIALLY DEFERRED)"#,
        vec![],
    )
    .await;
    let tx = db
        .driver
        .connection()
        .await
        .unwrap()
        .begin(None)
        .await
        .unwrap();
    tx.execute(&stmt(r#"INSERT INTO "D" VALUES (1, 99)"#, vec![]))
        .await
        .unwrap();
    assert_eq!(
        tx.commit().await,
        Err(DatabaseError::ForeignKeyViolation(ConstraintRef::Unknown))
    );
    // Nothing of it was committed.
    let connection = db.driver.connection().await.unwrap();
    let rows = connection
        .query(
            &stmt(r#"SELECT COUNT(*) FROM "D""#, vec![]),
            ColumnTypes::Infer,
        )
        .await
        .unwrap();
    assert_eq!(rows.rows, vec![vec![PrismaValue::BigInt(0)]]);
}
