//! The open book as the screens see it: opening it at start, the notices storage raises,
//! saving through the [`Ledger`] (which says "saved" only after IndexedDB committed), and
//! keeping up with other tabs and windows: after every write this tab tells the others on a
//! `BroadcastChannel` (or, where there is none, through a `storage` event), and they catch up
//! from the stored change log within a moment; a tab coming back into view checks too.

use crate::analysis::recommend::Together;
use crate::analysis::segments::Analysis;
use crate::book::search::SearchIndex;
use crate::book::{Book, BookError, Change};
use crate::model::id::Id;
use crate::model::pace::{Pacer, Progress};
use crate::storage::device;
use crate::storage::idb::{Events, IdbStore};
use crate::storage::{Caught, Ledger, LedgerError, StoreError, SCHEMA_VERSION};
use crate::ui::i18n::Msg;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};

/// Main-thread time background work runs before the screen gets a turn: with the browser's
/// own work, no task comes near 50 ms, on a fast machine or a slow tablet alike. Work goes in
/// small steps (below) and stops after the step that used the time up.
const SLICE_MS: f64 = 12.0;

/// Purchases' worth of analysis details worked out per step (see `Analysis::fill_details`):
/// about 1 ms.
const DETAIL_STEP: usize = 2_000;

/// Purchases counted per step for the segment analysis (`Analysis::count`): about 1 ms.
const COUNT_STEP: usize = 10_000;

/// Customers indexed for search per step (`SearchIndex::extend`): about 1 ms.
const SEARCH_STEP: usize = 2_000;

/// Customers counted per step of the table of products that go together.
const TOGETHER_STEP: usize = 200;

