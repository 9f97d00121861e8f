//! A personal message to one customer, on their page: a ready-made text chosen for them (a
//! refill, a win-back, thanks…) in their own language, editable, shown as they will read it,
//! and sent from the seller's phone through a WhatsApp or SMS link; each send is logged on
//! their timeline.

use crate::analysis::message::{
    check, render, sms_link, values_for, whatsapp_link, Placeholder, Ready, TemplateError,
};
use crate::analysis::segments::Builtin;
use crate::book::Change;
use crate::forms::contact;
use crate::model::campaign::Offer;
use crate::model::id::Id;
use crate::model::records::InteractionKind;
use crate::model::settings::Lang;
use crate::ui::book::{local_offset_minutes, new_id, now};
use crate::ui::components::{Choices, ErrorLine};
use crate::ui::context::{ctx, Ctx};
use crate::ui::i18n::{fill, Msg};
use leptos::prelude::*;

/// A ready-made message's name on its button.
pub fn ready_label(r: Ready) -> Msg {
    match r {
        Ready::WinBack => Msg::ReadyWinBack,
        Ready::Thanks => Msg::ReadyThanks,
        Ready::Welcome => Msg::ReadyWelcome,
        Ready::Refill => Msg::ReadyRefill,
        Ready::Birthday => Msg::ReadyBirthday,
        Ready::NewStock => Msg::ReadyNewStock,
        Ready::Reminder => Msg::ReadyReminder,
    }
}

fn ready_text(r: Ready) -> Msg {
    match r {
        Ready::WinBack => Msg::TplWinBack,
        Ready::Thanks => Msg::TplThanks,
        Ready::Welcome => Msg::TplWelcome,
        Ready::Refill => Msg::TplRefill,
        Ready::Birthday => Msg::TplBirthday,
        Ready::NewStock => Msg::TplNewStock,
        Ready::Reminder => Msg::TplReminder,
    }
}

fn fallback_msg(p: Placeholder) -> Msg {
    match p {
        Placeholder::Name => Msg::FbName,
        Placeholder::Shop => Msg::FbShop,
        Placeholder::Offer => Msg::FbOffer,
        Placeholder::FavouriteProduct => Msg::FbFavourite,
        Placeholder::RecommendedProduct => Msg::FbRecommended,
        Placeholder::DaysSinceVisit => Msg::FbDays,
        Placeholder::DueProduct => Msg::FbDue,
        Placeholder::Points => Msg::FbPoints,
        Placeholder::Owed => Msg::FbOwed,
    }
}

/// Message tables of languages other than the interface's, each loaded once (from the offline
/// cache) and one at a time: loading one swaps the page's table for a moment.
#[derive(Clone, Copy)]
pub struct Tables(RwSignal<Vec<(Lang, Option<Vec<String>>)>>);

thread_local! {
    static QUEUE: std::cell::RefCell<(Vec<(Lang, Tables)>, bool)> =
        const { std::cell::RefCell::new((Vec::new(), false)) };
}

impl Tables {
    /// None loaded yet.
    pub fn new() -> Tables {
        Tables(RwSignal::new(Vec::new()))
    }

    /// Loads `lang`'s table unless it is the interface's or already asked for.
    pub fn need(self, c: Ctx, lang: Lang) {
        if lang == c.lang() || self.0.with_untracked(|v| v.iter().any(|(l, _)| *l == lang)) {
            return;
        }
        self.0.update(|v| v.push((lang, None)));
        let start = QUEUE.with(|q| {
            let mut q = q.borrow_mut();
            q.0.push((lang, self));
            !std::mem::replace(&mut q.1, true)
        });
        if start {
            leptos::task::spawn_local(async move {
                while let Some((lang, t)) = QUEUE.with(|q| q.borrow_mut().0.pop()) {
                    let texts = crate::ui::i18n::texts_of(lang).await;
                    t.0.try_update(|v| {
                        if let Some(e) = v.iter_mut().find(|(l, _)| *l == lang) {
                            e.1 = Some(texts.unwrap_or_default());
                        }
                    });
                }
                QUEUE.with(|q| q.borrow_mut().1 = false);
            });
        }
    }

    /// `m` in `lang`; `None` while its table is loading (a table that cannot be had gives
    /// empty texts).
    pub fn get(self, c: Ctx, lang: Lang, m: Msg) -> Option<String> {
        if lang == c.lang() {
            return Some(m.text(lang).to_string());
        }
        self.0.with(|v| {
            v.iter()
                .find(|(l, _)| *l == lang)
                .and_then(|(_, t)| t.as_ref())
                .map(|t| t.get(m as usize).cloned().unwrap_or_default())
        })
    }
}

