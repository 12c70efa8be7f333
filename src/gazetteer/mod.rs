//! Stage 3a: gazetteers — the built-in name lists and the matcher over them.
//!
//! Every surface form of every list (cities, countries, demonyms, regions,
//! organizations, given names, surnames, titles, common words, legal
//! suffixes) is one key in a single finite-state map ([`fst`]). Matching
//! walks that map token by token from each start position ([`PhraseMap::hits_at`]),
//! so a match always covers whole tokens and every prefix that is itself a
//! key is reported: "New York City" reports `new`, `new york` and
//! `new york city` in one walk. One walk also tells all that a token is at
//! once (a given name, a common word, a surname...).
//!
//! The built-in map is compiled by `build.rs` and embedded in the binary,
//! so start-up does no work: entries are parsed only when they match.

pub mod compile;
pub mod fold;
pub mod user;

use std::borrow::Cow;
use std::cell::RefCell;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use fst::raw::{CompiledAddr, Fst};

pub use compile::{Kind, ALIAS, OFFSET_MASK, UPPER_ONLY};

use crate::error::{Error, Result};
use crate::tokenize::Token;

/// The dataset version of the built-in gazetteers (`gazetteers/VERSION`).
pub const GAZETTEER_VERSION: &str = include_str!(concat!(env!("OUT_DIR"), "/VERSION"));

/// Longest key, in tokens.
pub const MAX_KEY_TOKENS: usize = 12;

static BUILTIN_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.fst"));
static BUILTIN_POSTINGS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.postings"));
static BUILTIN_FILES: &[&str] = &include!(concat!(env!("OUT_DIR"), "/files.rs"));

/// A map from keys to postings, walkable token by token.
pub struct PhraseMap {
    fst: Fst<Cow<'static, [u8]>>,
    postings: Cow<'static, [u8]>,
    /// Tells this map's entries apart in the walk cache.
    id: u64,
}

/// Ids of [`PhraseMap`]s (0: empty cache slot).
static NEXT_MAP_ID: AtomicU64 = AtomicU64::new(1);

/// Walk cache: slots per thread (a power of two), and the longest step cached.
const WALK_SLOTS: usize = 1 << 15;
const WALK_KEY: usize = 30;

/// One cached step of [`PhraseMap::hits_at`]: from node `from` of map `map`
/// over the bytes `key[..len]` (a folded token, with a leading space after
/// the first) to node `to` with output `out`, `fin` being the final output
/// there (`NOT_FINAL` if none); `to == DEAD` if the map has no such path.
#[derive(Clone, Copy)]
struct WalkSlot {
    map: u64,
    from: CompiledAddr,
    to: CompiledAddr,
    out: u64,
    fin: u64,
    len: u8,
    key: [u8; WALK_KEY],
}

const DEAD: CompiledAddr = CompiledAddr::MAX;
const NOT_FINAL: u64 = u64::MAX;

thread_local! {
    // News repeats its words: most steps of most walks are the same few
    // thousand (node, token) pairs, and decoding fst nodes byte by byte was
    // a third of the whole run. A direct-mapped cache (2.3 MB per thread,
    // overwritten on collision) answers those from one hash probe.
    static WALKS: RefCell<Vec<WalkSlot>> = const { RefCell::new(Vec::new()) };
}

#[inline]
fn walk_hash(map: u64, from: CompiledAddr, key: &[u8]) -> usize {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = (map.rotate_left(32) ^ from as u64).wrapping_mul(K);
    let mut chunks = key.chunks_exact(8);
    for c in &mut chunks {
        h = (h.rotate_left(5) ^ u64::from_le_bytes(c.try_into().unwrap())).wrapping_mul(K);
    }
    let mut last = [0u8; 8];
    let rest = chunks.remainder();
    last[..rest.len()].copy_from_slice(rest);
    h = (h.rotate_left(5) ^ u64::from_le_bytes(last) ^ key.len() as u64).wrapping_mul(K);
    (h >> 40) as usize
}

/// One key found at a start token.
#[derive(Clone, Copy, Debug)]
pub struct Hit {
    /// One past the last token of the match.
    pub end: usize,
    /// The key's value in the map (see [`PhraseMap::postings`]).
    pub value: u64,
}

