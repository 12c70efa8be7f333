//! Word classes: which of the rules' short word lists ("University",
//! "said", "van", "Monday"...) a token is in, looked up once per token.
//!
//! The name rules ask "is this token an organization head?" many times per
//! token; scanning a list of strings for each question was an eighth of a
//! whole run. Here every list word maps to a bit set in one small
//! open-addressing table (built on first use, a few KB, so it stays in the
//! CPU cache), and a token is looked up once, by its lowercase bytes.

/// Longest word in any list, in bytes; longer tokens are in no class.
pub const MAX_WORD: usize = 16;

const SLOTS: usize = 1 << 10;

/// A set of word lists, each list one bit.
pub struct WordClasses {
    slots: Box<[Slot]>,
}

#[derive(Clone, Copy)]
struct Slot {
    word: [u8; MAX_WORD],
    len: u8,
    bits: u16,
}

#[inline]
fn hash(w: &[u8]) -> usize {
    // Eight bytes at a time, the last few folded into one word: no copies,
    // no calls.
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut chunks = w.chunks_exact(8);
    let mut h = w.len() as u64;
    for c in &mut chunks {
        h = (h ^ u64::from_le_bytes(c.try_into().unwrap())).wrapping_mul(K);
    }
    let last = chunks.remainder().iter().rev().fold(0u64, |acc, &b| acc << 8 | b as u64);
    ((h ^ last).wrapping_mul(K) >> 54) as usize
}

impl WordClasses {
    /// Build from `(word, bit)` pairs; words must be lowercase ASCII of at
    /// most [`MAX_WORD`] bytes (checked).
    pub fn new<'a>(words: impl IntoIterator<Item = (&'a str, u16)>) -> WordClasses {
        let empty = Slot { len: 0, bits: 0, word: [0; MAX_WORD] };
        let mut slots = vec![empty; SLOTS].into_boxed_slice();
        let mut used = 0;
        for (w, bit) in words {
            let b = w.as_bytes();
            assert!(
                !b.is_empty() && b.len() <= MAX_WORD && !b.iter().any(u8::is_ascii_uppercase),
                "word list entry {w:?}: lowercase, 1..={MAX_WORD} bytes"
            );
            let mut i = hash(b) & (SLOTS - 1);
            loop {
                let s = &mut slots[i];
                if s.len == 0 {
                    assert!(used * 2 < SLOTS, "word lists too long for the table");
                    s.len = b.len() as u8;
                    s.word[..b.len()].copy_from_slice(b);
                    s.bits = bit;
                    used += 1;
                    break;
                }
                if &s.word[..s.len as usize] == b {
                    s.bits |= bit;
                    break;
                }
                i = (i + 1) & (SLOTS - 1);
            }
        }
        WordClasses { slots }
    }

    /// The classes of a word given in lowercase (0: none).
    #[inline]
    pub fn of_lower(&self, w: &[u8]) -> u16 {
        if w.is_empty() || w.len() > MAX_WORD {
            return 0;
        }
        let mut i = hash(w) & (SLOTS - 1);
        loop {
            let s = &self.slots[i];
            if s.len == 0 {
                return 0;
            }
            if s.len as usize == w.len() && &s.word[..w.len()] == w {
                return s.bits;
            }
            i = (i + 1) & (SLOTS - 1);
        }
    }

    /// The classes of a word in any ASCII case (0: none; non-ASCII words
    /// are in no class).
    #[inline]
    pub fn of(&self, w: &str) -> u16 {
        if w.len() > MAX_WORD || !w.is_ascii() {
            return 0;
        }
        let mut buf = [0u8; MAX_WORD];
        let b = &mut buf[..w.len()];
        b.copy_from_slice(w.as_bytes());
        b.make_ascii_lowercase();
        self.of_lower(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        const A: &[&str] = &["of", "for", "university"];
        const B: &[&str] = &["of", "said"];
        let w = WordClasses::new(A.iter().map(|&w| (w, 1)).chain(B.iter().map(|&w| (w, 2))));
        assert_eq!(w.of("of"), 3);
        assert_eq!(w.of("OF"), 3);
        assert_eq!(w.of("University"), 1);
        assert_eq!(w.of("said"), 2);
        assert_eq!(w.of("sai"), 0);
        assert_eq!(w.of("saidx"), 0);
        assert_eq!(w.of(""), 0);
        assert_eq!(w.of("universityuniversity"), 0);
        assert_eq!(w.of("Universität"), 0);
    }

    #[test]
    #[should_panic(expected = "lowercase")]
    fn rejects_uppercase_entries() {
        WordClasses::new([("Of", 1)]);
    }
}
