//! Record ids: 128 random bits, so that books from two tablets can be merged without clashes.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

/// A map keyed by record id. Ids are random, so a multiply-and-fold of their bits spreads them
/// well; it is several times faster than the default SipHash, which matters when a million
/// purchases are counted per customer.
pub type IdMap<V> = HashMap<Id, V, BuildHasherDefault<IdHasher>>;

/// The hasher of [`IdMap`] (for ids only: other keys would all collide).
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(*b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }

    fn write_u128(&mut self, v: u128) {
        // Both halves matter: demo and test ids are small numbers.
        let folded = (v as u64) ^ ((v >> 64) as u64).rotate_left(32);
        self.0 = (self.0 ^ folded).wrapping_mul(0x517c_c1b7_2722_0a95);
        self.0 ^= self.0 >> 29;
    }
}

/// A globally unique record id. Shown and stored as 32 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id(pub u128);

impl Id {
    /// Makes an id from 16 random bytes (from `crypto.getRandomValues` in the browser, or a
    /// seeded generator for demo data).
    pub fn from_bytes(bytes: [u8; 16]) -> Id {
        Id(u128::from_le_bytes(bytes))
    }

    /// The id's 16 bytes, as [`Id::from_bytes`] takes them.
    pub fn to_bytes(self) -> [u8; 16] {
        self.0.to_le_bytes()
    }

    /// Parses 32 hex digits.
    pub fn parse(text: &str) -> Option<Id> {
        if text.len() != 32 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u128::from_str_radix(text, 16).ok().map(Id)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:032x}", self.0)
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id({self})")
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Id, D::Error> {
        let text = String::deserialize(d)?;
        Id::parse(&text).ok_or_else(|| serde::de::Error::custom("an id is 32 hex digits"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_text_and_bytes() {
        let id = Id(0x0123_4567_89ab_cdef_0011_2233_4455_6677);
        assert_eq!(id.to_string(), "0123456789abcdef0011223344556677");
        assert_eq!(Id::parse(&id.to_string()), Some(id));
        assert_eq!(Id::from_bytes(id.to_bytes()), id);
        assert_eq!(Id::parse("xyz"), None);
        assert_eq!(Id::parse("+123456789abcdef0011223344556677"), None);
    }
}
