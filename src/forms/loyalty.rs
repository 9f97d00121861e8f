//! The loyalty rules as the seller types them in Settings, checked field by field: nothing
//! negative, nothing absurd, tiers named and rising.

use crate::model::loyalty::{Rules, Tier};
use crate::model::money::{parse_amount, Paise};
use crate::model::phone::latin_digits;

/// The most points a bill's 100 may earn.
pub const POINTS_PER_100_MAX: u32 = 1_000;
/// The longest expiry, in days (ten years).
pub const EXPIRY_MAX_DAYS: u32 = 3_650;
/// The most a point may be worth (₹100).
pub const POINT_VALUE_MAX: Paise = Paise(10_000);
/// Longest tier name, in characters.
pub const TIER_NAME_MAX: usize = 20;

/// A field of the rules form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// Points per 100.
    PointsPer100,
    /// Minimum bill.
    MinimumBill,
    /// Expiry days.
    ExpiryDays,
    /// Most of a bill points may pay.
    MaxRedeem,
    /// A point's value.
    PointValue,
    /// Tier number `n` (from 0): its name or threshold.
    Tier(usize),
}

/// Why a field is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RulesError {
    /// Not a whole number in the field's range.
    OutOfRange(Field),
    /// Not an amount of zero or more (minimum bill) or above zero (a point's value, a tier).
    Amount(Field),
    /// A tier without a name, or one longer than [`TIER_NAME_MAX`].
    TierName(usize),
    /// A tier whose threshold is not above the one before it.
    TierOrder(usize),
}

/// The form's content, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RulesDraft {
    /// Loyalty on.
    pub on: bool,
    /// Points per 100.
    pub points_per_100: String,
    /// Minimum bill (empty: none).
    pub minimum_bill: String,
    /// Days before points expire (empty: never).
    pub expiry_days: String,
    /// Most of a bill points may pay, in percent.
    pub max_redeem_percent: String,
    /// A point's value.
    pub point_value: String,
    /// Tiers: name and a year's spending, in the form's order.
    pub tiers: Vec<(String, String)>,
}

impl RulesDraft {
    /// The form filled from `rules`.
    pub fn of(rules: &Rules) -> RulesDraft {
        RulesDraft {
            on: rules.on,
            points_per_100: rules.points_per_100.to_string(),
            minimum_bill: rules.minimum_bill.format().replace(',', ""),
            expiry_days: rules.expiry_days.map(|d| d.to_string()).unwrap_or_default(),
            max_redeem_percent: rules.max_redeem_percent.to_string(),
            point_value: rules.point_value.format().replace(',', ""),
            tiers: rules
                .tiers
                .iter()
                .map(|t| (t.name.clone(), t.spend.format().replace(',', "")))
                .collect(),
        }
    }

    /// The rules, or every field that is wrong, in the form's order.
    pub fn build(&self) -> Result<Rules, Vec<RulesError>> {
        let mut errors = Vec::new();
        let whole = |v: &str,
                     range: std::ops::RangeInclusive<u32>,
                     f: Field,
                     errors: &mut Vec<RulesError>| {
            let n = latin_digits(v)
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| range.contains(n));
            if n.is_none() {
                errors.push(RulesError::OutOfRange(f));
            }
            n.unwrap_or(0)
        };
        let amount = |v: &str, zero_ok: bool, f: Field, errors: &mut Vec<RulesError>| {
            let t = latin_digits(v).replace(',', "");
            let t = t.trim();
            if t.is_empty() && zero_ok {
                return Paise(0);
            }
            match parse_amount(t) {
                Ok(p) if p.0 > 0 || (zero_ok && p.0 == 0) => p,
                _ => {
                    errors.push(RulesError::Amount(f));
                    Paise(0)
                }
            }
        };
        let points_per_100 = whole(
            &self.points_per_100,
            1..=POINTS_PER_100_MAX,
            Field::PointsPer100,
            &mut errors,
        );
        let minimum_bill = amount(&self.minimum_bill, true, Field::MinimumBill, &mut errors);
        let expiry_days = if self.expiry_days.trim().is_empty() {
            None
        } else {
            Some(whole(
                &self.expiry_days,
                1..=EXPIRY_MAX_DAYS,
                Field::ExpiryDays,
                &mut errors,
            ))
        };
        let max_redeem_percent = whole(
            &self.max_redeem_percent,
            0..=100,
            Field::MaxRedeem,
            &mut errors,
        ) as u8;
        let point_value = amount(&self.point_value, false, Field::PointValue, &mut errors);
        if point_value > POINT_VALUE_MAX {
            errors.push(RulesError::Amount(Field::PointValue));
        }
        let mut tiers: Vec<Tier> = Vec::new();
        for (k, (name, spend)) in self.tiers.iter().enumerate() {
            // A row left blank (or cleared) is no tier.
            if name.trim().is_empty() && spend.trim().is_empty() {
                continue;
            }
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            if name.is_empty() || name.chars().count() > TIER_NAME_MAX {
                errors.push(RulesError::TierName(k));
            }
            let before = errors.len();
            let spend = amount(spend, false, Field::Tier(k), &mut errors);
            if errors.len() == before && tiers.last().is_some_and(|t| spend <= t.spend) {
                errors.push(RulesError::TierOrder(k));
            }
            tiers.push(Tier { name, spend });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Rules {
            on: self.on,
            points_per_100,
            minimum_bill,
            expiry_days,
            max_redeem_percent,
            point_value,
            tiers,
        })
    }
}

/// The most bonus points given at once.
pub const BONUS_MAX: u32 = 100_000;
/// Longest reason for bonus points, in characters.
pub const REASON_MAX: usize = 100;

