//! A fixed-size pool of connection threads.
//!
//! SQLite lets many connections read at once (WAL mode) but only one write at a time. Readers therefore
//! share the pool freely. Writers are kept from tripping over each other two ways: every statement waits
//! up to `busy_timeout` for a lock instead of failing at once, and transactions start with
//! `BEGIN IMMEDIATE` behind an in-process gate (see [`Pool::write_gate`]), so two transactions can never
//! both hold read snapshots and then both try to upgrade to writing — the case where SQLite gives up with
//! "database is locked" without waiting.

use crate::config::{Location, SqliteConfig};
use crate::errors::{from_sqlite, ErrorMode};
use crate::session;
use crate::worker::Worker;
use engine_core::connector::DatabaseError;
use rusqlite::{Connection, OpenFlags};
use std::ops::Deref;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::{OwnedMutexGuard, OwnedSemaphorePermit, Semaphore};

/// Prepared statements kept per connection; the engine sends a modest set of statement shapes.
const STATEMENT_CACHE_CAPACITY: usize = 256;

#[derive(Debug)]
struct Shared {
    config: SqliteConfig,
    size: usize,
    permits: Arc<Semaphore>,
    idle: Mutex<Vec<Worker>>,
    write_gate: Arc<tokio::sync::Mutex<()>>,
    opened: AtomicUsize,
}

/// The pool: cheap to clone, all clones share the same connections.
#[derive(Debug, Clone)]
pub(crate) struct Pool {
    shared: Arc<Shared>,
}

impl Pool {
    /// Creates the pool and opens its first connection, so a bad path or a file that is not a database is
    /// reported now rather than on the first query. Opening it also creates the file and switches it to
    /// WAL mode.
    pub(crate) async fn open(config: SqliteConfig) -> Result<Pool, DatabaseError> {
        let size = config.pool_size();
        let pool = Pool {
            shared: Arc::new(Shared {
                config,
                size,
                permits: Arc::new(Semaphore::new(size)),
                idle: Mutex::new(Vec::with_capacity(size)),
                write_gate: Arc::new(tokio::sync::Mutex::new(())),
                opened: AtomicUsize::new(0),
            }),
        };
        let first = pool.spawn_worker().await?;
        pool.idle().push(first);
        Ok(pool)
    }

    pub(crate) fn size(&self) -> usize {
        self.shared.size
    }

    /// Takes a connection, waiting at most the configured pool timeout for one to come back.
    pub(crate) async fn get(&self) -> Result<PooledWorker, DatabaseError> {
        let acquire = self.shared.permits.clone().acquire_owned();
        let permit = match self.shared.config.pool_timeout {
            Some(limit) => tokio::time::timeout(limit, acquire).await.map_err(|_| {
                DatabaseError::PoolTimeout {
                    limit: self.shared.size,
                    timeout_secs: limit.as_secs(),
                }
            })?,
            None => acquire.await,
        }
        .expect("the pool never closes its semaphore");

        let idle = self.idle().pop();
        let worker = match idle {
            Some(worker) => worker,
            None => self.spawn_worker().await?,
        };
        Ok(PooledWorker {
            worker: Some(worker),
            pool: self.clone(),
            _permit: permit,
        })
    }

    /// The lock every transaction holds from `BEGIN IMMEDIATE` to its end. SQLite would serialize
    /// those transactions anyway; queueing them here, in order, means none of them burns its
    /// `busy_timeout` polling for the lock, and connection threads are not parked in SQLite's busy handler.
    pub(crate) async fn write_gate(&self) -> OwnedMutexGuard<()> {
        self.shared.write_gate.clone().lock_owned().await
    }

    fn idle(&self) -> std::sync::MutexGuard<'_, Vec<Worker>> {
        self.shared
            .idle
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    async fn spawn_worker(&self) -> Result<Worker, DatabaseError> {
        let number = self.shared.opened.fetch_add(1, Ordering::Relaxed);
        let config = self.shared.config.clone();
        Worker::spawn(format!("sqlite-{number}"), move || open_connection(&config)).await
    }
}

/// Opens one connection with the settings every pooled connection shares.
fn open_connection(config: &SqliteConfig) -> Result<Connection, DatabaseError> {
    let connection = match &config.location {
        Location::Memory => Connection::open_in_memory(),
        Location::File(path) => Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        ),
    }
    .map_err(|error| match (&error, &config.location) {
        (rusqlite::Error::SqliteFailure(failure, _), Location::File(path))
            if failure.code == rusqlite::ErrorCode::CannotOpen =>
        {
            DatabaseError::DatabaseDoesNotExist {
                name: path.display().to_string(),
            }
        }
        _ => from_sqlite(error, ErrorMode::Raw),
    })?;
    connection
        .busy_timeout(config.busy_timeout)
        .map_err(|e| from_sqlite(e, ErrorMode::Raw))?;
    connection.set_prepared_statement_cache_capacity(STATEMENT_CACHE_CAPACITY);
    session::control(&connection, "PRAGMA foreign_keys = ON")?;
    if matches!(config.location, Location::File(_)) {
        // `journal_mode` answers with a row, so it cannot go through `execute_batch`.
        connection
            .query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))
            .map_err(|e| from_sqlite(e, ErrorMode::Raw))?;
    }
    Ok(connection)
}

/// A connection taken from the pool. On drop it goes back to the pool; if a transaction may still be
/// open there, a rollback is queued on the connection thread ahead of whatever the next user sends. A
/// connection known to be in autocommit mode (the usual case: every read) goes back without that extra
/// job, which would cost the connection thread one more wake-up per request.
#[derive(Debug)]
pub(crate) struct PooledWorker {
    worker: Option<Worker>,
    pool: Pool,
    _permit: OwnedSemaphorePermit,
}

impl Deref for PooledWorker {
    type Target = Worker;

    fn deref(&self) -> &Worker {
        self.worker.as_ref().expect("present until dropped")
    }
}

impl Drop for PooledWorker {
    fn drop(&mut self) {
        if let Some(worker) = self.worker.take() {
            // A worker whose thread is gone is dropped instead of being handed out again; its last job
            // never finished, so it is not settled and the failed `submit` tells.
            if worker.is_settled() || worker.submit(|connection| session::reset(connection)) {
                self.pool.idle().push(worker);
            }
        }
    }
}
