//! The records of a seller's book. Every record carries [`Meta`]: a random id, created and
//! updated instants, and soft deletion, so that two books can later be merged record by record.

use crate::model::id::Id;
use crate::model::money::{Paise, Qty};
use crate::model::time::{Date, Timestamp};
use serde::{Deserialize, Serialize};

/// Identity and history of a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// Globally unique id.
    pub id: Id,
    /// When the record was first saved.
    pub created: Timestamp,
    /// When it was last changed (a merge keeps the later one).
    pub updated: Timestamp,
    /// When it was deleted; deleted records are kept so that a merge does not bring them back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<Timestamp>,
}

impl Meta {
    /// A new record's meta.
    pub fn new(id: Id, now: Timestamp) -> Meta {
        Meta {
            id,
            created: now,
            updated: now,
            deleted: None,
        }
    }

    /// Whether the record is live (not deleted).
    pub fn live(&self) -> bool {
        self.deleted.is_none()
    }

    /// Deleted softly at `now`: the record stays (sales keep pointing at it) but is no longer
    /// shown or counted, and can be brought back with [`Meta::undeleted`].
    pub fn deleted(self, now: Timestamp) -> Meta {
        Meta {
            deleted: Some(now),
            updated: now,
            ..self
        }
    }

    /// Live again at `now` (undo of a delete).
    pub fn undeleted(self, now: Timestamp) -> Meta {
        Meta {
            deleted: None,
            updated: now,
            ..self
        }
    }
}

/// Retail customer or wholesale buyer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerKind {
    /// Buys for their own household.
    #[default]
    Retail,
    /// Buys to resell (a shop, a caterer).
    Wholesale,
}

impl CustomerKind {
    /// Every value, in declaration order (the stored code is the index).
    pub const ALL: [CustomerKind; 2] = [CustomerKind::Retail, CustomerKind::Wholesale];
}

/// Life stage, for offers that fit (school supplies, baby care, senior discounts).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum LifeStage {
    Student,
    YoungFamily,
    FamilyWithTeens,
    Senior,
    Business,
}

impl LifeStage {
    /// Every value, in declaration order (the stored code is the index).
    pub const ALL: [LifeStage; 5] = [
        LifeStage::Student,
        LifeStage::YoungFamily,
        LifeStage::FamilyWithTeens,
        LifeStage::Senior,
        LifeStage::Business,
    ];
}

/// Rough age when the birthday is not known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum AgeBand {
    Under18,
    From18To29,
    From30To44,
    From45To59,
    Over60,
}

impl AgeBand {
    /// Every value, in declaration order (the stored code is the index).
    pub const ALL: [AgeBand; 5] = [
        AgeBand::Under18,
        AgeBand::From18To29,
        AgeBand::From30To44,
        AgeBand::From45To59,
        AgeBand::Over60,
    ];
}

/// A birthday; the year is often unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Birthday {
    /// Month, 1-12.
    pub month: u8,
    /// Day of month.
    pub day: u8,
    /// Birth year when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
}

/// Permission to send promotions on each channel (transactional messages need none).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    /// May receive promotions on WhatsApp.
    pub whatsapp: bool,
    /// May receive promotions by SMS.
    pub sms: bool,
    /// When this choice was given or withdrawn (unknown for customers kept before it was
    /// recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<Timestamp>,
}

impl Consent {
    /// Whether they accept offers on any channel.
    pub fn offers(&self) -> bool {
        self.whatsapp || self.sms
    }
}

