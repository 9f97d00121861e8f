//! Insights: the shop's figures against the period before, sales by week with their forecast,
//! top customers and products, segments and how customers moved between them, who came back
//! (cohorts), satisfaction, what is owed and the points held, and the demand forecast with
//! what to stock next week. The figures come first (one pass over the sales); the forecasts,
//! credit and points are worked out after them, in slices.

use crate::analysis::forecast::{outlooks, weekly, Forecast, Outlook, Outlooks, Trust, HORIZON};
use crate::analysis::insights::{dashboard, satisfaction, Dashboard, Figures, PERIODS};
use crate::analysis::rfm::Segment;
use crate::analysis::segments::Builtin;
use crate::model::money::Paise;
use crate::model::time::Date;
use crate::ui::book::{local_offset_minutes, now};
use crate::ui::charts::{heat, Bar, Bars, Flows, Line};
use crate::ui::components::Choices;
use crate::ui::context::{ctx, Ctx};
use crate::ui::i18n::{fill, Msg};
use crate::ui::route::Route;
use crate::ui::text::{date, month, segment_label};
use leptos::prelude::*;

/// Weeks of history read for the forecasts: three years (a year's season needs two).
const HISTORY_WEEKS: usize = 156;
/// Products in the forecast table before "Show all".
const FIRST_PRODUCTS: usize = 10;

/// What is owed to the shop and the points its customers hold.
#[derive(Clone, Copy)]
struct Held {
    owing: usize,
    owed: Paise,
    /// Points held, while loyalty is on.
    points: Option<u64>,
}

/// The screen's parts, each `None` until worked out.
#[derive(Clone, Copy)]
struct Parts {
    dashboard: RwSignal<Option<Dashboard>>,
    outlooks: RwSignal<Option<Outlooks>>,
    held: RwSignal<Option<Held>>,
}

/// Works the parts out in turn (figures first), again whenever the book changes; a run that
/// a newer one replaced stops setting anything.
fn work_out(c: Ctx) -> Parts {
    let parts = Parts {
        dashboard: RwSignal::new(None),
        outlooks: RwSignal::new(None),
        held: RwSignal::new(None),
    };
    let runs = StoredValue::new(0u64);
    // Only whether loyalty is on: switching the language must not work it all out again.
    let loyalty_on = Memo::new(move |_| c.settings.with(|s| s.loyalty.on));
    Effect::new(move |_| {
        c.book.read(|_| ());
        let loyalty = loyalty_on.get();
        runs.update_value(|r| *r += 1);
        let run = runs.get_value();
        let current = move || runs.try_get_value() == Some(run);
        leptos::task::spawn_local(async move {
            let progress = RwSignal::new(None::<f64>);
            let offset = local_offset_minutes();
            let today = now().local_date(offset);
            // One read of the book, each part shown as soon as it is worked out.
            let work = move |b: &crate::book::Book| {
                b.purchases().len() as u64 * if loyalty { 5 } else { 4 }
            };
            c.book
                .long_read(progress, JOB_SLICE, work, async |b, p| {
                    let d = dashboard(b, today, offset, p).await;
                    if !current() {
                        return;
                    }
                    parts.dashboard.try_set(Some(d));
                    let w = weekly(b, today, offset, HISTORY_WEEKS, p).await;
                    let o = outlooks(b, &w, p).await;
                    if !current() {
                        return;
                    }
                    parts.outlooks.try_set(Some(o));
                    let (owing, owed) = crate::analysis::credit::who_owes(b, p).await;
                    let points = if loyalty {
                        Some(crate::analysis::loyalty::outstanding(b, today, offset, p).await)
                    } else {
                        None
                    };
                    if current() {
                        parts.held.try_set(Some(Held {
                            owing: owing.len(),
                            owed,
                            points,
                        }));
                    }
                })
                .await;
        });
    });
    parts
}

/// Units of work between two turns of the screen: a sale's facts take a fifth of a
/// microsecond here, so the other long reads' 2,500 made 400 turns of the 1M-sale book, costing
/// more than the work (figures at 289 ms, 169 ms of it work); 20,000 keeps a slice near 4-6 ms.
const JOB_SLICE: u64 = 20_000;

