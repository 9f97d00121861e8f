//! Finding a customer while they wait: by any part of the name, in any script, by how the name
//! sounds when it was typed on the other keyboard ("sharma" finds शर्मा), or by any run of
//! phone digits. Built when the customers change; a query is a scan over pre-folded strings, fast
//! enough for 10k customers within one frame (see `search_10k_customers_ms`).

use crate::model::id::Id;
use crate::model::phone;
use crate::model::records::Customer;
use crate::model::text::{fold, sound, sounds};

/// The live customers, folded for search. Every folded name is in one string and every phone's
/// digits in another (a string each for 100k customers would cost 4 MB more).
#[derive(Default)]
pub struct SearchIndex {
    ids: Vec<Id>,
    names: String,
    name_ends: Vec<u32>,
    // How each name sounds (`text::sounds`), in one string likewise.
    sounds: String,
    sound_ends: Vec<u32>,
    digits: String,
    digit_ends: Vec<u32>,
}

impl SearchIndex {
    /// Indexes the live customers among `customers`.
    pub fn new<'a>(customers: impl IntoIterator<Item = &'a Customer>) -> SearchIndex {
        let mut ix = SearchIndex::default();
        ix.extend(customers);
        ix
    }

    /// An empty index with room for `customers` (a big book's index is built a slice at a time
    /// while the book opens: grown strings would leave holes in memory behind them).
    pub fn with_room_for(customers: &[Customer]) -> SearchIndex {
        let names = customers.iter().map(|c| c.name.len()).sum::<usize>();
        let digits = customers
            .iter()
            .map(|c| c.phone.as_ref().map_or(0, String::len))
            .sum::<usize>();
        SearchIndex {
            ids: Vec::with_capacity(customers.len()),
            names: String::with_capacity(names + names / 8),
            name_ends: Vec::with_capacity(customers.len()),
            sounds: String::with_capacity(names / 2),
            sound_ends: Vec::with_capacity(customers.len()),
            digits: String::with_capacity(digits),
            digit_ends: Vec::with_capacity(customers.len()),
        }
    }

    /// Adds the live customers among `customers` (a big book is indexed a slice at a time).
    pub fn extend<'a>(&mut self, customers: impl IntoIterator<Item = &'a Customer>) {
        for c in customers.into_iter().filter(|c| c.meta.live()) {
            self.ids.push(c.meta.id);
            self.names.push_str(&fold(&c.name));
            self.name_ends.push(self.names.len() as u32);
            self.sounds.push_str(&sounds(&c.name));
            self.sound_ends.push(self.sounds.len() as u32);
            if let Some(p) = c.phone.as_deref() {
                self.digits.push_str(&phone::digits(p));
            }
            self.digit_ends.push(self.digits.len() as u32);
        }
    }

    fn name(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.name_ends[i - 1] };
        &self.names[start as usize..self.name_ends[i] as usize]
    }

    fn sound(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.sound_ends[i - 1] };
        &self.sounds[start as usize..self.sound_ends[i] as usize]
    }

    fn digits(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.digit_ends[i - 1] };
        &self.digits[start as usize..self.digit_ends[i] as usize]
    }

    /// Up to `limit` customers matching `query`, best first: names that start with the query,
    /// then names with a word that starts with it, then names containing it, then (for a query
    /// of three letters or more) names that sound like it in another script; within each, A-Z.
    /// A query of three or more digits (spaces and dashes allowed) matches phone numbers too.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Id> {
        self.search_page(query, 0, limit).1
    }

    /// How many customers match `query`, and the `take` best after the first `skip`, in the
    /// order of [`SearchIndex::search`]. Only the rows wanted are sorted: a one-letter query
    /// on a big book matches most of it.
    pub fn search_page(&self, query: &str, skip: usize, take: usize) -> (usize, Vec<Id>) {
        let q = fold(query);
        if q.is_empty() {
            return (0, Vec::new());
        }
        let digits: String = q.chars().filter(char::is_ascii_digit).collect();
        let numeric =
            digits.len() >= 3 && q.chars().all(|c| c.is_ascii_digit() || " -+".contains(c));
        let words: Vec<&str> = q.split(' ').collect();
        // Each word's sound, when the query is long enough for sounds to mean something.
        let heard: Vec<String> = if q.chars().count() >= 3 {
            words.iter().map(|w| sound(w)).collect()
        } else {
            Vec::new()
        };
        let by_sound = !heard.is_empty() && heard.iter().all(|h| h.len() >= 2);
        let mut hits: Vec<(u8, usize)> = (0..self.ids.len())
            .filter_map(|i| {
                if numeric && self.digits(i).contains(&digits) {
                    return Some((0, i));
                }
                let name = self.name(i);
                // Every word of the query must appear in the name, or sound like one of its words.
                if !words.iter().all(|w| name.contains(w)) {
                    let sounds = self.sound(i);
                    let heard_all = by_sound
                        && heard
                            .iter()
                            .all(|h| sounds.split(' ').any(|s| s.starts_with(h.as_str())));
                    return heard_all.then_some((3, i));
                }
                let rank = if name.starts_with(&q) {
                    0
                } else if name.split(' ').any(|w| w.starts_with(words[0])) {
                    1
                } else {
                    2
                };
                Some((rank, i))
            })
            .collect();
        let total = hits.len();
        let order = |a: &(u8, usize), b: &(u8, usize)| {
            (a.0, self.name(a.1), self.ids[a.1]).cmp(&(b.0, self.name(b.1), self.ids[b.1]))
        };
        let end = skip.saturating_add(take).min(total);
        if end < total && end > 0 {
            hits.select_nth_unstable_by(end - 1, order);
            hits.truncate(end);
        }
        crate::model::sort::sort_by(&mut hits, order);
        let page = hits
            .into_iter()
            .skip(skip)
            .take(take)
            .map(|(_, i)| self.ids[i]);
        (total, page.collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::Rng;
    use crate::model::records::Meta;
    use crate::model::time::Timestamp;

    fn book(names: &[(&str, Option<&str>)]) -> (Vec<Customer>, SearchIndex) {
        let mut rng = Rng::new(1);
        let cs: Vec<Customer> = names
            .iter()
            .map(|(n, p)| {
                let mut c = Customer::named(Meta::new(rng.id(), Timestamp(0)), n);
                c.phone = p.map(str::to_string);
                c
            })
            .collect();
        let ix = SearchIndex::new(&cs);
        (cs, ix)
    }

    fn names(cs: &[Customer], ids: Vec<Id>) -> Vec<&str> {
        ids.iter()
            .map(|id| {
                cs.iter()
                    .find(|c| c.meta.id == *id)
                    .map(|c| c.name.as_str())
                    .unwrap_or("?")
            })
            .collect()
    }

    #[test]
    fn pages_of_matches_add_up_to_the_whole_ordered_list() {
        let names: Vec<String> = (0..57).map(|i| format!("Asha {}", (i * 37) % 57)).collect();
        let pairs: Vec<(&str, Option<&str>)> = names.iter().map(|n| (n.as_str(), None)).collect();
        let (_, ix) = book(&pairs);
        let all = ix.search("asha", usize::MAX);
        assert_eq!(all.len(), 57);
        let mut paged = Vec::new();
        for page in 0..4 {
            let (total, ids) = ix.search_page("asha", page * 20, 20);
            assert_eq!(total, 57);
            paged.extend(ids);
        }
        assert_eq!(paged, all);
        assert_eq!(ix.search_page("asha", 60, 20), (57, Vec::new()));
        assert_eq!(ix.search_page("nobody", 0, 20), (0, Vec::new()));
    }

    #[test]
    fn names_in_every_script_and_any_case() {
        let (cs, ix) = book(&[
            ("Asha Sharma", None),
            ("Ravi Kumar", None),
            ("आशा शर्मा", None),
            ("ભાવેશ પટેલ", None),
            ("ലക്ഷ്മി മേനോൻ", None),
            ("عائشہ خان", None),
            ("Natasha", None),
        ]);
        // Written matches first, then those that sound like it (Ayesha too: a sound is coarse).
        assert_eq!(
            names(&cs, ix.search("asha", 10)),
            ["Asha Sharma", "Natasha", "عائشہ خان", "आशा शर्मा"]
        );
        // The written match comes first; names that only sound alike follow.
        let first = |q: &str| names(&cs, ix.search(q, 10)).first().copied();
        assert_eq!(first("  SHARMA "), Some("Asha Sharma"));
        assert_eq!(first("आशा"), Some("आशा शर्मा"));
        assert_eq!(first("शर्मा"), Some("आशा शर्मा"));
        assert_eq!(names(&cs, ix.search("પટેલ", 10)), ["ભાવેશ પટેલ"]);
        assert_eq!(names(&cs, ix.search("ലക്ഷ്മി", 10)), ["ലക്ഷ്മി മേനോൻ"]);
        assert_eq!(names(&cs, ix.search("خان", 10)), ["عائشہ خان"]);
        assert_eq!(
            names(&cs, ix.search("asha shar", 10)),
            ["Asha Sharma", "आशा शर्मा"]
        );
        assert!(ix.search("", 10).is_empty());
        assert!(ix.search("xyz", 10).is_empty());
    }

    #[test]
    fn a_name_is_found_from_the_other_keyboard_after_its_own_script() {
        let (cs, ix) = book(&[
            ("आशा शर्मा", None),
            ("Rakesh Sharma", None),
            ("ભાવેશ પટેલ", None),
            ("ലക്ഷ്മി മേനോൻ", None),
            ("عائشہ خان", None),
            ("Ravi Verma", None),
        ]);
        assert_eq!(
            names(&cs, ix.search("sharma", 10)),
            ["Rakesh Sharma", "आशा शर्मा"]
        );
        assert_eq!(
            names(&cs, ix.search("sarma", 10)),
            ["Rakesh Sharma", "आशा शर्मा"]
        );
        assert_eq!(
            names(&cs, ix.search("शर्मा", 10)),
            ["आशा शर्मा", "Rakesh Sharma"]
        );
        assert_eq!(names(&cs, ix.search("asha sharma", 10)), ["आशा शर्मा"]);
        assert_eq!(names(&cs, ix.search("bhavesh", 10)), ["ભાવેશ પટેલ"]);
        assert_eq!(names(&cs, ix.search("laxmi", 10)), ["ലക്ഷ്മി മേനോൻ"]);
        assert_eq!(names(&cs, ix.search("ayesha khan", 10)), ["عائشہ خان"]);
        assert_eq!(names(&cs, ix.search("verma", 10)), ["Ravi Verma"]);
        // Too short to sound like anything: only what is written.
        assert!(ix.search("as", 10).is_empty());
    }

    #[test]
    fn any_run_of_phone_digits() {
        let (cs, ix) = book(&[
            ("Asha", Some("+919876543210")),
            ("Ravi", Some("+919812345678")),
            ("Meena", None),
        ]);
        assert_eq!(names(&cs, ix.search("54321", 10)), ["Asha"]);
        assert_eq!(
            names(&cs, ix.search("98", 10)),
            Vec::<&str>::new(),
            "two digits are too few"
        );
        assert_eq!(names(&cs, ix.search("9198", 10)), ["Asha", "Ravi"]);
        assert_eq!(names(&cs, ix.search("98765 432", 10)), ["Asha"]);
    }

    #[test]
    fn nukta_typed_either_way_matches() {
        // "ज़ाकिर" with the precomposed letter U+095B, searched with ज + nukta, and the reverse.
        let (cs, ix) = book(&[("\u{95b}ाकिर", None), ("ज\u{93c}रीना", None)]);
        assert_eq!(names(&cs, ix.search("ज\u{93c}ाकिर", 10)), ["\u{95b}ाकिर"]);
        assert_eq!(names(&cs, ix.search("\u{95b}रीना", 10)), ["ज\u{93c}रीना"]);
    }

    #[test]
    fn deleted_customers_are_not_found_and_limit_holds() {
        let (mut cs, _) = book(&[("Asha A", None), ("Asha B", None), ("Asha C", None)]);
        cs[1].meta.deleted = Some(Timestamp(1));
        let ix = SearchIndex::new(&cs);
        assert_eq!(names(&cs, ix.search("asha", 10)), ["Asha A", "Asha C"]);
        assert_eq!(ix.search("asha", 1).len(), 1);
    }
}
