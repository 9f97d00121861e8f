//! Demand forecasts from weekly history: the next four weeks of a series (units of a product or
//! a category, or the shop's revenue), by whichever of a few simple methods did best on a
//! rolling backtest of the series itself, with that backtest's error scaled as MASE so that the
//! seller can be told how far to trust it. A series too short to test says so instead.
//!
//! Methods: naive (next = last week), seasonal naive (next = the same week a year before; only
//! with two years of history), simple exponential smoothing, and Holt's linear trend with a
//! damped trend (so that a trend is not extrapolated forever); smoothing weights are chosen from
//! a small grid by one-step error on the history. The backtest forecasts from each of the last
//! [`ORIGINS`] weeks, four weeks ahead, using only the weeks before it.

use crate::book::Book;
use crate::model::pace::Pacer;
use crate::model::time::Date;

/// Weeks ahead forecast.
pub const HORIZON: usize = 4;
/// Forecast origins in the rolling backtest.
pub const ORIGINS: usize = 8;
/// Weeks of history needed before a forecast is made: enough to fit on and to test on.
pub const MIN_WEEKS: usize = 12;
/// A year of weeks: the season of seasonal naive.
pub const SEASON: usize = 52;

/// How a forecast is made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// The last week again.
    Naive,
    /// The same week a year before.
    SeasonalNaive,
    /// Simple exponential smoothing (a level).
    Smoothing,
    /// Holt's linear method with a damped trend (a level and a fading trend).
    DampedTrend,
}

impl Method {
    /// Every method, simplest first (ties in the backtest go to the simpler).
    pub const ALL: [Method; 4] = [
        Method::Naive,
        Method::SeasonalNaive,
        Method::Smoothing,
        Method::DampedTrend,
    ];
}

/// How far to trust a forecast, from its backtest MASE.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trust {
    /// Off by less than half of what "same as last week" is typically off by.
    Good,
    /// Better than "same as last week", but not by much.
    Fair,
    /// No better than "same as last week".
    Rough,
}

/// A series' forecast.
#[derive(Clone, Debug, PartialEq)]
pub enum Forecast {
    /// Fewer than [`MIN_WEEKS`] weeks of history (this many).
    TooShort(usize),
    /// The next [`HORIZON`] weeks.
    Made {
        /// The method that did best on the backtest.
        method: Method,
        /// Its forecast, never below zero.
        next: [f64; HORIZON],
        /// Its backtest error scaled by the history's typical week-to-week change (MASE);
        /// `None` when the history never changes (then any error is infinite in MASE terms,
        /// and a flat history forecasts itself).
        mase: Option<f64>,
        /// Each method's mean absolute error on the backtest (`None`: not applicable).
        errors: [Option<f64>; 4],
    },
}

impl Forecast {
    /// How far to trust it, in plain words; `None` for a series too short.
    pub fn trust(&self) -> Option<Trust> {
        match self {
            Forecast::TooShort(_) => None,
            Forecast::Made { mase: None, .. } => Some(Trust::Good),
            Forecast::Made { mase: Some(m), .. } => Some(if *m < 0.5 {
                Trust::Good
            } else if *m < 1.0 {
                Trust::Fair
            } else {
                Trust::Rough
            }),
        }
    }

    /// The forecast weeks' total, if made.
    pub fn total(&self) -> Option<f64> {
        match self {
            Forecast::Made { next, .. } => Some(next.iter().sum()),
            Forecast::TooShort(_) => None,
        }
    }
}

