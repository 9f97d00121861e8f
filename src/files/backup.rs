//! Backup files: the whole book in one file the seller keeps elsewhere, and reading one back.
//!
//! A backup is a short text header, a blank line, then the content in the binary record codec
//! ([`codec`]), so 1M purchases take about 40 MB:
//!
//! ```text
//! GRAHAK-BACKUP 1            format name and version
//! app 0.1.0                  the Grahak that wrote it
//! schema 2                   the records' version ([`CONTENT_VERSION`])
//! created 1795000000000      when (ms since 1970-01-01 UTC)
//! customers 300              record counts
//! products 12
//! interactions 40
//! segments 1
//! campaigns 2                (schema 4 on)
//! snapshots 3                (schema 6 on)
//! purchases 6000
//! sha256 <64 hex digits>     SHA-256 of the content below
//!
//! <content>
//! ```
//!
//! The content is, for customers, products, interactions, (schema 2 on) custom segments and
//! (schema 4 on) campaigns and (schema 6 on) monthly segment snapshots: a count, then each record's length and codec bytes, sorted by id; then the number of purchases
//! and their chunks ([`codec::encode_purchases`], in book order). All numbers are LEB128 varints.
//! The same book always gives the same content.
//!
//! Reading checks everything before anything is replaced: the header, the checksum (computed by
//! the caller: the browser's own SHA-256), every record, the counts, and that the records hold
//! together as a book. A backup from an older schema is read as that schema (version 1 had no
//! custom segments). SHA-256 itself is left to the caller: the browser has it built in.

use crate::book::{Book, Change};
use crate::files::codec::{self, DecodeError, CHUNK_SIZE};
use crate::model::id::Id;
use crate::model::pace::{at_once, Pacer};
use crate::model::time::Timestamp;
use std::fmt::Write;

/// First word of every backup.
pub const FORMAT_NAME: &str = "GRAHAK-BACKUP";
/// The format version this app writes and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;

/// Version of the records a backup holds (its `schema` line). It was the storage schema until
/// storage changes stopped touching the records: storage schemas 3 (revision and change log) and
/// 4 (customers in chunks) change only how IndexedDB lays the book out, so their backups are
/// still version 2 and restore in any Grahak that reads version 2. Bump it when a record gains
/// or changes a field, with a step in [`read`] for the older content. Version 3: a sale may
/// carry a remark (why it was corrected or voided; flag bit 5 of its chunk), which version 2
/// never has, so version 2 content reads as it is. Version 4: campaigns (a `campaigns` count in
/// the header, their section after the custom segments). Version 5: credit and points — a sale's
/// part on credit and its points (flag bit 7 of its chunk), a customer's credit limit (flag bit
/// 4), payments received and points given (contact kinds 7 and 8); version 4 content never has
/// them, so it reads as it is, and an older Grahak refuses version 5 as too new rather than
/// misread it. Version 6: monthly segment snapshots (a `snapshots` count in the header, their
/// section after the campaigns).
pub const CONTENT_VERSION: u32 = 6;
/// Longest header accepted: anything longer is not one of ours.
pub const HEADER_MAX: usize = 2048;

/// How many records of each kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Customers, deleted ones included.
    pub customers: u64,
    /// Products.
    pub products: u64,
    /// Contacts, complaints and feedback.
    pub interactions: u64,
    /// Custom segments.
    pub segments: u64,
    /// Campaigns.
    pub campaigns: u64,
    /// Monthly segment snapshots.
    pub snapshots: u64,
    /// Sales.
    pub purchases: u64,
}

/// What the header says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// Format version.
    pub format: u32,
    /// App version that wrote it.
    pub app: String,
    /// Schema version of the book.
    pub schema: u32,
    /// When it was written.
    pub created: Timestamp,
    /// Record counts.
    pub counts: Counts,
    /// SHA-256 of the content.
    pub sha256: [u8; 32],
}

