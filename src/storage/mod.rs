//! Where the book is kept.
//!
//! One async [`Store`] trait with two implementations: [`memory::MemoryStore`] (host tests, demo)
//! and `idb::IdbStore` (IndexedDB, browser only). Both pass the same contract suite
//! (`tests/contract/`). Screens do not talk to a store directly: they go through [`Ledger`],
//! which checks a change against the in-memory [`Book`], commits it in one transaction, and only
//! then applies it to the book, one write at a time.

use crate::book::{Book, BookError, Change};
use layout::{Stored, Write};
use std::cell::{Cell, Ref, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

#[cfg(target_arch = "wasm32")]
pub mod device;
#[cfg(target_arch = "wasm32")]
pub mod idb;
pub mod layout;
pub mod memory;
#[cfg(target_arch = "wasm32")]
pub mod settings;

/// Schema version of the stored book. Bump it with a new cumulative step in the IndexedDB
/// migrations (`idb::upgrade`) and a browser test that upgrades from the previous version.
pub const SCHEMA_VERSION: u32 = 2;

/// What can go wrong in storage, in terms the seller can act on.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// The browser will not store anything (private mode, storage disabled, very old browser).
    #[error("storage is unavailable: {0}")]
    Unavailable(String),
    /// The device is out of space for this site.
    #[error("storage is full")]
    QuotaExceeded,
    /// The book was written by a newer version of Grahak than this one.
    #[error("the book was saved by a newer Grahak (schema {found}, this app knows {supported})")]
    TooNew {
        /// Version found on the device.
        found: u32,
        /// Version this app writes.
        supported: u32,
    },
    /// Another tab upgraded the book; this tab let go of it and must reload.
    #[error("the book was upgraded in another tab; reload")]
    Closed,
    /// A stored rule was broken (a phone number already in the book); nothing was written.
    #[error("conflict: {0}")]
    Conflict(String),
    /// A stored record cannot be read back (damaged data); nothing was changed.
    #[error("stored data is damaged: {0}")]
    Damaged(String),
    /// Anything else the browser reported; nothing was written.
    #[error("storage failed: {0}")]
    Failed(String),
}

/// Persistence of a book. Every method is one transaction: it happens whole or not at all.
#[allow(async_fn_in_trait)] // single-threaded (wasm): no Send bounds wanted
pub trait Store {
    /// Reads everything.
    async fn load(&self) -> Result<Stored, StoreError>;

    /// Writes the records and purchase chunks of a planned change, all or nothing. A live
    /// customer's phone number must not belong to another live customer ([`StoreError::Conflict`]).
    async fn commit(&self, write: &Write) -> Result<(), StoreError>;

    /// Replaces the whole book with `change` (restore, sample shop), all or nothing.
    async fn replace_all(&self, write: &Write) -> Result<(), StoreError>;
}

/// Why a write through the [`Ledger`] did not happen. In either case nothing was saved.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    /// The change breaks a rule of the book.
    #[error(transparent)]
    Book(#[from] BookError),
    /// Storage refused or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The open book: the in-memory [`Book`] and the store behind it.
pub struct Ledger<S> {
    store: S,
    book: RefCell<Book>,
    writing: WriteLock,
}

impl<S: Store> Ledger<S> {
    /// Loads the book from `store`.
    pub async fn open(store: S) -> Result<Ledger<S>, LedgerError> {
        let book = layout::book_from(store.load().await?)?;
        Ok(Ledger {
            store,
            book: RefCell::new(book),
            writing: WriteLock::default(),
        })
    }

    /// The book as last saved. Do not hold the borrow across an `await`.
    pub fn book(&self) -> Ref<'_, Book> {
        self.book.borrow()
    }

    /// The store underneath.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// Gives the store back (to close it, in tests).
    pub fn into_store(self) -> S {
        self.store
    }

    /// Saves `change` in one transaction. When this returns `Ok`, the change is committed and
    /// visible in [`Ledger::book`]; on `Err`, nothing changed anywhere. Writes queue behind each
    /// other, so two quick taps cannot plan against a stale book.
    pub async fn save(&self, change: Change) -> Result<(), LedgerError> {
        let _turn = self.writing.lock().await;
        let write = {
            let book = self.book.borrow();
            layout::write_for(&book, book.plan(change)?)?
        };
        self.store.commit(&write).await?;
        self.book.borrow_mut().apply(write.change);
        Ok(())
    }

    /// Replaces the whole book (restore, sample shop) in one transaction.
    pub async fn replace_all(&self, change: Change) -> Result<(), LedgerError> {
        let _turn = self.writing.lock().await;
        let mut fresh = Book::default();
        let write = layout::write_for(&fresh, fresh.plan(change)?)?;
        self.store.replace_all(&write).await?;
        fresh.apply(write.change);
        *self.book.borrow_mut() = fresh;
        Ok(())
    }
}

/// A first-come, first-served lock for a single-threaded executor.
#[derive(Default)]
struct WriteLock {
    held: Cell<bool>,
    waiting: RefCell<Vec<Waker>>,
}

impl WriteLock {
    fn lock(&self) -> impl Future<Output = WriteTurn<'_>> + '_ {
        LockFuture { lock: self }
    }
}

struct LockFuture<'a> {
    lock: &'a WriteLock,
}

impl<'a> Future for LockFuture<'a> {
    type Output = WriteTurn<'a>;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<WriteTurn<'a>> {
        if self.lock.held.replace(true) {
            self.lock.waiting.borrow_mut().push(cx.waker().clone());
            Poll::Pending
        } else {
            Poll::Ready(WriteTurn { lock: self.lock })
        }
    }
}

struct WriteTurn<'a> {
    lock: &'a WriteLock,
}

impl Drop for WriteTurn<'_> {
    fn drop(&mut self) {
        self.lock.held.set(false);
        let waiting = std::mem::take(&mut *self.lock.waiting.borrow_mut());
        for w in waiting {
            w.wake();
        }
    }
}
