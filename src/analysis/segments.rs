//! Segments: who is a champion, who is slipping away, who is due for a refill, and why.
//!
//! [`Analysis::new`] makes one pass over the purchases and keeps, per customer (by their place
//! in the book, so no map of its own), a [`Summary`] (visits, spend, first and last purchase)
//! in flat vectors, then the RFM cut points: that is all RFM needs, and it takes tens of
//! milliseconds for a million purchases.
//!
//! What needs a customer's whole history (usual interval, products due, favourite category) is
//! worked out per customer, in slices ([`Analysis::fill_details`]), so that the screen can stay
//! responsive while a big book is analysed; until then the segments that need it are unknown.
//!
//! A new sale is folded in with [`Analysis::add_sale`], which updates that customer and the
//! sorted measures the cut points are read from, without touching anyone else.

use crate::analysis::metrics::Metrics;
use crate::analysis::rfm::{cuts_by, AllCuts, Scores, Segment};
use crate::book::Book;
use crate::model::id::Id;
use crate::model::money::Paise;
use crate::model::records::{Customer, CustomerKind, LifeStage, Purchase};
use crate::model::time::{Date, Timestamp};

/// A customer's RFM measures, from the one pass over the purchases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Summary {
    /// Number of live purchases (frequency).
    pub purchases: u32,
    /// Sum of their totals (monetary).
    pub spent: Paise,
    /// First purchase.
    pub first: Timestamp,
    /// Latest purchase.
    pub last: Timestamp,
    /// Local date of the latest purchase, days since 1970-01-01.
    pub last_day: i64,
}

impl Summary {
    const NONE: Summary = Summary {
        purchases: 0,
        spent: Paise(0),
        first: Timestamp(0),
        last: Timestamp(0),
        last_day: 0,
    };

    /// Whole days from the last purchase's local date to `today` (recency).
    pub fn recency_days(&self, today: Date) -> i64 {
        today.days_since_epoch() - self.last_day
    }

    /// Average purchase total.
    pub fn average_basket(&self) -> Paise {
        Paise(self.spent.0 / i64::from(self.purchases.max(1)))
    }
}

/// What needs the customer's whole history.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Detail {
    interval: Option<u32>,
    lapsing: bool,
    /// The products they are due to buy again now (usually none: no allocation).
    due: Box<[Id]>,
    /// The loved category, as the place of one of its products (no string per customer), and
    /// its share.
    loved: Option<(u32, u8)>,
    /// Loyalty points of theirs that expire within the next 30 days.
    expiring: bool,
    /// What they spent over the last 12 months (the tiers' measure).
    year_spend: i64,
}

/// One customer's measures, as the built-in segments read them.
struct Facts<'a> {
    summary: Option<&'a Summary>,
    scores: Option<Scores>,
    detail: Option<&'a Detail>,
}

/// Every customer's measures and the RFM cut points, as of one day.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// The as-of date (today, local calendar).
    pub today: Date,
    offset_minutes: i32,
    // By the customer's place in the book; `purchases == 0` for one who has not bought.
    sums: Vec<Summary>,
    details: Vec<Option<Detail>>,
    filled: usize,
    // Purchases counted so far, and whether the counting is done (see `Analysis::count`).
    counted: usize,
    ready: bool,
    // The measures of customers with purchases, ascending, for the cut points.
    last_days: Vec<i64>,
    frequencies: Vec<i64>,
    monetary: Vec<i64>,
    cuts: AllCuts,
    // Points given by hand or by campaigns, by customer: gathered once, before the details.
    bonus: Option<crate::model::id::IdMap<Vec<crate::model::loyalty::Entry>>>,
}

/// "About to expire": within this many days from today (the last one included).
pub const EXPIRING_DAYS: i64 = 30;

/// Every live points-given contact, by customer.
fn bonus_points(book: &Book) -> crate::model::id::IdMap<Vec<crate::model::loyalty::Entry>> {
    let mut by = crate::model::id::IdMap::<Vec<crate::model::loyalty::Entry>>::default();
    for e in book
        .interactions()
        .iter()
        .filter_map(crate::analysis::loyalty::given)
    {
        by.entry(e.customer).or_default().push(e);
    }
    by
}

/// Inserts `v` into ascending `sorted`.
fn insert<T: Ord + Copy>(sorted: &mut Vec<T>, v: T) {
    let at = sorted.partition_point(|x| *x < v);
    sorted.insert(at, v);
}

/// Removes one `v` from ascending `sorted` (it is there: it was inserted with the old values).
fn remove<T: Ord + Copy>(sorted: &mut Vec<T>, v: T) {
    let at = sorted.partition_point(|x| *x < v);
    if sorted.get(at) == Some(&v) {
        sorted.remove(at);
    }
}

impl Analysis {
    /// The local calendar's offset from UTC, in minutes east, that days are counted in.
    pub fn offset_minutes(&self) -> i32 {
        self.offset_minutes
    }

    /// Analyses `book` as of `today`, with days in the local calendar `offset_minutes` east of
    /// UTC: RFM for everyone; the history-based details are left for [`Analysis::fill_details`].
    pub fn new(book: &Book, today: Date, offset_minutes: i32) -> Analysis {
        let mut a = Analysis::begin(today, offset_minutes);
        a.count(book, usize::MAX);
        a
    }

    /// An analysis that has counted nothing yet: [`Analysis::count`] goes through the purchases
    /// a slice at a time (a million take over 100 ms on a tablet, too long for one task).
    pub fn begin(today: Date, offset_minutes: i32) -> Analysis {
        Analysis {
            today,
            offset_minutes,
            sums: Vec::new(),
            details: Vec::new(),
            filled: 0,
            counted: 0,
            ready: false,
            last_days: Vec::new(),
            frequencies: Vec::new(),
            monetary: Vec::new(),
            cuts: AllCuts::default(),
            bonus: None,
        }
    }

