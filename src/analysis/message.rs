//! Personal messages: a template with placeholders (`{name}`, `{due_product}`…), filled for
//! one customer from what the book knows about them, with a fallback for anything it does not,
//! and the WhatsApp or SMS link that sends it from the seller's own phone. No account, no API:
//! the seller's messaging app opens with the text written.

use crate::analysis::rfm::Segment;
use crate::analysis::segments::Analysis;
use crate::book::Book;
use crate::model::id::Id;
use crate::model::phone::digits;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Something a template can name in braces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Placeholder {
    /// The customer's name.
    Name,
    /// The shop's name.
    Shop,
    /// The offer of a campaign ("10% off").
    Offer,
    /// What the customer buys most.
    FavouriteProduct,
    /// A product they may like and have not bought lately.
    RecommendedProduct,
    /// Days since their last visit.
    DaysSinceVisit,
    /// A product they are due to buy again.
    DueProduct,
    /// Their loyalty points.
    Points,
    /// What they owe on credit.
    Owed,
}

impl Placeholder {
    /// Every placeholder, in the order a template editor lists them.
    pub const ALL: [Placeholder; 9] = [
        Placeholder::Name,
        Placeholder::Shop,
        Placeholder::Offer,
        Placeholder::FavouriteProduct,
        Placeholder::RecommendedProduct,
        Placeholder::DaysSinceVisit,
        Placeholder::DueProduct,
        Placeholder::Points,
        Placeholder::Owed,
    ];

    /// As written in a template, without the braces.
    pub fn name(self) -> &'static str {
        match self {
            Placeholder::Name => "name",
            Placeholder::Shop => "shop",
            Placeholder::Offer => "offer",
            Placeholder::FavouriteProduct => "favourite_product",
            Placeholder::RecommendedProduct => "recommended_product",
            Placeholder::DaysSinceVisit => "days_since_visit",
            Placeholder::DueProduct => "due_product",
            Placeholder::Points => "points",
            Placeholder::Owed => "owed",
        }
    }

    fn from_name(name: &str) -> Option<Placeholder> {
        Placeholder::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// Why a template cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplateError {
    /// Nothing written.
    Empty,
    /// `{something}` that is not a placeholder (its name, to show).
    Unknown(String),
    /// A `{` that is never closed.
    Unclosed,
}

/// Checks a template: not empty, every `{…}` a known placeholder.
pub fn check(template: &str) -> Result<(), TemplateError> {
    if template.trim().is_empty() {
        return Err(TemplateError::Empty);
    }
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err(TemplateError::Unclosed);
        };
        let name = after[..close].trim();
        if Placeholder::from_name(name).is_none() {
            return Err(TemplateError::Unknown(name.to_string()));
        }
        rest = &after[close + 1..];
    }
    Ok(())
}

/// What each placeholder stands for for one customer; `None` where the book does not know
/// (the fallback is written instead).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Values([Option<String>; 9]);

impl Values {
    /// Sets what `p` stands for.
    pub fn set(&mut self, p: Placeholder, value: Option<String>) {
        self.0[p as usize] = value.filter(|v| !v.trim().is_empty());
    }

    /// What `p` stands for, when known.
    pub fn get(&self, p: Placeholder) -> Option<&str> {
        self.0[p as usize].as_deref()
    }
}