thread_local! {
    // Whether this month's segment snapshot is being saved.
    static KEEPING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

thread_local! {
    // Which products go together: the last complete table, and the one being worked out, each
    // with the `Book::sales_stamp` it is for.
    static TOGETHER: std::cell::RefCell<Tables> = std::cell::RefCell::default();
    // The sales stamp the table is being worked out for, if it is.
    static TOGETHER_RUN: std::cell::Cell<Option<u64>> = const { std::cell::Cell::new(None) };
}

#[derive(Default)]
struct Tables {
    complete: Option<(u64, Together)>,
    working: Option<(u64, Together)>,
}

/// Runs `step` until it says it is done or this slice's time is up; whether it is done.
fn for_a_slice(mut step: impl FnMut() -> bool) -> bool {
    let start = js_sys::Date::now();
    loop {
        if step() {
            return true;
        }
        if js_sys::Date::now() - start >= SLICE_MS {
            return false;
        }
    }
}

/// A long job's pauses: the screen gets a turn once the job has run [`SLICE_MS`] since the
/// last one, so the job may ask as often as it likes.
#[derive(Clone)]
struct Turns {
    since: Rc<std::cell::Cell<f64>>,
}

impl Turns {
    fn new() -> Turns {
        Turns {
            since: Rc::new(std::cell::Cell::new(js_sys::Date::now())),
        }
    }

    /// Whether the job has had its slice.
    fn due(&self) -> bool {
        js_sys::Date::now() - self.since.get() >= SLICE_MS
    }

    /// Gives the screen a turn if due; ready at once otherwise.
    fn pause(&self) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>> {
        if !self.due() {
            return Box::pin(std::future::ready(()));
        }
        let since = self.since.clone();
        Box::pin(async move {
            next_task().await;
            since.set(js_sys::Date::now());
        })
    }
}

/// Resolves on the next macrotask, letting the browser paint and handle taps in between. A
/// message to itself rather than `setTimeout(0)`: after a few nested timeouts the browser waits
/// at least 4 ms each (30 pauses while a big book opens), and hidden tabs a second.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| match web_sys::MessageChannel::new() {
        Ok(channel) => {
            channel.port1().set_onmessage(Some(&resolve));
            let _ = channel.port2().post_message(&JsValue::NULL);
        }
        Err(_) => {
            if let Some(w) = web_sys::window() {
                let _ = w.set_timeout_with_callback(&resolve);
            }
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Resolves after `ms` milliseconds.
async fn wait_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Name of the IndexedDB database that holds the seller's book.
pub const DB_NAME: &str = "grahak";

thread_local! {
    // The ledger is not `Send`, so it lives here rather than in a signal; `BookCtx::version`
    // tells views when to read it again.
    static LEDGER: RefCell<Option<Rc<Ledger<IdbStore>>>> = const { RefCell::new(None) };
    static ASKED_PERSIST: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    // Rebuilt only when the customers change, not on every keystroke or sale.
    static SEARCH: RefCell<Searching> = RefCell::new(Searching::default());
    // Segments as of a day, for a book version; a new sale is folded in, anything else
    // rebuilds on next read (counted a slice per task on a big book).
    static ANALYSIS: RefCell<Option<Analysed>> = const { RefCell::new(None) };
    // Numbers each analysis started, so that its background work knows it is still wanted.
    static RUNS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    // The ledger's change count that `BookCtx::version` last reflected.
    static SEEN: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    // How this tab tells the others that the book changed.
    static CHANNEL: RefCell<Option<web_sys::BroadcastChannel>> = const { RefCell::new(None) };
}

/// The search index, as of the customers' stamp (`Book::customers_stamp`); on a big book it is
/// built a slice per task, answering from the previous complete index meanwhile.
struct Searching {
    stamp: u64,
    index: SearchIndex,
    indexed: usize,
    ready: bool,
    previous: Option<SearchIndex>,
}

impl Default for Searching {
    /// The (empty) index of a book without customers.
    fn default() -> Self {
        Searching {
            stamp: 0,
            index: SearchIndex::default(),
            indexed: 0,
            ready: true,
            previous: None,
        }
    }
}

impl Searching {
    /// Whether every customer of the book with this stamp is indexed.
    fn is_up_to(&self, stamp: u64) -> bool {
        self.ready && self.stamp == stamp
    }

    /// Indexes up to `n` more customers of `book` (whose stamp this is); `true` when all are.
    fn extend(&mut self, book: &Book, n: usize) -> bool {
        let all = book.customers();
        let end = self.indexed.saturating_add(n).min(all.len());
        self.index.extend(&all[self.indexed..end]);
        self.indexed = end;
        if end == all.len() {
            self.ready = true;
            self.previous = None;
        }
        self.ready
    }

    /// The index to answer from: the finished one, else the last finished one.
    fn answering(&self) -> &SearchIndex {
        match (&self.previous, self.ready) {
            (Some(previous), false) => previous,
            _ => &self.index,
        }
    }
}

/// The segment analysis of one book version (moved on by sales folded into it).
struct Analysed {
    version: u64,
    run: u64,
    analysis: Analysis,
}

/// Name of the channel (and, without one, the `localStorage` key) that tabs announce writes on.
const CHANNEL_NAME: &str = "grahak-book";

/// Where opening the book stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BookStatus {
    /// Still opening.
    Opening,
    /// Open and loaded.
    Ready,
    /// Could not open: a title and an explanation for the seller.
    Failed(Msg, Msg),
}

/// Reactive handle on the book, provided in the app context.
#[derive(Clone, Copy)]
pub struct BookCtx {
    /// Opening state.
    pub status: RwSignal<BookStatus>,
    /// Bumped after every committed write.
    pub version: RwSignal<u64>,
    /// A notice for the whole app (another tab, an upgrade waiting).
    pub notice: RwSignal<Option<Msg>>,
    /// Bumped when the segment analysis is counted, and when its history-based details are
    /// all worked out.
    pub detailed: RwSignal<u64>,
    /// Bumped when the search index of a big book is complete.
    pub indexed: RwSignal<u64>,
    /// Bumped when a backup is downloaded (the reminder reads the date from settings).
    pub backed_up: RwSignal<u64>,
    /// Bumped when the table of products that go together is complete.
    pub together_done: RwSignal<u64>,
}

impl BookCtx {
    /// A handle in the `Opening` state.
    pub fn new() -> BookCtx {
        BookCtx {
            status: RwSignal::new(BookStatus::Opening),
            version: RwSignal::new(0),
            notice: RwSignal::new(None),
            detailed: RwSignal::new(0),
            indexed: RwSignal::new(0),
            backed_up: RwSignal::new(0),
            together_done: RwSignal::new(0),
        }
    }

    /// Reads which products go together (for recommendations): the table for the book's sales
    /// as they are, else the last complete one while it is worked out again (products keep
    /// their places, so an older table stays meaningful; a contact, a customer or a campaign
    /// changes no sale and starts no work). `None` before any table is complete; the work
    /// goes a slice at a time in the background, and reactive callers run again when it is done.
    pub fn together<R>(self, f: impl FnOnce(&Together, &Book) -> R) -> Option<R> {
        self.together_done.track();
        self.read(|b| {
            let stamp = b.sales_stamp();
            TOGETHER
                .with(|cell| {
                    let cell = cell.borrow();
                    let (kept, t) = cell.complete.as_ref()?;
                    if *kept != stamp || !t.done(b) {
                        self.work_out_together(stamp);
                    }
                    Some(f(t, b))
                })
                .or_else(|| {
                    self.work_out_together(stamp);
                    None
                })
        })
        .flatten()
    }

    fn work_out_together(self, stamp: u64) {
        if TOGETHER_RUN.with(|r| r.replace(Some(stamp))) == Some(stamp) {
            return;
        }
        leptos::task::spawn_local(async move {
            loop {
                let done = untrack(|| {
                    self.read(|b| {
                        if b.sales_stamp() != stamp {
                            return None; // the sales changed again: a newer run takes over
                        }
                        TOGETHER.with(|cell| {
                            let mut cell = cell.borrow_mut();
                            let cell = &mut *cell;
                            if cell.working.as_ref().map(|(s, _)| *s) != Some(stamp) {
                                // The complete table for these sales with customers added since
                                // goes on from where it stopped; anything else starts afresh.
                                cell.working = match cell.complete.take() {
                                    Some((s, t)) if s == stamp => Some((s, t)),
                                    other => {
                                        cell.complete = other;
                                        Some((stamp, Together::begin(b)))
                                    }
                                };
                            }
                            let offset = local_offset_minutes();
                            let finished = match cell.working.as_mut() {
                                Some((_, t)) => for_a_slice(|| t.fill(b, TOGETHER_STEP, offset)),
                                None => true,
                            };
                            if finished {
                                cell.complete = cell.working.take();
                            }
                            Some(finished)
                        })
                    })
                    .flatten()
                });
                match done {
                    Some(true) => {
                        self.together_done.update(|n| *n += 1);
                        break;
                    }
                    Some(false) => next_task().await,
                    None => break,
                }
            }
            // A run for newer sales may have started meanwhile: leave its mark.
            TOGETHER_RUN.with(|r| {
                if r.get() == Some(stamp) {
                    r.set(None);
                }
            });
        });
    }

    /// Opens the seller's book in the background.
    pub fn open(self) {
        let events = Events {
            on_blocked: Some(Rc::new(move || self.notice.set(Some(Msg::NoticeBlocked)))),
            on_closed_by_upgrade: Some(Rc::new(move || self.notice.set(Some(Msg::ErrClosed)))),
        };
        leptos::task::spawn_local(async move {
            let opened = match IdbStore::open_with(DB_NAME, SCHEMA_VERSION, events).await {
                Ok(store) => {
                    let turns = Turns::new();
                    let pause: crate::storage::Pause = Rc::new(move || turns.pause());
                    Ledger::open_early(store, Some(pause)).await
                }
                Err(e) => Err(LedgerError::Store(e)),
            };
            // In two steps: customers and products first, so that Sell can find a buyer and
            // take products at once on a big book while the sales are read (a save waits for
            // them); every other screen says "Opening" until the whole book is in.
            let opened = match opened {
                Ok(ledger) => {
                    let ledger = Rc::new(ledger);
                    LEDGER.with(|l| *l.borrow_mut() = Some(ledger.clone()));
                    // The seller's first act is usually a search: the index is made before the
                    // sales are read, not a slice between every two of their parts.
                    self.index_customers();
                    self.version.update(|v| *v += 1);
                    // (Bounded: should the customers change meanwhile, the sales are not held up.)
                    for _ in 0..1000 {
                        let stamp = ledger.book().customers_stamp();
                        if SEARCH.with(|s| s.borrow().is_up_to(stamp)) {
                            break;
                        }
                        next_task().await;
                    }
                    ledger.finish_opening().await.map(|()| ledger)
                }
                Err(e) => Err(e),
            };
            match opened {
                Ok(ledger) => {
                    SEEN.with(|s| s.set(ledger.changes()));
                    self.listen();
                    self.version.update(|v| *v += 1);
                    self.status.set(BookStatus::Ready);
                    self.notice.update(|n| {
                        if *n == Some(Msg::NoticeBlocked) {
                            *n = None;
                        }
                    });
                }
                Err(e) => {
                    LEDGER.with(|l| *l.borrow_mut() = None);
                    log_error("not opened", &e);
                    let (title, body) = open_failure(&e);
                    self.status.set(BookStatus::Failed(title, body));
                }
            }
        });
    }

    /// Whether the book is still opening (screens say so instead of showing a false "empty").
    pub fn opening(self) -> bool {
        self.status.get() == BookStatus::Opening
    }

    /// Reads the book (re-run when it changes). `None` while it is not open.
    pub fn read<R>(self, f: impl FnOnce(&Book) -> R) -> Option<R> {
        self.version.track();
        ledger().filter(|l| l.is_open()).map(|l| f(&l.book()))
    }

    /// Reads the customers, products and contacts (re-run when the book changes), already
    /// while a big book's sales are still being read: for the Sell screen, which must take a
    /// sale at once. `f` must not look at sales (there are none yet).
    pub fn read_early<R>(self, f: impl FnOnce(&Book) -> R) -> Option<R> {
        self.version.track();
        ledger().map(|l| f(&l.book()))
    }

    /// Up to `limit` live customers matching `query`, best first (re-run when the book changes).
    pub fn search(self, query: &str, limit: usize) -> Vec<Id> {
        self.search_page(query, 0, limit).1
    }

    /// How many live customers match `query`, and the `take` best after the first `skip`.
    pub fn search_page(self, query: &str, skip: usize, take: usize) -> (usize, Vec<Id>) {
        self.version.track();
        self.indexed.track();
        self.index_customers();
        SEARCH.with(|s| s.borrow().answering().search_page(query, skip, take))
    }

    /// Brings the search index up to the book's customers: at once for a small book, else the
    /// first slice now and the rest a slice per task.
    fn index_customers(self) {
        let Some(open) = ledger() else { return };
        let book = open.book();
        let stamp = book.customers_stamp();
        let ready = SEARCH.with(|cell| {
            let mut s = cell.borrow_mut();
            if s.stamp == stamp {
                return true;
            }
            let done =
                std::mem::replace(&mut s.index, SearchIndex::with_room_for(book.customers()));
            if s.ready {
                s.previous = Some(done);
            }
            s.stamp = stamp;
            s.indexed = 0;
            s.ready = false;
            for_a_slice(|| s.extend(&book, SEARCH_STEP))
        });
        drop(book);
        if ready {
            return;
        }
        leptos::task::spawn_local(async move {
            loop {
                next_task().await;
                let Some(ledger) = ledger() else { return };
                let book = ledger.book();
                let done = SEARCH.with(|cell| {
                    let mut s = cell.borrow_mut();
                    // The customers changed meanwhile: the next search starts again.
                    (s.stamp == book.customers_stamp())
                        .then(|| for_a_slice(|| s.extend(&book, SEARCH_STEP)))
                });
                match done {
                    Some(false) => continue,
                    Some(true) => self.indexed.update(|n| *n += 1),
                    None => {}
                }
                return;
            }
        });
    }

    /// Runs `f` on the segment analysis as of today (re-run when the book changes, and once
    /// more when it is counted and when its details are worked out). `None` while the book
    /// opens or, on a big book, while its purchases are counted a slice per task (the screens
    /// say "Working…", never a false number). A new sale updates it incrementally; the
    /// history-based details are worked out in slices between frames.
    pub fn analyse<R>(self, f: impl FnOnce(&Analysis, &Book) -> R) -> Option<R> {
        let version = self.version.get();
        self.detailed.track();
        let today = now().local_date(local_offset_minutes());
        self.read(|b| {
            ANALYSIS.with(|cell| {
                let mut cell = cell.borrow_mut();
                let fresh = cell
                    .as_ref()
                    .is_some_and(|x| x.version == version && x.analysis.today == today);
                if !fresh {
                    let run = RUNS.with(|r| r.get() + 1);
                    RUNS.with(|r| r.set(run));
                    let mut analysis = Analysis::begin(today, local_offset_minutes());
                    let done = for_a_slice(|| {
                        analysis.count(b, COUNT_STEP) && analysis.fill_details(b, DETAIL_STEP)
                    });
                    if !done {
                        self.analyse_in_background(run);
                    }
                    *cell = Some(Analysed {
                        version,
                        run,
                        analysis,
                    });
                }
                cell.as_ref()
                    .map(|x| &x.analysis)
                    .filter(|a| a.is_counted())
                    .map(|a| f(a, b))
            })
        })
        .flatten()
    }

    /// Counts the purchases, then works out the details, a slice per task; stops when another
    /// analysis replaces this one (new sales folded in keep it).
    fn analyse_in_background(self, run: u64) {
        leptos::task::spawn_local(async move {
            loop {
                next_task().await;
                let Some(ledger) = ledger() else { return };
                let step = ANALYSIS.with(|cell| match cell.borrow_mut().as_mut() {
                    Some(Analysed {
                        run: r,
                        analysis: a,
                        ..
                    }) if *r == run => {
                        let book = ledger.book();
                        Some(if a.is_counted() {
                            (false, for_a_slice(|| a.fill_details(&book, DETAIL_STEP)))
                        } else {
                            (for_a_slice(|| a.count(&book, COUNT_STEP)), false)
                        })
                    }
                    _ => None,
                });
                match step {
                    // Counted: RFM can be shown while the details go on.
                    Some((true, _)) => self.detailed.update(|n| *n += 1),
                    Some((false, false)) => {}
                    Some((false, true)) => {
                        self.detailed.update(|n| *n += 1);
                        return;
                    }
                    None => return,
                }
            }
        });
    }

    /// Runs a long read of the book (a backup, an export) in parts of `every` units (records,
    /// or what the job counts): `work` says how many the job has, `progress` shows how far it
    /// is, and saves wait until it is done. `None` while the book is not open.
    pub async fn long_read<R>(
        self,
        progress: RwSignal<Option<f64>>,
        every: u64,
        work: impl FnOnce(&Book) -> u64,
        job: impl AsyncFnOnce(&Book, &mut Pacer<'_>) -> R,
    ) -> Option<R> {
        let ledger = ledger()?;
        let mut pause = job_pause(progress);
        let done = ledger
            .reading(async |book: &Book| {
                let mut pacer = Pacer::new(work(book), every, &mut pause);
                job(book, &mut pacer).await
            })
            .await;
        progress.set(None);
        Some(done)
    }

    /// A copy of the segment analysis, once a big book's purchases are counted (waits for
    /// them); `None` if the book cannot be opened.
    pub async fn analysis_copy(self) -> Option<Analysis> {
        loop {
            if let Some(a) = untrack(|| self.analyse(|a, _| a.clone())) {
                return Some(a);
            }
            if matches!(self.status.get_untracked(), BookStatus::Failed(..)) {
                return None;
            }
            // Not a busy wait: the counting goes on in its own tasks meanwhile.
            wait_ms(20).await;
        }
    }

    /// Why there is no analysis to show yet: the book is opening, or it is being worked out.
    pub fn waiting(self) -> Msg {
        if self.opening() {
            Msg::Loading
        } else {
            Msg::Working
        }
    }

    /// Saves `change` in one transaction; `Ok` means committed. After the first real record,
    /// asks the browser not to evict the book (Settings shows the answer).
    pub async fn save(self, change: Change) -> Result<(), Msg> {
        let ledger = ledger().ok_or(Msg::ErrSaveFailed)?;
        let new_sales = change.adds_only_sales().then(|| change.purchases.clone());
        // A sale is saved straight through; an import of thousands is checked and encoded in
        // slices, the screen getting a turn between them.
        let turns = Turns::new();
        let mut pause = move |_: Progress| turns.pause();
        let work = Ledger::<IdbStore>::save_work(&change);
        let mut pacer = Pacer::new(work, JOB_SLICE, &mut pause);
        let saved = ledger.save_paced(change, &mut pacer).await;
        // Only this write changed the book: fold its sales into the analysis rather than
        // rebuild it (`fold_sales` checks that nothing else came in first).
        if let (Ok(()), Some(sales)) = (&saved, new_sales) {
            self.fold_sales(&ledger, &sales);
        }
        self.sync(&ledger);
        saved.map_err(|e| save_failure(&e))?;
        announce();
        if !ASKED_PERSIST.with(|a| a.replace(true)) {
            leptos::task::spawn_local(async {
                if device::persisted().await == Some(false) {
                    device::persist().await;
                }
            });
        }
        Ok(())
    }

    /// Folds new sales into the cached analysis, if it is of the book as it was just before
    /// them, and marks it current.
    fn fold_sales(self, ledger: &Ledger<IdbStore>, sales: &[crate::model::records::Purchase]) {
        let version = self.version.get_untracked();
        if SEEN.with(|s| s.get()) + 1 != ledger.changes() {
            return;
        }
        ANALYSIS.with(|cell| {
            if let Some(x) = cell.borrow_mut().as_mut() {
                if x.version == version {
                    let book = ledger.book();
                    for p in sales {
                        x.analysis.add_sale(&book, p);
                    }
                    x.version = version + 1;
                }
            }
        });
    }

    /// Tells the views the book changed, if the ledger's copy moved since they last heard.
    fn sync(self, ledger: &Ledger<IdbStore>) {
        let changes = ledger.changes();
        if SEEN.with(|s| s.replace(changes)) != changes {
            self.version.update(|v| *v += 1);
        }
    }

    /// Brings this tab up to date with what other tabs saved (called when one announces a
    /// write, and when this tab comes back into view).
    pub fn catch_up(self) {
        leptos::task::spawn_local(async move {
            let Some(ledger) = ledger() else { return };
            match ledger.catch_up().await {
                Ok(Caught::Nothing) => {}
                Ok(Caught::Changes(changes)) => {
                    if let [one] = changes.as_slice() {
                        if one.adds_only_sales() {
                            self.fold_sales(&ledger, &one.purchases);
                        }
                    }
                }
                Ok(Caught::Reloaded { replaced }) => {
                    if replaced {
                        self.notice.set(Some(Msg::NoticeReplaced));
                    }
                }
                Err(e) => log_error("not caught up", &e),
            }
            self.sync(&ledger);
        });
    }

    /// Listens for other tabs' writes, and for this tab coming back into view.
    fn listen(self) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let on_change = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || self.catch_up());
        let f = on_change.as_ref().unchecked_ref();
        match web_sys::BroadcastChannel::new(CHANNEL_NAME) {
            Ok(channel) => {
                channel.set_onmessage(Some(f));
                CHANNEL.with(|c| *c.borrow_mut() = Some(channel));
            }
            // No BroadcastChannel (old Safari): other tabs' `localStorage` writes fire `storage`.
            Err(_) => {
                let _ = window.add_event_listener_with_callback("storage", f);
            }
        }
        if let Some(doc) = window.document() {
            let _ = doc.add_event_listener_with_callback("visibilitychange", f);
        }
        // Lives as long as the page.
        on_change.forget();
    }

    /// Saves `change` in the background and then calls `done` with the outcome. One copy of the
    /// saving code serves every form (each `async` block would be compiled separately).
    pub fn submit(self, change: Change, done: impl FnOnce(Result<(), Msg>) + 'static) {
        self.submit_boxed(change, Box::new(done));
    }

    fn submit_boxed(self, change: Change, done: Box<dyn FnOnce(Result<(), Msg>)>) {
        leptos::task::spawn_local(async move { done(self.save(change).await) });
    }

    /// Keeps this month's segment snapshot once the segments are worked out, if the book has
    /// none yet (a screen showing segments calls it while it is shown; at most one save at a
    /// time). A copy that kept it first in another tab wins: this one's save is refused and
    /// nothing is lost.
    pub fn keep_month_snapshot(self) {
        Effect::new(move |_| {
            if self.analyse(|_, _| ()).is_some() {
                self.keep_snapshot_now();
            }
        });
    }

    fn keep_snapshot_now(self) {
        let change =
            untrack(|| self.analyse(|a, b| crate::analysis::movement::to_keep(a, b, now())))
                .flatten();
        let Some(change) = change else { return };
        if KEEPING.with(|k| k.replace(true)) {
            return;
        }
        leptos::task::spawn_local(async move {
            if self.save(change).await.is_err() {
                web_sys::console::warn_1(&"segment snapshot not kept".into());
            }
            KEEPING.with(|k| k.set(false));
        });
    }

    /// Replaces the whole book in one transaction, a part at a time (a restored backup of a
    /// million sales is checked, encoded and read back in parts), with `progress` from 0 to 1.
    pub async fn replace_all(
        self,
        change: Change,
        progress: RwSignal<Option<f64>>,
    ) -> Result<(), Msg> {
        let ledger = ledger().ok_or(Msg::ErrSaveFailed)?;
        let total = Ledger::<IdbStore>::replace_work(&change);
        let mut pause = job_pause(progress);
        let mut pacer = Pacer::new(total, JOB_SLICE, &mut pause);
        let replaced = ledger.replace_all_paced(change, &mut pacer).await;
        progress.set(None);
        self.sync(&ledger);
        replaced.map_err(|e| save_failure(&e))?;
        announce();
        Ok(())
    }
}

