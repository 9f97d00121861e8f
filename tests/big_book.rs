//! Writes a big book as a backup file for the big-book benchmark and e2e test (not part of the
//! test run): `cargo test --release --test big_book -- --ignored` writes
//! `target/big-book-<purchases>.grahak` for each size asked for in `BIG_BOOKS` (default
//! `1000000`), with 1 customer per 10 sales and sales up to today.

use grahak::book::{Book, Change};
use grahak::demo::{generate, Spec};
use grahak::files::backup::{self, Header};
use grahak::model::time::Timestamp;
use sha2::{Digest, Sha256};

/// The backup file of a generated shop of `purchases` sales ending at `now`.
pub fn big_book(purchases: usize, now: Timestamp) -> Vec<u8> {
    let shop = generate(&Spec {
        seed: 14,
        customers: purchases / 10,
        purchases,
        days: 3 * 365,
        now,
    });
    let book = Book::of(Change {
        customers: shop.customers,
        products: shop.products,
        interactions: shop.interactions,
        purchases: shop.purchases,
        ..Change::default()
    })
    .expect("the generated shop is a valid book");
    let (content, counts) = backup::content(&book, backup::CONTENT_VERSION);
    let header = Header {
        format: backup::FORMAT_VERSION,
        app: "big-book".into(),
        schema: backup::CONTENT_VERSION,
        created: now,
        counts,
        sha256: Sha256::digest(&content).into(),
    };
    backup::file(&header, &content)
}

#[test]
#[ignore = "writes target/big-book-*.grahak for scripts/bench-big.mjs and the big-book e2e test"]
fn write_big_books() {
    let now = Timestamp(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64),
    );
    let sizes = std::env::var("BIG_BOOKS").unwrap_or_else(|_| "1000000".into());
    for n in sizes
        .split(',')
        .filter_map(|s| s.trim().parse::<usize>().ok())
    {
        let path = format!("target/big-book-{n}.grahak");
        std::fs::write(&path, big_book(n, now)).expect("write the big book");
        println!("wrote {path}");
    }
}
