//! What every screen can reach: the shop's settings, the language they imply, and the book.

use crate::model::settings::{Lang, Settings};
use crate::ui::book::BookCtx;
use crate::ui::i18n::{fill, Msg};
use crate::ui::intl;
use leptos::prelude::*;

/// What every screen can reach: the settings and the language they imply.
#[derive(Clone, Copy)]
pub struct Ctx {
    /// Shop settings (saved to localStorage by the Settings screen).
    pub settings: RwSignal<Settings>,
    /// The seller's book.
    pub book: BookCtx,
}

impl Ctx {
    /// The interface language.
    pub fn lang(&self) -> Lang {
        self.settings.with(|s| s.lang)
    }

    /// An amount with the shop's currency: `₹1,250.50`, `₹१,२५०.५०` or `NPR 1,250.50`.
    pub fn money(self, amount: crate::model::money::Paise) -> String {
        self.settings.with(|s| {
            let number = intl::amount(s.lang, s.native_digits, amount);
            if s.currency == "INR" {
                format!("₹{number}")
            } else {
                format!("{} {number}", s.currency)
            }
        })
    }

    /// A count as the seller reads it: `1,00,000`, or in the language's digits.
    pub fn count(self, n: usize) -> String {
        self.settings
            .with(|s| intl::whole(s.lang, s.native_digits, n as u64))
    }

    /// A counted message in the plural form `n` asks for, `{n}` filled with [`Ctx::count`] and
    /// the other placeholders from `args`.
    pub fn counted(self, msg: Msg, n: usize, args: &[(&str, &str)]) -> String {
        let count = self.count(n);
        let mut all = Vec::with_capacity(args.len() + 1);
        all.push(("n", count.as_str()));
        all.extend_from_slice(args);
        fill(msg.counted(self.lang(), n as u64), &all)
    }

    /// Switches the interface to `lang` and saves it: its texts first (nothing is saved when
    /// they cannot be had), then every screen shows it at once, with nothing typed lost.
    pub async fn choose_language(self, lang: Lang) -> bool {
        if lang != self.lang() && !crate::ui::i18n::load(lang).await {
            return false;
        }
        let mut s = self.settings.get_untracked();
        s.lang = lang;
        if crate::storage::settings::save(&s).is_err() {
            return false;
        }
        self.settings.set(s);
        true
    }

    /// A reactive translation of `msg`.
    pub fn t(self, msg: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || msg.text(self.lang())
    }
}

/// The context provided by [`App`].
pub fn ctx() -> Ctx {
    // Every view is a descendant of `App`, which provides `Ctx` before rendering anything.
    expect_context::<Ctx>()
}
