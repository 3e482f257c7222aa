//! Transactions, the pool and concurrent use.

use super::{stmt, TestDb};
use engine_core::connector::{
    ColumnTypes, DatabaseError, IsolationLevel, SqlDriver, SqlQueryable, TypeIdentifier,
};
use engine_core::value::PrismaValue;
use std::sync::Arc;
use std::time::Duration;

async fn table() -> TestDb {
    let db = TestDb::new().await;
    db.exec("CREATE TABLE t (x INTEGER NOT NULL)", vec![]).await;
    db
}

async fn count(queryable: &dyn SqlQueryable) -> i64 {
    let result = queryable
        .query(
            &stmt("SELECT COUNT(*) FROM t", vec![]),
            ColumnTypes::Known(&[TypeIdentifier::BigInt]),
        )
        .await
        .unwrap();
    match result.rows[0][0] {
        PrismaValue::BigInt(n) => n,
        ref other => panic!("count was {other:?}"),
    }
}

async fn count_outside(db: &TestDb) -> i64 {
    count(db.driver.connection().await.unwrap().as_ref()).await
}

fn insert(x: i64) -> engine_core::sql::Rendered {
    stmt("INSERT INTO t (x) VALUES (?)", vec![PrismaValue::Int(x)])
}

#[tokio::test]
async fn commit_is_visible_to_other_connections() {
    let db = table().await;
    let tx = db
        .driver
        .connection()
        .await
        .unwrap()
        .begin(None)
        .await
        .unwrap();
    tx.execute(&insert(1)).await.unwrap();
    assert_eq!(count(tx.as_ref()).await, 1);
    assert_eq!(
        count_outside(&db).await,
        0,
        "uncommitted rows are not visible elsewhere"
    );
    tx.commit().await.unwrap();
    assert_eq!(count_outside(&db).await, 1);
}

#[tokio::test]
async fn rollback_is_invisible() {
    let db = table().await;
    let tx = db
        .driver
        .connection()
        .await
        .unwrap()
        .begin(Some(IsolationLevel::Serializable))
        .await
        .unwrap();
    tx.execute(&insert(1)).await.unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(count_outside(&db).await, 0);
}

#[tokio::test]
async fn dropping_a_transaction_rolls_it_back_before_the_connection_is_reused() {
    let db = TestDb::with_params("?connection_limit=1").await;
    db.exec("CREATE TABLE t (x INTEGER NOT NULL)", vec![]).await;
    {
        let tx = db
            .driver
            .connection()
            .await
            .unwrap()
            .begin(None)
            .await
            .unwrap();
        tx.execute(&insert(1)).await.unwrap();
    }
    // The only connection: it must not still be inside the abandoned transaction.
    let connection = db.driver.connection().await.unwrap();
    assert_eq!(count(connection.as_ref()).await, 0);
    connection.execute(&insert(2)).await.unwrap();
    drop(connection);
    let tx = db
        .driver
        .connection()
        .await
        .unwrap()
        .begin(None)
        .await
        .unwrap();
    assert_eq!(count(tx.as_ref()).await, 1);
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn a_transaction_opened_by_raw_sql_does_not_outlive_its_connection() {
    let db = TestDb::with_params("?connection_limit=1").await;
    db.exec("CREATE TABLE t (x INTEGER NOT NULL)", vec![]).await;
    {
        let connection = db.driver.connection().await.unwrap();
        connection.execute(&stmt("BEGIN", vec![])).await.unwrap();
        connection.execute(&insert(1)).await.unwrap();
    }
    assert_eq!(count_outside(&db).await, 0);
}

#[tokio::test]
async fn only_serializable_isolation_is_accepted() {
    let db = table().await;
    let generic = DatabaseError::Other {
        code: Some("1".into()),
        message: "SQL error or missing database".into(),
    };
    assert_eq!(
        begin_error(&db, IsolationLevel::ReadUncommitted).await,
        generic
    );
    assert_eq!(
        begin_error(&db, IsolationLevel::ReadCommitted).await,
        generic
    );
    assert_eq!(
        begin_error(&db, IsolationLevel::RepeatableRead).await,
        generic
    );
    assert_eq!(
        begin_error(&db, IsolationLevel::Snapshot).await,
        DatabaseError::Other {
            code: None,
            message: "Conversion error: SNAPSHOT".into()
        }
    );
}

async fn begin_error(db: &TestDb, level: IsolationLevel) -> DatabaseError {
    let connection = db.driver.connection().await.unwrap();
    connection.begin(Some(level)).await.err().unwrap()
}

#[tokio::test]
async fn pool_timeout_when_every_connection_is_taken() {
    let db = TestDb::with_params("?connection_limit=1&pool_timeout=1").await;
    let held = db.driver.connection().await.unwrap();
    let started = std::time::Instant::now();
    let result = db.driver.connection().await;
    assert_eq!(
        result.err().unwrap(),
        DatabaseError::PoolTimeout {
            limit: 1,
            timeout_secs: 1
        }
    );
    assert!(started.elapsed() >= Duration::from_millis(900));
    drop(held);
    assert!(db.driver.connection().await.is_ok());
}

#[tokio::test]
async fn transactions_that_read_then_write_do_not_deadlock() {
    let db = Arc::new(table().await);
    let first = db
        .driver
        .connection()
        .await
        .unwrap()
        .begin(None)
        .await
        .unwrap();
    assert_eq!(count(first.as_ref()).await, 0);
    let second = {
        let db = db.clone();
        tokio::spawn(async move {
            let tx = db
                .driver
                .connection()
                .await
                .unwrap()
                .begin(None)
                .await
                .unwrap();
            let seen = count(tx.as_ref()).await;
            tx.execute(&insert(seen + 10)).await.unwrap();
            tx.commit().await.unwrap();
            seen
        })
    };
    tokio::time::sleep(Duration::from_millis(50)).await;
    first.execute(&insert(1)).await.unwrap();
    first.commit().await.unwrap();
    // The second transaction started after the first committed, so it saw its row.
    assert_eq!(second.await.unwrap(), 1);
    assert_eq!(count_outside(&db).await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_tasks_share_the_pool_without_lock_errors() {
    const TASKS: i64 = 48;
    const INSERTS: i64 = 5;
    let db = Arc::new(table().await);
    let mut handles = Vec::new();
    for task in 0..TASKS {
        let db = db.clone();
        handles.push(tokio::spawn(async move {
            for i in 0..INSERTS {
                let connection = db.driver.connection().await?;
                connection.execute(&insert(task * 100 + i)).await?;
                connection
                    .query(&stmt("SELECT x FROM t LIMIT 5", vec![]), ColumnTypes::Infer)
                    .await?;
            }
            let tx = db.driver.connection().await?.begin(None).await?;
            let before = tx
                .query(&stmt("SELECT COUNT(*) FROM t", vec![]), ColumnTypes::Infer)
                .await?;
            assert_eq!(before.rows.len(), 1);
            tx.execute(&insert(-task)).await?;
            if task % 3 == 0 {
                tx.rollback().await?;
            } else {
                tx.commit().await?;
            }
            Ok::<_, DatabaseError>(())
        }));
    }
    for handle in handles {
        handle.await.unwrap().unwrap();
    }
    let committed = (0..TASKS).filter(|task| task % 3 != 0).count() as i64;
    assert_eq!(count_outside(&db).await, TASKS * INSERTS + committed);
}
