//! Wholesale buyers due to order again: whose usual interval between orders has passed since
//! their last one, each with their usual basket (what most of their recent orders had, in the
//! usual quantity, at the price they paid last), most overdue first.

use crate::analysis::history::recent_orders;
use crate::analysis::metrics::Metrics;
use crate::book::Book;
use crate::model::id::Id;
use crate::model::money::Qty;
use crate::model::pace::Pacer;
use crate::model::records::{CustomerKind, Line};
use crate::model::time::{Date, Timestamp};

/// How many recent orders the usual basket is read from.
pub const BASKET_ORDERS: usize = 10;

/// What reading one wholesale buyer's history counts for, against one customer skipped.
pub const BUYER_WORK: u64 = 10;

/// A buyer due to order again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reorder {
    /// Who.
    pub customer: Id,
    /// Their last order.
    pub last: Timestamp,
    /// Their usual days between orders.
    pub every_days: u32,
    /// Days past when the next order was due (0: due today).
    pub overdue_days: u32,
    /// What they usually order.
    pub basket: Vec<Line>,
}

/// The products in at least half of `customer`'s last [`BASKET_ORDERS`] itemised orders, in
/// the order of their latest order, each at its median quantity and the price paid last.
pub fn usual_basket(book: &Book, customer: Id) -> Vec<Line> {
    let orders = recent_orders(book, customer, BASKET_ORDERS);
    // (line as last bought, quantities across orders), in first-seen order (newest order first).
    let mut seen: Vec<(Line, Vec<i64>)> = Vec::new();
    for o in &orders {
        for l in &o.lines {
            match seen.iter_mut().find(|(x, _)| x.product == l.product) {
                Some((_, qs)) => qs.push(l.qty.0),
                None => seen.push((*l, vec![l.qty.0])),
            }
        }
    }
    seen.into_iter()
        .filter(|(_, qs)| qs.len() * 2 >= orders.len())
        .map(|(l, mut qs)| {
            crate::model::sort::sort_by(&mut qs, |a, b| a.cmp(b));
            Line {
                qty: Qty(qs[(qs.len() - 1) / 2]),
                ..l
            }
        })
        .collect()
}

