//! Raw queries reproduce the 56_raw_raw_sqlite goldens: column types, values and errors.

use super::{stmt, TestDb};
use crate::errors::{ErrorMode, ARRAYS_UNSUPPORTED, EXECUTE_RETURNED_RESULTS};
use bigdecimal::BigDecimal;
use chrono::DateTime;
use engine_core::connector::{ColumnTypes, DatabaseError, RawType, ResultSet, SqlDriver};
use engine_core::value::PrismaValue;
use std::str::FromStr;

use PrismaValue::{BigInt, Boolean, Bytes, Float, Int, Null};

fn s(text: &str) -> PrismaValue {
    PrismaValue::String(text.to_owned())
}

fn dec(text: &str) -> PrismaValue {
    PrismaValue::Decimal(BigDecimal::from_str(text).unwrap())
}

fn date(text: &str) -> PrismaValue {
    PrismaValue::DateTime(DateTime::parse_from_rfc3339(text).unwrap())
}

fn type_names(result: &ResultSet) -> Vec<String> {
    result.raw_types.iter().map(|t| t.name()).collect()
}

/// The golden's table, with its three rows written the way the golden writes them.
async fn golden_table() -> TestDb {
    let db = TestDb::new().await;
    db.exec(
        r#"CREATE TABLE "R" (
            "id" INTEGER NOT NULL PRIMARY KEY, "s" TEXT NOT NULL, "i" INTEGER NOT NULL, "bi" BIGINT NOT NULL,
            "f" REAL NOT NULL, "d" DECIMAL NOT NULL, "b" BOOLEAN NOT NULL, "dt" DATETIME NOT NULL,
            "by" BLOB NOT NULL, "os" TEXT)"#,
        vec![],
    )
    .await;
    let insert =
        "INSERT INTO R (id, s, i, bi, f, d, b, dt, by, os) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    // Through the model API.
    db.exec(
        insert,
        vec![
            Int(1),
            s("text"),
            Int(42),
            BigInt(9_007_199_254_740_993),
            Float(1.5),
            dec("12.50"),
            Boolean(true),
            date("2024-05-01T12:30:00.123Z"),
            Bytes(vec![1, 2, 3]),
            Null,
        ],
    )
    .await;
    // executeRaw with tagged parameters.
    db.exec(
        insert,
        vec![
            Int(2),
            s("it's \"quoted\""),
            Int(-7),
            BigInt(i64::MIN),
            Float(2.25),
            dec("0.1"),
            Boolean(false),
            date("2024-01-02T03:04:05.678Z"),
            Bytes(vec![0xff, 0, 0xff]),
            Null,
        ],
    )
    .await;
    // executeRaw with untagged strings where the column wants a decimal, a date and bytes.
    db.exec(
        insert,
        vec![
            Int(3),
            s("untagged"),
            Int(0),
            Int(5),
            dec("0.5"),
            s("3.14"),
            Boolean(true),
            s("2024-01-02T03:04:05.678Z"),
            s("AQID"),
            Null,
        ],
    )
    .await;
    db
}

#[tokio::test]
async fn select_star_types_come_from_the_declarations() {
    let db = golden_table().await;
    let result = db.query_raw("SELECT * FROM R ORDER BY id", vec![]).await;
    assert_eq!(
        result.columns,
        ["id", "s", "i", "bi", "f", "d", "b", "dt", "by", "os"]
    );
    assert_eq!(
        type_names(&result),
        [
            "int", "string", "int", "bigint", "double", "decimal", "bool", "datetime", "bytes",
            "string"
        ]
    );
    assert_eq!(
        result.rows,
        vec![
            vec![
                Int(1),
                s("text"),
                Int(42),
                BigInt(9_007_199_254_740_993),
                Float(1.5),
                dec("12.5"),
                Boolean(true),
                date("2024-05-01T12:30:00.123Z"),
                Bytes(vec![1, 2, 3]),
                Null
            ],
            vec![
                Int(2),
                s("it's \"quoted\""),
                Int(-7),
                BigInt(i64::MIN),
                Float(2.25),
                dec("0.1"),
                Boolean(false),
                date("2024-01-02T03:04:05.678Z"),
                Bytes(vec![0xff, 0, 0xff]),
                Null
            ],
            // Text in the BLOB column stays text (encoded "AQID", not base64 of it).
            vec![
                Int(3),
                s("untagged"),
                Int(0),
                BigInt(5),
                Float(0.5),
                dec("3.14"),
                Boolean(true),
                date("2024-01-02T03:04:05.678Z"),
                s("AQID"),
                Null
            ],
        ]
    );
}

