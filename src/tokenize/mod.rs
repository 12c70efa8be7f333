//! Stage 2: split an article into tokens.
//!
//! A token is a run of letters and digits (a *word* or a *number*) or a
//! single punctuation character. Apostrophes, periods, hyphens and slashes
//! are always tokens of their own, so `Lagos’s` is `Lagos` `’` `s`,
//! `U.S.` is `U` `.` `S` `.` and `Jean-Claude` is `Jean` `-` `Claude`; the
//! matchers put such pieces back together where a name needs them, and the
//! gazetteers are tokenized with the same function so keys always agree.
//!
//! ASCII text takes a byte-at-a-time fast path. Runs that contain non-ASCII
//! characters are segmented with `unicode-segmentation` (UAX #29 word
//! boundaries), which handles combining marks and scripts without spaces;
//! the fast path costs about a sixth of UAX #29 on news text
//! (`../shared/design/performance-notes.md`), so it only runs where needed.

use unicode_segmentation::UnicodeSegmentation;

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters, possibly with digits (`Paris`, `A380`, `Kraków`).
    Word,
    /// ASCII digits only (`2023`).
    Number,
    /// One punctuation or symbol character.
    Punct,
}

/// One token: a byte span into the text, its kind and shape flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// First byte (see [`Token::start`]; 32 bits keep a token at 12 bytes).
    start: u32,
    /// One past the last byte.
    end: u32,
    /// Word, number or punctuation.
    pub kind: TokenKind,
    /// Shape bits: see the `CAP`, `UPPER`, ... constants.
    pub flags: u8,
}

/// The longest text tokenized, in bytes: token offsets are 32 bits wide
/// (a token is 12 bytes). The tokenizer stops there; the input stage
/// skips longer articles with an error.
pub const MAX_TEXT: usize = u32::MAX as usize;

/// The first character is an uppercase letter.
pub const CAP: u8 = 1;
/// Every letter is uppercase (and there is at least one letter).
pub const UPPER: u8 = 2;
/// The first character is a lowercase letter.
pub const LOWER: u8 = 4;
/// Whitespace comes right before this token.
pub const SPACE_BEFORE: u8 = 8;
/// A line break comes before this token (it starts a line).
pub const LINE_START: u8 = 16;
/// The token starts a sentence: first of the text or a line, or after `.`, `!`, `?`.
pub const SENT_START: u8 = 32;
/// The token contains non-ASCII characters.
pub const NON_ASCII: u8 = 64;
/// The token contains an ASCII digit (set on ASCII tokens only).
pub const DIGITS: u8 = 128;

impl Token {
    /// A token of bytes `start..end` (at most [`MAX_TEXT`]).
    #[inline]
    pub fn new(start: usize, end: usize, kind: TokenKind, flags: u8) -> Token {
        debug_assert!(start <= end && end <= MAX_TEXT);
        Token { start: start as u32, end: end as u32, kind, flags }
    }

    /// Its first byte.
    #[inline]
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// One past its last byte.
    #[inline]
    pub fn end(&self) -> usize {
        self.end as usize
    }

