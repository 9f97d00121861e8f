//! Compact binary encoding of records, for IndexedDB values (and later backups).
//!
//! Customers, products and interactions are one value each ([`encode_customer`] and friends:
//! a version byte, then the fields); purchases are packed into chunks, below. A hand-written
//! format rather than JSON keeps serde_json (~17 KB gzip of parser and derive code) out of the
//! app, loads faster, and refuses damaged bytes field by field.
//!
//! One IndexedDB record per purchase cannot load a million purchases in a second; one record per
//! chunk of [`CHUNK_SIZE`] purchases can. Within a chunk, customer and product ids are stored once
//! in a dictionary and referred to by index, and instants are deltas, so a typical purchase with
//! two lines takes about 40 bytes.
//!
//! Layout (all integers LEB128 varints, signed ones zigzagged):
//! ```text
//! "GPC1"  count
//! ncustomers  ncustomers x 16-byte id      nproducts  nproducts x 16-byte id
//! per purchase:
//!   16-byte id  customer (0 = walk-in, k = dictionary[k-1])
//!   at (delta from previous purchase's at)  created (delta from at)  updated (delta from created)
//!   flags: payment bits 0-1, channel bits 2-3, deleted bit 4, remark bit 5, device bit 6,
//!          money bit 7
//!   [deleted (delta from updated) if bit 4]  [remark if bit 5]  [device if bit 6]
//!   [credit, points redeemed, their value, points earned, their expiry day (0 = never,
//!    else days since 1970 + 1) if bit 7: only when they differ from what the payment implies]
//!   total  nlines  nlines x (product index, qty, unit price)
//! ```
//! Decoding checks every length and value: damaged bytes give a [`DecodeError`], never a panic
//! and never a huge allocation.

use crate::book::Change;
use crate::model::campaign::{Campaign, Offer};
use crate::model::id::{Id, IdMap};
use crate::model::money::{Paise, Qty};
use crate::model::records::{
    AgeBand, Birthday, Channel, Consent, Customer, CustomerKind, Interaction, InteractionKind,
    LifeStage, Line, Meta, Money, Payment, Product, Purchase, SaleMoney, Status,
};
use crate::model::segment::{Condition, Field, Group, Op, Rule, SavedSegment, SegmentSnapshot};
use crate::model::time::{Date, Timestamp};
use std::borrow::Borrow;
use std::fmt;

/// Purchases per chunk. Saving one sale rewrites one chunk (~160 KB), which stays well under the
/// 30 ms target; loading a million purchases reads ~250 chunks.
pub const CHUNK_SIZE: usize = 4096;

const MAGIC: &[u8; 4] = b"GPC1";

