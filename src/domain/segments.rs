//! Segments: who is a champion, who is slipping away, who is due for a refill, and why.
//!
//! [`Analysis`] holds every customer's [`Metrics`] and the RFM cut points. It is built once per
//! book ([`Analysis::new`]) and a new sale is folded in with [`Analysis::add_sale`], which
//! updates that customer's metrics and the sorted measures the cut points are read from,
//! without touching anyone else.

use crate::domain::book::Book;
use crate::domain::id::Id;
use crate::domain::metrics::Metrics;
use crate::domain::records::{Customer, CustomerKind, LifeStage, Purchase};
use crate::domain::rfm::{cuts_by, AllCuts, Scores, Segment};
use crate::domain::time::Date;
use std::collections::HashMap;

/// Every customer's metrics and the RFM cut points, as of one day.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// The as-of date (today, local calendar).
    pub today: Date,
    offset_minutes: i32,
    metrics: HashMap<Id, Metrics>,
    // The measures of customers with purchases, ascending, for the cut points.
    last_days: Vec<i64>,
    frequencies: Vec<i64>,
    monetary: Vec<i64>,
    cuts: AllCuts,
}

/// Inserts `v` into ascending `sorted`.
fn insert<T: Ord + Copy>(sorted: &mut Vec<T>, v: T) {
    let at = sorted.partition_point(|x| *x < v);
    sorted.insert(at, v);
}

/// Removes one `v` from ascending `sorted` (it is there: it was inserted with the old metrics).
fn remove<T: Ord + Copy>(sorted: &mut Vec<T>, v: T) {
    let at = sorted.partition_point(|x| *x < v);
    if sorted.get(at) == Some(&v) {
        sorted.remove(at);
    }
}

impl Analysis {
    /// Analyses `book` as of `today`, with days in the local calendar `offset_minutes` east of
    /// UTC.
    pub fn new(book: &Book, today: Date, offset_minutes: i32) -> Analysis {
        let mut metrics = HashMap::with_capacity(book.customers().len());
        for c in book.customers() {
            let m = Metrics::of(book, c.meta.id, offset_minutes);
            if m.purchases > 0 {
                metrics.insert(c.meta.id, m);
            }
        }
        let mut a = Analysis {
            today,
            offset_minutes,
            last_days: Vec::with_capacity(metrics.len()),
            frequencies: Vec::with_capacity(metrics.len()),
            monetary: Vec::with_capacity(metrics.len()),
            metrics,
            cuts: AllCuts::default(),
        };
        for m in a.metrics.values() {
            a.last_days.extend(m.last_day());
            a.frequencies.push(i64::from(m.purchases));
            a.monetary.push(m.spent.0);
        }
        a.last_days.sort_unstable();
        a.frequencies.sort_unstable();
        a.monetary.sort_unstable();
        a.recut();
        a
    }

    /// Folds in one new sale (a walk-in's changes nothing).
    pub fn add_sale(&mut self, p: &Purchase) {
        let Some(id) = p.customer.filter(|_| p.meta.live()) else {
            return;
        };
        let m = self.metrics.entry(id).or_default();
        if m.purchases > 0 {
            if let Some(d) = m.last_day() {
                remove(&mut self.last_days, d);
            }
            remove(&mut self.frequencies, i64::from(m.purchases));
            remove(&mut self.monetary, m.spent.0);
        }
        m.add(p, self.offset_minutes);
        if let Some(d) = m.last_day() {
            insert(&mut self.last_days, d);
        }
        insert(&mut self.frequencies, i64::from(m.purchases));
        insert(&mut self.monetary, m.spent.0);
        self.recut();
    }

    fn recut(&mut self) {
        let today = self.today.days_since_epoch();
        let days = &self.last_days;
        let n = days.len();
        // Recency ascending is the last purchase days descending.
        self.cuts = AllCuts {
            r: cuts_by(n, |i| today - days[n - 1 - i]),
            f: cuts_by(n, |i| self.frequencies[i]),
            m: cuts_by(n, |i| self.monetary[i]),
        };
    }

    /// The cut points.
    pub fn cuts(&self) -> &AllCuts {
        &self.cuts
    }

    /// A customer's metrics (`None` before their first purchase).
    pub fn metrics(&self, id: Id) -> Option<&Metrics> {
        self.metrics.get(&id)
    }

    /// Total spent by all customers with purchases (walk-in sales are not in any segment).
    pub fn total_spent(&self) -> i64 {
        self.metrics.values().map(|m| m.spent.0).sum()
    }

    /// How many customers have bought something.
    pub fn buyers(&self) -> usize {
        self.metrics.len()
    }

