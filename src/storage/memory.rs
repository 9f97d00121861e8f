//! A store in memory: for host tests, and the reference the IndexedDB store is held to.
//! Stores opened under the same name (on the same thread) share their data, so "close and
//! reopen" means the same thing here as in IndexedDB.

use crate::model::id::Id;
use crate::model::records::{Customer, Interaction, Product};
use crate::model::segment::SavedSegment;
use crate::storage::layout::{Stored, Write};
use crate::storage::{Store, StoreError};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

#[derive(Clone, Default)]
struct Data {
    customers: BTreeMap<Id, Customer>,
    products: BTreeMap<Id, Product>,
    interactions: BTreeMap<Id, Interaction>,
    segments: BTreeMap<Id, SavedSegment>,
    chunks: BTreeMap<u32, Vec<u8>>,
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

fn write(data: &mut Data, w: &Write) -> Result<(), StoreError> {
    let change = &w.change;
    for c in &change.customers {
        data.customers.insert(c.meta.id, c.clone());
    }
    for p in &change.products {
        data.products.insert(p.meta.id, p.clone());
    }
    for i in &change.interactions {
        data.interactions.insert(i.meta.id, i.clone());
    }
    for s in &change.segments {
        data.segments.insert(s.meta.id, s.clone());
    }
    for (n, bytes) in &w.chunks {
        data.chunks.insert(*n, bytes.clone());
    }
    // The same rule as IndexedDB's unique "phone" index over live customers.
    let mut phones = HashMap::new();
    for c in data.customers.values().filter(|c| c.meta.live()) {
        if let Some(p) = &c.phone {
            if phones.insert(p.as_str(), c.meta.id).is_some() {
                return Err(StoreError::Conflict(format!(
                    "phone {p} is already in the book"
                )));
            }
        }
    }
    Ok(())
}

impl Store for MemoryStore {
    async fn load(&self) -> Result<Stored, StoreError> {
        let d = self.data.borrow();
        Ok(Stored {
            customers: d.customers.values().cloned().collect(),
            products: d.products.values().cloned().collect(),
            interactions: d.interactions.values().cloned().collect(),
            segments: d.segments.values().cloned().collect(),
            chunks: d.chunks.iter().map(|(n, b)| (*n, b.clone())).collect(),
        })
    }

    async fn commit(&self, change: &Write) -> Result<(), StoreError> {
        // Write into a copy and swap it in only when every rule held: all or nothing.
        let mut next = self.data.borrow().clone();
        write(&mut next, change)?;
        *self.data.borrow_mut() = next;
        Ok(())
    }

    async fn replace_all(&self, change: &Write) -> Result<(), StoreError> {
        let mut next = Data::default();
        write(&mut next, change)?;
        *self.data.borrow_mut() = next;
        Ok(())
    }
}
