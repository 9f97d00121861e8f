//! The book's sales, kept in columns: a million sales are most of a big book, and as
//! [`Purchase`] values (a 128-byte struct and a heap list of 32-byte lines each) they took about
//! 200 bytes a sale in memory against 45 on disk. Here a sale is its id, times, total and a few
//! small numbers in flat vectors, with its lines packed as variable-length numbers, and the
//! customer and products named by their place in the book's lists: about 60 bytes.
//!
//! [`Purchase`] stays the value the rest of the program works with: one is put together when
//! asked for ([`Sales::get`]); the segment analysis reads the columns it needs directly
//! ([`Sales::facts`]).

use crate::model::id::{Id, IdMap};
use crate::model::money::{Paise, Qty};
use crate::model::records::{Channel, Customer, Line, Meta, Payment, Product, Purchase};
use crate::model::time::Timestamp;
use std::collections::HashMap;

/// A customer or product not among the book's records when the sale came in (only a damaged
/// store can hold one: a new sale naming one is refused): kept by id, from this code up.
const FOREIGN: u64 = 1 << 31;

/// Where records are in the book's lists, and what is at a place.
pub(crate) struct Places<'a> {
    pub customers: &'a [Customer],
    pub customer_ix: &'a IdMap<usize>,
    pub products: &'a [Product],
    pub product_ix: &'a IdMap<usize>,
}

/// What the segment analysis reads of a sale, without putting the whole sale together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SaleFacts {
    /// The buyer; `None` for a walk-in.
    pub customer: Option<Id>,
    /// When it happened.
    pub at: Timestamp,
    /// Amount charged.
    pub total: Paise,
    /// Not deleted.
    pub live: bool,
}

/// The sales, in storage order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Sales {
    ids: Vec<Id>,
    at: Vec<i64>,
    created: Vec<i64>,
    total: Vec<i64>,
    /// 0 for a walk-in, else the customer's code (see [`Sales::code`]) plus one.
    buyer: Vec<u32>,
    /// Payment in bits 0-1, channel in bits 2-3.
    how: Vec<u8>,
    /// Where each sale's lines start in `lines`: a count, then product code, quantity and unit
    /// price of each, as LEB128 numbers (signed ones zigzagged).
    lines_at: Vec<u32>,
    lines: Vec<u8>,
    /// Only for sales changed after they were made, and deleted ones.
    updated: HashMap<u32, i64>,
    deleted: HashMap<u32, i64>,
    foreign: Vec<Id>,
    foreign_ix: IdMap<usize>,
}

