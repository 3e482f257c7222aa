//! Interactive transactions: database transactions a client opens, uses across several requests and then
//! commits or rolls back, addressed by an id (`POST /transaction/start`, `X-transaction-id`, `POST
//! /transaction/{id}/commit|rollback`).
//!
//! Each open transaction owns one connection. Its operations run one at a time in arrival order: a fair
//! async mutex around the transaction queues them. A timer rolls the transaction back when its `timeout`
//! elapses (and every use checks the deadline too, so an expired transaction is never used even if the timer
//! is late). Closed transactions are remembered in a bounded cache, like Prisma's `CLOSED_TX_CACHE_SIZE`, so
//! that a late query, commit or rollback is told *why* it cannot run (committed, rolled back, expired after
//! N ms) instead of "not found"; clients such as Prisma Client Python branch on that distinction.
//!
//! Every refusal is a P2028 [`EngineError::Transaction`] whose text matches Prisma 5.19's byte for byte.

mod closed;
mod id;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::{Duration, Instant};

use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};
use tokio::task::JoinHandle;

use crate::connector::record::{Connector, Operations, Transaction};
use crate::connector::IsolationLevel;
use crate::error::{EngineError, TransactionFailure};

use closed::{ClosedCache, ClosedState};
pub use id::new_transaction_id;

/// How many closed transactions Prisma remembers by default (`CLOSED_TX_CACHE_SIZE`).
pub const DEFAULT_CLOSED_CACHE_SIZE: usize = 100;

/// What a client asks for when it starts a transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransactionOptions {
    /// How long to wait for a connection (and for the database to begin the transaction).
    pub max_wait: Duration,
    /// How long the transaction may live before it is rolled back.
    pub timeout: Duration,
    /// The isolation level, or the database's default.
    pub isolation_level: Option<IsolationLevel>,
}

impl TransactionOptions {
    /// Options from the body of `POST /transaction/start`: `max_wait` and `timeout` in milliseconds, and
    /// Prisma's name of the isolation level. An unknown level is refused the way Prisma refuses it (P2023
    /// `Conversion failed: Invalid isolation level ...`).
    pub fn from_millis(
        max_wait_ms: u64,
        timeout_ms: u64,
        isolation_level: Option<&str>,
    ) -> Result<TransactionOptions, EngineError> {
        let isolation_level = match isolation_level {
            None => None,
            Some(name) => Some(IsolationLevel::from_prisma_name(name).ok_or_else(|| {
                EngineError::InconsistentColumnData {
                    message: format!("Conversion failed: Invalid isolation level `{name}`"),
                }
            })?),
        };
        Ok(TransactionOptions {
            max_wait: Duration::from_millis(max_wait_ms),
            timeout: Duration::from_millis(timeout_ms),
            isolation_level,
        })
    }
}

/// What a request wants to do with a transaction; it names the attempt in "already closed" errors
/// (`A batch query cannot be executed on ...`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransactionAction {
    Query,
    BatchQuery,
    Commit,
    Rollback,
}

impl TransactionAction {
    fn noun(self) -> &'static str {
        match self {
            TransactionAction::Query => "query",
            TransactionAction::BatchQuery => "batch query",
            TransactionAction::Commit => "commit",
            TransactionAction::Rollback => "rollback",
        }
    }
}

/// Where a transaction is in its life, as far as the manager knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransactionState {
    Open,
    Committed,
    RolledBack,
    /// Rolled back by the manager because `timeout` elapsed.
    Expired,
    /// Never issued, or closed so long ago that it was forgotten.
    Unknown,
}

/// The open transaction's connection, or `None` once it was committed or rolled back.
type Slot = Option<Box<dyn Transaction>>;

/// Timing of one transaction, kept while it is open and after it closed (for the expiry message).
#[derive(Debug, Clone, Copy)]
struct Timing {
    started: Instant,
    timeout: Duration,
}

impl Timing {
    fn is_expired(&self, now: Instant) -> bool {
        now.saturating_duration_since(self.started) >= self.timeout
    }
}

struct OpenEntry {
    slot: Arc<AsyncMutex<Slot>>,
    timing: Timing,
    timer: Option<JoinHandle<()>>,
}

#[derive(Default)]
struct Registry {
    open: HashMap<String, OpenEntry>,
    closed: ClosedCache,
}

