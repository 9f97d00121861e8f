//! How the book is laid out in a store: products, interactions, custom segments, campaigns and
//! segment snapshots one record each; purchases in storage order, packed [`CHUNK_SIZE`] to a chunk in the binary codec, so
//! that a million load in under a second; customers likewise, [`CUSTOMER_CHUNK`] to a chunk
//! (from schema 4; before, one record each, which took 1.5-1.9 s for 100k). Purchase `i` lives
//! in chunk `i / CHUNK_SIZE` and customer `i` in chunk `i / CUSTOMER_CHUNK`; a change rewrites
//! only the chunks its records land in. Positions are this device's layout only (see the merge
//! plan in the storage module's docs); every copy of the book applies the same changes in the
//! same order (the revision check), so every copy agrees on them.

use crate::book::{Book, BookBuilder, BookError, Change};
use crate::files::codec::{self, CHUNK_SIZE};
use crate::model::pace::{at_once, Pacer};
use crate::model::records::{Customer, Interaction, Product, Purchase};
use std::borrow::Cow;

/// Customers per chunk: saving one customer rewrites about 60 KB; 100k load as 98 chunks.
pub const CUSTOMER_CHUNK: usize = 1024;
use crate::model::campaign::Campaign;
use crate::model::segment::{SavedSegment, SegmentSnapshot};
use crate::storage::StoreError;

/// Where the stored book stands. Every committed write moves `rev` on by one; replacing the
/// whole book (restore, sample shop) also moves `epoch` on, so a copy planned against the old
/// book can tell that it was replaced rather than changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Head {
    /// Writes committed since the book was created.
    pub rev: u64,
    /// Whole-book replacements since the book was created.
    pub epoch: u64,
}

impl Head {
    /// The head after one more write.
    pub fn next(self) -> Head {
        Head {
            rev: self.rev + 1,
            ..self
        }
    }

    /// The head after a whole-book replacement.
    pub fn replaced(self) -> Head {
        Head {
            rev: self.rev + 1,
            epoch: self.epoch + 1,
        }
    }

    /// As stored: 16 bytes, `rev` then `epoch`, little-endian.
    pub fn to_bytes(self) -> [u8; 16] {
        let mut b = [0u8; 16];
        b[..8].copy_from_slice(&self.rev.to_le_bytes());
        b[8..].copy_from_slice(&self.epoch.to_le_bytes());
        b
    }

    /// Reads [`Head::to_bytes`]; `None` if the bytes are not a head.
    pub fn from_bytes(b: &[u8]) -> Option<Head> {
        let rev = u64::from_le_bytes(b.get(..8)?.try_into().ok()?);
        let epoch = u64::from_le_bytes(b.get(8..16)?.try_into().ok()?);
        (b.len() == 16).then_some(Head { rev, epoch })
    }
}

/// How many past changes the log keeps for copies that fell behind; one further behind reads
/// the whole book again.
pub const LOG_KEEP: u64 = 500;

/// Changes bigger than this many records (an import, say) are not kept in the log: copies that
/// missed one read the whole book again, which is about as quick as decoding such a change.
pub const LOG_MAX_RECORDS: usize = 2_000;

/// The log entry for `change`: its encoding, or `None` when it is too big to keep.
pub fn log_entry(change: &Change) -> Option<Vec<u8>> {
    (change.len() <= LOG_MAX_RECORDS).then(|| codec::encode_change(change))
}

/// What changed in a store since a copy of the book last read or wrote it.
#[derive(Clone, Debug, PartialEq)]
pub enum Since {
    /// Nothing: the copy is current.
    Same,
    /// These changes, in order, bring the copy to `head`.
    Changes {
        /// Where they bring it.
        head: Head,
        /// The changes, oldest first.
        changes: Vec<Change>,
    },
    /// The log cannot bring the copy up to date (the book was replaced, or the copy is too far
    /// behind, or a change was too big to log): here is the whole book.
    Reload {
        /// The whole stored book.
        stored: Stored,
        /// Whether the book was replaced (restore, sample shop) rather than changed.
        replaced: bool,
    },
}