/// Why bytes could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Not a purchase chunk or record at all (or empty).
    BadMagic,
    /// Ended in the middle of a record.
    Truncated,
    /// A value out of range (unknown payment code, index past the dictionary, overflow).
    Invalid(&'static str),
    /// Bytes left over after the last record.
    TrailingBytes,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::BadMagic => write!(f, "not a Grahak record"),
            DecodeError::Truncated => write!(f, "record is truncated"),
            DecodeError::Invalid(what) => write!(f, "record has an invalid {what}"),
            DecodeError::TrailingBytes => write!(f, "record has trailing bytes"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Encodes purchases, in order, into one chunk.
pub fn encode_purchases<P: Borrow<Purchase>>(purchases: &[P]) -> Vec<u8> {
    let mut customers: Vec<Id> = Vec::new();
    let mut customer_ix: IdMap<usize> = IdMap::default();
    let mut products: Vec<Id> = Vec::new();
    let mut product_ix: IdMap<usize> = IdMap::default();
    for p in purchases {
        let p = p.borrow();
        if let Some(c) = p.customer {
            customer_ix.entry(c).or_insert_with(|| {
                customers.push(c);
                customers.len()
            });
        }
        for l in &p.lines {
            product_ix.entry(l.product).or_insert_with(|| {
                products.push(l.product);
                products.len() - 1
            });
        }
    }

    let mut out =
        Vec::with_capacity(16 + purchases.len() * 48 + (customers.len() + products.len()) * 16);
    out.extend_from_slice(MAGIC);
    put_u(&mut out, purchases.len() as u64);
    put_u(&mut out, customers.len() as u64);
    for c in &customers {
        out.extend_from_slice(&c.to_bytes());
    }
    put_u(&mut out, products.len() as u64);
    for p in &products {
        out.extend_from_slice(&p.to_bytes());
    }
    // The dictionary lookups below cannot miss: every customer and product id was inserted in
    // the first pass over these same purchases.
    let mut prev_at = 0i64;
    for p in purchases {
        let p = p.borrow();
        out.extend_from_slice(&p.meta.id.to_bytes());
        put_u(&mut out, p.customer.map_or(0, |c| customer_ix[&c] as u64));
        put_i(&mut out, p.at.0.wrapping_sub(prev_at));
        prev_at = p.at.0;
        put_i(&mut out, p.meta.created.0.wrapping_sub(p.at.0));
        put_i(&mut out, p.meta.updated.0.wrapping_sub(p.meta.created.0));
        let flags = payment_code(p.payment)
            | (channel_code(p.channel) << 2)
            | (u8::from(p.meta.deleted.is_some()) << 4)
            | (u8::from(!p.note.is_empty()) << 5)
            | (u8::from(!p.by.is_empty()) << 6);
        let money = p.money != Purchase::implied_money(p.payment, p.total);
        out.push(flags | u8::from(money) << 7);
        if let Some(d) = p.meta.deleted {
            put_i(&mut out, d.0.wrapping_sub(p.meta.updated.0));
        }
        // A remark and the device only where there are (bits 5 and 6): chunks written before
        // them had neither.
        if !p.note.is_empty() {
            put_str(&mut out, &p.note);
        }
        if !p.by.is_empty() {
            put_str(&mut out, &p.by);
        }
        if money {
            put_money(&mut out, &p.money);
        }
        put_i(&mut out, p.total.0);
        put_u(&mut out, p.lines.len() as u64);
        for l in &p.lines {
            put_u(&mut out, product_ix[&l.product] as u64);
            put_i(&mut out, l.qty.0);
            put_i(&mut out, l.unit_price.0);
        }
    }
    out
}

/// Decodes a chunk written by [`encode_purchases`].
pub fn decode_purchases(bytes: &[u8]) -> Result<Vec<Purchase>, DecodeError> {
    let mut out = Vec::new();
    decode_purchases_each(bytes, &mut |p| out.push(p.clone()))?;
    Ok(out)
}

/// Decodes a chunk written by [`encode_purchases`], handing each purchase to `each` in turn
/// (one value reused for all of them: a big book opens without a heap list per sale); the
/// count. A damaged chunk may have handed over some purchases before the error.
pub fn decode_purchases_each(
    bytes: &[u8],
    each: &mut dyn FnMut(&Purchase),
) -> Result<usize, DecodeError> {
    let mut r = Reader { bytes, pos: 0 };
    if r.take(4).map_err(|_| DecodeError::BadMagic)? != MAGIC {
        return Err(DecodeError::BadMagic);
    }
    // Every purchase takes at least 16 + 7 bytes, every id 16: bound allocations by the input.
    let count = r.len(23)?;
    let ncust = r.len(16)?;
    let mut customers = Vec::with_capacity(ncust);
    for _ in 0..ncust {
        customers.push(r.id()?);
    }
    let nprod = r.len(16)?;
    let mut products = Vec::with_capacity(nprod);
    for _ in 0..nprod {
        products.push(r.id()?);
    }
    let mut p = Purchase {
        meta: Meta::new(Id(0), Timestamp(0)),
        customer: None,
        at: Timestamp(0),
        lines: Vec::new(),
        total: Paise(0),
        payment: Payment::Cash,
        channel: Channel::Stall,
        note: String::new(),
        by: String::new(),
        money: SaleMoney::default(),
    };
    let mut prev_at = 0i64;
    for _ in 0..count {
        let id = r.id()?;
        let customer = match r.u()? {
            0 => None,
            k => Some(
                *customers
                    .get((k - 1) as usize)
                    .ok_or(DecodeError::Invalid("customer index"))?,
            ),
        };
        let at = prev_at.wrapping_add(r.i()?);
        prev_at = at;
        let created = at.wrapping_add(r.i()?);
        let updated = created.wrapping_add(r.i()?);
        let flags = r.byte()?;
        let payment = Payment::ALL[usize::from(flags & 3)];
        let channel = Channel::ALL[usize::from((flags >> 2) & 3)];
        let deleted = if flags & 16 != 0 {
            Some(Timestamp(updated.wrapping_add(r.i()?)))
        } else {
            None
        };
        p.note.clear();
        if flags & 32 != 0 {
            p.note = r.string()?;
        }
        p.by.clear();
        if flags & 64 != 0 {
            p.by = r.string()?;
        }
        let money = if flags & 128 != 0 {
            Some(r.money()?)
        } else {
            None
        };
        let total = Paise(r.i()?);
        let nlines = r.len(3)?;
        p.lines.clear();
        for _ in 0..nlines {
            let product = *products
                .get(r.u()? as usize)
                .ok_or(DecodeError::Invalid("product index"))?;
            p.lines.push(Line {
                product,
                qty: Qty(r.i()?),
                unit_price: Paise(r.i()?),
            });
        }
        p.meta = Meta {
            id,
            created: Timestamp(created),
            updated: Timestamp(updated),
            deleted,
        };
        p.customer = customer;
        p.at = Timestamp(at);
        p.total = total;
        p.payment = payment;
        p.channel = channel;
        p.money = money.unwrap_or(Purchase::implied_money(payment, total));
        each(&p);
    }
    if r.pos != bytes.len() {
        return Err(DecodeError::TrailingBytes);
    }
    Ok(count)
}

/// Version byte that starts every encoded customer, product and interaction.
const RECORD_VERSION: u8 = 1;

/// Encodes one customer (an IndexedDB value; backups reuse it).
///
/// Layout: version, meta, name, phone?, code, flags (bit 0 WhatsApp consent, bit 1 SMS consent,
/// bit 2 wholesale, bit 3 the consent's date follows the tags), area, birthday? (month, day,
/// year?), age band (0 = none, k = ALL[k-1]), life stage (likewise), language, notes, tags,
/// then the consent's date when bit 3 says so. Strings are a length and UTF-8 bytes; an
/// optional value is a 0/1 byte and then the value. (A customer without the date is written as
/// before the date existed.)
pub fn encode_customer(c: &Customer) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + c.name.len() + c.notes.len());
    out.push(RECORD_VERSION);
    put_meta(&mut out, &c.meta);
    put_str(&mut out, &c.name);
    put_opt(&mut out, c.phone.as_deref(), put_str);
    put_str(&mut out, &c.code);
    out.push(
        u8::from(c.consent.whatsapp)
            | u8::from(c.consent.sms) << 1
            | u8::from(c.kind == CustomerKind::Wholesale) << 2
            | u8::from(c.consent.since.is_some()) << 3
            | u8::from(c.credit_limit.is_some()) << 4,
    );
    put_str(&mut out, &c.area);
    put_opt(&mut out, c.birthday.as_ref(), |o, b| {
        o.push(b.month);
        o.push(b.day);
        put_opt(o, b.year, |o, y| put_i(o, i64::from(y)));
    });
    out.push(c.age_band.map_or(0, |a| a as u8 + 1));
    out.push(c.life_stage.map_or(0, |l| l as u8 + 1));
    put_str(&mut out, &c.language);
    put_str(&mut out, &c.notes);
    put_u(&mut out, c.tags.len() as u64);
    for t in &c.tags {
        put_str(&mut out, t);
    }
    if let Some(t) = c.consent.since {
        put_i(&mut out, t.0);
    }
    if let Some(l) = c.credit_limit {
        put_i(&mut out, l.0);
    }
    out
}