    /// Counts up to `budget` more of `book`'s purchases (the same book every time); `true` once
    /// all are counted and the cut points made. Nothing else may be read before that.
    pub fn count(&mut self, book: &Book, budget: usize) -> bool {
        if self.ready {
            return true;
        }
        let all = book.purchases();
        let end = self.counted.saturating_add(budget).min(all.len());
        for i in self.counted..end {
            let p = all.facts(i);
            if let (Some(c), true) = (p.place, p.live) {
                let k = self.slot_of(book, c as usize, p.at);
                let s = &mut self.sums[k];
                s.purchases += 1;
                s.spent += p.total;
                s.first = s.first.min(p.at);
                s.last = s.last.max(p.at);
            }
        }
        self.counted = end;
        if end < all.len() {
            return false;
        }
        let offset_minutes = self.offset_minutes;
        for s in &mut self.sums {
            s.last_day = s.last.local_day(offset_minutes);
        }
        let bought = || self.sums.iter().filter(|s| s.purchases > 0);
        self.last_days = bought().map(|s| s.last_day).collect();
        self.frequencies = bought().map(|s| i64::from(s.purchases)).collect();
        self.monetary = bought().map(|s| s.spent.0).collect();
        self.last_days.sort_unstable();
        self.frequencies.sort_unstable();
        self.monetary.sort_unstable();
        self.details = vec![None; self.sums.len()];
        self.recut();
        self.ready = true;
        true
    }

    /// Whether every purchase is counted (RFM and the cut points can be read).
    pub fn is_counted(&self) -> bool {
        self.ready
    }

    /// [`Analysis::new`] with every detail filled in (tests, small books).
    pub fn full(book: &Book, today: Date, offset_minutes: i32) -> Analysis {
        let mut a = Analysis::new(book, today, offset_minutes);
        a.fill_details(book, usize::MAX);
        a
    }

    /// The slot of the customer at `place` in the book, emptied to `at` before their first
    /// purchase; every customer up to them gets one.
    fn slot_of(&mut self, book: &Book, place: usize, at: Timestamp) -> usize {
        if place >= self.sums.len() {
            // Room for everyone at once, not one by one as the purchases name them.
            let n = book.customers().len().max(place + 1);
            self.sums.resize(n, Summary::NONE);
            self.details.resize(n, None);
        }
        let s = &mut self.sums[place];
        if s.purchases == 0 {
            s.first = at;
            s.last = at;
        }
        place
    }

    /// Works out the history-based details of more customers, about `budget` purchases' worth
    /// (a customer costs their purchases plus one); `true` once everyone is done. A purchase
    /// takes about half a microsecond, so a budget of 20,000 keeps a step near 10 ms.
    pub fn fill_details(&mut self, book: &Book, budget: usize) -> bool {
        if !self.ready {
            return false;
        }
        if self.bonus.is_none() {
            self.bonus = Some(bonus_points(book));
        }
        let mut spent = 0;
        while self.filled < self.sums.len() && spent < budget {
            let k = self.filled;
            if self.sums[k].purchases > 0 {
                self.details[k] = Some(self.detail(book, book.customers()[k].meta.id));
            }
            spent += self.sums[k].purchases as usize + 1;
            self.filled += 1;
        }
        self.details_ready()
    }

    /// Whether every customer's details are worked out.
    pub fn details_ready(&self) -> bool {
        self.filled == self.sums.len()
    }

    fn detail(&self, book: &Book, id: Id) -> Detail {
        let m = Metrics::of(book, id, self.offset_minutes);
        let interval = m.usual_interval_days();
        let lapsing = match (m.recency_days(self.today), interval) {
            (Some(r), Some(u)) => 2 * r > 3 * i64::from(u),
            _ => false,
        };
        // Points: what their sales earned and spent, and what they were given.
        let mut lines = m.points.clone();
        if let Some(given) = self.bonus.as_ref().and_then(|b| b.get(&id)) {
            lines.extend(given.iter().cloned());
        }
        let expiring = !lines.is_empty() && {
            let held = crate::analysis::loyalty::points(&lines, self.today, self.offset_minutes);
            held.expiring_before(Date::from_days_since_epoch(
                self.today.days_since_epoch() + EXPIRING_DAYS + 1,
            )) > 0
        };
        Detail {
            interval,
            lapsing,
            due: self.due_for(book, &m).iter().map(|d| d.product).collect(),
            loved: loved_of(book, &m),
            expiring,
            year_spend: m.spent_since(self.today.days_since_epoch() - 364).0,
        }
    }

    /// Folds in one new sale that `book` already holds (a walk-in's changes nothing).
    pub fn add_sale(&mut self, book: &Book, p: &Purchase) {
        // Still counting: the sale is at the end of the book's purchases, so counting reaches it.
        if !self.ready {
            return;
        }
        let Some(id) = p.customer.filter(|_| p.meta.live()) else {
            return;
        };
        let Some(place) = book.customer_position(id) else {
            return;
        };
        let was_done = self.details_ready();
        let k = self.slot_of(book, place, p.at);
        let s = self.sums[k];
        if s.purchases > 0 {
            remove(&mut self.last_days, s.last_day);
            remove(&mut self.frequencies, i64::from(s.purchases));
            remove(&mut self.monetary, s.spent.0);
        }
        let s = &mut self.sums[k];
        s.purchases += 1;
        s.spent += p.total;
        s.first = s.first.min(p.at);
        s.last = s.last.max(p.at);
        s.last_day = s.last.local_day(self.offset_minutes);
        let s = *s;
        insert(&mut self.last_days, s.last_day);
        insert(&mut self.frequencies, i64::from(s.purchases));
        insert(&mut self.monetary, s.spent.0);
        // Done customers are redone; when everyone was done, customers new since then (who
        // have not bought, but for this one) join them.
        if k < self.filled || was_done {
            self.details[k] = Some(self.detail(book, id));
        }
        if was_done {
            self.filled = self.sums.len();
        }
        self.recut();
    }