/// Forecasts the next [`HORIZON`] weeks of `weeks` (oldest first, the last one the latest whole
/// week).
pub fn forecast(weeks: &[f64]) -> Forecast {
    let n = weeks.len();
    if n < MIN_WEEKS {
        return Forecast::TooShort(n);
    }
    let mut errors = [None; 4];
    for (k, m) in Method::ALL.into_iter().enumerate() {
        errors[k] = backtest(weeks, m);
    }
    // The best on the backtest; the simplest of equals.
    let (best, err) = Method::ALL
        .into_iter()
        .zip(errors)
        .filter_map(|(m, e)| Some((m, e?)))
        .fold(None::<(Method, f64)>, |best, (m, e)| match best {
            Some((_, b)) if b <= e + 1e-9 => best,
            _ => Some((m, e)),
        })
        .unwrap_or((Method::Naive, 0.0));
    let scale = naive_scale(weeks);
    let mase = (scale > 0.0).then(|| err / scale);
    let mut next = predict(weeks, best).unwrap_or([0.0; HORIZON]);
    for v in &mut next {
        *v = v.max(0.0);
    }
    Forecast::Made {
        method: best,
        next,
        mase,
        errors,
    }
}

/// The mean absolute week-to-week change of `weeks`: what MASE divides by.
fn naive_scale(weeks: &[f64]) -> f64 {
    if weeks.len() < 2 {
        return 0.0;
    }
    weeks.windows(2).map(|w| (w[1] - w[0]).abs()).sum::<f64>() / (weeks.len() - 1) as f64
}

/// Mean absolute error of `method` forecasting up to [`HORIZON`] weeks ahead from each of the
/// last [`ORIGINS`] weeks (that have at least one week after them), fitted only on the weeks
/// before each origin; `None` when it cannot forecast from them.
fn backtest(weeks: &[f64], method: Method) -> Option<f64> {
    let n = weeks.len();
    let origins = if n >= 2 * SEASON + HORIZON {
        SEASON
    } else {
        ORIGINS
    };
    let first = n.saturating_sub(origins).max(1);
    let (mut sum, mut count) = (0.0, 0usize);
    for origin in first..n {
        let fit = &weeks[..origin];
        let ahead = predict(fit, method)?;
        for (h, f) in ahead.iter().enumerate() {
            if let Some(actual) = weeks.get(origin + h) {
                sum += (actual - f.max(0.0)).abs();
                count += 1;
            }
        }
    }
    (count > 0).then(|| sum / count as f64)
}

/// `method`'s forecast of the [`HORIZON`] weeks after `weeks`; `None` when it cannot make one
/// (seasonal naive without a year and a horizon of history, anything without a week).
fn predict(weeks: &[f64], method: Method) -> Option<[f64; HORIZON]> {
    let last = *weeks.last()?;
    let mut out = [0.0; HORIZON];
    match method {
        Method::Naive => out = [last; HORIZON],
        Method::SeasonalNaive => {
            if weeks.len() < SEASON + HORIZON {
                return None;
            }
            let n = weeks.len();
            for (h, o) in out.iter_mut().enumerate() {
                *o = weeks[n - SEASON + h];
            }
        }
        Method::Smoothing => {
            let level = best_of(&ALPHAS, |a| smooth(weeks, a)).1;
            out = [level; HORIZON];
        }
        Method::DampedTrend => {
            if weeks.len() < 3 {
                return None;
            }
            let mut best = (f64::MAX, [0.0; HORIZON]);
            for phi in PHIS {
                for a in ALPHAS {
                    for b in BETAS {
                        let (sse, level, trend) = holt(weeks, a, b, phi);
                        if sse < best.0 {
                            let mut f = [0.0; HORIZON];
                            let mut damp = 0.0;
                            for (h, o) in f.iter_mut().enumerate() {
                                damp += phi.powi(h as i32 + 1);
                                *o = level + damp * trend;
                            }
                            best = (sse, f);
                        }
                    }
                }
            }
            out = best.1;
        }
    }
    Some(out)
}

const ALPHAS: [f64; 5] = [0.1, 0.3, 0.5, 0.7, 0.9];
const BETAS: [f64; 3] = [0.05, 0.2, 0.5];
/// How much of the trend carries into each further week (the better fitting of the two).
const PHIS: [f64; 2] = [0.9, 0.98];

