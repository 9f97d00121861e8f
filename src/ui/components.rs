//! Pieces every screen shares, so that a field, its error, a row of choices, a delete and a file
//! picker look and behave the same everywhere.

use crate::ui::context::ctx;
use crate::ui::files;
use crate::ui::i18n::{Lang, Msg};
use leptos::prelude::*;

/// A labelled input with its error under it. The error is the one way every form shows what is
/// wrong with a field: `None` shows nothing.
#[component]
pub fn Field(
    /// The label above the input.
    label: Msg,
    /// What is wrong with the field, in the seller's language.
    #[prop(into, optional)]
    error: Option<Signal<Option<String>>>,
    /// The input itself.
    children: Children,
) -> impl IntoView {
    let c = ctx();
    view! {
        <label class="field">
            <span>{c.t(label)}</span>
            {children()}
            {error.map(|e| view! { <ErrorLine error=e/> })}
        </label>
    }
}

/// A line saying what is wrong, announced to screen readers; nothing when there is nothing.
#[component]
pub fn ErrorLine(
    /// The message, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    move || {
        error
            .get()
            .map(|e| view! { <p class="field-error" role="alert">{e}</p> })
    }
}

/// The outcome of an action: "saved" as a status, or what went wrong as an error. `(true, …)`
/// is an error.
#[component]
pub fn Outcome(
    /// `(is_error, text)`, if there is anything to say.
    #[prop(into)]
    outcome: Signal<Option<(bool, String)>>,
    /// For tests: the line's `data-testid`.
    #[prop(optional)]
    testid: &'static str,
) -> impl IntoView {
    let bad = move || outcome.with(|o| o.as_ref().is_some_and(|o| o.0));
    view! {
        <p role="status" data-testid=testid class:status=move || !bad() class:field-error=bad>
            {move || outcome.get().map(|o| o.1)}
        </p>
    }
}

/// A row of buttons of which one is chosen (payment, rating, sort order, kind of contact).
#[component]
pub fn Choices<T>(
    /// What the row is for (read by screen readers).
    label: Msg,
    /// The values offered, in order.
    options: Vec<T>,
    /// The chosen value.
    value: RwSignal<T>,
    /// Each value's text on its button.
    text: Callback<T, String>,
    /// Each value's name for screen readers, when the button's text is not words (stars).
    #[prop(optional)]
    aria: Option<Callback<T, String>>,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let c = ctx();
    view! {
        <div class="choices" role="group" aria-label=c.t(label)>
            {options.into_iter().map(|v| {
                let chosen = move || value.get() == v;
                view! {
                    <button type="button" class="choice" class:chosen=chosen
                        aria-pressed=move || chosen().to_string()
                        aria-label=move || aria.map(|a| a.run(v))
                        on:click=move |_| value.set(v)>
                        {move || text.run(v)}
                    </button>
                }
            }).collect_view()}
        </div>
    }
}

/// Asks the seller `question` (the browser's own dialog); `true` when they said yes.
pub fn confirm(question: &str) -> bool {
    window().confirm_with_message(question).unwrap_or(false)
}

/// A "Delete" button that asks first and then calls `on_delete`.
#[component]
pub fn DeleteButton(
    /// The question, e.g. "Delete Asha? Their sales stay in the book."
    question: Callback<(), String>,
    /// Runs once the seller said yes.
    on_delete: Callback<()>,
) -> impl IntoView {
    let c = ctx();
    view! {
        <button type="button" class="danger" on:click=move |_| {
            if confirm(&question.run(())) {
                on_delete.run(());
            }
        }>{c.t(Msg::Delete)}</button>
    }
}

/// A button that opens the file chooser and hands over the chosen file's bytes, still in
/// JavaScript (`None` when it could not be read).
#[component]
pub fn FilePicker(
    /// The button's text.
    label: Msg,
    /// File types offered (`.csv,text/csv`).
    accept: &'static str,
    /// For tests: the hidden input's `data-testid`.
    testid: &'static str,
    /// While true the button does nothing.
    #[prop(into, optional)]
    disabled: Signal<bool>,
    /// Called with the bytes.
    on_file: Callback<Option<js_sys::Uint8Array>>,
) -> impl IntoView {
    let c = ctx();
    let chosen = move |ev: web_sys::Event| {
        leptos::task::spawn_local(async move { on_file.run(files::chosen_file(&ev).await) });
    };
    view! {
        <label class="button" class:disabled=disabled>
            {c.t(label)}
            <input type="file" class="visually-hidden" accept=accept data-testid=testid
                disabled=disabled on:change=chosen/>
        </label>
    }
}

