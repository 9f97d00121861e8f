//! Loyalty points worked out: what a bill earns, how many points it may take, a customer's
//! balance from their ledger with expiry applied oldest points first, the points about to
//! expire, and their tier from a year's spending. Plain arithmetic on the ledger's lines, which
//! keep the points and expiry day they were given with: changing the rules later changes what
//! new bills earn, never what was earned.

use crate::book::Book;
use crate::model::id::Id;
use crate::model::loyalty::{Entry, Kind, Rules, Tier};
use crate::model::money::Paise;
use crate::model::records::{Interaction, Money, SaleMoney};
use crate::model::time::{Date, Timestamp};

/// The lines a sale to `customer` at `at` adds to their ledger: the points it spent, then
/// those it earned (none for most sales).
pub fn sale_lines(
    customer: Id,
    at: Timestamp,
    sale: Option<Id>,
    money: &SaleMoney,
) -> impl Iterator<Item = Entry> {
    [
        (Kind::Redeemed, money.redeemed, None),
        (Kind::Earned, money.earned, money.expires),
    ]
    .into_iter()
    .filter(|(_, points, _)| *points > 0)
    .map(move |(kind, points, expires)| Entry {
        customer,
        at,
        kind,
        points,
        expires,
        sale,
        reason: String::new(),
    })
}

/// The line of points given by a live points contact, with its note as the reason.
pub fn given(i: &Interaction) -> Option<Entry> {
    match i.money {
        Some(Money::Points(points, expires)) if i.meta.live() => Some(Entry {
            customer: i.customer,
            at: i.at,
            kind: Kind::Bonus,
            points,
            expires,
            sale: None,
            reason: i.note.clone(),
        }),
        _ => None,
    }
}

/// `customer`'s points ledger from the book: what each live sale earned and spent, and the
/// points given to them, each line as it was recorded.
pub fn ledger(book: &Book, customer: Id) -> Vec<Entry> {
    let mut lines: Vec<Entry> = book
        .purchases_of(customer)
        .filter(|p| p.meta.live())
        .flat_map(|p| sale_lines(customer, p.at, Some(p.meta.id), &p.money))
        .collect();
    lines.extend(
        book.interactions()
            .iter()
            .filter(|i| i.customer == customer)
            .filter_map(given),
    );
    lines
}

/// The points `bill` earns under `rules`: `points_per_100` for every full 100 of currency, none
/// below the minimum bill or while loyalty is off.
pub fn earned(rules: &Rules, bill: Paise) -> u32 {
    if !rules.on || bill.0 <= 0 || bill < rules.minimum_bill {
        return 0;
    }
    let hundreds = bill.0 / 10_000;
    u32::try_from(hundreds.saturating_mul(i64::from(rules.points_per_100))).unwrap_or(u32::MAX)
}

/// The day points given on `day` expire under `rules` (`None`: never).
pub fn expiry(rules: &Rules, day: Date) -> Option<Date> {
    rules
        .expiry_days
        .map(|d| Date::from_days_since_epoch(day.days_since_epoch() + i64::from(d)))
}

/// Why points cannot be taken off a bill.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedeemError {
    /// Loyalty is off.
    Off,
    /// More than the customer holds (they hold this many).
    MoreThanHeld(u32),
    /// More than the rules let a bill take (this many at most).
    MoreThanAllowed(u32),
}

/// The most points a `bill` may take from a customer who holds `held`: what `max_redeem_percent`
/// of the bill is worth in whole points, and no more than they hold.
pub fn redeem_limit(rules: &Rules, bill: Paise, held: u32) -> u32 {
    if !rules.on || rules.point_value.0 <= 0 || bill.0 <= 0 {
        return 0;
    }
    let share = bill
        .0
        .saturating_mul(i64::from(rules.max_redeem_percent.min(100)))
        / 100;
    let points = u32::try_from(share / rules.point_value.0).unwrap_or(u32::MAX);
    points.min(held)
}

/// Checks taking `wanted` points off `bill` from a customer holding `held`: what they take off
/// the bill, or why not.
pub fn redeem(rules: &Rules, bill: Paise, held: u32, wanted: u32) -> Result<Paise, RedeemError> {
    if !rules.on {
        return Err(RedeemError::Off);
    }
    if wanted > held {
        return Err(RedeemError::MoreThanHeld(held));
    }
    let limit = redeem_limit(rules, bill, held);
    if wanted > limit {
        return Err(RedeemError::MoreThanAllowed(limit));
    }
    Ok(Paise(i64::from(wanted) * rules.point_value.0))
}

/// A customer's points on a day.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Points {
    /// Points they can spend.
    pub balance: u32,
    /// Points that expired unspent, each lot with the day it expired, oldest first.
    pub expired: Vec<(Date, u32)>,
    /// Points still held that expire, each lot with its day, soonest first.
    pub expiring: Vec<(Date, u32)>,
}

impl Points {
    /// How many of the held points expire before `day` (the "about to expire" segment asks
    /// for the next 30 days).
    pub fn expiring_before(&self, day: Date) -> u32 {
        self.expiring
            .iter()
            .filter(|(d, _)| *d < day)
            .map(|(_, n)| n)
            .sum()
    }
}

