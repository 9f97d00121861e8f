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
use crate::model::id::Id;
use crate::model::records::InteractionKind;
use crate::model::settings::Lang;
use crate::ui::book::{local_offset_minutes, new_id, now};
use crate::ui::components::{Choices, ErrorLine};
use crate::ui::context::{ctx, Ctx};
use crate::ui::i18n::{fill, Msg};
use leptos::prelude::*;

fn ready_label(r: Ready) -> Msg {
    match r {
        Ready::WinBack => Msg::ReadyWinBack,
        Ready::Thanks => Msg::ReadyThanks,
        Ready::Welcome => Msg::ReadyWelcome,
        Ready::Refill => Msg::ReadyRefill,
        Ready::Birthday => Msg::ReadyBirthday,
        Ready::NewStock => Msg::ReadyNewStock,
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
    }
}

/// The texts of the customer's language: the interface's own when it is the same, else that
/// language's table (loaded once, from the offline cache).
#[derive(Clone)]
enum Texts {
    Interface,
    Other(Vec<String>),
}

impl Texts {
    fn get(&self, c: Ctx, m: Msg) -> String {
        match self {
            Texts::Interface => m.text(c.lang()).to_string(),
            Texts::Other(t) => t.get(m as usize).cloned().unwrap_or_default(),
        }
    }
}

/// The message card for customer `id`.
#[component]
pub fn MessageCard(id: Id) -> impl IntoView {
    let c = ctx();
    let customer = move || c.book.read(|b| b.customer(id).cloned()).flatten();
    // Their language, else the shop's.
    let lang =
        Memo::new(move |_| customer().map_or_else(|| c.lang(), |x| x.message_lang(c.lang())));
    // `Some(None)`: that language's texts cannot be had.
    let texts = RwSignal::new(None::<Option<Texts>>);
    Effect::new(move |_| {
        let lang = lang.get();
        if lang == c.lang() {
            texts.set(Some(Some(Texts::Interface)));
        } else {
            leptos::task::spawn_local(async move {
                let other = crate::ui::i18n::texts_of(lang).await.map(Texts::Other);
                texts.set(Some(other));
            });
        }
    });
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
    let text = RwSignal::new(String::new());
    // A ready-made text in their language whenever the choice or the language changes.
    Effect::new(move |_| {
        let r = chosen.get();
        if let Some(Some(t)) = texts.get() {
            text.set(t.get(c, ready_text(r)));
        }
    });
    let status = RwSignal::new(None::<Msg>);
    let error = move || match check(&text.get()) {
        Ok(()) => None,
        Err(TemplateError::Empty) => Some(Msg::ErrTemplateEmpty.text(c.lang()).to_string()),
        Err(TemplateError::Unclosed) => Some(Msg::ErrTemplateUnclosed.text(c.lang()).to_string()),
        Err(TemplateError::Unknown(name)) => {
            let list = Placeholder::ALL
                .iter()
                .map(|p| format!("{{{}}}", p.name()))
                .collect::<Vec<_>>()
                .join(" ");
            Some(fill(
                Msg::ErrTemplateUnknown.text(c.lang()),
                &[("name", &name), ("list", &list)],
            ))
        }
    };
    // What they will read: every placeholder filled, in their language.
    let preview = move || {
        let t = texts.get().flatten()?;
        let shop = c.settings.with(|s| s.shop_name.clone());
        let shop = if shop.trim().is_empty() {
            t.get(c, Msg::DefaultShopName)
        } else {
            shop
        };
        let mut values = c.book.analyse(|a, b| values_for(b, a, id, &shop))?;
        let offer = recommended(c, id, 1);
        values.set(Placeholder::RecommendedProduct, offer.into_iter().next());
        Some(render(&text.get(), &values, &|p| t.get(c, fallback_msg(p))))
    };
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
        let Some(t) = preview() else { return };
        let clipboard = js_sys::Reflect::get(&window().navigator(), &"clipboard".into()).ok();
        let write = clipboard.as_ref().and_then(|cb| {
            js_sys::Reflect::get(cb, &"writeText".into())
                .ok()
                .and_then(|f| wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(f).ok())
                .map(|f| (cb.clone(), f))
        });
        if let Some((cb, f)) = write {
            let _ = f.call1(&cb, &t.into());
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
        <div class="card" data-testid="message-card">
            <h2>{c.t(Msg::MessageTitle)}</h2>
            <Choices label=Msg::MessageTitle options=Ready::ALL.to_vec() value=chosen
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