/// Why a file cannot be restored. In every case nothing was changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackupError {
    /// Not a Grahak backup at all (another file, or empty).
    NotABackup,
    /// Written by a newer Grahak (format or schema version).
    TooNew,
    /// The header is damaged.
    BadHeader,
    /// The content does not match its checksum: damaged or cut short.
    Checksum,
    /// A record cannot be read, or the records do not hold together.
    Damaged,
}

/// The content of `book` at `schema` (the current one except in tests of older backups), and
/// its counts.
pub fn content(book: &Book, schema: u32) -> (Vec<u8>, Counts) {
    at_once(content_paced(book, schema, &mut Pacer::none()))
}

/// The work [`content_paced`] ticks for `book`: one unit per record.
pub fn content_work(book: &Book) -> u64 {
    (book.customers().len()
        + book.products().len()
        + book.interactions().len()
        + book.segments().len()
        + book.campaigns().len()
        + book.snapshots().len()
        + book.purchases().len()) as u64
}

/// [`content`] in parts: ticks `pacer` for every record encoded.
pub async fn content_paced(book: &Book, schema: u32, pacer: &mut Pacer<'_>) -> (Vec<u8>, Counts) {
    let mut out = Vec::new();
    let customers = section(
        &mut out,
        book.customers(),
        |c| c.meta.id,
        codec::encode_customer,
        pacer,
    )
    .await;
    let products = section(
        &mut out,
        book.products(),
        |p| p.meta.id,
        codec::encode_product,
        pacer,
    )
    .await;
    let interactions = section(
        &mut out,
        book.interactions(),
        |i| i.meta.id,
        codec::encode_interaction,
        pacer,
    )
    .await;
    let segments = if schema >= 2 {
        section(
            &mut out,
            book.segments(),
            |s| s.meta.id,
            codec::encode_segment,
            pacer,
        )
        .await
    } else {
        0
    };
    let campaigns = if schema >= 4 {
        section(
            &mut out,
            book.campaigns(),
            |c| c.meta.id,
            codec::encode_campaign,
            pacer,
        )
        .await
    } else {
        0
    };
    let snapshots = if schema >= 6 {
        section(
            &mut out,
            book.snapshots(),
            |s| s.meta.id,
            codec::encode_snapshot,
            pacer,
        )
        .await
    } else {
        0
    };
    let purchases = book.purchases();
    let counts = Counts {
        customers,
        products,
        interactions,
        segments,
        campaigns,
        snapshots,
        purchases: purchases.len() as u64,
    };
    put_u(&mut out, counts.purchases);
    put_u(&mut out, purchases.len().div_ceil(CHUNK_SIZE) as u64);
    for start in (0..purchases.len()).step_by(CHUNK_SIZE) {
        let chunk = purchases.range(start..start + CHUNK_SIZE);
        put_bytes(&mut out, &codec::encode_purchases(&chunk));
        pacer.tick(chunk.len() as u64).await;
    }
    (out, counts)
}

async fn section<T>(
    out: &mut Vec<u8>,
    records: &[T],
    id: fn(&T) -> Id,
    encode: fn(&T) -> Vec<u8>,
    pacer: &mut Pacer<'_>,
) -> u64 {
    let mut sorted: Vec<&T> = records.iter().collect();
    crate::model::sort::sort_by_key(&mut sorted, |r| id(r));
    put_u(out, sorted.len() as u64);
    for r in sorted {
        put_bytes(out, &encode(r));
        pacer.tick(1).await;
    }
    records.len() as u64
}

/// The whole file: `header` (its counts and checksum describing `content`), then `content`.
pub fn file(header: &Header, content: &[u8]) -> Vec<u8> {
    let mut out = header_bytes(header);
    out.extend_from_slice(content);
    out
}