    fn recut(&mut self) {
        let today = self.today.days_since_epoch();
        let days = &self.last_days;
        let n = days.len();
        // Recency ascending is the last purchase days descending.
        self.cuts = AllCuts {
            r: cuts_by(n, |i| today - days[n - 1 - i]),
            f: cuts_by(n, |i| self.frequencies[i]),
            m: cuts_by(n, |i| self.monetary[i]),
        };
    }

    /// The cut points.
    pub fn cuts(&self) -> &AllCuts {
        &self.cuts
    }

    /// A customer's measures (`None` before their first purchase).
    pub fn summary(&self, book: &Book, id: Id) -> Option<&Summary> {
        self.summary_at(book.customer_position(id)?)
    }

    /// The measures of the customer at `place` in the book (`None` before their first purchase).
    pub fn summary_at(&self, place: usize) -> Option<&Summary> {
        self.sums.get(place).filter(|s| s.purchases > 0)
    }

    fn detail_of(&self, book: &Book, id: Id) -> Option<&Detail> {
        self.details.get(book.customer_position(id)?)?.as_ref()
    }

    /// Total spent by all customers with purchases (walk-in sales are not in any segment).
    pub fn total_spent(&self) -> i64 {
        self.sums.iter().map(|s| s.spent.0).sum()
    }

    /// How many customers have bought something.
    pub fn buyers(&self) -> usize {
        self.last_days.len()
    }

    /// A customer's RFM scores (`None` before their first purchase).
    pub fn scores(&self, book: &Book, id: Id) -> Option<Scores> {
        let s = self.summary(book, id)?;
        Some(
            self.cuts
                .score(s.recency_days(self.today), s.purchases, s.spent.0),
        )
    }

    /// The RFM segment of the customer at `place` in the book.
    pub fn segment_at(&self, place: usize) -> Segment {
        self.summary_at(place).map_or(Segment::Prospects, |s| {
            let sc = self
                .cuts
                .score(s.recency_days(self.today), s.purchases, s.spent.0);
            Segment::of(sc.r, sc.f)
        })
    }

    /// A customer's RFM segment.
    pub fn segment(&self, book: &Book, id: Id) -> Segment {
        self.scores(book, id)
            .map_or(Segment::Prospects, |s| Segment::of(s.r, s.f))
    }

    /// How many customers are in each cell of the R x F grid: `grid[r - 1][f - 1]`.
    pub fn grid(&self) -> [[u32; 5]; 5] {
        let mut g = [[0u32; 5]; 5];
        for s in self.sums.iter().filter(|s| s.purchases > 0) {
            let sc = self
                .cuts
                .score(s.recency_days(self.today), s.purchases, s.spent.0);
            g[usize::from(sc.r - 1)][usize::from(sc.f - 1)] += 1;
        }
        g
    }

    /// Usual days between visits (the worked-out detail, else from the history now).
    pub fn usual_interval(&self, book: &Book, id: Id) -> Option<u32> {
        match self.detail_of(book, id) {
            Some(d) => d.interval,
            None => self
                .summary(book, id)
                .and_then(|_| Metrics::of(book, id, self.offset_minutes).usual_interval_days()),
        }
    }

    /// The category holding at least half of the customer's itemised spend, with its share
    /// in percent.
    pub fn loved_category(&self, book: &Book, id: Id) -> Option<(String, u8)> {
        let (place, share) = match self.detail_of(book, id) {
            Some(d) => d.loved?,
            None => loved_of(book, &Metrics::of(book, id, self.offset_minutes))?,
        };
        let product = book.products().get(place as usize)?;
        Some((product.category.clone(), share))
    }

    /// Products the customer is due to buy again now, the first to run out first: their own
    /// interval for it (when bought on two or more days), else the product's "lasts N days",
    /// has just been reached: within one interval of running out (later, they have bought it
    /// elsewhere or stopped).
    pub fn due_products(&self, book: &Book, id: Id) -> Vec<Due> {
        self.due_for(book, &Metrics::of(book, id, self.offset_minutes))
    }

    /// [`Analysis::due_products`] from a customer's metrics already worked out.
    pub fn due_for(&self, book: &Book, m: &Metrics) -> Vec<Due> {
        let today = self.today.days_since_epoch();
        let day = |t: Timestamp| t.local_day(self.offset_minutes);
        let mut due: Vec<Due> = m
            .products()
            .iter()
            .filter_map(|u| {
                let own =
                    (u.times >= 2).then(|| (day(u.last) - day(u.first)) / i64::from(u.times - 1));
                let lasts = book
                    .product(u.product)
                    .and_then(|p| p.lasts_days)
                    .map(i64::from);
                let interval = own.filter(|d| *d > 0).or(lasts)?;
                let ran_out = day(u.last) + interval;
                (ran_out <= today && today < ran_out + interval).then(|| Due {
                    product: u.product,
                    ran_out: Date::from_days_since_epoch(ran_out),
                })
            })
            .collect();
        due.sort_by_key(|d| (d.ran_out, d.product));
        due
    }

    /// Whether `c` is in the built-in segment `s`; `None` while that needs details not yet
    /// worked out.
    pub fn is_member(&self, book: &Book, c: &Customer, s: Builtin) -> Option<bool> {
        let place = book.customer_position(c.meta.id);
        self.member_by(c, &self.facts(place), s)
    }

