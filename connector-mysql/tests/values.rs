//! Values both ways, raw type inference and error classification against a live server.

mod support;

use engine_core::connector::{
    ColumnTypes, ConstraintRef, DatabaseError, SqlDriver, TypeIdentifier as T,
};
use engine_core::value::PrismaValue as V;
use support::{exec, raw, stmt, type_names, TestDatabase};

fn datetime(text: &str) -> V {
    V::DateTime(chrono::DateTime::parse_from_rfc3339(text).unwrap())
}

#[tokio::test]
async fn model_values_round_trip_by_schema_type() {
    let Some(base) = support::base_url() else {
        return;
    };
    let db = TestDatabase::new(&base).await;
    let driver = db.driver("").await;
    exec(
        &driver,
        "CREATE TABLE v (id INT PRIMARY KEY, b BOOLEAN, i INT, bi BIGINT, f DOUBLE, d DECIMAL(65,30), \
         s VARCHAR(191), dt DATETIME(3), j JSON, by_ LONGBLOB, e ENUM('A','B')) \
         DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
        vec![],
    )
    .await;
    let values = vec![
        V::Int(1),
        V::Boolean(true),
        V::Int(-7),
        V::BigInt(i64::MIN),
        V::Float(1.5),
        V::Decimal("12.50".parse().unwrap()),
        V::String("it's \"ü\"".into()),
        datetime("2024-05-01T12:30:00.123Z"),
        V::Json(r#"{"a":[1,2]}"#.into()),
        V::Bytes(vec![0, 255, 1]),
        V::Enum("B".into()),
    ];
    exec(
        &driver,
        "INSERT INTO v VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        values,
    )
    .await;
    let conn = driver.connection().await.unwrap();
    let types = [
        T::Int,
        T::Boolean,
        T::Int,
        T::BigInt,
        T::Float,
        T::Decimal,
        T::String,
        T::DateTime,
        T::Json,
        T::Bytes,
        T::Enum,
    ];
    let result = conn
        .query(&stmt("SELECT * FROM v", vec![]), ColumnTypes::Known(&types))
        .await
        .unwrap();
    assert_eq!(
        result.rows,
        vec![vec![
            V::Int(1),
            V::Boolean(true),
            V::Int(-7),
            V::BigInt(i64::MIN),
            V::Float(1.5),
            V::Decimal("12.5".parse().unwrap()),
            V::String("it's \"ü\"".into()),
            datetime("2024-05-01T12:30:00.123Z"),
            V::Json(r#"{"a":[1,2]}"#.into()),
            V::Bytes(vec![0, 255, 1]),
            V::Enum("B".into()),
        ]]
    );
}

#[tokio::test]
async fn raw_types_follow_prisma() {
    let Some(base) = support::base_url() else {
        return;
    };
    let driver = connector_mysql::MysqlDriver::connect(&base).await.unwrap();
    let result = raw(
        &driver,
        "SELECT CAST(1 AS SIGNED) AS si, CAST(1 AS UNSIGNED) AS ui, 1.50 AS num, \
         CAST(1.5 AS DOUBLE) AS dbl, 'x' AS str, X'0102' AS bl, NULL AS nu, \
         DATE('2024-01-01') AS da, TIME('12:34:56.789') AS ti, TIMESTAMP('2024-01-01 10:00:00.123') AS ts",
        vec![],
    )
    .await;
    assert_eq!(
        type_names(&result),
        [
            "int", "bigint", "decimal", "double", "string", "bytes", "int", "date", "time",
            "datetime"
        ]
    );
    assert_eq!(result.rows[0][0], V::Int(1));
    assert_eq!(result.rows[0][1], V::BigInt(1));
    assert_eq!(result.rows[0][2], V::Decimal("1.5".parse().unwrap()));
    assert_eq!(result.rows[0][5], V::Bytes(vec![1, 2]));
    assert_eq!(result.rows[0][6], V::Null);

    let params = raw(
        &driver,
        "SELECT ? AS i, ? AS s, ? AS t",
        vec![V::Int(1), V::String("x".into()), V::Boolean(true)],
    )
    .await;
    assert_eq!(type_names(&params), ["bigint", "string", "bigint"]);

    let empty = raw(&driver, "SELECT 1 AS a FROM DUAL WHERE 1 = 0", vec![]).await;
    assert!(empty.columns.is_empty() && empty.raw_types.is_empty());
}

#[tokio::test]
async fn raw_failures_keep_the_server_code() {
    let Some(base) = support::base_url() else {
        return;
    };
    let driver = connector_mysql::MysqlDriver::connect(&base).await.unwrap();
    let conn = driver.connection().await.unwrap();
    let err = conn
        .query(&stmt("SELEC 1", vec![]), ColumnTypes::Infer)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, DatabaseError::Other { code: Some(code), .. } if code == "1064"),
        "{err:?}"
    );
    let err = conn
        .query(
            &stmt("SELECT 18446744073709551615 AS umax", vec![]),
            ColumnTypes::Infer,
        )
        .await
        .unwrap_err();
    assert_eq!(
        err,
        DatabaseError::Other {
            code: None,
            message: "N/A".into()
        }
    );
    let err = conn
        .query(
            &stmt("SELECT ? AS a", vec![V::List(vec![V::Int(1)])]),
            ColumnTypes::Infer,
        )
        .await
        .unwrap_err();
    assert_eq!(
        err,
        DatabaseError::Other {
            code: None,
            message: "Arrays are not supported in MySQL.".into()
        }
    );
    // The connection still works after driver-side failures.
    conn.query(&stmt("SELECT 1", vec![]), ColumnTypes::Infer)
        .await
        .unwrap();
}