impl Sales {
    /// Room for `n` sales.
    pub fn with_capacity(n: usize) -> Sales {
        Sales {
            ids: Vec::with_capacity(n),
            at: Vec::with_capacity(n),
            created: Vec::with_capacity(n),
            total: Vec::with_capacity(n),
            buyer: Vec::with_capacity(n),
            how: Vec::with_capacity(n),
            lines_at: Vec::with_capacity(n),
            lines: Vec::with_capacity(n * 12),
            ..Sales::default()
        }
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn ids(&self) -> &[Id] {
        &self.ids
    }

    /// A place for a record: its place in the book's list, or a foreign code.
    fn code(&mut self, id: Id, ix: &IdMap<usize>) -> u64 {
        match ix.get(&id) {
            Some(&k) => k as u64,
            None => {
                let next = self.foreign.len();
                let k = *self.foreign_ix.entry(id).or_insert(next);
                if k == next {
                    self.foreign.push(id);
                }
                FOREIGN + k as u64
            }
        }
    }

    /// The id a code stands for: the record at that place in `list`, or a foreign id.
    fn id_of<T>(&self, code: u64, list: &[T], id: fn(&T) -> Id) -> Id {
        match code.checked_sub(FOREIGN) {
            Some(k) => self.foreign[k as usize],
            None => id(&list[code as usize]),
        }
    }

    /// Adds `p` after the last sale.
    pub fn push(&mut self, p: &Purchase, places: &Places) {
        let i = self.ids.len();
        self.ids.push(p.meta.id);
        self.at.push(0);
        self.created.push(0);
        self.total.push(0);
        self.buyer.push(0);
        self.how.push(0);
        self.lines_at.push(0);
        self.set(i, p, places);
    }

    /// Puts `p` at place `i` (an existing sale, changed).
    pub fn set(&mut self, i: usize, p: &Purchase, places: &Places) {
        let key = i as u32;
        self.ids[i] = p.meta.id;
        self.at[i] = p.at.0;
        self.created[i] = p.meta.created.0;
        self.total[i] = p.total.0;
        self.buyer[i] = match p.customer {
            None => 0,
            // Below 2^32: places and foreign ids are each fewer than 2^31.
            Some(c) => (self.code(c, places.customer_ix) + 1) as u32,
        };
        let payment = Payment::ALL.iter().position(|x| *x == p.payment);
        let channel = Channel::ALL.iter().position(|x| *x == p.channel);
        self.how[i] = (payment.unwrap_or(0) | channel.unwrap_or(0) << 2) as u8;
        // (Most sales were never changed: no hashing for them.)
        if p.meta.updated != p.meta.created {
            self.updated.insert(key, p.meta.updated.0);
        } else if !self.updated.is_empty() {
            self.updated.remove(&key);
        }
        match p.meta.deleted {
            Some(t) => {
                self.deleted.insert(key, t.0);
            }
            None if !self.deleted.is_empty() => {
                self.deleted.remove(&key);
            }
            None => {}
        }
        // A changed sale's lines go at the end; its old ones are left unused.
        self.lines_at[i] = self.lines.len() as u32;
        put_u(&mut self.lines, p.lines.len() as u64);
        for l in &p.lines {
            let code = self.code(l.product, places.product_ix);
            put_u(&mut self.lines, code);
            put_u(&mut self.lines, zigzag(l.qty.0));
            put_u(&mut self.lines, zigzag(l.unit_price.0));
        }
    }

    /// The buyer of sale `i`.
    pub fn customer(&self, i: usize, places: &Places) -> Option<Id> {
        match self.buyer[i] {
            0 => None,
            code => Some(self.id_of(u64::from(code) - 1, places.customers, |c| c.meta.id)),
        }
    }

    /// Whether sale `i` is not deleted.
    pub fn live(&self, i: usize) -> bool {
        self.deleted.is_empty() || !self.deleted.contains_key(&(i as u32))
    }

    pub fn facts(&self, i: usize, places: &Places) -> SaleFacts {
        SaleFacts {
            customer: self.customer(i, places),
            at: Timestamp(self.at[i]),
            total: Paise(self.total[i]),
            live: self.live(i),
        }
    }

    /// Sale `i`'s identity and history.
    pub fn meta(&self, i: usize) -> Meta {
        let key = i as u32;
        let created = Timestamp(self.created[i]);
        Meta {
            id: self.ids[i],
            created,
            updated: self.updated.get(&key).map_or(created, |&t| Timestamp(t)),
            deleted: self.deleted.get(&key).map(|&t| Timestamp(t)),
        }
    }

    /// Sale `i`, put together.
    pub fn get(&self, i: usize, places: &Places) -> Purchase {
        let how = usize::from(self.how[i]);
        let mut at = self.lines_at[i] as usize;
        let n = take_u(&self.lines, &mut at) as usize;
        let mut lines = Vec::with_capacity(n);
        for _ in 0..n {
            let code = take_u(&self.lines, &mut at);
            let qty = unzigzag(take_u(&self.lines, &mut at));
            let price = unzigzag(take_u(&self.lines, &mut at));
            lines.push(Line {
                product: self.id_of(code, places.products, |p| p.meta.id),
                qty: Qty(qty),
                unit_price: Paise(price),
            });
        }
        Purchase {
            meta: self.meta(i),
            customer: self.customer(i, places),
            at: Timestamp(self.at[i]),
            lines,
            total: Paise(self.total[i]),
            payment: Payment::ALL[how & 3],
            channel: Channel::ALL[(how >> 2) & 3],
        }
    }
}

fn put_u(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads a number [`put_u`] wrote (the bytes are the book's own, so always complete).
fn take_u(bytes: &[u8], at: &mut usize) -> u64 {
    let mut v = 0u64;
    let mut shift = 0;
    while let Some(&b) = bytes.get(*at) {
        *at += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            break;
        }
        shift += 7;
    }
    v
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_at_the_edges() {
        let mut out = Vec::new();
        let values = [0i64, 1, -1, 63, -64, 1000, -1000, i64::MAX, i64::MIN];
        for v in values {
            put_u(&mut out, zigzag(v));
        }
        let mut at = 0;
        for v in values {
            assert_eq!(unzigzag(take_u(&out, &mut at)), v);
        }
        assert_eq!(at, out.len());
    }
}
