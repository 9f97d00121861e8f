//! CSV import: customers and sales from a notebook, a spreadsheet or another app.
//!
//! Steps, each a function here so that the screen only shows their results:
//! 1. [`read_table`]: bytes to rows. UTF-8 with or without a byte-order mark; comma, semicolon
//!    or tab, whichever the header line uses most; quoted cells may hold separators, quotes
//!    (doubled) and line breaks. A small hand-written reader rather than the `csv` crate: this is
//!    all of RFC 4180 that is needed, and the wasm budget is tight.
//! 2. [`guess_columns`]: which column is what, from header words in English and the app's
//!    languages; the seller can change any of it.
//! 3. [`plan_customers`] / [`plan_sales`]: every row checked; good rows become one [`Change`],
//!    every other row a [`Rejected`] with its line number and reason ([`report`] makes the
//!    downloadable list). Nothing is written until the seller confirms, and then all at once.
//!
//! Sales: one row per sale unless a receipt column groups rows into one sale. The customer cell
//! may hold a phone number, the seller's own code or a name; customers are matched in that order
//! (phone, then code, then exact name) and created when none matches. `amount` is the sale's
//! total; quantity and product are optional. Dates: `YYYY-MM-DD`, `DD/MM/YYYY`, `DD-MM-YYYY` or
//! `DD.MM.YYYY`.

use crate::book::{Book, Change};
use crate::files::export::uncell;
use crate::model::id::Id;
use crate::model::money::{parse_amount, parse_qty};
use crate::model::money::{Paise, Qty};
use crate::model::phone;
use crate::model::records::{
    Channel, Customer, CustomerKind, Line, Meta, Payment, Product, Purchase,
};
use crate::model::settings::Lang;
use crate::model::text::fold;
use crate::model::time::{Date, Timestamp};
use std::collections::HashMap;

/// Why a file cannot be read at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableError {
    /// Not UTF-8 text.
    NotText,
    /// No header line.
    Empty,
    /// A quoted cell that never ends, starting on this line.
    OpenQuote(usize),
}

/// One row of the file: its line number (1 = header) and cells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Line where the row starts.
    pub line: usize,
    /// Cells, trimmed.
    pub cells: Vec<String>,
}

/// The header and the rows under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// Column names as written.
    pub header: Vec<String>,
    /// Every non-empty row.
    pub rows: Vec<Row>,
}

/// Reads a CSV file in one go.
pub fn read_table(bytes: &[u8]) -> Result<Table, TableError> {
    let mut r = Reader::new(bytes)?;
    while !r.step(usize::MAX) {}
    r.finish()
}

/// Reads a CSV file a slice at a time, so that a long file can show progress between slices.
pub struct Reader<'t> {
    text: &'t str,
    at: usize,
    sep: char,
    rows: Vec<Row>,
    cells: Vec<String>,
    cell: String,
    line: usize,
    start: usize,
    quoted: bool,
    was_quoted: bool,
}

impl<'t> Reader<'t> {
    /// Starts reading `bytes`: UTF-8 with or without a byte-order mark.
    pub fn new(bytes: &'t [u8]) -> Result<Reader<'t>, TableError> {
        let text = std::str::from_utf8(bytes).map_err(|_| TableError::NotText)?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let first = text.lines().next().unwrap_or("");
        let sep = [',', ';', '\t']
            .into_iter()
            .max_by_key(|s| first.matches(*s).count())
            .unwrap_or(',');
        Ok(Reader {
            text,
            at: 0,
            sep,
            rows: Vec::new(),
            cells: Vec::new(),
            cell: String::new(),
            line: 1,
            start: 1,
            quoted: false,
            was_quoted: false,
        })
    }

    /// Reads at least `bytes` more of the text (to the end of a row); `true` once all is read.
    pub fn step(&mut self, bytes: usize) -> bool {
        let rest = &self.text[self.at..];
        let mut chars = rest.char_indices().peekable();
        let mut stop = rest.len();
        while let Some((k, ch)) = chars.next() {
            match ch {
                '"' if self.quoted => {
                    if chars.peek().map(|c| c.1) == Some('"') {
                        chars.next();
                        self.cell.push('"');
                    } else {
                        self.quoted = false;
                    }
                }
                '"' if self.cell.trim().is_empty() && !self.was_quoted => {
                    self.cell.clear();
                    self.quoted = true;
                    self.was_quoted = true;
                }
                '\n' if self.quoted => {
                    self.line += 1;
                    self.cell.push('\n');
                }
                '\r' if !self.quoted => {}
                '\n' => {
                    self.end_row();
                    self.line += 1;
                    self.start = self.line;
                    self.was_quoted = false;
                    if k >= bytes {
                        stop = k + 1;
                        break;
                    }
                }
                c if c == self.sep && !self.quoted => {
                    self.cells
                        .push(std::mem::take(&mut self.cell).trim().to_string());
                    self.was_quoted = false;
                }
                c => self.cell.push(c),
            }
        }
        self.at += stop;
        self.at == self.text.len()
    }

    /// How far reading is, in bytes of the text: (read, all).
    pub fn progress(&self) -> (usize, usize) {
        (self.at, self.text.len())
    }

    fn end_row(&mut self) {
        self.cells
            .push(std::mem::take(&mut self.cell).trim().to_string());
        let row = std::mem::take(&mut self.cells);
        if row.iter().any(|c| !c.is_empty()) {
            self.rows.push(Row {
                line: self.start,
                cells: row,
            });
        }
    }

    /// The table, once [`Reader::step`] has read everything.
    pub fn finish(mut self) -> Result<Table, TableError> {
        if self.quoted {
            return Err(TableError::OpenQuote(self.start));
        }
        self.end_row();
        if self.rows.is_empty() {
            return Err(TableError::Empty);
        }
        let header = self.rows.remove(0).cells;
        Ok(Table {
            header,
            rows: self.rows,
        })
    }
}

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// Customer name.
    Name,
    /// Phone number.
    Phone,
    /// The seller's own customer code.
    Code,
    /// Area.
    Area,
    /// Retail or wholesale.
    Kind,
    /// Tags, separated by `;`.
    Tags,
    /// Notes.
    Notes,
    /// The language for messages to the customer (a code, or the language's name).
    Language,
    /// Consent to offers: `whatsapp`, `sms`, both (`whatsapp; sms`, `yes`) or `no`.
    Offers,
    /// When that consent was given or withdrawn.
    OffersSince,
    /// Sale date.
    Date,
    /// Receipt or order number grouping rows into one sale.
    Receipt,
    /// Who bought: phone, code or name.
    Customer,
    /// Product name.
    Product,
    /// Quantity.
    Quantity,
    /// Unit price.
    UnitPrice,
    /// Sale total.
    Amount,
    /// A line's own total (quantity x rate), on bills that have no sale total.
    LineTotal,
    /// Cash, UPI, card or credit.
    Payment,
    /// "voided" (or "deleted") for a sale that was voided (a column of Grahak's own sales
    /// export).
    Status,
    /// The seller's remark on a sale (why it was corrected or voided).
    Remark,
}

