//! A campaign's offer as the seller types it, checked.

use crate::model::money::parse_amount;
use crate::model::phone::latin_digits;

pub use crate::model::campaign::Offer;

/// The kinds of offer, as the form offers them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OfferKind {
    /// A reminder.
    #[default]
    None,
    /// Percent off.
    PercentOff,
    /// Amount off.
    AmountOff,
    /// Bonus points.
    BonusPoints,
    /// A free item.
    FreeItem,
}

impl OfferKind {
    /// Every kind, in the form's order.
    pub const ALL: [OfferKind; 5] = [
        OfferKind::None,
        OfferKind::PercentOff,
        OfferKind::AmountOff,
        OfferKind::BonusPoints,
        OfferKind::FreeItem,
    ];
}

/// Why an offer is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OfferError {
    /// A percent that is not a whole number from 1 to 100.
    Percent,
    /// An amount that is not money above zero.
    Amount,
    /// Points that are not a whole number from 1 to 1,00,000.
    Points,
    /// A free item without a name (or longer than 60 characters).
    Item,
}

/// The offer of `kind` with `value` as typed (Latin or Indic digits).
pub fn offer(kind: OfferKind, value: &str) -> Result<Offer, OfferError> {
    let v = latin_digits(value);
    let v = v.trim();
    match kind {
        OfferKind::None => Ok(Offer::None),
        OfferKind::PercentOff => v
            .trim_end_matches('%')
            .trim()
            .parse::<u8>()
            .ok()
            .filter(|p| (1..=100).contains(p))
            .map(Offer::PercentOff)
            .ok_or(OfferError::Percent),
        OfferKind::AmountOff => parse_amount(v)
            .ok()
            .filter(|p| p.0 > 0)
            .map(Offer::AmountOff)
            .ok_or(OfferError::Amount),
        OfferKind::BonusPoints => v
            .replace(',', "")
            .parse::<u32>()
            .ok()
            .filter(|p| (1..=100_000).contains(p))
            .map(Offer::BonusPoints)
            .ok_or(OfferError::Points),
        OfferKind::FreeItem => {
            let name = v.split_whitespace().collect::<Vec<_>>().join(" ");
            if name.is_empty() || name.chars().count() > 60 {
                Err(OfferError::Item)
            } else {
                Ok(Offer::FreeItem(name))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::Paise;

    #[test]
    fn offers_are_read_as_typed_and_absurd_ones_refused() {
        use OfferKind::*;
        let cases: &[(OfferKind, &str, Result<Offer, OfferError>)] = &[
            (None, "anything", Ok(Offer::None)),
            (PercentOff, "10", Ok(Offer::PercentOff(10))),
            (PercentOff, " 15 % ", Ok(Offer::PercentOff(15))),
            (PercentOff, "१००", Ok(Offer::PercentOff(100))),
            (PercentOff, "101", Err(OfferError::Percent)),
            (PercentOff, "-5", Err(OfferError::Percent)),
            (PercentOff, "0", Err(OfferError::Percent)),
            (PercentOff, "12.5", Err(OfferError::Percent)),
            (AmountOff, "50", Ok(Offer::AmountOff(Paise(5_000)))),
            (AmountOff, "1,250.50", Ok(Offer::AmountOff(Paise(125_050)))),
            (AmountOff, "0", Err(OfferError::Amount)),
            (AmountOff, "-20", Err(OfferError::Amount)),
            (BonusPoints, "1,000", Ok(Offer::BonusPoints(1_000))),
            (BonusPoints, "0", Err(OfferError::Points)),
            (BonusPoints, "2.5", Err(OfferError::Points)),
            (
                FreeItem,
                "  one   kg sugar ",
                Ok(Offer::FreeItem("one kg sugar".into())),
            ),
            (FreeItem, " ", Err(OfferError::Item)),
        ];
        for (kind, typed, want) in cases {
            assert_eq!(&offer(*kind, typed), want, "{kind:?} {typed:?}");
        }
    }
}
