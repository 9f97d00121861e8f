//! Who a campaign reaches: the customers of the chosen segments (built-in, RFM or the seller's
//! own) and those picked by hand, less the exclusions, each of which says how many it removed.
//! A customer without consent to offers (on WhatsApp or by SMS) is always left out: no choice
//! of segments or exclusions can put them back. A share of the audience may be held back at
//! random, the same way each time for one campaign (seeded), to measure what the campaign
//! earned against those who got nothing.

use crate::analysis::segments::{Analysis, Builtin};
use crate::book::Book;
use crate::model::id::{Id, IdMap};
use crate::model::records::InteractionKind;
use crate::model::segment::Rule;
use crate::model::time::Timestamp;

/// Who is chosen, before exclusions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// Built-in and RFM segments.
    pub segments: Vec<Builtin>,
    /// The seller's own segments' rules.
    pub rules: Vec<Rule>,
    /// Customers picked by hand.
    pub picked: Vec<Id>,
}

/// Who is left out of the chosen (consent to offers is always required besides).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Exclusions {
    /// Sent a message in the last this many days.
    pub contacted_days: Option<u16>,
    /// Bought in the last this many days.
    pub bought_days: Option<u16>,
    /// Has an open complaint or warranty claim.
    pub open_complaint: bool,
}

/// How many each exclusion removed, in the order they are applied.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Removed {
    /// No consent to offers.
    pub no_consent: usize,
    /// Contacted lately.
    pub contacted: usize,
    /// Bought lately.
    pub bought: usize,
    /// An open complaint.
    pub complaint: usize,
}

/// A campaign's audience.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Audience {
    /// Live customers chosen, before exclusions.
    pub chosen: usize,
    /// What the exclusions removed.
    pub removed: Removed,
    /// Who gets the campaign, in book order.
    pub members: Vec<Id>,
    /// Who is held back to measure it, in book order.
    pub holdout: Vec<Id>,
}

const DAY_MS: i64 = 86_400_000;

/// The audience of `selection` less `exclusions` as of `now`, with `holdout_percent` (0-50)
/// held back by `seed`. `None` while the segment details a chosen segment needs are not
/// worked out yet. One pass over the customers and one over the contacts.
pub fn audience(
    book: &Book,
    a: &Analysis,
    selection: &Selection,
    exclusions: Exclusions,
    holdout_percent: u8,
    seed: u64,
    now: Timestamp,
) -> Option<Audience> {
    let picked: IdMap<()> = selection.picked.iter().map(|id| (*id, ())).collect();
    // The last message to each customer, and who has an open complaint.
    let mut contacted: IdMap<Timestamp> = IdMap::default();
    let mut complaining: IdMap<()> = IdMap::default();
    for i in book.interactions().iter().filter(|i| i.meta.live()) {
        if i.kind == InteractionKind::Message {
            let e = contacted.entry(i.customer).or_insert(i.at);
            *e = (*e).max(i.at);
        }
        if i.is_open() {
            complaining.insert(i.customer, ());
        }
    }
    let within = |t: Timestamp, days: u16| now.0 - t.0 < i64::from(days) * DAY_MS;
    let mut out = Audience::default();
    for c in book.customers().iter().filter(|c| c.meta.live()) {
        let mut chosen = picked.contains_key(&c.meta.id);
        for &s in &selection.segments {
            chosen = chosen || a.is_member(book, c, s)?;
        }
        chosen = chosen || selection.rules.iter().any(|r| r.matches(a, book, c));
        if !chosen {
            continue;
        }
        out.chosen += 1;
        let r = &mut out.removed;
        if !(c.consent.whatsapp || c.consent.sms) {
            r.no_consent += 1;
        } else if exclusions
            .contacted_days
            .is_some_and(|d| contacted.get(&c.meta.id).is_some_and(|t| within(*t, d)))
        {
            r.contacted += 1;
        } else if exclusions.bought_days.is_some_and(|d| {
            a.summary(book, c.meta.id)
                .is_some_and(|m| within(m.last, d))
        }) {
            r.bought += 1;
        } else if exclusions.open_complaint && complaining.contains_key(&c.meta.id) {
            r.complaint += 1;
        } else if held(seed, c.meta.id, holdout_percent) {
            out.holdout.push(c.meta.id);
        } else {
            out.members.push(c.meta.id);
        }
    }
    Some(out)
}