impl Column {
    /// Columns of a customers file.
    pub const CUSTOMERS: [Column; 10] = [
        Column::Name,
        Column::Phone,
        Column::Code,
        Column::Area,
        Column::Kind,
        Column::Tags,
        Column::Notes,
        Column::Language,
        Column::Offers,
        Column::OffersSince,
    ];
    /// Columns of a sales file.
    pub const SALES: [Column; 12] = [
        Column::Date,
        Column::Receipt,
        Column::Phone,
        Column::Customer,
        Column::Product,
        Column::Quantity,
        Column::UnitPrice,
        Column::Amount,
        Column::LineTotal,
        Column::Payment,
        Column::Status,
        Column::Remark,
    ];

    /// Header words that name this column (folded: lower case, single spaces), in English,
    /// Hindi, Gujarati, Malayalam and Urdu.
    fn words(self) -> &'static [&'static str] {
        match self {
            Column::Name => &["name", "customer name", "नाम", "નામ", "പേര്", "نام"],
            Column::Phone => &[
                "phone",
                "mobile",
                "phone number",
                "mobile number",
                "whatsapp",
                "customer phone",
                "ग्राहक का फ़ोन",
                "ગ્રાહકનો ફોન",
                "ഉപഭോക്താവിന്റെ ഫോൺ",
                "گاہک کا فون",
                "फ़ोन",
                "फोन",
                "मोबाइल",
                "ફોન",
                "મોબાઇલ",
                "ഫോൺ",
                "മൊബൈൽ",
                "فون",
                "موبائل",
            ],
            Column::Code => &["code", "customer code", "id", "कोड", "કોડ", "കോഡ്", "کوڈ"],
            Column::Area => &[
                "area",
                "locality",
                "village",
                "क्षेत्र",
                "इलाका",
                "વિસ્તાર",
                "പ്രദേശം",
                "علاقہ",
            ],
            Column::Kind => &[
                "type",
                "customer type",
                "kind",
                "प्रकार",
                "પ્રકાર",
                "തരം",
                "قسم",
            ],
            Column::Tags => &["tags", "tag", "टैग", "ટૅગ", "ടാഗുകൾ", "ٹیگ"],
            Column::Notes => &["notes", "note", "remarks", "नोट", "નોંધ", "കുറിപ്പുകൾ", "نوٹ"],
            Column::Language => &["language", "lang", "भाषा", "ભાષા", "ഭാഷ", "زبان"],
            Column::Offers => &["offers", "consent", "ऑफ़र", "ઑફર", "ഓഫറുകൾ", "آفر"],
            Column::OffersSince => &[
                "offers since",
                "consent date",
                "ऑफ़र की तारीख",
                "ઑફરની તારીખ",
                "ഓഫർ തീയതി",
                "آفر کی تاریخ",
            ],
            Column::Date => &[
                "date",
                "sale date",
                "तारीख",
                "दिनांक",
                "તારીખ",
                "തീയതി",
                "تاریخ",
            ],
            Column::Receipt => &[
                "receipt",
                "order",
                "bill",
                "invoice",
                "order id",
                "bill no",
                "receipt no",
                "बिल",
                "રસીદ",
                "ബിൽ",
                "رسید",
            ],
            Column::Customer => &[
                "customer",
                "customer name",
                "name",
                "buyer",
                "buyer name",
                "party",
                "party name",
                "ग्राहक",
                "ग्राहक का नाम",
                "नाम",
                "ગ્રાહક",
                "ગ્રાહકનું નામ",
                "ഉപഭോക്താവ്",
                "പേര്",
                "گاہک",
                "گاہک کا نام",
            ],
            Column::Product => &[
                "product",
                "item",
                "सामान",
                "उत्पाद",
                "વસ્તુ",
                "ഉൽപ്പന്നം",
                "سامان",
            ],
            Column::Quantity => &["quantity", "qty", "मात्रा", "જથ્થો", "അളവ്", "مقدار"],
            Column::UnitPrice => &["unit price", "price", "rate", "दर", "ભાવ", "വില", "قیمت"],
            Column::Amount => &[
                "amount",
                "total",
                "sale total",
                "राशि",
                "रकम",
                "कुल",
                "રકમ",
                "തുക",
                "رقم",
            ],
            Column::LineTotal => &[
                "line total",
                "line amount",
                "item total",
                "पंक्ति कुल",
                "લાઇન કુલ",
                "വരി ആകെ",
                "سطر کل",
            ],
            Column::Status => &["status", "स्थिति", "સ્થિતિ", "നില", "حالت"],
            Column::Remark => &["remark", "टिप्पणी", "નોંધ", "കുറിപ്പ്", "تبصرہ"],
            Column::Payment => &[
                "payment",
                "paid by",
                "mode",
                "भुगतान",
                "ચુકવણી",
                "പണമടയ്ക്കൽ",
                "ادائیگی",
            ],
        }
    }
}

/// The first column a file of sales (`sales`) or customers needs but `map` does not give: a
/// customer's name; a sale's date, and its amount (or, for a bill without one, each line's
/// total or rate: the lines are added up).
pub fn unmapped(map: &[Option<Column>], sales: bool) -> Option<Column> {
    let has = |c: Column| map.contains(&Some(c));
    if !sales {
        return (!has(Column::Name)).then_some(Column::Name);
    }
    if !has(Column::Date) {
        return Some(Column::Date);
    }
    let priced = has(Column::Amount) || has(Column::LineTotal) || has(Column::UnitPrice);
    (!priced).then_some(Column::Amount)
}

/// Rows looked at to tell a sale total from a line's amount.
const SAMPLE_ROWS: usize = 200;

