//! The book in IndexedDB.
//!
//! Object stores (schema version [`SCHEMA_VERSION`]):
//! - `customer_chunks` (from version 4): key = chunk number, value = `Uint8Array` of
//!   [`codec::encode_customers`]; see [`layout`]. A phone number belongs to one live customer
//!   only: the book checks it when it plans a write, and the revision check makes that plan
//!   current inside the write's own transaction (a unique index would need a record per
//!   customer, which is what made 100k customers slow to load and to import).
//! - `customers` (versions 1-3): key = id (hex), value = `{ doc: Uint8Array, phone?: <E.164> }`.
//!   Opening a book moves them into `customer_chunks` in one transaction ([`IdbStore::open_with`])
//!   and leaves this store empty.
//! - `products`, `interactions`, `segments` (custom segments, from version 2), `campaigns`
//!   (from version 6), `snapshots` (monthly segment snapshots, from version 7): key = id
//!   (hex), value = `Uint8Array`.
//!
//! Record bytes are [`codec`](crate::files::codec) encodings, each starting with a version
//! byte. (Before the first release records were JSON text; no seller ever had such a book.)
//! - `purchase_chunks`: key = chunk number, value = `Uint8Array` of
//!   [`codec`](crate::files::codec)-encoded purchases. One record per purchase could not load a
//!   million in a second; 250 binary chunks can.
//! - `meta`: small key/value facts about the book. `head`: the book's [`Head`] (16 bytes:
//!   revision and epoch), read and bumped by every write inside its own transaction.
//! - `log` (from version 3): key = revision, value = `Uint8Array` of the change written at that
//!   revision ([`codec::encode_change`]), or an empty array for a change too big to log; the last
//!   [`LOG_KEEP`] revisions, so other tabs catch up without reading the whole book.
//!
//! Every public method is one transaction, committed before it returns `Ok`. See the storage
//! module's docs for why a revision, and how other tabs catch up.

use crate::files::codec::{self, DecodeError};
use crate::storage::layout::{self, Head, Since, Stored, Write, LOG_KEEP};
use crate::storage::{Store, StoreError, SCHEMA_VERSION};
use indexed_db_futures::database::{Database, VersionChangeEvent};
use indexed_db_futures::error::{Error as IdbError, OpenDbError, UnexpectedDataError};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use indexed_db_futures::{KeyPath, KeyRange};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};

/// Object store names.
pub mod stores {
    /// Customers.
    pub const CUSTOMERS: &str = "customers";
    /// Products.
    pub const PRODUCTS: &str = "products";
    /// Interactions.
    pub const INTERACTIONS: &str = "interactions";
    /// Purchase chunks.
    pub const PURCHASE_CHUNKS: &str = "purchase_chunks";
    /// Facts about the book.
    pub const META: &str = "meta";
    /// Custom segments (schema 2).
    pub const SEGMENTS: &str = "segments";
    /// Recent changes by revision (schema 3).
    pub const LOG: &str = "log";
    /// Customer chunks (schema 4).
    pub const CUSTOMER_CHUNKS: &str = "customer_chunks";
    /// Campaigns (schema 6).
    pub const CAMPAIGNS: &str = "campaigns";
    /// Monthly segment snapshots (schema 7).
    pub const SNAPSHOTS: &str = "snapshots";
    /// Every store, for whole-book transactions.
    pub const ALL: [&str; 10] = [
        CUSTOMERS,
        PRODUCTS,
        INTERACTIONS,
        PURCHASE_CHUNKS,
        META,
        SEGMENTS,
        LOG,
        CUSTOMER_CHUNKS,
        CAMPAIGNS,
        SNAPSHOTS,
    ];
    /// The stores that hold the book itself (cleared by a whole-book replacement).
    pub const BOOK: [&str; 8] = [
        CUSTOMERS,
        PRODUCTS,
        INTERACTIONS,
        PURCHASE_CHUNKS,
        SEGMENTS,
        CUSTOMER_CHUNKS,
        CAMPAIGNS,
        SNAPSHOTS,
    ];
}

/// Name of the unique phone index on `customers`.
pub const PHONE_INDEX: &str = "phone";

/// The IndexedDB [`Store`].
#[derive(Clone)]
pub struct IdbStore {
    db: Database,
    closed: Rc<Cell<bool>>,
}

