//! What every screen can reach: the shop's settings, the language they imply, and the book.

use crate::model::settings::{Lang, Settings};
use crate::ui::book::BookCtx;
use crate::ui::i18n::Msg;
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

    /// An amount with the shop's currency: `₹1,250.50`, or `NPR 1,250.50`.
    pub fn money(self, amount: crate::model::money::Paise) -> String {
        self.settings.with(|s| {
            if s.currency == "INR" {
                format!("₹{}", amount.format())
            } else {
                format!("{} {}", s.currency, amount.format())
            }
        })
    }

    /// A count as the seller reads it: `1,00,000`.
    pub fn count(self, n: usize) -> String {
        crate::model::money::group(n as u64)
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
