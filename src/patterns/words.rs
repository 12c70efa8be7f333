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

pub use crate::gazetteer::trie::head_of as head;
pub use crate::gazetteer::Head;

const SLOTS: usize = 1 << 11;

/// A set of word lists, each list one bit.
pub struct WordClasses {
    slots: Box<[Slot]>,
    /// One bit per [`FILTER_BITS`] hash value, set for the hashes of the
    /// words: most tokens are in no list, and this 512-byte bitmap stays
    /// in the CPU's first-level cache where the table does not.
    filter: Box<[u64; FILTER_BITS / 64]>,
}

const FILTER_BITS: usize = 1 << 12;

/// A word's bit in [`WordClasses::filter`]: hash bits below the slot's.
#[inline]
fn filter_bit(hash: u64) -> usize {
    (hash >> (64 - SLOTS.trailing_zeros() - FILTER_BITS.trailing_zeros())) as usize & (FILTER_BITS - 1)
}

#[derive(Clone, Copy)]
struct Slot {
    word: Head,
    len: u8,
    bits: u32,
}

/// A word's slot: the top bits of its hash (the trie's hash of the same key).
#[inline]
fn slot(hash: u64) -> usize {
    (hash >> (64 - SLOTS.trailing_zeros())) as usize
}

impl WordClasses {
    /// Build from `(word, bit)` pairs; words must be lowercase ASCII of at
    /// most [`MAX_WORD`] bytes (checked).
    pub fn new<'a>(words: impl IntoIterator<Item = (&'a str, u32)>) -> WordClasses {
        let empty = Slot { len: 0, bits: 0, word: [0; 2] };
        let mut slots = vec![empty; SLOTS].into_boxed_slice();
        let mut filter = Box::new([0u64; FILTER_BITS / 64]);
        let mut used = 0;
        for (w, bit) in words {
            let b = w.as_bytes();
            assert!(
                !b.is_empty() && b.len() <= MAX_WORD && !b.iter().any(u8::is_ascii_uppercase),
                "word list entry {w:?}: lowercase, 1..={MAX_WORD} bytes"
            );
            let h = head(b);
            let hash = crate::gazetteer::trie::vocab_hash(h, b.len());
            filter[filter_bit(hash) / 64] |= 1 << (filter_bit(hash) % 64);
            let mut i = slot(hash);
            loop {
                let s = &mut slots[i];
                if s.len == 0 {
                    assert!(used * 2 < SLOTS, "word lists too long for the table");
                    s.len = b.len() as u8;
                    s.word = h;
                    s.bits = bit;
                    used += 1;
                    break;
                }
                if s.len as usize == b.len() && s.word == h {
                    s.bits |= bit;
                    break;
                }
                i = (i + 1) & (SLOTS - 1);
            }
        }
        WordClasses { slots, filter }
    }

    /// The classes of a word given in lowercase (0: none).
    #[inline]
    pub fn of_lower(&self, w: &[u8]) -> u32 {
        if w.is_empty() || w.len() > MAX_WORD {
            return 0;
        }
        self.of_head(head(w), w.len())
    }

    /// [`WordClasses::of_lower`] of the lowercase word of `len` bytes
    /// (1..=[`MAX_WORD`]) whose [`Head`] is `w`.
    #[inline]
    pub fn of_head(&self, w: Head, len: usize) -> u32 {
        self.slot_of(w, len).map_or(0, |i| self.slots[i].bits)
    }

    /// A small id of the word of `len` bytes whose [`Head`] is `w` (0: in
    /// no list), for callers that keep 16 bits a token (the trie's front
    /// cache); [`WordClasses::bits_of_id`] gives its classes.
    #[inline]
    pub fn id_of_head(&self, w: Head, len: usize) -> u16 {
        self.slot_of(w, len).map_or(0, |i| i as u16 + 1)
    }

    /// The slot of the word of `len` bytes whose [`Head`] is `w`, if it is
    /// in a list.
    #[inline]
    fn slot_of(&self, w: Head, len: usize) -> Option<usize> {
        let hash = crate::gazetteer::trie::vocab_hash(w, len);
        let bit = filter_bit(hash);
        if self.filter[bit / 64] & (1 << (bit % 64)) == 0 {
            return None;
        }
        let mut i = slot(hash);
        loop {
            let s = &self.slots[i];
            if s.len == 0 {
                return None;
            }
            if s.len as usize == len && s.word == w {
                return Some(i);
            }
            i = (i + 1) & (SLOTS - 1);
        }
    }

    /// The classes of a word by its [`WordClasses::id_of_head`] id.
    #[inline]
    pub fn bits_of_id(&self, id: u16) -> u32 {
        if id == 0 {
            0
        } else {
            self.slots[usize::from(id) - 1].bits
        }
    }

    /// The classes of a word in any ASCII case (0: none; non-ASCII words
    /// are in no class).
    #[inline]
    pub fn of(&self, w: &str) -> u32 {
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
    fn ids_give_back_classes_past_sixteen_bits() {
        let w = WordClasses::new([("north", 1 << 20), ("north", 1), ("virus", 1 << 31)]);
        let id = |s: &str| w.id_of_head(head(s.as_bytes()), s.len());
        assert_ne!(id("north"), 0);
        assert_ne!(id("north"), id("virus"));
        assert_eq!(w.bits_of_id(id("north")), (1 << 20) | 1);
        assert_eq!(w.bits_of_id(id("virus")), 1 << 31);
        assert_eq!(id("south"), 0);
        assert_eq!(w.bits_of_id(0), 0);
    }

    #[test]
    #[should_panic(expected = "lowercase")]
    fn rejects_uppercase_entries() {
        WordClasses::new([("Of", 1)]);
    }
}
