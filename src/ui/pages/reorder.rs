//! Wholesale buyers due to order again, most overdue first, each with their usual basket and
//! one tap to start that order on Sell.

use crate::analysis::reorder::{due, Reorder};
use crate::forms::sale::SaleDraft;
use crate::ui::book::{local_offset_minutes, now};
use crate::ui::context::ctx;
use crate::ui::i18n::{fill, Msg};
use crate::ui::pages::credit::worked_out;
use crate::ui::route::Route;
use crate::ui::text::day;
use leptos::prelude::*;

/// The reorder-due list.
#[component]
pub fn ReorderPage() -> impl IntoView {
    let c = ctx();
    let list = worked_out(
        c,
        |b| b.customers().len() as u64,
        async |b, pacer| {
            let today = now().local_date(local_offset_minutes());
            due(b, today, local_offset_minutes(), pacer).await
        },
    );
    // The order goes to Sell as the kept draft, the buyer chosen.
    let start = move |r: &Reorder| {
        let draft = c
            .book
            .read(|b| SaleDraft::of_lines(b, Some(r.customer), &r.basket));
        if let Some(d) = draft {
            crate::storage::settings::set_sale_draft(Some(&d.to_text(true)));
            leptos::prelude::window()
                .location()
                .set_hash(&Route::SellTo(r.customer).href())
                .ok();
        }
    };
    view! {
        <section class="page" data-testid="page-reorder">
            <h1>{c.t(Msg::ReorderTitle)}</h1>
            {move || match list.get() {
                None => view! { <p class="empty">{c.t(c.book.waiting())}</p> }.into_any(),
                Some(rows) if rows.is_empty() => view! {
                    <p class="empty" data-testid="reorder-none">{c.t(Msg::ReorderNone)}</p>
                }.into_any(),
                Some(rows) => view! {
                    <ul class="rows" data-testid="reorder-list">
                        {rows.into_iter().map(|r| {
                            let (name, basket) = c.book.read(|b| {
                                let name = b.customer(r.customer).map(|x| x.name.clone()).unwrap_or_default();
                                let items: Vec<String> = r.basket.iter().filter_map(|l| {
                                    let p = b.product(l.product)?;
                                    Some(format!("{} {} {}", p.name, crate::model::money::format_fixed(l.qty.0, 3), p.unit).trim_end().to_string())
                                }).collect();
                                (name, crate::ui::intl::list(c.lang(), &items))
                            }).unwrap_or_default();
                            let line = fill(Msg::ReorderLine.text(c.lang()), &[
                                ("every", &c.counted(Msg::EveryDays, r.every_days as usize, &[])),
                                ("date", &day(r.last)),
                                ("overdue", &c.counted(Msg::ReorderOverdue, r.overdue_days as usize, &[])),
                            ]);
                            view! {
                                <li class="row">
                                    <a class="row-main" href=Route::Customer(r.customer).href()>{name}</a>
                                    <span class="row-sub">{line}</span>
                                    <span class="row-sub" data-testid="reorder-basket">{basket}</span>
                                    <button type="button" class="primary" on:click=move |_| start(&r)>{c.t(Msg::ReorderStart)}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}
