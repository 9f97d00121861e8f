//! The storage contract on the in-memory store (host).
#![cfg(not(target_arch = "wasm32"))]

mod contract;

use contract::Opener;
use grahak::storage::memory::MemoryStore;
use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicU32, Ordering};
use std::task::{Context, Poll, Waker};

struct Mem(u32);

impl Opener for Mem {
    type S = MemoryStore;
    async fn open(&self, name: &str) -> MemoryStore {
        MemoryStore::open(&format!("{}-{name}", self.0))
    }
    fn close(&self, _store: MemoryStore) {}
}

/// Runs a future that never waits on anything outside itself (the memory store never does).
fn block_on<F: Future>(f: F) -> F::Output {
    let mut f = pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

static RUN: AtomicU32 = AtomicU32::new(0);

macro_rules! host_tests {
    ($($name:ident),*) => {
        $(
            #[test]
            fn $name() {
                block_on(contract::$name(&Mem(RUN.fetch_add(1, Ordering::Relaxed))));
            }
        )*
    };
}

for_each_contract_test!(host_tests);

/// Random interleavings of several writers on one book (tabs that do not hear each other):
/// sales, new customers, renames, deletions, catching up and the odd whole-book replacement.
/// Every write that was acknowledged is in the final book, every refused one is not, and every
/// copy ends up with the same book as a fresh read.
#[test]
fn every_acknowledged_write_survives_any_interleaving_of_writers() {
    use grahak::book::Change;
    use grahak::demo::Rng;
    use grahak::model::id::Id;
    use grahak::model::money::Paise;
    use grahak::model::records::{Channel, Customer, Meta, Payment, Purchase};
    use grahak::model::time::Timestamp;
    use grahak::storage::{Ledger, LedgerError};
    use std::collections::HashMap;

    for seed in 0..60 {
        let mut rng = Rng::new(seed);
        let name = format!("interleave-{seed}-{}", RUN.fetch_add(1, Ordering::Relaxed));
        let writers = 2 + rng.below(3) as usize;
        let copies: Vec<Ledger<MemoryStore>> = (0..writers)
            .map(|_| block_on(Ledger::open(MemoryStore::open(&name))).unwrap())
            .collect();
        // What the book must hold: acknowledged sales, and each customer's last acknowledged
        // version. A replacement resets both to what it wrote.
        let mut sales: Vec<Id> = Vec::new();
        let mut customers: HashMap<Id, Customer> = HashMap::new();
        let mut refused: Vec<Id> = Vec::new();
        for step in 0..120 {
            let w = &copies[rng.below(writers as u64) as usize];
            let t = Timestamp(1_000 + step);
            let known: Vec<Customer> = w.book().customers().to_vec();
            let roll = rng.below(100);
            let change = if roll < 5 {
                let c = Customer::named(Meta::new(rng.id(), t), "Fresh");
                let r = block_on(w.replace_all(Change {
                    customers: vec![c.clone()],
                    ..Change::default()
                }));
                assert_eq!(r, Ok(()));
                sales.clear();
                customers = HashMap::from([(c.meta.id, c)]);
                continue;
            } else if roll < 15 {
                block_on(w.catch_up()).unwrap();
                continue;
            } else if roll < 30 || known.is_empty() {
                Change {
                    customers: vec![Customer::named(Meta::new(rng.id(), t), "New")],
                    ..Change::default()
                }
            } else if roll < 45 {
                let mut c = known[rng.below(known.len() as u64) as usize].clone();
                if rng.chance(50) {
                    c.name = format!("Renamed {step}");
                    c.meta.updated = t;
                } else {
                    c.meta = c.meta.deleted(t);
                }
                Change {
                    customers: vec![c],
                    ..Change::default()
                }
            } else {
                let who = known
                    .iter()
                    .filter(|c| c.meta.live())
                    .nth(rng.below(known.len() as u64) as usize)
                    .map(|c| c.meta.id);
                Change {
                    purchases: vec![Purchase {
                        meta: Meta::new(rng.id(), t),
                        customer: who,
                        at: t,
                        lines: vec![],
                        total: Paise(100),
                        payment: Payment::Cash,
                        channel: Channel::Stall,
                        note: String::new(),
                        by: String::new(),
                        money: Default::default(),
                    }],
                    ..Change::default()
                }
            };
            match block_on(w.save(change.clone())) {
                Ok(()) => {
                    sales.extend(change.purchases.iter().map(|p| p.meta.id));
                    for c in change.customers {
                        customers.insert(c.meta.id, c);
                    }
                }
                Err(
                    LedgerError::ChangedElsewhere(_) | LedgerError::Replaced | LedgerError::Book(_),
                ) => {
                    refused.extend(change.purchases.iter().map(|p| p.meta.id));
                }
                Err(e) => panic!("seed {seed} step {step}: {e:?}"),
            }
        }
        let fresh = block_on(Ledger::open(MemoryStore::open(&name))).unwrap();
        let book = fresh.book();
        let stored: Vec<Id> = book.purchases().iter().map(|p| p.meta.id).collect();
        assert_eq!(
            stored, sales,
            "seed {seed}: sales in the order acknowledged"
        );
        assert!(refused.iter().all(|id| !stored.contains(id)));
        assert_eq!(book.customers().len(), customers.len(), "seed {seed}");
        for c in book.customers() {
            assert_eq!(Some(c), customers.get(&c.meta.id), "seed {seed}");
        }
        // No sale was saved for a customer who was already deleted when it was saved.
        for p in book.purchases().iter() {
            if let Some(c) = p.customer {
                let c = book.customer(c).expect("known customer");
                assert!(c.meta.deleted.is_none_or(|d| d > p.at), "seed {seed}");
            }
        }
        for w in &copies {
            block_on(w.catch_up()).unwrap();
            assert_eq!(
                w.book().purchases().to_vec(),
                book.purchases().to_vec(),
                "seed {seed}"
            );
            assert_eq!(w.book().customers().len(), book.customers().len());
        }
    }
}
