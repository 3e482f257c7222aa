//! Every value survives a write and a read in its schema type.

use super::{stmt, TestDb, ALL_TYPES_TABLE};
use bigdecimal::BigDecimal;
use chrono::DateTime;
use engine_core::connector::{ColumnTypes, SqlDriver, TypeIdentifier};
use engine_core::value::PrismaValue;
use std::str::FromStr;

/// Writes `values` into the column `column` of type `ty`, one row each, and reads them back.
async fn round_trip(
    column: &str,
    ty: TypeIdentifier,
    values: Vec<PrismaValue>,
) -> Vec<PrismaValue> {
    let db = TestDb::new().await;
    db.exec(ALL_TYPES_TABLE, vec![]).await;
    let insert = format!(r#"INSERT INTO "T" ("id", "{column}") VALUES (?, ?)"#);
    for (id, value) in values.into_iter().enumerate() {
        assert_eq!(
            db.exec(&insert, vec![PrismaValue::Int(id as i64), value])
                .await,
            1
        );
    }
    let select = format!(r#"SELECT "{column}" FROM "T" ORDER BY "id""#);
    let result = db.query_known(&select, vec![], &[ty]).await;
    assert_eq!(result.columns, vec![column.to_owned()]);
    result
        .rows
        .into_iter()
        .map(|mut row| row.remove(0))
        .collect()
}

fn strings(values: &[&str]) -> Vec<PrismaValue> {
    values
        .iter()
        .map(|s| PrismaValue::String((*s).to_owned()))
        .collect()
}

#[tokio::test]
async fn hostile_strings() {
    let long = "é🎉".repeat(300_000);
    let mut values = strings(&[
        "",
        "it's \"quoted\"",
        "back\\slash\\\\",
        "nul\0byte",
        "'; DROP TABLE T; --",
        "\"; DROP TABLE \"T\"; --",
        "😀 👨‍👩‍👧 family",
        "مرحبا بالعالم",
        "\u{202e}right-to-left override",
        "e\u{301} combining",
        "tab\tnew\nline\rcr \u{1}\u{1f}",
        "\u{feff}BOM",
        "\u{ffff}\u{10ffff}",
        "?",
        "$1 :name @p1",
    ]);
    values.push(PrismaValue::String(long));
    values.push(PrismaValue::Null);
    assert_eq!(
        round_trip("s", TypeIdentifier::String, values.clone()).await,
        values
    );
}

#[tokio::test]
async fn integers() {
    let values: Vec<PrismaValue> = [i64::MIN, -1, 0, 1, i64::from(i32::MAX), i64::MAX]
        .into_iter()
        .map(PrismaValue::BigInt)
        .chain([PrismaValue::Null])
        .collect();
    assert_eq!(
        round_trip("bi", TypeIdentifier::BigInt, values.clone()).await,
        values
    );

    let ints = vec![
        PrismaValue::Int(i64::from(i32::MIN)),
        PrismaValue::Int(42),
        PrismaValue::Int(i64::MAX),
    ];
    assert_eq!(
        round_trip("i", TypeIdentifier::Int, ints.clone()).await,
        ints
    );
}

#[tokio::test]
async fn floats() {
    let values: Vec<PrismaValue> = [
        0.0,
        -0.0,
        1.5,
        -2.25,
        0.1,
        f64::MAX,
        f64::MIN,
        f64::MIN_POSITIVE,
        5e-324,
        f64::EPSILON,
        1e308,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ]
    .into_iter()
    .map(PrismaValue::Float)
    .collect();
    let back = round_trip("f", TypeIdentifier::Float, values.clone()).await;
    for (written, read) in values.iter().zip(&back) {
        let (PrismaValue::Float(w), PrismaValue::Float(r)) = (written, read) else {
            panic!("{read:?} is not a float");
        };
        assert!(
            w.to_bits() == r.to_bits() || (*w == 0.0 && *r == 0.0),
            "{w} read back as {r}"
        );
    }
}

#[tokio::test]
async fn decimals_are_stored_as_doubles() {
    let written = [
        "0",
        "10.50",
        "-3.25",
        "0.1",
        "1234567890.123456789",
        "1.5e3",
        "-0.000001",
    ];
    let expected = [
        "0",
        "10.5",
        "-3.25",
        "0.1",
        "1234567890.1234567",
        "1500",
        "-0.000001",
    ];
    let decimal = |s: &str| PrismaValue::Decimal(BigDecimal::from_str(s).unwrap());
    let back = round_trip(
        "d",
        TypeIdentifier::Decimal,
        written.iter().map(|s| decimal(s)).collect(),
    )
    .await;
    assert_eq!(
        back,
        expected.iter().map(|s| decimal(s)).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn booleans() {
    let values = vec![
        PrismaValue::Boolean(true),
        PrismaValue::Boolean(false),
        PrismaValue::Null,
    ];
    assert_eq!(
        round_trip("b", TypeIdentifier::Boolean, values.clone()).await,
        values
    );
}

#[tokio::test]
async fn date_times_including_edges() {
    let dates = [
        "0001-01-01T00:00:00.000Z",
        "1969-12-31T23:59:59.999Z",
        "1970-01-01T00:00:00.000Z",
        "2024-02-29T12:00:00.000Z",
        "9999-12-31T23:59:59.999Z",
    ];
    let mut values: Vec<PrismaValue> = dates
        .iter()
        .map(|d| PrismaValue::DateTime(DateTime::parse_from_rfc3339(d).unwrap()))
        .collect();
    // Beyond what Prisma accepts as input, but representable in milliseconds.
    let year_10000 = chrono::NaiveDate::from_ymd_opt(10_000, 1, 1)
        .unwrap()
        .and_time(Default::default());
    values.push(PrismaValue::DateTime(year_10000.and_utc().fixed_offset()));
    assert_eq!(
        round_trip("dt", TypeIdentifier::DateTime, values.clone()).await,
        values
    );

    // Written with an offset: read back as the same instant, in UTC.
    let offset = DateTime::parse_from_rfc3339("2024-01-01T00:00:00.000+14:00").unwrap();
    let back = round_trip(
        "dt",
        TypeIdentifier::DateTime,
        vec![PrismaValue::DateTime(offset)],
    )
    .await;
    let PrismaValue::DateTime(back) = &back[0] else {
        panic!("{back:?}");
    };
    assert_eq!(back.to_rfc3339(), "2023-12-31T10:00:00+00:00");
}

#[tokio::test]
async fn date_times_are_stored_as_unix_milliseconds() {
    let db = TestDb::new().await;
    db.exec(ALL_TYPES_TABLE, vec![]).await;
    let dt = DateTime::parse_from_rfc3339("2024-01-01T00:00:00.123456Z").unwrap();
    db.exec(
        r#"INSERT INTO "T" ("id", "dt") VALUES (1, ?)"#,
        vec![PrismaValue::DateTime(dt)],
    )
    .await;
    let stored = db
        .query_raw(
            r#"SELECT typeof("dt") AS t, "dt" + 0 AS n FROM "T""#,
            vec![],
        )
        .await;
    assert_eq!(
        stored.rows,
        vec![vec![
            PrismaValue::String("integer".into()),
            PrismaValue::BigInt(1_704_067_200_123)
        ]]
    );
}

#[tokio::test]
async fn date_times_written_as_text_or_real_are_read() {
    let db = TestDb::new().await;
    db.exec(ALL_TYPES_TABLE, vec![]).await;
    db.exec(
        r#"INSERT INTO "T" ("id", "dt") VALUES (1, '2024-01-02T03:04:05.678Z'), (2, '2024-01-02 03:04:05'),
           (3, 1704164645678.0), (4, CURRENT_TIMESTAMP)"#,
        vec![],
    )
    .await;
    let result = db
        .query_known(
            r#"SELECT "dt" FROM "T" ORDER BY "id""#,
            vec![],
            &[TypeIdentifier::DateTime],
        )
        .await;
    let utc = |s| PrismaValue::DateTime(DateTime::parse_from_rfc3339(s).unwrap());
    assert_eq!(result.rows[0][0], utc("2024-01-02T03:04:05.678Z"));
    assert_eq!(result.rows[1][0], utc("2024-01-02T03:04:05Z"));
    assert_eq!(result.rows[2][0], utc("2024-01-02T03:04:05.678Z"));
    assert!(matches!(result.rows[3][0], PrismaValue::DateTime(_)));
}

#[tokio::test]
async fn bytes() {
    let large: Vec<u8> = (0..2_000_000u32).map(|i| (i % 251) as u8).collect();
    let values = vec![
        PrismaValue::Bytes(vec![]),
        PrismaValue::Bytes(vec![0, 255, 0]),
        PrismaValue::Bytes(b"'; DROP TABLE T; --\0".to_vec()),
        PrismaValue::Bytes(large),
        PrismaValue::Null,
    ];
    assert_eq!(
        round_trip("by", TypeIdentifier::Bytes, values.clone()).await,
        values
    );
}

#[tokio::test]
async fn json_and_enums_are_text() {
    let json = vec![
        PrismaValue::Json(r#"{"a":[1,"x\"y"],"b":null}"#.into()),
        PrismaValue::Json("\"just a string\"".into()),
    ];
    assert_eq!(
        round_trip("j", TypeIdentifier::Json, json.clone()).await,
        json
    );
    let enums = vec![
        PrismaValue::Enum("ADMIN".into()),
        PrismaValue::Enum("Ünïcode".into()),
    ];
    assert_eq!(
        round_trip("e", TypeIdentifier::Enum, enums.clone()).await,
        enums
    );
}

#[tokio::test]
async fn a_whole_row_with_returning() {
    let db = TestDb::new().await;
    db.exec(ALL_TYPES_TABLE, vec![]).await;
    let row = vec![
        PrismaValue::Int(7),
        PrismaValue::String("text".into()),
        PrismaValue::Int(42),
        PrismaValue::BigInt(9_007_199_254_740_993),
        PrismaValue::Float(1.5),
        PrismaValue::Decimal(BigDecimal::from_str("12.5").unwrap()),
        PrismaValue::Boolean(true),
        PrismaValue::DateTime(DateTime::parse_from_rfc3339("2024-05-01T12:30:00.123Z").unwrap()),
        PrismaValue::Bytes(vec![1, 2, 3]),
        PrismaValue::Json("[]".into()),
        PrismaValue::Enum("A".into()),
    ];
    let types = [
        TypeIdentifier::Int,
        TypeIdentifier::String,
        TypeIdentifier::Int,
        TypeIdentifier::BigInt,
        TypeIdentifier::Float,
        TypeIdentifier::Decimal,
        TypeIdentifier::Boolean,
        TypeIdentifier::DateTime,
        TypeIdentifier::Bytes,
        TypeIdentifier::Json,
        TypeIdentifier::Enum,
    ];
    let connection = db.driver.connection().await.unwrap();
    let inserted = connection
        .query(
            &stmt(
                r#"INSERT INTO "T" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *"#,
                row.clone(),
            ),
            ColumnTypes::Known(&types),
        )
        .await
        .unwrap();
    assert_eq!(inserted.rows, vec![row]);
    assert_eq!(inserted.last_insert_id, Some(7));
    assert!(inserted.raw_types.is_empty());

    let read = connection
        .query(
            &stmt(r#"SELECT "id" FROM "T""#, vec![]),
            ColumnTypes::Known(&types[..1]),
        )
        .await
        .unwrap();
    assert_eq!(read.last_insert_id, None);
}

#[tokio::test]
async fn in_memory_database_keeps_its_tables_across_connections() {
    let driver = crate::SqliteDriver::open("file::memory:", std::path::Path::new("/"))
        .await
        .unwrap();
    assert_eq!(driver.pool_size(), 1);
    {
        let connection = driver.connection().await.unwrap();
        connection
            .execute(&stmt("CREATE TABLE m (x INTEGER)", vec![]))
            .await
            .unwrap();
        connection
            .execute(&stmt("INSERT INTO m VALUES (?)", vec![PrismaValue::Int(5)]))
            .await
            .unwrap();
    }
    let connection = driver.connection().await.unwrap();
    let result = connection
        .query(
            &stmt("SELECT x FROM m", vec![]),
            ColumnTypes::Known(&[TypeIdentifier::Int]),
        )
        .await
        .unwrap();
    assert_eq!(result.rows, vec![vec![PrismaValue::Int(5)]]);
}

#[tokio::test]
async fn opening_creates_the_file_in_wal_mode_with_foreign_keys() {
    let db = TestDb::new().await;
    assert!(db.dir.path().join("test.db").exists());
    let pragmas = db
        .query_raw(
            "SELECT * FROM pragma_journal_mode(), pragma_foreign_keys()",
            vec![],
        )
        .await;
    assert_eq!(
        pragmas.rows,
        vec![vec![
            PrismaValue::String("wal".into()),
            PrismaValue::BigInt(1)
        ]]
    );
}
