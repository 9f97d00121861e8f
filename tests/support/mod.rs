//! Shared by the browser (`tests/bench.rs`) and host (`tests/bench_host.rs`) benchmarks.

use grahak::demo::{extra_sale, generate, Rng, Spec};
use grahak::model::money::Paise;
use grahak::model::time::Timestamp;

/// The segment benchmark, shared by the browser (`tests/bench.rs`) and host
/// (`tests/bench_host.rs`) runs: 1M purchases by 100k customers. `clock` reads milliseconds.
/// Returns `(name, value)` pairs, all in milliseconds.
pub fn segment_benchmark(clock: &dyn Fn() -> f64) -> Vec<(&'static str, f64)> {
    use grahak::analysis::segments::Analysis;
    use grahak::book::{Book, Change};
    use grahak::model::time::Date;

    let shop = generate(&Spec {
        customers: 100_000,
        ..Spec::small(3, 1_000_000)
    });
    let mut book = Book::of(Change {
        customers: shop.customers.clone(),
        products: shop.products.clone(),
        purchases: shop.purchases,
        ..Change::default()
    })
    .unwrap_or_default();
    // A valid date: `new` cannot refuse it.
    let Some(today) = Date::new(2026, 11, 1) else {
        return Vec::new();
    };
    let mut out = Vec::new();

    let mut best = f64::MAX;
    let mut a = Analysis::new(&book, today, 330);
    for _ in 0..3 {
        let t = clock();
        a = Analysis::new(&book, today, 330);
        best = best.min(clock() - t);
    }
    out.push(("segment_full_1m_purchases_100k_customers_ms", best));
    let t = clock();
    let grid = a.grid();
    out.push(("segment_grid_100k_customers_ms", clock() - t));
    assert_eq!(grid.iter().flatten().sum::<u32>() as usize, a.buyers());

    // The history-based details, a slice at a time as the app works them out.
    let (start, mut slowest) = (clock(), 0f64);
    loop {
        let t = clock();
        let done = a.fill_details(&book, 20_000);
        slowest = slowest.max(clock() - t);
        if done {
            break;
        }
    }
    out.push(("segment_details_100k_customers_ms", clock() - start));
    out.push(("segment_details_slowest_slice_ms", slowest));
    // What the Segments page computes: every built-in's size in one pass.
    let t = clock();
    let sizes = a.builtin_sizes(&book);
    out.push(("segment_page_sizes_100k_customers_ms", clock() - t));
    assert!(sizes.iter().all(|(_, size)| size.is_some()));

    // A campaign's audience: four segments less every exclusion, 10% held back; best of 3.
    {
        use grahak::analysis::audience::{audience, Exclusions, Selection};
        use grahak::analysis::rfm::Segment;
        use grahak::analysis::segments::Builtin;
        let selection = Selection {
            segments: vec![
                Builtin::Rfm(Segment::AtRisk),
                Builtin::Rfm(Segment::CantLose),
                Builtin::Lapsing,
                Builtin::ReplenishmentDue,
            ],
            ..Selection::default()
        };
        let ex = Exclusions {
            contacted_days: Some(14),
            bought_days: Some(7),
            open_complaint: true,
        };
        let mut best = f64::MAX;
        let mut size = 0;
        for _ in 0..3 {
            let t = clock();
            let aud = audience(
                &book,
                &a,
                &selection,
                ex,
                10,
                1,
                Timestamp(1_793_491_200_000),
            );
            best = best.min(clock() - t);
            size = aud.map_or(0, |x| x.chosen);
        }
        assert!(size > 0);
        out.push(("campaign_audience_100k_customers_ms", best));
    }

    // Who owes, and wholesale buyers due to reorder: whole-book passes the screens run in
    // slices of 2,500 units (the app's JOB_SLICE); the total and the slowest slice.
    {
        use grahak::model::pace::{at_once, Pacer, Progress};
        let sliced = |units: u64, job: &mut dyn FnMut(&mut Pacer<'_>)| {
            let last = std::cell::Cell::new(clock());
            let slowest = std::cell::Cell::new(0f64);
            let mut pause =
                |_: Progress| -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>> {
                    let t = clock();
                    slowest.set(slowest.get().max(t - last.get()));
                    last.set(t);
                    Box::pin(std::future::ready(()))
                };
            let start = clock();
            job(&mut Pacer::new(units, 2_500, &mut pause));
            slowest.set(slowest.get().max(clock() - last.get()));
            (clock() - start, slowest.get())
        };
        let mut owing = 0;
        let (total, slowest) = sliced(book.purchases().len() as u64, &mut |p| {
            owing = at_once(grahak::analysis::credit::who_owes(&book, p))
                .0
                .len();
        });
        assert!(owing > 0, "the demo book sells on credit");
        out.push(("who_owes_1m_purchases_ms", total));
        out.push(("who_owes_slowest_slice_ms", slowest));
        let mut due = 0;
        let (total, slowest) = sliced(book.customers().len() as u64, &mut |p| {
            due = at_once(grahak::analysis::reorder::due(&book, today, 330, p)).len();
        });
        assert!(due > 0, "the demo book has wholesale buyers due");
        out.push(("reorder_due_100k_customers_ms", total));
        out.push(("reorder_due_slowest_slice_ms", slowest));

        // The dashboard's figures: one pass over the sales (the first thing Insights shows).
        let mut cohorts = 0;
        let (total, slowest) = sliced(book.purchases().len() as u64, &mut |p| {
            cohorts = at_once(grahak::analysis::insights::dashboard(&book, today, 330, p))
                .cohorts
                .len();
        });
        assert_eq!(cohorts, 12);
        out.push(("insights_1m_purchases_ms", total));
        out.push(("insights_slowest_slice_ms", slowest));

        // Demand forecasts, as Insights works them out after the figures: the weekly history
        // (two passes over the sales, in slices), then the forecast of the shop, every product
        // and every category, each with its backtest.
        let mut weekly = None;
        let (total, slowest) = sliced(2 * book.purchases().len() as u64, &mut |p| {
            weekly = Some(at_once(grahak::analysis::forecast::weekly(
                &book, today, 330, 156, p,
            )));
        });
        let weekly = weekly.unwrap_or_default();
        let series = (2 * book.products().len() + 1) as u64;
        let work = series * grahak::analysis::forecast::series_work(weekly.revenue.len());
        let mut made = 0;
        let (forecasting, slowest_series) = sliced(work, &mut |p| {
            let o = at_once(grahak::analysis::forecast::outlooks(&book, &weekly, p));
            made = o
                .products
                .iter()
                .filter(|(_, o)| o.forecast.total().is_some())
                .count();
        });
        assert!(made > 0, "products with a forecast");
        out.push(("forecast_all_products_1m_purchases_ms", total + forecasting));
        out.push(("forecast_weekly_history_slowest_slice_ms", slowest));
        out.push(("forecast_all_products_from_history_ms", forecasting));
        out.push(("forecast_slowest_series_slice_ms", slowest_series));
        // Three years of weeks (the demo book has one: its weeks three times over), where the
        // backtests run from a year of origins: the heaviest forecasting, still a series a slice.
        let thrice = |v: &Vec<f64>| v.iter().chain(v).chain(v).copied().collect::<Vec<f64>>();
        let long = grahak::analysis::forecast::Weekly {
            revenue: thrice(&weekly.revenue),
            products: weekly.products.iter().map(thrice).collect(),
        };
        let work = series * grahak::analysis::forecast::series_work(long.revenue.len());
        let (forecasting, slowest_series) = sliced(work, &mut |p| {
            let _ = at_once(grahak::analysis::forecast::outlooks(&book, &long, p));
        });
        out.push(("forecast_3_year_history_all_series_ms", forecasting));
        out.push(("forecast_3_year_history_slowest_slice_ms", slowest_series));
    }

    // Segment movement (one step, on every change of the book while Insights is shown): every
    // customer's segment now against last month's snapshot.
    let before = grahak::analysis::movement::members_now(&a, &book);
    let snapshot = grahak::model::segment::SegmentSnapshot {
        meta: grahak::model::records::Meta::new(grahak::model::id::Id(1), Timestamp(0)),
        taken: Date::from_days_since_epoch(today.days_since_epoch() - 31),
        members: before,
    };
    if let Ok(planned) = book.plan(Change {
        snapshots: vec![snapshot],
        ..Change::default()
    }) {
        book.apply(planned).expect("planned change applies");
    }
    let t = clock();
    let now = grahak::analysis::movement::members_now(&a, &book);
    let moved = grahak::analysis::movement::since_last_month(&book, today, &now);
    out.push(("segment_movement_100k_customers_ms", clock() - t));
    assert_eq!(
        moved.map(|m| m.stayed as usize),
        Some(book.customers().len())
    );

    // One new sale saved, then folded in and its customer's segment read: median of 100.
    let mut rng = Rng::new(8);
    let mut times = Vec::new();
    for k in 0..100u128 {
        let customer = shop.customers[rng.below(shop.customers.len() as u64) as usize]
            .meta
            .id;
        let p = extra_sale(k, customer, Timestamp(1_793_491_200_000), Paise(25_000));
        if let Ok(planned) = book.plan(Change {
            purchases: vec![p.clone()],
            ..Change::default()
        }) {
            book.apply(planned).expect("planned change applies");
        }
        let t = clock();
        a.add_sale(&book, &p);
        let _ = a.segment(&book, customer);
        times.push(clock() - t);
    }
    times.sort_by(f64::total_cmp);
    out.push(("segment_incremental_one_sale_ms", times[50]));
    out
}
