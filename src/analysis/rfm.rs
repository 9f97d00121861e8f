//! RFM scoring, exactly as documented in the README ("Segments: the RFM recipe").
//!
//! - recency = whole days from the customer's last purchase date to the as-of date (today);
//!   frequency = number of purchases; monetary = sum of purchase totals.
//! - Over customers with at least one purchase, the cut points of each measure are its 20th,
//!   40th, 60th and 80th percentiles, interpolated linearly between closest ranks (numpy's
//!   default, R's type 7).
//! - F = 1 + number of F cut points strictly below the frequency; M likewise; R = 5 - number of
//!   R cut points strictly below the recency (the most recent get 5).
//! - The segment comes from (R, F); customers without a purchase are prospects.

use std::fmt;

/// A measure's four cut points (20th, 40th, 60th, 80th percentiles), each stored as five times
/// its value. With n values the 20th percentile sits at rank (n - 1) x 1/5, so every cut point
/// is a whole number of fifths: stored this way they are exact, and comparisons with a
/// customer's measure never suffer floating-point rounding.
pub type Cuts = [i64; 4];

/// The cut points of `n` ascending values read through `at` (linear interpolation between
/// closest ranks: numpy's default, R type 7). All zero when `n` is 0.
pub fn cuts_by(n: usize, at: impl Fn(usize) -> i64) -> Cuts {
    let Some(last) = n.checked_sub(1) else {
        return [0; 4];
    };
    [1, 2, 3, 4].map(|k| {
        let rank5 = last * k; // five times the rank of percentile 20k
        let (lo, j) = (rank5 / 5, (rank5 % 5) as i64);
        let hi = (lo + 1).min(last);
        5 * at(lo) + (at(hi) - at(lo)) * j
    })
}

/// The cut points of ascending `sorted`.
pub fn cuts(sorted: &[i64]) -> Cuts {
    cuts_by(sorted.len(), |i| sorted[i])
}

fn below(cuts: &Cuts, v: i64) -> u8 {
    cuts.iter().filter(|c| **c < v.saturating_mul(5)).count() as u8
}

/// F or M score, 1-5: one more than the number of cut points strictly below `v`.
pub fn score_up(cuts: &Cuts, v: i64) -> u8 {
    1 + below(cuts, v)
}

/// R score, 1-5: five minus the number of recency cut points strictly below `days`.
pub fn score_recency(cuts: &Cuts, days: i64) -> u8 {
    5 - below(cuts, days)
}

/// A customer's three scores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Scores {
    /// Recency score, 5 = most recent.
    pub r: u8,
    /// Frequency score, 5 = most purchases.
    pub f: u8,
    /// Monetary score, 5 = most spent.
    pub m: u8,
}

/// A score in plain words: what a seller says of a customer ("comes often", "spends little").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Scores 4 and 5: more than most customers.
    High,
    /// Score 3: about as much as most.
    Middle,
    /// Scores 1 and 2: less than most.
    Low,
}

impl Level {
    /// The level of a score from 1 to 5.
    pub fn of(score: u8) -> Level {
        match score {
            4.. => Level::High,
            3 => Level::Middle,
            _ => Level::Low,
        }
    }
}

/// The RFM segments, in the order the Segments page lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)]
pub enum Segment {
    Champions,
    Loyal,
    PotentialLoyalists,
    NewCustomers,
    Promising,
    NeedAttention,
    AboutToSleep,
    CantLose,
    AtRisk,
    Hibernating,
    /// No purchase yet.
    Prospects,
}

impl Segment {
    /// Every segment, in display order.
    pub const ALL: [Segment; 11] = [
        Segment::Champions,
        Segment::Loyal,
        Segment::PotentialLoyalists,
        Segment::NewCustomers,
        Segment::Promising,
        Segment::NeedAttention,
        Segment::AboutToSleep,
        Segment::CantLose,
        Segment::AtRisk,
        Segment::Hibernating,
        Segment::Prospects,
    ];

    /// The segment of recency score `r` and frequency score `f` (both 1-5).
    pub fn of(r: u8, f: u8) -> Segment {
        match (r, f) {
            (5, 4..=5) => Segment::Champions,
            (3..=4, 4..=5) => Segment::Loyal,
            (4..=5, 2..=3) => Segment::PotentialLoyalists,
            (5, 1) => Segment::NewCustomers,
            (4, 1) => Segment::Promising,
            (3, 3) => Segment::NeedAttention,
            (3, 1..=2) => Segment::AboutToSleep,
            (1..=2, 5) => Segment::CantLose,
            (1..=2, 3..=4) => Segment::AtRisk,
            _ => Segment::Hibernating,
        }
    }