#[tokio::test]
async fn model_failures_are_classified() {
    let Some(base) = support::base_url() else {
        return;
    };
    let db = TestDatabase::new(&base).await;
    let driver = db.driver("").await;
    exec(
        &driver,
        "CREATE TABLE u (id INT PRIMARY KEY, email VARCHAR(5) NOT NULL, small SMALLINT, \
         UNIQUE INDEX u_email_key (email))",
        vec![],
    )
    .await;
    exec(
        &driver,
        "CREATE TABLE p (id INT PRIMARY KEY, uid INT NOT NULL, \
         CONSTRAINT p_uid_fkey FOREIGN KEY (uid) REFERENCES u (id))",
        vec![],
    )
    .await;
    exec(&driver, "INSERT INTO u VALUES (1, 'a', 1)", vec![]).await;
    let conn = driver.connection().await.unwrap();
    let run = |sql: &'static str| {
        let conn = &conn;
        async move { conn.execute(&stmt(sql, vec![])).await.unwrap_err() }
    };
    assert_eq!(
        run("INSERT INTO u VALUES (2, 'a', 1)").await,
        DatabaseError::UniqueViolation(ConstraintRef::Index("u_email_key".into()))
    );
    assert_eq!(
        run("INSERT INTO u VALUES (1, 'b', 1)").await,
        DatabaseError::UniqueViolation(ConstraintRef::Index("PRIMARY".into()))
    );
    assert_eq!(
        run("INSERT INTO p VALUES (1, 99)").await,
        DatabaseError::ForeignKeyViolation(ConstraintRef::Columns(vec!["uid".into()]))
    );
    assert_eq!(
        run("INSERT INTO u (id, email) VALUES (3, NULL)").await,
        DatabaseError::NullViolation(ConstraintRef::Columns(vec!["email".into()]))
    );
    assert_eq!(
        run("INSERT INTO u VALUES (3, 'toolong', 1)").await,
        DatabaseError::ValueTooLong {
            column: "email".into()
        }
    );
    assert_eq!(
        run("INSERT INTO u VALUES (3, 'c', 99999)").await,
        DatabaseError::ValueOutOfRange {
            message: "Out of range value for column 'small' at row 1".into()
        }
    );
    assert!(matches!(
        run("SELECT * FROM nope").await,
        DatabaseError::TableDoesNotExist { .. }
    ));
    assert_eq!(
        run("SELECT nope FROM u").await,
        DatabaseError::ColumnDoesNotExist {
            column: "nope".into()
        }
    );
}
