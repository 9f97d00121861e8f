//! The product catalogue: what the seller sells, its price, and how long it lasts a household.

use crate::book::catalogue;
use crate::book::Change;
use crate::forms::product::{ProductError, ProductInput};
use crate::model::records::Product;
use crate::ui::book::{new_id, now};
use crate::ui::components::{first_field, DeleteButton, ErrorLine, Field};
use crate::ui::context::{ctx, Ctx};
use crate::ui::i18n::{fill, Msg};
use leptos::prelude::*;

/// The catalogue: search, add, edit, delete.
#[component]
pub fn ProductsPage() -> impl IntoView {
    let c = ctx();
    let query = RwSignal::new(String::new());
    // `Some(None)`: adding; `Some(Some(p))`: editing `p`.
    let form = RwSignal::new(None::<Option<Product>>);
    let rows = move || {
        let q = query.get();
        c.book
            .read(|b| {
                catalogue::find(b, &q)
                    .into_iter()
                    .cloned()
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    view! {
        <section class="page" data-testid="page-products">
            <h1>{c.t(Msg::NavProducts)}</h1>
            <div class="toolbar">
                <input type="search" class="search" data-testid="product-search"
                    placeholder=c.t(Msg::ProductsSearch) aria-label=c.t(Msg::ProductsSearch) bind:value=query/>
                <button type="button" class="primary" on:click=move |_| form.set(Some(None))>{c.t(Msg::AddProduct)}</button>
            </div>
            {move || form.get().map(|editing| view! {
                <ProductForm editing=editing on_done=Callback::new(move |_| form.set(None))/>
            })}
            {move || {
                let list = rows();
                if list.is_empty() {
                    let msg = if c.book.opening() { Msg::Loading } else { Msg::NoProductsCatalogue };
                    return view! { <p class="empty">{c.t(msg)}</p> }.into_any();
                }
                view! {
                    <ul class="rows" data-testid="product-list">
                        {list.into_iter().map(|p| {
                            let sub = product_sub(c, &p);
                            let main = format!("{} · {}{}", p.name, c.money(p.price), if p.unit.is_empty() { String::new() } else { format!(" / {}", p.unit) });
                            view! {
                                <li>
                                    <button type="button" class="row" on:click=move |_| form.set(Some(Some(p.clone())))>
                                        <span class="row-main">{main}</span>
                                        <span class="row-sub">{sub}</span>
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}

/// "grains · lasts 30 days".
fn product_sub(c: Ctx, p: &Product) -> String {
    let mut parts = Vec::new();
    if !p.category.is_empty() {
        parts.push(p.category.clone());
    }
    if let Some(n) = p.lasts_days {
        parts.push(c.counted(Msg::LastsDays, n as usize, &[]));
    }
    parts.join(" · ")
}

/// Add or edit a product; used by the catalogue and the sale screen's quick add. Calls
/// `on_done` with the saved product, or `None` on cancel or delete.
#[component]
pub fn ProductForm(editing: Option<Product>, on_done: Callback<Option<Product>>) -> impl IntoView {
    let c = ctx();
    let start = editing
        .as_ref()
        .map(ProductInput::from_product)
        .unwrap_or_default();
    let name = RwSignal::new(start.name);
    let first = first_field();
    let category = RwSignal::new(start.category);
    let unit = RwSignal::new(start.unit);
    let price = RwSignal::new(start.price);
    let lasts = RwSignal::new(start.lasts_days);
    let errors = RwSignal::new(Vec::<ProductError>::new());
    let failure = RwSignal::new(None::<Msg>);
    let busy = RwSignal::new(false);
    let is_edit = editing.is_some();
    let editing = StoredValue::new(editing);

    let store = move |p: Product, result: Option<Product>| {
        busy.set(true);
        let change = Change {
            products: vec![p],
            ..Change::default()
        };
        c.book.submit(change, move |saved| {
            busy.set(false);
            match saved {
                Ok(()) => on_done.run(result),
                Err(m) => failure.set(Some(m)),
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let input = ProductInput {
            name: name.get_untracked(),
            category: category.get_untracked(),
            unit: unit.get_untracked(),
            price: price.get_untracked(),
            lasts_days: lasts.get_untracked(),
        };
        let built = c
            .book
            .read(|b| editing.with_value(|e| input.build(b, e.as_ref(), new_id(), now())));
        match built {
            Some(Ok(p)) => {
                errors.set(Vec::new());
                store(p.clone(), Some(p));
            }
            Some(Err(es)) => {
                if es.contains(&ProductError::ChangedElsewhere) {
                    failure.set(Some(Msg::ErrChangedElsewhere));
                }
                errors.set(es);
            }
            None => {}
        }
    };
    let delete = move |()| {
        if let Some(p) = editing.get_value() {
            let meta = p.meta.deleted(now());
            store(Product { meta, ..p }, None);
        }
    };
    // One message per field, shown under it.
    let error_for = move |field: u8| {
        Signal::derive(move || {
            errors.with(|es| {
                es.iter().find_map(|e| {
                    let (f, text) = match e {
                        ProductError::NameEmpty => {
                            (0, Msg::ErrProductName.text(c.lang()).to_string())
                        }
                        ProductError::NameTooLong => {
                            (0, Msg::ErrProductNameTooLong.text(c.lang()).to_string())
                        }
                        ProductError::NameTaken(id) => {
                            let other = c
                                .book
                                .read(|b| b.product(*id).map(|p| p.name.clone()))
                                .flatten()
                                .unwrap_or_default();
                            (
                                0,
                                fill(Msg::ErrProductNameTaken.text(c.lang()), &[("name", &other)]),
                            )
                        }
                        ProductError::Price(_) => (1, Msg::ErrPrice.text(c.lang()).to_string()),
                        ProductError::LastsDays => {
                            (2, Msg::ErrLastsDays.text(c.lang()).to_string())
                        }
                        // Shown once, under the form (see `submit`).
                        ProductError::ChangedElsewhere => (u8::MAX, String::new()),
                    };
                    (f == field).then_some(text)
                })
            })
        })
    };
    let failure = Signal::derive(move || failure.get().map(|m| m.text(c.lang()).to_string()));
    view! {
        <form class="card" on:submit=submit novalidate data-testid="product-form">
            <h2>{c.t(if is_edit { Msg::EditProduct } else { Msg::NewProduct })}</h2>
            <Field label=Msg::FieldProductName error=error_for(0)>
                <input name="name" autocomplete="off" bind:value=name node_ref=first/>
            </Field>
            <Field label=Msg::FieldPrice error=error_for(1)>
                <input name="price" inputmode="decimal" autocomplete="off" bind:value=price/>
            </Field>
            <Field label=Msg::FieldUnit>
                <input name="unit" bind:value=unit/>
            </Field>
            <Field label=Msg::FieldCategory>
                <input name="category" list="product-categories" bind:value=category/>
                <datalist id="product-categories">
                    {move || c.book.read(catalogue::categories).unwrap_or_default().into_iter().map(|k| view! { <option value=k/> }).collect_view()}
                </datalist>
            </Field>
            <Field label=Msg::FieldLastsDays error=error_for(2)>
                <input name="lasts" inputmode="numeric" autocomplete="off" bind:value=lasts/>
            </Field>
            <ErrorLine error=failure/>
            <div class="actions">
                <button type="submit" class="primary" disabled=move || busy.get()>{c.t(Msg::Save)}</button>
                <button type="button" on:click=move |_| on_done.run(None)>{c.t(Msg::Cancel)}</button>
                {is_edit.then(|| view! {
                    <DeleteButton
                        question=Callback::new(move |()| fill(Msg::DeleteProductConfirm.text(c.lang()), &[("name", &name.get_untracked())]))
                        on_delete=Callback::new(delete)/>
                })}
            </div>
        </form>
    }
}
