//! The storage contract and schema behaviour on real IndexedDB in Chromium.

use crate::contract::{self, Opener};
use crate::util::sleep;
use grahak::book::Change;
use grahak::demo::Rng;
use grahak::model::records::{Customer, Meta};
use grahak::model::time::Timestamp;
use grahak::storage::idb::{Events, IdbStore};
use grahak::storage::layout::Head;
use grahak::storage::{Ledger, Store, StoreError, SCHEMA_VERSION};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen_test::wasm_bindgen_test;

/// A database name no earlier run or other test uses.
pub fn unique(name: &str) -> String {
    format!("grahak-test-{name}-{}", js_sys::Math::random().to_bits())
}

struct Idb(String);

impl Opener for Idb {
    type S = IdbStore;
    async fn open(&self, name: &str) -> IdbStore {
        IdbStore::open(&format!("{}-{name}", self.0))
            .await
            .expect("IndexedDB opens")
    }
    fn close(&self, store: IdbStore) {
        store.close();
    }
}

macro_rules! browser_tests {
    ($($name:ident),*) => {
        $(
            #[wasm_bindgen_test]
            async fn $name() {
                contract::$name(&Idb(unique(stringify!($name)))).await;
            }
        )*
    };
}

crate::for_each_contract_test!(browser_tests);

#[wasm_bindgen_test]
async fn a_book_from_a_newer_app_is_refused_not_damaged() {
    let name = unique("newer");
    let newer = IdbStore::open_with(&name, SCHEMA_VERSION + 1, Events::default())
        .await
        .unwrap();
    newer.close();
    let err = IdbStore::open(&name).await.err();
    assert!(matches!(err, Some(StoreError::TooNew { .. })), "{err:?}");
}

#[wasm_bindgen_test]
async fn an_upgrade_in_another_tab_closes_this_connection_and_says_so() {
    let name = unique("other-tab");
    let told = Rc::new(Cell::new(false));
    let flag = told.clone();
    let events = Events {
        on_closed_by_upgrade: Some(Rc::new(move || flag.set(true))),
        ..Events::default()
    };
    let this_tab = IdbStore::open_with(&name, SCHEMA_VERSION, events)
        .await
        .unwrap();
    // The other tab is not blocked: this one lets go as soon as it hears of the upgrade.
    let other_tab = IdbStore::open_with(&name, SCHEMA_VERSION + 1, Events::default())
        .await
        .unwrap();
    sleep(10).await;
    assert!(told.get(), "this tab was told");
    let c = Customer::named(Meta::new(Rng::new(1).id(), Timestamp(0)), "Asha");
    let err = this_tab
        .commit(
            &grahak::storage::layout::Write {
                change: Change {
                    customers: vec![c],
                    ..Change::default()
                },
                ..Default::default()
            },
            Head::default(),
        )
        .await;
    assert_eq!(err, Err(StoreError::Closed));
    other_tab.close();
}

