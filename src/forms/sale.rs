//! The quick sale: what the seller taps and types, checked and turned into a [`Purchase`].

use crate::book::Book;
use crate::model::id::Id;
use crate::model::money::{format_fixed, parse_amount, parse_qty, NumberError, Paise};
use crate::model::records::{Channel, Line, Meta, Payment, Purchase};
use crate::model::time::{Date, Timestamp};

/// One line on the sale screen, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftLine {
    /// The product.
    pub product: Id,
    /// Quantity as typed.
    pub qty: String,
    /// Unit price as typed (filled from the catalogue, editable).
    pub price: String,
}

/// The sale screen's state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SaleDraft {
    /// The buyer, or `None` for a walk-in.
    pub customer: Option<Id>,
    /// What is being sold.
    pub lines: Vec<DraftLine>,
    /// How it is paid.
    pub payment: Payment,
    /// Where.
    pub channel: Channel,
    /// The day of the sale as `YYYY-MM-DD`; empty means today (a notebook's older sales can be
    /// entered with their day).
    pub date: String,
}

/// A problem on the sale screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaleError {
    /// Nothing to sell.
    NoLines,
    /// Line `n`'s quantity.
    Qty(usize, NumberError),
    /// Line `n`'s price.
    Price(usize, NumberError),
    /// A product no longer in the catalogue.
    UnknownProduct(usize),
    /// Credit needs a known customer: a walk-in's tab cannot be collected.
    CreditNeedsCustomer,
    /// The date cannot be read.
    BadDate,
    /// The date is after today.
    FutureDate,
}

impl SaleDraft {
    /// A draft repeating `customer`'s most recent live purchase with lines, at the prices paid
    /// then; `None` when they have never bought an itemised sale.
    pub fn repeat_last(book: &Book, customer: Id) -> Option<SaleDraft> {
        let last = book
            .purchases_of(customer)
            .filter(|p| p.meta.live() && !p.lines.is_empty())
            .max_by_key(|p| p.at)?;
        Some(SaleDraft {
            customer: Some(customer),
            lines: last
                .lines
                .iter()
                .filter(|l| book.product(l.product).is_some_and(|p| p.meta.live()))
                .map(|l| DraftLine {
                    product: l.product,
                    qty: format_fixed(l.qty.0, 3),
                    price: format_fixed(l.unit_price.0, 2),
                })
                .collect(),
            payment: last.payment,
            channel: last.channel,
            date: String::new(),
        })
    }

    /// The running total of the lines that can be read (for display while typing).
    pub fn running_total(&self) -> Paise {
        self.lines
            .iter()
            .filter_map(|l| Some(parse_amount(&l.price).ok()? * parse_qty(&l.qty).ok()?))
            .fold(Paise(0), |a, b| a + b)
    }

