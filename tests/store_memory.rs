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
