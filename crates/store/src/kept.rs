//! Lists read from the database and kept in the process, each under the stamp it was read
//! at ([`crate::KeptTimelines`], [`crate::KeptDays`]): an entry is used only while the
//! stamp the caller has just read is the one it was kept under.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, PoisonError};

/// Lists by key, one each, replaced when read again under another stamp; at most
/// `capacity` items over all of them.
#[derive(Debug)]
pub(crate) struct Kept<K, S, T> {
    inner: Mutex<Entries<K, S, T>>,
    capacity: usize,
}

#[derive(Debug)]
struct Entries<K, S, T> {
    map: HashMap<K, (S, Arc<Vec<T>>)>,
    items: usize,
    /// Lists read from the database (every [`Kept::put`]), kept or not.
    reads: u64,
}

impl<K: Eq + Hash, S: PartialEq, T> Kept<K, S, T> {
    pub(crate) fn new(capacity: usize) -> Self {
        Kept { inner: Mutex::new(Entries { map: HashMap::new(), items: 0, reads: 0 }), capacity }
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, Entries<K, S, T>> {
        // A panic elsewhere while the lock was held leaves whole entries behind: still usable.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The list kept under `key`, if it was kept under `stamp`.
    pub(crate) fn get<Q: Eq + Hash + ?Sized>(&self, key: &Q, stamp: &S) -> Option<Arc<Vec<T>>>
    where
        K: Borrow<Q>,
    {
        let entries = self.entries();
        let (at, list) = entries.map.get(key)?;
        (at == stamp).then(|| Arc::clone(list))
    }

    /// Keeps `list`, just read under `stamp`, in place of what `key` held.
    pub(crate) fn put(&self, key: K, stamp: S, list: Arc<Vec<T>>) {
        let mut entries = self.entries();
        entries.reads += 1;
        // Past capacity everything goes: cheap to read again, and no bookkeeping per view.
        if entries.items + list.len() > self.capacity {
            entries.map.clear();
            entries.items = 0;
        }
        entries.items += list.len();
        if let Some((_, old)) = entries.map.insert(key, (stamp, list)) {
            entries.items -= old.len();
        }
    }

    /// Lists kept, the items in them, and how many lists were read since the start.
    pub(crate) fn counts(&self) -> (usize, usize, u64) {
        let entries = self.entries();
        (entries.map.len(), entries.items, entries.reads)
    }
}
