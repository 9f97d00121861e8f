//! Where the book is kept.
//!
//! One async [`Store`] trait with two implementations: [`memory::MemoryStore`] (host tests, demo)
//! and `idb::IdbStore` (IndexedDB, browser only). Both pass the same contract suite
//! (`tests/contract/`). Screens do not talk to a store directly: they go through [`Ledger`],
//! which checks a change against the in-memory [`Book`], commits it in one transaction, and only
//! then applies it to the book, one write at a time.
//!
//! # Many copies of one book
//!
//! Every open tab, window or installed app holds its own copy of the book in memory and writes
//! to the one stored book. Purchases are stored packed in chunks by position
//! ([`layout`]), so a write planned against an old copy would put back chunks without the sales
//! another copy saved meanwhile. Two designs avoid that: each sale its own record, folded into
//! chunks later by a transaction that reads what it folds; or a revision that every write reads
//! and bumps inside its own transaction. We chose the **revision** ([`layout::Head`], kept in the
//! `meta` store):
//! - it keeps saving a sale to one small read and the chunk it lands in (no extra records to
//!   fold, no second read path at load time), and cold loads stay a few large reads;
//! - a write that finds the head moved refuses itself ([`StoreError::Stale`]) and writes nothing,
//!   so no write can be based on a copy another writer has changed since;
//! - every write also appends its change to a short log (the `log` store, the last
//!   [`layout::LOG_KEEP`] changes), so a copy that fell behind catches up by applying the
//!   changes it missed, in order, instead of reading a million sales again. Applying the same
//!   changes in the same order gives every copy the same purchase positions. A copy further
//!   behind, or one that missed a whole-book replacement (`epoch` moved), reads the whole book.
//!
//! After catching up, the [`Ledger`] checks the write again: if a record it replaces was changed
//! by the other writer, or a customer or product it needs was deleted, or the book was replaced,
//! it saves nothing and says which ([`LedgerError`]); otherwise (a new sale, normally) it saves
//! it. Copies hear of each other's writes through a `BroadcastChannel` (the UI's business) and
//! catch up at once; a copy that heard nothing still cannot write over a change it has not read.
//!
//! # Merging two tablets (planned, not built)
//!
//! Positions in chunks are this device's layout only: nothing that leaves the device (backups,
//! CSV) or that a merge compares depends on them. Every record carries a random 128-bit id and
//! [`Meta`](crate::model::records::Meta) stamps (`created`, `updated`, `deleted`). Merging the
//! book of tablet B (its backup file) into tablet A will be:
//! - records are matched by id only, never by position, name or phone;
//! - a record on one side only is added (a sale is only ever added; a deleted record stays
//!   deleted, so a merge never brings back what a seller removed);
//! - a record on both sides: the later `updated` wins whole (ties: the deleted one, then the
//!   greater id, so both tablets pick the same); a deletion is an update like any other;
//! - two live customers with one phone number after the merge are not merged silently: the
//!   seller is shown both and picks (or the later one keeps the number);
//! - the merged book is written as one whole-book write through the [`Ledger`], so open copies
//!   catch up as after a restore, and the purchase chunks are laid out afresh.

use crate::book::{Book, BookError, Change, Snapshot};
use crate::model::id::Id;
use crate::model::pace::Pacer;
use layout::{Head, Since, Stored, Write};
use std::cell::{Cell, Ref, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
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
pub const SCHEMA_VERSION: u32 = 7;

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
    /// Another writer changed the book since this copy read it; nothing was written.
    #[error("the book was changed by another writer")]
    Stale,
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
    /// Reads everything, with the head it was read at.
    async fn load(&self) -> Result<Stored, StoreError>;

    /// Writes the records and purchase chunks of a planned change, all or nothing, if the stored
    /// head is still `base` ([`StoreError::Stale`] if another writer moved it); returns the new
    /// head. A live customer's phone number must not belong to another live customer
    /// ([`StoreError::Conflict`]).
    async fn commit(&self, write: &Write, base: Head) -> Result<Head, StoreError>;

    /// Replaces the whole book (restore, sample shop), all or nothing; returns the new head.
    async fn replace_all(&self, write: &Write) -> Result<Head, StoreError>;

    /// What changed since `base`: nothing, the logged changes, or the whole book.
    async fn since(&self, base: Head) -> Result<Since, StoreError>;
}

