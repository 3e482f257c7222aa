//! Connecting, the pool, transactions and isolation levels.

mod support;

use std::time::{Duration, Instant};

use connector_mysql::MysqlDriver;
use engine_core::connector::{
    ColumnTypes, DatabaseError, IsolationLevel, SqlDriver, SqlQueryable, TypeIdentifier,
};
use engine_core::value::PrismaValue as V;
use support::{exec, query_known, stmt, TestDatabase};

async fn count(queryable: &dyn SqlQueryable) -> V {
    query_known(queryable, "SELECT COUNT(*) FROM t", &[TypeIdentifier::Int])
        .await
        .rows[0][0]
        .clone()
}

#[tokio::test]
async fn dialect_is_mysql() {
    let Some(base) = support::base_url() else {
        return;
    };
    let driver = MysqlDriver::connect(&base).await.unwrap();
    assert_eq!(SqlDriver::dialect(&driver).name(), "MySQL");
}

#[tokio::test]
async fn a_closed_port_is_unreachable() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let err = MysqlDriver::connect(&format!("mysql://root@127.0.0.1:{port}/test"))
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
async fn required_tls_is_refused_without_tls() {
    let err = MysqlDriver::connect("mysql://root@127.0.0.1:1/test?sslmode=required")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, DatabaseError::Other { message, .. } if message.contains("TLS")),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_missing_database_is_named() {
    let Some(base) = support::base_url() else {
        return;
    };
    let err = MysqlDriver::connect(&support::with_database(&base, "refract_no_such_db"))
        .await
        .unwrap_err();
    assert_eq!(
        err,
        DatabaseError::DatabaseDoesNotExist {
            name: "refract_no_such_db".into()
        }
    );
}

#[tokio::test]
async fn an_exhausted_pool_times_out() {
    let Some(base) = support::base_url() else {
        return;
    };
    let db = TestDatabase::new(&base).await;
    let driver = db.driver("connection_limit=1&pool_timeout=1").await;
    let held = driver.connection().await.unwrap();
    let started = Instant::now();
    let err = match driver.connection().await {
        Ok(_) => panic!("a second connection from a pool of one"),
        Err(err) => err,
    };
    assert!(started.elapsed() >= Duration::from_millis(900));
    assert_eq!(
        err,
        DatabaseError::PoolTimeout {
            limit: 1,
            timeout_secs: 1
        }
    );
    drop(held);
    // Returned to the pool, the connection serves the next caller.
    driver.connection().await.unwrap();
}

#[tokio::test]
async fn transactions_commit_roll_back_and_roll_back_when_dropped() {
    let Some(base) = support::base_url() else {
        return;
    };
    let db = TestDatabase::new(&base).await;
    let driver = db.driver("connection_limit=1").await;
    exec(
        &driver,
        "CREATE TABLE t (id INT PRIMARY KEY) ENGINE=InnoDB",
        vec![],
    )
    .await;

    let tx = driver
        .connection()
        .await
        .unwrap()
        .begin(None)
        .await
        .unwrap();
    tx.execute(&stmt("INSERT INTO t VALUES (?)", vec![V::Int(1)]))
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let tx = driver
        .connection()
        .await
        .unwrap()
        .begin(None)
        .await
        .unwrap();
    tx.execute(&stmt("INSERT INTO t VALUES (?)", vec![V::Int(2)]))
        .await
        .unwrap();
    assert_eq!(count(&*tx).await, V::Int(2));
    tx.rollback().await.unwrap();

    let tx = driver
        .connection()
        .await
        .unwrap()
        .begin(None)
        .await
        .unwrap();
    tx.execute(&stmt("INSERT INTO t VALUES (?)", vec![V::Int(3)]))
        .await
        .unwrap();
    drop(tx);
    // The pool has one connection: the next one is the dropped transaction's, rolled back first.
    let conn = driver.connection().await.unwrap();
    assert_eq!(count(&*conn).await, V::Int(1));
}

#[tokio::test]
async fn isolation_levels_apply_to_the_transaction() {
    let Some(base) = support::base_url() else {
        return;
    };
    let driver = MysqlDriver::connect(&base).await.unwrap();
    for (level, name) in [
        (IsolationLevel::ReadUncommitted, "READ-UNCOMMITTED"),
        (IsolationLevel::ReadCommitted, "READ-COMMITTED"),
        (IsolationLevel::RepeatableRead, "REPEATABLE-READ"),
        (IsolationLevel::Serializable, "SERIALIZABLE"),
    ] {
        let tx = driver
            .connection()
            .await
            .unwrap()
            .begin(Some(level))
            .await
            .unwrap();
        // MariaDB reports the level of the running transaction through this session variable only
        // when it was set for it; the level set with SET TRANSACTION is visible in the trx table.
        let result = tx
            .query(
                &stmt(
                    "SELECT trx_isolation_level FROM information_schema.innodb_trx WHERE trx_mysql_thread_id = CONNECTION_ID()",
                    vec![],
                ),
                ColumnTypes::Known(&[TypeIdentifier::String]),
            )
            .await
            .unwrap();
        // A transaction that has not read or written yet may not be listed; when it is, the level matches.
        if let Some(row) = result.rows.first() {
            assert_eq!(row[0], V::String(name.replace('-', " ")), "{level:?}");
        }
        tx.commit().await.unwrap();
    }
    let err = match driver
        .connection()
        .await
        .unwrap()
        .begin(Some(IsolationLevel::Snapshot))
        .await
    {
        Ok(_) => panic!("MySQL has no snapshot isolation"),
        Err(err) => err,
    };
    assert_eq!(
        err,
        DatabaseError::Other {
            code: None,
            message: "Conversion error: SNAPSHOT".into()
        }
    );
}

#[tokio::test]
async fn inserts_report_the_generated_id() {
    let Some(base) = support::base_url() else {
        return;
    };
    let db = TestDatabase::new(&base).await;
    let driver = db.driver("").await;
    exec(
        &driver,
        "CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, v INT)",
        vec![],
    )
    .await;
    let conn = driver.connection().await.unwrap();
    for expected in 1..=2u64 {
        let result = conn
            .query(
                &stmt("INSERT INTO t (v) VALUES (?)", vec![V::Int(7)]),
                ColumnTypes::Known(&[]),
            )
            .await
            .unwrap();
        assert_eq!(result.last_insert_id, Some(expected));
    }
    let result = conn
        .query(
            &stmt(
                "INSERT INTO t (id, v) VALUES (?, ?)",
                vec![V::Int(10), V::Int(1)],
            ),
            ColumnTypes::Known(&[]),
        )
        .await
        .unwrap();
    assert_eq!(result.last_insert_id, Some(10));
}
