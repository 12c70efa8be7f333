//! Byte spans inside the pipeline, code-point offsets at its edge.
//!
//! Every stage works with **byte** offsets into the article text, the unit
//! that `str` slicing and `unicode-segmentation` use. Users get
//! **Unicode code point** offsets (Python `str` indexing), converted once per
//! article by [`CharIndex`] when a record is written.

/// Byte ranges taken so far, no two overlapping: the greedy "best
/// candidate first" selection of the resolver and the date finder. A few
/// hundred ranges (an article) live in a sorted vector, searched in
/// O(log n) and cheap to insert into; past [`Taken::SMALL`] (a book-length
/// record) they move to an ordered set, so that a test and an insertion
/// stay O(log n) and a selection O(n log n) however big the record.
#[derive(Debug)]
pub enum Taken {
    /// Sorted by start.
    Small(Vec<(usize, usize)>),
    /// Ordered by start.
    Big(std::collections::BTreeSet<(usize, usize)>),
}

impl Default for Taken {
    fn default() -> Taken {
        Taken::Small(Vec::new())
    }
}

impl Taken {
    /// Ranges kept in the vector at most.
    pub const SMALL: usize = 1024;

    /// Take `start..end` and return true, unless it shares a byte with a
    /// range taken before (then nothing changes).
    pub fn take(&mut self, start: usize, end: usize) -> bool {
        // Of the taken ranges that start before `end`, the last one also
        // ends last (they do not overlap), so it alone can overlap.
        match self {
            Taken::Small(v) => {
                let at = v.partition_point(|&r| r < (end, 0));
                if at > 0 && v[at - 1].1 > start {
                    return false;
                }
                if v.len() < Self::SMALL {
                    v.insert(at, (start, end));
                } else {
                    let mut set: std::collections::BTreeSet<_> = v.drain(..).collect();
                    set.insert((start, end));
                    *self = Taken::Big(set);
                }
                true
            }
            Taken::Big(set) => {
                if let Some(&(_, e)) = set.range(..(end, 0)).next_back() {
                    if e > start {
                        return false;
                    }
                }
                set.insert((start, end));
                true
            }
        }
    }
}

/// A half-open byte range `[start, end)` into an article's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// First byte of the span.
    pub start: usize,
    /// One past the last byte of the span.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes, end exclusive).
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span { start, end }
    }

    /// Number of bytes covered.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True if the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// True if the two spans share at least one byte.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// True if `other` lies entirely inside `self`.
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// Converts byte offsets of one text into code point offsets.
///
/// Built in one pass over the text; for pure ASCII text no table is kept and
/// the conversion is the identity.
pub struct CharIndex<'a> {
    text: &'a str,
    /// `(byte offset, char offset)` of every non-ASCII char, in order; empty
    /// for ASCII text.
    marks: Vec<(usize, usize)>,
}

impl<'a> CharIndex<'a> {
    /// Index `text`.
    pub fn new(text: &'a str) -> CharIndex<'a> {
        // Room for the accents and curly quotes of a typical article.
        let mut marks = Vec::with_capacity(32);
        let bytes = text.as_bytes();
        // Bytes past the first of their char so far: char offset = byte - extra.
        let (mut i, mut extra) = (0, 0);
        while i < bytes.len() {
            // Thirty-two ASCII bytes at a time (a fold the compiler makes
            // vector code of), then eight.
            if let Some(chunk) = bytes.get(i..i + 32) {
                if chunk.iter().fold(0, |acc, &b| acc | b) < 0x80 {
                    i += 32;
                    continue;
                }
            }
            if let Some(word) = bytes.get(i..i + 8) {
                if u64::from_le_bytes(word.try_into().unwrap()) & 0x8080_8080_8080_8080 == 0 {
                    i += 8;
                    continue;
                }
            }
            let b = bytes[i];
            if b < 0x80 {
                i += 1;
                continue;
            }
            // The first byte of a multi-byte char (text is valid UTF-8).
            let width = b.leading_ones() as usize;
            marks.push((i, i - extra));
            extra += width - 1;
            i += width;
        }
        CharIndex { text, marks }
    }

    /// The code point offset of byte offset `byte` (which must be on a char
    /// boundary, or the text's length).
    pub fn char_offset(&self, byte: usize) -> usize {
        debug_assert!(self.text.is_char_boundary(byte));
        if self.marks.is_empty() {
            return byte;
        }
        // The last non-ASCII char starting before `byte`: every byte after
        // it up to `byte` is ASCII, one char each.
        let i = self.marks.partition_point(|&(b, _)| b < byte);
        if i == 0 {
            return byte;
        }
        let (b, c) = self.marks[i - 1];
        let width = self.text[b..].chars().next().map_or(1, char::len_utf8);
        c + 1 + (byte - b - width)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_match_python_indexing() {
        let texts = ["plain ascii", "Bogotá, Kraków and Zürich", "“quoted” – São Paulo’s", "日本 Tokyo 東京", ""];
        for text in texts {
            let idx = CharIndex::new(text);
            for (ci, (bi, _)) in text.char_indices().enumerate() {
                assert_eq!(idx.char_offset(bi), ci, "{text:?} byte {bi}");
            }
            assert_eq!(idx.char_offset(text.len()), text.chars().count());
        }
    }

    #[test]
    fn span_relations() {
        let a = Span::new(0, 5);
        assert!(a.overlaps(&Span::new(4, 6)));
        assert!(!a.overlaps(&Span::new(5, 6)));
        assert!(a.contains(&Span::new(1, 5)));
        assert_eq!(a.len(), 5);
    }
}

#[cfg(test)]
mod taken_tests {
    use super::Taken;

    /// The vector and the set agree with a plain scan, across the switch.
    #[test]
    fn taken_matches_a_scan() {
        let mut taken = Taken::default();
        let mut kept: Vec<(usize, usize)> = Vec::new();
        let mut x = 7u64;
        for _ in 0..5000 {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let start = (x >> 33) as usize % 20000;
            let end = start + (x >> 20) as usize % 6;
            let free = kept.iter().all(|&(s, e)| end <= s || start >= e);
            assert_eq!(taken.take(start, end), free, "{start}..{end}");
            if free {
                kept.push((start, end));
            }
        }
        assert!(matches!(taken, Taken::Big(_)));
    }
}
