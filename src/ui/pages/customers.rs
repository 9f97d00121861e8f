//! The customer book: search, add, edit, and one customer's page.

use crate::analysis::history::{self, Event};
use crate::analysis::members::{customer_page, ListOrder};
use crate::analysis::metrics::Metrics;
use crate::book::Change;
use crate::forms::contact::{self, LogError};
use crate::forms::customer::{CustomerInput, FieldError};
use crate::model::id::Id;
use crate::model::phone::{display, PhoneError};
use crate::model::records::{Consent, Customer, CustomerKind, Interaction, InteractionKind, Money};
use crate::model::settings::Lang;
use crate::ui::book::{local_offset_minutes, new_id, now};
use crate::ui::components::{
    first_field, Choices, DeleteButton, ErrorLine, Field, Outcome, Pager, RowLink,
};
use crate::ui::context::{ctx, Ctx};
use crate::ui::i18n::{fill, Msg};
use crate::ui::route::Route;
use crate::ui::text::{day, kind_label, payment_label, segment_label};
use leptos::prelude::*;
use std::cell::RefCell;

/// Customers per page of the list.
const PAGE: usize = 50;

/// How long "Undo" stays after a delete.
const UNDO_MS: i32 = 8000;

thread_local! {
    // The customer just deleted, for the list's "Undo" (the page that deleted them is gone).
    static UNDO: RefCell<Option<Customer>> = const { RefCell::new(None) };
}

