//! The book's sales, kept in columns: a million sales are most of a big book, and as
//! [`Purchase`] values (a 128-byte struct and a heap list of 32-byte lines each) they took about
//! 200 bytes a sale in memory against 45 on disk. Here a sale is its id, time, total and a few
//! small numbers in flat vectors, with the rest (other times, lines) packed as variable-length
//! numbers, and the customer and products named by their place in the book's lists: about 50
//! bytes.
//!
//! [`Purchase`] stays the value the rest of the program works with: one is put together when
//! asked for ([`Sales::get`]); the segment analysis reads the columns it needs directly
//! ([`Sales::facts`]).

use crate::model::id::{Id, IdMap};
use crate::model::money::{Paise, Qty};
use crate::model::records::{Channel, Customer, Line, Meta, Payment, Product, Purchase, SaleMoney};
use crate::model::time::Timestamp;

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
    /// The buyer's place among the book's customers (`None` for a walk-in).
    pub place: Option<u32>,
    /// When it happened.
    pub at: Timestamp,
    /// Amount charged.
    pub total: Paise,
    /// Not deleted.
    pub live: bool,
}

/// Stands in [`Sales::total`] for a total kept in `big_totals`.
const BIG: i32 = i32::MIN;

/// Set in [`Sales::how`] for a deleted sale.
const DELETED: u8 = 16;

/// In [`Sales::how`]: the sale has a remark (`Purchase::note`), kept in its rest.
const NOTED: u8 = 32;

/// In [`Sales::how`]: the sale names the device that last wrote it (`Purchase::by`), kept in
/// its rest after the remark.
const BY: u8 = 64;

/// In [`Sales::how`]: the sale's money differs from what its payment implies
/// ([`Purchase::implied_money`]) and is kept in its rest after the texts.
const MONEY: u8 = 128;

/// The sales, in storage order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Sales {
    ids: Vec<Id>,
    at: Vec<i64>,
    /// The total in paise when it fits in 32 bits (up to ₹2.1 crore), else [`BIG`] and the
    /// total in `big_totals`, keyed by the sale's place (as an `Id`, so that the app's one map
    /// type serves: each map type is more code in the download).
    total: Vec<i32>,
    big_totals: IdMap<i64>,
    /// 0 for a walk-in, else the customer's code (see [`Sales::code`]) plus one.
    buyer: Vec<u32>,
    /// Payment in bits 0-1, channel in bits 2-3, [`DELETED`].
    how: Vec<u8>,
    /// Where each sale's rest starts in `rest`: when it was created (from `at`), changed (from
    /// created) and deleted (from changed, if it was), then a count of lines and each line's
    /// product code, quantity and unit price, as LEB128 numbers (signed ones zigzagged). A sale
    /// made here and never changed spends two bytes on its three times.
    rest_at: Vec<u32>,
    rest: Vec<u8>,
    foreign: Vec<Id>,
    foreign_ix: IdMap<usize>,
}

/// Makes room for one more in `v` without doubling it: a book of a million sales grows by a
/// sixteenth, not by another million, when the next sale comes in.
fn room<T>(v: &mut Vec<T>) {
    if v.len() == v.capacity() {
        v.reserve_exact(v.len() / 16 + 1024);
    }
}

