//! Golden bytes for every stored format: fixed records encode to the bytes below (written by
//! this version of Grahak and kept in `tests/golden/`), and those bytes decode to the same
//! records. A change to the record codec or the backup format fails here: then bump the record's
//! version byte or the backup's FORMAT_VERSION, keep reading the old bytes, and add new golden
//! files beside the old ones (never rewrite an old one; sellers' books and backups hold it).

use grahak::book::{Book, Change};
use grahak::files::{backup, codec};
use grahak::model::campaign::{Campaign, Offer};
use grahak::model::id::Id;
use grahak::model::money::{Paise, Qty};
use grahak::model::records::*;
use grahak::model::segment::{Condition, Field, Group, Op, Rule, SavedSegment};
use grahak::model::time::Timestamp;
use sha2::{Digest, Sha256};

const T: i64 = 1_795_000_000_000;

fn meta(id: u128) -> Meta {
    Meta {
        id: Id(id),
        created: Timestamp(T),
        updated: Timestamp(T + 1000),
        deleted: None,
    }
}

fn customer() -> Customer {
    Customer {
        meta: meta(0x0123_4567_89ab_cdef_0011_2233_4455_6677),
        name: "आशा Patel".into(),
        phone: Some("+919876543210".into()),
        code: "C-7".into(),
        consent: Consent {
            whatsapp: true,
            sms: false,
            since: None,
        },
        kind: CustomerKind::Wholesale,
        area: "Lal Bazaar".into(),
        birthday: Some(Birthday {
            month: 3,
            day: 14,
            year: Some(1980),
        }),
        age_band: Some(AgeBand::From45To59),
        life_stage: Some(LifeStage::Business),
        language: "hi".into(),
        notes: "pays on Fridays".into(),
        tags: vec!["vip".into(), "ਦੁਕਾਨ".into()],
        credit_limit: None,
    }
}

fn product() -> Product {
    Product {
        meta: meta(2),
        name: "Toor dal".into(),
        category: "Grains".into(),
        unit: "kg".into(),
        price: Paise(14_000),
        lasts_days: Some(30),
    }
}

fn interaction() -> Interaction {
    Interaction {
        meta: meta(3),
        customer: customer().meta.id,
        at: Timestamp(T + 5000),
        kind: InteractionKind::Complaint,
        note: "टूटा पैकेट".into(),
        rating: Some(2),
        status: Status::Open,
        campaign: None,
        money: Default::default(),
    }
}

fn segment() -> SavedSegment {
    SavedSegment {
        meta: meta(4),
        name: "Big buyers".into(),
        rule: Rule {
            all: false,
            groups: vec![
                Group {
                    all: true,
                    conditions: vec![Condition {
                        field: Field::Spent,
                        op: Op::AtLeast,
                        value: "5,000".into(),
                    }],
                },
                Group {
                    all: false,
                    conditions: vec![Condition {
                        field: Field::Area,
                        op: Op::Contains,
                        value: "bazaar".into(),
                    }],
                },
            ],
        },
    }
}

fn purchases() -> Vec<Purchase> {
    let mut deleted = meta(6);
    deleted.deleted = Some(Timestamp(T + 9000));
    vec![
        Purchase {
            meta: meta(5),
            customer: Some(customer().meta.id),
            at: Timestamp(T + 2000),
            lines: vec![Line {
                product: Id(2),
                qty: Qty(1500),
                unit_price: Paise(14_000),
            }],
            total: Paise(21_000),
            payment: Payment::Credit,
            channel: Channel::WhatsApp,
            note: String::new(),
            by: String::new(),
            money: SaleMoney::all_on_credit(Paise(21_000)),
        },
        Purchase {
            meta: deleted,
            customer: None,
            at: Timestamp(T + 3000),
            lines: Vec::new(),
            total: Paise(4_550),
            payment: Payment::Upi,
            channel: Channel::Stall,
            note: String::new(),
            by: String::new(),
            money: Default::default(),
        },
    ]
}

fn golden(name: &str) -> Vec<u8> {
    let path = format!("tests/golden/{name}");
    std::fs::read(&path).unwrap_or_else(|_| panic!("{path} is missing"))
}

/// `bytes` must be the golden file's, byte for byte.
fn same(name: &str, bytes: &[u8]) {
    if std::env::var("GOLDEN_WRITE_NEW").is_ok_and(|v| v == "1")
        && !std::path::Path::new(&format!("tests/golden/{name}")).exists()
    {
        // Only ever adds a file that does not exist yet; an old one is never rewritten.
        std::fs::write(format!("tests/golden/{name}"), bytes).expect("write a new golden file");
    }
    assert!(
        golden(name) == bytes,
        "{name}: the stored format changed (see this file's docs)"
    );
}

fn campaign() -> Campaign {
    Campaign {
        meta: meta(0x0123_4567_89ab_cdef_0011_2233_4455_66aa),
        name: "दिवाली win-back".into(),
        segments: vec!["rfm-at-risk".into(), "lapsing".into()],
        custom: vec![Id(41)],
        picked: vec![Id(7)],
        contacted_days: Some(14),
        bought_days: Some(7),
        open_complaint: true,
        holdout_percent: 10,
        seed: 2026,
        offer: Offer::PercentOff(10),
        texts: vec![
            ("hi".into(), "नमस्ते {name}! {offer}".into()),
            ("ur".into(), "السلام علیکم {name}".into()),
        ],
        window_days: 14,
        started: Some(Timestamp(1_793_491_260_000)),
        members: vec![Id(7), Id(9)],
        holdout: vec![Id(8)],
    }
}

