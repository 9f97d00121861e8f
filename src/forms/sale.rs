//! The quick sale: what the seller taps and types, checked and turned into a [`Purchase`].

use crate::analysis::loyalty::{self, RedeemError};
use crate::book::Book;
use crate::model::id::Id;
use crate::model::loyalty::Rules;
use crate::model::money::{format_fixed, parse_amount, parse_qty, NumberError, Paise, Qty};
use crate::model::records::{Channel, Line, Meta, Payment, Purchase, SaleMoney};
use crate::model::time::{Date, Timestamp};

/// One line on the sale screen, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftLine {
    /// The product.
    pub product: Id,
    /// Quantity as typed.
    pub qty: String,
    /// Unit price as typed (filled from the catalogue, editable).
    pub price: String,
}

/// The sale screen's state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SaleDraft {
    /// The buyer, or `None` for a walk-in.
    pub customer: Option<Id>,
    /// What is being sold.
    pub lines: Vec<DraftLine>,
    /// How it is paid.
    pub payment: Payment,
    /// Where.
    pub channel: Channel,
    /// The day of the sale as `YYYY-MM-DD`; empty means today (a notebook's older sales can be
    /// entered with their day).
    pub date: String,
    /// On credit: what the customer pays now, as typed (empty: nothing; the rest is credit).
    pub paid_now: String,
    /// Loyalty points to spend on the bill, as typed (empty: none).
    pub points: String,
}

/// A problem on the sale screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaleError {
    /// Nothing to sell.
    NoLines,
    /// Line `n`'s quantity.
    Qty(usize, NumberError),
    /// Line `n`'s price.
    Price(usize, NumberError),
    /// A product no longer in the catalogue.
    UnknownProduct(usize),
    /// Credit needs a known customer: a walk-in's tab cannot be collected.
    CreditNeedsCustomer,
    /// The date cannot be read.
    BadDate,
    /// The date is after today.
    FutureDate,
    /// What is paid now on a credit sale cannot be read.
    PaidNow(NumberError),
    /// More is paid now than the bill: not a credit sale.
    PaidNowTooMuch,
    /// The points to spend are not a whole number.
    PointsNumber,
    /// The points cannot be spent (off, more than held, more than the rules allow).
    Points(RedeemError),
}

impl SaleDraft {
    /// A draft repeating `customer`'s most recent live purchase with lines, at the prices paid
    /// then; `None` when they have never bought an itemised sale.
    pub fn repeat_last(book: &Book, customer: Id) -> Option<SaleDraft> {
        let last = crate::analysis::history::recent_orders(book, customer, 1)
            .into_iter()
            .next()?;
        Some(SaleDraft::repeat(book, &last))
    }

    /// A new sale with the lines and channel of `past` (products since deleted left out), for
    /// today, paid the shop's usual way.
    pub fn repeat(book: &Book, past: &Purchase) -> SaleDraft {
        SaleDraft {
            channel: past.channel,
            ..SaleDraft::of_lines(book, past.customer, &past.lines)
        }
    }

    /// A new sale to `customer` of `lines` at their prices (products since deleted left out),
    /// for today, paid the shop's usual way (not a past sale's: a repeat of a credit sale must
    /// not start as credit).
    pub fn of_lines(book: &Book, customer: Option<Id>, lines: &[Line]) -> SaleDraft {
        SaleDraft {
            customer,
            lines: lines
                .iter()
                .filter(|l| book.product(l.product).is_some_and(|p| p.meta.live()))
                .map(|l| DraftLine {
                    product: l.product,
                    qty: format_fixed(l.qty.0, 3),
                    price: format_fixed(l.unit_price.0, 2),
                })
                .collect(),
            ..SaleDraft::default()
        }
    }

    /// The running total of the lines that can be read (for display while typing).
    pub fn running_total(&self) -> Paise {
        self.lines
            .iter()
            .filter_map(|l| Some(parse_amount(&l.price).ok()? * parse_qty(&l.qty).ok()?))
            .fold(Paise(0), |a, b| a + b)
    }

    /// What the bill comes to (the lines), what points take off it, what the customer pays,
    /// and how much of that is left on credit, as typed so far (for the running total; a
    /// problem leaves a part at zero).
    pub fn amounts(&self, rules: &Rules) -> (Paise, Paise, Paise) {
        let bill = self.running_total();
        let off = match parse_points(&self.points) {
            Some(n) if rules.on => Paise(i64::from(n) * rules.point_value.0),
            _ => Paise(0),
        };
        let to_pay = Paise((bill.0 - off.0).max(0));
        let credit = match (self.payment, parse_paid(&self.paid_now)) {
            (Payment::Credit, Ok(now)) => Paise((to_pay.0 - now.0).max(0)),
            _ => Paise(0),
        };
        (off, to_pay, credit)
    }

