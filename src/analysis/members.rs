//! A segment's member list: who is in a segment named by its URL slug, and the rows of the list
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