#[tokio::test]
async fn parameter_literals() {
    let db = TestDb::new().await;
    let result = db
        .query_raw(
            "SELECT ? AS i, ? AS s, ? AS f, ? AS t, ? AS n",
            vec![Int(1), s("x"), dec("1.5"), Boolean(true), Null],
        )
        .await;
    assert_eq!(
        type_names(&result),
        ["bigint", "string", "double", "bigint", "int"]
    );
    assert_eq!(
        result.rows,
        vec![vec![BigInt(1), s("x"), Float(1.5), BigInt(1), Null]]
    );
}

#[tokio::test]
async fn tagged_parameters() {
    let db = TestDb::new().await;
    let result = db
        .query_raw(
            "SELECT ? AS big, ? AS dec, ? AS dt, ? AS by",
            vec![
                BigInt(9_007_199_254_740_993),
                dec("1.10"),
                date("2024-01-01T00:00:00.000Z"),
                Bytes(vec![1, 2, 3]),
            ],
        )
        .await;
    assert_eq!(type_names(&result), ["bigint", "double", "bigint", "bytes"]);
    assert_eq!(
        result.rows,
        vec![vec![
            BigInt(9_007_199_254_740_993),
            Float(1.1),
            BigInt(1_704_067_200_000),
            Bytes(vec![1, 2, 3])
        ]]
    );
}

#[tokio::test]
async fn expressions_and_typeof() {
    let db = TestDb::new().await;
    let result = db
        .query_raw(
            "SELECT 1 + 1 AS two, 'a' || 'b' AS ab, typeof(?) AS t1, typeof(?) AS t2, \
             9223372036854775807 AS maxi, 1e308 AS big, x'0102' AS blob",
            vec![dec("1.0"), Boolean(true)],
        )
        .await;
    assert_eq!(
        result.columns,
        ["two", "ab", "t1", "t2", "maxi", "big", "blob"]
    );
    assert_eq!(
        type_names(&result),
        ["bigint", "string", "string", "string", "bigint", "double", "bytes"]
    );
    assert_eq!(
        result.rows,
        vec![vec![
            BigInt(2),
            s("ab"),
            s("real"),
            s("integer"),
            BigInt(i64::MAX),
            Float(1e308),
            Bytes(vec![1, 2])
        ]]
    );
}

