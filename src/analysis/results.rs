//! What a campaign earned: of those contacted, how many bought within the window after their
//! contact and for how much; the same for those held back (counted from the campaign's start);
//! and the difference, with how far it can be trusted.

use crate::book::Book;
use crate::model::id::{Id, IdMap};
use crate::model::money::Paise;
use crate::model::records::InteractionKind;
use crate::model::time::Timestamp;

/// The default window after a contact in which a purchase counts.
pub const WINDOW_DAYS: u16 = 14;

/// Fewer people than this in either group: too few to say anything.
pub const TOO_FEW: usize = 20;

const DAY_MS: i64 = 86_400_000;

/// One group's figures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Group {
    /// People in the group.
    pub people: usize,
    /// Those who bought within the window.
    pub buyers: usize,
    /// What they spent within the window.
    pub revenue: Paise,
}

impl Group {
    /// Buyers as a share of people (0 for nobody).
    pub fn conversion(&self) -> f64 {
        if self.people == 0 {
            0.0
        } else {
            self.buyers as f64 / self.people as f64
        }
    }
}

/// How far the difference between the groups can be trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trust {
    /// No holdout, or fewer than [`TOO_FEW`] people in a group.
    TooFew,
    /// The difference could well be chance (a two-proportion test, under 95%).
    NotClear,
    /// Unlikely to be chance (95%).
    Clear,
}

/// A campaign's results.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Results {
    /// Those contacted.
    pub contacted: Group,
    /// Those held back.
    pub holdout: Group,
    /// Conversion of the contacted less that of the holdout, in percentage points.
    pub lift_points: f64,
    /// How far `lift_points` can be trusted.
    pub trust: Trust,
}

/// Who was sent campaign `campaign`, and when: each customer's first live message that names
/// it, earliest first (however storage orders the contacts).
pub fn sends(book: &Book, campaign: Id) -> Vec<(Id, Timestamp)> {
    let mut first: IdMap<Timestamp> = IdMap::default();
    for i in book.interactions() {
        if i.campaign == Some(campaign) && i.meta.live() && i.kind == InteractionKind::Message {
            let t = first.entry(i.customer).or_insert(i.at);
            *t = (*t).min(i.at);
        }
    }
    let mut out: Vec<(Id, Timestamp)> = first.into_iter().collect();
    crate::model::sort::sort_by_key(&mut out, |(id, at)| (*at, *id));
    out
}

/// Buys by `customer` within `days` from `from`: whether any, and how much.
fn bought(book: &Book, customer: Id, from: Timestamp, days: u16) -> (bool, Paise) {
    let to = from.0 + i64::from(days) * DAY_MS;
    book.sale_facts_of(customer)
        .filter(|p| p.live && p.at.0 >= from.0 && p.at.0 < to)
        .fold((false, Paise(0)), |(_, sum), p| (true, sum + p.total))
}

/// The results of a campaign whose members were contacted as `contacted` (customer and when),
/// with `holdout` held back from `start`, counting purchases within `window_days`.
pub fn results(
    book: &Book,
    contacted: &[(Id, Timestamp)],
    holdout: &[Id],
    start: Timestamp,
    window_days: u16,
) -> Results {
    let mut c = Group::default();
    for &(id, at) in contacted {
        let (did, spent) = bought(book, id, at, window_days);
        c.people += 1;
        c.buyers += usize::from(did);
        c.revenue += spent;
    }
    let mut h = Group::default();
    for &id in holdout {
        let (did, spent) = bought(book, id, start, window_days);
        h.people += 1;
        h.buyers += usize::from(did);
        h.revenue += spent;
    }
    let lift_points = (c.conversion() - h.conversion()) * 100.0;
    Results {
        contacted: c,
        holdout: h,
        lift_points,
        trust: trust(c, h),
    }
}

