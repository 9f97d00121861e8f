//! Money as whole minor units (paise), never floating point.

use serde::{Deserialize, Serialize};
use std::ops::{Add, AddAssign, Mul};

/// An amount in minor units of the shop's currency (paise for rupees).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Paise(pub i64);

/// A whole number grouped the Indian way: `1,00,000`.
pub fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut grouped = String::new();
    let len = digits.len();
    for (i, ch) in digits.chars().enumerate() {
        let left = len - i;
        if i > 0 && (left == 3 || (left > 3 && (left - 3).is_multiple_of(2))) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    grouped
}

impl Paise {
    /// Rupees and paise as the seller writes them, grouped the Indian way: `12,34,567.50`.
    pub fn format(self) -> String {
        let neg = self.0 < 0;
        let abs = self.0.unsigned_abs();
        let (whole, frac) = (abs / 100, abs % 100);
        let grouped = group(whole);
        let sign = if neg { "-" } else { "" };
        if frac == 0 {
            format!("{sign}{grouped}")
        } else {
            format!("{sign}{grouped}.{frac:02}")
        }
    }
}

impl Add for Paise {
    type Output = Paise;
    fn add(self, rhs: Paise) -> Paise {
        Paise(self.0.saturating_add(rhs.0))
    }
}

impl AddAssign for Paise {
    fn add_assign(&mut self, rhs: Paise) {
        *self = *self + rhs;
    }
}

/// A quantity in thousandths of a unit, so that 0.25 kg or 1.5 dozen are exact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Qty(pub i64);

impl Qty {
    /// One whole unit.
    pub const ONE: Qty = Qty(1000);

    /// `n` whole units.
    pub fn units(n: i64) -> Qty {
        Qty(n.saturating_mul(1000))
    }
}

impl Mul<Qty> for Paise {
    type Output = Paise;
    /// Price times quantity, rounded half away from zero to the nearest paisa.
    fn mul(self, q: Qty) -> Paise {
        let p = self.0 as i128 * q.0 as i128;
        let rounded = if p >= 0 {
            (p + 500) / 1000
        } else {
            (p - 500) / 1000
        };
        Paise(rounded.clamp(i64::MIN as i128, i64::MAX as i128) as i64)
    }
}

/// Why an amount or quantity was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberError {
    /// Empty.
    Missing,
    /// Not a number (letters, two decimal points, more than 2 decimals for money, 3 for quantities).
    NotANumber,
    /// Below zero.
    Negative,
    /// Zero where something must be sold.
    Zero,
    /// Absurdly large.
    TooLarge,
}

/// The number in `t` with `.` as its only separator: commas that group digits (`1,250.50`,
/// `1,00,000`) are dropped, and a lone comma that can only be a decimal comma (`10,5`, `10,50`:
/// no grouping leaves one or two digits at the end) becomes the point. Any other comma makes
/// the number unreadable rather than ten or a hundred times too big. Urdu's `٫` and `٬` are the
/// point and the comma.
fn separators(t: &str) -> Result<String, NumberError> {
    let t: String = t
        .chars()
        .map(|c| match c {
            '\u{66B}' => '.',
            '\u{66C}' => ',',
            c => c,
        })
        .collect();
    let (whole, frac) = match t.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (t.as_str(), None),
    };
    if !whole.contains(',') {
        return Ok(t.clone());
    }
    if frac.is_some_and(|f| f.contains(',')) {
        return Err(NumberError::NotANumber);
    }
    let groups: Vec<&str> = whole.split(',').collect();
    let len = |g: &str| g.chars().count();
    let last = groups[groups.len() - 1];
    if frac.is_none() && groups.len() == 2 && (1..=2).contains(&len(last)) && len(groups[0]) > 0 {
        return Ok(format!("{}.{last}", groups[0]));
    }
    let first_ok = (1..=3).contains(&len(groups[0]));
    let middle_ok = groups[1..groups.len() - 1]
        .iter()
        .all(|g| (2..=3).contains(&len(g)));
    if !(first_ok && middle_ok && len(last) == 3) {
        return Err(NumberError::NotANumber);
    }
    let whole = groups.concat();
    Ok(match frac {
        Some(f) => format!("{whole}.{f}"),
        None => whole,
    })
}

