//! Segments: the R x F heatmap, the built-in segments with their share of revenue, and each
//! segment's members with their key metrics.

use crate::analysis::members::{self, Member, NoList, SortBy};
use crate::analysis::rfm::{Cut, Level, Segment};
use crate::analysis::segments::Builtin;
use crate::model::id::Id;
use crate::model::money::Paise;
use crate::ui::components::{Choices, Pager, RowLink};
use crate::ui::context::{ctx, Ctx};
use crate::ui::i18n::{fill, Msg};
use crate::ui::pages::custom::CustomSegments;
use crate::ui::route::Route;
use crate::ui::text::{builtin_name, segment_about, segment_label, share_text};
use leptos::prelude::*;

/// Members per page.
const PAGE: usize = 50;

fn sort_label(by: SortBy) -> Msg {
    match by {
        SortBy::Recency => Msg::ColRecency,
        SortBy::Visits => Msg::ColVisits,
        SortBy::Spent => Msg::ColSpent,
        SortBy::Name => Msg::ColName,
    }
}

/// The Segments screen.
#[component]
pub fn SegmentsPage() -> impl IntoView {
    let c = ctx();
    // This month's segment snapshot, for Insights' movement.
    c.book.keep_month_snapshot();
    view! {
        <section class="page" data-testid="page-segments">
            <h1>{c.t(Msg::NavSegments)}</h1>
            {move || c.book.analyse(|a, b| {
                let grid = a.grid();
                let max = grid.iter().flatten().copied().max().unwrap_or(0).max(1);
                // The built-ins, then the loyalty ones while loyalty is on.
                let mut all = Builtin::all();
                all.extend(c.settings.with(|s| Builtin::loyalty(&s.loyalty)));
                let rows = a
                    .sizes_of(b, all)
                    .into_iter()
                    .map(|(s, size)| {
                        let sub = size.map_or_else(
                            || Msg::Working.text(c.lang()).to_string(),
                            |(n, spent)| share_text(c, a, n, spent),
                        );
                        view! { <li><RowLink href=Route::SegmentMembers(s.slug()).href() main=builtin_name(c, s) sub=sub/></li> }
                    })
                    .collect_view();
                let as_of = c.counted(Msg::SegAsOf, a.buyers(), &[("date", &crate::ui::text::date(a.today))]);
                view! {
                    <p data-testid="segments-as-of">{as_of}</p>
                    <h2>{c.t(Msg::GridTitle)}</h2>
                    <table class="grid" data-testid="rf-grid">
                        <caption>{c.t(Msg::GridCaption)}</caption>
                        <tbody>
                            {(1..=5u8).rev().map(|r| view! {
                                <tr>
                                    <th scope="row">{fill(Msg::GridR.text(c.lang()), &[("n", &c.count(r.into()))])}</th>
                                    {(1..=5u8).map(|f| {
                                        let n = grid[usize::from(r - 1)][usize::from(f - 1)];
                                        let label = c.counted(Msg::GridCell, n as usize, &[("r", &c.count(r.into())), ("f", &c.count(f.into()))]);
                                        view! {
                                            <td><a class="cell" style=format!("--heat:{}%", n * 85 / max) aria-label=label
                                                href=Route::SegmentMembers(format!("rf-{r}-{f}")).href()>{c.count(n as usize)}</a></td>
                                        }
                                    }).collect_view()}
                                </tr>
                            }).collect_view()}
                            <tr><td></td>{(1..=5u8).map(|f| view! { <th scope="col">{fill(Msg::GridF.text(c.lang()), &[("n", &c.count(f.into()))])}</th> }).collect_view()}</tr>
                        </tbody>
                    </table>
                    <h2>{c.t(Msg::SegList)}</h2>
                    <ul class="rows" data-testid="segment-list">{rows}</ul>
                }
            })}
            {move || c.book.analyse(|_, _| ()).is_none().then(|| {
                let why = c.book.waiting();
                let id = if why == Msg::Loading { "opening" } else { "working" };
                view! { <p class="empty" data-testid=id>{c.t(why)}</p> }
            })}
            // Outside the analysis closure: saving a segment must not reset its form or message.
            <CustomSegments/>
            <details class="card" data-testid="segment-help">
                <summary>{c.t(Msg::SegHelpTitle)}</summary>
                // Each group in a seller's words first; how the scores are worked out after.
                <ul class="plain">
                    {Segment::ALL.into_iter().map(|seg| view! {
                        <li><strong>{c.t(segment_label(seg))}</strong> ": " {c.t(segment_about(seg))}</li>
                    }).collect_view()}
                </ul>
                <details>
                    <summary>{c.t(Msg::TheNumbers)}</summary>
                    <p>{c.t(Msg::SegHelp)}</p>
                </details>
            </details>
        </section>
    }
}

