//! Logging calls, visits, messages, complaints, warranty claims and returns; open issues.
//!
//! Complaints and warranty claims stay open until the seller resolves them; everything else is
//! a plain note, closed as soon as it is logged.

use crate::book::Book;
use crate::model::id::Id;
use crate::model::money::NumberError;
use crate::model::records::{Interaction, InteractionKind, Meta, Status};
use crate::model::time::Timestamp;

/// Longest note, in characters.
pub const NOTE_MAX: usize = 1000;

/// Kinds the seller logs by hand: all but feedback (which comes from the sale screen).
pub const LOGGABLE: &[InteractionKind] = InteractionKind::ALL.split_at(6).0;

/// Why an interaction cannot be logged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogError {
    /// A complaint, claim or return without a note.
    NoteRequired,
    /// Longer than [`NOTE_MAX`] characters.
    NoteTooLong,
    /// The customer is not in the book.
    UnknownCustomer,
}

/// Builds a new interaction with `customer`, checked.
pub fn log(
    book: &Book,
    customer: Id,
    kind: InteractionKind,
    note: &str,
    id: Id,
    now: Timestamp,
) -> Result<Interaction, LogError> {
    if !book.customer(customer).is_some_and(|c| c.meta.live()) {
        return Err(LogError::UnknownCustomer);
    }
    let note = note.trim();
    if note.is_empty() && kind.needs_note() {
        return Err(LogError::NoteRequired);
    }
    if note.chars().count() > NOTE_MAX {
        return Err(LogError::NoteTooLong);
    }
    Ok(Interaction {
        campaign: None,
        meta: Meta::new(id, now),
        customer,
        at: now,
        kind,
        note: note.to_string(),
        rating: None,
        status: if kind.stays_open() {
            Status::Open
        } else {
            Status::Resolved
        },
        money: Default::default(),
    })
}

/// The interaction marked resolved at `now`.
pub fn resolve(i: &Interaction, now: Timestamp) -> Interaction {
    let mut r = i.clone();
    r.status = Status::Resolved;
    r.meta.updated = now;
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::history::{open_counts, open_issues};
    use crate::book::Change;
    use crate::model::records::Customer;

    fn book_with(customers: &[(u128, bool)]) -> Book {
        let mut book = Book::default();
        let mut change = Change::default();
        for &(id, live) in customers {
            let mut c = Customer::named(Meta::new(Id(id), Timestamp(0)), "Asha");
            if !live {
                c.meta.deleted = Some(Timestamp(1));
            }
            change.customers.push(c);
        }
        let planned = book.plan(change).unwrap();
        book.apply(planned).expect("planned change applies");
        book
    }

    fn save(book: &mut Book, i: Interaction) {
        let planned = book
            .plan(Change {
                interactions: vec![i],
                ..Change::default()
            })
            .unwrap();
        book.apply(planned).expect("planned change applies");
    }

    #[test]
    fn complaints_and_claims_stay_open_until_resolved() {
        let mut book = book_with(&[(1, true)]);
        for (n, &kind) in LOGGABLE.iter().enumerate() {
            let i = log(
                &book,
                Id(1),
                kind,
                "torn bag",
                Id(100 + n as u128),
                Timestamp(n as i64),
            )
            .unwrap();
            assert_eq!(i.status == Status::Open, kind.stays_open(), "{kind:?}");
            save(&mut book, i);
        }
        let open: Vec<InteractionKind> = open_issues(&book).iter().map(|i| i.kind).collect();
        assert_eq!(
            open,
            vec![InteractionKind::Complaint, InteractionKind::Warranty]
        );
        assert_eq!(open_counts(&book).get(&Id(1)), Some(&2));

        let complaint = open_issues(&book)[0].clone();
        let done = resolve(&complaint, Timestamp(99));
        assert_eq!(
            (done.status, done.meta.updated),
            (Status::Resolved, Timestamp(99))
        );
        assert_eq!(done.meta.created, complaint.meta.created);
        save(&mut book, done);
        assert_eq!(open_issues(&book).len(), 1);
        assert_eq!(open_counts(&book).get(&Id(1)), Some(&1));
    }

    #[test]
    fn bad_logs_are_refused() {
        let book = book_with(&[(1, true), (2, false)]);
        let now = Timestamp(5);
        assert_eq!(
            log(&book, Id(1), InteractionKind::Complaint, "  ", Id(9), now),
            Err(LogError::NoteRequired)
        );
        assert_eq!(
            log(&book, Id(1), InteractionKind::Return, "", Id(9), now),
            Err(LogError::NoteRequired)
        );
        assert!(log(&book, Id(1), InteractionKind::Call, "", Id(9), now).is_ok());
        assert_eq!(
            log(
                &book,
                Id(1),
                InteractionKind::Call,
                &"x".repeat(1001),
                Id(9),
                now
            ),
            Err(LogError::NoteTooLong)
        );
        assert_eq!(
            log(&book, Id(2), InteractionKind::Call, "", Id(9), now),
            Err(LogError::UnknownCustomer)
        );
        assert_eq!(
            log(&book, Id(3), InteractionKind::Call, "", Id(9), now),
            Err(LogError::UnknownCustomer)
        );
    }

    #[test]
    fn a_deleted_customers_issues_are_not_listed() {
        let mut book = book_with(&[(1, true)]);
        let i = log(
            &book,
            Id(1),
            InteractionKind::Complaint,
            "late",
            Id(9),
            Timestamp(1),
        )
        .unwrap();
        save(&mut book, i);
        assert_eq!(open_issues(&book).len(), 1);
        let mut gone = book.customer(Id(1)).unwrap().clone();
        gone.meta.deleted = Some(Timestamp(2));
        let planned = book
            .plan(Change {
                customers: vec![gone],
                ..Change::default()
            })
            .unwrap();
        book.apply(planned).expect("planned change applies");
        assert!(open_issues(&book).is_empty());
    }
}

/// Feedback after a sale: an optional rating 1-5 and an optional comment. Both empty means the
/// seller skipped it: `Ok(None)`, nothing to save.
pub fn feedback(
    customer: Id,
    rating: Option<u8>,
    comment: &str,
    id: Id,
    now: Timestamp,
) -> Result<Option<Interaction>, NumberError> {
    if rating.is_some_and(|r| !(1..=5).contains(&r)) {
        return Err(NumberError::NotANumber);
    }
    let note = comment.trim().to_string();
    if rating.is_none() && note.is_empty() {
        return Ok(None);
    }
    Ok(Some(Interaction {
        campaign: None,
        meta: Meta::new(id, now),
        customer,
        at: now,
        kind: InteractionKind::Feedback,
        note,
        rating,
        status: Status::Resolved,
        money: Default::default(),
    }))
}

#[cfg(test)]
mod feedback_tests {
    use super::*;

    #[test]
    fn feedback_is_optional_and_ratings_are_one_to_five() {
        assert_eq!(feedback(Id(1), None, "  ", Id(2), Timestamp(3)), Ok(None));
        let f = feedback(Id(1), Some(5), " बहुत अच्छा ", Id(2), Timestamp(3))
            .unwrap()
            .unwrap();
        assert_eq!(
            (f.rating, f.note.as_str(), f.customer),
            (Some(5), "बहुत अच्छा", Id(1))
        );
        assert!(feedback(Id(1), None, "late delivery", Id(2), Timestamp(3))
            .unwrap()
            .is_some());
        assert!(feedback(Id(1), Some(0), "", Id(2), Timestamp(3)).is_err());
        assert!(feedback(Id(1), Some(6), "", Id(2), Timestamp(3)).is_err());
    }
}