    /// Checks everything and builds the purchase, or lists every problem. A sale dated before
    /// today keeps the current time of day on that date; `offset_minutes` is the local offset.
    pub fn build(
        &self,
        book: &Book,
        id: Id,
        now: Timestamp,
        offset_minutes: i32,
    ) -> Result<Purchase, Vec<SaleError>> {
        let mut errors = Vec::new();
        let today = now.local_date(offset_minutes);
        let mut at = now;
        if !self.date.trim().is_empty() {
            match Date::parse_iso(&self.date) {
                None => errors.push(SaleError::BadDate),
                Some(d) if d > today => errors.push(SaleError::FutureDate),
                Some(d) => {
                    at = Timestamp(
                        now.0 - (today.days_since_epoch() - d.days_since_epoch()) * 86_400_000,
                    )
                }
            }
        }
        if self.lines.is_empty() {
            errors.push(SaleError::NoLines);
        }
        if self.customer.is_none() && self.payment == Payment::Credit {
            errors.push(SaleError::CreditNeedsCustomer);
        }
        let mut lines = Vec::new();
        for (i, l) in self.lines.iter().enumerate() {
            if book.product(l.product).is_none() {
                errors.push(SaleError::UnknownProduct(i));
            }
            let qty = parse_qty(&l.qty).map_err(|e| errors.push(SaleError::Qty(i, e)));
            let price = parse_amount(&l.price).map_err(|e| errors.push(SaleError::Price(i, e)));
            if let (Ok(qty), Ok(unit_price)) = (qty, price) {
                lines.push(Line {
                    product: l.product,
                    qty,
                    unit_price,
                });
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut p = Purchase {
            meta: Meta::new(id, now),
            customer: self.customer,
            at,
            lines,
            total: Paise(0),
            payment: self.payment,
            channel: self.channel,
        };
        p.total = p.lines_total();
        Ok(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::Change;
    use crate::model::money::Qty;
    use crate::model::records::{Customer, Product};
    use NumberError::*;

    #[test]
    fn amounts_as_typed() {
        for (typed, paise) in [
            ("45", 4500),
            ("45.5", 4550),
            ("45.50", 4550),
            ("1,250.00", 125_000),
            (" 0 ", 0),
            ("०.५०", 50),
            (".5", 50),
        ] {
            assert_eq!(parse_amount(typed), Ok(Paise(paise)), "{typed:?}");
        }
        for (typed, why) in [
            ("", Missing),
            ("abc", NotANumber),
            ("12.345", NotANumber),
            ("1.2.3", NotANumber),
            ("-5", Negative),
            ("9999999999999", TooLarge),
            (".", NotANumber),
            ("₹45", NotANumber),
        ] {
            assert_eq!(parse_amount(typed), Err(why), "{typed:?}");
        }
    }

    #[test]
    fn quantities_as_typed() {
        assert_eq!(parse_qty("2"), Ok(Qty(2000)));
        assert_eq!(parse_qty("0.25"), Ok(Qty(250)));
        assert_eq!(parse_qty("1.5"), Ok(Qty(1500)));
        assert_eq!(parse_qty("0"), Err(Zero));
        assert_eq!(parse_qty("0.000"), Err(Zero));
        assert_eq!(parse_qty("-1"), Err(Negative));
        assert_eq!(parse_qty("0.0005"), Err(NotANumber));
        assert_eq!(parse_qty("two"), Err(NotANumber));
    }

    #[test]
    fn fixed_point_written_back() {
        assert_eq!(format_fixed(1500, 3), "1.5");
        assert_eq!(format_fixed(2000, 3), "2");
        assert_eq!(format_fixed(4550, 2), "45.5");
        assert_eq!(format_fixed(5, 2), "0.05");
    }

    fn shop() -> (Book, Customer, Product) {
        let asha = Customer::named(Meta::new(Id(1), Timestamp(0)), "Asha");
        let dal = Product {
            meta: Meta::new(Id(2), Timestamp(0)),
            name: "Dal".into(),
            category: String::new(),
            unit: "kg".into(),
            price: Paise(14_000),
            lasts_days: None,
        };
        let mut book = Book::default();
        let planned = book
            .plan(Change {
                customers: vec![asha.clone()],
                products: vec![dal.clone()],
                ..Change::default()
            })
            .unwrap();
        book.apply(planned).expect("planned change applies");
        (book, asha, dal)
    }

    fn line(p: &Product, qty: &str, price: &str) -> DraftLine {
        DraftLine {
            product: p.meta.id,
            qty: qty.into(),
            price: price.into(),
        }
    }

    #[test]
    fn a_sale_is_built_with_an_exact_total() {
        let (book, asha, dal) = shop();
        let draft = SaleDraft {
            customer: Some(asha.meta.id),
            lines: vec![line(&dal, "1.5", "140"), line(&dal, "0.25", "139.99")],
            payment: Payment::Upi,
            channel: Channel::Stall,
            date: String::new(),
        };
        assert_eq!(draft.running_total(), Paise(21_000 + 3_500));
        let p = draft.build(&book, Id(9), Timestamp(100), 0).unwrap();
        assert_eq!(p.total, Paise(24_500));
        assert_eq!(
            (p.customer, p.at, p.payment),
            (Some(asha.meta.id), Timestamp(100), Payment::Upi)
        );
    }

    #[test]
    fn every_problem_is_listed() {
        let (book, _, dal) = shop();
        assert_eq!(
            SaleDraft::default().build(&book, Id(9), Timestamp(1), 0),
            Err(vec![SaleError::NoLines])
        );
        let draft = SaleDraft {
            customer: None,
            lines: vec![line(&dal, "0", "-3"), line(&dal, "x", "")],
            payment: Payment::Credit,
            channel: Channel::Stall,
            date: "2026-13-01".into(),
        };
        assert_eq!(
            draft.build(&book, Id(9), Timestamp(1), 0),
            Err(vec![
                SaleError::BadDate,
                SaleError::CreditNeedsCustomer,
                SaleError::Qty(0, Zero),
                SaleError::Price(0, Negative),
                SaleError::Qty(1, NotANumber),
                SaleError::Price(1, Missing),
            ])
        );
    }

    #[test]
    fn a_sale_can_be_dated_back_but_not_ahead() {
        let (book, asha, dal) = shop();
        // 22 Nov 2026, 10:00 in India.
        let today = Date::new(2026, 11, 22).unwrap();
        let now = Timestamp(Timestamp::at_local_midnight(today, 330).0 + 10 * 3_600_000);
        let mut draft = SaleDraft {
            customer: Some(asha.meta.id),
            lines: vec![line(&dal, "1", "140")],
            date: "2026-11-15".into(),
            ..SaleDraft::default()
        };
        let p = draft.build(&book, Id(9), now, 330).unwrap();
        assert_eq!(p.at, Timestamp(now.0 - 7 * 86_400_000));
        assert_eq!(p.at.local_date(330), Date::new(2026, 11, 15).unwrap());
        assert_eq!(p.meta.created, now, "the record says when it was entered");
        draft.date = "2026-11-22".into();
        assert_eq!(draft.build(&book, Id(9), now, 330).unwrap().at, now);
        draft.date = "2026-11-23".into();
        assert_eq!(
            draft.build(&book, Id(9), now, 330),
            Err(vec![SaleError::FutureDate])
        );
        // Just after midnight UTC it is already the 23rd in India: the 23rd is today there.
        let late = Timestamp(Timestamp::at_local_midnight(today, 0).0 + 23 * 3_600_000);
        assert!(draft.build(&book, Id(9), late, 330).is_ok());
        assert!(draft.build(&book, Id(9), late, 0).is_err());
    }

    #[test]
    fn the_last_order_is_repeated() {
        let (mut book, asha, dal) = shop();
        assert_eq!(SaleDraft::repeat_last(&book, asha.meta.id), None);
        let draft = SaleDraft {
            customer: Some(asha.meta.id),
            lines: vec![line(&dal, "2", "135")],
            payment: Payment::Cash,
            channel: Channel::Phone,
            date: String::new(),
        };
        let p = draft.build(&book, Id(9), Timestamp(5), 0).unwrap();
        let planned = book
            .plan(Change {
                purchases: vec![p],
                ..Change::default()
            })
            .unwrap();
        book.apply(planned).expect("planned change applies");
        assert_eq!(SaleDraft::repeat_last(&book, asha.meta.id), Some(draft));
    }
}
