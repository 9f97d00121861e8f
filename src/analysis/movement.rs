//! Segment movement: once a month the book keeps who is in which RFM segment (a
//! [`SegmentSnapshot`]), and the Insights screen shows how customers moved between segments
//! since the last month's — "12 went from Loyal to At risk".

use crate::analysis::rfm::Segment;
use crate::analysis::segments::Analysis;
use crate::book::{Book, Change};
use crate::model::id::{Id, IdMap};
use crate::model::records::Meta;
use crate::model::segment::SegmentSnapshot;
use crate::model::time::{Date, Timestamp};

/// Months of snapshots kept: a year back, and this month's.
pub const KEEP_MONTHS: i64 = 13;

/// Months since year 0 of `d`.
fn month_of(d: Date) -> i64 {
    i64::from(d.year) * 12 + i64::from(d.month) - 1
}

/// The stored code of `s`: its place in [`Segment::ALL`].
fn code(s: Segment) -> u8 {
    Segment::ALL.iter().position(|x| *x == s).unwrap_or(0) as u8
}

/// The segment of stored code `c` (`None` for a code this app does not know).
fn segment(c: u8) -> Option<Segment> {
    Segment::ALL.get(usize::from(c)).copied()
}

/// Each live customer's segment now, sorted by id.
pub fn members_now(a: &Analysis, book: &Book) -> Vec<(Id, u8)> {
    let mut v: Vec<(Id, u8)> = book
        .customers()
        .iter()
        .enumerate()
        .filter(|(_, c)| c.meta.live())
        .map(|(k, c)| (c.meta.id, code(a.segment_at(k))))
        .collect();
    crate::model::sort::sort_by_key(&mut v, |(id, _)| *id);
    v
}

/// The change that keeps this month's snapshot, if the book has none yet (`a` is the analysis
/// as of `a.today`), and lets go of those older than [`KEEP_MONTHS`] (emptied and marked
/// deleted, so that another copy of the book does not bring them back).
pub fn to_keep(a: &Analysis, book: &Book, now: Timestamp) -> Option<Change> {
    let today = a.today;
    let id = SegmentSnapshot::id_of(today);
    if book.snapshot(id).is_some() {
        return None;
    }
    let mut snapshots = vec![SegmentSnapshot {
        meta: Meta::new(id, now),
        taken: today,
        members: members_now(a, book),
    }];
    for old in book.snapshots() {
        if old.meta.live() && month_of(today) - month_of(old.taken) >= KEEP_MONTHS {
            let mut gone = old.clone();
            gone.members = Vec::new();
            gone.meta.updated = now;
            gone.meta.deleted = Some(now);
            snapshots.push(gone);
        }
    }
    Some(Change {
        snapshots,
        ..Change::default()
    })
}

/// How customers moved between segments since a snapshot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Movement {
    /// The day of the snapshot compared with.
    pub since: Date,
    /// Customers who moved, by (from, to), most first.
    pub flows: Vec<(Segment, Segment, u32)>,
    /// Customers in the same segment as then.
    pub stayed: u32,
    /// Customers now who were not in the book then.
    pub joined: u32,
}