/// The file's start, which `content` follows.
pub fn header_bytes(header: &Header) -> Vec<u8> {
    let c = &header.counts;
    let mut text = String::new();
    // Writing to a String cannot fail.
    let _ = write!(
        text,
        "{FORMAT_NAME} {}\napp {}\nschema {}\ncreated {}\ncustomers {}\nproducts {}\ninteractions {}\nsegments {}\n",
        header.format, header.app, header.schema, header.created.0, c.customers, c.products,
        c.interactions, c.segments,
    );
    if header.schema >= 4 {
        let _ = writeln!(text, "campaigns {}", c.campaigns);
    }
    if header.schema >= 6 {
        let _ = writeln!(text, "snapshots {}", c.snapshots);
    }
    let _ = write!(text, "purchases {}\nsha256 ", c.purchases);
    for b in header.sha256 {
        let _ = write!(text, "{b:02x}");
    }
    text.push_str("\n\n");
    text.into_bytes()
}

/// Splits a file into its header and content; the caller then checks the content's SHA-256
/// against [`Header::sha256`] and reads it with [`read`].
pub fn split(bytes: &[u8]) -> Result<(Header, &[u8]), BackupError> {
    let start = bytes.get(..HEADER_MAX.min(bytes.len())).unwrap_or(bytes);
    let first_line_ok = start
        .split(|&b| b == b'\n')
        .next()
        .is_some_and(|l| l.starts_with(FORMAT_NAME.as_bytes()));
    if !first_line_ok {
        return Err(BackupError::NotABackup);
    }
    let end = start
        .windows(2)
        .position(|w| w == b"\n\n")
        .ok_or(BackupError::BadHeader)?;
    let text = std::str::from_utf8(&bytes[..end]).map_err(|_| BackupError::BadHeader)?;
    let mut fields = text.lines().map(|l| l.split_once(' ').unwrap_or((l, "")));
    let mut next = |name: &str| -> Result<&str, BackupError> {
        match fields.next() {
            Some((k, v)) if k == name => Ok(v),
            _ => Err(BackupError::BadHeader),
        }
    };
    let num = |v: &str| v.parse::<u64>().map_err(|_| BackupError::BadHeader);
    let format = num(next(FORMAT_NAME)?)? as u32;
    if format > FORMAT_VERSION {
        return Err(BackupError::TooNew);
    }
    let app = next("app")?.to_string();
    let schema = num(next("schema")?)? as u32;
    let created = Timestamp(num(next("created")?)? as i64);
    let counts = Counts {
        customers: num(next("customers")?)?,
        products: num(next("products")?)?,
        interactions: num(next("interactions")?)?,
        segments: num(next("segments")?)?,
        campaigns: if schema >= 4 {
            num(next("campaigns")?)?
        } else {
            0
        },
        snapshots: if schema >= 6 {
            num(next("snapshots")?)?
        } else {
            0
        },
        purchases: num(next("purchases")?)?,
    };
    let hex = next("sha256")?;
    let mut sha256 = [0u8; 32];
    if hex.len() != 64 {
        return Err(BackupError::BadHeader);
    }
    for (k, b) in sha256.iter_mut().enumerate() {
        *b = u8::from_str_radix(&hex[2 * k..2 * k + 2], 16).map_err(|_| BackupError::BadHeader)?;
    }
    Ok((
        Header {
            format,
            app,
            schema,
            created,
            counts,
            sha256,
        },
        &bytes[end + 2..],
    ))
}

/// Reads the content (whose checksum the caller has verified) into the change that replaces
/// the book, checking every record, the counts, and that the records hold together. Records
/// from an older schema are read as that schema; one from a newer schema is refused.
pub fn read(header: &Header, content: &[u8], current_schema: u32) -> Result<Change, BackupError> {
    at_once(read_paced(
        header,
        content,
        current_schema,
        &mut Pacer::none(),
    ))
}

