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
