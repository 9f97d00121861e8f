//! A promotion as the book keeps it: who it is for (segments, the seller's own segments,
//! customers picked by hand, less the exclusions), what it offers and says (a text per
//! language), who it is for and who was held back to measure it. Each send is a message on the
//! customer's timeline that names the campaign (`Interaction::campaign`), so marking one sent
//! writes one small record, not the whole campaign again.

use crate::model::id::Id;
use crate::model::money::Paise;
use crate::model::records::Meta;
use crate::model::time::Timestamp;
use serde::{Deserialize, Serialize};

/// What a campaign offers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Offer {
    /// Nothing: a reminder.
    #[default]
    None,
    /// A share off the bill, 1-100.
    PercentOff(u8),
    /// An amount off the bill.
    AmountOff(Paise),
    /// Loyalty points given.
    BonusPoints(u32),
    /// Something given free.
    FreeItem(String),
}

/// A campaign.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Campaign {
    /// Identity and history.
    pub meta: Meta,
    /// The seller's name for it.
    pub name: String,
    /// Built-in and RFM segments, by their slugs (`at-risk`, `lapsing`, `due-<product id>`).
    pub segments: Vec<String>,
    /// The seller's own segments.
    pub custom: Vec<Id>,
    /// Customers picked by hand.
    pub picked: Vec<Id>,
    /// Leave out those sent a message in the last this many days.
    pub contacted_days: Option<u16>,
    /// Leave out those who bought in the last this many days.
    pub bought_days: Option<u16>,
    /// Leave out those with an open complaint.
    pub open_complaint: bool,
    /// The share held back to measure it (0-50).
    pub holdout_percent: u8,
    /// Draws the holdout: the same customers each time for this campaign.
    pub seed: u64,
    /// What it offers.
    pub offer: Offer,
    /// Its text in each language it was written in (language code, text).
    pub texts: Vec<(String, String)>,
    /// Days after a contact in which a purchase counts for it.
    pub window_days: u16,
    /// When its audience was fixed (`None` while it is being written).
    pub started: Option<Timestamp>,
    /// Who it is for, fixed when it started.
    pub members: Vec<Id>,
    /// Who was held back, fixed when it started.
    pub holdout: Vec<Id>,
}

impl Campaign {
    /// The text for a member who reads language `lang` (a code): theirs, else the shop's
    /// (`shop`), else the first written; with the code of the language it is in.
    pub fn text_for(&self, lang: &str, shop: &str) -> Option<(&str, &str)> {
        let find = |code: &str| self.texts.iter().find(|(l, _)| l == code);
        find(lang)
            .or_else(|| find(shop))
            .or_else(|| self.texts.first())
            .map(|(l, t)| (l.as_str(), t.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_member_reads_their_language_else_the_shop_s_else_the_first() {
        let c = Campaign {
            meta: Meta::new(Id(1), Timestamp(0)),
            name: "x".into(),
            segments: vec![],
            custom: vec![],
            picked: vec![],
            contacted_days: None,
            bought_days: None,
            open_complaint: false,
            holdout_percent: 0,
            seed: 0,
            offer: Offer::None,
            texts: vec![("ml".into(), "നന്ദി".into()), ("hi".into(), "धन्यवाद".into())],
            window_days: 14,
            started: None,
            members: vec![],
            holdout: vec![],
        };
        assert_eq!(c.text_for("hi", "en"), Some(("hi", "धन्यवाद")));
        assert_eq!(c.text_for("ur", "hi"), Some(("hi", "धन्यवाद")));
        assert_eq!(c.text_for("ur", "en"), Some(("ml", "നന്ദി")));
        let none = Campaign { texts: vec![], ..c };
        assert_eq!(none.text_for("hi", "hi"), None);
    }
}
