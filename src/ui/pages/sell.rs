//! Quick sale: choose the buyer, tap products, take payment, save. A regular's last order is
//! one tap ("Repeat last order") and a second tap saves it.

use crate::analysis::loyalty::RedeemError;
use crate::book::Change;
use crate::forms::sale::{add_one, unusual_total, DraftLine, SaleDraft, SaleError};
use crate::model::id::Id;
use crate::model::money::Paise;
use crate::model::phone::display;
use crate::model::records::{Channel, Payment, Product};
use crate::storage::settings::{sale_draft, set_sale_draft};
use crate::ui::book::{local_offset_minutes, new_id, now};
use crate::ui::components::{Choices, DayInput, ErrorLine, Field, LanguageChooser, RowLink};
use crate::ui::context::{ctx, Ctx};
use crate::ui::i18n::{fill, Msg};
use crate::ui::pages::customers::CustomerForm;
use crate::ui::pages::products::ProductForm;
use crate::ui::text::{channel_label, payment_label};
use leptos::prelude::*;

/// Who the sale is for: not chosen yet, a walk-in, or a customer.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Buyer {
    Unchosen,
    WalkIn,
    Known(Id),
}

/// The buyer's name, or "Walk-in customer" (from the customers alone: shown while a big book's
/// sales are still being read).
pub(super) fn buyer_name(c: Ctx, buyer: Buyer) -> String {
    match buyer {
        Buyer::Known(id) => c
            .book
            .read_early(|b| b.customer(id).map(|x| x.name.clone()))
            .flatten()
            .unwrap_or_default(),
        _ => Msg::WalkIn.text(c.lang()).to_string(),
    }
}

/// What is wrong with a sale's day, for its field.
pub(super) fn date_error(c: Ctx, errors: RwSignal<Vec<SaleError>>) -> Signal<Option<String>> {
    Signal::derive(move || {
        errors.with(|es| {
            es.iter().find_map(|e| match e {
                SaleError::BadDate => Some(Msg::ErrBadDate.text(c.lang()).to_string()),
                SaleError::FutureDate => Some(Msg::ErrFutureDate.text(c.lang()).to_string()),
                _ => None,
            })
        })
    })
}

/// What is wrong with a sale as a whole (no lines, credit to a walk-in, a product gone).
pub(super) fn sale_error(c: Ctx, errors: RwSignal<Vec<SaleError>>) -> Signal<Option<String>> {
    Signal::derive(move || {
        errors.with(|es| {
            es.iter()
                .find_map(|e| match e {
                    SaleError::NoLines => Some(Msg::ErrNoLines),
                    SaleError::CreditNeedsCustomer => Some(Msg::ErrCreditWalkIn),
                    SaleError::UnknownProduct(_) => Some(Msg::ErrUnknownRecord),
                    _ => None,
                })
                .map(|m| m.text(c.lang()).to_string())
        })
    })
}

/// The problem with what is paid now on a credit sale, if any.
fn paid_error(c: Ctx, errors: RwSignal<Vec<SaleError>>) -> Signal<Option<String>> {
    Signal::derive(move || {
        errors.with(|es| {
            es.iter()
                .find_map(|e| match e {
                    SaleError::PaidNow(_) => Some(Msg::ErrPaidNow),
                    SaleError::PaidNowTooMuch => Some(Msg::ErrPaidNowTooMuch),
                    _ => None,
                })
                .map(|m| m.text(c.lang()).to_string())
        })
    })
}