struct Inner {
    connector: Arc<dyn Connector>,
    registry: Mutex<Registry>,
}

/// Holds the open interactive transactions of one engine, by id.
///
/// Cloning is cheap and shares the transactions.
#[derive(Clone)]
pub struct TransactionManager {
    inner: Arc<Inner>,
}

/// Exclusive use of an open transaction for one request. Other requests of the same transaction wait
/// (in arrival order) until it is dropped.
pub struct TransactionGuard {
    slot: OwnedMutexGuard<Slot>,
}

impl TransactionGuard {
    /// The transaction's reads and writes. `None` only if the transaction closed while the guard was
    /// being taken, which [`TransactionManager::acquire`] already rules out.
    pub fn operations(&self) -> Option<&dyn Operations> {
        self.slot
            .as_deref()
            .map(|transaction| transaction as &dyn Operations)
    }
}

impl TransactionManager {
    /// A manager for transactions on `connector`, remembering the last `closed_cache_size` closed ids.
    pub fn new(connector: Arc<dyn Connector>, closed_cache_size: usize) -> TransactionManager {
        TransactionManager {
            inner: Arc::new(Inner {
                connector,
                registry: Mutex::new(Registry {
                    open: HashMap::new(),
                    closed: ClosedCache::new(closed_cache_size),
                }),
            }),
        }
    }

    /// Opens a transaction and returns its id. Fails with P2028 `Unable to start a transaction in the given
    /// time.` when no connection could be had within `max_wait`, or with the database's error when it
    /// refused to begin (an isolation level it does not support, for example).
    pub async fn start(&self, options: TransactionOptions) -> Result<String, EngineError> {
        let connector = self.inner.connector.clone();
        let begin = async move {
            let connection = connector.connection().await?;
            connection.begin(options.isolation_level).await
        };
        let transaction = match tokio::time::timeout(options.max_wait, begin).await {
            Ok(result) => result?,
            Err(_) => {
                return Err(EngineError::Transaction {
                    failure: TransactionFailure::StartTimeout,
                })
            }
        };
        let id = new_transaction_id();
        let timing = Timing {
            started: Instant::now(),
            timeout: options.timeout,
        };
        let slot = Arc::new(AsyncMutex::new(Some(transaction)));
        let timer = spawn_timer(Arc::downgrade(&self.inner), id.clone(), options.timeout);
        lock(&self.inner.registry).open.insert(
            id.clone(),
            OpenEntry {
                slot,
                timing,
                timer: Some(timer),
            },
        );
        Ok(id)
    }

    /// Waits for exclusive use of the transaction `id` to run a query or batch in it. Fails with P2028
    /// when the id is unknown or the transaction is closed (expiring it first if its time is up).
    pub async fn acquire(
        &self,
        id: &str,
        action: TransactionAction,
    ) -> Result<TransactionGuard, EngineError> {
        let slot = self.inner.lock_open(id, action).await?;
        Ok(TransactionGuard { slot })
    }

    /// Commits the transaction `id`. Database errors on `COMMIT` are returned as they are.
    pub async fn commit(&self, id: &str) -> Result<(), EngineError> {
        let mut slot = self.inner.lock_open(id, TransactionAction::Commit).await?;
        let Some(transaction) = slot.take() else {
            return Err(self.inner.closed_error(id, TransactionAction::Commit));
        };
        let result = transaction.commit().await;
        let state = if result.is_ok() {
            ClosedState::Committed
        } else {
            ClosedState::RolledBack
        };
        self.inner.close(id, state, true);
        drop(slot);
        result
    }

    /// Rolls the transaction `id` back.
    pub async fn rollback(&self, id: &str) -> Result<(), EngineError> {
        let mut slot = self
            .inner
            .lock_open(id, TransactionAction::Rollback)
            .await?;
        let Some(transaction) = slot.take() else {
            return Err(self.inner.closed_error(id, TransactionAction::Rollback));
        };
        let result = transaction.rollback().await;
        self.inner.close(id, ClosedState::RolledBack, true);
        drop(slot);
        result
    }

    /// What the manager knows about `id`.
    pub fn state(&self, id: &str) -> TransactionState {
        let registry = lock(&self.inner.registry);
        if registry.open.contains_key(id) {
            return TransactionState::Open;
        }
        match registry.closed.get(id) {
            Some((ClosedState::Committed, _)) => TransactionState::Committed,
            Some((ClosedState::RolledBack, _)) => TransactionState::RolledBack,
            Some((ClosedState::Expired, _)) => TransactionState::Expired,
            None => TransactionState::Unknown,
        }
    }

