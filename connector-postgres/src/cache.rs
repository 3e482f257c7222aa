//! A bounded, per-connection cache of prepared statements.
//!
//! Preparing costs a round trip, and the engine runs the same few statement shapes over and over, so each
//! connection keeps its most recently used statements. Dropping a `Statement` closes it on the server, so
//! eviction also frees server memory.

use std::collections::HashMap;

use tokio_postgres::types::Type;
use tokio_postgres::Statement;

/// A statement is identified by its text and the parameter types it was prepared with (raw queries
/// declare types from their values, so the same text may be prepared differently).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    sql: String,
    declared: Vec<u32>,
}

/// Least-recently-used statements, at most `capacity` of them.
#[derive(Debug)]
pub(crate) struct StatementCache {
    capacity: usize,
    tick: u64,
    entries: HashMap<Key, (Statement, u64)>,
}

impl StatementCache {
    pub(crate) fn new(capacity: usize) -> Self {
        StatementCache {
            capacity,
            tick: 0,
            entries: HashMap::new(),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn get(&mut self, sql: &str, declared: &[Type]) -> Option<Statement> {
        self.tick += 1;
        let tick = self.tick;
        let key = key(sql, declared);
        self.entries.get_mut(&key).map(|(statement, used)| {
            *used = tick;
            statement.clone()
        })
    }

    pub(crate) fn insert(&mut self, sql: &str, declared: &[Type], statement: Statement) {
        if self.capacity == 0 {
            return;
        }
        if self.entries.len() >= self.capacity {
            let oldest = self
                .entries
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(key, _)| key.clone());
            if let Some(oldest) = oldest {
                self.entries.remove(&oldest);
            }
        }
        self.tick += 1;
        self.entries
            .insert(key(sql, declared), (statement, self.tick));
    }

    /// Forgets every statement, e.g. after the schema changed under them.
    pub(crate) fn clear(&mut self) {
        self.entries.clear();
    }
}

fn key(sql: &str, declared: &[Type]) -> Key {
    Key {
        sql: sql.to_owned(),
        declared: declared.iter().map(Type::oid).collect(),
    }
}