/// The Insights screen.
#[component]
pub fn InsightsPage() -> impl IntoView {
    let c = ctx();
    let parts = work_out(c);
    let period = RwSignal::new(2usize);
    let figures_shown = Memo::new(move |_| parts.dashboard.with(Option::is_some));
    let no_sales = move || c.book.read(|b| b.purchases().is_empty()).unwrap_or(false);
    view! {
        <section class="page insights" data-testid="page-insights">
            <h1>{c.t(Msg::NavInsights)}</h1>
            {move || no_sales().then(|| view! { <p class="empty" data-testid="insights-none">{c.t(Msg::InsNoSales)}</p> })}
            {move || match parts.dashboard.get() {
                None => view! { <p class="empty" data-testid="insights-working">{c.t(c.book.waiting())}</p> }.into_any(),
                Some(d) => view! {
                    <Choices label=Msg::InsPeriod options=vec![0usize, 1, 2] value=period
                        text=Callback::new(move |k: usize| Msg::period(k).text(c.lang()).to_string())/>
                    {move || figures(c, &d.periods[period.get()].now, &d.periods[period.get()].before)}
                }.into_any(),
            }}
            <WeeklyCard outlooks=parts.outlooks/>
            {move || parts.dashboard.get().map(|d| view! {
                <TopCard dashboard=d.clone()/>
                <CohortCard dashboard=d/>
            })}
            // Drawn once the figures are: their own work (every customer's segment) must not
            // come before the figures.
            {move || figures_shown.get().then(|| view! {
                <SegmentsCard/>
                <MovementCard/>
                <SatisfactionCard/>
            })}
            <HeldCard held=parts.held/>
            <ForecastCard outlooks=parts.outlooks/>
        </section>
    }
}

impl Msg {
    /// The name of dashboard period `k` (see [`PERIODS`]).
    fn period(k: usize) -> Msg {
        [Msg::InsToday, Msg::InsWeek, Msg::InsMonth][k.min(PERIODS.len() - 1)]
    }
}

/// "▲ 12%" (up), "▼ 5%" (down) or "=" against the period before; nothing without a before.
fn change(c: Ctx, now: i64, before: i64) -> String {
    match crate::analysis::insights::change_percent(now, before) {
        None => String::new(),
        Some(0) => "=".to_string(),
        Some(p) if p > 0 => format!("▲ {}%", c.count(p as usize)),
        Some(p) => format!("▼ {}%", c.count(p.unsigned_abs() as usize)),
    }
}

/// The chosen period's figures, each with the period before.
fn figures(c: Ctx, now: &Figures, before: &Figures) -> impl IntoView {
    let pct = |f: &Figures| {
        f.repeat_percent()
            .map_or_else(|| "—".to_string(), |p| format!("{}%", c.count(p as usize)))
    };
    // A count and its change against the period before.
    let count = |label, id, of: fn(&Figures) -> u32| {
        let (n, b) = (of(now), of(before));
        let moved = change(c, n.into(), b.into());
        (label, id, c.count(n as usize), c.count(b as usize), moved)
    };
    let (basket, was) = (now.average_basket(), before.average_basket());
    let rows: Vec<(Msg, &'static str, String, String, String)> = vec![
        (
            Msg::FigRevenue,
            "fig-revenue",
            c.money(now.revenue),
            c.money(before.revenue),
            change(c, now.revenue.0, before.revenue.0),
        ),
        count(Msg::FigBills, "fig-sales", |f| f.sales),
        count(Msg::FigServed, "fig-served", |f| f.served),
        count(Msg::FigNew, "fig-new", |f| f.new),
        count(Msg::FigReturning, "fig-returning", |f| f.returning),
        (
            Msg::FigRepeat,
            "fig-repeat",
            pct(now),
            pct(before),
            String::new(),
        ),
        (
            Msg::FigBasket,
            "fig-basket",
            c.money(basket),
            c.money(was),
            change(c, basket.0, was.0),
        ),
    ];
    view! {
        <dl class="stats" data-testid="insight-figures">
            {rows.into_iter().map(|(label, id, value, was, moved)| view! {
                <div>
                    <dt>{c.t(label)}</dt>
                    <dd data-testid=id>{value}</dd>
                    <dd class="row-sub">{moved} " " {fill(Msg::FigBefore.text(c.lang()), &[("value", &was)])}</dd>
                </div>
            }).collect_view()}
        </dl>
    }
}