/// What the app is told while opening and afterwards.
#[derive(Clone, Default)]
pub struct Events {
    /// An older tab keeps the book open at an older version: ask the seller to close it.
    pub on_blocked: Option<Rc<dyn Fn()>>,
    /// Another tab is upgrading the book: this connection has been closed; ask to reload.
    pub on_closed_by_upgrade: Option<Rc<dyn Fn()>>,
}

impl IdbStore {
    /// Opens (creating or upgrading) the database `name`.
    pub async fn open(name: &str) -> Result<IdbStore, StoreError> {
        IdbStore::open_with(name, SCHEMA_VERSION, Events::default()).await
    }

    /// Opens `name` at `version`, reporting blocked upgrades and upgrades by other tabs.
    /// `version` is [`SCHEMA_VERSION`] except in upgrade tests.
    pub async fn open_with(
        name: &str,
        version: u32,
        events: Events,
    ) -> Result<IdbStore, StoreError> {
        let on_blocked = events.on_blocked.clone();
        let db = Database::open(name)
            .with_version(version)
            .with_on_blocked(move |_: VersionChangeEvent| {
                if let Some(f) = &on_blocked {
                    f();
                }
                Ok(())
            })
            .with_on_upgrade_needed(move |event: VersionChangeEvent, db: Database| {
                upgrade(&db, event.old_version() as u32, version)
            })
            .await
            .map_err(|e| open_error(e, version))?;

        let closed = Rc::new(Cell::new(false));
        // Another tab wants a newer schema: let go at once so its upgrade is not blocked, and
        // tell the seller why this tab stopped saving.
        if let Ok(mut changes) = db.version_changes() {
            let (db2, closed2, notify) = (db.clone(), closed.clone(), events.on_closed_by_upgrade);
            wasm_bindgen_futures::spawn_local(async move {
                if changes.recv().await.is_some() {
                    closed2.set(true);
                    db2.close();
                    if let Some(f) = notify {
                        f();
                    }
                }
            });
        }
        let store = IdbStore { db, closed };
        if version >= 4 {
            store.move_loose_customers().await?;
        }
        Ok(store)
    }

    /// Moves customers kept one record each (schema 1-3) into chunks, in one transaction that
    /// also moves the head on, so any copy that read the old layout reads the book again.
    /// Interrupted, it leaves the old records in place and runs again at the next start.
    async fn move_loose_customers(&self) -> Result<(), StoreError> {
        // Only the stores schema 4 has: a book opened at 4 or 5 (upgrade tests) moves too.
        let tx = self
            .db
            .transaction([
                stores::CUSTOMERS,
                stores::CUSTOMER_CHUNKS,
                stores::META,
                stores::LOG,
            ])
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(failed)?;
        let loose_store = tx.object_store(stores::CUSTOMERS).map_err(failed)?;
        let n = loose_store
            .count()
            .primitive()
            .map_err(failed)?
            .await
            .map_err(failed)?;
        if n == 0 {
            return Ok(());
        }
        let head = read_head(&tx).await?;
        let chunked = tx.object_store(stores::CUSTOMER_CHUNKS).map_err(failed)?;
        let already = chunked
            .count()
            .primitive()
            .map_err(failed)?
            .await
            .map_err(failed)?;
        if already > 0 {
            // Chunks and loose records at once: the move is one transaction, so no book
            // should ever hold both.
            return Err(StoreError::Damaged("customers in two layouts".into()));
        }
        // In key order, as `load_in` reads loose customers: a copy that read them before the
        // move sees the same positions.
        let mut customers = Vec::with_capacity(n as usize);
        for v in loose_store
            .get_all::<JsValue>()
            .primitive()
            .map_err(failed)?
            .await
            .map_err(failed)?
        {
            customers.push(loose_customer(&v.map_err(failed)?)?);
        }
        let mut bytes = 0;
        for (n, part) in customers.chunks(layout::CUSTOMER_CHUNK).enumerate() {
            let chunk = codec::encode_customers(part);
            bytes += chunk.len();
            chunked
                .put(binary(chunk))
                .with_key(n as u32)
                .primitive()
                .map_err(failed)?;
        }
        loose_store.clear().map_err(failed)?;
        put_head(&tx, head.next(), None)?;
        finish(tx, bytes).await
    }

    /// Closes the connection (tests reopen to prove durability).
    pub fn close(self) {
        self.closed.set(true);
        self.db.close();
    }

    /// Deletes the database `name` (tests and benchmarks clean up after themselves).
    pub async fn delete(name: &str) -> Result<(), StoreError> {
        Database::delete_by_name(name)
            .map_err(|_| StoreError::Failed("could not delete the database".into()))?
            .await
            .map_err(failed)
    }