/// The ready-made text `r` in `lang` (`None` while its table loads).
pub fn ready_text_in(c: Ctx, tables: Tables, lang: Lang, r: Ready) -> Option<String> {
    tables.get(c, lang, ready_text(r))
}

/// What customer `id` reads for `template` in `lang`: every placeholder filled from the book,
/// `offer` and what goes with their buying, missing values with `lang`'s fallbacks. `None`
/// while `lang`'s table or the analysis is not ready.
pub fn personal(
    c: Ctx,
    tables: Tables,
    lang: Lang,
    id: Id,
    template: &str,
    offer: &Offer,
) -> Option<String> {
    let get = |m: Msg| tables.get(c, lang, m);
    let shop = c.settings.with(|s| s.shop_name.clone());
    let shop = if shop.trim().is_empty() {
        get(Msg::DefaultShopName)?
    } else {
        shop
    };
    let mut values = c.book.analyse(|a, b| values_for(b, a, id, &shop))?;
    values.set(
        Placeholder::RecommendedProduct,
        recommended(c, id, 1).into_iter().next(),
    );
    values.set(Placeholder::Offer, offer_words(c, tables, lang, offer));
    let owed = c
        .book
        .read(|b| crate::analysis::credit::standing_of(b, id).owed)
        .unwrap_or_default();
    values.set(Placeholder::Owed, (owed.0 > 0).then(|| c.money(owed)));
    let held = crate::ui::pages::loyalty::held(c, id).balance;
    values.set(Placeholder::Points, Some(c.count(held as usize)));
    // Fallbacks are read before rendering: `render` takes a plain function.
    let fallbacks: Vec<(Placeholder, String)> = Placeholder::ALL
        .iter()
        .map(|p| Some((*p, get(fallback_msg(*p))?)))
        .collect::<Option<_>>()?;
    Some(render(template, &values, &|p| {
        fallbacks
            .iter()
            .find(|(q, _)| *q == p)
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    }))
}

/// An offer in words, in `lang` ("10% off"); `None` for no offer.
pub fn offer_words(c: Ctx, tables: Tables, lang: Lang, offer: &Offer) -> Option<String> {
    let (m, value) = match offer {
        Offer::None => return None,
        Offer::PercentOff(p) => (Msg::OfferWordsPercent, p.to_string()),
        Offer::AmountOff(a) => (
            Msg::OfferWordsAmount,
            crate::ui::intl::amount(lang, false, *a),
        ),
        Offer::BonusPoints(n) => (Msg::OfferWordsPoints, n.to_string()),
        Offer::FreeItem(item) => (Msg::OfferWordsFree, item.clone()),
    };
    Some(fill(
        &tables.get(c, lang, m)?,
        &[("n", &value), ("item", &value)],
    ))
}

/// What is wrong with a message template, in the seller's words.
pub fn template_error(c: Ctx, e: TemplateError) -> String {
    match e {
        TemplateError::Empty => Msg::ErrTemplateEmpty.text(c.lang()).to_string(),
        TemplateError::Unclosed => Msg::ErrTemplateUnclosed.text(c.lang()).to_string(),
        TemplateError::Unknown(name) => {
            let list = Placeholder::ALL
                .iter()
                .map(|p| format!("{{{}}}", p.name()))
                .collect::<Vec<_>>()
                .join(" ");
            fill(
                Msg::ErrTemplateUnknown.text(c.lang()),
                &[("name", &name), ("list", &list)],
            )
        }
    }
}

/// Copies `text` to the clipboard; `true` when the browser took it.
pub fn copy_text(text: &str) -> bool {
    let clipboard = js_sys::Reflect::get(&window().navigator(), &"clipboard".into()).ok();
    let write = clipboard.as_ref().and_then(|cb| {
        js_sys::Reflect::get(cb, &"writeText".into())
            .ok()
            .and_then(|f| wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(f).ok())
            .map(|f| (cb.clone(), f))
    });
    match write {
        Some((cb, f)) => f.call1(&cb, &text.into()).is_ok(),
        None => false,
    }
}

