//! Campaigns: start one (ready-made or blank: who gets it, who is left out and how many each
//! rule removes, a share held back, an offer, a text per language with a preview for any
//! member), send it one member at a time through WhatsApp or SMS links, and see what it
//! earned against those held back. The rules live in `forms::campaign` and `analysis`.

use crate::analysis::audience::{audience, Audience};
use crate::analysis::message::Ready;
use crate::analysis::results::{results, sends, Results, Trust};
use crate::analysis::segments::Builtin;
use crate::book::Change;
use crate::forms::campaign::{mark_sent, CampaignDraft, CampaignError, Field, SendError};
use crate::forms::offer::{OfferError, OfferKind};
use crate::model::campaign::Campaign;
use crate::model::id::{Id, IdMap};
use crate::model::settings::Lang;
use crate::model::time::Timestamp;
use crate::ui::book::{new_id, now};
use crate::ui::components::{Choices, ErrorLine, Pager, RowLink};
use crate::ui::context::{ctx, Ctx};
use crate::ui::i18n::{fill, Msg};
use crate::ui::pages::message::{
    copy_text, offer_words, personal, ready_label, ready_text_in, template_error, Tables,
};
use crate::ui::route::Route;
use crate::ui::text::{builtin_name, day};
use leptos::prelude::*;

/// Members per page of the sending list.
const PAGE: usize = 25;

fn offer_label(k: OfferKind) -> Msg {
    match k {
        OfferKind::None => Msg::OfferNone,
        OfferKind::PercentOff => Msg::OfferPercent,
        OfferKind::AmountOff => Msg::OfferAmount,
        OfferKind::BonusPoints => Msg::OfferPoints,
        OfferKind::FreeItem => Msg::OfferFree,
    }
}

fn error_text(c: Ctx, e: &CampaignError) -> String {
    let m = match e {
        CampaignError::Name => Msg::ErrCampName,
        CampaignError::Days(_) => Msg::ErrCampDays,
        CampaignError::Holdout => Msg::ErrCampHoldout,
        CampaignError::Offer(OfferError::Percent) => Msg::ErrOfferPercent,
        CampaignError::Offer(OfferError::Amount) => Msg::ErrOfferAmount,
        CampaignError::Offer(OfferError::Points) => Msg::ErrOfferPoints,
        CampaignError::Offer(OfferError::Item) => Msg::ErrOfferItem,
        CampaignError::Window => Msg::ErrCampWindow,
        CampaignError::EmptyAudience => Msg::ErrCampEmpty,
        CampaignError::NoText => Msg::ErrCampNoText,
        CampaignError::Text(_, t) => return template_error(c, t.clone()),
    };
    m.text(c.lang()).to_string()
}

/// The Campaigns screen: start one, and the list of campaigns newest first with their figures.
#[component]
pub fn CampaignsPage() -> impl IntoView {
    let c = ctx();
    let draft = RwSignal::new(None::<CampaignDraft>);
    let start = move |r: Option<Ready>| {
        let name = r.map_or("", |r| ready_label(r).text(c.lang()));
        draft.set(Some(match r {
            Some(r) => CampaignDraft::ready(r, name),
            None => CampaignDraft::default(),
        }));
    };
    view! {
        <section class="page" data-testid="page-campaigns">
            <h1>{c.t(Msg::NavCampaigns)}</h1>
            <div class="card" data-testid="campaign-new">
                <h2>{c.t(Msg::CampNew)}</h2>
                <p class="hint">{c.t(Msg::CampNewHint)}</p>
                <div class="choices" role="group" aria-label=c.t(Msg::CampNew)>
                    {Ready::ALL.into_iter().map(|r| view! {
                        <button type="button" class="choice" data-testid=format!("ready-{r:?}")
                            on:click=move |_| start(Some(r))>{c.t(ready_label(r))}</button>
                    }).collect_view()}
                    <button type="button" class="choice" data-testid="ready-blank"
                        on:click=move |_| start(None)>{c.t(Msg::CampBlank)}</button>
                </div>
            </div>
            {move || draft.get().map(|d| view! { <Builder draft=d on_cancel=Callback::new(move |_| draft.set(None))/> })}
            <h2>{c.t(Msg::CampList)}</h2>
            <CampaignList/>
        </section>
    }
}

