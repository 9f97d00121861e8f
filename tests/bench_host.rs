//! Host (native) benchmarks of the domain code. Not part of the test run: `scripts/bench.sh`
//! runs them in release mode (`--ignored`) and prints `name: value unit` lines.

use grahak::domain::book::{Book, Change};
use grahak::domain::demo::{generate, Rng, Spec};
use grahak::domain::money::Paise;

use grahak::domain::segments::Analysis;
use grahak::domain::time::{Date, Timestamp};
use std::time::Instant;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

#[test]
#[ignore = "benchmark: run by scripts/bench.sh"]
fn host_segment_benchmarks() {
    let shop = generate(&Spec {
        customers: 100_000,
        ..Spec::small(3, 1_000_000)
    });
    let mut book = Book::default();
    let planned = book
        .plan(Change {
            customers: shop.customers.clone(),
            products: shop.products.clone(),
            purchases: shop.purchases.clone(),
            ..Change::default()
        })
        .unwrap();
    book.apply(planned);
    let today = Date::new(2026, 11, 1).unwrap();
    let mut best = f64::MAX;
    let mut a = None;
    for _ in 0..3 {
        let t = Instant::now();
        a = Some(Analysis::new(&book, today, 330));
        best = best.min(ms(t));
    }
    println!("host_segment_full_1m_purchases_100k_customers_ms: {best:.1} ms");
    let mut a = a.unwrap();
    let mut rng = Rng::new(8);
    let mut times = Vec::new();
    for k in 0..100u128 {
        let customer = shop.customers[rng.below(shop.customers.len() as u64) as usize]
            .meta
            .id;
        let p = grahak::domain::demo::extra_sale(
            k,
            customer,
            Timestamp(1_793_491_200_000),
            Paise(25_000),
        );
        let t = Instant::now();
        a.add_sale(&p);
        let _ = a.segment(customer);
        times.push(ms(t));
    }
    times.sort_by(f64::total_cmp);
    println!("host_segment_incremental_one_sale_ms: {:.3} ms", times[50]);
}
