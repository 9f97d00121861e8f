//! The sample shop ships as a backup file (`public/sample-shop.grahak`) that the app restores
//! and moves to today, so the generator stays out of the app's wasm. This test keeps the file
//! exactly what the generator makes: it fails when the file is missing or differs, and never
//! writes it. To make it again after changing the generator:
//! `cargo test --test sample_file -- --ignored` (the ignored `regenerate` below).

use grahak::book::{Book, Change};
use grahak::demo::{generate, Spec};
use grahak::files::backup::{self, Header};
use grahak::model::time::Timestamp;
use sha2::{Digest, Sha256};

const PATH: &str = "public/sample-shop.grahak";
/// When the sample "was made": 2026-11-01 12:00 UTC. The app moves it forward by whole days.
const MADE: i64 = 1_793_534_400_000;

fn sample() -> Vec<u8> {
    let shop = generate(&Spec {
        seed: 2026,
        customers: 300,
        purchases: 6000,
        days: 365,
        now: Timestamp(MADE),
    });
    // Last month's segment snapshot, as the app would have kept it on 1 October (the book as
    // it was then), so that the sample shows how customers moved since.
    let taken = Timestamp(MADE - 31 * 86_400_000);
    let day = taken.local_date(330);
    let then = Book::of(Change {
        customers: shop.customers.clone(),
        products: shop.products.clone(),
        purchases: shop
            .purchases
            .iter()
            .filter(|p| p.at < taken)
            .cloned()
            .collect(),
        ..Change::default()
    })
    .expect("the shop of a month before is a valid book");
    let analysis = grahak::analysis::segments::Analysis::full(&then, day, 330);
    let snapshot = grahak::model::segment::SegmentSnapshot {
        meta: grahak::model::records::Meta::new(
            grahak::model::segment::SegmentSnapshot::id_of(day),
            taken,
        ),
        taken: day,
        members: grahak::analysis::movement::members_now(&analysis, &then),
    };
    let book = Book::of(Change {
        customers: shop.customers,
        products: shop.products,
        interactions: shop.interactions,
        purchases: shop.purchases,
        snapshots: vec![snapshot],
        ..Change::default()
    })
    .expect("the generated shop is a valid book");
    let (content, counts) = backup::content(&book, backup::CONTENT_VERSION);
    let header = Header {
        format: backup::FORMAT_VERSION,
        app: "sample".into(),
        schema: backup::CONTENT_VERSION,
        created: Timestamp(MADE),
        counts,
        sha256: Sha256::digest(&content).into(),
    };
    backup::file(&header, &content)
}

#[test]
fn the_shipped_sample_shop_is_what_the_generator_makes() {
    let fresh = sample();
    let shipped = std::fs::read(PATH).unwrap_or_default();
    assert!(
        shipped == fresh,
        "{PATH} is missing or out of date: run `cargo test --test sample_file -- --ignored`"
    );
    // And it restores.
    let (header, content) = backup::split(&fresh).unwrap();
    let change = backup::read(&header, content, backup::CONTENT_VERSION).unwrap();
    assert_eq!(change.customers.len(), 300);
    assert_eq!(change.purchases.len(), 6000);
}

#[test]
#[ignore = "writes public/sample-shop.grahak: run by hand after changing the generator"]
fn regenerate() {
    std::fs::write(PATH, sample()).expect("write the sample shop");
}