#[tokio::test]
async fn json_parameter_reads_back_as_a_string() {
    let db = TestDb::new().await;
    let result = db
        .query_raw(
            "SELECT ? AS j",
            vec![PrismaValue::Json(r#"{"k":[1,2]}"#.into())],
        )
        .await;
    assert_eq!(type_names(&result), ["string"]);
    assert_eq!(result.rows, vec![vec![s(r#"{"k":[1,2]}"#)]]);
}

#[tokio::test]
async fn filters_aggregates_and_empty_results() {
    let db = golden_table().await;
    let result = db
        .query_raw(
            "SELECT id, s FROM R WHERE i > ? ORDER BY id",
            vec![Int(-100)],
        )
        .await;
    assert_eq!(type_names(&result), ["int", "string"]);
    assert_eq!(result.rows.len(), 3);

    let empty = db
        .query_raw("SELECT id, s FROM R WHERE id < ?", vec![Int(0)])
        .await;
    assert_eq!(type_names(&empty), ["int", "string"]);
    assert!(empty.rows.is_empty());

    let empty_expression = db.query_raw("SELECT 1 AS one WHERE 0", vec![]).await;
    assert_eq!(empty_expression.raw_types, [RawType::Unknown]);

    let aggregate = db
        .query_raw(
            "SELECT COUNT(*) AS n, SUM(i) AS total, AVG(f) AS avg FROM R",
            vec![],
        )
        .await;
    assert_eq!(type_names(&aggregate), ["bigint", "bigint", "double"]);
    assert_eq!(
        aggregate.rows,
        vec![vec![BigInt(3), BigInt(35), Float(1.4166666666666667)]]
    );
}

#[tokio::test]
async fn execute_counts() {
    let db = golden_table().await;
    assert_eq!(
        db.exec("UPDATE R SET os = ? WHERE id >= ?", vec![s("set"), Int(2)])
            .await,
        2
    );
    assert_eq!(
        db.exec("UPDATE R SET os = ? WHERE id = ?", vec![s("x"), Int(999)])
            .await,
        0
    );
    assert_eq!(db.exec("DELETE FROM R WHERE id = ?", vec![Int(3)]).await, 1);
    // DDL changes no rows, even right after a statement that did.
    assert_eq!(db.exec("CREATE TABLE other (x INTEGER)", vec![]).await, 0);
}

#[tokio::test]
async fn only_the_first_statement_runs() {
    let db = TestDb::new().await;
    let result = db.query_raw("SELECT 1 AS a; SELECT 2 AS b", vec![]).await;
    assert_eq!(result.columns, ["a"]);
    assert_eq!(type_names(&result), ["bigint"]);
    assert_eq!(result.rows, vec![vec![BigInt(1)]]);
}

async fn raw_error(db: &TestDb, sql: &str, params: Vec<PrismaValue>) -> DatabaseError {
    let connection = db.driver.connection().await.unwrap();
    connection
        .query(&stmt(sql, params), ColumnTypes::Infer)
        .await
        .unwrap_err()
}

fn other(code: Option<&str>, message: &str) -> DatabaseError {
    DatabaseError::Other {
        code: code.map(str::to_owned),
        message: message.to_owned(),
    }
}

#[tokio::test]
async fn raw_errors_keep_sqlite_codes_and_messages() {
    let db = golden_table().await;
    assert_eq!(
        raw_error(&db, "SELEC 1", vec![]).await,
        other(Some("1"), "near \"SELEC\": syntax error")
    );
    assert_eq!(
        raw_error(&db, "SELECT * FROM nope", vec![]).await,
        other(Some("1"), "no such table: nope")
    );
    assert_eq!(
        raw_error(&db, "INSERT INTO R (id, s, i, bi, f, d, b, dt, by) VALUES (1, 'dup', 0, 0, 0, 0, 0, 0, x'') RETURNING id", vec![])
            .await,
        other(Some("1555"), "UNIQUE constraint failed: R.id")
    );
    assert_eq!(
        raw_error(&db, "SELECT ? AS a, ? AS b", vec![Int(1)]).await,
        other(None, "N/A")
    );
    assert_eq!(
        raw_error(&db, "SELECT ? AS a", vec![Int(1), Int(2)]).await,
        other(None, "N/A")
    );
    assert_eq!(
        raw_error(
            &db,
            "SELECT ? AS a",
            vec![PrismaValue::List(vec![Int(1), Int(2)])]
        )
        .await,
        other(None, ARRAYS_UNSUPPORTED)
    );
}

#[tokio::test]
async fn execute_of_a_select_is_refused() {
    let db = TestDb::new().await;
    let connection = db.driver.connection().await.unwrap();
    assert_eq!(
        connection.execute(&stmt("SELECT 1", vec![])).await,
        Err(other(None, EXECUTE_RETURNED_RESULTS))
    );
}

#[test]
fn raw_execute_reports_the_extended_code() {
    let connection = rusqlite::Connection::open_in_memory().unwrap();
    connection
        .execute_batch("CREATE TABLE R (id INTEGER PRIMARY KEY); INSERT INTO R VALUES (1)")
        .unwrap();
    let result =
        crate::session::execute(&connection, "INSERT INTO R VALUES (1)", &[], ErrorMode::Raw);
    assert_eq!(
        result,
        Err(other(Some("1555"), "UNIQUE constraint failed: R.id"))
    );
}
