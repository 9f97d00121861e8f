//! Credit (udhaar) on screen: a customer's balance, the age of what is unpaid and their limit,
//! with payments taken there; and the list of everyone who owes, oldest unpaid first.

use crate::analysis::credit::{standing_of, who_owes, Standing};
use crate::analysis::message::Ready;
use crate::book::Change;
use crate::forms::credit::{receive, PayError, METHODS};
use crate::model::id::Id;
use crate::model::money::Paise;
use crate::model::records::Payment;
use crate::model::time::Timestamp;
use crate::ui::book::{new_id, now, JOB_SLICE};
use crate::ui::components::{Choices, Field, Outcome, Pager, RowLink};
use crate::ui::context::{ctx, Ctx};
use crate::ui::i18n::{fill, Msg};
use crate::ui::route::Route;
use crate::ui::text::{day, payment_label};
use leptos::prelude::*;

/// "₹200, unpaid since 3 Nov (27 days)" — or "Nothing owed."
fn owes_line(c: Ctx, s: Standing) -> String {
    match s.oldest_unpaid {
        Some(since) => fill(
            Msg::CreditOwes.text(c.lang()),
            &[
                ("amount", &c.money(s.owed)),
                ("date", &day(since)),
                ("days", &age(c, since)),
            ],
        ),
        None => Msg::CreditClear.text(c.lang()).to_string(),
    }
}

/// "27 days": how long ago `since` was, in whole days.
fn age(c: Ctx, since: Timestamp) -> String {
    let days = (now().0 - since.0).max(0) / 86_400_000;
    c.counted(Msg::DaysOld, days as usize, &[])
}

/// A customer's credit: what they owe and since when, any advance and limit; a payment taken
/// here (cash or UPI; more than they owe only once the seller agrees to keep it as an
/// advance); and "Send a polite reminder", which picks the reminder in the message card.
#[component]
pub fn CreditCard(id: Id, remind: RwSignal<Option<Ready>>) -> impl IntoView {
    let c = ctx();
    let standing = move || c.book.read(|b| standing_of(b, id)).unwrap_or_default();
    let limit = move || c.book.read(|b| b.customer(id)?.credit_limit).flatten();
    let amount = RwSignal::new(String::new());
    let how = RwSignal::new(Payment::Cash);
    // The surplus the seller is being asked about.
    let surplus = RwSignal::new(None::<Paise>);
    let outcome = RwSignal::new(None::<(bool, String)>);
    let pay = move |advance_ok: bool| {
        let typed = amount.get_untracked();
        let built = c.book.read(|b| {
            receive(
                b,
                id,
                &typed,
                how.get_untracked(),
                advance_ok,
                new_id(),
                now(),
            )
        });
        surplus.set(None);
        match built {
            Some(Ok(i)) => save_contact(c, i, Msg::PaySaved, outcome, move || {
                amount.set(String::new())
            }),
            Some(Err(PayError::Surplus(more))) => {
                outcome.set(None);
                surplus.set(Some(more));
            }
            Some(Err(PayError::UnknownCustomer)) => outcome.set(Some((
                true,
                Msg::ErrUnknownRecord.text(c.lang()).to_string(),
            ))),
            Some(Err(_)) => outcome.set(Some((true, Msg::ErrPayAmount.text(c.lang()).to_string()))),
            None => {}
        }
    };
    view! {
        <form class="card" data-testid="credit-card" novalidate on:submit=move |ev| {
            ev.prevent_default();
            pay(false);
        }>
            <h2>{c.t(Msg::CreditTitle)}</h2>
            <p class="lead" data-testid="credit-owed">{move || owes_line(c, standing())}</p>
            {move || {
                let s = standing();
                (s.advance.0 > 0).then(|| view! {
                    <p data-testid="credit-advance">{fill(Msg::CreditAdvance.text(c.lang()), &[("amount", &c.money(s.advance))])}</p>
                })
            }}
            {move || limit().map(|l| view! {
                <p class="row-sub" data-testid="credit-limit">{fill(Msg::CreditLimitLine.text(c.lang()), &[("amount", &c.money(l))])}</p>
            })}
            <Field label=Msg::PayAmount>
                <input name="paid" inputmode="decimal" autocomplete="off" bind:value=amount/>
            </Field>
            <Choices label=Msg::PaymentLabel options=METHODS.to_vec() value=how
                text=Callback::new(move |p| payment_label(p).text(c.lang()).to_string())/>
            {move || surplus.get().map(|more| view! {
                <div class="confirm" role="alertdialog" data-testid="pay-surplus">
                    <p>{fill(Msg::PaySurplus.text(c.lang()), &[("amount", &c.money(more))])}</p>
                    <div class="actions">
                        <button type="button" class="primary" on:click=move |_| pay(true)>{c.t(Msg::PayKeepAdvance)}</button>
                        <button type="button" on:click=move |_| surplus.set(None)>{c.t(Msg::CorrectIt)}</button>
                    </div>
                </div>
            })}
            <Outcome outcome=Signal::derive(move || outcome.get()) testid="pay-status"/>
            <div class="actions">
                <button type="submit" class="primary">{c.t(Msg::PayRecord)}</button>
                {move || (standing().owed.0 > 0).then(|| view! {
                    <button type="button" data-testid="remind" on:click=move |_| remind.set(Some(Ready::Reminder))>
                        {c.t(Msg::RemindPolitely)}
                    </button>
                })}
            </div>
        </form>
    }
}