/// One segment's members, sortable by recency, visits, spend or name.
#[component]
pub fn MembersPage(slug: String) -> impl IntoView {
    let c = ctx();
    let sort = RwSignal::new(SortBy::Recency);
    let title = Builtin::from_slug(&slug).map(|s| builtin_name(c, s));
    let custom = slug.strip_prefix("custom-").and_then(Id::parse);
    let heading = slug
        .strip_prefix("rf-")
        .map(|rf| rf.replacen('-', " F", 1))
        .map(|rf| format!("R{rf}"))
        .or_else(|| {
            c.book
                .read(|b| {
                    b.segments()
                        .iter()
                        .find(|s| Some(s.meta.id) == custom)
                        .map(|s| s.name.clone())
                })
                .flatten()
        });
    // A custom segment's file is named after it, not its id.
    let named = heading
        .as_deref()
        .filter(|_| custom.is_some())
        .map(crate::model::text::file_slug)
        .filter(|s| !s.is_empty());
    let export_name = format!("segment-{}", named.unwrap_or_else(|| slug.clone()));
    let page = RwSignal::new(0usize);
    Effect::new(move |_| {
        sort.track();
        page.set(0);
    });
    let rows = Memo::new(move |_| {
        c.book
            .analyse(|a, b| {
                let ids = members::by_slug(a, b, &slug).map_err(|e| match e {
                    NoList::Unknown => Msg::NotFoundBody,
                    NoList::Working => Msg::Working,
                })?;
                Ok(members::rows(a, b, &ids, sort.get()))
            })
            .unwrap_or_else(|| Err(c.book.waiting()))
    });
    let rows = move || rows.get();
    view! {
        <section class="page" data-testid="page-segment-members">
            <a class="back" href=Route::Segments.href()>{c.t(Msg::BackToSegments)}</a>
            <h1>{move || title.clone().or_else(|| heading.clone()).unwrap_or_default()}</h1>
            <Choices label=Msg::SortBy options=SortBy::ALL.to_vec() value=sort
                text=Callback::new(move |k| sort_label(k).text(c.lang()).to_string())/>
            <button type="button" on:click={
                move |_| if let Ok(rows) = rows() {
                    let ids: Vec<Id> = rows.iter().map(|r| r.id).collect();
                    let csv = c.book.analyse(|a, b| {
                        crate::files::export::customers(b, a, Some(&ids), crate::ui::book::local_offset_minutes(), &crate::ui::i18n::customer_headings(c.lang()))
                    });
                    if let Some(csv) = csv {
                        crate::ui::files::save_csv(&csv, &export_name);
                    }
                }
            }>{c.t(Msg::ExportList)}</button>
            {move || match rows() {
                Err(why) => view! { <p class="empty">{c.t(why)}</p> }.into_any(),
                Ok(rows) if rows.is_empty() => view! { <p class="empty">{c.t(Msg::NoMembers)}</p> }.into_any(),
                Ok(rows) => {
                    let n = rows.len();
                    view! {
                        <Pager total=Signal::derive(move || n) page=page size=PAGE testid="member-pager"/>
                        <ul class="rows" data-testid="member-list">
                            {move || {
                                let skip = page.get() * PAGE;
                                rows.iter().skip(skip).take(PAGE).cloned().map(|m| member_row(c, m)).collect_view()
                            }}
                        </ul>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

fn member_row(c: Ctx, m: Member) -> impl IntoView {
    let sub = fill(
        Msg::MemberLine.text(c.lang()),
        &[
            (
                "r",
                &m.recency
                    .map_or_else(|| "—".to_string(), |r| c.count(r as usize)),
            ),
            ("f", &c.count(m.visits as usize)),
            ("m", &c.money(m.spent)),
        ],
    );
    // While loyalty is on, each member's points too (a page of rows: one ledger each).
    let sub = if c.settings.with(|s| s.loyalty.on) {
        let held = crate::ui::pages::loyalty::held(c, m.id).balance;
        format!("{sub} · {}", crate::ui::pages::loyalty::held_line(c, held))
    } else {
        sub
    };
    view! { <li><RowLink href=Route::Customer(m.id).href() main=m.name sub=sub/></li> }
}

/// The customer page's line: their segment, why in plain words ("Comes often and spends a
/// lot; last came 3 days ago"), and the numbers behind it for a second look.
pub fn explain(c: Ctx, id: Id) -> Option<(Segment, String, String)> {
    c.book
        .analyse(|a, b| {
            let m = a.summary(b, id)?;
            let s = a.scores(b, id)?;
            let cuts = a.cuts();
            let lang = c.lang();
            let visits = match (m.purchases, Level::of(s.f)) {
                (1, _) => Msg::VisitsOnce,
                (_, Level::High) => Msg::VisitsOften,
                (_, Level::Middle) => Msg::VisitsSometimes,
                (_, Level::Low) => Msg::VisitsFew,
            };
            let spent = match Level::of(s.m) {
                Level::High => Msg::SpendsALot,
                Level::Middle => Msg::SpendsAverage,
                Level::Low => Msg::SpendsLittle,
            };
            let days = m.recency_days(a.today);
            let ago = match days {
                ..=0 => Msg::AgoToday.text(lang).to_string(),
                1 => Msg::AgoYesterday.text(lang).to_string(),
                n => c.counted(Msg::AgoDays, n as usize, &[]),
            };
            let lead = fill(
                Msg::ExplainLead.text(lang),
                &[
                    ("visits", visits.text(lang)),
                    ("spent", spent.text(lang)),
                    ("ago", &ago),
                ],
            );
            let join = |cs: &[i64; 4]| {
                cs.iter()
                    .map(|x| {
                        crate::ui::intl::tenths(
                            lang,
                            c.settings.with(|s| s.native_digits),
                            Cut(*x).value(),
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(" / ")
            };
            let money_cuts = cuts
                .m
                .iter()
                .map(|x| c.money(Paise(x / 5)))
                .collect::<Vec<_>>()
                .join(" / ");
            let numbers = fill(
                Msg::SegExplain.text(lang),
                &[
                    ("r", &c.count(days.max(0) as usize)),
                    ("f", &c.count(m.purchases as usize)),
                    ("m", &c.money(m.spent)),
                    ("rs", &c.count(s.r.into())),
                    ("fs", &c.count(s.f.into())),
                    ("ms", &c.count(s.m.into())),
                    ("rc", &join(&cuts.r)),
                    ("fc", &join(&cuts.f)),
                    ("mc", &money_cuts),
                ],
            );
            Some((Segment::of(s.r, s.f), lead, numbers))
        })
        .flatten()
}
