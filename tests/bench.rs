//! Storage benchmarks in headless Chromium against real IndexedDB. Not part of the test run:
//! `scripts/bench.sh` runs them in release mode and prints `name: value unit` lines
//! (recorded in BENCHMARKS.md).
#![cfg(target_arch = "wasm32")]

mod support;

use grahak::book::Change;
use grahak::demo::{generate, Rng, Spec};
use grahak::model::records::{Channel, Meta, Payment, Purchase};
use grahak::model::time::Timestamp;
use grahak::storage::idb::IdbStore;
use grahak::storage::Ledger;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn now() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

fn name(what: &str) -> String {
    format!("grahak-bench-{what}-{}", js_sys::Math::random().to_bits())
}

fn report(metric: &str, value: f64, unit: &str) {
    console_log!("{metric}: {value:.1} {unit}");
}

fn everything(shop: &grahak::demo::Shop, purchases: &[Purchase]) -> Change {
    Change {
        customers: shop.customers.clone(),
        products: shop.products.clone(),
        purchases: purchases.to_vec(),
        ..Change::default()
    }
}

/// Writes a book of `n` customers (nothing else), closes it, and times a cold open.
async fn customers_only(n: usize, seed: u64) -> ((Ledger<IdbStore>, f64), String) {
    let db = name(&format!("{n}-customers"));
    let shop = generate(&Spec {
        customers: n,
        ..Spec::small(seed, 0)
    });
    let ledger = Ledger::open(IdbStore::open(&db).await.unwrap())
        .await
        .unwrap();
    ledger.save(everything(&shop, &[])).await.unwrap();
    ledger.into_store().close();
    let t = now();
    let ledger = Ledger::open(IdbStore::open(&db).await.unwrap())
        .await
        .unwrap();
    ((ledger, now() - t), db)
}

#[wasm_bindgen_test]
async fn storage_benchmarks() {
    // 100k purchases written in one all-or-nothing save (an import).
    let db = name("100k");
    let shop = generate(&Spec::small(1, 100_000));
    let ledger = Ledger::open(IdbStore::open(&db).await.unwrap())
        .await
        .unwrap();
    let t = now();
    ledger
        .save(everything(&shop, &shop.purchases))
        .await
        .unwrap();
    report("idb_write_100k_purchases_ms", now() - t, "ms");
    ledger.into_store().close();
    IdbStore::delete(&db).await.unwrap();
    drop(shop);

    // A million purchases from 10k customers (a busy wholesaler's years), written in ten saves,
    // then a cold load.
    let db = name("1m");
    let shop = generate(&Spec {
        customers: 10_000,
        ..Spec::small(2, 1_000_000)
    });
    let ledger = Ledger::open(IdbStore::open(&db).await.unwrap())
        .await
        .unwrap();
    ledger.save(everything(&shop, &[])).await.unwrap();
    for part in shop.purchases.chunks(100_000) {
        ledger
            .save(Change {
                purchases: part.to_vec(),
                ..Change::default()
            })
            .await
            .unwrap();
    }
    let someone = shop.customers[0].meta.id;
    drop(shop);
    ledger.into_store().close();

    let t = now();
    let store = IdbStore::open(&db).await.unwrap();
    let t_open = now();
    let stored = grahak::storage::Store::load(&store).await.unwrap();
    let t_read = now();
    let book = grahak::storage::layout::book_from(stored).unwrap();
    let t_decode = now();
    report("idb_cold_load_1m_purchases_ms", t_decode - t, "ms");
    report("idb_cold_load_1m_open_ms", t_open - t, "ms");
    report("idb_cold_load_1m_read_ms", t_read - t_open, "ms");
    report("idb_cold_load_1m_decode_ms", t_decode - t_read, "ms");
    assert_eq!(book.purchases().len(), 1_000_000);
    drop(book);
    let ledger = Ledger::open(store).await.unwrap();

    // One sale at a time on top of that book: median of 100.
    let mut rng = Rng::new(9);
    let mut times = Vec::new();
    for k in 0..100 {
        let at = Timestamp(1_793_491_200_000 + k);
        let sale = Purchase {
            meta: Meta::new(rng.id(), at),
            customer: Some(someone),
            at,
            lines: vec![],
            total: grahak::model::money::Paise(25_000),
            payment: Payment::Cash,
            channel: Channel::Stall,
            note: String::new(),
            by: String::new(),
            money: Default::default(),
        };
        let t = now();
        ledger
            .save(Change {
                purchases: vec![sale],
                ..Change::default()
            })
            .await
            .unwrap();
        times.push(now() - t);
    }
    times.sort_by(f64::total_cmp);
    report("idb_save_one_sale_ms", times[50], "ms");

    // The same with a second tab open on the book, the two selling in turn: each save finds the
    // other tab's sale first, catches up from the log and saves (the slow path; with the
    // BroadcastChannel a tab has usually caught up before the seller taps Save).
    let other = Ledger::open(IdbStore::open(&db).await.unwrap())
        .await
        .unwrap();
    let mut times = Vec::new();
    for k in 0..100 {
        let at = Timestamp(1_793_491_300_000 + k);
        let sale = |rng: &mut Rng| Purchase {
            meta: Meta::new(rng.id(), at),
            customer: Some(someone),
            at,
            lines: vec![],
            total: grahak::model::money::Paise(25_000),
            payment: Payment::Upi,
            channel: Channel::Stall,
            note: String::new(),
            by: String::new(),
            money: Default::default(),
        };
        let s = sale(&mut rng);
        other
            .save(Change {
                purchases: vec![s],
                ..Change::default()
            })
            .await
            .unwrap();
        let s = sale(&mut rng);
        let t = now();
        ledger
            .save(Change {
                purchases: vec![s],
                ..Change::default()
            })
            .await
            .unwrap();
        times.push(now() - t);
    }
    times.sort_by(f64::total_cmp);
    report("idb_save_one_sale_two_tabs_ms", times[50], "ms");
    other.catch_up().await.unwrap();
    assert_eq!(
        other.book().purchases().len(),
        ledger.book().purchases().len()
    );
    other.into_store().close();
    let t = now();
    let history = ledger.book().purchases_of(someone).count();
    report("customer_history_lookup_ms", now() - t, "ms");
    assert!(history > 100);
    ledger.into_store().close();
    IdbStore::delete(&db).await.unwrap();

    // 10k and 100k customers: the customer book alone.
    let (ledger, db100k) = customers_only(100_000, 4).await;
    report("idb_customers_100k_load_ms", ledger.1, "ms");
    // Search over all 100k, Latin queries included, which also go by sound through every name
    // they do not spell (issue 15).
    let times = search_times(ledger.0.book().customers(), "100k");
    report(
        "search_100k_customers_slowest_ms",
        times[times.len() - 1],
        "ms",
    );
    ledger.0.into_store().close();
    IdbStore::delete(&db100k).await.unwrap();
    let ((ledger, ms), db) = customers_only(10_000, 3).await;
    report("idb_customers_10k_load_ms", ms, "ms");
    assert_eq!(ledger.book().customers().len(), 10_000);

    // Search as you type over those 10k: index build, then the median query (names in several
    // scripts, phone digit runs).
    search_times(ledger.book().customers(), "10k");
    ledger.into_store().close();
    IdbStore::delete(&db).await.unwrap();
}

