//! Lists of customers: the customer list a page at a time in the order chosen, and a segment's
//! member list: who is in a segment named by its URL slug, and the rows of the list
//! in the order the seller chose.

use crate::analysis::segments::{Analysis, Builtin};
use crate::book::Book;
use crate::model::id::Id;
use crate::model::money::Paise;
use crate::model::records::Customer;

/// Why there is no member list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoList {
    /// No segment has this slug.
    Unknown,
    /// The segment needs the background details, not worked out yet.
    Working,
}

/// Who is in a segment, by its slug: a built-in, a custom segment (`custom-<id>`), or `rf-R-F`
/// for one cell of the R x F grid.
pub fn by_slug(a: &Analysis, b: &Book, slug: &str) -> Result<Vec<Id>, NoList> {
    let ids = |cs: Vec<&Customer>| cs.iter().map(|c| c.meta.id).collect();
    if let Some(rf) = slug.strip_prefix("rf-") {
        let mut it = rf
            .split('-')
            .map(|p| p.parse::<u8>().ok().filter(|v| (1..=5).contains(v)));
        let (Some(Some(r)), Some(Some(f)), None) = (it.next(), it.next(), it.next()) else {
            return Err(NoList::Unknown);
        };
        let in_cell = |id: Id| a.scores(b, id).is_some_and(|s| s.r == r && s.f == f);
        return Ok(ids(b
            .customers()
            .iter()
            .filter(|c| c.meta.live() && in_cell(c.meta.id))
            .collect()));
    }
    if let Some(id) = slug.strip_prefix("custom-").and_then(Id::parse) {
        let s = b
            .segments()
            .iter()
            .find(|s| s.meta.id == id && s.meta.live())
            .ok_or(NoList::Unknown)?;
        return Ok(ids(s.rule.members(a, b)));
    }
    let builtin = Builtin::from_slug(slug).ok_or(NoList::Unknown)?;
    a.members(b, builtin).map(ids).ok_or(NoList::Working)
}

/// The orders the customer list can be read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListOrder {
    /// The customer added last first.
    Newest,
    /// A-Z (Latin letters in any case together; other scripts in their own order).
    Name,
    /// Who came last first; customers who never bought last.
    LastVisit,
}

impl ListOrder {
    /// Every order, as offered on screen.
    pub const ALL: [ListOrder; 3] = [ListOrder::Newest, ListOrder::Name, ListOrder::LastVisit];
}

/// One page of the live customers in `order` (ties: newest first), and how many there are.
/// By last visit needs the analysis (`None` there: not counted yet).
pub fn customer_page(
    b: &Book,
    a: Option<&Analysis>,
    order: ListOrder,
    skip: usize,
    take: usize,
) -> Option<(usize, Vec<Id>)> {
    let cs = b.customers();
    let live: Vec<usize> = (0..cs.len()).filter(|&i| cs[i].meta.live()).collect();
    let total = live.len();
    let newest = |x: usize, y: usize| y.cmp(&x);
    let page = match order {
        // Already in order, backwards: no selection needed.
        ListOrder::Newest => live.into_iter().rev().skip(skip).take(take).collect(),
        ListOrder::Name => {
            let name = |i: usize| cs[i].name.bytes().map(|c| c.to_ascii_lowercase());
            crate::model::sort::page_of(live, skip, take, &|x, y| {
                name(x).cmp(name(y)).then(newest(x, y))
            })
        }
        ListOrder::LastVisit => {
            let a = a?;
            let last = |i: usize| std::cmp::Reverse(a.summary_at(i).map(|s| s.last));
            crate::model::sort::page_of(live, skip, take, &|x, y| {
                last(x).cmp(&last(y)).then(newest(x, y))
            })
        }
    };
    Some((total, page.into_iter().map(|i| cs[i].meta.id).collect()))
}

/// The orders a member list can be read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortBy {
    /// Most recent visit first; customers who never bought last.
    Recency,
    /// Most visits first.
    Visits,
    /// Biggest spenders first.
    Spent,
    /// By name.
    Name,
}

impl SortBy {
    /// Every order, as offered on screen.
    pub const ALL: [SortBy; 4] = [SortBy::Recency, SortBy::Visits, SortBy::Spent, SortBy::Name];
}

/// One row of a member list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// The customer.
    pub id: Id,
    /// Their name.
    pub name: String,
    /// Days since their last purchase (`None`: never bought).
    pub recency: Option<i64>,
    /// Purchases.
    pub visits: u32,
    /// Total spent.
    pub spent: Paise,
}

