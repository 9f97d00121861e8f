//! Every string the interface shows, per language.
//!
//! Keys are variants of [`Msg`], so a misspelt or removed key is a compile error, and the
//! `messages!` table takes one literal per language for each key, so a missing translation is a
//! compile error too. Placeholders are written `{name}` and filled with [`fill`].
//!
//! Why not `leptos_i18n`: it brings leptos_meta, leptos-use and the ICU4X data crates into a wasm
//! budget of 250 KB gzip; what Grahak needs (a lookup and named placeholders) is this table.

pub use crate::domain::settings::Lang;

macro_rules! messages {
    ($($key:ident => { en: $en:literal $(,)? })*) => {
        /// A translatable message. See the module docs.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[allow(missing_docs)]
        pub enum Msg { $($key,)* }

        impl Msg {
            /// Every message, for tests that check the tables.
            pub const ALL: &'static [Msg] = &[$(Msg::$key,)*];

            /// The message in `lang`.
            pub fn text(self, lang: Lang) -> &'static str {
                match lang {
                    Lang::En => match self { $(Msg::$key => $en,)* },
                }
            }
        }
    };
}

messages! {
    AppName => { en: "Grahak" }
    DefaultShopName => { en: "My shop" }
    NavLabel => { en: "Sections" }
    NavSell => { en: "Sell" }
    NavCustomers => { en: "Customers" }
    NavSegments => { en: "Segments" }
    NavCampaigns => { en: "Campaigns" }
    NavInsights => { en: "Insights" }
    NavSettings => { en: "Settings" }
    EmptySell => { en: "Record a sale here: pick a customer or a walk-in, add items, take payment. Repeat a regular's last order in one tap." }
    EmptyCustomers => { en: "Your customer book will be here: search by name or phone, see each customer's visits, spending and open complaints." }
    EmptySegments => { en: "Groups of customers will be here: champions, regulars slipping away, new faces, birthdays this month, and your own groups." }
    EmptyCampaigns => { en: "Promotions will be here: choose a group, write one message, send it personally over WhatsApp or SMS." }
    EmptyInsights => { en: "Insights will be here: sales by day and product, who is due to come back, what sells together." }
    EmptySettings => { en: "Shop name, language and backups will be set here." }
    NotFoundTitle => { en: "Page not found" }
    NotFoundBody => { en: "This address does not match any screen. Your data is safe." }
    GoHome => { en: "Go to Sell" }
    CrashTitle => { en: "Something went wrong" }
    CrashBody => { en: "Your data is safe: everything saved is kept on this device. Reload to carry on." }
    Reload => { en: "Reload" }
    NoStorageTitle => { en: "This browser cannot keep your customer book" }
    NoStorageBody => { en: "Grahak stores everything on this device, but storage is blocked here (a private window, or an old browser). Open Grahak in a normal window of an up-to-date Chrome or Firefox." }
    Loading => { en: "Opening your book…" }
}

/// Replaces each `{name}` in `template` with its value from `args`. Unknown placeholders stay as
/// they are, so a translation mistake shows up on screen instead of silently dropping text.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_text_in_every_language() {
        for &lang in Lang::ALL {
            for &msg in Msg::ALL {
                assert!(
                    !msg.text(lang).trim().is_empty(),
                    "{msg:?} is empty in {lang:?}"
                );
            }
        }
    }

    #[test]
    fn fill_replaces_named_placeholders_and_keeps_unknown_ones() {
        assert_eq!(fill("Hello {name}!", &[("name", "Asha")]), "Hello Asha!");
        assert_eq!(fill("{a}{b}{a}", &[("a", "1"), ("b", "2")]), "121");
        assert_eq!(fill("{missing} stays", &[]), "{missing} stays");
        assert_eq!(fill("open { brace", &[]), "open { brace");
        assert_eq!(fill("नमस्ते {name}", &[("name", "आशा")]), "नमस्ते आशा");
    }
}