/// A two-proportion z-test of the groups' conversions at 95%.
fn trust(c: Group, h: Group) -> Trust {
    if c.people < TOO_FEW || h.people < TOO_FEW {
        return Trust::TooFew;
    }
    let (n1, n2) = (c.people as f64, h.people as f64);
    let pooled = (c.buyers + h.buyers) as f64 / (n1 + n2);
    let spread = (pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)).sqrt();
    if spread == 0.0 {
        return Trust::NotClear;
    }
    let z = (c.conversion() - h.conversion()) / spread;
    if z.abs() >= 1.96 {
        Trust::Clear
    } else {
        Trust::NotClear
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::segments::tests::{book, product, today};

    fn noon(days_ago: i64) -> Timestamp {
        Timestamp(Timestamp::at_local_midnight(today(), 0).0 + 12 * 3_600_000 - days_ago * DAY_MS)
    }

    #[test]
    fn a_campaign_s_sends_are_each_customer_s_first_live_message_naming_it() {
        use crate::book::Change;
        use crate::model::records::{Interaction, Meta, Status};
        let mut b = book(3, &[product(50, "", None)], &[]);
        let msg = |n: u128, who: u128, at: i64, campaign: Option<u128>, kind, deleted: bool| {
            let mut meta = Meta::new(Id(n), Timestamp(at));
            meta.deleted = deleted.then_some(Timestamp(at + 1));
            Interaction {
                meta,
                customer: Id(who),
                at: Timestamp(at),
                kind,
                note: String::new(),
                rating: None,
                status: Status::Resolved,
                campaign: campaign.map(Id),
                money: Default::default(),
            }
        };
        let m = InteractionKind::Message;
        let planned = b
            .plan(Change {
                interactions: vec![
                    msg(900, 2, 50, Some(7), m, false),
                    msg(901, 1, 40, Some(7), m, false),
                    msg(902, 2, 30, Some(7), m, false), // her first send of it
                    msg(903, 3, 10, Some(8), m, false), // another campaign
                    msg(904, 3, 20, None, m, false),    // not a campaign's
                    msg(905, 3, 25, Some(7), m, true),  // deleted
                    msg(906, 3, 26, Some(7), InteractionKind::Call, false),
                ],
                ..Change::default()
            })
            .unwrap();
        b.apply(planned).unwrap();
        assert_eq!(
            sends(&b, Id(7)),
            [(Id(2), Timestamp(30)), (Id(1), Timestamp(40))]
        );
        assert_eq!(sends(&b, Id(8)), [(Id(3), Timestamp(10))]);
        assert_eq!(sends(&b, Id(9)), []);
    }

    #[test]
    fn buyers_and_revenue_count_within_the_window_after_each_contact() {
        // Customers 1-4 contacted 20 days ago; 5-6 held back from then.
        let b = book(
            6,
            &[product(50, "", None)],
            &[
                (1, 19, 300, &[50]), // a day after the contact: counts
                (1, 15, 200, &[50]), // five days after: counts too (same buyer)
                (2, 5, 100, &[50]),  // fifteen days after: outside 14
                (3, 25, 100, &[50]), // before the contact: not the campaign's
                (5, 10, 400, &[50]), // held back, bought within the window
            ],
        );
        let at = noon(20);
        let contacted: Vec<(Id, Timestamp)> = (1..=4).map(|k| (Id(k), at)).collect();
        let r = results(&b, &contacted, &[Id(5), Id(6)], at, WINDOW_DAYS);
        assert_eq!(
            r.contacted,
            Group {
                people: 4,
                buyers: 1,
                revenue: Paise(500)
            }
        );
        assert_eq!(
            r.holdout,
            Group {
                people: 2,
                buyers: 1,
                revenue: Paise(400)
            }
        );
        assert!((r.lift_points - (25.0 - 50.0)).abs() < 1e-9);
        assert_eq!(r.trust, Trust::TooFew);
        // A wider window takes in customer 2.
        let r = results(&b, &contacted, &[], at, 30);
        assert_eq!(r.contacted.buyers, 2);
        assert_eq!(r.trust, Trust::TooFew, "no holdout: nothing to compare");
    }

    #[test]
    fn a_difference_is_trusted_only_when_unlikely_to_be_chance() {
        let g = |people, buyers| Group {
            people,
            buyers,
            revenue: Paise(0),
        };
        assert_eq!(trust(g(200, 60), g(200, 20)), Trust::Clear);
        assert_eq!(trust(g(200, 24), g(200, 20)), Trust::NotClear);
        assert_eq!(trust(g(19, 19), g(200, 0)), Trust::TooFew);
        assert_eq!(trust(g(50, 0), g(50, 0)), Trust::NotClear);
    }
}