    fn tx(&self, mode: TransactionMode) -> Result<Transaction<'_>, StoreError> {
        if self.closed.get() {
            return Err(StoreError::Closed);
        }
        self.db
            .transaction(stores::ALL)
            .with_mode(mode)
            .build()
            .map_err(failed)
    }
}

/// Cumulative schema steps: a database at `old` is brought to version `new`. Add a step
/// `if old < N && new >= N { ... }` for each new version; never change an old step.
fn upgrade(db: &Database, old: u32, new: u32) -> indexed_db_futures::Result<()> {
    if old < 1 {
        let customers = db.create_object_store(stores::CUSTOMERS).build()?;
        customers
            .create_index(PHONE_INDEX, KeyPath::One("phone"))
            .with_unique(true)
            .build()?;
        db.create_object_store(stores::PRODUCTS).build()?;
        db.create_object_store(stores::INTERACTIONS).build()?;
        db.create_object_store(stores::PURCHASE_CHUNKS).build()?;
        db.create_object_store(stores::META).build()?;
    }
    if old < 2 && new >= 2 {
        db.create_object_store(stores::SEGMENTS).build()?;
    }
    // A book from version 2 has no head yet: it reads as revision 0, and the log starts empty.
    if old < 3 && new >= 3 {
        db.create_object_store(stores::LOG).build()?;
    }
    // Customers move into chunks; the records themselves are moved by `move_loose_customers`
    // (an upgrade callback cannot wait for reads).
    if old < 4 && new >= 4 {
        db.create_object_store(stores::CUSTOMER_CHUNKS).build()?;
    }
    // Version 5: a sale may carry a remark (flag bit 5 in its chunk). Nothing to move; the
    // version keeps an older copy of the app, which would take such a chunk for damage, from
    // opening the book.
    // Version 6: campaigns, one record each.
    if old < 6 && new >= 6 {
        db.create_object_store(stores::CAMPAIGNS).build()?;
    }
    // Version 7: monthly segment snapshots, one record each.
    if old < 7 && new >= 7 {
        db.create_object_store(stores::SNAPSHOTS).build()?;
    }
    Ok(())
}

fn dom_name(e: &IdbError) -> Option<String> {
    match e {
        IdbError::DomException(d) => Some(web_sys::DomException::from(d.clone()).name()),
        _ => None,
    }
}

/// What the browser said, for the console. Not `e.to_string()`: the crate's error messages
/// format floats, and that alone costs ~5 KB gzip of wasm.
fn describe(e: &IdbError) -> String {
    match e {
        IdbError::DomException(d) => {
            let d = web_sys::DomException::from(d.clone());
            format!("{}: {}", d.name(), d.message())
        }
        IdbError::Unknown(_) => "unknown IndexedDB error".into(),
        _ => "unexpected IndexedDB data".into(),
    }
}

fn failed(e: IdbError) -> StoreError {
    match dom_name(&e).as_deref() {
        Some("QuotaExceededError") => StoreError::QuotaExceeded,
        Some("ConstraintError") => StoreError::Conflict("phone number already in the book".into()),
        Some("InvalidStateError") => StoreError::Closed,
        _ => StoreError::Failed(describe(&e)),
    }
}

fn open_error(e: OpenDbError, version: u32) -> StoreError {
    match e {
        // The crate reports a synchronous throw from `indexedDB.open` as `VersionZero` (we never
        // ask for version 0): that is the browser refusing storage outright.
        OpenDbError::NullFactory
        | OpenDbError::UnsupportedEnvironment
        | OpenDbError::VersionZero => StoreError::Unavailable("IndexedDB is not available".into()),
        OpenDbError::Base(base) => match dom_name(&base).as_deref() {
            Some("VersionError") => StoreError::TooNew {
                found: version + 1,
                supported: version,
            },
            Some("QuotaExceededError") => StoreError::QuotaExceeded,
            // Firefox private windows and disabled storage fail the open itself.
            Some("InvalidStateError") | Some("SecurityError") | Some("UnknownError") => {
                StoreError::Unavailable(describe(&base))
            }
            _ => StoreError::Failed(describe(&base)),
        },
    }
}

/// A customer as schemas 1-3 stored one: `{ doc: Uint8Array, phone? }`.
fn loose_customer(v: &JsValue) -> Result<crate::model::records::Customer, StoreError> {
    let doc = js_sys::Reflect::get(v, &JsValue::from_str("doc")).unwrap_or(JsValue::UNDEFINED);
    parse(&doc, "customer", codec::decode_customer)
}