    /// A stable key for URLs (`#/segments/champions`).
    pub fn slug(self) -> &'static str {
        match self {
            Segment::Champions => "champions",
            Segment::Loyal => "loyal",
            Segment::PotentialLoyalists => "potential-loyalists",
            Segment::NewCustomers => "new-customers",
            Segment::Promising => "promising",
            Segment::NeedAttention => "need-attention",
            Segment::AboutToSleep => "about-to-sleep",
            Segment::CantLose => "cant-lose",
            Segment::AtRisk => "at-risk",
            Segment::Hibernating => "hibernating",
            Segment::Prospects => "prospects",
        }
    }
}

/// The cut points of all three measures.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct AllCuts {
    /// Recency cut points (days).
    pub r: Cuts,
    /// Frequency cut points (purchases).
    pub f: Cuts,
    /// Monetary cut points (paise).
    pub m: Cuts,
}

impl AllCuts {
    /// The scores of a customer with these measures.
    pub fn score(&self, recency_days: i64, frequency: u32, monetary: i64) -> Scores {
        Scores {
            r: score_recency(&self.r, recency_days),
            f: score_up(&self.f, i64::from(frequency)),
            m: score_up(&self.m, monetary),
        }
    }
}

/// A cut point (in fifths, as [`Cuts`] holds it) as people read it: `12`, `2.6`. Fifths are
/// exact in one decimal.
pub struct Cut(pub i64);

impl Cut {
    /// The cut point as a number (`4.5`).
    pub fn value(self) -> f64 {
        self.0 as f64 / 5.0
    }
}

impl fmt::Display for Cut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tenths = self.0 * 2;
        if tenths % 10 == 0 {
            write!(f, "{}", tenths / 10)
        } else {
            write!(f, "{}.{}", tenths / 10, (tenths % 10).abs())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_match_numpy() {
        // numpy.percentile([1, 2, 3, 4, 5], [20, 40, 60, 80]) = [1.8, 2.6, 3.4, 4.2]
        assert_eq!(cuts(&[1, 2, 3, 4, 5]), [9, 13, 17, 21]);
        // numpy.percentile([10, 20], [20, 40, 60, 80]) = [12, 14, 16, 18]
        assert_eq!(cuts(&[10, 20]), [60, 70, 80, 90]);
        // numpy.percentile([1, 10, 20, 40, 80], [20, 40, 60, 80]) = [8.2, 16, 28, 48]
        assert_eq!(cuts(&[1, 10, 20, 40, 80]), [41, 80, 140, 240]);
        // numpy.percentile(range(1, 12), [20, 40, 60, 80]) = [3, 5, 7, 9]
        assert_eq!(cuts(&(1..12).collect::<Vec<_>>()), [15, 25, 35, 45]);
        assert_eq!(cuts(&[7]), [35; 4]);
        assert_eq!(cuts(&[]), [0; 4]);
    }

    #[test]
    fn scores_count_cut_points_strictly_below() {
        let c = cuts(&[1, 2, 3, 4, 5]);
        let f: Vec<u8> = (1..=5).map(|v| score_up(&c, v)).collect();
        assert_eq!(f, [1, 2, 3, 4, 5]);
        let r: Vec<u8> = (1..=5).map(|v| score_recency(&c, v)).collect();
        assert_eq!(r, [5, 4, 3, 2, 1]);
        // A value equal to a cut point is not above it.
        let c = cuts(&[1, 2, 2, 3, 3, 3]);
        assert_eq!(c, [10, 10, 15, 15]);
        assert_eq!(score_up(&c, 2), 1);
        assert_eq!(score_up(&c, 3), 3);
        assert_eq!(score_up(&c, i64::MAX), 5);
    }

    #[test]
    fn identical_customers_all_score_the_same() {
        // Every cut point equals the value: nothing is strictly below, so F = M = 1, R = 5.
        let c = cuts(&[4, 4, 4]);
        assert_eq!(score_up(&c, 4), 1);
        assert_eq!(score_recency(&c, 4), 5);
    }

    #[test]
    fn every_rf_cell_has_exactly_the_documented_segment() {
        use Segment::*;
        let table = [
            // F: 1, 2, 3, 4, 5
            [Hibernating, Hibernating, AtRisk, AtRisk, CantLose], // R1
            [Hibernating, Hibernating, AtRisk, AtRisk, CantLose], // R2
            [AboutToSleep, AboutToSleep, NeedAttention, Loyal, Loyal], // R3
            [
                Promising,
                PotentialLoyalists,
                PotentialLoyalists,
                Loyal,
                Loyal,
            ], // R4
            [
                NewCustomers,
                PotentialLoyalists,
                PotentialLoyalists,
                Champions,
                Champions,
            ], // R5
        ];
        for r in 1..=5u8 {
            for f in 1..=5u8 {
                assert_eq!(
                    Segment::of(r, f),
                    table[r as usize - 1][f as usize - 1],
                    "R{r} F{f}"
                );
            }
        }
    }

    #[test]
    fn cut_points_read_naturally() {
        assert_eq!(Cut(60).to_string(), "12");
        assert_eq!(Cut(13).to_string(), "2.6");
        assert_eq!(Cut(41).to_string(), "8.2");
    }
}
