//! Case and diacritic folding for gazetteer keys.
//!
//! A key is the folded form of a phrase's tokens joined by single spaces:
//! `Zürich` → `zurich`, `Lagos’s` → `lagos ' s`, `St. Louis` → `st . louis`.
//! The same function builds keys from gazetteer entries (at build time) and
//! from article tokens (at match time), so they always agree. Case is folded
//! here; whether case matters for a match is decided later from the token
//! shapes, with the original text.

/// ASCII folds of U+00C0..U+024F (Latin-1 Supplement, Latin Extended-A/B);
/// empty where the character has no plain-Latin fold.
static LATIN: [&str; 400] = [
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i", "d", "n", "o", "o", "o", "o", "o",
    "", "o", "u", "u", "u", "u", "y", "th", "ss", "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i",
    "i", "i", "i", "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y", "a", "a", "a", "a",
    "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d", "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e",
    "e", "g", "g", "g", "g", "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i", "i", "i",
    "", "", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l", "l", "l", "l", "n", "n", "n", "n", "n", "n",
    "n", "ng", "ng", "o", "o", "o", "o", "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s",
    "s", "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "w", "w",
    "y", "y", "y", "z", "z", "z", "z", "z", "z", "s", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "",
    "", "", "f", "", "", "", "", "", "", "", "", "", "", "", "", "", "o", "o", "", "", "", "", "", "", "", "", "", "",
    "", "", "", "u", "u", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "",
    "", "", "", "", "", "a", "a", "i", "i", "o", "o", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "", "a", "a",
    "a", "a", "", "", "", "", "g", "g", "k", "k", "o", "o", "o", "o", "", "", "j", "", "", "", "g", "g", "", "", "n",
    "n", "a", "a", "", "", "", "", "a", "a", "a", "a", "e", "e", "e", "e", "i", "i", "i", "i", "o", "o", "o", "o", "r",
    "r", "r", "r", "u", "u", "u", "u", "s", "s", "t", "t", "", "", "h", "h", "", "", "", "", "", "", "a", "a", "e",
    "e", "o", "o", "o", "o", "o", "o", "o", "o", "y", "y", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "",
    "", "", "", "", "", "", "", "", "", "", "", "", "",
];

/// Append the folded form of one token (or any text) to `out`.
#[inline]
pub fn push_folded(s: &str, out: &mut Vec<u8>) {
    if s.is_ascii() {
        // Tokens are short: a copying loop beats a memcpy call and a second pass.
        out.extend(s.as_bytes().iter().map(u8::to_ascii_lowercase));
        return;
    }
    for c in s.chars() {
        push_folded_char(c, out);
    }
}

