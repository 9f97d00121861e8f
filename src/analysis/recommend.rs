//! What to offer a customer next: products that go with what they buy, across all customers.
//!
//! Two products "go together" when they are bought in one sale, or by one customer within
//! [`WINDOW_DAYS`] of each other. How much more often than chance is their *lift*:
//! `pairs(a, b) × baskets / (count(a) × count(b))`, where a basket is a sale and `count` is the
//! number of sales with the product. A customer's candidates are the products they have not
//! bought in the last [`WINDOW_DAYS`], each scored by its highest lift with something they did
//! buy, raised by their share of spending in its category; pairs seen fewer than
//! [`MIN_PAIRS`] times are not trusted. Walk-in sales, with no customer, are not counted.
//!
//! The table is built a slice of customers at a time ([`Together::fill`]), so that a big book
//! never holds the screen.

use crate::book::Book;
use crate::model::id::Id;
use crate::model::records::Purchase;
use crate::model::time::Date;
use std::collections::HashMap;

/// Days within which one customer's purchases go together, and "recently" for candidates.
pub const WINDOW_DAYS: i64 = 30;

/// Pairs seen fewer times than this say nothing.
pub const MIN_PAIRS: u32 = 3;

/// Which products go together, across the book's customers.
#[derive(Clone, Debug, Default)]
pub struct Together {
    /// The next customer (by place) to count.
    next: usize,
    /// Sales counted.
    baskets: u64,
    /// Sales with each product, by the product's place.
    counts: Vec<u32>,
    /// How often two products went together, keyed by their places (smaller first).
    pairs: HashMap<(u32, u32), u32>,
}

fn day(p: &Purchase, offset_minutes: i32) -> i64 {
    p.at.local_day(offset_minutes)
}