/// [`guess_columns`] for a sales file, reading its rows too: an "Amount" that is quantity x rate
/// on (nearly) every row is each line's own amount, so the lines of a bill are added up rather
/// than refused for differing totals. (On a bill of one line both readings agree.)
pub fn guess_sales_columns(table: &Table) -> Vec<Option<Column>> {
    let mut map = guess_columns(&table.header, &Column::SALES);
    let has = |c: Column| map.contains(&Some(c));
    if !(has(Column::Amount) && has(Column::Quantity) && has(Column::UnitPrice))
        || has(Column::LineTotal)
    {
        return map;
    }
    let (mut priced, mut lines) = (0, 0);
    for row in table.rows.iter().take(SAMPLE_ROWS) {
        let cell = |c| get(row, &map, c);
        let (Ok(qty), Ok(rate), Ok(amount)) = (
            parse_qty(cell(Column::Quantity)),
            parse_amount(cell(Column::UnitPrice)),
            parse_amount(cell(Column::Amount)),
        ) else {
            continue;
        };
        priced += 1;
        if (rate * qty).0.abs_diff(amount.0) <= 1 {
            lines += 1;
        }
    }
    if priced > 0 && lines * 10 >= priced * 9 {
        for m in map.iter_mut().filter(|m| **m == Some(Column::Amount)) {
            *m = Some(Column::LineTotal);
        }
    }
    map
}

/// A first mapping of `header` onto `wanted` columns: each column goes to the first header cell
/// that names it (exactly, else by its first word); unnamed cells map to nothing.
pub fn guess_columns(header: &[String], wanted: &[Column]) -> Vec<Option<Column>> {
    let folded: Vec<String> = header.iter().map(|h| fold(h)).collect();
    let mut out = vec![None; header.len()];
    for &col in wanted {
        let hit = folded
            .iter()
            .position(|h| col.words().contains(&h.as_str()))
            .filter(|&k| out[k].is_none());
        if let Some(k) = hit {
            out[k] = Some(col);
        }
    }
    out
}

/// Why a row was left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// A required cell is empty (its column).
    Missing(Column),
    /// The phone number cannot be read.
    BadPhone,
    /// The phone number is already in the book or earlier in the file.
    PhoneTaken,
    /// The date is not one of the accepted forms.
    BadDate,
    /// The date is in the future.
    FutureDate,
    /// The amount is not a number of money.
    BadAmount,
    /// The quantity is not a number.
    BadQuantity,
    /// The payment is not cash, UPI, card or credit.
    BadPayment,
    /// Rows of one receipt disagree on date, customer or amount.
    ReceiptMismatch,
}

/// A row that was left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    /// Its line in the file.
    pub line: usize,
    /// Why.
    pub reason: Reason,
}

/// What importing will do: the change to commit and the rows left out.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    /// Records to write, all at once.
    pub change: Change,
    /// Rows taken.
    pub accepted: usize,
    /// Sales whose customer was already in the book.
    pub matched: usize,
    /// Rows left out, in file order.
    pub rejected: Vec<Rejected>,
}

/// Mints ids and instants for new records.
pub struct Minter<'a> {
    /// A new random id.
    pub id: &'a mut dyn FnMut() -> Id,
    /// Now.
    pub now: Timestamp,
    /// The local calendar's offset east of UTC, in minutes.
    pub offset_minutes: i32,
    /// The shop's country code for phone numbers written without one.
    pub country_code: &'a str,
}

fn get<'r>(row: &'r Row, map: &[Option<Column>], col: Column) -> &'r str {
    map.iter()
        .position(|m| *m == Some(col))
        .and_then(|k| row.cells.get(k))
        .map_or("", |c| uncell(c))
}

/// Customers from `table` mapped by `map`, in one go. A phone already in the book (or twice in
/// the file) is left out with its reason; nothing is overwritten.
pub fn plan_customers(book: &Book, table: &Table, map: &[Option<Column>], m: &mut Minter) -> Plan {
    let mut check = Check::new(table, map, false);
    while !check.step(book, m, usize::MAX) {}
    check.finish(book, m)
}

/// Sales from `table` mapped by `map`, in one go, matching or creating customers and products.
pub fn plan_sales(book: &Book, table: &Table, map: &[Option<Column>], m: &mut Minter) -> Plan {
    let mut check = Check::new(table, map, true);
    while !check.step(book, m, usize::MAX) {}
    check.finish(book, m)
}

/// Checks the rows of a customers or sales file a slice at a time (so that a long file can show
/// progress between slices), then makes the [`Plan`].
pub struct Check<'a> {
    table: &'a Table,
    map: &'a [Option<Column>],
    sales: bool,
    next: usize,
    plan: Plan,
    /// Customers: phones taken earlier in the file.
    phones: HashMap<String, Id>,
    /// Sales: one per sale, in file order, and where each receipt's sale is.
    drafts: Vec<Draft>,
    by_receipt: HashMap<String, usize>,
    /// Whether a receipt column groups rows into sales.
    grouped: bool,
    /// Sales: the book's customer codes (folded), made when a number in the customer column
    /// is not a phone number.
    codes: Option<std::collections::HashSet<String>>,
}

