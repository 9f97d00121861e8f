//! The storage contract: one suite, run against the in-memory store on the host
//! (`tests/store_memory.rs`) and against IndexedDB in Chromium (`tests/browser/store.rs`).
//! Each test opens its own uniquely named book.
#![allow(dead_code, async_fn_in_trait)]

use grahak::book::{BookError, Change};
use grahak::demo::{generate, Rng, Spec};
use grahak::files::codec::CHUNK_SIZE;
use grahak::model::id::Id;
use grahak::model::money::{Paise, Qty};
use grahak::model::records::*;
use grahak::model::time::Timestamp;
use grahak::storage::{Ledger, LedgerError, Store, StoreError};

/// How a test harness opens and closes a named store.
pub trait Opener {
    /// The store type under test.
    type S: Store;
    /// Opens (or reopens) the book called `name`.
    async fn open(&self, name: &str) -> Self::S;
    /// Closes a store (IndexedDB: the connection).
    fn close(&self, store: Self::S);
}

async fn reopen<O: Opener>(o: &O, name: &str, store: O::S) -> Ledger<O::S> {
    o.close(store);
    Ledger::open(o.open(name).await)
        .await
        .expect("reopened book loads")
}

fn customer(rng: &mut Rng, name: &str, phone: Option<&str>) -> Customer {
    let mut c = Customer::named(Meta::new(rng.id(), Timestamp(1_000)), name);
    c.phone = phone.map(str::to_string);
    c
}

fn sale(rng: &mut Rng, customer: Option<Id>, product: &Product, at: i64) -> Purchase {
    let line = Line {
        product: product.meta.id,
        qty: Qty(1500),
        unit_price: product.price,
    };
    Purchase {
        meta: Meta::new(rng.id(), Timestamp(at)),
        customer,
        at: Timestamp(at),
        lines: vec![line],
        total: product.price * Qty(1500),
        payment: Payment::Upi,
        channel: Channel::Stall,
    }
}

fn product(rng: &mut Rng) -> Product {
    Product {
        meta: Meta::new(rng.id(), Timestamp(0)),
        name: "तूर दाल".into(),
        category: "pulses".into(),
        unit: "kg".into(),
        price: Paise(14_000),
        lasts_days: Some(20),
    }
}

pub async fn a_new_book_is_empty<O: Opener>(o: &O) {
    let ledger = Ledger::open(o.open("empty").await).await.unwrap();
    let book = ledger.book();
    assert!(
        book.customers().is_empty() && book.purchases().is_empty() && book.products().is_empty()
    );
}

pub async fn a_whole_shop_survives_closing_and_reopening<O: Opener>(o: &O) {
    let shop = generate(&Spec::small(11, CHUNK_SIZE + 321));
    let ledger = Ledger::open(o.open("shop").await).await.unwrap();
    ledger
        .save(Change {
            customers: shop.customers.clone(),
            products: shop.products.clone(),
            interactions: shop.interactions.clone(),
            purchases: shop.purchases.clone(),
            ..Change::default()
        })
        .await
        .unwrap();
    let again = reopen(o, "shop", ledger.into_store()).await;
    let book = again.book();
    assert_eq!(book.purchases(), shop.purchases.as_slice());
    assert_eq!(book.customers().len(), shop.customers.len());
    for c in &shop.customers {
        assert_eq!(book.customer(c.meta.id), Some(c), "customer {}", c.name);
    }
    for p in &shop.products {
        assert_eq!(book.product(p.meta.id), Some(p));
    }
    assert_eq!(book.interactions().len(), shop.interactions.len());
    // Per-customer history is indexed after a reload too.
    let regular = shop.purchases.iter().find_map(|p| p.customer).unwrap();
    let expected: Vec<_> = shop
        .purchases
        .iter()
        .filter(|p| p.customer == Some(regular))
        .collect();
    assert_eq!(book.purchases_of(regular).collect::<Vec<_>>(), expected);
}

pub async fn sales_saved_one_by_one_are_all_there_after_reopening<O: Opener>(o: &O) {
    let mut rng = Rng::new(3);
    let ledger = Ledger::open(o.open("sales").await).await.unwrap();
    let asha = customer(&mut rng, "आशा शर्मा", Some("+919876543210"));
    let dal = product(&mut rng);
    ledger
        .save(Change {
            customers: vec![asha.clone()],
            products: vec![dal.clone()],
            ..Change::default()
        })
        .await
        .unwrap();
    let mut sales = Vec::new();
    for k in 0..5 {
        let who = if k == 2 { None } else { Some(asha.meta.id) };
        let s = sale(&mut rng, who, &dal, 10_000 + k);
        ledger
            .save(Change {
                purchases: vec![s.clone()],
                ..Change::default()
            })
            .await
            .unwrap();
        sales.push(s);
    }
    let again = reopen(o, "sales", ledger.into_store()).await;
    assert_eq!(again.book().purchases(), sales.as_slice());
    assert_eq!(again.book().purchases_of(asha.meta.id).count(), 4);
    assert_eq!(
        again
            .book()
            .customer_by_phone("+919876543210")
            .map(|c| c.name.clone()),
        Some("आशा शर्मा".into())
    );
}