/// Parses a decimal typed with `.` and optional `,` grouping (`1,250.50`) or a decimal comma
/// (`10,5`), in any of the digit scripts a phone keyboard may use, into an integer of
/// `1 / 10^decimals` units.
fn parse_decimal(typed: &str, decimals: u32) -> Result<i64, NumberError> {
    let t = typed.trim();
    if t.is_empty() {
        return Err(NumberError::Missing);
    }
    let (neg, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, t),
    };
    let t = separators(t)?;
    let mut whole: i64 = 0;
    let mut frac: i64 = 0;
    let mut frac_digits = 0u32;
    let mut seen_point = false;
    let mut any_digit = false;
    for ch in t.chars() {
        if let Some(d) = crate::model::phone::digit(ch) {
            any_digit = true;
            if seen_point {
                frac_digits += 1;
                if frac_digits > decimals {
                    return Err(NumberError::NotANumber);
                }
                frac = frac * 10 + i64::from(d);
            } else {
                whole = whole
                    .checked_mul(10)
                    .and_then(|w| w.checked_add(i64::from(d)))
                    .ok_or(NumberError::TooLarge)?;
            }
        } else if ch == '.' && !seen_point {
            seen_point = true;
        } else {
            return Err(NumberError::NotANumber);
        }
    }
    if !any_digit {
        return Err(NumberError::NotANumber);
    }
    let scale = 10i64.pow(decimals);
    let value = whole
        .checked_mul(scale)
        .and_then(|w| w.checked_add(frac * 10i64.pow(decimals - frac_digits)))
        .filter(|v| *v <= 1_000_000_000 * scale)
        .ok_or(NumberError::TooLarge)?;
    if neg && value != 0 {
        return Err(NumberError::Negative);
    }
    Ok(value)
}

/// A money amount as typed (`45`, `45.5`, `1,250.00`), zero allowed (a free sample).
pub fn parse_amount(typed: &str) -> Result<Paise, NumberError> {
    parse_decimal(typed, 2).map(Paise)
}

/// A quantity as typed (`2`, `0.25`, `1.5`); zero is refused.
pub fn parse_qty(typed: &str) -> Result<Qty, NumberError> {
    match parse_decimal(typed, 3)? {
        0 => Err(NumberError::Zero),
        q => Ok(Qty(q)),
    }
}

/// `value / 10^decimals` written without trailing zeros: 1500 (3) -> "1.5", 4000 (2) -> "40".
pub fn format_fixed(value: i64, decimals: u32) -> String {
    let scale = 10i64.pow(decimals);
    let (whole, frac) = (value / scale, (value % scale).abs());
    if frac == 0 {
        return whole.to_string();
    }
    let digits = format!("{frac:0width$}", width = decimals as usize);
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indian_grouping() {
        for (paise, text) in [
            (0, "0"),
            (5, "0.05"),
            (100, "1"),
            (99_999, "999.99"),
            (100_000, "1,000"),
            (12_345_678_950, "12,34,56,789.50"),
            (-150_000, "-1,500"),
        ] {
            assert_eq!(Paise(paise).format(), text, "{paise}");
        }
    }

    #[test]
    fn commas_are_grouping_or_a_decimal_comma_never_a_silent_factor_of_ten() {
        for (typed, paise) in [
            ("10,5", Ok(1050)),
            ("10,50", Ok(1050)),
            ("0,5", Ok(50)),
            ("१०,५", Ok(1050)),
            ("10\u{66B}5", Ok(1050)),
            ("1\u{66C}250", Ok(125_000)),
            ("1,250", Ok(125_000)),
            ("1,250.50", Ok(125_050)),
            ("1,00,000", Ok(10_000_000)),
            ("12,34,56,789.50", Ok(12_345_678_950)),
            ("10,500", Ok(1_050_000)),
            ("1,2,3", Err(NumberError::NotANumber)),
            ("10,5.5", Err(NumberError::NotANumber)),
            ("1.5,0", Err(NumberError::NotANumber)),
            ("1,0000", Err(NumberError::NotANumber)),
            (",5", Err(NumberError::NotANumber)),
            ("10,", Err(NumberError::NotANumber)),
            ("10,555", Ok(1_055_500)),
            ("10,5555", Err(NumberError::NotANumber)),
        ] {
            assert_eq!(parse_amount(typed), paise.map(Paise), "{typed}");
        }
        assert_eq!(parse_qty("1,5"), Ok(Qty(1500)));
        assert_eq!(parse_qty("2,25"), Ok(Qty(2250)));
    }

    #[test]
    fn line_amounts_are_exact_for_fractional_quantities() {
        assert_eq!(Paise(4000) * Qty(250), Paise(1000)); // 0.25 kg at 40.00
        assert_eq!(Paise(333) * Qty(1500), Paise(500)); // 499.5 rounds up
        assert_eq!(Paise(1999) * Qty::units(3), Paise(5997));
    }
}