fn binary(b: Vec<u8>) -> JsValue {
    js_sys::Uint8Array::from(b.as_slice()).into()
}

fn parse<T>(
    value: &JsValue,
    what: &str,
    decode: fn(&[u8]) -> Result<T, DecodeError>,
) -> Result<T, StoreError> {
    let array = value
        .dyn_ref::<js_sys::Uint8Array>()
        .ok_or_else(|| StoreError::Damaged(format!("a stored {what} is not binary")))?;
    decode(&array.to_vec()).map_err(|e| StoreError::Damaged(format!("a stored {what}: {e}")))
}

/// Queues the writes of `change`; returns roughly how many bytes they put on disk.
async fn write(tx: &Transaction<'_>, w: &Write) -> Result<usize, StoreError> {
    let change = &w.change;
    let mut bytes = 0usize;
    let customer_chunks = tx.object_store(stores::CUSTOMER_CHUNKS).map_err(failed)?;
    let products = tx.object_store(stores::PRODUCTS).map_err(failed)?;
    let interactions = tx.object_store(stores::INTERACTIONS).map_err(failed)?;
    let chunks = tx.object_store(stores::PURCHASE_CHUNKS).map_err(failed)?;
    let segments = tx.object_store(stores::SEGMENTS).map_err(failed)?;
    let campaigns = tx.object_store(stores::CAMPAIGNS).map_err(failed)?;
    let snapshots = tx.object_store(stores::SNAPSHOTS).map_err(failed)?;
    // Requests are queued without awaiting each (but for a pause every few chunks): the
    // transaction runs them in order, and its commit reports the first failure.
    for (k, (n, chunk)) in w.customer_chunks.iter().enumerate() {
        bytes += chunk.len();
        let put = customer_chunks
            .put(binary(chunk.clone()))
            .with_key(*n)
            .primitive()
            .map_err(failed)?;
        // Every few chunks, wait for the put: copying a whole big book into IndexedDB at once
        // would hold the screen for a long task.
        if k % CHUNKS_PER_PUT == CHUNKS_PER_PUT - 1 {
            put.await.map_err(failed)?;
        }
    }
    for p in &change.products {
        bytes += 200;
        products
            .put(binary(codec::encode_product(p)))
            .with_key(p.meta.id.to_string())
            .primitive()
            .map_err(failed)?;
    }
    for (k, i) in change.interactions.iter().enumerate() {
        bytes += 200 + i.note.len();
        let put = interactions
            .put(binary(codec::encode_interaction(i)))
            .with_key(i.meta.id.to_string())
            .primitive()
            .map_err(failed)?;
        // A restored book's tens of thousands of contacts are a record each.
        if k % RECORDS_PER_PUT == RECORDS_PER_PUT - 1 {
            put.await.map_err(failed)?;
        }
    }
    for s in &change.segments {
        bytes += 200;
        segments
            .put(binary(codec::encode_segment(s)))
            .with_key(s.meta.id.to_string())
            .primitive()
            .map_err(failed)?;
    }
    for c in &change.campaigns {
        let bytes_of = codec::encode_campaign(c);
        bytes += bytes_of.len();
        campaigns
            .put(binary(bytes_of))
            .with_key(c.meta.id.to_string())
            .primitive()
            .map_err(failed)?;
    }
    for s in &change.snapshots {
        let bytes_of = codec::encode_snapshot(s);
        bytes += bytes_of.len();
        snapshots
            .put(binary(bytes_of))
            .with_key(s.meta.id.to_string())
            .primitive()
            .map_err(failed)?;
    }
    for (k, (n, chunk)) in w.chunks.iter().enumerate() {
        bytes += chunk.len();
        let array = js_sys::Uint8Array::from(chunk.as_slice());
        let put = chunks
            .put(JsValue::from(array))
            .with_key(*n)
            .primitive()
            .map_err(failed)?;
        if k % CHUNKS_PER_PUT == CHUNKS_PER_PUT - 1 {
            put.await.map_err(failed)?;
        }
    }
    Ok(bytes)
}