    /// A customer's RFM scores (`None` before their first purchase).
    pub fn scores(&self, id: Id) -> Option<Scores> {
        let m = self.metrics.get(&id)?;
        Some(
            self.cuts
                .score(m.recency_days(self.today)?, m.purchases, m.spent.0),
        )
    }

    /// A customer's RFM segment.
    pub fn segment(&self, id: Id) -> Segment {
        self.scores(id)
            .map_or(Segment::Prospects, |s| Segment::of(s.r, s.f))
    }

    /// How many customers are in each cell of the R x F grid: `grid[r - 1][f - 1]`.
    pub fn grid(&self) -> [[u32; 5]; 5] {
        let mut g = [[0u32; 5]; 5];
        for id in self.metrics.keys() {
            if let Some(s) = self.scores(*id) {
                g[usize::from(s.r - 1)][usize::from(s.f - 1)] += 1;
            }
        }
        g
    }

    /// The category holding at least half of the customer's itemised spend, with its share
    /// in percent.
    pub fn loved_category(&self, book: &Book, id: Id) -> Option<(String, u8)> {
        let m = self.metrics.get(&id)?;
        let mut by: Vec<(&str, i64)> = Vec::new();
        let mut total = 0i64;
        for u in m.products() {
            total += u.spent.0;
            let cat = book.product(u.product).map_or("", |p| p.category.as_str());
            match by.iter_mut().find(|(c, _)| *c == cat) {
                Some((_, s)) => *s += u.spent.0,
                None => by.push((cat, u.spent.0)),
            }
        }
        let (cat, spent) = by
            .into_iter()
            .filter(|(c, _)| !c.is_empty())
            .max_by_key(|(_, s)| *s)?;
        (total > 0 && spent * 2 >= total)
            .then(|| (cat.to_string(), (spent * 100 / total).clamp(0, 100) as u8))
    }

    /// Products the customer is due to buy again: the days since they last bought it have
    /// reached their own interval for it (when bought on two or more days) or the product's
    /// "lasts N days", and are not yet three times that (after which they have moved on).
    pub fn due_products(&self, book: &Book, id: Id) -> Vec<Id> {
        let Some(m) = self.metrics.get(&id) else {
            return Vec::new();
        };
        let today = self.today.days_since_epoch();
        let day = |t: crate::domain::time::Timestamp| t.local_day(self.offset_minutes);
        m.products()
            .iter()
            .filter(|u| {
                let own =
                    (u.times >= 2).then(|| (day(u.last) - day(u.first)) / i64::from(u.times - 1));
                let lasts = book
                    .product(u.product)
                    .and_then(|p| p.lasts_days)
                    .map(i64::from);
                let Some(interval) = own.filter(|d| *d > 0).or(lasts) else {
                    return false;
                };
                let elapsed = today - day(u.last);
                elapsed >= interval && elapsed <= 3 * interval
            })
            .map(|u| u.product)
            .collect()
    }

    /// Whether the customer is lapsing: days since the last visit above 1.5 x their usual
    /// interval.
    pub fn is_lapsing(&self, id: Id) -> bool {
        self.metrics.get(&id).is_some_and(|m| {
            match (m.recency_days(self.today), m.usual_interval_days()) {
                (Some(r), Some(u)) => 2 * r > 3 * i64::from(u),
                _ => false,
            }
        })
    }

    /// Whether `c` is in the built-in segment `s`.
    pub fn is_member(&self, book: &Book, c: &Customer, s: Builtin) -> bool {
        let id = c.meta.id;
        match s {
            Builtin::Rfm(seg) => self.segment(id) == seg,
            Builtin::LifeStage(l) => c.life_stage == Some(l),
            Builtin::BirthdayThisMonth => c.birthday.is_some_and(|b| b.month == self.today.month),
            Builtin::Wholesale => c.kind == CustomerKind::Wholesale,
            Builtin::TopSpenders => self.scores(id).is_some_and(|s| s.m == 5),
            Builtin::CategoryLovers => self.loved_category(book, id).is_some(),
            Builtin::ReplenishmentDue => !self.due_products(book, id).is_empty(),
            Builtin::Lapsing => self.is_lapsing(id),
        }
    }

    /// The live customers in `s`.
    pub fn members<'b>(&self, book: &'b Book, s: Builtin) -> Vec<&'b Customer> {
        book.customers()
            .iter()
            .filter(|c| c.meta.live() && self.is_member(book, c, s))
            .collect()
    }
}