impl<'a> Check<'a> {
    /// Starts checking `table` as a sales file (`sales`) or a customers file.
    pub fn new(table: &'a Table, map: &'a [Option<Column>], sales: bool) -> Check<'a> {
        Check {
            table,
            map,
            sales,
            next: 0,
            plan: Plan::default(),
            phones: HashMap::new(),
            drafts: Vec::new(),
            by_receipt: HashMap::new(),
            grouped: map.contains(&Some(Column::Receipt)),
            codes: None,
        }
    }

    /// Checks up to `rows` more rows; `true` once all are checked.
    pub fn step(&mut self, book: &Book, m: &mut Minter, rows: usize) -> bool {
        let table = self.table;
        let end = self.next.saturating_add(rows).min(table.rows.len());
        let today = m.now.local_date(m.offset_minutes);
        for row in &table.rows[self.next..end] {
            if self.sales {
                self.sale(row, today, book, m.country_code);
            } else {
                self.customer(row, book, m);
            }
        }
        self.next = end;
        end == table.rows.len()
    }

    /// Rows checked so far, and all rows.
    pub fn progress(&self) -> (usize, usize) {
        (self.next, self.table.rows.len())
    }

    fn customer(&mut self, row: &'a Row, book: &Book, m: &mut Minter) {
        let get = |col| get(row, self.map, col);
        let plan = &mut self.plan;
        let name = get(Column::Name);
        if name.is_empty() {
            return plan.reject(row, Reason::Missing(Column::Name));
        }
        let Ok(phone) = phone::normalise(get(Column::Phone), m.country_code) else {
            return plan.reject(row, Reason::BadPhone);
        };
        if let Some(p) = &phone {
            if book.customer_by_phone(p).is_some() || self.phones.contains_key(p) {
                return plan.reject(row, Reason::PhoneTaken);
            }
        }
        let mut c = Customer::named(Meta::new((m.id)(), m.now), name);
        c.phone = phone.clone();
        c.code = get(Column::Code).to_string();
        c.area = get(Column::Area).to_string();
        c.notes = get(Column::Notes).to_string();
        // Consent as the file says (an export carries it); nothing said is no consent.
        let offers = fold(get(Column::Offers));
        let both = offers == "yes";
        c.consent.whatsapp = both || offers.contains("whatsapp");
        c.consent.sms = both || offers.contains("sms");
        c.consent.since = Date::parse_typed(get(Column::OffersSince))
            .map(|d| Timestamp::at_local_midnight(d, m.offset_minutes));
        // A language the app does not speak is left out, not the customer.
        c.language =
            Lang::read(get(Column::Language)).map_or_else(String::new, |l| l.code().into());
        if fold(get(Column::Kind)) == "wholesale" {
            c.kind = CustomerKind::Wholesale;
        }
        c.tags = get(Column::Tags)
            .split(';')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(String::from)
            .collect();
        if let Some(p) = phone {
            self.phones.insert(p, c.meta.id);
        }
        plan.accepted += 1;
        plan.change.customers.push(c);
    }

    fn sale(&mut self, row: &'a Row, today: Date, book: &Book, country_code: &str) {
        let get = |col| get(row, self.map, col);
        let plan = &mut self.plan;
        let date_text = get(Column::Date);
        let date = match Date::parse_typed(date_text) {
            _ if date_text.is_empty() => return plan.reject(row, Reason::Missing(Column::Date)),
            None => return plan.reject(row, Reason::BadDate),
            Some(d) if d > today => return plan.reject(row, Reason::FutureDate),
            Some(d) => d,
        };
        // The sale's total; a bill without one is the sum of its lines: each line's own total,
        // else quantity x rate.
        let summed = get(Column::Amount).is_empty();
        let total = if summed {
            Paise(0)
        } else {
            match parse_amount(get(Column::Amount)) {
                Ok(p) => p,
                Err(_) => return plan.reject(row, Reason::BadAmount),
            }
        };
        let Some(payment) = parse_payment(get(Column::Payment)) else {
            return plan.reject(row, Reason::BadPayment);
        };
        let qty = match get(Column::Quantity) {
            "" => Qty::ONE,
            text => match parse_qty(text) {
                Ok(q) => q,
                Err(_) => return plan.reject(row, Reason::BadQuantity),
            },
        };
        let price = parse_amount(get(Column::UnitPrice)).ok();
        let line_value = if summed {
            match (get(Column::LineTotal), price) {
                ("", Some(price)) => Some(price * qty),
                ("", None) => return plan.reject(row, Reason::Missing(Column::Amount)),
                (text, _) => match parse_amount(text) {
                    Ok(v) => Some(v),
                    Err(_) => return plan.reject(row, Reason::BadAmount),
                },
            }
        } else {
            None
        };
        // A line total given without a rate gives the rate.
        let price = match (price, line_value) {
            (None, Some(v)) if qty.0 > 0 => Some(Paise(v.0 * 1000 / qty.0)),
            (p, _) => p,
        };
        // An export marks sales that were deleted; they come back deleted, not as sales.
        let deleted = !get(Column::Status).is_empty();
        let remark = get(Column::Remark).to_string();
        // Who: the customer cell, and a phone column when there is one. A number that is not a
        // phone number never becomes one, nor a name (12345 is a slip, or a code the book does
        // not have): the row is left out, saying so.
        let phone_cell = get(Column::Phone);
        let bad_phone =
            |cell: &str| !cell.is_empty() && phone::normalise(cell, country_code).is_err();
        let customer_cell = get(Column::Customer);
        let numeric = customer_cell.chars().filter(|c| c.is_ascii_digit()).count() >= 3
            && customer_cell
                .chars()
                .all(|c| c.is_ascii_digit() || " +-()".contains(c));
        if bad_phone(phone_cell) {
            return plan.reject(row, Reason::BadPhone);
        }
        if numeric && bad_phone(customer_cell) {
            let codes = self.codes.get_or_insert_with(|| {
                book.customers()
                    .iter()
                    .filter(|c| c.meta.live() && !c.code.is_empty())
                    .map(|c| fold(&c.code))
                    .collect()
            });
            if !codes.contains(&fold(customer_cell)) {
                return plan.reject(row, Reason::BadPhone);
            }
        }
        let who = match get(Column::Customer) {
            "" => phone_cell.to_string(),
            name if phone_cell.is_empty() => name.to_string(),
            name => format!("{phone_cell}\u{1f}{name}"),
        };
        let product = get(Column::Product).to_string();
        let receipt = get(Column::Receipt);
        let grouped = self.grouped && !receipt.is_empty();
        match grouped.then(|| self.by_receipt.get(receipt)).flatten() {
            Some(&k) => {
                let d = &mut self.drafts[k];
                if d.date != date
                    || d.who != who
                    || d.summed != summed
                    || (!summed && d.total != total)
                    || d.deleted != deleted
                    || d.remark != remark
                {
                    return plan.reject(row, Reason::ReceiptMismatch);
                }
                if let Some(v) = line_value {
                    d.total += v;
                }
                if !product.is_empty() {
                    d.lines.push((product, qty, price));
                }
            }
            None => {
                if grouped {
                    self.by_receipt
                        .insert(receipt.to_string(), self.drafts.len());
                }
                self.drafts.push(Draft {
                    date,
                    who,
                    total: line_value.unwrap_or(total),
                    summed,
                    payment,
                    deleted,
                    remark,
                    lines: if product.is_empty() {
                        Vec::new()
                    } else {
                        vec![(product, qty, price)]
                    },
                });
            }
        }
        plan.accepted += 1;
    }

    /// The plan, once [`Check::step`] has checked every row. For sales, customers are matched by
    /// phone, then code, then exact name, else made; products by name, else made.
    pub fn finish(self, book: &Book, m: &mut Minter) -> Plan {
        let mut plan = self.plan;
        let mut customers = Matcher::new(book);
        let mut products: HashMap<String, Id> = book
            .products()
            .iter()
            .filter(|p| p.meta.live())
            .map(|p| (fold(&p.name), p.meta.id))
            .collect();
        let noon = 12 * 3_600_000;
        for d in self.drafts {
            let customer = if d.who.is_empty() {
                None
            } else {
                let (id, known) = customers.find_or_make(&d.who, m, &mut plan);
                plan.matched += usize::from(known);
                Some(id)
            };
            let mut lines = Vec::new();
            for (name, qty, price) in d.lines {
                let key = fold(&name);
                let id = match products.get(&key) {
                    Some(id) => *id,
                    None => {
                        let p = Product {
                            meta: Meta::new((m.id)(), m.now),
                            name,
                            category: String::new(),
                            unit: String::new(),
                            price: price.unwrap_or(Paise(0)),
                            lasts_days: None,
                        };
                        let id = p.meta.id;
                        products.insert(key, id);
                        plan.change.products.push(p);
                        id
                    }
                };
                lines.push(Line {
                    product: id,
                    qty,
                    unit_price: price.unwrap_or(Paise(0)),
                });
            }
            let mut meta = Meta::new((m.id)(), m.now);
            if d.deleted {
                meta.deleted = Some(m.now);
            }
            // A sale without a time of day is put at noon, local time.
            let at = Timestamp(Timestamp::at_local_midnight(d.date, m.offset_minutes).0 + noon);
            plan.change.purchases.push(Purchase {
                meta,
                customer,
                at,
                lines,
                total: d.total,
                payment: d.payment,
                money: Purchase::implied_money(d.payment, d.total),
                channel: Channel::Stall,
                note: d.remark.clone(),
                by: String::new(),
            });
        }
        plan
    }
}

