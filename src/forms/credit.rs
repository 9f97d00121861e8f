//! Taking a payment toward what a customer owes: the amount as typed and how it came (cash or
//! UPI), checked against their balance; more than they owe is kept as an advance only when the
//! seller says so.

use crate::analysis::credit::{check_payment, standing_of, PaymentCheck};
use crate::book::Book;
use crate::model::id::Id;
use crate::model::money::{parse_amount, NumberError, Paise};
use crate::model::records::{Interaction, InteractionKind, Meta, Money, Payment, Status};
use crate::model::time::Timestamp;

/// How a payment toward credit may come.
pub const METHODS: [Payment; 2] = [Payment::Cash, Payment::Upi];

/// Why a payment is not recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PayError {
    /// The amount cannot be read.
    Amount(NumberError),
    /// Zero or less.
    NotAboveZero,
    /// More than they owe by this much: ask whether to keep it as an advance.
    Surplus(Paise),
    /// The customer is not in the book (or was deleted).
    UnknownCustomer,
}

/// A payment of `amount` (as typed) by `how` from `customer`, checked: refused when it is not an
/// amount above zero, and when it is more than they owe unless `advance_ok` (the seller agreed to
/// keep the surplus as an advance). The note is left empty; the timeline shows the amount.
pub fn receive(
    book: &Book,
    customer: Id,
    amount: &str,
    how: Payment,
    advance_ok: bool,
    id: Id,
    now: Timestamp,
) -> Result<Interaction, PayError> {
    if !book.customer(customer).is_some_and(|c| c.meta.live()) {
        return Err(PayError::UnknownCustomer);
    }
    let amount = parse_amount(amount).map_err(PayError::Amount)?;
    match check_payment(standing_of(book, customer).owed, amount) {
        PaymentCheck::Refused => return Err(PayError::NotAboveZero),
        PaymentCheck::Surplus(more) if !advance_ok => return Err(PayError::Surplus(more)),
        _ => {}
    }
    Ok(Interaction {
        meta: Meta::new(id, now),
        customer,
        at: now,
        kind: InteractionKind::Payment,
        note: String::new(),
        rating: None,
        status: Status::Resolved,
        campaign: None,
        money: Some(Money::Paid(amount, how)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::Change;
    use crate::model::records::{Customer, Purchase, SaleMoney};

    fn book_owing(rupees: i64) -> Book {
        let asha = Customer::named(Meta::new(Id(1), Timestamp(0)), "Asha");
        let gone = Customer {
            meta: Meta::new(Id(2), Timestamp(0)).deleted(Timestamp(1)),
            ..Customer::named(Meta::new(Id(2), Timestamp(0)), "Gone")
        };
        let sale = Purchase {
            meta: Meta::new(Id(10), Timestamp(5)),
            customer: Some(Id(1)),
            at: Timestamp(5),
            lines: vec![],
            total: Paise(rupees * 100),
            payment: Payment::Credit,
            channel: Default::default(),
            note: String::new(),
            by: String::new(),
            money: SaleMoney::all_on_credit(Paise(rupees * 100)),
        };
        Book::of(Change {
            customers: vec![asha, gone],
            purchases: vec![sale],
            ..Change::default()
        })
        .expect("a valid book")
    }

    #[test]
    fn a_part_payment_is_recorded_and_lowers_the_balance() {
        let mut book = book_owing(140);
        let paid = receive(
            &book,
            Id(1),
            "60",
            Payment::Upi,
            false,
            Id(20),
            Timestamp(9),
        );
        let paid = paid.expect("a part payment");
        assert_eq!(paid.money, Some(Money::Paid(Paise(6_000), Payment::Upi)));
        assert_eq!(paid.kind, InteractionKind::Payment);
        book.apply(Change {
            interactions: vec![paid],
            ..Change::default()
        })
        .expect("applies");
        assert_eq!(standing_of(&book, Id(1)).owed, Paise(8_000));
    }

    #[test]
    fn bad_amounts_and_surpluses_are_refused_until_the_seller_agrees() {
        let book = book_owing(140);
        let pay = |amount: &str, ok: bool| {
            receive(
                &book,
                Id(1),
                amount,
                Payment::Cash,
                ok,
                Id(20),
                Timestamp(9),
            )
            .map(|i| i.money)
        };
        assert!(matches!(pay("abc", false), Err(PayError::Amount(_))));
        assert_eq!(pay("0", false), Err(PayError::NotAboveZero));
        assert!(pay("-5", true).is_err());
        assert_eq!(pay("150", false), Err(PayError::Surplus(Paise(1_000))));
        assert_eq!(
            pay("150", true),
            Ok(Some(Money::Paid(Paise(15_000), Payment::Cash)))
        );
        assert_eq!(pay("140", false).map(|_| ()), Ok(()));
        let gone = receive(
            &book,
            Id(2),
            "10",
            Payment::Cash,
            true,
            Id(20),
            Timestamp(9),
        );
        assert_eq!(gone, Err(PayError::UnknownCustomer));
    }
}