/// Records worked through between two asks for a pause in a long job (restore, backup,
/// export): about a millisecond; the pause itself comes every [`SLICE_MS`].
pub const JOB_SLICE: u64 = 2_500;

/// The pause of a long job: gives the screen a turn every [`SLICE_MS`], showing how far the
/// job is in `progress`.
pub fn job_pause(
    progress: RwSignal<Option<f64>>,
) -> impl FnMut(Progress) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>> {
    let turns = Turns::new();
    move |p: Progress| {
        if turns.due() {
            progress.set(Some(p.share()));
        }
        turns.pause()
    }
}

impl Default for BookCtx {
    fn default() -> Self {
        BookCtx::new()
    }
}

/// A new random record id, from the browser's cryptographic generator.
pub fn new_id() -> crate::model::id::Id {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())
        .is_some();
    if !filled {
        // No Web Crypto (very old browser): fall back to Math.random, still 128 bits of it.
        for b in &mut bytes {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    crate::model::id::Id::from_bytes(bytes)
}

/// Now.
pub fn now() -> crate::model::time::Timestamp {
    crate::model::time::Timestamp(js_sys::Date::now() as i64)
}

/// Minutes east of UTC on this device (India: 330).
pub fn local_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

/// Tells the other tabs that the book changed; they read what changed from storage.
fn announce() {
    let sent = CHANNEL.with(|c| {
        c.borrow()
            .as_ref()
            .map(|ch| ch.post_message(&JsValue::TRUE).is_ok())
    });
    if sent != Some(true) {
        // A different value each time, or no `storage` event fires.
        if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = storage.set_item(CHANNEL_NAME, &js_sys::Math::random().to_string());
        }
    }
}