/// Why bonus points are not given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BonusError {
    /// Not a whole number from 1 to [`BONUS_MAX`].
    Points,
    /// No reason, or one longer than [`REASON_MAX`].
    Reason,
    /// The customer is not in the book (or was deleted).
    UnknownCustomer,
}

/// Bonus points given by hand to `customer`, as typed: `(points, reason)`; they expire as the
/// `rules` say from today.
pub fn give_bonus(
    book: &crate::book::Book,
    rules: &Rules,
    customer: crate::model::id::Id,
    (points, reason): (&str, &str),
    id: crate::model::id::Id,
    now: crate::model::time::Timestamp,
    offset_minutes: i32,
) -> Result<crate::model::records::Interaction, Vec<BonusError>> {
    use crate::model::records::{Interaction, InteractionKind, Meta, Money, Status};
    if !book.customer(customer).is_some_and(|c| c.meta.live()) {
        return Err(vec![BonusError::UnknownCustomer]);
    }
    let mut errors = Vec::new();
    let n = latin_digits(points)
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=BONUS_MAX).contains(n));
    if n.is_none() {
        errors.push(BonusError::Points);
    }
    let reason = reason.split_whitespace().collect::<Vec<_>>().join(" ");
    if reason.is_empty() || reason.chars().count() > REASON_MAX {
        errors.push(BonusError::Reason);
    }
    match n {
        Some(n) if errors.is_empty() => Ok(Interaction {
            meta: Meta::new(id, now),
            customer,
            at: now,
            kind: InteractionKind::Points,
            note: reason,
            rating: None,
            status: Status::Resolved,
            campaign: None,
            money: Some(Money::Points(
                n,
                crate::analysis::loyalty::expiry(rules, now.local_date(offset_minutes)),
            )),
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bonus_points_need_a_number_and_a_reason_and_expire_by_the_rules() {
        use crate::book::{Book, Change};
        use crate::model::id::Id;
        use crate::model::records::{Customer, Meta, Money};
        use crate::model::time::{Date, Timestamp};
        let asha = Customer::named(Meta::new(Id(1), Timestamp(0)), "Asha");
        let book = Book::of(Change {
            customers: vec![asha],
            ..Change::default()
        })
        .expect("a valid book");
        let rules = Rules {
            on: true,
            expiry_days: Some(10),
            ..Rules::default()
        };
        let now = Timestamp(86_400_000 * 20_000 + 1);
        let give = |points: &str, reason: &str| {
            give_bonus(&book, &rules, Id(1), (points, reason), Id(5), now, 0)
                .map(|i| (i.money, i.note))
        };
        assert_eq!(
            give(" ५० ", "  Diwali   gift "),
            Ok((
                Some(Money::Points(50, Some(Date::from_days_since_epoch(20_010)))),
                "Diwali gift".to_string()
            ))
        );
        assert_eq!(
            give("0", ""),
            Err(vec![BonusError::Points, BonusError::Reason])
        );
        assert_eq!(give("100001", "x"), Err(vec![BonusError::Points]));
        assert_eq!(give("-5", "x"), Err(vec![BonusError::Points]));
        assert_eq!(give("5", &"x".repeat(101)), Err(vec![BonusError::Reason]));
        assert_eq!(
            give_bonus(&book, &rules, Id(2), ("5", "x"), Id(5), now, 0),
            Err(vec![BonusError::UnknownCustomer])
        );
    }

    #[test]
    fn a_blank_tier_row_is_no_tier() {
        let mut d = RulesDraft::of(&Rules::default());
        d.tiers.push((String::new(), " ".into()));
        d.tiers[0] = (String::new(), String::new());
        let r = d.build().expect("valid");
        assert_eq!(r.tiers.len(), 1);
        assert_eq!(r.tiers[0].name, "Gold");
    }

    #[test]
    fn the_default_rules_read_back_through_the_form() {
        let r = Rules::default();
        assert_eq!(RulesDraft::of(&r).build(), Ok(r));
    }

    #[test]
    fn negative_or_absurd_values_are_each_refused() {
        let draft = RulesDraft {
            on: true,
            points_per_100: "-1".into(),
            minimum_bill: "-50".into(),
            expiry_days: "99999".into(),
            max_redeem_percent: "150".into(),
            point_value: "0".into(),
            tiers: vec![
                ("Silver".into(), "10000".into()),
                ("  ".into(), "5000".into()),
                ("Gold".into(), "-3".into()),
            ],
        };
        assert_eq!(
            draft.build(),
            Err(vec![
                RulesError::OutOfRange(Field::PointsPer100),
                RulesError::Amount(Field::MinimumBill),
                RulesError::OutOfRange(Field::ExpiryDays),
                RulesError::OutOfRange(Field::MaxRedeem),
                RulesError::Amount(Field::PointValue),
                RulesError::TierName(1),
                RulesError::TierOrder(1),
                RulesError::Amount(Field::Tier(2)),
            ])
        );
        let dear = RulesDraft {
            point_value: "500".into(),
            ..RulesDraft::of(&Rules::default())
        };
        assert_eq!(
            dear.build(),
            Err(vec![RulesError::Amount(Field::PointValue)])
        );
    }

    #[test]
    fn indic_digits_empty_expiry_and_no_minimum_are_read() {
        let draft = RulesDraft {
            on: true,
            points_per_100: "२".into(),
            minimum_bill: String::new(),
            expiry_days: " ".into(),
            max_redeem_percent: "૧૦".into(),
            point_value: "0.50".into(),
            tiers: vec![],
        };
        let r = draft.build().unwrap();
        assert_eq!(
            (
                r.points_per_100,
                r.minimum_bill,
                r.expiry_days,
                r.max_redeem_percent,
                r.point_value
            ),
            (2, Paise(0), None, 10, Paise(50))
        );
    }
}
