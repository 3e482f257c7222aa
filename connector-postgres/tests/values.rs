//! Binding and reading back every value type through model queries.

mod support;

use std::str::FromStr;

use bigdecimal::BigDecimal;
use chrono::DateTime;
use engine_core::connector::{
    ColumnTypes, DatabaseError, ListElement, SqlQueryable, TypeIdentifier as T,
};
use engine_core::value::PrismaValue as V;
use support::{exec, stmt, TestSchema};

fn dt(text: &str) -> V {
    V::DateTime(DateTime::parse_from_rfc3339(text).unwrap())
}

/// A JSON string body for `text` (quotes and backslashes escaped).
fn json_escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

fn dec(text: &str) -> V {
    V::Decimal(BigDecimal::from_str(text).unwrap())
}

const TABLE: &str = r#"CREATE TABLE "All" (
    id int4 PRIMARY KEY,
    s text, vc varchar(20), i int4, sm int2, bi int8, f float8, r float4, d numeric, b bool,
    ts timestamp(3), tz timestamptz, da date, ti time, j jsonb, js json, by bytea, u uuid, fl "Flag",
    tags text[], nums int4[], bigs int8[], dts timestamp(3)[], flags "Flag"[], decs numeric[]
)"#;

const COLUMNS: &str = "id, s, vc, i, sm, bi, f, r, d, b, ts, tz, da, ti, j, js, by, u, fl, tags, nums, bigs, dts, flags, decs";

const TYPES: [T; 25] = [
    T::Int,
    T::String,
    T::String,
    T::Int,
    T::Int,
    T::BigInt,
    T::Float,
    T::Float,
    T::Decimal,
    T::Boolean,
    T::DateTime,
    T::DateTime,
    T::DateTime,
    T::DateTime,
    T::Json,
    T::Json,
    T::Bytes,
    T::String,
    T::Enum,
    T::List(ListElement::String),
    T::List(ListElement::Int),
    T::List(ListElement::BigInt),
    T::List(ListElement::DateTime),
    T::List(ListElement::Enum),
    T::List(ListElement::Decimal),
];

fn insert_sql() -> String {
    let placeholders: Vec<String> = (1..=25).map(|i| format!("${i}")).collect();
    format!(
        r#"INSERT INTO "All" ({COLUMNS}) VALUES ({})"#,
        placeholders.join(", ")
    )
}

