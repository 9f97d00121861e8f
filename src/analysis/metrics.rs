//! Per-customer purchase metrics: what the customer page shows and what segments are cut from.
//!
//! [`Metrics::add`] folds in one purchase, so a new sale updates its customer without a
//! recompute; an edited or deleted sale rebuilds that one customer with [`Metrics::of`].

use crate::book::Book;
use crate::model::id::Id;
use crate::model::money::{Paise, Qty};
use crate::model::records::Purchase;
use crate::model::time::{Date, Timestamp};

/// How one customer has used one product.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProductUse {
    /// The product.
    pub product: Id,
    /// In how many purchases it appeared.
    pub times: u32,
    /// Total quantity bought.
    pub qty: Qty,
    /// Total spent on it (quantity x unit price).
    pub spent: Paise,
    /// When it was first bought.
    pub first: Timestamp,
    /// When it was last bought.
    pub last: Timestamp,
}

/// One customer's metrics over their live purchases.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metrics {
    /// Number of purchases (frequency).
    pub purchases: u32,
    /// Sum of purchase totals (monetary).
    pub spent: Paise,
    /// First purchase.
    pub first: Option<Timestamp>,
    /// Latest purchase.
    pub last: Option<Timestamp>,
    /// Distinct local calendar days with a purchase, ascending (days since 1970-01-01).
    days: Vec<i64>,
    /// Products bought, in first-bought order.
    products: Vec<ProductUse>,
    /// The points the purchases earned and spent, as ledger lines (most customers: none).
    pub points: Vec<crate::model::loyalty::Entry>,
    /// Each live purchase's local day and total, for spending over a window.
    spends: Vec<(i64, i64)>,
}

impl Metrics {
    /// The metrics of `customer` in `book`, with days in the local calendar `offset_minutes`
    /// east of UTC.
    pub fn of(book: &Book, customer: Id, offset_minutes: i32) -> Metrics {
        let mut m = Metrics::default();
        for p in book.purchases_of(customer) {
            m.add(&p, offset_minutes);
        }
        m
    }

    /// Folds in one purchase; deleted purchases are ignored.
    pub fn add(&mut self, p: &Purchase, offset_minutes: i32) {
        if !p.meta.live() {
            return;
        }
        self.purchases += 1;
        self.spent += p.total;
        self.first = Some(self.first.map_or(p.at, |f| f.min(p.at)));
        self.last = Some(self.last.map_or(p.at, |l| l.max(p.at)));
        let day = p.at.local_day(offset_minutes);
        self.spends.push((day, p.total.0));
        if let Some(c) = p.customer {
            self.points.extend(crate::analysis::loyalty::sale_lines(
                c,
                p.at,
                Some(p.meta.id),
                &p.money,
            ));
        }
        if let Err(at) = self.days.binary_search(&day) {
            self.days.insert(at, day);
        }
        for (n, l) in p.lines.iter().enumerate() {
            // A product twice on one bill counts as one appearance.
            let repeated = p.lines[..n].iter().any(|e| e.product == l.product);
            let spent = l.unit_price * l.qty;
            match self.products.iter_mut().find(|u| u.product == l.product) {
                Some(u) => {
                    u.times += u32::from(!repeated);
                    u.qty = Qty(u.qty.0 + l.qty.0);
                    u.spent += spent;
                    u.first = u.first.min(p.at);
                    u.last = u.last.max(p.at);
                }
                None => self.products.push(ProductUse {
                    product: l.product,
                    times: 1,
                    qty: l.qty,
                    spent,
                    first: p.at,
                    last: p.at,
                }),
            }
        }
    }

    /// What was spent on the local days from `from_day` on (days since 1970).
    pub fn spent_since(&self, from_day: i64) -> Paise {
        Paise(
            self.spends
                .iter()
                .filter(|(d, _)| *d >= from_day)
                .map(|(_, t)| t)
                .sum(),
        )
    }

    /// Average purchase total; zero without purchases.
    pub fn average_basket(&self) -> Paise {
        match self.purchases {
            0 => Paise(0),
            n => Paise(self.spent.0 / i64::from(n)),
        }
    }

    /// Days on which the customer bought something.
    pub fn visit_days(&self) -> usize {
        self.days.len()
    }

    /// Usual days between visits: the median gap between consecutive purchase days (the mean
    /// of the two middle gaps for an even count, rounded half up). `None` before a second day.
    pub fn usual_interval_days(&self) -> Option<u32> {
        let mut gaps: Vec<i64> = self.days.windows(2).map(|w| w[1] - w[0]).collect();
        if gaps.is_empty() {
            return None;
        }
        crate::model::sort::sort_by(&mut gaps, |a, b| a.cmp(b));
        let mid = gaps.len() / 2;
        let median2 = if gaps.len() % 2 == 1 {
            2 * gaps[mid]
        } else {
            gaps[mid - 1] + gaps[mid]
        };
        u32::try_from((median2 + 1) / 2).ok()
    }

