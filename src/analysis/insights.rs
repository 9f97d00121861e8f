//! The dashboard's figures: sales over the last day, 7 and 30 days against the period before,
//! customers served (new and returning), the repeat-customer rate, the average basket, the top
//! customers and products of a period, and cohort retention by month of first purchase. Worked
//! out from the sales' facts in passes that tick a pacer once a sale; product figures read only
//! the sales of the period.

use crate::book::Book;
use crate::model::id::Id;
use crate::model::money::{Paise, Qty};
use crate::model::pace::Pacer;
use crate::model::time::Date;

/// Figures of one period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    /// Revenue (live sales).
    pub revenue: Paise,
    /// Live sales.
    pub sales: u32,
    /// Distinct customers who bought (walk-ins not counted).
    pub served: u32,
    /// Of them, those whose first purchase ever was in the period.
    pub new: u32,
    /// Of them, those who had bought before the period.
    pub returning: u32,
}

impl Figures {
    /// Returning customers as a share of those served, in percent (`None` with nobody served).
    pub fn repeat_percent(&self) -> Option<u32> {
        (self.served > 0).then(|| self.returning * 100 / self.served)
    }

    /// Average sale (zero without sales).
    pub fn average_basket(&self) -> Paise {
        if self.sales == 0 {
            Paise(0)
        } else {
            Paise(self.revenue.0 / i64::from(self.sales))
        }
    }
}

/// The change from `before` to `now` in whole percent of `before`, halves away from zero;
/// `None` when there was nothing before to compare with.
pub fn change_percent(now: i64, before: i64) -> Option<i64> {
    (before > 0).then(|| {
        let (diff, half) = ((now - before) * 100, before / 2);
        if diff >= 0 {
            (diff + half) / before
        } else {
            -((half - diff) / before)
        }
    })
}

/// A period and the one before it, of the same length.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Compared {
    /// The last `days` days, today included.
    pub now: Figures,
    /// The `days` days before those.
    pub before: Figures,
}

/// How a month's new customers came back.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cohort {
    /// The month of their first purchase.
    pub year: i32,
    /// 1-12.
    pub month: u8,
    /// How many customers first bought that month.
    pub size: u32,
    /// For each later month up to this one (the first entry: the month after), how many of them
    /// bought in it.
    pub again: Vec<u32>,
}

/// The dashboard: the last day, 7 and 30 days against the period before, and cohorts of the
/// last twelve months.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dashboard {
    /// Today, the last 7 days, the last 30 days.
    pub periods: [Compared; 3],
    /// The 12 months up to this one, oldest first (months with no new customer included).
    pub cohorts: Vec<Cohort>,
    /// The [`TOP`] customers by spending over the last [`TOP_DAYS`] days, most first.
    pub top_customers: Vec<(Id, Paise)>,
    /// The [`TOP`] products by revenue over the last [`TOP_DAYS`] days, most first, with the
    /// quantity sold.
    pub top_products: Vec<(Id, Qty, Paise)>,
}

/// How many top customers and products the dashboard names.
pub const TOP: usize = 5;
/// The period of the top customers and products, in days.
pub const TOP_DAYS: i64 = 30;

/// The dashboard's periods, in days.
pub const PERIODS: [i64; 3] = [1, 7, 30];
/// Months of cohorts.
pub const COHORT_MONTHS: usize = 12;

/// Months since year 0 of `d`.
fn month_index(d: Date) -> i64 {
    i64::from(d.year) * 12 + i64::from(d.month) - 1
}

