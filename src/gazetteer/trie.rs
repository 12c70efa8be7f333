//! The token trie: the keys of a phrase map as paths of whole tokens, laid
//! out as two open-addressing hash tables in one byte blob.
//!
//! A walk over an article's tokens costs one probe per token to learn the
//! token's id (and what the one-token key it spells is), then one probe per
//! further token of a longer key. Nothing is decoded: the blob of the
//! built-in gazetteers is compiled by `build.rs` and embedded in the
//! binary, so it is ready at start-up, and rare words cost what common ones
//! do. A small per-thread front cache keeps recent tokens' lookups close
//! to the CPU ([`FRONT_SLOTS`]).
//!
//! This file is compiled twice: into the library, and into `build.rs`.
//!
//! Layout of the blob (all integers little-endian):
//! - header, [`HEADER`] bytes: magic `GZTT`, format version (u32), vocab
//!   slots (u32), edge slots (u32), keys (u64), arena bytes (u64);
//! - vocab: one [`VOCAB_SLOT`]-byte slot per entry: the token's first 16
//!   bytes zero-padded (two u64), its length plus one (u32; 0: empty slot),
//!   where its bytes past the 16th start in the arena (u32), and the word
//!   ([`MORE`], [`FOLLOWS`], [`MARKED_MORE`], value) of the node the token
//!   leads to from the root;
//! - edges: one [`EDGE_SLOT`]-byte slot per entry: parent node << 32 |
//!   token id (u64; `u64::MAX`: empty slot), and the word of the child;
//! - edge filter: one bit per hash value of an edge key, set for every
//!   edge (u64 words; about eight bits per edge): most walks stop at an
//!   edge that does not exist, and the filter says so from the CPU's
//!   caches, where the edge table does not fit;
//! - arena: the bytes past the 16th of tokens longer than 16 bytes.
//!
//! A token's id is its vocab slot, and so is the number of the node it
//! leads to from the root; the node an edge leads to is numbered `vocab
//! slots + edge slot`. Keys are folded tokens joined by single spaces (see
//! `fold`); a token is looked up by the [`Head`] and length of its folded
//! form, as `FoldedTokens` keeps them.

use std::borrow::Cow;

/// The first 16 bytes of a token as two little-endian words, zero-padded.
pub type Head = [u64; 2];

/// Bytes of the header.
pub const HEADER: usize = 32;
/// Bytes of a vocab slot.
pub const VOCAB_SLOT: usize = 32;
/// Bytes of an edge slot.
pub const EDGE_SLOT: usize = 16;
const MAGIC: &[u8; 4] = b"GZTT";
const VERSION: u32 = 4;

/// Bit of a node's word: the node has children (a longer key may follow).
pub const MORE: u64 = 1 << 63;
/// Bit of a token's one-token word (in the vocab): the token is the second
/// or a later token of some key. A walk stops before a token without it,
/// with no edge probe (most tokens after a word that begins keys continue
/// none of them).
pub const FOLLOWS: u64 = 1 << 62;
/// Bit of a node's word: a marked key (see [`build`]) goes on past the
/// node. A walk restricted to marked keys ([`TokenTrie::walk`]) stops at a
/// node without it.
pub const MARKED_MORE: u64 = 1 << 61;
/// The low bits of a node's word: the value of the key ending there, or
/// [`NO_VALUE`].
pub const VALUE: u64 = !(MORE | FOLLOWS | MARKED_MORE);
/// No key ends at the node.
pub const NO_VALUE: u64 = VALUE;
/// No such token in the trie.
pub const NO_TOKEN: u32 = u32::MAX;

/// What [`TokenTrie::token_ids`] finds of a token: its id and the word of
/// the node it leads to from the root (see [`TokenTrie::token`]), and the
/// caller's value of [`TokenTrie::token_ids_aux`] (in what would be the
/// padding of the pair: 16 bytes either way).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenId {
    /// The token's id ([`NO_TOKEN`] if no key has it).
    pub id: u32,
    /// The `aux` value of [`TokenTrie::token_ids_aux`] (0 for
    /// [`TokenTrie::token_ids`]).
    pub aux: u16,
    /// The word of the token's node ([`NO_VALUE`] if no key has it).
    pub word: u64,
}

const EMPTY_EDGE: u64 = u64::MAX;
const K: u64 = 0x517c_c1b7_2722_0a95;

/// The [`Head`] of a token.
pub fn head_of(t: &[u8]) -> Head {
    let mut buf = [0u8; 16];
    let n = t.len().min(16);
    buf[..n].copy_from_slice(&t[..n]);
    [u64::from_le_bytes(buf[..8].try_into().unwrap()), u64::from_le_bytes(buf[8..].try_into().unwrap())]
}

