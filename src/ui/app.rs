//! The app shell: header, navigation, and the current screen.

use crate::storage::settings;
use crate::ui::book::{BookCtx, BookStatus};
use crate::ui::context::Ctx;
use crate::ui::i18n::Msg;
use crate::ui::pages;
use crate::ui::route::Route;
use crate::ui::text::nav_label;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

fn current_route() -> Route {
    let hash = window().location().hash().unwrap_or_default();
    Route::from_hash(&hash)
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let ctx = Ctx {
        settings: RwSignal::new(settings::load()),
        book: BookCtx::new(),
    };
    provide_context(ctx);
    ctx.book.open();

    let route = RwSignal::new(current_route());
    let failed = Memo::new(move |_| match ctx.book.status.get() {
        BookStatus::Failed(title, body) => Some((title, body)),
        _ => None,
    });
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        route.set(current_route());
        // Every screen opens at its top, not where the last one was scrolled to.
        window().scroll_to_with_x_and_y(0.0, 0.0);
    });
    on_cleanup(move || handle.remove());

    // Settings saved in another tab (a language, the shop's name) show here at once: the browser
    // tells every other tab when localStorage changes. A new language's texts come first.
    let storage = window_event_listener(leptos::ev::storage, move |e| {
        if e.key().as_deref() != Some(settings::KEY) {
            return;
        }
        let next = settings::load();
        leptos::task::spawn_local(async move {
            let lang = next.lang;
            if lang != ctx.settings.with_untracked(|s| s.lang) && !crate::ui::i18n::load(lang).await
            {
                return;
            }
            ctx.settings.set(next);
        });
    });
    on_cleanup(move || storage.remove());

    // Keep <html lang dir> in step with the language so that right-to-left scripts mirror the
    // layout (the stylesheet uses logical properties only).
    Effect::new(move |_| {
        let lang = ctx.lang();
        if let Some(root) = document().document_element() {
            root.set_attribute("lang", lang.code()).ok();
            root.set_attribute("dir", if lang.is_rtl() { "rtl" } else { "ltr" })
                .ok();
        }
    });

    let shop_name = move || {
        ctx.settings.with(|s| {
            if s.shop_name.trim().is_empty() {
                Msg::DefaultShopName.text(s.lang).to_string()
            } else {
                s.shop_name.clone()
            }
        })
    };

    view! {
        <div class="shell">
            <header class="top">
                <span class="brand">{ctx.t(Msg::AppName)}</span>
                <span class="shop" data-testid="shop-name">{shop_name}</span>
            </header>
            <nav class="sections" aria-label=ctx.t(Msg::NavLabel)>
                {Route::SECTIONS
                    .into_iter()
                    .map(|r| {
                        let label = nav_label(&r);
                        let href = r.href();
                        let active = {
                            let r = r.clone();
                            Memo::new(move |_| route.with(|cur| nav_label(cur) == nav_label(&r)))
                        };
                        view! {
                            <a
                                href=href
                                class="nav"
                                class:active=active
                                aria-current=move || active.get().then_some("page")
                            >
                                {ctx.t(label)}
                            </a>
                        }
                    })
                    .collect_view()}
            </nav>
            <main class="screen">
                {move || {
                    ctx.book
                        .notice
                        .get()
                        .map(|msg| {
                            view! {
                                <div class="notice" role="alert" data-testid="notice">
                                    <span>{ctx.t(msg)}</span>
                                    {if msg == Msg::NoticeReplaced {
                                        // Already showing the new book: nothing to reload.
                                        view! {
                                            <button type="button" on:click=move |_| ctx.book.notice.set(None)>
                                                {ctx.t(Msg::Dismiss)}
                                            </button>
                                        }.into_any()
                                    } else {
                                        view! {
                                            <button type="button" on:click=|_| { window().location().reload().ok(); }>
                                                {ctx.t(Msg::Reload)}
                                            </button>
                                        }.into_any()
                                    }}
                                </div>
                            }
                        })
                }}
                <UpdateReady/>
                {pages::backup::reminder(ctx)}
                // Only a failure replaces the page: the book finishing opening (or changing)
                // must not rebuild the screen and wipe what the seller is typing.
                {move || match failed.get() {
                    Some((title, body)) => view! {
                        <section class="page fatal-inline" role="alert" data-testid="book-failed">
                            <h1>{ctx.t(title)}</h1>
                            <p>{ctx.t(body)}</p>
                        </section>
                    }
                    .into_any(),
                    None => pages::render(route.get()),
                }}
            </main>
        </div>
    }
}

/// "A new version is ready": shown when a new build has installed beside this one (the page's
/// script says so with a `grahak-update` event). Reloading into it keeps the sale being typed
/// (its draft is kept per tab); the seller chooses when.
#[component]
fn UpdateReady() -> impl IntoView {
    let ctx = crate::ui::context::ctx();
    let has_update =
        || js_sys::Reflect::get(&window(), &"grahakUpdate".into()).is_ok_and(|v| v.is_truthy());
    let ready = RwSignal::new(has_update());
    let handle = window_event_listener_untyped("grahak-update", move |_| ready.set(true));
    on_cleanup(move || handle.remove());
    let reload = |_| {
        let apply = js_sys::Reflect::get(&window(), &"grahakApplyUpdate".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        if let Some(apply) = apply {
            let _ = apply.call0(&wasm_bindgen::JsValue::NULL);
        }
    };
    move || {
        ready.get().then(|| view! {
            <div class="notice" role="status" data-testid="update-ready">
                <span>{ctx.t(Msg::UpdateReady)}</span>
                <button type="button" class="primary" on:click=reload>{ctx.t(Msg::UpdateReload)}</button>
            </div>
        })
    }
}