/// A tappable row: a main line and a line under it.
#[component]
pub fn RowLink(
    /// Where it leads (`#/customers/…`).
    href: String,
    /// The main line.
    main: String,
    /// The line under it.
    sub: String,
) -> impl IntoView {
    view! {
        <a class="row" href=href>
            <span class="row-main">{main}</span>
            <span class="row-sub">{sub}</span>
        </a>
    }
}

/// Which part of a long list is shown: "51–100 of 1,00,000" with "Previous" and "Next", so
/// that every row is reachable while only one page is drawn.
#[component]
pub fn Pager(
    /// Rows in the whole list.
    #[prop(into)]
    total: Signal<usize>,
    /// The page shown, from 0 (kept in range here when the list shrinks).
    page: RwSignal<usize>,
    /// Rows per page.
    size: usize,
    /// For tests: the pager's `data-testid`.
    testid: &'static str,
    /// Its name for screen readers, when a screen has two lists (else "Pages").
    #[prop(optional)]
    label: Option<Msg>,
) -> impl IntoView {
    let c = ctx();
    let label = label.unwrap_or(Msg::PageNav);
    let last = move || total.get().saturating_sub(1) / size;
    let at_first = move || page.get() == 0;
    let at_last = move || page.get() >= last();
    Effect::new(move || {
        if page.get() > last() {
            page.set(last());
        }
    });
    let range = move || {
        let n = total.get();
        let from = (page.get() * size).min(n);
        let to = (from + size).min(n);
        crate::ui::i18n::fill(
            Msg::PageRange.text(c.lang()),
            &[
                ("from", &c.count(from + usize::from(n > 0))),
                ("to", &c.count(to)),
                ("n", &c.count(n)),
            ],
        )
    };
    // Nothing for an empty list: the list says why (still opening, nobody yet, no match).
    move || {
        (total.get() > 0).then(|| view! {
        <nav class="pager" aria-label=c.t(label) data-testid=testid>
            <span role="status">{range}</span>
            {move || (total.get() > size).then(|| view! {
                <button type="button" disabled=at_first
                    on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>{c.t(Msg::PagePrev)}</button>
                <button type="button" disabled=at_last
                    on:click=move |_| page.update(|p| *p += 1)>{c.t(Msg::PageNext)}</button>
            })}
        </nav>
    })
    }
}

/// A form's first field: the cursor is put in it when the form appears (`node_ref=` it).
pub fn first_field() -> NodeRef<leptos::html::Input> {
    let field = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(el) = field.get() {
            let _ = el.focus();
        }
    });
    field
}

/// A day as sellers write it (`22/11/2026`; `forms` also reads `2026-11-22`), empty for today:
/// a text field, not the browser's date picker, whose order follows the phone's language
/// setting (`mm/dd/yyyy` on many) rather than the seller's.
#[component]
pub fn DayInput(value: RwSignal<String>) -> impl IntoView {
    let c = crate::ui::context::ctx();
    view! {
        <input type="text" inputmode="numeric" name="date" data-testid="sale-date" autocomplete="off"
            placeholder=c.t(Msg::DayPlaceholder) bind:value=value/>
    }
}

/// The first run's question: which language? Each named in its own script, the one the page
/// guessed from the browser's languages chosen already; a tap switches at once and keeps it.
/// Gone once the seller has chosen (or saved any setting).
#[component]
pub fn LanguageChooser() -> impl IntoView {
    let c = ctx();
    let open = RwSignal::new(!crate::storage::settings::exist());
    let failed = RwSignal::new(false);
    let pick = move |lang: Lang| {
        leptos::task::spawn_local(async move {
            let ok = c.choose_language(lang).await;
            failed.set(!ok);
            if ok {
                open.set(false);
            }
        });
    };
    move || {
        open.get().then(|| view! {
            <div class="card" data-testid="language-chooser">
                <h2>{c.t(Msg::ChooseLanguage)}</h2>
                <div class="choices" role="group" aria-label=c.t(Msg::ChooseLanguage)>
                    {Lang::ALL.iter().map(|&l| {
                        let chosen = move || c.lang() == l;
                        view! {
                            <button type="button" class="choice" lang=l.code()
                                class:chosen=chosen aria-pressed=move || chosen().to_string()
                                on:click=move |_| pick(l)>
                                {l.native_name()}
                            </button>
                        }
                    }).collect_view()}
                </div>
                <p class="hint">{c.t(Msg::ChooseLanguageLater)}</p>
                <ErrorLine error=Signal::derive(move || failed.get().then(|| Msg::ErrSettingsNotSaved.text(c.lang()).to_string()))/>
            </div>
        })
    }
}