/// A hash of a token's [`Head`] and length (its high bits are the best).
#[inline]
pub fn vocab_hash(head: Head, len: usize) -> u64 {
    let h = (head[0] ^ len as u64).wrapping_mul(K);
    (h.rotate_left(26) ^ head[1]).wrapping_mul(K)
}

#[inline]
fn edge_key(parent: u32, token: u32) -> u64 {
    (parent as u64) << 32 | token as u64
}

#[inline]
fn edge_hash(key: u64) -> u64 {
    (key ^ key >> 29).wrapping_mul(K)
}

#[inline]
fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap())
}

#[inline]
fn u64_at(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().unwrap())
}

/// Slots of the per-thread front cache of [`TokenTrie::token_ids`] (a
/// power of two). News repeats its words: a direct-mapped table of the
/// tokens looked up last (1 MB, overwritten on collision) stays in the
/// CPU caches (a core's L2 and the shared L3 on the benchmark machine)
/// far more than the vocab table (8 MB for the built-in lists) does.
/// Sized for real news, whose vocabulary is far larger than generated
/// news's: 16,384 slots rather than 4,096 took about 6% off the CPU time
/// of one thread on the shared dev articles, and 32,768 rather than
/// 16,384 another 7% (paired runs; their 1.7 MB of text has about 21,000
/// distinct folded tokens). 65,536 gained under 2% more.
pub const FRONT_SLOTS: usize = 32768;

/// A front-cache entry: token `head`/`len` has id `id`, one-token word
/// `word` and value `aux` in the trie and for the caller's function that
/// [`FrontCache::owners`] lists at `owner - 1` (0: empty). 32 bytes,
/// aligned: one lookup reads one cache line.
#[derive(Clone, Copy)]
#[repr(C, align(32))]
struct Front {
    head: Head,
    word: u64,
    id: u32,
    aux: u16,
    len: u8,
    owner: u8,
}

const EMPTY_FRONT: Front = Front { head: [0; 2], word: 0, id: 0, aux: 0, len: 0, owner: 0 };

/// A thread's front cache.
#[derive(Default)]
struct FrontCache {
    slots: Vec<Front>,
    /// The `(trie id, tag)` keys that own entries, a few per process.
    owners: Vec<u64>,
    /// Scratch of [`TokenTrie::token_ids_aux`], reused from call to call:
    /// the tokens the cache did not answer (position, [`Head`], length).
    misses: Vec<(u32, Head, u8)>,
}

impl FrontCache {
    /// The owner number of `key`, registered if new (when all 255 are
    /// taken, the cache starts afresh).
    fn owner(&mut self, key: u64) -> u8 {
        if self.slots.is_empty() {
            self.slots.resize(FRONT_SLOTS, EMPTY_FRONT);
        }
        if let Some(k) = self.owners.iter().position(|&o| o == key) {
            return k as u8 + 1;
        }
        if self.owners.len() == usize::from(u8::MAX) {
            self.owners.clear();
            self.slots.fill(EMPTY_FRONT);
        }
        self.owners.push(key);
        self.owners.len() as u8
    }
}

thread_local! {
    static FRONT: std::cell::RefCell<FrontCache> = std::cell::RefCell::new(FrontCache::default());
}

/// Ids of tries, for the front cache (0: an empty entry).
static NEXT_TRIE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A token trie over a blob (see the module docs).
pub struct TokenTrie {
    blob: Cow<'static, [u8]>,
    /// Tells this trie apart from every other in the process (front-cache
    /// entries, and the matchers' caches keyed by entry).
    id: u64,
    at: Layout,
    keys: usize,
}

/// Where the tables are in a blob, and how they are hashed.
#[derive(Clone, Copy)]
struct Layout {
    /// Vocab slots (the vocab starts at [`HEADER`]).
    vocab_slots: usize,
    /// Where the edges, the edge filter and the arena start.
    edges_at: usize,
    filter_at: usize,
    arena_at: usize,
    edge_slots: usize,
    /// Bits of the edge filter, a power of two.
    filter_bits: usize,
}

/// A hash's slot among `n`: the high word of `hash * n` (no division, and
/// any `n`).
#[inline(always)]
fn slot(hash: u64, n: usize) -> usize {
    ((hash as u128 * n as u128) >> 64) as usize
}

impl Layout {
    fn new(vocab_slots: usize, edge_slots: usize) -> Layout {
        let edges_at = HEADER + vocab_slots * VOCAB_SLOT;
        let filter_at = edges_at + edge_slots * EDGE_SLOT;
        // Edge tables are half full: four bits per slot is eight per edge.
        let filter_bits = (edge_slots * 4).next_power_of_two().max(64);
        Layout { vocab_slots, edges_at, filter_at, arena_at: filter_at + filter_bits / 8, edge_slots, filter_bits }
    }

