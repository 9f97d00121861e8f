//! CSV exports: customers (with their numbers and segment), sales, and any list of customers.
//!
//! UTF-8 with a byte-order mark, so Excel shows Indic scripts; comma separated, quoted where
//! needed. A cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`,
//! tab or CR) gets a leading apostrophe (OWASP's advice against CSV injection); phone numbers,
//! which start with `+`, therefore stay text too and are never turned into 9.19877E+11. The
//! importer takes the apostrophe off again.

use crate::analysis::segments::Analysis;
use crate::book::Book;
use crate::model::id::{Id, IdMap};
use crate::model::money::{Paise, Qty};
use crate::model::pace::{at_once, Pacer};
use crate::model::records::{Consent, Customer, CustomerKind, Payment};
use crate::model::time::Timestamp;

/// The byte-order mark that starts every export.
pub const BOM: &str = "\u{feff}";

/// One cell, neutralised and quoted as needed.
pub fn cell(text: &str) -> String {
    let risky = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let text = if risky {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) || text.trim() != text {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// A cell the way [`cell`] wrote it, back to the text (for the importer).
pub fn uncell(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => text,
    }
}

fn row(out: &mut String, cells: &[String]) {
    for (k, c) in cells.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        out.push_str(&cell(c));
    }
    out.push_str("\r\n");
}

/// An amount as a spreadsheet reads it: `1234.50`.
pub fn amount(p: Paise) -> String {
    let sign = if p.0 < 0 { "-" } else { "" };
    format!(
        "{sign}{}.{:02}",
        p.0.unsigned_abs() / 100,
        p.0.unsigned_abs() % 100
    )
}