#[wasm_bindgen_test]
async fn the_schema_has_every_store_after_creation() {
    let name = unique("schema");
    let store = IdbStore::open(&name).await.unwrap();
    let ledger = Ledger::open(store).await.unwrap();
    assert!(ledger.book().customers().is_empty());
    ledger.into_store().close();
    IdbStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_damaged_record_is_reported_as_damaged_and_nothing_is_loaded() {
    use indexed_db_futures::database::Database;
    use indexed_db_futures::prelude::*;
    use indexed_db_futures::transaction::TransactionMode;
    use wasm_bindgen::JsValue;

    for (n, value) in [
        JsValue::from(js_sys::Uint8Array::from(&[1u8, 2, 3][..])),
        JsValue::from_str(r#"{"name":"old JSON"}"#),
    ]
    .into_iter()
    .enumerate()
    {
        let name = unique(&format!("damaged-{n}"));
        IdbStore::open(&name).await.unwrap().close();
        let db = Database::open(&name)
            .with_version(SCHEMA_VERSION)
            .await
            .unwrap();
        let tx = db
            .transaction("products")
            .with_mode(TransactionMode::Readwrite)
            .build()
            .unwrap();
        let products = tx.object_store("products").unwrap();
        products
            .put(value)
            .with_key("x".to_string())
            .primitive()
            .unwrap();
        tx.commit().await.unwrap();
        db.close();

        let store = IdbStore::open(&name).await.unwrap();
        let loaded = store.load().await;
        assert!(
            matches!(loaded, Err(StoreError::Damaged(_))),
            "{:?}",
            loaded.err()
        );
        store.close();
        IdbStore::delete(&name).await.unwrap();
    }
}

/// A book made by the app at schema `version`, holding `product` as that schema stored it;
/// `absent` is a store that schema must not have yet.
async fn book_at_schema(
    version: u32,
    product: &grahak::model::records::Product,
    absent: &str,
) -> String {
    use grahak::files::codec::encode_product;
    use indexed_db_futures::database::Database;
    use indexed_db_futures::prelude::*;
    use indexed_db_futures::transaction::TransactionMode;
    use wasm_bindgen::JsValue;

    let name = unique(&format!("v{version}"));
    IdbStore::open_with(&name, version, Events::default())
        .await
        .unwrap()
        .close();
    let db = Database::open(&name).with_version(version).await.unwrap();
    assert!(!db.object_store_names().any(|n| n == absent));
    let tx = db
        .transaction("products")
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    tx.object_store("products")
        .unwrap()
        .put(JsValue::from(js_sys::Uint8Array::from(
            encode_product(product).as_slice(),
        )))
        .with_key(product.meta.id.to_string())
        .primitive()
        .unwrap();
    tx.commit().await.unwrap();
    db.close();
    name
}

#[wasm_bindgen_test]
async fn a_version_1_book_is_upgraded_with_its_records_kept() {
    use grahak::demo::{generate, Spec};
    let product = generate(&Spec::small(2, 0)).products[0].clone();
    let name = book_at_schema(1, &product, "segments").await;

    // Opening with this app upgrades to the current schema and keeps what was there.
    let ledger = Ledger::open(IdbStore::open(&name).await.unwrap())
        .await
        .unwrap();
    assert_eq!(ledger.book().products(), std::slice::from_ref(&product));
    assert!(ledger.book().segments().is_empty());
    // The upgraded book takes writes that another copy then catches up with (schema 3's log).
    let other = Ledger::open(IdbStore::open(&name).await.unwrap())
        .await
        .unwrap();
    let mut renamed = product.clone();
    renamed.name = "Chana dal".into();
    ledger
        .save(Change {
            products: vec![renamed.clone()],
            ..Change::default()
        })
        .await
        .unwrap();
    assert!(matches!(
        other.catch_up().await.unwrap(),
        grahak::storage::Caught::Changes(_)
    ));
    assert_eq!(other.book().products(), &[renamed]);
    other.into_store().close();
    ledger.into_store().close();
    IdbStore::delete(&name).await.unwrap();
}

/// A book at schema `version` (without store `absent`) holding one product, opened by this
/// app, given `change` (of the new store's records) and reopened: the reopened ledger, whose
/// product must still be there; its name is deleted by the caller.
async fn upgraded_and_saved(
    version: u32,
    absent: &str,
    change: Change,
) -> (String, Ledger<IdbStore>) {
    use grahak::demo::{generate, Spec};
    let product = generate(&Spec::small(u64::from(version), 0)).products[0].clone();
    let name = book_at_schema(version, &product, absent).await;
    let ledger = Ledger::open(IdbStore::open(&name).await.unwrap())
        .await
        .unwrap();
    assert_eq!(ledger.book().products(), std::slice::from_ref(&product));
    assert!(ledger.book().campaigns().is_empty() && ledger.book().snapshots().is_empty());
    ledger.save(change).await.unwrap();
    ledger.into_store().close();
    let again = Ledger::open(IdbStore::open(&name).await.unwrap())
        .await
        .unwrap();
    assert_eq!(again.book().products(), &[product]);
    (name, again)
}

#[wasm_bindgen_test]
async fn a_schema_5_book_gains_a_campaigns_store_and_keeps_its_records() {
    let campaign = grahak::model::campaign::Campaign {
        meta: Meta::new(Rng::new(33).id(), Timestamp(7)),
        name: "ഓണം".into(),
        segments: vec!["rfm-champions".into()],
        custom: vec![],
        picked: vec![],
        contacted_days: None,
        bought_days: None,
        open_complaint: false,
        holdout_percent: 0,
        seed: 1,
        offer: grahak::model::campaign::Offer::None,
        texts: vec![("ml".into(), "നന്ദി {name}".into())],
        window_days: 14,
        started: Some(Timestamp(7)),
        members: vec![],
        holdout: vec![],
    };
    let change = Change {
        campaigns: vec![campaign.clone()],
        ..Change::default()
    };
    let (name, again) = upgraded_and_saved(5, "campaigns", change).await;
    assert_eq!(again.book().campaigns(), &[campaign]);
    again.into_store().close();
    IdbStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_schema_6_book_gains_a_snapshots_store_and_keeps_its_records() {
    use grahak::model::segment::SegmentSnapshot;
    let taken = grahak::model::time::Date::from_days_since_epoch(20_700);
    let snapshot = SegmentSnapshot {
        meta: Meta::new(SegmentSnapshot::id_of(taken), Timestamp(7)),
        taken,
        members: vec![(Rng::new(34).id(), 2)],
    };
    let change = Change {
        snapshots: vec![snapshot.clone()],
        ..Change::default()
    };
    let (name, again) = upgraded_and_saved(6, "snapshots", change).await;
    assert_eq!(again.book().snapshots(), &[snapshot]);
    again.into_store().close();
    IdbStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_schema_3_book_keeps_its_customers_when_they_move_into_chunks() {
    use grahak::demo::{generate, Spec};
    use grahak::files::codec::encode_customer;
    use indexed_db_futures::database::Database;
    use indexed_db_futures::prelude::*;
    use indexed_db_futures::transaction::TransactionMode;
    use wasm_bindgen::JsValue;

    let name = unique("v3");
    IdbStore::open_with(&name, 3, Events::default())
        .await
        .unwrap()
        .close();
    // 1,500 customers as schema 3 kept them: a record each, keyed by id.
    let shop = generate(&Spec {
        customers: 1_500,
        ..Spec::small(31, 0)
    });
    let db = Database::open(&name).with_version(3u32).await.unwrap();
    let tx = db
        .transaction("customers")
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    let store = tx.object_store("customers").unwrap();
    for c in &shop.customers {
        let value = js_sys::Object::new();
        js_sys::Reflect::set(
            &value,
            &"doc".into(),
            &js_sys::Uint8Array::from(encode_customer(c).as_slice()).into(),
        )
        .unwrap();
        store
            .put(JsValue::from(value))
            .with_key(c.meta.id.to_string())
            .primitive()
            .unwrap();
    }
    tx.commit().await.unwrap();
    db.close();

    // Opened by this app: every customer is there, now in chunks, and the old store is empty.
    let ledger = Ledger::open(IdbStore::open(&name).await.unwrap())
        .await
        .unwrap();
    let mut expected = shop.customers.clone();
    expected.sort_by_key(|c| c.meta.id.to_string());
    assert_eq!(ledger.book().customers(), expected.as_slice());
    let newcomer = Customer::named(Meta::new(Rng::new(32).id(), Timestamp(5)), "Newcomer");
    ledger
        .save(Change {
            customers: vec![newcomer.clone()],
            ..Change::default()
        })
        .await
        .unwrap();
    ledger.into_store().close();
    let db = Database::open(&name)
        .with_version(SCHEMA_VERSION)
        .await
        .unwrap();
    let tx = db.transaction("customers").build().unwrap();
    let left = tx
        .object_store("customers")
        .unwrap()
        .count()
        .primitive()
        .unwrap()
        .await
        .unwrap();
    assert_eq!(left, 0, "moved, not copied");
    drop(tx);
    db.close();
    let again = Ledger::open(IdbStore::open(&name).await.unwrap())
        .await
        .unwrap();
    expected.push(newcomer);
    assert_eq!(again.book().customers(), expected.as_slice());
    again.into_store().close();
    IdbStore::delete(&name).await.unwrap();
}