fn ledger() -> Option<Rc<Ledger<IdbStore>>> {
    LEDGER.with(|l| l.borrow().clone())
}

/// The screen to show when the book cannot be opened.
pub fn open_failure(e: &LedgerError) -> (Msg, Msg) {
    match e {
        LedgerError::Store(StoreError::Unavailable(_)) => (Msg::NoStorageTitle, Msg::NoStorageBody),
        LedgerError::Store(StoreError::TooNew { .. }) => (Msg::ErrTooNewTitle, Msg::ErrTooNewBody),
        LedgerError::Store(StoreError::Damaged(_) | StoreError::Failed(_)) => {
            (Msg::ErrDamagedTitle, Msg::ErrDamagedBody)
        }
        _ => (Msg::ErrFailedTitle, Msg::ErrFailedBody),
    }
}

/// Tells the console what went wrong: the variant, and the browser's own words when storage
/// failed. (Not `Display`: the error chain's formatting code is a few KB of wasm.)
fn log_error(what: &str, e: &LedgerError) {
    let detail = match e {
        LedgerError::Store(
            StoreError::Unavailable(s)
            | StoreError::Conflict(s)
            | StoreError::Damaged(s)
            | StoreError::Failed(s),
        ) => s.as_str(),
        LedgerError::Store(StoreError::QuotaExceeded) => "quota exceeded",
        LedgerError::Store(StoreError::TooNew { .. }) => "book is from a newer app",
        LedgerError::Store(StoreError::Closed) => "closed by another tab",
        LedgerError::Store(StoreError::Stale) => "others kept writing",
        LedgerError::Book(_) => "the change breaks a rule of the book",
        LedgerError::ChangedElsewhere(_) => "changed in another window",
        LedgerError::Replaced => "book replaced in another window",
    };
    web_sys::console::error_2(&what.into(), &detail.into());
}

/// The message for a write that did not happen (the details go to the console).
pub fn save_failure(e: &LedgerError) -> Msg {
    log_error("not saved", e);
    match e {
        LedgerError::Store(StoreError::QuotaExceeded) => Msg::ErrQuota,
        LedgerError::Store(StoreError::Closed) => Msg::ErrClosed,
        LedgerError::Store(StoreError::Conflict(_)) => Msg::ErrConflict,
        LedgerError::Book(BookError::DuplicatePhone { .. }) => Msg::ErrDuplicatePhone,
        LedgerError::Book(BookError::EmptyName(_)) => Msg::ErrEmptyName,
        LedgerError::Book(
            BookError::UnknownCustomer(_)
            | BookError::UnknownProduct(_)
            | BookError::UnknownPurchase(_),
        ) => Msg::ErrUnknownRecord,
        LedgerError::Book(BookError::DeletedCustomer(_)) => Msg::ErrDeletedCustomer,
        LedgerError::Book(BookError::DeletedProduct(_)) => Msg::ErrDeletedProduct,
        LedgerError::ChangedElsewhere(_) => Msg::ErrChangedElsewhere,
        LedgerError::Replaced => Msg::ErrReplaced,
        _ => Msg::ErrSaveFailed,
    }
}