/// The template with every placeholder replaced by its value, or by `fallback(p)` when the
/// value is not known. (A template is [`check`]ed before: anything else in braces stays.)
pub fn render(template: &str, values: &Values, fallback: &dyn Fn(Placeholder) -> String) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after
            .find('}')
            .and_then(|close| Some((close, Placeholder::from_name(after[..close].trim())?)))
        {
            Some((close, p)) => {
                match values.get(p) {
                    Some(v) => out.push_str(v),
                    None => out.push_str(&fallback(p)),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// What the book knows for the placeholders of customer `id`: their name, the shop's, what
/// they buy most, the first product they are due to buy again, and the days since their last
/// visit. (Offers and points come from a campaign and loyalty, `{recommended_product}` from
/// [`crate::analysis::recommend`]: the caller sets them.)
pub fn values_for(book: &Book, a: &Analysis, id: Id, shop: &str) -> Values {
    let mut v = Values::default();
    v.set(Placeholder::Shop, Some(shop.to_string()));
    let Some(c) = book.customer(id) else {
        return v;
    };
    v.set(Placeholder::Name, Some(c.name.clone()));
    let m = crate::analysis::metrics::Metrics::of(book, id, a.offset_minutes());
    let product = |p: Id| book.product(p).map(|x| x.name.clone());
    v.set(
        Placeholder::FavouriteProduct,
        m.favourites(1).first().and_then(|u| product(u.product)),
    );
    v.set(
        Placeholder::DueProduct,
        a.due_for(book, &m).first().and_then(|d| product(d.product)),
    );
    v.set(
        Placeholder::DaysSinceVisit,
        m.recency_days(a.today).map(|d| d.to_string()),
    );
    v
}

/// A ready-made message, each language's text in the message tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ready {
    /// For those slipping away (at risk, can't lose them).
    WinBack,
    /// For the best customers.
    Thanks,
    /// For new customers.
    Welcome,
    /// For those due for a refill.
    Refill,
    /// For a birthday.
    Birthday,
    /// New stock in what they like.
    NewStock,
    /// A polite reminder of what they owe (offered on their page, not in campaigns).
    Reminder,
}

impl Ready {
    /// Every ready-made message, in the order they are offered.
    pub const ALL: [Ready; 6] = [
        Ready::WinBack,
        Ready::Thanks,
        Ready::Welcome,
        Ready::Refill,
        Ready::Birthday,
        Ready::NewStock,
    ];

    /// The one that suits a customer best: a refill when something is due, a win-back for
    /// those slipping away, thanks for the best, a welcome for the new; else news of stock.
    pub fn suggested(segment: Segment, due: bool, birthday_this_month: bool) -> Ready {
        if birthday_this_month {
            return Ready::Birthday;
        }
        if due {
            return Ready::Refill;
        }
        match segment {
            Segment::AtRisk
            | Segment::CantLose
            | Segment::AboutToSleep
            | Segment::Hibernating
            | Segment::NeedAttention => Ready::WinBack,
            Segment::Champions | Segment::Loyal | Segment::PotentialLoyalists => Ready::Thanks,
            Segment::NewCustomers | Segment::Promising => Ready::Welcome,
            Segment::Prospects => Ready::NewStock,
        }
    }
}

/// Characters left as they are in a link's query value: letters, digits and `-._~`
/// (RFC 3986's unreserved set); everything else, every byte of Indic and Urdu letters
/// included, is percent-encoded.
const QUERY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A WhatsApp link that opens a chat with `e164` (`+919876543210`) with `text` written.
pub fn whatsapp_link(e164: &str, text: &str) -> String {
    format!(
        "https://wa.me/{}?text={}",
        digits(e164),
        utf8_percent_encode(text, QUERY)
    )
}

/// An SMS link that opens the phone's messages app to `e164` with `text` written.
pub fn sms_link(e164: &str, text: &str) -> String {
    format!(
        "sms:+{}?body={}",
        digits(e164),
        utf8_percent_encode(text, QUERY)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use percent_encoding::percent_decode_str;

    fn fallback(p: Placeholder) -> String {
        format!("<{}>", p.name())
    }

    #[test]
    fn a_template_names_only_known_placeholders() {
        assert_eq!(check("Hello {name}, {offer} at {shop}"), Ok(()));
        assert_eq!(check("  "), Err(TemplateError::Empty));
        assert_eq!(
            check("Hello {nmae}"),
            Err(TemplateError::Unknown("nmae".into()))
        );
        assert_eq!(check("Hello {name"), Err(TemplateError::Unclosed));
        for p in Placeholder::ALL {
            assert_eq!(check(&format!("{{{}}}", p.name())), Ok(()), "{p:?}");
        }
    }

    #[test]
    fn known_values_are_written_and_missing_ones_fall_back() {
        let mut v = Values::default();
        v.set(Placeholder::Name, Some("आशा".into()));
        v.set(Placeholder::DueProduct, Some("  ".into()));
        let text = render(
            "नमस्ते {name}! {due_product} ख़त्म? {points} पॉइंट",
            &v,
            &fallback,
        );
        assert_eq!(text, "नमस्ते आशा! <due_product> ख़त्म? <points> पॉइंट");
        // Not a placeholder: left as written.
        assert_eq!(render("{ok} {name}", &v, &fallback), "{ok} आशा");
        assert_eq!(render("{", &v, &fallback), "{");
    }

    #[test]
    fn links_carry_the_text_percent_encoded_and_decode_to_it_exactly() {
        let text = "Asha ji, आपका तूर दाल ख़त्म? 10% off & free delivery: جلد آئیں!\nGrahak";
        let wa = whatsapp_link("+919876543210", text);
        let (base, query) = wa.split_once("?text=").unwrap();
        assert_eq!(base, "https://wa.me/919876543210");
        assert!(
            query
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"%-._~".contains(&b)),
            "{query}"
        );
        assert_eq!(percent_decode_str(query).decode_utf8().unwrap(), text);
        let sms = sms_link("+919876543210", text);
        let (base, query) = sms.split_once("?body=").unwrap();
        assert_eq!(base, "sms:+919876543210");
        assert_eq!(percent_decode_str(query).decode_utf8().unwrap(), text);
        assert!(whatsapp_link("+919876543210", "a b").ends_with("?text=a%20b"));
    }

    #[test]
    fn a_customer_s_values_come_from_the_book() {
        use crate::analysis::segments::tests::{book, product, today};
        // p50 lasts 10 days: c1 bought it twice and p51 once, the last p50 12 days ago.
        let b = book(
            2,
            &[product(50, "", Some(10)), product(51, "", None)],
            &[(1, 40, 100, &[50]), (1, 12, 100, &[50, 51])],
        );
        let mut a = Analysis::new(&b, today(), 0);
        while !a.fill_details(&b, 10) {}
        let v = values_for(&b, &a, Id(1), "Asha Stores");
        assert_eq!(v.get(Placeholder::Name), Some("c1"));
        assert_eq!(v.get(Placeholder::Shop), Some("Asha Stores"));
        assert_eq!(v.get(Placeholder::FavouriteProduct), Some("p50"));
        assert_eq!(v.get(Placeholder::DaysSinceVisit), Some("12"));
        // Their own interval for p50 is 28 days: not run out yet; nothing else is due.
        assert_eq!(v.get(Placeholder::DueProduct), None);
        assert_eq!(v.get(Placeholder::Points), None);
        // Nothing bought: only the name and the shop.
        let v = values_for(&b, &a, Id(2), "Asha Stores");
        assert_eq!(v.get(Placeholder::FavouriteProduct), None);
        assert_eq!(v.get(Placeholder::DaysSinceVisit), None);
    }

    #[test]
    fn the_suggested_message_follows_what_the_customer_needs() {
        assert_eq!(
            Ready::suggested(Segment::Champions, false, true),
            Ready::Birthday
        );
        assert_eq!(
            Ready::suggested(Segment::AtRisk, true, false),
            Ready::Refill
        );
        assert_eq!(
            Ready::suggested(Segment::CantLose, false, false),
            Ready::WinBack
        );
        assert_eq!(
            Ready::suggested(Segment::Loyal, false, false),
            Ready::Thanks
        );
        assert_eq!(
            Ready::suggested(Segment::NewCustomers, false, false),
            Ready::Welcome
        );
        assert_eq!(
            Ready::suggested(Segment::Prospects, false, false),
            Ready::NewStock
        );
    }
}