pub async fn edits_and_deletions_survive_reopening<O: Opener>(o: &O) {
    let mut rng = Rng::new(4);
    let ledger = Ledger::open(o.open("edits").await).await.unwrap();
    let mut c = customer(&mut rng, "ભાવેશ પટેલ", Some("+919822000001"));
    ledger
        .save(Change {
            customers: vec![c.clone()],
            ..Change::default()
        })
        .await
        .unwrap();
    c.name = "ભાવેશભાઈ પટેલ".into();
    c.meta.updated = Timestamp(2_000);
    c.meta.deleted = Some(Timestamp(3_000));
    ledger
        .save(Change {
            customers: vec![c.clone()],
            ..Change::default()
        })
        .await
        .unwrap();
    // A deleted customer's number can be given to someone new.
    let newcomer = customer(&mut rng, "Ravi", Some("+919822000001"));
    ledger
        .save(Change {
            customers: vec![newcomer.clone()],
            ..Change::default()
        })
        .await
        .unwrap();

    let again = reopen(o, "edits", ledger.into_store()).await;
    assert_eq!(again.book().customer(c.meta.id), Some(&c));
    assert_eq!(
        again
            .book()
            .customer_by_phone("+919822000001")
            .map(|x| x.meta.id),
        Some(newcomer.meta.id)
    );
}

pub async fn a_refused_write_leaves_nothing_behind<O: Opener>(o: &O) {
    let mut rng = Rng::new(5);
    let ledger = Ledger::open(o.open("refused").await).await.unwrap();
    let asha = customer(&mut rng, "Asha", Some("+919876543210"));
    let dal = product(&mut rng);
    ledger
        .save(Change {
            customers: vec![asha.clone()],
            products: vec![dal.clone()],
            ..Change::default()
        })
        .await
        .unwrap();

    // The book refuses a second customer with Asha's number, and a sale for nobody.
    let twin = customer(&mut rng, "Asha 2", Some("+919876543210"));
    let s = sale(&mut rng, Some(twin.meta.id), &dal, 5);
    let err = ledger
        .save(Change {
            customers: vec![twin.clone()],
            purchases: vec![s.clone()],
            ..Change::default()
        })
        .await;
    assert!(
        matches!(
            err,
            Err(LedgerError::Book(BookError::DuplicatePhone { .. }))
        ),
        "{err:?}"
    );

    // The store itself refuses it too, as one transaction: the sale in the same write is not kept.
    let planned = grahak::storage::layout::Write {
        change: Change {
            customers: vec![twin.clone()],
            ..Change::default()
        },
        chunks: vec![(
            0,
            grahak::files::codec::encode_purchases(std::slice::from_ref(&s)),
        )],
    };
    let err = ledger.store().commit(&planned).await;
    assert!(matches!(err, Err(StoreError::Conflict(_))), "{err:?}");

    let again = reopen(o, "refused", ledger.into_store()).await;
    assert_eq!(again.book().customers(), std::slice::from_ref(&asha));
    assert!(again.book().purchases().is_empty());
}

pub async fn replacing_the_book_is_all_or_nothing<O: Opener>(o: &O) {
    let mut rng = Rng::new(6);
    let ledger = Ledger::open(o.open("replace").await).await.unwrap();
    let old = customer(&mut rng, "Old", Some("+919000000001"));
    ledger
        .save(Change {
            customers: vec![old.clone()],
            ..Change::default()
        })
        .await
        .unwrap();

    // A replacement that breaks a rule changes nothing.
    let a = customer(&mut rng, "A", Some("+919000000002"));
    let b = customer(&mut rng, "B", Some("+919000000002"));
    assert!(ledger
        .replace_all(Change {
            customers: vec![a.clone(), b],
            ..Change::default()
        })
        .await
        .is_err());
    assert_eq!(ledger.book().customers(), std::slice::from_ref(&old));

    let shop = generate(&Spec::small(8, 300));
    ledger
        .replace_all(Change {
            customers: shop.customers.clone(),
            products: shop.products.clone(),
            purchases: shop.purchases.clone(),
            ..Change::default()
        })
        .await
        .unwrap();
    let again = reopen(o, "replace", ledger.into_store()).await;
    assert!(again.book().customer(old.meta.id).is_none());
    assert_eq!(again.book().purchases(), shop.purchases.as_slice());
}

pub async fn custom_segments_survive_editing_and_reopening<O: Opener>(o: &O) {
    use grahak::forms::segment::SegmentDraft;
    use grahak::model::segment::{Condition, Field, Group, Op, Rule};
    let ledger = Ledger::open(o.open("segments").await).await.unwrap();
    let draft = |name: &str, value: &str| SegmentDraft {
        name: name.into(),
        rule: Rule {
            all: true,
            groups: vec![Group {
                all: false,
                conditions: vec![Condition {
                    field: Field::Spent,
                    op: Op::AtLeast,
                    value: value.into(),
                }],
            }],
        },
    };
    let first = draft("Big  spenders", "5000")
        .build(&ledger.book(), None, Id(41), Timestamp(1))
        .unwrap();
    assert_eq!(first.name, "Big spenders");
    ledger
        .save(Change {
            segments: vec![first.clone()],
            ..Change::default()
        })
        .await
        .unwrap();
    let edited = draft("Big spenders", "9000")
        .build(&ledger.book(), Some(&first), Id(99), Timestamp(2))
        .unwrap();
    assert_eq!(
        (edited.meta.id, edited.meta.created),
        (Id(41), Timestamp(1))
    );
    ledger
        .save(Change {
            segments: vec![edited.clone()],
            ..Change::default()
        })
        .await
        .unwrap();
    let again = reopen(o, "segments", ledger.into_store()).await;
    assert_eq!(again.book().segments(), &[edited]);
}

/// Every test of the suite, for harness macros.
#[macro_export]
macro_rules! for_each_contract_test {
    ($m:ident) => {
        $m!(
            a_new_book_is_empty,
            a_whole_shop_survives_closing_and_reopening,
            sales_saved_one_by_one_are_all_there_after_reopening,
            edits_and_deletions_survive_reopening,
            a_refused_write_leaves_nothing_behind,
            replacing_the_book_is_all_or_nothing,
            custom_segments_survive_editing_and_reopening
        );
    };
}