/// A stored chunk's bytes, brought into memory only when it is decoded: a big book's 45 MB of
/// chunks never sit in memory all at once beside the book they decode into (memory taken by the
/// app is not given back to the tablet while the page lives).
#[derive(Clone)]
pub struct Bytes(std::rc::Rc<dyn Fn() -> Vec<u8>>);

impl Bytes {
    /// Bytes fetched by `fetch` when needed.
    pub fn later(fetch: impl Fn() -> Vec<u8> + 'static) -> Bytes {
        Bytes(std::rc::Rc::new(fetch))
    }

    /// The bytes.
    pub fn get(&self) -> Vec<u8> {
        (self.0)()
    }
}

impl From<Vec<u8>> for Bytes {
    fn from(bytes: Vec<u8>) -> Bytes {
        Bytes::later(move || bytes.clone())
    }
}

impl std::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Bytes(..)")
    }
}

impl PartialEq for Bytes {
    fn eq(&self, other: &Bytes) -> bool {
        self.get() == other.get()
    }
}

/// What a store holds: plain records, and purchases as encoded chunks by chunk number.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stored {
    /// Where the book stood when it was read.
    pub head: Head,
    /// Customer chunks, `(chunk number, bytes)`.
    pub customer_chunks: Vec<(u32, Bytes)>,
    /// Customers stored one record each by a schema-3 book not yet moved into chunks; they
    /// follow the chunked ones, in id order (the order the move writes them in).
    pub loose_customers: Vec<Customer>,
    /// All products.
    pub products: Vec<Product>,
    /// All interactions.
    pub interactions: Vec<Interaction>,
    /// All custom segments.
    pub segments: Vec<SavedSegment>,
    /// All campaigns (schema 6).
    pub campaigns: Vec<Campaign>,
    /// All segment snapshots (schema 7).
    pub snapshots: Vec<SegmentSnapshot>,
    /// Purchase chunks, `(chunk number, bytes)`.
    pub chunks: Vec<(u32, Bytes)>,
}

/// A change as a store writes it: the records, and the purchase chunks it rewrites.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Write {
    /// The records (checked by [`Book::plan`]).
    pub change: Change,
    /// Purchase chunks to put, `(chunk number, bytes)`.
    pub chunks: Vec<(u32, Vec<u8>)>,
    /// Customer chunks to put, `(chunk number, bytes)`.
    pub customer_chunks: Vec<(u32, Vec<u8>)>,
}

/// Reads what a store returned into a book. A damaged or missing chunk is an error: better to
/// say so than to show a book with sales silently missing. (The head is the caller's to keep.)
pub fn book_from(stored: Stored) -> Result<Book, StoreError> {
    // Every pause is ready at once.
    at_once(book_from_paced(stored, || std::future::ready(())))
}

/// Reads a stored book as [`book_from`] does, awaiting `pause()` after every chunk (a few
/// milliseconds of work on a tablet; the caller decides how often the screen gets a turn), so that
/// on the browser's main thread a million sales open without holding the screen.
pub async fn book_from_paced<F: std::future::Future<Output = ()>>(
    stored: Stored,
    mut pause: impl FnMut() -> F,
) -> Result<Book, StoreError> {
    let (mut book, sales) = book_without_sales(stored, &mut pause).await?;
    for part in 0..sales.parts() {
        sales.read_part(&mut book, part)?;
        pause().await;
    }
    Ok(book)
}

/// The sales of a stored book, still to be read into it (see [`book_without_sales`]): a part at
/// a time, so that the screen can work with the customers and products meanwhile.
pub struct StoredSales {
    chunks: Vec<(u32, Bytes)>,
}

impl StoredSales {
    /// How many parts [`StoredSales::read_part`] takes.
    pub fn parts(&self) -> usize {
        self.chunks.len()
    }