/// Every campaign, newest first, with how far it is sent and what it earned.
#[component]
fn CampaignList() -> impl IntoView {
    let c = ctx();
    let rows = move || {
        c.book
            .read(|b| {
                let mut list: Vec<&Campaign> = b
                    .campaigns()
                    .iter()
                    .filter(|x| x.meta.live() && x.started.is_some())
                    .collect();
                crate::model::sort::sort_by_key(&mut list, |x| std::cmp::Reverse(x.started));
                list.into_iter()
                    .map(|x| {
                        let sent = sends(b, x.meta.id);
                        let r = figures(b, x, &sent);
                        let (sent, n) = (sent.len(), x.members.len());
                        let sub = fill(
                            Msg::CampRowSub.text(c.lang()),
                            &[
                                ("date", &x.started.map(day).unwrap_or_default()),
                                ("sent", &c.count(sent)),
                                ("members", &c.count(n)),
                                ("buyers", &c.count(r.contacted.buyers)),
                                ("rate", &percent(c, r.contacted.conversion())),
                            ],
                        );
                        (x.meta.id, x.name.clone(), sub)
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    view! {
        {move || {
            let rows = rows();
            if rows.is_empty() {
                view! { <p class="empty" data-testid="campaigns-none">{c.t(Msg::CampNone)}</p> }.into_any()
            } else {
                view! {
                    <ul class="rows" data-testid="campaign-list">
                        {rows.into_iter().map(|(id, name, sub)| view! {
                            <li><RowLink href=Route::Campaign(id).href() main=name sub=sub/></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }
        }}
    }
}

fn figures(b: &crate::book::Book, x: &Campaign, sent: &[(Id, Timestamp)]) -> Results {
    results(
        b,
        sent,
        &x.holdout,
        x.started.unwrap_or(x.meta.created),
        x.window_days,
    )
}

fn percent(c: Ctx, share: f64) -> String {
    format!("{}%", c.count((share * 100.0).round() as usize))
}

/// The form of a new campaign.
#[component]
fn Builder(draft: CampaignDraft, on_cancel: Callback<()>) -> impl IntoView {
    let c = ctx();
    let d = draft;
    let name = RwSignal::new(d.name);
    let segments = RwSignal::new(d.segments);
    let custom = RwSignal::new(d.custom);
    let picked = RwSignal::new(d.picked);
    let contacted_on = RwSignal::new(d.contacted.0);
    let contacted_days = RwSignal::new(d.contacted.1);
    let bought_on = RwSignal::new(d.bought.0);
    let bought_days = RwSignal::new(d.bought.1);
    let complaint = RwSignal::new(d.open_complaint);
    let holdout = RwSignal::new(d.holdout);
    let offer_kind = RwSignal::new(d.offer_kind);
    let offer_value = RwSignal::new(d.offer_value);
    let window_days = RwSignal::new(d.window);
    let ready = d.ready;
    // A text box per language, made here (owned by the form, not by an effect that runs again);
    // those the members read are shown, the shop's first.
    let boxes: Vec<(Lang, RwSignal<String>)> = Lang::ALL
        .iter()
        .map(|l| (*l, RwSignal::new(String::new())))
        .collect();
    let boxes = StoredValue::new(boxes);
    let seed = new_id().0 as u64;
    let tried = RwSignal::new(false);
    let outcome = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let tables = Tables::new();

    // The choice of people: who is chosen, who is left out, the share held back.
    let people = move || CampaignDraft {
        segments: segments.get(),
        custom: custom.get(),
        picked: picked.get(),
        contacted: (contacted_on.get(), contacted_days.get()),
        bought: (bought_on.get(), bought_days.get()),
        open_complaint: complaint.get(),
        holdout: holdout.get(),
        ..CampaignDraft::default()
    };
    // Who gets it, worked out again only when the choice of people changes (not the text).
    let aud = Memo::new(move |_| {
        let d = people();
        let (e, _) = d.exclusions();
        let held = d.holdout_percent().unwrap_or(0);
        c.book
            .analyse(|a, b| audience(b, a, &d.selection(b), e, held, seed, now()))
            .flatten()
    });
    // The languages its members read, the shop's first.
    let langs = Memo::new(move |_| {
        let shop = c.lang();
        let mut out = vec![shop];
        if let Some(a) = aud.get() {
            c.book.read(|b| {
                for id in &a.members {
                    if let Some(x) = b.customer(*id) {
                        let l = x.message_lang(shop);
                        if !out.contains(&l) {
                            out.push(l);
                        }
                    }
                }
            });
        }
        out
    });
    // The boxes shown: the languages its members read.
    let texts = move || {
        let shown = langs.get();
        shown
            .iter()
            .filter_map(|l| boxes.with_value(|b| b.iter().find(|(x, _)| x == l).copied()))
            .collect::<Vec<_>>()
    };
    let current = move || CampaignDraft {
        name: name.get(),
        offer_kind: offer_kind.get(),
        offer_value: offer_value.get(),
        ready,
        texts: texts()
            .iter()
            .map(|(l, t)| (l.code().to_string(), t.get()))
            .collect(),
        window: window_days.get(),
        ..people()
    };

    // Each filled with the ready-made text once its table is in.
    Effect::new(move |_| {
        for l in langs.get() {
            tables.need(c, l);
        }
    });
    Effect::new(move |_| {
        let Some(r) = ready else { return };
        for (l, t) in texts() {
            if t.with_untracked(String::is_empty) {
                let r = match r {
                    Ready::WinBack => Some(Msg::CampWinBackText),
                    Ready::Welcome => Some(Msg::CampWelcomeText),
                    Ready::Birthday => Some(Msg::CampBirthdayText),
                    _ => None,
                }
                .map_or_else(|| ready_text_in(c, tables, l, r), |m| tables.get(c, l, m));
                if let Some(text) = r {
                    t.set(text);
                }
            }
        }
    });

    let errors = move || {
        if !tried.get() {
            return Vec::new();
        }
        let mut e = current().errors();
        if aud.get().is_some_and(|a| a.members.is_empty()) {
            e.insert(0, CampaignError::EmptyAudience);
        }
        e
    };
    let error_at = move |f: Field| {
        Signal::derive(move || {
            errors()
                .iter()
                .find(|e| e.field() == Some(f))
                .map(|e| error_text(c, e))
        })
    };
    let text_error = move |l: Lang| {
        Signal::derive(move || {
            errors()
                .iter()
                .find(|e| {
                    matches!(e, CampaignError::Text(code, _) if code == l.code())
                        || (**e == CampaignError::NoText && l == c.lang())
                })
                .map(|e| error_text(c, e))
        })
    };

    let submit = move |_| {
        tried.set(true);
        outcome.set(None);
        let Some(a) = aud.get_untracked() else {
            outcome.set(Some(c.book.waiting().text(c.lang()).to_string()));
            return;
        };
        let started = untrack(current).start(&a, seed, new_id(), now());
        let Ok(campaign) = started else {
            return;
        };
        let id = campaign.meta.id;
        busy.set(true);
        c.book.submit(
            Change {
                campaigns: vec![campaign],
                ..Change::default()
            },
            move |r| {
                busy.set(false);
                match r {
                    Ok(()) => {
                        window()
                            .location()
                            .set_hash(&Route::Campaign(id).href())
                            .ok();
                    }
                    Err(m) => outcome.set(Some(m.text(c.lang()).to_string())),
                }
            },
        );
    };

    let toggle = move |s: Builtin| {
        segments.update(|v| {
            if let Some(k) = v.iter().position(|x| *x == s) {
                v.remove(k);
            } else {
                v.push(s);
            }
        })
    };
    let own = move || {
        c.book
            .read(|b| {
                b.segments()
                    .iter()
                    .filter(|s| s.meta.live())
                    .map(|s| (s.meta.id, s.name.clone()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let products = move || {
        c.book
            .read(|b| {
                let mut v: Vec<(Id, String)> = b
                    .products()
                    .iter()
                    .filter(|p| p.meta.live())
                    .map(|p| (p.meta.id, p.name.clone()))
                    .collect();
                crate::model::sort::sort_by(&mut v, |x, y| x.1.cmp(&y.1));
                v
            })
            .unwrap_or_default()
    };
    let query = RwSignal::new(String::new());
    let found = move || {
        let q = query.get();
        if q.trim().is_empty() {
            return Vec::new();
        }
        let ids = c.book.search(&q, 5);
        c.book
            .read(|b| {
                ids.iter()
                    .filter_map(|id| b.customer(*id).map(|x| (*id, x.name.clone())))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let name_of = move |id: Id| {
        c.book
            .read(|b| b.customer(id).map(|x| x.name.clone()))
            .flatten()
            .unwrap_or_default()
    };
    let removed = move |pick: fn(&Audience) -> usize| {
        move || {
            aud.get()
                .map(|a| c.counted(Msg::CampLeftOut, pick(&a), &[]))
                .unwrap_or_default()
        }
    };
    let summary = move || match aud.get() {
        None => c.book.waiting().text(c.lang()).to_string(),
        Some(a) => c.counted(
            Msg::CampAudience,
            a.members.len(),
            &[
                ("chosen", &c.count(a.chosen)),
                ("held", &c.count(a.holdout.len())),
            ],
        ),
    };
    // The preview: one member at a time, in their language.
    let shown = RwSignal::new(0usize);
    let offer_now = move || {
        crate::forms::offer::offer(offer_kind.get(), &offer_value.get()).unwrap_or_default()
    };
    let preview = move || {
        let a = aud.get()?;
        if a.members.is_empty() {
            return None;
        }
        let id = a.members[shown.get() % a.members.len()];
        let shop = c.lang();
        let lang = c
            .book
            .read(|b| b.customer(id).map(|x| x.message_lang(shop)))
            .flatten()
            .unwrap_or(shop);
        let ts = texts();
        let text = ts
            .iter()
            .find(|(l, t)| *l == lang && !t.get().trim().is_empty())
            .or_else(|| ts.iter().find(|(l, _)| *l == shop))
            .map(|(_, t)| t.get())
            .unwrap_or_default();
        let body = personal(c, tables, lang, id, &text, &offer_now())?;
        Some((name_of(id), lang, body))
    };

    view! {
        <form class="card" data-testid="campaign-builder" on:submit=move |ev| { ev.prevent_default(); submit(()); }>
            <label class="field">
                <span>{c.t(Msg::CampName)}</span>
                <input name="campaign-name" maxlength="80" bind:value=name/>
                <ErrorLine error=error_at(Field::Name)/>
            </label>
            <fieldset>
                <legend>{c.t(Msg::CampWho)}</legend>
                <details open=true>
                    <summary>{c.t(Msg::CampSegments)}</summary>
                    <div class="checks" data-testid="campaign-segments">
                        {Builtin::all().into_iter().chain(c.settings.with(|s| Builtin::loyalty(&s.loyalty))).map(|s| view! {
                            <label class="check">
                                <input type="checkbox" data-slug=s.slug() prop:checked=move || segments.with(|v| v.contains(&s))
                                    on:change=move |_| toggle(s)/>
                                <span>{move || builtin_name(c, s)}</span>
                            </label>
                        }).collect_view()}
                        {move || own().into_iter().map(|(id, n)| view! {
                            <label class="check">
                                <input type="checkbox" prop:checked=move || custom.with(|v| v.contains(&id))
                                    on:change=move |_| custom.update(|v| if let Some(k) = v.iter().position(|x| *x == id) { v.remove(k); } else { v.push(id); })/>
                                <span>{n}</span>
                            </label>
                        }).collect_view()}
                    </div>
                </details>
                <label class="field">
                    <span>{c.t(Msg::CampDueFor)}</span>
                    <select name="due-for" on:change=move |ev| {
                        if let Some(p) = Id::parse(&event_target_value(&ev)) {
                            let s = Builtin::DueFor(p);
                            if !segments.with_untracked(|v| v.contains(&s)) { toggle(s); }
                        }
                    }>
                        <option value="">{c.t(Msg::CampDueForNone)}</option>
                        {move || products().into_iter().map(|(id, n)| view! { <option value=id.to_string()>{n}</option> }).collect_view()}
                    </select>
                </label>
                {move || {
                    let due: Vec<Builtin> = segments.get().into_iter().filter(|s| matches!(s, Builtin::DueFor(_))).collect();
                    due.into_iter().map(|s| view! {
                        <button type="button" class="chip" on:click=move |_| toggle(s)>{builtin_name(c, s)} " ×"</button>
                    }).collect_view()
                }}
                <label class="field">
                    <span>{c.t(Msg::CampPick)}</span>
                    <input type="search" name="campaign-pick" autocomplete="off" bind:value=query/>
                </label>
                <div class="choices">
                    {move || found().into_iter().map(|(id, n)| view! {
                        <button type="button" class="choice" on:click=move |_| {
                            picked.update(|v| if !v.contains(&id) { v.push(id) });
                            query.set(String::new());
                        }>"+ " {n}</button>
                    }).collect_view()}
                </div>
                {move || picked.get().into_iter().map(|id| {
                    let n = name_of(id);
                    let label = fill(Msg::CampRemove.text(c.lang()), &[("name", &n)]);
                    view! {
                        <button type="button" class="chip" aria-label=label
                            on:click=move |_| picked.update(|v| v.retain(|x| *x != id))>{n} " ×"</button>
                    }
                }).collect_view()}
            </fieldset>
            <fieldset data-testid="campaign-exclusions">
                <legend>{c.t(Msg::CampLeaveOut)}</legend>
                <p class="check"><span>{c.t(Msg::CampNoConsent)}</span> " · " <span data-testid="removed-consent">{removed(|a| a.removed.no_consent)}</span></p>
                <DaysRule label=Msg::CampContacted name="contacted" on=contacted_on days=contacted_days
                    removed=Signal::derive(removed(|a| a.removed.contacted)) error=error_at(Field::ContactedDays)/>
                <DaysRule label=Msg::CampBought name="bought" on=bought_on days=bought_days
                    removed=Signal::derive(removed(|a| a.removed.bought)) error=error_at(Field::BoughtDays)/>
                <label class="check">
                    <input type="checkbox" name="complaint" bind:checked=complaint/>
                    <span>{c.t(Msg::CampComplaint)}</span>
                    <span data-testid="removed-complaint">{removed(|a| a.removed.complaint)}</span>
                </label>
                <label class="field">
                    <span>{c.t(Msg::CampHoldout)}</span>
                    <input name="holdout" inputmode="numeric" bind:value=holdout/>
                    <ErrorLine error=error_at(Field::Holdout)/>
                </label>
                <p class="hint">{c.t(Msg::CampHoldoutHint)}</p>
            </fieldset>
            <p class="notice" role="status" data-testid="campaign-audience">{summary}</p>
            <ErrorLine error=error_at(Field::Audience)/>
            <fieldset>
                <legend>{c.t(Msg::CampOffer)}</legend>
                <Choices label=Msg::CampOffer options=OfferKind::ALL.to_vec() value=offer_kind
                    text=Callback::new(move |k| offer_label(k).text(c.lang()).to_string())/>
                {move || (offer_kind.get() != OfferKind::None).then(|| view! {
                    <label class="field">
                        <span>{move || offer_label(offer_kind.get()).text(c.lang())}</span>
                        <input name="offer-value" bind:value=offer_value/>
                        <ErrorLine error=error_at(Field::Offer)/>
                    </label>
                })}
            </fieldset>
            {move || texts().into_iter().map(|(l, t)| {
                let label = fill(Msg::MessageText.text(c.lang()), &[("lang", l.native_name())]);
                view! {
                    <label class="field">
                        <span>{label}</span>
                        <textarea name=format!("text-{}", l.code()) rows="3" lang=l.code()
                            dir=if l == Lang::Ur { "rtl" } else { "auto" } bind:value=t></textarea>
                        <ErrorLine error=text_error(l)/>
                    </label>
                }
            }).collect_view()}
            <div class="preview-box" data-testid="campaign-preview">
                {move || preview().map(|(n, l, body)| view! {
                    <p class="hint">{fill(Msg::CampPreviewFor.text(c.lang()), &[("name", &n)])}</p>
                    <p class="preview" lang=l.code() data-testid="campaign-preview-text">{body}</p>
                })}
                <button type="button" data-testid="preview-next" on:click=move |_| shown.update(|k| *k += 1)>{c.t(Msg::CampNextMember)}</button>
            </div>
            <label class="field">
                <span>{c.t(Msg::CampWindow)}</span>
                <input name="window" inputmode="numeric" bind:value=window_days/>
                <ErrorLine error=error_at(Field::Window)/>
            </label>
            <div class="actions">
                <button type="submit" class="primary" data-testid="campaign-start" disabled=busy>{c.t(Msg::CampStart)}</button>
                <button type="button" on:click=move |_| on_cancel.run(())>{c.t(Msg::Cancel)}</button>
            </div>
            {move || outcome.get().map(|o| view! { <p class="field-error" role="alert">{o}</p> })}
        </form>
    }
}

/// An exclusion by a number of days: on or off, the days, how many it left out, what is wrong.
#[component]
fn DaysRule(
    label: Msg,
    name: &'static str,
    on: RwSignal<bool>,
    days: RwSignal<String>,
    removed: Signal<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let c = ctx();
    view! {
        <label class="check">
            <input type="checkbox" name=format!("{name}-on") bind:checked=on/>
            <span>{c.t(label)}</span>
            <input class="days" name=format!("{name}-days") inputmode="numeric" bind:value=days aria-label=c.t(label)/>
            <span data-testid=format!("removed-{name}")>{removed}</span>
        </label>
        <ErrorLine error=error/>
    }
}

/// A member in the sending list, with what they will read (in which language).
#[derive(Clone, PartialEq)]
struct Line {
    who: Id,
    name: String,
    phone: Option<String>,
    msg: Option<(Lang, String)>,
}

/// One campaign: its progress, what it earned, and the members to send it to.
#[component]
pub fn CampaignPage(id: Id) -> impl IntoView {
    let c = ctx();
    let camp = Memo::new(move |_| c.book.read(|b| b.campaign(id).cloned()).flatten());
    let tables = Tables::new();
    let status = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    let page = RwSignal::new(0usize);
    let page_apart = RwSignal::new(0usize);
    Effect::new(move |_| {
        if let Some(x) = camp.get() {
            for (code, _) in &x.texts {
                if let Some(l) = Lang::from_code(code) {
                    tables.need(c, l);
                }
            }
        }
    });
    // Members with a phone and without, in the campaign's order.
    let members = Memo::new(move |_| {
        c.book
            .read(|b| {
                let x = b.campaign(id)?;
                let (mut with, mut without) = (Vec::new(), Vec::new());
                for m in &x.members {
                    let phone = b.customer(*m).and_then(|p| p.phone.clone());
                    match phone {
                        Some(p) => with.push((*m, p)),
                        None => without.push(*m),
                    }
                }
                Some((with, without))
            })
            .flatten()
            .unwrap_or_default()
    });
    let mark = move |who: Id, text: String| {
        let change = c.book.read(|b| {
            // A bonus-points offer gives the points with the send.
            let rules = c.settings.with_untracked(|s| s.loyalty.clone());
            let today = now().local_date(crate::ui::book::local_offset_minutes());
            mark_sent(b, id, who, &text, new_id(), now())
                .map(|sent| crate::forms::campaign::with_bonus(b, sent, &rules, new_id(), today))
        });
        match change {
            Some(Ok(change)) => {
                busy.set(true);
                c.book.submit(change, move |r| {
                    busy.set(false);
                    status.set(Some(match r {
                        Ok(()) => (false, Msg::CampSentStatus.text(c.lang()).to_string()),
                        Err(m) => (true, m.text(c.lang()).to_string()),
                    }));
                });
            }
            Some(Err(SendError::AlreadySent)) => status.set(Some((
                true,
                Msg::CampAlreadySent.text(c.lang()).to_string(),
            ))),
            _ => status.set(Some((true, Msg::CampGone.text(c.lang()).to_string()))),
        }
    };
    // What member `who` reads, in their language.
    let message = move |x: &Campaign, who: Id| {
        let shop = c.lang();
        let lang = c
            .book
            .read(|b| b.customer(who).map(|p| p.message_lang(shop)))
            .flatten()
            .unwrap_or(shop);
        let (lang, template) = x
            .text_for(lang.code(), shop.code())
            .and_then(|(code, t)| Some((Lang::from_code(code)?, t.to_string())))
            .unwrap_or((shop, String::new()));
        personal(c, tables, lang, who, &template, &x.offer).map(|t| (lang, t))
    };
    let row = move |line: Line, sent: &IdMap<Timestamp>| {
        let Line {
            who,
            name,
            phone,
            msg,
        } = line;
        let done = sent.get(&who).copied();
        let body = msg.as_ref().map(|(_, t)| t.clone()).unwrap_or_default();
        let lang = msg.as_ref().map_or(c.lang(), |(l, _)| *l);
        let links = phone.as_ref().filter(|_| msg.is_some()).map(|p| {
            (
                crate::analysis::message::whatsapp_link(p, &body),
                crate::analysis::message::sms_link(p, &body),
            )
        });
        let (b1, b2, b3) = (body.clone(), body.clone(), body);
        view! {
            <li class="send-row" data-testid="send-row" data-sent=done.is_some().to_string()>
                <a class="row-main" href=Route::Customer(who).href()>{name}</a>
                <p class="preview" lang=lang.code()>{b1}</p>
                <div class="actions">
                    {match done {
                        Some(t) => view! { <span class="status" data-testid="sent-on">{fill(Msg::CampSentOn.text(c.lang()), &[("date", &day(t))])}</span> }.into_any(),
                        None => view! {
                            {links.map(|(wa, sms)| view! {
                                <a class="button primary" data-testid="send-whatsapp" href=wa target="_blank" rel="noopener noreferrer">{c.t(Msg::SendWhatsApp)}</a>
                                <a class="button" data-testid="send-sms" href=sms>{c.t(Msg::SendSms)}</a>
                            })}
                            <button type="button" data-testid="copy-text" on:click=move |_| {
                                if copy_text(&b2) { status.set(Some((false, Msg::MessageCopied.text(c.lang()).to_string()))); }
                            }>{c.t(Msg::CopyMessage)}</button>
                            <button type="button" data-testid="mark-sent" disabled=busy
                                on:click=move |_| mark(who, b3.clone())>{c.t(Msg::CampMarkSent)}</button>
                        }.into_any(),
                    }}
                </div>
            </li>
        }
    };
    // Worked out once per change to the book, not again when a row's text fills in.
    let sent = Memo::new(move |_| c.book.read(|b| sends(b, id)).unwrap_or_default());
    let earned = Memo::new(move |_| {
        let x = camp.get()?;
        sent.with(|s| c.book.read(|b| figures(b, &x, s)))
    });
    let header = move || {
        camp.get().map(|x| {
            let offer = offer_words(c, tables, c.lang(), &x.offer);
            let started = x
                .started
                .map(|t| fill(Msg::CampStartedOn.text(c.lang()), &[("date", &day(t))]));
            let progress = c.counted(
                Msg::CampProgress,
                x.members.len(),
                &[("sent", &c.count(sent.with(Vec::len)))],
            );
            let held =
                (!x.holdout.is_empty()).then(|| c.counted(Msg::CampHeld, x.holdout.len(), &[]));
            view! {
                <h1>{x.name}</h1>
                <p>{started}{offer.map(|o| format!(" · {o}"))}</p>
                <p class="notice" role="status" data-testid="campaign-progress">{progress}</p>
                {held.map(|h| view! { <p class="hint">{h}</p> })}
            }
        })
    };
    // The rows shown, each with its text: a page of those with a phone, then everyone without
    // one. A memo: the rows are drawn again only when a text changes, not at every step of the
    // background work the texts read (segments, what goes together).
    let lines = Memo::new(move |_| {
        let x = camp.get()?;
        let (with, without) = members.get();
        let from = (page.get() * PAGE).min(with.len());
        let line = |who: Id, phone: Option<String>| Line {
            who,
            name: c
                .book
                .read(|b| b.customer(who).map(|p| p.name.clone()))
                .flatten()
                .unwrap_or_default(),
            phone,
            msg: message(&x, who),
        };
        let phoned: Vec<Line> = with[from..(from + PAGE).min(with.len())]
            .iter()
            .map(|(who, p)| line(*who, Some(p.clone())))
            .collect();
        let from = (page_apart.get() * PAGE).min(without.len());
        let apart: Vec<Line> = without[from..(from + PAGE).min(without.len())]
            .iter()
            .map(|who| line(*who, None))
            .collect();
        Some((phoned, apart))
    });
    let rows = move || {
        let (phoned, apart) = lines.get()?;
        let sent_map: IdMap<Timestamp> = sent.get().into_iter().collect();
        let phoned = phoned.into_iter().map(|l| row(l, &sent_map)).collect_view();
        let apart = (!apart.is_empty()).then(|| {
            let list = apart
                .into_iter()
                .map(|l| row(l, &sent_map))
                .collect_view();
            view! {
                <h2>{c.t(Msg::CampNoPhone)}</h2>
                <Pager total=Signal::derive(move || members.with(|m| m.1.len())) page=page_apart size=PAGE testid="no-phone-pager" label=Msg::CampNoPhone/>
                <ul class="rows" data-testid="no-phone-list">{list}</ul>
            }
        });
        Some(view! {
            <ul class="rows" data-testid="send-list">{phoned}</ul>
            {apart}
        })
    };
    view! {
        <section class="page" data-testid="page-campaign">
            <a class="back" href=Route::Campaigns.href()>{c.t(Msg::CampBack)}</a>
            {move || camp.with(Option::is_none).then(|| view! {
                <p class="empty">{move || if c.book.opening() { c.t(Msg::Loading)() } else { c.t(Msg::NotFoundBody)() }}</p>
            })}
            {header}
            {move || earned.get().map(|r| view! { <ResultsCard r=r window=camp.with(|x| x.as_ref().map_or(0, |x| x.window_days))/> })}
            {move || camp.with(Option::is_some).then(|| view! { <h2>{c.t(Msg::CampSend)}</h2> })}
            <Pager total=Signal::derive(move || members.with(|m| m.0.len())) page=page size=PAGE testid="send-pager"/>
            {rows}
            <p role="status" data-testid="send-status" class:status=move || !status.with(|s| s.as_ref().is_some_and(|s| s.0)) class:field-error=move || status.with(|s| s.as_ref().is_some_and(|s| s.0))>
                {move || status.get().map(|s| s.1)}
            </p>
        </section>
    }
}

/// What a campaign earned, against those held back, in plain words.
#[component]
fn ResultsCard(r: Results, window: u16) -> impl IntoView {
    let c = ctx();
    let group = |m: Msg, g: crate::analysis::results::Group| {
        fill(
            m.text(c.lang()),
            &[
                ("people", &c.count(g.people)),
                ("buyers", &c.count(g.buyers)),
                ("rate", &percent(c, g.conversion())),
                ("revenue", &c.money(g.revenue)),
            ],
        )
    };
    let trust = match (r.holdout.people, r.trust) {
        (0, _) => Msg::CampNoHoldout,
        (_, Trust::TooFew) => Msg::CampTrustTooFew,
        (_, Trust::NotClear) => Msg::CampTrustNotClear,
        (_, Trust::Clear) => Msg::CampTrustClear,
    };
    let lift = format!(
        "{}{}",
        if r.lift_points >= 0.0 { "+" } else { "−" },
        crate::ui::intl::tenths(
            c.lang(),
            c.settings.with(|s| s.native_digits),
            r.lift_points.abs()
        )
    );
    view! {
        <div class="card" data-testid="campaign-results">
            <h2>{c.t(Msg::CampResults)}</h2>
            <p data-testid="results-contacted">{group(Msg::CampContactedRow, r.contacted)}</p>
            {(r.holdout.people > 0).then(|| view! {
                <p data-testid="results-holdout">{group(Msg::CampHoldoutRow, r.holdout)}</p>
                <p data-testid="results-lift">{fill(Msg::CampLift.text(c.lang()), &[("points", &lift)])}</p>
            })}
            <p class="hint" data-testid="results-trust">{c.t(trust)}</p>
            <p class="hint">{c.counted(Msg::CampWindowNote, usize::from(window), &[])}</p>
        </div>
    }
}