/// The work [`read_paced`] ticks for a file with this header: every record decoded, then
/// checked twice (see [`Book::plan_paced`]).
pub fn read_work(header: &Header) -> u64 {
    let c = header.counts;
    3 * (c.customers
        + c.products
        + c.interactions
        + c.segments
        + c.campaigns
        + c.snapshots
        + c.purchases)
}

/// [`read`] in parts: ticks `pacer` for every record decoded and checked.
pub async fn read_paced(
    header: &Header,
    content: &[u8],
    current_schema: u32,
    pacer: &mut Pacer<'_>,
) -> Result<Change, BackupError> {
    if header.schema > current_schema {
        return Err(BackupError::TooNew);
    }
    let mut r = Reader {
        bytes: content,
        pos: 0,
    };
    let mut change = Change {
        customers: r.section(codec::decode_customer, pacer).await?,
        products: r.section(codec::decode_product, pacer).await?,
        interactions: r.section(codec::decode_interaction, pacer).await?,
        ..Change::default()
    };
    if header.schema >= 2 {
        change.segments = r.section(codec::decode_segment, pacer).await?;
    }
    if header.schema >= 4 {
        change.campaigns = r.section(codec::decode_campaign, pacer).await?;
    }
    if header.schema >= 6 {
        change.snapshots = r.section(codec::decode_snapshot, pacer).await?;
    }
    let purchases = r.u()?;
    for _ in 0..r.u()? {
        let bytes = r.bytes()?;
        let part = codec::decode_purchases(bytes).map_err(damaged)?;
        pacer.tick(part.len() as u64).await;
        change.purchases.extend(part);
    }
    let c = header.counts;
    let found = Counts {
        customers: change.customers.len() as u64,
        products: change.products.len() as u64,
        interactions: change.interactions.len() as u64,
        segments: change.segments.len() as u64,
        campaigns: change.campaigns.len() as u64,
        snapshots: change.snapshots.len() as u64,
        purchases: change.purchases.len() as u64,
    };
    if r.pos != content.len() || found != c || purchases != c.purchases {
        return Err(BackupError::Damaged);
    }
    // The records must make a book: no sale of an unknown customer, no phone twice.
    Book::default()
        .plan_paced(change, pacer)
        .await
        .map_err(|_| BackupError::Damaged)
}

fn damaged(_: DecodeError) -> BackupError {
    BackupError::Damaged
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn u(&mut self) -> Result<u64, BackupError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.bytes.get(self.pos).ok_or(BackupError::Damaged)?;
            self.pos += 1;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(BackupError::Damaged)
    }

    fn bytes(&mut self) -> Result<&'a [u8], BackupError> {
        let n = usize::try_from(self.u()?).map_err(|_| BackupError::Damaged)?;
        let end = self.pos.checked_add(n).ok_or(BackupError::Damaged)?;
        let b = self.bytes.get(self.pos..end).ok_or(BackupError::Damaged)?;
        self.pos = end;
        Ok(b)
    }

    async fn section<T>(
        &mut self,
        decode: fn(&[u8]) -> Result<T, DecodeError>,
        pacer: &mut Pacer<'_>,
    ) -> Result<Vec<T>, BackupError> {
        let n = self.u()?;
        // Each record takes at least two bytes: a count larger than that is damage, not a
        // reason to reserve gigabytes.
        if n > (self.bytes.len() - self.pos) as u64 / 2 {
            return Err(BackupError::Damaged);
        }
        let mut records = Vec::with_capacity(n as usize);
        for _ in 0..n {
            records.push(decode(self.bytes()?).map_err(damaged)?);
            pacer.tick(1).await;
        }
        Ok(records)
    }
}

fn put_u(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    put_u(out, b.len() as u64);
    out.extend_from_slice(b);
}

/// Days without a backup after which the seller is reminded.
pub const REMIND_AFTER_DAYS: i64 = 7;

/// Why the seller should make a backup now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    /// The book has never been backed up (and began [`REMIND_AFTER_DAYS`] or more days ago).
    Never,
    /// The last backup was this many days ago, and something changed since.
    Days(i64),
}

