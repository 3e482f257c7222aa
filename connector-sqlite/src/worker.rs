//! One thread per SQLite connection.
//!
//! Every SQLite call blocks: on disk I/O, and on another connection's lock for up to `busy_timeout`. Run
//! on the async runtime, that would stall every task scheduled on the same worker thread. Each pooled
//! connection therefore lives on a thread of its own and receives work as closures over a channel,
//! answering through a oneshot channel the async caller awaits.
//!
//! A dedicated thread rather than `spawn_blocking` per statement because a `rusqlite::Connection` is not
//! `Sync` and its prepared-statement cache is only useful if the connection stays put: the thread owns
//! the connection for its whole life, jobs for one connection run strictly in the order they were sent
//! (which is what makes "roll back before the next user" a matter of sending a job), and an idle
//! connection costs a parked thread, nothing more.
//!
//! Every hop to the connection thread costs a wake-up, which is most of the latency of a small read. So
//! the thread also records, after each job, whether the connection is back in autocommit mode; when it is
//! and no job is still queued, returning the connection to the pool needs no rollback job at all (see
//! [`Worker::is_settled`]).

use crate::errors::uncoded;
use engine_core::connector::DatabaseError;
use rusqlite::Connection;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use tokio::sync::oneshot;

type Job = Box<dyn FnOnce(&mut Connection) + Send>;

/// The sending side of a connection thread. Dropping it ends the thread, which closes the connection.
#[derive(Debug)]
pub(crate) struct Worker {
    jobs: mpsc::Sender<Job>,
    state: Arc<SessionState>,
}

/// What the caller side knows about the connection's transaction state, kept up to date by the
/// connection thread.
#[derive(Debug, Default)]
struct SessionState {
    /// Jobs sent and not yet finished. A job whose caller stopped waiting still counts until it has run,
    /// so its effect (say a `BEGIN` whose answer nobody read) is never missed.
    unfinished: AtomicUsize,
    /// Whether the connection was inside a transaction after the last finished job.
    in_transaction: AtomicBool,
}

impl SessionState {
    /// Called on the connection thread after a job, before its answer is sent: the caller that receives
    /// the answer then sees the state the job left.
    fn finished(&self, connection: &Connection) {
        self.in_transaction
            .store(!connection.is_autocommit(), Ordering::Relaxed);
        self.unfinished.fetch_sub(1, Ordering::Release);
    }
}

impl Worker {
    /// Starts a thread, opens the connection there (opening touches the disk too) and waits until it is
    /// ready.
    pub(crate) async fn spawn<F>(name: String, open: F) -> Result<Worker, DatabaseError>
    where
        F: FnOnce() -> Result<Connection, DatabaseError> + Send + 'static,
    {
        let (jobs, receiver) = mpsc::channel::<Job>();
        let state = Arc::new(SessionState::default());
        let (ready_tx, ready_rx) = oneshot::channel();
        std::thread::Builder::new()
            .name(name)
            .spawn(move || {
                let mut connection = match open() {
                    Ok(connection) => {
                        let _ = ready_tx.send(Ok(()));
                        connection
                    }
                    Err(error) => {
                        let _ = ready_tx.send(Err(error));
                        return;
                    }
                };
                while let Ok(job) = receiver.recv() {
                    job(&mut connection);
                }
            })
            .map_err(|e| {
                uncoded(format!(
                    "Could not start a thread for an SQLite connection: {e}"
                ))
            })?;
        ready_rx.await.map_err(|_| stopped())??;
        Ok(Worker { jobs, state })
    }

    /// True when every job sent so far has finished and left the connection in autocommit mode: nothing
    /// is open that the next user could inherit, so there is nothing to roll back.
    pub(crate) fn is_settled(&self) -> bool {
        self.state.unfinished.load(Ordering::Acquire) == 0
            && !self.state.in_transaction.load(Ordering::Relaxed)
    }

    /// Queues a job, counting it as unfinished until the connection thread has run it.
    fn send(&self, job: Job) -> bool {
        self.state.unfinished.fetch_add(1, Ordering::Relaxed);
        self.jobs.send(job).is_ok()
    }

    /// Runs `work` on the connection thread and returns its result. If the caller stops waiting, the work
    /// still runs to completion and its result is dropped.
    pub(crate) async fn run<T, F>(&self, work: F) -> Result<T, DatabaseError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, DatabaseError> + Send + 'static,
    {
        let (reply_tx, reply_rx) = oneshot::channel();
        let state = self.state.clone();
        let job: Job = Box::new(move |connection| {
            let result = work(connection);
            state.finished(connection);
            let _ = reply_tx.send(result);
        });
        if !self.send(job) {
            return Err(stopped());
        }
        reply_rx.await.map_err(|_| stopped())?
    }