/// The message card for customer `id`; `pick` chooses a ready-made text from elsewhere on the
/// page (the credit card's "Send a polite reminder") and brings the card into view.
#[component]
pub fn MessageCard(
    id: Id,
    #[prop(optional)] pick: Option<RwSignal<Option<Ready>>>,
) -> impl IntoView {
    let c = ctx();
    let customer = move || c.book.read(|b| b.customer(id).cloned()).flatten();
    // Their language, else the shop's.
    let lang =
        Memo::new(move |_| customer().map_or_else(|| c.lang(), |x| x.message_lang(c.lang())));
    let tables = Tables::new();
    Effect::new(move |_| tables.need(c, lang.get()));
    let suggested = move || {
        c.book
            .analyse(|a, b| {
                let x = b.customer(id)?;
                let birthday = a.is_member(b, x, Builtin::BirthdayThisMonth) == Some(true);
                let due = !a.due_products(b, id).is_empty();
                Some(Ready::suggested(a.segment(b, id), due, birthday))
            })
            .flatten()
            .unwrap_or(Ready::NewStock)
    };
    let chosen = RwSignal::new(untrack(suggested));
    let card = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(r) = pick.and_then(|p| p.get()) {
            chosen.set(r);
            if let Some(el) = card.get_untracked() {
                el.scroll_into_view();
            }
        }
    });
    let text = RwSignal::new(String::new());
    // A ready-made text in their language whenever the choice or the language changes.
    Effect::new(move |_| {
        if let Some(t) = ready_text_in(c, tables, lang.get(), chosen.get()) {
            text.set(t);
        }
    });
    let status = RwSignal::new(None::<Msg>);
    let error = move || check(&text.get()).err().map(|e| template_error(c, e));
    // What they will read: every placeholder filled, in their language.
    let preview = move || personal(c, tables, lang.get(), id, &text.get(), &Offer::None);
    let phone = move || customer().and_then(|x| x.phone);
    // The send is logged as a message on their timeline (the link then opens the app).
    let log = move |_| {
        let Some(note) = preview() else { return };
        let made = c
            .book
            .read(|b| contact::log(b, id, InteractionKind::Message, &note, new_id(), now()))
            .and_then(Result::ok);
        if let Some(i) = made {
            let change = Change {
                interactions: vec![i],
                ..Change::default()
            };
            c.book.submit(change, move |r| {
                status.set(Some(r.err().unwrap_or(Msg::MessageLogged)))
            });
        }
    };
    let copy = move |_| {
        if preview().is_some_and(|t| copy_text(&t)) {
            status.set(Some(Msg::MessageCopied));
        }
    };
    let label = move || {
        fill(
            Msg::MessageText.text(c.lang()),
            &[("lang", lang.get().native_name())],
        )
    };
    view! {
        <div class="card" data-testid="message-card" node_ref=card>
            <h2>{c.t(Msg::MessageTitle)}</h2>
            <Choices label=Msg::MessageTitle options=[&Ready::ALL[..], &[Ready::Reminder]].concat() value=chosen
                text=Callback::new(move |r| ready_label(r).text(c.lang()).to_string())/>
            <label class="field">
                <span>{label}</span>
                <textarea name="message" rows="3" lang=move || lang.get().code()
                    dir=move || if lang.get() == Lang::Ur { "rtl" } else { "auto" }
                    bind:value=text></textarea>
            </label>
            <ErrorLine error=Signal::derive(error)/>
            <p class="hint">{c.t(Msg::MessagePreview)}</p>
            <p class="preview" data-testid="message-preview" lang=move || lang.get().code()>{preview}</p>
            <div class="actions">
                {move || match (phone(), error().is_none(), preview()) {
                    (Some(p), true, Some(t)) => view! {
                        <a class="button primary" data-testid="send-whatsapp" href=whatsapp_link(&p, &t)
                            target="_blank" rel="noopener noreferrer" on:click=log>{c.t(Msg::SendWhatsApp)}</a>
                        <a class="button" data-testid="send-sms" href=sms_link(&p, &t) on:click=log>{c.t(Msg::SendSms)}</a>
                    }.into_any(),
                    (None, _, _) => view! { <span class="hint">{c.t(Msg::NoPhoneCopy)}</span> }.into_any(),
                    _ => ().into_any(),
                }}
                <button type="button" on:click=copy disabled=move || error().is_some()>{c.t(Msg::CopyMessage)}</button>
            </div>
            <p class="status" role="status" data-testid="message-status">{move || status.get().map(|m| m.text(c.lang()))}</p>
        </div>
    }
}

/// Up to `n` products to offer customer `id` (what goes with their buying, not bought lately),
/// by name; none until the table of products that go together is worked out.
pub fn recommended(c: Ctx, id: Id, n: usize) -> Vec<String> {
    let today = now().local_date(local_offset_minutes());
    c.book
        .together(|t, b| {
            t.recommend(b, id, today, local_offset_minutes(), n)
                .into_iter()
                .filter_map(|p| b.product(p).map(|x| x.name.clone()))
                .collect()
        })
        .unwrap_or_default()
}
