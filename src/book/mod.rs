//! The seller's book in memory, and how a change to it is checked and turned into writes.
//!
//! Everything is loaded once when the app opens and kept in memory; a write goes
//! [`Book::plan`] (check) -> storage commit -> [`Book::apply`]. The book changes only after
//! storage has committed, so what the screen shows is what is saved. How the book is laid out
//! on disk is storage's business (`storage::layout`); nothing here encodes anything.

pub mod catalogue;
mod phones;
mod sales;
pub mod search;

use phones::Phones;
pub use sales::SaleFacts;
use sales::{Places, Sales};

use crate::model::campaign::Campaign;
use crate::model::id::{Id, IdMap};
use crate::model::pace::{at_once, Pacer};
use crate::model::records::{Customer, Interaction, Product, Purchase};
use crate::model::segment::{SavedSegment, SegmentSnapshot};
use crate::model::time::Timestamp;
use std::collections::HashMap;
use std::fmt;

/// Records to write together, all or nothing. Built by the caller, completed by [`Book::plan`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Change {
    /// Customers added or replaced (by id).
    pub customers: Vec<Customer>,
    /// Products added or replaced.
    pub products: Vec<Product>,
    /// Interactions added or replaced.
    pub interactions: Vec<Interaction>,
    /// Custom segments added or replaced.
    pub segments: Vec<SavedSegment>,
    /// Campaigns added or replaced (sent to more customers, say).
    pub campaigns: Vec<Campaign>,
    /// Monthly segment snapshots added or replaced (an old one emptied and deleted).
    pub snapshots: Vec<SegmentSnapshot>,
    /// New purchases, appended after the last one. Ids are 128 random bits, so a new sale is
    /// not looked up first: saving one stays cheap however long the history.
    pub purchases: Vec<Purchase>,
    /// Replacements of existing purchases (a corrected or deleted sale), found by id.
    pub edited_purchases: Vec<Purchase>,
}

impl Change {
    /// Whether it only adds sales (and perhaps contacts): what the segment analysis can fold in
    /// without starting again.
    pub fn adds_only_sales(&self) -> bool {
        self.customers.is_empty() && self.products.is_empty() && self.edited_purchases.is_empty()
    }

    /// Whether there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many records it writes.
    pub fn len(&self) -> usize {
        self.customers.len()
            + self.products.len()
            + self.interactions.len()
            + self.segments.len()
            + self.campaigns.len()
            // A snapshot is written as one record but weighs as its members (the change log
            // leaves a big one out, and saving it is paced by its size).
            + self.snapshots.iter().map(|s| s.members.len().max(1)).sum::<usize>()
            + self.purchases.len()
            + self.edited_purchases.len()
    }
}

/// Why a change cannot be made, or a stored book cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BookError {
    /// Another live customer already has this phone number.
    DuplicatePhone {
        /// The number.
        phone: String,
        /// The customer who has it.
        existing: Id,
    },
    /// A customer without a name.
    EmptyName(Id),
    /// A purchase or interaction names a customer the book does not have.
    UnknownCustomer(Id),
    /// A purchase line names a product the book does not have.
    UnknownProduct(Id),
    /// An edit of a purchase the book does not have.
    UnknownPurchase(Id),
    /// A new sale or contact for a customer who has been deleted (in another window, say).
    DeletedCustomer(Id),
    /// A new sale of a product that has been deleted.
    DeletedProduct(Id),
    /// The same record twice in one change.
    Repeated(Id),
}

impl fmt::Display for BookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BookError::DuplicatePhone { phone, .. } => {
                write!(f, "{phone} belongs to another customer")
            }
            BookError::EmptyName(id) => write!(f, "customer {id} has no name"),
            BookError::UnknownCustomer(id) => write!(f, "no customer {id}"),
            BookError::UnknownProduct(id) => write!(f, "no product {id}"),
            BookError::UnknownPurchase(id) => write!(f, "no purchase {id}"),
            BookError::DeletedCustomer(id) => write!(f, "customer {id} was deleted"),
            BookError::DeletedProduct(id) => write!(f, "product {id} was deleted"),
            BookError::Repeated(id) => write!(f, "record {id} appears twice"),
        }
    }
}

impl std::error::Error for BookError {}

/// Live records in the book.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Live customers.
    pub customers: usize,
    /// Live products.
    pub products: usize,
    /// Live sales.
    pub sales: usize,
}

/// The book in memory, with the indexes the screens need.
#[derive(Clone, Debug, Default)]
pub struct Book {
    customers: Vec<Customer>,
    customer_ix: IdMap<usize>,
    phone_ix: Phones,
    products: Vec<Product>,
    product_ix: IdMap<usize>,
    interactions: Vec<Interaction>,
    interaction_ix: IdMap<usize>,
    segments: Vec<SavedSegment>,
    campaigns: Vec<Campaign>,
    snapshots: Vec<SegmentSnapshot>,
    /// In storage order: purchase `i` lives in chunk `i / CHUNK_SIZE`.
    sales: Sales,
    /// Each customer's sales (by place in `customers`), in storage order.
    by_customer: Vec<Vec<u32>>,
    /// Changes whenever a customer is added or changed (see [`Book::customers_stamp`]).
    customers_stamp: u64,
    /// Changes whenever a sale or a product is added or changed (see [`Book::sales_stamp`]).
    sales_stamp: u64,
    /// See [`Book::changed`].
    changed: Option<(Timestamp, Timestamp)>,
}