    /// Reads part `k` (of [`StoredSales::parts`], in order) into `book`: one chunk, a few
    /// milliseconds of work on a tablet. A damaged chunk is an error (a book with sales
    /// silently missing would be worse).
    pub fn read_part(&self, book: &mut Book, k: usize) -> Result<(), StoreError> {
        let last = self.chunks.len().saturating_sub(1);
        let (start, end) = (k, (k + 1).min(self.chunks.len()));
        for (i, (n, bytes)) in self.chunks[start..end].iter().enumerate() {
            // Straight into the book, without a list of purchases in between.
            let damaged = |why: &str| StoreError::Damaged(format!("purchase chunk {n}: {why}"));
            let count =
                codec::decode_purchases_each(&bytes.get(), &mut |p| book.push_stored_sale(p))
                    .map_err(|e| damaged(&e.to_string()))?;
            if count > CHUNK_SIZE || (start + i < last && count != CHUNK_SIZE) {
                return Err(damaged("chunk length"));
            }
        }
        Ok(())
    }
}

/// Reads everything of a stored book but its sales (customers, products, contacts, segments),
/// with room made for the sales, which come back to be read with [`StoredSales::read_part`].
pub async fn book_without_sales<F: std::future::Future<Output = ()>>(
    stored: Stored,
    mut pause: impl FnMut() -> F,
) -> Result<(Book, StoredSales), StoreError> {
    let purchases = ordered(stored.chunks, "purchase")?;
    let customers = ordered(stored.customer_chunks, "customer")?;
    let mut book = BookBuilder::with_capacity(
        purchases.len() * CHUNK_SIZE,
        customers.len() * CUSTOMER_CHUNK + stored.loose_customers.len(),
    );
    let last = customers.len().saturating_sub(1);
    for (i, (n, bytes)) in customers.into_iter().enumerate() {
        let part = decode_chunk(
            n,
            &bytes.get(),
            i < last,
            CUSTOMER_CHUNK,
            "customer",
            codec::decode_customers,
        )?;
        book.customers(part);
        if i < last {
            pause().await;
        }
    }
    book.customers(stored.loose_customers);
    book.records(
        stored.products,
        stored.interactions,
        stored.segments,
        stored.campaigns,
        stored.snapshots,
    );
    Ok((book.finish(), StoredSales { chunks: purchases }))
}

/// Chunks in number order, numbered from 0 without gaps.
fn ordered(mut chunks: Vec<(u32, Bytes)>, what: &str) -> Result<Vec<(u32, Bytes)>, StoreError> {
    crate::model::sort::sort_by_key(&mut chunks, |(n, _)| *n);
    match chunks
        .iter()
        .enumerate()
        .find(|(i, (n, _))| *n as usize != *i)
    {
        Some((_, (n, _))) => Err(StoreError::Damaged(format!(
            "{what} chunk {n}: chunk sequence"
        ))),
        None => Ok(chunks),
    }
}

/// One chunk's records: full unless it is the last one.
fn decode_chunk<T>(
    n: u32,
    bytes: &[u8],
    full: bool,
    size: usize,
    what: &str,
    decode: fn(&[u8]) -> Result<Vec<T>, codec::DecodeError>,
) -> Result<Vec<T>, StoreError> {
    let damaged = |why: &str| StoreError::Damaged(format!("{what} chunk {n}: {why}"));
    let items = decode(bytes).map_err(|e| damaged(&e.to_string()))?;
    if items.len() > size || (full && items.len() != size) {
        return Err(damaged("chunk length"));
    }
    Ok(items)
}

/// The write of `change` (already checked against `book`): its records, and every purchase and
/// customer chunk it touches re-encoded with the change's records in place.
pub fn write_for(book: &Book, change: Change) -> Result<Write, BookError> {
    at_once(write_for_paced(book, change, &mut Pacer::none()))
}