/// A built-in segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Builtin {
    /// One of the RFM segments.
    Rfm(Segment),
    /// Customers at a life stage (from their record).
    LifeStage(LifeStage),
    /// Birthday in the as-of month.
    BirthdayThisMonth,
    /// Wholesale buyers.
    Wholesale,
    /// M score 5.
    TopSpenders,
    /// At least half of their itemised spend in one category.
    CategoryLovers,
    /// Due to buy a product again.
    ReplenishmentDue,
    /// Days since the last visit above 1.5 x their usual interval.
    Lapsing,
}

impl Builtin {
    /// Every built-in segment, in display order.
    pub fn all() -> Vec<Builtin> {
        let mut v: Vec<Builtin> = Segment::ALL.into_iter().map(Builtin::Rfm).collect();
        v.extend([
            Builtin::TopSpenders,
            Builtin::Lapsing,
            Builtin::ReplenishmentDue,
            Builtin::CategoryLovers,
            Builtin::BirthdayThisMonth,
            Builtin::Wholesale,
        ]);
        v.extend(LifeStage::ALL.into_iter().map(Builtin::LifeStage));
        v
    }

    /// A stable key for URLs.
    pub fn slug(self) -> String {
        match self {
            Builtin::Rfm(s) => s.slug().to_string(),
            Builtin::LifeStage(l) => format!("life-{}", l as u8),
            Builtin::BirthdayThisMonth => "birthdays".into(),
            Builtin::Wholesale => "wholesale".into(),
            Builtin::TopSpenders => "top-spenders".into(),
            Builtin::CategoryLovers => "category-lovers".into(),
            Builtin::ReplenishmentDue => "replenishment-due".into(),
            Builtin::Lapsing => "lapsing".into(),
        }
    }