/// Commits `tx`. Chromium aborts a transaction that would exceed the quota, and the abort
/// reaches us without its reason; when the write was bigger than the space the browser says is
/// left, that reason was the quota.
async fn finish(tx: Transaction<'_>, bytes: usize) -> Result<(), StoreError> {
    match tx.commit().await {
        Ok(()) => Ok(()),
        Err(IdbError::MissingData(UnexpectedDataError::TransactionAborted)) => {
            match crate::storage::device::estimate().await {
                Some((used, quota)) if quota - used < bytes as f64 => {
                    Err(StoreError::QuotaExceeded)
                }
                _ => Err(StoreError::Failed("the browser aborted the write".into())),
            }
        }
        Err(e) => Err(failed(e)),
    }
}

/// Key of the book's head in the `meta` store.
const HEAD: &str = "head";

/// Reads the head inside `tx` (a book that never had a write is at the default head).
async fn read_head(tx: &Transaction<'_>) -> Result<Head, StoreError> {
    let meta = tx.object_store(stores::META).map_err(failed)?;
    let value: Option<JsValue> = meta
        .get(HEAD)
        .primitive()
        .map_err(failed)?
        .await
        .map_err(failed)?;
    match value {
        None => Ok(Head::default()),
        Some(v) => v
            .dyn_ref::<js_sys::Uint8Array>()
            .and_then(|a| Head::from_bytes(&a.to_vec()))
            .ok_or_else(|| StoreError::Damaged("the book's revision".into())),
    }
}

/// Queues the new head and its log entry, and drops the entry that fell out of the log.
fn put_head(tx: &Transaction<'_>, head: Head, entry: Option<Vec<u8>>) -> Result<(), StoreError> {
    let meta = tx.object_store(stores::META).map_err(failed)?;
    meta.put(binary(head.to_bytes().to_vec()))
        .with_key(HEAD)
        .primitive()
        .map_err(failed)?;
    let log = tx.object_store(stores::LOG).map_err(failed)?;
    log.put(binary(entry.unwrap_or_default()))
        .with_key(head.rev as f64)
        .primitive()
        .map_err(failed)?;
    if head.rev >= LOG_KEEP {
        // Spelled out: the crate maps `..=x` to an open bound (and `..x` to a closed one).
        let old = KeyRange::UpperBound((head.rev - LOG_KEEP) as f64, false);
        log.delete::<f64, _>(old).primitive().map_err(failed)?;
    }
    Ok(())
}

/// Chunks written between two waits for IndexedDB when a big book is written (each put copies
/// its chunk at once).
const CHUNKS_PER_PUT: usize = 4;

/// Single records (contacts) written between two waits for IndexedDB.
const RECORDS_PER_PUT: usize = 500;

/// Chunks fetched per IndexedDB request when a book is read: each answer arrives in its own
/// task, so a million sales (245 chunks, 45 MB) never arrive in one long task.
const CHUNKS_PER_READ: usize = 16;

/// Reads every chunk of store `name`, in parts of [`CHUNKS_PER_READ`].
async fn read_chunks(
    tx: &Transaction<'_>,
    name: &str,
    what: &str,
) -> Result<Vec<(u32, layout::Bytes)>, StoreError> {
    let store = tx.object_store(name).map_err(failed)?;
    let keys: Vec<u32> = store
        .get_all_keys::<u32>()
        .primitive()
        .map_err(failed)?
        .await
        .map_err(failed)?
        .collect::<Result<_, _>>()
        .map_err(failed)?;
    // All asked for at once (the transaction stays open while they are pending), then taken in
    // order.
    let mut parts = Vec::new();
    for group in keys.chunks(CHUNKS_PER_READ) {
        let (first, last) = (group[0], group[group.len() - 1]);
        let values = store
            .get_all::<JsValue>()
            .with_query::<u32, _>(KeyRange::Bound(first, false, last, false))
            .primitive()
            .map_err(failed)?;
        parts.push((group, values));
    }
    let mut out = Vec::with_capacity(keys.len());
    for (group, values) in parts {
        for (&n, v) in group.iter().zip(values.await.map_err(failed)?) {
            let array = v
                .map_err(failed)?
                .dyn_into::<js_sys::Uint8Array>()
                .map_err(|_| StoreError::Damaged(format!("{what} chunk {n} is not binary")))?;
            out.push((n, layout::Bytes::later(move || array.to_vec())));
        }
    }
    Ok(out)
}