/// Why a write through the [`Ledger`] did not happen. In every case nothing was saved.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    /// The change breaks a rule of the book.
    #[error(transparent)]
    Book(#[from] BookError),
    /// Storage refused or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Another copy of the book (another tab or window) changed this record after this change
    /// was planned; the book now shows their version.
    #[error("record {0} was changed in another window")]
    ChangedElsewhere(Id),
    /// Another copy replaced the whole book (restore, sample shop) after this change was planned.
    #[error("the book was replaced in another window")]
    Replaced,
}

/// What catching up did to this copy of the book.
#[derive(Clone, Debug, PartialEq)]
pub enum Caught {
    /// Nothing had changed.
    Nothing,
    /// These changes by other copies were applied, oldest first.
    Changes(Vec<Change>),
    /// The whole book was read again; `replaced` if another copy replaced it.
    Reloaded {
        /// Restore or sample shop in another copy.
        replaced: bool,
    },
}

/// How often a write is planned again after other copies got there first, before giving up.
const ATTEMPTS: usize = 8;

/// Gives the screen back for a moment (in the browser: until the next task). Reading a whole
/// book awaits it between parts.
pub type Pause = Rc<dyn Fn() -> Pin<Box<dyn Future<Output = ()>>>>;

/// The open book: the in-memory [`Book`] and the store behind it.
pub struct Ledger<S> {
    store: S,
    pause: Option<Pause>,
    book: RefCell<Book>,
    /// The sales still to be read while the book opens in two steps (see [`Ledger::open_early`]).
    unread: RefCell<Option<layout::StoredSales>>,
    head: Cell<Head>,
    changes: Cell<u64>,
    writing: WriteLock,
}

impl<S: Store> Ledger<S> {
    /// Loads the book from `store`.
    pub async fn open(store: S) -> Result<Ledger<S>, LedgerError> {
        Ledger::open_paced(store, None).await
    }

    /// Loads the book from `store`, awaiting `pause` between parts whenever it reads a whole
    /// book (now and after another copy replaced it).
    pub async fn open_paced(store: S, pause: Option<Pause>) -> Result<Ledger<S>, LedgerError> {
        let ledger = Ledger::open_early(store, pause).await?;
        ledger.finish_opening().await?;
        Ok(ledger)
    }

    /// The first step of opening in two: everything but the sales (customers, products,
    /// contacts, segments), so that a search can find a customer at once on a big book.
    /// Until [`Ledger::finish_opening`] has read the sales, [`Ledger::is_open`] is false, the
    /// book has no sales, and writes wait.
    pub async fn open_early(store: S, pause: Option<Pause>) -> Result<Ledger<S>, LedgerError> {
        let stored = store.load().await?;
        // The reads' results arrive in one task: decode from the next.
        if let Some(p) = &pause {
            p().await;
        }
        let head = stored.head;
        let (book, sales) = match &pause {
            Some(p) => layout::book_without_sales(stored, || p()).await?,
            None => layout::book_without_sales(stored, || std::future::ready(())).await?,
        };
        Ok(Ledger {
            store,
            pause,
            book: RefCell::new(book),
            unread: RefCell::new(Some(sales)),
            head: Cell::new(head),
            changes: Cell::new(0),
            // Held until the sales are read: a save made meanwhile, even before
            // `finish_opening` starts, waits for them.
            writing: WriteLock {
                held: Cell::new(true),
                waiting: RefCell::default(),
            },
        })
    }