    /// The segment with this slug.
    pub fn from_slug(slug: &str) -> Option<Builtin> {
        Builtin::all().into_iter().find(|b| b.slug() == slug)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::book::Change;
    use crate::domain::demo::{self, Rng};
    use crate::domain::money::{Paise, Qty};
    use crate::domain::records::{Birthday, Channel, Line, Meta, Payment, Product};
    use crate::domain::time::Timestamp;

    const TODAY: (i32, u8, u8) = (2026, 11, 22);

    fn today() -> Date {
        Date::new(TODAY.0, TODAY.1, TODAY.2).unwrap()
    }

    /// A book of customers 1..=n; `sales` are (customer, days ago, total, product lines).
    fn book(n: u128, products: &[Product], sales: &[(u128, i64, i64, &[u128])]) -> Book {
        let mut b = Book::default();
        let noon = Timestamp::at_local_midnight(today(), 0).0 + 12 * 3_600_000;
        let change = Change {
            customers: (1..=n)
                .map(|i| Customer::named(Meta::new(Id(i), Timestamp(0)), &format!("c{i}")))
                .collect(),
            products: products.to_vec(),
            purchases: sales
                .iter()
                .enumerate()
                .map(|(k, &(c, ago, total, lines))| {
                    let at = Timestamp(noon - ago * 86_400_000);
                    Purchase {
                        meta: Meta::new(Id(1000 + k as u128), at),
                        customer: Some(Id(c)),
                        at,
                        lines: lines
                            .iter()
                            .map(|p| Line {
                                product: Id(*p),
                                qty: Qty(1000),
                                unit_price: Paise(total / lines.len() as i64),
                            })
                            .collect(),
                        total: Paise(total),
                        payment: Payment::Cash,
                        channel: Channel::Stall,
                    }
                })
                .collect(),
            ..Change::default()
        };
        let planned = b.plan(change).unwrap();
        b.apply(planned);
        b
    }

    fn product(id: u128, category: &str, lasts: Option<u16>) -> Product {
        Product {
            meta: Meta::new(Id(id), Timestamp(0)),
            name: format!("p{id}"),
            category: category.into(),
            unit: String::new(),
            price: Paise(100),
            lasts_days: lasts,
        }
    }

    #[test]
    fn five_customers_get_the_documented_scores() {
        // Recency 1, 10, 20, 40, 80 days; frequency 5, 4, 3, 2, 1; spend rising with frequency.
        let mut sales = Vec::new();
        for (c, ago, visits) in [
            (1u128, 1i64, 5u32),
            (2, 10, 4),
            (3, 20, 3),
            (4, 40, 2),
            (5, 80, 1),
        ] {
            for v in 0..visits {
                sales.push((c, ago + i64::from(v) * 100, 1000, &[][..]));
            }
        }
        let b = book(6, &[], &sales);
        let a = Analysis::new(&b, today(), 0);
        // numpy.percentile([1, 10, 20, 40, 80], [20, 40, 60, 80]) = [8.2, 16, 28, 48]
        assert_eq!(a.cuts().r, [41, 80, 140, 240]); // 8.2, 16, 28, 48
        assert_eq!(a.cuts().f, [9, 13, 17, 21]); // 1.8, 2.6, 3.4, 4.2
        let seg: Vec<Segment> = (1..=6).map(|i| a.segment(Id(i))).collect();
        assert_eq!(
            seg,
            [
                Segment::Champions,     // R5 F5
                Segment::Loyal,         // R4 F4
                Segment::NeedAttention, // R3 F3
                Segment::Hibernating,   // R2 F2
                Segment::Hibernating,   // R1 F1
                Segment::Prospects,     // never bought
            ]
        );
        assert_eq!(a.scores(Id(1)).map(|s| s.m), Some(5));
        assert_eq!(a.buyers(), 5);
        let g = a.grid();
        assert_eq!(g.iter().flatten().sum::<u32>(), 5);
        assert_eq!(g[4][4], 1);
    }

    #[test]
    fn one_two_and_identical_customers() {
        let one = Analysis::new(&book(1, &[], &[(1, 3, 500, &[])]), today(), 0);
        assert_eq!(one.scores(Id(1)), Some(Scores { r: 5, f: 1, m: 1 }));
        assert_eq!(one.segment(Id(1)), Segment::NewCustomers);

        let two = Analysis::new(
            &book(
                2,
                &[],
                &[(1, 3, 500, &[]), (1, 4, 500, &[]), (2, 30, 100, &[])],
            ),
            today(),
            0,
        );
        // Recency 3 and 30: cut points 8.4, 13.8, 19.2, 24.6; frequency 1 and 2.
        assert_eq!(two.scores(Id(1)), Some(Scores { r: 5, f: 5, m: 5 }));
        assert_eq!(two.scores(Id(2)), Some(Scores { r: 1, f: 1, m: 1 }));

        let same = Analysis::new(
            &book(
                3,
                &[],
                &[(1, 7, 900, &[]), (2, 7, 900, &[]), (3, 7, 900, &[])],
            ),
            today(),
            0,
        );
        for i in 1..=3 {
            assert_eq!(same.scores(Id(i)), Some(Scores { r: 5, f: 1, m: 1 }));
            assert_eq!(same.segment(Id(i)), Segment::NewCustomers);
        }
    }

    #[test]
    fn ties_share_a_score() {
        // Frequencies 1, 1, 1, 1, 5: cut points 1, 1, 1, 1.8.
        let mut sales: Vec<(u128, i64, i64, &[u128])> =
            (1..=4).map(|c| (c, 5, 100, &[][..])).collect();
        sales.extend((0..5).map(|k| (5, 5 + k, 100, &[][..])));
        let a = Analysis::new(&book(5, &[], &sales), today(), 0);
        assert_eq!(a.cuts().f, [5, 5, 5, 9]); // 1, 1, 1, 1.8
        for c in 1..=4 {
            assert_eq!(a.scores(Id(c)).unwrap().f, 1);
        }
        assert_eq!(a.scores(Id(5)).unwrap().f, 5);
    }

    fn random_book(seed: u64) -> Book {
        let shop = demo::generate(&demo::Spec::small(seed, 2000));
        let mut b = Book::default();
        let planned = b
            .plan(Change {
                customers: shop.customers,
                products: shop.products,
                purchases: shop.purchases,
                ..Change::default()
            })
            .unwrap();
        b.apply(planned);
        b
    }

    #[test]
    fn every_buyer_is_in_exactly_one_rfm_segment_and_scores_are_monotone() {
        for seed in 1..6 {
            let b = random_book(seed);
            let a = Analysis::new(&b, Date::new(2026, 11, 1).unwrap(), 330);
            let mut counted = 0;
            for c in b.customers() {
                let rfm: Vec<Segment> = Segment::ALL
                    .into_iter()
                    .filter(|s| a.is_member(&b, c, Builtin::Rfm(*s)))
                    .collect();
                assert_eq!(rfm.len(), 1, "{:?}", c.meta.id);
                if a.metrics(c.meta.id).is_some() {
                    counted += 1;
                    assert_ne!(rfm[0], Segment::Prospects);
                } else {
                    assert_eq!(rfm[0], Segment::Prospects);
                }
            }
            assert_eq!(a.grid().iter().flatten().sum::<u32>() as usize, counted);
            // Monotone: more of a measure never gives a lower score.
            let cuts = a.cuts();
            let mut rng = Rng::new(seed);
            for _ in 0..2000 {
                let (x, y) = (rng.below(400) as i64, rng.below(400) as i64);
                let (lo, hi) = (x.min(y), x.max(y));
                let (s1, s2) = (
                    cuts.score(lo, lo as u32, lo * 997),
                    cuts.score(hi, hi as u32, hi * 997),
                );
                assert!(s1.f <= s2.f && s1.m <= s2.m && s1.r >= s2.r, "{lo} {hi}");
            }
        }
    }

    #[test]
    fn a_new_sale_updates_incrementally_exactly_like_a_full_recompute() {
        let mut b = random_book(9);
        let day = Date::new(2026, 11, 1).unwrap();
        let mut a = Analysis::new(&b, day, 330);
        let mut rng = Rng::new(4);
        let customers: Vec<Id> = b.customers().iter().map(|c| c.meta.id).collect();
        for k in 0..50 {
            let at = Timestamp(1_793_491_200_000 - rng.below(86_400_000 * 30) as i64);
            let p = Purchase {
                meta: Meta::new(Id(1 << 100 | k), at),
                customer: Some(customers[rng.below(customers.len() as u64) as usize]),
                at,
                lines: Vec::new(),
                total: Paise(rng.below(100_000) as i64),
                payment: Payment::Cash,
                channel: Channel::Stall,
            };
            a.add_sale(&p);
            let planned = b
                .plan(Change {
                    purchases: vec![p],
                    ..Change::default()
                })
                .unwrap();
            b.apply(planned);
        }
        let full = Analysis::new(&b, day, 330);
        assert_eq!(a.cuts(), full.cuts());
        assert_eq!(a.grid(), full.grid());
        for id in customers {
            assert_eq!(a.metrics(id), full.metrics(id));
        }
    }

    #[test]
    fn the_other_built_in_segments() {
        let products = [
            product(50, "grains", Some(10)),
            product(51, "oil", None),
            product(52, "", Some(30)),
        ];
        let sales: Vec<(u128, i64, i64, &[u128])> = vec![
            // 1: rice every 7 days, last 8 days ago: due by their own interval.
            (1, 22, 300, &[50]),
            (1, 15, 300, &[50]),
            (1, 8, 300, &[50]),
            // 2: bought "lasts 10 days" rice 12 days ago: due; 40 days ago would be moved on.
            (2, 12, 100, &[50, 51]),
            // 3: oil once, 200 days ago; before that weekly: lapsing, not due (no interval).
            (3, 200, 100, &[51]),
            (3, 207, 100, &[51]),
            (3, 214, 100, &[51]),
            // 4: spend split evenly across three categories: no loved category.
            (4, 1, 300, &[50, 51, 52]),
        ];
        let mut b = book(5, &products, &sales);
        let mut edits = Vec::new();
        for (id, f) in [
            (
                5u128,
                &(|c: &mut Customer| {
                    c.kind = CustomerKind::Wholesale;
                    c.birthday = Some(Birthday {
                        month: 11,
                        day: 30,
                        year: None,
                    });
                    c.life_stage = Some(LifeStage::Senior);
                }) as &dyn Fn(&mut Customer),
            ),
            (4, &|c: &mut Customer| {
                c.birthday = Some(Birthday {
                    month: 12,
                    day: 1,
                    year: None,
                })
            }),
        ] {
            let mut c = b.customer(Id(id)).unwrap().clone();
            f(&mut c);
            edits.push(c);
        }
        let planned = b
            .plan(Change {
                customers: edits,
                ..Change::default()
            })
            .unwrap();
        b.apply(planned);
        let a = Analysis::new(&b, today(), 0);
        let ids =
            |s: Builtin| -> Vec<u128> { a.members(&b, s).iter().map(|c| c.meta.id.0).collect() };
        assert_eq!(ids(Builtin::ReplenishmentDue), [1, 2]);
        assert_eq!(a.due_products(&b, Id(2)), [Id(50)]);
        assert_eq!(ids(Builtin::Lapsing), [3]);
        // Customer 2 spent exactly half on grains: at least 50% counts.
        assert_eq!(ids(Builtin::CategoryLovers), [1, 2, 3]);
        assert_eq!(a.loved_category(&b, Id(1)), Some(("grains".into(), 100)));
        assert_eq!(ids(Builtin::BirthdayThisMonth), [5]);
        assert_eq!(ids(Builtin::Wholesale), [5]);
        assert_eq!(ids(Builtin::LifeStage(LifeStage::Senior)), [5]);
        assert_eq!(ids(Builtin::TopSpenders), [1]);
        for s in Builtin::all() {
            assert_eq!(Builtin::from_slug(&s.slug()), Some(s));
        }
    }
}
