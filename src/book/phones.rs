//! Live customers by phone number, in little room: a book of 100k customers would otherwise
//! keep a second copy of every number as a string key.

use std::collections::HashMap;

/// Customer places (in the book's customer list) by phone number. An E.164 number (what the
/// forms and the importer make) is a 64-bit key made of its digits and how many there are;
/// anything else, from an older or hand-made file, is kept as a string.
#[derive(Clone, Debug, Default)]
pub struct Phones {
    e164: HashMap<u64, u32>,
    other: HashMap<String, u32>,
}

/// `+` and 1 to 15 digits, as a key no other such number shares.
fn key(phone: &str) -> Option<u64> {
    let digits = phone.strip_prefix('+')?;
    if digits.is_empty() || digits.len() > 15 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: u64 = digits.parse().ok()?;
    // 10^15 < 2^50: the count fits below the value.
    Some(value << 4 | digits.len() as u64)
}

impl Phones {
    /// The place of the customer with `phone`.
    pub fn get(&self, phone: &str) -> Option<u32> {
        match key(phone) {
            Some(k) => self.e164.get(&k).copied(),
            None => self.other.get(phone).copied(),
        }
    }

    /// Notes that the customer at `place` has `phone`.
    pub fn insert(&mut self, phone: &str, place: u32) {
        match key(phone) {
            Some(k) => {
                self.e164.insert(k, place);
            }
            None => {
                self.other.insert(phone.to_string(), place);
            }
        }
    }

    /// Forgets `phone`.
    pub fn remove(&mut self, phone: &str) {
        match key(phone) {
            Some(k) => {
                self.e164.remove(&k);
            }
            None => {
                self.other.remove(phone);
            }
        }
    }

    /// Room for `n` more numbers.
    pub fn reserve(&mut self, n: usize) {
        self.e164.reserve(n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_that_differ_only_in_leading_zeros_or_length_are_told_apart() {
        let mut p = Phones::default();
        let numbers = [
            "+911",
            "+9101",
            "+91001",
            "+919876543210",
            "+1",
            "+10",
            "not a number",
        ];
        for (i, n) in numbers.iter().enumerate() {
            p.insert(n, i as u32);
        }
        for (i, n) in numbers.iter().enumerate() {
            assert_eq!(p.get(n), Some(i as u32), "{n}");
        }
        assert_eq!(p.get("+9198765432101"), None);
        assert_eq!(p.get("9876543210"), None);
        p.remove("+9101");
        assert_eq!(p.get("+9101"), None);
        assert_eq!(p.get("+911"), Some(0));
        p.remove("not a number");
        assert_eq!(p.get("not a number"), None);
    }
}
