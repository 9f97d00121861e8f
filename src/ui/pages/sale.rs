//! One sale: what it was, and what happened to it since. A mistake is corrected (lines, prices,
//! payment, day, buyer) as the same sale, or the sale is voided with a reason; either way it
//! stays in the book, the change's time and reason kept with it, and every total, segment and
//! export follows at once.

use crate::book::Change;
use crate::forms::sale::{void, SaleDraft, SaleError, VoidError};
use crate::model::id::Id;
use crate::model::records::{Payment, Purchase};
use crate::storage::settings::device_name;
use crate::ui::book::{local_offset_minutes, now};
use crate::ui::components::{Choices, DayInput, ErrorLine, Field};
use crate::ui::context::{ctx, Ctx};
use crate::ui::i18n::{fill, Msg};
use crate::ui::pages::sell::{
    buyer_name, date_error, sale_error, Buyer, BuyerPicker, Lines, ProductPicker,
};
use crate::ui::route::Route;
use crate::ui::text::{channel_label, day, payment_label};
use leptos::prelude::*;

/// What the page is doing.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Showing,
    Correcting,
    Voiding,
}

/// The sale `id`, with "Correct" and "Void".
#[component]
pub fn SalePage(id: Id) -> impl IntoView {
    let c = ctx();
    let sale = Memo::new(move |_| c.book.read(|b| b.purchase(id)));
    let mode = RwSignal::new(Mode::Showing);
    let status = RwSignal::new(None::<Msg>);
    view! {
        <section class="page" data-testid="page-sale">
            <h1>{c.t(Msg::SaleTitle)}</h1>
            <p class="status" role="status" data-testid="sale-page-status">{move || status.get().map(|m| c.t(m))}</p>
            {move || match sale.get() {
                None => view! { <p class="empty">{c.t(c.book.waiting())}</p> }.into_any(),
                Some(None) => view! { <p class="empty">{c.t(Msg::NotFoundBody)}</p> }.into_any(),
                Some(Some(p)) => match mode.get() {
                    Mode::Showing => view! { <Shown sale=p mode=mode status=status/> }.into_any(),
                    Mode::Correcting => view! { <Correct sale=p mode=mode status=status/> }.into_any(),
                    Mode::Voiding => view! { <Void sale=p mode=mode status=status/> }.into_any(),
                },
            }}
        </section>
    }
}

