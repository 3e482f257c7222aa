use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use schema_core::datamodel::{FieldId, ModelId};
use schema_core::Capabilities;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::*;
use crate::connector::record::{
    AggregateRow, Connection, Operations, RawResult, Record, RecordRead, RecordSet,
};
use crate::query::{AggregateSelection, Filter, GroupByQuery, QueryArgs, RawQuery, ScalarWrite};
use crate::value::PrismaValue;

/// A connector whose pool has `size` connections and that logs what transactions do.
struct MockConnector {
    pool: Arc<Semaphore>,
    log: Arc<Mutex<Vec<String>>>,
    refuse_isolation: bool,
}

struct MockConnection {
    permit: OwnedSemaphorePermit,
    log: Arc<Mutex<Vec<String>>>,
    refuse_isolation: bool,
}

struct MockTransaction {
    _permit: OwnedSemaphorePermit,
    log: Arc<Mutex<Vec<String>>>,
}

fn mock(size: usize) -> (Arc<MockConnector>, Arc<Mutex<Vec<String>>>) {
    let log = Arc::new(Mutex::new(Vec::new()));
    let connector = Arc::new(MockConnector {
        pool: Arc::new(Semaphore::new(size)),
        log: log.clone(),
        refuse_isolation: false,
    });
    (connector, log)
}

#[async_trait]
impl Connector for MockConnector {
    fn capabilities(&self) -> &'static Capabilities {
        Capabilities::for_provider(schema_core::config::Provider::Sqlite)
    }

    async fn connection(&self) -> Result<Box<dyn Connection>, EngineError> {
        let permit = self
            .pool
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| EngineError::Unknown {
                message: "pool closed".into(),
            })?;
        Ok(Box::new(MockConnection {
            permit,
            log: self.log.clone(),
            refuse_isolation: self.refuse_isolation,
        }))
    }
}

#[async_trait]
impl Connection for MockConnection {
    async fn begin(
        self: Box<Self>,
        isolation: Option<IsolationLevel>,
    ) -> Result<Box<dyn Transaction>, EngineError> {
        if self.refuse_isolation && isolation.is_some() {
            return Err(EngineError::Unknown {
                message: "Error in connector: Conversion error: SNAPSHOT".into(),
            });
        }
        self.log.lock().unwrap().push("begin".into());
        Ok(Box::new(MockTransaction {
            _permit: self.permit,
            log: self.log,
        }))
    }
}

#[async_trait]
impl Transaction for MockTransaction {
    async fn commit(self: Box<Self>) -> Result<(), EngineError> {
        self.log.lock().unwrap().push("commit".into());
        Ok(())
    }

    async fn rollback(self: Box<Self>) -> Result<(), EngineError> {
        self.log.lock().unwrap().push("rollback".into());
        Ok(())
    }
}

fn unsupported<T>() -> Result<T, EngineError> {
    Err(EngineError::Unknown {
        message: "not supported by the mock".into(),
    })
}

macro_rules! mock_operations {
    ($ty:ty) => {
        #[async_trait]
        impl Operations for $ty {
            async fn read_records(&self, _read: &RecordRead) -> Result<RecordSet, EngineError> {
                self.log.lock().unwrap().push("read".into());
                Ok(RecordSet::default())
            }
            async fn aggregate(
                &self,
                _model: ModelId,
                _args: &QueryArgs,
                _selections: &[AggregateSelection],
            ) -> Result<AggregateRow, EngineError> {
                unsupported()
            }
            async fn group_by(&self, _query: &GroupByQuery) -> Result<Vec<Record>, EngineError> {
                unsupported()
            }
            async fn create_record(
                &self,
                _model: ModelId,
                _values: &[(FieldId, PrismaValue)],
                _returning: &[FieldId],
            ) -> Result<Record, EngineError> {
                unsupported()
            }
            async fn create_records(
                &self,
                _model: ModelId,
                _rows: &[Vec<(FieldId, PrismaValue)>],
                _skip_duplicates: bool,
            ) -> Result<u64, EngineError> {
                unsupported()
            }
            async fn update_records(
                &self,
                _model: ModelId,
                _filter: Option<&Filter>,
                _values: &[(FieldId, ScalarWrite)],
                _returning: &[FieldId],
            ) -> Result<Vec<Record>, EngineError> {
                unsupported()
            }
            async fn delete_records(
                &self,
                _model: ModelId,
                _filter: Option<&Filter>,
            ) -> Result<u64, EngineError> {
                unsupported()
            }
            async fn connect_many_to_many(
                &self,
                _parent_field: FieldId,
                _parent_key: &[PrismaValue],
                _child_keys: &[Vec<PrismaValue>],
            ) -> Result<(), EngineError> {
                unsupported()
            }
            async fn disconnect_many_to_many(
                &self,
                _parent_field: FieldId,
                _parent_key: &[PrismaValue],
                _child_keys: Option<&[Vec<PrismaValue>]>,
            ) -> Result<u64, EngineError> {
                unsupported()
            }
            async fn raw(&self, _query: &RawQuery) -> Result<RawResult, EngineError> {
                unsupported()
            }
        }
    };
}