    /// How many transactions are open.
    pub fn open_count(&self) -> usize {
        lock(&self.inner.registry).open.len()
    }

    /// Rolls back every open transaction (on shutdown), waiting for running requests of each to finish.
    pub async fn shutdown(&self) {
        let ids: Vec<String> = lock(&self.inner.registry).open.keys().cloned().collect();
        for id in ids {
            let _ = self.rollback(&id).await;
        }
    }
}

impl Inner {
    /// Locks the open transaction `id`, expiring it if its time is up.
    async fn lock_open(
        &self,
        id: &str,
        action: TransactionAction,
    ) -> Result<OwnedMutexGuard<Slot>, EngineError> {
        let (slot, timing) = {
            let registry = lock(&self.registry);
            match registry.open.get(id) {
                Some(entry) => (entry.slot.clone(), entry.timing),
                None => return Err(closed_error_in(&registry, id, action)),
            }
        };
        let mut guard = slot.lock_owned().await;
        if guard.is_none() {
            return Err(self.closed_error(id, action));
        }
        if timing.is_expired(Instant::now()) {
            self.expire(id, &mut guard, true).await;
            return Err(self.closed_error(id, action));
        }
        Ok(guard)
    }

    /// Rolls back an open transaction whose time is up and remembers it as expired.
    async fn expire(&self, id: &str, slot: &mut Slot, abort_timer: bool) {
        if let Some(transaction) = slot.take() {
            let _ = transaction.rollback().await;
        }
        self.close(id, ClosedState::Expired, abort_timer);
    }

    /// Moves `id` from the open transactions to the closed cache.
    fn close(&self, id: &str, state: ClosedState, abort_timer: bool) {
        let mut registry = lock(&self.registry);
        if let Some(entry) = registry.open.remove(id) {
            if abort_timer {
                if let Some(timer) = entry.timer {
                    timer.abort();
                }
            }
            let timing = entry.timing;
            registry.closed.insert(id.to_string(), state, timing);
        }
    }

    fn closed_error(&self, id: &str, action: TransactionAction) -> EngineError {
        closed_error_in(&lock(&self.registry), id, action)
    }
}

/// The P2028 error for a transaction that is not open: why, if the id is remembered, else "not found".
fn closed_error_in(registry: &Registry, id: &str, action: TransactionAction) -> EngineError {
    let failure = match registry.closed.get(id) {
        None => TransactionFailure::NotFound,
        Some((state, timing)) => {
            let noun = action.noun();
            let reason = match state {
                ClosedState::Committed => {
                    format!("A {noun} cannot be executed on a committed transaction.")
                }
                ClosedState::RolledBack => {
                    format!("A {noun} cannot be executed on a transaction that was rolled back.")
                }
                ClosedState::Expired => format!(
                    "A {noun} cannot be executed on an expired transaction. The timeout for this \
                     transaction was {} ms, however {} ms passed since the start of the transaction. \
                     Consider increasing the interactive transaction timeout or doing less work in the \
                     transaction.",
                    timing.timeout.as_millis(),
                    timing.started.elapsed().as_millis()
                ),
            };
            TransactionFailure::AlreadyClosed { reason }
        }
    };
    EngineError::Transaction { failure }
}

/// Rolls the transaction back once `timeout` has passed, unless it was closed before. It holds the
/// manager weakly, so a dropped manager does not live on in its timers.
fn spawn_timer(inner: Weak<Inner>, id: String, timeout: Duration) -> JoinHandle<()> {
    tokio::spawn(async move {
        tokio::time::sleep(timeout).await;
        let Some(inner) = inner.upgrade() else {
            return;
        };
        let slot = match lock(&inner.registry).open.get(&id) {
            Some(entry) => entry.slot.clone(),
            None => return,
        };
        // Waits for a running request of the transaction to finish first.
        let mut guard = slot.lock_owned().await;
        if guard.is_some() {
            inner.expire(&id, &mut guard, false).await;
        }
    })
}

/// Locks the registry; a poisoned lock (a panic elsewhere while holding it) still holds consistent data,
/// since every critical section only moves entries between maps.
fn lock(registry: &Mutex<Registry>) -> MutexGuard<'_, Registry> {
    registry
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