    /// The token's text.
    #[inline]
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start()..self.end()]
    }

    /// The token's bytes: for comparisons with ASCII words, which need no
    /// check of character boundaries, as [`Token::text`]'s slice does.
    #[inline]
    pub fn bytes<'t>(&self, text: &'t str) -> &'t [u8] {
        &text.as_bytes()[self.start()..self.end()]
    }

    /// True if the token has all of the `flags` bits.
    #[inline]
    pub fn is(&self, flags: u8) -> bool {
        self.flags & flags == flags
    }

    /// True for a word (letters) token.
    #[inline]
    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }

    /// True if this token is the single punctuation character `c`.
    #[inline]
    pub fn is_punct(&self, text: &str, c: char) -> bool {
        // Compared as bytes: a UTF-8 text starts with `c` where its bytes
        // start with `c`'s, and a byte slice needs no check of character
        // boundaries, as a `str` slice does (for an ASCII `c`, one byte
        // is read).
        let mut buf = [0; 4];
        let c = c.encode_utf8(&mut buf).as_bytes();
        self.kind == TokenKind::Punct && text.as_bytes()[self.start()..self.end()].starts_with(c)
    }

    /// True if the token is a capitalised word (`Paris`, `NATO`, `Kraków`).
    #[inline]
    pub fn is_capitalized(&self) -> bool {
        self.kind == TokenKind::Word && self.flags & CAP != 0
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`')
}

/// Tokenize `text` into a fresh vector.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 4 + 16);
    tokenize_into(text, &mut out);
    out
}

/// Tokenize `text`, appending to `out` (which is cleared first), so that a
/// worker can reuse one buffer for every article.
pub fn tokenize_into(text: &str, out: &mut Vec<Token>) {
    out.clear();
    let text = if text.len() > MAX_TEXT {
        let mut cut = MAX_TEXT;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        &text[..cut]
    } else {
        text
    };
    let bytes = text.as_bytes();
    let mut pending = LINE_START | SENT_START;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // One table load says what the byte starts: a word, a space, ASCII
        // punctuation or a non-ASCII character.
        let cat = CATEGORY[b as usize];
        if cat & WORD != 0 {
            // One pass finds the word's end and what its letters are.
            let mut class = cat;
            let mut j = i + 1;
            while j < bytes.len() {
                let c = ASCII_CLASS[bytes[j] as usize];
                if c == 0 {
                    break;
                }
                class |= c;
                j += 1;
            }
            if j < bytes.len() && bytes[j] >= 0x80 && continues_word(text, j) {
                i = slow_chunk(text, i, out, &mut pending);
            } else {
                push_ascii_word(b, class, i, j, out, &mut pending);
                i = j;
                // Most words are followed by one space: taken here.
                if bytes.get(i) == Some(&b' ') {
                    pending = SPACE_BEFORE;
                    i += 1;
                }
            }
            continue;
        }
        if cat & SPACE != 0 {
            pending |= SPACE_FLAGS[(cat & NEWLINE != 0) as usize];
            i += 1;
            continue;
        }
        if cat & HIGH == 0 {
            push_punct(i, i + 1, out, &mut pending);
            if cat & SENTENCE_END != 0 {
                pending |= SENT_START;
            }
            i += 1;
            continue;
        }
        // A non-ASCII character: whitespace, punctuation or the start of a
        // non-ASCII word.
        let c = text[i..].chars().next().unwrap();
        if is_common_punct(c) {
            push_punct(i, i + c.len_utf8(), out, &mut pending);
            i += c.len_utf8();
        } else if c.is_whitespace() {
            pending |= SPACE_BEFORE;
            if matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}') {
                pending |= LINE_START | SENT_START;
            }
            i += c.len_utf8();
        } else if c.is_alphanumeric() {
            i = slow_chunk(text, i, out, &mut pending);
        } else {
            push_punct(i, i + c.len_utf8(), out, &mut pending);
            i += c.len_utf8();
        }
    }
}

/// True if the non-ASCII character at `at` may continue the word before
/// it (a letter, digit or combining mark): only then is the word segmented
/// by UAX #29. Curly quotes and dashes after a word ("Lagos’s", "said”")
/// end it, as the segmenter would, and take the fast path.
#[inline]
fn continues_word(text: &str, at: usize) -> bool {
    let c = text[at..].chars().next().unwrap();
    !is_common_punct(c) && (c.is_alphanumeric() || is_mark(c))
}

/// The non-ASCII punctuation of English news (curly quotes, dashes, the
/// ellipsis), answered without the Unicode tables: neither letters nor
/// spaces.
#[inline]
fn is_common_punct(c: char) -> bool {
    matches!(c, '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' | '\u{2013}' | '\u{2014}' | '\u{2026}')
}

/// Segment the run of non-space, non-ASCII-punctuation characters starting
/// at `start` with UAX #29; returns where the run ends.
fn slow_chunk(text: &str, start: usize, out: &mut Vec<Token>, pending: &mut u8) -> usize {
    let end = text[start..]
        .char_indices()
        .find(|&(_, c)| c.is_whitespace() || (c.is_ascii() && !c.is_ascii_alphanumeric()))
        .map_or(text.len(), |(k, _)| start + k);
    let chunk = &text[start..end];
    // Letters and digits of the Latin scripts only ("Zürich", "Łódź2"):
    // UAX #29 keeps such a run whole (letters and digits never break
    // apart), so it is one word without segmenting.
    if chunk.chars().all(|c| c.is_ascii_alphanumeric() || ('\u{C0}'..'\u{250}').contains(&c) && c.is_alphabetic()) {
        push_word(text, start, end, out, pending);
        return end;
    }
    for (off, seg) in chunk.split_word_bound_indices() {
        let seg_start = start + off;
        if seg.chars().any(char::is_alphanumeric) {
            // Split off apostrophes and other non-alphanumeric characters
            // that UAX #29 keeps inside words ("Lagos’s", "3.5").
            let mut word_start = None;
            for (k, c) in seg.char_indices() {
                let at = seg_start + k;
                if c.is_alphanumeric() || is_mark(c) {
                    word_start.get_or_insert(at);
                } else {
                    if let Some(ws) = word_start.take() {
                        push_word(text, ws, at, out, pending);
                    }
                    push_other(text, at, c, out, pending);
                }
            }
            if let Some(ws) = word_start {
                push_word(text, ws, seg_start + seg.len(), out, pending);
            }
        } else {
            for (k, c) in seg.char_indices() {
                push_other(text, seg_start + k, c, out, pending);
            }
        }
    }
    end
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

fn push_other(_text: &str, at: usize, c: char, out: &mut Vec<Token>, pending: &mut u8) {
    if c.is_whitespace() {
        *pending |= SPACE_BEFORE;
    } else {
        push_punct(at, at + c.len_utf8(), out, pending);
        if is_apostrophe(c) {
            // keep SENT_START off: an apostrophe never ends a sentence
        }
    }
}

#[inline]
fn push_punct(start: usize, end: usize, out: &mut Vec<Token>, pending: &mut u8) {
    let mut flags = *pending & (SPACE_BEFORE | LINE_START | SENT_START);
    if end - start > 1 {
        flags |= NON_ASCII;
    }
    out.push(Token::new(start, end, TokenKind::Punct, flags));
    // Sentence starts survive opening quotes and brackets, markup and dashes.
    *pending &= SENT_START;
}

const DIGIT: u8 = 1;
const UPPER_LETTER: u8 = 2;
const LOWER_LETTER: u8 = 4;

/// Class of each ASCII byte: digit, uppercase or lowercase letter (0: other).
static ASCII_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_digit() {
            DIGIT
        } else if c.is_ascii_uppercase() {
            UPPER_LETTER
        } else if c.is_ascii_lowercase() {
            LOWER_LETTER
        } else {
            0
        };
        b += 1;
    }
    t
};

/// The other bits of [`CATEGORY`]: an ASCII space, a line break (with
/// `SPACE`), `.`, `!` or `?`, a byte of a non-ASCII character; the word
/// classes (`DIGIT`, `UPPER_LETTER`, `LOWER_LETTER`) make `WORD`.
const SPACE: u8 = 8;
const NEWLINE: u8 = 16;
const SENTENCE_END: u8 = 32;
const HIGH: u8 = 64;
const WORD: u8 = DIGIT | UPPER_LETTER | LOWER_LETTER;

/// What each byte is, for the tokenizer's dispatch (0: ASCII punctuation).
static CATEGORY: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c >= 0x80 {
            HIGH
        } else if c == b'\n' {
            SPACE | NEWLINE
        } else if c.is_ascii_whitespace() {
            SPACE
        } else if matches!(c, b'.' | b'!' | b'?') {
            SENTENCE_END
        } else {
            ASCII_CLASS[b]
        };
        b += 1;
    }
    t
};

/// What a space (0) or a line break (1) adds to the pending flags.
const SPACE_FLAGS: [u8; 2] = [SPACE_BEFORE, SPACE_BEFORE | LINE_START | SENT_START];

/// The kind and shape flags of an ASCII word, by the classes of its bytes
/// OR'ed (`class`) and of its first byte: `SHAPE[class << 3 | first]`.
static SHAPE: [(TokenKind, u8); 64] = {
    let mut t = [(TokenKind::Punct, 0u8); 64];
    let mut class = 1;
    while class < 8 {
        let mut first = 1;
        while first < 8 {
            let mut flags = 0;
            if class & DIGIT != 0 {
                flags |= DIGITS;
            }
            let kind = if class == DIGIT {
                TokenKind::Number
            } else {
                if first == UPPER_LETTER {
                    flags |= CAP;
                } else if first == LOWER_LETTER {
                    flags |= LOWER;
                }
                if class & LOWER_LETTER == 0 {
                    flags |= UPPER;
                }
                TokenKind::Word
            };
            t[(class as usize) << 3 | first as usize] = (kind, flags);
            first += 1;
        }
        class += 1;
    }
    t
};

/// [`push_word`] for an ASCII word whose bytes' classes OR to `class`.
#[inline]
fn push_ascii_word(first: u8, class: u8, start: usize, end: usize, out: &mut Vec<Token>, pending: &mut u8) {
    let (kind, shape) = SHAPE[usize::from(class & WORD) << 3 | usize::from(ASCII_CLASS[first as usize])];
    out.push(Token::new(start, end, kind, *pending | shape));
    *pending = 0;
}

#[inline]
fn push_word(text: &str, start: usize, end: usize, out: &mut Vec<Token>, pending: &mut u8) {
    let s = &text.as_bytes()[start..end];
    if s.is_ascii() {
        let class = s.iter().fold(0, |c, &b| c | ASCII_CLASS[b as usize]);
        return push_ascii_word(s[0], class, start, end, out, pending);
    }
    let mut flags = *pending | NON_ASCII;
    *pending = 0;
    let w = &text[start..end];
    let first = w.chars().next().unwrap();
    if first.is_uppercase() {
        flags |= CAP;
    } else if first.is_lowercase() {
        flags |= LOWER;
    }
    if !w.chars().any(char::is_lowercase) && w.chars().any(char::is_alphabetic) {
        flags |= UPPER;
    }
    out.push(Token::new(start, end, TokenKind::Word, flags));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    macro_rules! t {
        ($text:expr, [$($tok:expr),*]) => {
            let want: Vec<&str> = vec![$($tok),*];
            assert_eq!(texts($text), want, "tokenizing {:?}", $text);
        };
    }

    /// Every stage reads the token vector: its tokens stay 12 bytes.
    #[test]
    fn a_token_is_twelve_bytes_and_keeps_its_offsets() {
        assert_eq!(std::mem::size_of::<Token>(), 12);
        let t = Token::new(7, 12, TokenKind::Word, CAP);
        assert_eq!((t.start(), t.end()), (7, 12));
        let text = "Rain in Bogotá";
        let toks = tokenize(text);
        assert_eq!((toks[2].start(), toks[2].end(), toks[2].text(text)), (8, 15, "Bogotá"));
    }

    #[test]
    fn ascii_words_numbers_and_punctuation() {
        t!("Hello, world!", ["Hello", ",", "world", "!"]);
        t!("U.S. forces", ["U", ".", "S", ".", "forces"]);
        t!("Jean-Claude O'Neill", ["Jean", "-", "Claude", "O", "'", "Neill"]);
        t!("on 14/03/2023 at 3.5%", ["on", "14", "/", "03", "/", "2023", "at", "3", ".", "5", "%"]);
        t!("**Tallinn**", ["*", "*", "Tallinn", "*", "*"]);
        t!("", []);
        t!("   \n\t ", []);
    }

    #[test]
    fn non_ascii_words_and_marks() {
        t!("Bogotá, Kraków and Zürich", ["Bogotá", ",", "Kraków", "and", "Zürich"]);
        t!("Lagos’s city council", ["Lagos", "’", "s", "city", "council"]);
        t!("“São Paulo” – Ana", ["“", "São", "Paulo", "”", "–", "Ana"]);
        t!("Cafe\u{301} noir", ["Cafe\u{301}", "noir"]);
        t!("Ana\u{a0}Ferreira", ["Ana", "Ferreira"]);
        t!("Düsseldorf-based", ["Düsseldorf", "-", "based"]);
    }

    #[test]
    fn latin_words_agree_with_uax29() {
        // Runs the fast path takes whole, and their UAX #29 segmentation.
        for w in ["Zürich", "Łódź", "São", "Ærøskøbing", "Đorđević", "Ångström2", "ÉCOLE", "ǅemal", "naïve3d"]
        {
            let segs: Vec<&str> = w.split_word_bounds().collect();
            assert_eq!(segs, [w], "UAX #29 splits {w:?}");
            assert_eq!(texts(w), [w]);
        }
        // Every letter of the range, between ASCII letters and digits.
        for c in ('\u{C0}'..'\u{250}').filter(|c| c.is_alphabetic()) {
            let w = format!("a{c}{c}B1{c}");
            assert_eq!(w.split_word_bounds().collect::<Vec<_>>(), [w.as_str()], "UAX #29 splits {w:?}");
        }
        // Not letters: × and ÷ are in the range but split the word.
        t!("3×4 Ab÷c", ["3", "×", "4", "Ab", "÷", "c"]);
    }

    #[test]
    fn shape_flags() {
        let text = "LONDON 1996. The Kraków office\nnew iPhone";
        let toks = tokenize(text);
        assert!(toks[0].is(CAP | UPPER | SENT_START | LINE_START));
        assert_eq!(toks[1].kind, TokenKind::Number);
        assert!(toks[3].is(CAP | SENT_START | SPACE_BEFORE));
        assert!(!toks[3].is(UPPER));
        assert!(toks[4].is(CAP | NON_ASCII));
        assert!(!toks[4].is(SENT_START));
        assert!(toks[6].is(LOWER | LINE_START | SENT_START));
        assert!(toks[7].is(LOWER));
    }

    #[test]
    fn spans_are_char_boundaries() {
        let text = "Zürich’s “mayor” — Łódź, 日本.";
        for tok in tokenize(text) {
            assert!(text.is_char_boundary(tok.start()) && text.is_char_boundary(tok.end()));
            assert!(tok.start < tok.end);
        }
    }
}
