//! Raw queries against the recorded Prisma 5.19 goldens (scenario 57, PostgreSQL).

mod support;

use std::str::FromStr;

use bigdecimal::BigDecimal;
use chrono::DateTime;
use engine_core::connector::{ColumnTypes, DatabaseError, SqlQueryable};
use engine_core::value::PrismaValue as V;
use support::{exec, raw, stmt, type_names, TestSchema};

fn dt(text: &str) -> V {
    V::DateTime(DateTime::parse_from_rfc3339(text).unwrap())
}

fn dec(text: &str) -> V {
    V::Decimal(BigDecimal::from_str(text).unwrap())
}

async fn raw_error(
    driver: &connector_postgres::PostgresDriver,
    sql: &str,
    params: Vec<V>,
) -> (Option<String>, String) {
    let conn = driver.postgres_connection().await.unwrap();
    match conn.query(&stmt(sql, params), ColumnTypes::Infer).await {
        Err(DatabaseError::Other { code, message }) => (code, message),
        other => panic!("{sql}: expected a raw error, got {other:?}"),
    }
}

const TABLE_R: &str = r#"CREATE TABLE "R" (id int4 PRIMARY KEY, s text NOT NULL, i int4 NOT NULL, bi int8 NOT NULL,
    f float8 NOT NULL, d numeric(65,30) NOT NULL, b bool NOT NULL, dt timestamp(3) NOT NULL, "by" bytea NOT NULL, os text)"#;