impl PhraseMap {
    fn new(fst: Cow<'static, [u8]>, postings: Cow<'static, [u8]>) -> Result<PhraseMap> {
        let fst = Fst::new(fst).map_err(|e| Error::other(format!("corrupt gazetteer map: {e}")))?;
        Ok(PhraseMap { fst, postings, id: NEXT_MAP_ID.fetch_add(1, Ordering::Relaxed) })
    }

    /// Compile a map from `(key, posting)` pairs.
    pub fn from_pairs(pairs: Vec<(String, u32)>) -> Result<PhraseMap> {
        let (fst, postings) = compile::build(pairs).map_err(Error::other)?;
        PhraseMap::new(Cow::Owned(fst), Cow::Owned(postings))
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.fst.len()
    }

    /// True if the map has no keys.
    pub fn is_empty(&self) -> bool {
        self.fst.is_empty()
    }

    /// The postings of a hit's value.
    pub fn postings(&self, value: u64) -> impl Iterator<Item = u32> + '_ {
        let start = (value >> 8) as usize * 4;
        let count = (value & 0xFF) as usize;
        self.postings[start..start + count * 4].chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
    }

    /// The value of an exact key, if present.
    pub fn get(&self, key: &str) -> Option<u64> {
        self.fst.get(key).map(|o| o.value())
    }

    /// Every key that starts at token `i`: walks the map over the folded
    /// tokens `i, i+1, ...` joined by spaces, and appends a [`Hit`] for
    /// each prefix that is a key, shortest first. `buf` is scratch space.
    pub fn hits_at(&self, text: &str, tokens: &[Token], i: usize, buf: &mut Vec<u8>, out: &mut Vec<Hit>) {
        let mut node = self.fst.root().addr();
        let mut acc = 0u64;
        let last = tokens.len().min(i + MAX_KEY_TOKENS);
        for j in i..last {
            buf.clear();
            if j > i {
                buf.push(b' ');
            }
            fold::push_folded(tokens[j].text(text), buf);
            let Some((to, delta, fin)) = self.step(node, buf) else { return };
            node = to;
            acc = acc.wrapping_add(delta);
            if let Some(f) = fin {
                out.push(Hit { end: j + 1, value: acc.wrapping_add(f) });
            }
        }
    }

    /// Walk from node `from` over `key`: the node reached, the output on the
    /// way, and the final output there if it is final. Cached per thread.
    #[inline]
    fn step(&self, from: CompiledAddr, key: &[u8]) -> Option<(CompiledAddr, u64, Option<u64>)> {
        if key.len() > WALK_KEY {
            return self.walk(from, key);
        }
        let h = walk_hash(self.id, from, key) & (WALK_SLOTS - 1);
        WALKS.with(|cache| {
            let mut cache = cache.borrow_mut();
            if cache.is_empty() {
                let empty = WalkSlot { map: 0, from: 0, to: DEAD, out: 0, fin: NOT_FINAL, len: 0, key: [0; WALK_KEY] };
                cache.resize(WALK_SLOTS, empty);
            }
            let slot = &mut cache[h];
            if slot.map == self.id && slot.from == from && &slot.key[..slot.len as usize] == key {
                return (slot.to != DEAD).then_some((slot.to, slot.out, (slot.fin != NOT_FINAL).then_some(slot.fin)));
            }
            let r = self.walk(from, key);
            let (to, out, fin) = r.unwrap_or((DEAD, 0, None));
            slot.map = self.id;
            slot.from = from;
            slot.to = to;
            slot.out = out;
            slot.fin = fin.unwrap_or(NOT_FINAL);
            slot.len = key.len() as u8;
            slot.key[..key.len()].copy_from_slice(key);
            r
        })
    }

    /// [`PhraseMap::step`] without the cache.
    fn walk(&self, from: CompiledAddr, key: &[u8]) -> Option<(CompiledAddr, u64, Option<u64>)> {
        let fst = &self.fst;
        let mut node = fst.node(from);
        let mut acc = 0u64;
        for &b in key {
            let t = node.transition(node.find_input(b)?);
            acc = acc.wrapping_add(t.out.value());
            node = fst.node(t.addr);
        }
        Some((node.addr(), acc, node.is_final().then(|| node.final_output().value())))
    }
}

