//! Custom segments as data: the seller's own rules, such as "spent at least ₹5,000 and (area is
//! Lal Bazaar or is wholesale)". A rule is groups of conditions: conditions within a group are
//! combined with all/any, and the groups with all/any (one level of nesting). Evaluating a rule
//! is `analysis::rules`; the form that builds one is `forms::segment`.

use crate::model::records::Meta;
use serde::{Deserialize, Serialize};

/// What a condition looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// Days since the last purchase (no purchase: never matches a number).
    Recency,
    /// Number of purchases.
    Visits,
    /// Total spent, in the shop's currency as typed (`5000`, `49.50`).
    Spent,
    /// Average purchase total, as typed.
    AverageBasket,
    /// Usual days between visits.
    UsualInterval,
    /// R score 1-5.
    RScore,
    /// F score 1-5.
    FScore,
    /// M score 1-5.
    MScore,
    /// RFM segment, by its slug (`champions`, `at-risk`).
    Segment,
    /// Area, compared ignoring case and spacing.
    Area,
    /// `wholesale` or `retail`.
    Kind,
    /// One of the customer's tags.
    Tag,
}

/// How a condition compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// Below the value.
    Less,
    /// At most the value.
    AtMost,
    /// Equal (numbers) or the same text (ignoring case).
    Equals,
    /// Not equal.
    NotEquals,
    /// At least the value.
    AtLeast,
    /// Above the value.
    More,
    /// Text containing the value (ignoring case).
    Contains,
}

/// One condition, with its value as the seller typed it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    /// What is compared.
    pub field: Field,
    /// How.
    pub op: Op,
    /// With what.
    pub value: String,
}

/// Conditions combined with all (`and`) or any (`or`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// `true`: every condition must hold; `false`: at least one.
    pub all: bool,
    /// The conditions.
    pub conditions: Vec<Condition>,
}

/// Groups combined with all or any.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    /// `true`: every group must hold; `false`: at least one.
    pub all: bool,
    /// The groups.
    pub groups: Vec<Group>,
}

/// A custom segment as saved: a name and its rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSegment {
    /// Identity and history (an edit keeps the id and moves `updated`).
    pub meta: Meta,
    /// The seller's name for it, unique among live custom segments.
    pub name: String,
    /// Who is in it.
    pub rule: Rule,
}

/// Who was in which RFM segment on a day: kept once a month, so that the Insights screen can
/// show how customers moved between segments since. A segment is stored as its place in the
/// RFM segments' display order (`analysis::rfm::Segment::ALL`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentSnapshot {
    /// Identity and history: the id is the month's own ([`SegmentSnapshot::id_of`]), so that
    /// two tablets or tabs keeping the same month's write one record.
    pub meta: Meta,
    /// The day it was taken.
    pub taken: crate::model::time::Date,
    /// Each live customer's segment, by customer id (sorted by id).
    pub members: Vec<(crate::model::id::Id, u8)>,
}

impl SegmentSnapshot {
    /// The id of the snapshot of the month of `day`.
    pub fn id_of(day: crate::model::time::Date) -> crate::model::id::Id {
        // "SNAP" in the top bits, then the month: apart from every random id in practice.
        const TAG: u128 = 0x534E_4150 << 96;
        crate::model::id::Id(TAG | (day.year as u128 & 0xFFFF) << 8 | u128::from(day.month))
    }
}

impl Field {
    /// Every field, in declaration order (the stored code is the index).
    pub const ALL: [Field; 12] = [
        Field::Recency,
        Field::Visits,
        Field::Spent,
        Field::AverageBasket,
        Field::UsualInterval,
        Field::RScore,
        Field::FScore,
        Field::MScore,
        Field::Segment,
        Field::Area,
        Field::Kind,
        Field::Tag,
    ];

    /// Whether the field compares numbers (else text).
    pub fn is_number(self) -> bool {
        !matches!(
            self,
            Field::Segment | Field::Area | Field::Kind | Field::Tag
        )
    }
}

impl Op {
    /// Every operator, in declaration order (the stored code is the index).
    pub const ALL: [Op; 7] = [
        Op::Less,
        Op::AtMost,
        Op::Equals,
        Op::NotEquals,
        Op::AtLeast,
        Op::More,
        Op::Contains,
    ];

    /// The operators a field offers.
    pub fn for_field(field: Field) -> &'static [Op] {
        if field.is_number() {
            &Op::ALL[..6]
        } else {
            &[Op::Equals, Op::NotEquals, Op::Contains]
        }
    }
}
