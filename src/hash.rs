//! A fast non-cryptographic hasher for the crate's hash maps, and the
//! per-thread memo built on them.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::thread::LocalKey;

/// A cheap hasher (FxHash's mixing, a word at a time) for the maps built
/// while loading user lists (SipHash was a tenth of the load time of a big
/// list) and per article while resolving. Not flood-resistant: keys come
/// from the user's files or from one article, whose size bounds any harm.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    #[inline]
    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }

    /// The multiply leaves the low bits (the table's bucket index) weak:
    /// fold the high bits in (MurmurHash3's finalizer).
    #[inline]
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^ (h >> 33)
    }
}

/// A `HashMap` with [`FxHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A `HashSet` with [`FxHasher`].
pub type FastSet<T> = HashSet<T, BuildHasherDefault<FxHasher>>;

/// A thread's memo of answers that depend on their key alone (a gazetteer
/// row): the answer for `key` from `memo`, or `make()`'s, kept for next
/// time. The map starts afresh past `limit` entries, so it stays bounded.
pub(crate) fn memoized<K: Hash + Eq, V: Clone>(
    memo: &'static LocalKey<RefCell<FastMap<K, V>>>,
    key: K,
    limit: usize,
    make: impl FnOnce() -> V,
) -> V {
    memo.with(|m| {
        if let Some(v) = m.borrow().get(&key) {
            return v.clone();
        }
        let v = make();
        let mut m = m.borrow_mut();
        if m.len() >= limit {
            m.clear();
        }
        m.insert(key, v.clone());
        v
    })
}