/// A customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    /// Identity and history.
    pub meta: Meta,
    /// Name in any script.
    pub name: String,
    /// E.164 phone number (`+919876543210`), unique among live customers when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// The seller's own code for the customer (from a notebook or another app).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub code: String,
    /// Promotion consent.
    #[serde(default)]
    pub consent: Consent,
    /// Retail or wholesale.
    #[serde(default)]
    pub kind: CustomerKind,
    /// Neighbourhood, village or market.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub area: String,
    /// Birthday, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birthday: Option<Birthday>,
    /// Age band, when the birthday is not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_band: Option<AgeBand>,
    /// Life stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub life_stage: Option<LifeStage>,
    /// Language code the customer prefers for messages (`hi`, `gu`, `ml`, `ur`, `en`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub language: String,
    /// Preferences and notes ("no onion", "pays on Fridays").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Free tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The most they may owe on credit (udhaar); a sale beyond it asks first. `None`: no limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_limit: Option<Paise>,
}

impl Customer {
    /// The language for texts meant for this customer (messages, reminders): theirs when it is
    /// known, else the shop's.
    pub fn message_lang(&self, shop: crate::model::settings::Lang) -> crate::model::settings::Lang {
        crate::model::settings::Lang::from_code(&self.language).unwrap_or(shop)
    }

    /// A customer with only a name; everything else empty.
    pub fn named(meta: Meta, name: &str) -> Customer {
        Customer {
            meta,
            name: name.to_string(),
            phone: None,
            code: String::new(),
            consent: Consent::default(),
            kind: CustomerKind::Retail,
            area: String::new(),
            birthday: None,
            age_band: None,
            life_stage: None,
            language: String::new(),
            notes: String::new(),
            tags: Vec::new(),
            credit_limit: None,
        }
    }
}

/// A product in the catalogue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    /// Identity and history.
    pub meta: Meta,
    /// Name in any script.
    pub name: String,
    /// Category ("grains", "oil", "sarees").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub category: String,
    /// Unit sold ("kg", "packet", "piece").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
    /// Price per unit.
    pub price: Paise,
    /// How many days one unit usually lasts a household, for replenishment reminders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lasts_days: Option<u16>,
}

/// How a purchase was paid.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Payment {
    #[default]
    Cash,
    Upi,
    Card,
    /// On the customer's tab (udhaar).
    Credit,
}

impl Payment {
    /// Every payment method, in the order the sale screen shows them.
    pub const ALL: [Payment; 4] = [Payment::Cash, Payment::Upi, Payment::Card, Payment::Credit];
}

/// Where the sale happened.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Channel {
    #[default]
    Stall,
    Phone,
    WhatsApp,
    Online,
}

impl Channel {
    /// Every channel, in display order.
    pub const ALL: [Channel; 4] = [
        Channel::Stall,
        Channel::Phone,
        Channel::WhatsApp,
        Channel::Online,
    ];
}

/// One line of a purchase.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// The product sold.
    pub product: Id,
    /// How much.
    pub qty: Qty,
    /// Price per unit charged on this sale (may differ from the catalogue).
    pub unit_price: Paise,
}

/// A sale. Lines may be empty when only the total is known (an imported notebook).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Purchase {
    /// Identity and history.
    pub meta: Meta,
    /// The buyer; `None` for a walk-in.
    pub customer: Option<Id>,
    /// When the sale happened.
    pub at: Timestamp,
    /// What was sold.
    pub lines: Vec<Line>,
    /// Amount charged.
    pub total: Paise,
    /// How it was paid.
    pub payment: Payment,
    /// Where it happened.
    pub channel: Channel,
    /// The seller's remark: why a sale was corrected or voided.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// The device that last entered, corrected or voided it (its name from Settings, or a
    /// short random name); empty for sales from before it was kept, or imported.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub by: String,
    /// What it left on credit and did with loyalty points.
    #[serde(default)]
    pub money: SaleMoney,
}

/// What a sale left on the customer's credit and did with their loyalty points. The bill is the
/// purchase's `total`; the customer pays `total - redeemed_value`, of which `credit` is left
/// unpaid. Points keep what they were given with, so changing the rules never rewrites them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleMoney {
    /// The part left on credit (udhaar).
    pub credit: Paise,
    /// Points spent on the bill.
    pub redeemed: u32,
    /// What those points took off the bill.
    pub redeemed_value: Paise,
    /// Points the sale earned.
    pub earned: u32,
    /// The first day the earned points can no longer be spent (`None`: never).
    pub expires: Option<Date>,
}