/// [`write_for`] in parts: ticks `pacer` for every record encoded.
pub async fn write_for_paced(
    book: &Book,
    change: Change,
    pacer: &mut Pacer<'_>,
) -> Result<Write, BookError> {
    let placed = book.placements(&change)?;
    let sales = book.purchases();
    let chunks = rechunk(
        sales.len(),
        &|r| sales.range(r).into_iter().map(Cow::Owned).collect(),
        placed,
        CHUNK_SIZE,
        |rows: &[&Purchase]| codec::encode_purchases(rows),
        pacer,
    )
    .await;
    let mut fresh = book.customers().len();
    let customers = change
        .customers
        .iter()
        .map(|c| {
            let pos = book.customer_position(c.meta.id).unwrap_or_else(|| {
                fresh += 1;
                fresh - 1
            });
            (pos, c)
        })
        .collect();
    let all = book.customers();
    let customer_chunks = rechunk(
        all.len(),
        &|r| all[r].iter().map(Cow::Borrowed).collect(),
        customers,
        CUSTOMER_CHUNK,
        |rows: &[&Customer]| codec::encode_customers(rows),
        pacer,
    )
    .await;
    Ok(Write {
        change,
        chunks,
        customer_chunks,
    })
}

/// The chunks that `placed` records (by position; past the end of the `len` there are means
/// appended) land in, re-encoded with those records in place among the `existing` ones.
async fn rechunk<'a, T: Clone>(
    len: usize,
    existing: &dyn Fn(std::ops::Range<usize>) -> Vec<Cow<'a, T>>,
    mut placed: Vec<(usize, &'a T)>,
    size: usize,
    encode: impl Fn(&[&T]) -> Vec<u8>,
    pacer: &mut Pacer<'_>,
) -> Vec<(u32, Vec<u8>)> {
    // In chunk order. A restore or an import places everything in order already: no
    // million-row sort then.
    if !placed.is_sorted_by_key(|(pos, _)| *pos) {
        crate::model::sort::sort_by_key(&mut placed, |(pos, _)| *pos);
    }
    let mut out = Vec::new();
    let mut updates = placed.into_iter().peekable();
    while let Some(&(pos, _)) = updates.peek() {
        let n = pos / size;
        let start = n * size;
        let end = (start + size).min(len);
        let mut rows = if start < end {
            existing(start..end)
        } else {
            Vec::new()
        };
        while let Some((pos, p)) = updates.next_if(|(pos, _)| pos / size == n) {
            let k = pos - start;
            if k < rows.len() {
                rows[k] = Cow::Borrowed(p);
            } else {
                rows.push(Cow::Borrowed(p));
            }
        }
        let refs: Vec<&T> = rows.iter().map(|r| r.as_ref()).collect();
        out.push((n as u32, encode(&refs)));
        pacer.tick(rows.len() as u64).await;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{generate, Spec};
    use crate::model::money::Paise;
    use std::collections::BTreeMap;

    /// Plans, lays out and applies `change`; returns the chunks written.
    fn saved(book: &mut Book, change: Change) -> Vec<(u32, Vec<u8>)> {
        let planned = book.plan(change).expect("valid change");
        let w = write_for(book, planned).expect("laid out");
        book.apply(w.change).expect("planned change applies");
        w.chunks
    }

    /// Simulates storage: reloads the book from a chunk map.
    fn reload(chunks: &BTreeMap<u32, Vec<u8>>, book: &Book) -> Book {
        book_from(Stored {
            head: Head::default(),
            customer_chunks: Vec::new(),
            loose_customers: book.customers().to_vec(),
            products: book.products().to_vec(),
            interactions: book.interactions().to_vec(),
            segments: book.segments().to_vec(),
            campaigns: book.campaigns().to_vec(),
            snapshots: book.snapshots().to_vec(),
            chunks: chunks.iter().map(|(n, b)| (*n, b.clone().into())).collect(),
        })
        .expect("stored book reads back")
    }

    #[test]
    fn planned_chunks_reload_to_the_same_purchases_across_chunk_boundaries() {
        let shop = generate(&Spec::small(5, CHUNK_SIZE + 10));
        let mut book = Book::default();
        let mut disk = BTreeMap::new();
        let first = saved(
            &mut book,
            Change {
                customers: shop.customers.clone(),
                products: shop.products.clone(),
                purchases: shop.purchases[..CHUNK_SIZE - 3].to_vec(),
                ..Change::default()
            },
        );
        disk.extend(first);
        // One sale at a time across the boundary: each rewrites only the chunk it lands in.
        for p in &shop.purchases[CHUNK_SIZE - 3..] {
            let c = saved(
                &mut book,
                Change {
                    purchases: vec![p.clone()],
                    ..Change::default()
                },
            );
            assert_eq!(c.len(), 1);
            disk.extend(c);
        }
        assert_eq!(disk.len(), 2);
        let again = reload(&disk, &book);
        assert_eq!(again.purchases().to_vec(), shop.purchases.as_slice());

        // Editing an old sale rewrites its own chunk, in place.
        let mut edited = shop.purchases[7].clone();
        edited.total = Paise(1);
        let c = saved(
            &mut book,
            Change {
                edited_purchases: vec![edited.clone()],
                ..Change::default()
            },
        );
        assert_eq!(c.iter().map(|(n, _)| *n).collect::<Vec<_>>(), [0]);
        disk.extend(c);
        assert_eq!(reload(&disk, &book).purchases().get(7), Some(edited));
    }

    #[test]
    fn customers_land_in_their_chunks_and_read_back_in_order() {
        let shop = generate(&Spec {
            customers: CUSTOMER_CHUNK + 5,
            ..Spec::small(6, 10)
        });
        let mut book = Book::default();
        let mut disk: BTreeMap<u32, Vec<u8>> = BTreeMap::new();
        let mut save = |book: &mut Book, customers: Vec<Customer>| {
            let planned = book
                .plan(Change {
                    customers,
                    ..Change::default()
                })
                .expect("valid");
            let w = write_for(book, planned).expect("laid out");
            book.apply(w.change).expect("applies");
            let touched: Vec<u32> = w.customer_chunks.iter().map(|(n, _)| *n).collect();
            disk.extend(w.customer_chunks);
            touched
        };
        assert_eq!(
            save(&mut book, shop.customers[..CUSTOMER_CHUNK - 1].to_vec()),
            [0]
        );
        // Two new customers across the boundary, then an edit of the very first one.
        assert_eq!(
            save(
                &mut book,
                shop.customers[CUSTOMER_CHUNK - 1..CUSTOMER_CHUNK + 1].to_vec()
            ),
            [0, 1]
        );
        let mut first = shop.customers[0].clone();
        first.name = "Edited".into();
        assert_eq!(save(&mut book, vec![first.clone()]), [0]);
        let again = book_from(Stored {
            customer_chunks: disk.into_iter().map(|(n, b)| (n, b.into())).collect(),
            ..Stored::default()
        })
        .expect("reads back");
        assert_eq!(again.customers(), book.customers());
        assert_eq!(again.customer(first.meta.id), Some(&first));
        assert_eq!(again.customers().len(), CUSTOMER_CHUNK + 1);
    }

    #[test]
    fn heads_round_trip_and_big_changes_stay_out_of_the_log() {
        let h = Head { rev: 7, epoch: 2 };
        assert_eq!(Head::from_bytes(&h.to_bytes()), Some(h));
        assert_eq!(Head::from_bytes(&[1, 2, 3]), None);
        assert_eq!(h.next(), Head { rev: 8, epoch: 2 });
        assert_eq!(h.replaced(), Head { rev: 8, epoch: 3 });
        let shop = generate(&Spec::small(3, LOG_MAX_RECORDS + 1));
        let small = Change {
            purchases: shop.purchases[..1].to_vec(),
            ..Change::default()
        };
        let entry = log_entry(&small).expect("a sale is logged");
        assert_eq!(codec::decode_change(&entry), Ok(small));
        let big = Change {
            purchases: shop.purchases.clone(),
            ..Change::default()
        };
        assert_eq!(log_entry(&big), None);
    }

    #[test]
    fn damaged_or_missing_chunks_are_reported() {
        let shop = generate(&Spec::small(9, 50));
        let bytes = codec::encode_purchases(&shop.purchases);
        let mut stored = Stored {
            chunks: vec![(0, bytes[..bytes.len() - 3].to_vec().into())],
            ..Stored::default()
        };
        assert!(matches!(
            book_from(stored.clone()),
            Err(StoreError::Damaged(_))
        ));
        // Chunk 0 missing.
        stored.chunks = vec![(1, bytes.into())];
        assert!(matches!(book_from(stored), Err(StoreError::Damaged(_))));
    }
}