/// Whether customer `id` is held back from campaign `seed` (about `percent` in 100, at most
/// half): the same answer every time for the same campaign and customer.
pub fn held(seed: u64, id: Id, percent: u8) -> bool {
    let mut x = seed ^ (id.0 as u64) ^ ((id.0 >> 64) as u64).rotate_left(17);
    // splitmix64's finaliser: every bit of the id moves every bit of the result.
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 31;
    x % 100 < u64::from(percent.min(50))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rfm::Segment;
    use crate::book::Change;
    use crate::demo::{generate, Spec};
    use crate::model::records::{Interaction, Meta, Status};

    fn shop(seed: u64) -> (Book, Analysis, Timestamp) {
        let spec = Spec::small(seed, 3_000);
        let now = spec.now;
        let shop = generate(&spec);
        let book = Book::of(Change {
            customers: shop.customers,
            products: shop.products,
            interactions: shop.interactions,
            purchases: shop.purchases,
            ..Change::default()
        })
        .unwrap();
        let today = now.local_date(330);
        let mut a = Analysis::new(&book, today, 330);
        while !a.fill_details(&book, 1_000) {}
        (book, a, now)
    }

    fn consents(b: &Book, id: Id) -> bool {
        b.customer(id)
            .is_some_and(|c| c.consent.whatsapp || c.consent.sms)
    }

    #[test]
    fn no_customer_without_consent_is_ever_in_an_audience() {
        // Many books, selections and exclusions: whatever is chosen, consent is required.
        let every = [
            Builtin::Rfm(Segment::Champions),
            Builtin::Rfm(Segment::AtRisk),
            Builtin::Rfm(Segment::Hibernating),
            Builtin::TopSpenders,
            Builtin::Lapsing,
            Builtin::ReplenishmentDue,
            Builtin::Wholesale,
        ];
        for seed in 1..=6u64 {
            let (b, a, now) = shop(seed);
            let without: Vec<Id> = b
                .customers()
                .iter()
                .filter(|c| !consents(&b, c.meta.id))
                .map(|c| c.meta.id)
                .collect();
            assert!(
                !without.is_empty(),
                "the demo has customers without consent"
            );
            for k in 0..every.len() {
                let selection = Selection {
                    segments: every[..=k].to_vec(),
                    rules: vec![],
                    // Picking them by hand does not put them back either.
                    picked: without.iter().take(5).copied().collect(),
                };
                let ex = Exclusions {
                    contacted_days: (k % 2 == 0).then_some(14),
                    bought_days: (k % 3 == 0).then_some(7),
                    open_complaint: k % 2 == 1,
                };
                let aud = audience(&b, &a, &selection, ex, (k * 7) as u8, seed, now).unwrap();
                for id in aud.members.iter().chain(&aud.holdout) {
                    assert!(
                        consents(&b, *id),
                        "seed {seed}, {k}: {id:?} without consent"
                    );
                }
                let r = aud.removed;
                assert_eq!(
                    aud.chosen,
                    r.no_consent
                        + r.contacted
                        + r.bought
                        + r.complaint
                        + aud.members.len()
                        + aud.holdout.len()
                );
                assert!(r.no_consent >= 5.min(without.len()));
            }
        }
    }

    #[test]
    fn each_exclusion_removes_whom_it_says() {
        let (mut b, a, now) = shop(11);
        let selection = Selection {
            segments: vec![Builtin::TopSpenders],
            ..Selection::default()
        };
        let base = audience(&b, &a, &selection, Exclusions::default(), 0, 1, now).unwrap();
        assert!(base.members.len() > 3);
        // Message the first member today, and open a complaint for the second.
        let (first, second) = (base.members[0], base.members[1]);
        let contact = |id: Id, n: u128, kind: InteractionKind, status: Status| Interaction {
            campaign: None,
            meta: Meta::new(Id(900_000 + n), now),
            customer: id,
            at: now,
            kind,
            note: "x".into(),
            rating: None,
            status,
            money: Default::default(),
        };
        let planned = b
            .plan(Change {
                interactions: vec![
                    contact(first, 1, InteractionKind::Message, Status::Resolved),
                    contact(second, 2, InteractionKind::Complaint, Status::Open),
                ],
                ..Change::default()
            })
            .unwrap();
        b.apply(planned).unwrap();
        let ex = Exclusions {
            contacted_days: Some(14),
            bought_days: None,
            open_complaint: true,
        };
        let aud = audience(&b, &a, &selection, ex, 0, 1, now).unwrap();
        assert_eq!(aud.removed.contacted, base.removed.contacted + 1);
        assert!(aud.removed.complaint >= 1);
        assert!(!aud.members.contains(&first) && !aud.members.contains(&second));
        // Bought in the last 10,000 days: everyone with a purchase goes.
        let all_bought = Exclusions {
            bought_days: Some(10_000),
            ..Exclusions::default()
        };
        let aud = audience(&b, &a, &selection, all_bought, 0, 1, now).unwrap();
        assert_eq!(aud.members, []);
        assert_eq!(aud.removed.bought, base.members.len() + base.holdout.len());
    }

    #[test]
    fn the_holdout_is_reproducible_and_about_the_share_asked() {
        let (b, a, now) = shop(5);
        let selection = Selection {
            segments: vec![
                Builtin::Rfm(Segment::Loyal),
                Builtin::Rfm(Segment::Champions),
                Builtin::Rfm(Segment::Hibernating),
                Builtin::Rfm(Segment::AtRisk),
            ],
            ..Selection::default()
        };
        let one = audience(&b, &a, &selection, Exclusions::default(), 20, 42, now).unwrap();
        let again = audience(&b, &a, &selection, Exclusions::default(), 20, 42, now).unwrap();
        assert_eq!(one, again);
        let other = audience(&b, &a, &selection, Exclusions::default(), 20, 43, now).unwrap();
        assert_ne!(one.holdout, other.holdout, "another campaign, another draw");
        let total = (one.members.len() + one.holdout.len()) as f64;
        let share = one.holdout.len() as f64 / total;
        assert!((0.1..0.3).contains(&share), "{share} of {total}");
        // Over many ids the draw is close to the share; 0% holds none, and 80% means 50%.
        let ids = (0..10_000u128).map(|k| Id(k * 7919 + (k << 70)));
        let held_20 = ids.clone().filter(|id| held(7, *id, 20)).count();
        assert!((1_800..2_200).contains(&held_20), "{held_20}");
        assert_eq!(ids.clone().filter(|id| held(7, *id, 0)).count(), 0);
        let held_80 = ids.filter(|id| held(7, *id, 80)).count();
        assert!((4_800..5_200).contains(&held_80), "{held_80}");
    }

    #[test]
    fn hand_picked_customers_and_own_rules_are_chosen_too() {
        let (b, a, now) = shop(3);
        let someone = b
            .customers()
            .iter()
            .find(|c| c.meta.live() && (c.consent.whatsapp || c.consent.sms))
            .unwrap()
            .meta
            .id;
        let picked = Selection {
            picked: vec![someone],
            ..Selection::default()
        };
        let aud = audience(&b, &a, &picked, Exclusions::default(), 0, 1, now).unwrap();
        assert_eq!(
            (aud.chosen, aud.members.as_slice()),
            (1, [someone].as_slice())
        );
        let nobody = audience(
            &b,
            &a,
            &Selection::default(),
            Exclusions::default(),
            0,
            1,
            now,
        )
        .unwrap();
        assert_eq!(nobody, Audience::default());
    }
}