#[test]
fn a_campaign_encodes_to_its_golden_bytes_and_decodes_back() {
    same("campaign-v1.bin", &codec::encode_campaign(&campaign()));
    assert_eq!(
        codec::decode_campaign(&golden("campaign-v1.bin")),
        Ok(campaign())
    );
}

#[test]
fn a_segment_snapshot_encodes_to_its_golden_bytes_and_decodes_back() {
    use grahak::model::segment::SegmentSnapshot;
    let taken = grahak::model::time::Date {
        year: 2026,
        month: 10,
        day: 30,
    };
    let snapshot = SegmentSnapshot {
        meta: meta(SegmentSnapshot::id_of(taken).0),
        taken,
        members: vec![(Id(7), 0), (Id(9), 8), (Id(u128::MAX), 10)],
    };
    same("snapshot-v1.bin", &codec::encode_snapshot(&snapshot));
    assert_eq!(
        codec::decode_snapshot(&golden("snapshot-v1.bin")),
        Ok(snapshot)
    );
}

/// A campaign's send: a message that names its campaign (16 bytes after the older fields).
#[test]
fn a_campaign_send_encodes_to_its_golden_bytes_and_older_contacts_are_unchanged() {
    let sent = Interaction {
        kind: InteractionKind::Message,
        note: "नमस्ते आशा जी! 10% की छूट".into(),
        rating: None,
        status: Status::Resolved,
        campaign: Some(campaign().meta.id),
        ..interaction()
    };
    same(
        "interaction-campaign-v1.bin",
        &codec::encode_interaction(&sent),
    );
    assert_eq!(
        codec::decode_interaction(&golden("interaction-campaign-v1.bin")),
        Ok(sent)
    );
}

/// Credit and points: a customer's limit, a sale partly on credit that spent and earned points,
/// a payment received and bonus points (older records' bytes are unchanged: the tests above).
#[test]
fn credit_and_points_encode_to_their_golden_bytes_and_decode_back() {
    let limited = Customer {
        credit_limit: Some(Paise(500_000)),
        ..customer()
    };
    same("customer-limit-v1.bin", &codec::encode_customer(&limited));
    assert_eq!(
        codec::decode_customer(&golden("customer-limit-v1.bin")),
        Ok(limited)
    );
    let mut sale = purchases()[0].clone();
    sale.payment = Payment::Credit;
    sale.money = SaleMoney {
        credit: Paise(6_000),
        redeemed: 20,
        redeemed_value: Paise(2_000),
        earned: 1,
        expires: Some(grahak::model::time::Date::from_days_since_epoch(20_500)),
    };
    let sales = [sale];
    same("purchases-money-v1.bin", &codec::encode_purchases(&sales));
    assert_eq!(
        codec::decode_purchases(&golden("purchases-money-v1.bin")),
        Ok(sales.to_vec())
    );
    let paid = Interaction {
        kind: InteractionKind::Payment,
        note: String::new(),
        rating: None,
        status: Status::Resolved,
        money: Some(Money::Paid(Paise(4_000), Payment::Upi)),
        ..interaction()
    };
    let bonus = Interaction {
        kind: InteractionKind::Points,
        note: "Diwali".into(),
        money: Some(Money::Points(50, None)),
        ..paid.clone()
    };
    for (name, i) in [
        ("interaction-paid-v1.bin", paid),
        ("interaction-points-v1.bin", bonus),
    ] {
        same(name, &codec::encode_interaction(&i));
        assert_eq!(codec::decode_interaction(&golden(name)), Ok(i));
    }
}

#[test]
fn records_encode_to_their_golden_bytes_and_decode_back() {
    same("customer-v1.bin", &codec::encode_customer(&customer()));
    same("product-v1.bin", &codec::encode_product(&product()));
    same(
        "interaction-v1.bin",
        &codec::encode_interaction(&interaction()),
    );
    same("segment-v1.bin", &codec::encode_segment(&segment()));
    same("purchases-v1.bin", &codec::encode_purchases(&purchases()));

    assert_eq!(
        codec::decode_customer(&golden("customer-v1.bin")),
        Ok(customer())
    );
    assert_eq!(
        codec::decode_product(&golden("product-v1.bin")),
        Ok(product())
    );
    assert_eq!(
        codec::decode_interaction(&golden("interaction-v1.bin")),
        Ok(interaction())
    );
    assert_eq!(
        codec::decode_segment(&golden("segment-v1.bin")),
        Ok(segment())
    );
    assert_eq!(
        codec::decode_purchases(&golden("purchases-v1.bin")),
        Ok(purchases())
    );
}

#[test]
fn a_backup_file_has_its_golden_bytes_and_restores() {
    let mut book = Book::default();
    let planned = book
        .plan(Change {
            customers: vec![customer()],
            products: vec![product()],
            interactions: vec![interaction()],
            segments: vec![segment()],
            purchases: purchases(),
            ..Change::default()
        })
        .expect("a valid book");
    book.apply(planned.clone()).expect("planned change applies");
    let (content, counts) = backup::content(&book, 2);
    let header = backup::Header {
        format: backup::FORMAT_VERSION,
        app: "0.1.0".into(),
        schema: 2,
        created: Timestamp(T + 10_000),
        counts,
        sha256: Sha256::digest(&content).into(),
    };
    same(
        "backup-format1-schema2.grahak",
        &backup::file(&header, &content),
    );

    let bytes = golden("backup-format1-schema2.grahak");
    let (header, content) = backup::split(&bytes).expect("the header reads");
    let restored = backup::read(&header, content, 2).expect("the records read");
    assert_eq!(restored.customers, vec![customer()]);
    assert_eq!(restored.products, vec![product()]);
    assert_eq!(restored.interactions, vec![interaction()]);
    assert_eq!(restored.segments, vec![segment()]);
    assert_eq!(restored.purchases, purchases());
}
