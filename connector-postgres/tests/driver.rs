//! Connecting, the pool, the statement cache and transactions.

mod support;

use std::time::{Duration, Instant};

use connector_postgres::PostgresDriver;
use engine_core::connector::{ColumnTypes, DatabaseError, IsolationLevel, SqlDriver, SqlQueryable};
use engine_core::value::PrismaValue as V;
use support::{exec, raw, stmt, with_params, TestSchema};

fn count_sql() -> engine_core::sql::Rendered {
    stmt("SELECT count(*) AS n FROM t", vec![])
}

async fn count(queryable: &dyn SqlQueryable) -> V {
    queryable
        .query(&count_sql(), ColumnTypes::Infer)
        .await
        .unwrap()
        .rows[0][0]
        .clone()
}

#[tokio::test]
async fn dialect_is_postgres() {
    let Some(base) = support::base_url() else {
        return;
    };
    let driver = PostgresDriver::connect(&base).await.unwrap();
    assert_eq!(SqlDriver::dialect(&driver).name(), "PostgreSQL");
}

#[tokio::test]
async fn a_closed_port_is_unreachable() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let err = PostgresDriver::connect(&format!("postgresql://postgres@127.0.0.1:{port}/postgres"))
        .await
        .unwrap_err();
    assert_eq!(
        err,
        DatabaseError::Unreachable {
            host: "127.0.0.1".into(),
            port
        }
    );
}

#[tokio::test]
async fn sslmode_require_is_refused_without_tls() {
    let err = PostgresDriver::connect("postgresql://postgres@127.0.0.1:1/postgres?sslmode=require")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, DatabaseError::Other { message, .. } if message.contains("TLS")),
        "{err:?}"
    );
}

#[tokio::test]
async fn missing_database_and_unknown_user() {
    let Some(base) = support::base_url() else {
        return;
    };
    let config = connector_postgres::PostgresConfig::from_url(&base).unwrap();
    let host = format!("{}:{}", config.host(), config.port());
    let err = PostgresDriver::connect(&format!(
        "postgresql://{}@{host}/refract_no_such_db",
        config.user
    ))
    .await
    .unwrap_err();
    assert_eq!(
        err,
        DatabaseError::DatabaseDoesNotExist {
            name: "refract_no_such_db".into()
        }
    );
    let err = PostgresDriver::connect(&format!(
        "postgresql://refract_no_such_user@{host}/{}",
        config.database
    ))
    .await
    .unwrap_err();
    assert_eq!(
        err,
        DatabaseError::AuthenticationFailed {
            user: "refract_no_such_user".into()
        }
    );
}

#[tokio::test]
async fn schema_parameter_sets_the_search_path() {
    let Some(base) = support::base_url() else {
        return;
    };
    let schema = TestSchema::new(&base).await;
    let driver = schema.driver("application_name=refract-test").await;
    let result = raw(
        &driver,
        "SELECT current_schema() AS s, current_setting('application_name') AS a",
        vec![],
    )
    .await;
    assert_eq!(
        result.rows,
        vec![vec![
            V::String(schema.name.clone()),
            V::String("refract-test".into())
        ]]
    );
}

#[tokio::test]
async fn an_exhausted_pool_times_out_with_its_limits() {
    let Some(base) = support::base_url() else {
        return;
    };
    let driver = PostgresDriver::connect(&with_params(&base, "connection_limit=1&pool_timeout=1"))
        .await
        .unwrap();
    let held = driver.connection().await.unwrap();
    let started = Instant::now();
    let err = driver
        .connection()
        .await
        .err()
        .expect("the only connection is taken");
    assert_eq!(
        err,
        DatabaseError::PoolTimeout {
            limit: 1,
            timeout_secs: 1
        }
    );
    assert!(started.elapsed() >= Duration::from_millis(900));
    drop(held);
    assert!(
        driver.connection().await.is_ok(),
        "a released connection can be taken again"
    );
}