/// The dashboard of `book` as of `today` (days read at `offset_minutes`): one pass over the
/// sales, ticking `pacer` once for each, then one over the customers.
pub async fn dashboard(
    book: &Book,
    today: Date,
    offset_minutes: i32,
    pacer: &mut Pacer<'_>,
) -> Dashboard {
    let sales = book.purchases();
    let n = book.customers().len();
    let t = today.days_since_epoch();
    let this_month = month_index(today);
    let first_month = this_month - (COHORT_MONTHS as i64 - 1);
    // Per customer (by place): the first purchase day, the half-periods they bought in (a bit
    // each: period p, now = 0 / before = 1, at bit 2p + half) and the cohort months they
    // bought in (bit j: `first_month + j`).
    // The first day of each cohort month, and of the month after the last.
    let month_starts: [i64; COHORT_MONTHS + 1] = std::array::from_fn(|j| {
        let m = first_month + j as i64;
        Date {
            year: (m / 12) as i32,
            month: (m % 12 + 1) as u8,
            day: 1,
        }
        .days_since_epoch()
    });
    let mut first = vec![i64::MAX; n];
    let mut seen: Vec<u8> = vec![0; n];
    let mut months: Vec<u16> = vec![0; n];
    let mut periods = [Compared::default(); 3];
    let mut spent: Vec<i64> = vec![0; n];
    let mut sold: crate::model::id::IdMap<(i64, i64)> = Default::default();
    for i in 0..sales.len() {
        pacer.tick(1).await;
        let f = sales.facts(i);
        if !f.live {
            continue;
        }
        let d = f.at.local_day(offset_minutes);
        let mut bits = 0u8;
        for (p, &days) in PERIODS.iter().enumerate() {
            for (half, figures) in [(0, &mut periods[p].now), (1, &mut periods[p].before)] {
                let end = t - days * half;
                if d <= end && d > end - days {
                    figures.revenue += f.total;
                    figures.sales += 1;
                    bits |= 1 << (p * 2 + half as usize);
                }
            }
        }
        let recent = d <= t && d > t - TOP_DAYS;
        // Only the period's sales are read whole (their lines).
        if let Some(p) = recent.then(|| sales.get(i)).flatten() {
            for l in &p.lines {
                let e = sold.entry(l.product).or_insert((0, 0));
                e.0 += l.qty.0;
                e.1 += (l.unit_price * l.qty).0;
            }
        }
        if let Some(k) = f.place {
            let k = k as usize;
            if recent {
                spent[k] += f.total.0;
            }
            first[k] = first[k].min(d);
            seen[k] |= bits;
            // The cohort month bought in, by the months' first days (no calendar per sale).
            if d >= month_starts[0] && d < month_starts[COHORT_MONTHS] {
                let j = month_starts.partition_point(|&start| start <= d) - 1;
                months[k] |= 1 << j;
            }
        }
    }
    let mut cohorts: Vec<Cohort> = (first_month..=this_month)
        .map(|m| Cohort {
            year: (m / 12) as i32,
            month: (m % 12 + 1) as u8,
            size: 0,
            again: vec![0; (this_month - m) as usize],
        })
        .collect();
    for k in 0..n {
        if first[k] == i64::MAX {
            continue;
        }
        // Counted once per customer and half-period: new if their first purchase is in it.
        for (p, &days) in PERIODS.iter().enumerate() {
            for half in 0..2 {
                if seen[k] & (1 << (p * 2 + half)) == 0 {
                    continue;
                }
                let c = &mut periods[p];
                let figures = if half == 0 { &mut c.now } else { &mut c.before };
                figures.served += 1;
                if first[k] > t - days * half as i64 - days {
                    figures.new += 1;
                } else {
                    figures.returning += 1;
                }
            }
        }
        let start = month_index(Date::from_days_since_epoch(first[k]));
        if start < first_month {
            continue;
        }
        let at = (start - first_month) as usize;
        let c = &mut cohorts[at];
        c.size += 1;
        for (j, again) in c.again.iter_mut().enumerate() {
            if months[k] & (1 << (at + 1 + j)) != 0 {
                *again += 1;
            }
        }
    }
    let customers = book.customers();
    let mut top_customers: Vec<(Id, Paise)> = (0..n)
        .filter(|&k| spent[k] > 0 && customers[k].meta.live())
        .map(|k| (customers[k].meta.id, Paise(spent[k])))
        .collect();
    crate::model::sort::sort_by_key(&mut top_customers, |(c, s)| (std::cmp::Reverse(*s), *c));
    top_customers.truncate(TOP);
    let mut top_products: Vec<(Id, Qty, Paise)> = sold
        .into_iter()
        .map(|(p, (q, r))| (p, Qty(q), Paise(r)))
        .collect();
    crate::model::sort::sort_by_key(&mut top_products, |(p, _, r)| (std::cmp::Reverse(*r), *p));
    top_products.truncate(TOP);
    Dashboard {
        periods,
        cohorts,
        top_customers,
        top_products,
    }
}