    /// The edge filter's bit of edge `key`: hash bits below the ones that
    /// pick its slot.
    #[inline(always)]
    fn filter_bit(&self, key: u64) -> usize {
        (edge_hash(key) >> 20) as usize & (self.filter_bits - 1)
    }

    /// False if blob `b` has no edge `key` (true: it may).
    #[inline(always)]
    fn may_have_edge(&self, b: &[u8], key: u64) -> bool {
        let bit = self.filter_bit(key);
        b[self.filter_at + bit / 8] & (1 << (bit % 8)) != 0
    }

    /// Look token `t` (whose [`Head`] is `head`) up in the vocab of blob
    /// `b`: `Ok` with its slot and word, or `Err` with the empty slot where
    /// it would go.
    #[inline(always)]
    fn find_token(&self, b: &[u8], head: Head, t: &[u8]) -> Result<(usize, u64), usize> {
        let mut i = slot(vocab_hash(head, t.len()), self.vocab_slots);
        loop {
            let at = HEADER + i * VOCAB_SLOT;
            let s: &[u8; VOCAB_SLOT] = b[at..at + VOCAB_SLOT].try_into().unwrap();
            let len1 = u32::from_le_bytes(s[16..20].try_into().unwrap()) as usize;
            if len1 == 0 {
                return Err(i);
            }
            if len1 == t.len() + 1
                && u64::from_le_bytes(s[..8].try_into().unwrap()) == head[0]
                && u64::from_le_bytes(s[8..16].try_into().unwrap()) == head[1]
                && (t.len() <= 16 || {
                    let tail = self.arena_at + u32::from_le_bytes(s[20..24].try_into().unwrap()) as usize;
                    b[tail..tail + t.len() - 16] == t[16..]
                })
            {
                return Ok((i, u64::from_le_bytes(s[24..32].try_into().unwrap())));
            }
            i += 1;
            if i == self.vocab_slots {
                i = 0;
            }
        }
    }

    /// Look edge `key` up in the edges of blob `b`: `Ok` with its slot and
    /// word, or `Err` with the empty slot where it would go.
    #[inline(always)]
    fn find_edge(&self, b: &[u8], key: u64) -> Result<(usize, u64), usize> {
        let mut i = slot(edge_hash(key), self.edge_slots);
        loop {
            let at = self.edges_at + i * EDGE_SLOT;
            let s: &[u8; EDGE_SLOT] = b[at..at + EDGE_SLOT].try_into().unwrap();
            let k = u64::from_le_bytes(s[..8].try_into().unwrap());
            if k == key {
                return Ok((i, u64::from_le_bytes(s[8..].try_into().unwrap())));
            }
            if k == EMPTY_EDGE {
                return Err(i);
            }
            i += 1;
            if i == self.edge_slots {
                i = 0;
            }
        }
    }
}

impl TokenTrie {
    /// Read a blob (checked: magic, version, sizes).
    pub fn new(blob: Cow<'static, [u8]>) -> Result<TokenTrie, String> {
        let b: &[u8] = &blob;
        if b.len() < HEADER || &b[..4] != MAGIC || u32_at(b, 4) != VERSION {
            return Err("not a gazette token trie of this version".into());
        }
        let (vs, es) = (u32_at(b, 8) as usize, u32_at(b, 12) as usize);
        let keys = u64_at(b, 16) as usize;
        let arena = u64_at(b, 24) as usize;
        if vs == 0 || es == 0 || vs >= NO_TOKEN as usize / 2 {
            return Err("token trie: inconsistent sizes".into());
        }
        let at = Layout::new(vs, es);
        if b.len() != at.arena_at + arena {
            return Err("token trie: inconsistent sizes".into());
        }
        Ok(TokenTrie { blob, at, keys, id: NEXT_TRIE.fetch_add(1, std::sync::atomic::Ordering::Relaxed) })
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.keys
    }

    /// This trie's id, unique in the process.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// True if there are no keys.
    pub fn is_empty(&self) -> bool {
        self.keys == 0
    }

    /// The id of token `t` (whose [`Head`] is `head`) and the word of the
    /// node it leads to from the root; `(NO_TOKEN, NO_VALUE)` if no key
    /// has the token.
    #[inline]
    pub fn token(&self, head: Head, t: &[u8]) -> (u32, u64) {
        match self.at.find_token(&self.blob, head, t) {
            Ok((i, word)) => (i as u32, word),
            Err(_) => (NO_TOKEN, NO_VALUE),
        }
    }