/// The last day of week `k` of `n` weeks ending yesterday (`k` may run past `n` into the
/// forecast weeks).
fn week_end(today: Date, n: usize, k: usize) -> Date {
    Date::from_days_since_epoch(today.days_since_epoch() - 1 - 7 * (n as i64 - 1 - k as i64))
}

/// A series' recent weeks and its forecast as a line, its numbers in its label.
fn outlook_line(
    c: Ctx,
    o: &Outlook,
    shown: impl Fn(f64) -> String,
    testid: &'static str,
) -> impl IntoView {
    let today = now().local_date(local_offset_minutes());
    let ahead: Vec<f64> = match &o.forecast {
        Forecast::Made { next, .. } => next.to_vec(),
        Forecast::TooShort(_) => Vec::new(),
    };
    let n = o.recent.len();
    let rows: Vec<(String, String)> = o
        .recent
        .iter()
        .enumerate()
        .map(|(k, v)| {
            let end = date(week_end(today, n, k));
            (
                fill(Msg::InsWeekTo.text(c.lang()), &[("date", &end)]),
                shown(*v),
            )
        })
        .chain(ahead.iter().enumerate().map(|(j, v)| {
            let end = date(week_end(today, n, n + j));
            (
                fill(Msg::InsForecastTo.text(c.lang()), &[("date", &end)]),
                shown(*v),
            )
        }))
        .collect();
    let label = rows
        .iter()
        .map(|(w, v)| format!("{w}: {v}"))
        .collect::<Vec<_>>()
        .join("; ");
    // The scale in words: the highest week (the top of the picture), and the first and last
    // weeks' ends under its two ends.
    let top = o.recent.iter().chain(&ahead).copied().fold(0.0, f64::max);
    let first = date(week_end(today, n, 0));
    let last = date(week_end(today, n, n + ahead.len() - 1));
    view! {
        <figure class="chart-box" data-testid=testid>
            <p class="row-sub">{fill(Msg::InsChartTop.text(c.lang()), &[("value", &shown(top))])}</p>
            <Line values=o.recent.iter().map(|v| Some(*v)).collect() ahead=ahead label=label/>
            <div class="ends row-sub"><span>{first}</span><span>{last}</span></div>
            <figcaption>{c.counted(Msg::InsWeeklyAbout, n, &[])}</figcaption>
        </figure>
    }
}

/// Sales by week, with the next four weeks' forecast.
#[component]
fn WeeklyCard(outlooks: RwSignal<Option<Outlooks>>) -> impl IntoView {
    let c = ctx();
    view! {
        <div class="card" data-testid="weekly-card">
            <h2>{c.t(Msg::InsWeekly)}</h2>
            {move || match outlooks.get() {
                None => view! { <p class="empty">{c.t(Msg::Working)}</p> }.into_any(),
                Some(o) => {
                    let trust = trust_line(c, &o.shop.forecast);
                    view! {
                        {(!o.shop.recent.is_empty()).then(|| outlook_line(c, &o.shop, move |v| whole_money(c, v), "weekly-chart"))}
                        <p class="row-sub">{trust}</p>
                    }.into_any()
                }
            }}
        </div>
    }
}

/// "Error 0.43 · Good" for a forecast, or why there is none.
fn trust_line(c: Ctx, f: &Forecast) -> String {
    match f {
        Forecast::TooShort(n) => c.counted(Msg::TooShort, *n, &[]),
        Forecast::Made { mase, .. } => {
            let word = f
                .trust()
                .map(|t| trust_word(t).text(c.lang()))
                .unwrap_or_default();
            match mase {
                Some(m) => format!(
                    "{} {} · {word}",
                    Msg::ColError.text(c.lang()),
                    hundredths(c, *m)
                ),
                None => word.to_string(),
            }
        }
    }
}

fn trust_word(t: Trust) -> Msg {
    match t {
        Trust::Good => Msg::TrustGood,
        Trust::Fair => Msg::TrustFair,
        Trust::Rough => Msg::TrustRough,
    }
}

/// An amount in paise rounded to a whole unit of money (a forecast is not exact to the paisa).
fn whole_money(c: Ctx, paise: f64) -> String {
    c.money(Paise((paise / 100.0).round() as i64 * 100))
}

fn hundredths(c: Ctx, v: f64) -> String {
    c.settings
        .with(|s| crate::ui::intl::hundredths(s.lang, s.native_digits, v))
}

fn tenths(c: Ctx, v: f64) -> String {
    c.settings
        .with(|s| crate::ui::intl::tenths(s.lang, s.native_digits, v))
}