/// The rows for `ids`, sorted `by` (ties by id, so the order never wobbles).
pub fn rows(a: &Analysis, b: &Book, ids: &[Id], by: SortBy) -> Vec<Member> {
    let mut rows: Vec<Member> = ids
        .iter()
        .filter_map(|&id| {
            let x = b.customer(id)?;
            let m = a.summary(b, id);
            Some(Member {
                id,
                name: x.name.clone(),
                recency: m.map(|m| m.recency_days(a.today)),
                visits: m.map_or(0, |m| m.purchases),
                spent: m.map_or(Paise(0), |m| m.spent),
            })
        })
        .collect();
    use crate::model::sort::{sort_by, sort_by_key};
    use std::cmp::Reverse;
    match by {
        SortBy::Recency => sort_by_key(&mut rows, |r| (r.recency.unwrap_or(i64::MAX), r.id)),
        SortBy::Visits => sort_by_key(&mut rows, |r| (Reverse(r.visits), r.id)),
        SortBy::Spent => sort_by_key(&mut rows, |r| (Reverse(r.spent), r.id)),
        SortBy::Name => sort_by(&mut rows, |x, y| x.name.cmp(&y.name).then(x.id.cmp(&y.id))),
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::Change;
    use crate::model::records::Meta;
    use crate::model::time::{Date, Timestamp};

    #[test]
    fn the_customer_list_in_each_order_a_page_at_a_time() {
        // Customers 1..=4 (4 added last); 2 bought yesterday, 4 a week ago, 1 and 3 never.
        let day = 86_400_000;
        let mut b = Book::default();
        let names = ["meena", "Asha", "zoya", "Bina"];
        let planned = b
            .plan(Change {
                customers: names
                    .iter()
                    .enumerate()
                    .map(|(k, n)| Customer::named(Meta::new(Id(k as u128 + 1), Timestamp(0)), n))
                    .collect(),
                ..Change::default()
            })
            .unwrap();
        b.apply(planned).unwrap();
        let now = 100 * day;
        let sale = |id: u128, c: u128, at: i64| crate::model::records::Purchase {
            meta: Meta::new(Id(id), Timestamp(at)),
            customer: Some(Id(c)),
            at: Timestamp(at),
            lines: Vec::new(),
            total: Paise(100),
            payment: crate::model::records::Payment::Cash,
            channel: crate::model::records::Channel::Stall,
            note: String::new(),
            by: String::new(),
            money: Default::default(),
        };
        let planned = b
            .plan(Change {
                purchases: vec![sale(10, 2, now - day), sale(11, 4, now - 7 * day)],
                ..Change::default()
            })
            .unwrap();
        b.apply(planned).unwrap();
        let a = Analysis::new(&b, Timestamp(now).local_date(0), 0);
        let ids = |o: ListOrder, skip: usize, take: usize| {
            let (n, page) = customer_page(&b, Some(&a), o, skip, take).unwrap();
            assert_eq!(n, 4);
            page.iter().map(|id| id.0).collect::<Vec<_>>()
        };
        assert_eq!(ids(ListOrder::Newest, 0, 10), [4, 3, 2, 1]);
        assert_eq!(ids(ListOrder::Name, 0, 10), [2, 4, 1, 3]);
        assert_eq!(ids(ListOrder::Name, 1, 2), [4, 1]);
        assert_eq!(ids(ListOrder::LastVisit, 0, 10), [2, 4, 3, 1]);
        assert_eq!(ids(ListOrder::LastVisit, 3, 10), [1]);
        assert_eq!(customer_page(&b, None, ListOrder::LastVisit, 0, 10), None);
    }

    #[test]
    fn slugs_name_grid_cells_builtins_and_custom_segments_and_rows_sort_as_chosen() {
        let today = Date::new(2026, 11, 22).unwrap();
        let day = |ago: i64| Timestamp(Timestamp::at_local_midnight(today, 0).0 - ago * 86_400_000);
        let sale = |k: u128, who: u128, ago: i64, total: i64| {
            crate::demo::extra_sale(k, Id(who), day(ago), Paise(total))
        };
        let mut b = Book::default();
        let planned = b
            .plan(Change {
                customers: vec![
                    Customer::named(Meta::new(Id(1), Timestamp(0)), "Ravi"),
                    Customer::named(Meta::new(Id(2), Timestamp(0)), "Asha"),
                    Customer::named(Meta::new(Id(3), Timestamp(0)), "Meena"),
                ],
                purchases: vec![sale(1, 1, 2, 100), sale(2, 1, 3, 100), sale(3, 2, 40, 900)],
                ..Change::default()
            })
            .unwrap();
        b.apply(planned).expect("planned change applies");
        let mut a = Analysis::new(&b, today, 0);
        while !a.fill_details(&b, 1000) {}
        assert_eq!(by_slug(&a, &b, "rf-9-1"), Err(NoList::Unknown));
        assert_eq!(by_slug(&a, &b, "nonsense"), Err(NoList::Unknown));
        assert_eq!(by_slug(&a, &b, "prospects"), Ok(vec![Id(3)]));
        let all = [Id(1), Id(2), Id(3)];
        let names = |by| {
            rows(&a, &b, &all, by)
                .into_iter()
                .map(|m| m.name)
                .collect::<Vec<_>>()
        };
        assert_eq!(names(SortBy::Recency), ["Ravi", "Asha", "Meena"]);
        assert_eq!(names(SortBy::Visits), ["Ravi", "Asha", "Meena"]);
        assert_eq!(names(SortBy::Spent), ["Asha", "Ravi", "Meena"]);
        assert_eq!(names(SortBy::Name), ["Asha", "Meena", "Ravi"]);
    }
}
