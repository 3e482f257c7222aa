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

use crate::errors::uncoded;
use engine_core::connector::DatabaseError;
use rusqlite::Connection;
use std::sync::mpsc;
use tokio::sync::oneshot;

type Job = Box<dyn FnOnce(&mut Connection) + Send>;

/// The sending side of a connection thread. Dropping it ends the thread, which closes the connection.
#[derive(Debug)]
pub(crate) struct Worker {
    jobs: mpsc::Sender<Job>,
}

impl Worker {
    /// Starts a thread, opens the connection there (opening touches the disk too) and waits until it is
    /// ready.
    pub(crate) async fn spawn<F>(name: String, open: F) -> Result<Worker, DatabaseError>
    where
        F: FnOnce() -> Result<Connection, DatabaseError> + Send + 'static,
    {
        let (jobs, receiver) = mpsc::channel::<Job>();
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
        Ok(Worker { jobs })
    }

    /// Runs `work` on the connection thread and returns its result. If the caller stops waiting, the work
    /// still runs to completion and its result is dropped.
    pub(crate) async fn run<T, F>(&self, work: F) -> Result<T, DatabaseError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, DatabaseError> + Send + 'static,
    {
        let (reply_tx, reply_rx) = oneshot::channel();
        let job: Job = Box::new(move |connection| {
            let _ = reply_tx.send(work(connection));
        });
        self.jobs.send(job).map_err(|_| stopped())?;
        reply_rx.await.map_err(|_| stopped())?
    }

    /// Queues `work` without waiting for it; returns false if the thread is gone.
    pub(crate) fn submit<F>(&self, work: F) -> bool
    where
        F: FnOnce(&mut Connection) + Send + 'static,
    {
        self.jobs.send(Box::new(work)).is_ok()
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
