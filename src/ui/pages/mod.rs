//! Screens. Each is a thin view over the domain and storage layers.

use crate::ui::context::ctx;
use crate::ui::i18n::Msg;
use crate::ui::route::Route;
use leptos::prelude::*;

pub mod backup;
mod campaigns;
mod credit;
pub mod custom;
pub mod customers;
mod import;
mod insights;
mod loyalty;
mod message;
mod products;
mod reorder;
mod sale;
mod segments;
mod sell;
mod settings;

/// The view for `route`.
pub fn render(route: Route) -> AnyView {
    match route {
        Route::Sell => view! { <sell::SellPage buyer=None/> }.into_any(),
        Route::SellTo(id) => view! { <sell::SellPage buyer=Some(id)/> }.into_any(),
        Route::Customers => view! { <customers::CustomersPage/> }.into_any(),
        Route::Customer(id) => view! { <customers::CustomerPage id=id/> }.into_any(),
        Route::Owed => view! { <credit::WhoOwesPage/> }.into_any(),
        Route::Reorder => view! { <reorder::ReorderPage/> }.into_any(),
        Route::Sale(id) => view! { <sale::SalePage id=id/> }.into_any(),
        Route::Products => view! { <products::ProductsPage/> }.into_any(),
        Route::Segments => view! { <segments::SegmentsPage/> }.into_any(),
        Route::SegmentMembers(slug) => view! { <segments::MembersPage slug=slug/> }.into_any(),
        Route::Campaigns => view! { <campaigns::CampaignsPage/> }.into_any(),
        Route::Campaign(id) => view! { <campaigns::CampaignPage id=id/> }.into_any(),
        Route::Insights => view! { <insights::InsightsPage/> }.into_any(),
        Route::Settings => view! { <settings::SettingsPage/> }.into_any(),
        Route::NotFound(_) => not_found(),
    }
}

fn not_found() -> AnyView {
    let c = ctx();
    view! {
        <section class="page" data-testid="page-not-found">
            <h1>{c.t(Msg::NotFoundTitle)}</h1>
            <p class="empty">{c.t(Msg::NotFoundBody)}</p>
            <a class="button primary" href=Route::Sell.href()>{c.t(Msg::GoHome)}</a>
        </section>
    }
    .into_any()
}
