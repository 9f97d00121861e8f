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
use grahak::storage::{Caught, Ledger, LedgerError, Store, StoreError};

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
        note: String::new(),
        by: String::new(),
        money: Default::default(),
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
    assert_eq!(book.purchases().to_vec(), shop.purchases.as_slice());
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
        .cloned()
        .collect();
    assert_eq!(book.purchases_of(regular).collect::<Vec<_>>(), expected);
}

/// Gives way once (what the browser's pause between parts does), then goes on.
struct YieldOnce(bool);

impl std::future::Future for YieldOnce {
    type Output = ();
    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<()> {
        if self.0 {
            return std::task::Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        std::task::Poll::Pending
    }
}

/// A generated shop's customers, products and sales, as one change.
fn shop_change(shop: &grahak::demo::Shop) -> Change {
    Change {
        customers: shop.customers.clone(),
        products: shop.products.clone(),
        purchases: shop.purchases.clone(),
        ..Change::default()
    }
}

/// Runs `a` and `b` together, as two tasks of one page would; both results.
async fn both<A: std::future::Future, B: std::future::Future>(
    a: A,
    b: B,
) -> (A::Output, B::Output) {
    let (mut a, mut b) = (std::pin::pin!(a), std::pin::pin!(b));
    let (mut ra, mut rb) = (None, None);
    std::future::poll_fn(|cx| {
        if ra.is_none() {
            if let std::task::Poll::Ready(v) = a.as_mut().poll(cx) {
                ra = Some(v);
            }
        }
        if rb.is_none() {
            if let std::task::Poll::Ready(v) = b.as_mut().poll(cx) {
                rb = Some(v);
            }
        }
        if ra.is_some() && rb.is_some() {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
    (ra.unwrap(), rb.unwrap())
}

/// A big save (an import) checked and encoded in parts, the screen getting turns between
/// them: whole, and a sale tapped during one of its pauses waits, then lands after it.
pub async fn a_save_made_in_parts_is_whole_and_a_sale_made_meanwhile_waits<O: Opener>(o: &O) {
    let shop = generate(&Spec::small(21, 2 * CHUNK_SIZE + 7));
    let ledger = Ledger::open(o.open("in-parts").await).await.unwrap();
    let change = shop_change(&shop);
    let mut pauses = 0;
    let mut pause = |_: grahak::model::pace::Progress| -> std::pin::Pin<
        Box<dyn std::future::Future<Output = ()>>,
    > {
        pauses += 1;
        Box::pin(YieldOnce(false))
    };
    let work = Ledger::<O::S>::save_work(&change);
    let mut pacer = grahak::model::pace::Pacer::new(work, 1_000, &mut pause);
    let mut rng = Rng::new(5);
    let new_sale = sale(
        &mut rng,
        Some(shop.customers[1].meta.id),
        &shop.products[0],
        11,
    );
    let (big, one) = both(
        ledger.save_paced(change, &mut pacer),
        ledger.save(Change {
            purchases: vec![new_sale.clone()],
            ..Change::default()
        }),
    )
    .await;
    big.unwrap();
    one.unwrap();
    assert!(pauses > 10, "{pauses}");
    let mut expected = shop.purchases.clone();
    expected.push(new_sale);
    assert_eq!(ledger.book().purchases().to_vec(), expected);
    assert_eq!(ledger.book().customers(), &shop.customers[..]);
    let again = reopen(o, "in-parts", ledger.into_store()).await;
    assert_eq!(again.book().purchases().to_vec(), expected);
}

pub async fn opening_in_two_steps_gives_customers_first_and_a_sale_made_meanwhile_waits<
    O: Opener,
>(
    o: &O,
) {
    let shop = generate(&Spec::small(12, 3 * CHUNK_SIZE + 5));
    let ledger = Ledger::open(o.open("two-steps").await).await.unwrap();
    ledger.save(shop_change(&shop)).await.unwrap();
    o.close(ledger.into_store());
    let pause: grahak::storage::Pause = std::rc::Rc::new(|| Box::pin(YieldOnce(false)));
    let early = Ledger::open_early(o.open("two-steps").await, Some(pause))
        .await
        .unwrap();
    // Customers and products at once; no sales yet, and the book says it is not open.
    assert!(!early.is_open());
    assert_eq!(early.book().customers().len(), shop.customers.len());
    assert_eq!(early.book().products().len(), shop.products.len());
    assert!(early.book().purchases().is_empty());
    // A sale made before the sales are read, even one tapped before their reading starts,
    // waits for them, then lands after them.
    let mut rng = Rng::new(3);
    let new_sale = sale(
        &mut rng,
        Some(shop.customers[0].meta.id),
        &shop.products[0],
        9,
    );
    let (saved, opened) = both(
        early.save(Change {
            purchases: vec![new_sale.clone()],
            ..Change::default()
        }),
        early.finish_opening(),
    )
    .await;
    opened.unwrap();
    saved.unwrap();
    assert!(early.is_open());
    let mut expected = shop.purchases.clone();
    expected.push(new_sale);
    assert_eq!(early.book().purchases().to_vec(), expected);
    let again = reopen(o, "two-steps", early.into_store()).await;
    assert_eq!(again.book().purchases().to_vec(), expected);

    // Between two parts of the sales the book holds some of them: it must not say it is open,
    // or a screen would show figures worked out from part of the book.
    o.close(again.into_store());
    let pause: grahak::storage::Pause = std::rc::Rc::new(|| Box::pin(YieldOnce(false)));
    let early = Ledger::open_early(o.open("two-steps").await, Some(pause))
        .await
        .unwrap();
    let total = expected.len();
    let probe = async {
        loop {
            let n = early.book().purchases().len();
            if n > 0 && n < total {
                return Some(early.is_open());
            }
            if n == total {
                return None;
            }
            YieldOnce(false).await;
        }
    };
    let (opened, seen) = both(early.finish_opening(), probe).await;
    opened.unwrap();
    assert_eq!(
        seen,
        Some(false),
        "open while only part of the sales were read"
    );
    assert!(early.is_open());
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
    assert_eq!(again.book().purchases().to_vec(), sales.as_slice());
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

    // The store itself refuses a write planned against a book that has moved on since, as one
    // transaction: the customer and the sale in it are not kept.
    let stale = grahak::storage::layout::Head {
        rev: ledger.head().rev.saturating_sub(1),
        ..ledger.head()
    };
    let planned = grahak::storage::layout::write_for(
        &ledger.book(),
        Change {
            customers: vec![customer(&mut rng, "Bina", None)],
            purchases: vec![sale(&mut rng, None, &dal, 6)],
            ..Change::default()
        },
    )
    .unwrap();
    let err = ledger.store().commit(&planned, stale).await;
    assert_eq!(err, Err(StoreError::Stale));

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
    ledger.replace_all(shop_change(&shop)).await.unwrap();
    let again = reopen(o, "replace", ledger.into_store()).await;
    assert!(again.book().customer(old.meta.id).is_none());
    assert_eq!(again.book().purchases().to_vec(), shop.purchases.as_slice());
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

pub async fn a_campaign_and_its_sends_reach_other_copies_and_survive_reopening<O: Opener>(o: &O) {
    use grahak::analysis::results::sends;
    use grahak::forms::campaign::mark_sent;
    use grahak::model::campaign::{Campaign, Offer};
    let mut rng = Rng::new(23);
    let (a, b) = two_copies(o, "campaigns").await;
    let asha = customer(&mut rng, "आशा", Some("+919876500011"));
    let ravi = customer(&mut rng, "Ravi", Some("+919876500012"));
    let started = Campaign {
        meta: Meta::new(rng.id(), Timestamp(50_000)),
        name: "वापसी".into(),
        segments: vec!["rfm-at-risk".into()],
        custom: vec![],
        picked: vec![ravi.meta.id],
        contacted_days: Some(7),
        bought_days: None,
        open_complaint: true,
        holdout_percent: 10,
        seed: 77,
        offer: Offer::PercentOff(10),
        texts: vec![("hi".into(), "नमस्ते {name}, {offer}".into())],
        window_days: 14,
        started: Some(Timestamp(50_000)),
        members: vec![asha.meta.id, ravi.meta.id],
        holdout: vec![],
    };
    a.save(Change {
        customers: vec![asha.clone(), ravi.clone()],
        campaigns: vec![started.clone()],
        ..Change::default()
    })
    .await
    .unwrap();
    // Each send is its own save (a message naming the campaign), from either copy.
    for (k, (copy, who)) in [(&b, asha.meta.id), (&a, ravi.meta.id)]
        .into_iter()
        .enumerate()
    {
        copy.catch_up().await.unwrap();
        let change = mark_sent(
            &copy.book(),
            started.meta.id,
            who,
            "नमस्ते",
            rng.id(),
            Timestamp(60_000 + k as i64),
        )
        .unwrap();
        copy.save(change).await.unwrap();
    }
    let expected = vec![
        (asha.meta.id, Timestamp(60_000)),
        (ravi.meta.id, Timestamp(60_001)),
    ];
    assert!(matches!(b.catch_up().await.unwrap(), Caught::Changes(_)));
    assert_eq!(b.book().campaigns(), std::slice::from_ref(&started));
    assert_eq!(sends(&b.book(), started.meta.id), expected);
    // Sent once is sent: a second tap (in either copy) is refused.
    assert!(mark_sent(
        &b.book(),
        started.meta.id,
        asha.meta.id,
        "x",
        rng.id(),
        Timestamp(1)
    )
    .is_err());
    o.close(b.into_store());
    let again = reopen(o, "campaigns", a.into_store()).await;
    assert_eq!(again.book().campaigns(), std::slice::from_ref(&started));
    assert_eq!(sends(&again.book(), started.meta.id), expected);
    // Replacing the book (a restore) takes the campaigns with it.
    let after = replaced_by(o, "campaigns", again, asha).await;
    assert!(after.book().campaigns().is_empty());
}

/// The book `name` replaced (as a restore does) by one holding only `customer`, reopened.
async fn replaced_by<O: Opener>(
    o: &O,
    name: &str,
    ledger: Ledger<O::S>,
    customer: Customer,
) -> Ledger<O::S> {
    ledger
        .replace_all(Change {
            customers: vec![customer],
            ..Change::default()
        })
        .await
        .unwrap();
    reopen(o, name, ledger.into_store()).await
}

pub async fn segment_snapshots_reach_other_copies_survive_reopening_and_go_with_a_replacement<
    O: Opener,
>(
    o: &O,
) {
    use grahak::model::segment::SegmentSnapshot;
    use grahak::model::time::Date;
    let mut rng = Rng::new(24);
    let (a, b) = two_copies(o, "snapshots").await;
    // A third copy that will not have seen the snapshot when it keeps the same month's.
    let late = Ledger::open(o.open("snapshots").await).await.unwrap();
    let asha = customer(&mut rng, "आशा", Some("+919876500021"));
    let taken = Date::from_days_since_epoch(20_700);
    let snapshot = SegmentSnapshot {
        meta: Meta::new(SegmentSnapshot::id_of(taken), Timestamp(3)),
        taken,
        members: vec![(asha.meta.id, 4)],
    };
    a.save(Change {
        customers: vec![asha.clone()],
        snapshots: vec![snapshot.clone()],
        ..Change::default()
    })
    .await
    .unwrap();
    assert!(matches!(b.catch_up().await.unwrap(), Caught::Changes(_)));
    assert_eq!(b.book().snapshots(), std::slice::from_ref(&snapshot));
    // A copy that had not seen it cannot keep the same month's over it: one record a month.
    let mut twice = snapshot.clone();
    twice.members.clear();
    assert_eq!(
        late.save(Change {
            snapshots: vec![twice],
            ..Change::default()
        })
        .await,
        Err(LedgerError::ChangedElsewhere(snapshot.meta.id))
    );
    assert_eq!(late.book().snapshots(), std::slice::from_ref(&snapshot));
    // Let go (emptied and marked deleted) in one copy, and so in the other.
    let mut gone = snapshot.clone();
    gone.members.clear();
    gone.meta.deleted = Some(Timestamp(9));
    b.save(Change {
        snapshots: vec![gone.clone()],
        ..Change::default()
    })
    .await
    .unwrap();
    o.close(late.into_store());
    o.close(b.into_store());
    let again = reopen(o, "snapshots", a.into_store()).await;
    assert_eq!(again.book().snapshots(), std::slice::from_ref(&gone));
    // Replacing the book (a restore) takes the snapshots with it.
    let after = replaced_by(o, "snapshots", again, asha).await;
    assert!(after.book().snapshots().is_empty());
}

/// Two copies of one book, as two tabs hold it: both open on the same stored book.
async fn two_copies<O: Opener>(o: &O, name: &str) -> (Ledger<O::S>, Ledger<O::S>) {
    let a = Ledger::open(o.open(name).await).await.unwrap();
    let b = Ledger::open(o.open(name).await).await.unwrap();
    (a, b)
}

fn one_sale(purchase: Purchase) -> Change {
    Change {
        purchases: vec![purchase],
        ..Change::default()
    }
}

pub async fn two_copies_selling_in_turn_keep_every_sale<O: Opener>(o: &O) {
    let mut rng = Rng::new(21);
    let (a, b) = two_copies(o, "turns").await;
    let asha = customer(&mut rng, "आशा", Some("+919876500001"));
    let dal = product(&mut rng);
    a.save(Change {
        customers: vec![asha.clone()],
        products: vec![dal.clone()],
        ..Change::default()
    })
    .await
    .unwrap();
    // `b` has not heard of Asha or the dal: it catches up and saves.
    let mut sales = Vec::new();
    for k in 0..10 {
        for (copy, who) in [(&a, Some(asha.meta.id)), (&b, None)] {
            let s = sale(&mut rng, who, &dal, 10_000 + k);
            copy.save(one_sale(s.clone())).await.unwrap();
            sales.push(s);
        }
    }
    // A new product in each copy with a sale of it, in turn (the reported case).
    for copy in [&a, &b, &a, &b] {
        let p = product(&mut rng);
        let s = sale(&mut rng, None, &p, 20_000);
        copy.save(Change {
            products: vec![p],
            purchases: vec![s.clone()],
            ..Change::default()
        })
        .await
        .unwrap();
        sales.push(s);
    }
    assert_eq!(b.catch_up().await.unwrap(), Caught::Nothing);
    assert!(matches!(a.catch_up().await.unwrap(), Caught::Changes(c) if c.len() == 1));
    assert_eq!(a.book().purchases().to_vec(), sales.as_slice());
    assert_eq!(b.book().purchases().to_vec(), sales.as_slice());
    o.close(b.into_store());
    let again = reopen(o, "turns", a.into_store()).await;
    assert_eq!(again.book().purchases().to_vec(), sales.as_slice());
    assert_eq!(again.book().products().len(), 5);
    assert_eq!(again.book().purchases_of(asha.meta.id).count(), 10);
}

pub async fn a_customer_deleted_in_one_copy_is_not_sold_to_or_edited_in_the_other<O: Opener>(
    o: &O,
) {
    let mut rng = Rng::new(22);
    let (a, b) = two_copies(o, "deleted").await;
    let ravi = customer(&mut rng, "Ravi", Some("+919876500002"));
    let dal = product(&mut rng);
    a.save(Change {
        customers: vec![ravi.clone()],
        products: vec![dal.clone()],
        ..Change::default()
    })
    .await
    .unwrap();
    b.catch_up().await.unwrap();
    assert_eq!(b.book().customer(ravi.meta.id), Some(&ravi));

    let mut gone = ravi.clone();
    gone.meta = gone.meta.deleted(Timestamp(5_000));
    a.save(Change {
        customers: vec![gone.clone()],
        ..Change::default()
    })
    .await
    .unwrap();
    // `b` still shows Ravi: a sale to him is refused, and says why.
    let err = b
        .save(one_sale(sale(&mut rng, Some(ravi.meta.id), &dal, 6_000)))
        .await;
    assert_eq!(
        err,
        Err(LedgerError::Book(BookError::DeletedCustomer(ravi.meta.id)))
    );
    assert_eq!(b.book().customer(ravi.meta.id), Some(&gone), "b caught up");
    // An edit planned on the old record is refused too, not written over the deletion.
    let mut renamed = ravi.clone();
    renamed.name = "Ravi Kumar".into();
    renamed.meta.updated = Timestamp(7_000);
    a.save(Change {
        customers: vec![ravi.clone()],
        ..Change::default()
    })
    .await
    .unwrap(); // undone in `a`: Ravi is back, as he was
    b.save(Change {
        customers: vec![renamed.clone()],
        ..Change::default()
    })
    .await
    .expect_err("b's copy of Ravi was the deleted one; the book has him back");
    let again = reopen(o, "deleted", a.into_store()).await;
    assert_eq!(again.book().customer(ravi.meta.id), Some(&ravi));
    assert!(again.book().purchases().is_empty());
    o.close(b.into_store());
}

pub async fn an_edit_planned_on_an_old_copy_is_refused<O: Opener>(o: &O) {
    let mut rng = Rng::new(25);
    let (a, b) = two_copies(o, "edits2").await;
    let asha = customer(&mut rng, "Asha", None);
    a.save(Change {
        customers: vec![asha.clone()],
        ..Change::default()
    })
    .await
    .unwrap();
    b.catch_up().await.unwrap();
    let mut in_a = asha.clone();
    in_a.name = "Asha Devi".into();
    in_a.meta.updated = Timestamp(2_000);
    a.save(Change {
        customers: vec![in_a.clone()],
        ..Change::default()
    })
    .await
    .unwrap();
    let mut in_b = asha.clone();
    in_b.notes = "likes jaggery".into();
    in_b.meta.updated = Timestamp(2_001);
    let err = b
        .save(Change {
            customers: vec![in_b],
            ..Change::default()
        })
        .await;
    assert_eq!(err, Err(LedgerError::ChangedElsewhere(asha.meta.id)));
    assert_eq!(b.book().customer(asha.meta.id), Some(&in_a));
    o.close(b.into_store());
    let again = reopen(o, "edits2", a.into_store()).await;
    assert_eq!(again.book().customer(asha.meta.id), Some(&in_a));
}

pub async fn replacing_the_book_in_one_copy_refuses_the_others_old_writes<O: Opener>(o: &O) {
    let mut rng = Rng::new(23);
    let (a, b) = two_copies(o, "replaced").await;
    let dal = product(&mut rng);
    a.save(Change {
        products: vec![dal.clone()],
        ..Change::default()
    })
    .await
    .unwrap();
    b.catch_up().await.unwrap();

    let shop = generate(&Spec::small(24, 200));
    a.replace_all(shop_change(&shop)).await.unwrap();
    // `b` planned a sale on the old book: refused, and `b` now shows the new book.
    let err = b.save(one_sale(sale(&mut rng, None, &dal, 9_000))).await;
    assert_eq!(err, Err(LedgerError::Replaced));
    assert_eq!(b.book().purchases().to_vec(), shop.purchases.as_slice());
    assert!(b.book().product(dal.meta.id).is_none());
    // A sale planned on the new book is saved.
    let s = sale(&mut rng, None, &shop.products[0], 9_001);
    b.save(one_sale(s.clone())).await.unwrap();
    assert!(matches!(a.catch_up().await.unwrap(), Caught::Changes(_)));
    let mut expected = shop.purchases.clone();
    expected.push(s);
    assert_eq!(a.book().purchases().to_vec(), expected.as_slice());
    o.close(b.into_store());
    let again = reopen(o, "replaced", a.into_store()).await;
    assert_eq!(again.book().purchases().to_vec(), expected.as_slice());
    assert!(again.book().product(dal.meta.id).is_none());
}

pub async fn a_copy_that_missed_a_big_change_reads_the_whole_book<O: Opener>(o: &O) {
    let (a, b) = two_copies(o, "big").await;
    let shop = generate(&Spec::small(
        26,
        grahak::storage::layout::LOG_MAX_RECORDS + 10,
    ));
    a.save(shop_change(&shop)).await.unwrap();
    assert_eq!(
        b.catch_up().await.unwrap(),
        Caught::Reloaded { replaced: false }
    );
    assert_eq!(b.book().purchases().to_vec(), shop.purchases.as_slice());
    assert_eq!(b.head(), a.head());
    o.close(a.into_store());
    o.close(b.into_store());
}

pub async fn a_copy_far_behind_reads_the_whole_book_and_the_log_stays_short<O: Opener>(o: &O) {
    use grahak::storage::layout::LOG_KEEP;
    let mut rng = Rng::new(27);
    let (a, b) = two_copies(o, "far").await;
    let dal = product(&mut rng);
    a.save(Change {
        products: vec![dal.clone()],
        ..Change::default()
    })
    .await
    .unwrap();
    for k in 0..LOG_KEEP as i64 + 3 {
        a.save(one_sale(sale(&mut rng, None, &dal, k)))
            .await
            .unwrap();
    }
    assert_eq!(
        b.catch_up().await.unwrap(),
        Caught::Reloaded { replaced: false }
    );
    assert_eq!(b.book().purchases().to_vec(), a.book().purchases().to_vec());
    // One more: `b` is now one behind and catches up from the log.
    a.save(one_sale(sale(&mut rng, None, &dal, 1_000_000)))
        .await
        .unwrap();
    assert!(matches!(b.catch_up().await.unwrap(), Caught::Changes(c) if c.len() == 1));
    assert_eq!(b.book().purchases().len(), LOG_KEEP as usize + 4);
    o.close(a.into_store());
    o.close(b.into_store());
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
            custom_segments_survive_editing_and_reopening,
            a_campaign_and_its_sends_reach_other_copies_and_survive_reopening,
            segment_snapshots_reach_other_copies_survive_reopening_and_go_with_a_replacement,
            two_copies_selling_in_turn_keep_every_sale,
            a_customer_deleted_in_one_copy_is_not_sold_to_or_edited_in_the_other,
            an_edit_planned_on_an_old_copy_is_refused,
            replacing_the_book_in_one_copy_refuses_the_others_old_writes,
            a_copy_that_missed_a_big_change_reads_the_whole_book,
            a_copy_far_behind_reads_the_whole_book_and_the_log_stays_short,
            opening_in_two_steps_gives_customers_first_and_a_sale_made_meanwhile_waits,
            a_save_made_in_parts_is_whole_and_a_sale_made_meanwhile_waits
        );
    };
}