/// Where the book's customers and products are, for [`Sales`] (a macro: it borrows the fields
/// alone, so that the sales can be changed meanwhile).
macro_rules! places {
    ($book:expr) => {
        Places {
            customers: &$book.customers,
            customer_ix: &$book.customer_ix,
            products: &$book.products,
            product_ix: &$book.product_ix,
        }
    };
}

/// Hands out [`Book::customers_stamp`] values, unique across every book of this program.
static STAMPS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// Builds a [`Book`] from stored records a part at a time, so that opening a big book can give
/// the screen back between parts.
#[derive(Default)]
pub struct BookBuilder {
    book: Book,
}

impl BookBuilder {
    /// Room for this many purchases and customers.
    pub fn with_capacity(purchases: usize, customers: usize) -> BookBuilder {
        let mut book = Book {
            sales: Sales::with_capacity(purchases),
            ..Book::default()
        };
        book.customers.reserve_exact(customers);
        book.customer_ix.reserve(customers);
        book.phone_ix.reserve(customers);
        BookBuilder { book }
    }

    /// The next customers, in storage order.
    pub fn customers(&mut self, customers: Vec<Customer>) {
        for c in customers {
            self.book.put_customer(c);
        }
    }

    /// The products, interactions, custom segments, campaigns and segment snapshots (before
    /// the purchases, which name products by their place).
    pub fn records(
        &mut self,
        products: Vec<Product>,
        interactions: Vec<Interaction>,
        segments: Vec<SavedSegment>,
        campaigns: Vec<Campaign>,
        snapshots: Vec<SegmentSnapshot>,
    ) {
        self.book.put_records(Vec::new(), products, interactions);
        self.book.put_segments(segments);
        self.book.put_campaigns(campaigns);
        self.book.put_snapshots(snapshots);
    }

    /// The next purchases, in storage order.
    pub fn purchases(&mut self, purchases: Vec<Purchase>) {
        for p in &purchases {
            self.book.push_sale(p);
        }
    }

    /// The book.
    pub fn finish(self) -> Book {
        self.book
    }
}

impl Book {
    /// A new book holding exactly `change` (checked as any change is): tests, benchmarks and the
    /// sample-shop file start from one.
    pub fn of(change: Change) -> Result<Book, BookError> {
        let mut book = Book::default();
        let planned = book.plan(change)?;
        book.apply(planned)?;
        Ok(book)
    }

    /// The book holding exactly `change`, which [`Book::plan`] accepted for an empty book (a
    /// restored backup), built in parts: ticks `pacer` for every customer and sale.
    pub async fn of_planned(change: Change, pacer: &mut Pacer<'_>) -> Result<Book, BookError> {
        if let Some(p) = change.edited_purchases.first() {
            return Err(BookError::UnknownPurchase(p.meta.id));
        }
        let mut b = BookBuilder::with_capacity(change.purchases.len(), change.customers.len());
        b.records(
            change.products,
            change.interactions,
            change.segments,
            change.campaigns,
            change.snapshots,
        );
        // Each record is dropped as soon as it is in: a million dropped at the end would be one
        // long step.
        for c in change.customers {
            pacer.tick(1).await;
            b.book.put_customer(c);
        }
        for p in change.purchases {
            pacer.tick(1).await;
            b.book.push_sale(&p);
        }
        Ok(b.finish())
    }

    /// A book of these records, as storage read them (purchases in storage order).
    pub fn from_records(
        customers: Vec<Customer>,
        products: Vec<Product>,
        interactions: Vec<Interaction>,
        segments: Vec<SavedSegment>,
        campaigns: Vec<Campaign>,
        snapshots: Vec<SegmentSnapshot>,
        purchases: Vec<Purchase>,
    ) -> Book {
        let mut b = BookBuilder::default();
        b.customers(customers);
        b.records(products, interactions, segments, campaigns, snapshots);
        b.purchases(purchases);
        b.finish()
    }

    /// Checks `change` against the book: `Ok` gives it back, ready to commit and apply.
    pub fn plan(&self, change: Change) -> Result<Change, BookError> {
        at_once(self.plan_paced(change, &mut Pacer::none()))
    }

