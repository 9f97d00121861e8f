//! CSV import on the Settings screen: choose a file, check its columns against the first rows,
//! check every row, then import the good ones in one save (see `files::import`).
//!
//! Reading and checking go a slice at a time with a progress bar between slices, so a file of
//! 100k sales keeps the screen alive. Nothing is written before the seller presses Import, and
//! then everything is written in one transaction: closing the tab at any point leaves the book
//! as it was or with the whole file. The check is made against the book as it is when the
//! seller taps Import: if this copy of the book saved anything since the check began, every row
//! is checked again first and the new counts are shown before anything is written. (Other tabs'
//! writes do not reach this copy yet: issue 13.)

use crate::files::import::{
    guess_columns, guess_sales_columns, report, unmapped, Check, Column, Minter, Plan, Reader,
    Reason, Table, TableError,
};
use crate::ui::book::{local_offset_minutes, new_id, next_task, now};
use crate::ui::components::{FilePicker, Outcome};
use crate::ui::context::{ctx, Ctx};
use crate::ui::files::{self, save_csv};
use crate::ui::i18n::{fill, Msg};
use leptos::prelude::*;
use std::cell::RefCell;

/// Text read per slice (about 30 ms on a cheap tablet).
const READ_SLICE: usize = 512 * 1024;
/// Rows checked per slice.
const CHECK_SLICE: usize = 10_000;
/// Rows shown under the column choices.
const PREVIEW_ROWS: usize = 5;

/// A checked file: what importing it will do, and the book version it was checked against.
type Checked = (Plan, u64);

thread_local! {
    /// The file being imported and, once checked, what importing it will do and the book
    /// version it was checked against.
    static FILE: RefCell<Option<(Table, Option<Checked>)>> = const { RefCell::new(None) };
}

#[derive(Clone, Copy, PartialEq)]
enum Stage {
    Idle,
    /// Reading or checking; percent done.
    Busy(u32),
    /// Choosing columns.
    Map,
    /// Checked; waiting for Import.
    Ready,
}

fn column_msg(c: Column) -> Msg {
    match c {
        Column::Name => Msg::ColName,
        Column::Phone => Msg::ColPhoneNumber,
        Column::Code => Msg::ColCode,
        Column::Area => Msg::ColArea,
        Column::Kind => Msg::ColKind,
        Column::Tags => Msg::ColTags,
        Column::Notes => Msg::ColNotes,
        Column::Language => Msg::FieldLanguage,
        Column::Offers => Msg::ColOffers,
        Column::OffersSince => Msg::ColOffersSince,
        Column::Date => Msg::ColDate,
        Column::Receipt => Msg::ColReceipt,
        Column::Customer => Msg::ColCustomer,
        Column::Product => Msg::ColProduct,
        Column::Quantity => Msg::ColQuantity,
        Column::UnitPrice => Msg::ColUnitPrice,
        Column::Amount => Msg::ColAmount,
        Column::LineTotal => Msg::ColLineTotal,
        Column::Payment => Msg::ColPayment,
        Column::Status => Msg::ColStatus,
        Column::Remark => Msg::ColRemark,
    }
}

fn reason_text(c: Ctx, r: &Reason) -> String {
    let msg = match r {
        Reason::Missing(col) => {
            let column = column_msg(*col).text(c.lang());
            return fill(Msg::RejMissing.text(c.lang()), &[("column", column)]);
        }
        Reason::BadPhone => Msg::RejBadPhone,
        Reason::PhoneTaken => Msg::RejPhoneTaken,
        Reason::BadDate => Msg::RejBadDate,
        Reason::FutureDate => Msg::RejFutureDate,
        Reason::BadAmount => Msg::RejBadAmount,
        Reason::BadQuantity => Msg::RejBadQuantity,
        Reason::BadPayment => Msg::RejBadPayment,
        Reason::ReceiptMismatch => Msg::RejReceiptMismatch,
    };
    msg.text(c.lang()).to_string()
}