impl Sales {
    /// Room for `n` sales.
    pub fn with_capacity(n: usize) -> Sales {
        Sales {
            ids: Vec::with_capacity(n),
            at: Vec::with_capacity(n),
            total: Vec::with_capacity(n),
            buyer: Vec::with_capacity(n),
            how: Vec::with_capacity(n),
            rest_at: Vec::with_capacity(n),
            // About 13.5 bytes a sale of two lines; room for 14 so that the usual book does
            // not outgrow it while it loads (a grown copy leaves the old one as a hole).
            rest: Vec::with_capacity(n * 14),
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
        room(&mut self.ids);
        room(&mut self.at);
        room(&mut self.total);
        room(&mut self.buyer);
        room(&mut self.how);
        room(&mut self.rest_at);
        let i = self.ids.len();
        self.ids.push(p.meta.id);
        self.at.push(0);
        self.total.push(0);
        self.buyer.push(0);
        self.how.push(0);
        self.rest_at.push(0);
        self.set(i, p, places);
    }

    /// Puts `p` at place `i` (an existing sale, changed).
    pub fn set(&mut self, i: usize, p: &Purchase, places: &Places) {
        self.ids[i] = p.meta.id;
        self.at[i] = p.at.0;
        self.total[i] = match i32::try_from(p.total.0) {
            Ok(t) if t != BIG => {
                if !self.big_totals.is_empty() {
                    self.big_totals.remove(&Id(i as u128));
                }
                t
            }
            _ => {
                self.big_totals.insert(Id(i as u128), p.total.0);
                BIG
            }
        };
        self.buyer[i] = match p.customer {
            None => 0,
            // Below 2^32: places and foreign ids are each fewer than 2^31.
            Some(c) => (self.code(c, places.customer_ix) + 1) as u32,
        };
        let payment = Payment::ALL.iter().position(|x| *x == p.payment);
        let channel = Channel::ALL.iter().position(|x| *x == p.channel);
        let deleted = if p.meta.deleted.is_some() { DELETED } else { 0 };
        let noted = if p.note.is_empty() { 0 } else { NOTED };
        let by = if p.by.is_empty() { 0 } else { BY };
        let money = p.money != Purchase::implied_money(p.payment, p.total);
        self.how[i] = (payment.unwrap_or(0) | channel.unwrap_or(0) << 2) as u8
            | deleted
            | noted
            | by
            | if money { MONEY } else { 0 };
        // A changed sale's rest goes at the end; its old one is left unused.
        let text = p.note.len() + p.by.len();
        if self.rest.len() + 64 + 24 * p.lines.len() + text > self.rest.capacity() {
            self.rest.reserve_exact(self.rest.len() / 16 + 64 * 1024);
        }
        self.rest_at[i] = self.rest.len() as u32;
        let m = &p.meta;
        put_u(&mut self.rest, zigzag(m.created.0.wrapping_sub(p.at.0)));
        put_u(
            &mut self.rest,
            zigzag(m.updated.0.wrapping_sub(m.created.0)),
        );
        if let Some(d) = m.deleted {
            put_u(&mut self.rest, zigzag(d.0.wrapping_sub(m.updated.0)));
        }
        for t in [&p.note, &p.by].into_iter().filter(|t| !t.is_empty()) {
            put_u(&mut self.rest, t.len() as u64);
            self.rest.extend_from_slice(t.as_bytes());
        }
        if money {
            let m = &p.money;
            put_u(&mut self.rest, zigzag(m.credit.0));
            put_u(&mut self.rest, u64::from(m.redeemed));
            put_u(&mut self.rest, zigzag(m.redeemed_value.0));
            put_u(&mut self.rest, u64::from(m.earned));
            put_u(
                &mut self.rest,
                zigzag(m.expires.map_or(0, |d| d.days_since_epoch() + 1)),
            );
        }
        put_u(&mut self.rest, p.lines.len() as u64);
        for l in &p.lines {
            let code = self.code(l.product, places.product_ix);
            put_u(&mut self.rest, code);
            put_u(&mut self.rest, zigzag(l.qty.0));
            put_u(&mut self.rest, zigzag(l.unit_price.0));
        }
    }

    /// The buyer of sale `i`.
    pub fn customer(&self, i: usize, places: &Places) -> Option<Id> {
        match self.buyer[i] {
            0 => None,
            code => Some(self.id_of(u64::from(code) - 1, places.customers, |c| c.meta.id)),
        }
    }

    /// The total of sale `i`, in paise.
    fn total(&self, i: usize) -> i64 {
        match self.total[i] {
            BIG => self.big_totals.get(&Id(i as u128)).copied().unwrap_or(0),
            t => i64::from(t),
        }
    }

    /// Whether sale `i` is not deleted.
    pub fn live(&self, i: usize) -> bool {
        self.how[i] & DELETED == 0
    }

    pub fn facts(&self, i: usize, places: &Places) -> SaleFacts {
        SaleFacts {
            customer: self.customer(i, places),
            place: self.buyer[i]
                .checked_sub(1)
                .filter(|&k| (k as usize) < places.customers.len()),
            at: Timestamp(self.at[i]),
            total: Paise(self.total(i)),
            live: self.live(i),
        }
    }

    /// Sale `i`'s identity and history, where its remark and device are in `rest`, and where
    /// its lines start.
    fn meta_and_lines(&self, i: usize) -> (Meta, [std::ops::Range<usize>; 2], SaleMoney, usize) {
        let mut at = self.rest_at[i] as usize;
        let created = self.at[i].wrapping_add(unzigzag(take_u(&self.rest, &mut at)));
        let updated = created.wrapping_add(unzigzag(take_u(&self.rest, &mut at)));
        let deleted = (!self.live(i))
            .then(|| Timestamp(updated.wrapping_add(unzigzag(take_u(&self.rest, &mut at)))));
        let meta = Meta {
            id: self.ids[i],
            created: Timestamp(created),
            updated: Timestamp(updated),
            deleted,
        };
        let mut texts = [at..at, at..at];
        for (k, flag) in [NOTED, BY].into_iter().enumerate() {
            if self.how[i] & flag != 0 {
                let n = take_u(&self.rest, &mut at) as usize;
                texts[k] = at..(at + n).min(self.rest.len());
                at = texts[k].end;
            }
        }
        let payment = Payment::ALL[usize::from(self.how[i] & 3)];
        let money = if self.how[i] & MONEY != 0 {
            let mut take = || take_u(&self.rest, &mut at);
            SaleMoney {
                credit: Paise(unzigzag(take())),
                redeemed: take() as u32,
                redeemed_value: Paise(unzigzag(take())),
                earned: take() as u32,
                expires: match unzigzag(take()) {
                    0 => None,
                    d => Some(crate::model::time::Date::from_days_since_epoch(d - 1)),
                },
            }
        } else {
            Purchase::implied_money(payment, Paise(self.total(i)))
        };
        (meta, texts, money, at)
    }

    /// Sale `i`'s identity and history.
    pub fn meta(&self, i: usize) -> Meta {
        self.meta_and_lines(i).0
    }

    /// What sale `i` left on credit and did with points.
    pub fn money(&self, i: usize) -> SaleMoney {
        self.meta_and_lines(i).2
    }

    /// Whether sale `i` may have credit or points (a credit sale, or one whose money is kept):
    /// most sales are neither, and a whole-book pass skips them without reading their rest.
    pub fn has_money(&self, i: usize) -> bool {
        self.how[i] & MONEY != 0 || self.how[i] & 3 == 3
    }

    /// Sale `i`, put together.
    pub fn get(&self, i: usize, places: &Places) -> Purchase {
        let how = usize::from(self.how[i]);
        let (meta, [note, by], money, mut at) = self.meta_and_lines(i);
        let n = take_u(&self.rest, &mut at) as usize;
        let mut lines = Vec::with_capacity(n);
        for _ in 0..n {
            let code = take_u(&self.rest, &mut at);
            let qty = unzigzag(take_u(&self.rest, &mut at));
            let price = unzigzag(take_u(&self.rest, &mut at));
            lines.push(Line {
                product: self.id_of(code, places.products, |p| p.meta.id),
                qty: Qty(qty),
                unit_price: Paise(price),
            });
        }
        Purchase {
            meta,
            customer: self.customer(i, places),
            at: Timestamp(self.at[i]),
            lines,
            total: Paise(self.total(i)),
            payment: Payment::ALL[how & 3],
            channel: Channel::ALL[(how >> 2) & 3],
            note: String::from_utf8_lossy(&self.rest[note]).into_owned(),
            by: String::from_utf8_lossy(&self.rest[by]).into_owned(),
            money,
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
