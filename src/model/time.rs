//! Instants and calendar dates, without a timezone database: the browser supplies the local
//! offset, and calendar arithmetic uses Howard Hinnant's civil-date algorithms.

use serde::{Deserialize, Serialize};

/// Milliseconds since 1970-01-01T00:00:00Z.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

const MS_PER_DAY: i64 = 86_400_000;

/// A calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    /// Year, e.g. 2026.
    pub year: i32,
    /// Month, 1-12.
    pub month: u8,
    /// Day of month, 1-31.
    pub day: u8,
}

impl Date {
    /// A valid date, or `None` (e.g. 31 April, 29 February in a common year).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let d = Date { year, month, day };
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)).then_some(d)
    }

    /// Parses `YYYY-MM-DD` (what a date input gives); anything else, or no such day, is `None`.
    pub fn parse_iso(text: &str) -> Option<Date> {
        let mut parts = text.trim().splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// A day as sellers type it: `22/11/2026` (also with `-` or `.`, day first, as written in
    /// India), or `2026-11-22`; digits in any script a phone keyboard gives.
    pub fn parse_typed(text: &str) -> Option<Date> {
        let t: String = text
            .trim()
            .chars()
            .map(|c| match crate::model::phone::digit(c) {
                Some(d) => char::from(b'0' + d as u8),
                None => c,
            })
            .collect();
        if let Some(d) = Date::parse_iso(&t) {
            return Some(d);
        }
        let parts: Vec<&str> = t.split(['/', '-', '.']).collect();
        let [d, m, y] = parts.as_slice() else {
            return None;
        };
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if y.len() != 4 || !(1..=2).contains(&d.len()) || !(1..=2).contains(&m.len()) {
            return None;
        }
        if !(digits(d) && digits(m) && digits(y)) {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `DD/MM/YYYY`, as typed in India.
    pub fn dmy(self) -> String {
        format!("{:02}/{:02}/{:04}", self.day, self.month, self.year)
    }

    /// Days since 1970-01-01.
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl Timestamp {
    /// The local calendar date of this instant, `offset_minutes` east of UTC (India: +330).
    pub fn local_date(self, offset_minutes: i32) -> Date {
        let local = self.0 + i64::from(offset_minutes) * 60_000;
        Date::from_days_since_epoch(local.div_euclid(MS_PER_DAY))
    }

    /// The local calendar day of this instant as days since 1970-01-01 (what
    /// `local_date(offset).days_since_epoch()` gives, without the calendar arithmetic).
    pub fn local_day(self, offset_minutes: i32) -> i64 {
        (self.0 + i64::from(offset_minutes) * 60_000).div_euclid(MS_PER_DAY)
    }

    /// Local midnight starting `date`, as an instant.
    pub fn at_local_midnight(date: Date, offset_minutes: i32) -> Timestamp {
        Timestamp(date.days_since_epoch() * MS_PER_DAY - i64::from(offset_minutes) * 60_000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_as_typed() {
        let d = Date::new(2026, 11, 22);
        for t in [
            "22/11/2026",
            "22-11-2026",
            "22.11.2026",
            " 2026-11-22 ",
            "२२/११/२०२६",
        ] {
            assert_eq!(Date::parse_typed(t), d, "{t}");
        }
        assert_eq!(Date::parse_typed("5/1/2026"), Date::new(2026, 1, 5));
        for t in [
            "31/02/2026",
            "22/11/26",
            "11/22/2026",
            "",
            "yesterday",
            "1/2/3/2026",
        ] {
            assert_eq!(Date::parse_typed(t), None, "{t}");
        }
        assert_eq!(
            Date::new(2026, 1, 5).map(Date::dmy).as_deref(),
            Some("05/01/2026")
        );
    }

    #[test]
    fn civil_dates_round_trip() {
        for days in (-800_000..800_000).step_by(997) {
            let d = Date::from_days_since_epoch(days);
            assert_eq!(Date::new(d.year, d.month, d.day), Some(d));
            assert_eq!(d.days_since_epoch(), days);
        }
        assert_eq!(Date::new(1970, 1, 1).map(Date::days_since_epoch), Some(0));
        assert_eq!(
            Date::new(2024, 2, 29).map(|d| d.days_since_epoch()),
            Some(19_782)
        );
        assert_eq!(Date::new(2023, 2, 29), None);
        assert_eq!(Date::new(2026, 4, 31), None);
    }

    #[test]
    fn iso_dates_parse_strictly() {
        let d = Date::new(2026, 2, 9).unwrap();
        assert_eq!(Date::parse_iso("2026-02-09"), Some(d));
        assert_eq!(Date::parse_iso(" 2026-02-09 "), Some(d));
        assert_eq!(d.iso(), "2026-02-09");
        for bad in [
            "",
            "2026-2-9",
            "2026-02-30",
            "26-02-09",
            "2026/02/09",
            "2026-02-09x",
            "+026-02-09",
        ] {
            assert_eq!(Date::parse_iso(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn local_date_uses_the_offset() {
        // 2026-11-21T20:00Z is already 22 November in India (+05:30).
        let t = Timestamp::at_local_midnight(Date::new(2026, 11, 21).unwrap(), 0);
        let t = Timestamp(t.0 + 20 * 3_600_000);
        assert_eq!(t.local_date(0), Date::new(2026, 11, 21).unwrap());
        assert_eq!(t.local_date(330), Date::new(2026, 11, 22).unwrap());
        assert_eq!(t.local_day(330), t.local_date(330).days_since_epoch());
        assert_eq!(Timestamp(-1).local_day(0), -1);
    }
}