fn columns(sales: bool) -> &'static [Column] {
    if sales {
        &Column::SALES
    } else {
        &Column::CUSTOMERS
    }
}

fn percent((done, all): (usize, usize)) -> u32 {
    (done * 100).checked_div(all).unwrap_or(100) as u32
}

/// Reads `bytes` a slice at a time. `None` when the seller cancelled meanwhile.
async fn read(bytes: &[u8], stage: RwSignal<Stage>) -> Option<Result<Table, Msg>> {
    let mut reader = match Reader::new(bytes) {
        Ok(r) => r,
        Err(e) => return Some(Err(table_error(e))),
    };
    while !reader.step(READ_SLICE) {
        if stage
            .try_set(Stage::Busy(percent(reader.progress())))
            .is_some()
        {
            return None; // The screen is gone.
        }
        next_task().await;
        stage
            .try_get_untracked()
            .filter(|s| matches!(s, Stage::Busy(_)))?;
    }
    Some(reader.finish().map_err(table_error))
}

fn table_error(e: TableError) -> Msg {
    match e {
        TableError::NotText => Msg::ErrCsvNotText,
        TableError::Empty => Msg::ErrCsvEmpty,
        TableError::OpenQuote(_) => Msg::ErrCsvQuote,
    }
}

/// The import card.
#[component]
pub fn ImportPanel() -> impl IntoView {
    let c = ctx();
    let stage = RwSignal::new(Stage::Idle);
    let sales = RwSignal::new(false);
    let map = RwSignal::new(Vec::<Option<Column>>::new());
    let status = RwSignal::new(None::<(bool, String)>);
    // Counts of the checked plan: sales, new customers, new products, left out.
    let counts = RwSignal::new([0usize; 4]);
    let say = move |bad: bool, text: String| {
        status.try_set(Some((bad, text)));
    };
    let stop = move || {
        FILE.with(|f| f.borrow_mut().take());
        stage.try_set(Stage::Idle);
    };

    let choose = move |file: Option<js_sys::Uint8Array>, for_sales: bool| {
        stop();
        status.set(None);
        sales.set(for_sales);
        stage.set(Stage::Busy(0));
        leptos::task::spawn_local(async move {
            let bytes = match file {
                Some(f) => files::into_wasm(&f).await,
                None => Vec::new(),
            };
            match read(&bytes, stage).await {
                None => {}
                Some(Err(m)) => {
                    stop();
                    say(true, m.text(c.lang()).to_string());
                }
                Some(Ok(table)) => {
                    let guessed = if for_sales {
                        guess_sales_columns(&table)
                    } else {
                        guess_columns(&table.header, columns(for_sales))
                    };
                    map.try_set(guessed);
                    FILE.with(|f| *f.borrow_mut() = Some((table, None)));
                    stage.try_set(Stage::Map);
                }
            }
        });
    };

    // Checks every row against the book as it is now, a slice per task.
    let check = move |rechecked: bool| {
        let chosen = map.get_untracked();
        if let Some(col) = unmapped(&chosen, sales.get_untracked()) {
            // A sale needs its total, or its lines' amounts or rates to add up.
            let column = match col {
                Column::Amount => Msg::ColAmountOrLines.text(c.lang()),
                col => column_msg(col).text(c.lang()),
            };
            return say(
                true,
                fill(Msg::ImportNeed.text(c.lang()), &[("column", column)]),
            );
        }
        let Some((table, _)) = FILE.with(|f| f.borrow_mut().take()) else {
            return;
        };
        status.set(None);
        stage.set(Stage::Busy(0));
        leptos::task::spawn_local(async move {
            let country = c
                .settings
                .with_untracked(|s| s.default_country_code.clone());
            let mut id = new_id;
            let mut m = Minter {
                id: &mut id,
                now: now(),
                offset_minutes: local_offset_minutes(),
                country_code: &country,
            };
            let mut check = Check::new(&table, &chosen, sales.get_untracked());
            // The book this check reads. A save during the check makes Import check again.
            let version = c.book.version.get_untracked();
            let mut done = false;
            while !done {
                done = c
                    .book
                    .read(|b| check.step(b, &mut m, CHECK_SLICE))
                    .unwrap_or(true);
                if stage
                    .try_set(Stage::Busy(percent(check.progress())))
                    .is_some()
                {
                    return;
                }
                next_task().await;
                if stage.try_get_untracked() != Some(Stage::Busy(percent(check.progress()))) {
                    return; // Cancelled or gone.
                }
            }
            let Some(plan) = c.book.read(|b| check.finish(b, &mut m)) else {
                return stop();
            };
            let ch = &plan.change;
            counts.try_set([
                ch.purchases.len(),
                ch.customers.len(),
                ch.products.len(),
                plan.rejected.len(),
            ]);
            FILE.with(|f| *f.borrow_mut() = Some((table, Some((plan, version)))));
            stage.try_set(Stage::Ready);
            if rechecked {
                say(false, Msg::ImportRechecked.text(c.lang()).to_string());
            }
        });
    };

    let import = move |_| {
        let checked_at = FILE.with(|f| {
            f.borrow()
                .as_ref()
                .and_then(|(_, p)| p.as_ref().map(|p| p.1))
        });
        if checked_at != Some(c.book.version.get_untracked()) {
            // The book changed since the check: check again, then let the seller look.
            return check(true);
        }
        let Some(change) = FILE.with(|f| {
            f.borrow_mut()
                .as_mut()
                .and_then(|(_, p)| p.as_mut())
                .map(|(p, _)| std::mem::take(&mut p.change))
        }) else {
            return;
        };
        stage.set(Stage::Busy(100));
        let [s, cu, p, _] = counts.get_untracked();
        c.book.submit(change, move |result| {
            stop();
            match result {
                Ok(()) => {
                    let n = |v: usize| c.count(v);
                    let text = fill(
                        Msg::Imported.text(c.lang()),
                        &[("sales", &n(s)), ("customers", &n(cu)), ("products", &n(p))],
                    );
                    say(false, text);
                }
                Err(m) => say(true, m.text(c.lang()).to_string()),
            }
        });
    };

    let left_out = move |_| {
        let csv = FILE.with(|f| {
            f.borrow().as_ref().and_then(|(table, plan)| {
                let (plan, _) = plan.as_ref()?;
                let headings = [Msg::HeadLine, Msg::HeadReason].map(|m| m.text(c.lang()));
                Some(report(
                    table,
                    &plan.rejected,
                    &|r| reason_text(c, r),
                    headings,
                ))
            })
        });
        if let Some(csv) = csv {
            save_csv(&csv, "left-out-rows");
        }
    };

    // One column per meaning: choosing it for column `k` frees it elsewhere.
    let pick = move |k: usize, value: String| {
        let cols = columns(sales.get_untracked());
        let col = value
            .parse::<usize>()
            .ok()
            .and_then(|n| cols.get(n).copied());
        map.update(|m| {
            for other in m.iter_mut().filter(|o| col.is_some() && **o == col) {
                *other = None;
            }
            if let Some(slot) = m.get_mut(k) {
                *slot = col;
            }
        });
    };
    // The file's header with a choice of meaning under each name, then its first rows. Text
    // from the file is only ever text nodes and attribute values, never markup.
    let table = move || {
        let cols = columns(sales.get_untracked());
        let (header, rows) = FILE.with(|f| {
            f.borrow()
                .as_ref()
                .map(|(t, _)| {
                    let rows: Vec<Vec<String>> = t
                        .rows
                        .iter()
                        .take(PREVIEW_ROWS)
                        .map(|r| r.cells.clone())
                        .collect();
                    (t.header.clone(), rows)
                })
                .unwrap_or_default()
        });
        // One row per column of the file: its name, what its first rows hold, and the meaning
        // chosen for it. Fits a phone however many columns the file has.
        let samples = |k: usize| {
            rows.iter()
                .filter_map(|r| r.get(k))
                .filter(|v| !v.trim().is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(" · ")
        };
        view! {
            <tbody>
                {header.into_iter().enumerate().map(|(k, name)| view! {
                    <tr>
                        <th scope="row">{name.clone()}</th>
                        <td class="samples">{samples(k)}</td>
                        <td>
                            // `selected` places the first choice; `prop:value` every later one (a
                            // meaning chosen for another column moves away from this one).
                            <select aria-label=name on:change=move |ev| pick(k, event_target_value(&ev))
                                prop:value=move || map.with(|m| {
                                    m.get(k).copied().flatten()
                                        .and_then(|col| cols.iter().position(|c| *c == col))
                                        .map_or_else(String::new, |n| n.to_string())
                                })>
                                <option value="" selected=move || map.with(|m| m.get(k).copied().flatten().is_none())>{c.t(Msg::ImportSkip)}</option>
                                {cols.iter().enumerate().map(|(n, &col)| view! {
                                    <option value=n.to_string() selected=move || map.with(|m| m.get(k) == Some(&Some(col)))>{c.t(column_msg(col))}</option>
                                }).collect_view()}
                            </select>
                        </td>
                    </tr>
                }).collect_view()}
            </tbody>
        }
    };
    let mapping = move || {
        let count = FILE.with(|f| f.borrow().as_ref().map_or(0, |(t, _)| t.rows.len()));
        view! {
            <p>{c.counted(Msg::ImportMapHint, count, &[])}</p>
            <table class="import-map" data-testid="import-map">{table}</table>
            <div class="actions">
                <button type="button" class="primary" on:click=move |_| check(false)>{c.t(Msg::ImportCheck)}</button>
                <button type="button" on:click=move |_| stop()>{c.t(Msg::Cancel)}</button>
            </div>
        }
    };

    let ready = move || {
        let [s, cu, p, rejected] = counts.get();
        let n = |v: usize| c.count(v);
        let text = if s + cu + p == 0 {
            Msg::ImportNone.text(c.lang()).to_string()
        } else {
            fill(
                Msg::ImportReady.text(c.lang()),
                &[
                    ("sales", &n(s)),
                    ("customers", &n(cu)),
                    ("products", &n(p)),
                    ("rejected", &n(rejected)),
                ],
            )
        };
        view! {
            <div class="notice" data-testid="import-ready">
                <p>{text}</p>
                <div class="actions">
                    {(s + cu + p > 0).then(|| view! {
                        <button type="button" class="primary" on:click=import>{c.t(Msg::ImportDo)}</button>
                    })}
                    {(rejected > 0).then(|| view! {
                        <button type="button" on:click=left_out>{c.t(Msg::ImportReport)}</button>
                    })}
                    <button type="button" on:click=move |_| stop()>{c.t(Msg::Cancel)}</button>
                </div>
            </div>
        }
    };

    let body = move || {
        match stage.get() {
        Stage::Idle => None,
        Stage::Busy(p) => Some(
            view! {
                <progress max="100" value=p data-testid="import-progress" aria-label=c.t(Msg::ImportProgress)></progress>
            }
            .into_any(),
        ),
        Stage::Map => Some(mapping().into_any()),
        Stage::Ready => Some(ready().into_any()),
    }
    };
    let busy = move || matches!(stage.get(), Stage::Busy(_));
    view! {
        <div data-testid="import-panel">
            <div class="actions">
                <FilePicker label=Msg::ImportCustomers accept=".csv,.txt,text/csv" testid="import-customers-file"
                    disabled=Signal::derive(busy) on_file=Callback::new(move |f| choose(f, false))/>
                <FilePicker label=Msg::ImportSales accept=".csv,.txt,text/csv" testid="import-sales-file"
                    disabled=Signal::derive(busy) on_file=Callback::new(move |f| choose(f, true))/>
            </div>
            {body}
            <Outcome outcome=status testid="import-status"/>
        </div>
    }
}