/// A quantity with its unit: "12.5 kg" (the number alone when the product has no unit).
fn units(c: Ctx, v: f64, unit: &str) -> String {
    format!("{} {unit}", tenths(c, v)).trim_end().to_string()
}

/// Top customers and products of the last 30 days.
#[component]
fn TopCard(dashboard: Dashboard) -> impl IntoView {
    let c = ctx();
    let (customers, products) = c
        .book
        .read(|b| {
            let customers: Vec<Bar> = dashboard
                .top_customers
                .iter()
                .filter_map(|(id, spent)| {
                    Some(Bar {
                        label: b.customer(*id)?.name.clone(),
                        href: Some(Route::Customer(*id).href()),
                        value: spent.0 as f64,
                        shown: c.money(*spent),
                    })
                })
                .collect();
            let products: Vec<Bar> = dashboard
                .top_products
                .iter()
                .filter_map(|(id, qty, revenue)| {
                    let p = b.product(*id)?;
                    Some(Bar {
                        label: p.name.clone(),
                        href: None,
                        value: revenue.0 as f64,
                        shown: format!(
                            "{} · {}",
                            c.money(*revenue),
                            units(c, qty.0 as f64 / 1000.0, &p.unit)
                        ),
                    })
                })
                .collect();
            (customers, products)
        })
        .unwrap_or_default();
    let none = move || view! { <p class="empty">{c.t(Msg::InsNone)}</p> };
    view! {
        <div class="card" data-testid="top-card">
            <h2>{c.t(Msg::InsTopCustomers)}</h2>
            {if customers.is_empty() { none().into_any() } else { view! { <Bars bars=customers testid="top-customers"/> }.into_any() }}
            <h2>{c.t(Msg::InsTopProducts)}</h2>
            {if products.is_empty() { none().into_any() } else { view! { <Bars bars=products testid="top-products"/> }.into_any() }}
        </div>
    }
}