    /// Queues `work` without waiting for it; returns false if the thread is gone.
    pub(crate) fn submit<F>(&self, work: F) -> bool
    where
        F: FnOnce(&mut Connection) + Send + 'static,
    {
        let state = self.state.clone();
        self.send(Box::new(move |connection| {
            work(connection);
            state.finished(connection);
        }))
    }
}

/// The thread ended: only a panic inside SQLite work does that.
fn stopped() -> DatabaseError {
    uncoded("The SQLite connection thread stopped unexpectedly.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn work_runs_on_another_thread_in_order() {
        let worker = Worker::spawn("test".into(), || {
            Connection::open_in_memory().map_err(|e| uncoded(e.to_string()))
        })
        .await
        .unwrap();
        let caller = std::thread::current().id();
        let ran_on = worker
            .run(|_| Ok(std::thread::current().id()))
            .await
            .unwrap();
        assert_ne!(ran_on, caller);

        assert!(worker.submit(|c| c.execute_batch("CREATE TABLE t (x INTEGER)").unwrap()));
        let count: i64 = worker
            .run(|c| {
                c.query_row("SELECT COUNT(*) FROM t", [], |r| r.get(0))
                    .map_err(|e| uncoded(e.to_string()))
            })
            .await
            .unwrap();
        assert_eq!(count, 0);
    }

    fn memory() -> Result<Connection, DatabaseError> {
        Connection::open_in_memory().map_err(|e| uncoded(e.to_string()))
    }

    fn batch(sql: &'static str) -> impl FnOnce(&mut Connection) -> Result<(), DatabaseError> {
        move |c| c.execute_batch(sql).map_err(|e| uncoded(e.to_string()))
    }

    #[tokio::test]
    async fn settled_follows_the_transaction_state_jobs_leave() {
        let worker = Worker::spawn("test".into(), memory).await.unwrap();
        assert!(worker.is_settled());
        worker.run(batch("SELECT 1")).await.unwrap();
        assert!(worker.is_settled());
        worker.run(batch("BEGIN")).await.unwrap();
        assert!(!worker.is_settled());
        worker.run(batch("SELECT 1")).await.unwrap();
        assert!(!worker.is_settled());
        worker.run(batch("COMMIT")).await.unwrap();
        assert!(worker.is_settled());
        // A job left to itself: its rollback is known only once the thread has run it.
        worker.run(batch("BEGIN")).await.unwrap();
        assert!(worker.submit(|c| c.execute_batch("ROLLBACK").unwrap()));
        worker.run(|_| Ok(())).await.unwrap();
        assert!(worker.is_settled());
    }

    #[tokio::test]
    async fn a_job_nobody_waits_for_keeps_the_worker_unsettled_until_it_ran() {
        let worker = Worker::spawn("test".into(), memory).await.unwrap();
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let blocked = worker.run(move |c| {
            release_rx.recv().unwrap();
            c.execute_batch("BEGIN").map_err(|e| uncoded(e.to_string()))
        });
        // Sent and abandoned: the caller never learns whether it opened a transaction.
        tokio::time::timeout(std::time::Duration::from_millis(10), blocked)
            .await
            .unwrap_err();
        assert!(!worker.is_settled());
        release_tx.send(()).unwrap();
        worker.run(|_| Ok(())).await.unwrap();
        assert!(
            !worker.is_settled(),
            "the abandoned BEGIN left a transaction"
        );
    }

    #[tokio::test]
    async fn a_panicked_job_leaves_the_worker_unsettled() {
        let worker = Worker::spawn("test".into(), memory).await.unwrap();
        let result: Result<(), _> = worker.run(|_| panic!("boom")).await;
        assert_eq!(result, Err(stopped()));
        // Not settled, so the pool tries a rollback job, which tells it whether the thread is gone.
        assert!(!worker.is_settled());
    }

    #[tokio::test]
    async fn open_failure_is_reported() {
        let result = Worker::spawn("test".into(), || Err(uncoded("nope"))).await;
        assert_eq!(result.unwrap_err(), uncoded("nope"));
    }

    #[tokio::test]
    async fn panicking_work_reports_a_stopped_thread() {
        let worker = Worker::spawn("test".into(), || {
            Connection::open_in_memory().map_err(|e| uncoded(e.to_string()))
        })
        .await
        .unwrap();
        let result: Result<(), _> = worker.run(|_| panic!("boom")).await;
        assert_eq!(result, Err(stopped()));
    }
}
