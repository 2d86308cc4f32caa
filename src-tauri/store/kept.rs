//! Records of a kind kept decoded in memory in the sled store: built on open and kept in
//! step with each committed change. For the kinds a screen reads all of at once — the
//! payout lists (thousands of lines each) and the claims, which a payout draft reconciles
//! in full, the materials, whose review dates Oversigt counts, and the hours, which it
//! sums — so that reading (and, encrypted, opening) every one of them is not paid on each
//! screen.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use super::Versioned;
use crate::domain::Id;

/// Every record of a kind, by id.
pub struct Kept<T> {
    records: RwLock<HashMap<Id, Arc<T>>>,
}

impl<T> Default for Kept<T> {
    fn default() -> Self {
        Kept {
            records: RwLock::new(HashMap::new()),
        }
    }
}

impl<T: Versioned> Kept<T> {
    /// Keeps `record`, unless a newer version of it is kept already (a slower writer never
    /// replaces a newer version).
    pub fn put(&self, record: T) {
        // The map holds no invariant a panicking writer could break half-way.
        let mut map = self
            .records
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if map
            .get(&record.id())
            .is_some_and(|r| r.version() >= record.version())
        {
            return;
        }
        map.insert(record.id(), Arc::new(record));
    }

    /// Replaces what is kept with `records`.
    pub fn set(&self, records: Vec<T>) {
        let map = records.into_iter().map(|r| (r.id(), Arc::new(r))).collect();
        *self
            .records
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = map;
    }

    /// Every record kept, in id (= creation) order.
    pub fn all(&self) -> Vec<Arc<T>> {
        let mut all: Vec<Arc<T>> = self
            .records
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .values()
            .cloned()
            .collect();
        all.sort_unstable_by_key(|r| r.id());
        all
    }
}
