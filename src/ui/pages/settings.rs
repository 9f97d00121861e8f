//! Settings: the shop's details, the book's size and safety on this device, and a sample shop.

use crate::files::backup;
use crate::model::settings::{Lang, Settings, SettingsError};
use crate::storage::{device, settings as saved_settings};
use crate::ui::book::now;
use crate::ui::components::{confirm, Field};
use crate::ui::context::ctx;
use crate::ui::files;
use crate::ui::i18n::{fill, format_bytes, Msg};
use crate::ui::pages::backup::check;
use crate::ui::pages::import::ImportPanel;
use leptos::prelude::*;

/// The settings screen.
#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <section class="page" data-testid="page-settings">
            <h1>{ctx().t(Msg::NavSettings)}</h1>
            <ShopForm/>
            <crate::ui::pages::loyalty::LoyaltyForm/>
            <crate::ui::pages::backup::BackupPanel/>
            <ImportCard/>
            <BookPanel/>
            <StoragePanel/>
        </section>
    }
}

/// The CSV import card.
#[component]
fn ImportCard() -> impl IntoView {
    let c = ctx();
    view! {
        <div class="card" data-testid="import-card">
            <h2>{c.t(Msg::ImportTitle)}</h2>
            <p class="hint">{c.t(Msg::ImportHint)}</p>
            <ImportPanel/>
        </div>
    }
}

#[component]
fn ShopForm() -> impl IntoView {
    let c = ctx();
    let current = c.settings.get_untracked();
    let name = RwSignal::new(current.shop_name.clone());
    let currency = RwSignal::new(current.currency.clone());
    let code = RwSignal::new(current.default_country_code.clone());
    let lang = RwSignal::new(current.lang.code().to_string());
    let digits = RwSignal::new(current.native_digits);
    let errors = RwSignal::new(Vec::<SettingsError>::new());
    let status = RwSignal::new(None::<Msg>);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = Settings {
            shop_name: name.get_untracked(),
            currency: currency.get_untracked(),
            default_country_code: code.get_untracked(),
            lang: Lang::from_code(&lang.get_untracked()).unwrap_or_default(),
            native_digits: digits.get_untracked(),
            loyalty: c.settings.with_untracked(|s| s.loyalty.clone()),
        };
        match typed.cleaned() {
            Err(es) => {
                errors.set(es);
                status.set(None);
            }
            Ok(clean) => {
                errors.set(Vec::new());
                let switching = clean.lang != c.settings.with_untracked(|s| s.lang);
                leptos::task::spawn_local(async move {
                    // Another language: its texts first (nothing is saved if they cannot be
                    // had), then every screen shows it at once, with nothing typed lost.
                    if switching && !crate::ui::i18n::load(clean.lang).await {
                        status.set(Some(Msg::ErrSettingsNotSaved));
                        return;
                    }
                    match saved_settings::save(&clean) {
                        Ok(()) => {
                            name.set(clean.shop_name.clone());
                            currency.set(clean.currency.clone());
                            code.set(clean.default_country_code.clone());
                            c.settings.set(clean);
                            status.set(Some(Msg::Saved));
                        }
                        Err(_) => status.set(Some(Msg::ErrSettingsNotSaved)),
                    }
                });
            }
        }
    };
    let error_for = move |e: SettingsError, msg: Msg| {
        Signal::derive(move || {
            errors
                .with(|es| es.contains(&e))
                .then(|| msg.text(c.lang()).to_string())
        })
    };

    view! {
        <form class="card" on:submit=submit novalidate data-testid="shop-form">
            <h2>{c.t(Msg::SettingsShop)}</h2>
            <Field label=Msg::SettingsShopName error=error_for(SettingsError::ShopNameTooLong, Msg::ErrShopNameTooLong)>
                <input name="shop_name" autocomplete="organization" bind:value=name/>
            </Field>
            <Field label=Msg::SettingsLanguage>
                <select name="language" bind:value=lang>
                    {Lang::ALL
                        .iter()
                        .map(|l| view! { <option value=l.code()>{l.native_name()}</option> })
                        .collect_view()}
                </select>
            </Field>
            <label class="check">
                <input type="checkbox" name="native_digits" bind:checked=digits/>
                <span>{c.t(Msg::SettingsDigits)}</span>
            </label>
            <Field label=Msg::SettingsCurrency error=error_for(SettingsError::Currency, Msg::ErrCurrency)>
                <input name="currency" maxlength="3" autocapitalize="characters" bind:value=currency/>
            </Field>
            <Field label=Msg::SettingsCountryCode error=error_for(SettingsError::CountryCode, Msg::ErrCountryCode)>
                <input name="country_code" inputmode="numeric" maxlength="4" bind:value=code/>
            </Field>
            <div class="actions">
                <button type="submit" class="primary">{c.t(Msg::Save)}</button>
                <span class="status" role="status" data-testid="settings-status">
                    {move || status.get().map(|m| m.text(c.lang()))}
                </span>
            </div>
        </form>
    }
}

