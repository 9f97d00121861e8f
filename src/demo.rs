//! A sample shop: deterministic for a seed, realistic enough to try the app and to benchmark it.
//! Names in Hindi, Gujarati, Malayalam, Urdu and Latin script; a kirana catalogue; regulars who
//! come back every few days and occasional buyers; walk-ins; a few complaints and feedback.

use crate::model::id::Id;
use crate::model::money::{Paise, Qty};
use crate::model::records::*;
use crate::model::time::Timestamp;

/// A small, fast, seeded generator (splitmix64). Not for anything secret.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// A random id.
    pub fn id(&mut self) -> Id {
        Id(u128::from(self.next_u64()) << 64 | u128::from(self.next_u64()))
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// A total-only cash sale to `customer` at `at`, with id `n` from a range no generated record
/// uses: for benchmarks and tests that add sales to a generated shop.
pub fn extra_sale(n: u128, customer: Id, at: Timestamp, total: Paise) -> Purchase {
    Purchase {
        meta: Meta::new(Id(1 << 120 | n), at),
        customer: Some(customer),
        at,
        lines: Vec::new(),
        total,
        payment: Payment::Cash,
        channel: Channel::Stall,
        note: String::new(),
        by: String::new(),
        money: Default::default(),
    }
}

/// What to generate.
#[derive(Clone, Debug)]
pub struct Spec {
    /// Seed: the same spec gives the same shop.
    pub seed: u64,
    /// Number of customers.
    pub customers: usize,
    /// Number of purchases (sales), spread over `days`.
    pub purchases: usize,
    /// History length in days, ending at `now`.
    pub days: u32,
    /// The present.
    pub now: Timestamp,
}

impl Spec {
    /// A shop with `purchases` sales, one customer per ten, over a year ending 2026-11-01.
    pub fn small(seed: u64, purchases: usize) -> Spec {
        Spec {
            seed,
            customers: (purchases / 10).max(5),
            purchases,
            days: 365,
            now: Timestamp(1_793_491_200_000),
        }
    }
}

/// The generated records.
#[derive(Clone, Debug, Default)]
pub struct Shop {
    /// Customers.
    pub customers: Vec<Customer>,
    /// Catalogue.
    pub products: Vec<Product>,
    /// Sales, oldest first.
    pub purchases: Vec<Purchase>,
    /// Calls, complaints, feedback.
    pub interactions: Vec<Interaction>,
}

const FIRST: &[&str] = &[
    "आशा",
    "राजेश",
    "सुनीता",
    "मोहन",
    "प्रिया",
    "अमित",
    "कविता",
    "विकास",
    "ગીતા",
    "ભાવેશ",
    "હેતલ",
    "કિરણ",
    "അനിത",
    "രാജു",
    "ലക്ഷ്മി",
    "സുരേഷ്",
    "عائشہ",
    "عمران",
    "فاطمہ",
    "زبیر",
    "Asha",
    "Ravi",
    "Meena",
    "Joseph",
    "Farida",
    "Sandeep",
];
const LAST: &[&str] = &[
    "शर्मा",
    "वर्मा",
    "गुप्ता",
    "यादव",
    "પટેલ",
    "શાહ",
    "മേനോൻ",
    "നായർ",
    "خان",
    "قریشی",
    "Iyer",
    "Das",
    "Singh",
    "",
];
const AREAS: &[&str] = &[
    "सदर बाज़ार",
    "गांधी नगर",
    "Station Road",
    "માણેક ચોક",
    "ചന്ത",
    "پرانا شہر",
];
const PRODUCTS: &[(&str, &str, &str, i64, Option<u16>)] = &[
    ("बासमती चावल", "grains", "kg", 9000, Some(15)),
    ("आटा", "grains", "kg", 4200, Some(10)),
    ("तूर दाल", "pulses", "kg", 14000, Some(20)),
    ("मूंग दाल", "pulses", "kg", 12000, Some(25)),
    ("सरसों तेल", "oil", "litre", 16500, Some(30)),
    ("Sunflower oil", "oil", "litre", 14000, Some(30)),
    ("चीनी", "essentials", "kg", 4500, Some(20)),
    ("नमक", "essentials", "packet", 2500, Some(45)),
    ("चाय पत्ती", "beverages", "packet", 13000, Some(30)),
    ("Milk", "dairy", "litre", 6000, Some(1)),
    ("Curd", "dairy", "cup", 3000, Some(2)),
    ("Paneer", "dairy", "packet", 9000, Some(4)),
    ("Eggs", "dairy", "dozen", 8400, Some(7)),
    ("હળદર", "spices", "packet", 4000, Some(60)),
    ("મરચું પાવડર", "spices", "packet", 5000, Some(60)),
    ("ജീരകം", "spices", "packet", 6000, Some(60)),
    ("Bathing soap", "personal care", "piece", 4500, Some(21)),
    ("Toothpaste", "personal care", "piece", 9500, Some(40)),
    ("Detergent", "household", "kg", 11000, Some(30)),
    ("Biscuits", "snacks", "packet", 3000, None),
    ("Namkeen", "snacks", "packet", 5000, None),
    ("Onion", "vegetables", "kg", 3500, Some(7)),
    ("Potato", "vegetables", "kg", 3000, Some(10)),
    ("Tomato", "vegetables", "kg", 4000, Some(5)),
    ("Notebook", "stationery", "piece", 4000, None),
    ("Baby diapers", "baby care", "packet", 39900, Some(10)),
];

/// Generates a shop for `spec`.
pub fn generate(spec: &Spec) -> Shop {
    let mut rng = Rng::new(spec.seed);
    let now = spec.now.0;
    let day = 86_400_000i64;
    let start = now - i64::from(spec.days) * day;
    let mut shop = Shop::default();

    for &(name, category, unit, price, lasts) in PRODUCTS {
        let id = rng.id();
        shop.products.push(Product {
            meta: Meta::new(id, Timestamp(start)),
            name: name.to_string(),
            category: category.to_string(),
            unit: unit.to_string(),
            price: Paise(price),
            lasts_days: lasts,
        });
    }

    for i in 0..spec.customers {
        let id = rng.id();
        let first = *rng.pick(FIRST);
        let last = *rng.pick(LAST);
        let name = if last.is_empty() {
            first.to_string()
        } else {
            format!("{first} {last}")
        };
        let mut c = Customer::named(
            Meta::new(id, Timestamp(start + rng.below(day as u64) as i64)),
            &name,
        );
        if rng.chance(85) {
            // Unique by construction: the index is part of the number.
            c.phone = Some(format!(
                "+91{}{:09}",
                6 + i % 4,
                (i as u64 * 7_919 + 12_345) % 1_000_000_000
            ));
        }
        c.consent = Consent {
            whatsapp: rng.chance(70),
            sms: rng.chance(40),
            since: None,
        };
        if rng.chance(8) {
            c.kind = CustomerKind::Wholesale;
            c.life_stage = Some(LifeStage::Business);
        } else {
            c.life_stage = Some(*rng.pick(&[
                LifeStage::Student,
                LifeStage::YoungFamily,
                LifeStage::FamilyWithTeens,
                LifeStage::Senior,
            ]));
        }
        c.area = rng.pick(AREAS).to_string();
        if rng.chance(40) {
            c.birthday = Some(Birthday {
                month: 1 + rng.below(12) as u8,
                day: 1 + rng.below(28) as u8,
                year: None,
            });
        }
        c.language = rng.pick(&["hi", "gu", "ml", "ur", "en"]).to_string();
        shop.customers.push(c);
    }

    // Purchase times: uniform over the period, then sorted; buyers skewed towards regulars.
    let mut times: Vec<i64> = (0..spec.purchases)
        .map(|_| start + rng.below((now - start).max(1) as u64) as i64)
        .collect();
    crate::model::sort::sort_by(&mut times, |a, b| a.cmp(b));
    let nc = shop.customers.len() as u64;
    let np = shop.products.len() as u64;
    for at in times {
        let customer = if nc == 0 || rng.chance(10) {
            None
        } else {
            // Cubing a uniform draw favours low indices: a fifth of customers make most visits.
            let u = rng.below(1 << 16);
            Some(
                shop.customers[((((((u * u) >> 16) * u) >> 16) * nc) >> 16) as usize % nc as usize]
                    .meta
                    .id,
            )
        };
        let mut lines = Vec::new();
        if !rng.chance(5) {
            for _ in 0..1 + rng.below(3) {
                let p = &shop.products[rng.below(np) as usize];
                lines.push(Line {
                    product: p.meta.id,
                    qty: Qty(500 * (1 + rng.below(6) as i64)),
                    unit_price: p.price,
                });
            }
        }
        let mut purchase = Purchase {
            meta: Meta::new(rng.id(), Timestamp(at)),
            customer,
            at: Timestamp(at),
            lines,
            total: Paise(0),
            payment: *rng.pick(&Payment::ALL),
            channel: if rng.chance(80) {
                Channel::Stall
            } else {
                *rng.pick(&Channel::ALL)
            },
            note: String::new(),
            by: String::new(),
            money: Default::default(),
        };
        purchase.total = if purchase.lines.is_empty() {
            Paise(1000 * (1 + rng.below(300) as i64))
        } else {
            purchase.lines_total()
        };
        purchase.money = Purchase::implied_money(purchase.payment, purchase.total);
        shop.purchases.push(purchase);
    }

    for c in &shop.customers {
        if !rng.chance(3) {
            continue;
        }
        let at = Timestamp(start + rng.below((now - start).max(1) as u64) as i64);
        let kind = *rng.pick(&[
            InteractionKind::Complaint,
            InteractionKind::Feedback,
            InteractionKind::Call,
        ]);
        shop.interactions.push(Interaction {
            campaign: None,
            meta: Meta::new(rng.id(), at),
            customer: c.meta.id,
            at,
            kind,
            note: match kind {
                InteractionKind::Complaint => "दाल में कंकड़ थे".to_string(),
                InteractionKind::Feedback => "Good quality, quick service".to_string(),
                _ => "Asked for home delivery".to_string(),
            },
            rating: (kind == InteractionKind::Feedback).then(|| 3 + rng.below(3) as u8),
            status: if kind == InteractionKind::Complaint && rng.chance(50) {
                Status::Open
            } else {
                Status::Resolved
            },
            money: Default::default(),
        });
    }
    shop
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn same_seed_same_shop_and_unique_ids_and_phones() {
        let a = generate(&Spec::small(1, 2000));
        let b = generate(&Spec::small(1, 2000));
        assert_eq!(a.purchases, b.purchases);
        assert_eq!(a.customers, b.customers);
        assert_eq!(a.customers.len(), 200);
        let ids: HashSet<_> = a
            .customers
            .iter()
            .map(|c| c.meta.id)
            .chain(a.purchases.iter().map(|p| p.meta.id))
            .collect();
        assert_eq!(ids.len(), a.customers.len() + a.purchases.len());
        let phones: Vec<_> = a.customers.iter().filter_map(|c| c.phone.clone()).collect();
        assert_eq!(phones.iter().collect::<HashSet<_>>().len(), phones.len());
        assert!(a.purchases.windows(2).all(|w| w[0].at <= w[1].at));
        assert!(a.purchases.iter().all(|p| p.total.0 > 0));
    }

    #[test]
    fn sales_spread_over_customers_with_regulars_buying_most() {
        // Pins a bug: the skew once sent every sale to the first customer.
        let shop = generate(&Spec::small(4, 6000));
        let mut visits = std::collections::HashMap::new();
        for p in &shop.purchases {
            if let Some(c) = p.customer {
                *visits.entry(c).or_insert(0usize) += 1;
            }
        }
        let buyers = visits.len();
        assert!(
            buyers * 10 >= shop.customers.len() * 7,
            "{buyers} of {} bought",
            shop.customers.len()
        );
        let mut counts: Vec<usize> = visits.into_values().collect();
        counts.sort_unstable_by(|a, b| b.cmp(a));
        let top_fifth: usize = counts[..shop.customers.len() / 5].iter().sum();
        let all: usize = counts.iter().sum();
        assert!(
            top_fifth * 2 > all,
            "the top fifth made {top_fifth} of {all} visits"
        );
    }
}