    /// [`Book::plan`], ticking `pacer` once per record checked (twice for every record: the
    /// ids, then the rules), so that a whole restored book can be checked in parts.
    pub async fn plan_paced(
        &self,
        change: Change,
        pacer: &mut Pacer<'_>,
    ) -> Result<Change, BookError> {
        // Sized at once: growing a map of a million ids rehashes it all in one long step.
        let mut seen: IdMap<usize> =
            IdMap::with_capacity_and_hasher(change.len(), Default::default());
        let ids = change
            .customers
            .iter()
            .map(|c| c.meta.id)
            .chain(change.products.iter().map(|p| p.meta.id))
            .chain(change.interactions.iter().map(|i| i.meta.id))
            .chain(change.segments.iter().map(|s| s.meta.id))
            .chain(change.campaigns.iter().map(|c| c.meta.id))
            .chain(change.snapshots.iter().map(|s| s.meta.id))
            .chain(change.purchases.iter().map(|p| p.meta.id))
            .chain(change.edited_purchases.iter().map(|p| p.meta.id));
        for id in ids {
            if seen.insert(id, 0).is_some() {
                return Err(BookError::Repeated(id));
            }
            pacer.tick(1).await;
        }
        drop(seen);

        let mut phones: HashMap<&str, Id> = HashMap::new();
        for c in &change.customers {
            pacer.tick(1).await;
            if c.name.trim().is_empty() {
                return Err(BookError::EmptyName(c.meta.id));
            }
            if let (Some(phone), true) = (&c.phone, c.meta.live()) {
                let clash = phones.insert(phone, c.meta.id).or_else(|| {
                    self.owner_of(phone).filter(|&owner| {
                        owner != c.meta.id && !seen_in(&change.customers, owner, phone)
                    })
                });
                if let Some(existing) = clash {
                    return Err(BookError::DuplicatePhone {
                        phone: phone.clone(),
                        existing,
                    });
                }
            }
        }
        // Looked up by id, never scanned: a restore checks a million sales against 100k
        // customers in the same change.
        let in_change_customers: IdMap<usize> =
            change.customers.iter().map(|c| (c.meta.id, 0)).collect();
        let in_change_products: IdMap<usize> =
            change.products.iter().map(|p| (p.meta.id, 0)).collect();
        let customer_known =
            |id: Id| self.customer_ix.contains_key(&id) || in_change_customers.contains_key(&id);
        let product_known =
            |id: Id| self.product_ix.contains_key(&id) || in_change_products.contains_key(&id);
        // Something new for a record that is deleted in the book and not brought back by this
        // change: another window deleted it after this one planned the sale.
        let customer_gone = |id: Id| {
            self.customer(id).is_some_and(|c| !c.meta.live())
                && !in_change_customers.contains_key(&id)
        };
        let product_gone = |id: Id| {
            self.product(id).is_some_and(|p| !p.meta.live())
                && !in_change_products.contains_key(&id)
        };
        let existing_interaction = |id: Id| self.interaction_ix.contains_key(&id);
        for i in &change.interactions {
            pacer.tick(1).await;
            if !customer_known(i.customer) {
                return Err(BookError::UnknownCustomer(i.customer));
            }
            if !existing_interaction(i.meta.id) && customer_gone(i.customer) {
                return Err(BookError::DeletedCustomer(i.customer));
            }
        }
        for p in change.purchases.iter().chain(&change.edited_purchases) {
            pacer.tick(1).await;
            if let Some(c) = p.customer.filter(|&c| !customer_known(c)) {
                return Err(BookError::UnknownCustomer(c));
            }
            if let Some(l) = p.lines.iter().find(|l| !product_known(l.product)) {
                return Err(BookError::UnknownProduct(l.product));
            }
        }
        for p in &change.purchases {
            if let Some(c) = p.customer.filter(|&c| customer_gone(c)) {
                return Err(BookError::DeletedCustomer(c));
            }
            if let Some(l) = p.lines.iter().find(|l| product_gone(l.product)) {
                return Err(BookError::DeletedProduct(l.product));
            }
        }

        // Every edited purchase must exist.
        self.placements(&change)?;
        Ok(change)
    }

