//! Phone numbers as people type them, normalised to E.164 (`+919876543210`).
//!
//! Accepted: spaces, dashes, dots, brackets and slashes anywhere; a leading `0` (trunk prefix);
//! the country code with `+`, `00`, or (for India) bare as `91`; other countries with `+` or `00`.
//! Indian numbers must be mobiles: 10 digits starting 6-9 (customers are reached by WhatsApp and
//! SMS). Other countries are checked only against E.164's length (8-15 digits in all).

/// Why a number was refused. The UI shows one message for each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhoneError {
    /// Letters or symbols that are not part of a phone number.
    Characters,
    /// An Indian number that is not a 10-digit mobile starting 6, 7, 8 or 9.
    IndianMobile,
    /// Too short or too long to be a phone number anywhere.
    Length,
}

/// Normalises `typed` with `default_cc` (digits, e.g. `"91"`) for numbers typed without one.
/// Empty input is `Ok(None)`: the phone is optional.
pub fn normalise(typed: &str, default_cc: &str) -> Result<Option<String>, PhoneError> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    let mut digits = String::with_capacity(typed.len());
    let mut international = false;
    for ch in typed.chars() {
        if let Some(d) = digit_value(ch) {
            digits.push(d);
            continue;
        }
        match ch {
            // One plus, before the first digit: "+91", "(+91)".
            '+' if digits.is_empty() && !international => international = true,
            ' ' | '-' | '.' | '(' | ')' | '/' | '\u{a0}' => {}
            _ => return Err(PhoneError::Characters),
        }
    }
    if !international {
        if let Some(rest) = digits.strip_prefix("00") {
            digits = rest.to_string();
            international = true;
        }
    }
    let full = if international {
        digits
    } else {
        let national = digits.strip_prefix('0').unwrap_or(&digits);
        if default_cc == "91" && national.len() == 12 && national.starts_with("91") {
            national.to_string()
        } else {
            format!("{default_cc}{national}")
        }
    };
    if let Some(national) = full.strip_prefix("91") {
        let mobile = national.len() == 10 && matches!(national.as_bytes()[0], b'6'..=b'9');
        return if mobile {
            Ok(Some(format!("+{full}")))
        } else {
            Err(PhoneError::IndianMobile)
        };
    }
    if !(8..=15).contains(&full.len()) {
        return Err(PhoneError::Length);
    }
    Ok(Some(format!("+{full}")))
}

/// The value of a digit in any script [`normalise`] accepts.
pub fn digit(ch: char) -> Option<u32> {
    digit_value(ch).and_then(|c| c.to_digit(10))
}

/// The ASCII digit for a digit in Latin, Devanagari, Gujarati, Malayalam or Arabic-Indic
/// (Urdu) script, as phone keyboards in those languages type them.
fn digit_value(ch: char) -> Option<char> {
    let zero = match ch {
        '0'..='9' => return Some(ch),
        '\u{966}'..='\u{96f}' => 0x966, // Devanagari
        '\u{ae6}'..='\u{aef}' => 0xae6, // Gujarati
        '\u{d66}'..='\u{d6f}' => 0xd66, // Malayalam
        '\u{660}'..='\u{669}' => 0x660, // Arabic-Indic
        '\u{6f0}'..='\u{6f9}' => 0x6f0, // Extended Arabic-Indic (Urdu)
        _ => return None,
    };
    char::from_digit(ch as u32 - zero, 10)
}

/// `typed` with every digit of those scripts written as its ASCII digit, and Urdu's decimal
/// and thousands signs (٫ ٬) as `.` and `,`: a number typed on an Indic or Urdu keyboard reads
/// as the same number.
pub fn latin_digits(typed: &str) -> String {
    typed
        .chars()
        .map(|ch| match ch {
            '\u{66b}' => '.',
            '\u{66c}' => ',',
            _ => digit_value(ch).unwrap_or(ch),
        })
        .collect()
}

/// The digits of a number, for matching what a seller types into search.
pub fn digits(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}

/// A stored number as people write it: an Indian mobile as `+91 98765 43210`, any other
/// number with a space after its country code where that is plain (`+1…`, `+44…`), else as
/// stored.
pub fn display(e164: &str) -> String {
    let Some(digits) = e164.strip_prefix('+') else {
        return e164.to_string();
    };
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return e164.to_string();
    }
    match digits.strip_prefix("91") {
        Some(rest) if rest.len() == 10 => format!("+91 {} {}", &rest[..5], &rest[5..]),
        _ => e164.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PhoneError::*;

    #[test]
    fn numbers_are_shown_grouped() {
        assert_eq!(display("+919876543210"), "+91 98765 43210");
        assert_eq!(display("+14155550123"), "+14155550123");
        assert_eq!(display("+91123"), "+91123");
        assert_eq!(display("not a number"), "not a number");
    }

    #[test]
    fn what_sellers_type_in_india() {
        let ok = "+919876543210";
        for typed in [
            "9876543210",
            "98765 43210",
            "98765-43210",
            "098765 43210",
            "919876543210",
            "91 98765 43210",
            "+91 98765 43210",
            "+91-98765-43210",
            "0091 9876543210",
            "(+91) 98765.43210",
            "  9876543210  ",
            "९८७६५४३२१०",
            "૯૮૭૬૫૪૩૨૧૦",
            "۹۸۷۶۵۴۳۲۱۰",
        ] {
            assert_eq!(
                normalise(typed, "91"),
                Ok(Some(ok.to_string())),
                "{typed:?}"
            );
        }
        assert_eq!(
            normalise("6000000000", "91"),
            Ok(Some("+916000000000".into()))
        );
    }

    #[test]
    fn refused_in_india() {
        for (typed, why) in [
            ("12345", IndianMobile),
            ("987654321", IndianMobile),
            ("98765432101", IndianMobile),
            ("5876543210", IndianMobile),
            ("+91 11 2345 6789", IndianMobile),
            ("98765abc10", Characters),
            ("9876543210 ext 2", Characters),
            ("98+76543210", Characters),
        ] {
            assert_eq!(normalise(typed, "91"), Err(why), "{typed:?}");
        }
    }

    #[test]
    fn other_countries_and_defaults() {
        assert_eq!(
            normalise("+44 7911 123456", "91"),
            Ok(Some("+447911123456".into()))
        );
        assert_eq!(
            normalise("0044 7911 123456", "91"),
            Ok(Some("+447911123456".into()))
        );
        assert_eq!(
            normalise("+971 50 123 4567", "91"),
            Ok(Some("+971501234567".into()))
        );
        // A Nepali shop: numbers typed without a code get +977.
        assert_eq!(
            normalise("9841234567", "977"),
            Ok(Some("+9779841234567".into()))
        );
        assert_eq!(normalise("+1 23", "91"), Err(Length));
        assert_eq!(normalise("+1234567890123456", "91"), Err(Length));
        assert_eq!(normalise("", "91"), Ok(None));
        assert_eq!(normalise("   ", "91"), Ok(None));
    }

    #[test]
    fn digits_for_search() {
        assert_eq!(digits("+91 98765-43210"), "919876543210");
    }
}