    /// The second step: reads the sales into the book a part at a time (writes wait for it).
    pub async fn finish_opening(&self) -> Result<(), LedgerError> {
        let Some(parts) = self.unread.borrow().as_ref().map(|s| s.parts()) else {
            return Ok(());
        };
        // The write lock `open_early` took, given back when this returns.
        let _turn = WriteTurn {
            lock: &self.writing,
        };
        // The sales stay "unread" until the last part is in: between two parts the book holds
        // only some of them, and a screen that asked then would show figures from part of it.
        for part in 0..parts {
            let read = match self.unread.borrow().as_ref() {
                Some(sales) => sales.read_part(&mut self.book.borrow_mut(), part),
                None => return Ok(()),
            };
            // On an error the book never opens with sales missing: they stay unread.
            read?;
            if let Some(p) = &self.pause {
                p().await;
            }
        }
        *self.unread.borrow_mut() = None;
        Ok(())
    }

    /// Whether the whole book is read (see [`Ledger::open_early`]).
    pub fn is_open(&self) -> bool {
        self.unread.borrow().is_none()
    }

    /// The book as last saved or caught up. Do not hold the borrow across an `await`.
    pub fn book(&self) -> Ref<'_, Book> {
        self.book.borrow()
    }

    /// Runs `job` on the book while no write can change it (saves and catching up wait for
    /// it): for a long read done in parts that gives the screen back between them (a backup or
    /// an export of a big book).
    // The borrow is held across the job's pauses on purpose: every change to the book
    // (`borrow_mut`) happens under the same write lock, which this holds.
    #[allow(clippy::await_holding_refcell_ref)]
    pub async fn reading<R>(&self, job: impl AsyncFnOnce(&Book) -> R) -> R {
        let _turn = self.writing.lock().await;
        let book = self.book.borrow();
        job(&book).await
    }

    /// Where the stored book stood when this copy last read or wrote it.
    pub fn head(&self) -> Head {
        self.head.get()
    }

    /// Counts every change to this copy of the book (own writes, catching up, reloads), so a
    /// view can tell whether what it computed is still current.
    pub fn changes(&self) -> u64 {
        self.changes.get()
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
    /// visible in [`Ledger::book`]; on `Err`, nothing was saved. Writes queue behind each
    /// other, so two quick taps cannot plan against a stale book; when another copy wrote
    /// first, this one catches up and plans again (see the module docs).
    pub async fn save(&self, change: Change) -> Result<(), LedgerError> {
        self.save_paced(change, &mut Pacer::none()).await
    }

    /// The work [`Ledger::save_paced`] ticks for `change`: every record checked twice and
    /// encoded.
    pub fn save_work(change: &Change) -> u64 {
        3 * change.len() as u64
    }

    /// [`Ledger::save`], checking and encoding the change in parts (ticking `pacer`), so that an
    /// import of tens of thousands of records never holds the screen for long.
    // The borrow is held across the pacer's pauses on purpose: every change to the book
    // (`borrow_mut`) happens under the write lock, which this holds.
    #[allow(clippy::await_holding_refcell_ref)]
    pub async fn save_paced(
        &self,
        change: Change,
        pacer: &mut Pacer<'_>,
    ) -> Result<(), LedgerError> {
        let _turn = self.writing.lock().await;
        // The records as the caller saw them, taken when another writer is first noticed.
        let mut seen: Option<Snapshot> = None;
        for _ in 0..ATTEMPTS {
            if let Some(id) = seen
                .as_ref()
                .and_then(|s| s.changed_in(&self.book.borrow()))
            {
                return Err(LedgerError::ChangedElsewhere(id));
            }
            let planned = async {
                let book = self.book.borrow();
                let c = book.plan_paced(change.clone(), pacer).await?;
                layout::write_for_paced(&book, c, pacer).await
            }
            .await;
            let write = match planned {
                Ok(write) => write,
                // Perhaps it names a record another copy added that this one has not read yet:
                // catch up, and check again if anything came in.
                Err(e) if seen.is_none() => {
                    seen = Some(Snapshot::of(&self.book.borrow(), &change));
                    match self.catch_up_locked().await? {
                        Caught::Nothing => return Err(e.into()),
                        Caught::Reloaded { replaced: true } => return Err(LedgerError::Replaced),
                        _ => continue,
                    }
                }
                Err(e) => return Err(e.into()),
            };
            match self.store.commit(&write, self.head.get()).await {
                Ok(head) => {
                    self.head.set(head);
                    let applied = self.book.borrow_mut().apply(write.change);
                    if applied.is_err() {
                        // Cannot happen (planned against this very book); if it ever did, memory
                        // would not match disk: read the book again rather than show a lie.
                        self.reload().await?;
                    }
                    self.bump();
                    return Ok(());
                }
                Err(StoreError::Stale) => {
                    if seen.is_none() {
                        seen = Some(Snapshot::of(&self.book.borrow(), &change));
                    }
                    if self.catch_up_locked().await? == (Caught::Reloaded { replaced: true }) {
                        return Err(LedgerError::Replaced);
                    }
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(StoreError::Stale.into())
    }

    /// Replaces the whole book (restore, sample shop) in one transaction.
    pub async fn replace_all(&self, change: Change) -> Result<(), LedgerError> {
        self.replace_all_paced(change, &mut Pacer::none()).await
    }

    /// The work [`Ledger::replace_all_paced`] ticks for `change`: every record checked twice,
    /// encoded, and put in the new book.
    pub fn replace_work(change: &Change) -> u64 {
        4 * change.len() as u64
    }

    /// [`Ledger::replace_all`] in parts: ticks `pacer` as records are checked, encoded and put
    /// in the new book, so that a whole restored backup never holds the screen for long.
    pub async fn replace_all_paced(
        &self,
        change: Change,
        pacer: &mut Pacer<'_>,
    ) -> Result<(), LedgerError> {
        let _turn = self.writing.lock().await;
        let empty = Book::default();
        let planned = empty.plan_paced(change, pacer).await?;
        let write = layout::write_for_paced(&empty, planned, pacer).await?;
        let head = self.store.replace_all(&write).await?;
        // Planned against an empty book, so it builds; if not, read back what was stored.
        let Ok(fresh) = Book::of_planned(write.change, pacer).await else {
            return self.reload().await.map(|_| ());
        };
        *self.book.borrow_mut() = fresh;
        // A whole book now, even if the first opening had failed on a damaged chunk.
        *self.unread.borrow_mut() = None;
        self.head.set(head);
        self.bump();
        Ok(())
    }

    /// Brings this copy up to date with what other copies saved.
    pub async fn catch_up(&self) -> Result<Caught, LedgerError> {
        let _turn = self.writing.lock().await;
        self.catch_up_locked().await
    }

    async fn catch_up_locked(&self) -> Result<Caught, LedgerError> {
        match self.store.since(self.head.get()).await? {
            Since::Same => Ok(Caught::Nothing),
            Since::Changes { head, changes } => {
                let applied = {
                    let mut book = self.book.borrow_mut();
                    changes.iter().try_for_each(|c| book.apply(c.clone()))
                };
                if applied.is_err() {
                    // The log does not fit this copy (it should always): read the whole book.
                    return self.reload().await;
                }
                self.head.set(head);
                self.bump();
                Ok(Caught::Changes(changes))
            }
            Since::Reload { stored, replaced } => {
                self.install(stored).await?;
                Ok(Caught::Reloaded { replaced })
            }
        }
    }

    async fn reload(&self) -> Result<Caught, LedgerError> {
        let stored = self.store.load().await?;
        self.install(stored).await?;
        Ok(Caught::Reloaded { replaced: false })
    }

    /// Reads `stored` into a new book (the old one stays on screen meanwhile) and puts it in.
    async fn install(&self, stored: Stored) -> Result<(), LedgerError> {
        // (Under the write lock, so never while the first opening is still reading sales.)
        let head = stored.head;
        let book = read_book(stored, &self.pause).await?;
        *self.book.borrow_mut() = book;
        *self.unread.borrow_mut() = None;
        self.head.set(head);
        self.bump();
        Ok(())
    }

    fn bump(&self) {
        self.changes.set(self.changes.get() + 1);
    }
}

async fn read_book(stored: Stored, pause: &Option<Pause>) -> Result<Book, StoreError> {
    match pause {
        Some(p) => layout::book_from_paced(stored, || p()).await,
        None => layout::book_from(stored),
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