/// Ratings and complaints: the average rating of each of the last twelve months, and the open
/// complaints and warranty claims with the age of the oldest.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Satisfaction {
    /// The 12 months up to this one, oldest first: (year, month, ratings, their average).
    pub months: Vec<(i32, u8, u32, Option<f64>)>,
    /// Open complaints and warranty claims of live customers.
    pub open: u32,
    /// Days since the oldest of them was logged.
    pub oldest_open_days: Option<i64>,
}

/// [`Satisfaction`] of `book` as of `today`.
pub fn satisfaction(book: &Book, today: Date, offset_minutes: i32) -> Satisfaction {
    let this_month = month_index(today);
    let first_month = this_month - (COHORT_MONTHS as i64 - 1);
    let mut sums = [(0u32, 0u32); COHORT_MONTHS];
    for i in book.interactions().iter().filter(|i| i.meta.live()) {
        if let Some(r) = i.rating {
            let m = month_index(i.at.local_date(offset_minutes));
            if (first_month..=this_month).contains(&m) {
                let e = &mut sums[(m - first_month) as usize];
                e.0 += 1;
                e.1 += u32::from(r);
            }
        }
    }
    let open = crate::analysis::history::open_issues(book);
    Satisfaction {
        months: sums
            .iter()
            .enumerate()
            .map(|(k, &(n, total))| {
                let m = first_month + k as i64;
                (
                    (m / 12) as i32,
                    (m % 12 + 1) as u8,
                    n,
                    (n > 0).then(|| f64::from(total) / f64::from(n)),
                )
            })
            .collect(),
        open: open.len() as u32,
        oldest_open_days: open
            .first()
            .map(|i| today.days_since_epoch() - i.at.local_day(offset_minutes)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::segments::tests::{book, product, today};
    use crate::model::pace::at_once;

    fn dash(b: &Book) -> Dashboard {
        at_once(dashboard(b, today(), 0, &mut Pacer::none()))
    }

    #[test]
    fn periods_compare_with_the_one_before_and_count_new_and_returning() {
        // Today is 22 Nov 2026. Customer 1 first bought 40 days ago and again 3 and 0 days ago;
        // 2 first bought 5 days ago; 3 bought 10 days ago only.
        let b = book(
            3,
            &[],
            &[
                (1, 40, 1_000, &[]),
                (1, 3, 2_000, &[]),
                (1, 0, 3_000, &[]),
                (2, 5, 4_000, &[]),
                (3, 10, 5_000, &[]),
            ],
        );
        let d = dash(&b);
        let [day, week, month] = d.periods;
        assert_eq!(
            day.now,
            Figures {
                revenue: Paise(3_000),
                sales: 1,
                served: 1,
                new: 0,
                returning: 1,
            }
        );
        assert_eq!(day.before, Figures::default(), "nothing yesterday");
        // 7 days: 1 (two sales, returning) and 2 (new): ₹60 from 3 sales.
        assert_eq!(
            week.now,
            Figures {
                revenue: Paise(9_000),
                sales: 3,
                served: 2,
                new: 1,
                returning: 1,
            }
        );
        assert_eq!(week.now.repeat_percent(), Some(50));
        assert_eq!(week.now.average_basket(), Paise(3_000));
        // The 7 days before: 3 (10 days ago, new then).
        assert_eq!((week.before.sales, week.before.new), (1, 1));
        // 30 days: everyone but 1's first sale; 1 is returning (first bought 40 days ago).
        assert_eq!(
            (month.now.served, month.now.new, month.now.returning),
            (3, 2, 1)
        );
        assert_eq!((month.before.sales, month.before.served), (1, 1));
    }

    #[test]
    fn a_change_is_in_whole_percent_of_the_period_before() {
        assert_eq!(change_percent(150, 100), Some(50));
        assert_eq!(change_percent(1_025, 1_000), Some(3), "2.5% shows as 3%");
        assert_eq!(change_percent(975, 1_000), Some(-3));
        assert_eq!(change_percent(1_004, 1_000), Some(0));
        assert_eq!(change_percent(0, 400), Some(-100));
        assert_eq!(change_percent(500, 0), None, "nothing before");
    }

    #[test]
    fn cohorts_count_who_came_back_in_each_later_month() {
        // Today 22 Nov 2026. 1 and 2 first bought in September; 1 came back in October and
        // November, 2 only in November. 3 first bought in October and not again.
        let b = book(
            3,
            &[],
            &[
                (1, 70, 100, &[]), // 13 Sep
                (2, 60, 100, &[]), // 23 Sep
                (1, 40, 100, &[]), // 13 Oct
                (3, 35, 100, &[]), // 18 Oct
                (1, 10, 100, &[]), // 12 Nov
                (2, 2, 100, &[]),  // 20 Nov
            ],
        );
        let d = dash(&b);
        assert_eq!(d.cohorts.len(), COHORT_MONTHS);
        let last = |k: usize| &d.cohorts[COHORT_MONTHS - k];
        assert_eq!((last(3).year, last(3).month, last(3).size), (2026, 9, 2));
        assert_eq!(last(3).again, [1, 2], "October: 1 of 2; November: 2 of 2");
        assert_eq!(
            (last(2).month, last(2).size, last(2).again.clone()),
            (10, 1, vec![0])
        );
        assert_eq!(
            (last(1).month, last(1).size, last(1).again.len()),
            (11, 0, 0)
        );
        assert_eq!(d.cohorts[0].month, 12, "twelve months back: December 2025");
    }

    #[test]
    fn ratings_by_month_and_the_oldest_open_complaint() {
        use crate::book::Change;
        use crate::model::records::{Interaction, InteractionKind, Meta, Status};
        use crate::model::time::Timestamp;
        let mut b = book(2, &[], &[(1, 1, 100, &[])]);
        let noon = Timestamp::at_local_midnight(today(), 0).0 + 12 * 3_600_000;
        let contact = |id: u128, who: u128, ago: i64, kind, rating, status| Interaction {
            meta: Meta::new(Id(id), Timestamp(0)),
            customer: Id(who),
            at: Timestamp(noon - ago * 86_400_000),
            kind,
            note: "x".into(),
            rating,
            status,
            campaign: None,
            money: None,
        };
        let planned = b
            .plan(Change {
                interactions: vec![
                    contact(
                        1,
                        1,
                        2,
                        InteractionKind::Feedback,
                        Some(5),
                        Status::Resolved,
                    ),
                    contact(
                        2,
                        2,
                        5,
                        InteractionKind::Feedback,
                        Some(2),
                        Status::Resolved,
                    ),
                    contact(
                        3,
                        1,
                        40,
                        InteractionKind::Feedback,
                        Some(4),
                        Status::Resolved,
                    ),
                    contact(4, 2, 9, InteractionKind::Complaint, None, Status::Open),
                    contact(5, 1, 3, InteractionKind::Complaint, None, Status::Open),
                    contact(6, 1, 30, InteractionKind::Complaint, None, Status::Resolved),
                ],
                ..Change::default()
            })
            .unwrap();
        b.apply(planned).unwrap();
        let s = satisfaction(&b, today(), 0);
        assert_eq!(s.months.len(), COHORT_MONTHS);
        // November: 5 and 2; October (40 days ago): 4; none before.
        assert_eq!(s.months[11], (2026, 11, 2, Some(3.5)));
        assert_eq!(s.months[10], (2026, 10, 1, Some(4.0)));
        assert_eq!(s.months[0], (2025, 12, 0, None));
        assert_eq!((s.open, s.oldest_open_days), (2, Some(9)));
    }

    #[test]
    fn top_customers_and_products_of_a_period() {
        let products = [product(50, "grains", None), product(51, "oil", None)];
        let b = book(
            3,
            &products,
            &[
                (1, 2, 1_000, &[50]),
                (2, 3, 3_000, &[50, 51]),
                (3, 40, 9_000, &[51]),
                (1, 5, 1_000, &[51]),
            ],
        );
        let d = dash(&b);
        // 30 days: 2 spent ₹30, 1 ₹20; 3's sale is older.
        assert_eq!(
            d.top_customers,
            [(Id(2), Paise(3_000)), (Id(1), Paise(2_000))]
        );
        // Products: oil ₹15 + ₹10 = ₹25 (2 units), grains ₹10 + ₹15 = ₹25 (2 units): equal
        // revenue, then by id.
        let top = d.top_products;
        assert_eq!(
            top,
            [
                (Id(50), Qty(2000), Paise(2_500)),
                (Id(51), Qty(2000), Paise(2_500))
            ]
        );
    }
}