    /// Whole days from the last purchase's local date to `today` (recency).
    pub fn recency_days(&self, today: Date) -> Option<i64> {
        self.last_day().map(|d| today.days_since_epoch() - d)
    }

    /// The local date of the last purchase, in days since 1970-01-01.
    pub fn last_day(&self) -> Option<i64> {
        self.days.last().copied()
    }

    /// Every product bought, in first-bought order.
    pub fn products(&self) -> &[ProductUse] {
        &self.products
    }

    /// The `n` products bought most often (then by quantity, then most recent).
    pub fn favourites(&self, n: usize) -> Vec<&ProductUse> {
        let mut v: Vec<&ProductUse> = self.products.iter().collect();
        crate::model::sort::sort_by(&mut v, |a, b| {
            (b.times, b.qty, b.last, a.product).cmp(&(a.times, a.qty, a.last, b.product))
        });
        v.truncate(n);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::records::{Channel, Line, Meta, Payment};

    const IST: i32 = 330;

    fn sale(day: (i32, u8, u8), hour: i64, lines: &[(u128, i64, i64)], total: i64) -> Purchase {
        let date = Date::new(day.0, day.1, day.2).expect("valid test date");
        let at = Timestamp(Timestamp::at_local_midnight(date, IST).0 + hour * 3_600_000);
        Purchase {
            meta: Meta::new(Id(u128::from(day.2) * 100 + hour as u128), at),
            customer: Some(Id(1)),
            at,
            lines: lines
                .iter()
                .map(|&(p, qty, price)| Line {
                    product: Id(p),
                    qty: Qty(qty),
                    unit_price: Paise(price),
                })
                .collect(),
            total: Paise(total),
            payment: Payment::Cash,
            channel: Channel::Stall,
            note: String::new(),
            by: String::new(),
            money: Default::default(),
        }
    }

    fn metrics(sales: &[Purchase]) -> Metrics {
        let mut m = Metrics::default();
        for s in sales {
            m.add(s, IST);
        }
        m
    }

    #[test]
    fn totals_average_and_recency() {
        let m = metrics(&[
            sale((2026, 11, 1), 10, &[], 10_000),
            sale((2026, 11, 8), 10, &[], 20_000),
            sale((2026, 11, 8), 18, &[], 30_000),
        ]);
        assert_eq!((m.purchases, m.spent), (3, Paise(60_000)));
        assert_eq!(m.average_basket(), Paise(20_000));
        assert_eq!(m.visit_days(), 2);
        let today = Date::new(2026, 11, 22).unwrap();
        assert_eq!(m.recency_days(today), Some(14));
        assert_eq!(Metrics::default().recency_days(today), None);
        assert_eq!(Metrics::default().average_basket(), Paise(0));
    }

    #[test]
    fn usual_interval_is_the_median_gap_between_visit_days() {
        let days = |ds: &[u8]| {
            metrics(
                &ds.iter()
                    .map(|&d| sale((2026, 10, d), 9, &[], 100))
                    .collect::<Vec<_>>(),
            )
            .usual_interval_days()
        };
        assert_eq!(days(&[]), None);
        assert_eq!(days(&[5]), None);
        assert_eq!(days(&[5, 5]), None, "two sales on one day are one visit");
        assert_eq!(days(&[1, 8, 15, 29]), Some(7), "gaps 7, 7, 14");
        assert_eq!(days(&[1, 8, 22]), Some(11), "gaps 7, 14: 10.5 rounds up");
        assert_eq!(
            days(&[29, 1, 15, 8]),
            Some(7),
            "order of adding does not matter"
        );
    }

    #[test]
    fn favourites_by_times_then_quantity() {
        let m = metrics(&[
            sale((2026, 11, 1), 9, &[(10, 1000, 500), (11, 5000, 100)], 1000),
            sale((2026, 11, 2), 9, &[(10, 2000, 500), (10, 1000, 500)], 1500),
            sale((2026, 11, 3), 9, &[(12, 1000, 100), (11, 1000, 100)], 200),
        ]);
        let fav: Vec<(u128, u32, i64)> = m
            .favourites(3)
            .iter()
            .map(|u| (u.product.0, u.times, u.qty.0))
            .collect();
        assert_eq!(fav, vec![(11, 2, 6000), (10, 2, 4000), (12, 1, 1000)]);
        assert_eq!(m.favourites(1).len(), 1);
        let ten = &m.products()[0];
        assert_eq!(
            (ten.spent, ten.last),
            (Paise(2000), sale((2026, 11, 2), 9, &[], 0).at)
        );
    }

    #[test]
    fn deleted_sales_do_not_count() {
        let mut gone = sale((2026, 11, 1), 9, &[(10, 1000, 500)], 500);
        gone.meta.deleted = Some(gone.at);
        let m = metrics(&[gone]);
        assert_eq!(m, Metrics::default());
    }
}