/// A customer's points on `today` from their ledger `lines` (any order), days read at
/// `offset_minutes` from UTC: spending takes the oldest points first; a lot expires on its
/// `expires` day (it can be spent up to the day before).
pub fn points(lines: &[Entry], today: Date, offset_minutes: i32) -> Points {
    let mut lines: Vec<&Entry> = lines.iter().collect();
    crate::model::sort::sort_by_key(&mut lines, |e| (e.at, e.kind == Kind::Redeemed));
    // Lots still held, oldest first: (expires, points left).
    let mut lots: Vec<(Option<Date>, u32)> = Vec::new();
    let mut expired = Vec::new();
    let expire_until =
        |lots: &mut Vec<(Option<Date>, u32)>, expired: &mut Vec<(Date, u32)>, day: Date| {
            lots.retain(|(e, n)| match e {
                Some(d) if *d <= day => {
                    if *n > 0 {
                        expired.push((*d, *n));
                    }
                    false
                }
                _ => true,
            });
        };
    for e in lines {
        let day = e.at.local_date(offset_minutes);
        expire_until(&mut lots, &mut expired, day);
        match e.kind {
            Kind::Earned | Kind::Bonus => lots.push((e.expires, e.points)),
            Kind::Redeemed => {
                let mut left = e.points;
                for (_, n) in lots.iter_mut() {
                    let take = left.min(*n);
                    *n -= take;
                    left -= take;
                    if left == 0 {
                        break;
                    }
                }
                lots.retain(|(_, n)| *n > 0);
            }
        }
    }
    expire_until(&mut lots, &mut expired, today);
    crate::model::sort::sort_by_key(&mut expired, |(d, _)| *d);
    let mut expiring: Vec<(Date, u32)> =
        lots.iter().filter_map(|(d, n)| Some(((*d)?, *n))).collect();
    crate::model::sort::sort_by_key(&mut expiring, |(d, _)| *d);
    Points {
        balance: lots.iter().map(|(_, n)| n).sum(),
        expired,
        expiring,
    }
}

/// The points all customers hold today (the sum of [`balances`]); ticks `pacer` as it does.
pub async fn outstanding(
    book: &Book,
    today: Date,
    offset_minutes: i32,
    pacer: &mut crate::model::pace::Pacer<'_>,
) -> u64 {
    balances(book, today, offset_minutes, pacer)
        .await
        .values()
        .map(|&n| u64::from(n))
        .sum()
}

/// Every customer's points held on `today` who has ever had any (a pass over the sales that
/// ticks `pacer` once each, reading only those that earned or spent points, and one over the
/// contacts for points given).
pub async fn balances(
    book: &Book,
    today: Date,
    offset_minutes: i32,
    pacer: &mut crate::model::pace::Pacer<'_>,
) -> crate::model::id::IdMap<u32> {
    let mut lines: crate::model::id::IdMap<Vec<Entry>> = Default::default();
    let sales = book.purchases();
    for i in 0..sales.len() {
        pacer.tick(1).await;
        let Some(m) = sales.money(i).filter(|m| m.earned > 0 || m.redeemed > 0) else {
            continue;
        };
        let f = sales.facts(i);
        if let (true, Some(who)) = (f.live, f.customer) {
            lines
                .entry(who)
                .or_default()
                .extend(sale_lines(who, f.at, None, &m));
        }
    }
    for e in book.interactions().iter().filter_map(given) {
        lines.entry(e.customer).or_default().push(e);
    }
    lines
        .into_iter()
        .map(|(who, l)| (who, points(&l, today, offset_minutes).balance))
        .collect()
}

/// What `customer` spent on live sales in the 365 days up to `today` (the tiers' measure).
pub fn year_spend(book: &Book, customer: Id, today: Date, offset_minutes: i32) -> Paise {
    let from = today.days_since_epoch() - 364;
    Paise(
        book.sale_facts_of(customer)
            .filter(|f| f.live && f.at.local_date(offset_minutes).days_since_epoch() >= from)
            .map(|f| f.total.0)
            .sum(),
    )
}