#[tokio::test]
async fn column_types_and_values() {
    let Some(base) = support::base_url() else {
        return;
    };
    let schema = TestSchema::new(&base).await;
    let driver = schema.driver("").await;
    let result = raw(
        &driver,
        r#"SELECT 1::int2 AS i2, 1::int4 AS i4, 1::int8 AS i8, 1.5::float4 AS f4, 1.5::float8 AS f8, 1.50::numeric(10,3) AS num, 'x'::char(3) AS ch, 'x'::varchar AS vc, 'x'::text AS tx, true AS bo, '2024-01-01'::date AS da, '12:34:56.789'::time AS ti, '2024-01-01 10:00:00+02'::timestamptz AS tz, '2024-01-01 10:00:00'::timestamp AS ts, '00000000-0000-0000-0000-000000000001'::uuid AS uu, '{"a":1}'::json AS js, '{"b":2}'::jsonb AS jb, '\x0102'::bytea AS ba"#,
        vec![],
    )
    .await;
    assert_eq!(
        result.columns,
        [
            "i2", "i4", "i8", "f4", "f8", "num", "ch", "vc", "tx", "bo", "da", "ti", "tz", "ts",
            "uu", "js", "jb", "ba"
        ]
    );
    assert_eq!(
        type_names(&result),
        [
            "int", "int", "bigint", "float", "double", "decimal", "string", "string", "string",
            "bool", "date", "time", "datetime", "datetime", "uuid", "json", "json", "bytes"
        ]
    );
    assert_eq!(
        result.rows,
        vec![vec![
            V::Int(1),
            V::Int(1),
            V::BigInt(1),
            V::Float(1.5),
            V::Float(1.5),
            dec("1.5"),
            V::String("x  ".into()),
            V::String("x".into()),
            V::String("x".into()),
            V::Boolean(true),
            dt("2024-01-01T00:00:00Z"),
            dt("1970-01-01T12:34:56.789Z"),
            dt("2024-01-01T08:00:00Z"),
            dt("2024-01-01T10:00:00Z"),
            V::String("00000000-0000-0000-0000-000000000001".into()),
            V::Json(r#"{"a":1}"#.into()),
            V::Json(r#"{"b":2}"#.into()),
            V::Bytes(vec![1, 2]),
        ]]
    );
}

#[tokio::test]
async fn array_columns_and_parameters() {
    let Some(base) = support::base_url() else {
        return;
    };
    let schema = TestSchema::new(&base).await;
    let driver = schema.driver("").await;
    let result = raw(
        &driver,
        "SELECT ARRAY[1,2]::int4[] AS ai, ARRAY['a',NULL]::text[] AS at, ARRAY[1.5]::numeric[] AS an, ARRAY[true,false] AS ab, ARRAY['2024-01-01'::date] AS ad, ARRAY[]::int8[] AS ae",
        vec![],
    )
    .await;
    assert_eq!(
        type_names(&result),
        [
            "int-array",
            "string-array",
            "decimal-array",
            "bool-array",
            "date-array",
            "bigint-array"
        ]
    );
    assert_eq!(
        result.rows[0],
        vec![
            V::List(vec![V::Int(1), V::Int(2)]),
            V::List(vec![V::String("a".into()), V::Null]),
            V::List(vec![dec("1.5")]),
            V::List(vec![V::Boolean(true), V::Boolean(false)]),
            V::List(vec![dt("2024-01-01T00:00:00Z")]),
            V::List(vec![]),
        ]
    );

    let result = raw(
        &driver,
        "SELECT $1::int[] AS ints, $2::text[] AS texts",
        vec![
            V::List(vec![V::Int(1), V::Int(2), V::Int(3)]),
            V::List(vec![V::String("a".into()), V::String("b".into())]),
        ],
    )
    .await;
    assert_eq!(type_names(&result), ["int-array", "string-array"]);
    assert_eq!(
        result.rows[0],
        vec![
            V::List(vec![V::Int(1), V::Int(2), V::Int(3)]),
            V::List(vec![V::String("a".into()), V::String("b".into())])
        ]
    );

    let result = raw(
        &driver,
        "SELECT $1::jsonb AS j",
        vec![V::Json(r#"{"k":[1,2]}"#.into())],
    )
    .await;
    assert_eq!(type_names(&result), ["json"]);
    assert_eq!(result.rows[0], vec![V::Json(r#"{"k":[1,2]}"#.into())]);
}

#[tokio::test]
async fn parameters_are_typed_by_their_values() {
    let Some(base) = support::base_url() else {
        return;
    };
    let schema = TestSchema::new(&base).await;
    let driver = schema.driver("").await;

    let result = raw(
        &driver,
        "SELECT $1::int AS i, $2::text AS s, $3::float8 AS f, $4::bool AS t, $5::text AS n",
        vec![
            V::Int(1),
            V::String("x".into()),
            V::Float(1.5),
            V::Boolean(true),
            V::Null,
        ],
    )
    .await;
    assert_eq!(
        type_names(&result),
        ["int", "string", "double", "bool", "string"]
    );
    assert_eq!(
        result.rows[0],
        vec![
            V::Int(1),
            V::String("x".into()),
            V::Float(1.5),
            V::Boolean(true),
            V::Null
        ]
    );

    let result = raw(
        &driver,
        "SELECT $1 AS a, $2 AS b, $3 AS c",
        vec![V::Int(1), V::String("x".into()), V::Boolean(true)],
    )
    .await;
    assert_eq!(type_names(&result), ["bigint", "string", "bool"]);
    assert_eq!(
        result.rows[0],
        vec![V::BigInt(1), V::String("x".into()), V::Boolean(true)]
    );

    let result = raw(
        &driver,
        "SELECT $1 AS big, $2 AS dec, $3 AS dt, $4 AS by",
        vec![
            V::BigInt(9007199254740993),
            dec("1.10"),
            dt("2024-01-01T00:00:00.000Z"),
            V::Bytes(vec![1, 2, 3]),
        ],
    )
    .await;
    assert_eq!(
        type_names(&result),
        ["bigint", "decimal", "datetime", "bytes"]
    );
    assert_eq!(
        result.rows[0],
        vec![
            V::BigInt(9007199254740993),
            dec("1.1"),
            dt("2024-01-01T00:00:00Z"),
            V::Bytes(vec![1, 2, 3])
        ]
    );

    // More parameters than placeholders: the extra ones are ignored, as in Prisma.
    let result = raw(&driver, "SELECT $1::int AS a", vec![V::Int(1), V::Int(2)]).await;
    assert_eq!(type_names(&result), ["int"]);
    assert_eq!(result.rows, vec![vec![V::Int(1)]]);
}

#[tokio::test]
async fn special_floats_numerics_and_aggregates() {
    let Some(base) = support::base_url() else {
        return;
    };
    let schema = TestSchema::new(&base).await;
    let driver = schema.driver("").await;
    let result = raw(
        &driver,
        "SELECT 'NaN'::float8 AS nan, 'Infinity'::float8 AS inf, '-Infinity'::float8 AS ninf, '-0'::float8 AS negzero, 'NaN'::numeric AS nnum, 1e308::float8 AS big, 123456789012345678901234567890.123456789::numeric AS longnum",
        vec![],
    )
    .await;
    assert_eq!(
        type_names(&result),
        ["double", "double", "double", "double", "decimal", "double", "decimal"]
    );
    let row = &result.rows[0];
    assert_eq!(&row[..3], &[V::Null, V::Null, V::Null]);
    assert!(matches!(row[3], V::Float(f) if f == 0.0 && f.is_sign_negative()));
    assert_eq!(row[4], dec("0"));
    assert_eq!(row[5], V::Float(1e308));
    let V::Decimal(long) = &row[6] else {
        panic!("{:?}", row[6])
    };
    assert_eq!(long.to_string(), "123456789012345678901234567890.123456789");

    exec(&driver, TABLE_R, vec![]).await;
    let conn = driver.postgres_connection().await.unwrap();
    for (id, i, f, d) in [
        (1, 42, 1.5, "12.50"),
        (2, -7, 2.25, "0.1"),
        (3, 0, 0.5, "3.14"),
    ] {
        conn.execute_raw(&stmt(
            r#"INSERT INTO "R" (id, s, i, bi, f, d, b, dt, "by") VALUES ($1, 's', $2, 0, $3, $4, true, now(), '')"#,
            vec![V::Int(id), V::Int(i), V::Float(f), dec(d)],
        ))
        .await
        .unwrap();
    }
    let result = raw(
        &driver,
        r#"SELECT COUNT(*) AS n, SUM(i) AS total, AVG(f) AS avg, SUM(d) AS dsum FROM "R""#,
        vec![],
    )
    .await;
    assert_eq!(
        type_names(&result),
        ["bigint", "bigint", "double", "decimal"]
    );
    let V::Decimal(sum) = &result.rows[0][3] else {
        panic!()
    };
    assert_eq!(sum.normalized().to_string(), "15.74");
    assert_eq!(
        &result.rows[0][..3],
        &[V::BigInt(3), V::BigInt(35), V::Float(1.4166666666666667)]
    );

    let empty = raw(
        &driver,
        r#"SELECT id, s, d FROM "R" WHERE id < $1"#,
        vec![V::Int(0)],
    )
    .await;
    assert_eq!(empty.columns, ["id", "s", "d"]);
    assert_eq!(type_names(&empty), ["int", "string", "decimal"]);
    assert!(empty.rows.is_empty());
}

#[tokio::test]
async fn other_column_types() {
    let Some(base) = support::base_url() else {
        return;
    };
    let schema = TestSchema::new(&base).await;
    let driver = schema.driver("").await;
    exec(
        &driver,
        r#"CREATE TYPE "Mood" AS ENUM ('happy', 'sad')"#,
        vec![],
    )
    .await;
    let result = raw(
        &driver,
        r#"SELECT '127.0.0.1'::inet AS ip, '10.0.0.0/8'::cidr AS net, 'a'::name AS nm, 42::oid AS o, '<a/>'::xml AS x, 'happy'::"Mood" AS m, ARRAY['sad']::"Mood"[] AS ms, 'q'::"char" AS c, '101'::varbit AS bits, '12:00:00+02'::timetz AS tt"#,
        vec![],
    )
    .await;
    assert_eq!(
        type_names(&result),
        [
            "string",
            "string",
            "string",
            "bigint",
            "xml",
            "enum",
            "string-array",
            "char",
            "string",
            "time"
        ]
    );
    assert_eq!(
        result.rows[0],
        vec![
            V::String("127.0.0.1".into()),
            V::String("10.0.0.0/8".into()),
            V::String("a".into()),
            V::BigInt(42),
            V::String("<a/>".into()),
            V::String("happy".into()),
            V::List(vec![V::String("sad".into())]),
            V::String("q".into()),
            V::String("101".into()),
            dt("1970-01-01T10:00:00Z"),
        ]
    );

    let (code, message) = raw_error(&driver, "SELECT interval '1 day' AS iv, 1 AS n", vec![]).await;
    assert_eq!(code, None);
    assert_eq!(
        message,
        "Failed to deserialize column of type 'interval'. If you're using $queryRaw and this column is explicitly marked as `Unsupported` in your Prisma schema, try casting this column to any supported Prisma type such as `String`."
    );
    let empty = raw(&driver, "SELECT interval '1 day' AS iv WHERE false", vec![]).await;
    assert_eq!(type_names(&empty), ["unknown"]);
}

#[tokio::test]
async fn raw_errors_carry_prismas_code_and_message() {
    let Some(base) = support::base_url() else {
        return;
    };
    let schema = TestSchema::new(&base).await;
    let driver = schema.driver("").await;
    exec(&driver, TABLE_R, vec![]).await;
    let conn = driver.postgres_connection().await.unwrap();

    let all_types = vec![
        V::Int(2),
        V::String("it's \"quoted\"".into()),
        V::Int(-7),
        V::BigInt(i64::MIN),
        V::Float(2.25),
        dec("0.1"),
        V::Boolean(false),
        dt("2024-01-02T03:04:05.678Z"),
        V::Bytes(vec![0xff, 0, 0xff]),
        V::Null,
    ];
    let insert = r#"INSERT INTO "R" (id, s, i, bi, f, d, b, dt, "by", os) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"#;
    assert_eq!(conn.execute_raw(&stmt(insert, all_types)).await, Ok(1));

    let untagged = vec![
        V::Int(3),
        V::String("untagged".into()),
        V::Int(0),
        V::Int(5),
        V::Float(0.5),
        V::String("3.14".into()),
        V::Boolean(true),
        V::String("2024-01-02T03:04:05.678Z".into()),
        V::String("AQID".into()),
    ];
    let err = conn
        .execute_raw(&stmt(
            r#"INSERT INTO "R" (id, s, i, bi, f, d, b, dt, "by") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"#,
            untagged.clone(),
        ))
        .await
        .unwrap_err();
    assert_eq!(
        err,
        DatabaseError::Other {
            code: Some("42804".into()),
            message: "ERROR: column \"d\" is of type numeric but expression is of type text\nHINT: You will need to rewrite or cast the expression.".into()
        }
    );
    let with_casts = r#"INSERT INTO "R" (id, s, i, bi, f, d, b, dt, "by") VALUES ($1, $2, $3, $4, $5, $6::numeric, $7, $8::timestamp, decode($9, 'base64'))"#;
    assert_eq!(conn.execute_raw(&stmt(with_casts, untagged)).await, Ok(1));

    let rows = raw(&driver, r#"SELECT * FROM "R" ORDER BY id"#, vec![]).await;
    assert_eq!(
        type_names(&rows),
        [
            "int", "string", "int", "bigint", "double", "decimal", "bool", "datetime", "bytes",
            "string"
        ]
    );
    assert_eq!(rows.rows[0][7], dt("2024-01-02T03:04:05.678Z"));
    assert_eq!(rows.rows[1][8], V::Bytes(vec![1, 2, 3]));

    let cases: [(&str, Vec<V>, &str, &str); 6] = [
        (
            "SELEC 1",
            vec![],
            "42601",
            "ERROR: syntax error at or near \"SELEC\"",
        ),
        (
            "SELECT * FROM nope",
            vec![],
            "42P01",
            "relation \"nope\" does not exist",
        ),
        (
            r#"INSERT INTO "R" (id, s, i, bi, f, d, b, dt, "by") VALUES (2, 'dup', 0, 0, 0, 0, false, now(), '')"#,
            vec![],
            "23505",
            "Key (id)=(2) already exists.",
        ),
        (
            "SELECT $1::int AS a",
            vec![V::String("not a number".into())],
            "22P02",
            "ERROR: invalid input syntax for type integer: \"not a number\"",
        ),
        (
            "SELECT 1 AS a; SELECT 2 AS b",
            vec![],
            "42601",
            "ERROR: cannot insert multiple commands into a prepared statement",
        ),
        (
            "SELECT 1/0 AS x",
            vec![],
            "22012",
            "ERROR: division by zero",
        ),
    ];
    for (sql, params, code, message) in cases {
        assert_eq!(
            raw_error(&driver, sql, params).await,
            (Some(code.to_owned()), message.to_owned()),
            "{sql}"
        );
    }

    let (code, message) = raw_error(
        &driver,
        "SELECT $1::int AS a, $2::int AS b",
        vec![V::Int(1)],
    )
    .await;
    assert_eq!(code, None);
    assert_eq!(
        message,
        "Your raw query had an incorrect number of parameters. Expected: `2`, actual: `1`."
    );
}

#[tokio::test]
async fn pgbouncer_mode_runs_raw_and_model_statements_unnamed() {
    let Some(base) = support::base_url() else {
        return;
    };
    let schema = TestSchema::new(&base).await;
    let driver = schema.driver("pgbouncer=true").await;
    exec(
        &driver,
        "CREATE TABLE t (id int4, n numeric, at timestamptz, tags text[])",
        vec![],
    )
    .await;
    let conn = driver.postgres_connection().await.unwrap();
    let written = conn
        .execute(&stmt(
            "INSERT INTO t VALUES ($1, $2, $3, $4)",
            vec![
                V::Int(1),
                dec("12345678901234567890.5"),
                dt("2024-01-01T00:00:00.5Z"),
                V::List(vec![V::String("a \"b\"".into()), V::Null]),
            ],
        ))
        .await;
    assert_eq!(written, Ok(1));
    let result = raw(
        &driver,
        "SELECT $1 AS a, n, at, tags FROM t WHERE id = $2",
        vec![V::Int(5), V::Int(1)],
    )
    .await;
    assert_eq!(
        type_names(&result),
        ["bigint", "decimal", "datetime", "string-array"]
    );
    assert_eq!(
        result.rows[0],
        vec![
            V::BigInt(5),
            dec("12345678901234567890.5"),
            dt("2024-01-01T00:00:00.5Z"),
            V::List(vec![V::String("a \"b\"".into()), V::Null])
        ]
    );
    assert_eq!(conn.cached_statements(), 0);
    let unnamed = raw(
        &driver,
        "SELECT count(*) AS n FROM pg_prepared_statements",
        vec![],
    )
    .await;
    assert_eq!(unnamed.rows, vec![vec![V::BigInt(0)]]);
}