/// Reads the whole book inside `tx`, at `head`.
async fn load_in(tx: &Transaction<'_>, head: Head) -> Result<Stored, StoreError> {
    let all = |name: &str| -> Result<_, StoreError> {
        let store = tx.object_store(name).map_err(failed)?;
        store.get_all::<JsValue>().primitive().map_err(failed)
    };
    let (c, p, i, s, k, m) = (
        all(stores::CUSTOMERS)?,
        all(stores::PRODUCTS)?,
        all(stores::INTERACTIONS)?,
        all(stores::SEGMENTS)?,
        all(stores::CAMPAIGNS)?,
        all(stores::SNAPSHOTS)?,
    );

    let mut stored = Stored {
        head,
        ..Stored::default()
    };
    for v in c.await.map_err(failed)? {
        stored
            .loose_customers
            .push(loose_customer(&v.map_err(failed)?)?);
    }
    for v in p.await.map_err(failed)? {
        stored.products.push(parse(
            &v.map_err(failed)?,
            "product",
            codec::decode_product,
        )?);
    }
    for v in i.await.map_err(failed)? {
        stored.interactions.push(parse(
            &v.map_err(failed)?,
            "interaction",
            codec::decode_interaction,
        )?);
    }
    for v in s.await.map_err(failed)? {
        stored.segments.push(parse(
            &v.map_err(failed)?,
            "custom segment",
            codec::decode_segment,
        )?);
    }
    for v in k.await.map_err(failed)? {
        stored.campaigns.push(parse(
            &v.map_err(failed)?,
            "campaign",
            codec::decode_campaign,
        )?);
    }
    for v in m.await.map_err(failed)? {
        stored.snapshots.push(parse(
            &v.map_err(failed)?,
            "segment snapshot",
            codec::decode_snapshot,
        )?);
    }
    stored.customer_chunks = read_chunks(tx, stores::CUSTOMER_CHUNKS, "customer").await?;
    stored.chunks = read_chunks(tx, stores::PURCHASE_CHUNKS, "purchase").await?;
    Ok(stored)
}

impl Store for IdbStore {
    async fn load(&self) -> Result<Stored, StoreError> {
        let tx = self.tx(TransactionMode::Readonly)?;
        let head = read_head(&tx).await?;
        load_in(&tx, head).await
    }

    async fn commit(&self, change: &Write, base: Head) -> Result<Head, StoreError> {
        let tx = self.tx(TransactionMode::Readwrite)?;
        // Checked inside the same transaction that writes: no other write can come between.
        if read_head(&tx).await? != base {
            return Err(StoreError::Stale); // dropping `tx` aborts it: nothing written
        }
        let bytes = write(&tx, change).await?;
        let head = base.next();
        put_head(&tx, head, layout::log_entry(&change.change))?;
        finish(tx, bytes).await?;
        Ok(head)
    }

    async fn replace_all(&self, change: &Write) -> Result<Head, StoreError> {
        let tx = self.tx(TransactionMode::Readwrite)?;
        let head = read_head(&tx).await?.replaced();
        for name in stores::BOOK.into_iter().chain([stores::LOG]) {
            tx.object_store(name)
                .map_err(failed)?
                .clear()
                .map_err(failed)?;
        }
        let bytes = write(&tx, change).await?;
        put_head(&tx, head, None)?;
        finish(tx, bytes).await?;
        Ok(head)
    }

    async fn since(&self, base: Head) -> Result<Since, StoreError> {
        let tx = self.tx(TransactionMode::Readonly)?;
        let head = read_head(&tx).await?;
        if head == base {
            return Ok(Since::Same);
        }
        if head.epoch != base.epoch || head.rev < base.rev {
            let stored = load_in(&tx, head).await?;
            return Ok(Since::Reload {
                stored,
                replaced: true,
            });
        }
        let log = tx.object_store(stores::LOG).map_err(failed)?;
        let entries = log
            .get_all::<JsValue>()
            .with_query::<f64, _>(KeyRange::Bound(
                (base.rev + 1) as f64,
                false,
                head.rev as f64,
                false,
            ))
            .primitive()
            .map_err(failed)?
            .await
            .map_err(failed)?;
        let mut changes = Vec::new();
        for v in entries {
            let v = v.map_err(failed)?;
            match v.dyn_ref::<js_sys::Uint8Array>() {
                Some(a) if a.length() > 0 => changes.push(
                    codec::decode_change(&a.to_vec())
                        .map_err(|e| StoreError::Damaged(format!("a logged change: {e}")))?,
                ),
                _ => break, // not logged (too big): read the whole book
            }
        }
        if changes.len() as u64 != head.rev - base.rev {
            let stored = load_in(&tx, head).await?;
            return Ok(Since::Reload {
                stored,
                replaced: false,
            });
        }
        Ok(Since::Changes { head, changes })
    }
}