impl Plan {
    fn reject(&mut self, row: &Row, reason: Reason) {
        self.rejected.push(Rejected {
            line: row.line,
            reason,
        });
    }
}

fn parse_payment(text: &str) -> Option<Payment> {
    Some(match fold(text).as_str() {
        "" | "cash" | "नकद" | "रोकड़" => Payment::Cash,
        "upi" | "gpay" | "phonepe" | "paytm" => Payment::Upi,
        "card" => Payment::Card,
        "credit" | "udhaar" | "उधार" => Payment::Credit,
        _ => return None,
    })
}

/// One sale being assembled from its rows.
struct Draft {
    date: Date,
    who: String,
    total: Paise,
    /// The total is the sum of the lines (the file has no sale total).
    summed: bool,
    payment: Payment,
    deleted: bool,
    remark: String,
    lines: Vec<(String, Qty, Option<Paise>)>,
}

/// Finds customers by phone, code or exact name, making new ones as needed.
struct Matcher<'b> {
    book: &'b Book,
    codes: HashMap<String, Id>,
    names: HashMap<String, Id>,
    made: HashMap<String, (Id, bool)>,
}

impl<'b> Matcher<'b> {
    fn new(book: &'b Book) -> Matcher<'b> {
        let live = || book.customers().iter().filter(|c| c.meta.live());
        Matcher {
            book,
            codes: live()
                .filter(|c| !c.code.is_empty())
                .map(|c| (fold(&c.code), c.meta.id))
                .collect(),
            names: live().map(|c| (fold(&c.name), c.meta.id)).collect(),
            made: HashMap::new(),
        }
    }

    /// `who` is a phone, code or name, or "phone<US>name" when the file has both columns.
    /// Returns the customer and whether they were already in the book.
    fn find_or_make(&mut self, who: &str, m: &mut Minter, plan: &mut Plan) -> (Id, bool) {
        let (phone_text, name) = who.split_once('\u{1f}').unwrap_or((who, who));
        let phone = phone::normalise(phone_text, m.country_code).ok().flatten();
        let key = phone.clone().unwrap_or_else(|| fold(name));
        if let Some(&hit) = self.made.get(&key) {
            return hit;
        }
        let found = phone
            .as_deref()
            .and_then(|p| self.book.customer_by_phone(p))
            .map(|c| c.meta.id)
            .or_else(|| self.codes.get(&fold(name)).copied())
            .or_else(|| self.names.get(&fold(name)).copied());
        let hit = match found {
            Some(id) => (id, true),
            None => {
                // A bare phone number is also the new customer's name until the seller edits it.
                let mut c = Customer::named(Meta::new((m.id)(), m.now), name.trim());
                c.phone = phone;
                let id = c.meta.id;
                plan.change.customers.push(c);
                (id, false)
            }
        };
        self.made.insert(key, hit);
        hit
    }
}

/// The rejected rows as a CSV the seller can open: line, reason (headed `headings`, in the
/// shop's language), and the row as it was.
pub fn report(
    table: &Table,
    rejected: &[Rejected],
    reason_text: &dyn Fn(&Reason) -> String,
    headings: [&str; 2],
) -> String {
    let mut out = String::from(crate::files::export::BOM);
    let mut header = headings.map(String::from).to_vec();
    header.extend(table.header.iter().cloned());
    push_row(&mut out, &header);
    for r in rejected {
        let mut cells = vec![r.line.to_string(), reason_text(&r.reason)];
        if let Some(row) = table.rows.iter().find(|x| x.line == r.line) {
            cells.extend(row.cells.iter().cloned());
        }
        push_row(&mut out, &cells);
    }
    out
}

fn push_row(out: &mut String, cells: &[String]) {
    let line: Vec<String> = cells
        .iter()
        .map(|c| crate::files::export::cell(c))
        .collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::segments::Analysis;
    use crate::demo::{generate, Rng, Spec};
    use crate::files::export;

    const IST: i32 = 330;

    fn minter<'a>(next: &'a mut dyn FnMut() -> Id) -> Minter<'a> {
        Minter {
            id: next,
            // 2026-11-22 12:00 IST
            now: Timestamp(1_795_332_600_000),
            offset_minutes: IST,
            country_code: "91",
        }
    }

    fn ids() -> impl FnMut() -> Id {
        let mut n = 1u128 << 100;
        move || {
            n += 1;
            Id(n)
        }
    }

    fn table(text: &str) -> Table {
        read_table(text.as_bytes()).unwrap()
    }

    #[test]
    fn reads_bom_separators_quotes_and_line_breaks() {
        for sep in [",", ";", "\t"] {
            let text = format!(
                "{}name{sep}phone\r\nआशा{sep}98765 43210\r\n\r\nRavi{sep}\n",
                '\u{feff}'
            );
            let t = table(&text);
            assert_eq!(t.header, ["name", "phone"], "{sep:?}");
            assert_eq!(t.rows.len(), 2);
            assert_eq!(t.rows[0].cells, ["आशा", "98765 43210"]);
            assert_eq!(t.rows[1].line, 4);
        }
        let t = table("name,notes\n\"Shah, Asha\",\"said \"\"hi\"\"\nthen left\"\nnext,x\n");
        assert_eq!(t.rows[0].cells, ["Shah, Asha", "said \"hi\"\nthen left"]);
        assert_eq!(t.rows[1].line, 4);
        assert_eq!(read_table(b"name\n\"open"), Err(TableError::OpenQuote(2)));
        assert_eq!(read_table(b""), Err(TableError::Empty));
        assert_eq!(read_table(&[0xff, 0xfe, 0x00]), Err(TableError::NotText));
    }

    #[test]
    fn columns_are_guessed_in_english_and_indian_languages() {
        let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            guess_columns(
                &h(&["Name", "Mobile Number", "Area", "whatever"]),
                &Column::CUSTOMERS
            ),
            [
                Some(Column::Name),
                Some(Column::Phone),
                Some(Column::Area),
                None
            ]
        );
        let sale = [
            Some(Column::Date),
            Some(Column::Customer),
            Some(Column::Amount),
        ];
        for header in [
            ["तारीख", "ग्राहक", "राशि"],
            ["તારીખ", "ગ્રાહક", "રકમ"],
            ["തീയതി", "ഉപഭോക്താവ്", "തുക"],
            ["تاریخ", "گاہک", "رقم"],
        ] {
            assert_eq!(
                guess_columns(&h(&header), &Column::SALES),
                sale,
                "{header:?}"
            );
        }
    }

    #[test]
    fn dates_in_every_accepted_form() {
        let d = Date::new(2026, 3, 7);
        for t in [
            "2026-03-07",
            "07/03/2026",
            "7/3/2026",
            "07-03-2026",
            "07.03.2026",
        ] {
            assert_eq!(Date::parse_typed(t), d, "{t}");
        }
        for t in [
            "2026/03/07",
            "03-07-26",
            "31/02/2026",
            "",
            "yesterday",
            "7.3",
        ] {
            assert_eq!(Date::parse_typed(t), None, "{t}");
        }
    }

    #[test]
    fn consent_and_its_date_and_the_language_are_read_from_a_customers_file() {
        let mut next = ids();
        let t = table(
            "नाम,ऑफ़र,ऑफ़र की तारीख,भाषा\nAsha,whatsapp; sms,22/11/2026,हिन्दी\nRavi,SMS,,Klingon\nMeena,yes,2026-01-05,ur\nGita,no,01/02/2026,\nNobody said,,,\n",
        );
        let map = guess_columns(&t.header, &Column::CUSTOMERS);
        let plan = plan_customers(&Book::default(), &t, &map, &mut minter(&mut next));
        let got: Vec<(bool, bool, Option<Date>, &str)> = plan
            .change
            .customers
            .iter()
            .map(|c| {
                let k = c.consent;
                let day = k.since.map(|t| t.local_date(IST));
                (k.whatsapp, k.sms, day, c.language.as_str())
            })
            .collect();
        assert_eq!(
            got,
            [
                (true, true, Date::new(2026, 11, 22), "hi"),
                (false, true, None, ""),
                (true, true, Date::new(2026, 1, 5), "ur"),
                (false, false, Date::new(2026, 2, 1), ""),
                (false, false, None, ""),
            ]
        );
    }

    #[test]
    fn customers_with_bad_rows_reported_by_line_and_reason() {
        let mut book = Book::default();
        let mut next = ids();
        let existing = plan_customers(
            &book,
            &table("name,phone\nOld,9876500000\n"),
            &[Some(Column::Name), Some(Column::Phone)],
            &mut minter(&mut next),
        );
        let planned = book.plan(existing.change).unwrap();
        book.apply(planned).expect("planned change applies");
        let t = table(
            "name,phone,area,type,tags\nAsha,98765 43210,Lal Bazaar,wholesale,vip; regular\n,9000000000,,,\nRavi,12ab,,,\nDup,9876543210,,,\nOld again,+91 98765 00000,,,\nMeena,,,,\n",
        );
        let map = guess_columns(&t.header, &Column::CUSTOMERS);
        let plan = plan_customers(&book, &t, &map, &mut minter(&mut next));
        assert_eq!(plan.accepted, 2);
        let asha = &plan.change.customers[0];
        assert_eq!(asha.phone.as_deref(), Some("+919876543210"));
        assert_eq!(asha.kind, CustomerKind::Wholesale);
        assert_eq!(asha.tags, ["vip", "regular"]);
        assert_eq!(
            plan.rejected,
            [
                Rejected {
                    line: 3,
                    reason: Reason::Missing(Column::Name)
                },
                Rejected {
                    line: 4,
                    reason: Reason::BadPhone
                },
                Rejected {
                    line: 5,
                    reason: Reason::PhoneTaken
                },
                Rejected {
                    line: 6,
                    reason: Reason::PhoneTaken
                },
            ]
        );
        let r = report(
            &t,
            &plan.rejected,
            &|r| format!("{r:?}"),
            ["line", "reason"],
        );
        assert!(r.starts_with(
            "\u{feff}line,reason,name,phone,area,type,tags\r\n3,Missing(Name),,9000000000"
        ));
        assert!(book.clone().plan(plan.change).is_ok());
    }

    #[test]
    fn sales_match_customers_by_phone_code_then_name_and_group_by_receipt() {
        let mut book = Book::default();
        let mut next = ids();
        let mut known = Customer::named(Meta::new(Id(1), Timestamp(0)), "Asha Devi");
        known.phone = Some("+919876543210".into());
        known.code = "C-7".into();
        let planned = book
            .plan(Change {
                customers: vec![known],
                ..Change::default()
            })
            .unwrap();
        book.apply(planned).expect("planned change applies");
        let t = table(
            "date;bill;customer;item;qty;rate;amount;payment\n\
             2026-11-01;B1;98765 43210;Rice;2;50;130;cash\n\
             2026-11-01;B1;98765 43210;Dal;1;30;130;cash\n\
             01/11/2026;B2;c-7;;;;45.50;upi\n\
             01.11.2026;B3;asha devi;;;;10;\n\
             02-11-2026;B4;Naya Grahak;Rice;1;50;50;credit\n\
             2026-11-03;B5;Naya Grahak;;;;20;cash\n\
             2026-11-03;B1;98765 43210;Oil;1;1;999;cash\n\
             2026-11-30;B6;x;;;;5;cash\n\
             2026-11-04;B7;x;;;;five;cash\n\
             2026-11-04;B8;x;;;;5;cheque\n\
             ;B9;x;;;;5;cash\n",
        );
        let map = guess_columns(&t.header, &Column::SALES);
        assert!(map.iter().all(Option::is_some), "{map:?}");
        let plan = plan_sales(&book, &t, &map, &mut minter(&mut next));
        let sales = &plan.change.purchases;
        assert_eq!(sales.len(), 5);
        assert_eq!(sales[0].lines.len(), 2);
        assert_eq!(sales[0].total, Paise(13_000));
        assert_eq!(sales[0].customer, Some(Id(1)));
        assert_eq!(sales[1].customer, Some(Id(1)), "by code");
        assert_eq!(sales[1].payment, Payment::Upi);
        assert_eq!(sales[2].customer, Some(Id(1)), "by name");
        assert_eq!(plan.matched, 3, "three sales of a known customer");
        // A new customer is made once and reused; "Rice" becomes one product.
        assert_eq!(
            plan.change.customers.len(),
            1,
            "Naya Grahak; x only on rejected rows"
        );
        assert_eq!(sales[3].customer, sales[4].customer);
        assert_eq!(plan.change.products.len(), 2);
        assert_eq!(sales[3].at.local_date(IST), Date::new(2026, 11, 2).unwrap());
        let reasons: Vec<(usize, Reason)> = plan
            .rejected
            .iter()
            .map(|r| (r.line, r.reason.clone()))
            .collect();
        assert_eq!(
            reasons,
            [
                (8, Reason::ReceiptMismatch),
                (9, Reason::FutureDate),
                (10, Reason::BadAmount),
                (11, Reason::BadPayment),
                (12, Reason::Missing(Column::Date)),
            ]
        );
        assert!(book.plan(plan.change).is_ok());
    }

    #[test]
    fn re_importing_an_export_gives_the_same_book() {
        let shop = generate(&Spec::small(12, 400));
        let live: Vec<Id> = shop
            .customers
            .iter()
            .filter(|c| c.meta.live())
            .map(|c| c.meta.id)
            .collect();
        let mut book = Book::default();
        let planned = book
            .plan(Change {
                customers: shop
                    .customers
                    .iter()
                    .filter(|c| c.meta.live())
                    .cloned()
                    .collect(),
                products: shop.products.clone(),
                // Deleted sales too: the export marks them and they must come back deleted.
                purchases: shop
                    .purchases
                    .iter()
                    .filter(|p| p.customer.is_none_or(|c| live.contains(&c)))
                    .enumerate()
                    .map(|(k, p)| {
                        let mut p = p.clone();
                        if k % 50 == 7 {
                            p.meta.deleted = Some(p.meta.updated);
                            p.note = "entered twice, \"by mistake\"".into();
                        }
                        if k % 50 == 9 {
                            p.note = "corrected: 1 kg".into();
                        }
                        p
                    })
                    .collect(),
                ..Change::default()
            })
            .unwrap();
        book.apply(planned).expect("planned change applies");
        let a = Analysis::new(&book, Date::new(2026, 11, 22).unwrap(), IST);
        let mut next = ids();

        let customers = table(&export::customers(
            &book,
            &a,
            None,
            IST,
            &export::CUSTOMER_COLUMNS,
        ));
        let map = guess_columns(&customers.header, &Column::CUSTOMERS);
        let plan = plan_customers(&Book::default(), &customers, &map, &mut minter(&mut next));
        assert_eq!(plan.rejected, []);
        let mut copy = Book::default();
        let planned = copy.plan(plan.change).unwrap();
        copy.apply(planned).expect("planned change applies");
        let key = |c: &Customer| {
            (
                c.name.clone(),
                c.phone.clone(),
                c.code.clone(),
                c.area.clone(),
                c.kind as u8,
                c.tags.clone(),
                c.notes.clone(),
                c.language.clone(),
                c.consent.whatsapp,
                c.consent.sms,
            )
        };
        let mut was: Vec<_> = book.customers().iter().map(key).collect();
        let mut now: Vec<_> = copy.customers().iter().map(key).collect();
        was.sort();
        now.sort();
        assert_eq!(was, now);

        let sales = table(&export::sales(&book, IST, &export::SALE_COLUMNS));
        let map = guess_columns(&sales.header, &Column::SALES);
        let plan = plan_sales(&copy, &sales, &map, &mut minter(&mut next));
        assert_eq!(plan.rejected, []);
        let sale_key = |b: &Book, p: &Purchase| {
            let who = p
                .customer
                .and_then(|c| b.customer(c))
                .map(|c| (c.name.clone(), c.phone.clone()));
            let lines: Vec<_> = p
                .lines
                .iter()
                .map(|l| {
                    (
                        b.product(l.product).map(|x| x.name.clone()),
                        l.qty,
                        l.unit_price,
                    )
                })
                .collect();
            let deleted = !p.meta.live();
            (
                p.at.local_date(IST),
                who,
                p.total,
                p.payment,
                deleted,
                p.note.clone(),
                lines,
            )
        };
        assert!(book.purchases().iter().any(|p| !p.meta.live()));
        let planned = copy.plan(plan.change).unwrap();
        copy.apply(planned).expect("planned change applies");
        let mut was: Vec<_> = book
            .purchases()
            .iter()
            .map(|p| sale_key(&book, &p))
            .collect();
        let mut now: Vec<_> = copy
            .purchases()
            .iter()
            .map(|p| sale_key(&copy, &p))
            .collect();
        was.sort_by(|x, y| format!("{x:?}").cmp(&format!("{y:?}")));
        now.sort_by(|x, y| format!("{x:?}").cmp(&format!("{y:?}")));
        assert_eq!(was, now);
    }

    #[test]
    fn a_notebook_bill_without_a_sale_total_is_the_sum_of_its_lines() {
        let mut b = Book::default();
        let file = "Date,Bill No,Customer Name,Phone,Item,Qty,Rate,Amount\n\
                    2026-11-20,1,Asha,9876543210,Rice,2,50,100\n\
                    2026-11-20,1,Asha,9876543210,Dal,1,140,140\n\
                    2026-11-21,2,Ravi,,Oil,3,,450\n\
                    2026-11-21,3,Ravi,,Oil,1.5,120,\n";
        let t = table(file);
        // "Amount" here is each line's amount (quantity x rate on its rows), not the bill's.
        let map = guess_sales_columns(&t);
        assert_eq!(
            map,
            [
                Some(Column::Date),
                Some(Column::Receipt),
                Some(Column::Customer),
                Some(Column::Phone),
                Some(Column::Product),
                Some(Column::Quantity),
                Some(Column::UnitPrice),
                Some(Column::LineTotal),
            ]
        );
        assert_eq!(unmapped(&map, true), None);
        let mut next = ids();
        let plan = plan_sales(&b, &t, &map, &mut minter(&mut next));
        assert_eq!(plan.rejected, []);
        let totals: Vec<(usize, Paise)> = plan
            .change
            .purchases
            .iter()
            .map(|p| (p.lines.len(), p.total))
            .collect();
        // Bill 1: 100 + 140; bill 2: a line total without a rate (the rate is worked out);
        // bill 3: quantity x rate.
        assert_eq!(
            totals,
            [(2, Paise(24_000)), (1, Paise(45_000)), (1, Paise(18_000))]
        );
        assert_eq!(plan.change.purchases[1].lines[0].unit_price, Paise(15_000));
        // Asha is one customer, known by her phone, named by her name.
        let asha: Vec<_> = plan
            .change
            .customers
            .iter()
            .filter(|c| c.name == "Asha")
            .collect();
        assert_eq!(asha.len(), 1);
        assert_eq!(asha[0].phone.as_deref(), Some("+919876543210"));
        let planned = b.plan(plan.change).unwrap();
        b.apply(planned).unwrap();
    }

    #[test]
    fn a_number_that_is_not_a_phone_never_becomes_a_name_or_a_phone() {
        let mut b = Book::default();
        let mut regular = Customer::named(Meta::new(Id(1), Timestamp(0)), "Regular");
        regular.code = "1001".into();
        let planned = b
            .plan(Change {
                customers: vec![regular],
                ..Change::default()
            })
            .unwrap();
        b.apply(planned).unwrap();
        let t = table(
            "Date,Customer,Amount\n\
             2026-11-20,12345,100\n\
             2026-11-20,98765 43210,100\n\
             2026-11-20,1001,100\n\
             2026-11-20,Asha,100\n",
        );
        let map = guess_sales_columns(&t);
        let mut next = ids();
        let plan = plan_sales(&b, &t, &map, &mut minter(&mut next));
        assert_eq!(
            plan.rejected
                .iter()
                .map(|r| (r.line, r.reason.clone()))
                .collect::<Vec<_>>(),
            [(2, Reason::BadPhone)]
        );
        assert_eq!(plan.change.purchases.len(), 3);
        let names: Vec<&str> = plan
            .change
            .customers
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert!(!names.contains(&"12345"), "{names:?}");
        // The code 1001 is the regular's.
        assert_eq!(plan.change.purchases[1].customer, Some(Id(1)));
        // With a phone column, a bad number there leaves the row out too.
        let t = table("Date,Customer,Phone,Amount\n2026-11-20,Asha,12345,100\n");
        let plan = plan_sales(&b, &t, &guess_sales_columns(&t), &mut minter(&mut next));
        assert_eq!(plan.rejected.len(), 1);
    }

    #[test]
    fn a_file_without_a_needed_column_is_refused_before_any_row() {
        let (d, a, n) = (Some(Column::Date), Some(Column::Amount), Some(Column::Name));
        assert_eq!(unmapped(&[d, None, a], true), None);
        assert_eq!(unmapped(&[d, n], true), Some(Column::Amount));
        assert_eq!(unmapped(&[a], true), Some(Column::Date));
        // A bill without totals: its lines are added up.
        assert_eq!(unmapped(&[d, Some(Column::UnitPrice)], true), None);
        assert_eq!(unmapped(&[d, Some(Column::LineTotal)], true), None);
        assert_eq!(unmapped(&[None, n], false), None);
        assert_eq!(unmapped(&[d, a], false), Some(Column::Name));
    }

    #[test]
    fn reading_and_checking_in_slices_gives_what_one_go_gives() {
        let text = "\u{feff}date;receipt;customer;product;amount\r\n\
                    2026-11-01;R1;Asha;\"Rice; 5 kg\";100\r\n\
                    2026-11-01;R1;Asha;\"Dal\nloose\";100\r\n\
                    31/02/2026;R2;Bina;Oil;50\r\n\
                    02.11.2026;;\"Chandra \"\"C\"\"\";Tea;20\r\n";
        let whole = table(text);
        for slice in [0, 1, 7, 30] {
            let mut r = Reader::new(text.as_bytes()).unwrap();
            let mut steps = 0;
            while !r.step(slice) {
                steps += 1;
                assert!(r.progress().0 < r.progress().1);
            }
            assert_eq!(r.progress().0, r.progress().1);
            assert!(
                slice > 7 || steps >= 3,
                "slices of {slice} bytes took {steps} steps"
            );
            assert_eq!(r.finish().unwrap(), whole);
        }
        let map = guess_columns(&whole.header, &Column::SALES);
        let book = Book::default();
        let mut next = ids();
        let once = plan_sales(&book, &whole, &map, &mut minter(&mut next));
        let mut next = ids();
        let mut m = minter(&mut next);
        let mut check = Check::new(&whole, &map, true);
        let mut steps = 0;
        while !check.step(&book, &mut m, 1) {
            steps += 1;
        }
        assert_eq!(check.progress(), (4, 4));
        assert_eq!(steps, 3);
        let sliced = check.finish(&book, &mut m);
        assert_eq!(sliced.rejected, once.rejected);
        assert_eq!(sliced.rejected.len(), 1);
        assert_eq!(sliced.accepted, 3);
        assert_eq!(sliced.change.purchases, once.change.purchases);
        assert_eq!(sliced.change.purchases.len(), 2);
        assert_eq!(sliced.change.products.len(), 3);
    }

    #[test]
    fn random_and_mutated_files_never_panic() {
        let mut rng = Rng::new(7);
        let good = "date,customer,amount\n2026-11-01,Asha,10\n\"x,y\",\"q\"\"\",3\n";
        let book = Book::default();
        let mut next = ids();
        for _ in 0..500 {
            let mut bytes = good.as_bytes().to_vec();
            for _ in 0..=rng.below(6) {
                let at = rng.below(bytes.len() as u64 + 1) as usize;
                let b = *b",;\t\"\r\n0a\xc3"
                    .get(rng.below(11) as usize)
                    .unwrap_or(&b'x');
                match rng.below(3) {
                    0 if at < bytes.len() => bytes[at] = b,
                    1 if at < bytes.len() => {
                        bytes.remove(at);
                    }
                    _ => bytes.insert(at, b),
                }
            }
            if let Ok(t) = read_table(&bytes) {
                let map = guess_columns(&t.header, &Column::SALES);
                let _ = plan_sales(&book, &t, &map, &mut minter(&mut next));
                let map = guess_columns(&t.header, &Column::CUSTOMERS);
                let _ = plan_customers(&book, &t, &map, &mut minter(&mut next));
            }
        }
    }
}