async fn round_trip(driver: &connector_postgres::PostgresDriver, row: Vec<V>) -> Vec<V> {
    let id = row[0].clone();
    exec(driver, &insert_sql(), row).await;
    let conn = driver.postgres_connection().await.unwrap();
    let result = conn
        .query(
            &stmt(
                &format!(r#"SELECT {COLUMNS} FROM "All" WHERE id = $1"#),
                vec![id],
            ),
            ColumnTypes::Known(&TYPES),
        )
        .await
        .unwrap();
    assert_eq!(result.columns.len(), 25);
    assert!(
        result.raw_types.is_empty(),
        "model queries report no raw types"
    );
    result
        .rows
        .into_iter()
        .next()
        .expect("the row just inserted")
}

#[tokio::test]
async fn every_type_round_trips() {
    let Some(base) = support::base_url() else {
        return;
    };
    let schema = TestSchema::new(&base).await;
    let driver = schema.driver("").await;
    exec(
        &driver,
        r#"CREATE TYPE "Flag" AS ENUM ('A', 'B', 'C')"#,
        vec![],
    )
    .await;
    exec(&driver, TABLE, vec![]).await;

    let hostile = [
        "it's \"quoted\"",
        "back\\slash \\x00 \\n",
        "'; DROP TABLE \"All\"; --",
        "emoji 🦀👩‍👩‍👧 and astral 𝕏",
        "RTL: שלום עולם مرحبا",
        "",
    ];
    for (n, text) in hostile.iter().enumerate() {
        let id = n as i64 + 1;
        let row = vec![
            V::Int(id),
            V::String((*text).to_owned()),
            V::String("é".repeat(20)),
            V::Int(i64::from(i32::MIN)),
            V::Int(i64::from(i16::MAX)),
            V::BigInt(if n % 2 == 0 { i64::MIN } else { i64::MAX }),
            V::Float(-0.1),
            V::Float(1.1),
            dec("-1234567890123456789012345678901234567890.0000000001"),
            V::Boolean(n % 2 == 0),
            dt("0001-01-01T00:00:00.000Z"),
            dt("9999-12-31T23:59:59.999+00:00"),
            dt("1969-12-31T00:00:00Z"),
            dt("1970-01-01T23:59:59.999999Z"),
            V::Json(format!(
                "{{\"text\": \"{}\", \"n\": [1, 2.5, null]}}",
                json_escape(text)
            )),
            V::Json("[1, \"a\"]".into()),
            V::Bytes(vec![0, 255, 1, 2, 0]),
            V::String("00000000-0000-0000-0000-000000000001".into()),
            V::Enum("B".into()),
            V::List(vec![
                V::String((*text).into()),
                V::Null,
                V::String("{a,\"b\"}".into()),
            ]),
            V::List(vec![V::Int(1), V::Int(-2)]),
            V::List(vec![V::BigInt(i64::MAX)]),
            V::List(vec![dt("2024-02-29T12:00:00.123Z")]),
            V::List(vec![V::Enum("A".into()), V::Enum("C".into())]),
            V::List(vec![dec("0.000000000000000000000000000001"), dec("1e20")]),
        ];
        let back = round_trip(&driver, row).await;
        assert_eq!(back[0], V::Int(id));
        assert_eq!(back[1], V::String((*text).to_owned()));
        assert_eq!(back[2], V::String("é".repeat(20)));
        assert_eq!(back[3], V::Int(i64::from(i32::MIN)));
        assert_eq!(back[4], V::Int(32767));
        assert_eq!(
            back[5],
            V::BigInt(if n % 2 == 0 { i64::MIN } else { i64::MAX })
        );
        assert_eq!(back[6], V::Float(-0.1));
        assert_eq!(
            back[7],
            V::Float(1.1),
            "float4 reads back by its shortest spelling"
        );
        let V::Decimal(d) = &back[8] else {
            panic!("{:?}", back[8])
        };
        assert_eq!(
            d.to_string(),
            "-1234567890123456789012345678901234567890.0000000001"
        );
        assert_eq!(back[9], V::Boolean(n % 2 == 0));
        assert_eq!(back[10], dt("0001-01-01T00:00:00Z"));
        assert_eq!(back[11], dt("9999-12-31T23:59:59.999Z"));
        assert_eq!(back[12], dt("1969-12-31T00:00:00Z"));
        assert_eq!(back[13], dt("1970-01-01T23:59:59.999999Z"));
        let V::Json(json) = &back[14] else {
            panic!("{:?}", back[14])
        };
        assert!(json.contains("\"n\":[1,2.5,null]"), "{json}");
        assert_eq!(
            back[15],
            V::Json("[1,\"a\"]".into()),
            "json comes back compact, as Prisma writes it"
        );
        assert_eq!(back[16], V::Bytes(vec![0, 255, 1, 2, 0]));
        assert_eq!(
            back[17],
            V::String("00000000-0000-0000-0000-000000000001".into())
        );
        assert_eq!(back[18], V::Enum("B".into()));
        assert_eq!(
            back[19],
            V::List(vec![
                V::String((*text).into()),
                V::Null,
                V::String("{a,\"b\"}".into())
            ])
        );
        assert_eq!(back[20], V::List(vec![V::Int(1), V::Int(-2)]));
        assert_eq!(back[21], V::List(vec![V::BigInt(i64::MAX)]));
        assert_eq!(back[22], V::List(vec![dt("2024-02-29T12:00:00.123Z")]));
        assert_eq!(
            back[23],
            V::List(vec![V::Enum("A".into()), V::Enum("C".into())])
        );
        assert_eq!(
            back[24],
            V::List(vec![dec("0.000000000000000000000000000001"), dec("1e20")])
        );
    }
}

#[tokio::test]
async fn nulls_and_empty_lists_round_trip() {
    let Some(base) = support::base_url() else {
        return;
    };
    let schema = TestSchema::new(&base).await;
    let driver = schema.driver("").await;
    exec(&driver, r#"CREATE TYPE "Flag" AS ENUM ('A')"#, vec![]).await;
    exec(&driver, TABLE, vec![]).await;
    let mut row = vec![V::Int(1)];
    row.extend(std::iter::repeat_n(V::Null, 18));
    row.extend(std::iter::repeat_n(V::List(vec![]), 6));
    let back = round_trip(&driver, row).await;
    assert!(back[1..19].iter().all(V::is_null), "{back:?}");
    assert!(back[19..].iter().all(|v| *v == V::List(vec![])), "{back:?}");
}

#[tokio::test]
async fn values_adapt_to_the_inferred_parameter_type() {
    let Some(base) = support::base_url() else {
        return;
    };
    let schema = TestSchema::new(&base).await;
    let driver = schema.driver("").await;
    exec(
        &driver,
        "CREATE TABLE t (big int8, num numeric, txt text, dt date, d5 numeric(5,2))",
        vec![],
    )
    .await;
    exec(
        &driver,
        "INSERT INTO t VALUES ($1, $2, $3, $4, $5)",
        vec![
            V::Int(7),
            V::Int(8),
            V::Int(9),
            dt("2024-05-01T23:30:00Z"),
            dec("1.005"),
        ],
    )
    .await;
    let conn = driver.postgres_connection().await.unwrap();
    let result = conn
        .query(
            &stmt(
                "SELECT big, num, txt, dt, d5 FROM t WHERE txt = $1 AND num = $2",
                vec![V::Int(9), V::Float(8.0)],
            ),
            ColumnTypes::Known(&[T::BigInt, T::Decimal, T::String, T::DateTime, T::Decimal]),
        )
        .await
        .unwrap();
    assert_eq!(
        result.rows,
        vec![vec![
            V::BigInt(7),
            dec("8"),
            V::String("9".into()),
            dt("2024-05-01T00:00:00Z"),
            dec("1.01")
        ]]
    );
}

#[tokio::test]
async fn a_nul_character_is_a_clean_error() {
    let Some(base) = support::base_url() else {
        return;
    };
    let schema = TestSchema::new(&base).await;
    let driver = schema.driver("").await;
    exec(&driver, "CREATE TABLE t (s text)", vec![]).await;
    let conn = driver.postgres_connection().await.unwrap();
    let err = conn
        .execute(&stmt(
            "INSERT INTO t VALUES ($1)",
            vec![V::String("a\0b".into())],
        ))
        .await
        .unwrap_err();
    let DatabaseError::Other { code, message } = err else {
        panic!("{err:?}")
    };
    assert_eq!(code.as_deref(), Some("22021"));
    assert!(message.contains("0x00"), "{message}");
    // The connection is still usable afterwards.
    assert_eq!(
        conn.execute(&stmt(
            "INSERT INTO t VALUES ($1)",
            vec![V::String("ok".into())]
        ))
        .await,
        Ok(1)
    );
}

#[tokio::test]
async fn integers_too_large_for_the_column_fail_before_reaching_the_server() {
    let Some(base) = support::base_url() else {
        return;
    };
    let schema = TestSchema::new(&base).await;
    let driver = schema.driver("").await;
    exec(&driver, "CREATE TABLE t (small int2, n int4)", vec![]).await;
    let conn = driver.postgres_connection().await.unwrap();
    // The error names the parameter's position, as Prisma's text does (`ToSql(1)`).
    let err = conn
        .execute(&stmt(
            "INSERT INTO t (n, small) VALUES ($1, $2)",
            vec![V::Int(1), V::Int(32768)],
        ))
        .await
        .unwrap_err();
    assert_eq!(
        err,
        DatabaseError::ParameterConversion {
            index: 1,
            message: "Unable to fit integer value '32768' into an INT2 (16-bit signed integer)."
                .into()
        }
    );
    let err = conn
        .execute(&stmt(
            "INSERT INTO t (n) VALUES ($1)",
            vec![V::Int(2_147_483_648)],
        ))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, DatabaseError::ParameterConversion { index: 0, message } if message.contains("into an INT4 (32-bit")),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_value_of_the_wrong_schema_type_is_a_conversion_error() {
    let Some(base) = support::base_url() else {
        return;
    };
    let schema = TestSchema::new(&base).await;
    let driver = schema.driver("").await;
    let conn = driver.postgres_connection().await.unwrap();
    let err = conn
        .query(
            &stmt("SELECT 'x'::bytea AS b", vec![]),
            ColumnTypes::Known(&[T::Int]),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            DatabaseError::Conversion {
                expected: T::Int,
                ..
            }
        ),
        "{err:?}"
    );
}