    /// Where each purchase of `change` goes, in storage order: edits keep their purchase's place
    /// (one scan, only when there are edits), new purchases follow the last one.
    pub fn placements<'a>(
        &self,
        change: &'a Change,
    ) -> Result<Vec<(usize, &'a Purchase)>, BookError> {
        let mut placed = Vec::with_capacity(change.purchases.len() + change.edited_purchases.len());
        if !change.edited_purchases.is_empty() {
            let wanted: IdMap<usize> = change
                .edited_purchases
                .iter()
                .map(|p| (p.meta.id, 0))
                .collect();
            let existing: IdMap<usize> = self
                .sales
                .ids()
                .iter()
                .enumerate()
                .filter(|(_, id)| wanted.contains_key(id))
                .map(|(i, id)| (*id, i))
                .collect();
            for p in &change.edited_purchases {
                let &i = existing
                    .get(&p.meta.id)
                    .ok_or(BookError::UnknownPurchase(p.meta.id))?;
                placed.push((i, p));
            }
        }
        let start = self.sales.len();
        placed.extend(
            change
                .purchases
                .iter()
                .enumerate()
                .map(|(k, p)| (start + k, p)),
        );
        Ok(placed)
    }

    /// Applies a change that [`Book::plan`] accepted and storage committed. All or nothing: an
    /// edit of a purchase the book does not have (a change planned against another book) is an
    /// error and leaves the book as it was, so the caller can tell memory and disk disagree.
    pub fn apply(&mut self, change: Change) -> Result<(), BookError> {
        let placed: Vec<usize> = self
            .placements(&change)?
            .into_iter()
            .map(|(i, _)| i)
            .collect();
        self.put_records(change.customers, change.products, change.interactions);
        self.put_segments(change.segments);
        self.put_campaigns(change.campaigns);
        self.put_snapshots(change.snapshots);
        let purchases = change.edited_purchases.into_iter().chain(change.purchases);
        for (pos, p) in placed.into_iter().zip(purchases) {
            if pos < self.sales.len() {
                if let Some(old) = self.sales.customer(pos, &places!(self)) {
                    if let Some(list) = self.sales_of_mut(old) {
                        list.retain(|&i| i as usize != pos);
                    }
                }
                if let Some(list) = p.customer.and_then(|c| self.sales_of_mut(c)) {
                    let at = list.partition_point(|&i| (i as usize) < pos);
                    list.insert(at, pos as u32);
                }
                self.note(&p.meta);
                self.sales_stamp = STAMPS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                self.sales.set(pos, &p, &places!(self));
            } else {
                self.push_sale(&p);
            }
        }
        Ok(())
    }

    /// The list of a customer's sales (`None` for one the book does not have).
    fn sales_of_mut(&mut self, customer: Id) -> Option<&mut Vec<u32>> {
        let k = *self.customer_ix.get(&customer)?;
        if self.by_customer.len() <= k {
            self.by_customer.resize_with(self.customers.len(), Vec::new);
        }
        self.by_customer.get_mut(k)
    }

    /// Adds a sale read from storage after the last one. For storage only: it is not checked
    /// (it was, before it was stored); the customers and products it names should be in the
    /// book first (a sale names them by their place).
    pub fn push_stored_sale(&mut self, p: &Purchase) {
        self.push_sale(p);
    }

    /// Adds a sale after the last one.
    fn push_sale(&mut self, p: &Purchase) {
        self.note(&p.meta);
        self.sales_stamp = STAMPS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if let Some(c) = p.customer {
            let at = self.sales.len() as u32;
            if let Some(list) = self.sales_of_mut(c) {
                list.push(at);
            }
        }
        self.sales.push(p, &places!(self));
    }

    fn put_records(
        &mut self,
        customers: Vec<Customer>,
        products: Vec<Product>,
        interactions: Vec<Interaction>,
    ) {
        for c in customers {
            self.put_customer(c);
        }
        for p in products {
            self.put_product(p);
        }
        for i in interactions {
            self.put_interaction(i);
        }
    }

    fn put_segments(&mut self, segments: Vec<SavedSegment>) {
        for s in segments {
            self.note(&s.meta);
            replace_or_push(&mut self.segments, s, |s| s.meta.id);
        }
    }

    fn put_campaigns(&mut self, campaigns: Vec<Campaign>) {
        for c in campaigns {
            self.note(&c.meta);
            replace_or_push(&mut self.campaigns, c, |c| c.meta.id);
        }
    }

    fn put_snapshots(&mut self, snapshots: Vec<SegmentSnapshot>) {
        for s in snapshots {
            self.note(&s.meta);
            replace_or_push(&mut self.snapshots, s, |s| s.meta.id);
        }
    }

    /// Notes a record put in the book, for [`Book::changed`].
    fn note(&mut self, m: &crate::model::records::Meta) {
        let last = m.deleted.unwrap_or(m.updated).max(m.updated);
        self.changed = Some(match self.changed {
            None => (m.created, last),
            Some((first, latest)) => (first.min(m.created), latest.max(last)),
        });
    }

    /// When the book was first and last changed: the earliest creation and the latest change
    /// of any record (`None` for an empty book). Kept as records come in, so that it costs
    /// nothing to ask after every sale.
    pub fn changed(&self) -> Option<(Timestamp, Timestamp)> {
        self.changed
    }

    fn put_customer(&mut self, c: Customer) {
        self.note(&c.meta);
        self.customers_stamp = STAMPS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let id = c.meta.id;
        if let Some(&i) = self.customer_ix.get(&id) {
            if let Some(old) = &self.customers[i].phone {
                if self.phone_ix.get(old) == Some(i as u32) {
                    self.phone_ix.remove(old);
                }
            }
            if let (Some(phone), true) = (&c.phone, c.meta.live()) {
                self.phone_ix.insert(phone, i as u32);
            }
            self.customers[i] = c;
        } else {
            let i = self.customers.len();
            if let (Some(phone), true) = (&c.phone, c.meta.live()) {
                self.phone_ix.insert(phone, i as u32);
            }
            self.customer_ix.insert(id, i);
            self.customers.push(c);
        }
    }

    fn put_product(&mut self, p: Product) {
        self.sales_stamp = STAMPS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.note(&p.meta);
        match self.product_ix.get(&p.meta.id) {
            Some(&i) => self.products[i] = p,
            None => {
                self.product_ix.insert(p.meta.id, self.products.len());
                self.products.push(p);
            }
        }
    }

    fn put_interaction(&mut self, x: Interaction) {
        self.note(&x.meta);
        match self.interaction_ix.get(&x.meta.id) {
            Some(&i) => self.interactions[i] = x,
            None => {
                self.interaction_ix
                    .insert(x.meta.id, self.interactions.len());
                self.interactions.push(x);
            }
        }
    }

    /// How many live customers, products and sales the book holds.
    pub fn live_counts(&self) -> Counts {
        Counts {
            customers: self.customers.iter().filter(|x| x.meta.live()).count(),
            products: self.products.iter().filter(|x| x.meta.live()).count(),
            sales: (0..self.sales.len())
                .filter(|&i| self.sales.live(i))
                .count(),
        }
    }

    /// A value that changes whenever any customer of this book is added or changed, and differs
    /// between books: what is worked out from the customers alone (the search index) is kept
    /// while only sales come in.
    pub fn customers_stamp(&self) -> u64 {
        self.customers_stamp
    }

    /// A value that changes whenever a sale or a product of this book is added or changed, and
    /// differs between books: what is worked out from the sales alone (which products go
    /// together) is kept while only contacts, customers or campaigns change.
    pub fn sales_stamp(&self) -> u64 {
        self.sales_stamp
    }

    /// Every customer, deleted ones included, in the order they were added.
    pub fn customers(&self) -> &[Customer] {
        &self.customers
    }

    /// A customer by id.
    pub fn customer(&self, id: Id) -> Option<&Customer> {
        self.customer_ix.get(&id).map(|&i| &self.customers[i])
    }

    /// Where a customer is in [`Book::customers`] (storage lays customers out in that order).
    pub fn customer_position(&self, id: Id) -> Option<usize> {
        self.customer_ix.get(&id).copied()
    }

    /// The id of the live customer with this phone number.
    fn owner_of(&self, phone: &str) -> Option<Id> {
        let i = self.phone_ix.get(phone)?;
        Some(self.customers.get(i as usize)?.meta.id)
    }

    /// The live customer with this E.164 phone number.
    pub fn customer_by_phone(&self, phone: &str) -> Option<&Customer> {
        self.phone_ix
            .get(phone)
            .and_then(|i| self.customers.get(i as usize))
    }

    /// Every product.
    pub fn products(&self) -> &[Product] {
        &self.products
    }

    /// Where a product is in [`Book::products`].
    pub fn product_position(&self, id: Id) -> Option<usize> {
        self.product_ix.get(&id).copied()
    }

    /// A product by id.
    pub fn product(&self, id: Id) -> Option<&Product> {
        self.product_ix.get(&id).map(|&i| &self.products[i])
    }

    /// An interaction by id.
    pub fn interaction(&self, id: Id) -> Option<&Interaction> {
        self.interaction_ix.get(&id).map(|&i| &self.interactions[i])
    }

    /// A custom segment by id.
    pub fn segment(&self, id: Id) -> Option<&SavedSegment> {
        self.segments.iter().find(|s| s.meta.id == id)
    }

    /// A campaign by id.
    pub fn campaign(&self, id: Id) -> Option<&Campaign> {
        self.campaigns.iter().find(|c| c.meta.id == id)
    }

    /// A segment snapshot by id.
    pub fn snapshot(&self, id: Id) -> Option<&SegmentSnapshot> {
        self.snapshots.iter().find(|s| s.meta.id == id)
    }

    /// The segment snapshots (deleted ones included), in the order they were first kept.
    pub fn snapshots(&self) -> &[SegmentSnapshot] {
        &self.snapshots
    }

    /// A purchase by id (a scan: for the rare edit, not for lists).
    pub fn purchase(&self, id: Id) -> Option<Purchase> {
        let i = self.sales.ids().iter().position(|x| *x == id)?;
        Some(self.sales.get(i, &places!(self)))
    }

    /// Every interaction.
    pub fn interactions(&self) -> &[Interaction] {
        &self.interactions
    }

    /// Every custom segment, deleted ones included, in the order they were first saved.
    pub fn segments(&self) -> &[SavedSegment] {
        &self.segments
    }

    /// Every campaign, deleted ones included, in the order they were first saved.
    pub fn campaigns(&self) -> &[Campaign] {
        &self.campaigns
    }

    /// Every purchase, in storage order (deleted ones included).
    pub fn purchases(&self) -> Purchases<'_> {
        Purchases { book: self }
    }

    /// What the analysis needs of one customer's purchases (when, how much, deleted or not), in
    /// storage order: cheaper than [`Book::purchases_of`], which puts each sale's lines together.
    pub fn sale_facts_of(&self, customer: Id) -> impl DoubleEndedIterator<Item = SaleFacts> + '_ {
        self.customer_ix
            .get(&customer)
            .and_then(|&k| self.by_customer.get(k))
            .into_iter()
            .flatten()
            .map(|&i| self.sales.facts(i as usize, &places!(self)))
    }

    /// One customer's purchases in storage order, without scanning the whole book.
    pub fn purchases_of(&self, customer: Id) -> impl DoubleEndedIterator<Item = Purchase> + '_ {
        self.customer_ix
            .get(&customer)
            .and_then(|&k| self.by_customer.get(k))
            .into_iter()
            .flatten()
            .map(|&i| self.sales.get(i as usize, &places!(self)))
    }
}