/// The sale as it stands, its history, and what can be done with it.
#[component]
fn Shown(sale: Purchase, mode: RwSignal<Mode>, status: RwSignal<Option<Msg>>) -> impl IntoView {
    let c = ctx();
    let p = sale;
    let who = p.customer.map(|id| {
        let name = c
            .book
            .read(|b| b.customer(id).map(|x| x.name.clone()))
            .flatten()
            .unwrap_or_default();
        view! { <a class="button" href=Route::Customer(id).href() data-testid="sale-page-buyer">{name}</a> }
    });
    let lines = c
        .book
        .read(|b| {
            p.lines
                .iter()
                .map(|l| {
                    let name = b
                        .product(l.product)
                        .map(|x| x.name.clone())
                        .unwrap_or_default();
                    let qty = crate::model::money::format_fixed(l.qty.0, 3);
                    (
                        name,
                        format!("{qty} × {}", c.money(l.unit_price)),
                        c.money(l.unit_price * l.qty),
                    )
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let live = p.meta.live();
    let when = |t| day(t);
    let mut history = vec![fill(
        Msg::SaleEntered.text(c.lang()),
        &[("when", &when(p.meta.created))],
    )];
    if p.meta.updated != p.meta.created && live {
        history.push(fill(
            Msg::SaleCorrected.text(c.lang()),
            &[("when", &when(p.meta.updated))],
        ));
    }
    if let Some(d) = p.meta.deleted {
        history.push(fill(Msg::SaleVoided.text(c.lang()), &[("when", &when(d))]));
    }
    // Who made the last of these: this device, or another one sharing the book.
    if !p.by.is_empty() {
        let who = if p.by == device_name() {
            Msg::ThisDevice.text(c.lang()).to_string()
        } else {
            fill(Msg::OtherDevice.text(c.lang()), &[("code", &p.by)])
        };
        history.push(fill(Msg::SaleLastBy.text(c.lang()), &[("who", &who)]));
    }
    view! {
        <div class="card" data-testid="sale-shown">
            {(!live).then(|| view! { <p class="badge voided" data-testid="sale-voided">{c.t(Msg::Voided)}</p> })}
            <p>
                {who.map_or_else(|| view! { <span>{c.t(Msg::WalkIn)}</span> }.into_any(), |a| a.into_any())}
                " · " {day(p.at)} " · " {c.t(payment_label(p.payment))} " · " {c.t(channel_label(p.channel))}
            </p>
            <ul class="rows" data-testid="sale-page-lines">
                {lines.into_iter().map(|(name, each, total)| view! {
                    <li class="row"><span class="row-main">{name}</span><span class="row-sub">{each} " = " {total}</span></li>
                }).collect_view()}
            </ul>
            <p class="total" data-testid="sale-page-total">{c.t(Msg::Total)} " " {c.money(p.total)}</p>
            {(!p.note.is_empty()).then(|| view! {
                <p data-testid="sale-remark">{fill(Msg::SaleRemark.text(c.lang()), &[("note", &p.note)])}</p>
            })}
            <ul class="hint" data-testid="sale-history">
                {history.into_iter().map(|h| view! { <li>{h}</li> }).collect_view()}
            </ul>
            {live.then(|| view! {
                <div class="actions">
                    <button type="button" class="primary" on:click=move |_| { status.set(None); mode.set(Mode::Correcting) }>{c.t(Msg::CorrectSale)}</button>
                    <button type="button" on:click=move |_| { status.set(None); mode.set(Mode::Voiding) }>{c.t(Msg::VoidSale)}</button>
                </div>
            })}
        </div>
    }
}

/// The sale's buyer, lines, payment and day, as on Sell, and why it is corrected.
#[component]
fn Correct(sale: Purchase, mode: RwSignal<Mode>, status: RwSignal<Option<Msg>>) -> impl IntoView {
    let c = ctx();
    let start = SaleDraft::from_purchase(&sale, local_offset_minutes());
    let buyer = RwSignal::new(start.customer.map_or(Buyer::WalkIn, Buyer::Known));
    let picking = RwSignal::new(false);
    let lines = RwSignal::new(start.lines);
    let payment = RwSignal::new(start.payment);
    let date = RwSignal::new(start.date);
    let channel = start.channel;
    // What was paid at the time of a part-credit sale stays so.
    let paid_now = start.paid_now;
    let note = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<SaleError>::new());
    let failure = RwSignal::new(None::<Msg>);
    let generation = RwSignal::new(0u32);
    let busy = RwSignal::new(false);
    let original = StoredValue::new(sale);
    let buyer_name = move || buyer_name(c, buyer.get());
    let save = move |_| {
        if busy.get_untracked() {
            return;
        }
        let draft = SaleDraft {
            customer: match buyer.get_untracked() {
                Buyer::Known(id) => Some(id),
                _ => None,
            },
            lines: lines.get_untracked(),
            payment: payment.get_untracked(),
            channel,
            date: date.get_untracked(),
            paid_now: paid_now.clone(),
            points: String::new(),
        };
        let built = c.book.read(|b| {
            original.with_value(|o| {
                draft.build_correction(b, o, &note.get_untracked(), now(), local_offset_minutes())
            })
        });
        let Some(built) = built else { return };
        match built {
            Err(es) => errors.set(es),
            Ok(p) => {
                errors.set(Vec::new());
                let done = (Msg::SaleCorrectedSaved, status, mode);
                save_changed(c, p, busy, failure, done);
            }
        }
    };
    view! {
        <div class="card" data-testid="sale-correct">
            <div class="toolbar">
                <strong class="buyer" data-testid="sale-buyer">{buyer_name}</strong>
                <button type="button" on:click=move |_| picking.set(true)>{c.t(Msg::Change)}</button>
            </div>
            {move || picking.get().then(|| view! {
                <BuyerPicker on_pick=Callback::new(move |b: Buyer| {
                    if b != Buyer::Unchosen {
                        buyer.set(b);
                    }
                    picking.set(false);
                })/>
            })}
            <Lines lines=lines errors=errors generation=generation/>
            <ProductPicker lines=lines generation=generation/>
            <h2>{c.t(Msg::PaymentLabel)}</h2>
            <Choices label=Msg::PaymentLabel options=Payment::ALL.to_vec() value=payment
                text=Callback::new(move |p| payment_label(p).text(c.lang()).to_string())/>
            <Field label=Msg::FieldDate error=date_error(c, errors)>
                <DayInput value=date/>
            </Field>
            <Field label=Msg::CorrectWhy>
                <input name="why" data-testid="correct-why" bind:value=note/>
            </Field>
            <ErrorLine error=sale_error(c, errors)/>
            <ErrorLine error=Signal::derive(move || failure.get().map(|m| m.text(c.lang()).to_string()))/>
            <div class="actions">
                <span class="total" data-testid="sale-total">{c.t(Msg::Total)} " " {move || c.money(SaleDraft { lines: lines.get(), ..SaleDraft::default() }.running_total())}</span>
                <button type="button" class="primary" on:click=save disabled=move || busy.get()>{c.t(Msg::SaveCorrection)}</button>
                <button type="button" on:click=move |_| mode.set(Mode::Showing)>{c.t(Msg::Cancel)}</button>
            </div>
        </div>
    }
}

/// Saves `p`, a corrected or voided sale, as this device's change; then says `done.0` and shows
/// the sale, or puts why not in `failure`.
fn save_changed(
    c: Ctx,
    mut p: Purchase,
    busy: RwSignal<bool>,
    failure: RwSignal<Option<Msg>>,
    done: (Msg, RwSignal<Option<Msg>>, RwSignal<Mode>),
) {
    p.by = device_name();
    busy.set(true);
    let (said, status, mode) = done;
    c.book.submit(
        Change {
            edited_purchases: vec![p],
            ..Change::default()
        },
        move |r| {
            busy.set(false);
            match r {
                Ok(()) => {
                    status.set(Some(said));
                    mode.set(Mode::Showing);
                }
                Err(m) => failure.set(Some(m)),
            }
        },
    );
}

/// Asks why, then voids the sale.
#[component]
fn Void(sale: Purchase, mode: RwSignal<Mode>, status: RwSignal<Option<Msg>>) -> impl IntoView {
    let c = ctx();
    let why = RwSignal::new(String::new());
    let error = RwSignal::new(None::<Msg>);
    let busy = RwSignal::new(false);
    let sale = StoredValue::new(sale);
    let submit = move |_| {
        if busy.get_untracked() {
            return;
        }
        match sale.with_value(|s| void(s, &why.get_untracked(), now())) {
            Err(VoidError::NoReason) => error.set(Some(Msg::ErrVoidWhy)),
            Err(VoidError::AlreadyVoided) => mode.set(Mode::Showing),
            Ok(p) => {
                error.set(None);
                save_changed(c, p, busy, error, (Msg::SaleVoidedSaved, status, mode));
            }
        }
    };
    view! {
        <div class="card" data-testid="sale-void">
            <Field label=Msg::VoidWhy error=Signal::derive(move || error.get().map(|m| m.text(c.lang()).to_string()))>
                <input name="why" data-testid="void-why" bind:value=why node_ref=crate::ui::components::first_field()/>
            </Field>
            <div class="actions">
                <button type="button" class="primary" on:click=submit disabled=move || busy.get()>{c.t(Msg::VoidSale)}</button>
                <button type="button" on:click=move |_| mode.set(Mode::Showing)>{c.t(Msg::Cancel)}</button>
            </div>
        </div>
    }
}
