//! Backup and restore on the Settings screen, and the reminder when a backup is due.

use crate::book::{Book, Change};
use crate::files::backup::{self, BackupError, Header};
use crate::model::pace::Pacer;
use crate::storage::settings as saved;
use crate::ui::book::{job_pause, now, JOB_SLICE};
use crate::ui::components::{FilePicker, Outcome};
use crate::ui::context::{ctx, Ctx};
use crate::ui::files::{self, FileParts};
use crate::ui::i18n::{customer_headings, sale_headings};
use crate::ui::i18n::{fill, Msg};
use crate::ui::route::Route;
use crate::ui::text::{day, file_day};
use leptos::prelude::*;

/// Sales written to a CSV export between two asks for a pause (each is several rows of text:
/// about a millisecond).
const SALES_SLICE: u64 = 250;

/// Customers written to a CSV export between two asks for a pause.
const CUSTOMERS_SLICE: u64 = 500;

fn error_msg(e: BackupError) -> Msg {
    match e {
        BackupError::NotABackup => Msg::ErrNotBackup,
        BackupError::TooNew => Msg::ErrBackupNewer,
        BackupError::BadHeader | BackupError::Checksum | BackupError::Damaged => {
            Msg::ErrBackupDamaged
        }
    }
}

/// Makes the backup file of the current book, a part at a time with `progress` from 0 to 1.
async fn make(c: Ctx, progress: RwSignal<Option<f64>>) -> Result<(FileParts, String), Msg> {
    let (content, counts) = c
        .book
        .long_read(
            progress,
            JOB_SLICE,
            backup::content_work,
            async |b, pacer| backup::content_paced(b, backup::CONTENT_VERSION, pacer).await,
        )
        .await
        .ok_or(Msg::BackupFailed)?;
    let sha256 = files::sha256(&content).await;
    let created = now();
    let header = Header {
        format: backup::FORMAT_VERSION,
        app: env!("CARGO_PKG_VERSION").into(),
        schema: backup::CONTENT_VERSION,
        created,
        counts,
        sha256,
    };
    let name = format!("grahak-backup-{}.grahak", file_day(created));
    let mut file = FileParts::new("application/octet-stream");
    file.add_bytes(&backup::header_bytes(&header)).await;
    file.add_bytes(&content).await;
    Ok((file, name))
}

/// Checks a chosen file whole, a part at a time with `progress` from 0 to 1; `Ok` is what
/// restoring it would do.
pub async fn check(
    file: js_sys::Uint8Array,
    progress: RwSignal<Option<f64>>,
) -> Result<(Header, Change), Msg> {
    let head = file
        .subarray(0, file.length().min(backup::HEADER_MAX as u32))
        .to_vec();
    let (header, rest) = backup::split(&head).map_err(error_msg)?;
    let start = (head.len() - rest.len()) as u32;
    let content = files::into_wasm(&file.subarray(start, file.length())).await;
    if files::sha256(&content).await != header.sha256 {
        return Err(error_msg(BackupError::Checksum));
    }
    let mut pause = job_pause(progress);
    let mut pacer = Pacer::new(backup::read_work(&header), JOB_SLICE, &mut pause);
    let read = backup::read_paced(&header, &content, backup::CONTENT_VERSION, &mut pacer).await;
    progress.set(None);
    Ok((header, read.map_err(error_msg)?))
}