/// The book's purchases, each put together when asked for (the book keeps them in columns:
/// see `book::sales`).
#[derive(Clone, Copy)]
pub struct Purchases<'a> {
    book: &'a Book,
}

impl<'a> Purchases<'a> {
    /// How many (deleted ones included).
    pub fn len(self) -> usize {
        self.book.sales.len()
    }

    /// Whether there are none.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// Purchase `i` in storage order.
    pub fn get(self, i: usize) -> Option<Purchase> {
        (i < self.len()).then(|| self.book.sales.get(i, &places!(self.book)))
    }

    /// What the analysis needs of purchase `i` (`i` < [`Purchases::len`]).
    pub fn facts(self, i: usize) -> SaleFacts {
        self.book.sales.facts(i, &places!(self.book))
    }

    /// What purchase `i` left on credit and did with points, when it may have done either
    /// (`None` for the usual sale, without reading more of it; `i` < [`Purchases::len`]).
    pub fn money(self, i: usize) -> Option<crate::model::records::SaleMoney> {
        self.book
            .sales
            .has_money(i)
            .then(|| self.book.sales.money(i))
    }

    /// Purchase `i`'s identity and history (`i` < [`Purchases::len`]).
    pub fn meta(self, i: usize) -> crate::model::records::Meta {
        self.book.sales.meta(i)
    }

    /// Every purchase in storage order.
    pub fn iter(self) -> impl DoubleEndedIterator<Item = Purchase> + ExactSizeIterator + 'a {
        let book = self.book;
        (0..self.len()).map(move |i| book.sales.get(i, &places!(book)))
    }

    /// Purchases `range` in storage order (a chunk of them, for storage and backups).
    pub fn range(self, range: std::ops::Range<usize>) -> Vec<Purchase> {
        let end = range.end.min(self.len());
        (range.start.min(end)..end)
            .map(|i| self.book.sales.get(i, &places!(self.book)))
            .collect()
    }

    /// All of them, as values (tests, small books).
    pub fn to_vec(self) -> Vec<Purchase> {
        self.iter().collect()
    }
}

/// The records a change replaces, as one copy of the book had them: taken before catching up
/// with other writers, compared after, so that a change is never saved over a version of a
/// record its author did not see.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    customers: Vec<(Id, Option<Customer>)>,
    products: Vec<(Id, Option<Product>)>,
    interactions: Vec<(Id, Option<Interaction>)>,
    segments: Vec<(Id, Option<SavedSegment>)>,
    campaigns: Vec<(Id, Option<Campaign>)>,
    snapshots: Vec<(Id, Option<SegmentSnapshot>)>,
    purchases: Vec<(Id, Option<Purchase>)>,
}