    /// What the built-in segments are decided on, looked up once per customer (by their place
    /// in the book).
    fn facts(&self, slot: Option<usize>) -> Facts<'_> {
        let summary = slot.and_then(|k| self.summary_at(k));
        let scores = summary.map(|s| {
            self.cuts
                .score(s.recency_days(self.today), s.purchases, s.spent.0)
        });
        Facts {
            summary,
            scores,
            detail: slot.and_then(|k| self.details.get(k)?.as_ref()),
        }
    }

    fn member_by(&self, c: &Customer, f: &Facts, s: Builtin) -> Option<bool> {
        let detail = |has: &dyn Fn(&Detail) -> bool| match f.summary {
            None => Some(false),
            Some(_) => f.detail.map(has),
        };
        Some(match s {
            Builtin::Rfm(seg) => {
                f.scores
                    .map_or(Segment::Prospects, |s| Segment::of(s.r, s.f))
                    == seg
            }
            Builtin::LifeStage(l) => c.life_stage == Some(l),
            Builtin::BirthdayThisMonth => c.birthday.is_some_and(|b| b.month == self.today.month),
            Builtin::Wholesale => c.kind == CustomerKind::Wholesale,
            Builtin::TopSpenders => f.scores.is_some_and(|s| s.m == 5),
            Builtin::CategoryLovers => detail(&|d| d.loved.is_some())?,
            Builtin::ReplenishmentDue => detail(&|d| !d.due.is_empty())?,
            Builtin::DueFor(p) => detail(&|d| d.due.contains(&p))?,
            Builtin::Lapsing => detail(&|d| d.lapsing)?,
            Builtin::PointsExpiring => detail(&|d| d.expiring)?,
            Builtin::Tier(from, below) => {
                detail(&|d| d.year_spend >= from.0 && below.is_none_or(|b| d.year_spend < b.0))?
            }
        })
    }

    /// For every built-in segment (in [`Builtin::all`] order): how many live customers it has
    /// and what they spent, `None` while it needs details not yet worked out. One pass over the
    /// customers, so the Segments page costs one scoring per customer, not one per segment.
    pub fn builtin_sizes(&self, book: &Book) -> Vec<(Builtin, Option<(usize, i64)>)> {
        self.sizes_of(book, Builtin::all())
    }

    /// [`Analysis::builtin_sizes`] for the segments `all` (the built-ins and the loyalty ones).
    pub fn sizes_of(&self, book: &Book, all: Vec<Builtin>) -> Vec<(Builtin, Option<(usize, i64)>)> {
        let mut sizes: Vec<Option<(usize, i64)>> = vec![Some((0, 0)); all.len()];
        for (k, c) in book.customers().iter().enumerate() {
            if !c.meta.live() {
                continue;
            }
            let facts = self.facts(Some(k));
            let spent = facts.summary.map_or(0, |s| s.spent.0);
            for (s, size) in all.iter().zip(sizes.iter_mut()) {
                match (self.member_by(c, &facts, *s), size.as_mut()) {
                    (None, _) => *size = None,
                    (Some(true), Some((n, total))) => {
                        *n += 1;
                        *total += spent;
                    }
                    _ => {}
                }
            }
        }
        all.into_iter().zip(sizes).collect()
    }

    /// The live customers in `s`; `None` while that needs details not yet worked out.
    pub fn members<'b>(&self, book: &'b Book, s: Builtin) -> Option<Vec<&'b Customer>> {
        let mut out = Vec::new();
        for (k, c) in book.customers().iter().enumerate() {
            if c.meta.live() && self.member_by(c, &self.facts(Some(k)), s)? {
                out.push(c);
            }
        }
        Some(out)
    }
}

/// The category holding at least half of the itemised spend in `m`, with its share.
fn loved_of(book: &Book, m: &Metrics) -> Option<(u32, u8)> {
    // (category, spend, the place of a product in it)
    let mut by: Vec<(&str, i64, usize)> = Vec::new();
    let mut total = 0i64;
    for u in m.products() {
        total += u.spent.0;
        let Some(place) = book.product_position(u.product) else {
            continue;
        };
        let cat = book.products()[place].category.as_str();
        match by.iter_mut().find(|(c, _, _)| *c == cat) {
            Some((_, s, _)) => *s += u.spent.0,
            None => by.push((cat, u.spent.0, place)),
        }
    }
    let (_, spent, place) = by
        .into_iter()
        .filter(|(c, _, _)| !c.is_empty())
        .max_by_key(|(_, s, _)| *s)?;
    (total > 0 && spent * 2 >= total)
        .then(|| (place as u32, (spent * 100 / total).clamp(0, 100) as u8))
}

/// A product a customer is due to buy again, and the day their last one ran out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Due {
    /// The product.
    pub product: Id,
    /// Their last purchase of it plus its interval.
    pub ran_out: Date,
}

/// A built-in segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Builtin {
    /// One of the RFM segments.
    Rfm(Segment),
    /// Customers at a life stage (from their record).
    LifeStage(LifeStage),
    /// Birthday in the as-of month.
    BirthdayThisMonth,
    /// Wholesale buyers.
    Wholesale,
    /// M score 5.
    TopSpenders,
    /// At least half of their itemised spend in one category.
    CategoryLovers,
    /// Due to buy a product again.
    ReplenishmentDue,
    /// Days since the last visit above 1.5 x their usual interval.
    Lapsing,
    /// Due to buy this product again now (a campaign's "due for X"; not in [`Builtin::all`]).
    DueFor(Id),
    /// Loyalty points that expire within [`EXPIRING_DAYS`] (see [`Builtin::loyalty`]).
    PointsExpiring,
    /// A loyalty tier: spent at least the first amount over 12 months, and below the second
    /// (the next tier's) if any (see [`Builtin::loyalty`]).
    Tier(Paise, Option<Paise>),
}

impl Builtin {
    /// Every built-in segment, in display order.
    pub fn all() -> Vec<Builtin> {
        let mut v: Vec<Builtin> = Segment::ALL.into_iter().map(Builtin::Rfm).collect();
        v.extend([
            Builtin::TopSpenders,
            Builtin::Lapsing,
            Builtin::ReplenishmentDue,
            Builtin::CategoryLovers,
            Builtin::BirthdayThisMonth,
            Builtin::Wholesale,
        ]);
        v.extend(LifeStage::ALL.into_iter().map(Builtin::LifeStage));
        v
    }

    /// The loyalty segments under `rules`: points about to expire and each tier's members;
    /// none while loyalty is off.
    pub fn loyalty(rules: &crate::model::loyalty::Rules) -> Vec<Builtin> {
        if !rules.on {
            return Vec::new();
        }
        let mut tiers: Vec<Paise> = rules.tiers.iter().map(|t| t.spend).collect();
        crate::model::sort::sort_by_key(&mut tiers, |t| *t);
        let mut v = vec![Builtin::PointsExpiring];
        v.extend(
            tiers
                .iter()
                .enumerate()
                .map(|(k, from)| Builtin::Tier(*from, tiers.get(k + 1).copied())),
        );
        v
    }