/// The tier that a year's `spend` reaches: the highest whose threshold it meets.
pub fn tier(rules: &Rules, spend: Paise) -> Option<&Tier> {
    rules
        .tiers
        .iter()
        .filter(|t| spend >= t.spend)
        .max_by_key(|t| t.spend)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::id::Id;
    use crate::model::time::Timestamp;

    fn rules() -> Rules {
        Rules {
            on: true,
            points_per_100: 2,
            minimum_bill: Paise(20_000),
            expiry_days: Some(30),
            max_redeem_percent: 20,
            point_value: Paise(50),
            ..Rules::default()
        }
    }

    fn day(n: i64) -> Date {
        Date::from_days_since_epoch(20_000 + n)
    }

    fn line(n: i64, kind: Kind, points: u32, expires: Option<i64>) -> Entry {
        Entry {
            customer: Id(1),
            // Noon UTC on day n.
            at: Timestamp((20_000 + n) * 86_400_000 + 43_200_000),
            kind,
            points,
            expires: expires.map(day),
            sale: None,
            reason: String::new(),
        }
    }

    #[test]
    fn a_bill_earns_per_full_hundred_from_the_minimum_and_nothing_while_off() {
        let r = rules();
        for (bill, points) in [
            (19_999, 0),   // under the ₹200 minimum
            (20_000, 4),   // ₹200: two hundreds, 2 points each
            (29_999, 4),   // ₹299.99: still two full hundreds
            (30_000, 6),   // ₹300
            (123_456, 24), // ₹1,234.56: twelve full hundreds
            (-50_000, 0),  // a refund earns nothing
        ] {
            assert_eq!(earned(&r, Paise(bill)), points, "bill {bill}");
        }
        assert_eq!(earned(&Rules { on: false, ..r }, Paise(100_000)), 0);
    }

    #[test]
    fn points_may_pay_up_to_the_share_of_the_bill_and_no_more_than_held() {
        let r = rules(); // 20% of a bill, a point worth 50 paise
                         // ₹100 bill: ₹20 may be paid by points = 40 points.
        assert_eq!(redeem_limit(&r, Paise(10_000), 100), 40);
        assert_eq!(redeem_limit(&r, Paise(10_000), 25), 25);
        assert_eq!(redeem(&r, Paise(10_000), 100, 40), Ok(Paise(2_000)));
        assert_eq!(
            redeem(&r, Paise(10_000), 100, 41),
            Err(RedeemError::MoreThanAllowed(40))
        );
        assert_eq!(
            redeem(&r, Paise(10_000), 30, 35),
            Err(RedeemError::MoreThanHeld(30))
        );
        // ₹1.99: 20% is 39 paise, less than a point.
        assert_eq!(redeem_limit(&r, Paise(199), 100), 0);
        assert_eq!(
            redeem(&Rules { on: false, ..r }, Paise(10_000), 10, 1),
            Err(RedeemError::Off)
        );
    }

    #[test]
    fn points_expire_on_their_day_and_spending_takes_the_oldest_first() {
        use Kind::*;
        let lines = [
            line(0, Earned, 10, Some(30)),
            line(5, Bonus, 50, Some(35)),
            line(10, Redeemed, 15, None), // 10 from day 0's lot, 5 from day 5's
            line(20, Earned, 8, Some(50)),
        ];
        // The day before day 0's lot expires: nothing has expired, and that lot is spent.
        let p = points(&lines, day(29), 0);
        assert_eq!(p.balance, 53);
        assert!(p.expired.is_empty());
        assert_eq!(p.expiring, [(day(35), 45), (day(50), 8)]);
        assert_eq!(p.expiring_before(day(40)), 45);
        // On day 35, the bonus' 45 left expire; the day before, they could still be spent.
        assert_eq!(points(&lines, day(34), 0).balance, 53);
        let p = points(&lines, day(35), 0);
        assert_eq!(p.balance, 8);
        assert_eq!(p.expired, [(day(35), 45)]);
        // A redemption after an expiry cannot use the expired points.
        let mut later = lines.to_vec();
        later.push(line(40, Redeemed, 8, None));
        let p = points(&later, day(41), 0);
        assert_eq!((p.balance, p.expired.clone()), (0, vec![(day(35), 45)]));
        // Order of the lines does not matter.
        later.reverse();
        assert_eq!(points(&later, day(41), 0), p);
    }

    #[test]
    fn changing_the_rules_changes_new_bills_not_points_already_given() {
        let mut r = rules();
        let first = line(0, Kind::Earned, earned(&r, Paise(50_000)), Some(30));
        r.points_per_100 = 10;
        r.expiry_days = Some(7);
        let second = line(
            1,
            Kind::Earned,
            earned(&r, Paise(50_000)),
            expiry(&r, day(1)).map(|d| d.days_since_epoch() - 20_000),
        );
        let p = points(&[first, second], day(9), 0);
        // The first bill's 10 points keep their 30 days; the second's 50 expired on day 8.
        assert_eq!(p.balance, 10);
        assert_eq!(p.expired, [(day(8), 50)]);
        assert_eq!(
            expiry(
                &Rules {
                    expiry_days: None,
                    ..r
                },
                day(1)
            ),
            None
        );
    }

    #[test]
    fn the_tier_is_the_highest_threshold_a_year_s_spending_reaches() {
        let r = Rules::default(); // silver from ₹10,000, gold from ₹50,000
        let name = |paise: i64| tier(&r, Paise(paise)).map(|t| t.name.clone());
        assert_eq!(name(999_999), None);
        assert_eq!(name(1_000_000).as_deref(), Some("Silver"));
        assert_eq!(name(4_999_999).as_deref(), Some("Silver"));
        assert_eq!(name(5_000_000).as_deref(), Some("Gold"));
        // Thresholds given in any order.
        let mut shuffled = r.clone();
        shuffled.tiers.reverse();
        assert_eq!(
            tier(&shuffled, Paise(6_000_000)).map(|t| t.name.as_str()),
            Some("Gold")
        );
    }
}