    /// Checks everything and builds the purchase, or lists every problem. A sale dated before
    /// today keeps the current time of day on that date; `offset_minutes` is the local offset.
    /// Under the loyalty `rules` it spends the points asked for (checked against what the
    /// customer holds) and earns points on what is paid.
    pub fn build(
        &self,
        book: &Book,
        rules: &Rules,
        id: Id,
        now: Timestamp,
        offset_minutes: i32,
    ) -> Result<Purchase, Vec<SaleError>> {
        let mut errors = Vec::new();
        let today = now.local_date(offset_minutes);
        let mut at = now;
        if !self.date.trim().is_empty() {
            match Date::parse_typed(&self.date) {
                None => errors.push(SaleError::BadDate),
                Some(d) if d > today => errors.push(SaleError::FutureDate),
                Some(d) => {
                    at = Timestamp(
                        now.0 - (today.days_since_epoch() - d.days_since_epoch()) * 86_400_000,
                    )
                }
            }
        }
        if self.lines.is_empty() {
            errors.push(SaleError::NoLines);
        }
        if self.customer.is_none() && self.payment == Payment::Credit {
            errors.push(SaleError::CreditNeedsCustomer);
        }
        let mut lines = Vec::new();
        for (i, l) in self.lines.iter().enumerate() {
            if book.product(l.product).is_none() {
                errors.push(SaleError::UnknownProduct(i));
            }
            let qty = parse_qty(&l.qty).map_err(|e| errors.push(SaleError::Qty(i, e)));
            let price = parse_amount(&l.price).map_err(|e| errors.push(SaleError::Price(i, e)));
            if let (Ok(qty), Ok(unit_price)) = (qty, price) {
                lines.push(Line {
                    product: l.product,
                    qty,
                    unit_price,
                });
            }
        }
        let paid_now = parse_paid(&self.paid_now).map_err(|e| errors.push(SaleError::PaidNow(e)));
        let wanted = match parse_points(&self.points) {
            Some(n) => n,
            None => {
                errors.push(SaleError::PointsNumber);
                0
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut p = Purchase {
            meta: Meta::new(id, now),
            customer: self.customer,
            at,
            lines,
            total: Paise(0),
            payment: self.payment,
            channel: self.channel,
            note: String::new(),
            by: String::new(),
            money: Default::default(),
        };
        p.total = p.lines_total();
        if wanted > 0 {
            let held = match self.customer {
                Some(c) => {
                    loyalty::points(&loyalty::ledger(book, c), today, offset_minutes).balance
                }
                None => 0,
            };
            match loyalty::redeem(rules, p.total, held, wanted) {
                Ok(value) => {
                    p.money.redeemed = wanted;
                    p.money.redeemed_value = value;
                }
                Err(e) => return Err(vec![SaleError::Points(e)]),
            }
        }
        let to_pay = p.to_pay();
        if self.payment == Payment::Credit {
            let now_paid = paid_now.unwrap_or(Paise(0));
            if now_paid > to_pay {
                return Err(vec![SaleError::PaidNowTooMuch]);
            }
            p.money.credit = Paise(to_pay.0 - now_paid.0);
        }
        if self.customer.is_some() {
            p.money.earned = loyalty::earned(rules, to_pay);
            if p.money.earned > 0 {
                p.money.expires = loyalty::expiry(rules, p.at.local_date(offset_minutes));
            }
        }
        Ok(p)
    }

    /// A saved sale as a draft, to correct it.
    pub fn from_purchase(p: &Purchase, offset_minutes: i32) -> SaleDraft {
        SaleDraft {
            customer: p.customer,
            lines: p
                .lines
                .iter()
                .map(|l| DraftLine {
                    product: l.product,
                    qty: format_fixed(l.qty.0, 3),
                    price: format_fixed(l.unit_price.0, 2),
                })
                .collect(),
            payment: p.payment,
            channel: p.channel,
            date: p.at.local_date(offset_minutes).dmy(),
            paid_now: if p.payment == Payment::Credit && p.money.credit < p.to_pay() {
                format_fixed(p.to_pay().0 - p.money.credit.0, 2)
            } else {
                String::new()
            },
            points: String::new(),
        }
    }

    /// `original` corrected as this draft says, checked as a new sale is: the same sale (id,
    /// when it was entered), changed `now`, with `note` saying why. Its time of day stays; a
    /// new day keeps it too. A sale that had only a total (no lines) may stay so.
    pub fn build_correction(
        &self,
        book: &Book,
        original: &Purchase,
        note: &str,
        now: Timestamp,
        offset_minutes: i32,
    ) -> Result<Purchase, Vec<SaleError>> {
        let total_only = original.lines.is_empty() && self.lines.is_empty();
        // Points stay as the sale spent and earned them; only what is left on credit follows
        // the corrected bill.
        let plain = SaleDraft {
            points: String::new(),
            ..self.clone()
        };
        let off = Rules {
            on: false,
            ..Rules::default()
        };
        let mut p = match plain.build(book, &off, original.meta.id, now, offset_minutes) {
            Ok(p) => p,
            Err(mut es) => {
                if total_only {
                    es.retain(|e| *e != SaleError::NoLines);
                }
                if !es.is_empty() {
                    return Err(es);
                }
                original.clone()
            }
        };
        let old_day = original.at.local_date(offset_minutes);
        p.at = match Date::parse_typed(&self.date) {
            Some(d) if d != old_day => Timestamp(
                original.at.0 + (d.days_since_epoch() - old_day.days_since_epoch()) * 86_400_000,
            ),
            _ => original.at,
        };
        if p.at.local_date(offset_minutes) > now.local_date(offset_minutes) {
            return Err(vec![SaleError::FutureDate]);
        }
        if total_only {
            p.total = original.total;
        }
        p.customer = self.customer;
        p.payment = self.payment;
        p.channel = self.channel;
        p.money = SaleMoney {
            credit: Paise(0),
            ..original.money
        };
        if self.payment == Payment::Credit {
            let now_paid = parse_paid(&self.paid_now).unwrap_or(Paise(0));
            if now_paid > p.to_pay() {
                return Err(vec![SaleError::PaidNowTooMuch]);
            }
            p.money.credit = Paise(p.to_pay().0 - now_paid.0);
        }
        p.meta = Meta {
            updated: now,
            ..original.meta
        };
        p.note = note.trim().to_string();
        Ok(p)
    }

    /// The draft as text, kept while the seller moves between screens or reloads; `chosen`
    /// says whether the buyer (a customer or a walk-in) has been picked.
    pub fn to_text(&self, chosen: bool) -> String {
        let clean = |t: &str| t.replace(['\t', '\n', '\r'], " ");
        let buyer = match (chosen, self.customer) {
            (false, _) => "-".to_string(),
            (true, None) => "walk-in".to_string(),
            (true, Some(id)) => id.to_string(),
        };
        let index = |k: Option<usize>| k.unwrap_or(0).to_string();
        let mut out = format!(
            "{DRAFT_HEAD}\nbuyer\t{buyer}\npayment\t{}\nchannel\t{}\ndate\t{}\n",
            index(Payment::ALL.iter().position(|p| *p == self.payment)),
            index(Channel::ALL.iter().position(|c| *c == self.channel)),
            clean(&self.date),
        );
        for (key, value) in [("paid", &self.paid_now), ("points", &self.points)] {
            if !value.is_empty() {
                out += &format!("{key}\t{}\n", clean(value));
            }
        }
        for l in &self.lines {
            out += &format!(
                "line\t{}\t{}\t{}\n",
                l.product,
                clean(&l.qty),
                clean(&l.price)
            );
        }
        out
    }

    /// A draft kept by [`SaleDraft::to_text`], and whether its buyer was picked; `None` for
    /// anything else (an older or damaged copy is dropped, never half read).
    pub fn from_text(text: &str) -> Option<(SaleDraft, bool)> {
        let mut rows = text.lines();
        if rows.next()? != DRAFT_HEAD {
            return None;
        }
        let mut draft = SaleDraft::default();
        let mut chosen = false;
        for row in rows {
            let cells: Vec<&str> = row.split('\t').collect();
            match cells[..] {
                ["buyer", "-"] => {}
                ["buyer", "walk-in"] => chosen = true,
                ["buyer", id] => {
                    draft.customer = Some(Id::parse(id)?);
                    chosen = true;
                }
                ["payment", k] => draft.payment = *Payment::ALL.get(k.parse::<usize>().ok()?)?,
                ["channel", k] => draft.channel = *Channel::ALL.get(k.parse::<usize>().ok()?)?,
                ["date", d] => draft.date = d.to_string(),
                ["paid", t] => draft.paid_now = t.to_string(),
                ["points", t] => draft.points = t.to_string(),
                ["line", id, qty, price] => draft.lines.push(DraftLine {
                    product: Id::parse(id)?,
                    qty: qty.to_string(),
                    price: price.to_string(),
                }),
                _ => return None,
            }
        }
        Some((draft, chosen))
    }
}

/// What is paid now on a credit sale: empty is nothing.
fn parse_paid(text: &str) -> Result<Paise, NumberError> {
    if text.trim().is_empty() {
        Ok(Paise(0))
    } else {
        parse_amount(text)
    }
}

/// Points to spend: empty is none; `None` for anything but a whole number (digits of any of the
/// app's scripts).
fn parse_points(text: &str) -> Option<u32> {
    let t = crate::model::phone::latin_digits(text);
    let t = t.trim();
    if t.is_empty() {
        Some(0)
    } else {
        t.parse().ok()
    }
}

/// Why a sale cannot be voided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VoidError {
    /// No reason given: a voided sale says why.
    NoReason,
    /// It is voided already.
    AlreadyVoided,
}

/// `sale` voided `now` for `reason`: it stays in the book, marked, out of every total.
pub fn void(sale: &Purchase, reason: &str, now: Timestamp) -> Result<Purchase, VoidError> {
    if !sale.meta.live() {
        return Err(VoidError::AlreadyVoided);
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(VoidError::NoReason);
    }
    Ok(Purchase {
        meta: sale.meta.deleted(now),
        note: reason.to_string(),
        ..sale.clone()
    })
}

/// The first line of a kept draft (and its format's version).
const DRAFT_HEAD: &str = "grahak sale draft 1";

/// Adds one of `product` to the sale: one more on its line when the sale has it (and that
/// quantity can be read), else a new line of one at `price`.
pub fn add_one(lines: &mut Vec<DraftLine>, product: Id, price: Paise) {
    let one = Qty(1000);
    let existing = lines.iter_mut().find(|l| l.product == product);
    if let Some(l) = existing {
        if let Ok(q) = parse_qty(&l.qty) {
            l.qty = format_fixed(q.0.saturating_add(one.0), 3);
            return;
        }
    }
    lines.push(DraftLine {
        product,
        qty: "1".into(),
        price: format_fixed(price.0, 2),
    });
}

/// Totals up to this never ask (a first day's sales have nothing to compare with).
const NEVER_UNUSUAL: Paise = Paise(1_000_000); // ₹10,000

/// How many of the latest sales tell what the shop usually takes.
const RECENT_SALES: usize = 500;

/// Whether `total` is far above what the shop and this buyer usually take: over ten times the
/// shop's usual big sale (the 95th percentile of its latest 500) and three times the buyer's
/// biggest, and over ₹10,000. The seller is asked before such a sale is saved: a quantity of
/// 100000 typed for 1 is a slip, not a sale.
pub fn unusual_total(book: &Book, customer: Option<Id>, total: Paise) -> bool {
    if total <= NEVER_UNUSUAL {
        return false;
    }
    let all = book.purchases();
    let mut recent: Vec<i64> = (0..all.len())
        .rev()
        .map(|i| all.facts(i))
        .filter(|f| f.live)
        .take(RECENT_SALES)
        .map(|f| f.total.0)
        .collect();
    let shop = if recent.is_empty() {
        0
    } else {
        let k = (recent.len() - 1) * 95 / 100;
        *recent.select_nth_unstable(k).1
    };
    let own = customer.map_or(0, |id| {
        book.purchases_of(id)
            .filter(|p| p.meta.live())
            .map(|p| p.total.0)
            .max()
            .unwrap_or(0)
    });
    total.0 > shop.saturating_mul(10) && total.0 > own.saturating_mul(3)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::Change;
    use crate::model::records::{Customer, Product};
    use NumberError::*;

    #[test]
    fn amounts_as_typed() {
        for (typed, paise) in [
            ("45", 4500),
            ("45.5", 4550),
            ("45.50", 4550),
            ("1,250.00", 125_000),
            (" 0 ", 0),
            ("०.५०", 50),
            (".5", 50),
        ] {
            assert_eq!(parse_amount(typed), Ok(Paise(paise)), "{typed:?}");
        }
        for (typed, why) in [
            ("", Missing),
            ("abc", NotANumber),
            ("12.345", NotANumber),
            ("1.2.3", NotANumber),
            ("-5", Negative),
            ("9999999999999", TooLarge),
            (".", NotANumber),
            ("₹45", NotANumber),
        ] {
            assert_eq!(parse_amount(typed), Err(why), "{typed:?}");
        }
    }

    #[test]
    fn quantities_as_typed() {
        assert_eq!(parse_qty("2"), Ok(Qty(2000)));
        assert_eq!(parse_qty("0.25"), Ok(Qty(250)));
        assert_eq!(parse_qty("1.5"), Ok(Qty(1500)));
        assert_eq!(parse_qty("0"), Err(Zero));
        assert_eq!(parse_qty("0.000"), Err(Zero));
        assert_eq!(parse_qty("-1"), Err(Negative));
        assert_eq!(parse_qty("0.0005"), Err(NotANumber));
        assert_eq!(parse_qty("two"), Err(NotANumber));
    }

    #[test]
    fn fixed_point_written_back() {
        assert_eq!(format_fixed(1500, 3), "1.5");
        assert_eq!(format_fixed(2000, 3), "2");
        assert_eq!(format_fixed(4550, 2), "45.5");
        assert_eq!(format_fixed(5, 2), "0.05");
    }

    fn shop() -> (Book, Customer, Product) {
        let asha = Customer::named(Meta::new(Id(1), Timestamp(0)), "Asha");
        let dal = Product {
            meta: Meta::new(Id(2), Timestamp(0)),
            name: "Dal".into(),
            category: String::new(),
            unit: "kg".into(),
            price: Paise(14_000),
            lasts_days: None,
        };
        let mut book = Book::default();
        let planned = book
            .plan(Change {
                customers: vec![asha.clone()],
                products: vec![dal.clone()],
                ..Change::default()
            })
            .unwrap();
        book.apply(planned).expect("planned change applies");
        (book, asha, dal)
    }

    /// Puts `purchases` in `book` as a save would.
    fn record(book: &mut Book, purchases: Vec<Purchase>) {
        let planned = book
            .plan(Change {
                purchases,
                ..Change::default()
            })
            .unwrap();
        book.apply(planned).expect("planned change applies");
    }

    fn line(p: &Product, qty: &str, price: &str) -> DraftLine {
        DraftLine {
            product: p.meta.id,
            qty: qty.into(),
            price: price.into(),
        }
    }

    #[test]
    fn a_sale_is_built_with_an_exact_total() {
        let (book, asha, dal) = shop();
        let draft = SaleDraft {
            customer: Some(asha.meta.id),
            lines: vec![line(&dal, "1.5", "140"), line(&dal, "0.25", "139.99")],
            payment: Payment::Upi,
            channel: Channel::Stall,
            date: String::new(),
            ..SaleDraft::default()
        };
        assert_eq!(draft.running_total(), Paise(21_000 + 3_500));
        let p = draft
            .build(&book, &Rules::default(), Id(9), Timestamp(100), 0)
            .unwrap();
        assert_eq!(p.total, Paise(24_500));
        assert_eq!(
            (p.customer, p.at, p.payment),
            (Some(asha.meta.id), Timestamp(100), Payment::Upi)
        );
    }

    #[test]
    fn every_problem_is_listed() {
        let (book, _, dal) = shop();
        assert_eq!(
            SaleDraft::default().build(&book, &Rules::default(), Id(9), Timestamp(1), 0),
            Err(vec![SaleError::NoLines])
        );
        let draft = SaleDraft {
            customer: None,
            lines: vec![line(&dal, "0", "-3"), line(&dal, "x", "")],
            payment: Payment::Credit,
            channel: Channel::Stall,
            date: "2026-13-01".into(),
            ..SaleDraft::default()
        };
        assert_eq!(
            draft.build(&book, &Rules::default(), Id(9), Timestamp(1), 0),
            Err(vec![
                SaleError::BadDate,
                SaleError::CreditNeedsCustomer,
                SaleError::Qty(0, Zero),
                SaleError::Price(0, Negative),
                SaleError::Qty(1, NotANumber),
                SaleError::Price(1, Missing),
            ])
        );
    }

    #[test]
    fn a_sale_can_be_dated_back_but_not_ahead() {
        let (book, asha, dal) = shop();
        // 22 Nov 2026, 10:00 in India.
        let today = Date::new(2026, 11, 22).unwrap();
        let now = Timestamp(Timestamp::at_local_midnight(today, 330).0 + 10 * 3_600_000);
        let mut draft = SaleDraft {
            customer: Some(asha.meta.id),
            lines: vec![line(&dal, "1", "140")],
            date: "2026-11-15".into(),
            ..SaleDraft::default()
        };
        let p = draft
            .build(&book, &Rules::default(), Id(9), now, 330)
            .unwrap();
        assert_eq!(p.at, Timestamp(now.0 - 7 * 86_400_000));
        assert_eq!(p.at.local_date(330), Date::new(2026, 11, 15).unwrap());
        assert_eq!(p.meta.created, now, "the record says when it was entered");
        draft.date = "2026-11-22".into();
        assert_eq!(
            draft
                .build(&book, &Rules::default(), Id(9), now, 330)
                .unwrap()
                .at,
            now
        );
        draft.date = "2026-11-23".into();
        assert_eq!(
            draft.build(&book, &Rules::default(), Id(9), now, 330),
            Err(vec![SaleError::FutureDate])
        );
        // Just after midnight UTC it is already the 23rd in India: the 23rd is today there.
        let late = Timestamp(Timestamp::at_local_midnight(today, 0).0 + 23 * 3_600_000);
        assert!(draft
            .build(&book, &Rules::default(), Id(9), late, 330)
            .is_ok());
        assert!(draft
            .build(&book, &Rules::default(), Id(9), late, 0)
            .is_err());
    }

    #[test]
    fn part_of_a_sale_on_credit_and_points_spent_and_earned() {
        let (mut book, asha, dal) = shop();
        let rules = Rules {
            on: true,
            points_per_100: 1,
            expiry_days: Some(30),
            max_redeem_percent: 50,
            point_value: Paise(100),
            ..Rules::default()
        };
        let now = Timestamp(1_790_000_000_000);
        let today = now.local_date(0);
        // ₹280 on credit, ₹80 of it paid now: ₹200 owed; 2 points earned on ₹280.
        let mut draft = SaleDraft {
            customer: Some(asha.meta.id),
            lines: vec![line(&dal, "2", "140")],
            payment: Payment::Credit,
            paid_now: "80".into(),
            ..SaleDraft::default()
        };
        assert_eq!(
            draft.amounts(&rules),
            (Paise(0), Paise(28_000), Paise(20_000))
        );
        let first = draft.build(&book, &rules, Id(9), now, 0).unwrap();
        assert_eq!(first.money.credit, Paise(20_000));
        assert_eq!(first.money.earned, 2);
        assert_eq!(
            first.money.expires,
            Some(Date::from_days_since_epoch(today.days_since_epoch() + 30))
        );
        draft.paid_now = "300".into();
        assert_eq!(
            draft.build(&book, &rules, Id(9), now, 0),
            Err(vec![SaleError::PaidNowTooMuch])
        );
        draft.paid_now = "8o".into();
        assert!(
            matches!(draft.build(&book, &rules, Id(9), now, 0), Err(e) if matches!(e[..], [SaleError::PaidNow(_)]))
        );
        record(&mut book, vec![first]);
        // The next sale spends them: more than held, then the two held; paid in cash.
        let mut next = SaleDraft {
            customer: Some(asha.meta.id),
            lines: vec![line(&dal, "1", "140")],
            points: "3".into(),
            ..SaleDraft::default()
        };
        let later = Timestamp(now.0 + 86_400_000);
        assert_eq!(
            next.build(&book, &rules, Id(10), later, 0),
            Err(vec![SaleError::Points(RedeemError::MoreThanHeld(2))])
        );
        next.points = "x".into();
        assert_eq!(
            next.build(&book, &rules, Id(10), later, 0),
            Err(vec![SaleError::PointsNumber])
        );
        next.points = "२".into();
        assert_eq!(next.amounts(&rules), (Paise(200), Paise(13_800), Paise(0)));
        let second = next.build(&book, &rules, Id(10), later, 0).unwrap();
        assert_eq!(
            (second.money.redeemed, second.money.redeemed_value),
            (2, Paise(200))
        );
        // Earned on what was paid (₹138): one point.
        assert_eq!(
            (second.to_pay(), second.money.earned, second.money.credit),
            (Paise(13_800), 1, Paise(0))
        );
        // With loyalty off nothing is earned and nothing can be spent.
        let off = Rules::default();
        assert_eq!(
            next.build(&book, &off, Id(10), later, 0),
            Err(vec![SaleError::Points(RedeemError::Off)])
        );
        next.points.clear();
        assert_eq!(
            next.build(&book, &off, Id(10), later, 0).unwrap().money,
            SaleMoney::default()
        );
        // A correction keeps the points and follows the new bill for what is on credit.
        record(&mut book, vec![second.clone()]);
        let mut fix = SaleDraft::from_purchase(&second, 0);
        fix.payment = Payment::Credit;
        fix.lines[0].qty = "2".into();
        let fixed = fix
            .build_correction(&book, &second, "two, not one", later, 0)
            .unwrap();
        assert_eq!((fixed.money.redeemed, fixed.money.earned), (2, 1));
        assert_eq!(fixed.money.credit, Paise(28_000 - 200));
        let again = SaleDraft::from_purchase(&fixed, 0);
        assert_eq!(again.paid_now, "");
    }

    #[test]
    fn a_product_tapped_again_adds_one_to_its_line() {
        let (_, _, dal) = shop();
        let mut lines = Vec::new();
        add_one(&mut lines, dal.meta.id, dal.price);
        add_one(&mut lines, dal.meta.id, dal.price);
        assert_eq!(lines, [line(&dal, "2", "140")]);
        lines[0].qty = "1.5".into();
        add_one(&mut lines, dal.meta.id, dal.price);
        assert_eq!(lines[0].qty, "2.5");
        // A quantity being retyped that cannot be read is left alone: a new line instead.
        lines[0].qty = "x".into();
        add_one(&mut lines, dal.meta.id, dal.price);
        assert_eq!(lines.len(), 2);
        add_one(&mut lines, Id(77), Paise(1_000));
        assert_eq!(lines.len(), 3);
    }

    #[test]
    fn a_draft_is_kept_as_text_and_read_back_whole() {
        let (_, asha, dal) = shop();
        let draft = SaleDraft {
            customer: Some(asha.meta.id),
            lines: vec![line(&dal, "1.5", "140"), line(&dal, "2\t", "10,5")],
            payment: Payment::Credit,
            channel: Channel::Phone,
            date: "2026-11-20".into(),
            paid_now: "40".into(),
            points: "5".into(),
        };
        let (back, chosen) = SaleDraft::from_text(&draft.to_text(true)).unwrap();
        assert!(chosen);
        assert_eq!(back.lines[1].qty, "2 ", "a tab typed is kept as a space");
        assert_eq!(
            SaleDraft {
                lines: vec![line(&dal, "1.5", "140"), line(&dal, "2 ", "10,5")],
                ..draft.clone()
            },
            back
        );
        let walk_in = SaleDraft {
            customer: None,
            ..back.clone()
        };
        assert_eq!(
            SaleDraft::from_text(&walk_in.to_text(true)),
            Some((walk_in.clone(), true))
        );
        assert_eq!(
            SaleDraft::from_text(&walk_in.to_text(false)).map(|(_, c)| c),
            Some(false)
        );
        for bad in [
            "",
            "something else",
            "grahak sale draft 1\nbuyer\tnot-an-id\n",
        ] {
            assert_eq!(SaleDraft::from_text(bad), None, "{bad:?}");
        }
        let damaged = draft.to_text(true).replace("payment\t3", "payment\t9");
        assert_eq!(SaleDraft::from_text(&damaged), None);
    }

    #[test]
    fn a_total_far_above_the_usual_asks_first() {
        let (mut book, asha, dal) = shop();
        // An empty book: only totals over the floor ask.
        assert!(!unusual_total(&book, None, Paise(900_000)));
        assert!(unusual_total(&book, None, Paise(400_000_000)));
        // A shop whose sales are ₹100-500, Asha's biggest ₹2,000.
        let mut sales = Vec::new();
        for k in 0..100 {
            let total = Paise(10_000 + (k % 5) * 10_000);
            let mut p = SaleDraft {
                customer: Some(asha.meta.id),
                lines: vec![line(&dal, "1", &format_fixed(total.0, 2))],
                ..SaleDraft::default()
            }
            .build(
                &book,
                &Rules::default(),
                Id(100 + k as u128),
                Timestamp(k),
                0,
            )
            .unwrap();
            if k == 50 {
                p.lines[0].unit_price = Paise(200_000);
                p.total = Paise(200_000);
            }
            sales.push(p);
        }
        record(&mut book, sales);
        // Ten times ₹500 is ₹5,000, under the floor: ₹9,000 does not ask.
        assert!(!unusual_total(&book, None, Paise(900_000)));
        assert!(unusual_total(&book, None, Paise(400_000_000)));
        // Asha has bought for ₹2,000: three times that does not ask for her.
        assert!(unusual_total(&book, None, Paise(1_200_000)));
        assert!(!unusual_total(&book, Some(asha.meta.id), Paise(600_000)));
        assert!(unusual_total(&book, Some(asha.meta.id), Paise(400_000_000)));
    }

    #[test]
    fn a_sale_is_corrected_as_the_same_sale_and_voided_with_a_reason() {
        let (mut book, asha, dal) = shop();
        let today = Date::new(2026, 11, 22).unwrap();
        let ten = Timestamp(Timestamp::at_local_midnight(today, 330).0 + 10 * 3_600_000);
        let sold = SaleDraft {
            customer: Some(asha.meta.id),
            lines: vec![line(&dal, "2", "140")],
            ..SaleDraft::default()
        }
        .build(&book, &Rules::default(), Id(9), ten, 330)
        .unwrap();
        record(&mut book, vec![sold.clone()]);
        let later = Timestamp(ten.0 + 3_600_000);
        // One kilo, not two, paid by UPI, and it was yesterday.
        let mut draft = SaleDraft::from_purchase(&sold, 330);
        assert_eq!(draft.date, "22/11/2026");
        draft.lines[0].qty = "1".into();
        draft.payment = Payment::Upi;
        draft.date = "2026-11-21".into();
        let fixed = draft
            .build_correction(&book, &sold, " one kilo ", later, 330)
            .unwrap();
        assert_eq!(fixed.meta.id, sold.meta.id);
        assert_eq!(fixed.meta.created, sold.meta.created);
        assert_eq!(fixed.meta.updated, later);
        assert_eq!(fixed.total, Paise(14_000));
        assert_eq!(fixed.payment, Payment::Upi);
        assert_eq!(
            fixed.at,
            Timestamp(ten.0 - 86_400_000),
            "same time of day, a day earlier"
        );
        assert_eq!(fixed.note, "one kilo");
        // A walk-in's sale cannot become credit; a day after today is refused.
        draft.customer = None;
        draft.payment = Payment::Credit;
        assert_eq!(
            draft.build_correction(&book, &sold, "", later, 330),
            Err(vec![SaleError::CreditNeedsCustomer])
        );
        draft.customer = Some(asha.meta.id);
        draft.payment = Payment::Cash;
        draft.date = "2026-11-23".into();
        assert_eq!(
            draft.build_correction(&book, &sold, "", later, 330),
            Err(vec![SaleError::FutureDate])
        );
        // A notebook sale with only a total keeps it.
        let total_only = Purchase {
            lines: Vec::new(),
            total: Paise(55_500),
            ..sold.clone()
        };
        let d = SaleDraft::from_purchase(&total_only, 330);
        let kept = d
            .build_correction(&book, &total_only, "", later, 330)
            .unwrap();
        assert_eq!(kept.total, Paise(55_500));

        assert_eq!(void(&fixed, "  ", later), Err(VoidError::NoReason));
        let gone = void(&fixed, "entered twice", later).unwrap();
        assert_eq!(gone.meta.deleted, Some(later));
        assert_eq!(gone.note, "entered twice");
        assert_eq!(gone.lines, fixed.lines, "a voided sale keeps what it was");
        assert_eq!(void(&gone, "again", later), Err(VoidError::AlreadyVoided));
    }

    #[test]
    fn the_last_order_is_repeated() {
        let (mut book, asha, dal) = shop();
        assert_eq!(SaleDraft::repeat_last(&book, asha.meta.id), None);
        let draft = SaleDraft {
            customer: Some(asha.meta.id),
            lines: vec![line(&dal, "2", "135")],
            payment: Payment::Credit,
            channel: Channel::Phone,
            date: String::new(),
            ..SaleDraft::default()
        };
        let p = draft
            .build(&book, &Rules::default(), Id(9), Timestamp(5), 0)
            .unwrap();
        record(&mut book, vec![p]);
        // The same lines and channel; the payment starts as the shop's usual (cash), not credit.
        let again = SaleDraft {
            payment: Payment::Cash,
            ..draft
        };
        assert_eq!(
            SaleDraft::repeat_last(&book, asha.meta.id),
            Some(again.clone())
        );
        // A later order: it is the last now, and the earlier one can still be repeated.
        let later = SaleDraft {
            lines: vec![line(&dal, "5", "130")],
            ..again.clone()
        };
        let p = later
            .build(&book, &Rules::default(), Id(10), Timestamp(9), 0)
            .unwrap();
        record(&mut book, vec![p]);
        let orders = crate::analysis::history::recent_orders(&book, asha.meta.id, 5);
        assert_eq!(
            orders.iter().map(|p| p.meta.id).collect::<Vec<_>>(),
            [Id(10), Id(9)]
        );
        assert_eq!(SaleDraft::repeat_last(&book, asha.meta.id), Some(later));
        assert_eq!(SaleDraft::repeat(&book, &orders[1]), again);
    }
}