mock_operations!(MockConnection);
mock_operations!(MockTransaction);

fn options(max_wait_ms: u64, timeout_ms: u64) -> TransactionOptions {
    TransactionOptions::from_millis(max_wait_ms, timeout_ms, None).unwrap()
}

fn failure_text(error: EngineError) -> String {
    match error {
        EngineError::Transaction { failure } => failure.to_string(),
        other => panic!("expected a P2028 error, got {other:?}"),
    }
}

#[tokio::test]
async fn commit_closes_and_later_uses_say_committed() {
    let (connector, log) = mock(2);
    let manager = TransactionManager::new(connector, DEFAULT_CLOSED_CACHE_SIZE);
    let id = manager.start(options(1000, 10_000)).await.unwrap();
    assert_eq!(manager.state(&id), TransactionState::Open);
    {
        let guard = manager
            .acquire(&id, TransactionAction::Query)
            .await
            .unwrap();
        assert!(guard.operations().is_some());
    }
    manager.commit(&id).await.unwrap();
    assert_eq!(manager.state(&id), TransactionState::Committed);
    assert_eq!(manager.open_count(), 0);
    assert_eq!(*log.lock().unwrap(), ["begin", "commit"]);

    let error = manager.acquire(&id, TransactionAction::BatchQuery).await;
    assert_eq!(
        failure_text(error.err().unwrap()),
        "Transaction already closed: A batch query cannot be executed on a committed transaction."
    );
    assert_eq!(
        failure_text(manager.commit(&id).await.unwrap_err()),
        "Transaction already closed: A commit cannot be executed on a committed transaction."
    );
}

#[tokio::test]
async fn rollback_then_everything_is_refused_with_prisma_texts() {
    let (connector, log) = mock(1);
    let manager = TransactionManager::new(connector, DEFAULT_CLOSED_CACHE_SIZE);
    let id = manager.start(options(1000, 10_000)).await.unwrap();
    manager.rollback(&id).await.unwrap();
    assert_eq!(*log.lock().unwrap(), ["begin", "rollback"]);
    assert_eq!(
        failure_text(manager.commit(&id).await.unwrap_err()),
        "Transaction already closed: A commit cannot be executed on a transaction that was rolled back."
    );
    assert_eq!(
        failure_text(manager.rollback(&id).await.unwrap_err()),
        "Transaction already closed: A rollback cannot be executed on a transaction that was rolled back."
    );
    // The connection went back to the pool: a second transaction can start on a pool of one.
    let second = manager.start(options(100, 10_000)).await.unwrap();
    assert_ne!(id, second);
}

#[tokio::test]
async fn unknown_and_short_ids_are_not_found() {
    let (connector, _) = mock(1);
    let manager = TransactionManager::new(connector, DEFAULT_CLOSED_CACHE_SIZE);
    for id in ["clx0qgold00000000000000000", "short", "", "\u{0}/../x"] {
        let error = manager.commit(id).await.unwrap_err();
        assert_eq!(
            failure_text(error),
            TransactionFailure::NotFound.to_string(),
            "{id:?}"
        );
        assert_eq!(manager.state(id), TransactionState::Unknown);
    }
}

#[tokio::test]
async fn max_wait_elapses_when_the_pool_is_busy() {
    let (connector, _) = mock(1);
    let manager = TransactionManager::new(connector, DEFAULT_CLOSED_CACHE_SIZE);
    let first = manager.start(options(1000, 10_000)).await.unwrap();
    let error = manager.start(options(50, 10_000)).await.unwrap_err();
    assert_eq!(
        error,
        EngineError::Transaction {
            failure: TransactionFailure::StartTimeout
        }
    );
    assert_eq!(
        error.to_string(),
        "Transaction API error: Unable to start a transaction in the given time."
    );
    manager.commit(&first).await.unwrap();
}