    /// The child of node `parent` by token `token` and its word, if any.
    ///
    /// Not inlined: the walks of the token analysis call it at one token
    /// in seven, after the filter; inlined, its probe loop weighed on the
    /// registers of the loop over every token (1.1% more instructions in
    /// all, on real news).
    #[inline(never)]
    pub fn edge(&self, parent: u32, token: u32) -> Option<(u32, u64)> {
        let key = edge_key(parent, token);
        if !self.at.may_have_edge(&self.blob, key) {
            return None;
        }
        let (i, word) = self.at.find_edge(&self.blob, key).ok()?;
        Some(((self.at.vocab_slots + i) as u32, word))
    }

    /// The id and one-token word of every token (see [`TokenTrie::token`]):
    /// what [`TokenTrie::walk`] reads.
    ///
    /// Tokens of up to 16 bytes are answered from the thread's front cache
    /// when they were looked up recently (see [`FRONT_SLOTS`]).
    pub fn token_ids(&self, tokens: impl Iterator<Item = (Head, impl AsRef<[u8]>)>) -> Vec<TokenId> {
        self.token_ids_aux(tokens, 0, |_, _| 0, |_| {})
    }

    /// [`TokenTrie::token_ids`], and `aux(head, len)` of every token, in
    /// order, to `each_aux`: a lookup of the caller's own that the front
    /// cache keeps with the token's id, so that it runs only when the
    /// token is not in the cache. `tag` (not 0) names the function: one
    /// tag, one function, whose value depends on the token alone.
    pub fn token_ids_aux(
        &self,
        tokens: impl Iterator<Item = (Head, impl AsRef<[u8]>)>,
        tag: u32,
        aux: impl Fn(Head, usize) -> u16,
        mut each_aux: impl FnMut(u16),
    ) -> Vec<TokenId> {
        let key = self.id | u64::from(tag) << 32;
        FRONT.with(|front| {
            let mut front = front.borrow_mut();
            let owner = front.owner(key);
            let FrontCache { slots, misses, .. } = &mut *front;
            let front: &mut [Front; FRONT_SLOTS] =
                (&mut slots[..]).try_into().expect("the front cache has FRONT_SLOTS slots");
            misses.clear();
            // The tokens the front cache does not answer wait on the vocab
            // table, far from the CPU (8 MB): looked up one by one, in
            // turn with the others, each stalls the pass. So the first
            // pass answers the others and lists them; a short loop over
            // the list then reads the byte of each one's vocab slot that
            // the lookup reads first (loads that nothing waits on, which
            // the CPU overlaps, a dozen at a time); the last looks them
            // up, their slots now cached.
            let mut ids: Vec<TokenId> = tokens
                .enumerate()
                .map(|(j, (head, t))| {
                    let t = t.as_ref();
                    if t.len() > 16 {
                        let (id, word) = self.token(head, t);
                        return TokenId { id, aux: aux(head, t.len()), word };
                    }
                    let h = vocab_hash(head, t.len());
                    let f = &front[h as usize & (FRONT_SLOTS - 1)];
                    if f.owner == owner && f.head == head && f.len as usize == t.len() {
                        return TokenId { id: f.id, aux: f.aux, word: f.word };
                    }
                    misses.push((j as u32, head, t.len() as u8));
                    TokenId { id: NO_TOKEN, aux: 0, word: NO_VALUE }
                })
                .collect();
            let mut touched = 0u8;
            for &(_, head, len) in misses.iter() {
                let at = HEADER + slot(vocab_hash(head, usize::from(len)), self.at.vocab_slots) * VOCAB_SLOT;
                touched ^= self.blob[at + 16];
            }
            std::hint::black_box(touched);
            for &(j, head, len) in misses.iter() {
                let len = usize::from(len);
                let f = &mut front[vocab_hash(head, len) as usize & (FRONT_SLOTS - 1)];
                // A word new to the cache that the article repeats missed
                // at each mention: looked up at the first, in the cache for
                // the others.
                if f.owner == owner && f.head == head && f.len as usize == len {
                    ids[j as usize] = TokenId { id: f.id, aux: f.aux, word: f.word };
                    continue;
                }
                let mut bytes = [0u8; 16];
                bytes[..8].copy_from_slice(&head[0].to_le_bytes());
                bytes[8..].copy_from_slice(&head[1].to_le_bytes());
                let (id, word) = self.token(head, &bytes[..len]);
                let a = aux(head, len);
                *f = Front { head, word, id, aux: a, len: len as u8, owner };
                ids[j as usize] = TokenId { id, aux: a, word };
            }
            // `each_aux` is called at one place only, so that it is inlined here.
            for t in &ids {
                each_aux(t.aux);
            }
            ids
        })
    }