impl SaleMoney {
    /// A sale of `total` all on credit, as every credit sale was before parts and points.
    pub fn all_on_credit(total: Paise) -> SaleMoney {
        SaleMoney {
            credit: total,
            ..SaleMoney::default()
        }
    }
}

impl Purchase {
    /// What a sale written before parts of credit and points were kept meant: a credit sale
    /// all on credit, any other nothing. (Stores write [`Purchase::money`] only when it
    /// differs, so such sales take no more room than before.)
    pub fn implied_money(payment: Payment, total: Paise) -> SaleMoney {
        if payment == Payment::Credit {
            SaleMoney::all_on_credit(total)
        } else {
            SaleMoney::default()
        }
    }

    /// What the customer pays: the bill less what points took off.
    pub fn to_pay(&self) -> Paise {
        Paise(self.total.0 - self.money.redeemed_value.0)
    }

    /// Sum of the lines, for a total the seller has not overridden.
    pub fn lines_total(&self) -> Paise {
        self.lines
            .iter()
            .fold(Paise(0), |sum, l| sum + l.unit_price * l.qty)
    }
}

/// What kind of contact an interaction was.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum InteractionKind {
    Call,
    Visit,
    Message,
    Complaint,
    Warranty,
    Return,
    Feedback,
    /// A payment received toward credit (see [`Money::Paid`]).
    Payment,
    /// Loyalty points given by hand or by a campaign (see [`Money::Points`]).
    Points,
}

impl InteractionKind {
    /// Every value, in declaration order (the stored code is the index).
    pub const ALL: [InteractionKind; 9] = [
        InteractionKind::Call,
        InteractionKind::Visit,
        InteractionKind::Message,
        InteractionKind::Complaint,
        InteractionKind::Warranty,
        InteractionKind::Return,
        InteractionKind::Feedback,
        InteractionKind::Payment,
        InteractionKind::Points,
    ];
}

/// Whether an interaction still needs the seller.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Status {
    #[default]
    Open,
    Resolved,
}

impl Status {
    /// Every value, in declaration order (the stored code is the index).
    pub const ALL: [Status; 2] = [Status::Open, Status::Resolved];
}

/// A call, visit, message, complaint, warranty claim, return or feedback.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interaction {
    /// Identity and history.
    pub meta: Meta,
    /// Who it was with.
    pub customer: Id,
    /// When.
    pub at: Timestamp,
    /// What kind.
    pub kind: InteractionKind,
    /// What was said or agreed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Rating 1-5, for feedback.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<u8>,
    /// Open until resolved (complaints and warranty issues).
    #[serde(default)]
    pub status: Status,
    /// The campaign this message was sent for, if any (its send, counted in its results).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign: Option<Id>,
    /// What a payment or a points contact moved (`None` for every other kind).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub money: Option<Money>,
}

/// Money or points moved by a contact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Money {
    /// Received toward what the customer owes (more than that is kept as an advance), and how.
    Paid(Paise, Payment),
    /// Loyalty points given, and the first day they can no longer be spent (`None`: never).
    Points(u32, Option<Date>),
}

impl InteractionKind {
    /// Whether this kind stays open until resolved.
    pub fn stays_open(self) -> bool {
        matches!(self, InteractionKind::Complaint | InteractionKind::Warranty)
    }

    /// Whether a note is required: a complaint, claim or return says what it is about.
    pub fn needs_note(self) -> bool {
        matches!(
            self,
            InteractionKind::Complaint | InteractionKind::Warranty | InteractionKind::Return
        )
    }
}

impl Interaction {
    /// Open and waiting for the seller.
    pub fn is_open(&self) -> bool {
        self.meta.live() && self.kind.stays_open() && self.status == Status::Open
    }
}