/// The lowest one-step error of `fit` over `grid`: (error, what it fitted).
fn best_of(grid: &[f64], fit: impl Fn(f64) -> (f64, f64)) -> (f64, f64) {
    grid.iter()
        .map(|&a| fit(a))
        .fold((f64::MAX, 0.0), |b, x| if x.0 < b.0 { x } else { b })
}

/// Simple exponential smoothing with weight `a`: (sum of squared one-step errors, final level).
fn smooth(weeks: &[f64], a: f64) -> (f64, f64) {
    let mut level = weeks[0];
    let mut sse = 0.0;
    for &y in &weeks[1..] {
        sse += (y - level).powi(2);
        level += a * (y - level);
    }
    (sse, level)
}

/// Holt's damped-trend smoothing with weights `a` (level) and `b` (trend), damped by `phi`:
/// (sum of squared one-step errors, final level, final trend).
fn holt(weeks: &[f64], a: f64, b: f64, phi: f64) -> (f64, f64, f64) {
    let mut level = weeks[0];
    let mut trend = weeks[1] - weeks[0];
    let mut sse = 0.0;
    for &y in &weeks[1..] {
        let expected = level + phi * trend;
        sse += (y - expected).powi(2);
        let new_level = expected + a * (y - expected);
        trend = phi * trend + b * (new_level - level - phi * trend);
        level = new_level;
    }
    (sse, level, trend)
}

/// The book's weekly history: the shop's revenue and units, and each product's units (by its
/// place in the book's products), over whole weeks ending yesterday (today is not over), oldest
/// first. Voided sales and sales before the first week are left out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Weekly {
    /// The shop's revenue per week, in paise.
    pub revenue: Vec<f64>,
    /// Each product's units per week (quantities in whole units), by its place in the book.
    pub products: Vec<Vec<f64>>,
}

impl Weekly {
    /// The units of the products `places` together, per week (a category's series).
    pub fn sum_of(&self, places: &[usize]) -> Vec<f64> {
        let mut out = vec![0.0; self.revenue.len()];
        for &k in places {
            if let Some(p) = self.products.get(k) {
                for (o, v) in out.iter_mut().zip(p) {
                    *o += v;
                }
            }
        }
        out
    }
}

/// [`Weekly`] of `book` as of `today` (days read at `offset_minutes`): as many whole weeks as
/// there are from the first sale, at most `max_weeks`; ticks `pacer` twice for each sale (two
/// passes).
pub async fn weekly(
    book: &Book,
    today: Date,
    offset_minutes: i32,
    max_weeks: usize,
    pacer: &mut Pacer<'_>,
) -> Weekly {
    let sales = book.purchases();
    let last_day = today.days_since_epoch() - 1;
    // Where the history starts: the first live sale (a pass of its own, in slices too).
    let mut first_day: Option<i64> = None;
    for i in 0..sales.len() {
        pacer.tick(1).await;
        let f = sales.facts(i);
        if f.live {
            let d = f.at.local_day(offset_minutes);
            first_day = Some(first_day.map_or(d, |x| x.min(d)));
        }
    }
    let weeks = match first_day {
        Some(d) if d <= last_day => (((last_day - d) / 7 + 1) as usize).min(max_weeks),
        _ => 0,
    };
    let mut w = Weekly {
        revenue: vec![0.0; weeks],
        products: vec![vec![0.0; weeks]; book.products().len()],
    };
    for i in 0..sales.len() {
        pacer.tick(1).await;
        let f = sales.facts(i);
        if !f.live {
            continue;
        }
        let back = last_day - f.at.local_day(offset_minutes);
        if back < 0 || back / 7 >= weeks as i64 {
            continue;
        }
        let week = weeks - 1 - (back / 7) as usize;
        w.revenue[week] += f.total.0 as f64;
        if let Some(p) = sales.get(i) {
            for l in &p.lines {
                if let Some(k) = book.product_position(l.product) {
                    w.products[k][week] += l.qty.0 as f64 / 1000.0;
                }
            }
        }
    }
    w
}