    /// Walk from token `i` of `ids` (from [`TokenTrie::token_ids`]) over
    /// at most `max` tokens, and call `found(end, value)` for every run
    /// `i..end` that is a key, shortest first. With `marked_only`, the walk
    /// goes past a node only if a marked key (see [`build`]) goes past it:
    /// it reports the marked keys and every other key it reaches on the
    /// way (the one-token key; a key one token past a node that a marked
    /// key goes past).
    #[inline]
    pub fn walk(&self, ids: &[TokenId], i: usize, max: usize, marked_only: bool, mut found: impl FnMut(usize, u64)) {
        let more = if marked_only { MARKED_MORE } else { MORE };
        let (mut node, mut word) = (ids[i].id, ids[i].word);
        let end = ids.len().min(i.saturating_add(max));
        let mut j = i + 1;
        while node != NO_TOKEN {
            if word & VALUE != NO_VALUE {
                found(j, word & VALUE);
            }
            if word & more == 0 || j >= end || ids[j].word & FOLLOWS == 0 {
                return;
            }
            (node, word) = self.edge(node, ids[j].id).unwrap_or((NO_TOKEN, NO_VALUE));
            j += 1;
        }
    }

    /// The value of an exact key (tokens joined by single spaces).
    pub fn get(&self, key: &[u8]) -> Option<u64> {
        let mut toks = key.split(|&b| b == b' ');
        let first = toks.next()?;
        let (mut node, mut word) = self.token(head_of(first), first);
        if node == NO_TOKEN {
            return None;
        }
        for t in toks {
            let (id, _) = self.token(head_of(t), t);
            if id == NO_TOKEN {
                return None;
            }
            (node, word) = self.edge(node, id)?;
        }
        (word & VALUE != NO_VALUE).then_some(word & VALUE)
    }
}

/// Build the blob of `(key, value)` pairs: keys distinct, values below
/// [`NO_VALUE`]. The keys whose value is `marked` can be walked to alone
/// (see [`TokenTrie::walk`]). The blob depends only on the set of pairs,
/// not their order.
pub fn build(pairs: &[(&[u8], u64)], marked: impl Fn(u64) -> bool) -> Result<Vec<u8>, String> {
    // Distinct tokens, and distinct prefixes of two tokens or more (one
    // edge each).
    let mut tokens: Vec<&[u8]> = Vec::with_capacity(pairs.len());
    let mut prefixes: Vec<&[u8]> = Vec::with_capacity(pairs.len());
    for &(key, value) in pairs {
        if value >= NO_VALUE {
            return Err(format!("token trie: value of {:?} too large", String::from_utf8_lossy(key)));
        }
        let mut end = 0;
        for (n, t) in key.split(|&b| b == b' ').enumerate() {
            tokens.push(t);
            end += t.len() + usize::from(n > 0);
            if n > 0 {
                prefixes.push(&key[..end]);
            }
        }
    }
    tokens.sort_unstable();
    tokens.dedup();
    prefixes.sort_unstable();
    prefixes.dedup();
    // Tables half full: probes stay short, mostly within one cache line.
    let vocab_slots = (tokens.len() * 2).max(16);
    let edge_slots = (prefixes.len() * 2).max(16);
    if vocab_slots >= NO_TOKEN as usize / 2 || vocab_slots + edge_slots > NO_TOKEN as usize {
        return Err("token trie: too many tokens".into());
    }
    let arena_len: usize = tokens.iter().map(|t| t.len().saturating_sub(16)).sum();
    let at = Layout::new(vocab_slots, edge_slots);
    let mut blob = Vec::with_capacity(at.arena_at + arena_len);
    blob.extend_from_slice(MAGIC);
    blob.extend_from_slice(&VERSION.to_le_bytes());
    blob.extend_from_slice(&(vocab_slots as u32).to_le_bytes());
    blob.extend_from_slice(&(edge_slots as u32).to_le_bytes());
    blob.extend_from_slice(&(pairs.len() as u64).to_le_bytes());
    blob.extend_from_slice(&(arena_len as u64).to_le_bytes());
    blob.resize(at.edges_at, 0);
    blob.resize(at.filter_at, 0xFF);
    blob.resize(at.arena_at + arena_len, 0);
    // Tokens in byte order, keys in byte order: one layout per set of pairs.
    let mut arena_end = at.arena_at;
    for &t in &tokens {
        let head = head_of(t);
        let Err(i) = at.find_token(&blob, head, t) else { unreachable!("tokens are distinct") };
        let s = HEADER + i * VOCAB_SLOT;
        blob[s..s + 8].copy_from_slice(&head[0].to_le_bytes());
        blob[s + 8..s + 16].copy_from_slice(&head[1].to_le_bytes());
        blob[s + 16..s + 20].copy_from_slice(&(t.len() as u32 + 1).to_le_bytes());
        if t.len() > 16 {
            blob[s + 20..s + 24].copy_from_slice(&((arena_end - at.arena_at) as u32).to_le_bytes());
            blob[arena_end..arena_end + t.len() - 16].copy_from_slice(&t[16..]);
            arena_end += t.len() - 16;
        }
        blob[s + 24..s + 32].copy_from_slice(&NO_VALUE.to_le_bytes());
    }
    drop(tokens);
    drop(prefixes);
    let id_of = |blob: &[u8], t: &[u8]| match at.find_token(blob, head_of(t), t) {
        Ok((i, _)) => i,
        Err(_) => unreachable!("every token is in the vocab"),
    };
    let mut order: Vec<usize> = (0..pairs.len()).collect();
    order.sort_unstable_by_key(|&k| pairs[k].0);
    for k in order {
        let (key, value) = pairs[k];
        let mut toks = key.split(|&b| b == b' ');
        let first = id_of(&blob, toks.next().unwrap_or_default());
        let mut node = first as u32;
        // Where the word of `node` is in the blob.
        let mut word_at = HEADER + first * VOCAB_SLOT + 24;
        let more = if marked(value) { MORE | MARKED_MORE } else { MORE };
        for t in toks {
            set_bits(&mut blob, word_at, more);
            let e = edge_key(node, id_of(&blob, t) as u32);
            let i = match at.find_edge(&blob, e) {
                Ok((i, _)) => i,
                Err(i) => {
                    let s = at.edges_at + i * EDGE_SLOT;
                    blob[s..s + 8].copy_from_slice(&e.to_le_bytes());
                    blob[s + 8..s + 16].copy_from_slice(&NO_VALUE.to_le_bytes());
                    let bit = at.filter_bit(e);
                    blob[at.filter_at + bit / 8] |= 1 << (bit % 8);
                    i
                }
            };
            node = (vocab_slots + i) as u32;
            word_at = at.edges_at + i * EDGE_SLOT + 8;
        }
        if u64_at(&blob, word_at) & VALUE != NO_VALUE {
            return Err(format!("token trie: key {:?} twice", String::from_utf8_lossy(key)));
        }
        let w = (u64_at(&blob, word_at) & !VALUE) | value;
        blob[word_at..word_at + 8].copy_from_slice(&w.to_le_bytes());
        // Every token after the first follows.
        for t in key.split(|&b| b == b' ').skip(1) {
            let at = HEADER + id_of(&blob, t) * VOCAB_SLOT + 24;
            let w = u64_at(&blob, at) | FOLLOWS;
            blob[at..at + 8].copy_from_slice(&w.to_le_bytes());
        }
    }
    Ok(blob)
}