/// Builds the search index of `customers` and times 50 searches; reports the build and the
/// median search as `search_index_<size>_customers_ms` and `search_<size>_customers_ms`, and
/// returns every search's time, sorted.
fn search_times(customers: &[grahak::model::records::Customer], size: &str) -> Vec<f64> {
    let t = now();
    let index = grahak::book::search::SearchIndex::new(customers);
    report(
        &format!("search_index_{size}_customers_ms"),
        now() - t,
        "ms",
    );
    let mut times = Vec::new();
    for q in SEARCHES.iter().cycle().take(50) {
        let t = now();
        let hits = index.search(q, 20);
        times.push(now() - t);
        assert!(hits.len() <= 20);
    }
    times.sort_by(f64::total_cmp);
    report(
        &format!("search_{size}_customers_ms"),
        times[times.len() / 2],
        "ms",
    );
    times
}

/// What sellers type in a search: names in several scripts (and in Latin letters for names
/// written in others), phone digit runs.
const SEARCHES: [&str; 14] = [
    "a",
    "as",
    "ash",
    "आशा",
    "शर्मा",
    "પટેલ",
    "नायर",
    "خان",
    "987",
    "12345",
    "ravi",
    "zz",
    "sharma",
    "patel",
];

#[wasm_bindgen_test]
async fn segment_benchmarks() {
    for (name, ms) in support::segment_benchmark(&now) {
        report(name, ms, "ms");
    }
}