/// Whether the seller should be reminded to back up: something changed since the last backup
/// (or, never backed up, since the book began) and it was [`REMIND_AFTER_DAYS`] or more days ago.
pub fn reminder(
    last_backup: Option<Timestamp>,
    changes: Option<(Timestamp, Timestamp)>,
    now: Timestamp,
) -> Option<Due> {
    let (first, latest) = changes?;
    let since = match last_backup {
        Some(b) if latest <= b => return None,
        Some(b) => b,
        None => first,
    };
    let days = (now.0 - since.0) / 86_400_000;
    (days >= REMIND_AFTER_DAYS).then_some(match last_backup {
        Some(_) => Due::Days(days),
        None => Due::Never,
    })
}

/// Moves every instant in `change` by `delta_ms` (the sample shop, kept as a backup file, is
/// moved so that its last day is today).
pub fn shift(change: &mut Change, delta_ms: i64) {
    let meta = |m: &mut crate::model::records::Meta| {
        m.created.0 += delta_ms;
        m.updated.0 += delta_ms;
        if let Some(d) = &mut m.deleted {
            d.0 += delta_ms;
        }
    };
    change.customers.iter_mut().for_each(|c| meta(&mut c.meta));
    change.products.iter_mut().for_each(|p| meta(&mut p.meta));
    change.segments.iter_mut().for_each(|s| meta(&mut s.meta));
    for c in &mut change.campaigns {
        meta(&mut c.meta);
        if let Some(t) = &mut c.started {
            t.0 += delta_ms;
        }
    }
    for i in &mut change.interactions {
        meta(&mut i.meta);
        i.at.0 += delta_ms;
    }
    for p in &mut change.purchases {
        meta(&mut p.meta);
        p.at.0 += delta_ms;
    }
    // A snapshot moves by whole days, and takes the id of the month it lands in.
    for snap in &mut change.snapshots {
        meta(&mut snap.meta);
        snap.taken = crate::model::time::Date::from_days_since_epoch(
            snap.taken.days_since_epoch() + delta_ms.div_euclid(86_400_000),
        );
        snap.meta.id = crate::model::segment::SegmentSnapshot::id_of(snap.taken);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{generate, Rng, Spec};
    use crate::model::records::Meta;
    use crate::model::segment::{Condition, Field, Group, Op, Rule, SavedSegment};
    use sha2::{Digest, Sha256};

    const SCHEMA: u32 = CONTENT_VERSION;

    fn sha(b: &[u8]) -> [u8; 32] {
        Sha256::digest(b).into()
    }

    /// A shop of two chunks and a bit, with a custom segment, a campaign, a deleted customer,
    /// and credit and points: a credit limit, a sale part on credit that spent and earned
    /// points, a payment received and points given.
    fn shop() -> Book {
        use crate::model::records::{
            Interaction, InteractionKind, Money, Payment, SaleMoney, Status,
        };
        let mut s = generate(&Spec::small(5, CHUNK_SIZE * 2 + 17));
        let mut customers = s.customers;
        customers[3].meta.deleted = Some(Timestamp(9));
        customers[1].credit_limit = Some(crate::model::money::Paise(500_000));
        let who = customers[1].meta.id;
        let sale = &mut s.purchases[CHUNK_SIZE + 5];
        sale.customer = Some(who);
        sale.payment = Payment::Credit;
        sale.money = SaleMoney {
            credit: crate::model::money::Paise(1_000),
            redeemed: 3,
            redeemed_value: crate::model::money::Paise(300),
            earned: 2,
            expires: Some(crate::model::time::Date::from_days_since_epoch(20_600)),
        };
        for (k, money) in [
            Money::Paid(crate::model::money::Paise(700), Payment::Upi),
            Money::Points(40, None),
        ]
        .into_iter()
        .enumerate()
        {
            s.interactions.push(Interaction {
                meta: Meta::new(Id(880 + k as u128), Timestamp(5)),
                customer: who,
                at: Timestamp(6),
                kind: if k == 0 {
                    InteractionKind::Payment
                } else {
                    InteractionKind::Points
                },
                note: String::new(),
                rating: None,
                status: Status::Resolved,
                campaign: None,
                money: Some(money),
            });
        }
        let segment = SavedSegment {
            meta: Meta::new(Id(77), Timestamp(1)),
            name: "बड़े".into(),
            rule: Rule {
                all: true,
                groups: vec![Group {
                    all: true,
                    conditions: vec![Condition {
                        field: Field::Spent,
                        op: Op::AtLeast,
                        value: "500".into(),
                    }],
                }],
            },
        };
        let mut b = Book::default();
        let planned = b
            .plan(Change {
                customers,
                products: s.products,
                interactions: s.interactions,
                segments: vec![segment],
                campaigns: vec![crate::files::codec::tests::full_campaign()],
                snapshots: vec![crate::model::segment::SegmentSnapshot {
                    meta: Meta::new(Id(78), Timestamp(2)),
                    taken: crate::model::time::Date::from_days_since_epoch(20_600),
                    members: vec![(who, 2)],
                }],
                purchases: s.purchases,
                ..Change::default()
            })
            .unwrap();
        b.apply(planned).expect("planned change applies");
        b
    }

    fn backup(b: &Book, schema: u32) -> Vec<u8> {
        let (content, counts) = content(b, schema);
        let header = Header {
            format: FORMAT_VERSION,
            app: "0.1.0".into(),
            schema,
            created: Timestamp(1_795_000_000_000),
            counts,
            sha256: sha(&content),
        };
        file(&header, &content)
    }

    /// What the app does with a chosen file.
    fn restore(bytes: &[u8]) -> Result<Book, BackupError> {
        let (header, content) = split(bytes)?;
        if sha(content) != header.sha256 {
            return Err(BackupError::Checksum);
        }
        let change = read(&header, content, SCHEMA)?;
        let mut b = Book::default();
        b.apply(change).expect("planned change applies");
        Ok(b)
    }

    #[test]
    fn backup_restore_backup_gives_the_same_file() {
        use crate::model::records::InteractionKind;
        let b = shop();
        let first = backup(&b, SCHEMA);
        let (header, _) = split(&first).unwrap();
        assert_eq!(header.counts.purchases as usize, CHUNK_SIZE * 2 + 17);
        assert_eq!(header.counts.segments, 1);
        assert_eq!(header.counts.campaigns, 1);
        let restored = restore(&first).unwrap();
        assert_eq!(restored.purchases().to_vec(), b.purchases().to_vec());
        assert_eq!(restored.segments(), b.segments());
        assert_eq!(restored.campaigns(), b.campaigns());
        assert_eq!(restored.snapshots(), b.snapshots());
        assert_eq!(header.counts.snapshots, 1);
        // Credit and points come back whole: the sale's part, the payment, the points given.
        assert!(b.purchases().iter().any(|p| p.money.redeemed == 3));
        let mut contacts = restored.interactions().to_vec();
        let mut expected = b.interactions().to_vec();
        crate::model::sort::sort_by_key(&mut contacts, |i| i.meta.id);
        crate::model::sort::sort_by_key(&mut expected, |i| i.meta.id);
        assert_eq!(contacts, expected);
        assert!(contacts.iter().any(|i| i.kind == InteractionKind::Payment));
        assert_eq!(restored.customers().len(), b.customers().len());
        for c in b.customers() {
            assert_eq!(restored.customer(c.meta.id), Some(c));
        }
        assert_eq!(backup(&restored, SCHEMA), first);
        // Compact: about 40 bytes a sale.
        assert!(
            first.len() < 60 * b.purchases().len(),
            "{} bytes",
            first.len()
        );
    }

    #[test]
    fn a_schema_3_backup_has_no_campaign_line_and_restores_without_campaigns() {
        let b = shop();
        let old = backup(&b, 3);
        let text = String::from_utf8_lossy(&old[..200]).to_string();
        assert!(text.contains("segments 1\npurchases "), "{text}");
        let restored = restore(&old).unwrap();
        assert!(restored.campaigns().is_empty());
        assert_eq!(restored.segments(), b.segments());
        assert_eq!(restored.purchases().to_vec(), b.purchases().to_vec());
    }

    #[test]
    fn a_schema_5_backup_has_no_snapshots_line_and_restores_without_them() {
        let b = shop();
        let old = backup(&b, 5);
        let text = String::from_utf8_lossy(&old[..220]).to_string();
        assert!(text.contains("campaigns 1\npurchases "), "{text}");
        let restored = restore(&old).unwrap();
        assert!(restored.snapshots().is_empty());
        assert_eq!(restored.campaigns(), b.campaigns());
        assert_eq!(restored.purchases().to_vec(), b.purchases().to_vec());
    }

    #[test]
    fn a_schema_1_backup_is_read_and_migrated() {
        let b = shop();
        let old = backup(&b, 1);
        let restored = restore(&old).unwrap();
        assert!(restored.segments().is_empty());
        assert_eq!(restored.purchases().to_vec(), b.purchases().to_vec());
        assert_eq!(restored.customers().len(), b.customers().len());
    }

    #[test]
    fn foreign_newer_damaged_and_cut_files_are_refused() {
        let good = backup(&shop(), SCHEMA);
        assert_eq!(restore(b"").err(), Some(BackupError::NotABackup));
        assert_eq!(
            restore(b"\x89PNG\r\n\x1a\n...").err(),
            Some(BackupError::NotABackup)
        );
        assert_eq!(
            restore(b"name,phone\nAsha,98\n").err(),
            Some(BackupError::NotABackup)
        );
        let text = |f: &dyn Fn(String) -> String| {
            let (h, c) = good.split_at(good.windows(2).position(|w| w == b"\n\n").unwrap());
            let mut out = f(String::from_utf8(h.to_vec()).unwrap()).into_bytes();
            out.extend_from_slice(c);
            out
        };
        let newer = text(&|h| h.replace("GRAHAK-BACKUP 1", "GRAHAK-BACKUP 2"));
        assert_eq!(restore(&newer).err(), Some(BackupError::TooNew));
        let newer_schema = text(&|h| h.replace("schema 6", "schema 7"));
        assert_eq!(restore(&newer_schema).err(), Some(BackupError::TooNew));
        let miscounted = text(&|h| h.replace("segments 1", "segments 2"));
        assert_eq!(restore(&miscounted).err(), Some(BackupError::Damaged));
        let miscounted = text(&|h| h.replace("campaigns 1", "campaigns 0"));
        assert_eq!(restore(&miscounted).err(), Some(BackupError::Damaged));
        let no_campaigns_line = text(&|h| h.replace("campaigns 1\n", ""));
        assert_eq!(
            restore(&no_campaigns_line).err(),
            Some(BackupError::BadHeader)
        );
        let no_sum = text(&|h| h.replace("sha256 ", "sha256 zz"));
        assert_eq!(restore(&no_sum).err(), Some(BackupError::BadHeader));
        // A flipped byte anywhere in the content, or a file cut short: refused.
        let body = good.windows(2).position(|w| w == b"\n\n").unwrap() + 2;
        for at in [body, body + 1, good.len() / 2, good.len() - 1] {
            let mut bad = good.clone();
            bad[at] ^= 0x40;
            assert_eq!(
                restore(&bad).err(),
                Some(BackupError::Checksum),
                "byte {at}"
            );
        }
        for cut in [1, 10, body - 1, body, body + 5, good.len() - 1] {
            assert!(restore(&good[..cut]).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn records_that_do_not_make_a_book_are_refused_even_with_a_right_checksum() {
        let b = shop();
        let (mut content, mut counts) = content(&b, SCHEMA);
        // Drop the customers: their sales now name nobody.
        let mut r = Reader {
            bytes: &content,
            pos: 0,
        };
        let _ = at_once(r.section(codec::decode_customer, &mut Pacer::none())).unwrap();
        let after = r.pos;
        let mut out = vec![0u8];
        out.extend_from_slice(&content[after..]);
        content = out;
        counts.customers = 0;
        let header = Header {
            format: 1,
            app: "x".into(),
            schema: SCHEMA,
            created: Timestamp(0),
            counts,
            sha256: sha(&content),
        };
        assert_eq!(
            restore(&file(&header, &content)).err(),
            Some(BackupError::Damaged)
        );
    }

    #[test]
    fn mutated_files_never_panic_and_never_half_restore() {
        let good = backup(&shop(), SCHEMA);
        let mut rng = Rng::new(42);
        for _ in 0..300 {
            let mut bad = good.clone();
            for _ in 0..=rng.below(4) {
                let at = rng.below(bad.len() as u64) as usize;
                match rng.below(3) {
                    0 => bad[at] = rng.below(256) as u8,
                    1 => bad.truncate(at),
                    _ => bad.insert(at, rng.below(256) as u8),
                }
            }
            // With the checksum checked, any change to the content is caught; the header and
            // the records are also checked on their own, as if the checksum had been forged.
            let _ = restore(&bad);
            if let Ok((header, content)) = split(&bad) {
                let _ = read(&header, content, SCHEMA);
            }
        }
    }

    #[test]
    fn the_reminder_comes_after_seven_days_with_changes() {
        const DAY: i64 = 86_400_000;
        let t = |d: i64| Timestamp(d * DAY);
        // Empty book: nothing to lose.
        assert_eq!(reminder(None, None, t(100)), None);
        // Never backed up: counted from the first record.
        assert_eq!(reminder(None, Some((t(10), t(12))), t(16)), None);
        assert_eq!(
            reminder(None, Some((t(10), t(12))), t(17)),
            Some(Due::Never)
        );
        assert_eq!(
            reminder(None, Some((t(10), t(12))), t(375)),
            Some(Due::Never)
        );
        // Backed up, nothing changed since: never.
        assert_eq!(reminder(Some(t(20)), Some((t(10), t(19))), t(90)), None);
        // Changed since: from the backup day.
        assert_eq!(reminder(Some(t(20)), Some((t(10), t(21))), t(26)), None);
        assert_eq!(
            reminder(Some(t(20)), Some((t(10), t(21))), t(29)),
            Some(Due::Days(9))
        );
        let b = shop();
        let (first, latest) = b.changed().unwrap();
        assert!(first <= latest);
        assert_eq!(Book::default().changed(), None);
    }

    #[test]
    fn shifting_moves_every_instant() {
        let mut change = read(
            &split(&backup(&shop(), SCHEMA)).unwrap().0,
            split(&backup(&shop(), SCHEMA)).unwrap().1,
            SCHEMA,
        )
        .unwrap();
        let before = change.clone();
        shift(&mut change, 86_400_000);
        for (a, b) in change.purchases.iter().zip(&before.purchases) {
            assert_eq!(a.at.0 - b.at.0, 86_400_000);
            assert_eq!(a.meta.updated.0 - b.meta.updated.0, 86_400_000);
        }
        for (a, b) in change.interactions.iter().zip(&before.interactions) {
            assert_eq!(a.at.0 - b.at.0, 86_400_000);
        }
        let gone = before
            .customers
            .iter()
            .position(|c| c.meta.deleted == Some(Timestamp(9)))
            .unwrap();
        assert_eq!(
            change.customers[gone].meta.deleted,
            Some(Timestamp(9 + 86_400_000))
        );
    }
}