fn set_bits(buf: &mut [u8], at: usize, bits: u64) {
    let w = u64_at(buf, at) | bits;
    buf[at..at + 8].copy_from_slice(&w.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trie_of(pairs: &[(&str, u64)]) -> TokenTrie {
        let p: Vec<(&[u8], u64)> = pairs.iter().map(|&(k, v)| (k.as_bytes(), v)).collect();
        TokenTrie::new(Cow::Owned(build(&p, |_| false).unwrap())).unwrap()
    }

    /// Every run of tokens of `text` that is a key, by a naive scan.
    fn naive(pairs: &[(&str, u64)], toks: &[&str]) -> Vec<(usize, usize, u64)> {
        let mut out = Vec::new();
        for i in 0..toks.len() {
            for j in i + 1..=toks.len() {
                let k = toks[i..j].join(" ");
                if let Some(&(_, v)) = pairs.iter().find(|(key, _)| *key == k) {
                    out.push((i, j, v));
                }
            }
        }
        out
    }

    /// The same by walking the trie.
    fn walked(t: &TokenTrie, toks: &[&str]) -> Vec<(usize, usize, u64)> {
        let ids = t.token_ids(toks.iter().map(|w| (head_of(w.as_bytes()), w)));
        let mut out = Vec::new();
        for i in 0..toks.len() {
            t.walk(&ids, i, usize::MAX, false, |end, v| out.push((i, end, v)));
        }
        out
    }

    const PAIRS: &[(&str, u64)] = &[
        ("new", 1),
        ("new york", 2),
        ("new york city", 3),
        ("york", 4),
        ("new jersey", 5),
        ("city", 6),
        ("city of london", 7),
        ("abcdefghijklmnopqrstuvwxyz", 8),
        ("abcdefghijklmnopqrstuvwxyz two", 9),
        ("abcdefghijklmnopqrstuvwxyq", 10),
        ("exactly16bytes!!", 11),
        ("exactly16bytes!! x", 12),
        ("lagos ' s", 13),
        ("zurich", 14),
        ("a", 15),
        ("a b c d e f", 16),
    ];

    #[test]
    fn get_finds_every_key_and_nothing_else() {
        let t = trie_of(PAIRS);
        assert_eq!(t.len(), PAIRS.len());
        for &(k, v) in PAIRS {
            assert_eq!(t.get(k.as_bytes()), Some(v), "{k}");
        }
        // Tokens that are a later token of some key, and tokens that are not.
        let follows = |w: &str| t.token(head_of(w.as_bytes()), w.as_bytes()).1 & FOLLOWS != 0;
        assert!(["york", "city", "jersey", "london", "of", "two", "x", "'", "s", "b", "f"].iter().all(|w| follows(w)));
        assert!(!["new", "zurich", "a", "lagos", "abcdefghijklmnopqrstuvwxyz"].iter().any(|w| follows(w)));
        for k in ["", "ne", "new york cit", "york city", "city of", "abcdefghijklmnopqrstuvwxyzz", "a b c d e", "b"] {
            assert_eq!(t.get(k.as_bytes()), None, "{k:?}");
        }
    }

    #[test]
    fn walks_agree_with_a_naive_scan() {
        let t = trie_of(PAIRS);
        let texts = [
            "in new york city and new jersey",
            "the city of london is not new york",
            "abcdefghijklmnopqrstuvwxyz two abcdefghijklmnopqrstuvwxyq two",
            "exactly16bytes!! x exactly16bytes!!x lagos ' s zurich",
            "a b c d e f a b c d e a",
            "new new new york york city city",
        ];
        for text in texts {
            let toks: Vec<&str> = text.split(' ').collect();
            assert_eq!(walked(&t, &toks), naive(PAIRS, &toks), "{text}");
        }
    }

    #[test]
    fn a_marked_walk_follows_only_marked_keys() {
        // Even values are marked.
        let pairs: &[(&[u8], u64)] = &[
            (b"in", 1),
            (b"in salah", 3),
            (b"head", 5),
            (b"head of", 7),
            (b"head of research", 8),
            (b"of", 9),
            (b"of research", 11),
        ];
        let t = TokenTrie::new(Cow::Owned(build(pairs, |v| v % 2 == 0).unwrap())).unwrap();
        let toks = ["in", "salah", "head", "of", "research", "head", "of"];
        let ids = t.token_ids(toks.iter().map(|w| (head_of(w.as_bytes()), w)));
        let walk = |i: usize, marked_only: bool| {
            let mut found = Vec::new();
            t.walk(&ids, i, usize::MAX, marked_only, |end, v| found.push((end, v)));
            found
        };
        assert_eq!(walk(0, false), [(1, 1), (2, 3)]);
        assert_eq!(walk(0, true), [(1, 1)], "no marked key begins with `in`");
        assert_eq!(walk(2, true), [(3, 5), (4, 7), (5, 8)], "keys on the way to a marked key are reported");
        // "of" goes on only to "of research" (not marked): nothing past it.
        assert_eq!(walk(3, true), [(4, 9)]);
        assert_eq!(walk(3, false), [(4, 9), (5, 11)]);
        assert_eq!(walk(5, true), [(6, 5), (7, 7)]);
    }

    #[test]
    fn the_edge_filter_passes_every_edge_and_few_others() {
        let keys: Vec<String> = (0..1000).map(|i| format!("w{i} x{i}")).collect();
        let pairs: Vec<(&[u8], u64)> = keys.iter().zip(0..).map(|(k, v)| (k.as_bytes(), v)).collect();
        let t = TokenTrie::new(Cow::Owned(build(&pairs, |_| false).unwrap())).unwrap();
        let id = |w: &str| t.token(head_of(w.as_bytes()), w.as_bytes()).0;
        let (mut edges, mut others) = (0, 0);
        for i in 0..1000 {
            let w = id(&format!("w{i}"));
            assert!(t.at.may_have_edge(&t.blob, edge_key(w, id(&format!("x{i}")))));
            for j in [(i + 1) % 1000, (i + 500) % 1000] {
                edges += 1;
                others += usize::from(t.at.may_have_edge(&t.blob, edge_key(w, id(&format!("x{j}")))));
            }
        }
        // About eight bits per edge: roughly one absent edge in ten passes.
        assert!(others * 4 < edges, "{others} of {edges} absent edges pass");
    }

    #[test]
    fn aux_values_come_back_from_the_cache_by_tag() {
        let t = trie_of(&[("paris", 1), ("texas", 2)]);
        let toks = ["paris", "texas", "paris", "dallas", "a-token-longer-than-16"];
        let run = |tag: u32, f: &dyn Fn(Head, usize) -> u16| {
            let mut aux = Vec::new();
            let ids = t.token_ids_aux(toks.iter().map(|w| (head_of(w.as_bytes()), w)), tag, f, |a| aux.push(a));
            let pairs = |ids: &[TokenId]| ids.iter().map(|t| (t.id, t.word)).collect::<Vec<_>>();
            assert_eq!(pairs(&ids), pairs(&t.token_ids(toks.iter().map(|w| (head_of(w.as_bytes()), w)))));
            // Each token's own lookup, past the cache: misses and hits
            // come back in their tokens' places, with their values.
            let direct: Vec<(u32, u64)> = toks.iter().map(|w| t.token(head_of(w.as_bytes()), w.as_bytes())).collect();
            assert_eq!(pairs(&ids), direct);
            assert_eq!(ids.iter().map(|t| t.aux).collect::<Vec<_>>(), aux);
            aux
        };
        let len = |_: Head, n: usize| n as u16;
        let first = |h: Head, _: usize| (h[0] & 0xFF) as u16;
        // Twice each, interleaved: the second rounds come from the cache,
        // and each tag keeps its own values for the same tokens.
        for _ in 0..2 {
            assert_eq!(run(1, &len), [5, 5, 5, 6, 22]);
            assert_eq!(
                run(2, &first),
                [u16::from(b'p'), u16::from(b't'), u16::from(b'p'), u16::from(b'd'), u16::from(b'a')]
            );
        }
    }

    #[test]
    fn the_front_cache_keeps_tries_apart() {
        let a = trie_of(&[("paris", 1), ("texas", 2)]);
        let b = trie_of(&[("texas", 3), ("paris", 4), ("paris texas", 5)]);
        let toks = ["paris", "texas", "paris", "dallas"];
        let words = |t: &TokenTrie| -> Vec<u64> {
            t.token_ids(toks.iter().map(|w| (head_of(w.as_bytes()), w))).iter().map(|t| t.word & VALUE).collect()
        };
        // Twice each, interleaved: the second rounds come from the cache.
        for _ in 0..2 {
            assert_eq!(words(&a), [1, 2, 1, NO_VALUE]);
            assert_eq!(words(&b), [4, 3, 4, NO_VALUE]);
        }
        assert_eq!(walked(&b, &toks), naive(&[("texas", 3), ("paris", 4), ("paris texas", 5)], &toks));
    }

    #[test]
    fn the_front_cache_starts_afresh_past_255_owners() {
        let toks = ["paris", "texas"];
        let words = |t: &TokenTrie| -> Vec<u64> {
            t.token_ids(toks.iter().map(|w| (head_of(w.as_bytes()), w))).iter().map(|t| t.word & VALUE).collect()
        };
        let first = trie_of(&[("paris", 1), ("texas", 2)]);
        assert_eq!(words(&first), [1, 2]);
        // More tries than owner numbers, each with its own values for the
        // same tokens: the first trie's entries must not be read as theirs,
        // nor theirs as the first trie's.
        for round in 0..300u64 {
            let t = trie_of(&[("paris", 10 + round), ("texas", 1000 + round)]);
            assert_eq!(words(&t), [10 + round, 1000 + round]);
            assert_eq!(words(&t), [10 + round, 1000 + round]);
            assert_eq!(words(&first), [1, 2], "round {round}");
        }
    }

    #[test]
    fn the_blob_does_not_depend_on_the_order_of_pairs() {
        let p: Vec<(&[u8], u64)> = PAIRS.iter().map(|&(k, v)| (k.as_bytes(), v)).collect();
        let mut r = p.clone();
        r.reverse();
        assert_eq!(build(&p, |v| v % 2 == 0).unwrap(), build(&r, |v| v % 2 == 0).unwrap());
    }

    #[test]
    fn bad_input_is_refused() {
        assert!(build(&[(b"a".as_slice(), 1), (b"a".as_slice(), 2)], |_| false).is_err(), "duplicate key");
        assert!(build(&[(b"a".as_slice(), NO_VALUE)], |_| false).is_err(), "value too large");
        let blob = build(&[(b"a b".as_slice(), 1)], |_| false).unwrap();
        assert!(TokenTrie::new(Cow::Owned(blob[..blob.len() - 1].to_vec())).is_err(), "truncated");
        let mut bad = blob.clone();
        bad[0] = b'X';
        assert!(TokenTrie::new(Cow::Owned(bad)).is_err(), "magic");
        let empty = TokenTrie::new(Cow::Owned(build(&[], |_| false).unwrap())).unwrap();
        assert!(empty.is_empty());
        assert_eq!(empty.get(b"a"), None);
    }
}