#[wasm_bindgen_test]
async fn csv_import_benchmark() {
    use grahak::analysis::segments::Analysis;
    use grahak::book::Book;
    use grahak::files::import::{guess_columns, Check, Column, Minter, Reader};
    use grahak::model::time::Date;

    // A sales CSV of 100k sales (~250k rows, one per line) by 10k customers, as the export writes
    // it; imported into a book that has the customers but no sales.
    let shop = generate(&Spec::small(6, 100_000));
    let source = Book::of(everything(&shop, &shop.purchases)).unwrap();
    let csv = grahak::files::export::sales(&source, 330, &grahak::files::export::SALE_COLUMNS);
    let _ = Analysis::new(&source, Date::new(2026, 11, 1).unwrap(), 330);

    let db = name("import");
    let ledger = Ledger::open(IdbStore::open(&db).await.unwrap())
        .await
        .unwrap();
    ledger.save(everything(&shop, &[])).await.unwrap();

    // As the import screen does it: read and check a slice at a time, yielding to the browser
    // between slices (a macrotask, where the progress bar is painted).
    let t = now();
    let mut reader = Reader::new(csv.as_bytes()).unwrap();
    while !reader.step(512 * 1024) {
        grahak::ui::book::next_task().await;
    }
    let table = reader.finish().unwrap();
    let map = guess_columns(&table.header, &Column::SALES);
    let mut rng = Rng::new(5);
    let mut id = || rng.id();
    let mut minter = Minter {
        id: &mut id,
        now: Timestamp(js_sys::Date::now() as i64),
        offset_minutes: 330,
        country_code: "91",
    };
    let mut check = Check::new(&table, &map, true);
    while !check.step(&ledger.book(), &mut minter, 10_000) {
        grahak::ui::book::next_task().await;
    }
    let plan = check.finish(&ledger.book(), &mut minter);
    let parsed = now() - t;
    assert!(
        plan.rejected.is_empty(),
        "{:?}",
        &plan.rejected[..3.min(plan.rejected.len())]
    );
    assert_eq!(plan.change.purchases.len(), shop.purchases.len());
    ledger.save(plan.change).await.unwrap();
    report("csv_import_100k_purchases_ms", now() - t, "ms");
    report("csv_import_100k_purchases_parse_and_check_ms", parsed, "ms");
    report(
        "csv_import_100k_purchases_file_mb",
        csv.len() as f64 / 1e6,
        "MB",
    );
    ledger.into_store().close();
    IdbStore::delete(&db).await.unwrap();
}

/// A file shaped like the real CDNOW sample: 69,659 sales by 23,570 customers, all new to the
/// book, imported in one all-or-nothing save.
#[wasm_bindgen_test]
async fn csv_import_cdnow_shaped_benchmark() {
    use grahak::book::Book;
    use grahak::files::import::{plan_sales, read_table, Column, Minter};

    // Not every generated customer buys: 60k give about 23.5k buyers, as in CDNOW.
    let shop = generate(&Spec {
        customers: 60_000,
        ..Spec::small(8, 69_659)
    });
    let source = Book::of(everything(&shop, &shop.purchases)).unwrap();
    let csv = grahak::files::export::sales(&source, 330, &grahak::files::export::SALE_COLUMNS);
    let table = read_table(csv.as_bytes()).unwrap();
    let map = grahak::files::import::guess_columns(&table.header, &Column::SALES);
    let mut rng = Rng::new(9);
    let mut id = || rng.id();
    let mut minter = Minter {
        id: &mut id,
        now: Timestamp(js_sys::Date::now() as i64),
        offset_minutes: 330,
        country_code: "91",
    };
    let plan = plan_sales(&Book::default(), &table, &map, &mut minter);
    let db = name("cdnow");
    let ledger = Ledger::open(IdbStore::open(&db).await.unwrap())
        .await
        .unwrap();
    let customers = plan.change.customers.len();
    let t = now();
    ledger.save(plan.change).await.unwrap();
    report(
        "csv_import_23k_customers_70k_sales_save_ms",
        now() - t,
        "ms",
    );
    assert!(
        (20_000..27_000).contains(&customers),
        "{customers} new customers"
    );
    ledger.into_store().close();
    IdbStore::delete(&db).await.unwrap();
}

/// Restoring a backup of 1M purchases by 100k customers: reading the file (header, records,
/// checks) and replacing the book in one transaction. The checksum is the browser's SHA-256 and
/// is left out here.
#[wasm_bindgen_test]
async fn restore_benchmark() {
    use grahak::book::Book;
    use grahak::files::backup;

    let shop = generate(&Spec {
        customers: 100_000,
        ..Spec::small(10, 1_000_000)
    });
    let book = Book::of(everything(&shop, &shop.purchases)).unwrap();
    drop(shop);
    let (content, counts) = backup::content(&book, backup::CONTENT_VERSION);
    drop(book);
    let header = backup::Header {
        format: backup::FORMAT_VERSION,
        app: "bench".into(),
        schema: backup::CONTENT_VERSION,
        created: Timestamp(0),
        counts,
        sha256: [0; 32],
    };
    let file = backup::file(&header, &content);
    drop(content);
    let db = name("restore");
    let ledger = Ledger::open(IdbStore::open(&db).await.unwrap())
        .await
        .unwrap();
    let t = now();
    let (h, c) = backup::split(&file).unwrap();
    let change = backup::read(&h, c, backup::CONTENT_VERSION).unwrap();
    let read = now() - t;
    ledger.replace_all(change).await.unwrap();
    report("restore_backup_1m_purchases_ms", now() - t, "ms");
    report("restore_backup_1m_purchases_read_ms", read, "ms");
    report("restore_backup_1m_file_mb", file.len() as f64 / 1e6, "MB");
    assert_eq!(ledger.book().purchases().len(), 1_000_000);
    ledger.into_store().close();
    IdbStore::delete(&db).await.unwrap();
}