/// The sample shop, next to the page.
const SAMPLE_URL: &str = "./sample-shop.grahak";

#[component]
fn BookPanel() -> impl IntoView {
    let c = ctx();
    let busy = RwSignal::new(false);
    let status = RwSignal::new(None::<Msg>);
    let counts = move || {
        c.book
            .read(|b| {
                let n = b.live_counts();
                fill(
                    Msg::BookCounts.text(c.lang()),
                    &[
                        ("customers", &c.count(n.customers)),
                        ("products", &c.count(n.products)),
                        ("sales", &c.count(n.sales)),
                    ],
                )
            })
            .unwrap_or_else(|| Msg::Loading.text(c.lang()).to_string())
    };
    // Not shown: the sample shop is small.
    let progress = RwSignal::new(None::<f64>);
    let load_sample = move |_| {
        if !confirm(Msg::SampleConfirm.text(c.lang())) {
            return;
        }
        busy.set(true);
        status.set(Some(Msg::Working));
        leptos::task::spawn_local(async move {
            // The sample ships as a backup file (tests/sample_file.rs makes it), moved forward
            // by whole days so that its last day is today.
            let checked = match files::fetch_bytes(SAMPLE_URL).await {
                Some(bytes) => check(bytes, progress).await,
                None => Err(Msg::ErrSampleMissing),
            };
            let result = match checked {
                Ok((header, mut change)) => {
                    const DAY: i64 = 86_400_000;
                    backup::shift(&mut change, (now().0 - header.created.0) / DAY * DAY);
                    c.book.replace_all(change, progress).await
                }
                Err(m) => Err(m),
            };
            status.set(Some(result.map_or_else(|m| m, |()| Msg::SampleLoaded)));
            busy.set(false);
        });
    };
    view! {
        <div class="card">
            <h2>{c.t(Msg::SettingsBook)}</h2>
            <p data-testid="book-counts">{counts}</p>
            <h3>{c.t(Msg::SampleTitle)}</h3>
            <p class="hint">{c.t(Msg::SampleBody)}</p>
            <div class="actions">
                <button
                    type="button"
                    on:click=load_sample
                    disabled=move || busy.get() || c.book.read(|_| ()).is_none()
                >
                    {c.t(Msg::SampleLoad)}
                </button>
                <span class="status" role="status" data-testid="sample-status">
                    {move || status.get().map(|m| m.text(c.lang()))}
                </span>
            </div>
        </div>
    }
}

#[component]
fn StoragePanel() -> impl IntoView {
    let c = ctx();
    // Plain signals filled by tasks rather than `LocalResource`: the async-derived machinery
    // behind resources costs ~4 KB gzip of wasm, for two numbers.
    let persisted = RwSignal::new(None::<bool>);
    let estimate = RwSignal::new(None::<(f64, f64)>);
    leptos::task::spawn_local(async move { persisted.set(device::persisted().await) });
    // Re-estimate after every write, so the figure follows the book.
    Effect::new(move |_| {
        c.book.version.track();
        leptos::task::spawn_local(async move { estimate.set(device::estimate().await) });
    });
    let asked = RwSignal::new(None::<bool>);
    let ask = move |_| {
        leptos::task::spawn_local(async move {
            asked.set(Some(device::persist().await.unwrap_or(false)));
        });
    };
    let is_persisted = move || asked.get().or_else(|| persisted.get()).unwrap_or(false);
    view! {
        <div class="card">
            <h2>{c.t(Msg::SettingsStorage)}</h2>
            <p data-testid="storage-estimate">
                {move || match estimate.get() {
                    Some((used, quota)) => fill(
                        Msg::StorageUsed.text(c.lang()),
                        &[("used", &format_bytes(used)), ("quota", &format_bytes(quota))],
                    ),
                    None => Msg::StorageUnknown.text(c.lang()).to_string(),
                }}
            </p>
            <p data-testid="storage-persisted">
                {move || if is_persisted() { c.t(Msg::PersistGranted)() } else { c.t(Msg::PersistNotGranted)() }}
            </p>
            {move || (!is_persisted()).then(|| view! {
                <button type="button" on:click=ask>{c.t(Msg::PersistAsk)}</button>
            })}
        </div>
    }
}
