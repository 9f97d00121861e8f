//! A store in memory: for host tests, and the reference the IndexedDB store is held to.
//! Stores opened under the same name (on the same thread) share their data, so "close and
//! reopen" means the same thing here as in IndexedDB.

use crate::files::codec;
use crate::model::campaign::Campaign;
use crate::model::id::Id;
use crate::model::records::{Interaction, Product};
use crate::model::segment::{SavedSegment, SegmentSnapshot};
use crate::storage::layout::{self, Head, Since, Stored, Write, LOG_KEEP};
use crate::storage::{Store, StoreError};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

#[derive(Clone, Default)]
struct Data {
    customer_chunks: BTreeMap<u32, Vec<u8>>,
    products: BTreeMap<Id, Product>,
    interactions: BTreeMap<Id, Interaction>,
    segments: BTreeMap<Id, SavedSegment>,
    campaigns: BTreeMap<Id, Campaign>,
    snapshots: BTreeMap<Id, SegmentSnapshot>,
    chunks: BTreeMap<u32, Vec<u8>>,
    head: Head,
    /// Encoded changes by revision, as IndexedDB's `log` store (`None`: too big to log).
    log: BTreeMap<u64, Option<Vec<u8>>>,
}

thread_local! {
    static OPEN: RefCell<HashMap<String, Rc<RefCell<Data>>>> = RefCell::new(HashMap::new());
}

/// An in-memory [`Store`].
#[derive(Clone)]
pub struct MemoryStore {
    data: Rc<RefCell<Data>>,
}

impl MemoryStore {
    /// Opens (or creates) the store called `name`.
    pub fn open(name: &str) -> MemoryStore {
        let data = OPEN.with(|open| {
            open.borrow_mut()
                .entry(name.to_string())
                .or_default()
                .clone()
        });
        MemoryStore { data }
    }

    /// A store nobody else can open.
    pub fn private() -> MemoryStore {
        MemoryStore {
            data: Rc::default(),
        }
    }
}

fn write(data: &mut Data, w: &Write) {
    let change = &w.change;
    for p in &change.products {
        data.products.insert(p.meta.id, p.clone());
    }
    for i in &change.interactions {
        data.interactions.insert(i.meta.id, i.clone());
    }
    for s in &change.segments {
        data.segments.insert(s.meta.id, s.clone());
    }
    for c in &change.campaigns {
        data.campaigns.insert(c.meta.id, c.clone());
    }
    for s in &change.snapshots {
        data.snapshots.insert(s.meta.id, s.clone());
    }
    for (n, bytes) in &w.chunks {
        data.chunks.insert(*n, bytes.clone());
    }
    for (n, bytes) in &w.customer_chunks {
        data.customer_chunks.insert(*n, bytes.clone());
    }
}

impl Data {
    fn stored(&self) -> Stored {
        Stored {
            head: self.head,
            customer_chunks: self
                .customer_chunks
                .iter()
                .map(|(n, b)| (*n, b.clone().into()))
                .collect(),
            loose_customers: Vec::new(),
            products: self.products.values().cloned().collect(),
            interactions: self.interactions.values().cloned().collect(),
            segments: self.segments.values().cloned().collect(),
            campaigns: self.campaigns.values().cloned().collect(),
            snapshots: self.snapshots.values().cloned().collect(),
            chunks: self
                .chunks
                .iter()
                .map(|(n, b)| (*n, b.clone().into()))
                .collect(),
        }
    }
}

impl Store for MemoryStore {
    async fn load(&self) -> Result<Stored, StoreError> {
        Ok(self.data.borrow().stored())
    }

    async fn commit(&self, change: &Write, base: Head) -> Result<Head, StoreError> {
        if self.data.borrow().head != base {
            return Err(StoreError::Stale);
        }
        // Write into a copy and swap it in whole: all or nothing, as a transaction.
        let mut next = self.data.borrow().clone();
        write(&mut next, change);
        next.head = base.next();
        next.log
            .insert(next.head.rev, layout::log_entry(&change.change));
        next.log.retain(|&rev, _| rev + LOG_KEEP > next.head.rev);
        let head = next.head;
        *self.data.borrow_mut() = next;
        Ok(head)
    }

    async fn replace_all(&self, change: &Write) -> Result<Head, StoreError> {
        let mut next = Data::default();
        write(&mut next, change);
        next.head = self.data.borrow().head.replaced();
        let head = next.head;
        *self.data.borrow_mut() = next;
        Ok(head)
    }

    async fn since(&self, base: Head) -> Result<Since, StoreError> {
        let d = self.data.borrow();
        if d.head == base {
            return Ok(Since::Same);
        }
        let reload = |replaced| Since::Reload {
            stored: d.stored(),
            replaced,
        };
        if d.head.epoch != base.epoch || d.head.rev < base.rev {
            return Ok(reload(true));
        }
        let mut changes = Vec::new();
        for rev in base.rev + 1..=d.head.rev {
            match d.log.get(&rev) {
                Some(Some(bytes)) => changes.push(
                    codec::decode_change(bytes)
                        .map_err(|e| StoreError::Damaged(format!("change {rev}: {e}")))?,
                ),
                _ => return Ok(reload(false)),
            }
        }
        Ok(Since::Changes {
            head: d.head,
            changes,
        })
    }
}