/// The Backup card.
#[component]
pub fn BackupPanel() -> impl IntoView {
    let c = ctx();
    let last = RwSignal::new(saved::last_backup());
    let status = RwSignal::new(None::<(bool, String)>);
    let pending = RwSignal::new(None::<(Header, Change)>);
    let busy = RwSignal::new(false);
    // A long job's progress (checking or restoring a backup), from 0 to 1.
    let progress = RwSignal::new(None::<f64>);
    let say = move |bad: bool, m: Msg| status.set(Some((bad, m.text(c.lang()).to_string())));

    let download = move |_| {
        busy.set(true);
        status.set(None);
        leptos::task::spawn_local(async move {
            match make(c, progress).await {
                Ok((file, name)) if file.download(&name).is_some() => {
                    saved::set_last_backup(now());
                    last.set(saved::last_backup());
                    c.book.backed_up.update(|n| *n += 1);
                    say(false, Msg::BackupSaved);
                }
                Ok(_) => say(true, Msg::BackupFailed),
                Err(m) => say(true, m),
            }
            busy.set(false);
        });
    };
    // Written a part at a time and handed to the browser in parts: a million sales are
    // hundreds of megabytes of CSV.
    let export = move |sales: bool| {
        busy.set(true);
        status.set(None);
        leptos::task::spawn_local(async move {
            let offset = crate::ui::book::local_offset_minutes();
            let mut file = FileParts::new(files::CSV);
            let mut keep = |part: String| file.add_text(&part);
            let done = if sales {
                c.book
                    .long_read(
                        progress,
                        SALES_SLICE,
                        |b| b.purchases().len() as u64,
                        async |b, pacer| {
                            crate::files::export::sales_paced(
                                b,
                                offset,
                                &sale_headings(c.lang()),
                                &mut keep,
                                pacer,
                            )
                            .await
                        },
                    )
                    .await
            } else {
                match c.book.analysis_copy().await {
                    Some(a) => {
                        c.book
                            .long_read(
                                progress,
                                CUSTOMERS_SLICE,
                                |b| b.customers().len() as u64,
                                async |b, pacer| {
                                    crate::files::export::customers_paced(
                                        b,
                                        &a,
                                        None,
                                        offset,
                                        &customer_headings(c.lang()),
                                        &mut keep,
                                        pacer,
                                    )
                                    .await
                                },
                            )
                            .await
                    }
                    None => None,
                }
            };
            let what = if sales { "sales" } else { "customers" };
            if done
                .and_then(|()| file.download(&files::csv_name(what)))
                .is_none()
            {
                say(true, Msg::BackupFailed);
            }
            busy.set(false);
        });
    };
    let choose = move |file: Option<js_sys::Uint8Array>| {
        busy.set(true);
        status.set(None);
        pending.set(None);
        leptos::task::spawn_local(async move {
            match file {
                None => say(true, Msg::ErrNotBackup),
                Some(bytes) => match check(bytes, progress).await {
                    Ok(p) => pending.set(Some(p)),
                    Err(m) => say(true, m),
                },
            }
            busy.set(false);
        });
    };
    let restore = move |_| {
        // Taken, not cloned: a big backup's records are hundreds of megabytes.
        let Some((_, change)) = pending.try_update(Option::take).flatten() else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match c.book.replace_all(change, progress).await {
                Ok(()) => {
                    pending.set(None);
                    // What is on the tablet now is exactly a backup the seller holds.
                    saved::set_last_backup(now());
                    last.set(saved::last_backup());
                    say(false, Msg::Restored);
                }
                Err(m) => say(true, m),
            }
            busy.set(false);
        });
    };
    let preview = move || {
        pending.with(|p| {
            p.as_ref().map(|(h, _)| {
                let n = |v: u64| c.count(v as usize);
                let text = fill(
                    Msg::RestorePreview.text(c.lang()),
                    &[
                        ("date", &day(h.created)),
                        ("customers", &n(h.counts.customers)),
                        ("products", &n(h.counts.products)),
                        ("sales", &n(h.counts.purchases)),
                        ("contacts", &n(h.counts.interactions)),
                        ("segments", &n(h.counts.segments)),
                        ("campaigns", &n(h.counts.campaigns)),
                    ],
                );
                view! {
                    <div class="notice" data-testid="restore-preview">
                        <p>{text}</p>
                        <p>{c.t(Msg::RestoreWarn)}</p>
                        <div class="actions">
                            <button type="button" class="danger" on:click=restore disabled=busy>{c.t(Msg::RestoreDo)}</button>
                            <button type="button" on:click=move |_| pending.set(None)>{c.t(Msg::Cancel)}</button>
                        </div>
                    </div>
                }
            })
        })
    };
    view! {
        <div class="card" data-testid="backup-panel">
            <h2>{c.t(Msg::BackupTitle)}</h2>
            <p data-testid="last-backup">{move || match last.get() {
                Some(t) => fill(Msg::BackupLast.text(c.lang()), &[("date", &day(t))]),
                None => Msg::BackupNever.text(c.lang()).to_string(),
            }}</p>
            <p class="hint">{c.t(Msg::BackupHint)}</p>
            <div class="actions">
                <button type="button" class="primary" on:click=download disabled=busy>{c.t(Msg::BackupDownload)}</button>
                <button type="button" on:click=move |_| export(false) disabled=busy>{c.t(Msg::ExportCustomers)}</button>
                <button type="button" on:click=move |_| export(true) disabled=busy>{c.t(Msg::ExportSales)}</button>
                <FilePicker label=Msg::RestoreChoose accept=".grahak" testid="restore-file" disabled=busy on_file=Callback::new(choose)/>
            </div>
            {preview}
            {move || progress.get().map(|share| view! {
                <label class="field" data-testid="backup-progress">
                    <span>{c.t(Msg::Working)}</span>
                    <progress max="100" value=format!("{:.0}", share * 100.0)></progress>
                </label>
            })}
            <Outcome outcome=status testid="backup-status"/>
        </div>
    }
}

/// "No backup for N days" with a way to Settings, when one is due.
pub fn reminder(c: Ctx) -> impl IntoView {
    move || {
        c.book.backed_up.track();
        let changes = c.book.read(Book::changed).flatten();
        backup::reminder(saved::last_backup(), changes, now()).map(|due| {
            let text = match due {
                backup::Due::Never => Msg::BackupDueNever.text(c.lang()).to_string(),
                backup::Due::Days(days) => c.counted(Msg::BackupDue, days as usize, &[]),
            };
            view! {
                <div class="notice" role="status" data-testid="backup-reminder">
                    <span>{text}</span>
                    <a class="button" href=Route::Settings.href()>{c.t(Msg::BackupNow)}</a>
                </div>
            }
        })
    }
}