/// Decodes bytes written by [`encode_customer`].
pub fn decode_customer(bytes: &[u8]) -> Result<Customer, DecodeError> {
    let mut r = Reader::record(bytes)?;
    let meta = r.meta()?;
    let name = r.string()?;
    let phone = r.opt(|r| r.string())?;
    let code = r.string()?;
    let flags = r.byte()?;
    if flags >> 5 != 0 {
        return Err(DecodeError::Invalid("flags"));
    }
    let area = r.string()?;
    let birthday = r.opt(|r| {
        let (month, day) = (r.byte()?, r.byte()?);
        let year = r.opt(|r| i32::try_from(r.i()?).map_err(|_| DecodeError::Invalid("year")))?;
        Ok(Birthday { month, day, year })
    })?;
    let age_band = r.code(&AgeBand::ALL)?;
    let life_stage = r.code(&LifeStage::ALL)?;
    let language = r.string()?;
    let notes = r.string()?;
    let ntags = r.len(1)?;
    let mut tags = Vec::with_capacity(ntags);
    for _ in 0..ntags {
        tags.push(r.string()?);
    }
    let since = if flags & 8 != 0 {
        Some(Timestamp(r.i()?))
    } else {
        None
    };
    let credit_limit = if flags & 16 != 0 {
        Some(Paise(r.i()?))
    } else {
        None
    };
    r.end()?;
    Ok(Customer {
        meta,
        name,
        phone,
        code,
        consent: Consent {
            whatsapp: flags & 1 != 0,
            sms: flags & 2 != 0,
            since,
        },
        kind: CustomerKind::ALL[usize::from(flags >> 2 & 1)],
        area,
        birthday,
        age_band,
        life_stage,
        language,
        notes,
        tags,
        credit_limit,
    })
}

/// Encodes one product: version, meta, name, category, unit, price, lasts-days?.
pub fn encode_product(p: &Product) -> Vec<u8> {
    let mut out = Vec::with_capacity(48 + p.name.len() + p.category.len());
    out.push(RECORD_VERSION);
    put_meta(&mut out, &p.meta);
    put_str(&mut out, &p.name);
    put_str(&mut out, &p.category);
    put_str(&mut out, &p.unit);
    put_i(&mut out, p.price.0);
    put_opt(&mut out, p.lasts_days, |o, d| put_u(o, u64::from(d)));
    out
}

/// Decodes bytes written by [`encode_product`].
pub fn decode_product(bytes: &[u8]) -> Result<Product, DecodeError> {
    let mut r = Reader::record(bytes)?;
    let product = Product {
        meta: r.meta()?,
        name: r.string()?,
        category: r.string()?,
        unit: r.string()?,
        price: Paise(r.i()?),
        lasts_days: r.opt(|r| u16::try_from(r.u()?).map_err(|_| DecodeError::Invalid("days")))?,
    };
    r.end()?;
    Ok(product)
}

/// Encodes one interaction: version, meta, customer, at, kind, note, rating (0 = none), status.
pub fn encode_interaction(i: &Interaction) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + i.note.len());
    out.push(RECORD_VERSION);
    put_meta(&mut out, &i.meta);
    out.extend_from_slice(&i.customer.to_bytes());
    put_i(&mut out, i.at.0);
    out.push(i.kind as u8);
    put_str(&mut out, &i.note);
    out.push(i.rating.unwrap_or(0));
    out.push(i.status as u8);
    // A payment's or points' amount, which their kind says follows.
    match (i.kind, i.money) {
        (InteractionKind::Payment, Some(Money::Paid(amount, by))) => {
            put_i(&mut out, amount.0);
            out.push(payment_code(by));
        }
        (InteractionKind::Points, Some(Money::Points(points, expires))) => {
            put_u(&mut out, u64::from(points));
            put_day(&mut out, expires);
        }
        (InteractionKind::Payment | InteractionKind::Points, _) => out.extend_from_slice(&[0, 0]),
        _ => {}
    }
    // Last, and only when set: a contact from before campaigns reads the same.
    if let Some(c) = i.campaign {
        out.extend_from_slice(&c.to_bytes());
    }
    out
}

/// Decodes bytes written by [`encode_interaction`].
pub fn decode_interaction(bytes: &[u8]) -> Result<Interaction, DecodeError> {
    let mut r = Reader::record(bytes)?;
    let meta = r.meta()?;
    let customer = r.id()?;
    let at = Timestamp(r.i()?);
    let kind = *InteractionKind::ALL
        .get(usize::from(r.byte()?))
        .ok_or(DecodeError::Invalid("kind"))?;
    let note = r.string()?;
    let rating = match r.byte()? {
        0 => None,
        n @ 1..=5 => Some(n),
        _ => return Err(DecodeError::Invalid("rating")),
    };
    let status = *Status::ALL
        .get(usize::from(r.byte()?))
        .ok_or(DecodeError::Invalid("status"))?;
    let money = match kind {
        InteractionKind::Payment => {
            let amount = Paise(r.i()?);
            let by = *Payment::ALL
                .get(usize::from(r.byte()?))
                .ok_or(DecodeError::Invalid("payment"))?;
            Some(Money::Paid(amount, by))
        }
        InteractionKind::Points => Some(Money::Points(r.points()?, r.day()?)),
        _ => None,
    };
    let campaign = if r.pos < bytes.len() {
        Some(r.id()?)
    } else {
        None
    };
    r.end()?;
    Ok(Interaction {
        meta,
        customer,
        at,
        kind,
        note,
        rating,
        status,
        campaign,
        money,
    })
}

/// Encodes one segment snapshot: version, meta, the day taken, then each member's id (16
/// bytes) and segment code (a byte), sorted by id.
pub fn encode_snapshot(s: &SegmentSnapshot) -> Vec<u8> {
    let mut out = Vec::with_capacity(48 + 17 * s.members.len());
    out.push(RECORD_VERSION);
    put_meta(&mut out, &s.meta);
    put_day(&mut out, Some(s.taken));
    put_u(&mut out, s.members.len() as u64);
    for (id, code) in &s.members {
        out.extend_from_slice(&id.to_bytes());
        out.push(*code);
    }
    out
}