/// The product places of a sale's lines, each once.
fn places(book: &Book, p: &Purchase) -> Vec<u32> {
    let mut v: Vec<u32> = p
        .lines
        .iter()
        .filter_map(|l| book.product_position(l.product))
        .map(|k| k as u32)
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

impl Together {
    /// An empty table for `book`, to be filled.
    pub fn begin(book: &Book) -> Together {
        Together {
            counts: vec![0; book.products().len()],
            ..Together::default()
        }
    }

    /// The whole table at once (tests, small books).
    pub fn of(book: &Book, offset_minutes: i32) -> Together {
        let mut t = Together::begin(book);
        while !t.fill(book, usize::MAX, offset_minutes) {}
        t
    }

    /// Counts the next `customers` customers' sales; whether every customer is counted.
    pub fn fill(&mut self, book: &Book, customers: usize, offset_minutes: i32) -> bool {
        let all = book.customers();
        let end = all.len().min(self.next.saturating_add(customers));
        for c in &all[self.next..end] {
            let mut sales: Vec<Purchase> = book
                .purchases_of(c.meta.id)
                .filter(|p| p.meta.live())
                .collect();
            sales.sort_by_key(|p| p.at);
            let baskets: Vec<(i64, Vec<u32>)> = sales
                .iter()
                .map(|p| (day(p, offset_minutes), places(book, p)))
                .collect();
            for (k, (d, items)) in baskets.iter().enumerate() {
                self.baskets += 1;
                for &i in items {
                    if let Some(n) = self.counts.get_mut(i as usize) {
                        *n += 1;
                    }
                }
                // In this sale, and with this customer's sales of the last 30 days (each pair
                // once for this sale).
                let mut seen: Vec<(u32, u32)> = Vec::new();
                for (x, &a) in items.iter().enumerate() {
                    for &b in &items[x + 1..] {
                        seen.push((a, b));
                    }
                }
                for (e, earlier) in baskets[..k].iter().rev() {
                    if d - e > WINDOW_DAYS {
                        break;
                    }
                    for &a in items {
                        for &b in earlier {
                            if a != b && !items.contains(&b) {
                                seen.push((a.min(b), a.max(b)));
                            }
                        }
                    }
                }
                seen.sort_unstable();
                seen.dedup();
                for pair in seen {
                    *self.pairs.entry(pair).or_insert(0) += 1;
                }
            }
        }
        self.next = end;
        self.done(book)
    }

    /// Whether every customer of `book` is counted.
    pub fn done(&self, book: &Book) -> bool {
        self.next >= book.customers().len()
    }

    /// How much more often than chance the products at places `a` and `b` go together;
    /// `None` when seen together fewer than [`MIN_PAIRS`] times.
    pub fn lift(&self, a: usize, b: usize) -> Option<f64> {
        let key = (a.min(b) as u32, a.max(b) as u32);
        let pairs = *self.pairs.get(&key).filter(|n| **n >= MIN_PAIRS)?;
        let (na, nb) = (*self.counts.get(a)?, *self.counts.get(b)?);
        (na > 0 && nb > 0)
            .then(|| f64::from(pairs) * self.baskets as f64 / (f64::from(na) * f64::from(nb)))
    }

    /// Up to `n` products to offer customer `id` as of `today`, best first: not bought in the
    /// last [`WINDOW_DAYS`], going with something they bought more than chance would have it.
    pub fn recommend(
        &self,
        book: &Book,
        id: Id,
        today: Date,
        offset_minutes: i32,
        n: usize,
    ) -> Vec<Id> {
        let today = today.days_since_epoch();
        let products = book.products();
        // What they bought: last day and spending by product place, spending by category.
        let mut last: HashMap<usize, i64> = HashMap::new();
        let mut by_category: HashMap<&str, i64> = HashMap::new();
        let mut spent = 0i64;
        for p in book.purchases_of(id).filter(|p| p.meta.live()) {
            let d = day(&p, offset_minutes);
            for l in &p.lines {
                let Some(k) = book.product_position(l.product) else {
                    continue;
                };
                let e = last.entry(k).or_insert(d);
                *e = (*e).max(d);
                let amount = (l.unit_price * l.qty).0;
                spent += amount;
                if let Some(cat) = products.get(k).map(|x| x.category.as_str()) {
                    if !cat.is_empty() {
                        *by_category.entry(cat).or_insert(0) += amount;
                    }
                }
            }
        }
        let affinity = |k: usize| {
            let cat = products.get(k).map_or("", |x| x.category.as_str());
            match by_category.get(cat) {
                Some(&s) if spent > 0 => s as f64 / spent as f64,
                _ => 0.0,
            }
        };
        let mut scored: Vec<(f64, u32, usize)> = products
            .iter()
            .enumerate()
            .filter(|(k, p)| p.meta.live() && last.get(k).is_none_or(|&d| today - d > WINDOW_DAYS))
            .filter_map(|(k, _)| {
                let best = last
                    .keys()
                    .filter(|&&q| q != k)
                    .filter_map(|&q| self.lift(q, k))
                    .fold(0.0f64, f64::max);
                (best > 1.0).then(|| (best * (1.0 + affinity(k)), self.counts[k], k))
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        scored
            .into_iter()
            .take(n)
            .map(|(_, _, k)| products[k].meta.id)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::segments::tests::{book, product, today};

    /// Tea (50) and sugar (51) go together; milk (52) with biscuits (53); soap (54) alone.
    /// Customers 1-6 buy tea and sugar in one sale; 7-10 buy milk, then biscuits a week later.
    fn shop() -> Book {
        let products = [
            product(50, "drinks", None),
            product(51, "grocery", None),
            product(52, "dairy", None),
            product(53, "snacks", None),
            product(54, "home", None),
        ];
        let mut sales: Vec<(u128, i64, i64, &[u128])> = Vec::new();
        for c in 1..=6 {
            sales.push((c, 10, 100, &[50, 51]));
        }
        for c in 7..=10 {
            sales.push((c, 20, 100, &[52]));
            sales.push((c, 13, 100, &[53]));
        }
        sales.push((11, 5, 100, &[54]));
        // 12 bought tea alone, 40 days ago: sugar is what goes with it.
        sales.push((12, 40, 100, &[50]));
        // 13 bought milk 60 days ago and biscuits 100 days ago (too far apart to pair).
        sales.push((13, 60, 100, &[52]));
        sales.push((13, 100, 100, &[53]));
        // 14 bought tea and sugar two days ago: both recent, nothing to add.
        sales.push((14, 2, 100, &[50, 51]));
        book(14, &products, &sales)
    }

    #[test]
    fn products_bought_together_lift_above_chance() {
        let b = shop();
        let t = Together::of(&b, 0);
        assert!(t.done(&b));
        let place = |id: u128| b.product_position(Id(id)).unwrap();
        // Tea and sugar: together in 7 of 19 sales; tea in 8, sugar in 7: 7 × 19 / (8 × 7).
        let lift = t.lift(place(50), place(51)).unwrap();
        assert!((lift - 7.0 * 19.0 / 56.0).abs() < 1e-9, "{lift}");
        // Milk and biscuits: a week apart by one customer (4 times) counts.
        assert!(t.lift(place(52), place(53)).unwrap() > 1.0);
        // Never together, or too rarely: no lift at all.
        assert_eq!(t.lift(place(50), place(54)), None);
        assert_eq!(t.lift(place(50), place(52)), None);
    }

    #[test]
    fn a_customer_is_offered_what_goes_with_their_buying_and_nothing_recent() {
        let b = shop();
        let t = Together::of(&b, 0);
        let rec = |c: u128| t.recommend(&b, Id(c), today(), 0, 3);
        assert_eq!(rec(12), [Id(51)]);
        // Both bought long ago, each going with the other: offered again, the more bought
        // first (a tie: the catalogue's order).
        assert_eq!(rec(13), [Id(52), Id(53)]);
        assert_eq!(rec(14), []);
        assert_eq!(rec(11), []);
    }

    #[test]
    fn built_a_slice_at_a_time_it_is_the_same_table() {
        let b = shop();
        let whole = Together::of(&b, 0);
        let mut sliced = Together::begin(&b);
        let mut slices = 0;
        while !sliced.fill(&b, 4, 0) {
            slices += 1;
        }
        assert_eq!(slices, 3);
        assert_eq!(sliced.baskets, whole.baskets);
        assert_eq!(sliced.counts, whole.counts);
        assert_eq!(sliced.pairs, whole.pairs);
    }
}
