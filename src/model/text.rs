//! Text as the seller types it, folded so that different ways of typing the same name match.

/// Folds text for matching: lower case (ASCII: the Indic and Urdu scripts have no case, and full
/// Unicode case tables would cost ~10 KB of wasm), one space between words, and the precomposed
/// Devanagari nukta letters (क़ ख़ ग़ ज़ ड़ ढ़ फ़ य़) decomposed, so that either way of typing them matches.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for ch in text.chars().map(|c| c.to_ascii_lowercase()) {
        if ch.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        match ch {
            '\u{958}'..='\u{95f}' => {
                const BASE: [char; 8] = ['क', 'ख', 'ग', 'ज', 'ड', 'ढ', 'फ', 'य'];
                out.push(BASE[ch as usize - 0x958]);
                out.push('\u{93c}');
            }
            _ => out.push(ch),
        }
    }
    out
}

/// A name made fit for a file name: letters and digits of any script kept (Latin ones in lower
/// case), everything else a single `-` ("Big spenders!" -> `big-spenders`).
pub fn file_slug(name: &str) -> String {
    let mut out = String::new();
    for ch in name.chars() {
        if ch.is_alphanumeric() || is_mark(ch) {
            out.push(ch.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Vowel signs and viramas (Indic and Arabic combining marks), which are part of a word.
fn is_mark(ch: char) -> bool {
    matches!(ch as u32, 0x0900..=0x0DFF | 0x064B..=0x065F | 0x0670)
}

/// A sound of a written name: roughly how it is said, the same whichever script it was typed in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sound {
    /// A consonant, as the Latin letter that stands for its group (`s` for s, sh, श, ष, ش...).
    C(char),
    /// A vowel (kept only at the start of a word).
    Vowel,
    /// `h` and the like: aspiration and silent letters, dropped (`bh` = `b`, `sh` = `s`).
    Silent,
    /// A `y`/`w` that is a consonant only at the start of a word.
    Glide(char),
}

/// The consonants of the Devanagari block from U+0915 (क) to U+0939 (ह), by the Latin letter
/// that sellers write for them; Gujarati (U+0A95) and Malayalam (U+0D15) follow the same
/// layout. `h` is silent; `-` marks an unused code point.
const INDIC_CONSONANTS: &[u8; 37] = b"kkggnccjjnttddnttddnnppbbmyrrlllvsssh";

/// Devanagari U+0958-U+095F (क़ ख़ ग़ ज़ ड़ ढ़ फ़ य़).
const DEVANAGARI_NUKTA: &[u8; 8] = b"kkgjddpy";

fn latin(ch: char, at_start: bool) -> Sound {
    match ch {
        'a' | 'e' | 'i' | 'o' | 'u' => Sound::Vowel,
        'h' => Sound::Silent,
        'y' => Sound::Glide('y'),
        'w' | 'v' => Sound::C('v'),
        'q' | 'k' => Sound::C('k'),
        'z' | 'j' => Sound::C('j'),
        'f' | 'p' => Sound::C('p'),
        'x' if !at_start => Sound::C('x'),
        'x' => Sound::C('s'),
        'b'..='z' => Sound::C(ch),
        _ => Sound::Silent,
    }
}

/// A letter of the Devanagari, Gujarati or Malayalam block, as its offset from the block's
/// start (U+0900, U+0A80, U+0D00: the three share the ISCII layout).
fn indic(offset: u32, malayalam: bool) -> Sound {
    match offset {
        0x01..=0x02 => Sound::C('n'), // candrabindu, anusvara
        0x0B => Sound::C('r'),        // ऋ
        0x0C => Sound::C('l'),        // ऌ
        0x04..=0x14 => Sound::Vowel,
        0x15..=0x39 => match INDIC_CONSONANTS[(offset - 0x15) as usize] {
            b'h' => Sound::Silent,
            b'y' => Sound::Glide('y'),
            c => Sound::C(char::from(c)),
        },
        0x43 | 0x44 => Sound::C('r'),       // the vowel signs ृ ॄ
        0x4E if malayalam => Sound::C('r'), // dot reph
        0x58..=0x5F if !malayalam => {
            Sound::C(char::from(DEVANAGARI_NUKTA[(offset - 0x58) as usize]))
        }
        0x60 => Sound::C('r'),
        0x61 => Sound::C('l'),
        0x7A..=0x7B if malayalam => Sound::C('n'), // chillu ണ, ന
        0x7C if malayalam => Sound::C('r'),
        0x7D..=0x7E if malayalam => Sound::C('l'),
        0x7F if malayalam => Sound::C('k'),
        _ => Sound::Silent, // vowel signs, virama, nukta, digits, marks
    }
}

/// A letter of Urdu (Arabic script); `next` is the letter after it, for و, which is a `v`
/// before a vowel and a vowel (o, u) otherwise.
fn urdu(ch: char, next: Option<char>) -> Sound {
    let vowel_letter = |c: Option<char>| matches!(c, Some('ا' | 'ی' | 'ي' | 'ے' | 'آ'));
    match ch {
        'ا' | 'آ' | 'أ' | 'إ' | 'ٱ' | 'ع' | 'ے' | 'ئ' | 'ؤ' => Sound::Vowel,
        'ی' | 'ي' | 'ى' => Sound::Glide('y'),
        'و' if vowel_letter(next) => Sound::C('v'),
        'و' => Sound::Vowel,
        'ب' => Sound::C('b'),
        'پ' => Sound::C('p'),
        'ت' | 'ٹ' | 'ط' => Sound::C('t'),
        'ث' | 'س' | 'ش' | 'ص' => Sound::C('s'),
        'ج' | 'ذ' | 'ز' | 'ژ' | 'ض' | 'ظ' => Sound::C('j'),
        'چ' => Sound::C('c'),
        'خ' | 'ق' | 'ک' | 'ك' => Sound::C('k'),
        'د' | 'ڈ' => Sound::C('d'),
        'ر' | 'ڑ' => Sound::C('r'),
        'غ' | 'گ' => Sound::C('g'),
        'ف' => Sound::C('p'),
        'ل' => Sound::C('l'),
        'م' => Sound::C('m'),
        'ن' | 'ں' => Sound::C('n'),
        _ => Sound::Silent, // ح ہ ھ ه ۃ ء and the short-vowel marks
    }
}

/// How one word sounds, as a short Latin key that the same name typed in Latin, Devanagari,
/// Gujarati, Malayalam or Urdu letters shares: "sharma", "sarma" and "शर्मा" all give `srm`.
/// The consonants only (vowels are written too differently: "Sharma" says the a that
/// शर्मा leaves unwritten), an opening vowel as `a`, aspirates as their plain letter, doubled
/// letters once. Coarse on purpose: it finds a customer typed on the other keyboard, after the
/// matches in their own script.
pub fn sound(word: &str) -> String {
    let chars: Vec<char> = word.chars().map(|c| c.to_ascii_lowercase()).collect();
    let mut out = String::new();
    let mut last = None;
    for (i, &ch) in chars.iter().enumerate() {
        let start = out.is_empty() && last.is_none();
        let code = ch as u32;
        let s = match code {
            0x0900..=0x097F => indic(code - 0x0900, false),
            0x0A80..=0x0AFF => indic(code - 0x0A80, false),
            0x0D00..=0x0D7F => indic(code - 0x0D00, true),
            0x0600..=0x06FF => urdu(ch, chars.get(i + 1).copied()),
            // "ng" not before a vowel is one sound, the anusvara's ("Singh", सिंह).
            _ if ch == 'g'
                && i > 0
                && chars[i - 1] == 'n'
                && !chars
                    .get(i + 1)
                    .is_some_and(|c| matches!(latin(*c, false), Sound::Vowel)) =>
            {
                Sound::Silent
            }
            _ => latin(ch, start),
        };
        let c = match s {
            Sound::C(c) => c,
            Sound::Glide(c) if start => c,
            Sound::Vowel if start => 'a',
            Sound::Vowel | Sound::Glide(_) => {
                last = Some(' ');
                continue;
            }
            Sound::Silent => continue,
        };
        if c == 'x' {
            out.push_str("ks");
        } else if last != Some(c) || out.is_empty() {
            // An n said before b or p is an m ("Shambhu", शंभू).
            if matches!(c, 'b' | 'p') && out.ends_with('n') {
                out.pop();
                out.push('m');
            }
            if !out.ends_with(c) {
                out.push(c);
            }
        }
        last = Some(c);
    }
    out
}

/// [`sound`] of each word of `text`, one space between them.
pub fn sounds(text: &str) -> String {
    let words: Vec<String> = text.split_whitespace().map(sound).collect();
    words.join(" ")
}

#[cfg(test)]
mod sound_tests {
    use super::*;

    #[test]
    fn names_become_file_names() {
        assert_eq!(file_slug("Big spenders!"), "big-spenders");
        assert_eq!(file_slug("  Diwali 2026 / gold "), "diwali-2026-gold");
        assert_eq!(file_slug("नियमित ग्राहक"), "नियमित-ग्राहक");
        assert_eq!(file_slug("???"), "");
    }

    #[test]
    fn the_same_name_in_any_script_sounds_the_same() {
        // (Latin as sellers type it, other spellings, the name in Indian scripts)
        let table: &[(&str, &[&str])] = &[
            ("sharma", &["sarma", "Sharmaa", "शर्मा", "شرما"]),
            ("asha", &["aasha", "आशा", "આશા", "ആശ", "آشا"]),
            ("patel", &["patil", "पटेल", "પટેલ", "پٹیل"]),
            ("bhavesh", &["bhavesh", "भावेश", "ભાવેશ"]),
            ("lakshmi", &["laxmi", "लक्ष्मी", "લક્ષ્મી", "ലക്ഷ്മി"]),
            ("menon", &["मेनन", "മേനോൻ"]),
            ("khan", &["खान", "خان", "ખાન"]),
            ("krishna", &["krushna", "कृष्ण", "કૃષ્ણ", "കൃഷ്ണ"]),
            ("singh", &["sing", "सिंह", "ਸਿੰਘ"]),
            ("zakir", &["jakir", "ज़ाकिर", "ज़ाकिर", "ذاکر", "زاکر"]),
            ("priya", &["priyaa", "प्रिया", "પ્રિયા", "پریا", "പ്രിയ"]),
            ("vijay", &["wijay", "विजय", "વિજય"]),
            ("ayesha", &["aisha", "عائشہ", "आयशा"]),
            ("yusuf", &["यूसुफ़", "یوسف"]),
            ("javed", &["जावेद", "جاوید"]),
            ("noor", &["nur", "नूर", "نور"]),
            ("mohan", &["मोहन", "موہن", "મોહન"]),
            ("shambhu", &["शंभू", "शम्भू"]),
            ("imran", &["इमरान", "عمران"]),
            ("suresh", &["सुरेश", "સુરેશ", "സുരേഷ്"]),
            ("anil", &["अनिल", "അനിൽ"]),
        ];
        for (latin, others) in table {
            let key = sound(latin);
            // Punjabi is not one of the app's scripts: ਸਿੰਘ only shows it is not guessed at.
            for other in others.iter().filter(|o| !o.starts_with('ਸ')) {
                assert_eq!(sound(other), key, "{other} vs {latin}");
            }
        }
        assert_eq!(sound("sharma"), "srm");
        assert_eq!(sounds("Asha  Sharma"), "as srm");
    }

    #[test]
    fn different_names_sound_different() {
        for (a, b) in [
            ("sharma", "verma"),
            ("asha", "usha kiran"),
            ("patel", "pal"),
            ("ravi", "rani"),
        ] {
            assert_ne!(sounds(a), sounds(b), "{a} {b}");
        }
    }
}
