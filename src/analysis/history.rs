//! Histories the screens show: open complaints, a customer's timeline, recent buyers.

use crate::book::Book;
use crate::model::id::IdMap;
use crate::model::records::Interaction;

/// Every open complaint and warranty claim of live customers, oldest first.
pub fn open_issues(book: &Book) -> Vec<&Interaction> {
    let mut v: Vec<&Interaction> = book
        .interactions()
        .iter()
        .filter(|i| i.is_open() && book.customer(i.customer).is_some_and(|c| c.meta.live()))
        .collect();
    crate::model::sort::sort_by_key(&mut v, |i| (i.at, i.meta.id));
    v
}

/// How many open issues each customer has (customers with none are absent).
pub fn open_counts(book: &Book) -> IdMap<usize> {
    let mut m = IdMap::default();
    for i in open_issues(book) {
        *m.entry(i.customer).or_insert(0) += 1;
    }
    m
}
