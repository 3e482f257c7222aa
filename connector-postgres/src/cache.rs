//! A bounded, per-connection cache of prepared statements.
//!
//! Preparing costs a round trip, and the engine runs the same few statement shapes over and over, so each
//! connection keeps its most recently used statements. Dropping a `Statement` closes it on the server, so
//! eviction also frees server memory.
//!
//! Every statement a connection runs looks its text up here, so a lookup borrows the text instead of
//! building an owned key: the map is keyed by the SQL alone, and the few variants of one text (raw queries
//! prepared with different declared parameter types) sit side by side under it.

use std::collections::HashMap;

use tokio_postgres::types::Type;
use tokio_postgres::Statement;

/// One prepared variant of a statement text: the parameter types it was prepared with (raw queries
/// declare types from their values, so the same text may be prepared differently).
#[derive(Debug)]
struct Variant {
    declared: Vec<u32>,
    statement: Statement,
    used: u64,
}

/// Least-recently-used statements, at most `capacity` of them.
#[derive(Debug)]
pub(crate) struct StatementCache {
    capacity: usize,
    tick: u64,
    len: usize,
    entries: HashMap<String, Vec<Variant>>,
}

impl StatementCache {
    pub(crate) fn new(capacity: usize) -> Self {
        StatementCache {
            capacity,
            tick: 0,
            len: 0,
            entries: HashMap::new(),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn get(&mut self, sql: &str, declared: &[Type]) -> Option<Statement> {
        self.tick += 1;
        let tick = self.tick;
        let variant = self
            .entries
            .get_mut(sql)?
            .iter_mut()
            .find(|variant| same_types(&variant.declared, declared))?;
        variant.used = tick;
        Some(variant.statement.clone())
    }

    pub(crate) fn insert(&mut self, sql: &str, declared: &[Type], statement: Statement) {
        if self.capacity == 0 {
            return;
        }
        if let Some(variants) = self.entries.get_mut(sql) {
            let before = variants.len();
            variants.retain(|variant| !same_types(&variant.declared, declared));
            self.len -= before - variants.len();
        }
        if self.len >= self.capacity {
            self.evict_oldest();
        }
        self.tick += 1;
        self.entries
            .entry(sql.to_owned())
            .or_default()
            .push(Variant {
                declared: declared.iter().map(Type::oid).collect(),
                statement,
                used: self.tick,
            });
        self.len += 1;
    }

    /// Forgets every statement, e.g. after the schema changed under them.
    pub(crate) fn clear(&mut self) {
        self.entries.clear();
        self.len = 0;
    }

    fn evict_oldest(&mut self) {
        let oldest = self
            .entries
            .iter()
            .flat_map(|(sql, variants)| {
                variants
                    .iter()
                    .enumerate()
                    .map(move |(index, variant)| (variant.used, sql, index))
            })
            .min_by_key(|(used, _, _)| *used)
            .map(|(_, sql, index)| (sql.clone(), index));
        let Some((sql, index)) = oldest else {
            return;
        };
        if let Some(variants) = self.entries.get_mut(&sql) {
            variants.remove(index);
            if variants.is_empty() {
                self.entries.remove(&sql);
            }
            self.len -= 1;
        }
    }
}

fn same_types(oids: &[u32], declared: &[Type]) -> bool {
    oids.len() == declared.len() && oids.iter().zip(declared).all(|(oid, ty)| *oid == ty.oid())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio_postgres::{Client, NoTls};

    /// A client of the test server, or `None` (with a notice) when `TEST_POSTGRES_URL` is unset.
    async fn client() -> Option<Client> {
        let Ok(url) = std::env::var("TEST_POSTGRES_URL") else {
            eprintln!("TEST_POSTGRES_URL is not set: skipping");
            return None;
        };
        let (client, connection) = tokio_postgres::connect(&url, NoTls).await.unwrap();
        tokio::spawn(connection);
        Some(client)
    }

    #[tokio::test]
    async fn keeps_variants_by_declared_types_and_evicts_the_least_recently_used() {
        let Some(client) = client().await else {
            return;
        };
        let int8 = [Type::INT8];
        let text = [Type::TEXT];
        let mut cache = StatementCache::new(2);
        let a = client.prepare_typed("SELECT $1", &int8).await.unwrap();
        let b = client.prepare_typed("SELECT $1", &text).await.unwrap();
        cache.insert("SELECT $1", &int8, a);
        cache.insert("SELECT $1", &text, b);
        assert_eq!(cache.len(), 2);
        assert_eq!(cache.get("SELECT $1", &int8).unwrap().params(), &int8);
        assert_eq!(cache.get("SELECT $1", &text).unwrap().params(), &text);
        assert!(cache.get("SELECT $1", &[]).is_none());
        assert!(cache.get("SELECT 2", &[]).is_none());

        // `int8` was used before `text`, so it goes first.
        let c = client.prepare("SELECT 2").await.unwrap();
        cache.insert("SELECT 2", &[], c);
        assert_eq!(cache.len(), 2);
        assert!(cache.get("SELECT $1", &int8).is_none());
        assert!(cache.get("SELECT $1", &text).is_some());
        assert!(cache.get("SELECT 2", &[]).is_some());

        // Inserting a variant again replaces it instead of counting it twice.
        let again = client.prepare("SELECT 2").await.unwrap();
        cache.insert("SELECT 2", &[], again);
        assert_eq!(cache.len(), 2);

        cache.clear();
        assert_eq!(cache.len(), 0);
        assert!(cache.get("SELECT 2", &[]).is_none());
    }

    #[tokio::test]
    async fn capacity_zero_keeps_nothing() {
        let Some(client) = client().await else {
            return;
        };
        let mut cache = StatementCache::new(0);
        cache.insert("SELECT 1", &[], client.prepare("SELECT 1").await.unwrap());
        assert_eq!(cache.len(), 0);
        assert!(cache.get("SELECT 1", &[]).is_none());
    }
}