impl Snapshot {
    /// The records of `book` that `change` would replace or add (new sales are never replaced:
    /// their ids are new).
    pub fn of(book: &Book, change: &Change) -> Snapshot {
        let purchases = if change.edited_purchases.is_empty() {
            Vec::new()
        } else {
            change
                .edited_purchases
                .iter()
                .map(|p| (p.meta.id, book.purchase(p.meta.id)))
                .collect()
        };
        Snapshot {
            customers: ids(&change.customers, |c| c.meta.id, |id| book.customer(id)),
            products: ids(&change.products, |p| p.meta.id, |id| book.product(id)),
            interactions: ids(
                &change.interactions,
                |i| i.meta.id,
                |id| book.interaction(id),
            ),
            segments: ids(&change.segments, |s| s.meta.id, |id| book.segment(id)),
            campaigns: ids(&change.campaigns, |c| c.meta.id, |id| book.campaign(id)),
            snapshots: ids(&change.snapshots, |s| s.meta.id, |id| book.snapshot(id)),
            purchases,
        }
    }

    /// The first record that `book` has differently from this snapshot, if any.
    pub fn changed_in(&self, book: &Book) -> Option<Id> {
        fn first<T: PartialEq>(
            list: &[(Id, Option<T>)],
            now: impl Fn(Id) -> Option<T>,
        ) -> Option<Id> {
            list.iter()
                .find(|(id, before)| now(*id).as_ref() != before.as_ref())
                .map(|(id, _)| *id)
        }
        first(&self.customers, |id| book.customer(id).cloned())
            .or_else(|| first(&self.products, |id| book.product(id).cloned()))
            .or_else(|| first(&self.interactions, |id| book.interaction(id).cloned()))
            .or_else(|| first(&self.segments, |id| book.segment(id).cloned()))
            .or_else(|| first(&self.campaigns, |id| book.campaign(id).cloned()))
            .or_else(|| first(&self.snapshots, |id| book.snapshot(id).cloned()))
            .or_else(|| first(&self.purchases, |id| book.purchase(id)))
    }
}

fn ids<'a, T, R: Clone + 'a>(
    items: &[T],
    id: impl Fn(&T) -> Id,
    get: impl Fn(Id) -> Option<&'a R>,
) -> Vec<(Id, Option<R>)> {
    items.iter().map(|x| (id(x), get(id(x)).cloned())).collect()
}

/// Puts `item` in place of the one with its id in a short list (custom segments, campaigns),
/// or after the last.
fn replace_or_push<T>(list: &mut Vec<T>, item: T, id: fn(&T) -> Id) {
    match list.iter_mut().find(|old| id(old) == id(&item)) {
        Some(old) => *old = item,
        None => list.push(item),
    }
}

