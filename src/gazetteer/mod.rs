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
use std::path::Path;

use fst::raw::{Fst, Output};

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
        Ok(PhraseMap { fst, postings })
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
        let fst = &self.fst;
        let mut node = fst.root();
        let mut acc = Output::zero();
        let last = tokens.len().min(i + MAX_KEY_TOKENS);
        for j in i..last {
            if j > i {
                match node.find_input(b' ') {
                    Some(t) => {
                        let tr = node.transition(t);
                        acc = acc.cat(tr.out);
                        node = fst.node(tr.addr);
                    }
                    None => return,
                }
            }
            buf.clear();
            fold::push_folded(tokens[j].text(text), buf);
            for &b in buf.iter() {
                match node.find_input(b) {
                    Some(t) => {
                        let tr = node.transition(t);
                        acc = acc.cat(tr.out);
                        node = fst.node(tr.addr);
                    }
                    None => return,
                }
            }
            if node.is_final() {
                out.push(Hit { end: j + 1, value: acc.cat(node.final_output()).value() });
            }
        }
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
        rest.split(['\n', '\r']).next().unwrap_or("")
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
