//! How the book is laid out in a store: customers, products, interactions and custom segments
//! one record each; purchases in storage order, packed [`CHUNK_SIZE`] to a chunk in the binary
//! codec, so that a million load in under a second. Purchase `i` lives in chunk
//! `i / CHUNK_SIZE`; a change rewrites only the chunks its purchases land in.

use crate::book::{Book, BookError, Change};
use crate::files::codec::{self, CHUNK_SIZE};
use crate::model::records::{Customer, Interaction, Product, Purchase};
use crate::model::segment::SavedSegment;
use crate::storage::StoreError;

/// What a store holds: plain records, and purchases as encoded chunks by chunk number.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stored {
    /// All customers, deleted ones included.
    pub customers: Vec<Customer>,
    /// All products.
    pub products: Vec<Product>,
    /// All interactions.
    pub interactions: Vec<Interaction>,
    /// All custom segments.
    pub segments: Vec<SavedSegment>,
    /// Purchase chunks, `(chunk number, bytes)`.
    pub chunks: Vec<(u32, Vec<u8>)>,
}

/// A change as a store writes it: the records, and the purchase chunks it rewrites.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Write {
    /// The records (checked by [`Book::plan`]).
    pub change: Change,
    /// Purchase chunks to put, `(chunk number, bytes)`.
    pub chunks: Vec<(u32, Vec<u8>)>,
}

/// Reads what a store returned into a book. A damaged or missing chunk is an error: better to
/// say so than to show a book with sales silently missing.
pub fn book_from(stored: Stored) -> Result<Book, StoreError> {
    let mut chunks = stored.chunks;
    crate::model::sort::sort_by_key(&mut chunks, |(n, _)| *n);
    let damaged = |n: u32, why: &str| StoreError::Damaged(format!("purchase chunk {n}: {why}"));
    let last = chunks.len().saturating_sub(1);
    let mut purchases = Vec::with_capacity(chunks.len() * CHUNK_SIZE);
    for (i, (n, bytes)) in chunks.iter().enumerate() {
        if *n as usize != i {
            return Err(damaged(*n, "chunk sequence"));
        }
        let ps = codec::decode_purchases(bytes).map_err(|e| damaged(*n, &e.to_string()))?;
        if ps.len() > CHUNK_SIZE || (i < last && ps.len() != CHUNK_SIZE) {
            return Err(damaged(*n, "chunk length"));
        }
        purchases.extend(ps);
    }
    Ok(Book::from_records(
        stored.customers,
        stored.products,
        stored.interactions,
        stored.segments,
        purchases,
    ))
}

/// The write of `change` (already checked against `book`): its records, and every purchase
/// chunk it touches re-encoded with the change's purchases in place.
pub fn write_for(book: &Book, change: Change) -> Result<Write, BookError> {
    let mut placed = book.placements(&change)?;
    // Grouped by chunk, in chunk order (a sorted list: no BTreeMap code in the wasm).
    crate::model::sort::sort_by_key(&mut placed, |(pos, _)| *pos);
    let mut touched: Vec<(u32, Vec<(usize, &Purchase)>)> = Vec::new();
    for (pos, p) in placed {
        let n = (pos / CHUNK_SIZE) as u32;
        match touched.last_mut() {
            Some((last, updates)) if *last == n => updates.push((pos, p)),
            _ => touched.push((n, vec![(pos, p)])),
        }
    }
    let all = book.purchases();
    let chunks = touched
        .into_iter()
        .map(|(n, updates)| {
            let start = n as usize * CHUNK_SIZE;
            let end = (start + CHUNK_SIZE).min(all.len());
            let mut rows: Vec<&Purchase> = all.get(start..end).unwrap_or(&[]).iter().collect();
            for (pos, p) in updates {
                let k = pos - start;
                if k < rows.len() {
                    rows[k] = p;
                } else {
                    rows.push(p);
                }
            }
            (n, codec::encode_purchases(&rows))
        })
        .collect();
    Ok(Write { change, chunks })
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
        book.apply(w.change);
        w.chunks
    }

    /// Simulates storage: reloads the book from a chunk map.
    fn reload(chunks: &BTreeMap<u32, Vec<u8>>, book: &Book) -> Book {
        book_from(Stored {
            customers: book.customers().to_vec(),
            products: book.products().to_vec(),
            interactions: book.interactions().to_vec(),
            segments: book.segments().to_vec(),
            chunks: chunks.iter().map(|(n, b)| (*n, b.clone())).collect(),
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
        assert_eq!(again.purchases(), shop.purchases.as_slice());

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
        assert_eq!(reload(&disk, &book).purchases()[7], edited);
    }

    #[test]
    fn damaged_or_missing_chunks_are_reported() {
        let shop = generate(&Spec::small(9, 50));
        let bytes = codec::encode_purchases(&shop.purchases);
        let mut stored = Stored {
            chunks: vec![(0, bytes[..bytes.len() - 3].to_vec())],
            ..Stored::default()
        };
        assert!(matches!(
            book_from(stored.clone()),
            Err(StoreError::Damaged(_))
        ));
        // Chunk 0 missing.
        stored.chunks = vec![(1, bytes)];
        assert!(matches!(book_from(stored), Err(StoreError::Damaged(_))));
    }
}