/// A product whose demand is forecast to move: "stock for next week".
#[derive(Clone, Debug, PartialEq)]
pub struct Mover {
    /// The product's place in the book.
    pub place: usize,
    /// Units sold over the last four weeks.
    pub last_four: f64,
    /// Units forecast for the next four.
    pub next_four: f64,
    /// How far to trust the forecast.
    pub trust: Trust,
}

impl Mover {
    /// The change, in percent of the last four weeks (`None` when nothing was sold then).
    pub fn change_percent(&self) -> Option<i64> {
        (self.last_four > 0.0)
            .then(|| ((self.next_four - self.last_four) / self.last_four * 100.0).round() as i64)
    }
}

/// The products whose next four weeks are forecast furthest from their last four, up first and
/// down after, at most `n` each way: what to stock more or less of. Products with too short a
/// history, or a change under a tenth, are left out.
pub fn movers(weekly: &Weekly, n: usize) -> (Vec<Mover>, Vec<Mover>) {
    let all: Vec<(usize, Outlook)> = weekly
        .products
        .iter()
        .enumerate()
        .map(|(k, series)| (k, Outlook::of(series)))
        .collect();
    movers_of(&all, n)
}

/// [`movers`] from the products' outlooks already made, by place.
fn movers_of(products: &[(usize, Outlook)], n: usize) -> (Vec<Mover>, Vec<Mover>) {
    let mut up = Vec::new();
    let mut down = Vec::new();
    for (place, o) in products {
        let place = *place;
        let f = &o.forecast;
        let (Some(next_four), Some(trust)) = (f.total(), f.trust()) else {
            continue;
        };
        let last_four = o.last_four();
        let m = Mover {
            place,
            last_four,
            next_four,
            trust,
        };
        let moved = next_four - last_four;
        if moved.abs() < 0.1 * last_four.max(1.0) {
            continue;
        }
        if moved > 0.0 {
            up.push(m);
        } else {
            down.push(m);
        }
    }
    let by_change = |v: &mut Vec<Mover>| {
        crate::model::sort::sort_by(v, |a, b| {
            let (x, y) = (
                (a.next_four - a.last_four).abs(),
                (b.next_four - b.last_four).abs(),
            );
            y.total_cmp(&x).then(a.place.cmp(&b.place))
        });
        v.truncate(n);
    };
    by_change(&mut up);
    by_change(&mut down);
    (up, down)
}

/// A series' forecast with its recent history, for a picture and a table.
#[derive(Clone, Debug, PartialEq)]
pub struct Outlook {
    /// The last weeks of history (at most [`SHOWN_WEEKS`]), oldest first.
    pub recent: Vec<f64>,
    /// The forecast.
    pub forecast: Forecast,
}

/// Weeks of history shown beside a forecast.
pub const SHOWN_WEEKS: usize = 12;

impl Outlook {
    fn of(series: &[f64]) -> Outlook {
        Outlook {
            recent: series[series.len().saturating_sub(SHOWN_WEEKS)..].to_vec(),
            forecast: forecast(series),
        }
    }

    /// Units (or paise) of the last four weeks.
    pub fn last_four(&self) -> f64 {
        self.recent.iter().rev().take(HORIZON).sum()
    }
}

/// The forecasts of the Insights screen: the shop's revenue, every live product and every
/// category (products by their forecast, busiest first; categories by name), and what to stock
/// more and less of.
#[derive(Clone, Debug, PartialEq)]
pub struct Outlooks {
    /// The shop's weekly revenue (paise).
    pub shop: Outlook,
    /// Each live product's units, by its place in the book: those with a forecast first (the
    /// most units forecast first), then those too short to forecast.
    pub products: Vec<(usize, Outlook)>,
    /// Each category's units (products without one left out), by name.
    pub categories: Vec<(String, Outlook)>,
    /// Products to stock more of.
    pub up: Vec<Mover>,
    /// Products to stock less of.
    pub down: Vec<Mover>,
}

/// How many products to stock more (and less) of are named.
pub const MOVERS: usize = 5;