/// A gazetteer file's text with its header, for reading matched entries.
pub struct Table {
    text: Cow<'static, str>,
    cols: Vec<String>,
}

impl Table {
    fn new(text: Cow<'static, str>) -> Table {
        let cols =
            compile::header_of(&text).map(|(_, c)| c.into_iter().map(str::to_owned).collect()).unwrap_or_default();
        Table { text, cols }
    }

    /// The line starting at byte `off`.
    pub fn line(&self, off: usize) -> &str {
        let rest = &self.text[off..];
        // A byte scan: `split([..])` with a char set was 4 % of a run.
        let end = rest.bytes().position(|b| b == b'\n' || b == b'\r').unwrap_or(rest.len());
        &rest[..end]
    }

    /// Column `name` of the entry at `off`, if the column exists and is not empty.
    pub fn field(&self, off: usize, name: &str) -> Option<&str> {
        let c = self.cols.iter().position(|c| c == name)?;
        self.line(off).split('\t').nth(c).filter(|s| !s.is_empty())
    }
}

/// All gazetteers: the phrase map and the tables its postings point into.
pub struct Gazetteers {
    map: PhraseMap,
    tables: Vec<Table>,
    /// Number of data rows per file, for `--version`.
    pub counts: Vec<(&'static str, usize)>,
}

impl Gazetteers {
    /// The gazetteers compiled into the binary.
    pub fn builtin() -> Gazetteers {
        let map = PhraseMap::new(Cow::Borrowed(BUILTIN_FST), Cow::Borrowed(BUILTIN_POSTINGS))
            .expect("the built-in gazetteer map is valid");
        let tables = BUILTIN_FILES.iter().map(|t| Table::new(Cow::Borrowed(*t))).collect();
        Gazetteers { map, tables, counts: Vec::new() }
    }

    /// Gazetteers read from a folder laid out like `gazetteers/`; files it
    /// lacks are empty.
    pub fn from_dir(dir: &Path) -> Result<Gazetteers> {
        let mut pairs = Vec::new();
        let mut tables = Vec::new();
        for &(name, kind) in compile::FILES {
            let path = dir.join(name);
            let text = match std::fs::read_to_string(&path) {
                Ok(t) => t,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
                Err(e) => return Err(Error::io(path.display().to_string(), e)),
            };
            if !text.is_empty() {
                compile::postings_of(&path.display().to_string(), &text, kind, &mut pairs).map_err(Error::other)?;
            }
            tables.push(Table::new(Cow::Owned(text)));
        }
        Ok(Gazetteers { map: PhraseMap::from_pairs(pairs)?, tables, counts: Vec::new() })
    }

    /// The phrase map.
    pub fn map(&self) -> &PhraseMap {
        &self.map
    }

    /// The table a posting's offset points into.
    pub fn table(&self, kind: Kind) -> &Table {
        let i = match kind {
            Kind::City => 0,
            Kind::Country | Kind::Demonym => 1,
            Kind::Region => 2,
            Kind::Organization => 3,
            Kind::GivenName => 4,
            Kind::Surname => 5,
            Kind::Role | Kind::Honorific => 6,
            Kind::CommonWord => 7,
            Kind::LegalSuffix | Kind::User => 8,
            Kind::NameToken => 9,
        };
        &self.tables[i]
    }

    /// Number of data rows of each built-in file.
    pub fn row_counts(&self) -> Vec<(&'static str, usize)> {
        compile::FILES
            .iter()
            .zip(&self.tables)
            .map(|(&(name, kind), t)| (name, compile::data_lines(&t.text, kind != Kind::CommonWord).count()))
            .collect()
    }
}

/// A decoded posting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Posting {
    /// What the entry is.
    pub kind: Kind,
    /// The key came from an alias or demonym.
    pub alias: bool,
    /// The key only matches text without lowercase letters.
    pub upper_only: bool,
    /// Byte offset of the entry's line in its file.
    pub offset: usize,
}

impl Posting {
    /// Decode a raw posting.
    pub fn decode(p: u32) -> Option<Posting> {
        Some(Posting {
            kind: Kind::from_posting(p)?,
            alias: p & ALIAS != 0,
            upper_only: p & UPPER_ONLY != 0,
            offset: (p & OFFSET_MASK) as usize,
        })
    }
}
