//! Credit (udhaar) worked out: what a customer owes from the part of each sale left on credit
//! and the payments they made, the oldest amount still unpaid (payments settle the oldest credit
//! first), an advance when they paid more than they owed, and the checks a payment and a sale
//! on credit go through.

use crate::book::Book;
use crate::model::id::{Id, IdMap};
use crate::model::money::Paise;
use crate::model::pace::Pacer;
use crate::model::records::Money;
use crate::model::time::Timestamp;

/// What moved a customer's credit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// A sale, of which this much was left on credit.
    Credit(Timestamp, Paise),
    /// A payment received.
    Paid(Timestamp, Paise),
}

impl Event {
    fn at(self) -> Timestamp {
        match self {
            Event::Credit(t, _) | Event::Paid(t, _) => t,
        }
    }
}

/// Where a customer stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Standing {
    /// What they owe (0 when nothing).
    pub owed: Paise,
    /// What they paid ahead, to be set against their next credit (0 when nothing).
    pub advance: Paise,
    /// When the oldest credit still (partly) unpaid was given.
    pub oldest_unpaid: Option<Timestamp>,
}

/// A customer's standing from their credit `events` (any order; at the same moment a credit
/// comes before a payment): each payment settles the oldest credit first, and what is left
/// over is an advance that the next credit uses up first.
pub fn standing(events: &[Event]) -> Standing {
    let mut events = events.to_vec();
    crate::model::sort::sort_by_key(&mut events, |e| (e.at(), matches!(e, Event::Paid(..))));
    // Credit not yet paid, oldest first: (given, amount left).
    let mut open: Vec<(Timestamp, i64)> = Vec::new();
    let mut advance = 0i64;
    for e in events {
        match e {
            Event::Credit(at, amount) => {
                let from_advance = advance.min(amount.0.max(0));
                advance -= from_advance;
                let left = amount.0.max(0) - from_advance;
                if left > 0 {
                    open.push((at, left));
                }
            }
            Event::Paid(_, amount) => {
                let mut left = amount.0.max(0);
                for (_, owed) in open.iter_mut() {
                    let take = left.min(*owed);
                    *owed -= take;
                    left -= take;
                    if left == 0 {
                        break;
                    }
                }
                open.retain(|(_, owed)| *owed > 0);
                advance += left;
            }
        }
    }
    Standing {
        owed: Paise(open.iter().map(|(_, n)| n).sum()),
        advance: Paise(advance),
        oldest_unpaid: open.first().map(|(t, _)| *t),
    }
}

/// `customer`'s credit events: the parts of their live sales left on credit and the payments
/// they made.
pub fn events_of(book: &Book, customer: Id) -> Vec<Event> {
    let mut events: Vec<Event> = book
        .purchases_of(customer)
        .filter(|p| p.meta.live() && p.money.credit.0 > 0)
        .map(|p| Event::Credit(p.at, p.money.credit))
        .collect();
    events.extend(paid(book, Some(customer)).map(|(_, at, amount)| Event::Paid(at, amount)));
    events
}

/// Live payments received (of `customer`, or everyone's): who, when, how much.
fn paid(book: &Book, customer: Option<Id>) -> impl Iterator<Item = (Id, Timestamp, Paise)> + '_ {
    book.interactions()
        .iter()
        .filter_map(move |i| match i.money {
            Some(Money::Paid(amount, _))
                if i.meta.live() && customer.is_none_or(|c| c == i.customer) =>
            {
                Some((i.customer, i.at, amount))
            }
            _ => None,
        })
}

/// Where `customer` stands.
pub fn standing_of(book: &Book, customer: Id) -> Standing {
    standing(&events_of(book, customer))
}

/// One line of the who-owes list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Owing {
    /// Who.
    pub customer: Id,
    /// How much.
    pub owed: Paise,
    /// When the oldest credit they have not paid was given.
    pub since: Timestamp,
}

