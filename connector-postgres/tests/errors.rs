//! Each classified error, triggered for real.

mod support;

use std::str::FromStr;
use std::time::Duration;

use bigdecimal::BigDecimal;
use connector_postgres::PostgresDriver;
use engine_core::connector::{
    ConstraintRef, DatabaseError, IsolationLevel, SqlQueryable, SqlTransaction,
};
use engine_core::value::PrismaValue as V;
use support::{exec, stmt, TestSchema};

async fn failing(driver: &PostgresDriver, sql: &str, params: Vec<V>) -> DatabaseError {
    let conn = driver.postgres_connection().await.unwrap();
    conn.execute(&stmt(sql, params)).await.expect_err(sql)
}

#[tokio::test]
async fn constraint_violations() {
    let Some(base) = support::base_url() else {
        return;
    };
    let schema = TestSchema::new(&base).await;
    let driver = schema.driver("").await;
    exec(
        &driver,
        r#"CREATE TABLE "U" (id int4 PRIMARY KEY, email text UNIQUE, a text, b text, "userId" int4, CONSTRAINT "U_a_b_key" UNIQUE (a, b))"#,
        vec![],
    )
    .await;
    exec(
        &driver,
        r#"CREATE UNIQUE INDEX "custom_name" ON "U" ("userId")"#,
        vec![],
    )
    .await;
    exec(
        &driver,
        r#"CREATE TABLE "P" (id int4 PRIMARY KEY, "uId" int4 NOT NULL, CONSTRAINT "P_uId_fkey" FOREIGN KEY ("uId") REFERENCES "U"(id))"#,
        vec![],
    )
    .await;
    exec(
        &driver,
        r#"INSERT INTO "U" VALUES (1, 'a@x', 'x', 'y', 10)"#,
        vec![],
    )
    .await;

    let insert = r#"INSERT INTO "U" VALUES ($1, $2, $3, $4, $5)"#;
    let row = |id: i64, email: &str, a: &str, b: &str, user: i64| {
        vec![
            V::Int(id),
            V::String(email.into()),
            V::String(a.into()),
            V::String(b.into()),
            V::Int(user),
        ]
    };
    assert_eq!(
        failing(&driver, insert, row(2, "a@x", "1", "1", 20)).await,
        DatabaseError::UniqueViolation(ConstraintRef::Columns(vec!["email".into()]))
    );
    assert_eq!(
        failing(&driver, insert, row(2, "b@x", "x", "y", 20)).await,
        DatabaseError::UniqueViolation(ConstraintRef::Columns(vec!["a".into(), "b".into()]))
    );
    assert_eq!(
        failing(&driver, insert, row(2, "b@x", "1", "1", 10)).await,
        DatabaseError::UniqueViolation(ConstraintRef::Columns(vec!["userId".into()]))
    );
    assert_eq!(
        failing(&driver, insert, row(1, "b@x", "1", "1", 20)).await,
        DatabaseError::UniqueViolation(ConstraintRef::Columns(vec!["id".into()]))
    );
    assert_eq!(
        failing(
            &driver,
            r#"INSERT INTO "P" VALUES (1, $1)"#,
            vec![V::Int(99)]
        )
        .await,
        DatabaseError::ForeignKeyViolation(ConstraintRef::Index("P_uId_fkey".into()))
    );
    assert_eq!(
        failing(&driver, r#"INSERT INTO "P" VALUES (1, $1)"#, vec![V::Null]).await,
        DatabaseError::NullViolation(ConstraintRef::Columns(vec!["uId".into()]))
    );
}

#[tokio::test]
async fn value_errors() {
    let Some(base) = support::base_url() else {
        return;
    };
    let schema = TestSchema::new(&base).await;
    let driver = schema.driver("").await;
    exec(&driver, "CREATE TABLE v (short varchar(5), fixed char(3), money numeric(5,2), n int4, at timestamp)", vec![]).await;
    for sql in [
        "INSERT INTO v (short) VALUES ($1)",
        "INSERT INTO v (fixed) VALUES ($1)",
    ] {
        assert_eq!(
            failing(&driver, sql, vec![V::String("toolong".into())]).await,
            DatabaseError::ValueTooLong {
                column: "(not available)".into()
            }
        );
    }
    // Prisma 5.19 does not classify numeric overflow on PostgreSQL: the server's error is passed on.
    let err = failing(
        &driver,
        "INSERT INTO v (money) VALUES ($1)",
        vec![V::Decimal(BigDecimal::from_str("1000.00").unwrap())],
    )
    .await;
    assert_eq!(
        err,
        DatabaseError::Other {
            code: Some("22003".into()),
            message: "ERROR: numeric field overflow\nDETAIL: A field with precision 5, scale 2 must round to an absolute value less than 10^3.".into()
        }
    );
    exec(&driver, "INSERT INTO v (n) VALUES (2147483647)", vec![]).await;
    let err = failing(&driver, "UPDATE v SET n = n + $1", vec![V::Int(1)]).await;
    assert!(
        matches!(&err, DatabaseError::Other { code: Some(code), .. } if code == "22003"),
        "{err:?}"
    );
    let err = failing(
        &driver,
        "INSERT INTO v (at) VALUES ($1::text::timestamp)",
        vec![V::String("2024-13-45 00:00".into())],
    )
    .await;
    assert!(
        matches!(&err, DatabaseError::Other { code: Some(code), .. } if code == "22008"),
        "{err:?}"
    );
}

#[tokio::test]
async fn missing_tables_and_columns() {
    let Some(base) = support::base_url() else {
        return;
    };
    let schema = TestSchema::new(&base).await;
    let driver = schema.driver("").await;
    assert_eq!(
        failing(&driver, r#"DELETE FROM "Nope""#, vec![]).await,
        DatabaseError::TableDoesNotExist {
            table: "Nope".into()
        }
    );
    exec(&driver, "CREATE TABLE t (a int4)", vec![]).await;
    assert_eq!(
        failing(&driver, r#"UPDATE t SET "missing" = 1"#, vec![]).await,
        DatabaseError::ColumnDoesNotExist {
            column: "missing".into()
        }
    );
    let err = failing(&driver, "SELEC 1", vec![]).await;
    assert!(
        matches!(&err, DatabaseError::Other { code: Some(code), message } if code == "42601" && message.starts_with("ERROR: syntax error")),
        "{err:?}"
    );
}

#[tokio::test]
async fn serialization_failures_are_transaction_conflicts() {
    let Some(base) = support::base_url() else {
        return;
    };
    let schema = TestSchema::new(&base).await;
    let driver = schema.driver("connection_limit=2").await;
    exec(
        &driver,
        "CREATE TABLE acct (id int4 PRIMARY KEY, balance int4)",
        vec![],
    )
    .await;
    exec(&driver, "INSERT INTO acct VALUES (1, 0)", vec![]).await;

    let first = driver.postgres_connection().await.unwrap();
    let second = driver.postgres_connection().await.unwrap();
    let first = first
        .begin_transaction(Some(IsolationLevel::Serializable))
        .await
        .unwrap();
    let second = second
        .begin_transaction(Some(IsolationLevel::Serializable))
        .await
        .unwrap();
    let read = stmt("SELECT balance FROM acct WHERE id = 1", vec![]);
    first
        .query(&read, engine_core::connector::ColumnTypes::Infer)
        .await
        .unwrap();
    second
        .query(&read, engine_core::connector::ColumnTypes::Infer)
        .await
        .unwrap();
    let update = stmt("UPDATE acct SET balance = balance + 1 WHERE id = 1", vec![]);
    assert_eq!(first.execute(&update).await, Ok(1));
    // The second writer waits for the first, which then commits: the second cannot serialize.
    let (second_result, commit) = tokio::join!(second.execute(&update), async {
        tokio::time::sleep(Duration::from_millis(200)).await;
        Box::new(first).commit().await
    });
    assert_eq!(commit, Ok(()));
    assert_eq!(second_result, Err(DatabaseError::TransactionConflict));
    Box::new(second).rollback().await.unwrap();
}