/// What `job` works out from the book, in slices (`work`: how many units it ticks), again
/// whenever the book changes (here or in another tab); `None` until the first answer, so that a
/// list never shows a false "none" while it is being worked out.
pub(super) fn worked_out<R: Send + Sync + 'static>(
    c: Ctx,
    work: fn(&crate::book::Book) -> u64,
    job: impl AsyncFn(&crate::book::Book, &mut crate::model::pace::Pacer<'_>) -> R + Copy + 'static,
) -> RwSignal<Option<R>> {
    let progress = RwSignal::new(None::<f64>);
    let answer = RwSignal::new(None);
    Effect::new(move |_| {
        c.book.read(|_| ());
        leptos::task::spawn_local(async move {
            if let Some(r) = c.book.long_read(progress, JOB_SLICE, work, job).await {
                answer.try_set(Some(r));
            }
        });
    });
    answer
}

/// Saves contact `i` (a payment, points given): on success runs `then` (to clear the form) and
/// says `saved` in `outcome`, else why not.
pub(super) fn save_contact(
    c: Ctx,
    i: crate::model::records::Interaction,
    saved: Msg,
    outcome: RwSignal<Option<(bool, String)>>,
    then: impl Fn() + 'static,
) {
    c.book.submit(
        Change {
            interactions: vec![i],
            ..Change::default()
        },
        move |r| {
            if r.is_ok() {
                then();
            }
            let (bad, m) = match r {
                Ok(()) => (false, saved),
                Err(m) => (true, m),
            };
            outcome.set(Some((bad, m.text(c.lang()).to_string())));
        },
    );
}

/// Rows per page of the who-owes list.
const PAGE: usize = 25;

/// Everyone who owes, oldest unpaid first, with the total owed to the shop. Worked out in
/// slices on a big book; "Working…" until then, never a false "nobody owes".
#[component]
pub fn WhoOwesPage() -> impl IntoView {
    let c = ctx();
    let list = worked_out(
        c,
        |b| b.purchases().len() as u64,
        async |b, pacer| who_owes(b, pacer).await,
    );
    let page = RwSignal::new(0usize);
    let total = move || list.with(|l| l.as_ref().map_or(0, |(v, _): &(Vec<_>, _)| v.len()));
    view! {
        <section class="page" data-testid="page-owed">
            <h1>{c.t(Msg::WhoOwesTitle)}</h1>
            {move || match list.get() {
                None => view! { <p class="empty" data-testid="owed-loading">{c.t(c.book.waiting())}</p> }.into_any(),
                Some((owing, _)) if owing.is_empty() => view! {
                    <p class="empty" data-testid="owed-none">{c.t(Msg::WhoOwesNone)}</p>
                }.into_any(),
                Some((owing, sum)) => {
                    let rows: Vec<_> = c
                        .book
                        .read(|b| {
                            owing
                                .iter()
                                .skip(page.get() * PAGE)
                                .take(PAGE)
                                .map(|o| {
                                    let name = b.customer(o.customer).map(|x| x.name.clone()).unwrap_or_default();
                                    let sub = fill(
                                        Msg::OwedRow.text(c.lang()),
                                        &[("amount", &c.money(o.owed)), ("date", &day(o.since)), ("days", &age(c, o.since))],
                                    );
                                    (Route::Customer(o.customer).href(), name, sub)
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    view! {
                        <p class="lead" data-testid="owed-total">
                            {c.counted(Msg::WhoOwesTotal, owing.len(), &[("amount", &c.money(sum))])}
                        </p>
                        <ul class="rows" data-testid="owed-list">
                            {rows.into_iter().map(|(href, main, sub)| view! {
                                <li><RowLink href=href main=main sub=sub/></li>
                            }).collect_view()}
                        </ul>
                        <Pager total=Signal::derive(total) page=page size=PAGE testid="owed-pager"/>
                    }.into_any()
                }
            }}
        </section>
    }
}