/// Every live customer who owes, oldest unpaid credit first, and the total owed to the shop.
/// The same figures as [`standing`] gives each (payments settle the oldest credit first, so
/// what is unpaid is the newest credit beyond what they paid in all), worked out for the whole
/// book in a pass over the sales that ticks `pacer` once for each of them.
pub async fn who_owes(book: &Book, pacer: &mut Pacer<'_>) -> (Vec<Owing>, Paise) {
    let mut paid_in_all: IdMap<i64> = IdMap::default();
    for (who, _, amount) in paid(book, None) {
        *paid_in_all.entry(who).or_insert(0) += amount.0.max(0);
    }
    let sales = book.purchases();
    let mut credits: Vec<(Timestamp, Id, i64)> = Vec::new();
    for i in 0..sales.len() {
        if let Some(m) = sales.money(i).filter(|m| m.credit.0 > 0) {
            let f = sales.facts(i);
            if let (true, Some(who)) = (f.live, f.customer) {
                credits.push((f.at, who, m.credit.0));
            }
        }
        pacer.tick(1).await;
    }
    crate::model::sort::sort_by_key(&mut credits, |c| *c);
    // Credit given so far per customer, and the day the first one beyond their payments came.
    let mut given: IdMap<(i64, Option<Timestamp>)> = IdMap::default();
    for (at, who, amount) in credits {
        let g = given.entry(who).or_insert((0, None));
        g.0 += amount;
        if g.1.is_none() && g.0 > paid_in_all.get(&who).copied().unwrap_or(0) {
            g.1 = Some(at);
        }
    }
    let mut owing: Vec<Owing> = given
        .into_iter()
        .filter_map(|(who, (credit, since))| {
            let owed = credit - paid_in_all.get(&who).copied().unwrap_or(0);
            let live = book.customer(who).is_some_and(|c| c.meta.live());
            Some(Owing {
                customer: who,
                owed: Paise(owed),
                since: since?,
            })
            .filter(|_| owed > 0 && live)
        })
        .collect();
    crate::model::sort::sort_by_key(&mut owing, |o| (o.since, o.customer));
    let total = Paise(owing.iter().map(|o| o.owed.0).sum());
    (owing, total)
}

/// Why a payment needs the seller's answer or is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaymentCheck {
    /// Nothing to ask.
    Fine,
    /// More than they owe: ask whether to keep this much as an advance.
    Surplus(Paise),
    /// Not an amount above zero.
    Refused,
}

/// Checks a payment of `amount` from a customer who owes `owed`.
pub fn check_payment(owed: Paise, amount: Paise) -> PaymentCheck {
    if amount.0 <= 0 {
        PaymentCheck::Refused
    } else if amount > owed {
        PaymentCheck::Surplus(Paise(amount.0 - owed.0.max(0)))
    } else {
        PaymentCheck::Fine
    }
}