#[tokio::test]
async fn statements_are_cached_per_connection_and_bounded() {
    let Some(base) = support::base_url() else {
        return;
    };
    let schema = TestSchema::new(&base).await;
    let driver = schema
        .driver("connection_limit=1&statement_cache_size=2")
        .await;
    let conn = driver.postgres_connection().await.unwrap();
    let one = stmt("SELECT $1::int4 AS a", vec![V::Int(1)]);
    for _ in 0..3 {
        conn.query(&one, ColumnTypes::Infer).await.unwrap();
    }
    assert_eq!(conn.cached_statements(), 1);
    let prepared = stmt("SELECT count(*) AS n FROM pg_prepared_statements", vec![]);
    let server_side = conn.query(&prepared, ColumnTypes::Infer).await.unwrap();
    assert_eq!(server_side.rows, vec![vec![V::BigInt(2)]]);
    for sql in ["SELECT 1 AS x", "SELECT 2 AS x", "SELECT 3 AS x"] {
        conn.query(&stmt(sql, vec![]), ColumnTypes::Infer)
            .await
            .unwrap();
    }
    assert_eq!(
        conn.cached_statements(),
        2,
        "the cache keeps at most statement_cache_size statements"
    );
}

#[tokio::test]
async fn commit_and_rollback() {
    let Some(base) = support::base_url() else {
        return;
    };
    let schema = TestSchema::new(&base).await;
    let driver = schema.driver("connection_limit=2").await;
    exec(&driver, "CREATE TABLE t (id int4)", vec![]).await;
    let insert = stmt("INSERT INTO t VALUES ($1)", vec![V::Int(1)]);

    let tx = driver
        .connection()
        .await
        .unwrap()
        .begin(None)
        .await
        .unwrap();
    assert_eq!(tx.execute(&insert).await, Ok(1));
    let outside = driver.connection().await.unwrap();
    assert_eq!(
        count(&*outside).await,
        V::BigInt(0),
        "uncommitted rows are invisible outside"
    );
    tx.commit().await.unwrap();
    assert_eq!(count(&*outside).await, V::BigInt(1));

    let tx = driver
        .connection()
        .await
        .unwrap()
        .begin(None)
        .await
        .unwrap();
    tx.execute(&insert).await.unwrap();
    assert_eq!(count(&*tx).await, V::BigInt(2));
    tx.rollback().await.unwrap();
    assert_eq!(count(&*outside).await, V::BigInt(1));
}

#[tokio::test]
async fn a_dropped_transaction_rolls_back_before_reuse() {
    let Some(base) = support::base_url() else {
        return;
    };
    let schema = TestSchema::new(&base).await;
    let driver = schema.driver("connection_limit=1&pool_timeout=5").await;
    exec(&driver, "CREATE TABLE t (id int4)", vec![]).await;
    let tx = driver
        .connection()
        .await
        .unwrap()
        .begin(None)
        .await
        .unwrap();
    tx.execute(&stmt("INSERT INTO t VALUES (1)", vec![]))
        .await
        .unwrap();
    drop(tx);
    // The pool has one connection: this is the same one, and it must not be inside the old transaction.
    let conn = driver.connection().await.unwrap();
    assert_eq!(count(&*conn).await, V::BigInt(0));
    let state = conn
        .query(
            &stmt(
                "SELECT txid_current_if_assigned() IS NULL AS no_open_writes",
                vec![],
            ),
            ColumnTypes::Infer,
        )
        .await
        .unwrap();
    assert_eq!(state.rows, vec![vec![V::Boolean(true)]]);
}

#[tokio::test]
async fn isolation_levels() {
    let Some(base) = support::base_url() else {
        return;
    };
    let driver = PostgresDriver::connect(&base).await.unwrap();
    for (level, name) in [
        (IsolationLevel::ReadUncommitted, "read uncommitted"),
        (IsolationLevel::ReadCommitted, "read committed"),
        (IsolationLevel::RepeatableRead, "repeatable read"),
        (IsolationLevel::Serializable, "serializable"),
    ] {
        let tx = driver
            .connection()
            .await
            .unwrap()
            .begin(Some(level))
            .await
            .unwrap();
        let result = tx
            .query(
                &stmt("SHOW transaction_isolation", vec![]),
                ColumnTypes::Infer,
            )
            .await
            .unwrap();
        assert_eq!(result.rows, vec![vec![V::String(name.into())]]);
        tx.commit().await.unwrap();
    }
    let err = driver
        .connection()
        .await
        .unwrap()
        .begin(Some(IsolationLevel::Snapshot))
        .await
        .err()
        .expect("no snapshot isolation on PostgreSQL");
    assert_eq!(
        err,
        DatabaseError::Other {
            code: None,
            message: "Conversion error: SNAPSHOT".into()
        }
    );
}
