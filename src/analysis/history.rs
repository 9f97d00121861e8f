//! Histories the screens show: open complaints, a customer's timeline, recent buyers.

use crate::book::Book;
use crate::model::id::{Id, IdMap};
use crate::model::records::{Interaction, Purchase};
use crate::model::time::{Date, Timestamp};

/// Every open complaint and warranty claim of live customers, oldest first.
pub fn open_issues(book: &Book) -> Vec<&Interaction> {
    let mut v: Vec<&Interaction> = book
        .interactions()
        .iter()
        .filter(|i| i.is_open() && book.customer(i.customer).is_some_and(|c| c.meta.live()))
        .collect();
    crate::model::sort::sort_by_key(&mut v, |i| (i.at, i.meta.id));
    v
}

/// How many open issues each customer has (customers with none are absent).
pub fn open_counts(book: &Book) -> IdMap<usize> {
    let mut m = IdMap::default();
    for i in open_issues(book) {
        *m.entry(i.customer).or_insert(0) += 1;
    }
    m
}

/// The last `n` distinct live customers who bought, newest first (the Sell screen's shortcuts).
/// Looks at the latest sales only, so it stays instant on a book of a million.
pub fn recent_buyers(book: &Book, n: usize) -> Vec<Id> {
    let mut seen = Vec::new();
    let sales = book.purchases();
    for i in (0..sales.len()).rev().take(40 * n) {
        let p = sales.facts(i);
        if let Some(id) = p.customer.filter(|id| !seen.contains(id)) {
            if book.customer(id).is_some_and(|c| c.meta.live()) && p.live {
                seen.push(id);
                if seen.len() == n {
                    break;
                }
            }
        }
    }
    seen
}

/// A customer's last `n` orders that can be repeated (live, with products listed), newest
/// first: a wholesale buyer's "repeat a past order".
pub fn recent_orders(book: &Book, customer: Id, n: usize) -> Vec<Purchase> {
    let mut orders: Vec<Purchase> = book
        .purchases_of(customer)
        .filter(|p| p.meta.live() && !p.lines.is_empty())
        .collect();
    crate::model::sort::sort_by_key(&mut orders, |p| std::cmp::Reverse(p.at));
    orders.truncate(n);
    orders
}

/// One event on a customer's timeline.
#[derive(Clone, Debug, PartialEq)]
pub enum Event<'b> {
    /// A sale to them (boxed: a sale is several times the size of a contact's reference).
    Sale(Box<Purchase>),
    /// A contact, complaint or feedback.
    Contact(&'b Interaction),
}

impl Event<'_> {
    /// When it happened.
    pub fn at(&self) -> Timestamp {
        match self {
            Event::Sale(p) => p.at,
            Event::Contact(i) => i.at,
        }
    }
}

/// A customer's sales (voided ones too, which the screen marks) and live contacts, newest
/// first, at most `n`.
pub fn timeline(book: &Book, customer: Id, n: usize) -> Vec<Event<'_>> {
    let mut events: Vec<Event> = book
        .purchases_of(customer)
        .map(|p| Event::Sale(Box::new(p)))
        .chain(
            book.interactions()
                .iter()
                .filter(|i| i.customer == customer && i.meta.live())
                .map(Event::Contact),
        )
        .collect();
    crate::model::sort::sort_by_key(&mut events, |e| std::cmp::Reverse(e.at()));
    events.truncate(n);
    events
}

/// How far back [`todays_sales`] looks: sales are kept in the order they were entered, so
/// today's are at the end (but for one dated back from a notebook).
const TODAY_LOOKS_BACK: usize = 2_000;

