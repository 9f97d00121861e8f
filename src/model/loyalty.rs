//! Loyalty as the seller sets it up: how points are earned and spent, when they expire, and the
//! tiers of spending; and one line of a customer's points ledger. A line keeps the points and
//! the expiry day it was given with, so changing the rules never rewrites history.

use crate::model::id::Id;
use crate::model::money::Paise;
use crate::model::time::{Date, Timestamp};
use serde::{Deserialize, Serialize};

/// The loyalty rules (off until the seller turns them on).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Rules {
    /// Whether sales earn points at all.
    pub on: bool,
    /// Points for every full 100 of currency on a bill.
    pub points_per_100: u32,
    /// Bills below this earn nothing.
    pub minimum_bill: Paise,
    /// Days after which points expire; `None`: they never do.
    pub expiry_days: Option<u32>,
    /// The most of a bill that points may pay, in percent (0-100).
    pub max_redeem_percent: u8,
    /// What one point is worth when spent.
    pub point_value: Paise,
    /// Tiers by spending over the last 12 months, lowest first.
    pub tiers: Vec<Tier>,
}

impl Rules {
    /// What `points` are worth when spent.
    pub fn worth(&self, points: u64) -> Paise {
        Paise(
            self.point_value
                .0
                .saturating_mul(i64::try_from(points).unwrap_or(i64::MAX)),
        )
    }
}

impl Default for Rules {
    /// One point per ₹100, no minimum, a year to spend them, up to half a bill, a point worth
    /// ₹1; silver from ₹10,000 and gold from ₹50,000 a year. Off.
    fn default() -> Rules {
        Rules {
            on: false,
            points_per_100: 1,
            minimum_bill: Paise(0),
            expiry_days: Some(365),
            max_redeem_percent: 50,
            point_value: Paise(100),
            tiers: vec![
                Tier {
                    name: "Silver".into(),
                    spend: Paise(1_000_000),
                },
                Tier {
                    name: "Gold".into(),
                    spend: Paise(5_000_000),
                },
            ],
        }
    }
}

/// A tier: its name and the spending over 12 months that reaches it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tier {
    /// The seller's name for it.
    pub name: String,
    /// Spending over the last 12 months from which a customer is in it.
    pub spend: Paise,
}

/// What moved a customer's points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    /// Earned on a sale.
    Earned,
    /// Spent on a sale.
    Redeemed,
    /// Given: by a campaign's offer or by hand, with a reason.
    Bonus,
}

/// One line of a customer's points ledger. (Expiry is not a line: it follows from each earned
/// or given line's own `expires` day, worked out when the ledger is read.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Whose points.
    pub customer: Id,
    /// When.
    pub at: Timestamp,
    /// What happened.
    pub kind: Kind,
    /// How many points (always above zero; `kind` says which way).
    pub points: u32,
    /// The first day they can no longer be spent, fixed when they were given (`None`: never).
    pub expires: Option<Date>,
    /// The sale it belongs to, if any.
    pub sale: Option<Id>,
    /// Why (a bonus by hand, a campaign's name).
    pub reason: String,
}