/// Decodes bytes written by [`encode_snapshot`].
pub fn decode_snapshot(bytes: &[u8]) -> Result<SegmentSnapshot, DecodeError> {
    let mut r = Reader::record(bytes)?;
    let meta = r.meta()?;
    let taken = r.day()?.ok_or(DecodeError::Invalid("snapshot day"))?;
    let n = r.len(17)?;
    let mut members = Vec::with_capacity(n);
    for _ in 0..n {
        members.push((r.id()?, r.byte()?));
    }
    r.end()?;
    Ok(SegmentSnapshot {
        meta,
        taken,
        members,
    })
}

/// Encodes one campaign: version, meta, name, segment slugs, own segments' ids, picked ids,
/// contacted-days?, bought-days?, flags (bit 0: leave out open complaints), holdout percent,
/// seed, offer (kind 0-4, then a percent byte, paise, points or a name), texts (language code
/// and text each), window days, started?, members, holdout, and sends (id and time each). Ids
/// are 16 bytes; counts and numbers LEB128 (times zigzagged).
pub fn encode_campaign(c: &Campaign) -> Vec<u8> {
    let ids = |out: &mut Vec<u8>, v: &[Id]| {
        put_u(out, v.len() as u64);
        for id in v {
            out.extend_from_slice(&id.to_bytes());
        }
    };
    let mut out = Vec::with_capacity(96 + 16 * (c.members.len() + c.holdout.len()));
    out.push(RECORD_VERSION);
    put_meta(&mut out, &c.meta);
    put_str(&mut out, &c.name);
    put_u(&mut out, c.segments.len() as u64);
    for s in &c.segments {
        put_str(&mut out, s);
    }
    ids(&mut out, &c.custom);
    ids(&mut out, &c.picked);
    put_opt(&mut out, c.contacted_days, |o, d| put_u(o, u64::from(d)));
    put_opt(&mut out, c.bought_days, |o, d| put_u(o, u64::from(d)));
    out.push(u8::from(c.open_complaint));
    out.push(c.holdout_percent);
    put_u(&mut out, c.seed);
    match &c.offer {
        Offer::None => out.push(0),
        Offer::PercentOff(p) => {
            out.push(1);
            out.push(*p);
        }
        Offer::AmountOff(a) => {
            out.push(2);
            put_i(&mut out, a.0);
        }
        Offer::BonusPoints(p) => {
            out.push(3);
            put_u(&mut out, u64::from(*p));
        }
        Offer::FreeItem(name) => {
            out.push(4);
            put_str(&mut out, name);
        }
    }
    put_u(&mut out, c.texts.len() as u64);
    for (lang, text) in &c.texts {
        put_str(&mut out, lang);
        put_str(&mut out, text);
    }
    put_u(&mut out, u64::from(c.window_days));
    put_opt(&mut out, c.started, |o, t| put_i(o, t.0));
    ids(&mut out, &c.members);
    ids(&mut out, &c.holdout);
    out
}

/// Decodes bytes written by [`encode_campaign`].
pub fn decode_campaign(bytes: &[u8]) -> Result<Campaign, DecodeError> {
    let mut r = Reader::record(bytes)?;
    let ids = |r: &mut Reader| -> Result<Vec<Id>, DecodeError> {
        (0..r.len(16)?).map(|_| r.id()).collect()
    };
    let days = |r: &mut Reader| -> Result<u16, DecodeError> {
        u16::try_from(r.u()?).map_err(|_| DecodeError::Invalid("days"))
    };
    let meta = r.meta()?;
    let name = r.string()?;
    let segments = (0..r.len(1)?)
        .map(|_| r.string())
        .collect::<Result<Vec<_>, _>>()?;
    let custom = ids(&mut r)?;
    let picked = ids(&mut r)?;
    let contacted_days = r.opt(days)?;
    let bought_days = r.opt(days)?;
    let open_complaint = match r.byte()? {
        0 => false,
        1 => true,
        _ => return Err(DecodeError::Invalid("flags")),
    };
    let holdout_percent = r.byte()?;
    if holdout_percent > 50 {
        return Err(DecodeError::Invalid("holdout"));
    }
    let seed = r.u()?;
    let offer = match r.byte()? {
        0 => Offer::None,
        1 => Offer::PercentOff(r.byte()?),
        2 => Offer::AmountOff(Paise(r.i()?)),
        3 => Offer::BonusPoints(u32::try_from(r.u()?).map_err(|_| DecodeError::Invalid("points"))?),
        4 => Offer::FreeItem(r.string()?),
        _ => return Err(DecodeError::Invalid("offer")),
    };
    let texts = (0..r.len(2)?)
        .map(|_| Ok((r.string()?, r.string()?)))
        .collect::<Result<Vec<_>, DecodeError>>()?;
    let window_days = days(&mut r)?;
    let started = r.opt(|r| r.i().map(Timestamp))?;
    let members = ids(&mut r)?;
    let holdout = ids(&mut r)?;
    r.end()?;
    Ok(Campaign {
        meta,
        name,
        segments,
        custom,
        picked,
        contacted_days,
        bought_days,
        open_complaint,
        holdout_percent,
        seed,
        offer,
        texts,
        window_days,
        started,
        members,
        holdout,
    })
}

/// Encodes one custom segment: version, meta, name, then the rule: all-flag, groups, and per
/// group its all-flag and conditions (field code, operator code, value).
pub fn encode_segment(s: &SavedSegment) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + s.name.len());
    out.push(RECORD_VERSION);
    put_meta(&mut out, &s.meta);
    put_str(&mut out, &s.name);
    out.push(u8::from(s.rule.all));
    put_u(&mut out, s.rule.groups.len() as u64);
    for g in &s.rule.groups {
        out.push(u8::from(g.all));
        put_u(&mut out, g.conditions.len() as u64);
        for c in &g.conditions {
            out.push(c.field as u8);
            out.push(c.op as u8);
            put_str(&mut out, &c.value);
        }
    }
    out
}