/// A quantity without trailing zeros: `1.5`, `2`.
pub fn quantity(q: Qty) -> String {
    let s = format!("{}.{:03}", q.0 / 1000, (q.0 % 1000).abs());
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A customer's consent to offers as a cell: `whatsapp; sms`, `whatsapp`, `sms` or `no`.
pub fn offers(c: Consent) -> String {
    match (c.whatsapp, c.sms) {
        (true, true) => "whatsapp; sms",
        (true, false) => "whatsapp",
        (false, true) => "sms",
        (false, false) => "no",
    }
    .to_string()
}

fn date(t: Timestamp, offset_minutes: i32) -> String {
    t.local_date(offset_minutes).iso()
}

/// Column headings of the customers export in English. The app passes them in the shop's
/// language (from its message tables); the importer reads them back in every language.
pub const CUSTOMER_COLUMNS: [&str; 20] = [
    "name",
    "phone",
    "code",
    "area",
    "type",
    "tags",
    "notes",
    "language",
    "offers",
    "offers since",
    "visits",
    "spent",
    "average",
    "last visit",
    "days since last visit",
    "segment",
    "rfm",
    "owed",
    "credit limit",
    "points",
];

/// Text handed on by the paced exports whenever this much has been written, so that a big
/// book's export never sits whole in the app's memory (the browser keeps the parts).
const PART_BYTES: usize = 1 << 20;

/// The customers `ids` (live ones; all of them when `None`), with their numbers and segment,
/// under `headings` (see [`CUSTOMER_COLUMNS`]).
pub fn customers(
    book: &Book,
    a: &Analysis,
    ids: Option<&[Id]>,
    offset: i32,
    headings: &[&str; 20],
) -> String {
    let mut all = String::new();
    let mut keep = |part: String| all.push_str(&part);
    at_once(customers_paced(
        book,
        a,
        ids,
        offset,
        headings,
        &mut keep,
        &mut Pacer::none(),
    ));
    all
}

/// [`customers`] in parts: hands the text to `part` a piece at a time, and ticks `pacer` for
/// every customer written.
pub async fn customers_paced(
    book: &Book,
    a: &Analysis,
    ids: Option<&[Id]>,
    offset: i32,
    headings: &[&str; 20],
    part: &mut dyn FnMut(String),
    pacer: &mut Pacer<'_>,
) {
    let mut out = String::from(BOM);
    row(&mut out, &headings.map(String::from));
    // What each owes and the points each holds, worked out once for the whole book.
    let owed: IdMap<Paise> = crate::analysis::credit::who_owes(book, pacer)
        .await
        .0
        .into_iter()
        .map(|o| (o.customer, o.owed))
        .collect();
    let points = crate::analysis::loyalty::balances(book, a.today, offset, pacer).await;
    let chosen: Vec<&Customer> = match ids {
        Some(ids) => ids.iter().filter_map(|id| book.customer(*id)).collect(),
        None => book.customers().iter().collect(),
    };
    for c in chosen.into_iter().filter(|c| c.meta.live()) {
        let s = a.summary(book, c.meta.id);
        let sc = a.scores(book, c.meta.id);
        row(
            &mut out,
            &[
                c.name.clone(),
                c.phone.clone().unwrap_or_default(),
                c.code.clone(),
                c.area.clone(),
                match c.kind {
                    CustomerKind::Retail => "retail",
                    CustomerKind::Wholesale => "wholesale",
                }
                .into(),
                c.tags.join("; "),
                c.notes.clone(),
                c.language.clone(),
                offers(c.consent),
                c.consent.since.map(|t| date(t, offset)).unwrap_or_default(),
                s.map_or(0, |s| s.purchases).to_string(),
                amount(s.map_or(Paise(0), |s| s.spent)),
                amount(s.map_or(Paise(0), |s| s.average_basket())),
                s.map(|s| date(s.last, offset)).unwrap_or_default(),
                s.map(|s| s.recency_days(a.today).to_string())
                    .unwrap_or_default(),
                a.segment(book, c.meta.id).slug().into(),
                sc.map(|x| format!("R{}F{}M{}", x.r, x.f, x.m))
                    .unwrap_or_default(),
                owed.get(&c.meta.id).map(|p| amount(*p)).unwrap_or_default(),
                c.credit_limit.map(amount).unwrap_or_default(),
                points
                    .get(&c.meta.id)
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
            ],
        );
        if out.len() >= PART_BYTES {
            part(std::mem::take(&mut out));
        }
        pacer.tick(1).await;
    }
    part(out);
}

/// A count of points, empty for none.
fn count(n: u32) -> String {
    if n == 0 {
        String::new()
    } else {
        n.to_string()
    }
}

/// Column headings of the sales export in English (passed in the shop's language, like
/// [`CUSTOMER_COLUMNS`]).
pub const SALE_COLUMNS: [&str; 15] = [
    "date",
    "receipt",
    "customer phone",
    "customer",
    "product",
    "quantity",
    "unit price",
    "line total",
    "amount",
    "payment",
    "status",
    "remark",
    "on credit",
    "points used",
    "points earned",
];

/// Every sale, one row per line (a sale without lines is one row); the receipt column groups
/// the rows of one sale, and `amount` is the sale's total on each of them.
pub fn sales(book: &Book, offset: i32, headings: &[&str; 15]) -> String {
    let mut all = String::new();
    let mut keep = |part: String| all.push_str(&part);
    at_once(sales_paced(
        book,
        offset,
        headings,
        &mut keep,
        &mut Pacer::none(),
    ));
    all
}

/// [`sales`] in parts: hands the text to `part` a piece at a time, and ticks `pacer` for every
/// sale written.
pub async fn sales_paced(
    book: &Book,
    offset: i32,
    headings: &[&str; 15],
    part: &mut dyn FnMut(String),
    pacer: &mut Pacer<'_>,
) {
    let mut out = String::from(BOM);
    row(&mut out, &headings.map(String::from));
    for p in book.purchases().iter() {
        if out.len() >= PART_BYTES {
            part(std::mem::take(&mut out));
        }
        pacer.tick(1).await;
        let who = p.customer.and_then(|id| book.customer(id));
        let base = |product: String, qty: String, unit: String, line: String| {
            vec![
                date(p.at, offset),
                p.meta.id.to_string(),
                who.and_then(|c| c.phone.clone()).unwrap_or_default(),
                who.map(|c| c.name.clone()).unwrap_or_default(),
                product,
                qty,
                unit,
                line,
                amount(p.total),
                match p.payment {
                    Payment::Cash => "cash",
                    Payment::Upi => "upi",
                    Payment::Card => "card",
                    Payment::Credit => "credit",
                }
                .into(),
                if p.meta.live() { "" } else { "voided" }.into(),
                p.note.clone(),
                if p.money.credit.0 > 0 {
                    amount(p.money.credit)
                } else {
                    String::new()
                },
                count(p.money.redeemed),
                count(p.money.earned),
            ]
        };
        if p.lines.is_empty() {
            row(
                &mut out,
                &base(String::new(), String::new(), String::new(), String::new()),
            );
        }
        for l in &p.lines {
            let name = book
                .product(l.product)
                .map(|x| x.name.clone())
                .unwrap_or_default();
            row(
                &mut out,
                &base(
                    name,
                    quantity(l.qty),
                    amount(l.unit_price),
                    amount(l.unit_price * l.qty),
                ),
            );
        }
    }
    part(out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::Change;
    use crate::demo::{generate, Spec};
    use crate::model::time::Date;

    #[test]
    fn formulas_are_neutralised_and_text_is_quoted() {
        assert_eq!(cell("Asha"), "Asha");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+919876543210"), "'+919876543210");
        assert_eq!(cell("-5"), "'-5");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("\tx"), "'\tx");
        assert_eq!(cell("\rx"), "\"'\rx\"");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(cell(" padded "), "\" padded \"");
        assert_eq!(cell("आशा किराना"), "आशा किराना");
        for t in ["+919876543210", "=1+1", "-5", "@x", "'quoted", "plain"] {
            assert_eq!(uncell(cell(t).trim_matches('"')), t);
        }
    }

    #[test]
    fn amounts_and_quantities_read_plainly() {
        assert_eq!(amount(Paise(123_450)), "1234.50");
        assert_eq!(amount(Paise(-5)), "-0.05");
        assert_eq!(quantity(Qty(1500)), "1.5");
        assert_eq!(quantity(Qty(2000)), "2");
        assert_eq!(quantity(Qty(250)), "0.25");
    }

    #[test]
    fn exports_have_a_bom_a_header_and_a_row_per_customer_and_line() {
        let shop = generate(&Spec::small(4, 300));
        let mut b = Book::default();
        let lines: usize = shop.purchases.iter().map(|p| p.lines.len().max(1)).sum();
        let planned = b
            .plan(Change {
                customers: shop.customers.clone(),
                products: shop.products,
                purchases: shop.purchases,
                ..Change::default()
            })
            .unwrap();
        b.apply(planned).expect("planned change applies");
        let a = Analysis::full(&b, Date::new(2026, 11, 22).unwrap(), 330);
        let csv = customers(&b, &a, None, 330, &CUSTOMER_COLUMNS);
        assert!(csv.starts_with("\u{feff}name,phone,code,area,type,"));
        let live = shop.customers.iter().filter(|c| c.meta.live()).count();
        assert_eq!(csv.matches("\r\n").count(), live + 1);
        // Phones stay text.
        if let Some(p) = shop.customers.iter().find_map(|c| c.phone.clone()) {
            assert!(csv.contains(&format!(",'{p},")), "{p}");
        }
        let some = [shop.customers[0].meta.id];
        assert_eq!(
            customers(&b, &a, Some(&some), 330, &CUSTOMER_COLUMNS)
                .matches("\r\n")
                .count(),
            2
        );
        let sales_csv = sales(&b, 330, &SALE_COLUMNS);
        assert!(sales_csv.starts_with("\u{feff}date,receipt,customer phone,"));
        assert_eq!(sales_csv.matches("\r\n").count(), lines + 1);
    }
}