/// The problem with the points to spend, if any.
fn points_error(c: Ctx, errors: RwSignal<Vec<SaleError>>) -> Signal<Option<String>> {
    Signal::derive(move || {
        errors.with(|es| {
            es.iter().find_map(|e| match e {
                SaleError::PointsNumber => Some(Msg::ErrPointsNumber.text(c.lang()).to_string()),
                SaleError::Points(RedeemError::Off) => {
                    Some(Msg::ErrPointsOff.text(c.lang()).to_string())
                }
                SaleError::Points(RedeemError::MoreThanHeld(n)) => Some(fill(
                    Msg::ErrPointsHeld.text(c.lang()),
                    &[("n", &c.count(*n as usize))],
                )),
                SaleError::Points(RedeemError::MoreThanAllowed(n)) => Some(fill(
                    Msg::ErrPointsAllowed.text(c.lang()),
                    &[("n", &c.count(*n as usize))],
                )),
                _ => None,
            })
        })
    })
}

/// Where the Sell screen starts: this tab's half-entered sale, if any, unless a customer's
/// "Sell" button chose someone else.
fn starting_draft(chosen: Option<Id>) -> (SaleDraft, Buyer) {
    let kept = sale_draft().and_then(|t| SaleDraft::from_text(&t));
    match (chosen, kept) {
        (Some(id), Some((d, _))) if d.customer == Some(id) => (d, Buyer::Known(id)),
        (Some(id), _) => (
            SaleDraft {
                customer: Some(id),
                ..SaleDraft::default()
            },
            Buyer::Known(id),
        ),
        (None, Some((d, chosen))) => {
            let buyer = match (chosen, d.customer) {
                (false, _) => Buyer::Unchosen,
                (true, None) => Buyer::WalkIn,
                (true, Some(id)) => Buyer::Known(id),
            };
            (d, buyer)
        }
        (None, None) => (SaleDraft::default(), Buyer::Unchosen),
    }
}