/// Work units [`outlooks`] ticks for one series of `weeks` weeks: its backtests refit the
/// methods' grids from up to a year of origins (a few milliseconds for three years of weeks), so
/// each series is about a slice's worth.
pub fn series_work(weeks: usize) -> u64 {
    weeks as u64 * 100
}

/// [`Outlooks`] of `book` from its weekly history; ticks `pacer` [`series_work`] for each series
/// forecast (and once more for what to stock).
pub async fn outlooks(book: &Book, weekly: &Weekly, pacer: &mut Pacer<'_>) -> Outlooks {
    let products = book.products();
    let work = series_work(weekly.revenue.len());
    let mut by_product: Vec<(usize, Outlook)> = Vec::new();
    for k in (0..products.len()).filter(|&k| products[k].meta.live()) {
        if let Some(series) = weekly.products.get(k) {
            pacer.tick(work).await;
            by_product.push((k, Outlook::of(series)));
        }
    }
    crate::model::sort::sort_by(&mut by_product, |(a, x), (b, y)| {
        let (p, q) = (x.forecast.total(), y.forecast.total());
        q.is_some()
            .cmp(&p.is_some())
            .then(q.unwrap_or(0.0).total_cmp(&p.unwrap_or(0.0)))
            .then(a.cmp(b))
    });
    let mut categories: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    for (k, p) in products.iter().enumerate() {
        if p.meta.live() && !p.category.trim().is_empty() {
            categories.entry(p.category.trim()).or_default().push(k);
        }
    }
    let mut by_category = Vec::new();
    for (name, places) in categories {
        pacer.tick(work).await;
        by_category.push((name.to_string(), Outlook::of(&weekly.sum_of(&places))));
    }
    pacer.tick(work).await;
    let shop = Outlook::of(&weekly.revenue);
    // Live products only: the outlooks are of those.
    let (up, down) = movers_of(&by_product, MOVERS);
    Outlooks {
        shop,
        products: by_product,
        categories: by_category,
        up,
        down,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::Timestamp;

    #[test]
    fn the_screen_forecasts_the_shop_each_product_and_each_category() {
        use crate::analysis::segments::tests::{book, product, today};
        // 20 weeks: grains (product 50) one a week, oil (51) two a week from 10 weeks ago;
        // rice (52, grains too) three times in all; soap (53) has no category.
        let mut sales: Vec<(u128, i64, i64, &[u128])> = Vec::new();
        for w in 0..20 {
            sales.push((1, 1 + 7 * w, 1_000, &[50]));
        }
        for w in 0..10 {
            sales.push((2, 2 + 7 * w, 2_000, &[51]));
            sales.push((2, 3 + 7 * w, 2_000, &[51]));
        }
        for w in [1, 5, 9] {
            sales.push((3, 4 + 7 * w, 500, &[52]));
        }
        sales.push((3, 150, 700, &[53]));
        let products = [
            product(50, "grains", None),
            product(51, "oil", None),
            product(52, "grains", None),
            product(53, "", None),
        ];
        let b = book(3, &products, &sales);
        let w = crate::model::pace::at_once(weekly(&b, today(), 0, 156, &mut Pacer::none()));
        let o = crate::model::pace::at_once(outlooks(&b, &w, &mut Pacer::none()));
        // The shop: a steady ₹50 a week of late, trusted.
        let shop = &o.shop;
        assert_eq!(shop.recent.len(), SHOWN_WEEKS);
        assert_eq!(shop.last_four(), 4.0 * 5_000.0 + 500.0);
        assert!(shop.forecast.total().unwrap() > 15_000.0, "{shop:?}");
        // Products: grains and soap have 20+ weeks (soap's one sale started its history).
        // Oil has ten weeks of its own but the shop's twenty, so it is forecast too: two a week.
        let places: Vec<usize> = o.products.iter().map(|(k, _)| *k).collect();
        assert_eq!(places[0], 1, "oil first: two a week forecast");
        let oil = &o.products[0].1.forecast;
        assert!((oil.total().unwrap() - 8.0).abs() < 0.5, "{oil:?}");
        assert_eq!(oil.trust(), Some(Trust::Good));
        assert_eq!(places.len(), 4);
        // Categories by name; soap's empty category left out; grains = products 50 and 52.
        let names: Vec<&str> = o.categories.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["grains", "oil"]);
        assert_eq!(o.categories[0].1.last_four(), 4.0 + 1.0);
    }

    #[test]
    fn the_products_to_stock_more_and_less_of() {
        let flat = vec![10.0; 20];
        let rising: Vec<f64> = (0..20).map(|t| 5.0 + t as f64).collect();
        let mut stopped = vec![8.0; 16];
        stopped.extend([0.0; 4]);
        let falling: Vec<f64> = (0..20).map(|t| (40.0 - 2.0 * t as f64).max(0.0)).collect();
        let short = vec![3.0; 5];
        let w = Weekly {
            revenue: vec![0.0; 20],
            products: vec![flat, rising, stopped, falling, short],
        };
        let (up, down) = movers(&w, 5);
        assert_eq!(up.iter().map(|m| m.place).collect::<Vec<_>>(), [1]);
        assert!(up[0].change_percent().is_some_and(|p| p > 10), "{up:?}");
        // Falling goes down; the one that stopped stays at nothing (no change from its last
        // four weeks); flat and too-short are left out.
        assert_eq!(down.iter().map(|m| m.place).collect::<Vec<_>>(), [3]);
        assert_eq!(movers(&w, 0), (vec![], vec![]));
    }

    #[test]
    fn weeks_end_yesterday_and_voided_sales_do_not_count() {
        use crate::analysis::segments::tests::{book, product, today};
        use crate::book::Change;
        use crate::model::pace::at_once;
        // Days ago: 1 and 7 fall in the last week, 8 in the one before, 0 (today) in none; a
        // sale 20 days ago starts the history (three weeks).
        let mut b = book(
            2,
            &[product(50, "grains", None), product(51, "oil", None)],
            &[
                (1, 1, 1_000, &[50]),
                (1, 7, 2_000, &[50, 51]),
                (2, 8, 3_000, &[51]),
                (2, 0, 9_000, &[50]),
                (2, 20, 4_000, &[51]),
                (1, 2, 5_000, &[50]),
            ],
        );
        let mut voided = b.purchases().get(5).unwrap();
        voided.meta = voided.meta.deleted(Timestamp(1));
        let planned = b
            .plan(Change {
                edited_purchases: vec![voided],
                ..Change::default()
            })
            .unwrap();
        b.apply(planned).unwrap();
        let w = at_once(weekly(&b, today(), 0, 156, &mut Pacer::none()));
        assert_eq!(w.revenue, [4_000.0, 3_000.0, 3_000.0]);
        assert_eq!(w.products[0], [0.0, 0.0, 2.0]);
        assert_eq!(w.products[1], [1.0, 1.0, 1.0]);
        assert_eq!(w.sum_of(&[0, 1]), [1.0, 1.0, 3.0]);
        // At most `max_weeks`, the latest.
        let short = at_once(weekly(&b, today(), 0, 2, &mut Pacer::none()));
        assert_eq!(short.revenue, [3_000.0, 3_000.0]);
    }

    fn made(f: &Forecast) -> (Method, [f64; HORIZON], Option<f64>, [Option<f64>; 4]) {
        match f {
            Forecast::Made {
                method,
                next,
                mase,
                errors,
            } => (*method, *next, *mase, *errors),
            Forecast::TooShort(n) => panic!("too short: {n}"),
        }
    }

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    #[test]
    fn a_short_series_says_so_instead_of_guessing() {
        assert_eq!(forecast(&[3.0; 11]), Forecast::TooShort(11));
        assert_eq!(forecast(&[]), Forecast::TooShort(0));
        assert_eq!(Forecast::TooShort(4).trust(), None);
    }

    #[test]
    fn a_flat_series_forecasts_itself_and_is_trusted() {
        let (method, next, mase, errors) = made(&forecast(&[7.0; 20]));
        assert_eq!(next, [7.0; HORIZON]);
        // Every method is exact; the simplest wins; nothing to scale MASE by.
        assert_eq!(method, Method::Naive);
        assert_eq!(mase, None);
        assert_eq!(errors[0], Some(0.0));
        assert_eq!(errors[1], None, "seasonal naive needs a year and a month");
        assert_eq!(forecast(&[7.0; 20]).trust(), Some(Trust::Good));
    }

    #[test]
    fn a_trend_is_followed_and_beats_naive() {
        // 10, 12, 14, … : the next four weeks continue it (damped a little).
        let weeks: Vec<f64> = (0..30).map(|t| 10.0 + 2.0 * t as f64).collect();
        let (method, next, mase, errors) = made(&forecast(&weeks));
        assert_eq!(method, Method::DampedTrend);
        let last = weeks[29];
        // Damped: h weeks ahead adds 2 x (phi + … + phi^h) at most.
        assert!(next[0] > last && next[0] <= last + 2.0 + 1e-6, "{next:?}");
        assert!(next[3] > next[2] && next[3] <= last + 8.0, "{next:?}");
        // Naive is off by 2, 4, 6, 8 (mean 5 where all four are seen): the trend is far better.
        assert!(errors[3].unwrap() < errors[0].unwrap() / 2.0, "{errors:?}");
        // MASE: its error against the typical weekly change of 2.
        assert!(mase.unwrap() < 0.5, "{mase:?}");
    }

    #[test]
    fn after_a_step_the_forecast_is_at_the_new_level() {
        let mut weeks = vec![10.0; 20];
        weeks.extend([30.0; 10]);
        let (_, next, _, _) = made(&forecast(&weeks));
        for v in next {
            assert!(close(v, 30.0, 1.0), "{next:?}");
        }
    }

    #[test]
    fn intermittent_sales_forecast_their_average_rate_not_the_last_week() {
        // Five units every fourth week, nothing in between: about 1.25 a week.
        let weeks: Vec<f64> = (0..40)
            .map(|t| if t % 4 == 0 { 5.0 } else { 0.0 })
            .collect();
        let f = forecast(&weeks);
        let (method, next, mase, errors) = made(&f);
        assert_eq!(method, Method::Smoothing, "{errors:?}");
        for v in next {
            assert!(v > 0.3 && v < 2.5, "{next:?}");
        }
        // Better than the last week again (naive), which is off by 5 a quarter of the time
        // and more: the scale is 2.5 a week (a jump of 5 every other week).
        assert!(errors[2].unwrap() < errors[0].unwrap(), "{errors:?}");
        assert!(mase.unwrap() < 1.0);
        assert_eq!(f.trust(), Some(Trust::Fair));
    }

    #[test]
    fn a_yearly_pattern_is_repeated_by_seasonal_naive_with_two_years() {
        // A festival spike in the same four weeks each year, flat otherwise.
        let year = |t: usize| {
            if (40..44).contains(&(t % SEASON)) {
                50.0
            } else {
                10.0
            }
        };
        let weeks: Vec<f64> = (0..(2 * SEASON + 40)).map(year).collect();
        // The next four weeks are the spike (weeks 40-43 of the year).
        let (method, next, _, errors) = made(&forecast(&weeks));
        assert_eq!(method, Method::SeasonalNaive, "{errors:?}");
        assert_eq!(next, [50.0; HORIZON]);
    }

    #[test]
    fn forecasts_are_never_below_zero() {
        // Falling fast: a trend would go negative.
        let weeks: Vec<f64> = (0..15).map(|t| (60.0 - 5.0 * t as f64).max(0.0)).collect();
        let (_, next, _, _) = made(&forecast(&weeks));
        assert!(next.iter().all(|v| *v >= 0.0), "{next:?}");
    }
}