/// Movement since the latest snapshot from before this month (`now`: each live customer's
/// segment, sorted by id, as [`members_now`] gives); `None` without one.
pub fn since_last_month(book: &Book, today: Date, now: &[(Id, u8)]) -> Option<Movement> {
    let then = book
        .snapshots()
        .iter()
        .filter(|s| s.meta.live() && month_of(s.taken) < month_of(today))
        .max_by_key(|s| s.taken)?;
    let before: IdMap<u8> = then.members.iter().copied().collect();
    let mut counts: std::collections::BTreeMap<(u8, u8), u32> = Default::default();
    let mut m = Movement {
        since: then.taken,
        flows: Vec::new(),
        stayed: 0,
        joined: 0,
    };
    for (id, to) in now {
        match before.get(id) {
            None => m.joined += 1,
            Some(from) if from == to => m.stayed += 1,
            Some(from) => *counts.entry((*from, *to)).or_insert(0) += 1,
        }
    }
    m.flows = counts
        .into_iter()
        .filter_map(|((f, t), n)| Some((segment(f)?, segment(t)?, n)))
        .collect();
    crate::model::sort::sort_by_key(&mut m.flows, |(f, t, n)| (std::cmp::Reverse(*n), *f, *t));
    Some(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::segments::tests::{book, today};

    fn apply(b: &mut Book, change: Change) {
        let planned = b.plan(change).unwrap();
        b.apply(planned).unwrap();
    }

    #[test]
    fn a_snapshot_is_kept_once_a_month_and_movement_is_counted_against_last_months() {
        // Five buyers: 1-3 came often and lately; 4 once long ago; 5 once lately.
        let mut sales = Vec::new();
        for c in 1..=3u128 {
            for k in 0..6 {
                sales.push((c, 2 + 10 * k, 1_000, &[][..]));
            }
        }
        sales.push((4, 200, 500, &[][..]));
        sales.push((5, 3, 500, &[][..]));
        let mut b = book(6, &[], &sales);
        let a = Analysis::full(&b, today(), 0);
        let kept = to_keep(&a, &b, Timestamp(1)).expect("none this month yet");
        let snap = kept.snapshots[0].clone();
        assert_eq!(snap.taken, today());
        assert_eq!(snap.members.len(), 6, "every live customer, prospects too");
        apply(&mut b, kept);
        assert_eq!(to_keep(&a, &b, Timestamp(2)), None, "one a month");
        // No snapshot from before this month: nothing to compare with yet.
        assert_eq!(since_last_month(&b, today(), &members_now(&a, &b)), None);

        // A month on: customer 4 came back five times and 5 twice; a new customer joined.
        let mut more = sales.clone();
        for k in 0..5 {
            more.push((4, -30 + 5 * k, 2_000, &[][..]));
        }
        more.extend([(5, -25, 500, &[][..]), (5, -20, 500, &[][..])]);
        let mut b2 = book(6, &[], &more);
        apply(
            &mut b2,
            Change {
                snapshots: vec![snap.clone()],
                ..Change::default()
            },
        );
        let next = Date::from_days_since_epoch(today().days_since_epoch() + 31);
        let later = Analysis::full(&b2, next, 0);
        let mut now = members_now(&later, &b2);
        now.push((Id(99), code(Segment::NewCustomers)));
        let m = since_last_month(&b2, next, &now).expect("last month's snapshot");
        assert_eq!(m.since, today());
        assert_eq!(m.joined, 1);
        let moved: u32 = m.flows.iter().map(|f| f.2).sum();
        assert_eq!(moved + m.stayed, 6);
        let was =
            |id: u128| segment(snap.members.iter().find(|x| x.0 == Id(id)).unwrap().1).unwrap();
        let is = |id: u128| later.segment(&b2, Id(id));
        assert_ne!(was(4), is(4), "customer 4 moved");
        assert!(
            m.flows.iter().any(|(f, t, _)| (*f, *t) == (was(4), is(4))),
            "{m:?}"
        );
        assert!(m.flows.windows(2).all(|w| w[0].2 >= w[1].2), "most first");
        // Prospects who still have not bought stay prospects.
        assert!(m.stayed >= 1);
    }

    #[test]
    fn snapshots_older_than_a_year_are_let_go() {
        let mut b = book(2, &[], &[(1, 5, 100, &[])]);
        let old = Date {
            year: today().year - 2,
            month: today().month,
            day: 1,
        };
        apply(
            &mut b,
            Change {
                snapshots: vec![SegmentSnapshot {
                    meta: Meta::new(SegmentSnapshot::id_of(old), Timestamp(1)),
                    taken: old,
                    members: vec![(Id(1), 0)],
                }],
                ..Change::default()
            },
        );
        let a = Analysis::full(&b, today(), 0);
        let kept = to_keep(&a, &b, Timestamp(5)).unwrap();
        assert_eq!(kept.snapshots.len(), 2);
        let gone = &kept.snapshots[1];
        assert_eq!(
            (gone.meta.deleted, gone.members.len()),
            (Some(Timestamp(5)), 0)
        );
        apply(&mut b, kept);
        assert_eq!(b.snapshots().iter().filter(|s| s.meta.live()).count(), 1);
    }
}