/// The sale screen; `buyer` comes chosen from a customer's "Sell" button. What is typed is
/// kept for this tab until the sale is saved or cleared: moving to another screen, or a
/// reload, does not lose it.
#[component]
pub fn SellPage(buyer: Option<Id>) -> impl IntoView {
    let c = ctx();
    let (start, start_buyer) = starting_draft(buyer);
    let buyer = RwSignal::new(start_buyer);
    let lines = RwSignal::new(start.lines);
    let payment = RwSignal::new(start.payment);
    let channel = RwSignal::new(start.channel);
    // Empty: today. Set for a sale entered late (from a notebook).
    let date = RwSignal::new(start.date);
    // On credit: what is paid now (the rest goes on the customer's credit).
    let paid_now = RwSignal::new(start.paid_now);
    let points = RwSignal::new(start.points);
    // The unusual total the seller is being asked about before it is saved.
    let confirming = RwSignal::new(None::<Paise>);
    // The credit over the buyer's limit the seller is being asked about.
    let over_limit = RwSignal::new(None::<Paise>);
    let errors = RwSignal::new(Vec::<SaleError>::new());
    let status = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // After a sale to a known customer: ask for feedback (skippable in one tap).
    let ask_feedback = RwSignal::new(None::<(Id, String)>);
    // Bumped when the lines are replaced wholesale (repeat, new buyer), so inputs show new values.
    let generation = RwSignal::new(0u32);

    let draft = move || SaleDraft {
        customer: match buyer.get() {
            Buyer::Known(id) => Some(id),
            _ => None,
        },
        lines: lines.get(),
        payment: payment.get(),
        channel: channel.get(),
        date: date.get(),
        paid_now: paid_now.get(),
        points: points.get(),
    };
    let rules = move || c.settings.with(|s| s.loyalty.clone());
    let known = move || match buyer.get() {
        Buyer::Known(id) => Some(id),
        _ => None,
    };
    // What the buyer owes before this sale.
    let owes = move || {
        known()
            .and_then(|id| {
                c.book
                    .read(|b| crate::analysis::credit::standing_of(b, id).owed)
            })
            .unwrap_or_default()
    };
    Effect::new(move |_| {
        let chosen = buyer.get() != Buyer::Unchosen;
        let d = draft();
        let keep = chosen || !d.lines.is_empty();
        set_sale_draft(keep.then(|| d.to_text(chosen)).as_deref());
    });
    let buyer_name = move || buyer_name(c, buyer.get());
    let choose = move |b: Buyer| {
        buyer.set(b);
        lines.set(Vec::new());
        generation.update(|g| *g += 1);
        errors.set(Vec::new());
        status.set(None);
        confirming.set(None);
        over_limit.set(None);
        paid_now.set(String::new());
        points.set(String::new());
    };
    let clear = move |_| {
        choose(Buyer::Unchosen);
        payment.set(Payment::Cash);
        channel.set(Channel::Stall);
        date.set(String::new());
    };
    let fill_from = move |d: SaleDraft| {
        lines.set(d.lines);
        generation.update(|g| *g += 1);
        payment.set(d.payment);
        channel.set(d.channel);
    };
    let repeat = move |_| {
        if let Buyer::Known(id) = buyer.get_untracked() {
            if let Some(d) = c.book.read(|b| SaleDraft::repeat_last(b, id)).flatten() {
                fill_from(d);
            }
        }
    };
    // A wholesale buyer's earlier orders (the last is "Repeat last order"), to repeat any.
    let earlier = move || match buyer.get() {
        Buyer::Known(id) => c
            .book
            .read(|b| {
                crate::analysis::history::recent_orders(b, id, 6)
                    .into_iter()
                    .skip(1)
                    .map(|p| {
                        let items: Vec<String> = p
                            .lines
                            .iter()
                            .filter_map(|l| b.product(l.product).map(|x| x.name.clone()))
                            .collect();
                        let text = format!(
                            "{} · {} · {}",
                            crate::ui::text::day(p.at),
                            c.money(p.total),
                            crate::ui::intl::list(c.lang(), &items)
                        );
                        (text, SaleDraft::repeat(b, &p))
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let can_repeat = move || match buyer.get() {
        Buyer::Known(id) => c
            .book
            .read(|b| SaleDraft::repeat_last(b, id).is_some())
            .unwrap_or(false),
        _ => false,
    };
    // `sure`: the seller has said an unusual total is right.
    let save = move |sure: bool| {
        if busy.get_untracked() {
            return;
        }
        let d = draft();
        let built = c
            .book
            .read_early(|b| d.build(b, &untrack(rules), new_id(), now(), local_offset_minutes()));
        let Some(built) = built else { return };
        match built {
            Err(es) => errors.set(es),
            Ok(mut purchase) => {
                purchase.by = crate::storage::settings::device_name();
                errors.set(Vec::new());
                let asked = confirming.get_untracked() == Some(purchase.total);
                let unusual = c
                    .book
                    .read_early(|b| unusual_total(b, purchase.customer, purchase.total))
                    .unwrap_or(false);
                let credit = purchase.money.credit;
                let asked_limit = over_limit.get_untracked() == Some(credit);
                let over = c
                    .book
                    .read_early(|b| {
                        let who = b.customer(purchase.customer?)?;
                        let owed = crate::analysis::credit::standing_of(b, who.meta.id).owed;
                        Some(crate::analysis::credit::over_limit(
                            owed,
                            credit,
                            who.credit_limit,
                        ))
                    })
                    .flatten()
                    .unwrap_or(false);
                if unusual && !(sure && asked) {
                    confirming.set(Some(purchase.total));
                    over_limit.set(None);
                    return;
                }
                // After the unusual total (if that was asked too): over the credit limit.
                if over && !(sure && asked_limit) {
                    over_limit.set(Some(credit));
                    return;
                }
                confirming.set(None);
                over_limit.set(None);
                busy.set(true);
                let total = purchase.total;
                let name = buyer_name();
                let who = purchase.customer;
                let change = Change {
                    purchases: vec![purchase],
                    ..Change::default()
                };
                c.book.submit(change, move |result| {
                    busy.set(false);
                    match result {
                        Ok(()) => {
                            let text = fill(
                                Msg::SaleSaved.text(c.lang()),
                                &[("total", &c.money(total)), ("name", &name)],
                            );
                            status.set(Some(text));
                            ask_feedback.set(who.map(|id| (id, name.clone())));
                            buyer.set(Buyer::Unchosen);
                            lines.set(Vec::new());
                            payment.set(Payment::Cash);
                            channel.set(Channel::Stall);
                            date.set(String::new());
                            paid_now.set(String::new());
                            points.set(String::new());
                        }
                        Err(m) => status.set(Some(m.text(c.lang()).to_string())),
                    }
                });
            }
        }
    };

    view! {
        <section class="page" data-testid="page-sell">
            <h1>{c.t(Msg::NavSell)}</h1>
            <p class="status" role="status" data-testid="sale-status">{move || status.get()}</p>
            {move || ask_feedback.get().map(|(id, name)| view! {
                <Feedback customer=id name=name on_done=Callback::new(move |saved: bool| {
                    ask_feedback.set(None);
                    if saved {
                        status.set(Some(Msg::FeedbackSaved.text(c.lang()).to_string()));
                    }
                })/>
            })}
            {move || {
                if buyer.get() == Buyer::Unchosen {
                    // The first-run card comes last: appearing once the book is read, it moves
                    // nothing the seller may be about to tap.
                    view! {
                        <BuyerPicker on_pick=Callback::new(choose)/>
                        <LanguageChooser/>
                        <TodaysSales/>
                        <FirstRun/>
                    }.into_any()
                } else {
                    view! {
                        <div class="card">
                            <div class="toolbar">
                                <strong class="buyer" data-testid="sale-buyer">{buyer_name}</strong>
                                <button type="button" on:click=move |_| choose(Buyer::Unchosen)>{c.t(Msg::Change)}</button>
                                {move || (can_repeat()).then(|| view! {
                                    <button type="button" class="primary" on:click=repeat>{c.t(Msg::RepeatLast)}</button>
                                })}
                                <button type="button" data-testid="sale-clear" on:click=clear>{c.t(Msg::ClearSale)}</button>
                            </div>
                            {move || {
                                let past = earlier();
                                (!past.is_empty()).then(|| view! {
                                    <details data-testid="earlier-orders">
                                        <summary>{c.t(Msg::RepeatPast)}</summary>
                                        <ul class="rows">
                                            {past.into_iter().map(|(text, d)| view! {
                                                <li><button type="button" class="row" on:click=move |_| fill_from(d.clone())>{text}</button></li>
                                            }).collect_view()}
                                        </ul>
                                    </details>
                                })
                            }}
                            <Lines lines=lines errors=errors generation=generation/>
                            <ProductPicker lines=lines generation=generation/>
                            <h2>{c.t(Msg::PaymentLabel)}</h2>
                            <Choices label=Msg::PaymentLabel options=Payment::ALL.to_vec() value=payment
                                text=Callback::new(move |p| payment_label(p).text(c.lang()).to_string())/>
                            // On credit: what they owe already, and what is paid now.
                            {move || (payment.get() == Payment::Credit && known().is_some()).then(|| view! {
                                <p class="hint" data-testid="sale-owes">{fill(Msg::OwesNow.text(c.lang()), &[("amount", &c.money(owes()))])}</p>
                                <Field label=Msg::PaidNow error=paid_error(c, errors)>
                                    <input name="paid-now" inputmode="decimal" autocomplete="off" bind:value=paid_now/>
                                </Field>
                            })}
                            // Loyalty: the buyer's points, and how many to spend on this bill.
                            {move || {
                                let r = rules();
                                let id = known().filter(|_| r.on)?;
                                let have = crate::ui::pages::loyalty::held(c, id).balance;
                                let most = crate::analysis::loyalty::redeem_limit(&r, draft().running_total(), have);
                                let label = fill(Msg::PointsSpend.text(c.lang()), &[("n", &c.count(most as usize))]);
                                Some(view! {
                                    <p class="hint" data-testid="sale-points">{crate::ui::pages::loyalty::held_line(c, have)}</p>
                                    {(have > 0).then(|| view! {
                                        <label class="field">
                                            <span>{label}</span>
                                            <input name="points" inputmode="numeric" autocomplete="off" bind:value=points/>
                                        </label>
                                    })}
                                })
                            }}
                            // Outside the field: also shown when the field is not (loyalty turned
                            // off in another tab while points were typed, or none held).
                            <ErrorLine error=points_error(c, errors)/>
                            <Field label=Msg::ChannelLabel>
                                <select on:change=move |ev| {
                                    let i: usize = event_target_value(&ev).parse().unwrap_or(0);
                                    channel.set(Channel::ALL.get(i).copied().unwrap_or_default());
                                }>
                                    {Channel::ALL.into_iter().enumerate().map(|(i, ch)| view! {
                                        <option value=i.to_string() selected=move || channel.get() == ch>{c.t(channel_label(ch))}</option>
                                    }).collect_view()}
                                </select>
                            </Field>
                            <Field label=Msg::FieldDate error=date_error(c, errors)>
                                <DayInput value=date/>
                            </Field>
                            <ErrorLine error=sale_error(c, errors)/>
                            // Credit refused for a walk-in: name the buyer here, and the sale
                            // is saved for them (lines and payment kept).
                            {move || (buyer.get() == Buyer::WalkIn
                                && errors.with(|es| es.contains(&SaleError::CreditNeedsCustomer)))
                                .then(|| view! {
                                    <div class="card" data-testid="name-buyer">
                                        <CustomerForm editing=None typed=String::new() on_done=Callback::new(move |saved: Option<Id>| {
                                            if let Some(id) = saved {
                                                buyer.set(Buyer::Known(id));
                                                errors.set(Vec::new());
                                                save(false);
                                            } else {
                                                errors.set(Vec::new());
                                            }
                                        })/>
                                    </div>
                                })}
                            // Kept in view at the bottom of the screen (and above the keyboard)
                            // however many lines and products there are.
                            <div class="total-bar" data-testid="sale-bar">
                                {move || over_limit.get().map(|credit| {
                                    let (name, limit) = known()
                                        .and_then(|id| c.book.read(|b| b.customer(id).map(|x| (x.name.clone(), x.credit_limit.unwrap_or_default()))).flatten())
                                        .unwrap_or_default();
                                    let after = c.money(owes() + credit);
                                    view! {
                                        <div class="confirm" role="alertdialog" data-testid="sale-over-limit">
                                            <p>{fill(Msg::OverLimitAsk.text(c.lang()), &[("name", &name), ("amount", &after), ("limit", &c.money(limit))])}</p>
                                            <div class="actions">
                                                <button type="button" class="primary" on:click=move |_| save(true)>{c.t(Msg::SaveAnyway)}</button>
                                                <button type="button" on:click=move |_| over_limit.set(None)>{c.t(Msg::CorrectIt)}</button>
                                            </div>
                                        </div>
                                    }
                                })}
                                {move || (over_limit.get().is_none()).then(|| confirming.get()).flatten().map(|total| view! {
                                    <div class="confirm" role="alertdialog" data-testid="sale-confirm">
                                        <p>{fill(Msg::ConfirmBigTotal.text(c.lang()), &[("total", &c.money(total))])}</p>
                                        <div class="actions">
                                            <button type="button" class="primary" on:click=move |_| save(true)>{c.t(Msg::YesSave)}</button>
                                            <button type="button" on:click=move |_| confirming.set(None)>{c.t(Msg::CorrectIt)}</button>
                                        </div>
                                    </div>
                                })}
                                <div class="actions total-row">
                                    <span class="total" data-testid="sale-total">
                                        {c.t(Msg::Total)} " " {move || c.money(draft().running_total())}
                                        {move || {
                                            let (off, pay, _) = draft().amounts(&rules());
                                            (off.0 > 0).then(|| view! {
                                                <span class="row-sub" data-testid="sale-points-off">{fill(Msg::PointsOff.text(c.lang()), &[("amount", &c.money(off)), ("pay", &c.money(pay))])}</span>
                                            })
                                        }}
                                        {move || {
                                            let (_, _, credit) = draft().amounts(&rules());
                                            (credit.0 > 0).then(|| view! {
                                                <span class="row-sub" data-testid="sale-credit">{fill(Msg::OnCredit.text(c.lang()), &[("amount", &c.money(credit))])}</span>
                                            })
                                        }}
                                    </span>
                                    <button type="button" class="primary big" on:click=move |_| save(false) disabled=move || busy.get()>
                                        {c.t(Msg::SaveSale)}
                                    </button>
                                </div>
                            </div>
                        </div>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

/// On an empty book: what to do first. (`index.html` draws the same card before the app's code
/// arrives, until the book has had records: noted here for it.)
#[component]
fn FirstRun() -> impl IntoView {
    let c = ctx();
    let empty = move || {
        c.book
            .read(|b| b.customers().is_empty() && b.products().is_empty())
    };
    move || {
        let empty = empty();
        if empty == Some(false) {
            crate::storage::settings::mark_book_used();
        }
        (empty == Some(true)).then(|| view! {
            <div class="card" data-testid="first-run">
                <h2>{c.t(Msg::FirstRunTitle)}</h2>
                <p>{c.t(Msg::FirstRunBody)}</p>
                <div class="actions">
                    <a class="button primary" href=crate::ui::route::Route::Products.href()>{c.t(Msg::FirstRunProducts)}</a>
                    <a class="button" href=crate::ui::route::Route::Settings.href()>{c.t(Msg::FirstRunSample)}</a>
                </div>
            </div>
        })
    }
}

/// Today's sales shown on Sell.
const TODAYS_SHOWN: usize = 10;

/// The latest sales entered today, each opening its page (to correct or void it).
#[component]
fn TodaysSales() -> impl IntoView {
    let c = ctx();
    let rows = move || {
        c.book
            .read(|b| {
                let today = now().local_date(local_offset_minutes());
                crate::analysis::history::todays_sales(
                    b,
                    today,
                    local_offset_minutes(),
                    TODAYS_SHOWN,
                )
                .into_iter()
                .map(|p| {
                    let who = p.customer.and_then(|id| b.customer(id)).map_or_else(
                        || Msg::WalkIn.text(c.lang()).to_string(),
                        |x| x.name.clone(),
                    );
                    let mut main = format!("{} · {who}", c.money(p.total));
                    if !p.meta.live() {
                        main = format!("{main} ({})", Msg::VoidedTag.text(c.lang()));
                    }
                    let items = p
                        .lines
                        .iter()
                        .filter_map(|l| b.product(l.product).map(|x| x.name.clone()))
                        .collect::<Vec<_>>();
                    let items = crate::ui::intl::list(c.lang(), &items);
                    (p.meta.id, main, items)
                })
                .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    move || {
        let rows = rows();
        (!rows.is_empty()).then(|| view! {
            <div class="card">
                <h2>{c.t(Msg::TodaysSales)}</h2>
                <ul class="rows" data-testid="todays-sales">
                    {rows.into_iter().map(|(id, main, sub)| view! {
                        <li><RowLink href=crate::ui::route::Route::Sale(id).href() main=main sub=sub/></li>
                    }).collect_view()}
                </ul>
            </div>
        })
    }
}

/// Rating 1-5 and a comment after a sale; "Skip" closes it without saving anything.
#[component]
fn Feedback(customer: Id, name: String, on_done: Callback<bool>) -> impl IntoView {
    let c = ctx();
    let rating = RwSignal::new(None::<u8>);
    let comment = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<Msg>);
    let save = move |_| match crate::forms::contact::feedback(
        customer,
        rating.get_untracked(),
        &comment.get_untracked(),
        new_id(),
        now(),
    ) {
        Ok(None) => on_done.run(false),
        Ok(Some(f)) => c.book.submit(
            Change {
                interactions: vec![f],
                ..Change::default()
            },
            move |r| match r {
                Ok(()) => on_done.run(true),
                Err(m) => failure.set(Some(m)),
            },
        ),
        Err(_) => failure.set(Some(Msg::ErrSaveFailed)),
    };
    let ask = fill(Msg::FeedbackAsk.text(c.lang()), &[("name", &name)]);
    view! {
        <div class="card" data-testid="feedback">
            <h2>{ask}</h2>
            <Choices label=Msg::FeedbackRating options=(1..=5u8).map(Some).collect() value=rating
                text=Callback::new(|n: Option<u8>| "★".repeat(usize::from(n.unwrap_or(0))))
                aria=Callback::new(move |n: Option<u8>| fill(Msg::StarsLabel.text(c.lang()), &[("n", &c.count(n.unwrap_or(0).into()))]))/>
            <Field label=Msg::FeedbackComment>
                <input bind:value=comment/>
            </Field>
            <ErrorLine error=Signal::derive(move || failure.get().map(|m| m.text(c.lang()).to_string()))/>
            <div class="actions">
                <button type="button" class="primary" on:click=save>{c.t(Msg::Save)}</button>
                <button type="button" on:click=move |_| on_done.run(false)>{c.t(Msg::Skip)}</button>
            </div>
        </div>
    }
}

/// Search, recent customers, walk-in, or a new customer.
#[component]
pub(super) fn BuyerPicker(on_pick: Callback<Buyer>) -> impl IntoView {
    let c = ctx();
    let query = RwSignal::new(String::new());
    let adding = RwSignal::new(false);
    let found = move || {
        let q = query.get();
        let ids: Vec<Id> = if q.trim().is_empty() {
            // The last few distinct buyers, newest first.
            c.book
                .read(|b| crate::analysis::history::recent_buyers(b, 6))
                .unwrap_or_default()
        } else {
            c.book.search(&q, 8)
        };
        c.book
            .read_early(|b| {
                ids.into_iter()
                    .filter_map(|id| {
                        b.customer(id).filter(|x| x.meta.live()).map(|x| {
                            (
                                id,
                                x.name.clone(),
                                x.phone.as_deref().map(display).unwrap_or_default(),
                            )
                        })
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    view! {
        <div class="card">
            <h2>{c.t(Msg::SellWho)}</h2>
            <div class="toolbar">
                <input type="search" class="search" data-testid="buyer-search" placeholder=c.t(Msg::CustomersSearch)
                    aria-label=c.t(Msg::CustomersSearch) bind:value=query/>
                <button type="button" on:click=move |_| on_pick.run(Buyer::WalkIn)>{c.t(Msg::WalkIn)}</button>
                <button type="button" on:click=move |_| adding.set(true)>{c.t(Msg::AddCustomer)}</button>
            </div>
            {move || (adding.get()).then(|| view! {
                <CustomerForm editing=None typed=query.get_untracked() on_done=Callback::new(move |saved: Option<Id>| {
                    adding.set(false);
                    if let Some(id) = saved {
                        on_pick.run(Buyer::Known(id));
                    }
                })/>
            })}
            <ul class="rows" data-testid="buyer-list">
                {move || found().into_iter().map(|(id, name, phone)| view! {
                    <li>
                        <button type="button" class="row" on:click=move |_| on_pick.run(Buyer::Known(id))>
                            <span class="row-main">{name}</span>
                            <span class="row-sub"><bdi dir="ltr">{phone}</bdi></span>
                        </button>
                    </li>
                }).collect_view()}
            </ul>
        </div>
    }
}

/// The lines of the sale, with quantity and price editable.
#[component]
pub(super) fn Lines(
    lines: RwSignal<Vec<DraftLine>>,
    errors: RwSignal<Vec<SaleError>>,
    generation: RwSignal<u32>,
) -> impl IntoView {
    let c = ctx();
    let set = move |i: usize, f: fn(&mut DraftLine, String), v: String| {
        lines.update(|ls| {
            if let Some(l) = ls.get_mut(i) {
                f(l, v);
            }
        })
    };
    // Re-render only when lines are added, removed or replaced, never while a number is typed
    // (that would recreate the input under the seller's finger and lose focus).
    let shape = Memo::new(move |_| {
        (
            generation.get(),
            lines.with(|ls| ls.iter().map(|l| l.product).collect::<Vec<_>>()),
        )
    });
    move || {
        let count = shape.with(|(_, ids)| ids.len());
        (0..count)
            .map(|i| {
                let line = lines.with_untracked(|ls| ls.get(i).cloned())?;
                let name = c.book.read_early(|b| b.product(line.product).map(|p| p.name.clone())).flatten().unwrap_or_default();
                let qty_err = move || errors.with(|es| es.iter().any(|e| matches!(e, SaleError::Qty(n, _) if *n == i)));
                let price_err = move || errors.with(|es| es.iter().any(|e| matches!(e, SaleError::Price(n, _) if *n == i)));
                Some(view! {
                    <div class="line" data-testid="sale-line">
                        <span class="line-name">{name}</span>
                        <label class="mini">
                            <span>{c.t(Msg::Qty)}</span>
                            <input inputmode="decimal" prop:value=line.qty.clone() on:input=move |ev| set(i, |l, v| l.qty = v, event_target_value(&ev))/>
                        </label>
                        <label class="mini">
                            <span>{c.t(Msg::FieldPrice)}</span>
                            <input inputmode="decimal" prop:value=line.price.clone() on:input=move |ev| set(i, |l, v| l.price = v, event_target_value(&ev))/>
                        </label>
                        <button type="button" aria-label=c.t(Msg::Remove) on:click=move |_| lines.update(|ls| { ls.remove(i); })>"×"</button>
                        <ErrorLine error=Signal::derive(move || qty_err().then(|| Msg::ErrQty.text(c.lang()).to_string()))/>
                        <ErrorLine error=Signal::derive(move || price_err().then(|| Msg::ErrPrice.text(c.lang()).to_string()))/>
                    </div>
                })
            })
            .collect_view()
    }
}

/// Product buttons (a tap adds one unit at the catalogue price, or one more to its line) and a
/// quick "new product".
#[component]
pub(super) fn ProductPicker(
    lines: RwSignal<Vec<DraftLine>>,
    generation: RwSignal<u32>,
) -> impl IntoView {
    let c = ctx();
    let adding = RwSignal::new(false);
    let add_line = move |p: &Product| {
        lines.update(|ls| add_one(ls, p.meta.id, p.price));
        // A quantity changed in place: the inputs show the new value.
        generation.update(|g| *g += 1);
    };
    let products = move || {
        c.book
            .read_early(|b| {
                b.products()
                    .iter()
                    .filter(|p| p.meta.live())
                    .cloned()
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    view! {
        <h2>{c.t(Msg::Products)}</h2>
        <div class="chips" data-testid="product-chips">
            {move || {
                let ps = products();
                if ps.is_empty() {
                    let msg = if c.book.opening() { Msg::Loading } else { Msg::NoProductsYet };
                    view! { <p class="hint">{c.t(msg)}</p> }.into_any()
                } else {
                    ps.into_iter().map(|p| {
                        let label = format!("{} · {}", p.name, c.money(Paise(p.price.0)));
                        view! { <button type="button" class="chip" on:click=move |_| add_line(&p)>{label}</button> }
                    }).collect_view().into_any()
                }
            }}
            <button type="button" class="chip" on:click=move |_| adding.set(true)>"+ " {c.t(Msg::QuickAddProduct)}</button>
        </div>
        {move || (adding.get()).then(|| view! {
            <ProductForm editing=None on_done=Callback::new(move |saved: Option<Product>| {
                adding.set(false);
                if let Some(p) = saved {
                    add_line(&p);
                }
            })/>
        })}
    }
}