/// Whether leaving `credit` more on a customer who owes `owed` takes them over their `limit`
/// (the sale then asks before saving). No limit: never.
pub fn over_limit(owed: Paise, credit: Paise, limit: Option<Paise>) -> bool {
    limit.is_some_and(|l| credit.0 > 0 && owed.0.saturating_add(credit.0) > l.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400_000;

    fn t(day: i64) -> Timestamp {
        Timestamp(day * DAY)
    }

    fn rs(rupees: i64) -> Paise {
        Paise(rupees * 100)
    }

    #[test]
    fn part_payments_settle_the_oldest_credit_first() {
        let events = [
            Event::Credit(t(1), rs(140)),
            Event::Credit(t(5), rs(60)),
            Event::Paid(t(7), rs(100)),
        ];
        // ₹40 of the first sale and all of the second are unpaid: owed since day 1.
        assert_eq!(
            standing(&events),
            Standing {
                owed: rs(100),
                advance: rs(0),
                oldest_unpaid: Some(t(1)),
            }
        );
        // Another ₹40 settles the first sale: the oldest unpaid is now day 5's.
        let mut more = events.to_vec();
        more.push(Event::Paid(t(8), rs(40)));
        assert_eq!(standing(&more).oldest_unpaid, Some(t(5)));
        assert_eq!(standing(&more).owed, rs(60));
        // Paid off exactly: nothing owed, no advance, no age.
        more.push(Event::Paid(t(9), rs(60)));
        assert_eq!(standing(&more), Standing::default());
    }

    #[test]
    fn a_surplus_is_an_advance_that_the_next_credit_uses_first() {
        let events = [Event::Credit(t(1), rs(100)), Event::Paid(t(2), rs(150))];
        assert_eq!(
            standing(&events),
            Standing {
                owed: rs(0),
                advance: rs(50),
                oldest_unpaid: None,
            }
        );
        let mut later = events.to_vec();
        later.push(Event::Credit(t(3), rs(80)));
        assert_eq!(
            standing(&later),
            Standing {
                owed: rs(30),
                advance: rs(0),
                oldest_unpaid: Some(t(3)),
            }
        );
        // Any order in, the same standing out; a payment at the same moment as a credit pays it.
        later.reverse();
        assert_eq!(standing(&later).owed, rs(30));
        assert_eq!(
            standing(&[Event::Paid(t(4), rs(10)), Event::Credit(t(4), rs(10))]),
            Standing::default()
        );
    }

    #[test]
    fn the_who_owes_list_agrees_with_each_customers_standing() {
        use crate::book::Change;
        use crate::demo;
        use crate::model::records::{Interaction, InteractionKind, Meta, Payment, Status};
        let shop = demo::generate(&demo::Spec::small(3, 2000));
        // Payments: some part, some in full, one more than owed, one deleted.
        let mut interactions = shop.interactions.clone();
        for (k, c) in shop.customers.iter().enumerate().take(40) {
            let mut i = Interaction {
                meta: Meta::new(Id(900_000 + k as u128), t(20_000)),
                customer: c.meta.id,
                at: Timestamp(shop.purchases[shop.purchases.len() / 2].at.0 + k as i64),
                kind: InteractionKind::Payment,
                note: String::new(),
                rating: None,
                status: Status::Resolved,
                campaign: None,
                money: Some(Money::Paid(rs(50 * k as i64), Payment::Upi)),
            };
            if k == 7 {
                i.meta = i.meta.deleted(t(20_001));
            }
            interactions.push(i);
        }
        let book = Book::of(Change {
            customers: shop.customers.clone(),
            products: shop.products.clone(),
            purchases: shop.purchases.clone(),
            interactions,
            ..Change::default()
        })
        .expect("a valid demo book");
        let (owing, total) = crate::model::pace::at_once(who_owes(&book, &mut Pacer::none()));
        let mut expected: Vec<Owing> = shop
            .customers
            .iter()
            .filter_map(|c| {
                let s = standing_of(&book, c.meta.id);
                Some(Owing {
                    customer: c.meta.id,
                    owed: s.owed,
                    since: s.oldest_unpaid?,
                })
            })
            .collect();
        crate::model::sort::sort_by_key(&mut expected, |o| (o.since, o.customer));
        assert!(expected.len() > 20, "the demo shop sells on credit");
        assert_eq!(owing, expected);
        assert_eq!(total, Paise(expected.iter().map(|o| o.owed.0).sum()));
        // Someone who paid more than they owed is not on the list: they have an advance.
        let ahead = shop.customers[..40]
            .iter()
            .find(|c| standing_of(&book, c.meta.id).advance.0 > 0)
            .expect("a payment above the balance");
        assert!(owing.iter().all(|o| o.customer != ahead.meta.id));
    }

    #[test]
    fn a_payment_over_the_balance_asks_and_a_limit_is_checked_before_a_sale() {
        assert_eq!(check_payment(rs(100), rs(100)), PaymentCheck::Fine);
        assert_eq!(check_payment(rs(100), rs(40)), PaymentCheck::Fine);
        assert_eq!(
            check_payment(rs(100), rs(130)),
            PaymentCheck::Surplus(rs(30))
        );
        assert_eq!(check_payment(rs(0), rs(50)), PaymentCheck::Surplus(rs(50)));
        assert_eq!(check_payment(rs(100), rs(0)), PaymentCheck::Refused);
        assert_eq!(check_payment(rs(100), rs(-5)), PaymentCheck::Refused);
        assert!(!over_limit(rs(400), rs(100), Some(rs(500))));
        assert!(over_limit(rs(400), rs(101), Some(rs(500))));
        assert!(!over_limit(rs(4_000), rs(1_000), None));
        assert!(
            !over_limit(rs(600), rs(0), Some(rs(500))),
            "a sale paid in full never asks"
        );
    }
}