#[tokio::test]
async fn the_timer_rolls_back_an_expired_transaction() {
    let (connector, log) = mock(1);
    let manager = TransactionManager::new(connector, DEFAULT_CLOSED_CACHE_SIZE);
    let id = manager.start(options(1000, 50)).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(manager.state(&id), TransactionState::Expired);
    assert_eq!(*log.lock().unwrap(), ["begin", "rollback"]);
    let text = failure_text(manager.commit(&id).await.unwrap_err());
    let prefix =
        "Transaction already closed: A commit cannot be executed on an expired transaction. \
                  The timeout for this transaction was 50 ms, however ";
    assert!(text.starts_with(prefix), "{text}");
    assert!(text.ends_with(
        " ms passed since the start of the transaction. Consider increasing the interactive \
         transaction timeout or doing less work in the transaction."
    ));
    let elapsed: u64 = text[prefix.len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(elapsed >= 200, "{elapsed}");
}

#[tokio::test]
async fn a_use_after_the_deadline_expires_the_transaction_even_before_the_timer() {
    let (connector, log) = mock(1);
    let manager = TransactionManager::new(connector, DEFAULT_CLOSED_CACHE_SIZE);
    let id = manager.start(options(1000, 0)).await.unwrap();
    let error = manager.acquire(&id, TransactionAction::Query).await;
    assert!(failure_text(error.err().unwrap()).starts_with(
        "Transaction already closed: A query cannot be executed on an expired transaction."
    ));
    assert!(log.lock().unwrap().contains(&"rollback".to_string()));
}

#[tokio::test]
async fn the_closed_cache_forgets_the_oldest() {
    let (connector, _) = mock(1);
    let manager = TransactionManager::new(connector, 2);
    let mut ids = Vec::new();
    for _ in 0..3 {
        let id = manager.start(options(1000, 10_000)).await.unwrap();
        manager.commit(&id).await.unwrap();
        ids.push(id);
    }
    assert_eq!(manager.state(&ids[0]), TransactionState::Unknown);
    assert_eq!(manager.state(&ids[1]), TransactionState::Committed);
    assert_eq!(manager.state(&ids[2]), TransactionState::Committed);
}

#[tokio::test]
async fn requests_of_one_transaction_run_one_at_a_time() {
    let (connector, _) = mock(1);
    let manager = TransactionManager::new(connector, DEFAULT_CLOSED_CACHE_SIZE);
    let id = manager.start(options(1000, 10_000)).await.unwrap();
    let guard = manager
        .acquire(&id, TransactionAction::Query)
        .await
        .unwrap();
    let (tx_manager, tx_id) = (manager.clone(), id.clone());
    let commit = tokio::spawn(async move { tx_manager.commit(&tx_id).await });
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(!commit.is_finished(), "commit waits for the running query");
    assert_eq!(manager.state(&id), TransactionState::Open);
    drop(guard);
    commit.await.unwrap().unwrap();
    assert_eq!(manager.state(&id), TransactionState::Committed);
}

#[tokio::test]
async fn isolation_levels_parse_like_prisma() {
    let parsed = TransactionOptions::from_millis(1, 2, Some("RepeatableRead")).unwrap();
    assert_eq!(parsed.isolation_level, Some(IsolationLevel::RepeatableRead));
    let error = TransactionOptions::from_millis(1, 2, Some("Bogus")).unwrap_err();
    assert_eq!(error.code(), Some("P2023"));
    assert_eq!(
        error.message(),
        "Inconsistent column data: Conversion failed: Invalid isolation level `Bogus`"
    );

    let (connector, _) = mock(1);
    let refusing = Arc::new(MockConnector {
        refuse_isolation: true,
        pool: connector.pool.clone(),
        log: connector.log.clone(),
    });
    let manager = TransactionManager::new(refusing, DEFAULT_CLOSED_CACHE_SIZE);
    let snapshot = TransactionOptions::from_millis(100, 100, Some("Snapshot")).unwrap();
    assert_eq!(
        manager.start(snapshot).await.unwrap_err().message(),
        "Error in connector: Conversion error: SNAPSHOT"
    );
    // The refused begin gave its connection back.
    manager.start(options(100, 100)).await.unwrap();
}

#[tokio::test]
async fn shutdown_rolls_back_open_transactions() {
    let (connector, log) = mock(2);
    let manager = TransactionManager::new(connector, DEFAULT_CLOSED_CACHE_SIZE);
    let a = manager.start(options(1000, 10_000)).await.unwrap();
    let b = manager.start(options(1000, 10_000)).await.unwrap();
    manager.shutdown().await;
    assert_eq!(manager.open_count(), 0);
    assert_eq!(manager.state(&a), TransactionState::RolledBack);
    assert_eq!(manager.state(&b), TransactionState::RolledBack);
    assert_eq!(
        log.lock()
            .unwrap()
            .iter()
            .filter(|e| *e == "rollback")
            .count(),
        2
    );
}

#[tokio::test]
async fn huge_durations_do_not_overflow() {
    let (connector, _) = mock(1);
    let manager = TransactionManager::new(connector, DEFAULT_CLOSED_CACHE_SIZE);
    let id = manager.start(options(u64::MAX, u64::MAX)).await.unwrap();
    assert!(manager.acquire(&id, TransactionAction::Query).await.is_ok());
    manager.rollback(&id).await.unwrap();
}
