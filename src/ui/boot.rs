//! Starting the app, and the two screens shown when it cannot run: storage unavailable, and a
//! crash. Both are drawn with plain DOM calls so they work even when the reactive runtime is not.

use crate::storage::settings;
use crate::ui::i18n::Msg;
use wasm_bindgen::JsCast;

/// Entry point called by `main`: installs the crash screen, checks the browser, mounts the app.
pub fn start() {
    crash_screen();
    // The seller's language's table, if the page is still loading it (`index.html`).
    let pending = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"grahakTable".into()).ok())
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
    match pending {
        // Loaded or not, the app starts: if it could not be had, in English.
        Some(table) => wasm_bindgen_futures::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(table).await;
            with_texts();
        }),
        None => with_texts(),
    }
}

/// Installs the texts, checks the browser and mounts the app.
fn with_texts() {
    if !crate::ui::i18n::install() {
        // The page and the app do not match (a half-updated cache): the texts are missing, so
        // the crash screen falls back to one bilingual line and offers the reload that fixes it.
        show_fatal(Msg::CrashTitle, Msg::CrashBody);
        return;
    }
    if !indexed_db_present() {
        show_fatal(Msg::NoStorageTitle, Msg::NoStorageBody);
        return;
    }
    after_next_paint(|| {
        remove_boot_message();
        leptos::mount::mount_to_body(crate::ui::app::App);
    });
}

/// Runs `f` once the page has painted a frame: the shell `index.html` draws (and on a first
/// visit the first-run card) is seen before the app replaces it, even where the app's code
/// arrives faster than the first frame. Costs about two frames. A hidden tab paints no frames:
/// there `f` runs after [`PAINT_WAIT_MS`] at most; and at once if nothing can be scheduled.
fn after_next_paint(f: impl FnOnce() + 'static) {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    type Job = Rc<RefCell<Option<Box<dyn FnOnce()>>>>;
    let job: Job = Rc::new(RefCell::new(Some(Box::new(f))));
    // Whichever comes first runs it; the other finds nothing left.
    let run = |job: Job| {
        move || {
            let f = job.borrow_mut().take();
            if let Some(f) = f {
                f();
            }
        }
    };
    let Some(window) = web_sys::window() else {
        return run(job)();
    };
    let after_frame = {
        let job = job.clone();
        // A frame's callbacks run before it paints; those of the frame after run once the first
        // has been painted and shown (one frame is not always enough for it to be shown).
        Closure::once_into_js(move || {
            if let Some(w) = web_sys::window() {
                let _ = w.request_animation_frame(Closure::once_into_js(run(job)).unchecked_ref());
            }
        })
    };
    let framed = window
        .request_animation_frame(after_frame.unchecked_ref())
        .is_ok();
    let guarded = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            Closure::once_into_js(run(job.clone())).unchecked_ref(),
            PAINT_WAIT_MS,
        )
        .is_ok();
    if !framed && !guarded {
        run(job)();
    }
}

/// The longest the app waits for the page's first frame before it starts.
const PAINT_WAIT_MS: i32 = 300;

/// Shows the crash screen on a panic (and says what and where in the console).
pub fn crash_screen() {
    std::panic::set_hook(Box::new(|info| {
        // What and where, for the console; not `info.to_string()`, whose formatting is bigger.
        let what = info.payload_as_str().unwrap_or("panic");
        let at = info.location().map_or("", |l| l.file());
        web_sys::console::error_2(&what.into(), &at.into());
        show_fatal(Msg::CrashTitle, Msg::CrashBody);
    }));
}

/// Whether `window.indexedDB` exists. Some private modes expose it but refuse to open; that
/// failure is reported when the book is opened.
fn indexed_db_present() -> bool {
    web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .is_some()
}

fn remove_boot_message() {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        el.remove();
    }
}

/// Replaces the whole page with a message and a reload button, in the seller's language.
pub fn show_fatal(title: Msg, body: Msg) {
    let Some(page) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    else {
        return;
    };
    page.set_inner_html("");
    render_fatal(&page, title, body);
}

/// Draws the message and reload button into `page`. Public for browser tests.
pub fn render_fatal(page: &web_sys::Element, title: Msg, body: Msg) {
    let lang = settings::load().lang;
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let make = |tag: &str, text: &str| -> Option<web_sys::Element> {
        let el = doc.create_element(tag).ok()?;
        el.set_text_content(Some(text));
        Some(el)
    };
    let Ok(wrap) = doc.create_element("main") else {
        return;
    };
    wrap.set_class_name("fatal");
    wrap.set_attribute("role", "alert").ok();
    // Without the message table (see `i18n::install`) only this bilingual line can be shown.
    let or = |t: &'static str, fallback: &'static str| if t.is_empty() { fallback } else { t };
    for el in [
        make(
            "h1",
            or(
                title.text(lang),
                "Grahak could not start / ग्राहक शुरू नहीं हो सका",
            ),
        ),
        make(
            "p",
            or(
                body.text(lang),
                "Your data is safe. Reload. / आपका डेटा सुरक्षित है।",
            ),
        ),
        make("button", or(Msg::Reload.text(lang), "Reload")),
    ]
    .into_iter()
    .flatten()
    {
        if el.tag_name() == "BUTTON" {
            el.set_attribute("onclick", "location.reload()").ok();
            if let Some(b) = el.dyn_ref::<web_sys::HtmlElement>() {
                b.set_class_name("primary");
            }
        }
        wrap.append_child(&el).ok();
    }
    page.append_child(&wrap).ok();
}