fn push_folded_char(c: char, out: &mut Vec<u8>) {
    let cp = c as u32;
    if cp < 0x80 {
        out.push((cp as u8).to_ascii_lowercase());
        return;
    }
    match c {
        '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{2032}' | '`' => return out.push(b'\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => return out.push(b'"'),
        '\u{2010}'..='\u{2015}' | '\u{2212}' => return out.push(b'-'),
        '\u{0300}'..='\u{036F}' => return, // combining marks
        _ => {}
    }
    if (0xC0..0xC0 + LATIN.len() as u32).contains(&cp) {
        let f = LATIN[(cp - 0xC0) as usize];
        if !f.is_empty() {
            out.extend_from_slice(f.as_bytes());
            return;
        }
    }
    let mut buf = [0u8; 4];
    for l in c.to_lowercase() {
        out.extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
    }
}

/// The key of a whole phrase: its tokens, folded, joined by single spaces.
pub fn key_of(phrase: &str) -> String {
    let mut out = String::new();
    key_into(phrase, &mut out);
    out
}

/// [`key_of`] into `out` (cleared first): no allocation once `out` has
/// room, for loops that look keys up more often than they keep them.
pub fn key_into(phrase: &str, out: &mut String) {
    out.clear();
    // ASCII words with one space between them ("Paris", "New York": most
    // calls) are one token each, and the key is their lowercase: a run of
    // ASCII letters and digits is always one token, and a single space
    // is what the key puts between tokens.
    if plain_ascii_words(phrase.as_bytes()) {
        out.push_str(phrase);
        out.make_ascii_lowercase();
        return;
    }
    // Into `out`'s own bytes: no second buffer.
    let mut bytes = std::mem::take(out).into_bytes();
    // One word of Latin letters ("José", "Łódź"): one token, as the
    // tokenizer keeps such a run whole; folded without tokenizing.
    if !phrase.is_empty()
        && phrase.chars().all(|c| c.is_ascii_alphanumeric() || ('\u{C0}'..'\u{250}').contains(&c) && c.is_alphabetic())
    {
        push_folded(phrase, &mut bytes);
    } else {
        push_key_of_tokens(phrase, &mut bytes);
    }
    *out = String::from_utf8(bytes).expect("folding keeps UTF-8");
}

/// True if `p` is ASCII letters and digits in runs joined by single
/// spaces (not empty, no space first or last).
fn plain_ascii_words(p: &[u8]) -> bool {
    // `space`: the byte before was a space (or there was none).
    let mut space = true;
    for &b in p {
        if b == b' ' {
            if space {
                return false;
            }
            space = true;
        } else if b.is_ascii_alphanumeric() {
            space = false;
        } else {
            return false;
        }
    }
    !space
}

/// [`key_of`] the long way, appended to `out`: tokenize, fold each token,
/// join.
fn push_key_of_tokens(phrase: &str, out: &mut Vec<u8>) {
    for (i, tok) in crate::tokenize::tokenize(phrase).iter().enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        push_folded(tok.text(phrase), out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_ascii_phrases_fold_as_their_tokens() {
        for p in [
            "New York",
            "Rio de Janeiro",
            "A380 jet",
            "new  york",
            " New York",
            "New York ",
            "St. Louis",
            "Winston-Salem",
            "X",
            "",
            " ",
            "New\nYork",
            "NEW YORK",
        ] {
            let mut slow = Vec::new();
            push_key_of_tokens(p, &mut slow);
            assert_eq!(key_of(p).as_bytes(), slow.as_slice(), "{p:?}");
        }
        assert!(plain_ascii_words(b"Rio de Janeiro"));
        assert!(!plain_ascii_words(b"new  york") && !plain_ascii_words(b" a") && !plain_ascii_words(b"a "));
        assert!(!plain_ascii_words(b"St. Louis") && !plain_ascii_words(b""));
    }

    #[test]
    fn one_latin_word_folds_as_its_one_token() {
        for w in ["José", "Łódź", "ÅLESUND", "Straße", "Ærø", "naïve", "Ōsaka", "Dvořák", "ǅemal", "Ağaoğlu"]
        {
            let mut long = Vec::new();
            push_key_of_tokens(w, &mut long);
            assert_eq!(key_of(w).as_bytes(), long, "{w}");
            assert_eq!(crate::tokenize::tokenize(w).len(), 1, "{w}");
        }
    }

    #[test]
    fn keys() {
        let cases = [
            ("Zürich", "zurich"),
            ("São Paulo", "sao paulo"),
            ("Kraków", "krakow"),
            ("Łódź", "lodz"),
            ("Lagos’s", "lagos ' s"),
            ("St. Louis", "st . louis"),
            ("Guinea–Bissau", "guinea - bissau"),
            ("  New   York ", "new york"),
            ("Ferreira", "ferreira"),
            ("A380", "a380"),
            ("2023", "2023"),
            ("ICR", "icr"),
            ("", ""),
            ("Straße", "strasse"),
            ("ÅLESUND", "alesund"),
            ("Cafe\u{301}", "cafe"),
            ("日本", "日 本"), // UAX #29: one word per ideograph
        ];
        // key_into gives the same into one buffer reused case after case.
        let mut buf = String::from("left over");
        for (phrase, key) in cases {
            assert_eq!(key_of(phrase), key, "{phrase:?}");
            key_into(phrase, &mut buf);
            assert_eq!(buf, key, "{phrase:?} into a used buffer");
        }
    }

    #[test]
    fn the_one_word_shortcut_agrees_with_tokenizing() {
        let mut words: Vec<String> =
            (0u8..128).filter(u8::is_ascii_alphanumeric).map(|b| (b as char).to_string()).collect();
        words.extend(
            ["Ferreira", "McDONALD", "a380", "Q3", "1990s", "x", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"]
                .map(String::from),
        );
        for w in words {
            let mut long = Vec::new();
            push_key_of_tokens(&w, &mut long);
            assert_eq!(key_of(&w).as_bytes(), long, "{w:?}");
        }
    }
}