/// The customer list with search and "add".
#[component]
pub fn CustomersPage() -> impl IntoView {
    let c = ctx();
    let query = RwSignal::new(String::new());
    let adding = RwSignal::new(false);
    let undo = RwSignal::new(UNDO.with(|u| u.borrow_mut().take()));
    let undo_failure = RwSignal::new(None::<Msg>);
    if undo.get_untracked().is_some() {
        set_timeout(
            move || undo.set(None),
            std::time::Duration::from_millis(UNDO_MS as u64),
        );
    }
    let restore = move |_| {
        if let Some(mut back) = undo.get_untracked() {
            undo.set(None);
            back.meta = back.meta.undeleted(now());
            c.book.submit(
                Change {
                    customers: vec![back],
                    ..Change::default()
                },
                move |r| {
                    if let Err(m) = r {
                        undo_failure.set(Some(m));
                    }
                },
            );
        }
    };
    let page = RwSignal::new(0usize);
    let order = RwSignal::new(ListOrder::Newest);
    // A new search or order starts at its first page.
    Effect::new(move |old: Option<(String, ListOrder)>| {
        let now = (query.get(), order.get());
        if old.is_some_and(|old| old != now) {
            page.set(0);
        }
        now
    });
    // (how many match, this page's customers): only one page is ever drawn.
    let found = Memo::new(move |_| {
        let q = query.get();
        let skip = page.get() * PAGE;
        let (total, ids) = if q.trim().is_empty() {
            // Newest first (the customer just added is on top) and by name need the customers
            // only: shown while a big book's sales are still being read. By last visit waits
            // for the analysis ("Working…").
            let o = order.get();
            let page = match o {
                ListOrder::LastVisit => c
                    .book
                    .analyse(|a, b| customer_page(b, Some(a), o, skip, PAGE))
                    .flatten(),
                _ => c
                    .book
                    .read_early(|b| customer_page(b, None, o, skip, PAGE))
                    .flatten(),
            };
            page.unwrap_or_default()
        } else {
            c.book.search_page(&q, skip, PAGE)
        };
        let rows: Vec<Customer> = c
            .book
            .read_early(|b| {
                ids.into_iter()
                    .filter_map(|id| b.customer(id).cloned())
                    .collect()
            })
            .unwrap_or_default();
        (total, rows)
    });
    let rows = move || found.with(|f| f.1.clone());
    view! {
        <section class="page" data-testid="page-customers">
            <h1>{c.t(Msg::NavCustomers)}</h1>
            {move || undo.get().map(|gone| view! {
                <div class="notice" role="status" data-testid="undo">
                    <span>{fill(Msg::Deleted.text(c.lang()), &[("name", &gone.name)])}</span>
                    <button type="button" on:click=restore>{c.t(Msg::Undo)}</button>
                </div>
            })}
            <ErrorLine error=Signal::derive(move || undo_failure.get().map(|m| m.text(c.lang()).to_string()))/>
            <div class="toolbar">
                <input
                    type="search"
                    class="search"
                    data-testid="customer-search"
                    placeholder=c.t(Msg::CustomersSearch)
                    aria-label=c.t(Msg::CustomersSearch)
                    bind:value=query
                />
                <button type="button" class="primary" on:click=move |_| adding.set(true)>
                    {c.t(Msg::AddCustomer)}
                </button>
                <a class="button" href=Route::Owed.href() data-testid="who-owes">{c.t(Msg::WhoOwesTitle)}</a>
                <a class="button" href=Route::Reorder.href() data-testid="reorder-due">{c.t(Msg::ReorderTitle)}</a>
            </div>
            {move || (adding.get()).then(|| view! {
                <CustomerForm
                    editing=None
                    typed=query.get_untracked()
                    on_done=Callback::new(move |saved: Option<Id>| {
                        adding.set(false);
                        if saved.is_some() {
                            query.set(String::new());
                        }
                    })
                />
            })}
            {move || query.with(|q| q.trim().is_empty()).then(|| view! {
                {all_open_issues(c)}
                <Choices label=Msg::SortBy options=ListOrder::ALL.to_vec() value=order
                    text=Callback::new(move |o| order_label(o).text(c.lang()).to_string())/>
            })}
            <Pager total=Signal::derive(move || found.with(|f| f.0)) page=page size=PAGE testid="customer-pager"/>
            {move || {
                let list = rows();
                if list.is_empty() {
                    let msg = if c.book.opening() {
                        Msg::Loading
                    } else if order.get() == ListOrder::LastVisit && query.with(|q| q.trim().is_empty()) && c.book.analyse(|_, _| ()).is_none() {
                        Msg::Working
                    } else if query.with(|q| q.trim().is_empty()) {
                        Msg::NoCustomersYet
                    } else {
                        Msg::NoMatches
                    };
                    view! { <p class="empty">{c.t(msg)}</p> }.into_any()
                } else {
                    let open = c.book.read_early(history::open_counts).unwrap_or_default();
                    view! {
                        <ul class="rows" data-testid="customer-list">
                            {list.into_iter().map(|x| {
                                let n = open.get(&x.meta.id).copied().unwrap_or(0);
                                row(c, x, n)
                            }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

fn order_label(o: ListOrder) -> Msg {
    match o {
        ListOrder::Newest => Msg::SortNewest,
        ListOrder::Name => Msg::ColName,
        ListOrder::LastVisit => Msg::StatLastVisit,
    }
}

/// Open issues listed on the customer list (the oldest; each customer's page has theirs).
const ISSUES_SHOWN: usize = 50;

/// The open complaints and warranty claims, oldest first, each linking to its customer.
fn all_open_issues(c: Ctx) -> impl IntoView {
    let (total, issues): (usize, Vec<(Id, String)>) = c
        .book
        .read_early(|b| {
            let all = history::open_issues(b);
            let shown = all
                .iter()
                .take(ISSUES_SHOWN)
                .map(|i| {
                    let who = b.customer(i.customer).map_or("", |x| x.name.as_str());
                    let kind = kind_label(i.kind).text(c.lang());
                    (
                        i.customer,
                        format!("{} · {who} · {kind}: {}", day(i.at), i.note),
                    )
                })
                .collect();
            (all.len(), shown)
        })
        .unwrap_or_default();
    (!issues.is_empty()).then(|| {
        view! {
            <details class="card" data-testid="all-open-issues">
                <summary>{c.t(Msg::OpenIssues)} " (" {c.count(total)} ")"</summary>
                <ul class="rows">
                    {issues.into_iter().map(|(id, text)| view! {
                        <li><a class="row" href=Route::Customer(id).href()><span class="row-main">{text}</span></a></li>
                    }).collect_view()}
                </ul>
            </details>
        }
    })
}

fn row(c: Ctx, x: Customer, open: usize) -> impl IntoView {
    view! {
        <li>
            <a class="row" href=Route::Customer(x.meta.id).href()>
                <span class="row-main">{x.name.clone()}
                    {(open > 0).then(|| view! { <span class="badge">{fill(Msg::OpenBadge.text(c.lang()), &[("n", &c.count(open))])}</span> })}
                </span>
                <span class="row-sub"><bdi dir="ltr">{x.phone.as_deref().map(display).unwrap_or_default()}</bdi> " " {x.area.clone()}</span>
            </a>
        </li>
    }
}

/// Add or edit a customer. Calls `on_done` with the saved id, or `None` on cancel. A new
/// customer starts from `typed`, what was typed in a search (a name, or a number), with the
/// cursor in the name.
#[component]
pub fn CustomerForm(
    editing: Option<Customer>,
    on_done: Callback<Option<Id>>,
    #[prop(optional, into)] typed: String,
) -> impl IntoView {
    let c = ctx();
    let start = editing
        .as_ref()
        .map(CustomerInput::from_customer)
        .unwrap_or_else(|| CustomerInput::from_search(&typed));
    let first = first_field();
    let name = RwSignal::new(start.name.clone());
    let phone = RwSignal::new(start.phone.clone());
    let area = RwSignal::new(start.area.clone());
    let wholesale = RwSignal::new(start.kind == CustomerKind::Wholesale);
    let whatsapp = RwSignal::new(start.whatsapp);
    let sms = RwSignal::new(start.sms);
    let notes = RwSignal::new(start.notes.clone());
    let language = RwSignal::new(start.language.map_or("", |l| l.code()).to_string());
    let limit = RwSignal::new(start.credit_limit.clone());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<Msg>);
    let busy = RwSignal::new(false);
    let editing = StoredValue::new(editing);
    let title = if editing.with_value(Option::is_some) {
        Msg::EditCustomer
    } else {
        Msg::NewCustomer
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let input = CustomerInput {
            name: name.get_untracked(),
            phone: phone.get_untracked(),
            area: area.get_untracked(),
            kind: if wholesale.get_untracked() {
                CustomerKind::Wholesale
            } else {
                CustomerKind::Retail
            },
            whatsapp: whatsapp.get_untracked(),
            sms: sms.get_untracked(),
            notes: notes.get_untracked(),
            language: Lang::from_code(&language.get_untracked()),
            credit_limit: limit.get_untracked(),
        };
        let cc = c
            .settings
            .with_untracked(|s| s.default_country_code.clone());
        let built = c
            .book
            .read(|b| editing.with_value(|e| input.build(b, e.as_ref(), new_id(), now(), &cc)));
        let Some(built) = built else { return };
        match built {
            Err(es) => {
                if es.contains(&FieldError::ChangedElsewhere) {
                    failure.set(Some(Msg::ErrChangedElsewhere));
                }
                errors.set(es);
            }
            Ok(customer) => {
                errors.set(Vec::new());
                busy.set(true);
                let id = customer.meta.id;
                c.book.submit(
                    Change {
                        customers: vec![customer],
                        ..Change::default()
                    },
                    move |result| {
                        busy.set(false);
                        match result {
                            Ok(()) => on_done.run(Some(id)),
                            Err(m) => failure.set(Some(m)),
                        }
                    },
                );
            }
        }
    };

    let name_error = Signal::derive(move || {
        errors.with(|es| {
            es.iter().find_map(|e| match e {
                FieldError::NameEmpty => Some(Msg::ErrEmptyName.text(c.lang()).to_string()),
                FieldError::NameTooLong => Some(Msg::ErrNameTooLong.text(c.lang()).to_string()),
                _ => None,
            })
        })
    });
    // Whose number it is, with a link to them: a page of its own, not just a message.
    let phone_owner = move || {
        errors.with(|es| {
            es.iter().find_map(|e| match e {
                FieldError::PhoneTaken(owner) => Some(*owner),
                _ => None,
            })
        })
    };
    let phone_error = Signal::derive(move || {
        let lang = c.lang();
        errors.with(|es| {
            es.iter().find_map(|e| match e {
                FieldError::Phone(PhoneError::Characters) => {
                    Some(Msg::ErrPhoneCharacters.text(lang).to_string())
                }
                FieldError::Phone(PhoneError::IndianMobile) => {
                    Some(Msg::ErrPhoneIndian.text(lang).to_string())
                }
                FieldError::Phone(PhoneError::Length) => {
                    Some(Msg::ErrPhoneLength.text(lang).to_string())
                }
                FieldError::PhoneTaken(owner) => {
                    let who = c
                        .book
                        .read(|b| b.customer(*owner).map(|x| x.name.clone()))
                        .flatten()
                        .unwrap_or_default();
                    Some(fill(Msg::ErrPhoneTaken.text(lang), &[("name", &who)]))
                }
                _ => None,
            })
        })
    });
    let failure = Signal::derive(move || failure.get().map(|m| m.text(c.lang()).to_string()));
    let limit_error = Signal::derive(move || {
        errors
            .with(|es| es.contains(&FieldError::CreditLimit))
            .then(|| Msg::ErrCreditLimit.text(c.lang()).to_string())
    });

    view! {
        <form class="card" on:submit=submit novalidate data-testid="customer-form">
            <h2>{c.t(title)}</h2>
            <Field label=Msg::FieldName error=name_error>
                <input name="name" autocomplete="off" bind:value=name node_ref=first/>
            </Field>
            <Field label=Msg::FieldPhone error=phone_error>
                <input name="phone" type="tel" inputmode="tel" autocomplete="off" bind:value=phone/>
            </Field>
            {move || phone_owner().map(|owner| {
                let who = c.book.read(|b| b.customer(owner).map(|x| x.name.clone())).flatten().unwrap_or_default();
                view! { <a href=Route::Customer(owner).href()>{fill(Msg::OpenCustomer.text(c.lang()), &[("name", &who)])}</a> }
            })}
            <Field label=Msg::FieldArea>
                <input name="area" bind:value=area/>
            </Field>
            <label class="check">
                <input type="checkbox" name="wholesale" bind:checked=wholesale/>
                <span>{c.t(Msg::KindWholesale)}</span>
            </label>
            <label class="check">
                <input type="checkbox" name="whatsapp" bind:checked=whatsapp/>
                <span>{c.t(Msg::ConsentWhatsApp)}</span>
            </label>
            <label class="check">
                <input type="checkbox" name="sms" bind:checked=sms/>
                <span>{c.t(Msg::ConsentSms)}</span>
            </label>
            <Field label=Msg::FieldNotes>
                <textarea name="notes" rows="2" bind:value=notes></textarea>
            </Field>
            <Field label=Msg::FieldLanguage>
                <select name="language" bind:value=language>
                    <option value="">{c.t(Msg::LanguageOfShop)}</option>
                    {Lang::ALL
                        .iter()
                        .map(|l| view! { <option value=l.code() lang=l.code()>{l.native_name()}</option> })
                        .collect_view()}
                </select>
            </Field>
            <Field label=Msg::FieldCreditLimit error=limit_error>
                <input name="credit-limit" inputmode="decimal" autocomplete="off" bind:value=limit/>
            </Field>
            <ErrorLine error=failure/>
            <div class="actions">
                <button type="submit" class="primary" disabled=move || busy.get()>{c.t(Msg::Save)}</button>
                <button type="button" on:click=move |_| on_done.run(None)>{c.t(Msg::Cancel)}</button>
            </div>
        </form>
    }
}

/// Sales and contacts per page of the history.
const HISTORY_PAGE: usize = 30;

/// Sales and contacts, newest first, a page at a time.
fn timeline(c: Ctx, id: Id, page: RwSignal<usize>) -> impl IntoView {
    let skip = page.get() * HISTORY_PAGE;
    // (the sale's page, if a sale; what and when; details)
    let (total, rows): (usize, Vec<(Option<Id>, String, String)>) = c
        .book
        .read(|b| {
            let all = history::timeline(b, id, usize::MAX);
            let rows = all
                .iter()
                .skip(skip)
                .take(HISTORY_PAGE)
                .map(|e| match e {
                    Event::Sale(p) => {
                        let items = p
                            .lines
                            .iter()
                            .filter_map(|l| b.product(l.product).map(|pr| pr.name.clone()))
                            .collect::<Vec<_>>();
                        let items = crate::ui::intl::list(c.lang(), &items);
                        // How it was paid, so that a credit sale reads as one.
                        let mut main = format!(
                            "{} · {} · {}",
                            day(p.at),
                            c.money(p.total),
                            payment_label(p.payment).text(c.lang())
                        );
                        // Part paid now: how much was left on credit.
                        if p.money.credit.0 > 0 && p.money.credit != p.to_pay() {
                            main = format!(
                                "{main} · {}",
                                fill(
                                    Msg::OnCredit.text(c.lang()),
                                    &[("amount", &c.money(p.money.credit))]
                                )
                            );
                        }
                        if !p.meta.live() {
                            main = format!("{main} ({})", Msg::VoidedTag.text(c.lang()));
                        }
                        (Some(p.meta.id), main, items)
                    }
                    Event::Contact(i) => {
                        let mut what = kind_label(i.kind).text(c.lang()).to_string();
                        if let Some(r) = i.rating {
                            what = format!("{what} {}", "★".repeat(usize::from(r)));
                        }
                        match i.money {
                            Some(Money::Paid(amount, by)) => {
                                what = format!(
                                    "{what} · {} · {}",
                                    c.money(amount),
                                    payment_label(by).text(c.lang())
                                );
                            }
                            Some(Money::Points(n, _)) => {
                                what = format!("{what} · {}", c.count(n as usize))
                            }
                            None => {}
                        }
                        if i.kind.stays_open() {
                            let state = if i.is_open() {
                                Msg::Open
                            } else {
                                Msg::Resolved
                            };
                            what = format!("{what} ({})", state.text(c.lang()));
                        }
                        (None, format!("{} · {what}", day(i.at)), i.note.clone())
                    }
                })
                .collect();
            (all.len(), rows)
        })
        .unwrap_or_default();
    if total == 0 {
        return view! { <p class="empty">{c.t(Msg::NoHistory)}</p> }.into_any();
    }
    view! {
        {(total > HISTORY_PAGE).then(|| view! {
            <Pager total=Signal::derive(move || total) page=page size=HISTORY_PAGE testid="history-pager"/>
        })}
        <ul class="rows" data-testid="customer-history">
            {rows.into_iter().map(|(sale, main, detail)| match sale {
                // A sale opens, to be corrected or voided.
                Some(id) => view! {
                    <li><RowLink href=Route::Sale(id).href() main=main sub=detail/></li>
                }.into_any(),
                None => view! {
                    <li class="row">
                        <span class="row-main">{main}</span>
                        <span class="row-sub">{detail}</span>
                    </li>
                }.into_any(),
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Log a call, visit, message, complaint, warranty claim or return with a note.
#[component]
fn LogContact(customer: Id) -> impl IntoView {
    let c = ctx();
    let kind = RwSignal::new(InteractionKind::Call);
    let note = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, Msg)>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let built = c.book.read(|b| {
            contact::log(
                b,
                customer,
                kind.get_untracked(),
                &note.get_untracked(),
                new_id(),
                now(),
            )
        });
        match built {
            Some(Ok(i)) => c.book.submit(
                Change {
                    interactions: vec![i],
                    ..Change::default()
                },
                move |saved| match saved {
                    Ok(()) => {
                        note.set(String::new());
                        message.set(Some((false, Msg::LogSaved)));
                    }
                    Err(m) => message.set(Some((true, m))),
                },
            ),
            Some(Err(e)) => message.set(Some((
                true,
                match e {
                    LogError::NoteRequired => Msg::ErrNoteRequired,
                    LogError::NoteTooLong => Msg::ErrNoteTooLong,
                    LogError::UnknownCustomer => Msg::ErrUnknownRecord,
                },
            ))),
            None => {}
        }
    };
    view! {
        <form class="card" on:submit=submit novalidate data-testid="log-form">
            <h2>{c.t(Msg::LogTitle)}</h2>
            <Choices label=Msg::LogTitle options=contact::LOGGABLE.to_vec() value=kind
                text=Callback::new(move |k| kind_label(k).text(c.lang()).to_string())/>
            <Field label=Msg::LogNote>
                <textarea name="note" rows="2" bind:value=note></textarea>
            </Field>
            <Outcome outcome=Signal::derive(move || message.get().map(|(bad, m)| (bad, m.text(c.lang()).to_string())))/>
            <div class="actions"><button type="submit" class="primary">{c.t(Msg::Save)}</button></div>
        </form>
    }
}

/// A customer's open complaints and warranty claims, each with "Mark resolved".
fn open_issues(c: Ctx, id: Id) -> impl IntoView {
    let issues: Vec<Interaction> = c
        .book
        .read(|b| {
            history::open_issues(b)
                .into_iter()
                .filter(|i| i.customer == id)
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    if issues.is_empty() {
        return ().into_any();
    }
    let failure = RwSignal::new(None::<Msg>);
    view! {
        <h2>{c.t(Msg::OpenIssues)}</h2>
        <ErrorLine error=Signal::derive(move || failure.get().map(|m| m.text(c.lang()).to_string()))/>
        <ul class="rows" data-testid="open-issues">
            {issues.into_iter().map(|i| {
                let head = format!("{} · {}", day(i.at), kind_label(i.kind).text(c.lang()));
                let note = i.note.clone();
                view! {
                    <li class="row issue">
                        <span class="row-main">{head}</span>
                        <span class="row-sub">{note}</span>
                        <button type="button" on:click=move |_| {
                            let done = contact::resolve(&i, now());
                            c.book.submit(Change { interactions: vec![done], ..Change::default() }, move |r| {
                                if let Err(m) = r {
                                    failure.set(Some(m));
                                }
                            });
                        }>{c.t(Msg::Resolve)}</button>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Deletes softly (sales keep pointing at the record) and goes back to the list, which offers
/// "Undo" for a few seconds. The customer is read at the moment of the tap, so a change made
/// meanwhile (here or in another window) is not undone by the delete; a failure is shown.
fn delete(c: Ctx, id: Id, failure: RwSignal<Option<Msg>>) {
    let Some(x) = untrack(|| c.book.read(|b| b.customer(id).cloned())).flatten() else {
        return;
    };
    let gone = Customer {
        meta: x.meta.deleted(now()),
        ..x
    };
    c.book.submit(
        Change {
            customers: vec![gone.clone()],
            ..Change::default()
        },
        move |r| match r {
            Ok(()) => {
                UNDO.with(|u| *u.borrow_mut() = Some(gone));
                window().location().set_hash(&Route::Customers.href()).ok();
            }
            Err(m) => failure.set(Some(m)),
        },
    );
}

/// One customer: contact buttons, totals, favourites, open complaints, history.
///
/// Built once per customer: each part below reads the book in its own closure, so a sale saved
/// in another window, or the background analysis finishing, refreshes the figures without
/// rebuilding the forms on the page (what the seller is typing stays).
#[component]
pub fn CustomerPage(id: Id) -> impl IntoView {
    let c = ctx();
    // `None` while the book opens; whether the customer is there (and not deleted).
    let present = Memo::new(move |_| {
        c.book
            .read(|b| b.customer(id).is_some_and(|x| x.meta.live()))
    });
    view! {
        <section class="page" data-testid="page-customer">
            <a class="back" href=Route::Customers.href()>{c.t(Msg::BackToCustomers)}</a>
            {move || match present.get() {
                None => view! { <p class="empty">{c.t(Msg::Loading)}</p> }.into_any(),
                Some(false) => view! { <p class="empty">{c.t(Msg::CustomerNotFound)}</p> }.into_any(),
                Some(true) => customer_body(c, id).into_any(),
            }}
        </section>
    }
}

fn customer_body(c: Ctx, id: Id) -> impl IntoView {
    let editing = RwSignal::new(false);
    let failure = RwSignal::new(None::<Msg>);
    let customer = move || c.book.read(|b| b.customer(id).cloned()).flatten();
    let field =
        move |f: fn(&Customer) -> String| move || customer().map(|x| f(&x)).unwrap_or_default();
    let digits = move || {
        customer()
            .and_then(|x| x.phone)
            .map(|p| crate::model::phone::digits(&p))
    };
    let open = move || {
        c.book
            .read(|b| {
                b.interactions()
                    .iter()
                    .filter(|i| i.customer == id && i.is_open())
                    .count()
            })
            .unwrap_or(0)
    };
    let stats = move || {
        let (m, favourites) = c
            .book
            .read(|b| {
                let m = Metrics::of(b, id, local_offset_minutes());
                let fav: Vec<String> = m
                    .favourites(3)
                    .into_iter()
                    .filter_map(|u| {
                        let name = &b.product(u.product)?.name;
                        Some(format!(
                            "{name} {}",
                            fill(
                                Msg::TimesBought.text(c.lang()),
                                &[("n", &c.count(u.times as usize))]
                            )
                        ))
                    })
                    .collect();
                (m, fav)
            })
            .unwrap_or_default();
        let usual = m.usual_interval_days().map_or_else(
            || "—".to_string(),
            |n| c.counted(Msg::EveryDays, n as usize, &[]),
        );
        let last = m
            .last
            .map_or_else(|| Msg::Never.text(c.lang()).to_string(), day);
        view! {
            <dl class="stats" data-testid="customer-stats">
                <div><dt>{c.t(Msg::StatVisits)}</dt><dd>{c.count(m.purchases as usize)}</dd></div>
                <div><dt>{c.t(Msg::StatSpent)}</dt><dd>{c.money(m.spent)}</dd></div>
                <div><dt>{c.t(Msg::StatAverage)}</dt><dd>{c.money(m.average_basket())}</dd></div>
                <div><dt>{c.t(Msg::StatLastVisit)}</dt><dd>{last}</dd></div>
                <div><dt>{c.t(Msg::StatUsualInterval)}</dt><dd data-testid="usual-interval">{usual}</dd></div>
            </dl>
            {(!favourites.is_empty()).then(|| view! {
                <p data-testid="favourites"><strong>{c.t(Msg::Favourites)}</strong> ": " {crate::ui::intl::list(c.lang(), &favourites)}</p>
            })}
            {move || {
                // Worked out with the segments (it needs today's date and the book's details).
                let due: Vec<String> = c
                    .book
                    .analyse(|a, b| {
                        a.due_products(b, id)
                            .into_iter()
                            .filter_map(|d| {
                                let name = &b.product(d.product)?.name;
                                Some(fill(
                                    Msg::DueProduct.text(c.lang()),
                                    &[("product", name), ("date", &crate::ui::text::date(d.ran_out))],
                                ))
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                (!due.is_empty()).then(|| view! {
                    <p data-testid="due-products"><strong>{c.t(Msg::SegReplenishment)}</strong> ": " {crate::ui::intl::list(c.lang(), &due)}</p>
                })
            }}
            {move || {
                let offer: Vec<String> = crate::ui::pages::message::recommended(c, id, 3);
                (!offer.is_empty()).then(|| view! {
                    <p data-testid="recommended"><strong>{c.t(Msg::Recommended)}</strong> ": " {crate::ui::intl::list(c.lang(), &offer)}</p>
                })
            }}
        }
    };
    view! {
        <h1 data-testid="customer-name">{field(|x| x.name.clone())}
            {move || { let n = open(); (n > 0).then(|| view! { <span class="badge" data-testid="open-badge">{fill(Msg::OpenBadge.text(c.lang()), &[("n", &c.count(n))])}</span> }) }}
        </h1>
        <p class="row-sub"><bdi dir="ltr">{field(|x| x.phone.as_deref().map(display).unwrap_or_default())}</bdi> " " {field(|x| x.area.clone())}</p>
        <div class="actions">
            <a class="button primary" href=Route::SellTo(id).href()>{c.t(Msg::NavSell)}</a>
            {move || digits().map(|d| view! {
                <a class="button" href=format!("tel:+{d}")>{c.t(Msg::Call)}</a>
                <a class="button" href=format!("https://wa.me/{d}") target="_blank" rel="noopener noreferrer">{c.t(Msg::WhatsApp)}</a>
            })}
            <button type="button" on:click=move |_| editing.set(true)>{c.t(Msg::Edit)}</button>
            <DeleteButton
                question=Callback::new(move |()| fill(Msg::DeleteConfirm.text(c.lang()), &[("name", &untrack(field(|x| x.name.clone())))]))
                on_delete=Callback::new(move |()| delete(c, id, failure))/>
        </div>
        <ErrorLine error=Signal::derive(move || failure.get().map(|m| m.text(c.lang()).to_string()))/>
        {stats}
        {move || crate::ui::pages::segments::explain(c, id).map(|(seg, lead, numbers)| view! {
            <div class="card" data-testid="customer-segment">
                <p class="lead" data-testid="customer-lead">{lead}</p>
                <p>
                    <strong>{c.t(Msg::SegmentLabel)} ": "</strong>
                    <a class="button" href=Route::SegmentMembers(seg.slug().to_string()).href()>{c.t(segment_label(seg))}</a>
                </p>
                <details>
                    <summary>{c.t(Msg::TheNumbers)}</summary>
                    <p class="row-sub" data-testid="customer-numbers">{numbers}</p>
                </details>
            </div>
        })}
        {move || { let notes = field(|x| x.notes.clone())(); (!notes.is_empty()).then(|| view! { <p class="notes">{notes}</p> }) }}
        {move || customer().map(|x| view! { <p class="row-sub" data-testid="customer-consent">{consent_line(c, x.consent)}</p> })}
        {move || Lang::from_code(&field(|x| x.language.clone())()).map(|l| view! {
            <p class="row-sub" data-testid="customer-language">{c.t(Msg::FieldLanguage)} ": " <span lang=l.code()>{l.native_name()}</span></p>
        })}
        // The form starts from the customer as they are when "Edit" is tapped, and is not
        // rebuilt when the book changes.
        {move || editing.get().then(|| view! {
            <CustomerForm editing=untrack(customer) on_done=Callback::new(move |_| editing.set(false))/>
        })}
        {move || open_issues(c, id)}
        {
            let remind = RwSignal::new(None);
            view! {
                <crate::ui::pages::credit::CreditCard id=id remind=remind/>
                <crate::ui::pages::loyalty::PointsCard id=id/>
                <crate::ui::pages::message::MessageCard id=id pick=remind/>
            }
        }
        <LogContact customer=id/>
        <h2>{c.t(Msg::History)}</h2>
        {
            let page = RwSignal::new(0usize);
            move || timeline(c, id, page)
        }
    }
}

/// "Offers on WhatsApp, SMS, since 22 Nov 2026", or "No offers, since …".
fn consent_line(c: Ctx, k: Consent) -> String {
    let channels = [(k.whatsapp, "WhatsApp"), (k.sms, "SMS")]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect::<Vec<_>>()
        .join(", ");
    let msg = match (k.offers(), k.since.is_some()) {
        (true, true) => Msg::ConsentYes,
        (true, false) => Msg::ConsentYesUndated,
        (false, true) => Msg::ConsentNo,
        (false, false) => Msg::ConsentNoUndated,
    };
    let date = k.since.map(day).unwrap_or_default();
    fill(
        msg.text(c.lang()),
        &[("channels", &channels), ("date", &date)],
    )
}