/// The sales entered today (voided ones too), the latest first, at most `n`: what the seller
/// may want to open and correct while the customer is still there.
pub fn todays_sales(book: &Book, today: Date, offset_minutes: i32, n: usize) -> Vec<Purchase> {
    let all = book.purchases();
    let from = all.len().saturating_sub(TODAY_LOOKS_BACK);
    (from..all.len())
        .rev()
        .filter(|&i| all.meta(i).created.local_date(offset_minutes) == today)
        .take(n)
        .filter_map(|i| all.get(i))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::Change;
    use crate::model::money::Paise;
    use crate::model::records::{Customer, InteractionKind, Meta, Status};

    fn sale(id: u128, who: u128, at: i64) -> Purchase {
        crate::demo::extra_sale(id, Id(who), Timestamp(at), Paise(100))
    }

    #[test]
    fn todays_sales_are_those_entered_today_latest_first_voided_included() {
        let day = 86_400_000;
        let today = Timestamp(20_000 * day).local_date(0);
        let mut b = Book::default();
        let planned = b
            .plan(Change {
                customers: vec![Customer::named(Meta::new(Id(1), Timestamp(0)), "x")],
                ..Change::default()
            })
            .unwrap();
        b.apply(planned).unwrap();
        let noon = 20_000 * day + day / 2;
        let mut yesterday = sale(10, 1, noon - day);
        yesterday.meta.created = Timestamp(noon - day);
        // Entered today, dated back from the notebook: still today's entry.
        let mut back_dated = sale(11, 1, noon - 5 * day);
        back_dated.meta.created = Timestamp(noon);
        let mut voided = sale(12, 1, noon + 1);
        voided.meta.created = Timestamp(noon + 1);
        voided.meta = voided.meta.deleted(Timestamp(noon + 2));
        let mut latest = sale(13, 1, noon + 3);
        latest.meta.created = Timestamp(noon + 3);
        let want = [latest.meta.id, voided.meta.id, back_dated.meta.id];
        let planned = b
            .plan(Change {
                purchases: vec![yesterday, back_dated, voided, latest],
                ..Change::default()
            })
            .unwrap();
        b.apply(planned).unwrap();
        let ids = |n| {
            todays_sales(&b, today, 0, n)
                .iter()
                .map(|p| p.meta.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(10), want);
        assert_eq!(ids(2), want[..2]);
    }

    #[test]
    fn recent_buyers_are_distinct_live_and_newest_first() {
        let mut b = Book::default();
        let people: Vec<Customer> = (1..=4)
            .map(|i| Customer::named(Meta::new(Id(i), Timestamp(0)), "x"))
            .collect();
        let mut gone = people[3].clone();
        gone.meta = gone.meta.deleted(Timestamp(1));
        let planned = b
            .plan(Change {
                customers: people,
                purchases: vec![
                    sale(10, 1, 1),
                    sale(11, 2, 2),
                    sale(12, 1, 3),
                    sale(13, 4, 4),
                ],
                ..Change::default()
            })
            .unwrap();
        b.apply(planned).expect("planned change applies");
        let planned = b
            .plan(Change {
                customers: vec![gone],
                ..Change::default()
            })
            .unwrap();
        b.apply(planned).expect("planned change applies");
        assert_eq!(recent_buyers(&b, 6), [Id(1), Id(2)]);
        assert_eq!(recent_buyers(&b, 1), [Id(1)]);
    }

    #[test]
    fn a_timeline_merges_sales_and_contacts_newest_first() {
        let mut b = Book::default();
        let note = Interaction {
            campaign: None,
            meta: Meta::new(Id(20), Timestamp(5)),
            customer: Id(1),
            at: Timestamp(5),
            kind: InteractionKind::Call,
            note: "called".into(),
            rating: None,
            status: Status::Resolved,
            money: Default::default(),
        };
        let planned = b
            .plan(Change {
                customers: vec![Customer::named(Meta::new(Id(1), Timestamp(0)), "Asha")],
                purchases: vec![sale(10, 1, 1), sale(11, 1, 9)],
                interactions: vec![note],
                ..Change::default()
            })
            .unwrap();
        b.apply(planned).expect("planned change applies");
        let at: Vec<i64> = timeline(&b, Id(1), 30).iter().map(|e| e.at().0).collect();
        assert_eq!(at, [9, 5, 1]);
        assert_eq!(timeline(&b, Id(1), 2).len(), 2);
    }
}