/// Decodes bytes written by [`encode_segment`].
pub fn decode_segment(bytes: &[u8]) -> Result<SavedSegment, DecodeError> {
    let mut r = Reader::record(bytes)?;
    let meta = r.meta()?;
    let name = r.string()?;
    let flag = |r: &mut Reader| match r.byte()? {
        0 => Ok(false),
        1 => Ok(true),
        _ => Err(DecodeError::Invalid("flag")),
    };
    let all = flag(&mut r)?;
    let mut groups = Vec::new();
    for _ in 0..r.len(2)? {
        let all = flag(&mut r)?;
        let mut conditions = Vec::new();
        for _ in 0..r.len(3)? {
            let field = *Field::ALL
                .get(usize::from(r.byte()?))
                .ok_or(DecodeError::Invalid("field"))?;
            let op = *Op::ALL
                .get(usize::from(r.byte()?))
                .ok_or(DecodeError::Invalid("operator"))?;
            let value = r.string()?;
            conditions.push(Condition { field, op, value });
        }
        groups.push(Group { all, conditions });
    }
    r.end()?;
    Ok(SavedSegment {
        meta,
        name,
        rule: Rule { all, groups },
    })
}

const CHANGE_MAGIC: &[u8; 4] = b"GCH1";

/// Encodes a whole [`Change`] (the storage change log keeps these so other tabs can catch up):
/// `"GCH1"`, then customers, products, interactions and custom segments as a count and
/// length-prefixed records, then new and edited purchases as two length-prefixed chunks.
pub fn encode_change(c: &Change) -> Vec<u8> {
    let mut out = CHANGE_MAGIC.to_vec();
    put_records(&mut out, c.customers.iter(), encode_customer);
    put_records(&mut out, c.products.iter(), encode_product);
    put_records(&mut out, c.interactions.iter(), encode_interaction);
    put_records(&mut out, c.segments.iter(), encode_segment);
    put_bytes(&mut out, &encode_purchases(&c.purchases));
    put_bytes(&mut out, &encode_purchases(&c.edited_purchases));
    // Last, and only when there are some: a change logged before campaigns (and segment
    // snapshots) existed reads the same.
    if !c.campaigns.is_empty() || !c.snapshots.is_empty() {
        put_records(&mut out, c.campaigns.iter(), encode_campaign);
    }
    if !c.snapshots.is_empty() {
        put_records(&mut out, c.snapshots.iter(), encode_snapshot);
    }
    out
}

/// Decodes what [`encode_change`] wrote.
pub fn decode_change(bytes: &[u8]) -> Result<Change, DecodeError> {
    if bytes.get(..4) != Some(CHANGE_MAGIC.as_slice()) {
        return Err(DecodeError::BadMagic);
    }
    let mut r = Reader { bytes, pos: 4 };
    let customers = read_records(&mut r, decode_customer)?;
    let products = read_records(&mut r, decode_product)?;
    let interactions = read_records(&mut r, decode_interaction)?;
    let segments = read_records(&mut r, decode_segment)?;
    let len = r.len(1)?;
    let purchases = decode_purchases(r.take(len)?)?;
    let len = r.len(1)?;
    let edited_purchases = decode_purchases(r.take(len)?)?;
    let campaigns = if r.pos < bytes.len() {
        read_records(&mut r, decode_campaign)?
    } else {
        Vec::new()
    };
    let snapshots = if r.pos < bytes.len() {
        read_records(&mut r, decode_snapshot)?
    } else {
        Vec::new()
    };
    r.end()?;
    Ok(Change {
        customers,
        products,
        interactions,
        segments,
        campaigns,
        snapshots,
        purchases,
        edited_purchases,
    })
}

const CUSTOMERS_MAGIC: &[u8; 4] = b"GCC1";

/// Encodes customers, in order, into one chunk: `"GCC1"`, a count, and each customer as a
/// length and its [`encode_customer`] bytes. A hundred thousand customers load as a hundred
/// such chunks in a fraction of the time a record each takes.
pub fn encode_customers<C: Borrow<Customer>>(customers: &[C]) -> Vec<u8> {
    let mut out = CUSTOMERS_MAGIC.to_vec();
    put_records(
        &mut out,
        customers.iter().map(Borrow::borrow),
        encode_customer,
    );
    out
}

/// Decodes a chunk written by [`encode_customers`].
pub fn decode_customers(bytes: &[u8]) -> Result<Vec<Customer>, DecodeError> {
    if bytes.get(..4) != Some(CUSTOMERS_MAGIC.as_slice()) {
        return Err(DecodeError::BadMagic);
    }
    let mut r = Reader { bytes, pos: 4 };
    let customers = read_records(&mut r, decode_customer)?;
    r.end()?;
    Ok(customers)
}

/// A count, then each record as a length and its bytes.
fn put_records<'a, T: 'a>(
    out: &mut Vec<u8>,
    items: impl ExactSizeIterator<Item = &'a T>,
    encode: fn(&T) -> Vec<u8>,
) {
    put_u(out, items.len() as u64);
    for item in items {
        put_bytes(out, &encode(item));
    }
}

/// Reads what [`put_records`] wrote.
fn read_records<T>(
    r: &mut Reader<'_>,
    decode: fn(&[u8]) -> Result<T, DecodeError>,
) -> Result<Vec<T>, DecodeError> {
    let n = r.len(1)?;
    let mut items = Vec::with_capacity(n);
    for _ in 0..n {
        let len = r.len(1)?;
        items.push(decode(r.take(len)?)?);
    }
    Ok(items)
}

/// A sale's money (see the chunk layout above).
fn put_money(out: &mut Vec<u8>, m: &SaleMoney) {
    put_i(out, m.credit.0);
    put_u(out, u64::from(m.redeemed));
    put_i(out, m.redeemed_value.0);
    put_u(out, u64::from(m.earned));
    put_day(out, m.expires);
}

/// An optional day: 0 for none, else days since 1970 plus one (zigzagged).
fn put_day(out: &mut Vec<u8>, d: Option<Date>) {
    put_i(out, d.map_or(0, |d| d.days_since_epoch() + 1));
}

fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    put_u(out, b.len() as u64);
    out.extend_from_slice(b);
}

fn put_meta(out: &mut Vec<u8>, m: &Meta) {
    out.extend_from_slice(&m.id.to_bytes());
    put_i(out, m.created.0);
    put_i(out, m.updated.0.wrapping_sub(m.created.0));
    put_opt(out, m.deleted, |o, d| {
        put_i(o, d.0.wrapping_sub(m.updated.0))
    });
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn put_opt<T>(out: &mut Vec<u8>, v: Option<T>, put: impl FnOnce(&mut Vec<u8>, T)) {
    match v {
        None => out.push(0),
        Some(v) => {
            out.push(1);
            put(out, v);
        }
    }
}

fn payment_code(p: Payment) -> u8 {
    match p {
        Payment::Cash => 0,
        Payment::Upi => 1,
        Payment::Card => 2,
        Payment::Credit => 3,
    }
}

fn channel_code(c: Channel) -> u8 {
    match c {
        Channel::Stall => 0,
        Channel::Phone => 1,
        Channel::WhatsApp => 2,
        Channel::Online => 3,
    }
}

fn put_u(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_i(out: &mut Vec<u8>, v: i64) {
    put_u(out, ((v << 1) ^ (v >> 63)) as u64);
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], DecodeError> {
        let end = self.pos.checked_add(n).ok_or(DecodeError::Truncated)?;
        let s = self
            .bytes
            .get(self.pos..end)
            .ok_or(DecodeError::Truncated)?;
        self.pos = end;
        Ok(s)
    }

    fn byte(&mut self) -> Result<u8, DecodeError> {
        Ok(self.take(1)?[0])
    }

    fn id(&mut self) -> Result<Id, DecodeError> {
        let mut b = [0u8; 16];
        b.copy_from_slice(self.take(16)?);
        Ok(Id::from_bytes(b))
    }

    fn u(&mut self) -> Result<u64, DecodeError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            let part = u64::from(b & 0x7f);
            if shift == 63 && part > 1 {
                return Err(DecodeError::Invalid("number"));
            }
            v |= part << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(DecodeError::Invalid("number"))
    }

    fn i(&mut self) -> Result<i64, DecodeError> {
        let u = self.u()?;
        Ok(((u >> 1) as i64) ^ -((u & 1) as i64))
    }

    fn points(&mut self) -> Result<u32, DecodeError> {
        u32::try_from(self.u()?).map_err(|_| DecodeError::Invalid("points"))
    }

    fn day(&mut self) -> Result<Option<Date>, DecodeError> {
        Ok(match self.i()? {
            0 => None,
            d => Some(Date::from_days_since_epoch(d - 1)),
        })
    }

    fn money(&mut self) -> Result<SaleMoney, DecodeError> {
        Ok(SaleMoney {
            credit: Paise(self.i()?),
            redeemed: self.points()?,
            redeemed_value: Paise(self.i()?),
            earned: self.points()?,
            expires: self.day()?,
        })
    }

    /// A reader past the version byte of a customer, product or interaction.
    fn record(bytes: &[u8]) -> Result<Reader<'_>, DecodeError> {
        let mut r = Reader { bytes, pos: 0 };
        match r.byte() {
            Ok(RECORD_VERSION) => Ok(r),
            Ok(_) => Err(DecodeError::Invalid("version")),
            Err(_) => Err(DecodeError::BadMagic),
        }
    }

    fn end(&self) -> Result<(), DecodeError> {
        if self.pos == self.bytes.len() {
            Ok(())
        } else {
            Err(DecodeError::TrailingBytes)
        }
    }

    fn meta(&mut self) -> Result<Meta, DecodeError> {
        let id = self.id()?;
        let created = self.i()?;
        let updated = created.wrapping_add(self.i()?);
        let deleted = self.opt(|r| Ok(Timestamp(updated.wrapping_add(r.i()?))))?;
        Ok(Meta {
            id,
            created: Timestamp(created),
            updated: Timestamp(updated),
            deleted,
        })
    }

    fn string(&mut self) -> Result<String, DecodeError> {
        let n = self.len(1)?;
        let bytes = self.take(n)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| DecodeError::Invalid("text"))
    }

    fn opt<T>(
        &mut self,
        read: impl FnOnce(&mut Self) -> Result<T, DecodeError>,
    ) -> Result<Option<T>, DecodeError> {
        match self.byte()? {
            0 => Ok(None),
            1 => read(self).map(Some),
            _ => Err(DecodeError::Invalid("option")),
        }
    }

    /// An optional enum stored as 0 (none) or its index in `all` plus one.
    fn code<T: Copy>(&mut self, all: &[T]) -> Result<Option<T>, DecodeError> {
        match self.byte()? {
            0 => Ok(None),
            k => all
                .get(usize::from(k) - 1)
                .copied()
                .map(Some)
                .ok_or(DecodeError::Invalid("code")),
        }
    }

    /// A count of items each at least `min_bytes` long: larger than the rest of the input can
    /// hold means damage, not a reason to allocate.
    fn len(&mut self, min_bytes: usize) -> Result<usize, DecodeError> {
        let n = self.u()?;
        let left = (self.bytes.len() - self.pos) as u64;
        if n.saturating_mul(min_bytes as u64) > left {
            return Err(DecodeError::Truncated);
        }
        Ok(n as usize)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::demo::{self, Rng};

    fn sample(n: usize, seed: u64) -> Vec<Purchase> {
        demo::generate(&demo::Spec::small(seed, n)).purchases
    }

    #[test]
    fn a_whole_change_round_trips_and_damage_is_refused() {
        let shop = demo::generate(&demo::Spec::small(12, 40));
        let change = Change {
            customers: shop.customers.clone(),
            products: shop.products.clone(),
            interactions: shop.interactions.clone(),
            segments: vec![],
            campaigns: vec![full_campaign()],
            snapshots: vec![],
            purchases: shop.purchases[..30].to_vec(),
            edited_purchases: shop.purchases[30..].to_vec(),
        };
        let bytes = encode_change(&change);
        assert_eq!(decode_change(&bytes), Ok(change.clone()));
        // Segment snapshots follow the campaigns (an empty campaign section before them).
        let snapshot = SegmentSnapshot {
            meta: Meta::new(Id(5), Timestamp(9)),
            taken: Date::from_days_since_epoch(20_700),
            members: vec![(Id(1), 3), (Id(u128::MAX), 10)],
        };
        for campaigns in [vec![], vec![full_campaign()]] {
            let with = Change {
                campaigns,
                snapshots: vec![snapshot.clone()],
                ..change.clone()
            };
            assert_eq!(decode_change(&encode_change(&with)), Ok(with));
        }
        let one = encode_snapshot(&snapshot);
        assert_eq!(decode_snapshot(&one), Ok(snapshot));
        assert!(decode_snapshot(&one[..one.len() - 1]).is_err());
        // A change logged before campaigns existed (no campaign section) reads as before.
        let older = Change {
            campaigns: vec![],
            ..change
        };
        let older_bytes = encode_change(&older);
        assert!(bytes.starts_with(&older_bytes));
        assert_eq!(decode_change(&older_bytes), Ok(older));
        assert_eq!(
            decode_change(&encode_change(&Change::default())),
            Ok(Change::default())
        );
        for cut in [0, 3, 5, bytes.len() / 2, bytes.len() - 1] {
            assert!(decode_change(&bytes[..cut]).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn customer_chunks_round_trip_and_damage_is_refused() {
        let shop = demo::generate(&demo::Spec::small(13, 10));
        let bytes = encode_customers(&shop.customers);
        assert_eq!(decode_customers(&bytes), Ok(shop.customers.clone()));
        assert_eq!(
            decode_customers(&encode_customers::<Customer>(&[])),
            Ok(vec![])
        );
        for cut in [0, 3, 5, bytes.len() / 2, bytes.len() - 1] {
            assert!(decode_customers(&bytes[..cut]).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn chunks_round_trip_exactly() {
        let ps = sample(3000, 7);
        assert!(ps.iter().any(|p| p.customer.is_none()), "walk-ins covered");
        assert!(
            ps.iter().any(|p| p.lines.is_empty()),
            "total-only sales covered"
        );
        let bytes = encode_purchases(&ps);
        assert_eq!(decode_purchases(&bytes).unwrap(), ps);
        // Compact: well under 64 bytes a purchase on realistic data.
        assert!(bytes.len() < ps.len() * 64, "{} bytes", bytes.len());
    }

    #[test]
    fn edge_values_round_trip() {
        let id = Id(u128::MAX);
        let p = Purchase {
            meta: Meta {
                id,
                created: Timestamp(i64::MIN),
                updated: Timestamp(i64::MAX),
                deleted: Some(Timestamp(-1)),
            },
            customer: Some(Id(0)),
            at: Timestamp(i64::MAX),
            lines: vec![Line {
                product: id,
                qty: Qty(i64::MIN),
                unit_price: Paise(i64::MAX),
            }],
            total: Paise(i64::MIN),
            payment: Payment::Credit,
            channel: Channel::Online,
            note: String::new(),
            by: String::new(),
            money: Default::default(),
        };
        let noted = Purchase {
            note: "वापस: ख़राब माल ✓".into(),
            by: "Counter tablet".into(),
            ..p.clone()
        };
        let by_only = Purchase {
            by: "T-3F2A".into(),
            ..p.clone()
        };
        let ps = vec![p.clone(), noted, by_only, p];
        assert_eq!(decode_purchases(&encode_purchases(&ps)).unwrap(), ps);
        assert_eq!(
            decode_purchases(&encode_purchases::<Purchase>(&[])).unwrap(),
            vec![]
        );
    }

    fn full_customer() -> Customer {
        let mut c = Customer::named(
            Meta {
                id: Id(u128::MAX),
                created: Timestamp(i64::MIN),
                updated: Timestamp(i64::MAX),
                deleted: Some(Timestamp(5)),
            },
            "सुनीता ગીતા സുനിത سنیتا",
        );
        c.phone = Some("+919876543210".into());
        c.code = "K-17".into();
        c.consent = Consent {
            whatsapp: true,
            sms: true,
            since: Some(Timestamp(1_793_491_200_000)),
        };
        c.kind = CustomerKind::Wholesale;
        c.area = "Lal Bazaar".into();
        c.birthday = Some(Birthday {
            month: 2,
            day: 29,
            year: Some(-4),
        });
        c.age_band = Some(AgeBand::Over60);
        c.life_stage = Some(LifeStage::Business);
        c.language = "ur".into();
        c.notes = "no onion\npays Fridays".into();
        c.tags = vec!["vip".into(), String::new()];
        c
    }

    /// A campaign with every field set: Malayalam and Gujarati texts, a free item, no
    /// own segments (tests/golden.rs keeps another, frozen).
    pub(crate) fn full_campaign() -> Campaign {
        let ids = |r: std::ops::Range<u128>| r.map(Id).collect::<Vec<_>>();
        Campaign {
            meta: Meta::new(Id(0xC0FFEE), Timestamp(1_793_491_200_000)),
            name: "ഓണം thanks".into(),
            segments: vec!["rfm-champions".into()],
            custom: vec![],
            picked: ids(100..103),
            contacted_days: None,
            bought_days: Some(30),
            open_complaint: false,
            holdout_percent: 50,
            seed: u64::MAX - 3,
            offer: Offer::FreeItem("1 kg ചീനി".into()),
            texts: vec![
                ("ml".into(), "നന്ദി {name}".into()),
                ("gu".into(), "આભાર {name}".into()),
            ],
            window_days: 30,
            started: Some(Timestamp(-5)),
            members: ids(1..40),
            holdout: ids(40..60),
        }
    }

    #[test]
    fn campaigns_round_trip_and_damage_is_refused() {
        let full = full_campaign();
        assert_eq!(decode_campaign(&encode_campaign(&full)), Ok(full.clone()));
        for offer in [
            Offer::None,
            Offer::PercentOff(100),
            Offer::AmountOff(Paise(12_550)),
            Offer::BonusPoints(500),
        ] {
            let c = Campaign {
                offer,
                started: None,
                ..full.clone()
            };
            assert_eq!(decode_campaign(&encode_campaign(&c)), Ok(c));
        }
        let bytes = encode_campaign(&full);
        for cut in 0..bytes.len() {
            assert!(decode_campaign(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode_campaign(&longer).is_err());
    }

    #[test]
    fn records_round_trip_exactly() {
        let shop = demo::generate(&demo::Spec::small(5, 200));
        for c in shop.customers.iter().chain([&full_customer()]) {
            assert_eq!(decode_customer(&encode_customer(c)).as_ref(), Ok(c));
        }
        let bare = Customer::named(Meta::new(Id(1), Timestamp(0)), "");
        assert_eq!(decode_customer(&encode_customer(&bare)), Ok(bare));
        for p in &shop.products {
            assert_eq!(decode_product(&encode_product(p)).as_ref(), Ok(p));
        }
        let mut p = shop.products[0].clone();
        p.lasts_days = Some(u16::MAX);
        p.price = Paise(-1);
        assert_eq!(decode_product(&encode_product(&p)), Ok(p));
        for kind in InteractionKind::ALL {
            for status in Status::ALL {
                let i = Interaction {
                    campaign: None,
                    meta: Meta::new(Id(7), Timestamp(1_700_000_000_000)),
                    customer: Id(9),
                    at: Timestamp(-3),
                    kind,
                    note: "टूटा हुआ".into(),
                    rating: Some(5),
                    status,
                    money: match kind {
                        InteractionKind::Payment => Some(Money::Paid(Paise(-12), Payment::Upi)),
                        InteractionKind::Points => Some(Money::Points(
                            u32::MAX,
                            Some(Date::from_days_since_epoch(-4)),
                        )),
                        _ => None,
                    },
                };
                assert_eq!(decode_interaction(&encode_interaction(&i)).as_ref(), Ok(&i));
            }
        }
        let segment = SavedSegment {
            meta: Meta::new(Id(11), Timestamp(5)),
            name: "बड़े ग्राहक".into(),
            rule: Rule {
                all: false,
                groups: vec![
                    Group {
                        all: true,
                        conditions: Field::ALL
                            .iter()
                            .zip(Op::ALL.iter().cycle())
                            .map(|(&field, &op)| Condition {
                                field,
                                op,
                                value: format!("{field:?}"),
                            })
                            .collect(),
                    },
                    Group::default(),
                ],
            },
        };
        assert_eq!(
            decode_segment(&encode_segment(&segment)).as_ref(),
            Ok(&segment)
        );
        let bytes = encode_segment(&segment);
        for cut in 0..bytes.len() {
            assert!(decode_segment(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        // Every enum value survives: the stored code is the declaration index.
        for (k, a) in AgeBand::ALL.into_iter().enumerate() {
            assert_eq!(a as usize, k);
        }
        for (k, l) in LifeStage::ALL.into_iter().enumerate() {
            let mut c = bare_with(|c| c.life_stage = Some(l));
            assert_eq!(l as usize, k);
            c.kind = CustomerKind::Retail;
            assert_eq!(decode_customer(&encode_customer(&c)), Ok(c));
        }
    }

    fn bare_with(f: impl FnOnce(&mut Customer)) -> Customer {
        let mut c = Customer::named(Meta::new(Id(2), Timestamp(0)), "x");
        f(&mut c);
        c
    }

    #[test]
    fn damaged_records_are_refused_without_panicking() {
        let bytes = encode_customer(&full_customer());
        assert_eq!(decode_customer(b""), Err(DecodeError::BadMagic));
        assert_eq!(decode_customer(&[9]), Err(DecodeError::Invalid("version")));
        for cut in 1..bytes.len() {
            assert!(decode_customer(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut long = bytes.clone();
        long.push(0);
        assert_eq!(decode_customer(&long), Err(DecodeError::TrailingBytes));
        let mut rng = Rng::new(5);
        for _ in 0..5000 {
            let mut m = bytes.clone();
            let i = rng.below(m.len() as u64) as usize;
            m[i] = rng.below(256) as u8;
            let _ = decode_customer(&m);
            let _ = decode_product(&m);
            let _ = decode_interaction(&m);
        }
        // Bad UTF-8 in a name is refused, not replaced.
        let mut c = bare_with(|_| ());
        c.name = "ab".into();
        let mut b = encode_customer(&c);
        let at = b
            .windows(2)
            .position(|w| w == b"ab")
            .expect("name is in the bytes");
        b[at] = 0xff;
        assert_eq!(decode_customer(&b), Err(DecodeError::Invalid("text")));
    }

    #[test]
    fn damaged_chunks_are_refused_without_panicking() {
        let bytes = encode_purchases(&sample(200, 3));
        assert_eq!(decode_purchases(b"nope"), Err(DecodeError::BadMagic));
        assert_eq!(decode_purchases(b""), Err(DecodeError::BadMagic));
        for cut in [5, 20, bytes.len() / 2, bytes.len() - 1] {
            assert!(decode_purchases(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut long = bytes.clone();
        long.push(0);
        assert_eq!(decode_purchases(&long), Err(DecodeError::TrailingBytes));
        // Random mutations: any result but a panic.
        let mut rng = Rng::new(99);
        for _ in 0..3000 {
            let mut m = bytes.clone();
            for _ in 0..1 + rng.below(4) {
                let i = rng.below(m.len() as u64) as usize;
                m[i] = rng.below(256) as u8;
            }
            let _ = decode_purchases(&m);
        }
        // A huge claimed count must not allocate: it is refused as truncated.
        let mut huge = MAGIC.to_vec();
        put_u(&mut huge, u64::MAX / 2);
        assert_eq!(decode_purchases(&huge), Err(DecodeError::Truncated));
    }
}