/// Live wholesale buyers whose usual interval has passed by `today` (days read at
/// `offset_minutes`), most overdue first; ticks `pacer` once for each customer and
/// [`BUYER_WORK`] more for each wholesale buyer, whose history is read.
pub async fn due(
    book: &Book,
    today: Date,
    offset_minutes: i32,
    pacer: &mut Pacer<'_>,
) -> Vec<Reorder> {
    let mut out = Vec::new();
    for c in book.customers() {
        pacer.tick(1).await;
        if !c.meta.live() || c.kind != CustomerKind::Wholesale {
            continue;
        }
        pacer.tick(BUYER_WORK).await;
        let m = Metrics::of(book, c.meta.id, offset_minutes);
        let (Some(every), Some(last)) = (m.usual_interval_days(), m.last) else {
            continue;
        };
        let next = last.local_date(offset_minutes).days_since_epoch() + i64::from(every.max(1));
        let overdue = today.days_since_epoch() - next;
        if overdue < 0 {
            continue;
        }
        let basket = usual_basket(book, c.meta.id);
        if basket.is_empty() {
            continue;
        }
        out.push(Reorder {
            customer: c.meta.id,
            last,
            every_days: every,
            overdue_days: u32::try_from(overdue).unwrap_or(u32::MAX),
            basket,
        });
    }
    crate::model::sort::sort_by_key(&mut out, |r| {
        (std::cmp::Reverse(r.overdue_days), r.customer)
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::Change;
    use crate::model::money::Paise;
    use crate::model::pace::at_once;
    use crate::model::records::{Customer, Meta, Payment, Product, Purchase};

    const DAY: i64 = 86_400_000;

    fn product(id: u128) -> Product {
        Product {
            meta: Meta::new(Id(id), Timestamp(0)),
            name: format!("p{id}"),
            category: String::new(),
            unit: "kg".into(),
            price: Paise(100),
            lasts_days: None,
        }
    }

    fn order(id: u128, who: u128, day: i64, lines: &[(u128, i64, i64)]) -> Purchase {
        let lines: Vec<Line> = lines
            .iter()
            .map(|&(p, qty, price)| Line {
                product: Id(p),
                qty: Qty(qty * 1000),
                unit_price: Paise(price),
            })
            .collect();
        let mut p = Purchase {
            meta: Meta::new(Id(id), Timestamp(day * DAY)),
            customer: Some(Id(who)),
            at: Timestamp(day * DAY + 3_600_000),
            lines,
            total: Paise(0),
            payment: Payment::Cash,
            channel: Default::default(),
            note: String::new(),
            by: String::new(),
            money: Default::default(),
        };
        p.total = p.lines_total();
        p
    }

    fn book() -> Book {
        let buyer = |id: u128, name: &str, kind| Customer {
            kind,
            ..Customer::named(Meta::new(Id(id), Timestamp(0)), name)
        };
        // A caterer every 7 days: rice always (25, 30, 25 kg), oil twice of four, salt once.
        // A shop every 10 days, last 12 days ago; a retail customer who would be due too.
        let mut sales = vec![
            order(101, 1, 100, &[(11, 25, 4_000), (12, 5, 15_000)]),
            order(102, 1, 107, &[(11, 30, 4_000), (13, 1, 2_000)]),
            order(103, 1, 114, &[(11, 25, 4_200), (12, 5, 15_500)]),
            order(104, 1, 121, &[(11, 20, 4_500)]),
            order(201, 2, 90, &[(12, 10, 15_000)]),
            order(202, 2, 100, &[(12, 10, 15_000)]),
            order(203, 2, 110, &[(12, 12, 16_000)]),
            order(301, 3, 100, &[(11, 1, 4_000)]),
            order(302, 3, 105, &[(11, 1, 4_000)]),
        ];
        let mut voided = order(105, 1, 128, &[(13, 9, 1)]);
        voided.meta = voided.meta.deleted(Timestamp(128 * DAY + 5));
        sales.push(voided);
        Book::of(Change {
            customers: vec![
                buyer(1, "Caterer", CustomerKind::Wholesale),
                buyer(2, "Shop", CustomerKind::Wholesale),
                buyer(3, "Retail", CustomerKind::Retail),
            ],
            products: vec![product(11), product(12), product(13)],
            purchases: sales,
            ..Change::default()
        })
        .expect("a valid book")
    }

    #[test]
    fn the_usual_basket_is_what_most_orders_had_at_the_median_quantity() {
        let b = book();
        let basket = usual_basket(&b, Id(1));
        // Rice in 4 of 4 (median of 20, 25, 25, 30 is 25 — the lower middle), oil in 2 of 4,
        // salt in 1 of 4 (left out); latest prices.
        assert_eq!(
            basket
                .iter()
                .map(|l| (l.product, l.qty.0 / 1000, l.unit_price.0))
                .collect::<Vec<_>>(),
            [(Id(11), 25, 4_500), (Id(12), 5, 15_500)]
        );
    }

    #[test]
    fn wholesale_buyers_past_their_interval_most_overdue_first() {
        let b = book();
        let due_on = |day: i64| {
            at_once(due(
                &b,
                Date::from_days_since_epoch(day),
                0,
                &mut Pacer::none(),
            ))
            .iter()
            .map(|r| (r.customer, r.every_days, r.overdue_days))
            .collect::<Vec<_>>()
        };
        // Day 127: the caterer (last day 121, every 7) is due tomorrow; the shop (last day
        // 110, every 10) is 7 days over. The voided order on day 128 does not count.
        assert_eq!(due_on(127), [(Id(2), 10, 7)]);
        assert_eq!(due_on(128), [(Id(2), 10, 8), (Id(1), 7, 0)]);
        assert_eq!(due_on(115), []);
    }
}