    /// A stable key for URLs.
    pub fn slug(self) -> String {
        match self {
            Builtin::Rfm(s) => s.slug().to_string(),
            Builtin::LifeStage(l) => format!("life-{}", l as u8),
            Builtin::BirthdayThisMonth => "birthdays".into(),
            Builtin::Wholesale => "wholesale".into(),
            Builtin::TopSpenders => "top-spenders".into(),
            Builtin::CategoryLovers => "category-lovers".into(),
            Builtin::ReplenishmentDue => "replenishment-due".into(),
            Builtin::Lapsing => "lapsing".into(),
            Builtin::DueFor(p) => format!("due-{p}"),
            Builtin::PointsExpiring => "points-expiring".into(),
            Builtin::Tier(from, None) => format!("tier-{}", from.0),
            Builtin::Tier(from, Some(below)) => format!("tier-{}-{}", from.0, below.0),
        }
    }

    /// The segment with this slug.
    pub fn from_slug(slug: &str) -> Option<Builtin> {
        if let Some(p) = slug.strip_prefix("due-").and_then(Id::parse) {
            return Some(Builtin::DueFor(p));
        }
        if slug == "points-expiring" {
            return Some(Builtin::PointsExpiring);
        }
        if let Some(range) = slug.strip_prefix("tier-") {
            let mut parts = range
                .splitn(2, '-')
                .map(|n| n.parse::<i64>().ok().map(Paise));
            let from = parts.next().flatten()?;
            return match parts.next() {
                None => Some(Builtin::Tier(from, None)),
                Some(Some(below)) if below > from => Some(Builtin::Tier(from, Some(below))),
                Some(_) => None,
            };
        }
        Builtin::all().into_iter().find(|b| b.slug() == slug)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::book::Change;
    use crate::demo::{self, Rng};
    use crate::model::money::{Paise, Qty};
    use crate::model::records::{Birthday, Channel, Line, Meta, Payment, Product};
    use crate::model::time::Timestamp;

    const TODAY: (i32, u8, u8) = (2026, 11, 22);

    pub(crate) fn today() -> Date {
        Date::new(TODAY.0, TODAY.1, TODAY.2).unwrap()
    }

    fn days_ago(n: i64) -> Date {
        Date::from_days_since_epoch(today().days_since_epoch() - n)
    }

    #[test]
    fn due_for_a_refill_means_just_ran_out_not_any_time_since() {
        let products = [product(60, "", Some(30)), product(61, "", Some(10))];
        let sales: Vec<(u128, i64, i64, &[u128])> = vec![
            // 1: the 30-day pack ran out 35 days ago: more than one interval, not due now;
            //    the 10-day pack ran out 5 days ago: due.
            (1, 65, 100, &[60]),
            (1, 15, 100, &[61]),
            // 2: not run out yet (29 of 30 days); long past (30 days for a 10-day pack).
            (2, 29, 100, &[60]),
            (2, 30, 100, &[61]),
            // 3: on the last day of the interval after running out: due; a day later: not.
            (3, 59, 100, &[60]),
            (4, 60, 100, &[60]),
        ];
        let b = book(4, &products, &sales);
        let mut a = Analysis::new(&b, today(), 0);
        while !a.fill_details(&b, 10) {}
        let due = |id: u128| a.due_products(&b, Id(id));
        assert_eq!(
            due(1),
            [Due {
                product: Id(61),
                ran_out: days_ago(5)
            }]
        );
        assert_eq!(due(2), []);
        assert_eq!(
            due(3),
            [Due {
                product: Id(60),
                ran_out: days_ago(29)
            }]
        );
        assert_eq!(due(4), []);
        let members: Vec<u128> = a
            .members(&b, Builtin::ReplenishmentDue)
            .unwrap()
            .iter()
            .map(|c| c.meta.id.0)
            .collect();
        assert_eq!(members, [1, 3]);
        // "Due for X": only those due for that product.
        let due_for = |p: u128| -> Vec<u128> {
            let s = Builtin::from_slug(&Builtin::DueFor(Id(p)).slug()).unwrap();
            assert_eq!(s, Builtin::DueFor(Id(p)));
            let m = a.members(&b, s).unwrap();
            m.iter().map(|c| c.meta.id.0).collect()
        };
        assert_eq!(due_for(60), [3]);
        assert_eq!(due_for(61), [1]);
        assert_eq!(due_for(62), Vec::<u128>::new());
    }

    #[test]
    fn points_about_to_expire_and_tier_members() {
        use crate::model::loyalty::{Rules, Tier};
        use crate::model::records::{Interaction, InteractionKind, Money, SaleMoney, Status};
        // 1 spent ₹600 this year, with 6 points expiring in 30 days (the 30th counts);
        // 2 spent ₹2,000 (400 of it 13 months ago) with points expiring in 31 days;
        // 3 spent ₹150, and was given 50 points by hand that expire in 5 days.
        let mut b = book(
            3,
            &[],
            &[
                (1, 335, 60_000, &[]),
                (2, 10, 160_000, &[]),
                (2, 400, 40_000, &[]),
                (3, 3, 15_000, &[]),
            ],
        );
        let in_days = |n: i64| Some(Date::from_days_since_epoch(today().days_since_epoch() + n));
        let mut sales = b.purchases().to_vec();
        sales[0].money = SaleMoney {
            earned: 6,
            expires: in_days(30),
            ..SaleMoney::default()
        };
        sales[1].money = SaleMoney {
            earned: 16,
            expires: in_days(31),
            ..SaleMoney::default()
        };
        let given = Interaction {
            meta: Meta::new(Id(77), Timestamp(0)),
            customer: Id(3),
            at: Timestamp::at_local_midnight(today(), 0),
            kind: InteractionKind::Points,
            note: "Diwali".into(),
            rating: None,
            status: Status::Resolved,
            campaign: None,
            money: Some(Money::Points(50, in_days(5))),
        };
        let planned = b
            .plan(Change {
                edited_purchases: sales,
                interactions: vec![given],
                ..Change::default()
            })
            .unwrap();
        b.apply(planned).unwrap();
        let rules = Rules {
            on: true,
            tiers: vec![
                Tier {
                    name: "Gold".into(),
                    spend: Paise(150_000),
                },
                Tier {
                    name: "Silver".into(),
                    spend: Paise(50_000),
                },
            ],
            ..Rules::default()
        };
        let loyalty = Builtin::loyalty(&rules);
        assert_eq!(
            loyalty,
            [
                Builtin::PointsExpiring,
                Builtin::Tier(Paise(50_000), Some(Paise(150_000))),
                Builtin::Tier(Paise(150_000), None),
            ]
        );
        for s in &loyalty {
            assert_eq!(Builtin::from_slug(&s.slug()), Some(*s), "{}", s.slug());
        }
        assert_eq!(Builtin::from_slug("tier-9-3"), None);
        assert!(Builtin::loyalty(&Rules::default()).is_empty(), "off: none");
        let mut a = Analysis::new(&b, today(), 0);
        while !a.fill_details(&b, 10) {}
        let members = |s: Builtin| -> Vec<u128> {
            a.members(&b, s)
                .unwrap()
                .iter()
                .map(|c| c.meta.id.0)
                .collect()
        };
        assert_eq!(members(Builtin::PointsExpiring), [1, 3]);
        assert_eq!(members(loyalty[1]), [1]);
        assert_eq!(members(loyalty[2]), [2]);
        let sizes = a.sizes_of(&b, loyalty.clone());
        assert_eq!(sizes[0].1.map(|(n, _)| n), Some(2));
    }

    /// A book of customers 1..=n; `sales` are (customer, days ago, total, product lines).
    /// A book of customers `c1`…`cn`, `products`, and sales as (customer, days ago, total,
    /// products), for tests of what is worked out from it.
    pub(crate) fn book(n: u128, products: &[Product], sales: &[(u128, i64, i64, &[u128])]) -> Book {
        let mut b = Book::default();
        let noon = Timestamp::at_local_midnight(today(), 0).0 + 12 * 3_600_000;
        let change = Change {
            customers: (1..=n)
                .map(|i| Customer::named(Meta::new(Id(i), Timestamp(0)), &format!("c{i}")))
                .collect(),
            products: products.to_vec(),
            purchases: sales
                .iter()
                .enumerate()
                .map(|(k, &(c, ago, total, lines))| {
                    let at = Timestamp(noon - ago * 86_400_000);
                    Purchase {
                        meta: Meta::new(Id(1000 + k as u128), at),
                        customer: Some(Id(c)),
                        at,
                        lines: lines
                            .iter()
                            .map(|p| Line {
                                product: Id(*p),
                                qty: Qty(1000),
                                unit_price: Paise(total / lines.len() as i64),
                            })
                            .collect(),
                        total: Paise(total),
                        payment: Payment::Cash,
                        channel: Channel::Stall,
                        note: String::new(),
                        by: String::new(),
                        money: Default::default(),
                    }
                })
                .collect(),
            ..Change::default()
        };
        let planned = b.plan(change).unwrap();
        b.apply(planned).expect("planned change applies");
        b
    }

    pub(crate) fn product(id: u128, category: &str, lasts: Option<u16>) -> Product {
        Product {
            meta: Meta::new(Id(id), Timestamp(0)),
            name: format!("p{id}"),
            category: category.into(),
            unit: String::new(),
            price: Paise(100),
            lasts_days: lasts,
        }
    }

    #[test]
    fn five_customers_get_the_documented_scores() {
        // Recency 1, 10, 20, 40, 80 days; frequency 5, 4, 3, 2, 1; spend rising with frequency.
        let mut sales = Vec::new();
        for (c, ago, visits) in [
            (1u128, 1i64, 5u32),
            (2, 10, 4),
            (3, 20, 3),
            (4, 40, 2),
            (5, 80, 1),
        ] {
            for v in 0..visits {
                sales.push((c, ago + i64::from(v) * 100, 1000, &[][..]));
            }
        }
        let b = book(6, &[], &sales);
        let a = Analysis::new(&b, today(), 0);
        // numpy.percentile([1, 10, 20, 40, 80], [20, 40, 60, 80]) = [8.2, 16, 28, 48]
        assert_eq!(a.cuts().r, [41, 80, 140, 240]); // 8.2, 16, 28, 48
        assert_eq!(a.cuts().f, [9, 13, 17, 21]); // 1.8, 2.6, 3.4, 4.2
        let seg: Vec<Segment> = (1..=6).map(|i| a.segment(&b, Id(i))).collect();
        assert_eq!(
            seg,
            [
                Segment::Champions,     // R5 F5
                Segment::Loyal,         // R4 F4
                Segment::NeedAttention, // R3 F3
                Segment::Hibernating,   // R2 F2
                Segment::Hibernating,   // R1 F1
                Segment::Prospects,     // never bought
            ]
        );
        assert_eq!(a.scores(&b, Id(1)).map(|s| s.m), Some(5));
        assert_eq!(a.buyers(), 5);
        let g = a.grid();
        assert_eq!(g.iter().flatten().sum::<u32>(), 5);
        assert_eq!(g[4][4], 1);
    }

    #[test]
    fn one_two_and_identical_customers() {
        let b1 = book(1, &[], &[(1, 3, 500, &[])]);
        let one = Analysis::new(&b1, today(), 0);
        assert_eq!(one.scores(&b1, Id(1)), Some(Scores { r: 5, f: 1, m: 1 }));
        assert_eq!(one.segment(&b1, Id(1)), Segment::NewCustomers);

        let b2 = book(
            2,
            &[],
            &[(1, 3, 500, &[]), (1, 4, 500, &[]), (2, 30, 100, &[])],
        );
        let two = Analysis::new(&b2, today(), 0);
        // Recency 3 and 30: cut points 8.4, 13.8, 19.2, 24.6; frequency 1 and 2.
        assert_eq!(two.scores(&b2, Id(1)), Some(Scores { r: 5, f: 5, m: 5 }));
        assert_eq!(two.scores(&b2, Id(2)), Some(Scores { r: 1, f: 1, m: 1 }));

        let b3 = book(
            3,
            &[],
            &[(1, 7, 900, &[]), (2, 7, 900, &[]), (3, 7, 900, &[])],
        );
        let same = Analysis::new(&b3, today(), 0);
        for i in 1..=3 {
            assert_eq!(same.scores(&b3, Id(i)), Some(Scores { r: 5, f: 1, m: 1 }));
            assert_eq!(same.segment(&b3, Id(i)), Segment::NewCustomers);
        }
    }

    #[test]
    fn ties_share_a_score() {
        // Frequencies 1, 1, 1, 1, 5: cut points 1, 1, 1, 1.8.
        let mut sales: Vec<(u128, i64, i64, &[u128])> =
            (1..=4).map(|c| (c, 5, 100, &[][..])).collect();
        sales.extend((0..5).map(|k| (5, 5 + k, 100, &[][..])));
        let b = book(5, &[], &sales);
        let a = Analysis::new(&b, today(), 0);
        assert_eq!(a.cuts().f, [5, 5, 5, 9]); // 1, 1, 1, 1.8
        for c in 1..=4 {
            assert_eq!(a.scores(&b, Id(c)).unwrap().f, 1);
        }
        assert_eq!(a.scores(&b, Id(5)).unwrap().f, 5);
    }

    fn random_book(seed: u64) -> Book {
        let shop = demo::generate(&demo::Spec::small(seed, 2000));
        let mut b = Book::default();
        let planned = b
            .plan(Change {
                customers: shop.customers,
                products: shop.products,
                purchases: shop.purchases,
                ..Change::default()
            })
            .unwrap();
        b.apply(planned).expect("planned change applies");
        b
    }

    #[test]
    fn every_buyer_is_in_exactly_one_rfm_segment_and_scores_are_monotone() {
        for seed in 1..6 {
            let b = random_book(seed);
            let a = Analysis::new(&b, Date::new(2026, 11, 1).unwrap(), 330);
            let mut counted = 0;
            for c in b.customers() {
                let rfm: Vec<Segment> = Segment::ALL
                    .into_iter()
                    .filter(|s| a.is_member(&b, c, Builtin::Rfm(*s)) == Some(true))
                    .collect();
                assert_eq!(rfm.len(), 1, "{:?}", c.meta.id);
                if a.summary(&b, c.meta.id).is_some() {
                    counted += 1;
                    assert_ne!(rfm[0], Segment::Prospects);
                } else {
                    assert_eq!(rfm[0], Segment::Prospects);
                }
            }
            assert_eq!(a.grid().iter().flatten().sum::<u32>() as usize, counted);
            // Monotone: more of a measure never gives a lower score.
            let cuts = a.cuts();
            let mut rng = Rng::new(seed);
            for _ in 0..2000 {
                let (x, y) = (rng.below(400) as i64, rng.below(400) as i64);
                let (lo, hi) = (x.min(y), x.max(y));
                let (s1, s2) = (
                    cuts.score(lo, lo as u32, lo * 997),
                    cuts.score(hi, hi as u32, hi * 997),
                );
                assert!(s1.f <= s2.f && s1.m <= s2.m && s1.r >= s2.r, "{lo} {hi}");
            }
        }
    }

    /// Adds one sale to `b` as a save would.
    fn sell(b: &mut Book, p: &Purchase) {
        let planned = b
            .plan(Change {
                purchases: vec![p.clone()],
                ..Change::default()
            })
            .unwrap();
        b.apply(planned).expect("planned change applies");
    }

    #[test]
    fn a_new_sale_updates_incrementally_exactly_like_a_full_recompute() {
        let mut b = random_book(9);
        let day = Date::new(2026, 11, 1).unwrap();
        let mut a = Analysis::full(&b, day, 330);
        let mut rng = Rng::new(4);
        let customers: Vec<Id> = b.customers().iter().map(|c| c.meta.id).collect();
        for k in 0..50 {
            let at = Timestamp(1_793_491_200_000 - rng.below(86_400_000 * 30) as i64);
            let p = Purchase {
                meta: Meta::new(Id(1 << 100 | k), at),
                customer: Some(customers[rng.below(customers.len() as u64) as usize]),
                at,
                lines: Vec::new(),
                total: Paise(rng.below(100_000) as i64),
                payment: Payment::Cash,
                channel: Channel::Stall,
                note: String::new(),
                by: String::new(),
                money: Default::default(),
            };
            sell(&mut b, &p);
            a.add_sale(&b, &p);
        }
        // Customers new since the analysis: two who have not bought, then one who buys.
        let newcomers: Vec<Customer> = (0..3)
            .map(|k| Customer::named(Meta::new(Id(1 << 102 | k), Timestamp(0)), "new"))
            .collect();
        let planned = b
            .plan(Change {
                customers: newcomers,
                ..Change::default()
            })
            .unwrap();
        b.apply(planned).expect("planned change applies");
        let at = Timestamp(1_793_491_200_000);
        let p = Purchase {
            meta: Meta::new(Id(1 << 100 | 99), at),
            customer: Some(Id(1 << 102 | 2)),
            at,
            lines: Vec::new(),
            total: Paise(5_000),
            payment: Payment::Cash,
            channel: Channel::Stall,
            note: String::new(),
            by: String::new(),
            money: Default::default(),
        };
        sell(&mut b, &p);
        a.add_sale(&b, &p);
        assert!(
            a.details_ready(),
            "a sale to a new customer keeps the details whole"
        );
        let full = Analysis::full(&b, day, 330);
        assert_eq!(a.cuts(), full.cuts());
        assert_eq!(a.grid(), full.grid());
        assert_eq!(a.buyers(), full.buyers());
        for c in b.customers() {
            let id = c.meta.id;
            assert_eq!(a.summary(&b, id), full.summary(&b, id));
            assert_eq!(a.usual_interval(&b, id), full.usual_interval(&b, id));
            for s in Builtin::all() {
                assert_eq!(a.is_member(&b, c, s), full.is_member(&b, c, s), "{s:?}");
            }
        }
    }

    #[test]
    fn counting_in_slices_gives_the_same_analysis_and_a_sale_made_meanwhile_counts_once() {
        let mut b = random_book(3);
        let day = Date::new(2026, 11, 1).unwrap();
        let mut a = Analysis::begin(day, 330);
        assert!(!a.count(&b, 7));
        assert!(!a.is_counted());
        // Nothing is folded in before the count is done: counting reaches the sale itself.
        let buyer = b.customers()[0].meta.id;
        let at = Timestamp(1_793_491_200_000);
        let p = Purchase {
            meta: Meta::new(Id(1 << 101), at),
            customer: Some(buyer),
            at,
            lines: Vec::new(),
            total: Paise(12_345),
            payment: Payment::Cash,
            channel: Channel::Stall,
            note: String::new(),
            by: String::new(),
            money: Default::default(),
        };
        sell(&mut b, &p);
        a.add_sale(&b, &p);
        assert!(!a.fill_details(&b, usize::MAX));
        let mut slices = 1;
        while !a.count(&b, 7) {
            slices += 1;
        }
        assert!(slices > 3, "{slices}");
        a.fill_details(&b, usize::MAX);
        let whole = Analysis::full(&b, day, 330);
        assert_eq!(a.cuts(), whole.cuts());
        assert_eq!(a.grid(), whole.grid());
        for c in b.customers() {
            assert_eq!(a.summary(&b, c.meta.id), whole.summary(&b, c.meta.id));
        }
    }

    #[test]
    fn the_other_built_in_segments() {
        let products = [
            product(50, "grains", Some(10)),
            product(51, "oil", None),
            product(52, "", Some(30)),
        ];
        let sales: Vec<(u128, i64, i64, &[u128])> = vec![
            // 1: rice every 7 days, last 8 days ago: due by their own interval.
            (1, 22, 300, &[50]),
            (1, 15, 300, &[50]),
            (1, 8, 300, &[50]),
            // 2: bought "lasts 10 days" rice 12 days ago: due (ran out 2 days ago); 21 days
            // ago would be more than one interval past running out: not due now.
            (2, 12, 100, &[50, 51]),
            // 3: oil once, 200 days ago; before that weekly: lapsing, not due (no interval).
            (3, 200, 100, &[51]),
            (3, 207, 100, &[51]),
            (3, 214, 100, &[51]),
            // 4: spend split evenly across three categories: no loved category.
            (4, 1, 300, &[50, 51, 52]),
        ];
        let mut b = book(5, &products, &sales);
        let mut edits = Vec::new();
        for (id, f) in [
            (
                5u128,
                &(|c: &mut Customer| {
                    c.kind = CustomerKind::Wholesale;
                    c.birthday = Some(Birthday {
                        month: 11,
                        day: 30,
                        year: None,
                    });
                    c.life_stage = Some(LifeStage::Senior);
                }) as &dyn Fn(&mut Customer),
            ),
            (4, &|c: &mut Customer| {
                c.birthday = Some(Birthday {
                    month: 12,
                    day: 1,
                    year: None,
                })
            }),
        ] {
            let mut c = b.customer(Id(id)).unwrap().clone();
            f(&mut c);
            edits.push(c);
        }
        let planned = b
            .plan(Change {
                customers: edits,
                ..Change::default()
            })
            .unwrap();
        b.apply(planned).expect("planned change applies");
        // Before the details are worked out, the segments that need them are unknown.
        let mut a = Analysis::new(&b, today(), 0);
        assert_eq!(a.members(&b, Builtin::Lapsing), None);
        assert!(a.members(&b, Builtin::TopSpenders).is_some());
        // Worked out a slice at a time.
        let mut slices = 0;
        while !a.fill_details(&b, 2) {
            slices += 1;
        }
        assert!(slices >= 1);
        let ids = |s: Builtin| -> Vec<u128> {
            a.members(&b, s)
                .unwrap()
                .iter()
                .map(|c| c.meta.id.0)
                .collect()
        };
        for (s, size) in a.builtin_sizes(&b) {
            let members = a.members(&b, s).unwrap();
            let spent: i64 = members
                .iter()
                .filter_map(|c| a.summary(&b, c.meta.id))
                .map(|m| m.spent.0)
                .sum();
            assert_eq!(size, Some((members.len(), spent)), "{s:?}");
        }
        assert_eq!(ids(Builtin::ReplenishmentDue), [1, 2]);
        assert_eq!(
            a.due_products(&b, Id(2)),
            [Due {
                product: Id(50),
                ran_out: days_ago(2)
            }]
        );
        assert_eq!(
            a.due_products(&b, Id(1)),
            [Due {
                product: Id(50),
                ran_out: days_ago(1)
            }]
        );
        assert_eq!(ids(Builtin::Lapsing), [3]);
        // Customer 2 spent exactly half on grains: at least 50% counts.
        assert_eq!(ids(Builtin::CategoryLovers), [1, 2, 3]);
        assert_eq!(a.loved_category(&b, Id(1)), Some(("grains".into(), 100)));
        assert_eq!(ids(Builtin::BirthdayThisMonth), [5]);
        assert_eq!(ids(Builtin::Wholesale), [5]);
        assert_eq!(ids(Builtin::LifeStage(LifeStage::Senior)), [5]);
        assert_eq!(ids(Builtin::TopSpenders), [1]);
        for s in Builtin::all() {
            assert_eq!(Builtin::from_slug(&s.slug()), Some(s));
        }
    }
}
