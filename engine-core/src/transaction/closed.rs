//! The bounded memory of closed transactions: the last N ids and how each ended, so that late requests
//! get "already closed: committed / rolled back / expired" rather than "not found", as in Prisma.

use std::collections::{HashMap, VecDeque};

use super::Timing;

/// How a remembered transaction ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ClosedState {
    Committed,
    RolledBack,
    Expired,
}

/// The most recently closed transactions, oldest forgotten first.
#[derive(Default)]
pub(super) struct ClosedCache {
    capacity: usize,
    order: VecDeque<String>,
    entries: HashMap<String, (ClosedState, Timing)>,
}

impl ClosedCache {
    pub(super) fn new(capacity: usize) -> ClosedCache {
        ClosedCache {
            capacity,
            order: VecDeque::new(),
            entries: HashMap::new(),
        }
    }

    pub(super) fn insert(&mut self, id: String, state: ClosedState, timing: Timing) {
        if self.capacity == 0 {
            return;
        }
        if self.entries.insert(id.clone(), (state, timing)).is_none() {
            self.order.push_back(id);
        }
        while self.order.len() > self.capacity {
            if let Some(oldest) = self.order.pop_front() {
                self.entries.remove(&oldest);
            }
        }
    }

    pub(super) fn get(&self, id: &str) -> Option<(ClosedState, Timing)> {
        self.entries.get(id).copied()
    }
}
