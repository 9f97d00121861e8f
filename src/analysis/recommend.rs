//! What to offer a customer next: products that go with what they buy, across all customers.
//!
//! Two products "go together" when one customer buys both within one 30-day period (counted
//! from their first purchase: periods of [`WINDOW_DAYS`]), in one sale or in two. How much more
//! often than chance is their *lift*: `pairs(a, b) × baskets / (count(a) × count(b))`, where a
//! basket is what one customer bought in one period and `count` is the number of baskets with
//! the product. A customer's candidates are the products they have not bought in the last
//! [`WINDOW_DAYS`], each scored by its highest lift with something they did buy, raised by their
//! share of spending in its category; pairs seen fewer than [`MIN_PAIRS`] times are not
//! trusted. A basket of more than [`BASKET_MAX`] different products (a wholesaler restocking
//! everything) says nothing about what goes with what and is left out, and so are a
//! customer's sales before their latest [`SALES_MAX`]; walk-in sales, with no customer, are not
//! counted. The work is bounded per customer: at most `BASKET_MAX²/2` pairs per basket.
//!
//! The table is built a slice of customers at a time ([`Together::fill`]), so that a big book
//! never holds the screen.

use crate::book::Book;
use crate::model::id::Id;
use crate::model::id::IdMap;
use crate::model::records::Purchase;
use crate::model::time::Date;

/// Days within which one customer's purchases go together, and "recently" for candidates.
pub const WINDOW_DAYS: i64 = 30;

/// Pairs seen fewer times than this say nothing.
pub const MIN_PAIRS: u32 = 3;

/// Baskets with more different products than this are left out.
pub const BASKET_MAX: usize = 30;

/// A customer's latest sales looked at.
pub const SALES_MAX: usize = 2_000;

/// Which products go together, across the book's customers.
#[derive(Clone, Debug, Default)]
pub struct Together {
    /// The next customer (by place) to count.
    next: usize,
    /// Sales counted.
    baskets: u64,
    /// Sales with each product, by the product's place.
    counts: Vec<u32>,
    /// How often two products went together, keyed by their places (see [`pair`]). (The
    /// app's one map type: each map type is more code in the download.)
    pairs: IdMap<usize>,
}

/// The key of two product places, the smaller first.
fn pair(a: u32, b: u32) -> Id {
    Id(u128::from(a.min(b)) << 32 | u128::from(a.max(b)))
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
            // Their latest sales (storage order is the order they came in), oldest first.
            let mut sales: Vec<(i64, Vec<u32>)> = book
                .purchases_of(c.meta.id)
                .rev()
                .filter(|p| p.meta.live())
                .take(SALES_MAX)
                .map(|p| (day(&p, offset_minutes), places(book, &p)))
                .collect();
            sales.sort_by_key(|(d, _)| *d);
            let Some(first) = sales.first().map(|(d, _)| *d) else {
                continue;
            };
            // One basket per 30-day period: every product bought in it, once.
            let mut period = None;
            let mut basket: Vec<u32> = Vec::new();
            for (d, items) in sales.iter().chain(std::iter::once(&(i64::MAX, Vec::new()))) {
                let here = (*d != i64::MAX).then(|| (d - first).div_euclid(WINDOW_DAYS));
                if here != period {
                    self.count(std::mem::take(&mut basket));
                    period = here;
                }
                basket.extend_from_slice(items);
            }
        }
        self.next = end;
        self.done(book)
    }

    /// Counts one basket (its products, repeats allowed).
    fn count(&mut self, mut basket: Vec<u32>) {
        basket.sort_unstable();
        basket.dedup();
        if basket.is_empty() || basket.len() > BASKET_MAX {
            return;
        }
        self.baskets += 1;
        for (x, &a) in basket.iter().enumerate() {
            if let Some(n) = self.counts.get_mut(a as usize) {
                *n += 1;
            }
            for &b in &basket[x + 1..] {
                *self.pairs.entry(pair(a, b)).or_insert(0) += 1;
            }
        }
    }

    /// Whether every customer of `book` is counted.
    pub fn done(&self, book: &Book) -> bool {
        self.next >= book.customers().len()
    }

    /// How much more often than chance the products at places `a` and `b` go together;
    /// `None` when seen together fewer than [`MIN_PAIRS`] times.
    pub fn lift(&self, a: usize, b: usize) -> Option<f64> {
        let pairs = *self
            .pairs
            .get(&pair(a as u32, b as u32))
            .filter(|n| **n >= MIN_PAIRS as usize)?;
        let (na, nb) = (*self.counts.get(a)?, *self.counts.get(b)?);
        (na > 0 && nb > 0)
            .then(|| pairs as f64 * self.baskets as f64 / (f64::from(na) * f64::from(nb)))
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
        let mut last: IdMap<i64> = IdMap::default();
        let mut by_category: Vec<(&str, i64)> = Vec::new();
        let mut spent = 0i64;
        for p in book.purchases_of(id).filter(|p| p.meta.live()) {
            let d = day(&p, offset_minutes);
            for l in &p.lines {
                let Some(k) = book.product_position(l.product) else {
                    continue;
                };
                let e = last.entry(Id(k as u128)).or_insert(d);
                *e = (*e).max(d);
                let amount = (l.unit_price * l.qty).0;
                spent += amount;
                if let Some(cat) = products.get(k).map(|x| x.category.as_str()) {
                    match by_category.iter_mut().find(|(c, _)| *c == cat) {
                        Some((_, s)) => *s += amount,
                        None if !cat.is_empty() => by_category.push((cat, amount)),
                        None => {}
                    }
                }
            }
        }
        let affinity = |k: usize| {
            let cat = products.get(k).map_or("", |x| x.category.as_str());
            match by_category.iter().find(|(c, _)| *c == cat) {
                Some(&(_, s)) if spent > 0 => s as f64 / spent as f64,
                _ => 0.0,
            }
        };
        let mut scored: Vec<(f64, u32, usize)> = products
            .iter()
            .enumerate()
            .filter(|(k, p)| {
                p.meta.live()
                    && last
                        .get(&Id(*k as u128))
                        .is_none_or(|&d| today - d > WINDOW_DAYS)
            })
            .filter_map(|(k, _)| {
                let best = last
                    .keys()
                    .map(|q| q.0 as usize)
                    .filter(|&q| q != k)
                    .filter_map(|q| self.lift(q, k))
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
        // 15 baskets (customer-periods). Tea and sugar: together in 7; tea in 8, sugar in 7:
        // 7 × 15 / (8 × 7).
        let lift = t.lift(place(50), place(51)).unwrap();
        assert!((lift - 7.0 * 15.0 / 56.0).abs() < 1e-9, "{lift}");
        assert_eq!(t.baskets, 15);
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
    fn a_basket_of_everything_says_nothing_and_costs_little() {
        // A wholesaler buying 40 different products each month: left out, however often.
        let products: Vec<_> = (0..40).map(|k| product(100 + k, "", None)).collect();
        let ids: Vec<u128> = (0..40).map(|k| 100 + k).collect();
        let sales: Vec<(u128, i64, i64, &[u128])> = (0..12)
            .map(|m| (1, m * 30 + 1, 4_000, ids.as_slice()))
            .collect();
        let b = book(1, &products, &sales);
        let t = Together::of(&b, 0);
        assert_eq!((t.baskets, t.pairs.len()), (0, 0));
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