/// Whether `change` also rewrites customer `owner` with a different phone (a swap is allowed).
fn seen_in(customers: &[Customer], owner: Id, phone: &str) -> bool {
    customers
        .iter()
        .any(|c| c.meta.id == owner && (c.phone.as_deref() != Some(phone) || !c.meta.live()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::Rng;
    use crate::model::money::Paise;
    use crate::model::records::{Channel, Meta, Payment};
    use crate::model::time::Timestamp;

    fn saved(book: &mut Book, change: Change) -> Change {
        let planned = book.plan(change).expect("valid change");
        book.apply(planned.clone()).expect("planned change applies");
        planned
    }

    fn sale(rng: &mut Rng, customer: Option<Id>, at: i64) -> Purchase {
        Purchase {
            meta: Meta::new(rng.id(), Timestamp(at)),
            customer,
            at: Timestamp(at),
            lines: vec![],
            total: Paise(12_000),
            payment: Payment::Upi,
            channel: Channel::Stall,
            note: String::new(),
            by: String::new(),
            money: Default::default(),
        }
    }

    #[test]
    fn the_sales_stamp_moves_with_sales_and_products_only() {
        let mut rng = Rng::new(77);
        let mut book = Book::default();
        let asha = Customer::named(Meta::new(rng.id(), Timestamp(1)), "Asha");
        saved(
            &mut book,
            Change {
                customers: vec![asha.clone()],
                ..Change::default()
            },
        );
        let before = book.sales_stamp();
        // A contact and another customer change no sale.
        let call = Interaction {
            meta: Meta::new(rng.id(), Timestamp(2)),
            customer: asha.meta.id,
            at: Timestamp(2),
            kind: crate::model::records::InteractionKind::Call,
            note: String::new(),
            rating: None,
            status: crate::model::records::Status::Resolved,
            campaign: None,
            money: Default::default(),
        };
        let ravi = Customer::named(Meta::new(rng.id(), Timestamp(3)), "Ravi");
        saved(
            &mut book,
            Change {
                customers: vec![ravi],
                interactions: vec![call],
                ..Change::default()
            },
        );
        assert_eq!(book.sales_stamp(), before);
        // A sale does, and so does its correction.
        let p = sale(&mut rng, Some(asha.meta.id), 10);
        saved(
            &mut book,
            Change {
                purchases: vec![p.clone()],
                ..Change::default()
            },
        );
        let after_sale = book.sales_stamp();
        assert_ne!(after_sale, before);
        let mut fixed = p;
        fixed.total = Paise(1);
        saved(
            &mut book,
            Change {
                edited_purchases: vec![fixed],
                ..Change::default()
            },
        );
        assert_ne!(book.sales_stamp(), after_sale);
    }

    #[test]
    fn every_field_of_a_sale_comes_back_as_it_went_in() {
        use crate::model::money::Qty;
        use crate::model::records::{Line, Product};
        let mut rng = Rng::new(7);
        let buyer = Customer::named(Meta::new(rng.id(), Timestamp(0)), "आशा");
        let product = |id: Id, name: &str| Product {
            meta: Meta::new(id, Timestamp(0)),
            name: name.into(),
            category: String::new(),
            unit: String::new(),
            price: Paise(6_000),
            lasts_days: None,
        };
        let rice = product(rng.id(), "चावल");
        let oil = product(rng.id(), "तेल");
        let line = |p: &Product, qty: i64, price: i64| Line {
            product: p.meta.id,
            qty: Qty(qty),
            unit_price: Paise(price),
        };
        let mut sales = Vec::new();
        for (k, (payment, channel)) in Payment::ALL
            .iter()
            .zip(Channel::ALL.iter().rev())
            .enumerate()
        {
            let mut p = sale(
                &mut rng,
                (k % 2 == 0).then_some(buyer.meta.id),
                1_000 * k as i64,
            );
            p.payment = *payment;
            p.channel = *channel;
            p.total = Paise(i64::MAX / 8 * k as i64 - 5);
            // Part on credit with points spent and earned; or what the payment implies.
            p.money = if k == 1 {
                crate::model::records::SaleMoney {
                    credit: Paise(4_000),
                    redeemed: 7,
                    redeemed_value: Paise(700),
                    earned: 3,
                    expires: Some(crate::model::time::Date::from_days_since_epoch(20_000)),
                }
            } else {
                Purchase::implied_money(p.payment, p.total)
            };
            p.meta.created = Timestamp(-86_400_000);
            p.lines = (0..k * 3)
                .map(|n| {
                    line(
                        if n % 2 == 0 { &rice } else { &oil },
                        250 * n as i64 - 300,
                        i64::MIN / 3 + n as i64,
                    )
                })
                .collect();
            sales.push(p);
        }
        let mut book = Book::default();
        saved(
            &mut book,
            Change {
                customers: vec![buyer.clone()],
                products: vec![rice.clone(), oil.clone()],
                purchases: sales.clone(),
                ..Change::default()
            },
        );
        assert_eq!(book.purchases().to_vec(), sales);
        let money: Vec<_> = (0..sales.len())
            .map(|i| book.purchases().money(i))
            .collect();
        let credit_sale = Payment::ALL.iter().position(|p| *p == Payment::Credit);
        for (i, m) in money.iter().enumerate() {
            let expected = (i == 1 || Some(i) == credit_sale).then_some(sales[i].money);
            assert_eq!(*m, expected, "sale {i}");
        }
        // Corrected (more lines, another buyer), then deleted: each time read back whole.
        let mut edited = sales[1].clone();
        edited.lines.push(line(&oil, 1_000, 17_500));
        edited.customer = Some(buyer.meta.id);
        edited.meta.updated = Timestamp(99);
        edited.note = "दो किलो नहीं, एक".into();
        edited.by = "Counter tablet".into();
        saved(
            &mut book,
            Change {
                edited_purchases: vec![edited.clone()],
                ..Change::default()
            },
        );
        sales[1] = edited.clone();
        assert_eq!(book.purchases().to_vec(), sales);
        assert_eq!(book.purchase(edited.meta.id), Some(edited.clone()));
        let gone = Purchase {
            meta: edited.meta.deleted(Timestamp(120)),
            note: "entered twice".into(),
            ..edited
        };
        saved(
            &mut book,
            Change {
                edited_purchases: vec![gone.clone()],
                ..Change::default()
            },
        );
        sales[1] = gone;
        assert_eq!(book.purchases().to_vec(), sales);
        let facts = book.purchases().facts(1);
        assert_eq!((facts.customer, facts.live), (Some(buyer.meta.id), false));
        assert_eq!(book.live_counts().sales, sales.len() - 1);
        // First and last change, kept as records came in: the same as looking at them all.
        let metas = sales
            .iter()
            .map(|p| p.meta)
            .chain([buyer.meta, rice.meta, oil.meta]);
        let first = metas.clone().map(|m| m.created).min();
        let last = metas
            .map(|m| m.deleted.unwrap_or(m.updated).max(m.updated))
            .max();
        assert_eq!(book.changed(), first.zip(last));
        // A sale naming records the book does not have (only a damaged store holds one).
        let stray = sale(&mut rng, Some(Id(42)), 5);
        let odd = Book::from_records(
            vec![],
            vec![],
            vec![],
            vec![],
            vec![],
            vec![],
            vec![stray.clone()],
        );
        assert_eq!(odd.purchases().to_vec(), vec![stray]);
    }

    #[test]
    fn per_customer_history_follows_adds_and_reassignments() {
        let mut rng = Rng::new(1);
        let mut book = Book::default();
        let a = Customer::named(Meta::new(rng.id(), Timestamp(0)), "आशा");
        let b = Customer::named(Meta::new(rng.id(), Timestamp(0)), "ભાવેશ");
        let (ida, idb) = (a.meta.id, b.meta.id);
        let p1 = sale(&mut rng, Some(ida), 10);
        let p2 = sale(&mut rng, None, 20);
        let p3 = sale(&mut rng, Some(ida), 30);
        saved(
            &mut book,
            Change {
                customers: vec![a, b],
                purchases: vec![p1.clone(), p2, p3.clone()],
                ..Change::default()
            },
        );
        assert_eq!(
            book.purchases_of(ida)
                .map(|p| p.meta.id)
                .collect::<Vec<_>>(),
            [p1.meta.id, p3.meta.id]
        );
        let mut moved = p1.clone();
        moved.customer = Some(idb);
        saved(
            &mut book,
            Change {
                edited_purchases: vec![moved],
                ..Change::default()
            },
        );
        assert_eq!(
            book.purchases_of(ida)
                .map(|p| p.meta.id)
                .collect::<Vec<_>>(),
            [p3.meta.id]
        );
        assert_eq!(
            book.purchases_of(idb)
                .map(|p| p.meta.id)
                .collect::<Vec<_>>(),
            [p1.meta.id]
        );
    }

    #[test]
    fn nothing_new_is_added_for_a_deleted_customer_or_product() {
        let mut rng = Rng::new(3);
        let asha = Customer::named(Meta::new(rng.id(), Timestamp(0)), "Asha");
        let dal = crate::model::records::Product {
            meta: Meta::new(rng.id(), Timestamp(0)),
            name: "Dal".into(),
            category: String::new(),
            unit: "kg".into(),
            price: Paise(14_000),
            lasts_days: None,
        };
        let mut old_sale = sale(&mut rng, Some(asha.meta.id), 5);
        let mut book = Book::of(Change {
            customers: vec![Customer {
                meta: asha.meta.deleted(Timestamp(9)),
                ..asha.clone()
            }],
            products: vec![crate::model::records::Product {
                meta: dal.meta.deleted(Timestamp(9)),
                ..dal.clone()
            }],
            purchases: vec![old_sale.clone()],
            ..Change::default()
        })
        .expect("a book");
        let new_sale = sale(&mut rng, Some(asha.meta.id), 10);
        assert_eq!(
            book.plan(Change {
                purchases: vec![new_sale.clone()],
                ..Change::default()
            }),
            Err(BookError::DeletedCustomer(asha.meta.id))
        );
        let mut of_dal = sale(&mut rng, None, 10);
        of_dal.lines = vec![crate::model::records::Line {
            product: dal.meta.id,
            qty: crate::model::money::Qty(1000),
            unit_price: dal.price,
        }];
        assert_eq!(
            book.plan(Change {
                purchases: vec![of_dal],
                ..Change::default()
            }),
            Err(BookError::DeletedProduct(dal.meta.id))
        );
        // Bringing her back in the same change, or correcting an old sale, is fine.
        assert!(book
            .plan(Change {
                customers: vec![asha],
                purchases: vec![new_sale],
                ..Change::default()
            })
            .is_ok());
        old_sale.total = Paise(1);
        let planned = book.plan(Change {
            edited_purchases: vec![old_sale],
            ..Change::default()
        });
        assert!(planned.is_ok());
        assert!(book.apply(planned.unwrap()).is_ok());
    }

    #[test]
    fn only_new_sales_can_be_folded_into_the_analysis() {
        let mut rng = Rng::new(4);
        let sales = Change {
            purchases: vec![sale(&mut rng, None, 1)],
            ..Change::default()
        };
        assert!(sales.adds_only_sales());
        let customer = Change {
            customers: vec![Customer::named(Meta::new(rng.id(), Timestamp(0)), "A")],
            ..sales.clone()
        };
        assert!(!customer.adds_only_sales());
        let edit = Change {
            edited_purchases: sales.purchases.clone(),
            ..Change::default()
        };
        assert!(!edit.adds_only_sales());
    }

    #[test]
    fn bad_changes_are_refused_and_leave_the_book_alone() {
        let mut rng = Rng::new(2);
        let mut book = Book::default();
        let mut a = Customer::named(Meta::new(rng.id(), Timestamp(0)), "Asha");
        a.phone = Some("+919876543210".into());
        saved(
            &mut book,
            Change {
                customers: vec![a.clone()],
                ..Change::default()
            },
        );

        let mut b = Customer::named(Meta::new(rng.id(), Timestamp(0)), "Ravi");
        b.phone = a.phone.clone();
        assert_eq!(
            book.plan(Change {
                customers: vec![b.clone()],
                ..Change::default()
            }),
            Err(BookError::DuplicatePhone {
                phone: "+919876543210".into(),
                existing: a.meta.id
            })
        );
        // Once Asha is deleted, her number is free again.
        let mut gone = a.clone();
        gone.meta.deleted = Some(Timestamp(5));
        saved(
            &mut book,
            Change {
                customers: vec![gone],
                ..Change::default()
            },
        );
        assert!(book
            .plan(Change {
                customers: vec![b.clone()],
                ..Change::default()
            })
            .is_ok());

        let nameless = Customer::named(Meta::new(rng.id(), Timestamp(0)), "  ");
        assert_eq!(
            book.plan(Change {
                customers: vec![nameless.clone()],
                ..Change::default()
            }),
            Err(BookError::EmptyName(nameless.meta.id))
        );
        let ghost = rng.id();
        assert_eq!(
            book.plan(Change {
                purchases: vec![sale(&mut rng, Some(ghost), 1)],
                ..Change::default()
            }),
            Err(BookError::UnknownCustomer(ghost))
        );
        let p = sale(&mut rng, None, 1);
        assert_eq!(
            book.plan(Change {
                purchases: vec![p.clone(), p.clone()],
                ..Change::default()
            }),
            Err(BookError::Repeated(p.meta.id))
        );
        assert_eq!(
            book.plan(Change {
                edited_purchases: vec![p.clone()],
                ..Change::default()
            }),
            Err(BookError::UnknownPurchase(p.meta.id))
        );
        assert!(book.purchases().is_empty());
    }
}
