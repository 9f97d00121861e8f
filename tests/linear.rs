//! Every step that reads a whole book grows with the book, not faster: each is timed on a book
//! of 10k sales by 1k customers and on one ten times that, and fails if it took more than 15x
//! as long. (A restore once checked each sale's customer by scanning the customers: 100 times
//! slower for 10 times the data, and a frozen tab for six minutes on a big book.) The best of
//! three runs is compared, so a busy machine does not make a linear step look quadratic.

use grahak::analysis::segments::Analysis;
use grahak::book::{Book, Change};
use grahak::demo::{generate, Spec};
use grahak::files::{backup, export, import};
use grahak::model::time::Timestamp;
use grahak::storage::layout;
use std::time::Instant;

const MAX_GROWTH: f64 = 15.0;

fn shop_book(purchases: usize) -> Book {
    let shop = generate(&Spec {
        customers: purchases / 10,
        ..Spec::small(77, purchases)
    });
    Book::of(Change {
        customers: shop.customers,
        products: shop.products,
        interactions: shop.interactions,
        purchases: shop.purchases,
        ..Change::default()
    })
    .expect("a generated shop is a valid book")
}

/// Best of three runs of `f`, in seconds.
fn best(mut f: impl FnMut()) -> f64 {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

/// Each whole-book step, timed on `book`.
fn steps(book: &Book) -> Vec<(&'static str, f64)> {
    let today = book
        .purchases()
        .iter()
        .last()
        .map_or(Timestamp(0), |p| p.at)
        .local_date(330);
    let (content, counts) = backup::content(book, backup::CONTENT_VERSION);
    let header = backup::Header {
        format: backup::FORMAT_VERSION,
        app: "test".into(),
        schema: backup::CONTENT_VERSION,
        created: Timestamp(0),
        counts,
        sha256: [0; 32],
    };
    let file = backup::file(&header, &content);
    let restored = backup::read(&header, &content, backup::CONTENT_VERSION).expect("reads back");
    let analysis = Analysis::full(book, today, 330);
    let sales_csv = export::sales(book, 330, &export::SALE_COLUMNS);
    vec![
        (
            "backup",
            best(|| drop(backup::content(book, backup::CONTENT_VERSION))),
        ),
        (
            "restore_read",
            best(|| {
                let (h, c) = backup::split(&file).expect("splits");
                drop(backup::read(&h, c, backup::CONTENT_VERSION).expect("reads"));
            }),
        ),
        (
            "restore_plan_and_apply",
            best(|| {
                let mut fresh = Book::default();
                let planned = fresh.plan(restored.clone()).expect("valid");
                let write = layout::write_for(&fresh, planned).expect("laid out");
                fresh.apply(write.change).expect("applies");
            }),
        ),
        (
            "export",
            best(|| {
                drop(export::sales(book, 330, &export::SALE_COLUMNS));
                drop(export::customers(
                    book,
                    &analysis,
                    None,
                    330,
                    &export::CUSTOMER_COLUMNS,
                ));
            }),
        ),
        (
            "import_check",
            best(|| {
                let table = import::read_table(sales_csv.as_bytes()).expect("reads");
                let map = import::guess_columns(&table.header, &import::Column::SALES);
                let mut rng = grahak::demo::Rng::new(5);
                let mut id = || rng.id();
                let mut m = import::Minter {
                    id: &mut id,
                    now: Timestamp(1_800_000_000_000),
                    offset_minutes: 330,
                    country_code: "91",
                };
                drop(import::plan_sales(&Book::default(), &table, &map, &mut m));
            }),
        ),
        ("analysis", best(|| drop(Analysis::full(book, today, 330)))),
    ]
}

#[test]
fn whole_book_steps_grow_linearly() {
    let (small_book, big_book) = (shop_book(10_000), shop_book(100_000));
    let growth = |small: &[(&'static str, f64)], big: &[(&'static str, f64)]| {
        small
            .iter()
            .zip(big)
            .map(|((name, a), (_, b))| {
                println!(
                    "{name}: {:.1} ms -> {:.1} ms ({:.1}x)",
                    a * 1e3,
                    b * 1e3,
                    b / a
                );
                (*name, b / a.max(1e-6))
            })
            .collect::<Vec<_>>()
    };
    let first = growth(&steps(&small_book), &steps(&big_book));
    if first.iter().all(|(_, g)| *g <= MAX_GROWTH) {
        return;
    }
    // A busy moment can slow one run of the big book: measure again before calling it a fault.
    let again = growth(&steps(&small_book), &steps(&big_book));
    let slow: Vec<_> = first
        .iter()
        .zip(&again)
        .filter(|((_, g1), (_, g2))| *g1 > MAX_GROWTH && *g2 > MAX_GROWTH)
        .map(|((name, g1), (_, g2))| format!("{name} grew {g1:.1}x, then {g2:.1}x"))
        .collect();
    assert!(slow.is_empty(), "faster than linear growth: {slow:?}");
}