/// Cohort retention as a heatmap: a row per month of first purchase, a column per month later.
#[component]
fn CohortCard(dashboard: Dashboard) -> impl IntoView {
    let c = ctx();
    let cohorts = dashboard.cohorts;
    let later = cohorts.len().saturating_sub(1);
    view! {
        <div class="card" data-testid="cohort-card">
            <h2>{c.t(Msg::InsCohorts)}</h2>
            // Scrolls sideways on a narrow screen: reachable by keyboard too.
            <div class="scroll" tabindex="0" role="region" aria-label=c.t(Msg::InsCohorts)>
                <table class="grid cohorts" data-testid="cohort-heatmap">
                    <caption>{c.t(Msg::InsCohortsAbout)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{c.t(Msg::InsCohortMonth)}</th>
                            <th scope="col">{c.t(Msg::InsCohortSize)}</th>
                            {(1..=later).map(|k| view! { <th scope="col">{format!("+{}", c.count(k))}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {cohorts.into_iter().map(|h| {
                            let size = h.size;
                            view! {
                                <tr>
                                    <th scope="row">{month(h.year, h.month)}</th>
                                    <td>{c.count(size as usize)}</td>
                                    {(0..later).map(|k| match h.again.get(k) {
                                        Some(&n) if size > 0 => {
                                            let share = f64::from(n) / f64::from(size);
                                            view! { <td class="cell" style=heat(share)>{format!("{}%", c.count((share * 100.0).round() as usize))}</td> }.into_any()
                                        }
                                        _ => view! { <td></td> }.into_any(),
                                    }).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </div>
    }
}

/// The RFM segments' sizes as bars (the same counts as the Segments screen).
#[component]
fn SegmentsCard() -> impl IntoView {
    let c = ctx();
    view! {
        <div class="card" data-testid="segments-card">
            <h2>{c.t(Msg::InsSegments)}</h2>
            {move || match c.book.analyse(|a, b| a.sizes_of(b, Segment::ALL.into_iter().map(Builtin::Rfm).collect())) {
                None => view! { <p class="empty">{c.t(c.book.waiting())}</p> }.into_any(),
                Some(sizes) => {
                    let bars: Vec<Bar> = sizes
                        .into_iter()
                        .filter_map(|(s, size)| {
                            let Builtin::Rfm(seg) = s else { return None };
                            let (n, _) = size?;
                            Some(Bar {
                                label: segment_label(seg).text(c.lang()).to_string(),
                                href: Some(Route::SegmentMembers(seg.slug().to_string()).href()),
                                value: n as f64,
                                shown: c.count(n),
                            })
                        })
                        .collect();
                    view! { <Bars bars=bars testid="segment-bars"/> }.into_any()
                }
            }}
        </div>
    }
}

/// How customers moved between segments since last month's snapshot: the biggest flows as
/// bars, named "from → to".
#[component]
fn MovementCard() -> impl IntoView {
    let c = ctx();
    // This month's segment snapshot, for Insights' movement.
    c.book.keep_month_snapshot();
    view! {
        <div class="card" data-testid="movement-card">
            {move || match c.book.analyse(|a, b| {
                let now = crate::analysis::movement::members_now(a, b);
                crate::analysis::movement::since_last_month(b, a.today, &now)
            }) {
                None => view! { <p class="empty">{c.t(c.book.waiting())}</p> }.into_any(),
                Some(None) => view! {
                    <h2>{c.t(Msg::InsSegmentsMoved)}</h2>
                    <p class="empty" data-testid="movement-first">{c.t(Msg::InsMovedFirst)}</p>
                }.into_any(),
                Some(Some(m)) => {
                    let since = date(m.since);
                    let name = |s: Segment| segment_label(s).text(c.lang());
                    let bars: Vec<Bar> = m
                        .flows
                        .iter()
                        .take(MOVES_SHOWN)
                        .map(|(from, to, n)| Bar {
                            label: fill(Msg::InsFlow.text(c.lang()), &[("from", name(*from)), ("to", name(*to))]),
                            href: Some(Route::SegmentMembers(to.slug().to_string()).href()),
                            value: f64::from(*n),
                            shown: c.count(*n as usize),
                        })
                        .collect();
                    let stayed = c.counted(Msg::InsStayed, m.stayed as usize, &[("joined", &c.count(m.joined as usize))]);
                    view! {
                        <h2>{fill(Msg::InsMoved.text(c.lang()), &[("date", &since)])}</h2>
                        {if bars.is_empty() {
                            view! { <p class="empty">{fill(Msg::InsMovedNone.text(c.lang()), &[("date", &since)])}</p> }.into_any()
                        } else {
                            view! {
                                {flow_picture(c, &m.flows[..m.flows.len().min(MOVES_SHOWN)], since.clone(), &bars)}
                                <Bars bars=bars testid="movement-bars"/>
                            }.into_any()
                        }}
                        <p class="row-sub" data-testid="movement-stayed">{stayed}</p>
                    }.into_any()
                }
            }}
        </div>
    }
}

/// Flows between segments named on the movement card.
const MOVES_SHOWN: usize = 8;

/// The biggest moves as a picture: last month's segments on one side, today's on the other,
/// a band for each move as thick as the customers who made it (`named`: the same moves as
/// bars, whose labels say them in words for screen readers).
fn flow_picture(
    c: Ctx,
    moves: &[(Segment, Segment, u32)],
    since: String,
    named: &[Bar],
) -> impl IntoView {
    let mut from: Vec<Segment> = moves.iter().map(|m| m.0).collect();
    let mut to: Vec<Segment> = moves.iter().map(|m| m.1).collect();
    for side in [&mut from, &mut to] {
        crate::model::sort::sort_by_key(side, |s| *s);
        side.dedup();
    }
    let place = |side: &[Segment], s: Segment| side.iter().position(|x| *x == s).unwrap_or(0);
    let flows = moves
        .iter()
        .map(|(f, t, n)| (place(&from, *f), place(&to, *t), f64::from(*n)))
        .collect();
    let names = |side: Vec<Segment>| {
        side.into_iter()
            .map(|s| segment_label(s).text(c.lang()).to_string())
            .collect()
    };
    let label = named
        .iter()
        .map(|b| format!("{}: {}", b.label, b.shown))
        .collect::<Vec<_>>()
        .join("; ");
    view! {
        <Flows left=names(from) right=names(to) flows=flows
            heads=(since, Msg::InsToday.text(c.lang()).to_string()) label=label/>
    }
}

/// Ratings by month, and the open complaints.
#[component]
fn SatisfactionCard() -> impl IntoView {
    let c = ctx();
    view! {
        <div class="card" data-testid="satisfaction-card">
            <h2>{c.t(Msg::InsSatisfaction)}</h2>
            {move || c.book.read(|b| {
                let offset = local_offset_minutes();
                let s = satisfaction(b, now().local_date(offset), offset);
                let rated = s.months.iter().any(|m| m.3.is_some());
                let label = s
                    .months
                    .iter()
                    .filter_map(|(y, m, n, avg)| Some(format!("{}: {} ({})", month(*y, *m), tenths(c, (*avg)?), c.count(*n as usize))))
                    .collect::<Vec<_>>()
                    .join("; ");
                let open = match s.oldest_open_days {
                    Some(days) if s.open > 0 => c.counted(Msg::InsOpen, s.open as usize, &[("days", &c.counted(Msg::DaysOld, days.max(0) as usize, &[]))]),
                    _ => Msg::InsOpenNone.text(c.lang()).to_string(),
                };
                let first = s.months.first().map(|(y, m, ..)| month(*y, *m)).unwrap_or_default();
                let last = s.months.last().map(|(y, m, ..)| month(*y, *m)).unwrap_or_default();
                view! {
                    <h3>{c.t(Msg::InsRatings)}</h3>
                    {if rated {
                        view! {
                            <figure class="chart-box" data-testid="ratings-chart">
                                <Line values=s.months.iter().map(|m| m.3).collect() top=5.0 label=label/>
                                <figcaption class="ends"><span>{first}</span><span>{last}</span></figcaption>
                            </figure>
                        }.into_any()
                    } else {
                        view! { <p class="empty">{c.t(Msg::InsNoRatings)}</p> }.into_any()
                    }}
                    <p data-testid="open-complaints"><a href=Route::Customers.href()>{open}</a></p>
                }
            })}
        </div>
    }
}

/// What customers owe and the points they hold.
#[component]
fn HeldCard(held: RwSignal<Option<Held>>) -> impl IntoView {
    let c = ctx();
    view! {
        <div class="card" data-testid="held-card">
            <h2>{c.t(Msg::InsMoney)}</h2>
            {move || match held.get() {
                None => view! { <p class="empty">{c.t(Msg::Working)}</p> }.into_any(),
                Some(h) => {
                    let owed = if h.owing == 0 {
                        Msg::WhoOwesNone.text(c.lang()).to_string()
                    } else {
                        c.counted(Msg::WhoOwesTotal, h.owing, &[("amount", &c.money(h.owed))])
                    };
                    let points = h.points.map(|n| crate::ui::pages::loyalty::worth_line(c, Msg::InsPointsHeld, n));
                    view! {
                        <p data-testid="owed-total"><a href=Route::Owed.href()>{owed}</a></p>
                        {points.map(|p| view! { <p data-testid="points-total">{p}</p> })}
                    }.into_any()
                }
            }}
        </div>
    }
}

/// The demand forecast: the shop, each category and each product, with each forecast's error
/// and how far to trust it, and what to stock more and less of.
#[component]
fn ForecastCard(outlooks: RwSignal<Option<Outlooks>>) -> impl IntoView {
    let c = ctx();
    let all = RwSignal::new(false);
    view! {
        <div class="card" data-testid="forecast-card">
            <h2>{c.t(Msg::InsStock)}</h2>
            {move || outlooks.get().map(|o| stock(c, &o))}
            <h2>{c.t(Msg::InsForecast)}</h2>
            <p class="row-sub">{c.t(Msg::InsForecastAbout)}</p>
            {move || match outlooks.get() {
                None => view! { <p class="empty">{c.t(Msg::Working)}</p> }.into_any(),
                Some(o) => {
                    let names = c.book.read(|b| {
                        o.products.iter().map(|(k, _)| {
                            let p = &b.products()[*k];
                            (p.name.clone(), p.unit.clone())
                        }).collect::<Vec<_>>()
                    }).unwrap_or_default();
                    let total = o.products.len();
                    let shown = if all.get() { total } else { total.min(FIRST_PRODUCTS) };
                    view! {
                        <div class="scroll" tabindex="0" role="region" aria-label=c.t(Msg::InsForecast)>
                            <table class="numbers forecast" data-testid="forecast-table">
                                <thead>
                                    <tr>
                                        <th scope="col">{c.t(Msg::ColName)}</th>
                                        <th scope="col">{c.t(Msg::ColLast4)}</th>
                                        {(1..=HORIZON).map(|k| view! { <th scope="col">{fill(Msg::ColWeek.text(c.lang()), &[("n", &c.count(k))])}</th> }).collect_view()}
                                        <th scope="col">{c.t(Msg::ColError)}</th>
                                        <th scope="col">{c.t(Msg::ColTrust)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {forecast_row(c, Msg::InsShop.text(c.lang()).to_string(), &o.shop, move |v| whole_money(c, v), "forecast-shop")}
                                    {(!o.categories.is_empty()).then(|| view! { <tr><th colspan="7" class="group">{c.t(Msg::InsCategories)}</th></tr> })}
                                    {o.categories.iter().map(|(name, s)| forecast_row(c, name.clone(), s, move |v| tenths(c, v), "forecast-category")).collect_view()}
                                    {(total > 0).then(|| view! { <tr><th colspan="7" class="group">{c.t(Msg::InsProducts)}</th></tr> })}
                                    {o.products.iter().zip(names).take(shown).map(|((_, s), (name, unit))| {
                                        forecast_row(c, name, s, move |v| units(c, v, &unit), "forecast-product")
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        {(shown < total).then(|| view! {
                            <button type="button" on:click=move |_| all.set(true)>{c.counted(Msg::InsShowAll, total, &[])}</button>
                        })}
                    }.into_any()
                }
            }}
        </div>
    }
}

/// A row of the forecast table.
fn forecast_row(
    c: Ctx,
    name: String,
    o: &Outlook,
    shown: impl Fn(f64) -> String,
    testid: &'static str,
) -> impl IntoView {
    let last = shown(o.last_four());
    let cells = match &o.forecast {
        Forecast::TooShort(n) => view! {
            <td colspan="6" class="row-sub">{c.counted(Msg::TooShort, *n, &[])}</td>
        }
        .into_any(),
        f @ Forecast::Made { next, mase, .. } => {
            let error = mase.map_or_else(|| "—".to_string(), |m| hundredths(c, m));
            let word = f
                .trust()
                .map(|t| trust_word(t).text(c.lang()))
                .unwrap_or_default();
            view! {
                {next.iter().map(|v| view! { <td>{shown(*v)}</td> }).collect_view()}
                <td data-testid="forecast-error">{error}</td>
                <td>{word}</td>
            }
            .into_any()
        }
    };
    view! {
        <tr data-testid=testid>
            <th scope="row">{name}</th>
            <td>{last}</td>
            {cells}
        </tr>
    }
}

/// The products to stock more and less of next week.
fn stock(c: Ctx, o: &Outlooks) -> impl IntoView {
    let lines = |movers: &[crate::analysis::forecast::Mover]| {
        c.book
            .read(|b| {
                movers
                    .iter()
                    .filter_map(|m| {
                        let p = b.products().get(m.place)?;
                        let amount = |v: f64| units(c, v, &p.unit);
                        let change = m
                            .change_percent()
                            .map(|p| {
                                if p >= 0 {
                                    format!(" (+{}%)", c.count(p as usize))
                                } else {
                                    format!(" (−{}%)", c.count(p.unsigned_abs() as usize))
                                }
                            })
                            .unwrap_or_default();
                        let line = fill(
                            Msg::InsStockLine.text(c.lang()),
                            &[
                                ("last", &amount(m.last_four)),
                                ("next", &amount(m.next_four)),
                            ],
                        );
                        Some((
                            p.name.clone(),
                            format!("{line}{change} · {}", trust_word(m.trust).text(c.lang())),
                        ))
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let (up, down) = (lines(&o.up), lines(&o.down));
    let list = move |rows: Vec<(String, String)>, id: &'static str| {
        view! {
            <ul class="rows" data-testid=id>
                {rows.into_iter().map(|(name, line)| view! {
                    <li class="row"><span class="row-main">{name}</span><span class="row-sub">{line}</span></li>
                }).collect_view()}
            </ul>
        }
    };
    if up.is_empty() && down.is_empty() {
        return view! { <p class="empty" data-testid="stock-none">{c.t(Msg::InsStockNone)}</p> }
            .into_any();
    }
    view! {
        {(!up.is_empty()).then(|| view! { <h3>{c.t(Msg::InsStockMore)}</h3> {list(up, "stock-more")} })}
        {(!down.is_empty()).then(|| view! { <h3>{c.t(Msg::InsStockLess)}</h3> {list(down, "stock-less")} })}
    }
    .into_any()
}
